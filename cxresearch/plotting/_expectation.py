"""Expectation figures: the zone chart, the spread of individual standards, and the promise curve."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch.errors import CXInputError
from cxresearch.plotting._base import drawing, PALETTE, headline, small_multiples, subplots

SEGMENT_COLORS = ["#457b9d", "#2a9d8f", "#e9c46a", "#8d6e63", "#f4a261", "#6d597a", "#b8b8b8"]
BELOW, INSIDE, ABOVE = PALETTE["M"], "#1d3557", PALETTE["A"]


def _segments(table, by):
    """(label, rows) per segment in table order; one unnamed segment without ``by``."""
    if not by:
        return [("", table)]
    return [(" / ".join(map(str, k if isinstance(k, tuple) else (k,))), g)
            for k, g in table.groupby(list(by), sort=False, observed=True)]


@drawing
def tolerance_zones(result, ax=None):
    """Per attribute a bar from mean adequate to mean desired (one per segment), perceived marked."""
    t = result.table
    names = list(dict.fromkeys(t["attribute"]))
    groups = _segments(t, result.by)
    k = len(groups)
    if ax is None:
        _, ax = subplots(figsize=(7.0, 0.5 * len(names) * max(k, 1.5) + 1.5))
    height = 0.8 / k
    for j, (label, g) in enumerate(groups):
        g = g.set_index("attribute").reindex(names)
        y = np.arange(len(names)) - 0.4 + height * (j + 0.5)
        color = SEGMENT_COLORS[j % len(SEGMENT_COLORS)]
        ax.barh(y, g["zone_width"], left=g["adequate"], height=height * 0.85, color=color, alpha=0.45,
                edgecolor=color, label=label or "zone of tolerance")
        p = g["perceived"].to_numpy(dtype=float)
        marks = np.where(p < g["adequate"], BELOW, np.where(p > g["desired"], ABOVE, INSIDE))
        ax.scatter(p, y, marker="D", s=36, c=marks, edgecolor="white", zorder=3)
    ax.set_yticks(np.arange(len(names)), names)
    ax.invert_yaxis()
    lo, hi = result.scale
    ax.set_xlim(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo))
    for color, text in ((BELOW, "perceived below the zone"), (INSIDE, "perceived inside"),
                        (ABOVE, "perceived above the zone")):
        ax.scatter([], [], marker="D", c=color, label=text)
    ax.legend(fontsize="small", loc="best")
    ax.set(xlabel="service level (bar: mean adequate to mean desired)", title="Zones of tolerance")
    return ax


@drawing
def tolerance_spread(result, ax=None):
    """Per attribute: the share of customers whose own adequate level is met, and whose own desired level is
    exceeded, at each service level; the mean perceived level of each segment marked."""
    if result.levels is None:
        raise CXInputError("plot(kind='spread') needs whole-number answers (ratings on a scale of at most 101 "
                           "points): the levels of these answers were not tabulated. Use kind='zones'.")
    lv = result.levels
    names = list(dict.fromkeys(result.table["attribute"]))
    ordered = lv.assign(_a=pd.Categorical(lv["attribute"], categories=names))  # panels in attribute order
    panels, ret = small_multiples(ordered, ("_a",), ax, size=(4.2, 3.6))
    for title, part, a in panels:
        for j, (label, g) in enumerate(_segments(part, result.by)):
            color = SEGMENT_COLORS[j % len(SEGMENT_COLORS)]
            x = g["level"].to_numpy(dtype=float)
            met = np.cumsum(g["adequate"].to_numpy(dtype=float))
            delighted = np.concatenate([[0.0], np.cumsum(g["desired"].to_numpy(dtype=float))[:-1]])
            a.step(x, met, where="post", color=color, label=f"{label + ': ' if label else ''}adequate met")
            a.step(x, delighted, where="post", color=color, ls="--",
                   label=f"{label + ': ' if label else ''}desired exceeded")
            row = result.table[(result.table["attribute"] == title)]
            if result.by:
                row = row.merge(g[list(result.by)].drop_duplicates(), on=list(result.by))
            if len(row):
                a.axvline(float(row["perceived"].iloc[0]), color=color, lw=0.8, ls=":")
        a.set(ylim=(0, 1.02), xlabel="service level", ylabel="share of customers", title=title)
    first = np.atleast_1d(ret)[0]
    first.legend(fontsize="x-small", loc="upper left")
    headline(first, 2, "Different customers, different standards (dotted: mean perceived)")  # above the panels
    return ret


def _said(value: float) -> float:
    """A promise as a person would say it: whole above 3, one decimal below."""
    return float(round(value)) if value >= 3 else float(round(value, 1))


def _step(value: float) -> float:
    """The 1-2-5 number nearest (on a log scale) to ``value``."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    base = 10.0 ** np.floor(np.log10(value))
    options = np.array([1, 2, 5, 10]) * base
    return float(options[np.argmin(np.abs(np.log(options / value)))])


