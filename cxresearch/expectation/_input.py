"""Reading the inputs of the expectation models: column roles, numbers, codes, segments and weights."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_keys, as_numeric, bad_values, require_columns
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, ScaleWarning

_CODE_EXPECTED = "a value or a list of values meaning 'not applicable' (e.g. [0, 99])"


def as_list(value: Any, name: str) -> list:
    """A column name or a list of distinct column names as a non-empty list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (Mapping, pd.DataFrame, pd.Series)) or not isinstance(value, Iterable):
        raise arg_error(name, "a column name or a list of names", value)
    out = list(value)
    if not out:
        raise arg_error(name, "a list of at least one name", value)
    dup = sorted({str(a) for a in out if out.count(a) > 1})
    if dup:
        raise arg_error(name, "a list of distinct names", value, f"{dup} is listed more than once.")
    return out


def role_columns(role: str, spec: Any, attributes: list) -> list:
    """The column of each attribute in one role: a pattern with "{}", a dict, or a list in attribute order.

    Examples
    --------
    >>> from cxresearch.expectation._input import role_columns
    >>> role_columns("perceived", "{}_perceived", ["wait", "courtesy"])
    ['wait_perceived', 'courtesy_perceived']
    >>> role_columns("adequate", {"wait": "min_wait"}, ["wait"])
    ['min_wait']
    """
    expected = ('a pattern with "{}" standing for the attribute (e.g. "{}_' + role + '"), a dict '
                "{attribute: column} or a list of columns in the order of `attributes`")
    if isinstance(spec, str):
        if "{}" not in spec:
            raise arg_error(role, expected, spec, f'Use "{spec}_{{}}" or "{{}}_{spec}"-style patterns, or a dict.')
        return [spec.replace("{}", str(a)) for a in attributes]
    if isinstance(spec, Mapping):
        missing = [a for a in attributes if a not in spec]
        if missing:
            raise arg_error(role, expected, spec, f"No column given for {missing}.")
        return [spec[a] for a in attributes]
    if isinstance(spec, (list, tuple)) and len(spec) == len(attributes):
        return list(spec)
    raise arg_error(role, expected, spec, f"{len(attributes)} attribute(s) need {len(attributes)} column(s)."
                    if isinstance(spec, (list, tuple)) else "")


def as_codes(missing_codes: Any) -> tuple:
    """``missing_codes`` as a tuple of finite numbers and text codes (None -> ())."""
    if missing_codes is None:
        return ()
    values = [missing_codes] if isinstance(missing_codes, (str, int, float, np.number)) else missing_codes
    if isinstance(values, (Mapping, pd.DataFrame)) or not isinstance(values, Iterable):
        raise arg_error("missing_codes", _CODE_EXPECTED, missing_codes)
    values = list(values)
    for v in values:
        number = isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))
        if not (isinstance(v, str) or (number and np.isfinite(v))):
            raise arg_error("missing_codes", _CODE_EXPECTED, missing_codes,
                            f"{v!r} is not a finite number or a text code; missing values are missing already.")
    return tuple(v.item() if isinstance(v, np.generic) else v for v in values)


def read_column(raw: pd.Series, column: Any, codes: tuple) -> tuple[np.ndarray, int]:
    """A column as float64 with the declared codes turned missing, and how many answers were turned."""
    texts = [c for c in codes if isinstance(c, str)]
    numbers = [float(c) for c in codes if not isinstance(c, str)]
    is_text = raw.isin(texts).to_numpy(dtype=bool) if texts else None
    if is_text is not None and is_text.any():
        raw = raw.mask(is_text)
    if getattr(raw.dtype, "kind", "O") in ("i", "u", "f") and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.to_numpy(dtype=float, na_value=np.nan, copy=True)
        if np.isinf(values).any():
            values = as_numeric(raw, column)  # the standard message for infinite values
    else:
        values = np.array(as_numeric(raw, column), dtype=float)
    hit = np.isin(values, numbers) if numbers else np.zeros(len(values), dtype=bool)
    values[hit] = np.nan
    n = int(hit.sum()) + (0 if is_text is None else int(is_text.sum()))
    return values, n


def read_numbers(data: pd.DataFrame, columns: list, codes: tuple) -> tuple[dict, dict[str, int]]:
    """Each column (once) as floats with the codes turned missing; the number recoded per column."""
    values, recoded = {}, {}
    for c in dict.fromkeys(columns):
        values[c], n = read_column(data[c], c, codes)
        if n:
            recoded[c] = n
        if np.isnan(values[c]).all():
            told = f" ({n} turned missing by missing_codes={list(codes)})" if n else ""
            raise CXInputError(f"No value left to analyse in column {c!r}: all {len(data)} answers missing{told}. "
                               "Check `missing_codes` and the column names, or leave the attribute out.")
    return values, recoded


