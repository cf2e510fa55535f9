"""One segment's drivers table when drivers are sets, categories or net of covariates, and its dominance tables.

:func:`fit_group` is the linear fit of :func:`~cxresearch.satisfaction.drivers` for
``method="shapley"`` and for any :class:`~._driver_sets.DriverPlan` that is not one column per
driver. It reads everything from the correlation matrix R of (outcome, the plan's columns):

* the R2 of every subset of columns (:func:`~._importance.subset_r2`, indexed by bit mask)
  is read at the column masks of the 2^k subsets of drivers (each with ``always``), less the
  R2 of ``always`` alone: the set function whose Shapley values and dominance statistics
  are reported (:mod:`._dominance`);
* relative weights of a set (or of a category's dummies) are the sum of its columns'
  weights (Johnson 2000 applies to columns; summing them is the usual convention and keeps
  the total at R2);
* standardised betas and their t intervals are per column, so they are shown for drivers
  of one column only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.progress import Progress
from cxresearch._core.sums import Sums, correlation
from cxresearch.satisfaction import _importance
from cxresearch.satisfaction._dominance import dominance_tables
from cxresearch.satisfaction._driver_sets import DriverPlan
from cxresearch.satisfaction._resample import centred, centred_rows, percentile_interval, resampled_cross

__all__ = ["driver_columns", "driver_values", "fit_group", "plan_values", "sum_columns"]


def driver_values(R: np.ndarray, plan: DriverPlan, method: str) -> tuple[np.ndarray, np.ndarray | None, float]:
    """(weight of each driver, the subset values net of ``always`` (Shapley only), R2 of ``always`` alone)."""
    if method == "shapley":
        return plan_values(_importance.subset_r2(R), plan)
    return sum_columns(_importance.weights(R, method), plan), None, 0.0


def fit_group(s: Sums, plan: DriverPlan, method: str, confidence: float, n_boot: int, rng, rows=None,
              progress: bool | Progress = True, group: dict | None = None):
    """(table, fit statistics, bootstrap replicates, dominance table, pairwise dominance table) of one segment.

    ``rows`` ((n, 1 + m) values, weights or None) are needed for the bootstrap only. The
    dominance tables are None unless ``method="shapley"``.
    """
    R = s.correlation()
    m = len(plan.columns)
    beta, t, r2 = _importance.betas(R, s.n_eff, confidence)
    n_eff = s.n_eff
    weight, v, r2_always = driver_values(R, plan, method)
    fit = {"n": s.n, "r2": r2, "adj_r2": 1 - (1 - r2) * (n_eff - 1) / (n_eff - m - 1)}
    if plan.always:
        fit["r2_always"] = r2_always
    if s.weighted:
        fit.update(sum_w=s.sum_w, n_eff=n_eff)
    cols = driver_columns({"attribute": np.array(plan.columns, dtype=object), "mean": s.mean[1:], "r": R[1:, 0],
                           "beta": beta, "beta_ci_low": t["ci_low"], "beta_ci_high": t["ci_high"],
                           "p_value": t["p_value"]}, plan)
    cols["weight"] = weight
    reps = replicates(*rows, plan, method, n_boot, rng, progress) if n_boot else None
    if n_boot:
        cols["weight_ci_low"], cols["weight_ci_high"] = percentile_interval(reps, confidence)
    cols["pct_r2"] = 100 * weight / (r2 - r2_always)
    cols["rank"] = 1 + (weight[None, :] > weight[:, None]).sum(axis=1)
    tables = dominance_tables(v, list(plan.names), group) if v is not None else (None, None)
    return pd.DataFrame(cols), fit, reps, *tables


def replicates(values: np.ndarray, w, plan: DriverPlan, method: str, n_boot: int, rng,
               progress: bool | Progress = True) -> np.ndarray:
    """The drivers' weights in every respondent resample, (n_boot, drivers) (as :func:`._importance.bootstrap_replicates`).

    One column per driver: the resamples, and the rules for leaving one out (a constant
    column, nearly singular correlations), are those of the column-level bootstrap, so with
    one column per driver the intervals are identical to it.
    """
    if plan.plain:
        return _importance.bootstrap_replicates(values, w, method, n_boot, rng, progress)
    out = []
    k = len(plan.names)
    for S in resampled_cross(centred_rows(values), w, n_boot, rng, progress=progress, desc="drivers bootstrap"):
        _, _, C = centred(S)
        diag = np.diagonal(C, axis1=1, axis2=2)
        raw = np.diagonal(S, axis1=1, axis2=2)[:, 1:]
        ok = (diag > 1e-9 * raw).all(axis=1)
        W = np.full((len(S), k), np.nan)
        R = correlation(C[ok])
        for i, Ri in zip(np.flatnonzero(ok), R):
            if np.linalg.cond(Ri[1:, 1:]) < 1e12:
                W[i] = driver_values(Ri, plan, method)[0]
        out.append(W)
    return np.concatenate(out)


def plan_values(fits: np.ndarray, plan: DriverPlan | None) -> tuple[np.ndarray, np.ndarray, float]:
    """Shapley values of the drivers from the fit of every subset of columns (a pseudo-R2 by bit mask).

    Returns (values, the subset values net of ``always``, the fit of ``always`` alone).
    """
    if plan is None or plan.plain:
        k = int(np.log2(len(fits)))
        return _importance.shapley_values(fits, k), fits, 0.0
    masks, held = plan.masks()
    v = fits[masks] - fits[held]
    return _importance.shapley_values(v, len(plan.names)), v, float(fits[held])


def sum_columns(values: np.ndarray, plan: DriverPlan | None) -> np.ndarray:
    """Column values summed over each driver's columns (the relative weights of a set)."""
    if plan is None or plan.plain:
        return values
    index = {c: i for i, c in enumerate(plan.columns)}
    return np.array([sum(values[index[c]] for c in m) for m in plan.members])


def driver_columns(cols: dict, plan: DriverPlan | None) -> dict:
    """A per-column dict of table columns as one entry per driver: a column's numbers for drivers of one column.

    ``mean`` is missing for a category's dummy (its share is not a rating); every other number
    is kept for a driver of one column and missing for a set.
    """
    if plan is None or plan.plain:
        return cols
    index = {c: i for i, c in enumerate(plan.columns)}
    dummies = {d for _, _, names in plan.categories.values() for d in names}
    out = {"attribute": np.array(plan.names, dtype=object),
           "columns": np.array([", ".join(m) for m in plan.members], dtype=object)}
    for name, values in cols.items():
        if name == "attribute":
            continue
        if isinstance(values, str):
            out[name] = values
            continue
        out[name] = np.array([values[index[m[0]]] if len(m) == 1 and not (name == "mean" and m[0] in dummies)
                              else np.nan for m in plan.members])
    return out
