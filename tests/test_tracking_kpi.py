"""cx.tracking.kpi: NPS, top-box shares and means per wave and segment, checked by hand."""

import warnings

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError, ThinDataWarning
from cxresearch.tracking._kpi_stats import cell_estimates


def _nps_rows(promoters, passives, detractors, **columns):
    values = [10] * promoters + [8] * passives + [3] * detractors
    return pd.DataFrame({"recommend": values, **{k: v for k, v in columns.items()}})


def test_the_issue_hand_check_promoters_half_detractors_sixth_at_n_100():
    # p = 1/2, d = 1/6: NPS = 1/3; var = (1/2 + 1/6 - (1/3)^2) / 100 = (5/9) / 100; se = 0.074536
    est = cell_estimates({"sw": np.array([100.0]), "sw2": np.array([100.0]), "promoters": np.array([50.0]),
                          "detractors": np.array([100 / 6])}, "nps", 0.95)
    np.testing.assert_allclose(est["estimate"], [1 / 3], atol=1e-12)
    np.testing.assert_allclose(est["se"], [0.0745356], atol=1e-7)
    np.testing.assert_allclose(est["ci_low"], [1 / 3 - 1.959964 * 0.0745356], atol=1e-6)


def test_the_same_shares_from_600_rows_through_the_public_function():
    t = cx.tracking.kpi(_nps_rows(300, 200, 100), "recommend", kind="nps").table
    # se = sqrt((5/9) / 600) = 0.0304290 = 0.0745356 * sqrt(100 / 600)
    np.testing.assert_allclose(t[["promoters", "passives", "detractors", "nps", "se"]].iloc[0],
                               [0.5, 1 / 3, 1 / 6, 1 / 3, 0.0304290], atol=1e-6)


def test_a_weighted_nps_by_hand():
    # answers 10, 9, 7, 3 with weights 2, 1, 1, 1: sum w = 5, sum w^2 = 7, n_eff = 25/7 = 3.5714
    # p = (2 + 1) / 5 = 0.6, d = 1 / 5 = 0.2, NPS = 0.4; var = (0.6 + 0.2 - 0.16) / 3.5714 = 0.1792; se = 0.42332
    df = pd.DataFrame({"r": [10, 9, 7, 3], "w": [2.0, 1.0, 1.0, 1.0]})
    t = cx.tracking.kpi(df, "r", kind="nps", weights="w", min_n=0).table
    np.testing.assert_allclose(t[["n_eff", "promoters", "detractors", "nps", "se"]].iloc[0],
                               [25 / 7, 0.6, 0.2, 0.4, 0.4233202], atol=1e-6)


def test_integer_weights_give_the_estimates_of_replicated_rows():
    df = pd.DataFrame({"r": [10, 9, 7, 3, 6, 10], "w": [3, 1, 2, 1, 2, 1], "wave": [1, 1, 1, 2, 2, 2]})
    weighted = cx.tracking.kpi(df, "r", kind="nps", time="wave", weights="w", min_n=0).table
    copies = df.loc[df.index.repeat(df["w"])]
    plain = cx.tracking.kpi(copies, "r", kind="nps", time="wave", min_n=0).table
    np.testing.assert_allclose(weighted["nps"], plain["nps"], atol=1e-12)


def test_a_two_wave_change_and_its_z_test_by_hand():
    # wave 1: 100 promoters, 60 passives, 40 detractors of 200: NPS 0.30, var = (0.5 + 0.2 - 0.09) / 200 = 0.00305
    # wave 2: 120, 50, 30 of 200: NPS 0.45, var = (0.6 + 0.15 - 0.2025) / 200 = 0.0027375
    # difference 0.15, se = sqrt(0.0057875) = 0.0760756, z = 1.971722, p = 2 (1 - Phi(z)) = 0.048641
    df = pd.concat([_nps_rows(100, 60, 40, wave=1), _nps_rows(120, 50, 30, wave=2)], ignore_index=True)
    res = cx.tracking.kpi(df, "recommend", kind="nps", time="wave")
    row = res.changes.iloc[0]
    assert (row["from_wave"], row["to_wave"]) == (1, 2)
    np.testing.assert_allclose(row[["from_value", "to_value", "difference", "se", "statistic", "p_value"]].astype(float),
                               [0.30, 0.45, 0.15, 0.0760756, 1.971722, 0.048641], atol=1e-6)
    assert row["p_adjusted"] == pytest.approx(row["p_value"]) and bool(row["significant"])
    np.testing.assert_allclose([row["ci_low"], row["ci_high"]], [0.15 - 1.959964 * 0.0760756,
                                                                0.15 + 1.959964 * 0.0760756], atol=1e-6)
    assert res.gaps is None


