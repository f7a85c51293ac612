"""The fusion policy for people: the model proposes, the genre rules confirm or veto.

One policy, in this order, for every `PER` token the model (kg/recognise) proposes:

1. **Cut and complete** what the model cut wrongly. A verb or function word swallowed at the end
   of a name is cut: where a word of two or more characters from name_followers.txt starts inside
   the proposal and reaches or runs past its end (`李鹏|发表`, `时|强调`, `王刚|同志`), or a
   one-character function word closes a proposal of three or more and a place, a name, a time or
   a number follows (`金涛|在北京`, not `闫立为|认为` or `朱有为|博士`), the name ends before it; a
   Han proposal longer than any Han name ends at the first such word from its third character
   (`钱立新|为市财政局`). A name cut one character short is completed: a surname and one
   character, then a lone character that is no clause's opener (clause_chars.txt), then a pause
   or a word that follows names (`罗大|为|称`); a surname tagged alone joins its given name
   (`蒲|晓彤`). Two full names run together (`汪洋王沪宁`) are split where they split one way
   only; a name cut at a middle dot is joined (`约翰|·|史密斯`).
2. **Veto** what the genre shows is not a person's full name: a title or role (`常委`, `王局长`),
   a form of address (`李女士`, `张总`, `小李`, `陈导`: address_forms.txt), a place, a common word
   (not_names.txt, or a verb, adjective or abbreviation in jieba's dictionary), an organisation
   ending, a document number's head (`冀政[2007]`), a place before its bodies (`安乐|县委`), a
   known surname with a name outside 2-4 characters, anything with characters no name has, a
   first character that closes a common word begun before it (`及|时赶赴`), a proposal that opens
   an idiom running on past it (`马到成|功`), two characters between a verb and the noun they
   modify (`抓好|惠企|政策`), and a short name the page gives something else (`以下简称“特富特”`).
   Names without a known surname (foreign, minority, rare surnames), with `·`, in Latin letters,
   or long and made of a transliteration's characters (transliteration_chars.txt) pass on the
   model's word. An occurrence that opens a leader's set phrase
   (`习近平新时代中国特色社会主义思想`, `邓小平理论`: doctrine_words.txt) proposes nobody.
3. **Confirm** what remains, page by page: it is a name of the page unless the page writes it as a
   side of a match or a bookmaker (`阿森堡主场`, `vs`: team_marks.txt), or the model itself reads
   it as something else at least as often as a person there; and every other occurrence of it on
   the page that the model reads as a whole word (its tokens begin and end there) is a mention of
   the same person, whatever tag the model gave that occurrence.

Names the rules find themselves (title chains, bylines, addressed and described names,
kg/extract/titles.py) need no confirmation; a model name only adds to them, and the rules read
the model's names as known names, so a title chain binds to them (`住房和城乡建设部部长王某`).
Where a rule's name and a model's overlap, the longer wins, the rule's on a tie
(`people.overlap_policy`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from kg.extract import titles as T
from kg.lexicons import rows, words
from kg.recognise import Token
from kg.text import tokens

_FOREIGN = re.compile(r"[\u4e00-\u9fff]+(?:[·•・][\u4e00-\u9fff]+)+")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,6}")
_LONG_HAN = re.compile(r"[\u4e00-\u9fff]{7,12}")
_PLACE_TAIL = re.compile(r"[省市县区州旗乡镇](?:委|政府|人民政府|领导|人大|政协|党委|纪委)")
_DOC_NUMBER = re.compile(r"\s*[〔\[［(（【]\s*(?:19|20)\d\d")
_PERSON_NOUN_ENDS = tuple("长员师家帅监官手星士生者人")  # nouns for people: 总监, 元帅, 教练员, 歌手 …
_AFTER_PREPOSITION = ("LOC", "ORG", "PER", "TIME", "m", "s", "f", "t", "r")  # what 在/对/向 … govern
_SHORT_NAME = re.compile(r"(?:简称|下称)[“\"「]?")
_GLUED = 500  # a word this common, begun before a proposal, owns its first character
_IDIOM = 20  # an idiom or word this common, begun by a proposal, owns it (the dictionary has rare junk)
_LATIN = re.compile(r"[A-Za-z][A-Za-z.'’-]*(?: [A-Za-z][A-Za-z.'’-]*){0,3}")


def cut(text: str, start: int, end: int, next_tag: str | None = None) -> int:
    """Where a proposed name text[start:end] really ends (rule 1); `next_tag` is the model's tag of
    the word after the proposal, when known."""
    table, longest = T.followers()
    # 钱立新为市财政局: no Han name is this long
    if end - start > 4 and all("\u4e00" <= c <= "\u9fff" for c in text[start:end]):
        for k in range(start + 2, start + 4):
            if text[k] in table:
                return k
    for k in range(start + 1, end):
        for n in range(min(longest, len(text) - k), 0, -1):
            w = text[k : k + n]
            if w not in table:
                continue
            if n >= 2 and k + n >= end:  # 时|强调, 李鹏|发表, 王刚|同志
                return k
            # 金涛|在北京, but not 闫大为|认为 or 朱有为|博士: a function word is the name's end only
            # when a place, a name, a time or a number follows it, not a verb or a noun
            if (n == 1 and k + 1 == end and k >= start + 2 and table[w] == 1
                    and T.follower_score(text, end, len(text)) < 2 and next_tag in _AFTER_PREPOSITION):
                return k
    return end


def vetted(name: str, text: str = "", end: int = 0) -> bool:
    """Is `name` (after the cut) a person's full name by the genre's lights (rule 2)?
    `text` and `end` give what follows it on the page."""
    if len(name) < 2 or name in words("not_names"):
        return False
    if _FOREIGN.fullmatch(name):
        return len(name) <= 16
    if _LATIN.fullmatch(name):  # a name written in Latin letters, on the model's word
        return 2 <= len(name) <= 40 and (len(name) > 3 or not name.isupper())
    if _LONG_HAN.fullmatch(name):  # 斯特拉托维奇: a foreign name written without its dots
        return transliterated(name)
    if not _HAN.fullmatch(name) or any(c in T.BAD_NAME_CHARS for c in name[1:]):
        return False
    if text and _DOC_NUMBER.match(text, end):  # 冀政[2007]95号, 交公路发〔1995〕: a document number
        return False
    if text and _PLACE_TAIL.match(text, end):  # 安乐|县委, 安乐|县领导: a place before its bodies
        return False
    if T.org_ending(name) or name.endswith(T.ADDRESS_TAILS) or T.is_place(name) and name in T.place_names():
        return False
    if T.address_form(name):
        return False
    flags = T.role_flags()
    if name in flags or name[1:] in flags or name[2:] in flags:
        return False
    if T.common_word(name):
        return False  # 保障, 查处, 黄赌毒: a verb, an adjective, an abbreviation … not a name
    if T.plausible_name(name):
        return True
    # a known surname and more than a Han name holds (张大山小河): unless its characters are a
    # transliteration's (a foreign name), it is two names or a name and a word
    if (name[:2] in words("surnames") or name[0] in words("surnames")) and len(name) > 4:
        return _foreign(name)
    # no known surname: a foreign or unusual name, on the model's word
    return True


def proposed_names(text: str, tokens: Iterable[Token]) -> list[tuple[int, int]]:
    """The spans of the model's person proposals that pass the cut and the veto, where they do not
    open a leader's set phrase (习近平新时代…思想: no actor there). A proposal that is two full
    names run together (`汪洋王沪宁`, the space between them lost) gives both."""
    out = []
    words_ = completed(text, joined_foreign(text, tokens))
    for i, t in enumerate(words_):
        if t.tag != "PER" or glued_word(text, t.start) or opens_word(text, t.start, t.end):
            continue
        nxt = words_[i + 1] if i + 1 < len(words_) else None
        prev = words_[i - 1] if i else None
        if (t.end - t.start == 2 and nxt is not None and nxt.start == t.end and _modifies(text, nxt)
                and prev is not None and prev.end == t.start and prev.tag == "v"):
            continue  # 抓好|惠企|政策: two characters between a verb and its object noun modify it
        end = cut(text, t.start, t.end, nxt.tag if nxt is not None else None)
        for s, e in split_run(text[t.start : end], t.start):
            if vetted(text[s:e], text, e) and not opens_set_phrase(text, e):
                out.append((s, e))
    return out


def joined_foreign(text: str, tokens: Iterable[Token]) -> list[Token]:
    """The model's words, with a name it cut at a middle dot joined again (约翰|·|史密斯)."""
    out: list[Token] = []
    for t in tokens:
        if (t.tag == "PER" and len(out) >= 2 and out[-2].tag == "PER" and out[-2].end == out[-1].start
                and text[out[-1].start : out[-1].end] in ("·", "•", "・") and out[-1].end == t.start):
            first = out[-2]
            del out[-2:]
            t = Token(first.start, t.end, "PER")
        out.append(t)
    return out


