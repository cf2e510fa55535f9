"""Did the action work? A difference-in-differences estimate with cluster-robust intervals and a pre-trend check."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import check_confidence, require_frame
from cxresearch._core.params import Anything, Frame, Name, declared
from cxresearch.tracking._effect_fit import Cells, fit, interval, wald
from cxresearch.tracking._effect_input import Panel, read_panel
from cxresearch.tracking._effect_result import ActionEffectResult

__all__ = ["action_effect"]

FEW_UNITS = 5  # fewer treated (or control) units than this: the note warns that the interval is fragile


@declared(panel=Frame(), unit=Name("one column name"), time=Name(), treated=Name("one column name"),
          outcome=Name("one column name"), since=Anything("a time value, read against the time column"),
          missing_codes=Anything("read by the code reader"))
def action_effect(
    panel: pd.DataFrame,
    *,
    unit: str,
    time: str,
    treated: str,
    outcome: str,
    since: Any = None,
    weights: str | None = None,
    confidence: float = 0.95,
    missing_codes: Any = None,
) -> ActionEffectResult:
    """Did the action work? Difference in differences: units that acted against units that did not.

    Some units (branches, stores, teams) took an action at one point in time; others did
    not. The effect is how much more the outcome moved in the acting units than in the
    others over the same periods: the two-way fixed-effects model

    ``y_r = a_unit + l_period + effect * D_r + e_r``

    fitted by (weighted) least squares on the rows, where ``D`` is 1 in the rows of acting
    units from the action's first period on. Standard errors are cluster-robust by unit
    (Bertrand, Duflo & Mullainathan 2004), intervals and tests use t with G - 1 degrees of
    freedom (G units).

    Parameters
    ----------
    panel : pandas.DataFrame
        Respondent rows (many customers per unit and period) or one row per unit and period
        (their means). A row is a row: with respondent rows each unit-period cell weighs by
        its number of respondents (times their weights), with unit-period means every cell
        weighs the same (pass the number of respondents as ``weights`` to weigh them).
    unit : str
        The unit column (branch, store): the clusters of the standard errors.
    time : str
        The period column (quarters, waves, dates; read by the one reader of time columns).
    treated : str
        0/1 (or False/True). Without ``since``: 1 in the rows where the action was in force
        (acting units from its first period on), 0 elsewhere. With ``since``: 1 in every row
        of a unit that acted, 0 in every row of a unit that did not.
    outcome : str
        The outcome (a satisfaction rating, a recommend score, a 0/1 top-box flag).
    since : optional
        The first period of the action, a value of the kind in ``time`` (``"2024Q1"``, 5, a
        date); then ``treated`` marks the units that acted. None: ``treated`` marks the
        rows in force.
    weights : str, optional
        Survey (sampling) weights: weighted least squares; the cluster-robust errors do not
        depend on the weights' scale.
    confidence : float
        Level of the intervals.
    missing_codes : value or list of values, optional
        Values of ``outcome`` meaning "don't know" (e.g. 99), turned missing and counted.

    Returns
    -------
    ActionEffectResult
        ``table``, one row: ``estimate`` (the effect), ``se`` (CR1, clustered by unit),
        ``t``, ``df`` (G - 1), ``p_value``, ``ci_low``, ``ci_high``, ``n`` (rows used),
        ``n_eff`` (Kish, with weights), ``units_acting``, ``units_control``,
        ``periods_pre``, ``periods_post``, ``since`` (the first period of the action),
        ``acting_pre``, ``acting_post``, ``control_pre``, ``control_post`` (weighted means
        of the rows), ``means_did`` (the difference in differences of those four means),
        ``pretrend_f``, ``pretrend_df``, ``pretrend_p`` (the joint test of the leads),
        ``pretrend`` (in words) and ``note`` (what the data cannot say). ``event_study``:
        ``period``, ``relative`` (periods from the start), ``estimate``, ``se``, ``ci_low``,
        ``ci_high``, ``kind`` (lead, reference, effect). ``means``: ``period``, ``group``
        (acting, control), ``n``, ``weight``, ``mean``.

    See Also
    --------
    ActionEffectResult : the result, with the two groups' means over time (``plot()``).
    cxresearch.simulate.bank_tracker : branches with an action of known effect.

    Notes
    -----
    The least-squares fit on rows equals the weighted fit on unit-period cell means with
    the cells' weight sums, and each unit's cluster score is a sum over its cells, so the
    rows are reduced to cells in one pass. The unit effects are absorbed (within-unit
    demeaning). The covariance is the sandwich ``B M B`` with the CR1 factor
    ``G / (G - 1) * (N - 1) / (N - K)``, N rows and K the period effects, the action term
    and the intercept; the unit effects, nested within the clusters, are not counted (as
    Stata's ``xtreg, fe vce(cluster)``; a dummy-variable fit such as statsmodels' OLS with
    ``C(unit)`` counts them and gives errors larger by ``sqrt((N - K) / (N - K - G + 1))``).

    Pre-trend check (with two or more periods before the action): an event study replaces
    ``D`` by one term per period for the acting units, the last period before the action the
    reference. The leads (the terms of the earlier pre-periods) should be zero if the two
    groups moved in parallel before the action; ``pretrend_f`` is their joint Wald test,
    F(q, G - 1). A pass is no proof of parallel trends, only no evidence against them.

    What the model cannot say is a note, not a number: no estimate without control units,
    without acting units, without a period before or after the action; no interval with a
    single acting or control unit (one cluster gives no variance; Conley & Taber 2011).
    With few acting units the interval is fragile (MacKinnon & Webb 2017). An action that
    began at different times in different units (staggered adoption) is refused.

    References
    ----------
    Bertrand, M., Duflo, E., & Mullainathan, S. (2004). How much should we trust
    differences-in-differences estimates? Quarterly Journal of Economics 119(1), 249-275.

    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. Journal of Human Resources 50(2), 317-372.

    Examples
    --------
    Treated branches went from 7.0 to 7.6, control branches from 7.1 to 7.2:

    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> panel = pd.DataFrame({"branch": ["a", "a", "b", "b", "c", "c", "d", "d"],
    ...                       "quarter": [1, 2] * 4, "acted": [0, 1, 0, 1, 0, 0, 0, 0],
    ...                       "score": [7.0, 7.6, 7.0, 7.6, 7.1, 7.2, 7.1, 7.2]})
    >>> res = cx.tracking.action_effect(panel, unit="branch", time="quarter", treated="acted", outcome="score")
    >>> round(float(res.table["estimate"].iloc[0]), 10)
    0.5

    A bank's quarterly tracker: 12 of 24 branches acted from 2024Q1 on.

    >>> df = cx.load_dataset("bank_quarterly_tracker")
    >>> res = cx.tracking.action_effect(df, unit="branch", time="quarter", treated="action_branch",
    ...                                 outcome="satisfaction", since="2024Q1")
    >>> res.table[["estimate", "ci_low", "ci_high", "df", "pretrend_p"]].round(3)
       estimate  ci_low  ci_high  df  pretrend_p
    0      0.25   0.141    0.359  23       0.844

    The data card's truth is +0.278 on mean satisfaction; the leads show no sign that the
    acting branches were already moving apart before 2024Q1 (p = 0.84).
    """
    data = require_frame(panel, "panel")
    confidence = check_confidence(confidence)
    p = read_panel(data, unit, time, treated, outcome, since, weights, missing_codes)
    cells = Cells.of(p.unit, p.period, p.y, p.w, len(p.unit_labels), len(p.period_labels))
    acting_cell = p.acting[cells.unit]
    d = (acting_cell & (cells.period >= p.start)).astype(float)
    row, notes = _counts(p)
    estimable = not notes
    if estimable:
        f = fit(cells, d[:, None], p.unit.size)
        row.update(estimate=f.beta[0], se=np.sqrt(f.cov[0, 0]), df=f.df)
        if not f.identified[0]:
            notes.append("the action is not separable from the unit and period effects")
        if min(row["units_acting"], row["units_control"]) == 1:
            row["se"] = np.nan
            notes.append("one " + ("acting" if row["units_acting"] == 1 else "control") + " unit: no "
                         "cluster-robust interval (one cluster gives no variance)")
        elif min(row["units_acting"], row["units_control"]) < FEW_UNITS:
            notes.append(f"fewer than {FEW_UNITS} acting or control units: the cluster-robust interval is fragile")
    row.update(interval(row["estimate"], row["se"], row["df"], confidence))
    study, test = _event_study(p, cells, acting_cell, confidence, notes, estimable)
    row.update(test)
    row.update(_group_means(p, cells))
    row["note"] = "; ".join(notes)
    table = pd.DataFrame({k: [v] for k, v in row.items()})
    table = table[[c for c in _COLUMNS if c in table] + [c for c in table if c not in _COLUMNS]]
    if weights is None:
        table = table.drop(columns="n_eff")
    return ActionEffectResult(table=table, rows=p.rows, event_study=study, means=_means(p, cells),
                              names=(unit, time, treated, outcome), confidence=confidence, weights=weights,
                              start_label=row["since"], since_given=since is not None)


_COLUMNS = ["estimate", "se", "t", "df", "p_value", "ci_low", "ci_high", "n", "n_eff", "units_acting",
            "units_control", "periods_pre", "periods_post", "since", "acting_pre", "acting_post", "control_pre",
            "control_post", "means_did", "pretrend_f", "pretrend_df", "pretrend_p", "pretrend", "note"]


def _counts(p: Panel) -> tuple[dict, list[str]]:
    """Units, periods and rows; and the notes that leave no estimate."""
    acting, control = int(p.acting.sum()), int((~p.acting).sum())
    pre, post = p.start, len(p.period_labels) - p.start
    n_eff = p.w.sum() ** 2 / (p.w @ p.w)
    row = {"estimate": np.nan, "se": np.nan, "df": max(len(p.unit_labels) - 1, 0), "n": p.unit.size,
           "n_eff": n_eff, "units_acting": acting, "units_control": control, "periods_pre": pre,
           "periods_post": post, "since": str(p.period_labels[p.start]) if post > 0 else ""}
    notes = []
    if control == 0:
        notes.append("no control units (every unit acted): nothing to compare the acting units with")
    if acting == 0:
        notes.append("no unit acted: no action to evaluate")
    elif pre == 0:
        notes.append("no period before the action: the change it made cannot be told from the level the "
                     "units had (if `treated` marks the units that acted, pass `since`)")
    elif post == 0:
        notes.append("no period from the action on: its effect is not observed")
    return row, notes


def _event_study(p: Panel, cells: Cells, acting_cell, confidence, notes, estimable) -> tuple[pd.DataFrame, dict]:
    """One term per period for the acting units (the last pre-period the reference) and the leads' joint test."""
    n_periods, ref = len(p.period_labels), p.start - 1
    test = {"pretrend_f": np.nan, "pretrend_df": max(ref, 0), "pretrend_p": np.nan, "pretrend": "not tested"}
    others = [k for k in range(n_periods) if k != ref]
    rows = []
    if not estimable:
        return pd.DataFrame(rows, columns=_STUDY), test
    terms = np.column_stack([(acting_cell & (cells.period == k)).astype(float) for k in others])
    f = fit(cells, terms, p.unit.size)
    se = np.sqrt(np.diag(f.cov))
    if min(int(p.acting.sum()), int((~p.acting).sum())) == 1:
        se = np.full_like(se, np.nan)
    for j, k in enumerate(others):
        ci = interval(f.beta[j], se[j], f.df, confidence)
        rows.append((p.period_labels[k], k - p.start, f.beta[j], se[j], ci["ci_low"], ci["ci_high"],
                     "lead" if k < ref else "effect"))
    rows.insert(ref, (p.period_labels[ref], -1, 0.0, np.nan, np.nan, np.nan, "reference"))
    if ref >= 1:
        leads = np.arange(ref)
        fstat, q, pval = wald(f.beta[leads], f.cov[np.ix_(leads, leads)], f.df)
        test.update(pretrend_f=fstat, pretrend_df=q, pretrend_p=pval)
        if np.isfinite(pval):
            test["pretrend"] = ("the groups moved apart before the action" if pval < 1 - confidence else
                                "no evidence that the groups moved apart before the action")
        else:
            notes.append("no pre-trend test: a lead is not identified or there are fewer units than leads")
    else:
        notes.append("one period before the action: no pre-trend check")
    study = pd.DataFrame(rows, columns=_STUDY)
    study["period"] = study["period"].astype(str)
    return study, test


