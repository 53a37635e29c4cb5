"""The background work at team scale: reminders sent by Celery workers, and the
longest printed sheet."""

import os
import signal
import subprocess
import time

from benchkit.env import PYTHON, ROOT, say

REMINDERS_CODE = """
from datetime import timedelta
from django.utils import timezone
from notifications.models import Notification
from visits.models import FollowUp
Notification.objects.all().delete()
due = timezone.now() - timedelta(hours=1)
FollowUp.objects.filter(status='open').update(due_at=due + timedelta(days=30))
ids = list(FollowUp.objects.filter(status='done').order_by('pk').values_list('pk', flat=True)[:10000])
FollowUp.objects.filter(pk__in=ids).update(status='open', due_at=due, done_at=None)
print(len(ids))
"""
PDF_CODE = """
import statistics, time
from datetime import timedelta
from django.utils import timezone, translation
from devlog.documents import development_record
from devlog.models import DevelopmentEntry
from prospects.models import Prospect
account = Prospect.objects.order_by('pk').first()
DevelopmentEntry.objects.filter(prospect=account).delete()
for model in ('first_contacts', 'visits', 'follow_ups'):
    getattr(account, model).all().delete()
now = timezone.now()
DevelopmentEntry.objects.bulk_create([
    DevelopmentEntry(prospect=account, occurred_at=now - timedelta(days=60 - n), person_met='王总（总经理）',
        method='visit', duration_minutes=60, progress='demo', attitude='warm',
        remarks='介绍了产品方案，客户对节能数据很感兴趣，希望下周看到报价。', created_by=account.owner)
    for n in range(50)])
translation.activate('zh-hans')
development_record(account).content
times = []
for _ in range(5):  # the sheet read, its HTML and the PDF written (.content)
    started = time.perf_counter(); development_record(account).content; times.append(time.perf_counter() - started)
print(f'{statistics.median(times):.3f}')
"""


def _worker(database, number):
    return subprocess.Popen(
        # Celery's defaults: a prefork pool of one process per core.
        [PYTHON, "-m", "celery", "-A", "kam", "worker", "--hostname", f"bench{number}@%h",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=database.env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _sent(cursor):
    cursor.execute(
        "SELECT count(*) FILTER (WHERE email_status = 'sent'), count(*) "
        "FROM notifications_notification"
    )
    return cursor.fetchone()


def bench_reminders(database, results):
    """Two workers send 10,000 due reminders (PostgreSQL, as in production)."""
    database.shell(REMINDERS_CODE)
    subprocess.run(
        [PYTHON, "-m", "celery", "-A", "kam", "purge", "-f"],
        cwd=ROOT, env=database.env, check=True, capture_output=True,
    )  # fmt: skip
    workers = [_worker(database, n) for n in range(2)]
    time.sleep(4)  # let both workers connect
    import psycopg2

    connection = psycopg2.connect(database.url)
    connection.autocommit = True
    started = time.perf_counter()
    database.manage("dispatch_reminders")
    sent = total = 0
    while time.perf_counter() - started < 300:
        with connection.cursor() as cursor:
            sent, total = _sent(cursor)
        if total and sent == total:
            break
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait()
    say(
        f"\nReminders: {sent} of {total} e-mails sent by two workers in {seconds:.1f} s."
    )
    ok = total >= 10000 and sent == total and seconds < 30
    results.append(("dispatch 10,000 due reminders (2 workers)", f"{seconds:.1f} s", "< 30 s", ok))  # fmt: skip


def bench_pdf(database, results):
    seconds = float(database.shell(PDF_CODE).split()[-1])
    say(f"\nPDF: a 50-row development record sheet renders in {seconds:.3f} s (median of 5).")  # fmt: skip
    results.append(("50-row record sheet PDF", f"{seconds:.2f} s", "≤ 0.5 s", seconds <= 0.5))  # fmt: skip
