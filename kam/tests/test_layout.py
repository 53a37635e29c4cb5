"""The house keeps its rooms: no import cycle between modules, no source file
outside migrations and tests over 500 lines."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONGEST = 500


def test_no_module_imports_itself_round_a_cycle():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_imports.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_no_source_file_is_over_500_lines():
    tracked = subprocess.run(
        [
            "git",
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "*.py",
            "*.html",
            "*.js",
            "*.css",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    long = {
        name: lines
        for name in tracked
        if not {"migrations", "tests", "vendor", "e2e"} & set(Path(name).parts)
        and (ROOT / name).exists()
        and (lines := len((ROOT / name).read_text(errors="replace").splitlines()))
        > LONGEST
    }
    assert long == {}
