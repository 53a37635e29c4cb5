"""An account's identity: the 统一社会信用代码 is checked, names compare normalised."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prospects.identity import name_key, validate_credit_code
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory

VALID = "91350100M000100Y43"


@pytest.mark.parametrize("code", [VALID, "demo", " 9135 0100m000100y43 "])
def test_well_formed_codes_pass_their_check_digit(code):
    if code == "demo":
        from prospects.demo import demo_credit_code

        code = demo_credit_code(1)
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y4", "has 18 characters; this one has 17"),
        ("91350100M000100Y44", "fails its check digit"),
        ("91350100O000100Y43", "has no “O”"),
    ],
)
def test_a_wrong_code_is_refused_with_its_reason(code, reason):
    with pytest.raises(ValidationError) as refused:
        validate_credit_code(code)
    assert reason in refused.value.messages[0]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("苏州恒瑞精密机械有限公司", "苏州恒瑞精密机械股份有限公司"),
        ("苏州恒瑞精密机械有限责任公司", "苏州恒瑞 精密机械"),
        ("ＡＢＣ机械集团有限公司", "abc机械"),
        ("Hengrui Precision Co., Ltd.", "HENGRUI PRECISION LIMITED"),
    ],
)
def test_two_spellings_of_one_company_have_one_name_key(one, other):
    assert name_key(one) == name_key(other)


def test_different_companies_keep_different_keys():
    assert name_key("苏州恒瑞精密机械有限公司") != name_key("苏州恒通精密机械有限公司")


@pytest.mark.django_db
def test_the_name_key_follows_every_save():
    account = ProspectFactory(name="恒瑞精密有限公司")
    assert Prospect.objects.get(pk=account.pk).name_key == "恒瑞精密"
    account.name = "恒瑞精工股份有限公司"
    account.save(update_fields=["name"])
    assert Prospect.objects.get(pk=account.pk).name_key == "恒瑞精工"


def post_account(client, user, **data):
    client.force_login(user)
    return client.post(
        reverse("prospects:create"), {"name": "恒瑞", "status": "potential", **data}
    )


@pytest.mark.django_db
def test_the_account_form_stores_the_code_cleaned(client, rep):
    response = post_account(client, rep, credit_code=" 91350100m000100y43")
    assert response.status_code == 302
    assert Prospect.objects.get().credit_code == VALID


@pytest.mark.django_db
def test_a_mistyped_code_is_refused_and_nothing_saved(client, rep):
    response = post_account(client, rep, credit_code="91350100M000100Y44")
    assert response.status_code == 200
    assert "fails its check digit" in response.content.decode()
    assert not Prospect.objects.exists()


@pytest.mark.django_db
def test_a_code_already_on_file_is_refused_even_in_another_team(client, rep, outsider):
    ProspectFactory(owner=outsider, team=outsider.team, credit_code=VALID)
    response = post_account(client, rep, credit_code=VALID)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Prospect.objects.count() == 1


@pytest.mark.django_db
def test_many_accounts_may_have_no_code(client, rep):
    post_account(client, rep, name="甲")
    post_account(client, rep, name="乙")
    assert Prospect.objects.filter(credit_code="").count() == 2


@pytest.mark.django_db
def test_the_code_refusal_is_in_chinese_for_a_chinese_user(client, rep):
    client.cookies["django_language"] = "zh-hans"
    response = post_account(client, rep, credit_code="91350100M000100Y44")
    assert "校验" in response.content.decode()


@pytest.mark.django_db
def test_the_account_page_shows_the_code(client, rep):
    account = ProspectFactory(owner=rep, team=rep.team, credit_code=VALID)
    client.force_login(rep)
    assert VALID in client.get(account.get_absolute_url()).content.decode()
