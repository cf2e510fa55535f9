"""Sufficient statistics of one group of rows, and the linear models computed from them.

A :class:`Sums` holds, for p columns over the complete rows of one group, the number of
rows, the sum of the weights and of the squared weights, the (weighted) means and the
centred cross-products ``C = sum_i w_i (x_i - mean)(x_i - mean)'`` (w = 1 without
weights). Every rating model reads its estimates from them (correlations, standardised
betas and their standard errors, the band-dummy regression of penalty-reward, the
response surface), so rows, a :class:`~cxresearch.satisfaction.Moments` object made from
a pandas frame and one made by another dataframe engine give the same tables.

Weights are sampling weights. Point estimates are those of weighted least squares (WLS),
equal to the OLS estimates on rows replicated ``w`` times for integer weights. Their
covariance is ``sigma2 (X'WX)^-1`` with ``sigma2 = sum w e^2 / (n_eff - p)``, p the number
of coefficients (intercept included) and ``n_eff = (sum w)^2 / sum w^2`` Kish's effective
sample size: the WLS covariance with the residual degrees of freedom of the effective
sample instead of the row count (the t and F tests use ``n_eff - p`` degrees of freedom).
For an intercept alone this is Kish's variance of a weighted mean; all-equal weights give
OLS exactly; integer weights do not give the narrower intervals of replicated rows (the
weights are not frequency weights).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

__all__ = ["LinearFit", "Sums", "contrasts", "f_test", "t_quantile", "t_table", "wls"]

_CHUNK = 4096  # rows per block when summing cross-products


@dataclass(frozen=True)
class Sums:
    """n, weight sums, means and centred cross-products of named columns in one group."""

    names: tuple
    n: int
    sum_w: float
    sum_w2: float
    mean: np.ndarray  # (p,)
    cross: np.ndarray  # (p, p): sum w (x - mean)(x - mean)'
    weighted: bool = False

    @classmethod
    def from_rows(cls, values: np.ndarray, w: np.ndarray | None = None, names=()) -> Sums:
        """One pass over complete rows, about a provisional shift (the first row).

        Shifting by a value taken from the data keeps the cross-products of columns far
        from zero accurate and makes those of a constant column exactly zero.
        """
        values = np.asarray(values, dtype=float)
        n, p = values.shape
        shift = values[0] if n else np.zeros(p)
        s, C = np.zeros(p), np.zeros((p, p))
        root = None if w is None else np.sqrt(w)
        for start in range(0, n, _CHUNK):  # in blocks of rows: no copy of the whole matrix
            D = values[start:start + _CHUNK] - shift
            if root is not None:
                s += D.T @ w[start:start + _CHUNK]
                D *= root[start:start + _CHUNK, None]
            else:
                s += D.sum(axis=0)
            C += D.T @ D
        sum_w, sum_w2 = (float(n), float(n)) if w is None else (float(w.sum()), float(w @ w))
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = shift + s / sum_w
            C = C - np.outer(s, s) / sum_w
        return cls(tuple(names), n, sum_w, sum_w2, mean, C, w is not None)

    @property
    def n_eff(self) -> float:
        """Kish's effective sample size (the row count without weights)."""
        return self.sum_w**2 / self.sum_w2 if self.weighted else float(self.n)

    def index(self, names) -> list[int]:
        """Positions of ``names`` among the columns."""
        return [self.names.index(c) for c in names]

    def take(self, names) -> Sums:
        """The statistics of some of the columns, in the order given."""
        i = self.index(names)
        return Sums(tuple(names), self.n, self.sum_w, self.sum_w2, self.mean[i], self.cross[np.ix_(i, i)],
                    self.weighted)

    def linear(self, T: np.ndarray, offset: np.ndarray, names) -> Sums:
        """The statistics of the columns ``offset + x @ T`` (an affine map of the rows)."""
        return Sums(tuple(names), self.n, self.sum_w, self.sum_w2, offset + self.mean @ T, T.T @ self.cross @ T,
                    self.weighted)

    def variance(self) -> np.ndarray:
        """Variance of each column with divisor ``sum w`` (the population form)."""
        return np.diag(self.cross) / self.sum_w

    def correlation(self) -> np.ndarray:
        """The (weighted) correlation matrix of the columns."""
        return correlation(self.cross)


