"""`make bench`: KAM's speed figures at team scale. Not part of `make test`.

For each of PostgreSQL (production) and SQLite (what `make run` serves):
1. Seeds `--size large` (10,000 accounts, 50,000 visits …) into a fresh database.
2. Serves the app with gunicorn, one worker, and loads every page of a manager's
   and a rep's navigation again and again, each built for its request (there is
   no page cache): median and p95, as a ratio to the login page in the same run
   (goal: every page within 5×, heading for 3×).
3. With gunicorn's usual workers (2 × cores + 1): 50 signed-in people at once
   for 60 s, each on their own pages (read-only), then the same with one request
   in ten a real save through its form (mixed). Goal: no error; reports requests
   per second and p95.
Then, on PostgreSQL: two Celery workers send 10,000 due reminders (goal: < 30 s),
a 50-row development record sheet renders as a PDF (goal: ≤ 0.5 s), and manager_a
commits an import of 10,000 account rows (goal: < 30 s).
After each seed, the search page (`GET /search/?q=`) as a manager, a rep and an
admin (goal: median < 50 ms); `BENCH_ONLY=search` runs only that step,
`BENCH_ONLY=pages` only the pages.

Everything runs on the loopback. Environment (see scripts/benchkit/env.py):
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kam_bench),
BENCH_SQLITE_PATH (default var/bench.sqlite3), BENCH_BROKER_URL (default
redis://127.0.0.1:6379/2), BENCH_CACHE_URL (default redis://127.0.0.1:6379/4,
flushed), BENCH_DATABASES (default "postgres,sqlite"), BENCH_LOADS (default 30),
BENCH_LOAD_SECONDS (default 60), BENCH_LOAD_USERS (default 50),
BENCH_REUSE_DATABASE=1 (keep the databases an earlier run seeded), BENCH_ONLY=search|pages.
"""

import os
import platform
import sys
import time

from benchkit.env import (
    BROKER_URL,
    CACHE_URL,
    POSTGRES,
    REUSE_DATABASE,
    SQLITE,
    Server,
    flush_cache,
    say,
)  # fmt: skip
from benchkit.imports import bench_import
from benchkit.jobs import bench_pdf, bench_reminders
from benchkit.load import bench_load, people
from benchkit.pages import LOADS, bench_pages
from benchkit.search import bench_search

WORKERS = 2 * (os.cpu_count() or 1) + 1  # gunicorn's own rule of thumb
CHOSEN = os.environ.get("BENCH_DATABASES", "postgres,sqlite").split(",")
# BENCH_ONLY=search or pages: only that step (seeding first unless reusing).
ONLY = os.environ.get("BENCH_ONLY", "")


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))  # fmt: skip
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def bench_database(database, results):
    if not REUSE_DATABASE:
        seconds = database.seed()
        results.append((f"{database.label}: seed_demo --size large", f"{seconds:.1f} s", "< 60 s", seconds < 60))  # fmt: skip
    if ONLY in ("", "search"):
        bench_search(database, results)
    if ONLY == "search":
        return
    flush_cache()
    with Server(database, workers=1) as server:
        bench_pages(database, server, results)
    if ONLY == "pages":
        return
    crowd = people(database)
    with Server(database, workers=WORKERS) as server:
        bench_load(database, server, crowd, mixed=False, results=results)
        bench_load(database, server, crowd, mixed=True, results=results)


def main():
    if sys.argv[1:] == ["--only", "import"]:  # one step, on a database seeded before
        results = []
        bench_import(POSTGRES, results)
        return 0 if results[0][-1] else 1
    databases = [db for db in (POSTGRES, SQLITE) if db.name in CHOSEN]
    say(f"{time.strftime('%Y-%m-%d %H:%M')} on {machine()}; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    say(f"Databases {', '.join(db.url for db in databases)}; broker {BROKER_URL}, cache {CACHE_URL}; {LOADS} loads per page.")  # fmt: skip
    if REUSE_DATABASE:
        say("Reusing the databases an earlier run seeded (no seed figure).")
    results = []  # (what, figure, goal, ok)
    databases[0].manage("collectstatic", "--noinput", "-v0")
    for database in databases:
        bench_database(database, results)
    if POSTGRES in databases and not ONLY:
        bench_reminders(POSTGRES, results)
        bench_pdf(POSTGRES, results)
        bench_import(POSTGRES, results)
    say(f"\nSummary (load average at the end {os.getloadavg()[0]:.2f})")
    for what, figure, goal, ok in results:
        say(f"  {what:58} {figure:>10}   goal {goal:8} {'ok' if ok else 'MISSED'}")
    return 0 if all(ok for *_, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
