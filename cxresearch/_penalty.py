"""Penalty-reward contrast analysis: rating bands, the asymmetry rule and the result object."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._results import ResultMixin
from cxresearch._validate import RowAccount
from cxresearch.errors import CXInputError

__all__ = ["FACTORS", "PenaltyRewardResult", "band", "classify", "cuts"]

# factor -> Kano category it corresponds to (Matzler & Sauerwein 2002)
FACTORS = {"basic": "M", "performance": "O", "excitement": "A"}


def cuts(threshold) -> tuple[float, float]:
    """``0.2`` -> (-0.2, 0.2); a pair (lower, upper) is checked and kept."""
    if np.isscalar(threshold):
        t = float(threshold)
        lower, upper = -t, t
    else:
        try:
            lower, upper = (float(v) for v in threshold)
        except (TypeError, ValueError):
            raise CXInputError(f"`threshold` must be a number or a pair (lower, upper); got {threshold!r}.") from None
    if not -1 <= lower <= upper <= 1:
        raise CXInputError(
            f"`threshold` must give -1 <= lower <= upper <= 1 on the impact-asymmetry scale; got {threshold!r}."
        )
    return lower, upper


def classify(penalty: np.ndarray, reward: np.ndarray, bounds: tuple[float, float]):
    """Impact asymmetry of the absolute effects, the factor and its Kano letter.

    ``asymmetry = (|reward| - |penalty|) / (|reward| + |penalty|)`` lies in [-1, 1]; below
    ``bounds[0]`` the attribute is a basic factor, above ``bounds[1]`` an excitement
    factor, in between a performance factor. Missing effects give "not estimable".
    """
    penalty, reward = np.abs(np.asarray(penalty, float)), np.abs(np.asarray(reward, float))
    total = penalty + reward
    with np.errstate(invalid="ignore", divide="ignore"):
        asym = np.where(total > 0, (reward - penalty) / total, 0.0)
    asym = np.where(np.isnan(total), np.nan, asym)
    factor = np.where(asym < bounds[0], "basic", np.where(asym > bounds[1], "excitement", "performance"))
    factor = np.where(np.isnan(asym), "not estimable", factor).astype(object)
    kano = np.array([FACTORS.get(f, "") for f in factor], dtype=object)
    return asym, factor, kano


def band(values: np.ndarray, spec, scale: tuple[float, float], side: str) -> tuple[np.ndarray, str]:
    """Which ratings fall in the low (or high) band, and a description of the band.

    ``spec`` is None (the bottom / top two points of the scale), a number (ratings at or
    below / at or above it) or a collection of rating values.
    """
    lo, hi = scale
    if spec is None:
        spec = lo + 1 if side == "low" else hi - 1
    if isinstance(spec, Collection) and not isinstance(spec, str):
        vals = sorted(float(v) for v in spec)
        return np.isin(values, vals), "{" + ", ".join(f"{v:g}" for v in vals) + "}"
    try:
        cut = float(spec)
    except (TypeError, ValueError):
        raise CXInputError(f"`{side}` must be a number or a list of rating values; got {spec!r}.") from None
    if side == "low":
        return values <= cut, f"<= {cut:g}"
    return values >= cut, f">= {cut:g}"


@dataclass(frozen=True, repr=False)
class PenaltyRewardResult(ResultMixin):
    """Result of :func:`cxresearch.satisfaction.penalty_reward`.

    ``table`` has one row per attribute (columns listed in the function's docstring);
    ``model`` is the fitted statsmodels regression on the dummy variables.
    """

    table: pd.DataFrame
    outcome: str
    low: str
    high: str
    bounds: tuple[float, float]
    r2: float
    confidence: float
    rows: RowAccount
    scale: tuple[float, float]
    scale_source: str
    model: object = None

    _title = "Penalty-reward contrast analysis"

    def _settings(self) -> dict[str, str]:
        return {
            "outcome": self.outcome,
            "bands": f"low {self.low}, high {self.high}, reference in between "
                     f"(scale {self.scale[0]:g}-{self.scale[1]:g}, {self.scale_source})",
            "factor rule": f"impact asymmetry < {self.bounds[0]:g} basic, > {self.bounds[1]:g} excitement, "
                           "else performance (a convention; settable)",
            "R2": f"{self.r2:.3f}",
            "intervals": f"t, {self.confidence:.0%}",
            "rows": str(self.rows),
        }

    def summary(self) -> pd.DataFrame:
        cols = ["attribute", "n_low", "n_high", "penalty", "penalty_p", "reward", "reward_p",
                "range_of_impact", "asymmetry", "factor", "kano", "unexpected_sign"]
        return self.table[cols].round(3)

    def plot(self, kind: str = "bars", ax=None):
        """``kind="bars"``: penalty and reward with intervals; ``"asymmetry"``: impact-asymmetry grid."""
        from cxresearch import plotting

        return plotting.penalty_reward(self, kind=kind, ax=ax)
