"""Penalty-reward contrast analysis: rating bands, the dummy regression, its bootstrap and the segment test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.bands import dummy_names
from cxresearch._core.categories import UNCLASSIFIED, classify, material_sign
from cxresearch._core.checks import arg_error, check_pair
from cxresearch._core.stats import adjust_pvalues
from cxresearch.errors import CXInputError
from cxresearch._core.moments import band_column
from cxresearch._core.rating_rows import collinear_in
from cxresearch._core.progress import Progress
from cxresearch.satisfaction._resample import percentile_interval, resampled_cross
from cxresearch._core.sums import Sums, t_table, wls


def cuts(threshold) -> tuple[float, float]:
    """``0.2`` -> (-0.2, 0.2); a pair (lower, upper) is checked and kept."""
    if isinstance(threshold, (int, float, np.number)) and not isinstance(threshold, bool):
        if not 0 <= threshold <= 1:
            raise arg_error("threshold", "a number in [0, 1] or a pair (lower, upper)", threshold)
        threshold = (-float(threshold), float(threshold))
    return check_pair("threshold", threshold, within=(-1, 1), strict=False, example="0.2 or (-0.2, 0.3)")


@dataclass(frozen=True)
class Bands:
    """The estimable bands of one group: dummy names in design order, notes, band counts and descriptions."""

    names: list[tuple[str, str]]  # (attribute, "low" | "high"), in the order of the design
    notes: dict[str, list[str]]
    n_low: np.ndarray
    n_high: np.ndarray
    low_text: str
    high_text: str

    @property
    def columns(self) -> list[str]:
        """The dummies' column names (as in a Moments object)."""
        return [band_column(a, kind) for a, kind in self.names]


def bands(s: Sums, attributes: list, min_n: int, low_text: str, high_text: str) -> Bands:
    """Which bands can be estimated in one group, read from the sums of the dummies.

    A band count is the number of ratings in the band; with weights, the weighted count with
    the weights scaled to sum to the rows used (the usual weighted base: all-equal weights
    give the plain count), and the thin-band note reads the share of Kish's effective sample
    size. An empty band, or an empty reference band, leaves the effect out with a note.
    """
    k = len(attributes)
    names, notes = [], {a: [] for a in attributes}
    share = s.mean[s.index(dummy_names(attributes))].reshape(k, 2)
    counts = share * s.n if s.weighted else np.rint(share * s.n).astype(int)
    for j, a in enumerate(attributes):
        if 1 - share[j].sum() <= 1e-9:
            notes[a].append("no rating in the reference band: penalty and reward not estimable")
            continue
        for kind, count, part in zip(("low", "high"), counts[j], share[j]):
            if part <= 0:
                notes[a].append(f"no rating in the {kind} band")
                continue
            if (part * s.n_eff if s.weighted else count) < min_n * (1 - 1e-12):
                notes[a].append(f"only {count} rating(s) in the {kind} band" if not s.weighted else
                                f"only {part * s.n_eff:.1f} effective rating(s) in the {kind} band")
            names.append((a, kind))
    names = drop_collinear(s, names, notes)
    return Bands(names, notes, counts[:, 0], counts[:, 1], low_text, high_text)


