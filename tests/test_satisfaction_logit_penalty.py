"""penalty_reward(..., family="logit"): penalty and reward of a yes/no outcome on the log-odds scale."""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError, SeparationWarning, UnexpectedSignWarning

# log-odds effect of the low band (rating 1-2) and the high band (4-5) against the reference (3)
TRUTH = {"basic": (-1.5, 0.0), "performance": (-0.8, 0.8), "excitement": (0.0, 1.5)}


def _survey(n, seed, truth=TRUTH, intercept=0.0):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({a: rng.integers(1, 6, n) for a in truth})
    eta = intercept + sum(pen * (df[a] <= 2) + rew * (df[a] >= 4) for a, (pen, rew) in truth.items())
    return df.assign(yes=(rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int))


def _pr(df, attributes=tuple(TRUTH), **kw):
    return cx.satisfaction.penalty_reward(df, "yes", list(attributes), scale=(1, 5), family="logit", **kw)


def _design(df, attributes):
    cols = {f"{a}_{kind}": (df[a] <= 2 if kind == "low" else df[a] >= 4).astype(float)
            for a in attributes for kind in ("low", "high")}
    return sm.add_constant(pd.DataFrame(cols))


def test_recovers_the_factors_and_the_signs_of_known_effects():
    res = _pr(_survey(30_000, seed=1))
    t = res.table.set_index("attribute")
    assert t["factor"].to_dict() == {a: a for a in TRUTH}
    assert t["kano"].tolist() == ["M", "O", "A"]
    for a, (pen, rew) in TRUTH.items():  # the intervals cover the truth
        assert t.loc[a, "penalty_ci_low"] <= pen <= t.loc[a, "penalty_ci_high"]
        assert t.loc[a, "reward_ci_low"] <= rew <= t.loc[a, "reward_ci_high"]
    assert (t.loc[["basic", "performance"], "penalty"] < 0).all()
    assert (t.loc[["performance", "excitement"], "reward"] > 0).all()


def test_the_coefficients_are_statsmodels_logit_on_the_band_dummies():
    df = _survey(2_000, seed=2)
    res = _pr(df, confidence=0.9)
    ref = sm.GLM(df["yes"], _design(df, TRUTH), family=sm.families.Binomial()).fit(tol=1e-13)
    ci = ref.conf_int(alpha=0.1)
    for kind, label in (("low", "penalty"), ("high", "reward")):
        names = [f"{a}_{kind}" for a in TRUTH]
        np.testing.assert_allclose(res.table[label], ref.params[names], rtol=1e-8)
        np.testing.assert_allclose(res.table[f"{label}_p"], ref.pvalues[names], rtol=1e-6)
        np.testing.assert_allclose(res.table[f"{label}_ci_low"], ci.loc[names, 0], rtol=1e-7)
        np.testing.assert_allclose(res.table[f"{label}_or"], np.exp(ref.params[names]), rtol=1e-8)
        np.testing.assert_allclose(res.table[f"{label}_or_ci_high"], np.exp(ci.loc[names, 1]), rtol=1e-7)
    assert res.r2 == pytest.approx(1 - ref.llf / ref.llnull, rel=1e-10)
    # the factor rule on the log-odds scale, by hand
    pen, rew = np.abs(res.table["penalty"]), np.abs(res.table["reward"])
    np.testing.assert_allclose(res.table["asymmetry"], (rew - pen) / (rew + pen))
    assert res.model is None and res.fits["status"].iloc[0] == "converged"


def test_a_band_where_everyone_said_yes_is_separated_and_the_rest_is_still_estimated():
    df = _survey(3_000, seed=3)
    df.loc[df["excitement"] >= 4, "yes"] = 1  # every high excitement rating is a yes: an infinite reward
    with pytest.warns(SeparationWarning, match=r"excitement \(every respondent in the high band answered 1"):
        res = _pr(df)
    t = res.table.set_index("attribute")
    assert t.loc["excitement", "factor"] == "not estimable" and np.isnan(t.loc["excitement", "reward"])
    assert "separated: every respondent in the high band answered 1" in t.loc["excitement", "note"]
    design = _design(df, TRUTH).drop(columns="excitement_high")
    ref = sm.GLM(df["yes"], design, family=sm.families.Binomial()).fit(tol=1e-13)
    np.testing.assert_allclose(t.loc[["basic", "performance", "excitement"], "penalty"],
                               ref.params[["basic_low", "performance_low", "excitement_low"]], rtol=1e-8)
    assert t.loc["basic", "factor"] == "basic"


