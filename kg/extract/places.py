"""Places: provinces, cities, districts, counties, towns, villages, communities (`zw:Place`).

Find:
* divisions of China from kg/lexicons/divisions.txt (河南省, 洛阳市, 吉利区, 嵩县, 瀍河区 …), longest
  match; a one-character name + 县/区 (嵩县) needs a boundary before it, so 提高县域 is no 高县;
* a bare city or province name after 在/到/赴/来/视察 (`在洛阳召开`) is that city (label 洛阳市);
* towns, streets, communities and villages (…镇, …乡, …街道, …社区, …村) of two to four
  characters that follow a boundary or another place (`东起车村镇天桥沟村`, `洛龙区定鼎门街道王庄社区`);
  kinds of area (城乡, 新农村, 城市社区: kg/lexicons/place_generic.txt) are not places;
* a district missing from the table (functional districts such as 伊滨区) when the article names it
  at least twice.

A place name that opens an organisation's name (`洛阳市委`, `北窑街道党工委`) is left to the
organisation; organisations named with a place get `zw:locatedIn` it. Facts: `zw:placeType` (省, 市,
区, 县, 镇, 乡, 村, 社区, 街道), `zw:within` for a place written right after the place that contains
it, or the division that contains it when the article names that too (or it is the paper's city).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from kg.extract.context import Context, unique_facts
from kg.extract.common import CJK, evidence, ranges
from kg.lexicons import rows, words
from kg.records import Entity, Fact, Mention, Span

_BOUNDARY = set("在到赴至和与及、的于从对向即起是经由自省市区县，。；：（）() \n“”")
_ORG_NEXT = re.compile(
    r"(?:委|政府|人民政府|人大|政协|纪委|党工委|党委|党支部|党组|办事处|居委会|村委会|公安|法院|检察院|"
    r"卫生院|派出所|人武部|人民武装部|军分区|分行|支行|供电|税务|财政局|发改委|总工会|工会|妇联|团委)"
)
_WORD_NEXT = re.compile(r"(?:域|级|内|外|里|城|民|庄|长|委)")
_BARE_BEFORE = ("在", "到", "赴", "来", "至", "于", "视察", "考察", "走进", "落户", "离开", "回到", "来到")
_SUFFIX_RE = re.compile(r"街道|社区|镇|乡|村")
_GENERIC_TAIL = {"乡村", "城乡", "城镇", "乡镇", "农村", "小镇", "进村", "驻村"}
_INNER_STOP = re.compile(r"[至起在到赴于从即的对、，。]")  # 西至白河镇 is 白河镇


@lru_cache(maxsize=None)
def divisions() -> dict[str, tuple[str, tuple[str, ...]]]:
    """name -> (place type, containing divisions)."""
    out = {}
    for r in rows("divisions"):
        out[r[0]] = (r[1], tuple(r[2].split(",")) if len(r) > 2 and r[2] else ())
    return out


@lru_cache(maxsize=None)
def _bare() -> dict[str, str]:
    """Bare city and province names -> the division's full name (洛阳 -> 洛阳市)."""
    div = divisions()
    out = {}
    for c in words("cities"):
        if c + "市" in div:
            out[c] = c + "市"
    for p in words("provinces"):
        for full in (p + "省", p + "市", p + "自治区"):
            if full in div:
                out[p] = full
                break
    return out


@lru_cache(maxsize=None)
def _suffix_types() -> dict[str, str]:
    return {r[0]: r[1] for r in rows("place_suffixes")}


_DIV_END = re.compile(r"[省市区县旗州盟]")


@lru_cache(maxsize=None)
def _generic_heads() -> tuple[str, ...]:
    return tuple(w for w in words("place_generic") if len(w) >= 2)


def _left_ok(text: str, start: int, prev_end: int) -> bool:
    if start == prev_end:
        return True
    before = text[start - 1] if start > 0 else "\n"
    return before in _BOUNDARY or not re.match(f"[{CJK}]", before)


