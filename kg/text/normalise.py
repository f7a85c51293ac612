"""Source -> Document: clean text for extraction plus a map from every character back to the file.

Newspaper text arrives as laid out on the page: columns wrapped mid-word, letter-spaced lines
(`本 领 不 足`), paragraphs cut by column breaks (a blank line inside `为经济提 / 质增效`), half- and
full-width punctuation mixed, and page furniture (`（下转02版）`, `编辑:… 校对:…`). Extraction wants
one paragraph a line with the wraps joined; provenance wants every character traced back to the
original file. So each output character carries the raw offset it came from (`Document.to_raw`).

Decisions (each a rule of the genre, not of one page):
* wrapped lines of a paragraph are joined with nothing between them (a space between Latin words);
* a space between two Chinese runs is kept only when both runs are longer than one character
  (`记者 李江涛 李东慧`, `把握关键环节 强力推进实施`): single-character runs are letter-spacing;
* spaces next to punctuation, or between Chinese and digits/Latin (`决战 30 天`), are dropped;
* a blank line does not end a paragraph when the text before it is plainly cut (a long line or a
  clause punctuation in the last line, or a full-width last line, and no sentence end) and the
  text after it does not start a new block (本报讯, ■, headings, bylines …);
* half-width `,;:!?()` become full-width in Chinese text (not between digits: `10:30`, `1,200`);
  full-width digits and Latin letters become ASCII;
* furniture lines are dropped; Markdown heading marks are dropped but the heading level is kept
  on the paragraph (`Document.blocks`) for segmentation;
* a masthead above the first headline (`开封日报`, `第01版 · 要闻`) is furniture, and its page date
  (`2024年3月19日 星期二`) becomes a paragraph of its own, never part of a headline deck;
* a line over MAX_LINE characters (a page saved without line breaks) is cut after each sentence
  end and before `本报讯`/`■`, each piece a paragraph, so that no later stage meets a paragraph of
  megabytes (their work grows faster than a paragraph's length).
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from typing import Sequence

from kg.records import Block, Document, Source, Span

_SPACE = {" ", "\t", "\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff"}
_TERMINAL = set("。！？!?…；;")
_CLOSERS = set("”’」』）)》〉】")
_CLAUSE = set("，、；：,;:")
_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

_FURNITURE = [
    re.compile(r"^[（(]?\s*(下转|上接|转|接)\s*第?\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[）)]?$"),
    re.compile(r"^(责任)?编辑\s*[:：].*(校对|组版|美编|审读|责编)\s*[:：]"),
    re.compile(r"^(校对|组版|美编|审读|版式|责编)\s*[:：]\S+(\s+\S+\s*[:：]\S+)*$"),
    re.compile(r"^第?\s*[0-9０-９]{1,2}\s*版\s*$"),
]
_INLINE_FURNITURE = re.compile(r"[（(]\s*(下转|上接)\s*第?\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[）)]")
_MD_HEADING = re.compile(r"(#{1,6})[ \t]+")
MAX_LINE = 2000  # characters; longer lines are cut (`_cut_long`). The longest real paragraph seen: ~930
_CUT_AT = re.compile(r"[。！？]+[”’」』）)]*|(?=本报讯|■)")
_CLAUSE_MARK = re.compile("[，；、：]")
# The masthead above the first headline (issue 15 item 18): the paper's name and the page's label
# are furniture; the page date is kept, alone, so that segmentation dates the page's articles.
_SECTIONS = "要闻|综合|时政|经济|社会|评论|文化|体育|国际|国内|专题|专版|副刊|理论|民生|城市|县域|法治|教育|科技|农业|党建|新闻"
_MASTHEAD = re.compile(
    r"^[\u4e00-\u9fff]{2,10}(日报|晚报|早报|时报|商报|导报)$"
    r"|^(第\s*[0-9A-Z]{1,3}\s*版|[0-9A-Z]{1,3}\s*版)?\s*[·・:：|丨\s]*(" + _SECTIONS + r")?$"
)
_PAGE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日\s*([（(]?星期[一二三四五六日天][）)]?)?$")
_SECTION_HEAD = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")
_BLOCK_START = re.compile(
    r"^(本报讯|本报记者|本报通讯员|记者\s|见习记者|通讯员|■|●|◆|▲|【|——|—|"
    r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]+、|"
    r"\d{4}年\d{1,2}月\d{1,2}日)"
)


_HAS_CJK = re.compile("[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FFFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3005 <= o <= 0x3007
    )


def _mid_token(before: str, after: str) -> bool:
    """A wrap inside a number or an open bracket (`（20 / 21—2023年）`) is not a phrase break."""
    if before[-1].isdigit() and after[0].isdigit():
        return True
    return any(before.rfind(o) > before.rfind(c) for o, c in ("《》", "（）", "〈〉", "“”"))


def _is_letter_ascii(ch: str) -> bool:
    """Latin words wrapped across lines get a space back; digits (20 / 21) do not."""
    return ch.isascii() and ch.isalpha()


def _is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(slots=True)
class _Line:
    chars: str
    pos: Sequence[int]
    end: int  # raw offset of the line break after this line
    heading: int = 0
    cut: bool = False  # starts where an over-long line was cut (`_cut_long`): a paragraph of its own

    def text(self) -> str:
        return self.chars


_NEEDS_WORK = re.compile(
    "[\\s\\x00-\\x1f\\x7f-\\x9f\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a,;:!?()\\u2014\\u2015\\u200b\\ufeff\\ufffe\\uffff\\ud800-\\udfff]"
)
_CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ufffe\\uffff\\ud800-\\udfff]")
_FOLD = str.maketrans(
    {**{chr(o): chr(o - 0xFEE0) for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for o in range(r[0], r[1] + 1)},
     "\u2014": "—", "\u2015": "—", **{c: " " for c in _SPACE}}
)
_HALF = re.compile("[,;:!?()]")
_SPACES = re.compile(" +")


def _to_full(m: re.Match[str]) -> str:
    ch, s, i = m.group(), m.string, m.start()
    if ch in ",:" and 0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit():
        return ch  # 10:30, 1,200
    return _TO_FULL[ch]


def _clean_line(raw: str, start: int, end: int) -> tuple[str, Sequence[int]]:
    """One raw line after the space and width rules, with the raw offset of each character.

    Every step but control-character removal and space dropping maps characters one to one,
    so offsets are only rebuilt where characters go.
    """
    line = raw[start:end]
    if not _NEEDS_WORK.search(line):  # the common case: nothing to change
        return line, range(start, end)
    pos: Sequence[int] = array("q", range(start, end))
    if _CONTROL.search(line):  # control characters (NUL, BEL …) carry no text
        keep = [i for i, c in enumerate(line) if not _CONTROL.match(c)]
        line = "".join(line[i] for i in keep)
        pos = array("q", (pos[i] for i in keep))
    line = line.translate(_FOLD)
    if _HAS_CJK.search(line) and _HALF.search(line):
        line = _HALF.sub(_to_full, line)
    a, b = 0, len(line)
    while a < b and line[a] == " ":
        a += 1
    while b > a and line[b - 1] == " ":
        b -= 1
    line, pos = line[a:b], pos[a:b]
    if " " not in line:
        return line, pos
    out: list[str] = []
    out_p = array("q")
    last = 0
    for m in _SPACES.finditer(line):
        i, j = m.start(), m.end()
        out.append(line[last:i])
        out_p.extend(pos[last:i])
        if _keep_space(line, i, j, line[i - 1], line[j]):
            out.append(" ")
            out_p.append(pos[i])
        last = j
    out.append(line[last:])
    out_p.extend(pos[last:])
    return "".join(out), out_p


def _run_len(chars: str, k: int, step: int) -> int:
    n = 0
    while 0 <= k < len(chars) and is_cjk(chars[k]):
        n += 1
        k += step
    return n


def _keep_space(chars: str, i: int, j: int, left: str, right: str) -> bool:
    if _is_alnum_ascii(left) and _is_alnum_ascii(right):
        return True
    if is_cjk(left) and is_cjk(right):
        return _run_len(chars, i - 1, -1) > 1 and _run_len(chars, j, 1) > 1
    return False  # spaces by punctuation or between scripts are layout, not text


def _is_furniture(text: str) -> bool:
    return any(p.match(text) for p in _FURNITURE)


def _ends_cut(para: list[_Line]) -> bool:
    """Does this paragraph look cut off by a column break rather than ended?"""
    last = para[-1].chars
    if not last:
        return False
    end = last[-1]
    if end in _TERMINAL:
        return False
    if end in _CLOSERS:
        # 。” ends a sentence; 》 or ） alone may be mid-sentence
        if len(last) >= 2 and last[-2] in _TERMINAL:
            return False
        if end in "”’」』":
            return False
    if para[-1].heading:
        return False
    text = "".join(last)
    tail = "".join(line.chars for line in para[-3:])
    if tail.rfind("《") > tail.rfind("》"):
        return True  # a title still open: 《…新时 / 代基层 ‖ 应急管理…》
    if len(para) == 1 and len(text) <= 40 and "。" not in text and _SECTION_HEAD.match(text):
        return False  # 二、准确把握方向路径，突出抓好重点工作: a section heading, not a cut sentence
    if len(text) > 40:
        return True
    if any(c in "，；：。,;:" for c in text) or end in "，、":
        return True
    if len(para) >= 2 and not _is_deck(para):
        width = max(len(line.chars) for line in para)
        return len(last) >= 8 and len(last) >= width - 1
    return False


def _is_deck(para: list[_Line]) -> bool:
    """Short lines without sentence punctuation: headline decks, captions, bylines.

    Their line breaks separate phrases (`立足石化区情 / 打造实力之城`, `记者 梅占国 … / 摄`),
    so they are joined with a space and never run on into the next paragraph.
    """
    if len(para) > 4:
        return False
    for line in para:
        if len(line.chars) > 30 or any(c in "。，；！？,;" for c in line.chars):
            return False
    return True


def _continues(para: list[_Line]) -> bool:
    """Does this paragraph open mid-sentence (`托，不负…`, `体、新兴媒体`)?"""
    t = para[0].chars
    return len(t) >= 2 and is_cjk(t[0]) and t[1] in "，、；：。"


def _split_unwrapped(para: list[_Line]) -> list[list[_Line]]:
    """Pages stored one paragraph a line (lines far wider than a column) break only at ends."""
    if len(para) < 2 or max(len(x.chars) for x in para) <= 60:
        return [para]
    return [[line] for line in para]


def _headline_like(para: list[_Line]) -> bool:
    if len(para) != 1:
        return False
    t = para[0].text()
    return len(t) <= 30 and not any(c in "。，；！？,;" for c in t)


def _starts_block(para: list[_Line]) -> bool:
    return bool(para[0].heading) or bool(_BLOCK_START.match(para[0].text()))


def normalise(source: Source) -> Document:
    """Clean `source.raw` into one-paragraph-a-line text with an offset map back to it."""
    lines = _read_lines(source.raw)
    return _assemble(source, _join_cut(_paragraphs(lines)))


def _read_lines(raw: str) -> list[_Line | None]:
    """Physical lines, cleaned, with their raw offsets; None marks a blank or furniture line."""
    lines: list[_Line | None] = []
    top = True  # still in the masthead zone: nothing but a paper name, a page date, page labels so far
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", raw):
        if m.start() == m.end():
            break
        body_end = m.end()
        while body_end > m.start() and raw[body_end - 1] in "\r\n":
            body_end -= 1
        line_start = m.start()
        heading = 0
        hm = _MD_HEADING.match(raw, line_start, body_end)
        if hm:
            heading = len(hm.group(1))
            line_start = hm.end()
        chars, pos = _clean_line(raw, line_start, body_end)
        if chars and "版" in chars and _INLINE_FURNITURE.search(chars):
            chars, pos = _drop_inline_furniture(chars, pos)
        if not chars or _is_furniture(chars):
            lines.append(None)
            continue
        if top and not heading:
            if _MASTHEAD.match(chars):  # 开封日报, 第01版 · 要闻: furniture
                lines.append(None)
                continue
            if _PAGE_DATE.match(chars):  # the page date: a paragraph of its own, which dates the page
                lines.extend((None, _Line(chars, pos, body_end), None))
                continue
        top = False
        if len(chars) > MAX_LINE:
            lines.extend(_cut_long(chars, pos, body_end, heading))
            continue
        lines.append(_Line(chars, pos, body_end, heading))
    return lines


def _cut_long(chars: str, pos: Sequence[int], end: int, heading: int) -> list[_Line]:
    """An over-long line (a page saved without line breaks) as lines cut after each sentence end and
    before each `本报讯` or `■`, none longer than MAX_LINE; offsets kept exactly.

    Why: later stages do work that grows faster than a paragraph's length (a 1 MB line took 75 s,
    issue 15), and the cuts give back the structure the line ends carried (a headline before its
    `本报讯` lead becomes a paragraph of its own again). A sentence longer than MAX_LINE is cut at its
    last clause mark (，；、：) in the second half of the limit, or else at the limit.
    """
    bounds = [0]
    for m in _CUT_AT.finditer(chars):
        if bounds[-1] < m.end() < len(chars):
            bounds.append(m.end())
    bounds.append(len(chars))
    pieces: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        while b - a > MAX_LINE:
            k = a + MAX_LINE
            for m in _CLAUSE_MARK.finditer(chars, a + MAX_LINE // 2, a + MAX_LINE):
                k = m.end()
            pieces.append((a, k))
            a = k
        pieces.append((a, b))
    out = []
    for n, (a, b) in enumerate(pieces):
        last = n == len(pieces) - 1
        out.append(_Line(chars[a:b], pos[a:b], end if last else pos[b - 1] + 1, heading if n == 0 else 0, cut=n > 0))
    return out


def _drop_inline_furniture(chars: str, pos: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The line without `（下转02版）` and the like, offsets kept."""
    keep = [True] * len(chars)
    for fm in _INLINE_FURNITURE.finditer(chars):
        for k in range(fm.start(), fm.end()):
            keep[k] = False
    chars = "".join(c for c, k in zip(chars, keep) if k)
    pos = array("q", (p for p, k in zip(pos, keep) if k))
    stripped = chars.rstrip(" ")
    return stripped, pos[: len(stripped)]


