"""What an .xlsx sheet's XML says that its cell values do not: error cells, formulas never computed, long numbers.

openpyxl (and pandas through it) reads a workbook's cached values. Three kinds of cell then
come back looking like ordinary data:

- an error cell (``#DIV/0!``, ``#N/A``, ``#VALUE!``): read as missing;
- a formula whose result was never computed: a workbook written by a program and never
  opened and saved in Excel. openpyxl leaves the result out (read as missing); xlsxwriter,
  which pandas' ``to_excel`` may use, writes 0, and both ask Excel to compute every formula
  when the file is opened (``fullCalcOnLoad``), which Excel itself does not write;
- a number beyond 2**53 (a 16-digit respondent ID typed as a number): Excel keeps 15
  significant digits and the file holds a double, so its last digits are not the ones
  typed, and two IDs may have become one.

The sheet's XML is read from the workbook's zip in blocks and searched with regular
expressions (after a plain search for the marker that every such cell carries); namespace
prefixes (``<x:c>``) and white space between the tags are allowed. The sheet is found
through ``xl/workbook.xml`` and its relationships, without loading the workbook again.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

_P = rb"(?:[\w.-]+:)?"  # a namespace prefix
_REF = rb'(?=[^>]*\br="(?P<ref>[A-Z]+\d+)")(?P<attrs>[^>]*)>\s*'  # a cell's reference and attributes
_CELL = rb"<" + _P + rb"c\b" + _REF
_FORMULA = rb"<" + _P + rb"f\b[^>]*(?:/>|>[^<]*</" + _P + rb"f>)\s*"
_VALUE = rb"<" + _P + rb"v>\s*(?P<value>[^<]*?)\s*</" + _P + rb"v>"
_ERROR = re.compile(rb"<" + _P + rb'c\b(?=[^>]*\bt="e")' + _REF + rb"(?:" + _FORMULA + rb")?" + _VALUE)
_FORMULA_CELL = re.compile(_CELL + _FORMULA + rb"(?P<v>" + _VALUE + rb"|<" + _P + rb"v\s*/>)?\s*</" + _P + rb"c>")
_LONG = re.compile(_CELL + rb"(?:" + _FORMULA + rb")?<" + _P + rb"v>\s*(?P<value>-?(?:\d{16,}(?:\.\d*)?|"
                   rb"\d(?:\.\d+)?[eE]\+?(?:1[5-9]|[2-9]\d|\d{3})))\s*</" + _P + rb"v>")
_LONG_HINT = re.compile(rb"v>\s*-?(?:\d{16}|\d(?:\.\d+)?[eE]\+?(?:1[5-9]|[2-9]\d|\d{3}))")
_FORMULA_HINT = re.compile(rb"<" + _P + rb"f\b")
_TYPE = re.compile(rb'\bt="(?P<t>\w+)"')
_BLOCK, _OVERLAP = 8 << 20, 1 << 16  # bytes of XML searched at a time; kept from the block before
_SHOWN = 5  # cells named in a note
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_notes(file: Path, sheet: Any) -> list[str]:
    """Notes on the error cells, uncomputed formulas and numbers beyond 2**53 of an .xlsx sheet (none when its XML
    cannot be found: the values are then read as pandas reads them)."""
    try:
        with zipfile.ZipFile(file) as archive:
            parts = _sheets(archive)
            names = list(parts)
            name = sheet if isinstance(sheet, str) else names[sheet] if isinstance(sheet, int) else None
            if name not in parts:
                return []
            errors, formulas, long = _scan(archive, parts[name])
            recalc = b'fullCalcOnLoad="1"' in archive.read("xl/workbook.xml")
    except (KeyError, IndexError, OSError, zipfile.BadZipFile, ET.ParseError):
        return []
    notes = []
    if errors:
        kinds = sorted({v for _, v in errors.items()})
        notes.append(f"{len(errors)} cell(s) hold an Excel error ({', '.join(kinds)}), read as missing: "
                     f"{_cells(errors)}. Correct the formulas in Excel if those cells should hold values.")
    unsaved = {ref: "" for ref, (typed, value) in formulas.items() if value is None and typed != "str"}
    if unsaved:
        notes.append(f"{len(unsaved)} formula cell(s) have no saved result (the workbook was written by a program "
                     f"and never opened and saved in Excel), read as missing: {_cells(unsaved)}. Open the file in "
                     "Excel and save it, or compute those values after reading.")
    elif formulas and recalc:
        notes.append(f"{len(formulas)} formula cell(s) ({_cells({r: v or '' for r, (_, v) in formulas.items()})}) "
                     "are in a workbook that asks to be recalculated when opened (written by a program such as "
                     "xlsxwriter, which saves 0 for every formula): their saved results may not be the formulas' "
                     "values. Open the file in Excel and save it before reading it.")
    if long:
        notes.append(f"{len(long)} number(s) beyond 2**53 ({_cells(long)}): Excel keeps 15 significant digits, so "
                     "their last digits may not be the ones typed (two IDs may read as one). Store long IDs as text "
                     "cells, or export the survey as CSV.")
    return notes


def _scan(archive: zipfile.ZipFile, part: str) -> tuple[dict, dict, dict]:
    """The error cells (ref: error), formula cells (ref: (type, cached value or None)) and numbers beyond 2**53
    (ref: value) of a sheet's XML, read in blocks (a cell cut by a block's end is found in the next one)."""
    errors: dict[str, str] = {}
    formulas: dict[str, tuple[str, str | None]] = {}
    long: dict[str, str] = {}
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(_BLOCK):
            text = tail + block
            if b't="e"' in text:
                errors.update((m["ref"].decode(), m["value"].decode("utf-8", "replace")) for m in _ERROR.finditer(text))
            if _FORMULA_HINT.search(text):
                for m in _FORMULA_CELL.finditer(text):
                    kind, raw = _kind(m), m["value"]  # raw: None for no value or <v/>, b"" for <v></v>
                    value = raw.decode("utf-8", "replace") if raw else "" if raw is not None and kind == "str" else None
                    formulas[m["ref"].decode()] = (kind, value)  # an empty text result ("") was computed
            if _LONG_HINT.search(text):
                for m in _LONG.finditer(text):
                    if _kind(m) in ("n", "") and abs(float(m["value"])) > 2**53:
                        long[m["ref"].decode()] = m["value"].decode()
            tail = text[-_OVERLAP:]
    return errors, formulas, long


def _kind(match: re.Match) -> str:
    """A cell's type attribute (``t``): "" for a number."""
    found = _TYPE.search(match["attrs"])
    return found["t"].decode() if found else ""


def _sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """The worksheets' names in workbook order, each with its part in the zip (chart sheets left out)."""
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels if r.get("Type", "").endswith("/worksheet")}
    out = {}
    for node in book.iter():
        if node.tag.rsplit("}", 1)[-1] == "sheet" and node.get(_REL) in targets:
            target = targets[node.get(_REL)]
            out[node.get("name")] = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
    return out


def _cells(found: dict[str, str]) -> str:
    items = list(found.items())
    shown = ", ".join(f"{ref} ({value})" if value else ref for ref, value in items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def sheet_names(file: Path) -> list[str] | None:
    """The workbook's sheet names, or None when they cannot be read."""
    try:
        with zipfile.ZipFile(file) as archive:
            return list(_sheets(archive))
    except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
        return None
