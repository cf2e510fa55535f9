"""The outcome of a model: one reading of what it is, one refusal when a model cannot use it.

Every model that explains an outcome (drivers, penalty-reward, the response surface, the
rating tracker, the promise curve, touchpoint importance) asks the same two questions of
it: does it vary at all, and is it a yes/no? The answers and the messages live here once,
whether the outcome comes as rows or as sums (a :class:`~cxresearch.satisfaction.Moments`
object knows a binary outcome from its range and variance: every value sits at the
minimum or the maximum exactly when the variance is (max - mean)(mean - min), the
Bhatia-Davis bound).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, check_argument
from cxresearch.errors import CXInputError

__all__ = ["FAMILIES", "LOGIT_FIX", "binary_from_moments", "check_family", "distinct_outcome", "refuse_binary",
           "refuse_outcome"]

#: Why a linear model does not fit a yes/no outcome, and the fix, said the same way everywhere.
LINEAR_ON_BINARY = ("A linear model of a binary outcome (a linear probability model) would be wrong here: its "
                    "predictions leave [0, 1], its errors are heteroskedastic and R2-based importance means little.")


def _shown(value: Any) -> str:
    value = value.item() if isinstance(value, np.generic) else value
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else repr(value)


def distinct_outcome(values: np.ndarray, limit: int = 3) -> tuple:
    """Up to ``limit`` distinct non-missing values of a numeric outcome, sorted (enough to tell 1, 2 or more)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return ()
    lo, hi = float(v.min()), float(v.max())
    if lo == hi:
        return (lo,)
    inside = v[(v != lo) & (v != hi)]
    return (lo, hi) if inside.size == 0 else (lo, float(inside[0]), hi)[:limit]


def binary_from_moments(minimum: float, maximum: float, mean: np.ndarray, variance: np.ndarray) -> bool:
    """Whether every value sits at ``minimum`` or ``maximum``, from the sums alone (Bhatia-Davis equality)."""
    lo, hi = float(minimum), float(maximum)
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return False
    bound = (hi - mean) * (mean - lo)
    return bool(np.all(np.abs(variance - bound) <= 1e-9 * (hi - lo) ** 2))


def refuse_outcome(outcome: Any, distinct: tuple, *, n_used: int | None = None, recoded: int = 0,
                   binary_fix: str = "", allow_binary: bool = False) -> None:
    """Refuse a constant outcome always, and a binary one unless ``allow_binary``.

    Parameters
    ----------
    outcome : column name
        Named in the message.
    distinct : tuple
        From :func:`distinct_outcome` (or ``(min, max)`` read from moments).
    n_used : int, optional
        The rows used, said for a constant outcome.
    recoded : int
        Answers of the outcome turned missing by ``missing_codes`` (a constant outcome may
        come from a code list that caught real answers).
    binary_fix : str
        What to do instead, for this model (e.g. "use family='logit'").
    allow_binary : bool
        True where the model takes a yes/no outcome (``family='logit'`` or ``'linear'``).

    Examples
    --------
    >>> from cxresearch._core.outcomes import refuse_outcome
    >>> refuse_outcome("overall", (0.0, 1.0), binary_fix="Pass family='logit'.")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: Outcome 'overall' is binary: it has exactly two distinct values, 0 and 1. ...
    """
    if len(distinct) == 0:
        raise CXInputError(f"Outcome {outcome!r} has no usable value: every answer is missing"
                           + (f" (after {recoded} were turned missing by `missing_codes`)." if recoded else "."))
    if len(distinct) == 1:
        where = f" in all {n_used} rows used" if n_used is not None else ""
        coded = (f" after {recoded} answer(s) were turned missing by `missing_codes` (which applies to the outcome "
                 "too: check it)") if recoded else ""
        raise CXInputError(f"Outcome {outcome!r} is constant ({_shown(distinct[0])}{where}){coded}: nothing to "
                           "explain.")
    if len(distinct) == 2 and not allow_binary:
        raise CXInputError(f"Outcome {outcome!r} is binary: it has exactly two distinct values, "
                           f"{_shown(distinct[0])} and {_shown(distinct[1])}. {LINEAR_ON_BINARY}"
                           + (f" {binary_fix}" if binary_fix else ""))


#: The families of the linear rating models; drivers and penalty_reward add "logit".
FAMILIES = ("linear",)
LOGIT_FIX = ("For a yes/no outcome use a logistic model (family='logit' in drivers and penalty_reward); to fit "
             "the linear model anyway, pass family='linear'.")


def check_family(family, allowed: tuple = FAMILIES) -> None:
    """``family``: None (linear, binary outcomes refused), "linear" (the explicit opt-in) or one of ``allowed``."""
    if family is None:
        return
    if family == "logit" and "logit" not in allowed:
        raise arg_error("family", "None or 'linear'", family, "This model is linear only; logistic models "
                        "(family='logit') are available in drivers and penalty_reward.")
    check_argument("family", list(allowed), family)


def refuse_binary(raw: pd.Series, outcome: str, codes: tuple) -> None:
    """Refuse an outcome with exactly two distinct values (after the codes) for a linear model."""
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        v = raw.to_numpy(dtype=float, na_value=np.nan)
        v = np.where(np.isin(v, [c for c in codes if not isinstance(c, str)]), np.nan, v) if codes else v
        lo, hi = np.nanmin(v, initial=np.inf), np.nanmax(v, initial=-np.inf)
        if not lo < hi or not np.all((v == lo) | (v == hi) | np.isnan(v)):
            return  # not exactly two distinct values
    keep = raw.notna().to_numpy(dtype=bool)
    if codes:
        keep = keep & ~raw.isin(list(codes)).to_numpy(dtype=bool)
    distinct = pd.unique(raw[keep])
    if len(distinct) != 2:
        return
    try:
        low, high = sorted(distinct)
    except TypeError:
        low, high = distinct
    refuse_outcome(outcome, (low, high), binary_fix=LOGIT_FIX)
