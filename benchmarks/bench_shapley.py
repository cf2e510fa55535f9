"""Shapley (LMG) values at scale: exact up to 25 attributes, sampled beyond.

* ``drivers(..., method="shapley")`` on 25 attributes x 100,000 rows, from the DataFrame to
  the result (the goal: under 60 s);
* the subset R2 and Shapley sums, new (one Schur-complement sweep per level of the subset
  tree) against the former method (each subset's normal equations solved afresh, stacked by
  size; gains summed per attribute) on the same correlation matrix at 16, 18 and 20
  attributes, with the largest difference, the peak memory per subset and the growth;
* pingouin's LMG (``linear_regression(..., relimp=True)``, the same covariance method) where
  pingouin is installed, at a size it finishes;
* the sampled estimator (``n_samples``) on 40 attributes, with its largest Monte-Carlo error.

Run: ``.venv/bin/python benchmarks/bench_shapley.py``. Rows go to benchmarks/_table.py.
"""

from __future__ import annotations

import os
import time
import tracemalloc

import numpy as np
import pandas as pd
from _table import growth, record
from _timing import timed

import cxresearch as cx
from cxresearch.satisfaction import _importance


def survey(n: int, k: int, seed: int = 0) -> tuple[pd.DataFrame, list[str]]:
    """Ratings 1-7 driven by a common factor, and an overall score driven by them with unequal effects."""
    rng = np.random.default_rng(seed)
    X = np.clip(np.rint(4 + 0.9 * rng.normal(size=(n, 1)) + 1.1 * rng.normal(size=(n, k))), 1, 7)
    y = X @ np.linspace(0.5, 0.02, k) + 2.0 * rng.normal(size=n)
    cols = [f"a{j:02d}" for j in range(k)]
    return pd.DataFrame(X, columns=cols).assign(overall=y), cols


def peak(fn):
    """(seconds, peak bytes traced, result) of one call."""
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t0
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, top, out


def exact_25() -> None:
    df, cols = survey(100_000, 25)
    load = os.getloadavg()[0]
    t, top, res = peak(lambda: cx.satisfaction.drivers(df, "overall", cols, method="shapley", progress=False))
    print(f"exact Shapley, 25 attributes x 100,000 rows (2^25 = {2**25:,} subsets): {t:.1f} s, peak traced "
          f"memory {top / 1e6:.0f} MB ({top / 2**25:.1f} bytes per subset); sum of values "
          f"{res.table['weight'].sum():.10f} = R2 {res.r2:.10f}; load {load:.1f}")
    record("exact Shapley (drivers, from the DataFrame)", "25 attributes x 100,000 rows", t, "goal: 60 s",
           agreement=f"sum - R2 = {res.table['weight'].sum() - res.r2:.1e}", bytes_per_row=top / 100_000,
           note="bytes per row: peak traced memory / rows (the 2^25 subset values dominate)")


def new_against_old() -> None:
    sizes, ours, theirs = [], [], []
    for k in (16, 18, 20):
        df, cols = survey(20_000, k, k)
        R = np.corrcoef(df[["overall", *cols]].to_numpy().T)
        t_new, top, new = peak(lambda: _importance.shapley_values(_importance.subset_r2(R), k))
        t_old, old = timed(lambda: _importance._shapley_values_loop(_importance._subset_r2_solve(R), k), repeat=1)
        gap = float(np.abs(new - old).max())
        r2_gap = float(np.abs(_importance.subset_r2(R) - _importance._subset_r2_solve(R)).max())
        sizes.append(2**k)
        ours.append(t_new)
        theirs.append(t_old)
        print(f"{k} attributes ({2**k:,} subsets): sweep + block sums {t_new:.2f} s, former solves + loop "
              f"{t_old:.2f} s, {t_old / t_new:.0f}x; max |Shapley difference| {gap:.1e}, max |subset R2 "
              f"difference| {r2_gap:.1e}; peak {top / 2**k:.1f} bytes per subset; load {os.getloadavg()[0]:.1f}")
        record("subset R2 + Shapley sums from R", f"{k} attributes", t_new, "former per-subset solves", t_old,
               agreement=gap, bytes_per_row=top / 2**k,
               growth=growth(sizes, ours) if len(sizes) > 1 else None,
               note="bytes per row: peak traced bytes per subset; growth: exponent in the number of subsets")
    print(f"growth in the number of subsets (16 -> 20 attributes): new {growth(sizes, ours):.2f}, "
          f"former {growth(sizes, theirs):.2f}")


def pingouin_peer() -> None:
    try:
        import pingouin as pg
    except ImportError:
        print("pingouin not installed: its LMG (linear_regression(relimp=True)) not timed")
        return
    k = 12
    df, cols = survey(20_000, k, 3)
    t_pg, lm = timed(lambda: pg.linear_regression(df[cols], df["overall"], relimp=True), repeat=1)
    t_cx, res = timed(lambda: cx.satisfaction.drivers(df, "overall", cols, method="shapley", progress=False))
    gap = float(np.abs(lm["relimp"].to_numpy()[1:] - res.table["weight"].to_numpy()).max())
    print(f"pingouin LMG, {k} attributes x 20,000 rows: {t_pg:.2f} s; cxresearch {t_cx:.2f} s; "
          f"max |difference| {gap:.1e}")
    record("exact Shapley (drivers)", f"{k} attributes x 20,000 rows", t_cx, "pingouin relimp", t_pg, agreement=gap)


def sampled_40() -> None:
    df, cols = survey(100_000, 40, 4)
    t, res = timed(lambda: cx.satisfaction.drivers(df, "overall", cols, method="shapley", n_samples=4000,
                                                   random_state=0, progress=False), repeat=1)
    print(f"sampled Shapley, 40 attributes x 100,000 rows, 4,000 orders: {t:.2f} s; largest mc_se "
          f"{res.table['mc_se'].max():.1e} (largest value {res.table['weight'].max():.3f}); sum of values - R2 "
          f"{res.table['weight'].sum() - res.r2:.1e}")
    record("sampled Shapley (n_samples=4000)", "40 attributes x 100,000 rows", t, "exact: refused (2^40 subsets)",
           agreement=f"max mc_se {res.table['mc_se'].max():.1e}")


def main() -> None:
    print(f"load average {os.getloadavg()}, {os.cpu_count()} cores")
    new_against_old()
    pingouin_peer()
    sampled_40()
    exact_25()


if __name__ == "__main__":
    main()
