"""Survey (sampling) weights in the rating models: the identities and the interval formula.

* integer weights give exactly the point estimates of replicating each row ``w`` times;
* all-equal weights give the unweighted result, point estimates *and* intervals;
* zero weights drop the rows (counted), missing / infinite / negative weights are refused by name;
* intervals: WLS covariance with Kish's effective sample size in the residual degrees of freedom,
  checked against statsmodels WLS and by hand.
"""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError

ATTRS = ["a", "b", "c"]
POINT = {  # the point-estimate columns of each model's table
    "drivers": ["mean", "r", "beta", "weight", "pct_r2", "rank"],
    "penalty_reward": ["penalty", "reward", "range_of_impact", "asymmetry", "factor"],
}


@pytest.fixture
def survey(rng):
    n = 400
    X = rng.integers(1, 6, size=(n, 3)).astype(float)
    y = 4 + ((X <= 2) * [-1.0, -0.4, -0.1] + (X >= 4) * [0.1, 0.5, 0.9]).sum(axis=1) + rng.normal(size=n)
    return pd.DataFrame(X, columns=ATTRS).assign(y=y, w=rng.integers(1, 5, n).astype(float),
                                                seg=rng.choice(["p", "q"], n))


def _replicated(df: pd.DataFrame) -> pd.DataFrame:
    return df.loc[df.index.repeat(df["w"].astype(int))].reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame, cols, tol=1e-10):
    for c in cols:
        if not pd.api.types.is_numeric_dtype(a[c]):
            assert a[c].tolist() == b[c].tolist(), c
        else:
            np.testing.assert_allclose(a[c].astype(float), b[c].astype(float), rtol=tol, atol=tol, err_msg=c)


@pytest.mark.parametrize("method", ["relative_weights", "shapley", "ols"])
def test_drivers_integer_weights_equal_replicated_rows(survey, method):
    res = cx.satisfaction.drivers(survey, "y", ATTRS, method=method, weights="w", by="seg")
    rep = cx.satisfaction.drivers(_replicated(survey), "y", ATTRS, method=method, by="seg")
    _same(res.table, rep.table, POINT["drivers"] if method != "ols" else ["mean", "r", "beta", "weight", "rank"])
    np.testing.assert_allclose(res.fits["r2"], rep.fits["r2"], rtol=1e-12)
    # the intervals are not those of replicated rows (sampling weights, not frequency weights)
    assert (res.table["beta_ci_high"] - res.table["beta_ci_low"] > rep.table["beta_ci_high"] - rep.table["beta_ci_low"]).all()
    assert res.fits["n"].tolist() == survey.groupby("seg").size().tolist()
    assert res.settings["weights"].startswith("'w': sampling weights")


def test_penalty_reward_integer_weights_equal_replicated_rows(survey):
    res = cx.satisfaction.penalty_reward(survey, "y", ATTRS, weights="w", scale=(1, 5), by="seg", min_n=0)
    rep = cx.satisfaction.penalty_reward(_replicated(survey), "y", ATTRS, scale=(1, 5), by="seg", min_n=0)
    _same(res.table, rep.table, POINT["penalty_reward"])
    np.testing.assert_allclose(res.fits["r2"], rep.fits["r2"], rtol=1e-12)
    # band counts: the weighted count with the weights scaled to the rows used (the weighted base)
    seg = survey[survey["seg"] == "p"]
    low = (seg["w"] * (seg["a"] <= 2)).sum() * len(seg) / seg["w"].sum()
    assert res.table.loc[0, "n_low"] == pytest.approx(low, rel=1e-12)
    assert res.tests is not None  # WLS with the HC1 sandwich on the rows


def test_gap_analysis_and_surface_integer_weights_equal_replicated_rows(survey):
    long = pd.DataFrame({"attribute": np.repeat(["a", "b"], 200), "experience": survey["a"].to_numpy(),
                         "expectation": survey["b"].to_numpy(), "importance": survey["c"].to_numpy(),
                         "w": survey["w"].to_numpy()})
    res = cx.satisfaction.gap_analysis(long, weights="w")
    rep = cx.satisfaction.gap_analysis(_replicated(long))
    _same(res.table, rep.table, ["experience", "expectation", "importance", "gap", "weighted_gap", "priority"])
    assert "n_eff" in res.table and res.table["n"].tolist() == [200, 200]
    s = cx.satisfaction.disconfirmation(survey, "y", "a", "b", weights="w", centre="mean")
    r = cx.satisfaction.disconfirmation(_replicated(survey), "y", "a", "b", centre="mean")
    _same(s.table, r.table, ["estimate"])
    assert s.centre == pytest.approx(r.centre, rel=1e-12) and s.r2 == pytest.approx(r.r2, rel=1e-12)


