"""Both homes in Simplified Chinese: Chinese headings, no English left over."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reports.tests.test_support import (
    PERIOD,
    build_my_day,
    build_team_a,
    freeze,
    page_table,
)

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# File formats, the brand, and the language switcher naming English in English.
NOT_WORDS = {"CSV", "XLSX", "KAM", "English"}


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def chinese(client):
    client.cookies["django_language"] = "zh-hans"
    return client


@pytest.fixture
def data(rep, colleague, supervisor, manager):
    build_team_a(rep, colleague, supervisor)
    build_my_day(rep, colleague, supervisor, manager)


class _Headings(HTMLParser):
    """The text of headings, captions, column headers, labels and buttons."""

    TAGS = {"h1", "h2", "h3", "h4", "h5", "caption", "label", "button"}

    def __init__(self):
        super().__init__()
        self.open = []  # (tag, pieces) being read
        self.in_head = False
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self.in_head = True
        if tag in self.TAGS or (tag == "th" and self.in_head):
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        if self.open and self.open[-1][0] == tag:
            _tag, pieces = self.open.pop()
            text = " ".join("".join(pieces).split())
            if text:
                self.texts.append(text)

    def handle_data(self, data):
        for _tag, pieces in self.open:
            pieces.append(data)


def _headings(response):
    parser = _Headings()
    parser.feed(response.content.decode())
    return parser.texts


def _english(texts):
    return [
        text
        for text in texts
        if any(word not in NOT_WORDS for word in ENGLISH_WORD.findall(text))
    ]


def test_the_team_dashboard_renders_in_chinese(chinese, manager, data):
    chinese.force_login(manager)
    response = chinese.get(reverse("reports:team"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    headings = _headings(response)
    for title in (
        "小组开发概况",
        "业务进度漏斗",
        "按人员",
        "当前逾期的回访",
        "本期开发结果",
        "未开发成功的原因",
        "开发成功的原因",
        "在开发客户的销售预测",
        "按开发价值结论",
        "客户组合矩阵（开发中的客户）",
        "按产品类别",
        "按客户性质",
        "按服务内容",
    ):
        assert title in headings
    assert _english(headings) == []


def test_the_team_dashboard_s_figures_are_labelled_in_chinese(chinese, manager, data):
    chinese.force_login(manager)
    response = chinese.get(reverse("reports:team"), PERIOD)
    assert [row[0] for row in page_table(response, "funnel")[1]] == [
        "接触客户",
        "产品说明",
        "产品展示",
        "建议书",
        "缔约",
    ]
    for key in (
        "funnel",
        "verdicts",
        "matrix",
        "results",
        "reasons",
        "product_category",
    ):
        _header, rows = page_table(response, key)
        assert rows, key
        assert _english([row[0] for row in rows]) == [], key
    assert "未分类" in [row[0] for row in page_table(response, "product_category")[1]]
    assert "机械" in [row[0] for row in page_table(response, "product_category")[1]]
    assert "从首次接触到开发成功平均用时：36 天。" in response.text


def test_the_by_rep_column_of_names_is_headed_as_people(chinese, manager, data):
    chinese.force_login(manager)
    response = chinese.get(reverse("reports:team"), PERIOD)
    header, _rows = page_table(response, "reps")
    assert header[0] != "个人信息"


def test_my_day_renders_in_chinese(chinese, rep, data):
    chinese.force_login(rep)
    response = chinese.get(reverse("home"))
    assert response.status_code == 200
    headings = _headings(response)
    for title in (
        "下一步要做的事",
        "我的客户（按业务进度）",
        "我本周的拜访",
        "我到期和逾期的回访",
        "未读通知",
    ):
        assert title in headings
    assert _english(headings) == []
    tasks = [task.text for task in response.context["mine"]["tasks"]]
    assert tasks[0] == "回访Emei Tea：自 2026-10-27 起已逾期。"
    assert "为 2026-11-20 拜访Prep Co做准备。" in tasks
    # Account names stay as typed; the rest of each task is Chinese.
    for task in tasks:
        assert _english([re.sub(r"(?:[A-Z][a-z]+ ?)+", "", task)]) == [], task


def test_my_day_s_stages_are_named_in_chinese(chinese, rep, data):
    chinese.force_login(rep)
    stages = chinese.get(reverse("home")).context["mine"]["stages"]
    assert all(not str(label).isascii() for label, _n in stages)


def test_an_empty_my_day_is_in_chinese_too(chinese, rep):
    chinese.force_login(rep)
    response = chinese.get(reverse("home"))
    assert "Nothing urgent" not in response.text
    assert "No visit this week" not in response.text
    assert _english(_headings(response)) == []
