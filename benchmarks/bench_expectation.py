"""Expectation benchmark: zones of tolerance and the promise to make on 1 million callers.

Goal: ``expectation.tolerance`` (4 attributes x 3 segments, missing codes, intervals, shares, spreads,
the levels table) at least 5x faster than the pandas groupby it replaces, with linear growth
(issue #23: the exponent between the two largest sizes is printed, with the peak memory per row),
and ``expectation.promise`` (3 segments: the HC1 fit, 201 candidate promises, the closed form)
under 2 s from the raw DataFrame to the result on a 2-core machine. The baselines are
what a competent pandas user would write for the same numbers: per attribute, drop the codes and the
incomplete rows, add the difference and indicator columns and ``groupby(...).agg``; per segment, a
statsmodels OLS with HC1 errors and, for each candidate promise, the mean gain and shortfall over the
customers by numpy broadcasting. The script checks that both give the same numbers.
Run: ``.venv/bin/python benchmarks/bench_expectation.py [--sizes 250000 500000 1000000]``; rows are
recorded with ``_table.record``.
"""

from __future__ import annotations

import argparse
import os
import tracemalloc

import numpy as np
import pandas as pd
import statsmodels.api as sm
from _table import growth, record
from _timing import timed
from scipy import stats

import cxresearch as cx

N = 1_000_000
ATTRS = ["waiting", "resolution", "courtesy", "information"]
ROLES = {"promised": "announced_min", "delivered": "waited_min", "outcome": "satisfaction"}


def baseline_tolerance(df: pd.DataFrame) -> pd.DataFrame:
    """Zone statistics per attribute and segment the pandas way (codes to NaN, dropna, groupby-agg)."""
    parts = []
    for a in ATTRS:
        cols = [f"{a}_perceived", f"{a}_adequate", f"{a}_desired"]
        sub = df[["segment", *cols]].copy()
        sub[cols] = sub[cols].replace(0, np.nan)
        sub = sub.dropna()
        p, lo, hi = (sub[c] for c in cols)
        inv = lo > hi
        sub = sub.assign(msa=p - lo, mss=p - hi, inverted=inv, fail=(p < lo).where(~inv),
                         inside=((p >= lo) & (p <= hi)).where(~inv), delight=(p > hi).where(~inv))
        agg = sub.groupby("segment").agg(n=("msa", "size"), adequate=(cols[1], "mean"), desired=(cols[2], "mean"),
                                         perceived=(cols[0], "mean"), msa=("msa", "mean"), msa_sd=("msa", "std"),
                                         mss=("mss", "mean"), mss_sd=("mss", "std"), failure=("fail", "mean"),
                                         inside=("inside", "mean"), delight=("delight", "mean"),
                                         adequate_sd=(cols[1], "std"), desired_sd=(cols[2], "std"),
                                         n_inverted=("inverted", "sum"))
        t = stats.t.ppf(0.975, agg["n"] - 1)
        for m in ("msa", "mss"):
            half = t * agg[f"{m}_sd"] / np.sqrt(agg["n"])
            agg[f"{m}_ci_low"], agg[f"{m}_ci_high"] = agg[m] - half, agg[m] + half
        parts.append(agg.reset_index().assign(attribute=a))
    return pd.concat(parts, ignore_index=True).sort_values(["segment"], kind="stable", ignore_index=True)


def baseline_promise(df: pd.DataFrame, grids: dict) -> pd.DataFrame:
    """Per segment: statsmodels OLS (HC1), the curve by broadcasting over the customers, argmax, quantile."""
    rows = []
    for seg, sub in df.groupby("segment"):
        p, d, y = (sub[ROLES[k]].to_numpy() for k in ("promised", "delivered", "outcome"))
        X = sm.add_constant(np.column_stack([p, np.maximum(p - d, 0), -np.maximum(d - p, 0)]))
        b0, bp, g, l = sm.OLS(y, X).fit(cov_type="HC1").params
        grid = grids[seg]
        curve = [b0 + bp * c + g * np.maximum(c - d, 0).mean() - l * np.maximum(d - c, 0).mean() for c in grid]
        q = (bp + l) / (l - g)
        rows.append({"segment": seg, "promise_effect": bp, "gain": g, "loss": l, "best_promise": grid[np.argmax(curve)],
                     "closed_form_promise": np.quantile(d, q, method="inverted_cdf")})
    return pd.DataFrame(rows)


