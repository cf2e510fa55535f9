"""Derived importance for an ordered outcome (1-5 overall satisfaction): the proportional-odds model.

:func:`ordinal_drivers` is ``drivers(..., family="ordinal")``. Per group of rows it fits one
cumulative-logit model of the ordered outcome on the z-scored attributes (:mod:`._ordinal`)
and splits the McKelvey-Zavoina R2 (the latent variable's explained variance) among the
attributes:

* **Shapley values** of the MZ R2: one proportional-odds fit per subset of attributes
  (2^k fits, each started from its parent subset's estimates, on the cells of that subset);
  they sum to the full model's MZ R2.
* **relative weights on the latent scale**: the latent variable is y* = x'b + e with
  var(e) = pi^2/3; with Lambda = Rxx^(1/2) and the slopes per standard deviation b,
  the coefficients of y* on the orthonormal counterparts Z of the attributes are
  Lambda b, and ``weight_j = sum_k Lambda_jk^2 (Lambda b)_k^2 / var(y*)``. Because
  ``sum_j Lambda_jk^2 = 1`` and ``|Lambda b|^2 = b' Rxx b = var(x'b)``, they sum to the MZ R2
  exactly (Johnson's 2000 weights of the latent regression; the ordinal analogue of
  Tonidandel & LeBreton's logistic weights).

A model that does not converge (separation: the attributes order the answers perfectly
across a cutpoint) has no estimates: its rows say so in ``status``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error
from cxresearch._core.progress import Progress, counting
from cxresearch._core.ratings import rating_spec, read_groups, segment_name
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, InputWarning, SeparationWarning, ThinDataWarning
from cxresearch.satisfaction._importance import shapley_values
from cxresearch.satisfaction._logit import wald_table
from cxresearch.satisfaction._ordinal import LOGISTIC_VARIANCE, Cells, cells, fit, mz_r2, null_loglik, subset_cells
from cxresearch.satisfaction._resample import percentile_interval
from cxresearch.satisfaction._results import DriversResult

__all__ = ["MAX_SHAPLEY", "ordinal_drivers", "refuse_pairwise"]

MAX_SHAPLEY = 12  # attributes: 2^12 = 4,096 proportional-odds fits
MAX_CATEGORIES = 15  # an outcome with more ordered values is treated as a score (family="linear")
FEW_ROWS = 5  # a category with fewer rows than this is named in the note
MAX_SLOPE = 15.0  # log-odds per standard deviation beyond this: the fit is running off (separation)
NOT_IDENTIFIED = "weights not identified"


def refuse_pairwise(family: str, missing: str) -> None:
    """``missing="pairwise"`` is for the linear family (computed from correlations)."""
    if missing == "pairwise":
        raise arg_error("missing", f"'listwise' or 'raise' with family={family!r}", missing,
                        "missing='pairwise' needs a model computed from correlations (the linear family); a "
                        f"{'logistic' if family == 'logit' else 'proportional-odds'} model is fitted to complete "
                        "rows.")


def ordinal_drivers(data, outcome, attributes, *, method, by, scale, outcome_scale, confidence, n_boot, rng,
                    missing, missing_codes, weights, progress):
    """``drivers(..., family="ordinal")`` (checked and documented there)."""
    if method not in ("relative_weights", "shapley"):
        raise arg_error("method", "'relative_weights' or 'shapley' with family='ordinal'", method,
                        "The proportional-odds coefficients (per standard deviation, and as odds ratios per rating "
                        "point) are in the table of either method.")
    k = 1 if isinstance(attributes, str) else len(attributes)
    if method == "shapley" and k > MAX_SHAPLEY:
        raise arg_error("attributes", f"at most {MAX_SHAPLEY} columns with method='shapley' and family='ordinal' "
                        "(one proportional-odds fit per subset: 2^k fits)", attributes,
                        "Use method='relative_weights' (one fit; its weights also sum to the McKelvey-Zavoina R2).",
                        got=f"{k} attributes")
    spec = rating_spec(outcome, attributes, by=by, scale=scale, outcome_scale=outcome_scale, missing=missing,
                       missing_codes=missing_codes, weights=weights, model="drivers",
                       rows_only=[("family", "ordinal", "respondents' rows: a proportional-odds model is fitted to "
                                   "them, and a Moments object holds only means and cross-products",
                                   "None or 'linear'")])
    given = read_groups(data, replace(spec, family="linear"))
    keys = given.by
    tables, fits, reps, bad, notes = [], [], {}, [], []
    live = [g for g in given.groups if g.estimable]
    bar = Progress(n_boot * len(live), "ordinal drivers bootstrap", enabled=progress)
    for g in given.groups:
        group = dict(zip(keys, g.key))
        where = segment_name(keys, g.key)
        if g.data is None:
            tables.append(None)
            fits.append({**group, "n": g.n, "r2": np.nan, "status": g.reason, "note": ""})
            notes.append(f"{where}: {g.reason}")
            continue
        table, stats, out = fit_group(g.data, method, confidence, n_boot, rng, bar, outcome_scale, where)
        tables.append(table.assign(**group)[[*keys, *table.columns]] if keys else table)
        fits.append({**group, **stats})
        if out is not None:
            reps[g.key] = out
        if stats["status"] != "converged":
            bar.drop(n_boot)
            bad.append((f"{where}: " if where else "") + stats["status"])
        if stats["note"]:
            notes.append((f"{where}: " if where else "") + stats["note"])
    bar.close()
    tables = _fill(tables, fits, keys, list(given.groups[0].data.attributes if given.groups[0].data else
                                             ([attributes] if isinstance(attributes, str) else attributes)))
    if bad:
        warn(f"The proportional-odds model of {outcome!r} did not converge (the attributes likely order the answers "
             "perfectly across a cutpoint: separation), so its weights are not reported: " + "; ".join(bad)
             + ". Drop or coarsen attributes, merge sparse outcome categories, or use more respondents.",
             SeparationWarning)
    if notes:
        warn(f"drivers (family='ordinal'), outcome {outcome!r}: " + "; ".join(notes) + ".", ThinDataWarning)
    _two_levels(fits, outcome, keys)
    return DriversResult(table=pd.concat(tables, ignore_index=True) if keys else tables[0], rows=given.rows,
                         by=tuple(keys), method=method, outcome=outcome, fits=pd.DataFrame(fits),
                         confidence=confidence, n_boot=n_boot, weights=weights, family="ordinal",
                         replicates=reps if n_boot else None)


def _fill(tables: list, fits: list, keys: list, attributes: list) -> list:
    """The rows of segments not estimated: every attribute, missing numbers, the reason in ``status``."""
    like = next((t for t in tables if t is not None), None)
    if like is None:
        return tables
    return [t if t is not None else pd.DataFrame(
        {c: ([f[c]] * len(attributes) if c in keys else attributes if c == "attribute" else
             [f["status"]] * len(attributes) if c == "status" else np.nan) for c in like.columns})
        for t, f in zip(tables, fits)]


def _two_levels(fits: list, outcome, keys: list) -> None:
    """A 2-level outcome: the proportional-odds model is the logit model; said in ``note`` and an InputWarning."""
    two = [f for f in fits if f.get("categories") == 2]
    if not two:
        return
    text = ("2 outcome levels: a proportional-odds model of a yes/no outcome is the logistic model (the same slopes "
            "and fit); family='logit' (outcome coded 0/1) is the usual analysis of it, and its weights split "
            "McFadden's R2 (Shapley) or the R2 of the fitted probabilities (relative weights), not the "
            "McKelvey-Zavoina R2 split here")
    for f in two:
        f["note"] = "; ".join(p for p in (f.get("note"), text) if p)
    where = "; ".join(segment_name(keys, tuple(f[k] for k in keys)) for f in two) if keys else ""
    warn(f"drivers (family='ordinal'): outcome {outcome!r} has 2 levels{' in ' + where if where else ''}: a "
         "proportional-odds model of a yes/no outcome is the logistic model. For the yes/no analysis, code it 0/1 and "
         f"pass family='logit', e.g. (data[{outcome!r}] == data[{outcome!r}].max()).astype(int); the weights here "
         "split the McKelvey-Zavoina R2 (see `fits['note']`).", InputWarning)


def categories(y: np.ndarray, outcome_scale, where: str) -> tuple[np.ndarray, np.ndarray, str]:
    """The ordered categories of the outcome, each row's category index, and a note on empty or sparse ones."""
    values, code = np.unique(y, return_inverse=True)
    code = np.asarray(code).ravel()
    if len(values) > MAX_CATEGORIES:
        raise CXInputError(f"{where + ': ' if where else ''}The outcome has {len(values)} distinct values: "
                           f"family='ordinal' models at most {MAX_CATEGORIES} ordered categories (a cutpoint "
                           "between each). Use family='linear' for a score, or group the values first.")
    parts = []
    if np.array_equal(values, np.round(values)):
        lo, hi = outcome_scale if outcome_scale is not None else (values[0], values[-1])
        empty = sorted(set(np.arange(np.ceil(lo), np.floor(hi) + 1)) - set(values))
        if empty:
            parts.append(f"no answers in categor{'y' if len(empty) == 1 else 'ies'} "
                         + ", ".join(f"{v:g}" for v in empty) + f" (of {lo:g}-{hi:g}): the model uses the "
                         f"{len(values)} observed categories")
    counts = np.bincount(code, minlength=len(values))
    few = [f"{v:g} ({n} row{'s' if n != 1 else ''})" for v, n in zip(values, counts) if n < FEW_ROWS]
    if few:
        parts.append("few answers in " + ", ".join(few) + ": the cutpoints next to them are poorly determined")
    return values, code, "; ".join(parts)


