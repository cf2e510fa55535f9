"""Every statistic of :func:`cxresearch.dropoff.from_ratings`, one segment at a time, and the tables.

:func:`segment_rows` fits the joint model of one segment and reads off, per attribute, the
asymmetry trend, the fitted factor path, the forecast and the change point;
:func:`period_tables` asks :func:`cxresearch.satisfaction.penalty_reward` for each period's
own penalty and reward; :func:`verdict` adjusts the p-values and words the result.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from cxresearch import satisfaction
from cxresearch._core.categories import NOT_ESTIMABLE, classify
from cxresearch._core.stats import adjust_pvalues
from cxresearch._core.warn import warn
from cxresearch.dropoff._periods import Periods
from cxresearch.dropoff._rating_model import Design, asymmetry_test, changepoint, columns, fit
from cxresearch.errors import CXInputError, ThinDataWarning

HORIZON = 10  # forecasts further than 10x the observed span are not reported
_GRID = 2001
ARROW = " → "


def collapse(factors) -> str:
    """A factor path: consecutive repeats merged, e.g. "excitement → performance → basic"."""
    out: list[str] = []
    for f in factors:
        if f and (not out or out[-1] != f):
            out.append(f)
    return ARROW.join(out)


def segment_rows(d: Design, attrs: list, periods: Periods, bounds, confidence: float):
    """Per attribute of one segment: the trend test, fitted lines, forecast and change point (dicts),
    and the fitted penalty, reward and factor per period (a long frame)."""
    present = np.flatnonzero(d.present)
    k = len(attrs)
    kinds = [("period", p) for p in present] + [(kind, c) for kind in ("main", "trend") for c in range(2 * k)]
    full = fit(d, columns(d, kinds), robust=True)
    t = periods.t[present]
    rows, lines = [], []
    for j, a in enumerate(attrs):
        cl, ch = 2 * j, 2 * j + 1
        row = {"attribute": a, "n": d.n, "n_periods": len(present), "first_period": periods.labels[present[0]],
               "last_period": periods.labels[present[-1]]}
        test = asymmetry_test(full, cl, ch, confidence)
        if not test:
            rows.append({**row, "note": _why(d, full, cl, ch, periods)})
            continue
        pen = full.b[full.index(("main", cl))] + test["penalty_slope"] * (t - d.t_mean)
        rew = full.b[full.index(("main", ch))] + test["reward_slope"] * (t - d.t_mean)
        asym, factor, _ = classify(pen, rew, bounds)
        lines.append(pd.DataFrame({"attribute": a, "period": [periods.labels[p] for p in present], "t": t,
                                   "penalty": pen, "reward": rew, "asymmetry": asym, "factor": factor}))
        base = fit(d, full.cols.take([i for i, nm in enumerate(full.cols.names)
                                      if nm not in (("trend", cl), ("trend", ch))]))
        cp = changepoint(d, base, cl, ch, full.rss)
        row.update(test, asymmetry_first=asym[0], asymmetry_last=asym[-1], fitted_path=collapse(factor),
                   _basic_now=factor[-1] == "basic", _t_last=t[-1],
                   _forecast=_forecast(pen[-1], test["penalty_slope"], rew[-1], test["reward_slope"], t, bounds))
        if cp is not None:
            _, before, _ = classify(cp[3][:1], cp[3][1:], bounds)
            _, after, _ = classify(cp[4][:1], cp[4][1:], bounds)
            row.update(_split=periods.labels[cp[0]], changepoint_p=cp[1], _pattern=cp[2], _before=before[0],
                       _after=after[0])
        rows.append(row)
    return rows, (pd.concat(lines, ignore_index=True) if lines else None)


def _forecast(pen_last: float, pen_slope: float, rew_last: float, rew_slope: float, t: np.ndarray, bounds) -> float:
    """The first time from the last period on (to 10x the observed span) at which the fitted lines
    make the attribute a basic factor; NaN when they do not."""
    span = max(t[-1] - t[0], 1e-12)
    grid = np.linspace(0, HORIZON * span, _GRID)
    _, factor, _ = classify(pen_last + pen_slope * grid, rew_last + rew_slope * grid, bounds)
    hit = np.flatnonzero(factor == "basic")
    return float(t[-1] + grid[hit[0]]) if hit.size else np.nan


def _why(d: Design, full, cl: int, ch: int, periods: Periods) -> str:
    """Why an attribute has no asymmetry trend: an empty band, a band seen in one period, or collinearity."""
    rows_per_period = np.diff(d.bounds).astype(float)
    seen = d.present
    reference = (rows_per_period - d.counts[:, cl] - d.counts[:, ch])[seen]
    for c, band in ((cl, "low"), (ch, "high")):
        in_band = d.counts[seen, c]
        if in_band.sum() == 0:
            return f"no rating in the {band} band: penalty and reward trends not estimable"
        if (in_band > 0).sum() < 2:
            return f"the {band} band is rated in one period only: no trend"
    if (reference > 0).sum() < 1:
        return "no rating in the reference band: penalty and reward not estimable"
    return "the band dummies' trends are collinear with other columns: no trend"


def verdict(table: pd.DataFrame, periods: Periods, alpha: float, p_adjust: str) -> pd.DataFrame:
    """Adjusted p-values, direction, change point, pattern and the must-be (basic) forecast."""
    p = table["p_value"].to_numpy(dtype=float)
    table["p_adjusted"] = adjust_pvalues(p, p_adjust)
    slope, sig = table["asymmetry_slope"].to_numpy(dtype=float), table["p_adjusted"].to_numpy() < alpha
    table["direction"] = np.where(np.isnan(p), "insufficient data",
                                  np.where(sig & (slope < 0), "drop-off", np.where(sig & (slope > 0), "rise", "stable")))
    cp_ok = table["changepoint_p"].to_numpy(dtype=float) < alpha
    table["changepoint"] = table["_split"].where(cp_ok)
    table["pattern"] = table["_pattern"].where(cp_ok, "")
    table["factor_before"] = table["_before"].where(cp_ok, "")
    table["factor_after"] = table["_after"].where(cp_ok, "")
    drop = table["direction"].eq("drop-off").to_numpy()
    now = table["_basic_now"].eq(True).to_numpy()
    when = table["_forecast"].to_numpy(dtype=float)
    status = np.where(~drop, "", np.where(now, "already must-be", np.where(np.isfinite(when), "projected",
                                                                             "not on current trend")))
    last_t = table["_t_last"].to_numpy(dtype=float)
    table["must_be_status"] = status
    table["must_be_forecast"] = periods.forecast_label(np.where(status == "projected", when,
                                                                np.where(status == "already must-be", last_t, np.nan)))
    both = ((table["direction"] == "drop-off") & (table["asymmetry_last"] >= table["asymmetry_first"])) | \
        ((table["direction"] == "rise") & (table["asymmetry_last"] <= table["asymmetry_first"]))
    table.loc[both, "note"] = table.loc[both, "note"] + ("reward and penalty shrink or grow together: the "
                                                         "normalised asymmetry hardly moves")
    return table


def period_tables(y, X, w, group: np.ndarray, period: np.ndarray, groups: pd.DataFrame, periods: Periods,
                  outcome: str, attrs: list, *, low, high, scale, bounds, confidence, alpha, min_n) -> pd.DataFrame:
    """Each period's own penalty and reward (:func:`cxresearch.satisfaction.penalty_reward` from its moments)."""
    frame = pd.DataFrame(X, columns=attrs)
    frame[outcome] = y
    weight = None
    if w is not None:
        weight = next(f"_weight{i}" for i in range(len(attrs) + 2) if f"_weight{i}" not in frame.columns)
        frame[weight] = w
    keys = list(groups.columns)
    parts, thin = [], []
    for g in range(len(groups)):
        for p in np.unique(period[group == g]):
            part = frame[(group == g) & (period == p)]
            table = _one_period(part, outcome, attrs, weight, low, high, scale, bounds, confidence, alpha, min_n)
            where = {k: groups.iloc[g][k] for k in keys}
            few = sum(any(x and not x.startswith(("penalty ", "reward ", "unclassified")) for x in n.split("; "))
                      for n in table["note"])
            if few:
                thin.append(f"{' / '.join(map(str, [*where.values(), periods.labels[p]]))} ({few} of {len(attrs)})")
            parts.append(table.assign(**where, period=periods.labels[p], t=periods.t[p], n=len(part), _g=g))
    out = pd.concat(parts, ignore_index=True)
    if thin:
        warn(f"Per-period penalty and reward rest on bands with fewer than min_n = {min_n} ratings, or could not be "
             f"estimated, for some attributes in {len(thin)} period(s): " + ", ".join(thin[:10]) +
             (" ..." if len(thin) > 10 else "") + ". Read them with their intervals; `result.periods['note']` says "
             "which. The trend test pools all periods.", ThinDataWarning)
    lead = ["attribute", *keys, "period", "t", "n"]
    return out[lead + [c for c in out.columns if c not in lead]]


def _one_period(part, outcome, attrs, weight, low, high, scale, bounds, confidence, alpha, min_n) -> pd.DataFrame:
    """One period's penalty-reward table; a period the model cannot fit gets NaN effects and the reason."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = satisfaction.moments(part, [outcome, *attrs], weights=weight, bands=attrs, low=low, high=high,
                                     scale=scale)
            res = satisfaction.penalty_reward(m, outcome, attrs, threshold=bounds, confidence=confidence, alpha=alpha,
                                              min_n=min_n, family="linear")
    except CXInputError as err:
        return pd.DataFrame({"attribute": attrs, "factor": NOT_ESTIMABLE, "kano": "", "note": str(err)})
    return res.table
