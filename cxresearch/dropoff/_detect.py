"""Drop-off detection: attributes sliding attractive -> one-dimensional -> must-be over waves."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import (
    arg_error,
    as_keys,
    check_alpha,
    check_argument,
    check_confidence,
    require_frame,
)
from cxresearch._core.count_table import refuse_partial_counts
from cxresearch._core.engine import reduce_responses
from cxresearch._core.stats import P_ADJUST
from cxresearch._core.warn import warn
from cxresearch.dropoff._analysis import Grid, analyse_counts
from cxresearch.dropoff._input import from_responses, from_table
from cxresearch.dropoff._result import DropoffResult
from cxresearch.errors import KanoInputError, SeparationWarning
from cxresearch._core.params import Frame, Name, declared


@declared(error=KanoInputError, data=Frame(), time=Name())
def detect(
    data: pd.DataFrame,
    *,
    time: str = "wave",
    by: str | Sequence[str] | None = None,
    weights: str | None = None,
    alpha: float = 0.05,
    confidence: float = 0.95,
    p_adjust: str = "holm",
    attribute: str = "attribute",
    category: str = "category",
) -> DropoffResult:
    """Find attributes moving along the life cycle A -> O -> M across survey waves.

    Parameters
    ----------
    data : pandas.DataFrame or a frame of another engine
        Coded responses of another engine (Polars, PyArrow, DuckDB, Dask, PySpark) are
        counted inside it (:func:`cxresearch.kano.counts` by attribute, groups and time) and
        only the count table comes back. Otherwise:
        Coded responses (long) with ``attribute``, ``category`` and the ``time`` column,
        e.g. from :func:`cxresearch.kano.code`; or a count table with columns
        ``attribute``, ``time``, the ``by`` columns and ``A O M I R Q`` (``n_missing``
        optional), e.g. from ``cx.kano.counts(responses, by=[time, ...])`` or a DuckDB /
        Dask aggregation, weighted (``sumw2_A`` .. ``sumw2_Q`` and ``n_raw``, as
        ``cx.kano.counts(..., weights=)`` makes it) or not. Rows repeating a cell and wave
        are summed. Both inputs give the same result.
    time : str
        The wave column, read by one rule (``cxresearch._core.time``): numbers; dates
        (datetimes or date text, measured in years from the first wave; UTC offsets that
        differ are converted to UTC with an :class:`~cxresearch.errors.InputWarning`;
        day/month text that reads both ways is refused); periods (a pandas ``Period``
        column, ``2020Q1`` / ``2020-Q1`` / ``2020 Q1`` or ``2020-01`` text: one unit is one
        quarter or month, and the result shows the periods); or an ordered Categorical (one
        unit per category). Waves may be unevenly spaced and missing for some attributes;
        answers without a wave are left out and counted in ``result.rows``.
    by : str or list of str, optional
        Segment columns; every attribute x segment cell is tested on its own.
    weights : str, optional
        Column of survey (sampling) weights of coded responses: non-negative finite
        numbers (refused by name otherwise); a weight of 0 leaves the answer out. A count
        table carries its weights in its sums instead.
    alpha : float
        Significance level of the tests behind ``direction`` and ``changepoint``.
    confidence : float
        Level of the intervals: the odds ratio's Wald interval and the Wilson intervals
        of every share in ``result.shares``.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the trend p-values across all rows of the table.
    attribute, category : str
        Column names.

    Returns
    -------
    DropoffResult
        ``result.table`` has one row per attribute [x group]: ``n`` (coded answers;
        weighted: the sum of their weights), with weights ``n_raw`` (answers with a
        positive weight), ``n_eff`` (Kish's effective sample size) and ``design_effect``
        (n_raw / n_eff), then ``n_waves``, ``first_wave``, ``last_wave``, ``first_category``,
        ``last_category`` (the modal category at the first and last wave), ``direction``
        ("drop-off", "rise", "stable", "separated" (below), or "insufficient data" for an
        attribute seen in one wave), ``separation`` ("toward must-be" or "toward
        attractive" where the A, O, M answers split perfectly by time, else ""),
        ``odds_ratio`` (per unit of time: the odds of an answer being further along
        A < O < M), ``odds_ratio_ci_low``, ``odds_ratio_ci_high``, ``m_share_slope`` and
        ``i_share_slope`` (change in the share of M and of I per unit of time),
        ``better_slope``, ``worse_slope``, ``p_value``, ``p_adjusted``, ``changepoint``
        (first wave of the new regime, where the change-point test is significant),
        ``changepoint_p``, ``pattern`` ("step" when a jump at the change point fits the
        life-cycle position better than a straight trend, else "gradual"),
        ``category_before``, ``category_after``, ``must_be_status``
        ("already must-be", "projected", "not on current trend" or "" when neither a
        drop-off nor separated toward must-be), ``must_be_forecast`` (the wave, or date, at
        which M would become the most frequent category at the current linear rate; not
        reported beyond ten times the observed span) and ``note`` (why a trend is missing).
        ``result.shares`` has every category share per wave with Wilson intervals (and,
        weighted, the ``n_eff`` they rest on). Waves are shown as they were given (numbers,
        dates, periods or category labels); ``result.time_unit`` says what one unit of the
        slopes is.

    See Also
    --------
    power : how many respondents per wave the test needs.
    cxresearch.kano.code : makes the coded responses it reads.
    cxresearch.kano.analyze : the categories within one wave.
    cxresearch.simulate.kano_waves : surveys over waves with known drop-offs.

    Notes
    -----
    **Trend.** The position of each answer on the life cycle A (0) < O (1) < M (2) is
    modelled by a proportional-odds (cumulative logit) model with time as covariate,
    fitted by Fisher scoring on the count table (exact maximum likelihood; a continuity
    constant of 0.01 answer per wave and category only where the estimate would not be
    finite: a category never answered, A, O, M answers in one wave, or separation); the
    likelihood-ratio test of the time slope (1 df) gives ``p_value``. The odds ratio
    exp(beta) with a Wald interval is the effect size. **I, R and Q** do not enter this
    model: I is not a position between A and M (a delighter can also fade into
    indifference, which ``i_share_slope`` and the change-point test show), and R and Q are
    answers that contradict the question. They stay in every share, in Better / Worse and
    in the change-point test.

    **Separation.** When no answer is later than an answer further along A < O < M (say
    every A before a wave and every M from it), the maximum-likelihood slope is infinite
    (complete separation; quasi-complete when the answers meet in one wave). Such an
    attribute gets ``direction`` "separated", its way in ``separation``, NaN odds ratio
    and p-values (left out of the adjustment) with the reason in ``note``, and a
    :class:`~cxresearch.errors.SeparationWarning` naming it. One answer across the
    divide is enough for a finite estimate, reported as usual.

    **When.** A likelihood-ratio scan over split waves compares one category distribution
    (A, O, M, I, R+Q) before and after each split with a single pooled one; the best
    split's p-value is Bonferroni-adjusted over the splits scanned.

    **How fast.** Each category share gets a weighted least-squares line over time; the
    forecast is the earliest time from the last wave on at which the M line is at or above
    every other line.

    **Survey weights** (sampling weights, not frequency weights). The counts become sums
    of weights and the ordinal model is fitted to them as a pseudo-likelihood, so the
    odds ratio, the shares, their slopes and the forecast are weighted point estimates:
    integer weights give exactly those of the rows replicated, all-equal weights the
    unweighted result. The tests and intervals are corrected by Kish's (1965) design
    effect of each attribute [x group], ``design_effect = n_raw / n_eff`` with
    ``n_eff = (sum w)**2 / sum w**2`` over its answers (all waves and categories): the
    likelihood ratios (trend and change point) of the weights normalised to mean 1 are
    divided by it and the slope's standard error is multiplied by its square root;
    Wilson intervals of the shares take p_w * n_eff out of n_eff per wave.
    References
    ----------
    Kano, N. (2001). Life cycle and creation of attractive quality. 4th QMOD Conference.

    Nilsson-Witell, L., & Fundin, A. (2005). Dynamics of service attributes: a test of
    Kano's theory of attractive quality. International Journal of Service Industry
    Management, 16(2), 152-168.

    Löfgren, M., Witell, L., & Gustafsson, A. (2011). Theory of attractive quality and life
    cycles of quality attributes. The TQM Journal, 23(2), 235-246.

    Agresti, A. (2010). Analysis of Ordinal Categorical Data (2nd ed.). Wiley, ch. 3.

    Kish, L. (1965). Survey Sampling. Wiley.

    Albert, A., & Anderson, J. A. (1984). On the existence of maximum likelihood estimates in
    logistic regression models. Biometrika, 71(1), 1-10.

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

    The same from the count table (as a database would return it):

    >>> tab = cx.kano.counts(cx.kano.code(answers), by="wave")
    >>> cx.dropoff.detect(tab).table["direction"].tolist()
    ['drop-off', 'stable']
    """
    data, engine_rows = reduce_responses(data, [attribute, *as_keys(by), time], category, weights,
                                         error=KanoInputError)  # another engine's rows: counted there
    column, weights = (weights, None) if engine_rows else (None, weights)
    data = require_frame(data, error=KanoInputError)
    groups = as_keys(by)
    check_argument("p_adjust", P_ADJUST, p_adjust, error=KanoInputError)
    check_confidence(confidence)
    check_alpha(alpha)
    keys = [attribute, *groups]
    refuse_partial_counts(data, category, KanoInputError)
    if category not in data.columns and set(CATEGORIES) <= set(data.columns):
        if weights is not None:
            raise arg_error("weights", "None for a count table", weights, error=KanoInputError,
                            hint="A count table carries its weights in its sums: make it with "
                                 "cx.kano.counts(responses, by=[..., time], weights=...) and pass that table.")
        counted, waves = from_table(data, keys, time)
    else:
        counted, waves = from_responses(data, keys, category, time, weights)
    grid = Grid(counted.counts, waves.times, counted.sumw2, counted.n_raw)
    table, shares = analyse_counts(grid, counted.cells, alpha=alpha, p_adjust=p_adjust, confidence=confidence)
    _warn_separated(table, keys)
    for col in ("first_wave", "last_wave", "changepoint", "must_be_forecast"):
        table[col] = waves.label(table[col].to_numpy(dtype=float))
    shares.insert(len(keys), time, waves.label(waves.times[shares.pop("_w").to_numpy()]))
    weighting = "" if counted.sumw2 is None else \
        (f"column {weights or column!r}" if (weights or column) is not None else "weighted count table")
    return DropoffResult(table=table, shares=shares, time=time, by=tuple(groups), alpha=alpha,
                         confidence=confidence, p_adjust=p_adjust,
                         time_unit=waves.unit,
                         rows=RowAccount(**engine_rows) if engine_rows else counted.account,
                         weights=weighting)


def _warn_separated(table: pd.DataFrame, keys: list) -> None:
    """Name the cells whose A < O < M answers split perfectly by time."""
    sep = table["direction"].eq("separated").to_numpy()
    if not sep.any():
        return
    names = [f"{' / '.join(map(str, row[:-1]))} ({row[-1]})"
             for row in table.loc[sep, [*keys, "separation"]].itertuples(index=False)]
    warn(f"{len(names)} attribute(s) whose A, O and M answers do not overlap in time: {', '.join(names[:8])}"
         f"{' ...' if len(names) > 8 else ''}. The ordinal slope is infinite there: direction is 'separated' "
         "(`separation` says which way), odds_ratio and p_value are NaN (see `note`). Read the change point "
         "and the shares instead.",
        SeparationWarning)

