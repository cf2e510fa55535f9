"""Tables for reading: the formatting behind ``summary()``, the HTML view and the Excel summary sheet.

One set of rules, read from the column names (and a result class's ``_percent_columns``):

- p-values (``p``, ``p_value``, ``p_adjusted``, ``..._p``): ``<0.001`` below 0.001, else
  three decimals (the APA convention), whatever ``decimals`` asks;
- shares (``share_...``, ``..._share`` and the class's ``_percent_columns``): percentages,
  to the precision of ``decimals`` (0.25 -> ``25.0%`` at three decimals);
- an interval (``X_ci_low`` and ``X_ci_high``, or ``ci_low`` and ``ci_high``) becomes one
  column ``X_ci`` (``ci``) reading ``[low, high]``;
- Kano letters in the category columns become full names (``M`` -> ``must-be``);
- True/False read ``yes``/``no``; a missing value reads as an empty cell;
- whole numbers (counts, ranks, years) print without decimals, other numbers with ``decimals`` decimals; dates
  as ``2023-07-02`` (with the time only where one is not midnight).

The computing table (``Result.table``) is never changed: these functions return new frames.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

#: Full names of the Kano categories (Kano et al. 1984; Berger et al. 1993).
CATEGORY_NAMES = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent",
                  "R": "reverse", "Q": "questionable"}
#: Columns holding Kano letters.
CATEGORY_COLUMNS = frozenset({"category", "runner_up", "close_to", "first_category", "last_category",
                              "category_before", "category_after", "kano"})
#: The order a Kano table is read in: the must-be first, questionable last (service priority).
CATEGORY_ORDER = ("M", "O", "A", "I", "R", "Q")


def format_p(p: float) -> str:
    """A p-value for reading: ``<0.001`` below 0.001, else three decimals; missing -> ``""``.

    Examples
    --------
    >>> format_p(0.00042), format_p(0.0123), format_p(1.0), format_p(float("nan"))
    ('<0.001', '0.012', '1.000', '')
    """
    if _missing(p):
        return ""
    return "<0.001" if float(p) < 0.001 else f"{float(p):.3f}"


def format_number(x: float, decimals: int = 3) -> str:
    """A number with ``decimals`` decimals, never ``-0.000``; missing -> ``""``.

    Examples
    --------
    >>> format_number(0.12345), format_number(-0.0001), format_number(2.5, 0)
    ('0.123', '0.000', '2')
    """
    if _missing(x):
        return ""
    text = f"{float(x):.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def format_share(x: float, decimals: int = 3) -> str:
    """A share (0-1) as a percentage to the precision of ``decimals`` decimals of the share.

    Examples
    --------
    >>> format_share(0.25), format_share(0.12345), format_share(0.25, decimals=1)
    ('25.0%', '12.3%', '25%')
    """
    return "" if _missing(x) else format_number(100 * float(x), max(decimals - 2, 0)) + "%"


def format_interval(low: float, high: float, decimals: int = 3, percent: bool = False) -> str:
    """An interval as ``[low, high]``; missing bounds -> ``""``.

    Examples
    --------
    >>> format_interval(0.1234, 0.5678)
    '[0.123, 0.568]'
    >>> format_interval(0.1234, 0.5678, percent=True)
    '[12.3%, 56.8%]'
    """
    if _missing(low) and _missing(high):
        return ""
    one = format_share if percent else format_number
    return f"[{one(low, decimals)}, {one(high, decimals)}]"


def is_p_column(name: str) -> bool:
    """Whether a column holds p-values (``p``, ``p_value``, ``p_adjusted``, ``..._p``)."""
    return name in ("p", "p_value", "p_adjusted") or name.endswith("_p")


def is_share_column(name: str, percent: Iterable[str] = ()) -> bool:
    """Whether a column holds shares (``share_...``, ``..._share`` or listed in ``percent``)."""
    return name in set(percent) or name.startswith("share_") or name.endswith("_share")


def interval_base(name: str) -> str | None:
    """``"better"`` for ``better_ci_low`` / ``better_ci_high``, ``""`` for ``ci_low``; else None."""
    for end in ("ci_low", "ci_high"):
        if name == end:
            return ""
        if name.endswith("_" + end):
            return name[: -len(end) - 1]
    return None


def whole(values: pd.Series) -> bool:
    """Whether a numeric column holds whole numbers (counts, ranks, years, ratings), shown without decimals.

    Integer columns do; a float column does when every value is whole and one is beyond
    ±1 (2023.0, 8.0), so that a coefficient that happens to be 0, 1 or -1 (a Better of a
    single answer) keeps its decimals.

    Examples
    --------
    >>> whole(pd.Series([2023.0, 2024.0])), whole(pd.Series([0.0, -1.0])), whole(pd.Series([0, 1]))
    (True, False, True)
    """
    if pd.api.types.is_integer_dtype(values.dtype):
        return True
    v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    v = v[np.isfinite(v)]
    return bool(np.all(v == np.round(v)) and (v.size == 0 or np.abs(v).max() > 1))


def reading_frame(table: pd.DataFrame, decimals: int = 3, percent: Iterable[str] = ()) -> pd.DataFrame:
    """``table`` as strings for reading (the rules of this module); interval pairs become one column.

    Examples
    --------
    >>> t = pd.DataFrame({"category": ["M", "A"], "share_M": [0.5, 0.125], "better": [0.2, 0.61],
    ...                   "better_ci_low": [0.1234, 0.5], "better_ci_high": [0.5678, 0.7], "p_value": [0.00042, 0.0123],
    ...                   "significant": [True, False], "n": [12, 8]})
    >>> reading_frame(t)
              category share_M better     better_ci p_value significant   n
    0          must-be   50.0%  0.200  [0.123, 0.568]  <0.001         yes  12
    1       attractive   12.5%  0.610  [0.500, 0.700]   0.012          no   8
    """
    percent = tuple(percent)
    out = {}
    for name in table.columns:
        base = interval_base(str(name))
        if base is not None:
            low, high = (f"{base}_ci_low", f"{base}_ci_high") if base else ("ci_low", "ci_high")
            if low in table and high in table:
                if name == low:
                    share = bool(base) and is_share_column(base, percent)
                    out[f"{base}_ci" if base else "ci"] = [
                        format_interval(a, b, decimals, share) for a, b in zip(table[low], table[high])]
                continue
        out[name] = _format_column(str(name), table[name], decimals, percent)
    return pd.DataFrame(out, index=table.index)


def _format_column(name: str, values: pd.Series, decimals: int, percent: tuple[str, ...]) -> list[str]:
    if name in CATEGORY_COLUMNS:
        return [CATEGORY_NAMES.get(str(v), "" if _missing(v) else str(v)) for v in values]
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        clock = values.dropna().dt.strftime("%H:%M:%S").ne("00:00:00").any()
        return values.dt.strftime("%Y-%m-%d %H:%M" if clock else "%Y-%m-%d").fillna("").tolist()
    if pd.api.types.is_bool_dtype(values.dtype):
        return ["" if _missing(v) else ("yes" if v else "no") for v in values]
    if not pd.api.types.is_numeric_dtype(values.dtype):
        return ["" if _missing(v) else ("yes" if v is True else "no" if v is False else str(v)) for v in values]
    if is_p_column(name):
        return [format_p(v) for v in values]
    if is_share_column(name, percent):
        return [format_share(v, decimals) for v in values]
    places = 0 if whole(values) else decimals
    return [format_number(v, places) for v in values]


def sort_rows(table: pd.DataFrame, by: Iterable[str], keys: Iterable[tuple[str, bool]]) -> pd.DataFrame:
    """Rows in the order the analysis ranks them, within each segment (segments in their order).

    ``keys`` are ``(column, ascending)`` pairs; ``"category"`` sorts Kano letters must-be first
    (M O A I R Q). Missing values go last; ties keep the table's order.
    """
    sort_cols, ascending, tmp = [], [], {}
    for col in by:
        if col in table:
            tmp[f"__by_{col}"] = pd.factorize(table[col].to_numpy(), use_na_sentinel=True)[0]
            sort_cols.append(f"__by_{col}")
            ascending.append(True)
    for col, asc in keys:
        if col not in table:
            continue
        key = table[col]
        if col in CATEGORY_COLUMNS:
            key = key.map(lambda v: CATEGORY_ORDER.index(v) if v in CATEGORY_ORDER else len(CATEGORY_ORDER))
        tmp[f"__key_{col}"] = pd.to_numeric(key, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        sort_cols.append(f"__key_{col}")
        ascending.append(asc)
    if not sort_cols:
        return table
    keyed = pd.DataFrame(tmp).reset_index(drop=True)
    order = keyed.sort_values(sort_cols, ascending=ascending, kind="stable", na_position="last").index
    return table.iloc[order.to_numpy()]


def _missing(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(isinstance(x, float) and math.isnan(x)) or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False
