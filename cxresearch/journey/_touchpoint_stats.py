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


def cell_stats(E: np.ndarray, X: np.ndarray, ids: np.ndarray, n_groups: int, w: np.ndarray | None,
               confidence: float, pain: float, delight: float) -> dict[str, np.ndarray]:
    """Group x touchpoint statistics of experience ``E``, expectation ``X`` and the gap ``E - X``.

    ``ids`` numbers each row's group 0 .. n_groups - 1 (-1: not used). Every sum over the
    customers of a group is one matrix product with the rows' (weighted) group indicators;
    variances use data shifted by the column mean (no cancellation). Weighted means and
    variances use Kish's effective size: ``se = sqrt(sum w (g - gbar)^2 / sum w / (n_eff - 1))``,
    the unweighted ``s / sqrt(n)`` when all weights are equal.
    """
    used = ids >= 0 if w is None else (ids >= 0) & (w > 0)
    rows = np.flatnonzero(used)
    H = np.zeros((len(ids), n_groups), order="F")
    H[rows, ids[rows]] = 1.0 if w is None else w[rows]  # weighted group indicators
    valid = ~(np.isnan(E) | np.isnan(X))
    filled = valid.all()
    V = np.ones(E.shape, order="F") if filled else valid.astype(float, order="F")
    sw = H.T @ V
    if w is None:
        n, sw2 = sw, sw
    else:
        H1 = np.zeros((len(ids), n_groups), order="F")
        H1[rows, ids[rows]] = 1.0
        n, sw2 = H1.T @ V, (H * H).T @ V  # H * H: the squared weights
    D = E - X
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = sw**2 / sw2
        out = {"n": np.rint(n).astype(np.int64), "sum_w": sw, "n_eff": n_eff}
        for name, M in (("experience", E), ("expectation", X), ("gap", D)):
            shift = np.nanmean(np.where(valid, M, np.nan), axis=0) if not filled else M.mean(axis=0)
            C = M - np.nan_to_num(shift)
            if not filled:
                C[~valid] = 0.0
            mean_c = (H.T @ C) / sw
            ss = (H.T @ (C * C)) / sw - mean_c**2
            ss[ss < 1e-10 * (1 + shift**2)] = 0.0  # rounding of a constant column: no variance
            out[name], out[f"{name}_var"] = mean_c + shift, np.maximum(ss, 0.0) * n_eff / (n_eff - 1)
        se = np.sqrt(out["gap_var"] / n_eff)
        half = stats.t.ppf(0.5 + confidence / 2, np.maximum(n_eff - 1, 1)) * se
        half[n_eff <= 1] = np.nan
        out.update(gap_se=se, gap_ci_low=out["gap"] - half, gap_ci_high=out["gap"] + half)
        out["pain"] = (H.T @ ((D <= pain) & valid).astype(float)) / sw
        out["delight"] = (H.T @ ((D >= delight) & valid).astype(float)) / sw
        out["shortfall"] = (H.T @ np.where(valid, np.maximum(-D, 0.0), 0.0)) / sw
    return out


def welch(means: np.ndarray, variances: np.ndarray, n_eff: np.ndarray) -> tuple[np.ndarray, ...]:
    """Welch's one-way test per column across the groups in the rows: F, df1, df2, p.

    A column where a group has fewer than two (effective) customers or no variance at all
    is not tested (NaN): Welch's weights would leave that group out silently.
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
    bad = ~ok.all(axis=0)
    for arr in (F, df2, p):
        arr[bad] = np.nan
    return F, np.where(bad, np.nan, g - 1), df2, p


def segment_tests(cells: dict[str, np.ndarray], names: list, adjust: str, segments: list[str]) -> pd.DataFrame:
    """Per touchpoint and measure, Welch's test of equal segment means; p adjusted across touchpoints."""
    rows = []
    for measure in ("experience", "expectation", "gap"):
        F, df1, df2, p = welch(cells[measure], cells[f"{measure}_var"], cells["n_eff"])
        adjusted = np.full(len(p), np.nan)
        done = ~np.isnan(p)
        if done.any():
            adjusted[done] = adjust_pvalues(p[done], adjust)
        note = [_untested(cells, measure, j, segments) if not done[j] else "" for j in range(len(names))]
        rows.append(pd.DataFrame({"touchpoint": names, "measure": measure, "F": F, "df_num": df1, "df_denom": df2,
                                  "p_value": p, "p_adjusted": adjusted, "note": note}))
    return pd.concat(rows, ignore_index=True)


def _untested(cells: dict, measure: str, j: int, segments: list[str]) -> str:
    """Why a touchpoint's segments were not compared."""
    few = [s for s, n in zip(segments, cells["n_eff"][:, j]) if not n > 1]
    flat = [s for s, v, n in zip(segments, cells[f"{measure}_var"][:, j], cells["n_eff"][:, j]) if n > 1 and not v > 0]
    parts = ([f"fewer than 2 customers in {', '.join(few)}"] if few else []) + (
        [f"no variance in {', '.join(flat)}"] if flat else [])
    return "not tested: " + "; ".join(parts)


def moment_labels(gap: np.ndarray, low: np.ndarray, high: np.ndarray, rank: np.ndarray, *, min_gap: float,
                  top: float, measured: bool) -> np.ndarray:
    """The moment-of-truth rule, per group (rows) and touchpoint (columns).

    Negative (positive): the gap's interval lies below (above) zero, the gap is at least
    ``min_gap`` scale points, and the touchpoint is in the group's top ``top`` share by
    importance (``rank`` 1 = most important). Without a ``measured`` importance (no outcome)
    the gap alone decides; a touchpoint whose importance could not be estimated (a segment
    too small for the model) is "not judged".
    """
    k = gap.shape[1]
    cut = max(1, int(np.ceil(round(top * k, 9))))
    judged = ~np.isnan(rank) if measured else np.ones(rank.shape, dtype=bool)
    important = (rank <= cut) if measured else judged
    out = np.full(gap.shape, MOMENTS[2], dtype=object)
    out[important & (high < 0) & (gap <= -min_gap)] = MOMENTS[0]
    out[important & (low > 0) & (gap >= min_gap)] = MOMENTS[1]
    out[~judged | np.isnan(gap)] = MOMENTS[3]
    return out
