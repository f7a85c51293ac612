"""The recogniser (kg/recognise: the LAC model, run for real) and the fusion policy that binds,
confirms or vetoes its proposals (kg/extract/names.py, kg/extract/people.py, kg/extract/orgs.py).

Every sentence here was written for these tests; the names are made up."""
from __future__ import annotations

import pytest

from kg.extract import names as N
from kg.recognise import recognise
from kg.recognise.lac import model
from kg.records import Source
from kg.text.normalise import normalise
from kg.text.segment import segment

from extraction import facts, labels


def people(text: str) -> set[str]:
    return labels(text, "person")


def test_the_model_tags_words_with_offsets_that_cover_the_sentence() -> None:
    s = "市长赵文强今天在市政府主持召开会议。"
    (words,) = model().tag([s])
    assert words[0].start == 0 and words[-1].end == len(s)
    assert all(a.end == b.start for a, b in zip(words, words[1:]))
    assert ("赵文强", "PER") in {(s[w.start : w.end], w.tag) for w in words}


def test_a_sentence_gets_the_same_tags_alone_or_in_a_batch_of_its_page() -> None:
    """Batches pad sentences; padding must not move a word boundary of a short one."""
    short = "市长赵文强讲话。"
    page = [short, "会议由市委副书记钱立新主持，全体委员出席会议并审议通过了有关文件和报告。" * 3]
    alone = model().tag([short])[0]
    batched = model().tag(page)[0]
    assert [(w.start, w.end, w.tag) for w in alone] == [(w.start, w.end, w.tag) for w in batched]


def test_sentences_longer_than_the_model_window_are_tagged_whole() -> None:
    s = "县委书记孙明德主持会议并讲话。" * 40  # 600 characters: cut into pieces for the model
    (words,) = model().tag([s])
    assert words[-1].end == len(s) and sum(w.end - w.start for w in words) == len(s)
    assert sum(1 for w in words if s[w.start : w.end] == "孙明德") >= 30


def test_recognise_gives_page_offsets_per_article() -> None:
    raw = "第一条新闻\n\n本报讯 市长赵文强昨日调研。\n\n第二条新闻\n\n本报讯 副市长钱立新出席活动。\n"
    arts = segment(normalise(Source("t.txt", "t.txt", "t", raw, "utf-8", "0")))
    toks = recognise(arts)
    assert len(toks) == len(arts)
    text = arts[0].text
    found = [{text[t.start : t.end] for t in ts if t.tag == "PER"} for ts in toks]
    assert any("赵文强" in f for f in found) and any("钱立新" in f for f in found)


# -- the cut -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,name,next_tag,expected",
    [
        ("金涛在北京考察", "金涛在", "LOC", "金涛"),  # a function word the model swallowed, a place after it
        ("闫立为认为这很重要", "闫立为", "v", "闫立为"),  # …but not when a verb follows it: 为 is the name's
        ("朱有为博士介绍", "朱有为", "n", "朱有为"),  # …nor a noun
        ("时强调要抓落实", "时强调", None, "时"),  # a verb read as a name: cut to nothing, then vetoed
        ("王建国同志任市委常委", "王建国同志", None, "王建国"),
        ("李鹏发表讲话", "李鹏发", None, "李鹏"),  # 发表 runs past the proposal's end
    ],
)
def test_cut(text: str, name: str, next_tag: str | None, expected: str) -> None:
    assert text[: N.cut(text, 0, len(name), next_tag)] == expected


def test_a_foreign_name_is_not_split_as_two_chinese_names() -> None:
    assert N.split_run("梅德韦杰夫", 0) == [(0, 5)]
    assert N.split_run("戈尔巴乔夫", 0) == [(0, 5)]


def test_a_person_noun_after_a_name_keeps_it() -> None:
    assert "孙明德" in people("本报讯 本期专访孙明德总监。\n")  # 专访|孙明德|总监: verb, name, noun


# -- the veto ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name,ok",
    [
        ("赵文强", True),
        ("欧阳振华", True),  # a compound surname
        ("约翰·史密斯", True),  # a foreign name with ·
        ("卡尔维诺", True),  # no known surname: a foreign name, on the model's word
        ("常委", False),  # a role
        ("王局长", False),
        ("张总", False),  # a form of address
        ("小李", False),
        ("李女士", False),
        ("保障", False),  # a verb in the dictionary
        ("时", False),  # one character
        ("洛阳", False),  # a place
    ],
)
def test_vetted(name: str, ok: bool) -> None:
    assert N.vetted(name) is ok


def test_a_document_number_head_is_no_name() -> None:
    text = "按照冀政[2007]95号文件执行"
    assert not N.vetted("冀政", text, 4)


