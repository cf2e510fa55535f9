"""Drop-off detection: attributes sliding attractive -> one-dimensional -> must-be over waves.

Quality attributes have a life cycle (Kano 2001; Nilsson-Witell & Fundin 2005; Löfgren,
Witell & Gustafsson 2011): what delights today (A) becomes expected (O) and then taken
for granted (M). From repeated survey waves, :func:`detect` says which attributes are
moving, in which direction, since when, how fast, and how sure we are. Everything is
computed from the count table attribute x [group] x wave x category, so millions of
answers cost one counting pass; the models are fitted for all attributes at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._answers import CATEGORIES
from cxresearch._kano_result import kano_statistics, wilson
from cxresearch._results import ResultMixin
from cxresearch._validate import (
    RowAccount,
    adjust_pvalues,
    as_generator,
    bad_values,
    check_argument,
    require_columns,
)
from cxresearch.errors import KanoInputError

__all__ = ["DropoffResult", "PowerResult", "detect", "power"]

_HORIZON = 10  # forecasts further than 10x the observed span are not reported
_EPS = 0.01  # continuity constant per (wave, category) cell: keeps estimates finite if a category is empty


# --- time -----------------------------------------------------------------------------------

def _time_values(values: pd.Series, column: str) -> tuple[np.ndarray, bool, pd.Timestamp | None]:
    """Numbers as they are; dates as years since the first wave. Returns (t, is_date, origin)."""
    if values.isna().any():
        raise bad_values(column, values, values.isna(), "wave labels (missing)", error=KanoInputError)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        dates = values
    elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=float), False, None
    else:
        num = pd.to_numeric(values, errors="coerce")
        if num.notna().all():
            return num.to_numpy(dtype=float), False, None
        dates = pd.to_datetime(values, errors="coerce", format="mixed")
        bad = dates.isna().to_numpy()
        if bad.any():
            raise bad_values(column, values, bad, "numbers or dates", error=KanoInputError,
                             hint="Waves must be numbers (1, 2, ...) or dates (2024-03-01).")
    origin = dates.min()
    years = (dates - origin).dt.total_seconds().to_numpy() / (365.25 * 86400)
    return years, True, origin


# --- the ordinal life-cycle model, fitted for every cell at once ----------------------------

def _ordinal_fit(n: np.ndarray, t: np.ndarray, iterations: int = 50):
    """Proportional-odds fit of position A < O < M on time, vectorised over cells.

    ``n``: (G, W, 3) counts of A, O, M per wave (zero rows for padded waves);
    ``t``: (G, W) centred times. P(Y <= k) = logistic(theta_k - beta * t), so beta > 0
    means answers move towards M over time. Fisher scoring with step halving.
    Returns beta, its standard error, and the log-likelihoods with and without beta.
    """
    g = n.shape[0]
    n = n + _EPS * (n.sum(axis=2, keepdims=True) > 0)
    tot = n.sum(axis=(1,))  # (G, 3)
    cum = np.cumsum(tot, axis=1)[:, :2] / tot.sum(axis=1, keepdims=True)
    theta0 = np.log(cum / (1 - cum))
    ll0 = (tot * np.log(tot / tot.sum(axis=1, keepdims=True))).sum(axis=1)
    params = np.column_stack([theta0, np.zeros(g)])

    def loglik(p):
        pi = _probs(p, t)
        return (n * np.log(np.clip(pi, 1e-300, None))).sum(axis=(1, 2)), pi

    ll, pi = loglik(params)
    info = np.zeros((g, 3, 3))
    for _ in range(iterations):
        f1 = pi[..., 0] * (1 - pi[..., 0])
        c2 = pi[..., 0] + pi[..., 1]
        f2 = c2 * (1 - c2)
        jac = np.zeros(pi.shape + (3,))  # d pi_k / d (theta1, theta2, beta)
        jac[..., 0, 0], jac[..., 1, 0] = f1, -f1
        jac[..., 1, 1], jac[..., 2, 1] = f2, -f2
        jac[..., 0, 2] = -t * f1
        jac[..., 1, 2] = -t * (f2 - f1)
        jac[..., 2, 2] = t * f2
        safe = np.clip(pi, 1e-12, None)
        score = np.einsum("gwk,gwkp->gp", n / safe, jac)
        size = n.sum(axis=2)
        info = np.einsum("gw,gwkp,gwkq->gpq", size, jac / safe[..., None], jac)
        step = np.linalg.solve(info + 1e-10 * np.eye(3), score[..., None])[..., 0]
        scale = np.ones(g)
        for _ in range(20):  # step halving where the likelihood would fall
            trial = params + scale[:, None] * step
            ll_new, pi_new = loglik(trial)
            worse = (ll_new < ll - 1e-10) | ~np.isfinite(ll_new) | (trial[:, 1] <= trial[:, 0])
            if not worse.any():
                break
            scale = np.where(worse, scale / 2, scale)
        params, ll, pi = trial, ll_new, pi_new
        if np.abs(scale[:, None] * step).max() < 1e-9:
            break
    cov = np.linalg.inv(info + 1e-10 * np.eye(3))
    se = np.sqrt(np.clip(cov[:, 2, 2], 0, None))
    return params[:, 2], se, ll, ll0


def _probs(params: np.ndarray, t: np.ndarray) -> np.ndarray:
    c1 = 1 / (1 + np.exp(-(params[:, 0:1] - params[:, 2:3] * t)))
    c2 = 1 / (1 + np.exp(-(params[:, 1:2] - params[:, 2:3] * t)))
    return np.stack([c1, c2 - c1, 1 - c2], axis=-1)


def _wls_slope(y: np.ndarray, t: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least-squares intercept and slope along axis 1 (weights 0 = absent wave)."""
    sw = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        tbar = (w * t).sum(axis=1) / sw
        ybar = (w * np.nan_to_num(y)).sum(axis=1) / sw
        dt = t - tbar[:, None]
        slope = (w * dt * (np.nan_to_num(y) - ybar[:, None])).sum(axis=1) / (w * dt**2).sum(axis=1)
    return ybar - slope * tbar, slope


