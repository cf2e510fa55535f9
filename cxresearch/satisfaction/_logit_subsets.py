"""McFadden's R2 of every subset of attributes: 2^k logistic fits, batched and warm-started.

The subsets are fitted size by size, so that every subset S starts from its already fitted
subsets: with U its ``ORDER`` highest attributes, the Moebius extrapolation
``b(S) ~ sum over nonempty V in U of (-1)^(|V|+1) b(S - V)`` (each vector with zeros for
the attributes it lacks; with two attributes a, b: ``b(S - a) + b(S - b) - b(S - a - b)``),
far closer to the optimum than the parent's estimates with a 0 for the new attribute.
From there Newton's method needs one or two steps.

* Subsets whose patterns are far fewer than the rows (few attributes on short rating
  scales) are fitted one by one on their own collapsed patterns
  (:meth:`~._logit.Binomial.collapsed`) by :func:`~._logit.fit`.
* The others are fitted together, ``BATCH`` subsets at a time, on the patterns of all the
  attributes: the linear predictors of the batch are one matrix product, the information
  matrices one product of the pairwise column products with the batch's weights, and a
  subset's left-out attributes get a unit pivot and a zero gradient (a zero step).

**Stopping rule.** At each point the Newton decrement ``d = g' H^-1 g`` (g the gradient, H
the information of the previous point) is the log-likelihood still to gain, to second
order: ``LL(optimum) = LL + d / 2 + O(d^(3/2))``. A fit stops when ``d <= TOL * |LL0|``
(LL0: the intercept-only log-likelihood) and reports ``LL + d / 2``; its error is a small
fraction of that (the information a step old differs little from the current one), so
McFadden's R2 ``1 - LL / LL0`` is exact to well below ``TOL``. A batched fit that does not reach it in ``ROUNDS`` steps, or whose
log-likelihood falls, is refitted alone by :func:`~._logit.fit` (step halving, separation
reported as not converged).
"""

from __future__ import annotations

import numpy as np

from cxresearch.satisfaction._logit import Binomial, fit, null_loglik

__all__ = ["subset_fits"]

ORDER = 4  # attributes in the Moebius extrapolation of a start
ALONE = 16  # a subset with at most 1 / ALONE as many cells as patterns is fitted alone on its own patterns
BATCH = 128  # subsets fitted together on the full patterns
ROWS = 2**15  # numbers (rows x subsets) in one block of a pass: the temporaries stay small
ROUNDS = 6  # Newton steps of a batched fit before it is refitted alone
TOL = 1e-9  # Newton decrement (log-likelihood still to gain) at which a fit stops, per unit of |LL0|


def subset_fits(b: Binomial) -> tuple[np.ndarray | None, dict]:
    """McFadden's R2 of every subset (by bit mask) and each subset's coefficients; None when a fit fails."""
    k = b.X.shape[1]
    ll0 = null_loglik(b.m, b.s)
    tol = TOL * abs(ll0)
    r2 = np.zeros(2**k)
    params = np.zeros((2**k, k + 1))
    params[0, 0] = np.log(b.s.sum() / (b.m.sum() - b.s.sum()))
    A = np.column_stack([np.ones(len(b.m)), b.X])
    sizes = np.array([bin(mask).count("1") for mask in range(2**k)])
    cells = np.array([np.prod([len(b.levels[j]) for j in range(k) if mask >> j & 1]) for mask in range(2**k)])
    products = None
    for size in range(1, k + 1):
        masks = np.flatnonzero(sizes == size)
        starts = _starts(params, masks, k)
        alone = cells[masks] <= len(b.m) / ALONE
        for mask, start in zip(masks[alone], starts[alone]):
            got = _alone(b, A, int(mask), start, k, tol)
            if got is None:
                return None, _as_dict(params, r2)
            params[mask], ll = got
            r2[mask] = 1 - ll / ll0
        together = masks[~alone]
        if len(together) and products is None:
            products = _products(A)
        for at in range(0, len(together), BATCH):
            chunk = together[at:at + BATCH]
            got = _together(b, A, products, chunk, starts[~alone][at:at + BATCH], k, tol)
            if got is None:
                return None, _as_dict(params, r2)
            params[chunk], ll = got
            r2[chunk] = 1 - ll / ll0
    return r2, _as_dict(params, r2)


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
    coef, ll = _newton(As, m, s, None, start[cols][None], np.ones((1, len(cols)), dtype=bool), tol)
    if np.isnan(ll[0]):  # not converged in step: Newton's method with step halving
        f = fit(As, m, s, start[cols], cov=False)
        if not f.converged:
            return None
        coef, ll = f.params[None], [f.loglik]
    full = np.zeros(k + 1)
    full[cols] = coef[0]
    return full, ll[0]


def _products(A: np.ndarray) -> np.ndarray:
    """The pairwise products of the columns of ``A`` (upper triangle, row-major): the information is one matrix product."""
    i, j = np.triu_indices(A.shape[1])
    return (A[:, i] * A[:, j]).astype(np.float32)


