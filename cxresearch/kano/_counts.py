"""The Kano count table, attribute [x group] x A O M I R Q: the sufficient statistics of every Kano result."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES, category_codes
from cxresearch._core.checks import as_keys, bad_values, require_columns, require_frame
from cxresearch.errors import KanoInputError

__all__ = ["counts"]


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