def test_two_names_run_together_are_split() -> None:
    assert N.split_run("赵文强钱立新", 10) == [(10, 13), (13, 16)]
    assert N.split_run("欧阳振华", 0) == [(0, 4)]  # four characters may be one name


def test_a_leaders_set_phrase_proposes_nobody() -> None:
    assert N.opens_set_phrase("邓小平理论", 3)
    assert N.opens_set_phrase("毛泽东思想和", 3)
    assert not N.opens_set_phrase("孔子是古代的思想家", 2)  # a sentence about him
    assert not N.opens_set_phrase("习近平总书记重要讲话", 3)  # a role between: he is the speaker
    assert "邓小平" not in people("会议强调，要坚持以邓小平理论为指导。\n")


# -- fusion in the build ---------------------------------------------------------------------------

def test_names_without_a_title_are_found() -> None:
    """The genre rules alone need a title or a known context; the model does not."""
    text = "本报讯 昨日，赵文强在市民服务中心与群众座谈，钱立新陪同。\n"
    assert {"赵文强", "钱立新"} <= people(text)


def test_a_name_confirmed_once_is_found_at_every_occurrence_in_the_document() -> None:
    raw = (
        "调研新闻\n\n本报讯 市长赵文强昨日到高新区调研。\n\n"
        "另一条新闻\n\n本报讯 在随后的座谈会上，赵文强听取了企业负责人的意见。\n"
    )
    doc = normalise(Source("t.txt", "t.txt", "t", raw, "utf-8", "0"))
    from kg.extract import extract_page

    exs = extract_page(segment(doc))
    spans = [m.span for ex in exs for m in ex.mentions if m.entity.label == "赵文强"]
    assert len(spans) == doc.text.count("赵文强") == 2


def test_a_title_chain_binds_to_a_model_name() -> None:
    text = "本报讯 住房和城乡建设部部长孙明德出席会议并讲话。\n"
    holds = {(p, post) for p, post in facts(text, "person", "org:holds")}
    assert "孙明德" in people(text)
    assert any(p == "孙明德" and "部长" in post for p, post in holds), holds


def test_a_longer_model_name_wins_over_a_rule_name_inside_it() -> None:
    assert "约翰·史密斯" in people("本报讯 约翰·史密斯表示，双方合作前景广阔。\n")
    assert "史密斯" not in people("本报讯 约翰·史密斯表示，双方合作前景广阔。\n")


def test_a_short_name_the_page_gives_a_company_is_no_person() -> None:
    text = "本报讯 洛阳华信电子科技有限公司（以下简称“华信”）今年产值增长两成，华信总经理钱立新介绍。\n"
    assert "华信" not in people(text)


def test_model_organisations_are_joined_to_the_place_before_them() -> None:
    text = "本报讯 黑龙江省民政厅近日印发通知，要求各地做好救助工作。\n"
    assert "黑龙江省民政厅" in labels(text, "org")


# -- shapes of the genre ----------------------------------------------------------------------------

def test_a_place_before_its_bodies_is_no_person() -> None:
    text = "本报讯 安乐县委书记孙明德以及周正、冯建等安乐县领导出席。\n"
    assert {"孙明德", "周正", "冯建"} <= people(text) and "安乐" not in people(text)


def test_leaders_listed_without_a_title_of_their_own() -> None:
    assert {"孙明德", "钱立新"} <= people("本报讯 会上，县领导孙明德、钱立新参加。\n")
    assert {"孙明德", "钱立新", "周正"} <= people("本报讯 州领导孙明德、钱立新、周正等参加活动。\n")


def test_names_followed_by_a_time_word_or_a_verb() -> None:
    assert "赵文强" in people("本报讯 赵文强日前在北京会见外宾。\n")
    assert "赵文强" in people("本报讯 国家主席赵文强今天会见了来访的客人。\n")


def test_a_proposal_longer_than_a_name_ends_at_its_verb() -> None:
    text = "本报讯 会议决定任命钱立新为市财政局局长。\n"
    assert N.cut("任命钱立新为市财政局局长", 2, 10) == 5
    assert "钱立新" in people(text)


def test_posts_written_with_their_full_organisation_and_ranks() -> None:
    holds = facts("本报讯 省政府副秘书长、一级巡视员钱立新出席会议。\n", "person", "org:holds")
    assert ("钱立新", "一级巡视员") in holds


def test_posts_a_person_holds_now() -> None:
    holds = facts("本报讯 孙明德现任市委常委、组织部部长。\n", "person", "org:holds")
    assert {("孙明德", "市委常委"), ("孙明德", "市委组织部部长")} <= holds


# -- review findings -----------------------------------------------------------------------------