def _standardised(c: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviations (divisor: weight sum) and correlations of the pattern columns under the cells' weights."""
    m = np.bincount(c.pattern, c.n, minlength=len(c.X))
    mean = m @ c.X / m.sum()
    D = c.X - mean
    cov = (D * m[:, None]).T @ D / m.sum()
    sd = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        return sd, cov / np.outer(sd, sd)


def latent_weights(R: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, float]:
    """Relative weights on the latent scale from slopes per standard deviation; they sum to the MZ R2."""
    evals, evecs = np.linalg.eigh(R)
    lam = (evecs * np.sqrt(np.clip(evals, 0.0, None))) @ evecs.T
    explained = float(beta @ R @ beta)
    weights = (lam**2) @ (lam @ beta) ** 2 / (explained + LOGISTIC_VARIANCE)
    return weights, explained / (explained + LOGISTIC_VARIANCE)


def subset_mz(c: Cells, starts: dict | None = None) -> tuple[np.ndarray | None, dict]:
    """MZ R2 of every subset of attributes (by bit mask) and each subset's estimates; None when a fit fails."""
    k = c.X.shape[1]
    r2, params = np.zeros(2**k), {0: fit(subset_cells(c, []), cov=False).params}
    for mask in range(1, 2**k):
        cols = [j for j in range(k) if mask >> j & 1]
        start = starts[mask] if starts else np.r_[params[mask & ~(1 << cols[-1])], 0.0]
        sub = subset_cells(c, cols)
        f = fit(sub, start, cov=False)
        if not f.converged or np.abs(f.beta).max() > MAX_SLOPE:
            return None, params
        params[mask], r2[mask] = f.params, mz_r2(sub, f.beta)
    return r2, params


def _weights(c: Cells, method: str, starts=None, fitted=None):
    """(weights, MZ R2, starts for a resample) of one set of cells (columns: full-sample z-scores); None if it fails."""
    sd, R = _standardised(c)
    if not (sd > 1e-12).all():
        return None
    if method == "shapley":
        r2, params = subset_mz(c, starts)
        return None if r2 is None else (shapley_values(r2, c.X.shape[1]), float(r2[-1]), params)
    f = fitted or fit(c, starts, cov=False)
    if not f.converged or np.abs(f.beta * sd).max() > MAX_SLOPE:
        return None
    w, r2 = latent_weights(R, f.beta * sd)
    return w, r2, f.params


def fit_group(d, method: str, confidence: float, n_boot: int, rng, progress, outcome_scale, where: str = ""):
    """One group's table, fit statistics and bootstrap replicates of the weights (None without ``n_boot``)."""
    values, code, note = categories(d.y, outcome_scale, where)
    s = d.sums
    mean, sd = s.mean[1:], np.sqrt(s.variance()[1:])
    c = cells((d.X - mean) / sd, code, len(values), d.w)
    f = fit(c)
    stats = {"n": int(len(d.y)), "r2": np.nan, "mcfadden_r2": np.nan, "categories": int(len(values)),
             **({"sum_w": s.sum_w, "n_eff": s.n_eff} if d.w is not None else {})}
    cols = {"attribute": np.array(d.attributes, dtype=object), "mean": mean, "r": s.correlation()[1:, 0]}
    ok = f.converged and np.abs(f.beta).max() <= MAX_SLOPE
    got = _weights(c, method, fitted=f) if ok else None
    names = ["beta", "beta_ci_low", "beta_ci_high", "p_value", "odds_ratio", "odds_ratio_ci_low",
             "odds_ratio_ci_high", "weight", *(["weight_ci_low", "weight_ci_high"] if n_boot else []), "pct_r2",
             "rank"]
    if got is None:
        stats.update(status=f"did not converge (separation?): {NOT_IDENTIFIED}", note=note)
        nan = np.full(len(d.attributes), np.nan)
        cols.update({c_: nan for c_ in names}, status=stats["status"])
        return pd.DataFrame(cols), stats, None
    m = len(values) - 1
    se = np.sqrt(np.diag(f.inv_info)[m:] * s.sum_w / s.n_eff)  # weights rescaled to sum to n_eff
    t = wald_table(f.beta, se, confidence)
    cols.update(beta=t["estimate"], beta_ci_low=t["ci_low"], beta_ci_high=t["ci_high"], p_value=t["p_value"],
                odds_ratio=np.exp(t["estimate"] / sd), odds_ratio_ci_low=np.exp(t["ci_low"] / sd),
                odds_ratio_ci_high=np.exp(t["ci_high"] / sd))
    w, r2, starts = got
    stats.update(r2=r2, mcfadden_r2=1 - f.loglik / null_loglik(c), status="converged", note=note)
    cols["weight"] = w
    out = None
    if n_boot:
        out = _bootstrap(d, c, method, starts, n_boot, rng, progress)
        cols["weight_ci_low"], cols["weight_ci_high"] = percentile_interval(out, confidence)
        stats["n_boot_used"] = int((~np.isnan(out).any(axis=1)).sum())
    cols["pct_r2"] = 100 * w / r2
    cols["rank"] = 1 + (w[None, :] > w[:, None]).sum(axis=1)
    cols["status"] = ""
    return pd.DataFrame(cols), stats, out


def _bootstrap(d, c: Cells, method: str, starts, n_boot: int, rng, progress: bool | Progress) -> np.ndarray:
    """The weights of each respondent resample (rows of NaN where a resample has no weights).

    Resample i draws ``rng.integers(0, n, n)`` (as the other bootstraps); its counts times the
    weights reweight the same cells, which is exactly a refit on the resampled rows. A
    category with no answer in a resample is dropped from that resample's model; a resample
    in which an attribute is constant or the fit does not converge is left out.
    """
    n = len(d.y)
    w = np.ones(n) if d.w is None else d.w
    out = np.full((n_boot, c.X.shape[1]), np.nan)
    with counting(progress, n_boot, "ordinal drivers bootstrap") as bar:
        for i in bar.each(range(n_boot)):
            counts = np.bincount(rng.integers(0, n, n), minlength=n)
            r = c.reweighted(np.bincount(c.row_cell, counts * w, minlength=len(c.n))).present()
            if r.J < 2:
                continue
            got = _weights(r, method, starts if r.J == c.J else None)
            if got is not None:
                out[i] = got[0]
    return out
