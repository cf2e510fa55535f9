"""R2 of every subset of attributes by Schur complements (one pivot per level), and Shapley values of a set function.

The subsets of k attributes form a binary tree: level j decides whether attribute j is in.
Each node holds the correlation matrix of the attributes not yet decided and the outcome,
*conditional on* (partialled for) the attributes already taken: the Schur complement.
Leaving attribute j out drops its row and column; taking it in is one sweep on its pivot,
``C' = C - c c' / c_jj`` (the residual covariances after regressing on it). At the leaves
only the outcome is left, and its residual variance is ``1 - R2(S)``. A node at level j
costs ``(k - j)^2``, so all 2^k subsets cost about ``12 * 2^k`` operations in total: less
than one operation per subset per attribute, against the ``s^3 / 3`` of solving each
subset's normal equations afresh. The nodes of a level are processed together as one
stack (numpy), depth first once a stack would pass :data:`STACK` numbers, so the memory
is the 2^k output plus a fixed working set.

The pivots are the partial variances of an attribute given those taken before it, the
pivots of a Cholesky factorisation of the subset's correlation matrix in that order, so
the sweep is as stable as a Cholesky solve (no pivoting is needed on a positive-definite
matrix).
"""

from __future__ import annotations

import os
from math import factorial

import numpy as np

from cxresearch._core.checks import arg_error

__all__ = ["check_exact", "exact_bytes", "shapley_of_subsets", "sweep_r2"]

STACK = 2**23  # numbers in one level's stack of conditional matrices (64 MB) before the tree is split
CHUNK = 2**20  # subsets per block when the Shapley values are summed
MAX_EXACT = 30  # attributes: beyond this exact Shapley values are refused whatever the memory


def exact_bytes(k: int) -> int:
    """Memory of exact Shapley values for k attributes: the 2^k subset values, the working stacks and blocks.

    Measured (tracemalloc) at 25 attributes x 100,000 rows: 637 MB at the peak of a whole
    ``drivers`` call, against 713 MB here.
    """
    return 8 * 2**k + 6 * 8 * STACK + 40 * CHUNK


def _available() -> int | None:
    """Bytes of memory available now (Linux and most Unixes), None where the system does not say."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_exact(k: int, attributes) -> None:
    """Refuse exact Shapley values that this machine cannot hold (more than half its available memory)."""
    need, free = exact_bytes(k), _available()
    if k <= MAX_EXACT and (free is None or need <= free / 2):
        return
    limit = (f"about {need / 1e9:.1f} GB of memory for the 2^{k} = {2**k:,} subset R2 values; "
             + (f"{free / 1e9:.1f} GB is available" if free is not None else "")
             if k <= MAX_EXACT else f"more than {MAX_EXACT} attributes (2^{k} = {2**k:,} subsets)")
    raise arg_error("attributes", "few enough columns for exact Shapley values (every subset's R2 is held in "
                    "memory: 8 bytes x 2^k)", attributes,
                    f"Pass n_samples=2000 (or more) for Shapley values estimated from random orders of the "
                    f"attributes, with their Monte-Carlo standard errors in 'mc_se'; or use "
                    f"method='relative_weights'.", got=f"{k} attributes need {limit}")


def sweep_r2(R: np.ndarray) -> np.ndarray:
    """R2 of every subset of attributes (bit j = attribute j) from the correlation matrix ``R`` (outcome first)."""
    k = R.shape[0] - 1
    out = np.empty(2**k)
    order = [*range(1, k + 1), 0]  # attributes in order, the outcome last
    C = np.ascontiguousarray(R[np.ix_(order, order)], dtype=float)[:, :, None]  # the stack runs along the last axis
    _descend(C, np.zeros(1, dtype=np.int64), 0, k, out)
    out[0] = 0.0
    return out


def _descend(C: np.ndarray, masks: np.ndarray, j: int, k: int, out: np.ndarray) -> None:
    """Carry a stack of conditional matrices from level j to the leaves, writing 1 - residual variance."""
    while j < k:
        m, count = C.shape[0], C.shape[2]
        if 2 * count * (m - 1) ** 2 > STACK and count > 1:
            half = count // 2
            _descend(C[:, :, :half], masks[:half], j, k, out)
            _descend(C[:, :, half:], masks[half:], j, k, out)
            return
        col = C[1:, 0, :] / np.sqrt(C[0, 0, :])
        new = np.empty((m - 1, m - 1, 2 * count))
        new[:, :, :count] = C[1:, 1:, :]  # attribute j left out
        taken = new[:, :, count:]  # attribute j taken in: one sweep on its pivot
        np.multiply(col[:, None, :], col[None, :, :], out=taken)
        np.subtract(C[1:, 1:, :], taken, out=taken)
        C = new
        masks = np.concatenate([masks, masks | (1 << j)])
        j += 1
    out[masks] = 1.0 - C[0, 0, :]


def _size_weights(k: int) -> np.ndarray:
    """Shapley weight |S|! (k - |S| - 1)! / k! of a subset S of size 0 .. k - 1 (0 for size k)."""
    return np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)] + [0.0])


def shapley_of_subsets(v: np.ndarray, k: int) -> np.ndarray:
    """Shapley values of a set function ``v`` on the 2^k subsets (by bit mask), block by block.

    ``phi_j = sum_{S without j} w(|S|) (v(S + j) - v(S))`` with ``w(s) = s! (k - s - 1)! / k!``.
    Regrouped by subset, ``phi_j = sum_{T with j} c(T) - sum_T w(|T|) v(T)`` with
    ``c(T) = (w(|T| - 1) + w(|T|)) v(T)``: one pass over the subsets per block, no index
    arrays of size 2^k.
    """
    w = _size_weights(k)
    w_in = np.r_[0.0, w[:-1]]  # w(|T| - 1): T contains j
    out = np.zeros(k)
    total_b = 0.0
    block = min(CHUNK, 2**k)
    low = block.bit_length() - 1
    within = _popcount(np.arange(block, dtype=np.int64))
    for start in range(0, 2**k, block):
        size = within + bin(start).count("1")
        vb = v[start:start + block]
        b = w[size] * vb
        c = w_in[size] * vb + b
        total_b += b.sum()
        for j in range(low):
            out[j] += c.reshape(-1, 2, 2**j)[:, 1, :].sum()
        high = c.sum()
        for j in range(low, k):
            if start >> j & 1:
                out[j] += high
    return out - total_b


def _popcount(x: np.ndarray) -> np.ndarray:
    """Number of set bits of each (non-negative, below 2^32) integer."""
    x = x - ((x >> 1) & 0x55555555)
    x = (x & 0x33333333) + ((x >> 2) & 0x33333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F
    return ((x * 0x01010101) & 0xFFFFFFFF) >> 24
