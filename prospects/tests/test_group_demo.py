"""The demo has two groups with subsidiaries in both teams, and maps with every
buying role and attitude."""

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from prospects.groups import group_tree
from prospects.models import BuyingRole, Contact, Prospect, Stance


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    pass


def heads():
    return Prospect.objects.filter(parent=None, subsidiaries__isnull=False).distinct()


def test_two_groups_each_with_subsidiaries_in_both_teams(demo):
    assert heads().count() == 2
    for head in heads():
        members = Prospect.objects.filter(group_root=head)
        assert members.values("team").distinct().count() == 2
        assert members.filter(parent__parent__isnull=False).exists()  # a grandchild


def test_each_manager_sees_that_other_members_exist(demo):
    manager = User.objects.get(username="manager_a")
    for head in heads():
        assert group_tree(head.pk, manager).others_exist


def test_the_maps_have_every_role_and_attitude(demo):
    mapped = Contact.objects.filter(prospect__in=heads())
    assert set(mapped.values_list("buying_role", flat=True)) == set(BuyingRole.values)
    assert set(mapped.values_list("attitude", flat=True)) == set(Stance.values)
    assert mapped.filter(reports_to__isnull=False).count() == 12
