"""The bootstrap of respondents as a resampling of their moment contributions, not a refit on rows.

A resample of n respondents drawn with replacement is a vector of counts c (how often each
respondent was drawn). Every statistic the rating models need is a function of the
cross-products ``S = sum_i c_i w_i z_i z_i'`` of the row vectors ``z_i`` (with a leading 1,
so that ``S`` also holds the number of rows, the weight sum and the column sums). With the
per-row contributions ``P`` (n x q(q+1)/2, the products of every pair of columns) the
cross-products of a batch of B resamples are one matrix product ``counts (B x n) @ P``;
each resample is then solved from its small ``S`` (a correlation matrix, normal equations).

The draws are those of ``rng.integers(0, n, n)`` once per resample, in order, so the
resamples, and therefore the percentile intervals, are exactly those of a refit on the
resampled rows with the same generator.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cxresearch._core.progress import Progress, counting

__all__ = ["centred_rows", "resampled_cross"]

# Largest count matrix of one batch and largest matrix of row contributions (elements).
_COUNTS = 2**22
_PRODUCTS = 2**23
_MAX_BATCH = 256


def centred_rows(values: np.ndarray) -> np.ndarray:
    """``[1, values - column means]``: the row vectors whose cross-products are resampled."""
    values = np.asarray(values, dtype=float)
    return np.column_stack([np.ones(len(values)), values - values.mean(axis=0)])


def counts(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """How often each of n rows is drawn in ``size`` resamples (``size`` x n), from ``rng.integers(0, n, n)``."""
    out = np.empty((size, n))
    for i in range(size):  # one draw of n indices per resample, as a refit loop would draw them
        out[i] = np.bincount(rng.integers(0, n, n), minlength=n)
    return out


def resampled_cross(Z: np.ndarray, w: np.ndarray | None, n_boot: int, rng: np.random.Generator, *,
                    progress: bool | Progress = True, desc: str = "bootstrap") -> Iterator[np.ndarray]:
    """Per batch of resamples, the stack ``(b, q, q)`` of ``sum_i c_i w_i z_i z_i'``.

    ``Z`` (n x q) holds the row vectors (see :func:`centred_rows`), ``w`` the weights of
    the rows (None: 1). While the row contributions fit in memory (about 64 MB) they are
    formed once and a batch of resamples is one matrix product; beyond that (hundreds of
    thousands of rows) each resample is ``(Z * c w)' Z``, one product of the rows with
    their counts, which needs no copy of the resampled rows. The progress bar counts resamples
    (``progress``: show a bar of its own, or a shared :class:`~cxresearch._core.progress.Progress`).
    """
    n, q = Z.shape
    iu, ju = np.triu_indices(q)
    P = _products(Z, w, iu, ju) if n * len(iu) <= _PRODUCTS else None
    batch = int(max(1, min(n_boot, _MAX_BATCH, _COUNTS // max(n, 1))))
    starts = range(0, n_boot, batch)
    with counting(progress, n_boot, desc) as bar:
        for start in starts:
            size = min(batch, n_boot - start)
            if P is None:
                yield np.stack([_one(Z, w, np.bincount(rng.integers(0, n, n), minlength=n)) for _ in range(size)])
            else:
                flat = counts(rng, n, size) @ P
                S = np.empty((size, q, q))
                S[:, iu, ju] = flat
                S[:, ju, iu] = flat
                yield S
            bar.update(size)


def _one(Z: np.ndarray, w: np.ndarray | None, c: np.ndarray) -> np.ndarray:
    """``sum_i c_i w_i z_i z_i'`` of one resample, straight from the rows."""
    cw = c.astype(float) if w is None else c * w
    return (Z * cw[:, None]).T @ Z


def _products(Z: np.ndarray, w: np.ndarray | None, iu: np.ndarray, ju: np.ndarray) -> np.ndarray:
    """The per-row contributions ``w_i z_ia z_ib`` for every pair a <= b."""
    P = Z[:, iu] * Z[:, ju]
    return P if w is None else P * w[:, None]


def centred(S: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From resampled ``S`` of ``[1, z]``: the weight sums, the means of z and the centred cross-products."""
    sw = S[:, 0, 0]
    s = S[:, 0, 1:]
    C = S[:, 1:, 1:] - s[:, :, None] * s[:, None, :] / sw[:, None, None]
    return sw, s / sw[:, None], C


def percentile_interval(values: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column over the resamples where a value is defined."""
    tail = 50 * (1 - confidence)
    with np.errstate(all="ignore"):
        return np.nanpercentile(values, tail, axis=0), np.nanpercentile(values, 100 - tail, axis=0)
