"""What every reader shares: file checks, raw cell grids, optional packages, the metadata record.

A reader turns a file into a grid of raw cells (:func:`read_cells`), finds the header rows,
builds the answer frame and fills a :class:`Record`; :meth:`Record.attach` writes the metadata
contract into ``frame.attrs["cxresearch"]`` (reader, source, questions, grid, value_labels,
id_columns, dropped_columns, rows, notes).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error
from cxresearch.errors import SurveyReadError
from cxresearch.io._ident import is_identifier, typed
from cxresearch.io._text import TextInfo, check_options, parse, reused
from cxresearch.io._xlsx_marks import sheet_names, sheet_notes

INSTALL = 'pip install "cxresearch[io]"'
EXCEL = (".xlsx", ".xlsm")
TEXT = (".csv", ".tsv", ".txt")


def optional(package: str, purpose: str) -> ModuleType:
    """Import an optional reader dependency, or raise naming it and the install command."""
    try:
        return importlib.import_module(package)
    except ImportError as exc:
        raise SurveyReadError(f"Reading {purpose} needs the optional package {package!r}, which is not "
                              f"installed. Install it with {INSTALL} (or pip install {package}).") from exc


def check_path(path: Any, suffixes: tuple[str, ...], reader: str) -> Path:
    """``path`` as an existing file whose extension one of ``suffixes``; the error names the fix."""
    if not isinstance(path, (str, Path)):
        raise arg_error("path", "a file path (str or pathlib.Path)", path, error=SurveyReadError)
    file = Path(path)
    if not file.is_file():
        where = "is a folder" if file.is_dir() else "does not exist"
        raise SurveyReadError(f"`path` must be an existing file; got {str(file)!r}, which {where}. "
                              "Check the spelling and the working directory (Path.cwd()).")
    if file.suffix.lower() not in suffixes:
        raise SurveyReadError(f"`path` must be a {' / '.join(suffixes)} file for {reader}(); got "
                              f"{file.name!r}. Use cx.io.read_survey(path) to pick the reader from the file.")
    return file


def read_cells(file: Path, sheet: Any = 0, **text: Any) -> tuple[pd.DataFrame, TextInfo]:
    """Every cell of a CSV/TSV, .xlsx or .xls file as a grid (no header, empty cells missing) and how it was read.

    ``text`` (``encoding``, ``sep``, ``decimal``, ``on_bad_lines``) applies to text files only.
    """
    suffix = file.suffix.lower()
    if suffix in TEXT:
        if sheet is not None and not (isinstance(sheet, int) and not isinstance(sheet, bool) and sheet == 0):
            raise arg_error("sheet", f"left out for a text file ({file.name!r} has no sheets: `sheet` names one of "
                            "an Excel workbook)", sheet, error=SurveyReadError)
        return parse(file, **text)
    check_options(**{k: text.get(k) for k in ("encoding", "sep", "decimal")},
                  on_bad_lines=text.get("on_bad_lines", "error"))
    legacy = _workbook_kind(file) == "xls"
    said = [] if legacy == (suffix == ".xls") else [
        f"{file.name!r} is {'a legacy .xls' if legacy else 'an .xlsx'} workbook under the name {file.suffix}: read as "
        "one (by its content, as Excel opens it)."]
    if legacy:
        return reused(file, ("sheet", sheet), lambda: (_xls_cells(file, sheet), TextInfo(notes=said)))
    return reused(file, ("sheet", sheet),
                  lambda: (_xlsx_cells(file, sheet), TextInfo(notes=said + sheet_notes(file, sheet))))


def _workbook_kind(file: Path) -> str:
    """What a workbook's first bytes say it is: "xlsx" (a zip) or "xls" (an OLE2 compound file); a file that is
    neither, or a password-protected workbook, is refused with what it is and the fix."""
    with open(file, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in file.read_bytes():  # the stream of an encrypted workbook
            raise SurveyReadError(f"{file.name!r} is a password-protected workbook: its cells are encrypted. Open it "
                                  "in Excel, remove the password (File > Info > Protect Workbook) and save it.")
        return "xls"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise SurveyReadError(f"{file.name!r} is a web page (HTML or XML) under a workbook's name, as some survey "
                              "tools download 'Excel' files. Open it in Excel and save it as .xlsx, or download the "
                              "CSV export.")
    if not head or b"\x00" in head[:4096]:
        return "xlsx"  # empty or binary: openpyxl's own message
    raise SurveyReadError(f"{file.name!r} is a text file under a workbook's name ({file.suffix}), not a workbook. "
                          "Rename it to .csv (or .txt) and read it again.")


def _xlsx_cells(file: Path, sheet: Any) -> pd.DataFrame:
    """Every cell of an .xlsx sheet (openpyxl), no header, empty cells missing."""
    optional("openpyxl", f"the Excel file {file.name!r}")
    try:
        with open(file, "rb") as handle:  # a handle: openpyxl refuses an .xlsx named .xls by its name
            grid = pd.read_excel(handle, sheet_name=sheet, header=None, dtype=object, engine="openpyxl")
    except (ValueError, IndexError, KeyError) as exc:
        names = sheet_names(file)
        raise arg_error("sheet", "a sheet name or 0-based position in the workbook" +
                        (f"; the sheets of {file.name!r} are {names}" if names else ""), sheet,
                        f"{file.name!r}: {exc}" if not names else "", error=SurveyReadError) from exc
    except Exception as exc:  # noqa: BLE001 - zip/xml errors of a file that is not a workbook
        raise SurveyReadError(f"{file.name!r} could not be read as an .xlsx workbook ({exc}).") from exc
    return grid.astype(object)


def raw_cells(file: Path, sheet: Any = 0, **text: Any) -> pd.DataFrame:
    """The grid of :func:`read_cells` alone."""
    return read_cells(file, sheet, **text)[0]


def refuse_empty(cells: pd.DataFrame, file: Path, header_rows: int, tool: str) -> None:
    """An empty sheet and a file with header rows but no answers, said as such."""
    if len(cells) == 0:
        raise SurveyReadError(f"{file.name!r} is empty: the sheet has no cells, so there is no header and no answer.")
    if len(cells) <= header_rows:
        raise SurveyReadError(f"{file.name!r} has its {tool} header row(s) but no answers ({len(cells)} row(s) in "
                              "all). Download the export again once responses are recorded.")


def header_kept(info, file: Path, header_rows: int, tool: str) -> None:
    """Refuse a file one of whose first ``header_rows`` records was left out as a bad line (``on_bad_lines='skip'``):
    the first answers would be read as that header row."""
    lost = [row for row in getattr(info, "skipped_rows", ()) if row[0] < header_rows]  # (record, line, fields)
    if lost:
        record, line, fields = lost[0]
        raise SurveyReadError(f"{file.name!r}: line {line} is {tool} header row {record + 1}, but it has {fields} "
                              "field(s), not the first row's number, so it would be left out and the first answers "
                              "read as that header row. on_bad_lines='skip' leaves out answers, not header rows: fix "
                              "that line in the file (download the export again).")


def _xls_cells(file: Path, sheet: Any) -> pd.DataFrame:
    """A legacy BIFF .xls sheet through xlrd (pandas' xlrd engine is deprecated)."""
    xlrd = optional("xlrd", f"the legacy Excel file {file.name!r}")
    try:
        book = xlrd.open_workbook(str(file))
    except Exception as exc:  # noqa: BLE001 - xlrd's own error types
        raise SurveyReadError(f"{file.name!r} could not be read as a legacy .xls workbook ({exc}).") from exc
    names = book.sheet_names()
    if isinstance(sheet, str) and sheet in names:
        page = book.sheet_by_name(sheet)
    elif isinstance(sheet, int) and 0 <= sheet < len(names):
        page = book.sheet_by_index(sheet)
    else:
        raise arg_error("sheet", f"a sheet name or position; the sheets are {names}", sheet,
                        error=SurveyReadError)
    rows = []
    for r in range(page.nrows):
        row = []
        for cell in page.row(r):
            value = cell.value
            if cell.ctype == xlrd.XL_CELL_EMPTY or value == "":
                value = None
            elif cell.ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                value = int(value)
            row.append(value)
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def header_texts(grid: pd.DataFrame, row: int) -> list[str]:
    """Row ``row`` of a raw grid as stripped strings ("" where empty)."""
    return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()
            for v in grid.iloc[row].tolist()]


