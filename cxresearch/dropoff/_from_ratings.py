"""Drift in ordinary ratings: penalty and reward over periods, their asymmetry trend and change point."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxresearch._core.checks import (
    arg_error,
    check_alpha,
    check_argument,
    check_confidence,
    check_count,
    check_pair,
    require_frame,
)
from cxresearch._core.stats import P_ADJUST
from cxresearch.dropoff._rating_analysis import collapse, period_tables, segment_rows, verdict
from cxresearch.dropoff._rating_model import design
from cxresearch.dropoff._rating_result import RatingDriftResult
from cxresearch.dropoff._rating_rows import check_roles, read_rows
from cxresearch._core.params import Anything, Frame, Integer, Name, Names, Options, Pair, Real, declared

COLUMNS = ["n", "n_periods", "first_period", "last_period", "first_factor", "last_factor", "path", "fitted_path",
           "direction", "penalty_slope", "penalty_slope_p", "reward_slope", "reward_slope_p", "asymmetry_slope",
           "asymmetry_slope_ci_low", "asymmetry_slope_ci_high", "asymmetry_first", "asymmetry_last", "p_value",
           "p_adjusted", "changepoint", "changepoint_p", "pattern", "factor_before", "factor_after",
           "must_be_status", "must_be_forecast", "note"]


@declared(data=Frame(), outcome=Name(), attributes=Names(), time=Name(),
          bins=[None, Options("distinct", "year", "quarter", "month"), Integer(2), Anything("a list of edges, read by the period reader")],
          scale=[None, Pair()], low=Anything("ratings or a cut-off, read by the band reader"),
          high=Anything("ratings or a cut-off, read by the band reader"),
          missing_codes=Anything("read by the code reader"),
          threshold=[Real(0, 1, expected="a number in [0, 1]"), Pair("(-0.2, 0.3)", strict=False, within=(-1, 1))])
def from_ratings(
    data: pd.DataFrame,
    outcome: str,
    attributes: Sequence[str],
    *,
    time: str,
    bins=None,
    by: str | Sequence[str] | None = None,
    scale: tuple[float, float] | None = None,
    outcome_scale: tuple[float, float] | None = None,
    low=None,
    high=None,
    weights: str | None = None,
    missing_codes=None,
    threshold: float | tuple[float, float] = 0.2,
    alpha: float = 0.05,
    confidence: float = 0.95,
    p_adjust: str = "holm",
    min_n: int = 30,
) -> RatingDriftResult:
    """Drift of attributes along excitement -> performance -> basic, read from ordinary ratings over time.

    The rating counterpart of :func:`detect`: no Kano questionnaire, only an overall score
    and attribute ratings with a date (a tracker, dated reviews). Penalty and reward
    (:func:`cxresearch.satisfaction.penalty_reward`) are estimated per period, their trend is
    tested in one joint model, and the result reads like a drop-off result.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent (frames of other libraries are converted to pandas).
    outcome : str
        Overall satisfaction (a rating; a yes/no outcome is refused).
    attributes : list of str
        Attribute rating columns.
    time : str
        The time column, read by one rule (``cxresearch._core.time``): dates
        (datetimes, ISO or unambiguous date text; UTC offsets that differ converted to UTC
        with a warning; day/month text that reads both ways refused), periods (a pandas
        ``Period`` column, ``2020Q1`` / ``2020-Q1`` / ``2020 Q1`` or ``2020-01`` text,
        shown as periods), numbers or an ordered Categorical. Rows without a time are left
        out and counted.
    bins : None, "distinct", "year", "quarter", "month", int or list of edges
        How ``time`` becomes periods. None: dates -> calendar years; periods, numbers with
        at most 20 distinct values and ordered categories as they are; other numbers -> 5
        equal-count bins. A whole number asks for that many equal-count bins; a list gives
        the bin edges ([e0, e1), ..., [e_k-1, e_k]; rows outside are left out and counted).
    by : str or list of str, optional
        Segment columns; every segment gets its own model and rows in the table.
    scale, outcome_scale : (low, high), optional
        Declared scales of the attribute ratings and of the outcome; values outside are
        refused, naming the column. Without ``scale`` it is the smallest and largest rating.
    low, high : number or list of values, optional
        The bands, as in :func:`cxresearch.satisfaction.penalty_reward` (default: the bottom
        and top two points of a scale of up to 11 points).
    weights : str, optional
        Survey (sampling) weights: weighted least squares, robust standard errors, and
        weighted per-period tables; weight 0 leaves a row out (counted).
    missing_codes : value or list of values, optional
        Answers meaning "not applicable" (e.g. 0 on a 1-5 sub-rating), turned missing first
        in the outcome and every attribute, and counted per column in ``result.rows.recoded``.
    threshold : float or (lower, upper)
        Impact-asymmetry cut-offs of the factors (0.2 means -0.2 and 0.2).
    alpha : float
        Level of the trend and change-point tests.
    confidence : float
        Level of the intervals of the asymmetry slope and of the per-period effects.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the trend p-values across the rows of the table.
    min_n : int
        A period (of a segment) needs at least ``min_n`` rows: thinner periods are left
        out and their rows counted; per-period bands with fewer ratings get a note.

    Returns
    -------
    RatingDriftResult
        ``result.table``, one row per attribute [x group]: ``n`` (rows used),
        ``n_periods``, ``first_period``, ``last_period``, ``first_factor`` and
        ``last_factor`` (the factor estimated in the first and last period), ``path``
        (the factors of the periods in order, repeats merged: "excitement → performance →
        basic"), ``fitted_path`` (the same on the joint model's trend lines), ``direction``
        ("drop-off": the asymmetry falls toward basic; "rise"; "stable"; "insufficient
        data", with the reason in ``note``), ``penalty_slope``, ``reward_slope`` (change per
        unit of time, outcome points) with ``penalty_slope_p``, ``reward_slope_p``,
        ``asymmetry_slope`` (their sum: the trend of ``|reward| - |penalty|``, the effect size)
        with ``asymmetry_slope_ci_low`` / ``_ci_high``, ``asymmetry_first`` and
        ``asymmetry_last`` (normalised impact asymmetry of the trend lines at the first and
        last period), ``p_value``, ``p_adjusted``, ``changepoint`` (first period of the new
        regime, where the scan is significant), ``changepoint_p``, ``pattern`` ("step" or
        "gradual"), ``factor_before``, ``factor_after``, ``must_be_status`` ("already
        must-be", "projected", "not on current trend", or "" for no drop-off; must-be = a
        basic factor), ``must_be_forecast`` (when the trend lines make it basic: a date for
        date periods, else a time; not beyond ten times the observed span) and ``note``.
        ``result.periods`` holds each period's own penalty-reward table (the columns of
        :func:`cxresearch.satisfaction.penalty_reward` with ``period``, ``t``, ``n``);
        ``result.fitted`` the trend lines per period.

    See Also
    --------
    detect : the same questions asked of Kano answers over waves.
    cxresearch.satisfaction.penalty_reward : penalty and reward within one period.
    cxresearch.simulate.rating_tracker : rating trackers with a known drift.

    Notes
    -----
    **Model.** Per segment, one least-squares regression of the outcome on period
    intercepts, each attribute's low and high band dummies L, H and their interactions
    with the centred period time: ``y = a_p + sum_j (b_Lj + g_Lj t) L_j + (b_Hj + g_Hj t)
    H_j + e``. The penalty of attribute j at time t is ``b_Lj + g_Lj t``, its reward ``b_Hj
    + g_Hj t``. With the expected signs, ``|reward| - |penalty| = reward + penalty``, so
    its trend is ``g_Hj + g_Lj``: below zero the attribute moves from excitement toward
    basic (the reward fades, the penalty grows). The test is a z test of ``g_Hj + g_Lj =
    0`` with White's heteroskedasticity-robust (HC1) covariance (with weights: WLS and the
    same sandwich). A fading of both effects in proportion lowers ``g_Hj + g_Lj`` as well
    without moving the normalised asymmetry; ``asymmetry_first`` / ``_last`` and ``note``
    show that case. Period intercepts absorb changes in the mean outcome. The model is
    fitted from per-period cross-products (one pass over the rows, one more for the
    robust covariance).

    **Periods** carry a position t: dates in decimal years at the middle of the period
    (calendar years: 2012.5), periods given as periods at their ordinal (one step is one
    quarter or month), numbers at their value or a bin's middle, ordered categories 0, 1,
    2, ...; slopes are per year, per quarter (month), per unit of the number, or per period.

    **Change point.** For each attribute, a step in its penalty and reward from period s
    on is added to the model without its trend, for every split s; the split with the
    smallest residual sum of squares is the change point, its F test (2 degrees of
    freedom) Bonferroni-adjusted over the splits; "step" when the step fits better than
    the linear trend. **Forecast.** The first time from the last period on at which the
    trend lines' asymmetry falls below the lower threshold (a basic factor).

    **Scale switches and ceilings.** When the largest rating of a column is 1.5 times or
    more higher in some periods than in others (a 1-5 score that becomes 1-10), a
    :class:`~cxresearch.errors.ScaleWarning` names it: rescale or restrict the periods. A
    ceiling or floor bends the effects: when many overall scores sit at the ends of the
    scale, an attribute's observed reward depends on how often the others push the score
    there, so a drifting attribute can make a stable one seem to move (with a million
    ratings, even slightly).

    References
    ----------
    Kano, N. (2001). Life cycle and creation of attractive quality. 4th QMOD Conference.

    Matzler, K., & Sauerwein, E. (2002). The factor structure of customer satisfaction.
    International Journal of Service Industry Management 13(4), 314-332.

    White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator and a
    direct test for heteroskedasticity. Econometrica 48(4), 817-838.

    Examples
    --------
    >>> import cxresearch as cx
    >>> spec = {"wifi": {"penalty": (-0.1, -1.2), "reward": (1.2, 0.1), "experience": 3.0},
    ...         "staff": {"penalty": -0.6, "reward": 0.6, "experience": 3.2}}
    >>> data, truth = cx.simulate.rating_tracker(spec, periods=6, n=1000, random_state=7)
    >>> res = cx.dropoff.from_ratings(data, "overall", ["wifi", "staff"], time="date")
    >>> res.table[["attribute", "first_period", "last_period", "direction", "must_be_status"]]
      attribute  first_period  last_period direction   must_be_status
    0      wifi          2020         2025  drop-off  already must-be
    1     staff          2020         2025    stable
    >>> print(res.table.loc[0, "fitted_path"])
    excitement → performance → basic
    """
    data = require_frame(data)
    check_confidence(confidence)
    check_alpha(alpha)
    check_argument("p_adjust", P_ADJUST, p_adjust)
    min_n = check_count("min_n", min_n, 0)
    bounds = _cuts(threshold)
    attrs, keys = check_roles(data, outcome, attributes, time, by, weights)
    rows = read_rows(data, outcome, attrs, keys, time=time, bins=bins, weights=weights, scale=scale,
                     outcome_scale=outcome_scale, low=low, high=high, missing_codes=missing_codes, min_n=min_n)
    parts, lines = [], []
    for g in range(len(rows.groups)):
        mask = slice(None) if len(rows.groups) == 1 else rows.group == g
        d = design(rows.y[mask], rows.D[mask], None if rows.w is None else rows.w[mask], rows.period[mask],
                   rows.periods.t)
        found, fitted = segment_rows(d, attrs, rows.periods, bounds, confidence)
        where = {k: rows.groups.iloc[g][k] for k in keys}
        parts.append(pd.DataFrame(found).assign(**where, _g=g))
        if fitted is not None:
            lines.append(fitted.assign(**where, _g=g))
    periods = period_tables(rows.y, rows.X, rows.w, rows.group, rows.period, rows.groups, rows.periods, outcome,
                            attrs, low=low, high=high, scale=rows.scale, bounds=bounds, confidence=confidence,
                            alpha=alpha, min_n=min_n)
    table = _table(pd.concat(parts, ignore_index=True), periods, keys, rows.periods, alpha, p_adjust)
    fitted = pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=["attribute", "period", "t"])
    fitted = fitted[["attribute", *keys, *[c for c in fitted.columns if c not in ("attribute", *keys)]]]
    table, periods, fitted = (_attribute_major(f, attrs) for f in (table, periods, fitted))
    left = "; ".join(f"{' / '.join(map(str, [*g, p]))} ({n} rows)" for g, p, n in rows.thin_periods)
    return RatingDriftResult(
        table=table, rows=rows.account, by=tuple(keys), periods=periods, fitted=fitted, time=time,
        period_rule=rows.periods.rule, time_unit=rows.periods.unit, alpha=alpha, confidence=confidence,
        p_adjust=p_adjust, threshold=bounds, weights=weights or "", left_out=left,
        bands=f"low {rows.low_text}, high {rows.high_text} (scale {rows.scale[0]:g}-{rows.scale[1]:g}, "
              f"{rows.scale_source})")


def _attribute_major(frame: pd.DataFrame, attrs: list) -> pd.DataFrame:
    """Rows in attribute order, then segment, then as made (time): the order of :func:`detect`'s tables."""
    if "_g" not in frame:
        return frame.reset_index(drop=True)
    attr = frame["attribute"].map(attrs.index).to_numpy()
    order = np.lexsort((np.arange(len(frame)), frame["_g"].to_numpy(), attr))
    return frame.iloc[order].drop(columns="_g").reset_index(drop=True)


