"""McFadden's R2 of every subset of attributes: 2^k logistic fits, batched and warm-started.

The subsets are fitted size by size, so that every subset S starts from its already fitted
subsets: with U its ``ORDER`` highest attributes, the Moebius extrapolation
``b(S) ~ sum over nonempty V in U of (-1)^(|V|+1) b(S - V)`` (each vector with zeros for
the attributes it lacks; with two attributes a, b: ``b(S - a) + b(S - b) - b(S - a - b)``),
far closer to the optimum than the parent's estimates with a 0 for the new attribute.
From there Newton's method needs one or two steps.

* Subsets with far fewer cells than there are patterns (few attributes on short rating
  scales) are fitted on their grids, many at once (:func:`~._logit_grid.grid_fits`).
* The others are fitted together, ``BATCH`` subsets at a time, on the patterns of all the
  attributes (:func:`~._logit_batch.newton`): the linear predictors of the batch are one
  matrix product, the information matrices one product of the pairwise column products
  with the batch's weights, and a subset's left-out attributes get a unit pivot and a zero
  gradient (a zero step).

**Precision.** A fit stops when the Newton decrement (the log-likelihood still to gain, to
second order) is at most ``TOL * |LL0|`` (LL0: the intercept-only log-likelihood) and
reports ``LL + d / 2``, so McFadden's R2 ``1 - LL / LL0`` is exact to well below ``TOL``.
A fit that does not get there in step is refitted alone by :func:`~._logit.fit` (step
halving; separation reported as not converged).
"""

from __future__ import annotations

import numpy as np

from cxresearch.satisfaction._logit import Binomial, fit, null_loglik
from cxresearch.satisfaction._logit_batch import newton, products
from cxresearch.satisfaction._logit_grid import grid_fits, scale_ids

__all__ = ["subset_fits"]

ORDER = 4  # attributes in the Moebius extrapolation of a start
GRID = 3  # a subset with at most 1 / GRID as many cells as patterns is fitted on its grid
BATCH = 128  # subsets fitted together on the full patterns
TOL = 1e-9  # Newton decrement (log-likelihood still to gain) at which a fit stops, per unit of |LL0|
COND = 1e4  # condition number of the weighted cross-products beyond which the starts are not steered in single precision


def subset_fits(b: Binomial) -> tuple[np.ndarray | None, dict]:
    """McFadden's R2 of every subset (by bit mask) and each subset's coefficients; None when a fit fails."""
    k = b.X.shape[1]
    b, centre, spread = _standardised(b)
    ll0 = null_loglik(b.m, b.s)
    tol = TOL * abs(ll0)
    r2 = np.zeros(2**k)
    params = np.zeros((2**k, k + 1))
    params[0, 0] = np.log(b.s.sum() / (b.m.sum() - b.s.sum()))
    A = np.column_stack([np.ones(len(b.m)), b.X])
    single = bool(np.linalg.cond(A.T @ (A * b.m[:, None])) < COND)
    bits = (np.arange(2**k)[:, None] >> np.arange(k)) & 1
    sizes = bits.sum(axis=1)
    cells = np.prod(np.where(bits == 1, [float(len(v)) for v in b.levels], 1.0), axis=1)
    prods = None
    for size in range(1, k + 1):
        masks = np.flatnonzero(sizes == size)
        starts = _starts(params, masks, k)
        grid = cells[masks] <= len(b.m) / GRID
        parts = [(masks[grid], *grid_fits(b, masks[grid], starts[grid], tol, single))]
        together = np.flatnonzero(~grid)
        if len(together) and prods is None:
            prods = products(A, single)
        for at in range(0, len(together), BATCH):
            chunk = together[at:at + BATCH]
            inside = np.column_stack([np.ones(len(chunk), dtype=bool), bits[masks[chunk]] == 1])
            parts.append((masks[chunk], *newton(A, b.m, b.s, prods, np.where(inside, starts[chunk], 0.0),
                                                inside, tol, single)))
        for done, coef, ll in parts:
            if not _refit_failed(b, A, done, coef, ll, starts[np.searchsorted(masks, done)], tol):
                return None, _as_dict(params, r2)
            params[done], r2[done] = coef, 1 - ll / ll0
    params[:, 1:] /= spread  # the coefficients of the attributes as they came
    params[:, 0] -= params[:, 1:] @ centre
    return r2, _as_dict(params, r2)


