"""Projects: named things being built (…项目, …产业园, …示范区, …小镇), partners, investment, place.

Find, three ways, then keep the longest span where they overlap:

* partnerships: `甲与乙合作X项目、Y项目`, `甲与乙签约的X项目`, `甲与乙合作建设的X中心` — 甲 and 乙 must be
  names of bodies (kg/lexicons/body_suffixes.txt); they become `zw:partner`s. A clause that opens
  with 与 carries the subject of the partnership before it in the sentence (`甲与乙签约X项目；与丙
  签约Y项目`); an agreement that names no project (`甲与乙签署了战略合作协议`) gives its parties to
  a project named in that sentence or the next in a clause of joint action (`双方…共同推进X项目`);
* lists: `推动A、B等项目落地` — each item is a project (labels as written, without adding 项目);
* names ending with a project word (kg/lexicons/project_suffixes.txt), starting after the verb or
  preposition before them (kg/lexicons/project_verbs.txt) or the start of the clause, then after
  what the private jieba tagger (kg/tokens.py) reads as clause material glued to the name — verbs,
  adverbs, time words, a generic owner (`详细了解|项目`, `通报上半年|…`, `察看了企业|年产…项目`).
  Endings marked `built` (…公园, …博物馆) name a project only right after a verb of building
  (`高标准建设…国家文化公园`), not an existing place. Kinds of project (重点项目, 二期项目, 亿元以上
  项目, 城市更新项目: kg/lexicons/project_generic.txt) are not named projects; a phase after a name
  is part of it (`…产业园二期项目`).

Within an article a name that ends a longer one (`灰熊科技园`, `国家自主创新示范区`) is that project;
when the longer one only adds the city (`洛阳灰熊科技园`), the short form is its `skos:altLabel`.

Investment (`zw:investmentYuan`, a Decimal of yuan): `总投资30亿元` next to a project, or in a
sentence that names one project only (a total over several projects belongs to none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.context import Context, unique_facts
from kg.extract.common import CJK, bodies, evidence, org_mentions, printable, ranges, strip_time_head
from kg.text import tokens
from kg.lexicons import rows, words
from kg.records import Entity, Fact, Mention, Span
from kg.text.money import YUAN_RE, parse_yuan

_CLAUSE_END = "，。；：！？,;:!?\n《》“”"
_NOT_END = re.compile(r"清单|库|办公室|办|部|组|经理|负责人|管理|资金|单位")
_AMOUNT = re.compile(
    r"(?:总投资额?|投资总额|计划投资|预计投资|项目投资|估算投资|概算投资)(?:约|达|为|近|超过|超|逾)?\s*(?:"
    + YUAN_RE.pattern
    + r")(?:人民币)?"
)
_LIST = re.compile(rf"等(?:一大批|一批|重点|重大|平台|骨干|产业|口岸|[{CJK}]{{0,4}}?)项目")


_INTERNAL = re.compile(r"(?:建设|改造|扩建|改扩建|提升|开发|升级)$")  # 南关公园扩建项目: part of the name
_TIME = re.compile(r"^(?:\d{4}年|今年|去年|目前|近日|日前|近期|同时|此外)")
_FUNCTION = re.compile(r".*(?:的|是|了|由|在|将|把|对|为|从|即)")


def _column(name: str, value: str | None) -> tuple[str, ...]:
    """Entries of a lexicon whose second column is `value` (None: no second column), longest first."""
    return tuple(sorted((r[0] for r in rows(name) if (r[1] if len(r) > 1 else None) == value), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def _res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    suffixes = "|".join(map(re.escape, _column("project_suffixes", None)))
    verbs = "|".join(map(re.escape, _column("project_verbs", None) + _column("project_verbs", "build")))
    return (
        re.compile(rf"(?:试验区[{CJK}]{{2,4}}片区|{suffixes})"),
        re.compile(f"(?:{verbs})"),
    )


@lru_cache(maxsize=None)
def _built_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Endings that name a project only after a verb of building (建设…文化公园), and those verbs."""
    built = "|".join(map(re.escape, _column("project_suffixes", "built")))
    verbs = "|".join(map(re.escape, _column("project_verbs", "build")))
    return re.compile(rf"(?:{built})(?![{CJK}])"), re.compile(rf"(?:{verbs})$")


