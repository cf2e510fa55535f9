"""Reading the EXPORT of the command line: a survey tool's export, or a plain table of answers.

A survey tool's export is read by :func:`cxresearch.io.read_survey`; a CSV / TSV / TXT file whose
tool cannot be told is read as a plain table with one header row by :func:`cxresearch.io.read_table`,
through the same encoding-aware parser (any encoding Excel and the survey tools write, any of the
delimiters ``,`` ``;`` tab ``|``), so that it carries the same metadata and
:func:`cxresearch.io.describe` shows it. The sentence returned says which reading was used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from cxresearch import io as cxio
from cxresearch.errors import CXInputError, SurveyReadError

__all__ = ["FORMATS", "read_export"]

FORMATS = ("auto", "plain", "qualtrics", "spss", "stata", "excel", "wjx", "surveymonkey", "google_forms",
           "limesurvey")
TEXT = (".csv", ".tsv", ".txt")
_UNKNOWN_TOOL = "Could not tell the survey tool"


def _how(frame: pd.DataFrame, file: Path, plain_reason: str = "") -> str:
    meta = frame.attrs.get("cxresearch", {})
    reader = meta.get("reader", "?")
    rows = meta.get("rows", {})
    kept = f"{rows.get('n_used', len(frame)):,} of {rows.get('n_in', len(frame)):,} rows kept" if rows else \
        f"{len(frame):,} rows"
    excluded = "; ".join(f"{n:,} {why}" for why, n in rows.get("excluded", {}).items())
    how = (f"with cx.io.read_table as a plain table ({plain_reason})" if reader == "table"
           else f"with cx.io.read_survey as {'an' if reader[0] in 'aeiou' else 'a'} {reader} export")
    encoding = f", encoding {meta['encoding']}" if meta.get("encoding") else ""
    out = f"Read {file.name} {how}{encoding}: {kept}{f' ({excluded})' if excluded else ''}, {frame.shape[1]} columns."
    return "\n".join([out, *(f"  note: {n}" for n in meta.get("notes", []))])


def read_export(path: str, *, format: str = "auto", sheet: Any = None, encoding: str | None = None,
                sep: str | None = None) -> tuple[pd.DataFrame, str]:
    """The answers in ``path`` and a sentence saying how they were read (for the terminal)."""
    file = Path(path).expanduser()
    if not file.is_file():
        where = "is a folder" if file.is_dir() else "does not exist"
        raise CXInputError(f"EXPORT must be an existing file; got {str(file)!r}, which {where}. Check the spelling "
                           "and the working directory.")
    text = {k: v for k, v in (("encoding", encoding), ("sep", sep)) if v is not None}
    is_text = file.suffix.lower() in TEXT
    if format == "plain":
        frame = cxio.read_table(file, **text, **({"sheet": sheet} if sheet is not None else {}))
        return frame, _how(frame, file, "--format plain")
    options = dict(text) if is_text else ({"sheet": sheet} if sheet is not None else {})
    if format != "auto":
        frame = cxio.read_survey(file, format=format, **options)
        return frame, _how(frame, file)
    try:
        frame = cxio.read_survey(file, **options)
    except SurveyReadError as exc:
        if not (is_text and _UNKNOWN_TOOL in str(exc)):
            raise
        frame = cxio.read_table(file, **text)
        return frame, _how(frame, file, "no survey tool's header found; one header row")
    return frame, _how(frame, file)
