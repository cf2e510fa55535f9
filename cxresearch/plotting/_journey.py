"""Journey figures: the peak-end model's effects and the models' R2."""

from __future__ import annotations

import numpy as np

from cxresearch._core.checks import check_argument
from cxresearch.plotting._base import drawing, PALETTE, subplots

@drawing
def journey_features(result, ax=None):
    """Each journey's retrospective rating against the mean of its moments."""
    if ax is None:
        _, ax = subplots(figsize=(5, 4))
    ax.scatter(result.table["mean"], result.table["retrospective"], s=12, alpha=0.6, color=PALETTE["O"])
    ax.set(xlabel="mean of the moment ratings", ylabel="retrospective rating",
           title=f"Remembered rating against the mean of the moments ({len(result.table)} journeys)")
    return ax


@drawing
def peak_end(result, kind: str = "coefficients", ax=None):
    """Standardised effects of the full peak-end model, or R2 of each model."""
    check_argument("kind", ["coefficients", "models"], kind)
    if ax is None:
        _, ax = subplots(figsize=(6, 3.8))
    if kind == "models":
        m = result.fits
        ax.barh(m["model"], m["r2"], color=[PALETTE["O"]] * (len(m) - 1) + [PALETTE["A"]])
        ax.invert_yaxis()
        ax.set(xlabel="R² of the retrospective rating", title="Which summary of a journey is remembered?")
        return ax
    t = result.table.iloc[1:]
    scale = t["beta"] / t["estimate"]
    err = np.clip(np.vstack([(t["estimate"] - t["ci_low"]) * scale, (t["ci_high"] - t["estimate"]) * scale]), 0, None)
    ax.barh(t["term"], t["beta"], xerr=err, color=PALETTE["O"], ecolor="#555555")
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.6)
    ax.set(xlabel="standardised effect on the retrospective rating", title="Peak-end model (all moments together)")
    return ax