def correlation(C: np.ndarray) -> np.ndarray:
    """Correlations from centred cross-products (also a stack ``(..., p, p)``)."""
    d = np.sqrt(np.diagonal(C, axis1=-2, axis2=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        R = C / d[..., :, None] / d[..., None, :]
    R = np.clip(R, -1.0, 1.0)
    p = C.shape[-1]
    R[..., np.arange(p), np.arange(p)] = 1.0
    return R


def constant_columns(s: Sums, tol: float = 1e-11) -> np.ndarray:
    """Columns with no variance in the rows (exactly zero from rows; within rounding from engine sums)."""
    var = s.variance()
    return ~(var > tol * (1.0 + s.mean**2))


def t_quantile(confidence: float, df) -> np.ndarray:
    """The two-sided critical value of Student's t."""
    return special.stdtrit(df, 0.5 + confidence / 2)


def t_pvalue(t, df) -> np.ndarray:
    """Two-sided p-value of Student's t."""
    return 2 * special.stdtr(df, -np.abs(t))


@dataclass(frozen=True)
class LinearFit:
    """A (weighted) least-squares fit: coefficients (intercept first), covariance and fit statistics."""

    params: np.ndarray
    cov: np.ndarray
    df_resid: float
    r2: float
    nobs: int
    ssr: float


def wls(s: Sums, outcome, predictors) -> LinearFit:
    """Regress ``outcome`` on ``predictors`` with an intercept, from the sums alone.

    Slopes ``b = Cxx^-1 cxy``, intercept ``mean_y - mean_x' b``; covariance
    ``ssr / (n_eff - p) (X'WX)^-1`` (module docstring), whose blocks follow from ``Cxx^-1``.
    """
    yi, xi = s.names.index(outcome), s.index(predictors)
    Cxx, cxy, cyy = s.cross[np.ix_(xi, xi)], s.cross[xi, yi], s.cross[yi, yi]
    inv = np.linalg.inv(Cxx)
    b = np.linalg.solve(Cxx, cxy)
    ssr = max(float(cyy - b @ cxy), 0.0)
    df = s.n_eff - len(xi) - 1
    sigma2 = ssr / df
    mx = s.mean[xi]
    V = np.empty((len(xi) + 1, len(xi) + 1))
    V[1:, 1:] = sigma2 * inv
    V[0, 1:] = V[1:, 0] = -sigma2 * (inv @ mx)
    V[0, 0] = sigma2 * (1 / s.sum_w + mx @ inv @ mx)
    params = np.concatenate([[s.mean[yi] - mx @ b], b])
    return LinearFit(params, V, df, 1 - ssr / cyy, s.n, ssr)


def t_table(est: np.ndarray, se: np.ndarray, df, confidence: float) -> dict[str, np.ndarray]:
    """t statistics, two-sided p-values and intervals of estimates with standard errors."""
    with np.errstate(invalid="ignore", divide="ignore"):
        t = est / se
    half = t_quantile(confidence, df) * se
    return {"estimate": est, "se": se, "t": t, "p_value": t_pvalue(t, df), "ci_low": est - half,
            "ci_high": est + half}


def contrasts(fit: LinearFit, L: np.ndarray, confidence: float) -> dict[str, np.ndarray]:
    """Linear combinations ``L b`` with standard errors ``sqrt(diag(L V L'))``."""
    L = np.atleast_2d(L)
    return t_table(L @ fit.params, np.sqrt(np.einsum("ij,jk,ik->i", L, fit.cov, L)), fit.df_resid, confidence)


def f_test(fit: LinearFit, R: np.ndarray) -> tuple[float, int, float, float]:
    """Wald F-test of ``R b = 0``: F, df_num, df_denom, p-value."""
    r = R @ fit.params
    q = R.shape[0]
    F = float(r @ np.linalg.solve(R @ fit.cov @ R.T, r) / q)
    return F, q, fit.df_resid, float(special.fdtrc(q, fit.df_resid, F))
