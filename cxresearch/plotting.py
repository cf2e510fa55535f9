"""Figures behind the results' ``.plot()`` methods (matplotlib / seaborn).

Every function returns the Axes it drew on (an array of Axes for small multiples),
so a figure can be styled further or saved by the caller.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from cxresearch._answers import CATEGORIES
from cxresearch._validate import check_argument

# One colour per category, kept across every figure.
PALETTE = {"A": "#2a9d8f", "O": "#457b9d", "M": "#e63946", "I": "#b8b8b8", "R": "#8d6e63", "Q": "#f4a261"}
QUADRANTS = {"A": (0.25, 0.75), "O": (0.75, 0.75), "M": (0.75, 0.25), "I": (0.25, 0.25)}
NAMES = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent"}


def _label(ax, x, y, names) -> None:
    """Write each point's name just above and to the right of it."""
    for xi, yi, name in zip(x, y, names):
        ax.annotate(str(name), (xi, yi), xytext=(4, 3), textcoords="offset points", fontsize=7)


def _panels(frame: pd.DataFrame, by: tuple[str, ...], ax, size=(5.0, 4.5)):
    """One panel per segment (small multiples) or a single panel."""
    if not by:
        if ax is None:
            _, ax = plt.subplots(figsize=size)
        return [("", frame, ax)], ax
    groups = list(frame.groupby(list(by), sort=True, observed=True))
    if ax is None:
        _, axes = plt.subplots(1, len(groups), figsize=(size[0] * len(groups), size[1]),
                               sharex=True, sharey=True, squeeze=False)
        axes = axes[0]
    else:
        axes = np.atleast_1d(ax)
        if len(axes) != len(groups):
            raise ValueError(f"`ax` must hold {len(groups)} Axes, one per segment.")
    out = [(" / ".join(map(str, k if isinstance(k, tuple) else (k,))), g, a)
           for (k, g), a in zip(groups, axes)]
    return out, axes


def better_worse(table: pd.DataFrame, by: tuple[str, ...] = (), ax=None, annotate: bool = True):
    """Better (y) against |Worse| (x), quadrants at 0.5, Wilson interval bars."""
    panels, ret = _panels(table, by, ax)
    for title, part, a in panels:
        x, y = -part["worse"].to_numpy(), part["better"].to_numpy()
        xerr = np.clip(np.vstack([x - (-part["worse_ci_high"]), (-part["worse_ci_low"]) - x]), 0, None)
        yerr = np.clip(np.vstack([y - part["better_ci_low"], part["better_ci_high"] - y]), 0, None)
        colors = [PALETTE[str(c)] for c in part["category"]]
        a.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="none", ecolor="#999999", elinewidth=0.8, zorder=1)
        a.scatter(x, y, c=colors, s=45, zorder=2, edgecolor="white")
        a.axhline(0.5, color="black", lw=0.6)
        a.axvline(0.5, color="black", lw=0.6)
        for cat, (qx, qy) in QUADRANTS.items():
            a.text(qx, qy, NAMES[cat], ha="center", va="center", fontsize=9, alpha=0.35,
                   color=PALETTE[cat])
        if annotate:
            _label(a, x, y, part["attribute"])
        a.set(xlim=(0, 1), ylim=(0, 1), xlabel="|Worse| (dissatisfaction if absent)",
              ylabel="Better (satisfaction if present)", title=title or "Better-Worse diagram")
    return ret


