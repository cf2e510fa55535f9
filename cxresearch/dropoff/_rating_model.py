"""The joint penalty-reward model with period interactions, from per-period sums of the rows.

Columns are built from per-period cross-products ``S_p = sum w z z'`` of ``z = [1, D, y]``
(D: every attribute's low and high band dummies): a column is a source in ``z`` times a
multiplier per period (a period dummy, 1, the centred time ``tau_p``, or a step ``[p >= s]``),
so ``X'WX = sum_p m_a[p] m_b[p] S_p[a, b]`` and every model of the scan costs a small solve.
One more pass over the rows gives the heteroskedasticity-robust (HC1) meat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, stats

_TOL = 1e-9  # a column whose residual variance is below this share of its own is dependent


@dataclass(frozen=True)
class Design:
    """One segment's rows sorted by period and their per-period sums."""

    S: np.ndarray  # (P, m + 2, m + 2): sums of w z z', z = [1, D, y]
    Z: np.ndarray  # (n, m + 1): [1, D], rows sorted by period
    y: np.ndarray
    w: np.ndarray | None
    bounds: np.ndarray  # (P + 1,) row ranges of the periods
    tau: np.ndarray  # (P,) centred period times
    t_mean: float
    present: np.ndarray  # (P,) periods with rows
    counts: np.ndarray  # (P, m) rows in each band per period (unweighted)
    n_eff: float

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def m(self) -> int:
        return self.Z.shape[1] - 1


def design(y: np.ndarray, D: np.ndarray, w: np.ndarray | None, period: np.ndarray, t: np.ndarray) -> Design:
    """Sort one segment's rows by period and sum ``w z z'`` per period."""
    P, m = len(t), D.shape[1]
    order = np.argsort(period.astype(np.int16) if P < 2**15 else period, kind="stable")  # a radix sort
    Zy = np.empty((len(y), m + 2), order="F")
    Zy[:, 0] = 1.0
    for j in range(m):
        Zy[:, 1 + j] = D[:, j][order]
    Zy[:, -1] = y[order]
    ws = None if w is None else w[order]
    bounds = np.searchsorted(period[order], np.arange(P + 1))
    S, counts = np.zeros((P, m + 2, m + 2)), np.zeros((P, m))
    for p in range(P):
        part = Zy[bounds[p]:bounds[p + 1]]
        S[p] = part.T @ (part if ws is None else part * ws[bounds[p]:bounds[p + 1], None])
        counts[p] = S[p][0, 1:-1] if ws is None else part[:, 1:-1].sum(axis=0)
    size = S[:, 0, 0]
    present = size > 0
    t_mean = float((size * t)[present].sum() / size.sum())
    n_eff = float(len(y)) if w is None else float(w.sum() ** 2 / (w**2).sum())
    return Design(S, Zy[:, :-1], Zy[:, -1], ws, bounds, np.where(present, t - t_mean, 0.0), t_mean, present,
                  counts, n_eff)


@dataclass(frozen=True)
class Columns:
    """Model columns: their source in ``z`` and their multiplier per period, with a name each."""

    source: np.ndarray
    mult: np.ndarray
    names: list

    def take(self, keep) -> Columns:
        keep = list(keep)
        return Columns(self.source[keep], self.mult[keep], [self.names[i] for i in keep])

    def __add__(self, other: Columns) -> Columns:
        return Columns(np.concatenate([self.source, other.source]), np.vstack([self.mult, other.mult]),
                       self.names + other.names)


def columns(d: Design, kinds: list[tuple[str, int]], split: int | None = None) -> Columns:
    """Columns named ("period", p), ("main", c), ("trend", c) or ("step", c) (band c = column 1 + c of z)."""
    P = len(d.tau)
    source, mult = [], []
    for kind, c in kinds:
        source.append(0 if kind == "period" else 1 + c)
        if kind == "period":
            mult.append(np.eye(P)[c])
        elif kind == "main":
            mult.append(d.present.astype(float))
        elif kind == "trend":
            mult.append(d.tau)
        else:
            mult.append((np.arange(P) >= split) & d.present)
    return Columns(np.array(source, dtype=int), np.array(mult, dtype=float).reshape(len(kinds), P), list(kinds))


def gram(d: Design, cols: Columns) -> tuple[np.ndarray, np.ndarray]:
    """X'WX and X'Wy of the columns, from the per-period sums."""
    src, M = cols.source, cols.mult
    G = np.einsum("ap,bp,pab->ab", M, M, d.S[:, src[:, None], src[None, :]])
    return G, np.einsum("ap,pa->a", M, d.S[:, src, -1])


def independent(G: np.ndarray) -> list[int]:
    """Columns kept in order, each one not (numerically) a combination of those before it."""
    keep: list[int] = []
    L = np.zeros((0, 0))
    for j in range(len(G)):
        if G[j, j] <= 0:
            continue
        v = linalg.solve_triangular(L, G[keep, j], lower=True) if keep else np.zeros(0)
        r = G[j, j] - v @ v
        if r > _TOL * G[j, j]:
            L = np.block([[L, np.zeros((len(keep), 1))], [v[None, :], np.sqrt([[r]])]])
            keep.append(j)
    return keep


