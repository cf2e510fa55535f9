"""Derived importance for a yes/no outcome: logistic relative weights and Shapley values of McFadden's R2.

:func:`logit_drivers` is ``drivers(..., family="logit")``. Per group of rows it fits one
logistic regression of the 0/1 outcome on the z-scored attributes and reads from it:

* **relative weights** for logistic regression (Tonidandel & LeBreton 2010), step for step
  as R's ``rwa::rwa_logit``: Z = the orthonormal counterparts of the z-scored attributes
  X (from the SVD X = P D Q', Z = P Q' standardised), Lambda = the correlations of Z with X
  (= Rxx^(1/2), Johnson 2000), b = the logit coefficients of Y on Z (= Lambda times those on
  X: the same fitted probabilities), R2 = the squared correlation of the fitted
  probabilities with Y, beta = b sqrt(R2) / sd(logit of the fitted probabilities), and
  ``weight_j = sum_k Lambda_jk^2 beta_k^2``. The weights sum to R2 exactly.
* **Shapley values** of McFadden's pseudo-R2, ``1 - LL(model) / LL(intercept only)``: one
  logistic fit per subset of attributes (2^k fits, size by size, each started from an
  extrapolation of its fitted subsets, batched on the patterns or run alone on its own
  collapsed patterns: :mod:`._logit_subsets`); they sum to the full model's McFadden R2.

A model whose answers are separated by the attributes has no estimates (the coefficients
are infinite): its rows say so in ``status`` and its weights are missing.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import special

from cxresearch._core.checks import arg_error, require_frame
from cxresearch._core.progress import Progress, counting
from cxresearch._core.warn import warn
from cxresearch.errors import SeparationWarning
from cxresearch._core.codes import as_codes
from cxresearch.satisfaction._logit_subsets import subset_fits
from cxresearch.satisfaction._dominance import dominance_tables, not_estimated
from cxresearch.satisfaction._driver_fit import driver_columns, plan_values, sum_columns
from cxresearch.satisfaction._driver_sets import category_rows, plain_plan, plan_fields
from cxresearch.satisfaction._logit import (
    CLAMP,
    ROWS,
    Binomial,
    check_outcome_scale,
    check_yes_no,
    collapse,
    fit,
    null_loglik,
    separation,
    wald_table,
    weighted_cross,
)
from cxresearch._core.moments import Moments
from cxresearch._core.ratings import RatingInput, rating_spec, read_groups
from cxresearch.satisfaction._resample import percentile_interval
from cxresearch.satisfaction._results import DriversResult
from cxresearch.satisfaction._thin import warn_segments

__all__ = ["logit_drivers", "rwa_logit", "subset_mcfadden"]

MAX_SHAPLEY = 15  # attributes: 2^15 = 32,768 logistic fits
NOT_IDENTIFIED = "weights not identified"


def prepare_logit(data, outcome, attributes, *, by, scale, outcome_scale, missing, missing_codes, weights,
                  parameters=None, bands=None, model="drivers") -> RatingInput:
    """Rows of a yes/no outcome, checked as for the linear models (the groups of :func:`read_groups`)."""
    check_outcome_scale(outcome_scale)
    outcome_codes = tuple(c for c in as_codes(missing_codes) if c not in (0, 1))  # 0 and 1 are its answers
    spec = rating_spec(outcome, attributes, by=by, scale=scale, outcome_scale=(0, 1), missing=missing,
                       missing_codes=missing_codes, weights=weights, outcome_codes=outcome_codes,
                       parameters=parameters, bands=bands, model=model,
                       rows_only=[("family", "logit", "respondents' rows: a logistic model is fitted to them, and "
                                   "a Moments object holds only means and cross-products", "None or 'linear'")])
    if not isinstance(data, Moments):  # a Moments object is refused by name in read_groups
        data = require_frame(data)
        if outcome in data.columns:
            check_yes_no(data[outcome], outcome, outcome_codes)
    return read_groups(data, replace(spec, family="linear"))


def logit_drivers(data, outcome, attributes, *, method, by, scale, outcome_scale, confidence, n_boot, rng,
                  missing, missing_codes, weights, progress, plan=None):
    """``drivers(..., family="logit")`` (checked and documented there)."""
    if method not in ("relative_weights", "shapley"):
        raise arg_error("method", "'relative_weights' or 'shapley' with family='logit'", method,
                        "The logit coefficients (per standard deviation, and as odds ratios per rating point) "
                        "are in the table of either method.")
    k = 1 if isinstance(attributes, str) else len(attributes)
    if method == "shapley" and k > MAX_SHAPLEY:
        raise arg_error("attributes", f"at most {MAX_SHAPLEY} columns with method='shapley' and family='logit' "
                        "(one logistic fit per subset: 2^k fits)", attributes,
                        "Use method='relative_weights' (one fit).", got=f"{k} attributes")
    plan = plan or plain_plan(attributes)
    given = prepare_logit(data, outcome, plan.columns, by=by, scale=scale, outcome_scale=outcome_scale,
                          missing=missing, missing_codes=missing_codes, weights=weights)
    keys, thin = given.by, [g for g in given.groups if not g.estimable]
    rows = category_rows(given.rows, data, plan, outcome, by, [c for c in as_codes(missing_codes) if c not in (0, 1)])
    tables, fits, separated, notes, dominance, reps = [], [], [], [], [], {}
    bar = Progress(n_boot * (len(given.groups) - len(thin)), "logit drivers bootstrap", enabled=progress)
    for key, d, reason, n in ((g.key, g.data, g.reason, g.n) for g in given.groups):
        group = dict(zip(keys, key))
        if d is None:  # too thin: said in status, estimates missing (filled in below)
            tables.append(None)
            fits.append({**group, "n": n, "r2": np.nan, "status": reason})
            notes.append((key, reason, False))
            dominance.append(not_estimated(list(plan.names), group, reason) if method == "shapley" else None)
            continue
        table, stats, dom, out = fit_group(d, method, confidence, n_boot, rng, bar, plan, group)
        dominance.append(dom)
        if out is not None:
            reps[key] = out
        tables.append(table.assign(**group)[[*keys, *table.columns]] if keys else table)
        fits.append({**group, **stats})
        if stats["status"] != "converged":
            bar.drop(n_boot)  # no bootstrap without estimates
            where = ", ".join(f"{k_} = {v!r}" for k_, v in group.items())
            separated.append(f"{where + ': ' if where else ''}{stats['status']}"
                             + (f" ({stats['separating']})" if stats["separating"] else ""))
    bar.close()
    if thin:
        warn_segments(keys, notes, "drivers", "status")
        like = next(t for t in tables if t is not None)
        attrs = list(plan.names)
        tables = [t if t is not None else pd.DataFrame(
            {c: ([f[c]] * len(attrs) if c in keys else attrs if c == "attribute" else
                 [f["status"]] * len(attrs) if c == "status" else np.nan) for c in like.columns})
            for t, f in zip(tables, fits)]
    if separated:
        warn(f"The yes/no answers of {outcome!r} are separated by the attributes (or the logistic fit did not "
             "converge), so the coefficients are infinite and the weights are not reported: " + "; ".join(separated)
             + ". Drop or coarsen the attributes named, or use more respondents.", SeparationWarning)
    return DriversResult(table=pd.concat(tables, ignore_index=True) if keys else tables[0], rows=rows,
                         by=tuple(keys), method=method, outcome=outcome, fits=pd.DataFrame(fits),
                         confidence=confidence, n_boot=n_boot, weights=weights, family="logit",
                         replicates=reps if n_boot else None, **plan_fields(plan, dominance))


def _moments(b: Binomial) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted means and standard deviations (divisor sum w) of the attributes, and their correlations with Y."""
    M = b.m.sum()
    mean = b.m @ b.X / M
    S = weighted_cross(np.column_stack([b.s, b.X - mean]), b.m)  # y first: its cross-products with X
    sd = np.sqrt(np.diag(S)[1:] / M)
    ybar = b.s.sum() / M
    r = (b.s @ (b.X - mean)) / np.sqrt(np.diag(S)[1:] * M * ybar * (1 - ybar))
    return mean, sd, r