def test_long_sentences_are_cut_for_the_model_where_no_name_is() -> None:
    from kg.recognise.lac import MAX_LEN, windows

    s = "研究部署工作，" * 30 + "市长王建国说要做好工作。"
    cuts = windows(s)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(s) and all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))
    assert all(b - a <= MAX_LEN for a, b in cuts)
    assert all(s[b - 1] == "，" for _, b in cuts[:-1])  # after a comma, never inside a word
    (words,) = model().tag([s])
    assert "王建国" in {s[w.start : w.end] for w in words if w.tag == "PER"}


def test_a_long_sentence_without_a_comma_is_cut_after_a_particle() -> None:
    from kg.recognise.lac import MAX_LEN, windows

    s = "推进乡村振兴的" * 40 + "市长王建国强调做好工作"
    cuts = windows(s)
    assert all(b - a <= MAX_LEN for a, b in cuts)
    assert all(s[b - 1] == "的" for _, b in cuts[:-1])


def test_the_model_and_its_page_cache_serve_threads(tmp_path) -> None:  # noqa: ANN001
    """Dask workers extract files in threads: the one model and the page cache are shared safely."""
    from concurrent.futures import ThreadPoolExecutor

    pages = [f"标题{i}\n\n本报讯 市长赵文强第{i}次到高新区调研，钱立新陪同。\n" for i in range(40)]

    def persons(raw: str) -> set[str]:
        return people(raw)

    alone = [persons(p) for p in pages]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(persons, pages * 2))
    assert together == alone * 2


def test_ambiguous_or_overlong_runs_of_names_are_no_guess() -> None:
    assert N.split_run("王沪宁汪洋", 0) == [(0, 5)]  # 王沪|宁汪洋 or 王沪宁|汪洋: not split
    assert not N.vetted("王沪宁汪洋") and not N.vetted("张大山小河")  # …and no five-character Han name
    assert N.vetted("梅德韦杰夫")  # a transliteration is one foreign name


@pytest.mark.timeout(20)
def test_a_long_line_of_credits_does_not_backtrack() -> None:
    """`记者张三` reads one way only (a name never opens with a role): a line of 40 such tokens is
    matched at once, where the old pattern tried 2^40 readings."""
    from kg.text.credits import _CREDIT

    assert _CREDIT.match("记者 张三 " + " ".join(["记者张三"] * 40) + " 。") is None
    assert _CREDIT.match("记者 张三 " + " ".join(["记者张三"] * 40))


# -- shapes that make or unmake a model's name (issue 13, second pass) -------------------------

def test_a_speakers_turn_names_the_speaker_whatever_the_model_tags() -> None:
    """In an interview a paragraph opened by a name and a colon is that person's turn; the model
    reads 高山 as a noun there, the turn makes it a name."""
    page = "专访\n\n记者：今年的重点是什么？\n\n高山：重点是抓好农村公路建设。\n\n记者：群众反映如何？\n"
    assert "高山" in people(page)
    assert "记者" not in people(page)


def test_a_turn_needs_a_name_not_a_word() -> None:
    page = "通知\n\n附件：工作方案\n\n第二批：名单如下。\n"
    assert people(page) == set()


@pytest.mark.parametrize(
    "sentence,name",
    [
        ("市民罗大为称，新公园很漂亮。", "罗大为"),  # 罗大|为|称: the model cut the name's last character
        ("局长孟庆中称，今年任务很重。", "孟庆中"),  # 孟庆|中|称
        ("经理汪春和介绍，今年销量增长。", "汪春和"),  # 汪春|和|介绍
    ],
)
def test_a_name_the_model_cut_one_character_short_is_made_whole(sentence: str, name: str) -> None:
    got = people("标题\n\n" + sentence + "\n")
    assert name in got
    assert name[:2] not in got


def test_a_lone_character_before_a_pause_is_not_taken_when_it_is_a_credit_mark() -> None:
    words = N.completed("记者罗大摄，", [N.Token(2, 4, "PER"), N.Token(4, 5, "v"), N.Token(5, 6, "w")])
    assert (2, 4, "PER") in {(t.start, t.end, t.tag) for t in words}


def test_clubs_the_page_writes_as_sides_of_a_match_are_not_people() -> None:
    """The model reads the transliterated names of clubs as people; `主场`, `迎战`, `主帅` are the
    sports page's marks of a team."""
    page = "标题\n\n周末联赛中，科林顿客场挑战阿森堡，阿森堡主帅表示有信心。\n"
    assert people(page) == set()
    assert N.plays_as_team("升班马科林顿本赛季表现出色。", "科林顿")
    assert not N.plays_as_team("科林顿教授在大会上发言。", "科林顿")
    # what is said of players too, and 主场外交 (a host's diplomacy), is no team's mark
    assert not N.plays_as_team("卡洛斯本赛季打进20球，逼平了记录。", "卡洛斯")
    assert not N.plays_as_team("赵文强主场外交成果丰硕。", "赵文强")


