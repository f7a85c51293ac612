"""The build: paths -> sources -> articles -> extractions -> quads -> store, one file at a time.

Per-file work (`process_source`) is a pure function of the file, so it can run in other
processes (`jobs`) or on a Dask cluster (`scheduler`); results are merged into the store by
union, which is sound because IRIs are deterministic. Each file's graphs are written in one
transaction together with its record (name, sha256), which makes builds incremental (unchanged
files are skipped) and interruption-safe (a half-built file has no record and is redone).
"""
from __future__ import annotations

import hashlib
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pyoxigraph import Quad, RdfFormat, parse, serialize

from . import assemble as asm, ids
from .errors import InputError
from .extract import extract
from .ingest import decode_source, iter_paths, read_source
from .loader import Loader
from .normalise import normalise
from .segment import segment
from .store import Store
from .types import BuildReport, Failure, Source


@dataclass(slots=True)
class FileResult:
    """What one file contributes: its quads (articles + record) as N-Quads, or why it failed.

    N-Quads bytes, not Quad objects, because results cross process and machine boundaries:
    serialising is ~10x cheaper than pickling the objects, and the store loads the bytes
    directly (`kg.loader.Loader`) without building Python objects in the lead process.
    """

    path: str
    name: str
    sha256: str = ""
    nquads: bytes = b""
    count: int = 0  # quads in `nquads`
    articles: int = 0
    error: str | None = None

    @property
    def quads(self) -> list[Quad]:
        return list(parse(self.nquads, format=RdfFormat.N_QUADS))


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def process_source(path: str, city: str | None = None) -> FileResult:
    """Read, normalise, segment, extract and assemble one file. Never raises for bad input."""
    p = Path(path)
    try:
        source = read_source(p)
    except InputError as e:
        return FileResult(path, p.name, error=str(e))
    except OSError as e:
        return FileResult(path, p.name, error=f"{path}: cannot read ({e.strerror or e})")
    return _process(source, city)


def process_bytes(path: str, data: bytes, city: str | None = None) -> FileResult:
    """`process_source` over bytes already read, for workers that cannot see the lead's files.

    `path` only names the file (its name mints the article IRIs); nothing is read from it.
    """
    p = Path(path)
    try:
        source = decode_source(p, data)
    except InputError as e:
        return FileResult(path, p.name, error=str(e))
    return _process(source, city)


def _process(source: Source, city: str | None) -> FileResult:
    path = source.path
    try:
        doc = normalise(source)
        articles = segment(doc, city=city)
        quads: list[Quad] = []
        for art in articles:
            quads.extend(asm.assemble(extract(art)))
        quads.extend(asm.source_quads(source, articles))
    except RecursionError:
        return FileResult(path, source.name, source.sha256, error=f"{path}: text nested too deeply to parse")
    except Exception as e:  # an extractor bug must not lose the other files' results
        return FileResult(path, source.name, source.sha256, error=f"{path}: internal error while extracting ({e.__class__.__name__}: {e}); please report it")
    data = serialize(quads, format=RdfFormat.N_QUADS)
    return FileResult(path, source.name, source.sha256, data, len(quads), len(articles))


WINDOW = 4  # files in flight per worker: enough to hide uneven page sizes, little memory


def _map(paths: Sequence[str], jobs: int, scheduler: str | None, city: str | None) -> Iterator[FileResult]:
    """Results in the order of `paths`, whichever engine computes them."""
    if scheduler:
        from .distributed import map_on_cluster

        yield from map_on_cluster(paths, scheduler, city)
        return
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            yield process_source(p, city)
        return
    # A bounded window of submitted files, not Executor.map (which submits everything at once
    # and lets finished results pile up in memory when the store is the slower side).
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        todo = iter(paths)
        window: deque[Future[FileResult]] = deque(pool.submit(process_source, p, city) for p in islice(todo, jobs * WINDOW))
        while window:
            result = window.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                window.append(pool.submit(process_source, nxt, city))
            yield result


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
) -> BuildReport:
    """Build `paths` into an open store; returns what happened. Bad files are reported, not raised."""
    report = BuildReport()
    files, failures = iter_paths(paths)
    report.failed.extend(failures)
    done = 0
    # The loader opens first: it undoes a failed load of this open store before records are read.
    with Loader(store) as loader:  # bulk loads in a writer thread, overlapping the extraction
        store.ensure_ontology()
        todo = _to_build(store, files, report, force)
        for result in _map(todo, jobs, scheduler, city):
            done += 1
            if progress:
                progress(done, len(todo), result.name)
            if result.error:
                report.failed.append(Failure(result.path, result.error.removeprefix(f"{result.path}: ")))
                continue
            loader.add(result.name, result.nquads)
            report.built.append(result.path)
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

    IRIs are minted from names as ids.segment gives them (NFC, outer spaces trimmed): names equal
    under it are one file (a Mac's NFD café.txt is the NFC one), and the article IRIs come from the
    name without its suffix, so two files whose stems are equal under it would share graphs.
    """
    known = {ids.segment(n): rec for n, rec in store.sources().items()}
    seen: dict[str, str] = {}  # name key -> path
    stems = {ids.segment(Path(rec.name).stem): key for key, rec in known.items()}  # stem key -> name key
    todo: list[str] = []
    for f in files:
        key, stem = ids.segment(f.name), ids.segment(f.stem)
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
