"""Issue #18 items 5 and 10: thin segments said (not hidden or fatal), bootstrap resamples, bands that fit real scales."""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import cxresearch as cx
from cxresearch._core.bootstrap import advised_resamples, least_resamples
from cxresearch.errors import CXInputError, InputWarning, ThinDataWarning

K = 10
COLS = [f"a{j}" for j in range(K)]


def _segment(rng, n, name):
    X = rng.integers(1, 6, size=(n, K)).astype(float)
    y = X @ np.linspace(0.1, 1, K) + rng.normal(size=n)
    return pd.DataFrame(X, columns=COLS).assign(y=y, seg=name)


@pytest.fixture
def segments():
    rng = np.random.default_rng(11)
    return pd.concat([_segment(rng, 300, "A"), _segment(rng, 12, "B"), _segment(rng, 250, "C")], ignore_index=True)


def test_drivers_thin_segment_is_said_and_the_others_equal_their_own_fits(segments):
    # 10 drivers + intercept = 11 parameters; 12 rows <= 11 + 1: not estimable (needs 13)
    with pytest.warns(ThinDataWarning, match=r"seg = 'B' \(12 usable row\(s\) for 11 parameters: too few"):
        res = cx.satisfaction.drivers(segments, "y", COLS, by="seg")
    thin = res.table[res.table["seg"] == "B"]
    assert list(thin["attribute"]) == COLS
    assert thin[["beta", "weight", "pct_r2", "rank"]].isna().all().all()
    assert thin["note"].str.contains("too few to estimate").all()
    fits = res.fits.set_index("seg")
    assert fits.loc["B", "n"] == 12 and np.isnan(fits.loc["B", "r2"])
    assert res.rows.n_in == 562 and res.rows.n_used == 550
    assert res.rows.excluded == {"in a segment not estimable": 12}
    for seg in ["A", "C"]:  # identity: the same as drivers() on that segment alone
        alone = cx.satisfaction.drivers(segments[segments["seg"] == seg], "y", COLS).table
        part = res.table[res.table["seg"] == seg].drop(columns=["seg", "note"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone, check_dtype=False)
        assert fits.loc[seg, "note"] == ""


def test_drivers_segment_just_estimable_is_computed_with_a_thin_note(segments):
    rng = np.random.default_rng(3)
    df = pd.concat([segments[segments["seg"] != "B"], _segment(rng, 13, "B")], ignore_index=True)
    # 13 rows = 11 parameters + 2: estimated, but fewer than 10 rows per parameter (110)
    with pytest.warns(ThinDataWarning, match=r"estimated on thin data: seg = 'B' \(13 usable rows for 11 param"):
        res = cx.satisfaction.drivers(df, "y", COLS, by="seg")
    alone = cx.satisfaction.drivers(df[df["seg"] == "B"], "y", COLS).table
    part = res.table[res.table["seg"] == "B"]
    np.testing.assert_allclose(part["weight"], alone["weight"], rtol=1e-12)
    assert part["note"].str.contains("fewer than 10 per parameter").all()


def test_no_segment_estimable_is_refused_naming_them(segments):
    small = segments.groupby("seg").head(12)
    with pytest.raises(CXInputError, match=r"No segment can be estimated: seg = 'A' \(12 usable row"):
        cx.satisfaction.drivers(small, "y", COLS, by="seg")


def _bands_survey(rng, n, name, k=3):
    X = rng.integers(1, 6, size=(n, k)).astype(float)
    y = ((X <= 2) * [-1.0, -0.5, -0.2] + (X >= 4) * [0.2, 0.5, 1.0]).sum(axis=1) + rng.normal(size=n)
    return pd.DataFrame(X, columns=list("abc")[:k]).assign(y=y, seg=name)


def test_penalty_reward_thin_segment_is_said_and_the_others_equal_their_own_fits():
    rng = np.random.default_rng(5)
    df = pd.concat([_bands_survey(rng, 400, "big"), _bands_survey(rng, 8, "tiny"), _bands_survey(rng, 300, "mid")],
                   ignore_index=True)
    # 3 attributes x 2 dummies + intercept = 7 parameters; 8 rows <= 7 + 1: not estimable (before: an error
    # blaming "collinear band dummies" stopped the whole run)
    with pytest.warns(ThinDataWarning, match=r"seg = 'tiny' \(8 usable row\(s\) for 7 parameters"):
        res = cx.satisfaction.penalty_reward(df, "y", list("abc"), by="seg", scale=(1, 5), min_n=0)
    tiny = res.table[res.table["seg"] == "tiny"]
    assert (tiny["factor"] == "not estimable").all() and tiny[["penalty", "reward"]].isna().all().all()
    assert res.rows.excluded == {"in a segment not estimable": 8}
    for seg in ["big", "mid"]:
        alone = cx.satisfaction.penalty_reward(df[df["seg"] == seg], "y", list("abc"), scale=(1, 5), min_n=0)
        part = res.table[res.table["seg"] == seg].drop(columns="seg").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone.table, check_dtype=False)
    # the segment test compares the estimated segments, and says which were left out
    two = cx.satisfaction.penalty_reward(df[df["seg"] != "tiny"], "y", list("abc"), by="seg", scale=(1, 5), min_n=0)
    np.testing.assert_allclose(res.tests["F"], two.tests["F"], rtol=1e-10)
    assert res.tests["note"].str.contains("left out of the test: seg = 'tiny'").all()


