"""`kano.service_plan(result, dropoff)`: plans that see drift.

Known truth from the shipped ``bank_branch_waves`` card, hand-computed share lines for the
forecast, R's published ``prop.trend.test`` example for the worse trend, and the refusals.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import InputWarning, KanoInputError


@pytest.fixture(scope="module")
def bank():
    responses = cx.kano.code(cx.load_dataset("bank_branch_waves"))
    latest = responses[responses["year"] == 2025]
    return responses, latest


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _table(rows):
    """A count table: (attribute, wave, A, O, M, I) rows, no R or Q."""
    out = pd.DataFrame(rows, columns=["attribute", "wave", "A", "O", "M", "I"])
    return out.assign(R=0, Q=0)


def test_bank_waves_truth_overall(bank):
    responses, latest = bank
    drift = cx.dropoff.detect(responses, time="year")
    plan = cx.kano.service_plan(cx.kano.analyze(latest), drift).set_index("attribute")
    # card: the handwritten letter stays attractive, given irregularly -> a stable delighter, told so
    for name in ("handwritten_letter", "vip_name_and_drink", "umbrellas_first_aid"):
        assert plan.loc[name, "category"] == "A" and plan.loc[name, "drift"] == "stable"
        assert "no drop-off so far; keep delivering it irregularly" in plan.loc[name, "advice"]
        assert np.isnan(plan.loc[name, "forecast"])
    # card: reading glasses drift slowly from attractive towards one-dimensional -> a sliding delighter
    glasses = plan.loc["glasses_calculators"]
    assert glasses["category"] == "A" and glasses["drift"] == "drop-off"
    assert glasses["advice"].startswith("Sliding toward must-be (drop-off since year")
    assert "prepare a standard and a firm commitment" in glasses["advice"]
    assert "Deliver irregularly" not in glasses["advice"]  # replaced, not contradicted
    # fee waivers slide for VIPs only; overall the drift is seen and the forecast is the drop-off's own
    fee = plan.loc["fee_waivers"]
    forecast = drift.table.set_index("attribute").loc["fee_waivers", "must_be_forecast"]
    assert fee["drift"] == "drop-off" and fee["forecast"] == forecast
    assert f"by year {forecast:.1f}" in fee["advice"]
    # card: the birthday SMS became standard in 2023 and fell to indifferent -> a former delighter
    sms = plan.loc["birthday_sms"]
    assert sms["category"] == "I" and sms["changepoint"] == 2023
    assert "former delighter that has dropped off since year 2023" in sms["advice"]
    # waiting time: must-be throughout, no rising dissatisfaction, no drift sentence
    wait = plan.loc["short_waiting_time"]
    assert wait["category"] == "M" and wait["worse_trend"] == "no trend"
    assert wait["advice"] == cx.kano.service_plan(cx.kano.analyze(latest)).set_index("attribute").loc[
        "short_waiting_time", "advice"]


def test_bank_waves_truth_by_segment(bank):
    responses, latest = bank
    drift = cx.dropoff.detect(responses, time="year", by="segment")
    plan = cx.kano.service_plan(cx.kano.analyze(latest, by="segment"), drift).set_index(["attribute", "segment"])
    # card: fee waivers drift to must-be for VIP customers only: a must-be whose |Worse| rises, flagged
    vip = plan.loc[("fee_waivers", "VIP")]
    assert vip["category"] == "M" and vip["worse_trend"] == "rising" and vip["worse_trend_p"] < 1e-4
    assert "Dissatisfaction when it is missing is rising" in vip["advice"]
    for seg in ("gold", "ordinary"):
        row = plan.loc[("fee_waivers", seg)]
        assert row["category"] == "A" and row["drift"] == "stable" and "stays fresh" in row["advice"]
    # no stable must-be is flagged
    wait = plan.xs("short_waiting_time", level="attribute")
    assert (wait["worse_trend"] != "rising").all() and not wait["advice"].str.contains("rising").any()
    # a drop-off detected without segments holds for every segment of the plan
    overall = cx.dropoff.detect(responses, time="year")
    by_seg = cx.kano.service_plan(cx.kano.analyze(latest, by="segment"), overall)
    assert (by_seg.loc[by_seg["attribute"] == "birthday_sms", "drift"] == "drop-off").all()


def test_forecast_from_hand_computed_share_lines():
    # waves 1, 2, 3 of 100 answers: A 60, 50, 40 and M 10, 20, 30 (O 20, I 10 throughout). The share
    # lines A = 0.7 - 0.1 t and M = 0.1 t cross at t = 3.5; M passes O (0.2) at t = 2: forecast 3.5.
    tab = _table([("x", w, a, 20, m, 10) for w, a, m in ((1, 60, 10), (2, 50, 20), (3, 40, 30))])
    drift = cx.dropoff.detect(tab)
    kano = _quiet(cx.kano.analyze, tab[tab["wave"] == 3].drop(columns="wave"), min_n=0)
    plan = cx.kano.service_plan(kano, drift)
    assert plan.loc[0, "forecast"] == pytest.approx(3.5)
    assert plan.loc[0, "advice"] == ("Sliding toward must-be (drop-off since wave 2): prepare a standard and a firm commitment "
                                     "by wave 3.5, when must-be is projected to become the most frequent answer.")
    # low controllability: the commitment prepared is a moderate one
    low = cx.kano.service_plan(kano, drift, controllability={"x": 0.2})
    assert "prepare a standard and a moderate commitment" in low.loc[0, "advice"]


def test_separated_toward_must_be_is_a_slide():
    # every A answer before wave 3, every M answer from it: the ordinal slope is infinite ("separated")
    tab = _table([("x", 1, 50, 0, 0, 40), ("x", 2, 45, 0, 0, 45), ("x", 3, 0, 0, 50, 40)])
    with pytest.warns(cx.errors.SeparationWarning):
        drift = cx.dropoff.detect(tab)
    kano = _quiet(cx.kano.analyze, tab[tab["wave"] == 2].drop(columns="wave"), min_n=0)
    plan = cx.kano.service_plan(kano, drift)
    assert plan.loc[0, "category"] == "A" and plan.loc[0, "drift"] == "separated"
    assert plan.loc[0, "advice"].startswith("Sliding toward must-be (its answers split by time)")
    assert "prepare a standard and a firm commitment" in plan.loc[0, "advice"]


def test_worse_trend_equals_r_prop_trend_test():
    # R: smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82); prop.trend.test(smokers, patients)
    # X-squared = 8.2249, df = 1, p-value = 0.004132 (the example of ?prop.trend.test, scores 1..4).
    # Here O + M = smokers and A + I = the rest, so |Worse| = smokers / patients.
    smokers, patients = [83, 90, 129, 70], [86, 93, 136, 82]
    tab = _table([("m", w + 1, 0, 0, s, p - s) for w, (s, p) in enumerate(zip(smokers, patients))])
    drift = _quiet(cx.dropoff.detect, tab)
    kano = _quiet(cx.kano.analyze, tab.groupby("attribute", as_index=False)[list("AOMIRQ")].sum(), min_n=0)
    plan = cx.kano.service_plan(kano, drift)
    assert plan.loc[0, "worse_trend_p"] == pytest.approx(0.004132, abs=5e-7)
    assert plan.loc[0, "worse_trend"] == "falling"  # the share falls from 0.97 to 0.85
    # the same trend rising (waves reversed) flags the must-be
    rising = tab.assign(wave=5 - tab["wave"])
    plan = cx.kano.service_plan(kano, _quiet(cx.dropoff.detect, rising))
    assert plan.loc[0, "worse_trend"] == "rising" and plan.loc[0, "worse_trend_p"] == pytest.approx(0.004132,
                                                                                                       abs=5e-7)
    assert "Dissatisfaction when it is missing is rising over the waves (|Worse| trend p = 0.0041)" in \
        plan.loc[0, "advice"]


def test_worse_trend_with_all_equal_weights_is_the_unweighted_one(bank):
    responses, latest = bank
    part = responses[responses["attribute"].isin(["short_waiting_time", "fee_waivers"])]
    plain = _quiet(cx.kano.service_plan, cx.kano.analyze(latest), cx.dropoff.detect(part, time="year"))
    weighted = _quiet(cx.kano.service_plan, cx.kano.analyze(latest),
                      cx.dropoff.detect(part.assign(w=2.5), time="year", weights="w"))
    assert plain["worse_trend_p"].notna().sum() == 2
    np.testing.assert_allclose(weighted["worse_trend_p"], plain["worse_trend_p"], rtol=1e-9)


def test_unmatched_rows_are_counted_and_named(bank):
    responses, latest = bank
    drift = cx.dropoff.detect(responses[responses["attribute"].isin(["birthday_sms", "fee_waivers"])], time="year")
    with pytest.warns(InputWarning, match=r"^8 of 10 plan row\(s\) have no row in `dropoff`, so their drift is "
                                          r"'not measured': bilingual_queue_display, glasses_calculators, .*\.$"):
        plan = cx.kano.service_plan(cx.kano.analyze(latest), drift)
    assert (plan["drift"] == "not measured").sum() == 8 and plan["forecast"].notna().sum() == 2
    few = cx.kano.analyze(latest[latest["attribute"] == "birthday_sms"])
    with pytest.warns(InputWarning, match=r"^1 row\(s\) of `dropoff` match no attribute of the plan"):
        cx.kano.service_plan(few, drift)


def test_refusals(bank):
    responses, latest = bank
    kano = cx.kano.analyze(latest)
    other = cx.dropoff.detect(responses.assign(attribute="q_" + responses["attribute"].astype(str)), time="year")
    with pytest.raises(KanoInputError, match=r"`dropoff` shares no attribute with the Kano result: the plan has "
                                             r"'birthday_sms', .* and 2 more, the drop-off result 'q_bilingual_queue_display', .*"
                                             r"Detect the drop-off on the same attributes"):
        cx.kano.service_plan(kano, other)
    by_seg = cx.dropoff.detect(responses, time="year", by="segment")
    with pytest.raises(KanoInputError, match=r"`dropoff` must be a drop-off result by segments of the plan \(none\); "
                                             r"got one by \['segment'\]\. Its segments \['segment'\] are not in"):
        cx.kano.service_plan(kano, by_seg)
    with pytest.raises(KanoInputError, match=r"`dropoff` must be a DropoffResult from cx.dropoff.detect.*; got a "
                                             r"pandas DataFrame"):
        cx.kano.service_plan(kano, by_seg.table)


def test_controllability_completed(bank):
    _, latest = bank
    kano = cx.kano.analyze(latest)
    with pytest.raises(KanoInputError, match=r"`controllability` must be one level per attribute; got a Series with "
                                             r"repeated labels\. \['fee_waivers'\] listed more than once"):
        cx.kano.service_plan(kano, controllability=pd.Series(["high", "low"], index=["fee_waivers"] * 2))
    # the old positional form still works, with a FutureWarning
    with pytest.warns(FutureWarning, match=r"by position is deprecated: the second argument is now `dropoff`"):
        old = cx.kano.service_plan(kano, {"financial_advice": "LOW"})
    assert old.set_index("attribute").loc["financial_advice", "commitment"].startswith("moderate commitment")
