"""cx.tracking.control_chart: Montgomery's p-chart, X-bar limits by hand, the run rules, false alarms and shifts."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError
from cxresearch.tracking._control_rules import flag

# Montgomery, Introduction to Statistical Quality Control (6th ed.), Table 7.1: orange-juice cans, 30 samples
# of n = 50, nonconforming cans per sample (347 in all).
CANS = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]


def _cans():
    assert sum(CANS) == 347 and len(CANS) == 30
    return pd.DataFrame({"sample": range(1, 31), "n": 50, "bad": CANS})


def test_montgomerys_p_chart_from_the_published_counts():
    # p = 347 / 1500 = 0.2313; 3 sqrt(p (1 - p) / 50) = 0.1789: UCL 0.4102, LCL 0.0524 (Montgomery's figures)
    res = cx.tracking.control_chart(_cans(), "bad", kind="share", time="sample", sample_size="n", rules="3sigma")
    t = res.table
    np.testing.assert_allclose(t[["centre", "ucl", "lcl"]].iloc[0], [0.2313, 0.4102, 0.0524], atol=1e-4)
    assert t.loc[t["signal"], "sample"].tolist() == [15, 23]  # the two samples the book finds out of control
    assert set(t.loc[t["signal"], "rules"]) == {"3sigma"} and res.rows.n_in == 30


def test_montgomerys_revised_limits_without_samples_15_and_23():
    # 301 / 1400 = 0.2150; UCL 0.3893, LCL 0.0407 (the book's revised limits)
    kept = [s for s in range(1, 31) if s not in (15, 23)]
    t = cx.tracking.control_chart(_cans(), "bad", kind="share", time="sample", sample_size="n", baseline=kept).table
    np.testing.assert_allclose(t[["centre", "ucl", "lcl"]].iloc[0], [0.2150, 0.3893, 0.0407], atol=1e-4)
    assert t["baseline"].sum() == 28


def test_rows_of_zeros_and_ones_give_the_limits_of_the_counts():
    rows = pd.DataFrame({"sample": np.repeat(np.arange(1, 31), 50),
                         "bad": np.concatenate([[1] * c + [0] * (50 - c) for c in CANS])})
    t = cx.tracking.control_chart(rows, "bad", kind="share", time="sample").table
    np.testing.assert_allclose(t[["centre", "ucl", "lcl"]].iloc[0], [0.2313, 0.4102, 0.0524], atol=1e-4)


def test_limits_vary_with_each_waves_n():
    # waves of 100 and 400 with 20 % and 30 %: p = (20 + 120) / 500 = 0.28; sigma_i = sqrt(0.28 * 0.72 / n_i)
    df = pd.DataFrame({"w": [1, 2], "n": [100, 400], "x": [20, 120]})
    t = cx.tracking.control_chart(df, "x", kind="share", time="w", sample_size="n").table
    sig = np.sqrt(0.28 * 0.72 / np.array([100, 400]))
    np.testing.assert_allclose(t["sigma"], sig, atol=1e-12)
    np.testing.assert_allclose(t["ucl"], 0.28 + 3 * sig, atol=1e-12)


def test_an_x_bar_chart_by_hand():
    # wave 1: 1, 2, 3 (mean 2, s^2 1); wave 2: 2, 4, 6 (mean 4, s^2 4); wave 3: 3, 3, 3, 3 (mean 3, s^2 0)
    # grand mean (6 + 12 + 12) / 10 = 3; pooled s^2 = (2 * 1 + 2 * 4 + 3 * 0) / (2 + 2 + 3) = 10 / 7
    # sigma_i = sqrt(10 / 7) / sqrt(n_i): 0.69007 (n = 3), 0.59761 (n = 4)
    df = pd.DataFrame({"q": [1, 2, 3, 2, 4, 6, 3, 3, 3, 3], "wave": [1] * 3 + [2] * 3 + [3] * 4})
    t = cx.tracking.control_chart(df, "q", kind="mean", time="wave").table
    np.testing.assert_allclose(t["centre"], 3.0)
    np.testing.assert_allclose(t["sigma"], np.sqrt(10 / 7) / np.sqrt([3, 3, 4]), atol=1e-12)
    np.testing.assert_allclose(t["z"], (np.array([2, 4, 3]) - 3) / t["sigma"], atol=1e-12)


def test_an_nps_chart_uses_the_nps_variance_at_the_pooled_baseline_shares():
    # baseline waves 1-2 pooled: promoters 100 / 400 = 0.25, detractors 140 / 400 = 0.35: centre -0.10
    # sigma at n = 200: sqrt((0.25 + 0.35 - 0.01) / 200) = 0.054314
    waves = []
    for wave, (p, pas, d) in enumerate([(50, 80, 70), (50, 80, 70), (90, 70, 40)], start=1):
        waves.append(pd.DataFrame({"r": [10] * p + [8] * pas + [2] * d, "wave": wave}))
    t = cx.tracking.control_chart(pd.concat(waves), "r", kind="nps", time="wave", baseline=2).table
    np.testing.assert_allclose(t["centre"], -0.10, atol=1e-12)
    np.testing.assert_allclose(t["sigma"], 0.0543139, atol=1e-7)
    assert t["signal"].tolist() == [False, False, True]  # wave 3: NPS 0.25, z = 0.35 / 0.0543 = 6.4
    assert t["rules"].iloc[2] == "3sigma"


@pytest.mark.parametrize(("z", "rule", "flagged"), [
    ([0, 3.1, 0, -3.2], "3sigma", [1, 3]),
    ([2.5, 0, 2.2, 0, -2.1, 2.1], "2of3", [2]),  # 2.5 and 2.2 complete 2 of 3 at the third point
    ([1.5, 1.2, 0.5, 1.1, 1.3, -1.5], "4of5", [4]),
    ([0.1] * 7 + [-0.1] + [0.2] * 8, "8side", [15]),
    ([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.1], "6trend", [5, 6]),
])
def test_each_run_rule_flags_the_point_completing_its_pattern(z, rule, flagged):
    z = np.array(z, dtype=float)
    assert np.flatnonzero(flag(z, z, (rule,))[rule]).tolist() == flagged


def test_points_without_an_estimate_are_skipped_by_the_runs():
    z = np.array([0.5, 0.5, 0.5, np.nan, 0.5, 0.5, 0.5, 0.5, 0.5])
    assert np.flatnonzero(flag(z, z, ("8side",))["8side"]).tolist() == [8]


def test_an_in_control_process_flags_about_the_3_sigma_false_alarm_rate():
    # 4,000 waves of 40 normal ratings, limits from all waves: P(|z| > 3) = 0.0027, about 10.8 of 4,000
    rng = np.random.default_rng(20261206)
    waves = 4000
    df = pd.DataFrame({"q": rng.normal(5, 2, waves * 40), "wave": np.repeat(np.arange(waves), 40)})
    t = cx.tracking.control_chart(df, "q", kind="mean", time="wave", rules="3sigma").table
    rate = t["signal"].mean()
    assert 0.0010 < rate < 0.0050, rate  # binomial sd of the rate: 0.0008


def test_a_shift_of_two_sigma_is_detected():
    # 20 baseline waves of 100 yes/no answers at 30 %, then 10 waves shifted up by 2 sigma (0.30 + 2 * 0.0458)
    rng = np.random.default_rng(7)
    sigma = np.sqrt(0.3 * 0.7 / 100)
    p = np.r_[np.full(20, 0.30), np.full(10, 0.30 + 2 * sigma)]
    df = pd.DataFrame({"yes": (rng.random((30, 100)) < p[:, None]).ravel().astype(int),
                       "wave": np.repeat(np.arange(1, 31), 100)})
    t = cx.tracking.control_chart(df, "yes", kind="share", time="wave", baseline=20).table
    assert t["signal"].iloc[20:].sum() >= 3 and t["signal"].iloc[:20].sum() <= 1


def test_segments_get_charts_of_their_own_and_weights_enter_as_n_eff():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"q": rng.integers(1, 6, 1200), "wave": np.repeat(np.arange(6), 200),
                       "seg": np.tile(["a", "b"], 600), "w": rng.uniform(0.5, 2, 1200)})
    res = cx.tracking.control_chart(df, "q", kind="top_box", time="wave", by="seg", weights="w", scale=(1, 5))
    t = res.table
    assert len(t) == 12 and t.groupby("seg")["centre"].nunique().tolist() == [1, 1]
    a = df[df["seg"] == "a"]
    top = (a["q"] == 5) * a["w"]
    np.testing.assert_allclose(t.loc[t["seg"] == "a", "centre"].iloc[0], top.sum() / a["w"].sum(), atol=1e-12)
    g = a[a["wave"] == 0]["w"]
    np.testing.assert_allclose(t["n_eff"].iloc[0], g.sum() ** 2 / (g**2).sum(), atol=1e-9)
    assert len(res.plot().axes) == 2


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"rules": ("3sigma", "3 sigma")}, r"`rules` must be one of \['3sigma'.*got '3 sigma'\. Did you mean '3sigma'"),
    ({"baseline": [1, 9]}, r"`baseline` must be .*Not waves of 'sample': \[9\]"),
    ({"baseline": 4}, r"`baseline` must be at most the number of waves \(3\)"),
    ({"kind": "mean"}, r"`sample_size` must be None unless kind='share'"),
    ({"sample_size": "sample"}, r"`sample_size` must be the column of sample sizes, other than `metric`"),
])
def test_bad_arguments_are_refused_by_name(kwargs, match):
    df = pd.DataFrame({"sample": [1, 2, 3], "n": [50, 50, 50], "bad": [3, 4, 5]})
    args = {"kind": "share", "time": "sample", "sample_size": "n", **kwargs}
    with pytest.raises(CXInputError, match=match):
        cx.tracking.control_chart(df, "bad", **args)


def test_counts_above_their_sample_size_are_refused_with_rows():
    df = pd.DataFrame({"sample": [1, 2, 3], "n": [50, 50, 50], "bad": [3, 54, 5]})
    with pytest.raises(CXInputError, match=r"Column 'bad': 1 row\(s\) .*at most the sample size in 'n'.*positions: 1"):
        cx.tracking.control_chart(df, "bad", kind="share", time="sample", sample_size="n")
