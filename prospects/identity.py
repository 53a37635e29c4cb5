"""Who an account is: its 统一社会信用代码 and its name as people compare names.

Two spellings of one company (全角/半角, spaces, 有限公司 or 股份有限公司, "Co., Ltd.")
are one name once normalised; imports match on it and new accounts are warned by it.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: GB 32100-2015: the 31 characters a code is written in (no I, O, Z, S, V) and the
#: weights of the first seventeen; the eighteenth is the check character.
CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: Legal-form words that say what kind of company, not which: longest first, so that
#: 股份有限公司 goes before 有限公司 would leave 股份 behind.
LEGAL_FORMS = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "集团",
        "总公司",
        "公司",
        "厂",
        "co., ltd.",
        "co.,ltd.",
        "co. ltd.",
        "co ltd",
        "company limited",
        "limited",
        "ltd.",
        "ltd",
        "group",
        "inc.",
        "inc",
        "corporation",
        "corp.",
        "co.",
    ],
    key=len,
    reverse=True,
)
_PUNCTUATION = re.compile(r"[\s·.,，。()（）\[\]【】&\-_/]+")


def clean_credit_code(value):
    """The code as it is compared and stored: upper case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def credit_code_check_character(first_seventeen):
    total = sum(
        CODE_CHARACTERS.index(character) * weight
        for character, weight in zip(first_seventeen, CODE_WEIGHTS, strict=True)
    )
    return CODE_CHARACTERS[(31 - total % 31) % 31]


def validate_credit_code(value):
    code = clean_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="credit_code_length",
            params={"n": len(code)},
        )
    wrong = sorted({c for c in code if c not in CODE_CHARACTERS})
    if wrong:
        raise ValidationError(
            _(
                "A unified social credit code has no “%(characters)s”: only digits "
                "and the capital letters other than I, O, Z, S and V."
            ),
            code="credit_code_characters",
            params={"characters": "".join(wrong)},
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "This unified social credit code fails its check digit: a character "
                "is mistyped."
            ),
            code="credit_code_check",
        )


def name_key(name):
    """The name as two people writing the same company would agree on it."""
    text = unicodedata.normalize("NFKC", name or "").casefold().strip()
    changed = True
    while changed and text:
        changed = False
        for form in LEGAL_FORMS:
            if text.endswith(form) and len(text) > len(form):
                text = text[: -len(form)].rstrip(" ,.")
                changed = True
                break
    return _PUNCTUATION.sub("", text)
