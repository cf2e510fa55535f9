"""Drop-off figures: category shares over waves, moves in the Better-Worse plane, power curves.

The shares and arrows figures show, by default, the attributes that moved (direction
"drop-off" or "rise"), each change point marked; ``attributes=`` and ``top=`` choose others,
and the title says what is shown and how many are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error
from cxresearch._core.params import check
from cxresearch.plotting._base import (
    drawing, NAMES, PALETTE, headline, key_text, label_points, outside_legend, quadrant_names, subplots, wrapped,
)
from cxresearch._core.plot_params import CATEGORIES, NCOLS
from cxresearch.plotting._select import pick

MOVED = ("drop-off", "rise")
DIRECTION_COLORS = {"drop-off": PALETTE["M"], "rise": PALETTE["A"]}


def _axis_values(wave: pd.Series) -> pd.Series:
    """Waves as matplotlib can place them: periods at their first day, durations in days, the rest as it is."""
    if isinstance(wave.dtype, pd.PeriodDtype):
        return wave.dt.to_timestamp()
    if pd.api.types.is_timedelta64_dtype(wave.dtype):  # older matplotlib cannot fill between Timedeltas
        return wave.dt.total_seconds() / 86400.0
    return wave


def shown(result, attributes=None, top=None, noun: str = "attributes"):
    """The attributes a drift figure shows (those that moved by default) and the title's note.

    ``top`` ranks by the smallest adjusted p-value of the drift test (the clearest drift).
    """
    t = result.table
    moved = t.loc[t["direction"].isin(MOVED), "attribute"]
    p = pd.to_numeric(t["p_adjusted"], errors="coerce").fillna(1.0)
    rank = -p.groupby(t["attribute"], sort=False, observed=True).min()
    names = list(dict.fromkeys(t["attribute"]))
    picked = pick(names, attributes, top, rank, "evidence of drift (smallest adjusted p)",
                  default=list(moved) if len(moved) else None, default_words="those that moved")
    note = picked.text(noun)
    if not len(moved) and attributes is None and top is None:
        note = f"none of the {len(names)} {noun} moved: all shown"
    return picked.names, note


@drawing
def dropoff_shares(result, ax=None, categories: str = "AOMI", ncols: int = 4, attributes=None, top=None):
    """Small multiples: the share of each category per wave, one panel per attribute [x group], change points dashed."""
    check("categories", categories, CATEGORIES)
    check("ncols", ncols, NCOLS)
    bad = [c for c in categories if c not in PALETTE]
    if bad:
        raise arg_error("categories", "Kano category letters from 'AOMIRQ'", categories)
    names, note = shown(result, attributes, top)
    keys = ["attribute", *result.by]
    data = result.shares[result.shares["category"].astype(str).isin(list(categories))
                         & result.shares["attribute"].isin(names)]
    cells = list(data.groupby(keys, sort=False, observed=True))
    ncols = min(ncols, max(len(cells), 1))
    nrows = int(np.ceil(len(cells) / ncols))
    if ax is None:
        _, axes = subplots(nrows, ncols, figsize=(3.2 * ncols, 2.5 * nrows + 1.0), sharey=True, squeeze=False)
    else:
        axes = np.atleast_2d(ax)
        if axes.size < len(cells):
            raise arg_error("ax", f"at least {len(cells)} Axes, one per panel", ax)
    flat = axes.ravel()
    table = result.table.set_index(keys)
    for a, (key, part) in zip(flat, cells):
        for cat in categories:
            sub = part[part["category"].astype(str) == cat]
            x = _axis_values(sub[result.time])
            a.plot(x, sub["share"], marker="o", ms=3, color=PALETTE[cat], label=f"{cat} {NAMES[cat]}")
            a.fill_between(x, sub["ci_low"], sub["ci_high"], color=PALETTE[cat], alpha=0.12)
        row = table.loc[_index_key(key)]
        _mark_change(a, row.get("changepoint"), part[result.time].dtype)
        a.set_title(wrapped(f"{key_text(key)} ({row['direction']})", 30), fontsize=8,
                    color=DIRECTION_COLORS.get(row["direction"], "black"))
        a.set_ylim(0, 1)
        a.tick_params(labelsize=7)
    for a in flat[len(cells):]:
        a.set_visible(False)
    handles = flat[0].get_legend_handles_labels()[0]
    if ax is None:
        outside_legend(flat[0].figure, handles)
    else:
        flat[0].legend(fontsize=6, loc="upper left")
    has_cp = "changepoint" in result.table and result.table.loc[
        result.table["attribute"].isin(names), "changepoint"].notna().any()
    headline(flat[0], 2, f"Kano category shares by {result.time} (bands: {result.confidence:.0%} intervals"
             f"{'; dashed: change point' if has_cp else ''})", note)
    return axes


def _index_key(key):
    """A groupby key as a row label of the table indexed by the same keys."""
    key = key if isinstance(key, tuple) else (key,)
    return key[0] if len(key) == 1 else key


def _mark_change(ax, changepoint, dtype) -> None:
    """A dashed line at the first wave after the change point."""
    if changepoint is None or (pd.api.types.is_scalar(changepoint) and pd.isna(changepoint)):
        return
    x = _axis_values(pd.Series([changepoint]).astype(dtype)).iloc[0]
    ax.axvline(x, color="#333333", lw=0.9, ls="--", zorder=0)


@drawing
def dropoff_arrows(result, ax=None, attributes=None, top=None):
    """Each attribute's move in the Better-Worse plane, from its first to its last wave."""
    names, note = shown(result, attributes, top)
    keys = ["attribute", *result.by]
    s = result.shares[result.shares["attribute"].isin(names)]
    wide = s.pivot_table(index=[*keys, result.time], columns="category", values="count",
                         observed=True, sort=True).reset_index()
    m = wide[["A", "O", "M", "I"]].sum(axis=1)
    wide["better"] = (wide["A"] + wide["O"]) / m
    wide["worse"] = (wide["O"] + wide["M"]) / m
    if ax is None:
        _, ax = subplots(figsize=(6.5, 6))
    table = result.table.set_index(keys)
    ends, labels = [], []
    for key, part in wide.groupby(keys, sort=False, observed=True):
        first, last = part.iloc[0], part.iloc[-1]
        color = DIRECTION_COLORS.get(table.loc[_index_key(key), "direction"], "#999999")
        ax.annotate("", xy=(last["worse"], last["better"]), xytext=(first["worse"], first["better"]),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 1.4})
        ax.scatter([first["worse"]], [first["better"]], s=10, color=color, zorder=2)
        ends.append((last["worse"], last["better"]))
        labels.append(key_text(key))
    if ends:
        label_points(ax, *np.array(ends).T, labels, size=30)
    ax.axhline(0.5, color="black", lw=0.6)
    ax.axvline(0.5, color="black", lw=0.6)
    quadrant_names(ax)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="|Worse| (dissatisfaction if absent)",
           ylabel="Better (satisfaction if present)")
    waves = f"{result.time} {_wave_text(wide[result.time].min())} to {_wave_text(wide[result.time].max())}" \
        if len(wide) else result.time
    headline(ax, 1, f"Moves in the Better-Worse plane, {waves} (red: drop-off, green: rise, grey: stable)", note)
    return ax


def _wave_text(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return f"{value:g}" if isinstance(value, (float, np.floating)) else str(value)


@drawing
def power_curve(result, ax=None):
    """Power against respondents per wave, with interval bars and the 80% line."""
    t = result.table
    if ax is None:
        _, ax = subplots(figsize=(5.5, 4))
    yerr = np.clip(np.vstack([t["power"] - t["power_ci_low"], t["power_ci_high"] - t["power"]]), 0, None)
    ax.errorbar(t["respondents_per_wave"], t["power"], yerr=yerr, marker="o", color=PALETTE["O"])
    ax.axhline(0.8, color="black", lw=0.6, ls="--")
    ax.set(ylim=(0, 1.02), xlabel="respondents per wave", ylabel="power")
    headline(ax, 1, f"Power to detect a drift of {result.drift:.0%} over {result.waves} waves "
             "(bars: Wilson intervals; dashed: 80%)")
    return ax
