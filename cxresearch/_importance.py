"""Derived importance from a correlation matrix: relative weights and Shapley (LMG) values.

Both decompositions need only the correlation matrix ``R`` of (outcome, attributes), so
their cost does not grow with the number of respondents once ``R`` is computed (one pass
over the rows). ``R`` always has the outcome in row and column 0.
"""

from __future__ import annotations

from math import factorial

import numpy as np

__all__ = ["r_squared", "relative_weights", "subset_r2", "shapley", "standardised_betas"]

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
