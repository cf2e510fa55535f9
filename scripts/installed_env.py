"""Build the wheel, install it into a fresh virtual environment and run the test suite there.

The suite then imports the installed package, never the source tree: this is the check
that ``pip install .`` (not editable) works as users install it. ``--oldest`` installs
the oldest versions ``pyproject.toml`` declares (and builds the wheel with the oldest
setuptools it declares) and runs the whole suite against the installed wheel. Without it
the newest releases are installed and the packaging tests run (``PACKAGING``: the shipped
datasets, the console script, lazy imports, the README) with ``--doctests`` the doctests of
every installed module: in ``make test`` the editable ``.venv``, installed minutes before from
the same index, has already run the whole suite on the same code and (newest) versions, so what
the wheel can still get wrong is what it holds, which these reach (every module is imported to
collect its doctests; every dataset is loaded). Run the whole suite on the newest releases with
``make clean test`` (a fresh ``.venv``).

    python scripts/installed_env.py --venv .venv-oldest --oldest
    python scripts/installed_env.py --venv /tmp/wheel-venv --doctests

Only the standard library is used, so any Python 3.11+ can run it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The oldest versions pyproject.toml declares, pinned to the oldest release with wheels for Python 3.11
# and 3.12 (keep in step with [project].dependencies and [build-system].requires).
# scipy 1.11.0 is yanked and 1.11.1 has no cp312 wheel; setuptools 77.0.1 is the oldest 77 on PyPI (the
# first with PEP 639 licence expressions). None of these has wheels for Python 3.13: there the oldest run
# is skipped with a message.
OLDEST = ["numpy==1.26.0", "pandas==2.2.0", "scipy==1.11.2", "statsmodels==0.14.2", "matplotlib==3.8.0",
          "charset-normalizer==3.4.0", "pyarrow==15.0.0",  # pandas 2 with pyarrow: read_grid's object columns
          "openpyxl==3.1.0", "xlrd==2.0.1", "pyreadstat==1.2.7", "setuptools==77.0.1", "pyparsing<3.3"]
OLDEST_PYTHONS = ((3, 11), (3, 12))
# What a wheel built with the newest setuptools can get wrong that the editable run cannot see.
PACKAGING = ["test_datasets.py", "test_datasets_bank_tracker.py", "test_datasets_branch_touchpoints.py",
             "test_import.py", "test_cli.py::test_the_console_script_points_at_main", "test_readme.py"]
TEST_TOOLS = ["pytest>=8", "pytest-xdist>=3.5", "hypothesis>=6.100", "openpyxl>=3.1", "xlrd>=2.0.1", "pyreadstat>=1.2.7"]


def run(cmd: list[str], cwd: Path | None = None) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True)


def source_copy(dest: Path) -> Path:
    """The tracked files only (a clean tree: no build/ or egg-info left over from earlier builds)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    files = [f for f in listed.stdout.decode().split("\0") if f] if listed.returncode == 0 else []
    if not files:  # not a git checkout: everything but environments and build products
        skip = {".git", "build", "dist", "reports", "docs/_build"}
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                 and not any(part.startswith(".venv") or part in skip for part in p.relative_to(ROOT).parts)]
    for name in files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    return dest


def check_wheel(wheel: Path) -> None:
    """What a user's install needs: the data files, the licence, the type marker; no scripts."""
    names = zipfile.ZipFile(wheel).namelist()
    index = (ROOT / "cxresearch" / "datasets" / "index.csv").read_text(encoding="utf-8").splitlines()[1:]
    needed = ["cxresearch/py.typed", "cxresearch/datasets/index.csv"]
    needed += [f"cxresearch/datasets/{line.split(',')[0]}.{ext}" for line in index for ext in ("csv", "md")]
    missing = [n for n in needed if n not in names]
    licence = [n for n in names if n.endswith("licenses/LICENSE") or n.endswith("/LICENSE")]
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = zipfile.ZipFile(wheel).read(metadata).decode()
    problems = [f"missing from the wheel: {missing}"] if missing else []
    problems += [] if licence else ["no LICENSE file in the wheel"]
    problems += [] if "License-Expression: BSD-3-Clause" in meta else ["no License-Expression: BSD-3-Clause"]
    problems += [f"not for users: {n}" for n in names if n.startswith(("scripts/", "tests/", "notebooks/"))]
    if problems:
        sys.exit("wheel check failed: " + "; ".join(problems))
    print(f"wheel check passed: {wheel.name}, {len(names)} files, licence {licence[0]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, required=True, help="where to create the environment (replaced)")
    parser.add_argument("--oldest", action="store_true", help="the oldest declared versions, tests only")
    parser.add_argument("--doctests", action="store_true", help="also run the doctests of the installed package")
    args = parser.parse_args()
    if args.oldest and sys.version_info[:2] not in OLDEST_PYTHONS:
        print(f"oldest-versions run skipped: the oldest declared numpy, scipy and matplotlib have no wheels for "
              f"Python {sys.version_info[0]}.{sys.version_info[1]}; run it with Python 3.11 or 3.12 "
              "(make test-oldest PYTHON=python3.11)", flush=True)
        return
    start = time.perf_counter()
    venv = args.venv.resolve()
    shutil.rmtree(venv, ignore_errors=True)
    run([sys.executable, "-m", "venv", venv])
    py = venv / "bin" / "python"
    pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "--upgrade", "pip"])
    run([*pip, *(OLDEST if args.oldest else ["setuptools>=77"]), *TEST_TOOLS])
    with tempfile.TemporaryDirectory() as tmp:
        src = source_copy(Path(tmp) / "src")
        run([py, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", Path(tmp) / "dist", src])
        wheel = next((Path(tmp) / "dist").glob("cxresearch-*.whl"))
        check_wheel(wheel)
        run([*pip, wheel])
        where = subprocess.run([py, "-c", "import cxresearch; print(cxresearch.__file__)"], cwd=tmp,
                               capture_output=True, text=True, check=True).stdout.strip()
        if not Path(where).is_relative_to(venv):
            sys.exit(f"cxresearch imported from {where}, not from the installed wheel in {venv}")
        tests = [ROOT / "tests"] if args.oldest else [ROOT / "tests" / t for t in PACKAGING]
        targets = [*tests, *(["--pyargs", "cxresearch", "--doctest-modules"] if args.doctests else [])]
        run([py, "-m", "pytest", *targets, "-m", "not slow", "-q", "-p", "no:cacheprovider", "-n", "auto",
             "-c", ROOT / "pyproject.toml", "--rootdir", ROOT], cwd=tmp)
    print(f"installed-package run ({'oldest' if args.oldest else 'newest'} versions) passed in "
          f"{time.perf_counter() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
