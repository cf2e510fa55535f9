"""Identifiers stay text; a column becomes numbers only where every value round-trips.

An identifier is told by its header (or SPSS / Stata variable label) in the languages the
readers know, or by its content: leading zeros (``007``) and whole numbers beyond 2**53
(20-digit respondent IDs) cannot be numbers without changing them. Other all-numeric
columns become ``int64`` (whole, complete) or ``float64``; numbers with more than 15
significant digits stay text. Every test is one vectorised pass per column.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

SAFE_INTEGER = 2 ** 53
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_COMMA_NUMBER = r"[+-]?\d+(?:,\d+)?"
_LEADING_ZERO = r"^[+-]?0\d"
# whole words / headers naming an identifier (casefolded), in English, Chinese, Korean, Japanese,
# Spanish, Portuguese, French and German survey exports
_ID_WORDS = re.compile(
    r"(?:^|[\s_\-.:/()#])(?:id|ids|uuid|guid|token)(?:$|[\s_\-.:/()#])"
    r"|^(?:response|respondent|record|collector|user|participant|panel|member|customer|external)\s?_?id$"
    r"|^externalreference$|^externaldatareference$|^responseset$"
    r"|编号|序号|答卷编号|用户id|编号|序號|編號|응답자|번호|회원번호|番号|回答者|回答id|識別子"
    r"|^n[úu]mero de (?:encuesta|respuesta|respondente|resposta|participante)|^n\.?[ºo°]\s*$"
    r"|^identifiant|^num[ée]ro de (?:r[ée]ponse|r[ée]pondant|participant)|^kennung|^befragten|^teilnehmer-?nr"
    r"|^laufnummer|^lfd\.?\s?nr")


def is_identifier(name: object, label: object = None) -> bool:
    """Whether a header (or a variable label) names an identifier column.

    Examples
    --------
    >>> [is_identifier(n) for n in ("ResponseId", "序号", "응답자 ID", "Número de encuesta", "Did you like it?")]
    [True, True, True, True, False]
    """
    for text in (name, label):
        if isinstance(text, str) and text.strip():
            raw = text.strip()
            if _ID_WORDS.search(raw.casefold()) or re.search(r"[a-z](?:Id|ID)$", raw) or re.match(r"^ID[A-Z_\s]", raw):
                return True
    return False


def _text(column: pd.Series) -> pd.Series:
    """Strings stripped, missing kept (other values untouched)."""
    if column.dtype != object and pd.api.types.infer_dtype(column, skipna=True) == "string":
        return column.str.strip()
    return column.map(lambda v: v.strip() if isinstance(v, str) else v)


def _whole_or_float(num: pd.Series, complete: bool) -> pd.Series:
    values = num.to_numpy(dtype=float, na_value=np.nan)
    whole = bool(np.all(np.mod(values[~np.isnan(values)], 1) == 0))
    return num.astype("int64") if whole and complete else num.astype(float)


def typed(column: pd.Series, *, decimal: str | None = None, comma: bool = False,
          ident: bool = False) -> tuple[pd.Series, str | None]:
    """Numbers where every present value is a number that round-trips, else text; and why not, if that matters.

    ``decimal=","`` reads decimal commas; ``comma=True`` (a ';'-delimited file) tries them when
    ``decimal`` is not given. ``ident=True`` keeps the column as text.
    """
    present = column.notna().to_numpy()
    if not present.any():
        return (column.astype(float) if len(column) else column), None
    values = column[present]
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "boolean" or (kind.startswith("mixed") and values.map(lambda v: isinstance(v, bool)).any()):
        return _text(column), None
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):  # Excel cells: numbers already
        num = pd.to_numeric(column, errors="coerce")
        if (num.abs() > SAFE_INTEGER).any():
            return column, None
        return _whole_or_float(num, bool(present.all())), None
    strings = values.astype(str).str.strip() if kind != "string" else values.str.strip()
    if ident:
        return _text(column), None
    marks = [decimal] if decimal else (["."] + ([","] if comma else []))
    for mark in marks:
        pattern = _NUMBER if mark == "." else _COMMA_NUMBER
        if not strings.str.fullmatch(pattern).all():
            continue
        plain = strings if mark == "." else strings.str.replace(",", ".", regex=False)
        num = pd.to_numeric(plain, errors="coerce")
        if strings.str.contains(_LEADING_ZERO, regex=True).any():
            return _text(column), "values with leading zeros (e.g. '007') kept as text, so they are not changed"
        if (num.abs() > SAFE_INTEGER).any():
            return _text(column), "whole numbers beyond 2**53 (e.g. 20-digit IDs) kept as text: as numbers they change"
        if strings.str.len().max() > 15:
            digits = strings.str.replace(r"[eE].*$|[^0-9]", "", regex=True).str.lstrip("0").str.len()
            if (digits > 15).any():
                return _text(column), "numbers with more than 15 significant digits kept as text, so they are exact"
        full = pd.Series(np.nan, index=column.index)
        full[present] = num.to_numpy(dtype=float)
        out = _whole_or_float(full, bool(present.all()))
        return out, ("decimal commas read as numbers" if mark == "," else None)
    return _text(column), None