def _changepoints(c: np.ndarray, present: np.ndarray):
    """Likelihood-ratio scan for one change in the category distribution (A, O, M, I, R+Q).

    ``c``: (G, W, 5) counts, waves in time order, absent waves all zero. For every split
    s (first wave of the new regime) LR_s = 2 [l(before) + l(after) - l(pooled)] with
    multinomial log-likelihoods; the best split's p-value is Bonferroni-adjusted over the
    candidate splits (conservative, and free of random numbers).
    """
    def ll(x):
        tot = x.sum(axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, x * np.log(x / tot), 0.0).sum(axis=-1)

    before = np.cumsum(c, axis=1)
    total = before[:, -1:, :]
    after = total - before
    lr = 2 * (ll(before) + ll(after) - ll(total))  # split after wave w -> new regime from w + 1
    # split after wave w: w present, and some present wave after it
    valid = present & (np.cumsum(present, axis=1) < present.sum(axis=1, keepdims=True))
    lr = np.where(valid, lr, -np.inf)
    best = np.argmax(lr, axis=1)
    stat = lr[np.arange(len(c)), best]
    df = np.maximum((c.sum(axis=1) > 0).sum(axis=1) - 1, 1)
    splits = np.maximum(valid.sum(axis=1), 1)
    p = np.where(np.isfinite(stat), np.minimum(1.0, splits * stats.chi2.sf(stat, df)), np.nan)
    # the new regime starts at the next wave that is present
    nxt = np.array([np.flatnonzero(present[i, b + 1:])[0] + b + 1 if np.isfinite(stat[i]) else -1
                    for i, b in enumerate(best)])
    return nxt, np.where(np.isfinite(stat), stat, np.nan), p


def _must_be_forecast(a: np.ndarray, b: np.ndarray, t_last: np.ndarray) -> np.ndarray:
    """Earliest t >= t_last where the linear share trend of M is >= every other category's."""
    lo = t_last.copy()
    hi = np.full_like(t_last, np.inf)
    for k in range(6):
        if k == 2:
            continue
        da, db = a[:, 2] - a[:, k], b[:, 2] - b[:, k]
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = -da / db
        lo = np.where(db > 0, np.maximum(lo, cross), lo)
        hi = np.where(db < 0, np.minimum(hi, cross), hi)
        hi = np.where((db == 0) & (da < 0), -np.inf, hi)
    return np.where(lo <= hi, lo, np.nan)


