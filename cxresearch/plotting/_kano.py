"""Kano figures: the Better-Worse diagram, category shares and continuous scores."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import arg_error, check_argument
from cxresearch.plotting._base import NAMES, PALETTE, QUADRANTS, label_points, small_multiples

def better_worse(table: pd.DataFrame, by: tuple[str, ...] = (), ax=None, annotate: bool = True):
    """Better (y) against |Worse| (x), quadrants at 0.5, Wilson interval bars."""
    panels, ret = small_multiples(table, by, ax)
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
            label_points(a, x, y, part["attribute"])
        a.set(xlim=(0, 1), ylim=(0, 1), xlabel="|Worse| (dissatisfaction if absent)",
              ylabel="Better (satisfaction if present)", title=title or "Better-Worse diagram")
    return ret

def shares(shares_long: pd.DataFrame, by: tuple[str, ...] = (), ax=None):
    """Stacked horizontal bars of category shares per attribute."""
    wide = shares_long.pivot_table(index=["attribute", *by], columns="category", values="share",
                                   observed=True, sort=True).reset_index()
    panels, ret = small_multiples(wide, by, ax, size=(6.0, 0.35 * wide["attribute"].nunique() + 1.5))
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
    panels, ret = small_multiples(scores, by, ax)
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
        label_points(a, part["dysfunctional_mean"], part["functional_mean"], part["attribute"])
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
        raise arg_error("kind", "'better_worse' or 'shares' for a result analysed from a count table", kind,
                        "kind='continuous' needs answer codes: analyze coded responses from cx.kano.code.")
    cats = result.table[["attribute", *result.by, "category"]]
    return continuous(result.continuous, cats, result.by, ax=ax)
