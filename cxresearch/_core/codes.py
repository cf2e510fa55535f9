"""Answers that are not ratings: declared missing codes, and values that look like codes.

Shared by every capability that reads rating columns (satisfaction models, journey touchpoints, expectation
zones), so ``missing_codes=`` is read the same way everywhere:

* ``missing_codes`` (e.g. ``[0, 99]``): those answers become missing before anything else,
  and the number turned missing is counted per column;
* without a declared ``scale``, a value that is a known code standing apart from the
  ratings (9, 98, 99, 999 above them; -1, -9, -99 under them; 0 under 1-5, 1-7 or 1-9;
  6 on 1-5, 8 on 1-7, 11 on 0-10 or 1-10) raises a :class:`~cxresearch.errors.ScaleWarning`
  naming the column, the value, its count and why it looks like a code. A gap inside the
  scale (a few 1s and no 2s) is never called a code: those are the most dissatisfied
  customers, and dropping them would bias every result.

:func:`apart_values` is the one rule; every capability warns through :func:`warn_apart`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_numeric
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, ScaleWarning

HIGH_CODES = (9.0, 98.0, 99.0, 999.0)  # codes when they stand apart above the answers (9 above 1-7)
NEGATIVE_CODES = (-1.0, -8.0, -9.0, -98.0, -99.0, -999.0)  # codes under non-negative answers
NEXT_CODES = {(1.0, 5.0): 6.0, (1.0, 7.0): 8.0, (0.0, 10.0): 11.0, (1.0, 10.0): 11.0}  # scale (low, top): code
ZERO_UNDER = (5.0, 7.0, 9.0)  # 0 under a 1-5, 1-7 or 1-9 block (0-10 and 0-6 are scales of their own)
MIN_BLOCK, MAX_BLOCK = 3, 11  # a rating scale: 3 to 11 distinct values between 0 and 10


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


def _refuse_text_numbers(data: pd.DataFrame, columns: list, codes: tuple) -> None:
    """A code given as text (``'99'``) that no text column holds, among columns of numbers: refused with the fix."""
    numeric = []
    for c in codes:
        if isinstance(c, str):
            try:
                numeric.append((c, float(c)))
            except ValueError:
                continue
    if not numeric:
        return
    is_number = [pd.api.types.is_numeric_dtype(data[c].dtype) and not pd.api.types.is_bool_dtype(data[c].dtype)
                 for c in columns]
    found = [c for c, number in zip(columns, is_number) if not number
             and data[c].isin([text for text, _ in numeric]).any()]
    if any(is_number) and not found:
        fixed = [int(v) if v.is_integer() else v for _, v in numeric]
        shown = [c for c, number in zip(columns, is_number) if number][:3]
        raise arg_error("missing_codes", "codes of the columns' type", [c for c, _ in numeric],
                        f"Column(s) {shown} hold numbers, so the text code(s) match no answer: pass "
                        f"missing_codes={fixed} (numbers, not text).", got=f"text {[c for c, _ in numeric]}")


def read_ratings(data: pd.DataFrame, columns: list, codes: tuple, *,
                 empty: list | None = None) -> tuple[dict, dict[str, int]]:
    """Every column as floats with the codes turned missing; refuses a column left with no value.

    With ``empty`` (a list), such columns are appended to it instead, for a caller that
    reports them (an attribute not estimable) while the other columns are analysed.
    """
    _refuse_text_numbers(data, columns, codes)
    values, recoded = {}, {}
    for c in columns:
        values[c], n = recode(data[c], c, codes)
        if n:
            recoded[c] = n
    found = [c for c in columns if len(values[c]) and np.isnan(values[c][0]) and np.isnan(values[c]).all()]
    if found and empty is not None:
        empty.extend(found)
    elif found:
        refuse_empty(found, recoded, len(data), codes)
    return values, recoded


def refuse_empty(found: list, recoded: dict, n: int, codes: tuple) -> None:
    """Refuse columns left with no value, naming them and the codes that emptied them."""
    raise CXInputError(f"No value left to analyse in column(s) {no_value(found, recoded, n, codes)}. "
                       "Check `missing_codes` (is a real rating listed?) and the column names, or leave the "
                       "column out.")


def no_value(columns: list, recoded: dict, n: int, codes: tuple) -> str:
    """``'z': all 200 answers missing (12 turned missing by missing_codes=[0])`` for each column."""
    return "; ".join(f"{c!r}: all {n} answers missing"
                     + (f" ({recoded[c]} turned missing by missing_codes={list(codes)})" if c in recoded else "")
                     for c in columns)


def apart_values(values: np.ndarray) -> list[tuple[float, int, float, float]]:
    """Values that look like codes: (value, count, block low, block high), highest codes first.

    Only known codes standing apart from a rating-like block (3 to 11 distinct whole
    numbers between 0 and 10) are flagged: 9, 98, 99 or 999 above the block with at
    least one point missing between them (9 above 1-7, 99 above 1-10); a negative code
    (-1, -8, -9, -98, -99, -999) under a block of non-negative ratings; 0 under a 1-5,
    1-7 or 1-9 block (0-10 is a scale of its own); and the point just past the top of a
    full scale where questionnaires put "not applicable" (6 on 1-5, 8 on 1-7, 11 on 0-10
    or 1-10). A gap inside the scale (some 1s, no 2s) is never read as a code: those are
    the most dissatisfied customers.

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch._core.codes import apart_values
    >>> apart_values(np.array([0, 1, 2, 3, 4, 5, 5, 99, 99, np.nan]))
    [(99.0, 2, 1.0, 5.0), (0.0, 1, 1.0, 5.0)]
    >>> apart_values(np.array([1, 2, 3, 4, 5, 6, 7]))  # a 1-7 scale: nothing apart
    []
    >>> apart_values(np.array([1, 2, 3, 4, 5, 6]))  # 6 next to a 1-5 block: a common code
    [(6.0, 1, 1.0, 5.0)]
    >>> apart_values(np.array([1, 1, 1, 3, 4, 5, 6, 7]))  # three 1s and no 2s: ratings, not a code
    []
    """
    n_seen = values.size - int(np.count_nonzero(np.isnan(values)))
    if n_seen == 0:
        return []
    low, high = (values.min(), values.max()) if n_seen == values.size else (np.nanmin(values), np.nanmax(values))
    if not (high in HIGH_CODES or high in NEXT_CODES.values() or low == 0 or low in NEGATIVE_CODES):
        return []  # neither end is a value used as a code
    if low == np.round(low) and high - low <= 1000:  # a code-sized range: counted value by value, no sort
        vals, counts = _counted(values, low, high)
        if counts.sum() != n_seen:
            return []  # some answers are not whole numbers
    else:
        seen = values[~np.isnan(values)]
        if np.any(seen != np.round(seen)):
            return []
        vals, counts = np.unique(seen, return_counts=True)
    counted = dict(zip(vals.tolist(), counts.tolist()))
    others = vals[~np.isin(vals, HIGH_CODES + NEGATIVE_CODES)]
    if len(others) == 0:
        return []
    far = [v for v in vals[::-1] if (v in HIGH_CODES and v > others[-1] + 1) or (v in NEGATIVE_CODES
                                                                                  and v < 0 <= others[0])]
    block = vals[~np.isin(vals, far)]  # a 9 inside or next to the answers (a 1-9 scale) stays a rating
    near = []
    if len(block) > MIN_BLOCK and NEXT_CODES.get((block[0], block[-2])) == block[-1]:  # 6 past a 1-5 scale
        near.append(block[-1])
        block = block[:-1]
    if len(block) > MIN_BLOCK and block[0] == 0 and block[1] == 1 and block[-1] in ZERO_UNDER:  # 0 under 1-5
        near.append(0.0)
        block = block[1:]
    if not MIN_BLOCK <= len(block) <= MAX_BLOCK or block[0] < 0 or block[-1] > 10:
        return []  # the other answers do not look like a rating scale
    lo, hi = float(block[0]), float(block[-1])
    hits = [v for v in far if v > 0] + near + [v for v in far if v < 0]
    return [(float(v), int(counted[v]), lo, hi) for v in hits]


def _counted(values: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values and their counts, for whole-number data with a small range (no sort)."""
    grid = np.arange(low, high + 1)
    if len(grid) <= 32:
        counts = np.array([np.count_nonzero(values == g) for g in grid])
    else:  # codes such as 999 far from the answers: bin the shifted values
        ok = ~np.isnan(values) & (values == np.round(values))
        counts = np.bincount((values[ok] - low).astype(np.int64), minlength=len(grid))
    keep = counts > 0
    return grid[keep], counts[keep]


