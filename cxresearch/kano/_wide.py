"""The fast path of coding a wide export: each answer column coded once, then stacked as small integers.

Each answer column is factorised on its own (Arrow-backed strings through Arrow's
dictionary encoding, categoricals through their codes), its few distinct labels are
normalised in Python, and the per-attribute category is one lookup in the 6x6 table on
int8 codes. The stacked frame (one row per respondent and attribute) is then built from
tiled id columns and integer codes, with no per-answer Python and no stacked text column.

When anything is off (an unknown label, a three-answer table, an importance mapping
without importance columns) the function returns None and :func:`code` takes the
general path, whose errors name the user's columns and rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cxresearch._core.categories import CATEGORIES, CATEGORY_DTYPE
from cxresearch._core.checks import require_columns
from cxresearch._core.counting import small_take
from cxresearch.errors import KanoInputError
from cxresearch.kano._frames import Locator, _stack, importance_numbers
from cxresearch.kano._labels import Scale, lenient_codes
from cxresearch.kano._shapes import Pair
from cxresearch.kano._tables import EvaluationTable


def category_lut(tab: EvaluationTable) -> np.ndarray:
    """Category code (0-5, -1 missing) of answer codes f, d (0 missing) at position ``6 f + d``."""
    flat = np.full((6, 6), -1, dtype=np.int8)
    for i in range(5):
        for j in range(5):
            if tab.grid[i][j] is not None:
                flat[i + 1, j + 1] = CATEGORIES.index(tab.grid[i][j])
    return flat.ravel()


def coded_wide(data: pd.DataFrame, found: list[Pair], id_vars, respondent: str | None, tab: EvaluationTable,
               scales: tuple[Scale, Scale], levels: Mapping | None, answers: bool = True,
               rows: bool = True) -> pd.DataFrame | None:
    """The coded long frame of a wide export, or None to take the general path.

    ``respondent`` None leaves the respondent column out, ``answers`` False the answer
    codes, ``rows`` False the ``_row`` column (each row's position in ``data``): then the
    frame costs 2 bytes per answer pair (attribute and category codes) plus the id columns.
    """
    if len(tab.valid_answers) != 5 or not found:
        return None
    has_importance = any(p.importance for p in found)
    if levels is not None and not has_importance:
        return None
    used = {c for p in found for c in (p.functional, p.dysfunctional, p.importance) if c}
    require_columns(data, sorted(used, key=str), "answer column", error=KanoInputError)
    ids = list(id_vars) if id_vars is not None else [c for c in data.columns if c not in used]
    require_columns(data, ids, "id column", error=KanoInputError)
    coded = _coded_blocks(data, found, tab, scales, answers)
    if coded is None:
        return None  # unknown labels: the general path names them, their columns and rows
    f_all, d_all, cat = coded
    n, k = len(data), len(found)
    out: dict = {}
    if respondent is not None and respondent not in ids:  # the user's respondent ids even when id_vars leaves them out
        out[respondent] = _tiled(data[respondent], k, n) if respondent in data.columns else _positions(n, k)
    for c in ids:
        out[c] = _tiled(data[c], k, n)
    codes = np.empty(n * k, dtype=np.int8 if k < 128 else np.int16 if k < 2**15 else np.int32)
    for j in range(k):  # a fill per block (np.repeat copies one 1-byte element at a time)
        codes[j * n:(j + 1) * n] = j
    out["attribute"] = pd.Categorical.from_codes(codes, categories=pd.Index([p.attribute for p in found]))
    if answers:
        out["functional"] = pd.arrays.IntegerArray(f_all, f_all == 0)
        out["dysfunctional"] = pd.arrays.IntegerArray(d_all, d_all == 0)
    if has_importance:
        raw = _stack([data[p.importance] if p.importance else pd.Series(np.nan, index=data.index)
                      for p in found])
        where = {"importance": [p.importance for p in found]}
        out["importance"] = importance_numbers(raw, "importance", levels,
                                               Locator(data.index, where).for_side("importance"))
    if rows:
        out["_row"] = _positions(n, k)
    out["category"] = pd.Categorical.from_codes(cat, dtype=CATEGORY_DTYPE)
    return pd.DataFrame(out, copy=False)


def _coded_blocks(data: pd.DataFrame, found: list[Pair], tab: EvaluationTable, scales: tuple[Scale, Scale],
                  answers: bool):
    """Answer codes (int8, None unless ``answers``) and category codes, attribute by attribute; None if unknown."""
    n, k = len(data), len(found)
    lut = category_lut(tab)
    f_all = np.empty(n * k, np.int8) if answers else None
    d_all = np.empty(n * k, np.int8) if answers else None
    cat = np.empty(n * k, np.int8)
    for j, pair in enumerate(found):
        f = lenient_codes(data[pair.functional], scales[0])
        d = lenient_codes(data[pair.dysfunctional], scales[1])
        if (f < 0).any() or (d < 0).any():
            return None
        part = slice(j * n, (j + 1) * n)
        if answers:
            f_all[part], d_all[part] = f, d
        pair = np.multiply(f, np.int8(6))  # at most 35: int8 arithmetic cannot overflow
        np.add(pair, d, out=pair)
        small_take(lut, pair, out=cat[part])
    return f_all, d_all, cat


def _positions(n: int, k: int) -> np.ndarray:
    """Each stacked row's position in the wide data (``k`` blocks of ``0 .. n - 1``)."""
    return np.tile(np.arange(n), k)


def _tiled(column: pd.Series, k: int, n: int):
    """``column`` repeated ``k`` times (numpy tiling where the dtype allows, else a take)."""
    if isinstance(column.dtype, np.dtype):
        return np.tile(column.to_numpy(), k)
    return column.array.take(np.tile(np.arange(n), k))
