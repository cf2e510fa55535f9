"""Coding Kano answers: ``evaluate`` (answer pairs -> categories) and ``code`` (an export -> long coded responses)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, bad_values, require_columns, require_frame
from cxresearch.errors import KanoInputError
from cxresearch.kano._labels import answer_codes, scales_for_sides
from cxresearch.kano._shapes import Pair, find_pairs, strip_qualtrics_rows
from cxresearch.kano._tables import evaluate_codes, evaluation_table, recode_numeric_for_table, to_categorical


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

    See Also
    --------
    code : codes a whole survey export into long responses.
    evaluation_table : the tables that map answer pairs to categories.
    resolve_scale : which answer labels are accepted.
    cxresearch.simulate.answer_pairs : draws answer pairs that code to given categories.

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
        raise arg_error("dysfunctional", f"as long as `functional` ({len(functional)} answers)", dysfunctional,
                        got=f"{len(dysfunctional)} answers", error=KanoInputError)
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

    See Also
    --------
    evaluate : classifies answer pairs element by element.
    counts : counts the coded responses per attribute and group.
    analyze : Kano statistics from the coded responses.
    cxresearch.simulate.to_wide : a simulated wide export to code.

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
    data = require_frame(data, error=KanoInputError)
    tab = evaluation_table(table)
    f_scale, d_scale = scales_for_sides(scale)
    long = pairs is None and all(c in data.columns for c in (attribute, functional, dysfunctional))
    header_rows = 0
    if long:
        frame, keys = _long_frame(data, attribute, functional, dysfunctional, importance, id_vars)
    else:
        data, texts, header_rows = strip_qualtrics_rows(data)
        data = require_frame(data, error=KanoInputError)
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
