"""Touchpoint benchmark: 1,000,000 customers x 15 touchpoints (experience and expectation), three segments.

``cx.journey.touchpoints`` (gaps with intervals, pain / delight shares, importance by relative
weights within segment, Welch tests) and ``cx.satisfaction.decompose`` (gold vs ordinary,
31 terms, with and without bootstrap resamples) on the same data. Baselines in the same
process, as a competent pandas user would write them: the descriptive table (means, SDs and
counts of experience, expectation and gap, pain and delight shares) by one ``groupby().agg``;
the decomposition's point estimate with three ``numpy.linalg.lstsq`` fits; and its block
bootstrap (1,000 random blocks per group) done plainly, gathering the drawn blocks and refitting.
Goal (issue #23): touchpoints at least 2x faster than the pandas table at 1 million customers,
under 150 bytes per row, linear growth. Prints the growth exponent between the two largest
sizes and the peak memory per row (``tracemalloc``), and records rows with ``_table.record``.
Run: ``.venv/bin/python benchmarks/bench_touchpoints.py [--sizes ...] [--boot 40]``
(one BLAS thread by default: ``--threads 0`` for the library default).
"""

from __future__ import annotations

import argparse
import os
import tracemalloc
import warnings

import numpy as np
import pandas as pd
from _table import growth, record
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


E_COLS = [f"{t}_experience" for t in WEIGHTS]
X_COLS = [f"{t}_expectation" for t in WEIGHTS]


