"""Run the whole development stack in one terminal: web, Celery worker, Celery beat.

``make run`` calls ``python -m kam.devserver``. Each process's output is prefixed
with its name; Ctrl-C (or any process dying) stops all of them.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

COLOURS = {"web": "32", "worker": "36", "beat": "35"}


def commands(python):
    from django.conf import settings

    beat_schedule = settings.VAR_DIR / "celerybeat-schedule"
    # Beat's shelve only remembers when periodic tasks last ran; a file left half
    # written by a killed beat would stop it from starting, so start afresh.
    for stale in settings.VAR_DIR.glob("celerybeat-schedule*"):
        stale.unlink()
    return {
        "web": [python, "manage.py", "runserver", settings.KAM_DEV_ADDRESS],
        "worker": [
            python, "-m", "celery", "-A", "kam", "worker",
            "--loglevel", "INFO", "--concurrency", "2", "--hostname", "worker@%h",
        ],
        "beat": [
            python, "-m", "celery", "-A", "kam", "beat",
            "--loglevel", "INFO", "--schedule", str(beat_schedule),
        ],
    }  # fmt: skip


def _pipe(name, stream, lock):
    prefix = (
        f"\033[{COLOURS[name]}m{name:>6} |\033[0m "
        if sys.stdout.isatty()
        else f"{name:>6} | "
    )
    for line in iter(stream.readline, ""):
        with lock:
            sys.stdout.write(prefix + line)
            sys.stdout.flush()


def start(procs_spec):
    lock = threading.Lock()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = {}
    for name, argv in procs_spec.items():
        # Own process group: Ctrl-C reaches us once, and we stop the children in order.
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=env, start_new_session=True,
        )  # fmt: skip
        threading.Thread(
            target=_pipe, args=(name, proc.stdout, lock), daemon=True
        ).start()
        procs[name] = proc
    return procs


# runserver's autoreloader serves from a child process: signal its whole group.
# Celery's main process stops its own pool; signalling the pool as well made it
# log an error for every pool process at each Ctrl-C.
WHOLE_GROUP = {"web"}


def stop(procs, grace=10):
    for name, proc in procs.items():
        if proc.poll() is None:
            _signal(proc, signal.SIGTERM, group=name in WHOLE_GROUP)
    deadline = time.monotonic() + grace
    for proc in procs.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        _signal(proc, signal.SIGKILL, group=True)  # whatever is left of it
        proc.wait()


def _signal(proc, signum, *, group):
    with contextlib.suppress(ProcessLookupError):
        if group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)


def banner():
    from django.conf import settings

    from accounts.management.commands.seed_demo import demo_logins

    return (
        f"\nKAM is starting on http://{settings.KAM_DEV_ADDRESS}/\n{demo_logins()}\n"
        "Ctrl-C stops it all.\n"
    )


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    # A shell that starts us in the background hands us SIGINT ignored, and Python
    # then leaves it so: whoever signals us means it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")
    import django

    django.setup()
    print(banner(), flush=True)
    procs = start(commands(sys.executable))
    exit_code = 0
    try:
        while True:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(
                        f"\n{name} exited with code {proc.returncode}; stopping.",
                        flush=True,
                    )
                    exit_code = proc.returncode or 1
                    raise SystemExit
            time.sleep(0.5)
    except (KeyboardInterrupt, SystemExit):
        print("\nStopping web, worker and beat…", flush=True)
    finally:
        stop(procs)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
