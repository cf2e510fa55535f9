"""What the UTF-8 bytes of a pyarrow text array tell, read with numpy and without decoding a value.

In UTF-8 the first byte of a character fixes the block it comes from, so a value's first
bytes tell whether it can begin a number, a score, a skip marker or white space, and its
last three bytes whether it can end with white space. The white space is what pyarrow's
``utf8_trim_whitespace`` and Python's ``str.strip`` remove (the same 29 code points):
ASCII 9-13 and 28-32, U+0085 and U+00A0 (first byte 0xC2), U+1680 (0xE1), U+2000-U+205F
(0xE2) and U+3000 (0xE3). The tests walk every code point to hold these tables to that.
Each function gives a superset (rows that *may* be padded) or a sure answer; what a
superset finds is checked exactly by pyarrow.
"""

from __future__ import annotations

import re

import numpy as np

_WHITE_ASCII = [*range(0x09, 0x0E), *range(0x1C, 0x21)]
_WHITE_LEAD = np.zeros(256, dtype=bool)  # first bytes of white space characters
_WHITE_LEAD[_WHITE_ASCII + [0xC2, 0xE1, 0xE2, 0xE3]] = True
_WHITE_END = np.zeros(256, dtype=bool)  # last bytes of white space characters
_WHITE_END[_WHITE_ASCII + [0x85, 0xA0, *range(0x80, 0x8B), 0x9F, 0xA8, 0xA9, 0xAF]] = True
_WHITE_LAST = np.zeros(256, dtype=bool)
_WHITE_LAST[_WHITE_ASCII] = True
_THREE_BYTE_WHITE = np.zeros(256, dtype=bool)
_THREE_BYTE_WHITE[[0xE1, 0xE2, 0xE3]] = True

# first bytes of characters that begin no number (\d in Python's re is any Unicode digit), sign, point,
# parenthesis or white space: visible ASCII but "0-9+-.(", Latin to Hebrew (U+00C0-U+05FF), CJK
# (U+4000-U+9FFF) and Hangul (U+B000-U+D7FF); kana and Hangul that begin with 0xE3 / 0xEA are told by
# their second byte
_PLAIN_FIRST = np.zeros(256, dtype=bool)
_PLAIN_FIRST[0x21:0x7F] = True
_PLAIN_FIRST[[ord(c) for c in "0123456789+-.("]] = False
_PLAIN_FIRST[0xC3:0xD8] = True
_PLAIN_FIRST[0xE4:0xEA] = True
_PLAIN_FIRST[0xEB:0xEE] = True
_PLAIN_RANGES = [(0x41, 0x7E), (0xC3, 0xD7), (0xE4, 0xE9), (0xEB, 0xED)]  # letters, Latin-Hebrew, CJK, Hangul
_PLAIN_SECOND = {0xE3: (0x81, 0xBF), 0xEA: (0xB0, 0xBF)}  # U+3040-U+3FFF (not U+3000-U+303F), U+AC00-U+AFFF


def _parts(chunk) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None] | None:
    """The data bytes of a pyarrow text chunk, the start and end of each value and which are present
    (None when all are); None for an array without offsets."""
    _, offsets, data = chunk.buffers()
    if offsets is None:
        return None
    ends = np.frombuffer(offsets, dtype=np.int64 if str(chunk.type) == "large_string" else np.int32)
    ends = ends[chunk.offset:chunk.offset + len(chunk) + 1].astype(np.int64, copy=False)
    valid = chunk.is_valid().to_numpy(zero_copy_only=False) if chunk.null_count else None
    text = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return text, ends[:-1], ends[1:], valid


def _chunks(arr) -> list:
    return list(getattr(arr, "chunks", [arr]))


