"""The results of :func:`cxresearch.journey.journey_features` and :func:`cxresearch.journey.peak_end`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.accounting import RowAccount
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch._core.warn import warn


@dataclass(frozen=True, kw_only=True, repr=False)
class JourneyFeaturesResult(Result):
    """Result of :func:`cxresearch.journey.journey_features`.

    Attributes
    ----------
    table : DataFrame
        One row per usable journey: ``<journey>``, ``first``, ``peak``, ``trough``,
        ``end``, ``mean``, ``steps``, ``retrospective``, ``length``.
    rows, steps : RowAccount
        Journeys and steps in, used, and why the rest were not.

    See Also
    --------
    cxresearch.journey.journey_features : makes this result.
    cxresearch.journey.peak_end : the models fitted on these features.
    """

    steps: RowAccount

    _title = "Journey features (first, peak, trough, end, mean, length)"

    def _settings(self) -> dict[str, str]:
        return {"steps": str(self.steps)}

    def _sheets(self) -> dict[str, pd.DataFrame]:
        return {**super()._sheets(), "steps": self.steps.to_frame()}

    def plot(self, kind: None = None, ax=None):
        """Retrospective rating against the mean of the moments, one point per journey.

        Parameters
        ----------
        kind : None
            One kind only.
        ax : matplotlib Axes, optional
            Axes to draw on (default: a new figure).

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.journey_features(self, ax=ax))

    def __iter__(self):
        """``features, steps, journeys = journey_features(...)``: the tuple of releases up to 0.2 (deprecated)."""
        warn("journey_features now returns a JourneyFeaturesResult result: use .table, .steps and .rows instead of "
             "unpacking a tuple.", FutureWarning)
        return iter((self.table, self.steps, self.rows))

    def __getitem__(self, i: int):
        """``journey_features(...)[0]``: the tuple of releases up to 0.2 (deprecated)."""
        return tuple(self)[i]


@dataclass(frozen=True, kw_only=True, repr=False)
class PeakEndResult(Result):
    """Result of :func:`cxresearch.journey.peak_end`.

    Attributes
    ----------
    table : DataFrame
        The full model: ``term``, ``estimate``, ``se``, ``t``, ``p_value``, ``ci_low``,
        ``ci_high``, ``beta`` (standardised estimate).
    fits : DataFrame
        One row per model: ``model`` (mean, end, peak_end, trough_end, full),
        ``predictor``, ``n``, ``r2``, ``adj_r2``, ``aic``, ``bic``, ``coef`` (slope of a
        single-predictor model).
    tests : DataFrame
        ``test``, ``restriction``, ``F``, ``df_num``, ``df_denom``, ``p_value``.
    journeys : DataFrame
        The features of every journey used.
    rows, steps : RowAccount
        Journeys and steps in, used, and why the rest were not.

    See Also
    --------
    cxresearch.journey.peak_end : makes this result.
    """

    fits: pd.DataFrame
    tests: pd.DataFrame
    journeys: pd.DataFrame
    steps: RowAccount
    confidence: float = 0.95
    length: str = "number of rated steps"
    notes: tuple[str, ...] = ()

    _title = "Peak-end analysis of retrospective ratings"
    _long_tables = ("fits", "tests", "journeys")
    _renamed = {"models": "fits"}

    def _settings(self) -> dict[str, str]:
        r2 = self.fits.set_index("model")["r2"]
        single = r2.drop("full")
        out = {"steps": str(self.steps), "length": self.length,
               "R2": f"best single summary {single.idxmax()} {single.max():.3f}; mean alone {r2['mean']:.3f}; "
                     f"full model {r2['full']:.3f}",
               "intervals": f"t, {self.confidence:.0%}"}
        if self.notes:
            out["note"] = "; ".join(self.notes)
        return out

    def _sheets(self) -> dict[str, pd.DataFrame]:
        return {**super()._sheets(), "steps": self.steps.to_frame()}

    def plot(self, kind: str | None = None, ax=None):
        """Plot the result.

        Parameters
        ----------
        kind : {"coefficients", "models"}, optional
            Default (None): "coefficients".
            Standardised effects of the full model with intervals, or R2 by model.
        ax : matplotlib Axes, optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "coefficients")
        return as_figure(plotting.peak_end(self, kind=kind, ax=ax))
