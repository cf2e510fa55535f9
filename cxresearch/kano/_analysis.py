"""Kano statistics from coded responses or count tables (weighted or not): ``analyze``.

Every statistic is computed from the count table attribute [x group] x category, so a
published count table can be re-analysed with :func:`analyze`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES, category_codes
from cxresearch._core.checks import (
    arg_error,
    as_keys,
    check_argument,
    check_confidence,
    check_count,
    require_frame,
)
from cxresearch._core.counting import SUMW2
from cxresearch._core.hints import require_coded
from cxresearch._core.engine import reduce_responses
from cxresearch._core.stats import P_ADJUST
from cxresearch._core.warn import warn
from cxresearch._core.weights import check_weights, kish_n_eff
from cxresearch.errors import InputWarning, KanoInputError, ThinDataWarning
from cxresearch.kano._continuous import importance_means, scores_table
from cxresearch._core.count_table import refuse_partial_counts
from cxresearch.kano._count_table import pool_count_table
from cxresearch.kano._counts import response_groups, tally
from cxresearch.kano._result import KanoResult
from cxresearch.kano._statistics import kano_statistics, segment_test
from cxresearch._core.params import Frame, Name, Options, declared


@declared(error=KanoInputError, data=Frame(), rule=Options("mode", "aom"), importance=[None, Name()])
def analyze(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    weights: str | None = None,
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
    data : pandas.DataFrame or a frame of another engine
        Coded responses of another engine (Polars, PyArrow, DuckDB, Dask, PySpark) are
        counted inside it by :func:`counts` and only the count table comes back (importance
        means and continuous scores need pandas rows). Otherwise:
        Coded responses (from :func:`code`: columns ``attribute`` and ``category``) or a
        count table with columns ``attribute``, ``A O M I R Q`` (non-negative integers)
        and optionally ``n_missing`` (e.g. transcribed from a paper), or a weighted count
        table from ``counts(..., weights=)`` (recognised by ``sumw2_A``: sums of weights
        in ``A`` .. ``Q``, sums of squared weights in ``sumw2_A`` .. ``sumw2_Q``, and
        ``n_raw``). Counts must be non-negative whole finite numbers; cell totals must fit
        in int64. A count table broken down further than ``by`` (e.g. by year as well) is
        summed over the extra columns, and a cell listed on two rows is summed, each with
        a warning naming the columns or rows; ``result.settings["count table"]`` records
        what was summed.
    by : str or list of str, optional
        Segment columns. With ``by``, a chi-square test of whether the category
        distribution differs between segments is run per attribute (``result.tests``).
    weights : str, optional
        Column of survey (sampling) weights of coded responses (non-negative finite
        numbers, refused by name otherwise; a weight of 0 leaves the answer out). A count
        table carries its weights in its sums instead.
    rule : {"mode", "aom"}
        ``"mode"``: the most frequent category, ties broken M > O > A > I > R > Q (Matzler
        et al. 1996). ``"aom"``: if A+O+M > I+R+Q the largest of A, O, M, else the largest
        of I, R, Q.
    confidence : float
        Level of the Wilson intervals.
    attribute, category, importance : str
        Column names; ``importance`` is averaged (weighted) when present.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the segment-test p-values across attributes.
    min_n : int
        Cells with fewer answers raise a :class:`~cxresearch.errors.ThinDataWarning`
        (weighted: cells whose Kish n_eff is below ``min_n``).

    Returns
    -------
    KanoResult
        ``result.table`` has one row per attribute [x group] with columns: ``n`` (coded
        answer pairs; weighted: the sum of their weights), ``n_raw`` and ``n_eff``
        (weighted only: coded answer pairs with a positive weight, and Kish's effective
        sample size), ``n_missing``, counts ``A O M I R Q`` (weighted: sums of weights),
        shares ``share_A`` .. ``share_Q`` (of n), ``category``, ``runner_up``,
        ``significant`` (Fong's test), ``close_to`` (the runner-up where Fong's test finds
        no difference, else missing), ``category_strength``, ``total_strength``,
        ``better``, ``better_ci_low``, ``better_ci_high``, ``worse``, ``worse_ci_low``,
        ``worse_ci_high`` and ``importance_mean`` (when given). ``result.shares`` holds
        every share with its interval (long form; weighted with ``n_eff``),
        ``result.continuous`` the scores of :func:`continuous` (from responses with answer
        codes).

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
    * **Survey weights** are sampling weights (quota, rim): counts become sums of weights
      and every share a weighted share p_w. Intervals and tests use Kish's (1965)
      effective sample size ``n_eff = (sum w)**2 / sum w**2`` of the categories involved:
      a share's Wilson interval takes ``x = p_w * n_eff`` successes out of ``n_eff``, with
      n_eff of the cell (all six categories); Better and Worse use n_eff of A+O+M+I.
      Fong's test takes ``a = p_a * n_eff``, ``b = p_b * n_eff`` and ``n = n_eff``. The
      segment test is run on effective counts (each segment's weighted shares times its
      n_eff): a first-order Rao-Scott-type correction that divides each segment's
      contribution by its Kish design effect. R's ``survey`` 4.5 (``svyciprop(method =
      "wilson")``) offers Wilson intervals on a design-based n_eff instead; Kish's needs no
      design information beyond the weights. Integer weights give exactly the point
      estimates (shares, Better, Worse, strengths, category) of the rows replicated; the
      intervals are wider on purpose (not frequency weights). All-equal weights give the
      unweighted result.

    References
    ----------
    Fong, D. (1996). Using the self-stated importance questionnaire to interpret Kano
    questionnaire results. Center for Quality Management Journal, 5(3), 21-24.

    Kish, L. (1965). Survey Sampling. Wiley.

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

    Weighted responses, by hand: weights w = (1, 1, 2, 2, .5, .5, 3, 1, 1, 2) on answers
    A (y = 1) or I (y = 0), y = (1, 0, 1, 1, 0, 1, 0, 1, 0, 1). Better is the weighted
    share p_w = 8.5 / 14 = 0.6071429, n_eff = 14**2 / 25.5 = 7.6862745, and the Wilson
    interval of x = p_w * n_eff out of n_eff is [0.2872587, 0.8556192]:

    >>> y = [1, 0, 1, 1, 0, 1, 0, 1, 0, 1]
    >>> resp = pd.DataFrame({"attribute": "x", "category": ["A" if v else "I" for v in y],
    ...                      "w": [1, 1, 2, 2, .5, .5, 3, 1, 1, 2]})
    >>> row = cx.kano.analyze(resp, weights="w", min_n=0).table.iloc[0]
    >>> [round(float(row[c]), 7) for c in ("better", "n_eff", "better_ci_low", "better_ci_high")]
    [0.6071429, 7.6862745, 0.2872587, 0.8556192]
    """
    data, engine_rows = reduce_responses(data, [attribute, *as_keys(by)], category, weights, error=KanoInputError)
    column, weights = (weights, None) if engine_rows else (None, weights)
    data = require_frame(data, error=KanoInputError)
    check_argument("rule", ["mode", "aom"], rule, error=KanoInputError)
    check_confidence(confidence)
    check_argument("p_adjust", P_ADJUST, p_adjust, error=KanoInputError)
    check_count("min_n", min_n, 0, error=KanoInputError)
    groups = as_keys(by)
    keys = [attribute, *groups]
    is_counts = category not in data.columns and all(c in data.columns for c in CATEGORIES)
    refuse_partial_counts(data, category, KanoInputError)
    imp = cont = None
    pooled = ""
    if is_counts:
        if weights is not None:
            raise arg_error("weights", "None for a count table", weights, error=KanoInputError,
                            hint="A count table carries its weights in its sums: make it with "
                                 "cx.kano.counts(responses, weights=...) and pass that table.")
        tab, pooled = pool_count_table(data, keys)
        account = RowAccount(**engine_rows) if engine_rows else RowAccount(len(data), len(data), {}, unit="count rows")
        table_name = "unknown (count table)"
    else:
        tab, account, imp, cont = _from_responses(data, keys, category, importance, weights)
        table_name = data.attrs.get("cxresearch", {}).get("table", "unknown")
    weighted = "sumw2_A" in tab.columns
    _check_cells(tab, keys, min_n, weighted)
    table, shares = kano_statistics(tab, keys, rule=rule, confidence=confidence)
    if imp is not None:
        table = table.merge(imp, on=keys, how="left")
    seg = segment_test(tab, attribute, groups, p_adjust) if groups else None
    column = weights if weights is not None else column
    weighting = (f"column {column!r}" if column is not None else "weighted count table") if weighted else ""
    return KanoResult(
        table=table, shares=shares, tests=seg, continuous=cont, by=tuple(groups),
        rule=rule, confidence=confidence, evaluation_table=table_name, rows=account, count_table=pooled,
        weights=weighting,
    )


