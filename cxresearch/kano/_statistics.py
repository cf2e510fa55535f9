"""Kano statistics from a validated count table, and the segment test."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.categories import CATEGORIES, PRIORITY
from cxresearch._core.counting import SUMW2
from cxresearch._core.stats import adjust_pvalues, wilson
from cxresearch._core.weights import kish_n_eff

def _pick(c: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The allowed category with the largest count, ties broken by PRIORITY (no arithmetic on counts)."""
    top = np.where(allowed, c, -1).max(axis=1, keepdims=True)
    return np.argmax(np.where(allowed & (c == top), PRIORITY, -1), axis=1)

def _effective(tab: pd.DataFrame):
    """Counts (or sums of weights), the sums of squared weights (None unweighted), and whether weighted."""
    if "sumw2_A" not in tab.columns:
        return tab[list(CATEGORIES)].to_numpy(dtype=np.int64), None
    return tab[list(CATEGORIES)].to_numpy(dtype=float), tab[list(SUMW2)].to_numpy(dtype=float)


def _kish(c: np.ndarray, s2: np.ndarray | None, columns) -> np.ndarray:
    """Kish n_eff of the categories ``columns`` (the plain count when unweighted)."""
    total = c[:, columns].sum(axis=1)
    return total if s2 is None else kish_n_eff(total, s2[:, columns].sum(axis=1))


def _on_n_eff(x: np.ndarray, n: np.ndarray, n_eff: np.ndarray, weighted: bool) -> np.ndarray:
    """A count (or weighted sum) on the n_eff scale: share x / n times n_eff."""
    if not weighted:
        return x
    with np.errstate(divide="ignore", invalid="ignore"):
        return x / n * n_eff


def kano_statistics(tab: pd.DataFrame, keys: list[str], *, rule: str, confidence: float):
    """Every Kano statistic of a validated (possibly weighted) count table, vectorised over its rows."""
    c, s2 = _effective(tab)
    weighted = s2 is not None
    A, O, M, I = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    n = c.sum(axis=1)
    n_eff = _kish(c, s2, slice(0, 6))
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
    ae, be = _on_n_eff(a, n, n_eff, weighted), _on_n_eff(b, n, n_eff, weighted)
    nf = n_eff.astype(float)  # 2 * n in int64 overflows beyond 2**62 answers
    significant = np.abs(ae - be) >= 1.65 * np.sqrt((ae + be) * (2 * nf - ae - be) / (2 * nf))
    out = tab[keys].reset_index(drop=True)
    out["n"] = n
    if weighted:
        out["n_raw"], out["n_eff"] = tab["n_raw"].to_numpy(), n_eff
    out["n_missing"] = tab["n_missing"].to_numpy()
    for j, cat in enumerate(CATEGORIES):
        out[cat] = c[:, j]
    for j, cat in enumerate(CATEGORIES):
        out[f"share_{cat}"] = c[:, j] / n
    letters = np.array(CATEGORIES)
    out["category"] = pd.Categorical(letters[top], categories=list(CATEGORIES), ordered=True)
    # no runner-up when no other category has an answer (the "second" of a tie of zeros is arbitrary)
    out["runner_up"] = pd.Categorical(np.where(b > 0, letters[second], None), categories=list(CATEGORIES),
                                      ordered=True)
    out["significant"] = significant
    out["close_to"] = pd.Categorical(np.where(significant | (b == 0), None, letters[second]),
                                     categories=list(CATEGORIES), ordered=True)
    out["category_strength"] = (a - b) / n
    out["total_strength"] = (A + O + M) / n
    _better_worse(out, c, s2, confidence)
    return out, _shares_long(tab, keys, c, n, n_eff, weighted, confidence)


