"""The figures of the tracking room: the KPI over waves with interval bands (and the figure helpers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error

COLORS = ["#457b9d", "#2a9d8f", "#e9c46a", "#8d6e63", "#f4a261", "#6d597a", "#e63946", "#b8b8b8"]


def new_axes(ax, panels: int = 1, size: tuple[float, float] = (7.0, 4.0)):
    """``ax`` as a list of ``panels`` Axes, or a new figure (constrained layout, not held by pyplot)."""
    if ax is not None:
        axes = list(np.atleast_1d(ax).ravel())
        if len(axes) != panels:
            raise arg_error("ax", f"{panels} Axes, one per panel", ax)
        return axes
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    cols = min(panels, 3)
    rows = int(np.ceil(panels / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(size[0] * (1 if panels == 1 else 0.75 * cols), size[1] * rows),
                             layout="constrained", squeeze=False, sharey=True)
    plt.close(fig)  # the caller gets the figure; pyplot does not show it a second time
    FigureCanvasAgg(fig)
    fig._cxresearch = True
    for extra in axes.ravel()[panels:]:
        extra.set_visible(False)
    return list(axes.ravel()[:panels])


def wave_ticks(ax, waves: list) -> np.ndarray:
    """Waves at positions 0, 1, ... labelled as the user wrote them; the positions."""
    x = np.arange(len(waves), dtype=float)
    ax.set_xticks(x, [_label(w) for w in waves], rotation=30 if len(waves) > 6 else 0)
    return x


def _label(wave) -> str:
    if isinstance(wave, pd.Timestamp):
        return wave.strftime("%Y-%m-%d")
    return str(wave)


def segment_groups(table: pd.DataFrame, by: tuple) -> list[tuple[str, pd.DataFrame]]:
    """(label, rows) per segment in table order; one unnamed segment without ``by``."""
    if not by:
        return [("", table)]
    return [(" / ".join(map(str, k if isinstance(k, tuple) else (k,))), g)
            for k, g in table.groupby(list(by), sort=False, observed=True)]


def kpi_trend(result, ax=None):
    """The KPI over the waves, one line per segment with its interval as a band (points without waves)."""
    (ax,) = new_axes(ax)
    t, kind = result.table, result.kind
    waves = list(dict.fromkeys(t[result.time])) if result.time else [""]
    x = wave_ticks(ax, waves) if result.time else np.arange(1.0)
    groups = segment_groups(t, result.by)
    for j, (label, g) in enumerate(groups):
        color = COLORS[j % len(COLORS)]
        y = g[kind].to_numpy(dtype=float)
        low, high = g[f"{kind}_ci_low"].to_numpy(dtype=float), g[f"{kind}_ci_high"].to_numpy(dtype=float)
        if result.time:
            ax.plot(x, y, marker="o", color=color, label=label or kind)
            ax.fill_between(x, low, high, color=color, alpha=0.18, lw=0)
        else:
            xs = np.array([j], dtype=float)
            ax.errorbar(xs, y, yerr=[y - low, high - y], fmt="o", color=color, capsize=4, label=label or kind)
    if not result.time:
        ax.set_xticks(np.arange(len(groups)), [g[0] or kind for g in groups])
        ax.set_xlim(-0.5, len(groups) - 0.5)
    if result.by and result.time:
        ax.legend(fontsize="small", title=" / ".join(map(str, result.by)), title_fontsize="small")
    if kind == "nps":
        ax.axhline(0, color="grey", lw=0.6)
    ax.set(xlabel=str(result.time or ""), ylabel=_axis_label(result),
           title=f"{_axis_label(result)} with {result.confidence:.0%} intervals")
    return ax


def _axis_label(result) -> str:
    names = {"nps": "NPS (promoters - detractors)", "top_box": "top-box share", "top2_box": "top-2-box share",
             "mean": "mean", "share": "share"}
    return f"{names[result.kind]} of {result.metric}"