def _standardised(b: Binomial) -> tuple[Binomial, np.ndarray, np.ndarray]:
    """The patterns centred and scaled (the fits then well conditioned: a year or an income in dollars is no
    trouble); one centre and spread (weighted, pooled) for all the attributes with the same levels, so that
    their subsets keep sharing grids."""
    w = b.m / b.m.sum()
    mean, square = w @ b.X, w @ b.X**2
    ids = scale_ids(b.levels)
    centre, spread = np.empty(len(ids)), np.empty(len(ids))
    for g in np.unique(ids):
        same = ids == g
        centre[same] = mean[same].mean()
        var = square[same].mean() - centre[same][0] ** 2
        spread[same] = np.sqrt(var) if var > 1e-12 * max(1.0, centre[same][0] ** 2) else 1.0
    levels = [(v - c) / d for v, c, d in zip(b.levels, centre, spread)]
    return Binomial((b.X - centre) / spread, b.m, b.s, b.inverse, b.codes, levels), centre, spread


def _refit_failed(b: Binomial, A: np.ndarray, masks, coef, ll, starts, tol: float) -> bool:
    """Refit alone (in place) the subsets whose fit in step did not converge; False when one fails alone too."""
    for i in np.flatnonzero(np.isnan(ll)):
        got = _alone(b, A, int(masks[i]), starts[i], b.X.shape[1], tol)
        if got is None:
            return False
        coef[i], ll[i] = got
    return True


def _as_dict(params: np.ndarray, r2: np.ndarray) -> dict:
    """Coefficients per mask as :func:`subset_mcfadden` hands them on (intercept, then the subset's slopes)."""
    k = params.shape[1] - 1
    return {mask: params[mask, [0, *(j + 1 for j in range(k) if mask >> j & 1)]] for mask in range(len(r2))}


def _starts(params: np.ndarray, masks: np.ndarray, k: int, order: int = ORDER) -> np.ndarray:
    """Starting coefficients (full length) of the subsets ``masks`` from their fitted subsets.

    With U the ``order`` highest attributes of S (fewer in a smaller subset), the Moebius
    extrapolation ``sum over nonempty V in U of (-1)^(|V|+1) b(S - V)``: exact when the
    attributes of U have no joint (``order``-fold) effect on the coefficients beyond those of
    their smaller groups; order 2 is ``b(S - a) + b(S - b) - b(S - a - b)``.
    """
    masks = np.asarray(masks, dtype=np.int64)
    top, rest = [], masks.copy()
    for _ in range(order):  # the highest attributes of each subset (0 once a subset has no more)
        bit = np.where(rest > 0, np.left_shift(1, np.floor(np.log2(np.maximum(rest, 1))).astype(np.int64)), 0)
        top.append(bit)
        rest = rest & ~bit
    out = np.zeros((len(masks), k + 1))
    for n in range(1, 2**order):
        drop = sum(t for j, t in enumerate(top) if n >> j & 1)
        sign = 1.0 if bin(n).count("1") % 2 else -1.0
        real = np.all([top[j] > 0 for j in range(order) if n >> j & 1], axis=0)  # V within the subset
        out[real] += sign * params[(masks & ~drop)[real]]
    return out


def _alone(b: Binomial, A: np.ndarray, mask: int, start: np.ndarray, k: int, tol: float):
    """One subset on its collapsed patterns: (full-length coefficients, log-likelihood), None when it fails."""
    cols = [0, *(j + 1 for j in range(k) if mask >> j & 1)]
    sub = b.collapsed([j - 1 for j in cols[1:]])
    As = A[:, cols] if sub is None else np.column_stack([np.ones(len(sub.m)), sub.X])
    m, s = (b.m, b.s) if sub is None else (sub.m, sub.s)
    coef, ll = newton(As, m, s, None, start[cols][None], np.ones((1, len(cols)), dtype=bool), tol, single=False)
    if np.isnan(ll[0]):  # not converged in step: Newton's method with step halving
        f = fit(As, m, s, start[cols], cov=False)
        if not f.converged:
            return None
        coef, ll = f.params[None], [f.loglik]
    full = np.zeros(k + 1)
    full[cols] = coef[0]
    return full, ll[0]