_CREDIT_MARKS = "摄文图"  # 王某摄, 王某文/图: a credit's mark after the name, not its last character
_CLOSE = re.compile(r"[\s，。、；：！？,.;:!?“”\"（）()《》0-9０-９]")


def completed(text: str, tokens: Sequence[Token]) -> list[Token]:
    """The model's words, with a Han name it cut one character short made whole: a surname and one
    character, then a lone character the model read as a word of its own (no adverb or preposition:
    王刚|仍|表示), then punctuation, a
    number or a verb that follows names (`罗大|为|称`, `孟庆|中|称`, `汪春|和|介绍`). A verb or
    function word right before a pause is a name's last character far more often than a clause."""
    out = list(tokens)
    table, _ = T.followers()
    sur = words("surnames")
    clause_chars = words("clause_chars")  # 在, 对, 后, 版 …: what opens the words after a name
    for i in range(len(out) - 1):
        t, n = out[i], out[i + 1]
        if t.tag != "PER" or t.end - t.start != 2 or n.start != t.end or n.end - n.start != 1:
            continue
        c = text[n.start]
        if (text[t.start] not in sur or not T.IS_CJK.match(c) or c in T.BAD_NAME_CHARS or c in _CREDIT_MARKS
                or c in clause_chars or table.get(c) == 3 or n.tag in ("PER", "LOC", "ORG", "w", "d", "p")):
            continue
        p = n.end
        if p >= len(text) or _CLOSE.match(text, p) or T.follower_score(text, p, len(text)) == 3:
            out[i] = Token(t.start, n.end, "PER")
            out[i + 1] = Token(n.end, n.end, "w")  # emptied: its character is the name's now
    return _surname_joined(text, [t for t in out if t.end > t.start], sur)


