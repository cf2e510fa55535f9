"""Waits as customers feel them: perceived against actual waits, per segment, with tests between segments."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_numeric, bad_values, check_confidence, require_columns, require_frame
from cxresearch._core.params import Frame, Name, declared
from cxresearch._core.warn import warn
from cxresearch._core.weights import check_weights
from cxresearch.errors import InputWarning
from cxresearch.expectation._input import read_durations, segments
from cxresearch.expectation._wait_result import WaitPerceptionResult
from cxresearch.expectation._wait_stats import bins, pair_tests, segment_stats

__all__ = ["wait_perception"]

REASONS = ("segment missing", "wait missing", "wait of zero (no ratio)", "weight zero")


@declared(data=Frame(), actual=Name("one column name"), perceived=Name("one column name"))
def wait_perception(
    data: pd.DataFrame,
    actual: str,
    perceived: str,
    *,
    by: str | list[str] | None = None,
    weights: str | None = None,
    confidence: float = 0.95,
    p_adjust: str = "holm",
    duration_unit: str = "minutes",
) -> WaitPerceptionResult:
    """How much longer waits feel than they are: perceived against actual waits.

    Each customer's actual wait (from the queue system) is set beside the wait they say they
    had. The felt-to-actual ratio is summarised by its geometric mean (the mean of the log
    ratios, turned back), and the log-log slope of perceived on actual says whether long
    waits feel relatively longer (slope > 1) or relatively shorter (slope < 1) than short ones.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer (frames of other libraries are converted).
    actual : str
        The column of actual waits: numbers (minutes, or any one unit) or ``Timedelta``.
    perceived : str
        The column of perceived (stated) waits, in the same unit as ``actual``.
    by : str or list of str, optional
        Segment (or condition) columns: one row per segment, and Welch tests between every
        pair of segments. Rows with a missing segment are left out and counted.
    weights : str, optional
        Survey weights: weighted means of the log ratios and weighted least squares for the
        slope; intervals on Kish's effective sample size. Rows with weight 0 are left out and
        counted.
    confidence : float
        Level of the intervals.
    p_adjust : {"holm", "fdr_bh", "bh", "none"}
        Adjustment of the p-values of the segment comparisons, per measure (ratio, slope).
    duration_unit : {"minutes", "seconds", "hours", "days"}
        The unit in which ``Timedelta`` columns are read (numbers are taken as they are).
        The ratio and the slope do not depend on the unit; the means and ``bins`` do. With
        one column ``Timedelta`` and the other plain numbers, the numbers are taken to be in
        this unit: an :class:`~cxresearch.errors.InputWarning` and ``settings["durations"]``
        say so (convert the numbers to ``Timedelta`` to state their unit).

    Returns
    -------
    WaitPerceptionResult
        ``table``: one row per segment: ``n`` (customers used), ``n_eff`` (with weights),
        ``actual_mean``, ``perceived_mean`` (arithmetic means), ``ratio`` (geometric mean of
        perceived / actual) with ``ratio_ci_low``, ``ratio_ci_high`` and ``ratio_p_value`` (the
        test of ratio 1: waits felt as long as they are), ``longer`` (share of customers whose
        perceived wait exceeds the actual one) with ``longer_ci_low``, ``longer_ci_high``
        (Wilson), ``slope`` (of log perceived on log actual) with ``slope_ci_low``,
        ``slope_ci_high`` and ``slope_p_value`` (the test of slope 1: felt waits proportional
        to actual ones), ``intercept`` (of the log-log line) and ``reading`` (the verdict in
        words). ``tests``: with ``by``, per pair of segments ``segment_a``, ``segment_b``,
        ``ratio_of_ratios`` (a's ratio over b's) with interval, ``ratio_p_value`` (Welch t on
        the log ratios), ``ratio_p_adjusted``, ``slope_difference`` (a - b) with interval,
        ``slope_p_value``, ``slope_p_adjusted``; None without ``by``. ``bins``: per segment
        up to ten bins of actual wait (deciles) with the geometric means of the actual and
        perceived waits in each (the points of the plot). ``accounting``: rows per reason.

    See Also
    --------
    tolerance : the waits customers find adequate and desire (``lower_is_better=True``).
    promise : the wait to announce when actual waits vary.
    WaitPerceptionResult : the result, with the perceived-against-actual plot.

    Notes
    -----
    With ``L = log(perceived / actual)``, the ratio is ``exp(mean L)`` and its interval
    ``exp(mean L +- t(n - 1) s / sqrt(n))`` (weighted: the weighted mean and spread,
    ``t(n_eff - 1)``, Kish's ``n_eff = (sum w)^2 / sum w^2``). The slope ``b`` of
    ``log perceived = a + b log actual`` is fitted by (weighted) least squares with a
    t interval on ``n_eff - 2`` degrees of freedom. Perceived waits that follow a power law
    of actual ones (Stevens' psychophysics) give a straight log-log line; ``b < 1`` is the
    compression of long waits, ``b > 1`` their amplification.

    Segments are compared pairwise: the log ratios by Welch's t test (Welch-Satterthwaite
    degrees of freedom, on ``n_eff`` with weights), the slopes by the difference of the two
    fitted slopes with its separate-variance standard error (the segment x log-actual
    interaction of a model with a residual variance per segment).

    A wait of zero is legal data (served at once) but has no ratio: such rows (actual or
    perceived 0) are left out, counted under "wait of zero (no ratio)" and warned about.
    Negative waits are refused, naming the column and rows.

    References
    ----------
    Maister, D. H. (1985). The psychology of waiting lines. In J. A. Czepiel, M. R. Solomon
    & C. F. Surprenant (Eds.), The Service Encounter (pp. 113-123). Lexington Books.

    Stevens, S. S. (1957). On the psychophysical law. Psychological Review, 64(3), 153-181.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> waits = pd.DataFrame({"actual": [5, 10, 20], "perceived": [8, 15, 26]})
    >>> res = cx.expectation.wait_perception(waits, "actual", "perceived")
    >>> round(float(res.table["ratio"].iloc[0]), 4)
    1.4612

    By hand: exp(mean(log(8/5), log(15/10), log(26/20))) = exp(0.3793) = (1.6 x 1.5 x
    1.3)^(1/3) = 1.4612; the waits were felt 46 % longer than they were. The log-log slope
    (0.85) is below 1: the longest
    wait was over-estimated least (30 % against 60 %).

    Two segments of simulated callers: long waits are over-estimated less (slope 0.8), and
    VIP callers (answered by name) feel their waits a fifth shorter:

    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> waited = rng.gamma(2.0, 3.0, 2000)
    >>> vip = np.arange(2000) < 500
    >>> felt = np.exp(0.6 + 0.8 * np.log(waited) + rng.normal(0, 0.3, 2000)) * np.where(vip, 0.8, 1.0)
    >>> df = pd.DataFrame({"segment": np.where(vip, "VIP", "ordinary"), "waited": waited, "felt": felt})
    >>> res = cx.expectation.wait_perception(df, "waited", "felt", by="segment")
    >>> res.table[["segment", "n", "ratio", "ratio_ci_low", "ratio_ci_high", "slope"]].round(2)
        segment     n  ratio  ratio_ci_low  ratio_ci_high  slope
    0       VIP   500   1.08          1.05           1.12   0.79
    1  ordinary  1500   1.34          1.31           1.36   0.81
    >>> res.tests[["segment_a", "segment_b", "ratio_of_ratios", "ratio_p_value"]].round(3)
      segment_a segment_b  ratio_of_ratios  ratio_p_value
    0       VIP  ordinary            0.811            0.0
    >>> print(res.rows)
    2,000 customers in, 2,000 used

    Ordinary callers feel their waits a third longer than they are, VIP callers 8 % longer
    (their ratio is 0.81 of the ordinary callers'); in both segments a wait twice as long
    feels only 2^0.8 = 1.74 times as long.
    """
    data = require_frame(data)
    check_confidence(confidence)
    require_columns(data, [actual, perceived], "wait column(s)")
    if actual == perceived:
        raise arg_error("perceived", "a column other than `actual`", perceived)
    if weights is not None and weights in (actual, perceived):
        raise arg_error("weights", "a column other than the wait columns", weights)
    data, durations = read_durations(data, [actual, perceived], duration_unit,
                                      [[("actual", actual), ("perceived", perceived)]])
    keys, seg, labels = segments(data, by, [actual, perceived] + ([weights] if weights is not None else []))
    w = check_weights(data, weights)
    a, p = (_waits(data[c], c) for c in (actual, perceived))
    x, y, ww, g, counts = _usable(a, p, w, seg)
    table = segment_stats(x, y, ww, g, len(labels), confidence)
    table = pd.concat([labels.reset_index(drop=True), pd.DataFrame(table)], axis=1)
    names = [" / ".join(map(str, r)) for r in labels.itertuples(index=False)] if keys else [""]
    tests = pair_tests(table, names, confidence, p_adjust) if keys and len(labels) > 1 else None
    table = table.drop(columns=[c for c in table if str(c).startswith("_")] + ([] if weights else ["n_eff"]))
    accounting = pd.DataFrame({"reason": list(counts), "rows": list(counts.values())})
    rows = RowAccount(len(data), int(len(x)), {k: v for k, v in counts.items() if v}, unit="customers")
    return WaitPerceptionResult(table=table, rows=rows, by=tuple(keys), tests=tests,
                                bins=bins(x, y, g, labels, keys), accounting=accounting, names=(actual, perceived),
                                confidence=confidence, weights=weights, p_adjust=p_adjust, durations=durations,
                                unit=duration_unit if durations else "")


def _waits(raw: pd.Series, column) -> np.ndarray:
    """A wait column as numbers; negative waits refused by name."""
    values = as_numeric(raw, column)
    negative = values < 0
    if negative.any():
        raise bad_values(column, raw, negative, "non-negative waits",
                         "A wait cannot be negative: check the column (start and end swapped?) or set those "
                         "values missing.")
    return values


def _usable(a, p, w, seg):
    """The log waits, weights and segment codes of the usable rows, and the rows left out per reason."""
    no_segment = seg < 0
    missing = ~no_segment & (np.isnan(a) | np.isnan(p))
    zero = ~no_segment & ~missing & ((a == 0) | (p == 0))
    zero_weight = ~(no_segment | missing | zero) & (w == 0) if w is not None else np.zeros(len(a), dtype=bool)
    use = ~(no_segment | missing | zero | zero_weight)
    counts = dict(zip(REASONS, (int(no_segment.sum()), int(missing.sum()), int(zero.sum()), int(zero_weight.sum()))))
    if zero.any():
        warn(f"{int(zero.sum())} customer(s) with a wait of zero (actual or perceived) have no perceived/actual "
             "ratio: left out and counted in `rows` ('wait of zero (no ratio)').", InputWarning)
    if not use.any():
        left = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
        raise arg_error("actual", "wait columns with at least one customer whose actual and perceived waits are "
                        "both above zero (a ratio needs both)", "no such customer",
                        "Check the columns and their unit; waits of zero have no perceived/actual ratio.",
                        got=f"no usable customer ({left})")
    if not use.all():
        a, p, seg = a[use], p[use], seg[use]
        w = None if w is None else w[use]
    ww = np.ones(len(a)) if w is None else w
    return np.log(a), np.log(p), ww, seg, counts
