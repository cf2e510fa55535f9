"""The kinds of value an argument may take, each with its words and its own bad values.

Used by :func:`cxresearch._core.params.declared` (the checks) and
:mod:`cxresearch._core.vocabulary` (the shared argument names). Each constraint says
whether a value meets it (``ok``), what it expects in words (``expected``, used in the one
error template) and which values break it (``invalid``), so ``tests/test_declared.py`` can
walk every public argument with bad values generated from the declarations themselves.
"""

from __future__ import annotations

import numbers
import os
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import near_match

__all__ = [
    "Anything", "Boolean", "Constraint", "Frame", "Function", "Instance", "Integer", "Keyed", "Name", "Names",
    "Options", "Pair", "PathLike", "Real", "Seed", "Text",
]


class Constraint:
    """One thing an argument may be. ``ok(value)`` says whether it is; ``expected`` says it in words."""

    expected = "a value"
    hint = ""

    def ok(self, value: Any) -> bool:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def invalid(self) -> list[Any]:
        """Values that break this constraint (wrong type, out of range, NaN, a misspelling)."""
        return [object()]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.expected})"


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _finite(value: Any) -> float | None:
    """``value`` as a finite float, or None (NaN, infinite, or an int too large for a float)."""
    try:
        out = float(value)
    except (OverflowError, TypeError, ValueError):
        return None
    return out if np.isfinite(out) else None


class Real(Constraint):
    """A finite real number in a range; ``closed`` says which ends are allowed."""

    def __init__(self, low: float | None = None, high: float | None = None, closed: str = "both", hint: str = "",
                 expected: str = "", example: float | None = None):
        self.low, self.high, self.closed, self.hint, self.example = low, high, closed, hint, example
        lo = "" if low is None else (">= " if closed in ("both", "left") else "> ") + f"{low:g}"
        hi = "" if high is None else ("<= " if closed in ("both", "right") else "< ") + f"{high:g}"
        self.expected = expected or ("a finite number" + (f" {lo}" if lo else "") + (" and" if lo and hi else "") +
                                     (f" {hi}" if hi else ""))

    def why(self, value: Any) -> str:
        """A level given in percent (95 for 0.95) is the common slip: say so."""
        if self.example is not None and _is_real(value) and 1 < (_finite(value) or 0) < 100:
            return f"Give a level such as {self.example:g} (not {self.example * 100:g})."
        return ""

    def ok(self, value: Any) -> bool:
        v = _finite(value) if _is_real(value) else None
        if v is None:
            return False
        if self.low is not None and (v < self.low or (v == self.low and self.closed in ("neither", "right"))):
            return False
        return not (self.high is not None and (v > self.high or (v == self.high and self.closed in ("neither", "left"))))

    def invalid(self) -> list[Any]:
        out: list[Any] = ["0.5", float("nan"), float("inf"), True]
        if self.low is not None:
            out.append(self.low - 1 if self.closed in ("both", "left") else self.low)
        if self.high is not None:
            out.append(self.high + 1 if self.closed in ("both", "right") else self.high)
        return out


class Integer(Real):
    """A whole number (a numpy integer too, never a bool) in a range."""

    def __init__(self, low: int | None = None, high: int | None = None, hint: str = "", expected: str = ""):
        super().__init__(low, high, "both", hint, expected)
        self.expected = expected or self.expected.replace("a finite number", "a whole number")

    def ok(self, value: Any) -> bool:
        return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) and super().ok(value)

    def invalid(self) -> list[Any]:
        return [v for v in super().invalid() if not isinstance(v, float)] + [2.5, float("nan")]


class Boolean(Constraint):
    """True or False (a numpy bool too); not 0/1, not a string such as "yes"."""

    expected = "True or False"

    def ok(self, value: Any) -> bool:
        return isinstance(value, (bool, np.bool_))

    def invalid(self) -> list[Any]:
        return ["yes", 2, float("nan")]


