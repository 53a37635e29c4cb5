"""Where the bench runs: its databases, broker, cache and servers.

Point it elsewhere with BENCH_DATABASE_URL (PostgreSQL, re-created),
BENCH_SQLITE_PATH (re-created), BENCH_BROKER_URL and BENCH_CACHE_URL (Redis, the
cache database flushed); each server takes a free port on the loopback.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
POSTGRES_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kam_bench"
)
SQLITE_PATH = Path(os.environ.get("BENCH_SQLITE_PATH", ROOT / "var" / "bench.sqlite3"))
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/2")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/4")
# While working on speed: skip the seeds (the published figures come from a fresh run).
REUSE_DATABASE = os.environ.get("BENCH_REUSE_DATABASE") == "1"
BASE_ENV = {
    **os.environ,
    "CELERY_BROKER_URL": BROKER_URL,
    "KAM_CACHE_URL": CACHE_URL,
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "0",
    "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "KAM_LOG_LEVEL": "WARNING",
}


def say(text):
    print(text, flush=True)


class Database:
    """One of the two databases KAM runs on, seeded at team scale."""

    def __init__(self, name, label, url):
        self.name, self.label, self.url = name, label, url
        self.env = {**BASE_ENV, "DATABASE_URL": url}

    @property
    def is_postgres(self):
        return self.url.startswith("postgres")

    def manage(self, *args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def shell(self, code):
        """What ``code`` prints, run by ``manage.py shell`` against this database."""
        return subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip

    def recreate(self):
        if not self.is_postgres:
            SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
            return
        import psycopg2

        name = urllib.parse.urlparse(self.url).path.lstrip("/")
        connection = psycopg2.connect(self.url.rsplit("/", 1)[0] + "/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()

    def seed(self):
        """Seconds that ``seed_demo --size large`` took on a fresh database."""
        self.recreate()
        self.manage("migrate", "--noinput", "-v0")
        started = time.perf_counter()
        self.manage("seed_demo", "--size", "large")
        return time.perf_counter() - started


POSTGRES = Database("postgres", "PostgreSQL", POSTGRES_URL)
SQLITE = Database("sqlite", "SQLite", f"sqlite:///{SQLITE_PATH}")


def free_address():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


class Server:
    """gunicorn as production runs it, on a free port of the loopback."""

    def __init__(self, database, workers):
        self.address = free_address()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "kam.wsgi", "--bind", self.address,
             "--workers", str(workers), "--log-level", "warning"],
            cwd=ROOT, env=database.env, start_new_session=True,
        )  # fmt: skip
        self._wait()

    def _wait(self):
        import urllib.request

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{self.address}/healthz/", timeout=5)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn on {self.address} did not start")

    def stop(self):
        import signal

        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def flush_cache():
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()
