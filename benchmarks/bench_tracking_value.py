"""Value-loop benchmark: waits as felt, value and cost to serve, and complaint paths on 1 million customers.

Goal: ``expectation.wait_perception``, ``tracking.value_segments`` (cost from two usage columns) and
``tracking.recovery`` (text yes/no answers) each under 2 s from the raw DataFrame to the result, by 4
segments, on a 2-core machine. The baselines are what a competent pandas user would write for the same
descriptive sums: the log ratio and indicator columns, then ``groupby(...).agg`` (means, sums, counts),
the segment's log-log slope from grouped cross-products; the complaint path from ``np.select`` on the
mapped yes/no columns, then a grouped mean. The script checks that both give the same numbers.
Run: ``.venv/bin/python benchmarks/bench_tracking_value.py``.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
from _table import record
from _timing import timed

import cxresearch as cx

N = 1_000_000
SEGMENTS = np.array(["VIP", "gold", "ordinary", "new"])


def customers(n: int = N, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    waited = rng.gamma(2.0, 3.0, n)
    problem = rng.random(n) < 0.3
    complained = problem & (rng.random(n) < 0.4)
    recovered = complained & (rng.random(n) < 0.6)
    yes = np.array(["no", "yes"])
    return pd.DataFrame({
        "segment": SEGMENTS[rng.integers(0, 4, n)], "waited": waited,
        "felt": np.exp(0.5 + 0.85 * np.log(waited) + rng.normal(0, 0.3, n)),
        "revenue": rng.gamma(2.0, 150.0, n), "visits": rng.poisson(4, n), "calls": rng.poisson(6, n),
        "problem": yes[problem.astype(int)], "complained": yes[complained.astype(int)],
        "recovered": yes[recovered.astype(int)],
        "stayed": (rng.random(n) < np.where(problem & ~recovered, 0.5, 0.8)).astype(int)})


def baseline_waits(df: pd.DataFrame) -> pd.DataFrame:
    x, y = np.log(df["waited"]), np.log(df["felt"])
    sub = pd.DataFrame({"segment": df["segment"], "x": x, "y": y, "d": y - x, "xx": x * x, "xy": x * y,
                        "longer": df["felt"] > df["waited"]})
    agg = sub.groupby("segment").agg(n=("d", "size"), d=("d", "mean"), d_sd=("d", "std"), x=("x", "mean"),
                                     y=("y", "mean"), xx=("xx", "mean"), xy=("xy", "mean"), longer=("longer", "mean"))
    agg["ratio"] = np.exp(agg["d"])
    agg["slope"] = (agg["xy"] - agg["x"] * agg["y"]) / (agg["xx"] - agg["x"] ** 2)
    return agg.reset_index()


def baseline_value(df: pd.DataFrame) -> pd.DataFrame:
    cost = 12.0 * df["visits"] + 3.5 * df["calls"]
    sub = pd.DataFrame({"segment": df["segment"], "revenue": df["revenue"], "cost": cost,
                        "margin": df["revenue"] - cost, "loss": df["revenue"] < cost})
    agg = sub.groupby("segment").agg(customers=("margin", "size"), revenue=("revenue", "sum"), cost=("cost", "sum"),
                                     margin=("margin", "sum"), margin_sd=("margin", "std"),
                                     loss_making=("loss", "sum"))
    agg["cost_to_revenue"] = agg["cost"] / agg["revenue"]
    return agg.reset_index()


def baseline_recovery(df: pd.DataFrame) -> pd.DataFrame:
    p, c, r = ((df[k] == "yes").to_numpy() for k in ("problem", "complained", "recovered"))
    path = np.select([~p, c & r, c & ~r], ["no problem", "complained, recovered", "complained, not recovered"],
                     "silent")
    sub = pd.DataFrame({"segment": df["segment"], "path": path, "stayed": df["stayed"]})
    return sub.groupby(["segment", "path"]).agg(n=("stayed", "size"), outcome=("stayed", "mean")).reset_index()


def main() -> None:
    df = customers()
    load = os.getloadavg()[0]
    print(f"{N:,} customers, 4 segments; load average {load:.2f} on {os.cpu_count()} cores")

    ours, res = timed(lambda: cx.expectation.wait_perception(df, "waited", "felt", by="segment"), repeat=2)
    theirs, base = timed(lambda: baseline_waits(df), repeat=2)
    t = res.table.set_index("segment").loc[base["segment"]]
    diff = max(np.abs(t["ratio"].to_numpy() - base["ratio"].to_numpy()).max(),
               np.abs(t["slope"].to_numpy() - base["slope"].to_numpy()).max())
    print(f"wait_perception: {ours:.2f} s; pandas groupby {theirs:.2f} s; largest difference {diff:.1e}")
    record("wait_perception: ratio, slope, intervals, Welch tests, bins", "1M customers x 4 segments", ours,
           "pandas groupby-agg of the log ratios and cross-products", theirs, agreement=diff)

    cost = {"visits": 12.0, "calls": 3.5}
    ours, res = timed(lambda: cx.tracking.value_segments(df, segment="segment", revenue="revenue", cost=cost),
                      repeat=2)
    theirs, base = timed(lambda: baseline_value(df), repeat=2)
    t = res.table.set_index("segment").loc[base["segment"]]
    diff = max(np.abs(t["margin"].to_numpy() - base["margin"].to_numpy()).max() / base["margin"].abs().max(),
               float(np.abs(t["loss_making"].to_numpy() - base["loss_making"].to_numpy()).max()))
    print(f"value_segments: {ours:.2f} s; pandas groupby {theirs:.2f} s; largest relative difference {diff:.1e}")
    record("value_segments: cost from usage, margins, loss-makers (Wilson)", "1M customers x 4 segments", ours,
           "pandas groupby-agg of revenue, cost, margin, loss flags", theirs, agreement=diff)

    ours, res = timed(lambda: cx.tracking.recovery(df, problem="problem", complained="complained",
                                                   recovered="recovered", outcome="stayed", by="segment"), repeat=2)
    theirs, base = timed(lambda: baseline_recovery(df), repeat=2)
    merged = res.table.merge(base, on=["segment", "path"], suffixes=("", "_pandas"))
    diff = float(np.abs(merged["outcome"] - merged["outcome_pandas"]).max())
    assert (merged["n"] == merged["n_pandas"]).all() and len(merged) == 16
    print(f"recovery: {ours:.2f} s; pandas groupby {theirs:.2f} s; largest difference {diff:.1e}")
    record("recovery: text yes/no read, paths, funnel, Fisher tests", "1M customers x 4 segments", ours,
           "pandas ==, np.select and groupby-agg of the paths", theirs, agreement=diff)


if __name__ == "__main__":
    main()