def _ends_padded(text: np.ndarray, end: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` (values whose last byte can end white space) may end with white space: their last
    byte is ASCII white space, or the byte before it is 0xC2, or the one before that 0xE1-0xE3."""
    last = end[rows]
    return (_WHITE_LAST[np.take(text, last - 1, mode="clip")] | (np.take(text, last - 2, mode="clip") == 0xC2)
            | _THREE_BYTE_WHITE[np.take(text, last - 3, mode="clip")])


def _unpadded_ends(text: np.ndarray, start: np.ndarray, end: np.ndarray, shortest: int | None = None) -> bool:
    """True when surely no value ends with white space, told by reductions: every last byte is visible
    ASCII, or every value has three bytes or more and its third byte from the end leads a character of
    U+4000-U+FFFF (valid UTF-8: then the last three bytes are that character, and none there is white).

    ``shortest`` is the shortest value's length if known. The test that the first value passes is
    tried first (the values of a column mostly end alike).
    """
    def ascii_last() -> bool:
        last = np.take(text, end - 1, mode="clip")
        return int(last.min()) >= 0x21 and int(last.max()) <= 0x7F

    def cjk_last() -> bool:
        if not len(end) or (shortest if shortest is not None else int((end - start).min())) < 3:
            return False
        lead = np.take(text, end - 3, mode="clip")
        return int(lead.min()) >= 0xE4 and int(lead.max()) <= 0xEF

    cjk_first = len(end) and len(text) and int(text[max(min(int(end[0]), len(text)), 1) - 1]) >= 0x80
    return (cjk_last() or ascii_last()) if cjk_first else (ascii_last() or cjk_last())


def _cjk_symbol_ends(text: np.ndarray, start: np.ndarray, end: np.ndarray) -> bool:
    """Whether a value ends with a CJK symbol or punctuation mark (U+3000-U+303F: 〗, 。, 」, the ideographic
    space): bytes 0xE3 0x80 before its last byte."""
    long = end - start >= 3
    return bool((long & (np.take(text, end - 3, mode="clip") == 0xE3)
                 & (np.take(text, end - 2, mode="clip") == 0x80)).any())


def _unpadded(text: np.ndarray, start: np.ndarray, end: np.ndarray) -> bool:
    """True when surely no value begins or ends with white space (first bytes in 0x21-0xC1 or from 0xE4)."""
    first = np.take(text, start, mode="clip")
    low, high = int(first.min()), int(first.max())
    return (low >= 0xE4 or (low >= 0x21 and high <= 0xC1)) and _unpadded_ends(text, start, end)


def padded_rows(chunk) -> np.ndarray:
    """Positions in a pyarrow text chunk of the present values that may begin or end with white space.

    A superset: a value is in it when its first byte can begin a white space character, or its
    last bytes can end one (see :func:`_ends_padded`).
    """
    parts = _parts(chunk)
    if parts is None or not len(parts[0]):
        return np.zeros(0, dtype=np.int64)
    text, start, end, valid = parts
    present = (start, end) if valid is None else (start[valid], end[valid])
    if len(present[0]) and _unpadded(text, *present):
        return np.zeros(0, dtype=np.int64)  # told by a few reductions
    lead = np.take(_WHITE_LEAD, np.take(text, start, mode="clip"))
    maybe = lead | np.take(_WHITE_END, np.take(text, end - 1, mode="clip"))
    if not maybe.any():
        return np.zeros(0, dtype=np.int64)
    rows = np.flatnonzero(maybe)
    rows = rows[lead[rows] | _ends_padded(text, end, rows)]
    rows = rows[end[rows] > start[rows]]
    return rows if valid is None else rows[valid[rows]]


def plain(arr) -> bool:
    """Whether every present value of a pyarrow text array is non-empty, begins with a character that
    begins no number, score, skip marker or white space (see ``_PLAIN_FIRST``) and ends with no white
    space (values whose last bytes may end some are trimmed by pyarrow to be sure) and no CJK symbol
    (U+3000-U+303F, such as the 〗 that closes a written-in text); False with no value."""
    seen = False
    for chunk in _chunks(arr):
        parts = _parts(chunk)
        if parts is None:
            return False
        text, start, end, valid = parts
        if valid is not None:
            start, end = start[valid], end[valid]
        if not len(start):
            continue
        if not len(text) or not _plain_chunk(chunk, valid, text, start, end):
            return False
        seen = True
    return seen


def _plain_chunk(chunk, valid: np.ndarray | None, text: np.ndarray, start: np.ndarray, end: np.ndarray) -> bool:
    """:func:`plain` on one chunk's present values (``start``, ``end`` in ``text``), with as few passes as
    the usual columns allow: the lengths once, the first bytes once, the end bytes of one script first."""
    import pyarrow.compute as pc

    shortest = int((end - start).min())
    if shortest < 1:
        return False
    first = np.take(text, start, mode="clip")
    low, high = int(first.min()), int(first.max())
    one_script = any(lo <= low and high <= hi for lo, hi in _PLAIN_RANGES)  # two reductions tell
    if not one_script and not _plain_first(text, start, end, first).all():
        return False
    if _unpadded_ends(text, start, end, shortest):
        return True
    if _cjk_symbol_ends(text, start, end):
        return False
    maybe = np.take(_WHITE_END, np.take(text, end - 1, mode="clip"))
    if not maybe.any():
        return True
    rows = np.flatnonzero(maybe)
    rows = rows[_ends_padded(text, end, rows)]
    if not len(rows):
        return True
    some = (chunk.filter(chunk.is_valid()) if valid is not None else chunk).take(rows)
    return bool(pc.all(pc.equal(pc.binary_length(some), pc.binary_length(pc.utf8_rtrim_whitespace(some)))).as_py())


def plain_starts(text: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which values (non-empty, starting at ``start`` in ``text``) begin with a plain character."""
    first = np.take(text, start, mode="clip")
    low, high = int(first.min()), int(first.max())
    if any(lo <= low and high <= hi for lo, hi in _PLAIN_RANGES):  # one script: two reductions tell
        return np.ones(len(first), dtype=bool)
    return _plain_first(text, start, end, first)


def _plain_first(text: np.ndarray, start: np.ndarray, end: np.ndarray, first: np.ndarray) -> np.ndarray:
    """:func:`plain_starts` from the values' first bytes (``first``), by the tables."""
    ok = np.take(_PLAIN_FIRST, first)
    if ok.all():
        return ok
    rest = np.flatnonzero(~ok)
    lead, second = first[rest], np.take(text, start[rest] + 1, mode="clip")
    for byte, (lo, hi) in _PLAIN_SECOND.items():
        ok[rest] |= (lead == byte) & (second >= lo) & (second <= hi) & (end[rest] - start[rest] > 1)
    return ok


def holds(arr, part: str) -> bool:
    """Whether a present value of a pyarrow text array contains ``part``.

    The bytes of the present values are searched in place first (a regular expression on a
    memory view copies nothing); a hit there is made sure of by pyarrow value by value.
    """
    import pyarrow.compute as pc

    needle = re.compile(re.escape(part.encode("utf-8")))
    for chunk in _chunks(arr):
        parts = _parts(chunk)
        if parts is None:
            return bool(pc.any(pc.match_substring(arr, part)).as_py())
        text, start, end, valid = parts
        if valid is not None:
            start, end = start[valid], end[valid]
        if len(start) and needle.search(memoryview(text[int(start[0]):int(end[-1])])):
            return bool(pc.any(pc.match_substring(arr, part)).as_py())
    return False


def one_byte_rows(arr) -> np.ndarray | None:
    """Each row's byte when every present value of a pyarrow text array is one ASCII character (scores 1-9,
    codes, Y/N), 0xFF for a missing row; None otherwise. Read from the data buffers, nothing hashed."""
    rows = []
    for chunk in _chunks(arr):
        parts = _parts(chunk)
        if parts is None:
            return None
        text, start, end, valid = parts
        lengths = end - start
        if valid is None and len(lengths) and (int(lengths.min()) != 1 or int(lengths.max()) != 1):
            return None
        if valid is not None and not np.array_equal(lengths, valid):  # a missing row holds no byte
            return None
        raw = text[int(start[0]):int(end[-1])] if len(start) else text[:0]
        if len(raw) and int(raw.max()) >= 0x80:
            return None
        got = raw
        if valid is not None:
            got = np.full(len(valid), 0xFF, dtype=np.uint8)
            got[valid] = raw
        rows.append(got)
    return np.concatenate(rows) if len(rows) != 1 else rows[0]
