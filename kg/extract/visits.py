"""Visits: an official going to a place, organisation or project (调研, 检查, 视察, 来洛).

Find `PERSON(带领…)?到/赴/来/深入 TARGET (进行)?调研` (kg/lexicons/visit_verbs.txt); `来洛` is the
paper's city. The sites of the visit follow in the article: `在X，PERSON…`, `在X调研时`,
`先后前往A、B、C等单位`; each site is the project, organisation or place found there (or, when no
extractor named it, a project or organisation by its ending — kg/lexicons/project_suffixes.txt,
org_suffixes.txt, body_suffixes.txt, site_suffixes.txt — else a place).

Write: a `zw:Visit` node labelled `<person>/<first site>/<article>` with `zw:visitor`, `zw:visited`
(the target and every site), `dcterms:date` (resolved against the article's date) or `zw:dateText`,
and evidence. Projects and organisations visited on a trip to a district or county are located in it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import Context, unique_facts
from kg.extract.common import CJK, bodies, evidence, org_entity, ranges
from kg.extract.meetings import person_before
from kg.extract.places import divisions
from kg.extract.titles import org_ending
from kg.lexicons import ordered, rows, words
from kg.records import Entity, Fact, Mention, Span
from kg.text.dates import find_when, resolve_when

_SITE_TAIL = re.compile(r"(?:施工现场|建设现场|项目现场|生产车间|现场|工地|车间|一线|厂区|园区内)?(?:调研|检查|视察|考察)?(?:时|期间)?$")
_SITE = rf"(?:^|[。；，])\s*(?:随后|接着|其后|之后|先后)?[，,]?在(?P<x>[{CJK}（）()“”0-9A-Za-z]{{2,40}}?)[，,]\s*(?:{{who}})"  # {who}: filled per visitor by _site_re
_TOUR = re.compile(rf"(?:先后|相继|分别|还)?(?:前往|来到|走进|深入|察看|查看|参观)(?P<x>[{CJK}（）()、“”]{{4,200}}?)(?:等(?:单位|企业|地|项目|处|点位|场所))")


@lru_cache(maxsize=1024)
def _site_re(visitor: str) -> re.Pattern[str]:
    """`在X，<visitor>…`: the site pattern for one visitor (or 他/其), compiled once per visitor."""
    return re.compile(_SITE.replace("{who}", re.escape(visitor) + "|他|其"))


@lru_cache(maxsize=None)
def _visit_re() -> re.Pattern[str]:
    verbs = "|".join(map(re.escape, ordered("visit_verbs")))
    return re.compile(
        rf"(?P<prep>带领[^，。；]{{0,30}}?)?(?P<to>到|赴|来|深入|前往)(?P<x>[{CJK}（）()、0-9]{{1,40}}?)"
        rf"(?:[，,]?就[^。；]{{0,40}}?)?(?:进行|开展)?(?:{verbs})"
    )


@lru_cache(maxsize=None)
def _site_endings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Endings that make a site no extractor named a project, and an organisation (besides
    org_suffixes and body_suffixes). Project endings marked `built` name a project only as the
    object of a verb of building (…文化公园); a visit goes to what stands, so not those."""
    projects = tuple(r[0] for r in rows("project_suffixes") if len(r) == 1)
    return projects, tuple(words("site_suffixes"))


def _target(ctx: Context, text: str, start: int, end: int) -> tuple[Entity, Span] | None:
    """What a visit went to: an entity found at that span, else the city (来洛), else by its ending."""
    art = ctx.article
    name = text[start:end]
    if art.city and name in (art.city[0], art.city) and art.city + "市" in divisions():
        return Entity("place", art.city + "市"), Span(start, end)
    best = None
    for m in ctx.mentions:
        if m.entity.kind in ("project", "org", "place") and start <= m.span.start and m.span.end <= end:
            # the longest, and of a chain (汝阳县王庄镇) the last, most specific one
            if best is None or (m.span.end, len(m.span)) > (best[1].end, len(best[1])):
                best = (m.entity, m.span)
    if best is not None and len(best[1]) >= len(name) - 1:
        return best
    if not re.fullmatch(f"[{CJK}（）()“”0-9A-Za-z]{{2,40}}", name):  # also keeps IRIs mintable
        return None
    span = Span(start, end)
    project_ends, org_ends = _site_endings()
    if name.endswith(project_ends):
        return Entity("project", name), span
    if bodies(name) or org_ending(name) or name.endswith(org_ends):
        return org_entity(ctx, span, name), span
    if best is not None:
        return best
    return Entity("place", name), span


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    text = art.text
    mentions: list[Mention] = []
    facts: list[Fact] = []
    visits: list[tuple[Entity, Entity, int, Entity]] = []  # visit, visitor, position, main target
    for rng in ranges(art):
        for m in _visit_re().finditer(text, rng.start, rng.end):
            x = m.group("x").strip("、")
            xs = m.start("x")
            lead = m.start("prep") if m.group("prep") else m.start("to")
            head = text[max(rng.start, lead - 3) : lead]
            who = person_before(ctx, lead) or (person_before(ctx, lead - 2) if head.endswith("一行") else None)
            if who is None:
                continue
            target = _target(ctx, text, xs, xs + len(x))
            if target is None:
                continue
            visitor, vspan = who
            visit = Entity("visit", f"{visitor.label}/{target[0].label}/{art.key}")
            sent = evidence(art, Span(m.start(), m.end()))
            mentions.extend([Mention(visitor, vspan), Mention(target[0], target[1])])
            facts.append(Fact(visit, "zw:visitor", visitor, sent))
            facts.append(Fact(visit, "zw:visited", target[0], sent))
            when = find_when(text, sent.start, vspan.start)
            if when:
                day = resolve_when(when.group(), art.date)
                facts.append(Fact(visit, "dcterms:date", day, sent) if day else Fact(visit, "zw:dateText", when.group(), sent))
            visits.append((visit, visitor, m.end(), target[0]))
    if not visits:
        return mentions, facts
    for s in art.sentences:
        _sites(ctx, s, visits, mentions, facts)
    return mentions, unique_facts(facts)


def _sites(ctx: Context, s: Span, visits, mentions: list[Mention], facts: list[Fact]) -> None:  # noqa: ANN001
    art = ctx.article
    text = art.text
    current = [v for v in visits if v[2] <= s.end]
    if not current:
        return
    visit, visitor, _, main = current[-1]
    found: list[tuple[Entity, Span]] = []
    for m in _site_re(visitor.label).finditer(text[s.start : s.end]):
        x = m.group("x")
        xs = s.start + m.start("x")
        tail = _SITE_TAIL.search(x)
        if tail and tail.start() > 0:
            x = x[: tail.start()]
        got = _target(ctx, text, xs, xs + len(x))
        if got:
            found.append(got)
    for m in _TOUR.finditer(text, s.start, s.end):
        base = m.start("x")
        for it in re.finditer(r"[^、]+", m.group("x")):
            got = _target(ctx, text, base + it.start(), base + it.end())
            if got:
                found.append(got)
    for site, span in found:
        mentions.append(Mention(site, span))
        facts.append(Fact(visit, "zw:visited", site, s))
        if main.kind == "place" and site.kind in ("project", "org") and main.label[-1] in "区县":
            facts.append(Fact(site, "zw:locatedIn", main, s))
