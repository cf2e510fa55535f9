"""Lower-is-better measures (waits, prices) in expectation.tolerance, and Timedelta waits in tolerance and promise.

Hand computations written out below; identities (lower_is_better on x equals the ordinary zone of
-x; integer weights equal replicated rows; Timedelta minutes equal the same numbers; a promise in
seconds is 60 times the promise in minutes); the refusal of a mostly inverted block naming the
count and the flag; and the call-centre waits in minutes, the case the flag exists for.
"""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError

# adequate (longest acceptable wait), desired, perceived, in minutes; lower is better
#   customer  A   D   P   verdict                       A - P   D - P
#   1        10   5  12   failed (12 > own adequate 10)   -2      -7
#   2         5   2   3   inside (2 <= 3 <= 5)             2      -1
#   3         8   4   6   inside (4 <= 6 <= 8)             2      -2
# failure 1/3, inside 2/3, delight 0; MSA = (-2 + 2 + 2) / 3 = 0.667; MSS = (-7 - 1 - 2) / 3 = -3.333;
# mean adequate 23/3 = 7.667, desired 11/3 = 3.667, perceived 7; zone_width = desired - adequate = -4;
# position = MSA / (adequate - desired) = 0.667 / 4 = 1/6; no inverted zone (every desired <= adequate).
WAITS = pd.DataFrame({"wait_adequate": [10, 5, 8], "wait_desired": [5, 2, 4], "wait_perceived": [12, 3, 6]})
SHARED = ["adequate", "desired", "perceived", "zone_width", "msa", "msa_ci_low", "msa_ci_high", "mss", "mss_ci_low",
          "mss_ci_high", "position", "failure", "failure_ci_low", "failure_ci_high", "inside", "delight",
          "delight_ci_low", "delight_ci_high", "adequate_sd", "desired_sd", "n_inverted", "inverted"]


def test_hand_computed_lower_is_better_zone():
    res = cx.expectation.tolerance(WAITS, "wait", lower_is_better=True)
    t = res.table.iloc[0]
    np.testing.assert_allclose([t["failure"], t["inside"], t["delight"]], [1 / 3, 2 / 3, 0], atol=1e-12)
    np.testing.assert_allclose([t["msa"], t["mss"]], [2 / 3, -10 / 3], atol=1e-12)
    np.testing.assert_allclose([t["adequate"], t["desired"], t["perceived"]], [23 / 3, 11 / 3, 7], atol=1e-12)
    np.testing.assert_allclose([t["zone_width"], t["position"]], [-4, 1 / 6], atol=1e-12)
    assert t["n_inverted"] == 0 and t["inverted"] == 0
    assert res.settings["direction"].startswith("lower is better: MSA = adequate - perceived")


def test_lower_is_better_is_the_ordinary_zone_of_the_negated_values(rng):
    n = 400
    adequate = rng.uniform(5, 15, n).round()
    desired = np.maximum(adequate - rng.uniform(0, 8, n).round(), 0)
    data = pd.DataFrame({"w_adequate": adequate, "w_desired": desired, "w_perceived": rng.gamma(4, 2.5, n).round(1),
                         "segment": rng.choice(["a", "b"], n)})
    low = cx.expectation.tolerance(data, "w", by="segment", lower_is_better=True).table
    neg = cx.expectation.tolerance(data.assign(**{c: -data[c] for c in ["w_adequate", "w_desired", "w_perceived"]}),
                                   "w", by="segment").table
    flipped = ["adequate", "desired", "perceived", "zone_width"]  # reported back in the units given
    np.testing.assert_allclose(low[flipped], -neg[flipped], atol=1e-12)
    same = [c for c in SHARED if c not in flipped]
    np.testing.assert_allclose(low[same].to_numpy(float), neg[same].to_numpy(float), atol=1e-12)
    assert low["zone"].tolist() == neg["zone"].tolist()
    # failure is a wait above one's own adequate level, counted directly
    for seg, part in data.groupby("segment"):
        direct = (part["w_perceived"] > part["w_adequate"]).mean()
        assert low.set_index("segment").loc[seg, "failure"] == pytest.approx(direct)


def test_integer_weights_equal_replicated_rows_lower_is_better(rng):
    data = WAITS.assign(k=[3, 1, 2])
    weighted = cx.expectation.tolerance(data, "wait", lower_is_better=True, weights="k").table
    replicated = cx.expectation.tolerance(data.loc[data.index.repeat(data["k"])].drop(columns="k"), "wait",
                                          lower_is_better=True).table
    # by hand: failure = 3 / 6 (customer 1 three times), MSA = (3 * -2 + 2 + 2 * 2) / 6 = 0
    assert weighted.loc[0, "failure"] == pytest.approx(0.5) and weighted.loc[0, "msa"] == pytest.approx(0.0)
    # point estimates (intervals and spreads rest on Kish's n_eff, not on the replicated n: sampling weights)
    cols = [c for c in SHARED if not c.endswith(("_ci_low", "_ci_high", "_sd")) and c != "n_inverted"]
    np.testing.assert_allclose(weighted[cols].to_numpy(float), replicated[cols].to_numpy(float), atol=1e-12)


