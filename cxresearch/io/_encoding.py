"""The encoding of a text export: a byte-order mark, UTF-8, or a legacy code page chosen with care.

A byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) settles it; else the file must be UTF-8; else
one of the legacy code pages the survey tools and Excel write (:data:`LEGACY`) is chosen by
charset-normalizer (or by the tools' own column names in the header), and when two of them fit
equally well but give different text, the file is refused with both readings. A file whose
first lines are UTF-8 text with a bad byte further on is damaged, not in another encoding: it is
refused naming the line. A chosen encoding is checked on the whole file, never a raw decode error.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from cxresearch.errors import SurveyReadError

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
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SAMPLE = 200_000
_LATIN_LETTER = re.compile(r"(?<=[A-Za-z])[\u00DF-\u00FF](?=[A-Za-z\s,;.!?])")
_CHUNK = 1 << 23

class _BadBytes(Exception):
    """Bytes the encoding cannot decode, at byte ``at`` of the file."""

    def __init__(self, at: int) -> None:
        super().__init__(at)
        self.at = at


def _stream(file: Path, encoding: str, start: int = 0):
    """Decoded chunks of ``file`` from byte ``start`` (strict: a bad byte raises :class:`_BadBytes` with its
    place in the file; another :class:`UnicodeError`, such as UTF-16 without its byte-order mark, as raised)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    fed = start
    with open(file, "rb") as f:
        f.seek(start)
        while True:
            chunk = f.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:  # what it decoded ends where this chunk ends (bytes kept from the
                raise _BadBytes(fed + len(chunk) - len(exc.object) + exc.start) from None  # last one, no BOM)
            yield text
            if not chunk:
                return
            fed += len(chunk)


def _validate(file: Path, encoding: str, why: str) -> int:
    """Decode the whole file with ``encoding`` (never kept in memory); the number of quote characters."""
    quotes = 0
    try:
        for text in _stream(file, encoding):
            quotes += text.count('"')
    except _BadBytes as exc:
        with open(file, "rb") as f:
            line = f.read(exc.at).count(b"\n") + 1
        raise SurveyReadError(f"{file.name!r} cannot be read as {encoding} ({why}): the bytes at line {line} "
                              f"(byte {exc.at}) are not {encoding}. Pass the file's encoding, e.g. encoding='cp1252' "
                              "or encoding='gb18030', or save it again as 'CSV UTF-8'.") from None
    except UnicodeError as exc:  # e.g. 'utf-16' on a file without a byte-order mark
        raise SurveyReadError(f"{file.name!r} cannot be read as {encoding} ({why}): {exc}. For UTF-16 without a "
                              "byte-order mark pass encoding='utf-16-le' or 'utf-16-be'; or leave `encoding` out to "
                              "have it detected.") from None
    return quotes


def _first_bad_utf8(file: Path) -> int | None:
    try:
        for _ in _stream(file, "utf-8"):
            pass
    except _BadBytes as exc:
        return exc.at
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


def _whole_lines_upto(lines: list[bytes], size: int) -> bytes:
    """The first ``lines`` joined, as many whole ones as fit in ``size`` bytes (at least one): a sample cut inside
    a character would not decode in the file's own encoding, which the detector then leaves out."""
    total, keep = 0, 0
    for line in lines:
        total += len(line) + 1
        if total > size and keep:
            break
        keep += 1
    return b"\n".join(lines[:keep])


def _wide_without_zeros(file: Path, head: bytes, encoding: str) -> None:
    """Refuse UTF-16 / UTF-32 passed for a file with no zero byte at its top: it would decode to other text."""
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")) and len(head) >= 4 and 0 not in head[:4096]:
        raise SurveyReadError(f"{file.name!r} is not {encoding} (the encoding passed): in {encoding} every letter, "
                              f"digit and delimiter of English text holds a zero byte, and the first "
                              f"{min(len(head), 4096)} bytes of the file hold none. Leave `encoding` out to have it "
                              "detected, or pass the file's encoding (e.g. 'utf-8').")


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
        _wide_without_zeros(file, head, encoding)
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
    sample = _whole_lines_upto([ln for ln in lines if max(ln, default=0) > 127], _SAMPLE) or region
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
        with open(file, "rb") as f:
            line = f.read(bad).count(b"\n") + 1
        raise SurveyReadError(f"{file.name!r} is not UTF-8 (the bytes at byte {bad}, on line {line}, are not), and "
                              f"no legacy encoding reads it as plain text ({'; '.join(fits) or 'none decodes it'}). "
                              "Pass `encoding=` with the file's encoding, or save it again as 'CSV UTF-8'.")
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


def _damaged_utf8(file: Path) -> None:
    """Refuse a file whose first lines are UTF-8 text (non-ASCII, valid) with bytes further on that are not."""
    bad = _first_bad_utf8(file) or 0
    with open(file, "rb") as f:
        line = f.read(bad).count(b"\n") + 1
    raise SurveyReadError(f"{file.name!r} reads as UTF-8 (its first lines hold non-ASCII text that is valid UTF-8) "
                          f"up to byte {bad}, on line {line}, where the bytes are not UTF-8: the file is probably "
                          "damaged there. Fix or remove that line and read it again, or pass `encoding=` if the "
                          "file is in another encoding.")


def _utf8_then_not(head: bytes) -> bool:
    """Whether the head holds valid UTF-8 text before its first bad byte: ten non-ASCII characters at least
    (text in a legacy encoding is not valid UTF-8 that long by chance), or two or more that are all lower-case
    accented Latin letters inside words (``naïve café``). One such letter is not enough: a Korean ``채``
    (C3 A4 in CP949) reads as ``ä``, and the next character then fails."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = head[:exc.start].decode("utf-8")
        other = [c for c in text if not c.isascii()]
        return len(other) >= 10 or len(other) >= 2 and len(_LATIN_LETTER.findall(text)) == len(other)
    return False


def _utf8_head(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample
    return True
