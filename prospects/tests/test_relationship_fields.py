"""A contact's place in the buying centre: reports-to within the account or its
group and never in a loop, a role, an attitude, a strength and our owner."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kam.tests.helpers import needs_postgresql
from prospects.models import BuyingRole, Contact, Stance, Strength
from prospects.services import prospect_part_save, prospect_save
from prospects.tests.factories import ContactFactory, ProspectFactory


def attach(child, parent):
    child.parent = parent
    return prospect_save(prospect=child)


def report(contact, boss):
    contact.reports_to = boss
    return prospect_part_save(part=contact)


def test_a_contact_reports_to_another_of_the_same_account(prospect):
    boss = ContactFactory(prospect=prospect, name="王总")
    buyer = report(ContactFactory(prospect=prospect, name="李经理"), boss)
    assert list(boss.reports.all()) == [buyer]


def test_a_contact_may_report_to_someone_at_the_group(rep, prospect):
    head = ProspectFactory(owner=rep, name="集团总部")
    attach(prospect, head)
    head.refresh_from_db()
    chairman = ContactFactory(prospect=head)
    contact = ContactFactory(prospect=prospect)
    report(contact, chairman)
    assert Contact.objects.get(pk=contact.pk).reports_to == chairman


def test_a_contact_of_an_unrelated_account_is_refused(rep, prospect):
    elsewhere = ContactFactory(prospect=ProspectFactory(owner=rep))
    contact = ContactFactory(prospect=prospect)
    contact.reports_to = elsewhere
    with pytest.raises(ValidationError) as refused:
        prospect_part_save(part=contact)
    assert "reports_to" in refused.value.message_dict


def test_reporting_lines_never_loop(prospect):
    top = ContactFactory(prospect=prospect)
    middle = report(ContactFactory(prospect=prospect), top)
    bottom = report(ContactFactory(prospect=prospect), middle)
    top.reports_to = bottom
    with pytest.raises(ValidationError) as refused:
        prospect_part_save(part=top)
    assert "reports_to" in refused.value.message_dict
    top.refresh_from_db()
    assert top.reports_to is None


def test_the_relationship_owner_is_one_of_the_accounts_team(prospect, outsider):
    contact = ContactFactory(prospect=prospect)
    contact.relationship_owner = outsider
    with pytest.raises(ValidationError) as refused:
        prospect_part_save(part=contact)
    assert "relationship_owner" in refused.value.message_dict


def test_the_contact_form_records_the_map(client, rep, colleague, prospect):
    boss = ContactFactory(prospect=prospect, name="王总")
    client.force_login(rep)
    response = client.post(
        reverse("prospects:contacts-create", args=[prospect.pk]),
        {
            "name": "李工",
            "purchase_role": "user",
            "reports_to": boss.pk,
            "buying_role": "technical_buyer",
            "attitude": "opponent",
            "strength": "met",
            "relationship_owner": colleague.pk,
            "last_met_on": "2026-10-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    contact = Contact.objects.get(name="李工")
    assert contact.reports_to == boss
    assert contact.buying_role == BuyingRole.TECHNICAL_BUYER
    assert contact.attitude == Stance.OPPONENT
    assert contact.strength == Strength.MET
    assert contact.relationship_owner == colleague


def test_the_form_offers_no_contact_of_a_member_the_user_cannot_see(
    client, rep, outsider, prospect
):
    head = ProspectFactory(owner=outsider, name="外队集团")
    attach(prospect, head)
    ContactFactory(prospect=head, name="别队的人")
    mine = ContactFactory(prospect=prospect, name="我们的人")
    client.force_login(rep)
    form = client.get(reverse("prospects:contacts-create", args=[prospect.pk])).context[
        "form"
    ]
    assert list(form.fields["reports_to"].queryset) == [mine]
    assert outsider not in form.fields["relationship_owner"].queryset


@pytest.mark.django_db(transaction=True)
def test_a_new_boss_is_checked_under_a_lock_on_both_people(prospect):
    """Two people saved at once could each close half of a reporting loop (A under
    B, B under A): the check runs under a row lock on the contact and its boss."""
    import threading

    from django.db import OperationalError, connection, transaction

    # SQLite refuses the second of two writers that read before the first wrote.
    needs_postgresql("a row lock is PostgreSQL's")
    boss = ContactFactory(prospect=prospect, name="王总")
    buyer = ContactFactory(prospect=prospect, name="李经理")
    held, release = threading.Event(), threading.Event()

    def hold_the_boss():
        # The lock a plain UPDATE of the boss takes (another save of theirs).
        with transaction.atomic():
            held_row = Contact._base_manager.select_for_update(no_key=True, of=["self"])
            list(held_row.filter(pk=boss.pk).values("pk"))
            held.set()
            release.wait(10)
        connection.close()

    other = threading.Thread(target=hold_the_boss)
    other.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
            with pytest.raises(OperationalError, match="lock timeout"):
                report(buyer, boss)
    finally:
        release.set()
        other.join()
    assert Contact.objects.get(pk=buyer.pk).reports_to_id is None
