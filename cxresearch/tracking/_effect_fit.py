"""The difference-in-differences fit of :func:`action_effect`, on unit x period cells, in numpy.

Every regressor of the two-way fixed-effects model is constant within a unit x period cell,
so the least-squares fit on rows is the weighted fit on cell means with the cells' weight
sums, and the cluster scores ``sum_r w_r x_r e_r`` of a unit are sums over its cells of
``x_c W_c (ybar_c - yhat_c)``: a million rows cost one ``bincount`` pass, the rest is small.
The unit effects are absorbed by weighted within-unit demeaning (Frisch-Waugh-Lovell); the
period effects, the action term and the event-study terms are the regressors left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Cells:
    """The unit x period cells of the rows used: unit and period codes, weight sums, weighted means."""

    unit: np.ndarray
    period: np.ndarray
    weight: np.ndarray
    mean: np.ndarray
    count: np.ndarray
    n_units: int
    n_periods: int

    @classmethod
    def of(cls, unit: np.ndarray, period: np.ndarray, y: np.ndarray, w: np.ndarray, n_units: int,
           n_periods: int) -> Cells:
        cell = unit * n_periods + period
        size = n_units * n_periods
        weight = np.bincount(cell, weights=w, minlength=size)
        total = np.bincount(cell, weights=w * y, minlength=size)
        count = np.bincount(cell, minlength=size)
        keep = np.flatnonzero(weight > 0)
        return cls(keep // n_periods, keep % n_periods, weight[keep], total[keep] / weight[keep], count[keep],
                   n_units, n_periods)


@dataclass(frozen=True)
class Fit:
    """Coefficients of the non-absorbed terms, their CR1 covariance, and the degrees of freedom."""

    beta: np.ndarray
    cov: np.ndarray
    df: int
    identified: np.ndarray


def _demean(x: np.ndarray, unit: np.ndarray, weight: np.ndarray, n_units: int) -> np.ndarray:
    """Each column minus its weighted mean within the unit."""
    sw = np.bincount(unit, weights=weight, minlength=n_units)
    out = np.empty_like(x)
    for j in range(x.shape[1]):
        mean = np.bincount(unit, weights=weight * x[:, j], minlength=n_units) / np.where(sw > 0, sw, 1)
        out[:, j] = x[:, j] - mean[unit]
    return out


def fit(cells: Cells, terms: np.ndarray, n_rows: int) -> Fit:
    """Weighted least squares of the cell means on period dummies and ``terms``, unit effects absorbed.

    Returns the coefficients of ``terms`` (columns), their cluster-robust (by unit) covariance
    with the CR1 factor ``G / (G - 1) * (N - 1) / (N - K)`` (G units, N rows, K = the period
    effects, the terms and the intercept; the unit effects, nested within the clusters, are
    not counted, as in Stata's ``xtreg, fe vce(cluster)``) and G - 1 degrees of freedom. A
    term that the unit and period effects already explain is NaN (``identified`` False).
    """
    periods = (cells.period[:, None] == np.arange(1, cells.n_periods)[None, :]).astype(float)
    x = np.column_stack([periods, terms])
    y = cells.mean[:, None]
    both = _demean(np.column_stack([x, y]), cells.unit, cells.weight, cells.n_units)
    xd, yd = both[:, :-1], both[:, -1]
    scale = np.abs(xd).max(axis=0)
    scale[scale == 0] = 1.0
    xs = xd / scale
    xtx = xs.T @ (cells.weight[:, None] * xs)
    keep = _independent(xtx)
    k_terms = terms.shape[1]
    beta, cov = np.full(k_terms, np.nan), np.full((k_terms, k_terms), np.nan)
    identified = keep[-k_terms:] if k_terms else np.zeros(0, dtype=bool)
    groups = np.unique(cells.unit).size
    if keep.any():
        xk = xs[:, keep]
        bread = np.linalg.inv(xtx[np.ix_(keep, keep)])
        b = bread @ (xk.T @ (cells.weight * yd))
        resid = yd - xk @ b
        scores = np.zeros((cells.n_units, xk.shape[1]))
        np.add.at(scores, cells.unit, xk * (cells.weight * resid)[:, None])
        k = int(keep.sum()) + 1
        factor = groups / (groups - 1) * (n_rows - 1) / (n_rows - k) if groups > 1 and n_rows > k else np.nan
        v = factor * bread @ (scores.T @ scores) @ bread
        full_b, full_v = np.full(x.shape[1], np.nan), np.full((x.shape[1], x.shape[1]), np.nan)
        idx = np.flatnonzero(keep)
        full_b[idx] = b / scale[idx]
        full_v[np.ix_(idx, idx)] = v / np.outer(scale[idx], scale[idx])
        beta, cov = full_b[-k_terms:], full_v[-k_terms:, -k_terms:]
    return Fit(beta, cov, groups - 1, identified)


def _independent(xtx: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Columns kept by a pivoted Gram-Schmidt on the cross-product: the period dummies first, then the terms."""
    k = xtx.shape[0]
    keep = np.zeros(k, dtype=bool)
    for j in range(k):
        idx = np.flatnonzero(keep)
        if xtx[j, j] <= 0:
            continue
        if idx.size:
            a = xtx[np.ix_(idx, idx)]
            c = xtx[idx, j]
            resid = xtx[j, j] - c @ np.linalg.solve(a, c)
        else:
            resid = xtx[j, j]
        keep[j] = resid > tol * xtx[j, j]
    return keep


def interval(estimate: float, se: float, df: int, confidence: float) -> dict[str, float]:
    """t statistic, two-sided p-value and interval on ``df`` degrees of freedom (NaN where not defined)."""
    if not (np.isfinite(estimate) and np.isfinite(se) and df >= 1):
        return {"t": np.nan, "p_value": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    if se == 0:  # a perfect fit: the interval is the point, no test
        return {"t": np.nan, "p_value": np.nan, "ci_low": estimate, "ci_high": estimate}
    q = stats.t.ppf(0.5 + confidence / 2, df)
    t = estimate / se
    return {"t": t, "p_value": float(2 * stats.t.sf(abs(t), df)), "ci_low": estimate - q * se,
            "ci_high": estimate + q * se}


def wald(beta: np.ndarray, cov: np.ndarray, df: int) -> tuple[float, int, float]:
    """The joint test that ``beta`` is zero: F = b' V^-1 b / q on (q, df) degrees of freedom."""
    q = beta.size
    if q == 0 or not np.isfinite(beta).all() or not np.isfinite(cov).all() or q > df:
        return np.nan, q, np.nan
    try:
        f = float(beta @ np.linalg.solve(cov, beta)) / q
    except np.linalg.LinAlgError:
        return np.nan, q, np.nan
    return f, q, float(stats.f.sf(f, q, df))
