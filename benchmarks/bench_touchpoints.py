"""Touchpoint benchmark: 1,000,000 customers x 15 touchpoints (experience and expectation), three segments.

``cx.journey.touchpoints`` (gaps with intervals, pain / delight shares, importance by relative
weights within segment, Welch tests) and ``cx.satisfaction.decompose`` (gold vs ordinary,
31 terms, with and without 500 bootstrap resamples) on the same data. Baselines in the same
process, as a competent pandas user would write them: the descriptive table by
``groupby().agg`` on the gap columns, and the decomposition's point estimate with three
``numpy.linalg.lstsq`` fits. Run: ``.venv/bin/python benchmarks/bench_touchpoints.py``
(one BLAS thread by default: ``--threads 0`` for the library default).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd
from _timing import blas_threads, timed

import cxresearch as cx

N = 1_000_000
WEIGHTS = {"location": 0.1, "opening_hours": 0.15, "look_and_feel": 0.08, "welcome": 0.12, "seeing_being_seen": 0.1,
           "staff_attitude": 0.3, "product_range": 0.1, "queueing": 0.4, "counter_service": 0.25, "advice": 0.2,
           "service_quality": 0.25, "fees": 0.35, "value_added": 0.08, "information_window": 0.05, "farewell": 0.08}
SPEC = dict(segments={"VIP": 0.12, "gold": 0.30, "ordinary": 0.58},
            experience={("VIP", "fees"): 6.0, ("VIP", "queueing"): 5.9, ("gold", "staff_attitude"): 6.3,
                        ("gold", "queueing"): 4.6, ("ordinary", "queueing"): 4.2},
            expectation={("VIP", "fees"): 6.8, ("VIP", "queueing"): 6.7, ("gold", "staff_attitude"): 5.0,
                         ("gold", "queueing"): 6.3, ("ordinary", "queueing"): 4.6})


def pandas_table(data: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The descriptive part of the touchpoint table the plain pandas way (no importance, no tests)."""
    gaps = pd.DataFrame({t: data[f"{t}_experience"] - data[f"{t}_expectation"] for t in WEIGHTS})
    gaps["segment"] = data["segment"]
    g = gaps.groupby("segment")
    stats = g.agg(["mean", "std", "count"])
    pain = (gaps[list(WEIGHTS)] <= -2).groupby(gaps["segment"]).mean()
    delight = (gaps[list(WEIGHTS)] >= 2).groupby(gaps["segment"]).mean()
    e = data.groupby("segment")[[f"{t}_experience" for t in WEIGHTS]].mean()
    x = data.groupby("segment")[[f"{t}_expectation" for t in WEIGHTS]].mean()
    return {"gaps": stats, "pain": pain, "delight": delight, "experience": e, "expectation": x}


def lstsq_decomposition(data: pd.DataFrame, cols: list[str]) -> float:
    """Pooled (Neumark) twofold decomposition, point estimate: three least-squares fits."""
    sides = []
    for seg in ("gold", "ordinary"):
        part = data[data["segment"] == seg]
        sides.append((np.column_stack([np.ones(len(part)), part[cols].to_numpy(float)]),
                      part["overall"].to_numpy(float)))
    ref = np.linalg.lstsq(np.vstack([s[0] for s in sides]), np.concatenate([s[1] for s in sides]), rcond=None)[0]
    return float((sides[0][0].mean(axis=0) - sides[1][0].mean(axis=0)) @ ref)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (0: library default)")
    args = parser.parse_args()
    print(blas_threads(args.threads or None), f"| load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    t0 = time.perf_counter()
    data, _ = cx.simulate.touchpoint_survey(WEIGHTS, N, random_state=0, **SPEC)
    print(f"simulated {N:,} customers x {len(WEIGHTS)} touchpoints in {time.perf_counter() - t0:.1f} s")

    t_ours, res = timed(lambda: cx.journey.touchpoints(data, by="segment", outcome="overall", scale=(1, 7)))
    print(f"touchpoints (table, importance, tests, {len(res.table)} rows): {t_ours:.2f} s (goal < 2 s)")
    t_plain, _ = timed(lambda: cx.journey.touchpoints(data, by="segment", scale=(1, 7)))
    t_pandas, _ = timed(lambda: pandas_table(data))
    print(f"  without outcome (no importance): {t_plain:.2f} s; pandas groupby().agg of the same descriptive "
          f"columns: {t_pandas:.2f} s; ratio {t_pandas / t_plain:.1f}x")

    cols = [f"{t}_{r}" for t in WEIGHTS for r in ("experience", "expectation")]
    kw = dict(group="segment", groups=("gold", "ordinary"), experience=cols[0::2], expectation=cols[1::2],
              scale=(1, 7), progress=False)
    t_dec, dec = timed(lambda: cx.satisfaction.decompose(data, "overall", n_boot=0, **kw))
    t_lsq, explained = timed(lambda: lstsq_decomposition(data, cols))
    gap = abs(explained - dec.parts.set_index("part").loc["explained", "estimate"])
    print(f"decompose gold vs ordinary ({2 * len(WEIGHTS) + 1} terms), point estimate: {t_dec:.2f} s (goal < 2 s); "
          f"lstsq baseline (explained part only) {t_lsq:.2f} s; ratio {t_lsq / t_dec:.1f}x; |difference| {gap:.1e}")
    t_boot, boot = timed(lambda: cx.satisfaction.decompose(data, "overall", n_boot=500, random_state=0, **kw),
                         repeat=1)
    print(f"decompose with 500 bootstrap resamples: {t_boot:.2f} s ({boot.settings['standard errors']})")
    per_row_boot = t_lsq * 500
    print(f"  a row-level bootstrap by lstsq refits would take about {per_row_boot:.0f} s "
          f"({per_row_boot / t_boot:.0f}x)")


if __name__ == "__main__":
    main()
