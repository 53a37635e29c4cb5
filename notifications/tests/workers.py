"""Real `celery worker` processes on the test database and broker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from kam.celery import app

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    config = connection.settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{config['NAME']}"
    user = config["USER"] or ""
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    host = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{config['NAME']}"


class Workers:
    """Start workers with ``start(**env)``; every one still running is killed at
    ``stop()``."""

    def __init__(self, broker_var, **env):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "DJANGO_DEBUG": "1",
            **env,
        }
        if broker_var is not None:
            self.env["KAM_VAR_DIR"] = str(broker_var)
        self.started = []

    def start(self, name="worker"):
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kam", "worker", "--pool", "solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--hostname", f"{name}-{os.getpid()}@%h",
             "--queues", app.conf.task_default_queue, "--loglevel", "WARNING"],
            cwd=ROOT, env=self.env, start_new_session=True,
        )  # fmt: skip
        self.started.append(process)
        return process

    def kill(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self):
        for process in self.started:
            self.kill(process)


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
