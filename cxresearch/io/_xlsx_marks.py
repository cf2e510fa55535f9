"""What an .xlsx sheet's XML says that its cell values do not: error cells, formulas never computed, long numbers.

openpyxl (and pandas through it) reads a workbook's cached values. Three kinds of cell then
come back looking like ordinary data:

- an error cell (``#DIV/0!``, ``#N/A``, ``#VALUE!``): read as missing;
- a formula with no saved result (a workbook written by a program and never opened and
  saved in Excel): read as missing;
- a number beyond 2**53 (a 16-digit respondent ID typed as a number): Excel keeps 15
  significant digits and the file holds a double, so its last digits are not the ones
  typed, and two IDs may have become one.

The sheet's XML is searched for each (a regular expression over its bytes, after a plain
search for the marker that every such cell carries), and each found is said in a note with
its cells, so the reader can say what it read as missing or may have altered.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

_CELL = rb'<c\b(?=[^>]*\br="(?P<ref>[A-Z]+\d+)")'
_ERROR = re.compile(_CELL + rb'(?=[^>]*\bt="e")[^>]*>(?:<f\b[^>]*(?:/>|>[^<]*</f>))?<v>(?P<value>[^<]*)</v>')
_UNCOMPUTED = re.compile(_CELL + rb'[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)?</c>')
_LONG = re.compile(_CELL + rb'(?![^>]*\bt="(?:s|str|inlineStr|e|b|d)")[^>]*>(?:<f\b[^>]*(?:/>|>[^<]*</f>))?'
                   rb'<v>(?P<value>-?(?:\d{16,}(?:\.0*)?|\d(?:\.\d+)?[eE]\+?(?:1[5-9]|[2-9]\d|\d{3})))</v>')
_LONG_HINT = re.compile(rb'<v>-?(?:\d{16}|\d(?:\.\d+)?[eE]\+?(?:1[5-9]|[2-9]\d|\d{3}))')  # a plain search first
_SHOWN = 5  # cells named in a note


def sheet_notes(file: Path, sheet: Any) -> list[str]:
    """Notes on the error cells, uncomputed formulas and numbers beyond 2**53 of an .xlsx sheet (none when its XML
    cannot be found: the values are then read as pandas reads them)."""
    xml = _sheet_xml(file, sheet)
    if xml is None:
        return []
    notes = []
    if b't="e"' in xml:
        found = [(m["ref"].decode(), m["value"].decode("utf-8", "replace")) for m in _ERROR.finditer(xml)]
        if found:
            kinds = sorted({v for _, v in found})
            notes.append(f"{len(found)} cell(s) hold an Excel error ({', '.join(kinds)}), read as missing: "
                         f"{_cells(found)}. Correct the formulas in Excel if those cells should hold values.")
    if b"<f" in xml:
        found = [(m["ref"].decode(), "") for m in _UNCOMPUTED.finditer(xml)]
        if found:
            notes.append(f"{len(found)} formula cell(s) have no saved result (the workbook was written by a program "
                         f"and never opened and saved in Excel), read as missing: {_cells(found)}. Open the file in "
                         "Excel and save it, or compute those values after reading.")
    found = [] if _LONG_HINT.search(xml) is None else [
        (m["ref"].decode(), m["value"].decode()) for m in _LONG.finditer(xml) if abs(float(m["value"])) >= 2**53]
    if found:
        notes.append(f"{len(found)} number(s) beyond 2**53 ({_cells(found)}): Excel keeps 15 significant digits, so "
                     "their last digits may not be the ones typed (two IDs may read as one). Store long IDs as text "
                     "cells, or export the survey as CSV.")
    return notes


def _cells(found: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{ref} ({value})" if value else ref for ref, value in found[:_SHOWN])
    return shown + (f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else "")


def _sheet_xml(file: Path, sheet: Any) -> bytes | None:
    """The XML of the sheet named or numbered ``sheet``, or None."""
    import openpyxl

    try:
        with open(file, "rb") as handle:  # a handle: openpyxl refuses an .xlsx named .xls by its name
            book = openpyxl.load_workbook(handle, read_only=True, keep_links=False)
            try:
                page = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
                path = getattr(page, "_worksheet_path", None)
            finally:
                book.close()
        if path is None:
            return None
        with zipfile.ZipFile(file) as archive:
            return archive.read(path.lstrip("/"))
    except Exception:  # noqa: BLE001 - a sheet or part not found: the values are read as pandas reads them
        return None


def sheet_names(file: Path) -> list[str] | None:
    """The workbook's sheet names, or None when they cannot be read."""
    import openpyxl

    try:
        with open(file, "rb") as handle:
            book = openpyxl.load_workbook(handle, read_only=True, keep_links=False)
            try:
                return list(book.sheetnames)
            finally:
                book.close()
    except Exception:  # noqa: BLE001 - a damaged workbook: the caller's own message stands
        return None
