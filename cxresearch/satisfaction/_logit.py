"""Logistic regression for yes/no outcomes: rows collapsed to patterns, Newton fits, separation, Wald tables.

The models of ``family="logit"`` (:func:`cxresearch.satisfaction.drivers`,
:func:`cxresearch.satisfaction.penalty_reward`) fit the weighted log-likelihood

    LL(b) = sum_i w_i [y_i eta_i - log(1 + exp(eta_i))],   eta_i = x_i' b,

which depends on the rows only through, per distinct row of the predictors (a *pattern*),
the sum of the weights ``m`` and the weighted number of yes answers ``s``. Ratings take few
values, so :func:`collapse` turns n rows into far fewer patterns and every fit (Newton's
method with step halving, :func:`fit`) runs on those; a bootstrap resample is new ``m`` and
``s`` for the same patterns (exactly a refit on the resampled rows).

Weights are sampling weights: the point estimates are those of the weighted likelihood
(statsmodels' ``GLM(..., freq_weights=w)`` gives the same; integer weights give exactly the
estimates of replicated rows). The covariance is the inverse information with the weights
rescaled to sum to Kish's effective sample size ``n_eff = (sum w)^2 / sum w^2``, so all-equal
weights give the unweighted covariance and integer weights do not give the narrower
intervals of replicated rows.

**Separation.** When a combination of the predictors splits the yes and no answers (all
yes on one side, all no on the other, ties allowed: quasi-complete separation), the
likelihood has no maximum and coefficients run off to infinity (Albert & Anderson 1984).
:func:`separation` decides it exactly with a linear program (Konis 2007): it looks for a
direction ``d != 0`` with ``x_i' d >= 0`` for every yes and ``<= 0`` for every no answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from cxresearch._core.checks import arg_error, bad_values
from cxresearch.errors import CXInputError

__all__ = ["Binomial", "LogitFit", "check_yes_no", "collapse", "covariance", "fit", "loglik", "separation",
           "wald_table", "weighted_cross"]

ROWS = 8192  # rows per block in a pass over the patterns
CLAMP = 1e-10  # fitted probabilities are kept in [CLAMP, 1 - CLAMP] where a logit of them is taken (as R's rwa)


def check_yes_no(raw: pd.Series, column: str, codes: tuple = ()) -> None:
    """A yes/no outcome: 0/1 numbers or True/False (missing allowed); anything else refused by name.

    Values listed in ``codes`` (``missing_codes``) are missing answers, not values to check.
    """
    if pd.api.types.is_bool_dtype(raw.dtype):
        return
    numeric = pd.to_numeric(raw, errors="coerce")
    present = raw.notna().to_numpy(dtype=bool)
    if codes:
        present = present & ~raw.isin(list(codes)).to_numpy(dtype=bool)
    bad = present & ~np.isin(numeric.to_numpy(dtype=float, na_value=np.nan), [0.0, 1.0])
    if bad.any():
        raise bad_values(
            column, raw, bad, "0 or 1 (family='logit' models a yes/no outcome: 1 = yes, 0 = no)",
            hint=f"Code the outcome 0/1 first, e.g. data[{column!r}].map({{'no': 0, 'yes': 1}}), or "
                 f"(data[{column!r}] == 2).astype(int) for a 1/2 code; answers meaning 'not applicable' go in "
                 "missing_codes.")


@dataclass(frozen=True)
class Binomial:
    """Rows collapsed to distinct patterns of the predictors.

    ``X`` (g, k) the patterns, ``m`` their weight sums, ``s`` their weighted yes counts,
    ``inverse`` the pattern of every row, ``codes`` (g, k) the level index of each value and
    ``levels`` the distinct values of each column (for collapsing subsets of the columns).
    """

    X: np.ndarray
    m: np.ndarray
    s: np.ndarray
    inverse: np.ndarray
    codes: np.ndarray
    levels: list

    def reweighted(self, row_weights: np.ndarray, y: np.ndarray) -> Binomial:
        """The same patterns with new row weights (a bootstrap resample: counts x weights)."""
        g = len(self.m)
        m = np.bincount(self.inverse, row_weights, minlength=g)
        s = np.bincount(self.inverse, row_weights * y, minlength=g)
        return Binomial(self.X, m, s, self.inverse, self.codes, self.levels)

    def collapsed(self, cols: list[int]) -> Binomial | None:
        """The patterns of some columns, collapsed again; None when that would not leave far fewer patterns."""
        sizes = [len(self.levels[j]) for j in cols]
        cells = int(np.prod(sizes)) if cols else 1
        if cells > 2 * len(self.m):
            return None
        key = np.zeros(len(self.m), dtype=np.int64)
        for j, size in zip(cols, sizes):  # in place: no new array per column
            np.multiply(key, size, out=key)
            np.add(key, self.codes[:, j], out=key)
        m = np.bincount(key, self.m, minlength=cells)
        keep = np.flatnonzero(m > 0)
        if len(keep) > 0.8 * len(self.m):
            return None
        s = np.bincount(key, self.s, minlength=cells)[keep]
        codes = np.array(np.unravel_index(keep, sizes)).T.reshape(len(keep), len(cols))
        X = np.column_stack([self.levels[j][codes[:, i]] for i, j in enumerate(cols)]) if cols else \
            np.empty((len(keep), 0))
        return Binomial(X, m[keep], s, np.empty(0, dtype=np.int64), codes, [self.levels[j] for j in cols])


def collapse(X: np.ndarray, y: np.ndarray, w: np.ndarray | None) -> Binomial:
    """Rows (n, k) of predictors, 0/1 outcome and weights as distinct patterns with weight sums."""
    n, k = X.shape
    w = np.ones(n) if w is None else w
    levels, codes = [], np.empty((n, k), dtype=np.int64)
    for j in range(k):
        levels.append(_codes(X[:, j], codes[:, j]))
    sizes = [len(v) for v in levels]
    if np.sum(np.log2(np.maximum(sizes, 1))) < 62:
        key = np.zeros(n, dtype=np.int64)
        for j, size in enumerate(sizes):
            key = key * size + codes[:, j]
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(codes, axis=0, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).ravel()
    g = len(first)
    return Binomial(X[first], np.bincount(inverse, w, minlength=g), np.bincount(inverse, w * y, minlength=g),
                    inverse, codes[first], levels)


def _codes(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Write the level index of every value of ``x`` into ``out``; return the distinct values (sorted).

    Whole-number ratings on a short range are coded by counting (no sort).
    """
    lo, hi = x.min(), x.max()
    if hi - lo <= 10_000 and np.array_equal(x, np.round(x)):
        raw = (x - lo).astype(np.int64)
        present = np.bincount(raw) > 0
        out[:] = (np.cumsum(present) - 1)[raw]
        return lo + np.flatnonzero(present).astype(float)
    values, inverse = np.unique(x, return_inverse=True)
    out[:] = np.asarray(inverse).ravel()
    return values


