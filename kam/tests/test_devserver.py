"""`make run`'s process runner: web, worker and beat start together and stop together."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kam.tests import testdb

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_with(marker):
    """Pids of live processes whose environment contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture
def stack_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        KAM_VAR_DIR=str(tmp_path / "var"),
        KAM_DEV_ADDRESS=f"127.0.0.1:{_free_port()}",
        DJANGO_DEBUG="1",
    )
    template = testdb.template()
    if template and template.endswith(".sqlite3"):
        # This run's migrated SQLite database: what `migrate` would make here.
        (tmp_path / "var").mkdir()
        testdb.copy_sqlite(template, tmp_path / "var" / "kam.sqlite3")
    else:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    return env


def _ignore_ctrl_c():
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _wait_for(url, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in time")


def test_web_worker_and_beat_start_together_and_stop_on_ctrl_c(stack_env, tmp_path):
    log = tmp_path / "devserver.log"
    with log.open("w") as out:
        runner = subprocess.Popen(
            [sys.executable, "-m", "kam.devserver"],
            cwd=ROOT,
            env=stack_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            # As a shell starting `make run &` (or CI) hands it over: Ctrl-C still stops it.
            preexec_fn=_ignore_ctrl_c,
        )
    marker = f"KAM_VAR_DIR={stack_env['KAM_VAR_DIR']}".encode()
    try:
        deadline = time.monotonic() + 60
        url = f"http://{stack_env['KAM_DEV_ADDRESS']}/healthz/"
        assert _wait_for(url, deadline) == b"ok"
        while time.monotonic() < deadline and runner.poll() is None:
            text = log.read_text()
            if "worker@" in text and "ready." in text and "beat: Starting" in text:
                break
            time.sleep(0.3)
        text = log.read_text()
        assert "ready." in text, text
        assert "beat: Starting" in text, text
        assert "kam-demo-2026" in text  # the demo logins are printed

        runner.send_signal(signal.SIGINT)
        assert runner.wait(timeout=30) == 0
        time.sleep(0.5)
        assert _processes_with(marker) == []
        stopping = log.read_text()[len(text) :]
        assert "Warm shutdown" in stopping  # the worker finished its tasks first
        assert "ERROR" not in stopping, stopping
    finally:
        if runner.poll() is None:
            runner.kill()
        for pid in _processes_with(marker):
            os.kill(pid, signal.SIGKILL)
