"""Write N MB of synthetic newspaper pages of the genre, for benchmarks and scale tests.

    python bench/gen_corpus.py OUT_DIR --mb 10 --seed 1
    python bench/gen_corpus.py OUT_DIR --pages 40

Each file is one page (15-25 KB, like the seeds) of a city daily: a date line and page furniture,
then news items in the shapes the seeds show (本报讯 leads with title chains, 主持召开…会议 and
审议并原则通过《…》, 甲与乙合作…项目 总投资N亿元, documents with 下称《…》 and their 解读, notices
with signatures, signed speeches, ■ briefs, photo credits), in four layouts (flowing paragraphs,
half-width punctuation, Markdown headings, narrow newspaper columns with wraps and letter-spacing).

Entities come from the word lists in bench/vocab/ and behave like a real archive's: each city
has a leadership roster whose members serve terms and are replaced over the years, reporters
come and go, enterprises, projects and documents are drawn from large spaces with a heavy tail
(a few recur on many pages, most appear once or twice), and residents quoted are new people. So
the graph keeps growing with the corpus instead of repeating the same few hundred entities.

Deterministic: page i depends only on (seed, i), so a 10 MB corpus is the first files of the
100 MB one with the same seed, and every run writes byte-identical files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

VOCAB = Path(__file__).resolve().parent / "vocab"
MB = 1_000_000
START = dt.date(2016, 1, 1)
PAGES_PER_DAY = 4  # pages of the whole archive per calendar day
WEEKDAYS = "一二三四五六日"
CN_NUM = "一二三四五六七八九十"


def rows(name: str) -> list[list[str]]:
    """Rows of bench/vocab/<name>.txt split on tabs; `#` lines and blank lines skipped."""
    out = []
    for line in (VOCAB / f"{name}.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.rstrip("\n").split("\t"))
    return out


def words(name: str) -> list[str]:
    return list(dict.fromkeys(r[0] for r in rows(name)))


@dataclass(frozen=True)
class City:
    name: str  # 洛阳
    province: str  # 河南
    short: str  # 洛
    districts: tuple[str, ...]


class Vocab:
    """All word lists, loaded once."""

    def __init__(self) -> None:
        self.surnames = words("surnames")
        self.given = words("given")
        self.cities = [City(n, p, s, tuple(d.split("、"))) for n, p, s, d in rows("cities")]
        self.gov = [(n, h) for n, h in rows("gov_bodies")]
        self.party = [(n, h) for n, h in rows("party_bodies")]
        self.social = [(n, h) for n, h in rows("social_bodies")]
        self.leaders = [(p, k, int(n)) for p, k, n in rows("leaders")]
        self.province_leaders = [(p, int(n)) for p, n in rows("province_leaders")]
        self.stems = words("enterprise_stems")
        self.industries = words("industries")
        self.suffixes = words("company_suffixes")
        self.project_kinds = words("project_kinds")
        self.place_stems = words("place_stems")
        self.topics = words("topics")
        self.meeting_kinds = words("meeting_kinds")
        self.standing = words("standing_meetings")
        self.doc_types = [(t, a) for t, a in rows("doc_types")]
        self.national = [(t, a) for t, a in rows("national_docs")]
        self.subjects = words("doc_subjects")
        self.headlines = words("headlines")
        self.filler = words("filler")
        weights = [1 / (r + 4) for r in range(len(self.surnames))]  # surname frequency falls with rank
        self.surname_cum = list(_accumulate(weights))


def _accumulate(ws: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in ws:
        total += w
        out.append(total)
    return out


def log_uniform(rng: random.Random, n: int) -> int:
    """An index in [0, n) with P(i) ~ 1/(i+1): a heavy head and a long tail (Zipf, s=1)."""
    return min(n - 1, int((n + 1) ** rng.random()) - 1)


class World:
    """Who holds what, when: deterministic functions of (seed, city, post, day)."""

    def __init__(self, vocab: Vocab, seed: int) -> None:
        self.v = vocab
        self.seed = seed

    def rng(self, *key: object) -> random.Random:
        # str seeds are hashed with SHA-512 by random.Random: stable across runs and machines
        return random.Random("|".join(map(str, (self.seed, *key))))

    def name(self, *key: object) -> str:
        r = self.rng("name", *key)
        surname = r.choices(self.v.surnames, cum_weights=self.v.surname_cum)[0]
        n = 1 if r.random() < 0.3 else 2
        given = "".join(r.choice(self.v.given) for _ in range(n))
        if len(surname) == 2 and n == 2 and r.random() < 0.7:
            given = given[0]
        return surname + given

    def holder(self, day: int, *post: object, term: tuple[int, int] = (700, 1600)) -> str:
        """Who holds `post` on `day`: terms of varying length, offset per post, then a new person."""
        r = self.rng("term", *post)
        length = r.randint(*term)
        n = (day + r.randrange(length)) // length
        return self.name("holder", *post, n)

    def reporter(self, city: City, day: int, r: random.Random) -> str:
        k = log_uniform(r, 40)
        return self.holder(day, city.name, "reporter", k, term=(1500, 4000))

    def enterprise(self, city: City, r: random.Random) -> str:
        v = self.v
        i = log_uniform(r, len(v.stems) * len(v.industries) * len(v.suffixes) * 3)
        stem, rest = v.stems[i % len(v.stems)], i // len(v.stems)
        ind, rest = v.industries[rest % len(v.industries)], rest // len(v.industries)
        suf, where = v.suffixes[rest % len(v.suffixes)], rest // len(v.suffixes)
        prefix = (city.name, f"{stem}（{city.name}）", "")[where % 3]
        return f"{prefix}{ind}{suf}" if where % 3 == 1 else f"{prefix}{stem}{ind}{suf}"

    def place(self, city: City, r: random.Random) -> str:
        d = r.choice(city.districts)
        stem = self.v.place_stems[log_uniform(r, len(self.v.place_stems))]
        return f"{d}{stem}{r.choice(('社区', '村', '街道', '镇'))}"

    def project(self, city: City, r: random.Random) -> tuple[str, str]:
        """(district, project name)"""
        v = self.v
        d = city.districts[log_uniform(r, len(city.districts))]
        i = log_uniform(r, len(v.stems) * len(v.project_kinds) * 4)
        stem = v.stems[i % len(v.stems)]
        kind = v.project_kinds[(i // len(v.stems)) % len(v.project_kinds)]
        form = (i // (len(v.stems) * len(v.project_kinds))) % 4
        name = (f"{city.name}{stem}{kind}", f"{d}{stem}{kind}", f"{stem}{kind}", f"{city.short}{stem}{kind}")[form]
        return d, name

    def document(self, city: City, topic: str, r: random.Random, day: int) -> tuple[str, str]:
        """(title without 《》, short name)"""
        v = self.v
        dtype, alias = v.doc_types[log_uniform(r, len(v.doc_types))]
        subject = r.choice(v.subjects).format(topic=topic)
        issuer = r.choice(("", "", f"中共{city.name}市委 {city.name}市人民政府", f"{city.name}市人民政府办公室", f"{city.name}市人民政府"))
        if r.random() < 0.2:
            year = (START + dt.timedelta(days=day)).year
            return f"{city.name}市{year}年{topic}{dtype}", alias
        if dtype == "三年行动计划":
            y = (START + dt.timedelta(days=day)).year
            return f"{city.name}市{topic}三年行动计划（{y}—{y + 2}年）", alias
        return f"{issuer}关于{subject}的{dtype}", alias


@dataclass
class Page:
    index: int
    city: City
    date: dt.date
    day: int
    layout: str
    rng: random.Random
    topic: str = ""

    @property
    def dd(self) -> str:
        """How a lead dates the event: 5日, 昨日, 日前 …"""
        r = self.rng.random()
        if r < 0.55:
            return f"{self.date.day}日"
        if r < 0.7:
            return "昨日"
        if r < 0.8:
            return f"{self.date.month}月{self.date.day}日"
        return self.rng.choice(("日前", "近日", f"{self.date.day}日上午", f"{self.date.day}日下午"))


Block = tuple[str, str]  # (kind, text): intro|title|sub|section|lead|body|credit|author|sign|date|furniture


class PageWriter:
    """One page: picks its items, writes their text, lays the page out."""

    def __init__(self, world: World, index: int) -> None:
        self.w = world
        self.v = world.v
        r = world.rng("page", index)
        cities = self.v.cities
        city = cities[min(len(cities) - 1, int(len(cities) ** (r.random() ** 1.3)) - 1)]
        day = index // PAGES_PER_DAY
        layout = r.choices(("flow", "half", "markdown", "column"), weights=(45, 15, 25, 15))[0]
        self.p = Page(index, city, START + dt.timedelta(days=day), day, layout, r)
        self.budget = r.randint(15_000, 25_000)  # bytes of UTF-8

    # -- people and their titles ------------------------------------------------------------
    def leader(self, kind: str | None = None) -> tuple[str, str]:
        """(title chain as printed before the name, name) of a city leader."""
        p, r = self.p, self.p.rng
        posts = [x for x in self.v.leaders if kind is None or x[1] == kind]
        post, _k, n = posts[log_uniform(r, len(posts))]
        slot = r.randrange(n)
        name = self.w.holder(p.day, p.city.name, post, slot)
        chain = post
        if post == "市委书记" and p.city.name in ("郑州", "洛阳"):
            chain = "省委常委、市委书记"
        elif post == "市长":
            chain = "市委副书记、市长" if r.random() < 0.7 else "市委副书记、代市长"
        return chain, name

    def dept(self) -> tuple[str, str, str]:
        """(organisation, title chain after it, name) of a department head."""
        p, r = self.p, self.p.rng
        table, prefix = r.choice(((self.v.gov, "市"), (self.v.gov, "市"), (self.v.party, "市委"), (self.v.social, "市")))
        body, head = table[log_uniform(r, len(table))]
        org = body if body.startswith("团") else prefix + body
        if r.random() < 0.3:
            org = p.city.name + org
        name = self.w.holder(p.day, p.city.name, org, head, term=(500, 1200))
        chain = f"党组书记、{head}" if table is self.v.gov and r.random() < 0.5 else head
        return org, chain, name

    def district_leader(self) -> tuple[str, str, str]:
        p, r = self.p, self.p.rng
        d = r.choice(p.city.districts)
        unit = d[-1]  # 区, 县 or 市: 洛龙区委书记, 洛龙区区长, 嵩县县长
        role = r.choice(("委书记", f"{unit}长", "委副书记"))
        return d, role, self.w.holder(p.day, p.city.name, d, role, term=(600, 1400))

    def province_leader(self) -> tuple[str, str]:
        p, r = self.p, self.p.rng
        post, n = self.v.province_leaders[log_uniform(r, len(self.v.province_leaders))]
        return post, self.w.holder(p.day, p.city.province, post, r.randrange(n), term=(900, 1800))

    def reporters(self, n: int) -> list[str]:
        return list(dict.fromkeys(self.w.reporter(self.p.city, self.p.day, self.p.rng) for _ in range(n)))

    def resident(self) -> str:
        return self.w.name("resident", self.p.index, self.p.rng.random())

    # -- words -----------------------------------------------------------------------------
    def topic(self) -> str:
        return self.v.topics[log_uniform(self.p.rng, len(self.v.topics))]

    def headline(self, topic: str) -> str:
        r = self.p.rng
        parts = r.sample(self.v.headlines, r.choice((2, 2, 3)))
        return " ".join(x.format(topic=topic) for x in parts)

    def sentences(self, n: int, topic: str) -> str:
        r = self.p.rng
        return "".join(r.choice(self.v.filler).format(city=self.p.city.name, topic=topic) for _ in range(n))

    def paragraphs(self, chars: int, topic: str, openers: tuple[str, ...] = ()) -> list[Block]:
        out: list[Block] = []
        total = 0
        i = 0
        while total < chars:
            text = self.sentences(self.p.rng.randint(2, 5), topic)
            if i < len(openers):
                text = openers[i] + text
            out.append(("body", text))
            total += len(text)
            i += 1
        return out

    def amount(self, of: float | None = None) -> tuple[float, str]:
        """(yi yuan, as printed): 30亿元, 13.66亿元, 6600万元; a share of `of` when given."""
        r = self.p.rng
        x = of * r.uniform(0.1, 0.8) if of else math.exp(r.uniform(math.log(0.5), math.log(300)))
        if x < 1 and r.random() < 0.7:
            return x, f"{max(1, round(x * 10000))}万元"
        return x, (f"{round(x, r.choice((0, 1, 2))):g}亿元" if x < 100 else f"{int(x)}亿元")

    def credit_lead(self) -> str:
        r = self.p.rng
        reps = " ".join(self.reporters(r.choice((1, 2, 2, 3))))
        corr = " ".join(self.w.name("correspondent", self.p.city.name, log_uniform(r, 300)) for _ in range(r.choice((0, 1, 1, 2))))
        return f"本报讯（记者 {reps}" + (f" 通讯员 {corr}）" if corr else "）")

    def credit_trailing(self, photo: bool = False) -> str:
        r = self.p.rng
        reps = " ".join(self.reporters(r.choice((1, 2))))
        corr = self.w.name("correspondent", self.p.city.name, log_uniform(r, 300))
        if photo:
            return f"记者 {reps} 通讯员 {corr} 摄"
        return f"本报记者 {reps} 通讯员 {corr}"

    def attendees(self, k: int) -> str:
        seen: dict[str, str] = {}
        for _ in range(k):
            chain, name = self.leader()
            seen.setdefault(name, chain)
        r = self.p.rng
        if r.random() < 0.5:
            return "市领导" + "、".join(seen) + r.choice(("出席会议。", "参加会议。", "参加相关活动。"))
        return "，".join(f"{c.split('、')[-1]}{n}" for n, c in seen.items()) + r.choice(("参加会议。", "参加活动。", "陪同调研。"))

    # -- items -----------------------------------------------------------------------------
    def standing_meeting(self) -> list[Block]:
        p, r = self.p, self.p.rng
        gov = r.random() < 0.4
        if not gov:
            chain, chair = ("省委常委、市委书记" if p.city.name in ("郑州", "洛阳") else "市委书记"), self.w.holder(p.day, p.city.name, "市委书记", 0)
        else:
            chain, chair = "市委副书记、市长", self.w.holder(p.day, p.city.name, "市长", 0)
        name = r.choice([m for m in self.v.standing if ("政府" in m) == gov] or self.v.standing)
        meeting = name.format(n=p.day // 20 + 1, m=p.day // 45 + 1, city=p.city.name)
        t1, t2 = self.topic(), self.topic()
        docs = [self.w.document(p.city, r.choice((t1, t2)), r, p.day) for _ in range(r.choice((1, 1, 2)))]
        out: list[Block] = [("title", self.headline(t1))]
        if r.random() < 0.4:
            out.append(("sub", f"{chair}主持"))
        out.append(("lead", f"{self.credit_lead()}{p.dd}，{chain}{chair}主持召开{meeting}，研究{t1}、{t2}等工作。"))
        adopted = "".join(f"《{d}》" for d, _ in docs)
        out.append(("body", r.choice(("会议审议并原则通过", "会议审议通过了", "会议审议并通过")) + adopted + "。" + self.sentences(1, t1)))
        org, _c, _n = self.dept()
        out.append(("body", f"会议听取了{org}关于{t2}工作情况的汇报。" + self.sentences(2, t2)))
        out += self.paragraphs(r.randint(500, 1400), t1, ("会议指出，", "会议强调，", "会议要求，"))
        out.append(("body", self.attendees(r.randint(2, 5))))
        return out

    def work_conference(self) -> list[Block]:
        p, r = self.p, self.p.rng
        topic = self.topic()
        meeting = f"全市{topic}工作{r.choice(self.v.meeting_kinds)}"
        c1, n1 = self.leader()
        c2, n2 = self.leader()
        out: list[Block] = [("title", self.headline(topic))]
        if r.random() < 0.5:
            out.insert(0, ("intro", f"{meeting}召开"))
        lead = f"{self.credit_lead()}{p.dd}，{meeting}召开。{c1}{n1}出席会议并讲话"
        lead += f"，{c2}{n2}主持会议。" if n2 != n1 else "。"
        out.append(("lead", lead))
        doc, alias = self.w.document(p.city, topic, r, p.day)
        out.append(("body", f"会议传达学习了《{doc}》，通报了全市{topic}工作进展情况。" + self.sentences(2, topic)))
        out += self.paragraphs(r.randint(400, 1200), topic, (f"{n1}指出，", f"{n1}强调，"))
        speakers = [self.dept()[0] for _ in range(r.randint(2, 4))] + [r.choice(p.city.districts)]
        out.append(("body", f"会上，{'、'.join(dict.fromkeys(speakers))}作表态发言。"))
        if r.random() < 0.6:
            out.append(("body", self.attendees(r.randint(1, 3))))
        return out

    def visit(self) -> list[Block]:
        p, r = self.p, self.p.rng
        topic = self.topic()
        provincial = r.random() < 0.4
        post, name = self.province_leader() if provincial else self.leader()
        d2 = p.date.day
        d1 = max(1, d2 - r.randint(0, 2))
        when = f"{d1}日至{d2}日" if d1 != d2 else p.dd
        come = f"来{p.city.short}" if provincial else f"到{r.choice(p.city.districts)}"
        sites = [self.w.enterprise(p.city, r), self.w.place(p.city, r), self.w.project(p.city, r)[1]]
        r.shuffle(sites)
        out: list[Block] = [("title", self.headline(topic)), ("lead", f"{self.credit_lead()}{when}，{post}{name}带领调研组{come}，就{topic}工作进行调研。")]
        out.append(("body", f"{name}先后来到{'、'.join(sites)}等地，实地察看{topic}工作推进情况。" + self.sentences(2, topic)))
        ent = self.w.enterprise(p.city, r)
        out.append(("body", f"在{ent}，{name}详细了解企业生产经营和项目建设情况，" + self.sentences(1, topic)))
        out += self.paragraphs(r.randint(300, 900), topic, (f"{name}强调，", f"{name}指出，"))
        out.append(("body", self.attendees(r.randint(1, 3))))
        return out

    def project_news(self) -> list[Block]:
        p, r = self.p, self.p.rng
        topic = "重点项目建设"
        d, proj = self.w.project(p.city, r)
        e1, e2 = self.w.enterprise(p.city, r), self.w.enterprise(p.city, r)
        chain, name = self.leader()
        out: list[Block] = [("title", self.headline(topic))]
        if r.random() < 0.5:
            out.append(("lead", f"{self.credit_lead()}{p.dd}，{proj}开工仪式在{d}举行。{chain}{name}出席仪式并宣布项目开工。"))
            out.append(("body", f"该项目由{e1}与{e2}合作建设，总投资{self.amount()[1]}。" + self.sentences(1, topic)))
        else:
            out.append(("lead", f"{self.credit_lead()}{p.dd}，我市与{e1}签署战略合作框架协议，拟在{d}建设{proj}，总投资{self.amount()[1]}。{chain}{name}出席签约仪式。"))
        d2, proj2 = self.w.project(p.city, r)
        e3 = self.w.enterprise(p.city, r)
        partner = r.choice((f"{d2}政府", d2, self.w.enterprise(p.city, r)))
        total, printed = self.amount()
        out.append(("body", f"今年以来，{partner}与{e3}合作建设{proj2}，总投资{printed}，目前已完成投资{self.amount(total)[1]}。" + self.sentences(2, topic)))
        out += self.paragraphs(r.randint(300, 900), topic)
        return out

    def document_item(self) -> list[Block]:
        p, r = self.p, self.p.rng
        topic = self.topic()
        org, _c, _n = self.dept()
        out: list[Block] = [("title", self.headline(topic))]
        if r.random() < 0.3:
            nat, nshort = r.choice(self.v.national)
            doc, alias = f"中共{p.city.name}市委贯彻〈{nat}〉的实施办法", "实施办法"
            out.append(("sub", f"——《{doc}》解读（{CN_NUM[r.randrange(3)]}）"))
            out.append(("body", f"抓好《{nat}》（以下简称《{nshort}》）的贯彻执行，是一项重要政治任务。"
                                f"日前出台的《{doc}》（以下简称《{alias}》），" + self.sentences(1, topic)))
        else:
            doc, alias = self.w.document(p.city, topic, r, p.day)
            out.append(("sub", f"——《{doc}》解读之{CN_NUM[r.randrange(5)]}"))
            verb = r.choice(("印发", "下发", "出台", "制定"))
            out.append(("body", f"日前，{org}{verb}《{doc}》（下称《{alias}》），" + self.sentences(2, topic)))
        out += self.paragraphs(r.randint(500, 1300), topic, (f"《{alias}》提出，", f"《{alias}》明确，", f"《{alias}》要求，"))
        out.append(("body", f"{org}有关负责人表示，" + self.sentences(2, topic)))
        res = self.resident()
        out.append(("body", f"{self.w.place(p.city, r)}居民{res}说：“{self.sentences(1, topic)}”"))
        out.append(("credit", self.credit_trailing()))
        return out

    def notice(self) -> list[Block]:
        p, r = self.p, self.p.rng
        topic = self.topic()
        issuers = [f"中共{p.city.name}市委", f"{p.city.name}市人民政府"][: r.choice((1, 2))]
        subject = r.choice(self.v.subjects).format(topic=topic)
        out: list[Block] = [("title", " ".join(issuers)), ("title", f"关于{subject}的通知")]
        out.append(("body", f"为深入贯彻落实上级关于{topic}工作的决策部署，" + self.sentences(1, topic) + "现将有关事项通知如下。"))
        for i in range(r.randint(2, 4)):
            out.append(("body", f"{CN_NUM[i]}、{self.headline(topic).replace(' ', '，')}"))
            out += self.paragraphs(r.randint(200, 500), topic)
        signed = p.date - dt.timedelta(days=r.randint(1, 10))
        out += [("sign", x) for x in issuers]
        out.append(("sign", f"{signed.year}年{signed.month}月{signed.day}日"))
        return out

    def speech(self) -> list[Block]:
        r = self.p.rng
        topic = self.topic()
        out: list[Block] = [("title", self.headline(topic))]
        if r.random() < 0.5:
            out.append(("sub", f"——在全市{topic}工作{r.choice(self.v.meeting_kinds)}上的表态发言"))
            org, chain, name = self.dept()
            out.append(("author", f"{org}{chain} {name}"))
        else:
            if r.random() < 0.5:
                d, role, name = self.district_leader()
                out.append(("author", f"{d}{role} {name}"))
            else:
                out.append(("author", self.leader()[1]))
        out += self.paragraphs(r.randint(900, 2200), topic)
        return out

    def briefs(self) -> list[Block]:
        p, r = self.p, self.p.rng
        out: list[Block] = [("section", r.choice(("政务要闻", "要闻简报", "政务简讯")))]
        for _ in range(r.randint(2, 4)):
            topic = self.topic()
            org = self.dept()[0]
            kind = r.choice(self.v.meeting_kinds)
            chain, name = self.leader("gov")
            reps = " ".join(self.reporters(2))
            out.append(("body", f"■ {p.dd}，{org}召开{topic}工作{kind}，" + self.sentences(r.randint(2, 4), topic)
                        + f"{chain.split('、')[-1]}{name}参加会议。（{reps}）"))
        return out

    def photo(self) -> list[Block]:
        p, r = self.p, self.p.rng
        topic = self.topic()
        place = self.w.place(p.city, r)
        out: list[Block] = [("title", self.headline(topic))]
        out.append(("body", f"日前，在{place}，" + self.sentences(1, topic)))
        out.append(("body", f"{self.w.enterprise(p.city, r)}相关负责人{self.resident()}介绍，" + self.sentences(2, topic)))
        out.append(("credit", self.credit_trailing(photo=True)))
        return out

    ITEMS: tuple[tuple[str, int], ...] = (
        ("standing_meeting", 10), ("work_conference", 14), ("visit", 12), ("project_news", 14),
        ("document_item", 12), ("notice", 3), ("speech", 8), ("briefs", 10), ("photo", 10),
    )

    # -- the page --------------------------------------------------------------------------
    def write(self) -> str:
        p, r = self.p, self.p.rng
        blocks: list[Block] = []
        if r.random() < 0.6:
            blocks.append(("date", f"{p.date.year}年{p.date.month}月{p.date.day}日 星期{WEEKDAYS[p.date.weekday()]}"))
            if p.layout != "markdown":
                ed, pr, ly = (self.w.name("editor", p.city.name, r.randrange(12)) for _ in range(3))
                blocks.append(("furniture", f"编辑:{ed} 校对:{pr} 组版:{ly}"))
        names = [n for n, _ in self.ITEMS]
        weights = [w for _, w in self.ITEMS]
        size = 0
        while size < self.budget:
            item: Callable[[], list[Block]] = getattr(self, r.choices(names, weights)[0])
            new = item()
            blocks += new
            size += sum(len(t.encode("utf-8")) + 2 for _, t in new)
        return render(blocks, p.layout, r)


def _half(text: str) -> str:
    return text.translate(str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"}))


_NO_LINE_START = set("，。、；：！？”’）》〉")


def _wrap(text: str, width: int, r: random.Random) -> str:
    lines: list[str] = []
    i = 0
    while i < len(text):
        j = i + width
        while j < len(text) and text[j] in _NO_LINE_START:  # typesetters keep these off a line start
            j += 1
        lines.append(text[i:j])
        i = j
    out = []
    for line in lines:
        if r.random() < 0.03:  # letter-spaced line, as column typesetting leaves them
            line = " ".join(line)
        out.append(line)
    return "\n".join(out)


def render(blocks: list[Block], layout: str, r: random.Random) -> str:
    """Lay the blocks out as one of the genre's page styles."""
    out: list[str] = []
    width = r.randint(15, 18)
    for kind, text in blocks:
        if layout == "markdown":
            mark = {"intro": "## ", "title": "# ", "sub": "### ", "section": "## "}.get(kind, "")
            out.append(mark + text)
        elif layout == "half":
            out.append(_half(text) if kind in ("body", "lead") else text)
        elif layout == "column" and kind in ("body", "lead"):
            out.append(_wrap(text, width, r))
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


def page_name(seed: int, index: int) -> str:
    h = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
    return f"{index:06d}_{h}.txt"


def generate(out: str | Path, *, mb: float | None = None, pages: int | None = None, seed: int = 0) -> list[Path]:
    """Write pages into `out` until `mb` megabytes (10^6 bytes) or `pages` pages; returns the paths."""
    if (mb is None) == (pages is None):
        raise ValueError("give exactly one of mb or pages")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    world = World(Vocab(), seed)
    written: list[Path] = []
    total = 0
    i = 0
    while (pages is not None and i < pages) or (mb is not None and total < mb * MB):
        text = PageWriter(world, i).write()
        path = out / page_name(seed, i)
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
        total += len(data)
        i += 1
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write the pages into")
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--mb", type=float, help="megabytes (10^6 bytes) of pages to write")
    size.add_argument("--pages", type=int, help="number of pages to write")
    ap.add_argument("--seed", type=int, default=0, help="the corpus for one seed is always the same (default 0)")
    a = ap.parse_args(argv)
    paths = generate(a.out, mb=a.mb, pages=a.pages, seed=a.seed)
    size_b = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} pages, {size_b / MB:.1f} MB, to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
