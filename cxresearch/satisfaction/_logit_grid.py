"""Subsets with few cells fitted on their grid: every cell's weights counted per subset, many subsets at once.

A subset of attributes on short rating scales has few cells (all the combinations of its
levels: 6^4 = 1,296 for four 0-5 ratings), far fewer than the patterns of all the
attributes. Subsets whose attributes have the same levels position by position share one
grid, so its design (intercept and level values, one row per cell) serves them all: each
subset's weight and yes count per cell are counted (one ``np.bincount`` for a chunk of
subsets) and the chunk is fitted in step by :func:`~._logit_batch.newton` with weights of
its own per subset; empty cells weigh nothing. The fits are exactly those of the subsets on
their rows (the log-likelihood depends on the rows only through the cells' sums).
"""

from __future__ import annotations

import numpy as np

from cxresearch.satisfaction._logit import Binomial
from cxresearch.satisfaction._logit_batch import newton, products

__all__ = ["grid_fits", "scale_ids"]

CHUNK = 256  # subsets counted and fitted at once


def grid_fits(b: Binomial, masks: np.ndarray, starts: np.ndarray, tol: float,
              single: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Fit the subsets ``masks`` (bit masks of one size) on their grids from ``starts`` (full length).

    Returns their coefficients (full length: zeros for the attributes a subset lacks) and
    log-likelihoods at the optimum, NaN where a fit did not converge in step. ``single``: see
    :func:`~._logit_batch.newton`.
    """
    k = b.X.shape[1]
    coef, ll = np.zeros((len(masks), k + 1)), np.full(len(masks), np.nan)
    if not len(masks):
        return coef, ll
    scale = scale_ids(b.levels)
    cols = np.array([[j for j in range(k) if mask >> j & 1] for mask in masks], dtype=np.int64)
    keys = scale[cols]
    codes = np.ascontiguousarray(b.codes.T, dtype=np.intp)
    _, group = np.unique(keys, axis=0, return_inverse=True)
    for g in np.unique(group):
        where = np.flatnonzero(np.asarray(group).ravel() == g)
        levels = [b.levels[j] for j in cols[where[0]]]
        A, sizes = _design(levels)
        prods = products(A, single)
        for at in range(0, len(where), CHUNK):
            rows = where[at:at + CHUNK]
            M, S = _counts(codes, b.m, b.s, cols[rows], sizes)
            idx = np.column_stack([np.zeros(len(rows), dtype=np.int64), cols[rows] + 1])
            fitted, ll[rows] = newton(A, M, S, prods, np.take_along_axis(starts[rows], idx, 1),
                                      np.ones(idx.shape, dtype=bool), tol, single)
            coef[rows[:, None], idx] = fitted
    return coef, ll


def scale_ids(levels: list) -> np.ndarray:
    """One id per attribute, the same for attributes with the same levels."""
    seen: list = []
    out = np.empty(len(levels), dtype=np.int64)
    for j, lv in enumerate(levels):
        out[j] = next((i for i, other in enumerate(seen) if np.array_equal(other, lv)), len(seen))
        if out[j] == len(seen):
            seen.append(lv)
    return out


def _design(levels: list) -> tuple[np.ndarray, list[int]]:
    """The grid's design (one row per cell: intercept, then the level values) and the number of levels per position."""
    sizes = [len(v) for v in levels]
    digits = np.unravel_index(np.arange(int(np.prod(sizes))), sizes)
    return np.column_stack([np.ones(len(digits[0])), *(v[d] for v, d in zip(levels, digits))]), sizes


def _counts(codes: np.ndarray, m: np.ndarray, s: np.ndarray, cols: np.ndarray, sizes: list[int]):
    """Each subset's weight and yes count per cell of its grid, as ``(subsets, cells)`` matrices.

    One subset at a time: its counts stay in the cache (counting many at once into one long
    ``np.bincount`` is ten times slower).
    """
    cells = int(np.prod(sizes))
    strides = np.cumprod([1, *sizes[:0:-1]])[::-1]
    M, S = np.empty((len(cols), cells)), np.empty((len(cols), cells))
    key, term = np.empty(codes.shape[1], dtype=np.intp), np.empty(codes.shape[1], dtype=np.intp)
    for i, row in enumerate(cols):
        np.multiply(codes[row[0]], strides[0], out=key)
        for j in range(1, len(row)):
            np.multiply(codes[row[j]], strides[j], out=term)
            key += term
        M[i] = np.bincount(key, m, minlength=cells)
        S[i] = np.bincount(key, s, minlength=cells)
    return M, S
