"""The embedded Oxigraph store: one directory, one named graph per article, union default graph.

Why Oxigraph: SPARQL over a 200k-triple join ran 60x faster than rdflib's memory store when we
measured, and its RocksDB files give transactions: removals and the ontology are SPARQL updates
(one transaction each). Builds add files through bulk loads (kg/loader.py), made kill-safe by a
journal that `recover()` reads when the store next opens for writing, so a file's article graphs
land whole or not at all. A lock file keeps two writers off one store.

The union of all graphs is kept materialised in the store's default graph, loaded together with
the named graphs it comes from. Oxigraph's own union mode
(`use_default_graph_as_union`, 0.5) returns a triple once per graph that holds it (oxigraph
issue #1919) and our model repeats an entity's type and label in every article that names it, so
a join over a person named in n articles did n^3 work: 38 s for one query at 10 MB, 18 ms on the
materialised graph. The copy costs writes and disk (measured in bench/RESULTS.md), not queries.
Queries see the default graph (= the union), `GRAPH ?a {…}` still reaches each article, and
`quads()` and the exports give the named graphs only.
"""
from __future__ import annotations

import json
import os
import re
import socket
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.rdf import ids
from kg.errors import StoreError, os_reason
from kg.paths import ontology_dir

DEFAULT_STORE = ".kg/store"
UNION_CACHE = 300_000  # union triples remembered as written (~50 MB)
FORMAT = "2"  # <store>/kg.format: "2" = the default graph holds the union
JOURNAL = "kg.pending"  # the files of a bulk load in progress (kg/loader.py)
_SHA256 = "https://w3id.org/zhengwu-kg/ontology#sha256"
_HAS_ARTICLE = "https://w3id.org/zhengwu-kg/ontology#hasArticle"


def default_store() -> Path:
    """`$KG_STORE`, else `.kg/store` under the working directory."""
    return Path(os.environ.get("KG_STORE", DEFAULT_STORE))


def _repo_ontology() -> Path | None:
    here = ontology_dir() / "zhengwu.ttl"
    return here if here.exists() else None


@dataclass(frozen=True, slots=True)
class SourceRecord:
    name: str
    sha256: str
    articles: tuple[str, ...]


class _Lock:
    """An exclusive advisory lock on `<store>/kg.lock` (POSIX flock), released on close.

    flock belongs to the open file, which a fork copies: a worker process forked by a build would
    hold the lock after a `kill -9` of the build, for good (issue 15). So every child forked from
    here drops its copy (`_drop_locks_in_child`), and a lock still held although the process it
    names is dead (held by orphans of an older kg) is taken over: see `_take_over`.
    """

    def __init__(self, path: Path) -> None:
        import fcntl

        self.path = path
        fh = open(path, "a+")
        for attempt in range(20):  # a reader probing the lock holds it for microseconds: retry briefly
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if attempt < 19:
                    time.sleep(0.05)
        else:
            fh.close()
            fh = _take_over(path)
        self.fh = fh
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(_holder_line())
        self.fh.flush()
        _HELD.add(self)

    def release(self) -> None:
        import fcntl

        _HELD.discard(self)
        try:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
        finally:
            self.fh.close()


_HELD: "weakref.WeakSet[_Lock]" = weakref.WeakSet()  # the write locks this process holds


def _drop_locks_in_child() -> None:
    """After a fork: point the child's copies of the lock files at /dev/null, so only the parent
    holds the locks and they go when it dies (the child never writes the store)."""
    for lock in list(_HELD):
        try:
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, lock.fh.fileno())
            os.close(null)
        except (OSError, ValueError):
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


def _holder_line() -> str:
    return f"kg pid {os.getpid()} on {socket.gethostname()}"


def _holder(text: str) -> tuple[int, str | None] | None:
    """(pid, host) from a lock file's text (host None when an older kg wrote it)."""
    m = re.fullmatch(r"kg pid (\d+)(?: on (.+))?", text.strip())
    return (int(m.group(1)), m.group(2)) if m else None


