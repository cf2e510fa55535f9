"""`import cxresearch` loads only what it needs at import: heavy modules load when a function first needs them.

Measured by ``benchmarks/bench_import.py`` (goal: within 1.2x of ``import pandas, scipy.stats``);
tested here by what a fresh interpreter holds after the import, which is what the time follows.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Required or optional, none of these is needed before a function that uses it is called.
LOADED_ON_FIRST_USE = ("statsmodels", "matplotlib", "tqdm", "polars", "duckdb", "dask", "narwhals", "openpyxl",
                       "pyreadstat", "formulaic", "patsy")


def _fresh_modules(code: str) -> set[str]:
    """The top-level packages in sys.modules of a fresh interpreter after running ``code``."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
                         env=env, check=True, capture_output=True, text=True).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_import_cxresearch_does_not_load_statsmodels_or_other_heavy_modules():
    loaded = _fresh_modules("import cxresearch")
    assert "cxresearch" in loaded and "pandas" in loaded
    assert sorted(loaded & set(LOADED_ON_FIRST_USE)) == []


def test_statsmodels_loads_when_a_function_needs_it():
    # The lazy import must still happen: the peak-end regression is statsmodels' OLS.
    loaded = _fresh_modules("import cxresearch as cx\n"
                            "cx.journey.peak_end(cx.load_dataset('branch_journeys'))")
    assert "statsmodels" in loaded