def test_a_shapes_name_is_no_form_of_address_and_no_verb() -> None:
    """A title chain or a descriptor reads the name after it; `陆总` (a surname and 总) and `保障`
    (a verb) are not full names, whatever precedes them."""
    assert people("标题\n\n公司副总经理陆总昨天到工地检查。\n") == set()
    assert people("标题\n\n会议要求，做好退伍军人保障工作。\n") == set()


def test_a_name_the_model_reads_as_a_place_as_often_as_a_person_is_none() -> None:
    """The page's majority reading: a word tagged LOC at one occurrence and PER at another is
    not confirmed as a person; one read as a person both times is."""
    text = "江北岸迎来客人。江北岸表示欢迎。"
    tok = N.Token
    split = [[tok(0, 3, "LOC"), tok(3, 5, "v"), tok(5, 7, "n"), tok(7, 8, "w"),
              tok(8, 11, "PER"), tok(11, 13, "v"), tok(13, 15, "v"), tok(15, 16, "w")]]
    both = [[tok(0, 3, "PER"), tok(3, 5, "v"), tok(5, 7, "n"), tok(7, 8, "w"),
             tok(8, 11, "PER"), tok(11, 13, "v"), tok(13, 15, "v"), tok(15, 16, "w")]]
    assert "江北岸" not in N.document_names(text, split)
    assert "江北岸" in N.document_names(text, both)


def test_a_latin_name_after_its_descriptor_is_a_person() -> None:
    """A player's handle or a foreign name in Latin letters, after what the person is (选手, 导演)."""
    assert "Frost" in people("标题\n\n决赛中，选手Frost表示，对手很强。\n")  # the model reads Frost as a noun
    assert "Kestrel" not in people("标题\n\n决赛中，Kestrel战队表示，对手很强。\n")


def test_a_surname_the_model_tagged_alone_joins_its_given_name() -> None:
    tok = N.Token

    def joined(text: str, toks: list) -> set[str]:
        return {text[t.start : t.end] for t in N.completed(text, toks) if t.tag == "PER"}

    # 蒲|晓彤 (both PER), 伍|军民 (PER, then a noun): one name each
    assert "蒲晓彤" in joined("蒲晓彤表示，", [tok(0, 1, "PER"), tok(1, 3, "PER"), tok(3, 5, "v"), tok(5, 6, "w")])
    assert "伍军民" in joined("伍军民说，", [tok(0, 1, "PER"), tok(1, 3, "n"), tok(3, 4, "v"), tok(4, 5, "w")])
    # a noun for a person (谢|导演) or a verb (周|称) after a lone surname is no given name
    assert "谢导演" not in joined("谢导演说，", [tok(0, 1, "PER"), tok(1, 3, "n"), tok(3, 4, "v"), tok(4, 5, "w")])
    assert "周称" not in joined("周称，", [tok(0, 1, "PER"), tok(1, 2, "v"), tok(2, 3, "w")])


def test_a_visitor_is_no_fragment_of_a_word_begun_before_it() -> None:
    """`及时赶到现场`: 及时 is a word, so 时赶 is nobody, though 及 may join names."""
    assert people("标题\n\n县应急局工作人员及时赶到现场检查。\n") == set()


def test_a_proposal_that_opens_an_idiom_is_nobody() -> None:
    text = "祝大家马到成功。"
    assert N.opens_word(text, 3, 6)  # 马到成|功: the idiom runs on
    assert not N.opens_word("马到成说，", 0, 3)
    assert N.proposed_names(text, [N.Token(0, 3, "v"), N.Token(3, 6, "PER"), N.Token(6, 7, "n"), N.Token(7, 8, "w")]) == []


# -- review findings, second pass ------------------------------------------------------------------

def test_a_role_vouches_for_a_name_that_is_also_a_word() -> None:
    """严明, 齐心, 安定 are verbs or adjectives and given names: after a role they are names."""
    from kg.extract import titles as T

    t = "副市长严明表示，要加强管理。"
    assert [[n.text for n in c.names] for c in T.chains_in(t, 0, len(t), frozenset(), None)] == [["严明"]]


def test_a_subheads_topic_is_no_speaker_outside_an_interview() -> None:
    assert people("标题\n\n石油：产量同比增长百分之五。\n\n高校：今年将扩大招生规模。\n") == set()


def test_an_adverb_after_a_name_is_not_its_last_character() -> None:
    tok = N.Token
    words = N.completed("王刚仍表示，", [tok(0, 2, "PER"), tok(2, 3, "d"), tok(3, 5, "v"), tok(5, 6, "w")])
    assert (0, 2, "PER") in {(t.start, t.end, t.tag) for t in words}


def test_a_rare_dictionary_entry_does_not_veto_a_name() -> None:
    assert not N.opens_word("万士和，男，汉族", 0, 2)  # jieba lists 万士和 (rarely): no idiom