def why_code(value: float, low: float, high: float) -> str:
    """Why ``value`` looks like a code next to the ``low``-``high`` answers (for the warning)."""
    if value in HIGH_CODES:
        return f"a common not-applicable code standing apart from the {low:g}-{high:g} answers"
    if value < 0:
        return f"a negative number, a common missing-value code, under the {low:g}-{high:g} answers"
    if value == 0:
        return f"a {low:g}-{high:g} scale has no 0, a common code for 'not applicable'"
    return (f"one point past the top of a {low:g}-{high:g} scale, where questionnaires often put 'not "
            f"applicable' (on a {low:g}-{value:g} scale it would be the top rating)")


def warn_apart(attributes: dict[str, np.ndarray], outcome: dict[str, np.ndarray], outcome_name: str) -> None:
    """One :class:`~cxresearch.errors.ScaleWarning` naming every column with values that look like codes.

    A value of ``attributes`` or ``outcome`` is an array, or a function returning it (read one
    column at a time, when a caller keeps no float copy of its columns).
    """
    found = [(c, *hit) for group in (attributes, outcome) for c, v in group.items() for hit in apart_values(_read(v))]
    if not found:
        return
    listed = "; ".join(f"{c!r}: {v:g} ({n} answer{'s' if n != 1 else ''}, {'above' if v > hi else 'below'} the "
                       f"other answers, {lo:g}-{hi:g}): {why_code(v, lo, hi)}" for c, v, n, lo, hi in found)
    codes = sorted({v for _, v, *_ in found})
    fixes = []
    for arg, group in (("scale", attributes), ("outcome_scale", outcome)):
        hits = [(v, lo, hi) for c, v, _, lo, hi in found if c in group]
        if hits:
            seen = [_span(_read(x)) for x in group.values()]
            seen = (min(lo for lo, _ in seen), max(hi for _, hi in seen))
            block = (min(lo for _, lo, _ in hits), max(hi for _, _, hi in hits))
            fixes.append(f"{arg}=({block[0]:g}, {block[1]:g}) refuses them, {arg}=({seen[0]:g}, {seen[1]:g}) "
                         "keeps them as ratings")
    undeclared = " or ".join(f"`{arg}`" for arg, group in (("scale", attributes), ("outcome_scale", outcome))
                             if any(c in group for c, *_ in found))
    warn(f"No {undeclared} declared, so the scale was inferred from the data, and values that look like codes for "
         f"'not applicable' or 'don't know' entered the model as ratings: {listed}. If they mean that, pass "
         f"missing_codes={[int(v) if v == int(v) else v for v in codes]} (those answers become missing and the "
         f"rows are counted); otherwise declare the scale: " + "; ".join(fixes) + ".", ScaleWarning)


def _read(values) -> np.ndarray:
    return values() if callable(values) else values


def _span(values: np.ndarray) -> tuple[float, float]:
    """Smallest and largest value (NaN ignored; an empty column adds nothing)."""
    seen = values[~np.isnan(values)]
    return (float(seen.min()), float(seen.max())) if len(seen) else (np.inf, -np.inf)
