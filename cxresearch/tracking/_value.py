"""Value and cost to serve per customer segment: revenue, cost, margin and the customers who lose money."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_numeric, bad_values, check_confidence, require_columns, require_frame
from cxresearch._core.params import Frame, Keyed, Name, Names, declared
from cxresearch._core.stats import wilson
from cxresearch._core.weights import check_weights
from cxresearch.tracking._value_result import ValueSegmentsResult

__all__ = ["value_segments"]

REASONS = ("segment missing", "revenue missing", "cost missing", "weight zero")


@declared(data=Frame(), segment=Names(), revenue=Name("one column name"),
          cost=[Name("one column name"), Keyed("a dict {usage column: unit cost}")])
def value_segments(
    data: pd.DataFrame,
    *,
    segment: str | list[str],
    revenue: str,
    cost: str | Mapping[str, float],
    weights: str | None = None,
    confidence: float = 0.95,
) -> ValueSegmentsResult:
    """What each customer segment earns and costs to serve, and how many of its customers lose money.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer (frames of other libraries are converted).
    segment : str or list of str
        The segment (tier) column(s). Rows with a missing segment are left out and counted.
    revenue : str
        The column of each customer's revenue (or gross profit before service costs) over
        the period. Any finite number (refunds can make it negative).
    cost : str or dict
        The cost to serve each customer: a column, or ``{usage column: unit cost}`` to build
        it from usage, e.g. ``{"branch_visits": 12.0, "calls": 3.5}`` (cost = 12 x visits +
        3.5 x calls; the breakdown is in ``items``). Costs, usage and unit costs must not be
        negative.
    weights : str, optional
        Survey (sampling) weights: per-customer figures and shares are weighted; totals are
        weighted sums scaled to the number of customers used (the weights re-balance the
        sample; they are not taken as expansion factors); the interval of the loss-making
        share uses Kish's effective sample size. Rows with weight 0 are left out and counted.
    confidence : float
        Level of the intervals of the margin per customer (t) and the loss-making share
        (Wilson).

    Returns
    -------
    ValueSegmentsResult
        ``table``: one row per segment: ``customers`` (rows used), ``n_eff`` (with weights),
        ``revenue``, ``cost``, ``margin`` = revenue - cost (segment totals),
        ``revenue_per_customer``, ``cost_per_customer``, ``margin_per_customer`` with
        ``margin_per_customer_ci_low``, ``margin_per_customer_ci_high``, ``cost_to_revenue``
        (total cost / total revenue; NaN when revenue is not positive), ``loss_making``
        (customers whose margin is below 0; a margin of exactly 0 breaks even),
        ``loss_share`` with ``loss_share_ci_low``, ``loss_share_ci_high``, ``revenue_share``
        and ``cost_share`` (the segment's part of all revenue and all cost: a tier whose cost
        share exceeds its revenue share is served above its value).
        ``items``: with a cost mapping, per segment and usage column the ``unit_cost``,
        ``usage_per_customer``, ``cost_per_customer`` and ``share_of_cost``; else None.
        ``accounting``: rows per reason.

    See Also
    --------
    cxresearch.journey.TouchpointResult.fix_first : weighs what to fix first by this result's
        margin per customer (``value=``).
    ValueSegmentsResult : the result, with the margin chart (``plot()``) and the loss-making
        shares (``plot(kind="loss")``).

    Notes
    -----
    Per segment with weights ``w`` (1 without weights) scaled to mean 1 over the rows used:
    revenue = sum w r, cost = sum w c, margin = revenue - cost, per customer = total /
    sum w. The interval of the margin per customer is ``mean +- t(n_eff - 1) s / sqrt(n_eff)``;
    that of the loss-making share is Wilson's on ``n_eff`` customers.

    References
    ----------
    Kaplan, R. S., & Narayanan, V. G. (2001). Measuring and managing customer profitability.
    Journal of Cost Management, 15(5), 5-15.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> customers = pd.DataFrame({"tier": ["VIP", "VIP", "ordinary", "ordinary", "ordinary"],
    ...                           "revenue": [1000, 800, 100, 120, 80], "cost": [300, 900, 50, 150, 40]})
    >>> res = cx.tracking.value_segments(customers, segment="tier", revenue="revenue", cost="cost")
    >>> res.table[["tier", "customers", "margin", "cost_to_revenue", "loss_making"]].round(3)
           tier  customers  margin  cost_to_revenue  loss_making
    0       VIP          2   600.0            0.667            1
    1  ordinary          3    60.0            0.800            1

    VIP: margin (1000 - 300) + (800 - 900) = 600, cost / revenue = 1200 / 1800 = 0.667, one
    of the two loses money. Cost built from usage:

    >>> usage = customers.assign(visits=[20, 70, 3, 10, 2], calls=[20, 20, 4, 8, 4])
    >>> res = cx.tracking.value_segments(usage, segment="tier", revenue="revenue",
    ...                                  cost={"visits": 12.0, "calls": 3.0})
    >>> res.items[["tier", "item", "usage_per_customer", "cost_per_customer", "share_of_cost"]].round(3)
           tier    item  usage_per_customer  cost_per_customer  share_of_cost
    0       VIP  visits              45.000              540.0          0.900
    1       VIP   calls              20.000               60.0          0.100
    2  ordinary  visits               5.000               60.0          0.789
    3  ordinary   calls               5.333               16.0          0.211
    """
    data = require_frame(data)
    check_confidence(confidence)
    segment = [segment] if not isinstance(segment, (list, tuple)) else list(segment)
    unit_costs = _unit_costs(cost)
    value_columns = [revenue, *(unit_costs or [cost])]
    require_columns(data, value_columns, "revenue and cost column(s)")
    require_columns(data, segment, "`segment` column(s)")
    taken = [c for c in segment if c in value_columns] + ([weights] if weights in [*segment, *value_columns] else [])
    if taken:
        raise arg_error("segment" if taken[0] in segment else "weights",
                        "columns other than the revenue and cost columns", taken)
    w = check_weights(data, weights)
    r = as_numeric(data[revenue], revenue)
    c, usage = _cost(data, cost, unit_costs)
    seg, labels = segment_codes(data, segment)
    use, counts = _usable(seg, r, c, w)
    n_used = int(use.sum())
    if n_used == 0:
        raise arg_error("data", "at least one customer with a segment, revenue and cost", f"{len(data)} rows",
                        got=f"none among {len(data)} rows ({_listed(counts)})")
    ww = np.ones(n_used) if w is None else w[use] / w[use].mean()
    table = _table(seg[use], r[use], c[use], ww, len(labels), confidence)
    table = pd.concat([labels, pd.DataFrame(table)], axis=1)
    if weights is None:
        table = table.drop(columns="n_eff")
    items = None if usage is None else _items(usage, unit_costs, seg[use], use, ww, labels, table)
    accounting = pd.DataFrame({"reason": list(counts), "rows": list(counts.values())})
    rows = RowAccount(len(data), n_used, {k: v for k, v in counts.items() if v}, unit="customers")
    return ValueSegmentsResult(table=table, rows=rows, by=tuple(segment), items=items, accounting=accounting,
                               revenue=revenue, cost=dict(unit_costs) if unit_costs else str(cost),
                               confidence=confidence, weights=weights)


def _listed(counts: dict) -> str:
    return "; ".join(f"{n} {why}" for why, n in counts.items() if n) or "no rows"


def _unit_costs(cost: Any) -> dict | None:
    """The ``{usage column: unit cost}`` mapping checked (None when ``cost`` is a column)."""
    if not isinstance(cost, Mapping):
        return None
    if not cost:
        raise arg_error("cost", "a cost column or a non-empty dict {usage column: unit cost}", cost)
    bad = {k: v for k, v in cost.items()
           if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating))
           or not np.isfinite(v) or v < 0}
    if bad:
        raise arg_error("cost", "a dict {usage column: unit cost} with non-negative finite unit costs", bad)
    return {k: float(v) for k, v in cost.items()}


def _cost(data: pd.DataFrame, cost: Any, unit_costs: dict | None):
    """Each customer's cost (NaN where a part is missing), and the usage columns (None for a cost column)."""
    if unit_costs is None:
        c = as_numeric(data[cost], cost)
        _refuse_negative(data[cost], c, cost, "costs")
        return c, None
    usage = {}
    for col in unit_costs:
        u = as_numeric(data[col], col)
        _refuse_negative(data[col], u, col, "usage counts")
        usage[col] = u
    c = sum(unit_costs[col] * u for col, u in usage.items())
    return c, usage