# --- the public function --------------------------------------------------------------------

def _as_list(by) -> list[str]:
    return [] if by is None else ([by] if isinstance(by, str) else list(by))


def detect(
    data: pd.DataFrame,
    *,
    time: str = "wave",
    by: str | Sequence[str] | None = None,
    alpha: float = 0.05,
    p_adjust: str = "holm",
    attribute: str = "attribute",
    category: str = "category",
) -> DropoffResult:
    """Find attributes moving along the life cycle A -> O -> M across survey waves.

    Parameters
    ----------
    data : pandas.DataFrame
        Coded responses (long) with ``attribute``, ``category`` and the ``time`` column,
        e.g. from :func:`cxresearch.kano.code`.
    time : str
        The wave column: integers, floats, or dates (then measured in years from the first
        wave). Waves may be unevenly spaced and missing for some attributes.
    by : str or list of str, optional
        Segment columns; every attribute x segment cell is tested on its own.
    alpha : float
        Significance level for ``direction`` and ``changepoint``.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the trend p-values across all rows of the table.
    attribute, category : str
        Column names.

    Returns
    -------
    DropoffResult
        ``result.table`` has one row per attribute [x group]: ``n`` (coded answers),
        ``n_waves``, ``first_wave``, ``last_wave``, ``first_category``,
        ``last_category`` (the modal category at the first and last wave), ``direction``
        ("drop-off", "rise", "stable", or "insufficient data" for an attribute seen in one
        wave), ``odds_ratio`` (per unit of time: the odds of an answer being further along
        A < O < M), ``odds_ratio_ci_low``, ``odds_ratio_ci_high``, ``m_share_slope`` and
        ``i_share_slope`` (change in the share of M and of I per unit of time),
        ``better_slope``, ``worse_slope``, ``p_value``, ``p_adjusted``, ``changepoint``
        (first wave of the new regime, where the change-point test is significant),
        ``changepoint_p``, ``pattern`` ("step" when a jump at the change point fits the
        life-cycle position better than a straight trend, else "gradual"),
        ``category_before``, ``category_after``, ``must_be_status``
        ("already must-be", "projected", "not on current trend" or "" when not a drop-off)
        and ``must_be_forecast`` (the wave, or date, at which M would become the most
        frequent category at the current linear rate; not reported beyond ten times the
        observed span). ``result.shares`` has every
        category share per wave with Wilson intervals.

    Notes
    -----
    **Trend.** The position of each answer on the life cycle A (0) < O (1) < M (2) is
    modelled by a proportional-odds (cumulative logit) model with time as covariate,
    fitted by Fisher scoring on the count table; the likelihood-ratio test of the time
    slope (1 df) gives ``p_value``. The odds ratio exp(beta) with a Wald interval is the
    effect size. **I, R and Q** do not enter this model: I is not a position between A
    and M (a delighter can also fade into indifference, which ``i_share_slope`` and the
    change-point test show), and R and Q are answers that contradict the question. They
    stay in every share, in Better / Worse and in the change-point test.

    **When.** A likelihood-ratio scan over split waves compares one category distribution
    (A, O, M, I, R+Q) before and after each split with a single pooled one; the best
    split's p-value is Bonferroni-adjusted over the splits scanned.

    **How fast.** Each category share gets a weighted least-squares line over time; the
    forecast is the earliest time from the last wave on at which the M line is at or above
    every other line.

    References
    ----------
    Kano, N. (2001). Life cycle and creation of attractive quality. 4th QMOD Conference.
    Nilsson-Witell, L., & Fundin, A. (2005). Dynamics of service attributes: a test of
    Kano's theory of attractive quality. International Journal of Service Industry
    Management, 16(2), 152-168.
    Löfgren, M., Witell, L., & Gustafsson, A. (2011). Theory of attractive quality and life
    cycles of quality attributes. The TQM Journal, 23(2), 235-246.
    Agresti, A. (2010). Analysis of Ordinal Categorical Data (2nd ed.). Wiley, ch. 3.

    Examples
    --------
    >>> import cxresearch as cx
    >>> answers, truth = cx.simulate.kano_waves(
    ...     ["sms", "queue"], 5, 300,
    ...     {"sms": cx.simulate.step({"A": .7, "I": .3}, {"M": .5, "I": .3, "A": .2}, at=3),
    ...      "queue": cx.simulate.stable({"M": .7, "O": .2, "I": .1})}, random_state=1)
    >>> res = cx.dropoff.detect(cx.kano.code(answers))
    >>> res.table[["attribute", "direction", "changepoint", "must_be_status"]]
      attribute direction  changepoint   must_be_status
    0       sms  drop-off          4.0  already must-be
    1     queue    stable          NaN
    """
    from cxresearch.kano import _category_codes  # shared validation of category labels

    if not isinstance(data, pd.DataFrame) or len(data) == 0:
        raise KanoInputError("`data` must be a non-empty DataFrame of coded responses.")
    groups = _as_list(by)
    check_argument("p_adjust", ["holm", "fdr_bh", "none"], p_adjust, error=KanoInputError)
    require_columns(data, [attribute, category, time, *groups], "column", error=KanoInputError)
    cat = _category_codes(data[category], category)
    t_all, is_date, origin = _time_values(data[time], time)
    waves = np.unique(t_all)
    if len(waves) < 2:
        raise KanoInputError(
            f"Column {time!r} holds a single wave ({data[time].iloc[0]!r}): drop-off detection "
            "needs at least two waves."
        )
    missing_group = np.zeros(len(data), dtype=bool)
    for b in groups:
        missing_group |= data[b].isna().to_numpy()
    keep = (cat >= 0) & ~missing_group
    keys = [attribute, *groups]
    frame = data.loc[keep, keys].reset_index(drop=True)
    w_index = np.searchsorted(waves, t_all[keep])
    cell = frame.groupby(keys, sort=True, observed=True)
    cell_id = cell.ngroup().to_numpy()
    G, W = cell.ngroups, len(waves)
    counts = np.bincount((cell_id * W + w_index) * 6 + cat[keep], minlength=G * W * 6).reshape(G, W, 6)
    cells = cell.size().reset_index()[keys]
    excluded = {}
    if (cat < 0).any():
        excluded["missing category"] = int((cat < 0).sum())
    if missing_group.any():
        excluded[f"missing {', '.join(groups)}"] = int((missing_group & (cat >= 0)).sum())
    account = RowAccount(len(data), int(keep.sum()), excluded, unit="answer pairs")
    table, shares = _analyse_counts(counts, waves, cells, keys, alpha, p_adjust)
    label = _wave_labeller(is_date, origin)
    for col in ("first_wave", "last_wave", "changepoint", "must_be_forecast"):
        table[col] = label(table[col].to_numpy(dtype=float))
    shares.insert(len(keys), time, label(waves[shares.pop("_w").to_numpy()]))
    return DropoffResult(table=table, shares=shares, time=time, by=tuple(groups), alpha=alpha,
                         p_adjust=p_adjust, time_unit="year" if is_date else f"1 unit of {time!r}",
                         rows=account)


