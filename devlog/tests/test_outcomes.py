"""How a development ends or pauses: won (the register), not won yet (the account
rests), lost (the archive, searchable and restorable)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.models import FailureReason, Outcome
from devlog.tests.factories import OutcomeFactory, reason
from devlog.tests.helpers import loaded_version, messages_of
from prospects.models import Prospect
from prospects.tests.factories import (
    CustomerNatureFactory,
    ProductCategoryFactory,
    ProspectFactory,
    ServiceContentFactory,
)

DEFAULT_REASONS = [
    ("Price", "价格"),
    ("Product fit", "产品不匹配"),
    ("Competitor relationship", "竞争对手关系"),
    ("Budget or timing", "预算或时机"),
    ("Decision-maker change", "决策人变动"),
    ("Policy", "政策因素"),
    ("Other", "其他"),
]


def today():
    return timezone.localdate()


def outcome_data(result, **overrides):
    data = {
        "result": result,
        "decided_on": today().isoformat(),
        "summary": "The decision maker trusted our energy figures",
        "analysis": "",
        "lessons": "",
        "approach_again_on": "",
    }
    data.update(overrides)
    return data


def post_outcome(client, prospect, data):
    """The outcome page edits the account's outcome once it has one."""
    data = {**data, **loaded_version(Outcome, prospect=prospect)}
    return client.post(reverse("devlog:outcome", args=[prospect.pk]), data)


def status_of(prospect):
    return Prospect.objects.values_list("status", flat=True).get(pk=prospect.pk)


def test_the_failure_reasons_exist_after_migrate(db):
    assert [
        (r.name_en, r.name_zh) for r in FailureReason.objects.filter(active=True)
    ] == DEFAULT_REASONS


def test_the_outcome_form_opens_dated_today(client, rep, prospect):
    client.force_login(rep)

    page = client.get(reverse("devlog:outcome", args=[prospect.pk]))

    assert page.status_code == 200
    assert page.context["form"]["decided_on"].value() == today()
    for name_en, _name_zh in DEFAULT_REASONS:
        assert name_en in page.content.decode()


def test_the_result_offers_only_the_three_results(client, rep, prospect):
    client.force_login(rep)
    html = client.get(reverse("devlog:outcome", args=[prospect.pk])).content.decode()
    assert "---------" not in html
    for value in Outcome.Result.values:
        assert f'name="result" value="{value}"' in html


def test_a_won_account_enters_the_register_without_failure_reasons(
    client, rep, prospect
):
    prospect.product_category = ProductCategoryFactory(name_en="Industrial pumps")
    prospect.customer_nature = CustomerNatureFactory(name_en="State-owned")
    prospect.service_content = ServiceContentFactory(name_en="Maintenance")
    prospect.save()
    client.force_login(rep)

    response = post_outcome(client, prospect, outcome_data("won"))

    assert response.status_code == 302
    assert response["Location"] == prospect.get_absolute_url()
    assert messages_of(response) == [
        "Won: the account is in the key-account register and its papers are archived."
    ]
    prospect.refresh_from_db()
    assert (prospect.status, prospect.stage) == ("won", "contract")
    outcome = prospect.outcome
    assert (outcome.result, outcome.archived_at, list(outcome.reasons.all())) == (
        "won",
        None,
        [],
    )
    register = client.get(reverse("devlog:register"))
    assert list(register.context["accounts"]) == [prospect]
    html = register.content.decode()
    for text in (prospect.name, "Industrial pumps", "State-owned", "Maintenance"):
        assert text in html
    assert reverse("devlog:dossier", args=[prospect.pk]) in html


def test_an_account_not_won_yet_rests_with_its_review(client, rep, prospect):
    client.force_login(rep)
    again = today() + timedelta(days=60)

    response = post_outcome(
        client,
        prospect,
        outcome_data(
            "not_yet",
            reasons=[reason("Budget or timing").pk],
            analysis="Budget frozen this year",
            approach_again_on=again.isoformat(),
        ),
    )

    assert response.status_code == 302
    assert status_of(prospect) == "dormant"
    outcome = Outcome.objects.get(prospect=prospect)
    assert outcome.approach_again_on == again
    assert outcome.archived_at is None
    assert [r.name_en for r in outcome.reasons.all()] == ["Budget or timing"]


@pytest.mark.parametrize("result", ["not_yet", "lost"])
def test_an_account_not_won_needs_a_reason(client, rep, prospect, result):
    client.force_login(rep)

    response = post_outcome(client, prospect, outcome_data(result))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reasons": ["Choose at least one reason."]
    }
    assert "Choose at least one reason." in response.content.decode()
    assert not Outcome.objects.exists()
    assert status_of(prospect) == "potential"


def test_a_lost_account_is_archived_and_found_in_the_archive(client, rep, prospect):
    client.force_login(rep)

    response = post_outcome(
        client,
        prospect,
        outcome_data(
            "lost",
            reasons=[reason("Price").pk, reason("Competitor relationship").pk],
            lessons="Reach the decision maker before the tender",
        ),
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Lost: the account is archived with its review. It can be restored."
    ]
    assert status_of(prospect) == "lost"
    assert Outcome.objects.get().archived_at is not None
    archive = client.get(reverse("devlog:archive"))
    assert list(archive.context["accounts"]) == [prospect]
    html = archive.content.decode()
    assert "Price, Competitor relationship" in html
    assert "Reach the decision maker before the tender" in html


