"""Drop-off detection: attributes sliding attractive -> one-dimensional -> must-be over waves."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES, category_codes
from cxresearch._core.checks import (
    as_keys,
    bad_values,
    check_alpha,
    check_argument,
    check_confidence,
    require_columns,
    require_frame,
)
from cxresearch._core.stats import P_ADJUST
from cxresearch.dropoff._analysis import analyse_counts
from cxresearch.dropoff._result import DropoffResult
from cxresearch._core.warn import warn
from cxresearch.errors import KanoInputError, SeparationWarning

def _time_values(values: pd.Series, column: str) -> tuple[np.ndarray, bool, pd.Timestamp | None]:
    """Numbers as they are; dates as years since the first wave. Returns (t, is_date, origin)."""
    if values.isna().any():
        raise bad_values(column, values, values.isna(), "wave labels (missing)", error=KanoInputError)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        dates = values
    elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return _finite_waves(values.to_numpy(dtype=float), values, column), False, None
    else:
        num = pd.to_numeric(values, errors="coerce")
        if num.notna().all():
            return _finite_waves(num.to_numpy(dtype=float), values, column), False, None
        dates = pd.to_datetime(values, errors="coerce", format="mixed")
        bad = dates.isna().to_numpy()
        if bad.any():
            raise bad_values(column, values, bad, "numbers or dates", error=KanoInputError,
                             hint="Waves must be numbers (1, 2, ...) or dates (2024-03-01).")
    origin = dates.min()
    years = (dates - origin).dt.total_seconds().to_numpy() / (365.25 * 86400)
    return years, True, origin

def _finite_waves(t: np.ndarray, values: pd.Series, column: str) -> np.ndarray:
    """Numeric waves, refusing infinite ones (they have no place on the time axis)."""
    infinite = np.isinf(t)
    if infinite.any():
        raise bad_values(column, values, infinite, "finite wave numbers", error=KanoInputError,
                         hint="Waves must be numbers (1, 2, ...) or dates (2024-03-01); correct or drop those rows.")
    return t


def detect(
    data: pd.DataFrame,
    *,
    time: str = "wave",
    by: str | Sequence[str] | None = None,
    alpha: float = 0.05,
    confidence: float = 0.95,
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
        ``result.table`` has one row per attribute [x group]: ``n`` (coded answers),
        ``n_waves``, ``first_wave``, ``last_wave``, ``first_category``,
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
        ``result.shares`` has every category share per wave with Wilson intervals.

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
    fitted by Fisher scoring on the count table; the likelihood-ratio test of the time
    slope (1 df) gives ``p_value``. The odds ratio exp(beta) with a Wald interval is the
    effect size. **I, R and Q** do not enter this model: I is not a position between A
    and M (a delighter can also fade into indifference, which ``i_share_slope`` and the
    change-point test show), and R and Q are answers that contradict the question. They
    stay in every share, in Better / Worse and in the change-point test.

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

    References
    ----------
    Kano, N. (2001). Life cycle and creation of attractive quality. 4th QMOD Conference.

    Nilsson-Witell, L., & Fundin, A. (2005). Dynamics of service attributes: a test of
    Kano's theory of attractive quality. International Journal of Service Industry
    Management, 16(2), 152-168.

    Löfgren, M., Witell, L., & Gustafsson, A. (2011). Theory of attractive quality and life
    cycles of quality attributes. The TQM Journal, 23(2), 235-246.

    Agresti, A. (2010). Analysis of Ordinal Categorical Data (2nd ed.). Wiley, ch. 3.

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
    """
    data = require_frame(data, error=KanoInputError)
    groups = as_keys(by)
    check_argument("p_adjust", P_ADJUST, p_adjust, error=KanoInputError)
    check_confidence(confidence)
    check_alpha(alpha)
    if category not in data.columns and set(CATEGORIES) <= set(data.columns):
        raise KanoInputError(f"`data` looks like a count table (columns {', '.join(CATEGORIES)}, no {category!r}); "
                             "dropoff.detect reads coded responses, one row per answer pair, e.g. from "
                             "cx.kano.code. Count-table input is not supported yet.")
    require_columns(data, [attribute, category, time, *groups], "column", error=KanoInputError)
    if data[attribute].isna().any():
        raise bad_values(attribute, data[attribute], data[attribute].isna(), "attribute names (missing)",
                         "Fill in the attribute of those rows or drop them.", error=KanoInputError)
    cat = category_codes(data[category], category)
    t_all, is_date, origin = _time_values(data[time], time)
    waves = np.unique(t_all)
    if len(waves) < 2:
        first = data[time].iloc[0]
        raise KanoInputError(
            f"Column {time!r} holds a single wave ({getattr(first, 'item', lambda: first)()!r}): drop-off detection "
            "needs at least two waves."
        )
    keys = [attribute, *groups]
    counts, cells, account = _count_array(data, keys, cat, np.searchsorted(waves, t_all), len(waves))
    table, shares = analyse_counts(counts, waves, cells, alpha=alpha, p_adjust=p_adjust, confidence=confidence)
    _warn_separated(table, keys)
    label = _wave_labeller(is_date, origin)
    for col in ("first_wave", "last_wave", "changepoint", "must_be_forecast"):
        table[col] = label(table[col].to_numpy(dtype=float))
    shares.insert(len(keys), time, label(waves[shares.pop("_w").to_numpy()]))
    return DropoffResult(table=table, shares=shares, time=time, by=tuple(groups), alpha=alpha,
                         confidence=confidence, p_adjust=p_adjust,
                         time_unit="year" if is_date else f"1 unit of {time!r}", rows=account)


def _count_array(data: pd.DataFrame, keys: list, cat: np.ndarray, wave: np.ndarray, n_waves: int):
    """Counts (cells, waves, 6), the cells' keys, and the row accounting."""
    missing_group = np.zeros(len(data), dtype=bool)
    for b in keys[1:]:
        missing_group |= data[b].isna().to_numpy()
    keep = (cat >= 0) & ~missing_group
    cell = data.loc[keep, keys].reset_index(drop=True).groupby(keys, sort=True, observed=True)
    G, W = cell.ngroups, n_waves
    index = (cell.ngroup().to_numpy() * W + wave[keep]) * 6 + cat[keep]
    counts = np.bincount(index, minlength=G * W * 6).reshape(G, W, 6)
    excluded = {}
    if (cat < 0).any():
        excluded["missing category"] = int((cat < 0).sum())
    if missing_group.any():
        excluded[f"missing {', '.join(map(str, keys[1:]))}"] = int((missing_group & (cat >= 0)).sum())
    return counts, cell.size().reset_index()[keys], RowAccount(len(data), int(keep.sum()), excluded,
                                                               unit="answer pairs")


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


def _wave_labeller(is_date: bool, origin):
    if not is_date:
        return lambda x: x
    return lambda x: (pd.to_datetime(origin) + pd.to_timedelta(np.asarray(x, dtype=float) * 365.25, unit="D")
                      ).round("D")
