"""The result of :func:`cxresearch.journey.touchpoints`, what to fix first, and the visits joined in."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxresearch import plotting
from cxresearch._core.checks import arg_error, as_numeric, check_argument, require_columns
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch.errors import CXInputError
from cxresearch.journey._visits import VisitMomentsResult, visit_moments


@dataclass(frozen=True, kw_only=True, repr=False)
class TouchpointResult(Result):
    """Result of :func:`cxresearch.journey.touchpoints`.

    Attributes
    ----------
    table : DataFrame
        One row per segment and touchpoint (see :func:`touchpoints`).
    tests : DataFrame or None
        Welch's test of equal segment means per touchpoint and measure (experience,
        expectation, gap), p-values adjusted across touchpoints; None without segments.
    coefficients : DataFrame or None
        The gap model per segment: relative weight (``importance``), ``pct_r2``, rank,
        standardised ``beta`` and raw ``coef`` (satisfaction points per gap point) with
        intervals; None without an outcome.

    See Also
    --------
    cxresearch.journey.touchpoints : makes this result.
    """

    tests: pd.DataFrame | None = None
    coefficients: pd.DataFrame | None = None
    confidence: float = 0.95
    outcome: str | None = None
    weights: str | None = None
    rule: dict = dataclasses.field(default_factory=dict)
    model_rows: str = ""
    p_adjust: str = "holm"
    visits: pd.DataFrame | None = None
    visit_notes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    _title = "Touchpoints and moments of truth"
    _summary_columns = ("*by", "touchpoint", "n", "experience", "expectation", "gap", "gap_ci_low", "gap_ci_high",
                        "pain", "delight", "importance_rank", "moment", "peak_share", "trough_share",
                        "memory_weight")
    _long_tables = ("tests", "coefficients", "visits")
    _renamed = {"model": "coefficients"}
    _percent_columns = ("pain", "delight")
    _rank_by = (("importance_rank", True),)
    _table_sheet = "touchpoints"
    _method = ("Per touchpoint and segment: experience, expectation and the gap between them with intervals, "
               "the shares of customers pained and delighted, the touchpoint's relative weight in overall "
               "satisfaction (its importance rank), and with visit ratings how often it is the peak, the trough "
               "or the end of a visit (moments of truth).")
    _references = cite("Johnson 2000", "Kahneman et al. 1993")

    def _settings(self) -> dict[str, str]:
        r = self.rule
        out = {"gap": f"experience - expectation, paired {self.confidence:.0%} t intervals",
               "pain / delight": f"gap <= {r['pain']:g} / gap >= {r['delight']:g}",
               "moment of truth": f"gap interval excludes 0, |gap| >= {r['min_gap']:g}, and "
                                  + (f"in the segment's top {r['top']:.0%} of touchpoints by importance"
                                     if self.outcome else "(no outcome) the gap alone")}
        if self.outcome:
            out["importance"] = f"relative weights of the gaps in {self.outcome!r}; model rows: {self.model_rows}"
        if self.tests is not None:
            out["segment tests"] = f"Welch's F per touchpoint, p adjusted across touchpoints ({self.p_adjust})"
        if self.weights:
            out["weights"] = f"{self.weights!r} (intervals and tests use Kish's effective sample size)"
        if self.visit_notes:
            out["visits"] = "; ".join(self.visit_notes)
        if self.notes:
            out["note"] = "; ".join(self.notes)
        return out

    def plot(self, kind: str | None = None, ax=None):
        """Plot the touchpoints.

        Parameters
        ----------
        kind : {"map", "heatmap", "visits"}, optional
            Default (None): "map".
            ``"map"``: experience and expectation along the journey per segment, gaps
            shaded, moments of truth marked; ``"heatmap"``: the gaps, touchpoint x segment;
            ``"visits"``: peak and trough shares from step-rated visits.
        ax : matplotlib Axes, optional
            For ``"heatmap"`` and ``"visits"`` (the map draws one panel per segment).

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "map")
        check_argument("kind", ["map", "heatmap", "visits"], kind)
        if kind == "visits":
            if self.visits is None:
                raise CXInputError("kind='visits' needs step-rated visits: pass visits= to touchpoints().")
            return as_figure(plotting.visit_moments(self.visits, self.by, ax=ax))
        draw = plotting.touchpoint_map if kind == "map" else plotting.gap_heatmap
        return as_figure(draw(self.table, self.by, ax=ax))

    def fix_first(self, cost: Mapping[str, float] | pd.DataFrame | None = None, value: Any = None) -> pd.DataFrame:
        """What to fix first, per segment: the predicted gain from closing each negative gap.

        From the gap model of each segment (overall satisfaction on every touchpoint's gap),
        the gain of a touchpoint is ``coef x shortfall``: the predicted rise in the
        segment's mean satisfaction if every customer whose experience fell short of their
        expectation there were brought up to it, the other touchpoints unchanged.

        Parameters
        ----------
        cost : mapping or DataFrame, optional
            The cost of closing a touchpoint's gap: ``{touchpoint: cost}`` for every
            segment, or a frame with the segment column(s), ``touchpoint`` and ``cost`` (a
            segment's service can cost differently). Touchpoints ranked by gain per unit
            of cost; without it, by gain.
        value : ValueSegmentsResult or mapping, optional
            What a customer of each segment is worth: a
            :class:`~cxresearch.tracking.ValueSegmentsResult` (its margin per customer) or
            ``{segment: value per customer}`` (a tuple of values for several ``by`` columns;
            needs a result with segments). Each gain is then weighed by its segment's value,
            ``value_gain = gain x value``, and the touchpoints of all segments are ranked in
            one list (by ``value_gain``, or with ``cost`` by ``value_per_cost``): a point of
            satisfaction among customers worth more comes first.

        Returns
        -------
        pandas.DataFrame
            Per segment, touchpoints in rank order: ``gap``, ``shortfall``, ``coef`` with
            interval, ``gain`` with interval, [``cost``, ``gain_per_cost``], ``rank`` and
            ``note`` (why a touchpoint has no gain: no shortfall, a coefficient that is not
            positive, no cost given). The interval of the gain is the coefficient's interval
            times the observed shortfall (the shortfall is taken as known). With ``value``:
            also ``value`` (per customer of the segment), ``value_gain`` with interval (the
            gain's interval times the value) and with ``cost`` ``value_per_cost``; rows in one
            ranking over all segments; a segment without a value, or one whose value is not
            positive (its customers lose money), is noted.

        See Also
        --------
        touchpoints : makes the result.

        Examples
        --------
        >>> import cxresearch as cx
        >>> res = cx.journey.touchpoints(cx.load_dataset("branch_touchpoints"), by="segment", outcome="overall")
        >>> plan = res.fix_first(cost={"queueing": 2.0, "fees": 1.0})
        >>> plan[plan["segment"] == "VIP"][["touchpoint", "gain", "cost", "gain_per_cost", "rank"]].head(2).round(3)
          touchpoint   gain  cost  gain_per_cost  rank
        0       fees  0.275   1.0          0.275     1
        1   queueing  0.318   2.0          0.159     2

        Closing the VIP queueing gap would add more, but per unit of cost the fees come first.
        Weighed by what a customer of each segment is worth (a margin per customer, or a
        :class:`~cxresearch.tracking.ValueSegmentsResult`), one list over all segments:

        >>> plan = res.fix_first(value={"VIP": 400.0, "gold": 250.0, "ordinary": 60.0})
        >>> plan[["segment", "touchpoint", "gain", "value", "value_gain", "rank"]].head(4).round(3)
          segment       touchpoint   gain  value  value_gain  rank
        0    gold         queueing  0.761  250.0     190.226     1
        1     VIP         queueing  0.318  400.0     127.215     2
        2     VIP  service_quality  0.311  400.0     124.557     3
        3     VIP             fees  0.275  400.0     109.895     4

        The gold queueing gap costs more than twice the satisfaction of the VIP one, which
        outweighs the VIP customers' higher value.
        """
        if self.coefficients is None:
            raise CXInputError("fix_first needs the gap model: call touchpoints() with outcome=... .")
        keys = list(self.by)
        model = self.coefficients[[*keys, "touchpoint", "coef", "coef_ci_low", "coef_ci_high"]]
        out = self.table[[*keys, "touchpoint", "gap", "shortfall"]].merge(model, on=[*keys, "touchpoint"], how="left")
        good = out["coef"].to_numpy() > 0
        for c in ("", "_ci_low", "_ci_high"):
            out[f"gain{c}"] = np.where(good, out[f"coef{c}"] * out["shortfall"], np.nan)
        note = np.where(good, "", "coefficient not positive: closing the gap is not predicted to help")
        note = np.where(good & (out["shortfall"].to_numpy() == 0), "no customer below expectation", note)
        note = np.where(out["coef"].isna(), "no gap model in this segment (see the result's note)", note)
        sort = "gain"
        if cost is not None:
            out["cost"] = _costs(cost, out, keys)
            out["gain_per_cost"] = out["gain"] / out["cost"]
            note = np.where(note == "", np.where(out["cost"].isna(), "no cost given", ""), note)
            sort = "gain_per_cost"
        if value is not None:
            note, sort = _weigh_by_value(out, value, keys, note, cost is not None)
            keys = []  # one ranking over all segments
        out["note"] = note
        out = out.sort_values([*keys, sort], ascending=[True] * len(keys) + [False], na_position="last",
                              kind="stable")
        out["rank"] = out.groupby(keys, sort=False).cumcount() + 1 if keys else np.arange(1, len(out) + 1)
        out.loc[out[sort].isna(), "rank"] = pd.NA
        out["rank"] = out["rank"].astype("Int64")
        return out.reset_index(drop=True)


