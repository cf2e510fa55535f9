"""Yes/no outcomes benchmark: logistic drivers and penalty-reward on 100,000 respondents x 10 attributes.

``drivers(..., family="logit")`` from the raw DataFrame to the result (checks, listwise
deletion, the logistic fit, the weights, the Wald table, the separation check) against the
fair baseline, the way a competent user writes it with statsmodels:

* relative weights: ``rwa::rwa_logit``'s recipe in numpy plus one ``statsmodels`` GLM on
  the orthogonalised predictors;
* Shapley values of McFadden's R2: one ``statsmodels`` GLM per subset of attributes
  (2^10 - 1 = 1,023 fits), timed on a random sample of subsets in the same process and
  scaled to all of them;
* the bootstrap of the relative weights: the recipe refitted on each resample of rows
  (timed on a few resamples and scaled);
* penalty-reward: one ``statsmodels`` GLM on the 20 band dummies.

* Shapley values of McFadden's R2 on 14 attributes x 26,000 rows (16,384 logistic fits), the
  size of the airline passenger survey of issue #22: the batched, warm-started fits against
  the former one-by-one fits in the same process on the same patterns (the real data when
  ``CX_AIRLINE_CSV`` names a CSV with the 14 service ratings and a 0/1 ``satisfied`` column,
  else a seeded simulation of the same shape: ratings 0-5 sharing a common factor).

Every comparison also prints the largest difference between the two answers.
Run: ``.venv/bin/python benchmarks/bench_logit.py`` (``--shapley14`` runs only the last).
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from _table import record
from _timing import timed

import cxresearch as cx
from cxresearch.satisfaction._logit import collapse
from cxresearch.satisfaction._importance import shapley_values
from cxresearch.satisfaction._logit_drivers import _subset_mcfadden_one_by_one, subset_mcfadden

N, K, SUBSETS, RESAMPLES, N_BOOT = 100_000, 10, 60, 5, 200


def rwa_recipe(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """rwa::rwa_logit with numpy and one statsmodels GLM (the baseline)."""
    Xs = (X - X.mean(0)) / X.std(0, ddof=1)
    P, _, Qt = np.linalg.svd(Xs, full_matrices=False)
    Z = P @ Qt
    Zs = (Z - Z.mean(0)) / Z.std(0, ddof=1)
    lam = np.linalg.solve(Zs.T @ Zs, Zs.T @ Xs)
    fit = sm.GLM(y, sm.add_constant(Zs), family=sm.families.Binomial()).fit()
    p = np.clip(fit.fittedvalues, 1e-10, 1 - 1e-10)
    r2 = np.corrcoef(p, y)[0, 1] ** 2
    beta = fit.params[1:] * np.sqrt(r2) / np.log(p / (1 - p)).std(ddof=1)
    return lam**2 @ beta**2


def survey(rng: np.random.Generator) -> tuple[pd.DataFrame, list[str]]:
    halo = rng.normal(size=(N, 1))
    X = np.clip(np.rint(3.3 + 0.6 * halo + rng.normal(size=(N, K))), 1, 5)
    eta = -6.5 + X @ np.linspace(0.6, 0.05, K)
    cols = [f"a{j:02d}" for j in range(K)]
    df = pd.DataFrame(X, columns=cols).assign(churn_free=(rng.random(N) < 1 / (1 + np.exp(-eta))).astype(int))
    df.loc[rng.choice(N, 500, replace=False), "a03"] = np.nan  # some missing ratings to account for
    return df, cols


def main() -> None:
    rng = np.random.default_rng(0)
    df, cols = survey(rng)
    used = df.dropna()
    X, y = used[cols].to_numpy(), used["churn_free"].to_numpy(float)

    t_rw, rw = timed(lambda: cx.satisfaction.drivers(df, "churn_free", cols, family="logit", scale=(1, 5)))
    t_base, ref = timed(lambda: rwa_recipe(used[cols].to_numpy(), used["churn_free"].to_numpy(float)))
    print(f"logistic relative weights, {K} attributes x {N:,} rows ({rw.rows}): {t_rw:.3f} s; "
          f"baseline (rwa recipe: numpy + one statsmodels GLM) {t_base:.3f} s; ratio {t_base / t_rw:.1f}x; "
          f"max |weight difference| {np.abs(rw.table['weight'] - ref).max():.1e}; "
          f"R2 {rw.r2:.4f} = sum of weights {rw.table['weight'].sum():.4f}")

    t_sh, sh = timed(lambda: cx.satisfaction.drivers(df, "churn_free", cols, family="logit", method="shapley",
                                                     scale=(1, 5)), repeat=1)
    masks = rng.choice(np.arange(1, 2**K), SUBSETS, replace=False)
    t0 = time.perf_counter()
    r2_sm = []
    for m in masks:
        idx = [j for j in range(K) if m >> j & 1]
        fit = sm.GLM(y, sm.add_constant(X[:, idx]), family=sm.families.Binomial()).fit()
        r2_sm.append(1 - fit.llf / fit.llnull)
    per_fit = (time.perf_counter() - t0) / SUBSETS
    total = per_fit * (2**K - 1)
    ours, _ = subset_mcfadden(collapse(X, y, None))
    err = np.abs(ours[masks] - np.array(r2_sm)).max()
    print(f"Shapley of McFadden's R2 ({2**K - 1:,} logistic fits): {t_sh:.2f} s; baseline: statsmodels GLM per "
          f"subset, {per_fit * 1e3:.0f} ms x {2**K - 1:,} = {total:.0f} s (timed on {SUBSETS} random subsets); "
          f"ratio {total / t_sh:.0f}x; max |R2 difference| {err:.1e}; sum of Shapley values "
          f"{sh.table['weight'].sum():.4f} = McFadden R2 {sh.r2:.4f}")

    t_boot, boot = timed(lambda: cx.satisfaction.drivers(df, "churn_free", cols, family="logit", scale=(1, 5),
                                                         n_boot=N_BOOT, random_state=1, progress=False), repeat=1)
    t0 = time.perf_counter()
    for _ in range(RESAMPLES):
        idx = rng.integers(0, len(y), len(y))
        rwa_recipe(X[idx], y[idx])
    per_boot = (time.perf_counter() - t0) / RESAMPLES
    print(f"relative weights with {N_BOOT} bootstrap resamples: {t_boot:.2f} s "
          f"({boot.fits['n_boot_used'].iloc[0]} resamples used); baseline: the recipe refitted per resample, "
          f"{per_boot:.2f} s x {N_BOOT} = {per_boot * N_BOOT:.0f} s; ratio {per_boot * N_BOOT / t_boot:.0f}x")

    t_pr, pr = timed(lambda: cx.satisfaction.penalty_reward(df, "churn_free", cols, family="logit", scale=(1, 5)))
    design = np.column_stack([np.column_stack([X[:, j] <= 2, X[:, j] >= 4]) for j in range(K)]).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_prb, fit = timed(lambda: sm.GLM(y, sm.add_constant(design), family=sm.families.Binomial()).fit())
    pen = np.abs(pr.table["penalty"].to_numpy() - fit.params[1::2]).max()
    print(f"penalty_reward (family='logit', {2 * K} band dummies), {N:,} rows: {t_pr:.3f} s; baseline: one "
          f"statsmodels GLM on the dummies {t_prb:.3f} s; ratio {t_prb / t_pr:.1f}x; max |penalty difference| "
          f"{pen:.1e}")


def airline(n: int = 26_000, k: int = 14, seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    """The 14 service ratings and the 0/1 outcome: real (CX_AIRLINE_CSV) or a seeded simulation of that shape."""
    path = os.environ.get("CX_AIRLINE_CSV")
    if path and os.path.exists(path):
        df = pd.read_csv(path)
        cols = [c for c in df.columns if c != "satisfied"][:k]
        used = df[[*cols, "satisfied"]].dropna()
        return used[cols].to_numpy(float), used["satisfied"].to_numpy(float), f"real data ({path})"
    rng = np.random.default_rng(seed)
    X = np.clip(np.rint(2.8 + 0.9 * rng.normal(size=(n, 1)) + 1.1 * rng.normal(size=(n, k))), 0, 5)
    y = (rng.random(n) < 1 / (1 + np.exp(2.5 - (X - 2.8) @ np.linspace(0.5, 0.02, k)))).astype(float)
    return X, y, "seeded simulation (ratings 0-5, a common factor)"


def shapley14() -> None:
    X, y, source = airline()
    k = X.shape[1]
    b = collapse(X, y, None)
    load = os.getloadavg()[0]
    t_new, (new, _) = timed(lambda: subset_mcfadden(b), repeat=1)
    t_old, (old, _) = timed(lambda: _subset_mcfadden_one_by_one(b), repeat=1)
    r2_gap = float(np.abs(new - old).max())
    gap = float(np.abs(shapley_values(new, k) - shapley_values(old, k)).max())
    print(f"Shapley of McFadden's R2, {k} attributes x {len(y):,} rows ({source}; {len(b.m):,} patterns; "
          f"{2**k - 1:,} fits): batched {t_new:.1f} s, former one by one {t_old:.1f} s, {t_old / t_new:.1f}x; "
          f"max |subset R2 difference| {r2_gap:.1e}, max |Shapley difference| {gap:.1e}; load {load:.1f} -> "
          f"{os.getloadavg()[0]:.1f}")
    record("logistic Shapley: 2^k McFadden R2 fits", f"{k} attributes x {len(y):,} rows", t_new,
           "former one-by-one fits (same process)", t_old, agreement=gap, note=source)


if __name__ == "__main__":
    if "--shapley14" in sys.argv:
        shapley14()
    else:
        main()
        shapley14()