class _Places:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.art = ctx.article
        self.found: list[tuple[Span, str, str]] = []  # span, label, type
        org_spans = [m.span for m in ctx.mentions if m.entity.kind == "org"]
        self.org_spans = sorted(org_spans, key=lambda s: s.start)

    def in_org(self, span: Span) -> bool:
        return any(o.contains(span) and (o.start, o.end) != (span.start, span.end) for o in self.org_spans)

    def divisions(self, lo: int, hi: int) -> None:
        text = self.art.text
        div = divisions()
        last_end = -1
        for m in _DIV_END.finditer(text, lo, hi):
            e = m.end()
            if e <= last_end:
                continue
            for n in range(min(12, e - lo), 1, -1):
                name = text[e - n : e]
                if name not in div:
                    continue
                s = e - n
                if n == 2 and not _left_ok(text, s, last_end):
                    break
                if _WORD_NEXT.match(text, e) and n == 2:
                    break
                self.found.append((Span(s, e), name, div[name][0]))
                last_end = e
                break

    def bare(self, lo: int, hi: int) -> None:
        text = self.art.text
        bare = _bare()
        if not bare:
            return
        pat = _bare_re()
        for m in pat.finditer(text, lo, hi):
            name = m.group("n")
            nxt = text[m.end() : m.end() + 1]
            if nxt in ("市", "省"):  # 在洛阳市… is a full name, found by the table
                continue
            self.found.append((Span(m.start("n"), m.end("n")), bare[name], divisions()[bare[name]][0]))

    def below_county(self, lo: int, hi: int) -> None:
        text = self.art.text
        types = _suffix_types()
        generic = words("place_generic")
        heads = tuple(words("place_heads"))
        ends = {s.end for s, _, _ in self.found}
        for m in _SUFFIX_RE.finditer(text, lo, hi):
            if m.end() < hi and (text[m.end()] in "镇乡村区县" or text.startswith(("社区", "街道", "办事处"), m.end())):
                continue
            if m.group() in "村镇" and _WORD_NEXT.match(text, m.end()):
                continue
            if m.group() == "乡" and text.startswith(("（镇）", "(镇)", "镇"), m.end()):
                continue
            taken = False
            for n in (4, 3, 2):
                s = m.start() - n
                if s < lo:
                    continue
                stem = text[s : m.start()]
                if not re.fullmatch(f"[{CJK}]+", stem):
                    continue
                if any(f.start < m.start() and s < f.end and f.end != s for f, _, _ in self.found[-3:]):
                    continue
                if not _left_ok(text, s, s if s in ends else -1):
                    continue
                if _INNER_STOP.search(stem):
                    continue
                if stem.startswith(heads) or stem.startswith(_generic_heads()) or any(stem[i:] in generic for i in range(len(stem) - 1)) or any(
                    (stem[i:] + m.group()) in _GENERIC_TAIL for i in range(len(stem))
                ) or stem + m.group() in generic:
                    break
                self.found.append((Span(s, m.end()), stem + m.group(), types[m.group()]))
                ends.add(m.end())
                taken = True
                break
            if not taken:
                continue

    def unlisted_districts(self, lo: int, hi: int) -> None:
        """伊滨区: a two-character district the table lacks, named twice in the article."""
        text = self.art.text
        generic = words("place_generic")
        heads = tuple(words("place_heads"))
        div = divisions()
        seen: list[tuple[Span, str]] = []
        for m in re.finditer(f"(?=([{CJK}]{{2}})区)", text[lo:hi]):
            s = lo + m.start()
            stem = m.group(1)
            name = stem + "区"
            if name in div or stem in generic or stem.startswith(heads) or name in generic:
                continue
            if not _left_ok(text, s, -1) or _WORD_NEXT.match(text, s + 3) or stem[-1] in "市县省":
                continue
            seen.append((Span(s, s + 3), name))
        counts = Counter(n for _, n in seen)
        taken = {(f.start, f.end) for f, _, _ in self.found}
        for span, name in seen:
            if counts[name] >= 2 and (span.start, span.end) not in taken:
                self.found.append((span, name, "区"))


@lru_cache(maxsize=None)
def _bare_re() -> re.Pattern[str]:
    names = "|".join(map(re.escape, sorted(_bare(), key=lambda w: (-len(w), w))))
    before = "|".join(map(re.escape, _BARE_BEFORE))
    return re.compile(f"(?:{before})(?P<n>{names})")


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    text = art.text
    p = _Places(ctx)
    for rng in ranges(art):
        p.divisions(rng.start, rng.end)
        p.bare(rng.start, rng.end)
        p.below_county(rng.start, rng.end)
        p.unlisted_districts(rng.start, rng.end)
    found = sorted({(s.start, s.end): (s, l, t) for s, l, t in p.found}.values(), key=lambda f: f[0].start)
    mentions: list[Mention] = []
    facts: list[Fact] = []

    def fact(s: Entity, pred: str, o: object, span: Span) -> None:
        facts.append(Fact(s, pred, o, evidence(art, span)))  # type: ignore[arg-type]

    labels = {label for _, label, _ in found}
    if art.city and art.city + "市" in divisions():
        labels.add(art.city + "市")
    prev: tuple[Span, Entity] | None = None
    for span, label, typ in found:
        # a place that opens an organisation's name is the organisation's business
        if p.in_org(span) or _ORG_NEXT.match(text, span.end):
            prev = None
            continue
        place = Entity("place", label)
        surface = text[span.start : span.end]
        mentions.append(Mention(place, span, surface if surface != label else ""))
        fact(place, "zw:placeType", typ, span)
        if surface != label:
            fact(place, "skos:altLabel", surface, span)
        if prev is not None and prev[0].end == span.start:
            fact(place, "zw:within", prev[1], span)
        else:
            for parent in divisions().get(label, ("", ()))[1]:
                if parent in labels:
                    fact(place, "zw:within", Entity("place", parent), span)
        prev = (span, place)
    facts.extend(_org_places(ctx))
    return mentions, unique_facts(facts)


def _org_places(ctx: Context) -> list[Fact]:
    """An organisation named with a place (洛阳市委组织部, 瀍河区人民武装部) is located in it."""
    out = []
    div = divisions()
    bare = _bare()
    done: set[Entity] = {f.subject for f in ctx.facts if f.predicate == "zw:locatedIn"}
    for m in ctx.mentions:
        org = m.entity
        if org.kind != "org" or org in done:
            continue
        done.add(org)
        name = org.label.removeprefix("中共")
        place = None
        for n in range(min(12, len(name) - 1), 1, -1):
            if name[:n] in div:
                place = name[:n]
                break
        if place is None:
            for n in (4, 3, 2):
                if name[:n] in bare and len(name) > n:
                    place = bare[name[:n]]
                    break
        if place:
            out.append(Fact(org, "zw:locatedIn", Entity("place", place), evidence(ctx.article, m.span)))
    return out
