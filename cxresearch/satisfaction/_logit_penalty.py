"""Penalty-reward contrast analysis of a yes/no outcome: the band dummies in a logistic model.

:func:`logit_penalty_reward` is ``penalty_reward(..., family="logit")``. Per group, the 0/1
outcome is regressed on the low- and high-band dummies of every attribute by a logistic
model; the penalty and the reward are the dummies' coefficients on the log-odds scale (their
exponentials the odds ratios against the reference band), with Wald intervals, and the
factor is read from them by the same impact-asymmetry rule as the linear model.

A band in which every respondent gave the same answer (all yes or all no) has an infinite
effect (separation): it is left out of the model and the attribute is "not estimable" with
the reason in its note. Other separating combinations of bands are found by the linear
program of :func:`~cxresearch.satisfaction._logit.separation` and left out the same way.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import special, stats

from cxresearch._core.categories import classify
from cxresearch._core.progress import Progress, counting
from cxresearch._core.stats import adjust_pvalues
from cxresearch.errors import CXInputError
from cxresearch.satisfaction._logit import collapse, fit, null_loglik, separation, wald_table
from cxresearch.satisfaction._logit_drivers import prepare_logit
from cxresearch._core.ratings import segment_name
from cxresearch.satisfaction._penalty import Bands, band_table, bands
from cxresearch.satisfaction._resample import percentile_interval

__all__ = ["logit_groups", "logit_segment_test"]

SEPARATED = "separated"


def logit_groups(data, outcome, attrs, *, low, high, by, scale, outcome_scale, missing, missing_codes, weights,
                 min_n, bounds, confidence, alpha, n_boot, rng, progress):
    """Per group: (key, table, fit statistics, (estimates, covariance, names) for the segment test)."""
    given = prepare_logit(data, outcome, attrs, by=by, scale=scale, outcome_scale=outcome_scale, missing=missing,
                          missing_codes=missing_codes, weights=weights, parameters=2 * len(attrs) + 1,
                          bands=(low, high), model="penalty_reward")
    keys, rows, out = given.by, given.rows, []
    bar = Progress(n_boot * sum(g.estimable for g in given.groups), "penalty-reward bootstrap", enabled=progress)
    for g in given.groups:
        key, d, D = g.key, g.data, g.derived
        if not g.estimable:  # too thin: (key, None, fit statistics saying why, None)
            out.append((key, None, {"n": g.n, "r2": np.nan, "status": g.reason}, None))
            continue
        try:
            b = bands(g.sums, attrs, min_n, *given.band_text)
        except CXInputError as err:
            raise CXInputError(f"In {segment_name(keys, key)}: {err}" if keys else str(err)) from None
        design = D[:, [2 * attrs.index(a) + (kind == "high") for a, kind in b.names]]
        b, pat, f = _drop_separated(b, design, d.y, d.w)
        table, stats, est = _fit(b, pat, f, d, attrs, bounds, confidence, alpha)
        if n_boot and stats["status"] == "converged":
            low_, high_, share, stats["n_boot_used"] = _bootstrap(
                pat, d, b, attrs, table["factor"].to_numpy(), est[3], bounds, n_boot, confidence, rng, bar)
            table["asymmetry_ci_low"], table["asymmetry_ci_high"], table["factor_share"] = low_, high_, share
        elif n_boot:
            table["asymmetry_ci_low"] = table["asymmetry_ci_high"] = table["factor_share"] = np.nan
            stats["n_boot_used"] = 0
            bar.drop(n_boot)
        out.append((key, table, stats, est))
    bar.close()
    return keys, out, rows, (*given.band_text, given.scale, given.scale_source)


def _drop_separated(b: Bands, design: np.ndarray, y: np.ndarray, w):
    """Leave out the band dummies whose effect is infinite, each with a note saying why.

    First a band whose respondents all gave one answer; then (rarely) bands that separate
    the answers jointly, found by the linear program: those in the separating direction.
    Returns the bands kept, the rows collapsed to patterns of their dummies, and the fit.
    """
    w = np.ones(len(y)) if w is None else w
    notes = {a: list(v) for a, v in b.notes.items()}
    keep = []
    yes_all, n_all = design.T @ (w * y), design.T @ w  # weighted yes answers and respondents per band
    for j, (a, kind) in enumerate(b.names):
        yes, n = float(yes_all[j]), float(n_all[j])
        if yes <= 1e-12 * n or yes >= n * (1 - 1e-12):
            notes[a].append(f"{SEPARATED}: every respondent in the {kind} band answered {int(yes > 0)} (the "
                            f"{'penalty' if kind == 'low' else 'reward'} is infinite on the log-odds scale, so it is "
                            "not estimated)")
        else:
            keep.append(j)
    for _ in range(len(b.names)):
        pat = collapse(design[:, keep], y, w)
        A = np.column_stack([np.ones(len(pat.m)), pat.X])
        f = fit(A, pat.m, pat.s)
        sep = None if f.converged and np.abs(f.eta).max() <= 25 else separation(A, pat.m, pat.s)
        if sep is None:
            break
        involved = [j for j, v in zip(keep, sep[1][1:]) if abs(v) > 1e-6]
        names = ", ".join(f"{a} ({kind})" for a, kind in (b.names[j] for j in involved))
        for j in involved:
            notes[b.names[j][0]].append(f"{SEPARATED}: the bands {names} separate the answers jointly (so "
                                        "they are not estimated)")
        keep = [j for j in keep if j not in involved]
    return replace(b, names=[b.names[j] for j in keep], notes=notes), pat, f


def _fit(b: Bands, pat, f, d, attrs: list, bounds, confidence: float, alpha: float):
    """One group's table, fit statistics and (estimates, covariance, names, coefficients) from its fit ``f``."""
    stats = {"n": int(len(d.y)), "r2": 1 - f.loglik / null_loglik(pat.m, pat.s),
             **({"sum_w": float(pat.m.sum()), "n_eff": d.sums.n_eff} if d.w is not None else {}),
             "status": "converged" if f.converged else "did not converge"}
    cov = f.inv_info * pat.m.sum() / d.sums.n_eff  # the weights rescaled to sum to n_eff
    if not f.converged:
        stats["r2"], cov = np.nan, np.full_like(cov, np.nan)
    t = wald_table(f.params, np.sqrt(np.diag(cov)), confidence)
    est = {name: (t["estimate"][i + 1], t["ci_low"][i + 1], t["ci_high"][i + 1], t["p_value"][i + 1])
           for i, name in enumerate(b.names)} if f.converged else {}
    table = band_table(attrs, b, est, bounds, alpha)
    for label in ("penalty", "reward"):
        for part in ("", "_ci_low", "_ci_high"):
            table[f"{label}_or{part}"] = np.exp(table[f"{label}{part}"])
    return table, stats, (f.params[1:], cov[1:, 1:], list(b.names), f.params)


