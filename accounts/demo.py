"""Demo people: two teams, one of each role, all with the same demo password.
``--size large`` gives each team its full staff of supervisors and reps.

``seed_demo`` calls ``seed(ctx)`` of every installed app that has a ``demo`` module,
in INSTALLED_APPS order, so each app adds the records of its stage of the playbook.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.hashers import make_password

from accounts.models import ApiToken, Role, Team, User
from accounts.services import api_token_digest

DEMO_PASSWORD = "kam-demo-2026"
#: rep_a1's personal API token in the demo data, for the curl examples of
#: docs/api.md (demo data only, like the password).
DEMO_API_TOKEN = "kam_demo-rep-a1-token-for-the-docs-examples"

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

# ``--size large`` staffs each team as a real one: four KA supervisors and 22 reps
# (the demo people among them), so that a rep's pages show one rep's load.
LARGE_TEAM_SUPERVISORS = 4
LARGE_TEAM_REPS = 22
SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma")]  # fmt: skip
GIVEN_NAMES = [("芳", "Fang"), ("敏", "Min"), ("静", "Jing"), ("磊", "Lei"), ("军", "Jun"), ("洁", "Jie"), ("勇", "Yong"), ("艳", "Yan"), ("涛", "Tao"), ("超", "Chao"), ("娜", "Na"), ("强", "Qiang")]  # fmt: skip


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
    #: How far each account gets (prospect id → progress), set by the visits demo.
    furthest: dict = field(default_factory=dict)

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
    if ctx.large:
        _staff_teams(ctx, password)
    ApiToken.objects.create(
        user=ctx.users["rep_a1"],
        name="Demo: the examples in docs/api.md",
        digest=api_token_digest(DEMO_API_TOKEN),
        prefix=DEMO_API_TOKEN[:8],
    )
    ctx.log(f"People: {len(ctx.teams)} teams, {len(ctx.users)} users.")


def _staff_teams(ctx, password):
    """The rest of each team's supervisors and reps, numbered after the demo people."""
    for key, team in ctx.teams.items():
        for role, prefix, size in (
            (Role.SUPERVISOR, "supervisor", LARGE_TEAM_SUPERVISORS),
            (Role.REP, "rep", LARGE_TEAM_REPS),
        ):
            have = sum(
                1 for u in ctx.users.values() if u.team == team and u.role == role
            )
            for number in range(have + 1, size + 1):
                username = f"{prefix}_{key.lower()}{number}"
                (surname, surname_en), (given, given_en) = ctx.rng.choice(SURNAMES), ctx.rng.choice(GIVEN_NAMES)  # fmt: skip
                ctx.users[username] = User.objects.create(
                    username=username,
                    full_name=f"{surname}{given} {surname_en} {given_en}",
                    email=f"{username}@kam.example.com",
                    team=team,
                    role=role,
                    password=password,
                )
