"""What the third independent probe (the tracking room and Drivers 2.0, from the public docs) found, fixed."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, KanoInputError


def test_wait_perception_with_no_usable_customer_is_refused_naming_the_reason():
    data = pd.DataFrame({"waited": [0, 0, 0], "felt": [1, 2, 0]})
    with pytest.warns(Warning), pytest.raises(CXInputError, match=r"wait of zero \(no ratio\): 3"):
        cx.expectation.wait_perception(data, "waited", "felt")


def test_kpi_refuses_a_yes_no_column_read_as_a_rating():
    data = pd.DataFrame({"r": [True, False] * 20})
    with pytest.raises(CXInputError, match="kind='share'"):
        cx.tracking.kpi(data, "r", kind="nps")
    assert cx.tracking.kpi(data, "r", kind="share").table["share"].iloc[0] == 0.5  # 20 of 40


def test_a_column_both_driver_and_held_constant_is_refused_naming_always():
    rng = np.random.default_rng(1)
    df = pd.DataFrame(rng.normal(size=(300, 3)), columns=list("abc"))
    df["y"] = df.sum(axis=1) + rng.normal(size=300)
    with pytest.raises(CXInputError, match=r"`always`.*\['a'\] is both a driver and held constant"):
        cx.satisfaction.drivers(df, "y", ["a", "b", "c"], method="shapley", always=["a"])


def test_no_dominance_beyond_twenty_drivers_is_said_in_the_settings():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(400, 21))
    df = pd.DataFrame(X, columns=[f"q{j}" for j in range(21)])
    df["y"] = X[:, :3].sum(axis=1) + rng.normal(size=400)
    res = cx.satisfaction.drivers(df, "y", [f"q{j}" for j in range(21)], method="shapley")
    assert res.dominance is None and "not computed for 21 drivers" in res.settings["dominance"]


def test_continuous_scores_after_a_lean_coding_point_to_keep_answers():
    coded = cx.kano.code(cx.load_dataset("recruiting_kano"), keep_answers=False, respondent=None, id_vars=[])
    with pytest.raises(KanoInputError, match="keep_answers=True"):
        cx.kano.continuous(coded)


def test_kpi_top_box_scale_from_the_answers_is_warned_and_refused_when_constant():
    with pytest.raises(CXInputError, match=r"scale=\(1, 5\)"):
        cx.tracking.kpi(pd.DataFrame({"r": [3] * 40}), "r", kind="top_box")
    with pytest.warns(Warning, match="taken from the answers"):
        res = cx.tracking.kpi(pd.DataFrame({"r": [1, 2, 3, 4] * 10}), "r", kind="top_box")
    assert res.table["top_box"].iloc[0] == 0.25  # 4 is the highest answer given: 10 of 40


def test_wait_slope_not_estimable_is_said_in_the_reading():
    data = pd.DataFrame({"waited": [5.0] * 20, "felt": np.linspace(5, 9, 20)})
    res = cx.expectation.wait_perception(data, "waited", "felt")
    assert np.isnan(res.table["slope"].iloc[0]) and "slope not estimable" in res.table["reading"].iloc[0]
