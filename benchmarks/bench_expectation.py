"""Expectation benchmark: zones of tolerance and the promise to make on 1 million callers.

Goal: ``expectation.tolerance`` (4 attributes x 3 segments, missing codes, intervals, shares, spreads,
the levels table) and ``expectation.promise`` (3 segments: the HC1 fit, 201 candidate promises, the
closed form) each under 2 s from the raw DataFrame to the result on a 2-core machine. The baselines are
what a competent pandas user would write for the same numbers: per attribute, drop the codes and the
incomplete rows, add the difference and indicator columns and ``groupby(...).agg``; per segment, a
statsmodels OLS with HC1 errors and, for each candidate promise, the mean gain and shortfall over the
customers by numpy broadcasting. The script checks that both give the same numbers.
Run: ``.venv/bin/python benchmarks/bench_expectation.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
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


def main() -> None:
    df, _ = cx.simulate.callcentre(N, random_state=0)
    print(f"{N:,} callers, 3 segments; tolerance on {len(ATTRS)} attributes (1-9, code 0), promise on the waits")

    t_tol, res = timed(lambda: cx.expectation.tolerance(df, ATTRS, by="segment", scale=(1, 9), missing_codes=0))
    t_base, base = timed(lambda: baseline_tolerance(df))
    cols = ["n", "adequate", "desired", "perceived", "msa", "msa_ci_low", "mss_ci_high", "failure", "inside",
            "delight", "adequate_sd", "desired_sd", "n_inverted"]
    gap = np.abs(res.table[cols].to_numpy(float) - base[cols].to_numpy(float)).max()
    print(f"tolerance: {t_tol:.3f} s (goal < 2 s; {res.rows}); pandas groupby baseline {t_base:.3f} s: "
          f"ratio {t_base / t_tol:.1f}x; max |difference| {gap:.1e}")

    t_prom, prom = timed(lambda: cx.expectation.promise(df, **ROLES, by="segment"))
    grids = {seg: g["promise"].to_numpy() for seg, g in prom.curve.groupby("segment")}
    t_pbase, pbase = timed(lambda: baseline_promise(df, grids), repeat=1)
    cols = ["promise_effect", "gain", "loss", "best_promise", "closed_form_promise"]
    gap = np.abs(prom.table[cols].to_numpy(float) - pbase[cols].to_numpy(float)).max()
    print(f"promise: {t_prom:.3f} s (goal < 2 s; 201 candidates per segment); statsmodels + broadcasting "
          f"baseline {t_pbase:.3f} s: ratio {t_pbase / t_prom:.1f}x; max |difference| {gap:.1e}")
    t_one, _ = timed(lambda: cx.expectation.promise(df, **ROLES, grid=1001))
    print(f"promise without segments, 1,001 candidates: {t_one:.3f} s")
    w = df.assign(w=np.random.default_rng(1).uniform(0.5, 2, N))
    t_w, _ = timed(lambda: cx.expectation.tolerance(w, ATTRS, by="segment", scale=(1, 9), missing_codes=0,
                                                   weights="w"))
    t_pw, _ = timed(lambda: cx.expectation.promise(w, **ROLES, by="segment", weights="w"))
    print(f"with survey weights: tolerance {t_w:.3f} s, promise {t_pw:.3f} s")


if __name__ == "__main__":
    main()
