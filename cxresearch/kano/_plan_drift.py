"""What a drop-off result adds to the service plan: drift, its forecast, the worse trend, and the advice.

:func:`with_drift` matches the rows of a :class:`~cxresearch.dropoff.DropoffResult` to the
plan's attributes (and segments) and words what the drift means for each tier: a delighter
sliding toward must-be needs a standard and a commitment before the forecast, a stable
delighter is one that irregular delivery keeps fresh, a must-be whose dissatisfaction when
absent rises needs its standard tightened.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.checks import arg_error, type_name
from cxresearch._core.time import read_time
from cxresearch._core.warn import warn
from cxresearch.dropoff import DropoffResult
from cxresearch.errors import InputWarning, KanoInputError

NOT_MEASURED = "not measured"
DRIFT_COLUMNS = ("drift", "changepoint", "forecast", "worse_trend", "worse_trend_p")


def check_dropoff(dropoff, result_by: tuple) -> list:
    """The keys a drop-off result is matched on: ``attribute`` and its segments (a subset of the plan's)."""
    if not isinstance(dropoff, DropoffResult):
        raise arg_error("dropoff", "a DropoffResult from cx.dropoff.detect", dropoff, got=f"a {type_name(dropoff)}",
                        error=KanoInputError)
    extra = [b for b in dropoff.by if b not in result_by]
    if extra:
        raise arg_error("dropoff", f"a drop-off result by segments of the plan ({list(result_by) or 'none'})",
                        dropoff, got=f"one by {list(dropoff.by)}",
                        hint=f"Its segments {extra} are not in the Kano result: analyse both with the same `by` "
                             "(or detect the drop-off without segments, which then holds for every segment).",
                        error=KanoInputError)
    return ["attribute", *dropoff.by]


def worse_trend(dropoff: DropoffResult) -> pd.DataFrame:
    """Per drop-off row: the Cochran-Armitage trend of |Worse| = (O + M) / (A + O + M + I) over the waves.

    Scores are the wave times (dates in years); with survey weights, each wave's weighted
    counts are put on its Kish effective sample size. ``worse_trend`` is "rising" (|Worse|
    grows: more customers dissatisfied when the attribute is missing), "falling" or "no
    trend" at the drop-off result's ``alpha``, and empty where there is no test (one wave,
    or every answer on one side).
    """
    keys, time, s = ["attribute", *dropoff.by], dropoff.time, dropoff.shares
    cat = s["category"].astype(str)
    parts = s.assign(_om=s["count"].where(cat.isin(["O", "M"]), 0.0),
                     _aomi=s["count"].where(cat.isin(list("AOMI")), 0.0))
    if "n_eff" in s:
        ratio = (s["n_eff"] / s["n"]).where(s["n"] > 0, 0.0)
        parts = parts.assign(_om=parts["_om"] * ratio, _aomi=parts["_aomi"] * ratio)
    wave = parts.groupby([*keys, time], sort=False, observed=True)[["_om", "_aomi"]].sum().reset_index()
    t = wave[time]
    wave["_t"] = ((t - t.min()).dt.days / 365.25) if pd.api.types.is_datetime64_any_dtype(t.dtype) else \
        read_time(t, time, warn_notes=False).position  # numbers, periods, ordered labels, Timedeltas
    rows = []
    for key, g in wave.groupby(keys, sort=False, observed=True):
        z = _armitage(g["_om"].to_numpy(float), g["_aomi"].to_numpy(float), g["_t"].to_numpy(float))
        rows.append((*(key if isinstance(key, tuple) else (key,)), z))
    out = pd.DataFrame(rows, columns=[*keys, "_z"])
    z = out.pop("_z").to_numpy(dtype=float)
    p = 2 * stats.norm.sf(np.abs(z))
    trend = np.where(np.isnan(p), "", np.where(p >= dropoff.alpha, "no trend", np.where(z > 0, "rising", "falling")))
    return out.assign(worse_trend=trend, worse_trend_p=p)


def _armitage(x: np.ndarray, n: np.ndarray, t: np.ndarray) -> float:
    """Cochran-Armitage z of successes ``x`` out of ``n`` over scores ``t`` (NaN when not defined)."""
    keep = n > 0
    x, n, t = x[keep], n[keep], t[keep]
    total = n.sum()
    if len(n) < 2 or total <= 0:
        return np.nan
    p = x.sum() / total
    dt = t - (n * t).sum() / total
    var = p * (1 - p) * (n * dt**2).sum()
    return float((x * dt).sum() / np.sqrt(var)) if var > 0 else np.nan


def with_drift(out: pd.DataFrame, dropoff: DropoffResult, keys: list, firm: list[bool]) -> pd.DataFrame:
    """The plan with the drift columns and advice; plan rows without a drift row are counted and named."""
    table = dropoff.table
    drift = table[[*keys, "direction", "first_category", "changepoint", "must_be_status", "must_be_forecast"]]
    drift = drift.merge(worse_trend(dropoff), on=keys, how="left")
    plan_attrs, drift_attrs = out["attribute"].astype(str), drift["attribute"].astype(str)
    if not set(plan_attrs) & set(drift_attrs):
        raise KanoInputError(
            f"`dropoff` shares no attribute with the Kano result: the plan has {_listed(plan_attrs)}, the drop-off "
            f"result {_listed(drift_attrs)}. Detect the drop-off on the same attributes (same names).")
    index = {_key(row): i for i, row in enumerate(drift[keys].itertuples(index=False))}
    where = np.array([index.get(_key(row), -1) for row in out[keys].itertuples(index=False)])
    _warn_unmatched(out, keys, where, len(drift))
    matched = drift.iloc[np.maximum(where, 0)].reset_index(drop=True)
    found = where >= 0
    out = out.reset_index(drop=True)
    out["drift"] = np.where(found, matched["direction"].astype(object), NOT_MEASURED)
    out["changepoint"] = matched["changepoint"].where(found)
    out["forecast"] = matched["must_be_forecast"].where(found)
    out["worse_trend"] = np.where(found, matched["worse_trend"].fillna("").astype(object), "")
    out["worse_trend_p"] = matched["worse_trend_p"].where(found)
    sentences = [drift_sentence(c, r, bool(f), dropoff.time) if ok else ""
                 for c, (_, r), f, ok in zip(out["category"].astype(str), matched.iterrows(),
                                             firm, found)]
    replace = _replaces(out["category"].astype(str), out["drift"])
    out["advice"] = [s if rep else (a + (" " + s if s else "")) for a, s, rep in zip(out["advice"], sentences, replace)]
    return out


def _replaces(category: pd.Series, drift: pd.Series) -> np.ndarray:
    """A delighter sliding toward must-be: the drift advice replaces "deliver irregularly" instead of adding to it."""
    return (category.eq("A") & drift.isin(["drop-off", "separated"])).to_numpy()


def _key(row) -> tuple:
    return tuple(str(v) for v in row)


def _listed(values: pd.Series) -> str:
    names = list(dict.fromkeys(values))
    return ", ".join(map(repr, names[:8])) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def _warn_unmatched(out: pd.DataFrame, keys: list, where: np.ndarray, n_drift: int) -> None:
    """One warning counting the plan rows without a drift row, naming them, and the drift rows left unused."""
    missing = where < 0
    unused = n_drift - len(set(where[~missing].tolist()))
    if not missing.any() and not unused:
        return
    names = [" / ".join(map(str, row)) for row in out.loc[missing, keys].itertuples(index=False)]
    text = (f"{int(missing.sum())} of {len(out)} plan row(s) have no row in `dropoff`, so their drift is "
            f"'{NOT_MEASURED}': {', '.join(names[:8])}{' ...' if len(names) > 8 else ''}. " if missing.any() else "")
    if unused:
        text += f"{unused} row(s) of `dropoff` match no attribute of the plan and were not used."
    warn(text.strip(), InputWarning)


def when_text(value, time: str) -> str:
    """The forecast as text: a date (year-month) or the wave number, named by the time column."""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m}"
    if not isinstance(value, (int, float, np.integer, np.floating)):  # a period, a label, a Timedelta
        return f"{time} {value}"
    value = float(value)
    return f"{time} {value:.0f}" if abs(value - round(value)) < 0.05 else f"{time} {value:.1f}"


