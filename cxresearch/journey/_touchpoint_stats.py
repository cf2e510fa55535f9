"""The statistics behind :func:`cxresearch.journey.touchpoints`: one vectorised pass per quantity.

Per segment and touchpoint (a customer counts where both ratings of the touchpoint are
there): weighted means of experience, expectation and gap, the paired interval of the
gap, pain and delight shares, the mean shortfall; Welch's test between segments; the
moment-of-truth rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.stats import adjust_pvalues

MOMENTS = ("negative moment of truth", "positive moment of truth", "neutral", "not judged")


def _sums(ids: np.ndarray, valid: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group (rows) and touchpoint (columns), the sum of ``values`` over valid cells."""
    k = valid.shape[1]
    idx = ids[:, None] * k + np.arange(k)
    return np.bincount(idx[valid], weights=values[valid], minlength=n_groups * k).reshape(n_groups, k)


def cell_stats(E: np.ndarray, X: np.ndarray, ids: np.ndarray, n_groups: int, w: np.ndarray | None,
               confidence: float, pain: float, delight: float) -> dict[str, np.ndarray]:
    """Group x touchpoint statistics of experience ``E``, expectation ``X`` and the gap ``E - X``.

    ``ids`` numbers each row's group 0 .. n_groups - 1 (-1: not used). Weighted means and
    variances use Kish's effective size: ``se = sqrt(sum w (g - gbar)^2 / sum w / (n_eff - 1))``,
    the unweighted ``s / sqrt(n)`` when all weights are equal.
    """
    valid = ~np.isnan(E) & ~np.isnan(X) & (ids >= 0)[:, None]
    if w is not None:
        valid &= (w > 0)[:, None]
    ww = np.ones(len(ids)) if w is None else w
    W = np.broadcast_to(ww[:, None], E.shape)
    n = _sums(ids, valid, np.ones(E.shape), n_groups)
    sw = _sums(ids, valid, W, n_groups)
    sw2 = _sums(ids, valid, W * W, n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = sw**2 / sw2
        D = E - X
        out = {"n": n.astype(np.int64), "sum_w": sw, "n_eff": n_eff}
        for name, V in (("experience", E), ("expectation", X), ("gap", D)):
            mean = _sums(ids, valid, W * V, n_groups) / sw
            dev = V - mean[np.maximum(ids, 0)]
            ss = _sums(ids, valid, W * dev * dev, n_groups) / sw
            out[name], out[f"{name}_var"] = mean, ss * n_eff / (n_eff - 1)
        se = np.sqrt(out["gap_var"] / n_eff)
        half = stats.t.ppf(0.5 + confidence / 2, np.maximum(n_eff - 1, 1)) * se
        half[n_eff <= 1] = np.nan
        out.update(gap_se=se, gap_ci_low=out["gap"] - half, gap_ci_high=out["gap"] + half)
        out["pain"] = _sums(ids, valid, W * (D <= pain), n_groups) / sw
        out["delight"] = _sums(ids, valid, W * (D >= delight), n_groups) / sw
        out["shortfall"] = _sums(ids, valid, W * np.maximum(-D, 0.0), n_groups) / sw
    return out


def welch(means: np.ndarray, variances: np.ndarray, n_eff: np.ndarray) -> tuple[np.ndarray, ...]:
    """Welch's one-way test per column across the groups in the rows: F, df1, df2, p.

    Groups with fewer than two (effective) customers or no variance are left out of a
    column; a column with fewer than two groups left gets NaN.
    """
    ok = (n_eff > 1) & (variances > 0) & np.isfinite(means)
    with np.errstate(invalid="ignore", divide="ignore"):
        wj = np.where(ok, n_eff / variances, 0.0)
        W = wj.sum(axis=0)
        mw = (wj * np.where(ok, means, 0.0)).sum(axis=0) / W
        g = ok.sum(axis=0).astype(float)
        A = (wj * np.where(ok, means - mw, 0.0) ** 2).sum(axis=0) / (g - 1)
        tmp = np.where(ok, (1 - wj / W) ** 2 / (n_eff - 1), 0.0).sum(axis=0)
        F = A / (1 + 2 * (g - 2) / (g**2 - 1) * tmp)
        df2 = (g**2 - 1) / (3 * tmp)
        p = stats.f.sf(F, g - 1, df2)
    bad = g < 2
    for arr in (F, df2, p):
        arr[bad] = np.nan
    return F, g - 1, df2, p


def segment_tests(cells: dict[str, np.ndarray], names: list, adjust: str) -> pd.DataFrame:
    """Per touchpoint and measure, Welch's test of equal segment means; p adjusted across touchpoints."""
    rows = []
    for measure in ("experience", "expectation", "gap"):
        F, df1, df2, p = welch(cells[measure], cells[f"{measure}_var"], cells["n_eff"])
        adjusted = np.full(len(p), np.nan)
        done = ~np.isnan(p)
        if done.any():
            adjusted[done] = adjust_pvalues(p[done], adjust)
        rows.append(pd.DataFrame({"touchpoint": names, "measure": measure, "F": F, "df_num": df1, "df_denom": df2,
                                  "p_value": p, "p_adjusted": adjusted}))
    return pd.concat(rows, ignore_index=True)


def moment_labels(gap: np.ndarray, low: np.ndarray, high: np.ndarray, rank: np.ndarray, *, min_gap: float,
                  top: float) -> np.ndarray:
    """The moment-of-truth rule, per group (rows) and touchpoint (columns).

    Negative (positive): the gap's interval lies below (above) zero, the gap is at least
    ``min_gap`` scale points, and the touchpoint is in the group's top ``top`` share by
    importance (``rank`` 1 = most important; all NaN ranks: importance not measured, the
    gap alone decides). A touchpoint whose importance could not be estimated is "not judged".
    """
    k = gap.shape[1]
    cut = max(1, int(np.ceil(round(top * k, 9))))
    judged = ~np.isnan(rank) | np.isnan(rank).all(axis=1, keepdims=True)
    important = np.isnan(rank) | (rank <= cut)
    out = np.full(gap.shape, MOMENTS[2], dtype=object)
    out[important & (high < 0) & (gap <= -min_gap)] = MOMENTS[0]
    out[important & (low > 0) & (gap >= min_gap)] = MOMENTS[1]
    out[~judged | np.isnan(gap)] = MOMENTS[3]
    return out
