"""How long ``import cxresearch`` takes, against ``import pandas, scipy.stats`` (what it cannot avoid).

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeat 5]`` (or ``make bench``).
Prints figures and the ratio only. Each figure is the best of ``--repeat`` fresh Python
processes, each timing its one import with ``time.perf_counter`` (interpreter start-up is
not counted). The processes share one bytecode cache (``PYTHONPYCACHEPREFIX``, a temporary
folder) filled by a first, untimed run of each import, so the figures are those of an
installed package (pip writes the bytecode at install), not of compiling the sources.

cxresearch needs pandas and scipy.stats at import; statsmodels, matplotlib, the dataframe
engines and tqdm load when a function first needs them. Goal: within 1.2x.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _table import record

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.2
TIMER = "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"


def import_time(modules: str, env: dict[str, str], repeat: int) -> float:
    """Best wall time (seconds) of ``import <modules>`` over ``repeat`` fresh processes."""
    code = TIMER.format(m=modules)
    subprocess.run([sys.executable, "-c", f"import {modules}"], env=env, check=True)  # fill the bytecode cache
    return min(float(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                                    text=True).stdout) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPYCACHEPREFIX=cache, PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
        base = import_time("pandas, scipy.stats", env, args.repeat)
        ours = import_time("cxresearch", env, args.repeat)
    ratio = ours / base
    print(f"import pandas, scipy.stats: {base:.3f} s (best of {args.repeat} fresh processes)")
    print(f"import cxresearch:          {ours:.3f} s")
    print(f"ratio: {ratio:.2f}x (goal within {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'}); growth and bytes "
          "per row: not applicable (one import, no rows)")
    record("import cxresearch", "one import", ours, "import pandas, scipy.stats", base,
           note=f"best of {args.repeat} fresh processes; goal within {GOAL}x; no rows, so no growth")


if __name__ == "__main__":
    main()
