"""Zhengwu KG: Chinese government news -> a knowledge graph you can query.

>>> import kg
>>> graph = kg.build(["seeds/"], store="/tmp/kg-store")      # doctest: +SKIP
>>> for row in graph.query("SELECT ?p WHERE { ?p a zw:Person }"):  # doctest: +SKIP
...     print(row["p"])
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from kg.errors import InputError, KgError, QueryError, StoreError
from kg.records import Article, BuildReport, Document, Entity, Extraction, Fact, Mention, Source, Span

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
        from kg.query import run

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


def open_store(path: str | Path | None = None, *, read_only: bool = True) -> KnowledgeGraph:
    """Open an existing store (default `.kg/store`, or $KG_STORE), read-only unless asked.

    A path that holds no store is an error either way (`build` makes a new one), so a mistyped
    path never silently creates an empty store; and read-only opens do not take the write lock,
    so any number of them can be open beside a writer's.
    """
    from kg.store import Store, default_store

    where = Path(path) if path is not None else default_store()
    if not read_only and not (where / "CURRENT").exists():
        raise StoreError(f"{where}: no store here; run `kg build` first (or give --store)")
    return KnowledgeGraph(Store(where, read_only=read_only))


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
    from kg.pipeline.build import build_into
    from kg.store import Store

    s = Store(store)  # for writing: made if it does not exist yet
    try:
        report = build_into(
            s, list(paths) if paths else ["seeds"], jobs=jobs, scheduler=scheduler, city=city, force=force, progress=progress
        )
    except BaseException:
        s.close()
        raise
    return KnowledgeGraph(s, report)
