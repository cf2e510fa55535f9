"""Text exports: the encoding, the delimiter and the rows that do not fit the header.

The encoding is read from a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), else the file
must be UTF-8, else one of the legacy code pages the survey tools and Excel write
(:data:`LEGACY`) is chosen by charset-normalizer; when two of them fit equally well but
give different text, the file is refused with both readings. The delimiter is the one of
``,`` ``;`` tab ``|`` that splits the first rows into the same number of fields. The cells
are parsed by pyarrow's CSV reader (each column typed as text: ``_arrow_csv``; pandas' C
engine without pyarrow) into a grid of strings; rows with more or fewer fields than the
header and unterminated quotes are refused with their line numbers (or, with
``on_bad_lines="skip"``, left out and counted). Within :func:`reusing`, a file read whole
twice with the same options is parsed once.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io as _stdio
import itertools
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from charset_normalizer import from_bytes

from cxresearch._core.checks import arg_error, check_argument
from cxresearch.errors import SurveyReadError
from cxresearch.io._arrow_csv import read_grid

#: Legacy code pages chosen among when a file is not UTF-8 (Excel "CSV" and 问卷星 / Naver / Google
#: downloads saved on Windows in each language the readers know).
LEGACY = {"cp1252": "Western European: English, Spanish, Portuguese, French, German Windows",
          "gb18030": "Simplified Chinese", "big5": "Traditional Chinese", "cp949": "Korean",
          "cp932": "Japanese", "cp1251": "Cyrillic"}
#: Column names the survey tools write in their own language (问卷星's metadata, the Forms timestamp in
#: Chinese, Japanese and Korean, SurveyMonkey's respondent ID): a header that reads as one of them in exactly
#: one legacy encoding settles that encoding where the byte statistics alone cannot.
KNOWN_HEADERS = ("序号", "提交答卷时间", "所用时间", "来源详情", "来自IP", "答卷编号", "时间戳记", "時間戳記",
                 "タイムスタンプ", "타임스탬프", "응답자 ID", "回答者 ID", "应答者 ID", "受訪者 ID")
SEPARATORS = (",", ";", "\t", "|")
BAD_LINES = ("error", "skip")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SAMPLE = 200_000
_CHUNK = 1 << 23
# pandas 3 (text read as its pyarrow-backed ``str``): the pyarrow engine reads empty cells as missing
# itself (one pass less); pandas 2 fills its object columns from pyarrow nulls differently, so there
# the empty strings are turned into missing values after the read, as by the C engine
_NULL_IN_PARSER = int(pd.__version__.split(".")[0]) >= 3


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


def _stream(file: Path, encoding: str, start: int = 0):
    """Decoded chunks of ``file`` from byte ``start`` (strict: a bad byte raises UnicodeDecodeError)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(file, "rb") as f:
        f.seek(start)
        while chunk := f.read(_CHUNK):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)


def _validate(file: Path, encoding: str, why: str) -> int:
    """Decode the whole file with ``encoding`` (never kept in memory); the number of quote characters."""
    quotes, done = 0, 0
    try:
        for text in _stream(file, encoding):
            quotes += text.count('"')
            done += 1
    except UnicodeDecodeError as exc:
        at = (done * _CHUNK) + exc.start
        with open(file, "rb") as f:
            line = f.read(at).count(b"\n") + 1
        raise SurveyReadError(f"{file.name!r} cannot be read as {encoding} ({why}): the bytes at line {line} "
                              f"(byte {at}) are not {encoding}. Pass the file's encoding, e.g. encoding='cp1252' or "
                              "encoding='gb18030', or save it again as 'CSV UTF-8'.") from None
    return quotes


def _first_bad_utf8(file: Path) -> int | None:
    done = 0
    try:
        for _ in _stream(file, "utf-8"):
            done += 1
    except UnicodeDecodeError as exc:
        return done * _CHUNK + exc.start
    return None


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


def _by_known_header(head: bytes) -> tuple[str, list[str]] | None:
    """The one legacy encoding in which the first line holds the tools' own column names, if exactly one does."""
    first = head.split(b"\n", 1)[0]
    found = {}
    for name in LEGACY:
        try:
            text = first.decode(name)
        except UnicodeDecodeError:
            continue
        words = [w for w in KNOWN_HEADERS if w in text]
        if words:
            found[name] = words
    return next(iter(found.items())) if len(found) == 1 else None


