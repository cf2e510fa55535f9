"""Results of :func:`cxresearch.dropoff.detect` and :func:`cxresearch.dropoff.power`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.checks import check_argument
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args


@dataclass(frozen=True, kw_only=True, repr=False)
class DropoffResult(Result):
    """Result of :func:`cxresearch.dropoff.detect`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per attribute [x group] (columns documented in ``detect``).
    shares : pandas.DataFrame
        Every category share per wave with Wilson intervals (long form).
    rows, by, time, alpha, confidence, p_adjust, time_unit
        The row accounting and the settings used.
    weights : str
        The survey weights used ("column 'w'", "weighted count table"); empty when unweighted.

    See Also
    --------
    cxresearch.dropoff.detect : makes this result.
    cxresearch.dropoff.power : how many respondents a drop-off study needs.
    """

    shares: pd.DataFrame
    time: str
    alpha: float = 0.05
    confidence: float = 0.95
    p_adjust: str = "holm"
    time_unit: str = "1 unit"
    weights: str = ""

    _title = "Drop-off detection"
    _summary_columns = ("attribute", "*by", "first_category", "last_category", "direction", "odds_ratio",
                        "m_share_slope", "p_adjusted", "changepoint", "pattern", "must_be_status",
                        "must_be_forecast")
    _long_tables = ("shares",)
    _rank_by = (("p_adjusted", True),)
    _table_sheet = "attributes"
    _method = ("The life cycle of attractive quality: per attribute, the position of each answer on "
               "attractive < one-dimensional < must-be is modelled over time by a proportional-odds (cumulative "
               "logit) model on the count table; the likelihood-ratio test of the time slope gives the p-value, "
               "adjusted across attributes; a likelihood-ratio scan over split points locates the change point.")
    _references = cite("Kano 2001", "Nilsson-Witell & Fundin 2005", "Löfgren et al. 2011", "Agresti 2010")

    def _settings(self) -> dict[str, str]:
        flagged = (self.table["direction"] == "drop-off").sum()
        return {
            "time": f"{self.time} (slopes per {self.time_unit})",
            "segments": ", ".join(self.by) or "none",
            "trend test": f"proportional-odds LR test on A < O < M; {self.p_adjust} adjustment",
            "alpha": f"{self.alpha}",
            "intervals": f"odds ratio: Wald {self.confidence:.0%}; shares: Wilson {self.confidence:.0%}",
            **({"weights": f"{self.weights}; tests and intervals on Kish's effective sample size "
                           "(design_effect = n_raw / n_eff)"} if self.weights else {}),
            "drop-offs": f"{flagged} of {len(self.table)}",
            **({"separated": f"{n_sep} of {len(self.table)} (A, O, M answers split by time; no odds ratio)"}
               if (n_sep := int(self.table["direction"].eq("separated").sum())) else {}),
        }

    @plotting.declared_plot("attributes", "top", "categories", "ncols")
    def plot(self, kind: str | None = None, ax=None, *, attributes=None, top: int | None = None,
             categories: str = "AOMI", ncols: int = 4):
        """Plot the result.

        Parameters
        ----------
        kind : {"shares", "arrows"}, optional
            Default (None): "shares".
            Small multiples of category shares over waves, the change points dashed, or
            each attribute's move in the Better-Worse plane from its first to its last
            wave (labels placed so that no two overlap).
        ax : matplotlib Axes (or an array of them for ``"shares"``), optional
            Draw into these Axes (their figure is returned and left as it is); by default
            a new figure, not held by pyplot, so a notebook shows it once.
        attributes : str or list of str, optional
            Show these attributes. By default the attributes that moved (direction
            "drop-off" or "rise"), or all when none moved; the title says how many are
            left out.
        top : int, optional
            Show the ``top`` attributes with the clearest drift (smallest adjusted p-value).
        categories : str, default "AOMI"
            The categories drawn in ``"shares"``.
        ncols : int, default 4
            Panels per row in ``"shares"``.

        Returns
        -------
        matplotlib.figure.Figure

        Examples
        --------
        >>> import cxresearch as cx
        >>> res = cx.dropoff.detect(cx.kano.code(cx.load_dataset("bank_branch_waves")), time="year")
        >>> fig = res.plot()
        >>> print(fig.get_suptitle())
        Kano category shares by year (bands: 95% intervals; dashed: change point)
        3 of 10 attributes (those that moved; 7 left out)
        """
        kind, ax = plot_args(kind, ax, "shares")
        check_argument("kind", ["shares", "arrows"], kind)
        if kind == "shares":
            return as_figure(plotting.dropoff_shares(self, ax=ax, categories=categories, ncols=ncols,
                                                             attributes=attributes, top=top))
        return as_figure(plotting.dropoff_arrows(self, ax=ax, attributes=attributes, top=top))


@dataclass(frozen=True, kw_only=True, repr=False)
class PowerResult(Result):
    """Result of :func:`cxresearch.dropoff.power`: detection rate per sample size, with Wilson intervals.

    ``rows`` counts the simulated surveys (every one enters the rates).

    See Also
    --------
    cxresearch.dropoff.power : makes this result.
    """

    waves: int
    drift: float
    alpha: float
    n_sim: int
    confidence: float = 0.95

    _title = "Drop-off power analysis"
    _percent_columns = ("power", "false_positive")
    _table_sheet = "power"
    _method = ("Power by simulation: Kano surveys with the drift in the settings (and without, for the false "
               "positive rate) are simulated per sample size and analysed as cx.dropoff.detect would; the share "
               "of surveys in which the drift is detected is the power, with Wilson intervals.")
    _references = cite("Wilson 1927")

    def _settings(self) -> dict[str, str]:
        return {"waves": str(self.waves), "drift": f"{self.drift:g} of the answers from A to O and M",
                "alpha": f"{self.alpha}", "simulations": f"{self.n_sim} per sample size and scenario",
                "intervals": f"Wilson {self.confidence:.0%}"}

    def plot(self, kind: None = None, ax=None):
        """Power against respondents per wave, with interval bars and the 80% line.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.power_curve(self, ax=ax))