@pytest.mark.parametrize("model", ["drivers", "penalty_reward", "disconfirmation", "gap_analysis"])
def test_equal_weights_give_the_unweighted_result_with_its_intervals(survey, model):
    df = survey.assign(w=2.5)
    if model == "gap_analysis":
        long = pd.DataFrame({"attribute": np.repeat(["a", "b"], 200), "experience": df["a"], "expectation": df["b"],
                             "importance": df["c"], "w": 2.5})
        a, b = cx.satisfaction.gap_analysis(long, weights="w").table, cx.satisfaction.gap_analysis(long).table
        _same(a, b, [c for c in b.columns if c != "attribute"], tol=1e-12)
        return
    call = {"drivers": lambda **k: cx.satisfaction.drivers(df, "y", ATTRS, by="seg", n_boot=40, random_state=4, **k),
            "penalty_reward": lambda **k: cx.satisfaction.penalty_reward(df, "y", ATTRS, by="seg", min_n=0, **k),
            "disconfirmation": lambda **k: cx.satisfaction.disconfirmation(df, "y", "a", "b", **k)}[model]
    a, b = call(weights="w"), call()
    num = [c for c in b.table.columns if pd.api.types.is_numeric_dtype(b.table[c])]
    _same(a.table, b.table, num, tol=1e-10)
    if model == "disconfirmation":
        _same(a.tests, b.tests, ["F", "df_denom", "p_value"], tol=1e-10)
    if model == "penalty_reward":
        _same(a.tests, b.tests, ["F", "p_value"], tol=1e-8)


def test_zero_weights_leave_rows_out_and_are_counted(survey):
    df = survey.copy()
    df.loc[:9, "w"] = 0.0
    res = cx.satisfaction.drivers(df, "y", ATTRS, weights="w")
    kept = cx.satisfaction.drivers(df.iloc[10:], "y", ATTRS, weights="w")
    _same(res.table, kept.table, ["beta", "beta_ci_low", "beta_ci_high", "p_value", "weight"], tol=1e-12)
    assert res.rows.excluded == {"weight zero": 10} and res.rows.n_used == 390


@pytest.mark.parametrize("model", ["drivers", "penalty_reward", "disconfirmation", "gap_analysis", "moments"])
@pytest.mark.parametrize("bad, shown", [(-1.0, "-1.0"), (np.inf, "inf"), (np.nan, "nan")])
def test_bad_weights_are_refused_by_name(survey, model, bad, shown):
    df = survey.copy()
    df.loc[5, "w"] = bad
    long = pd.DataFrame({"attribute": "a", "experience": df["a"], "expectation": df["b"], "importance": 1.0,
                         "w": df["w"]})
    call = {"drivers": lambda: cx.satisfaction.drivers(df, "y", ATTRS, weights="w"),
            "penalty_reward": lambda: cx.satisfaction.penalty_reward(df, "y", ATTRS, weights="w"),
            "disconfirmation": lambda: cx.satisfaction.disconfirmation(df, "y", "a", "b", weights="w"),
            "gap_analysis": lambda: cx.satisfaction.gap_analysis(long, weights="w"),
            "moments": lambda: cx.satisfaction.moments(df, ["y", *ATTRS], weights="w")}[model]
    with pytest.raises(CXInputError, match=rf"Column 'w': 1 row\(s\) with values that are not non-negative finite "
                                           rf"numbers \(weights\): {shown} \(1 row\); first row positions: 5"):
        call()
    with pytest.raises(CXInputError, match="weights column 'ww' not found"):
        cx.satisfaction.drivers(survey, "y", ATTRS, weights="ww")
    with pytest.raises(CXInputError, match="`weights` must be a column other than"):
        cx.satisfaction.drivers(survey, "y", ATTRS, weights="a")


def test_drivers_weighted_correlations_and_kish_intervals_by_hand(survey):
    w, cols = survey["w"].to_numpy(), ["y", *ATTRS]
    C = np.cov(survey[cols].to_numpy(), rowvar=False, aweights=w)
    d = np.sqrt(np.diag(C))
    R = C / np.outer(d, d)
    beta = np.linalg.solve(R[1:, 1:], R[1:, 0])
    r2 = R[1:, 0] @ beta
    n_eff = w.sum() ** 2 / (w @ w)
    df_resid = n_eff - 3 - 1
    se = np.sqrt((1 - r2) / df_resid * np.diag(np.linalg.inv(R[1:, 1:])))
    res = cx.satisfaction.drivers(survey, "y", ATTRS, weights="w", method="ols")
    np.testing.assert_allclose(res.table["r"], R[1:, 0], rtol=1e-12)
    np.testing.assert_allclose(res.table["beta"], beta, rtol=1e-12)
    half = stats.t.ppf(0.975, df_resid) * se
    np.testing.assert_allclose(res.table["beta_ci_high"] - res.table["beta"], half, rtol=1e-10)
    np.testing.assert_allclose(res.table["p_value"], 2 * stats.t.sf(np.abs(beta / se), df_resid), rtol=1e-9)
    assert res.fits.loc[0, "n_eff"] == pytest.approx(n_eff) and res.fits.loc[0, "sum_w"] == w.sum()


