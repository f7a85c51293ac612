"""Zhengwu KG: Chinese government news -> a knowledge graph you can query.

>>> import kg
>>> graph = kg.build(["seeds/"], store="/tmp/kg-store")      # doctest: +SKIP
>>> for row in graph.query("SELECT ?p WHERE { ?p a zw:Person }"):  # doctest: +SKIP
...     print(row["p"])
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError, KgError, QueryError, StoreError
from .types import Article, BuildReport, Document, Entity, Extraction, Fact, Mention, Source, Span

__version__ = "0.1.0"
__all__ = [
    "build", "open_store", "KnowledgeGraph", "KgError", "InputError", "QueryError", "StoreError",
    "Article", "BuildReport", "Document", "Entity", "Extraction", "Fact", "Mention", "Source", "Span",
]


class KnowledgeGraph:
    """A built graph: SPARQL over its store, an rdflib view, and the report of the build."""

    def __init__(self, store, report: BuildReport | None = None) -> None:  # noqa: ANN001
        self.store = store
        self.report = report

    def query(self, sparql: str, **kw):  # noqa: ANN003, ANN201
        """SPARQL 1.1 with the contract's prefixes pre-declared, over the union of all graphs."""
        from .query import run

        return run(self.store, sparql, **kw)

    @property
    def dataset(self):  # noqa: ANN201
        """An rdflib Dataset backed by the same Oxigraph store (union default graph)."""
        return self.store.rdflib_dataset()

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> KnowledgeGraph:
    """Open an existing store (default `.kg/store`, or $KG_STORE)."""
    from .store import Store

    return KnowledgeGraph(Store(path, read_only=read_only))


def build(
    paths: Iterable[str | Path] | None = None,
    *,
    store: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    city: str | None = None,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> KnowledgeGraph:
    """Build files or folders (default `seeds/`) into a store and return the graph.

    Unchanged files already in the store are skipped; bad files are listed in `.report.failed`
    and never stop the others.
    """
    from .pipeline import build_into
    from .store import Store

    s = Store(store)
    try:
        report = build_into(
            s, list(paths) if paths else ["seeds"], jobs=jobs, scheduler=scheduler, city=city, force=force, progress=progress
        )
    except BaseException:
        s.close()
        raise
    return KnowledgeGraph(s, report)
