"""The Kano count table, attribute [x group] x A O M I R Q: the sufficient statistics of every Kano result."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES, category_codes
from cxresearch._core.checks import as_keys, bad_values, require_columns, require_frame
from cxresearch._core.engine import group_counts, is_engine_frame
from cxresearch.errors import KanoInputError

__all__ = ["counts"]


def counts(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    attribute: str = "attribute",
    category: str = "category",
    weights: str | None = None,
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
    attribute, category : str
        Column names.
    weights : str, optional
        Column of survey (sampling) weights: non-negative finite numbers.

    Returns
    -------
    pandas.DataFrame
        Columns ``attribute``, the ``by`` columns, ``A O M I R Q`` (int64) and
        ``n_missing`` (answer pairs with a missing category). Rows whose ``by`` value is
        missing are not counted; their number is in ``result.attrs["cxresearch"]``.
        With ``weights``: ``A .. Q`` are float64 sums of weights, followed by ``sumw2_A ..
        sumw2_Q`` (sums of squared weights) and ``n_raw`` (coded answer pairs, unweighted).
        For a lazy frame coded by :func:`code`, this row accounting (answer pairs in, used,
        and the ``n_missing`` column) is the first place where the rows are known.

    See Also
    --------
    code : makes the coded responses counted here.
    analyze : the statistics computed from these counts.
    continuous : functional and dysfunctional scores instead of counts.

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
    if is_engine_frame(data):  # Polars, PyArrow, DuckDB, Dask, PySpark: counted inside the engine
        return group_counts(data, [attribute, *as_keys(by)], category, weights, error=KanoInputError)
    data = require_frame(data, error=KanoInputError)
    keys = [attribute, *as_keys(by)]
    require_columns(data, [*keys, category], "column", error=KanoInputError)
    if data[attribute].isna().any():
        raise bad_values(attribute, data[attribute], data[attribute].isna(), "attribute names",
                         error=KanoInputError)
    cat = category_codes(data[category], category)
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
