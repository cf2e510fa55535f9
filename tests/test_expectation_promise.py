"""The promise to make: the closed-form optimum on three delivery distributions, recovery of the model,
the curve against a direct computation, statsmodels' HC1 fit, corners, identification and refusals."""

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import cxresearch as cx
from cxresearch.errors import CXInputError

ROLES = {"promised": "promised", "delivered": "delivered", "outcome": "satisfaction"}
EMPIRICAL = np.array([0.5, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10, 13, 21])  # e.g. last month's waits


def _fit(df, **kwargs):
    return cx.expectation.promise(df, **{**ROLES, **kwargs})


@pytest.mark.parametrize("delivered, params", [("exponential", {"scale": 4.0}),
                                               ("lognormal", {"mu": 1.5, "sigma": 0.6}), (EMPIRICAL, None)])
def test_the_optimum_is_the_closed_form_quantile_within_one_grid_step(delivered, params):
    df, truth = cx.simulate.promises(20000, delivered=delivered, delivered_params=params, random_state=7)
    res = _fit(df)
    row = res.table.iloc[0]
    step = np.diff(res.curve["promise"]).max()
    assert row["optimum"] == "interior"
    # the grid's best candidate is within one step of the closed-form promise of the fitted model ...
    assert abs(row["best_promise"] - row["closed_form_promise"]) <= step
    # ... which is the quantile of the delivered values at the closed-form share, computed here by hand
    b_p, g, l = row[["promise_effect", "gain", "loss"]]
    q = (b_p + l) / (l - g)
    assert row["closed_form_keep_rate"] == pytest.approx(q)
    assert row["closed_form_promise"] == np.quantile(df["delivered"], q, method="inverted_cdf")
    # and the truth: the population quantile at (b_p + l) / (l - g) = 0.8 of the true coefficients
    assert truth["keep_rate"] == pytest.approx(0.8)
    assert abs(row["closed_form_keep_rate"] - 0.8) < 0.03
    assert abs(row["closed_form_promise"] - truth["optimum"]) < 0.1 * truth["optimum"]
    assert row["keep_rate_ci_low"] < 0.8 < row["keep_rate_ci_high"]


def test_the_coefficients_are_recovered():
    df, truth = cx.simulate.promises(40000, delivered="lognormal", b_p=-0.3, gain=0.2, loss=0.9, noise=1.0,
                                     random_state=8)
    coef = _fit(df).coefficients.set_index("term")
    for term, true in (("intercept", 7.0), ("promise", -0.3), ("gain", 0.2), ("loss", 0.9)):
        est, se = coef.loc[term, ["estimate", "se"]]
        assert abs(est - true) < 4 * se, term
        assert coef.loc[term, "ci_low"] < true < coef.loc[term, "ci_high"], term


def test_the_fit_is_statsmodels_ols_and_wls_with_hc1(rng):
    df, _ = cx.simulate.promises(3000, delivered="gamma", random_state=9)
    df["w"] = rng.uniform(0.2, 3, len(df))
    diff = df["promised"] - df["delivered"]
    X = sm.add_constant(np.column_stack([df["promised"], np.maximum(diff, 0), -np.maximum(-diff, 0)]))
    y = df["satisfaction"]
    for weights, model in ((None, sm.OLS(y, X)), ("w", sm.WLS(y, X, weights=df["w"]))):
        ref = model.fit(cov_type="HC1")
        coef = _fit(df, weights=weights).coefficients
        np.testing.assert_allclose(coef["estimate"], ref.params, rtol=1e-9)
        np.testing.assert_allclose(coef["se"], ref.bse, rtol=1e-9)


def test_the_curve_is_the_direct_average_over_customers():
    df, _ = cx.simulate.promises(2000, delivered=EMPIRICAL, random_state=10)
    res = _fit(df, grid=[0.5, 2.5, 4, 7.25, 13, 30])
    b0, b_p, g, l = res.coefficients["estimate"]
    d = df["delivered"].to_numpy()
    for _, c in res.curve.iterrows():
        p = c["promise"]
        gain, short = np.maximum(p - d, 0).mean(), np.maximum(d - p, 0).mean()
        assert c["keep_rate"] == pytest.approx((d <= p).mean())
        assert (c["expected_gain"], c["expected_shortfall"]) == (pytest.approx(gain), pytest.approx(short))
        assert c["expected_satisfaction"] == pytest.approx(b0 + b_p * p + g * gain - l * short)
    # over every delivered value as a candidate, the best is the closed-form promise
    every = _fit(df, grid=np.unique(d))
    row = every.table.iloc[0]
    assert row["best_promise"] == row["closed_form_promise"]


