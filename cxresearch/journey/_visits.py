"""Moments of truth seen in step-rated visits: how often a touchpoint is the peak or the trough, and its weight."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch import plotting
from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import as_keys, as_numeric, bad_values, require_columns, require_frame
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch.errors import CXInputError
from cxresearch.journey._features import _order
from cxresearch.journey._peak_end import peak_end
from cxresearch._core.params import Frame, declared

__all__ = ["VisitMomentsResult", "visit_moments"]

@dataclass(frozen=True, kw_only=True, repr=False)
class VisitMomentsResult(Result):
    """Result of :func:`cxresearch.journey.visit_moments`.

    ``table``: one row per segment and touchpoint; ``fits``: the peak-end model of each
    segment (the weights behind ``memory_weight``).

    See Also
    --------
    cxresearch.journey.visit_moments : makes this result.
    cxresearch.journey.touchpoints : the survey view of the same moments.
    """

    fits: pd.DataFrame
    steps: RowAccount
    notes: tuple[str, ...] = ()

    _title = "Moments of truth in step-rated visits"
    _summary_columns = ("*by", "touchpoint", "visits", "rating", "peak_share", "trough_share", "end_share",
                        "memory_weight")
    _long_tables = ("fits",)

    def _settings(self) -> dict[str, str]:
        out = {"steps": str(self.steps), "ties": "a tied peak (trough) is shared equally by the tied steps",
               "memory weight": "mean over the visits passing the touchpoint of the peak-end model's weight on "
                                "its rating (first, peak, trough and end weights where it is that moment, plus "
                                "the mean's weight / number of steps)"}
        return {**out, **({"note": "; ".join(self.notes)} if self.notes else {})}

    def _sheets(self) -> dict[str, pd.DataFrame]:
        return {**super()._sheets(), "steps": self.steps.to_frame()}

    def plot(self, kind: None = None, ax=None):
        """Per touchpoint (and segment), the share of visits where it is the peak and the trough.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.visit_moments(self.table, self.by, ax=ax))


@declared(data=Frame())
def visit_moments(
    data: pd.DataFrame,
    *,
    journey: str = "journey",
    step: str = "step",
    touchpoint: str = "touchpoint",
    rating: str = "rating",
    retrospective: str = "retrospective",
    by: str | list[str] | None = None,
    confidence: float = 0.95,
) -> VisitMomentsResult:
    """Which touchpoints make the peaks and troughs of visits, and how much they weigh in memory.

    The peak-end view of a moment of truth: in visits rated step by step, the share of
    visits passing a touchpoint in which it was the best moment (peak), the worst (trough)
    and the last (end), and its weight on the remembered rating of the visit under the
    peak-end model fitted by :func:`peak_end` (per segment).

    Parameters
    ----------
    data : pandas.DataFrame
        Long, :func:`peak_end`'s input with a ``touchpoint`` column: one row per visit and
        step.
    journey, step, touchpoint, rating, retrospective : str
        Columns: visit id, step order, the touchpoint of the step, momentary rating, the
        visit's remembered rating.
    by : str or list of str, optional
        Segment column(s), constant within a visit.
    confidence : float
        Level of the peak-end model's intervals (in ``fits``).

    Returns
    -------
    VisitMomentsResult
        ``table``: ``visits`` (passing the touchpoint), ``rating`` (mean momentary rating),
        ``peak_share``, ``trough_share``, ``end_share`` and ``memory_weight`` per segment
        and touchpoint; ``fits``: the peak-end coefficients per segment.

    See Also
    --------
    peak_end : the model whose weights are used.
    touchpoints : the survey view (gaps, importance) of the same touchpoints.

    Notes
    -----
    ``memory_weight`` is how much one more point at this touchpoint moves the remembered
    rating, averaged over the visits passing it (a touchpoint met twice in a visit counts
    once, its steps' shares and weights added): the fitted weight of the first, peak,
    trough and end moments where the step is that moment (shared among tied steps), plus
    the mean's weight divided by the visit's number of rated steps. Visits that
    :func:`peak_end` cannot use (one rated step, no remembered rating) are left out and
    counted in ``rows``.

    Examples
    --------
    >>> import cxresearch as cx
    >>> visits = cx.load_dataset("branch_touchpoint_visits")
    >>> res = cx.journey.visit_moments(visits, by="segment")
    >>> gold = res.table[res.table["segment"] == "gold"]
    >>> gold[["touchpoint", "peak_share", "trough_share", "memory_weight"]].round(2)
             touchpoint  peak_share  trough_share  memory_weight
    7           welcome        0.16          0.11           0.08
    8          queueing        0.02          0.55           0.18
    9    staff_attitude        0.37          0.03           0.04
    10  counter_service        0.17          0.11           0.06
    11           advice        0.17          0.13           0.10
    12             fees        0.23          0.12           0.12
    13         farewell        0.13          0.12           0.35

    Gold customers' visits bottom out at the queue and peak with the staff; the trough
    and the end carry the memory of the visit.
    """
    frame = require_frame(data)
    keys = as_keys(by)
    require_columns(frame, [journey, step, touchpoint, rating, retrospective, *keys])
    if frame[touchpoint].isna().any():
        raise bad_values(touchpoint, frame[touchpoint], frame[touchpoint].isna(), "missing (name every step's "
                         "touchpoint)")
    _one_segment_per_visit(frame, journey, keys)
    groups = [((), frame)] if not keys else list(frame.groupby(keys, sort=True, observed=True))
    tables, fits, notes, used = [], [], [], []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        try:
            fit = peak_end(part, journey=journey, step=step, rating=rating, retrospective=retrospective,
                           confidence=confidence)
        except CXInputError as exc:
            notes.append(f"{dict(zip(keys, key))}: no peak-end fit ({exc})")
            continue
        used.append(fit)
        coef = fit.table.set_index("term")["estimate"]
        fits.append(fit.table.assign(**dict(zip(keys, key)))[[*keys, *fit.table.columns]])
        tables.append(_flags(part, fit, journey, step, touchpoint, rating, coef).assign(**dict(zip(keys, key))))
    if not tables:
        raise CXInputError("No segment has enough usable visits for the peak-end model: " + "; ".join(notes))
    table = pd.concat(tables, ignore_index=True)
    table = table[[*keys, *[c for c in table.columns if c not in keys]]]
    no_segment = frame[keys].isna().any(axis=1).to_numpy() if keys else np.zeros(len(frame), dtype=bool)
    rows = _account(frame, journey, used, int(frame.loc[no_segment, journey].nunique()))
    steps = _account_steps(used, int(no_segment.sum()))
    return VisitMomentsResult(table=table, rows=rows, by=tuple(keys), fits=pd.concat(fits, ignore_index=True),
                              steps=steps, notes=tuple(notes))


