"""Personal API tokens: made on the profile page or by `api_token create`, shown
once, stored hashed, refused once revoked."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_digest, api_token_revoke
from kam.tests.api import ApiClient

ACCOUNTS = "/api/v1/accounts/"


def test_a_token_is_stored_only_as_its_digest(rep):
    row, token = api_token_create(user=rep, name="ERP sync")
    stored = ApiToken.objects.get(pk=row.pk)
    assert token.startswith("kam_")
    assert len(token) > 40
    assert stored.digest == api_token_digest(token)
    assert token not in (stored.digest, stored.prefix)
    assert token.startswith(stored.prefix)


def test_a_token_signs_the_caller_in_and_notes_its_use(rep):
    row, token = api_token_create(user=rep, name="ERP sync")
    response = ApiClient(token=token).get(ACCOUNTS)
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_a_revoked_token_is_refused_with_401_in_json(rep):
    row, token = api_token_create(user=rep, name="ERP sync")
    api_token_revoke(token=row)
    response = ApiClient(token=token).get(ACCOUNTS)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_an_unknown_token_is_refused(db):
    response = ApiClient(token="kam_not-a-real-token").get(ACCOUNTS)
    assert response.status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(rep):
    _row, token = api_token_create(user=rep, name="ERP sync")
    rep.is_active = False
    rep.save()
    assert ApiClient(token=token).get(ACCOUNTS).status_code == 401


def test_no_token_answers_401_not_a_sign_in_page(db):
    response = ApiClient().get(ACCOUNTS)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_errors_come_in_the_callers_language(rep):
    row, token = api_token_create(user=rep, name="ERP sync")
    api_token_revoke(token=row)
    response = ApiClient(token=token, language="zh-hans").get(ACCOUNTS)
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert any("\u4e00" <= char <= "\u9fff" for char in detail), detail


def test_the_rate_limit_is_per_token(rep, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        first, second = ApiClient(rep), ApiClient(rep)
        answers = [first.get(ACCOUNTS).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        assert second.get(ACCOUNTS).status_code == 200
    finally:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"token": settings.KAM_API_RATE},
        }
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


# --- The profile page ----------------------------------------------------------------


def test_the_page_shows_a_new_token_once(client, rep):
    client.force_login(rep)
    response = client.post(reverse("api-tokens"), {"name": "BI report"})
    assert response.status_code == 200
    token = response.context["new_token"]
    assert token in response.content.decode()
    row = ApiToken.objects.get(user=rep)
    assert row.name == "BI report"
    assert row.digest == api_token_digest(token)
    again = client.get(reverse("api-tokens"))
    assert token not in again.content.decode()
    assert "BI report" in again.content.decode()


def test_a_token_needs_a_name(client, rep):
    client.force_login(rep)
    response = client.post(reverse("api-tokens"), {"name": "  "})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors["name"]


def test_the_owner_revokes_a_token_on_the_page(client, rep):
    row, token = api_token_create(user=rep, name="ERP sync")
    client.force_login(rep)
    response = client.post(reverse("api-token-revoke"), {"token": row.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert ApiClient(token=token).get(ACCOUNTS).status_code == 401


def test_nobody_revokes_another_persons_token_on_the_page(client, rep, colleague):
    row, _token = api_token_create(user=rep, name="ERP sync")
    client.force_login(colleague)
    response = client.post(reverse("api-token-revoke"), {"token": row.pk})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_an_admin_revokes_any_token_in_the_admin(client, rep, admin_user):
    row, _token = api_token_create(user=rep, name="ERP sync")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None


# --- The command -------------------------------------------------------------------


def test_the_command_prints_a_new_token_once(rep):
    out = StringIO()
    call_command("api_token", "create", "rep", "--name", "nightly export", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    row = ApiToken.objects.get(user=rep)
    assert row.name == "nightly export"
    assert row.digest == api_token_digest(token)
    assert ApiClient(token=token).get(ACCOUNTS).status_code == 200


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("api_token", "create", "nobody", "--name", "x", stdout=StringIO())
