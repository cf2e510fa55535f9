"""What :func:`cxresearch.dropoff.from_ratings` reads: checked ratings, their bands, periods and groups.

Ratings are read as in :mod:`cxresearch.satisfaction` (``missing_codes`` first, numbers
only, declared scales enforced, a binary outcome refused) and banded as
:func:`cxresearch.satisfaction.penalty_reward` bands them, so the per-period tables it makes
and the joint model here rest on the same dummies. Every row left out is counted under the
first reason that applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_keys, bad_values, check_pair, require_columns
from cxresearch._core.hints import require_coded
from cxresearch._core.warn import warn
from cxresearch._core.bands import dummy_rows
from cxresearch._core.codes import as_codes, read_ratings, warn_apart
from cxresearch._core.outcomes import distinct_outcome, refuse_outcome
from cxresearch._core.weights import check_weights
from cxresearch.dropoff._periods import Periods, make_periods, require_two
from cxresearch.errors import ScaleWarning


@dataclass(frozen=True)
class RatingRows:
    """The rows used: outcome ``y``, ratings ``X`` (n, k), band dummies ``D`` (n, 2k: low, high per
    attribute), weights (None unweighted), period and group of each row, and what was used."""

    y: np.ndarray
    X: np.ndarray
    D: np.ndarray
    w: np.ndarray | None
    period: np.ndarray
    group: np.ndarray
    groups: pd.DataFrame
    periods: Periods
    scale: tuple[float, float]
    scale_source: str
    low_text: str
    high_text: str
    account: RowAccount
    thin_periods: list


def check_roles(data: pd.DataFrame, outcome, attributes, time, by, weights) -> tuple[list, list]:
    """Every role names an existing column, and no column plays two roles."""
    if not isinstance(outcome, str):
        raise arg_error("outcome", "one column name", outcome)
    attrs = [attributes] if isinstance(attributes, str) else as_keys(attributes, "attributes")
    if not attrs:
        raise arg_error("attributes", "a non-empty list of rating columns", attributes)
    keys = as_keys(by)
    require_columns(data, [outcome], "outcome column")
    require_columns(data, attrs, "attribute column(s)")
    require_coded(data, [time], time=time, time_default=None, role="time column")
    require_columns(data, keys, "`by` column(s)")
    roles = [("outcome", [outcome]), ("attributes", attrs), ("time", [time]), ("by", keys),
             ("weights", [] if weights is None else [weights])]
    for i, (name, cols) in enumerate(roles):
        for other, taken in roles[:i]:
            clash = [c for c in cols if c in taken]
            if clash:
                raise arg_error(name, f"{'columns' if len(cols) > 1 else 'a column'} other than `{other}`",
                                cols if len(cols) > 1 else cols[0],
                                f"{clash} is also {'the' if other in ('outcome', 'time') else 'in'} `{other}`.")
    return attrs, keys


def read_rows(data: pd.DataFrame, outcome: str, attrs: list, keys: list, *, time, bins, weights, scale,
              outcome_scale, low, high, missing_codes, min_n: int) -> RatingRows:
    """Checked values, bands, periods and groups of the rows used, and the accounting of the rest."""
    values, recoded = read_ratings(data, [outcome, *attrs], as_codes(missing_codes))
    V = np.column_stack([values[c] for c in [outcome, *attrs]])
    warn_apart({a: V[:, j + 1] for j, a in enumerate(attrs)} if scale is None else {},
               {outcome: V[:, 0]} if outcome_scale is None else {}, outcome)
    scale, source = _scales(data, V, outcome, attrs, scale, outcome_scale)
    _refuse_binary(V[:, 0], outcome, recoded.get(outcome, 0))
    D, low_text, high_text = dummy_rows(V[:, 1:], low, high, scale)
    w = check_weights(data, weights)
    periods = make_periods(data[time], time, bins)
    reasons = [("time missing", data[time].isna().to_numpy()),
               ("time outside the bins", periods.code < 0),
               (f"{' / '.join(map(str, keys))} missing", data[keys].isna().any(axis=1).to_numpy() if keys else None),
               ("outcome missing", np.isnan(V[:, 0])), ("an attribute rating missing", np.isnan(V[:, 1:]).any(axis=1)),
               ("weight zero", None if w is None else w == 0)]
    left, excluded = np.zeros(len(data), dtype=bool), {}
    for why, mask in reasons:
        if mask is not None and (mask & ~left).any():
            excluded[why] = int((mask & ~left).sum())
            left |= mask
    group, groups = _groups(data, keys, ~left)
    P = len(periods.labels)
    cell = np.where(left, -1, group * P + np.maximum(periods.code, 0))
    per_cell = np.bincount(cell[cell >= 0], minlength=len(groups) * P).reshape(len(groups), P)
    thin = (per_cell > 0) & (per_cell < min_n)
    thin_rows = ~left & thin.ravel()[np.maximum(cell, 0)]
    if thin_rows.any():
        excluded[f"in a period with fewer than min_n = {min_n} rows"] = int(thin_rows.sum())
        left |= thin_rows
    for g in range(len(groups)):
        require_two(periods, np.where(thin[g], 0, per_cell[g]), time)
    used = ~left
    account = RowAccount(len(data), int(used.sum()), excluded, unit="respondents", recoded=recoded)
    thin_list = [(tuple(groups.iloc[g]), periods.labels[p], int(per_cell[g, p])) for g, p in zip(*np.nonzero(thin))]
    _warn_switch(V[used], periods.code[used], periods.labels, [outcome, *attrs], min_n)
    return RatingRows(V[used, 0], V[used, 1:], D[used], None if w is None else w[used], periods.code[used],
                      group[used], groups, periods, scale, source, low_text, high_text, account, thin_list)


def _scales(data, V, outcome, attrs, scale, outcome_scale) -> tuple[tuple[float, float], str]:
    """The ratings' scale (declared: values outside refused; else the smallest and largest rating)."""
    for cols, sc, name in (([outcome], outcome_scale, "outcome_scale"), (attrs, scale, "scale")):
        if sc is None:
            continue
        sc = check_pair(name, sc)
        for c in cols:
            j = [outcome, *attrs].index(c)
            out = ~np.isnan(V[:, j]) & ((V[:, j] < sc[0]) | (V[:, j] > sc[1]))
            if out.any():
                raise bad_values(c, data[c], out, f"ratings on the {name} {sc[0]:g}-{sc[1]:g}",
                                 "Declare the codes meaning 'not applicable' in `missing_codes`, or correct the "
                                 "scale.")
    if scale is not None:
        return check_pair("scale", scale), "declared"
    return (float(np.nanmin(V[:, 1:])), float(np.nanmax(V[:, 1:]))), "inferred from the data"


