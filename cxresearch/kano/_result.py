"""The result of :func:`cxresearch.kano.analyze`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args


@dataclass(frozen=True, kw_only=True, repr=False)
class KanoResult(Result):
    """Result of :func:`cxresearch.kano.analyze`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per attribute [x group] (columns documented in ``analyze``).
    shares : pandas.DataFrame
        Long table: keys, ``category``, ``count``, ``share``, ``ci_low``, ``ci_high``.
    tests : pandas.DataFrame or None
        With ``by``: per attribute ``n``, ``n_groups``, ``chi2``, ``dof``, ``p_value``,
        ``p_adjusted``, ``cramers_v``, ``min_expected``, ``sparse``.
    continuous : pandas.DataFrame or None
        DuMouchel scores (from responses carrying answer codes).
    rows, by, rule, confidence, evaluation_table
        The row accounting and the settings used.
    count_table : str
        For a count table whose rows were summed into cells (breakdown columns beyond
        ``by``, or a cell listed twice): what was summed; empty otherwise.
    weights : str
        The survey weights used ("column 'w'", "weighted count table"); empty when unweighted.

    See Also
    --------
    cxresearch.kano.analyze : makes this result.
    cxresearch.kano.service_plan : the management reading of it.
    """

    shares: pd.DataFrame
    tests: pd.DataFrame | None = None
    continuous: pd.DataFrame | None = None
    rule: str = "mode"
    confidence: float = 0.95
    evaluation_table: str = "unknown"
    count_table: str = ""
    weights: str = ""

    _title = "Kano analysis"
    _summary_columns = ("attribute", "*by", "n", "share_A", "share_O", "share_M", "share_I", "share_R", "share_Q",
                        "category", "close_to", "significant", "category_strength", "total_strength", "better",
                        "better_ci_low", "better_ci_high", "worse", "worse_ci_low", "worse_ci_high", "importance_mean")
    _long_tables = ("shares", "tests", "continuous")
    _renamed = {"segment_test": "tests"}
    _percent_columns = ("category_strength", "total_strength")
    _rank_by = (("category", True), ("category_strength", False))
    _table_sheet = "attributes"
    _method = ("Kano questionnaire: each answer pair (functional, dysfunctional) is classified by the evaluation "
               "table as attractive, one-dimensional, must-be, indifferent, reverse or questionable. Per attribute: "
               "the category shares with Wilson intervals, the category by the rule in the settings, Fong's test "
               "of the top two categories, category strength (top minus runner-up share) and total strength "
               "(attractive + one-dimensional + must-be), and the customer satisfaction coefficients "
               "Better = (A+O)/(A+O+M+I) and Worse = -(O+M)/(A+O+M+I) with intervals.")
    _references = cite("Kano et al. 1984", "Berger et al. 1993", "Timko 1993", "Fong 1996", "Lee & Newcomb 1997",
                       "DuMouchel 1993", "Wilson 1927")

    def _settings(self) -> dict[str, str]:
        return {
            "evaluation table": self.evaluation_table,
            "category rule": self.rule,
            "intervals": f"Wilson {self.confidence:.0%}" + (" on Kish's effective sample size" if self.weights else ""),
            **({"weights": self.weights} if self.weights else {}),
            "segments": ", ".join(self.by) or "none",
            **({"count table": self.count_table} if self.count_table else {}),
        }

    @plotting.declared_plot("attributes", "top", "annotate")
    def plot(self, kind: str | None = None, ax=None, *, attributes=None, top: int | None = None,
             annotate: bool = True):
        """Plot the result.

        Parameters
        ----------
        kind : {"better_worse", "shares", "continuous"}, optional
            Default (None): "better_worse".
            The Better-Worse scatter with quadrants, interval bars and a legend of the
            categories; stacked category shares; the continuous functional/dysfunctional
            plot (importance as size). With segments, one panel per segment. Point labels
            are placed so that no two overlap, at any figure size.
        ax : matplotlib Axes (or one per segment), optional
            Draw into these Axes (their figure is returned and left as it is); by default
            a new figure, not held by pyplot, so a notebook shows it once.
        attributes : str or list of str, optional
            Show only these attributes.
        top : int, optional
            Show the ``top`` attributes with the largest ``Better + |Worse|`` (the most
            influential). By default all attributes are shown up to 20, and the 20 most
            influential beyond that; the title says how many are left out.
        annotate : bool, default True
            False leaves the point labels out of the Better-Worse plot.

        Returns
        -------
        matplotlib.figure.Figure

        Examples
        --------
        >>> import cxresearch as cx
        >>> res = cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")))
        >>> fig = res.plot(top=5)
        >>> print(fig.axes[0].get_title())
        Better-Worse diagram of 5 attributes (bars: 95% intervals)
        5 of 11 attributes (the 5 with the largest Better + |Worse|;
        6 left out)
        """
        kind, ax = plot_args(kind, ax, "better_worse")
        extra = {} if annotate is True else {"annotate": annotate}
        return as_figure(plotting.kano_plot(self, kind=kind, ax=ax, attributes=attributes, top=top, **extra))