def test_integer_weights_give_the_estimates_of_replicated_rows():
    df = _survey(1_500, seed=4).assign(w=lambda d: np.random.default_rng(5).integers(1, 4, len(d)))
    weighted = _pr(df, weights="w")
    replicated = _pr(df.loc[df.index.repeat(df["w"])])
    for c in ("penalty", "reward", "asymmetry", "penalty_or"):
        np.testing.assert_allclose(weighted.table[c], replicated.table[c], rtol=1e-8)
    assert weighted.fits["n_eff"].iloc[0] < weighted.fits["sum_w"].iloc[0]
    assert (weighted.table["penalty_ci_high"] - weighted.table["penalty"]
            > replicated.table["penalty_ci_high"] - replicated.table["penalty"]).all()  # n_eff, not replicated


def test_the_segment_test_is_a_wald_test_of_the_separate_fits():
    a, b = _survey(1_500, seed=6), _survey(1_500, seed=7, truth={**TRUTH, "basic": (-0.3, 0.9)})
    df = pd.concat([a.assign(seg="a"), b.assign(seg="b")], ignore_index=True)
    res = _pr(df, by="seg", p_adjust="none")
    fits = [sm.GLM(part["yes"], _design(part, TRUTH), family=sm.families.Binomial()).fit(tol=1e-13)
            for part in (a, b)]
    for attr in TRUTH:
        names = [f"{attr}_low", f"{attr}_high"]
        diff = fits[1].params[names] - fits[0].params[names]
        V = fits[0].cov_params().loc[names, names] + fits[1].cov_params().loc[names, names]
        chi2 = float(diff @ np.linalg.solve(V, diff))
        row = res.tests.set_index("attribute").loc[attr]
        assert row["chi2"] == pytest.approx(chi2, rel=1e-6) and row["df"] == 2
        assert row["p_value"] == pytest.approx(stats.chi2.sf(chi2, 2), rel=1e-6)
    assert res.tests.set_index("attribute").loc["basic", "p_value"] < 1e-4  # it did change
    assert list(res.tests.columns) == ["attribute", "chi2", "df", "p_value", "p_adjusted", "note"]


def test_the_bootstrap_is_seeded_and_counts_its_resamples():
    df = _survey(800, seed=8)
    res = _pr(df, n_boot=60, random_state=9, progress=False)
    again = _pr(df, n_boot=60, random_state=9, progress=False)
    pd.testing.assert_frame_equal(res.table, again.table)
    assert res.fits["n_boot_used"].iloc[0] == 60
    t = res.table
    assert ((t["asymmetry_ci_low"] <= t["asymmetry"]) & (t["asymmetry"] <= t["asymmetry_ci_high"])).all()
    assert t["factor_share"].between(0, 1).all()


def test_a_bad_outcome_coded_1_gives_positive_penalties_and_says_how_to_code_it():
    df = _survey(3_000, seed=10)
    df["churned"] = 1 - df["yes"]
    with pytest.warns(UnexpectedSignWarning, match="1 must be the good answer"):
        res = cx.satisfaction.penalty_reward(df, "churned", list(TRUTH), scale=(1, 5), family="logit")
    assert res.table.set_index("attribute").loc["basic", "penalty"] > 0


def test_bad_input_is_refused_by_name():
    df = _survey(200, seed=11)
    with pytest.raises(CXInputError, match=r"`family` must be None or 'linear' with a Moments input .*"
                       r"a logistic model is fitted to them.*got 'logit'"):
        cx.satisfaction.penalty_reward(cx.satisfaction.moments(df, ["yes", *TRUTH], bands=list(TRUTH), scale=(1, 5)),
                                       "yes", list(TRUTH), family="logit")
    with pytest.raises(CXInputError, match=r"Column 'yes': 200 row\(s\) with values that are not 0 or 1"):
        _pr(df.assign(yes=np.where(df["yes"] == 1, "yes", "no")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = _pr(df.assign(yes=df["yes"].astype(bool)), min_n=0)
    pd.testing.assert_frame_equal(res.table, _pr(df, min_n=0).table)
