"""The statistics of :func:`wait_perception`: weighted sums per segment, then intervals and tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.stats import adjust_pvalues, wilson

N_BINS = 10


def _sum(g: np.ndarray, x: np.ndarray, G: int) -> np.ndarray:
    return np.bincount(g, weights=x, minlength=G)


def segment_stats(x, y, w, g, G: int, confidence: float) -> dict[str, np.ndarray]:
    """Per segment: the geometric-mean ratio and the log-log slope with intervals (x, y: log actual, log perceived)."""
    n = np.bincount(g, minlength=G)
    sw, sw2 = _sum(g, w, G), _sum(g, w * w, G)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = sw**2 / sw2
        d = y - x
        mx, my, md = (_sum(g, w * v, G) / sw for v in (x, y, d))
        var_d = _sum(g, w * (d - md[g]) ** 2, G) / sw * n_eff / (n_eff - 1)
        se_d = np.sqrt(var_d / n_eff)
        t1 = stats.t.ppf(0.5 + confidence / 2, np.where(n_eff > 1, n_eff - 1, np.nan))
        sxx = _sum(g, w * (x - mx[g]) ** 2, G) / sw
        sxy = _sum(g, w * (x - mx[g]) * (y - my[g]), G) / sw
        # a variance below the rounding of the mean square is none: equal actual waits have no slope
        sxx = np.where(sxx > 1e-12 * (_sum(g, w * x * x, G) / sw), sxx, 0.0)
        slope = np.where(sxx > 0, sxy / np.where(sxx > 0, sxx, 1.0), np.nan)
        intercept = my - slope * mx
        resid = y - intercept[g] - slope[g] * x
        s2 = _sum(g, w * resid**2, G) / sw * n_eff / (n_eff - 2)
        se_b = np.sqrt(s2 / (sxx * n_eff))
        df2 = np.where(n_eff > 2, n_eff - 2, np.nan)
        t2 = stats.t.ppf(0.5 + confidence / 2, df2)
        longer = _sum(g, w * (d > 0), G) / sw
        lo, hi = wilson(longer * n_eff, n_eff, confidence)
        out = {"n": n, "n_eff": n_eff,
               "actual_mean": _sum(g, w * np.exp(x), G) / sw, "perceived_mean": _sum(g, w * np.exp(y), G) / sw,
               "ratio": np.exp(md), "ratio_ci_low": np.exp(md - t1 * se_d), "ratio_ci_high": np.exp(md + t1 * se_d),
               "ratio_p_value": 2 * stats.t.sf(np.abs(md / se_d), n_eff - 1),
               "longer": longer, "longer_ci_low": lo, "longer_ci_high": hi,
               "slope": slope, "slope_ci_low": slope - t2 * se_b, "slope_ci_high": slope + t2 * se_b,
               "slope_p_value": 2 * stats.t.sf(np.abs((slope - 1) / se_b), df2), "intercept": intercept,
               # kept for the tests between segments (not shown in the table)
               "_log_ratio": md, "_log_ratio_se": se_d, "_slope_se": se_b}
    out["reading"] = _reading(out)
    return out


def _reading(t: dict) -> np.ndarray:
    """The verdict in words, read from the intervals."""
    lo, hi, slo, shi = t["ratio_ci_low"], t["ratio_ci_high"], t["slope_ci_low"], t["slope_ci_high"]
    size = np.select([np.isnan(lo), lo > 1, hi < 1], ["not estimable", "felt longer", "felt shorter"],
                     default="felt as long (ratio interval covers 1)")
    shape = np.select([np.isnan(slo) & ~np.isnan(lo), np.isnan(slo), shi < 1, slo > 1],
                      ["; slope not estimable (the actual waits do not vary enough)", "",
                       "; long waits relatively shorter", "; long waits relatively longer"],
                      default="; in proportion")
    return np.char.add(size.astype(str), shape.astype(str)).astype(object)


def pair_tests(table: pd.DataFrame, names: list, confidence: float, p_adjust: str) -> pd.DataFrame:
    """Welch tests between every pair of segments: the log ratios and the slopes."""
    rows = []
    m, se, b, sb = (table[c].to_numpy(dtype=float) for c in ("_log_ratio", "_log_ratio_se", "slope", "_slope_se"))
    ne = table["n_eff"].to_numpy(dtype=float) if "n_eff" in table else table["n"].to_numpy(dtype=float)
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            rows.append({"segment_a": names[i], "segment_b": names[j],
                         **_welch("ratio", m[i] - m[j], se[i], se[j], ne[i] - 1, ne[j] - 1, confidence, True),
                         **_welch("slope", b[i] - b[j], sb[i], sb[j], ne[i] - 2, ne[j] - 2, confidence, False)})
    out = pd.DataFrame(rows)
    out["ratio_p_adjusted"] = adjust_pvalues(out["ratio_p_value"], p_adjust)
    out["slope_p_adjusted"] = adjust_pvalues(out["slope_p_value"], p_adjust)
    cols = ["segment_a", "segment_b", "ratio_of_ratios", "ratio_of_ratios_ci_low", "ratio_of_ratios_ci_high",
            "ratio_p_value", "ratio_p_adjusted", "slope_difference", "slope_difference_ci_low",
            "slope_difference_ci_high", "slope_p_value", "slope_p_adjusted"]
    return out[cols]


def _welch(name: str, diff: float, se1: float, se2: float, df1: float, df2: float, confidence: float,
           exponentiate: bool) -> dict[str, float]:
    """A difference with its Welch-Satterthwaite t interval and p-value."""
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(se1**2 + se2**2)
        df = se**4 / (se1**4 / df1 + se2**4 / df2) if df1 > 0 and df2 > 0 else np.nan
        t = stats.t.ppf(0.5 + confidence / 2, df)
        p = 2 * stats.t.sf(abs(diff / se), df)
    low, high = diff - t * se, diff + t * se
    key = "ratio_of_ratios" if name == "ratio" else "slope_difference"
    f = np.exp if exponentiate else float
    return {key: f(diff), f"{key}_ci_low": f(low), f"{key}_ci_high": f(high), f"{name}_p_value": float(p)}


def bins(x, y, g, labels: pd.DataFrame, keys: list) -> pd.DataFrame:
    """Per segment up to ten bins of actual wait (deciles): the geometric means of actual and perceived waits."""
    parts = []
    order = np.argsort(g, kind="stable")
    bounds = np.searchsorted(g[order], np.arange(len(labels) + 1))
    for k in range(len(labels)):
        idx = order[bounds[k]:bounds[k + 1]]
        if len(idx) == 0:
            continue
        xs, ys = x[idx], y[idx]
        cuts = np.unique(np.quantile(xs, np.linspace(0, 1, N_BINS + 1)[1:-1]))
        b = np.searchsorted(cuts, xs, side="right")
        nb = np.bincount(b, minlength=len(cuts) + 1)
        keep = nb > 0
        gx = np.bincount(b, weights=xs, minlength=len(nb))[keep] / nb[keep]
        gy = np.bincount(b, weights=ys, minlength=len(nb))[keep] / nb[keep]
        part = pd.DataFrame({"bin": np.arange(1, keep.sum() + 1), "n": nb[keep], "actual": np.exp(gx),
                             "perceived": np.exp(gy)})
        for c in keys:
            part.insert(keys.index(c), c, labels[c].iloc[k])
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