def _wave_labeller(is_date: bool, origin):
    if not is_date:
        return lambda x: x
    return lambda x: (pd.to_datetime(origin) + pd.to_timedelta(np.asarray(x, dtype=float) * 365.25, unit="D")
                      ).round("D")


def _analyse_counts(counts: np.ndarray, waves: np.ndarray, cells: pd.DataFrame, keys: list[str],
                    alpha: float, p_adjust: str):
    """Every drop-off statistic from the (G, W, 6) count array."""
    G, W, _ = counts.shape
    n_w = counts.sum(axis=2)
    present = n_w > 0
    n_waves = present.sum(axis=1)
    enough = n_waves >= 2
    t = np.broadcast_to(waves, (G, W))
    tbar = np.where(present, t, 0).sum(axis=1) / np.maximum(n_waves, 1)
    tc = np.where(present, t - tbar[:, None], 0.0)
    beta = se = ll = ll0 = np.full(G, np.nan)
    if enough.any():
        b, s, l1, l0 = _ordinal_fit(counts[enough][:, :, :3].astype(float), tc[enough])
        beta, se, ll, ll0 = (np.full(G, np.nan) for _ in range(4))
        beta[enough], se[enough], ll[enough], ll0[enough] = b, s, l1, l0
    lr = np.clip(2 * (ll - ll0), 0, None)
    p = np.where(enough, stats.chi2.sf(lr, 1), np.nan)
    p_adj = adjust_pvalues(p, p_adjust)
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = counts / n_w[..., None]
        aomi = counts[..., :4].sum(axis=2)
        better = (counts[..., 0] + counts[..., 1]) / aomi
        worse = -(counts[..., 1] + counts[..., 2]) / aomi
    wts = np.where(present, n_w, 0.0)
    _, m_slope = _wls_slope(share[..., 2], t, wts)
    _, i_slope = _wls_slope(share[..., 3], t, wts)
    _, b_slope = _wls_slope(better, t, np.where(aomi > 0, aomi, 0.0))
    _, w_slope = _wls_slope(worse, t, np.where(aomi > 0, aomi, 0.0))
    five = np.concatenate([counts[..., :4], counts[..., 4:].sum(axis=2, keepdims=True)], axis=2)
    cp_idx, _, cp_p = _changepoints(five.astype(float), present)
    first_idx = np.argmax(present, axis=1)
    last_idx = W - 1 - np.argmax(present[:, ::-1], axis=1)
    rows = np.arange(G)
    per_wave = pd.DataFrame({"_cell": np.repeat(rows, W), "_w": np.tile(np.arange(W), G)})
    for j, c in enumerate(CATEGORIES):
        per_wave[c] = counts[..., j].ravel()
    per_wave["n_missing"] = 0
    per_wave = per_wave[per_wave[list(CATEGORIES)].sum(axis=1) > 0].reset_index(drop=True)
    stat, _ = kano_statistics(per_wave, ["_cell", "_w"], rule="mode", confidence=0.95)
    modal = np.full((G, W), "", dtype=object)
    modal[stat["_cell"], stat["_w"]] = stat["category"].astype(str)
    significant = enough & (p_adj < alpha)
    direction = np.where(~enough, "insufficient data",
                         np.where(significant & (beta > 0), "drop-off",
                                  np.where(significant & (beta < 0), "rise", "stable")))
    cp_ok = enough & (cp_p < alpha) & (cp_idx >= 0)
    pattern = np.full(G, "", dtype=object)
    if cp_ok.any():  # step or gradual: a step covariate against the linear one, same parameter count
        idx = np.flatnonzero(cp_ok)
        step_t = np.where(present[idx], (np.arange(W)[None, :] >= cp_idx[idx, None]).astype(float), 0.0)
        step_t = np.where(present[idx], step_t - (step_t * present[idx]).sum(1, keepdims=True)
                          / present[idx].sum(1, keepdims=True), 0.0)
        _, _, ll_step, _ = _ordinal_fit(counts[idx][:, :, :3].astype(float), step_t)
        pattern[idx] = np.where(ll_step > ll[idx], "step", "gradual")
    cat_before = np.full(G, "", dtype=object)
    cat_after = np.full(G, "", dtype=object)
    for i in np.flatnonzero(cp_ok):
        cat_before[i] = CATEGORIES[_mode(counts[i, : cp_idx[i]].sum(axis=0))]
        cat_after[i] = CATEGORIES[_mode(counts[i, cp_idx[i]:].sum(axis=0))]
    a_all = np.empty((G, 6))
    b_all = np.empty((G, 6))
    for k in range(6):
        a_all[:, k], b_all[:, k] = _wls_slope(share[..., k], t, wts)
    t_last = waves[last_idx]
    span = t_last - waves[first_idx]
    forecast = _must_be_forecast(a_all, b_all, t_last)
    forecast = np.where(forecast <= t_last + _HORIZON * span, forecast, np.nan)
    last_cat = modal[rows, last_idx]
    status = np.where(direction != "drop-off", "",
                      np.where(last_cat == "M", "already must-be",
                               np.where(np.isfinite(forecast), "projected", "not on current trend")))
    table = cells.copy()
    table["n"] = n_w.sum(axis=1)
    table["n_waves"] = n_waves
    table["first_wave"] = waves[first_idx]
    table["last_wave"] = t_last
    table["first_category"] = modal[rows, first_idx]
    table["last_category"] = last_cat
    table["direction"] = direction
    table["odds_ratio"] = np.exp(beta)
    table["odds_ratio_ci_low"] = np.exp(beta - z * se)
    table["odds_ratio_ci_high"] = np.exp(beta + z * se)
    table["m_share_slope"] = m_slope
    table["i_share_slope"] = i_slope
    table["better_slope"] = b_slope
    table["worse_slope"] = w_slope
    table["p_value"] = p
    table["p_adjusted"] = p_adj
    table["changepoint"] = np.where(cp_ok, waves[np.maximum(cp_idx, 0)], np.nan)
    table["changepoint_p"] = cp_p
    table["pattern"] = pattern
    table["category_before"] = cat_before
    table["category_after"] = cat_after
    table["must_be_status"] = status
    table["must_be_forecast"] = np.where(status == "projected", forecast,
                                         np.where(status == "already must-be", t_last, np.nan))
    long = []
    for j, c in enumerate(CATEGORIES):
        lo, hi = wilson(counts[..., j], n_w, 0.95)
        part = pd.DataFrame({"_cell": np.repeat(rows, W), "_w": np.tile(np.arange(W), G),
                             "category": c, "count": counts[..., j].ravel(), "n": n_w.ravel(),
                             "share": share[..., j].ravel(), "ci_low": lo.ravel(), "ci_high": hi.ravel()})
        long.append(part[part["n"] > 0])
    shares = pd.concat(long, ignore_index=True)
    shares["category"] = pd.Categorical(shares["category"], categories=list(CATEGORIES), ordered=True)
    shares = shares.sort_values(["_cell", "_w", "category"], kind="stable").reset_index(drop=True)
    key_frame = cells.iloc[shares["_cell"].to_numpy()].reset_index(drop=True)
    shares = pd.concat([key_frame, shares.drop(columns="_cell")], axis=1)
    return table, shares


