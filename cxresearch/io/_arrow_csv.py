"""A text export's cells through pyarrow's CSV reader, every column typed as text by name.

This is what ``pandas.read_csv(engine="pyarrow", header=None, dtype=str, na_values=[""])``
does on pyarrow 25 and later. With an older pyarrow, pandas lets pyarrow infer each column's
type and turns it into text afterwards: a column whose header is a number (``2024``) is read
as numbers first, so ``007`` comes back as ``7`` and the header as ``2024.0``. Here every
column is typed as text by its position-generated name (``f0``, ``f1``, ...), with any
pyarrow; the number of columns is read from the file's first row by pyarrow itself (a file
whose first row it cannot count alike is left to pandas). Messages and errors are pandas'
own, so the reader treats them alike. With pandas 3 the columns are its pyarrow-backed ``str``;
with pandas 2 (whose own pyarrow engine types by inference on any pyarrow) they are object
columns, missing as NaN, as its C engine gives them.
"""

from __future__ import annotations

import codecs
import io
import mmap
import os
from pathlib import Path

import numpy as np
import pandas as pd


_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def read_grid(file: Path, sep: str, encoding: str, quotes: int = -1,
              skip: int = 0) -> tuple[pd.DataFrame | None, list | None]:
    """Every cell as text (missing where empty) and the bad-row messages, or None and the parser error; or
    None, None for a file whose first row this module cannot count alike (pandas is to read it).

    The messages and errors are pandas' own (``ParserWarning`` texts "Expected N columns, but
    found M: ...", ``ParserError``, ``EmptyDataError``), so the reader treats them alike.
    ``quotes``: the number of quote characters in the file, if counted (-1: not counted); ``skip``: the
    lines before the header (Excel's ``sep=;`` hint).
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    caught: list = []

    def bad(row) -> str:
        caught.append(f"Expected {row.expected_columns} columns, but found {row.actual_columns}: {row.text}")
        return "skip"

    width = _width(file, sep, encoding, skip)
    if width is None:
        return None, None
    text = pa.large_string()
    view, found = _looked(file, quotes)
    source = pa.BufferReader(pa.py_buffer(view)) if view is not None else file
    try:
        table = pcsv.read_csv(
            source, read_options=pcsv.ReadOptions(autogenerate_column_names=True, encoding=encoding, skip_rows=skip,
                                                  block_size=_unsplit(file, encoding) if found else block_size(file)),
            parse_options=pcsv.ParseOptions(delimiter=sep, invalid_row_handler=bad, newlines_in_values=found,
                                            quote_char='"' if found else False),
            convert_options=pcsv.ConvertOptions(column_types={f"f{i}": text for i in range(width)},
                                                strings_can_be_null=True, null_values=[""]),
            memory_pool=_pool())
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):
            raise pd.errors.EmptyDataError("No columns to parse from file") from exc
        return None, [pd.errors.ParserError(exc)]
    finally:
        source = None  # the parsed values are copies: the mapping may go
        _unmap(view)
    if table.num_columns != width or any(t != text for t in table.schema.types):
        return None, None  # the header was read otherwise: let pandas read it all
    if _PANDAS_3:  # its pyarrow-backed ``str``, no copy
        grid = table.to_pandas(types_mapper={text: pd.StringDtype(na_value=np.nan)}.get)
    else:  # pandas 2: object columns, missing as NaN (as its C engine gives them)
        grid = table.to_pandas()
        grid = grid.where(grid.notna(), np.nan)
    grid.columns = pd.Index(np.arange(width, dtype=np.int64))  # as pandas labels them (not a RangeIndex)
    grid.attrs["quoted"] = found  # parsed with quoting: an answer may run over lines (taken off by the caller)
    return grid, caught


def quoted(file: Path, quotes: int = -1) -> bool:
    """Whether the file holds a quote character (``quotes``: their number, if counted; -1: look).

    pyarrow cuts a file into blocks at line ends and parses the blocks in parallel; unless told
    that values may hold line ends (``newlines_in_values``, which makes the cutting serial and
    the parse a third slower), a quoted answer written over two lines that a cut falls inside is
    split in two rows without a word. Only a quoted value can hold a line end, so a file with no
    quote character is parsed in parallel (and with no quoting at all, which tokenises faster).
    The file is mapped and searched for the byte of ``"`` (memchr); :func:`read_grid` then parses
    the mapping itself, so the look costs 3-5 ms on 50-85 MB (its pages count in the resident set
    while they are mapped). In UTF-16 that byte may belong to another character, which only costs
    the serial cut.
    """
    if quotes >= 0:
        return quotes > 0
    view = _mapped(file)
    try:
        return view.find(b'"') >= 0 if view is not None else _scan(file)
    finally:
        _unmap(view)


def _looked(file: Path, quotes: int):
    """Whether the file holds a quote, and the file mapped when it was searched whole and holds none (then parsed
    from the mapping: the look costs no second read). A quote in the first 64 kB (Qualtrics quotes every field)
    is found without mapping the file, whose pages would count in the resident set while it is parsed."""
    if quotes >= 0:
        return None, quotes > 0
    with open(file, "rb") as f:
        if b'"' in f.read(1 << 16):
            return None, True
    view = _mapped(file)
    if view is None:
        return None, _scan(file)
    if view.find(b'"') >= 0:
        _unmap(view)
        return None, True
    return view, False


def _mapped(file: Path):
    """The file mapped read-only, its pages read in at once where the system can (Linux); None when empty, or
    when it cannot be mapped (then read in blocks: :func:`_scan`)."""
    with open(file, "rb") as f:
        if not os.fstat(f.fileno()).st_size:
            return None
        try:
            if hasattr(mmap, "MAP_SHARED"):  # POSIX
                return mmap.mmap(f.fileno(), 0, flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0),
                                 prot=mmap.PROT_READ)
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # Windows
        except (OSError, ValueError):  # a file system or a lock that allows no mapping
            return None


def _scan(file: Path) -> bool:
    """Whether the file holds a quote character, read in blocks."""
    with open(file, "rb") as f:
        while block := f.read(1 << 23):
            if b'"' in block:
                return True
    return False


def _unmap(view) -> None:
    if view is not None:
        try:
            view.close()
        except BufferError:  # still exported (an exception's traceback holds the reader): freed with it
            pass


def _pool():
    """pyarrow's jemalloc pool where the wheel has it (Linux, macOS), else its default pool.

    With its default pool (mimalloc) the first read in a fresh process took 190-480 ms for a
    50 MB export on a 2-core machine, with jemalloc 120-180 ms (the parse's two threads take
    their first pages from the system faster); later reads take the same time with either.
    """
    import pyarrow as pa

    try:
        return pa.jemalloc_memory_pool()
    except (NotImplementedError, AttributeError):
        return pa.default_memory_pool()


def block_size(file: Path) -> int:
    """Bytes per block read: 2 MB, twice pyarrow's default.

    Each block becomes a chunk of every column, and the column checks that follow make a few
    numpy and pyarrow calls per chunk: half as many chunks halve that overhead. Larger blocks
    cost memory while they are parsed (a 63 MB Qualtrics export: peak 1.55-1.60 kB per row
    with 1 MB blocks, 1.58-1.63 with 2 MB, 1.85-1.93 with 4 MB; pandas 0.99).
    """
    return 2 << 20


def _unsplit(file: Path, encoding: str) -> int:
    """:func:`block_size`, or a byte more (or a few), so that no block ends inside the bytes of a ``\\r\\n`` line
    break: pyarrow (to 26 at least, apache/arrow#51368) drops such a ``\\n`` inside a quoted answer, which then
    reads ``\\r`` alone. The blocks of a file read from its path begin at multiples of the block size (before
    any decoding), so a few bytes either side of each are read (a few hundred small reads for a large file)."""
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    marks = {"\r\n".encode(e) for e in (("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be") if wide else ("ascii",))}
    reach = max(map(len, marks))
    size, total = block_size(file), os.stat(file).st_size
    with open(file, "rb") as f:
        for step in range(64):
            for end in range(size + step, total, size + step):
                f.seek(end - reach + 1)
                near = f.read(2 * reach - 2)
                if any(0 < i < len(m) for m in marks if (i := _crossing(near, m, reach - 1)) is not None):
                    break
            else:
                return size + step
    return size


def _crossing(near: bytes, mark: bytes, at: int) -> int | None:
    """Where, inside ``mark``, the cut at ``near[at]`` falls when ``mark`` straddles it; else None."""
    start = near.find(mark, max(0, at - len(mark) + 1))
    while 0 <= start < at:
        if start + len(mark) > at:
            return at - start
        start = near.find(mark, start + 1)
    return None


def _width(file: Path, sep: str, encoding: str, skip: int = 0) -> int | None:
    """The number of fields pyarrow reads in the file's first row after ``skip`` lines (from its first bytes),
    or None."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    size = 1 << 16
    with open(file, "rb") as f:
        while True:  # a first row longer than 64 kB (hundreds of long question texts): read on to its end
            f.seek(0)
            data = f.read(size)
            text = data.decode(encoding, errors="ignore")  # only the delimiters count here
            for _ in range(skip):
                text = after_first_line(text)
            if max(text.rfind("\n"), text.rfind("\r")) >= 0 or len(data) < size or size >= 1 << 26:
                break
            size <<= 3
    text = whole_lines(text)
    try:
        first = pcsv.read_csv(io.BytesIO(text.encode("utf-8")),
                              read_options=pcsv.ReadOptions(autogenerate_column_names=True),
                              parse_options=pcsv.ParseOptions(delimiter=sep, invalid_row_handler=lambda _: "skip"))
    except pa.ArrowInvalid:
        return None
    return first.num_columns


def whole_lines(text: str) -> str:
    """``text`` up to its last line end (``\\n``, ``\\r\\n`` or a lone ``\\r``, as old Mac exports end lines), or
    all of it when it holds one line only."""
    return text[:max(text.rfind("\n"), text.rfind("\r")) + 1] or text


def after_first_line(text: str) -> str:
    """``text`` after its first line end (``\\r\\n``, ``\\n`` or a lone ``\\r``); empty when it holds one line."""
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    if not ends:
        return ""
    end = min(ends)
    return text[end + (2 if text[end:end + 2] == "\r\n" else 1):]
