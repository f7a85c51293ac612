"""owl:sameAs from a name-only person to the person a career record on the same page tells apart.

A news item names `省农业厅副厅长王刚`; the notice printed under it on the same page appoints 王刚 and
so mints zwid:person/王刚/四川. The page is the evidence: when the other articles of the page tell
exactly one person of that name apart, the news item's 王刚 is linked to that one (in the news
item's own graph, so incremental builds and `kg remove` keep it right). Two told apart, or none,
and nothing is linked (docs/graph-model.md, Homonyms). Across pages nothing is linked here.

A page-level step: it reads what the extractors found in every article of the page (the career
extractors mint told-apart people with a jurisdiction, `Entity.qualifier`), once per page.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from kg.records import Entity, Extraction, Fact


def _told(ex: Extraction) -> dict[str, Entity]:
    """The people an article's career records tell apart, by name."""
    return {m.entity.label: m.entity for m in ex.mentions if m.entity.kind == "person" and m.entity.qualifier}


def link(extractions: Sequence[Extraction]) -> list[Extraction]:
    """The page's extractions, each with owl:sameAs from its name-only people to the one person of
    that name the page's other articles tell apart."""
    told = [_told(ex) for ex in extractions]
    out = []
    for i, ex in enumerate(extractions):
        names = sorted({m.entity.label for m in ex.mentions if m.entity.kind == "person" and not m.entity.qualifier} - set(told[i]))
        facts = []
        for n in names:
            found = {t[n] for j, t in enumerate(told) if j != i and n in t}
            if len(found) == 1:
                facts.append(Fact(Entity("person", n), "owl:sameAs", found.pop()))
        out.append(replace(ex, facts=ex.facts + tuple(facts)) if facts else ex)
    return out
