"""Result objects of derived importance, the importance-performance grid and penalty-reward."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxresearch import plotting
from cxresearch._core.references import cite
from cxresearch._core.results import GroupFitsMixin, Result, as_figure, plot_args
from cxresearch.satisfaction._driver_text import driver_settings
from cxresearch.satisfaction._compare import compare_segments, compare_weights, ordinal_settings, pairwise_settings

METHODS = {
    "relative_weights": "relative weights (Johnson 2000)",
    "shapley": "Shapley / LMG decomposition of R2 (Lindeman, Merenda & Gold 1980)",
    "ols": "standardised OLS coefficients",
}

QUADRANT_NAMES = {  # (high importance, high performance) -> advice (Martilla & James 1977)
    (True, False): "concentrate here",
    (True, True): "keep up the good work",
    (False, False): "low priority",
    (False, True): "possible overkill",
}


LOGIT_METHODS = {
    "relative_weights": "logistic relative weights (Tonidandel & LeBreton 2010; as R's rwa::rwa_logit)",
    "shapley": "Shapley decomposition of McFadden's pseudo-R2, 1 - LL/LL0 (a logistic fit per subset)",
}
LOGIT_R2 = {"relative_weights": "squared correlation of the fitted probabilities with the outcome",
            "shapley": "McFadden's pseudo-R2"}


def weights_setting(weights: str | None, test: str = "t") -> dict[str, str]:
    """The settings line of a weighted result (none without weights)."""
    if weights is None:
        return {}
    return {"weights": f"{weights!r}: sampling weights (weighted estimates; {test} intervals on Kish's effective "
                       "sample size n_eff = (sum w)^2 / sum w^2)"}


def logit_settings(res, boot: str) -> dict[str, str]:
    """The settings lines of a logistic drivers result."""
    fits = res.fits
    out = {"outcome": f"{res.outcome} (yes = 1, no = 0; logistic model)", "method": LOGIT_METHODS[res.method],
           "R2": f"{LOGIT_R2[res.method]}: " + (res._fits_text("r2") if res.by else f"{res.r2:.3f}"),
           "intervals": f"beta, odds ratios: Wald z, {res.confidence:.0%}{boot}"}
    bad = fits[fits["status"] != "converged"]
    if len(bad):
        out["not identified"] = "; ".join(
            (" / ".join(str(row[k]) for k in res.by) + ": " if res.by else "") + row["status"]
            for _, row in bad.iterrows())
    if res.n_boot and "n_boot_used" in fits and (fits["n_boot_used"] < res.n_boot).any():
        out["bootstrap"] = ("resamples with weights (the others separated or had a constant attribute): "
                            + ", ".join(str(int(v)) for v in fits["n_boot_used"]) + f" of {res.n_boot}")
    return out


@dataclass(frozen=True, kw_only=True, repr=False)
class DriversResult(GroupFitsMixin, Result):
    """Result of :func:`cxresearch.satisfaction.drivers`: one row per attribute [and segment].

    ``fits`` holds ``n``, ``r2`` and ``adj_r2`` per segment; ``r2`` and ``adj_r2`` give
    them directly (a float, or a Series by segment with ``by``). With ``method="shapley"``,
    ``dominance`` (general and conditional dominance per driver) and ``dominance_pairs``
    (complete, conditional and general dominance per pair of drivers); otherwise None.
    ``always`` names the covariates held in every model and ``reference`` the reference
    level of each categorical driver.

    See Also
    --------
    cxresearch.satisfaction.drivers : makes this result.
    cxresearch.satisfaction.importance_performance : the grid built on it.
    """

    method: str
    outcome: str
    fits: pd.DataFrame
    confidence: float = 0.95
    n_boot: int = 0
    weights: str | None = None
    family: str = "linear"
    dominance: pd.DataFrame | None = None
    dominance_pairs: pd.DataFrame | None = None
    always: tuple[str, ...] = ()
    reference: dict = field(default_factory=dict)
    replicates: dict | None = field(default=None, compare=False)
    missing: str = "listwise"
    pairs: pd.DataFrame | None = None

    _title = "Derived importance"
    _summary_columns = ("*by", "attribute", "columns", "mean", "r", "beta", "p_value", "odds_ratio", "weight", "mc_se",
                        "weight_ci_low",
                        "weight_ci_high", "pct_r2", "rank", "status")
    _long_tables = ("fits", "dominance", "dominance_pairs", "pairs")
    _rank_by = (("rank", True),)
    _table_sheet = "drivers"
    _method = ("Derived importance: overall satisfaction regressed on the attribute ratings; each attribute's "
               "importance is its share of the explained variance by relative weights or Shapley / LMG "
               "(computed from the correlation matrix), or its standardised coefficient (see the settings), "
               "with bootstrap intervals where asked; the rank orders the attributes by importance.")
    _references = cite("Johnson 2000", "Lindeman et al. 1980", "Grömping 2007", "Tonidandel & LeBreton 2010",
                       "Budescu 1993", "Azen & Budescu 2003", "McKelvey & Zavoina 1975")

    @property
    def r2(self) -> float | pd.Series:
        """R2 of the full model (a Series by segment with ``by``)."""
        return self._fit_stat("r2")

    @property
    def adj_r2(self) -> float | pd.Series:
        """Adjusted R2 (a Series by segment with ``by``; NaN for ``family="logit"``, where it is not defined)."""
        return self._fit_stat("adj_r2") if "adj_r2" in self.fits else self._fit_stat("r2") * np.nan

    def _settings(self) -> dict[str, str]:
        boot = f"; weights: percentile bootstrap, {self.n_boot} resamples" if self.n_boot else ""
        if self.family == "logit":
            return {**logit_settings(self, boot), **weights_setting(self.weights, "Wald z"), **driver_settings(self)}
        if self.family == "ordinal":
            return {**ordinal_settings(self, boot), **weights_setting(self.weights, "Wald z")}
        r2 = self._fits_text("r2") if self.by else f"{self.r2:.3f} (adjusted {self.adj_r2:.3f})"
        out = {"outcome": self.outcome, "method": METHODS[self.method], "R2": r2,
               "intervals": f"beta: t, {self.confidence:.0%}{boot}", **pairwise_settings(self)}
        if "n_samples" in self.fits:
            out["sampling"] = (f"Shapley values estimated from {int(self.fits['n_samples'].max()):,} random orders of "
                               "the attributes (antithetic pairs); mc_se: their Monte-Carlo standard errors")
        return {**out, **weights_setting(self.weights), **driver_settings(self)}

    def compare(self, a: str, b: str) -> pd.DataFrame:
        """The bootstrap interval and p value of weight(a) - weight(b), per segment.

        Parameters
        ----------
        a, b : str
            Two attributes of the table.

        Returns
        -------
        pandas.DataFrame
            One row per segment: the segment columns, ``a``, ``b``, ``difference``
            (weight(a) - weight(b)), ``ci_low``, ``ci_high`` (percentile interval of the
            difference over the same resamples, at the result's ``confidence``),
            ``p_value`` (two-sided bootstrap p value of no difference) and ``n_boot_used``.
            Needs ``n_boot`` > 0; see :func:`~cxresearch.satisfaction.drivers`, Notes.

        Examples
        --------
        >>> import cxresearch as cx
        >>> df = cx.load_dataset("service_ratings")
        >>> cols = [c for c in df.columns if c.endswith("_experience")][:4]
        >>> res = cx.satisfaction.drivers(df, "overall", cols, n_boot=200, random_state=1, progress=False)
        >>> res.compare(cols[0], cols[1])[["difference", "ci_low", "ci_high"]].round(3)
           difference  ci_low  ci_high
        0       0.071   0.036    0.101
        """
        return compare_weights(self, a, b)

    def compare_segments(self, first=None, second=None) -> pd.DataFrame:
        """Per attribute, the difference of its weight between two segments (bootstrap interval, Holm p values).

        Parameters
        ----------
        first, second : segment value (a tuple with several ``by`` columns), optional
            The segments compared; both may be left out when there are exactly two.

        Returns
        -------
        pandas.DataFrame
            One row per attribute: ``attribute``, ``weight_first``, ``weight_second``,
            ``difference`` (first - second), ``ci_low``, ``ci_high``, ``p_value`` (two-sided
            bootstrap p value) and ``p_adjusted`` (Holm across the attributes). Needs
            ``n_boot`` > 0 and ``by``.

        Examples
        --------
        >>> import cxresearch as cx
        >>> df = cx.load_dataset("service_ratings")
        >>> cols = [c for c in df.columns if c.endswith("_experience")][:3]
        >>> res = cx.satisfaction.drivers(df, "overall", cols, by="segment", n_boot=200, random_state=1,
        ...                               progress=False)
        >>> res.compare_segments("VIP", "ordinary").columns.tolist()
        ['attribute', 'weight_first', 'weight_second', 'difference', 'ci_low', 'ci_high', 'p_value', 'p_adjusted']
        """
        return compare_segments(self, first, second)

    def plot(self, kind: None = None, ax=None):
        """Horizontal bars of the importance weights (with intervals when bootstrapped).

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.drivers(self, ax=ax))


