"""Every drop-off statistic from the (cells, waves, categories) count array.

One function per job: the trend fit and its test, the share slopes, the change point
and its pattern, the must-be forecast, and the long table of shares with intervals;
:func:`analyse_counts` puts them into the result table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.categories import CATEGORIES, modal
from cxresearch._core.stats import adjust_pvalues, wilson
from cxresearch._core.weights import kish_n_eff
from cxresearch.dropoff._models import (
    changepoints,
    continuity,
    must_be_forecast,
    ordinal_fit,
    separation,
    wls_slope,
)

_HORIZON = 10  # forecasts further than 10x the observed span are not reported


@dataclass(frozen=True)
class Grid:
    """Counts (G, W, 6) on the wave grid, and which waves each cell was seen in.

    Weighted: ``counts`` are sums of weights, ``sumw2`` (G, W, 6) the sums of squared
    weights and ``n_raw`` (G,) the answers counted per cell.
    """

    counts: np.ndarray
    waves: np.ndarray
    sumw2: np.ndarray | None = None
    n_raw: np.ndarray | None = None

    @property
    def weighted(self) -> bool:
        return self.sumw2 is not None

    @property
    def n_eff(self) -> np.ndarray:
        """Kish's effective sample size per cell (all waves and categories); the count unweighted."""
        total = self.counts.sum(axis=(1, 2))
        return kish_n_eff(total, self.sumw2.sum(axis=(1, 2))) if self.weighted else total.astype(float)

    @property
    def n_eff_w(self) -> np.ndarray:
        """Kish's effective sample size per cell and wave (G, W); the count unweighted."""
        return kish_n_eff(self.n_w, self.sumw2.sum(axis=2)) if self.weighted else self.n_w.astype(float)

    @property
    def design_effect(self) -> np.ndarray:
        """Kish's design effect per cell, n_raw / n_eff (1 unweighted)."""
        return self.n_raw / self.n_eff if self.weighted else np.ones(len(self.counts))

    @property
    def unit(self) -> np.ndarray:
        """The mean weight per cell (1 unweighted): one answer in the units of ``counts``."""
        return self.counts.sum(axis=(1, 2)) / self.n_raw if self.weighted else np.ones(len(self.counts))

    @property
    def fit_counts(self) -> np.ndarray:
        """Counts in units of one answer (weights of mean 1 per cell): what the likelihood fits see.

        The fits are scale-free in theory, but their tolerances are absolute, so weights of
        1e-20 or 1e20 would stop them early; counts in answer units make them identical to
        the unweighted fit of the same weights normalised (and exactly the counts unweighted).
        """
        return self.counts / self.unit[:, None, None] if self.weighted else self.counts.astype(float)

    @property
    def fit_scale(self) -> np.ndarray:
        """Factor from the log-likelihood of ``fit_counts`` to the effective one: n_eff / n_raw (1 unweighted)."""
        return self.n_eff / self.n_raw if self.weighted else np.ones(len(self.counts))

    @property
    def n_w(self) -> np.ndarray:
        return self.counts.sum(axis=2)

    @property
    def present(self) -> np.ndarray:
        return self.n_w > 0

    @property
    def enough(self) -> np.ndarray:
        """Cells seen in at least two waves: the only ones with a trend."""
        return self.present.sum(axis=1) >= 2

    @property
    def t(self) -> np.ndarray:
        return np.broadcast_to(self.waves, self.n_w.shape)

    @property
    def first(self) -> np.ndarray:
        return np.argmax(self.present, axis=1)

    @property
    def last(self) -> np.ndarray:
        return self.present.shape[1] - 1 - np.argmax(self.present[:, ::-1], axis=1)

    def centred(self, t: np.ndarray) -> np.ndarray:
        """A time covariate centred on each cell's present waves (0 where absent)."""
        present = self.present
        mean = np.where(present, t, 0).sum(axis=1) / np.maximum(present.sum(axis=1), 1)
        return np.where(present, t - mean[:, None], 0.0)