_JOIN_TAGS = ("PER", "n", "nz")


def _surname_joined(text: str, toks: list[Token], sur: frozenset[str]) -> list[Token]:
    """A surname the model tagged PER alone, then its given name (`蒲|晓彤` both PER, `伍|军民` PER
    then a noun) is one name, where the two read as a full name no dictionary knows as a word and
    the given name is no verb and no noun for a person (`陈|导演`): a lone surname is no one's name."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        n = toks[i + 1] if i + 1 < len(toks) else None
        if (n is not None and n.start == t.end and t.tag == "PER" and t.end - t.start == 1 and text[t.start] in sur
                and 1 <= n.end - n.start <= 2 and n.tag in _JOIN_TAGS):
            name, given = text[t.start : n.end], text[n.start : n.end]
            if (T.plausible_name(name) and tokens.dictionary_tag(name) is None and not T.common_word(given)
                    and not given.endswith(_PERSON_NOUN_ENDS)):
                out.append(Token(t.start, n.end, "PER"))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _modifies(text: str, nxt: Token) -> bool:
    """Is the word after a proposal a plain noun it would modify (政策, 工作), rather than what
    follows a person's name (a role, 同志, 先生, a verb)?"""
    w = text[nxt.start : nxt.end]
    if w.endswith(_PERSON_NOUN_ENDS):  # 贺龙|元帅, 孙楠|总监: a person named by what they are
        return False
    return (nxt.tag in ("n", "nz", "vn") and len(w) >= 2 and w not in T.role_flags() and w not in T.address_tails()
            and T.follower_score(text, nxt.start, nxt.end) == 0 and not T.role_re().match(w))


def transliterated(name: str) -> bool:
    """Are four in five of its characters a transliteration's (安德烈, 卡罗琳)?"""
    chars = words("transliteration_chars")
    return bool(name) and sum(c in chars for c in name) * 5 >= len(name) * 4


def _foreign(name: str) -> bool:
    """Made of a transliteration's characters (梅德韦杰夫, 贝鲁斯科尼): two or more after the first."""
    return sum(c in words("transliteration_chars") for c in name[1:]) >= 2


def split_run(name: str, start: int) -> list[tuple[int, int]]:
    """[start, end) of each full name in `name`: two names of known surnames run together are
    split (five or six characters: four may be one name, 欧阳振华)."""
    n = len(name)
    if _HAN.fullmatch(name) and n >= 5 and not _foreign(name):
        cuts = [k for k in (2, 3) if 2 <= n - k <= 3 and T.plausible_name(name[:k]) and T.plausible_name(name[k:])]
        if len(cuts) == 1:  # 王沪宁汪洋 reads 王沪|宁汪洋 as well as 王沪宁|汪洋: no guess then
            k = cuts[0]
            return [(start, start + k), (start + k, start + n)]
    return [(start, start + n)]


