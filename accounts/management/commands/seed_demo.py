import importlib
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.demo import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    LARGE_TEAM_REPS,
    LARGE_TEAM_SUPERVISORS,
    DemoContext,
)
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Load demo data that shows every stage of the playbook: two teams, "
        "their people, and (per app) accounts, visits and records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="small",
            help="small: a few dozen accounts per rep; large: benchmark volumes.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) if the database already has users.",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed, for repeatable data."
        )

    def handle(self, *args, size, if_empty, seed, **options):
        if User.objects.exists():
            if if_empty:
                self.stdout.write("The database already has data; demo not loaded.")
                return
            raise CommandError(
                "The database already has data. Run `manage.py flush` first, "
                "or pass --if-empty to skip."
            )
        started = time.monotonic()
        ctx = DemoContext(
            size=size, rng=random.Random(seed), now=timezone.now(), stdout=self.stdout
        )
        # Without DEBUG's query log, which would quote every value of every bulk
        # insert again (seconds at --size large).
        with override_settings(DEBUG=False), transaction.atomic():
            for module in demo_modules():
                module.seed(ctx)
        tidy_after_bulk_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ({size}) loaded in {time.monotonic() - started:.1f}s."
            )
        )
        self.stdout.write(demo_logins(size))


def tidy_after_bulk_load():
    """Fresh planner statistics (PostgreSQL and SQLite alike), or the planner
    guesses from an empty database. On PostgreSQL the rows are also packed as a
    restored dump or months of autovacuumed work keep them: the demo updates every
    account twice after inserting it (its stage, its location), which left the
    accounts table three times the size of its rows and every scan of it three
    times as long. VACUUM cannot run inside a transaction (a test's)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (FULL, ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def demo_modules():
    """Each installed app's ``demo`` module, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise


def demo_logins(size="small"):
    names = ", ".join(username for username, *_ in DEMO_PEOPLE)
    if size == "large":
        names += (
            f", and each team's other supervisors and reps (supervisor_a2 … "
            f"supervisor_b{LARGE_TEAM_SUPERVISORS}, rep_a3 … rep_b{LARGE_TEAM_REPS})"
        )
    return f"Demo logins: {names} — password {DEMO_PASSWORD}"
