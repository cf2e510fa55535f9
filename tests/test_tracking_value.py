"""cx.tracking.value_segments and TouchpointResult.fix_first(value=...): hand checks, weights, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import cxresearch as cx
from cxresearch._core.accounting import RowAccount
from cxresearch._core.stats import wilson
from cxresearch.errors import CXInputError
from cxresearch.journey import TouchpointResult

HAND = pd.DataFrame({"tier": ["VIP", "VIP", "ordinary", "ordinary", "ordinary"],
                     "revenue": [1000, 800, 100, 120, 80], "cost": [300, 900, 50, 150, 40]})


def test_hand_check_margin_cost_to_revenue_and_loss_makers():
    res = cx.tracking.value_segments(HAND, segment="tier", revenue="revenue", cost="cost")
    t = res.table.set_index("tier")
    # VIP: margin (1000 - 300) + (800 - 900) = 600; cost / revenue = 1200 / 1800; 1 of 2 below zero
    assert_allclose(t.loc["VIP", ["margin", "margin_per_customer", "cost_to_revenue"]].astype(float),
                    [600, 300, 1200 / 1800])
    assert_allclose(t.loc["VIP", "cost_to_revenue"], 0.667, atol=5e-4)
    assert (t.loc["VIP", "loss_making"], t.loc["VIP", "customers"]) == (1, 2)
    # ordinary: margin 50 - 30 + 40 = 60; cost / revenue = 240 / 300 = 0.800; 1 of 3 (120 - 150 < 0)
    assert_allclose(t.loc["ordinary", ["margin", "margin_per_customer", "cost_to_revenue"]].astype(float),
                    [60, 20, 0.8])
    assert (t.loc["ordinary", "loss_making"], t.loc["ordinary", "customers"]) == (1, 3)
    lo, hi = wilson(np.array([1.0]), np.array([3.0]), 0.95)
    assert_allclose(t.loc["ordinary", ["loss_share", "loss_share_ci_low", "loss_share_ci_high"]].astype(float),
                    [1 / 3, lo[0], hi[0]])
    # revenue shares 1800 / 2100 and 300 / 2100; cost shares 1200 / 1440 and 240 / 1440
    assert_allclose(t["revenue_share"], [1800 / 2100, 300 / 2100])
    assert_allclose(t["cost_share"], [1200 / 1440, 240 / 1440])
    # margin per customer interval: mean +- t(n - 1) sd / sqrt(n) of (50, -30, 40)
    m = np.array([50.0, -30.0, 40.0])
    from scipy import stats
    half = stats.t.ppf(0.975, 2) * m.std(ddof=1) / np.sqrt(3)
    assert_allclose(t.loc["ordinary", ["margin_per_customer_ci_low", "margin_per_customer_ci_high"]].astype(float),
                    [20 - half, 20 + half])


def test_cost_built_from_usage_times_unit_costs():
    usage = HAND.drop(columns="cost").assign(visits=[20, 70, 3, 10, 2], calls=[20, 20, 4, 8, 4])
    res = cx.tracking.value_segments(usage, segment="tier", revenue="revenue", cost={"visits": 12.0, "calls": 3.0})
    t = res.table.set_index("tier")
    # VIP cost: 12 * (20 + 70) + 3 * (20 + 20) = 1080 + 120 = 1200, as in the hand check
    assert_allclose(t.loc["VIP", "cost"], 1200)
    items = res.items.set_index(["tier", "item"])
    assert_allclose(items.loc[("ordinary", "calls"), "usage_per_customer"], 16 / 3)
    assert_allclose(items.loc[("ordinary", "visits"), "share_of_cost"], 12 * 15 / (12 * 15 + 3 * 16))
    assert_allclose(items.groupby(level="tier")["share_of_cost"].sum(), 1.0)
    assert "12 x visits + 3 x calls" in res.settings["margin"]


def test_integer_weights_give_the_figures_of_replicated_rows_scaled_to_the_sample():
    data = HAND.assign(w=[1, 3, 2, 1, 1])
    weighted = cx.tracking.value_segments(data, segment="tier", revenue="revenue", cost="cost", weights="w").table
    replicated = cx.tracking.value_segments(data.loc[data.index.repeat(data["w"])], segment="tier",
                                            revenue="revenue", cost="cost").table
    for c in ("margin_per_customer", "cost_to_revenue", "loss_share", "revenue_share", "cost_share"):
        assert_allclose(weighted[c], replicated[c])
    # totals: weights scaled to mean 1 over the 5 rows (sum 8): VIP revenue (1000 + 3 * 800) * 5 / 8
    assert_allclose(weighted.set_index("tier").loc["VIP", "revenue"], 3400 * 5 / 8)
    assert_allclose(weighted["n_eff"], [4**2 / 10, 4**2 / 6])


def test_rows_left_out_are_counted_and_bad_values_refused():
    data = pd.concat([HAND, pd.DataFrame({"tier": [None, "VIP"], "revenue": [10, np.nan], "cost": [1, 2]})],
                     ignore_index=True)
    res = cx.tracking.value_segments(data, segment="tier", revenue="revenue", cost="cost")
    assert res.rows.excluded == {"segment missing": 1, "revenue missing": 1}
    assert res.table["customers"].sum() == 5
    with pytest.raises(CXInputError, match=r"Column 'cost'.*non-negative costs.*-5.*positions: 1"):
        cx.tracking.value_segments(HAND.assign(cost=[1, -5, 1, 1, 1]), segment="tier", revenue="revenue",
                                   cost="cost")
    with pytest.raises(CXInputError, match="`cost` must be a dict .* non-negative finite unit costs"):
        cx.tracking.value_segments(HAND, segment="tier", revenue="revenue", cost={"cost": -1.0})
    with pytest.raises(CXInputError, match="revenue and cost column.*'visits' not found"):
        cx.tracking.value_segments(HAND, segment="tier", revenue="revenue", cost={"visits": 1.0})


def _touchpoints() -> TouchpointResult:
    """Two segments, two touchpoints, coefficients and shortfalls chosen by hand."""
    table = pd.DataFrame({"segment": ["A", "A", "B", "B"], "touchpoint": ["t1", "t2", "t1", "t2"],
                          "gap": [-0.4, -0.5, -0.5, -0.5], "shortfall": [0.4, 0.5, 0.5, 0.5]})
    coef = pd.DataFrame({"segment": ["A", "A", "B", "B"], "touchpoint": ["t1", "t2", "t1", "t2"],
                         "coef": [0.5, 0.3, 0.2, 0.6], "coef_ci_low": [0.4, 0.2, 0.1, 0.5],
                         "coef_ci_high": [0.6, 0.4, 0.3, 0.7]})
    return TouchpointResult(table=table, rows=RowAccount(10, 10), by=("segment",), coefficients=coef,
                            outcome="overall", rule={"pain": -1, "delight": 1, "min_gap": 0.3, "top": 0.3})


def test_fix_first_weighed_by_value_changes_the_order():
    res = _touchpoints()
    # gains = coef x shortfall: A t1 0.20, A t2 0.15, B t1 0.10, B t2 0.30; ranked within each segment
    plain = res.fix_first()
    assert list(zip(plain["segment"], plain["touchpoint"], plain["rank"])) == [
        ("A", "t1", 1), ("A", "t2", 2), ("B", "t2", 1), ("B", "t1", 2)]
    # value per customer A 20, B 100: value gains A t1 4, A t2 3, B t1 10, B t2 30: one list, B first
    valued = res.fix_first(value={"A": 20.0, "B": 100.0})
    assert list(zip(valued["segment"], valued["touchpoint"])) == [("B", "t2"), ("B", "t1"), ("A", "t1"), ("A", "t2")]
    assert_allclose(valued["value_gain"], [30, 10, 4, 3])
    assert valued["rank"].tolist() == [1, 2, 3, 4]
    assert_allclose(valued["value_gain_ci_low"], [0.5 * 0.5 * 100, 0.1 * 0.5 * 100, 0.4 * 0.4 * 20, 0.2 * 0.5 * 20])
    # with costs t1 1, t2 2: per unit of cost B t2 15, B t1 10, A t1 4, A t2 1.5
    costed = res.fix_first(cost={"t1": 1.0, "t2": 2.0}, value={"A": 20.0, "B": 100.0})
    assert_allclose(costed["value_per_cost"], [15, 10, 4, 1.5])
    # a ValueSegmentsResult with margins per customer 20 (A) and 100 (B) gives the same list
    customers = pd.DataFrame({"segment": ["A", "A", "B"], "revenue": [50, 50, 150], "cost": [30, 30, 50]})
    from_result = res.fix_first(value=cx.tracking.value_segments(customers, segment="segment", revenue="revenue",
                                                                 cost="cost"))
    pd.testing.assert_frame_equal(from_result, valued)


def test_fix_first_value_notes_and_refusals():
    res = _touchpoints()
    plan = res.fix_first(value={"A": -5.0})  # B has no value; A loses money per customer
    notes = dict(zip(plan["segment"] + plan["touchpoint"], plan["note"]))
    assert notes["Bt1"] == "no value given for this segment"
    assert "not positive" in notes["At1"]
    with pytest.raises(CXInputError, match=r"`value` must be values of the result's segments.*\['C'\]"):
        res.fix_first(value={"A": 1.0, "C": 2.0})
    with pytest.raises(CXInputError, match="`value` must be finite numbers"):
        res.fix_first(value={"A": "high"})
    flat = TouchpointResult(table=res.table.drop(columns="segment"), rows=RowAccount(1, 1),
                            coefficients=res.coefficients.drop(columns="segment"), rule=res.rule)
    with pytest.raises(CXInputError, match="`value` must be None for a result without segments"):
        flat.fix_first(value={"A": 1.0})


def test_fix_first_refuses_a_value_result_whose_segments_match_none():
    customers = pd.DataFrame({"tier": ["gold", "basic"], "revenue": [50, 50], "cost": [30, 30]})
    other = cx.tracking.value_segments(customers, segment="tier", revenue="revenue", cost="cost")
    with pytest.raises(CXInputError, match=r"`value` must be values of the result's segments.*No segment matches"):
        _touchpoints().fix_first(value=other)