def test_gaps_are_segment_minus_versus_and_holm_runs_over_changes_and_gaps_together():
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"r": rng.integers(0, 11, 900), "wave": np.repeat([1, 2, 3], 300),
                       "seg": np.tile(["a", "b", "c"], 300)})
    res = cx.tracking.kpi(df, "r", kind="nps", time="wave", by="seg")
    t = res.table.set_index(["seg", "wave"])["nps"]
    g = res.gaps
    assert len(g) == 3 * 3 and len(res.changes) == 3 * 2  # 3 pairs x 3 waves; 3 segments x 2 steps
    first = g[(g["wave"] == 2) & (g["segment"] == "a") & (g["versus"] == "c")].iloc[0]
    assert first["difference"] == pytest.approx(t[("a", 2)] - t[("c", 2)])
    p = np.concatenate([res.changes["p_value"], g["p_value"]])
    m = len(p)  # Holm: sorted p times (m, m - 1, ...), running maximum, capped at 1
    order = np.argsort(p)
    holm = np.minimum(np.maximum.accumulate((m - np.arange(m)) * p[order]), 1)
    expected = np.empty(m)
    expected[order] = holm
    np.testing.assert_allclose(np.concatenate([res.changes["p_adjusted"], g["p_adjusted"]]), expected, atol=1e-12)


def test_top_box_and_top_two_box_have_wilson_intervals_on_the_declared_scale():
    # 30 of 100 at 5 on 1-5: Wilson 95% (by hand in cxresearch._core.stats): [0.2189, 0.3958]
    df = pd.DataFrame({"q": [5] * 30 + [4] * 20 + [2] * 50})
    t = cx.tracking.kpi(df, "q", kind="top_box", scale=(1, 5)).table
    np.testing.assert_allclose(t[["top_box", "top_box_ci_low", "top_box_ci_high"]].iloc[0], [0.30, 0.2189, 0.3958],
                               atol=1e-4)
    assert cx.tracking.kpi(df, "q", kind="top2_box", scale=(1, 5)).table["top2_box"].iloc[0] == pytest.approx(0.5)


def test_an_inferred_scale_takes_the_highest_answer_and_says_so():
    df = pd.DataFrame({"q": [4] * 10 + [3] * 30})  # nobody answered 5: the inferred top is 4
    res = cx.tracking.kpi(df, "q", kind="top_box")
    assert res.table["top_box"].iloc[0] == pytest.approx(0.25)
    assert "inferred from the data" in res.settings["scale"]
    assert cx.tracking.kpi(df, "q", kind="top_box", scale=(1, 5)).table["top_box"].iloc[0] == 0


def test_a_mean_with_its_t_interval():
    # 1..5 repeated 8 times: mean 3, sd = sqrt(80 / 39) = 1.43223, se = sd / sqrt(40) = 0.226455, t(39) interval
    df = pd.DataFrame({"q": list(range(1, 6)) * 8})
    t = cx.tracking.kpi(df, "q", kind="mean").table.iloc[0]
    half = stats.t.ppf(0.975, 39) * 0.2264554
    np.testing.assert_allclose([t["mean"], t["sd"], t["se"], t["mean_ci_low"], t["mean_ci_high"]],
                               [3, 1.4322297, 0.2264554, 3 - half, 3 + half], atol=1e-6)


def test_the_bands_are_settable():
    df = pd.DataFrame({"r": [10, 10, 9, 9, 5, 7] * 10})
    t = cx.tracking.kpi(df, "r", kind="nps", promoters=(10, 10), detractors=(0, 7)).table
    # promoters: the 10s (2 of 6), detractors: 5 and 7 (2 of 6): NPS 0
    np.testing.assert_allclose(t[["promoters", "detractors", "nps"]].iloc[0], [1 / 3, 1 / 3, 0], atol=1e-12)


