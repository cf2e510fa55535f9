"""Answers that hold whole rows of their file: what a stray quote does to the rows between two quotes.

A quote that opens an answer and is never closed on its line makes the parser read on, over
the line ends, to the next quote: the rows between are read into that one answer. When the
quote that closes it sits in the same column of a later row, the joined record has the
header's number of fields, so nothing else tells: those respondents are gone without a word.
A multi-line answer (a comment over two lines) is common and legitimate; one whose lines
have the file's full number of fields, like whole rows, is not. Such answers are said in a
note (never refused: a long comment may happen to hold that many delimiters).

Only a file parsed with quoting can hold an answer over lines. The answers holding a line
break are found from each column's bytes (one ``find`` per block of values); only those
with as many delimiters as a row has are split into lines and read by the ``csv`` module.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from cxresearch.io._distinct import text_array


def joined_rows(grid: pd.DataFrame, sep: str) -> str | None:
    """A note naming the answers of ``grid`` (every cell as text, the header first) whose lines after the first
    have the header's number of fields, like whole rows; None when there is none."""
    width = grid.shape[1]
    if width < 2 or len(grid) < 2:
        return None
    hits: list[tuple[int, int, int]] = []  # (record, column, lines like rows)
    for j in range(width):
        rows = _broken(grid.iloc[:, j], sep, width - 1)
        for i in rows[:1000]:
            lines = str(grid.iat[i, j]).splitlines()[1:]
            like = sum(len(next(csv.reader([ln], delimiter=sep), [])) == width for ln in lines)
            if like:
                hits.append((int(i), j, like))
    if not hits:
        return None
    i, j, like = min(hits)
    head = grid.iat[0, j]
    return (f"{len(hits)} answer(s) hold lines with this file's {width} fields, like whole rows (the first: "
            f"column {j + 1} ({head!r}) of record {i + 1}, the header being record 1; {like} such line(s)): a "
            "stray quote (\") may have joined the rows between two quotes into one answer, and those rows are not "
            "counted. Check the quotes on those lines in the file.")


def _broken(column: pd.Series, sep: str, least: int) -> np.ndarray:
    """Positions of the values that hold a line break and at least ``least`` delimiters."""
    arr = text_array(column)
    if arr is not None:
        import pyarrow.compute as pc

        if not any(_holds_break(chunk) for chunk in getattr(arr, "chunks", [arr])):
            return np.zeros(0, dtype=np.int64)
        mask = pc.and_(pc.match_substring_regex(arr, "[\r\n]"), pc.greater_equal(pc.count_substring(arr, sep), least))
        return np.flatnonzero(mask.to_numpy(zero_copy_only=False) == True)  # noqa: E712 - null is not a hit
    text = column.astype(object)
    held = text.map(lambda v: isinstance(v, str) and ("\n" in v or "\r" in v) and v.count(sep) >= least)
    return np.flatnonzero(held.to_numpy(dtype=bool))


def _holds_break(chunk) -> bool:
    """Whether a pyarrow text chunk's bytes hold a line end (its values' bytes, searched at C speed)."""
    data = chunk.buffers()[2]
    if data is None:
        return False
    raw = data.to_pybytes()
    return b"\n" in raw or b"\r" in raw
