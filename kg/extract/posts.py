"""Posts and who holds them: one `zw:Post` per post in an organisation, one `org:holds` per name.

A chain of titles (kg/extract/titles.py) is split into its posts — `省委常委、副省长、市委书记李亚`
gives three — and each post is completed from the genre's habits of leaving things out:
* a bare role after a post takes that post's organisation: `市住房和城乡建设局党组书记、局长`
  -> the bureau's 党组书记 and the bureau's 局长; `洛阳军分区司令员姜巍、政委李杏` -> 李杏 is
  洛阳军分区政委; a party group (党组/党委) gives way to its body (…局党组书记、局长 -> …局局长);
* a department written without its committee takes the committee before it (`市委常委、宣传部部长`
  -> 市委宣传部部长), a body of a place takes the place (`街道党工委书记、办事处主任` -> 街道办事处主任);
* the head of a level's government (市长, 副区长, 常务副市长 …) is a post of that level's people's
  government: the place of the post before it (`瀍河区委书记、区长`), else for 市 the paper's city.
Each post is labelled with its full name, city-expanded like its organisation (`洛阳市委书记`,
`洛阳市副市长`); the form as written is its `skos:altLabel`, the bare role its `org:role`. An
organisation whose place cannot be told (`省委` in a city paper) is not made a node; the post
keeps the label as written. A role with no organisation at all (`李亚书记`) records no post.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.context import Context
from kg.extract import orgs as O
from kg.extract.common import evidence_line
from kg.extract import titles as T
from kg.lexicons import rows
from kg.records import Article, Entity, Fact, Mention, Span

_HEAD = re.compile(r"^(?:常务)?(?:副|代)?([省市区县镇乡])长(?:助理)?$")
_PARTY_UNIT = ("党组", "党委", "党工委", "党总支", "党支部")
_COMMITTEE = re.compile(r"(?:党工委|党委|工委|党支部|党总支|(?<=[省市区县镇乡])委|人民政府|政府)$")


@lru_cache(maxsize=None)
def sub_bodies() -> dict[str, str]:
    return {r[0]: r[1] for r in rows("sub_bodies")}


@dataclass(frozen=True, slots=True)
class PostSpec:
    written: str  # organisation as written after distribution ('' none)
    role: str
    span: Span  # organisation part + role, as written in the text
    place: str = ""  # for the head of a level's government: the place as written (市, 瀍河区)


def _base(written: str) -> str:
    """The body a party group belongs to: 市住房和城乡建设局党组 -> 市住房和城乡建设局 (a body by
    the rules' endings or by those the genre accepts from the model: 文化和旅游部党组)."""
    for unit in _PARTY_UNIT:
        body = written[: -len(unit)]
        if written.endswith(unit) and (O.suffix_of(body) or O.model_ending(body)) is not None:
            return body
    return written


def _place(written: str) -> str:
    """The place a committee or government belongs to: 北窑街道党工委 -> 北窑街道, 市委 -> 市."""
    return _COMMITTEE.sub("", written) if _COMMITTEE.search(written) else ""


def complete(chain: T.Chain, before: T.Item | None) -> list[PostSpec]:
    """The posts of a chain, with what the genre leaves out filled in from the post before."""
    out: list[PostSpec] = []
    prev = before.org if before else None
    for item in chain.items:
        written = item.org
        head = _HEAD.match(item.role)
        if head:
            place = (_place(written) or written) if written else (_place(prev) if prev else "")
            place = place if place.endswith(head.group(1)) else ""
            out.append(PostSpec(written, item.role, Span(item.org_start, item.role_end), place))
            prev = written or prev
            continue
        if not written and prev and "self" not in T.role_flags().get(item.role, ()):
            base = _base(prev)
            # 党组书记、局长 with no body named: the director of what? (市委常委、秘书长 is fine)
            written = "" if O.is_bare(base) and base[:1] not in "省市区县镇乡村" else base
        elif written in sub_bodies() and prev:
            owner = prev if sub_bodies()[written] == "party" else _place(prev)
            written = written if written.startswith(owner) else owner + written
        out.append(PostSpec(written, item.role, Span(item.org_start, item.role_end)))
        if written:
            prev = written
    return out


def post_of(spec: PostSpec, article: Article, org_at: dict[tuple[int, int], Entity], labels: list[str]) -> tuple[Entity, Entity | None, list[Fact]] | None:
    """The post node (and its organisation node) of one post as written; None for a bare role."""
    city = article.city
    role = spec.role
    head = _HEAD.match(role)
    facts: list[Fact] = []
    org: Entity | None = None
    written = spec.written
    if head:
        # the head of a level's government: a post of that place's people's government
        place = spec.place
        if place in ("", "市") and head.group(1) == "市" and city:
            place = "市"
        place_label = O.canonical(place, city) if place else ""
        alt = written + role if written else role
        if len(place_label) > 1:
            org = Entity("org", O.canonical(place + "政府", city))
            facts += O.org_facts(org, "", O.CLASSES["gov"])
            post_label = place_label + role
        else:  # 副省长 in a city paper: which province's?
            post_label = alt
    elif written:
        org = org_at.get((spec.span.start, spec.span.start + len(written)))
        if org is None:
            label = O.canonical(written, city)
            label = O.alias_map(labels + [label]).get(label, label)
            if not (O.is_bare(written) and label == written):  # 省委: which province's?
                org = Entity("org", label)
                facts += O.org_facts(org, written, O.org_class(label))
        post_label, alt = (org.label if org else written) + role, written + role
    elif "self" in T.role_flags().get(role, ()):
        post_label, alt = role, role
    else:
        return None
    post = Entity("post", post_label)
    if alt != post_label:
        facts.append(Fact(post, "skos:altLabel", alt, lang="zh"))
    if org is not None:
        facts.append(Fact(post, "org:postIn", org))
    facts.append(Fact(post, "org:role", Entity("role", role)))
    return post, org, facts


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    analysis = T.analysis_of(ctx)
    org_mentions = ctx.of_kind("org")
    org_at = {(m.span.start, m.span.end): m.entity for m in org_mentions}
    labels = sorted({m.entity.label for m in org_mentions})
    mentions: list[Mention] = []
    facts: dict[Fact, None] = {}
    last: T.Item | None = None
    starts = _name_starts(ctx)
    for chain in analysis.chains:
        if chain.kind not in ("before", "after"):
            continue
        chain = replace(chain, items=tuple(_bounded(i, art.text, starts, O.words_of(ctx)) for i in chain.items))
        before = last if chain.joined else None
        for spec in complete(chain, before):
            got = post_of(spec, art, org_at, labels)
            if got is None:
                continue
            post, _org, post_facts = got
            mentions.append(Mention(post, spec.span, art.text[spec.span.start : spec.span.end]))
            for f in post_facts:
                facts[f] = None
            for name in chain.names:
                person = Entity("person", name.text)
                facts[Fact(person, "org:holds", post, evidence=evidence_line(art, name.span))] = None
        if chain.kind == "before":
            last = _last_written(chain, before)
    return mentions, list(facts)


_NAME_TAGS = frozenset({"PER", "LOC", "ORG"})
# the model's clause words: verbs, adverbs, prepositions, pronouns, particles, time words (有请, 借,
# 接下来, 我们); not adjectives (原|水利部总工程师: the former post, written as such)
_CLAUSE_TAGS = frozenset({"v", "vd", "ad", "d", "p", "r", "u", "xc", "TIME"})


def _name_starts(ctx: Context) -> dict[int, int]:
    """End -> start of the names an organisation part may end with: the model's runs of places
    (张家口|崇礼县) and the org extractor's organisations, which start where the model's words
    allow (kg/extract/orgs.py); an organisation wins where both end."""
    out: dict[int, int] = {}
    run: tuple[int, int] | None = None
    for t in ctx.tokens:
        if t.tag != "LOC":
            run = None
            continue
        run = (run[0], t.end) if run and run[1] == t.start else (t.start, t.end)
        out[t.end] = run[0]
    for m in ctx.of_kind("org"):
        out[m.span.end] = m.span.start
    return out


def _bounded(item: T.Item, text: str, starts: dict[int, int], words_: "O.Words") -> T.Item:
    """The item with its organisation part starting where a name that ends with it starts, when
    what the titles' rules read before that name holds the model's clause words (有请|…公司总经理,
    借|临江市市长) and no place or name (洛阳市|…): the titles' rules have no tagger-based start."""
    a, end = item.org_start, item.org_start + len(item.org)
    s = starts.get(end, a)
    if not a < s < end or text[a:end] != item.org or T.place_start_re().match(text, a):
        return item
    dropped = words_.within(a, s)
    if any(t.tag in _NAME_TAGS for t in dropped) or not any(t.tag in _CLAUSE_TAGS for t in dropped):
        return item
    return T.Item(text[s:end], s, item.role, item.role_start, item.role_end)


def _last_written(chain: T.Chain, before: T.Item | None) -> T.Item | None:
    specs = complete(chain, before)
    for spec, item in zip(reversed(specs), reversed(chain.items)):
        if spec.written:
            return T.Item(spec.written, item.org_start, item.role, item.role_start, item.role_end)
    return before
