"""A count table in: one reading of its labels, its counts and its cell totals.

A count table (one row per attribute, segment and wave cell with the counts ``A`` .. ``Q``,
``n_missing`` and, weighted, ``sumw2_*`` and ``n_raw``) enters :func:`cxresearch.kano.analyze`
and :func:`cxresearch.dropoff.detect` through the same checks: every row carries its labels,
the counts are ones a survey can give (:func:`~cxresearch._core.counting.count_columns`), and
the total of a cell listed on several rows fits in int64 (summed exactly, never wrapped).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import bad_values, positions
from cxresearch.errors import CXInputError

__all__ = ["INT64_MAX", "check_labels", "check_totals", "labels", "refuse_partial_counts"]

INT64_MAX = np.iinfo(np.int64).max


def labels(frame: pd.DataFrame, keys: list[str], mask: np.ndarray) -> list[str]:
    """The labels of the cells under ``mask``, as "a / b" texts, in order of appearance."""
    return frame.loc[mask, keys].astype(str).agg(" / ".join, axis=1).drop_duplicates().tolist()


def check_labels(data: pd.DataFrame, keys: list[str], error=CXInputError) -> None:
    """Attribute names and segment labels must be present on every row of a count table."""
    for k in keys:
        missing = data[k].isna().to_numpy()
        if missing.any():
            raise bad_values(k, data[k], missing, "labels (missing)",
                             "Every row of a count table needs its attribute and segment labels: fill them in "
                             "or drop those rows.", error=error)


def check_totals(frame: pd.DataFrame, keys: list[str], ids: np.ndarray, n_cells: int, error=CXInputError) -> None:
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
            raise error(
                f"Count table: the total of {what} for {labels(frame, keys, rows)[0]!r} (rows "
                f"{positions(rows)}) is {totals[cell]}, above the largest count that can be stored "
                f"(2**63 - 1 = {INT64_MAX}). Scale the counts down (shares are unchanged) or split the cell.")


def refuse_partial_counts(data: pd.DataFrame, category, error=CXInputError) -> None:
    """Data with most but not all of the count columns ``A`` .. ``Q`` (and no ``category``): name what is missing.

    Without this, such a table is read as coded answers and refused for a missing
    ``category`` column, which names the wrong fix.
    """
    present = [c for c in CATEGORIES if c in data.columns]
    if category in data.columns or len(present) < 3 or len(present) == len(CATEGORIES):
        return
    absent = [c for c in CATEGORIES if c not in present]
    raise error(f"The data look like a count table (columns {present}) but lack the count column(s) {absent}. A count "
                f"table needs all of A, O, M, I, R and Q: add {absent} (0 where nobody gave that answer), or pass "
                f"coded answers with a {category!r} column.")
