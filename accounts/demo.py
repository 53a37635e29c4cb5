"""Demo people: two teams, one of each role, all with the same demo password.

``seed_demo`` calls ``seed(ctx)`` of every installed app that has a ``demo`` module,
in INSTALLED_APPS order, so each app adds the records of its stage of the playbook.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.hashers import make_password

from accounts.models import Role, Team, User

DEMO_PASSWORD = "kam-demo-2026"

# username, full name, team key, role, language ("" = the browser decides)
DEMO_PEOPLE = [
    ("admin", "系统管理员 Admin", None, Role.ADMIN, ""),
    ("manager_a", "王建国 Wang Jianguo", "A", Role.MANAGER, ""),
    ("supervisor_a", "李明 Li Ming", "A", Role.SUPERVISOR, ""),
    ("rep_a1", "张伟 Zhang Wei", "A", Role.REP, ""),
    ("rep_a2", "刘洋 Liu Yang", "A", Role.REP, "en"),
    ("manager_b", "陈静 Chen Jing", "B", Role.MANAGER, "zh-hans"),
    ("supervisor_b", "杨帆 Yang Fan", "B", Role.SUPERVISOR, ""),
    ("rep_b1", "赵磊 Zhao Lei", "B", Role.REP, ""),
]
DEMO_TEAMS = {"A": "Team A · 华东 East China", "B": "Team B · 华南 South China"}


@dataclass
class DemoContext:
    """What one app's demo data hands to the next."""

    size: str
    rng: random.Random
    now: datetime
    stdout: object
    teams: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    prospects: list = field(default_factory=list)

    @property
    def large(self):
        return self.size == "large"

    def log(self, message):
        self.stdout.write(message)


def seed(ctx):
    ctx.teams = {
        key: Team.objects.create(name=name) for key, name in DEMO_TEAMS.items()
    }
    password = make_password(DEMO_PASSWORD)
    for username, full_name, team_key, role, language in DEMO_PEOPLE:
        ctx.users[username] = User.objects.create(
            username=username,
            full_name=full_name,
            email=f"{username}@kam.example.com",
            team=ctx.teams.get(team_key),
            role=role,
            language=language,
            password=password,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
    ctx.log(f"People: {len(ctx.teams)} teams, {len(ctx.users)} users.")