def _refuse_binary(y: np.ndarray, outcome: str, recoded: int) -> None:
    """An outcome with two distinct values (a yes/no) or one (nothing to explain) is refused."""
    refuse_outcome(outcome, distinct_outcome(y), recoded=recoded,
                   binary_fix="Penalty and reward are effects on a satisfaction rating: use an overall rating.")


def _groups(data: pd.DataFrame, keys: list, used: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's segment number (sorted keys; 0 without segments) and the segments' keys."""
    if not keys:
        return np.zeros(len(data), dtype=np.int64), pd.DataFrame(index=[0])
    grouped = data.loc[used, keys].reset_index(drop=True).groupby(keys, sort=True, observed=True)
    group = np.zeros(len(data), dtype=np.int64)
    group[used] = grouped.ngroup().to_numpy()
    return group, grouped.size().reset_index()[keys]


def _warn_switch(V: np.ndarray, period: np.ndarray, labels: list, cols: list, min_n: int) -> None:
    """A column whose largest value in some periods is 1.5 times or more its largest value in others."""
    frame = pd.DataFrame(V, columns=range(len(cols))).assign(_p=period)
    tops = frame.groupby("_p").max()
    found = []
    for j, c in enumerate(cols):
        top = tops[j]
        if top.min() > 0 and top.max() >= 1.5 * top.min():
            hi = [str(labels[p]) for p in top.index[top == top.max()]]
            lo = [str(labels[p]) for p in top.index[top < top.max()]]
            found.append(f"{c!r} reaches {top.max():g} in {', '.join(hi[:6])} but at most {top[top < top.max()].max():g}"
                         f" in {', '.join(lo[:6])}{' ...' if len(lo) > 6 else ''}")
    if found:
        warn("The largest rating differs between periods, as when a survey switches scales: " + "; ".join(found) +
             ". A trend across a scale switch is an artefact: rescale the ratings or keep the periods on one scale "
             "(a declared `outcome_scale` / `scale` refuses the other).", ScaleWarning)
