"""What an import may touch: the accounts in the importer's scope, found by credit
code first and then by normalised name, and the people of their team.

Every account is indexed once (its id, code, name key and team), so matching ten
thousand rows costs no query per row. An account outside the scope is never
written and never shown: the row's error says only whom to ask.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from accounts.models import Role, Team, User
from prospects.identity import clean_credit_code, name_key
from prospects.imports.columns import CellError
from prospects.models import Prospect


class Accounts:
    def __init__(self, user):
        self.user = user
        self.by_code, self.by_key, self.team_of = {}, defaultdict(list), {}
        for pk, code, key, team_id in Prospect.objects.values_list(
            "pk", "credit_code", "name_key", "team_id"
        ):
            self._index(pk, code, key, team_id)
        self.visible = set(
            Prospect.objects.visible_to(user).values_list("pk", flat=True)
        )
        self._managers = None

    def _index(self, pk, code, key, team_id):
        if code:
            self.by_code[code] = pk
        if key:
            self.by_key[key].append(pk)
        self.team_of[pk] = team_id

    def add(self, prospect):
        """A new account of this import, found by the rows after it."""
        self._index(
            prospect.pk, prospect.credit_code, prospect.name_key, prospect.team_id
        )
        self.visible.add(prospect.pk)

    def match(self, *, code="", name=""):
        """The id of the account the row names (None if none), or CellError when it
        is outside the scope or the name fits several."""
        code = clean_credit_code(code)
        if code and code in self.by_code:
            return self._in_scope(self.by_code[code])
        found = self.by_key.get(name_key(name), []) if name else []
        seen = [pk for pk in found if pk in self.visible]
        if len(seen) > 1:
            raise CellError(
                _("Several of your accounts have this name: give the credit code.")
            )
        if seen:
            return seen[0]
        if found:
            return self._in_scope(found[0])
        return None

    def _in_scope(self, pk):
        if pk in self.visible:
            return pk
        manager = self.manager_of(self.team_of[pk])
        if manager is None:
            raise CellError(
                _("This account exists but is not yours: ask an administrator.")
            )
        raise CellError(
            _("This account exists but is not yours: ask %(manager)s.")
            % {"manager": manager}
        )

    def manager_of(self, team_id):
        if self._managers is None:
            self._managers = {
                u.team_id: u for u in User.objects.filter(role=Role.MANAGER)
            }
        return self._managers.get(team_id)


class People:
    """The people an importer may name: their team's (an admin: anyone's)."""

    def __init__(self, user):
        self.user = user
        people = User.objects.filter(is_active=True).exclude(role=Role.ADMIN)
        self.by_username = {u.username.casefold(): u for u in people}
        self.teams = {t.pk: t for t in Team.objects.all()}

    def get(self, username, *, team_id=None):
        """The active member called ``username``, of ``team_id`` if given (else of
        the importer's team, for all but admins)."""
        person = self.by_username.get(username.strip().casefold())
        if person is None:
            raise CellError(
                _("No active user is called “%(name)s”.") % {"name": username}
            )
        team_id = team_id or (None if self.user.sees_everything else self.user.team_id)
        if team_id and person.team_id != team_id:
            raise CellError(
                _("%(name)s is not in the account's team.") % {"name": username}
            )
        return person