@pytest.mark.parametrize(
    "query",
    ["huaxin", "华鑫", "competitor RELATIONSHIP", "竞争对手", "before the tender"],
)
def test_the_archive_is_searched_by_name_reason_and_lessons(client, rep, query):
    found = ProspectFactory(owner=rep, name="华鑫精密 Huaxin", status="lost")
    OutcomeFactory(
        prospect=found,
        reasons=[reason("Competitor relationship")],
        lessons="Reach the decision maker before the tender",
    )
    other = ProspectFactory(owner=rep, name="Summit Retail", status="lost")
    OutcomeFactory(prospect=other, reasons=[reason("Price")], lessons="Be cheaper")
    client.force_login(rep)

    archive = client.get(reverse("devlog:archive"), {"q": query})

    assert list(archive.context["accounts"]) == [found]


def test_a_search_that_matches_nothing_says_so(client, rep):
    lost = ProspectFactory(owner=rep, status="lost")
    OutcomeFactory(prospect=lost, reasons=[reason("Price")])
    client.force_login(rep)

    archive = client.get(reverse("devlog:archive"), {"q": "no such thing"})

    assert list(archive.context["accounts"]) == []
    assert "No lost account matches." in archive.content.decode()


def test_a_lost_account_is_restored_and_keeps_its_outcome(client, rep, prospect):
    prospect.status = Prospect.Status.LOST
    prospect.save()
    OutcomeFactory(prospect=prospect, reasons=[reason("Price")])
    client.force_login(rep)
    url = reverse("devlog:restore", args=[prospect.pk])

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == prospect.get_absolute_url()
    assert messages_of(response) == ["The account is back in development."]
    assert status_of(prospect) == "developing"
    outcome = Outcome.objects.get(prospect=prospect)
    assert outcome.result == "lost"
    assert outcome.restored_at is not None
    assert outcome.archived_at is None
    assert [r.name_en for r in outcome.reasons.all()] == ["Price"]
    assert list(client.get(reverse("devlog:archive")).context["accounts"]) == []


def test_a_resting_account_is_restored_too(client, rep, prospect):
    prospect.status = Prospect.Status.DORMANT
    prospect.save()
    OutcomeFactory(prospect=prospect, result="not_yet", reasons=[reason("Policy")])
    client.force_login(rep)

    client.post(reverse("devlog:restore", args=[prospect.pk]))

    assert status_of(prospect) == "developing"


@pytest.mark.parametrize("outcome", ["won", "none", "already restored"])
def test_only_a_lost_or_resting_account_is_restored(client, rep, prospect, outcome):
    if outcome == "won":
        prospect.status = Prospect.Status.WON
        prospect.save()
        OutcomeFactory(prospect=prospect, result="won")
    elif outcome == "already restored":
        prospect.status = Prospect.Status.DEVELOPING
        prospect.save()
        OutcomeFactory(prospect=prospect, restored_at=timezone.now(), archived_at=None)
    before = status_of(prospect)
    client.force_login(rep)

    response = client.post(reverse("devlog:restore", args=[prospect.pk]))

    assert response.status_code == 302
    assert messages_of(response) == [
        "Only an account that was lost or is resting can be restored."
    ]
    assert status_of(prospect) == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            outcome_data("won", decided_on="2999-01-01"),
            "decided_on",
            "The outcome cannot be dated in the future.",
        ),
        (
            outcome_data("not_yet", approach_again_on="TODAY"),
            "approach_again_on",
            "Choose a day after today.",
        ),
        (
            outcome_data("lost", approach_again_on="2001-01-01"),
            "approach_again_on",
            "Choose a day after today.",
        ),
        (
            outcome_data("won", approach_again_on="2999-01-01"),
            "approach_again_on",
            "A won account needs no new approach date.",
        ),
    ],
    ids=["dated in the future", "again today", "again in the past", "won and again"],
)
def test_bad_dates_are_refused_with_a_clear_message(
    client, rep, prospect, data, field, message
):
    if data["approach_again_on"] == "TODAY":
        data = {**data, "approach_again_on": today().isoformat()}
    data = {**data, "reasons": [reason("Price").pk]}
    client.force_login(rep)

    response = post_outcome(client, prospect, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert not Outcome.objects.exists()
    assert status_of(prospect) == "potential"


def test_a_lost_account_later_won_leaves_the_archive(client, rep, prospect):
    client.force_login(rep)
    post_outcome(client, prospect, outcome_data("lost", reasons=[reason("Price").pk]))

    post_outcome(client, prospect, outcome_data("won", reasons=[reason("Price").pk]))

    outcome = Outcome.objects.get()
    assert (outcome.result, outcome.archived_at, outcome.reasons.count()) == (
        "won",
        None,
        0,
    )
    assert status_of(prospect) == "won"
    assert list(client.get(reverse("devlog:archive")).context["accounts"]) == []
    assert list(client.get(reverse("devlog:register")).context["accounts"]) == [
        prospect
    ]
