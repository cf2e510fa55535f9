"""cxresearch beside its peers, in one process, on the same data: figures, ratios, agreement.

Sections (each prints sizes, the cxresearch time, the peer time, the ratio peer / cxresearch,
how far the values agree, the target and PASS or MISS):

* relative weights: ``drivers(method="relative_weights")`` against ``relativeImp`` at 8, 12
  and 15 attributes x 10,000 and 130,000 rows (values to 1e-10; target >= 2x).
* Shapley: ``drivers(method="shapley")`` against ``dominance-analysis`` (general dominance =
  Shapley / LMG; target >= 100x at 15 attributes), 2,000 rows. At 10 attributes the peer
  runs in full (values compared). At 15 a full run takes far longer than this script may:
  32,767 scikit-learn fits on pandas columns (tens of ms each on a busy 2-core machine) and
  its bookkeeping, which compares every pair of subsets whose sizes differ by one
  (C(30, 16) = 145 million pairs of Python set operations). So its time is ESTIMATED: its
  own ``model_stats`` loop timed on 600 random subsets and scaled to all, plus the
  bookkeeping at the cost per pair measured in the 10-attribute run; cxresearch's values
  are checked against Shapley values computed in the script from all 32,767 subsets.
  ``--full`` runs the peer completely at 15 attributes instead (an hour or more).
* Kano: ``kano.code`` + ``kano.analyze`` on 1,000,000 respondents x 20 attributes of text
  labels against plain pandas (``Series.map`` of each column's labels to codes, the category
  looked up in a 5 x 5 numpy array, one long frame of two categoricals, ``pd.crosstab``);
  identical counts required; target >= 3x. Under pandas 3 the labels are Arrow strings,
  on which ``Series.map`` with a dict costs about 0.6 us a value and ``crosstab`` is ~20x
  slower than ``groupby().size()``, so a second pandas baseline uses the faster idioms
  (``pd.Categorical(column, categories=labels).codes``, ``groupby(...).size().unstack()``)
  and is judged against the same target.
* Drop-off: ``dropoff.detect`` against statsmodels ``OrderedModel`` fitted per attribute on
  frames split before timing, no separated attribute (see ``bench_dropoff.py``); slopes
  compared; target >= 10x. The peer is fitted on 15 of the 100 attributes (5 of each kind:
  drift, step, stable) and its time scaled to 100 (``--full``: all 100).
* Penalty-reward bootstrap: time per resample of ``penalty_reward(n_boot=...)`` at 2,000 rows
  x 12 attributes against refitting the band-dummy OLS with ``numpy.linalg.lstsq`` on the
  resampled rows; target >= 10x.

BLAS runs on one thread by default (``--blas-threads``, threadpoolctl), for both sides: on a
2-core machine shared with other work, OpenBLAS's two spinning threads made small solves
5-50x slower and the figures meaningless (penalty-reward's 2,000 x 25 ``lstsq`` took 0.7 ms
on one thread and 10-35 ms on two under a load of 5); the sizes here gain nothing from a
second thread. ``--blas-threads 0`` keeps the library default.

The peers come from the ``bench`` extra (``pip install -e ".[dev,bench]"``); nothing is
installed at run time, and a missing peer makes its section SKIP. ``dominance-analysis``
1.1.9 imports bokeh (pinned to 2.4.3, which fails under numpy 2 and opens a notebook
output at import) only to draw plots: the benchmark puts an empty stand-in for bokeh in
``sys.modules`` before importing it, and silences its prints and progress bars. Beware: that
pin installs bokeh 2.4.3 into the environment, and then Dask's ``LocalCluster()`` (dashboard
on by default) fails to start under numpy 2 ("module 'numpy' has no attribute 'bool8'");
``LocalCluster(dashboard_address=None)`` works.
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
from _timing import blas_threads, timed

import cxresearch as cx

CATS = ["A", "O", "M", "I", "R", "Q"]
LABELS = np.array(["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it"], dtype=object)
STANDARD = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]  # rows: functional answer, columns: dysfunctional
ROWS: list[dict] = []


def record(section, sizes, t_cx, t_peer, agreement, ok, target, *, bound="") -> None:
    """Print one comparison line and keep it for the summary."""
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
    for k, n in sizes:
        df, cols = ratings(n, k)
        repeat = 7 if n <= 10_000 else 3
        t_cx, res = timed(lambda: cx.satisfaction.drivers(df, "overall", cols, scale=(1, 5)), repeat)
        t_peer, theirs = timed(lambda: relative_imp(df, "overall", cols), repeat)
        diff = np.abs(res.table["weight"].to_numpy() - np.real(theirs["rawRelaImpt"].to_numpy())).max()
        record("relative weights", f"{k} attributes x {n:,} rows", t_cx, t_peer,
               f"max |weight difference| {diff:.1e}", diff <= 1e-10, 2)


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


def subset_r2_from_peer(model_rsquares: dict, cols: list[str]) -> np.ndarray:
    index = {c: j for j, c in enumerate(cols)}
    r2 = np.zeros(2 ** len(cols))
    for key, value in model_rsquares.items():
        r2[sum(1 << index[c] for c in key.split(" "))] = value
    return r2


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


def bench_shapley(quick: bool, full: bool) -> None:
    header("Shapley / LMG: drivers(method='shapley') vs dominance-analysis (general dominance)")
    dominance = peer("dominance_analysis")
    if dominance is None:
        return
    n, k_full, sample = 2_000, (7 if quick else 10), (100 if quick else 600)
    df, cols = ratings(n, k_full)
    t_cx, res = timed(lambda: cx.satisfaction.drivers(df, "overall", cols, method="shapley", scale=(1, 5)), 5)
    holder = {}

    def run_peer():
        holder["d"] = dominance(data=df.copy(), target="overall", objective=1)
        return holder["d"].incremental_rsquare()

    t_peer, theirs = timed(quiet(run_peer), repeat=1)
    d = holder["d"]
    t_book, _ = timed(quiet(lambda: d.variable_statistics(d.model_rsquares, cols)), repeat=1)
    diff = max(abs(res.table.set_index("attribute")["weight"][c] - theirs[c]) for c in cols)
    record("shapley (peer in full)", f"{k_full} attributes x {n:,} rows (peer in full)", t_cx, t_peer,
           f"max |weight difference| {diff:.1e}", diff <= 1e-10, 100)
    k = 9 if quick else 15
    per_pair = t_book / math.comb(2 * k_full, k_full + 1)
    df, cols = ratings(n, k)
    t_cx, res = timed(lambda: cx.satisfaction.drivers(df, "overall", cols, method="shapley", scale=(1, 5)), 3)
    if full:
        t_peer, theirs = timed(quiet(lambda: dominance(data=df.copy(), target="overall",
                                                       objective=1).incremental_rsquare()), repeat=1)
        diff = np.abs(res.table["weight"].to_numpy() - np.array([theirs[c] for c in cols])).max()
        record("shapley (peer in full)", f"{k} attributes x {n:,} rows (peer in full)", t_cx, t_peer,
               f"max |weight difference| {diff:.1e}", diff <= 1e-10, 100)
        return
    rng = np.random.default_rng(0)
    masks = rng.choice(np.arange(1, 2**k), sample, replace=False)
    subsets = [tuple(c for j, c in enumerate(cols) if m >> j & 1) for m in masks]

    class Sampled(dominance):  # the peer's own model_stats loop, over a random sample of the subsets
        def model_features_combination(self, columns):
            return [subsets]

    d = quiet(lambda: Sampled(data=df.copy(), target="overall", objective=1))()
    t0 = time.perf_counter()
    quiet(d.model_stats)()
    fits = (time.perf_counter() - t0) / sample * (2**k - 1)
    book = per_pair * math.comb(2 * k, k + 1)
    diff = np.abs(res.table["weight"].to_numpy() - exact_shapley(df, "overall", cols)).max()
    record("shapley (peer estimated)", f"{k} attributes x {n:,} rows (peer estimated: "
           f"its {2**k - 1:,} subset fits timed on "
           f"{sample} random ones and scaled = {fits:,.0f} s, plus its bookkeeping over "
           f"{math.comb(2 * k, k + 1):,} subset pairs at {per_pair * 1e6:.1f} us each (timed at {k_full} "
           f"attributes) = {book:,.0f} s)", t_cx, fits + book,
           f"max |difference| to Shapley values from all subsets computed here {diff:.1e}", diff <= 1e-10, 100,
           bound="~")


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
    n, n_attr = (50_000 if quick else 1_000_000), 20
    t0 = time.perf_counter()
    wide = kano_wide(n, n_attr)
    attrs = [f"att{j:02d}" for j in range(n_attr)]
    print(f"  built {n:,} x {n_attr} wide text labels ({wide['att00_f'].dtype} columns) in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    repeat = 2 if quick else 1  # at 1M x 20 each call takes seconds: one is enough
    t_cx, res = timed(lambda: cx.kano.analyze(cx.kano.code(wide)), repeat)
    ours = res.table.set_index("attribute")[CATS].astype(np.int64)
    sizes = f"{n:,} respondents x {n_attr} attributes ({n * n_attr:,} answer pairs)"
    for label, short, fn, rep in (("Series.map + crosstab", "map+crosstab", kano_pandas, 1),
                                  ("Categorical codes + groupby().size()", "codes+groupby", kano_pandas_fast, repeat)):
        t_peer, tab = timed(lambda: fn(wide, attrs), rep)
        theirs = tab.reindex(index=ours.index, columns=CATS, fill_value=0).astype(np.int64)
        same = bool((ours.to_numpy() == theirs.to_numpy()).all())
        record(f"kano ({short})", f"{sizes}, pandas {label}", t_cx, t_peer,
               "counts identical" if same else "COUNTS DIFFER", same, 3)


# ---------------------------------------------------------------------------------------------------------------
def bench_dropoff(quick: bool, full: bool) -> None:
    header("Drop-off: dropoff.detect vs statsmodels OrderedModel per attribute (pre-split, no separation)")
    if peer("statsmodels") is None:
        return
    from bench_dropoff import compare_slopes, fit_ordered_models, simulate_waves, split_for_ordered_model

    n_attr, n_waves, per_wave = (12, 12, 500) if quick else (100, 12, 2000)
    responses = simulate_waves(n_attr, n_waves, per_wave)
    t_cx, res = timed(lambda: cx.dropoff.detect(responses, time="wave"), 3)
    separated = int((res.table["direction"] == "separated").sum())
    parts = split_for_ordered_model(responses)  # before the clock: the baseline times model fits only
    fitted = parts if full or quick else dict(list(parts.items())[:15])  # kinds cycle: 5 drifts, 5 steps, 5 stable
    t_peer, fits = timed(lambda: fit_ordered_models(fitted), repeat=1)
    t_peer *= len(parts) / len(fitted)
    diff, diff_se = compare_slopes(res, fits)
    scaled = ("" if len(fitted) == len(parts) else
              f"; peer: {len(fitted)} attributes fitted, time scaled to {len(parts)}")
    record("dropoff", f"{n_attr} attributes x {n_waves} waves x {per_wave:,} a wave "
           f"({len(responses):,} answers; {separated} separated{scaled})", t_cx, t_peer,
           f"max |slope difference| {diff:.1e} = {diff_se:.4f} SE", diff_se < 0.01 and separated == 0, 10)


# ---------------------------------------------------------------------------------------------------------------
def band_design(df: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Intercept, then low (1-2) and high (4-5) dummies of every attribute (the default bands on 1-5)."""
    X = df[cols].to_numpy()
    return np.column_stack([np.ones(len(df)), (X <= 2).astype(float), (X >= 4).astype(float)])