@lru_cache(maxsize=None)
def _owners() -> frozenset[str]:
    """Generic owners a name may be written after (察看了企业|年产10万吨…项目): cut where they lead."""
    return frozenset(_column("project_verbs", "lead"))


@lru_cache(maxsize=None)
def _ends_project() -> re.Pattern[str]:
    suffixes = "|".join(map(re.escape, _column("project_suffixes", None)))
    return re.compile(rf"(?:试验区[{CJK}]{{2,4}}片区|{suffixes}|中心|基地|园)$")


@lru_cache(maxsize=None)
def _generic_heads() -> tuple[str, ...]:
    return tuple(w for w in words("project_generic") if len(w) >= 2 or w in "全该此这")


@dataclass(slots=True)
class _Cand:
    span: Span
    label: str
    strong: bool = True  # weak: a two-character stem, kept only as a short form of a longer name
    partners: list[tuple[Entity, Span]] = field(default_factory=list)
    how: str = "suffix"
    said_from: int | None = None  # partners named in an earlier sentence (an agreement): its start
    said_to: int | None = None  # partners named in a later sentence (该项目由…合作建设): its end


_TIME_OR_QUANTITY = re.compile(
    r"[\d.]+\s*(?:月份?|天|日|周|小时)|时间|[\d.]+\s*个|[多几数若两一二三四五六七八九十百千万]+[个项级批类]"
)
# an adjective alone before the project word (重大项目, 一批新项目): a kind of project, no name
_KIND_END = re.compile(r"(?<![创更革翻全最重清焕])新$|(?<![扩壮重强伟远广])大$|(?<![微缩])小$")


def _named(stem: str) -> bool:
    if not stem or not printable(stem) or stem in words("project_generic") or "等" in stem:
        return False
    if _TIME_OR_QUANTITY.search(stem):  # 10月份新项目, 0.5天时间协助项目, 村两级…项目: a time or a count
        return False
    if _KIND_END.search(stem):
        return False
    if any(w in stem for w in _generic_inner()):
        return False
    return not stem.startswith(_generic_heads())


@lru_cache(maxsize=None)
def _generic_inner() -> tuple[str, ...]:
    """Generic words that mark a kind of project wherever they stand (更多中高端项目, 各项目)."""
    # a phase after a name is part of it (…产业园二期项目); alone it is a kind (二期项目)
    keep = ("产业", "工程", "建设", "平台", "合作", "一期", "二期", "三期", "后续")
    return tuple(w for w in words("project_generic") if len(w) >= 2 and w not in keep) + ("各",)


def _strip_verbs(text: str, base: int, ending: str = "") -> tuple[str, int]:
    """Drop what precedes the last verb or preposition before a name (推动X -> X), then the words
    the tagger says cannot open one (详细了解|, 通报上半年|, a leading owner: 企业|年产…).

    A verb that ends the text is part of the name (…产业园建设 in …产业园建设项目) and is skipped.
    `ending` (the project word that follows) is tokenized with the text, never cut.
    """
    _, verb_re = _res()
    inner = _INTERNAL.search(text)
    limit = inner.start() if inner else len(text)
    cut = 0
    bound = words("bound_words")
    for v in reversed(list(verb_re.finditer(text, 0, limit))):
        i = v.start()
        if len(v.group()) == 1 and (text[i - 1 : i + 1] in bound or text[i : i + 2] in bound):
            continue
        if v.group() in ("及", "和", "与") and i > 0 and text[i + 1 : i + 2] == text[i - 1 : i]:
            continue  # 钛及钛合金: a thing and what is made of it, one word of the name
        cut = v.end()
        break
    if text[cut : cut + 1] == "好" and cut:  # 实施好X, 建设好X
        cut += 1
    head = _TIME.match(text[cut:])
    if head:
        cut += head.end()
    rest = text[cut:]
    if rest:
        cut += tokens.lead_end(rest + ending, len(rest), owners=_owners(), anywhere=True)
    return text[cut:], base + cut


def _endings(text: str, lo: int, hi: int) -> list[tuple[re.Match[str], bool]]:
    """Project words in text[lo:hi], each with whether it needs a verb of building before it."""
    suffix_re, _ = _res()
    built_re, _ = _built_res()
    found = [(m, False) for m in suffix_re.finditer(text, lo, hi)]
    found += [(m, True) for m in built_re.finditer(text, lo, hi)]
    return sorted(found, key=lambda f: f[0].start())


