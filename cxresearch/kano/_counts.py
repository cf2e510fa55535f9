"""The Kano count table, attribute [x group] x A O M I R Q: the sufficient statistics of every Kano result."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES, category_codes
from cxresearch._core.checks import as_keys, bad_values, require_columns, require_frame
from cxresearch._core.counting import SUMW2, Groups, group_index
from cxresearch._core.engine import group_counts, is_engine_frame
from cxresearch._core.weights import check_weights
from cxresearch.errors import KanoInputError
from cxresearch._core.params import Frame, declared

__all__ = ["counts"]


@declared(error=KanoInputError, data=Frame())
def counts(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    weights: str | None = None,
    attribute: str = "attribute",
    category: str = "category",
) -> pd.DataFrame:
    """Count A, O, M, I, R, Q per attribute (and group): the sufficient statistics.

    Parameters
    ----------
    data : pandas.DataFrame or a frame of another engine
        Coded responses (long), e.g. from :func:`code`. Polars (eager or lazy), PyArrow,
        DuckDB, Dask and PySpark frames are counted inside their engine (one aggregation
        through narwhals, ``pip install "cxresearch[engines]"``); only the count table comes
        back, as pandas, sorted by the key values.
    by : str or list of str, optional
        Grouping columns (segment, wave, ...).
    weights : str, optional
        Column of survey (sampling) weights: non-negative finite numbers; missing,
        infinite or negative weights are refused naming the column and rows. A weight of 0
        leaves the answer out (counted in the row accounting as "zero weight").
    attribute, category : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Columns ``attribute``, the ``by`` columns, ``A O M I R Q`` and ``n_missing``
        (answer pairs with a missing category), one row per attribute [x group] in sorted
        order. Unweighted, ``A`` .. ``Q`` are int64 counts. With ``weights``, ``A`` ..
        ``Q`` are float64 sums of the weights, followed by ``sumw2_A`` .. ``sumw2_Q``
        (float64 sums of the squared weights) and ``n_raw`` (int64: coded answer pairs
        with a positive weight); ``n_missing`` stays an unweighted count. This is the
        weighted count table that :func:`analyze` and :func:`cxresearch.dropoff.detect`
        read (recognised by ``sumw2_A``). Rows whose ``by`` value is missing are not
        counted; the row accounting is in ``result.attrs["cxresearch"]["rows"]``.
        For a lazy frame coded by :func:`code`, this row accounting (answer pairs in, used,
        and the ``n_missing`` column) is the first place where the rows are known.

    See Also
    --------
    code : makes the coded responses counted here.
    analyze : the statistics computed from these counts.
    continuous : functional and dysfunctional scores instead of counts.

    Notes
    -----
    One ``np.bincount`` over group x category (the groups numbered from the key columns'
    codes, a categorical column costing nothing), so counting takes a few nanoseconds
    per answer. Kish's effective sample size of any set S of categories follows from the
    weighted table: ``n_eff = (sum of A_c over S)**2 / (sum of sumw2_c over S)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> resp = pd.DataFrame({"attribute": ["x", "x", "x", "y"], "category": ["A", "A", "M", None],
    ...                      "w": [1.0, 2.0, 0.5, 1.0]})
    >>> cx.kano.counts(resp)
      attribute  A  O  M  I  R  Q  n_missing
    0         x  2  0  1  0  0  0          0
    1         y  0  0  0  0  0  0          1
    >>> cx.kano.counts(resp, weights="w")[["attribute", "A", "M", "sumw2_A", "n_raw", "n_missing"]]
      attribute    A    M  sumw2_A  n_raw  n_missing
    0         x  3.0  0.5      5.0      3          0
    1         y  0.0  0.0      0.0      0          1
    """
    if is_engine_frame(data):  # Polars, PyArrow, DuckDB, Dask, PySpark: counted inside the engine
        return group_counts(data, [attribute, *as_keys(by)], category, weights, error=KanoInputError)
    data = require_frame(data, error=KanoInputError)
    keys = [attribute, *as_keys(by)]
    require_columns(data, [*keys, category], "column", error=KanoInputError)
    w = check_weights(data, weights, error=KanoInputError)
    groups = response_groups(data, keys)
    return tally(groups, category_codes(data[category], category), w)


def response_groups(data: pd.DataFrame, keys: list) -> Groups:
    """The attribute [x group] cells of coded responses (a missing attribute name is refused)."""
    attribute = keys[0]
    column = data[attribute]
    if isinstance(column.dtype, pd.CategoricalDtype):  # the codes: one reduction, no mask
        has_missing = len(column) > 0 and column.array.codes.min() < 0
    else:
        has_missing = column.isna().any()
    if has_missing:
        raise bad_values(attribute, data[attribute], data[attribute].isna(), "attribute names",
                         error=KanoInputError)
    return group_index(data, keys)


def tally(groups: Groups, cat: np.ndarray, w: np.ndarray | None) -> pd.DataFrame:
    """The count table of category codes ``cat`` (-1 missing) in ``groups``, weighted by ``w``."""
    raw = groups.bincount(cat, 7, shift=1)  # column 0: missing category (code -1), 1..6: A..Q
    out = groups.keys
    excluded = {}
    if groups.n_missing:
        excluded[f"missing {', '.join(map(str, out.columns[1:]))}"] = groups.n_missing
    if w is None:
        for j, c in enumerate(CATEGORIES):
            out[c] = raw[:, j + 1].astype(np.int64)
        out["n_missing"] = raw[:, 0].astype(np.int64)
    else:
        sums = groups.bincount(cat, 7, weights=w, shift=1)
        sums2 = groups.bincount(cat, 7, weights=w * w, shift=1)
        zero = w == 0
        zeros = groups.bincount(cat, 7, mask=zero, shift=1)[:, 1:].sum(axis=1) if zero.any() else 0
        for j, c in enumerate(CATEGORIES):
            out[c] = sums[:, j + 1]
        out["n_missing"] = raw[:, 0].astype(np.int64)
        for j, c in enumerate(SUMW2):
            out[c] = sums2[:, j + 1]
        out["n_raw"] = (raw[:, 1:].sum(axis=1) - zeros).astype(np.int64)
        if np.any(zeros):
            excluded["zero weight"] = int(np.sum(zeros))
    n_in = len(groups.ids)
    out.attrs["cxresearch"] = {"rows": RowAccount(n_in, n_in - sum(excluded.values()), excluded).to_dict()}
    return out