def unique_names(names: list[str], file: Path) -> None:
    """Refuse a header with a repeated name: columns would be silently merged."""
    seen = sorted({n for n in names if names.count(n) > 1 and n})
    if seen:
        where = "; ".join(f"{n!r} in columns {', '.join(str(i + 1) for i, m in enumerate(names) if m == n)}"
                          for n in seen[:5])
        raise SurveyReadError(f"{file.name!r}: the header names {seen[:5]} more than once ({where}), so those "
                              "columns cannot be told apart. Rename them in the header row so that each is unique "
                              "(e.g. 'Q1' and 'Q1 (2)'), and read the file again.")


_BRACKET = re.compile(r"^(?P<question>.*\S)\s*\[(?P<item>[^\[\]]+)\]\s*$")


def bracket_grid(texts: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Google Forms style ``question [item]`` headers whose question has at least two items."""
    found = {c: (m["question"].strip(), m["item"].strip()) for c, t in texts.items() if (m := _BRACKET.match(t))}
    return shared_questions(found)


def shared_questions(found: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Keep (question, item) splits only where at least two columns share the question."""
    counts: dict[str, int] = {}
    for question, _ in found.values():
        counts[question] = counts.get(question, 0) + 1
    return {c: qi for c, qi in found.items() if counts[qi[0]] >= 2}


def column_range(columns: list[str]) -> str:
    """``Q3_1..Q3_16`` for a run of columns, the name for one."""
    return columns[0] if len(columns) == 1 else f"{columns[0]}..{columns[-1]}"


@dataclass
class Record:
    """The metadata a reader gathers while it reads; :meth:`attach` writes the contract."""

    reader: str
    source: Path
    n_in: int = 0
    questions: dict[str, str] = field(default_factory=dict)
    grid: dict[str, tuple[str, str]] = field(default_factory=dict)
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    id_columns: list[str] = field(default_factory=list)
    dropped_columns: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    text: TextInfo = field(default_factory=TextInfo)
    column_notes: dict[str, str] = field(default_factory=dict)

    def read(self, info: TextInfo) -> Record:
        """Take over what reading the file decided (encoding, delimiter, rows left out, notes)."""
        self.text = info
        self.notes.extend(info.notes)
        return self

    def typed(self, column: pd.Series, name: str, ident: bool | None = None, counts=None) -> pd.Series:
        """:func:`typed` with the file's decimal mark; identifiers (by name or content) stay text.

        ``counts``: the rows carrying each value, when ``column`` holds a column's distinct values.
        """
        if ident is None:
            ident = is_identifier(name)
        out, why = typed(column, decimal=self.text.decimal, comma=self.text.sep == ";", ident=ident, counts=counts)
        if why:
            self.column_notes[name] = why
        return out

    def attach(self, frame: pd.DataFrame | dict[str, pd.Series]) -> pd.DataFrame:
        """Write ``frame.attrs["cxresearch"]`` and return the frame (fresh index).

        A dict of columns is made a frame without copying them into one block per dtype
        (``copy=False``): the columns are the reader's own, and consolidating half a million
        rows of numbers costs more than the rest of the reading.
        """
        if isinstance(frame, dict):
            frame = pd.DataFrame(frame, copy=False)
        frame = frame.reset_index(drop=True)
        excluded = dict(self.excluded)
        if self.text.skipped:
            excluded["bad lines (not the header's number of fields)"] = self.text.skipped
        rows = RowAccount(self.n_in + self.text.skipped, len(frame), {k: v for k, v in excluded.items() if v},
                          unit="respondents")
        notes = list(self.notes)
        for why in dict.fromkeys(w for c, w in self.column_notes.items() if c in frame.columns):
            cols = [c for c, w in self.column_notes.items() if w == why and c in frame.columns]
            notes.append(f"{', '.join(cols[:8])}{' ...' if len(cols) > 8 else ''}: {why}.")
        keep = set(frame.columns)
        frame.attrs["cxresearch"] = {
            "reader": self.reader,
            "source": str(self.source),
            "questions": {c: t for c, t in self.questions.items() if c in keep and t},
            "grid": {c: qi for c, qi in self.grid.items() if c in keep},
            "value_labels": {c: v for c, v in self.value_labels.items() if c in keep},
            "id_columns": [c for c in self.id_columns if c in keep],
            "dropped_columns": dict(self.dropped_columns),
            "rows": rows.to_dict(),
            "notes": notes,
            "encoding": self.text.encoding,
        }
        return frame