def test_a_mostly_inverted_block_is_refused_naming_the_count_and_the_flag():
    with pytest.raises(CXInputError, match=r"'wait': 3 of 3 zones are inverted \(own adequate level above own "
                                           r"desired level\)\. Is lower better \(waits, prices\)\? Pass "
                                           r"lower_is_better=True"):
        cx.expectation.tolerance(WAITS, "wait")
    ratings = cx.load_dataset("callcentre_waits")
    with pytest.raises(CXInputError, match=r"'waiting': 3\d{3} of 4000 zones are inverted .*Is higher better "
                                           r"\(ratings\)\? Drop lower_is_better=True"):
        cx.expectation.tolerance(ratings, "waiting", lower_is_better=True)
    # one inverted customer in three is not "most": kept and counted
    one = WAITS.assign(wait_desired=[5, 2, 9])  # customer 3 wants 9 but accepts 8
    t = cx.expectation.tolerance(one, "wait", lower_is_better=True).table
    assert t.loc[0, "n_inverted"] == 1 and t.loc[0, "failure"] == pytest.approx(0.5)  # 1 failed of 2 with a zone
    with pytest.raises(CXInputError, match=r"`lower_is_better` must be True( .*)? or False"):
        cx.expectation.tolerance(WAITS, "wait", lower_is_better="yes")


def test_callcentre_waits_in_minutes():
    """The case the flag exists for: each caller's acceptable and desired wait in minutes, the wait they had."""
    df = cx.load_dataset("callcentre_waits")
    rng = np.random.default_rng(7)
    # a caller accepts up to 1.2-2 times the announced wait and would like half of it (seeded, known)
    waits = df.assign(wait_adequate=(df["announced_min"] * rng.uniform(1.2, 2.0, len(df))).round(1),
                      wait_desired=(df["announced_min"] * 0.5).round(1),
                      wait_perceived=df["waited_min"])
    with pytest.raises(CXInputError, match=r"'wait': 4000 of 4000 zones are inverted.*lower_is_better=True"):
        cx.expectation.tolerance(waits, "wait", by="segment")  # today's silent wrong sign is now refused
    res = cx.expectation.tolerance(waits, "wait", by="segment", lower_is_better=True)
    t = res.table.set_index("segment")
    for seg, part in waits.groupby("segment"):
        a, d, p = part["wait_adequate"], part["wait_desired"], part["wait_perceived"]
        assert t.loc[seg, "failure"] == pytest.approx((p > a).mean())
        assert t.loc[seg, "delight"] == pytest.approx((p < d).mean())
        assert t.loc[seg, "msa"] == pytest.approx((a - p).mean())
        assert t.loc[seg, "mss"] == pytest.approx((d - p).mean())
    assert (t["n_inverted"] == 0).all() and t["failure"].between(0.05, 0.95).all()
    # the same waits as Timedelta: read in minutes, said in the settings
    td = waits.assign(**{c: pd.to_timedelta(waits[c], unit="min")
                         for c in ["wait_adequate", "wait_desired", "wait_perceived"]})
    res_td = cx.expectation.tolerance(td, "wait", by="segment", lower_is_better=True)
    pd.testing.assert_frame_equal(res_td.table, res.table, atol=1e-9)
    assert res_td.settings["durations"] == ("'wait_perceived', 'wait_adequate', 'wait_desired' read from Timedelta "
                                            "in minutes")
    assert td["wait_perceived"].dtype.kind == "m"  # the caller's frame is untouched


def test_a_three_minute_timedelta_wait_is_three():
    data = pd.DataFrame({"wait_adequate": pd.to_timedelta([5], unit="min"),
                         "wait_desired": pd.to_timedelta([2], unit="min"),
                         "wait_perceived": [pd.Timedelta(minutes=3)]})
    t = cx.expectation.tolerance(data, "wait", lower_is_better=True).table
    assert (t.loc[0, "perceived"], t.loc[0, "msa"], t.loc[0, "mss"]) == (3.0, 2.0, -1.0)


def test_promise_reads_timedelta_waits_in_the_stated_unit():
    df = cx.load_dataset("callcentre_waits")
    minutes = cx.expectation.promise(df, promised="announced_min", delivered="waited_min", outcome="satisfaction")
    td = df.assign(announced_min=pd.to_timedelta(df["announced_min"], unit="min"),
                   waited_min=pd.to_timedelta(df["waited_min"], unit="min"))
    seconds = cx.expectation.promise(td, promised="announced_min", delivered="waited_min", outcome="satisfaction",
                                     duration_unit="seconds")
    # the same model in seconds: the keep rate is unit-free, the promise 60 times the minutes, slopes / 60
    assert seconds.table.loc[0, "closed_form_keep_rate"] == pytest.approx(minutes.table.loc[0, "closed_form_keep_rate"])
    assert seconds.table.loc[0, "closed_form_promise"] == pytest.approx(60 * minutes.table.loc[0, "closed_form_promise"])
    assert seconds.table.loc[0, "loss"] == pytest.approx(minutes.table.loc[0, "loss"] / 60)
    assert seconds.settings["durations"] == "'announced_min', 'waited_min' read from Timedelta in seconds"
    assert "durations" not in minutes.settings
