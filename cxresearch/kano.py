"""Kano questionnaire coding and analysis.

From functional / dysfunctional answer pairs to the statistics researchers publish:
``evaluate`` (answer pairs -> A O M I R Q), ``code`` (a survey export -> long coded
responses), ``counts`` (the sufficient statistics), ``analyze`` (shares, category with
Fong's test, strengths, Better / Worse with intervals, segment comparison),
``continuous`` (DuMouchel's functional / dysfunctional scores) and ``service_plan``
(tiered service standards and commitments).

Categories: A attractive, O one-dimensional, M must-be, I indifferent, R reverse,
Q questionable. Every statistic is computed from the count table, so a published
count table can be re-analysed with :func:`analyze`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._answers import (
    CATEGORIES,
    CATEGORY_DTYPE,
    EvaluationTable,
    answer_codes,
    answer_labels,
    evaluate_codes,
    evaluation_table,
    recode_numeric_for_table,
    resolve_scale,
    scales_for_sides,
    to_categorical,
)
from cxresearch._kano_result import KanoResult, kano_statistics, segment_test
from cxresearch._shapes import Pair, find_pairs, strip_qualtrics_rows
from cxresearch._validate import (
    RowAccount,
    as_numeric,
    bad_values,
    check_argument,
    require_columns,
    require_frame,
)
from cxresearch.errors import KanoInputError, ThinDataWarning

__all__ = [
    "CATEGORIES",
    "CATEGORY_DTYPE",
    "EvaluationTable",
    "KanoResult",
    "analyze",
    "answer_labels",
    "code",
    "continuous",
    "counts",
    "evaluate",
    "evaluation_table",
    "resolve_scale",
    "service_plan",
]

# DuMouchel (1993) answer scores, indexed by answer code 1..5 (like .. dislike).
FUNCTIONAL_SCORES = np.array([np.nan, 4.0, 2.0, 0.0, -1.0, -2.0])
DYSFUNCTIONAL_SCORES = np.array([np.nan, -2.0, -1.0, 0.0, 2.0, 4.0])


def evaluate(functional: Any, dysfunctional: Any, scale: Any = None, table: Any = "standard"):
    """Classify answer pairs into Kano categories, element by element.

    Parameters
    ----------
    functional, dysfunctional : array-like or Series
        Answers to the functional ("if the product has ...") and dysfunctional ("if it
        does not have ...") questions: labels in any supported wording, numbers 1-5
        (1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike), or missing values.
    scale : None, str, mapping or list, optional
        Which labels are accepted (see :func:`resolve_scale`); None accepts every
        built-in wording and the numbers 1-5. ``{"functional": s1, "dysfunctional": s2}``
        sets each side apart.
    table : {"standard", "pouliot", "short3"}, 5x5 grid or EvaluationTable
        The evaluation table (see :func:`evaluation_table`).

    Returns
    -------
    pandas.Series or pandas.Categorical
        Ordered categorical with categories A < O < M < I < R < Q; a Series with the
        input's index when ``functional`` is a Series. A missing answer on either side
        gives a missing category (never Q).

    Raises
    ------
    KanoInputError
        An unknown label (listed with its row count and positions) or inputs of
        different lengths.

    Notes
    -----
    The lookup is one vectorised index into the 6x6 table (5 answers plus missing);
    labels are normalised once per distinct label. Standard table (Kano et al. 1984;
    Berger et al. 1993): functional like with dysfunctional dislike is O, like with
    must-be/neutral/live-with is A, must-be/neutral/live-with with dislike is M,
    like/like and dislike/dislike are Q, dysfunctional like or functional dislike is R,
    the rest I.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality.
    Center for Quality Management Journal, 2(4), 3-36.

    Examples
    --------
    >>> import cxresearch as cx
    >>> list(cx.kano.evaluate(["I like it", "I expect it", 3], ["I dislike it", "I dislike it", 3]))
    ['O', 'M', 'I']
    >>> list(cx.kano.evaluate(["like"], [None]))
    [nan]
    """
    if len(functional) != len(dysfunctional):
        raise KanoInputError(
            f"`functional` has {len(functional)} answers but `dysfunctional` has {len(dysfunctional)}."
        )
    tab = evaluation_table(table)
    f_scale, d_scale = scales_for_sides(scale)
    f = recode_numeric_for_table(answer_codes(functional, f_scale, "functional"), functional, tab)
    d = recode_numeric_for_table(answer_codes(dysfunctional, d_scale, "dysfunctional"), dysfunctional, tab)
    cats = to_categorical(evaluate_codes(f, d, tab))
    if isinstance(functional, pd.Series):
        return pd.Series(cats, index=functional.index, name="category")
    return cats


def code(
    data: pd.DataFrame,
    *,
    pairs: Mapping[str, Sequence[str]] | None = None,
    id_vars: Sequence[str] | None = None,
    scale: Any = None,
    table: Any = "standard",
    attribute: str = "attribute",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    importance: str | None = "importance",
    max_questionable: int | None = None,
) -> pd.DataFrame:
    """Code a Kano survey export into long coded responses.

    Parameters
    ----------
    data : pandas.DataFrame
        The export, in one of these shapes:

        * long: one row per respondent and attribute, with columns ``attribute``,
          ``functional``, ``dysfunctional`` (and optionally ``importance``);
        * wide, one functional and one dysfunctional column per attribute, paired by
          suffix (``_functional``/``_dysfunctional``, ``_func``/``_dysf``, ``_fun``/``_dys``,
          ``_f``/``_d``, either order) or by ``pairs``; ``X_importance`` columns are read
          as the self-stated importance of X;
        * a Google Forms grid (``question [feature]`` headers) or a Qualtrics CSV export
          read with ``pd.read_csv`` (its question-text and ImportId rows are removed).
    pairs : mapping, optional
        ``{attribute: (functional_column, dysfunctional_column[, importance_column])}``.
    id_vars : sequence of str, optional
        Columns to keep (respondent, segment, wave, ...). Default: every column that is
        not an answer or importance column. A ``respondent`` column holding the row
        position is added when the data have none.
    scale, table
        Accepted labels and evaluation table, as in :func:`evaluate`.
    attribute, functional, dysfunctional, importance : str
        Column names of the long shape.
    max_questionable : int, optional
        Drop respondents with more than this many Q answers (reported, never silent).

    Returns
    -------
    pandas.DataFrame
        One row per respondent and attribute: the id columns, ``attribute``
        (categorical, in questionnaire order), ``functional`` and ``dysfunctional``
        (answer codes 1-5, nullable), ``category`` (ordered categorical A < O < M < I < R
        < Q, missing where an answer is missing) and ``importance`` (float) when given.
        ``result.attrs["cxresearch"]`` holds the row accounting of the coding step
        (respondents in, dropped and why; answer pairs coded and missing), the scale and
        the evaluation table used.

    Raises
    ------
    KanoInputError
        Unknown labels, a functional column without its dysfunctional twin, missing
        columns, an empty frame, an importance that is not a number.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> survey = pd.DataFrame({
    ...     "id": [1, 2],
    ...     "wifi_f": ["I like it", "I expect it"],
    ...     "wifi_d": ["I'm neutral", "I dislike it"],
    ... })
    >>> resp = cx.kano.code(survey)
    >>> resp[["id", "attribute", "category"]]
       id attribute category
    0   1      wifi        A
    1   2      wifi        M
    >>> resp.attrs["cxresearch"]["rows"]["n_used"]
    2
    """
    require_frame(data, error=KanoInputError)
    tab = evaluation_table(table)
    f_scale, d_scale = scales_for_sides(scale)
    long = pairs is None and all(c in data.columns for c in (attribute, functional, dysfunctional))
    header_rows = 0
    if long:
        frame, keys = _long_frame(data, attribute, functional, dysfunctional, importance, id_vars)
    else:
        data, texts, header_rows = strip_qualtrics_rows(data)
        require_frame(data, error=KanoInputError)
        found = find_pairs(data, pairs, texts)
        frame, keys = _wide_to_long(data, found, id_vars)
    f = recode_numeric_for_table(answer_codes(frame["functional"], f_scale, "functional"),
                                 frame["functional"], tab)
    d = recode_numeric_for_table(answer_codes(frame["dysfunctional"], d_scale, "dysfunctional"),
                                 frame["dysfunctional"], tab)
    cat = evaluate_codes(f, d, tab)
    frame["functional"] = pd.array(np.where(f > 0, f, np.nan), dtype="Int8")
    frame["dysfunctional"] = pd.array(np.where(d > 0, d, np.nan), dtype="Int8")
    frame["category"] = to_categorical(cat)
    if "importance" in frame:
        frame["importance"] = _importance_numbers(frame["importance"])
    n_resp = int(frame["_row"].max()) + 1 if len(frame) else 0
    excluded: dict[str, int] = {}
    dropped = 0
    if max_questionable is not None:
        n_q = np.bincount(frame["_row"].to_numpy(), weights=(cat == 5), minlength=n_resp)
        drop_rows = np.flatnonzero(n_q > max_questionable)
        dropped = len(drop_rows)
        if dropped:
            keep = ~np.isin(frame["_row"].to_numpy(), drop_rows)
            excluded[f"answer pairs of {dropped} respondent(s) with more than {max_questionable} "
                     "Q answers"] = int((~keep).sum())
            frame = frame.loc[keep].reset_index(drop=True)
    n_missing = int(frame["category"].isna().sum())
    if n_missing:
        excluded["answer pairs with a missing answer (kept, category missing)"] = n_missing
    n_pairs = len(frame) + sum(v for k, v in excluded.items() if "kept" not in k)
    account = RowAccount(n_pairs, len(frame) - n_missing, excluded, unit="answer pairs")
    frame = frame.drop(columns="_row")
    frame.attrs["cxresearch"] = {
        "rows": account.to_dict(),
        "respondents_in": n_resp,
        "respondents_dropped": dropped,
        "header_rows_removed": header_rows,
        "scale": f_scale.name if f_scale == d_scale else f"{f_scale.name}/{d_scale.name}",
        "table": tab.name,
        "keys": keys,
    }
    return frame


def _long_frame(data, attribute, functional, dysfunctional, importance, id_vars):
    cols = [attribute, functional, dysfunctional]
    ids = list(id_vars) if id_vars is not None else [
        c for c in data.columns if c not in cols and c != importance]
    require_columns(data, ids, "id column", error=KanoInputError)
    if data[attribute].isna().any():
        raise bad_values(attribute, data[attribute], data[attribute].isna(), "attribute names",
                         error=KanoInputError)
    out = data[ids].reset_index(drop=True)
    if "respondent" not in out.columns:
        out.insert(0, "respondent", np.arange(len(data)))
    order = pd.unique(data[attribute])
    out["attribute"] = pd.Categorical(data[attribute].to_numpy(), categories=order)
    out["functional"] = data[functional].to_numpy()
    out["dysfunctional"] = data[dysfunctional].to_numpy()
    if importance is not None and importance in data.columns:
        out["importance"] = data[importance].to_numpy()
    # in long data a "respondent" is a row: row accounting counts pairs
    out["_row"] = np.arange(len(data))
    return out, [c for c in out.columns if c not in ("functional", "dysfunctional", "importance", "_row")]


def _wide_to_long(data: pd.DataFrame, found: list[Pair], id_vars):
    used = {c for p in found for c in (p.functional, p.dysfunctional, p.importance) if c}
    require_columns(data, sorted(used, key=str), "answer column", error=KanoInputError)
    ids = list(id_vars) if id_vars is not None else [c for c in data.columns if c not in used]
    require_columns(data, ids, "id column", error=KanoInputError)
    n, k = len(data), len(found)
    rows = np.tile(np.arange(n), k)
    out = data[ids].iloc[rows].reset_index(drop=True) if ids else pd.DataFrame(index=range(n * k))
    if "respondent" not in out.columns:
        out.insert(0, "respondent", rows)
    out["attribute"] = pd.Categorical.from_codes(
        np.repeat(np.arange(k), n), categories=pd.Index([p.attribute for p in found]))
    for side in ("functional", "dysfunctional"):
        out[side] = _stack([data[getattr(p, side)] for p in found])
    if any(p.importance for p in found):
        out["importance"] = _stack(
            [data[p.importance] if p.importance else pd.Series(np.nan, index=data.index) for p in found])
    out["_row"] = rows
    return out, [c for c in out.columns if c not in ("functional", "dysfunctional", "importance", "_row")]


def _stack(columns: list[pd.Series]) -> pd.Series:
    """Stack answer columns; categorical codes keep 10^7 answers cheap to code."""
    if all(pd.api.types.is_numeric_dtype(c.dtype) for c in columns):
        return pd.Series(np.concatenate([c.to_numpy(dtype=float, na_value=np.nan) for c in columns]))
    cats = [pd.Categorical(c) for c in columns]
    return pd.Series(pd.api.types.union_categoricals(cats, ignore_order=True))


def _importance_numbers(values: pd.Series) -> np.ndarray:
    """Self-stated importance: numbers, or labels such as '9 - Extremely important' read by number."""
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    text = values.astype("string")
    lead = text.str.extract(r"^\s*([-+]?\d+(?:\.\d+)?)", expand=False)
    bad = lead.isna().to_numpy() & values.notna().to_numpy()
    if bad.any():
        raise bad_values("importance", values, bad, "numbers or labels starting with a number "
                         "(e.g. '9 - Extremely important')", error=KanoInputError)
    return lead.astype(float).to_numpy(dtype=float, na_value=np.nan)


def _category_codes(values: pd.Series, column: str) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == list(CATEGORIES):
        return values.cat.codes.to_numpy()
    idx, uniques = pd.factorize(values, use_na_sentinel=True)
    lut = np.array([CATEGORIES.index(str(u).strip().upper()) if str(u).strip().upper() in CATEGORIES
                    else -2 for u in uniques] + [-1], dtype=np.int8)
    out = lut[idx]
    if (out == -2).any():
        raise bad_values(column, values, out == -2, "Kano categories (A, O, M, I, R, Q)",
                         hint="Code answer pairs first with cx.kano.code or cx.kano.evaluate.",
                         error=KanoInputError)
    return out


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def counts(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    attribute: str = "attribute",
    category: str = "category",
) -> pd.DataFrame:
    """Count A, O, M, I, R, Q per attribute (and group): the sufficient statistics.

    Parameters
    ----------
    data : pandas.DataFrame
        Coded responses (long), e.g. from :func:`code`.
    by : str or list of str, optional
        Grouping columns (segment, wave, ...).
    attribute, category : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Columns ``attribute``, the ``by`` columns, ``A O M I R Q`` (int64) and
        ``n_missing`` (answer pairs with a missing category). Rows whose ``by`` value is
        missing are not counted; their number is in ``result.attrs["cxresearch"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> resp = pd.DataFrame({"attribute": ["x", "x", "x", "y"], "category": ["A", "A", "M", None]})
    >>> cx.kano.counts(resp)
      attribute  A  O  M  I  R  Q  n_missing
    0         x  2  0  1  0  0  0          0
    1         y  0  0  0  0  0  0          1
    """
    require_frame(data, error=KanoInputError)
    keys = [attribute, *_as_list(by)]
    require_columns(data, [*keys, category], "column", error=KanoInputError)
    if data[attribute].isna().any():
        raise bad_values(attribute, data[attribute], data[attribute].isna(), "attribute names",
                         error=KanoInputError)
    cat = _category_codes(data[category], category)
    missing_key = np.zeros(len(data), dtype=bool)
    for b in keys[1:]:
        missing_key |= data[b].isna().to_numpy()
    frame = data.loc[~missing_key, keys] if missing_key.any() else data[keys]
    cat = cat[~missing_key]
    grouped = frame.groupby(keys, sort=True, observed=True)
    ids = grouped.ngroup().to_numpy()
    n_groups = grouped.ngroups
    tally = np.bincount(ids * 7 + (cat.astype(np.int64) + 1), minlength=7 * n_groups).reshape(n_groups, 7)
    out = grouped.size().reset_index()[keys]
    for j, c in enumerate(CATEGORIES):
        out[c] = tally[:, j + 1].astype(np.int64)
    out["n_missing"] = tally[:, 0].astype(np.int64)
    out.attrs["cxresearch"] = {"rows": RowAccount(
        len(data), int((~missing_key).sum()),
        {f"missing {', '.join(keys[1:])}": int(missing_key.sum())} if missing_key.any() else {},
    ).to_dict()}
    return out


def _count_table(data: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Validate a count table passed to :func:`analyze`."""
    require_columns(data, keys, "column", error=KanoInputError)
    out = data[keys].reset_index(drop=True)
    for c in [*CATEGORIES, "n_missing"]:
        if c not in data.columns:  # only n_missing may be absent
            out[c] = 0
            continue
        values = data[c].reset_index(drop=True)
        num = pd.to_numeric(values, errors="coerce")
        bad = num.isna() | (num < 0) | (num != np.round(num))
        if bad.any():
            raise bad_values(c, values, bad, "non-negative whole numbers (counts)",
                             error=KanoInputError)
        out[c] = num.astype(np.int64)
    return out


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
        and optionally ``n_missing`` (e.g. transcribed from a paper).
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
    require_frame(data, error=KanoInputError)
    check_argument("rule", ["mode", "aom"], rule, error=KanoInputError)
    if not 0 < confidence < 1:
        raise KanoInputError(f"`confidence` must be between 0 and 1, but {confidence!r} was passed.")
    groups = _as_list(by)
    keys = [attribute, *groups]
    is_counts = category not in data.columns and all(c in data.columns for c in CATEGORIES)
    imp = None
    cont = None
    table_name = "unknown (count table)"
    if is_counts:
        tab = _count_table(data, keys)
        account = RowAccount(len(tab), len(tab), {}, unit="count rows")
    else:
        tab = counts(data, by=groups or None, attribute=attribute, category=category)
        n_missing = int(tab["n_missing"].sum())
        n_nokey = len(data) - int(tab[[*CATEGORIES, "n_missing"]].to_numpy().sum())
        excluded = {}
        if n_missing:
            excluded["missing category (an answer missing)"] = n_missing
        if n_nokey:
            excluded[f"missing {', '.join(groups)}"] = n_nokey
        account = RowAccount(len(data), len(data) - n_missing - n_nokey, excluded, unit="answer pairs")
        if importance in data.columns:
            values = as_numeric(data[importance], importance, error=KanoInputError)
            imp = (data[keys].reset_index(drop=True).assign(importance_mean=values)
                   .groupby(keys, sort=True, observed=True)["importance_mean"].mean().reset_index())
        if {"functional", "dysfunctional"} <= set(data.columns):
            cont = continuous(data, by=groups or None, attribute=attribute, importance=importance)
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
        warnings.warn(
            f"{int(thin.sum())} cell(s) with fewer than {min_n} coded answers: {names[:6]}"
            f"{' ...' if len(names) > 6 else ''}. Shares and intervals there are unstable.",
            ThinDataWarning, stacklevel=2,
        )
    table, shares = kano_statistics(tab, keys, rule=rule, confidence=confidence)
    if imp is not None:
        table = table.merge(imp, on=keys, how="left")
    seg = segment_test(tab, attribute, groups, p_adjust) if groups else None
    return KanoResult(
        table=table, shares=shares, segment_test=seg, continuous=cont, by=tuple(groups),
        rule=rule, confidence=confidence, evaluation_table=table_name, rows=account,
    )


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
    require_frame(data, error=KanoInputError)
    keys = [attribute, *_as_list(by)]
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


_PLAN = {
    "M": ("basic", 1, "explicit, standardised commitment",
          "Guarantee it everywhere and every time; written service standard; first call on resources."),
    "O": ("expected", 2, "moderate commitment",
          "Promise a level and improve it where it pays; more is better."),
    "A": ("surprise", 3, "no commitment",
          "Deliver irregularly and without announcing it, so customers do not come to expect it."),
    "I": ("indifferent", 4, "no commitment", "Candidate for cutting cost; watch it for a rise."),
    "R": ("reverse", 5, "no commitment", "Remove it or make it optional for those who want it."),
    "Q": ("questionable", 6, "none until clarified",
          "Answers contradict each other; check the question wording before acting."),
}


def service_plan(result: KanoResult, controllability: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The management reading of a Kano result: tiered service standards and commitments.

    Parameters
    ----------
    result : KanoResult
        From :func:`analyze`.
    controllability : mapping, optional
        ``{attribute: level}`` with level "high" / "low" or a number in [0, 1] (>= 0.5 is
        high): how far the firm controls delivery. A one-dimensional attribute under high
        control gets a firm commitment, under low control a moderate one.

    Returns
    -------
    pandas.DataFrame
        One row per attribute [x group]: ``category``, ``close_to``, ``tier`` (basic,
        expected, surprise, indifferent, reverse, questionable), ``commitment``,
        ``priority`` (1 = first call on resources), ``advice``.

    Notes
    -----
    Must-be needs are met by firm, standardised promises; one-dimensional ones by a
    promised level; delighters are given without commitment and irregularly, because a
    delighter that is delivered every time becomes expected and drops off to
    one-dimensional and then must-be (Kano 2001). Where Fong's test could not separate
    the category from the runner-up, the advice says so.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> tab = pd.DataFrame({"attribute": ["queue", "sms"], "A": [5, 60], "O": [20, 10],
    ...                     "M": [70, 5], "I": [5, 25], "R": [0, 0], "Q": [0, 0]})
    >>> plan = cx.kano.service_plan(cx.kano.analyze(tab, min_n=0))
    >>> plan[["attribute", "tier", "commitment"]]
      attribute      tier                         commitment
    0     queue     basic  explicit, standardised commitment
    1       sms  surprise                      no commitment
    """
    if not isinstance(result, KanoResult):
        raise KanoInputError(f"`result` must be a KanoResult from cx.kano.analyze, not {type(result).__name__}.")
    keys = ["attribute", *result.by]
    out = result.table[[*keys, "category", "close_to"]].copy()
    plan = out["category"].astype(str).map(_PLAN)
    out["tier"] = [p[0] for p in plan]
    out["commitment"] = [p[2] for p in plan]
    out["priority"] = [p[1] for p in plan]
    out["advice"] = [p[3] for p in plan]
    if controllability:
        unknown = set(controllability) - set(out["attribute"].astype(str))
        if unknown:
            raise KanoInputError(f"`controllability` names unknown attributes: {sorted(unknown)}.")
        for i, row in out.iterrows():
            level = controllability.get(str(row["attribute"]))
            if level is None or row["category"] != "O":
                continue
            high = level >= 0.5 if isinstance(level, (int, float)) else str(level).lower() == "high"
            out.loc[i, "commitment"] = "firm commitment (high controllability)" if high else \
                "moderate commitment (low controllability)"
    close = out["close_to"].notna()
    out.loc[close, "advice"] = out.loc[close, "advice"] + " Borderline with " + \
        out.loc[close, "close_to"].astype(str) + " (Fong's test): confirm with more data."
    return out.reset_index(drop=True)

