"""drivers(..., family="logit"): logistic relative weights, Shapley values of McFadden's R2, separation.

References used here:

* R's ``glm(am ~ hp + wt, family = binomial, data = mtcars)`` as printed by ``summary()``
  (the same printout appears in many R tutorials, e.g. r-tutor.com's logistic regression
  page): coefficients 18.86630, 0.03626, -8.08348; standard errors 7.44356, 0.01773,
  3.06868; null deviance 43.230 on 31 df, residual deviance 10.059 on 29 df.
* R's ``rwa::rwa_logit`` (github.com/martinctc/rwa, R/rwa_logit.R), re-derived step by step
  in :func:`rwa_logit_by_hand` with numpy and statsmodels (R cannot be installed here, and no
  printout of ``rwa_logit`` on a converged example was found). The package's own printed
  example (``high_mpg ~ cyl + disp + hp + wt``) is completely separated: the GLM does not
  converge, and this must be reported, not weighted.
"""

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import cxresearch as cx
from cxresearch.errors import CXInputError, SeparationWarning

# mtcars (R datasets; Henderson & Velleman 1981; public domain): the columns used here.
MTCARS = pd.DataFrame({
    "mpg": [21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7,
            32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4],
    "cyl": [6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4],
    "disp": [160.0, 160.0, 108.0, 258.0, 360.0, 225.0, 360.0, 146.7, 140.8, 167.6, 167.6, 275.8, 275.8, 275.8, 472.0,
             460.0, 440.0, 78.7, 75.7, 71.1, 120.1, 318.0, 304.0, 350.0, 400.0, 79.0, 120.3, 95.1, 351.0, 145.0,
             301.0, 121.0],
    "hp": [110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150,
           245, 175, 66, 91, 113, 264, 175, 335, 109],
    "wt": [2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345,
           2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78],
    "vs": [0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1],
    "am": [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1],
})
CONVERGED = [("am", ["hp", "wt"]), ("vs", ["mpg", "hp", "wt"]), ("am", ["mpg", "disp", "hp"])]


def rwa_logit_by_hand(df, outcome, predictors, w=None):
    """rwa::rwa_logit, line by line, in numpy and statsmodels (``w``: frequency weights, for the checks)."""
    Y = df[outcome].to_numpy(float)
    X = df[predictors].to_numpy(float)
    X = (X - X.mean(0)) / X.std(0, ddof=1)  # scale()
    P, _, Qt = np.linalg.svd(X, full_matrices=False)  # X.svd <- svd(X); Q <- v; P <- u
    Z = P @ Qt  # Z <- P %*% t(Q)
    Zs = (Z - Z.mean(0)) / Z.std(0, ddof=1)  # Z.stand <- scale(Z)
    Lambda = np.linalg.solve(Zs.T @ Zs, Zs.T @ X)  # solve(t(Z.stand) %*% Z.stand) %*% t(Z.stand) %*% X
    fit = sm.GLM(Y, sm.add_constant(Zs), family=sm.families.Binomial()).fit(tol=1e-13)  # glm(Y ~ Z.stand)
    b = fit.params[1:]
    p = np.clip(fit.fittedvalues, 1e-10, 1 - 1e-10)  # LpredY, clamped
    lYhat = np.log(p / (1 - p))
    rsq = np.corrcoef(p, Y)[0, 1] ** 2  # summary(lm(LpredY ~ Y))$r.squared
    beta = b * np.sqrt(rsq) / lYhat.std(ddof=1)
    epsilon = Lambda**2 @ beta**2
    return epsilon, epsilon.sum()


def _logit(df, outcome, attributes, **kw):
    return cx.satisfaction.drivers(df, outcome, attributes, family="logit", **kw)


def test_the_mtcars_columns_here_are_those_of_the_shared_copy(shared):
    real = pd.read_csv(shared("mtcars", "mtcars.csv"))
    pd.testing.assert_frame_equal(real[MTCARS.columns], MTCARS, check_dtype=False)


def test_the_logistic_fit_of_am_on_hp_and_wt_is_rs_printed_glm():
    res = _logit(MTCARS, "am", ["hp", "wt"])
    sd = MTCARS[["hp", "wt"]].std(ddof=0).to_numpy()
    coef = np.log(res.table["odds_ratio"].to_numpy())
    assert np.abs(coef - [0.03626, -8.08348]).max() <= 0.5e-5  # printed to 5 decimals
    se = (res.table["beta_ci_high"] - res.table["beta"]).to_numpy() / 1.959963984540054 / sd
    assert np.abs(se - [0.01773, 3.06868]).max() <= 0.5e-5
    assert abs(res.fits["mcfadden_r2"].iloc[0] - (1 - 10.059 / 43.230)) < 2e-5  # deviances printed to 3 decimals
    assert res.fits["status"].iloc[0] == "converged" and (res.table["status"] == "").all()