def trend(grid: Grid, p_adjust: str, confidence: float) -> dict[str, np.ndarray]:
    """Proportional-odds slope per cell, its LR test, adjusted p-values and the odds-ratio interval.

    Separated cells (the A < O < M answers split perfectly by time) have an infinite slope:
    their slope, interval and p-value are NaN and ``sign`` / ``complete`` say which way and how.
    Weighted counts give the pseudo-maximum-likelihood slope; its likelihood ratio and
    standard error are put on the effective sample size: the fit sees the counts in answer
    units (``grid.fit_counts``, weights normalised to mean 1 per cell), and the design effect
    n_raw / n_eff divides its LR and multiplies its variance (``grid.fit_scale``).
    """
    G = len(grid.counts)
    beta, se, ll, ll0 = (np.full(G, np.nan) for _ in range(4))
    ok = grid.enough
    aom = grid.fit_counts[..., :3]
    if ok.any():
        beta[ok], se[ok], ll[ok], ll0[ok] = ordinal_fit(aom[ok], grid.centred(grid.t)[ok], eps=continuity(aom)[ok])
    sign, complete = separation(grid.counts[..., :3])
    sign = np.where(ok, sign, 0)
    beta = np.where(sign != 0, np.nan, beta)
    se = se / np.sqrt(grid.fit_scale)
    lr = 2 * (ll - ll0) * grid.fit_scale
    p = np.where(ok & (sign == 0), stats.chi2.sf(np.clip(lr, 0, None), 1), np.nan)
    z = stats.norm.ppf(0.5 + confidence / 2)
    return {"beta": beta, "ll": ll, "p": p, "p_adj": adjust_pvalues(p, p_adjust), "sign": sign,
            "complete": complete, "or_low": np.exp(beta - z * se), "or_high": np.exp(beta + z * se)}


def verdict(grid: Grid, fit: dict[str, np.ndarray], alpha: float):
    """``direction``, ``separation`` and ``note`` per cell."""
    significant = grid.enough & (fit["p_adj"] < alpha)
    sign = fit["sign"]
    direction = np.where(~grid.enough, "insufficient data",
                         np.where(sign != 0, "separated",
                                  np.where(significant & (fit["beta"] > 0), "drop-off",
                                           np.where(significant & (fit["beta"] < 0), "rise", "stable"))))
    toward = np.where(sign > 0, "toward must-be", np.where(sign < 0, "toward attractive", "")).astype(object)
    note = np.full(len(sign), "", dtype=object)
    note[~grid.enough] = "seen in one wave: no trend"
    for i in np.flatnonzero(sign):
        note[i] = (f"{'complete' if fit['complete'][i] else 'quasi-complete'} separation: no answer is "
                   f"{'later' if sign[i] > 0 else 'earlier'} than an answer further along A < O < M, so the "
                   "odds ratio is infinite; no odds ratio or p-value is reported")
    return direction, toward, note


def slopes(grid: Grid) -> dict[str, np.ndarray]:
    """Weighted least-squares slopes of every share, of Better and of Worse over time."""
    counts, t = grid.counts, grid.t
    w = np.where(grid.present, grid.n_w, 0.0)
    aomi = counts[..., :4].sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = counts / grid.n_w[..., None]
        better = (counts[..., 0] + counts[..., 1]) / aomi
        worse = -(counts[..., 1] + counts[..., 2]) / aomi
    lines = [wls_slope(share[..., k], t, w) for k in range(6)]
    w_bw = np.where(aomi > 0, aomi, 0.0)
    return {"intercepts": np.column_stack([a for a, _ in lines]), "slopes": np.column_stack([b for _, b in lines]),
            "better": wls_slope(better, t, w_bw)[1], "worse": wls_slope(worse, t, w_bw)[1]}


def change(grid: Grid, fitted_ll: np.ndarray, alpha: float) -> dict[str, np.ndarray]:
    """The change point, its p-value, step-or-gradual, and the modal category before and after."""
    counts, present = grid.counts, grid.present
    G, W, _ = counts.shape
    fit = grid.fit_counts
    five = np.concatenate([fit[..., :4], fit[..., 4:].sum(axis=2, keepdims=True)], axis=2)
    cp_idx, _, cp_p = changepoints(five, present, grid.fit_scale)
    ok = grid.enough & (cp_p < alpha) & (cp_idx >= 0)
    pattern = np.full(G, "", dtype=object)
    before = np.full(G, "", dtype=object)
    after = np.full(G, "", dtype=object)
    idx = np.flatnonzero(ok)
    if idx.size:  # step or gradual: a step covariate against the linear one, same parameter count
        jump = (np.arange(W)[None, :] >= cp_idx[idx, None]).astype(float)
        sub = Grid(counts[idx], grid.waves)
        aom = fit[idx][:, :, :3]
        _, _, ll_step, _ = ordinal_fit(aom, sub.centred(jump), eps=continuity(aom))
        pattern[idx] = np.where(ll_step > fitted_ll[idx], "step", "gradual")
        for i in idx:
            before[i] = CATEGORIES[modal(counts[i, : cp_idx[i]].sum(axis=0))]
            after[i] = CATEGORIES[modal(counts[i, cp_idx[i]:].sum(axis=0))]
    return {"ok": ok, "wave": np.where(ok, grid.waves[np.maximum(cp_idx, 0)], np.nan), "p": cp_p,
            "pattern": pattern, "before": before, "after": after}


