"""Shapes of the genre other papers write and the Luoyang pages did not (issue 13): agreements as
documents, 民主生活会 and 通气会 as meetings, numbered sessions after a lead, and times or counts
before 项目 that name no project. Every sentence here was written for these tests."""
from __future__ import annotations

import pytest

from extraction import labels


@pytest.mark.parametrize(
    "text,title",
    [
        ("本报讯 双方签署了《战略合作框架协议》。\n", "战略合作框架协议"),
        ("本报讯 省发展改革委印发《安乐省数字经济发展三年行动计划》。\n", "安乐省数字经济发展三年行动计划"),
        ("本报讯 市政府办公室印发《2024年全市农业农村工作要点》。\n", "2024年全市农业农村工作要点"),
        ("本报讯 省十三届人大常委会第十五次会议审议通过了《安乐省生态环境保护条例》。\n", "安乐省生态环境保护条例"),
    ],
)
def test_documents(text: str, title: str) -> None:
    assert title in labels(text, "document")


@pytest.mark.parametrize(
    "text,meeting",
    [
        ("本报讯 市委常委班子召开2023年度民主生活会。\n", "2023年度民主生活会"),
        ("本报讯 市十三届人大常委会第十五次会议在市人大会议中心召开。\n", "市十三届人大常委会第十五次会议"),
        ("本报讯 市政府召开全市防汛工作通气会。\n", "全市防汛工作通气会"),
    ],
)
def test_meetings(text: str, meeting: str) -> None:
    found = labels(text, "meeting")
    assert meeting in found, found
    assert not any(m.startswith("本报讯") for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "本报讯 该县10月份新项目开工12个。\n",
        "本报讯 专家用0.5天时间协助项目落地。\n",
        "本报讯 各地要抓紧时间落实试点项目。\n",
    ],
)
def test_a_time_or_a_count_before_a_project_names_none(text: str) -> None:
    assert labels(text, "project") == set()


def test_a_named_project_still_is_one() -> None:
    assert "安乐新能源产业园项目" in labels("本报讯 抓紧时间落实试点项目，推进安乐新能源产业园项目建设。\n", "project")