@pytest.mark.parametrize("outcome, predictors", CONVERGED)
def test_relative_weights_are_rwa_logit(outcome, predictors):
    epsilon, rsq = rwa_logit_by_hand(MTCARS, outcome, predictors)
    res = _logit(MTCARS, outcome, predictors)
    np.testing.assert_allclose(res.table["weight"], epsilon, rtol=0, atol=1e-6)
    assert abs(res.r2 - rsq) < 1e-6
    # identities: the weights sum to R2, pct_r2 to 100, rank 1 is the largest weight
    assert abs(res.table["weight"].sum() - res.r2) < 1e-9  # exact in theory; here within the fit's convergence
    assert abs(res.table["pct_r2"].sum() - 100) < 1e-6
    assert res.table["rank"].tolist() == (1 + (-res.table["weight"]).argsort().argsort()).tolist()


def test_rwas_own_mtcars_example_is_reported_as_separated():
    df = MTCARS.assign(high_mpg=(MTCARS["mpg"] > MTCARS["mpg"].median()).astype(int))
    cols = ["cyl", "disp", "hp", "wt"]
    for method in ("relative_weights", "shapley"):
        with pytest.warns(SeparationWarning, match=r"'high_mpg' are separated by the attributes.*separated "
                          r"\(complete\): weights not identified \(.*\)"):
            res = _logit(df, "high_mpg", cols, method=method)
        assert (res.table["status"] == "separated (complete): weights not identified").all()
        assert res.table[["weight", "pct_r2", "beta", "odds_ratio", "rank"]].isna().all().all()
        assert np.isnan(res.r2) and res.fits["status"].iloc[0].startswith("separated (complete)")
        assert "not identified" in res.settings
        assert res.plot().axes  # a figure that says so, no bars


def test_quasi_complete_separation_is_found_and_named():
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"a": rng.integers(1, 6, 400), "b": rng.integers(1, 6, 400)})
    df["y"] = (df["a"] > 3).astype(int)  # no below a = 3, yes above it: only a = 3 has both answers
    middle = df["a"] == 3
    df.loc[middle, "y"] = (rng.random(int(middle.sum())) < 0.2 + 0.1 * df.loc[middle, "b"]).astype(int)
    with pytest.warns(SeparationWarning):
        res = _logit(df, "y", ["a", "b"])
    assert res.fits["status"].iloc[0] == "separated (quasi-complete): weights not identified"
    assert "a" in res.fits["separating"].iloc[0].split(", ")
    df.loc[df.index[df["a"] == 1][:3], "y"] = 1  # three yes answers at a = 1: the estimates exist again
    with warnings.catch_warnings():
        warnings.simplefilter("error", SeparationWarning)
        assert _logit(df, "y", ["a", "b"]).fits["status"].iloc[0] == "converged"


def _simulated(n, coef, seed, rho=0.0):
    rng = np.random.default_rng(seed)
    k = len(coef)
    cov = np.full((k, k), rho) + (1 - rho) * np.eye(k)
    X = rng.multivariate_normal(np.zeros(k), cov, size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + X @ coef)))).astype(int)
    return pd.DataFrame(X, columns=[f"x{j}" for j in range(k)]).assign(y=y)


@pytest.mark.parametrize("method", ["relative_weights", "shapley"])
def test_recovers_the_order_of_known_effects(method):
    coef = np.array([1.2, 0.8, 0.5, 0.25, 0.0])
    df = _simulated(20_000, coef, seed=11)
    res = _logit(df, "y", list(df.columns[:-1]), method=method)
    assert res.table["rank"].tolist() == [1, 2, 3, 4, 5]
    assert res.table["weight"].iloc[-1] < 0.002  # the attribute without an effect
    # the coefficients per SD are the true ones (the predictors are standard normal)
    assert np.all(np.abs(res.table["beta"] - coef) < 4 * (res.table["beta_ci_high"] - res.table["beta"]) / 1.96)