def pandas_table(data: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The descriptive part of the touchpoint table the plain pandas way (no importance, no tests).

    What a competent user writes for per-segment means, SDs and counts of experience,
    expectation and gap per touchpoint, with the pain and delight shares: one ``groupby().agg``.
    """
    gaps = pd.DataFrame(data[E_COLS].to_numpy(float) - data[X_COLS].to_numpy(float), columns=list(WEIGHTS),
                        index=data.index)
    frame = pd.concat([data[E_COLS + X_COLS], gaps], axis=1)
    stats = frame.groupby(data["segment"]).agg(["mean", "std", "count"])
    shares = pd.concat({"pain": gaps <= -2, "delight": gaps >= 2}, axis=1).groupby(data["segment"]).mean()
    return {"stats": stats, "shares": shares}


def agreement(table: pd.DataFrame, plain: dict[str, pd.DataFrame]) -> float:
    """Largest difference between our table and pandas' (means, gap SD, pain and delight shares)."""
    stats, shares = plain["stats"], plain["shares"]
    worst = 0.0
    for _, row in table.iterrows():
        seg, t = row["segment"], row["touchpoint"]
        ours = [row["experience"], row["expectation"], row["gap"], row["gap_se"] * np.sqrt(row["n"]), row["pain"],
                row["delight"]]
        theirs = [stats.loc[seg, (f"{t}_experience", "mean")], stats.loc[seg, (f"{t}_expectation", "mean")],
                  stats.loc[seg, (t, "mean")], stats.loc[seg, (t, "std")], shares.loc[seg, ("pain", t)],
                  shares.loc[seg, ("delight", t)]]
        worst = max(worst, float(np.max(np.abs(np.subtract(ours, theirs)))))
    return worst


def peak_per_row(fn, n: int) -> float:
    """Peak memory traced during one call, per row."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / n


def lstsq_decomposition(data: pd.DataFrame, cols: list[str]) -> float:
    """Pooled (Neumark) twofold decomposition, point estimate: three least-squares fits."""
    sides = []
    for seg in ("gold", "ordinary"):
        part = data[data["segment"] == seg]
        sides.append((np.column_stack([np.ones(len(part)), part[cols].to_numpy(float)]),
                      part["overall"].to_numpy(float)))
    ref = np.linalg.lstsq(np.vstack([s[0] for s in sides]), np.concatenate([s[1] for s in sides]), rcond=None)[0]
    return float((sides[0][0].mean(axis=0) - sides[1][0].mean(axis=0)) @ ref)


def plain_block_bootstrap(data: pd.DataFrame, cols: list[str], n_boot: int, rng: np.random.Generator) -> float:
    """The same block bootstrap as ``decompose`` (1,000 random blocks per group, drawn with replacement),
    done plainly: per resample, gather the drawn blocks' rows and refit by ``lstsq``. The SE of the
    explained part."""
    sides = []
    for seg in ("gold", "ordinary"):
        part = data[data["segment"] == seg]
        X = np.column_stack([np.ones(len(part)), part[cols].to_numpy(float)])
        blocks = np.array_split(rng.permutation(len(part)), 1000)
        sides.append((X, part["overall"].to_numpy(float), blocks))
    explained = []
    for _ in range(n_boot):
        drawn = []
        for X, y, blocks in sides:
            rows = np.concatenate([blocks[b] for b in rng.integers(0, len(blocks), len(blocks))])
            drawn.append((X[rows], y[rows]))
        ref = np.linalg.lstsq(np.vstack([d[0] for d in drawn]), np.concatenate([d[1] for d in drawn]), rcond=None)[0]
        explained.append(float((drawn[0][0].mean(axis=0) - drawn[1][0].mean(axis=0)) @ ref))
    return float(np.std(explained, ddof=1))


def touchpoint_rows(sizes: list[int]) -> pd.DataFrame:
    """Ours (with and without the outcome) and pandas at each size; the largest size's data for the rest."""
    rows, data = [], None
    for n in sizes:
        data, _ = cx.simulate.touchpoint_survey(WEIGHTS, n, random_state=0, **SPEC)
        full = lambda: cx.journey.touchpoints(data, by="segment", outcome="overall", scale=(1, 7))
        plain = lambda: cx.journey.touchpoints(data, by="segment", scale=(1, 7))
        t_full, res = timed(full)
        t_plain, _ = timed(plain)
        t_pandas, base = timed(lambda: pandas_table(data))
        rows.append({"n": n, "full": t_full, "plain": t_plain, "pandas": t_pandas, "agree": agreement(res.table, base),
                     "bytes": peak_per_row(full, n), "pandas_bytes": peak_per_row(lambda: pandas_table(data), n),
                     "load": os.getloadavg()[0]})
        r = rows[-1]
        print(f"n={n:,}: touchpoints {r['full']:.3f} s (table, importance, tests), without outcome {r['plain']:.3f} s;"
              f" pandas groupby().agg {r['pandas']:.3f} s: {r['pandas'] / r['full']:.1f}x / "
              f"{r['pandas'] / r['plain']:.1f}x faster; peak {r['bytes']:.0f} B/row (pandas {r['pandas_bytes']:.0f}); "
              f"max |difference| {r['agree']:.1e} | load {r['load']:.1f}")
    return pd.DataFrame(rows), data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (0: library default)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 500_000, N])
    parser.add_argument("--boot", type=int, default=40, help="resamples of the bootstrap comparison")
    args = parser.parse_args()
    print(blas_threads(args.threads or None), f"| load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows, data = touchpoint_rows(sorted(args.sizes))
    last, size = rows.iloc[-1], f"{int(rows['n'].iloc[-1]):,} customers x {len(WEIGHTS)} touchpoints"
    for col, work in (("full", "touchpoints (table, importance, tests)"), ("plain", "touchpoints without outcome")):
        g = growth(list(rows["n"]), list(rows[col])) if len(rows) > 1 else None
        print(f"{work}: growth exponent {g:.2f} between the two largest sizes" if g else work)
        record(work, size, float(last[col]), "pandas groupby().agg of the descriptive columns (means, SDs, counts, "
               "pain / delight shares)", float(last["pandas"]), agreement=float(last["agree"]),
               bytes_per_row=float(last["bytes"]) if col == "full" else None, growth=g,
               note=f"goal: 2x faster than pandas, under 150 bytes per row (pandas {last['pandas_bytes']:.0f})")

    cols = [f"{t}_{r}" for t in WEIGHTS for r in ("experience", "expectation")]
    kw = dict(group="segment", groups=("gold", "ordinary"), experience=cols[0::2], expectation=cols[1::2],
              scale=(1, 7), progress=False)
    t_dec, dec = timed(lambda: cx.satisfaction.decompose(data, "overall", n_boot=0, **kw))
    t_lsq, explained = timed(lambda: lstsq_decomposition(data, cols))
    gap = abs(explained - dec.parts.set_index("part").loc["explained", "estimate"])
    print(f"decompose gold vs ordinary ({2 * len(WEIGHTS) + 1} terms), point estimate: {t_dec:.2f} s; "
          f"lstsq baseline (explained part only) {t_lsq:.2f} s; {t_lsq / t_dec:.1f}x faster; |difference| {gap:.1e}")
    record("decompose, point estimate", size, t_dec, "three numpy lstsq fits (explained part only)", t_lsq,
           agreement=gap)
    with warnings.catch_warnings():  # few resamples, on purpose: the plain bootstrap has to finish
        warnings.simplefilter("ignore", cx.errors.ThinDataWarning)
        t_boot, boot = timed(lambda: cx.satisfaction.decompose(data, "overall", n_boot=args.boot, random_state=0,
                                                               **kw), repeat=1)
    t_plain, se_plain = timed(lambda: plain_block_bootstrap(data, cols, args.boot, np.random.default_rng(0)), repeat=1)
    se_ours = float(boot.parts.set_index("part").loc["explained", "se"])
    print(f"decompose with {args.boot} resamples ({boot.settings['standard errors']}): {t_boot:.2f} s; the same "
          f"block bootstrap done plainly (gather the drawn blocks, lstsq) {t_plain:.2f} s: "
          f"{t_plain / t_boot:.1f}x faster; SE of the explained part {se_ours:.4f} vs {se_plain:.4f}")
    record(f"decompose, block bootstrap ({args.boot} resamples)", size, t_boot,
           "the same block bootstrap done plainly (gather drawn blocks, lstsq refit)", t_plain,
           agreement=f"SE {se_ours:.4f} vs {se_plain:.4f} (other draws)")


if __name__ == "__main__":
    main()
