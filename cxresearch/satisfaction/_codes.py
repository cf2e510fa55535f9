"""Answers that are not ratings: declared codes, values that look like codes, binary outcomes.

Used by the shared preparation of rating data (:mod:`cxresearch.satisfaction._ratings`)
and by :func:`cxresearch.satisfaction.gap_analysis`, so every rating model reads
``missing_codes=`` and ``family=`` the same way:

* ``missing_codes`` (e.g. ``[0, 99]``): those answers become missing before anything else,
  and the number turned missing is counted per column;
* without a declared ``scale``, a known code standing apart from the ratings (9, 98, 99,
  999 above them, negative codes under them, 0 under 1-5, 6 on 1-5, 8 on 1-7, 11 on 0-10;
  the one rule of :func:`cxresearch._core.codes.apart_values`) raises a
  :class:`~cxresearch.errors.ScaleWarning` naming the column, the value, its count and why;
  a gap inside the scale (a few 1s, no 2s) is never called a code;
* an outcome with exactly two distinct values is refused unless ``family="linear"`` (the linear
  model anyway) or, in the models that have it, ``family="logit"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, check_argument
from cxresearch._core.codes import apart_values, as_codes, read_ratings, recode, warn_apart  # noqa: F401
from cxresearch._core.outcomes import refuse_outcome

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
