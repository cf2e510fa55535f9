"""问卷星 answer cells: skip markers, texts written after an "other" option, ┋-joined multi-select answers.

Skipped answers read ``(跳过)`` (text download) or ``-3`` (number download), ranking leftovers
``-2``: they become missing, counted in the notes. Text written after an "other, please
specify" option follows it in brackets, ``其他〖抖音〗``: the option is kept, the text is listed in
``dropped_columns`` and the notes (the number download has no column for it). A multi-select
answer of the text download joins the chosen options with ``┋`` (never inside the brackets);
each option becomes a 0/1 column. Every step is done once per distinct answer; the rows take the
result by code, and the notes count rows through the answers' row counts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd

from cxresearch.io._bytes import holds
from cxresearch.io._common import Record, column_range
from cxresearch.io._distinct import encoded, text_array
from cxresearch.io._ident import _text as text_of

SKIPPED_TEXT = "(跳过)"
SKIPPED_CODES = {-3: "skipped (-3)", -2: "ranking leftover (-2)"}
JOIN = "┋"
_BY_TEXT: ContextVar[Callable[[], bool] | None] = ContextVar("_BY_TEXT", default=None)
_WRITTEN = re.compile(r"^(?P<option>[^〖]*?)\s*〖(?P<text>.*)〗$", re.DOTALL)


def strings(values: pd.Series) -> pd.Series:
    """The cells as stripped text in one vectorised pass (missing stays missing)."""
    if values.dtype == object:
        values = values.map(lambda v: None if v is None or v != v else str(v))
    return text_of(values)


def missing(values: pd.Series, record: Record, label: str, counts: np.ndarray | None = None,
            fill_in: bool = False) -> pd.Series:
    """``(跳过)``, ``-3`` and ``-2`` as missing, counted in the notes.

    ``counts``: how many rows carry each value, when ``values`` are a column's distinct values.
    ``fill_in``: a question answered in words or numbers (填空题): there, in a download by option
    text, -3 and -2 among numbers are answers (see :func:`by_text`).
    """
    text = strings(values)
    markers = [(SKIPPED_TEXT, "skipped answers '(跳过)'")] + [
        (str(code), f"{why.split(' (')[0]} answers '{code}'") for code, why in SKIPPED_CODES.items()]
    marked = text.isin([m for m, _ in markers]).to_numpy(dtype=bool, na_value=False)
    if not marked.any():  # one pass for the usual column with none
        return values
    others = text[~marked].dropna()
    numbers = len(others) > 0 and bool(pd.to_numeric(others, errors="coerce").notna().all())
    for marker, why in markers:
        hit = (text == marker).to_numpy(dtype=bool, na_value=False)
        if hit.any():
            rows = int(hit.sum() if counts is None else counts[hit].sum())
            ambiguous = marker != SKIPPED_TEXT and numbers and (_BY_TEXT.get() or bool)()  # by text, among numbers
            if ambiguous and fill_in:
                record.notes.append(f"{label}: {rows} answers '{marker}' kept as answers: the download is by option "
                                    f"text (its answers hold '{SKIPPED_TEXT}'), where a number such as {marker} "
                                    "among the numbers of a fill-in question is an answer, not a skip code.")
                continue
            record.notes.append(f"{label}: {rows} {why} read as missing." + ("" if not ambiguous else (
                f" The download is by option text, where {marker} may be an answer (a number such as a temperature): "
                "then mark the question 填空题 in its header, or read the file with cx.io.read_survey(path, "
                "format='plain').")))
            values = values.where(~hit)
    return values


@contextmanager
def by_text(columns: list[pd.Series]) -> Iterator[None]:
    """Within: whether the download is by option text (some answer reads ``(跳过)``), found when first asked.

    The codes -3 and -2 mark skips in the download by option number; in the text download a
    skipped answer reads ``(跳过)``, so there -3 among the numbers of a fill-in question is an
    answer, while elsewhere -3 is still read as a code.
    """
    token = _BY_TEXT.set(functools.cache(lambda: any(_holds(c, SKIPPED_TEXT) for c in columns)))
    try:
        yield
    finally:
        _BY_TEXT.reset(token)


def _holds(column: pd.Series, part: str) -> bool:
    """Whether a cell of ``column`` holds ``part`` (looked for in the bytes of a pyarrow text column first)."""
    arr = text_array(column)
    if arr is not None:
        return holds(arr, part)
    return bool(column.astype(str).str.contains(part, regex=False).any())


def written_out(values: pd.Series, record: Record, label: str, counts: np.ndarray | None = None) -> pd.Series:
    """A single choice ``其他〖抖音〗`` -> ``其他``; the written texts listed in ``dropped_columns`` and the notes."""
    text = strings(values)
    parts = text.str.extract(_WRITTEN.pattern, flags=re.DOTALL) if text.str.contains("〖", regex=False).any() \
        else None
    hit = parts["option"].notna().to_numpy() if parts is not None else np.zeros(len(values), dtype=bool)
    if not hit.any():
        return values
    said = hit & parts["text"].fillna("").str.strip().ne("").to_numpy()  # an empty 〖〗 holds nothing to list
    if said.any():
        rows = int(said.sum() if counts is None else counts[said].sum())
        shown = list(dict.fromkeys(parts["text"][said].tolist()))
        record.dropped_columns[f"{label}_written"] = (f"{rows} text(s) written after an 'other' option (〖...〗); "
                                                      "the number download has no such column")
        record.notes.append(f"{label}: {rows} written-in text(s) after an 'other' option (〖...〗) not kept as a "
                            f"column, such as: {'; '.join(shown[:5])}{' ...' if len(shown) > 5 else ''}.")
    return values.where(~hit, parts["option"].str.strip())


def split_joined(q, data: pd.DataFrame, columns: dict, record: Record, why: str = "") -> None:
    """A ``┋``-joined multi-select column -> one 0/1 column per option (missing when skipped).

    ``q``: the question (``n``, ``text``, ``columns``, ``items``); ``why``: said in the note when
    the header did not mark the question as a multi-select one.
    """
    label = f"Q{q.n}"
    values = data.iloc[:, q.columns[0]]
    if values.dtype == object:  # Excel cells: 1, 1.0 and True are one value to a hash, three answers here
        values = values.map(lambda v: v if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                            else str(v))
    arr = text_array(values)
    codes, uniques = encoded(arr) if arr is not None else pd.factorize(values, use_na_sentinel=True)
    shifted = np.bincount(codes + 1, minlength=len(uniques) + 1)  # rows of the missing value, then of each answer
    rows_per = np.append(shifted[1:], shifted[0])  # rows of each answer (and missing, last)
    kept = missing(pd.Series(uniques, dtype=object), record, label, rows_per[:-1])  # skip markers among the answers
    parsed = [None if pd.isna(v) else chosen(str(v)) for v in kept]  # (a missing row's code -1: the last)
    q.items, ties = option_order([p[0] for p in parsed if p is not None])  # as from every row's answer
    if not q.items:
        record.dropped_columns[label] = "every answer skipped or missing: no option to make a 0/1 column of"
        record.notes.append(f"{label}: no answer names an option (all {int(rows_per.sum())} rows skipped or "
                            "missing), so the question has no column.")
        return
    names = _option_columns(q, codes, parsed, rows_per, columns, record)
    record.notes.append(f"{label}: {why}answers joined with '{JOIN}' split into one 0/1 column per option "
                        f"({column_range(names)}), options in the order they appear in the answers.")
    _notes(label, codes, parsed, rows_per, record)
    if ties:
        record.notes.append(f"{label}: the answers do not tell the order of {ties[:6]}{' ...' if len(ties) > 6 else ''} "
                            "(no answer holds them together): they are numbered in the order they first appear, which "
                            "may differ from the questionnaire and from the download by option number.")


def _option_columns(q, codes: np.ndarray, parsed: list, rows_per: np.ndarray, columns: dict,
                    record: Record) -> list[str]:
    """One 0/1 column per option (missing where the answer is), every option's rows in one take."""
    names = [f"Q{q.n}_{k}" for k in range(1, len(q.items) + 1)]
    hits, kinds = [], []
    for name, item in zip(names, q.items):
        hit = np.array([np.nan if p is None else float(item in p[0]) for p in parsed] + [np.nan])
        kinds.append(record.typed(pd.Series(hit[rows_per > 0]), name).dtype)  # as the whole column would be
        hits.append(np.where(np.isnan(hit), 0, hit) if kinds[-1].kind == "i" else hit)  # NaN: no row has it
        record.questions[name] = f"{q.n}、{q.text}—{item}"
        record.grid[name] = (q.text, item)
    block = np.take(np.array(hits, dtype=np.result_type(*kinds)), codes, axis=1)
    columns.update({name: pd.Series(row.astype(kind, copy=False), copy=False)
                    for name, row, kind in zip(names, block, kinds)})
    return names


