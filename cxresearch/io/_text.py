"""Text exports: the delimiter, the cells and the rows that do not fit the header.

The encoding is settled first (``_encoding``: a byte-order mark, UTF-8, or a legacy code page
chosen with care). The delimiter is the one of ``,`` ``;`` tab ``|`` that splits the first
rows into the same number of fields. The cells are parsed by pyarrow's CSV reader (each column
typed as text: ``_arrow_csv``; pandas' C engine without pyarrow) into a grid of strings; rows
with more or fewer fields than the header and unterminated quotes are refused with their line
numbers (or, with ``on_bad_lines="skip"``, left out and counted). Within :func:`reusing`, a file
read whole twice with the same options is parsed once.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io as _stdio
import itertools
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from cxresearch._core.checks import arg_error, check_argument
from cxresearch.errors import SurveyReadError
from cxresearch.io._arrow_csv import after_first_line, quoted, read_grid, whole_lines
from cxresearch.io._joined import joined_rows
from cxresearch.io._encoding import (_BOMS, _SAMPLE, _damaged_utf8, _utf8_head, _utf8_then_not, _utf16_without_bom,
                                     detect)

SEPARATORS = (",", ";", "\t", "|")
BAD_LINES = ("error", "skip")
# pandas 3 (text read as its pyarrow-backed ``str``): pyarrow's nulls are its missing values (one pass less);
# pandas 2 reads pyarrow's text into object columns (``_arrow_csv``), missing as NaN as from the C engine
_NULL_IN_PARSER = int(pd.__version__.split(".")[0]) >= 3

_DECIMAL = re.compile(r"[+-]?\d+(?:[.,]\d+)?", re.ASCII)
# Excel's delimiter hint: sep=; as written, "sep=;" quoted, and the trailing delimiters a spreadsheet adds when it
# saves the file again (sep=;;; or "sep=;";;); \t typed for a tab
_SEP_LINE = re.compile(r'(?P<q>"?)sep=(?P<sep>\\t|[^\w\s"]|\t|)(?P=q)(?P=sep)*\s*', re.IGNORECASE)
_ODD_HINT = re.compile(r'(?P<q>"?)sep=(?P<sep>\w)(?P=q)\s*', re.IGNORECASE)  # a letter or digit: hint or header?


@dataclass
class TextInfo:
    """What reading a text file decided: encoding, delimiter, decimal mark, rows left out, notes."""

    encoding: str | None = None
    sep: str | None = None
    decimal: str | None = None
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    skipped_rows: list[tuple[int, int, int]] = field(default_factory=list)  # (record, line, fields) left out
    hint: int = 0  # lines before the header: 1 for Excel's delimiter hint ``sep=;``


def check_options(encoding: Any, sep: Any, decimal: Any, on_bad_lines: Any) -> None:
    """Refuse a bad ``encoding`` / ``sep`` / ``decimal`` / ``on_bad_lines`` before reading."""
    if encoding is not None:
        ok = isinstance(encoding, str)
        try:
            ok = ok and getattr(codecs.lookup(encoding), "_is_text_encoding", True)  # not 'rot13', 'hex' ...
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


def sniff_sep(text: str, suffix: str) -> str:
    """The delimiter that splits the first rows into the same number (two or more) of fields."""
    head = text[:65_536]
    if len(text) > len(head) or not text.endswith(("\n", "\r")):
        head = whole_lines(head)
    scores = []
    for sep in SEPARATORS:
        rows = csv.reader(_stdio.StringIO(head, newline=""), delimiter=sep)
        widths = [len(r) for r in itertools.islice(rows, 50) if r]
        if widths and widths[0] >= 2:
            scores.append((sum(w == widths[0] for w in widths) / len(widths), sep == "\t" and suffix == ".tsv",
                           widths[0], sep))
    return max(scores)[3] if scores else ("\t" if suffix == ".tsv" else ",")


def _even(text: str, sep: str) -> int:
    """The number of fields (two or more) into which ``sep`` splits the first records of ``text`` alike (four
    in five of them at least, quotes read as quotes); 0 when it does not."""
    widths = [len(r) for r in itertools.islice(csv.reader(_stdio.StringIO(text, newline=""), delimiter=sep), 50) if r]
    return widths[0] if widths and widths[0] >= 2 and sum(w == widths[0] for w in widths) >= 0.8 * len(widths) else 0


def _title_line(text: str, file: Path) -> None:
    """Refuse a first record that no delimiter splits above records that one splits alike (a title above the
    header), read as the header, it would make the whole file one column. Commas alone split by two are left
    be: one column of names ('Müller, Hans') or decimal commas is told by the bad rows that follow (in a
    ``,``-file) or read as one column; a ``.tsv`` file is split by tabs only."""
    head = whole_lines(text[:65_536]) if len(text) > 65_536 else text
    records = list(itertools.islice(csv.reader(_stdio.StringIO(head, newline="")), 3))
    first = head.split("\n", 1)[0].split("\r", 1)[0]
    if len(records) < 3 or len(records[0]) != 1 or any(s in first for s in SEPARATORS) or '"' in first:
        return
    below = after_first_line(head)
    for sep in ("\t",) if file.suffix.lower() == ".tsv" else SEPARATORS:
        width = _even(below, sep)
        if width >= 3 or (width == 2 and sep != ","):
            raise SurveyReadError(f"{file.name!r}: its first line {first[:80]!r} holds no delimiter, while the rows "
                                  f"below it are split by {sep!r} into {width} fields: it looks like a title above "
                                  "the header row. Delete that line (or the lines above the header) and read it again; "
                                  "if the file has one column, pass a delimiter it does not hold, e.g. sep='|'.")


def _diagnose(file: Path, encoding: str, sep: str, width: int | None,
              hint: int = 0) -> tuple[list[tuple[int, int, bool, int]], int | None, int]:
    """(line, fields, split number, record) of the records without ``width`` fields, the line of an
    unterminated quote, the width. ``record`` counts the file's non-empty records from 0 (the header's
    is 0). A split number: a row one field too long or more, whose neighbouring fields read as numbers
    split at a decimal comma (``3`` and ``5`` from ``3,5``) in columns of numbers (see :func:`_split_number`).

    Python's csv module reads the file a second time, streamed: only for files with a problem. ``hint``:
    the lines before the header (Excel's ``sep=;``), not read; the line numbers stay the file's.
    """
    with open(file, encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=sep, strict=True)
        for _ in range(hint):
            next(reader, None)
        bad, start, record, long, numbers = [], reader.line_num + 1, 0, {}, {}
        try:
            for row in reader:
                if row and width is None:
                    width = len(row)
                if row and len(row) != width:
                    bad.append((start, len(row), False, record))
                    if len(row) > width and len(long) < 20:
                        long[len(bad) - 1] = row
                elif row and 0 < record <= 1000:  # the columns that hold numbers, from the first rows
                    for c, v in enumerate(row):
                        if v.strip():
                            counts = numbers.setdefault(c, [0, 0])
                            counts[not _DECIMAL.fullmatch(v.strip())] += 1
                start = reader.line_num + 1
                record += bool(row)
        except csv.Error:
            return bad, start, width or 0
    # a column of numbers: all but three of its first values at most (the header rows of Qualtrics, SurveyMonkey)
    numeric = {c: yes > no and no <= 3 for c, (yes, no) in numbers.items()}
    for k, row in long.items():
        bad[k] = bad[k][:2] + (_split_number(row, width, numeric),) + bad[k][3:]
    return bad, None, width or 0


def _split_number(row: list[str], width: int, numeric: dict[int, bool]) -> bool:
    """Whether joining neighbouring fields read as a number split at a decimal comma (``3`` and ``5`` from
    ``3,5``) gives the header's ``width`` fields with a number in every column of numbers (``numeric``; a
    column no good row told is taken as one)."""
    def fits(fields: list[str]) -> bool:
        return len(fields) == width and all(not numeric.get(c) or not v.strip() or bool(_DECIMAL.fullmatch(v.strip()))
                                            for c, v in enumerate(fields))

    def split(a: str, b: str) -> bool:
        return a.strip().lstrip("+-").isdigit() and b.isdigit()

    if len(row) == width + 1:
        return any(split(row[j], row[j + 1]) and numeric.get(j, True) and fits(row[:j] + [f"{row[j]},{row[j + 1]}"]
                                                                         + row[j + 2:]) for j in range(width))
    out, i = [], 0
    while i < len(row):  # more than one: joined from the left
        if len(row) - i > width - len(out) and i + 1 < len(row) and split(row[i], row[i + 1]) \
                and numeric.get(len(out), True):
            out.append(f"{row[i]},{row[i + 1]}")
            i += 2
        else:
            out.append(row[i])
            i += 1
    return fits(out)


def _engine() -> str:
    try:
        import pyarrow  # noqa: F401 - pandas' pyarrow CSV engine: typed columns with no Python per cell
    except ImportError:
        return "c"
    return "pyarrow"


_REUSE: ContextVar[dict | None] = ContextVar("_REUSE", default=None)


@contextmanager
def reusing() -> Iterator[None]:
    """Within: a file read twice with the same options (``read_survey``'s look, then the reader) is read once."""
    token = _REUSE.set({})
    try:
        yield
    finally:
        _REUSE.reset(token)


def reused(file: Path, options: tuple, read: Callable[[], tuple[pd.DataFrame, TextInfo]]) -> tuple[pd.DataFrame,
                                                                                                  TextInfo]:
    """``read()``, or its grid again when the same unchanged file was read with the same ``options`` within
    :func:`reusing` (the grid is not modified by the readers; the :class:`TextInfo` is a fresh copy)."""
    store = _REUSE.get()
    if store is None:
        return read()
    stat = file.stat()
    key = (str(file.resolve()), stat.st_size, stat.st_mtime_ns) + options
    try:
        hash(key)
    except TypeError:  # an unusable option (e.g. a list as sheet): read, and let the reader say what is wrong
        return read()
    if key not in store:
        store[key] = read()
    grid, info = store[key]
    return grid, dataclasses.replace(info, notes=list(info.notes))


def parse(file: Path, *, encoding: str | None = None, sep: str | None = None, decimal: str | None = None,
          on_bad_lines: str = "error") -> tuple[pd.DataFrame, TextInfo]:
    """Every cell of a text export as strings (missing where empty), and what was decided while reading."""
    check_options(encoding, sep, decimal, on_bad_lines)
    return reused(file, ("text", encoding, sep, decimal, on_bad_lines),
                  lambda: _parse(file, encoding=encoding, sep=sep, decimal=decimal, on_bad_lines=on_bad_lines))


def _delimiter(text: str, sep: str | None, file: Path, info: TextInfo) -> None:
    """The delimiter (``sep``, else Excel's hint line, else sniffed) and the hint lines left out, into ``info``."""
    hinted, text, hints = sep_hint(text, file, sep)
    if not text.strip():
        raise SurveyReadError(f"{file.name!r} holds only blank lines{' after its line ' + hints[0] if hints else ''}"
                              ": there is no header and no answer.")
    if hinted is not None and sep is None:
        _hint_fits(text, hinted, file)
    info.sep = sep if sep is not None else hinted or sniff_sep(text, file.suffix.lower())
    if sep is None and hinted is None:
        _title_line(text, file)
    info.hint = len(hints)
    if hints:
        how = "as it says" if info.sep == hinted else "as `sep=` says"
        info.notes.append(f"The first line {hints[0]!r}{' (twice)' if len(hints) > 1 else ''} is Excel's delimiter "
                          f"hint, not a header row: left out; fields delimited by {info.sep!r} ({how}).")
    elif sep is None and info.sep != ("\t" if file.suffix.lower() == ".tsv" else ","):
        info.notes.append(f"Fields delimited by {info.sep!r} (detected); pass `sep=` to override.")


def _parse(file: Path, *, encoding: str | None, sep: str | None, decimal: str | None,
           on_bad_lines: str) -> tuple[pd.DataFrame, TextInfo]:
    with open(file, "rb") as f:
        head = f.read(_SAMPLE)
    if not head.strip() and file.stat().st_size <= _SAMPLE:
        raise SurveyReadError(f"{file.name!r} is empty ({file.stat().st_size} bytes): there is no header and no "
                              "answer. Download the export again.")
    plain = encoding is None and not any(head.startswith(b) for b, _ in _BOMS) and not _utf16_without_bom(head)
    if plain and _utf8_head(head):  # UTF-8 as far as the head goes: the parser checks the rest
        used, note, quotes = "utf-8", None, -1
    else:
        if plain and _utf8_then_not(head):
            _damaged_utf8(file)
        used, note, quotes = detect(file, head, encoding)
    info = TextInfo(encoding=used, notes=[note] if note else [])
    text = head.decode(used, errors="ignore")
    text = text[1:] if text.startswith("\ufeff") else text
    _delimiter(text, sep, file, info)
    info.decimal = decimal
    engine = _engine()
    if quotes > 0 and quotes % 2:  # an odd number of quotes: one may be left open
        _open_quote(file, info)
    try:
        grid, caught, engine = _read(file, info, engine, quotes)
    except (UnicodeDecodeError, ValueError) as exc:  # pyarrow: ArrowInvalid "invalid UTF8 data"
        if not isinstance(exc, UnicodeDecodeError) and "UTF8" not in str(exc):
            raise
        grid, caught = None, [exc]
    not_utf8 = grid is None and any(isinstance(c, UnicodeDecodeError) or "UTF8" in str(c) or "utf-8" in str(c)
                                    for c in caught)
    if not_utf8 and encoding is None and info.encoding == "utf-8" and not head.isascii():
        _damaged_utf8(file)  # its first lines hold UTF-8 text: a legacy encoding would only garble them
    if not_utf8 and encoding is None and info.encoding == "utf-8":
        used, note, quotes = detect(file, head, None)  # not UTF-8 after all: detect the encoding, read again
        info.encoding, info.notes = used, ([note] if note else []) + info.notes
        if quotes > 0 and quotes % 2:
            _open_quote(file, info)
        grid, caught, engine = _read(file, info, engine, quotes)
    if grid is not None and engine == "pyarrow" and len(grid) and quotes < 0 and \
            grid.iloc[-1].astype(str).str.contains("\n", regex=False).any():
        _open_quote(file, info)  # pyarrow reads an unterminated quote to the end of the file, into the last row
    warned = any("Skipping line" in str(w) or "Expected" in str(w) for w in caught)
    short = engine == "c" and grid is not None and grid.shape[1] > 1 and grid.iloc[:, -1].eq("").any()
    if grid is None or warned or short:
        grid = _bad_rows(file, grid, info, on_bad_lines, engine, caught)
    said = grid.attrs.pop("quoted", None)  # whether pyarrow parsed with quoting; else look at the file
    if (said if said is not None else quoted(file, quotes)) and (note := joined_rows(grid, info.sep)):
        info.notes.append(note)
    if not (engine == "pyarrow" and _NULL_IN_PARSER):  # else the parser read the empty cells as missing
        grid = grid.where(grid != "") if len(grid) else grid
    return grid, info


def head_rows(file: Path, n: int = 3, *, encoding: str | None = None, sep: str | None = None,
              decimal: str | None = None, on_bad_lines: str = "error", **_: Any) -> pd.DataFrame:
    """The first ``n`` rows of a text export (for telling its format), read from its first bytes only.

    An empty file, or one not in UTF-8 (nor named by ``encoding``), is read whole with the
    checks of :func:`parse` and the options the reader will use: within :func:`reusing`,
    the reader then takes that reading over instead of reading the file again.
    """
    check_options(encoding, sep, decimal, on_bad_lines)
    with open(file, "rb") as f:
        head = f.read(_SAMPLE)
    plain = encoding is None and not any(head.startswith(b) for b, _ in _BOMS) and not _utf16_without_bom(head)
    if not head.strip() or not (plain and _utf8_head(head)) and encoding is None:  # empty, or not UTF-8
        return parse(file, encoding=encoding, sep=sep, decimal=decimal, on_bad_lines=on_bad_lines)[0].iloc[:n]
    text = head.decode(encoding or next((name for b, name in _BOMS if head.startswith(b)), "utf-8"), errors="ignore")
    text = text[1:] if text.startswith("\ufeff") else text
    hinted, text, _ = sep_hint(text, file, sep)
    if len(head) == _SAMPLE:
        text = whole_lines(text)
    rows = list(itertools.islice(csv.reader(_stdio.StringIO(text, newline=""),
                                            delimiter=sep or hinted or sniff_sep(text, file.suffix.lower())), n))
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return grid.where(grid != "", None)


def sep_hint(text: str, file: Path, sep: str | None = None) -> tuple[str | None, str, list[str]]:
    """The delimiter named by a first line ``sep=;`` (Excel's delimiter hint, written by some exports so
    that Excel splits the file right; not a header row), the text after that line (and after a
    repeated hint) and the hint lines; else None, the text and no line. A hint naming no delimiter
    is refused."""
    hinted, lines = None, []
    while True:
        first = text.split("\n", 1)[0].split("\r", 1)[0]
        if re.fullmatch(r'(?i)sep="\s*', first):
            raise SurveyReadError(f"{file.name!r} begins with the line {first!r}, Excel's delimiter hint naming the "
                                  "quote character. Delete that line and read the file with `sep=`.")
        if sep is None and (odd := _ODD_HINT.fullmatch(first)) is not None:
            raise SurveyReadError(f"{file.name!r} begins with the line {first!r}: Excel's delimiter hint naming "
                                  f"{odd['sep']!r} as the delimiter, or the header of a one-column file? If it is "
                                  "the hint, delete that line; to read it as the header row, pass `sep=` with the "
                                  "file's delimiter (e.g. sep=',').")
        if (found := _SEP_LINE.fullmatch(first)) is None:
            break
        if not found["sep"] and sep is None:
            raise SurveyReadError(f"{file.name!r} begins with the line {first!r}, Excel's delimiter hint, naming no "
                                  "delimiter. Delete that line, or pass `sep=` with the file's delimiter.")
        hinted, text = ("\t" if found["sep"] == "\\t" else found["sep"] or None), after_first_line(text)
        lines.append(first.rstrip(" "))
    return hinted, text, lines


def _hint_fits(text: str, hinted: str, file: Path) -> None:
    """Refuse a hint whose delimiter leaves the header row in one piece while another delimiter splits the header
    and the rows below it alike (a one-column file keeps its hint)."""
    head = whole_lines(text[:65_536]) if len(text) > 65_536 else text
    if len(next(csv.reader(_stdio.StringIO(head, newline=""), delimiter=hinted), [])) >= 2:
        return
    other = next((s for s in SEPARATORS if s != hinted and _even(head, s)), None)
    if other is not None:
        raise SurveyReadError(f"{file.name!r} begins with Excel's delimiter hint 'sep={hinted}', but its header row "
                              f"holds no {hinted!r}, and {other!r} splits it and the rows below alike. Pass "
                              f"sep={other!r}, or correct the first line of the file.")


def _open_quote(file: Path, info: TextInfo) -> None:
    """Refuse a quote left open, with its line (the csv module reads the file in strict mode to be sure)."""
    _, line, _ = _diagnose(file, info.encoding, info.sep, None, info.hint)
    if line is not None:
        raise SurveyReadError(f"{file.name!r}: a quote (\") opened on line {line} is never closed, so every line "
                              "after it would be read into one field. Close the quote in the file (or remove it) "
                              "and read it again.")


def _read(file: Path, info: TextInfo, engine: str, quotes: int = -1) -> tuple[pd.DataFrame | None, list, str]:
    """pandas' CSV parser on the file: every cell a string; warnings (bad rows) or the parser error kept; the
    engine that read it.

    ``quotes``: the number of quote characters in the file, if counted (-1: not counted).
    """
    try:
        if engine == "pyarrow":  # pyarrow called directly, each column typed as text by name (pandas 2 and 3)
            grid, caught = read_grid(file, info.sep, info.encoding, quotes, skip=info.hint)
            if caught is not None:
                return grid, caught, engine
            if quoted(file, quotes) or not _NULL_IN_PARSER:  # a first row pyarrow cannot count alike: pandas
                engine = "c"  # reads it all, with its C engine when an answer may run over lines (or on pandas 2,
                # whose pyarrow engine types a column by inference before making it text: '007' as 7)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            grid = pd.read_csv(file, sep=info.sep, header=None, dtype=str, keep_default_na=False,
                               encoding=info.encoding,  # the parsers skip a UTF-8 byte-order mark
                               on_bad_lines="warn", engine=engine, skiprows=info.hint,
                               **(({"na_values": [""]} if _NULL_IN_PARSER else {}) if engine == "pyarrow"
                                  else {"na_filter": False}))
    except pd.errors.EmptyDataError:
        raise SurveyReadError(f"{file.name!r} holds only blank lines: there is no header and no answer.") from None
    except pd.errors.ParserError as exc:
        return None, [exc], engine
    return grid, [w.message for w in caught], engine


