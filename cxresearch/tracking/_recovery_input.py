"""Reading the complaint columns of :func:`recovery`: yes/no answers, the paths, and inconsistent answers refused."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import as_numeric, bad_values, positions
from cxresearch.errors import CXInputError

YES = {"yes", "y", "true", "t", "1", "1.0", "是", "有"}
NO = {"no", "n", "false", "f", "0", "0.0", "否", "没有", "无"}
PATHS = ("no problem", "complained, recovered", "complained, not recovered", "silent")


def yes_no(raw: pd.Series, column: Any) -> np.ndarray:
    """A yes/no column as 1.0 / 0.0 (NaN where missing): booleans, 0/1, or text yes/no, true/false, 是/否.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch.tracking._recovery_input import yes_no
    >>> yes_no(pd.Series(["Yes", "no", None, "是"]), "complained").tolist()
    [1.0, 0.0, nan, 1.0]
    """
    if pd.api.types.is_bool_dtype(raw.dtype):
        return raw.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_numeric_dtype(raw.dtype):
        values = as_numeric(raw, column)
        bad = ~np.isnan(values) & (values != 0) & (values != 1)
        if bad.any():
            raise bad_values(column, raw, bad, "yes/no answers (0 or 1, True or False, 'yes' or 'no')")
        return values
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    table = np.array([_one(u) for u in uniques] + [np.nan], dtype=float)  # the last entry: missing (code -1)
    out = table[codes]
    unread = np.isin(codes, np.flatnonzero(np.isinf(table)))
    if unread.any():
        raise bad_values(column, raw, unread, "yes/no answers (0 or 1, True or False, 'yes' or 'no', 是 or 否)",
                         "Recode the column to yes/no, or set other answers missing (then counted).")
    return out


def _one(value: Any) -> float:
    """1.0, 0.0, NaN (an empty answer) or inf (not a yes/no answer)."""
    if isinstance(value, (bool, np.bool_)):
        return float(value)
    text = str(value).strip().lower()
    if text == "":
        return np.nan
    return 1.0 if text in YES else 0.0 if text in NO else np.inf


def refuse_inconsistent(data: pd.DataFrame, problem, complained, recovered, p, c, r) -> None:
    """Refuse complaints without a problem and recoveries without a complaint, naming the columns and rows."""
    for mask, said, fix in (
            ((p == 0) & (c == 1), f"{complained!r} is yes while {problem!r} is no",
             f"a customer who complained had a problem: set {problem!r} to yes for them, or drop the rows"),
            ((c == 0) & (r == 1), f"{recovered!r} is yes while {complained!r} is no",
             f"only a complaint can be recovered: check the skip logic of the recovery question, or set "
             f"{recovered!r} missing where no complaint was made")):
        if mask.any():
            raise CXInputError(f"{int(mask.sum())} row(s) where {said}: inconsistent answers; first row positions: "
                               f"{positions(mask)} (index {list(data.index[np.flatnonzero(mask)[:5]])}). The fix: "
                               f"{fix}.")


def paths(p, c, r) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each row's path code (index into ``PATHS``; -1 where it cannot be told) and the masks of the reasons."""
    no_problem = p == 0
    silent = (p == 1) & (c == 0)
    recovered = (p == 1) & (c == 1) & (r == 1)
    not_recovered = (p == 1) & (c == 1) & (r == 0)
    code = np.select([no_problem, recovered, not_recovered, silent], [0, 1, 2, 3], default=-1).astype(np.intp)
    reasons = {"problem missing": np.isnan(p), "complaint missing": (p == 1) & np.isnan(c),
               "recovery missing": (p == 1) & (c == 1) & np.isnan(r)}
    return code, reasons


def outcome_values(raw: pd.Series, column: Any) -> tuple[np.ndarray, bool]:
    """The outcome as numbers, and whether it is yes/no (read as such) rather than a rating."""
    if pd.api.types.is_bool_dtype(raw.dtype):
        return raw.to_numpy(dtype=float, na_value=np.nan), True
    if pd.api.types.is_numeric_dtype(raw.dtype):
        values = as_numeric(raw, column)
        seen = values[~np.isnan(values)]
        return values, bool(seen.size) and bool(np.isin(seen, (0.0, 1.0)).all())
    try:
        return yes_no(raw, column), True
    except CXInputError:
        return as_numeric(raw, column), False
