"""Text exports: the encoding, the delimiter and the rows that do not fit the header.

The encoding is read from a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), else the file
must be UTF-8, else one of the legacy code pages the survey tools and Excel write
(:data:`LEGACY`) is chosen by charset-normalizer; when two of them fit equally well but
give different text, the file is refused with both readings. The delimiter is the one of
``,`` ``;`` tab ``|`` that splits the first rows into the same number of fields. The cells
are parsed by pandas' C parser into a grid of strings; rows with more or fewer fields
than the header and unterminated quotes are refused with their line numbers (or, with
``on_bad_lines="skip"``, left out and counted).
"""

from __future__ import annotations

import codecs
import csv
import io as _stdio
import itertools
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cxresearch._core.checks import arg_error, check_argument
from cxresearch.errors import SurveyReadError

#: Legacy code pages chosen among when a file is not UTF-8 (Excel "CSV" and 问卷星 / Naver / Google
#: downloads saved on Windows in each language the readers know).
LEGACY = {"cp1252": "Western European: English, Spanish, Portuguese, French, German Windows",
          "gb18030": "Simplified Chinese", "big5": "Traditional Chinese", "cp949": "Korean",
          "cp932": "Japanese", "cp1251": "Cyrillic"}
SEPARATORS = (",", ";", "\t", "|")
BAD_LINES = ("error", "skip")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SAMPLE = 200_000


@dataclass
class TextInfo:
    """What reading a text file decided: encoding, delimiter, decimal mark, rows left out, notes."""

    encoding: str | None = None
    sep: str | None = None
    decimal: str | None = None
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


def check_options(encoding: Any, sep: Any, decimal: Any, on_bad_lines: Any) -> None:
    """Refuse a bad ``encoding`` / ``sep`` / ``decimal`` / ``on_bad_lines`` before reading."""
    if encoding is not None:
        ok = isinstance(encoding, str)
        try:
            ok = ok and bool(codecs.lookup(encoding))
        except LookupError:
            ok = False
        if not ok:
            raise arg_error("encoding", "a Python codec name such as 'utf-8', 'cp1252', 'gb18030', 'cp949', or None "
                            "to detect it", encoding, error=SurveyReadError)
    if sep is not None and (not isinstance(sep, str) or len(sep) != 1 or sep in "\"\r\n"):
        raise arg_error("sep", "one delimiter character such as ',', ';', '\\t' or '|', or None to detect it", sep,
                        error=SurveyReadError)
    if decimal is not None and decimal not in (".", ","):
        raise arg_error("decimal", "'.' or ',' (or None: '.' unless the file is ';'-delimited with decimal "
                        "commas)", decimal, error=SurveyReadError)
    check_argument("on_bad_lines", list(BAD_LINES), on_bad_lines, error=SurveyReadError)


def _position(data: bytes, at: int) -> str:
    line = data.count(b"\n", 0, at) + 1
    return f"line {line} (byte {at})"


def _decode_with(data: bytes, encoding: str, file: Path, why: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SurveyReadError(f"{file.name!r} cannot be read as {encoding} ({why}): the bytes at "
                              f"{_position(data, exc.start)} are not {encoding}. Pass the file's encoding, e.g. "
                              f"encoding='cp1252' or encoding='gb18030', or save it again as 'CSV UTF-8'.") from None
    return text[1:] if text.startswith("\ufeff") else text


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _first_non_ascii_line(text: str) -> str:
    line = next((ln for ln in text.splitlines() if any(ord(ch) > 127 for ch in ln)), "")
    return line[:60]


def detect(data: bytes, file: Path, encoding: str | None) -> tuple[str, str, str | None]:
    """The text of ``data``, the encoding used and a note when it was not UTF-8 (never a raw decode error)."""
    if encoding is not None:
        return _decode_with(data, encoding, file, "the encoding passed"), encoding, None
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, name, file, "its byte-order mark says so"), name, None
    if (utf16 := _utf16_without_bom(data)) is not None:
        return _decode_with(data, utf16, file, "every other byte is zero"), utf16, \
            f"Read as {utf16} (no byte-order mark; every other byte is zero)."
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        not_utf8 = _position(data, exc.start)
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:_SAMPLE], cp_isolation=list(LEGACY)))
    if not matches:
        fits = []
        for name in LEGACY:
            try:
                fits.append(f"{name} reads {_first_non_ascii_line(data[:_SAMPLE].decode(name))!r}")
            except UnicodeDecodeError:
                continue
        raise SurveyReadError(f"{file.name!r} is not UTF-8 (the bytes at {not_utf8} are not), and no legacy "
                              f"encoding reads it as plain text ({'; '.join(fits) or 'none decodes it'}). Pass "
                              "`encoding=` with the file's encoding, or save it again as 'CSV UTF-8'.")
    best = matches[0]
    rivals = [m for m in matches[1:] if m.chaos <= best.chaos + 0.03 and m.coherence >= best.coherence - 0.05
              and str(m) != str(best)]
    if rivals:
        shown = "; ".join(f"{m.encoding} ({LEGACY.get(m.encoding, m.encoding)}) reads "
                          f"{_first_non_ascii_line(str(m))!r}" for m in [best] + rivals)
        raise SurveyReadError(f"{file.name!r} is not UTF-8 and its encoding cannot be told for sure: {shown}. "
                              f"Pass the right one, e.g. encoding={best.encoding!r}.")
    text = _decode_with(data, best.encoding, file, "chosen by charset-normalizer from the start of the file")
    return text, best.encoding, (f"Read as {best.encoding} ({LEGACY[best.encoding]}): the file is not UTF-8; "
                                 "pass `encoding=` if the text looks wrong.")


