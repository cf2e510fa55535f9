"""Coding Kano answers: ``evaluate`` (answer pairs -> categories) and ``code`` (an export -> long coded responses)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, check_count, require_frame, shown
from cxresearch._core.engine_base import engine_name, is_engine_frame
from cxresearch.errors import KanoInputError
from cxresearch.kano._code_dask import code_dask
from cxresearch.kano._code_engine import code_engine
from cxresearch.kano._frames import (
    answer_grid,
    importance_numbers,
    leftover_answers,
    long_frame,
    warn_partial_importance,
    wide_frame,
)
from cxresearch.kano._labels import answer_codes, scales_for_sides
from cxresearch.kano._shapes import find_pairs, is_importance, split_items, strip_qualtrics_rows
from cxresearch.kano._sides import aligned, grid_questions, r_share, refuse_swapped
from cxresearch.kano._wide import coded_wide
from cxresearch.kano._tables import evaluate_codes, evaluation_table, recode_numeric_for_table, to_categorical
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Anything, Boolean, Frame, Integer, Keyed, Name, Names, declared


@renamed_argument("scale", "answer_scale", since="0.3")
@declared(error=KanoInputError, functional=Anything("answers, read by kano.label_codes"),
          dysfunctional=Anything("answers, read by kano.label_codes"),
          answer_scale=Anything("read by kano.resolve_scale"), table=Anything("read by kano.evaluation_table"))
def evaluate(functional: Any, dysfunctional: Any, answer_scale: Any = None, table: Any = "standard"):
    """Classify answer pairs into Kano categories, element by element.

    Parameters
    ----------
    functional, dysfunctional : array-like or Series
        Answers to the functional ("if the product has ...") and dysfunctional ("if it
        does not have ...") questions: labels in any supported wording, numbers 1-5
        (1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike), or missing values.
    answer_scale : None, str, mapping or list, optional
        Which labels are accepted (see :func:`resolve_scale`); None accepts every
        built-in wording and the numbers 1-5. ``{"functional": s1, "dysfunctional": s2}``
        sets each side apart. (Called ``scale`` up to release 0.2, a name the rating
        models use for a rating scale; ``scale=`` still works, with a FutureWarning.)
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
        An unknown label (listed with its row count and positions), inputs of different
        lengths, or two Series whose index labels differ (a few labels present in one and
        not the other are named). Two Series are paired by index label, never by
        position: the same unique labels in another order are aligned.

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
    >>> import pandas as pd
    >>> f = pd.Series(["like", "must-be"], index=["ann", "bob"])
    >>> d = pd.Series(["dislike", "neutral"], index=["bob", "ann"])  # the same people, another order
    >>> cx.kano.evaluate(f, d).to_dict()
    {'ann': 'A', 'bob': 'M'}
    """
    for name, values in (("functional", functional), ("dysfunctional", dysfunctional)):
        if isinstance(values, (str, bytes)) or np.ndim(values) != 1:
            raise arg_error(name, "a one-dimensional sequence of answers", values,
                            got=f"{shown(values)} with {np.ndim(values)} dimension(s)", error=KanoInputError)
    if isinstance(functional, pd.Series) and isinstance(dysfunctional, pd.Series):
        dysfunctional = aligned(functional, dysfunctional)
    if len(functional) != len(dysfunctional):
        raise arg_error("dysfunctional", f"as long as `functional` ({len(functional)} answers)", dysfunctional,
                        got=f"{len(dysfunctional)} answers", error=KanoInputError)
    tab = evaluation_table(table)
    f_scale, d_scale = scales_for_sides(answer_scale)
    f = recode_numeric_for_table(answer_codes(functional, f_scale, "functional"), functional, tab)
    d = recode_numeric_for_table(answer_codes(dysfunctional, d_scale, "dysfunctional"), dysfunctional, tab)
    cats = to_categorical(evaluate_codes(f, d, tab))
    if isinstance(functional, pd.Series):
        return pd.Series(cats, index=functional.index, name="category")
    return cats

@renamed_argument("scale", "answer_scale", since="0.3")
@declared(error=KanoInputError, data=Frame(),
          pairs=[None, Keyed("a dict {attribute: (functional column, dysfunctional column)}")],
          id_vars=[None, Names(non_empty=False)], answer_scale=Anything("read by kano.resolve_scale"),
          table=Anything("read by kano.evaluation_table"), functional=Name(), dysfunctional=Name(),
          importance=[None, Name(), Keyed("a dict of importance labels to numbers")],
          max_questionable=[None, Integer(0)], keep_answers=Boolean())
def code(
    data: pd.DataFrame,
    *,
    pairs: Mapping[str, Sequence[str]] | None = None,
    id_vars: Sequence[str] | None = None,
    answer_scale: Any = None,
    table: Any = "standard",
    attribute: str = "attribute",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    importance: str | Mapping[str, float] | None = "importance",
    respondent: str | None = "respondent",
    max_questionable: int | None = None,
    keep_answers: bool = True,
) -> pd.DataFrame:
    """Code a Kano survey export into long coded responses.

    Parameters
    ----------
    data : pandas.DataFrame
        The export, in one of these shapes:

        * long: one row per respondent and attribute, with columns ``attribute``,
          ``functional``, ``dysfunctional`` (and optionally ``importance`` and
          ``respondent``);
        * wide, one functional and one dysfunctional column per attribute, paired by
          suffix (``_functional``/``_dysfunctional``, ``_func``/``_dysf``, ``_fun``/``_dys``,
          ``_f``/``_d``, either order) or by ``pairs``; ``X_importance`` columns are read
          as the self-stated importance of X;
        * two question grids: Google Forms ``question [feature]`` headers, a Qualtrics CSV
          read with ``pd.read_csv`` (its question-text and ImportId rows are removed; the
          feature follows the last " - ", so features may contain hyphens), or any export
          read with :mod:`cxresearch.io`, whose question texts pair the grids. The
          dysfunctional grid is the question negated more often, in English, Chinese,
          Korean, Japanese, Spanish, Portuguese, French or German ("does not have",
          "without", "unavailable", 不具备, 没有, 缺少, 없으면, なければ, "sin", "sem",
          "n'a pas", "ohne" ...); otherwise the first grid is the functional one. A grid
          pairing whose valid answers are more than half R (at least 10 of them) is refused
          as swapped, since the wrong way round turns A, O and M into R; pass ``pairs=`` to
          take any pairing as given.

        A Polars (eager or lazy), PyArrow, DuckDB, Dask or PySpark frame is coded inside its
        engine (``pip install "cxresearch[engines]"``): the pairs are found from the column
        names, the distinct answer labels are pulled (they are few) and normalised as for
        pandas, then mapped and evaluated in the engine; see Returns. Dask partitions are
        pandas frames: each is coded by the pandas path in the workers (``map_partitions``),
        with ``attribute`` and ``category`` as text; as usual with Dask, an unknown label is
        then refused (with the same error) when the result is computed, e.g. by
        :func:`counts`.
    pairs : mapping, optional
        ``{attribute: (functional_column, dysfunctional_column[, importance_column])}``.
    id_vars : sequence of str, optional
        Columns to keep (respondent, segment, wave, ...). Default: every column that is
        not an answer or importance column. A column that holds answer labels but was not
        paired is an error unless named here: no attribute is carried along unseen.
    answer_scale, table
        Accepted labels and evaluation table, as in :func:`evaluate`.
    attribute, functional, dysfunctional : str
        Column names of the long shape.
    importance : str or mapping, optional
        The importance column of the long shape (default ``"importance"``); or a mapping
        of importance labels to numbers (``{"Very important": 5, ...}``) to read text
        importance in any shape. Numbers and labels starting with a number
        ("9 - Extremely important") are read without one.
    respondent : str or None, default "respondent"
        The column identifying respondents. In long data it is needed for
        ``max_questionable`` (Q answers are counted per respondent) and each respondent x
        attribute must appear once; when absent, each row counts as its own respondent.
        In wide data each row is a respondent: the column is kept (even when ``id_vars``
        leaves it out), and holds the row position when the data have none. None: no
        respondent column is added (in long data each row is then its own respondent),
        which saves 8 bytes per answer pair on a large wide export.
    max_questionable : int, optional
        Drop respondents with more than this many Q answers (reported, never silent).
    keep_answers : bool, default True
        Keep the answer codes (``functional``, ``dysfunctional``). False keeps only the
        category (and importance): 2 bytes per answer pair with ``id_vars=[]`` and
        ``respondent=None``, enough for :func:`counts` and :func:`analyze`, which then
        skip the continuous scores (they need the answer codes).

    Returns
    -------
    pandas.DataFrame
        One row per respondent and attribute: the id columns, ``attribute``
        (categorical, in questionnaire order), ``functional`` and ``dysfunctional``
        (answer codes 1-5, nullable), ``category`` (ordered categorical A < O < M < I < R
        < Q, missing where an answer is missing) and ``importance`` (float) when given.
        ``result.attrs["cxresearch"]`` holds the row accounting of the coding step
        (answer pairs in, used, left out and why), the respondents in and dropped, the
        attributes found, the scale and the evaluation table used.

        For a frame of another engine, a frame of the same engine (lazy stays lazy) with the
        same columns: ``attribute`` and ``category`` as text, the answer codes as numbers.
        It carries no row accounting: for a lazy frame the rows are only known once counted,
        so :func:`counts` reports them (answer pairs in and used, and ``n_missing``, the pairs
        with a missing answer). Not available there: ``max_questionable``, the removal of
        Qualtrics header rows, the check that each respondent answers an attribute once, and
        (for a lazy frame) a ``respondent`` column of row positions when there is none and the
        check of a grid pairing by its answers (the wording still tells the grids apart).

    Raises
    ------
    KanoInputError
        Unknown labels (with the user's columns and row labels, and the closest accepted
        label), unpaired answer columns, a functional column without its dysfunctional
        twin, missing columns, an empty frame, an importance that is not a number,
        a respondent answering one attribute twice, two grids that look swapped (naming
        both questions and the swapped ``pairs=``).

    See Also
    --------
    evaluate : classifies answer pairs element by element.
    counts : counts the coded responses per attribute and group.
    analyze : Kano statistics from the coded responses.
    cxresearch.io.read_survey : reads a survey platform's export with its question texts.
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
    >>> resp.attrs["cxresearch"]["rows"]["n_used"], resp.attrs["cxresearch"]["attributes"]
    (2, ['wifi'])
    """
    if is_engine_frame(data):  # Polars, PyArrow, DuckDB, Dask, PySpark: coded inside the engine
        options = dict(pairs=pairs, id_vars=id_vars, scale=answer_scale, table=table, attribute=attribute,
                       functional=functional, dysfunctional=dysfunctional, importance=importance,
                       respondent=respondent)
        engine_code = partial(code_engine, data, max_questionable=max_questionable, **options)
        if engine_name(data) == "dask" and max_questionable is None:  # pandas partitions: coded in the workers
            public = {k if k != "scale" else "answer_scale": v for k, v in options.items()}
            return _without_answers(code_dask(data, code, **public), keep_answers)
        return _without_answers(engine_code(), keep_answers)
    data = require_frame(data, error=KanoInputError)
    if max_questionable is not None:
        check_count("max_questionable", max_questionable, 0, error=KanoInputError)
    tab = evaluation_table(table)
    scales = scales_for_sides(answer_scale)
    levels = importance if isinstance(importance, Mapping) else None
    imp_col = "importance" if levels is not None else importance
    names = {"attribute": attribute, "functional": functional, "dysfunctional": dysfunctional,
             "importance": imp_col}
    header_rows, by_respondent, locate, questions = 0, True, None, None
    if pairs is None and all(c in data.columns for c in (attribute, functional, dysfunctional)):
        frame, locate, by_respondent = long_frame(data, names, id_vars, respondent)
        if max_questionable is not None and not by_respondent:
            raise arg_error("max_questionable", "used with a respondent column in long data",
                            max_questionable, f"Long data need a {respondent!r} column (or `respondent=` "
                            "naming yours) so that Q answers are counted per respondent.", error=KanoInputError)
    else:
        data, texts, header_rows = strip_qualtrics_rows(data)
        data = require_frame(data, error=KanoInputError)
        grid = answer_grid(data, _grid_metadata(data, texts), scales, is_importance)
        found = find_pairs(data, pairs, texts, grid)
        leftover_answers(data, found, id_vars, scales, grid)
        warn_partial_importance(found)
        frame = coded_wide(data, found, id_vars, respondent, tab, scales, levels, answers=keep_answers,
                           rows=max_questionable is not None)
        if frame is None:  # the general path, whose errors name the user's columns and rows
            frame, locate = wide_frame(data, found, id_vars, respondent)
        if pairs is None:  # paired by question texts: refused when the answers say the grids are swapped
            questions = grid_questions(found, [grid, split_items({c: str(c) for c in data.columns}),
                                               split_items(texts) if texts else None])
    if locate is not None:
        frame = _coded(frame, tab, scales, levels, locate)
    if questions is not None:
        refuse_swapped(*r_share(frame["category"]), questions, found)
    if not keep_answers:
        frame = frame.drop(columns=[c for c in ("functional", "dysfunctional") if c in frame.columns])
    frame, account, n_resp, dropped = _account(frame, max_questionable, len(data))
    attributes = [str(a) for a in frame["attribute"].cat.categories]
    frame.attrs["cxresearch"] = {
        "rows": account.to_dict(),
        "respondents_in": n_resp,
        "respondents_dropped": dropped,
        "attributes": attributes,
        "header_rows_removed": header_rows,
        "scale": scales[0].name if scales[0] == scales[1] else f"{scales[0].name}/{scales[1].name}",
        "table": tab.name,
        "keys": [c for c in frame.columns if c not in ("functional", "dysfunctional", "category", "importance")],
    }
    return frame


def _without_answers(frame: Any, answers: bool) -> Any:
    """An engine's coded frame, without the answer codes unless ``answers``."""
    if answers:
        return frame
    import narwhals.stable.v2 as nw

    return nw.from_native(frame).drop("functional", "dysfunctional").to_native()


def _grid_metadata(data: pd.DataFrame, texts) -> dict | None:
    """(question, item) per column: from a cx.io reader's metadata, else from the export's texts."""
    meta = data.attrs.get("cxresearch", {}) if isinstance(data.attrs, dict) else {}
    grid = meta.get("grid")
    if grid:
        return {c: tuple(v) for c, v in grid.items() if c in data.columns}
    return split_items(texts) if texts else None


def _coded(frame: pd.DataFrame, tab, scales, levels, locate) -> pd.DataFrame:
    f = recode_numeric_for_table(answer_codes(frame["functional"], scales[0], "functional",
                                              locate.for_side("functional")), frame["functional"], tab)
    d = recode_numeric_for_table(answer_codes(frame["dysfunctional"], scales[1], "dysfunctional",
                                              locate.for_side("dysfunctional")), frame["dysfunctional"], tab)
    frame["functional"] = pd.array(np.where(f > 0, f, np.nan), dtype="Int8")
    frame["dysfunctional"] = pd.array(np.where(d > 0, d, np.nan), dtype="Int8")
    frame["category"] = to_categorical(evaluate_codes(f, d, tab))
    if "importance" in frame:
        frame["importance"] = importance_numbers(frame["importance"], "importance", levels,
                                                 locate.for_side("importance"))
    elif levels is not None:
        raise arg_error("importance", "a mapping only when the data hold importance answers", levels,
                        "No importance column was found (looked for 'importance' in long data and "
                        "'X_importance' columns or a grid whose question mentions importance).",
                        error=KanoInputError)
    return frame


def _account(frame: pd.DataFrame, max_questionable, n_wide: int):
    """Row accounting and the Q filter; without ``_row`` (a wide export) each of the ``n_wide`` rows is a respondent."""
    rows = frame["_row"].to_numpy() if "_row" in frame.columns else None
    n_resp = (int(rows.max()) + 1 if len(frame) else 0) if rows is not None else (n_wide if len(frame) else 0)
    excluded: dict[str, int] = {}
    dropped = 0
    if max_questionable is not None:
        is_q = (frame["category"] == "Q").to_numpy(dtype=bool, na_value=False)
        n_q = np.bincount(rows, weights=is_q, minlength=n_resp)
        drop_rows = np.flatnonzero(n_q > max_questionable)
        dropped = len(drop_rows)
        if dropped:
            keep = ~np.isin(rows, drop_rows)
            excluded[f"answer pairs of {dropped} respondent(s) with more than {max_questionable} "
                     "Q answers"] = int((~keep).sum())
            frame = frame.loc[keep].reset_index(drop=True)
    cat = frame["category"].array.codes
    n_missing = int(np.count_nonzero(cat < 0)) if len(cat) and cat.min() < 0 else 0
    if n_missing:
        excluded["answer pairs with a missing answer (kept, category missing)"] = n_missing
    n_pairs = len(frame) + sum(v for k, v in excluded.items() if "kept" not in k)
    account = RowAccount(n_pairs, len(frame) - n_missing, excluded, unit="answer pairs")
    return (frame.drop(columns="_row") if rows is not None else frame), account, n_resp, dropped
