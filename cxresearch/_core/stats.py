"""Small statistics shared by every capability: Wilson intervals and p-value adjustment."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from cxresearch._core.checks import check_argument

P_ADJUST = ("holm", "fdr_bh", "none")


def wilson(x: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x successes out of n (NaN where n == 0).

    Examples
    --------
    >>> from cxresearch._core.stats import wilson
    >>> [round(float(v[0]), 4) for v in wilson([30], [100], 0.95)]  # by hand: 0.3074 -+ 0.0884
    [0.2189, 0.3958]
    """
    z = stats.norm.ppf(0.5 + confidence / 2)
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def adjust_pvalues(p: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjust p-values across tests by Holm (1979) or Benjamini-Hochberg (1995); NaN stays NaN.

    Examples
    --------
    >>> from cxresearch._core.stats import adjust_pvalues
    >>> adjust_pvalues([0.01, 0.04, 0.03], "holm").round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    check_argument("p_adjust", ["holm", "fdr_bh", "bh", "none"], method)
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if m == 0 or method == "none":
        out[ok] = q
        return out
    order = np.argsort(q)
    ranked = q[order]
    if method == "holm":
        adj = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:  # Benjamini-Hochberg
        adj = np.minimum.accumulate((m / np.arange(m, 0, -1) * ranked[::-1]))[::-1]
    res = np.empty(m)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out