def _pid_dead(pid: int) -> bool:
    """Whether process `pid` of this machine has exited (a zombie counts as exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _holder_dead(text: str) -> bool:
    """Whether a lock file names a process of this machine that no longer runs."""
    who = _holder(text)
    return who is not None and who[1] in (None, socket.gethostname()) and who[0] != os.getpid() and _pid_dead(who[0])


def _take_over(path: Path):  # noqa: ANN202
    """The lock of a writer that died while something else keeps its lock open (its orphaned
    workers): a fresh lock file replaces it, so the orphans hold a lock on a file nobody uses.

    Takeovers are serialised by a second lock and each re-checks the current file, so of two
    builds starting at once only one takes the store. The journal is undone afterwards, as on
    any opening for writing (`Store.recover`). A live holder is refused with its pid.
    """
    import fcntl

    with open(path.with_name("kg.lock.takeover"), "a+") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # held for the few calls below
        fh = open(path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fh  # freed meanwhile
        except OSError:
            pass
        fh.seek(0)
        text = fh.read().strip()
        fh.close()
        if not _holder_dead(text):
            raise StoreError(
                f"{path.parent}: the store is being written by {text or 'another process'}; "
                "wait for it to finish or use another --store"
            ) from None
        tmp = path.with_name(f"kg.lock.{os.getpid()}")
        new = open(tmp, "w+")
        fcntl.flock(new, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a file of our own: always free
        os.replace(tmp, path)
        return new


class Store:
    """A kg store directory. Open for writing with `Store(path)`, for reading with `read_only=True`."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_store()
        self.read_only = read_only
        self._lock: _Lock | None = None
        self._materialised = False
        self._union_lines: set[bytes] = set()  # union triples known to be in the default graph
        self.recovered: list[str] = []  # files of an interrupted bulk load, removed on opening
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no store here; run `kg build` first (or give --store)")
                self._refuse_if_interrupted()
                self.ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._lock = _Lock(self.path / "kg.lock")
                self.ox = ox.Store(str(self.path))
        except StoreError:
            raise
        except OSError as e:
            if self._lock:
                self._lock.release()
            raise StoreError(f"{self.path}: cannot open the store ({os_reason(e)})") from None
        if not read_only:
            try:
                self.recovered = self.recover()
            except BaseException:
                self.close()
                raise

    @property
    def _union_is_materialised(self) -> bool:
        if not self._materialised:
            self._materialised = (self.path / "kg.format").exists()
        return self._materialised

    def _materialise(self) -> None:
        """Before the first file is written: copy what the named graphs hold into the union, once.

        So a store written by an older kg (or filled by hand through `ox`) becomes consistent;
        until then queries use Oxigraph's own union mode, which reads the named graphs directly.
        """
        if self._union_is_materialised:
            return
        if next(iter(self.ox.named_graphs()), None) is not None:
            self._write(lambda: self.ox.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"))
        (self.path / "kg.format").write_text(FORMAT + "\n")
        self._materialised = True

    # -- context manager -------------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "ox", None) is not None:
            try:
                if not self.read_only:
                    self.ox.flush()
            except OSError:
                pass
            del self.ox
            self.ox = None  # type: ignore[assignment]
        if self._lock:
            self._lock.release()
            self._lock = None

    # -- writing ---------------------------------------------------------------------------
    def ensure_ontology(self, path: Path | None = None) -> None:
        """Load ontology/zhengwu.ttl into zwid:graph/ontology (and the union), changing only what differs.

        Its blank nodes (OWL restrictions, lists) are given labels from their order in the file,
        so loading the same ontology twice gives the same quads and two builds compare equal.
        New quads go in before stale ones leave: a kill in between leaves a superset that the
        next build trims.
        """
        path = path or _repo_ontology()
        if path is None:
            return
        g = ox.NamedNode(ids.ONTOLOGY_GRAPH)
        labels: dict[str, ox.BlankNode] = {}

        def stable(t):  # noqa: ANN001, ANN202
            if isinstance(t, ox.BlankNode):
                return labels.setdefault(t.value, ox.BlankNode(f"onto{len(labels)}"))
            return t

        wanted = {
            ox.Quad(stable(t.subject), t.predicate, stable(t.object), g)
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        }
        current = set(self.ox.quads_for_pattern(None, None, None, g))
        if current != wanted:
            self._union_lines.clear()
            copy = _with_union if self._union_is_materialised else list
            self._write(lambda: self.ox.extend(copy(wanted - current)))
            stale = current - wanted
            self._write(lambda: [self.ox.remove(q) for q in copy(stale)])

    def remove_source(self, name: str) -> bool:
        """Remove a file's article graphs and its record, in one transaction.

        Entities survive in other articles' graphs: every article graph carries the type and label
        of each entity it mentions, so dropping one graph never orphans an entity named elsewhere.
        A triple leaves the union only when no other graph still holds it.
        """
        rec = self.source(name)
        if rec is None:
            return False
        src = f"<{ids.source_iri(name)}>"
        sg = f"<{ids.SOURCES_GRAPH}>"
        gone = " ".join(f"<{a}>" for a in rec.articles)
        ops = []
        if gone:
            ops.append(f"""DELETE {{ ?s ?p ?o }} WHERE {{
                VALUES ?g {{ {gone} }} GRAPH ?g {{ ?s ?p ?o }}
                FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h NOT IN ({", ".join(gone.split())})) }} }}""")
            ops.extend(f"DROP SILENT GRAPH <{a}>" for a in rec.articles)
        ops.append(f"DELETE {{ {src} ?p ?o }} WHERE {{ GRAPH {sg} {{ {src} ?p ?o }} }}")
        ops.append(f"DELETE WHERE {{ GRAPH {sg} {{ {src} ?p ?o }} }}")
        self._union_lines.clear()  # some of its triples may have left the union
        self._write(lambda: self.ox.update(" ;\n".join(ops)))
        return True

    def forget_union_cache(self) -> None:
        """Stop skipping union triples written before (a loader starts afresh: see kg/loader.py)."""
        self._union_lines.clear()

    def nquads_with_union(self, data: bytes, graphs: set[bytes] | None = None) -> bytes:
        """N-Quads plus, for each line `s p o <g> .`, `s p o .` (the graph is the last term) unless
        that triple is already in the union (or on its way there: a batch being loaded).

        An entity's type and label come again in every article that names it; not writing them
        again saved 30% of the write time at 10 MB. The set is bounded (cleared when full) and
        cleared when anything is removed, so it only ever skips triples the store has. The graph
        names met are added to `graphs` when it is given.
        """
        out = bytearray(data)
        if out and not out.endswith(b"\n"):
            out += b"\n"
        seen = self._union_lines
        for line in data.splitlines():
            if line.endswith(b"> ."):
                triple, _, graph = line.rpartition(b" <")
                if graphs is not None:
                    graphs.add(graph[:-3])
                triple += b" .\n"
                if triple not in seen:
                    if not triple.startswith(b"_:") and b" _:" not in triple:  # blank nodes are per load
                        seen.add(triple)
                    out += triple
        if len(seen) > UNION_CACHE:
            seen.clear()
        return bytes(out)

    # -- the bulk-load journal (kg/loader.py) -------------------------------------------------
    def write_journal(self, names: list[str], graphs: list[str]) -> None:
        """Announce a bulk load: the files and article graphs it may leave half-written if killed."""
        path = self.path / JOURNAL
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"files": names, "graphs": graphs}, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _sync_dir(self.path)

    def clear_journal(self) -> None:
        (self.path / JOURNAL).unlink(missing_ok=True)

    def recover(self) -> list[str]:
        """Remove what an interrupted bulk load left: its files' article graphs and records, and
        any union triple no named graph holds. One transaction; returns the files' names.

        Those files then have no record, so the next build redoes them.
        """
        path = self.path / JOURNAL
        if not path.exists():
            return []
        try:
            pending = json.loads(path.read_text("utf-8"))
            names, graphs = list(pending["files"]), list(pending["graphs"])
        except (ValueError, KeyError, TypeError) as e:
            raise StoreError(f"{path}: unreadable journal of an interrupted build ({e}); "
                             "delete the store and build again") from None
        sg = f"<{ids.SOURCES_GRAPH}>"
        articles = ids.ZWID + "article/"  # never the shared graphs (sources, ontology), whatever the journal says
        ops = [f"DROP SILENT GRAPH <{g}>" for g in graphs if g.startswith(articles)]
        ops += [f"DELETE WHERE {{ GRAPH {sg} {{ <{ids.source_iri(n)}> ?p ?o }} }}" for n in names]
        ops.append("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        self._union_lines.clear()
        self._write(lambda: self.ox.update(" ;\n".join(ops)))
        self._write(self.ox.flush)
        self.clear_journal()
        return names

    def _refuse_if_interrupted(self) -> None:
        """A read-only open of a store that a killed build left mid-load would show part of files."""
        if not (self.path / JOURNAL).exists() or _writer_alive(self.path / "kg.lock"):
            return  # no journal, or a build is writing right now (readers see a snapshot)
        raise StoreError(
            f"{self.path}: a build was interrupted while loading files; "
            "run `kg build` again on this store to finish it (it first removes the partly loaded files)"
        )

    def optimize(self) -> None:
        """Compact the files after a build: a store of many small transactions shrinks ~3x on disk."""
        self._write(self.ox.optimize)

    def _write(self, fn) -> None:  # noqa: ANN001
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            fn()
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write the store ({os_reason(e)})") from None

    # -- reading ---------------------------------------------------------------------------
    def sources(self) -> dict[str, SourceRecord]:
        """Every file recorded in the store, by file name."""
        q = f"""SELECT ?name ?sha ?a WHERE {{ GRAPH <{ids.SOURCES_GRAPH}> {{
                 ?s <http://purl.org/dc/terms/source> ?name ; <https://w3id.org/zhengwu-kg/ontology#sha256> ?sha .
                 OPTIONAL {{ ?s <https://w3id.org/zhengwu-kg/ontology#hasArticle> ?a }} }} }}"""
        recs: dict[str, tuple[str, list[str]]] = {}
        for row in self.ox.query(q):
            name = row["name"].value
            sha = row["sha"].value
            entry = recs.setdefault(name, (sha, []))
            if row["a"] is not None:
                entry[1].append(row["a"].value)
        return {n: SourceRecord(n, sha, tuple(sorted(arts))) for n, (sha, arts) in sorted(recs.items())}

    def source(self, name: str) -> SourceRecord | None:
        """One file's record (a direct lookup, so a build over thousands of files stays linear)."""
        src = ox.NamedNode(ids.source_iri(name))
        sg = ox.NamedNode(ids.SOURCES_GRAPH)
        sha = None
        arts: list[str] = []
        for q in self.ox.quads_for_pattern(src, None, None, sg):
            p = q.predicate.value
            if p == _SHA256:
                sha = q.object.value
            elif p == _HAS_ARTICLE:
                arts.append(q.object.value)
        if sha is None:
            return None
        return SourceRecord(name, sha, tuple(sorted(arts)))

    def query(self, sparql: str, *, prefixes: dict[str, str] | None = None, substitutions=None,  # noqa: ANN001
              default_graph: list[ox.NamedNode] | None = None, named_graphs: list[ox.NamedNode] | None = None):
        """SPARQL over the union of all graphs (GRAPH still reaches each article), unless the caller
        names its own dataset: `default_graph` replaces the union, `named_graphs` narrows GRAPH."""
        from kg.rdf.namespace import PREFIXES

        kw: dict = {"substitutions": substitutions}
        if default_graph is not None:
            kw["default_graph"] = default_graph
        else:
            kw["use_default_graph_as_union"] = not self._union_is_materialised
        if named_graphs is not None:
            kw["named_graphs"] = named_graphs
        return self.ox.query(sparql, prefixes=dict(PREFIXES, **(prefixes or {})), **kw)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of all named graphs (never the union's copies)."""
        if graph:
            return self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return (q for q in self.ox.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))

    def union_triples(self) -> list[ox.Triple]:
        """Every distinct triple of the union graph, sorted by its N-Triples form (the exports,
        `kg push` and `kg validate` read the union through this, never through the store's insides).

        The union is kept in the default graph; an older store without it is deduplicated here
        from the named graphs.
        """
        if self._union_is_materialised:
            triples = (ox.Triple(q.subject, q.predicate, q.object)
                       for q in self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            return sorted(triples, key=str)
        seen: dict[str, ox.Triple] = {}
        for q in self.quads():
            t = ox.Triple(q.subject, q.predicate, q.object)
            seen.setdefault(str(t), t)
        return [seen[k] for k in sorted(seen)]

    def count_triples(self) -> int:
        """Distinct triples of the union graph (no DISTINCT pass needed once it is materialised)."""
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        if not self._union_is_materialised:
            q = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        return int(next(iter(self.query(q)))["n"].value)

    def __len__(self) -> int:
        """Quads in the named graphs."""
        if not self._union_is_materialised:
            return len(self.ox)
        union = next(iter(self.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
        return len(self.ox) - int(union)

    def rdflib_dataset(self):  # noqa: ANN201
        """An rdflib Dataset over this store (via oxrdflib) for notebook users: union default graph."""
        import rdflib
        from oxrdflib import OxigraphStore

        from kg.rdf.namespace import PREFIXES

        ds = rdflib.Dataset(store=OxigraphStore(store=self.ox), default_union=not self._union_is_materialised)
        for p, ns in PREFIXES.items():
            ds.bind(p, ns, override=True)
        return ds


def _with_union(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """`quads` and, for each one in a named graph, its triple in the default graph (the union)."""
    out = list(quads)
    out.extend([ox.Quad(q.subject, q.predicate, q.object) for q in out if not isinstance(q.graph_name, ox.DefaultGraph)])
    return out


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _writer_alive(lock: Path) -> bool:
    """Whether a live process holds the store's write lock."""
    import fcntl

    try:
        fh = open(lock)
    except OSError:
        return False
    try:
        fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        return not _holder_dead(fh.read())  # held only by orphans of a dead writer: no writer
    finally:
        fh.close()
    return False
