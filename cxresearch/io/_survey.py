"""``read_survey`` (the format sniffed from the file) and ``describe`` (what a reader read)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, check_argument
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Frame, Options, declared
from cxresearch.errors import SurveyReadError
from cxresearch.io._common import EXCEL, TEXT, header_texts, raw_cells, refuse_empty
from cxresearch.io._text import head_rows, reusing
from cxresearch.io._plain import read_table
from cxresearch.io._qualtrics import read_qualtrics
from cxresearch.io._stats import read_spss, read_stata
from cxresearch.io._surveymonkey import RESPONDENT, read_surveymonkey
from cxresearch.io._tables import FORMS_IDS, read_excel, read_google_forms, read_limesurvey
from cxresearch.io._wjx import read_wjx

READERS: dict[str, Callable[..., pd.DataFrame]] = {
    "qualtrics": read_qualtrics, "spss": read_spss, "stata": read_stata, "excel": read_excel,
    "wjx": read_wjx, "surveymonkey": read_surveymonkey, "google_forms": read_google_forms,
    "limesurvey": read_limesurvey, "plain": read_table,
}
_WJX_HEAD = re.compile(r"^(\d+、|第\d+题[(（])")


def _sniff(path: Path, options: dict) -> str | None:
    """The reader name for a file from its extension and header rows, or None."""
    suffix = path.suffix.lower()
    if suffix in (".sav", ".zsav"):
        return "spss"
    if suffix == ".dta":
        return "stata"
    if suffix not in TEXT + EXCEL + (".xls",):
        return None
    text = {k: options[k] for k in ("encoding", "sep", "decimal", "on_bad_lines") if k in options}
    cells = head_rows(path, **text) if suffix in TEXT else raw_cells(path, options.get("sheet", 0))
    refuse_empty(cells, path, 0, "")
    first = header_texts(cells, 0)
    rows = [header_texts(cells, i) for i in range(1, min(3, len(cells)))]
    if any(t.startswith('{"ImportId"') for row in rows for t in row) or \
            ("ResponseID" in first + (rows[0] if rows else []) and any(re.match(r"^V\d+$", t) for t in first)):
        return "qualtrics"
    if set(RESPONDENT) & set(first):
        return "surveymonkey"
    if "序号" in first or any(_WJX_HEAD.match(t) for t in first):
        return "wjx"
    if "submitdate" in first or ("id" in first and any(re.match(r"^\w+\[\w+\]", t) for t in first)):
        return "limesurvey"
    if first and first[0] in FORMS_IDS:
        return "google_forms"
    return "excel" if suffix in EXCEL + (".xls",) else None


@declared(error=SurveyReadError,
          format=[None, Options("qualtrics", "spss", "stata", "excel", "wjx", "surveymonkey", "google_forms", "limesurvey",
                                 "plain")])
def read_survey(path: str | os.PathLike, format: str | None = None, **options) -> pd.DataFrame:
    """Read any supported survey export, telling the format from the file.

    Parameters
    ----------
    path : str or path-like
        The export.
    format : str, optional
        One of "qualtrics", "spss", "stata", "excel", "wjx", "surveymonkey", "google_forms",
        "limesurvey", or "plain" (a table with one header row that no survey tool made:
        :func:`read_table`); by default sniffed from the extension and the header rows
        (Qualtrics' ImportId row, SurveyMonkey's Respondent ID, 问卷星's ``N、`` headers,
        LimeSurvey's submitdate, a Forms Timestamp; any other Excel sheet is read as plain
        Excel). A text file that no tool's header matches is refused rather than guessed:
        pass ``format="plain"`` when it is a plain table.
    **options
        Passed on to the reader (e.g. ``keep_metadata=True``).

    Returns
    -------
    pandas.DataFrame
        What the reader returns; ``frame.attrs["cxresearch"]["reader"]`` names it.

    Raises
    ------
    SurveyReadError
        A missing file, an unknown ``format``, or a file whose format cannot be told (the
        message lists the formats and the readers).

    See Also
    --------
    read_qualtrics, read_spss, read_wjx, read_surveymonkey, read_google_forms, read_limesurvey,
    read_excel, read_stata : the readers.
    read_table : a plain table that no survey tool made.
    describe : one row per column of what was read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "form.csv"
    >>> _ = path.write_text("Timestamp,Overall\\n2024/05/01 10:00:00,4\\n")
    >>> cx.io.read_survey(path).attrs["cxresearch"]["reader"]
    'google_forms'
    """
    if format is not None:
        check_argument("format", list(READERS), format, error=SurveyReadError)
        return READERS[format](path, **options)
    if not isinstance(path, (str, os.PathLike)) or not Path(path).is_file():
        shown = path if not isinstance(path, os.PathLike) else str(path)
        raise arg_error("path", "an existing survey export file", shown,
                        "Check the spelling and the working directory (Path.cwd()).", error=SurveyReadError)
    with reusing():  # a file that is read whole to tell its format is not read a second time by its reader
        found = _sniff(Path(path), options)
        if found is not None:
            return READERS[found](path, **options)
    raise SurveyReadError(
        f"Could not tell the survey tool of {Path(path).name!r} from its extension and header rows. "
        f"Pass `format=` (one of {list(READERS)}) or call the reader directly (cx.io.read_qualtrics, "
        "read_spss, read_stata, read_excel, read_wjx, read_surveymonkey, read_google_forms, "
        "read_limesurvey). If it is a plain table of answers (one header row, no survey tool's metadata), pass "
        "format='plain' or call cx.io.read_table(path).")


def _labels_text(labels: dict | None) -> str:
    if not labels:
        return ""
    return "; ".join(f"{k:g} = {v}" if isinstance(k, float) else f"{k} = {v}" for k, v in labels.items())


@renamed_argument("frame", "data", since="0.3")
@declared(error=SurveyReadError, data=Frame())
def describe(data: pd.DataFrame) -> pd.DataFrame:
    """What a reader read: one row per column, returned or dropped.

    Parameters
    ----------
    data : pandas.DataFrame
        A frame returned by a :mod:`cxresearch.io` reader.

    Returns
    -------
    pandas.DataFrame
        Columns ``column``, ``role`` ("id", "answer" or "dropped"), ``question``, ``item``
        (for grid columns), ``n_missing`` (missing for dropped columns) and ``value_labels``
        (as text, ``"1 = I dislike it; ..."``), ``note`` (why a column was dropped). The
        reader's notes are in ``.attrs["notes"]`` and the encoding of a text file in
        ``.attrs["encoding"]`` (None for Excel, SPSS and Stata files).

    Raises
    ------
    SurveyReadError
        When ``data`` carries no reader metadata.

    See Also
    --------
    read_survey : reads any supported export.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "form.csv"
    >>> _ = path.write_text("Timestamp,Feel [Wi-Fi],Feel [Parking]\\n2024/05/01,I like it,\\n")
    >>> cx.io.describe(cx.io.read_survey(path))[["column", "role", "item", "n_missing"]]
               column    role     item  n_missing
    0       Timestamp      id      NaN        0.0
    1    Feel [Wi-Fi]  answer    Wi-Fi        0.0
    2  Feel [Parking]  answer  Parking        1.0
    """
    meta = data.attrs.get("cxresearch") if isinstance(data, pd.DataFrame) else None
    if not isinstance(meta, dict) or "reader" not in meta:
        raise arg_error("data", "a DataFrame returned by a cx.io reader (with attrs['cxresearch'])",
                        data, "Read the file with cx.io.read_survey(path) first.", error=SurveyReadError)
    rows = []
    for col in data.columns:
        question, item = meta["grid"].get(col, (meta["questions"].get(col), None))
        role = "id" if col in meta["id_columns"] else "answer"
        rows.append((col, role, question, item, float(data[col].isna().sum()),
                     _labels_text(meta["value_labels"].get(col)), ""))
    rows += [(col, "dropped", None, None, np.nan, "", why) for col, why in meta["dropped_columns"].items()]
    out = pd.DataFrame(rows, columns=["column", "role", "question", "item", "n_missing", "value_labels", "note"])
    out.attrs["notes"] = list(meta["notes"])
    out.attrs["encoding"] = meta.get("encoding")
    return out
