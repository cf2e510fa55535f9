"""Reading touchpoint survey data for :func:`cxresearch.journey.touchpoints`: names, columns, values.

Wide data has one row per customer and two columns per touchpoint, named by the patterns
``experience`` / ``expectation`` (``"{}"`` stands for the touchpoint); long data has one row
per customer and touchpoint and is widened first. Every check names the user's columns.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, bad_values, check_pair, require_columns
from cxresearch._core.codes import refuse_empty, warn_apart
from cxresearch._core.column_blocks import Column
from cxresearch.errors import CXInputError


def check_pattern(name: str, pattern: Any) -> str:
    """A column pattern with exactly one ``{}``."""
    if not isinstance(pattern, str) or pattern.count("{}") != 1:
        raise arg_error(name, 'a column pattern with one "{}" standing for the touchpoint, e.g. "{}_' + name + '"',
                        pattern)
    return pattern


def touchpoint_names(data: pd.DataFrame, touchpoints: Any, experience: str, expectation: str) -> list:
    """The touchpoints in journey order; each needs an experience and an expectation column."""
    if touchpoints is None:
        found = re.compile("^" + re.escape(experience).replace(r"\{\}", "(.+)") + "$")
        names = [m.group(1) for c in data.columns if isinstance(c, str) and (m := found.match(c))]
        if not names:
            raise CXInputError(f"No column matches the experience pattern {experience!r}, so no touchpoint was "
                               f"found. Name the touchpoints (touchpoints=[...]) or set `experience` to the pattern "
                               f"of your columns. Columns present: {', '.join(map(repr, list(data.columns)[:12]))}.")
    elif isinstance(touchpoints, str) or not isinstance(touchpoints, Sequence | pd.Index | np.ndarray):
        raise arg_error("touchpoints", "a list of touchpoint names in journey order (or, for long data, the "
                        "column that names the touchpoint)", touchpoints)
    else:
        names = list(touchpoints)
        dup = sorted({str(t) for t in names if names.count(t) > 1})
        if dup or not names:
            raise arg_error("touchpoints", "distinct touchpoint names", names, f"{dup} appear more than once."
                            if dup else "")
    problems = []
    for t in names:
        for role, pattern in (("experience", experience), ("expectation", expectation)):
            col = pattern.format(t)
            if col not in data.columns:
                near = difflib.get_close_matches(col, [str(c) for c in data.columns], n=1)
                problems.append(f"touchpoint {t!r} has no {role} column {col!r}"
                                + (f" (did you mean {near[0]!r}?)" if near else ""))
    if problems:
        raise CXInputError("; ".join(problems[:6]) + ("; ..." if len(problems) > 6 else "") + ". Every touchpoint "
                           "needs both ratings: check the names or the `experience` / `expectation` patterns.")
    return names


def widen(data: pd.DataFrame, column: Any, experience: Any, expectation: Any, respondent: Any,
          per_customer: list) -> tuple[pd.DataFrame, list]:
    """Long data (one row per customer and touchpoint) as wide data with ``<t>_experience`` columns."""
    for name, value in (("experience", experience), ("expectation", expectation)):
        if not isinstance(value, str) or "{}" in value:
            raise arg_error(name, "the column of the ratings (long data: touchpoints names a column)", value)
    require_columns(data, [column, experience, expectation, respondent, *per_customer])
    for col in (column, respondent):
        if data[col].isna().any():
            raise bad_values(col, data[col], data[col].isna(), "missing (every row needs a customer and a touchpoint)")
    dup = data.duplicated([respondent, column], keep=False).to_numpy()
    if dup.any():
        raise bad_values(respondent, data[respondent], dup, "repeated for the same touchpoint",
                         hint=f"Each customer rates each touchpoint once: check {column!r} and {respondent!r}.")
    names = list(pd.unique(data[column]))
    first = data.groupby(respondent, sort=False)
    for col in per_customer:
        varies = (first[col].nunique(dropna=False) > 1).to_numpy()
        if varies.any():
            bad = data[respondent].isin(first[col].nunique(dropna=False).index[varies]).to_numpy()
            raise bad_values(col, data[col], bad, "the same on every row of a customer",
                             hint=f"{col!r} is one value per customer in long data.")
    wide = first[per_customer].first() if per_customer else pd.DataFrame(index=pd.unique(data[respondent]))
    for role, col in (("experience", experience), ("expectation", expectation)):
        table = data.pivot(index=respondent, columns=column, values=col).reindex(index=wide.index)
        for t in names:
            wide[f"{t}_{role}"] = table[t].to_numpy()
    return wide.rename_axis(respondent).reset_index(), names


def check_values(data: pd.DataFrame, columns: list[Column], seen: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                 outcome: Any, scale: Any, outcome_scale: Any, codes: tuple) -> tuple[np.ndarray | None, dict]:
    """After the pass: columns with no value refused, declared scales checked, code-like values warned.

    ``seen``, ``lo`` and ``hi`` are each column's count of values and its smallest and largest
    value (from the pass). A declared scale refuses ratings outside it; an undeclared one is
    inferred, and values that look like codes are named in a warning (the outcome is read on its
    own terms). Returns the outcome as floats (None without one) and the answers recoded per column.
    """
    recoded = {c.name: c.recoded for c in columns if c.recoded}
    empty = [c.name for c, n in zip(columns, seen) if n == 0]
    if empty and len(data):
        refuse_empty(empty, recoded, len(data), codes)
    ratings = columns[:-1] if outcome is not None else columns
    declared = [(c, j, scale, "scale") for j, c in enumerate(ratings)] if scale is not None else []
    if outcome is not None and outcome_scale is not None:
        declared.append((columns[-1], len(columns) - 1, outcome_scale, "outcome_scale"))
    for c, j, sc, arg in declared:
        low, high = check_pair(arg, sc)
        if lo[j] < low or hi[j] > high:
            values = c.values()
            raise bad_values(c.name, data[c.name], (values < low) | (values > high),
                             f"ratings on the declared {arg} {low:g}-{high:g}",
                             hint="Declare codes such as 0 or 99 in missing_codes=, or correct `" + arg + "`.")
    y = columns[-1].values() if outcome is not None else None
    warn_apart({c.name: c.values for c in ratings} if scale is None else {},
               {outcome: y} if outcome is not None and outcome_scale is None else {}, str(outcome))
    return y, recoded