def _refuse_negative(raw: pd.Series, values: np.ndarray, column: Any, what: str) -> None:
    negative = values < 0
    if negative.any():
        raise bad_values(column, raw, negative, f"non-negative {what}",
                         "Costs to serve and usage cannot be negative: check the column, or set those values "
                         "missing (the rows are then left out and counted).")


def segment_codes(data: pd.DataFrame, segment: list) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's segment code (-1 where missing) and the segments, in sorted order."""
    grouped = data[segment].reset_index(drop=True).groupby(segment, sort=True, dropna=True, observed=True)
    codes = grouped.ngroup().to_numpy(dtype=float, na_value=np.nan)
    labels = grouped.size().index.to_frame(index=False)
    return np.where(np.isnan(codes), -1, codes).astype(np.intp), labels


def _usable(seg, r, c, w):
    no_segment = seg < 0
    no_revenue = ~no_segment & np.isnan(r)
    no_cost = ~no_segment & ~no_revenue & np.isnan(c)
    left = no_segment | no_revenue | no_cost
    zero = ~left & (w == 0) if w is not None else np.zeros(len(seg), dtype=bool)
    counts = dict(zip(REASONS, (int(no_segment.sum()), int(no_revenue.sum()), int(no_cost.sum()), int(zero.sum()))))
    return ~(left | zero), counts


