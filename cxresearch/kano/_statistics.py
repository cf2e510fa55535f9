"""Kano statistics from a validated count table, and the segment test."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.categories import CATEGORIES, PRIORITY
from cxresearch._core.stats import adjust_pvalues, wilson

def _pick(c: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The allowed category with the largest count, ties broken by PRIORITY (no arithmetic on counts)."""
    top = np.where(allowed, c, -1).max(axis=1, keepdims=True)
    return np.argmax(np.where(allowed & (c == top), PRIORITY, -1), axis=1)

def kano_statistics(tab: pd.DataFrame, keys: list[str], *, rule: str, confidence: float):
    """Every Kano statistic of a validated count table, vectorised over its rows."""
    c = tab[list(CATEGORIES)].to_numpy(dtype=np.int64)
    A, O, M, I = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    n = c.sum(axis=1)
    all_cats = np.ones_like(c, dtype=bool)
    if rule == "mode":
        top = _pick(c, all_cats)
    else:  # "aom"
        aom = np.zeros(6, dtype=bool)
        aom[:3] = True
        quality = (A + O + M) > (n - A - O - M)
        top = np.where(quality, _pick(c, np.broadcast_to(aom, c.shape)),
                       _pick(c, np.broadcast_to(~aom, c.shape)))
    rows = np.arange(len(c))
    others = all_cats.copy()
    others[rows, top] = False
    second = _pick(c, others)
    a, b = c[rows, top].astype(float), c[rows, second].astype(float)
    nf = n.astype(float)  # 2 * n in int64 overflows beyond 2**62 answers
    fong = 1.65 * np.sqrt((a + b) * (2 * nf - a - b) / (2 * nf))
    significant = np.abs(a - b) >= fong
    out = tab[keys].reset_index(drop=True)
    out["n"] = n
    out["n_missing"] = tab["n_missing"].to_numpy()
    for j, cat in enumerate(CATEGORIES):
        out[cat] = c[:, j]
    for j, cat in enumerate(CATEGORIES):
        out[f"share_{cat}"] = c[:, j] / n
    letters = np.array(CATEGORIES)
    out["category"] = pd.Categorical(letters[top], categories=list(CATEGORIES), ordered=True)
    out["runner_up"] = pd.Categorical(letters[second], categories=list(CATEGORIES), ordered=True)
    out["significant"] = significant
    out["close_to"] = pd.Categorical(np.where(significant, None, letters[second]),
                                     categories=list(CATEGORIES), ordered=True)
    out["category_strength"] = (a - b) / n
    out["total_strength"] = (A + O + M) / n
    m = A + O + M + I
    with np.errstate(divide="ignore", invalid="ignore"):
        out["better"] = (A + O) / m
        out["worse"] = -(O + M) / m
    lo, hi = wilson(A + O, m, confidence)
    out.insert(out.columns.get_loc("better") + 1, "better_ci_low", lo)
    out.insert(out.columns.get_loc("better") + 2, "better_ci_high", hi)
    lo, hi = wilson(O + M, m, confidence)
    out["worse_ci_low"] = -hi
    out["worse_ci_high"] = -lo
    long = []
    for j, cat in enumerate(CATEGORIES):
        lo, hi = wilson(c[:, j], n, confidence)
        part = tab[keys].reset_index(drop=True)
        part["category"] = cat
        part["count"] = c[:, j]
        part["share"] = c[:, j] / n
        part["ci_low"], part["ci_high"] = lo, hi
        long.append(part)
    shares = pd.concat(long, ignore_index=True)
    shares["category"] = pd.Categorical(shares["category"], categories=list(CATEGORIES), ordered=True)
    shares = shares.sort_values([*keys, "category"], kind="stable").reset_index(drop=True)
    return out, shares

def segment_test(tab: pd.DataFrame, attribute: str, groups: list[str], p_adjust: str) -> pd.DataFrame:
    """Per attribute, a chi-square test that the category distribution is the same in every group.

    Categories no group used and groups with no answer are left out of each table.
    ``sparse`` flags tables failing Cochran's rule (an expected count below 1, or over
    20% of them below 5), where the chi-square p-value is only approximate.
    """
    rows = []
    for name, part in tab.groupby(attribute, sort=True, observed=True):
        c = part[list(CATEGORIES)].to_numpy(dtype=float)
        c = c[c.sum(axis=1) > 0][:, c.sum(axis=0) > 0]
        n = c.sum()
        if c.shape[0] < 2 or c.shape[1] < 2:
            rows.append((name, int(n), c.shape[0], np.nan, np.nan, np.nan, np.nan, np.nan, True))
            continue
        chi2, p, dof, expected = stats.chi2_contingency(c, correction=False)
        v = np.sqrt(chi2 / (n * (min(c.shape) - 1)))
        sparse = bool(expected.min() < 1 or (expected < 5).mean() > 0.2)
        rows.append((name, int(n), c.shape[0], chi2, int(dof), p, v, expected.min(), sparse))
    out = pd.DataFrame(rows, columns=[attribute, "n", "n_groups", "chi2", "dof", "p_value",
                                      "cramers_v", "min_expected", "sparse"])
    out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted",
               adjust_pvalues(out["p_value"].to_numpy(), p_adjust))
    out.attrs["test"] = f"Pearson chi-square of homogeneity across {', '.join(groups)}; {p_adjust} adjustment"
    return out