def shares(shares_long: pd.DataFrame, by: tuple[str, ...] = (), ax=None):
    """Stacked horizontal bars of category shares per attribute."""
    wide = shares_long.pivot_table(index=["attribute", *by], columns="category", values="share",
                                   observed=True, sort=True).reset_index()
    panels, ret = _panels(wide, by, ax, size=(6.0, 0.35 * wide["attribute"].nunique() + 1.5))
    for title, part, a in panels:
        left = np.zeros(len(part))
        labels = part["attribute"].astype(str).to_numpy()
        for cat in CATEGORIES:
            vals = part[cat].to_numpy() if cat in part else np.zeros(len(part))
            a.barh(labels, vals, left=left, color=PALETTE[cat], label=cat)
            left += vals
        a.invert_yaxis()
        a.set(xlim=(0, 1), xlabel="share of answers", title=title or "Category shares")
    panels[-1][2].legend(ncol=6, loc="lower center", bbox_to_anchor=(0.5, 1.08), frameon=False, fontsize=8)
    return ret


def continuous(scores: pd.DataFrame, categories: pd.DataFrame | None = None,
               by: tuple[str, ...] = (), ax=None):
    """Mean dysfunctional (x) against functional (y) score; importance as point size."""
    panels, ret = _panels(scores, by, ax)
    for title, part, a in panels:
        size = 40.0
        if "importance_mean" in part and part["importance_mean"].notna().any():
            imp = part["importance_mean"].to_numpy()
            size = 20 + 200 * (imp - np.nanmin(imp)) / max(np.nanmax(imp) - np.nanmin(imp), 1e-9)
        color = "#457b9d"
        if categories is not None:
            merged = part.merge(categories, on=["attribute", *by], how="left")
            color = [PALETTE.get(str(c), "#457b9d") for c in merged["category"]]
        a.scatter(part["dysfunctional_mean"], part["functional_mean"], s=size, c=color,
                  edgecolor="white", zorder=2)
        _label(a, part["dysfunctional_mean"], part["functional_mean"], part["attribute"])
        a.axhline(0, color="black", lw=0.5)
        a.axvline(0, color="black", lw=0.5)
        a.set(xlim=(-2, 4), ylim=(-2, 4), xlabel="dysfunctional score (DuMouchel)",
              ylabel="functional score (DuMouchel)", title=title or "Continuous Kano scores")
    return ret


def kano_plot(result, kind: str = "better_worse", ax=None, **kwargs):
    """Dispatch for :meth:`cxresearch.kano.KanoResult.plot`."""
    check_argument("kind", ["better_worse", "shares", "continuous"], kind)
    if kind == "better_worse":
        return better_worse(result.table, result.by, ax=ax, **kwargs)
    if kind == "shares":
        return shares(result.shares, result.by, ax=ax)
    if result.continuous is None:
        raise ValueError("kind='continuous' needs answer codes: analyze coded responses from "
                         "cx.kano.code, not a count table.")
    cats = result.table[["attribute", *result.by, "category"]]
    return continuous(result.continuous, cats, result.by, ax=ax)


def dropoff_shares(result, ax=None, categories: str = "AOMI", ncols: int = 4):
    """Small multiples: the share of each category per wave, one panel per attribute [x group]."""
    keys = ["attribute", *result.by]
    data = result.shares[result.shares["category"].astype(str).isin(list(categories))]
    cells = list(data.groupby(keys, sort=False, observed=True))
    ncols = min(ncols, len(cells))
    nrows = int(np.ceil(len(cells) / ncols))
    if ax is None:
        _, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.6 * nrows), sharey=True,
                               squeeze=False)
    else:
        axes = np.atleast_2d(ax)
    flat = axes.ravel()
    for a, (key, part) in zip(flat, cells):
        for cat in categories:
            sub = part[part["category"].astype(str) == cat]
            a.plot(sub[result.time], sub["share"], marker="o", ms=3, color=PALETTE[cat], label=cat)
            a.fill_between(sub[result.time], sub["ci_low"], sub["ci_high"], color=PALETTE[cat], alpha=0.12)
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
        _, ax = plt.subplots(figsize=(6, 5.5))
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
        _, ax = plt.subplots(figsize=(5.5, 4))
    yerr = np.clip(np.vstack([t["power"] - t["power_ci_low"], t["power_ci_high"] - t["power"]]), 0, None)
    ax.errorbar(t["respondents_per_wave"], t["power"], yerr=yerr, marker="o", color=PALETTE["O"])
    ax.axhline(0.8, color="black", lw=0.6, ls="--")
    ax.set(ylim=(0, 1.02), xlabel="respondents per wave", ylabel="power",
           title=f"Power to detect a drift of {result.settings['drift']:.0%} over {result.settings['waves']} waves")
    return ax