def _flags(part: pd.DataFrame, fit, journey: str, step: str, touchpoint: str, rating: str,
           coef: pd.Series) -> pd.DataFrame:
    """Per touchpoint: passes, mean rating, peak / trough / end shares and the memory weight."""
    feats = fit.journeys.set_index(journey)
    df = pd.DataFrame({"j": part[journey].to_numpy(), "tp": part[touchpoint].to_numpy(),
                       "order": _order(part[step], step), "value": as_numeric(part[rating], rating)})
    df = df[df["j"].isin(feats.index) & df["value"].notna() & df["order"].notna()]
    df = df.sort_values(["j", "order"], kind="stable").reset_index(drop=True)
    f = feats.loc[df["j"]]
    g = df.groupby("j", sort=False)
    flags = {"peak": df["value"].to_numpy() == f["peak"].to_numpy(),
             "trough": df["value"].to_numpy() == f["trough"].to_numpy(),
             "first": (g.cumcount() == 0).to_numpy(), "end": (g.cumcount(ascending=False) == 0).to_numpy()}
    share = {k: v / pd.Series(v).groupby(df["j"]).transform("sum").to_numpy() for k, v in flags.items()}
    weight = coef.get("mean", 0.0) / f["steps"].to_numpy()
    for term in ("first", "peak", "trough", "end"):
        weight = weight + coef.get(term, 0.0) * share[term]
    out = pd.DataFrame({"j": df["j"], "touchpoint": df["tp"], "position": df["order"], "rating": df["value"],
                        "peak_share": share["peak"], "trough_share": share["trough"], "end_share": share["end"],
                        "memory_weight": weight})
    # a touchpoint met twice in a visit counts once for the visit: its shares and weights add up
    per_visit = out.groupby(["j", "touchpoint"], sort=False).agg(
        position=("position", "min"), rating=("rating", "mean"), peak_share=("peak_share", "sum"),
        trough_share=("trough_share", "sum"), end_share=("end_share", "sum"), memory_weight=("memory_weight", "sum"))
    table = per_visit.groupby("touchpoint", sort=False).agg(
        visits=("rating", "size"), position=("position", "mean"), rating=("rating", "mean"),
        peak_share=("peak_share", "mean"), trough_share=("trough_share", "mean"), end_share=("end_share", "mean"),
        memory_weight=("memory_weight", "mean"))
    return table.sort_values("position", kind="stable").drop(columns="position").reset_index()


def _one_segment_per_visit(frame: pd.DataFrame, journey: str, keys: list) -> None:
    """A visit belongs to one segment: refuse a visit id whose segment changes (or repeats across segments)."""
    for k in keys:
        varies = frame.groupby(journey, sort=False)[k].nunique(dropna=False)
        varies = varies.index[(varies > 1).to_numpy()]
        if len(varies):
            raise bad_values(k, frame[k], frame[journey].isin(varies), "the same on every step of a visit",
                             hint=f"Each visit ({journey!r}) belongs to one segment; visit ids must be unique "
                                  f"across segments (visits {list(varies[:5])}).")


def _account(frame: pd.DataFrame, journey: str, fits: list, no_segment: int) -> RowAccount:
    """Visits in, used by a segment's fit, and why the rest were not."""
    n_in = int(frame[journey].nunique())
    excluded: dict[str, int] = {"segment missing": no_segment} if no_segment else {}
    for fit in fits:
        for why, n in fit.rows.excluded.items():
            excluded[why] = excluded.get(why, 0) + n
    used = sum(fit.rows.n_used for fit in fits)
    if n_in - used - sum(excluded.values()):
        excluded["in a segment without a peak-end fit"] = n_in - used - sum(excluded.values())
    return RowAccount(n_in, used, excluded, unit="visits")


def _account_steps(fits: list, no_segment: int) -> RowAccount:
    n_in = sum(f.steps.n_in for f in fits) + no_segment
    excluded: dict[str, int] = {"segment missing": no_segment} if no_segment else {}
    for f in fits:
        for why, n in f.steps.excluded.items():
            excluded[why] = excluded.get(why, 0) + n
    return RowAccount(n_in, sum(f.steps.n_used for f in fits), excluded, unit="steps")
