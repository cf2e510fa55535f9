"""DuMouchel's functional / dysfunctional scores per attribute [x group], weighted or not."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxresearch._core.checks import as_keys, as_numeric, bad_values, require_columns, require_frame
from cxresearch._core.counting import Groups, group_index
from cxresearch._core.weights import check_weights, kish_n_eff
from cxresearch.errors import KanoInputError
from cxresearch._core.params import Frame, Name, declared

__all__ = ["continuous"]

# DuMouchel (1993) answer scores, indexed by answer code 1..5 (like .. dislike); 0 = missing.
FUNCTIONAL_SCORES = np.array([np.nan, 4.0, 2.0, 0.0, -1.0, -2.0])

DYSFUNCTIONAL_SCORES = np.array([np.nan, -2.0, -1.0, 0.0, 2.0, 4.0])


@declared(error=KanoInputError, data=Frame(), functional=Name(), dysfunctional=Name(), importance=[None, Name()])
def continuous(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    weights: str | None = None,
    attribute: str = "attribute",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    importance: str = "importance",
) -> pd.DataFrame:
    """Functional and dysfunctional mean scores (DuMouchel 1993), per attribute and group.

    Parameters
    ----------
    data : pandas.DataFrame
        Coded responses from :func:`code` (answer codes 1-5 in ``functional`` and
        ``dysfunctional``).
    by : str or list of str, optional
        Grouping columns.
    weights : str, optional
        Column of survey (sampling) weights: weighted means and standard deviations.
        Missing, infinite or negative weights are refused by name; a weight of 0 leaves
        the answer out.
    attribute, functional, dysfunctional, importance : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        ``attribute``, the ``by`` columns, ``n`` (pairs with both answers, and a positive
        weight when weighted), ``n_eff`` (with ``weights``: Kish's effective sample size
        of those pairs), ``functional_mean``, ``functional_sd``, ``dysfunctional_mean``,
        ``dysfunctional_sd`` and ``importance_mean`` (when given).

    See Also
    --------
    code : makes the coded responses with answer codes.
    analyze : the category statistics; reports these scores in ``result.continuous``.

    Notes
    -----
    Functional answers score like 4, must-be 2, neutral 0, live-with -1, dislike -2;
    dysfunctional answers like -2, must-be -1, neutral 0, live-with 2, dislike 4
    (DuMouchel 1993, as used by Berger et al. 1993). Standard deviations use n - 1.

    With survey weights w, the mean is sum(w x) / sum(w) and the variance
    ``sum(w (x - mean)**2) / sum(w) * n / (n - 1)`` with n the number of answers (as R's
    ``survey::svyvar`` and Stata's analytic weights): all-equal weights give the
    unweighted mean and SD, and integer weights give the mean of the replicated rows
    exactly (their SD differs: these are sampling weights, not frequency weights).

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> resp = pd.DataFrame({"attribute": ["x", "x"], "functional": [1, 2], "dysfunctional": [5, 3]})
    >>> cx.kano.continuous(resp)[["attribute", "n", "functional_mean", "dysfunctional_mean"]]
      attribute  n  functional_mean  dysfunctional_mean
    0         x  2              3.0                 2.0
    >>> resp["w"] = [3.0, 1.0]
    >>> cx.kano.continuous(resp, weights="w")[["n", "n_eff", "functional_mean", "dysfunctional_mean"]]
       n  n_eff  functional_mean  dysfunctional_mean
    0  2    1.6              3.5                 3.0
    """
    data = require_frame(data, error=KanoInputError)
    keys = [attribute, *as_keys(by)]
    absent = [c for c in (functional, dysfunctional) if c not in data.columns]
    if absent and "category" in data.columns and (functional, dysfunctional) == ("functional", "dysfunctional"):
        raise KanoInputError(f"Column(s) {absent} not found: the coded answers have no answer codes, as "
                             "kano.code(..., keep_answers=False) leaves them out. Code again with "
                             "keep_answers=True (the default) for the continuous scores.")
    require_columns(data, [*keys, functional, dysfunctional], "column", error=KanoInputError)
    w = check_weights(data, weights, error=KanoInputError)
    return scores_table(data, group_index(data, keys), w, functional, dysfunctional, importance)


def answer_codes(values: pd.Series, column) -> np.ndarray:
    """Answer codes 1-5 as int8 (0 where missing); anything else is refused by name."""
    if pd.api.types.is_integer_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        small = getattr(values.dtype, "numpy_dtype", np.dtype(np.int64))  # Int8 stays 1 byte per answer
        codes = values.to_numpy(dtype=small, na_value=0) if values.hasnans else values.to_numpy()
        lo, hi = (codes.min(), codes.max()) if len(codes) else (1, 5)
        if 0 <= lo and hi <= 5 and (lo >= 1 or np.count_nonzero(codes == 0) == values.isna().sum()):
            return codes.astype(np.int8, copy=False)  # every 0 is a missing answer: nothing to refuse
        bad = (codes != 0) & ((codes < 1) | (codes > 5))
        if values.hasnans:
            bad |= (codes == 0) & values.notna().to_numpy()
    else:
        num = as_numeric(values, column, error=KanoInputError)
        codes = np.where(np.isnan(num), 0, num)
        bad = ~np.isnan(num) & ((codes < 1) | (codes > 5) | (codes != np.floor(codes)))
    if bad.any():
        raise bad_values(column, values, bad, "answer codes 1-5", error=KanoInputError)
    return codes.astype(np.int8)


def _code_moments(counts: np.ndarray, wsum: np.ndarray, lut: np.ndarray, weighted: bool):
    """Mean and SD per group from the (groups, 6) counts and weight sums of answer codes 0 (none) .. 5."""
    n, sum_w = counts[:, 1:].sum(axis=1), wsum[:, 1:].sum(axis=1)
    score = lut[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (wsum[:, 1:] * score).sum(axis=1) / sum_w
        ss = (wsum[:, 1:] * (score[None, :] - mean[:, None]) ** 2).sum(axis=1)
        var = ss / sum_w * (n / (n - 1)) if weighted else ss / (n - 1)
    return mean, np.sqrt(np.where(n > 1, var, np.nan))


def scores_table(data: pd.DataFrame, groups: Groups, w: np.ndarray | None, functional: str, dysfunctional: str,
                 importance: str) -> pd.DataFrame:
    """The table of :func:`continuous` for grouped rows, from the counts of the answer codes."""
    f = answer_codes(data[functional], functional)
    d = answer_codes(data[dysfunctional], dysfunctional)
    if w is None:  # every pair counted where it falls; the incomplete ones moved to (0, 0) after counting
        joint = groups.bincount(np.add(np.multiply(f, np.int8(6)), d), 36).reshape(-1, 6, 6)
        joint[:, 0, 0] = joint[:, 0, :].sum(axis=1) + joint[:, 1:, 0].sum(axis=1)
        joint[:, 0, 1:] = joint[:, 1:, 0] = 0
    else:
        both = (f > 0) & (d > 0) & (w > 0)
        slot = np.where(both, f * np.int8(6) + d, np.int8(0))  # the answer pair, 0 where incomplete
        joint = groups.bincount(slot, 36).reshape(-1, 6, 6)  # (groups, functional code, dysfunctional code)
    wjoint = joint.astype(float) if w is None else groups.bincount(slot, 36, weights=w).reshape(-1, 6, 6)
    out = groups.keys
    out["n"] = joint.sum(axis=(1, 2)) - joint[:, 0, 0]
    if w is not None:
        out["n_eff"] = kish_n_eff(wjoint.sum(axis=(1, 2)) - wjoint[:, 0, 0],
                                  groups.bincount(weights=w * w, mask=both)[:, 0])
    for side, axis, lut in (("functional", 2, FUNCTIONAL_SCORES), ("dysfunctional", 1, DYSFUNCTIONAL_SCORES)):
        out[f"{side}_mean"], out[f"{side}_sd"] = _code_moments(joint.sum(axis=axis), wjoint.sum(axis=axis), lut,
                                                               w is not None)
    if importance in data.columns:
        out["importance_mean"] = importance_means(data, groups, w, importance)
    return out


def importance_means(data: pd.DataFrame, groups: Groups, w: np.ndarray | None, importance: str) -> np.ndarray:
    """Mean (weighted mean) self-stated importance per group, over the answers given."""
    values = as_numeric(data[importance], importance, error=KanoInputError)
    given = ~np.isnan(values)
    if w is not None:
        given &= w > 0
    x = np.where(given, values, 0.0)
    sum_w = groups.bincount(mask=given)[:, 0].astype(float) if w is None else \
        groups.bincount(weights=w, mask=given)[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return groups.bincount(weights=x if w is None else w * x, mask=given)[:, 0] / sum_w
