"""The account profile PDF prints the relationship map, in both languages."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from prospects.models import BuyingRole, Stance, Strength
from prospects.services import prospect_part_save
from prospects.tests.factories import ContactFactory


def text_of(content):
    pages = PdfReader(BytesIO(content)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


@pytest.fixture
def mapped(prospect, colleague):
    boss = ContactFactory(
        prospect=prospect, name="赵总", buying_role=BuyingRole.DECISION_MAKER,
        attitude=Stance.SUPPORTER, strength=Strength.TRUSTED,
        relationship_owner=colleague,
    )  # fmt: skip
    buyer = ContactFactory(
        prospect=prospect, name="钱部长", buying_role=BuyingRole.GATEKEEPER,
        attitude=Stance.OPPONENT,
    )  # fmt: skip
    buyer.reports_to = boss
    prospect_part_save(part=buyer)
    return prospect


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Relationshipmap", "Gatekeeper", "ours:", "Coveragegaps"]),
        ("zh-hans", ["关系图", "守门人", "我方：", "覆盖缺口"]),
    ],
)
def test_the_profile_prints_the_map(client, rep, mapped, language, words):
    client.force_login(rep)
    response = client.get(
        reverse("prospects:profile-pdf", args=[mapped.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for word in [*words, "赵总", "钱部长"]:
        assert word in text
