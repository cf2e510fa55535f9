"""Journey benchmark: peak-end analysis of 500,000 and 1,000,000 journeys (about 4.7 million rated steps).

From the long step table to the full result (features per journey, five models, tests).
Baseline in the same process, at full size: what a competent pandas user writes for the same
features, one vectorised ``groupby().agg`` (first, peak, trough, end, mean, number of steps)
after sorting by journey and step; it fits no model, so the ratio flatters the baseline.
Issue #23: the earlier baseline was a ``groupby().apply`` of a Python function per journey,
timed on 20,000 journeys and scaled by 50 (extrapolated, and not what a competent user writes).
Run: ``.venv/bin/python benchmarks/bench_journey.py``.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
from _table import growth, peak_bytes, record
from _timing import timed

import cxresearch as cx

STEPS = {"arrival": {"mean": 7.5}, "queue": {"mean": 6.0}, "greeting": {"mean": 8.0, "share": 0.6},
         "counter": {"mean": 7.5}, "advice": {"mean": 7.0, "share": 0.4}, "farewell": {"mean": 8.0, "share": 0.7}}


def features_by_pandas(data: pd.DataFrame) -> pd.DataFrame:
    """The peak-end features per journey, the vectorised pandas way."""
    ordered = data.sort_values(["journey", "step"])
    return ordered.groupby("journey", sort=True)["rating"].agg(
        first="first", peak="max", trough="min", end="last", mean="mean", steps="size")


def main() -> None:
    sizes, ours = [], []
    for n in (500_000, 1_000_000):
        t0 = time.perf_counter()
        data, _ = cx.simulate.journeys(STEPS, n, random_state=0)
        print(f"simulated {n:,} journeys, {len(data):,} steps in {time.perf_counter() - t0:.2f} s")
        t_ours, res = timed(lambda: cx.journey.peak_end(data), repeat=2)
        mem, _ = peak_bytes(lambda: cx.journey.peak_end(data))
        t_pd, feats = timed(lambda: features_by_pandas(data), repeat=2)
        sizes.append(len(data))
        ours.append(t_ours)
        g = growth(sizes, ours) if len(sizes) > 1 else None
        print(f"peak_end, full result: {t_ours:.2f} s (R2 full model {res.fits['r2'].iloc[-1]:.3f}); pandas "
              f"groupby().agg of the features alone {t_pd:.2f} s; ratio {t_ours / t_pd:.2f} (cxresearch / pandas); "
              f"{mem / len(data):.0f} bytes/step (tracemalloc peak); load {os.getloadavg()[0]:.2f}"
              + (f"; growth {g:.2f}" if g is not None else ""), flush=True)
        record("journey.peak_end (features + 5 models + tests)", f"{n:,} journeys ({len(data):,} steps)", t_ours,
               "pandas sort + groupby().agg of the features (no models)", t_pd,
               agreement=f"{len(feats):,} journeys", bytes_per_row=mem / len(data), growth=g,
               note="the earlier peer, groupby().apply on 20,000 journeys scaled by 50, is dropped")


if __name__ == "__main__":
    main()
