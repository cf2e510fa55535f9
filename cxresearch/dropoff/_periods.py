"""Periods of a rating tracker: the time column binned by a documented rule, or taken as it is.

The column is read by :func:`cxresearch._core.time.read_time` (numbers, dates, periods such as
``2020Q1``, ordered categories). Rule (``bins=None``): dates become calendar years; periods
(a pandas ``Period`` column, ``2020Q1`` or ``2020-01`` text), numbers with at most 20 distinct
values, and ordered categories, are periods as they are; numbers with more distinct values are
cut into 5 equal-count bins. ``bins`` may also be ``"distinct"`` (every distinct value a
period), ``"year"``, ``"quarter"`` or ``"month"`` (dates and periods), a whole number (that
many equal-count bins) or a list of bin edges (numbers, or dates for a date or period column).
Each period has a label (what the tables show) and a position ``t`` on the time axis that the
trend is fitted on: dates in decimal years (the middle of the period), periods given as periods
in their own unit (their ordinal: one step is one quarter or month), numbers in their own unit
(a bin's middle), ordered categories 0, 1, 2, ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error
from cxresearch._core.time import TimeAxis, decimal_years, read_time, year_dates
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, InputWarning

FREQUENCIES = ("year", "quarter", "month")
MAX_DISTINCT = 20  # numbers with more distinct values than this are binned by default
DEFAULT_BINS = 5


@dataclass(frozen=True)
class Periods:
    """Each row's period (-1: no time, or outside the bins), the labels and positions of the periods."""

    code: np.ndarray
    labels: list
    t: np.ndarray
    unit: str
    rule: str
    is_date: bool
    outside: int = 0  # rows with a time outside the given bin edges
    axis: TimeAxis | None = None  # the column as read, where the periods are its distinct values

    def forecast_label(self, t: np.ndarray):
        """A position on the time axis as the user reads it: a date, a period, else the number."""
        t = np.asarray(t, dtype=float)
        if self.is_date:
            return year_dates(t)
        return self.axis.label_at(t) if self.axis is not None and self.axis.kind == "period" else t


def make_periods(values: pd.Series, column: str, bins) -> Periods:
    """The periods of a time column under ``bins`` (see the module text)."""
    axis = read_time(values, column)
    missing = axis.missing
    kind = {"label": "ordered"}.get(axis.kind, axis.kind)
    if kind == "period" and not (bins is None or (isinstance(bins, str) and bins == "distinct")):
        kind = "date"  # calendar bins, counts or edges: the periods by their first day
    numbers = decimal_years(_per_row(axis.stamps, axis.code)) if kind == "date" else axis.position
    if bins is None:
        if kind == "date":
            bins = "year"
        elif kind in ("ordered", "period") or len(axis.t) <= MAX_DISTINCT:
            bins = "distinct"
        else:
            bins = DEFAULT_BINS
    if isinstance(bins, str):
        return _named(axis, column, bins, kind, numbers, missing)
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        return _equal_count(numbers, missing, int(bins), kind, column)
    return _edges(numbers, missing, bins, kind, column)


def _per_row(stamps: np.ndarray | None, code: np.ndarray) -> np.ndarray:
    """Each row's date (NaT where the time is missing)."""
    if stamps is None:
        return np.full(len(code), np.datetime64("NaT", "ns"))
    return np.where(code >= 0, stamps[np.maximum(code, 0)], np.datetime64("NaT", "ns"))