def _bootstrap(pat, d, b: Bands, attrs, factor, start, bounds, n_boot, confidence, rng, progress):
    """Asymmetry intervals, factor agreement and the number of resamples used (refits on reweighted patterns).

    A band that is empty in a resample, or whose respondents all gave one answer there, leaves
    its attribute without values in that resample; a resample in which the model does not
    converge (bands separating the answers jointly) is left out. Intervals and shares use the
    rest.
    """
    n = len(d.y)
    w = np.ones(n) if d.w is None else d.w
    A = np.column_stack([np.ones(len(pat.m)), pat.X])
    low_col = np.array([b.names.index((a, "low")) if (a, "low") in b.names else -1 for a in attrs])
    high_col = np.array([b.names.index((a, "high")) if (a, "high") in b.names else -1 for a in attrs])
    asym = np.full((n_boot, len(attrs)), np.nan)
    agree = np.full((n_boot, len(attrs)), np.nan)
    with counting(progress, n_boot, "penalty-reward bootstrap") as bar:
        for i in bar.each(range(n_boot)):
            r = pat.reweighted(np.bincount(rng.integers(0, n, n), minlength=n) * w, d.y)
            inside, yes = r.m @ (pat.X > 0), r.s @ (pat.X > 0)
            present = (yes > 1e-12 * inside) & (yes < inside * (1 - 1e-12))  # neither empty nor all one answer
            f = fit(A[:, np.r_[True, present]], r.m, r.s, start[np.r_[True, present]], cov=False)
            if not f.converged or np.abs(f.eta).max() > 25:
                continue
            coef = np.full(len(b.names), np.nan)
            coef[present] = f.params[1:]
            pen = np.where(low_col >= 0, coef[low_col], np.nan)
            rew = np.where(high_col >= 0, coef[high_col], np.nan)
            a, fac, _ = classify(pen, rew, bounds)
            asym[i], agree[i] = a, np.where(np.isnan(a), np.nan, fac == factor)
    low, high = np.full(len(attrs), np.nan), np.full(len(attrs), np.nan)
    seen = ~np.isnan(asym).all(axis=0)
    low[seen], high[seen] = percentile_interval(asym[:, seen], confidence)
    counted = (~np.isnan(agree)).sum(axis=0)
    share = np.where(counted > 0, np.nansum(agree, axis=0) / np.maximum(counted, 1), np.nan)
    return low, high, share, int((~np.isnan(asym).all(axis=1)).sum())


