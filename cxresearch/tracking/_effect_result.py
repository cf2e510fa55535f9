"""The result of :func:`action_effect` and its figures (the two groups over time; the event study)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.checks import check_argument
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch.plotting import PALETTE


@dataclass(frozen=True, kw_only=True, repr=False)
class ActionEffectResult(Result):
    """Result of :func:`cxresearch.tracking.action_effect`: the effect of an action, one row.

    ``event_study`` holds the effect period by period against the last period before the
    action (leads before it, effects from it on); ``means`` the weighted mean outcome of the
    acting and the control units in each period.

    See Also
    --------
    cxresearch.tracking.action_effect : makes this result.
    """

    event_study: pd.DataFrame
    means: pd.DataFrame
    names: tuple[str, str, str, str]
    confidence: float = 0.95
    weights: str | None = None
    start_label: str = ""
    since_given: bool = False

    _title = "Effect of an action (difference in differences)"
    _summary_columns = ("estimate", "se", "ci_low", "ci_high", "p_value", "df", "n", "units_acting", "units_control",
                        "periods_pre", "periods_post", "since", "acting_pre", "acting_post", "control_pre",
                        "control_post", "pretrend_p", "pretrend", "note")
    _long_tables = ("event_study", "means")
    _table_sheet = "effect"
    _method = ("Difference in differences: the outcome regressed on unit and period effects and the action "
               "(1 in the acting units from the action's first period on), by least squares on the rows; "
               "standard errors cluster-robust by unit (CR1), t intervals on G - 1 degrees of freedom. An event "
               "study with one term per period tests whether the groups moved apart before the action.")
    _references = cite("Bertrand et al. 2004", "Cameron & Miller 2015")

    def _settings(self) -> dict[str, str]:
        unit, time, treated, outcome = self.names
        action = (f"{treated!r} marks the units that acted; the action from {self.start_label} on" if self.since_given
                  else f"{treated!r} is 1 where the action was in force (from {self.start_label or '-'} on)")
        out = {"model": f"{outcome} = unit effect ({unit}) + period effect ({time}) + effect x action in force",
               "action": action,
               "weighting": "each row counts once (times its weight): respondent rows weigh each unit-period cell by "
                       "its respondents, unit-period means weigh every cell the same",
               "intervals": f"cluster-robust by {unit!r} (CR1: G/(G-1) (N-1)/(N-K), unit effects not counted), "
                            f"t with G - 1 df, {self.confidence:.0%}",
               "pre-trend": "event study, last pre-period the reference; joint F test of the leads on (q, G - 1) df"}
        if self.weights is not None:
            out["weights"] = f"{self.weights!r}: sampling weights (weighted least squares)"
        return out

    def plot(self, kind: str | None = None, ax=None):
        """The two groups' means over time with the action marked, or the event study.

        Parameters
        ----------
        kind : {"means", "event_study"}, optional
            Default (None): "means". ``"means"``: the weighted mean outcome of the acting and
            the control units per period, the first period of the action marked.
            ``"event_study"``: the effect per period against the last period before the
            action, with intervals.
        ax : matplotlib Axes, optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "means")
        check_argument("kind", ["means", "event_study"], kind)
        return as_figure(_draw_means(self, ax) if kind == "means" else _draw_study(self, ax))


def _axes(ax):
    """The Axes given, or one on a new figure (constrained layout, an Agg canvas, not held by pyplot)."""
    if ax is not None:
        return ax
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 4.2), layout="constrained")
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def _draw_means(res: ActionEffectResult, ax):
    ax = _axes(ax)
    periods = list(dict.fromkeys(res.means["period"]))
    x = {p: i for i, p in enumerate(periods)}
    for group, color in (("control", PALETTE["I"]), ("acting", PALETTE["O"])):
        part = res.means[res.means["group"] == group]
        ax.plot([x[p] for p in part["period"]], part["mean"], marker="o", color=color, lw=2,
                label=f"{group} units")
    if res.start_label in x:
        ax.axvline(x[res.start_label] - 0.5, color=PALETTE["M"], ls="--", lw=1)
        ax.annotate(f"action from {res.start_label}", (x[res.start_label] - 0.45, 1.0), xycoords=("data", "axes fraction"),
                    va="top", fontsize=8, color=PALETTE["M"])
    row = res.table.iloc[0]
    if np.isfinite(row["estimate"]):
        interval = (f" [{row['ci_low']:.3g}, {row['ci_high']:.3g}]" if np.isfinite(row["ci_low"]) else "")
        ax.set_title(f"Effect {row['estimate']:+.3g}{interval} (difference in differences)", fontsize=10)
    ax.set_xticks(range(len(periods)), periods, rotation=45 if len(periods) > 8 else 0)
    ax.set(xlabel=res.names[1], ylabel=f"mean {res.names[3]}")
    ax.legend(fontsize="small")
    return ax


def _draw_study(res: ActionEffectResult, ax):
    ax = _axes(ax)
    s = res.event_study
    x = np.arange(len(s))
    lead = (s["kind"] == "lead").to_numpy()
    for mask, color, label in ((lead, PALETTE["I"], "before the action (leads)"),
                               (~lead, PALETTE["O"], "reference and effects")):
        low, high = s["ci_low"].to_numpy(dtype=float), s["ci_high"].to_numpy(dtype=float)
        est = s["estimate"].to_numpy(dtype=float)
        err = np.vstack([est - low, high - est])[:, mask]
        ax.errorbar(x[mask], est[mask], yerr=np.where(np.isfinite(err), err, 0), fmt="o", color=color, capsize=3,
                    label=label)
    ax.axhline(0, color="black", lw=0.8)
    if len(s) and (s["kind"] == "reference").any():
        ax.axvline(float(np.flatnonzero(s["kind"] == "reference")[0]) + 0.5, color=PALETTE["M"], ls="--", lw=1)
    ax.set_xticks(x, s["period"].astype(str).tolist(), rotation=45 if len(s) > 8 else 0)
    ax.set(xlabel=res.names[1], ylabel=f"effect on {res.names[3]} vs the last period before",
           title=f"Event study ({res.confidence:.0%} intervals)")
    ax.legend(fontsize="small")
    return ax

