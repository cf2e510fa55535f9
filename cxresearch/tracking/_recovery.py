"""Complaints and recovery: who voices a problem, who stays silent, and what recovery does to loyalty."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_keys, check_confidence, require_columns, require_frame
from cxresearch._core.params import Frame, Name, declared
from cxresearch._core.weights import check_weights
from cxresearch.tracking._recovery_input import PATHS, outcome_values, paths, refuse_inconsistent, yes_no
from cxresearch.tracking._recovery_result import RecoveryResult
from cxresearch.tracking._recovery_stats import funnel, outcome_by_path, path_sums, tests
from cxresearch.tracking._recovery_thin import COUNTS, THIN, blank, thin_segments, warn_thin
from cxresearch.tracking._value import segment_codes

__all__ = ["recovery"]

ROLES = ("problem", "complained", "recovered")


@declared(data=Frame(), problem=Name("one column name"), complained=Name("one column name"),
          recovered=Name("one column name"), outcome=Name("one column name"))
def recovery(
    data: pd.DataFrame,
    *,
    problem: str,
    complained: str,
    recovered: str,
    outcome: str,
    by: str | list[str] | None = None,
    weights: str | None = None,
    confidence: float = 0.95,
    p_adjust: str = "holm",
    min_n: int = 30,
) -> RecoveryResult:
    """Complaint and recovery paths: the voice rate, the silent dissatisfied, and loyalty by path.

    Each customer had a problem or not; with a problem they complained or stayed silent; a
    complaint was recovered (resolved to their satisfaction) or not. The outcome (repurchase,
    loyalty, a rating) is compared across the four paths: no problem, complained and
    recovered, complained and not recovered, silent.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer (frames of other libraries are converted).
    problem, complained, recovered : str
        Yes/no columns (booleans, 0/1, or text yes/no, true/false, 是/否). ``complained`` may
        be missing where ``problem`` is no, and ``recovered`` where ``complained`` is no
        (skip logic).
    outcome : str
        The outcome: yes/no (repurchased, stayed) or a rating (loyalty, intention). A column
        holding only 0 and 1 (or yes/no text) is read as yes/no.
    by : str or list of str, optional
        Segment columns: everything per segment. Rows with a missing segment are left out and
        counted.
    weights : str, optional
        Survey weights: weighted shares and means, intervals on Kish's effective sample
        size, and the tests of a yes/no outcome become z tests on the effective sizes
        (Fisher's exact test needs whole counts). Rows with weight 0 are left out and counted.
    confidence : float
        Level of the intervals.
    p_adjust : {"holm", "fdr_bh", "bh", "none"}
        Adjustment of the p-values of the three comparisons within each segment.
    min_n : int
        The fewest usable customers a segment (or, without ``by``, the data) needs to be
        analysed. A thinner segment keeps its rows in ``table``, ``funnel`` and ``tests``
        with its counts and a ``note`` (in ``tests``: the ``verdict``), but no shares,
        outcomes, intervals or tests, and raises a :class:`~cxresearch.errors.ThinDataWarning`;
        its customers are counted as left out. Within an analysed segment a path may be
        small: Fisher's exact test holds for any counts.

    Returns
    -------
    RecoveryResult
        ``table``: one row per segment and path (``path``: "no problem", "complained,
        recovered", "complained, not recovered", "silent"): ``n``, ``n_eff`` (with
        weights), ``share`` (of the segment's customers), ``outcome`` (share yes, or mean
        rating) with ``outcome_ci_low``, ``outcome_ci_high`` (Wilson, or t).
        ``funnel``: per segment ``customers``, ``with_problem``, ``complained``,
        ``recovered`` (counts), ``problem_share``, ``voice_rate`` (complained among customers
        with a problem), ``silent_share`` (1 - voice rate: the silent dissatisfied) and
        ``recovery_rate`` (recovered among complainers), each with a Wilson interval
        (``_ci_low``, ``_ci_high``).
        ``tests``: per segment three comparisons (``comparison``, ``path_a``, ``path_b``,
        ``n_a``, ``n_b``, ``outcome_a``, ``outcome_b``, ``difference`` = a - b with interval,
        ``test``, ``p_value``, ``p_adjusted``, ``verdict``): recovered against not recovered
        (does recovery pay?), recovered against no problem (the recovery paradox: do
        recovered customers end up more loyal than those who never had a problem?) and
        silent against no problem (the cost of problems nobody hears about).
        ``accounting``: rows per reason.

    See Also
    --------
    RecoveryResult : the result, with the outcome by path (``plot()``) and the funnel
        (``plot(kind="funnel")``).
    value_segments : what the customers at stake are worth.

    Notes
    -----
    Rows are used only when their path can be told and the outcome is there, so the funnel
    and the outcomes describe the same customers. Inconsistent answers are refused, naming
    the rows: a complaint where ``problem`` is no, a recovery where ``complained`` is no.

    A yes/no outcome is compared by Fisher's exact test (two-sided; ``scipy.stats.fisher_exact``)
    with Newcombe's hybrid-score interval for the difference of the two shares; with weights
    by a pooled two-proportion z test on Kish's effective sample sizes (and the same interval
    on them). A rating is compared by Welch's t test (on the effective sizes with weights).

    References
    ----------
    Smith, A. K., & Bolton, R. N. (1998). An experimental investigation of customer reactions to
    service failure and recovery encounters: paradox or peril? Journal of Service Research, 1(1), 65-81.

    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Statistics in Medicine, 17(8), 873-890.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> paths = [(0, 0, 0, 100, 80), (1, 1, 1, 20, 17), (1, 1, 0, 10, 3), (1, 0, 0, 30, 9)]
    >>> rows = [(p, c, r, int(k < yes)) for p, c, r, n, yes in paths for k in range(n)]
    >>> df = pd.DataFrame(rows, columns=["problem", "complained", "recovered", "repurchased"])
    >>> res = cx.tracking.recovery(df, problem="problem", complained="complained", recovered="recovered",
    ...                            outcome="repurchased")
    >>> res.funnel[["with_problem", "complained", "voice_rate", "voice_rate_ci_low", "voice_rate_ci_high"]].round(3)
       with_problem  complained  voice_rate  voice_rate_ci_low  voice_rate_ci_high
    0            60          30         0.5              0.377               0.623
    >>> res.tests[["comparison", "difference", "p_value"]].round(4)
                                      comparison  difference  p_value
    0                 recovered vs not recovered        0.55   0.0048
    1  recovery paradox: recovered vs no problem        0.05   0.7616
    2                       silent vs no problem       -0.50   0.0000
    >>> res.table[["path", "n", "outcome"]]
                            path    n  outcome
    0                 no problem  100     0.80
    1      complained, recovered   20     0.85
    2  complained, not recovered   10     0.30
    3                     silent   30     0.30

    Half of the customers with a problem complained (30 of 60). Recovered complainers
    repurchased far more often than those left unrecovered (17/20 against 3/10), but not
    more than customers who never had a problem (0.85 against 0.80): no recovery paradox.
    """
    data = require_frame(data)
    check_confidence(confidence)
    columns = [problem, complained, recovered, outcome]
    require_columns(data, columns, "problem, complaint, recovery and outcome column(s)")
    _distinct(columns)
    keys = as_keys(by)
    require_columns(data, keys, "`by` column(s)")
    if weights is not None and weights in [*columns, *keys]:
        raise arg_error("weights", "a column other than the analysed and `by` columns", weights)
    if any(k in columns for k in keys):
        raise arg_error("by", "columns other than the analysed ones", by)
    w = check_weights(data, weights)
    p, c, r = (yes_no(data[col], col) for col in (problem, complained, recovered))
    refuse_inconsistent(data, problem, complained, recovered, p, c, r)
    y, binary = outcome_values(data[outcome], outcome)
    seg, labels = segment_codes(data, keys) if keys else (np.zeros(len(data), np.intp), pd.DataFrame(index=[0]))
    path, reasons = paths(p, c, r)
    use, counts = _usable(seg, path, reasons, y, w)
    if not use.any():
        raise arg_error("data", "at least one customer whose path and outcome are known", f"{len(data)} rows",
                        got="; ".join(f"{n} {why}" for why, n in counts.items() if n))
    ww = np.ones(int(use.sum())) if w is None else w[use]
    sums = path_sums(seg[use], path[use], y[use], ww, len(labels))
    thin = thin_segments(sums, min_n)
    table = _path_table(labels, keys, blank(outcome_by_path(sums, binary, confidence), np.repeat(thin, 4), ("n",)))
    test_table = tests(table, keys, binary, weights is not None, confidence, p_adjust, list(thin))
    table = table.drop(columns=["_sd", "_yes"] + ([] if weights else ["n_eff"])).assign(note=np.repeat(thin, 4))
    funnel_table = pd.concat([labels.reset_index(drop=True),
                              pd.DataFrame(blank(funnel(sums, confidence), thin, COUNTS))], axis=1).assign(note=thin)
    counts[THIN] = int(sums["n"].sum(axis=1)[thin != ""].sum())
    warn_thin(labels, keys, thin, sums, min_n)
    use_n = int(use.sum()) - counts[THIN]
    accounting = pd.DataFrame({"reason": list(counts), "rows": list(counts.values())})
    rows = RowAccount(len(data), use_n, {k: v for k, v in counts.items() if v}, unit="customers")
    return RecoveryResult(table=table, rows=rows, by=tuple(keys), funnel=funnel_table, tests=test_table,
                          accounting=accounting, names=(problem, complained, recovered), outcome_name=outcome,
                          binary=binary, confidence=confidence, weights=weights, p_adjust=p_adjust)


def _distinct(columns: list) -> None:
    seen: dict = {}
    for role, col in zip((*ROLES, "outcome"), columns):
        if col in seen:
            raise arg_error(role, f"a column other than the {seen[col]} column", col)
        seen[col] = role


def _usable(seg, path, reasons: dict, y, w):
    """Rows whose segment, path, outcome (and weight) are there, and the rows left out per reason."""
    left = seg < 0
    counts = {"segment missing": int(left.sum())}
    for why, mask in reasons.items():
        mask = mask & ~left
        counts[why] = int(mask.sum())
        left = left | mask
    no_outcome = ~left & np.isnan(y)
    counts["outcome missing"] = int(no_outcome.sum())
    left |= no_outcome
    zero = ~left & (w == 0) if w is not None else np.zeros(len(y), dtype=bool)
    counts["weight zero"] = int(zero.sum())
    return ~(left | zero), counts


def _path_table(labels: pd.DataFrame, keys: list, stats: dict) -> pd.DataFrame:
    """One row per segment and path, segments in order, paths in ``PATHS`` order."""
    G = len(labels)
    frame = labels.loc[labels.index.repeat(4)].reset_index(drop=True) if keys else pd.DataFrame(index=range(4))
    frame["path"] = np.tile(PATHS, G)
    return pd.concat([frame, pd.DataFrame(stats)], axis=1)
