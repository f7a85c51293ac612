"""Where the build spends its time: cProfile over process_source on a generated corpus.

    python bench/profile_build.py [--mb 1] [--seed 0] [--top 25]

Prints the share of time per pipeline stage and per extractor (kg/extract/*.py, by the module's
`extract` function, inclusive), then the functions with the most time of their own.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args(argv)

    from kg.pipeline.work import process_source

    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in generate(tmp, mb=a.mb, seed=a.seed)]
        process_source(paths[0])  # warm up: lexicons, jieba's dictionary
        prof = cProfile.Profile()
        prof.enable()
        for p in paths:
            process_source(p)
        prof.disable()
    st = pstats.Stats(prof)
    total = sum(v[2] for v in st.stats.values())  # all own time = the profiled run

    def inclusive(pred) -> float:  # noqa: ANN001
        return sum(v[3] for k, v in st.stats.items() if pred(k))

    print(f"total {total:.2f} s over {len(paths)} pages (under the profiler, ~2x slower than without)\n")
    print("stage (inclusive)                     s      share")
    stages = [
        ("ingest.read_source", lambda k: k[0].endswith("kg/ingest.py") and k[2] == "read_source"),
        ("normalise.normalise", lambda k: k[0].endswith("kg/normalise.py") and k[2] == "normalise"),
        ("segment.segment", lambda k: k[0].endswith("kg/text/segment.py") and k[2] == "segment"),
        ("extract.extract (all extractors)", lambda k: k[0].endswith("kg/extract/__init__.py") and k[2] == "extract"),
        ("assemble.assemble", lambda k: k[0].endswith("kg/rdf/assemble.py") and k[2] == "assemble"),
    ]
    for name, pred in stages:
        t = inclusive(pred)
        print(f"  {name:<34} {t:7.2f}  {t / total:6.1%}")
    print("\nextractor (inclusive)                 s      share")
    rows = []
    for k, v in st.stats.items():
        if "/kg/extract/" in k[0] and k[2] == "extract" and not k[0].endswith("__init__.py"):
            rows.append((v[3], Path(k[0]).stem))
    for t, name in sorted(rows, reverse=True):
        print(f"  {name:<34} {t:7.2f}  {t / total:6.1%}")
    print(f"\ntop {a.top} functions by own time")
    own = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[: a.top]
    for (file, line, fn), v in own:
        short = file.split("/site-packages/")[-1].split("/work/main/")[-1]
        print(f"  {v[2]:7.2f} s {v[2] / total:6.1%}  {v[1]:>9} calls  {fn}  ({short}:{line})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
