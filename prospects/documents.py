"""The account profile, printed: the analysis of playbook 二 and 三 on A4.

Later stages add to it (visits: the development method decided) through
``register_profile_part``, so this module imports none of them.
"""

from django.utils.translation import gettext as _

from kam import pdf
from prospects.models import Advantage
from prospects.services import assessment_for

_profile_parts = []


def register_profile_part(context):
    """``context(prospect)`` returns more of the profile's context (in ready())."""
    if context not in _profile_parts:
        _profile_parts.append(context)


def profile(prospect):
    statements = list(prospect.financial_statements.all())
    context = {
        "title": _("Key-account profile"),
        "prospect": prospect,
        "assessment": assessment_for(prospect),
        "statements": statements[-3:],
        # A missing one-to-one section raises an AttributeError: None here.
        "sales_profile": getattr(prospect, "sales_profile", None),
        "factors": getattr(prospect, "purchase_factors", None),
        "forecast": getattr(prospect, "forecast", None),
        "contacts": prospect.contacts.all(),
        "transactions": list(prospect.transactions.all())[-12:],
        "competitors": prospect.competitors.all(),
        "advantages": {a.aspect: a for a in prospect.advantages.all()},
        "aspects": Advantage.Aspect.choices,
    }
    for part in _profile_parts:
        context.update(part(prospect))
    return pdf.render(
        "prospects/pdf/profile.html",
        context,
        filename=pdf.safe_filename(prospect.name, _("profile")),
    )
