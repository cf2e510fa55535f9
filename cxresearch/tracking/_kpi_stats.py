"""The KPI statistics from per-cell sums: estimates, standard errors, intervals, and differences with tests.

* NPS = p - d (promoter and detractor shares); var = (p + d - (p - d)^2) / n, the variance of the
  mean of a variable that is +1 for a promoter, -1 for a detractor and 0 otherwise; Wald interval.
* Shares (top box, top-2 box, yes/no): Wilson interval; standard error sqrt(p (1 - p) / n).
* Means: t interval on n - 1 degrees of freedom.

With survey weights the shares and means are weighted and ``n`` is Kish's effective sample size
``n_eff = (sum w)^2 / sum w^2``. A difference of two independent estimates has the standard error
sqrt(se1^2 + se2^2); shares and NPS are tested with z, means with Welch's t.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from cxresearch._core.stats import wilson


def cell_estimates(s: dict, kind: str, confidence: float) -> dict[str, np.ndarray]:
    """Estimate, se, interval and the shares of each cell (NaN where a cell has no rows)."""
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = s["sw"] ** 2 / s["sw2"]
        out: dict[str, np.ndarray] = {"n_eff": n_eff}
        if kind == "nps":
            p, d = s["promoters"] / s["sw"], s["detractors"] / s["sw"]
            est = p - d
            se = np.sqrt(np.maximum(p + d - est**2, 0.0) / n_eff)
            out.update(promoters=p, passives=1 - p - d, detractors=d, estimate=est, se=se,
                       ci_low=np.clip(est - z * se, -1, 1), ci_high=np.clip(est + z * se, -1, 1))
        elif kind == "mean":
            est = s["sx"] / s["sw"]
            df = np.where(n_eff > 1, n_eff - 1, np.nan)
            se = np.sqrt(s["ss"] / s["sw"] / df)
            t = stats.t.ppf(0.5 + confidence / 2, df)
            out.update(estimate=est, se=se, sd=np.sqrt(s["ss"] / s["sw"] * n_eff / df), ci_low=est - t * se,
                       ci_high=est + t * se)
        else:
            p = s["hits"] / s["sw"]
            low, high = wilson(p * n_eff, n_eff, confidence)
            out.update(estimate=p, se=np.sqrt(p * (1 - p) / n_eff), ci_low=low, ci_high=high)
    return out


def difference(a: dict, b: dict, i: np.ndarray, j: np.ndarray, kind: str, confidence: float
               ) -> dict[str, np.ndarray]:
    """``b[j] - a[i]`` for pairs of cells: difference, its interval, the statistic and the two-sided p-value.

    ``a`` and ``b`` are :func:`cell_estimates` outputs (the same one for a table's own cells).
    """
    d = b["estimate"][j] - a["estimate"][i]
    v1, v2 = a["se"][i] ** 2, b["se"][j] ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(v1 + v2)
        stat = np.where(se > 0, d / se, np.nan)
        if kind == "mean":  # Welch-Satterthwaite degrees of freedom on the effective sizes
            df = (v1 + v2) ** 2 / (v1**2 / (a["n_eff"][i] - 1) + v2**2 / (b["n_eff"][j] - 1))
            crit = stats.t.ppf(0.5 + confidence / 2, df)
            p = 2 * stats.t.sf(np.abs(stat), df)
        else:
            crit = stats.norm.ppf(0.5 + confidence / 2)
            p = 2 * stats.norm.sf(np.abs(stat))
    return {"difference": d, "se": se, "ci_low": d - crit * se, "ci_high": d + crit * se, "statistic": stat,
            "p_value": p}
