"""Speed without new numbers: closed-form betas, and the bootstrap by resampling moment contributions.

* ``drivers``' standardised betas, standard errors, p-values and intervals come from the
  correlation matrix in closed form: they equal statsmodels OLS on z-scores to 1e-12;
* relative weights equal the ``relativeImp`` package's (when installed);
* the bootstrap draws the same resamples as a refit on the rows with the same generator,
  so its percentile intervals equal those of a naive refit loop written here (1e-10).
"""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import cxresearch as cx
from cxresearch._core.categories import classify
from cxresearch.errors import CXInputError
from cxresearch.satisfaction import _importance
from cxresearch.satisfaction._resample import counts


def _ratings(rng, n=600, k=5):
    common = rng.normal(size=(n, 1))
    X = np.clip(np.round(3 + 0.8 * common + rng.normal(size=(n, k))), 1, 5)
    y = X @ np.linspace(0.6, 0.1, k) + rng.normal(size=n)
    cols = [f"x{j}" for j in range(k)]
    return pd.DataFrame(X, columns=cols).assign(y=y, w=rng.integers(1, 4, n).astype(float)), cols


def test_closed_form_betas_equal_statsmodels_ols_on_z_scores(rng):
    df, cols = _ratings(rng)
    res = cx.satisfaction.drivers(df, "y", cols, method="ols", confidence=0.9)
    z = lambda a: (a - a.mean(axis=0)) / a.std(axis=0)  # noqa: E731
    fit = sm.OLS(z(df["y"].to_numpy()), sm.add_constant(z(df[cols].to_numpy()))).fit()
    t = res.table
    np.testing.assert_allclose(t["beta"], fit.params[1:], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(t[["beta_ci_low", "beta_ci_high"]], fit.conf_int(0.1)[1:], rtol=1e-12)
    np.testing.assert_allclose(t["p_value"], fit.pvalues[1:], rtol=1e-9)
    assert res.r2 == pytest.approx(fit.rsquared, rel=1e-12) and res.adj_r2 == pytest.approx(fit.rsquared_adj, rel=1e-12)


@pytest.mark.parametrize("k", [8, 12, 15])
def test_relative_weights_equal_the_relativeimp_package(rng, k):
    relative_imp = pytest.importorskip("relativeImp").relativeImp
    df, cols = _ratings(rng, n=2000, k=k)
    theirs = relative_imp(df, "y", cols)["rawRelaImpt"].to_numpy()
    np.testing.assert_allclose(cx.satisfaction.drivers(df, "y", cols).table["weight"], theirs, rtol=1e-10, atol=1e-13)


def test_counts_are_the_draws_of_successive_integer_calls():
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    expected = np.stack([np.bincount(b.integers(0, 7, 7), minlength=7) for _ in range(5)])
    np.testing.assert_array_equal(counts(a, 7, 5), expected)
    assert a.integers(0, 100) == b.integers(0, 100)  # and the generator is left in the same state


def _weighted_corr(M, w):
    C = np.cov(M, rowvar=False, aweights=w)
    d = np.sqrt(np.diag(C))
    return C / np.outer(d, d)


@pytest.mark.parametrize("method", ["relative_weights", "shapley", "ols"])
@pytest.mark.parametrize("weighted", [False, True])
def test_drivers_bootstrap_equals_a_naive_refit_loop(rng, method, weighted):
    df, cols = _ratings(rng, n=300, k=4)
    res = cx.satisfaction.drivers(df, "y", cols, method=method, n_boot=150, random_state=11, confidence=0.9,
                                  weights="w" if weighted else None)
    gen, M, w = np.random.default_rng(11), df[["y", *cols]].to_numpy(), df["w"].to_numpy()
    out = np.full((150, len(cols)), np.nan)
    for b in range(150):
        rows = gen.integers(0, len(M), len(M))
        if (np.ptp(M[rows], axis=0) == 0).any():
            continue
        R = _weighted_corr(M[rows], w[rows]) if weighted else np.corrcoef(M[rows], rowvar=False)
        if np.linalg.cond(R[1:, 1:]) < 1e12:
            out[b] = _importance.weights(R, method)
    np.testing.assert_allclose(res.table["weight_ci_low"], np.nanpercentile(out, 5, axis=0), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(res.table["weight_ci_high"], np.nanpercentile(out, 95, axis=0), rtol=1e-10, atol=1e-12)


def _naive_penalty_boot(df, cols, n_boot, seed, factor, bounds=(-0.2, 0.2), w=None):
    """The bootstrap as it was written before: resample rows, refit by lstsq, classify."""
    y = df["y"].to_numpy()
    D = np.column_stack([np.ones(len(df))] + [(df[a] <= 2) if k == "low" else (df[a] >= 4)
                                             for a in cols for k in ("low", "high")]).astype(float)
    gen = np.random.default_rng(seed)
    asym, agree = np.full((n_boot, len(cols)), np.nan), np.full((n_boot, len(cols)), np.nan)
    for b in range(n_boot):
        rows = gen.integers(0, len(y), len(y))
        X, yb = D[rows], y[rows]
        if w is not None:
            X, yb = X * np.sqrt(w[rows])[:, None], yb * np.sqrt(w[rows])
        present = X.any(axis=0)
        coef = np.full(D.shape[1], np.nan)
        coef[present] = np.linalg.lstsq(X[:, present], yb, rcond=None)[0]
        a, f, _ = classify(coef[1::2], coef[2::2], bounds)
        asym[b], agree[b] = a, np.where(np.isnan(a), np.nan, f == factor)
    with np.errstate(all="ignore"):
        return np.nanpercentile(asym, 5, axis=0), np.nanpercentile(asym, 95, axis=0), np.nanmean(agree, axis=0)


@pytest.mark.filterwarnings("ignore::cxresearch.errors.ThinDataWarning")
@pytest.mark.filterwarnings("ignore::cxresearch.errors.UnexpectedSignWarning")
@pytest.mark.parametrize("n, weighted", [(400, False), (60, False), (400, True)])
def test_penalty_reward_bootstrap_equals_a_naive_refit_loop(rng, n, weighted):
    # n = 60: some resamples have an empty band, whose effect is then undefined in both
    r = rng.integers(1, 6, size=(n, 3))
    y = 5 + ((r <= 2) * [-1.0, -0.3, -0.1] + (r >= 4) * [0.1, 0.3, 0.9]).sum(axis=1) + rng.normal(size=n)
    df = pd.DataFrame(r, columns=list("abc")).assign(y=y, w=rng.integers(1, 4, n).astype(float))
    res = cx.satisfaction.penalty_reward(df, "y", list("abc"), scale=(1, 5), n_boot=200, random_state=5,
                                         confidence=0.9, weights="w" if weighted else None)
    t = res.table
    low, high, share = _naive_penalty_boot(df, list("abc"), 200, 5, t["factor"].to_numpy(),
                                           w=df["w"].to_numpy() if weighted else None)
    np.testing.assert_allclose(t["asymmetry_ci_low"], low, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(t["asymmetry_ci_high"], high, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(t["factor_share"], share, rtol=1e-12)


def test_progress_is_checked():
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")][:4]
    with pytest.raises(CXInputError, match="`progress` must be True or False; got 'yes'"):
        cx.satisfaction.drivers(df, "overall", cols, progress="yes")


@pytest.mark.parametrize("weighted", [False, True])
def test_large_samples_resample_row_by_row_with_the_same_draws(rng, monkeypatch, weighted):
    # beyond the memory bound for the row contributions, each resample is formed from the rows
    # with its counts: the same resamples, the same intervals
    df, cols = _ratings(rng, n=300, k=4)
    kw = dict(n_boot=40, random_state=2, weights="w" if weighted else None)
    one_product = cx.satisfaction.drivers(df, "y", cols, **kw).table
    monkeypatch.setattr("cxresearch.satisfaction._resample._PRODUCTS", 10)
    row_by_row = cx.satisfaction.drivers(df, "y", cols, **kw).table
    np.testing.assert_allclose(row_by_row["weight_ci_low"], one_product["weight_ci_low"], rtol=1e-12)
    np.testing.assert_allclose(row_by_row["weight_ci_high"], one_product["weight_ci_high"], rtol=1e-12)
    pr = cx.satisfaction.penalty_reward(df, "y", cols, scale=(1, 5), min_n=0, **kw).table
    monkeypatch.undo()
    np.testing.assert_allclose(pr["asymmetry_ci_low"], cx.satisfaction.penalty_reward(
        df, "y", cols, scale=(1, 5), min_n=0, **kw).table["asymmetry_ci_low"], rtol=1e-10)