def sniff_sep(text: str, suffix: str) -> str:
    """The delimiter that splits the first rows into the same number (two or more) of fields."""
    head = text[:65_536]
    if len(text) > len(head):
        head = head[:head.rfind("\n") + 1] or head
    scores = []
    for sep in SEPARATORS:
        widths = [len(r) for r in itertools.islice(csv.reader(_stdio.StringIO(head), delimiter=sep), 50) if r]
        if widths and widths[0] >= 2:
            scores.append((sum(w == widths[0] for w in widths) / len(widths), sep == "\t" and suffix == ".tsv",
                           widths[0], sep))
    return max(scores)[3] if scores else ("\t" if suffix == ".tsv" else ",")


def _bad_records(text: str, sep: str, width: int) -> list[tuple[int, int]]:
    """(line number, fields) of every record whose number of fields is not ``width`` (csv semantics)."""
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=sep)
    bad, start = [], 1
    for row in reader:
        if row and len(row) != width:
            bad.append((start, len(row)))
        start = reader.line_num + 1
    return bad


def _quote_start(text: str, sep: str) -> int:
    """The line on which the unterminated quote opens (the last record csv starts)."""
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=sep)
    start = 1
    for _ in reader:
        last, start = start, reader.line_num + 1
    return last if "last" in locals() else 1


def parse(file: Path, *, encoding: str | None = None, sep: str | None = None, decimal: str | None = None,
          on_bad_lines: str = "error") -> tuple[pd.DataFrame, TextInfo]:
    """Every cell of a text export as strings ("" where empty), and what was decided while reading."""
    check_options(encoding, sep, decimal, on_bad_lines)
    data = file.read_bytes()
    if not data.strip():
        raise SurveyReadError(f"{file.name!r} is empty ({len(data)} bytes): there is no header and no answer. "
                              "Download the export again.")
    text, used, note = detect(data, file, encoding)
    del data
    info = TextInfo(encoding=used, notes=[note] if note else [])
    info.sep = sep if sep is not None else sniff_sep(text, file.suffix.lower())
    info.decimal = decimal
    if sep is None and info.sep != ("\t" if file.suffix.lower() == ".tsv" else ","):
        info.notes.append(f"Fields delimited by {info.sep!r} (detected); pass `sep=` to override.")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            grid = pd.read_csv(_stdio.StringIO(text), sep=info.sep, header=None, dtype=str, keep_default_na=False,
                               na_filter=False, on_bad_lines="warn", engine="c", skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        raise SurveyReadError(f"{file.name!r} holds only blank lines: there is no header and no answer.") from None
    except pd.errors.ParserError as exc:
        if "EOF inside string" in str(exc):
            line = _quote_start(text, info.sep)
            raise SurveyReadError(f"{file.name!r}: a quote (\") opened on line {line} is never closed, so every "
                                  "line after it would be read into one field. Close the quote in the file (or "
                                  "remove it) and read it again.") from None
        raise SurveyReadError(f"{file.name!r} could not be parsed as {info.sep!r}-delimited text ({exc}).") from None
    width = grid.shape[1]
    long_rows = any("Skipping line" in str(w.message) for w in caught)
    short = grid.iloc[:, -1].eq("").to_numpy() if width > 1 else None
    if long_rows or (short is not None and short.any()):
        bad = _bad_records(text, info.sep, width)
        if bad:
            grid = _refuse_or_skip(grid, bad, width, file, info, on_bad_lines, text)
    grid = grid.where(grid != "") if len(grid) else grid
    return grid, info


def _refuse_or_skip(grid: pd.DataFrame, bad: list[tuple[int, int]], width: int, file: Path, info: TextInfo,
                    on_bad_lines: str, text: str) -> pd.DataFrame:
    shown = ", ".join(f"line {ln} has {n}" for ln, n in bad[:5]) + (f" ... ({len(bad)} lines)" if len(bad) > 5 else "")
    hint = (" The numbers look like decimal commas in a ','-delimited file: quote them, or save the file with ';'."
            if info.sep == "," and any(n > width for _, n in bad) else "")
    if on_bad_lines == "error":
        raise SurveyReadError(f"{file.name!r}: {len(bad)} row(s) do not have the header's {width} fields "
                              f"({shown}).{hint} Fix those lines, or pass on_bad_lines='skip' to leave them out "
                              "(they are counted).")
    # pandas has left out the long rows; the short ones are the remaining rows csv counts as short
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=info.sep)
    widths = [len(r) for r in reader if r]
    kept = [w for w in widths if w <= width]
    drop = [i for i, w in enumerate(kept) if w < width]
    if len(kept) != len(grid):
        raise SurveyReadError(f"{file.name!r}: {len(bad)} row(s) do not have the header's {width} fields ({shown}), "
                              "and they cannot be left out safely. Fix those lines in the file.")
    grid = grid.drop(index=grid.index[drop]).reset_index(drop=True)
    info.skipped = len(bad)
    info.notes.append(f"{len(bad)} row(s) without the header's {width} fields left out ({shown}); "
                      "on_bad_lines='skip'.")
    return grid
