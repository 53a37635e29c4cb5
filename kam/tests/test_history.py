"""The audit history: who changed what and when, shown from the account page."""

from django.urls import reverse

from prospects.models import Contact, FinancialStatement, Prospect
from prospects.tests.factories import ProspectFactory


def _post(client, name, args, data):
    return client.post(reverse(name, args=args), data)


def test_a_change_shows_who_made_it_and_what_changed(client, rep):
    prospect = ProspectFactory(owner=rep, region="华东")
    client.force_login(rep)
    _post(
        client,
        "prospects:financials-create",
        [prospect.pk],
        {"period": "2024", "revenue": "1000", "total_assets": "900"},
    )
    statement = FinancialStatement.objects.get(prospect=prospect)
    _post(
        client,
        "prospects:financials-edit",
        [prospect.pk, statement.pk],
        {
            "version": statement.version,
            "period": "2024",
            "revenue": "1500",
            "total_assets": "900",
        },
    )
    response = client.get(reverse("devlog:history", args=[prospect.pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    latest = entries[0]
    assert (latest.kind, latest.action, latest.who) == ("Financial statement", "~", rep)
    assert [(c.label, c.old, c.new) for c in latest.changes] == [
        ("Revenue", "1000.00", "1500.00")
    ]
    assert entries[1].action == "+"


def test_a_deleted_record_stays_in_the_history(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    _post(
        client,
        "prospects:competitors-create",
        [prospect.pk],
        {"name": "ABB", "risk": "high"},
    )
    competitor = prospect.competitors.get()
    _post(client, "prospects:competitors-delete", [prospect.pk, competitor.pk], {})
    actions = [
        (e.kind, e.record, e.action)
        for e in client.get(reverse("devlog:history", args=[prospect.pk])).context[
            "entries"
        ]
    ]
    assert ("Competitor", "ABB", "-") in actions
    assert ("Competitor", "ABB", "+") in actions


def test_the_history_never_holds_a_contacts_personal_notes(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    _post(
        client,
        "prospects:contacts-create",
        [prospect.pk],
        {
            "name": "王总",
            "purchase_role": "decision_maker",
            "family_notes": "孩子今年高考",
        },
    )
    contact = Contact.objects.get()
    history_fields = {f.name for f in Contact.history.model._meta.fields}
    assert not history_fields & {
        "personality",
        "pressures",
        "interests",
        "family_notes",
    }
    _post(client, "prospects:contacts-delete", [prospect.pk, contact.pk], {})
    html = client.get(reverse("devlog:history", args=[prospect.pk])).content.decode()
    assert "王总" in html
    assert "高考" not in html


def test_the_account_itself_is_in_its_history(client, rep, manager):
    prospect = ProspectFactory(owner=rep, name="Old name")
    client.force_login(manager)
    client.post(
        reverse("prospects:edit", args=[prospect.pk]),
        {
            "version": prospect.version,
            "name": "New name",
            "status": "developing",
            "owner": rep.pk,
        },
    )
    assert Prospect.objects.get(pk=prospect.pk).name == "New name"
    entries = client.get(reverse("devlog:history", args=[prospect.pk])).context[
        "entries"
    ]
    names = [c for e in entries for c in e.changes if c.label == "Name"]
    assert [(c.old, c.new) for c in names] == [("Old name", "New name")]
    assert entries[0].who == manager


def test_the_history_is_only_for_the_accounts_team(
    client, rep, colleague, outsider, other_manager
):
    prospect = ProspectFactory(owner=rep)
    for user in (colleague, outsider, other_manager):
        client.force_login(user)
        assert (
            client.get(reverse("devlog:history", args=[prospect.pk])).status_code == 404
        )


def _record_section(client, prospect):
    """The account page's record section, as kam.js loads it into the page."""
    url = reverse("prospects:panel-record", args=[prospect.pk])
    return client.get(url, headers={"X-KAM-Section": "1"}).content.decode()


def test_the_account_page_links_to_its_history(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    assert reverse("devlog:history", args=[prospect.pk]) in _record_section(
        client, prospect
    )


def test_the_account_page_shows_its_latest_changes(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    response = _post(
        client,
        "prospects:contacts-create",
        [prospect.pk],
        {"name": "王总", "position": "采购总监", "purchase_role": "decision_maker"},
    )
    assert response.status_code == 302
    html = _record_section(client, prospect)
    assert "Recent changes" in html
    assert "Contact · 王总" in html


def test_a_long_history_keeps_the_newest_changes(client, rep):
    from kam import history

    prospect = ProspectFactory(owner=rep, region="r0")
    for n in range(1, 8):
        prospect.region = f"r{n}"
        prospect.save()
    recent = history.account_history(prospect, per_kind=3)
    assert [c.new for entry in recent for c in entry.changes] == ["r7", "r6"]
    assert [entry.record for entry in history.recent_changes(prospect, count=2)] == [
        prospect.name,
        prospect.name,
    ]


def test_a_new_owner_is_named_in_the_history(rep, colleague):
    from kam import history

    prospect = ProspectFactory(owner=rep)
    prospect.owner = colleague
    prospect.save()
    [change] = history.account_history(prospect)[0].changes
    assert (change.old, change.new) == (str(rep), str(colleague))


def test_recent_changes_compare_each_with_the_copy_before_it(rep):
    from kam import history

    prospect = ProspectFactory(owner=rep, region="r0")
    for n in range(1, 8):
        prospect.region = f"r{n}"
        prospect.save()
    recent = history.recent_changes(prospect, count=2)
    assert [(c.old, c.new) for entry in recent for c in entry.changes] == [
        ("r6", "r7"),
        ("r5", "r6"),
    ]


def test_recent_changes_mix_kinds_newest_first_in_few_queries(
    rep, django_assert_num_queries
):
    from kam import history

    prospect = ProspectFactory(owner=rep, region="r0")
    contact = Contact.objects.create(prospect=prospect, name="王总", position="CEO")
    prospect.region = "r1"
    prospect.save()
    contact.position = "Chairman"
    contact.save()
    with django_assert_num_queries(3):  # find them; read contacts; read the account
        recent = history.recent_changes(prospect, count=3)
    assert [(e.kind, e.action) for e in recent] == [
        ("Contact", "~"),
        ("Key account", "~"),
        ("Contact", "+"),
    ]
    assert [(c.old, c.new) for c in recent[0].changes] == [("CEO", "Chairman")]
    assert recent == history.account_history(prospect)[:3]


def test_each_account_sees_only_its_own_recent_changes(rep, supervisor):
    from datetime import timedelta

    from django.utils import timezone

    from kam import history
    from visits.tests.factories import plan_visit

    mine, other = ProspectFactory(owner=rep), ProspectFactory(owner=rep)
    plan_visit(mine, supervisor, planned_at=timezone.now() + timedelta(days=2))
    Contact.objects.create(prospect=other, name="李总", position="CFO")
    kinds = {
        account: {entry.kind for entry in history.recent_changes(account, count=10)}
        for account in (mine, other)
    }
    assert kinds[mine] == {"Key account", "Visit", "Visit preparation"}
    assert kinds[other] == {"Key account", "Contact"}


def test_every_model_kept_in_history_is_registered_by_its_app():
    """A model with a history that no account's history shows would be lost to
    the people reading it: each app registers its own in ready()."""
    from django.apps import apps

    from kam import history

    ours = {"accounts", "prospects", "visits", "devlog", "notifications", "reports"}
    kept = {
        model
        for model in apps.get_models()
        if model._meta.app_label in ours and hasattr(model, "history")
    }
    assert kept == set(history.registered_models())
