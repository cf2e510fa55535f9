"""Answers that are not ratings: declared missing codes, and values that look like codes.

Shared by every capability that reads rating columns (satisfaction models, journey touchpoints, expectation
zones), so ``missing_codes=`` is read the same way everywhere:

* ``missing_codes`` (e.g. ``[0, 99]``): those answers become missing before anything else,
  and the number turned missing is counted per column;
* without a declared ``scale``, a lowest or highest value that sits apart from the rest of
  the ratings (a gap of more than one point, wider than any gap between the other values)
  or is a common code (0, 6, 9, 98, 99) next to a 1-5, 1-7, 1-9 or 1-10 block raises a
  :class:`~cxresearch.errors.ScaleWarning` naming the column, the value and its count.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_numeric
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, ScaleWarning

COMMON_CODES = (6, 9, 98, 99)  # above a block; 0 below it
BLOCK_TOPS = (5, 7, 9, 10)  # 9: the 1-9 scale of LibQUAL+ zones of tolerance
MAX_BLOCK = 11  # at most 11 distinct values (0-10) look like a rating scale


def as_codes(missing_codes) -> tuple:
    """``missing_codes`` as a tuple of finite numbers and strings (None -> ())."""
    if missing_codes is None:
        return ()
    expected = "a value or a list of values meaning 'not applicable' (e.g. [0, 99])"
    values = [missing_codes] if isinstance(missing_codes, (str, int, float, np.number)) else missing_codes
    if isinstance(values, (dict, pd.DataFrame)) or not isinstance(values, Iterable):
        raise arg_error("missing_codes", expected, missing_codes)
    values = list(values)
    for v in values:
        number = isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))
        if not (isinstance(v, str) or (number and np.isfinite(v))):
            raise arg_error("missing_codes", expected, missing_codes,
                            f"{v!r} is not a finite number or a text code; missing values are missing already.")
    return tuple(v.item() if isinstance(v, np.generic) else v for v in values)


def recode(raw: pd.Series, column, codes: tuple) -> tuple[np.ndarray, int]:
    """The column as floats with the declared codes turned missing, and how many answers were turned."""
    if not codes:
        return _numeric(raw, column), 0
    texts = [c for c in codes if isinstance(c, str)]
    numbers = [float(c) for c in codes if not isinstance(c, str)]
    is_text = raw.isin(texts).to_numpy(dtype=bool) if texts else np.zeros(len(raw), dtype=bool)
    values = np.array(as_numeric(raw.mask(is_text) if is_text.any() else raw, column), dtype=float)  # writable
    hit = is_text | np.isin(values, numbers)
    values[hit] = np.nan
    return values, int(hit.sum())


def _numeric(raw: pd.Series, column) -> np.ndarray:
    """:func:`as_numeric`, with a shortcut for columns that are numbers already (the usual case)."""
    kind = getattr(raw.dtype, "kind", "O")  # numpy and pandas' nullable number dtypes: "f", "i", "u"
    if kind in ("f", "i", "u"):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        if kind != "f" or not np.isinf(values).any():
            return values
    return as_numeric(raw, column)


def read_ratings(data: pd.DataFrame, columns: list, codes: tuple) -> tuple[dict, dict[str, int]]:
    """Every column as floats with the codes turned missing; refuses a column left with no value."""
    values, recoded = {}, {}
    for c in columns:
        values[c], n = recode(data[c], c, codes)
        if n:
            recoded[c] = n
    empty = [c for c in columns if len(values[c]) and np.isnan(values[c][0]) and np.isnan(values[c]).all()]
    if empty:
        told = "; ".join(f"{c!r}: all {len(data)} answers missing"
                         + (f" ({recoded[c]} turned missing by missing_codes={list(codes)})" if c in recoded else "")
                         for c in empty)
        raise CXInputError(f"No value left to analyse in column(s) {told}. Check `missing_codes` (is a real "
                           "rating listed?) and the column names, or leave the column out.")
    return values, recoded


def apart_values(values: np.ndarray) -> list[tuple[float, int, float, float]]:
    """Extreme values that look like codes: (value, count, block low, block high) for each end.

    Only whole-number columns whose other values form a rating-like block (3 to 11
    distinct values) are read. The highest value is read first, then the lowest against
    the block without a flagged highest value.

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch._core.codes import apart_values
    >>> apart_values(np.array([0, 1, 2, 3, 4, 5, 5, 99, 99, np.nan]))
    [(99.0, 2, 0.0, 5.0), (0.0, 1, 1.0, 5.0)]
    >>> apart_values(np.array([1, 2, 3, 4, 5, 6, 7]))  # a 1-7 scale: nothing apart
    []
    >>> apart_values(np.array([1, 2, 3, 4, 5, 6]))  # 6 next to a 1-5 block: a common code
    [(6.0, 1, 1.0, 5.0)]
    """
    n_seen = values.size - int(np.count_nonzero(np.isnan(values)))
    if n_seen == 0:
        return []
    low, high = (values.min(), values.max()) if n_seen == values.size else (np.nanmin(values), np.nanmax(values))
    if (high not in COMMON_CODES and low != 0 and np.count_nonzero(values == high - 1)
            and np.count_nonzero(values == low + 1)):
        return []  # both ends have a neighbour one point away and are no common code: nothing can sit apart
    if low == np.round(low) and high - low <= 32:  # a rating-sized range: counted value by value, no sort
        grid = np.arange(low, high + 1)
        counts = np.array([np.count_nonzero(values == g) for g in grid])
        if counts.sum() != n_seen:
            return []  # some answers are not whole numbers
        vals, counts = grid[counts > 0], counts[counts > 0]
    else:
        seen = values[~np.isnan(values)]
        if np.any(seen != np.round(seen)):
            return []
        vals, counts = np.unique(seen, return_counts=True)
    out = []
    lo_i, hi_i = 0, len(vals) - 1
    if _apart(vals[hi_i], vals[lo_i:hi_i], high=True):
        out.append((float(vals[hi_i]), int(counts[hi_i]), float(vals[lo_i]), float(vals[hi_i - 1])))
        hi_i -= 1
    if _apart(vals[lo_i], vals[lo_i + 1:hi_i + 1], high=False):
        out.append((float(vals[lo_i]), int(counts[lo_i]), float(vals[lo_i + 1]), float(vals[hi_i])))
    return out


def _apart(value: float, rest: np.ndarray, high: bool) -> bool:
    """Does ``value`` (the end of the data) stand apart from ``rest`` (the other distinct values)?"""
    if len(rest) < 3 or len(rest) > MAX_BLOCK:
        return False
    gap = value - rest[-1] if high else rest[0] - value
    if gap > 1 and gap > np.diff(rest).max():
        return True
    if rest[-1] not in BLOCK_TOPS:
        return False
    return rest[0] == 1 and (value in COMMON_CODES if high else value == 0)


def warn_apart(attributes: dict[str, np.ndarray], outcome: dict[str, np.ndarray], outcome_name: str) -> None:
    """One :class:`~cxresearch.errors.ScaleWarning` naming every column with values that look like codes."""
    found = [(c, *hit) for group in (attributes, outcome) for c, v in group.items() for hit in apart_values(v)]
    if not found:
        return
    listed = "; ".join(f"{c!r}: {v:g} ({n} answer{'s' if n != 1 else ''}, {'above' if v > hi else 'below'} the "
                       f"other answers, {lo:g}-{hi:g})" for c, v, n, lo, hi in found)
    codes = sorted({v for _, v, *_ in found})
    fixes = []
    for arg, group in (("scale", attributes), ("outcome_scale", outcome)):
        hits = [(v, lo, hi) for c, v, _, lo, hi in found if c in group]
        if hits:
            seen = np.concatenate([x[~np.isnan(x)] for x in group.values()])
            block = (min(lo for _, lo, _ in hits), max(hi for _, _, hi in hits))
            fixes.append(f"{arg}=({block[0]:g}, {block[1]:g}) refuses them, {arg}=({seen.min():g}, {seen.max():g}) "
                         "keeps them as ratings")
    undeclared = " or ".join(f"`{arg}`" for arg, group in (("scale", attributes), ("outcome_scale", outcome))
                             if any(c in group for c, *_ in found))
    warn(f"No {undeclared} declared, so the scale was inferred from the data, and values that look like codes for "
         f"'not applicable' or 'don't know' entered the model as ratings: {listed}. If they mean that, pass "
         f"missing_codes={[int(v) if v == int(v) else v for v in codes]} (those answers become missing and the "
         f"rows are counted); otherwise declare the scale: " + "; ".join(fixes) + ".", ScaleWarning)
