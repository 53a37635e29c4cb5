"""The main navigation: what each role is offered, in one place."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kam.addresses import page


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    #: URL namespace (app) whose pages mark this item current …
    section: str = ""
    #: … or, for an item covering part of an app, those pages' URL names.
    url_names: tuple = ()
    #: Who is offered the item; everyone signed in when None.
    shown_to: str | None = None

    @property
    def url(self):
        return page(self.url_name)

    @property
    def namespace(self):
        return self.url_name.partition(":")[0] if ":" in self.url_name else ""


ITEMS = [
    NavItem(_("Home"), "home", "house"),
    # A manager's home is the team's pipeline; their own to-do list is one click away.
    NavItem(
        _("My day"),
        "reports:mine",
        "check2-square",
        url_names=("mine",),
        shown_to="managers",
    ),
    NavItem(_("Key accounts"), "prospects:list", "buildings", section="prospects"),
    NavItem(_("Visits"), "visits:list", "geo-alt", section="visits"),
    NavItem(_("Calendar"), "visits:calendar", "calendar3", url_names=("calendar",)),
    NavItem(
        _("Register"), "devlog:register", "award", url_names=("register", "archive")
    ),
    NavItem(
        _("Meetings"),
        "visits:meetings",
        "people",
        url_names=("meetings", "meeting", "meeting-create"),
    ),
]
# Pages an item claims by name are not also claimed by the item for their whole app.
CLAIMED = {(item.namespace, name) for item in ITEMS for name in item.url_names}


def _offered(item, user):
    if item.shown_to == "managers":
        return user.oversees_a_team
    if item.shown_to == "admins":
        return user.sees_everything
    return True


def _is_current(item, match):
    if match is None:
        return False
    if item.url_names:
        return match.namespace == item.namespace and match.url_name in item.url_names
    if item.section:
        return (
            match.namespace == item.section
            and (match.namespace, match.url_name) not in CLAIMED
        )
    return not match.namespace and match.url_name == item.url_name


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = request.resolver_match
    items = [(item, _is_current(item, match)) for item in ITEMS if _offered(item, user)]
    return {"nav_items": items}
