"""Fast, kill-safe writing of whole files into the store: batched bulk loads behind a journal.

Why: Oxigraph's transactional `load` wrote ~70k quads/s and held the interpreter lock, so store
writes were half of a build and the serial part of `--jobs`. Its `bulk_load` writes sorted files
straight into RocksDB, about 2.7x faster on batches of ~50k quads, and releases the interpreter
lock, so a writer thread loads one batch while the build extracts the next.

`bulk_load` is not one transaction, so each batch is announced first: `<store>/kg.pending` names
the files and article graphs of the batch being loaded (written and synced before the load,
removed after it). A build killed mid-load leaves that journal behind, and the next opening of
the store for writing removes every trace of those files (`Store.recover`), so each file still
lands whole or not at all: the files have no record and the next build redoes them. Files
already in the store (changed files) lose their old version in a transaction just before the
batch holding the new one is loaded, after the batches before it have landed, so a removal never
races a load.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf import ids
from kg.errors import StoreError, os_reason
from kg.store.embedded import Store

BATCH_QUADS = 50_000  # per bulk load: fewer, bigger loads are slower here (measured, bench/RESULTS.md)


def batch_quads() -> int:
    """`$KG_LOAD_BATCH` quads per bulk load (tests use small batches to land kills mid-load)."""
    try:
        return max(1, int(os.environ.get("KG_LOAD_BATCH", BATCH_QUADS)))
    except ValueError:
        return BATCH_QUADS


@dataclass(slots=True)
class _Batch:
    data: bytearray = field(default_factory=bytearray)
    quads: int = 0
    names: list[str] = field(default_factory=list)
    graphs: set[bytes] = field(default_factory=set)
    replacing: list[str] = field(default_factory=list)  # files whose old version leaves first


class Loader:
    """Adds whole files to a store in bulk. Use as a context manager; `close()` lands everything.

    `add()` prepares a file's N-Quads (with their union copies) in the calling thread and hands
    full batches to one writer thread. An error in the writer (a full disk) is raised, as a
    StoreError, from the next `add()` or from `close()`; files of batches that landed before it
    are kept.
    """

    def __init__(self, store: Store, batch: int | None = None) -> None:
        self.store = store
        # Union triples are skipped when an earlier file of this loader already wrote them; a
        # cache from before could name a triple whose only holder is a file replaced below.
        store.forget_union_cache()
        store.recovered += store.recover()  # a load of this open store that failed earlier: undo it first
        self.batch_size = batch or batch_quads()
        self._added: set[str] = set()
        self._batch = _Batch()
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self.load_seconds = 0.0  # the writer thread's time in journal + bulk_load
        self.wait_seconds = 0.0  # time the caller waited for the writer
        self.landed: list[str] = []  # names of files whose batch has landed
        self._thread = threading.Thread(target=self._run, name="kg-loader", daemon=True)
        self._thread.start()

    # -- the caller's side -----------------------------------------------------------------
    def add(self, name: str, nquads: bytes) -> None:
        """Queue one file's quads (articles and record); a file already recorded is replaced."""
        self._raise_if_failed()
        store = self.store
        store._materialise()
        if name in self._added:
            # Added before by this loader: files since may have skipped union triples because that
            # version wrote them, so it leaves only once everything added so far has landed.
            self.sync()
            store.remove_source(name)
        self._added.add(name)
        b = self._batch
        if store.source(name) is not None:
            b.replacing.append(name)
        b.names.append(name)  # first: the journal must name every file whose quads are in the batch
        b.data += store.nquads_with_union(nquads, graphs=b.graphs)
        b.quads += nquads.count(b"\n")
        if b.quads >= self.batch_size:
            self._submit()

    def sync(self) -> None:
        """Land every file added so far."""
        self._submit()
        t = time.perf_counter()
        self._queue.join()
        self.wait_seconds += time.perf_counter() - t
        self._raise_if_failed()

    def close(self) -> None:
        """Land everything and stop the writer thread (idempotent)."""
        if not self._thread.is_alive():
            self._raise_if_failed()
            return
        try:
            self.sync()
        finally:
            self._queue.put(None)
            self._thread.join()

    def __enter__(self) -> "Loader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # also on an error or Ctrl-C: the files already extracted are not lost

    def _submit(self) -> None:
        if self._batch.names:
            b, self._batch = self._batch, _Batch()
            t = time.perf_counter()
            if b.replacing:
                # Old versions leave (a transaction each) once the batches before have landed, so
                # a removal never runs beside a load and never drops a union triple that a file
                # of those batches holds; the new versions arrive with this batch.
                self._queue.join()
                self._raise_if_failed()
                for name in b.replacing:
                    self.store.remove_source(name)
            self._queue.put(b)
            self.wait_seconds += time.perf_counter() - t

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            e = self._error
            if isinstance(e, StoreError):
                raise e
            if isinstance(e, OSError):
                raise StoreError(f"{self.store.path}: cannot write the store ({os_reason(e)})") from None
            raise StoreError(f"{self.store.path}: cannot write the store ({e.__class__.__name__}: {e})") from None

    # -- the writer thread -----------------------------------------------------------------
    def _run(self) -> None:
        while True:
            b = self._queue.get()
            try:
                if b is None:
                    return
                if self._error is None:  # after a failure, later batches are dropped (their files have no record)
                    t = time.perf_counter()
                    self._load(b)
                    self.load_seconds += time.perf_counter() - t
                    self.landed.extend(b.names)
            except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
                self._error = e
            finally:
                self._queue.task_done()

    def _load(self, b: _Batch) -> None:
        store = self.store
        store.write_journal(b.names, sorted(g.decode() for g in b.graphs if g.decode() != ids.SOURCES_GRAPH))
        store.ox.bulk_load(bytes(b.data), format=ox.RdfFormat.N_QUADS, lenient=True)  # our own serialiser wrote it: skip re-validating IRIs (~12% less CPU)
        store.clear_journal()
