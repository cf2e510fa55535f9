"""The statistics behind :func:`cxresearch.journey.touchpoints`, read off the sums of one pass.

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
from cxresearch.journey._touchpoint_pass import PassSums

MOMENTS = ("negative moment of truth", "positive moment of truth", "neutral", "not judged")


def cell_stats(t: PassSums, confidence: float) -> dict[str, np.ndarray]:
    """Group x touchpoint statistics of experience, expectation and the gap, from the sums of one pass.

    The sums are taken about a fixed shift per column (no cancellation): with ``c = x - shift``,
    ``mean = shift + sum w c / sum w`` and ``var = (sum w c^2 / sum w - (sum w c / sum w)^2) n_eff /
    (n_eff - 1)``; the gap's sums follow from those of experience and expectation
    (``sum w (ce - cx)^2 = sum w ce^2 + sum w cx^2 - 2 sum w ce cx``). Weighted means and
    variances use Kish's effective size: ``se = sqrt(sum w (g - gbar)^2 / sum w / (n_eff - 1))``,
    the unweighted ``s / sqrt(n)`` when all weights are equal.
    """
    k = t.k
    sw = t.sw
    se_, sx_ = t.s[:, :k], t.s[:, k:]
    parts = (("experience", se_, t.qe, t.shift[:k]), ("expectation", sx_, t.qx, t.shift[k:2 * k]),
             ("gap", se_ - sx_, t.qe + t.qx - 2 * t.qex, t.shift[:k] - t.shift[k:2 * k]))
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = sw**2 / t.sw2
        out = {"n": np.rint(t.n).astype(np.int64), "sum_w": sw, "n_eff": n_eff}
        for name, S, Q, shift in parts:
            mean_c = S / sw
            ss = Q / sw - mean_c**2
            level = shift + S.sum(axis=0) / sw.sum(axis=0)  # the column's mean over every segment
            ss[ss < 1e-10 * (1 + level**2)] = 0.0  # rounding of a constant column: no variance
            out[name], out[f"{name}_var"] = mean_c + shift, np.maximum(ss, 0.0) * n_eff / (n_eff - 1)
        se = np.sqrt(out["gap_var"] / n_eff)
        half = stats.t.ppf(0.5 + confidence / 2, np.maximum(n_eff - 1, 1)) * se
        half[n_eff <= 1] = np.nan
        out.update(gap_se=se, gap_ci_low=out["gap"] - half, gap_ci_high=out["gap"] + half)
        out["pain"], out["delight"], out["shortfall"] = t.pain / sw, t.delight / sw, t.short / sw
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
