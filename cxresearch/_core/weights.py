"""Survey weights: one check for every ``weights=`` argument, and Kish's effective sample size.

Weights here are *sampling* (survey) weights, as from quota or rim weighting: they change
the point estimates (weighted counts, shares, means, correlations) and the intervals use
the Kish effective sample size ``n_eff = (sum w)^2 / sum w^2`` (Kish 1965). They are not
frequency weights: integer weights give exactly the point estimates of replicating each
row ``w`` times, but narrower-looking intervals from replicated rows would be wrong.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import bad_values, require_columns
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, InputWarning

__all__ = ["check_weights", "kish_n_eff"]


def check_weights(data: pd.DataFrame, weights: Any, error=CXInputError) -> np.ndarray | None:
    """The ``weights`` column of ``data`` as float64, or None when ``weights`` is None.

    Refuses, naming the column, the values and their row positions: a column that is not there, text,
    missing, infinite or negative weights, and weights that are all zero.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.weights import check_weights
    >>> check_weights(pd.DataFrame({"w": [1, 0.5]}), "w")
    array([1. , 0.5])
    >>> check_weights(pd.DataFrame({"w": [1, -2]}, index=["r1", "r2"]), "w")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: Column 'w': 1 row(s) with values that are not non-negative finite numbers (weights): -2 (1 row); ...
    """
    if weights is None:
        return None
    require_columns(data, [weights], "weights column", error=error)
    raw = data[weights]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        raise bad_values(weights, raw, bad, "non-negative finite numbers (weights)", error=error,
                         hint="Give every row a weight (a weight of 0 leaves the row out, and it is counted).")
    if not (values > 0).any():
        raise error(f"Column {weights!r} (weights) must hold a positive weight; got {len(values)} zero weights.")
    _refuse_range(data.index, values, weights, error)
    _warn_concentrated(data.index, values, weights)
    return rescaled(values, weights)


RANGE = 2.0**400  # a ratio of weights whose squares no float can hold side by side (1e120)


def _refuse_range(index: pd.Index, values: np.ndarray, column: Any, error) -> None:
    """Weights spanning more than 2**400 (largest over smallest positive) are refused by name.

    Within any segment their sums of squares would underflow or overflow whatever the
    scale, and no survey design gives one respondent 1e120 times another's weight: such a
    column is almost always a mistake (a count, an identifier, an unparsed exponent).
    """
    positive = np.flatnonzero(values > 0)
    top, low = positive[np.argmax(values[positive])], positive[np.argmin(values[positive])]
    if np.log2(values[top]) - np.log2(values[low]) > np.log2(RANGE):  # no overflow on the way
        raise error(f"Column {column!r} (weights): the weights span {values[low]:.3g} (row {index[low]!r}) to "
                    f"{values[top]:.3g} (row {index[top]!r}), a ratio beyond 1e120 that no survey design gives and "
                    "floating-point sums of squared weights cannot hold. Check the column: is it a weight?")


def _warn_concentrated(index: pd.Index, values: np.ndarray, column: Any) -> None:
    """Say so when one row carries most of the weight: the results are then about that row."""
    top = int(np.argmax(values))
    relative = values / values[top]  # scale-free: no overflow for weights near 1e308
    share = 1 / relative.sum()
    if share > 0.5 and len(values) >= 10:  # among fewer rows a large share is no surprise
        n_eff = float(kish_n_eff(relative.sum(), relative @ relative))
        warn(f"Column {column!r} (weights): one row carries {share:.1%} of the total weight (row {index[top]!r}, "
             f"weight {values[top]:.3g}); the effective sample size is {n_eff:.1f} of {len(values)} rows. "
             "Check the weights: intervals and tests rest on that one row.", InputWarning)


SAFE = 2.0**100  # weights whose squares and sums over ~1e9 rows stay far from float overflow and underflow


def rescaled(values: np.ndarray, column: Any) -> np.ndarray:
    """Weights beyond 2**±100 divided by an exact power of two, with a note; others as they are.

    Shares, means, coefficients and intervals do not depend on the scale of the weights,
    but sums of squared weights overflow (1e300) or underflow (1e-300) in floating point,
    which turns the Kish effective size and every interval into NaN. Dividing by a power
    of two is exact (only the exponent changes), so the statistics are those of the
    weights given; weighted counts are then in the rescaled unit, and the warning says so.
    """
    top = float(values.max())
    if 1 / SAFE <= top <= SAFE:
        return values
    power = int(np.floor(np.log2(top)))
    warn(f"Column {column!r} (weights): the largest weight is {top:.3g}, beyond what sums of squared weights "
         f"hold in floating point; the weights were divided by 2**{power} (exact). Shares, means and intervals "
         "do not depend on the scale; weighted counts are in the rescaled unit.", InputWarning)
    return np.ldexp(values, -power)


def kish_n_eff(sum_w: Any, sum_w2: Any) -> np.ndarray:
    """Kish's effective sample size ``(sum w)^2 / sum w^2`` (NaN where ``sum w^2`` is 0).

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch._core.weights import kish_n_eff
    >>> w = np.array([1, 1, 2, 2, .5, .5, 3, 1, 1, 2])
    >>> round(float(kish_n_eff(w.sum(), (w**2).sum())), 7)
    7.6862745
    """
    sum_w = np.asarray(sum_w, dtype=float)
    sum_w2 = np.asarray(sum_w2, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sum_w2 > 0, sum_w**2 / sum_w2, np.nan)
