"""SPSS ``.sav`` / ``.zsav`` and Stata ``.dta`` files through pyreadstat.

pyreadstat (https://ofajardo.github.io/pyreadstat_documentation/) returns the data and a
metadata object: variable labels (``column_names_to_labels``), value labels
(``variable_value_labels``) and, with ``user_missing=True``, SPSS user-defined missing values
(``missing_ranges``). Kano answer columns are coded by their labels, never by their numbers.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from cxresearch import kano
from cxresearch._core.params import declared
from cxresearch.errors import SurveyReadError
from cxresearch.io._common import Record, check_path, column_range, optional, shared_questions
from cxresearch.io._ident import is_identifier


@declared(error=SurveyReadError)
def read_spss(path: str | os.PathLike) -> pd.DataFrame:
    """Read an SPSS ``.sav`` (or ``.zsav``) file with its labels and missing values.

    Parameters
    ----------
    path : str or path-like
        The SPSS file.

    Returns
    -------
    pandas.DataFrame
        One row per case. Columns whose value labels are Kano answers (in any built-in
        wording, see :func:`cxresearch.kano.answer_labels`) hold the labels, so a file coded
        1 = "I dislike it" is coded by its labels; ``notes`` says when the numbers run against
        the Kano order like .. dislike. Other labelled columns keep their numbers, with the labels
        in ``value_labels``. User-defined missing values are missing (counted in ``notes``).
        Variable labels are the ``questions``; labels reading ``question - item`` or
        ``question: item`` shared by two or more columns give the ``grid``. Variables whose
        name or label names an identifier (``id``, ``Respondent ID``, ``编号``, ``응답자`` ...)
        are ``id_columns`` (SPSS stores numbers as doubles, so nothing is converted).

    Raises
    ------
    SurveyReadError
        A missing file, another extension, a file pyreadstat cannot read, or pyreadstat not
        installed.

    See Also
    --------
    read_stata : the same for Stata files.
    describe : one row per column of what was read.
    cxresearch.kano.label_codes : how Kano labels are recognised.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd, pyreadstat
    >>> import cxresearch as cx
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "kano.sav")
    >>> pyreadstat.write_sav(pd.DataFrame({"wifi_f": [5.0, 1.0]}), path,
    ...                      variable_value_labels={"wifi_f": {1: "I dislike it", 5: "I like it"}})
    >>> df = cx.io.read_spss(path)
    >>> df["wifi_f"].tolist()
    ['I like it', 'I dislike it']
    """
    file = check_path(path, (".sav", ".zsav"), "read_spss")
    return _read(file, "spss")


@declared(error=SurveyReadError)
def read_stata(path: str | os.PathLike) -> pd.DataFrame:
    """Read a Stata ``.dta`` file with its variable and value labels.

    Parameters
    ----------
    path : str or path-like
        The Stata file.

    Returns
    -------
    pandas.DataFrame
        As :func:`read_spss`: Kano answer columns by their labels, other labelled columns as
        numbers with the labels in ``value_labels``, variable labels as ``questions``.

    Raises
    ------
    SurveyReadError
        A missing file, another extension, a file pyreadstat cannot read, or pyreadstat not
        installed.

    See Also
    --------
    read_spss : the same for SPSS files.
    describe : one row per column of what was read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd, pyreadstat
    >>> import cxresearch as cx
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "ratings.dta")
    >>> pyreadstat.write_dta(pd.DataFrame({"sat": [4, 2]}), path, column_labels=["Overall satisfaction"])
    >>> cx.io.read_stata(path).attrs["cxresearch"]["questions"]
    {'sat': 'Overall satisfaction'}
    """
    file = check_path(path, (".dta",), "read_stata")
    return _read(file, "stata")


def _read(file, reader: str) -> pd.DataFrame:
    pyreadstat = optional("pyreadstat", f"the {reader.upper() if reader == 'spss' else 'Stata'} file "
                                         f"{file.name!r}")
    try:
        if reader == "spss":
            data, meta = pyreadstat.read_sav(str(file), user_missing=True)
        else:
            data, meta = pyreadstat.read_dta(str(file))
    except Exception as exc:  # noqa: BLE001 - pyreadstat's ReadstatError and friends
        raise SurveyReadError(f"{file.name!r} could not be read as a{'n SPSS' if reader == 'spss' else ' Stata'} "
                              f"file ({exc}). Is it really a {file.suffix} file?") from exc
    record = Record(reader, file, n_in=len(data))
    labels = {c: t for c, t in (meta.column_names_to_labels or {}).items() if t}
    record.questions = dict(labels)
    record.grid = _label_grid(labels)
    record.id_columns = [c for c in data.columns if is_identifier(c, labels.get(c))]
    data = _user_missing(data, getattr(meta, "missing_ranges", None) or {}, record)
    value_labels = meta.variable_value_labels or {}
    missing = {c: {k for k in labels if _in_ranges(pd.Series([k]), ranges)[0]}
               for c, labels in value_labels.items() if (ranges := (getattr(meta, "missing_ranges", None)
                                                                    or {}).get(c))}
    data = _apply_kano_labels(data, value_labels, missing, record)
    return record.attach(data)


def _label_grid(labels: dict[str, str]) -> dict[str, tuple[str, str]]:
    """``question - item`` (split at the last " - ") or ``question: item`` variable labels."""
    found = {}
    for col, text in labels.items():
        if " - " in text:
            question, item = text.rsplit(" - ", 1)
        elif ": " in text:
            question, item = text.split(": ", 1)
        else:
            continue
        found[col] = (question.strip(), item.strip())
    return shared_questions(found)


def _in_ranges(values: pd.Series, ranges: list[dict[str, Any]]) -> np.ndarray:
    hit = np.zeros(len(values), dtype=bool)
    for r in ranges:
        lo, hi = r.get("lo"), r.get("hi")
        if isinstance(lo, str) or isinstance(hi, str):
            hit |= values.astype(str).isin({lo, hi}).to_numpy()
        else:
            num = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            hit |= (num >= lo) & (num <= hi)
    return hit


def _user_missing(data: pd.DataFrame, ranges: dict[str, list], record: Record) -> pd.DataFrame:
    """SPSS user-defined missing values (discrete or ranges) as missing, counted per column."""
    out = data.copy(deep=False)  # columns are replaced, never written into
    for col, col_ranges in ranges.items():
        if col not in out.columns:
            continue
        hit = _in_ranges(out[col], col_ranges)
        if hit.any():
            codes = sorted({f"{v:g}" if isinstance(v, float) else str(v) for v in out.loc[hit, col]})
            record.notes.append(f"{col}: {int(hit.sum())} user-defined missing value(s) ({', '.join(codes)}) "
                                "read as missing.")
            out[col] = out[col].where(~hit, np.nan)
    return out


def _kano_order(labels: dict[Any, str]) -> np.ndarray | None:
    """The Kano codes of a column's value labels (user-missing codes left out), or None when they
    are not all Kano answers."""
    if len(labels) < 2:
        return None
    codes = kano.label_codes([labels[k] for k in sorted(labels)])
    return codes if (codes > 0).all() and len(set(codes.tolist())) == len(codes) else None


def _labelled(codes: pd.Series, labels: dict) -> pd.Series:
    """Codes replaced by their labels in one vectorised map; a code without a label as text (so kano.code
    names it); missing stays missing."""
    values = codes.to_numpy()
    out = np.full(len(values), np.nan, dtype=object)  # each cell refers to one shared label object
    present = ~pd.isna(values)
    try:
        keys = np.array(sorted(labels), dtype=float)
        number = values.astype(float)
    except (TypeError, ValueError):  # string codes (Stata / SPSS string variables): a dictionary lookup
        out[present] = [labels.get(v, str(v)) for v in values[present]]
        return pd.Series(out, index=codes.index, dtype=object)
    texts = np.array([labels[k] for k in sorted(labels)], dtype=object)
    at = np.clip(np.searchsorted(keys, number), 0, len(keys) - 1)
    hit = present & (keys[at] == number)
    out[hit] = texts[at[hit]]
    unlabelled = present & ~hit
    if unlabelled.any():
        out[unlabelled] = [str(int(v)) if float(v).is_integer() else str(v) for v in number[unlabelled]]
    return pd.Series(out, index=codes.index, dtype=object)


def _apply_kano_labels(data: pd.DataFrame, value_labels: dict[str, dict], missing: dict[str, set],
                       record: Record) -> pd.DataFrame:
    """Kano answer columns by their labels (numbers without a label stay, as text); others keep numbers.

    A column is a Kano answer column when its labels (user-missing codes left out) are distinct
    Kano answers; or when they hold all five answers in words, once each, beside fewer others
    ("Don't know" not declared missing): those keep their label too, and the note names them.
    A Likert scale whose words include like, neutral or dislike ("Like a lot", "Like", ...) holds
    fewer than five Kano answers and keeps its numbers.
    """
    out = data.copy(deep=False)  # columns are replaced, never written into
    replaced: dict[tuple, list[str]] = {}
    for col, labels in value_labels.items():
        if col not in out.columns:
            continue
        record.value_labels[col] = dict(labels)
        answers = {k: v for k, v in labels.items() if k not in missing.get(col, set())}
        if _kano_order(answers) is None and not _kano_with_others(answers):
            continue
        codes = kano.label_codes(list(answers.values()))
        on_scale = {k: v for (k, v), c in zip(answers.items(), codes) if c > 0}
        key = (tuple(sorted(on_scale.items())), tuple(sorted((k, v) for k, v in answers.items() if k not in on_scale)))
        replaced.setdefault(key, []).append(col)
        out[col] = _labelled(out[col], answers)
    for (kano_labels, others), cols in replaced.items():
        labels = dict(kano_labels)
        codes = _kano_order(labels)
        first = sorted(labels)[0]
        if (np.diff(codes) > 0).all():
            order = "in the Kano order like..dislike"
        else:
            order = f"{_code(first)} = {labels[first]!r} contradicts the Kano order like..dislike"
        verb = "is no Kano answer" if len(others) == 1 else "are no Kano answers"
        extra = "" if not others else (
            f" {', '.join(f'{_code(k)} = {v!r}' for k, v in others)} {verb} and kept as labels: declare them missing "
            "in the file, or set them missing before cx.kano.evaluate.")
        kind = "numeric codes" if isinstance(first, (int, float, np.number)) else "codes"
        record.notes.append(f"{column_range(cols)}: {kind} replaced by their value labels ({order}).{extra}")
    return out


def _kano_with_others(labels: dict[Any, str]) -> bool:
    """All five Kano answers in words (not digits), once each, beside fewer labels that are no Kano answer."""
    words = {k: v for k, v in labels.items() if not str(v).strip().lstrip("+-").replace(".", "", 1).isdigit()}
    codes = kano.label_codes(list(words.values())) if words else np.zeros(0, dtype=np.int8)
    found = [c for c in codes.tolist() if c > 0]
    return sorted(found) == [1, 2, 3, 4, 5] and len(labels) - len(found) < len(found)


def _code(value: Any) -> str:
    """A value-label code as the file shows it: 9 (not 9.0) for a number, quoted for a string variable's code."""
    return f"{value:g}" if isinstance(value, (int, float, np.number)) else repr(value)