def forecast(grid: Grid, lines: dict[str, np.ndarray], direction: np.ndarray, last_category: np.ndarray):
    """Must-be status and the time M would become the most frequent category on current trends."""
    t_last = grid.waves[grid.last]
    span = t_last - grid.waves[grid.first]
    when = must_be_forecast(lines["intercepts"], lines["slopes"], t_last)
    when = np.where(when <= t_last + _HORIZON * span, when, np.nan)
    status = np.where(direction != "drop-off", "",
                      np.where(last_category == "M", "already must-be",
                               np.where(np.isfinite(when), "projected", "not on current trend")))
    return status, np.where(status == "projected", when, np.where(status == "already must-be", t_last, np.nan))


def shares_long(grid: Grid, cells: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """Every category share per cell and wave with its Wilson interval (waves as indices ``_w``).

    Weighted: the interval of the weighted share p_w takes p_w * n_eff out of n_eff (Kish's
    effective sample size of the cell's wave), reported in ``n_eff``.
    """
    counts, n_w, n_eff = grid.counts, grid.n_w, grid.n_eff_w
    G, W, _ = counts.shape
    parts = []
    for j, c in enumerate(CATEGORIES):
        with np.errstate(divide="ignore", invalid="ignore"):
            share = counts[..., j] / n_w
        lo, hi = wilson(share * n_eff if grid.weighted else counts[..., j], n_eff, confidence)
        part = pd.DataFrame({"_cell": np.repeat(np.arange(G), W), "_w": np.tile(np.arange(W), G), "category": c,
                             "count": counts[..., j].ravel(), "n": n_w.ravel(), "share": share.ravel(),
                             **({"n_eff": n_eff.ravel()} if grid.weighted else {}),
                             "ci_low": lo.ravel(), "ci_high": hi.ravel()})
        parts.append(part[part["n"] > 0])
    out = pd.concat(parts, ignore_index=True)
    out["category"] = pd.Categorical(out["category"], categories=list(CATEGORIES), ordered=True)
    out = out.sort_values(["_cell", "_w", "category"], kind="stable").reset_index(drop=True)
    keys = cells.iloc[out["_cell"].to_numpy()].reset_index(drop=True)
    return pd.concat([keys, out.drop(columns="_cell")], axis=1)


def analyse_counts(grid: Grid, cells: pd.DataFrame, *, alpha: float, p_adjust: str,
                   confidence: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The result table (one row per cell) and the long share table."""
    counts, waves = grid.counts, grid.waves
    fit, lines, rows = trend(grid, p_adjust, confidence), slopes(grid), np.arange(len(counts))
    direction, toward, note = verdict(grid, fit, alpha)
    mode = np.where(grid.present, modal(counts), -1)
    first_cat = np.array(CATEGORIES)[mode[rows, grid.first]]
    last_cat = np.array(CATEGORIES)[mode[rows, grid.last]]
    cp = change(grid, fit["ll"], alpha)
    status, when = forecast(grid, lines, np.where(toward == "toward must-be", "drop-off", direction), last_cat)
    table = cells.copy()
    table["n"] = grid.n_w.sum(axis=1)
    if grid.weighted:
        table["n_raw"], table["n_eff"], table["design_effect"] = grid.n_raw, grid.n_eff, grid.design_effect
    table = table.assign(
        n_waves=grid.present.sum(axis=1), first_wave=waves[grid.first],
        last_wave=waves[grid.last], first_category=first_cat, last_category=last_cat, direction=direction,
        separation=toward,
        odds_ratio=np.exp(fit["beta"]), odds_ratio_ci_low=fit["or_low"], odds_ratio_ci_high=fit["or_high"],
        m_share_slope=lines["slopes"][:, 2], i_share_slope=lines["slopes"][:, 3], better_slope=lines["better"],
        worse_slope=lines["worse"], p_value=fit["p"], p_adjusted=fit["p_adj"], changepoint=cp["wave"],
        changepoint_p=cp["p"], pattern=cp["pattern"], category_before=cp["before"],
        category_after=cp["after"], must_be_status=status, must_be_forecast=when,
        note=note)
    return table, shares_long(grid, cells, confidence)
