"""SurveyMonkey exports (CSV or XLSX, "All individual responses", expanded columns).

Layout (SurveyMonkey help, "Understanding exports"): two header rows. Row 1 holds the question
text, only over the first column of each question; row 2 the sub-item (matrix row, checkbox
option), "Response" or "Open-Ended Response". The respondent metadata come first: Respondent ID,
Collector ID, Start Date, End Date, IP Address, Email Address, First Name, Last Name, Custom
Data 1.
"""

from __future__ import annotations

import os

import pandas as pd

from cxresearch._core.params import Integer, Text, declared
from cxresearch.errors import SurveyReadError
from cxresearch.io._common import (EXCEL, TEXT, Record, check_path, header_kept, header_texts, read_cells,
                                   refuse_empty)

#: "Respondent ID" as SurveyMonkey's exports head it in its interface languages (the reader and read_survey
#: look for one of these in the first header row).
RESPONDENT = ("Respondent ID", "ID del encuestado", "ID do respondente", "ID du répondant", "Befragten-ID",
              "受访者 ID", "受訪者 ID", "回答者 ID", "응답자 ID")
IDS = RESPONDENT + ("Collector ID", "Start Date", "End Date", "Custom Data 1", "Custom Data 2")
PRIVATE = {"IP Address": "IP address", "Email Address": "respondent's e-mail",
           "First Name": "respondent's name", "Last Name": "respondent's name"}
SINGLE = ("Response", "Open-Ended Response")


@declared(error=SurveyReadError, sheet=[Text(), Integer(0)])
def read_surveymonkey(path: str | os.PathLike, *, sheet=0, keep_metadata: bool = False,
                      encoding: str | None = None, sep: str | None = None,
                      decimal: str | None = None, on_bad_lines: str = "error") -> pd.DataFrame:
    """Read a SurveyMonkey export with two header rows (CSV or XLSX).

    Parameters
    ----------
    path : str or path-like
        The ``.csv`` or ``.xlsx`` export of all individual responses, expanded columns.
    sheet : str or int, default 0
        The sheet of an ``.xlsx`` export.
    keep_metadata : bool, default False
        Keep IP Address, Email Address, First Name and Last Name as id columns; by default
        they are dropped and listed in ``dropped_columns``.
    encoding, sep, decimal, on_bad_lines : optional
        For text files, as in :func:`read_qualtrics`: the encoding (detected by default), the
        delimiter (sniffed), the decimal mark and what to do with rows that do not have the
        header's number of fields ("error" or "skip").

    Returns
    -------
    pandas.DataFrame
        One row per respondent. Metadata columns keep their names (``id_columns``); the k-th
        question becomes ``Q{k}`` when it has one column ("Response", "Open-Ended Response")
        and ``Q{k}_{j}`` for its j-th sub-item otherwise, with ``grid`` {column: (question,
        sub-item)} and the question text in ``questions``.

    Raises
    ------
    SurveyReadError
        A missing file, another extension, or header rows that are not a SurveyMonkey export.

    See Also
    --------
    read_survey : picks the reader from the file.
    describe : one row per column of what was read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "monkey.csv"
    >>> _ = path.write_text("Respondent ID,How do you feel with Wi-Fi?,,Overall\\n"
    ...                     ",In the lobby,In rooms,Response\\n101,I like it,I expect it,4\\n")
    >>> df = cx.io.read_surveymonkey(path)
    >>> list(df.columns), df.attrs["cxresearch"]["grid"]["Q1_2"]
    (['Respondent ID', 'Q1_1', 'Q1_2', 'Q2'], ('How do you feel with Wi-Fi?', 'In rooms'))
    """
    file = check_path(path, TEXT + EXCEL, "read_surveymonkey")
    cells, info = read_cells(file, sheet, encoding=encoding, sep=sep, decimal=decimal,
                             on_bad_lines=on_bad_lines)
    refuse_empty(cells, file, 0, "SurveyMonkey")
    header_kept(info, file, 2, "SurveyMonkey")
    if len(cells) < 2 or not set(RESPONDENT) & set(header_texts(cells, 0)):
        raise SurveyReadError(f"{file.name!r} is not a SurveyMonkey export: expected two header rows with "
                              "'Respondent ID' in the first. Export 'All individual responses' with expanded "
                              "columns, or use cx.io.read_survey(path).")
    refuse_empty(cells, file, 2, "SurveyMonkey")
    top, sub = header_texts(cells, 0), header_texts(cells, 1)
    _second_header_row(top, sub, file)
    data = cells.iloc[2:].reset_index(drop=True)
    record = Record("surveymonkey", file, n_in=len(data)).read(info)
    columns: dict[str, pd.Series] = {}
    k = 0
    for question, positions in _questions(top, file):
        if question in IDS or question in PRIVATE:
            if question in PRIVATE and not keep_metadata:
                record.dropped_columns[question] = (f"{PRIVATE[question]} (SurveyMonkey metadata); pass "
                                                    "keep_metadata=True to keep it")
                continue
            record.id_columns.append(question)
            columns[question] = record.typed(data.iloc[:, positions[0]], question)
            continue
        k += 1
        single = len(positions) == 1 and (sub[positions[0]] in SINGLE or not sub[positions[0]])
        for j, pos in enumerate(positions, 1):
            name = f"Q{k}" if single else f"Q{k}_{j}"
            columns[name] = record.typed(data.iloc[:, pos], name)
            record.questions[name] = question
            if not single:
                record.grid[name] = (question, sub[pos] or f"column {j}")
    return record.attach(columns)


def _questions(top: list[str], file) -> list[tuple[str, list[int]]]:
    """The questions of row 1 with the column positions under each (blank cells continue it)."""
    out: list[tuple[str, list[int]]] = []
    for i, text in enumerate(top):
        if text:
            out.append((text, [i]))
        elif out and out[-1][0] not in IDS and out[-1][0] not in PRIVATE:
            out[-1][1].append(i)
        else:
            raise SurveyReadError(f"{file.name!r}: column {i + 1} has no question text in the first header row "
                                  "and follows no question; SurveyMonkey puts each question's text over its "
                                  "first column.")
    return out


def _second_header_row(top: list[str], sub: list[str], file) -> None:
    """Refuse a file whose second row is an answer: SurveyMonkey leaves the cell under 'Respondent ID' blank in its
    second header row, so a value there is a respondent's (the first respondent would be read as header texts)."""
    at = next(i for i, text in enumerate(top) if text in RESPONDENT)
    if sub[at]:
        raise SurveyReadError(f"{file.name!r}: row 2 holds {sub[at]!r} under {top[at]!r}, a respondent's answer, "
                              "where SurveyMonkey's second header row leaves that cell blank: the second header row "
                              "is missing, and the first respondent would be read as it. Export 'All individual "
                              "responses' with both header rows, or read the file with cx.io.read_table(path).")
