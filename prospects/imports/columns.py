"""The columns of an import and how a cell's text becomes a value.

Each column has two headers: its field name (``credit_code``), which is the
English header, and the Chinese one a team writes (统一社会信用代码). Either is
accepted, with or without spaces, a trailing * or full-width letters.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone, translation
from django.utils.translation import gettext as _


class CellError(Exception):
    """One cell's value is wrong; the message says why, translated."""


@dataclass(frozen=True)
class Column:
    name: str  # the field name, which is the English header
    zh: str  # the header as a Chinese team writes it
    required: bool = False
    example: str = ""
    example_zh: str = ""
    #: What the column accepts, for the template (a function: translated when asked).
    allowed: object = None

    def header(self, language):
        return self.zh if language.startswith("zh") else self.name

    def example_in(self, language):
        if language.startswith("zh") and self.example_zh:
            return self.example_zh
        return self.example

    def allowed_text(self):
        return str(self.allowed()) if callable(self.allowed) else ""


def normalise_header(text):
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return re.sub(r"[\s*＊:：]+", "", text)


def map_header(header, columns):
    """{cell index: column name} for the known headers, and the unknown headers."""
    known = {}
    for column in columns:
        known[normalise_header(column.name)] = column.name
        known[normalise_header(column.zh)] = column.name
    mapping, unknown = {}, []
    for index, cell in enumerate(header):
        name = known.get(normalise_header(cell))
        if name and name not in mapping.values():
            mapping[index] = name
        elif cell:
            unknown.append(cell)
    return mapping, unknown


def _plain(text):
    return unicodedata.normalize("NFKC", text or "").strip()


def decimal_value(text, *, negative=False):
    cleaned = re.sub(r"[\s,¥$]|RMB|CNY|元", "", _plain(text), flags=re.IGNORECASE)
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(_("Enter a number, such as 1234.50.")) from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 16:
        raise CellError(_("Enter a number, such as 1234.50."))
    if value < 0 and not negative:
        raise CellError(_("This cannot be negative."))
    return value.quantize(Decimal("0.01"))


def integer_value(text):
    cleaned = _plain(text)
    if not cleaned:
        return None
    if not re.fullmatch(r"\d{1,6}", cleaned):
        raise CellError(_("Enter a whole number, such as 45."))
    return int(cleaned)


_DATE = re.compile(
    r"(?P<y>(19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*(?:[-/.月]\s*(?P<d>\d{1,2})\s*日?)?"
    r"(?:[\sT]+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?::\d{2})?)?\s*$"
)


def _date_parts(text):
    match = _DATE.fullmatch(_plain(text).rstrip("月"))
    if not match:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    return parts


def month_value(text):
    if not _plain(text):
        return None
    parts = _date_parts(text)
    try:
        return date(parts["y"], parts["m"], 1)
    except (TypeError, ValueError):
        raise CellError(_("Enter a month as YYYY-MM, such as 2025-03.")) from None


def datetime_value(text):
    """A date, or a date and time, in the server's time zone (a date alone: 09:00)."""
    if not _plain(text):
        return None
    parts = _date_parts(text)
    try:
        moment = datetime(
            parts["y"],
            parts["m"],
            parts["d"],
            parts.get("H", 9),
            parts.get("M", 0),
            tzinfo=timezone.get_current_timezone(),
        )
    except (TypeError, KeyError, ValueError):
        raise CellError(
            _("Enter a date as YYYY-MM-DD, or with the time: 2025-03-04 14:30.")
        ) from None
    return moment


def choice_lookup(choices):
    """{spelling: value} for a TextChoices: the value and both languages' labels."""
    spellings = {}
    for value, label in choices:
        spellings[normalise_header(value)] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                spellings[normalise_header(str(label))] = value
    return spellings


def choice_value(text, spellings, choices):
    if not _plain(text):
        return ""
    value = spellings.get(normalise_header(text))
    if value is None:
        raise CellError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": text, "allowed": allowed_choices(choices)}
        )
    return value


def allowed_choices(choices):
    return " / ".join(f"{label} ({value})" for value, label in choices)


def names_value(text):
    """A list of usernames separated by commas, 、, semicolons or spaces."""
    return [name for name in re.split(r"[\s,，;；、]+", _plain(text)) if name]
