"""Bylines -> people linked to their article: 记者 -> schema:author, 通讯员 -> zw:correspondent,
editors (编辑, 责任编辑, 审核编辑 …) -> schema:editor.

Segmentation already parsed the credits (kg/bylines.py); this turns them into mentions and facts.
Bare-name credits (signed commentaries, `（郭飞飞 谢娜娜）`, `徐凤胜 周奎文/图`) are authors too.
"""
from __future__ import annotations

from kg.extract.context import Context
from kg.records import Entity, Fact, Mention
from kg.text.credits import EDITOR_ROLES


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    me = Entity("article", art.key)
    mentions: list[Mention] = []
    facts: list[Fact] = []
    for b in art.bylines:
        person = Entity("person", b.name)
        mentions.append(Mention(person, b.span))
        prop = ("zw:correspondent" if b.is_correspondent
                else "schema:editor" if b.role in EDITOR_ROLES else "schema:author")
        facts.append(Fact(me, prop, person))
    return mentions, facts