def _bad_rows(file: Path, grid: pd.DataFrame | None, info: TextInfo, on_bad_lines: str, engine: str,
              caught: list) -> pd.DataFrame:
    """Rows without the header's number of fields: refused with their lines, or left out and counted."""
    _open_quote(file, info)
    bad, _, width = _diagnose(file, info.encoding, info.sep, None, info.hint)
    if grid is None and not bad:
        raise SurveyReadError(f"{file.name!r} could not be parsed as {info.sep!r}-delimited text ({caught[0]}).")
    if not bad and engine == "pyarrow" and caught:  # pyarrow left out rows that the csv module reads whole
        raise SurveyReadError(f"{file.name!r}: the parser left out {len(caught)} row(s) that Python's csv module "
                              f"reads with the header's {width} fields, e.g. {str(caught[0])[:160]!r}. Read it with "
                              "cx.io.read_survey(path) after saving it again from a spreadsheet (CSV UTF-8), and "
                              "report the file to cxresearch.")
    if not bad:
        return grid
    shown = ", ".join(f"line {ln} has {n}" for ln, n, _, _ in bad[:5]) + (f" ... ({len(bad)} lines)" if len(bad) > 5
                                                                         else "")
    hint = (" The numbers look like decimal commas in a ','-delimited file: quote them, or save the file with ';'."
            if info.sep == "," and any(split for _, _, split, _ in bad) else "")
    if on_bad_lines == "error":
        raise SurveyReadError(f"{file.name!r}: {len(bad)} row(s) do not have the header's {width} fields "
                              f"({shown}).{hint} Fix those lines, or pass on_bad_lines='skip' to leave them out "
                              "(they are counted).")
    if engine == "c":  # the C parser left out the long rows and padded the short ones: drop those too
        with open(file, encoding=info.encoding, newline="") as f:
            rows = itertools.islice(csv.reader(f, delimiter=info.sep), info.hint, None)
            kept = [len(r) for r in rows if r and len(r) <= width]
        if len(kept) != len(grid):
            raise SurveyReadError(f"{file.name!r}: {len(bad)} row(s) do not have the header's {width} fields "
                                  f"({shown}), and they cannot be left out safely. Fix those lines in the file.")
        grid = grid.drop(index=grid.index[[i for i, w in enumerate(kept) if w < width]]).reset_index(drop=True)
    info.skipped = len(bad)
    info.skipped_rows = [(record, ln, n) for ln, n, _, record in bad]
    info.notes.append(f"{len(bad)} row(s) without the header's {width} fields left out ({shown}); "
                      "on_bad_lines='skip'.")
    return grid