def _mode(c: np.ndarray) -> int:
    priority = np.array([3, 4, 5, 2, 1, 0])
    return int(np.argmax(c * 10 + priority))


@dataclass(frozen=True, repr=False)
class DropoffResult(ResultMixin):
    """Result of :func:`detect`: ``table``, ``shares`` (per wave), settings and row accounting."""

    table: pd.DataFrame
    shares: pd.DataFrame
    time: str
    by: tuple[str, ...]
    alpha: float
    p_adjust: str
    time_unit: str
    rows: RowAccount

    _title = "Drop-off detection"

    def _settings(self) -> dict[str, str]:
        flagged = (self.table["direction"] == "drop-off").sum()
        return {
            "time": f"{self.time} (slopes per {self.time_unit})",
            "segments": ", ".join(self.by) or "none",
            "trend test": f"proportional-odds LR test on A < O < M; {self.p_adjust} adjustment",
            "alpha": f"{self.alpha}",
            "drop-offs": f"{flagged} of {len(self.table)}",
            "rows": str(self.rows),
        }

    def summary(self) -> pd.DataFrame:
        """Direction, effect, p-values, change point and forecast, rounded."""
        cols = ["attribute", *self.by, "first_category", "last_category", "direction", "odds_ratio",
                "m_share_slope", "p_adjusted", "changepoint", "pattern", "must_be_status",
                "must_be_forecast"]
        out = self.table[cols].copy()
        numeric = out.select_dtypes("number").columns
        out[numeric] = out[numeric].round(3)
        return out

    def plot(self, kind: str = "shares", ax=None, **kwargs):
        """``kind="shares"``: small multiples of category shares over waves; ``"arrows"``:
        each attribute's move in the Better-Worse plane from its first to its last wave."""
        from cxresearch import plotting

        check_argument("kind", ["shares", "arrows"], kind)
        if kind == "shares":
            return plotting.dropoff_shares(self, ax=ax, **kwargs)
        return plotting.dropoff_arrows(self, ax=ax, **kwargs)


