"""Satisfaction figures: derived importance, penalty-reward, the importance-performance grid, surfaces."""

from __future__ import annotations

import numpy as np

from cxresearch._core.checks import check_argument
from cxresearch.plotting._base import (
    drawing, FACTOR_COLORS, PALETTE, figure, label_points, outside_legend, small_multiples, subplots,
)

@drawing
def gaps(result, ax=None):
    """Horizontal bars of the weighted gap, worst first."""
    t = result.table.sort_values("priority")
    if ax is None:
        _, ax = subplots(figsize=(6, 0.4 * len(t) + 1.5))
    colors = [PALETTE["M"] if v < 0 else PALETTE["A"] for v in t["weighted_gap"]]
    ax.barh(t["attribute"].astype(str), t["weighted_gap"], color=colors)
    ax.axvline(0, color="black", lw=0.6)
    ax.invert_yaxis()
    ax.set(xlabel="importance x (experience - expectation)", title="Weighted gaps (worst first)")
    return ax


@drawing
def drivers(result, ax=None):
    """Importance weights as horizontal bars, most important on top (one panel per segment)."""
    value = "pct_r2" if "pct_r2" in result.table else "weight"
    n_attr = result.table["attribute"].nunique()
    panels, ret = small_multiples(result.table, result.by, ax, size=(6.0, 0.35 * n_attr + 1.5))
    by = list(result.by)
    r2 = {tuple(row[by]): row["r2"] for _, row in result.fits.iterrows()}
    for title, part, a in panels:
        t = part.sort_values("rank")
        xerr = None
        if "weight_ci_low" in t:
            f = t[value] / t["weight"] if value == "pct_r2" else 1.0
            xerr = np.clip(np.vstack([t[value] - t["weight_ci_low"] * f, t["weight_ci_high"] * f - t[value]]), 0, None)
        a.barh(t["attribute"].astype(str), t[value].fillna(0), xerr=xerr, color=PALETTE["O"], ecolor="#555555")
        a.invert_yaxis()
        a.axvline(0, color="black", lw=0.6)
        fit_r2 = r2[tuple(part[by].iloc[0])]
        status = part["status"].iloc[0] if "status" in part else ""
        if status:  # a logistic model without estimates (separation): say so instead of drawing bars
            a.text(0.5, 0.5, status, transform=a.transAxes, ha="center", va="center", color=PALETTE["M"])
        pseudo = "pseudo-" if getattr(result, "family", "linear") == "logit" else ""
        a.set(xlabel=f"% of {pseudo}R²" if value == "pct_r2" else "standardised coefficient",
              title=f"{title + ': ' if title else ''}Derived importance ({pseudo}R² = {fit_r2:.2f})")
    return ret

@drawing
def penalty_reward(result, kind: str = "bars", ax=None):
    """Penalty and reward bars per attribute, or the impact-asymmetry grid (one panel per segment)."""
    check_argument("kind", ["bars", "asymmetry"], kind)
    n_attr = result.table["attribute"].nunique()
    size = (6.0, 4.5) if kind == "asymmetry" else (7.0, 0.4 * n_attr + 1.5)
    panels, ret = small_multiples(result.table, result.by, ax, size=size)
    for title, part, a in panels:
        t = part.sort_values("asymmetry")
        colors = [FACTOR_COLORS[f] for f in t["factor"]]
        if kind == "asymmetry":
            odd = (t["factor"] == "unclassified").to_numpy()
            a.scatter(t["asymmetry"], t["range_of_impact"], c=colors, s=50, zorder=2,
                      edgecolor=np.where(odd, "black", "white"), linewidths=np.where(odd, 1.5, 0.5))
            label_points(a, t["asymmetry"], t["range_of_impact"],
                         [f"{n} (unclassified: sign)" if o else n for n, o in zip(t["attribute"], odd)], size=50)
            for cut in result.bounds:
                a.axvline(cut, color="black", lw=0.6, ls="--")
            top = float(np.nanmax(result.table["range_of_impact"])) * 1.15
            for x, name in ((-0.6, "basic"), (0.0, "performance"), (0.6, "excitement")):
                a.text(x, top * 0.97, name, ha="center", va="top", color=FACTOR_COLORS[name], fontsize=9)
            a.set(xlim=(-1.05, 1.05), ylim=(0, top), xlabel="impact asymmetry (sgp - dgp)",
                  ylabel="range of impact (|penalty| + |reward|)",
                  title=f"{title + ': ' if title else ''}Impact-asymmetry analysis")
            continue
        y = np.arange(len(t))
        for col, alpha in (("penalty", 0.55), ("reward", 0.95)):
            err = np.clip(np.vstack([t[col] - t[f"{col}_ci_low"], t[f"{col}_ci_high"] - t[col]]), 0, None)
            a.barh(y, t[col], xerr=err, color=colors, alpha=alpha, ecolor="#555555", label=col)
        a.set_yticks(y, t["attribute"].astype(str))
        a.axvline(0, color="black", lw=0.6)
        scale = ("log-odds of " if getattr(result, "family", "linear") == "logit" else "effect on ") + result.outcome
        a.set(xlabel=f"{scale} (penalty: low band; reward: high band)",
              title=f"{title + ': ' if title else ''}Penalty (left) and reward (right); colour = factor")
    if kind == "bars":
        _factor_legend(panels[0][2], result.table["factor"], outside=ax is None)
    return ret


