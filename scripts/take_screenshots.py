"""The README's pictures: one page per playbook stage (docs/tour/), and the home page
(docs/screenshot-home.png).

    .venv/bin/python scripts/take_screenshots.py [--out docs]

Starts its own server on a free port over a fresh SQLite database seeded with
``seed_demo`` (in a temporary folder, removed afterwards), then drives Debian's
Chromium (/usr/bin/chromium) with Playwright: nothing is downloaded. Desktop pages
are 1366 px wide and cut to their top 1,000 px; one page is taken as a phone sees it
(390 px). Each PNG is reduced to 256 colours, which keeps it small and sharp.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1366, "height": 1000}
PHONE = {"width": 390, "height": 844}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def start_server(env, port):
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/")
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("The server did not start.")


def pages(env):
    """The records each picture shows, chosen in the demo: a won account of rep_a1
    with its analysis complete, its held visit, a letter and the closed meeting."""
    code = """
import json
from prospects.models import Prospect
from visits.models import MethodMeeting, Visit
won = (Prospect.objects.filter(owner__username="rep_a1", status="won")
       .exclude(sales_profile=None).exclude(forecast=None)
       .order_by("pk").first())
pk = won.pk
visit = won.visits.filter(status=Visit.Status.HELD).order_by("-held_at").first()
letter = (Prospect.objects.filter(owner__username="rep_a1", status="developing")
          .exclude(forecast=None).exclude(contacts=None).order_by("pk").first())
meeting = MethodMeeting.objects.filter(
    team=won.team, status=MethodMeeting.Status.CLOSED).first()
from accounts.demo import DEMO_PASSWORD
print(json.dumps({"account": pk, "visit": visit.pk, "letter": letter.pk,
                  "meeting": meeting.pk, "password": DEMO_PASSWORD}))
"""
    import json

    out = manage(env, "shell", "-c", code, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def shots(ids):
    """(file, user, language, path, viewport, what to do first)."""
    account, visit = ids["account"], ids["visit"]
    return [
        ("tour/1-analysis.png", "rep_a1", "en", f"/prospects/{account}/", DESKTOP, None),
        ("tour/2-advantages.png", "rep_a1", "en", f"/prospects/{account}/advantages/", DESKTOP, None),
        ("tour/3-meeting.png", "manager_a", "en", f"/visits/meetings/{ids['meeting']}/", DESKTOP, None),
        ("tour/4-first-contact-letter.png", "rep_a1", "en", f"/visits/first-contact/new/{ids['letter']}/letter/", DESKTOP, "draft"),
        ("tour/5-visit-record.png", "rep_a1", "en", f"/visits/{visit}/", DESKTOP, None),
        ("tour/6-record-sheet.png", "rep_a1", "zh-hans", f"/devlog/{account}/", DESKTOP, None),
        ("tour/7-register.png", "manager_a", "en", "/devlog/register/", DESKTOP, None),
        ("tour/8-manager-home.png", "manager_a", "en", "/", DESKTOP, None),
        ("tour/9-phone-record-sheet.png", "rep_a1", "zh-hans", f"/devlog/{account}/", PHONE, None),
        ("screenshot-home.png", "manager_a", "en", "/", {"width": 1280, "height": 800}, None),
    ]  # fmt: skip


def shrink(path):
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT
        )
    small.save(path, optimize=True)


def take(base, out, ids, folder):
    """Chromium with the project's CJK font besides the system's (as the browser
    journeys have it, e2e/conftest.py), so the Chinese shows where none is installed."""
    from playwright.sync_api import sync_playwright

    password = ids["password"]
    fonts = Path(folder) / "fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{ROOT / 'static' / 'fonts'}</dir></fontconfig>"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            env={**os.environ, "FONTCONFIG_FILE": str(fonts)},
        )
        sessions = {}
        for name, user, language, path, viewport, first in shots(ids):
            key = (user, language, viewport["width"])
            if key not in sessions:
                context = browser.new_context(
                    viewport=viewport, device_scale_factor=1, locale=language
                )
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", password)
                with page.expect_navigation():
                    page.click("main form button[type=submit]")
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": base}]
                )
                sessions[key] = page
            page = sessions[key]
            page.goto(f"{base}{path}")
            if first == "draft":
                with page.expect_navigation():
                    page.click("button[name=draft]")
            page.wait_for_load_state("networkidle")
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target))
            shrink(target)
            print(f"{target}: {target.stat().st_size // 1024} KiB")
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument(
        "--db", type=Path, help="a SQLite file seeded already (kept as it is)"
    )
    options = parser.parse_args()
    out = options.out.resolve()
    with tempfile.TemporaryDirectory(prefix="kam-shots-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{options.db or Path(folder) / 'kam.sqlite3'}",
            "KAM_VAR_DIR": folder,
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("CELERY_BROKER_URL", "KAM_CACHE_URL"):
            env.pop(name, None)
        if not options.db:
            manage(env, "migrate", "-v0")
            manage(env, "seed_demo", stdout=subprocess.DEVNULL)
        ids = pages(env)
        port = free_port()
        server = start_server(env, port)
        try:
            take(f"http://127.0.0.1:{port}", out, ids, folder)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
