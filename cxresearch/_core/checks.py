"""Argument and column checks, with one message template for every input error.

Arguments: "`name` must be <expected>; got <value>." followed by the fix where a
mistake is common (seaborn's ``_check_argument`` idea). Data values: the column, the
offending values with how many rows carry each, the first row positions, what was
expected and the fix. Both raise :class:`~cxresearch.errors.CXInputError` (a
``ValueError``) or a subclass.
"""

from __future__ import annotations

import os

import difflib
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch.errors import CXInputError

MAX_SHOWN = 5


def shown(value: Any) -> str:
    """A short text for a value in an error message (long reprs cut, frames by type)."""
    if isinstance(value, (pd.DataFrame, pd.Series, np.ndarray)):
        return f"a {type_name(value)} of shape {value.shape}"
    text = repr(value)
    if len(text) <= 80:
        return text
    if isinstance(value, (str, os.PathLike)) and ("/" in str(value) or "\\" in str(value)):
        return "'..." + text[-76:]  # a long path keeps its end: the file name is what the user needs to see
    return text[:77] + "..."


def type_name(value: Any) -> str:
    """``'polars DataFrame'`` rather than a bare ``'DataFrame'``: the module says which one."""
    kind = type(value)
    module = kind.__module__.split(".")[0]
    return kind.__name__ if module == "builtins" else f"{module} {kind.__name__}"


def arg_error(name: str, expected: str, value: Any, hint: str = "", error=CXInputError,
              got: str | None = None) -> CXInputError:
    """The error for a bad argument: "`name` must be <expected>; got <value>. <hint>".

    ``got`` replaces the shown value where a description says more (e.g. "4 answers").
    """
    msg = f"`{name}` must be {expected}; got {shown(value) if got is None else got}."
    return error(f"{msg} {hint}" if hint else msg)


def check_argument(name: str, options: Sequence[Any], value: Any, error=CXInputError) -> None:
    """Raise unless ``value`` is one of ``options``; suggest the nearest option for a typo."""
    try:
        ok = value in options
    except TypeError:  # unhashable value against a set or dict of options
        ok = False
    if not ok:
        raise arg_error(name, f"one of {list(options)}", value, near_match(value, options), error=error)


def near_match(value: Any, options: Iterable[Any]) -> str:
    """"Did you mean 'x'?" for a typo, or "" when nothing is close."""
    near = difflib.get_close_matches(str(value), [str(o) for o in options], n=1)
    return f"Did you mean {near[0]!r}?" if near else ""


def check_confidence(confidence: Any, name: str = "confidence", example: float = 0.95) -> float:
    """A level strictly between 0 and 1: ``confidence`` (e.g. 0.95) or, with a name, ``alpha`` (0.05)."""
    ok = isinstance(confidence, (int, float, np.floating)) and not isinstance(confidence, bool)
    if not ok or not 0 < float(confidence) < 1:
        hint = f"Give a level such as {example} (not {example * 100:g})." if ok and 1 < float(confidence) < 100 else ""
        raise arg_error(name, f"a number between 0 and 1 (e.g. {example})", confidence, hint)
    return float(confidence)


def check_alpha(alpha: Any) -> float:
    """``alpha``, the level of a test, strictly between 0 and 1."""
    return check_confidence(alpha, "alpha", 0.05)


def check_count(name: str, value: Any, minimum: int = 1, error=CXInputError) -> int:
    """A whole number >= ``minimum`` (sizes, resamples, simulations)."""
    whole = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not whole or value < minimum:
        raise arg_error(name, f"a whole number >= {minimum}", value, error=error)
    return int(value)


def check_n_boot(n_boot: Any) -> int:
    """``n_boot``: 0 (no bootstrap) or a positive whole number."""
    return check_count("n_boot", n_boot, 0)


def check_pair(name: str, value: Any, *, within: tuple[float, float] | None = None,
               strict: bool = True, example: str = "(1, 5)") -> tuple[float, float]:
    """A (low, high) pair of finite numbers, low < high (or <= with ``strict=False``)."""
    expected = f"a pair (low, high) such as {example}"
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise arg_error(name, expected, value) from None
    if not (np.isfinite(low) and np.isfinite(high)) or (low >= high if strict else low > high):
        raise arg_error(name, expected + (" with low < high" if strict else " with low <= high"), value)
    if within is not None and not within[0] <= low <= high <= within[1]:
        raise arg_error(name, f"{expected} inside [{within[0]:g}, {within[1]:g}]", value)
    return low, high


def as_keys(by: Any, name: str = "by") -> list[Hashable]:
    """``by`` as a list of column names: None -> [], a name -> [name], a list stays a list."""
    if by is None:
        return []
    if isinstance(by, (str, int, np.integer)):
        return [by]
    if isinstance(by, (pd.DataFrame, pd.Series, np.ndarray, dict)) or not isinstance(by, Iterable):
        raise arg_error(name, "a column name or a list of column names", by)
    keys = list(by)
    dup = sorted({str(k) for k in keys if keys.count(k) > 1})
    if dup:
        raise arg_error(name, "a list of distinct column names", by, f"{dup} is listed more than once.")
    return keys


