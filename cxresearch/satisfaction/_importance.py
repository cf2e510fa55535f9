"""Derived importance from a correlation matrix: relative weights and Shapley (LMG) values.

Both decompositions need only the correlation matrix ``R`` of (outcome, attributes), so
their cost does not grow with the number of respondents once ``R`` is computed (one pass
over the rows). ``R`` always has the outcome in row and column 0. :func:`fit_group` turns
the sums of one group (:class:`~cxresearch._core.sums.Sums`, from rows or from a
``Moments`` object) into the table that :func:`cxresearch.satisfaction.drivers` shows;
standardised betas and their standard errors are in closed form from ``R`` (no refit).
"""

from __future__ import annotations

from math import factorial

import numpy as np
import pandas as pd

from cxresearch._core.progress import Progress
from cxresearch.satisfaction._pairwise import pairwise_replicates
from cxresearch.satisfaction._resample import centred, centred_rows, percentile_interval, resampled_cross
from cxresearch._core.sums import Sums, correlation, t_table
from cxresearch.satisfaction._sampled_shapley import pairs, sampled_shapley
from cxresearch.satisfaction._subsets import shapley_of_subsets, sweep_r2

__all__ = ["betas", "bootstrap", "fit_group", "r_squared", "relative_weights", "shapley", "standardised_betas",
           "shapley_values", "subset_r2", "weights"]

# Largest batch of subset systems solved at once (elements of the stacked matrices).
_BATCH = 2_000_000


def standardised_betas(R: np.ndarray) -> np.ndarray:
    """Standardised regression coefficients Rxx^-1 rxy (also for a stack of matrices)."""
    return np.linalg.solve(R[..., 1:, 1:], R[..., 1:, 0:1])[..., 0]


def r_squared(R: np.ndarray) -> float:
    """R^2 of the outcome on all attributes: rxy' Rxx^-1 rxy."""
    return float(R[1:, 0] @ standardised_betas(R))


