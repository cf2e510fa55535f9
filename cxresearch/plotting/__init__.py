"""The figures behind the results' ``.plot()`` methods (matplotlib).

Each function draws on the Axes it is given (or on a new figure, constrained layout, not
held by pyplot) and returns the Axes (an array of Axes for small multiples); the results'
``.plot()`` methods return the Figure (their arguments declared with :func:`declared_plot`). Point labels are placed
without overlap at draw time (:mod:`cxresearch.plotting._labels`); labels in scripts the
current font lacks get an installed font that has them (:mod:`cxresearch.plotting._fonts`).
pyplot is imported only when a figure is drawn.
"""

from cxresearch._core.plot_params import declared_plot
from cxresearch.plotting._base import NAMES, PALETTE
from cxresearch.plotting._dropoff import dropoff_arrows, dropoff_shares, power_curve
from cxresearch.plotting._expectation import promise_curve, tolerance_spread, tolerance_zones
from cxresearch.plotting._journey import journey_features, peak_end
from cxresearch.plotting._kano import better_worse, continuous, kano_plot, shares
from cxresearch.plotting._rating_drift import rating_arrows, rating_paths
from cxresearch.plotting._satisfaction import (
    decomposition,
    drivers,
    gaps,
    importance_performance,
    penalty_reward,
    response_surface,
)
from cxresearch.plotting._touchpoints import gap_heatmap, touchpoint_map, visit_moments
from cxresearch.plotting._value import recovery_funnel, recovery_paths, value_loss, value_margin, wait_perception

__all__ = [
    "NAMES",
    "PALETTE",
    "better_worse",
    "continuous",
    "decomposition",
    "drivers",
    "dropoff_arrows",
    "declared_plot",
    "dropoff_shares",
    "gap_heatmap",
    "journey_features",
    "gaps",
    "importance_performance",
    "kano_plot",
    "peak_end",
    "penalty_reward",
    "power_curve",
    "promise_curve",
    "rating_arrows",
    "rating_paths",
    "recovery_funnel",
    "recovery_paths",
    "response_surface",
    "shares",
    "tolerance_spread",
    "tolerance_zones",
    "touchpoint_map",
    "value_loss",
    "value_margin",
    "visit_moments",
    "wait_perception",
]