def _factor_legend(ax, factors, outside: bool) -> None:
    """Which colour is which factor (basic, performance, excitement, ...)."""
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=f) for f, c in FACTOR_COLORS.items() if f in set(factors)]
    if outside:
        outside_legend(ax.figure, handles)
    else:
        ax.legend(handles=handles, fontsize="x-small", loc="best")

@drawing
def importance_performance(result, ax=None):
    """Importance against performance with quadrant lines at the cut values."""
    t = result.table
    if ax is None:
        _, ax = subplots(figsize=(6.5, 5))
    colors = {"concentrate here": PALETTE["M"], "keep up the good work": PALETTE["A"],
              "low priority": PALETTE["I"], "possible overkill": PALETTE["R"]}
    ax.scatter(t["performance"], t["importance"], c=[colors[q] for q in t["quadrant"]], s=50,
               edgecolor="white", zorder=2)
    label_points(ax, t["performance"], t["importance"], t["attribute"], size=50)
    ax.axvline(result.performance_cut, color="black", lw=0.6)
    ax.axhline(result.importance_cut, color="black", lw=0.6)
    for (hx, hy), name in (((0, 1), "concentrate here"), ((1, 1), "keep up the good work"),
                           ((0, 0), "low priority"), ((1, 0), "possible overkill")):
        ax.text(0.02 + 0.96 * hx, 0.02 + 0.96 * hy, name, transform=ax.transAxes, ha="left" if hx == 0 else "right",
                va="bottom" if hy == 0 else "top", fontsize=8, color=colors[name])
    ylabel = "importance (% of R²)" if result.drivers.method != "ols" else "importance (|beta|)"
    ax.set(xlabel="performance (mean rating)", ylabel=ylabel, title="Importance-performance grid")
    return ax

@drawing
def response_surface(result, kind: str = "contour", ax=None, points: int = 41):
    """The fitted satisfaction surface over the rating scale, with the lines E = X and E = -X."""
    check_argument("kind", ["contour", "surface"], kind)
    (e_lo, x_lo), (e_hi, x_hi) = result.extent
    E, X = np.meshgrid(np.linspace(e_lo, e_hi, points), np.linspace(x_lo, x_hi, points))
    S = result.predict(E, X)
    out, e_name, x_name = result.names
    c = result.centre
    # the lines E = X and E = -X (through the centre), clipped to the observed box
    diag = np.linspace(max(e_lo, x_lo), min(e_hi, x_hi), points)
    anti = np.linspace(max(e_lo, 2 * c - x_hi), min(e_hi, 2 * c - x_lo), points)
    if kind == "surface":
        if ax is None:
            fig = figure(figsize=(6.5, 5.5))
            ax = fig.add_subplot(projection="3d")
        ax.plot_surface(E, X, S, cmap="viridis", alpha=0.85, linewidth=0)
        ax.plot(diag, diag, result.predict(diag, diag), color="black", lw=1.5, label="E = X")
        ax.plot(anti, 2 * c - anti, result.predict(anti, 2 * c - anti), color="black", lw=1.2, ls="--",
                label="E = -X")
        ax.set(xlabel=f"experience ({e_name})", ylabel=f"expectation ({x_name})", zlabel=out)
        ax.legend(fontsize=8)
        return ax
    if ax is None:
        _, ax = subplots(figsize=(6, 5))
    filled = ax.contourf(E, X, S, levels=12, cmap="viridis")
    ax.figure.colorbar(filled, ax=ax, label=f"fitted {out}")
    if result.points is not None:  # (a surface fitted from moments has no rows to show)
        shown = result.points[:: max(1, len(result.points) // 3000)]  # at most ~3,000 points, deterministic
        ax.scatter(shown[:, 0], shown[:, 1], s=3, color="white", alpha=0.25, linewidths=0)
    ax.plot(diag, diag, color="white", lw=1.5, label="E = X (congruence)")
    ax.plot(anti, 2 * c - anti, color="white", lw=1.2, ls="--", label="E = -X (incongruence)")
    ax.set(xlim=(e_lo, e_hi), ylim=(x_lo, x_hi), xlabel=f"experience ({e_name})",
           ylabel=f"expectation ({x_name})", title="Fitted response surface (observed range)")
    ax.legend(fontsize=8, loc="lower right")
    return ax


@drawing
def decomposition(result, ax=None):
    """Per touchpoint, horizontal bars of the parts explained by experience, by expectation and by coefficients."""
    t = result.table[result.table["role"] != "intercept"]
    wide = t.pivot_table(index="touchpoint", columns="role", values=["explained", "coefficients"], sort=False)
    names = list(dict.fromkeys(t["touchpoint"]))
    if ax is None:
        _, ax = subplots(figsize=(7.0, 0.45 * len(names) + 1.8))
    y = np.arange(len(names))
    bars = [("explained", "experience", PALETTE["O"], "experience differs"),
            ("explained", "expectation", PALETTE["M"], "expectation differs"),
            ("coefficients", "experience", "#bbbbbb", "coefficients differ")]
    for j, (part, role, colour, label) in enumerate(bars):
        values = wide[(part, role)].reindex(names)
        if part == "coefficients":
            values = values + wide[("coefficients", "expectation")].reindex(names)
        ax.barh(y + (j - 1) * 0.27, values, height=0.27, color=colour, label=label)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.6)
    a, b = result.groups
    ax.set(xlabel=f"contribution to mean satisfaction, {a} - {b}", title="Why satisfaction differs")
    ax.legend(loc="best", fontsize="small")
    return ax
