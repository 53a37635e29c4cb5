from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from kam.tests.helpers import once_claimed, rendered_token
from prospects.models import Advantage, Contact
from visits.models import FirstContact
from visits.tests.factories import (
    AdvantageFactory,
    ContactFactory,
    ProspectFactory,
    local_input,
)
from visits.tests.helpers import development_panel


def _url(prospect, channel, **query):
    url = reverse("visits:first-contact-create", args=[prospect.pk, channel])
    return url + ("?draft=1" if query.get("draft") else "")


def _valid(**changes):
    data = {
        "contacted_at": local_input(timezone.now() - timedelta(hours=2)),
        "content": "We introduced our energy-saving line.",
        "response": "Send us the figures.",
        "next_step": "Mail the figures on Monday.",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("channel", ["letter", "phone", "email"])
def test_each_channel_shows_its_own_guidance_checklist(client, rep, prospect, channel):
    client.force_login(rep)
    response = client.get(_url(prospect, channel))
    assert response.status_code == 200
    html = response.content.decode()
    for key, label in FirstContact.GUIDANCE[channel]:
        assert f'value="{key}"' in html
        assert escape(str(label)) in html
    for other, points in FirstContact.GUIDANCE.items():
        if other != channel:
            for _key, label in points:
                assert escape(str(label)) not in html


def test_an_unknown_channel_is_not_found(client, rep, prospect):
    client.force_login(rep)
    assert client.get(_url(prospect, "fax")).status_code == 404


def test_logging_a_first_contact_saves_it_and_shows_it_on_the_account(
    client, rep, prospect
):
    contact = ContactFactory(prospect=prospect, name="Mr Zhou")
    client.force_login(rep)
    response = client.post(
        _url(prospect, "phone"),
        _valid(contact=contact.pk, guidance_checked=["respect", "no_direct_ask"]),
    )
    assert response.status_code == 302
    assert response["Location"] == prospect.get_absolute_url() + "#development"
    logged = FirstContact.objects.get()
    assert (logged.prospect, logged.channel, logged.contact) == (
        prospect,
        "phone",
        contact,
    )
    assert logged.made_by == rep
    assert logged.guidance_checked == ["respect", "no_direct_ask"]
    assert logged.response == "Send us the figures."
    assert logged.next_step == "Mail the figures on Monday."

    panel = development_panel(client.get(prospect.get_absolute_url()))
    assert reverse("visits:first-contact", args=[logged.pk]) in panel
    assert "Mr Zhou" in panel

    detail = client.get(reverse("visits:first-contact", args=[logged.pk]))
    assert detail.status_code == 200
    assert [
        followed for _label, followed in detail.context["first_contact"].guidance()
    ] == [
        True,
        True,
        False,
    ]


def test_a_contact_in_the_future_is_refused_and_nothing_saved(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        _url(prospect, "letter"),
        _valid(contacted_at=local_input(timezone.now() + timedelta(days=1))),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contacted_at"] == [
        "Log a contact once it has happened."
    ]
    assert not FirstContact.objects.exists()


def test_a_person_of_another_account_cannot_be_the_contact(client, rep, prospect):
    elsewhere = ContactFactory(prospect=ProspectFactory(owner=rep))
    client.force_login(rep)
    response = client.post(_url(prospect, "email"), _valid(contact=elsewhere.pk))
    assert response.status_code == 200
    assert "contact" in response.context["form"].errors
    assert not FirstContact.objects.exists()


def test_a_guidance_point_of_another_channel_is_refused(client, rep, prospect):
    client.force_login(rep)
    response = client.post(_url(prospect, "phone"), _valid(guidance_checked=["font"]))
    assert "guidance_checked" in response.context["form"].errors
    assert not FirstContact.objects.exists()


@pytest.fixture
def letter_account(prospect):
    ContactFactory(
        prospect=prospect, name="Ms Handler", purchase_role=Contact.PurchaseRole.HANDLER
    )
    ContactFactory(
        prospect=prospect,
        name="Mr Decider",
        purchase_role=Contact.PurchaseRole.DECISION_MAKER,
    )
    AdvantageFactory(
        prospect=prospect,
        aspect=Advantage.Aspect.LOWER_COST,
        note="Energy use 18% below their current line",
    )
    AdvantageFactory(
        prospect=prospect,
        aspect=Advantage.Aspect.SOLUTION,
        note="Spare parts within 24 hours",
    )
    AdvantageFactory(prospect=prospect, aspect=Advantage.Aspect.AVOID_WASTE, note="")
    return prospect


def _draft(response):
    return response.context["form"]["content"].value()


def test_a_letter_is_drafted_from_the_account_and_its_advantage_notes(
    client, rep, letter_account
):
    client.force_login(rep)
    response = client.get(_url(letter_account, "letter", draft=True))
    assert response.status_code == 200
    draft = _draft(response)
    assert draft.startswith("Dear Mr Decider,")
    assert letter_account.name in draft
    assert (
        "Lower total procurement cost: Energy use 18% below their current line" in draft
    )
    assert "A real solution: Spare parts within 24 hours" in draft
    assert "Avoid waste" not in draft  # an aspect without a note is left out
    assert "Ms Handler" not in draft
    assert str(rep) in draft
    assert escape(draft) in response.content.decode()


def test_without_draft_the_letter_starts_empty(client, rep, letter_account):
    client.force_login(rep)
    assert not _draft(client.get(_url(letter_account, "letter")))


def test_a_phone_call_is_never_drafted(client, rep, letter_account):
    client.force_login(rep)
    assert not _draft(client.get(_url(letter_account, "phone", draft=True)))


def test_the_letter_draft_follows_the_language(client, rep, letter_account):
    client.force_login(rep)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(_url(letter_account, "letter", draft=True))
    assert response.status_code == 200
    draft = _draft(response)
    assert letter_account.name in draft
    assert "Mr Decider" in draft
    assert "Energy use 18% below their current line" in draft
    with translation.override("zh-hans"):
        translated = gettext("In particular, we can offer you:")
    # The Chinese catalogue may not have the letter's strings yet; once it does, the
    # draft must use them.
    if translated != "In particular, we can offer you:":
        assert translated in draft
        assert "In particular, we can offer you:" not in draft
    else:
        assert "In particular, we can offer you:" in draft


def test_another_team_cannot_log_a_contact_on_the_account(client, outsider, prospect):
    client.force_login(outsider)
    assert client.get(_url(prospect, "phone")).status_code == 404
    assert client.post(_url(prospect, "phone"), _valid()).status_code == 404
    assert not FirstContact.objects.exists()


# --- Drafting keeps what was typed --------------------------------------------------


def test_drafting_keeps_every_field_typed_and_writes_to_the_person_chosen(
    client, rep, letter_account
):
    handler = letter_account.contacts.get(name="Ms Handler")
    client.force_login(rep)
    typed = _valid(
        contact=handler.pk,
        next_step="Call them on Friday.",
        guidance_checked=["formal", "asks_reply"],
        duration_minutes="25",
        content="",
        draft="1",
    )
    response = client.post(_url(letter_account, "letter"), typed)
    assert response.status_code == 200
    assert not FirstContact.objects.exists()  # drafting saves nothing
    form = response.context["form"]
    assert not form.errors
    assert str(form["contact"].value()) == str(handler.pk)
    assert form["next_step"].value() == "Call them on Friday."
    assert form["guidance_checked"].value() == ["formal", "asks_reply"]
    assert form["duration_minutes"].value() == "25"
    assert form["contacted_at"].value() == typed["contacted_at"]
    assert _draft(response).startswith("Dear Ms Handler,")


def test_draft_from_the_analysis_is_a_button_of_the_form(client, rep, letter_account):
    client.force_login(rep)
    html = client.get(_url(letter_account, "letter")).content.decode()
    assert 'href="?draft=1"' not in html
    assert 'name="draft" value="1"' in html


def test_the_draft_lists_the_advantages_in_the_playbook_s_order(
    client, rep, letter_account
):
    AdvantageFactory(
        prospect=letter_account,
        aspect=Advantage.Aspect.INTANGIBLE_VALUE,
        note="A supplier their board knows",
    )
    AdvantageFactory(
        prospect=letter_account,
        aspect=Advantage.Aspect.INCREASE_REVENUE,
        note="A faster line",
    )
    client.force_login(rep)
    draft = _draft(client.get(_url(letter_account, "letter", draft=True)))
    lines = [
        line for line in draft.splitlines() if line[:2] in {"1.", "2.", "3.", "4."}
    ]
    assert lines == [
        "1. Lower total procurement cost: Energy use 18% below their current line",
        "2. Increase revenue: A faster line",
        "3. A real solution: Spare parts within 24 hours",
        "4. Intangible value: A supplier their board knows",
    ]


def test_the_draft_carries_no_date_the_printed_letter_dates_it_once(
    client, rep, letter_account
):
    client.force_login(rep)
    draft = _draft(client.get(_url(letter_account, "letter", draft=True)))
    assert timezone.localdate().strftime("%Y-%m-%d") not in draft


# --- Editing a first contact --------------------------------------------------------


@pytest.fixture
def logged(rep, prospect):
    from visits import services

    return services.first_contact_log(
        first_contact=FirstContact(
            prospect=prospect,
            channel="phone",
            contacted_at=timezone.now() - timedelta(hours=3),
            made_by=rep,
            content="Introduced the line.",
        )
    )


def _edit_url(contact):
    return reverse("visits:first-contact-edit", args=[contact.pk])


def test_a_first_contact_can_be_edited_after_it_is_saved(client, rep, logged):
    client.force_login(rep)
    page = client.get(_edit_url(logged))
    assert page.status_code == 200
    assert "Introduced the line." in page.content.decode()
    response = client.post(
        _edit_url(logged),
        _valid(content="Introduced the line and the service.", version=logged.version),
    )
    assert response.status_code == 302
    assert response["Location"] == logged.get_absolute_url()
    logged.refresh_from_db()
    assert logged.content == "Introduced the line and the service."
    assert logged.version == 1
    assert FirstContact.objects.count() == 1
    detail = client.get(logged.get_absolute_url()).content.decode()
    assert _edit_url(logged) in detail


def test_a_stale_edit_of_a_first_contact_is_refused_and_keeps_what_was_typed(
    client, rep, logged
):
    stale = logged.version
    logged.response = "Someone else's change."
    logged.save()
    client.force_login(rep)
    response = client.post(
        _edit_url(logged), _valid(content="My change.", version=stale)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Someone else saved this record") == 1
    assert "My change.</textarea>" in html
    logged.refresh_from_db()
    assert logged.content == "Introduced the line."


def test_another_team_cannot_edit_a_first_contact(client, outsider, logged):
    client.force_login(outsider)
    assert client.get(_edit_url(logged)).status_code == 404
    response = client.post(_edit_url(logged), _valid(content="x", version=0))
    assert response.status_code == 404
    logged.refresh_from_db()
    assert logged.content == "Introduced the line."


def test_the_printed_letter_carries_the_recipient_s_block_and_the_date_once(
    client, rep, prospect
):
    from io import BytesIO

    from pypdf import PdfReader

    from visits import services

    prospect.address = "88 Keyuan Road, Shenzhen"
    prospect.save()
    person = ContactFactory(
        prospect=prospect, name="Wang Li", position="General manager"
    )
    client.force_login(rep)
    draft = _draft(client.get(_url(prospect, "letter", draft=True)))
    letter = services.first_contact_log(
        first_contact=FirstContact(
            prospect=prospect,
            channel="letter",
            contact=person,
            contacted_at=timezone.now() - timedelta(hours=1),
            made_by=rep,
            content=draft,
        )
    )
    response = client.get(reverse("visits:letter-pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "Wang Li · General manager" in text
    assert "88 Keyuan Road, Shenzhen" in text
    assert prospect.name in text
    date = timezone.localtime(letter.contacted_at).strftime("%Y-%m-%d")
    assert text.count(date) == 1


def test_a_letter_drafted_for_no_one_chosen_chooses_whom_it_addresses(
    client, rep, letter_account
):
    """The draft writes to the decision maker: the person contacted says so too."""
    client.force_login(rep)
    response = client.get(_url(letter_account, "letter", draft=True))
    decider = letter_account.contacts.get(name="Mr Decider")
    assert _draft(response).startswith("Dear Mr Decider,")
    assert str(response.context["form"]["contact"].value()) == str(decider.pk)


def test_a_contact_removed_while_the_form_is_saved_is_a_form_error(
    client, rep, prospect
):
    """A teammate removes the person chosen while the rep's form is being saved:
    the service's check refuses it on the form, keeping what was typed, and
    nothing is logged — instead of a 500."""
    contact = ContactFactory(prospect=prospect, name="Mr Zhou")
    client.force_login(rep)
    url = _url(prospect, "phone")
    body = {**_valid(contact=contact.pk), "form_token": rendered_token(client, url)}
    landed = []
    with connection.execute_wrapper(
        once_claimed(lambda: Contact.objects.filter(pk=contact.pk).delete(), landed)
    ):
        response = client.post(url, body)
    assert landed
    assert response.status_code == 200
    [error] = response.context["form"].errors["contact"]
    assert error.startswith("Select a valid choice.")
    assert "We introduced our energy-saving line." in response.content.decode()
    assert not FirstContact.objects.exists()