def drop_collinear(s: Sums, names: list[tuple[str, str]], notes: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Leave out band dummies that are exact linear combinations of the others, one at a time, with a note.

    Straight-liners (respondents who give every attribute the same rating) can make two
    attributes' low dummies identical in every row. Of each collinear set the dummy that
    comes last in the design (the later attribute) is left out: that effect of that
    attribute is not estimable (its note says with which bands it coincides) and the others
    are fitted without it, exactly as a regression without that dummy.
    """
    names = list(names)
    while len(names) > 1:
        labels = [f"{a} ({kind})" for a, kind in names]
        sets = collinear_in(s.take([band_column(a, kind) for a, kind in names]).correlation(), labels)
        if not sets:
            break
        last = max(labels.index(x) for x in sets[0])
        a, kind = names[last]
        others = ", ".join(x for x in sets[0] if x != labels[last])
        effect = "penalty" if kind == "low" else "reward"
        notes[a].append(f"{kind} band collinear with {others} in every row (e.g. straight-liners): left out, "
                        f"{effect} not estimable")
        del names[last]
    return names


def fit_bands(s: Sums, attributes: list, b: Bands, bounds, confidence: float, alpha: float):
    """Penalty and reward of every attribute in one group, from the sums of (outcome, dummies).

    Returns the per-attribute table (:func:`band_table`) and the least-squares fit
    (:class:`~._sums.LinearFit`).
    """
    fit = wls(s, s.names[0], b.columns)
    t = t_table(fit.params, np.sqrt(np.diag(fit.cov)), fit.df_resid, confidence)
    est = {name: (t["estimate"][i + 1], t["ci_low"][i + 1], t["ci_high"][i + 1], t["p_value"][i + 1])
           for i, name in enumerate(b.names)}
    return band_table(attributes, b, est, bounds, alpha), fit


def band_table(attributes: list, b: Bands, est: dict, bounds, alpha: float) -> pd.DataFrame:
    """The per-attribute table from the band effects ``est``: (attribute, band) -> (estimate, ci_low, ci_high, p).

    Effects not in ``est`` (an empty or separated band) are missing, and the attribute is
    "not estimable"; the notes of ``b`` are the table's notes, followed by the sign notes.
    """
    nan4 = (np.nan,) * 4
    table = pd.DataFrame({"attribute": attributes, "n_low": b.n_low, "n_high": b.n_high})
    for kind, label in (("low", "penalty"), ("high", "reward")):
        vals = np.array([est.get((a, kind), nan4) for a in attributes])
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
    notes = {a: list(v) for a, v in b.notes.items()}
    for a, p, r, m in zip(attributes, pen, rew, material):
        notes[a] += sign_notes(p, r, m)
    table["note"] = ["; ".join(notes[a]) for a in attributes]
    return table


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


def bootstrap(design: np.ndarray, y: np.ndarray, w, b: Bands, attributes: list, factor, bounds, n_boot: int,
              confidence: float, rng, progress: bool | Progress = True):
    """Asymmetry intervals and factor agreement over respondent resamples (:mod:`._resample`).

    ``design`` holds the estimable dummies of the rows used (no intercept). Each resample's
    normal equations come from its resampled cross-products; a band with no rating in a
    resample leaves that effect undefined (NaN) there, as a refit on the resampled rows
    would. Intervals and shares use the resamples where the effect is defined.
    """
    index = {name: i for i, name in enumerate(b.names)}
    low_col = np.array([index.get((a, "low"), -1) for a in attributes])
    high_col = np.array([index.get((a, "high"), -1) for a in attributes])
    Z = np.column_stack([np.ones(len(y)), y - y.mean(), design])
    asym, agree = [], []
    for S in resampled_cross(Z, w, n_boot, rng, progress=progress, desc="penalty-reward bootstrap"):
        coef = _solve(S)
        pen = np.where(low_col >= 0, coef[:, low_col], np.nan)
        rew = np.where(high_col >= 0, coef[:, high_col], np.nan)
        a, f, _ = classify(pen.ravel(), rew.ravel(), bounds)
        a, f = a.reshape(pen.shape), f.reshape(pen.shape)
        asym.append(a)
        agree.append(np.where(np.isnan(a), np.nan, f == np.asarray(factor)[None, :]))
    low, high = percentile_interval(np.concatenate(asym), confidence)
    with np.errstate(all="ignore"):
        return low, high, np.nanmean(np.concatenate(agree), axis=0)


def _solve(S: np.ndarray) -> np.ndarray:
    """Slopes of the outcome (column 1 of ``S``) on the dummies (columns 2...) per resample, NaN where a band is empty.

    The normal equations ``[1, d]' [1, d] b = [1, d]' y`` of the columns present in each
    resample are solved together for the resamples sharing which columns are present; a
    singular system (dummies tied in a resample) gets the least-squares minimum-norm
    solution, as ``lstsq`` on the rows would give.
    """
    m = S.shape[1] - 2
    keep = np.concatenate([[0], np.arange(2, m + 2)])
    A, rhs = S[:, keep[:, None], keep[None, :]], S[:, keep, 1]
    present = np.diagonal(S, axis1=1, axis2=2)[:, 2:] > 0
    out = np.full((len(S), m), np.nan)
    patterns, which = np.unique(present, axis=0, return_inverse=True)
    for p, pattern in enumerate(patterns):
        rows = np.flatnonzero(which.ravel() == p)
        cols = np.concatenate([[0], 1 + np.flatnonzero(pattern)])
        Ap, bp = A[rows][:, cols[:, None], cols[None, :]], rhs[rows][:, cols]
        try:
            coef = np.linalg.solve(Ap, bp[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            coef = np.array([np.linalg.lstsq(a, r, rcond=None)[0] for a, r in zip(Ap, bp)])
        out[np.ix_(rows, cols[1:] - 1)] = coef[:, 1:]
    return out


def segment_test(fitted: list[tuple[np.ndarray, list, np.ndarray, np.ndarray | None]], attributes: list[str],
                 p_adjust: str = "holm", not_estimable: dict[str, list[str]] | None = None):
    """Do penalty and reward differ between segments? One Wald F-test per attribute.

    ``fitted`` holds per segment the design (intercept and estimable dummies), the dummies'
    (attribute, band) names, the outcome and the weights (None without weights). All
    segments are fitted in one pooled model with a separate intercept and separate band
    dummies per segment (the same estimates as separate fits) and a
    heteroskedasticity-robust (HC1) covariance, so segments may differ in spread (with
    weights: WLS and the same sandwich, which does not depend on the scale of the weights).
    For each attribute the test is that its penalty and its reward are equal in every
    segment (2 x (segments - 1) restrictions). An attribute that is not estimable in some
    segment (``not_estimable``: attribute -> the segments and why) gets no test: its row
    says why in ``note``, and its F and p-values are missing (and left out of the adjustment).
    """
    from statsmodels.regression.linear_model import WLS  # statsmodels loads on first use, not at import

    not_estimable = not_estimable or {}
    blocks, where, y, w = [], {}, [], []
    width = sum(design.shape[1] for design, *_ in fitted)
    start = 0
    for g, (design, names, yg, wg) in enumerate(fitted):
        block = np.zeros((len(yg), width))
        block[:, start:start + design.shape[1]] = design
        for i, name in enumerate(names):
            where[(g, *name)] = start + 1 + i
        blocks.append(block)
        y.append(yg)
        w.append(np.ones(len(yg)) if wg is None else wg)
        start += design.shape[1]
    fit = WLS(np.concatenate(y), np.vstack(blocks), weights=np.concatenate(w)).fit(cov_type="HC1")
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
