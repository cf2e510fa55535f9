"""Drop-off benchmark: 100 attributes x 12 waves x 2,000 respondents a wave (2.4M coded answers).

From coded responses to the full result (trend tests, change points, forecasts). Goal: <= 5 s
on a 2-core machine. Baseline in the same process, what a competent analyst would fit: the
wave x category count table (A, O, M) aggregated with ``groupby().size()`` (timed), then
statsmodels' ``OrderedModel`` (logit, BFGS, as in its documentation) fitted per attribute on
that table with the counts as frequency weights (36 rows per attribute: a weighted
log-likelihood; the slopes equal the fit on the respondent rows to 1e-6 and ``detect``'s to
a few millionths of a standard error). Every attribute is fitted, at both sizes; nothing is
scaled. Issue #23: the earlier baseline fitted ``OrderedModel`` on the raw respondent rows
(49-91x, and in ``bench_peers.py`` timed on 15 attributes and scaled to 100): not what anyone
with a count table would do. BLAS runs on one thread for both sides (threadpoolctl, when
installed). Run: ``.venv/bin/python benchmarks/bench_dropoff.py``.

``from_ratings`` (drift in ordinary ratings): 1 million ratings x 8 attributes x 10 yearly
periods, from the rows to the full result (per-period penalty-reward tables, the joint model
with HC1 standard errors, change-point scans, forecasts). Baseline, same process: what a
researcher would run for the same numbers -- statsmodels' OLS of the same joint model
(period dummies, band dummies and their products with the centred year) with
``cov_type="HC1"`` on a design matrix built before the clock starts, plus
``satisfaction.penalty_reward`` on each period's rows (frames split before the clock). The
baseline has no change points. Run only this part with ``bench_dropoff.py ratings``.
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from _table import growth, peak_bytes, record
from _timing import blas_threads, timed

import cxresearch as cx

AOM = ["A", "O", "M"]


def simulate_waves(n_attr: int = 100, n_waves: int = 12, per_wave: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Coded answers (respondent, wave, attribute, category): drifts, steps and stable attributes.

    No attribute is perfectly separated: the steps keep a few A answers after the step and a
    few M answers before it, as real trackers do.
    """
    rng = np.random.default_rng(seed)
    paths = {}
    for j in range(n_attr):
        if j % 3 == 0:
            paths[f"att{j:03d}"] = cx.simulate.drift({"A": .6, "O": .15, "M": .1, "I": .15},
                                                     {"A": .3, "O": .3, "M": .25, "I": .15})
        elif j % 3 == 1:
            paths[f"att{j:03d}"] = cx.simulate.step({"A": .55, "O": .05, "M": .05, "I": .35},
                                                    {"A": .05, "O": .05, "M": .5, "I": .4}, at=n_waves // 2)
        else:
            paths[f"att{j:03d}"] = cx.simulate.stable({"A": .3, "O": .3, "M": .2, "I": .2})
    answers, _ = cx.simulate.kano_waves(list(paths), n_waves, per_wave, paths, random_state=rng)
    responses = answers[["respondent", "wave", "attribute"]].copy()
    responses["category"] = answers["true_category"].astype(cx.kano.CATEGORY_DTYPE)
    return responses


def split_for_ordered_model(responses: pd.DataFrame) -> dict:
    """{attribute: (ordered categorical A < O < M, wave column as float)}, built once, outside any timing."""
    aom = responses[responses["category"].isin(AOM)]
    return {name: (pd.Series(pd.Categorical(g["category"].astype(str), categories=AOM, ordered=True)),
                   g[["wave"]].to_numpy(dtype=float))
            for name, g in aom.groupby("attribute", observed=True, sort=True)}


def wave_tables(responses: pd.DataFrame) -> dict:
    """{attribute: (ordered A < O < M, wave as a float column, count)}: the wave x category table per attribute."""
    aom = responses[responses["category"].isin(AOM)]
    tab = aom.groupby(["attribute", "wave", "category"], observed=True).size().rename("n").reset_index()
    return {name: (pd.Series(pd.Categorical(g["category"].astype(str), categories=AOM, ordered=True)),
                   g[["wave"]].to_numpy(dtype=float), g["n"].to_numpy(dtype=float))
            for name, g in tab.groupby("attribute", observed=True, sort=True)}


def fit_weighted_ordered_models(tables: dict) -> dict:
    """statsmodels OrderedModel on each attribute's wave x category table, counts as frequency weights."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    class WeightedOrderedModel(OrderedModel):
        def __init__(self, endog, exog, freq, **kwds):
            super().__init__(endog, exog, **kwds)
            self.freq = freq

        def loglike(self, params):  # score and Hessian follow numerically from this
            return float(self.freq @ self.loglikeobs(params))

    out = {}
    for name, (y, x, n) in tables.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = WeightedOrderedModel(y, x, n, distr="logit").fit(method="bfgs", disp=False)
        out[name] = (float(np.asarray(fit.params)[0]), float(np.asarray(fit.bse)[0]))
    return out


def table_baseline(responses: pd.DataFrame) -> dict:
    """The whole baseline: aggregate, then fit (what is timed)."""
    return fit_weighted_ordered_models(wave_tables(responses))


def fit_ordered_models(parts: dict) -> dict:
    """statsmodels OrderedModel (logit, BFGS, as in its documentation) per attribute: {attribute: (slope, se)}."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    out = {}
    for name, (y, x) in parts.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = OrderedModel(y, x, distr="logit").fit(method="bfgs", disp=False)
        out[name] = (float(np.asarray(fit.params)[0]), float(np.asarray(fit.bse)[0]))
    return out


def compare_slopes(result, fits: dict) -> tuple[float, float]:
    """Max |slope difference| between detect and OrderedModel, absolute and in units of detect's SE.

    detect adds a continuity constant of 0.01 per (wave, category) cell, so the slopes agree
    to a small fraction of a standard error, not to machine precision.
    """
    table = result.table.set_index("attribute").loc[list(fits)]
    beta = np.log(table["odds_ratio"].to_numpy(dtype=float))
    from scipy.stats import norm

    z = norm.ppf(0.5 + result.confidence / 2)
    se = (np.log(table["odds_ratio_ci_high"]) - np.log(table["odds_ratio_ci_low"])).to_numpy(dtype=float) / (2 * z)
    peer = np.array([fits[a][0] for a in table.index])
    diff = np.abs(beta - peer)
    return float(np.nanmax(diff)), float(np.nanmax(diff / se))


def main() -> None:
    print(blas_threads(1))
    n_attr, n_waves = 100, 12
    sizes, ours, peers = [], [], []
    for per_wave in (1000, 2000):
        t0 = time.perf_counter()
        responses = simulate_waves(n_attr, n_waves, per_wave)
        print(f"simulated {len(responses):,} coded answers in {time.perf_counter() - t0:.2f} s")
        best, res = timed(lambda: cx.dropoff.detect(responses, time="wave"))
        mem, _ = peak_bytes(lambda: cx.dropoff.detect(responses, time="wave"))
        separated = int((res.table["direction"] == "separated").sum())
        t_peer, fits = timed(lambda: table_baseline(responses), repeat=1)
        diff, diff_se = compare_slopes(res, fits)
        sizes.append(len(responses))
        ours.append(best)
        peers.append(t_peer)
        g = growth(sizes, ours) if len(sizes) > 1 else None
        print(f"detect, {n_attr} attributes x {n_waves} waves x {per_wave:,} a wave: {best:.3f} s "
              f"({(res.table['direction'] == 'drop-off').sum()} drop-offs flagged, {separated} separated); "
              f"baseline (wave x category table + weighted OrderedModel, all {len(fits)} attributes) {t_peer:.2f} s; "
              f"ratio {best / t_peer:.3f} (cxresearch / peer); max |slope difference| {diff:.1e} ({diff_se:.2e} SE); "
              f"{mem / len(responses):.1f} bytes/answer (tracemalloc peak); load {os.getloadavg()[0]:.2f}"
              + (f"; growth {g:.2f}" if g is not None else ""), flush=True)
        record("dropoff.detect (trend, change points, forecasts)", f"{len(responses):,} answers, {n_attr} attributes",
               best, "statsmodels OrderedModel, freq-weighted, on the wave x category table (trend only)", t_peer,
               agreement=diff, bytes_per_row=mem / len(responses), growth=g,
               note="was 49-91x against OrderedModel on the raw respondent rows")


def rating_tracker(n_periods: int = 10, per_period: int = 100_000, seed: int = 0) -> tuple[pd.DataFrame, list]:
    """8 attributes: four excitement -> basic paths, four stable; effects small enough that the overall score
    is rarely clipped at the ends of its scale (clipping bends effects)."""
    spec = {f"att{j}": ({"penalty": (-0.05, -0.5), "reward": (0.5, 0.05), "experience": 3.0} if j % 2 == 0 else
                        {"penalty": -0.3, "reward": 0.3, "experience": 3.1 + 0.05 * j}) for j in range(8)}
    data, _ = cx.simulate.rating_tracker(spec, periods=n_periods, n=per_period, intercept=5.5,
                                         random_state=seed)
    data["date"] = pd.to_datetime(data["date"])
    return data, list(spec)


def rating_baseline_inputs(data: pd.DataFrame, names: list) -> tuple[np.ndarray, np.ndarray, dict]:
    """The design matrix of the joint model and the per-period frames, built outside any timing."""
    year = data["year"].to_numpy(dtype=float)
    centred = year - year.mean()
    parts = [pd.get_dummies(data["year"], dtype=float).to_numpy()]
    low = np.column_stack([(data[a] <= 2).to_numpy(dtype=float) for a in names])
    high = np.column_stack([(data[a] >= 4).to_numpy(dtype=float) for a in names])
    X = np.column_stack(parts + [low, high, low * centred[:, None], high * centred[:, None]])
    frames = {y: g[["overall", *names]].reset_index(drop=True) for y, g in data.groupby("year")}
    return X, data["overall"].to_numpy(dtype=float), frames


def ols_hc1(X: np.ndarray, y: np.ndarray):
    """statsmodels OLS of the joint model with White's HC1 covariance."""
    import statsmodels.api as sm

    return sm.OLS(y, X).fit(cov_type="HC1")


def per_period(frames: dict, names: list) -> list:
    """penalty_reward on each period's rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [cx.satisfaction.penalty_reward(f, "overall", names, scale=(1, 5)) for f in frames.values()]


def bench_from_ratings() -> None:
    n_periods, sizes, ours = 10, [], []
    for per_period_n in (50_000, 100_000):
        data, names = rating_tracker(n_periods, per_period_n)
        best, res = timed(lambda: cx.dropoff.from_ratings(data, "overall", names, time="date", scale=(1, 5)))
        mem, _ = peak_bytes(lambda: cx.dropoff.from_ratings(data, "overall", names, time="date", scale=(1, 5)))
        flagged = res.table["direction"].value_counts().to_dict()
        X, y, frames = rating_baseline_inputs(data, names)
        t_ols, fit = timed(lambda: ols_hc1(X, y), repeat=1)
        t_pr, _ = timed(lambda: per_period(frames, names), repeat=1)
        k, P = len(names), n_periods
        contrast = np.zeros((k, X.shape[1]))
        for j in range(k):
            contrast[j, P + 2 * k + j] = contrast[j, P + 3 * k + j] = 1.0  # low x t + high x t of attribute j
        peer_p = np.asarray(fit.t_test(contrast).pvalue).ravel()
        diff = np.nanmax(np.abs(np.log(peer_p + 1e-300) - np.log(res.table["p_value"].to_numpy() + 1e-300)))
        sizes.append(len(data))
        ours.append(best)
        g = growth(sizes, ours) if len(sizes) > 1 else None
        print(f"from_ratings, {len(data):,} ratings x {len(names)} attributes x {n_periods} periods: {best:.2f} s "
              f"(directions {flagged}; truth: 4 drop-offs, 4 stable); baseline: statsmodels OLS (HC1) of the same "
              f"joint model on a pre-built {X.shape[0]:,} x {X.shape[1]} design {t_ols:.2f} s + penalty_reward on "
              f"each of {P} pre-split periods {t_pr:.2f} s = {t_ols + t_pr:.2f} s (no change points); ratio "
              f"{best / (t_ols + t_pr):.2f} (cxresearch / peer); max |log p difference| {diff:.1e}; "
              f"{mem / len(data):.0f} bytes/row; load {os.getloadavg()[0]:.2f}" + (f"; growth {g:.2f}" if g else ""),
              flush=True)
        record("dropoff.from_ratings", f"{len(data):,} ratings x {len(names)} attributes", best,
               "statsmodels OLS HC1 of the joint model + penalty_reward per period", t_ols + t_pr,
               agreement=f"log p {diff:.1e}", bytes_per_row=mem / len(data), growth=g)


if __name__ == "__main__":
    if sys.argv[1:] == ["ratings"]:
        print(blas_threads(1))
        bench_from_ratings()
    else:
        main()
        bench_from_ratings()