def _better_worse(out: pd.DataFrame, c: np.ndarray, s2: np.ndarray | None, confidence: float) -> None:
    """Better, Worse and their Wilson intervals (on the Kish n_eff of A+O+M+I when weighted)."""
    A, O, M, I = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    m = A + O + M + I
    m_eff = _kish(c, s2, slice(0, 4))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["better"] = (A + O) / m
        out["worse"] = -(O + M) / m
    lo, hi = wilson(_on_n_eff(A + O, m, m_eff, s2 is not None), m_eff, confidence)
    out.insert(out.columns.get_loc("better") + 1, "better_ci_low", lo)
    out.insert(out.columns.get_loc("better") + 2, "better_ci_high", hi)
    lo, hi = wilson(_on_n_eff(O + M, m, m_eff, s2 is not None), m_eff, confidence)
    out["worse_ci_low"] = -hi
    out["worse_ci_high"] = -lo


def _shares_long(tab, keys, c, n, n_eff, weighted: bool, confidence: float) -> pd.DataFrame:
    """Every share with its Wilson interval (on the cell's Kish n_eff when weighted), long form."""
    long = []
    for j, cat in enumerate(CATEGORIES):
        lo, hi = wilson(_on_n_eff(c[:, j], n, n_eff, weighted), n_eff, confidence)
        part = tab[keys].reset_index(drop=True)
        part["category"] = cat
        part["count"] = c[:, j]
        part["share"] = c[:, j] / n
        if weighted:
            part["n_eff"] = n_eff
        part["ci_low"], part["ci_high"] = lo, hi
        long.append(part)
    shares = pd.concat(long, ignore_index=True)
    shares["category"] = pd.Categorical(shares["category"], categories=list(CATEGORIES), ordered=True)
    return shares.sort_values([*keys, "category"], kind="stable").reset_index(drop=True)

def segment_test(tab: pd.DataFrame, attribute: str, groups: list[str], p_adjust: str) -> pd.DataFrame:
    """Per attribute, a chi-square test that the category distribution is the same in every group.

    Categories no group used and groups with no answer are left out of each table.
    ``sparse`` flags tables failing Cochran's rule (an expected count below 1, or over
    20% of them below 5), where the chi-square p-value is only approximate. A weighted
    table is tested on its effective counts: each group's weighted shares times its Kish
    n_eff (a first-order Rao-Scott-type correction with Kish design effects, one per group).
    """
    c_all, s2 = _effective(tab)
    weighted = s2 is not None
    if weighted:  # each group's row on its own effective sample size
        total = c_all.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            c_all = np.where(total > 0, c_all / total * _kish(c_all, s2, slice(0, 6))[:, None], 0.0)
    rows = []
    for name, part in tab.reset_index(drop=True).groupby(attribute, sort=True, observed=True):
        at = part.index.to_numpy()
        c = c_all[at].astype(float)
        n = float(tab[list(CATEGORIES)].to_numpy(dtype=float)[at].sum()) if weighted else int(c.sum())
        c = c[c.sum(axis=1) > 0][:, c.sum(axis=0) > 0]
        n_eff = c.sum()
        if c.shape[0] < 2 or c.shape[1] < 2:
            rows.append((name, n, n_eff, c.shape[0], np.nan, np.nan, np.nan, np.nan, np.nan, True))
            continue
        chi2, p, dof, expected = stats.chi2_contingency(c, correction=False)
        v = np.sqrt(chi2 / (n_eff * (min(c.shape) - 1)))
        sparse = bool(expected.min() < 1 or (expected < 5).mean() > 0.2)
        rows.append((name, n, n_eff, c.shape[0], chi2, int(dof), p, v, expected.min(), sparse))
    out = pd.DataFrame(rows, columns=[attribute, "n", "n_eff", "n_groups", "chi2", "dof", "p_value",
                                      "cramers_v", "min_expected", "sparse"])
    if not weighted:
        out = out.drop(columns="n_eff")
    out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted",
               adjust_pvalues(out["p_value"].to_numpy(), p_adjust))
    how = "on effective counts (Kish n_eff per group)" if weighted else ""
    out.attrs["test"] = (f"Pearson chi-square of homogeneity across {', '.join(map(str, groups))}"
                         f"{' ' + how if how else ''}; {p_adjust} adjustment")
    return out
