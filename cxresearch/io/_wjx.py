"""问卷星 (wjx.cn) downloads, "by option text" (按选项文本) and "by option number" (按选项序号).

Header layout of a download: the metadata columns 序号, 提交答卷时间, 所用时间, 来源, 来源详情,
来自IP; a question headed ``N、text`` with an optional type tag such as ``(矩阵单选题 *必答)``; a
matrix question's first item headed ``N、question (矩阵单选题 *必答)—item`` and the next items by
their bare text; a multi-select question one column whose answers are joined with ``┋`` (text
download) or one 0/1 column per option headed ``第N题(option)`` (number download). Skipped
answers read ``(跳过)`` (text) or ``-3`` (number); ranking leftovers ``-2``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxresearch._core.params import Integer, Text, declared
from cxresearch.errors import SurveyReadError
from cxresearch.io._distinct import by_distinct_arrow, counting, text_array
from cxresearch.io._wjx_answers import (JOIN, _holds, by_text, chosen, missing, split_joined, strings,
                                        written_out)
from cxresearch.io._common import (EXCEL, TEXT, Record, check_path, header_texts,
                                   read_cells, refuse_empty)

META = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "答卷编号", "用户ID", "总分")
_TAGGED = re.compile(r"^(?P<n>\d+)、(?P<text>.*?)\s*[(（](?P<tag>[^()（）]*题[^()（）]*)[)）](?:—(?P<item>.+))?\s*$")
_QUESTION = re.compile(r"^(?P<n>\d+)、(?P<text>.*?)(?:—(?P<item>.+))?\s*$")  # no type tag: the first — splits
_OPTION = re.compile(r"^第(?P<n>\d+)题[(（](?P<option>.*)[)）]$")
_SCORE = re.compile(r"^-?[0-9]+(\.[0-9]+)?分$")  # after NFKC: full-width ４分 is 4分
_NUMBER_OR_SCORE = re.compile(r"^-?[0-9]+(\.[0-9]+)?分?$")
_TEXT_ANSWERS = ("填空", "简答", "问答")  # tags of questions answered in words: never split at ┋


@dataclass
class _Question:
    n: int
    text: str
    kind: str  # "single", "matrix", "options" (number download) or "joined" (text download)
    columns: list[int] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    tag: str = ""  # the header's type tag, e.g. 单选题, 矩阵单选题, 填空题


@declared(error=SurveyReadError, sheet=[Text(), Integer(0)])
def read_wjx(path: str | os.PathLike, *, sheet=0, encoding: str | None = None, sep: str | None = None,
             decimal: str | None = None, on_bad_lines: str = "error") -> pd.DataFrame:
    """Read a 问卷星 (wjx.cn) download, by option text or by option number.

    Parameters
    ----------
    path : str or path-like
        The ``.xls`` / ``.xlsx`` / ``.csv`` download.
    sheet : str or int, default 0
        The sheet of an Excel download.
    encoding, sep, decimal, on_bad_lines : optional
        For text files, as in :func:`read_qualtrics`: the encoding (detected by default), the
        delimiter (sniffed), the decimal mark and what to do with rows that do not have the
        header's number of fields ("error" or "skip").

    Returns
    -------
    pandas.DataFrame
        One row per answer sheet. Metadata columns (序号, 提交答卷时间, 所用时间, 来源, 来源详情,
        来自IP) keep their names and are listed as ``id_columns``; questions are renamed ``Q{N}``,
        matrix items and multi-select options ``Q{N}_{k}`` (k counts items / options from 1).
        Multi-select answers become one 0/1 column per option in both downloads; skipped answers
        (``(跳过)``, ``-3``) and ranking leftovers (``-2``) are missing, counted in ``notes``;
        scores such as ``4分`` become 4. ``frame.attrs["cxresearch"]`` holds the full texts
        (``questions``), ``grid`` ({column: (question, item)}) and the other metadata.

    Raises
    ------
    SurveyReadError
        A missing file, another extension, or a header with no ``N、`` question.

    See Also
    --------
    read_survey : picks the reader from the file.
    describe : one row per column of what was read.

    Notes
    -----
    In a text download the order of a multi-select question's options is taken from the
    order in which they appear inside the joined answers (问卷星 joins them in the
    questionnaire's order); an option nobody chose is absent there, and a question nobody
    answered is listed in ``dropped_columns``. A question whose header lacks the 多选题 tag
    is read as a multi-select one when some answer joins options with ``┋`` outside a
    written-in ``〖...〗`` (the note says how many and from which row), except fill-in
    questions (填空题, 简答题), whose answers stay text. Text
    written after an "other, please specify" option (``〖...〗``, inside which ``┋`` is text)
    is not a column of the number download, so the option is kept and the text is listed in
    ``dropped_columns`` and ``notes``, after a single choice as after a multi-select one.
    Scores with full-width digits (``４分``) are scores; two questions with one number are
    refused, naming both headers.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "wjx.csv"
    >>> _ = path.write_text("序号,提交答卷时间,1、性别,2、爱好(多选题)\\n"
    ...                     "1,2024/5/1 10:00:00,男,运动┋阅读\\n2,2024/5/1 10:05:00,(跳过),阅读\\n",
    ...                     encoding="utf-8")
    >>> df = cx.io.read_wjx(path)
    >>> df[["Q1", "Q2_1", "Q2_2"]]
        Q1  Q2_1  Q2_2
    0    男     1     1
    1  NaN     0     1
    >>> df.attrs["cxresearch"]["grid"]["Q2_2"]
    ('爱好', '阅读')
    """
    file = check_path(path, TEXT + EXCEL + (".xls",), "read_wjx")
    cells, info = read_cells(file, sheet, encoding=encoding, sep=sep, decimal=decimal,
                             on_bad_lines=on_bad_lines)
    refuse_empty(cells, file, 0, "问卷星")
    headers = header_texts(cells, 0)  # matrix items may repeat across questions: read by position
    questions, ids = _layout(headers, file)
    refuse_empty(cells, file, 1, "问卷星")
    data = cells.iloc[1:].reset_index(drop=True)
    record = Record("wjx", file, n_in=len(data)).read(info)
    columns: dict[str, pd.Series] = {}
    with counting(_distinct_candidates(data, ids, questions)), \
            by_text([data.iloc[:, i] for q in questions for i in q.columns]):
        for i in ids:
            columns[headers[i]] = _by_distinct(data.iloc[:, i],
                                               lambda v, n, head=headers[i]: record.typed(v, head, counts=n))
            record.id_columns.append(headers[i])
        for q in questions:
            _read_question(q, data, headers, columns, record)
    return record.attach(columns)


def _distinct_candidates(data: pd.DataFrame, ids: list[int],
                         questions: list[_Question]) -> list[tuple[pd.Series, bool | str]]:
    """The columns in reading order, each with whether :func:`_by_distinct` reads it by distinct value
    (``"encoded"`` for a joined multi-select column: every row's code, for ``split_joined``)."""
    positions = ids + [i for q in questions for i in q.columns]
    joined = {q.columns[0] for q in questions if q.kind == "joined"}
    return [(c, "encoded" if i in joined else _few_distinct(c)) for i, c in ((i, data.iloc[:, i]) for i in positions)]


def _few_distinct(column: pd.Series) -> bool:
    """Not small and not mostly distinct (IDs, times): worth reading by distinct value."""
    if len(column) < 2000:
        return False
    if (arr := text_array(column)) is not None:  # pyarrow counts without a pandas round trip
        import pyarrow.compute as pc

        return pc.count_distinct(arr.slice(0, 1000), mode="only_valid").as_py() <= 100
    return column.iloc[:1000].nunique() <= 100


def _layout(headers: list[str], file) -> tuple[list[_Question], list[int]]:
    """Questions (with their column positions) and the metadata columns of a header row."""
    questions: list[_Question] = []
    ids: list[int] = []
    current: _Question | None = None
    for i, head in enumerate(headers):
        q, o = _TAGGED.match(head) or _QUESTION.match(head), _OPTION.match(head)
        if head in META:
            ids.append(i)
            current = None
        elif o:
            n = int(o["n"])
            if current is None or current.n != n or current.kind != "options":
                current = _Question(n, f"第{n}题", "options")
                questions.append(current)
            current.columns.append(i)
            current.items.append(o["option"].strip())
        elif q:
            tag, item = q.groupdict().get("tag") or "", q["item"]
            kind = "matrix" if item is not None else ("joined" if "多选" in tag else "single")
            if kind == "matrix" and current is not None and current.kind == "matrix" and \
                    (current.n, current.text) == (int(q["n"]), q["text"].strip()):
                current.columns.append(i)  # the next item of a matrix whose every column repeats the question
                current.items.append(item.strip())
                continue
            current = _Question(int(q["n"]), q["text"].strip(), kind, [i], [item.strip()] if item else [], tag)
            questions.append(current)
        elif current is not None and current.kind == "matrix":
            current.columns.append(i)
            current.items.append(head.lstrip("—").strip())  # an item header may repeat the dash
        else:
            ids.append(i)
    _unique_numbers(questions, headers, file)
    if not questions:
        raise SurveyReadError(f"{file.name!r} is not a 问卷星 download: no column is headed like '1、question' "
                              f"or '第1题(option)'; the header starts {headers[:4]!r}. Use cx.io.read_survey(path) "
                              "or cx.io.read_excel(path) for other files.")
    return questions, ids


def _by_distinct(column: pd.Series, convert) -> pd.Series:
    """``convert(values, counts)`` applied to the column's distinct values and taken back by row (exact).

    Every step of a question column (stripping, skip markers, scores, the numeric type)
    depends on the set of values a column holds, not on their order or repetition, so it
    is done once per distinct value; the number of rows carrying each value keeps the
    notes' counts exact, and a missing value is kept among the distinct ones so that the
    type (whole numbers only when none is missing) is decided as on the whole column.
    None of these steps changes a plain value (``_bytes.plain``: it begins no number, score
    or marker, no white space surrounds it, and it does not end with a CJK symbol such as the
    〗 that closes a written-in text), so a column of such values is kept as read.
    """
    if not _few_distinct(column):  # small, or mostly distinct (IDs, times)
        return convert(column, None)
    if (arr := text_array(column)) is not None:  # pyarrow-backed text: counted in one pass, not copied
        return by_distinct_arrow(column, arr, convert, keeps_plain=True)  # the conversions here change none
    if pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty"):
        return convert(column, None)  # Excel cells: True, 1 and 1.0 are one value to a hash, not to the reader
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if len(uniques) * 20 > len(column):
        return convert(column, None)
    values = pd.Series(uniques).reindex(range(len(uniques) + 1))  # the last one missing
    codes = np.where(codes < 0, len(uniques), codes)
    counts = np.bincount(codes, minlength=len(values))
    if counts[-1] == 0:
        values, counts = values.iloc[:-1], counts[:-1]
    out = convert(values, counts)
    return pd.Series(out.to_numpy()[codes] if not isinstance(out.dtype, pd.api.extensions.ExtensionDtype)
                     else out.array.take(codes), index=column.index, name=column.name, copy=False)


def _unique_numbers(questions: list[_Question], headers: list[str], file) -> None:
    """Refuse two questions with one number (a hand-merged download): their columns would share a name."""
    seen: dict[int, _Question] = {}
    for q in questions:
        if q.n in seen:
            first = seen[q.n]
            raise SurveyReadError(f"{file.name!r}: two questions are numbered {q.n} ({headers[first.columns[0]]!r} "
                                  f"and {headers[q.columns[0]]!r}), so both would be read as Q{q.n}. Renumber one "
                                  "of them in the header, or read the file with cx.io.read_survey(path, "
                                  "format='plain').")
        seen[q.n] = q


def _read_question(q: _Question, data: pd.DataFrame, headers: list[str], columns: dict, record: Record) -> None:
    column = data.iloc[:, q.columns[0]]
    joined = _joined_answers(column) if q.kind == "single" and not any(t in q.tag for t in _TEXT_ANSWERS) else []
    if joined:
        q.kind = "joined"  # answers joined with ┋ under a header without 多选题: said in the note
        split_joined(q, data, columns, record, why=_unmarked(column, q.tag, joined))
        return
    if q.kind == "single":
        name = f"Q{q.n}"
        fill_in = any(t in q.tag for t in _TEXT_ANSWERS)
        columns[name] = _by_distinct(column, lambda v, counts: _scores(
            written_out(missing(v, record, name, counts, fill_in), record, name, counts), name, record, counts))
        record.questions[name] = headers[q.columns[0]]
        return
    if q.kind == "joined":
        split_joined(q, data, columns, record)
        return
    names = [f"Q{q.n}_{k}" for k in range(1, len(q.items) + 1)]
    for name, pos, item in zip(names, q.columns, q.items):
        def convert(v, counts, name=name):
            values = missing(v, record, name, counts)
            return _scores(values, name, record, counts) if q.kind == "matrix" else \
                record.typed(values, name, counts=counts)
        columns[name] = _by_distinct(data.iloc[:, pos], convert)
        record.questions[name] = f"{q.n}、{q.text}—{item}"
        record.grid[name] = (q.text, item)
        if q.kind == "options" and not pd.api.types.is_numeric_dtype(columns[name]):
            shown = list(dict.fromkeys(columns[name].dropna().astype(str).head(200)))[:3]
            record.notes.append(f"{name} ({item}): not a 0/1 column: its cells hold text such as {shown}, kept as "
                                "read.")


def _joined_answers(column: pd.Series) -> list[str]:
    """The distinct answers that join two parts or more with ``┋`` (not inside a written-in ``〖...〗``)."""
    if not _holds(column, JOIN):
        return []
    held = column.dropna()
    held = pd.unique(held[held.astype(str).str.contains(JOIN, regex=False)].astype(str))
    return [v for v in held if _parts(v) > 1]


def _parts(answer: str) -> int:
    """The parts of an answer between ``┋`` outside ``〖...〗`` (options and empty parts)."""
    options, _, empty = chosen(answer)
    return len(options) + empty


def _unmarked(column: pd.Series, tag: str, joined: list[str]) -> str:
    """Why a question whose header does not say 多选题 is read as a multi-select one (for its note)."""
    rows = np.flatnonzero(column.isin(joined).to_numpy(dtype=bool, na_value=False))
    return (f"its header has no 多选题 tag ({tag or 'none'}), but {len(rows)} answer(s) join options with '{JOIN}' "
            f"(the first on data row {rows[0] + 1 if len(rows) else '?'}), so the ")


def _scores(values: pd.Series, name: str, record: Record, counts=None) -> pd.Series:
    """``4分`` -> 4 when every present answer is a score or a number and one at least is a score (full-width
    digits too); when a few answers are neither, the column stays as read and the note names them.

    Decided on the set of answers (not on the first ones), so the rows and their distinct values
    give the same column and notes.
    """
    present = values.dropna()
    if not len(present) or not present.astype(str).str.contains("分", regex=False).any():
        return record.typed(values, name, counts=counts)
    text = strings(present).str.normalize("NFKC").str.strip()
    fits = (text.str.fullmatch(_NUMBER_OR_SCORE.pattern[1:-1]) | text.eq("")).to_numpy(dtype=bool)  # blank: missing
    first = str(present.iloc[0]).strip()
    if fits.all():
        record.notes.append(f"{name}: scores such as {first!r} read as numbers.")
        raw = present.astype(str).str.normalize("NFKC").str.replace(r"分(?=\s*$)", "", regex=True)
        return record.typed(values.where(values.isna(), raw), name, counts=counts)  # its white space said there
    odd = list(dict.fromkeys(str(v).strip() for v in present[~fits]))
    if len(odd) <= 3 and text.str.fullmatch(_SCORE.pattern[1:-1]).any():
        record.notes.append(f"{name}: not read as numbers: the answers are scores such as {first!r}, but "
                            f"{odd} {'is' if len(odd) == 1 else 'are'} not.")
    return record.typed(values, name, counts=counts)
