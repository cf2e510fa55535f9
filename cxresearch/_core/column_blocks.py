"""Rating columns read block by block: no float copy of a whole column, at most one mask per column.

:func:`cxresearch._core.codes.read_ratings` turns every column into a float array at once
(8 bytes per row and column). A one-pass reduction (touchpoints, zones of tolerance) needs
only a block of rows at a time: a :class:`Column` keeps the stored numbers (a view of a
numpy column; the values and the mask of a nullable ``Int8`` / ``Float64`` column) and
writes floats, with missing values and declared ``missing_codes`` as NaN, into a block
buffer on demand, counting the answers turned missing as it goes. Columns of another kind
(text, objects, Arrow) are read once by :func:`~cxresearch._core.codes.recode`, with its
checks and messages.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.codes import _refuse_text_numbers, recode

__all__ = ["Column", "columns_of"]


class Column:
    """One rating column, readable in blocks of rows as floats (missing and codes as NaN).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.column_blocks import Column
    >>> c = Column(pd.Series([1, 99, 3, None], dtype="Int8"), "q", (99,))
    >>> out = np.empty(4)
    >>> c.fill(out, 0, 4).tolist(), c.recoded
    ([1.0, nan, 3.0, nan], 1)
    """

    def __init__(self, raw: pd.Series, name: Any, codes: tuple) -> None:
        self.name, self.raw, self.recoded = name, raw, 0
        self.mask: np.ndarray | None = None
        numbers = [float(c) for c in codes if not isinstance(c, str)]
        dtype, array = raw.dtype, raw.array
        kind = getattr(dtype, "kind", "O")
        texts = any(isinstance(c, str) for c in codes)
        if isinstance(dtype, np.dtype) and kind in "iuf" and not (kind == "f" and texts):
            self.data = raw.to_numpy()  # a view: no copy
        elif kind in "iuf" and hasattr(array, "_data") and hasattr(array, "_mask") and not texts:
            self.data, self.mask = array._data, array._mask  # a nullable column: its values and its one mask
        else:  # text, objects, Arrow: read once, with the standard checks
            self.data, self.recoded = recode(raw, name, codes)
            numbers, kind = [], "f"
        if kind == "f" and self.data.size and np.isinf(self.data).any():
            self.data, self.recoded = recode(raw, name, codes)  # raises the standard error on infinite values
            numbers = []
        self.numbers = np.array(numbers) if numbers else None
        self.can_miss = kind == "f" or self.mask is not None or self.numbers is not None
        self.whole = kind in "iu"  # whole numbers: sums of their squares are exact, no shift needed

    def span(self) -> tuple[float, float] | None:
        """Smallest and largest value of a column that cannot miss (one read of the stored numbers), else None."""
        if self.can_miss or not len(self.data):
            return None
        return float(self.data.min()), float(self.data.max())

    def fill(self, out: np.ndarray, start: int, stop: int) -> np.ndarray:
        """Rows ``start:stop`` as floats into ``out`` (missing values and codes NaN); returns ``out``."""
        out[:] = self.data[start:stop]
        if self.mask is not None:
            np.copyto(out, np.nan, where=self.mask[start:stop])
        if self.numbers is not None:
            hit = np.isin(out, self.numbers)
            n = int(np.count_nonzero(hit))
            if n:
                out[hit] = np.nan
                self.recoded += n
        return out

    def values(self) -> np.ndarray:
        """The whole column as floats (a new array; for checks that need every value at once)."""
        out = np.empty(len(self.data))
        before = self.recoded
        self.fill(out, 0, len(out))
        self.recoded = before
        return out


def columns_of(data: pd.DataFrame, names: list, codes: tuple) -> list[Column]:
    """A :class:`Column` for each name (the text-code check of :func:`read_ratings` first)."""
    _refuse_text_numbers(data, names, codes)
    return [Column(data[c], c, codes) for c in names]
