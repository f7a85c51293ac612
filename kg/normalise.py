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
  on the paragraph (`Document.blocks`) for segmentation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .types import Block, Document, Source, Span

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
_BLOCK_START = re.compile(
    r"^(本报讯|本报记者|本报通讯员|记者\s|见习记者|通讯员|■|●|◆|▲|【|——|—|"
    r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]+、|"
    r"\d{4}年\d{1,2}月\d{1,2}日)"
)


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FFFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3005 <= o <= 0x3007
    )


def _is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(slots=True)
class _Line:
    chars: list[str]
    pos: list[int]
    end: int  # raw offset of the line break after this line
    heading: int = 0

    def text(self) -> str:
        return "".join(self.chars)


def _fold_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    if ch == "\u2014" or ch == "\u2015":  # em dash variants -> ——
        return "—"
    return ch


def _clean_line(raw: str, start: int, end: int) -> tuple[list[str], list[int]]:
    """Characters of one raw line after space and width rules, with their raw offsets."""
    chars: list[str] = []
    pos: list[int] = []
    for i in range(start, end):
        ch = raw[i]
        o = ord(ch)
        if ch in _SPACE:
            chars.append(" ")
            pos.append(i)
            continue
        if o < 32 or 0x7F <= o < 0xA0 or o in (0xFFFE, 0xFFFF) or 0xD800 <= o <= 0xDFFF:
            continue  # control characters (NUL, form feed …) carry no text
        chars.append(_fold_char(ch))
        pos.append(i)
    # strip
    while chars and chars[0] == " ":
        chars.pop(0)
        pos.pop(0)
    while chars and chars[-1] == " ":
        chars.pop()
        pos.pop()
    if not chars:
        return chars, pos
    has_cjk = any(is_cjk(c) for c in chars)
    # decide each run of spaces
    out_c: list[str] = []
    out_p: list[int] = []
    n = len(chars)
    i = 0
    while i < n:
        ch = chars[i]
        if ch != " ":
            if has_cjk and ch in _TO_FULL:
                left = chars[i - 1] if i else ""
                right = chars[i + 1] if i + 1 < n else ""
                if not (ch in ",:" and left.isdigit() and right.isdigit()):
                    ch = _TO_FULL[ch]
            out_c.append(ch)
            out_p.append(pos[i])
            i += 1
            continue
        j = i
        while j < n and chars[j] == " ":
            j += 1
        left, right = chars[i - 1], chars[j]
        if _keep_space(chars, i, j, left, right):
            out_c.append(" ")
            out_p.append(pos[i])
        i = j
    return out_c, out_p


def _run_len(chars: list[str], k: int, step: int) -> int:
    n = 0
    while 0 <= k < len(chars) and is_cjk(chars[k]):
        n += 1
        k += step
    return n


def _keep_space(chars: list[str], i: int, j: int, left: str, right: str) -> bool:
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
    raw = source.raw
    lines: list[_Line | None] = []  # None marks a blank line
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
        text = "".join(chars)
        if chars and _INLINE_FURNITURE.search(text):
            keep = [True] * len(chars)
            for fm in _INLINE_FURNITURE.finditer(text):
                for k in range(fm.start(), fm.end()):
                    keep[k] = False
            chars = [c for c, k in zip(chars, keep) if k]
            pos = [p for p, k in zip(pos, keep) if k]
            while chars and chars[-1] == " ":
                chars.pop()
                pos.pop()
            text = "".join(chars)
        if not chars or _is_furniture(text):
            lines.append(None)
            continue
        lines.append(_Line(chars, pos, body_end, heading))

    # group into paragraphs; a heading line is a paragraph of its own
    paras: list[list[_Line]] = []
    current: list[_Line] = []
    gap = True
    for line in lines:
        if line is None:
            if current:
                paras.append(current)
                current = []
            gap = True
            continue
        if line.heading or (current and current[-1].heading):
            if current:
                paras.append(current)
            current = [line]
        elif current and _BLOCK_START.match(line.text()) and line.text().startswith(("■", "本报讯")):
            paras.append(current)
            current = [line]
        else:
            current.append(line)
        gap = False
    if current:
        paras.append(current)
    del gap

    # join paragraphs cut by column breaks
    merged: list[list[_Line]] = []
    for para in (p for group in paras for p in _split_unwrapped(group)):
        if merged and not _starts_block(para) and (
            (_ends_cut(merged[-1]) and not _headline_like(para)) or _continues(para)
        ):
            merged[-1] = merged[-1] + para
        else:
            merged.append(para)

    out_c: list[str] = []
    out_p: list[int] = []
    blocks: list[Block] = []
    for para in merged:
        if out_c:
            out_c.append("\n")
            out_p.append(out_p[-1] + 1 if out_p else 0)
        start = len(out_c)
        prev: _Line | None = None
        deck = len(para) > 1 and _is_deck(para)
        for line in para:
            if prev is not None and prev.chars and line.chars:
                if deck or (_is_alnum_ascii(prev.chars[-1]) and _is_alnum_ascii(line.chars[0])):
                    out_c.append(" ")
                    out_p.append(prev.end)
            out_c.extend(line.chars)
            out_p.extend(line.pos)
            prev = line
        blocks.append(
            Block(Span(start, len(out_c)), para[0].heading, len(para), max(len(x.chars) for x in para))
        )
    # the newline between paragraphs maps to the end of the previous paragraph's raw line
    text = "".join(out_c)
    for k, ch in enumerate(out_c):
        if ch == "\n":
            out_p[k] = min(out_p[k - 1] + 1, len(raw)) if k else 0
    out_p.append(len(raw) if not out_p else min(out_p[-1] + 1, len(raw)))
    return Document(source=source, text=text, to_raw=tuple(out_p), blocks=tuple(blocks))