def test_higher_is_better_mirrors_lower_is_better():
    df, _ = cx.simulate.promises(3000, delivered="lognormal", random_state=11)
    lower = _fit(df).table.iloc[0]
    mirrored = df.assign(promised=-df["promised"], delivered=-df["delivered"])
    higher = _fit(mirrored, lower_is_better=False).table.iloc[0]
    assert higher["promise_effect"] == pytest.approx(-lower["promise_effect"])
    for col in ("gain", "loss", "closed_form_keep_rate", "kept", "best_satisfaction"):
        assert higher[col] == pytest.approx(lower[col]), col
    assert higher["closed_form_promise"] == pytest.approx(-lower["closed_form_promise"])
    # and a higher-is-better simulation (a promised discount, more is better) finds its own truth
    up, truth = cx.simulate.promises(20000, delivered="gamma", b_p=0.2, lower_is_better=False, random_state=12)
    row = _fit(up, lower_is_better=False).table.iloc[0]
    assert abs(row["closed_form_keep_rate"] - truth["keep_rate"]) < 0.03
    assert abs(row["closed_form_promise"] - truth["optimum"]) < 0.1 * truth["optimum"]


@pytest.mark.parametrize("model, optimum, end, why", [
    ({"b_p": -0.8}, "corner: most ambitious", 0, "-promise effect .* >= loss"),
    ({"b_p": -0.05}, "corner: safest", -1, "gain .* >= -promise effect"),
    ({"gain": 0.7}, "no interior optimum", None, "loss .* <= gain .* not concave"),
    ({"loss": -0.1}, "no interior optimum", None, "a broken promise did not lower satisfaction"),
])
def test_without_an_interior_optimum_the_result_says_which_corner(model, optimum, end, why):
    df, truth = cx.simulate.promises(5000, noise=0.3, random_state=3, **model)
    res = _fit(df)
    row = res.table.iloc[0]
    assert row["optimum"] == optimum and np.isnan(row["closed_form_promise"])
    assert pd.Series([row["note"]]).str.contains(why).all()
    curve = res.curve["expected_satisfaction"]
    assert row["best_satisfaction"] == curve.max()
    assert row["best_promise"] in (res.curve["promise"].iloc[0], res.curve["promise"].iloc[-1])
    if end is not None:
        assert row["best_promise"] == res.curve["promise"].iloc[end]


def test_what_the_data_cannot_identify_is_said_not_guessed():
    df, _ = cx.simulate.promises(500, random_state=4)
    same = _fit(df.assign(promised=5.0))
    row = same.table.iloc[0]
    assert row["optimum"] == "not identified" and np.isnan(row["promise_effect"])
    assert "every customer was promised 5" in row["note"] and np.isnan(row["best_promise"])
    assert same.curve["expected_satisfaction"].isna().all() and same.curve["keep_rate"].notna().all()
    kept = _fit(df.assign(promised=df["delivered"] + 1 + df.index % 3)).table.iloc[0]
    assert np.isnan(kept["loss"]) and "no promise was broken" in kept["note"]
    tiny = _fit(df.head(4)).table.iloc[0]
    assert tiny["optimum"] == "not identified" and "too few rows (4)" in tiny["note"]


def test_integer_weights_equal_replicated_rows_and_segments_equal_separate_fits(rng):
    df = cx.load_dataset("callcentre_waits")
    roles = dict(promised="announced_min", delivered="waited_min", outcome="satisfaction")
    df["w"] = rng.integers(0, 3, len(df))
    weighted = cx.expectation.promise(df, **roles, weights="w", by="segment")
    copies = cx.expectation.promise(df.loc[df.index.repeat(df["w"])], **roles, by="segment")
    cols = ["promise_effect", "gain", "loss", "closed_form_keep_rate", "closed_form_promise", "best_promise",
            "best_satisfaction", "kept"]
    np.testing.assert_allclose(weighted.table[cols].to_numpy(float), copies.table[cols].to_numpy(float), rtol=1e-9)
    assert weighted.rows.excluded == {"weight zero": int((df["w"] == 0).sum())}
    whole = cx.expectation.promise(df, **roles, by="segment")
    vip = cx.expectation.promise(df[df["segment"] == "VIP"], **roles)
    pd.testing.assert_frame_equal(whole.table.iloc[[0]].drop(columns="segment").reset_index(drop=True), vip.table)
    pd.testing.assert_frame_equal(whole.curve[whole.curve["segment"] == "VIP"].drop(columns="segment"), vip.curve)


