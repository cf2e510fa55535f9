"""A text column's distinct values (in the order of their first row) and its rows' codes into them.

With pyarrow, a pyarrow-backed text column (pandas' ``str`` dtype) is looked up against the
distinct values of its first rows (``pyarrow.compute.is_in``, one pass); when a value
appears only further down, the whole column is counted instead (``value_counts``). Plain
labels and one-character codes are told from the column's bytes (``_bytes``) without any
lookup. The lookups of a file's columns are done ahead in a thread (pyarrow releases the
GIL) while the reader converts the columns before them: :func:`counting` holds the results
while a reader runs, :func:`ahead` and :func:`distinct` hand one over.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxresearch.io._bytes import one_byte_rows, plain
from cxresearch.io._ident import _arrow

_COUNTS: ContextVar[dict[int, tuple[Any, Future]] | None] = ContextVar("_COUNTS", default=None)
_SHARED: ContextVar[set[int] | None] = ContextVar("_SHARED", default=None)  # looked at by whichever thread is first
_HEAD = 5000  # rows whose distinct values are looked for in the whole column first
_CHANGING = tuple("0123456789+-.(")  # first characters of numbers, scores and skip markers


@dataclass
class Distinct:
    """The distinct values of a text column (``arr``), in the order of their first rows."""

    arr: Any  # the column's pyarrow array
    values: Any  # pyarrow array of its distinct values, no null; None when the column is mostly distinct
    missing: bool  # whether some row is missing
    codes: Any = None  # each row's position among the values (null: missing), when the check made them
    plain: bool = False  # every value begins and ends plainly: ``values`` are those of the first rows only
    rows: Any = None  # numpy: each row's position among the values (``len(values)``: missing), if made so

    def row_codes(self) -> np.ndarray:
        """Each row's position among the values (``len(values)`` for a missing row), computed when asked."""
        import pyarrow.compute as pc

        if self.rows is not None:
            return self.rows
        if self.codes is None and len(self.values) == 1:  # one value: 0 where present, 1 where missing
            return self.arr.is_null().to_numpy(zero_copy_only=False).astype(np.int8)
        if self.codes is None:
            self.codes = pc.index_in(self.arr, value_set=self.values)
        return self.codes.fill_null(len(self.values)).to_numpy(zero_copy_only=False)

    def counts(self) -> np.ndarray:
        """Rows per distinct value (and per missing value last, when some row is missing)."""
        size = len(self.values) + self.missing
        return np.bincount(self.row_codes(), minlength=size)[:size]


class _Counts:
    """The rows carrying each distinct value, counted when first asked (only a conversion that changes a value asks)."""

    def __init__(self, found: Distinct) -> None:
        self._found, self._counts = found, None

    def __getitem__(self, key):
        if self._counts is None:
            self._counts = self._found.counts()
        return self._counts[key]


def text_array(column: pd.Series):
    """The pyarrow (large) string array behind ``column``, or None (another dtype, or no pyarrow)."""
    arr = _arrow(column)
    return arr if arr is not None and str(arr.type) in ("string", "large_string") else None


