"""Shapley (LMG) values of R2 estimated from random orders of the attributes, with Monte-Carlo standard errors.

The Shapley value of attribute j is the R2 it adds when it enters, averaged over all k!
orders of the attributes. Here the orders are drawn at random, in antithetic pairs (an order
and its reverse: an attribute that enters early in one enters late in the other, so the two
gains are negatively correlated and their mean varies less; Mitchell, Cooper, Frank & Holmes
2022). The R2 gains along one order are read from one Cholesky factorisation of the
correlation matrix with the attributes in that order and the outcome last: the squared
entries of the outcome's row of the factor are the successive gains (the entry at attribute
i is the outcome's partial correlation with it given the attributes before it, times the
residual standard deviation). The gains along every order sum to the full model's R2, so
the estimated values do too (efficiency holds exactly, up to rounding).

The standard error of each value is the standard deviation of the pair means over the
pairs, divided by the square root of their number (the pairs are independent): the
Monte-Carlo error of the estimate, not the sampling error of the data (that is the
bootstrap's).
"""

from __future__ import annotations

import numpy as np

from cxresearch._core.checks import arg_error

__all__ = ["MIN_SAMPLES", "check_samples", "pairs", "sampled_shapley"]

MIN_SAMPLES = 20  # random orders: 10 antithetic pairs at the least, for a standard error
STACK = 2**22  # numbers in one stack of permuted matrices


def check_samples(n_samples, method: str, family) -> None:
    """``n_samples`` estimates linear Shapley values: refused with another method or family."""
    if n_samples is not None and (method != "shapley" or family == "logit"):
        raise arg_error("n_samples", "None unless method='shapley' with the linear model (sampled Shapley values)",
                        n_samples, "Leave n_samples out: relative weights and OLS are exact at any size, and "
                        "logistic Shapley values are exact (at most 15 attributes).")


def pairs(n_samples: int) -> int:
    """Antithetic pairs drawn for ``n_samples`` orders (an odd number is rounded up)."""
    return (n_samples + 1) // 2


def sampled_shapley(R: np.ndarray, n_samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Estimated Shapley values of R2 and their Monte-Carlo standard errors, from ``R`` (outcome first).

    ``n_samples`` random orders (``pairs(n_samples)`` antithetic pairs) drawn with ``rng``.
    """
    k = R.shape[0] - 1
    n_pairs = pairs(n_samples)
    keys = rng.random((n_pairs, k))
    orders = np.argsort(keys, axis=1)  # uniform random permutations
    step = max(1, STACK // (2 * (k + 1) ** 2))
    means = np.empty((n_pairs, k))
    for start in range(0, n_pairs, step):
        chunk = orders[start:start + step]
        both = np.concatenate([chunk, chunk[:, ::-1]])
        gains = _gains(R, both)
        means[start:start + step] = (gains[:len(chunk)] + gains[len(chunk):]) / 2
    values = means.mean(axis=0)
    se = means.std(axis=0, ddof=1) / np.sqrt(n_pairs)
    return values, se


def _gains(R: np.ndarray, orders: np.ndarray) -> np.ndarray:
    """R2 gained by each attribute (in column order) where it enters, for each order (rows)."""
    n, k = orders.shape
    full = np.concatenate([orders + 1, np.zeros((n, 1), dtype=orders.dtype)], axis=1)  # outcome last
    L = np.linalg.cholesky(R[full[:, :, None], full[:, None, :]])
    gains = np.empty((n, k))
    np.put_along_axis(gains, orders, L[:, k, :k] ** 2, axis=1)
    return gains
