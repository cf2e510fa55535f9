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
from cxresearch.io._ident import _text as text_of
from cxresearch.io._bytes import holds
from cxresearch.io._distinct import by_distinct_arrow, counting, encoded, text_array
from cxresearch.io._common import (EXCEL, TEXT, Record, check_path, column_range, header_texts,
                                   read_cells, refuse_empty)

META = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "答卷编号", "用户ID", "总分")
_QUESTION = re.compile(r"^(?P<n>\d+)、(?P<text>.*?)(?:\s*[(（](?P<tag>[^()（）]*题[^()（）]*)[)）])?"
                       r"(?:—(?P<item>.+))?\s*$")
_OPTION = re.compile(r"^第(?P<n>\d+)题[(（](?P<option>.*)[)）]$")
_WRITTEN = re.compile(r"^(?P<option>.*?)〖(?P<text>.*)〗$")
_SCORE = re.compile(r"^-?\d+(\.\d+)?分$")
SKIPPED_TEXT = "(跳过)"
SKIPPED_CODES = {-3: "skipped (-3)", -2: "ranking leftover (-2)"}
JOIN = "┋"


@dataclass
class _Question:
    n: int
    text: str
    kind: str  # "single", "matrix", "options" (number download) or "joined" (text download)
    columns: list[int] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


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
    questionnaire's order); an option nobody chose is absent there. Text written after
    an "other, please specify" option (``〖...〗``) is not a column of the number download,
    so it is listed in ``dropped_columns`` and ``notes``.

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
    with counting(_distinct_candidates(data, ids, questions)):
        for i in ids:
            columns[headers[i]] = _by_distinct(data.iloc[:, i], lambda v, _, head=headers[i]: record.typed(v, head))
            record.id_columns.append(headers[i])
        for q in questions:
            _read_question(q, data, headers, columns, record)
    return record.attach(columns)


def _distinct_candidates(data: pd.DataFrame, ids: list[int],
                         questions: list[_Question]) -> list[tuple[pd.Series, bool | str]]:
    """The columns in reading order, each with whether :func:`_by_distinct` reads it by distinct value
    (``"encoded"`` for a joined multi-select column: every row's code, for :func:`_split_joined`)."""
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
        q, o = _QUESTION.match(head), _OPTION.match(head)
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
            tag, item = q["tag"] or "", q["item"]
            kind = "matrix" if item is not None else ("joined" if "多选" in tag else "single")
            current = _Question(int(q["n"]), q["text"].strip(), kind, [i], [item.strip()] if item else [])
            questions.append(current)
        elif current is not None and current.kind == "matrix":
            current.columns.append(i)
            current.items.append(head)
        else:
            ids.append(i)
    if not questions:
        raise SurveyReadError(f"{file.name!r} is not a 问卷星 download: no column is headed like '1、question' "
                              f"or '第1题(option)'; the header starts {headers[:4]!r}. Use cx.io.read_survey(path) "
                              "or cx.io.read_excel(path) for other files.")
    return questions, ids


def _missing(values: pd.Series, record: Record, label: str, counts: np.ndarray | None = None) -> pd.Series:
    """``(跳过)``, ``-3`` and ``-2`` as missing, counted in the notes.

    ``counts``: how many rows carry each value, when ``values`` are a column's distinct values.
    """
    text = _strings(values)
    markers = [(SKIPPED_TEXT, "skipped answers '(跳过)'")] + [
        (str(code), f"{why.split(' (')[0]} answers '{code}'") for code, why in SKIPPED_CODES.items()]
    if not text.isin([m for m, _ in markers]).any():  # one pass for the usual column with none
        return values
    for marker, why in markers:
        hit = (text == marker).to_numpy(dtype=bool, na_value=False)
        if hit.any():
            rows = int(hit.sum() if counts is None else counts[hit].sum())
            record.notes.append(f"{label}: {rows} {why} read as missing.")
            values = values.where(~hit)
    return values