def test_every_row_is_accounted_for_and_thin_cells_get_a_note_not_a_number():
    df = pd.DataFrame({"r": [10.0] * 40 + [3.0] * 40 + [np.nan, 99, 5, 5, 5],
                       "wave": [1] * 40 + [2] * 40 + [1, 1, None, 2, 2],
                       "seg": ["a"] * 80 + ["a", "a", "a", None, "b"]})
    with pytest.warns(ThinDataWarning, match=r"b / wave 2 \(n = 1\)"):
        res = cx.tracking.kpi(df, "r", kind="nps", time="wave", by="seg", missing_codes=99)
    assert res.rows.excluded == {"wave missing": 1, "segment missing": 1, "rating missing": 2,
                                 "in a thin cell (n < min_n)": 1}
    assert res.rows.recoded == {"r": 1} and res.rows.n_used == 80
    b2 = res.table[(res.table["seg"] == "b") & (res.table["wave"] == 2)].iloc[0]
    assert b2["n"] == 1 and np.isnan(b2["nps"]) and b2["note"] == "thin: n = 1 < min_n = 30"
    b1 = res.table[(res.table["seg"] == "b") & (res.table["wave"] == 1)].iloc[0]
    assert b1["n"] == 0 and b1["note"] == "no rows"
    gap = res.gaps[res.gaps["wave"] == 2].iloc[0]
    assert np.isnan(gap["difference"]) and "versus: thin" in gap["note"]


def test_weight_zero_rows_are_counted():
    df = pd.DataFrame({"r": [10, 3, 8, 9], "w": [1.0, 0.0, 1.0, 1.0]})
    res = cx.tracking.kpi(df, "r", kind="nps", weights="w", min_n=0)
    assert res.rows.excluded == {"weight zero": 1} and res.table["nps"].iloc[0] == pytest.approx(2 / 3)


@pytest.mark.parametrize(("kwargs", "data", "match"), [
    ({"kind": "nps"}, {"r": [10, 11, 3, 11]}, r"Column 'r': 2 row\(s\) .*NPS scale 0-10: 11 \(2 rows\); first row "
                                             r"positions: 1, 3\. .*missing_codes=\[11\]"),
    ({"kind": "nps"}, {"r": [10, 8.5, 3]}, r"Column 'r': 1 row\(s\) .*whole-number scale points.*positions: 1"),
    ({"kind": "share"}, {"r": [0, 1, 2]}, r"Column 'r': 1 row\(s\) .*0/1 or True/False.*2 \(1 row\)"),
    ({"kind": "top_box", "scale": (1, 5)}, {"r": [1, 5, 6]}, r"declared scale 1-5: 6 \(1 row\)"),
    ({"kind": "nps", "detractors": (0, 9)}, {"r": [1]}, r"`detractors` must be a band below the promoters"),
    ({"kind": "nps", "promoters": (9, 12)}, {"r": [1]}, r"`promoters` must be a band inside the scale 0-10"),
    ({"kind": "mean", "by": "r"}, {"r": [1]}, r"`by` must be a column other than the `metric` column"),
    ({"kind": "nps", "time": "wave"}, {"r": [1]}, r"`time` column 'wave' not found"),
])
def test_bad_input_is_refused_by_name(kwargs, data, match):
    with pytest.raises(CXInputError, match=match):
        cx.tracking.kpi(pd.DataFrame(data), "r", **kwargs)


def test_a_kind_passed_as_the_column_gets_the_fix():
    with pytest.raises(CXInputError, match=r"'nps' is a kind of KPI, not a column: .* kind='nps'"):
        cx.tracking.kpi(pd.DataFrame({"recommend": [10]}), "nps", kind="nps")


def test_the_caller_frame_is_left_alone_and_the_plot_draws_a_band_per_segment():
    df = pd.DataFrame({"r": np.tile(np.arange(11), 60), "wave": np.repeat(["2024Q1", "2024Q2", "2024Q3"], 220),
                       "seg": np.tile(["x", "y"], 330)})
    before = df.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = cx.tracking.kpi(df, "r", kind="nps", time="wave", by="seg")
    pd.testing.assert_frame_equal(df, before)
    assert [str(w) for w in res.table["wave"].iloc[:3]] == ["2024Q1", "2024Q2", "2024Q3"]
    fig = res.plot()
    assert isinstance(fig, matplotlib.figure.Figure)
    ax = fig.axes[0]
    assert len(ax.lines) == 2 + 1 and len(ax.collections) == 2  # a line per segment, the zero line; two bands


def test_without_waves_there_are_gaps_between_segments_and_no_changes():
    # a: 30 yes of 60, b: 15 yes of 60; gap a - b = 0.25, se = sqrt(0.25/60 + 0.1875/60) = 0.085391
    df = pd.DataFrame({"yes": [1] * 30 + [0] * 30 + [1] * 15 + [0] * 45, "seg": ["a"] * 60 + ["b"] * 60})
    res = cx.tracking.kpi(df, "yes", kind="share", by="seg")
    assert res.changes is None and "wave" not in res.gaps.columns
    np.testing.assert_allclose(res.gaps[["difference", "se"]].iloc[0], [0.25, 0.0853913], atol=1e-6)