def as_generator(random_state: Any) -> np.random.Generator:
    """``random_state`` (None, an int seed or a Generator) as a numpy Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    seed_like = isinstance(random_state, (np.random.SeedSequence, np.random.BitGenerator))
    whole = isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool) and random_state >= 0
    if random_state is None or seed_like or whole:
        return np.random.default_rng(random_state)
    raise arg_error("random_state", "None, a non-negative int seed or a numpy.random.Generator", random_state)


def require_frame(data: Any, name: str = "data", error=CXInputError) -> pd.DataFrame:
    """``data`` as a non-empty pandas DataFrame with distinct column names.

    Frames of other libraries (Polars, PyArrow, DuckDB relations, ...) are converted with
    their ``to_pandas()`` method or the dataframe interchange protocol; anything else is
    refused naming the type received. Callers use the returned frame.
    """
    if not isinstance(data, pd.DataFrame):
        data = _converted(data, name, error)
    if len(data) == 0:
        raise error(f"`{name}` must hold at least one row; got an empty DataFrame (0 rows): nothing to analyse.")
    dup = data.columns[data.columns.duplicated()]
    if len(dup):
        names = ", ".join(map(repr, dict.fromkeys(dup)))
        raise error(f"`{name}` must have distinct column names; got {names} more than once. Rename the "
                    "duplicates (e.g. `data.columns = [...]`) so each column is read once.")
    return data


def _converted(data: Any, name: str, error) -> pd.DataFrame:
    """A frame of another library as pandas, or the error naming its type."""
    if isinstance(data, (pd.Series, np.ndarray, list, dict, tuple)) or data is None:
        hint = "Wrap it in a DataFrame with named columns, e.g. pd.DataFrame(values, columns=[...])."
        raise error(f"`{name}` must be a DataFrame; got a {type_name(data)}. {hint}")
    for convert in (getattr(data, "to_pandas", None), getattr(data, "df", None)):
        if callable(convert):
            try:
                out = convert()
            except Exception as exc:  # noqa: BLE001 - the library's own failure, reported as ours
                raise error(f"`{name}`: converting the {type_name(data)} to pandas failed ({exc}). "
                            "Convert it yourself, e.g. with .to_pandas().") from exc
            if isinstance(out, pd.DataFrame):
                return out
    if hasattr(data, "__dataframe__"):
        try:
            return pd.api.interchange.from_dataframe(data)
        except Exception as exc:  # noqa: BLE001
            raise error(f"`{name}`: the {type_name(data)} could not be read through the dataframe "
                        f"interchange protocol ({exc}). Convert it to pandas first.") from exc
    raise error(f"`{name}` must be a pandas DataFrame (or a frame with .to_pandas()); got a {type_name(data)}.")


def require_columns(data: pd.DataFrame, columns: Iterable[Any], role: str = "column",
                    error=CXInputError) -> None:
    """Raise naming every missing column, the nearest existing name and the columns present."""
    require_names(list(data.columns), columns, role, error)


def require_names(present: list, columns: Iterable[Any], role: str = "column", error=CXInputError) -> None:
    """:func:`require_columns` for the column names of any frame (an engine's schema, say)."""
    missing = [c for c in columns if c not in present]
    if not missing:
        return
    have = ", ".join(map(repr, present[:12]))
    more = " ..." if len(present) > 12 else ""
    near = [m for c in missing for m in difflib.get_close_matches(str(c), [str(c) for c in present], n=1)]
    hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
    raise error(f"{role} {', '.join(map(repr, missing))} not found in the data.{hint} Columns present: {have}{more}.")


def positions(mask: np.ndarray | pd.Series, limit: int = MAX_SHOWN) -> str:
    """The first row positions where ``mask`` is true, as text."""
    where = np.flatnonzero(np.asarray(mask, dtype=bool))
    text = ", ".join(str(i) for i in where[:limit])
    return text + (", ..." if len(where) > limit else "")


def bad_values(column: Any, values: pd.Series, mask: np.ndarray | pd.Series, expected: str,
               hint: str = "", error=CXInputError) -> CXInputError:
    """The error for values of ``column`` that fail a check.

    The message names the column, the distinct offending values with how many rows carry
    each, the first row positions (0-based, as in ``df.iloc``) and what was expected.
    """
    mask = np.asarray(mask, dtype=bool)
    offending = pd.Series(np.asarray(values, dtype=object)[mask])
    counted = offending.value_counts(dropna=False).head(MAX_SHOWN)
    listed = ", ".join(f"{v!r} ({n} row{'s' if n != 1 else ''})" for v, n in counted.items())
    more = " and others" if offending.nunique(dropna=False) > MAX_SHOWN else ""
    msg = (f"Column {column!r}: {int(mask.sum())} row(s) with values that are not {expected}: "
           f"{listed}{more}; first row positions: {positions(mask)}.")
    return error(f"{msg} {hint}" if hint else msg)


def as_numeric(values: pd.Series, column: Any, error=CXInputError) -> np.ndarray:
    """Convert to float, raising the standard error on anything non-numeric or infinite (missing stays NaN)."""
    num = pd.to_numeric(values, errors="coerce")
    bad = num.isna().to_numpy() & values.notna().to_numpy()
    if bad.any():
        raise bad_values(column, values, bad, "numbers", error=error)
    out = num.to_numpy(dtype=float, na_value=np.nan)
    infinite = np.isinf(out)
    if infinite.any():
        raise bad_values(column, values, infinite, "finite numbers",
                         "Replace infinite values with NaN (missing) or a value on the scale.", error=error)
    return out