def _table(g, r, c, w, G: int, confidence: float) -> dict[str, np.ndarray]:
    """Totals, per-customer figures and the loss-making share per segment (one bincount pass each)."""
    def total(x):
        return np.bincount(g, weights=x, minlength=G)

    m = r - c
    sw, sw2 = total(w), total(w * w)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = sw**2 / sw2
        rev, cst = total(w * r), total(w * c)
        mpc = (rev - cst) / sw
        var = total(w * (m - mpc[g]) ** 2) / sw * n_eff / (n_eff - 1)
        half = stats.t.ppf(0.5 + confidence / 2, np.where(n_eff > 1, n_eff - 1, np.nan)) * np.sqrt(var / n_eff)
        loss = total(w * (m < 0)) / sw
        lo, hi = wilson(loss * n_eff, n_eff, confidence)
        return {"customers": np.bincount(g, minlength=G), "n_eff": n_eff, "revenue": rev, "cost": cst,
                "margin": rev - cst, "revenue_per_customer": rev / sw, "cost_per_customer": cst / sw,
                "margin_per_customer": mpc, "margin_per_customer_ci_low": mpc - half,
                "margin_per_customer_ci_high": mpc + half,
                "cost_to_revenue": np.where(rev > 0, cst / np.where(rev > 0, rev, 1.0), np.nan),
                "loss_making": np.bincount(g[m < 0], minlength=G), "loss_share": loss, "loss_share_ci_low": lo,
                "loss_share_ci_high": hi, "revenue_share": rev / rev.sum(), "cost_share": cst / cst.sum()}


def _items(usage: dict, unit_costs: dict, g, use, w, labels: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Per segment and usage column: usage and cost per customer, and the item's share of the segment's cost."""
    G = len(labels)
    sw = np.bincount(g, weights=w, minlength=G)
    parts = []
    for col, unit in unit_costs.items():
        per = np.bincount(g, weights=w * usage[col][use], minlength=G) / sw
        with np.errstate(divide="ignore", invalid="ignore"):
            share = unit * per / table["cost_per_customer"].to_numpy(dtype=float)
        parts.append(labels.assign(item=col, unit_cost=unit, usage_per_customer=per, cost_per_customer=unit * per,
                                   share_of_cost=share))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(list(labels.columns), kind="stable", ignore_index=True)