def drift_sentence(category: str, row: pd.Series, firm: bool, time: str) -> str:
    """What the drift means for an attribute of this Kano category (empty when it changes nothing)."""
    direction = row["direction"]
    toward_m = direction == "drop-off" or (direction == "separated" and row["must_be_status"] != "")
    since = f" since {when_text(row['changepoint'], time)}" if pd.notna(row["changepoint"]) else ""
    commit = "a firm commitment" if firm else "a moderate commitment (delivery is not fully in your hands)"
    if direction == "insufficient data":
        return "Seen in one wave only: no drift could be measured."
    if category == "A":
        if toward_m:
            return _sliding(row, since, commit, time)
        if direction == "stable":
            return "Stable over the waves: no drop-off so far; keep delivering it irregularly so it stays fresh."
        if direction == "rise":
            return "Rising over the waves (further toward attractive): keep it a surprise."
    if category == "O" and toward_m:
        return _sliding(row, since, commit, time, "turn the promised level into a standard")
    if category == "I" and toward_m and row["first_category"] == "A":
        return (f"A former delighter that has dropped off{since}: it no longer delights. Make it a cheap standard or "
                "replace it with a new surprise.")
    if category == "M" and row["worse_trend"] == "rising":
        return (f"Dissatisfaction when it is missing is rising over the waves (|Worse| trend p = "
                f"{row['worse_trend_p']:.2g}): tighten the standard and check it is met everywhere.")
    return ""


def _sliding(row: pd.Series, since: str, commit: str, time: str, what: str = "") -> str:
    """A delighter (or a one-dimensional attribute) moving toward must-be: by when to be ready."""
    act = what or f"prepare a standard and {commit}"
    status = row["must_be_status"]
    since = f" (drop-off{since})" if row["direction"] == "drop-off" else " (its answers split by time)"
    if status == "projected":
        return (f"Sliding toward must-be{since}: {act} by {when_text(row['must_be_forecast'], time)}, when must-be "
                "is projected to become the most frequent answer.")
    if status == "already must-be":
        return (f"Sliding toward must-be{since}; must-be already leads at the last wave of the drop-off result: "
                f"{act} now.")
    return (f"Sliding toward must-be{since}, though on the current trend must-be does not become the most frequent "
            f"answer within ten times the observed span: {act} and watch the next waves.")