def _together(b: Binomial, A: np.ndarray, products: np.ndarray, masks: np.ndarray, start: np.ndarray, k: int,
              tol: float):
    """A batch of subsets fitted in step on all the patterns; those that do not converge are refitted alone."""
    inside = np.column_stack([np.ones(len(masks), dtype=bool), (masks[:, None] >> np.arange(k)) & 1 == 1])
    coef, ll = _newton(A, b.m, b.s, products, np.where(inside, start, 0.0), inside, tol)
    for i in np.flatnonzero(np.isnan(ll)):
        got = _alone(b, A, int(masks[i]), start[i], k, tol)
        if got is None:
            return None
        coef[i], ll[i] = got
    return coef, ll


def _newton(A, m, s, products, coef, inside, tol):
    """Newton's method for a batch of models (rows of ``coef``; ``inside`` their columns of ``A``) in step.

    ``products`` (:func:`_products` of ``A``) gives the information of a batch; None for one model.
    The information is computed at the start and again only where the decrement fell by less
    than 100 times in a step (else the previous one serves: near the optimum it hardly moves);
    one solve per step gives both the step and the decrement ``g' H^-1 g``. A start is never
    taken as converged (its log-likelihood is not computed: one pass less work).
    Returns the coefficients and the log-likelihoods at the optimum (``LL + d / 2``), NaN for
    a model that did not reach ``d <= tol`` in ``ROUNDS`` steps or whose decrement grew.
    """
    q, n_models = A.shape[1], len(coef)
    coef, ll_out = coef.copy(), np.full(n_models, np.nan)
    done, refresh = np.zeros(n_models, dtype=bool), np.ones(n_models, dtype=bool)
    H_prev, dec_prev = np.zeros((n_models, q, q)), np.full(n_models, np.inf)
    for it in range(ROUNDS + 1):
        act = np.flatnonzero(~done)
        if not len(act):
            break
        g, ll, H = _pass(A, m, s, products, coef[act], refresh[act].any(), it > 0)
        g = np.where(inside[act], g, 0.0)
        if H is not None:
            H_prev[act] = np.where(inside[act][:, :, None] & inside[act][:, None, :], H, np.eye(q))
        try:
            step = np.linalg.solve(H_prev[act], g[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            break
        dec = np.einsum("bi,bi->b", g, step)
        stop, grew = (dec <= tol) & (it > 0), ~(dec < dec_prev[act])
        done[act[stop | grew]] = True
        ll_out[act[stop]] = ll[stop] + dec[stop] / 2
        refresh[act] = dec > 1e-2 * dec_prev[act]
        dec_prev[act] = dec
        keep = ~(stop | grew)
        if it < ROUNDS:
            coef[act[keep]] += step[keep]
    return coef, ll_out


def _pass(A, m, s, products, coef, need_info=True, need_ll=True):
    """Gradients, log-likelihoods and (``need_info``) the information matrices of a batch of models.

    Block by block of rows, in place in three buffers of a block (``need_ll`` False: the
    log-likelihoods are left at 0); the information of a batch
    is one float32 product of the pairwise column products with the weights (it only steers
    the steps: the gradient, which decides convergence, and the log-likelihood are in float64).
    """
    q, n_models = A.shape[1], len(coef)
    g, ll = np.zeros((q, n_models)), np.zeros(n_models)
    iu = np.triu_indices(q)
    Hu = np.zeros((len(iu[0]), n_models), dtype=np.float32)
    one = np.zeros((q, q))  # one model without the products: its information directly
    step = max(1, ROWS // n_models)
    minus_coef_t = -coef.T  # the products give -eta directly
    buffers = np.empty((3, min(step, len(m)), n_models))
    for a in range(0, len(m), step):
        Ab, mb, sb = A[a:a + step], m[a:a + step], s[a:a + step]
        neg, p, t = buffers[:, :len(mb)]
        np.matmul(Ab, minus_coef_t, out=neg)
        np.minimum(neg, 700.0, out=p)  # exp(-eta), finite; then p = 1 / (1 + exp(-eta))
        np.exp(p, out=p)
        p += 1.0
        np.reciprocal(p, out=p)
        if need_ll:  # log(1 + exp(eta)) = eta - log(p), 0 below eta = -700: LL = s eta + m min(log(p) - eta, 0)
            np.log(p, out=t)
            np.add(neg, t, out=t)
            np.minimum(t, 0.0, out=t)
            ll += mb @ t - sb @ neg
        np.multiply(p, mb[:, None], out=t)
        np.subtract(sb[:, None], t, out=neg)
        g += Ab.T @ neg
        if need_info:
            np.subtract(1.0, p, out=p)
            t *= p
            if products is None:
                one += (Ab * t).T @ Ab
            else:
                Hu += products[a:a + step].T @ t.astype(np.float32)
    if not need_info:
        return g.T, ll, None
    H = np.zeros((n_models, q, q))
    H[:, iu[0], iu[1]] = Hu.T if products is not None else one[iu]
    return g.T, ll, H + np.triu(H, 1).transpose(0, 2, 1)