def _suffix_candidates(ctx: Context, lo_bound: int, hi_bound: int) -> list[_Cand]:
    text = ctx.article.text
    _, build_verb = _built_res()
    out = []
    for m, built in _endings(text, lo_bound, hi_bound):
        if m.group() == "项目" and _NOT_END.match(text, m.end()):
            continue
        lo = max(lo_bound, m.start() - 30)
        window = text[lo : m.start()]
        cut = max(window.rfind(c) for c in _CLAUSE_END + "、")
        window, start = window[cut + 1 :], lo + cut + 1
        stripped, start = _strip_verbs(window, start, m.group())
        stem = stripped.lstrip("（(")
        start = m.start() - len(stem)
        if len(stem) < 2 or not _named(stem) or stem.endswith("等") or re.search(r"\d+个|\d{4}年", stem):
            continue
        if stripped == window and len(stem) > 12:  # no verb before it: a long run is a clause, not a name
            continue
        if built and not build_verb.search(text, max(lo_bound, start - 4), start):
            continue  # 北龙湖湿地公园草木葱茏: a place; 高标准建设…文化公园: a project
        end = m.end() + (m.group().endswith("园") and text[m.end() : m.end() + 1] == "区")  # …科技园区
        label = text[start:end]
        out.append(_Cand(Span(start, end), label, strong=len(stem) >= 3))
    return out


def _list_candidates(ctx: Context, lo: int, hi: int) -> list[_Cand]:
    text = ctx.article.text
    out = []
    for m in _LIST.finditer(text, lo, hi):
        left = max(lo, m.start() - 160)
        window = text[left : m.start()]
        cut = max(window.rfind(c) for c in _CLAUSE_END)
        first = left + cut + 1
        if m.start() - first < 2:
            continue
        items = list(re.finditer(r"[^、]+", text[first : m.start()]))
        for i, it in enumerate(items):
            name, start = it.group(), first + it.start()
            if i == 0:
                name, start = _strip_verbs(name, start)
            if len(name) >= 3 and _named(name) and not re.search(r"\d+个", name) and not bodies(name):
                out.append(_Cand(Span(start, start + len(name)), name, how="list"))
    return out


_PARTNER = re.compile(r"(?:与|和|同)")
_COOP = re.compile(r"(?:合作|签约|签署|签订|共建|联合)(?:建设|打造|实施|开发|共建)?(?:了)?(?:的)?")
# what may stand before 与 when the clause goes on with the subject of the clause before it
# (甲与乙签约X项目；与丙签约Y项目)
_CARRY = re.compile(r"(?:还|并|又|也|另|另外|其中|同时|此外)?")
_AGREEMENT = re.compile(r"[^，,。；;]*?协议")
# a project the two parties of an agreement go on to pursue together: 双方将…共同推进X项目建设
_JOINT = re.compile(r"双方|共同|联合|携手")


@dataclass(slots=True)
class _Agreement:
    partners: list[tuple[Entity, Span]]
    start: int  # where the agreement's sentence starts
    end: int  # where the agreement's clause ends


def _partner_candidates(ctx: Context, lo: int, hi: int) -> tuple[list[_Cand], list[_Agreement]]:
    """Projects named after `甲与乙签约/合作…`, and agreements `甲与乙签署…协议` that name none."""
    text = ctx.article.text
    out: list[_Cand] = []
    agreements: list[_Agreement] = []
    carried: list[tuple[Entity, Span]] | None = None  # the subject of the last partnership
    for clause in re.finditer(r"[^；。：！？;:!?\n，,]+", text[lo:hi]):
        c, base = clause.group(), lo + clause.start()
        if base > lo and text[base - 1] in "。！？!?\n":
            carried = None  # a new sentence: no subject carries over
        if not _COOP.search(c) or not _PARTNER.search(c):
            continue
        off = strip_time_head(c)[1]
        for p in _PARTNER.finditer(c, off):
            a = c[off : p.start()]
            fn = _FUNCTION.match(a)
            cut = fn.end() if fn else 0
            orgs_a = org_mentions(ctx, base + off + cut, a[cut:]) if len(a) - cut >= 2 else None
            if not orgs_a and carried and _CARRY.fullmatch(a):
                orgs_a = carried
            if not orgs_a:
                continue
            co = _COOP.search(c, p.end())
            if not co:
                break
            b = c[p.end() : co.start()]
            orgs_b = org_mentions(ctx, base + p.end(), b)
            if not orgs_b:
                break
            carried = orgs_a
            rest_base = base + co.end()
            projects = []
            for it in re.finditer(r"[^、]+", c[co.end() :]):
                name = it.group()
                if not _ends_project().search(name) or not printable(name):
                    # 甲与乙签约的X项目总投资100亿元: the name ends at its last project word
                    last = None
                    for e in re.finditer(_ends_project().pattern.removesuffix("$"), name):
                        last = e
                    if last is None or projects:
                        break
                    name = name[: last.end()]
                    projects.append(_Cand(Span(rest_base + it.start(), rest_base + it.start() + len(name)), name, partners=orgs_a + orgs_b, how="partner"))
                    break
                projects.append(_Cand(Span(rest_base + it.start(), rest_base + it.end()), name, partners=orgs_a + orgs_b, how="partner"))
            if not projects and _AGREEMENT.match(c, co.end()):
                agreements.append(_Agreement(orgs_a + orgs_b, evidence(ctx.article, Span(base, base + 1)).start, base + len(c)))
            out.extend(projects)
            break
    return out, agreements


