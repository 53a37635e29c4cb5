"""Is this account already here? The warning a new (or renamed) account gets when
its name matches another's once normalised (prospects.identity.name_key).

An account the user may see is named, with a link; one outside their scope is
only said to exist, with whom to ask: its team's manager. Nothing else of it shows.
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from prospects.identity import name_key
from prospects.models import Prospect


def namesakes(name, *, exclude_pk=None):
    """Accounts whose normalised name is ``name``'s, in any team."""
    key = name_key(name)
    if not key:
        return Prospect.objects.none()
    found = Prospect.objects.filter(name_key=key)
    return found.exclude(pk=exclude_pk) if exclude_pk else found


def namesake_warning(name, user, *, exclude_pk=None):
    """The warning to show before saving ``name``, or "" when no account matches."""
    found = list(namesakes(name, exclude_pk=exclude_pk).select_related("owner")[:5])
    if not found:
        return ""
    visible = set(
        Prospect.objects.visible_to(user)
        .filter(pk__in=[p.pk for p in found])
        .values_list("pk", flat=True)
    )
    seen = [p for p in found if p.pk in visible]
    if seen:
        account = seen[0]
        return format_html(
            _(
                "An account with a similar name already exists: "
                '<a href="{url}">{name}</a> (owner: {owner}). Is it the same company? '
                "If not, tick “Save it anyway” below."
            ),
            url=reverse("prospects:detail", args=[account.pk]),
            name=account.name,
            owner=account.owner,
        )
    return _hidden_namesake_warning(found[0])


def _hidden_namesake_warning(account):
    manager = account.team.manager
    if manager is None:
        return _(
            "An account with a similar name already exists in another team. Ask an "
            "administrator before creating it; if it is another company, tick “Save "
            "it anyway” below."
        )
    return _(
        "An account with a similar name already exists, which you cannot see. Ask "
        "%(manager)s, who manages it, before creating it; if it is another company, "
        "tick “Save it anyway” below."
    ) % {"manager": manager}