class Options(Constraint):
    """One of a fixed set of values; a typo gets "Did you mean ...?"."""

    def __init__(self, *options: Any, hint: str = "", expected: str = ""):
        self.options, self.hint = options, hint
        self.expected = expected or f"one of {list(options)}"

    def ok(self, value: Any) -> bool:
        try:
            return isinstance(value, Hashable) and any(value == o and type(value) is type(o) or
                                                       (isinstance(o, str) and value == o) for o in self.options)
        except (TypeError, ValueError):
            return False

    def invalid(self) -> list[Any]:
        text = [o for o in self.options if isinstance(o, str) and len(o) > 2]
        typo = [text[0][:-1] + text[0][-1].upper() + "x"] if text else []
        return typo + [float("nan"), object()]

    def why(self, value: Any) -> str:
        return near_match(value, [o for o in self.options if isinstance(o, str)]) if isinstance(value, str) else ""


class Text(Constraint):
    """A string (a name, a pattern, a label); ``non_empty`` refuses ''."""

    expected = "a string"

    def __init__(self, non_empty: bool = True, max_len: int | None = None, expected: str = ""):
        self.non_empty, self.max_len = non_empty, max_len
        self.expected = expected or ("a non-empty string" if non_empty else "a string")

    def ok(self, value: Any) -> bool:
        return (isinstance(value, str) and (value != "" if self.max_len == 1 else bool(value.strip()))
                if self.non_empty else isinstance(value, str)) and (self.max_len is None or len(value) <= self.max_len)

    def invalid(self) -> list[Any]:
        return [5, float("nan"), ["a"]] + ([""] if self.non_empty else []) + \
            (["x" * (self.max_len + 1)] if self.max_len else [])


def _is_name(value: Any) -> bool:
    if isinstance(value, str):
        return value != ""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return True
    return isinstance(value, tuple) and len(value) > 0 and all(_is_name(v) for v in value)


class Name(Constraint):
    """One column name: a non-empty string, an int label or a tuple (MultiIndex columns)."""

    expected = "a column name (a string)"

    def __init__(self, expected: str = ""):
        self.expected = expected or type(self).expected

    def ok(self, value: Any) -> bool:
        return _is_name(value)

    def invalid(self) -> list[Any]:
        return [float("nan"), 2.5, True, ["a", "b"], ""]


class Names(Constraint):
    """One column name or a list of distinct names; ``single`` says whether one bare name is allowed."""

    def __init__(self, single: bool = True, non_empty: bool = True):
        self.single, self.non_empty = single, non_empty
        self.expected = ("a column name or " if single else "") + ("a non-empty " if non_empty else "a ") + \
            "list of distinct column names"

    def ok(self, value: Any) -> bool:
        if _is_name(value) and not isinstance(value, tuple):
            return self.single
        if isinstance(value, (str, bytes, Mapping, pd.DataFrame, np.ndarray)) or not isinstance(value, Iterable):
            return isinstance(value, np.ndarray) and value.ndim == 1 and self.ok(list(value))
        items = list(value)
        if self.non_empty and not items:
            return False
        return all(_is_name(v) for v in items) and len({repr(v) for v in items}) == len(items)

    def why(self, value: Any) -> str:
        if isinstance(value, np.ndarray) and value.ndim != 1:
            return f"Give a flat (1-D) list of names, not an array of shape {value.shape}."
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            return ""
        items = list(value)
        nested = [i for i, v in enumerate(items) if isinstance(v, (list, np.ndarray, Mapping, pd.Series, pd.Index))]
        if nested:
            return f"Positions {nested} are lists: give a flat list of names."
        missing = [i for i, v in enumerate(items) if v is None or (pd.api.types.is_scalar(v) and pd.isna(v))]
        if missing:
            return f"Positions {missing} are missing."
        seen = Counter(repr(v) for v in items)
        dup = sorted({str(v) for v in items if seen[repr(v)] > 1})
        return f"{dup} is listed more than once." if dup else ""

    def invalid(self) -> list[Any]:
        return [float("nan"), 2.5, ["a", "a"], [["a"]], {"a": 1}] + ([[]] if self.non_empty else []) + \
            ([] if self.single else ["a"])


