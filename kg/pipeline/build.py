"""The build: paths -> sources -> articles -> extractions -> quads -> store, one file at a time.

Per-file work (kg/pipeline/work.py) is a pure function of the file, so it can run in other
processes (`jobs`) or on a Dask cluster (`scheduler`, kg/pipeline/cluster.py); results are merged
into the store by union, which is sound because IRIs are deterministic. Files are bulk-loaded in
batches behind a journal (kg/store/loader.py), each with its record (name, sha256), which makes
builds incremental (unchanged files are skipped) and interruption-safe (a half-built file has no
record and is redone).
"""
from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from kg.pipeline.cluster import map_on_cluster
from kg.pipeline.pool import Pool
from kg.pipeline.work import FileResult, file_sha256, process_source, warm
from kg.rdf import ids
from kg.records import BuildReport, Failure
from kg.store import Store
from kg.store.loader import Loader
from kg.text.ingest import iter_paths


FILE_SECONDS = 300.0  # a page takes about a second; this is for files that would never finish


def default_file_seconds() -> float:
    """`$KG_FILE_SECONDS`: the time budget of one file (default 300; 0 turns it off).

    A file still being extracted after it is reported by name and the build goes on without it,
    so one pathological file (a 20 MB line) cannot stall a whole archive.
    """
    try:
        return max(0.0, float(os.environ.get("KG_FILE_SECONDS", FILE_SECONDS)))
    except ValueError:
        return FILE_SECONDS


def _failed(path: str, reason: str) -> FileResult:
    if reason.startswith("not done after"):
        reason += "; split the file (one page a file) or raise KG_FILE_SECONDS"
    return FileResult(path, Path(path).name, error=f"{path}: {reason}")


def _map(paths: Sequence[str], jobs: int, scheduler: str | None, city: str | None, budget: float) -> Iterator[FileResult]:
    """Results in the order of `paths`, whichever engine computes them."""
    if scheduler:
        yield from map_on_cluster(paths, scheduler, city)
        return
    if budget <= 0 and (jobs <= 1 or len(paths) <= 1):
        for p in paths:
            yield process_source(p, city)
        return
    # Worker processes even for one job when there is a budget: a file past it is stopped by
    # killing its process, the only way to stop a regular expression or native code mid-call.
    warm()
    work = partial(process_source, city=city)
    yield from Pool(work, min(jobs, len(paths)), budget, _failed).map(paths)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def build_into(
    store: Store,
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    city: str | None = None,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    file_seconds: float | None = None,
) -> BuildReport:
    """Build `paths` into an open store; returns what happened. Bad files are reported, not raised.

    `file_seconds` is each file's time budget (default `$KG_FILE_SECONDS`, 300; 0: none); it is
    enforced for local builds, whose files run in worker processes that can be stopped.
    """
    budget = default_file_seconds() if file_seconds is None else file_seconds
    report = BuildReport()
    files, failures = iter_paths(paths)
    report.failed.extend(failures)
    done = 0
    # The loader opens first: it undoes a failed load of this open store before records are read.
    with Loader(store) as loader:  # bulk loads in a writer thread, overlapping the extraction
        store.ensure_ontology()
        todo = _to_build(store, files, report, force)
        for result in _map(todo, jobs, scheduler, city, budget):
            done += 1
            if progress:
                progress(done, len(todo), result.name)
            if result.error:
                report.failed.append(Failure(result.path, result.error.removeprefix(f"{result.path}: ")))
                continue
            loader.add(result.name, result.nquads)
            report.built.append(result.path)
            if result.warning:  # built in part: named among the failures, so the exit status says so
                report.failed.append(Failure(result.path, result.warning))
            report.articles += result.articles
        if progress and todo:
            progress(done, len(todo), "writing the last files …")
    report.load_seconds, report.load_wait_seconds = loader.load_seconds, loader.wait_seconds
    if report.built:
        if progress:
            progress(done, len(todo), "compacting the store …")
        store.optimize()
    report.counts = class_counts(store)
    report.triples = store.count_triples()
    return report


def _to_build(store: Store, files: list[Path], report: BuildReport, force: bool) -> list[str]:
    """The files that are new or changed since the store recorded them; clashing names go to `report`.

    IRIs are minted from names as ids.path_segment gives them (NFC, outer spaces trimmed): names equal
    under it are one file (a Mac's NFD café.txt is the NFC one), and the article IRIs come from the
    name without its suffix, so two files whose stems are equal under it would share graphs.
    """
    known = {ids.path_segment(n): rec for n, rec in store.sources().items()}
    seen: dict[str, str] = {}  # name key -> path
    stems = {ids.path_segment(Path(rec.name).stem): key for key, rec in known.items()}  # stem key -> name key
    todo: list[str] = []
    for f in files:
        key, stem = ids.path_segment(f.name), ids.path_segment(f.stem)
        if key in seen:
            report.failed.append(Failure(str(f), f"same file name as {seen[key]}; article IRIs are minted from file names, so rename one"))
            continue
        other = stems.get(stem)
        if other is not None and other != key:
            clash = seen.get(other) or f"{known[other].name}, already in the store (`kg remove` it first if this file replaces it)"
            report.failed.append(Failure(str(f), f"same name without its suffix as {clash}; article IRIs are minted from it, so rename one"))
            continue
        seen[key] = str(f)
        stems[stem] = key
        try:
            sha = file_sha256(f)
        except OSError as e:
            report.failed.append(Failure(str(f), f"cannot read ({e.strerror or e})"))
            continue
        rec = known.get(key)
        if rec is not None and rec.sha256 == sha and not force:
            report.skipped.append(str(f))
            continue
        todo.append(str(f))
    return todo


COUNTED = ("Article", "Person", "Organization", "Post", "Meeting", "PolicyDocument", "Project", "Place", "Visit")


def class_counts(store: Store) -> dict[str, int]:
    """Instances per contract class (subclasses included), over the union graph, in one query."""
    values = " ".join(f"zw:{c}" for c in COUNTED)
    q = (f"SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?k {{ {values} }} ?c rdfs:subClassOf* ?k . ?s a ?c }} "
         "GROUP BY ?k")
    got = {row["k"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in store.query(q)}
    return {c: got.get(c, 0) for c in COUNTED}