def _cuts(threshold) -> tuple[float, float]:
    """``0.2`` -> (-0.2, 0.2); a pair (lower, upper) inside [-1, 1] is kept."""
    if isinstance(threshold, (int, float, np.number)) and not isinstance(threshold, bool):
        if not 0 <= threshold <= 1:
            raise arg_error("threshold", "a number in [0, 1] or a pair (lower, upper)", threshold)
        return -float(threshold), float(threshold)
    return check_pair("threshold", threshold, within=(-1, 1), strict=False, example="0.2 or (-0.2, 0.3)")


def _table(found: pd.DataFrame, periods: pd.DataFrame, keys: list, spans, alpha: float, p_adjust: str):
    """The result table: the observed factor paths, the verdict, the columns in their documented order."""
    for col, default in (("note", ""), ("p_value", np.nan), ("asymmetry_slope", np.nan), ("changepoint_p", np.nan),
                         ("_split", np.nan), ("_pattern", ""), ("_before", ""), ("_after", ""),
                         ("_basic_now", False), ("_forecast", np.nan), ("_t_last", np.nan),
                         ("asymmetry_first", np.nan), ("asymmetry_last", np.nan), ("fitted_path", "")):
        if col not in found:
            found[col] = default
    found["note"] = found["note"].fillna("")
    observed = periods.groupby(["attribute", *keys], sort=False, observed=True)["factor"]
    paths = observed.agg(lambda f: collapse(x for x in f if x != "not estimable")).rename("path")
    ends = observed.agg(["first", "last"]).rename(columns={"first": "first_factor", "last": "last_factor"})
    found = found.merge(pd.concat([paths, ends], axis=1).reset_index(), on=["attribute", *keys], how="left")
    table = verdict(found, spans, alpha, p_adjust)
    for col in COLUMNS:
        if col not in table:
            table[col] = np.nan
    return table[["attribute", *keys, *COLUMNS, *(["_g"] if "_g" in table else [])]]
