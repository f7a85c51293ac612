"""One private jieba tokenizer that knows our vocabulary, for where a name starts.

The rules find a name by how it ends (…局, …项目); where it starts is the hard part, because the
genre glues verbs and adverbs to it (`希望中建七局发挥…`, `详细了解项目进度`, `通报上半年…项目`).
A stop-list of verbs can never be complete; a part-of-speech tagger reads the few characters before
the ending and says which of them cannot open a name. This module holds one `jieba.Tokenizer`
of our own (never the global one, never `jieba.add_word`) with our lexicons added as user words,
and a `jieba.posseg.POSTokenizer` over it, both created on first use.

It is run only on short strings — the head of a candidate name — never over whole articles, so it
costs a few microseconds a candidate once the dictionary is loaded.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.lexicons import rows, words

# our vocabulary as user words: (lexicon, part of speech). Endings and titles are nouns and must
# stay whole (产业园, 有限公司, 常务副市长); verbs keep jieba's frequency and only get their tag.
_NOUNS = ("org_suffixes", "project_suffixes", "titles", "meeting_words", "document_types")
_VERBS = ("project_verbs", "meeting_verbs", "document_verbs", "visit_verbs")
_HIGH = 100_000

# tags of words that cannot open a name: verbs, adverbs, prepositions, conjunctions, particles,
# pronouns, time words (jieba's ICTCLAS-style tag set). Not direction words or set phrases, which
# do open names (东部新城, 自由贸易试验区, 一网通办中心).
_NOT_NAME = ("v", "vd", "d", "ad", "p", "c", "u", "r", "t", "y", "e")
# tags that start a proper name (places, people, organisations, other names)
_PROPER = ("ns", "nr", "nrt", "nrfg", "nt", "nz")

_LOCK = threading.Lock()
_TAGGER: list[Any] = []


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    flag: str
    start: int
    end: int


def _tagger() -> Any:
    """The POS tagger over our private tokenizer, built once (the dictionary load is ~1 s)."""
    if _TAGGER:
        return _TAGGER[0]
    with _LOCK:
        if not _TAGGER:
            import jieba
            import jieba.posseg

            log = logging.getLogger("jieba")
            level = log.level
            log.setLevel(logging.WARNING)  # no "Building prefix dict…" on every run
            try:
                tok = jieba.Tokenizer()
                tok.initialize()
                for name in _NOUNS:
                    for w in words(name):
                        if len(w) >= 2:
                            tok.add_word(w, _HIGH, "n")
                for name in _VERBS:
                    for r in rows(name):
                        w = r[0]
                        if len(w) >= 2 and (len(r) < 2 or r[1] != "lead"):
                            tok.add_word(w, tok.FREQ.get(w) or None, "v")
                tagger = jieba.posseg.POSTokenizer(tok)
                tagger.makesure_userdict_loaded()
            finally:
                log.setLevel(level)
            _TAGGER.append(tagger)
    return _TAGGER[0]


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    """Words of a short string with their part of speech and [start, end) offsets in it."""
    out = []
    pos = 0
    for pair in _tagger().cut(text):
        w = pair.word
        out.append(Token(w, pair.flag, pos, pos + len(w)))
        pos += len(w)
    return tuple(out)


def _not_name(tok: Token) -> bool:
    return tok.flag.startswith(_NOT_NAME) and not tok.flag.startswith(("vn", "vg"))


# tags that mark clause material wherever they stand before an ending: adverbs, prepositions,
# particles, pronouns, time words (调研组仔细|询问项目…); verbs may be inside a name (综合开发项目)
_CLAUSE = ("d", "ad", "p", "u", "r", "t")


def lead_end(text: str, stop: int | None = None, *, owners: frozenset[str] = frozenset(),
             anywhere: bool = False, adverbial: bool = False) -> int:
    """Where a name starts in `text` (a name's head, with what the genre glued before it): after the
    leading words that cannot open a name — verbs, adverbs, pronouns, prepositions, particles, time
    words (`详细了解|`, `通报上半年|城市更新`, `希望|中建七局`) — and after a generic owner
    (`企业|年产10万锭智能纺纱`) when `owners` lists it and more follows. Only tokens that end
    before `stop` (default: the whole text) are read, so the ending of the name is tokenized in
    context but never cut.

    `anywhere`: first cut after the last adverb, preposition, particle, pronoun or time word before
    `stop`, wherever it stands (`调研组仔细|询问`). `adverbial`: an adjective counts when a verb
    follows it, and a set phrase counts (`热烈欢迎|比亚迪…`) — for callers that check what follows.

    >>> s = "详细了解"; s[lead_end(s):]
    ''
    >>> s = "希望中建七局"; s[lead_end(s):]
    '中建七局'
    """
    stop = len(text) if stop is None else stop
    toks = [t for t in tokenize(text) if t.end <= stop]
    first = 0
    if anywhere:
        for i, tok in enumerate(toks):
            if tok.flag.startswith(_CLAUSE) and _not_name(tok):
                first = i + 1
    cut = toks[first - 1].end if first else 0
    for tok in toks[first:]:
        if _not_name(tok) or (tok.word in owners and tok.end < stop) or (adverbial and tok.flag in ("i", "l")):
            cut = tok.end
            continue
        if adverbial and tok.flag.startswith("a"):
            continue  # counted only if a verb follows
        break
    return cut


def proper_at(text: str, i: int, stop: int | None = None) -> bool:
    """Does a proper name begin at text[i] by jieba's reading: a place, person or organisation
    there, or an abbreviation before `stop` (中铁|十局: 十局 is one)?"""
    stop = len(text) if stop is None else stop
    for tok in tokenize(text):
        if tok.start == i and tok.flag.startswith(_PROPER):
            return True
        if tok.start >= i and tok.end <= stop and tok.flag == "j":
            return True
        if tok.start < i < tok.end:
            return False  # i is inside a word: not where a name starts
    return False


def trail_start(text: str) -> int:
    """Where the trailing adverbs, particles, time words and verbs of `text` begin
    (`市委…办公室同步|`, `市财政局日前|`), or len(text)."""
    cut = len(text)
    for tok in reversed(tokenize(text)):
        if tok.flag.startswith(("d", "ad", "u", "p", "c", "t", "v")) and tok.start > 0:
            cut = tok.start
            continue
        break
    return cut


def dictionary_tag(word: str) -> tuple[str, int] | None:
    """(part of speech, frequency) of `word` as jieba's dictionary has it, or None if it has none:
    tells a common word (保障 v, 黄赌毒 j) from a name a model proposes."""
    tagger = _tagger()
    freq = tagger.tokenizer.FREQ.get(word)
    if not freq:
        return None
    return tagger.word_tag_tab.get(word, "x"), freq
