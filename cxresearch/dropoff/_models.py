"""The drop-off models on count arrays, vectorised over cells (attribute x group).

The proportional-odds fit of the life-cycle position A < O < M on time, weighted
least-squares share trends, the likelihood-ratio change-point scan, and the forecast of
when M becomes the most frequent category.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

_EPS = 0.01  # continuity constant per (wave, category) cell: keeps estimates finite where the MLE is not


def continuity(n: np.ndarray, unit: np.ndarray | float = 1.0) -> np.ndarray:
    """The continuity constant per cell: 0.01 answers (of ``unit`` weight) where the MLE is not finite.

    ``n``: (G, W, 3) counts of A, O, M. A cell gets the constant in every (wave, category)
    of its present waves when one of A, O, M is never answered, when its A, O, M answers
    fall in a single wave, or when they are separated by time (:func:`separation`); every
    other cell is fitted by exact maximum likelihood (the constant would tie the estimate
    to the scale of the counts, so weighted counts could not reproduce replicated rows).

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch.dropoff._models import continuity
    >>> continuity(np.array([[[5, 2, 1], [3, 4, 2]], [[5, 0, 1], [3, 0, 2]]])).tolist()
    [0.0, 0.01]
    """
    seen = n.sum(axis=1) > 0
    waves = (n.sum(axis=2) > 0).sum(axis=1)
    sign, _ = separation(n)
    degenerate = ~seen.all(axis=1) | (waves < 2) | (sign != 0)
    return np.where(degenerate, _EPS * np.asarray(unit, dtype=float), 0.0)


def ordinal_fit(n: np.ndarray, t: np.ndarray, iterations: int = 50, eps: np.ndarray | None = None):
    """Proportional-odds fit of position A < O < M on time, vectorised over cells.

    ``n``: (G, W, 3) counts (or sums of weights) of A, O, M per wave (zero rows for padded
    waves); ``t``: (G, W) centred times; ``eps``: (G,) continuity constants added to every
    (wave, category) of the present waves (default :func:`continuity`). P(Y <= k) =
    logistic(theta_k - beta * t), so beta > 0 means answers move towards M over time.
    Fisher scoring with step halving. Returns beta, its standard error, and the
    log-likelihoods with and without beta.
    """
    g = n.shape[0]
    eps = continuity(n) if eps is None else eps
    n = n + eps[:, None, None] * (n.sum(axis=2, keepdims=True) > 0)
    tot = n.sum(axis=(1,))  # (G, 3)
    cum = np.cumsum(tot, axis=1)[:, :2] / tot.sum(axis=1, keepdims=True)
    theta0 = np.log(cum / (1 - cum))
    ll0 = (tot * np.log(tot / tot.sum(axis=1, keepdims=True))).sum(axis=1)
    params = np.column_stack([theta0, np.zeros(g)])

    def loglik(p):
        pi = _probs(p, t)
        return (n * np.log(np.clip(pi, 1e-300, None))).sum(axis=(1, 2)), pi

    ll, pi = loglik(params)
    info = np.zeros((g, 3, 3))
    for _ in range(iterations):
        f1 = pi[..., 0] * (1 - pi[..., 0])
        c2 = pi[..., 0] + pi[..., 1]
        f2 = c2 * (1 - c2)
        jac = np.zeros(pi.shape + (3,))  # d pi_k / d (theta1, theta2, beta)
        jac[..., 0, 0], jac[..., 1, 0] = f1, -f1
        jac[..., 1, 1], jac[..., 2, 1] = f2, -f2
        jac[..., 0, 2] = -t * f1
        jac[..., 1, 2] = -t * (f2 - f1)
        jac[..., 2, 2] = t * f2
        safe = np.clip(pi, 1e-12, None)
        score = np.einsum("gwk,gwkp->gp", n / safe, jac)
        size = n.sum(axis=2)
        info = np.einsum("gw,gwkp,gwkq->gpq", size, jac / safe[..., None], jac)
        step = np.linalg.solve(info + 1e-10 * np.eye(3), score[..., None])[..., 0]
        scale = np.ones(g)
        for _ in range(20):  # step halving where the likelihood would fall
            trial = params + scale[:, None] * step
            ll_new, pi_new = loglik(trial)
            worse = (ll_new < ll - 1e-10) | ~np.isfinite(ll_new) | (trial[:, 1] <= trial[:, 0])
            if not worse.any():
                break
            scale = np.where(worse, scale / 2, scale)
        params, ll, pi = trial, ll_new, pi_new
        if np.abs(scale[:, None] * step).max() < 1e-9:
            break
    cov = np.linalg.inv(info + 1e-10 * np.eye(3))
    se = np.sqrt(np.clip(cov[:, 2, 2], 0, None))
    return params[:, 2], se, ll, ll0

def separation(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which cells' A < O < M answers split perfectly by time, so the ordinal slope is infinite.

    ``n``: (G, W, 3) raw counts of A, O, M per wave, waves in time order. With one
    covariate, the proportional-odds maximum-likelihood slope is +infinity exactly when no
    answer is later than an answer further along the life cycle (every A no later than
    every O and M, every O no later than every M), and -infinity in the mirror case
    (Albert & Anderson 1984 for the binary logit; Agresti 2010 for cumulative logits):
    complete separation when the time
    ranges do not touch, quasi-complete when they meet in a wave. Cells need two of A, O,
    M and answers in two waves. Returns the direction (+1 toward must-be, -1 toward
    attractive, 0 none) and whether the separation is complete.

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch.dropoff._models import separation
    >>> all_a_then_all_m = np.array([[[5, 0, 0], [3, 0, 0], [0, 0, 4]]])
    >>> one_a_in_the_last_wave = np.array([[[5, 0, 0], [3, 0, 1], [1, 0, 4]]])
    >>> [int(separation(c)[0][0]) for c in (all_a_then_all_m, one_a_in_the_last_wave)]
    [1, 0]
    """
    seen = n > 0
    w = np.arange(n.shape[1])[None, :, None]
    first = np.where(seen, w, n.shape[1]).min(axis=1)  # (G, 3)
    last = np.where(seen, w, -1).max(axis=1)
    has = seen.any(axis=1)
    up, down, strict_up, strict_down = (np.ones(len(n), dtype=bool) for _ in range(4))
    for k, m in ((0, 1), (0, 2), (1, 2)):
        both = has[:, k] & has[:, m]
        up &= ~both | (last[:, k] <= first[:, m])
        down &= ~both | (first[:, k] >= last[:, m])
        strict_up &= ~both | (last[:, k] < first[:, m])
        strict_down &= ~both | (first[:, k] > last[:, m])
    informative = (has.sum(axis=1) >= 2) & ((n.sum(axis=2) > 0).sum(axis=1) >= 2)
    sign = np.where(informative & up, 1, np.where(informative & down, -1, 0))
    return sign, np.where(sign > 0, strict_up, strict_down) & (sign != 0)

