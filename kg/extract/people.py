"""People named in an article, found from the genre's context rather than a tagger's guess.

A name is taken where the page's own shapes put one (kg/extract/titles.py): after a chain of
posts (`市委副书记、代市长刘宛康`, a signature `…局长 赵书政`, an interview `——访…局长吕宗乐`),
before a form of address (`李亚书记指出`), after a descriptor (`社区党员王兰华说`,
`市领导杨晓、吉振华`), as a speaker (`，王兰华说：`), or in a byline. Every later occurrence of a
name found so in the same article is a mention of the same person (`刘宛康听取了…`), so short
references resolve to one node; across articles the node is the same because its IRI is minted
from the name.
"""
from __future__ import annotations

import re

from . import Context
from . import titles as T
from ..types import Entity, Fact, Mention, Span


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    analysis = T.analyse(art)
    if not analysis.names:
        return [], []
    taken = {(m.span.start, m.span.end) for m in ctx.of_kind("person")}
    mentions: list[Mention] = []
    text = art.text
    pattern = re.compile(T.alternation(sorted(analysis.names)))
    for s, e in analysis.regions:
        for m in pattern.finditer(text, s, e):
            if (m.start(), m.end()) in taken:
                continue
            taken.add((m.start(), m.end()))
            mentions.append(Mention(Entity("person", m.group()), Span(m.start(), m.end())))
    return mentions, []