@dataclass(frozen=True, kw_only=True, repr=False)
class IPAResult(Result):
    """Result of :func:`cxresearch.satisfaction.importance_performance`: the grid and its cut lines.

    ``drivers`` holds the importance model; ``rows`` is its row accounting.

    See Also
    --------
    cxresearch.satisfaction.importance_performance : makes this result.
    """

    performance_cut: float
    importance_cut: float
    cut: str
    drivers: DriversResult

    _title = "Importance-performance analysis"
    _rank_by = (("importance", False),)
    _table_sheet = "attributes"
    _method = ("Importance-performance analysis: derived importance against mean performance, split into four "
               "quadrants at the cut in the settings.")
    _references = cite("Martilla & James 1977", "Johnson 2000")

    def _settings(self) -> dict[str, str]:
        return {"importance": METHODS[self.drivers.method] + f", R2 = {self.drivers.r2:.3f}",
                "quadrants": f"at the {self.cut}: performance {self.performance_cut:.3f}, "
                             f"importance {self.importance_cut:.3f}"}

    def plot(self, kind: None = None, ax=None):
        """Scatter of importance against performance with the quadrant lines.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.importance_performance(self, ax=ax))


@dataclass(frozen=True, kw_only=True, repr=False)
class PenaltyRewardResult(GroupFitsMixin, Result):
    """Result of :func:`cxresearch.satisfaction.penalty_reward`.

    ``table`` has one row per attribute [and segment] (columns listed in the function's
    docstring); ``fits`` the ``n`` and ``r2`` of each regression; ``model`` the fitted
    statsmodels regression on the dummy variables (a dict by segment with ``by``);
    ``tests`` (with ``by``) whether penalty and reward differ between segments.

    See Also
    --------
    cxresearch.satisfaction.penalty_reward : makes this result.
    """

    outcome: str
    low: str
    high: str
    bounds: tuple[float, float]
    fits: pd.DataFrame
    scale: tuple[float, float]
    scale_source: str
    confidence: float = 0.95
    model: object = field(default=None, compare=False)
    n_boot: int = 0
    tests: pd.DataFrame | None = None
    weights: str | None = None
    moments: bool = False
    family: str = "linear"

    _title = "Penalty-reward contrast analysis"
    _summary_columns = ("*by", "attribute", "n_low", "n_high", "penalty", "penalty_p", "reward", "reward_p",
                        "penalty_or", "reward_or", "range_of_impact", "asymmetry", "asymmetry_ci_low",
                        "asymmetry_ci_high", "factor",
                        "factor_share", "kano", "unexpected_sign", "note")
    _long_tables = ("fits", "tests")
    _renamed = {"segment_test": "tests"}
    _rank_by = (("range_of_impact", False),)
    _table_sheet = "attributes"
    _method = ("Penalty-reward contrast analysis: overall satisfaction regressed on dummies for each attribute's "
               "low and high ratings; the penalty (low) and reward (high) effects, their range of impact and "
               "asymmetry classify the attribute as a basic, performance or excitement factor.")
    _references = cite("Brandt 1987", "Matzler & Sauerwein 2002", "Mikulić & Prebežac 2008")

    @property
    def r2(self) -> float | pd.Series:
        """R2 of the dummy regression (a Series by segment with ``by``)."""
        return self._fit_stat("r2")

    def _settings(self) -> dict[str, str]:
        out = {
            "outcome": self.outcome,
            "bands": f"low {self.low}, high {self.high}, reference in between "
                     f"(scale {self.scale[0]:g}-{self.scale[1]:g}, {self.scale_source})",
            "factor rule": f"impact asymmetry < {self.bounds[0]:g} basic, > {self.bounds[1]:g} excitement, "
                           "else performance (a convention; settable)",
            "R2": self._fits_text("r2"),
            "intervals": f"penalty, reward: {'Wald z' if self.family == 'logit' else 't'}, {self.confidence:.0%}" + (
                f"; asymmetry: percentile bootstrap, {self.n_boot} resamples" if self.n_boot else ""),
        }
        if self.family == "logit":
            out["outcome"] = f"{self.outcome} (yes = 1, no = 0; logistic model: penalty and reward in log-odds)"
            out["R2"] = "McFadden's pseudo-R2: " + out["R2"]
            if self.n_boot and (self.fits["n_boot_used"] < self.n_boot).any():
                out["bootstrap"] = ("resamples used (in the others the model did not converge: a band separated "
                                    "in the resample): " + ", ".join(str(int(v)) for v in self.fits["n_boot_used"])
                                    + f" of {self.n_boot}")
        out.update(weights_setting(self.weights, "Wald z" if self.family == "logit" else "t"))
        if self.moments and self.by:
            out["segment test"] = "not computed from moments (its robust covariance needs the rows)"
        if self.tests is not None:
            differ = int((self.tests["p_adjusted"] < 0.05).sum())
            skipped = int(self.tests["p_value"].isna().sum())
            out["segment test"] = (f"{differ} of {len(self.tests)} attributes differ between segments "
                                   "(adjusted p < 0.05)" + (f"; {skipped} not tested (see note)" if skipped else ""))
        return out

    def plot(self, kind: str | None = None, ax=None):
        """Plot the result.

        Parameters
        ----------
        kind : {"bars", "asymmetry"}, optional
            Default (None): "bars".
            Penalty and reward with intervals, or the impact-asymmetry grid (range of
            impact against asymmetry, with the factor cut-offs). One panel per segment.
        ax : matplotlib Axes (or one per segment), optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "bars")
        return as_figure(plotting.penalty_reward(self, kind=kind, ax=ax))