def _probs(params: np.ndarray, t: np.ndarray) -> np.ndarray:
    c1 = 1 / (1 + np.exp(-(params[:, 0:1] - params[:, 2:3] * t)))
    c2 = 1 / (1 + np.exp(-(params[:, 1:2] - params[:, 2:3] * t)))
    return np.stack([c1, c2 - c1, 1 - c2], axis=-1)

def wls_slope(y: np.ndarray, t: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least-squares intercept and slope along axis 1 (weights 0 = absent wave)."""
    sw = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        tbar = (w * t).sum(axis=1) / sw
        ybar = (w * np.nan_to_num(y)).sum(axis=1) / sw
        dt = t - tbar[:, None]
        slope = (w * dt * (np.nan_to_num(y) - ybar[:, None])).sum(axis=1) / (w * dt**2).sum(axis=1)
    return ybar - slope * tbar, slope

def changepoints(c: np.ndarray, present: np.ndarray, scale: np.ndarray | None = None):
    """Likelihood-ratio scan for one change in the category distribution (A, O, M, I, R+Q).

    ``c``: (G, W, 5) counts, waves in time order, absent waves all zero. For every split
    s (first wave of the new regime) LR_s = 2 [l(before) + l(after) - l(pooled)] with
    multinomial log-likelihoods; the best split's p-value is Bonferroni-adjusted over the
    candidate splits (conservative, and free of random numbers). ``scale`` (G,) multiplies
    the LR of weighted counts (n_eff / sum of weights: the design-effect correction).
    """
    def ll(x):
        tot = x.sum(axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, x * np.log(x / tot), 0.0).sum(axis=-1)

    before = np.cumsum(c, axis=1)
    total = before[:, -1:, :]
    after = total - before
    lr = 2 * (ll(before) + ll(after) - ll(total))  # split after wave w -> new regime from w + 1
    if scale is not None:
        lr = lr * scale[:, None]
    # split after wave w: w present, and some present wave after it
    valid = present & (np.cumsum(present, axis=1) < present.sum(axis=1, keepdims=True))
    lr = np.where(valid, lr, -np.inf)
    best = np.argmax(lr, axis=1)
    stat = lr[np.arange(len(c)), best]
    df = np.maximum((c.sum(axis=1) > 0).sum(axis=1) - 1, 1)
    splits = np.maximum(valid.sum(axis=1), 1)
    p = np.where(np.isfinite(stat), np.minimum(1.0, splits * stats.chi2.sf(stat, df)), np.nan)
    # the new regime starts at the next wave that is present
    nxt = np.array([np.flatnonzero(present[i, b + 1:])[0] + b + 1 if np.isfinite(stat[i]) else -1
                    for i, b in enumerate(best)])
    return nxt, np.where(np.isfinite(stat), stat, np.nan), p

def must_be_forecast(a: np.ndarray, b: np.ndarray, t_last: np.ndarray) -> np.ndarray:
    """Earliest t >= t_last where the linear share trend of M is >= every other category's."""
    lo = t_last.copy()
    hi = np.full_like(t_last, np.inf)
    for k in range(6):
        if k == 2:
            continue
        da, db = a[:, 2] - a[:, k], b[:, 2] - b[:, k]
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = -da / db
        lo = np.where(db > 0, np.maximum(lo, cross), lo)
        hi = np.where(db < 0, np.minimum(hi, cross), hi)
        hi = np.where((db == 0) & (da < 0), -np.inf, hi)
    return np.where(lo <= hi, lo, np.nan)