@dataclass(frozen=True)
class Fit:
    cols: Columns
    b: np.ndarray
    Ginv: np.ndarray
    rss: float
    cov: np.ndarray | None = None

    def index(self, name) -> int:
        return self.cols.names.index(name) if name in self.cols.names else -1


def fit(d: Design, cols: Columns, robust: bool = False) -> Fit:
    """Least squares on the independent columns; with ``robust``, the HC1 covariance."""
    G, c = gram(d, cols)
    keep = independent(G)
    cols, G, c = cols.take(keep), G[np.ix_(keep, keep)], c[keep]
    Ginv = np.linalg.inv(G)
    b = Ginv @ c
    rss = float(d.S[:, -1, -1].sum() - b @ c)
    return Fit(cols, b, Ginv, rss, _hc1(d, cols, b, Ginv) if robust else None)


def _hc1(d: Design, cols: Columns, b: np.ndarray, Ginv: np.ndarray) -> np.ndarray:
    """White's sandwich with the n / (n - q) factor (HC1): sum w^2 e^2 x x' between (X'WX)^-1."""
    P, m1 = len(d.tau), d.m + 1
    coef = np.zeros((P, m1))  # per period, the coefficient of each source in z
    np.add.at(coef.T, cols.source, b[:, None] * cols.mult)
    H = np.zeros((P, m1, m1))
    for p in np.flatnonzero(d.present):
        lo, hi = d.bounds[p], d.bounds[p + 1]
        Zp = d.Z[lo:hi]
        e = d.y[lo:hi] - Zp @ coef[p]
        we = e if d.w is None else d.w[lo:hi] * e
        H[p] = Zp.T @ (Zp * (we * we)[:, None])
    src, M = cols.source, cols.mult
    meat = np.einsum("ap,bp,pab->ab", M, M, H[:, src[:, None], src[None, :]])
    q = len(b)
    return d.n / max(d.n - q, 1) * Ginv @ meat @ Ginv


def added(base: Fit, d: Design, extra: Columns) -> tuple[float, np.ndarray, np.ndarray] | None:
    """Adding ``extra`` columns to a fitted base: the fall in RSS, their coefficients, the base's new ones.

    Partitioned least squares: ``S = G22 - G21 Ginv G12``, ``u = c2 - G21 b``; None when the
    extra columns are (numerically) dependent on the base or on each other.
    """
    both = base.cols + extra
    G, c = gram(d, both)
    q = len(base.b)
    G12, G22, c2 = G[:q, q:], G[q:, q:], c[q:]
    S = G22 - G12.T @ base.Ginv @ G12
    if (np.diag(S) <= _TOL * np.diag(G22)).any() or np.linalg.cond(S) > 1e12:
        return None
    u = c2 - G12.T @ base.b
    b2 = np.linalg.solve(S, u)
    return float(u @ b2), b2, base.b - base.Ginv @ G12 @ b2


def asymmetry_test(f: Fit, c_low: int, c_high: int, confidence: float) -> dict[str, float]:
    """The slopes of penalty and reward and of their sum (reward + penalty = |reward| - |penalty|)."""
    i, j = f.index(("trend", c_low)), f.index(("trend", c_high))
    if i < 0 or j < 0:
        return {}
    V = f.cov
    est = np.array([f.b[i], f.b[j], f.b[i] + f.b[j]])
    se = np.sqrt(np.array([V[i, i], V[j, j], V[i, i] + V[j, j] + 2 * V[i, j]]))
    z = est / se
    p = 2 * stats.norm.sf(np.abs(z))
    half = stats.norm.ppf(0.5 + confidence / 2) * se[2]
    return {"penalty_slope": est[0], "penalty_slope_p": p[0], "reward_slope": est[1], "reward_slope_p": p[1],
            "asymmetry_slope": est[2], "asymmetry_slope_ci_low": est[2] - half,
            "asymmetry_slope_ci_high": est[2] + half, "p_value": p[2]}


def changepoint(d: Design, base: Fit, c_low: int, c_high: int, trend_rss: float | None):
    """The split where a jump in this attribute's penalty and reward fits best, its F test and the effects.

    ``base``: the model without this attribute's trend. Every split s (first period of the
    new regime) adds step dummies ``[p >= s] D``; the best split minimises the RSS, its F
    test (2 and n_eff - q - 2 degrees of freedom) is Bonferroni-adjusted over the splits
    tried. Returns (split, p, pattern, (penalty, reward) before, after) or None.
    """
    present = np.flatnonzero(d.present)
    best = None
    for s in present[1:]:
        out = added(base, d, columns(d, [("step", c_low), ("step", c_high)], split=s))
        if out is not None and (best is None or out[0] > best[1][0]):
            best = (s, out)
    if best is None:
        return None
    s, (drop, b2, b_base) = best
    q = len(base.b) + 2
    rss = base.rss - drop
    F = (drop / 2) / (rss / max(d.n_eff - q, 1))
    splits = max(len(present) - 1, 1)
    p = min(1.0, splits * float(stats.f.sf(F, 2, max(d.n_eff - q, 1))))
    before = np.array([b_base[base.index(("main", c_low))], b_base[base.index(("main", c_high))]])
    pattern = "step" if trend_rss is None or rss < trend_rss else "gradual"
    return s, p, pattern, before, before + b2
