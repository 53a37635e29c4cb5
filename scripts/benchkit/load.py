"""Many people signed in at once, each on their own pages; in the mixed load one
request in ten is a real save through the real form (CSRF token and record
version as the page gave them): a contact logged on the development record, a
figure of a financial statement edited, a visit record sheet saved."""

import itertools
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from benchkit.client import Browser
from benchkit.env import say

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
PAGES = [
    "/",
    "/prospects/",
    "/prospects/?status=developing&sort=-score",
    "/prospects/matrix/",
    "/visits/",
    "/visits/calendar/",
    "/notifications/",
    "/devlog/register/",
]
# Up to USERS people, managers and supervisors first; each with an account of their
# own (no two people share one, so no save meets another's edit), a financial
# statement of it and a visit held there that may be recorded.
PEOPLE_CODE = """
from django.conf import settings
from accounts.models import User
from prospects.models import Prospect as P
from visits.models import Visit as V
print('zone', settings.TIME_ZONE)
order = {'manager': 0, 'supervisor': 1, 'rep': 2}
people = sorted(User.objects.exclude(role='admin'), key=lambda u: (order[u.role], u.pk))
taken = set()
for u in people[:%d]:
    mine = P.objects.visible_to(u).exclude(pk__in=taken).order_by('-owner_id', 'pk')
    a = mine.filter(owner=u).first() or mine.first()
    taken.add(a.pk)
    s = a.financial_statements.order_by('pk').first()
    held = V.objects.filter(prospect=a, status='held').select_related('preparation')[:20]
    v = next((v for v in held if hasattr(v, 'preparation') and v.preparation.allows_recording), None)
    print('person', u.username, a.pk, s.pk if s else '-', v.pk if v else '-')
"""


class Person:
    def __init__(self, username, account, statement, visit, zone):
        self.username, self.account, self.zone = username, account, zone
        self.pages = [*PAGES, f"/prospects/{account}/", f"/devlog/{account}/"]
        self.saves = [self.log_contact]
        if statement != "-":
            self.statement = statement
            self.saves.append(self.edit_figure)
        if visit != "-":
            self.visit = visit
            self.pages.append(f"/visits/{visit}/")
            self.saves.append(self.record_visit)
        self.browser = None

    def log_contact(self, number):
        moment = datetime.now(self.zone) - timedelta(minutes=30)
        return self.browser.submit(
            f"/devlog/{self.account}/entries/new/", "remarks",
            occurred_at=moment.strftime("%Y-%m-%dT%H:%M"), person_met="王总",
            method="phone", duration_minutes="15", progress="explanation",
            attitude="warm", remarks=f"电话沟通报价细节（第 {number} 次）",
        )  # fmt: skip

    def edit_figure(self, number):
        path = f"/prospects/{self.account}/financials/{self.statement}/edit/"
        return self.browser.submit(path, "revenue", revenue=str(1_000_000 + number))

    def record_visit(self, number):
        return self.browser.submit(
            f"/visits/{self.visit}/record/", "talking_points",
            talking_points=f"介绍节能方案与报价（第 {number} 次修改）",
        )  # fmt: skip


def people(database):
    lines = [line.split() for line in database.shell(PEOPLE_CODE % USERS).splitlines()]
    zone = ZoneInfo(next(words[1] for words in lines if words[:1] == ["zone"]))
    return [Person(*words[1:], zone) for words in lines if words[:1] == ["person"]]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.times, self.errors, self.saves, self.why = [], 0, 0, {}

    def add(self, answer, expected, what):
        with self.lock:
            self.times.append(answer.seconds)
            if answer.status != expected:
                self.errors += 1
                key = f"{what} answered {answer.status}"
                self.why[key] = self.why.get(key, 0) + 1
            elif expected == 302:
                self.saves += 1


def _work(person, mixed, deadline, tally):
    """The person's pages in turn; in the mixed load every tenth request is a save
    (its form opened first, as one of the other nine)."""
    number, pages = 0, itertools.cycle(person.pages)
    while time.monotonic() < deadline:
        for page in itertools.islice(pages, 8 if mixed else 10):
            if time.monotonic() >= deadline:
                return
            answer = person.browser.get(page)
            tally.add(answer, 200, page.split("?")[0].rstrip("0123456789/") or "/")
        if mixed and time.monotonic() < deadline:
            number += 1
            save = person.saves[number % len(person.saves)]
            form, sent = save(number)
            tally.add(form, 200, f"{save.__name__} form")
            if sent is not None:
                tally.add(sent, 302, save.__name__)


def bench_load(database, server, crowd, mixed, results):
    """USERS people at once for SECONDS; every page must answer 200, every save 302."""
    label = f"{database.label}, {'mixed: 1 in 10 a save' if mixed else 'read-only'}"
    with ThreadPoolExecutor(len(crowd)) as pool:
        for person in crowd:
            person.browser = Browser(server.address)
        list(pool.map(lambda p: p.browser.sign_in(p.username), crowd))
        say(f"\nLoad, {label}: {len(crowd)} people signed in, {SECONDS} s …")
        tally, started = Tally(), time.monotonic()
        deadline = started + SECONDS
        for future in [pool.submit(_work, p, mixed, deadline, tally) for p in crowd]:
            future.result()
    elapsed = time.monotonic() - started
    times = sorted(tally.times)
    rps = len(times) / elapsed
    p95 = times[int(0.95 * (len(times) - 1))] * 1000
    say(
        f"{len(times)} requests in {elapsed:.0f} s: {rps:.0f}/s, median "
        f"{statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms, "
        f"{tally.saves} saves, {tally.errors} errors"
    )
    for why, count in sorted(tally.why.items()):
        say(f"  {count} × {why}")
    results.append((f"load {label}: errors", str(tally.errors), "0", tally.errors == 0))  # fmt: skip
    results.append((f"load {label}: requests/s", f"{rps:.0f}", "report", True))
    results.append((f"load {label}: p95", f"{p95:.0f} ms", "report", True))
    if mixed:
        results.append((f"load {label}: saves", str(tally.saves), "report", True))
