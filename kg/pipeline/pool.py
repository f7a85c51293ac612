"""Local worker processes for per-file work: a time budget per file, and workers that die with the lead.

Why not `ProcessPoolExecutor`: it cannot stop one task, so a file that never finishes holds a
worker for ever (and killing that worker breaks the pool: every other pending file fails), and
its workers outlive a lead killed with SIGKILL, blocked on a queue nobody writes (issue 15).
Here each worker takes one file at a time over its own pipe. A file still running when its
budget is spent gets its worker killed and replaced and is reported by name; a worker that dies
(the OOM killer, a crash in native code) fails its file only. Workers watch their parent
(`PR_SET_PDEATHSIG` on Linux, and a polling thread everywhere) and exit as soon as it is gone.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Callable, Generic, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WINDOW = 4  # results buffered per worker ahead of the one awaited: uneven page sizes, little memory
WATCH_SECONDS = 0.5  # how often a worker checks that its parent is still there


def _context() -> mp.context.BaseContext:
    """Fork where there is one: the workers share the lead's loaded modules and lexicons."""
    try:
        return mp.get_context("fork")
    except ValueError:  # Windows
        return mp.get_context()


def _die_with_parent(parent: int) -> None:
    """Exit when process `parent` does: at once on Linux (the kernel signals us), else within
    WATCH_SECONDS (a daemon thread compares getppid())."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _serve(conn: Connection, parent: int, fn: Callable[[T], R]) -> None:
    """A worker's life: run `fn` on each item received, send back (index, result or error text)."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the lead's to handle; it then stops us
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, item = msg
        try:
            out: tuple[int, bool, object] = (index, True, fn(item))
        except BaseException as e:  # noqa: BLE001 - reported for this item; the worker goes on
            out = (index, False, f"{e.__class__.__name__}: {e}")
        conn.send(out)


@dataclass(slots=True)
class _Worker:
    proc: mp.process.BaseProcess
    conn: Connection
    index: int | None = None  # the item it is working on
    started: float = 0.0


class Pool(Generic[T, R]):
    """`jobs` worker processes mapping `fn` over items in order (see the module docstring).

    `failed(item, reason)` makes the result of an item whose worker ran out of time or died,
    so callers get one result per item whatever happens. `budget` is seconds per item (0: none).
    """

    def __init__(self, fn: Callable[[T], R], jobs: int, budget: float, failed: Callable[[T, str], R]) -> None:
        self.fn, self.jobs, self.budget, self.failed = fn, max(1, jobs), budget, failed
        self._ctx = _context()
        self._workers: list[_Worker] = []

    def _start(self) -> _Worker:
        here, there = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(there, os.getpid(), self.fn), name="kg-worker", daemon=True)
        proc.start()
        there.close()  # so that its death reads as end-of-file here
        return _Worker(proc, here)

    def _stop(self, w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        w.conn.close()

    def map(self, items: Sequence[T]) -> Iterator[R]:
        """One result per item, in the order of `items`."""
        items = list(items)
        if not items:
            return
        self._workers = [self._start() for _ in range(min(self.jobs, len(items)))]
        done: dict[int, R] = {}
        todo, emitted = 0, 0
        try:
            while emitted < len(items):
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
                if emitted == len(items):
                    break
                for w in self._workers:  # keep the workers busy, within the buffer's bound
                    if w.index is None and todo < len(items) and todo - emitted < self.jobs * WINDOW:
                        w.index, w.started = todo, time.monotonic()
                        todo += 1
                        try:
                            w.conn.send((w.index, items[w.index]))
                        except OSError:  # died idle; found below as end-of-file
                            pass
                self._collect(items, done)
        finally:
            for w in self._workers:
                if w.index is None and w.proc.is_alive():
                    try:
                        w.conn.send(None)
                    except OSError:
                        pass
                    w.proc.join(timeout=2)
                self._stop(w)
            self._workers = []

    def _collect(self, items: list[T], done: dict[int, R]) -> None:
        """Wait for a result, a death or a budget running out; record what happened."""
        busy = [w for w in self._workers if w.index is not None]
        timeout = None
        if self.budget > 0:
            timeout = max(0.0, min(w.started for w in busy) + self.budget - time.monotonic())
        ready = set(wait([w.conn for w in busy], timeout=timeout))
        now = time.monotonic()
        for k, w in enumerate(self._workers):
            if w.index is None:
                continue
            index, reason = w.index, None
            if w.conn in ready:
                try:
                    got, ok, value = w.conn.recv()
                except (EOFError, OSError):
                    w.proc.join(timeout=5)
                    reason = f"the worker process died ({_exit_reason(w.proc.exitcode)})"
                else:
                    done[got] = value if ok else self.failed(items[got], f"internal error while extracting ({value}); please report it")  # type: ignore[assignment]
                    w.index = None
                    continue
            elif self.budget > 0 and now - w.started >= self.budget:
                reason = f"not done after {self.budget:g} s, the time budget of a file"
            else:
                continue
            done[index] = self.failed(items[index], reason)
            self._stop(w)
            self._workers[k] = self._start()


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"
