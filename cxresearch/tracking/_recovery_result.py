"""The result of :func:`cxresearch.tracking.recovery`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.checks import check_argument
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args


@dataclass(frozen=True, kw_only=True, repr=False)
class RecoveryResult(Result):
    """Result of :func:`cxresearch.tracking.recovery`: one row per segment and complaint path.

    ``funnel`` holds per segment the share with a problem, the voice rate, the silent share
    and the recovery rate; ``tests`` the comparisons between paths (recovered against not
    recovered, the recovery paradox, silent against no problem); ``accounting`` the rows
    left out per reason.

    See Also
    --------
    cxresearch.tracking.recovery : makes this result.
    """

    funnel: pd.DataFrame
    tests: pd.DataFrame
    accounting: pd.DataFrame
    names: tuple[str, str, str]
    outcome_name: str
    binary: bool
    confidence: float = 0.95
    weights: str | None = None
    p_adjust: str = "holm"

    _title = "Complaints and recovery"
    _summary_columns = ("*by", "path", "n", "share", "outcome", "outcome_ci_low", "outcome_ci_high")
    _long_tables = ("funnel", "tests", "accounting")
    _percent_columns = ("share",)
    _table_sheet = "paths"
    _method = ("Complaint paths: customers without a problem, complainers whose complaint was recovered or not, "
               "and the silent dissatisfied. The voice rate (complaints among customers with a problem) and the "
               "recovery rate with Wilson intervals; the outcome by path; recovered against not recovered and "
               "recovered against no problem (the recovery paradox) by Fisher's exact test for yes/no outcomes "
               "(z on Kish's n_eff with weights) and Welch's t for ratings.")
    _references = cite("TARP 1986", "Smith & Bolton 1998", "Newcombe 1998")

    def _settings(self) -> dict[str, str]:
        p, c, r = self.names
        if self.binary:
            kind = f"{self.outcome_name!r} yes/no: share yes per path (Wilson {self.confidence:.0%})"
            test = ("pooled z test on Kish's n_eff" if self.weights else "Fisher's exact test, two-sided") + \
                ", Newcombe interval of the difference"
        else:
            kind = f"{self.outcome_name!r} a rating: mean per path (t {self.confidence:.0%})"
            test = "Welch's t test"
        out = {"paths": f"from {p!r}, {c!r}, {r!r}", "outcome": kind,
               "tests": f"{test}; p adjusted within each segment ({self.p_adjust})",
               "voice rate": self._per_segment(self.funnel, "voice_rate"),
               "recovery rate": self._per_segment(self.funnel, "recovery_rate"),
               "recovery paradox": "; ".join(self._label(r) + r["verdict"] for _, r in self.tests.iterrows()
                                             if "paradox" in r["comparison"])}
        if self.weights:
            out["weights"] = f"{self.weights!r}: weighted shares and means, intervals on Kish's n_eff"
        return out

    def _label(self, row) -> str:
        return " / ".join(str(row[k]) for k in self.by) + ": " if self.by else ""

    def _per_segment(self, frame: pd.DataFrame, name: str) -> str:
        """``50.0% [37.7%, 62.3%]`` per segment, as text."""
        return "; ".join(f"{self._label(r)}{r[name]:.1%} [{r[name + '_ci_low']:.1%}, {r[name + '_ci_high']:.1%}]"
                         if r[name] == r[name] else f"{self._label(r)}not estimated ({r.get('note') or 'no customers'})"
                         for _, r in frame.iterrows())

    @property
    def voice_rate(self):
        """The share of customers with a problem who complained: a float without ``by``, a Series with it."""
        if not self.by:
            return float(self.funnel["voice_rate"].iloc[0])
        return self.funnel.set_index(list(self.by))["voice_rate"]

    def plot(self, kind: str | None = None, ax=None):
        """The outcome by path, or the funnel from problem to complaint to recovery.

        Parameters
        ----------
        kind : {"paths", "funnel"}, optional
            Default (None): "paths". ``"paths"``: the outcome of each path with its interval,
            one bar per segment; ``"funnel"``: the share with a problem, the voice rate and
            the recovery rate with Wilson intervals.
        ax : matplotlib Axes, optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "paths")
        check_argument("kind", ["paths", "funnel"], kind)
        draw = plotting.recovery_paths if kind == "paths" else plotting.recovery_funnel
        return as_figure(draw(self, ax=ax))