def _notes(label: str, codes: np.ndarray, parsed: list, rows_per: np.ndarray, record: Record) -> None:
    """Written-in texts (listed, not kept) and empty parts between separators (left out), in rows."""
    per_answer = np.array([0 if p is None else len(p[1]) for p in parsed] + [0], dtype=np.int64)
    if per_answer.sum():
        count = int(per_answer @ rows_per)
        written = first_written(codes, parsed, per_answer > 0)
        record.dropped_columns[f"{label}_written"] = (f"{count} text(s) written after an 'other' option "
                                                      "(〖...〗); the number download has no such column")
        shown = "; ".join(written) + (" ..." if count > 5 else "")
        record.notes.append(f"{label}: {count} written-in text(s) after an 'other' option (〖...〗) not kept as "
                            f"a column: {shown}.")
    stray = np.array([0 if p is None else p[2] for p in parsed] + [0], dtype=np.int64)
    if stray.sum():
        rows = int(rows_per[stray > 0].sum())
        record.notes.append(f"{label}: {rows} answer(s) with an empty part between '{JOIN}' (e.g. 'A{JOIN}{JOIN}C' "
                            "or a trailing one) read without it.")


def chosen(answer: str) -> tuple[list[str], list[str], int]:
    """The options of one joined answer, the texts written after an 'other' option (``〖...〗``, inside
    which ``┋`` is text) and the number of empty parts between separators."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(answer):
        depth += (ch == "〖") - (ch == "〗" and depth > 0)
        if ch == JOIN and depth == 0:
            parts.append(answer[start:i])
            start = i + 1
    parts.append(answer[start:])
    options, written, empty = [], [], 0
    for part in (p.strip() for p in parts):
        if not part:
            empty += 1
            continue
        m = _WRITTEN.match(part)
        options.append((m["option"] if m else part).strip())
        if m and m["text"].strip():  # an empty 〖〗 holds nothing to list
            written.append(m["text"])
    return options, written, empty


def option_order(lists: list[list[str]]) -> tuple[list[str], list[str]]:
    """Options in questionnaire order, from answers that list them in that order, and the options whose
    place the answers do not tell (at their turn another option was as ready: no answer holds both; the
    one that appears first was taken)."""
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    for options in lists:
        for k, option in enumerate(options):
            first.setdefault(option, len(first))
            after.setdefault(option, set()).update(options[k + 1:])
    before = {o: {p for p in first if o in after[p]} for o in first}
    order: list[str] = []
    ties: list[str] = []
    while len(order) < len(first):
        ready = [o for o in first if o not in order and before[o] <= set(order)]
        pick = min(ready or [o for o in first if o not in order], key=first.get)
        if len(ready) > 1:
            ties.extend(o for o in ready if o not in ties)
        order.append(pick)
    return order, ties


def first_written(codes: np.ndarray, parsed: list, has: np.ndarray, k: int = 5) -> list[str]:
    """The first ``k`` written-in texts in row order (looked for a few thousand rows at a time)."""
    out: list[str] = []
    for start in range(0, len(codes), 4096):
        for r in np.flatnonzero(has[codes[start:start + 4096]]):
            out.extend(parsed[codes[start + r]][1])
            if len(out) >= k:
                return out[:k]
    return out
