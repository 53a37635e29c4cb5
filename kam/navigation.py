"""The main navigation: what each role is offered, in one place."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    #: URL namespace (app) whose pages mark this item active.
    section: str = ""
    #: Who is offered the item; everyone signed in when None.
    shown_to: str | None = None


ITEMS = [
    NavItem(_("Home"), "home", "house"),
    NavItem(_("Key accounts"), "prospects:list", "buildings", section="prospects"),
]


def _offered(item, user):
    if item.shown_to == "managers":
        return user.is_manager or user.sees_everything
    if item.shown_to == "admins":
        return user.sees_everything
    return True


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = request.resolver_match
    items = [(item, _is_current(item, match)) for item in ITEMS if _offered(item, user)]
    return {"nav_items": items}


def _is_current(item, match):
    if match is None:
        return False
    if item.section:
        return match.namespace == item.section
    return not match.namespace and match.url_name == item.url_name
