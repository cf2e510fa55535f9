"""Derived importance: relative weights, Shapley / LMG (with dominance analysis) and standardised OLS."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.bootstrap import check_resamples
from cxresearch._core.checks import as_generator, check_argument, check_confidence
from cxresearch._core.progress import Progress, check_progress
from cxresearch.satisfaction import _importance
from cxresearch._core.outcomes import check_family
from cxresearch.satisfaction._logit_drivers import logit_drivers
from cxresearch.satisfaction._ordinal_drivers import ordinal_drivers, refuse_pairwise
from cxresearch.satisfaction._pairwise import PAIRWISE_OPTIONS, pairwise_fit, pairwise_rows
from cxresearch._core.moments import Moments
from cxresearch._core.ratings import rating_spec, read_groups
from cxresearch.satisfaction._results import METHODS, DriversResult
from cxresearch._core.params import Anything, Frame, Integer, Keyed, Name, Names, Options, Pair, declared
from cxresearch.satisfaction._sampled_shapley import MIN_SAMPLES, check_samples
from cxresearch.satisfaction._thin import fill_not_estimable, thin_note, warn_segments
from cxresearch.satisfaction._dominance import not_estimated
from cxresearch.satisfaction._driver_fit import fit_group
from cxresearch.satisfaction._driver_sets import (DOMINANCE_MAX, category_rows, check_plan, driver_plan,
                                                  plan_fields, refuse_plan_options)


@declared(data=Frame(moments=True), outcome=Name(), attributes=Names(),
          method=Options("relative_weights", "shapley", "ols"), scale=[None, Pair()],
          missing_codes=Anything("read by the code reader"), family=[None, Options("linear", "logit", "ordinal")],
          missing=Options("listwise", "raise", "pairwise"), n_samples=[None, Integer(MIN_SAMPLES)],
          sets=[None, Keyed("a dict {driver name: [columns]}")], always=[None, Names()])
def drivers(
    data: pd.DataFrame | Moments,
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
    missing_codes=None,
    family: str | None = None,
    weights: str | None = None,
    progress: bool = True,
    n_samples: int | None = None,
    sets: dict[str, list[str]] | None = None,
    always: list[str] | None = None,
) -> DriversResult:
    """Derived importance: how much each attribute rating explains of overall satisfaction.

    Parameters
    ----------
    data : DataFrame or Moments
        One row per respondent (pandas; a Polars, DuckDB, Dask ... frame is reduced inside
        its engine through :func:`moments` when the engine support is installed), or a
        :class:`Moments` object holding ``outcome`` and ``attributes`` (the same table as
        from the rows; the row checks were made when the moments were made).
    outcome : str
        Overall satisfaction (or loyalty, recommendation) column.
    attributes : list of str
        Attribute rating columns. Exact Shapley values hold the R2 of all 2^k subsets in
        memory (8 bytes x 2^k: 268 MB for 25 attributes, about 0.7 GB in all) and are
        refused beyond half the memory available (at most 30 attributes; 15 with logit, 12 with
        ordinal; at most 20 columns
        with ``sets``, ``always`` or a categorical driver, and the dominance tables up to 20
        drivers); ``n_samples`` estimates them for any number. A text or category column is a
        **categorical driver** (a branch type, a channel): one dummy per level but the
        reference level (the first category of a pandas Categorical, else the first in
        sorted order), entering and leaving together as one driver named after the column
        (its dummies are listed in ``columns``; the reference levels in
        ``result.reference`` and the settings). A category with one level, or a level with
        fewer than 5 rows, is refused naming it; rows with a missing category are left out
        and counted as "category missing: <column>". Needs the rows (not a :class:`Moments`
        object). A column of numbers with a few text answers ("n/a") is refused, not read
        as a category.
    method : {"relative_weights", "shapley", "ols"}
        ``"relative_weights"`` (Johnson 2000) and ``"shapley"`` (LMG) split R2 into
        non-negative shares that sum to R2 even when attributes are correlated;
        ``"ols"`` reports standardised coefficients (they do not add up to R2 and can
        change sign when attributes are correlated).
    by : str or list of str, optional
        Segment column(s): one model per segment (rows without a segment are counted
        as left out). A segment with ``k + 2`` usable rows or fewer for ``k`` attributes
        (no more than the ``k + 1`` coefficients plus one: fewer than two residual degrees
        of freedom), or with a constant or collinear attribute, is not estimated: it stays
        in the table with missing estimates and the reason in ``note`` (``status`` with
        ``family="logit"``), its rows are counted in ``result.rows`` ("in a segment not
        estimable"), and one :class:`~cxresearch.errors.ThinDataWarning` names it. A
        segment with fewer than 10 usable rows per coefficient is estimated, with that
        said in ``note`` and in the warning.
    scale, outcome_scale : (low, high), optional
        Declared scales; ratings outside raise an error. Without ``scale`` the scale is
        inferred from the data, and a lowest or highest value that sits apart from the
        other ratings (0 under a 1-5 block, 99 above it) raises a
        :class:`~cxresearch.errors.ScaleWarning` naming the column, the value and its count.
    confidence : float
        Level of the intervals.
    n_boot : int
        Bootstrap resamples of respondents for percentile intervals of the weights
        (0 = none). ``random_state`` seeds them. Needs the rows: refused with a
        :class:`Moments` input.
        At least 40 at 95% or the call is refused, fewer than 200 warn (the rule for
        ``n_boot`` in :ref:`the argument vocabulary <vocabulary>`). Kept in ``result.replicates``
        for ``result.compare(a, b)`` and ``result.compare_segments()``.
    random_state : None, int or numpy.random.Generator
        Seeds the bootstrap: the same seed gives the same intervals.
    missing : {"listwise", "raise", "pairwise"}
        Rows with a missing outcome or rating are left out and counted, or refused; or (linear
        family, rows) each correlation from the rows answering both columns (``result.pairs``).
    missing_codes : value or list of values, optional
        Answers that mean "not applicable" or "don't know" (e.g. ``[0, 99]``). They become
        missing in the outcome and every attribute before anything else; how many answers
        were turned missing in each column is in ``result.rows.recoded``, and the rows
        then fall under ``missing``.
    family : {None, "linear", "logit", "ordinal"}
        The model of the outcome. None (default) fits the linear model and refuses an
        outcome with exactly two distinct values (0/1, 1/2, True/False): a linear
        probability model would be wrong for it. ``"linear"`` fits the linear model
        anyway (an explicit opt-in). ``"logit"`` fits a logistic model to a yes/no outcome
        (churned, complained, would recommend) coded 0/1 or True/False; any other value is
        refused, naming the column, the values and their rows. With ``"logit"``, ``method``
        is ``"relative_weights"`` (logistic relative weights, Tonidandel & LeBreton 2010, as
        R's ``rwa::rwa_logit``) or ``"shapley"`` (Shapley values of McFadden's pseudo-R2, at
        most 15 attributes), the rows are needed (a :class:`Moments` object is refused) and
        ``outcome_scale`` has no role. ``"ordinal"``: a proportional-odds model of an ordered
        outcome (1-5; at most 15 values), splitting the McKelvey-Zavoina R2. See Notes.
    weights : str, optional
        Column of survey (sampling) weights, e.g. rim weights. Correlations, means, betas and
        the importance weights are weighted (integer weights give exactly the estimates of
        rows replicated ``w`` times); the t intervals of beta use Kish's effective sample
        size (see Notes), so they are not the narrower intervals of replicated rows.
        Missing, infinite or negative weights are refused naming the column and rows; rows
        with weight 0 are left out and counted.
    progress : bool
        Show a progress bar during a bootstrap that takes more than a second (tqdm): one bar
        counting the resamples of every segment (``n_boot`` per segment).
    n_samples : int, optional
        With ``method="shapley"`` (linear model): estimate the Shapley values from this many
        random orders of the attributes (at least 20; drawn in antithetic pairs, an order and
        its reverse, so an odd number is rounded up) instead of all 2^k subsets, for more
        attributes than exact values allow or for speed. ``random_state`` seeds the orders.
        The table gains ``mc_se``, each value's Monte-Carlo standard error (about
        ``0.01 * weight`` needs some thousands of orders), and ``result.fits`` ``n_samples``;
        the values still sum to R2 exactly. See Notes.
    sets : dict, optional
        Named sets of columns, each one driver: ``{"price": ["fee", "rate"]}``. A set's
        columns enter and leave every model together: its Shapley value is the R2 it adds as
        a whole; its relative weight is the sum of its columns' relative weights (Johnson's
        weights belong to columns; the sum is the usual convention and keeps the total at
        R2). Its row in the table lists its ``columns``; ``mean``, ``r`` and ``beta`` are
        missing (they belong to single columns). Refused with ``method="ols"``.
    always : list of str, optional
        Covariates held in every model (age, tenure, a region): each driver's importance is
        the R2 it adds beyond them. The weights then sum to R2 minus the R2 of ``always``
        alone (in ``result.fits["r2_always"]`` and the settings) and ``pct_r2`` is the
        share of that gain. Needs ``method="shapley"``.

    Returns
    -------
    DriversResult
        ``result.table``: ``attribute``, ``mean`` (mean rating in the rows used), ``r``
        (correlation with the outcome), ``beta``
        (standardised coefficient in the full model), ``beta_ci_low``, ``beta_ci_high``,
        ``p_value`` (of beta), ``weight`` (the method's importance), ``weight_ci_low`` and
        ``weight_ci_high`` (with ``n_boot``), ``pct_r2`` (weight as % of R2; not for
        ``"ols"``), ``rank`` (1 = most important; by absolute beta for ``"ols"``); with
        ``by``, the segment columns come first and ``note`` (empty, or why a segment is
        not estimated or thin) comes last. ``result.fits``: ``n``, ``r2`` and
        ``adj_r2`` per segment (with weights ``sum_w``, ``n_eff``; with ``by`` ``note``;
        with ``always`` ``r2_always``; ``result.r2``, ``result.adj_r2`` give them);
        ``result.rows``: the row accounting. With ``sets``, ``always`` or a categorical
        driver the table has one row per driver and a ``columns`` column.

        With ``method="shapley"``, ``result.dominance``: per driver [and segment]
        ``general`` (general dominance, equal to ``weight``), ``conditional_1`` ...
        ``conditional_k`` (conditional dominance: the mean R2 gained by adding the driver to
        the models of ``s - 1`` other drivers, for model size ``s``) and ``rank``; and
        ``result.dominance_pairs``: per pair of drivers ``attribute``, ``other`` and
        whether the first ``"dominates"``, ``"is dominated"`` or ``"neither"`` under
        ``complete``, ``conditional`` and ``general`` dominance. Both are written by
        ``to_excel``; the complete dominance found is in the settings.

        With ``family="logit"``: ``beta`` is the logit coefficient per standard deviation of
        the attribute (change in the log-odds of a yes) with Wald (z) intervals and
        ``p_value``; ``odds_ratio``, ``odds_ratio_ci_low`` and ``odds_ratio_ci_high`` the
        odds ratio per rating point; ``weight`` sums to ``r2`` (relative weights: the squared
        correlation of the fitted probabilities with the outcome; Shapley: McFadden's R2);
        ``status`` is empty, or says "separated (complete): weights not identified" (or
        "quasi-complete") when the attributes separate the yes and no answers: then every
        number of the model is missing instead of a meaningless one. ``result.fits`` has
        ``n``, ``r2``, ``mcfadden_r2``, ``status``, ``separating`` (the attributes in the
        separating direction) and, with ``n_boot``, ``n_boot_used`` (resamples that gave
        weights).
        ``family="ordinal"``: as for logit (log-odds of a higher answer), ``r2`` the MZ R2, ``fits``
        with ``categories``, ``note`` (a 2-level outcome, the logit model, is said there and
        in an InputWarning pointing to ``family="logit"``). ``result.pairs`` (pairwise): ``first``, ``second``, ``n``
        [, ``n_eff``]. ``result.replicates``: {segment key: weights of each resample}.

    See Also
    --------
    importance_performance : the grid built on these weights.
    penalty_reward : separate effects of low and of high ratings.
    gap_analysis : importance as stated, weighting experience - expectation gaps.
    cxresearch.simulate.rating_survey : ratings with known effects.

    Notes
    -----
    Everything is computed from the correlation matrix R of (outcome, attributes) of the
    rows used. R2 = r' Rxx^-1 r. Relative weights: with Lambda = Rxx^(1/2) and
    beta* = Rxx^(-1/2) r, weight_j = sum_k Lambda_jk^2 beta*_k^2 (Johnson 2000). Shapley /
    LMG: the R2 of all 2^k subsets is obtained by solving their normal equations from R
    (batched, no refit on raw rows); weight_j averages the R2 gained by adding attribute j
    over all k! orders (Lindeman, Merenda & Gold 1980; Grömping 2007). Both decompositions
    sum to R2 exactly. Standardised betas are ``Rxx^-1 rxy`` with standard errors
    ``se_j = sqrt((1 - R2) / (n - k - 1) (Rxx^-1)_jj)``, the closed form of OLS on
    z-scores (identical to statsmodels on the z-scored rows, without a refit), and t
    intervals on ``n - k - 1`` degrees of freedom. Relative weights approximate Shapley
    values closely at a fraction of the cost (k eigenvalues instead of 2^k systems).
    The subset R2 come from one pass over the tree of subsets (Schur complements: one sweep
    per attribute taken in; about ``12 * 2^k`` operations in all). With ``n_samples`` the
    values are means of the R2 gains along random orders in antithetic pairs, read from one
    Cholesky factor of R per order; they sum to R2, and ``mc_se`` is the standard deviation
    of the pair means over the square root of their number (``weight +/- 1.96 mc_se`` holds
    the exact value about 95% of the time).

    With ``weights``, R is the weighted correlation matrix and ``n`` is Kish's effective
    sample size ``n_eff = (sum w)^2 / sum w^2``: the WLS covariance with the residual
    degrees of freedom of the effective sample (``n_eff - k - 1``). All-equal weights give
    the unweighted result exactly. It is the weighting design effect (Kish 1965), not a
    full design-based (linearisation) variance: for clustered or stratified designs use
    a survey package (R's ``survey::svyglm``).

    The bootstrap resamples respondents (with their weights) as
    ``rng.integers(0, n, n)`` per resample, but instead of refitting on the resampled
    rows it multiplies the resample counts by each row's cross-products in one matrix
    product and solves each resample from its small correlation matrix: the same
    resamples and intervals as a refit, at a fraction of the cost.

    **Yes/no outcomes** (``family="logit"``). One logistic regression of the 0/1 outcome on
    the z-scored attributes per group, by Newton's method on the rows collapsed to their
    distinct rating patterns. Relative weights follow ``rwa::rwa_logit`` step by step: Z
    the orthonormal counterparts of the z-scored attributes (Z = P Q' from the SVD
    X = P D Q'), Lambda = corr(Z, X) = Rxx^(1/2), b the logit coefficients on Z, R2 the
    squared correlation of the fitted probabilities with Y, beta = b sqrt(R2) / sd(logit of
    the fitted probabilities) and ``weight_j = sum_k Lambda_jk^2 beta_k^2``, which sum to R2.
    Shapley values split McFadden's pseudo-R2 ``1 - LL / LL0`` (LL0: intercept only) over
    the 2^k subset models, each a logistic fit (fitted size by size, in batches, each started from
    an extrapolation of its fitted subsets).
    Dominance analysis (Budescu 1993; Azen & Budescu 2003) reads the same 2^k subset fits
    (R2, or McFadden's R2 with ``family="logit"``, net of ``always``): driver A completely
    dominates B when it adds more than B to every subset of the other drivers (the empty
    one included); conditionally when its mean gain is larger at every model size;
    generally when its Shapley value (the mean of its conditional values) is larger.
    Complete implies conditional implies general. With ``sets`` and categorical drivers
    every subset of drivers is a subset of columns: its fit is read from the R2 of all
    subsets of columns, so the values are those of refitting each model.

    Survey weights weight the likelihood (the estimates of statsmodels'
    ``GLM(..., freq_weights=w)``; integer weights give the estimates of replicated rows);
    the Wald intervals use the information with the weights rescaled to sum to Kish's
    ``n_eff``. When some combination of the attributes splits the yes and no answers
    (separation: a linear program finds a direction ``d`` with ``x' d >= 0`` for every yes
    and ``<= 0`` for every no; Konis 2007) the maximum-likelihood coefficients are
    infinite: the table says so in ``status``, the numbers are missing and a
    :class:`~cxresearch.errors.SeparationWarning` names the segment and the attributes. The
    bootstrap refits each resample (its counts reweight the same patterns); resamples with
    separation are left out and counted in ``fits["n_boot_used"]``.

    **Ordered outcomes, pairwise deletion, differences of weights**: see the methods page
    (proportional odds fitted as statsmodels' ``OrderedModel``; McKelvey & Zavoina 1975).

    References
    ----------
    Tonidandel, S., & LeBreton, J. M. (2010). Determining the relative importance of
    predictors in logistic regression: An extension of relative weight analysis.
    Organizational Research Methods 13(4), 767-781.

    McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior. In
    Frontiers in Econometrics, Academic Press, 105-142.

    Konis, K. (2007). Linear programming algorithms for detecting separated data in binary
    logistic regression models. DPhil thesis, University of Oxford.

    Johnson, J. W. (2000). A heuristic method for estimating the relative weight of
    predictor variables in multiple regression. Multivariate Behavioral Research 35, 1-19.

    Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). Introduction to Bivariate and
    Multivariate Analysis. Scott, Foresman.

    Grömping, U. (2007). Estimators of relative importance in linear regression based on
    variance decomposition. The American Statistician 61, 139-147.

    Kish, L. (1965). Survey Sampling. Wiley.

    Budescu, D. V. (1993). Dominance analysis: a new approach to the problem of relative
    importance of predictors in multiple regression. Psychological Bulletin 114, 542-551.

    Azen, R., & Budescu, D. V. (2003). The dominance analysis approach for comparing
    predictors in multiple regression. Psychological Methods 8, 129-148.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> cols = [c for c in df.columns if c.endswith("_experience")]
    >>> res = cx.satisfaction.drivers(df, "overall", cols, method="shapley")
    >>> print(f"R2 = {res.r2:.4f}, sum of Shapley values = {res.table['weight'].sum():.4f}")
    R2 = 0.6455, sum of Shapley values = 0.6455
    >>> res.table.sort_values("rank")[["attribute", "weight", "pct_r2", "rank"]].head(3).round(3)
                         attribute  weight  pct_r2  rank
    0    short_waiting_time_experience   0.090  14.019     1
    6        online_booking_experience   0.085  13.177     2
    3      financial_advice_experience   0.080  12.412     3

    Answers coded 0 for "did not use it" are declared with ``missing_codes``; they become
    missing first and are counted per column:

    >>> df.loc[:9, "online_booking_experience"] = 0
    >>> print(cx.satisfaction.drivers(df, "overall", cols, missing_codes=[0]).rows)
    2,000 respondents in, 1,990 used (10 an attribute rating missing); answers recoded to missing: online_booking_experience 10

    Survey weights (here: VIP customers weighted down to their share of the customer base),
    and the same model from moments, which an engine could have computed:

    >>> df["w"] = df["segment"].map({"VIP": 0.5, "gold": 1.0, "ordinary": 1.2})
    >>> weighted = cx.satisfaction.drivers(df, "overall", cols, weights="w", missing_codes=[0])
    >>> round(float(weighted.fits["n_eff"].iloc[0]), 1)
    1887.7
    >>> m = cx.satisfaction.moments(df, ["overall", *cols], weights="w", missing_codes=[0])
    >>> bool(abs(cx.satisfaction.drivers(m, "overall", cols).table["weight"] - weighted.table["weight"]).max() < 1e-12)
    True

    A yes/no outcome (here: promoters, who rate 9 or 10) with ``family="logit"``:

    >>> df["promoter"] = (df["overall"] >= 9).astype(int)
    >>> yes_no = cx.satisfaction.drivers(df, "promoter", cols, family="logit", missing_codes=[0])
    >>> print(f"R2 = {yes_no.r2:.4f}, McFadden R2 = {yes_no.fits['mcfadden_r2'].iloc[0]:.4f}")
    R2 = 0.3909, McFadden R2 = 0.3918
    >>> yes_no.table.sort_values("rank")[["attribute", "odds_ratio", "weight", "rank"]].head(3).round(3)
                           attribute  odds_ratio  weight  rank
    9  handwritten_letter_experience       1.732   0.056     1
    7         fee_waivers_experience       1.811   0.055     2
    8          vip_lounge_experience       1.684   0.049     3

    Who becomes a promoter is driven by the delighters (the letter, fee waivers, the
    lounge), not by the waiting time that led the linear model of ``overall``.

    Dominance with a set of three everyday services as one driver, the customer segment
    (text) as a categorical driver, and the fee waivers held constant:

    >>> everyday = ["staff_courtesy_experience", "opening_hours_experience", "online_booking_experience"]
    >>> res = cx.satisfaction.drivers(df, "overall", ["short_waiting_time_experience", "segment"],
    ...                               method="shapley", sets={"everyday": everyday},
    ...                               always=["fee_waivers_experience"], missing_codes=[0])
    >>> print(res.settings["reference levels"], "| R2 of the fee waivers alone:", round(res.fits["r2_always"][0], 3))
    segment: 'VIP' | R2 of the fee waivers alone: 0.188
    >>> res.dominance[["attribute", "general", "conditional_1", "conditional_3"]].round(3)
                           attribute  general  conditional_1  conditional_3
    0  short_waiting_time_experience    0.109          0.149          0.070
    1                        segment    0.001          0.003          0.000
    2                       everyday    0.246          0.286          0.206
    >>> res.dominance_pairs[["attribute", "other", "complete"]]
                           attribute     other      complete
    0  short_waiting_time_experience   segment     dominates
    1  short_waiting_time_experience  everyday  is dominated
    2                        segment  everyday  is dominated

    Beyond the fee waivers, the everyday services as a set add more than the waiting time in
    every model (complete dominance), and the segment adds almost nothing.

    >>> # an ordered outcome (1-10): the proportional-odds model
    >>> ordered = cx.satisfaction.drivers(df, "overall", cols, family="ordinal", missing_codes=[0])
    >>> print(f"MZ R2 = {ordered.r2:.4f}, sum of weights = {ordered.table['weight'].sum():.4f}")
    MZ R2 = 0.6445, sum of weights = 0.6445
    """
    check_argument("method", list(METHODS), method)
    check_confidence(confidence)
    check_progress(progress)
    check_family(family, ("linear", "logit", "ordinal"))
    check_samples(n_samples, method, family)
    plan, data = driver_plan(data, attributes, sets, always, scale=scale, missing_codes=missing_codes,
                             missing=missing)
    check_plan(plan, method, family, n_samples)
    refuse_plan_options(plan, family, missing)
    n_boot = check_resamples(n_boot, confidence)
    if family in ("logit", "ordinal"):
        refuse_pairwise(family, missing)
        extra = {"plan": plan} if family == "logit" else {}
        return (logit_drivers if family == "logit" else ordinal_drivers)(
            data, outcome, attributes, method=method, by=by, scale=scale, outcome_scale=outcome_scale,
            confidence=confidence, n_boot=n_boot, rng=as_generator(random_state), missing=missing,
            missing_codes=missing_codes, weights=weights, progress=progress, **extra)
    spec = rating_spec(outcome, plan.columns, by=by, scale=scale, outcome_scale=outcome_scale, missing=missing,
                       missing_codes=missing_codes, family=family, weights=weights, model="drivers",
                       missing_options=PAIRWISE_OPTIONS, rows_only=[
                           ("n_boot", n_boot, "respondents' rows: a bootstrap resamples them"), pairwise_rows(missing)])
    given = read_groups(data, spec)
    keys, rows = given.by, category_rows(given.rows, data, plan, outcome, by, spec.codes)
    own = not plan.plain or (method == "shapley" and n_samples is None and len(plan.columns) <= DOMINANCE_MAX)
    items = [(g.key, g.sums, (np.column_stack([g.data.y, g.data.X]), g.data.w) if n_boot and g.estimable else None,
              g.reason, g.n) for g in given.groups]
    rng = as_generator(random_state)
    tables, fits, notes, dominance, reps, pairs = [], [], [], [], {}, []
    bar = Progress(n_boot * sum(it[2] is not None for it in items), "drivers bootstrap", enabled=progress)
    for key, sums, rows_, reason, n in items:
        group = dict(zip(keys, key))
        if sums is None:
            tables.append(None)
            fits.append({**group, "n": n, "r2": np.nan, "adj_r2": np.nan, "note": reason})
            notes.append((key, reason, False))
            dominance.append(not_estimated(list(plan.names), group, reason) if own and method == "shapley" else None)
            continue
        if own:
            table, fit, reps[key], *dom = fit_group(sums, plan, method, confidence, n_boot, rng, rows_, bar, group)
            dominance.append(dom)
        else:
            table, fit, reps[key] = _importance.fit_group(sums, method, confidence, n_boot, rng, rows_, bar, n_samples)
            dominance.append(None)
        fit = pairwise_fit(fit, sums, group, pairs) if missing == "pairwise" else fit
        if keys:
            note = thin_note(n, len(sums.names))
            notes.append((key, note, True))
            table = table.assign(**group, note=note)[[*keys, *table.columns, "note"]]
            fit = {**fit, "note": note}
        tables.append(table)
        fits.append({**group, **fit})
    bar.close()
    if keys:
        warn_segments(keys, notes, "drivers")
        tables = fill_not_estimable(tables, fits, keys, list(plan.names))
    return DriversResult(table=pd.concat(tables, ignore_index=True) if keys else tables[0], rows=rows, by=tuple(keys), method=method,
                         outcome=outcome, fits=pd.DataFrame(fits), confidence=confidence, n_boot=n_boot,
                         weights=given.weights, replicates=reps if n_boot else None, missing=missing,
                         pairs=pd.concat(pairs, ignore_index=True) if pairs else None, **plan_fields(plan, dominance))