def peak_per_row(fn, n: int) -> float:
    """Peak memory traced during one call, per row."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / n


def tolerance_rows(sizes: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ours and the pandas baseline at each size (unweighted and weighted); the largest size's data."""
    cols = ["n", "adequate", "desired", "perceived", "msa", "msa_ci_low", "mss_ci_high", "failure", "inside",
            "delight", "adequate_sd", "desired_sd", "n_inverted"]
    rows, df = [], None
    for n in sizes:
        df, _ = cx.simulate.callcentre(n, random_state=0)
        ours = lambda: cx.expectation.tolerance(df, ATTRS, by="segment", scale=(1, 9), missing_codes=0)
        t_tol, res = timed(ours)
        t_base, base = timed(lambda: baseline_tolerance(df))
        gap = np.abs(res.table[cols].to_numpy(float) - base[cols].to_numpy(float)).max()
        w = df.assign(w=np.random.default_rng(1).uniform(0.5, 2, n))
        t_w, _ = timed(lambda: cx.expectation.tolerance(w, ATTRS, by="segment", scale=(1, 9), missing_codes=0,
                                                        weights="w"))
        rows.append({"n": n, "ours": t_tol, "pandas": t_base, "weighted": t_w, "agree": gap,
                     "bytes": peak_per_row(ours, n), "pandas_bytes": peak_per_row(lambda: baseline_tolerance(df), n),
                     "load": os.getloadavg()[0]})
        r = rows[-1]
        print(f"n={n:,}: tolerance {r['ours']:.3f} s (weighted {r['weighted']:.3f} s; {res.rows}); pandas groupby "
              f"baseline {r['pandas']:.3f} s: {r['pandas'] / r['ours']:.1f}x faster; peak {r['bytes']:.0f} B/row "
              f"(pandas {r['pandas_bytes']:.0f}); max |difference| {gap:.1e} | load {r['load']:.1f}")
    return pd.DataFrame(rows), df


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 500_000, N])
    args = parser.parse_args()
    print(f"callers, 3 segments; tolerance on {len(ATTRS)} attributes (1-9, code 0), promise on the waits "
          f"| load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows, df = tolerance_rows(sorted(args.sizes))
    last, size = rows.iloc[-1], f"{int(rows['n'].iloc[-1]):,} callers x {len(ATTRS)} attributes"
    g = growth(list(rows["n"]), list(rows["ours"])) if len(rows) > 1 else None
    gp = growth(list(rows["n"]), list(rows["pandas"])) if len(rows) > 1 else None
    if g is not None:
        print(f"tolerance: growth exponent {g:.2f} between the two largest sizes (pandas {gp:.2f})")
    record("tolerance (3 segments, codes, intervals, shares, levels)", size, float(last["ours"]),
           "pandas: codes to NaN, dropna, groupby().agg per attribute", float(last["pandas"]),
           agreement=float(last["agree"]), bytes_per_row=float(last["bytes"]), growth=g,
           note=f"goal: 5x faster than pandas, linear growth; weighted {last['weighted']:.3f} s")

    t_prom, prom = timed(lambda: cx.expectation.promise(df, **ROLES, by="segment"))
    grids = {seg: g["promise"].to_numpy() for seg, g in prom.curve.groupby("segment")}
    t_pbase, pbase = timed(lambda: baseline_promise(df, grids), repeat=1)
    cols = ["promise_effect", "gain", "loss", "best_promise", "closed_form_promise"]
    gap = np.abs(prom.table[cols].to_numpy(float) - pbase[cols].to_numpy(float)).max()
    print(f"promise: {t_prom:.3f} s (201 candidates per segment); statsmodels + broadcasting "
          f"baseline {t_pbase:.3f} s: {t_pbase / t_prom:.1f}x faster; max |difference| {gap:.1e}")
    record("promise (3 segments, 201 candidate promises)", size.split(" x")[0], t_prom,
           "statsmodels OLS (HC1) + numpy broadcasting over the candidates", t_pbase, agreement=gap)
    t_one, _ = timed(lambda: cx.expectation.promise(df, **ROLES, grid=1001))
    print(f"promise without segments, 1,001 candidates: {t_one:.3f} s")


if __name__ == "__main__":
    main()