def test_shapley_values_are_those_of_every_order_of_statsmodels_fits():
    df = _simulated(400, np.array([0.9, -0.4, 0.3]), seed=2, rho=0.4)
    cols = ["x0", "x1", "x2"]
    y = df["y"].to_numpy()
    r2 = {}
    for size in range(4):
        for subset in itertools.combinations(cols, size):
            X = np.ones((len(df), 1)) if not subset else sm.add_constant(df[list(subset)].to_numpy())
            fit = sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-13)
            r2[frozenset(subset)] = 1 - fit.llf / fit.llnull
    orders = list(itertools.permutations(cols))
    by_hand = [np.mean([r2[frozenset(o[:o.index(c) + 1])] - r2[frozenset(o[:o.index(c)])] for o in orders])
               for c in cols]
    res = _logit(df, "y", cols, method="shapley")
    np.testing.assert_allclose(res.table["weight"], by_hand, rtol=0, atol=1e-9)
    assert abs(res.r2 - r2[frozenset(cols)]) < 1e-9 and abs(res.table["weight"].sum() - res.r2) < 1e-12


def test_the_bootstrap_is_a_refit_on_resampled_rows():
    df = _simulated(300, np.array([1.0, 0.5, 0.0]), seed=4, rho=0.3)
    cols = ["x0", "x1", "x2"]
    res = _logit(df, "y", cols, n_boot=40, random_state=5, progress=False)
    rng = np.random.default_rng(5)
    draws = np.array([rwa_logit_by_hand(df.iloc[rng.integers(0, 300, 300)], "y", cols)[0] for _ in range(40)])
    np.testing.assert_allclose(res.table["weight_ci_low"], np.percentile(draws, 2.5, axis=0), atol=1e-6)
    np.testing.assert_allclose(res.table["weight_ci_high"], np.percentile(draws, 97.5, axis=0), atol=1e-6)
    assert res.fits["n_boot_used"].iloc[0] == 40
    again = _logit(df, "y", cols, n_boot=40, random_state=5, progress=False)
    pd.testing.assert_frame_equal(res.table, again.table)


def test_integer_weights_give_the_estimates_of_replicated_rows():
    df = _simulated(500, np.array([0.8, 0.4]), seed=6)
    df["w"] = np.random.default_rng(7).integers(1, 4, len(df))
    cols = ["x0", "x1"]
    for method in ("relative_weights", "shapley"):
        weighted = _logit(df, "y", cols, weights="w", method=method)
        replicated = _logit(df.loc[df.index.repeat(df["w"])], "y", cols, method=method)
        for c in ("weight", "beta", "odds_ratio", "r", "mean"):
            np.testing.assert_allclose(weighted.table[c], replicated.table[c], rtol=1e-8, atol=1e-10)
        assert abs(weighted.r2 - replicated.r2) < 1e-10
    # intervals: the information with the weights rescaled to sum to Kish's n_eff
    w = df["w"].to_numpy(float)
    n_eff = w.sum() ** 2 / (w**2).sum()
    X = sm.add_constant(((df[cols] - np.average(df[cols], axis=0, weights=w))
                         / np.sqrt(np.average((df[cols] - np.average(df[cols], axis=0, weights=w)) ** 2, axis=0,
                                              weights=w))).to_numpy())
    ref = sm.GLM(df["y"].to_numpy(), X, family=sm.families.Binomial(), freq_weights=w * n_eff / w.sum()).fit(tol=1e-13)
    half = (weighted.table["beta_ci_high"] - weighted.table["beta"]).to_numpy() / 1.959963984540054
    np.testing.assert_allclose(half, ref.bse[1:], rtol=1e-7)
    assert weighted.fits["n_eff"].iloc[0] == pytest.approx(n_eff)
    equal = _logit(df.assign(w=2.5), "y", cols, weights="w")  # all-equal weights: the unweighted result
    pd.testing.assert_frame_equal(equal.table, _logit(df, "y", cols).table, rtol=1e-9)


def test_missing_values_and_codes_are_counted_and_0_stays_an_answer():
    df = _simulated(300, np.array([0.8, 0.4]), seed=8)
    df.loc[[0, 1], "y"] = 99
    df.loc[2, "y"] = np.nan
    df.loc[[3, 4], "x0"] = np.nan
    res = _logit(df, "y", ["x0", "x1"], missing_codes=[0, 99])  # 0 is a code for the ratings, an answer in y
    assert res.rows.n_used == 295 and res.fits["n"].iloc[0] == 295
    assert res.rows.excluded == {"outcome missing": 3, "an attribute rating missing": 2}
    assert res.rows.recoded == {"y": 2}
    by_hand = _logit(df.drop(index=[0, 1, 2, 3, 4]), "y", ["x0", "x1"])
    np.testing.assert_allclose(res.table["weight"], by_hand.table["weight"], rtol=1e-12)
    with pytest.raises(CXInputError, match="Column 'y' has 3 missing value"):
        _logit(df.drop(index=[3, 4]), "y", ["x0", "x1"], missing="raise", missing_codes=[99])