def logit_segment_test(fitted: list[tuple], attributes: list[str], p_adjust: str, not_estimable: dict) -> pd.DataFrame:
    """Do penalty and reward differ between segments? A Wald chi-square test per attribute.

    ``fitted`` holds per segment (estimates, covariance, band names, coefficients) of its own
    logistic fit. Segments are independent samples, so the stacked estimates of an
    attribute's bands have a block-diagonal covariance S; the test of "the same penalty and
    reward in every segment" is ``chi2 = (R t)' (R S R')^-1 (R t)`` with R the differences
    from the first segment that has the band (2 x (segments - 1) degrees of freedom).
    """
    rows = []
    for a in attributes:
        row = {"attribute": a, "chi2": np.nan, "df": 0, "p_value": np.nan, "note": ""}
        if a in not_estimable:
            row["note"] = "not computed: not estimable in " + "; ".join(not_estimable[a])
        else:
            theta, blocks, where = [], [], {}
            for g, (est, V, names, _) in enumerate(fitted):
                idx = [names.index((a, kind)) for kind in ("low", "high") if (a, kind) in names]
                for kind in ("low", "high"):
                    if (a, kind) in names:
                        where[(g, kind)] = len(theta)
                        theta.append(est[names.index((a, kind))])
                blocks.append(V[np.ix_(idx, idx)])
            R = []
            for kind in ("low", "high"):
                present = [where[(g, kind)] for g in range(len(fitted)) if (g, kind) in where]
                for col in present[1:]:
                    r = np.zeros(len(theta))
                    r[col], r[present[0]] = 1.0, -1.0
                    R.append(r)
            if R:
                R, S = np.array(R), _block_diag(blocks)
                diff = R @ np.array(theta)
                row["chi2"] = float(diff @ np.linalg.solve(R @ S @ R.T, diff))
                row["df"] = len(R)
                row["p_value"] = float(stats.chi2.sf(row["chi2"], len(R)))
        rows.append(row)
    out = pd.DataFrame(rows)
    out.insert(len(out.columns) - 1, "p_adjusted", adjust_pvalues(out["p_value"].to_numpy(), p_adjust))
    return out


def _block_diag(blocks: list[np.ndarray]) -> np.ndarray:
    """The block-diagonal matrix of square blocks."""
    size = sum(len(b) for b in blocks)
    out, at = np.zeros((size, size)), 0
    for b in blocks:
        out[at:at + len(b), at:at + len(b)] = b
        at += len(b)
    return out
