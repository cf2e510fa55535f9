"""Penalty-reward contrast analysis: basic, performance and excitement factors from ordinary ratings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.bootstrap import check_resamples
from cxresearch._core.checks import as_generator, check_alpha, check_confidence
from cxresearch._core.progress import Progress, check_progress
from cxresearch._core.warn import renamed_argument
from cxresearch._core.outcomes import check_family
from cxresearch.satisfaction._logit_penalty import logit_groups, logit_segment_test
from cxresearch._core.moments import Moments
from cxresearch._core.ratings import rating_spec, read_groups
from cxresearch.satisfaction._penalty import bands, bootstrap, cuts, fit_bands, segment_test
from cxresearch.satisfaction._penalty_notes import not_estimable, not_estimable_table, thin_said, warn_notes
from cxresearch.satisfaction._results import PenaltyRewardResult
from cxresearch._core.params import Anything, Frame, Name, Names, Options, Pair, Real, declared
from cxresearch.satisfaction._thin import warn_segments


@renamed_argument("min_count", "min_n", since="0.2")
@declared(data=Frame(moments=True), outcome=Name(), attributes=Names(),
          low=Anything("ratings or a cut-off, read by the band reader"),
          high=Anything("ratings or a cut-off, read by the band reader"), scale=[None, Pair()],
          threshold=[Real(0, 1, expected="a number in [0, 1]"), Pair("(-0.2, 0.3)", strict=False, within=(-1, 1))],
          missing_codes=Anything("read by the code reader"), family=[None, Options("linear", "logit")])
def penalty_reward(
    data: pd.DataFrame | Moments,
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
    min_n: int = 30,
    n_boot: int = 0,
    random_state=None,
    p_adjust: str = "holm",
    missing: str = "listwise",
    missing_codes=None,
    family: str | None = None,
    weights: str | None = None,
    progress: bool = True,
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
        One row per respondent (pandas; another engine's frame is reduced in that engine
        through :func:`moments` when the engine support is installed), or a
        :class:`Moments` object made with ``bands=attributes`` (its bands are used; the
        table is the one the rows give, without ``model``, bootstrap or segment test);
        overall satisfaction; attribute rating columns.
    low, high : number or list of values, optional
        The bands. A number means "at or below" (low) / "at or above" (high); a list
        names the rating values. Default, so that a reference band always remains: on
        scales of 5 to 11 points the bottom two and the top two points (1-2 and 4-5 on a
        1-5 scale, reference 3; 1-2 and 9-10 on 1-10; 0-1 and 9-10 on 0-10); on 3- and
        4-point scales the bottom and the top point (1-4: low {1}, reference {2, 3}, high
        {4}; 1-3: low {1}, reference {2}, high {3}); on scales of more than 11 points,
        the bottom and top fifth of the range (0-20 and 80-100 on a 0-100 scale).
    by : str or list of str, optional
        Segment column(s): one regression per segment, with the same bands. A segment
        with no more usable rows than the coefficients plus one (``2 k + 2`` rows or fewer
        for ``k`` attributes: fewer than two residual degrees of freedom), or with a
        constant or collinear attribute, is not estimated: it stays in the table with
        missing estimates, ``factor`` "not estimable" and the reason in ``note``; its rows
        are counted in ``result.rows`` ("in a segment not estimable"), one
        :class:`~cxresearch.errors.ThinDataWarning` names it, and the segment test compares
        the other segments (its ``note`` says which were left out).
    scale, outcome_scale : (low, high), optional
        Declared scales; ratings outside raise. Without ``scale`` the scale (and so the
        default bands) is inferred from the smallest and largest rating seen, and a value
        that sits apart from the others (0 under a 1-5 block, 99 above it) raises a
        :class:`~cxresearch.errors.ScaleWarning`.
    threshold : float or (lower, upper)
        Impact-asymmetry cut-offs for the factor. ``0.2`` means (-0.2, 0.2).
    confidence : float
        Level of the intervals of penalty and reward.
    alpha : float
        Level for the ``significant`` flag.
    min_n : int
        Fewer ratings than this in a band raise a :class:`~cxresearch.errors.ThinDataWarning`.
    n_boot : int
        Bootstrap resamples of respondents (0 = none): percentile intervals of the
        asymmetry and the share of resamples that give the same factor. ``random_state``
        seeds them. Needs the rows: refused with a :class:`Moments` input.
        At least 40 at 95% or the call is refused, fewer than 200 warn (the rule for
        ``n_boot`` in :ref:`the argument vocabulary <vocabulary>`).
    random_state : None, int or numpy.random.Generator
        Seeds the bootstrap: the same seed gives the same intervals.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the segment test's p-values across attributes (with ``by``).
    missing : {"listwise", "raise"}
        Rows with a missing outcome or rating are left out and counted, or refused.
    missing_codes : value or list of values, optional
        Answers that mean "not applicable" or "don't know" (e.g. ``[0, 99]``); they become
        missing before anything else (also before the scale is inferred) and are counted
        per column in ``result.rows.recoded``. As in :func:`drivers`.
    family : {None, "linear", "logit"}
        None refuses a binary outcome (two distinct values); ``"linear"`` fits the linear
        model anyway. As in :func:`drivers`. ``"logit"`` fits a logistic model to a yes/no
        outcome coded 0/1 or True/False, where 1 must be the **good** answer (would
        recommend, renewed, stayed): code a bad outcome such as ``churned`` as
        ``1 - churned``, or every penalty comes out positive. Penalty and reward are then
        log-odds (see Returns and Notes); the rows are needed (a :class:`Moments` object is
        refused) and ``outcome_scale`` has no role.
    weights : str, optional
        Column of survey (sampling) weights: the dummy regression is fitted by weighted least
        squares (integer weights give exactly the estimates of replicated rows) and its t
        intervals use Kish's effective sample size (Notes). ``n_low`` and ``n_high`` are then
        weighted counts with the weights scaled to sum to the rows used, and ``min_n`` is
        compared with the band's share of the effective sample size. Missing, infinite or
        negative weights are refused by name; rows with weight 0 are left out and counted.
    progress : bool
        Show a progress bar during a bootstrap that takes more than a second (tqdm): one bar
        counting the resamples of every segment (``n_boot`` per segment).

    Returns
    -------
    PenaltyRewardResult
        ``result.table`` has one row per attribute: ``attribute``, ``n_low``, ``n_high``
        (ratings in each band), ``penalty``, ``penalty_ci_low``, ``penalty_ci_high``,
        ``penalty_p``, ``reward``, ``reward_ci_low``, ``reward_ci_high``, ``reward_p``,
        ``range_of_impact`` (``|penalty| + |reward|``), ``sgp`` and ``dgp`` (satisfaction- and
        dissatisfaction-generating potential: ``|reward|`` and ``|penalty|`` as shares of the
        range), ``asymmetry`` (sgp - dgp, in [-1, 1]), ``factor`` ("basic",
        "performance", "excitement"; "unclassified" when the penalty is above zero or the
        reward below zero; "not estimable" when a band is empty), ``kano`` (M, O, A; empty
        for the last two), ``unexpected_sign`` (a positive penalty or a negative reward),
        ``significant`` (penalty or reward significant at ``alpha``) and ``note`` (why an
        attribute is unclassified or not estimable, and thin bands). A band dummy that is
        an exact linear combination of others (straight-liners who rate two attributes
        alike can make their low bands identical) is left out -- of each such set the one
        of the later attribute -- and the rest is fitted without it (exactly the regression
        without that dummy): that attribute's penalty (or reward) is missing, its factor
        "not estimable" and its note names the bands it coincides with; with
        ``n_boot``, ``asymmetry_ci_low``, ``asymmetry_ci_high`` and ``factor_share`` (the
        share of resamples in which the attribute gets the same factor); with
        ``by``, the segment columns come first. ``result.fits`` has ``n`` and ``r2`` per
        regression (with weights also ``sum_w`` and ``n_eff``), ``result.model`` the
        statsmodels fit on the rows (OLS, or WLS with weights, whose own standard errors use
        ``n - p`` degrees of freedom; a dict by segment with ``by``; None from moments).
        With two or more segments, ``result.tests`` asks per attribute whether
        penalty and reward are the same in every segment: ``attribute``, ``F``,
        ``df_num``, ``df_denom``, ``p_value``, ``p_adjusted`` (a heteroskedasticity-robust
        Wald test in the pooled model with segment-specific coefficients) and ``note``. An
        attribute "not estimable" in some segment (a band empty there, as in a small
        segment) gets no test: ``F`` and the p-values are missing and ``note`` says in which
        segment and why, as the per-segment table does.

        With ``family="logit"``, ``penalty`` and ``reward`` (and their intervals) are the
        change in the log-odds of a yes in the low and the high band against the reference
        band, with Wald (z) intervals and p-values; ``penalty_or``, ``penalty_or_ci_low``,
        ``penalty_or_ci_high``, ``reward_or``, ``reward_or_ci_low`` and ``reward_or_ci_high``
        are the odds ratios (their exponentials). A band in which every respondent gave the
        same answer has an infinite effect (separation): the attribute is "not estimable"
        and its note says which band and why. ``result.fits`` has ``n``, ``r2`` (McFadden's
        pseudo-R2, ``1 - LL / LL0``) and ``status``; ``result.model`` is None; the segment
        test has ``attribute``, ``chi2``, ``df``, ``p_value``, ``p_adjusted`` and ``note``.

    See Also
    --------
    drivers : linear derived importance of the same ratings.
    cxresearch.kano.analyze : the same factors from a Kano questionnaire.
    cxresearch.simulate.rating_survey : ratings with a known penalty-reward structure.

    Notes
    -----
    Classification uses the absolute coefficients: ``asymmetry = (|reward| - |penalty|) /
    (|reward| + |penalty|)``. Below the lower cut-off the attribute is a **basic** factor
    (dissatisfier; Kano must-be, M), above the upper cut-off an **excitement** factor
    (satisfier; attractive, A), in between a **performance** factor (one-dimensional, O).
    The cut-offs of -0.2 and 0.2 are the convention of the impact-asymmetry literature,
    not a law: results near them should be read with the intervals (``penalty_ci_*``,
    ``reward_ci_*``), and ``threshold`` changes them. A penalty above zero or a reward below
    zero is not what the model expects. When it matters -- both effects have the wrong sign,
    the wrong-signed effect is at least as large as the other, or its interval excludes
    zero -- the attribute gets ``factor="unclassified"`` (no Kano letter), the reason in
    ``note``, and one
    :class:`~cxresearch.errors.UnexpectedSignWarning` names every such attribute (often a
    sign of collinear attributes, a thin band or a reversed scale). ``asymmetry`` is still
    that of the absolute effects, so it stays in [-1, 1]. A small wrong-signed effect whose
    interval includes zero next to a larger expected one (a basic factor's reward of -0.01)
    is read as no effect: the attribute keeps its factor and ``note`` says so
    (``unexpected_sign`` is true). An attribute with neither effect
    significant is still classified by its point estimates; check ``significant``.

    The coefficients come from the sums of the outcome and the band dummies (their means and
    cross-products: ``b = Cxx^-1 cxy``), so rows and a :class:`Moments` object give the same
    table. Their covariance is ``sigma2 (X'WX)^-1`` with ``sigma2 = sum w e^2 / (n_eff - p)``
    (p coefficients with the intercept; ``n_eff = n`` without weights, which is OLS): with
    weights, WLS with the residual degrees of freedom of Kish's effective sample size, so
    all-equal weights give the unweighted intervals. The bootstrap draws respondents as
    ``rng.integers(0, n, n)`` per resample and solves each resample's normal equations from
    its resampled cross-products (one matrix product for a batch of resamples): the same
    resamples and intervals as a refit on the rows, some 10-40 times faster.

    With ``family="logit"`` the dummies enter a logistic regression fitted by Newton's method
    (weights: the weighted likelihood, whose Wald intervals use the information with the
    weights rescaled to sum to ``n_eff``, as in :func:`drivers`), and the same rule reads the
    factor from the log-odds: the asymmetry of ``|reward|`` against ``|penalty|`` in log-odds,
    which treats an odds ratio of 2 and one of 1/2 as effects of the same size. A band
    whose respondents all answered alike is left out of the model (a
    :class:`~cxresearch.errors.SeparationWarning` names it); other separating combinations of
    bands are found by a linear program (Konis 2007) and left out the same way. The
    segment test compares the separate fits by a Wald chi-square test (segments are
    independent samples). The bootstrap refits every resample; resamples in which the model
    does not converge (a band separated in the resample) are left out.

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

    From moments made with the band dummies (the same table):

    >>> m = cx.satisfaction.moments(df, ["overall", *cols], bands=cols, scale=(1, 5))
    >>> print(m.bands.low_text, m.bands.high_text, "n" in m.table)
    <= 2 >= 4 True
    >>> from_moments = cx.satisfaction.penalty_reward(m, "overall", cols)
    >>> bool((from_moments.table["asymmetry"] - res.table["asymmetry"]).abs().max() < 1e-12)
    True

    A yes/no outcome (promoters: an overall rating of 9 or 10) on the log-odds scale:

    >>> df["promoter"] = (df["overall"] >= 9).astype(int)
    >>> yes_no = cx.satisfaction.penalty_reward(df, "promoter", cols, scale=(1, 5), family="logit")
    >>> yes_no.table[["attribute", "penalty_or", "reward_or", "factor"]].round(2).head(3)
                             attribute  penalty_or  reward_or factor
    0    short_waiting_time_experience        0.23       1.75  basic
    1  transaction_accuracy_experience        0.15       0.99  basic
    2          birthday_sms_experience        0.40       1.12  basic

    A low waiting-time rating cuts the odds of a promoter to a quarter (0.23); a high one
    raises them by three quarters: a basic factor, as the linear model found.
    """
    check_confidence(confidence)
    check_alpha(alpha)
    check_progress(progress)
    bounds = cuts(threshold)
    n_boot = check_resamples(n_boot, confidence)
    rng = as_generator(random_state)
    checks = dict(by=by, scale=scale, outcome_scale=outcome_scale, missing=missing, missing_codes=missing_codes,
                  family=family)
    attrs = [attributes] if isinstance(attributes, str) else attributes
    check_family(family, ("linear", "logit"))
    if family == "logit":
        return _logit(data, outcome, list(attrs), low, high, bounds, dict(
            confidence=confidence, alpha=alpha, min_n=min_n, n_boot=n_boot, rng=rng, progress=progress,
            weights=weights), p_adjust, checks)
    spec = rating_spec(outcome, attrs, by=by, scale=scale, outcome_scale=outcome_scale, missing=missing,
                       missing_codes=missing_codes, family=family, weights=weights, bands=(low, high),
                       parameters=2 * len(attrs) + 1, model="penalty_reward",
                       rows_only=[("n_boot", n_boot, "respondents' rows: a bootstrap resamples them")])
    given = read_groups(data, spec)
    keys, rows = given.by, given.rows
    spec = (*given.band_text, given.scale, given.scale_source)
    groups = [(g.key, g.sums, g.data, g.derived) if g.estimable else (g.key, None, g.reason, g.n)
              for g in given.groups]
    attrs = list(attrs)
    tables, fits, models, notes, designs, thin = [], [], {}, [], [], []
    bar = Progress(n_boot * sum(s is not None and d is not None for _, s, d, _ in groups), "penalty-reward bootstrap",
                   enabled=progress)
    for key, s, d, D in groups:
        where = ", ".join(f"{k} = {v!r}" for k, v in zip(keys, key))
        group = dict(zip(keys, key))
        if s is None:  # a segment too thin to estimate (d: the reason, D: its usable rows)
            tables.append(not_estimable_table(attrs, d).assign(**group))
            fits.append({**group, "n": D, "r2": np.nan, "note": d})
            thin.append((key, d, False))
            continue
        b = bands(s, attrs, min_n, spec[0], spec[1])
        table, fit = fit_bands(s, attrs, b, bounds, confidence, alpha)
        if d is not None:  # rows: the statsmodels fit, the bootstrap and the segment test
            design = D[:, [2 * attrs.index(a) + (kind == "high") for a, kind in b.names]]
            models[key] = _model(d.y, design, d.w)
            designs.append((models[key].model.exog, b.names, d.y, d.w))
            if n_boot:
                table["asymmetry_ci_low"], table["asymmetry_ci_high"], table["factor_share"] = bootstrap(
                    design, d.y, d.w, b, attrs, table["factor"].to_numpy(), bounds, n_boot, confidence, rng, bar)
        tables.append(table.assign(**group)[[*keys, *table.columns]])
        fits.append({**group, "n": int(fit.nobs), "r2": float(fit.r2),
                     **({"sum_w": s.sum_w, "n_eff": s.n_eff} if s.weighted else {})})
        notes += [(f"{where + ': ' if keys else ''}{a}", v) for a, v in zip(table["attribute"], table["note"]) if v]
    bar.close()
    warn_segments(keys, thin, "penalty_reward")
    warn_notes(notes)
    estimated = [t for t, f in zip(tables, fits) if not f.get("note")]
    test = segment_test(designs, attrs, p_adjust, not_estimable(estimated, keys)) if len(designs) > 1 else None
    tables = thin_said(tables, fits, test, keys, thin)
    return PenaltyRewardResult(
        table=pd.concat(tables, ignore_index=True), rows=rows, by=tuple(keys), outcome=outcome, low=spec[0],
        high=spec[1], bounds=bounds, fits=pd.DataFrame(fits), scale=spec[2], scale_source=spec[3],
        confidence=confidence, model=(models if keys else models.get(())) if models else None, n_boot=n_boot,
        tests=test, weights=given.weights, moments=given.from_moments)


