"""Time columns of every kind, read by one rule; and durations, read in a stated unit.

:func:`read_time` is the one reader of a time column (a wave, a survey date, a period). It
reads each distinct value once and returns a :class:`TimeAxis`: each row's code into the
ordered distinct times (-1 where the time is missing: counted by the caller, never dropped
silently), the labels to show, their positions on the time axis, the kind and notes.

The rule:

* **number**: numeric columns, and text that reads entirely as numbers (``"1"``, ``"2020"``);
  the position is the number itself (a unit of the column). Infinite values are refused.
  ``Timedelta`` columns (time since launch) are numbers of days, shown as Timedeltas.
* **period**: a pandas ``Period`` column (or ``Period`` objects of one frequency), quarter
  text (``2020Q1``, ``2020-Q1``, ``2020 Q1``, ``Q1 2020``) and month text (``2020-01``,
  ``2020/01``), the last two read by pattern, not by pandas' deprecated guessing. Labels
  stay periods (shown ``2020Q1``); the position is the period's ordinal, so one step is one
  quarter (month, year...).
* **date**: datetime columns (time-zone aware ones at their local wall time, noted), ISO
  text (``2024-03-01``, ``2024-03-01T10:00``), other unambiguous date text and datetime
  objects. Text with UTC offsets that differ (``+01:00`` and ``+02:00``: daylight saving
  time) is converted to UTC with a note and an :class:`~cxresearch.errors.InputWarning`.
  Day/month text (``01/02/2020``) is read only when no value can be read both ways: a
  column holding ``01/02/2020`` is refused naming those values and the fix (convert with
  ``pd.to_datetime(..., format="%d/%m/%Y")``), so no column is read half day-first and half
  month-first. The position is the date in decimal calendar years (2020.5 is mid-2020).
* **label**: an ordered ``Categorical``: its categories present, in their order, at
  positions 0, 1, 2, ...

Anything else (booleans, text that is none of these) is refused naming the values and rows.

:func:`read_duration` reads a duration column (a wait): ``Timedelta`` values in the unit
asked (minutes by default), never as nanoseconds; numbers as they are (taken to be in that
unit already).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, bad_values
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, InputWarning

__all__ = ["DURATION_UNITS", "TimeAxis", "decimal_years", "read_duration", "read_time", "year_dates"]

KINDS = ("number", "date", "period", "label")
DURATION_UNITS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}
_QUARTER = (re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Qq]([1-4])\s*$"), re.compile(r"^\s*[Qq]([1-4])\s*[-/ ]?\s*(\d{4})\s*$"))
_MONTH = re.compile(r"^\s*(\d{4})[-/](0?[1-9]|1[0-2])\s*$")
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?\s*$")
_OFFSET = re.compile(r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)\s*$")
_ELAPSED = "elapsed days"  # the ``freq`` of a Timedelta time column, read as a number of days
_FREQ_UNITS = {"Q": "quarter", "M": "month", "Y": "year", "A": "year", "W": "week", "D": "day", "B": "business day"}


@dataclass(frozen=True)
class TimeAxis:
    """A time column as ordered distinct times: see the module text for the rule.

    Attributes
    ----------
    code : numpy.ndarray
        Each row's index into ``labels`` (-1 where the time is missing).
    labels : list
        The distinct times in order, as shown: numbers, Timestamps, Periods or category labels.
    t : numpy.ndarray
        The position of each label on the time axis (numbers; decimal years; period
        ordinals; 0, 1, 2, ...).
    kind : {"number", "date", "period", "label"}
    unit : str
        One step of ``t``: "unit of 'wave'", "year", "quarter", "month", ..., "period".
    notes : tuple of str
        How the column was read where the user should know (converted to UTC, time zone).
    stamps : numpy.ndarray or None
        Dates and periods: each label as a datetime64[ns] (a period's start); else None.
    freq : str or None
        Periods: the pandas frequency (``"Q-DEC"``).
    """

    code: np.ndarray
    labels: list
    t: np.ndarray
    kind: str
    unit: str
    notes: tuple[str, ...] = ()
    stamps: np.ndarray | None = None
    freq: str | None = None

    @property
    def missing(self) -> np.ndarray:
        """Rows without a time."""
        return self.code < 0

    @property
    def position(self) -> np.ndarray:
        """Each row's position on the time axis (NaN where the time is missing)."""
        return np.where(self.code >= 0, self.t[np.maximum(self.code, 0)], np.nan)

    def label_at(self, x) -> np.ndarray:
        """Positions on the time axis as the user reads them (object array; NaN where none).

        Numbers stay numbers; dates become dates (to the day); a position inside a period
        gives that period; a label position gives the label when it is one, else NaN.
        """
        x = np.asarray(x, dtype=float)
        if self.kind == "number":
            return pd.to_timedelta(x, unit="D").to_numpy() if self.freq == _ELAPSED else x
        if self.kind == "date":
            return year_dates(x)
        ok = np.isfinite(x)
        if self.kind == "period":
            return np.array([pd.Period(ordinal=int(np.floor(v + 1e-9)), freq=self.freq) if good else pd.NaT
                             for v, good in zip(x, ok)], dtype=object)
        k = len(self.labels)
        whole = ok & (np.abs(x - np.round(np.where(ok, x, 0))) < 1e-9) & (x >= 0) & (x <= k - 1)
        return np.array([self.labels[int(round(v))] if good else np.nan for v, good in zip(x, whole)], dtype=object)


def read_time(values: pd.Series, column, *, role: str = "time", error=CXInputError,
              warn_notes: bool = True) -> TimeAxis:
    """Read a time column by the rule of the module text (each distinct value read once).

    ``role`` names the column's values in messages ("wave", "time"); ``error`` is the error
    class raised for unreadable values; with ``warn_notes`` the notes that change values
    (conversion to UTC) are also raised as an :class:`~cxresearch.errors.InputWarning`.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.time import read_time
    >>> axis = read_time(pd.Series(["2020 Q2", "2020Q1", None, "2020-Q2"]), "wave")
    >>> axis.kind, [str(p) for p in axis.labels], axis.code.tolist(), axis.unit
    ('period', ['2020Q1', '2020Q2'], [1, 0, -1, 1], 'quarter')
    >>> read_time(pd.Series(["2021-03-01", "2020-07-01"]), "date").t.round(3).tolist()
    [2020.497, 2021.162]
    """
    values = pd.Series(values)
    if isinstance(values.dtype, pd.CategoricalDtype):
        if values.cat.ordered:
            return _ordered(values)
        values = pd.Series(np.asarray(values, dtype=object), index=values.index)
    if pd.api.types.is_bool_dtype(values.dtype):
        ctx = _Ctx(role, error)
        raise bad_values(column, values, values.notna(), ctx.expected, ctx.hint, error=error)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    kind, key, t, labels, stamps, freq, notes = _read_distinct(pd.Series(uniques), values, codes, column,
                                                               _Ctx(role, error))
    order = np.argsort(key, kind="stable")
    distinct, first, inverse = np.unique(key[order], return_index=True, return_inverse=True)
    remap = np.empty(len(key), dtype=np.intp)
    remap[order] = inverse.ravel()
    code = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    pick = order[first]
    if warn_notes:
        for note in notes:
            if "UTC" in note:
                warn(f"Column {column!r}: {note}.", InputWarning)
    return TimeAxis(code, [labels[i] for i in pick], np.asarray(t, dtype=float)[pick], kind,
                    _unit(kind, column, freq), tuple(notes), None if stamps is None else stamps[pick], freq)


def _unit(kind: str, column, freq: str | None) -> str:
    if kind == "number":
        return "day" if freq == _ELAPSED else f"unit of {column!r}"
    if kind == "period":
        return _FREQ_UNITS.get(str(freq)[:1], str(freq))
    return "year" if kind == "date" else "period"


def _ordered(values: pd.Series) -> TimeAxis:
    cats = values.cat.categories
    raw = values.cat.codes.to_numpy()
    used = np.unique(raw[raw >= 0])
    code = np.where(raw >= 0, np.searchsorted(used, raw), -1)
    return TimeAxis(code, [cats[i] for i in used], np.arange(len(used), dtype=float), "label", "period")


@dataclass(frozen=True)
class _Ctx:
    role: str
    error: type

    @property
    def expected(self) -> str:
        return f"numbers, dates, periods or ordered categories ({self.role}s)"

    @property
    def hint(self) -> str:
        return (f"{self.role.capitalize()}s must be numbers (1, 2, ...), dates (2024-03-01), periods (2024Q1, "
                "2024-03) or an ordered pandas Categorical: correct or drop those rows.")


def _read_distinct(u: pd.Series, values, codes, column, ctx: _Ctx):
    """(kind, sort key, position, label, stamp, freq, notes) of each distinct value."""
    error = ctx.error
    if pd.api.types.is_datetime64_any_dtype(u.dtype):
        return _dates(u, [])
    if isinstance(u.dtype, pd.PeriodDtype):
        return _periods(pd.PeriodIndex(u))
    if pd.api.types.is_numeric_dtype(u.dtype):
        return _numbers(u.to_numpy(dtype=float), values, codes, column, ctx)
    inferred = pd.api.types.infer_dtype(u, skipna=True)
    if pd.api.types.is_timedelta64_dtype(u.dtype) or inferred == "timedelta":
        days = pd.to_timedelta(u).dt.total_seconds().to_numpy(dtype=float) / 86400
        return "number", days, days, list(pd.to_timedelta(u)), None, _ELAPSED, []
    if inferred == "period":
        try:
            return _periods(pd.PeriodIndex(list(u)))
        except (TypeError, ValueError):
            raise bad_values(column, values, codes >= 0, f"periods of one frequency ({ctx.role}s)",
                             "Convert them to one frequency, e.g. with .asfreq('Q').", error=error) from None
    if inferred in ("datetime", "datetime64", "date"):
        return _datetimes(u)
    number = pd.to_numeric(u, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if not np.isnan(number).any() and inferred != "boolean":
        return _numbers(number, values, codes, column, ctx)
    if inferred != "string":
        bad = np.isnan(number)[np.maximum(codes, 0)] & (codes >= 0)
        raise bad_values(column, values, bad, ctx.expected, ctx.hint, error=error)
    return _text(u.astype(str).to_numpy(), values, codes, column, ctx)


def _numbers(number: np.ndarray, values, codes, column, ctx: _Ctx):
    infinite = np.isinf(number)
    if infinite.any():
        raise bad_values(column, values, infinite[np.maximum(codes, 0)] & (codes >= 0),
                         f"finite {ctx.role} numbers", ctx.hint, error=ctx.error)
    whole = bool(np.all(number == np.round(number)))
    labels = [int(v) if whole else float(v) for v in number]
    return "number", number, number, labels, None, None, []


def _periods(index: pd.PeriodIndex):
    ordinal = index.asi8.astype(float)
    stamps = index.start_time.to_numpy(dtype="datetime64[ns]")
    return "period", ordinal, ordinal, list(index), stamps, index.freqstr, []


def _dates(u: pd.Series, notes: list):
    stamps = pd.Series(u)
    tz = getattr(stamps.dt, "tz", None)
    if tz is not None:
        stamps = stamps.dt.tz_localize(None)
        if not notes:
            notes = [f"time zone {str(tz)!r} set aside: dates read at their local wall time"]
    arr = stamps.to_numpy(dtype="datetime64[ns]")
    labels = list(pd.Series(arr))
    return "date", arr.astype(np.int64), decimal_years(arr), labels, arr, None, notes


def _datetimes(u: pd.Series):
    """datetime objects: one time zone (or none) kept at local wall time; several converted to UTC."""
    zones = {str(getattr(v, "tzinfo", None)) for v in u if v is not None and v is not pd.NaT}
    if len(zones) > 1:
        stamps = pd.to_datetime(u, utc=True)
        return _dates(stamps, [f"datetimes in {len(zones)} time zones (or none) converted to UTC"])
    return _dates(pd.to_datetime(u), [])


def _text(text: np.ndarray, values, codes, column, ctx: _Ctx):
    """Quarter and month text, day/month text, then ISO and other dates."""
    error = ctx.error
    quarters = [_quarter(s) for s in text]
    if all(q is not None for q in quarters):
        return _periods(pd.PeriodIndex([pd.Period(year=y, quarter=q, freq="Q") for y, q in quarters]))
    found = [_MONTH.match(s) for s in text]
    if all(found):
        return _periods(pd.PeriodIndex([pd.Period(year=int(m.group(1)), month=int(m.group(2)), freq="M")
                                        for m in found]))
    found = [_DAY_MONTH.match(s) for s in text]
    if all(found):
        return _dates(_day_month(found, text, values, codes, column, error), [])
    offsets = [m.group(1) if (m := _OFFSET.search(s)) else None for s in text]
    distinct = {o.replace(":", "").replace("Z", "+0000") if o else None for o in offsets}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' format guesses: every result is checked below
        try:
            dates = pd.to_datetime(pd.Series(text), format="ISO8601", utc=len(distinct) > 1)
        except (ValueError, TypeError):
            dates = pd.to_datetime(pd.Series(text), errors="coerce", format="mixed", utc=len(distinct) > 1)
    bad = dates.isna().to_numpy()
    if bad.any():
        raise bad_values(column, values, bad[np.maximum(codes, 0)] & (codes >= 0), ctx.expected, ctx.hint,
                         error=error)
    notes = []
    if len(distinct) > 1:
        shown = sorted("none" if o is None else o for o in distinct)
        notes.append(f"times with different UTC offsets ({', '.join(shown[:4])}) converted to UTC")
    return _dates(dates, notes)


def _quarter(text: str) -> tuple[int, int] | None:
    """(year, quarter) of "2020Q1", "2020-Q1", "2020 Q1" or "Q1 2020"; None for other text."""
    if m := _QUARTER[0].match(text):
        return int(m.group(1)), int(m.group(2))
    if m := _QUARTER[1].match(text):
        return int(m.group(2)), int(m.group(1))
    return None


def _day_month(found, text, values, codes, column, error) -> pd.Series:
    """Day/month/year text, read one way for the whole column or refused."""
    first = np.array([int(m.group(1)) for m in found])
    second = np.array([int(m.group(3)) for m in found])
    day_first, month_first = bool((first > 12).any()), bool((second > 12).any())
    ambiguous = (first <= 12) & (second <= 12) & (first != second)
    rows = codes >= 0
    if day_first and month_first:
        mixed = ((first > 12) | (second > 12))[np.maximum(codes, 0)] & rows
        raise bad_values(column, values, mixed, "dates written one way (day first or month first)",
                         "Some values have the day first and others the month first: correct the column, then "
                         "convert it with pd.to_datetime(..., format=...).", error=error)
    if ambiguous.any():
        sep = found[int(np.flatnonzero(ambiguous)[0])].group(2)
        seen = ("the values with a first number above 12 say day first" if day_first else
                "the values with a second number above 12 say month first" if month_first else
                "no value says which")
        raise bad_values(column, values, ambiguous[np.maximum(codes, 0)] & rows,
                         "dates that read one way only (day/month or month/day)",
                         f"These can be read with the day or the month first ({seen}). Convert the column yourself "
                         f"before the call: pd.to_datetime(df[{column!r}], format='%d{sep}%m{sep}%Y') for day first "
                         f"or format='%m{sep}%d{sep}%Y' for month first.", error=error)
    day, month = (first, second) if day_first or not month_first else (second, first)
    year = np.array([int(m.group(4)) for m in found])
    year = np.where(year < 100, np.where(year < 69, 2000 + year, 1900 + year), year)
    dates = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce")
    clock = pd.to_timedelta(pd.Series([(m.group(5) + (":00" if m.group(5).count(":") == 1 else ""))
                                       if m.group(5) else "00:00:00" for m in found]), errors="coerce")
    bad = (dates.isna() | clock.isna()).to_numpy()
    if bad.any():
        raise bad_values(column, values, bad[np.maximum(codes, 0)] & rows, "valid calendar dates", error=error)
    return dates + clock


def decimal_years(stamps) -> np.ndarray:
    """Dates as decimal years: the year plus the share of it gone by (2012.5 is the middle of 2012)."""
    arr = pd.Series(stamps).to_numpy(dtype="datetime64[ns]")
    bad = np.isnat(arr)
    year = np.where(bad, np.datetime64("1970", "Y"), arr.astype("datetime64[Y]"))
    start, end = year.astype("datetime64[ns]"), (year + 1).astype("datetime64[ns]")
    frac = (np.where(bad, start, arr) - start) / (end - start)
    return np.where(bad, np.nan, year.astype(np.int64) + 1970 + frac)


def year_dates(t) -> np.ndarray:
    """Decimal years back to dates (rounded to the day); NaN (or an absurd year) gives NaT."""
    t = np.asarray(t, dtype=float)
    ok = np.isfinite(t) & (np.abs(t - 2000) < 5000)
    whole = np.floor(np.where(ok, t, 1970)).astype(np.int64)
    year = (whole - 1970).astype("datetime64[Y]")
    start, end = year.astype("datetime64[ns]"), (year + 1).astype("datetime64[ns]")
    out = pd.Series(start + ((end - start) * (np.where(ok, t, 1970) - whole)).astype("timedelta64[ns]"))
    return out.dt.round("D").where(ok).to_numpy()


def read_duration(values: pd.Series, column, unit: str = "minutes", *, argument: str = "duration_unit",
                  error=CXInputError) -> tuple[pd.Series, bool]:
    """A duration column in ``unit``, and True when it held ``Timedelta`` values (then converted).

    Timedelta values become floats in ``unit`` (``pd.Timedelta(minutes=3)`` is 3.0 in
    minutes, not 1.8e11 nanoseconds; missing stays NaN); any other column comes back as it
    is, its numbers taken to be in ``unit`` already (the caller's number reader checks them).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.time import read_duration
    >>> minutes, converted = read_duration(pd.Series(pd.to_timedelta([3, 90], unit="s")), "wait")
    >>> minutes.tolist(), converted
    ([0.05, 1.5], True)
    """
    if unit not in DURATION_UNITS:
        raise arg_error(argument, f"one of {list(DURATION_UNITS)}", unit)
    values = pd.Series(values)
    if pd.api.types.is_timedelta64_dtype(values.dtype) or \
            pd.api.types.infer_dtype(values, skipna=True) == "timedelta":
        seconds = pd.to_timedelta(values).dt.total_seconds().astype(float)
        return seconds / DURATION_UNITS[unit], True
    return values, False
