"""Derived importance from a correlation matrix: relative weights and Shapley (LMG) values.

Both decompositions need only the correlation matrix ``R`` of (outcome, attributes), so
their cost does not grow with the number of respondents once ``R`` is computed (one pass
over the rows). ``R`` always has the outcome in row and column 0. :func:`fit_group` turns
one group of rating data into the table that :func:`cxresearch.satisfaction.drivers` shows.
"""

from __future__ import annotations

from math import factorial

import numpy as np
import pandas as pd
import statsmodels.api as sm

__all__ = ["fit_group", "r_squared", "relative_weights", "shapley", "standardised_betas", "subset_r2", "weights"]

# Largest batch of subset systems solved at once (elements of the stacked matrices).
_BATCH = 2_000_000


def standardised_betas(R: np.ndarray) -> np.ndarray:
    """Standardised regression coefficients Rxx^-1 rxy."""
    return np.linalg.solve(R[1:, 1:], R[1:, 0])


def r_squared(R: np.ndarray) -> float:
    """R^2 of the outcome on all attributes: rxy' Rxx^-1 rxy."""
    return float(R[1:, 0] @ standardised_betas(R))


def relative_weights(R: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights; they sum to R^2.

    The attributes X are replaced by their closest orthonormal counterparts
    Z = X Rxx^(-1/2); with Lambda = Rxx^(1/2) (the correlations between X and Z) and
    beta = Rxx^(-1/2) rxy (the coefficients of the outcome on Z),
    ``weight_j = sum_k Lambda_jk^2 beta_k^2``.
    """
    evals, evecs = np.linalg.eigh(R[1:, 1:])
    evals = np.clip(evals, 0.0, None)
    lam = (evecs * np.sqrt(evals)) @ evecs.T
    beta = (evecs / np.sqrt(evals)) @ (evecs.T @ R[1:, 0])
    return (lam**2) @ (beta**2)


def _bits(k: int) -> np.ndarray:
    masks = np.arange(2**k, dtype=np.int64)
    return ((masks[:, None] >> np.arange(k)) & 1).astype(np.uint8)


def subset_r2(R: np.ndarray) -> np.ndarray:
    """R^2 of every subset of attributes, indexed by bit mask (bit j = attribute j).

    Subsets of one size are solved together as a stack of linear systems
    ``Rss b = rs``; ``R^2(S) = rs' b``. No raw rows are touched.
    """
    k = R.shape[0] - 1
    Rxx, r = R[1:, 1:], R[1:, 0]
    bits = _bits(k)
    size = bits.sum(axis=1)
    out = np.zeros(2**k)
    for s in range(1, k + 1):
        masks = np.flatnonzero(size == s)
        step = max(1, _BATCH // (s * s))
        for start in range(0, len(masks), step):
            chunk = masks[start:start + step]
            idx = np.nonzero(bits[chunk])[1].reshape(len(chunk), s)
            A = Rxx[idx[:, :, None], idx[:, None, :]]
            b = r[idx]
            out[chunk] = np.einsum("ij,ij->i", b, np.linalg.solve(A, b[:, :, None])[:, :, 0])
    return out


def shapley(R: np.ndarray, r2: np.ndarray | None = None) -> np.ndarray:
    """Shapley values (LMG) of R^2: each attribute's R^2 gain averaged over all orders.

    ``phi_j = sum over S not containing j of |S|! (k-|S|-1)! / k! * (R2(S + j) - R2(S))``;
    the values sum to the full-model R^2 (the efficiency property).
    """
    k = R.shape[0] - 1
    if r2 is None:
        r2 = subset_r2(R)
    masks = np.arange(2**k, dtype=np.int64)
    size = _bits(k).sum(axis=1)
    weight = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])
    out = np.empty(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        gain = r2[without | (1 << j)] - r2[without]
        out[j] = weight[size[without]] @ gain
    return out


def weights(R: np.ndarray, method: str) -> np.ndarray:
    """Importance of each attribute by ``method`` ("relative_weights", "shapley" or "ols")."""
    if method == "relative_weights":
        return relative_weights(R)
    if method == "shapley":
        return shapley(R)
    return standardised_betas(R)


def fit_group(d, method: str, confidence: float, n_boot: int, rng) -> tuple[pd.DataFrame, dict]:
    """One group's importance table and fit statistics."""
    R = d.correlation()
    n, k = d.X.shape
    r2 = r_squared(R)
    fit_stats = {"n": n, "r2": r2, "adj_r2": 1 - (1 - r2) * (n - 1) / (n - k - 1)}

    z = lambda a: (a - a.mean(axis=0)) / a.std(axis=0)  # noqa: E731
    fit = sm.OLS(z(d.y), sm.add_constant(z(d.X))).fit()
    ci = fit.conf_int(1 - confidence)[1:]
    table = pd.DataFrame({"attribute": d.attributes, "mean": d.X.mean(axis=0), "r": R[1:, 0],
                          "beta": fit.params[1:], "beta_ci_low": ci[:, 0], "beta_ci_high": ci[:, 1],
                          "p_value": fit.pvalues[1:]})
    table["weight"] = weights(R, method)
    if n_boot:
        table["weight_ci_low"], table["weight_ci_high"] = _bootstrap(
            np.column_stack([d.y, d.X]), method, n_boot, confidence, rng)
    if method != "ols":
        table["pct_r2"] = 100 * table["weight"] / r2
    key = table["weight"].abs() if method == "ols" else table["weight"]
    table["rank"] = key.rank(ascending=False, method="min").astype(int)
    return table, fit_stats


def _bootstrap(M: np.ndarray, method: str, n_boot: int, confidence: float, rng: np.random.Generator):
    """Percentile intervals of the weights over respondent resamples."""
    n = len(M)
    out = np.full((n_boot, M.shape[1] - 1), np.nan)
    for b in range(n_boot):
        sample = M[rng.integers(0, n, n)]
        if (np.ptp(sample, axis=0) == 0).any():
            continue  # a resample in which a column is constant has no weights
        R = np.corrcoef(sample, rowvar=False)
        if np.linalg.cond(R[1:, 1:]) < 1e12:
            out[b] = weights(R, method)
    tail = 50 * (1 - confidence)
    return np.nanpercentile(out, tail, axis=0), np.nanpercentile(out, 100 - tail, axis=0)
