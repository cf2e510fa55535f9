"""A count table passed to :func:`cxresearch.kano.analyze`: validated, and pooled to the cells asked for.

A published or exported count table may be broken down further than the analysis asks
(attribute x year x segment, analysed by segment), or list one cell twice. Both are
summed, with a warning naming the columns or rows, so that every cell is output once and
the segment test compares the segments, not hidden year x segment cells. Counts are
non-negative whole finite numbers whose cell totals fit in int64. A weighted count table
(``sumw2_A`` .. ``sumw2_Q`` and ``n_raw`` beside sums of weights in ``A`` .. ``Q``, from
``cx.kano.counts(..., weights=)``) is pooled the same way: every column is a sum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import positions, require_columns
from cxresearch._core.count_table import check_labels, check_totals, labels
from cxresearch._core.counting import SUMW2, count_columns
from cxresearch._core.warn import warn
from cxresearch.errors import InputWarning, KanoInputError

COUNT_COLUMNS = (*CATEGORIES, "n_missing")
WEIGHTED_COLUMNS = (*CATEGORIES, "n_missing", *SUMW2, "n_raw")


def pool_count_table(data: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, str]:
    """The validated count table with one row per ``keys`` cell, and a note of what was summed.

    Columns that are neither keys nor counts are summed over (with a warning) when they
    break a cell into several rows, and named as unused when they do not; rows repeating
    a cell with the same labels are summed with a warning naming the cell and the rows.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from cxresearch.kano._count_table import pool_count_table
    >>> tab = pd.DataFrame({"attribute": ["x", "x"], "year": [2024, 2025], "A": [3, 4], "O": 0,
    ...                     "M": [1, 2], "I": 0, "R": 0, "Q": 0})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     pooled, note = pool_count_table(tab, ["attribute"])
    >>> pooled[["attribute", "A", "M"]].to_dict("records"), note
    ([{'attribute': 'x', 'A': 7, 'M': 3}], "2 count rows summed into 1 cells over 'year'")
    """
    require_columns(data, keys, "column", error=KanoInputError)
    check_labels(data, keys, KanoInputError)
    counted, weighted = count_columns(data, error=KanoInputError)
    columns = WEIGHTED_COLUMNS if weighted else COUNT_COLUMNS
    frame = data[keys].reset_index(drop=True)
    for c in columns:
        frame[c] = counted[c].to_numpy()
    extra = [c for c in data.columns if c not in keys and c not in columns]
    cells = frame.groupby(keys, sort=False, observed=True)
    ids, n_cells = cells.ngroup().to_numpy(), cells.ngroups
    check_totals(frame, keys, ids, n_cells, KanoInputError)
    labelled = data[extra].reset_index(drop=True).assign(_cell=ids)
    varying = [c for c in extra if labelled.groupby("_cell")[c].nunique(dropna=False).max() > 1]
    unused = [c for c in extra if c not in varying]
    if unused:
        counted = "A O M I R Q, n_missing" + (", sumw2_A .. sumw2_Q, n_raw" if weighted else "")
        warn(f"Count table: column(s) {', '.join(map(repr, unused))} are neither counts ({counted}) "
             f"nor keys ({', '.join(map(repr, keys))}) and were not used.", InputWarning)
    if n_cells == len(frame):
        return frame, ""
    repeated = labelled.duplicated(["_cell", *varying], keep=False).to_numpy()
    if repeated.any():
        _warn_repeated(frame, keys, ids, repeated)
    if varying:
        warn(f"Count table: summed over {', '.join(map(repr, varying))} ({len(frame)} rows into {n_cells} "
             f"cells); pass by={[*keys[1:], *varying]!r} to keep it.", InputWarning)
    pooled = frame.groupby(keys, sort=False, observed=True)[list(columns)].sum().reset_index()
    over = f" over {', '.join(map(repr, varying))}" if varying else " (repeated rows)"
    return pooled, f"{len(frame)} count rows summed into {n_cells} cells{over}"


def _warn_repeated(frame: pd.DataFrame, keys: list[str], ids: np.ndarray, repeated: np.ndarray) -> None:
    """Name every cell listed on more than one row with the same labels, and its rows."""
    cells = list(dict.fromkeys(ids[repeated]))
    shown = "; ".join(f"{labels(frame, keys, ids == c)[0]!r} on rows {positions(repeated & (ids == c))}"
                      for c in cells[:5])
    more = f" and {len(cells) - 5} more cells" if len(cells) > 5 else ""
    warn(f"Count table: {shown}{more}: the same cell is listed more than once; the counts were summed so "
         "each cell is output once. Remove a row if it was entered twice.", InputWarning)
