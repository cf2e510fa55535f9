"""The result of :func:`cxresearch.tracking.control_chart`, and its chart."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch.tracking._control_rules import RULES
from cxresearch.tracking._kpi_plot import COLORS, new_axes, segment_groups, wave_ticks
from cxresearch.tracking._kpi_results import weights_setting

CHARTS = {"nps": "NPS chart: centre p - d, sigma = sqrt((p + d - (p - d)^2) / n_i) at the pooled baseline shares",
          "mean": "X-bar chart: centre the baseline grand mean, sigma = s / sqrt(n_i), s pooled within waves",
          "top_box": "p-chart: sigma = sqrt(p (1 - p) / n_i) at the pooled baseline share",
          "top2_box": "p-chart: sigma = sqrt(p (1 - p) / n_i) at the pooled baseline share",
          "share": "p-chart: sigma = sqrt(p (1 - p) / n_i) at the pooled baseline share"}


@dataclass(frozen=True, kw_only=True, repr=False)
class ControlChartResult(Result):
    """Result of :func:`cxresearch.tracking.control_chart`: one row per segment and wave.

    ``signals`` lists every flagged point with the rule that flags it.

    See Also
    --------
    cxresearch.tracking.control_chart : makes this result.
    cxresearch.tracking.kpi : the same KPI with intervals and tested changes.
    """

    signals: pd.DataFrame
    kind: str
    metric: str
    time: str
    rules: tuple[str, ...]
    weights: str | None = None
    aggregated: bool = False
    n_baseline: int = 0
    n_waves: int = 0
    bands: tuple | None = None

    _title = "Control chart"
    _long_tables = ("signals",)
    _percent_columns = ()
    _table_sheet = "chart"
    _method = ("Shewhart control chart of the KPI over waves: the centre line and sigma from the baseline waves "
               "pooled, limits centre +- 3 sigma at each wave's own n (p-chart for shares, the NPS variance for "
               "NPS, X-bar chart for means), and the named run rules of Western Electric and Nelson.")
    _references = cite("Montgomery 2009", "Western Electric 1956", "Nelson 1984", "Kish 1965", "Emura & Lin 2015")

    def _summary_table(self) -> pd.DataFrame:
        cols = [*self.by, self.time, "n", "n_eff", self.kind, "centre", "lcl", "ucl", "z", "baseline", "signal",
                "rules", "note"]
        return self.table[[c for c in cols if c in self.table]]

    def _settings(self) -> dict[str, str]:
        out = {"chart": f"{self.kind} of {self.metric!r}" + (" (counts and sample sizes given)" if self.aggregated
                                                              else ""),
               "limits": CHARTS[self.kind] + "; centre +- 3 sigma",
               "baseline": f"{self.n_baseline} of {self.n_waves} waves",
               "rules": "; ".join(f"{r}: {RULES[r]}" for r in self.rules)}
        if self.bands is not None:
            (p0, p1), (d0, d1) = self.bands
            out["bands"] = f"promoters {p0:g}-{p1:g}, detractors {d0:g}-{d1:g}"
        return {**out, **weights_setting(self.weights)}

    def plot(self, kind: None = None, ax=None):
        """The chart: the KPI by wave, centre line, 3-sigma limits (steps with each wave's n), flagged points.

        One panel per segment; the baseline waves are shaded.

        Parameters
        ----------
        kind : None
            This result has one plot.
        ax : matplotlib Axes, optional
            One per segment.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(_draw(self, ax))


def _draw(result: ControlChartResult, ax):
    groups = segment_groups(result.table, result.by)
    axes = new_axes(ax, len(groups), size=(7.5, 3.8))
    k = result.kind
    for (label, g), a in zip(groups, axes):
        x = wave_ticks(a, list(g[result.time]))
        y = g[k].to_numpy(dtype=float)
        base = g["baseline"].to_numpy(dtype=bool)
        if base.any() and not base.all():
            idx = np.flatnonzero(base)
            a.axvspan(idx.min() - 0.5, idx.max() + 0.5, color="#dddddd", alpha=0.5, lw=0, label="baseline")
        a.plot(x, g["centre"], color="black", lw=1, label="centre")
        for col in ("ucl", "lcl"):
            a.step(x, g[col], where="mid", color=COLORS[6], lw=1, ls="--", label="3-sigma limits" if col == "ucl"
                   else None)
        a.plot(x, y, marker="o", color=COLORS[0], lw=1.2, label=k)
        hit = g["signal"].to_numpy(dtype=bool)
        a.scatter(x[hit], y[hit], s=90, facecolors="none", edgecolors=COLORS[6], lw=1.8, zorder=3,
                  label="signal")
        for xi, yi, r in zip(x[hit], y[hit], g["rules"].to_numpy()[hit]):
            a.annotate(r, (xi, yi), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=7,
                       color=COLORS[6])
        a.set(title=label or f"{k} of {result.metric}", xlabel=result.time, ylabel=k)
    axes[0].legend(fontsize="x-small", loc="best")
    return axes[0]