def bench_penalty_reward(quick: bool) -> None:
    header("Penalty-reward bootstrap: penalty_reward(n_boot=...) vs numpy lstsq refit per resample")
    n, k, n_boot = 2_000, 12, (50 if quick else 400)
    df, cols = ratings(n, k, seed=1)
    pr = cx.satisfaction.penalty_reward
    t_point, res = timed(lambda: pr(df, "overall", cols, scale=(1, 5)), 5)
    t_boot, _ = timed(lambda: pr(df, "overall", cols, scale=(1, 5), n_boot=n_boot, random_state=1), 1)
    per_cx = max(t_boot - t_point, 1e-12) / n_boot
    X, y = band_design(df, cols), df["overall"].to_numpy()

    def refit():
        rng = np.random.default_rng(1)
        for _ in range(n_boot):
            rows = rng.integers(0, n, n)
            np.linalg.lstsq(X[rows], y[rows], rcond=None)

    t_peer, _ = timed(refit, 3)
    coef = np.linalg.lstsq(X, y, rcond=None)[0]
    diff = max(np.abs(res.table["penalty"].to_numpy() - coef[1:k + 1]).max(),
               np.abs(res.table["reward"].to_numpy() - coef[k + 1:]).max())
    print(f"  point estimate alone: {t_point:.4f} s; with {n_boot} resamples: {t_boot:.3f} s")
    record("penalty-reward boot", f"{n:,} rows x {k} attributes, per resample (of {n_boot})", per_cx,
           t_peer / n_boot, f"max |penalty/reward difference| (full sample) {diff:.1e}", diff <= 1e-10, 10)


# ---------------------------------------------------------------------------------------------------------------
SECTIONS = {"rw": bench_relative_weights, "shapley": bench_shapley, "kano": bench_kano, "dropoff": bench_dropoff,
            "pr": bench_penalty_reward}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of a few seconds")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--full", action="store_true",
                        help="dominance-analysis in full at 15 attributes (an hour or more); OrderedModel on all 100")
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
