"""The proportional-odds (cumulative logit) model, fitted by Newton's method on collapsed cells.

With ordered outcome categories 0 < 1 < ... < J-1 and cutpoints theta_0 < ... < theta_{J-2},

    P(Y <= j | x) = F(theta_j - x' beta),   F the logistic distribution function,

(McCullagh 1980; the parametrisation of statsmodels' ``OrderedModel``: a positive beta moves
answers to higher categories). The weighted log-likelihood depends on the rows only
through, per distinct pattern of the predictors and category (a *cell*), the sum of the
weights ``n``; ratings take few values, so n rows become far fewer cells. The
log-likelihood is concave in (theta, beta) (Pratt 1981), so Newton's method with step
halving (a step is also halved while it would put the cutpoints out of order) finds the
maximum when it exists. Under separation (a combination of the attributes orders the
answers perfectly across some cutpoint) the coefficients run off to infinity: such a fit
does not converge and is reported as such.

The McKelvey-Zavoina R2 is the share of the latent variable's variance explained,
``var(x'b) / (var(x'b) + pi^2 / 3)`` (pi^2 / 3: the variance of the logistic error;
McKelvey & Zavoina 1975), with the weighted variance of the linear predictor over the rows
(divisor: the weight sum).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from cxresearch.satisfaction._logit import collapse, covariance

__all__ = ["Cells", "OrdinalFit", "cells", "fit", "mz_r2", "subset_cells"]

LOGISTIC_VARIANCE = np.pi**2 / 3


@dataclass(frozen=True)
class Cells:
    """Rows collapsed to (pattern, category) cells.

    ``X`` (g, k) the distinct patterns, ``codes`` (g, k) their level indices and ``sizes`` the
    number of levels per column; ``pattern``, ``category`` and ``n`` describe each cell (its
    pattern, its category 0..J-1, its weight sum); ``row_cell`` is the cell of every row
    (empty for cells made from other cells); ``J`` the number of categories.
    """

    X: np.ndarray
    codes: np.ndarray
    sizes: tuple
    pattern: np.ndarray
    category: np.ndarray
    n: np.ndarray
    row_cell: np.ndarray
    J: int

    def reweighted(self, n: np.ndarray) -> Cells:
        """The same cells with new weight sums (e.g. of a bootstrap resample)."""
        return Cells(self.X, self.codes, self.sizes, self.pattern, self.category, n, self.row_cell, self.J)

    def present(self) -> Cells:
        """Cells of the categories with weight only (categories renumbered 0..J'-1 in order)."""
        total = np.bincount(self.category, self.n, minlength=self.J)
        seen = total > 0
        if seen.all():
            return self
        new = np.cumsum(seen) - 1
        keep = self.n > 0
        return Cells(self.X, self.codes, self.sizes, self.pattern[keep], new[self.category[keep]], self.n[keep],
                     np.empty(0, dtype=np.int64), int(seen.sum()))


def cells(X: np.ndarray, category: np.ndarray, J: int, w: np.ndarray | None) -> Cells:
    """Rows (n, k) of predictors and their categories (0..J-1) as cells with weight sums."""
    b = collapse(X, np.zeros(len(category)), w)
    key = b.inverse.astype(np.int64) * J + category
    found, row_cell = np.unique(key, return_inverse=True)
    row_cell = np.asarray(row_cell).ravel()
    n = np.bincount(row_cell, np.ones(len(key)) if w is None else w, minlength=len(found))
    return Cells(b.X, b.codes, tuple(len(v) for v in b.levels), found // J, found % J, n, row_cell, J)


def subset_cells(c: Cells, cols: list[int]) -> Cells:
    """The cells of the model on some columns of the patterns (patterns merged, weights summed)."""
    key = np.zeros(len(c.X), dtype=np.int64)
    for j in cols:
        key = key * c.sizes[j] + c.codes[:, j]
    _, first, pinv = np.unique(key, return_index=True, return_inverse=True)
    pinv = np.asarray(pinv).ravel()
    ckey = pinv[c.pattern] * c.J + c.category
    found, cinv = np.unique(ckey, return_inverse=True)
    n = np.bincount(np.asarray(cinv).ravel(), c.n, minlength=len(found))
    return Cells(c.X[first][:, cols], c.codes[first][:, cols], tuple(c.sizes[j] for j in cols), found // c.J,
                 found % c.J, n, np.empty(0, dtype=np.int64), c.J)


@dataclass(frozen=True)
class OrdinalFit:
    """A proportional-odds fit: cutpoints, slopes, the inverse information and fit statistics."""

    cutpoints: np.ndarray
    beta: np.ndarray
    inv_info: np.ndarray | None
    loglik: float
    converged: bool
    iterations: int

    @property
    def params(self) -> np.ndarray:
        """Cutpoints first, then the slopes (the start of another fit)."""
        return np.r_[self.cutpoints, self.beta]


def _state(c: Cells, params: np.ndarray, hessian: bool = True):
    """Log-likelihood, gradient and information at ``params`` (cutpoints first), or None if out of order.

    With ``a = theta_y - eta`` and ``l = theta_(y-1) - eta`` per cell, ``P = F(a) - F(l)``,
    ``alpha = f(a) / P`` and ``gamma = f(l) / P``, every block of the gradient and the Hessian
    is a sum of per-cell scalars over the cells of a category (cutpoints) or times the
    pattern's x (slopes), so the sums run over categories and patterns, never over a
    cells x parameters matrix.
    """
    m, J = c.J - 1, c.J
    theta, beta = params[:m], params[m:]
    if m > 1 and not (np.diff(theta) > 0).all():
        return None
    eta = (c.X @ beta)[c.pattern]
    ext = np.r_[-np.inf, theta, np.inf]
    a, lo = ext[c.category + 1] - eta, ext[c.category] - eta
    Fa, Fc, Sa, Sc = special.expit(a), special.expit(lo), special.expit(-a), special.expit(-lo)
    P = np.maximum(np.where(lo > 0, Sc - Sa, Fa - Fc), 1e-300)  # accurate in both tails
    ll = float(c.n @ np.log(P))
    if not hessian:
        return ll, None, None
    fa, fc = Fa * Sa, Fc * Sc
    alpha, gamma = fa / P, fc / P
    da, dc = c.n * fa * (Sa - Fa) / P, c.n * fc * (Sc - Fc) / P
    na, ng, nd = c.n * alpha, c.n * gamma, c.n * (alpha - gamma)
    g = len(c.X)

    def by_category(v):
        return np.bincount(c.category, v, minlength=J)

    def by_pattern(v):
        return np.bincount(c.pattern, v, minlength=g)

    grad = np.r_[by_category(na)[:m] - by_category(ng)[1:], -(by_pattern(nd) @ c.X)]
    H = np.empty((m + len(beta), m + len(beta)))
    diag = by_category(da - na * alpha)[:m] - by_category(dc + ng * gamma)[1:]
    H[:m, :m] = np.diag(diag)
    off = by_category(na * gamma)[1:m]
    H[np.arange(1, m), np.arange(m - 1)] = H[np.arange(m - 1), np.arange(1, m)] = off
    key = c.category * g + c.pattern
    first = np.bincount(key, -da + na * (alpha - gamma), minlength=J * g).reshape(J, g) @ c.X
    second = np.bincount(key, dc - ng * (alpha - gamma), minlength=J * g).reshape(J, g) @ c.X
    H[:m, m:] = first[:m] + second[1:]
    H[m:, :m] = H[:m, m:].T
    H[m:, m:] = (c.X * by_pattern(da - dc - c.n * (alpha - gamma) ** 2)[:, None]).T @ c.X
    return ll, grad, -H


def start_values(c: Cells, k: int) -> np.ndarray:
    """Cutpoints at the logits of the cumulative shares, slopes 0 (the null model's estimates)."""
    share = np.cumsum(np.bincount(c.category, c.n, minlength=c.J))[:-1] / c.n.sum()
    return np.r_[special.logit(np.clip(share, 1e-10, 1 - 1e-10)), np.zeros(k)]


def fit(c: Cells, start: np.ndarray | None = None, max_iter: int = 100, tol: float = 1e-8,
        cov: bool = True) -> OrdinalFit:
    """Newton's method with step halving; converged when the largest step is below ``tol * (1 + max |params|)``."""
    k = c.X.shape[1]
    params = start_values(c, k) if start is None else np.array(start, dtype=float)
    ll, grad, info = _state(c, params)
    converged, it = False, 0
    for it in range(1, max_iter + 1):
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            break
        if not np.isfinite(step).all():
            break
        t, new = 1.0, None
        while t >= 1e-8:  # the full step with everything (usually taken), shorter ones with the likelihood only
            new = _state(c, params + t * step, hessian=t == 1.0)
            if new is not None and new[0] >= ll - 1e-12 * abs(ll):
                break
            t /= 2
        if new is None or t < 1e-8:
            break
        params = params + t * step
        ll, grad, info = new if new[1] is not None else _state(c, params)
        if np.max(np.abs(t * step)) <= tol * (1 + np.max(np.abs(params))):
            converged = True
            break
    inv, converged = covariance(info, converged) if cov else (None, converged)
    m = c.J - 1
    return OrdinalFit(params[:m], params[m:], inv, ll, converged, it)


def null_loglik(c: Cells) -> float:
    """The log-likelihood of the cutpoints alone (every row at the overall category shares)."""
    total = np.bincount(c.category, c.n, minlength=c.J)
    total = total[total > 0]
    return float(total @ np.log(total / total.sum()))


def mz_r2(c: Cells, beta: np.ndarray) -> float:
    """McKelvey-Zavoina R2: var(x'b) / (var(x'b) + pi^2/3), the variance weighted over the rows."""
    if len(beta) == 0:
        return 0.0
    m = np.bincount(c.pattern, c.n, minlength=len(c.X))
    eta = c.X @ beta
    mean = m @ eta / m.sum()
    var = m @ (eta - mean) ** 2 / m.sum()
    return float(var / (var + LOGISTIC_VARIANCE))
