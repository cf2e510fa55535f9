"""Counting in one vectorised pass: group numbers for key columns, and checks of count columns.

:func:`group_index` numbers the groups of one or more key columns in the order of
``DataFrame.groupby(keys, sort=True, observed=True)`` (categorical keys in category order,
other keys sorted, unobserved combinations left out), without building a groupby: each
key is factorised once (a categorical key costs nothing) and the codes are combined by
mixed radix, so a count table is then a single ``np.bincount``. Kano counts and drop-off
share it. :func:`count_columns` checks the count columns of a count table (unweighted,
or weighted as made by ``cx.kano.counts(..., weights=)``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from cxresearch._core.categories import CATEGORIES
from cxresearch._core.checks import bad_values, positions
from cxresearch.errors import CXInputError

__all__ = ["SUMW2", "Groups", "count_columns", "group_index", "small_take", "weight_sums", "whole_counts"]

SUMW2 = tuple(f"sumw2_{c}" for c in CATEGORIES)  # sums of squared weights per category (weighted tables)

INT64_MAX = np.iinfo(np.int64).max
_DENSE = 1 << 22  # combined key spaces up to this size (or the number of rows) are counted densely
_BLOCK = 1 << 16  # rows per block of a blocked count (its index buffer stays in the cache)


class Groups:
    """The groups of the rows of a frame, numbered in ``groupby(keys, sort=True, observed=True)`` order.

    ``ids`` holds each row's code (-1 where a key is missing) in a space of ``size`` codes
    (the combined key space when it is small); :meth:`bincount` counts per observed
    group, so no pass over the rows is spent renumbering them. ``keys`` has one row per
    observed group (dtypes kept).
    """

    def __init__(self, ids: np.ndarray, size: int, labels: list, names: list, radix: np.ndarray | None = None,
                 frame: pd.DataFrame | None = None):
        self.ids, self.size = ids, size
        self._labels, self._names, self._radix, self._frame = labels, names, radix, frame
        self._observed: np.ndarray | None = None
        self.n_missing = _negatives(ids)

    @property
    def missing(self) -> np.ndarray:
        """Rows with a missing key (not in any group)."""
        return self.ids < 0

    @property
    def observed(self) -> np.ndarray:
        """Codes of the groups that occur, sorted (one per row of ``keys``)."""
        if self._observed is None:
            self.bincount()
        return self._observed

    @property
    def n(self) -> int:
        """Number of groups."""
        return len(self.observed)

    @property
    def keys(self) -> pd.DataFrame:
        """One row per group: the key columns, their dtypes kept."""
        if self._frame is not None:
            return self._frame.iloc[self.observed].reset_index(drop=True)
        code = self.observed if self._radix is None else self._radix[self.observed]
        frame, stride = {}, int(np.prod([size for _, _, size in self._labels], dtype=np.int64))
        for name, (series, uniques, size) in zip(self._names, self._labels):
            stride //= size
            frame[name] = _labels(series, uniques, (code // stride) % size)
        out = pd.DataFrame(frame, index=range(len(code)))
        out.columns = pd.Index(self._names, dtype=object)
        return out

    def compact_ids(self) -> np.ndarray:
        """Each row's group number 0 .. n - 1 (the row of ``keys``), -1 where a key is missing."""
        remap = np.full(self.size + 1, -1, dtype=np.int64)
        remap[self.observed] = np.arange(self.n)
        return remap[np.where(self.missing, self.size, self.ids)]

    def bincount(self, slot: np.ndarray | None = None, slots: int = 1, weights: np.ndarray | None = None,
                 mask: np.ndarray | None = None, shift: int = 0) -> np.ndarray:
        """Per observed group (rows) and slot (columns): the number of rows, or the sum of ``weights``.

        ``slot + shift`` (0 .. slots - 1) is each row's column; ``mask`` leaves rows out. The
        first unmasked, unweighted count also finds the groups that occur. A small table is
        counted in blocks of rows through one preallocated index buffer (no array as long as
        the data is made, whatever the dtype of the codes); a large one in a single pass.
        """
        cells = self.size * slots
        if cells <= _BLOCK // 4 and len(self.ids) > _BLOCK:
            out = _blocked_bincount(self.ids, cells, slots, slot, shift, weights, mask, self.n_missing > 0)
        else:
            out = _whole_bincount(self.ids, cells, slots, slot, shift, weights, mask, self.missing)
        out = out.reshape(self.size, slots)
        if self._observed is None:
            if mask is None and weights is None:
                self._observed = np.flatnonzero(out.sum(axis=1) > 0)
            else:
                self.bincount()
        return out[self._observed]