_STUDY = ["period", "relative", "estimate", "se", "ci_low", "ci_high", "kind"]


def _group_means(p: Panel, cells: Cells) -> dict[str, float]:
    """The weighted means of the rows of each group before and after the action, and their DiD (from the cells)."""
    acting, post = p.acting[cells.unit], cells.period >= p.start
    out = {}
    for name, mask in (("acting_pre", acting & ~post), ("acting_post", acting & post),
                       ("control_pre", ~acting & ~post), ("control_post", ~acting & post)):
        sw = cells.weight[mask].sum()
        out[name] = cells.weight[mask] @ cells.mean[mask] / sw if sw > 0 else np.nan
    out["means_did"] = (out["acting_post"] - out["acting_pre"]) - (out["control_post"] - out["control_pre"])
    return out


def _means(p: Panel, cells: Cells) -> pd.DataFrame:
    """Per period and group: rows, weight sum and weighted mean (the plot's lines)."""
    key = cells.period * 2 + p.acting[cells.unit].astype(int)
    size = 2 * len(p.period_labels)
    n = np.bincount(key, weights=cells.count, minlength=size).astype(np.int64)
    sw = np.bincount(key, weights=cells.weight, minlength=size)
    swy = np.bincount(key, weights=cells.weight * cells.mean, minlength=size)
    out = pd.DataFrame({"period": np.repeat([str(v) for v in p.period_labels], 2),
                        "group": np.tile(["control", "acting"], len(p.period_labels)), "n": n, "weight": sw,
                        "mean": np.where(sw > 0, swy / np.where(sw > 0, sw, 1), np.nan)})
    return out[out["n"] > 0].reset_index(drop=True)
