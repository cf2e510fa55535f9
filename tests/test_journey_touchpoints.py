"""cx.journey.touchpoints and visit_moments: hand computations, identities, recovery of a known truth, bad input."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError

FIVE = pd.DataFrame({"customer": list("abcde"), "seg": ["x", "x", "x", "y", "y"],
                     "queue_experience": [3, 5, 4, 6, 2], "queue_expectation": [6, 5, 2, 6, 5],
                     "staff_experience": [6, 6, 7, 5, 4], "staff_expectation": [5, 6, 5, 5, 6]})

BRANCH = {"location": 0.1, "welcome": 0.12, "staff_attitude": 0.3, "queueing": 0.4, "counter_service": 0.15,
          "advice": 0.12, "fees": 0.35, "farewell": 0.08, "information_window": 0.05}
SEGMENTS = {"VIP": 0.12, "gold": 0.30, "ordinary": 0.58}
EXPERIENCE = {("VIP", "fees"): 6.0, ("VIP", "queueing"): 5.9, ("gold", "staff_attitude"): 6.3,
              ("gold", "queueing"): 4.6, ("ordinary", "queueing"): 4.2, ("VIP", "advice"): 5.8}
EXPECTATION = {("VIP", "fees"): 6.8, ("VIP", "queueing"): 6.7, ("gold", "staff_attitude"): 5.0,
               ("gold", "queueing"): 6.3, ("ordinary", "queueing"): 4.6, ("VIP", "advice"): 6.2}


def test_five_customers_by_hand():
    res = cx.journey.touchpoints(FIVE, by="seg", pain=-2, delight=2)
    q = res.table.set_index(["seg", "touchpoint"]).loc[("x", "queue")]
    gaps = np.array([-3, 0, 2])  # 3-6, 5-5, 4-2
    half = stats.t.ppf(0.975, 2) * gaps.std(ddof=1) / np.sqrt(3)
    assert q["n"] == 3 and q["experience"] == 4 and q["expectation"] == pytest.approx(13 / 3)
    assert q["gap"] == pytest.approx(-1 / 3, abs=1e-12)
    assert q["gap_ci_low"] == pytest.approx(-1 / 3 - half, abs=1e-12)
    assert q["gap_ci_high"] == pytest.approx(-1 / 3 + half, abs=1e-12)
    assert (q["pain"], q["delight"], q["shortfall"]) == pytest.approx((1 / 3, 1 / 3, 1.0))
    assert q["moment"] == "neutral"  # the interval includes zero
    assert res.table["order"].tolist() == [1, 2, 1, 2]


def test_weighted_five_customers_follow_kish():
    df = FIVE.assign(w=[1.0, 2.0, 1.0, 1.0, 3.0])
    q = cx.journey.touchpoints(df, by="seg", weights="w").table.set_index(["seg", "touchpoint"]).loc[("x", "queue")]
    g, w = np.array([-3.0, 0.0, 2.0]), np.array([1.0, 2.0, 1.0])
    mean = w @ g / w.sum()
    n_eff = w.sum() ** 2 / (w**2).sum()
    se = np.sqrt(w @ (g - mean) ** 2 / w.sum() / (n_eff - 1))
    assert q["gap"] == pytest.approx(mean) and q["n_eff"] == pytest.approx(n_eff)
    assert q["gap_ci_high"] - q["gap"] == pytest.approx(stats.t.ppf(0.975, n_eff - 1) * se)
    assert q["pain"] == pytest.approx(0.25)  # weight 1 of 4 at a gap of -3


def test_integer_weights_give_replicated_rows():
    df = cx.load_dataset("branch_touchpoints").iloc[:600]
    w = np.random.default_rng(3).integers(1, 4, len(df))
    weighted = cx.journey.touchpoints(df.assign(w=w), by="segment", outcome="overall", weights="w")
    copies = cx.journey.touchpoints(df.loc[df.index.repeat(w)], by="segment", outcome="overall")
    for col in ("experience", "expectation", "gap", "pain", "delight", "shortfall", "importance"):
        np.testing.assert_allclose(weighted.table[col], copies.table[col], rtol=1e-10)


def test_welch_test_equals_scipy_welch_t_for_two_segments():
    df = cx.load_dataset("branch_touchpoints")
    two = df[df["segment"] != "VIP"]
    res = cx.journey.touchpoints(two, ["queueing", "fees"], by="segment")
    row = res.tests.set_index(["touchpoint", "measure"]).loc[("queueing", "gap")]
    gap = two["queueing_experience"] - two["queueing_expectation"]
    t = stats.ttest_ind(gap[two["segment"] == "gold"], gap[two["segment"] == "ordinary"], equal_var=False)
    assert row["F"] == pytest.approx(t.statistic**2, rel=1e-10)
    assert row["p_value"] == pytest.approx(t.pvalue, rel=1e-8)


def test_welch_test_three_segments_by_hand():
    df = cx.load_dataset("branch_touchpoints")
    res = cx.journey.touchpoints(df, ["fees"], by="segment")
    g = [s["fees_expectation"].to_numpy(float) for _, s in df.groupby("segment")]
    n = np.array([len(x) for x in g]); m = np.array([x.mean() for x in g]); v = np.array([x.var(ddof=1) for x in g])
    w = n / v; mw = w @ m / w.sum(); k = 3
    tmp = ((1 - w / w.sum()) ** 2 / (n - 1)).sum()
    F = (w @ (m - mw) ** 2 / (k - 1)) / (1 + 2 * (k - 2) / (k**2 - 1) * tmp)
    row = res.tests.set_index("measure").loc["expectation"]
    assert row["F"] == pytest.approx(F, rel=1e-10)
    assert row["df_denom"] == pytest.approx((k**2 - 1) / (3 * tmp), rel=1e-10)


def test_importance_is_the_relative_weight_of_the_gaps_and_coef_the_raw_ols():
    df = cx.load_dataset("branch_touchpoints")
    res = cx.journey.touchpoints(df, by="segment", outcome="overall")
    names = res.table["touchpoint"].unique().tolist()
    gaps = pd.DataFrame({t: df[f"{t}_experience"] - df[f"{t}_expectation"] for t in names})
    drivers = cx.satisfaction.drivers(gaps.assign(overall=df["overall"], segment=df["segment"]), "overall", names,
                                      by="segment").table
    np.testing.assert_allclose(res.table["importance"], drivers["weight"], rtol=1e-10)
    gold = df["segment"] == "gold"
    fit = sm.OLS(df.loc[gold, "overall"], sm.add_constant(gaps[gold])).fit()
    coef = res.coefficients[res.coefficients["segment"] == "gold"].set_index("touchpoint")
    np.testing.assert_allclose(coef["coef"].loc[names], fit.params[names], rtol=1e-8)
    np.testing.assert_allclose(coef["coef_ci_low"].loc[names], fit.conf_int()[0][names], rtol=1e-6)


def test_fix_first_gain_is_coefficient_times_mean_shortfall():
    df = cx.load_dataset("branch_touchpoints")
    res = cx.journey.touchpoints(df, by="segment", outcome="overall")
    plan = res.fix_first(cost={"queueing": 2.0, "fees": 1.0})
    vip = df[df["segment"] == "VIP"]
    shortfall = np.maximum(vip["fees_expectation"] - vip["fees_experience"], 0).mean()
    row = plan.set_index(["segment", "touchpoint"]).loc[("VIP", "fees")]
    coef = res.coefficients.set_index(["segment", "touchpoint"]).loc[("VIP", "fees"), "coef"]
    assert row["gain"] == pytest.approx(coef * shortfall, rel=1e-12)
    assert row["gain_per_cost"] == pytest.approx(row["gain"] / 1.0)
    assert (plan[plan["rank"].isna()]["note"] == "no cost given").all()
    ranked = plan.dropna(subset=["rank"])
    assert (ranked.groupby("segment")["gain_per_cost"].apply(lambda s: s.is_monotonic_decreasing)).all()


def test_seeded_simulation_names_the_true_moments_of_truth():
    data, truth = cx.simulate.touchpoint_survey(BRANCH, 20000, segments=SEGMENTS, experience=EXPERIENCE,
                                                expectation=EXPECTATION, random_state=11)
    res = cx.journey.touchpoints(data, by="segment", outcome="overall", scale=(1, 7))
    found = {(s, t, m) for s, t, m in res.table[["segment", "touchpoint", "moment"]].itertuples(index=False)
             if m != "neutral"}
    # The truth under the default rule: |true gap| >= 0.5 on a touchpoint among the top 3 of 9 by weight.
    top = sorted(BRANCH, key=BRANCH.get, reverse=True)[:3]
    truth = truth[(truth["gap"].abs() >= 0.5) & truth["touchpoint"].isin(top)]
    expected = {(s, t, f"{'negative' if g < 0 else 'positive'} moment of truth")
                for s, t, g in truth[["segment", "touchpoint", "gap"]].itertuples(index=False)}
    assert found == expected == {("VIP", "queueing", "negative moment of truth"),
                                 ("VIP", "fees", "negative moment of truth"),
                                 ("gold", "queueing", "negative moment of truth"),
                                 ("gold", "staff_attitude", "positive moment of truth")}


def test_long_data_gives_the_wide_result():
    wide = FIVE.rename(columns={"customer": "respondent"})
    long = pd.concat([pd.DataFrame({"respondent": wide["respondent"], "seg": wide["seg"], "touchpoint": t,
                                    "exp": wide[f"{t}_experience"], "expect": wide[f"{t}_expectation"]})
                      for t in ("queue", "staff")]).sample(frac=1, random_state=0)
    a = cx.journey.touchpoints(wide, by="seg").table
    b = cx.journey.touchpoints(long, "touchpoint", by="seg", experience="exp", expectation="expect").table
    pd.testing.assert_frame_equal(a.sort_values(["seg", "touchpoint"]).reset_index(drop=True),
                                  b.sort_values(["seg", "touchpoint"]).reset_index(drop=True), check_dtype=False,
                                  check_like=True, check_index_type=False)


def test_rows_missing_codes_and_missing_segments_are_counted():
    df = FIVE.copy()
    df.loc[0, "seg"] = np.nan
    df.loc[1, ["queue_experience", "staff_expectation"]] = 99
    res = cx.journey.touchpoints(df, by="seg", missing_codes=[99], scale=(1, 7))
    assert str(res.rows) == ("5 customers in, 3 used (1 segment missing; 1 no touchpoint with both ratings); "
                             "answers recoded to missing: queue_experience 1, staff_expectation 1")


def test_bad_input_is_named():
    with pytest.raises(CXInputError, match=r"touchpoint 'staff' has no expectation column 'staff_expectation'"):
        cx.journey.touchpoints(FIVE.drop(columns="staff_expectation"), ["queue", "staff"])
    with pytest.raises(CXInputError, match="Only one segment"):
        cx.journey.touchpoints(FIVE.assign(seg="x"), by="seg")
    with pytest.raises(CXInputError, match="needs at least"):
        cx.journey.touchpoints(FIVE.assign(overall=[1, 2, 3, 4, 5]), by="seg", outcome="overall")
    with pytest.raises(CXInputError, match=r"Column 'queue_experience'.*99 \(1 row\)"):
        cx.journey.touchpoints(FIVE.replace({3: 99}), scale=(1, 7))
    with pytest.raises(CXInputError, match="pain"):
        cx.journey.touchpoints(FIVE, pain=2, delight=1)
    res = cx.journey.touchpoints(cx.load_dataset("branch_touchpoints"), by="segment", outcome="overall")
    with pytest.raises(CXInputError, match="Did you mean 'queueing'"):
        res.fix_first(cost={"queuing": 1.0})
    with pytest.raises(CXInputError, match="fix_first needs the gap model"):
        cx.journey.touchpoints(FIVE).fix_first()


VISITS = pd.DataFrame({"journey": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9],
                       "step": [1, 2, 3] * 9,
                       "touchpoint": ["a", "b", "c"] * 9,
                       "rating": [5, 2, 7, 6, 6, 4, 8, 3, 8, 4, 5, 6, 7, 1, 5, 5, 5, 5, 9, 2, 6, 3, 4, 7, 6, 3, 9],
                       "retrospective": np.repeat([4, 5, 7, 5, 4, 5, 6, 5, 7], 3)})


def test_visit_moments_peak_trough_shares_and_memory_weight_by_hand():
    res = cx.journey.visit_moments(VISITS)
    coef = res.fits.set_index("term")["estimate"]
    b = res.table.set_index("touchpoint")
    # touchpoint "a": peak in visits 2 (tied with b), 3 (tied with c), 5, 7 and 6 (a three-way tie);
    # trough in visits 4, 8 and 6
    assert b.loc["a", "peak_share"] == pytest.approx((0.5 + 0.5 + 1 + 1 + 1 / 3) / 9)
    assert b.loc["a", "trough_share"] == pytest.approx((1 + 1 + 1 / 3) / 9)
    assert b.loc["c", "end_share"] == 1.0 and b.loc["a", "end_share"] == 0.0
    peak_a = np.array([0, 0.5, 0.5, 0, 1, 1 / 3, 1, 0, 0])
    trough_a = np.array([0, 0, 0, 1, 0, 1 / 3, 0, 1, 0])
    weight_a = coef["first"] + coef["mean"] / 3 + coef["peak"] * peak_a + coef["trough"] * trough_a
    assert b.loc["a", "memory_weight"] == pytest.approx(weight_a.mean(), rel=1e-12)


def test_both_views_meet_on_the_branch_data():
    survey, visits = cx.load_dataset("branch_touchpoints"), cx.load_dataset("branch_touchpoint_visits")
    res = cx.journey.touchpoints(survey, by="segment", outcome="overall", visits=visits)
    gold = res.table[(res.table["segment"] == "gold")].set_index("touchpoint")
    assert gold["trough_share"].idxmax() == "queueing" == gold.loc[gold["gap"].idxmin()].name
    assert gold["peak_share"].idxmax() == "staff_attitude" == gold.loc[gold["gap"].idxmax()].name
    assert gold["peak_share"].notna().sum() == 7  # the seven visit steps; other touchpoints have no visit view


def test_a_segment_too_small_for_the_model_is_said_not_judged_and_kept():
    df = cx.load_dataset("branch_touchpoints")
    df.loc[df.index[:3], "segment"] = "tiny"
    res = cx.journey.touchpoints(df, by="segment", outcome="overall")
    assert "importance not estimated in {'segment': 'tiny'}: 3 complete rows" in res.settings["note"]
    tiny = res.table[res.table["segment"] == "tiny"]
    assert len(tiny) == 15 and (tiny["moment"] == "not judged").all() and tiny["importance"].isna().all()
    assert (res.table[res.table["segment"] == "gold"]["moment"] != "not judged").all()
    plan = res.fix_first()
    assert (plan[plan["segment"] == "tiny"]["note"].str.startswith("no gap model")).all()
    with pytest.raises(CXInputError, match="binary"):
        cx.journey.touchpoints(df.assign(o=(df["overall"] > 7).astype(int)), by="segment", outcome="o")


def test_a_code_in_the_outcome_is_named_even_when_the_rating_scale_is_declared():
    df = cx.load_dataset("branch_touchpoints")
    df.loc[:29, "overall"] = 99
    with pytest.warns(cx.errors.ScaleWarning, match=r"No `outcome_scale` declared.*'overall': 99 \(30 answers"):
        cx.journey.touchpoints(df, by="segment", outcome="overall", scale=(1, 7))
    with pytest.raises(CXInputError, match=r"Column 'overall'.*declared outcome_scale 1-10: 99 \(30 rows\)"):
        cx.journey.touchpoints(df, by="segment", outcome="overall", scale=(1, 7), outcome_scale=(1, 10))
    with pytest.raises(CXInputError, match=r"Column 'overall'.*declared outcome_scale"):
        cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"),
                                  experience=["queueing_experience"], expectation=["queueing_expectation"],
                                  scale=(1, 7), outcome_scale=(1, 10), n_boot=0)


def test_a_segment_without_variance_is_not_tested_and_says_why():
    df = cx.load_dataset("branch_touchpoints")
    df.loc[df["segment"] == "VIP", "fees_experience"] = 7
    tests = cx.journey.touchpoints(df, ["fees", "queueing"], by="segment").tests.set_index(["touchpoint", "measure"])
    assert np.isnan(tests.loc[("fees", "experience"), "p_value"])
    assert tests.loc[("fees", "experience"), "note"] == "not tested: no variance in VIP"
    assert tests.loc[("queueing", "experience"), "p_value"] < 1e-10


def test_costs_as_a_series_or_by_segment_and_unknown_segments_refused():
    res = cx.journey.touchpoints(cx.load_dataset("branch_touchpoints"), by="segment", outcome="overall")
    by_series = res.fix_first(cost=pd.Series({"fees": 2.0}))
    assert by_series.set_index(["segment", "touchpoint"]).loc[("gold", "fees"), "cost"] == 2.0
    per_segment = pd.DataFrame({"segment": ["VIP", "gold"], "touchpoint": ["fees", "fees"], "cost": [1.0, 3.0]})
    plan = res.fix_first(cost=per_segment).set_index(["segment", "touchpoint"])
    assert plan.loc[("gold", "fees"), "cost"] == 3.0 and np.isnan(plan.loc[("ordinary", "fees"), "cost"])
    with pytest.raises(CXInputError, match=r"segments in 'segment'.*got \['vip'\]"):
        res.fix_first(cost=per_segment.assign(segment=["vip", "gold"]))


def test_a_touchpoint_met_twice_in_a_visit_counts_once_and_visits_keep_their_segment():
    visits = cx.load_dataset("branch_touchpoint_visits")
    twice = visits.replace({"touchpoint": {"farewell": "queueing"}})
    gold = cx.journey.visit_moments(twice, by="segment").table.set_index(["segment", "touchpoint"]).loc["gold"]
    assert gold.loc["queueing", "visits"] == visits[(visits["segment"] == "gold")]["journey"].nunique()
    assert gold.loc["queueing", "trough_share"] <= 1.0
    moved = visits.copy()
    moved.loc[1, "segment"] = "VIP"  # one step of visit V00001 in another segment
    with pytest.raises(CXInputError, match=r"Column 'segment'.*the same on every step of a visit"):
        cx.journey.visit_moments(moved, by="segment")
    lost = visits.copy()
    lost.loc[lost["journey"] == "V00001", "segment"] = np.nan
    res = cx.journey.visit_moments(lost, by="segment")
    assert res.rows.excluded == {"segment missing": 1} and res.steps.excluded == {"segment missing": 4}
