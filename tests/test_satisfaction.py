"""Satisfaction regression: gaps, derived importance, penalty-reward, response surfaces, bad input."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given
from hypothesis import strategies as st

import cxresearch as cx
from cxresearch.errors import CXInputError, ThinDataWarning


def test_seven_step_retail_case_exactly():
    res = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"), ideal="ideal")
    t = res.table.set_index("attribute")
    # published: convenience gap -2, product -1, others 0
    assert t["gap"].to_dict() == {"product": -1, "service": 0, "price": 0, "convenience": -2,
                                  "relationship": 0, "brand_image": 0}
    assert t.loc["convenience", "weighted_gap"] == -18
    assert t.loc["convenience", "priority"] == 1
    assert t.loc["convenience", "ideal_gap"] == -5
    assert (t.drop(index="convenience")["ideal_gap"] == 0).all()


def test_respondent_level_means_and_paired_interval(rng):
    n = 200
    df = pd.DataFrame({"attribute": np.repeat(["a", "b"], n),
                       "experience": rng.normal(6, 1, 2 * n), "expectation": rng.normal(7, 1, 2 * n),
                       "importance": 8.0})
    df.loc[3, "expectation"] = np.nan
    res = cx.satisfaction.gap_analysis(df)
    a = df[df["attribute"] == "a"].dropna()
    gap = a["experience"] - a["expectation"]
    row = res.table.set_index("attribute").loc["a"]
    assert row["gap"] == pytest.approx(gap.mean())
    half = 1.9720 * gap.std(ddof=1) / np.sqrt(len(gap))  # t(0.975, 198) = 1.9720
    assert row["gap_ci_high"] - row["gap"] == pytest.approx(half, rel=1e-3)
    assert (res.rows.n_in, res.rows.n_used, res.rows.excluded) == (400, 399, {"a rating missing": 1})


def test_bad_input():
    df = cx.load_dataset("retail_cem")
    bad = df.astype({"experience": object})
    bad.loc[2, "experience"] = "seven"
    with pytest.raises(CXInputError, match="'seven' \\(1 row\\); first row positions: 2"):
        cx.satisfaction.gap_analysis(bad)
    with pytest.raises(CXInputError, match="'target' not found"):
        cx.satisfaction.gap_analysis(df, ideal="target")


# ---------------------------------------------------------------------------------------
# Derived importance
# ---------------------------------------------------------------------------------------

def _correlated(rng, n=400, k=5, noise=1.0):
    """Attributes sharing a common factor, and an outcome built from them."""
    common = rng.normal(size=(n, 1))
    X = common + rng.normal(size=(n, k))
    y = X @ np.linspace(1, 0.2, k) + noise * rng.normal(size=n)
    cols = [f"x{j}" for j in range(k)]
    return pd.DataFrame(X, columns=cols).assign(y=y), cols


def _raw_r2(df, cols):
    """R2 of an OLS refit on the raw rows (statsmodels), 0 for the empty model."""
    if not cols:
        return 0.0
    return sm.OLS(df["y"], sm.add_constant(df[list(cols)])).fit().rsquared


def test_shapley_equals_brute_force_over_all_orders(rng):
    df, cols = _correlated(rng, k=4)
    r2 = {s: _raw_r2(df, s) for r in range(5) for s in itertools.combinations(cols, r)}
    key = lambda s: tuple(sorted(s, key=cols.index))  # noqa: E731
    brute = dict.fromkeys(cols, 0.0)
    for order in itertools.permutations(cols):  # average gain over all 4! = 24 entry orders
        for i, c in enumerate(order):
            brute[c] += (r2[key(order[: i + 1])] - r2[key(order[:i])]) / math.factorial(4)
    res = cx.satisfaction.drivers(df, "y", cols, method="shapley")
    np.testing.assert_allclose(res.table["weight"], [brute[c] for c in cols], rtol=1e-9)
    assert res.r2 == pytest.approx(r2[tuple(cols)], rel=1e-12)


def test_shapley_two_attributes_closed_form(rng):
    # With two attributes: phi_1 = (R2 + r1^2 - r2^2) / 2.
    df, cols = _correlated(rng, k=2)
    res = cx.satisfaction.drivers(df, "y", cols, method="shapley")
    r1, r2 = res.table["r"]
    assert res.table["weight"].iloc[0] == pytest.approx((res.r2 + r1**2 - r2**2) / 2, rel=1e-12)


def test_uncorrelated_attributes_weights_are_squared_correlations(rng):
    # Orthogonal attributes: relative weights = Shapley values = r_j^2 = beta_j^2.
    n, k = 300, 3
    X = rng.normal(size=(n, k))
    X -= X.mean(axis=0)
    X = np.linalg.qr(X)[0]  # orthogonal columns, still centred (they span centred vectors)
    df = pd.DataFrame(X, columns=list("abc")).assign(y=X @ [3.0, 2.0, 1.0] + rng.normal(size=n) * 0.05)
    R = np.corrcoef(df[list("abc")].to_numpy(), rowvar=False)
    assert np.abs(R - np.eye(3)).max() < 1e-8
    for method in ("relative_weights", "shapley"):
        t = cx.satisfaction.drivers(df, "y", list("abc"), method=method).table
        np.testing.assert_allclose(t["weight"], t["r"] ** 2, atol=1e-10)


@given(st.integers(2, 7), st.integers(0, 2**32 - 1), st.floats(0.2, 3.0))
def test_weights_sum_to_r2_of_statsmodels_fit(k, seed, noise):
    df, cols = _correlated(np.random.default_rng(seed), n=120, k=k, noise=noise)
    full = _raw_r2(df, cols)
    for method in ("relative_weights", "shapley"):
        res = cx.satisfaction.drivers(df, "y", cols, method=method)
        assert res.table["weight"].sum() == pytest.approx(full, rel=1e-9)
        assert res.table["pct_r2"].sum() == pytest.approx(100, rel=1e-9)
        assert (res.table["weight"] >= -1e-12).all()


def test_ols_betas_are_standardised_raw_coefficients(rng):
    df, cols = _correlated(rng, k=3)
    raw = sm.OLS(df["y"], sm.add_constant(df[cols])).fit()
    res = cx.satisfaction.drivers(df, "y", cols, method="ols")
    expected = raw.params[cols].to_numpy() * df[cols].std().to_numpy() / df["y"].std()
    np.testing.assert_allclose(res.table["beta"], expected, rtol=1e-10)
    np.testing.assert_allclose(res.table["p_value"], raw.pvalues[cols], rtol=1e-8)
    assert "pct_r2" not in res.table
    assert res.table["rank"].tolist() == [1, 2, 3]


def test_bootstrap_intervals_are_seeded_and_cover_the_estimate(rng):
    df, cols = _correlated(rng, k=3)
    a = cx.satisfaction.drivers(df, "y", cols, n_boot=200, random_state=7).table
    b = cx.satisfaction.drivers(df, "y", cols, n_boot=200, random_state=7).table
    c = cx.satisfaction.drivers(df, "y", cols, n_boot=200, random_state=8).table
    np.testing.assert_array_equal(a["weight_ci_low"], b["weight_ci_low"])
    assert not np.array_equal(a["weight_ci_low"], c["weight_ci_low"])
    assert ((a["weight_ci_low"] < a["weight"]) & (a["weight"] < a["weight_ci_high"])).all()


def test_importance_performance_quadrants_by_hand():
    # Two uncorrelated attributes of equal spread: importance = r^2; cut at given values.
    df = pd.DataFrame({"a": [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], "b": [5, 5, 5, 5, 5, 4, 4, 4, 4, 4],
                       "y": [2, 4, 6, 8, 10, 1, 3, 5, 7, 9]})
    ipa = cx.satisfaction.importance_performance(df, "y", ["a", "b"], cut=(4.0, 50.0))
    t = ipa.table.set_index("attribute")
    assert t.loc["a", "performance"] == 3.0 and t.loc["b", "performance"] == 4.5
    # By hand: y = 2a + b - 5 exactly (R2 = 1); a and b are uncorrelated with variances 2 and
    # 1/4, so var(y) = 4 * 2 + 1/4 = 8.25 and a's share of R2 is 8 / 8.25 = 96.97%.
    assert ipa.drivers.r2 == pytest.approx(1.0)
    assert t.loc["a", "importance"] == pytest.approx(100 * 8 / 8.25, rel=1e-9)
    assert t.loc["b", "importance"] == pytest.approx(100 * 0.25 / 8.25, rel=1e-9)
    assert t["quadrant"].to_dict() == {"a": "concentrate here", "b": "possible overkill"}


# ---------------------------------------------------------------------------------------
# Penalty-reward contrast analysis
# ---------------------------------------------------------------------------------------

def test_penalty_reward_single_attribute_equals_band_mean_differences():
    # One attribute: the regression is saturated in the bands, so penalty = mean(low) - mean(mid)
    # and reward = mean(high) - mean(mid), computed here by hand.
    df = pd.DataFrame({"r": [1, 2, 3, 3, 3, 4, 5, 5, 1, 3],
                       "y": [2, 4, 6, 7, 8, 9, 9, 10, 3, 7]})
    res = cx.satisfaction.penalty_reward(df, "y", ["r"], scale=(1, 5), min_n=1)
    row = res.table.iloc[0]
    mid = (6 + 7 + 8 + 7) / 4  # ratings of 3
    assert row["penalty"] == pytest.approx((2 + 4 + 3) / 3 - mid)  # ratings 1, 2, 1
    assert row["reward"] == pytest.approx((9 + 9 + 10) / 3 - mid)  # ratings 4, 5, 5
    assert (row["n_low"], row["n_high"]) == (3, 3)
    pen, rew = abs(row["penalty"]), abs(row["reward"])
    assert row["range_of_impact"] == pytest.approx(pen + rew)
    assert row["asymmetry"] == pytest.approx((rew - pen) / (rew + pen))
    assert row["sgp"] - row["dgp"] == pytest.approx(row["asymmetry"])


def test_penalty_reward_recovers_generating_factor_types():
    spec = {"wait": {"penalty": -1.0, "reward": 0.1, "experience": 3.4, "expectation": 4.4},
            "accuracy": {"penalty": -0.8, "reward": 0.05, "experience": 3.6, "expectation": 4.6},
            "advice": {"penalty": -0.5, "reward": 0.5, "experience": 3.2, "expectation": 3.5},
            "hours": {"penalty": -0.4, "reward": 0.45, "experience": 3.3, "expectation": 3.4},
            "lounge": {"penalty": -0.05, "reward": 0.7, "experience": 2.9, "expectation": 2.2},
            "gift": {"penalty": -0.1, "reward": 0.8, "experience": 2.8, "expectation": 2.0}}
    data, truth = cx.simulate.rating_survey(spec, 6000, random_state=99)
    cols = [f"{a}_experience" for a in spec]
    res = cx.satisfaction.penalty_reward(data, "overall", cols, scale=(1, 5), outcome_scale=(1, 10))
    assert res.table["factor"].tolist() == truth["factor"].tolist()
    assert res.table["kano"].tolist() == ["M", "M", "O", "O", "A", "A"]
    # the estimates sit near the generating effects (rounding and the 1-10 ceiling shrink rewards a little)
    np.testing.assert_allclose(res.table["penalty"], truth["penalty"], atol=0.1)
    np.testing.assert_allclose(res.table["reward"], truth["reward"], atol=0.1)
    assert not res.table["unexpected_sign"].any()


def test_threshold_is_settable_and_changes_a_borderline_call():
    df = pd.DataFrame({"r": np.tile([1, 3, 5], 40), "y": np.tile([4.0, 6.0, 7.5], 40)})
    df.loc[::7, "y"] += 0.5  # keep some residual variance
    res = cx.satisfaction.penalty_reward(df, "y", ["r"], scale=(1, 5))
    asym = res.table["asymmetry"].item()
    assert -0.3 < asym < -0.1  # |penalty| 2 against reward 1.5: asymmetry about -0.14
    assert res.table["factor"].item() == "performance"
    strict = cx.satisfaction.penalty_reward(df, "y", ["r"], scale=(1, 5), threshold=(-0.1, 0.3))
    assert strict.table["factor"].item() == "basic"
    with pytest.raises(CXInputError, match="threshold"):
        cx.satisfaction.penalty_reward(df, "y", ["r"], threshold=(0.3, -0.1))


def test_unexpected_sign_is_flagged_and_asymmetry_stays_in_range(rng):
    r = np.tile([1, 2, 3, 4, 5], 60)
    y = np.where(r <= 2, 7.0, np.where(r >= 4, 8.0, 6.0)) + rng.normal(0, 0.3, r.size)  # low band *raises* y
    res = cx.satisfaction.penalty_reward(pd.DataFrame({"r": r, "y": y}), "y", ["r"], scale=(1, 5))
    row = res.table.iloc[0]
    assert row["penalty"] > 0 and bool(row["unexpected_sign"])
    assert -1 <= row["asymmetry"] <= 1


def test_bands_default_to_two_bottom_and_two_top_points():
    df = pd.DataFrame({"r": np.arange(1, 11).repeat(5), "y": np.arange(50) % 7})
    res = cx.satisfaction.penalty_reward(df, "y", ["r"], scale=(1, 10), min_n=1)
    assert (res.table["n_low"].item(), res.table["n_high"].item()) == (10, 10)  # ratings 1-2 and 9-10
    assert (res.low, res.high) == ("<= 2", ">= 9")
    listed = cx.satisfaction.penalty_reward(df, "y", ["r"], low=[1, 2, 3], high=[10], min_n=1)
    assert (listed.table["n_low"].item(), listed.table["n_high"].item()) == (15, 5)
    with pytest.raises(CXInputError, match="overlap"):
        cx.satisfaction.penalty_reward(df, "y", ["r"], low=5, high=5)


def test_empty_band_is_not_estimable_and_warned(rng):
    df = pd.DataFrame({"a": rng.integers(1, 6, 300), "b": rng.integers(3, 6, 300)})  # b never low
    df["y"] = df["a"] + df["b"] + rng.normal(size=300)
    with pytest.warns(ThinDataWarning, match="no rating in the low band"):
        res = cx.satisfaction.penalty_reward(df, "y", ["a", "b"], scale=(1, 5))
    b = res.table.set_index("attribute").loc["b"]
    assert np.isnan(b["penalty"]) and b["reward"] > 0
    assert b["factor"] == "not estimable" and b["kano"] == ""


# ---------------------------------------------------------------------------------------
# Response surface: does satisfaction = experience - expectation?
# ---------------------------------------------------------------------------------------

def _surface_data(rng, b, n=4000, centre=3.0, noise=0.5):
    e = rng.uniform(1, 5, n)
    x = np.clip(0.5 * e + rng.uniform(0, 3, n), 1, 5)  # correlated, as in surveys
    E, X = e - centre, x - centre
    s = b[0] + b[1] * E + b[2] * X + b[3] * E**2 + b[4] * E * X + b[5] * X**2 + noise * rng.normal(size=n)
    return pd.DataFrame({"e": e, "x": x, "s": s})


def test_response_surface_recovers_known_coefficients(rng):
    b = np.array([6.0, 1.2, -0.5, -0.3, 0.2, -0.1])
    df = _surface_data(rng, b)
    res = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5))
    t = res.table.set_index("term")
    est = t.loc[[f"b{i}" for i in range(6)], "estimate"].to_numpy()
    se = t.loc[[f"b{i}" for i in range(6)], "se"].to_numpy()
    assert np.all(np.abs(est - b) < 4 * se)  # each coefficient within 4 standard errors
    np.testing.assert_allclose(est, b, atol=0.06)
    # surface values are the stated combinations of the estimates
    a = {"a1": est[1] + est[2], "a2": est[3] + est[4] + est[5], "a3": est[1] - est[2], "a4": est[3] - est[4] + est[5]}
    for name, value in a.items():
        assert t.loc[name, "estimate"] == pytest.approx(value, rel=1e-12)
    assert res.centre == 3.0


def test_a4_standard_error_uses_the_right_covariance_signs(rng):
    df = _surface_data(rng, [6.0, 1.0, -1.0, -0.2, 0.3, 0.1], n=500, noise=1.0)
    res = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5))
    V = res.model.cov_params()
    # a4 = b3 - b4 + b5: var = V33 + V44 + V55 - 2 V34 + 2 V35 - 2 V45 (indices of b3, b4, b5)
    right = np.sqrt(V[3, 3] + V[4, 4] + V[5, 5] - 2 * V[3, 4] + 2 * V[3, 5] - 2 * V[4, 5])
    swapped = np.sqrt(V[3, 3] + V[4, 4] + V[5, 5] + 2 * V[3, 4] + 2 * V[3, 5] + 2 * V[4, 5])
    se = res.table.set_index("term").loc["a4", "se"]
    assert se == pytest.approx(right, rel=1e-10)
    assert abs(se - swapped) > 0.01 * se  # the published sign slip would change the answer here


def test_difference_score_model_held_when_true_and_rejected_when_false(rng):
    e = rng.integers(1, 6, 3000).astype(float)
    x = rng.integers(1, 6, 3000).astype(float)
    df = pd.DataFrame({"e": e, "x": x, "s": 5 + 1.5 * (e - x) + rng.normal(size=3000)})
    held = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5))
    assert held.tests.set_index("test").loc["difference score", "p_value"] > 0.05
    assert held.verdict.startswith("difference-score model not rejected")
    assert held.difference["slope"] == pytest.approx(1.5, abs=0.05)
    df["s"] = 5 + 1.5 * e - 0.5 * x + rng.normal(size=3000)  # expectations matter less than experience
    rejected = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5))
    t = rejected.tests.set_index("test").loc["difference score"]
    assert t["p_value"] < 1e-10 and (t["df_num"], t["df_denom"]) == (4, 2994)
    # the F statistic is the classic nested-model comparison of R2
    f = ((t["r2_full"] - t["r2_restricted"]) / 4) / ((1 - t["r2_full"]) / 2994)
    assert t["F"] == pytest.approx(f, rel=1e-8)


def test_stationary_point_of_a_dome(rng):
    # S = 8 - (E - 4)^2 - (X - 2)^2 - 0.5 (E - 4)(X - 2): maximum at E = 4, X = 2.
    e, x = rng.uniform(1, 5, 3000), rng.uniform(1, 5, 3000)
    s = 8 - (e - 4) ** 2 - (x - 2) ** 2 - 0.5 * (e - 4) * (x - 2) + 0.1 * rng.normal(size=3000)
    res = cx.satisfaction.disconfirmation(pd.DataFrame({"e": e, "x": x, "s": s}), "s", "e", "x")
    st_ = res.stationary
    assert st_["shape"] == "dome (maximum)"
    assert (st_["experience"], st_["expectation"]) == (pytest.approx(4, abs=0.02), pytest.approx(2, abs=0.02))
    # with equal curvatures the principal axes are the diagonals: first axis slope -1 through (4, 2)
    assert st_["axis1_slope"] == pytest.approx(-1, abs=0.05)
    assert st_["axis1_intercept"] == pytest.approx(6, abs=0.15)


def test_centring_changes_coefficients_but_not_the_fit(rng):
    df = _surface_data(rng, [6.0, 1.2, -0.5, -0.3, 0.2, -0.1], n=800)
    mid = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5))
    mean = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5), centre="mean")
    assert mid.r2 == pytest.approx(mean.r2, rel=1e-12)
    np.testing.assert_allclose(mid.tests["F"], mean.tests["F"], rtol=1e-9)
    assert mid.stationary["experience"] == pytest.approx(mean.stationary["experience"], rel=1e-9)
    b = lambda r: r.table.set_index("term").loc["b3", "estimate"]  # noqa: E731
    assert b(mid) == pytest.approx(b(mean), rel=1e-9)  # curvature does not depend on the centre
    b1 = lambda r: r.table.set_index("term").loc["b1", "estimate"]  # noqa: E731
    assert abs(b1(mid) - b1(mean)) > 0.01  # the slopes are read at another point


def test_service_ratings_matches_its_data_card():
    df = cx.load_dataset("service_ratings")
    exp_cols = [c for c in df.columns if c.endswith("_experience")]
    # penalty-reward recovers the ten documented factors
    truth = {"short_waiting_time": "basic", "transaction_accuracy": "basic", "birthday_sms": "basic",
             "financial_advice": "performance", "staff_courtesy": "performance", "opening_hours": "performance",
             "online_booking": "performance", "fee_waivers": "excitement", "vip_lounge": "excitement",
             "handwritten_letter": "excitement"}
    pr = cx.satisfaction.penalty_reward(df, "overall", exp_cols, scale=(1, 5), outcome_scale=(1, 10))
    assert dict(zip([a.removesuffix("_experience") for a in pr.table["attribute"]], pr.table["factor"])) == truth
    # the documented population surface (b1 2.937, b2 -0.564) lies inside the sample's intervals
    df["E"] = df[exp_cols].mean(axis=1)
    df["X"] = df[[c for c in df.columns if c.endswith("_expectation")]].mean(axis=1)
    rsa = cx.satisfaction.disconfirmation(df, "overall", "E", "X", scale=(1, 5)).table.set_index("term")
    for term, value in {"b1": 2.937, "b2": -0.564, "b3": -0.309, "a1": 2.374}.items():
        assert rsa.loc[term, "ci_low"] < value < rsa.loc[term, "ci_high"]


# ---------------------------------------------------------------------------------------
# Bad input: each case a clear error or a counted exclusion
# ---------------------------------------------------------------------------------------

@pytest.fixture
def ratings(rng):
    df = pd.DataFrame(rng.integers(1, 6, size=(200, 3)), columns=["a", "b", "c"])
    df["y"] = df.sum(axis=1) + rng.integers(0, 3, 200)
    return df


ALL_MODELS = [
    lambda df, **kw: cx.satisfaction.drivers(df, "y", ["a", "b", "c"], **kw),
    lambda df, **kw: cx.satisfaction.drivers(df, "y", ["a", "b", "c"], method="shapley", **kw),
    lambda df, **kw: cx.satisfaction.penalty_reward(df, "y", ["a", "b", "c"], **kw),
    lambda df, **kw: cx.satisfaction.importance_performance(df, "y", ["a", "b", "c"], **kw),
]


@pytest.mark.parametrize("model", ALL_MODELS)
def test_constant_attribute_is_named(ratings, model):
    ratings["b"] = 4
    with pytest.raises(CXInputError, match="constant in the 200 rows used: 'b' = 4"):
        model(ratings)


@pytest.mark.parametrize("model", ALL_MODELS)
def test_perfectly_collinear_attributes_are_named(ratings, model):
    ratings["c"] = 6 - ratings["a"]  # c is a reversed copy of a
    with pytest.raises(CXInputError, match=r"perfectly collinear.*\{'a', 'c'\}"):
        model(ratings)


@pytest.mark.parametrize("model", ALL_MODELS)
def test_non_numeric_ratings_name_value_and_rows(ratings, model):
    ratings = ratings.astype({"b": object})
    ratings.loc[[4, 9], "b"] = "n/a"
    with pytest.raises(CXInputError, match=r"Column 'b'.*'n/a' \(2 rows\); first row positions: 4, 9"):
        model(ratings)


@pytest.mark.parametrize("model", ALL_MODELS)
def test_ratings_outside_the_declared_scale(ratings, model):
    ratings.loc[[3, 17, 18], "c"] = 99
    with pytest.raises(CXInputError, match=r"Column 'c'.*99 \(3 rows\); first row positions: 3, 17, 18.*recoded"):
        model(ratings, scale=(1, 5))


@pytest.mark.parametrize("model", ALL_MODELS)
def test_missing_outcome_and_ratings_are_counted(ratings, model):
    ratings.loc[[0, 5, 6], "y"] = np.nan
    ratings.loc[[5, 10], "a"] = np.nan  # row 5 already lacks the outcome
    res = model(ratings)
    assert res.rows.to_dict() == {"n_in": 200, "n_used": 196, "unit": "respondents",
                                  "excluded": {"outcome missing": 3, "an attribute rating missing": 1}}
    assert "200 respondents in, 196 used" in repr(res)
    with pytest.raises(CXInputError, match=r"Column 'y' has 3 missing value\(s\); first row positions: 0, 5, 6"):
        model(ratings, missing="raise")


def test_other_argument_errors(ratings):
    with pytest.raises(CXInputError, match="`outcome` must be a column not listed in `attributes`; got 'y'"):
        cx.satisfaction.drivers(ratings, "y", ["a", "y"])
    with pytest.raises(CXInputError, match=r"\['a'\] is listed more than once"):
        cx.satisfaction.drivers(ratings, "y", ["a", "a"])
    with pytest.raises(CXInputError, match="'zz' not found"):
        cx.satisfaction.drivers(ratings, "y", ["a", "zz"])
    with pytest.raises(CXInputError, match="`method` must be one of"):
        cx.satisfaction.drivers(ratings, "y", ["a"], method="lmg")
    wide = pd.DataFrame(np.random.default_rng(0).normal(size=(60, 32)), columns=[f"x{i}" for i in range(32)])
    with pytest.raises(CXInputError, match="`attributes` must be few enough columns for exact Shapley.*; got 31 "
                       "attributes need more than 30 attributes.*Pass n_samples=2000"):
        cx.satisfaction.drivers(wide, "x0", [f"x{i}" for i in range(1, 32)], method="shapley")
    with pytest.raises(CXInputError, match="Only 3 complete row"):
        cx.satisfaction.drivers(ratings.head(3), "y", ["a", "b", "c"])
    with pytest.raises(CXInputError, match="one column name"):
        cx.satisfaction.disconfirmation(ratings, "y", ["a", "b"], "c")
    ratings["y"] = 7
    with pytest.raises(CXInputError, match="Outcome 'y' is constant"):
        cx.satisfaction.drivers(ratings, "y", ["a", "b"])


# ---------------------------------------------------------------------------------------
# Real data (../shared/data; skipped cleanly when absent)
# ---------------------------------------------------------------------------------------

LOUNGE = ["comfort_rating", "cleanliness_rating", "bar_beverages_rating", "catering_rating",
          "washrooms_rating", "wifi_connectivity_rating", "staff_service_rating"]


def test_skytrax_lounge_zero_codes_and_rescaled_overall(shared):
    raw = pd.read_csv(shared("skytrax", "lounge.csv"))
    # Skytrax stores "not rated" as 0 on the 1-5 sub-ratings: the declared scale catches it.
    with pytest.raises(CXInputError, match=r"Column 'comfort_rating': 8 row\(s\).*0 \(8 rows\)"):
        cx.satisfaction.penalty_reward(raw, "overall_rating", LOUNGE, scale=(1, 5))
    # The overall rating switches to 1-10 in 2015: a declared 1-5 outcome scale catches that too.
    clean = raw.assign(**{c: raw[c].replace(0, np.nan) for c in LOUNGE})
    with pytest.raises(CXInputError, match="Column 'overall_rating'.*outcome_scale 1-5"):
        cx.satisfaction.drivers(clean, "overall_rating", LOUNGE, scale=(1, 5), outcome_scale=(1, 5))
    before = clean[clean["date"] < "2015"]
    res = cx.satisfaction.drivers(before, "overall_rating", LOUNGE, method="shapley", scale=(1, 5),
                                  outcome_scale=(1, 5))
    n_out = int(before["overall_rating"].isna().sum())
    n_attr = int((before["overall_rating"].notna() & before[LOUNGE].isna().any(axis=1)).sum())
    assert res.rows.n_in == len(before) == 1901
    assert res.rows.excluded == {k: v for k, v in {"outcome missing": n_out,
                                                   "an attribute rating missing": n_attr}.items() if v}
    # Shapley on real, correlated ratings equals the brute-force refit on the rows used.
    used = before.dropna(subset=["overall_rating", *LOUNGE]).rename(columns={"overall_rating": "y"})
    assert res.rows.n_used == len(used)
    r2 = {s: _raw_r2(used, s) for r in range(len(LOUNGE) + 1) for s in itertools.combinations(LOUNGE, r)}
    k = len(LOUNGE)
    for j, c in enumerate(LOUNGE):
        others = [o for o in LOUNGE if o != c]
        phi = sum(math.factorial(len(s)) * math.factorial(k - len(s) - 1) / math.factorial(k)
                  * (r2[tuple(sorted((*s, c), key=LOUNGE.index))] - r2[s])
                  for r in range(k) for s in itertools.combinations(others, r))
        assert res.table["weight"].iloc[j] == pytest.approx(phi, rel=1e-8)
    pr = cx.satisfaction.penalty_reward(before, "overall_rating", LOUNGE, scale=(1, 5), outcome_scale=(1, 5))
    assert pr.rows == res.rows
    assert (pr.table["n_low"] + pr.table["n_high"] <= pr.rows.n_used).all()


def test_ecsi_bank_expectations_against_quality(shared):
    df = pd.read_csv(shared("ecsi", "satisfaction.csv"))
    df["quality"] = df.filter(regex=r"^qual\d").mean(axis=1)
    df["expectation"] = df.filter(regex=r"^expe\d").mean(axis=1)
    df["satisfaction"] = df.filter(regex=r"^sat\d").mean(axis=1)
    # The source documents the items as 1-10, but 0 occurs: a declared 1-10 scale says so.
    zeros = int((df["qual1"] == 0).sum())
    assert zeros > 0
    with pytest.raises(CXInputError, match=rf"Column 'qual1': {zeros} row\(s\).*0 \({zeros} row"):
        cx.satisfaction.drivers(df, "satisfaction", ["qual1", "expe1"], scale=(1, 10))
    res = cx.satisfaction.disconfirmation(df, "satisfaction", "quality", "expectation", scale=(0, 10),
                                          outcome_scale=(0, 10))
    assert res.rows.n_used == 250 and res.centre == 5.0
    # the full surface reproduces a formula fit of the same polynomial
    import statsmodels.formula.api as smf
    d = df.assign(E=df["quality"] - 5, X=df["expectation"] - 5)
    ref = smf.ols("satisfaction ~ E + X + I(E**2) + I(E*X) + I(X**2)", data=d).fit()
    np.testing.assert_allclose(res.table["estimate"].iloc[:6], ref.params.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(res.table["se"].iloc[:6], ref.bse.to_numpy(), rtol=1e-9)
    # relative weights of the ECSI blocks sum to the R2 of the formula fit, and are close to Shapley
    blocks = {"image": "imag", "expectation": "expe", "quality": "qual", "value": "val"}
    for name, prefix in blocks.items():
        df[name] = df.filter(regex=rf"^{prefix}\d").mean(axis=1)
    rw = cx.satisfaction.drivers(df, "satisfaction", list(blocks), scale=(0, 10))
    sh = cx.satisfaction.drivers(df, "satisfaction", list(blocks), method="shapley", scale=(0, 10))
    r2 = smf.ols("satisfaction ~ image + expectation + quality + value", data=df).fit().rsquared
    assert rw.table["weight"].sum() == pytest.approx(r2, rel=1e-10)
    np.testing.assert_allclose(rw.table["weight"], sh.table["weight"], atol=0.02)


def test_ecsi_mobile_0_100_scale_gets_proportionate_bands(shared):
    mobile = pd.read_csv(shared("ecsi", "mobile.csv"))
    items = ["qua1", "qua2", "qua3", "qua4", "qua5", "qua6", "qua7"]
    mobile["satisfaction"] = mobile[["sat1", "sat2", "sat3"]].mean(axis=1)
    with pytest.warns(ThinDataWarning, match="qua5 \\(no rating in the low band\\)"):
        res = cx.satisfaction.penalty_reward(mobile, "satisfaction", items, scale=(0, 100), min_n=1)
    assert (res.low, res.high) == ("<= 20", ">= 80")  # the bottom and top fifth of 0-100
    assert res.table.set_index("attribute").loc["qua5", "factor"] == "not estimable"
    counted = {c: (int((mobile[c] <= 20).sum()), int((mobile[c] >= 80).sum())) for c in items}
    assert dict(zip(res.table["attribute"], zip(res.table["n_low"], res.table["n_high"]))) == counted


# ---------------------------------------------------------------------------------------
# Result objects and the generator
# ---------------------------------------------------------------------------------------

def test_results_show_settings_rows_and_plot():
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")]
    df["E"], df["X"] = df[cols].mean(axis=1), df.filter(like="_expectation").mean(axis=1)
    results = {
        "drivers": cx.satisfaction.drivers(df, "overall", cols, n_boot=40, random_state=1),
        "penalty": cx.satisfaction.penalty_reward(df, "overall", cols),
        "ipa": cx.satisfaction.importance_performance(df, "overall", cols),
        "surface": cx.satisfaction.disconfirmation(df, "overall", "E", "X"),
    }
    for name, res in results.items():
        html = res._repr_html_()
        assert "2,000 respondents in, 2,000 used" in html, name
        assert res.to_frame().equals(res.table) and res.to_frame() is not res.table
    assert len(results["drivers"].plot().axes[0].patches) == 10
    assert len(results["penalty"].plot().axes[0].patches) == 20  # a penalty and a reward bar each
    assert len(results["penalty"].plot(kind="asymmetry").axes[0].collections[0].get_offsets()) == 10
    assert len(results["ipa"].plot().axes[0].collections[0].get_offsets()) == 10
    results["surface"].plot()
    results["surface"].plot(kind="surface")
    with pytest.raises(CXInputError, match="`kind` must be one of"):
        results["surface"].plot(kind="3d")
    # the fitted surface at the centre is b0
    b0 = results["surface"].table.set_index("term").loc["b0", "estimate"]
    c = results["surface"].centre  # midpoint of the inferred scale (no scale declared)
    assert c != 3.0 and results["surface"].predict(c, c) == pytest.approx(b0)


def test_rating_survey_generator(rng):
    spec = {"a": {"penalty": -1.0, "reward": 0.0, "experience": 3.0, "expectation": 4.0}}
    data, truth = cx.simulate.rating_survey(
        spec, 3000, segments={"VIP": {"share": 0.2, "expectation": 1.0}, "other": {"share": 0.8}},
        period=("2026-01-01", "2026-01-31"), random_state=rng)
    assert data["overall"].between(1, 10).all() and data["a_experience"].between(1, 5).all()
    assert data["segment"].value_counts(normalize=True)["VIP"] == pytest.approx(0.2, abs=0.03)
    by = data.groupby("segment")["a_expectation"].mean()
    assert by["VIP"] - by["other"] > 0.5  # VIP customers expect more
    assert data["survey_date"].min() >= "2026-01-01" and data["survey_date"].max() <= "2026-01-31"
    assert truth.loc[0, ["asymmetry", "factor", "kano"]].tolist() == [-1.0, "basic", "M"]
    with pytest.raises(CXInputError, match="must be a mapping with exactly the keys"):
        cx.simulate.rating_survey({"a": {"penalty": -1}}, 10)


# ---------------------------------------------------------------------------------------
# Segments (by=)
# ---------------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::cxresearch.errors.ThinDataWarning")  # VIP: 18 low ratings; tested below
@pytest.mark.parametrize("fn", [cx.satisfaction.drivers, cx.satisfaction.penalty_reward])
def test_by_segment_equals_separate_fits(fn):
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")][:5]
    df.loc[[7, 8, 9], "segment"] = None
    df.loc[[10, 11], "overall"] = np.nan
    res = fn(df, "overall", cols, by="segment", scale=(1, 5))
    assert res.rows.excluded == {"segment missing": 3, "outcome missing": 2}
    assert res.rows.n_used == 1995
    assert list(res.table["segment"].unique()) == ["VIP", "gold", "ordinary"]  # sorted
    for seg in ["VIP", "gold", "ordinary"]:
        alone = fn(df[df["segment"] == seg], "overall", cols, scale=(1, 5))
        part = res.table[res.table["segment"] == seg].drop(columns="segment").reset_index(drop=True)
        if "note" not in alone.table:  # drivers: with by=, a note per segment (empty: enough rows)
            assert (part.pop("note") == "").all()
        pd.testing.assert_frame_equal(part, alone.table)
        assert res.r2[seg] == pytest.approx(alone.r2, rel=1e-12)


def test_by_segment_errors_name_the_segment(ratings):
    ratings["segment"] = np.where(np.arange(200) < 100, "north", "south")
    ratings.loc[ratings["segment"] == "south", "b"] = 3  # b is constant in the south only
    # a segment whose model cannot be estimated is said, not refused: the other segments are computed
    # (before issue #18 the whole call stopped)
    with pytest.warns(ThinDataWarning, match="segment = 'south' \\(Attribute\\(s\\) constant in the 100 rows"):
        res = cx.satisfaction.drivers(ratings, "y", ["a", "b", "c"], by="segment")
    south = res.table[res.table["segment"] == "south"]
    assert south["weight"].isna().all() and south["note"].str.contains("constant").all()
    north = cx.satisfaction.drivers(ratings[ratings["segment"] == "north"], "y", ["a", "b", "c"]).table
    np.testing.assert_allclose(res.table.loc[res.table["segment"] == "north", "weight"], north["weight"], rtol=1e-12)
    assert res.rows.excluded == {"in a segment not estimable": 100}
    with pytest.raises(CXInputError, match="\\['y'\\] is also the outcome"):
        cx.satisfaction.drivers(ratings, "y", ["a", "b"], by="y")
    with pytest.raises(CXInputError, match="once per segment"):
        cx.satisfaction.importance_performance(ratings, "y", ["a", "c"], by="segment")


def test_by_segment_plots_one_panel_each_and_warns_per_segment():
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")]
    assert len(cx.satisfaction.drivers(df, "overall", cols, by="segment").plot().axes) == 3
    with pytest.warns(ThinDataWarning, match=r"segment = 'VIP': transaction_accuracy_experience \(only 18 rating"):
        pr = cx.satisfaction.penalty_reward(df, "overall", cols, by="segment")
    assert len(pr.plot(kind="asymmetry").axes) == 3 and len(pr.plot().axes) == 3


def test_penalty_reward_bootstrap_on_service_ratings():
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")]
    res = cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), n_boot=300, random_state=5)
    again = cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), n_boot=300, random_state=5)
    pd.testing.assert_frame_equal(res.table, again.table)  # seeded
    t = res.table
    assert ((t["asymmetry_ci_low"] <= t["asymmetry"]) & (t["asymmetry"] <= t["asymmetry_ci_high"])).all()
    assert t["factor_share"].between(0, 1).all()
    # clear-cut factors are stable; the borderline one (asymmetry -0.16, cut-off -0.2) is not
    clear = [c for c in cols if not c.startswith(("financial", "staff", "opening", "online", "birthday"))]
    assert (t.loc[t["attribute"].isin(clear), "factor_share"] > 0.9).all()
    # the birthday SMS is a basic factor with a reward of about 0 (+0.01): where a resample's reward
    # comes out slightly below zero, that small wrong sign next to a large penalty is read as no reward,
    # so the resamples still agree on "basic"
    sms = t.set_index("attribute").loc["birthday_sms_experience"]
    assert sms["factor"] == "basic" and sms["factor_share"] > 0.95
    assert t.loc[t["attribute"] == "financial_advice_experience", "factor_share"].item() < 0.8
    with pytest.raises(CXInputError, match="`n_boot` must be a whole number >= 0; got -1"):
        cx.satisfaction.penalty_reward(df, "overall", cols, n_boot=-1)


def test_penalty_reward_bootstrap_interval_coverage(rng):
    # 60 replicate surveys from a model whose asymmetries are known exactly (no rounding or
    # ceiling): y = penalty [r <= 2] + reward [r >= 4] + noise. 90% intervals should cover
    # the truth in about 90% of replicates.
    pen, rew = np.array([-1.0, -0.5, -0.1]), np.array([0.2, 0.5, 0.8])
    truth = (np.abs(rew) - np.abs(pen)) / (np.abs(rew) + np.abs(pen))
    hits = np.zeros(3)
    for _ in range(60):
        r = rng.integers(1, 6, size=(600, 3))
        y = 5 + ((r <= 2) * pen + (r >= 4) * rew).sum(axis=1) + rng.normal(size=600)
        df = pd.DataFrame(r, columns=["a", "b", "c"]).assign(y=y)
        t = cx.satisfaction.penalty_reward(df, "y", ["a", "b", "c"], n_boot=150, confidence=0.90,
                                           random_state=rng).table
        hits += (t["asymmetry_ci_low"] <= truth) & (truth <= t["asymmetry_ci_high"])
    coverage = hits / 60
    assert (coverage >= 0.78).all() and (coverage <= 1.0).all(), coverage
    assert coverage.mean() == pytest.approx(0.90, abs=0.07)


def test_cluster_robust_surface_for_repeated_rows(rng):
    # Each respondent's row is copied three times (as with one row per touchpoint): classical
    # standard errors shrink by about sqrt(3), cluster-robust ones do not.
    one = _surface_data(rng, [6.0, 1.2, -0.5, -0.3, 0.2, -0.1], n=600).assign(respondent=np.arange(600))
    three = pd.concat([one] * 3, ignore_index=True)
    base = cx.satisfaction.disconfirmation(one, "s", "e", "x", scale=(1, 5)).table["se"].to_numpy()
    naive = cx.satisfaction.disconfirmation(three, "s", "e", "x", scale=(1, 5)).table["se"].to_numpy()
    res = cx.satisfaction.disconfirmation(three, "s", "e", "x", scale=(1, 5), cluster="respondent")
    np.testing.assert_allclose(naive, base * np.sqrt(599 - 5) / np.sqrt(1799 - 5), rtol=1e-9)
    assert np.all(res.table["se"].to_numpy() > 1.5 * naive)
    np.testing.assert_allclose(res.table["se"], base, rtol=0.15)  # robust vs classical on independent data
    # the robust covariance is statsmodels' cluster covariance, contrasts included
    import statsmodels.formula.api as smf
    d = three.assign(E=three["e"] - 3, X=three["x"] - 3)
    ref = smf.ols("s ~ E + X + I(E**2) + I(E*X) + I(X**2)", data=d).fit(
        cov_type="cluster", cov_kwds={"groups": d["respondent"]})
    np.testing.assert_allclose(res.table["se"].iloc[:6], ref.bse.to_numpy(), rtol=1e-9)
    a4 = ref.t_test("I(E ** 2) - I(E * X) + I(X ** 2) = 0")
    assert res.table.set_index("term").loc["a4", "se"] == pytest.approx(float(np.squeeze(a4.sd)), rel=1e-9)
    assert "cluster-robust by respondent (600 clusters)" in repr(res)
    # rows left out for a missing rating keep the cluster ids aligned with the rows used
    gappy = three.copy()
    gappy.loc[[0, 600, 1200], "e"] = np.nan  # respondent 0 loses all three rows
    res = cx.satisfaction.disconfirmation(gappy, "s", "e", "x", scale=(1, 5), cluster="respondent")
    ref = smf.ols("s ~ E + X + I(E**2) + I(E*X) + I(X**2)", data=d.drop(index=[0, 600, 1200])).fit(
        cov_type="cluster", cov_kwds={"groups": d["respondent"].drop(index=[0, 600, 1200])})
    np.testing.assert_allclose(res.table["se"].iloc[:6], ref.bse.to_numpy(), rtol=1e-9)
    assert res.n_clusters == 599 and res.rows.excluded == {"an attribute rating missing": 3}
    bad = three.astype({"respondent": object})
    bad.loc[5, "respondent"] = None
    with pytest.raises(CXInputError, match="Column 'respondent'.*first row positions: 5"):
        cx.satisfaction.disconfirmation(bad, "s", "e", "x", cluster="respondent")


def test_segment_test_size_and_power(rng):
    # Null: the same penalty and reward in three random segments -> about 5% rejections.
    # Alternative: segment z's penalty on "a" is twice as large -> found nearly always, and
    # only for "a".
    pen, rew = np.array([-1.0, -0.5, -0.1]), np.array([0.2, 0.5, 0.8])

    def survey(extra_penalty_a: float) -> pd.DataFrame:
        r = rng.integers(1, 6, size=(600, 3))
        seg = rng.choice(["x", "y", "z"], 600)
        y = 5 + ((r <= 2) * pen + (r >= 4) * rew).sum(axis=1) + rng.normal(size=600)
        y += extra_penalty_a * ((seg == "z") & (r[:, 0] <= 2))
        return pd.DataFrame(r, columns=["a", "b", "c"]).assign(y=y, seg=seg)

    null = np.array([cx.satisfaction.penalty_reward(survey(0.0), "y", ["a", "b", "c"], by="seg")
                     .tests["p_value"].to_numpy() for _ in range(100)])
    assert 0.01 <= (null < 0.05).mean() <= 0.10
    alt = np.array([cx.satisfaction.penalty_reward(survey(-1.0), "y", ["a", "b", "c"], by="seg")
                    .tests["p_value"].to_numpy() for _ in range(40)])
    assert (alt[:, 0] < 0.05).mean() > 0.9
    assert (alt[:, 1:] < 0.05).mean() < 0.15
    t = cx.satisfaction.penalty_reward(survey(0.0), "y", ["a", "b", "c"], by="seg").tests
    assert t["df_num"].tolist() == [4, 4, 4]  # penalty and reward, 3 segments: 2 x (3 - 1)
    assert (t["p_adjusted"] >= t["p_value"]).all()
    assert cx.satisfaction.penalty_reward(survey(0.0), "y", ["a", "b"]).tests is None
