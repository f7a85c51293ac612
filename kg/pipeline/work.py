"""Per-file work: read, normalise, segment, extract and assemble one file into N-Quads.

A pure function of the file, so it runs the same in this process, in a worker process
(`--jobs`) or on a Dask cluster (`--scheduler`); it never raises for bad input, it reports it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse, serialize

from kg.errors import InputError
from kg.extract import extract_page
from kg.rdf import assemble as asm
from kg.records import Source
from kg.text.ingest import decode, describe_gaps, read_bytes
from kg.text.normalise import normalise
from kg.text.segment import segment


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
    warning: str | None = None  # built, but not whole: e.g. undecodable byte ranges left out

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
        source, gaps = decode(p, read_bytes(p))
    except InputError as e:
        return FileResult(path, p.name, error=str(e))
    except OSError as e:
        return FileResult(path, p.name, error=f"{path}: cannot read ({e.strerror or e})")
    return _with_gaps(_process(source, city), gaps, source.encoding)


def process_bytes(path: str, data: bytes, city: str | None = None) -> FileResult:
    """`process_source` over bytes already read, for workers that cannot see the lead's files.

    `path` only names the file (its name mints the article IRIs); nothing is read from it.
    """
    p = Path(path)
    try:
        source, gaps = decode(p, data)
    except InputError as e:
        return FileResult(path, p.name, error=str(e))
    return _with_gaps(_process(source, city), gaps, source.encoding)


def _with_gaps(result: FileResult, gaps: tuple[tuple[int, int], ...], encoding: str) -> FileResult:
    """A file built without its undecodable byte ranges says where they were."""
    if gaps and result.error is None:
        result.warning = describe_gaps(gaps, encoding)
    return result


_WARM_PAGE = "市委召开常委会会议\n\n本报讯（记者 王晓燕）昨日，市委书记张建国主持召开市委常委会会议，审议《关于加快建设产业园区的实施意见》。\n"


def warm() -> None:
    """Load the lexicons and the tagger now, in this process, by working one small page.

    Called in the lead before workers are forked, so that they share what it loaded (the
    tagger's dictionary takes about a second per process) and a file's time budget is spent on
    the file, not on loading.
    """
    _process(Source("warm.txt", "warm.txt", "warm", _WARM_PAGE, "utf-8", ""), None)


def _process(source: Source, city: str | None) -> FileResult:
    path = source.path
    try:
        doc = normalise(source)
        articles = segment(doc, city=city)
        quads: list[Quad] = []
        for ex in extract_page(articles):
            quads.extend(asm.assemble(ex))
        quads.extend(asm.source_quads(source, articles))
    except RecursionError:
        return FileResult(path, source.name, source.sha256, error=f"{path}: text nested too deeply to parse")
    except Exception as e:  # an extractor bug must not lose the other files' results
        return FileResult(path, source.name, source.sha256, error=f"{path}: internal error while extracting ({e.__class__.__name__}: {e}); please report it")
    data = serialize(quads, format=RdfFormat.N_QUADS)
    return FileResult(path, source.name, source.sha256, data, len(quads), len(articles))
