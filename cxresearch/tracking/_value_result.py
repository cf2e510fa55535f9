"""The result of :func:`cxresearch.tracking.value_segments`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.checks import check_argument
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args


@dataclass(frozen=True, kw_only=True, repr=False)
class ValueSegmentsResult(Result):
    """Result of :func:`cxresearch.tracking.value_segments`: one row per segment.

    ``items`` breaks the cost to serve down by usage column (None for a cost column);
    ``accounting`` holds the rows left out per reason. ``margin_per_customer`` is the
    value per customer that :meth:`cxresearch.journey.TouchpointResult.fix_first` weighs
    gains by (``value=``).

    See Also
    --------
    cxresearch.tracking.value_segments : makes this result.
    """

    items: pd.DataFrame | None
    accounting: pd.DataFrame
    revenue: str
    cost: str | dict
    confidence: float = 0.95
    weights: str | None = None

    _title = "Value and cost to serve"
    _summary_columns = ("*by", "customers", "revenue", "cost", "margin", "margin_per_customer",
                        "margin_per_customer_ci_low", "margin_per_customer_ci_high", "cost_to_revenue",
                        "loss_making", "loss_share", "loss_share_ci_low", "loss_share_ci_high", "revenue_share",
                        "cost_share")
    _long_tables = ("items", "accounting")
    _percent_columns = ("loss_share", "loss_share_ci_low", "loss_share_ci_high", "revenue_share", "cost_share")
    _table_sheet = "segments"
    _method = ("Value and cost to serve per segment: revenue, cost (a column, or usage times unit costs), margin "
               "= revenue - cost as totals and per customer (t interval), cost / revenue, and the number and "
               "share of customers whose margin is below zero (Wilson interval).")
    _references = cite("Kaplan & Narayanan 2001", "Wilson 1927")

    def _settings(self) -> dict[str, str]:
        cost = (" + ".join(f"{u:g} x {c}" for c, u in self.cost.items()) if isinstance(self.cost, dict)
                else repr(self.cost))
        out = {"margin": f"{self.revenue!r} - cost; cost = {cost}",
               "loss-making": f"margin < 0; share with a Wilson {self.confidence:.0%} interval",
               "margin per customer": f"t interval, {self.confidence:.0%}"}
        if self.weights:
            out["weights"] = (f"{self.weights!r}: weighted figures, totals scaled to the customers used; intervals "
                              "on Kish's n_eff")
        return out

    @property
    def value(self) -> pd.Series:
        """The margin per customer by segment (what ``fix_first(value=...)`` reads)."""
        return self.table.set_index(list(self.by))["margin_per_customer"]

    def plot(self, kind: str | None = None, ax=None):
        """The margin chart, or the share of loss-making customers.

        Parameters
        ----------
        kind : {"margin", "loss"}, optional
            Default (None): "margin". ``"margin"``: revenue and cost per customer per segment
            with the margin per customer and its interval; ``"loss"``: the share of customers
            who lose money, with its Wilson interval.
        ax : matplotlib Axes, optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "margin")
        check_argument("kind", ["margin", "loss"], kind)
        draw = plotting.value_margin if kind == "margin" else plotting.value_loss
        return as_figure(draw(self, ax=ax))
