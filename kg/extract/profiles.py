"""Who people are: 任前公示 paragraphs, the 简历 attached to a motion, official biographies.

A profile opens with `NAME，男|女，` and lists, comma by comma, ethnicity, birth (`1978年5月生`,
`1970.05生`), native place (`籍贯山东莱阳`, `河南新安人`), education items, party (`…加入中国共产党`,
`…入党`, `中共党员`), work (`…参加工作`), then `现任X` (holdings seen on the notice's date) and
`拟任Y` / `拟提名为Y人选` (zw:Proposed decisions, undecided, so no deciding body). Biography lines
(`1994.07—1998.03　X`) give holdings dated by month; a study line gives none.
"""
from __future__ import annotations

import re

from kg.extract import careers as cr
from kg.extract.appointments import facts_of, holding_entity
from kg.extract.context import Context
from kg.lexicons import words
from kg.records import Appointment, Article, CareerLine, Entity, Fact, Mention, Profile, Span, YearMonth

CJK = cr.CJK
_OPEN = re.compile(rf"(?P<name>[{CJK}]{{2,5}})，(?P<gender>[男女])，")
_EDUCATION = re.compile(r"(学历|学位|学士|硕士|博士|研究生|大学|大专|中专)$")
_CURRENT = re.compile(r"现任(?P<posts>[^。；]+?)(?=[，。；]拟|[。；]|$)")
_PROPOSED = re.compile(r"拟(?:任|提名为)(?P<posts>[^。；]+?)(?:人选)?(?=[。；]|$)")
_CAREER = re.compile(r"^(?P<y1>\d{4})[.．](?P<m1>\d{1,2})\s*[—－\-–~～]{1,2}\s*(?:(?P<y2>\d{4})[.．](?P<m2>\d{1,2}))?\s*(?P<text>\S.*)$")
_DURING = re.compile(r"[（(]其间[^）)]*[）)]")


def _name_before(text: str, end: int) -> tuple[str, int] | None:
    """The name that ends at `end`: a compound surname's 4 characters, else 3, else 2."""
    for n in (4, 3, 2):
        name = text[end - n : end]
        if len(name) == n and cr.is_name(name) and (n != 4 or name[:2] in words("surnames")):
            return name, end - n
    return None


def _attributes(head: str) -> dict[str, object]:
    """The comma fields of a profile before 现任 / 拟任."""
    out: dict[str, object] = {}
    education: list[str] = []
    ethnicities = words("ethnicities")
    for field in re.split(r"[，,。]", head):
        f = field.strip()
        if not f:
            continue
        if f in ("男", "女"):
            out["gender"] = f
        elif f in ethnicities:
            out["ethnicity"] = f
        elif f.endswith("生") and cr.year_month(f):
            out["birth"] = cr.year_month(f)
        elif f.startswith("籍贯"):
            out["native_place"] = f[2:].lstrip("：:")
        elif "加入中国共产党" in f or f.endswith("入党"):
            out["joined_party"] = cr.year_month(f)
        elif f.endswith("参加工作"):
            out["started_work"] = cr.year_month(f)
        elif f.endswith("党员"):
            out["party"] = f
        elif f.endswith("人") and 2 < len(f) <= 12 and not re.search(r"\d", f):
            out["native_place"] = f[:-1]
        elif _EDUCATION.search(f):
            education.append(f)
    if education:
        out["education"] = "，".join(education)
    return out


_LINE = re.compile(r"[^\n]+")


def _career(article: Article) -> list[CareerLine]:
    text = article.text
    out = []
    spans = ([article.title_span] if article.title_span else []) + [article.body]
    for line in (m for sp in spans for m in _LINE.finditer(text, sp.start, sp.end)):  # this article's lines only
        # a （其间：…） period holds dates of its own: mask it while finding where lines start
        masked = re.sub(r"[（(][^）)]*[）)]", lambda b: "（" + "＿" * (len(b.group()) - 2) + "）", line.group())
        for part in re.finditer(r"\d{4}[.．]\d{1,2}\s*[—－\-–~～].*?(?=\d{4}[.．]\d{1,2}\s*[—－\-–~～]|$)", masked):
            part_text = line.group()[part.start() : part.end()]
            m = _CAREER.match(part_text.strip())
            if not m:
                continue
            start = YearMonth(int(m.group("y1")), int(m.group("m1")))
            end = YearMonth(int(m.group("y2")), int(m.group("m2"))) if m.group("y2") else None
            body = m.group("text").strip()
            bare = _DURING.sub("", body)
            posts = () if re.search(r"学习|进修|读书|就读", bare) else tuple(cr.split_posts(bare))
            s = line.start() + part.start()
            out.append(CareerLine(start, end, posts, body, Span(s, s + len(part_text.rstrip()))))
    return out