@pytest.mark.parametrize("call", ["drivers", "penalty_reward", "decompose"])
def test_too_few_resamples_refused_and_a_few_warned(call):
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")][:3]
    run = {"drivers": lambda **k: cx.satisfaction.drivers(df, "overall", cols, random_state=0, progress=False, **k),
           "penalty_reward": lambda **k: cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5),
                                                                        random_state=0, progress=False, **k),
           "decompose": lambda **k: cx.satisfaction.decompose(
               df, "overall", group="segment", groups=("gold", "ordinary"), experience=cols[:2],
               expectation=[c.replace("_experience", "_expectation") for c in cols[:2]], random_state=0,
               progress=False, **k)}[call]
    # a 95% percentile interval needs ceil(2 / 0.05) = 40 resamples for one resample in each 2.5% tail
    with pytest.raises(CXInputError, match=r"`n_boot` must be 0 \(no bootstrap\) or at least 40 for a 95%"):
        run(n_boot=1)
    with pytest.raises(CXInputError, match=r"at least 200 for a 99%.*got 100"):  # 2 / 0.01 = 200
        run(n_boot=100, confidence=0.99)
    with pytest.warns(ThinDataWarning, match=r"`n_boot` = 40 resamples.*use at least 200"):
        run(n_boot=40)


def test_resample_minimums_are_the_documented_formulas():
    # refused below 2 / (1 - c), warned below 10 / (1 - c): 40 / 200 at 95%, 20 / 100 at 90%, 200 / 1000 at 99%
    assert [least_resamples(c) for c in (0.95, 0.9, 0.99, 0.8)] == [40, 20, 200, 10]
    assert [advised_resamples(c) for c in (0.95, 0.9, 0.99, 0.8)] == [200, 100, 1000, 50]


def test_n_boot_at_the_advised_minimum_gives_no_warning():
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")][:3]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ThinDataWarning)
        res = cx.satisfaction.drivers(df, "overall", cols, n_boot=200, random_state=0, progress=False)
    t = res.table
    assert ((t["weight_ci_low"] <= t["weight"]) & (t["weight"] <= t["weight_ci_high"])).all()


@pytest.mark.parametrize(("points", "low", "high"), [(4, 1, 4), (3, 1, 3)])
def test_default_bands_on_short_scales_leave_a_reference_band(points, low, high):
    rng = np.random.default_rng(points)
    n = 600
    X = rng.integers(1, points + 1, size=(n, 2)).astype(float)
    y = -1.0 * (X[:, 0] == 1) + 0.8 * (X[:, 1] == points) + rng.normal(size=n)
    df = pd.DataFrame(X, columns=["a", "b"]).assign(y=y)
    res = cx.satisfaction.penalty_reward(df, "y", ["a", "b"])  # scale inferred: 1-points
    assert (res.low, res.high) == (f"<= {low}", f">= {high}")
    assert (res.table["factor"] != "not estimable").all()
    # hand regression: low {1}, high {points}, reference the middle point(s)
    D = np.column_stack([X[:, 0] == 1, X[:, 0] == points, X[:, 1] == 1, X[:, 1] == points]).astype(float)
    ols = sm.OLS(y, sm.add_constant(D)).fit()
    np.testing.assert_allclose(res.table["penalty"], ols.params[[1, 3]], rtol=1e-10)
    np.testing.assert_allclose(res.table["reward"], ols.params[[2, 4]], rtol=1e-10)
    np.testing.assert_allclose(res.table["penalty_p"], ols.pvalues[[1, 3]], rtol=1e-8)


@pytest.mark.parametrize(("scale", "low", "high"), [((1, 5), "<= 2", ">= 4"), ((1, 10), "<= 2", ">= 9"),
                                                    ((0, 10), "<= 1", ">= 9"), ((0, 100), "<= 20", ">= 80")])