def test_true_false_and_0_1_give_the_same_model_and_segments_are_separate_models():
    df = _simulated(600, np.array([0.8, 0.4]), seed=9).assign(seg=lambda d: np.where(d.index % 3, "a", "b"))
    as_bool = _logit(df.assign(y=df["y"].astype(bool)), "y", ["x0", "x1"])
    pd.testing.assert_frame_equal(as_bool.table, _logit(df, "y", ["x0", "x1"]).table)
    by = _logit(df, "y", ["x0", "x1"], by="seg", method="shapley")
    for seg, part in by.table.groupby("seg"):
        alone = _logit(df[df["seg"] == seg], "y", ["x0", "x1"], method="shapley")
        np.testing.assert_allclose(part["weight"], alone.table["weight"], rtol=1e-12)
    assert list(by.fits["seg"]) == ["a", "b"] and by.rows.n_used == 600


@pytest.mark.parametrize("values, shown", [
    (["no", "yes"], r"'no' \(\d+ rows?\), 'yes' \(\d+ rows?\)"),
    ([1, 2], r"2 \(\d+ rows?\)"),
    ([0, 1, 2], r"2 \(\d+ rows?\)"),
])
def test_an_outcome_that_is_not_yes_no_is_refused_with_its_values_and_rows(values, shown):
    df = _simulated(60, np.array([0.5]), seed=1)
    df["y"] = [values[i % len(values)] for i in range(60)]
    with pytest.raises(CXInputError, match=rf"Column 'y': \d+ row\(s\) with values that are not 0 or 1 \(family="
                       rf"'logit' models a yes/no outcome: 1 = yes, 0 = no\): {shown}; first row positions: \d"):
        _logit(df, "y", ["x0"])


def test_other_bad_input_is_refused_by_name():
    df = _simulated(100, np.array([0.5, 0.2]), seed=2)
    m = cx.satisfaction.moments(df, ["y", "x0", "x1"])
    with pytest.raises(CXInputError, match=r"`family` must be None or 'linear' with a Moments input \(it needs the respondents' "
                       r"rows: a logistic model is fitted to them.*got 'logit'"):
        _logit(m, "y", ["x0", "x1"])
    with pytest.raises(CXInputError, match=r"`method` must be 'relative_weights' or 'shapley' with family='logit'"):
        _logit(df, "y", ["x0", "x1"], method="ols")
    with pytest.raises(CXInputError, match=r"`outcome_scale` must be None with family='logit'"):
        _logit(df, "y", ["x0", "x1"], outcome_scale=(0, 1))
    wide = pd.DataFrame(np.random.default_rng(0).normal(size=(50, 16)), columns=[f"a{j}" for j in range(16)])
    with pytest.raises(CXInputError, match=r"at most 15 columns with method='shapley' and family='logit'"):
        _logit(wide.assign(y=np.arange(50) % 2), "y", list(wide.columns), method="shapley")
    with pytest.raises(CXInputError, match=r"Outcome 'y' is constant \(1 in all 50 rows used\)"):
        _logit(df.iloc[:50].assign(y=1), "y", ["x0", "x1"])
    with pytest.raises(CXInputError, match="outcome column 'yy' not found"):
        _logit(df, "yy", ["x0", "x1"])


def test_a_polars_frame_gives_the_pandas_result():
    pl = pytest.importorskip("polars")
    df = _simulated(200, np.array([0.8, 0.4]), seed=10)
    res = _logit(pl.from_pandas(df), "y", ["x0", "x1"])
    pd.testing.assert_frame_equal(res.table, _logit(df, "y", ["x0", "x1"]).table)


def test_real_mtcars_file_gives_the_embedded_result(shared):
    real = pd.read_csv(shared("mtcars", "mtcars.csv"))
    for outcome, predictors in CONVERGED:
        pd.testing.assert_frame_equal(_logit(real, outcome, predictors).table,
                                      _logit(MTCARS, outcome, predictors).table)
