"""cx.simulate.bank_tracker and the shipped bank_quarterly_tracker: the truth recovered by plain numpy/pandas."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def big():
    # 200 branches x 8 quarters x 25 customers = 40,000 rows: tight enough to see each truth
    return cx.simulate.bank_tracker(branches=200, n=25, random_state=2026)


def test_the_action_effect_is_the_difference_in_differences_of_branch_means(big):
    data, truth = big
    post = data["quarter"] >= truth["action"]["quarter"]  # "2024Q1" > "2023Q4": text order is time order here
    means = data.groupby(["branch", post])["satisfaction"].mean().unstack()
    change = means[True] - means[False]
    acting = data.groupby("branch")["action_branch"].first().astype(bool)
    did = change[acting].mean() - change[~acting].mean()
    se = np.sqrt(change[acting].var() / acting.sum() + change[~acting].var() / (~acting).sum())
    assert abs(did - truth["action"]["effect_mean"]) < 4 * se, (did, truth["action"]["effect_mean"], se)
    assert sorted(acting[acting].index) == truth["action"]["branches"]
    assert acting.sum() == 100  # acting=0.5 of 200 branches


def test_the_wait_ratio_and_slope_are_recovered(big):
    data, truth = big
    log_ratio = np.log(data["wait_perceived_min"]) - np.log(data["wait_actual_min"])
    waits = truth["waits"].set_index("segment")
    for segment, part in log_ratio.groupby(data["segment"]):
        gm = np.exp(part.mean())  # the geometric-mean ratio perceived / actual
        se = gm * part.std() / np.sqrt(len(part))
        assert abs(gm - waits.loc[segment, "gm_ratio"]) < 4 * se + 0.005, (segment, gm)  # 0.005: 0.1-minute rounding
    slope, intercept = np.polyfit(np.log(data["wait_actual_min"]), np.log(data["wait_perceived_min"]), 1)
    assert slope == pytest.approx(0.85, abs=0.01) and np.exp(intercept) == pytest.approx(1.5, rel=0.03)


def test_the_loss_making_shares_and_margins_are_recovered(big):
    data, truth = big
    value = truth["value"].set_index("segment")
    for segment, part in data.groupby("segment"):
        share, n = (part["cost"] > part["revenue"]).mean(), len(part)
        p = value.loc[segment, "loss_share"]
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / n), (segment, share, p)
        margin = part["revenue"] - part["cost"]
        assert abs(margin.mean() - value.loc[segment, "mean_margin"]) < 4 * margin.std() / np.sqrt(n)


def test_the_complaint_paths_are_recovered(big):
    data, truth = big
    c = truth["complaints"]
    problem = data[data["problem"] == 1]
    complained = problem[problem["complained"] == 1]
    for observed, p, n in ((data["problem"].mean(), c["problem"], len(data)),
                           (problem["complained"].mean(), c["voice_rate"], len(problem)),
                           (complained["recovered"].mean(), c["recovered"], len(complained))):
        assert abs(observed - p) < 4 * np.sqrt(p * (1 - p) / n), (observed, p)
    path = np.select([data["problem"] == 0, data["complained"] == 0, data["recovered"] == 0],
                     ["no problem", "silent", "complained, not recovered"], "recovered")
    for name, part in data.groupby(path)["repurchased"]:
        p = c["repurchase"][name]
        assert abs(part.mean() - p) < 4 * np.sqrt(p * (1 - p) / len(part)), (name, part.mean(), p)
    # the steps hold only after the step before
    assert not ((data["complained"] == 1) & (data["problem"] == 0)).any()
    assert not ((data["recovered"] == 1) & (data["complained"] == 0)).any()


def test_top_box_nps_and_the_shift_of_the_control_branches_are_recovered(big):
    data, truth = big
    control = data[data["action_branch"] == 0]
    kpi = truth["kpi"][truth["kpi"]["group"] == "control"].set_index(["segment", "quarter"])
    ordinary = control[control["segment"] == "ordinary"]
    shift = truth["shift"]["quarter"]
    for name, column, value in (("top_box", "satisfaction", lambda s: (s == 5).mean()),
                                ("nps", "recommend", lambda s: (s >= 9).mean() - (s <= 6).mean())):
        before = ordinary[ordinary["quarter"] < shift].groupby("quarter")[column].apply(value)
        after = ordinary[ordinary["quarter"] >= shift].groupby("quarter")[column].apply(value)
        expected = kpi.loc["ordinary", name]
        seen = before.mean() - after.mean()
        truth_drop = expected[expected.index < shift].mean() - expected[expected.index >= shift].mean()
        # about 1,500 customers per quarter; the branch effects (SD 0.15 on the latent) add a little
        se = np.sqrt(0.25 / (len(ordinary) / 8) * (1 / len(before) + 1 / len(after))) * 2
        assert abs(seen - truth_drop) < 4 * se, (name, seen, truth_drop, se)
        assert truth_drop > 0.04  # a real shift: the ordinary segment's top box and NPS drop


def test_the_kpi_truth_is_the_normal_model_written_out():
    _, truth = cx.simulate.bank_tracker(branches=2, n=1, random_state=0)
    row = truth["kpi"].set_index(["segment", "quarter", "group"]).loc[("VIP", "2023Q1", "control")]
    sd = np.hypot(0.15, 0.9)  # branch and customer noise of latent satisfaction
    assert row["latent"] == pytest.approx(3.9)
    assert row["top_box"] == pytest.approx(stats.norm.sf((4.5 - 3.9) / sd), abs=1e-12)
    r_mu, r_sd = 2 * 3.9 - 0.4, np.hypot(2 * sd, 1.0)  # recommend* = 2 s* - 0.4 + N(0, 1)
    nps = stats.norm.sf((8.5 - r_mu) / r_sd) - stats.norm.cdf((6.5 - r_mu) / r_sd)
    assert row["nps"] == pytest.approx(nps, abs=1e-12)


def test_the_generator_is_seeded_and_refuses_an_action_after_the_last_quarter():
    a, _ = cx.simulate.bank_tracker(branches=3, n=4, random_state=5)
    b, _ = cx.simulate.bank_tracker(branches=3, n=4, random_state=5)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(CXInputError, match=r"`action_at` must be a quarter from 2 to quarters=4; got 6"):
        cx.simulate.bank_tracker(quarters=4, action_at=6, shift_at=3)
    with pytest.raises(CXInputError, match=r"`acting` must be"):
        cx.simulate.bank_tracker(acting=1.5)


def test_the_shipped_dataset_is_what_its_script_makes_and_says_it_is_synthetic():
    spec = importlib.util.spec_from_file_location("make_bank_tracker", ROOT / "scripts/datasets/make_bank_tracker.py")
    script = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "scripts/datasets"))
    try:
        spec.loader.exec_module(script)
    finally:
        sys.path.remove(str(ROOT / "scripts/datasets"))
    made, truth = cx.simulate.bank_tracker(script.BRANCHES, script.N, random_state=script.SEED)
    shipped = cx.load_dataset("bank_quarterly_tracker")
    pd.testing.assert_frame_equal(shipped.astype(str), made.astype(str).reset_index(drop=True),
                                  check_dtype=False)
    assert (ROOT / "cxresearch/datasets/bank_quarterly_tracker.csv").stat().st_size < 1_000_000
    card = cx.datasets.data_card("bank_quarterly_tracker")
    assert "synthetic" in card and f"{truth['action']['effect_mean']:+.3f}" in card
    assert all(b in card for b in truth["action"]["branches"])
