"""Amounts as people type them: 万 and 亿 understood, other letters refused with a
message, the unit beside every amount box."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kam.amounts import parse_amount
from prospects.models import FinancialStatement
from prospects.tests.test_financial_statement_form import VALID


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("15亿", Decimal("1500000000")),
        ("150万", Decimal("1500000")),
        ("3.5万元", Decimal("35000")),
        ("1,234,567.80", Decimal("1234567.80")),
        ("¥ 2,000", Decimal("2000")),
        ("-250.50", Decimal("-250.50")),
        ("", None),
    ],
)
def test_an_amount_reads_as_it_was_meant(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize("typed", ["15 billion", "abc", "1.2.3", "15e3", "十五"])
def test_letters_in_an_amount_are_refused(typed):
    with pytest.raises(ValidationError):
        parse_amount(typed)


def test_the_statement_form_understands_yi_and_wan(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:financials-create", args=[prospect.pk]),
        {**VALID, "revenue": "15亿", "net_profit": "1,200万"},
    )
    assert response.status_code == 302
    saved = FinancialStatement.objects.get(prospect=prospect)
    assert saved.revenue == Decimal("1500000000")
    assert saved.net_profit == Decimal("12000000")


def test_a_letter_in_an_amount_is_refused_with_a_message_and_nothing_saved(
    client, rep, prospect
):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:financials-create", args=[prospect.pk]),
        {**VALID, "revenue": "15 billion"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Write the amount in figures, in yuan") == 1
    assert 'value="15 billion"' in html  # what was typed is kept
    assert not FinancialStatement.objects.exists()


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("prospects:financials-create", FinancialStatement.FIGURES),
        ("prospects:transactions-create", ("our_sales", "purchase_volume")),
    ],
)
def test_every_amount_box_shows_its_unit(client, rep, prospect, url, names):
    client.force_login(rep)
    html = client.get(reverse(url, args=[prospect.pk])).content.decode()
    assert html.count('<span class="input-group-text">yuan</span>') == len(names)
    for name in names:
        assert f'name="{name}"' in html


def test_the_unit_is_yuan_in_chinese(client, rep, prospect):
    client.force_login(rep)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(
        reverse("prospects:financials-create", args=[prospect.pk])
    ).content.decode()
    assert '<span class="input-group-text">元</span>' in html


def test_a_saved_amount_shows_in_figures_in_its_box(client, rep, prospect):
    client.force_login(rep)
    client.post(
        reverse("prospects:financials-create", args=[prospect.pk]),
        {**VALID, "revenue": "15亿"},
    )
    statement = FinancialStatement.objects.get()
    html = client.get(
        reverse("prospects:financials-edit", args=[prospect.pk, statement.pk])
    ).content.decode()
    assert 'value="1500000000"' in html