def loglik(eta: np.ndarray, m: np.ndarray, s: np.ndarray) -> float:
    """The binomial log-likelihood ``sum s eta - m log(1 + exp(eta))`` (stable for any eta)."""
    return float(s @ eta - m @ (np.maximum(eta, 0.0) + np.log1p(np.exp(-np.abs(eta)))))


def weighted_cross(A: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``A' diag(m) A``, block by block of rows."""
    out = np.zeros((A.shape[1], A.shape[1]))
    for a in range(0, len(m), ROWS):
        Ac = A[a:a + ROWS]
        out += (Ac * m[a:a + ROWS, None]).T @ Ac
    return out


def _state(A: np.ndarray, m: np.ndarray, s: np.ndarray, b: np.ndarray, cols=None):
    """One pass over the patterns at ``b``: log-likelihood, gradient, information and linear predictor.

    In blocks of rows: the temporaries stay small (large ones cost a fresh allocation and
    its page faults every time), and one pass gives everything a Newton step needs.
    ``cols`` picks columns of ``A`` block by block (a subset model without a copy of ``A``).
    """
    q = len(b)
    ll, grad, info, eta = 0.0, np.zeros(q), np.zeros((q, q)), np.empty(len(m))
    for a in range(0, len(m), ROWS):
        Ac = A[a:a + ROWS] if cols is None else A[a:a + ROWS, cols]
        mc, sc = m[a:a + ROWS], s[a:a + ROWS]
        et = eta[a:a + ROWS] = Ac @ b
        e = np.exp(-np.abs(et))
        ll += float(sc @ et - mc @ (np.maximum(et, 0.0) + np.log1p(e)))
        p = np.where(et >= 0, 1.0, e) / (1.0 + e)
        mp = mc * p
        grad += Ac.T @ (sc - mp)
        info += (Ac * (mp * (1 - p))[:, None]).T @ Ac
    return ll, grad, info, eta


def null_loglik(m: np.ndarray, s: np.ndarray) -> float:
    """The log-likelihood of the intercept-only model (the share of yes answers for everyone)."""
    p = s.sum() / m.sum()
    return float(s.sum() * np.log(p) + (m.sum() - s.sum()) * np.log1p(-p))


@dataclass(frozen=True)
class LogitFit:
    """A weighted logistic fit: coefficients (intercept first), the inverse information, fit statistics."""

    params: np.ndarray
    inv_info: np.ndarray | None
    eta: np.ndarray
    loglik: float
    converged: bool
    iterations: int


def fit(A: np.ndarray, m: np.ndarray, s: np.ndarray, start: np.ndarray | None = None, max_iter: int = 50,
        tol: float = 1e-8, cov: bool = True, cols=None) -> LogitFit:
    """Newton's method with step halving on the patterns ``A`` (intercept column included).

    Converged when the largest step is below ``tol * (1 + max |b|)`` (Newton's convergence is
    quadratic, so the estimates are then accurate to about ``tol^2``). Under separation the
    steps never shrink (the coefficients grow without end), so such a fit is reported as not
    converged instead of stopping at a tiny change in the deviance, as a deviance rule would.
    ``cov=False`` skips the inverse information (``inv_info`` is None); ``cols`` fits the
    model on those columns of ``A`` only (the first must be the intercept).
    """
    b = np.zeros(A.shape[1] if cols is None else len(cols)) if start is None else np.array(start, dtype=float)
    if start is None:
        share = s.sum() / m.sum()
        b[0] = np.log(share / (1 - share))
    ll, grad, info, eta = _state(A, m, s, b, cols)
    converged, it = False, 0
    for it in range(1, max_iter + 1):
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            break
        if not np.isfinite(step).all():
            break
        t = 1.0
        while True:
            new = _state(A, m, s, b + t * step, cols)
            if new[0] >= ll - 1e-12 * abs(ll) or t < 1e-6:
                break
            t /= 2
        b = b + t * step
        ll, grad, info, eta = new
        if np.max(np.abs(t * step)) <= tol * (1 + np.max(np.abs(b))):
            converged = True
            break
    inv, converged = covariance(info, converged) if cov else (None, converged)
    return LogitFit(b, inv, eta, ll, converged, it)


def separation(A: np.ndarray, m: np.ndarray, s: np.ndarray) -> tuple[str, np.ndarray] | None:
    """None when the maximum likelihood estimate exists; else ("complete" | "quasi-complete", direction).

    The linear program maximises ``sum_i t_i x_i' d`` over ``-1 <= d <= 1`` subject to
    ``t_i x_i' d >= 0`` (t = +1 for a pattern with a yes answer, -1 for one with a no answer;
    a pattern with both gives both rows). Its optimum is 0 exactly when no separating
    direction exists. A second program asks whether every margin can be made positive
    (complete separation). Columns other than the intercept are scaled to unit range first
    (separation does not depend on scale).
    """
    span = np.ptp(A, axis=0)
    B = A / np.where(span > 0, span, 1.0)
    rows = np.vstack([B[s > 1e-12 * m], -B[m - s > 1e-12 * m]])
    bounds = [(-1.0, 1.0)] * B.shape[1]
    res = optimize.linprog(-rows.sum(axis=0), A_ub=-rows, b_ub=np.zeros(len(rows)), bounds=bounds, method="highs")
    if res.status != 0 or -res.fun <= 1e-6:
        return None
    direction = res.x
    strict = optimize.linprog(np.r_[np.zeros(B.shape[1]), -1.0], A_ub=np.column_stack([-rows, np.ones(len(rows))]),
                              b_ub=np.zeros(len(rows)), bounds=[*bounds, (0.0, 1.0)], method="highs")
    kind = "complete" if strict.status == 0 and -strict.fun > 1e-7 else "quasi-complete"
    return kind, direction / np.where(span > 0, span, 1.0)


def wald_table(est: np.ndarray, se: np.ndarray, confidence: float) -> dict[str, np.ndarray]:
    """z statistics, two-sided p-values and normal intervals of estimates with standard errors."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = est / se
    half = special.ndtri(0.5 + confidence / 2) * se
    return {"estimate": est, "se": se, "z": z, "p_value": 2 * special.ndtr(-np.abs(z)), "ci_low": est - half,
            "ci_high": est + half}


def check_outcome_scale(outcome_scale) -> None:
    """``outcome_scale`` has no role for a 0/1 outcome."""
    if outcome_scale is not None:
        raise arg_error("outcome_scale", "None with family='logit' (the outcome is 0 or 1)", outcome_scale)


def constant_band_error(where: str, outcome: str, value: float, n: int) -> CXInputError:
    """The outcome has one value in the rows used."""
    return CXInputError(f"{where}Outcome {outcome!r} is {value:g} in all {n} rows used: a logistic model needs "
                        "both yes (1) and no (0) answers.")


def covariance(info: np.ndarray, converged: bool) -> tuple[np.ndarray, bool]:
    """The inverse of the information at the estimates; NaN and not converged when it is singular."""
    try:
        return np.linalg.inv(info), converged
    except np.linalg.LinAlgError:
        return np.full_like(info, np.nan), False