def _paragraphs(lines: list[_Line | None]) -> list[list[_Line]]:
    """Lines grouped into paragraphs: blank lines end them; a heading line is a paragraph of its own."""
    paras: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line is None:
            if current:
                paras.append(current)
                current = []
            continue
        if line.heading or line.cut or (current and current[-1].heading):
            if current:
                paras.append(current)
            current = [line]
        elif current and _BLOCK_START.match(line.text()) and line.text().startswith(("■", "本报讯")):
            paras.append(current)
            current = [line]
        else:
            current.append(line)
    if current:
        paras.append(current)
    return paras


def _join_cut(paras: list[list[_Line]]) -> list[list[_Line]]:
    """Paragraphs cut by column breaks joined again."""
    merged: list[list[_Line]] = []
    for para in (p for group in paras for p in _split_unwrapped(group)):
        if merged and not para[0].cut and not _starts_block(para) and (
            (_ends_cut(merged[-1]) and not _headline_like(para)) or _continues(para)
        ):
            merged[-1] = merged[-1] + para
        else:
            merged.append(para)
    return merged


def _assemble(source: Source, merged: list[list[_Line]]) -> Document:
    """One paragraph a line, wraps joined (a space inside decks and between Latin words)."""
    raw = source.raw
    out_c: list[str] = []
    out_p: array = array("q")
    blocks: list[Block] = []
    length = 0
    for para in merged:
        if length:
            out_c.append("\n")
            out_p.append(out_p[-1] + 1)
            length += 1
        start = length
        prev: _Line | None = None
        deck = len(para) > 1 and _is_deck(para)
        for line in para:
            if prev is not None and prev.chars and line.chars:
                if (deck and not _mid_token(prev.chars, line.chars)) or (
                    _is_letter_ascii(prev.chars[-1]) and _is_letter_ascii(line.chars[0])
                ):
                    out_c.append(" ")
                    out_p.append(prev.end)
                    length += 1
            out_c.append(line.chars)
            out_p.extend(line.pos)
            length += len(line.chars)
            prev = line
        blocks.append(Block(Span(start, length), para[0].heading, len(para), max(len(x.chars) for x in para)))
    # the newline between paragraphs maps to just after the previous paragraph's last character
    text = "".join(out_c)
    for m in re.finditer("\n", text):
        k = m.start()
        out_p[k] = min(out_p[k - 1] + 1, len(raw))
    out_p.append(len(raw) if not out_p else min(out_p[-1] + 1, len(raw)))
    return Document(source=source, text=text, to_raw=out_p, blocks=tuple(blocks))
