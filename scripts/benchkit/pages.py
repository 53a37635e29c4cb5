"""Every page of a manager's and a rep's navigation, built for each request,
timed against the login page in the same run."""

import os
import statistics

from benchkit.client import Browser
from benchkit.env import say

LOADS = int(os.environ.get("BENCH_LOADS", "30"))
GOAL, HEADING_FOR = 5.0, 3.0


def sample_ids(database):
    """An account of rep_a1's and a visit held there, for both people to open."""
    code = (
        "from prospects.models import Prospect as P; from visits.models import Visit as V;"
        "a=P.objects.filter(owner__username='rep_a1').order_by('pk').first();"
        "v=V.objects.filter(prospect=a, status='held').first();"
        "print(a.pk, v.pk if v else '-')"
    )
    return database.shell(code).split()[-2:]


def navigation(database):
    account, visit = sample_ids(database)
    common = [
        "/prospects/",
        "/prospects/?status=developing&sort=-score",
        "/prospects/matrix/",
        f"/prospects/{account}/",
        # The record section, which the account page loads on its own; opened
        # here as a page, the site around it (a little more than kam.js fetches).
        f"/prospects/{account}/sections/record/",
        f"/prospects/{account}/financials/",
        f"/prospects/{account}/transactions/",
        f"/devlog/{account}/",
        "/visits/",
        "/visits/calendar/",
        "/visits/meetings/",
        "/notifications/",
        "/devlog/register/",
        "/devlog/archive/",
    ]
    if visit != "-":
        common.append(f"/visits/{visit}/")
    return {"manager_a": ["/", "/reports/mine/", *common], "rep_a1": ["/", *common]}


def measure(browser, path, anonymous):
    """Median and p95 seconds of LOADS loads of ``path``, each next to a load of
    the login page, whose median is returned too: both felt the same machine, so
    the ratio holds when other work shares the cores."""
    pages, logins = [], []
    for load in range(LOADS + 3):
        answer, login = browser.get(path), anonymous.get("/accounts/login/")
        if answer.status != 200:
            raise SystemExit(f"{path} answered {answer.status}")
        if load >= 3:
            pages.append(answer.seconds)
            logins.append(login.seconds)
    pages.sort()
    return (
        statistics.median(pages),
        pages[int(0.95 * (len(pages) - 1))],
        statistics.median(logins),
    )


def bench_pages(database, server, results):
    pages = navigation(database)
    anonymous = Browser(server.address)
    say(f"\nPages on {database.label}, as built, one gunicorn worker ({LOADS} loads each, each beside a load of the login page):")  # fmt: skip
    say(f"{'page':52} {'median':>8} {'p95':>8} {'login':>8} {'× login':>8}")
    ratios, logins = [], []
    for user, paths in pages.items():
        browser = Browser(server.address).sign_in(user)
        for path in paths:
            median, p95, login = measure(browser, path, anonymous)
            ratio = median / login
            ratios.append((ratio, f"{user} {path}"))
            logins.append(login)
            flag = "" if ratio <= HEADING_FOR else "  (over 3×)" if ratio <= GOAL else "  ← over goal"  # fmt: skip
            say(f"{user + ' ' + path:52} {median * 1000:6.1f}ms {p95 * 1000:6.1f}ms {login * 1000:6.1f}ms {ratio:8.2f}{flag}")  # fmt: skip
    worst, page = max(ratios)
    label = database.label
    login = statistics.median(logins)
    results.append((f"{label}: login page, median", f"{login * 1000:.1f} ms", "report", True))  # fmt: skip
    results.append((f"{label}: slowest page / login", f"{worst:.2f}×", f"≤ {GOAL:g}×", worst <= GOAL))  # fmt: skip
    results.append((f"{label}: pages within 3× login", f"{sum(r <= HEADING_FOR for r, _ in ratios)} of {len(ratios)}", "report", True))  # fmt: skip
    results.append((f"{label}: median page / login", f"{statistics.median(r for r, _ in ratios):.2f}×", "report", True))  # fmt: skip
    say(f"Slowest: {page} at {worst:.2f}× the login page.")