def _distinct(arr, quick: bool = True, lookup: bool = False) -> Distinct:
    """One pass over the column: is each row among the values of its first rows? (Their codes kept, if so.)

    ``quick``: when every value is plain (``_bytes.plain``), say so instead of finding them all.
    ``lookup``: pyarrow's lookups only, no numpy pass over the rows (in :func:`counting`'s thread);
    a column whose every row is among its first values, all plain, is then said plain too.
    """
    import pyarrow.compute as pc

    values, codes = pc.unique(arr.slice(0, _HEAD)).drop_null(), None
    if quick and not lookup and len(values) and not _changes(values) and plain(arr):
        return Distinct(arr, values, arr.null_count > 0, plain=True)  # labels: no conversion changes them
    if not lookup and len(values) and all(len(v) == 1 and v.isascii() for v in values.to_pylist()):
        found = _one_byte(arr, values)
        if found is not None:
            return found
    if len(values) == 1:  # one value (a constant column): compared, not looked up
        seen = pc.sum(pc.equal(arr, values[0])).as_py() or 0
    elif len(values) and _changes(values):  # the rows' codes will be wanted: made by the same pass
        codes = pc.index_in(arr, value_set=values)  # null where missing, or not among the values
        seen = len(arr) - codes.null_count
    else:  # one bit per row (labels: the column is most likely returned as read, its codes never asked for)
        seen = pc.sum(pc.is_in(arr, value_set=values)).as_py() or 0
    if seen != len(arr) - arr.null_count:  # a value first seen further down: count the whole column
        values, codes = pc.value_counts(arr).field("values").drop_null(), None
    elif quick and lookup and len(values) and not _changes(values) and plain(values):
        return Distinct(arr, values, arr.null_count > 0, codes, plain=True)  # every row among plain values
    return Distinct(arr, values if len(values) <= len(arr) // 20 else None, arr.null_count > 0, codes)


def _one_byte(arr, head) -> Distinct | None:
    """The distinct values of a column of one ASCII character each (scores 1-9, codes), told from its bytes
    (``_bytes.one_byte_rows``): in the order of their first row, as :func:`_distinct` gives them."""
    import pyarrow as pa

    got = one_byte_rows(arr)
    if got is None:
        return None
    order = [ord(v) for v in head.to_pylist()]
    lookup = np.full(256, -1, dtype=np.int16)  # -1: a byte not among the first rows' values
    lookup[order], lookup[0xFF] = np.arange(len(order)), len(order)
    rows = np.take(lookup, got)
    if int(rows.min()) < 0:  # a value first seen further down: in the order of its first row
        seen = np.bincount(got, minlength=256)[:0x80]
        order += sorted((b for b in np.flatnonzero(seen).tolist() if b not in order),
                        key=lambda b: int(np.argmax(got == b)))
        lookup = np.full(256, len(order), dtype=np.int16)
        lookup[order] = np.arange(len(order))
        rows = np.take(lookup, got)
    return Distinct(arr, pa.array([chr(b) for b in order], type=arr.type), arr.null_count > 0, rows=rows)


def _changes(values) -> bool:
    """Whether a conversion is likely to change some of these values: numbers, scores, codes, markers, padding."""
    return any(v[:1] in _CHANGING or v != v.strip() for v in values.to_pylist())


@contextmanager
def counting(columns: Iterable[tuple[pd.Series, bool | str]]) -> Iterator[None]:
    """Share the looks at a file's columns between the reader's thread and one more thread.

    ``columns`` come in the order the reader asks for them: ``"encoded"`` (every row's code
    among the distinct values, for :func:`encoded`), ``True`` (the distinct values, for
    :func:`distinct`) or ``False`` (read value by value: not looked at here). The thread works
    out the codes and the columns whose first values are numbers, scores or markers first, in
    reading order (pyarrow's long lookups, which release Python's lock); then the other
    columns read by distinct value from the last one back, by pyarrow's lookup too. The reader
    takes the columns from the first one on: a column the thread has not begun is looked at in
    the reader's thread, with numpy on the column's bytes (``_bytes``). Numpy's calls on a block
    of rows are short, so two threads making them wait on each other for Python's lock
    (measured on 2 cores: 4-16 ms a column in two threads against 2-3 ms in one); pyarrow's
    lookup in the other thread does not.
    """
    arrays = [(a, few) for a, few in ((text_array(c), few) for c, few in columns)
              if a is not None and (few == "encoded" or (few and len(a) >= 2000))]
    if not arrays or (os.cpu_count() or 1) < 2:
        yield
        return
    first = [(a, few) for a, few in arrays if few == "encoded" or _hashed(a)]
    ahead = {id(a) for a, _ in first}
    shared = [(a, few) for a, few in reversed(arrays) if id(a) not in ahead]
    with ThreadPoolExecutor(1) as pool:
        found = {id(a): (a, pool.submit(_encode, a) if few == "encoded" else pool.submit(_distinct, a, True, True))
                 for a, few in first + shared}
        token, taken = _COUNTS.set(found), _SHARED.set({id(a) for a, _ in shared})
        try:
            yield
        finally:
            for _, job in found.values():
                job.cancel()
            _SHARED.reset(taken)
            _COUNTS.reset(token)


def _hashed(arr) -> bool:
    """Whether :func:`_distinct` will look the column up by hash (its first values change under conversion
    and are not all one ASCII character): worth doing ahead."""
    import pyarrow.compute as pc

    values = pc.unique(arr.slice(0, _HEAD)).drop_null()
    return bool(len(values)) and _changes(values) and not all(len(v) == 1 and v.isascii() for v in values.to_pylist())


def _ahead(arr) -> Any:
    """What :func:`counting`'s thread found for ``arr``, waiting for it if begun; None if not asked for, or not
    begun yet for a column the reader's thread can look at itself (then the thread will not)."""
    found = (_COUNTS.get() or {}).get(id(arr))
    if found is None or found[0] is not arr:
        return None
    if id(arr) in (_SHARED.get() or ()) and found[1].cancel():
        return None
    return found[1].result()


def ahead(arr) -> Distinct | None:
    """The distinct values of ``arr`` if :func:`counting` found them ahead, else None."""
    found = _ahead(arr)
    return found if isinstance(found, Distinct) else None


def encoded(arr) -> tuple[np.ndarray, list]:
    """Each row's position among the distinct values of a pyarrow text array (-1: missing) and those values,
    in the order of their first row (as ``pandas.factorize``); worked out ahead by :func:`counting` if asked."""
    found = _ahead(arr)
    return found if isinstance(found, tuple) else _encode(arr)


def _encode(arr) -> tuple[np.ndarray, list]:
    import pyarrow.compute as pc

    coded = pc.dictionary_encode(arr)  # one dictionary shared by the chunks, in first-row order
    chunks = getattr(coded, "chunks", [coded])
    if not chunks:
        return np.zeros(0, dtype=np.intp), []
    codes = np.concatenate([c.indices.fill_null(-1).to_numpy(zero_copy_only=False) for c in chunks])
    return codes.astype(np.intp, copy=False), chunks[0].dictionary.to_pylist()


def distinct(arr) -> Distinct:
    """The distinct values of ``arr``, found ahead by :func:`counting` when they were."""
    found = ahead(arr)
    return found if found is not None else _distinct(arr)


def by_distinct_arrow(column: pd.Series, arr, convert, keeps_plain: bool = False) -> pd.Series:
    """``convert(values, counts)`` on the distinct values of a pyarrow text column; taken back by row if changed.

    The distinct values come in the order of their first row (as from ``pandas.factorize``),
    the missing value last; ``counts`` gives the number of rows of each. A column that its
    conversion leaves as it is (the usual labels, with no marker, score or number among
    them) is returned as read: no copy. ``keeps_plain=True`` says that ``convert`` changes no
    plain value (one that begins no number, score, marker or white space and ends with none,
    ``_bytes.plain``): a column of such values is then returned without looking further.
    """
    found = distinct(arr)
    if found.plain and keeps_plain:
        return column
    if found.plain:
        found = _distinct(arr, quick=False)
    if found.values is None or len(found.values) * 20 > len(column):  # mostly distinct after all
        return convert(column, None)
    values = pd.Series(pd.array(found.values.to_pylist() + [np.nan] * found.missing, dtype=column.dtype))
    out = convert(values, _Counts(found))
    if out.dtype == column.dtype and out.equals(values):
        return column
    return pd.Series(_taken(out, found), index=column.index, name=column.name, copy=False)


def _taken(out: pd.Series, found: Distinct):
    """The converted distinct values taken back by row: by pyarrow for numbers (numpy's take with the
    rows' 32-bit codes costs three times as much), by the array's own take otherwise."""
    import pyarrow as pa

    if isinstance(out.dtype, pd.api.extensions.ExtensionDtype) or out.dtype.kind not in "biuf":
        codes = found.row_codes().astype(np.intp)
        return out.array.take(codes) if isinstance(out.dtype, pd.api.extensions.ExtensionDtype) else \
            np.take(out.to_numpy(), codes)
    codes = found.codes.fill_null(len(found.values)) if found.codes is not None else pa.array(found.row_codes())
    taken = pa.array(out.to_numpy()).take(codes)
    return taken.to_numpy(zero_copy_only=False) if isinstance(taken, pa.Array) else taken.to_numpy()
