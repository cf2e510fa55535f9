"""Reductions inside the user's dataframe engine: Kano count tables and moment sums.

``group_counts`` and ``moment_sums`` take a frame of any supported engine (pandas, Polars
eager or lazy, PyArrow, DuckDB, Dask, PySpark; see :mod:`cxresearch._core.engine_base`),
run one aggregation inside it through narwhals' stable API, and return a small pandas
table. pandas frames are reduced with numpy (``moment_sums``) and need no narwhals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import as_keys
from cxresearch._core.engine_base import (
    ENGINES,
    INSTALL,
    as_narwhals,
    bad_weights,
    check_weight_totals,
    collect,
    engine_name,
    is_engine_frame,
    plain_keys,
    quiet,
    require,
    values_error,
)
from cxresearch._core.engine_moments import moment_sums
from cxresearch.errors import CXInputError

__all__ = ["ENGINES", "INSTALL", "engine_name", "group_counts", "is_engine_frame", "moment_sums", "reduce_responses"]

_CATEGORY_HINT = "Code answer pairs first with cx.kano.code or cx.kano.evaluate."


def reduce_responses(data: Any, keys: Sequence[Any], category: Any, weights: Any, *, error=CXInputError):
    """An engine frame of coded responses as its count table, counted in the engine (others: unchanged).

    Returns ``(data, rows)``: the count table and its answer-pair accounting when ``data`` is a
    frame of another engine holding the ``category`` column; else ``data`` itself and None
    (pandas frames, and count tables, which are small and converted as they are).
    """
    if not is_engine_frame(data):
        return data, None
    frame = as_narwhals(data, error=error)
    names = frame.collect_schema().names() if hasattr(frame, "collect_schema") else list(frame.columns)
    if category not in names:
        return data, None
    table = group_counts(data, keys, category, weights, error=error)
    return table, {**table.attrs["cxresearch"]["rows"], "unit": "answer pairs"}


def group_counts(data: Any, keys: Sequence[Any], category: Any = "category", weights: Any = None, *,
                 error: type[CXInputError] = CXInputError) -> pd.DataFrame:
    """The Kano count table of coded responses, computed inside the frame's engine.

    Parameters
    ----------
    data : frame of a supported engine
        Coded responses, one row per answer pair: the ``keys`` columns and ``category``.
    keys : sequence of column names
        The attribute column first, then the grouping columns.
    category : column name
        Kano categories A, O, M, I, R, Q (text, any case and surrounding spaces) or missing.
    weights : column name, optional
        Survey (sampling) weights: non-negative finite numbers.
    error : exception class
        Raised for bad input (``KanoInputError`` from :func:`cxresearch.kano.counts`).

    Returns
    -------
    pandas.DataFrame
        One row per attribute and group, sorted by the keys: the ``keys`` columns, ``A O M I R
        Q`` and ``n_missing`` (int64 counts of answer pairs with a missing category).
        Weighted: ``A .. Q`` are float64 sums of weights, followed by ``sumw2_A .. sumw2_Q``
        (float64 sums of squared weights) and ``n_raw`` (int64 coded answer pairs with a
        positive weight). ``result.attrs["cxresearch"]["rows"]`` is the row accounting, as
        in the pandas path: answer pairs whose grouping value is missing, and coded pairs of
        weight 0, are counted, not used.

    Raises
    ------
    CXInputError
        (or ``error``) A missing column, a missing attribute name, a category outside A O M
        I R Q (the values listed with their counts), missing, negative or infinite weights,
        an empty frame.

    See Also
    --------
    cxresearch.kano.counts : the public function; pandas frames are counted there with numpy.
    moment_sums : the rating-data counterpart.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.engine import group_counts
    >>> resp = pd.DataFrame({"attribute": ["x", "x", "y"], "category": ["A", "M", None]})
    >>> group_counts(resp, ["attribute"])  # doctest: +SKIP
      attribute  A  O  M  I  R  Q  n_missing
    0         x  1  0  1  0  0  0          0
    1         y  0  0  0  0  0  0          1
    """
    import narwhals.stable.v2 as nw

    frame = as_narwhals(data, error=error)
    keys, engine = list(keys), engine_name(data)
    needed = [*keys, category, *([weights] if weights is not None else [])]
    with quiet():
        types = require(frame, needed, "column", error=error)
        aggs = [nw.len().alias("__cx_n")]
        if weights is not None:
            w = nw.col(weights).cast(nw.Float64)
            frame_w = frame.with_columns(__cx_w=w, __cx_w2=w * w, __cx_bad=bad_weights(frame, weights, types, error)
                                         .cast(nw.Int64), __cx_pos=(w > 0).fill_null(False).cast(nw.Int64))
            aggs += [nw.col(c).sum() for c in ("__cx_w", "__cx_w2", "__cx_bad", "__cx_pos")]
        else:
            frame_w = frame
        grouped = frame_w.group_by([*keys, category], drop_null_keys=False).agg(*aggs)
        ints = [nw.col(c).cast(nw.Int64) for c in ("__cx_n", "__cx_bad", "__cx_pos") if c == "__cx_n" or weights is not None]
        table = collect(grouped.with_columns(*ints))
    if weights is not None:
        check_weight_totals(frame, weights, int(table["__cx_bad"].sum()), int(table["__cx_pos"].sum()),
                            int(table["__cx_n"].sum()), engine, error)
    return _count_table(table, keys, category, weights, engine, error, types)


def _count_table(table: pd.DataFrame, keys: list, category: Any, weights: Any, engine: str,
                 error, types: dict) -> pd.DataFrame:
    """The collected (keys, category) tallies, checked, as the count table."""
    n_in = int(table["__cx_n"].sum())
    if n_in == 0:
        raise error(f"`data` must hold at least one row; got an empty {engine} frame (0 rows): nothing to analyse.")
    attribute = keys[0]
    no_attr = table[attribute].isna().to_numpy()
    if no_attr.any():
        raise values_error(attribute, [(None, int(table.loc[no_attr, "__cx_n"].sum()))],
                           int(table.loc[no_attr, "__cx_n"].sum()), "attribute names", error=error, engine=engine)
    code = _category_codes(table, category, engine, error)
    no_key = np.zeros(len(table), dtype=bool)
    for b in keys[1:]:
        no_key |= table[b].isna().to_numpy()
    n_nokey = int(table.loc[no_key, "__cx_n"].sum())
    table, code = table.loc[~no_key].reset_index(drop=True), code[~no_key]
    table = plain_keys(table, keys, types)
    parts = {"n_missing": np.where(code < 0, table["__cx_n"], 0).astype(np.int64)}
    for j, c in enumerate(CATEGORIES):
        hit = code == j
        if weights is None:
            parts[c] = np.where(hit, table["__cx_n"], 0).astype(np.int64)
        else:
            parts[c] = np.where(hit, table["__cx_w"], 0.0).astype(np.float64)
            parts[f"sumw2_{c}"] = np.where(hit, table["__cx_w2"], 0.0).astype(np.float64)
    n_zero = 0
    if weights is not None:  # as the pandas path: coded pairs of weight 0 are left out, and counted
        parts["n_raw"] = np.where(code >= 0, table["__cx_pos"], 0).astype(np.int64)
        n_zero = int(np.where(code >= 0, table["__cx_n"] - table["__cx_pos"], 0).sum())
    order = [*CATEGORIES, "n_missing"] + ([f"sumw2_{c}" for c in CATEGORIES] + ["n_raw"] if weights is not None else [])
    wide = pd.concat([table[keys], pd.DataFrame(parts, index=table.index)[order]], axis=1)
    out = wide.groupby(keys, sort=True, observed=True, dropna=False)[order].sum().reset_index()
    for c in order:
        out[c] = out[c].astype(np.float64 if c in CATEGORIES and weights is not None or c.startswith("sumw2_")
                               else np.int64)
    out.columns = pd.Index(list(out.columns), dtype=object)  # as the pandas path's
    excluded = {f"missing {', '.join(map(str, keys[1:]))}": n_nokey} if n_nokey else {}
    if n_zero:
        excluded["zero weight"] = n_zero
    out.attrs["cxresearch"] = {"rows": RowAccount(n_in, n_in - n_nokey - n_zero, excluded).to_dict()}
    return out


def _category_codes(table: pd.DataFrame, category: Any, engine: str, error) -> np.ndarray:
    """Codes 0-5 of the distinct category values (-1 missing); values outside A O M I R Q raise."""
    values = table[category]
    missing = values.isna().to_numpy()
    text = [str(v).strip().upper() if not m else "" for v, m in zip(values, missing)]
    code = np.array([CATEGORIES.index(t) if t in CATEGORIES else (-1 if m else -2)
                     for t, m in zip(text, missing)], dtype=np.int64)
    bad = code == -2
    if bad.any():
        counted = (table.loc[bad].assign(_v=values[bad].astype(object)).groupby("_v", sort=False)["__cx_n"].sum()
                   .sort_values(ascending=False, kind="stable"))
        raise values_error(category, list(counted.head(5).items()), int(counted.sum()),
                           "Kano categories (A, O, M, I, R, Q)", _CATEGORY_HINT, error=error, engine=engine)
    return code
