"""Drivers 2.0 and the tracking room on real public data in ../shared/data (skipped when absent)."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx


def _r2(X: np.ndarray, y: np.ndarray) -> float:
    A = np.column_stack([np.ones(len(y)), X])
    resid = y - A @ np.linalg.lstsq(A, y, rcond=None)[0]
    return 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def test_ecsi_bank_sets_sum_to_the_r2_of_all_their_columns(shared):
    bank = pd.read_csv(shared("ecsi", "satisfaction.csv"))
    sets = {"image": [f"imag{j}" for j in range(1, 6)], "quality": [f"qual{j}" for j in range(1, 6)]}
    plain = [f"expe{j}" for j in range(1, 6)]
    res = cx.satisfaction.drivers(bank, "sat1", plain, method="shapley", sets=sets)
    cols = plain + sets["image"] + sets["quality"]
    # efficiency: the seven drivers' Shapley values add up to the R2 of all 15 columns, refitted by lstsq
    assert res.table["weight"].sum() == pytest.approx(_r2(bank[cols].to_numpy(float), bank["sat1"].to_numpy(float)),
                                                      abs=1e-10)
    # general dominance is the mean of the conditional values (7 model sizes)
    dom = res.dominance.set_index("attribute")
    conditional = dom[[f"conditional_{k}" for k in range(1, 8)]].mean(axis=1)
    assert np.allclose(conditional, dom["general"], atol=1e-12)


def test_ecsi_bank_ordinal_weights_sum_to_the_mckelvey_zavoina_r2(shared):
    bank = pd.read_csv(shared("ecsi", "satisfaction.csv"))
    res = cx.satisfaction.drivers(bank, "sat1", ["imag1", "expe1", "qual1", "val1"], family="ordinal",
                                  method="shapley")
    assert res.rows.n_used == 250 and 0 < res.r2 < 1
    assert res.table["weight"].sum() == pytest.approx(res.r2, abs=1e-8)


def test_ecsi_top2_box_by_gender_counts_by_hand_and_the_zero_answers_are_named(shared):
    bank = pd.read_csv(shared("ecsi", "satisfaction.csv"))
    with pytest.raises(cx.errors.CXInputError, match="missing_codes=\\[0\\]"):
        cx.tracking.kpi(bank, "sat1", kind="top2_box", scale=(1, 10))  # four real 0 answers below the scale
    res = cx.tracking.kpi(bank, "sat1", kind="top2_box", scale=(0, 10), by="gender").table.set_index("gender")
    hand = bank.assign(top=bank["sat1"] >= 9).groupby("gender")["top"].mean()
    assert np.allclose(res.loc[hand.index, "top2_box"], hand, atol=1e-12)


def test_skytrax_lounge_control_chart_accounts_for_every_review(shared):
    lounge = pd.read_csv(shared("skytrax", "lounge.csv"))
    lounge["year"] = pd.to_datetime(lounge["date"]).dt.year
    old = lounge[lounge["year"] < 2015]  # the overall rating changes scale in 2015 (see the data README)
    chart = cx.tracking.control_chart(old, "overall_rating", kind="mean", time="year", baseline=3)
    assert chart.rows.n_in == len(old)
    assert chart.rows.n_in - chart.rows.n_used == old["overall_rating"].isna().sum()
    means = old.groupby("year")["overall_rating"].mean()
    assert np.allclose(chart.table.set_index("year").loc[means.index, "mean"], means, atol=1e-12)
