"""The fix for the slips a newcomer makes most, added to the "column not found" message.

Two slips account for most first-day errors on the Kano functions:

* **the raw survey** passed where coded responses are expected (``kano.analyze``,
  ``dropoff.detect``): the frame has functional/dysfunctional answer columns, not
  ``attribute`` and ``category``; the fix is ``cx.kano.code(...)`` first;
* **the time column** left at its default ``time="wave"`` when the data calls it
  something else (``year``, ``survey_date``); the fix is ``time=`` naming that column,
  and the message lists the columns that look like times.

:func:`require_coded` raises the usual :func:`~cxresearch._core.checks.require_columns`
error with these fixes appended, so every other missing column reads as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from cxresearch._core.checks import require_columns
from cxresearch.errors import CXInputError

__all__ = ["answer_columns", "require_coded", "time_like_columns"]

_SHOWN = 6
# The answer-column suffixes cx.kano.code pairs (kano/_shapes.py), and a long table's own answer columns.
_ANSWER = re.compile(r"(^|[ _.\-])(functional|dysfunctional|func|dysfunc|dysf|fun|dys|f|d)$", re.IGNORECASE)
_LONG_ANSWERS = {"functional", "dysfunctional"}
# Words that name a time in a column name (whole words of the name, split at _ . - and spaces).
_TIME_WORDS = {"wave", "waves", "date", "time", "datetime", "timestamp", "year", "month", "quarter", "week", "day",
               "period", "round", "jahr", "welle", "datum", "年", "月", "日期",
               "时间", "期"}


def _pairs(data: pd.DataFrame) -> tuple[list[str], set[str]]:
    """The answer columns that have their twin, and their attribute stems (lower case)."""
    names = [c for c in data.columns if isinstance(c, str)]
    if _LONG_ANSWERS <= {c.lower() for c in names}:
        return [c for c in names if c.lower() in _LONG_ANSWERS], set()
    bases: dict[str, list[tuple[str, str]]] = {}
    for c in names:
        m = _ANSWER.search(c)
        if m and m.start(2) > 0:
            bases.setdefault(c[:m.start(2)].rstrip(" _.-").lower(), []).append((c, m.group(2).lower()))
    paired = {b: found for b, found in bases.items() if {side.startswith("d") for _, side in found} == {True, False}}
    used = {c for found in paired.values() for c, _ in found}
    return [c for c in names if c in used], set(paired)


def answer_columns(data: pd.DataFrame) -> list[str]:
    """The columns that look like Kano answer columns (``x_functional``/``x_dysfunctional``, ``x_f``/``x_d``, ...).

    A column counts only when its twin is there too (``sms_f`` with ``sms_d``), so an
    unrelated ``..._d`` column is not taken for an answer.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.hints import answer_columns
    >>> answer_columns(pd.DataFrame(columns=["id", "sms_f", "sms_d", "wifi_functional", "wifi_dysfunctional", "y_d"]))
    ['sms_f', 'sms_d', 'wifi_functional', 'wifi_dysfunctional']
    """
    return _pairs(data)[0]


def time_like_columns(data: pd.DataFrame, exclude: Sequence = ()) -> list:
    """Columns that could hold the survey wave or date: dates, or a name that starts or ends with a time word.

    ``year``, ``survey_date`` and ``date_of_visit`` are taken; ``short_waiting_time_rating``
    (a rating of the waiting time) is not.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.hints import time_like_columns
    >>> frame = pd.DataFrame({"respondent": [1], "year": [2024], "survey_date": ["2024-03-01"],
    ...                       "fielded": pd.to_datetime(["2024-03-01"]), "on_time_f": [1], "on_time_d": [5],
    ...                       "on_time_importance": [4], "waiting_time_rating": [3]})
    >>> time_like_columns(frame)
    ['year', 'survey_date', 'fielded']
    """
    answers, stems = _pairs(data)
    skip = set(exclude) | set(answers)
    out = []
    for c in data.columns:
        if c in skip or any(str(c).lower().startswith(stem) for stem in stems):  # an attribute's importance column
            continue
        words = [w for w in re.split(r"[ _.\-]+", str(c).lower()) if w]
        named = bool(words) and (words[0] in _TIME_WORDS or words[-1] in _TIME_WORDS)  # not "waiting_time_rating"
        if named or pd.api.types.is_datetime64_any_dtype(data[c]) \
                or isinstance(data[c].dtype, pd.PeriodDtype):
            out.append(c)
    return out


def _listed(columns: list) -> str:
    more = f" and {len(columns) - _SHOWN} more" if len(columns) > _SHOWN else ""
    return ", ".join(map(repr, columns[:_SHOWN])) + more


def require_coded(data: pd.DataFrame, columns: Sequence, *, coded: Sequence = (), time=None, time_default="wave",
                  role: str = "column", error=CXInputError) -> None:
    """:func:`require_columns` for coded Kano responses, with the fix for the raw survey and the time column.

    ``coded`` are the columns of coded responses among ``columns`` (attribute, category);
    ``time`` is the time argument's value (None: the function has no time). When columns
    are missing, the message says what ``require_columns`` says, then: that the frame looks
    like uncoded answers and ``cx.kano.code(...)`` codes it; and, when the time column is
    missing, that ``time`` defaults to ``time_default`` (None: no default) and which columns
    look like times. ``role`` names the columns in the message ("column", "time column").
    """
    try:
        require_columns(data, columns, role, error=error)
    except CXInputError as exc:
        hints = []
        answers = answer_columns(data)
        if answers and any(c not in data.columns for c in coded):
            hints.append(f"These look like uncoded Kano answers (columns {_listed(answers)}): code it first with "
                         "cx.kano.code(data), which pairs the functional and dysfunctional columns and keeps the "
                         "other columns, then pass the coded responses.")
        if time is not None and time not in data.columns:
            said = (f"`time` is {time_default!r} by default; " if time == time_default
                    else f"`time` is {time!r}; ")
            near = time_like_columns(data, exclude=columns)
            hints.append(said + ("pass time= naming the column of survey waves or dates, e.g. "
                                 f"time={near[0]!r}. Columns that look like times: {_listed(near)}." if near else
                                 "pass time= naming the column of survey waves or dates (no column here looks like "
                                 "one: add the wave or date of each answer)."))
        if not hints:
            raise
        raise type(exc)(f"{exc} {' '.join(hints)}") from None
