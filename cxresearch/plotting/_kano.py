"""Kano figures: the Better-Worse diagram, category shares and continuous scores."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import arg_error, check_argument
from cxresearch.plotting._base import (
    drawing, NAMES, PALETTE, category_legend, headline, label_points, outside_legend, quadrant_names, small_multiples,
)
from cxresearch.plotting._select import pick

MAX_DEFAULT = 20  # more attributes than this: by default the 20 with the largest Better + |Worse|


@drawing
def better_worse(table: pd.DataFrame, by: tuple[str, ...] = (), ax=None, annotate: bool = True, note: str = "",
                 interval: str = "95%"):
    """Better (y) against |Worse| (x), quadrants at 0.5, Wilson interval bars, category legend."""
    panels, ret = small_multiples(table, by, ax)
    for title, part, a in panels:
        x, y = -part["worse"].to_numpy(), part["better"].to_numpy()
        xerr = np.clip(np.vstack([x - (-part["worse_ci_high"]), (-part["worse_ci_low"]) - x]), 0, None)
        yerr = np.clip(np.vstack([y - part["better_ci_low"], part["better_ci_high"] - y]), 0, None)
        colors = [PALETTE[str(c)] for c in part["category"]]
        a.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="none", ecolor="#bbbbbb", elinewidth=0.8, zorder=1)
        a.scatter(x, y, c=colors, s=45, zorder=2, edgecolor="white")
        a.axhline(0.5, color="black", lw=0.6)
        a.axvline(0.5, color="black", lw=0.6)
        quadrant_names(a)
        if annotate:
            label_points(a, x, y, part["attribute"])
        a.set(xlim=(0, 1), ylim=(0, 1), xlabel="|Worse| (dissatisfaction if absent)",
              ylabel="Better (satisfaction if present)")
        if title:
            a.set_title(title, fontsize=9)
    first = panels[0][2]
    category_legend(first, table["category"], outside=ax is None, loc="outside lower center" if ax is None else "best")
    n = table["attribute"].nunique()
    headline(first, len(panels), f"Better-Worse diagram of {n} attributes (bars: {interval} intervals)", note)
    return ret


@drawing
def shares(shares_long: pd.DataFrame, by: tuple[str, ...] = (), ax=None, note: str = ""):
    """Stacked horizontal bars of category shares per attribute."""
    wide = shares_long.pivot_table(index=["attribute", *by], columns="category", values="share",
                                   observed=True, sort=True).reset_index()
    panels, ret = small_multiples(wide, by, ax, size=(6.0, 0.35 * wide["attribute"].nunique() + 1.8))
    for title, part, a in panels:
        left = np.zeros(len(part))
        labels = part["attribute"].astype(str).to_numpy()
        for cat in CATEGORIES:
            vals = part[cat].to_numpy() if cat in part else np.zeros(len(part))
            a.barh(labels, vals, left=left, color=PALETTE[cat], label=f"{cat} {NAMES[cat]}")
            left += vals
        a.invert_yaxis()
        a.set(xlim=(0, 1), xlabel="share of answers")
        if title:
            a.set_title(title, fontsize=9)
    first = panels[0][2]
    if ax is None:
        outside_legend(first.figure, first.get_legend_handles_labels()[0])
    else:
        first.legend(fontsize="x-small", loc="lower right")
    headline(first, len(panels), f"Kano category shares of {wide['attribute'].nunique()} attributes", note)
    return ret


@drawing
def continuous(scores: pd.DataFrame, categories: pd.DataFrame | None = None,
               by: tuple[str, ...] = (), ax=None, note: str = ""):
    """Mean dysfunctional (x) against functional (y) score; importance as point size."""
    panels, ret = small_multiples(scores, by, ax)
    sized = "importance_mean" in scores and scores["importance_mean"].notna().any()
    for title, part, a in panels:
        size = np.full(len(part), 40.0)
        if sized:
            imp = part["importance_mean"].to_numpy()
            size = np.nan_to_num(20 + 200 * (imp - np.nanmin(imp)) / max(np.nanmax(imp) - np.nanmin(imp), 1e-9), nan=20)
        color = "#457b9d"
        if categories is not None:
            merged = part.merge(categories, on=["attribute", *by], how="left")
            color = [PALETTE.get(str(c), "#457b9d") for c in merged["category"]]
        a.scatter(part["dysfunctional_mean"], part["functional_mean"], s=size, c=color,
                  edgecolor="white", zorder=2)
        label_points(a, part["dysfunctional_mean"], part["functional_mean"], part["attribute"], size=size)
        a.axhline(0, color="black", lw=0.5)
        a.axvline(0, color="black", lw=0.5)
        a.set(xlim=(-2, 4), ylim=(-2, 4), xlabel="dysfunctional score (DuMouchel)",
              ylabel="functional score (DuMouchel)")
        if title:
            a.set_title(title, fontsize=9)
    first = panels[0][2]
    if categories is not None:
        category_legend(first, categories["category"], outside=ax is None,
                        loc="outside lower center" if ax is None else "lower left")
    what = "; size: stated importance" if sized else ""
    headline(first, len(panels), f"Continuous Kano scores of {scores['attribute'].nunique()} attributes "
             f"(colour: category{what})", note)
    return ret


@drawing
def kano_plot(result, kind: str = "better_worse", ax=None, attributes=None, top=None, **kwargs):
    """Dispatch for :meth:`cxresearch.kano.KanoResult.plot`: the attributes shown, then the figure."""
    check_argument("kind", ["better_worse", "shares", "continuous"], kind)
    t = result.table
    rank = (t["better"] - t["worse"]).groupby(t["attribute"], sort=False, observed=True).mean()
    names = list(dict.fromkeys(t["attribute"]))
    if attributes is None and top is None and len(names) > MAX_DEFAULT:
        top = MAX_DEFAULT
    shown = pick(names, attributes, top, rank, "Better + |Worse|")
    keep = set(shown.names)
    note = shown.text()
    if kind == "better_worse":
        return better_worse(t[t["attribute"].isin(keep)], result.by, ax=ax, note=note,
                            interval=f"{result.confidence:.0%}", **kwargs)
    if kind == "shares":
        s = result.shares
        return shares(s[s["attribute"].isin(keep)], result.by, ax=ax, note=note)
    if result.continuous is None:
        raise arg_error("kind", "'better_worse' or 'shares' for a result analysed from a count table", kind,
                        "kind='continuous' needs answer codes: analyze coded responses from cx.kano.code.")
    cats = t[["attribute", *result.by, "category"]]
    c = result.continuous
    return continuous(c[c["attribute"].isin(keep)], cats[cats["attribute"].isin(keep)], result.by, ax=ax, note=note)
