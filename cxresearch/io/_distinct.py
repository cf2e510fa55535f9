"""A text column's distinct values and their row counts, for converting each value once.

With pyarrow, a pyarrow-backed text column (pandas' ``str`` dtype) is counted by
``pyarrow.compute.value_counts`` in one pass, and the columns of a file are counted two or
more at a time in threads (pyarrow releases the GIL) before the reader converts them in
order: :func:`counting` holds those counts while a reader runs, :func:`counted` hands one
over.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd

from cxresearch.io._ident import _arrow

_COUNTS: ContextVar[dict[int, tuple[Any, Future]] | None] = ContextVar("_COUNTS", default=None)


def text_array(column: pd.Series):
    """The pyarrow (large) string array behind ``column``, or None (another dtype, or no pyarrow)."""
    arr = _arrow(column)
    return arr if arr is not None and str(arr.type) in ("string", "large_string") else None


def _value_counts(arr):
    import pyarrow.compute as pc

    return pc.value_counts(arr)


@contextmanager
def counting(columns: Iterable[pd.Series]) -> Iterator[None]:
    """Count the distinct values of the pyarrow text ``columns`` in threads, for :func:`counted` to hand over."""
    arrays = [a for a in map(text_array, columns) if a is not None]
    workers = min(len(arrays), os.cpu_count() or 1, 4)
    if workers < 2:
        yield
        return
    with ThreadPoolExecutor(workers) as pool:
        token = _COUNTS.set({id(a): (a, pool.submit(_value_counts, a)) for a in arrays})
        try:
            yield
        finally:
            _COUNTS.reset(token)


def ahead(arr):
    """``pyarrow.compute.value_counts(arr)`` if :func:`counting` counted ``arr`` ahead, else None."""
    found = (_COUNTS.get() or {}).get(id(arr))
    return found[1].result() if found is not None and found[0] is arr else None


def counted(arr):
    """``pyarrow.compute.value_counts(arr)``, counted ahead by :func:`counting` when it was."""
    found = ahead(arr)
    return found if found is not None else _value_counts(arr)


def by_distinct_arrow(column: pd.Series, arr, convert) -> pd.Series:
    """``convert(values, counts)`` on the distinct values of a pyarrow text column; taken back by row if changed.

    The distinct values come in the order of their first row (as from ``pandas.factorize``),
    the missing value last, each with its number of rows. A column that its conversion
    leaves as it is (the usual labels, with no marker, score or number among them) is
    returned as read: no copy.
    """
    import pyarrow.compute as pc

    found = counted(arr)
    values_, counts = found.field("values"), found.field("counts").to_numpy(zero_copy_only=False)
    valid = values_.is_valid().to_numpy(zero_copy_only=False)
    if valid.sum() * 20 > len(column):
        return convert(column, None)
    present = values_.filter(valid)
    values = pd.Series(pd.array(present.to_pylist() + [np.nan], dtype=column.dtype))  # the last one missing
    counts = np.append(counts[valid], counts[~valid].sum())
    if counts[-1] == 0:
        values, counts = values.iloc[:-1], counts[:-1]
    out = convert(values, counts)
    if out.dtype == column.dtype and out.equals(values):
        return column
    codes = pc.index_in(arr, value_set=present).fill_null(len(present)).to_numpy(zero_copy_only=False)
    return pd.Series(out.to_numpy()[codes] if not isinstance(out.dtype, pd.api.extensions.ExtensionDtype)
                     else out.array.take(codes), index=column.index, name=column.name)
