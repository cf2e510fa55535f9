"""The package as users install it: the built wheel, in a fresh environment, passes the packaging tests and doctests."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_built_wheel_passes_the_tests_and_doctests_in_a_fresh_venv(tmp_path):
    # scripts/installed_env.py checks the wheel's contents (datasets, LICENSE, py.typed, licence
    # metadata, no scripts), installs it with the newest dependencies, makes sure the tests import
    # the installed copy and not the source tree, and runs the packaging tests and the doctests of every
    # installed module against it (the whole suite runs against the wheel on the oldest versions).
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "installed_env.py"), "--venv",
                          str(tmp_path / "venv"), "--doctests"], capture_output=True, text=True)
    assert out.returncode == 0, (out.stdout + out.stderr)[-4000:]
    assert "wheel check passed" in out.stdout
    assert " passed" in out.stdout and " failed" not in out.stdout