class Pair(Constraint):
    """A (low, high) pair of finite numbers, low < high, e.g. a rating scale ``(1, 5)``."""

    def __init__(self, example: str = "(1, 5)", strict: bool = True, within: tuple[float, float] | None = None):
        self.strict, self.within = strict, within
        self.expected = f"a pair (low, high) such as {example}" + (f" inside [{within[0]:g}, {within[1]:g}]"
                                                                   if within else "")

    def ok(self, value: Any) -> bool:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            return False
        items = list(value)
        if len(items) != 2 or not all(_is_real(v) and _finite(v) is not None for v in items):
            return False
        low, high = (_finite(v) for v in items)
        if low > high or (self.strict and low == high):
            return False
        return self.within is None or self.within[0] <= low <= high <= self.within[1]

    def invalid(self) -> list[Any]:
        return [5, (5, 1), (1, float("nan")), (1, 2, 3), "1-5"]


class Seed(Constraint):
    """``random_state``: None, a non-negative int seed, a numpy Generator, SeedSequence or BitGenerator."""

    expected = "None, a non-negative int seed or a numpy.random.Generator"

    def ok(self, value: Any) -> bool:
        if isinstance(value, (np.random.Generator, np.random.SeedSequence, np.random.BitGenerator)):
            return True
        return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) and value >= 0

    def invalid(self) -> list[Any]:
        return [-1, 1.5, "seed", float("nan")]


class Frame(Constraint):
    """A table of rows: a pandas DataFrame or another library's frame (Polars, PyArrow, DuckDB, Dask).

    Only what is plainly not a table (None, a Series, an array, a list, a dict, a string or a
    number) is refused here; another library's object goes on to the engine layer, which
    names the library and the fix when it cannot read it.
    ``moments=True`` also takes a :class:`~cxresearch.satisfaction.Moments`.
    """

    def __init__(self, moments: bool = False):
        self.moments = moments
        self.expected = "a DataFrame" + (" or a Moments object" if moments else "")
        self.hint = "Wrap it in a DataFrame with named columns, e.g. pd.DataFrame(values, columns=[...])."

    def ok(self, value: Any) -> bool:
        if isinstance(value, pd.DataFrame):
            return True
        if value is None or isinstance(value, (pd.Series, pd.Index, np.ndarray, list, tuple, dict, str, bytes,
                                               numbers.Number)):
            return False
        if type(value).__name__ == "Moments":
            return self.moments
        return type(value).__module__.split(".")[0] not in ("builtins", "numpy", "pandas")

    def invalid(self) -> list[Any]:
        return [None, [1, 2], pd.Series([1.0, 2.0]), np.ones((2, 2)), "data.csv"]


class PathLike(Constraint):
    """A file path: a string or an ``os.PathLike``."""

    expected = "a file path (a string or pathlib.Path)"

    def ok(self, value: Any) -> bool:
        return (isinstance(value, str) and value != "") or isinstance(value, os.PathLike)

    def invalid(self) -> list[Any]:
        return [5, None, ["a.csv"], ""]


class Keyed(Constraint):
    """A mapping (dict) whose keys and values are checked loosely by the reader of its kind."""

    def __init__(self, expected: str = "a dict"):
        self.expected = expected

    def ok(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def invalid(self) -> list[Any]:
        return [5, "a", [1, 2]]


class Function(Constraint):
    """A callable."""

    expected = "a function"

    def ok(self, value: Any) -> bool:
        return callable(value)

    def invalid(self) -> list[Any]:
        return [5, "f"]


class Instance(Constraint):
    """An object of a given class (named by its class name, so no import cycle is needed)."""

    def __init__(self, *names: str, expected: str = ""):
        self.names = names
        self.expected = expected or " or ".join(f"a {n}" for n in names)

    def ok(self, value: Any) -> bool:
        return any(k.__name__ in self.names for k in type(value).__mro__)

    def invalid(self) -> list[Any]:
        return [5, "result", pd.DataFrame({"a": [1]})]


class Anything(Constraint):
    """No declared check: the argument's own reader checks it. ``why`` says which reader, so the gap is visible."""

    def __init__(self, why: str):
        self.why_text = why
        self.expected = f"anything ({why})"

    def ok(self, value: Any) -> bool:
        return True

    def invalid(self) -> list[Any]:
        return []
