"""Penalty-reward contrast analysis: rating bands, the dummy regression, its bootstrap and the segment test."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from cxresearch._core.categories import UNCLASSIFIED, classify, material_sign
from cxresearch._core.checks import arg_error, check_pair
from cxresearch._core.stats import adjust_pvalues
from cxresearch.errors import CXInputError
from cxresearch.satisfaction._ratings import collinear_sets


def cuts(threshold) -> tuple[float, float]:
    """``0.2`` -> (-0.2, 0.2); a pair (lower, upper) is checked and kept."""
    if isinstance(threshold, (int, float, np.number)) and not isinstance(threshold, bool):
        if not 0 <= threshold <= 1:
            raise arg_error("threshold", "a number in [0, 1] or a pair (lower, upper)", threshold)
        threshold = (-float(threshold), float(threshold))
    return check_pair("threshold", threshold, within=(-1, 1), strict=False, example="0.2 or (-0.2, 0.3)")


def band(values: np.ndarray, spec, scale: tuple[float, float], side: str) -> tuple[np.ndarray, str]:
    """Which ratings fall in the low (or high) band, and a description of the band.

    ``spec`` is None (the bottom / top two points of a scale of up to 11 points, the bottom
    / top fifth of the range of a wider one such as 0-100), a number (ratings at or below /
    at or above it) or a collection of rating values.
    """
    lo, hi = scale
    if spec is None:
        width = 1.0 if hi - lo <= 10 else 0.2 * (hi - lo)
        spec = lo + width if side == "low" else hi - width
    if isinstance(spec, Collection) and not isinstance(spec, str):
        vals = sorted(float(v) for v in spec)
        return np.isin(values, vals), "{" + ", ".join(f"{v:g}" for v in vals) + "}"
    try:
        cut = float(spec)
    except (TypeError, ValueError):
        raise arg_error(side, "a number or a list of rating values", spec) from None
    if side == "low":
        return values <= cut, f"<= {cut:g}"
    return values >= cut, f">= {cut:g}"


@dataclass(frozen=True)
class Bands:
    """The dummy design of one group: intercept, then one column per estimable (attribute, band)."""

    design: np.ndarray
    names: list[tuple[str, str]]
    notes: dict[str, list[str]]
    n_low: np.ndarray
    n_high: np.ndarray
    low_text: str
    high_text: str


def bands(d, low, high, min_n: int) -> Bands:
    """Dummy-code the low and high band of every attribute of one group (a ``RatingData``)."""
    n, k = d.X.shape
    columns, names, notes = [], [], {a: [] for a in d.attributes}
    n_low, n_high = np.zeros(k, int), np.zeros(k, int)
    low_text = high_text = ""
    for j, a in enumerate(d.attributes):
        lo_mask, low_text = band(d.X[:, j], low, d.scale, "low")
        hi_mask, high_text = band(d.X[:, j], high, d.scale, "high")
        if (lo_mask & hi_mask).any():
            raise CXInputError(f"The low band ({low_text}) and the high band ({high_text}) overlap; "
                               "a rating can be in one band only.")
        n_low[j], n_high[j] = lo_mask.sum(), hi_mask.sum()
        if not (~lo_mask & ~hi_mask).any():
            notes[a].append("no rating in the reference band: penalty and reward not estimable")
            continue
        for mask, kind, count in ((lo_mask, "low", n_low[j]), (hi_mask, "high", n_high[j])):
            if count == 0:
                notes[a].append(f"no rating in the {kind} band")
                continue
            if count < min_n:
                notes[a].append(f"only {count} rating(s) in the {kind} band")
            columns.append(mask.astype(float))
            names.append((a, kind))
    design = np.column_stack([np.ones(n), *columns])
    if np.linalg.matrix_rank(design) < design.shape[1]:
        sets = collinear_sets(design[:, 1:], [f"{a} ({kind})" for a, kind in names])
        raise CXInputError(
            "The band dummies are perfectly collinear: " + "; ".join(map(str, sets)) +
            ". Two attributes are banded identically in every row; drop one or widen the bands."
        )
    return Bands(design, names, notes, n_low, n_high, low_text, high_text)


def fit_bands(d, b: Bands, bounds, confidence: float, alpha: float, n_boot: int = 0,
              rng: np.random.Generator | None = None):
    """Penalty and reward of every attribute in one group of rating data (a ``RatingData``).

    Returns the per-attribute table and the statsmodels fit. With ``n_boot``, respondents
    are resampled and the regression refitted to give percentile intervals of the
    asymmetry and the share of resamples agreeing on the factor.
    """
    design, names, notes, n_low, n_high = b.design, b.names, b.notes, b.n_low, b.n_high
    fit = sm.OLS(d.y, design).fit()
    ci = fit.conf_int(1 - confidence)
    est = {name: (fit.params[i + 1], ci[i + 1, 0], ci[i + 1, 1], fit.pvalues[i + 1])
           for i, name in enumerate(names)}
    nan4 = (np.nan,) * 4
    table = pd.DataFrame({"attribute": d.attributes, "n_low": n_low, "n_high": n_high})
    for kind, label in (("low", "penalty"), ("high", "reward")):
        vals = np.array([est.get((a, kind), nan4) for a in d.attributes])
        table[label], table[f"{label}_ci_low"], table[f"{label}_ci_high"], table[f"{label}_p"] = vals.T
    pen, rew = table["penalty"].to_numpy(), table["reward"].to_numpy()
    table["range_of_impact"] = np.abs(pen) + np.abs(rew)
    table["sgp"] = np.abs(rew) / table["range_of_impact"]
    table["dgp"] = np.abs(pen) / table["range_of_impact"]
    table["asymmetry"], table["factor"], table["kano"] = classify(pen, rew, bounds)
    # a wrong-signed effect whose interval excludes zero is material too, however small
    excludes = (table["penalty_ci_low"].to_numpy() > 0) | (table["reward_ci_high"].to_numpy() < 0)
    material = material_sign(pen, rew) | excludes
    table.loc[material, ["factor", "kano"]] = [UNCLASSIFIED, ""]
    table["unexpected_sign"] = (pen > 0) | (rew < 0)
    table["significant"] = (table["penalty_p"] < alpha) | (table["reward_p"] < alpha)
    for a, p, r, m in zip(d.attributes, pen, rew, material):
        notes[a] += sign_notes(p, r, m)
    table["note"] = ["; ".join(notes[a]) for a in d.attributes]
    if n_boot:
        index = {name: i + 1 for i, name in enumerate(names)}
        table["asymmetry_ci_low"], table["asymmetry_ci_high"], table["factor_share"] = _bootstrap(
            design, d.y, [index.get((a, "low")) for a in d.attributes],
            [index.get((a, "high")) for a in d.attributes], table["factor"].to_numpy(), bounds, n_boot,
            confidence, rng)
    return table, fit


def sign_notes(penalty: float, reward: float, material: bool) -> list[str]:
    """Why an attribute is "unclassified" (a material wrong sign), or why a small wrong sign was let pass."""
    out = []
    if penalty > 0:
        out.append(f"penalty {penalty:+.3g} > 0, a low rating goes with higher satisfaction")
    if reward < 0:
        out.append(f"reward {reward:+.3g} < 0, a high rating goes with lower satisfaction")
    if material:
        return [f"unclassified: {o}" for o in out]
    return [f"{o} (smaller than the other effect, interval includes 0: read as no effect)" for o in out]


def _bootstrap(design, y, low_col, high_col, factor, bounds, n_boot: int, confidence: float, rng):
    """Asymmetry intervals and factor agreement over respondent resamples.

    A resample in which a band is empty leaves that attribute's effect undefined (NaN) for
    that resample; intervals and shares use the resamples where it is defined.
    """
    n, k = len(y), len(factor)
    asym = np.full((n_boot, k), np.nan)
    agree = np.full((n_boot, k), np.nan)
    for b in range(n_boot):
        rows = rng.integers(0, n, n)
        X, yb = design[rows], y[rows]
        present = X.any(axis=0)
        coef = np.full(design.shape[1], np.nan)
        coef[present] = np.linalg.lstsq(X[:, present], yb, rcond=None)[0]
        pen = np.array([coef[c] if c is not None else np.nan for c in low_col])
        rew = np.array([coef[c] if c is not None else np.nan for c in high_col])
        a, f, _ = classify(pen, rew, bounds)
        asym[b] = a
        agree[b] = np.where(np.isnan(a), np.nan, f == factor)
    tail = 50 * (1 - confidence)
    with np.errstate(all="ignore"):
        return (np.nanpercentile(asym, tail, axis=0), np.nanpercentile(asym, 100 - tail, axis=0),
                np.nanmean(agree, axis=0))


def segment_test(fitted: list[tuple[tuple, Bands, np.ndarray]], attributes: list[str], p_adjust: str = "holm",
                 not_estimable: dict[str, list[str]] | None = None):
    """Do penalty and reward differ between segments? One Wald F-test per attribute.

    All segments are fitted in one pooled model with a separate intercept and separate
    band dummies per segment (the same estimates as separate fits) and a
    heteroskedasticity-robust (HC1) covariance, so segments may differ in spread. For each
    attribute the test is that its penalty and its reward are equal in every segment
    (2 x (segments - 1) restrictions). An attribute that is not estimable in some segment
    (``not_estimable``: attribute -> the segments and why) gets no test: its row says why
    in ``note``, and its F and p-values are missing (and left out of the adjustment).
    """
    not_estimable = not_estimable or {}
    blocks, where, y = [], {}, []
    width = sum(b.design.shape[1] for _, b, _ in fitted)
    start = 0
    for g, (key, b, yg) in enumerate(fitted):
        block = np.zeros((len(yg), width))
        block[:, start:start + b.design.shape[1]] = b.design
        for i, name in enumerate(b.names):
            where[(g, *name)] = start + 1 + i
        blocks.append(block)
        y.append(yg)
        start += b.design.shape[1]
    fit = sm.OLS(np.concatenate(y), np.vstack(blocks)).fit(cov_type="HC1")
    rows = []
    for a in attributes:
        R = [] if a in not_estimable else _restrictions(a, where, len(fitted), width)
        row = {"attribute": a, "F": np.nan, "df_num": len(R), "df_denom": int(fit.df_resid), "p_value": np.nan,
               "note": ""}
        if a in not_estimable:
            row["note"] = "not computed: not estimable in " + "; ".join(not_estimable[a])
        elif R:
            ft = fit.f_test(np.array(R))
            row["F"], row["p_value"] = float(np.squeeze(ft.fvalue)), float(ft.pvalue)
        rows.append(row)
    out = pd.DataFrame(rows)
    out.insert(len(out.columns) - 1, "p_adjusted", adjust_pvalues(out["p_value"].to_numpy(), p_adjust))
    return out


def _restrictions(attribute: str, where: dict, n_groups: int, width: int) -> list[np.ndarray]:
    """Rows of R for "this attribute's penalty and reward are equal in every segment"."""
    R = []
    for kind in ("low", "high"):
        present = [where[(g, attribute, kind)] for g in range(n_groups) if (g, attribute, kind) in where]
        for col in present[1:]:
            r = np.zeros(width)
            r[col], r[present[0]] = 1.0, -1.0
            R.append(r)
    return R
