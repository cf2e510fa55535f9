"""Derived importance (relative weights, Shapley / LMG, standardised OLS) and the importance-performance grid."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from cxresearch._core.bootstrap import check_resamples
from cxresearch._core.checks import arg_error, as_generator, check_argument, check_confidence
from cxresearch._core.progress import Progress, check_progress
from cxresearch.satisfaction import _importance
from cxresearch._core.outcomes import check_family
from cxresearch.satisfaction._logit_drivers import logit_drivers
from cxresearch.satisfaction._ordinal_drivers import ordinal_drivers, refuse_pairwise
from cxresearch.satisfaction._pairwise import PAIRWISE_OPTIONS, pairwise_fit, pairwise_rows
from cxresearch._core.moments import Moments
from cxresearch._core.ratings import rating_spec, read_groups
from cxresearch.satisfaction._results import METHODS, QUADRANT_NAMES, DriversResult, IPAResult
from cxresearch._core.params import Anything, Frame, Keyed, Name, Names, Options, Pair, declared
from cxresearch.satisfaction._thin import fill_not_estimable, thin_note, warn_segments


@declared(data=Frame(moments=True), outcome=Name(), attributes=Names(),
          method=Options("relative_weights", "shapley", "ols"), scale=[None, Pair()],
          missing_codes=Anything("read by the code reader"), family=[None, Options("linear", "logit", "ordinal")],
          missing=Options("listwise", "raise", "pairwise"))
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
        Attribute rating columns (at most 20 for ``method="shapley"``; 15, 12 with logit, ordinal).
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
        ``result.r2``, ``result.adj_r2`` give them); ``result.rows``: the row accounting.

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
        with ``categories``, ``note``. ``result.pairs`` (pairwise): ``first``, ``second``, ``n``
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
    the 2^k subset models, each a logistic fit (started from its parent subset's estimates).
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

    >>> # an ordered outcome (1-10): the proportional-odds model
    >>> ordered = cx.satisfaction.drivers(df, "overall", cols, family="ordinal", missing_codes=[0])
    >>> print(f"MZ R2 = {ordered.r2:.4f}, sum of weights = {ordered.table['weight'].sum():.4f}")
    MZ R2 = 0.6445, sum of weights = 0.6445
    """
    check_argument("method", list(METHODS), method)
    check_confidence(confidence)
    check_progress(progress)
    check_family(family, ("linear", "logit", "ordinal"))
    k = len(attributes) if not isinstance(attributes, str) else 1
    if method == "shapley" and k > 20:
        raise arg_error("attributes", "at most 20 columns with method='shapley' (it enumerates all 2^k subsets)",
                        attributes, "Use method='relative_weights' (nearly the same values, at a fraction of the cost).",
                        got=f"{k} attributes")
    n_boot = check_resamples(n_boot, confidence)
    if family in ("logit", "ordinal"):
        refuse_pairwise(family, missing)
        return (logit_drivers if family == "logit" else ordinal_drivers)(
            data, outcome, attributes, method=method, by=by, scale=scale, outcome_scale=outcome_scale,
            confidence=confidence, n_boot=n_boot, rng=as_generator(random_state), missing=missing,
            missing_codes=missing_codes, weights=weights, progress=progress)
    spec = rating_spec(outcome, attributes, by=by, scale=scale, outcome_scale=outcome_scale, missing=missing,
                       missing_codes=missing_codes, family=family, weights=weights, model="drivers",
                       missing_options=PAIRWISE_OPTIONS, rows_only=[
                           ("n_boot", n_boot, "respondents' rows: a bootstrap resamples them"), pairwise_rows(missing)])
    given = read_groups(data, spec)
    keys, rows = given.by, given.rows
    items = [(g.key, g.sums, (np.column_stack([g.data.y, g.data.X]), g.data.w) if n_boot and g.estimable else None,
              g.reason, g.n) for g in given.groups]
    rng = as_generator(random_state)
    tables, fits, notes, reps, pairs = [], [], [], {}, []
    bar = Progress(n_boot * sum(it[2] is not None for it in items), "drivers bootstrap", enabled=progress)
    for key, sums, rows_, reason, n in items:
        group = dict(zip(keys, key))
        if sums is None:
            tables.append(None)
            fits.append({**group, "n": n, "r2": np.nan, "adj_r2": np.nan, "note": reason})
            notes.append((key, reason, False))
            continue
        table, fit, reps[key] = _importance.fit_group(sums, method, confidence, n_boot, rng, rows_, bar)
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
        tables = fill_not_estimable(tables, fits, keys, attributes)
    return DriversResult(table=pd.concat(tables, ignore_index=True) if keys else tables[0], rows=rows, by=tuple(keys), method=method,
                         outcome=outcome, fits=pd.DataFrame(fits), confidence=confidence, n_boot=n_boot,
                         weights=given.weights, replicates=reps if n_boot else None, missing=missing,
                         pairs=pd.concat(pairs, ignore_index=True) if pairs else None)


