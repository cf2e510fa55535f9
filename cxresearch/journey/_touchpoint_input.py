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
from cxresearch._core.codes import read_ratings, warn_apart
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


def read_values(data: pd.DataFrame, e_cols: list, x_cols: list, outcome: Any, scale: Any, outcome_scale: Any,
                codes: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, dict]:
    """Experience and expectation as float matrices (customers x touchpoints), the outcome, recoded counts.

    A declared scale refuses ratings outside it; an undeclared one is inferred, and values
    that look like codes are named in a warning (the outcome is read on its own terms).
    """
    cols = e_cols + x_cols + ([outcome] if outcome is not None else [])
    values, recoded = read_ratings(data, cols, codes)
    declared = [(c, scale, "scale") for c in e_cols + x_cols] if scale is not None else []
    if outcome is not None and outcome_scale is not None:
        declared.append((outcome, outcome_scale, "outcome_scale"))
    for c, sc, arg in declared:
        lo, hi = check_pair(arg, sc)
        outside = (values[c] < lo) | (values[c] > hi)
        if outside.any():
            raise bad_values(c, data[c], outside, f"ratings on the declared {arg} {lo:g}-{hi:g}",
                             hint="Declare codes such as 0 or 99 in missing_codes=, or correct `" + arg + "`.")
    warn_apart({c: values[c] for c in e_cols + x_cols} if scale is None else {},
               {outcome: values[outcome]} if outcome is not None and outcome_scale is None else {}, str(outcome))
    E, X = (np.empty((len(data), len(e_cols)), order="F") for _ in range(2))  # column by column: no transposed copy
    for j, (e, x) in enumerate(zip(e_cols, x_cols)):
        E[:, j], X[:, j] = values[e], values[x]
    return E, X, (values[outcome] if outcome is not None else None), recoded
