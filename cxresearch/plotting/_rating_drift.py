"""Figures of rating drift: penalty and reward per period with trend lines; moves in the penalty-reward plane.

Up to 8 attributes are all shown; beyond that, by default those that moved (as the drop-off
figures); ``attributes=`` and ``top=`` choose others and the title says how many are left out.
"""

from __future__ import annotations

import numpy as np

from cxresearch._core.checks import arg_error
from cxresearch._core.params import check
from cxresearch._core.plot_params import NCOLS
from cxresearch.plotting._base import (
    drawing, FACTOR_COLORS, PALETTE, headline, key_text, label_points, outside_legend, subplots, wrapped,
)
from cxresearch.plotting._dropoff import shown

_DIRECTION = {"drop-off": PALETTE["M"], "rise": PALETTE["A"]}
ALL_UP_TO = 8


def _shown(result, attributes, top):
    if attributes is None and top is None and result.table["attribute"].nunique() <= ALL_UP_TO:
        attributes = list(dict.fromkeys(result.table["attribute"]))
        return attributes, ""
    return shown(result, attributes, top)


def _row(table, key):
    key = key if isinstance(key, tuple) else (key,)
    return table.loc[key[0] if len(key) == 1 else key]


@drawing
def rating_paths(result, ax=None, ncols: int = 4, attributes=None, top=None):
    """Small multiples: each period's penalty (below 0) and reward (above 0) with intervals, and the trend lines."""
    check("ncols", ncols, NCOLS)
    names, note = _shown(result, attributes, top)
    keys = ["attribute", *result.by]
    cells = list(result.periods[result.periods["attribute"].isin(names)].groupby(keys, sort=False, observed=True))
    ncols = min(ncols, max(len(cells), 1))
    nrows = int(np.ceil(len(cells) / ncols))
    if ax is None:
        _, axes = subplots(nrows, ncols, figsize=(3.3 * ncols, 2.6 * nrows + 1.0), sharey=True, squeeze=False)
    else:
        axes = np.atleast_2d(ax)
        if axes.size < len(cells):
            raise arg_error("ax", f"at least {len(cells)} Axes, one per panel", ax)
    flat = axes.ravel()
    lines = {key: part for key, part in result.fitted.groupby(keys, sort=False, observed=True)} \
        if len(result.fitted) else {}
    table = result.table.set_index(keys)
    for a, (key, part) in zip(flat, cells):
        for name, color in (("penalty", PALETTE["M"]), ("reward", PALETTE["A"])):
            est = part[name].to_numpy(dtype=float)
            err = np.vstack([est - part[f"{name}_ci_low"], part[f"{name}_ci_high"] - est]) \
                if f"{name}_ci_low" in part else None
            a.errorbar(part["t"], est, yerr=None if err is None else np.clip(err, 0, None), fmt="o", ms=3,
                       color=color, label=name, capsize=2, lw=0.8)
            if key in lines:
                a.plot(lines[key]["t"], lines[key][name], color=color, lw=1.2, alpha=0.7)
        a.axhline(0, color="black", lw=0.6)
        a.set_xticks(part["t"].to_numpy(dtype=float))
        a.set_xticklabels([str(p) for p in part["period"]], fontsize=7, rotation=45)
        direction = _row(table, key)["direction"]
        a.set_title(wrapped(f"{key_text(key)} ({direction})", 30), fontsize=8, color=_DIRECTION.get(direction, "black"))
        a.tick_params(labelsize=7)
    for a in flat[len(cells):]:
        a.set_visible(False)
    handles = flat[0].get_legend_handles_labels()[0]
    if ax is None:
        outside_legend(flat[0].figure, handles)
    else:
        flat[0].legend(fontsize=7, loc="lower left")
    headline(flat[0], 2, "Penalty (below 0) and reward (above 0) per period "
             f"(bars: {result.confidence:.0%} intervals; lines: fitted trends)", note)
    return axes


@drawing
def rating_arrows(result, ax=None, attributes=None, top=None):
    """Each attribute's move on its trend lines in the |penalty| - reward plane, first to last period."""
    names, note = _shown(result, attributes, top)
    keys = ["attribute", *result.by]
    if ax is None:
        _, ax = subplots(figsize=(6, 5.5))
    fitted = result.fitted[result.fitted["attribute"].isin(names)] if len(result.fitted) else result.fitted
    top_value = 1.05 * max(float(np.nanmax(np.abs(fitted[["penalty", "reward"]].to_numpy(dtype=float)))), 0.1) \
        if len(fitted) else 1.0
    table = result.table.set_index(keys)
    ends, labels = [], []
    for key, part in (fitted.groupby(keys, sort=False, observed=True) if len(fitted) else []):
        first, last = part.iloc[0], part.iloc[-1]
        color = _DIRECTION.get(_row(table, key)["direction"], "#999999")
        ax.annotate("", xy=(abs(last["penalty"]), last["reward"]), xytext=(abs(first["penalty"]), first["reward"]),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 1.4})
        ends.append((abs(last["penalty"]), last["reward"]))
        labels.append(key_text(key))
    if ends:
        label_points(ax, *np.array(ends).T, labels, size=30)
    lo, hi = result.threshold
    x = np.array([0, top_value])
    ax.plot(x, x * (1 + hi) / (1 - hi), color="black", lw=0.6, ls="--")
    ax.plot(x, x * (1 + lo) / (1 - lo), color="black", lw=0.6, ls="--")
    for name, (qx, qy) in {"excitement": (0.1, 0.95), "performance": (0.85, 0.95), "basic": (0.92, 0.1)}.items():
        ax.text(qx * top_value, qy * top_value, name, ha="center", va="center", fontsize=9, alpha=0.4,
                color=FACTOR_COLORS[name])
    ax.set(xlim=(0, top_value), ylim=(0, top_value), xlabel="|penalty| (drop when rated low)",
           ylabel="reward (gain when rated high)")
    headline(ax, 1, "Drift on the trend lines, first to last period (red: drop-off, green: rise, grey: stable; "
             "dashed: factor bounds)", note)
    return ax
