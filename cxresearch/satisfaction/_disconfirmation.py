"""Does satisfaction equal experience - expectation? Polynomial regression and response-surface analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, bad_values, check_alpha, check_argument, check_confidence, require_columns
from cxresearch.errors import CXInputError
from cxresearch._core.moments import Moments
from cxresearch._core.ratings import rating_spec, read_groups
from cxresearch._core.sums import Sums
from cxresearch.satisfaction._surface import (
    SurfaceResult,
    fit_surface,
    full_rank,
    rows_model,
    stationary,
    surface_from_sums,
)
from cxresearch._core.params import Anything, Frame, Name, Options, Pair, Real, declared


@declared(data=Frame(moments=True), outcome=Name("one column name"), experience=Name("one column name"),
          expectation=Name("one column name"), scale=[None, Pair()],
          centre=[Options("midpoint", "mean"), Real()], cluster=[None, Name()],
          missing_codes=Anything("read by the code reader"), family=[None, Options("linear", hint="This model is linear only; logistic models (family='logit') are "
                                                        "available in drivers and penalty_reward.")])
def disconfirmation(
    data: pd.DataFrame | Moments,
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
    missing_codes=None,
    family: str | None = None,
    weights: str | None = None,
) -> SurfaceResult:
    """Polynomial regression and response-surface test of satisfaction = experience - expectation.

    Fits ``S = b0 + b1 E + b2 X + b3 E^2 + b4 E X + b5 X^2`` (E experience, X expectation,
    both centred at the same point) and reads the surface along the line of congruence
    (E = X) and of incongruence (E = -X). The difference-score model S = c + d (E - X) is
    the special case b1 = -b2, b3 = b4 = b5 = 0; an F-test compares it with the full
    surface.

    Parameters
    ----------
    data : DataFrame or Moments
        One row per respondent (or per respondent and touchpoint); another engine's frame
        is reduced in that engine through :func:`moments` when the engine support is
        installed. Or a :class:`Moments` object (without ``by``) made with the products
        ``[(experience, experience), (experience, expectation), (expectation, expectation)]``:
        the same tables as the rows, without ``model``, ``cluster`` or the observed points.
    outcome, experience, expectation : str
        Columns: satisfaction, experienced level and expected level (on one scale).
    scale, outcome_scale : (low, high), optional
        Declared scales (E and X share ``scale``); ratings outside raise. Without ``scale``
        it is inferred from the data (and with it the ``"midpoint"`` centre), and a value
        that sits apart from the others raises a :class:`~cxresearch.errors.ScaleWarning`.
    centre : "midpoint", "mean" or float
        Where E and X are centred: the midpoint of the scale (default, Edwards 1994), the
        grand mean of E and X, or a given value. b0..b5 and a1..a4 are read at that point;
        the fit, the F-tests and the stationary point do not depend on it.
    cluster : str, optional
        Column identifying clusters of rows that are not independent, e.g. the respondent
        when the data hold one row per respondent and touchpoint. Standard errors, t-tests
        and F-tests then use the cluster-robust covariance (statsmodels ``cov_type="cluster"``);
        without it they assume independent rows. Needs the rows (refused with moments).
    confidence : float
        Level of the intervals.
    alpha : float
        Level used for the verdict on the difference-score model.
    missing : {"listwise", "raise"}
        Rows with a missing value are left out and counted, or refused.
    missing_codes : value or list of values, optional
        Answers that mean "not applicable" or "don't know" (e.g. ``[0, 99]``), turned
        missing in the outcome, experience and expectation before anything else; counted
        per column in ``result.rows.recoded``.
    family : {None, "linear"}
        None refuses a binary outcome (two distinct values); ``"linear"`` fits the
        polynomial regression to it anyway. (The response surface is linear only; a
        yes/no outcome has logistic models in :func:`drivers` and :func:`penalty_reward`.)
    weights : str, optional
        Column of survey (sampling) weights: weighted least squares (integer weights give the
        estimates of replicated rows), t intervals and F-tests on Kish's effective sample
        size (``n_eff - 6`` residual degrees of freedom; Notes); with ``cluster``, the
        cluster-robust sandwich of the WLS fit. ``centre="mean"`` is then the weighted mean.

    Returns
    -------
    SurfaceResult
        ``result.table``: ``term`` (b0..b5, a1..a4), ``meaning``, ``estimate``, ``se``,
        ``t``, ``p_value``, ``ci_low``, ``ci_high``. ``result.tests``: F-tests of the
        difference-score model and of the plane (no curvature) against the full surface.
        ``result.difference``: the difference-score model fitted on its own.
        ``result.stationary``: shape, stationary point and first principal axis.
        ``result.verdict`` states the answer in one line; ``result.model`` is the
        statsmodels fit on the rows (OLS, or WLS with weights; None from moments).

    See Also
    --------
    gap_analysis : the experience - expectation gaps themselves.
    SurfaceResult : the result, with ``predict`` and ``plot``.
    cxresearch.simulate.rating_survey : experience and expectation ratings with a known structure.

    Notes
    -----
    a1 = b1 + b2, a2 = b3 + b4 + b5, a3 = b1 - b2, a4 = b3 - b4 + b5 (Edwards & Parry
    1993). Their standard errors are those of linear contrasts of the coefficients,
    sqrt(L V L') with V the coefficient covariance, computed by statsmodels ``t_test``.
    Under S = E - X one expects a1 = 0 (equal and opposite effects), a3 > 0, and no
    curvature. Stationary point and principal axes follow Edwards (2002).

    The coefficients, their covariance ``sigma2 (X'WX)^-1`` and the F-tests come from the
    sums of the outcome, E, X, E^2, E X and X^2 (means and cross-products), re-centred at
    the chosen point, so rows and moments give the same tables; ``sigma2 = sum w e^2 /
    (n_eff - 6)`` (``n_eff = n`` without weights: OLS). With ``cluster`` the rows are fitted
    by statsmodels with the cluster-robust covariance.

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
    check_alpha(alpha)
    for name, value in (("experience", experience), ("expectation", expectation)):
        if not isinstance(value, str):
            raise arg_error(name, "one column name", value, "For several touchpoints, average them into an index "
                            "column first (or analyse one touchpoint).")
    if experience == expectation:
        raise arg_error("expectation", "a column other than `experience`", expectation)
    spec = rating_spec(outcome, [experience, expectation], scale=scale, outcome_scale=outcome_scale,
                       missing=missing, missing_codes=missing_codes, family=family, weights=weights,
                       min_extra_rows=5, products=[(experience, experience), (experience, expectation),
                                                   (expectation, expectation)], segments=False,
                       rows_only=[("cluster", cluster, "rows: cluster-robust errors sum residuals by cluster")],
                       model="disconfirmation")
    given = read_groups(data, spec)
    sums, rows, d = given.groups[0].sums, given.rows, given.groups[0].data
    src_scale = given.scale if given.scale is not None else (np.nan, np.nan)
    if d is None:  # sums only
        points, groups, box = None, None, _box(given.moments, spec.columns[1:])
    else:
        points, groups, box = d.X[:, :2], _clusters(data, cluster, d.used), None
    c = _centre(centre, src_scale, sums)
    if not full_rank(sums):
        raise CXInputError(
            f"The quadratic terms of {experience!r} and {expectation!r} are collinear in the {sums.n} rows "
            "used (too few distinct rating combinations for a response surface): at least 6 distinct "
            "(experience, expectation) pairs spread over the scale are needed."
        )
    if groups is None:
        fit, table, tests, difference = surface_from_sums(sums, c, confidence)
        model = None if d is None else rows_model(d.y, d.X[:, 0], d.X[:, 1], c, d.w)
        params, r2 = fit.params, fit.r2
    else:
        model, table, tests, difference = fit_surface(d.y, d.X[:, 0], d.X[:, 1], c, confidence, groups, d.w)
        params, r2 = model.params, model.rsquared
    return SurfaceResult(table=table, rows=rows, tests=tests, difference=difference, stationary=stationary(params, c),
                         r2=float(r2), centre=c, alpha=alpha, confidence=confidence,
                         names=(outcome, experience, expectation), scale=src_scale, model=model, points=points,
                         cluster=cluster, n_clusters=0 if groups is None else int(groups.max()) + 1, box=box,
                         weights=given.weights)


def _box(m: Moments, columns: list):
    """((E low, X low), (E high, X high)) from the moments' smallest and largest values (None when unknown)."""
    if m.minimum is None:
        return None
    i = [m.columns.index(c) for c in columns]
    return tuple(map(float, m.minimum[i])), tuple(map(float, m.maximum[i]))


def _clusters(data: pd.DataFrame, cluster, used: np.ndarray):
    """Cluster ids of the rows used (None without ``cluster``)."""
    if cluster is None:
        return None
    require_columns(data, [cluster], "`cluster` column")
    ids = data[cluster].to_numpy()[used]
    if pd.isna(ids).any():
        raise bad_values(cluster, data[cluster], data[cluster].isna() & used, "cluster ids (not missing)")
    return pd.factorize(ids)[0]


def _centre(centre, scale, sums: Sums) -> float:
    """The centre of E and X: the scale midpoint, the mean of E and X (weighted with weights), or a value."""
    if isinstance(centre, str):
        check_argument("centre", ["midpoint", "mean"], centre)
        return (scale[0] + scale[1]) / 2 if centre == "midpoint" else float(sums.mean[1:3].mean())
    return float(centre)
