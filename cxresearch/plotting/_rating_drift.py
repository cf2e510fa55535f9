"""Figures of rating drift: penalty and reward per period with trend lines; moves in the penalty-reward plane."""

from __future__ import annotations

import numpy as np

from cxresearch.plotting._base import FACTOR_COLORS, PALETTE, subplots

_DIRECTION = {"drop-off": PALETTE["M"], "rise": PALETTE["A"]}


def _title(key) -> str:
    return " / ".join(map(str, key if isinstance(key, tuple) else (key,)))


def rating_paths(result, ax=None, ncols: int = 4):
    """Small multiples: each period's penalty (below 0) and reward (above 0) with intervals, and the trend lines."""
    keys = ["attribute", *result.by]
    cells = list(result.periods.groupby(keys, sort=False, observed=True))
    ncols = min(ncols, len(cells))
    nrows = int(np.ceil(len(cells) / ncols))
    if ax is None:
        _, axes = subplots(nrows, ncols, figsize=(3.3 * ncols, 2.7 * nrows), sharey=True, squeeze=False)
    else:
        axes = np.atleast_2d(ax)
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
        a.set_title(f"{_title(key)} ({table.loc[key, 'direction']})", fontsize=9)
        a.tick_params(labelsize=7)
    for a in flat[len(cells):]:
        a.set_visible(False)
    flat[0].legend(fontsize=7, loc="lower left")
    return axes


def rating_arrows(result, ax=None):
    """Each attribute's move on its trend lines in the |penalty| - reward plane, first to last period."""
    keys = ["attribute", *result.by]
    if ax is None:
        _, ax = subplots(figsize=(6, 5.5))
    fitted = result.fitted
    top = 1.05 * max(float(np.nanmax(np.abs(fitted[["penalty", "reward"]].to_numpy(dtype=float)))), 0.1) \
        if len(fitted) else 1.0
    table = result.table.set_index(keys)
    for key, part in (fitted.groupby(keys, sort=False, observed=True) if len(fitted) else []):
        first, last = part.iloc[0], part.iloc[-1]
        color = _DIRECTION.get(table.loc[key, "direction"], "#999999")
        ax.annotate("", xy=(abs(last["penalty"]), last["reward"]), xytext=(abs(first["penalty"]), first["reward"]),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 1.4})
        ax.annotate(_title(key), (abs(last["penalty"]), last["reward"]), xytext=(3, 3), textcoords="offset points",
                    fontsize=7)
    lo, hi = result.threshold
    x = np.array([0, top])
    ax.plot(x, x * (1 + hi) / (1 - hi), color="black", lw=0.6, ls="--")
    ax.plot(x, x * (1 + lo) / (1 - lo), color="black", lw=0.6, ls="--")
    for name, (qx, qy) in {"excitement": (0.1, 0.95), "performance": (0.85, 0.95), "basic": (0.92, 0.1)}.items():
        ax.text(qx * top, qy * top, name, ha="center", va="center", fontsize=9, alpha=0.4, color=FACTOR_COLORS[name])
    ax.set(xlim=(0, top), ylim=(0, top), xlabel="|penalty| (drop when rated low)", ylabel="reward (gain when rated high)",
           title="Drift on the trend lines, first to last period (red: drop-off)")
    return ax