def segments(data: pd.DataFrame, by: Any, taken: list) -> tuple[list, np.ndarray, pd.DataFrame]:
    """The ``by`` columns, each row's segment code (-1 where a segment value is missing) and the segments.

    Segments are numbered in sorted order (a Categorical in the order of its categories, as in ``groupby``);
    without ``by`` every row is in segment 0.
    """
    keys = as_keys(by)
    require_columns(data, keys, "`by` column(s)")
    clash = [k for k in keys if k in taken]
    if clash:
        raise arg_error("by", "columns other than the analysed ones", by, f"{clash} is also analysed.")
    if not keys:
        return keys, np.zeros(len(data), dtype=np.intp), pd.DataFrame(index=[0])
    if len(keys) == 1 and not isinstance(data[keys[0]].dtype, pd.CategoricalDtype):  # categories keep their order
        codes, uniques = pd.factorize(data[keys[0]], sort=True, use_na_sentinel=True)
        return keys, codes.astype(np.intp), pd.DataFrame({keys[0]: np.asarray(uniques)})
    grouped = data[keys].reset_index(drop=True).groupby(keys, sort=True, dropna=True, observed=True)
    codes = grouped.ngroup().to_numpy(dtype=float, na_value=np.nan)
    labels = grouped.size().index.to_frame(index=False)
    return keys, np.where(np.isnan(codes), -1, codes).astype(np.intp), labels


def check_scale_range(raw: pd.Series, values: np.ndarray, column: Any, scale: tuple[float, float],
                      error=CXInputError) -> None:
    """Refuse answers outside the declared scale, naming the column, the values and the fix."""
    bad = ~np.isnan(values) & ((values < scale[0]) | (values > scale[1]))
    if bad.any():
        found = sorted(set(np.unique(values[bad]).tolist()))[:5]
        listed = "[" + ", ".join(f"{v:g}" for v in found) + "]"
        raise bad_values(column, raw, bad, f"on the declared scale {scale[0]:g}-{scale[1]:g}", error=error,
                         hint=f"Codes for 'don't know' or 'not applicable' must be turned missing: pass "
                              f"missing_codes={listed} (those answers are then left out and counted).")


def warn_codes(apart: list[tuple[str, float, float, float]]) -> None:
    """One :class:`~cxresearch.errors.ScaleWarning` naming values that sit apart from the other answers."""
    if not apart:
        return
    listed = "; ".join(f"{a!r}: {v:g} ({'above' if v > hi else 'below'} the other answers, {lo:g}-{hi:g})"
                       for a, v, lo, hi in apart)
    codes = sorted({v for _, v, _, _ in apart})
    warn(f"No `scale` declared, and values that look like codes for 'not applicable' or 'don't know' were read "
         f"as answers: {listed}. If they are codes, pass missing_codes={[int(v) if v == int(v) else v for v in codes]}"
         "; otherwise declare the scale (e.g. scale=(1, 9)) to keep them.", ScaleWarning)


def apart(levels: np.ndarray) -> list[tuple[float, float, float]]:
    """(value, block low, block high) for the highest and the lowest of the distinct ``levels`` when apart.

    A value is apart when it lies more than one point from the next answer and further than any two
    other neighbouring answers are from each other (99 over 1-9), or when it is 0 below a 1-5, 1-7,
    1-9 or 1-10 block.

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch.expectation._input import apart
    >>> apart(np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 99.0]))
    [(99.0, 1.0, 9.0)]
    >>> apart(np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9.0]))
    [(0.0, 1.0, 9.0)]
    >>> apart(np.array([1, 3, 5, 7, 9.0]))
    []
    """
    out: list[tuple[float, float, float]] = []
    lv = np.sort(np.asarray(levels, dtype=float))
    lo_i, hi_i = 0, len(lv) - 1
    if hi_i - lo_i >= 3:
        gaps = np.diff(lv[lo_i:hi_i])
        if lv[hi_i] - lv[hi_i - 1] > max(1.0, gaps.max()):
            out.append((float(lv[hi_i]), float(lv[lo_i]), float(lv[hi_i - 1])))
            hi_i -= 1
    if hi_i - lo_i >= 3:
        gaps = np.diff(lv[lo_i + 1:hi_i + 1])
        zero_code = lv[0] == 0 and lv[1] == 1 and lv[hi_i] in (5, 7, 9, 10)
        if lv[1] - lv[0] > max(1.0, gaps.max()) or zero_code:
            out.append((float(lv[0]), float(lv[1]), float(lv[hi_i])))
    return out