def glued_word(text: str, start: int) -> bool:
    """Does the proposal's first character close a common word begun just before it (及|时赶赴)?"""
    if start == 0:
        return False
    entry = tokens.dictionary_tag(text[start - 1 : start + 1])
    return bool(entry) and not entry[0].startswith("nr") and entry[1] >= _GLUED


def opens_word(text: str, start: int, end: int) -> bool:
    """Does the proposal open an idiom or a word that runs on past it (马到成|功)?"""
    for k in (1, 2):
        entry = tokens.dictionary_tag(text[start : end + k]) if end + k <= len(text) else None
        if entry and not entry[0].startswith("nr") and entry[1] >= _IDIOM:
            return True
    return False


def document_names(text: str, tokens_per_article: Sequence[Sequence[Token]]) -> frozenset[str]:
    """Every name the policy confirms anywhere in one page (rule 3 reads them in every article),
    less those the page itself introduces as a short name of something else (`以下简称“X”`)."""
    found = {text[s:e] for toks in tokens_per_article for s, e in proposed_names(text, toks)}
    short = [m.end() for m in _SHORT_NAME.finditer(text)]  # where a page gives something a short name
    outvoted = _outvoted(text, tokens_per_article, found)
    return frozenset(n for n in found if not any(text.startswith(n, i) for i in short)
                     and n not in outvoted and not plays_as_team(text, n))


def _outvoted(text: str, tokens_per_article: Sequence[Sequence[Token]], found: set[str]) -> set[str]:
    """Names the model itself reads as something else (a place, an organisation, a word) at least
    as often as a person on this page (阿森堡 LOC, PER): a person's name is read as one."""
    per: dict[str, int] = {}
    other: dict[str, int] = {}
    for toks in tokens_per_article:
        for t in toks:
            w = text[t.start : t.end]
            if w in found:
                d = per if t.tag == "PER" else other
                d[w] = d.get(w, 0) + 1
    return {w for w, k in other.items() if k >= per.get(w, 0)}


@lru_cache(maxsize=None)
def _team_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    marks = rows("team_marks")
    before = "|".join(sorted((re.escape(r[0]) for r in marks if r[1] in ("before", "both")), key=lambda w: (-len(w), w)))

    def after_mark(r: tuple[str, ...]) -> str:  # 主场, but not 主场外交
        unless = "|".join(map(re.escape, r[2].split())) if len(r) > 2 else ""
        return re.escape(r[0]) + (f"(?!{unless})" if unless else "")

    after = "|".join(after_mark(r) for r in sorted((r for r in marks if r[1] in ("after", "both")), key=lambda r: (-len(r[0]), r[0])))
    return re.compile(f"(?:{before})\\s*$"), re.compile(f"\\s*(?:{after})")


def plays_as_team(text: str, name: str) -> bool:
    """Does the page write `name` as a side of a fixture or a bookmaker rather than a person
    (`阿森堡主场`, `升班马X`, `X vs Y`, `X主胜赔`: team_marks.txt)? Models read the transliterated
    names of clubs, and of the cities they are named after, as people; the page's sports shapes tell."""
    before, after = _team_marks()
    i = text.find(name)
    while i != -1:
        if after.match(text, i + len(name)) or before.search(text, max(0, i - 6), i):
            return True
        i = text.find(name, i + 1)
    return False


@lru_cache(maxsize=None)
def _doctrine_re() -> re.Pattern[str]:
    """A set phrase opened by a name: up to 12 characters, none of them a role, then 思想/理论 …"""
    ends = "|".join(sorted(map(re.escape, words("doctrine_words")), key=lambda w: (-len(w), w)))
    return re.compile(f"[^\\W的是为了在和与及对把被将]{{0,12}}?(?:{ends})(?![家者])")


def opens_set_phrase(text: str, end: int) -> bool:
    """Does the name ending at `end` open a leader's set phrase (…生态文明思想, …理论)? Not when a
    role stands between (习近平总书记重要讲话: he is named as the speaker)."""
    m = _doctrine_re().match(text, end)
    return bool(m) and not T.role_re().search(text, end, m.end())


def word_bounds(tokens: Iterable[Token]) -> tuple[frozenset[int], frozenset[int]]:
    """Offsets where the model starts a word, and where it ends one."""
    starts, ends = set(), set()
    for t in tokens:
        starts.add(t.start)
        ends.add(t.end)
    return frozenset(starts), frozenset(ends)
