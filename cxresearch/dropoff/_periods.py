"""Periods of a rating tracker: the time column binned by a documented rule, or taken as it is.

Rule (``bins=None``): dates (a datetime column, or text that reads as dates) become calendar
years; numbers with at most 20 distinct values, and ordered categories, are periods as they
are; numbers with more distinct values are cut into 5 equal-count bins. ``bins`` may also be
``"distinct"`` (every distinct value a period), ``"year"``, ``"quarter"`` or ``"month"``
(dates), a whole number (that many equal-count bins) or a list of bin edges (numbers, or
dates for a date column). Each period has a label (what the tables show) and a position ``t``
on the time axis that the trend is fitted on: dates in decimal years (the middle of the
period), numbers in their own unit (a bin's middle), ordered categories 0, 1, 2, ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, bad_values
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

    def forecast_label(self, t: np.ndarray):
        """A position on the time axis as the user reads it: a date for date periods, else the number."""
        t = np.asarray(t, dtype=float)
        return year_dates(t) if self.is_date else t


def make_periods(values: pd.Series, column: str, bins) -> Periods:
    """The periods of a time column under ``bins`` (see the module text)."""
    missing = values.isna().to_numpy()
    kind, numbers, stamps = _read(values, column, missing)
    if bins is None:
        if kind == "date":
            bins = "year"
        elif kind == "ordered" or len(np.unique(numbers[~missing])) <= MAX_DISTINCT:
            bins = "distinct"
        else:
            bins = DEFAULT_BINS
    if isinstance(bins, str):
        return _named(values, stamps, column, bins, kind, numbers, missing)
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        return _equal_count(numbers, missing, int(bins), kind, column)
    return _edges(values, numbers, missing, bins, kind, column)


def _read(values: pd.Series, column: str, missing: np.ndarray):
    """("date" | "number" | "ordered", the values as numbers (decimal years, numbers, category codes), the dates)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.ordered:
        return "ordered", values.cat.codes.to_numpy().astype(float), None
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = _naive(values)
        return "date", _years(stamps), stamps
    if pd.api.types.is_bool_dtype(values.dtype):
        raise bad_values(column, values, ~missing, "numbers, dates or ordered categories (time)")
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # text: read each distinct label once
    uniques = pd.Series(np.asarray(uniques, dtype=object))
    number = pd.to_numeric(uniques, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if not np.isnan(number).any():
        out = np.where(codes >= 0, number[codes], np.nan)
        if np.isinf(out).any():
            raise bad_values(column, values, np.isinf(out), "finite times")
        return "number", out, None
    try:
        dates = pd.to_datetime(uniques, format="ISO8601")
    except (ValueError, TypeError):
        dates = pd.to_datetime(uniques, errors="coerce", format="mixed")
    bad = np.where(codes >= 0, dates.isna().to_numpy()[codes], False)
    if bad.any():
        raise bad_values(column, values, bad, "numbers, dates or ordered categories (time)",
                         "Give dates (2024-03-01), numbers (1, 2, ...) or an ordered pandas Categorical.")
    stamps = pd.Series(_naive(dates).to_numpy()[np.maximum(codes, 0)]).where(codes >= 0)
    return "date", _years(stamps), stamps


def _naive(dates: pd.Series) -> pd.Series:
    """Dates without a time zone (local wall time), as datetime64."""
    stamp = pd.Series(pd.to_datetime(dates))
    return stamp.dt.tz_localize(None) if getattr(stamp.dt, "tz", None) is not None else stamp


def _years(stamps: pd.Series) -> np.ndarray:
    """Dates as decimal years: the year plus the share of it gone by (2012.5 is the middle of 2012)."""
    arr = pd.Series(stamps).to_numpy(dtype="datetime64[ns]")
    bad = np.isnat(arr)
    year = np.where(bad, np.datetime64("1970", "Y"), arr.astype("datetime64[Y]"))
    start, end = year.astype("datetime64[ns]"), (year + 1).astype("datetime64[ns]")
    frac = (np.where(bad, start, arr) - start) / (end - start)
    return np.where(bad, np.nan, year.astype(np.int64) + 1970 + frac)


def year_dates(t: np.ndarray) -> np.ndarray:
    """Decimal years back to dates (rounded to the day); NaN (or an absurd year) gives NaT."""
    t = np.asarray(t, dtype=float)
    ok = np.isfinite(t) & (np.abs(t - 2000) < 5000)
    whole = np.floor(np.where(ok, t, 1970)).astype(np.int64)
    year = (whole - 1970).astype("datetime64[Y]")
    start, end = year.astype("datetime64[ns]"), (year + 1).astype("datetime64[ns]")
    out = pd.Series(start + ((end - start) * (np.where(ok, t, 1970) - whole)).astype("timedelta64[ns]"))
    return out.dt.round("D").where(ok).to_numpy()


def _named(values, stamps, column, bins: str, kind: str, numbers: np.ndarray, missing: np.ndarray) -> Periods:
    if bins == "distinct":
        if kind == "ordered":
            cats = values.cat.categories
            used = np.unique(values.cat.codes.to_numpy()[~missing])
            code = np.full(len(values), -1)
            code[~missing] = np.searchsorted(used, values.cat.codes.to_numpy()[~missing])
            return Periods(code, [cats[i] for i in used], np.arange(len(used), dtype=float), "period",
                           "the categories of the ordered time column, in order", False)
        distinct, inverse = np.unique(numbers[~missing], return_inverse=True)
        code = np.full(len(values), -1)
        code[~missing] = inverse.ravel()
        if kind == "date":
            labels = list(pd.Series(stamps.to_numpy()[~missing]).groupby(inverse.ravel()).first())
            return Periods(code, labels, distinct, "year", "every distinct date", True)
        whole = bool(np.all(distinct == np.round(distinct)))
        labels = [int(v) if whole else float(v) for v in distinct]
        return Periods(code, labels, distinct, f"unit of {column!r}", "every distinct value of the time column",
                       False)
    if bins not in FREQUENCIES:
        raise arg_error("bins", "None, 'distinct', 'year', 'quarter', 'month', a whole number of equal-count bins "
                        "or a list of bin edges", bins)
    if kind != "date":
        raise arg_error("bins", f"a number of bins or edges for a time column of {kind}s", bins,
                        f"{bins!r} needs dates in {column!r}.")
    months = stamps.to_numpy(dtype="datetime64[ns]")[~missing].astype("datetime64[M]").astype(np.int64)
    step = {"year": 12, "quarter": 3, "month": 1}[bins]
    distinct, inverse = np.unique(months // step, return_inverse=True)
    code = np.full(len(values), -1)
    code[~missing] = inverse.ravel()
    starts = (distinct * step).astype("datetime64[M]")
    middle = (_years(pd.Series(starts.astype("datetime64[ns]"))) +
              _years(pd.Series((starts + step).astype("datetime64[ns]")))) / 2
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


def _edges(values, numbers, missing, bins, kind: str, column: str) -> Periods:
    expected = "None, 'distinct', 'year', 'quarter', 'month', a whole number of equal-count bins or a list of edges"
    if not isinstance(bins, (Sequence, np.ndarray, pd.Index, pd.Series)) or isinstance(bins, str) or len(bins) < 3:
        raise arg_error("bins", expected + " (at least 3 edges: two periods)", bins)
    if kind == "ordered":
        raise arg_error("bins", "None or 'distinct' for an ordered Categorical time column", bins)
    try:
        edges = _years(pd.Series(pd.to_datetime(list(bins)))) if kind == "date" else np.asarray(bins, dtype=float)
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