def find(article: Article) -> list[Profile]:
    """Every profile paragraph of the article, with the biography lines that follow it."""
    text = article.text
    body = article.body
    opens = []
    for m in _OPEN.finditer(text, body.start, body.end):
        found = _name_before(text, m.start("gender") - 1)
        if found:
            opens.append((found[0], found[1], m.end()))
    out = []
    for i, (name, start, fields) in enumerate(opens):
        limit = opens[i + 1][1] if i + 1 < len(opens) else body.end
        chunk = text[fields:limit]
        cur = _CURRENT.search(chunk)
        first_stop = min((p for p in (chunk.find("现任"), chunk.find("拟任"), chunk.find("拟提名")) if p >= 0), default=len(chunk))
        attrs = _attributes(text[start:fields] + chunk[:first_stop])
        prop = _PROPOSED.search(chunk)
        # the profile's evidence: its paragraph, and the 现任/拟任 sentence when it runs on past it
        last = fields + max([0] + [m.end() for m in (cur, prop) if m])
        line_end = text.find("\n", last)
        end = min(limit, line_end if line_end >= 0 else limit)
        out.append(
            Profile(
                person=name, name_span=Span(start, start + len(name)), span=Span(start, end),
                current_posts=tuple(cr.split_posts(cur.group("posts"))) if cur else (),
                proposed_posts=tuple(cr.split_posts(prop.group("posts"))) if prop else (),
                **attrs,  # type: ignore[arg-type]
            )
        )  # fmt: skip
    career = _career(article)
    if career:
        if out:
            last = out[-1]
            out[-1] = Profile(**{**{f: getattr(last, f) for f in Profile.__slots__}, "career": tuple(career)})  # type: ignore[arg-type]
        else:
            owner = _owner(text, body.start)
            if owner:
                name, at = owner
                out.append(Profile(person=name, name_span=Span(at, at + len(name)), span=body, career=tuple(career)))
    return out


def _owner(text: str, before: int) -> tuple[str, int] | None:
    """The person a biography's 简历 belongs to when it is cut into an article of its own: the last
    profile that opens before it on the page."""
    found = None
    for m in _OPEN.finditer(text, 0, before):
        name = _name_before(text, m.start("gender") - 1)
        if name:
            found = name
    return found


def _proposals(p: Profile, article: Article) -> list[Appointment]:
    """拟任 posts: proposals of the notice's date, decided by nobody yet."""
    _, signed = cr.signature(article)
    date = signed or article.date or cr.page_date(article)
    out = []
    for raw in p.proposed_posts:
        post, probation, note = cr.markers(raw)
        if cr.role_of(post) is None:
            continue
        out.append(Appointment(p.person, "proposed", post, date, None, p.span, p.name_span, probation=probation, note=note, org=cr.org_of(post)))
    return out


def facts(p: Profile, article: Article, where: str | None) -> tuple[list[Mention], list[Fact]]:
    """A profile's attributes, current holdings, proposals and biography lines as facts."""
    person = cr.person(p.person, where)
    ev = p.span
    mentions: list[Mention] = [Mention(person, p.name_span)]
    out: list[Fact] = [Fact(person, "zw:jurisdiction", where, ev, "zh")] if where else []
    if p.gender:
        out.append(Fact(person, "schema:gender", "schema:Male" if p.gender == "男" else "schema:Female", ev))
    if p.ethnicity:
        out.append(Fact(person, "zw:ethnicity", p.ethnicity, ev, "zh"))
    if p.birth:
        out.append(Fact(person, "schema:birthDate", p.birth, ev))
    if p.native_place:
        place = Entity("place", p.native_place)
        mentions.append(Mention(place, ev))
        out.append(Fact(person, "zw:nativePlace", place, ev))
    if p.education:
        out.append(Fact(person, "zw:education", p.education, ev, "zh"))
    if p.joined_party:
        out.append(Fact(person, "zw:joinedPartyOn", p.joined_party, ev))
    if p.started_work:
        out.append(Fact(person, "zw:startedWorkOn", p.started_work, ev))
    _, signed = cr.signature(article)
    seen = signed or article.date or cr.page_date(article)
    for raw in p.current_posts:
        post_label, _, _ = cr.markers(raw)
        if cr.role_of(post_label) is None:
            continue
        post = Entity("post", post_label)
        mentions.append(Mention(post, ev))
        out.append(Fact(person, "org:holds", post, ev))
        if seen:
            out.append(Fact(holding_entity(person, post), "zw:seenOn", seen, ev))
        org = cr.org_of(post_label)
        if org:
            out.append(Fact(post, "org:postIn", Entity("org", org), ev))
    for a in _proposals(p, article):
        ms, fs = facts_of(a, where)
        mentions.extend(ms)
        out.extend(fs)
    for line in p.career:
        for post_label in line.posts:
            if cr.role_of(post_label) is None:
                continue
            post = Entity("post", post_label)
            h = holding_entity(person, post)
            mentions.append(Mention(post, line.span))
            out.append(Fact(person, "org:holds", post, line.span))
            out.append(Fact(h, "zw:startDate", line.start, line.span))
            if line.end:
                out.append(Fact(h, "zw:endDate", line.end, line.span))
    return mentions, out


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    """Person attributes, 现任 holdings, 拟任 proposals and 简历 holdings."""
    article = ctx.article
    return cr.record_facts(ctx, find, lambda p, where: facts(p, article, where))
