"""Persons and organisations found by a tagger alone, scored as `kg eval` scores the build: the
baselines of the README's quality table.

    python bench/baselines.py GOLD_DIR TEXT_DIR [--details] [--kind persons|organizations]

For every gold file (tests/gold/SCHEMA.md) it reads the text the same way a build does (ingest,
normalise, segment), then takes as persons:
- `model alone`: every PER word of the recogniser (Baidu's LAC, kg/recognise) over the article
  sentences, as the model writes it, no rule applied;
- `jieba.posseg nr`: every word jieba's POS tagger tags nr/nrfg/nrt over the same sentences;
- organisations (`--kind organizations`): every ORG word of the model, joined to the places the
  model wrote right before it (kg.recognise.org_spans, `黑龙江省|民政厅`), and jieba's `nt`;
  matched as `kg eval` matches them (kg.evaluate.match.norm_org: no leading city, 中共, 人民政府).
Precision, recall and F1 are summed over the files, exactly as `kg eval` counts them.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.evaluate.match import norm_org  # noqa: E402
from kg.recognise import article_spans, org_spans, recognise  # noqa: E402
from kg.text.ingest import read_source  # noqa: E402
from kg.text.normalise import normalise  # noqa: E402
from kg.text.segment import segment  # noqa: E402


def _articles(path: Path):  # noqa: ANN202
    return segment(normalise(read_source(path)))


def model_persons(path: Path) -> set[str]:
    arts = _articles(path)
    if not arts:
        return set()
    text = arts[0].text
    return {text[t.start : t.end] for toks in recognise(arts) for t in toks if t.tag == "PER"}


def model_orgs(path: Path) -> set[str]:
    arts = _articles(path)
    if not arts:
        return set()
    text = arts[0].text
    return {norm_org(text[s:e]) for toks in recognise(arts) for s, e in org_spans(toks)}


def jieba_orgs(path: Path) -> set[str]:
    return {norm_org(w) for w in _jieba_words(path, ("nt",))}


def _jieba_words(path: Path, flags: tuple[str, ...]) -> set[str]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    out: set[str] = set()
    for a in _articles(path):
        for sp in article_spans(a):
            out |= {p.word for p in jieba.posseg.cut(a.text[sp.start : sp.end]) if p.flag in flags}
    return out


def jieba_persons(path: Path) -> set[str]:
    return _jieba_words(path, ("nr", "nrfg", "nrt"))


def score(gold_dir: Path, text_dir: Path, finder, details: bool = False,  # noqa: ANN001
          kind: str = "persons") -> tuple[float, float, float, int, int, int]:
    tp = fp = fn = 0
    for g in sorted(gold_dir.glob("*.json")):
        gold = json.loads(g.read_text("utf-8"))
        want = set(gold.get(kind, []))
        if kind == "organizations":
            want = {norm_org(o) for o in want}
        got = finder(text_dir / gold["doc"])
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        if details:
            for x in sorted(got - want):
                print(f"  FP {gold['doc']} {x}")
            for x in sorted(want - got):
                print(f"  FN {gold['doc']} {x}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("texts", type=Path)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--only", choices=["model", "jieba"])
    ap.add_argument("--kind", choices=["persons", "organizations"], default="persons")
    args = ap.parse_args()
    if args.kind == "persons":
        finders = {"model alone (LAC PER)": model_persons, "jieba.posseg nr": jieba_persons}
    else:
        finders = {"model alone (LAC ORG)": model_orgs, "jieba.posseg nt": jieba_orgs}
    print(f"{args.kind:24} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
    for name, fn in finders.items():
        if args.only and not name.startswith(args.only):
            continue
        p, r, f, tp, fp, fn_ = score(args.gold, args.texts, fn, args.details, args.kind)
        print(f"{name:24} {p:6.3f} {r:6.3f} {f:6.3f}  {tp}/{fp}/{fn_}")


if __name__ == "__main__":
    main()
