"""Drop-off detection: the model against statsmodels, statistical honesty on simulated truth, bad input."""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import KanoInputError
from cxresearch.simulate import drift, stable, step

DELIGHT = {"A": 0.6, "O": 0.15, "M": 0.1, "I": 0.15}


def _coded(answers):
    out = answers.drop(columns=["functional", "dysfunctional"]).rename(columns={"true_category": "category"})
    out["category"] = out["category"].astype(cx.kano.CATEGORY_DTYPE)
    return out


def test_ordinal_slope_equals_statsmodels_ordered_model(rng):
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    answers, _ = cx.simulate.kano_waves(["x"], 5, 400, {"x": drift(DELIGHT, {"A": .55, "O": .175, "M": .125, "I": .15})},
                                        random_state=rng)
    resp = _coded(answers)
    res = cx.dropoff.detect(resp)
    aom = resp[resp["category"].isin(["A", "O", "M"])]
    y = pd.Series(pd.Categorical(aom["category"].astype(str), categories=["A", "O", "M"], ordered=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = OrderedModel(y, aom[["wave"]].to_numpy(float), distr="logit").fit(method="newton", disp=False,
                                                                                 maxiter=100)
    # exact maximum likelihood on the counts: the continuity constant only enters where the MLE is infinite
    assert res.table["odds_ratio"].iloc[0] == pytest.approx(np.exp(np.asarray(fit.params)[0]), rel=1e-7)
    # LR statistic: 2 (l1 - l0), l0 from the pooled shares of A, O, M
    n = aom["category"].astype(str).value_counts()
    l0 = float((n * np.log(n / n.sum())).sum())
    lr = 2 * (fit.llf - l0)
    from scipy import stats
    assert res.table["p_value"].iloc[0] == pytest.approx(stats.chi2.sf(lr, 1), rel=1e-7, abs=1e-12)


def test_stable_attributes_are_flagged_at_about_alpha(rng):
    names = [f"s{i:03d}" for i in range(200)]
    answers, _ = cx.simulate.kano_waves(names, 6, 300, {a: stable(DELIGHT) for a in names},
                                        noise=0.05, random_state=rng)
    res = cx.dropoff.detect(_coded(answers), p_adjust="none")
    rate = (res.table["p_value"] < 0.05).mean()
    assert rate <= 0.10
    assert (res.table["direction"] != "stable").mean() <= 0.10


def test_a_35_point_drift_is_found_at_least_90_percent_of_the_time(rng):
    names = [f"d{i:03d}" for i in range(100)]
    end = {"A": 0.25, "O": 0.325, "M": 0.275, "I": 0.15}  # 35 points moved from A to O and M
    answers, _ = cx.simulate.kano_waves(names, 6, 300, {a: drift(DELIGHT, end) for a in names},
                                        noise=0.05, random_state=rng)
    res = cx.dropoff.detect(_coded(answers), p_adjust="none")
    assert (res.table["direction"] == "drop-off").mean() >= 0.90


def test_a_step_is_located_within_one_wave_at_least_70_percent_of_the_time(rng):
    names = [f"k{i:03d}" for i in range(100)]
    at = rng.integers(1, 5, len(names))  # first new-regime wave index 1..4 of waves 0..5
    after = {"A": 0.35, "O": 0.2, "M": 0.25, "I": 0.2}
    paths = {a: step(DELIGHT, after, at=int(k)) for a, k in zip(names, at)}
    answers, truth = cx.simulate.kano_waves(names, 6, 300, paths, noise=0.05, random_state=rng)
    res = cx.dropoff.detect(_coded(answers), p_adjust="none")
    found = res.table.set_index("attribute").loc[truth["attribute"], "changepoint"].to_numpy()
    located = np.abs(found - truth["changepoint"].to_numpy(dtype=float)) <= 1
    assert located.mean() >= 0.70


def test_dates_uneven_waves_and_missing_waves(rng):
    answers, _ = cx.simulate.kano_waves(["x", "y"], ["2020-01-01", "2021-01-01", "2023-01-01", "2024-01-01"],
                                        300, {"x": step(DELIGHT, "M", at=2), "y": stable(DELIGHT)},
                                        random_state=rng)
    resp = _coded(answers)
    resp = resp[~((resp["attribute"] == "y") & (resp["wave"] == "2021-01-01"))]  # y skipped a wave
    res = cx.dropoff.detect(resp, time="wave")
    t = res.table.set_index("attribute")
    assert t.loc["x", "changepoint"] == pd.Timestamp("2023-01-01")
    assert t.loc["x", "must_be_status"] == "already must-be"
    assert t.loc["y", "n_waves"] == 3
    # slopes are per year: an odds ratio per year, not per wave
    assert res.time_unit == "year"


def test_an_attribute_in_a_single_wave_is_reported_not_fatal():
    resp = pd.DataFrame({"attribute": ["x"] * 4 + ["y"] * 2, "wave": [1, 1, 2, 2, 2, 2],
                         "category": ["A", "A", "M", "M", "A", "O"]})
    with pytest.warns(cx.errors.SeparationWarning, match="x"):  # x: A A, then M M
        res = cx.dropoff.detect(resp)
    t = res.table.set_index("attribute")
    assert t.loc["y", "note"] == "seen in one wave: no trend"
    assert t.loc["y", "direction"] == "insufficient data"
    assert np.isnan(t.loc["y", "p_value"])


def test_by_hand_shares_and_slopes():
    # wave 1: A A A M ; wave 2: A M M M -> share of M 0.25 -> 0.75, slope 0.5 per wave
    resp = pd.DataFrame({"attribute": ["x"] * 8, "wave": [1] * 4 + [2] * 4,
                         "category": list("AAAM") + list("AMMM")})
    res = cx.dropoff.detect(resp)
    t = res.table.iloc[0]
    assert t["m_share_slope"] == pytest.approx(0.5)
    assert t["better_slope"] == pytest.approx(-0.5)  # Better 0.75 -> 0.25
    assert t["first_category"] == "A" and t["last_category"] == "M"
    s = res.shares.query("category == 'M'")["share"].tolist()
    assert s == [0.25, 0.75]


def test_bad_input():
    one = pd.DataFrame({"attribute": ["x", "x"], "wave": [1, 1], "category": ["A", "M"]})
    with pytest.raises(KanoInputError, match="single wave"):
        cx.dropoff.detect(one)
    bad_time = pd.DataFrame({"attribute": ["x"] * 3, "wave": ["2020-01-01", "soon", "2021-01-01"],
                             "category": ["A", "M", "A"]})
    with pytest.raises(KanoInputError, match="'soon' \\(1 row\\); first row positions: 1"):
        cx.dropoff.detect(bad_time)
    bad_cat = pd.DataFrame({"attribute": ["x"] * 3, "wave": [1, 2, 2], "category": ["A", "X", "M"]})
    with pytest.raises(KanoInputError, match="'X' \\(1 row\\)"):
        cx.dropoff.detect(bad_cat)
    with pytest.raises(KanoInputError, match="'period' not found"):
        cx.dropoff.detect(bad_cat, time="period")


def test_bank_dataset_recovers_the_documented_truth():
    resp = cx.kano.code(cx.load_dataset("bank_branch_waves"))
    t = cx.dropoff.detect(resp, time="year").table.set_index("attribute")
    assert t.loc["birthday_sms", "direction"] == "drop-off"
    assert t.loc["birthday_sms", "changepoint"] == 2023
    assert t.loc["birthday_sms", "pattern"] == "step"
    for a in ["short_waiting_time", "handwritten_letter", "umbrellas_first_aid", "financial_advice"]:
        assert t.loc[a, "direction"] == "stable"
    seg = cx.dropoff.detect(resp, time="year", by="segment").table.set_index(["attribute", "segment"])
    assert seg.loc[("fee_waivers", "VIP"), "direction"] == "drop-off"
    assert seg.loc[("fee_waivers", "ordinary"), "direction"] == "stable"


def test_power_table_and_false_positive_rate():
    res = cx.dropoff.power(n=[30, 300], drift=0.1, n_sim=300, random_state=3)
    t = res.table
    assert t["power"].iloc[1] > t["power"].iloc[0]
    assert (t["false_positive"] <= 0.10).all()
    assert res.plot().axes[0].get_ylabel() == "power"
    with pytest.raises(KanoInputError, match="at most the starting share of A"):
        cx.dropoff.power(drift=0.9)


def test_reppl_cohorts_differ_by_wording_not_by_time(shared):
    # The four reppl cohorts are different people asked with different wordings, not waves.
    # Treated (wrongly) as waves, secure storage (F4) - O in every cohort - must not be called a drop-off.
    frames = []
    for k in range(1, 5):
        df = pd.read_csv(shared("reppl-kano", f"storage--cohort{k}-clean.csv"))
        r = cx.kano.code(df, id_vars=["ID"])
        r["cohort"] = k
        frames.append(r)
    res = cx.dropoff.detect(pd.concat(frames, ignore_index=True), time="cohort")
    assert res.table.set_index("attribute").loc["F4", "direction"] == "stable"


def test_plots():
    resp = cx.kano.code(cx.load_dataset("bank_branch_waves"))
    res = cx.dropoff.detect(resp, time="year")
    moved = res.table.loc[res.table["direction"] != "stable", "attribute"]
    assert 0 < len(moved) < len(res.table)
    fig = res.plot(kind="shares")  # by default the attributes that moved, one panel each
    assert sorted(a.get_title().split(" (")[0] for a in fig.axes if a.get_visible()) == sorted(moved)
    fig = res.plot(kind="shares", attributes=list(res.table["attribute"]))
    assert len([a for a in fig.axes if a.get_visible()]) == len(res.table)
    fig = res.plot(kind="arrows")
    assert fig.axes[0].get_xlabel().startswith("|Worse|")


# --- separation: categories split perfectly by time ---------------------------------------------

def _waves(**cells):
    """Coded answers from {attribute: [(wave, "AAMI..."), ...]}."""
    rows = [(a, w, c) for a, spec in cells.items() for w, cats in spec for c in cats]
    return pd.DataFrame(rows, columns=["attribute", "wave", "category"])


def test_perfect_separation_is_flagged_not_estimated():
    resp = _waves(x=[(1, "A" * 20 + "II"), (2, "M" * 20 + "I")],          # every A before every M
                  r=[(1, "M" * 10 + "O" * 5), (2, "O" * 3 + "A" * 10)],   # M, then O, then A: a rise
                  y=[(1, "A" * 15 + "M" * 5), (2, "A" * 5 + "M" * 15)])   # overlapping: estimated
    with pytest.warns(cx.errors.SeparationWarning, match=r"r \(toward attractive\), x \(toward must-be\)"):
        res = cx.dropoff.detect(resp)
    t = res.table.set_index("attribute")
    assert t.loc[["x", "r"], "direction"].tolist() == ["separated", "separated"]
    assert t.loc[["x", "r"], "separation"].tolist() == ["toward must-be", "toward attractive"]
    assert t.loc[["x", "r"], ["odds_ratio", "odds_ratio_ci_low", "p_value", "p_adjusted"]].isna().all().all()
    assert t.loc["x", "note"].startswith("complete separation")
    assert t.loc["r", "note"].startswith("quasi-complete separation")  # O at both waves
    assert t.loc["x", "must_be_status"] == "already must-be"
    # y is estimated as usual, and the separated rows do not count in Holm's adjustment (m = 1)
    assert t.loc["y", "separation"] == "" and np.isfinite(t.loc["y", "odds_ratio"])
    assert t.loc["y", "p_adjusted"] == t.loc["y", "p_value"]
    # y by hand: 2 x 2 table [[15, 5], [5, 15]]: odds ratio of M per wave = (15 * 15) / (5 * 5) = 9
    assert t.loc["y", "odds_ratio"] == pytest.approx(9.0, rel=0.01)
    assert res.settings["separated"].startswith("2 of 3")


def test_quasi_complete_separation_with_o_in_between():
    # A in waves 1-2, O in 2-3, M in 3-4: ranges touch but never cross
    resp = _waves(x=[(1, "AAAA"), (2, "AAOO"), (3, "OOMM"), (4, "MMMM")])
    with pytest.warns(cx.errors.SeparationWarning):
        t = cx.dropoff.detect(resp).table.iloc[0]
    assert (t["direction"], t["separation"]) == ("separated", "toward must-be")
    assert t["note"].startswith("quasi-complete separation")


def test_near_separation_is_still_estimated_and_agrees_with_statsmodels():
    import statsmodels.api as sm

    # one M in the first wave and one A in the last break the separation
    resp = _waves(x=[(1, "A" * 19 + "M"), (2, "A" * 10 + "M" * 10), (3, "A" + "M" * 19)])
    with warnings.catch_warnings():
        warnings.simplefilter("error", cx.errors.SeparationWarning)
        t = cx.dropoff.detect(resp).table.iloc[0]
    assert t["direction"] == "drop-off" and t["separation"] == "" and t["note"] == ""
    # with no O answer the proportional-odds slope is the binary logit slope of M against A
    fit = sm.Logit((resp["category"] == "M").astype(float), sm.add_constant(resp["wave"].astype(float))).fit(disp=0)
    assert t["odds_ratio"] == pytest.approx(np.exp(fit.params["wave"]), rel=2e-2)  # the constant: O never seen
    assert t["p_value"] < 1e-6


def test_a_noiseless_simulated_step_is_separated_at_the_true_wave():
    answers, truth = cx.simulate.kano_waves(["sms"], 5, 40, {"sms": step({"A": .8, "I": .2}, {"M": .8, "I": .2},
                                                                          at=3)}, random_state=4)
    with pytest.warns(cx.errors.SeparationWarning, match="sms"):
        t = cx.dropoff.detect(_coded(answers)).table.iloc[0]
    assert (t["direction"], t["separation"]) == ("separated", "toward must-be")
    assert t["changepoint"] == truth["changepoint"].iloc[0] == 4
    assert t["category_before"] == "A" and t["category_after"] == "M"
