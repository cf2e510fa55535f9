"""Satisfaction benchmark: exact Shapley (LMG) importance of 15 attributes on 65,000 and 130,000 respondents.

Goal: ``drivers(method="shapley")`` from the raw DataFrame to the result (checks, listwise
deletion, correlation matrix, 2^15 - 1 = 32,767 subset regressions, Shapley values, OLS
betas) in <= 2 s on a 2-core machine. Peer, in the same process and measured in full: what a
competent analyst writes for LMG, as pingouin's ``linear_regression(relimp=True)`` computes it
(pingouin itself when installed): the correlation matrix of the complete rows, the R2 of every
subset by solving its normal equations on that matrix, then the Shapley weights. Issue #23: the
earlier peer refitted OLS on the raw rows with ``lstsq`` for 300 sampled subsets and scaled the
time to all 32,767 (an extrapolated, unfair figure: 100x and more). Also timed (no peer):
relative weights, penalty-reward, its bootstrap, the response surface; each recorded with its
growth between the two sizes and its memory per row (tracemalloc peak).
Run: ``.venv/bin/python benchmarks/bench_satisfaction.py``.
"""

from __future__ import annotations

import os
import sys
import warnings

import numpy as np
import pandas as pd
from _table import growth, peak_bytes, record
from _timing import timed

import cxresearch as cx

SIZES, K = (65_000, 130_000), 15


def ratings(n: int, seed: int = 0) -> tuple[pd.DataFrame, list[str]]:
    rng = np.random.default_rng(seed)
    halo = rng.normal(size=(n, 1))
    X = np.clip(np.rint(3.3 + 0.6 * halo + rng.normal(size=(n, K))), 1, 5)
    y = np.clip(np.rint(2 + X @ np.linspace(0.4, 0.05, K) + rng.normal(size=n)), 1, 10)
    cols = [f"a{j:02d}" for j in range(K)]
    df = pd.DataFrame(X, columns=cols).assign(overall=y)
    df.loc[rng.choice(n, 500, replace=False), "a03"] = np.nan  # some missing ratings to account for
    df["expectation"] = np.clip(np.rint(3.5 + rng.normal(size=n)), 1, 5)
    return df, cols


def lmg_peer():
    """(label, function(df, outcome, cols) -> LMG weights): pingouin when installed, else written out."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_peers import lmg_peer as peer

    label, fn = peer()

    def on_complete_rows(df, outcome, cols):
        return fn(df[[outcome, *cols]].dropna(), outcome, cols)
    return label, on_complete_rows


def main() -> None:
    warnings.simplefilter("ignore")  # the simulated signs are small and noisy: the warnings are not the point here
    print(f"load {os.getloadavg()[0]:.2f}")
    label, lmg = lmg_peer()
    work = {
        "drivers shapley (15 attributes)": lambda df, cols: cx.satisfaction.drivers(
            df, "overall", cols, method="shapley", scale=(1, 5)),
        "drivers relative weights (15 attributes)": lambda df, cols: cx.satisfaction.drivers(
            df, "overall", cols, scale=(1, 5)),
        "penalty_reward (30 band dummies)": lambda df, cols: cx.satisfaction.penalty_reward(
            df, "overall", cols, scale=(1, 5)),
        "disconfirmation (response surface, F-tests)": lambda df, cols: cx.satisfaction.disconfirmation(
            df, "overall", "a00", "expectation", scale=(1, 5)),
    }
    times: dict = {name: [] for name in work}
    for n in SIZES:
        df, cols = ratings(n)
        for name, fn in work.items():
            t, res = timed(lambda: fn(df, cols), 3)
            mem, _ = peak_bytes(lambda: fn(df, cols))
            times[name].append(t)
            g = growth(list(SIZES[:len(times[name])]), times[name]) if len(times[name]) > 1 else None
            peer_t, agree, against = None, "", "(no peer: time only)"
            if name.startswith("drivers shapley"):
                peer_t, theirs = timed(lambda: lmg(df, "overall", cols), 1)
                agree = float(np.abs(res.table["weight"].to_numpy() - np.asarray(theirs)).max())
                against = label
            print(f"{name}, {n:,} rows: {t:.3f} s" + (f"; {against} {peer_t:.3f} s (ratio {t / peer_t:.2f}); "
                                                       f"max |weight difference| {agree:.1e}" if peer_t else "")
                  + f"; {mem / n:.0f} bytes/row (tracemalloc peak)" + (f"; growth {g:.2f}" if g else "")
                  + f"; load {os.getloadavg()[0]:.2f}", flush=True)
            record(name, f"{n:,} rows", t, against, peer_t, agreement=agree, bytes_per_row=mem / n, growth=g)
    small, cols = ratings(2000, seed=1)
    t_boot, _ = timed(lambda: cx.satisfaction.penalty_reward(small, "overall", cols, scale=(1, 5), n_boot=1000,
                                                             random_state=1), repeat=1)
    print(f"penalty_reward with 1,000 bootstrap resamples, 2,000 rows x {K} attributes: {t_boot:.2f} s "
          "(the per-resample comparison with a normal-equations refit is in bench_peers.py)")


if __name__ == "__main__":
    main()