# --- power ----------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class PowerResult(ResultMixin):
    """Result of :func:`power`: detection rate per sample size, with Wilson intervals."""

    table: pd.DataFrame
    settings: dict

    _title = "Drop-off power analysis"

    def _settings(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.settings.items()}

    def summary(self) -> pd.DataFrame:
        return self.table.round(3)

    def plot(self, ax=None):
        """Power against respondents per wave, with the 80% line."""
        from cxresearch import plotting

        return plotting.power_curve(self, ax=ax)


def power(
    *,
    respondents: Sequence[int] = (50, 100, 200, 300, 500),
    waves: int = 6,
    drift: float = 0.35,
    start: dict | None = None,
    alpha: float = 0.05,
    n_sim: int = 500,
    random_state=None,
) -> PowerResult:
    """How many respondents per wave are needed to detect a drop-off (by simulation).

    Parameters
    ----------
    respondents : sequence of int
        Respondents per wave to try.
    waves : int
        Number of equally spaced waves.
    drift : float
        Share moved linearly from A to O and M (half each) between the first and the last
        wave.
    start : dict, optional
        The first wave's category distribution; default A 0.6, O 0.15, M 0.1, I 0.15.
    alpha : float
        Level of the (unadjusted) trend test.
    n_sim : int
        Simulated surveys per sample size.
    random_state : int or numpy.random.Generator

    Returns
    -------
    PowerResult
        ``table``: ``respondents_per_wave``, ``power`` (share of simulated surveys whose
        trend test rejects at ``alpha`` with a drop-off direction), ``power_ci_low``,
        ``power_ci_high``, and ``false_positive`` (the same rate when nothing drifts).

    Notes
    -----
    Counts per wave are drawn directly from the multinomial distribution (they are the
    sufficient statistics), and every simulated survey goes through the same test as
    :func:`detect`, so the power is that of the method researchers will run.

    Examples
    --------
    >>> import cxresearch as cx
    >>> res = cx.dropoff.power(respondents=[50, 300], n_sim=200, random_state=0)
    >>> res.table["power"].is_monotonic_increasing
    True
    """
    from cxresearch.simulate import probabilities

    rng = as_generator(random_state)
    p0 = probabilities(start or {"A": 0.6, "O": 0.15, "M": 0.1, "I": 0.15})
    if drift > p0[0] + 1e-12:
        raise KanoInputError(f"`drift` ({drift}) cannot exceed the starting share of A ({p0[0]:.2f}).")
    p1 = p0 + np.array([-drift, drift / 2, drift / 2, 0, 0, 0])
    frac = np.linspace(0, 1, waves)[:, None]
    path = (1 - frac) * p0 + frac * p1
    rows = []
    for n in respondents:
        rates = []
        for probs in (path, np.broadcast_to(p0, path.shape)):
            counts = np.stack([rng.multinomial(n, probs[w], size=n_sim) for w in range(waves)], axis=1)
            t = np.broadcast_to(np.arange(waves, dtype=float) - (waves - 1) / 2, (n_sim, waves))
            beta, _, l1, l0 = _ordinal_fit(counts[..., :3].astype(float), t)
            p = stats.chi2.sf(np.clip(2 * (l1 - l0), 0, None), 1)
            rates.append(int(((p < alpha) & (beta > 0)).sum()) if len(rates) == 0 else int((p < alpha).sum()))
        lo, hi = wilson(np.array([rates[0]]), np.array([n_sim]), 0.95)
        rows.append({"respondents_per_wave": n, "power": rates[0] / n_sim, "power_ci_low": lo[0],
                     "power_ci_high": hi[0], "false_positive": rates[1] / n_sim})
    settings = {"waves": waves, "drift": drift, "alpha": alpha, "simulations": n_sim}
    return PowerResult(table=pd.DataFrame(rows), settings=settings)
