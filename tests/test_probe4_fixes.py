"""Fixes of the five silent results of the fourth hostile probe (tracking, waits, ordinal drivers).

Each test asserts what the note, warning or error names, and where a value is still
produced, that the value is right by hand.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, ThinDataWarning

CANS = pd.DataFrame({"sample": range(1, 31), "inspected": 50, "nonconforming": [
    12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]})


def _two_segments() -> pd.DataFrame:
    """Segment a: 100 answers in each of 2 waves; segment b: 2 answers (a 10 and a 5) in wave 1 only."""
    a = pd.DataFrame({"rec": [10, 10, 5, 8] * 25 + [10, 5, 5, 8] * 25, "t": [1] * 100 + [2] * 100, "s": "a"})
    return pd.concat([a, pd.DataFrame({"rec": [10, 5], "t": [1, 1], "s": ["b", "b"]})], ignore_index=True)


# ---------------------------------------------------------------- 1. control_chart: thin points, one-wave segments
def test_control_chart_names_a_thin_point_and_a_one_wave_segment():
    with pytest.warns(ThinDataWarning, match=r"b / t 1 \(n = 2\).*one baseline wave only in b"):
        res = cx.tracking.control_chart(_two_segments(), "rec", kind="nps", time="t", by="s")
    t = res.table.set_index(["s", "t"])
    note = t.loc[("b", 1), "note"]
    # b's baseline: 1 promoter, 1 detractor of 2 -> p = d = 1/2, n p = n (1 - p) = 1.0 for each share
    assert "n p = 1.0, n (1 - p) = 1.0 for the promoters" in note
    assert "n p = 1.0, n (1 - p) = 1.0 for the detractors" in note and "below 5" in note
    assert "limits from one wave (t 1) only" in note and "cannot signal" in note
    # the value is still charted: NPS (1 - 1) / 2 = 0 on its own centre 0
    assert t.loc[("b", 1), "nps"] == 0 and t.loc[("b", 1), "centre"] == 0 and not t.loc[("b", 1), "signal"]
    # segment a: p = .375, d = .375 over 200 answers -> n p = 37.5 per wave: no note; sigma sqrt(.75 / 100)
    assert (t.loc["a", "note"] == "").all()
    assert math.isclose(t.loc[("a", 1), "sigma"], math.sqrt(0.75 / 100))


def test_control_chart_min_n_leaves_a_thin_point_out_and_counts_its_rows():
    with pytest.warns(ThinDataWarning, match=r"fewer than min_n = 30 rows, not charted: b / t 1 \(n = 2\)"):
        res = cx.tracking.control_chart(_two_segments(), "rec", kind="nps", time="t", by="s", min_n=30)
    b1 = res.table.set_index(["s", "t"]).loc[("b", 1)]
    assert np.isnan(b1["nps"]) and np.isnan(b1["z"]) and np.isnan(b1["ucl"]) and not b1["signal"]
    assert b1["note"] == "thin: n = 2 < min_n = 30, not charted"
    assert res.rows.n_in == 202 and res.rows.n_used == 200 and "2 in a thin point" in str(res.rows)
    # segment a untouched: centre 0, sigma sqrt(.75 / 100)
    a1 = res.table.set_index(["s", "t"]).loc[("a", 1)]
    assert a1["centre"] == 0 and math.isclose(a1["sigma"], math.sqrt(0.75 / 100))


def test_p_chart_note_from_the_expected_counts_at_the_centre_line():
    # 4 samples of 20 with 2 hits and one of 100 with 10: p = 18 / 180 = 0.1
    table = pd.DataFrame({"wave": range(1, 6), "n": [20, 20, 20, 20, 100], "hits": [2, 2, 2, 2, 10]})
    with pytest.warns(ThinDataWarning, match=r"4 point\(s\) with too few answers"):
        res = cx.tracking.control_chart(table, "hits", kind="share", time="wave", sample_size="n")
    notes = res.table["note"].tolist()
    assert all("n p = 2.0, n (1 - p) = 18.0 (below 5)" in s for s in notes[:4])
    assert notes[4] == ""  # 100 x 0.1 = 10 and 100 x 0.9 = 90
    assert math.isclose(res.table["centre"][0], 0.1)


def test_montgomery_cans_have_no_note_and_no_thin_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ThinDataWarning)
        res = cx.tracking.control_chart(CANS, "nonconforming", kind="share", time="sample", sample_size="inspected")
    assert (res.table["note"] == "").all()  # 50 x 0.2313 = 11.6 and 50 x 0.7687 = 38.4


# ---------------------------------------------------------------- 2. control_chart: a wave listed twice
def test_aggregated_table_with_a_wave_listed_twice_is_refused_naming_it():
    with pytest.raises(CXInputError, match=r"one row per wave.*sample 1 on the rows at positions 0, 30.*"
                                           r"drop_duplicates.*groupby\(\['sample'\]"):
        cx.tracking.control_chart(pd.concat([CANS, CANS.iloc[:1]]), "nonconforming", kind="share", time="sample",
                                  sample_size="inspected")


def test_aggregated_table_by_segment_names_segment_and_wave():
    two = pd.concat([CANS.assign(line="x"), CANS.assign(line="y")], ignore_index=True)
    cx.tracking.control_chart(two, "nonconforming", kind="share", time="sample", sample_size="inspected", by="line")
    twice = pd.concat([two, two.iloc[[35]]], ignore_index=True)  # line y, sample 6 again
    with pytest.raises(CXInputError, match=r"one row per wave and segment.*line 'y', sample 6 .*positions 35, 60"):
        cx.tracking.control_chart(twice, "nonconforming", kind="share", time="sample", sample_size="inspected",
                                  by="line")


# ---------------------------------------------------------------- 3. wait_perception: Timedelta beside plain numbers
WAITS = pd.DataFrame({"waited": [5, 10, 20], "felt": [8, 15, 26]})


def test_mixed_timedelta_and_numbers_state_the_unit_taken():
    mixed = WAITS.assign(waited=pd.to_timedelta(WAITS["waited"], unit="min"))
    with pytest.warns(cx.errors.InputWarning, match=r"`perceived` column 'felt' holds plain numbers \(8, 15, 26 at row "
                                                    r"positions 0, 1, 2\).*'waited'.*taken to be in minutes"):
        res = cx.expectation.wait_perception(mixed, "waited", "felt")
    # (1.6 x 1.5 x 1.3)^(1/3) = 1.4612: the numbers read as minutes
    assert res.ratio == pytest.approx((1.6 * 1.5 * 1.3) ** (1 / 3))
    assert res.settings["durations"] == "'waited' read from Timedelta in minutes; 'felt' plain numbers taken to be " \
                                        "in minutes"
    # in seconds: the felt waits given in seconds, the same ratio, the unit said
    with pytest.warns(cx.errors.InputWarning, match="taken to be in seconds.*unit='s'"):
        sec = cx.expectation.wait_perception(mixed.assign(felt=WAITS["felt"] * 60), "waited", "felt",
                                             duration_unit="seconds")
    assert sec.ratio == pytest.approx(res.ratio)


def test_both_timedelta_or_both_numbers_warn_nothing():
    both = WAITS.assign(waited=pd.to_timedelta(WAITS["waited"], unit="min"),
                        felt=pd.to_timedelta(WAITS["felt"], unit="min"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", cx.errors.InputWarning)
        assert cx.expectation.wait_perception(both, "waited", "felt").ratio == pytest.approx(1.46123, abs=1e-5)
        assert cx.expectation.wait_perception(WAITS, "waited", "felt").ratio == pytest.approx(1.46123, abs=1e-5)


def test_promise_and_tolerance_say_the_same_assumption():
    df = cx.load_dataset("callcentre_waits").head(400)
    mixed = df.assign(waited_min=pd.to_timedelta(df["waited_min"], unit="min"))
    with pytest.warns(cx.errors.InputWarning, match="`promised` column 'announced_min' holds plain numbers"):
        cx.expectation.promise(mixed, promised="announced_min", delivered="waited_min", outcome="satisfaction")
    zone = pd.DataFrame({"wait_perceived": pd.to_timedelta([3, 6, 12], unit="min"), "wait_adequate": [10, 10, 10],
                         "wait_desired": [2, 2, 2]})
    with pytest.warns(cx.errors.InputWarning, match="`adequate` column 'wait_adequate'.*`desired` column"):
        t = cx.expectation.tolerance(zone, "wait", lower_is_better=True).table
    assert t.loc[0, "msa"] == pytest.approx(10 - 7)  # adequate 10 - mean perceived (3 + 6 + 12) / 3


# ---------------------------------------------------------------- 4. recovery: a segment of 2 customers
PATHS = [(0, 0, 0, 100, 80), (1, 1, 1, 20, 17), (1, 1, 0, 10, 3), (1, 0, 0, 30, 9)]
REC = pd.DataFrame([(p, c, r, int(k < yes)) for p, c, r, n, yes in PATHS for k in range(n)],
                   columns=["problem", "complained", "recovered", "rep"])
ROLES = dict(problem="problem", complained="complained", recovered="recovered", outcome="rep")


def test_recovery_thin_segment_is_kept_with_counts_named_and_not_tested():
    two = pd.concat([REC.assign(s="a"), REC.iloc[[0, 100]].assign(s="b")], ignore_index=True)
    with pytest.warns(ThinDataWarning, match=r"s = 'b' \(2 customers\).*min_n"):
        res = cx.tracking.recovery(two, **ROLES, by="s")
    b = res.table[res.table["s"] == "b"]
    assert b["n"].tolist() == [1, 1, 0, 0] and b["outcome"].isna().all() and b["share"].isna().all()
    assert (b["note"] == "thin segment: 2 customers < min_n = 30, not analysed").all()
    tb = res.tests[res.tests["s"] == "b"]
    assert tb["p_value"].isna().all() and tb["verdict"].str.startswith("not estimable: thin segment").all()
    fb = res.funnel[res.funnel["s"] == "b"].iloc[0]
    assert (fb["customers"], fb["with_problem"], fb["recovered"]) == (2, 1, 1) and np.isnan(fb["voice_rate"])
    assert res.rows.n_used == 160 and "2 in a thin segment" in str(res.rows)
    assert "b: not estimated (thin segment" in res.settings["voice rate"]
    # segment a as before: recovered 17/20 against not recovered 3/10, Fisher's p by hand (scipy)
    ta = res.tests[res.tests["s"] == "a"].iloc[0]
    from scipy.stats import fisher_exact
    assert ta["difference"] == pytest.approx(0.55) and ta["p_value"] == pytest.approx(fisher_exact([[17, 3], [3, 7]])[1])
    assert (res.table[res.table["s"] == "a"]["note"] == "").all()


def test_recovery_min_n_zero_tests_a_small_segment():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ThinDataWarning)
        res = cx.tracking.recovery(REC.iloc[[0, 1, 100, 101]], **ROLES, min_n=0)
    # no problem 2 (both repurchased), recovered 2 (both): difference 0, Fisher p = 1
    paradox = res.tests.iloc[1]
    assert paradox["difference"] == 0 and paradox["p_value"] == pytest.approx(1.0)


# ---------------------------------------------------------------- 5. drivers(family="ordinal") with 2 levels
def test_two_level_ordinal_outcome_points_to_logit_and_is_the_logit_model():
    sm = pytest.importorskip("statsmodels.api")
    sr = cx.load_dataset("service_ratings").head(800)
    cols = [c for c in sr.columns if c.endswith("_experience")][:3]
    data = sr.assign(y2=(sr["overall"] >= 8).astype(int) + 1)  # coded 1 / 2
    with pytest.warns(cx.errors.InputWarning, match=r"outcome 'y2' has 2 levels.*family='logit'.*\(data\['y2'\] == "):
        res = cx.satisfaction.drivers(data, "y2", cols, family="ordinal")
    assert "2 outcome levels" in res.fits["note"][0] and "family='logit'" in res.fits["note"][0]
    # the same model as a logistic regression of (y2 == 2) on the ratings: odds ratios per rating point
    logit = sm.Logit((data["y2"] == 2).astype(float), sm.add_constant(data[cols].astype(float))).fit(disp=0)
    np.testing.assert_allclose(np.log(res.table["odds_ratio"].to_numpy()), logit.params[cols].to_numpy(), rtol=1e-4)
    # and McFadden's R2 is that of family="logit" on the 0/1 coding
    yes_no = cx.satisfaction.drivers(data.assign(y01=(data["y2"] == 2).astype(int)), "y01", cols, family="logit")
    assert res.fits["mcfadden_r2"][0] == pytest.approx(yes_no.fits["mcfadden_r2"][0], rel=1e-6)


def test_three_level_ordinal_outcome_has_no_two_level_note():
    sr = cx.load_dataset("service_ratings").head(800)
    cols = [c for c in sr.columns if c.endswith("_experience")][:3]
    data = sr.assign(y3=np.digitize(sr["overall"], [5, 8]))
    with warnings.catch_warnings():
        warnings.simplefilter("error", cx.errors.InputWarning)
        res = cx.satisfaction.drivers(data, "y3", cols, family="ordinal")
    assert "2 outcome levels" not in str(res.fits["note"][0])