# ---------------------------------------------------------------------------------------
# Satisfaction regression
# ---------------------------------------------------------------------------------------

FACTOR_COLORS = {"basic": PALETTE["M"], "performance": PALETTE["O"], "excitement": PALETTE["A"],
                 "not estimable": PALETTE["I"]}


def drivers(result, ax=None):
    """Importance weights as horizontal bars, most important on top (one panel per segment)."""
    value = "pct_r2" if "pct_r2" in result.table else "weight"
    n_attr = result.table["attribute"].nunique()
    panels, ret = _panels(result.table, result.by, ax, size=(6.0, 0.35 * n_attr + 1.5))
    by = list(result.by)
    r2 = {tuple(row[by]): row["r2"] for _, row in result.fits.iterrows()}
    for title, part, a in panels:
        t = part.sort_values("rank")
        xerr = None
        if "weight_ci_low" in t:
            f = t[value] / t["weight"] if value == "pct_r2" else 1.0
            xerr = np.clip(np.vstack([t[value] - t["weight_ci_low"] * f, t["weight_ci_high"] * f - t[value]]), 0, None)
        a.barh(t["attribute"].astype(str), t[value], xerr=xerr, color=PALETTE["O"], ecolor="#555555")
        a.invert_yaxis()
        a.axvline(0, color="black", lw=0.6)
        fit_r2 = r2[tuple(part[by].iloc[0])]
        a.set(xlabel="% of R²" if value == "pct_r2" else "standardised coefficient",
              title=f"{title + ': ' if title else ''}Derived importance (R² = {fit_r2:.2f})")
    return ret


def penalty_reward(result, kind: str = "bars", ax=None):
    """Penalty and reward bars per attribute, or the impact-asymmetry grid (one panel per segment)."""
    check_argument("kind", ["bars", "asymmetry"], kind)
    n_attr = result.table["attribute"].nunique()
    size = (6.0, 4.5) if kind == "asymmetry" else (7.0, 0.4 * n_attr + 1.5)
    panels, ret = _panels(result.table, result.by, ax, size=size)
    for title, part, a in panels:
        t = part.sort_values("asymmetry")
        colors = [FACTOR_COLORS[f] for f in t["factor"]]
        if kind == "asymmetry":
            a.scatter(t["asymmetry"], t["range_of_impact"], c=colors, s=50, edgecolor="white", zorder=2)
            _label(a, t["asymmetry"], t["range_of_impact"], t["attribute"])
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
        a.set(xlabel=f"effect on {result.outcome} (penalty: low band; reward: high band)",
              title=f"{title + ': ' if title else ''}Penalty (left) and reward (right); colour = factor")
    return ret


def importance_performance(result, ax=None):
    """Importance against performance with quadrant lines at the cut values."""
    t = result.table
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5))
    colors = {"concentrate here": PALETTE["M"], "keep up the good work": PALETTE["A"],
              "low priority": PALETTE["I"], "possible overkill": PALETTE["R"]}
    ax.scatter(t["performance"], t["importance"], c=[colors[q] for q in t["quadrant"]], s=50,
               edgecolor="white", zorder=2)
    _label(ax, t["performance"], t["importance"], t["attribute"])
    ax.axvline(result.performance_cut, color="black", lw=0.6)
    ax.axhline(result.importance_cut, color="black", lw=0.6)
    for (hx, hy), name in (((0, 1), "concentrate here"), ((1, 1), "keep up the good work"),
                           ((0, 0), "low priority"), ((1, 0), "possible overkill")):
        ax.text(0.02 + 0.96 * hx, 0.02 + 0.96 * hy, name, transform=ax.transAxes, ha="left" if hx == 0 else "right",
                va="bottom" if hy == 0 else "top", fontsize=8, color=colors[name])
    ylabel = "importance (% of R²)" if result.drivers.method != "ols" else "importance (|beta|)"
    ax.set(xlabel="performance (mean rating)", ylabel=ylabel, title="Importance-performance grid")
    return ax


