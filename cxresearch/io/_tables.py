"""One-header-row exports: plain Excel sheets, Google Forms and LimeSurvey CSV files.

Google Forms downloads ("Responses" -> "Download responses (.csv)") start with a Timestamp
column (localised: Horodateur, Marca temporal, Zeitstempel, ...), then an optional Email
Address, then one column per question; a multiple-choice or checkbox grid gives one column per
row headed ``question [row]``. LimeSurvey's "Export results" with "Question code" headings writes
``Q1`` for a question and ``Q1[SQ001]`` for a subquestion after the response metadata (id,
submitdate, lastpage, startlanguage, seed, startdate, datestamp, ipaddr, refurl).
"""

from __future__ import annotations

import os
import re
from typing import Any

import pandas as pd

from cxresearch._core.checks import arg_error
from cxresearch._core.params import Integer, Text, declared
from cxresearch.errors import SurveyReadError
from cxresearch.io._common import (EXCEL, TEXT, Record, bracket_grid, check_path, header_kept, header_texts,
                                   read_cells, refuse_empty, shared_questions, unique_names)
from cxresearch.io._ident import is_identifier

# the Timestamp / Email Address / Score headers of a Forms download in the interface languages (English,
# French, Spanish, German, Italian, Portuguese, Simplified / Traditional Chinese, Japanese, Korean, Dutch, Russian,
# Polish, Turkish, Swedish)
FORMS_IDS = ("Timestamp", "Horodateur", "Marca temporal", "Zeitstempel", "Informazioni cronologiche",
             "Carimbo de data/hora", "时间戳记", "時間戳記", "タイムスタンプ", "타임스탬프", "Tijdstempel", "Отметка времени",
             "Sygnatura czasowa", "Zaman damgası", "Tidstämpel")
FORMS_EMAIL = ("Email Address", "Email address", "Adresse e-mail", "Dirección de correo electrónico",
               "E-Mail-Adresse", "Indirizzo email", "Endereço de e-mail", "电子邮件地址", "電子郵件地址",
               "メールアドレス", "이메일 주소", "E-mailadres", "Адрес электронной почты", "Adres e-mail", "E-posta Adresi",
               "E-postadress", "Score", "Punkte", "Puntuación", "Pontuação", "Points", "分数", "得分",
               "スコア", "점수")
LIME_IDS = ("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "refurl",
            "token")
LIME_PRIVATE = {"ipaddr": "IP address", "email": "respondent's e-mail", "firstname": "respondent's name",
                "lastname": "respondent's name"}
_LIME_CODE = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9_]*)(?:\[(?P<sub>[^\[\]]+)\])?(?:\.\s*(?P<text>.+))?$")


def _one_header(file, read: tuple, header: int, reader: str) -> tuple[list[str], pd.DataFrame, Record]:
    """The header names, the data rows (fully empty rows left out and counted) and a record."""
    if not isinstance(header, int) or isinstance(header, bool) or header < 0:
        raise arg_error("header", "the 0-based row number of the header row", header, error=SurveyReadError)
    cells, info = read
    refuse_empty(cells, file, 0, reader)
    if len(cells) <= header:
        raise SurveyReadError(f"{file.name!r} has {len(cells)} row(s), so row {header} cannot be its header.")
    refuse_empty(cells, file, header + 1, reader)
    header_kept(info, file, header + 1, reader)
    names = header_texts(cells, header)
    record = Record(reader, file).read(info)
    for i, name in enumerate(names):
        if not name:
            names[i] = f"column_{i + 1}"
            record.notes.append(f"Column {i + 1} has no header; named {names[i]!r}.")
    unique_names(names, file)
    data = cells.iloc[header + 1:].reset_index(drop=True)
    data.columns = names
    empty = data.isna().all(axis=1).to_numpy()
    record.n_in = len(data)
    record.excluded["empty rows"] = int(empty.sum())
    return names, data[~empty], record