def _weigh_by_value(out: pd.DataFrame, value: Any, keys: list, note: np.ndarray, costed: bool):
    """``value``, ``value_gain`` (with interval) and ``value_per_cost`` columns added to ``out``; the notes and sort."""
    if not keys:
        raise arg_error("value", "None for a result without segments (value weighs segments against each other)",
                        value, "Call touchpoints(..., by=...) to weigh segments by what their customers are worth.")
    given = _segment_values(value, keys)
    rows = [tuple(r) if len(keys) > 1 else r[0] for r in out[keys].itertuples(index=False)]
    known = set(rows)
    unknown = [k for k in given if k not in known]
    if unknown and not hasattr(value, "table"):
        raise arg_error("value", f"values of the result's segments ({sorted(known, key=str)[:6]})", unknown,
                        "Segments are matched by their values (a tuple for several `by` columns).")
    if not known & set(given):
        raise arg_error("value", f"values of the result's segments ({sorted(known, key=str)[:6]})",
                        sorted(given, key=str)[:6], "No segment matches: are the segments named the same way?")
    v = np.array([given.get(k, np.nan) for k in rows], dtype=float)
    out["value"] = v
    for c in ("", "_ci_low", "_ci_high"):
        out[f"value_gain{c}"] = out[f"gain{c}"].to_numpy(dtype=float) * v
    low, high = out["value_gain_ci_low"].to_numpy(), out["value_gain_ci_high"].to_numpy()
    out["value_gain_ci_low"], out["value_gain_ci_high"] = np.fmin(low, high), np.fmax(low, high)
    note = np.where(note == "", np.where(np.isnan(v), "no value given for this segment",
                                         np.where(v <= 0, "segment's value not positive (its customers lose "
                                                          "money): closing the gap adds no value", "")), note)
    if costed:
        out["value_per_cost"] = out["value_gain"] / out["cost"]
    return note, "value_per_cost" if costed else "value_gain"


