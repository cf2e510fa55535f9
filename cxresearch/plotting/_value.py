"""Figures of the value loop: waits as felt, value and cost to serve per segment, complaint and recovery paths."""

from __future__ import annotations

import numpy as np

from cxresearch.plotting._base import PALETTE, drawing, subplots

COLORS = ["#457b9d", "#2a9d8f", "#e9c46a", "#8d6e63", "#f4a261", "#6d597a", "#b8b8b8"]


def _label(row, by) -> str:
    return " / ".join(str(row[k]) for k in by) if by else ""


@drawing
def wait_perception(result, ax=None):
    """Perceived against actual waits on log-log axes: decile means, the fitted line, and felt = actual."""
    if ax is None:
        _, ax = subplots(figsize=(6.0, 4.6))
    by = list(result.by)
    a_name, p_name = result.names
    lows, highs = [], []
    for j, (_, row) in enumerate(result.table.iterrows()):
        color = COLORS[j % len(COLORS)]
        pts = result.bins
        for k in by:
            pts = pts[pts[k] == row[k]]
        label = _label(row, by)
        if len(pts) == 0:
            continue
        x = np.geomspace(pts["actual"].min(), pts["actual"].max(), 50)
        lows.append(x[0])
        highs.append(x[-1])
        ax.scatter(pts["actual"], pts["perceived"], color=color, s=22, zorder=3)
        if np.isfinite(row["slope"]):
            ax.plot(x, np.exp(row["intercept"]) * x ** row["slope"], color=color,
                    label=f"{label + ': ' if label else ''}ratio {row['ratio']:.2f}, slope {row['slope']:.2f}")
    if lows:
        x = np.geomspace(min(lows), max(highs), 10)
        ax.plot(x, x, color="grey", ls="--", lw=1, label="felt = actual")
    ax.set(xscale="log", yscale="log", xlabel=f"actual wait ({a_name})", ylabel=f"perceived wait ({p_name})",
           title="Waits as customers feel them (points: decile means)")
    ax.legend(fontsize="x-small", loc="upper left")
    return ax


@drawing
def value_margin(result, ax=None):
    """Per segment revenue and cost per customer (bars) with the margin per customer marked."""
    t = result.table
    by = list(result.by)
    if ax is None:
        _, ax = subplots(figsize=(max(5.0, 1.3 * len(t) + 2), 4.4))
    x = np.arange(len(t))
    names = [_label(r, by) for _, r in t.iterrows()]
    ax.bar(x - 0.2, t["revenue_per_customer"], width=0.4, color=PALETTE["O"], label="revenue per customer")
    ax.bar(x + 0.2, t["cost_per_customer"], width=0.4, color=PALETTE["Q"], label="cost per customer")
    m = t["margin_per_customer"].to_numpy(dtype=float)
    err = np.vstack([m - t["margin_per_customer_ci_low"], t["margin_per_customer_ci_high"] - m])
    ax.errorbar(x, m, yerr=err, fmt="D", color="black", capsize=3, label="margin per customer")
    for xi, (_, r) in zip(x, t.iterrows()):
        ax.annotate(f"{r['loss_making']:,} of {r['customers']:,} lose money", (xi, 0), xytext=(0, -28),
                    textcoords="offset points", ha="center", fontsize=7, color=PALETTE["M"])
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xticks(x, names)
    ax.set(ylabel="per customer", title="Value and cost to serve per segment")
    ax.legend(fontsize="x-small", loc="best")
    return ax


@drawing
def value_loss(result, ax=None):
    """Per segment the share of loss-making customers with its Wilson interval, and cost / revenue."""
    t = result.table
    by = list(result.by)
    if ax is None:
        _, ax = subplots(figsize=(max(5.0, 1.3 * len(t) + 2), 4.2))
    x = np.arange(len(t))
    s = t["loss_share"].to_numpy(dtype=float)
    err = np.vstack([s - t["loss_share_ci_low"], t["loss_share_ci_high"] - s])
    ax.bar(x, s, color=PALETTE["M"], alpha=0.8, yerr=err, capsize=3, label="loss-making customers")
    for xi, (_, r) in zip(x, t.iterrows()):
        ax.annotate(f"cost/revenue {r['cost_to_revenue']:.2f}", (xi, 0), xytext=(0, 4), textcoords="offset points",
                    ha="center", fontsize=7, color="white")
    ax.set_xticks(x, [_label(r, by) for _, r in t.iterrows()])
    ax.set(ylim=(0, 1), ylabel="share of customers", title="Customers who lose money, per segment")
    return ax


@drawing
def recovery_paths(result, ax=None):
    """The outcome by path (no problem, recovered, not recovered, silent) with intervals, one colour per segment."""
    t = result.table
    by = list(result.by)
    paths = list(dict.fromkeys(t["path"]))
    groups = [("", t)] if not by else [(" / ".join(map(str, k if isinstance(k, tuple) else (k,))), g)
                                        for k, g in t.groupby(by, sort=False, observed=True)]
    if ax is None:
        _, ax = subplots(figsize=(7.0, 4.4))
    width = 0.8 / len(groups)
    for j, (label, g) in enumerate(groups):
        g = g.set_index("path").reindex(paths)
        x = np.arange(len(paths)) - 0.4 + width * (j + 0.5)
        y = g["outcome"].to_numpy(dtype=float)
        err = np.vstack([y - g["outcome_ci_low"], g["outcome_ci_high"] - y])
        ax.bar(x, y, width=width * 0.9, color=COLORS[j % len(COLORS)], yerr=err, capsize=3, label=label or None)
    ax.set_xticks(np.arange(len(paths)), [p.replace(", ", ",\n") for p in paths])
    ylabel = f"share {result.outcome_name!r} yes" if result.binary else f"mean {result.outcome_name!r}"
    ax.set(ylabel=ylabel, title="Outcome by complaint path")
    if by:
        ax.legend(fontsize="x-small", loc="best")
    return ax


@drawing
def recovery_funnel(result, ax=None):
    """Per segment: share with a problem, voice rate, recovery rate (Wilson intervals)."""
    f = result.funnel
    by = list(result.by)
    if ax is None:
        _, ax = subplots(figsize=(7.0, 4.2))
    stages = [("problem_share", "had a problem"), ("voice_rate", "complained (of those)"),
              ("recovery_rate", "recovered (of complainers)")]
    width = 0.8 / len(f)
    for j, (_, r) in enumerate(f.iterrows()):
        x = np.arange(len(stages)) - 0.4 + width * (j + 0.5)
        y = np.array([r[s] for s, _ in stages], dtype=float)
        err = np.vstack([y - [r[f"{s}_ci_low"] for s, _ in stages], [r[f"{s}_ci_high"] for s, _ in stages] - y])
        ax.bar(x, y, width=width * 0.9, color=COLORS[j % len(COLORS)], yerr=err, capsize=3,
               label=_label(r, by) or None)
    ax.set_xticks(np.arange(len(stages)), [s for _, s in stages])
    ax.set(ylim=(0, 1), ylabel="share", title="From problem to complaint to recovery")
    if by:
        ax.legend(fontsize="x-small", loc="best")
    return ax
