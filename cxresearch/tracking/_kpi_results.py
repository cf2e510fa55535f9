"""The result of :func:`cxresearch.tracking.kpi`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch.tracking._kpi_plot import kpi_trend

INTERVALS = {"nps": "NPS +- z se, se = sqrt((p + d - (p - d)^2) / n)", "mean": "t interval on n - 1 df",
             "top_box": "Wilson", "top2_box": "Wilson", "share": "Wilson"}


def weights_setting(weights: str | None) -> dict[str, str]:
    if weights is None:
        return {}
    return {"weights": f"{weights!r}: sampling weights (weighted shares and means; intervals and tests on Kish's "
                       "effective sample size n_eff = (sum w)^2 / sum w^2)"}


@dataclass(frozen=True, kw_only=True, repr=False)
class KPIResult(Result):
    """Result of :func:`cxresearch.tracking.kpi`: the KPI per segment and wave.

    ``changes`` tests each wave against the wave before (per segment; None without a time
    column or with one wave), ``gaps`` each pair of segments (per wave; None without ``by``).

    See Also
    --------
    cxresearch.tracking.kpi : makes this result.
    cxresearch.tracking.control_chart : control limits for the same KPI.
    """

    changes: pd.DataFrame | None
    gaps: pd.DataFrame | None
    kind: str
    metric: str
    time: str | None = None
    confidence: float = 0.95
    weights: str | None = None
    scale: tuple[float, float] | None = None
    scale_source: str = ""
    bands: tuple | None = None
    min_n: int = 30
    p_adjust: str = "holm"

    _title = "KPI by wave and segment"
    _long_tables = ("changes", "gaps")
    _percent_columns = ("nps", "promoters", "passives", "detractors", "top_box", "top2_box", "share")
    _table_sheet = "kpi"
    _method = ("The KPI per wave and segment (NPS = share of promoters - share of detractors, top-box shares or "
               "means), weighted where weights are given, with intervals on the (Kish effective) sample size; "
               "each wave is compared with the wave before and each pair of segments within a wave (z tests, "
               "Welch t for means), p-values adjusted across all comparisons.")
    _references = cite("Reichheld 2003", "Wilson 1927", "Kish 1965", "Holm 1979")

    def _summary_table(self) -> pd.DataFrame:
        k = self.kind
        cols = [*self.by, *([self.time] if self.time else []), "n", "n_eff", "promoters", "passives",
                "detractors", k, f"{k}_ci_low", f"{k}_ci_high", "note"]
        return self.table[[c for c in cols if c in self.table]]

    def _settings(self) -> dict[str, str]:
        out = {"kpi": f"{self.kind} of {self.metric!r}"}
        if self.bands is not None:
            (p0, p1), (d0, d1) = self.bands
            out["bands"] = f"promoters {p0:g}-{p1:g}, detractors {d0:g}-{d1:g} (passives in between)"
        if self.scale is not None and self.kind != "share":
            out["scale"] = f"{self.scale[0]:g}-{self.scale[1]:g} ({self.scale_source})"
        out["intervals"] = f"{INTERVALS[self.kind]}, {self.confidence:.0%}"
        out["tests"] = (f"{'Welch t' if self.kind == 'mean' else 'z'} tests of differences; p-values adjusted by "
                        f"{self.p_adjust} across all changes and gaps")
        out["min_n"] = f"{self.min_n} rows per cell"
        return {**out, **weights_setting(self.weights)}

    def plot(self, kind: None = None, ax=None):
        """The KPI over the waves, one line per segment, its interval as a band.

        Without a time column, one point per segment with its interval.

        Parameters
        ----------
        kind : None
            This result has one plot.
        ax : matplotlib Axes, optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(kpi_trend(self, ax=ax))
