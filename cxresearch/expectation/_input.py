"""Reading the inputs of the expectation models: column roles, segments and the declared scale.

Numbers and ``missing_codes`` are read by :mod:`cxresearch._core.codes`, as in every rating model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_keys, bad_values, require_columns
from cxresearch._core.time import read_duration
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, InputWarning


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


def read_durations(data: pd.DataFrame, columns: list, unit: str, together: list | None = None
                   ) -> tuple[pd.DataFrame, str]:
    """``Timedelta`` columns as numbers in ``unit`` (a new frame; the caller's is not touched).

    Returns the frame and what was converted, for the result's settings ("" when nothing was).
    ``together`` lists groups of (role, column) pairs compared with each other (a perceived
    and an actual wait): in a group mixing ``Timedelta`` and plain numbers, the numbers are
    taken to be in ``unit``, which an :class:`~cxresearch.errors.InputWarning` naming the
    columns and the returned text say (the ratio or difference depends on it).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch.expectation._input import read_durations
    >>> df = pd.DataFrame({"wait": pd.to_timedelta([90, 180], unit="s"), "ok": [2, 4]})
    >>> out, said = read_durations(df, ["wait", "ok"], "minutes")
    >>> out["wait"].tolist(), said
    ([1.5, 3.0], "'wait' read from Timedelta in minutes")
    """
    converted = {}
    for c in dict.fromkeys(columns):
        values, was = read_duration(data[c], c, unit)
        if was:
            converted[c] = values
    if not converted:
        return data, ""
    taken = [t for t in (_mixed(data, group, converted, unit) for group in together or ()) if t]
    out = data.copy(deep=False)  # new columns replace the old ones in the copy only (any column label)
    for c, values in converted.items():
        out[c] = values
    return out, f"{', '.join(map(repr, converted))} read from Timedelta in {unit}" + "".join(f"; {t}" for t in taken)



def _mixed(data: pd.DataFrame, group: list, converted: dict, unit: str) -> str:
    """A group of compared columns mixing ``Timedelta`` and plain numbers: the numbers taken in ``unit``, said."""
    numbers = [(role, c) for role, c in group if c not in converted and data[c].notna().any()]
    durations = [(role, c) for role, c in group if c in converted]
    if not durations or not numbers:
        return ""
    raw = data[numbers[0][1]].reset_index(drop=True).dropna()
    shown = ", ".join(f"{v:g}" if isinstance(v, (int, float, np.number)) else repr(v) for v in raw.head(3))
    names = ", ".join(f"`{role}` column {c!r}" for role, c in numbers)
    short = {"minutes": "min", "seconds": "s", "hours": "h", "days": "D"}[unit]
    first = numbers[0][1]
    warn(f"{names} hold{'s' if len(numbers) == 1 else ''} plain numbers ({shown} at row positions "
         f"{', '.join(str(i) for i in raw.index[:3])}) while {', '.join(repr(c) for _, c in durations)} "
         f"hold{'s' if len(durations) == 1 else ''} Timedelta durations, read in {unit} (duration_unit): the numbers "
         f"are taken to be in {unit} too, and the results depend on that. If they are in another unit, pass "
         f"duration_unit=<their unit>, or convert them, e.g. data[{first!r}] = pd.to_timedelta(data[{first!r}], "
         f"unit={short!r}) for {unit}.", InputWarning)
    return f"{', '.join(repr(c) for _, c in numbers)} plain numbers taken to be in {unit}"