def _named(axis: TimeAxis, column, bins: str, kind: str, numbers: np.ndarray, missing: np.ndarray) -> Periods:
    if bins == "distinct":
        if kind == "ordered":
            return Periods(axis.code, axis.labels, axis.t, "period",
                           "the categories of the ordered time column, in order", False, axis=axis)
        if kind == "period":
            return Periods(axis.code, axis.labels, axis.t, axis.unit, f"every {axis.unit} of the time column",
                           False, axis=axis)
        if kind == "date":
            return Periods(axis.code, axis.labels, axis.t, "year", "every distinct date", True, axis=axis)
        return Periods(axis.code, axis.labels, axis.t, f"unit of {column!r}",
                       "every distinct value of the time column", False, axis=axis)
    if bins not in FREQUENCIES:
        raise arg_error("bins", "None, 'distinct', 'year', 'quarter', 'month', a whole number of equal-count bins "
                        "or a list of bin edges", bins)
    if kind != "date":
        raise arg_error("bins", f"a number of bins or edges for a time column of {kind}s", bins,
                        f"{bins!r} needs dates in {column!r}.")
    months = _per_row(axis.stamps, axis.code)[~missing].astype("datetime64[M]").astype(np.int64)
    step = {"year": 12, "quarter": 3, "month": 1}[bins]
    distinct, inverse = np.unique(months // step, return_inverse=True)
    code = np.full(len(missing), -1)
    code[~missing] = inverse.ravel()
    starts = (distinct * step).astype("datetime64[M]")
    middle = (decimal_years(starts.astype("datetime64[ns]")) +
              decimal_years((starts + step).astype("datetime64[ns]"))) / 2
    years = starts.astype("datetime64[Y]").astype(np.int64) + 1970
    labels = [int(y) for y in years] if bins == "year" else \
        [f"{y}Q{(m % 12) // 3 + 1}" if bins == "quarter" else f"{y}-{m % 12 + 1:02d}"
         for y, m in zip(years, starts.astype(np.int64))]
    return Periods(code, labels, middle, "year", f"calendar {bins}s of the dates", True)


def _equal_count(numbers: np.ndarray, missing: np.ndarray, bins: int, kind: str, column: str) -> Periods:
    if bins < 2:
        raise arg_error("bins", "a whole number >= 2 (equal-count bins)", bins)
    if kind == "ordered":
        raise arg_error("bins", "None or 'distinct' for an ordered Categorical time column", bins)
    seen = numbers[~missing]
    edges = np.unique(np.quantile(seen, np.linspace(0, 1, bins + 1)))
    if len(edges) - 1 < bins:
        warn(f"Column {column!r}: {bins} equal-count bins asked, but ties in the times leave {len(edges) - 1}.",
             InputWarning)
    return _cut(numbers, missing, edges, kind, column, f"{len(edges) - 1} equal-count bins of the time column")


def _edges(numbers, missing, bins, kind: str, column: str) -> Periods:
    expected = "None, 'distinct', 'year', 'quarter', 'month', a whole number of equal-count bins or a list of edges"
    if not isinstance(bins, (Sequence, np.ndarray, pd.Index, pd.Series)) or isinstance(bins, str) or len(bins) < 3:
        raise arg_error("bins", expected + " (at least 3 edges: two periods)", bins)
    if kind == "ordered":
        raise arg_error("bins", "None or 'distinct' for an ordered Categorical time column", bins)
    try:
        edges = decimal_years(pd.to_datetime(list(bins))) if kind == "date" else np.asarray(bins, dtype=float)
    except (TypeError, ValueError):
        raise arg_error("bins", f"edges that are {'dates' if kind == 'date' else 'numbers'} like the time column",
                        bins) from None
    if not np.isfinite(edges).all() or (np.diff(edges) <= 0).any():
        raise arg_error("bins", "strictly increasing, finite bin edges", bins)
    return _cut(numbers, missing, edges, kind, column, f"the {len(edges) - 1} bins between the edges given")


def _cut(numbers, missing, edges: np.ndarray, kind: str, column: str, rule: str) -> Periods:
    """Rows into [e0, e1), [e1, e2), ..., [e_{k-1}, e_k] (the last bin closed); outside: -1, counted."""
    inside = ~missing & (numbers >= edges[0]) & (numbers <= edges[-1])
    code = np.full(len(numbers), -1)
    code[inside] = np.clip(np.searchsorted(edges, numbers[inside], side="right") - 1, 0, len(edges) - 2)
    middles = (edges[:-1] + edges[1:]) / 2
    shown = [_edge_text(e, kind) for e in edges]
    labels = [f"[{a}, {b}{']' if i == len(edges) - 2 else ')'}" for i, (a, b) in enumerate(zip(shown, shown[1:]))]
    used = np.unique(code[inside])
    remap = np.full(len(edges) - 1, -1)
    remap[used] = np.arange(len(used))
    code = np.where(code >= 0, remap[np.maximum(code, 0)], -1)
    unit = "year" if kind == "date" else f"unit of {column!r}"
    return Periods(code, [labels[i] for i in used], middles[used], unit, rule, kind == "date",
                   outside=int((~missing & ~inside).sum()))


def _edge_text(edge: float, kind: str) -> str:
    return f"{pd.Timestamp(year_dates(np.array([edge]))[0]):%Y-%m-%d}" if kind == "date" else f"{edge:g}"


def require_two(periods: Periods, counts: np.ndarray, column: str) -> None:
    """At least two periods with rows left, or an error saying how to get them."""
    if (counts > 0).sum() >= 2:
        return
    seen = [str(lab) for lab, n in zip(periods.labels, counts) if n > 0]
    calendar = "bins='quarter' or " if periods.is_date else ""
    raise CXInputError(
        f"Column {column!r} gives {len(seen)} period{'s' if len(seen) != 1 else ''} with enough ratings "
        f"({', '.join(seen) or 'none'}; periods: {periods.rule}): a trend needs at least two. Pass `bins` "
        f"({calendar}bins=4 equal-count bins, or "
        "edges), give a longer stretch of time, or lower `min_n`.")
