"""What every figure shares: the palette, point labels, small multiples, and figure creation.

pyplot is imported only when a figure is drawn (``subplots``, ``figure``), so importing
cxresearch does not import matplotlib.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error

# One colour per category, kept across every figure.
PALETTE = {"A": "#2a9d8f", "O": "#457b9d", "M": "#e63946", "I": "#b8b8b8", "R": "#8d6e63", "Q": "#f4a261"}

QUADRANTS = {"A": (0.25, 0.75), "O": (0.75, 0.75), "M": (0.75, 0.25), "I": (0.25, 0.25)}

NAMES = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent"}

FACTOR_COLORS = {"basic": PALETTE["M"], "performance": PALETTE["O"], "excitement": PALETTE["A"],
                 "unclassified": PALETTE["Q"], "not estimable": PALETTE["I"]}


def subplots(*args, **kwargs):
    """``matplotlib.pyplot.subplots``, imported when the first figure is drawn."""
    import matplotlib.pyplot as plt

    return plt.subplots(*args, **kwargs)


def figure(**kwargs):
    """``matplotlib.pyplot.figure``, imported when the first figure is drawn."""
    import matplotlib.pyplot as plt

    return plt.figure(**kwargs)


def label_points(ax, x, y, names) -> None:
    """Write each point's name just above and to the right of it."""
    for xi, yi, name in zip(x, y, names):
        ax.annotate(str(name), (xi, yi), xytext=(4, 3), textcoords="offset points", fontsize=7)

def small_multiples(frame: pd.DataFrame, by: tuple[str, ...], ax, size=(5.0, 4.5)):
    """One panel per segment (small multiples) or a single panel."""
    if not by:
        if ax is None:
            _, ax = subplots(figsize=size)
        return [("", frame, ax)], ax
    groups = list(frame.groupby(list(by), sort=True, observed=True))
    if ax is None:
        _, axes = subplots(1, len(groups), figsize=(size[0] * len(groups), size[1]),
                               sharex=True, sharey=True, squeeze=False)
        axes = axes[0]
    else:
        axes = np.atleast_1d(ax)
        if len(axes) != len(groups):
            raise arg_error("ax", f"{len(groups)} Axes, one per segment", ax)
    out = [(" / ".join(map(str, k if isinstance(k, tuple) else (k,))), g, a)
           for (k, g), a in zip(groups, axes)]
    return out, axes
