"""cxresearch beside its peers, in one process, on the same data: figures, ratios, agreement.

Sections (each prints sizes, the cxresearch time, the peer time, the ratio peer / cxresearch,
how far the values agree, the target and PASS or MISS):

* relative weights: ``drivers(method="relative_weights")`` against ``relativeImp`` at 8, 12
  and 15 attributes x 10,000 and 130,000 rows (values to 1e-10; target >= 2x).
* Shapley: ``drivers(method="shapley")`` against LMG on the correlation matrix (the R2 of all
  2^k - 1 subsets by normal-equation solves on the correlation matrix, then the Shapley
  weights: how pingouin's ``linear_regression(relimp=True)`` computes it; pingouin itself when
  installed), measured in full at 10 and 15 attributes x 2,000 rows; values to 1e-10. Issue
  #23: the earlier peer was dominance-analysis (scikit-learn refits of every subset on the rows,
  571-11,274x) and its 15-attribute time was extrapolated from 600 subsets.
* Kano: ``kano.code`` + ``kano.analyze`` on 1,000,000 respondents x 20 attributes of text
  labels against plain pandas (``Series.map`` of each column's labels to codes, the category
  looked up in a 5 x 5 numpy array, one long frame of two categoricals, ``pd.crosstab``);
  identical counts required; target >= 3x. Under pandas 3 the labels are Arrow strings,
  on which ``Series.map`` with a dict costs about 0.6 us a value and ``crosstab`` is ~20x
  slower than ``groupby().size()``, so a second pandas baseline uses the faster idioms
  (``pd.Categorical(column, categories=labels).codes``, ``groupby(...).size().unstack()``)
  and is judged against the same target.
* Drop-off: ``dropoff.detect`` against statsmodels ``OrderedModel`` fitted per attribute on the
  wave x category count table with the counts as frequency weights (aggregation timed; see
  ``bench_dropoff.py``), every attribute fitted; slopes compared. Issue #23: the earlier peer
  fitted the raw respondent rows (49-91x), on 15 attributes scaled to 100.
* Penalty-reward bootstrap: time per resample of ``penalty_reward(n_boot=...)`` at 2,000 rows
  x 12 attributes against a normal-equations refit of the band-dummy OLS on the resampled rows
  (``X'X`` and ``X'y`` then ``numpy.linalg.solve``). Issue #23: the earlier peer was
  ``numpy.linalg.lstsq`` (an SVD per resample: 5-6x).

Every comparison is also recorded in the benchmark table (``_table.record``; ``make bench``
prints it) with the ratio cxresearch / peer (below 1: cxresearch is faster), the growth
exponent between the two largest sizes and, where measured, the bytes per row (tracemalloc).

BLAS runs on one thread by default (``--blas-threads``, threadpoolctl), for both sides: on a
2-core machine shared with other work, OpenBLAS's two spinning threads made small solves
5-50x slower and the figures meaningless (penalty-reward's 2,000 x 25 ``lstsq`` took 0.7 ms
on one thread and 10-35 ms on two under a load of 5); the sizes here gain nothing from a
second thread. ``--blas-threads 0`` keeps the library default.

The peers come from the ``bench`` extra (``pip install -e ".[dev,bench]"``) or, for LMG, pingouin
when installed; nothing is installed at run time, and a missing peer makes its section SKIP.
Run: ``.venv/bin/python benchmarks/bench_peers.py`` (about 4 minutes on 2 cores);
``--quick`` for a small smoke run; ``--only rw,shapley,kano,dropoff,pr`` for some sections.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import sys
import time
import types
import warnings

import numpy as np
import pandas as pd
import _table as table
from _timing import blas_threads, timed

import cxresearch as cx

CATS = ["A", "O", "M", "I", "R", "Q"]
LABELS = np.array(["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it"], dtype=object)
STANDARD = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]  # rows: functional answer, columns: dysfunctional
ROWS: list[dict] = []


def record(section, sizes, t_cx, t_peer, agreement, ok, target, *, bound="", against="", growth=None,
           bytes_per_row=None) -> None:
    """Print one comparison line, keep it for the summary, and add it to the benchmark table."""
    table.record(section, sizes, t_cx, against or "peer", t_peer, agreement=agreement, growth=growth,
                 bytes_per_row=bytes_per_row, note=f"target: peer / cxresearch >= {target:g}x")
    ratio = t_peer / t_cx
    status = "PASS" if ratio >= target and ok else "MISS"
    if not ok:
        status += " (values disagree)"
    print(f"  {sizes}: cx {t_cx:.4g} s | peer {bound}{t_peer:.4g} s | ratio {bound}{ratio:,.1f}x "
          f"(target >= {target:g}x) | {agreement} | {status}", flush=True)
    ROWS.append(dict(section=section, sizes=sizes, cx_s=t_cx, peer_s=t_peer, ratio=ratio, target=target,
                     status=status))


def header(title: str) -> None:
    print(f"\n== {title} == (load {' '.join(f'{x:.2f}' for x in os.getloadavg())})", flush=True)


def ratings(n: int, k: int, seed: int = 0) -> tuple[pd.DataFrame, list[str]]:
    """1-5 attribute ratings sharing a halo, a 1-10 overall rating; no missing values."""
    rng = np.random.default_rng(seed)
    halo = rng.normal(size=(n, 1))
    X = np.clip(np.rint(3.3 + 0.6 * halo + rng.normal(size=(n, k))), 1, 5)
    y = np.clip(np.rint(2 + X @ np.linspace(0.4, 0.05, k) + rng.normal(size=n)), 1, 10)
    cols = [f"a{j:02d}" for j in range(k)]
    return pd.DataFrame(X, columns=cols).assign(overall=y), cols


def peer(name: str):
    """Import a peer package, or None (its section then SKIPs)."""
    try:
        if name == "dominance_analysis":
            for mod in ("bokeh", "bokeh.plotting", "bokeh.io", "bokeh.models", "bokeh.models.formatters"):
                stub = sys.modules.setdefault(mod, types.ModuleType(mod))
                for attr in ("figure", "show", "ColumnDataSource", "LabelSet", "NumeralTickFormatter"):
                    setattr(stub, attr, None)
                stub.output_notebook = lambda *a, **k: None
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                from dominance_analysis import Dominance
            return Dominance
        if name == "relativeImp":
            from relativeImp import relativeImp
            return relativeImp
        if name == "statsmodels":
            from statsmodels.miscmodels.ordinal_model import OrderedModel
            return OrderedModel
    except ImportError as err:
        print(f"  SKIP: {name} is not installed ({err}); install the bench extra: pip install -e '.[dev,bench]'")
        ROWS.append(dict(section=name, sizes="", cx_s=np.nan, peer_s=np.nan, ratio=np.nan, target=np.nan,
                         status="SKIP"))
    return None


def quiet(fn):
    """Call ``fn`` with stdout and stderr swallowed (the peer's prints and progress bars)."""
    def call():
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return fn()
    return call


# ---------------------------------------------------------------------------------------------------------------
def bench_relative_weights(quick: bool) -> None:
    header("relative weights: drivers(method='relative_weights') vs relativeImp")
    relative_imp = peer("relativeImp")
    if relative_imp is None:
        return
    sizes = [(8, 10_000), (15, 10_000)] if quick else [(k, n) for n in (10_000, 130_000) for k in (8, 12, 15)]
    times: dict = {}
    for k, n in sizes:
        df, cols = ratings(n, k)
        repeat = 7 if n <= 10_000 else 3
        t_cx, res = timed(lambda: cx.satisfaction.drivers(df, "overall", cols, scale=(1, 5)), repeat)
        t_peer, theirs = timed(lambda: relative_imp(df, "overall", cols), repeat)
        diff = np.abs(res.table["weight"].to_numpy() - np.real(theirs["rawRelaImpt"].to_numpy())).max()
        times.setdefault(k, []).append((n, t_cx))
        g = table.growth(*zip(*times[k])) if len(times[k]) > 1 else None
        record("relative weights", f"{k} attributes x {n:,} rows", t_cx, t_peer,
               f"max |weight difference| {diff:.1e}", diff <= 1e-10, 2, against="relativeImp", growth=g)


# ---------------------------------------------------------------------------------------------------------------
def shapley_from_subsets(r2: np.ndarray, k: int) -> np.ndarray:
    """Shapley values from the R2 of all 2^k subsets (bit j of the index = attribute j)."""
    masks = np.arange(2**k)
    size = sum((masks >> j) & 1 for j in range(k))
    weight = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) if s < k else 0.0
                       for s in range(k + 1)])
    phi = np.empty(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        phi[j] = (weight[size[without]] * (r2[without | (1 << j)] - r2[without])).sum()
    return phi


def exact_shapley(df: pd.DataFrame, outcome: str, cols: list[str]) -> np.ndarray:
    """Shapley values computed here from scratch: R2 of all subsets by solving their normal equations."""
    k = len(cols)
    R = np.corrcoef(df[[outcome, *cols]].to_numpy(), rowvar=False)
    r2 = np.zeros(2**k)
    for mask in range(1, 2**k):
        idx = [j for j in range(k) if mask >> j & 1]
        r = R[0, 1:][idx]
        r2[mask] = r @ np.linalg.solve(R[1:, 1:][np.ix_(idx, idx)], r)
    return shapley_from_subsets(r2, k)


def lmg_peer():
    """pingouin's relative importance (LMG) when installed, else the same computation written out here."""
    try:
        import pingouin
    except ImportError:
        return "LMG on the correlation matrix (all subsets, normal equations; pingouin's method, written out)", \
            exact_shapley
    def run(df, outcome, cols):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = pingouin.linear_regression(df[cols], df[outcome], relimp=True)
        return out.set_index("names").loc[cols, "relimp"].to_numpy()
    return f"pingouin {pingouin.__version__} linear_regression(relimp=True) (LMG)", run


def bench_shapley(quick: bool, full: bool) -> None:
    label, lmg = lmg_peer()
    header(f"Shapley / LMG: drivers(method='shapley') vs {label}")
    n, sizes, ours = 2_000, ([6, 8] if quick else [10, 15]), []
    for k in sizes:
        df, cols = ratings(n, k)
        t_cx, res = timed(lambda: cx.satisfaction.drivers(df, "overall", cols, method="shapley", scale=(1, 5)), 3)
        t_peer, theirs = timed(lambda: lmg(df, "overall", cols), 1 if k >= 15 else 3)
        diff = np.abs(res.table["weight"].to_numpy() - np.asarray(theirs)).max()
        ours.append(t_cx)
        g = table.growth([2**s for s in sizes[:len(ours)]], ours) if len(ours) > 1 else None
        record("shapley (LMG)", f"{k} attributes x {n:,} rows ({2**k - 1:,} subsets)", t_cx, t_peer,
               f"max |weight difference| {diff:.1e}", diff <= 1e-10, 3, against=label, growth=g)
    if g is not None:
        print(f"  growth exponent in the number of subsets (2^k) between {sizes[-2]} and {sizes[-1]} attributes: "
              f"{g:.2f}")


# ---------------------------------------------------------------------------------------------------------------
def kano_wide(n: int, n_attr: int, seed: int = 0) -> pd.DataFrame:
    """A wide survey export: respondent, then att00_f, att00_d, ... as text labels."""
    rng = np.random.default_rng(seed)
    cols = {"respondent": np.arange(n)}
    for j in range(n_attr):
        for side in ("f", "d"):
            cols[f"att{j:02d}_{side}"] = LABELS[rng.integers(0, 5, n)]
    return pd.DataFrame(cols)


def kano_pandas(wide: pd.DataFrame, attrs: list[str]) -> pd.DataFrame:
    """The plain pandas way: labels -> codes with a dict (Series.map), a 5 x 5 lookup, one long frame, crosstab."""
    code = {label: i for i, label in enumerate(LABELS)}
    grid = np.array([[CATS.index(c) for c in row] for row in STANDARD])
    parts = [grid[wide[f"{a}_f"].map(code).to_numpy(), wide[f"{a}_d"].map(code).to_numpy()] for a in attrs]
    long = pd.DataFrame({
        "attribute": pd.Categorical.from_codes(np.repeat(np.arange(len(attrs)), len(wide)), categories=attrs),
        "category": pd.Categorical.from_codes(np.concatenate(parts), categories=CATS),
    })
    return pd.crosstab(long["attribute"], long["category"])


def kano_pandas_fast(wide: pd.DataFrame, attrs: list[str]) -> pd.DataFrame:
    """The faster pandas idioms for the same steps: categorical codes, not map; groupby size, not crosstab."""
    grid = np.array([[CATS.index(c) for c in row] for row in STANDARD])
    parts = [grid[pd.Categorical(wide[f"{a}_f"], categories=LABELS).codes,
                  pd.Categorical(wide[f"{a}_d"], categories=LABELS).codes] for a in attrs]
    long = pd.DataFrame({
        "attribute": pd.Categorical.from_codes(np.repeat(np.arange(len(attrs)), len(wide)), categories=attrs),
        "category": pd.Categorical.from_codes(np.concatenate(parts), categories=CATS),
    })
    return long.groupby(["attribute", "category"], observed=False).size().unstack()


def bench_kano(quick: bool) -> None:
    header("Kano: kano.code + kano.analyze vs pandas (map + 5x5 lookup + crosstab; and the faster idioms)")
    ours: list = []
    for n in ((25_000, 50_000) if quick else (500_000, 1_000_000)):
        bench_kano_size(n, quick, ours)


def bench_kano_size(n: int, quick: bool, ours: list) -> None:
    n_attr = 20
    t0 = time.perf_counter()
    wide = kano_wide(n, n_attr)
    attrs = [f"att{j:02d}" for j in range(n_attr)]
    print(f"  built {n:,} x {n_attr} wide text labels ({wide['att00_f'].dtype} columns) in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    repeat = 2 if quick else 1  # at 1M x 20 each call takes seconds: one is enough
    t_cx, res = timed(lambda: cx.kano.analyze(cx.kano.code(wide)), repeat)
    counts = res.table.set_index("attribute")[CATS].astype(np.int64)
    ours.append((n, t_cx))
    g = table.growth(*zip(*ours)) if len(ours) > 1 else None
    sizes = f"{n:,} respondents x {n_attr} attributes ({n * n_attr:,} answer pairs)"
    for label, short, fn, rep in (("Series.map + crosstab", "map+crosstab", kano_pandas, 1),
                                  ("Categorical codes + groupby().size()", "codes+groupby", kano_pandas_fast, repeat)):
        t_peer, tab = timed(lambda: fn(wide, attrs), rep)
        theirs = tab.reindex(index=counts.index, columns=CATS, fill_value=0).astype(np.int64)
        same = bool((counts.to_numpy() == theirs.to_numpy()).all())
        record(f"kano ({short})", f"{sizes}, pandas {label}", t_cx, t_peer,
               "counts identical" if same else "COUNTS DIFFER", same, 3, against=f"pandas {label}", growth=g)


# ---------------------------------------------------------------------------------------------------------------
def bench_dropoff(quick: bool, full: bool) -> None:
    header("Drop-off: dropoff.detect vs statsmodels OrderedModel on the wave x category table (frequency weights)")
    if peer("statsmodels") is None:
        return
    from bench_dropoff import compare_slopes, simulate_waves, table_baseline

    n_attr, n_waves = (12, 12) if quick else (100, 12)
    sizes, ours = [], []
    for per_wave in ((250, 500) if quick else (1000, 2000)):
        responses = simulate_waves(n_attr, n_waves, per_wave)
        t_cx, res = timed(lambda: cx.dropoff.detect(responses, time="wave"), 3)
        separated = int((res.table["direction"] == "separated").sum())
        t_peer, fits = timed(lambda: table_baseline(responses), repeat=1)
        diff, diff_se = compare_slopes(res, fits)
        sizes.append(len(responses))
        ours.append(t_cx)
        g = table.growth(sizes, ours) if len(sizes) > 1 else None
        record("dropoff", f"{n_attr} attributes x {n_waves} waves x {per_wave:,} a wave ({len(responses):,} answers; "
               f"{separated} separated; all attributes fitted)", t_cx, t_peer,
               f"max |slope difference| {diff:.1e} = {diff_se:.2e} SE", diff_se < 0.01 and separated == 0, 5,
               against="statsmodels OrderedModel, freq-weighted, on the wave x category table", growth=g)


# ---------------------------------------------------------------------------------------------------------------
def band_design(df: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Intercept, then low (1-2) and high (4-5) dummies of every attribute (the default bands on 1-5)."""
    X = df[cols].to_numpy()
    return np.column_stack([np.ones(len(df)), (X <= 2).astype(float), (X >= 4).astype(float)])


def bench_penalty_reward(quick: bool) -> None:
    header("Penalty-reward bootstrap: penalty_reward(n_boot=...) vs a normal-equations refit per resample")
    n, k, n_boot = 2_000, 12, (50 if quick else 400)
    df, cols = ratings(n, k, seed=1)
    pr = cx.satisfaction.penalty_reward
    t_point, res = timed(lambda: pr(df, "overall", cols, scale=(1, 5)), 5)
    t_boot, _ = timed(lambda: pr(df, "overall", cols, scale=(1, 5), n_boot=n_boot, random_state=1), 1)
    per_cx = max(t_boot - t_point, 1e-12) / n_boot
    X, y = band_design(df, cols), df["overall"].to_numpy()

    def refit():  # the normal equations of each resample
        rng = np.random.default_rng(1)
        for _ in range(n_boot):
            rows = rng.integers(0, n, n)
            Xb = X[rows]
            np.linalg.solve(Xb.T @ Xb, Xb.T @ y[rows])

    t_peer, _ = timed(refit, 3)
    coef = np.linalg.lstsq(X, y, rcond=None)[0]
    diff = max(np.abs(res.table["penalty"].to_numpy() - coef[1:k + 1]).max(),
               np.abs(res.table["reward"].to_numpy() - coef[k + 1:]).max())
    print(f"  point estimate alone: {t_point:.4f} s; with {n_boot} resamples: {t_boot:.3f} s")
    record("penalty-reward boot", f"{n:,} rows x {k} attributes, per resample (of {n_boot})", per_cx,
           t_peer / n_boot, f"max |penalty/reward difference| (full sample) {diff:.1e}", diff <= 1e-10, 2,
           against="normal-equations refit per resample (X'X, X'y, solve)")


# ---------------------------------------------------------------------------------------------------------------
SECTIONS = {"rw": bench_relative_weights, "shapley": bench_shapley, "kano": bench_kano, "dropoff": bench_dropoff,
            "pr": bench_penalty_reward}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of a few seconds")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--full", action="store_true",
                        help="(kept for old command lines; every peer now runs in full)")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="BLAS threads for both sides (threadpoolctl; default 1; 0 = the library default)")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    start = time.perf_counter()
    blas = blas_threads(args.blas_threads)
    print(f"cxresearch {cx.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"{os.cpu_count()} CPUs, {blas}; "
          f"load at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}{' (--quick)' if args.quick else ''}")
    for name in chosen:
        fn = SECTIONS[name]
        fn(args.quick, args.full) if name in ("shapley", "dropoff") else fn(args.quick)
    print(f"\n== summary == ({time.perf_counter() - start:.0f} s; load at end "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    for r in ROWS:
        print(f"  {r['section']:<25} {r['sizes'][:48]:<48} ratio {r['ratio']:>9,.1f}x  target {r['target']:>4g}x  "
              f"{r['status']}")


if __name__ == "__main__":
    main()
