"""Missing values and nullable dtypes: what they cost ``satisfaction.drivers`` (issue #23, item 4).

The same survey (15 attributes on 1-5, an outcome on 1-10) three ways: complete ``int64`` columns,
5% of every column missing (``float64`` with NaN), and the same missing values in nullable
``Int8`` columns (one byte per answer and one mask byte). Goal: missing values and nullable
columns cost no more than one mask per column over complete data, in time and in peak memory
(``tracemalloc``) per row. Each row of the table is set against the complete data in the same
process; the growth exponent is between the two largest sizes.
Run: ``.venv/bin/python benchmarks/bench_missing.py [--sizes 250000 1000000]``.
"""

from __future__ import annotations

import argparse
import os
import tracemalloc

import numpy as np
import pandas as pd
from _table import growth, record
from _timing import timed

import cxresearch as cx

K = 15


def survey(n: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Complete, 5% missing, and nullable Int8 versions of one simulated survey."""
    rng = np.random.default_rng(seed)
    halo = rng.normal(size=(n, 1))
    X = np.clip(np.rint(3.3 + 0.6 * halo + rng.normal(size=(n, K))), 1, 5).astype(np.int64)
    y = np.clip(np.rint(2 + X @ np.linspace(0.4, 0.05, K) + rng.normal(size=n)), 1, 10).astype(np.int64)
    cols = [f"a{j:02d}" for j in range(K)]
    complete = pd.DataFrame(X, columns=cols).assign(overall=y)
    holes = complete.astype(float)
    for c in holes.columns:
        holes.loc[rng.random(n) < 0.05, c] = np.nan
    nullable = holes.astype("Int8")
    return {"complete": complete, "5% missing": holes, "nullable Int8": nullable}


def peak_per_row(fn, n: int) -> float:
    """Peak memory traced during one call, per row."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 1_000_000])
    args = parser.parse_args()
    cols = [f"a{j:02d}" for j in range(K)]
    times: dict[str, list] = {}
    for n in args.sizes:
        frames = survey(n)
        base_t = base_m = None
        ref = None
        for kind, df in frames.items():
            run = lambda df=df: cx.satisfaction.drivers(df, "overall", cols, scale=(1, 5), outcome_scale=(1, 10))
            t, res = timed(run)
            mem = peak_per_row(run, n)
            data_bytes = df.memory_usage(deep=True).sum() / n
            times.setdefault(kind, []).append(t)
            if kind == "complete":
                base_t, base_m = t, mem
            elif kind == "5% missing":
                ref = res.table["weight"].to_numpy()
            else:
                gap = float(np.abs(res.table["weight"].to_numpy() - ref).max())
            print(f"{kind:>14} n={n:,}: {t:.3f} s ({t / base_t:.2f}x complete), peak {mem:.0f} B/row "
                  f"({mem / base_m:.2f}x complete; input {data_bytes:.0f} B/row: {mem / data_bytes:.1f}x the input) "
                  f"| load {os.getloadavg()[0]:.1f}")
            if n == max(args.sizes) and kind != "complete":
                sizes = sorted(args.sizes)
                record(f"drivers (relative weights), {K} attributes, {kind}", f"{n:,} rows", t,
                       "the same call on complete int64 data", base_t,
                       agreement=gap if kind == "nullable Int8" else "", bytes_per_row=mem,
                       growth=growth(sizes, times[kind]) if len(sizes) > 1 else None,
                       note=f"peak memory {mem / base_m:.2f}x complete; {mem / data_bytes:.1f}x the input")


if __name__ == "__main__":
    main()
