"""Markup written in Python for speed is the markup the templates wrote."""

import re
from datetime import date
from decimal import Decimal

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template

from kam.renderers import FastRenderer
from kam.templatetags.kam_markup import filter_field, table_rows

WIDGETS = [
    (forms.TextInput(attrs={"placeholder": "2025", "class": "x"}), 'a <b> & "c"'),
    (forms.TextInput(), None),
    (forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"}), 12),
    (forms.DateInput(attrs={"type": "date"}), date(2026, 1, 31)),
    (forms.EmailInput(attrs={"required": True, "disabled": False}), "li@example.cn"),
    (forms.HiddenInput(), 7),
    (forms.PasswordInput(), "secret"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 3}), "第一行\n<second>"),
    (forms.Textarea(), ""),
    (forms.Select(choices=[("", "---"), ("a", "A & B"), ("b", "B")]), "a"),
    (
        forms.Select(choices=[("Group", [("1", "One"), ("2", "Two")]), ("3", "Three")]),
        "2",
    ),
    (forms.SelectMultiple(choices=[("1", "One"), ("2", "Two")]), ["1", "2"]),
    (forms.RadioSelect(choices=[("a", "A & B"), ("b", "B")]), "b"),
    (forms.RadioSelect(attrs={"class": "x"}, choices=[("G", [("1", "一")])]), None),
    (forms.CheckboxSelectMultiple(choices=[("1", "One"), ("2", "<Two>")]), ["2"]),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_each_widget_is_written_as_django_s_templates_write_it(widget, value):
    attrs = {"id": "id_field"}
    django = widget.render("field", value, attrs, renderer=DjangoTemplates())
    fast = widget.render("field", value, attrs, renderer=FastRenderer())
    if isinstance(widget, forms.Select):  # its template puts each <option> on a line
        django = re.sub(r">\s+<", "><", django)
    assert fast == django


@pytest.mark.parametrize("widget", [forms.RadioSelect, forms.CheckboxSelectMultiple])
def test_each_choice_alone_is_written_as_django_s_templates_write_it(widget):
    class Choosing(forms.Form):
        pick = forms.ChoiceField(widget=widget, choices=[("a", "A & B"), ("b", "B")])

    def tags(renderer):
        form = Choosing({"pick": "a"}, renderer=renderer)
        return [choice.tag() for choice in form["pick"]]

    assert tags(FastRenderer()) == tags(DjangoTemplates())


class Filters(forms.Form):
    q = forms.CharField(required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip
    status = forms.ChoiceField(required=False, choices=[("", "Any"), ("won", "Won")])
    score = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0}))  # fmt: skip
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    owner = forms.ChoiceField(choices=[("1", "Li")], help_text="Whose accounts")
    action = forms.ChoiceField(choices=[("a", "Hand over"), ("b", "Classify & <tag>")])
    apply_to = forms.ChoiceField(widget=forms.RadioSelect, choices=[("t", "Ticked"), ("f", "Filtered")])  # fmt: skip


def _squeezed(html):
    """White space beside tags does not show."""
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize("data", [None, {"q": "华鑫", "status": "won", "score": "x"}])
def test_a_filter_field_is_written_as_crispy_writes_it(data):
    form = Filters(data)
    for field in form:
        assert _squeezed(filter_field(field)) == _squeezed(as_crispy_field(field))


TABLE = Template(
    "{% load kam %}{% for row in rows %}<tr>{% for cell in row %}{% if forloop.first %}"
    '<th scope="row" class="fw-normal">{{ cell }}</th>{% else %}<td class="{{ cell|align }}">'
    "{{ cell|dash|cell }}</td>{% endif %}{% endfor %}</tr>{% endfor %}"
)


def test_report_rows_are_written_as_the_table_template_wrote_them():
    rows = [
        [
            "王五 <rep>",
            1234,
            Decimal("12.345"),
            Decimal("1234.5"),
            None,
            "",
            date(2026, 2, 3),
        ],
        ["Total", 0, 2.5, True, "a & b"],
        [],
    ]
    assert table_rows(rows) == TABLE.render(Context({"rows": rows}))