def detect(file: Path, head: bytes, encoding: str | None) -> tuple[str, str | None, int]:
    """The encoding of ``file``, a note when it is not UTF-8, and its number of quote characters (-1: not counted).

    Never a raw decode error: a file the encoding does not fit is refused naming the line.
    """
    if encoding is not None:
        return encoding, None, _validate(file, encoding, "the encoding passed")
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, None, _validate(file, name, "its byte-order mark says so")
    if (utf16 := _utf16_without_bom(head)) is not None:
        return utf16, f"Read as {utf16} (no byte-order mark; every other byte is zero).", \
            _validate(file, utf16, "every other byte is zero")
    bad = _first_bad_utf8(file)
    if bad is None:
        return "utf-8", None, -1
    with open(file, "rb") as f:
        f.seek(max(0, bad - 4096))
        region = f.read(4 * _SAMPLE)
        lines = region.split(b"\n")
        lines = lines[1 if bad > 4096 else 0:-1 if f.read(1) else None]  # whole lines only
    # the lines with non-ASCII bytes: ASCII lines only dilute what tells the encodings apart
    sample = b"\n".join(ln for ln in lines if max(ln, default=0) > 127)[:_SAMPLE] or region
    matches = list(from_bytes(sample, cp_isolation=list(LEGACY)))
    by_header = _by_known_header(head)
    if by_header is not None:
        name, words = by_header
        quotes = _validate(file, name, f"its header holds {', '.join(words)}")
        return name, (f"Read as {name} ({LEGACY[name]}): the file is not UTF-8, and its header reads as the survey "
                      f"tool's own column names ({', '.join(words)}) in {name} only."), quotes
    if not matches:
        fits = []
        for name in LEGACY:
            try:
                fits.append(f"{name} reads {_first_non_ascii_line(sample.decode(name))!r}")
            except UnicodeDecodeError:
                continue
        raise SurveyReadError(f"{file.name!r} is not UTF-8 (the bytes at byte {bad} are not), and no legacy "
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
    quotes = _validate(file, best.encoding, "chosen by charset-normalizer from the bytes that are not UTF-8")
    return best.encoding, (f"Read as {best.encoding} ({LEGACY[best.encoding]}): the file is not UTF-8; "
                           "pass `encoding=` if the text looks wrong."), quotes


def sniff_sep(text: str, suffix: str) -> str:
    """The delimiter that splits the first rows into the same number (two or more) of fields."""
    head = text[:65_536]
    if len(text) > len(head) or not text.endswith("\n"):
        head = head[:head.rfind("\n") + 1] or head
    scores = []
    for sep in SEPARATORS:
        widths = [len(r) for r in itertools.islice(csv.reader(_stdio.StringIO(head), delimiter=sep), 50) if r]
        if widths and widths[0] >= 2:
            scores.append((sum(w == widths[0] for w in widths) / len(widths), sep == "\t" and suffix == ".tsv",
                           widths[0], sep))
    return max(scores)[3] if scores else ("\t" if suffix == ".tsv" else ",")


def _diagnose(file: Path, encoding: str, sep: str, width: int | None) -> tuple[list[tuple[int, int]], int | None, int]:
    """(line, fields) of the records without ``width`` fields, the line of an unterminated quote, the width.

    Python's csv module reads the file a second time, streamed: only for files with a problem.
    """
    with open(file, encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=sep, strict=True)
        bad, start = [], 1
        try:
            for row in reader:
                if row and width is None:
                    width = len(row)
                if row and len(row) != width:
                    bad.append((start, len(row)))
                start = reader.line_num + 1
        except csv.Error:
            return bad, start, width or 0
    return bad, None, width or 0


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
        used, note, quotes = detect(file, head, encoding)
    info = TextInfo(encoding=used, notes=[note] if note else [])
    text = head.decode(used, errors="ignore")
    text = text[1:] if text.startswith("\ufeff") else text
    if not text.strip():
        raise SurveyReadError(f"{file.name!r} holds only blank lines: there is no header and no answer.")
    info.sep = sep if sep is not None else sniff_sep(text, file.suffix.lower())
    info.decimal = decimal
    if sep is None and info.sep != ("\t" if file.suffix.lower() == ".tsv" else ","):
        info.notes.append(f"Fields delimited by {info.sep!r} (detected); pass `sep=` to override.")
    engine = _engine()
    if quotes > 0 and quotes % 2:  # an odd number of quotes: one may be left open
        _open_quote(file, info)
    try:
        grid, caught = _read(file, info, engine)
    except (UnicodeDecodeError, ValueError) as exc:  # pyarrow: ArrowInvalid "invalid UTF8 data"
        if not isinstance(exc, UnicodeDecodeError) and "UTF8" not in str(exc):
            raise
        grid, caught = None, [exc]
    not_utf8 = grid is None and any(isinstance(c, UnicodeDecodeError) or "UTF8" in str(c) or "utf-8" in str(c)
                                    for c in caught)
    if not_utf8 and encoding is None and info.encoding == "utf-8":
        used, note, quotes = detect(file, head, None)  # not UTF-8 after all: detect the encoding, read again
        info.encoding, info.notes = used, ([note] if note else []) + info.notes
        if quotes > 0 and quotes % 2:
            _open_quote(file, info)
        grid, caught = _read(file, info, engine)
    if grid is not None and engine == "pyarrow" and len(grid) and quotes < 0 and \
            grid.iloc[-1].astype(str).str.contains("\n", regex=False).any():
        _open_quote(file, info)  # pyarrow reads an unterminated quote to the end of the file, into the last row
    warned = any("Skipping line" in str(w) or "Expected" in str(w) for w in caught)
    short = engine == "c" and grid is not None and grid.shape[1] > 1 and grid.iloc[:, -1].eq("").any()
    if grid is None or warned or short:
        grid = _bad_rows(file, grid, info, on_bad_lines, engine, caught)
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
    if len(head) == _SAMPLE:
        text = text[:text.rfind("\n") + 1] or text
    rows = list(itertools.islice(csv.reader(_stdio.StringIO(text, newline=""),
                                            delimiter=sep or sniff_sep(text, file.suffix.lower())), n))
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return grid.where(grid != "", None)


def _open_quote(file: Path, info: TextInfo) -> None:
    """Refuse a quote left open, with its line (the csv module reads the file in strict mode to be sure)."""
    _, line, _ = _diagnose(file, info.encoding, info.sep, None)
    if line is not None:
        raise SurveyReadError(f"{file.name!r}: a quote (\") opened on line {line} is never closed, so every line "
                              "after it would be read into one field. Close the quote in the file (or remove it) "
                              "and read it again.")


def _utf8_head(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample
    return True


def _read(file: Path, info: TextInfo, engine: str) -> tuple[pd.DataFrame | None, list]:
    """pandas' CSV parser on the file: every cell a string; warnings (bad rows) or the parser error kept."""
    try:
        if engine == "pyarrow" and _NULL_IN_PARSER:  # pyarrow called directly, each column typed as text by name
            return read_grid(file, info.sep, info.encoding)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            grid = pd.read_csv(file, sep=info.sep, header=None, dtype=str, keep_default_na=False,
                               encoding=info.encoding,  # the parsers skip a UTF-8 byte-order mark
                               on_bad_lines="warn", engine=engine,
                               **(({"na_values": [""]} if _NULL_IN_PARSER else {}) if engine == "pyarrow"
                                  else {"na_filter": False}))
    except pd.errors.EmptyDataError:
        raise SurveyReadError(f"{file.name!r} holds only blank lines: there is no header and no answer.") from None
    except pd.errors.ParserError as exc:
        return None, [exc]
    return grid, [w.message for w in caught]


def _bad_rows(file: Path, grid: pd.DataFrame | None, info: TextInfo, on_bad_lines: str, engine: str,
              caught: list) -> pd.DataFrame:
    """Rows without the header's number of fields: refused with their lines, or left out and counted."""
    _open_quote(file, info)
    bad, _, width = _diagnose(file, info.encoding, info.sep, None)
    if grid is None and not bad:
        raise SurveyReadError(f"{file.name!r} could not be parsed as {info.sep!r}-delimited text ({caught[0]}).")
    if not bad:
        return grid
    shown = ", ".join(f"line {ln} has {n}" for ln, n in bad[:5]) + (f" ... ({len(bad)} lines)" if len(bad) > 5 else "")
    hint = (" The numbers look like decimal commas in a ','-delimited file: quote them, or save the file with ';'."
            if info.sep == "," and any(n > width for _, n in bad) else "")
    if on_bad_lines == "error":
        raise SurveyReadError(f"{file.name!r}: {len(bad)} row(s) do not have the header's {width} fields "
                              f"({shown}).{hint} Fix those lines, or pass on_bad_lines='skip' to leave them out "
                              "(they are counted).")
    if engine == "c":  # the C parser left out the long rows and padded the short ones: drop those too
        with open(file, encoding=info.encoding, newline="") as f:
            kept = [len(r) for r in csv.reader(f, delimiter=info.sep) if r and len(r) <= width]
        if len(kept) != len(grid):
            raise SurveyReadError(f"{file.name!r}: {len(bad)} row(s) do not have the header's {width} fields "
                                  f"({shown}), and they cannot be left out safely. Fix those lines in the file.")
        grid = grid.drop(index=grid.index[[i for i, w in enumerate(kept) if w < width]]).reset_index(drop=True)
    info.skipped = len(bad)
    info.notes.append(f"{len(bad)} row(s) without the header's {width} fields left out ({shown}); "
                      "on_bad_lines='skip'.")
    return grid
