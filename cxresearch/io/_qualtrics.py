"""Qualtrics exports: the three-row CSV / Excel download and the legacy two-row CSV.

Layouts (Qualtrics support pages "Data export options" and "Understanding your dataset"):
row 1 holds the short names (``Q5_1``), row 2 the question text joined to the item by
``" - "``, row 3 ``{"ImportId":"QID5_1"}``. The legacy export has two rows: ``V1`` .. ``V10``
(or short names) and the texts, joined to the item by ``"-"`` without spaces, with long
question texts cut at about 99 characters and ``"..."``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from cxresearch._core.checks import arg_error, near_match
from cxresearch._core.params import Anything, Integer, Text, declared
from cxresearch.errors import SurveyReadError
from cxresearch.io._common import (EXCEL, TEXT, Record, check_path, header_kept, header_texts, read_cells,
                                   refuse_empty, shared_questions, unique_names)

STATUS_TEXT = {0: "IP Address", 1: "Survey Preview", 2: "Survey Test", 4: "Imported", 8: "Spam",
               9: "Preview Spam", 12: "Imported Spam", 16: "Offline", 17: "Offline Survey Preview"}
DEFAULT_EXCLUDE = (1, 2, 8, 9, 17, "Survey Preview", "Survey Test", "Spam", "Preview Spam",
                   "Offline Survey Preview")
ID_META = {"StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
           "ResponseId", "ResponseID", "ResponseSet", "ExternalReference", "ExternalDataReference",
           "DistributionChannel", "UserLanguage", "Q_RecaptchaScore", "Q_RelevantIDDuplicate"}
PRIVATE_META = {"IPAddress": "IP address", "RecipientLastName": "respondent's name",
                "RecipientFirstName": "respondent's name", "RecipientEmail": "respondent's e-mail",
                "Name": "respondent's name", "EmailAddress": "respondent's e-mail",
                "LocationLatitude": "location", "LocationLongitude": "location",
                "LocationAccuracy": "location"}
_LEGACY_V = re.compile(r"^V\d+$")
_STEM = re.compile(r"^(?P<stem>.+)_(?P<k>\d+)$")


@declared(error=SurveyReadError, sheet=[None, Text(), Integer(0)],
          exclude_status=[None, Anything("a Status code or label, or a list of them, read here")])
def read_qualtrics(path: str | os.PathLike, *, sheet: Any = None,
                   exclude_status: Any = DEFAULT_EXCLUDE,
                   keep_metadata: bool = False, encoding: str | None = None, sep: str | None = None, decimal: str | None = None,
                   on_bad_lines: str = "error") -> pd.DataFrame:
    """Read a Qualtrics export (CSV with three or two header rows, or Excel).

    Parameters
    ----------
    path : str or path-like
        A ``.csv`` or ``.xlsx`` download ("Data export options": CSV / Excel, with choice
        text or with numeric recode values), or the legacy two-row CSV with a UTF-8 BOM.
    sheet : str or int, optional
        The sheet of an Excel download (default: the first).
    exclude_status : int, str or list of them, optional
        ``Status`` values whose rows are left out and counted, as one value or a list, by
        code (0 IP Address, 1 Survey Preview, 2 Survey Test, 4 Imported, 8 Spam, 9 Preview
        Spam, 12 Imported Spam, 16 Offline, 17 Offline Survey Preview) or label (any case).
        By default survey previews, tests and spam (1, 2, 8, 9, 17). ``None`` or ``()``
        keeps every row.
    keep_metadata : bool, default False
        Keep the personal and location metadata (IPAddress, Recipient names and e-mail,
        LocationLatitude / LocationLongitude) as id columns. By default they are dropped and
        listed in ``dropped_columns``.
    encoding : str, optional
        The text file's encoding (a Python codec name such as ``"cp1252"``); by default read
        from its byte-order mark, else UTF-8, else detected among the legacy encodings
        (refused when two fit). The encoding used is ``attrs["cxresearch"]["encoding"]``.
    sep : str, optional
        The text file's delimiter; by default the one named by a first line ``sep=;`` (Excel's
        delimiter hint, left out with a note), else the one of ``,`` ``;`` tab ``|`` that splits
        the first rows evenly.
    decimal : {".", ","}, optional
        The decimal mark; by default ``.``, and ``,`` too in a ``;``-delimited file.
    on_bad_lines : {"error", "skip"}, default "error"
        Rows with more or fewer fields than the header: refused with their line numbers,
        or left out and counted in ``rows``.

    Returns
    -------
    pandas.DataFrame
        One row per response, columns under their short names (``Q5_1``); numeric columns
        as numbers. ``frame.attrs["cxresearch"]`` holds ``reader`` ("qualtrics"), ``source``,
        ``questions``, ``grid`` ({column: (question, item)}; the item is split off at the last
        ``" - "``, or for the legacy export at the question's shared prefix), ``value_labels``
        (empty), ``id_columns``, ``dropped_columns``, ``rows`` and ``notes``.

    Raises
    ------
    SurveyReadError
        A missing file, another extension, or header rows that are not a Qualtrics export.

    See Also
    --------
    read_survey : picks the reader from the file.
    describe : one row per column of what was read.
    cxresearch.kano.code : codes the answers read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text(
    ...     "ResponseId,Status,Q5_1,Q5_2\\n"
    ...     "Response ID,Response Type,Feel - Wi-Fi,Feel - Bike-friendly streets\\n"
    ...     '"{""ImportId"":""_recordId""}","{""ImportId"":""status""}",'
    ...     '"{""ImportId"":""QID5_1""}","{""ImportId"":""QID5_2""}"\\n'
    ...     "R_1,IP Address,I like it,I expect it\\nR_2,Survey Preview,I like it,I like it\\n")
    >>> df = cx.io.read_qualtrics(path)
    >>> df.attrs["cxresearch"]["grid"]["Q5_2"]
    ('Feel', 'Bike-friendly streets')
    >>> df.attrs["cxresearch"]["rows"]["excluded"]
    {'Qualtrics Status Survey Preview': 1}
    """
    file = check_path(path, TEXT + EXCEL, "read_qualtrics")
    exclude = _check_status(exclude_status)
    cells, info = read_cells(file, 0 if sheet is None else sheet,
                             encoding=encoding, sep=sep, decimal=decimal, on_bad_lines=on_bad_lines)
    refuse_empty(cells, file, 0, "Qualtrics")
    header_kept(info, file, 2, "Qualtrics")  # two header rows at least, in both layouts
    names, texts, start, legacy = _header(cells, file)
    header_kept(info, file, start, "Qualtrics")
    refuse_empty(cells, file, start, "Qualtrics")
    record = Record("qualtrics", file, n_in=len(cells) - start).read(info)
    data = cells.iloc[start:].reset_index(drop=True)
    data.columns = names
    record.questions = {n: t for n, t in zip(names, texts) if t}
    record.grid = _legacy_grid(names, texts) if legacy else _grid(names, texts)
    if legacy:
        record.notes.append("Legacy Qualtrics export (two header rows): items split from the question "
                            "texts at the prefix shared by each question's columns.")
    data = _drop_status(data, exclude, record)
    keep = []
    for name in names:
        if name in PRIVATE_META and not keep_metadata:
            record.dropped_columns[name] = (f"{PRIVATE_META[name]} (Qualtrics metadata); pass "
                                            "keep_metadata=True to keep it")
            continue
        if name in ID_META or name in PRIVATE_META:
            record.id_columns.append(name)
        keep.append(name)
    out = pd.DataFrame({n: record.typed(data[n], n) for n in keep})
    return record.attach(out)


def _header(cells: pd.DataFrame, file: Path) -> tuple[list[str], list[str], int, bool]:
    """Short names, texts, the first data row and whether the export is the legacy one."""
    if len(cells) < 2:
        raise SurveyReadError(f"{file.name!r} has {len(cells)} row(s); a Qualtrics export has a row of "
                              "short names and a row of question texts before the answers.")
    names, texts = header_texts(cells, 0), header_texts(cells, 1)
    third = header_texts(cells, 2) if len(cells) > 2 else []
    if any(t.startswith('{"ImportId"') for t in third):
        unique_names(names, file)
        return names, texts, 3, False
    legacy = (any(_LEGACY_V.match(n) for n in names) or "ResponseID" in texts) and "ResponseID" in names + texts
    if not legacy:
        raise SurveyReadError(
            f"{file.name!r} is not a Qualtrics export: expected three header rows (short names such as "
            "'Q5_1', question texts, and '{\"ImportId\":...}') or the legacy two rows ('V1', ... with "
            "'ResponseID'); the first row starts " + repr(names[:4]) + ". Use cx.io.read_survey(path) "
            "or cx.io.read_excel(path) for other files.")
    names = [t if _LEGACY_V.match(n) and t else n for n, t in zip(names, texts)]
    unique_names(names, file)
    return names, texts, 2, True


def _grid(names: list[str], texts: list[str]) -> dict[str, tuple[str, str]]:
    """Split ``question - item`` at the last ``" - "`` (items keep their own hyphens)."""
    found = {}
    for name, text in zip(names, texts):
        if name in ID_META or name in PRIVATE_META or " - " not in text:
            continue
        question, item = text.rsplit(" - ", 1)
        found[name] = (question.strip(), item.strip())
    return shared_questions(found)


def _legacy_grid(names: list[str], texts: list[str]) -> dict[str, tuple[str, str]]:
    """Legacy ``question-item``: the question is the prefix shared by the columns ``Qn_1, Qn_2, ...``."""
    stems: dict[str, list[tuple[str, str]]] = {}
    for name, text in zip(names, texts):
        m = _STEM.match(name)
        if m and text:
            stems.setdefault(m["stem"], []).append((name, text))
    found = {}
    for members in stems.values():
        if len(members) < 2:
            continue
        cut = _separator(os.path.commonprefix([t for _, t in members]))
        if cut is None:
            continue
        for name, text in members:
            found[name] = (text[:cut - 1].strip(), text[cut:].strip())
    return _distinct_questions(found)


def _distinct_questions(found: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Texts cut at ~99 characters can make two questions identical: tell them apart by their stem."""
    stems: dict[str, set[str]] = {}
    for name, (question, _) in found.items():
        stems.setdefault(question, set()).add(_STEM.match(name)["stem"])
    return {name: (f"{q} ({_STEM.match(name)['stem']})" if len(stems[q]) > 1 else q, item)
            for name, (q, item) in found.items()}


def _separator(prefix: str) -> int | None:
    """The position just after the ``-`` that ends the question inside a shared prefix.

    A cut text ends ``...-``; otherwise the last ``-`` not inside a word (``?-``, ``:-``,
    ``)-``) and, failing that, the last ``-`` of the shared prefix.
    """
    if "...-" in prefix:
        return prefix.rindex("...-") + 4
    dashes = [i for i, ch in enumerate(prefix) if ch == "-"]
    if not dashes:
        return None
    outside = [i for i in dashes if i == 0 or not prefix[i - 1].isalnum()]
    return (outside or dashes)[-1] + 1


def _check_status(exclude: Any) -> set[str]:
    """``exclude_status`` as casefolded labels: one code or label, or a list of them; unknown ones refused."""
    if exclude is None:
        return set()
    values = [exclude] if isinstance(exclude, (str, int)) else exclude
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise arg_error("exclude_status", "a Status code or label, or a list of them (e.g. ['Survey Preview', 8])",
                        exclude, error=SurveyReadError)
    labels = {t.casefold(): t for t in STATUS_TEXT.values()}
    wanted = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise arg_error("exclude_status", "Status codes (int) or labels (str)", value, error=SurveyReadError)
        if isinstance(value, int) or value.strip().isdigit():
            code = int(value)
            if code not in STATUS_TEXT:
                raise arg_error("exclude_status", f"codes among {sorted(STATUS_TEXT)}", value, error=SurveyReadError)
            wanted.add(STATUS_TEXT[code].casefold())
        elif value.strip().casefold() in labels:
            wanted.add(value.strip().casefold())
        else:
            raise arg_error("exclude_status", f"labels among {list(STATUS_TEXT.values())}", value,
                            near_match(value, list(STATUS_TEXT.values())), error=SurveyReadError)
    return wanted


def _drop_status(data: pd.DataFrame, wanted: set[str], record: Record) -> pd.DataFrame:
    """Leave out preview / test / spam rows by their Status (code or label), counting each reason."""
    if "Status" not in data.columns or not wanted:
        return data
    status = data["Status"]
    label = {}  # each distinct Status once: its label (codes as their text)
    for value in pd.unique(status.dropna()):
        text = str(value).strip()
        code = text[:-2] if text.endswith(".0") else text
        label[value] = STATUS_TEXT.get(int(code), text) if code.isdigit() else text
    hit = [v for v, t in label.items() if t.casefold() in wanted]
    drop = status.isin(hit).to_numpy()
    as_text = status[drop].map(label)
    for text, n in as_text.value_counts(sort=False).items():
        record.excluded[f"Qualtrics Status {text}"] = int(n)
    if drop.any():
        record.notes.append(f"{int(drop.sum())} response(s) left out by their Status (preview, test or spam); "
                            "pass exclude_status=() to keep them.")
    return data[~drop]