def _panels(result, ax):
    """One Axes per segment, not sharing axes (each segment's promises have their own range)."""
    n = len(_segments(result.table, result.by))
    if ax is None:
        _, axes = subplots(1, n, figsize=(6.0 * n, 4.4), squeeze=False, layout="constrained")
        return list(axes[0]), axes[0] if n > 1 else axes[0][0]
    axes = list(np.atleast_1d(ax))
    if len(axes) != n:
        raise CXInputError(f"`ax` must be {n} Axes, one per segment; got {len(axes)}.")
    return axes, ax


@drawing
def promise_curve(result, ax=None):
    """Expected satisfaction (left axis) and the share of promises kept (right axis) against the promise."""
    axes, ret = _panels(result, ax)
    rows = _segments(result.table, result.by)
    curves = dict(_segments(result.curve, result.by))
    p_name, _, y_name = result.names
    for i, (a, (title, row)) in enumerate(zip(axes, rows)):
        row, c = row.iloc[0], curves.get(title, result.curve.iloc[:0])
        a.plot(c["promise"], c["expected_satisfaction"], color=PALETTE["O"], lw=2, label="expected satisfaction")
        a.scatter([row["mean_promised"]], [row["satisfaction"]], color="black", zorder=3,
                  label=f"today: mean promise {row['mean_promised']:.3g}, kept {row['kept']:.0%}")
        twin = a.twinx()
        twin.plot(c["promise"], c["keep_rate"], color=PALETTE["A"], ls="--", label="share of promises kept")
        twin.set(ylim=(0, 1.02), ylabel="share of promises kept" if i == len(axes) - 1 else "")
        if np.isfinite(row["best_promise"]):
            a.axvline(row["best_promise"], color=PALETTE["M"], lw=1)
            a.annotate(f"best {row['best_promise']:.3g}: kept {row['best_keep_rate']:.0%}\n({row['optimum']})",
                       (row["best_promise"], row["best_satisfaction"]), xytext=(6, -30), textcoords="offset points",
                       fontsize=8, color=PALETTE["M"])
        _said_came(a, row, result.lower_is_better)
        a.set(xlabel=f"promise ({p_name})", ylabel=f"expected {y_name}" if i == 0 else "",
              title=f"{title + ': ' if title else ''}The promise to make")
        lines = a.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        a.legend(lines, [h.get_label() for h in lines], fontsize="x-small", loc="lower right")
    return ret


def _said_came(ax, row, lower_is_better: bool) -> None:
    """"said 8, came in 5: +0.30" - what beating and breaking a promise by the same amount are worth."""
    if not (np.isfinite(row["gain"]) and np.isfinite(row["loss"])):
        return
    said = _said(row["best_promise"] if np.isfinite(row["best_promise"]) else row["mean_promised"])
    step = _step(0.4 * abs(said))
    other = round(said - step if lower_is_better else said + step, 6)
    text = (f"said {said:g}, came in {other:g}: {row['gain'] * step:+.2f}\n"
            f"said {other:g}, came in {said:g}: {-row['loss'] * step:+.2f}\n(against a promise kept exactly)")
    ax.text(0.98, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize=8,
            bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.8, "edgecolor": "#cccccc"})
