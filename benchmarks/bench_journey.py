"""Journey benchmark: peak-end analysis of 1,000,000 journeys (about 4.7 million rated steps).

From the long step table to the full result (features per journey, five models, tests).
Baseline in the same process: the plain pandas way of building the same features with one
``groupby().apply`` over journeys, timed on 20,000 journeys and scaled.
Run: ``.venv/bin/python benchmarks/bench_journey.py``.
"""

from __future__ import annotations

import time

import pandas as pd
from _timing import timed

import cxresearch as cx

STEPS = {"arrival": {"mean": 7.5}, "queue": {"mean": 6.0}, "greeting": {"mean": 8.0, "share": 0.6},
         "counter": {"mean": 7.5}, "advice": {"mean": 7.0, "share": 0.4}, "farewell": {"mean": 8.0, "share": 0.7}}


def per_journey(part: pd.DataFrame) -> pd.Series:
    part = part.sort_values("step")
    r = part["rating"]
    return pd.Series({"first": r.iloc[0], "peak": r.max(), "trough": r.min(), "end": r.iloc[-1],
                      "mean": r.mean(), "steps": len(r)})


def main() -> None:
    t0 = time.perf_counter()
    data, _ = cx.simulate.journeys(STEPS, 1_000_000, random_state=0)
    print(f"simulated {data['journey'].nunique():,} journeys, {len(data):,} steps in {time.perf_counter() - t0:.2f} s")
    t_ours, res = timed(lambda: cx.journey.peak_end(data), repeat=2)
    print(f"peak_end, full result: {t_ours:.2f} s (R2 full model {res.fits['r2'].iloc[-1]:.3f})")
    sample = data[data["journey"] <= 20_000]
    t_apply, _ = timed(lambda: sample.groupby("journey")[["step", "rating"]].apply(per_journey), repeat=1)
    scaled = t_apply * 50
    print(f"baseline: groupby().apply per journey, {t_apply:.2f} s for 20,000 journeys -> {scaled:.0f} s for "
          f"1,000,000 (features only); ratio {scaled / t_ours:.0f}x")


if __name__ == "__main__":
    main()
