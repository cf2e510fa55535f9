"""Result objects of :mod:`cxresearch.satisfaction` for gaps, derived importance and the IPA grid."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch._results import GroupFitsMixin, ResultMixin
from cxresearch._validate import RowAccount

__all__ = ["DriversResult", "GapResult", "IPAResult", "METHODS", "QUADRANT_NAMES"]


@dataclass(frozen=True, repr=False)
class GapResult(ResultMixin):
    """Result of :func:`gap_analysis`: ``table`` (one row per attribute), settings, row accounting."""

    table: pd.DataFrame
    level: str
    confidence: float
    rows: RowAccount

    _title = "Gap analysis (experience - expectation)"

    def _settings(self) -> dict[str, str]:
        return {"input": self.level, "intervals": f"t, {self.confidence:.0%}" if self.level ==
                "respondents" else "none (one value per attribute)", "rows": str(self.rows)}

    def summary(self) -> pd.DataFrame:
        cols = [c for c in ["attribute", "experience", "expectation", "importance", "gap",
                            "weighted_gap", "ideal", "ideal_gap", "priority"] if c in self.table]
        return self.table[cols].round(3)

    def plot(self, ax=None):
        """Horizontal bars of the weighted gap, worst first."""
        import matplotlib.pyplot as plt

        t = self.table.sort_values("priority")
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 0.4 * len(t) + 1.5))
        colors = ["#e63946" if v < 0 else "#2a9d8f" for v in t["weighted_gap"]]
        ax.barh(t["attribute"].astype(str), t["weighted_gap"], color=colors)
        ax.axvline(0, color="black", lw=0.6)
        ax.invert_yaxis()
        ax.set(xlabel="importance x (experience - expectation)", title="Weighted gaps (worst first)")
        return ax


METHODS = {
    "relative_weights": "relative weights (Johnson 2000)",
    "shapley": "Shapley / LMG decomposition of R2 (Lindeman, Merenda & Gold 1980)",
    "ols": "standardised OLS coefficients",
}


@dataclass(frozen=True, repr=False)
class DriversResult(GroupFitsMixin, ResultMixin):
    """Result of :func:`drivers`: ``table`` (one row per attribute), fit statistics, row accounting."""

    table: pd.DataFrame
    method: str
    outcome: str
    fits: pd.DataFrame
    by: tuple[str, ...]
    confidence: float
    n_boot: int
    rows: RowAccount

    _title = "Derived importance"

    @property
    def r2(self) -> float | pd.Series:
        """R2 of the full model (a Series by segment with ``by``)."""
        return self._fit_stat("r2")

    @property
    def adj_r2(self) -> float | pd.Series:
        """Adjusted R2 (a Series by segment with ``by``)."""
        return self._fit_stat("adj_r2")

    def _settings(self) -> dict[str, str]:
        boot = f"; weights: percentile bootstrap, {self.n_boot} resamples" if self.n_boot else ""
        r2 = self._fits_text("r2") if self.by else f"{self.r2:.3f} (adjusted {self.adj_r2:.3f})"
        return {"outcome": self.outcome, "method": METHODS[self.method], "R2": r2,
                "intervals": f"beta: t, {self.confidence:.0%}{boot}", "rows": str(self.rows)}

    def summary(self) -> pd.DataFrame:
        cols = [*self.by, "attribute", "mean", "r", "beta", "p_value", "weight", "weight_ci_low",
                "weight_ci_high", "pct_r2", "rank"]
        return self.table[[c for c in cols if c in self.table]].round(3)

    def plot(self, ax=None):
        """Horizontal bars of the importance weights (with intervals when bootstrapped)."""
        from cxresearch import plotting

        return plotting.drivers(self, ax=ax)


QUADRANT_NAMES = {  # (high importance, high performance) -> advice (Martilla & James 1977)
    (True, False): "concentrate here",
    (True, True): "keep up the good work",
    (False, False): "low priority",
    (False, True): "possible overkill",
}


@dataclass(frozen=True, repr=False)
class IPAResult(ResultMixin):
    """Result of :func:`importance_performance`: ``table``, the cut lines, the importance fit."""

    table: pd.DataFrame
    performance_cut: float
    importance_cut: float
    cut: str
    drivers: DriversResult

    _title = "Importance-performance analysis"

    @property
    def rows(self) -> RowAccount:
        return self.drivers.rows

    def _settings(self) -> dict[str, str]:
        return {"importance": METHODS[self.drivers.method] + f", R2 = {self.drivers.r2:.3f}",
                "quadrants": f"at the {self.cut}: performance {self.performance_cut:.3f}, "
                             f"importance {self.importance_cut:.3f}",
                "rows": str(self.rows)}

    def summary(self) -> pd.DataFrame:
        return self.table.round(3)

    def plot(self, ax=None):
        """Scatter of importance against performance with the quadrant lines."""
        from cxresearch import plotting

        return plotting.importance_performance(self, ax=ax)
