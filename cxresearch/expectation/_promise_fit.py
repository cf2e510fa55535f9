"""The numbers behind :func:`promise`: the asymmetric disconfirmation fit, the promise curve and its optimum.

Everything is written in "lower is better" coordinates ``x = s * value`` (s = 1 for waits and
delivery days, s = -1 when a higher delivered value is better), so one derivation serves both
directions: with a gain ``max(x_p - x_d, 0)`` and a shortfall ``max(x_d - x_p, 0)``, the
expected satisfaction of promising ``x_p`` to every customer is

    S(x_p) = b0 + b' x_p + g E[(x_p - X)+] - l E[(X - x_p)+],

and since d/dx_p E[(x_p - X)+] = F(x_p) and d/dx_p E[(X - x_p)+] = -(1 - F(x_p)),

    S'(x_p) = b' + l - (l - g) F(x_p),

which falls with F when l > g: S is concave and its maximum is where F(x_p*) = (b' + l) / (l - g),
the share of promises kept at the optimum (b' = s b_p).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

TERMS = ("intercept", "promise", "gain", "loss")


@dataclass(frozen=True)
class Fit:
    """Coefficients (b0, b_p, g, l; NaN where not identified), their covariance, and what could not be said."""

    beta: np.ndarray
    cov: np.ndarray
    df: float
    n: int
    n_eff: float
    notes: tuple[str, ...]


def regressors(p: np.ndarray, d: np.ndarray, s: int) -> np.ndarray:
    """Columns 1, promise, gain, -shortfall (so the last coefficient is the loss l, positive when a miss hurts)."""
    diff = s * (p - d)
    return np.column_stack([np.ones(len(p)), p, np.maximum(diff, 0.0), -np.maximum(-diff, 0.0)])


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, promised: str) -> Fit:
    """WLS (OLS without weights) with a heteroskedasticity-robust (HC1) covariance; unidentified terms NaN."""
    n = len(y)
    sw, sw2 = w.sum(), (w * w).sum()
    n_eff = float(sw**2 / sw2) if sw2 > 0 else 0.0
    keep, notes = _identified(X, promised)
    k = int(keep.sum())
    beta, cov = np.full(4, np.nan), np.full((4, 4), np.nan)
    if n <= k or n_eff <= k:
        size = f"rows ({n})" if n <= k else f"an effective sample size ({n_eff:.1f}, Kish)"
        return Fit(beta, cov, np.nan, n, n_eff, (f"too few {size} for {k} coefficients",))
    Xk = X[:, keep]
    XtWX = (Xk * w[:, None]).T @ Xk
    scaled = np.sqrt(np.diag(XtWX))
    if np.linalg.matrix_rank(XtWX / np.outer(scaled, scaled), tol=1e-10) < k:
        return Fit(beta, cov, np.nan, n, n_eff, notes + ("promise, gain and shortfall are collinear: the model "
                                                         "cannot separate them",))
    bread = np.linalg.inv(XtWX)
    b = bread @ (Xk.T @ (w * y))
    score = Xk * (w * (y - Xk @ b))[:, None]
    V = bread @ (score.T @ score) @ bread * n / (n - k)
    beta[keep] = b
    cov[np.ix_(keep, keep)] = V
    return Fit(beta, cov, n_eff - k, n, n_eff, notes)


def _identified(X: np.ndarray, promised: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """Which terms the data can identify: a promise that varies, some gains, some shortfalls."""
    keep, notes = np.ones(4, dtype=bool), []
    if X[:, 1].min() == X[:, 1].max():
        keep[1] = False
        notes.append(f"promise effect not identified: every customer was promised {X[0, 1]:g} ({promised!r} does "
                     "not vary), so the promise curve cannot be drawn")
    if not X[:, 2].any():
        keep[2] = False
        notes.append("gain not identified: no delivery beat its promise")
    if not X[:, 3].any():
        keep[3] = False
        notes.append("loss not identified: no promise was broken")
    return keep, tuple(notes)


def coefficient_table(f: Fit, confidence: float) -> dict[str, np.ndarray]:
    """Estimates with robust standard errors, t intervals on ``n_eff - k`` degrees of freedom and p-values."""
    se = np.sqrt(np.diag(f.cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = f.beta / se
        df = f.df if f.df > 0 else np.nan
        crit = stats.t.ppf(0.5 + confidence / 2, df)
        p_value = 2 * stats.t.sf(np.abs(t), df)
    return {"term": np.array(TERMS, dtype=object), "estimate": f.beta, "se": se, "t": t, "p_value": p_value,
            "ci_low": f.beta - crit * se, "ci_high": f.beta + crit * se}


@dataclass(frozen=True)
class Delivery:
    """The weighted empirical distribution of the delivered values, in lower-is-better coordinates."""

    x: np.ndarray  # sorted values
    cum_w: np.ndarray  # cumulative weights
    cum_wx: np.ndarray  # cumulative weight x value

    @classmethod
    def of(cls, x: np.ndarray, w: np.ndarray) -> Delivery:
        order = np.argsort(x)  # ties need no order: F and the partial sums are read after the last tie
        xs, ws = x[order], w[order]
        return cls(xs, np.cumsum(ws), np.cumsum(ws * xs))

    def at(self, xp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """F(x_p), E[(x_p - X)+] and E[(X - x_p)+] for every candidate x_p."""
        total, mean = self.cum_w[-1], self.cum_wx[-1] / self.cum_w[-1]
        k = np.searchsorted(self.x, xp, side="right")
        c = np.where(k > 0, self.cum_w[np.maximum(k - 1, 0)], 0.0)
        m = np.where(k > 0, self.cum_wx[np.maximum(k - 1, 0)], 0.0)
        below = np.maximum((xp * c - m) / total, 0.0)
        return c / total, below, np.maximum(below - (xp - mean), 0.0)

    def quantile(self, q: float) -> float:
        """The smallest value whose weighted share at or below it reaches ``q`` (the inverse of F)."""
        i = int(np.searchsorted(self.cum_w, q * self.cum_w[-1], side="left"))
        return float(self.x[min(i, len(self.x) - 1)])


def curve(beta: np.ndarray, delivery: Delivery, grid: np.ndarray, s: int) -> dict[str, np.ndarray]:
    """Expected satisfaction and the share of promises kept for every candidate promise on ``grid``."""
    keep, gain, short = delivery.at(s * grid)
    b0, bp, g, l = beta
    return {"promise": grid, "expected_satisfaction": b0 + bp * grid + g * gain - l * short, "keep_rate": keep,
            "expected_gain": gain, "expected_shortfall": short}


def optimum(f: Fit, delivery: Delivery, s: int, confidence: float) -> dict[str, object]:
    """The closed-form share of promises kept at the optimum, the promise it implies, and what kind of optimum.

    ``keep_rate`` (b' + l) / (l - g) is reported whenever l > g; the promise only when it lies in (0, 1).
    Its interval is the delta-method interval of the ratio, mapped through the quantiles of F.
    """
    bp, g, l = s * f.beta[1], f.beta[2], f.beta[3]
    out = {"closed_form_keep_rate": np.nan, "keep_rate_ci_low": np.nan, "keep_rate_ci_high": np.nan,
           "closed_form_promise": np.nan, "closed_form_ci_low": np.nan, "closed_form_ci_high": np.nan}
    if np.isnan([bp, g, l]).any():
        return {**out, "optimum": "not identified", "why": ""}
    if not l > g:
        return {**out, "optimum": "no interior optimum",
                "why": f"loss {l:.3g} <= gain {g:.3g}: expected satisfaction is not concave in the promise, so the "
                       "best candidate is an end of the grid"}
    q = (bp + l) / (l - g)
    grad = np.array([1.0, (bp + l) / (l - g), -(g + bp) / (l - g)]) / (l - g)  # d q / d (b', g, l)
    V = f.cov[1:, 1:] * np.outer([s, 1, 1], [s, 1, 1])
    half = stats.t.ppf(0.5 + confidence / 2, f.df) * np.sqrt(grad @ V @ grad) if f.df > 0 else np.nan
    out.update(closed_form_keep_rate=q, keep_rate_ci_low=q - half, keep_rate_ci_high=q + half)
    if q <= 0:
        return {**out, "optimum": "corner: most ambitious",
                "why": f"-promise effect {-bp:.3g} >= loss {l:.3g}: every step towards a safer promise costs more "
                       "than the broken promises it avoids"}
    if q >= 1:
        return {**out, "optimum": "corner: safest",
                "why": f"gain {g:.3g} >= -promise effect {-bp:.3g}: a safer promise always pays, however long"}
    out["closed_form_promise"] = s * delivery.quantile(q)
    if np.isfinite(half):
        ends = [s * delivery.quantile(float(np.clip(v, 0.0, 1.0))) for v in (q - half, q + half)]
        out.update(closed_form_ci_low=min(ends), closed_form_ci_high=max(ends))
    return {**out, "optimum": "interior", "why": ""}


def sign_notes(f: Fit, s: int) -> tuple[str, ...]:
    """What the coefficients say that the model does not expect."""
    bp, g, l = s * f.beta[1], f.beta[2], f.beta[3]
    notes = []
    if l <= 0:
        notes.append(f"loss {l:.3g} <= 0: a broken promise did not lower satisfaction")
    if g < 0:
        notes.append(f"gain {g:.3g} < 0: beating the promise lowered satisfaction")
    if bp > 0:
        notes.append("a safer promise raised satisfaction by itself (promise effect of the unexpected sign)")
    return tuple(notes)