def relative_weights(R: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights; they sum to R^2 (also for a stack of matrices).

    The attributes X are replaced by their closest orthonormal counterparts
    Z = X Rxx^(-1/2); with Lambda = Rxx^(1/2) (the correlations between X and Z) and
    beta = Rxx^(-1/2) rxy (the coefficients of the outcome on Z),
    ``weight_j = sum_k Lambda_jk^2 beta_k^2``.
    """
    evals, evecs = np.linalg.eigh(R[..., 1:, 1:])
    root = np.sqrt(np.clip(evals, 0.0, None))[..., None, :]
    vt = np.swapaxes(evecs, -1, -2)
    lam = (evecs * root) @ vt
    beta = (evecs / root) @ (vt @ R[..., 1:, 0:1])
    return ((lam**2) @ (beta**2))[..., 0]


def _bits(k: int) -> np.ndarray:
    masks = np.arange(2**k, dtype=np.int64)
    return ((masks[:, None] >> np.arange(k)) & 1).astype(np.uint8)


def subset_r2(R: np.ndarray) -> np.ndarray:
    """R^2 of every subset of attributes, indexed by bit mask (bit j = attribute j).

    One sweep per level of the subset tree on the correlation matrix (Schur complements,
    :func:`._subsets.sweep_r2`): about 12 operations per subset in all. No raw rows are touched.
    """
    return sweep_r2(R)


def _subset_r2_solve(R: np.ndarray) -> np.ndarray:
    """The former subset R^2: each subset's normal equations ``Rss b = rs`` solved afresh (stacked by size).

    Kept for the benchmark and the tests (an independent computation); not used by the models.
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
    return shapley_values(subset_r2(R) if r2 is None else r2, R.shape[0] - 1)


def shapley_values(r2: np.ndarray, k: int) -> np.ndarray:
    """Shapley values of any set function given on the 2^k subsets (indexed by bit mask), e.g. a pseudo-R^2."""
    return shapley_of_subsets(r2, k)


def _shapley_values_loop(r2: np.ndarray, k: int) -> np.ndarray:
    """The former Shapley sum (a gain per attribute and subset); kept for the benchmark and the tests."""
    masks = np.arange(2**k, dtype=np.int64)
    size = _bits(k).sum(axis=1)
    weight = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])
    out = np.empty(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        gain = r2[without | (1 << j)] - r2[without]
        out[j] = weight[size[without]] @ gain
    return out


def weights(R: np.ndarray, method: str, n_samples: int | None = None, rng=None) -> np.ndarray:
    """Importance of each attribute by ``method`` ("relative_weights", "shapley" or "ols"); a stack of R gives a stack.

    ``n_samples`` (Shapley only): estimated from that many random orders drawn with ``rng``.
    """
    if method == "relative_weights":
        return relative_weights(R)
    if method == "ols":
        return standardised_betas(R)
    def one(r):
        return shapley(r) if n_samples is None else sampled_shapley(r, n_samples, rng)[0]

    if R.ndim == 2:
        return one(R)
    return np.array([one(r) for r in R]).reshape(R.shape[0], R.shape[-1] - 1)


def betas(R: np.ndarray, n_eff: float, confidence: float) -> tuple[np.ndarray, dict, float]:
    """Standardised betas, their t statistics and intervals, and R2, in closed form from R.

    ``beta = Rxx^-1 rxy``, ``R2 = rxy' beta``, ``se_j = sqrt((1 - R2) / (n - k - 1) (Rxx^-1)_jj)``:
    the OLS of z-scored outcome on z-scored attributes (its intercept is 0 and uncorrelated
    with the slopes), with ``n`` the effective sample size under weights.
    """
    k = R.shape[0] - 1
    inv = np.linalg.inv(R[1:, 1:])
    beta = np.linalg.solve(R[1:, 1:], R[1:, 0])
    r2 = float(R[1:, 0] @ beta)
    df = n_eff - k - 1
    se = np.sqrt(max(1 - r2, 0.0) / df * np.diag(inv))
    return beta, t_table(beta, se, df, confidence), r2


def fit_group(s: Sums, method: str, confidence: float, n_boot: int, rng, rows=None,
              progress: bool | Progress = True, n_samples: int | None = None
              ) -> tuple[pd.DataFrame, dict, np.ndarray | None]:
    """One group's importance table, fit statistics and bootstrap replicates, from the sums of (outcome, attributes).

    ``rows`` ((n, 1 + k) values, weights or None) are needed for the bootstrap only.
    ``n_samples``: Shapley values estimated from random orders, with ``mc_se`` (their
    Monte-Carlo standard errors) after ``weight``; the orders are drawn before the bootstrap.
    """
    R = s.correlation()
    k = len(s.names) - 1
    n_eff = s.n_eff
    beta, t, r2 = betas(R, n_eff, confidence)
    fit_stats = {"n": s.n, "r2": r2, "adj_r2": 1 - (1 - r2) * (n_eff - 1) / (n_eff - k - 1)}
    if s.weighted:
        fit_stats.update(sum_w=s.sum_w, n_eff=n_eff)
    cols = {"attribute": np.array(s.names[1:], dtype=object), "mean": s.mean[1:], "r": R[1:, 0], "beta": beta,
            "beta_ci_low": t["ci_low"], "beta_ci_high": t["ci_high"], "p_value": t["p_value"],
            "weight": None}
    if n_samples is None:
        cols["weight"] = weights(R, method)
    else:
        cols["weight"], cols["mc_se"] = sampled_shapley(R, n_samples, rng)
        fit_stats["n_samples"] = 2 * pairs(n_samples)
    reps = bootstrap_replicates(*rows, method, n_boot, rng, progress, n_samples) if n_boot else None
    if n_boot:
        cols["weight_ci_low"], cols["weight_ci_high"] = percentile_interval(reps, confidence)
    if method != "ols":
        cols["pct_r2"] = 100 * cols["weight"] / r2
    key = np.abs(cols["weight"]) if method == "ols" else cols["weight"]
    cols["rank"] = 1 + (key[None, :] > key[:, None]).sum(axis=1)  # pandas' rank(ascending=False, method="min")
    return pd.DataFrame(cols), fit_stats, reps


def bootstrap(values: np.ndarray, w, method: str, n_boot: int, confidence: float, rng: np.random.Generator,
              progress: bool | Progress = True, n_samples: int | None = None):
    """Percentile intervals of the weights over respondent resamples (:func:`bootstrap_replicates`)."""
    return percentile_interval(bootstrap_replicates(values, w, method, n_boot, rng, progress, n_samples), confidence)


def bootstrap_replicates(values: np.ndarray, w, method: str, n_boot: int, rng: np.random.Generator,
                         progress: bool | Progress = True, n_samples: int | None = None) -> np.ndarray:
    """The weights of every respondent resample (:mod:`._resample`), (n_boot, k); NaN rows where undefined.

    A resample in which a column is constant, or whose attribute correlations are nearly
    singular (condition number 1e12 or more), has no weights and is left out, as a refit
    on the resampled rows would do. Rows with missing values (``missing="pairwise"``) are
    resampled with their gaps and each resample's correlations are pairwise
    (:mod:`._pairwise`).
    """
    if np.isnan(values).any():
        return pairwise_replicates(values, w, lambda R: weights(R, method, n_samples, rng), n_boot, rng, progress)
    out = []
    for S in resampled_cross(centred_rows(values), w, n_boot, rng, progress=progress, desc="drivers bootstrap"):
        _, _, C = centred(S)
        diag = np.diagonal(C, axis1=1, axis2=2)
        raw = np.diagonal(S, axis1=1, axis2=2)[:, 1:]
        ok = (diag > 1e-9 * raw).all(axis=1)
        W = np.full((len(S), values.shape[1] - 1), np.nan)
        R = correlation(C[ok])
        if len(R):
            good = np.linalg.cond(R[:, 1:, 1:]) < 1e12
            W[np.flatnonzero(ok)[good]] = weights(R[good], method, n_samples, rng)
        out.append(W)
    return np.concatenate(out)