def _logit(data, outcome, attrs, low, high, bounds, options, p_adjust, checks) -> PenaltyRewardResult:
    """``penalty_reward(..., family="logit")``: the groups of :func:`._logit_penalty.logit_groups` as a result."""
    keys, groups, rows, spec = logit_groups(
        data, outcome, attrs, low=low, high=high, by=checks["by"], scale=checks["scale"],
        outcome_scale=checks["outcome_scale"], missing=checks["missing"], missing_codes=checks["missing_codes"],
        bounds=bounds, **options)
    tables, fits, notes, thin = [], [], [], []
    for key, table, stats, _ in groups:
        where = ", ".join(f"{k} = {v!r}" for k, v in zip(keys, key))
        group = dict(zip(keys, key))
        if table is None:  # a segment too thin to estimate
            thin.append((key, stats["status"], False))
            table = not_estimable_table(attrs, stats["status"])
        else:
            notes += [(f"{where + ': ' if keys else ''}{a}", v) for a, v in zip(table["attribute"], table["note"]) if v]
        tables.append(table.assign(**group)[[*keys, *table.columns]])
        fits.append({**group, **stats})
    warn_segments(keys, thin, "penalty_reward")
    warn_notes(notes, logit=True)
    fitted = [(g, t) for g, t in zip(groups, tables) if g[1] is not None]
    test = (logit_segment_test([g[3] for g, _ in fitted], attrs, p_adjust, not_estimable([t for _, t in fitted], keys))
            if len(fitted) > 1 else None)
    tables = thin_said(tables, fits, test, keys, thin, key="status")
    return PenaltyRewardResult(
        table=pd.concat(tables, ignore_index=True), rows=rows, by=tuple(keys), outcome=outcome, low=spec[0],
        high=spec[1], bounds=bounds, fits=pd.DataFrame(fits), scale=spec[2], scale_source=spec[3],
        confidence=options["confidence"], model=None, n_boot=options["n_boot"], tests=test,
        weights=options["weights"], family="logit")


def _model(y: np.ndarray, design: np.ndarray, w):
    """The statsmodels fit of the dummy regression on the rows (WLS with weights)."""
    from statsmodels.regression.linear_model import OLS, WLS  # statsmodels loads on first use

    X = np.column_stack([np.ones(len(y)), design])
    return OLS(y, X).fit() if w is None else WLS(y, X, weights=w).fit()
