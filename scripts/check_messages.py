"""Fail if code or templates hold a translatable string the zh_Hans catalogue lacks.

Runs makemessages (GNU gettext needed) and compares the message ids before and
after, then puts the committed catalogue back untouched. CI runs it.
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def ids(text):
    return {(e.msgctxt, e.msgid) for e in polib.pofile(text) if not e.obsolete}


def main():
    committed = PO.read_text(encoding="utf-8")
    try:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans",
             "--no-obsolete", "--ignore", ".venv/*", "--ignore", "staticfiles/*",
             "--ignore", "var/*"],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        current = PO.read_text(encoding="utf-8")
    finally:
        PO.write_text(committed, encoding="utf-8")
    missing = ids(current) - ids(committed)
    stale = ids(committed) - ids(current)
    for context, msgid in sorted(missing, key=str):
        print(
            f"not in the catalogue: {msgid!r}"
            + (f" (context {context})" if context else "")
        )
    for _context, msgid in sorted(stale, key=str):
        print(f"no longer used: {msgid!r}")
    if missing or stale:
        print("Run `make messages`, translate, and commit django.po and django.mo.")
        return 1
    print(f"Catalogue up to date: {len(ids(committed))} messages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
