"""Identifiers stay text; a column becomes numbers only where every value round-trips.

An identifier is told by its header (or SPSS / Stata variable label) in the languages the
readers know, or by its content: leading zeros (``007``) and whole numbers beyond 2**53
(20-digit respondent IDs) cannot be numbers without changing them. Other all-numeric
columns become ``int64`` (whole, complete) or ``float64``; numbers with more than 15
significant digits stay text. Every test is one vectorised pass per column.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cxresearch.io._bytes import padded_rows

SAFE_INTEGER = 2 ** 53
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_COMMA_NUMBER = r"[+-]?\d+(?:,\d+)?"
_LEADING_ZERO = r"^[+-]?0\d"
_MATCH = {".": re.compile(_NUMBER).fullmatch, ",": re.compile(_COMMA_NUMBER).fullmatch}
_ASCII_MATCH = {".": re.compile(_NUMBER, re.ASCII).fullmatch, ",": re.compile(_COMMA_NUMBER, re.ASCII).fullmatch}
# whole words / headers naming an identifier (casefolded), in English, Chinese, Korean, Japanese,
# Spanish, Portuguese, French and German survey exports
_ID_WORDS = re.compile(
    r"(?:^|[\s_\-.:/()#])(?:id|ids|uuid|guid|token)(?:$|[\s_\-.:/()#])"
    r"|^(?:response|respondent|record|collector|user|participant|panel|member|customer|external)\s?_?id$"
    r"|^externalreference$|^externaldatareference$|^responseset$"
    r"|编号|序号|答卷编号|用户id|编号|序號|編號|응답자|번호|회원번호|番号|回答者|回答id|識別子"
    r"|^n[úu]mero de (?:encuesta|respuesta|respondente|resposta|participante)|^n\.?[ºo°]\s*$"
    r"|^identifiant|^num[ée]ro de (?:r[ée]ponse|r[ée]pondant|participant)|^kennung|^befragten|^teilnehmer-?nr"
    r"|^laufnummer|^lfd\.?\s?nr")


def is_identifier(name: object, label: object = None) -> bool:
    """Whether a header (or a variable label) names an identifier column.

    Examples
    --------
    >>> [is_identifier(n) for n in ("ResponseId", "序号", "응답자 ID", "Número de encuesta", "Did you like it?")]
    [True, True, True, True, False]
    """
    for text in (name, label):
        if isinstance(text, str) and text.strip():
            raw = text.strip()
            if _naming(raw) and (_ID_WORDS.search(raw.casefold()) or re.search(r"[a-z](?:Id|ID)$", raw)
                                 or re.match(r"^ID(?:[_\s\-.:#]|$)", raw)):
                return True
    return False


def _naming(text: str) -> bool:
    """Whether a header is short enough to name a column rather than ask a question: at most 40 characters and
    four words, with no question mark and no scale in brackets ("How easy was Face ID to set up? (1-5)" asks)."""
    return len(text) <= 40 and len(text.split()) <= 4 and not re.search(r"[?？]|\(\s*\d+\s*[-–=]", text)


def _arrow(column: pd.Series):
    """The pyarrow array behind a pyarrow-backed string column (pandas' ``str`` dtype), else None."""
    return getattr(column.array, "_pa_array", None)


def trimmed(arr) -> bool | None:
    """Whether no value of a pyarrow text array has white space to strip (None: no value).

    Only a value whose first or last bytes can belong to white space can have any (those
    values found with numpy on the array's buffers, ``_bytes.padded_rows``); pyarrow trims
    those values alone.
    """
    import pyarrow.compute as pc

    edge = _edge_rows(arr)
    if edge is not None:
        if not len(edge):
            return True if len(arr) > arr.null_count else None
        arr = arr.take(edge)
    return pc.all(pc.equal(pc.binary_length(arr), pc.binary_length(pc.utf8_trim_whitespace(arr)))).as_py()


def _edge_rows(arr) -> np.ndarray | None:
    """Positions of the present values of a pyarrow (chunked) text array that may begin or end with white
    space; None for another type, or when more than one value in eight may (then the whole array is checked)."""
    if str(arr.type) not in ("string", "large_string"):
        return None
    found, base = [], 0
    for chunk in getattr(arr, "chunks", [arr]):
        found.append(padded_rows(chunk) + base)
        base += len(chunk)
    rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    return None if rows.size * 8 > max(len(arr), 2000) else rows


def _text(column: pd.Series) -> pd.Series:
    """Strings stripped, missing kept (other values untouched); a column with nothing to strip is not copied."""
    arr = _arrow(column)
    if arr is not None and str(arr.type) in ("string", "large_string"):
        return column if trimmed(arr) is not False else column.str.strip()
    if column.dtype != object and pd.api.types.infer_dtype(column, skipna=True) == "string":
        return column.str.strip()
    return column.map(lambda v: v.strip() if isinstance(v, str) else v)


def _stripped(column: pd.Series, counts=None) -> tuple[pd.Series, str | None]:
    """:func:`_text`, with answers of white space alone made missing, and what changed said (None: nothing).

    ``counts``: the rows carrying each value, when ``column`` holds a column's distinct values.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):  # labels already (not from a text export)
        return column, None
    out = _text(column)
    if out is column:
        return column, None
    changed = (out != column).to_numpy(dtype=bool, na_value=False) & column.notna().to_numpy()
    if not changed.any():
        return out, None
    blank = changed & (out == "").to_numpy(dtype=bool, na_value=False)
    rows = (lambda m: int(m.sum() if counts is None else counts[m].sum()))
    said = []
    if (changed & ~blank).any():
        shown = list(dict.fromkeys(column[changed & ~blank].tolist()))
        said.append(f"white space around {rows(changed & ~blank)} answer(s) removed (e.g. "
                    f"{', '.join(repr(v) for v in shown[:3])}{' ...' if len(shown) > 3 else ''})")
    if blank.any():
        out = out.where(~blank)
        said.append(f"{rows(blank)} answer(s) of white space only read as missing")
    return out, " and ".join(said)


def _joined(*why: str | None) -> str | None:
    return "; ".join(w for w in why if w) or None


def _floats(strings: pd.Series, pattern: str) -> np.ndarray | None:
    """The numbers of stripped strings when every one is a plain number (``pattern``), else None."""
    arr = _arrow(strings) if pattern == _NUMBER else None
    if arr is not None:  # pyarrow's cast is strict: one value that is not a number fails the column
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            out = pc.cast(arr, pa.float64()).to_numpy()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        return out if np.isfinite(out).all() else None  # 'nan', 'inf' are words here, not numbers
    if not strings.str.fullmatch(pattern).all():
        return None
    plain = strings if pattern == _NUMBER else strings.str.replace(",", ".", regex=False)
    out = pd.to_numeric(plain, errors="coerce").to_numpy(dtype=float)
    return out if np.isfinite(out).all() else None  # '٣' matches \d but is no number to pandas


def _whole_or_float(num: pd.Series, complete: bool) -> pd.Series:
    values = num.to_numpy(dtype=float, na_value=np.nan)
    # whole: every present value equals its rounding (NaN is missing; inf is not whole), without np.mod's cost
    whole = bool(np.all((np.rint(values) == values) | np.isnan(values))) and not bool(np.isinf(values).any())
    return num.astype("int64") if whole and complete else num.astype(float)


def _number_text(column: pd.Series) -> pd.Series:
    """Excel cells as text: whole numbers without '.0', numbers beyond 2**53 as the doubles the file holds
    (``1.2345678901234568e+19``: digits past those are not in the file), text as it is, missing kept missing."""
    def text(v) -> str:
        if isinstance(v, str) or not isinstance(v, (int, float, np.number)) or isinstance(v, (bool, np.bool_)):
            return str(v)
        if abs(v) > SAFE_INTEGER:
            return repr(float(v))
        return str(int(v)) if float(v).is_integer() else str(v)

    return column.map(lambda v: v if pd.isna(v) else text(v)).astype(object)


def typed(column: pd.Series, *, decimal: str | None = None, comma: bool = False,
          ident: bool = False, counts=None) -> tuple[pd.Series, str | None]:
    """Numbers where every present value is a number that round-trips, else text; and why not, if that matters.

    ``decimal=","`` reads decimal commas; ``comma=True`` (a ';'-delimited file) tries them when
    ``decimal`` is not given. ``ident=True`` keeps the column as text. White space around
    answers is removed (an answer of white space alone is missing), and said in the note;
    ``counts``: the rows carrying each value, when ``column`` holds a column's distinct values.
    """
    present = column.notna().to_numpy()
    if not present.any():
        return (column.astype(float) if len(column) else column), None
    values = column if present.all() else column[present]  # no copy of a complete column
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):  # Excel cells: numbers already
        if ident:  # as the same IDs in a text file read: 101 as '101'
            return _number_text(column), None
        num = pd.to_numeric(column, errors="coerce")
        if (num.abs() > SAFE_INTEGER).any():
            return column, None
        return _whole_or_float(num, bool(present.all())), None
    column, said = _stripped(column, counts)
    if said:  # values changed (and some may now be missing)
        present = column.notna().to_numpy()
        if not present.any():
            return column.astype(float), said
        values = column if present.all() else column[present]
    if ident and kind not in ("string", "empty"):  # Excel cells of text and numbers: all as text
        return _number_text(column), said
    if ident or kind == "boolean" or (kind.startswith("mixed") and values.map(lambda v: isinstance(v, bool)).any()):
        return column, said
    marks = [decimal] if decimal else (["."] + ([","] if comma else []))
    sample = [str(v).strip() for v in values.iloc[:200]]  # a text column is told from its first answers
    tried, marks = marks, [m for m in marks if all(_MATCH[m](v) for v in sample)]
    if not marks:
        return column, _joined(said, _mostly_numbers(values, sample, tried) or _other_marks(sample, tried))
    strings = values.astype(str) if kind != "string" else values
    for mark in marks:
        floats = _floats(strings, _NUMBER if mark == "." else _COMMA_NUMBER)
        if floats is None:
            continue
        if strings.str.contains(_LEADING_ZERO, regex=True).any():
            return column, _joined(said, "values with leading zeros (e.g. '007') kept as text, so they are not changed")
        if (np.abs(floats) > SAFE_INTEGER).any():
            return column, _joined(said, "whole numbers beyond 2**53 (e.g. 20-digit IDs) kept as text: as numbers "
                                   "they change")
        if strings.str.len().max() > 15:
            digits = strings.str.replace(r"[eE].*$|[^0-9]", "", regex=True).str.lstrip("0").str.len()
            if (digits > 15).any():
                return column, _joined(said, "numbers with more than 15 significant digits kept as text, so they are "
                                       "exact")
        full = np.full(len(column), np.nan)
        full[present] = floats
        out = _whole_or_float(pd.Series(full, index=column.index, copy=False), bool(present.all()))
        return out, _joined(said, "decimal commas read as numbers" if mark == "," else None)
    return column, _joined(said, _mostly_numbers(strings, sample, marks))


_GROUPED = {".": re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", re.ASCII).fullmatch,
            ",": re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?", re.ASCII).fullmatch}


def _other_marks(sample: list[str], tried: list[str]) -> str | None:
    """Why a column of numbers written with other marks stays text, and the fix: thousands separators (a value
    with two of them, or with both marks), or decimal commas where ``.`` was the mark (a tab- or comma-delimited
    file from a German or French Excel; said as a possibility: '1,3' may also be two codes)."""
    present = [v for v in sample if v]
    if len(present) < 2:
        return None
    for mark in tried:
        other = "," if mark == "." else "."
        grouped = [v for v in present if _GROUPED[mark](v) and (v.count(other) > 1 or mark in v)]
        if grouped and all(_GROUPED[mark](v) or _ASCII_MATCH[mark](v) for v in present):
            return (f"read as text, not numbers: its answers hold thousands separators ({grouped[0]!r}); remove "
                    f"the {other!r} separators to read them as numbers")
    if "," not in tried:
        commas = [v for v in present if "," in v and _ASCII_MATCH[","](v)]
        if commas and all(_ASCII_MATCH[","](v) for v in present):
            return (f"read as text, not numbers: its answers read as numbers if ',' is their decimal mark (e.g. "
                    f"{commas[0]!r}); if it is, pass decimal=','")
    return None


def _mostly_numbers(values: pd.Series, sample: list[str], marks: list[str]) -> str | None:
    """Why a column whose answers are numbers but for a few stays text: those few (up to three distinct
    answers, digits of other scripts such as ``٣`` or ``４`` and ``nan`` / ``inf`` among them); None for a
    text column (a fifth of its first answers or more are not numbers, or more than three answers are not)."""
    numbers, mark = max((sum(bool(_ASCII_MATCH[m](v)) for v in sample), m) for m in marks)
    if len(sample) < 3 or numbers < 0.8 * len(sample):
        return None
    odd: list[str] = []
    for v in pd.unique(values.dropna().astype(str).str.strip()):
        if not _ASCII_MATCH[mark](v) or (mark == "." and not np.isfinite(float(v))):
            odd.append(v)
            if len(odd) > 3:
                return None
    if not odd:
        return "read as text, not numbers: its answers are numbers, but they do not all convert exactly"
    return (f"read as text, not numbers: its answers are numbers but for {odd!r} (fix or remove "
            f"{'it' if len(odd) == 1 else 'them'} to read the column as numbers)")