def small_take(lut: np.ndarray, index: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``lut[index]`` for small integer codes (0 <= index < len(lut)), a block at a time through one intp buffer.

    numpy turns a small-integer index into an intp array as long as the data before taking;
    this takes it in blocks of ``_BLOCK`` so that no such array is made.

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch._core.counting import small_take
    >>> small_take(np.array([10, 20, 30]), np.array([2, 0, 1], dtype=np.int8)).tolist()
    [30, 10, 20]
    """
    out = np.empty(len(index), dtype=lut.dtype) if out is None else out
    buf = np.empty(min(len(index), _BLOCK), dtype=np.intp)
    for start in range(0, len(index), _BLOCK):
        part = index[start:start + _BLOCK]
        b = buf[:len(part)]
        np.copyto(b, part)
        np.take(lut, b, out=out[start:start + len(part)], mode="clip")  # in range: clip never clips
    return out


def _negatives(codes: np.ndarray) -> int:
    """How many codes are negative (missing): one reduction when none is, no mask made."""
    if not len(codes) or codes.min() >= 0:
        return 0
    return int(np.count_nonzero(codes < 0))


def _whole_bincount(ids, cells, slots, slot, shift, weights, mask, missing) -> np.ndarray:
    """One ``np.bincount`` over the whole index (large tables)."""
    idx = np.multiply(ids, slots, dtype=np.int64)
    if slot is not None:
        np.add(idx, slot, out=idx, dtype=np.int64)
    if shift:
        idx += shift
    keep = ~missing if missing.any() else None
    if mask is not None:
        keep = mask if keep is None else keep & mask
    if keep is not None:
        idx = idx[keep]
        weights = None if weights is None else weights[keep]
    return np.bincount(idx, weights=weights, minlength=cells)


def _blocked_bincount(ids, cells, slots, slot, shift, weights, mask, has_missing) -> np.ndarray:
    """The same counts, a block of rows at a time; left-out rows go to an extra bin, dropped at the end."""
    out = np.zeros(cells + 1, dtype=np.int64 if weights is None else np.float64)
    buf = np.empty(_BLOCK, dtype=np.intp)
    flag = np.empty(_BLOCK, dtype=bool)
    for start in range(0, len(ids), _BLOCK):
        part = slice(start, start + _BLOCK)
        block = ids[part]
        b, f = buf[:len(block)], flag[:len(block)]
        np.multiply(block, slots, out=b, dtype=np.intp)
        if slot is not None:
            np.add(b, slot[part], out=b, dtype=np.intp)
        if shift:
            np.add(b, shift, out=b)
        if has_missing:
            np.copyto(b, cells, where=np.less(block, 0, out=f))
        if mask is not None:
            np.copyto(b, cells, where=np.logical_not(mask[part], out=f))
        out += np.bincount(b, weights=None if weights is None else weights[part], minlength=cells + 1)
    return out[:cells]


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Sorted codes (-1 where missing) and the labels they stand for."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array.codes, values.cat.categories  # a read-only view (``.cat.codes`` copies)
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    return codes, uniques


def _labels(values: pd.Series, uniques, codes: np.ndarray):
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=values.dtype)
    labels = uniques.take(codes)
    if labels.dtype == object:  # infer as groupby does (text becomes the string dtype on pandas 3)
        labels = pd.Index(np.asarray(labels, dtype=object))
    return labels


def group_index(data: pd.DataFrame, keys: Sequence[Hashable]) -> Groups:
    """The groups of ``data`` by ``keys``, as ``groupby(keys, sort=True, observed=True)`` numbers them.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.counting import group_index
    >>> g = group_index(pd.DataFrame({"a": ["y", "x", "y", None], "b": [1, 1, 2, 1]}), ["a", "b"])
    >>> g.bincount().ravel().tolist(), g.keys.to_dict("list")
    ([1, 1, 1], {'a': ['x', 'y', 'y'], 'b': [1, 1, 2]})
    """
    keys = list(keys)
    try:
        parts = [_codes(data[k]) for k in keys]
    except TypeError:  # labels that cannot be sorted against each other: let pandas decide
        return _by_groupby(data, keys)
    labels = [(data[k], uniques, max(len(uniques), 1)) for k, (_, uniques) in zip(keys, parts)]
    space = float(np.prod([size for _, _, size in labels], dtype=float))
    if space >= 2.0**62:
        return _by_groupby(data, keys)
    if len(parts) == 1:
        return Groups(parts[0][0], labels[0][2], labels, keys)
    combined = parts[0][0].astype(np.int64)
    missing = combined < 0
    for (codes, _), (_, _, size) in zip(parts[1:], labels[1:]):
        missing |= codes < 0
        combined *= size
        combined += codes
    combined[missing] = -1
    if space <= max(_DENSE, len(data)):
        return Groups(combined, int(space), labels, keys)
    codes, radix = pd.factorize(combined, sort=True)  # a sparse key space: number the combinations seen
    if missing.any():
        codes, radix = codes - 1, radix[1:]  # -1 sorts first
    return Groups(codes.astype(np.int64), len(radix), labels, keys, radix=np.asarray(radix))


def _by_groupby(data: pd.DataFrame, keys: list) -> Groups:
    grouped = data[keys].groupby(keys, sort=True, observed=True)
    number = grouped.ngroup().to_numpy(dtype=float, na_value=np.nan)  # NaN where a key is missing
    ids = np.where(np.isnan(number), -1, number).astype(np.int64)
    frame = grouped.size().reset_index()[keys]
    return Groups(ids, len(frame), [], keys, frame=frame)


def whole_counts(values: pd.Series, column: str, error=CXInputError) -> np.ndarray:
    """A count column as int64, refusing missing, infinite, negative, fractional or too large values.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.counting import whole_counts
    >>> whole_counts(pd.Series([3.0, 0, 12]), "A").tolist()
    [3, 0, 12]
    """
    values = values.reset_index(drop=True)
    num = pd.to_numeric(values, errors="coerce")
    if pd.api.types.is_unsigned_integer_dtype(num.dtype):
        too_big = (num > INT64_MAX).to_numpy()
        num = num.astype(float).where(~too_big, np.inf)
    flt = num.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(flt) | (flt < 0) | (flt != np.floor(flt)) | (flt >= 2.0**63)
    if bad.any():
        raise bad_values(column, values, bad, "non-negative whole numbers (counts)",
                         "Counts must be finite and below 2**63; fill in missing cells with 0 only if "
                         "nobody gave that answer.", error=error)
    if pd.api.types.is_integer_dtype(num.dtype):
        return num.to_numpy(dtype=np.int64)
    return flt.astype(np.int64)


def weight_sums(values: pd.Series, column: str, error=CXInputError) -> np.ndarray:
    """A column of sums of weights (or of squared weights) as float64: non-negative and finite.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.counting import weight_sums
    >>> weight_sums(pd.Series([2.5, 0]), "A").tolist()
    [2.5, 0.0]
    """
    values = values.reset_index(drop=True)
    num = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(num) | (num < 0)
    if bad.any():
        raise bad_values(column, values, bad, "non-negative finite numbers (sums of weights)",
                         "A weighted count table holds sums of weights (A .. Q) and of squared weights "
                         "(sumw2_A .. sumw2_Q), as made by cx.kano.counts(..., weights=).", error=error)
    return num


def count_columns(data: pd.DataFrame, error=CXInputError) -> tuple[pd.DataFrame, bool]:
    """The validated count columns of a Kano count table, and whether it is weighted.

    Unweighted: ``A`` .. ``Q`` and ``n_missing`` (absent: 0) as int64 counts. Weighted
    (a ``sumw2_A`` column): ``A`` .. ``Q`` and ``sumw2_A`` .. ``sumw2_Q`` as float64 sums
    of weights and of squared weights, ``n_raw`` and ``n_missing`` as int64 counts; the
    sums must be ones that weights can give (a sum of squares is 0 exactly where the sum
    is, and at most its square; Kish's n_eff of a row is at most its ``n_raw``).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.counting import count_columns
    >>> frame, weighted = count_columns(pd.DataFrame({"A": [3], "O": 1, "M": 0, "I": 0, "R": 0, "Q": 0}))
    >>> frame.to_dict("records"), weighted
    ([{'A': 3, 'O': 1, 'M': 0, 'I': 0, 'R': 0, 'Q': 0, 'n_missing': 0}], False)
    """
    weighted = any(str(c).startswith("sumw2_") for c in data.columns)
    out = pd.DataFrame(index=range(len(data)))
    if not weighted:
        for c in (*CATEGORIES, "n_missing"):
            out[c] = whole_counts(data[c], c, error) if c in data.columns else np.zeros(len(data), dtype=np.int64)
        return out, False
    needed = [*CATEGORIES, *SUMW2, "n_raw"]
    absent = [c for c in needed if c not in data.columns]
    if absent:
        raise error(f"A weighted count table (it has {[c for c in data.columns if str(c).startswith('sumw2_')]}) "
                    f"needs the columns {needed}; missing {absent}. Make it with cx.kano.counts(..., weights=).")
    for c in (*CATEGORIES, *SUMW2):
        out[c] = weight_sums(data[c], c, error)
    out["n_missing"] = whole_counts(data["n_missing"], "n_missing", error) if "n_missing" in data.columns \
        else np.zeros(len(data), dtype=np.int64)
    out["n_raw"] = whole_counts(data["n_raw"], "n_raw", error)
    _check_weighted(out, error)
    return out, True


def _check_weighted(out: pd.DataFrame, error) -> None:
    """Refuse sums that no set of non-negative weights can give."""
    s, s2 = out[list(CATEGORIES)].to_numpy(), out[list(SUMW2)].to_numpy()
    tol = 1 + 1e-9
    bad = ((s > 0) != (s2 > 0)) | (s2 > s**2 * tol)
    total, total2 = s.sum(axis=1), s2.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(total2 > 0, total**2 / total2, 0.0)
    bad_rows = bad.any(axis=1) | (n_eff > out["n_raw"].to_numpy() * tol + 1e-9)
    if bad_rows.any():
        raise error(f"Weighted count table: row(s) {positions(bad_rows)} cannot come from weights: a sum of "
                    "squared weights (sumw2_X) must be 0 exactly where the sum of weights (X) is, at most its "
                    "square, and the row's Kish n_eff = (sum of A..Q)**2 / (sum of sumw2_A..Q) at most its "
                    "n_raw (answers counted). Make the table with cx.kano.counts(..., weights=).")