def test_penalty_reward_wls_intervals_are_statsmodels_wls_on_kish_degrees_of_freedom(survey):
    res = cx.satisfaction.penalty_reward(survey, "y", ATTRS, weights="w", scale=(1, 5))
    w = survey["w"].to_numpy()
    X = np.column_stack([np.ones(len(survey))] + [(survey[a] <= 2) if k == "low" else (survey[a] >= 4)
                                                 for a in ATTRS for k in ("low", "high")]).astype(float)
    fit = sm.WLS(survey["y"].to_numpy(), X, weights=w).fit()
    n_eff, p = w.sum() ** 2 / (w @ w), X.shape[1]
    se = fit.bse * np.sqrt((len(w) - p) / (n_eff - p))  # the WLS covariance on n_eff - p residual df
    t = res.table
    np.testing.assert_allclose(t["penalty"], fit.params[1::2], rtol=1e-10)
    np.testing.assert_allclose(t["reward"], fit.params[2::2], rtol=1e-10)
    q = stats.t.ppf(0.975, n_eff - p)
    np.testing.assert_allclose(t["penalty_ci_high"] - t["penalty"], q * se[1::2], rtol=1e-9)
    np.testing.assert_allclose(t["reward_p"], 2 * stats.t.sf(np.abs(fit.params[2::2] / se[2::2]), n_eff - p),
                               rtol=1e-8)
    assert isinstance(res.model, sm.regression.linear_model.RegressionResultsWrapper)
    np.testing.assert_allclose(res.model.params, fit.params, rtol=1e-10)  # the statsmodels WLS fit on the rows


def test_gap_interval_on_kish_n_eff_by_hand():
    # the hand example: w = (1, 1, 2, 2, .5, .5, 3, 1, 1, 2); n_eff = 7.6862745
    w = np.array([1, 1, 2, 2, .5, .5, 3, 1, 1, 2])
    gap = np.array([1, 0, 1, 1, 0, 1, 0, 1, 0, 1.0])
    df = pd.DataFrame({"attribute": "a", "experience": gap, "expectation": 0.0, "importance": 1.0, "w": w})
    row = cx.satisfaction.gap_analysis(df, weights="w").table.iloc[0]
    mean = w @ gap / w.sum()
    assert row["gap"] == pytest.approx(0.6071429, abs=1e-7) == pytest.approx(mean)
    assert row["n_eff"] == pytest.approx(7.6862745, abs=1e-7)
    se = np.sqrt(w @ (gap - mean) ** 2 / w.sum() / (row["n_eff"] - 1))
    assert row["gap_ci_high"] - row["gap"] == pytest.approx(stats.t.ppf(0.975, row["n_eff"] - 1) * se, rel=1e-12)


def test_weighted_cluster_robust_surface_and_weighted_grid(survey):
    df = survey.assign(person=np.arange(len(survey)) // 2)
    a = cx.satisfaction.disconfirmation(df.assign(w=3.0), "y", "a", "b", cluster="person", weights="w")
    b = cx.satisfaction.disconfirmation(df, "y", "a", "b", cluster="person")
    _same(a.table, b.table, ["estimate", "se", "ci_low", "ci_high"], tol=1e-10)  # the sandwich ignores the scale
    assert a.n_clusters == b.n_clusters == 200
    grid = cx.satisfaction.importance_performance(survey, "y", ATTRS, weights="w")
    rep = cx.satisfaction.importance_performance(_replicated(survey), "y", ATTRS)
    _same(grid.table, rep.table, ["performance", "importance", "quadrant"], tol=1e-10)


def test_a_band_of_exactly_min_n_ratings_is_not_thin(rng):
    import warnings

    r = np.concatenate([np.ones(30), np.full(268, 3.0), np.full(30, 5.0)])  # 30 / 298: a share that rounds
    df = pd.DataFrame({"r": r, "y": r + rng.normal(size=r.size)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = cx.satisfaction.penalty_reward(df, "y", ["r"], scale=(1, 5), min_n=30)
        cx.satisfaction.penalty_reward(df.assign(w=1.5), "y", ["r"], scale=(1, 5), min_n=30, weights="w")
    assert res.table["note"].item() == "" and res.table["n_low"].item() == 30
