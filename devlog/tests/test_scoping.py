"""Another user's record is not there for you: every devlog URL naming an account,
a row, a visit or a letter answers 404 outside its scope, exactly like a record that
does not exist, and works for the people who work the account."""

import pytest
from django.urls import reverse

from devlog import urls
from devlog.models import DevelopmentEntry
from devlog.tests.factories import (
    DevelopmentEntryFactory,
    OutcomeFactory,
    first_contact,
    reason,
    visit,
)
from kam import pdf
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory

OBJECT_ARGS = {"pk", "entry_pk", "visit_pk", "letter_pk"}
# Addresses that moved to another app redirect there (and are walked there).
PATTERNS = {
    pattern.name: pattern
    for pattern in urls.urlpatterns
    if pattern.name and OBJECT_ARGS & set(pattern.pattern.converters)
}
LIST_PAGES = [
    pattern.name
    for pattern in urls.urlpatterns
    if pattern.name and pattern.name not in PATTERNS
]
POST_ONLY = {"entry-delete", "restore"}
ALLOWED = ["rep", "assigned", "manager", "admin_user"]
DENIED = ["colleague", "outsider", "other_manager"]


@pytest.fixture(autouse=True)
def _no_rendering(monkeypatch):
    """Who may see a sheet is decided before it is rendered: skip the rendering."""
    monkeypatch.setattr(
        pdf,
        "render",
        lambda template, context, *, filename: pdf.Document(
            filename, "application/pdf", b"%PDF-1.7 stand-in"
        ),
    )


@pytest.fixture
def targets(prospect):
    """The URL arguments of ``prospect``'s records, by name."""
    prospect.status = Prospect.Status.LOST
    prospect.save()
    OutcomeFactory(prospect=prospect, reasons=[reason("Price")])
    return {
        "pk": prospect.pk,
        "entry_pk": DevelopmentEntryFactory(prospect=prospect).pk,
        "visit_pk": visit(prospect).pk,
        "letter_pk": first_contact(prospect).pk,
    }


def url_of(name, targets):
    args = PATTERNS[name].pattern.converters
    return reverse(f"devlog:{name}", kwargs={key: targets[key] for key in args})


def test_every_account_url_is_walked():
    """New account URLs join the walk below by themselves; these must be there."""
    assert {
        "sheet",
        "entry-create",
        "entry-edit",
        "entry-delete",
        "outcome",
        "restore",
        "sheet-pdf",
        "dossier",
    } <= set(PATTERNS)
    for name, pattern in PATTERNS.items():
        assert set(pattern.pattern.converters) <= OBJECT_ARGS, name
    assert {"archive", "register"} <= set(LIST_PAGES)


@pytest.mark.parametrize("who", DENIED)
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_people_outside_the_account_get_404(client, request, targets, name, who):
    client.force_login(request.getfixturevalue(who))
    url = url_of(name, targets)

    got, posted = client.get(url).status_code, client.post(url).status_code

    # A POST-only view refuses a GET before looking: 405 tells nothing of the record.
    assert got == (405 if name in POST_ONLY else 404)
    assert posted == 404
    assert Prospect.objects.get(pk=targets["pk"]).status == "lost"  # nothing changed


@pytest.mark.parametrize("who", ALLOWED)
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_the_people_working_the_account_get_through(
    client, request, targets, name, who
):
    client.force_login(request.getfixturevalue(who))
    url = url_of(name, targets)

    response = client.get(url)
    if name in POST_ONLY:  # its form posts to it
        assert response.status_code == 405
        response = client.post(url)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert response["Location"].startswith("/")


@pytest.mark.parametrize("name", ["entry-edit", "entry-delete"])
def test_a_row_of_another_account_is_not_reached_through_a_visible_one(
    client, rep, prospect, targets, name
):
    other_row = DevelopmentEntryFactory(prospect=ProspectFactory(owner=rep))
    client.force_login(rep)
    url = url_of(name, {**targets, "entry_pk": other_row.pk})

    assert client.post(url).status_code == 404
    assert client.get(url).status_code in (404, 405)
    assert DevelopmentEntry.objects.filter(pk=other_row.pk).exists()


def test_the_register_and_archive_list_only_visible_accounts(
    client, rep, colleague, manager, outsider, other_manager, admin_user
):
    mine = {}
    for owner in (rep, colleague, outsider):
        won = ProspectFactory(owner=owner, status="won")
        OutcomeFactory(prospect=won, result="won")
        lost = ProspectFactory(owner=owner, status="lost")
        OutcomeFactory(prospect=lost, reasons=[reason("Price")])
        mine[owner.username] = (won, lost)
    expected = {
        rep: ["rep"],
        colleague: ["colleague"],
        outsider: ["outsider"],
        manager: ["rep", "colleague"],
        other_manager: ["outsider"],
        admin_user: ["rep", "colleague", "outsider"],
    }
    for user, owners in expected.items():
        client.force_login(user)
        register = client.get(reverse("devlog:register")).context["accounts"]
        archive = client.get(reverse("devlog:archive")).context["accounts"]
        assert set(register) == {mine[o][0] for o in owners}, user
        assert set(archive) == {mine[o][1] for o in owners}, user


def test_the_pdf_addresses_people_kept_lead_to_the_moved_views(client, rep, targets):
    client.force_login(rep)
    moved = {
        f"/devlog/{targets['pk']}/profile.pdf": reverse(
            "prospects:profile-pdf", args=[targets["pk"]]
        ),
        f"/devlog/visit/{targets['visit_pk']}/record.pdf": reverse(
            "visits:record-pdf", args=[targets["visit_pk"]]
        ),
        f"/devlog/letter/{targets['letter_pk']}/letter.pdf": reverse(
            "visits:letter-pdf", args=[targets["letter_pk"]]
        ),
    }
    for old, new in moved.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
