"""``read_table``: a plain table of answers (one header row, one row per respondent), CSV or Excel."""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from cxresearch._core.params import Integer, Text, declared
from cxresearch.errors import SurveyReadError
from cxresearch.io._common import EXCEL, TEXT, bracket_grid, check_path, read_cells
from cxresearch.io._ident import is_identifier
from cxresearch.io._tables import _one_header

__all__ = ["read_table"]


@declared(error=SurveyReadError, sheet=[Text(), Integer(0)])
def read_table(path: str | os.PathLike, *, sheet: Any = 0, encoding: str | None = None, sep: str | None = None,
               decimal: str | None = None, on_bad_lines: str = "error") -> pd.DataFrame:
    """Read a plain table of answers: one header row, then one row per respondent.

    For the tables researchers make themselves or get from a colleague (a CSV saved from
    Excel, SPSS or R, a TSV, a sheet), which no survey tool's reader recognises. Text files
    are read like the survey tools' CSV exports: any encoding Excel writes (detected), the
    delimiters ``,`` ``;`` tab ``|`` (detected), decimal commas, and rows that do not fit
    the header refused with their line numbers or, with ``on_bad_lines="skip"``, counted.

    Parameters
    ----------
    path : str or path-like
        A ``.csv``, ``.tsv`` or ``.txt`` file, or an ``.xlsx`` / ``.xlsm`` / ``.xls`` workbook.
    sheet : str or int, default 0
        For a workbook: the sheet, by name or 0-based position.
    encoding, sep, decimal, on_bad_lines : optional
        For text files, as in :func:`read_qualtrics`.

    Returns
    -------
    pandas.DataFrame
        The answers under their header names, numeric columns as numbers (identifiers and
        values that would not round-trip stay text); fully empty rows are left out and
        counted. ``frame.attrs["cxresearch"]`` holds the reader ("table"), the encoding,
        the row accounting and the notes, so :func:`describe` shows it.

    Raises
    ------
    SurveyReadError
        A missing file, another extension, an empty file, repeated header names, an
        encoding that cannot be told, or rows that do not fit the header.

    See Also
    --------
    read_survey : a survey tool's export, its format told from the file.
    read_excel : a plain Excel sheet whose header is not on the first row.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ratings.csv"
    >>> _ = path.write_text("id;overall;wifi\\n007;4,5;3\\n008;3;\\n", encoding="cp1252")
    >>> df = cx.io.read_table(path)
    >>> df
        id  overall  wifi
    0  007      4.5   3.0
    1  008      3.0   NaN
    >>> df.attrs["cxresearch"]["reader"], df.attrs["cxresearch"]["rows"]["n_used"]
    ('table', 2)
    """
    file = check_path(path, TEXT + EXCEL + (".xls",), "read_table")
    cells = read_cells(file, sheet, encoding=encoding, sep=sep, decimal=decimal, on_bad_lines=on_bad_lines)
    names, data, record = _one_header(file, cells, 0, "table")
    record.id_columns = [n for n in names if is_identifier(n)]  # kept as text by record.typed
    record.questions = {n: n for n in names if n not in record.id_columns}
    record.grid = bracket_grid(record.questions)
    return record.attach({n: record.typed(data[n], n) for n in names})