def _by_distinct(column: pd.Series, convert) -> pd.Series:
    """``convert(values, counts)`` applied to the column's distinct values and taken back by row (exact).

    Every step of a question column (stripping, skip markers, scores, the numeric type)
    depends on the set of values a column holds, not on their order or repetition, so it
    is done once per distinct value; the number of rows carrying each value keeps the
    notes' counts exact, and a missing value is kept among the distinct ones so that the
    type (whole numbers only when none is missing) is decided as on the whole column.
    None of these steps changes a plain value (``_bytes.plain``: it begins no number, score
    or marker, and no white space surrounds it), so a column of such values is kept as read.
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


def _strings(values: pd.Series) -> pd.Series:
    """The cells as stripped text in one vectorised pass (missing stays missing)."""
    if values.dtype == object:
        values = values.map(lambda v: None if v is None or v != v else str(v))
    return text_of(values)


def _read_question(q: _Question, data: pd.DataFrame, headers: list[str], columns: dict, record: Record) -> None:
    if q.kind == "single" and _holds(data.iloc[:, q.columns[0]], JOIN):
        q.kind = "joined"
    if q.kind == "single":
        name = f"Q{q.n}"
        columns[name] = _by_distinct(data.iloc[:, q.columns[0]], lambda v, counts: _scores(
            _missing(v, record, name, counts), name, record))
        record.questions[name] = headers[q.columns[0]]
        return
    if q.kind == "joined":
        _split_joined(q, data, columns, record)
        return
    names = [f"Q{q.n}_{k}" for k in range(1, len(q.items) + 1)]
    for name, pos, item in zip(names, q.columns, q.items):
        def convert(v, counts, name=name):
            values = _missing(v, record, name, counts)
            return _scores(values, name, record) if q.kind == "matrix" else record.typed(values, name)
        columns[name] = _by_distinct(data.iloc[:, pos], convert)
        record.questions[name] = f"{q.n}、{q.text}—{item}"
        record.grid[name] = (q.text, item)


def _holds(column: pd.Series, part: str) -> bool:
    """Whether a cell of ``column`` holds ``part`` (looked for in the bytes of a pyarrow text column first)."""
    arr = text_array(column)
    if arr is not None:
        return holds(arr, part)
    return bool(column.astype(str).str.contains(part, regex=False).any())


def _scores(values: pd.Series, name: str, record: Record) -> pd.Series:
    """``4分`` -> 4 when every present answer is a score; other columns typed as usual."""
    present = values.dropna()
    sample = [str(v).strip() for v in present.iloc[:200]]  # a column that is not scores is told at once
    if sample and all(_SCORE.match(v) for v in sample) and \
            (text := _strings(present)).str.fullmatch(_SCORE.pattern[1:-1]).all():
        record.notes.append(f"{name}: scores such as {sample[0]!r} read as numbers.")
        values = values.where(values.isna(), text.str[:-1])
    return record.typed(values, name)


def _option_order(lists: list[list[str]]) -> list[str]:
    """Options in questionnaire order, from answers that list them in that order."""
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    for chosen in lists:
        for k, option in enumerate(chosen):
            first.setdefault(option, len(first))
            after.setdefault(option, set()).update(chosen[k + 1:])
    before = {o: {p for p in first if o in after[p]} for o in first}
    order: list[str] = []
    while len(order) < len(first):
        ready = [o for o in first if o not in order and before[o] <= set(order)]
        pick = min(ready or [o for o in first if o not in order], key=first.get)
        order.append(pick)
    return order


def _split_joined(q: _Question, data: pd.DataFrame, columns: dict, record: Record) -> None:
    """A ``┋``-joined multi-select column -> one 0/1 column per option (missing when skipped).

    Each distinct answer is read once (skip markers, split); the rows take their 0/1 values by
    their answer's code, and the notes count rows through the answers' row counts.
    """
    label = f"Q{q.n}"
    values = data.iloc[:, q.columns[0]]
    if values.dtype == object:  # Excel cells: 1, 1.0 and True are one value to a hash, three answers here
        values = values.map(lambda v: v if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                            else str(v))
    arr = text_array(values)
    codes, uniques = encoded(arr) if arr is not None else pd.factorize(values, use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    kept = _missing(pd.Series(uniques, dtype=object), record, label, counts)  # skip markers among the answers
    parsed = [None if pd.isna(v) else _chosen(str(v)) for v in kept]
    codes = np.where(codes < 0, len(parsed), codes)  # missing rows: one code past the answers
    q.items = _option_order([p[0] for p in parsed if p is not None])  # as from every row's answer
    names = [f"{label}_{k}" for k in range(1, len(q.items) + 1)]
    rows_per = np.bincount(codes, minlength=len(parsed) + 1)  # rows of each answer (and missing, last)
    hits, kinds = [], []
    for name, item in zip(names, q.items):
        hit = np.array([np.nan if p is None else float(item in p[0]) for p in parsed] + [np.nan])
        kinds.append(record.typed(pd.Series(hit[rows_per > 0]), name).dtype)  # as the whole column would be
        hits.append(np.where(np.isnan(hit), 0, hit) if kinds[-1].kind == "i" else hit)  # NaN: no row has it
        record.questions[name] = f"{q.n}、{q.text}—{item}"
        record.grid[name] = (q.text, item)
    if hits:  # every option's rows in one take
        block = np.take(np.array(hits, dtype=np.result_type(*kinds)), codes, axis=1)
        columns.update({name: pd.Series(row.astype(kind, copy=False), copy=False)
                        for name, row, kind in zip(names, block, kinds)})
    record.notes.append(f"{label}: answers joined with '{JOIN}' split into one 0/1 column per option "
                        f"({column_range(names)}), options in the order they appear in the answers.")
    per_answer = np.array([0 if p is None else len(p[1]) for p in parsed] + [0], dtype=np.int64)
    if per_answer.sum():
        count = int(per_answer @ rows_per)
        written = _first_written(codes, parsed, per_answer > 0)
        record.dropped_columns[f"{label}_written"] = (f"{count} text(s) written after an 'other' option "
                                                      "(〖...〗); the number download has no such column")
        shown = "; ".join(written) + (" ..." if count > 5 else "")
        record.notes.append(f"{label}: {count} written-in text(s) not kept as a column: {shown}.")


def _first_written(codes: np.ndarray, parsed: list, has: np.ndarray, k: int = 5) -> list[str]:
    """The first ``k`` written-in texts in row order (looked for a few thousand rows at a time)."""
    out: list[str] = []
    for start in range(0, len(codes), 4096):
        for r in np.flatnonzero(has[codes[start:start + 4096]]):
            out.extend(parsed[codes[start + r]][1])
            if len(out) >= k:
                return out[:k]
    return out


def _chosen(answer: str) -> tuple[list[str], list[str]]:
    """The options of one joined answer, and the texts written after an 'other' option (``〖...〗``)."""
    chosen, written = [], []
    for part in answer.split(JOIN):
        m = _WRITTEN.match(part.strip())
        chosen.append((m["option"] if m else part).strip())
        if m:
            written.append(m["text"])
    return chosen, written