@declared(error=SurveyReadError, sheet=[Text(), Integer(0)], header=Integer(0))
def read_excel(path: str | os.PathLike, *, sheet: Any = 0, header: int = 0) -> pd.DataFrame:
    """Read a plain Excel sheet of survey answers, one header row of question texts.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` workbook (or a legacy ``.xls``).
    sheet : str or int, default 0
        The sheet, by name or 0-based position.
    header : int, default 0
        The 0-based row holding the column headers; rows above it are not read.

    Returns
    -------
    pandas.DataFrame
        The answers under their header texts, numeric columns as numbers; fully empty rows
        are left out and counted. ``frame.attrs["cxresearch"]``: ``questions`` (the headers),
        ``grid`` for Google-Forms style ``question [item]`` headers, and the other metadata.

    Raises
    ------
    SurveyReadError
        A missing file, another extension, a sheet that does not exist, repeated headers, or
        openpyxl not installed.

    See Also
    --------
    read_survey : picks the reader from the file.
    read_google_forms : the same layout as a CSV download.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.xlsx"
    >>> pd.DataFrame({"id": [1, 2], "Feel with [Wi-Fi]": ["I like it", "I expect it"],
    ...               "Feel with [Parking]": ["I dislike it", None]}).to_excel(path, index=False)
    >>> df = cx.io.read_excel(path)
    >>> df.attrs["cxresearch"]["grid"]
    {'Feel with [Wi-Fi]': ('Feel with', 'Wi-Fi'), 'Feel with [Parking]': ('Feel with', 'Parking')}
    """
    file = check_path(path, EXCEL + (".xls",), "read_excel")
    names, data, record = _one_header(file, read_cells(file, sheet), header, "excel")
    record.id_columns = [n for n in names if is_identifier(n)]  # kept as text by record.typed
    record.questions = {n: n for n in names if n not in record.id_columns}
    record.grid = bracket_grid(record.questions)
    return record.attach({n: record.typed(data[n], n) for n in names})


@declared(error=SurveyReadError)
def read_google_forms(path: str | os.PathLike, *, encoding: str | None = None, sep: str | None = None,
                      decimal: str | None = None, on_bad_lines: str = "error") -> pd.DataFrame:
    """Read a Google Forms responses download (CSV; a TSV or .xlsx of the same sheet also works).

    Parameters
    ----------
    path : str or path-like
        The ``.csv`` download ("Download responses"), or the response sheet saved as ``.tsv``
        or ``.xlsx``.
    encoding, sep, decimal, on_bad_lines : optional
        For text files, as in :func:`read_qualtrics`: the encoding (detected by default), the
        delimiter (sniffed), the decimal mark and what to do with rows that do not have the
        header's number of fields ("error" or "skip").

    Returns
    -------
    pandas.DataFrame
        One row per response under the question texts; the Timestamp (in any interface
        language) and Email Address columns are ``id_columns``; ``question [item]`` grid
        headers give ``grid``.

    Raises
    ------
    SurveyReadError
        A missing file, another extension, or no Timestamp column first.

    See Also
    --------
    read_excel : any one-header sheet.
    cxresearch.kano.code : pairs functional and dysfunctional grids.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "form.csv"
    >>> _ = path.write_text('Timestamp,How do you feel with [Wi-Fi],How do you feel with [Bike-share]\\n'
    ...                     '2024/05/01 10:00:00,I like it,I expect it\\n', encoding="utf-8")
    >>> df = cx.io.read_google_forms(path)
    >>> df.attrs["cxresearch"]["grid"]["How do you feel with [Bike-share]"]
    ('How do you feel with', 'Bike-share')
    """
    file = check_path(path, TEXT + EXCEL, "read_google_forms")
    names, data, record = _one_header(file, read_cells(file, 0, encoding=encoding, sep=sep, decimal=decimal,
                             on_bad_lines=on_bad_lines), 0,
                                     "google_forms")
    if names[0] not in FORMS_IDS:
        raise SurveyReadError(f"{file.name!r} is not a Google Forms download: its first column is "
                              f"{names[0]!r}, not a timestamp ({', '.join(FORMS_IDS[:3])}, ...). Use "
                              "cx.io.read_survey(path) to pick the reader, or cx.io.read_excel for other sheets."
                              + _sep_hint(names, sep))
    record.id_columns = [n for n in names if n in FORMS_IDS or n in FORMS_EMAIL]
    record.questions = {n: n for n in names if n not in record.id_columns}
    record.grid = bracket_grid(record.questions)
    return record.attach({n: record.typed(data[n], n) for n in names})