def test_callcentre_optimum_announcement_by_segment():
    data, truth = cx.simulate.callcentre(60000, random_state=21)
    res = cx.expectation.promise(data, promised="announced_min", delivered="waited_min", outcome="satisfaction",
                                 by="segment")
    t = res.table.set_index("segment")
    p = truth["promise"].set_index("segment")
    assert (t["optimum"] == "interior").all()
    assert np.abs(t["closed_form_keep_rate"] - p["keep_rate"]).max() < 0.06
    assert np.abs(t["closed_form_promise"] / p["optimum"] - 1).max() < 0.1
    assert t.loc["VIP", "loss"] > t.loc["business", "loss"] > t.loc["ordinary", "loss"]


def test_rows_are_accounted_for():
    df, _ = cx.simulate.promises(50, random_state=5)
    df["seg"] = "a"
    df.loc[0, "seg"] = None
    df.loc[1, "satisfaction"] = np.nan
    df.loc[2, "satisfaction"] = 99
    df.loc[3, "promised"] = np.nan
    df.loc[[4, 5], "delivered"] = np.nan
    res = _fit(df, by="seg", missing_codes=99)
    assert res.rows.excluded == {"segment missing": 1, "satisfaction missing": 2, "promised missing": 1,
                                 "delivered missing": 2}
    assert res.rows.recoded == {"satisfaction": 1} and res.table["n"].iloc[0] == 44


@pytest.mark.parametrize("kwargs, message", [
    ({"outcome": "churned"}, r"Outcome 'churned' is binary.*family='linear'"),
    ({"delivered": "promised"}, r"`delivered` must be three different columns"),
    ({"promised": ["promised"]}, r"`promised` must be one column name"),
    ({"outcome": "score"}, r"column 'score' not found"),
    ({"lower_is_better": "yes"}, r"`lower_is_better` must be True"),
    ({"grid": 1}, r"`grid` must be a whole number >= 2"),
    ({"grid": [1, np.inf]}, r"`grid` must be a number of points .* finite"),
    ({"weights": "satisfaction"}, r"`weights` must be a column other than"),
    ({"family": "logit"}, r"`family` must be one of \['linear'\]"),
    ({"confidence": 1.5}, r"`confidence` must be a number between 0 and 1"),
])
def test_bad_arguments_are_refused_by_name(kwargs, message):
    df, _ = cx.simulate.promises(100, random_state=6)
    df["churned"] = (df["satisfaction"] > 6).astype(int)
    with pytest.raises(CXInputError, match=message):
        _fit(df, **kwargs)


def test_bad_values_are_refused_naming_the_column():
    df, _ = cx.simulate.promises(20, random_state=6)
    df["churned"] = np.arange(20) % 2
    assert _fit(df, outcome="churned", family="linear").table["n"].iloc[0] == 20
    df = df.astype({"delivered": object})
    df.loc[3, "delivered"] = "soon"
    with pytest.raises(CXInputError, match=r"Column 'delivered'.*'soon' \(1 row\).*positions: 3"):
        _fit(df)
    with pytest.raises(CXInputError, match=r"Outcome 'satisfaction' is constant"):
        _fit(df.assign(delivered=1.0, satisfaction=5))


def test_plot_returns_a_figure_per_segment():
    res = cx.expectation.promise(cx.load_dataset("callcentre_waits"), promised="announced_min",
                                 delivered="waited_min", outcome="satisfaction", by="segment")
    fig = res.plot()
    assert isinstance(fig, matplotlib.figure.Figure) and len(fig.axes) == 6  # three panels, each with a twin
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any(t.startswith("said ") and "came in" in t for t in texts)


def test_callcentre_churn_follows_its_documented_logit():
    data, truth = cx.simulate.callcentre(20000, random_state=22)
    data["information_perceived"] = data["information_perceived"].replace(0, np.nan)
    names = ["resolution", "waiting", "courtesy", "information"]
    X = pd.DataFrame({a: data[f"{a}_perceived"] - data[f"{a}_adequate"] for a in names})
    X["shortfall"] = np.maximum(data["waited_min"] - data["announced_min"], 0)
    keep = X.notna().all(axis=1)
    fit = sm.Logit(data.loc[keep, "churned"], sm.add_constant(X[keep])).fit(disp=0)
    for term, true in truth["churn"].items():
        name = "const" if term == "intercept" else term
        assert abs(fit.params[name] - true) < 4 * fit.bse[name], term
