"""The result of :func:`cxresearch.expectation.wait_perception`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args


@dataclass(frozen=True, kw_only=True, repr=False)
class WaitPerceptionResult(Result):
    """Result of :func:`cxresearch.expectation.wait_perception`: one row per segment.

    ``tests`` compares every pair of segments (None without ``by``); ``bins`` holds the
    geometric means of actual and perceived waits per decile of actual wait (the points of
    the plot); ``accounting`` the rows left out per reason; ``names`` the actual and
    perceived columns.

    See Also
    --------
    cxresearch.expectation.wait_perception : makes this result.
    """

    tests: pd.DataFrame | None
    bins: pd.DataFrame
    accounting: pd.DataFrame
    names: tuple[str, str]
    confidence: float = 0.95
    weights: str | None = None
    p_adjust: str = "holm"
    durations: str = ""
    unit: str = ""

    _title = "Waits as customers feel them"
    _summary_columns = ("*by", "n", "actual_mean", "perceived_mean", "ratio", "ratio_ci_low", "ratio_ci_high",
                        "longer", "slope", "slope_ci_low", "slope_ci_high", "reading")
    _long_tables = ("tests", "bins", "accounting")
    _percent_columns = ("longer",)
    _table_sheet = "segments"
    _method = ("Perceived against actual waits: the geometric mean of perceived / actual (t interval on the mean "
               "log ratio, turned back), the share of customers who over-estimate their wait (Wilson), and the "
               "slope of log perceived on log actual (slope < 1: long waits feel relatively shorter); segments "
               "compared pairwise by Welch t tests on the log ratios and on the slopes.")
    _references = cite("Maister 1985", "Stevens 1957")

    def _settings(self) -> dict[str, str]:
        a, p = self.names
        out = {"ratio": f"geometric mean of {p} / {a}, t interval on the mean log ratio ({self.confidence:.0%})",
               "slope": f"log {p} = intercept + slope log {a} (least squares; slope 1: felt in proportion)",
               "zero waits": "no ratio: left out and counted"}
        if self.tests is not None:
            out["segment tests"] = f"Welch t on log ratios and on slopes, p adjusted per measure ({self.p_adjust})"
        if self.durations:
            out["durations"] = self.durations
        if self.weights:
            out["weights"] = (f"{self.weights!r}: weighted means and least squares; intervals on Kish's n_eff "
                              "(bins unweighted)")
        return out

    @property
    def ratio(self):
        """The geometric-mean ratio perceived / actual: a float without ``by``, a Series by segment with it."""
        return self._stat("ratio")

    @property
    def slope(self):
        """The log-log slope of perceived on actual: a float without ``by``, a Series by segment with it."""
        return self._stat("slope")

    def _stat(self, name: str):
        if not self.by:
            return float(self.table[name].iloc[0])
        return self.table.set_index(list(self.by))[name]

    def plot(self, kind: None = None, ax=None):
        """Perceived against actual waits (log-log): decile means, the fitted line and the line felt = actual.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.wait_perception(self, ax=ax))