def _joint_projects(ctx: Context, cands: list[_Cand], agreements: list[_Agreement]) -> None:
    """`甲与乙签署了战略合作协议。…双方将…共同推进X项目建设`: 甲 and 乙 are X's partners — when X is
    named in the rest of that sentence or the next, in a clause that says the parties act jointly."""
    text = ctx.article.text
    sentences = ctx.article.sentences
    for ag in agreements:
        after = [s for s in sentences if s.end > ag.end][:2]
        if not after:
            continue
        limit = after[-1].end
        for c in cands:
            if c.partners or not ag.end <= c.span.start < limit:
                continue
            left = text[ag.end : c.span.start]
            clause = re.split(r"[，,；;。]", left)[-1]
            if _JOINT.search(clause):
                c.partners = list(ag.partners)
                c.said_from = ag.start


def _longest(cands: list[_Cand]) -> list[_Cand]:
    """Partnerships and lists first; a name found by its ending may not overlap them; longest wins."""
    firm = [c for c in cands if c.how != "suffix"]
    rest = [c for c in cands if c.how == "suffix" and not any(c.span.start < f.span.end and f.span.start < c.span.end for f in firm)]
    cands = firm + rest
    order = {"partner": 0, "list": 1, "suffix": 2}
    cands.sort(key=lambda c: (c.span.start, -c.span.end, order[c.how]))
    kept: list[_Cand] = []
    for c in cands:
        if any(k.span.contains(c.span) for k in kept[-3:]):
            continue
        kept = [k for k in kept if not c.span.contains(k.span)]
        kept.append(c)
    return kept


# 该项目由甲与乙合作建设: the partners of the project the sentences before named
_REFERRED = re.compile(r"(?:该|此|这一|这个)项目由(?P<a>[^，。；：与和同\n]{2,40}?)(?:与|和|同)(?P<b>[^，。；：\n]{2,40}?)"
                       r"(?:合作|共同|联合)(?:投资)?(?:建设|开发|实施|打造|投资)")


def _referred_partners(ctx: Context, cands: list[_Cand]) -> None:
    """`X项目建设现场……该项目由甲与乙合作建设`: 甲 and 乙 are the partners of the last project named
    in the two sentences before (or the same one), when it has none yet."""
    art, text = ctx.article, ctx.article.text
    for m in _REFERRED.finditer(text, art.body.start, art.body.end):
        before = [sp for sp in art.sentences if sp.start < m.start()][-3:]
        lo = before[0].start if before else art.body.start
        prior = [c for c in cands if lo <= c.span.start and c.span.end <= m.start()]
        if not prior or prior[-1].partners:
            continue
        orgs_a = org_mentions(ctx, m.start("a"), m.group("a"))
        orgs_b = org_mentions(ctx, m.start("b"), m.group("b"))
        if orgs_a and orgs_b:
            target = max(prior, key=lambda c: c.span.end)
            target.partners = list(orgs_a) + list(orgs_b)
            target.said_to = evidence(art, Span(m.start(), m.end())).end


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    cands, agreements = _find(ctx)
    if not cands:
        return [], []
    _joint_projects(ctx, cands, agreements)
    _referred_partners(ctx, cands)
    return _write(ctx, cands)


