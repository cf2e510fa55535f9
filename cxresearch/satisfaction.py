"""Satisfaction regression: gaps, derived importance, penalty-reward factors, response surfaces.

Satisfaction is read as experience minus expectation. This module asks four questions of
rating data:

* :func:`gap_analysis` - where does experience fall short of expectation, weighted by
  importance (the gap step of the seven-step customer-experience method)?
* :func:`drivers` and :func:`importance_performance` - which attributes move overall
  satisfaction (standardised regression, relative weights, Shapley / LMG values), and how
  do they perform?
* :func:`penalty_reward` - which attributes are basic, performance or excitement factors,
  read from ordinary ratings (no Kano questionnaire needed)?
* :func:`disconfirmation` - does satisfaction really equal experience - expectation in
  these data (polynomial regression and response-surface analysis)?

Regression inputs are checked the same way everywhere (``cxresearch._ratings``): numbers
only, ratings on the declared scale, no constant or perfectly collinear attribute, and
rows with missing values left out and counted in ``result.rows``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch import _importance
from cxresearch._penalty import PenaltyRewardResult, bands, cuts, fit_bands, segment_test
from cxresearch._ratings import as_by, prepare, prepare_groups
from cxresearch._satisfaction_results import (
    METHODS,
    QUADRANT_NAMES,
    DriversResult,
    GapResult,
    IPAResult,
)
from cxresearch._surface import SurfaceResult, fit_surface, stationary
from cxresearch._validate import (
    RowAccount,
    as_generator,
    as_numeric,
    bad_values,
    check_argument,
    check_confidence,
    check_n_boot,
    require_columns,
    require_frame,
)
from cxresearch.errors import CXInputError, ThinDataWarning

__all__ = [
    "DriversResult",
    "GapResult",
    "IPAResult",
    "PenaltyRewardResult",
    "SurfaceResult",
    "disconfirmation",
    "drivers",
    "gap_analysis",
    "importance_performance",
    "penalty_reward",
]


def gap_analysis(
    table: pd.DataFrame,
    *,
    attribute: str = "attribute",
    experience: str = "experience",
    expectation: str = "expectation",
    importance: str = "importance",
    ideal: str | None = None,
    confidence: float = 0.95,
) -> GapResult:
    """Experience - expectation gaps, weighted by importance, with the ideal gap.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per attribute (a summary table), or one row per respondent and attribute
        (then means per attribute are used, with t intervals).
    attribute, experience, expectation, importance : str
        Column names; ratings on one scale (e.g. 1-10).
    ideal : str, optional
        Column with the ideal (target) level of each attribute.
    confidence : float
        Level of the intervals for respondent-level input.

    Returns
    -------
    GapResult
        ``result.table``: ``attribute``, ``n``, ``experience``, ``expectation``,
        ``importance``, ``gap`` = experience - expectation, ``weighted_gap`` = importance x
        gap, ``ideal`` and ``ideal_gap`` = experience - ideal (with ``ideal``), and
        ``priority`` (1 = worst weighted gap; ties share a rank). Respondent-level input
        adds ``gap_ci_low`` and ``gap_ci_high`` (paired t interval of the mean gap).

    Notes
    -----
    The gap step of the seven-step customer-experience-management method: a negative
    gap means experience falls short of what customers expect; weighting by importance
    ranks where the shortfall hurts most; the ideal gap shows how far today's experience
    is from the level the firm aims for.

    Examples
    --------
    The electronics-chain case (four shops on one street):

    >>> import cxresearch as cx
    >>> res = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"), ideal="ideal")
    >>> res.table.loc[res.table["priority"] == 1, ["attribute", "gap", "weighted_gap", "ideal_gap"]]
         attribute  gap  weighted_gap  ideal_gap
    3  convenience   -2           -18         -5
    """
    require_frame(table, "table")
    cols = [experience, expectation, importance] + ([ideal] if ideal else [])
    require_columns(table, [attribute, *cols], "column")
    values = {c: as_numeric(table[c], c) for c in cols}
    missing = np.zeros(len(table), dtype=bool)
    for v in values.values():
        missing |= np.isnan(v)
    frame = pd.DataFrame({attribute: table[attribute].to_numpy(), **values})[~missing]
    account = RowAccount(len(table), int((~missing).sum()),
                         {"a rating missing": int(missing.sum())} if missing.any() else {})
    frame["gap"] = frame[experience] - frame[expectation]
    g = frame.groupby(attribute, sort=False)
    out = g[cols + ["gap"]].mean().reset_index()
    out.insert(1, "n", g.size().to_numpy())
    out = out.rename(columns={experience: "experience", expectation: "expectation",
                              importance: "importance", attribute: "attribute"})
    level = "summary table" if (out["n"] == 1).all() else "respondents"
    if level == "respondents":
        sd = g["gap"].std(ddof=1).to_numpy()
        n = out["n"].to_numpy()
        half = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1)) * sd / np.sqrt(n)
        out["gap_ci_low"], out["gap_ci_high"] = out["gap"] - half, out["gap"] + half
    out["weighted_gap"] = out["importance"] * out["gap"]
    if ideal:
        out = out.rename(columns={ideal: "ideal"})
        out["ideal_gap"] = out["experience"] - out["ideal"]
    out["priority"] = out["weighted_gap"].rank(method="min").astype(int)
    if level == "summary table":  # whole numbers stay whole, as in the published case
        for c in out.columns:
            if out[c].dtype == float and np.all(out[c] == np.round(out[c])):
                out[c] = out[c].astype(int)
    return GapResult(table=out, level=level, confidence=confidence, rows=account)


# Derived importance ---------------------------------------------------------------------

def drivers(
    data: pd.DataFrame,
    outcome: str,
    attributes: list[str],
    *,
    method: str = "relative_weights",
    by: str | list[str] | None = None,
    scale: tuple[float, float] | None = None,
    outcome_scale: tuple[float, float] | None = None,
    confidence: float = 0.95,
    n_boot: int = 0,
    random_state=None,
    missing: str = "listwise",
) -> DriversResult:
    """Derived importance: how much each attribute rating explains of overall satisfaction.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    outcome : str
        Overall satisfaction (or loyalty, recommendation) column.
    attributes : list of str
        Attribute rating columns (at most 20 for ``method="shapley"``).
    method : {"relative_weights", "shapley", "ols"}
        ``"relative_weights"`` (Johnson 2000) and ``"shapley"`` (LMG) split R2 into
        non-negative shares that sum to R2 even when attributes are correlated;
        ``"ols"`` reports standardised coefficients (they do not add up to R2 and can
        change sign when attributes are correlated).
    by : str or list of str, optional
        Segment column(s): one model per segment (rows without a segment are counted
        as left out).
    scale, outcome_scale : (low, high), optional
        Declared scales; ratings outside raise an error.
    confidence : float
        Level of the intervals.
    n_boot : int
        Bootstrap resamples of respondents for percentile intervals of the weights
        (0 = none). ``random_state`` seeds them.
    missing : {"listwise", "raise"}
        Rows with a missing outcome or rating are left out and counted, or refused.

    Returns
    -------
    DriversResult
        ``result.table``: ``attribute``, ``mean`` (mean rating in the rows used), ``r``
        (correlation with the outcome), ``beta``
        (standardised coefficient in the full model), ``beta_ci_low``, ``beta_ci_high``,
        ``p_value`` (of beta), ``weight`` (the method's importance), ``weight_ci_low`` and
        ``weight_ci_high`` (with ``n_boot``), ``pct_r2`` (weight as % of R2; not for
        ``"ols"``), ``rank`` (1 = most important; by absolute beta for ``"ols"``); with
        ``by``, the segment columns come first. ``result.fits``: ``n``, ``r2`` and
        ``adj_r2`` per segment (``result.r2`` and ``result.adj_r2`` give them directly);
        ``result.rows``: the row accounting.

    Notes
    -----
    Everything is computed from the correlation matrix R of (outcome, attributes) of the
    rows used. R2 = r' Rxx^-1 r. Relative weights: with Lambda = Rxx^(1/2) and
    beta* = Rxx^(-1/2) r, weight_j = sum_k Lambda_jk^2 beta*_k^2 (Johnson 2000). Shapley /
    LMG: the R2 of all 2^k subsets is obtained by solving their normal equations from R
    (batched, no refit on raw rows); weight_j averages the R2 gained by adding attribute j
    over all k! orders (Lindeman, Merenda & Gold 1980; Grömping 2007). Both decompositions
    sum to R2 exactly. Standardised betas and their t intervals come from statsmodels OLS
    on z-scores. Relative weights approximate Shapley values closely at a fraction of the
    cost (k eigenvalues instead of 2^k systems).

    References
    ----------
    Johnson, J. W. (2000). A heuristic method for estimating the relative weight of
    predictor variables in multiple regression. Multivariate Behavioral Research 35, 1-19.
    Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). Introduction to Bivariate and
    Multivariate Analysis. Scott, Foresman.
    Grömping, U. (2007). Estimators of relative importance in linear regression based on
    variance decomposition. The American Statistician 61, 139-147.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> cols = [c for c in df.columns if c.endswith("_experience")]
    >>> res = cx.satisfaction.drivers(df, "overall", cols, method="shapley")
    >>> print(f"R2 = {res.r2:.4f}, sum of Shapley values = {res.table['weight'].sum():.4f}")
    R2 = 0.6456, sum of Shapley values = 0.6456
    >>> res.table.sort_values("rank")[["attribute", "weight", "pct_r2", "rank"]].head(3).round(3)
                         attribute  weight  pct_r2  rank
    0    short_waiting_time_experience   0.090  14.019     1
    6        online_booking_experience   0.085  13.177     2
    3      financial_advice_experience   0.080  12.412     3
    """
    check_argument("method", list(METHODS), method)
    check_confidence(confidence)
    k = len(attributes) if not isinstance(attributes, str) else 1
    if method == "shapley" and k > 20:
        raise CXInputError(
            f"`method='shapley'` enumerates all 2^k subsets; {k} attributes is more than the 20 allowed. "
            "Use method='relative_weights' (nearly the same values, at a fraction of the cost)."
        )
    groups, rows = prepare_groups(data, outcome, attributes, by=by, scale=scale, outcome_scale=outcome_scale,
                                  missing=missing)
    check_n_boot(n_boot)
    keys = as_by(by, data, [])
    rng = as_generator(random_state)
    tables, fits = [], []
    for key, d in groups:
        table, fit = _importance.fit_group(d, method, confidence, int(n_boot), rng)
        group = dict(zip(keys, key))
        tables.append(table.assign(**group)[[*keys, *table.columns]])
        fits.append({**group, **fit})
    return DriversResult(pd.concat(tables, ignore_index=True), method, outcome, pd.DataFrame(fits), tuple(keys),
                         confidence, int(n_boot), rows)


# Importance-performance grid ------------------------------------------------------------

def importance_performance(
    data: pd.DataFrame,
    outcome: str,
    attributes: list[str],
    *,
    method: str = "relative_weights",
    cut: str | tuple[float, float] = "mean",
    labels: dict[str, str] | None = None,
    **kwargs,
) -> IPAResult:
    """The importance-performance grid: derived importance against mean performance.

    Parameters
    ----------
    data, outcome, attributes
        As in :func:`drivers`.
    method : str
        Importance measure, see :func:`drivers` (``pct_r2`` is plotted for the
        decompositions, ``|beta|`` for ``"ols"``).
    cut : {"mean", "median"} or (performance, importance)
        Where the quadrant lines sit: the mean (or median) of the attributes' performance
        and importance (Martilla & James 1977 used the means), or fixed values such as the
        scale midpoint.
    labels : dict, optional
        Display names for the attributes (e.g. without a ``_experience`` suffix).
    **kwargs
        Passed to :func:`drivers` (``scale``, ``missing``, ``n_boot`` ...).

    Returns
    -------
    IPAResult
        ``result.table``: ``attribute``, ``performance`` (mean rating in the rows used),
        ``importance``, ``quadrant`` ("concentrate here", "keep up the good work", "low
        priority", "possible overkill"); ``result.drivers`` holds the importance model.

    References
    ----------
    Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of
    Marketing 41(1), 77-79.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> cols = [c for c in df.columns if c.endswith("_experience")]
    >>> names = {c: c.removesuffix("_experience") for c in cols}
    >>> ipa = cx.satisfaction.importance_performance(df, "overall", cols, labels=names)
    >>> ipa.table.round(2).head(4)
                  attribute  performance  importance               quadrant
    0    short_waiting_time         3.32       14.17  keep up the good work
    1  transaction_accuracy         3.80        7.26      possible overkill
    2          birthday_sms         3.42        5.52      possible overkill
    3      financial_advice         3.35       12.51  keep up the good work

    Basic factors (accuracy, the birthday SMS) look unimportant to a linear model because
    most customers rate them well; see :func:`penalty_reward`.
    """
    if "by" in kwargs:
        raise CXInputError("`importance_performance` draws one grid: call it once per segment "
                           "(e.g. in a loop over data.groupby(...)), or use drivers(..., by=...).")
    res = drivers(data, outcome, attributes, method=method, **kwargs)
    table = pd.DataFrame({"attribute": res.table["attribute"], "performance": res.table["mean"]})
    table["importance"] = res.table["weight"].abs() if method == "ols" else res.table["pct_r2"]
    if isinstance(cut, str):
        check_argument("cut", ["mean", "median"], cut)
        p_cut, i_cut = (getattr(table[c], cut)() for c in ("performance", "importance"))
        cut_name = cut
    else:
        try:
            p_cut, i_cut = (float(v) for v in cut)
        except (TypeError, ValueError):
            raise CXInputError(f"`cut` must be 'mean', 'median' or (performance, importance); got {cut!r}.") from None
        cut_name = "given values"
    table["quadrant"] = [QUADRANT_NAMES[(bool(i >= i_cut), bool(p >= p_cut))]
                         for p, i in zip(table["performance"], table["importance"])]
    if labels:
        table["attribute"] = table["attribute"].map(lambda a: labels.get(a, a))
    return IPAResult(table, float(p_cut), float(i_cut), cut_name, res)


# Penalty-reward contrast analysis -------------------------------------------------------

def penalty_reward(
    data: pd.DataFrame,
    outcome: str,
    attributes: list[str],
    *,
    low=None,
    high=None,
    by: str | list[str] | None = None,
    scale: tuple[float, float] | None = None,
    outcome_scale: tuple[float, float] | None = None,
    threshold: float | tuple[float, float] = 0.2,
    confidence: float = 0.95,
    alpha: float = 0.05,
    min_count: int = 30,
    n_boot: int = 0,
    random_state=None,
    p_adjust: str = "holm",
    missing: str = "listwise",
) -> PenaltyRewardResult:
    """Penalty-reward contrast analysis: basic, performance and excitement factors from ratings.

    Each attribute's rating is split into a low band, a reference band and a high band;
    overall satisfaction is regressed on two dummy variables per attribute (low, high),
    all attributes at once. The low-band coefficient is the **penalty** (the drop in
    satisfaction when the attribute performs badly), the high-band coefficient the
    **reward** (the gain when it performs well), both against the reference band.

    Parameters
    ----------
    data, outcome, attributes
        One row per respondent; overall satisfaction; attribute rating columns.
    low, high : number or list of values, optional
        The bands. A number means "at or below" (low) / "at or above" (high); a list
        names the rating values. Default: the bottom two and the top two points of the
        scale (1-2 and 4-5 on a 1-5 scale, reference 3; 1-2 and 9-10 on a 1-10 scale);
        on scales of more than 11 points, the bottom and top fifth of the range (0-20
        and 80-100 on a 0-100 scale).
    by : str or list of str, optional
        Segment column(s): one regression per segment, with the same bands.
    scale, outcome_scale : (low, high), optional
        Declared scales; ratings outside raise. Without ``scale`` the scale is inferred
        from the smallest and largest rating seen.
    threshold : float or (lower, upper)
        Impact-asymmetry cut-offs for the factor. ``0.2`` means (-0.2, 0.2).
    confidence : float
        Level of the intervals of penalty and reward.
    alpha : float
        Level for the ``significant`` flag.
    min_count : int
        Fewer ratings than this in a band raise a :class:`~cxresearch.errors.ThinDataWarning`.
    n_boot : int
        Bootstrap resamples of respondents (0 = none): percentile intervals of the
        asymmetry and the share of resamples that give the same factor. ``random_state``
        seeds them.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the segment test's p-values across attributes (with ``by``).
    missing : {"listwise", "raise"}

    Returns
    -------
    PenaltyRewardResult
        ``result.table`` has one row per attribute: ``attribute``, ``n_low``, ``n_high``
        (ratings in each band), ``penalty``, ``penalty_ci_low``, ``penalty_ci_high``,
        ``penalty_p``, ``reward``, ``reward_ci_low``, ``reward_ci_high``, ``reward_p``,
        ``range_of_impact`` (|penalty| + |reward|), ``sgp`` and ``dgp`` (satisfaction- and
        dissatisfaction-generating potential: |reward| and |penalty| as shares of the
        range), ``asymmetry`` (sgp - dgp, in [-1, 1]), ``factor`` ("basic",
        "performance", "excitement", or "not estimable" when a band is empty), ``kano``
        (M, O, A), ``unexpected_sign`` (a positive penalty or a negative reward),
        ``significant`` (penalty or reward significant at ``alpha``) and ``note``; with
        ``n_boot``, ``asymmetry_ci_low``, ``asymmetry_ci_high`` and ``factor_share`` (the
        share of resamples in which the attribute gets the same factor); with
        ``by``, the segment columns come first. ``result.fits`` has ``n`` and ``r2`` per
        regression, ``result.model`` the statsmodels fit (a dict by segment with ``by``).
        With two or more segments, ``result.segment_test`` asks per attribute whether
        penalty and reward are the same in every segment: ``attribute``, ``F``,
        ``df_num``, ``df_denom``, ``p_value``, ``p_adjusted`` (a heteroskedasticity-robust
        Wald test in the pooled model with segment-specific coefficients).

    Notes
    -----
    Classification uses the absolute coefficients: ``asymmetry = (|reward| - |penalty|) /
    (|reward| + |penalty|)``. Below the lower cut-off the attribute is a **basic** factor
    (dissatisfier; Kano must-be, M), above the upper cut-off an **excitement** factor
    (satisfier; attractive, A), in between a **performance** factor (one-dimensional, O).
    The cut-offs of -0.2 and 0.2 are the convention of the impact-asymmetry literature,
    not a law: results near them should be read with the intervals (``penalty_ci_*``,
    ``reward_ci_*``), and ``threshold`` changes them. A penalty above zero or a reward below
    zero is not what the model expects; with signed values the asymmetry would leave
    [-1, 1], so the attribute is flagged in ``unexpected_sign`` instead (often a sign of
    collinear attributes or a thin band). An attribute with neither effect significant is
    still classified by its point estimates; check ``significant``.

    References
    ----------
    Brandt, D. R. (1987). A procedure for identifying value-enhancing service components
    using customer satisfaction survey data. In Add Value to Your Service, AMA, 61-65.
    Matzler, K., & Sauerwein, E. (2002). The factor structure of customer satisfaction.
    International Journal of Service Industry Management 13(4), 314-332.
    Mikulić, J., & Prebežac, D. (2008). Prioritizing improvement of service attributes
    using impact range-performance analysis and impact-asymmetry analysis. Managing
    Service Quality 18(6), 559-576.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> cols = [c for c in df.columns if c.endswith("_experience")]
    >>> res = cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5))
    >>> res.table[["attribute", "penalty", "reward", "factor", "kano"]].round(2).head(3)
                             attribute  penalty  reward factor kano
    0    short_waiting_time_experience    -0.91    0.27  basic    M
    1  transaction_accuracy_experience    -1.07    0.09  basic    M
    2          birthday_sms_experience    -0.58    0.01  basic    M
    """
    check_confidence(confidence)
    bounds = cuts(threshold)
    check_n_boot(n_boot)
    rng = as_generator(random_state)
    groups, rows = prepare_groups(data, outcome, attributes, by=by, scale=scale, outcome_scale=outcome_scale,
                                  missing=missing)
    keys = as_by(by, data, [])
    tables, fits, models, thin, designs = [], [], {}, [], []
    for key, d in groups:
        where = ", ".join(f"{k} = {v!r}" for k, v in zip(keys, key))
        try:
            b = bands(d, low, high, min_count)
        except CXInputError as err:
            raise CXInputError(f"In {where}: {err}" if keys else str(err)) from None
        table, model = fit_bands(d, b, bounds, confidence, alpha, int(n_boot), rng)
        designs.append((key, b, d.y))
        group = dict(zip(keys, key))
        tables.append(table.assign(**group)[[*keys, *table.columns]])
        fits.append({**group, "n": int(model.nobs), "r2": float(model.rsquared)})
        models[key] = model
        thin += [f"{where + ': ' if keys else ''}{a} ({v})" for a, v in zip(table["attribute"], table["note"]) if v]
    if thin:
        warnings.warn("Penalty-reward bands with few or no ratings: " + "; ".join(thin), ThinDataWarning,
                      stacklevel=2)
    d = groups[0][1]
    test = segment_test(designs, d.attributes, p_adjust) if len(groups) > 1 else None
    return PenaltyRewardResult(pd.concat(tables, ignore_index=True), outcome, b.low_text, b.high_text, bounds,
                               pd.DataFrame(fits), tuple(keys), confidence, rows, d.scale, d.scale_source,
                               models if keys else models[()], int(n_boot), test)


# Response surface: does satisfaction equal experience - expectation? --------------------

def disconfirmation(
    data: pd.DataFrame,
    outcome: str,
    experience: str,
    expectation: str,
    *,
    scale: tuple[float, float] | None = None,
    outcome_scale: tuple[float, float] | None = None,
    centre: float | str = "midpoint",
    cluster: str | None = None,
    confidence: float = 0.95,
    alpha: float = 0.05,
    missing: str = "listwise",
) -> SurfaceResult:
    """Polynomial regression and response-surface test of satisfaction = experience - expectation.

    Fits ``S = b0 + b1 E + b2 X + b3 E^2 + b4 E X + b5 X^2`` (E experience, X expectation,
    both centred at the same point) and reads the surface along the line of congruence
    (E = X) and of incongruence (E = -X). The difference-score model S = c + d (E - X) is
    the special case b1 = -b2, b3 = b4 = b5 = 0; an F-test compares it with the full
    surface.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent (or per respondent and touchpoint).
    outcome, experience, expectation : str
        Columns: satisfaction, experienced level and expected level (on one scale).
    scale, outcome_scale : (low, high), optional
        Declared scales (E and X share ``scale``); ratings outside raise.
    centre : "midpoint", "mean" or float
        Where E and X are centred: the midpoint of the scale (default, Edwards 1994), the
        grand mean of E and X, or a given value. b0..b5 and a1..a4 are read at that point;
        the fit, the F-tests and the stationary point do not depend on it.
    cluster : str, optional
        Column identifying clusters of rows that are not independent, e.g. the respondent
        when the data hold one row per respondent and touchpoint. Standard errors, t-tests
        and F-tests then use the cluster-robust covariance (statsmodels ``cov_type="cluster"``);
        without it they assume independent rows.
    confidence : float
        Level of the intervals.
    alpha : float
        Level used for the verdict on the difference-score model.
    missing : {"listwise", "raise"}

    Returns
    -------
    SurfaceResult
        ``result.table``: ``term`` (b0..b5, a1..a4), ``meaning``, ``estimate``, ``se``,
        ``t``, ``p_value``, ``ci_low``, ``ci_high``. ``result.tests``: F-tests of the
        difference-score model and of the plane (no curvature) against the full surface.
        ``result.difference``: the difference-score model fitted on its own.
        ``result.stationary``: shape, stationary point and first principal axis.
        ``result.verdict`` states the answer in one line; ``result.model`` is the
        statsmodels fit.

    Notes
    -----
    a1 = b1 + b2, a2 = b3 + b4 + b5, a3 = b1 - b2, a4 = b3 - b4 + b5 (Edwards & Parry
    1993). Their standard errors are those of linear contrasts of the coefficients,
    sqrt(L V L') with V the coefficient covariance, computed by statsmodels ``t_test``.
    Under S = E - X one expects a1 = 0 (equal and opposite effects), a3 > 0, and no
    curvature. Stationary point and principal axes follow Edwards (2002).

    References
    ----------
    Edwards, J. R., & Parry, M. E. (1993). On the use of polynomial regression equations
    as an alternative to difference scores in organizational research. Academy of
    Management Journal 36, 1577-1613.
    Edwards, J. R. (1994). The study of congruence in organizational behavior research.
    Organizational Behavior and Human Decision Processes 58, 51-100.
    Edwards, J. R. (2002). Alternatives to difference scores: polynomial regression
    analysis and response surface methodology. In Drasgow & Schmitt (eds.), Measuring and
    Analyzing Behavior in Organizations, 350-400.

    Examples
    --------
    Mean experience and mean expectation over ten touchpoints of a bank branch:

    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> df["experience"] = df.filter(like="_experience").mean(axis=1)
    >>> df["expectation"] = df.filter(like="_expectation").mean(axis=1)
    >>> res = cx.satisfaction.disconfirmation(df, "overall", "experience", "expectation", scale=(1, 5))
    >>> res.verdict
    'difference-score model rejected: F(4, 1994) = ..., p = ...; R2 0.5... (E - X) vs 0.6... (full surface)'
    >>> res.table.set_index("term").loc[["b1", "b2", "a1"], ["estimate", "ci_low", "ci_high"]].round(2)
          estimate  ci_low  ci_high
    term
    b1        2.96    2.78     3.13
    b2       -0.54   -0.94    -0.14
    a1        2.42    1.97     2.86
    """
    check_confidence(confidence)
    for name, value in (("experience", experience), ("expectation", expectation)):
        if not isinstance(value, str):
            raise CXInputError(f"`{name}` must be one column name; got {value!r}. For several touchpoints, "
                               "average them into an index column first (or analyse one touchpoint).")
    if experience == expectation:
        raise CXInputError(f"`experience` and `expectation` are the same column ({experience!r}).")
    d = prepare(data, outcome, [experience, expectation], scale=scale, outcome_scale=outcome_scale,
                missing=missing, min_extra_rows=5)
    e, x = d.X[:, 0], d.X[:, 1]
    groups = None
    if cluster is not None:
        require_columns(data, [cluster], "`cluster` column")
        ids = data[cluster].to_numpy()[d.used]
        if pd.isna(ids).any():
            raise bad_values(cluster, data[cluster], data[cluster].isna() & d.used, "cluster ids (not missing)")
        groups = pd.factorize(ids)[0]
    if isinstance(centre, str):
        check_argument("centre", ["midpoint", "mean"], centre)
        c = (d.scale[0] + d.scale[1]) / 2 if centre == "midpoint" else float(np.concatenate([e, x]).mean())
    else:
        c = float(centre)
    design_rank = np.linalg.matrix_rank(np.column_stack([np.ones_like(e), e, x, e * e, e * x, x * x]))
    if design_rank < 6:
        raise CXInputError(
            f"The quadratic terms of {experience!r} and {expectation!r} are collinear in the {len(e)} rows "
            "used (too few distinct rating combinations for a response surface): at least 6 distinct "
            "(experience, expectation) pairs spread over the scale are needed."
        )
    fit, table, tests, difference = fit_surface(d.y, e, x, c, confidence, groups)
    point = stationary(fit.params, c)
    return SurfaceResult(table, tests, difference, point, float(fit.rsquared), c, alpha, confidence, d.rows,
                         (outcome, experience, expectation), d.scale, fit, np.column_stack([e, x]), cluster,
                         0 if groups is None else int(groups.max()) + 1)
