"""Newton's method for a batch of logistic models in step: one pass over the rows serves them all.

The models share the rows of one design ``A`` (intercept column first); each model has its
own coefficients, its own columns of ``A`` (``inside``; the others get a unit pivot and a
zero gradient, so a zero step) and either the shared weights ``m`` and yes counts ``s`` of
the rows (vectors) or weights of its own (columns of ``(rows, models)`` matrices: the cells
of a grid, counted per model). A pass computes the linear predictors of the batch as one
matrix product, and the information matrices as one product of the pairwise column products
of ``A`` (:func:`products`) with the batch's weights.

**Stopping rule.** At each point the Newton decrement ``d = g' H^-1 g`` (g the gradient, H
the information of the previous point) is the log-likelihood still to gain, to second
order: ``LL(optimum) = LL + d / 2 + O(d^(3/2))``. A fit stops when ``d <= tol`` and reports
``LL + d / 2``; its error is a small fraction of ``tol`` (the information a step old differs
little from the current one). A fit that does not reach it in ``ROUNDS`` steps, or whose
decrement grows, is reported as NaN for its caller to refit alone (with step halving).
"""

from __future__ import annotations

import numpy as np

__all__ = ["newton", "products"]

ROWS = 2**15  # numbers (rows x models) in one block of a pass: the temporaries stay small
ROUNDS = 6  # Newton steps of a batched fit before it is handed back as not converged


def products(A: np.ndarray, single: bool = True) -> np.ndarray:
    """The pairwise products of the columns of ``A`` (upper triangle, row-major): the information is one matrix product.

    In single precision unless ``single`` is False (the information then in double too).
    """
    i, j = np.triu_indices(A.shape[1])
    return (A[:, i] * A[:, j]).astype(np.float32 if single else np.float64)