def _find(ctx: Context) -> tuple[list[_Cand], list[_Agreement]]:
    """Project candidates of every shape, outside meetings' and documents' names, longest kept."""
    art = ctx.article
    cands: list[_Cand] = []
    agreements: list[_Agreement] = []
    for rng in ranges(art):
        found, agreed = _partner_candidates(ctx, rng.start, rng.end)
        cands.extend(found)
        agreements.extend(agreed)
        cands.extend(_list_candidates(ctx, rng.start, rng.end))
        cands.extend(_suffix_candidates(ctx, rng.start, rng.end))
    if not cands:
        return [], agreements
    # a name inside a meeting's or a document's name (自由贸易试验区建设推进会) is theirs
    taken = [m.span for m in ctx.mentions if m.entity.kind in ("meeting", "document")]
    cands = [c for c in cands if not any(t.start < c.span.end and c.span.start < t.end for t in taken)]
    return _longest(cands), agreements


def _write(ctx: Context, cands: list[_Cand]) -> tuple[list[Mention], list[Fact]]:
    """Mentions and facts of the candidates: a short name names the long one it ends (when strong)."""
    art = ctx.article
    full = sorted({c.label for c in cands if c.strong}, key=lambda s: (-len(s), s))
    city = art.city or ""
    mentions: list[Mention] = []
    facts: list[Fact] = []

    def fact(s: Entity, p: str, o: object, span: Span, lang: str | None = None, said_from: int | None = None,
             said_to: int | None = None) -> None:
        ev = evidence(art, span)
        if said_from is not None and said_from < ev.start:  # the agreement's sentence to the project's
            ev = Span(said_from, ev.end)
        if said_to is not None and said_to > ev.end:  # the project's sentence to the one naming its partners
            ev = Span(ev.start, said_to)
        facts.append(Fact(s, p, o, ev, lang))  # type: ignore[arg-type]

    placed: list[tuple[Span, Entity]] = []
    for c in cands:
        label = c.label
        long = next((f for f in full if f != label and f.endswith(label) and len(label) >= 4), None)
        if long is None and not c.strong:
            continue
        project = Entity("project", long or label)
        mentions.append(Mention(project, c.span, label if long else ""))
        if long and city and long == city + label:
            fact(project, "skos:altLabel", label, c.span, "zh")
        mentions.extend(_partners_and_places(ctx, c, project, fact))
        placed.append((c.span, project))
    _investment(art, placed, fact)
    return mentions, unique_facts(facts)


def _partners_and_places(ctx: Context, c: _Cand, project: Entity, fact) -> list[Mention]:  # noqa: ANN001
    """zw:partner for each partner (a district's government also places it), zw:locatedIn for a
    place its name opens with."""
    text = ctx.article.text
    mentions = []
    for org, span in c.partners:
        mentions.append(Mention(org, span))
        fact(project, "zw:partner", org, c.span, said_from=c.said_from, said_to=c.said_to)
        gov = re.fullmatch(r"(.{1,6}?[区县])(?:人民)?政府", text[span.start : span.end])
        if gov:
            fact(project, "zw:locatedIn", Entity("place", gov.group(1)), c.span)
    for m in ctx.mentions:
        if m.entity.kind == "place" and c.span.start == m.span.start and m.span.end < c.span.end and m.entity.label[-1] in "区县镇乡村":
            fact(project, "zw:locatedIn", m.entity, c.span)
    return mentions


def _investment(art, placed: list[tuple[Span, Entity]], fact) -> None:  # noqa: ANN001
    text = art.text
    for rng in ranges(art):
        for m in _AMOUNT.finditer(text, rng.start, rng.end):
            value = parse_yuan(m.group())
            if value is None:
                continue
            sent = evidence(art, Span(m.start(), m.end()))
            target = None
            for span, project in placed:
                # 总投资1亿元的X项目 / X项目，总投资30亿元
                if 0 <= span.start - m.end() <= 1 or 0 <= m.start() - span.end <= 1:
                    target = project
                    break
            if target is None:
                inside = {p for s, p in placed if sent.start <= s.start and s.end <= sent.end}
                if len(inside) == 1:
                    target = inside.pop()
            if target is not None:
                fact(target, "zw:investmentYuan", value, Span(m.start(), m.end()))
