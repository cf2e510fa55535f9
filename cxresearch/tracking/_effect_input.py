"""Reading the panel of :func:`action_effect`: units, periods, the action indicator, outcome and weights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, bad_values, positions, require_columns
from cxresearch._core.codes import as_codes, recode
from cxresearch._core.time import read_time
from cxresearch._core.weights import check_weights
from cxresearch.errors import CXInputError


@dataclass(frozen=True)
class Panel:
    """The rows used, coded: unit and period codes (dense, periods in time order), action in force, outcome."""

    unit: np.ndarray
    period: np.ndarray
    acting: np.ndarray  # per unit: the unit acted
    start: int  # the first period code of the action (n_periods when no unit acted)
    y: np.ndarray
    w: np.ndarray
    unit_labels: list
    period_labels: list
    rows: RowAccount


def read_panel(data: pd.DataFrame, unit, time, treated, outcome, since, weights, missing_codes) -> Panel:
    """Check the columns, read every role, account for the rows and settle when the action began."""
    names = [unit, time, treated, outcome]
    for role, value in zip(("unit", "time", "treated", "outcome"), names):
        if not isinstance(value, str):
            raise arg_error(role, "one column name", value)
    if len(set(names)) < 4:
        raise arg_error("outcome", "four different columns for unit, time, treated and outcome", names)
    require_columns(data, names, "column")
    if weights is not None and weights in names:
        raise arg_error("weights", "a column other than the unit, time, treated and outcome columns", weights)
    w = check_weights(data, weights)
    tcode, tlabels, since_code = _periods(data[time], time, since)
    ucode, ulabels = pd.factorize(data[unit], use_na_sentinel=True)
    flag = _flag(data[treated], treated)
    y, n_coded = recode(data[outcome], outcome, as_codes(missing_codes))
    reasons = [(f"{unit} missing", ucode < 0), (f"{time} missing", tcode < 0),
               (f"{treated} missing", np.isnan(flag)), (f"{outcome} missing", np.isnan(y))]
    if w is not None:
        reasons.append(("weight zero", w == 0))
    use, excluded = np.ones(len(data), dtype=bool), {}
    for why, hit in reasons:
        hit = hit & use
        if hit.any():
            excluded[why] = int(hit.sum())
            use &= ~hit
    rows = RowAccount(len(data), int(use.sum()), excluded, unit="rows",
                      recoded={outcome: n_coded} if n_coded else {})
    if not use.any():
        raise CXInputError(f"No row has a {unit!r}, {time!r}, {treated!r} and {outcome!r} ({rows}).")
    idx = np.flatnonzero(use)
    ucodes, uniq = _dense(ucode[idx], len(ulabels))
    pcode, present = _dense(tcode[idx], len(tlabels))
    start = None if since_code is None else int(np.searchsorted(present, since_code))
    acting, start = _settle(data, idx, ucodes, pcode, flag[idx], start, len(present), (unit, time, treated),
                            ulabels[uniq])
    return Panel(ucodes, pcode, acting, start, y[idx], np.ones(idx.size) if w is None else w[idx],
                 list(ulabels[uniq]), [tlabels[i] for i in present], rows)


def _dense(code: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes renumbered 0, 1, ... over the values present (in the order of the codes), and those values."""
    present = np.flatnonzero(np.bincount(code, minlength=size) > 0)
    remap = np.zeros(size, dtype=np.intp)
    remap[present] = np.arange(present.size)
    return remap[code], present


def _periods(raw: pd.Series, time, since) -> tuple[np.ndarray, list, int | None]:
    """Each row's period code (in time order, -1 missing), the labels, and the code of ``since`` (None without)."""
    if since is None:
        axis = read_time(raw, time)
        return axis.code, [str(v) for v in axis.labels], None
    values = pd.Series(np.asarray(raw, dtype=object))
    expected = f"a time of the kind in column {time!r} (the first period of the action)"
    try:
        axis = read_time(pd.concat([values, pd.Series([since], dtype=object)], ignore_index=True), time)
    except CXInputError:
        read_time(raw, time)  # the column's own values first
        raise arg_error("since", expected, since) from None
    if axis.code[-1] < 0:
        raise arg_error("since", expected, since)
    return axis.code[:-1], [str(v) for v in axis.labels], int(axis.code[-1])


def _flag(raw: pd.Series, treated) -> np.ndarray:
    """The treated column as 0.0 / 1.0 (NaN missing); anything else refused by name."""
    if pd.api.types.is_bool_dtype(raw.dtype) or pd.api.types.is_numeric_dtype(raw.dtype):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = pd.to_numeric(raw.map(lambda v: float(v) if isinstance(v, (bool, np.bool_)) else v),
                               errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = (np.isnan(values) & raw.notna().to_numpy()) | ~(np.isnan(values) | np.isin(values, (0.0, 1.0)))
    if bad.any():
        raise bad_values(treated, raw, bad, "0 or 1 (True or False)",
                         hint="Code the action as 1 (acted) and 0 (did not).")
    return values


def _settle(data, idx, ucode, pcode, flag, since, n_periods, names, ulabels) -> tuple[np.ndarray, int]:
    """Which units acted and the first period of the action, from a unit flag plus ``since`` or the indicator."""
    unit, time, treated = names
    n_units = int(ucode.max()) + 1
    high = np.zeros(n_units)
    np.maximum.at(high, ucode, flag)
    low = np.ones(n_units)
    np.minimum.at(low, ucode, flag)
    if since is not None:
        mixed = np.flatnonzero(high != low)
        if mixed.size:
            rows = idx[np.isin(ucode, mixed)]
            raise CXInputError(
                f"Column {treated!r}: with `since`, it must mark the units that acted (the same value in every "
                f"row of a unit); {mixed.size} unit(s) have both 0 and 1, e.g. {ulabels[mixed[0]]!r} (first row "
                f"positions: {positions(np.isin(np.arange(len(data)), rows))}). Pass since=None if {treated!r} "
                "is 1 only where the action was in force.")
        return high > 0, since
    acting = high > 0
    first = np.full(n_units, n_periods)
    on = flag > 0
    np.minimum.at(first, ucode[on], pcode[on])
    starts = np.unique(first[acting])
    if starts.size > 1:
        shown = {str(ulabels[u]): str(data[time].iloc[idx[(ucode == u) & on][0]]) for u in np.flatnonzero(acting)[:6]}
        raise CXInputError(
            f"Column {treated!r}: the action began in different periods in different units ({shown}): staggered "
            "adoption. A single difference-in-differences with two-way fixed effects mixes already-treated units "
            "into the controls and can give a wrong sign (Goodman-Bacon 2021). Analyse one start at a time: "
            "keep the units of one start and the units that never acted.")
    start = int(starts[0]) if starts.size else n_periods
    off = acting[ucode] & (pcode >= start) & ~on
    if off.any():
        mask = np.zeros(len(data), dtype=bool)
        mask[idx[off]] = True
        raise bad_values(treated, data[treated], mask, f"1 (the action, once begun in period "
                         f"{start + 1} of the data, stays in force in a unit that acted)",
                         hint="An action that stops is not this model; mark the periods it was in force.")
    return acting, start