def newton(A, m, s, prods, coef, inside, tol, single=True):
    """Newton's method for a batch of models (rows of ``coef``; ``inside`` their columns of ``A``) in step.

    ``prods`` (:func:`products` of ``A``) gives the information of a batch; None for one model.
    ``m`` and ``s`` are vectors (the rows' weights, shared) or ``(models, rows)`` matrices.
    ``single``: the start's pass in single precision (:func:`_steer`; for well-conditioned
    designs only: the decrement is only as good as the information it is computed with).
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
    own, A32 = np.ndim(m) == 2, A.astype(np.float32)
    for it in range(ROUNDS + 1):
        act = np.flatnonzero(~done)
        if not len(act):
            break
        ma, sa = (m[act], s[act]) if own and len(act) < n_models else (m, s)
        if it == 0 and single:  # the start steers only: single precision is ample (convergence is judged in double)
            g, ll, H = _steer(A32, ma.astype(np.float32), sa.astype(np.float32), prods, coef[act])
        else:
            g, ll, H = _pass(A, ma, sa, prods, coef[act], refresh[act].any())
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


def _pass(A, m, s, prods, coef, need_info=True):
    """Gradients, log-likelihoods and (``need_info``) the information matrices of a batch of models.

    Block by block of rows, in place in a few buffers of a block. The parts linear in the
    predictors need no pass: ``sum s eta - m log(1 + exp(eta)) = (s - m)'A b + sum m log(p)``
    and the gradient ``A's - A'(m p)``. The information of a batch is one float32 product of
    the pairwise column products with the weights (it only steers the steps: the gradient,
    which decides convergence, and the log-likelihood are in float64).
    """
    q, n_models = A.shape[1], len(coef)
    own = np.ndim(m) == 2
    sA, dA = s @ A, (s - m) @ A  # (q,) or, with weights per model, (models, q)
    ll = np.einsum("ij,ij->i", coef, dA) if own else coef @ dA
    g = np.zeros((q, n_models))
    iu = np.triu_indices(q)
    Hu = np.zeros((len(iu[0]), n_models), dtype=np.float32 if prods is None else prods.dtype)
    one = np.zeros((q, q))  # one model without the products: its information directly
    step = max(1, ROWS // n_models)
    clip = _far(A, coef, 700.0)
    minus_coef_t = -coef.T  # the products give -eta directly
    buffers = np.empty((3, min(step, len(A)), n_models))
    for a in range(0, len(A), step):
        Ab = A[a:a + step]
        mb = m[:, a:a + step].T if own else m[a:a + step]
        neg, p, t = buffers[:, :len(Ab)]
        np.matmul(Ab, minus_coef_t, out=neg)
        if clip:  # exp(-eta) finite; then p = 1 / (1 + exp(-eta))
            np.minimum(neg, 700.0, out=p)
            np.exp(p, out=p)
        else:
            np.exp(neg, out=p)
        p += 1.0
        np.reciprocal(p, out=p)
        np.log(p, out=t)
        if clip:  # log(p) = eta - log(1 + exp(eta)), the second term 0 below eta = -700
            t += neg
            np.minimum(t, 0.0, out=t)
            t -= neg
        ll += np.einsum("ij,ij->j", mb, t) if own else mb @ t
        np.multiply(p, mb if own else mb[:, None], out=t)
        g -= Ab.T @ t
        if need_info:
            np.subtract(1.0, p, out=p)
            t *= p
            if prods is None:
                one += (Ab * t).T @ Ab
            else:
                Hu += prods[a:a + step].T @ t.astype(prods.dtype, copy=False)
    g += sA.T if own else sA[:, None]
    if not need_info:
        return g.T, ll, None
    H = np.zeros((n_models, q, q))
    H[:, iu[0], iu[1]] = Hu.T if prods is not None else one[iu]
    return g.T, ll, H + np.triu(H, 1).transpose(0, 2, 1)


def _far(A, coef, limit: float) -> bool:
    """Whether some linear predictor of the batch may reach ``limit`` in size (then exp is clipped)."""
    return bool((np.abs(coef) @ np.abs(A).max(axis=0) > limit).any())


def _steer(A, m, s, prods, coef):
    """Gradients and information matrices of a batch at its start, all in single precision (no log-likelihoods).

    A start only steers the first step: its rounding errors (about 1e-7 of each term) move
    the step by far less than the step leaves to do, and the next pass, in double, judges
    convergence. Half the memory traffic and twice the vector width of :func:`_pass`.
    """
    q, n_models = A.shape[1], len(coef)
    own = np.ndim(m) == 2
    g = np.zeros((q, n_models), dtype=np.float32)
    Hu = np.zeros((prods.shape[1] if prods is not None else q * (q + 1) // 2, n_models), dtype=np.float32)
    step = max(1, ROWS // n_models)
    clip = _far(A, coef, 80.0)
    minus_coef_t = (-coef.T).astype(np.float32)
    buffers = np.empty((2, min(step, len(A)), n_models), dtype=np.float32)
    iu = np.triu_indices(q)
    for a in range(0, len(A), step):
        Ab = A[a:a + step]
        mb = m[:, a:a + step].T if own else m[a:a + step]
        p, t = buffers[:, :len(Ab)]
        np.matmul(Ab, minus_coef_t, out=p)
        if clip:
            np.minimum(p, 80.0, out=p)  # exp(-eta) stays finite in single precision
        np.exp(p, out=p)
        p += 1.0
        np.reciprocal(p, out=p)
        np.multiply(p, mb if own else mb[:, None], out=t)
        g -= Ab.T @ t
        np.subtract(1.0, p, out=p)
        t *= p
        if prods is None:
            Hu += ((Ab * t).T @ Ab)[iu][:, None]
        else:
            Hu += prods[a:a + step].T @ t
    g = g.astype(np.float64) + ((s @ A).T if own else (s @ A)[:, None])
    H = np.zeros((n_models, q, q))
    H[:, iu[0], iu[1]] = Hu.T
    return g.T, np.zeros(n_models), H + np.triu(H, 1).transpose(0, 2, 1)
