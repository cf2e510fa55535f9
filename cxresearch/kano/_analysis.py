"""Kano statistics from coded responses or count tables: ``analyze`` and ``continuous``.

Every statistic is computed from the count table attribute [x group] x category, so a
published count table can be re-analysed with :func:`analyze`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import (
    as_keys,
    as_numeric,
    bad_values,
    check_argument,
    check_confidence,
    check_count,
    require_columns,
    require_frame,
)
from cxresearch._core.stats import P_ADJUST
from cxresearch._core.warn import warn
from cxresearch.errors import KanoInputError, ThinDataWarning
from cxresearch.kano._count_table import pool_count_table
from cxresearch.kano._counts import counts
from cxresearch.kano._result import KanoResult
from cxresearch.kano._statistics import kano_statistics, segment_test

# DuMouchel (1993) answer scores, indexed by answer code 1..5 (like .. dislike).
FUNCTIONAL_SCORES = np.array([np.nan, 4.0, 2.0, 0.0, -1.0, -2.0])

DYSFUNCTIONAL_SCORES = np.array([np.nan, -2.0, -1.0, 0.0, 2.0, 4.0])


def analyze(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    rule: str = "mode",
    confidence: float = 0.95,
    attribute: str = "attribute",
    category: str = "category",
    importance: str = "importance",
    p_adjust: str = "holm",
    min_n: int = 30,
) -> KanoResult:
    """Kano statistics per attribute (and group), from coded responses or a count table.

    Parameters
    ----------
    data : pandas.DataFrame
        Coded responses (from :func:`code`: columns ``attribute`` and ``category``) or a
        count table with columns ``attribute``, ``A O M I R Q`` (non-negative integers)
        and optionally ``n_missing`` (e.g. transcribed from a paper). Counts must be
        non-negative whole finite numbers; cell totals must fit in int64. A count table
        broken down further than ``by`` (e.g. by year as well) is summed over the extra
        columns, and a cell listed on two rows is summed, each with a warning naming the
        columns or rows; ``result.settings["count table"]`` records what was summed.
    by : str or list of str, optional
        Segment columns. With ``by``, a chi-square test of whether the category
        distribution differs between segments is run per attribute (``result.segment_test``).
    rule : {"mode", "aom"}
        ``"mode"``: the most frequent category, ties broken M > O > A > I > R > Q (Matzler
        et al. 1996). ``"aom"``: if A+O+M > I+R+Q the largest of A, O, M, else the largest
        of I, R, Q.
    confidence : float
        Level of the Wilson intervals.
    attribute, category, importance : str
        Column names; ``importance`` is averaged when present.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the segment-test p-values across attributes.
    min_n : int
        Cells with fewer answers raise a :class:`~cxresearch.errors.ThinDataWarning`.

    Returns
    -------
    KanoResult
        ``result.table`` has one row per attribute [x group] with columns: ``n`` (coded
        answer pairs), ``n_missing``, counts ``A O M I R Q``, shares ``share_A`` ..
        ``share_Q`` (of n), ``category``, ``runner_up``, ``significant`` (Fong's test),
        ``close_to`` (the runner-up where Fong's test finds no difference, else missing),
        ``category_strength``, ``total_strength``, ``better``, ``better_ci_low``,
        ``better_ci_high``, ``worse``, ``worse_ci_low``, ``worse_ci_high`` and
        ``importance_mean`` (when given). ``result.shares`` holds every share with its
        interval (long form), ``result.continuous`` the scores of :func:`continuous`
        (from responses with answer codes).

    See Also
    --------
    counts : the count table behind every statistic.
    service_plan : the management reading of the result.
    cxresearch.dropoff.detect : how the categories move over survey waves.
    cxresearch.satisfaction.penalty_reward : the same factors from ordinary satisfaction ratings.

    Notes
    -----
    * Better = (A+O)/(A+O+M+I), Worse = -(O+M)/(A+O+M+I) (Berger et al. 1993).
    * Intervals: Wilson score intervals for binomial proportions; for Better and Worse
      conditional on the A+O+M+I total. They are computed from the counts, so they are
      exact to reproduce and need no random numbers.
    * Fong (1996): the top two categories (counts a, b) differ when
      ``|a - b| >= 1.65 * sqrt((a + b) * (2n - a - b) / (2n))``.
    * Category strength = share of the category - share of the runner-up; total strength
      = share of A+O+M (Lee & Newcomb 1997).

    References
    ----------
    Fong, D. (1996). Using the self-stated importance questionnaire to interpret Kano
    questionnaire results. Center for Quality Management Journal, 5(3), 21-24.

    Lee, M. C., & Newcomb, J. F. (1997). Applying the Kano methodology to meet customer
    requirements: NASA's microgravity science program. Quality Management Journal, 4(3).

    Matzler, K. et al. (1996). How to delight your customers. Journal of Product & Brand
    Management, 5(2), 6-18.

    Examples
    --------
    A published count table (two attributes, 100 respondents each):

    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> tab = pd.DataFrame({"attribute": ["x", "y"], "A": [10, 45], "O": [20, 10],
    ...                     "M": [55, 5], "I": [15, 40], "R": [0, 0], "Q": [0, 0]})
    >>> res = cx.kano.analyze(tab, min_n=0)
    >>> res.table[["attribute", "category", "close_to", "significant", "better", "worse"]]
      attribute category close_to  significant  better  worse
    0         x        M      NaN         True    0.30  -0.75
    1         y        A        I        False    0.55  -0.15
    """
    data = require_frame(data, error=KanoInputError)
    check_argument("rule", ["mode", "aom"], rule, error=KanoInputError)
    check_confidence(confidence)
    check_argument("p_adjust", P_ADJUST, p_adjust, error=KanoInputError)
    check_count("min_n", min_n, 0, error=KanoInputError)
    groups = as_keys(by)
    keys = [attribute, *groups]
    is_counts = category not in data.columns and all(c in data.columns for c in CATEGORIES)
    imp = cont = None
    pooled = ""
    if is_counts:
        tab, pooled = pool_count_table(data, keys)
        account = RowAccount(len(data), len(data), {}, unit="count rows")
        table_name = "unknown (count table)"
    else:
        tab, account, imp, cont = _from_responses(data, keys, category, importance)
        table_name = data.attrs.get("cxresearch", {}).get("table", "unknown")
    n = tab[list(CATEGORIES)].sum(axis=1)
    empty = n.to_numpy() == 0
    if empty.any():
        names = tab.loc[empty, keys].astype(str).agg(" / ".join, axis=1).tolist()
        raise KanoInputError(
            f"No valid (coded) answer for {names[:6]}: every answer pair there has a missing "
            "answer. Check the column pairing, or drop these attributes."
        )
    thin = (n < min_n).to_numpy()
    if thin.any():
        names = tab.loc[thin, keys].astype(str).agg(" / ".join, axis=1).tolist()
        warn(f"{int(thin.sum())} cell(s) with fewer than {min_n} coded answers: {names[:6]}"
             f"{' ...' if len(names) > 6 else ''}. Shares and intervals there are unstable.", ThinDataWarning)
    table, shares = kano_statistics(tab, keys, rule=rule, confidence=confidence)
    if imp is not None:
        table = table.merge(imp, on=keys, how="left")
    seg = segment_test(tab, attribute, groups, p_adjust) if groups else None
    return KanoResult(
        table=table, shares=shares, segment_test=seg, continuous=cont, by=tuple(groups),
        rule=rule, confidence=confidence, evaluation_table=table_name, rows=account, count_table=pooled,
    )


def _from_responses(data: pd.DataFrame, keys: list, category: str, importance: str):
    """Count table, row accounting, importance means and continuous scores of coded responses."""
    attribute, groups = keys[0], keys[1:]
    tab = counts(data, by=groups or None, attribute=attribute, category=category)
    n_missing = int(tab["n_missing"].sum())
    n_nokey = len(data) - int(tab[[*CATEGORIES, "n_missing"]].to_numpy().sum())
    excluded = {}
    if n_missing:
        excluded["missing category (an answer missing)"] = n_missing
    if n_nokey:
        excluded[f"missing {', '.join(map(str, groups))}"] = n_nokey
    account = RowAccount(len(data), len(data) - n_missing - n_nokey, excluded, unit="answer pairs")
    imp = cont = None
    if importance in data.columns:
        values = as_numeric(data[importance], importance, error=KanoInputError)
        imp = (data[keys].reset_index(drop=True).assign(importance_mean=values)
               .groupby(keys, sort=True, observed=True)["importance_mean"].mean().reset_index())
    if {"functional", "dysfunctional"} <= set(data.columns):
        cont = continuous(data, by=groups or None, attribute=attribute, importance=importance)
    return tab, account, imp, cont


def continuous(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    attribute: str = "attribute",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    importance: str = "importance",
) -> pd.DataFrame:
    """Functional and dysfunctional mean scores (DuMouchel 1993), per attribute and group.

    Parameters
    ----------
    data : pandas.DataFrame
        Coded responses from :func:`code` (answer codes 1-5 in ``functional`` and
        ``dysfunctional``).
    by : str or list of str, optional
        Grouping columns.
    attribute, functional, dysfunctional, importance : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        ``attribute``, the ``by`` columns, ``n`` (pairs with both answers),
        ``functional_mean``, ``functional_sd``, ``dysfunctional_mean``,
        ``dysfunctional_sd`` and ``importance_mean`` (when given).

    See Also
    --------
    code : makes the coded responses with answer codes.
    analyze : the category statistics; reports these scores in ``result.continuous``.

    Notes
    -----
    Functional answers score like 4, must-be 2, neutral 0, live-with -1, dislike -2;
    dysfunctional answers like -2, must-be -1, neutral 0, live-with 2, dislike 4
    (DuMouchel 1993, as used by Berger et al. 1993). Standard deviations use n - 1.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> resp = pd.DataFrame({"attribute": ["x", "x"], "functional": [1, 2], "dysfunctional": [5, 3]})
    >>> cx.kano.continuous(resp)[["attribute", "n", "functional_mean", "dysfunctional_mean"]]
      attribute  n  functional_mean  dysfunctional_mean
    0         x  2              3.0                 2.0
    """
    data = require_frame(data, error=KanoInputError)
    keys = [attribute, *as_keys(by)]
    require_columns(data, [*keys, functional, dysfunctional], "column", error=KanoInputError)
    scores = {}
    both = np.ones(len(data), dtype=bool)
    for col, lut in ((functional, FUNCTIONAL_SCORES), (dysfunctional, DYSFUNCTIONAL_SCORES)):
        codes = as_numeric(data[col], col, error=KanoInputError)
        bad = ~np.isnan(codes) & ~np.isin(codes, [1, 2, 3, 4, 5])
        if bad.any():
            raise bad_values(col, data[col], bad, "answer codes 1-5", error=KanoInputError)
        both &= ~np.isnan(codes)
        scores[col] = np.where(np.isnan(codes), np.nan, lut[np.nan_to_num(codes).astype(int)])
    frame = data[keys].reset_index(drop=True)
    frame["functional"] = np.where(both, scores[functional], np.nan)
    frame["dysfunctional"] = np.where(both, scores[dysfunctional], np.nan)
    if importance in data.columns:
        frame["importance"] = as_numeric(data[importance], importance, error=KanoInputError)
    g = frame.groupby(keys, sort=True, observed=True)
    out = g["functional"].count().rename("n").reset_index()
    for side in ("functional", "dysfunctional"):
        out[f"{side}_mean"] = g[side].mean().to_numpy()
        out[f"{side}_sd"] = g[side].std(ddof=1).to_numpy()
    if "importance" in frame:
        out["importance_mean"] = g["importance"].mean().to_numpy()
    return out
