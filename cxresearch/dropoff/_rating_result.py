"""Result of :func:`cxresearch.dropoff.from_ratings`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.checks import check_argument
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args


@dataclass(frozen=True, kw_only=True, repr=False)
class RatingDriftResult(Result):
    """Result of :func:`cxresearch.dropoff.from_ratings`: drift of penalty and reward over periods.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per attribute [x group] (columns documented in ``from_ratings``).
    periods : pandas.DataFrame
        Penalty and reward per attribute [x group] and period, as
        :func:`cxresearch.satisfaction.penalty_reward` estimates them in each period (long).
    fitted : pandas.DataFrame
        Penalty, reward, asymmetry and factor per attribute [x group] and period on the
        joint model's trend lines (long).
    rows, by, time, period_rule, time_unit, alpha, confidence, p_adjust, threshold, bands
        The row accounting and the settings used.
    weights : str
        The survey weights column; empty when unweighted.

    See Also
    --------
    cxresearch.dropoff.from_ratings : makes this result.
    cxresearch.dropoff.DropoffResult : the same questions asked of Kano answers over waves.
    """

    periods: pd.DataFrame
    fitted: pd.DataFrame
    time: str
    period_rule: str
    time_unit: str = "year"
    alpha: float = 0.05
    confidence: float = 0.95
    p_adjust: str = "holm"
    threshold: tuple[float, float] = (-0.2, 0.2)
    bands: str = ""
    weights: str = ""
    left_out: str = ""

    _title = "Drift in ordinary ratings"
    _summary_columns = ("attribute", "*by", "first_factor", "last_factor", "path", "direction", "asymmetry_slope",
                        "p_adjusted", "changepoint", "pattern", "must_be_status", "must_be_forecast")
    _long_tables = ("periods", "fitted")
    _rank_by = (("p_adjusted", True),)
    _table_sheet = "attributes"
    _method = ("Penalty-reward contrast analysis per period: overall satisfaction regressed on dummies for each "
               "attribute's low and high ratings; the slope of the asymmetry (reward minus penalty share) over "
               "time tells whether an attribute drifts from excitement towards basic, adjusted across attributes.")
    _references = cite("Brandt 1987", "Matzler & Sauerwein 2002", "Mikulić & Prebežac 2008", "Kano 2001")

    def _settings(self) -> dict[str, str]:
        labels = pd.unique(self.periods["period"])
        flagged = int((self.table["direction"] == "drop-off").sum())
        return {
            "time": f"{self.time}, periods: {self.period_rule} ({len(labels)}: {labels[0]} ... {labels[-1]}); "
                    f"slopes per {self.time_unit}",
            **({"periods left out": self.left_out} if self.left_out else {}),
            "segments": ", ".join(self.by) or "none",
            "bands": self.bands,
            "trend test": "one model per segment: outcome on period intercepts, low / high band dummies and their "
                          f"interactions with time (HC1 robust SEs); z test of reward slope + penalty slope; "
                          f"{self.p_adjust} adjustment",
            "change point": "F scan over splits of a step in penalty and reward, Bonferroni over the splits",
            "factors": f"basic below {self.threshold[0]:g}, excitement above {self.threshold[1]:g} (impact asymmetry)",
            "alpha": f"{self.alpha}",
            **({"weights": f"column {self.weights!r} (WLS; robust SEs)"} if self.weights else {}),
            "drop-offs": f"{flagged} of {len(self.table)}",
        }

    @plotting.declared_plot("attributes", "top", "ncols")
    def plot(self, kind: str | None = None, ax=None, *, attributes=None, top: int | None = None, ncols: int = 4):
        """Plot the result.

        Parameters
        ----------
        kind : {"paths", "arrows"}, optional
            Default (None): "paths".
            Small multiples of penalty and reward per period with their intervals and the
            fitted trend lines, or each attribute's move in the penalty-reward plane from
            its first to its last period (the analogues of :meth:`DropoffResult.plot`'s
            "shares" and "arrows").
        ax : matplotlib Axes (or an array of them for ``"paths"``), optional
            Draw into these Axes (their figure is returned and left as it is); by default
            a new figure, not held by pyplot, so a notebook shows it once.
        attributes : str or list of str, optional
            Show these attributes. By default all up to 8 attributes, and beyond that
            those that moved; the title says how many are left out.
        top : int, optional
            Show the ``top`` attributes with the clearest drift (smallest adjusted p-value).
        ncols : int, default 4
            Panels per row in ``"paths"``.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "paths")
        check_argument("kind", ["paths", "arrows"], kind)
        if kind == "paths":
            return as_figure(plotting.rating_paths(self, ax=ax, ncols=ncols, attributes=attributes, top=top))
        return as_figure(plotting.rating_arrows(self, ax=ax, attributes=attributes, top=top))