def response_surface(result, kind: str = "contour", ax=None, points: int = 41):
    """The fitted satisfaction surface over the rating scale, with the lines E = X and E = -X."""
    check_argument("kind", ["contour", "surface"], kind)
    (e_lo, x_lo), (e_hi, x_hi) = result.points.min(axis=0), result.points.max(axis=0)
    E, X = np.meshgrid(np.linspace(e_lo, e_hi, points), np.linspace(x_lo, x_hi, points))
    S = result.predict(E, X)
    out, e_name, x_name = result.names
    c = result.centre
    # the lines E = X and E = -X (through the centre), clipped to the observed box
    diag = np.linspace(max(e_lo, x_lo), min(e_hi, x_hi), points)
    anti = np.linspace(max(e_lo, 2 * c - x_hi), min(e_hi, 2 * c - x_lo), points)
    if kind == "surface":
        if ax is None:
            fig = plt.figure(figsize=(6.5, 5.5))
            ax = fig.add_subplot(projection="3d")
        ax.plot_surface(E, X, S, cmap="viridis", alpha=0.85, linewidth=0)
        ax.plot(diag, diag, result.predict(diag, diag), color="black", lw=1.5, label="E = X")
        ax.plot(anti, 2 * c - anti, result.predict(anti, 2 * c - anti), color="black", lw=1.2, ls="--",
                label="E = -X")
        ax.set(xlabel=f"experience ({e_name})", ylabel=f"expectation ({x_name})", zlabel=out)
        ax.legend(fontsize=8)
        return ax
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5))
    filled = ax.contourf(E, X, S, levels=12, cmap="viridis")
    ax.figure.colorbar(filled, ax=ax, label=f"fitted {out}")
    shown = result.points[:: max(1, len(result.points) // 3000)]  # at most ~3,000 points, deterministic
    ax.scatter(shown[:, 0], shown[:, 1], s=3, color="white", alpha=0.25, linewidths=0)
    ax.plot(diag, diag, color="white", lw=1.5, label="E = X (congruence)")
    ax.plot(anti, 2 * c - anti, color="white", lw=1.2, ls="--", label="E = -X (incongruence)")
    ax.set(xlim=(e_lo, e_hi), ylim=(x_lo, x_hi), xlabel=f"experience ({e_name})",
           ylabel=f"expectation ({x_name})", title="Fitted response surface (observed range)")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def peak_end(result, kind: str = "coefficients", ax=None):
    """Standardised effects of the full peak-end model, or R2 of each model."""
    check_argument("kind", ["coefficients", "models"], kind)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.8))
    if kind == "models":
        m = result.models
        ax.barh(m["model"], m["r2"], color=[PALETTE["O"]] * (len(m) - 1) + [PALETTE["A"]])
        ax.invert_yaxis()
        ax.set(xlabel="R² of the retrospective rating", title="Which summary of a journey is remembered?")
        return ax
    t = result.table.iloc[1:]
    scale = t["beta"] / t["estimate"]
    err = np.clip(np.vstack([(t["estimate"] - t["ci_low"]) * scale, (t["ci_high"] - t["estimate"]) * scale]), 0, None)
    ax.barh(t["term"], t["beta"], xerr=err, color=PALETTE["O"], ecolor="#555555")
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.6)
    ax.set(xlabel="standardised effect on the retrospective rating", title="Peak-end model (all moments together)")
    return ax
