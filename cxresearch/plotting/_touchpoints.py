"""Touchpoint figures: the touchpoint map, the gap heat map, and peaks and troughs of visits."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch.plotting._base import drawing, PALETTE, headline, outside_legend, small_multiples, subplots

NEGATIVE, POSITIVE = "negative moment of truth", "positive moment of truth"


@drawing
def touchpoint_map(table: pd.DataFrame, by: tuple[str, ...], ax=None):
    """Experience and expectation along the journey, one panel per segment; gaps shaded, moments marked."""
    panels, axes = small_multiples(table, by, ax, size=(5.5, 4.2))
    for title, t, a in panels:
        t = t.sort_values("order")
        x = np.arange(len(t))
        e, xp = t["experience"].to_numpy(float), t["expectation"].to_numpy(float)
        a.plot(x, xp, color="#555555", ls="--", marker=".", lw=1, label="expectation")
        a.plot(x, e, color=PALETTE["O"], marker="o", ms=3, lw=1.5, label="experience")
        a.fill_between(x, e, xp, where=e < xp, color=PALETTE["M"], alpha=0.25, interpolate=True, label="shortfall")
        a.fill_between(x, e, xp, where=e >= xp, color=PALETTE["A"], alpha=0.2, interpolate=True, label="surplus")
        for marker, which, color in (("v", NEGATIVE, PALETTE["M"]), ("^", POSITIVE, PALETTE["A"])):
            hit = (t["moment"] == which).to_numpy()
            a.scatter(x[hit], e[hit], marker=marker, s=90, color=color, zorder=3, edgecolor="black", lw=0.5,
                      label=which)
        a.set_xticks(x)
        a.set_xticklabels(t["touchpoint"].astype(str), rotation=70, ha="right", fontsize=7)
        a.set(title=title, ylabel="mean rating")
    first = np.atleast_1d(axes)[0]
    if ax is None:
        outside_legend(first.figure, first.get_legend_handles_labels()[0])
    else:
        first.legend(fontsize=7, loc="lower left")
    headline(first, len(panels), "Touchpoint map: experience and expectation along the journey "
             "(triangles: moments of truth)")
    return axes


@drawing
def gap_heatmap(table: pd.DataFrame, by: tuple[str, ...], ax=None):
    """The gaps as a touchpoint x segment heat map (diverging around 0); moments of truth boxed."""
    segment = table[list(by)].astype(str).agg(" / ".join, axis=1) if by else pd.Series("all", index=table.index)
    t = table.assign(_segment=segment.to_numpy())
    gap = t.pivot_table(index="touchpoint", columns="_segment", values="gap", sort=False)
    order = t.drop_duplicates("touchpoint").sort_values("order")["touchpoint"]
    gap = gap.reindex(index=order)
    moment = t.pivot(index="touchpoint", columns="_segment", values="moment").reindex(index=order, columns=gap.columns)
    if ax is None:
        _, ax = subplots(figsize=(1.4 * gap.shape[1] + 3, 0.32 * gap.shape[0] + 1.5))
    limit = float(np.nanmax(np.abs(gap.to_numpy()))) or 1.0
    image = ax.imshow(gap.to_numpy(float), cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    ax.figure.colorbar(image, ax=ax, label="gap (experience - expectation)")
    for (i, j), value in np.ndenumerate(gap.to_numpy(float)):
        strong = moment.iat[i, j] in (NEGATIVE, POSITIVE)
        ax.text(j, i, "" if np.isnan(value) else f"{value:.2f}", ha="center", va="center", fontsize=7,
                fontweight="bold" if strong else "normal", color="white" if abs(value) > 0.6 * limit else "black")
        if strong:
            ax.add_patch(_box(j, i))
    ax.set_xticks(range(gap.shape[1]))
    ax.set_xticklabels(gap.columns)
    ax.set_yticks(range(gap.shape[0]))
    ax.set_yticklabels(gap.index.astype(str), fontsize=7)
    ax.set_title("Gaps by touchpoint and segment (moments of truth boxed)")
    return ax


def _box(x: float, y: float):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, lw=1.6, edgecolor="black")


@drawing
def visit_moments(table: pd.DataFrame, by: tuple[str, ...], ax=None):
    """Per touchpoint, the share of visits where it is the peak (up) and the trough (down), per segment."""
    panels, axes = small_multiples(table, by, ax, size=(5.0, 3.8))
    for title, t, a in panels:
        y = np.arange(len(t))
        a.barh(y, t["peak_share"], color=PALETTE["A"], label="peak (best moment)")
        a.barh(y, -t["trough_share"], color=PALETTE["M"], label="trough (worst moment)")
        a.set_yticks(y)
        a.set_yticklabels(t["touchpoint"].astype(str), fontsize=7)
        a.invert_yaxis()
        a.axvline(0, color="black", lw=0.6)
        a.set(title=title, xlabel="share of visits passing the touchpoint")
    first = np.atleast_1d(axes)[0]
    first.legend(fontsize=7, loc="lower right")
    headline(first, len(panels), "Peaks and troughs of visits: where the best and the worst moments happen")
    return axes
