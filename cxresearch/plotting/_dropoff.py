"""Drop-off figures: category shares over waves, moves in the Better-Worse plane, power curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch.plotting._base import NAMES, PALETTE, QUADRANTS, subplots


def _axis_values(wave: pd.Series) -> pd.Series:
    """Waves as matplotlib can place them: periods at their first day, durations in days, the rest as it is."""
    if isinstance(wave.dtype, pd.PeriodDtype):
        return wave.dt.to_timestamp()
    if pd.api.types.is_timedelta64_dtype(wave.dtype):  # older matplotlib cannot fill between Timedeltas
        return wave.dt.total_seconds() / 86400.0
    return wave


def dropoff_shares(result, ax=None, categories: str = "AOMI", ncols: int = 4):
    """Small multiples: the share of each category per wave, one panel per attribute [x group]."""
    keys = ["attribute", *result.by]
    data = result.shares[result.shares["category"].astype(str).isin(list(categories))]
    cells = list(data.groupby(keys, sort=False, observed=True))
    ncols = min(ncols, len(cells))
    nrows = int(np.ceil(len(cells) / ncols))
    if ax is None:
        _, axes = subplots(nrows, ncols, figsize=(3.2 * ncols, 2.6 * nrows), sharey=True,
                               squeeze=False)
    else:
        axes = np.atleast_2d(ax)
    flat = axes.ravel()
    for a, (key, part) in zip(flat, cells):
        for cat in categories:
            sub = part[part["category"].astype(str) == cat]
            x = _axis_values(sub[result.time])
            a.plot(x, sub["share"], marker="o", ms=3, color=PALETTE[cat], label=cat)
            a.fill_between(x, sub["ci_low"], sub["ci_high"], color=PALETTE[cat], alpha=0.12)
        title = " / ".join(map(str, key if isinstance(key, tuple) else (key,)))
        a.set_title(title, fontsize=9)
        a.set_ylim(0, 1)
        a.tick_params(labelsize=7)
    for a in flat[len(cells):]:
        a.set_visible(False)
    flat[0].legend(fontsize=7, ncol=len(categories), loc="upper left")
    return axes

def dropoff_arrows(result, ax=None):
    """Each attribute's move in the Better-Worse plane, from its first to its last wave."""
    keys = ["attribute", *result.by]
    s = result.shares
    wide = s.pivot_table(index=[*keys, result.time], columns="category", values="count",
                         observed=True, sort=True).reset_index()
    m = wide[["A", "O", "M", "I"]].sum(axis=1)
    wide["better"] = (wide["A"] + wide["O"]) / m
    wide["worse"] = (wide["O"] + wide["M"]) / m
    if ax is None:
        _, ax = subplots(figsize=(6, 5.5))
    table = result.table.set_index(keys)
    for key, part in wide.groupby(keys, sort=False, observed=True):
        first, last = part.iloc[0], part.iloc[-1]
        direction = table.loc[key, "direction"]
        color = {"drop-off": PALETTE["M"], "rise": PALETTE["A"]}.get(direction, "#999999")
        ax.annotate("", xy=(last["worse"], last["better"]), xytext=(first["worse"], first["better"]),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 1.4})
        label = " / ".join(map(str, key if isinstance(key, tuple) else (key,)))
        ax.annotate(label, (last["worse"], last["better"]), xytext=(3, 3), textcoords="offset points",
                    fontsize=7)
    ax.axhline(0.5, color="black", lw=0.6)
    ax.axvline(0.5, color="black", lw=0.6)
    for cat, (qx, qy) in QUADRANTS.items():
        ax.text(qx, qy, NAMES[cat], ha="center", va="center", fontsize=9, alpha=0.35, color=PALETTE[cat])
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="|Worse|", ylabel="Better",
           title="Drift from first to last wave (red: drop-off)")
    return ax

def power_curve(result, ax=None):
    """Power against respondents per wave, with interval bars and the 80% line."""
    t = result.table
    if ax is None:
        _, ax = subplots(figsize=(5.5, 4))
    yerr = np.clip(np.vstack([t["power"] - t["power_ci_low"], t["power_ci_high"] - t["power"]]), 0, None)
    ax.errorbar(t["respondents_per_wave"], t["power"], yerr=yerr, marker="o", color=PALETTE["O"])
    ax.axhline(0.8, color="black", lw=0.6, ls="--")
    ax.set(ylim=(0, 1.02), xlabel="respondents per wave", ylabel="power",
           title=f"Power to detect a drift of {result.drift:.0%} over {result.waves} waves")
    return ax
