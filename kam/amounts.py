"""Amounts as people type them: 1,500,000 or 150万 or 15亿 (元 and ¥ allowed).

A number input drops what it cannot read ("15亿" became 15); an amount field reads
万 and 亿 as the multipliers they are and refuses any other letter with a message.
Every amount field shows its unit beside the box.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

UNIT = pgettext_lazy("currency unit", "yuan")
MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
IGNORED = re.compile(r"[\s,，_]|元|¥|￥|(?i:cny|rmb)")
WRITTEN = re.compile(r"([-+]?(?:\d+\.?\d*|\.\d+))(万|亿)?(万|亿)?")
NOT_AN_AMOUNT = _(
    "Write the amount in figures, in yuan; 万 and 亿 are understood "
    "(150万 is 1,500,000)."
)


def parse_amount(text):
    """The amount ``text`` says, in yuan, or None for an empty box."""
    cleaned = IGNORED.sub("", str(text))
    if not cleaned:
        return None
    written = WRITTEN.fullmatch(cleaned)
    if written is None:
        raise ValidationError(NOT_AN_AMOUNT, code="invalid")
    try:
        amount = Decimal(written.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValidationError(NOT_AN_AMOUNT, code="invalid") from None
    for unit in written.groups()[1:]:
        if unit:
            amount *= MULTIPLIERS[unit]
    return amount


class AmountInput(forms.TextInput):
    """A text box (so that 万 and 亿 reach the server) with the unit beside it."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize() if value == value.to_integral() else value
            return f"{value:f}"
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="input-group kam-amount">{}<span class="input-group-text">{}</span></div>',
            box,
            UNIT,
        )


class AmountField(forms.DecimalField):
    widget = AmountInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        amount = parse_amount(value)
        return None if amount is None else super().to_python(str(amount))

    def widget_attrs(self, widget):
        return {}  # no step or min: the box is text


def amount_fields(form):
    """Every amount box of ``form`` (an AmountInput) reads as an amount field."""
    for field in form.fields.values():
        if isinstance(field.widget, AmountInput) and isinstance(
            field, forms.DecimalField
        ):
            field.__class__ = AmountField
    return form
