"""Stage 4 — the store: an embedded Oxigraph directory, one named graph per article.

`embedded` opens, reads and removes; `loader` writes builds as bulk loads behind a journal.
"""
from kg.store.embedded import DEFAULT_STORE, JOURNAL, SourceRecord, Store, default_store

__all__ = ["DEFAULT_STORE", "JOURNAL", "SourceRecord", "Store", "default_store"]
