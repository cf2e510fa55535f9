"""cx.tracking.action_effect: the hand check, statsmodels on the same rows, coverage, recovery, notes, refusals."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError

HAND = pd.DataFrame({"branch": ["a", "a", "b", "b", "c", "c", "d", "d"], "quarter": [1, 2] * 4,
                     "acted": [0, 1, 0, 1, 0, 0, 0, 0], "score": [7.0, 7.6, 7.0, 7.6, 7.1, 7.2, 7.1, 7.2]})


def _effect(data, **kw):
    args = {"unit": "branch", "time": "quarter", "treated": "acted", "outcome": "score", **kw}
    return cx.tracking.action_effect(data, **args)


def _panel(seed, units=30, periods=6, start=3, acting=12, effect=0.0, rho=0.5, customers=1):
    """Unit-period panel (or ``customers`` rows per cell) with AR(1) unit shocks, so clustering matters."""
    rng = np.random.default_rng(seed)
    shocks = np.empty((units, periods))
    shocks[:, 0] = rng.normal(size=units)
    for t in range(1, periods):
        shocks[:, t] = rho * shocks[:, t - 1] + np.sqrt(1 - rho**2) * rng.normal(size=units)
    u = np.repeat(np.arange(units), periods * customers)
    t = np.tile(np.repeat(np.arange(periods), customers), units)
    d = (u < acting) & (t >= start)
    y = rng.normal(size=units)[u] + 0.2 * t + shocks[u, t] + effect * d + 0.5 * rng.normal(size=u.size)
    return pd.DataFrame({"branch": u, "quarter": t, "acted": d.astype(int), "flag": (u < acting).astype(int),
                         "score": y})


def test_hand_check_treated_7_0_to_7_6_control_7_1_to_7_2_is_plus_half():
    # (7.6 - 7.0) - (7.2 - 7.1) = 0.6 - 0.1 = 0.5; every cell is fitted exactly, so the residuals are 0
    row = _effect(HAND).table.iloc[0]
    assert abs(row["estimate"] - 0.5) < 1e-10
    assert abs(row["means_did"] - 0.5) < 1e-10
    assert row["se"] == pytest.approx(0, abs=1e-12)
    assert (row["acting_pre"], row["acting_post"], row["control_pre"], row["control_post"]) == pytest.approx(
        (7.0, 7.6, 7.1, 7.2), abs=1e-12)
    assert row["units_acting"] == 2 and row["units_control"] == 2 and row["df"] == 3
    assert "no pre-trend check" in row["note"]


def test_respondent_rows_give_the_estimate_of_their_cell_means():
    # three customers per cell around the hand-check means (deviations -0.3, 0, +0.3 average to 0)
    rows = HAND.loc[HAND.index.repeat(3)].reset_index(drop=True)
    rows["score"] = rows["score"] + np.tile([-0.3, 0.0, 0.3], len(HAND))
    assert abs(_effect(rows).table["estimate"].iloc[0] - 0.5) < 1e-10


@pytest.mark.parametrize("weighted", [False, True])
def test_estimate_and_se_agree_with_statsmodels_ols_clustered_by_unit(weighted):
    smf = pytest.importorskip("statsmodels.formula.api")
    df = _panel(1, units=20, periods=5, start=3, acting=8, effect=0.4, customers=3)
    df = df.iloc[np.random.default_rng(2).permutation(len(df))[:250]].copy()  # unbalanced cells
    df["w"] = np.random.default_rng(3).uniform(0.5, 2.0, len(df)) if weighted else 1.0
    res = _effect(df, weights="w" if weighted else None).table.iloc[0]
    model = smf.wls("score ~ C(branch) + C(quarter) + acted", df, weights=df["w"]).fit(
        cov_type="cluster", cov_kwds={"groups": df["branch"]})
    assert res["estimate"] == pytest.approx(model.params["acted"], abs=1e-10)
    # statsmodels' CR1 counts the unit dummies in K; ours does not (nested in the clusters):
    # se_ours = se_sm * sqrt((N - K_sm) / (N - K_ours)), K_ours = (T - 1) period effects + action + intercept
    n, k_sm, k_ours = len(df), model.params.size, 5 - 1 + 1 + 1
    assert res["se"] == pytest.approx(model.bse["acted"] * np.sqrt((n - k_sm) / (n - k_ours)), rel=1e-8)
    assert res["df"] == df["branch"].nunique() - 1


def test_the_95_interval_covers_a_zero_effect_in_93_to_97_percent_of_200_panels():
    covered = 0
    for seed in range(200):
        row = _effect(_panel(seed, effect=0.0)).table.iloc[0]
        covered += row["ci_low"] <= 0 <= row["ci_high"]
    assert 0.93 <= covered / 200 <= 0.97, covered


def test_a_known_effect_is_recovered_from_the_bank_tracker():
    data, truth = cx.simulate.bank_tracker(branches=80, n=25, effect=0.5, random_state=11)
    row = cx.tracking.action_effect(data, unit="branch", time="quarter", treated="action_in_force",
                                    outcome="satisfaction").table.iloc[0]
    target = truth["action"]["effect_mean"]  # the expected effect on mean satisfaction (1-5)
    assert abs(row["estimate"] - target) < 3 * row["se"], (row["estimate"], target, row["se"])
    assert row["ci_low"] > 0.2 and row["p_value"] < 1e-6
    assert row["since"] == truth["action"]["quarter"]


def test_a_unit_flag_with_since_is_the_indicator_without_it():
    df = _panel(4, effect=0.3)
    by_flag = _effect(df, treated="flag", since=3).table
    by_rows = _effect(df).table
    pd.testing.assert_frame_equal(by_flag, by_rows)


def test_unit_period_means_weighted_by_their_sizes_give_the_respondent_estimate():
    rows = _panel(5, units=12, periods=4, start=2, acting=5, effect=0.2, customers=4)
    rows = rows.iloc[np.random.default_rng(6).permutation(len(rows))[:150]]
    cells = rows.groupby(["branch", "quarter"], as_index=False).agg(acted=("acted", "first"), score=("score", "mean"),
                                                                     size=("score", "size"))
    a, b = _effect(rows).table.iloc[0], _effect(cells, weights="size").table.iloc[0]
    assert a["estimate"] == pytest.approx(b["estimate"], abs=1e-10)
    # the same scores; only N in the CR1 factor (N - 1) / (N - K) differs (rows against cells, K = 3 + 1 + 1)
    ratio = np.sqrt((len(rows) - 1) / (len(rows) - 5) * (len(cells) - 5) / (len(cells) - 1))
    assert a["se"] == pytest.approx(b["se"] * ratio, rel=1e-9)


def test_a_pre_trend_is_found_and_parallel_groups_pass():
    df = _panel(7, units=40, periods=6, start=4, acting=20, rho=0.0)
    parallel = _effect(df).table.iloc[0]
    df["score"] = df["score"] + 1.0 * df["flag"] * df["quarter"]  # acting units climb from the start
    diverging = _effect(df).table.iloc[0]
    assert diverging["pretrend_p"] < 0.001 and diverging["pretrend"].startswith("the groups moved apart")
    assert parallel["pretrend_p"] > 0.05 and parallel["pretrend"].startswith("no evidence")
    assert parallel["pretrend_df"] == 3  # leads: periods 0, 1 and 2 (3, the last before the action, the reference)
    study = _effect(df).event_study
    assert study["kind"].tolist() == ["lead", "lead", "lead", "reference", "effect", "effect"]


def test_integer_weights_give_the_point_estimate_of_replicated_rows():
    df = _panel(8, units=10, periods=4, start=2, acting=4, effect=0.3)
    df["w"] = np.random.default_rng(9).integers(1, 4, len(df))
    weighted = _effect(df, weights="w").table.iloc[0]
    replicated = _effect(df.loc[df.index.repeat(df["w"])]).table.iloc[0]
    assert weighted["estimate"] == pytest.approx(replicated["estimate"], abs=1e-10)
    assert weighted["n_eff"] == pytest.approx(df["w"].sum() ** 2 / (df["w"] ** 2).sum())


def test_one_acting_unit_gives_the_estimate_without_an_interval():
    df = HAND.copy()
    df.loc[df["branch"] == "b", "acted"] = 0
    row = _effect(df).table.iloc[0]
    assert row["estimate"] == pytest.approx((7.6 - 7.0) - (7.0 + 7.1 + 7.1 - 7.6 - 7.2 - 7.2) / -3, abs=1e-10)
    assert np.isnan(row["se"]) and np.isnan(row["ci_low"]) and "one acting unit" in row["note"]


@pytest.mark.parametrize(("change", "said"), [
    (lambda d: d.assign(acted=np.where(d["quarter"] == 2, 1, 0)), "no control units"),
    (lambda d: d.assign(acted=0), "no unit acted"),
    (lambda d: d.assign(acted=np.where(d["branch"].isin(["a", "b"]), 1, 0)), "no period before the action"),
])
def test_what_the_data_cannot_say_is_a_note_not_a_number(change, said):
    row = _effect(change(HAND)).table.iloc[0]
    assert np.isnan(row["estimate"]) and np.isnan(row["se"]) and said in row["note"]


def test_a_late_since_leaves_no_period_after_the_action():
    row = _effect(HAND.assign(flag=HAND["branch"].isin(["a", "b"]).astype(int)), treated="flag", since=3).table
    assert np.isnan(row["estimate"].iloc[0]) and "no period from the action on" in row["note"].iloc[0]


def test_staggered_adoption_is_refused_by_name():
    df = _panel(10, units=6, periods=4, start=2, acting=3)
    df.loc[(df["branch"] == 0) & (df["quarter"] == 2 - 1), "acted"] = 1  # unit 0 starts a period earlier
    with pytest.raises(CXInputError, match=r"Column 'acted': the action began in different periods.*staggered"):
        _effect(df)


def test_an_action_that_stops_is_refused_naming_the_rows():
    df = _panel(10, units=6, periods=4, start=2, acting=3)
    df.loc[(df["branch"] == 1) & (df["quarter"] == 3), "acted"] = 0
    with pytest.raises(CXInputError, match=r"Column 'acted'.*first row positions: 7"):
        _effect(df)


def test_a_flag_that_varies_within_a_unit_with_since_is_refused():
    with pytest.raises(CXInputError, match=r"Column 'acted': with `since`.*'a'.*first row positions: 0, 1"):
        _effect(HAND, since=2)


def test_treated_values_other_than_0_and_1_are_refused_naming_the_rows():
    with pytest.raises(CXInputError, match=r"Column 'acted'.*0 or 1.*2 \(1 row\).*positions: 3"):
        _effect(HAND.assign(acted=[0, 1, 0, 2, 0, 0, 0, 0]))


def test_a_since_the_time_column_cannot_hold_is_refused():
    with pytest.raises(CXInputError, match=r"`since` must be a time of the kind in column 'quarter'"):
        _effect(HAND.assign(flag=0), treated="flag", since="soon")


def test_the_same_column_in_two_roles_is_refused():
    with pytest.raises(CXInputError, match="four different columns"):
        _effect(HAND, outcome="acted")


def test_rows_with_missing_values_and_codes_are_accounted_for():
    df = HAND.copy()
    df["score"] = df["score"].astype(object)
    df.loc[0, "score"], df.loc[5, "score"] = np.nan, 99
    df.loc[6, "acted"] = np.nan
    res = _effect(df, missing_codes=99)
    assert res.rows.n_in == 8 and res.rows.n_used == 5
    assert res.rows.excluded == {"acted missing": 1, "score missing": 2} and res.rows.recoded == {"score": 1}


def test_quarters_as_text_are_read_in_time_order_and_the_plots_draw():
    df = _panel(12, units=10, periods=4, start=2, acting=4, effect=0.5)
    labels = np.array(["2024Q1", "2024Q2", "2024Q3", "2024Q4"])
    text = df.assign(quarter=labels[df["quarter"]])
    a, b = _effect(df).table, _effect(text).table
    assert a["estimate"].iloc[0] == pytest.approx(b["estimate"].iloc[0], abs=1e-12) and b["since"].iloc[0] == "2024Q3"
    res = _effect(text.iloc[::-1])
    assert res.means["period"].tolist()[:2] == ["2024Q1", "2024Q1"]
    for kind in (None, "means", "event_study"):
        fig = res.plot(kind)
        assert fig.axes and fig.axes[0].get_xticklabels()[0].get_text() == "2024Q1"
    with pytest.raises(CXInputError, match="`kind` must be one of"):
        res.plot("bars")