def standardised(A0: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviations and correlations of the columns of ``A0`` after the first, weighted by ``m``.

    ``A0`` is [1, z-scores of the full sample]; in a resample its columns are no longer exactly
    standardised, so the resample's own standard deviations and correlations come from here.
    """
    S = weighted_cross(A0, m)
    M = S[0, 0]
    mean = S[0, 1:] / M
    cov = S[1:, 1:] / M - np.outer(mean, mean)
    sd = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        return sd, cov / np.outer(sd, sd)


def rwa_logit(R: np.ndarray, coef: np.ndarray, eta: np.ndarray, m: np.ndarray, s: np.ndarray) -> tuple:
    """Logistic relative weights (weights, R2) from a logistic fit of Y on the z-scored attributes.

    ``coef`` are the fit's slopes per standard deviation of each attribute, ``eta`` its linear
    predictor per pattern (``m`` weight sums, ``s`` weighted yes answers), ``R`` the
    attributes' correlations. The sums over the patterns are taken block by block.
    """
    evals, evecs = np.linalg.eigh(R)
    lam = (evecs * np.sqrt(np.clip(evals, 0.0, None))) @ evecs.T  # Rxx^(1/2): corr(Z, X)
    on_z = lam @ coef  # the coefficients on Z
    sums = np.zeros(5)  # m p, s p, m p^2, m l, m l^2 with l = logit(p), p clamped as rwa does
    for a in range(0, len(m), ROWS):
        p = np.clip(special.expit(eta[a:a + ROWS]), CLAMP, 1 - CLAMP)
        logit = np.log(p / (1 - p))
        mc = m[a:a + ROWS]
        sums += [mc @ p, s[a:a + ROWS] @ p, mc @ (p * p), mc @ logit, mc @ (logit * logit)]
    M, ybar = m.sum(), s.sum() / m.sum()
    pbar = sums[0] / M
    r2 = (sums[1] - M * ybar * pbar) ** 2 / ((sums[2] - M * pbar**2) * M * ybar * (1 - ybar))
    sd_logit = np.sqrt((sums[4] - sums[3] ** 2 / M) / M)
    beta = on_z * np.sqrt(r2) / sd_logit
    return (lam**2) @ beta**2, float(r2)


def subset_mcfadden(b: Binomial, starts: dict | None = None) -> tuple[np.ndarray | None, dict]:
    """McFadden's R2 of every subset of attributes (by bit mask) and each subset's coefficients.

    The subsets are fitted size by size, batched and warm-started from their fitted subsets
    (:func:`._logit_subsets.subset_fits`); ``starts`` is accepted for compatibility and not
    needed. None when a fit fails.
    """
    return subset_fits(b)


def _subset_mcfadden_one_by_one(b: Binomial, starts: dict | None = None) -> tuple[np.ndarray | None, dict]:
    """The former fits, one subset at a time from its parent's estimates; kept for the benchmark and the tests."""
    k = b.X.shape[1]
    ll0 = null_loglik(b.m, b.s)
    r2 = np.zeros(2**k)
    params = {0: np.array([special.logit(b.s.sum() / b.m.sum())])}
    A = np.column_stack([np.ones(len(b.m)), b.X])
    for mask in range(1, 2**k):
        cols = [j for j in range(k) if mask >> j & 1]
        start = starts[mask] if starts else np.r_[params[mask & ~(1 << cols[-1])], 0.0]
        sub = b.collapsed(cols)
        if sub is None:  # as many patterns as the whole: the columns of the whole, block by block
            f = fit(A, b.m, b.s, start, cov=False, cols=[0, *(j + 1 for j in cols)])
        else:
            f = fit(np.column_stack([np.ones(len(sub.m)), sub.X]), sub.m, sub.s, start, cov=False)
        if not f.converged:
            return None, params
        params[mask], r2[mask] = f.params, 1 - f.loglik / ll0
    return r2, params


def _weights(b: Binomial, A0: np.ndarray, method: str, starts=None, fitted=None, plan=None):
    """(weights, R2, McFadden R2, starts for a resample, subset fits net of ``always``, fit of ``always``) or None.

    The weights are those of ``plan``'s drivers (one per column without a plan); None when a fit fails.

    ``A0`` is [1, the full sample's z-scores] of the patterns; ``starts`` the full sample's
    coefficients on it (per subset for Shapley); ``fitted`` an existing fit on ``A0``.
    """
    sd, R = standardised(A0, b.m)
    if not (sd > 1e-12).all():
        return None
    if method == "shapley":
        r2, params = subset_mcfadden(b, starts)
        if r2 is None:
            return None
        values, v, held = plan_values(r2, plan)
        return values, r2[-1], r2[-1], params, v, held
    f = fitted or fit(A0, b.m, b.s, starts, cov=False)
    if not f.converged:
        return None
    w, r2 = rwa_logit(R, f.params[1:] * sd, f.eta, b.m, b.s)
    return sum_columns(w, plan), r2, 1 - f.loglik / null_loglik(b.m, b.s), f.params, None, 0.0


def fit_group(d, method: str, confidence: float, n_boot: int, rng, progress: bool | Progress = True, plan=None,
              group=None):
    """One group's table, fit statistics, dominance tables and bootstrap replicates (``d``: 0/1 outcome).

    With ``plan`` (:class:`~._driver_sets.DriverPlan`) the rows are its drivers; the dominance
    tables (method "shapley" only, else None) are those of McFadden's R2.
    """
    b = collapse(d.X, d.y, d.w)
    mean, sd, r = _moments(b)
    A = np.column_stack([np.ones(len(b.m)), (b.X - mean) / sd])
    f = fit(A, b.m, b.s)
    sep = separation(A, b.m, b.s) if not f.converged or np.abs(f.eta).max() > 25 else None
    stats = {"n": int(len(d.y)), "r2": np.nan, "mcfadden_r2": np.nan,
             **({"sum_w": float(b.m.sum()), "n_eff": d.sums.n_eff} if d.w is not None else {})}
    cols = {"attribute": np.array(d.attributes, dtype=object), "mean": mean, "r": r}
    got = None if sep is not None or not f.converged else _weights(b, A, method, fitted=f, plan=plan)
    if got is None:
        table, stats = _not_identified(cols, stats, sep, A, d.attributes, n_boot)
        names = list(plan.names) if plan else d.attributes
        if plan is not None and not plan.plain:
            table = pd.DataFrame(driver_columns(table.drop(columns="status").to_dict("list"), plan))
            table["status"] = stats["status"]
        return table, stats, not_estimated(names, group, stats["status"]) if method == "shapley" else None, None
    se = np.sqrt(np.diag(f.inv_info)[1:] * b.m.sum() / d.sums.n_eff)  # weights rescaled to sum to n_eff
    t = wald_table(f.params[1:], se, confidence)
    cols.update(beta=t["estimate"], beta_ci_low=t["ci_low"], beta_ci_high=t["ci_high"], p_value=t["p_value"],
                odds_ratio=np.exp(t["estimate"] / sd), odds_ratio_ci_low=np.exp(t["ci_low"] / sd),
                odds_ratio_ci_high=np.exp(t["ci_high"] / sd))
    w, r2, mcfadden, starts, v, held = got
    stats.update(r2=r2, mcfadden_r2=mcfadden, status="converged", separating="",
                 **({"r2_always": held} if plan and plan.always else {}))
    cols = driver_columns(cols, plan)
    cols["weight"] = w
    out = None
    if n_boot:
        cols["weight_ci_low"], cols["weight_ci_high"], stats["n_boot_used"], out = _bootstrap(
            d, b, A, method, starts, n_boot, confidence, rng, progress, plan)
    cols["pct_r2"] = 100 * w / (r2 - held)
    cols["rank"] = 1 + (w[None, :] > w[:, None]).sum(axis=1)
    cols["status"] = ""
    names = list(plan.names) if plan else d.attributes
    return pd.DataFrame(cols), stats, dominance_tables(v, names, group) if v is not None else None, out


def _not_identified(cols: dict, stats: dict, sep, A: np.ndarray, attributes: list, n_boot: int):
    """The table of a group without estimates: every number of the model missing, ``status`` saying why."""
    stats["status"] = (f"separated ({sep[0]}): {NOT_IDENTIFIED}" if sep is not None
                       else f"did not converge: {NOT_IDENTIFIED}")
    involved = [] if sep is None else np.abs(sep[1][1:] * np.ptp(A[:, 1:], axis=0)) > 1e-6
    stats["separating"] = ", ".join(a for a, i in zip(attributes, involved) if i)
    nan = np.full(len(attributes), np.nan)
    names = ["beta", "beta_ci_low", "beta_ci_high", "p_value", "odds_ratio", "odds_ratio_ci_low",
             "odds_ratio_ci_high", "weight", *(["weight_ci_low", "weight_ci_high"] if n_boot else []), "pct_r2",
             "rank"]
    cols.update({c: nan for c in names}, status=stats["status"])
    if n_boot:
        stats["n_boot_used"] = 0
    return pd.DataFrame(cols), stats


def _bootstrap(d, b: Binomial, A0: np.ndarray, method: str, starts, n_boot: int, confidence: float, rng,
               progress: bool | Progress, plan=None):
    """Percentile intervals of the weights over respondent resamples, how many gave weights, and their weights.

    Resample i draws ``rng.integers(0, n, n)`` (as the linear bootstrap); its counts times the
    weights reweight the same patterns, which is exactly a refit on the resampled rows. A
    resample in which an attribute is constant or the logit does not converge (separation
    in the resample) has no weights and is left out; ``n_boot_used`` counts the others.
    """
    n = len(d.y)
    w = np.ones(n) if d.w is None else d.w
    out = np.full((n_boot, b.X.shape[1] if plan is None else len(plan.names)), np.nan)
    with counting(progress, n_boot, "logit drivers bootstrap") as bar:
        for i in bar.each(range(n_boot)):
            counts = np.bincount(rng.integers(0, n, n), minlength=n)
            got = _weights(b.reweighted(counts * w, d.y), A0, method, starts, plan=plan)
            if got is not None:
                out[i] = got[0]
    used = ~np.isnan(out).any(axis=1)
    if not used.any():
        return np.full(out.shape[1], np.nan), np.full(out.shape[1], np.nan), 0, out
    low, high = percentile_interval(out[used], confidence)
    return low, high, int(used.sum()), out