def _check_cells(tab: pd.DataFrame, keys: list, min_n: int, weighted: bool) -> None:
    """Refuse cells without a coded answer; warn about thin cells (on Kish n_eff when weighted)."""
    n = tab[list(CATEGORIES)].to_numpy(dtype=float).sum(axis=1)
    empty = n == 0
    if empty.any():
        names = tab.loc[empty, keys].astype(str).agg(" / ".join, axis=1).tolist()
        raise KanoInputError(
            f"No valid (coded) answer for {names[:6]}: every answer pair there has a missing "
            f"answer{' or a zero weight' if weighted else ''}. Check the column pairing, or drop these attributes."
        )
    needs = tab[["A", "O", "M", "I"]].to_numpy(dtype=float).sum(axis=1) == 0
    if needs.any():
        names = tab.loc[needs, keys].astype(str).agg(" / ".join, axis=1).tolist()
        warn(f"No A, O, M or I answer for {names[:6]}{' ...' if len(names) > 6 else ''}: every coded answer there "
             "is R or Q, so Better and Worse are undefined (missing in the table) and the attribute cannot be read as "
             "a need. Many Q answers mean the question pair was misread: check its wording and the column pairing.",
             InputWarning)
    size = kish_n_eff(n, tab[list(SUMW2)].to_numpy(dtype=float).sum(axis=1)) if weighted else n
    thin = size < min_n
    if thin.any():
        names = tab.loc[thin, keys].astype(str).agg(" / ".join, axis=1).tolist()
        what = f"a Kish effective sample size below {min_n}" if weighted else f"fewer than {min_n} coded answers"
        warn(f"{int(thin.sum())} cell(s) with {what}: {names[:6]}"
             f"{' ...' if len(names) > 6 else ''}. Shares and intervals there are unstable.", ThinDataWarning)


def _from_responses(data: pd.DataFrame, keys: list, category: str, importance: str, weights):
    """Count table, row accounting, importance means and continuous scores of coded responses."""
    require_coded(data, [*keys, category], coded=[keys[0], category], error=KanoInputError)
    w = check_weights(data, weights, error=KanoInputError)
    cells = response_groups(data, keys)
    tab = tally(cells, category_codes(data[category], category), w)
    excluded = {}
    n_missing = int(tab["n_missing"].sum())
    if n_missing:
        excluded["missing category (an answer missing)"] = n_missing
    excluded.update(tab.attrs["cxresearch"]["rows"]["excluded"])
    account = RowAccount(len(data), len(data) - sum(excluded.values()), excluded, unit="answer pairs")
    imp = cont = None
    if importance in data.columns:
        imp = cells.keys.assign(importance_mean=importance_means(data, cells, w, importance))
    if {"functional", "dysfunctional"} <= set(data.columns):
        cont = scores_table(data, cells, w, "functional", "dysfunctional", importance)
    return tab, account, imp, cont
