"""cx.expectation.wait_perception: hand checks, recovery of a simulated power law, zero waits, errors."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError, InputWarning

HAND = pd.DataFrame({"actual": [5, 10, 20], "perceived": [8, 15, 26]})


def _simulated(n=4000, seed=7, slope=0.8, vip_factor=0.8):
    rng = np.random.default_rng(seed)
    waited = rng.gamma(2.0, 3.0, n)
    vip = np.arange(n) < n // 4
    felt = np.exp(0.6 + slope * np.log(waited) + rng.normal(0, 0.3, n)) * np.where(vip, vip_factor, 1.0)
    return pd.DataFrame({"segment": np.where(vip, "VIP", "ordinary"), "waited": waited, "felt": felt})


def test_hand_check_geometric_mean_ratio_and_slope():
    res = cx.expectation.wait_perception(HAND, "actual", "perceived")
    row = res.table.iloc[0]
    # exp(mean(log(8/5), log(15/10), log(26/20))) = (1.6 * 1.5 * 1.3) ** (1/3) = 3.12 ** (1/3)
    assert_allclose(row["ratio"], 3.12 ** (1 / 3), atol=1e-12)
    assert_allclose(row["ratio"], 1.4612, atol=1e-4)
    assert res.ratio == row["ratio"]
    # t interval on the log ratios: mean +- t(2) sd / sqrt(3), exponentiated
    d = np.log([1.6, 1.5, 1.3])
    half = stats.t.ppf(0.975, 2) * d.std(ddof=1) / np.sqrt(3)
    assert_allclose([row["ratio_ci_low"], row["ratio_ci_high"]], np.exp([d.mean() - half, d.mean() + half]))
    # slope of log perceived on log actual: an OLS slope (numpy's polyfit gives the same)
    assert_allclose(row["slope"], np.polyfit(np.log([5, 10, 20]), np.log([8, 15, 26]), 1)[0], atol=1e-12)
    lin = stats.linregress(np.log([5, 10, 20]), np.log([8, 15, 26]))
    half_b = stats.t.ppf(0.975, 1) * lin.stderr
    assert_allclose([row["slope_ci_low"], row["slope_ci_high"]], [lin.slope - half_b, lin.slope + half_b])
    assert row["longer"] == 1.0  # all three over-estimated
    assert_allclose(row["actual_mean"], 35 / 3)


def test_a_simulated_power_law_is_recovered_with_intervals_that_cover_it():
    res = cx.expectation.wait_perception(_simulated(), "waited", "felt", by="segment")
    t = res.table.set_index("segment")
    for seg in ("VIP", "ordinary"):
        assert t.loc[seg, "slope_ci_low"] < 0.8 < t.loc[seg, "slope_ci_high"]
        assert t.loc[seg, "slope_ci_high"] < 1  # long waits relatively shorter, and it says so
        assert "long waits relatively shorter" in t.loc[seg, "reading"]
    test = res.tests.iloc[0]
    assert (test["segment_a"], test["segment_b"]) == ("VIP", "ordinary")
    assert test["ratio_of_ratios_ci_low"] < 0.8 < test["ratio_of_ratios_ci_high"]  # the VIP factor
    assert test["ratio_p_value"] < 1e-6
    assert test["slope_difference_ci_low"] < 0 < test["slope_difference_ci_high"]  # same slope in both


def test_segment_test_is_welch_on_the_log_ratios():
    data = _simulated(n=400, seed=3)
    res = cx.expectation.wait_perception(data, "waited", "felt", by="segment")
    logs = np.log(data["felt"] / data["waited"])
    welch = stats.ttest_ind(logs[data["segment"] == "VIP"], logs[data["segment"] == "ordinary"], equal_var=False)
    assert_allclose(res.tests["ratio_p_value"].iloc[0], welch.pvalue, rtol=1e-8)


def test_integer_weights_give_the_point_estimates_of_replicated_rows():
    data = _simulated(n=300, seed=5).assign(w=np.tile([1, 2, 3], 100))
    weighted = cx.expectation.wait_perception(data, "waited", "felt", weights="w").table
    replicated = data.loc[data.index.repeat(data["w"])]
    plain = cx.expectation.wait_perception(replicated, "waited", "felt").table
    for c in ("ratio", "slope", "intercept", "longer", "actual_mean"):
        assert_allclose(weighted[c], plain[c], rtol=1e-10)
    w = data["w"].to_numpy(dtype=float)
    assert_allclose(weighted["n_eff"], w.sum() ** 2 / (w**2).sum())


def test_zero_waits_are_counted_and_warned_negative_ones_refused():
    data = pd.DataFrame({"actual": [5, 10, 20, 0, np.nan], "perceived": [8, 15, 26, 2, 3]})
    with pytest.warns(InputWarning, match="wait of zero"):
        res = cx.expectation.wait_perception(data, "actual", "perceived")
    assert res.rows.excluded == {"wait missing": 1, "wait of zero (no ratio)": 1}
    assert_allclose(res.ratio, 1.4612, atol=1e-4)  # the three usable rows of the hand check
    with pytest.raises(CXInputError, match=r"Column 'actual'.*non-negative waits.*-3.*positions: 1"):
        cx.expectation.wait_perception(pd.DataFrame({"actual": [5, -3], "perceived": [4, 4]}), "actual", "perceived")


def test_timedelta_waits_are_read_in_the_unit_given():
    data = HAND.assign(actual=pd.to_timedelta(HAND["actual"], unit="min"))
    with pytest.warns(InputWarning, match="'perceived' holds plain numbers.*taken to be in minutes"):
        res = cx.expectation.wait_perception(data, "actual", "perceived")
    assert_allclose(res.ratio, 1.4612, atol=1e-4)
    assert "read from Timedelta in minutes" in res.settings["durations"]
    with pytest.warns(InputWarning, match="taken to be in seconds"):
        in_seconds = cx.expectation.wait_perception(data.assign(perceived=HAND["perceived"] * 60), "actual",
                                                    "perceived", duration_unit="seconds")
    assert_allclose(in_seconds.ratio, res.ratio)


def test_bad_arguments_are_refused_by_name():
    with pytest.raises(CXInputError, match="wait column.*'felt' not found"):
        cx.expectation.wait_perception(HAND, "actual", "felt")
    with pytest.raises(CXInputError, match="`perceived` must be a column other than `actual`"):
        cx.expectation.wait_perception(HAND, "actual", "actual")
    with pytest.raises(CXInputError, match="Column 'perceived'.*numbers"):
        cx.expectation.wait_perception(HAND.assign(perceived=["8", "x", "26"]), "actual", "perceived")


def test_the_plot_draws_the_bins_and_the_table_has_no_private_columns():
    res = cx.expectation.wait_perception(_simulated(n=500), "waited", "felt", by="segment")
    assert not [c for c in res.table.columns if str(c).startswith("_")]
    assert set(res.bins["segment"]) == {"VIP", "ordinary"} and res.bins["n"].sum() == 500
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = res.plot()
    assert fig.axes[0].get_xscale() == "log"