def _sep_hint(names: list, sep) -> str:
    """When a given ``sep`` left the header in one piece that another delimiter splits: say so."""
    if sep is None or len(names) != 1:
        return ""
    found = [d for d in (",", ";", "\t", "|") if d != sep and d in str(names[0])]
    shown = {"\t": "'\\t'"}.get(found[0], repr(found[0])) if found else ""
    return (f" With sep={sep!r} the header is one column; the file seems to use {shown}: pass sep={shown} or leave "
            "sep out (the delimiter is detected).") if found else ""


@declared(error=SurveyReadError, sheet=[Text(), Integer(0)])
def read_limesurvey(path: str | os.PathLike, *, sheet=0, keep_metadata: bool = False,
                    encoding: str | None = None, sep: str | None = None,
                    decimal: str | None = None, on_bad_lines: str = "error") -> pd.DataFrame:
    """Read a LimeSurvey results export (CSV or Excel, "Question code" or "Question code & text" headings).

    Parameters
    ----------
    path : str or path-like
        The ``.csv`` export, or the ``.xlsx`` one ("Microsoft Excel" in LimeSurvey's export formats).
    sheet : str or int, default 0
        The sheet of an Excel export (its name or 0-based position).
    keep_metadata : bool, default False
        Keep ``ipaddr`` (and token e-mail / names) as id columns; by default they are dropped
        and listed in ``dropped_columns``.
    encoding, sep, decimal, on_bad_lines : optional
        For text files, as in :func:`read_qualtrics`: the encoding (detected by default), the
        delimiter (sniffed), the decimal mark and what to do with rows that do not have the
        header's number of fields ("error" or "skip").

    Returns
    -------
    pandas.DataFrame
        One row per response under the question codes (``Q1``, ``Q1[SQ001]``); id, submitdate,
        lastpage, startlanguage, seed, startdate, datestamp, refurl are ``id_columns``; a
        subquestion column gives ``grid`` ``{"Q1[SQ001]": ("Q1", "SQ001")}`` (the question and
        subquestion texts when the headings carry them).

    Raises
    ------
    SurveyReadError
        A missing file, another extension, or no ``id`` / ``submitdate`` column.

    See Also
    --------
    read_survey : picks the reader from the file.
    describe : one row per column of what was read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "results.csv"
    >>> _ = path.write_text('"id","submitdate","F[SQ001]","F[SQ002]"\\n"1","2024-05-01 10:00:00","A1","A3"\\n')
    >>> cx.io.read_limesurvey(path).attrs["cxresearch"]["grid"]
    {'F[SQ001]': ('F', 'SQ001'), 'F[SQ002]': ('F', 'SQ002')}
    """
    file = check_path(path, TEXT + EXCEL, "read_limesurvey")
    headers, data, record = _one_header(file, read_cells(file, sheet, encoding=encoding, sep=sep, decimal=decimal,
                                                         on_bad_lines=on_bad_lines), 0, "limesurvey")
    if not {"id", "submitdate"} & set(headers):
        raise SurveyReadError(f"{file.name!r} is not a LimeSurvey export: no 'id' or 'submitdate' column; the "
                              f"header starts {headers[:4]!r}. Export with 'Question code' headings, or use "
                              "cx.io.read_survey(path).")
    columns, found = {}, {}
    for head in headers:
        m = _LIME_CODE.match(head)
        name = head if head in LIME_IDS or head in LIME_PRIVATE or not m else \
            (m["code"] + (f"[{m['sub']}]" if m["sub"] else ""))
        if name in LIME_PRIVATE and not keep_metadata:
            record.dropped_columns[name] = f"{LIME_PRIVATE[name]} (LimeSurvey metadata); pass keep_metadata=True"
            continue
        if name in LIME_IDS or name in LIME_PRIVATE:
            record.id_columns.append(name)
        elif m and m["text"]:
            record.questions[name] = m["text"]
        if m and m["sub"] and name not in LIME_IDS:
            text = _BRACKET_TEXT.match(m["text"] or "")
            found[name] = (text["q"].strip(), text["i"].strip()) if text else (m["code"], m["sub"])
        columns[name] = record.typed(data[head], name)
    record.grid = shared_questions(found)
    unique_names(list(columns), file)
    if "submitdate" in columns and (open_ := int(columns["submitdate"].isna().sum())):
        record.notes.append(f"{open_} response(s) have no submitdate (not completed); they are kept, "
                            "filter on submitdate to leave them out.")
    return record.attach(columns)


_BRACKET_TEXT = re.compile(r"^(?P<q>.*\S)\s*\[(?P<i>[^\[\]]+)\]\s*$")
