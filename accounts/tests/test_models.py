import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from accounts.tests.factories import TeamFactory, UserFactory


def test_a_team_has_one_manager(manager, team):
    assert team.manager == manager


def test_a_second_manager_for_a_team_gets_a_clear_error(manager, team):
    second = User(username="second", team=team, role=Role.MANAGER)
    second.set_password("pw-long-enough-2026")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "This team already has a manager." in str(error.value)


def test_the_database_refuses_a_second_manager_too(manager, team):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(team=team, role=Role.MANAGER)


def test_a_manager_needs_a_team(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(team=None, role=Role.MANAGER)


def test_managers_of_different_teams_are_fine(db):
    UserFactory(team=TeamFactory(), role=Role.MANAGER)
    UserFactory(team=TeamFactory(), role=Role.MANAGER)
    assert User.objects.filter(role=Role.MANAGER).count() == 2


def test_createsuperuser_makes_an_admin(db):
    user = User.objects.create_superuser("root", "root@example.com", "pw-2026-long")
    assert user.role == Role.ADMIN
    assert user.sees_everything


@pytest.mark.parametrize(
    ("role", "leads_visits"),
    [
        (Role.REP, False),
        (Role.SUPERVISOR, True),
        (Role.MANAGER, True),
        (Role.ADMIN, True),
    ],
)
def test_only_supervisors_and_above_lead_visits(role, leads_visits):
    assert User(role=role).is_supervisor_or_above is leads_visits


def test_a_user_is_shown_by_full_name_or_username():
    assert str(User(username="zw", full_name="张伟")) == "张伟"
    assert str(User(username="zw")) == "zw"