def _segment_values(value: Any, keys: list) -> dict:
    """``{segment: value per customer}`` from a ValueSegmentsResult, a mapping or a Series."""
    if hasattr(value, "table") and "margin_per_customer" in getattr(value, "table"):
        t = value.table
        names = list(value.by)
        pairs = zip((tuple(r) if len(names) > 1 else r[0] for r in t[names].itertuples(index=False)),
                    t["margin_per_customer"])
    elif isinstance(value, Mapping | pd.Series):
        pairs = value.items()
    else:
        raise arg_error("value", "a ValueSegmentsResult or a mapping {segment: value per customer}", value)
    given = dict(pairs)
    numbers = {k: v for k, v in given.items() if isinstance(v, (int, float, np.integer, np.floating))
               and not isinstance(v, bool) and np.isfinite(v)}
    if len(numbers) != len(given):
        raise arg_error("value", "finite numbers (value per customer of each segment)",
                        {k: v for k, v in given.items() if k not in numbers})
    return {k: float(v) for k, v in numbers.items()}


def _costs(cost: Any, out: pd.DataFrame, keys: list) -> np.ndarray:
    """The cost of each row of ``out``: from ``{touchpoint: cost}`` or a frame with segment columns."""
    known = list(pd.unique(out["touchpoint"]))
    if isinstance(cost, pd.DataFrame):
        require_columns(cost, [*keys, "touchpoint", "cost"], "cost column")
        table = cost[[*keys, "touchpoint", "cost"]]
    elif isinstance(cost, Mapping | pd.Series):
        cost = dict(cost.items())
        table = pd.DataFrame({"touchpoint": list(cost), "cost": list(cost.values())})
    else:
        raise arg_error("cost", "a mapping {touchpoint: cost} or a DataFrame with touchpoint and cost", cost)
    unknown = [t for t in table["touchpoint"] if t not in known]
    if unknown:
        near = [m for t in unknown for m in difflib.get_close_matches(str(t), map(str, known), n=1)]
        raise arg_error("cost", f"costs of known touchpoints ({', '.join(map(repr, known[:6]))}, ...)", unknown,
                        f"Did you mean {', '.join(map(repr, near))}?" if near else "")
    values = as_numeric(table["cost"], "cost")
    if (~np.isfinite(values) | (values <= 0)).any():
        raise arg_error("cost", "positive finite costs", table["cost"].tolist())
    table = table.assign(cost=values)
    on = [*keys, "touchpoint"] if isinstance(cost, pd.DataFrame) else ["touchpoint"]
    for k in on[:-1]:
        strange = [v for v in pd.unique(table[k]) if v not in set(out[k])]
        if strange:
            raise arg_error("cost", f"costs for the result's segments in {k!r} ({list(pd.unique(out[k]))[:6]})",
                            strange)
    if table.duplicated(on).any():
        raise arg_error("cost", "one cost per touchpoint (and segment)", table[on].values.tolist())
    return out[on].merge(table[[*on, "cost"]], on=on, how="left")["cost"].to_numpy()


def visit_columns(result: TouchpointResult, visits: Any) -> TouchpointResult:
    """The touchpoint table with the visit view joined in: peak and trough shares, memory weight."""
    if not isinstance(visits, VisitMomentsResult):
        visits = visit_moments(visits, by=list(result.by) or None)
    if tuple(visits.by) != tuple(result.by):
        raise arg_error("visits", f"visits analysed by the same segments ({list(result.by)})", list(visits.by))
    keys = [*result.by, "touchpoint"]
    cols = ["peak_share", "trough_share", "end_share", "memory_weight"]
    table = result.table.merge(visits.table[[*keys, *cols]], on=keys, how="left")
    survey = set(result.table["touchpoint"])
    extra = sorted({str(t) for t in visits.table["touchpoint"] if t not in survey})
    notes = [f"{visits.rows}; {visits.steps}"]
    if extra:
        notes.append(f"visit steps not among the survey's touchpoints (not joined): {', '.join(extra)}")
    return dataclasses.replace(result, table=table, visits=visits.table, visit_notes=tuple(notes))
