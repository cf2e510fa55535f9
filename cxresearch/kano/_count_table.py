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
from cxresearch._core.checks import bad_values, positions, require_columns
from cxresearch._core.counting import SUMW2, count_columns
from cxresearch._core.warn import warn
from cxresearch.errors import InputWarning, KanoInputError

COUNT_COLUMNS = (*CATEGORIES, "n_missing")
WEIGHTED_COLUMNS = (*CATEGORIES, "n_missing", *SUMW2, "n_raw")
INT64_MAX = np.iinfo(np.int64).max


def _labels(frame: pd.DataFrame, keys: list[str], mask: np.ndarray) -> list[str]:
    return frame.loc[mask, keys].astype(str).agg(" / ".join, axis=1).drop_duplicates().tolist()


def _check_keys(data: pd.DataFrame, keys: list[str]) -> None:
    """Attribute names and segment labels must be present on every row of a count table."""
    for k in keys:
        missing = data[k].isna().to_numpy()
        if missing.any():
            raise bad_values(k, data[k], missing, "labels (missing)",
                             "Every row of a count table needs its attribute and segment labels: fill them in "
                             "or drop those rows.", error=KanoInputError)


def _check_totals(frame: pd.DataFrame, keys: list[str], ids: np.ndarray, n_cells: int) -> None:
    """Refuse cells whose total (of A..Q, n_missing or n_raw) would not fit in int64."""
    parts = {"n_missing": frame[["n_missing"]].to_numpy()}
    if "n_raw" in frame.columns:
        parts["n_raw"] = frame[["n_raw"]].to_numpy()
    else:
        parts["A O M I R Q"] = frame[list(CATEGORIES)].to_numpy()
    for what, block in parts.items():
        if block.astype(float).sum(axis=1).max() * max(np.bincount(ids).max(), 1) < 2.0**62:
            continue  # far from the limit: no exact check needed
        totals = np.zeros(n_cells, dtype=object)
        np.add.at(totals, ids, block.astype(object).sum(axis=1))
        over = np.array([t > INT64_MAX for t in totals])
        if over.any():
            cell = int(np.flatnonzero(over)[0])
            rows = ids == cell
            raise KanoInputError(
                f"Count table: the total of {what} for {_labels(frame, keys, rows)[0]!r} (rows "
                f"{positions(rows)}) is {totals[cell]}, above the largest count that can be stored "
                f"(2**63 - 1 = {INT64_MAX}). Scale the counts down (shares are unchanged) or split the cell.")


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
    _check_keys(data, keys)
    counted, weighted = count_columns(data, error=KanoInputError)
    columns = WEIGHTED_COLUMNS if weighted else COUNT_COLUMNS
    frame = data[keys].reset_index(drop=True)
    for c in columns:
        frame[c] = counted[c].to_numpy()
    extra = [c for c in data.columns if c not in keys and c not in columns]
    cells = frame.groupby(keys, sort=False, observed=True)
    ids, n_cells = cells.ngroup().to_numpy(), cells.ngroups
    _check_totals(frame, keys, ids, n_cells)
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
    shown = "; ".join(f"{_labels(frame, keys, ids == c)[0]!r} on rows {positions(repeated & (ids == c))}"
                      for c in cells[:5])
    more = f" and {len(cells) - 5} more cells" if len(cells) > 5 else ""
    warn(f"Count table: {shown}{more}: the same cell is listed more than once; the counts were summed so "
         "each cell is output once. Remove a row if it was entered twice.", InputWarning)