@declared(data=Frame(moments=True), outcome=Name(), attributes=Names(),
          method=Options("relative_weights", "shapley", "ols"),
          cut=[Options("mean", "median"), Pair("(3, 0.1)", strict=False)],
          labels=[None, Keyed("a dict {attribute column: display name}")])
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
        Display names for the attributes (e.g. without a ``_experience`` suffix), keyed by
        attribute column; a key that is not one of ``attributes`` raises (a typo would
        otherwise leave the name unchanged without a word).
    **kwargs
        Passed to :func:`drivers`: ``scale``, ``outcome_scale``, ``missing``,
        ``missing_codes`` (answers meaning "not applicable", turned missing first),
        ``family`` (None refuses a binary outcome; ``"linear"`` opts in; ``"logit"`` ranks by
        the logistic weights of a yes/no outcome), ``weights``
        (survey weights: weighted performance means and importance), ``n_boot``,
        ``progress`` ... ``data`` may be a :class:`Moments` object, as in :func:`drivers`.

    Returns
    -------
    IPAResult
        ``result.table``: ``attribute``, ``performance`` (mean rating in the rows used),
        ``importance``, ``quadrant`` ("concentrate here", "keep up the good work", "low
        priority", "possible overkill"); ``result.drivers`` holds the importance model.

    See Also
    --------
    drivers : the importance model behind the grid.
    penalty_reward : finds the basic factors a linear importance understates.
    gap_analysis : experience - expectation gaps weighted by stated importance.

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
    labels = _check_labels(labels, attributes)
    if "by" in kwargs:
        raise arg_error("by", "absent: importance_performance draws one grid", kwargs["by"],
                        "Call it once per segment (e.g. in a loop over data.groupby(...)), or use "
                        "drivers(..., by=...).")
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
            raise arg_error("cut", "'mean', 'median' or a pair (performance, importance)", cut) from None
        cut_name = "given values"
    table["quadrant"] = [QUADRANT_NAMES[(bool(i >= i_cut), bool(p >= p_cut))]
                         for p, i in zip(table["performance"], table["importance"])]
    if labels:
        table["attribute"] = table["attribute"].map(lambda a: labels.get(a, a))
    return IPAResult(table=table, rows=res.rows, performance_cut=float(p_cut), importance_cut=float(i_cut),
                     cut=cut_name, drivers=res)


def _check_labels(labels, attributes) -> dict:
    """``labels`` as a dict whose keys are all attribute columns (None -> {})."""
    if labels is None:
        return {}
    if not isinstance(labels, Mapping):
        raise arg_error("labels", "a dict {attribute column: display name}", labels)
    accepted = [attributes] if isinstance(attributes, str) else list(attributes)
    unknown = [k for k in labels if k not in accepted]
    if unknown:
        near = [m for k in unknown for m in difflib.get_close_matches(str(k), map(str, accepted), n=1)]
        hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
        raise arg_error("labels", "a dict keyed by attribute columns", labels,
                        f"Unknown key(s) {unknown}; accepted keys: {accepted}.{hint}")
    return dict(labels)
