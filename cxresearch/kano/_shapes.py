"""Find the functional / dysfunctional column pairs in the shapes real survey exports come in.

Supported wide shapes, tried in this order:

1. an explicit mapping ``pairs={attribute: (functional_column, dysfunctional_column[, importance_column])}``;
2. column suffixes: ``X_functional``/``X_dysfunctional``, ``X_func``/``X_dysf`` (or ``_dysfunc``),
   ``X_fun``/``X_dys``, ``X_f``/``X_d`` (separator ``_``, ``.``, ``-`` or a space; either order;
   any case), with an optional ``X_importance`` / ``X_imp``;
3. question grids (Google Forms ``question [feature]`` headers, a Qualtrics export whose
   question-text row reads ``question - feature``, or the ``grid`` metadata that the
   :mod:`cxresearch.io` readers attach): two questions with the same features; the
   one whose text is negated more often ("not", "without", "unavailable", "不具备", "缺少", "없",
   "ない", "sin", "sem", "ne ... pas", "ohne", ...; see :mod:`cxresearch.kano._sides`) is the
   dysfunctional one, otherwise the first one is the functional one; a third question whose text
   mentions importance gives the self-stated importance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from cxresearch._core.checks import arg_error
from cxresearch.errors import KanoInputError
from cxresearch.kano._sides import dysfunctional_first


@dataclass(frozen=True)
class Pair:
    attribute: str
    functional: str
    dysfunctional: str
    importance: str | None = None


_LONG_SIDES = r"dysfunctional|functional|dysfunc|func|dysf|dys|fun"
_SUFFIX_LONG = re.compile(rf"^(?P<base>.+?)[ _.\-]?(?P<side>{_LONG_SIDES})$", re.IGNORECASE)
_SUFFIX_SHORT = re.compile(r"^(?P<base>.+?)[ _.\-](?P<side>f|d)$", re.IGNORECASE)
_SUFFIX_IMP = re.compile(r"^(?P<base>.+?)[ _.\-]?(?P<side>importance|imp)$", re.IGNORECASE)
_FUNCTIONAL_SIDES = {"functional", "func", "fun", "f"}
_GRID = re.compile(r"^(?P<question>.*?)\s*\[(?P<item>[^\[\]]+)\]\s*$")
# the item follows the LAST " - ", so items may contain hyphens ("Bike lanes and bike-friendly streets")
_QUALTRICS_ITEM = re.compile(r"^(?P<question>.+)\s-\s(?P<item>.+?)\s*$")
_STEM = re.compile(r"^(?P<stem>.+)_\d+$")
_IMPORTANCE = re.compile(r"important|importance|wichtig|重要", re.IGNORECASE)


def strip_qualtrics_rows(data: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str] | None, int]:
    """Remove the question-text and ImportId rows of a Qualtrics CSV export.

    Returns the data without them, the question text of each column (or None when the
    export is not a Qualtrics one) and the number of header rows removed.
    """
    head = data.head(3).astype("string")
    import_row = [i for i in range(len(head))
                  if head.iloc[i].str.startswith('{"ImportId"').fillna(False).any()]
    if not import_row:
        return data, None, 0
    k = import_row[0] + 1
    texts = {c: str(data.iloc[0][c]) for c in data.columns} if k >= 2 else None
    out = data.iloc[k:]  # the index labels stay the user's, so errors can name rows
    return out.infer_objects(), texts, k


def _by_suffix(columns: list[str]) -> tuple[list[Pair], list[str]]:
    found: dict[str, dict[str, str]] = {}
    order: list[str] = []
    for col in columns:
        text = str(col)
        m = _SUFFIX_IMP.match(text)
        side = "importance" if m else None
        if not m:
            m = _SUFFIX_LONG.match(text) or _SUFFIX_SHORT.match(text)
            if m:
                side = "functional" if m["side"].lower() in _FUNCTIONAL_SIDES else "dysfunctional"
        if not m:
            continue
        base = m["base"]
        if base not in found:
            found[base] = {}
            order.append(base)
        found[base][side] = col
    pairs, lonely = [], []
    for base in order:
        sides = found[base]
        if "functional" in sides and "dysfunctional" in sides:
            pairs.append(Pair(base, sides["functional"], sides["dysfunctional"], sides.get("importance")))
        elif "functional" in sides or "dysfunctional" in sides:
            lonely.append(sides.get("functional") or sides.get("dysfunctional"))
    return pairs, lonely


def split_items(texts: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """``{column: (question, item)}`` for the grid columns among question texts.

    Google Forms headers ``question [item]`` split at the bracket. Qualtrics texts
    ``question - item`` split where the texts of one question's columns (``Q5_1``,
    ``Q5_2``, ...) stop agreeing, cut back to a " - "; a lone column splits on its last
    " - ". Either way an item may itself contain hyphens.
    """
    out: dict[str, tuple[str, str]] = {}
    stems: dict[str, list[str]] = {}
    for col, text in texts.items():
        m = _GRID.match(str(text))
        if m:
            out[col] = (m["question"].strip(), m["item"].strip())
            continue
        stem = _STEM.match(str(col))
        stems.setdefault(stem["stem"] if stem else f"\0{col}", []).append(col)
    for cols in stems.values():
        if len(cols) > 1:
            prefix = _common_prefix([str(texts[c]) for c in cols])
            cut = prefix.rfind(" - ")
            if cut > 0:
                for c in cols:
                    out[c] = (str(texts[c])[:cut].strip(), str(texts[c])[cut + 3:].strip())
                continue
        for c in cols:
            m = _QUALTRICS_ITEM.match(str(texts[c]))
            if m:
                out[c] = (m["question"].strip(), m["item"].strip())
    return out


def _common_prefix(texts: list[str]) -> str:
    first, last = min(texts), max(texts)
    n = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), min(len(first), len(last)))
    return first[:n]


def _by_grid(grid: Mapping[str, tuple[str, str]]) -> list[Pair]:
    """Pair columns of two question grids by their feature (item) text."""
    questions: dict[str, dict[str, str]] = {}
    for col, (question, item) in grid.items():
        questions.setdefault(question, {})[item] = col
    importance = [q for q in questions if _IMPORTANCE.search(q)]
    answer_qs = [q for q in questions if q not in importance]
    if len(answer_qs) != 2:
        return []
    q1, q2 = answer_qs
    func_q, dysf_q = (q2, q1) if dysfunctional_first(q1, q2) else (q1, q2)
    imp = questions[importance[0]] if len(importance) == 1 else {}
    items = [i for i in questions[func_q] if i in questions[dysf_q]]
    return [Pair(i, questions[func_q][i], questions[dysf_q][i], imp.get(i)) for i in items]


def is_importance(question: str) -> bool:
    """Whether a grid question asks for self-stated importance."""
    return bool(_IMPORTANCE.search(str(question)))


def find_pairs(data: pd.DataFrame, pairs: Mapping | None, texts: Mapping[str, str] | None,
               grid: Mapping[str, tuple[str, str]] | None = None) -> list[Pair]:
    """The answer-column pairs of a wide export (see the module docstring)."""
    if pairs is not None:
        out = []
        for attribute, cols in pairs.items():
            if isinstance(cols, str) or len(cols) not in (2, 3):
                raise arg_error(f"pairs[{attribute!r}]", "(functional_column, dysfunctional_column"
                                "[, importance_column])", cols, error=KanoInputError)
            out.append(Pair(str(attribute), *cols))
        return out
    columns = list(data.columns)
    found, lonely = _by_suffix(columns)
    if lonely:
        raise KanoInputError(
            f"Column(s) {lonely} have no functional/dysfunctional twin (looked for the suffixes "
            "_functional/_dysfunctional, _func/_dysf, _fun/_dys, _f/_d). Rename the twin or pass "
            "`pairs={attribute: (functional_column, dysfunctional_column)}`."
        )
    if found:
        return found
    found = _by_grid(grid) if grid else []
    if not found:
        found = _by_grid(split_items({c: c for c in columns}))
    if not found and texts is not None:
        found = _by_grid(split_items(texts))
    if not found:
        raise KanoInputError(
            "Could not find functional/dysfunctional answer columns. Use column suffixes "
            "(e.g. 'wifi_f' and 'wifi_d'), Google Forms grid headers ('question [feature]'), "
            "a long table with `attribute`, `functional` and `dysfunctional` columns, or pass "
            f"`pairs={{attribute: (functional_column, dysfunctional_column)}}`. Columns: {columns[:10]}. "
            "For a survey platform's export file, read it with cx.io.read_survey(path) first: the "
            "readers keep the question texts that pair the grids."
        )
    return found