def test_default_bands_on_longer_scales_are_unchanged(scale, low, high):
    rng = np.random.default_rng(0)
    X = rng.integers(scale[0], scale[1] + 1, size=(500, 2)).astype(float)
    df = pd.DataFrame(X, columns=["a", "b"]).assign(y=rng.normal(size=500) + X.sum(axis=1) / scale[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = cx.satisfaction.penalty_reward(df, "y", ["a", "b"], scale=scale, min_n=0)
    assert (res.low, res.high) == (low, high)


def test_straight_liners_drop_one_dummy_and_equal_the_fit_without_it():
    rng = np.random.default_rng(1)
    n = 400
    X = rng.integers(1, 11, size=(n, 3)).astype(float)
    X[X[:, :2].min(axis=1) <= 2, :2] = 5  # nobody rates a or b low...
    X[:3, :] = 1  # ...except three straight-liners: a's and b's low dummies are identical
    y = ((X <= 2) * -1.0 + (X >= 9) * 0.5).sum(axis=1) + rng.normal(size=n)
    df = pd.DataFrame(X, columns=list("abc")).assign(y=y)
    with pytest.warns(ThinDataWarning, match=r"b \(low band collinear with a \(low\)"):
        res = cx.satisfaction.penalty_reward(df, "y", list("abc"), scale=(1, 10))
    t = res.table.set_index("attribute")
    assert np.isnan(t.loc["b", "penalty"]) and t.loc["b", "factor"] == "not estimable"
    assert "penalty not estimable" in t.loc["b", "note"]
    # identity: OLS on the dummies without b's low dummy
    D = np.column_stack([X[:, 0] <= 2, X[:, 0] >= 9, X[:, 1] >= 9, X[:, 2] <= 2, X[:, 2] >= 9]).astype(float)
    ols = sm.OLS(y, sm.add_constant(D)).fit()
    np.testing.assert_allclose([t.loc["a", "penalty"], t.loc["a", "reward"], t.loc["b", "reward"],
                                t.loc["c", "penalty"], t.loc["c", "reward"]], ols.params[1:], rtol=1e-10)
    np.testing.assert_allclose(t.loc["c", "penalty_ci_low"], ols.conf_int()[4, 0], rtol=1e-8)
    np.testing.assert_allclose(res.model.params, ols.params, rtol=1e-10)


def test_gap_analysis_without_importance_ranks_plain_gaps():
    data = cx.load_dataset("retail_cem")
    res = cx.satisfaction.gap_analysis(data, importance=None)
    t = res.table.set_index("attribute")
    # gaps: product 6-7 = -1, convenience 5-7 = -2, the others 0 -> convenience 1, product 2, the rest 3
    assert t["gap"].to_dict() == {"product": -1, "service": 0, "price": 0, "convenience": -2, "relationship": 0,
                                  "brand_image": 0}
    assert t["priority"].to_dict() == {"product": 2, "service": 3, "price": 3, "convenience": 1,
                                       "relationship": 3, "brand_image": 3}
    assert "importance" not in t and "weighted_gap" not in t
    with pytest.raises(CXInputError, match=r"`importance` must be a column of `data` or None.*importance=None"):
        cx.satisfaction.gap_analysis(data.drop(columns="importance"))


def test_gap_analysis_ranks_the_attributes_with_importance_and_says_which_have_none():
    data = cx.load_dataset("retail_cem")
    data.loc[data["attribute"].isin(["service", "convenience"]), "importance"] = np.nan
    with pytest.warns(InputWarning, match="not ranked.*service, convenience"):
        res = cx.satisfaction.gap_analysis(data)
    t = res.table.set_index("attribute")
    assert res.rows.n_used == 6  # no attribute dropped
    # weighted gaps: product 5 x -1 = -5, price / relationship / brand_image 5 x 0 = 0 -> 1, 2, 2, 2
    assert t["priority"].dropna().astype(int).to_dict() == {"product": 1, "price": 2, "relationship": 2,
                                                            "brand_image": 2}
    assert t["priority"].isna().sum() == 2 and t.loc["convenience", "gap"] == -2
    assert t.loc["service", "note"] == "no importance rating: not ranked" and t.loc["product", "note"] == ""


def test_gap_analysis_respondents_missing_importance_keeps_their_gap():
    long = pd.DataFrame({"attribute": ["x"] * 4 + ["y"] * 3,
                         "experience": [5, 3, 4, 4, 2, 3, 4], "expectation": [4, 4, 4, 2, 3, 3, 3],
                         "importance": [np.nan, 8, 6, np.nan, np.nan, np.nan, np.nan]})
    with pytest.warns(InputWarning, match="not ranked.*: y"):
        t = cx.satisfaction.gap_analysis(long).table.set_index("attribute")
    # x: gaps 1, -1, 0, 2 -> 0.5 over 4 rows; importance mean of 8 and 6 = 7; weighted 3.5
    assert t.loc["x", "n"] == 4 and t.loc["x", "gap"] == pytest.approx(0.5)
    assert t.loc["x", "importance"] == pytest.approx(7) and t.loc["x", "weighted_gap"] == pytest.approx(3.5)
    # y: gaps -1, 0, 1 -> 0, no importance: kept, not ranked
    assert t.loc["y", "n"] == 3 and t.loc["y", "gap"] == pytest.approx(0) and pd.isna(t.loc["y", "priority"])


def test_logit_models_keep_a_thin_segment_with_its_reason():
    rng = np.random.default_rng(8)

    def seg(n, name):
        X = rng.integers(1, 6, size=(n, 3)).astype(float)
        p = 1 / (1 + np.exp(-(X.sum(axis=1) - 9) / 2))
        return pd.DataFrame(X, columns=list("abc")).assign(y=(rng.random(n) < p).astype(int), seg=name)

    df = pd.concat([seg(400, "A"), seg(5, "B"), seg(300, "C")], ignore_index=True)
    # drivers: 3 slopes + intercept = 4 parameters, 5 rows <= 4 + 1; penalty_reward: 7 parameters
    with pytest.warns(ThinDataWarning, match=r"reason in `status`\): seg = 'B' \(5 usable row\(s\) for 4 param"):
        dr = cx.satisfaction.drivers(df, "y", list("abc"), by="seg", family="logit")
    with pytest.warns(ThinDataWarning, match=r"seg = 'B' \(5 usable row\(s\) for 7 parameters"):
        pr = cx.satisfaction.penalty_reward(df, "y", list("abc"), by="seg", family="logit", scale=(1, 5), min_n=0)
    for res, col in ((dr, "weight"), (pr, "penalty")):
        assert res.table.loc[res.table["seg"] == "B", col].isna().all()
        assert res.rows.excluded == {"in a segment not estimable": 5}
    alone = cx.satisfaction.drivers(df[df["seg"] == "C"], "y", list("abc"), family="logit").table
    np.testing.assert_allclose(dr.table.loc[dr.table["seg"] == "C", "weight"], alone["weight"], rtol=1e-10)
    alone = cx.satisfaction.penalty_reward(df[df["seg"] == "A"], "y", list("abc"), family="logit", scale=(1, 5),
                                           min_n=0).table
    np.testing.assert_allclose(pr.table.loc[pr.table["seg"] == "A", "penalty"], alone["penalty"], rtol=1e-10)
    assert pr.tests["note"].str.contains("left out of the test: seg = 'B'").all()


def test_moments_follow_the_same_thin_segment_rule_as_the_rows(segments):
    m = cx.satisfaction.moments(segments, ["y", *COLS], by="seg")
    with pytest.warns(ThinDataWarning, match=r"seg = 'B' \(12 usable row\(s\) for 11 parameters"):
        from_moments = cx.satisfaction.drivers(m, "y", COLS)
    with pytest.warns(ThinDataWarning):
        from_rows = cx.satisfaction.drivers(segments, "y", COLS, by="seg")
    pd.testing.assert_frame_equal(from_moments.table, from_rows.table, check_exact=False, rtol=1e-9)
    assert from_moments.rows.excluded == {"in a segment not estimable": 12} and from_moments.rows.n_used == 550
    rng = np.random.default_rng(5)
    df = pd.concat([_bands_survey(rng, 400, "big"), _bands_survey(rng, 8, "tiny")], ignore_index=True)
    banded = cx.satisfaction.moments(df, ["y", *"abc"], by="seg", bands=list("abc"), scale=(1, 5))
    with pytest.warns(ThinDataWarning, match=r"seg = 'tiny' \(8 usable row\(s\) for 7 parameters"):
        pr = cx.satisfaction.penalty_reward(banded, "y", list("abc"), min_n=0)
    with pytest.warns(ThinDataWarning):
        rows = cx.satisfaction.penalty_reward(df, "y", list("abc"), by="seg", scale=(1, 5), min_n=0)
    pd.testing.assert_frame_equal(pr.table, rows.table, check_exact=False, rtol=1e-9)


def test_gap_plot_without_importance_draws_the_plain_gaps():
    fig = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"), importance=None).plot()
    ax = fig.axes[0]
    assert ax.get_xlabel() == "experience - expectation"
    # bars in priority order: convenience -2 first, then product -1
    assert [p.get_width() for p in ax.patches][:2] == [-2, -1]
