"""The person of a session, read by SQL built once (kam.auth.SignedInBackend):
with their team and unread count, in one query; nobody for an id that is not one,
a person gone or no longer allowed to sign in."""

import pytest

from accounts.tests.factories import UserFactory
from kam.auth import SignedInBackend
from notifications.models import Notification
from prospects.tests.factories import ProspectFactory
from visits.tests.factories import held_visit


def test_the_person_comes_with_their_team_and_unread_count(
    rep, supervisor, django_assert_num_queries
):
    follow_up = held_visit(ProspectFactory(owner=rep), supervisor).follow_up
    for kind in (Notification.Kind.DUE, Notification.Kind.OVERDUE):
        Notification.objects.create(
            follow_up=follow_up,
            kind=kind,
            recipient=rep,
            created_at=follow_up.due_at,
            email_next_attempt_at=follow_up.due_at,
        )
    with django_assert_num_queries(1):
        user = SignedInBackend().get_user(str(rep.pk))
        assert user == rep
        assert user.team == rep.team
        assert str(user.team) == rep.team.name
        assert user.unread_notification_count == 2
        assert user.is_active is True
        assert user.is_superuser is False
    assert user.get_session_auth_hash() == rep.get_session_auth_hash()


@pytest.mark.django_db
def test_someone_without_a_team_has_none(django_assert_num_queries):
    loner = UserFactory(team=None, role="")
    with django_assert_num_queries(1):
        user = SignedInBackend().get_user(loner.pk)
        assert user.team is None
        assert user.unread_notification_count == 0


def test_no_person_for_a_bad_id_a_removed_or_an_inactive_one(rep):
    backend = SignedInBackend()
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(10**9) is None
    rep.is_active = False
    rep.save()
    assert backend.get_user(rep.pk) is None
