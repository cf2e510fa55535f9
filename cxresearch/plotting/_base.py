"""What every figure shares: the palette, category names, small multiples, and figure creation.

Every figure is made here (``subplots``, ``figure``): with constrained layout, and closed in
pyplot as soon as it is made, so pyplot does not hold it. A result's ``.plot()`` hands the
Figure back; a notebook cell ending in ``res.plot()`` shows it once, and ``savefig`` works as
usual. Every public plotting function is marked :func:`drawing` (fonts for every script). pyplot is imported only when a figure is drawn, so importing
cxresearch does not import matplotlib.
"""

from __future__ import annotations

import functools
import textwrap

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error
from cxresearch.plotting._fonts import fit_fonts
from cxresearch.plotting._labels import place_labels

# One colour per category, kept across every figure.
PALETTE = {"A": "#2a9d8f", "O": "#457b9d", "M": "#e63946", "I": "#b8b8b8", "R": "#8d6e63", "Q": "#f4a261"}

QUADRANTS = {"A": (0.25, 0.75), "O": (0.75, 0.75), "M": (0.75, 0.25), "I": (0.25, 0.25)}

# The full name of each category, for legends and titles.
NAMES = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent", "R": "reverse",
         "Q": "questionable"}

FACTOR_COLORS = {"basic": PALETTE["M"], "performance": PALETTE["O"], "excitement": PALETTE["A"],
                 "unclassified": PALETTE["Q"], "not estimable": PALETTE["I"]}


def subplots(*args, **kwargs):
    """A new figure and its Axes (``pyplot.subplots``), constrained layout, not held by pyplot."""
    import matplotlib.pyplot as plt

    kwargs.setdefault("layout", "constrained")
    fig, axes = plt.subplots(*args, **kwargs)
    return _released(fig), axes


def figure(**kwargs):
    """A new figure (``pyplot.figure``), constrained layout, not held by pyplot."""
    import matplotlib.pyplot as plt

    kwargs.setdefault("layout", "constrained")
    return _released(plt.figure(**kwargs))


def _released(fig):
    """``fig`` closed in pyplot (the caller gets it; pyplot does not show it a second time), on an Agg canvas.

    Closing leaves newer matplotlib with a bare canvas whose ``draw()`` does nothing; the
    Agg canvas draws, renders and saves in every format, and Jupyter shows it.
    """
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plt.close(fig)
    FigureCanvasAgg(fig)
    fig._cxresearch = True  # made here: titles and legends may go on the figure itself
    return fig


def made_here(fig) -> bool:
    """Whether cxresearch made ``fig`` (else it is the caller's, given through ``ax=``, and left as it is)."""
    return getattr(fig, "_cxresearch", False)


def drawing(func):
    """Mark a plotting function: its figure is finished when it returns.

    Texts whose script the current font lacks get an installed font that has it, or one
    warning naming the fix (:func:`~cxresearch.plotting._fonts.fit_fonts`): in the whole
    figure when cxresearch made it, else only in the Axes drawn (the caller's figure is
    left as it is). The function's return value (Axes, array of Axes) is handed back.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        drawn = func(*args, **kwargs)
        axes = [drawn] if hasattr(drawn, "figure") and not hasattr(drawn, "savefig") else \
            list(getattr(drawn, "flat", [drawn]))
        fig = axes[0] if hasattr(axes[0], "savefig") else axes[0].figure
        fit_fonts(fig, None if made_here(fig) else axes)
        return drawn

    return wrapper


def label_points(ax, x, y, names, size: float = 45.0) -> None:
    """Name each point, placed where it overlaps no other name (see :func:`place_labels`).

    ``size`` is the marker area in points² (as matplotlib's ``scatter(s=...)``).
    """
    place_labels(ax, x, y, names, marker_size=size)


def wrapped(text: str, width: int = 34) -> str:
    """A title wrapped at ``width`` characters so neighbouring panel titles do not collide."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=True, break_on_hyphens=False)) or str(text)


def key_text(key) -> str:
    """``'a / b'`` for a groupby key (a tuple or a single value)."""
    return " / ".join(map(str, key if isinstance(key, tuple) else (key,)))


def category_legend(ax, categories, outside: bool = True, **kwargs) -> None:
    """A legend of Kano categories with their full names ("A attractive", ...), in the palette.

    ``outside``: below the panels, for a figure cxresearch made; otherwise inside ``ax``.
    """
    from matplotlib.lines import Line2D

    cats = [c for c in PALETTE if c in set(map(str, categories))]
    handles = [Line2D([], [], ls="", marker="o", color=PALETTE[c], label=f"{c} {NAMES[c]}") for c in cats]
    kwargs.setdefault("fontsize", "x-small")
    if outside:
        kwargs.pop("loc", None)
        outside_legend(ax.figure, handles, **kwargs)
    else:
        ax.legend(handles=handles, **kwargs)


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
    out = [(key_text(k), g, a) for (k, g), a in zip(groups, axes)]
    return out, axes


# Where each quadrant's name goes in a Better (y) against |Worse| (x) plane: its outer corner.
CORNERS = {"A": (0.02, 0.98, "left", "top"), "O": (0.98, 0.98, "right", "top"),
           "M": (0.98, 0.02, "right", "bottom"), "I": (0.02, 0.02, "left", "bottom")}


def quadrant_names(ax) -> None:
    """The Kano quadrants' names in the outer corners of a Better-|Worse| plane (where points are rare)."""
    for cat, (qx, qy, ha, va) in CORNERS.items():
        ax.text(qx, qy, NAMES[cat], transform=ax.transAxes, ha=ha, va=va, fontsize=8, alpha=0.6,
                color=PALETTE[cat], fontstyle="italic")


def outside_legend(fig, handles, **kwargs) -> None:
    """A legend below the panels, in as many columns as fit the figure's width."""
    longest = max((len(h.get_label()) for h in handles), default=1)
    ncol = max(1, min(len(handles), int(fig.get_figwidth() * 72 / (longest * 4.6 + 32))))
    kwargs.update(loc="outside lower center", ncol=ncol, frameon=False)
    kwargs.setdefault("fontsize", "x-small")
    fig.legend(handles=handles, **kwargs)


def headline(ax, panels: int, text: str, note: str = "") -> None:
    """The figure's title: on the Axes for one panel, above all panels for several; ``note`` on a second line.

    Lines are wrapped to the width available, so a title is never cut at the figure's edge. A
    figure the caller gave (``ax=``) keeps its own title when there are several panels.
    """
    fig = ax.figure
    chars = max(int(fig.get_figwidth() * 72 / (10 * 0.6)), 24)
    full = "\n".join(wrapped(line, chars) for line in (text, note) if line)
    if panels > 1:
        if made_here(fig):  # the caller's figure keeps its own title
            fig.suptitle(full, fontsize=10)
    else:
        ax.set_title(full, fontsize=10)
