"""From an export to one row per respondent and attribute, keeping track of the user's columns and rows.

``long_frame`` and ``wide_frame`` build the stacked frame that :func:`code` codes;
``Locator`` turns a position in that stacked frame back into the user's column and row
label for error messages; ``leftover_answers`` finds columns that hold answer labels but
were not paired, so that no attribute is carried along silently as an id column.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import MAX_SHOWN, bad_values, require_columns
from cxresearch._core.warn import warn
from cxresearch.errors import InputWarning, KanoInputError
from cxresearch.kano._labels import Scale, normalise_label
from cxresearch.kano._shapes import Pair

_SIDES = ("functional", "dysfunctional", "importance")


@dataclass(frozen=True)
class Locator:
    """Maps stacked positions to (user column, user row label)."""

    index: pd.Index  # the user's row labels
    columns: Mapping[str, Sequence[Hashable]]  # side -> user column of each block (wide) or [column] (long)

    def __call__(self, side: str, mask: np.ndarray) -> str:
        n = len(self.index)
        where = np.flatnonzero(mask)
        block, row = where // n, where % n
        cols = self.columns[side]
        parts = []
        for b in pd.unique(block)[:MAX_SHOWN]:
            rows = row[block == b]
            labels = ", ".join(repr(_plain(v)) for v in self.index[rows[:MAX_SHOWN]])
            more = ", ..." if len(rows) > MAX_SHOWN else ""
            parts.append(f"column {cols[b]!r} row label(s) {labels}{more}")
        extra = " and other columns" if len(pd.unique(block)) > MAX_SHOWN else ""
        return "in " + "; ".join(parts) + extra

    def for_side(self, side: str):
        return lambda mask: self(side, mask)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def long_frame(data: pd.DataFrame, names: Mapping[str, str | None], id_vars, respondent: str):
    """The long shape: one row per answer pair already; checks names and duplicates."""
    attribute = names["attribute"]
    cols = [attribute, names["functional"], names["dysfunctional"]]
    ids = list(id_vars) if id_vars is not None else [
        c for c in data.columns if c not in cols and c != names["importance"]]
    require_columns(data, ids, "id column", error=KanoInputError)
    if data[attribute].isna().any():
        raise bad_values(attribute, data[attribute], data[attribute].isna(), "attribute names",
                         "Every answer pair needs the attribute it is about.", error=KanoInputError)
    out = data[ids].reset_index(drop=True)
    if respondent is None:  # asked for no respondent column: each row its own respondent
        rows = np.arange(len(data))
    elif respondent in data.columns:
        _check_duplicates(data, respondent, attribute)
        rows = pd.factorize(data[respondent])[0]
        if respondent not in out.columns:
            out.insert(0, respondent, data[respondent].to_numpy())
    else:
        rows = np.arange(len(data))
        out.insert(0, respondent, rows)
    out["attribute"] = _in_order_of_appearance(data[attribute])
    # answers keep their dtype (a Categorical is coded by its categories, never turned into strings)
    out["functional"] = data[names["functional"]].array
    out["dysfunctional"] = data[names["dysfunctional"]].array
    if names["importance"] is not None and names["importance"] in data.columns:
        out["importance"] = data[names["importance"]].array
    out["_row"] = rows
    where = {side: [names[side]] for side in _SIDES}
    return out, Locator(data.index, where), respondent is not None and respondent in data.columns


def _in_order_of_appearance(values: pd.Series) -> pd.Categorical:
    """The attribute names as a Categorical whose categories follow their first appearance."""
    order = pd.unique(values)
    if isinstance(values.dtype, pd.CategoricalDtype):  # recode the codes, not the strings
        return pd.Categorical(values.array).set_categories(list(order))
    return pd.Categorical(values.to_numpy(), categories=order)


def _check_duplicates(data: pd.DataFrame, respondent: str, attribute: str) -> None:
    dup = data.duplicated([respondent, attribute], keep=False).to_numpy()
    if dup.any():
        keys = data.loc[dup, [respondent, attribute]].astype(str).agg(" x ".join, axis=1)
        raise bad_values(f"{respondent} x {attribute}", keys, np.ones(len(keys), bool),
                         "unique (each respondent answers each attribute once)",
                         f"Rows labelled {list(data.index[dup][:MAX_SHOWN])} repeat an answer. Remove the "
                         "duplicates (e.g. data.drop_duplicates([...])) or give each wave its own respondent id.",
                         error=KanoInputError)


def wide_frame(data: pd.DataFrame, found: list[Pair], id_vars, respondent: str):
    """The wide shape stacked: block k holds attribute k's answers for every row of ``data``."""
    used = {c for p in found for c in (p.functional, p.dysfunctional, p.importance) if c}
    require_columns(data, sorted(used, key=str), "answer column", error=KanoInputError)
    ids = list(id_vars) if id_vars is not None else [c for c in data.columns if c not in used]
    require_columns(data, ids, "id column", error=KanoInputError)
    n, k = len(data), len(found)
    rows = np.tile(np.arange(n), k)
    out = data[ids].iloc[rows].reset_index(drop=True) if ids else pd.DataFrame(index=range(n * k))
    if respondent is not None and respondent not in out.columns:  # the user's ids even when id_vars leaves them out
        out.insert(0, respondent, data[respondent].to_numpy()[rows] if respondent in data.columns else rows)
    out["attribute"] = pd.Categorical.from_codes(
        np.repeat(np.arange(k), n), categories=pd.Index([p.attribute for p in found]))
    for side in ("functional", "dysfunctional"):
        out[side] = _stack([data[getattr(p, side)] for p in found])
    if any(p.importance for p in found):
        out["importance"] = _stack(
            [data[p.importance] if p.importance else pd.Series(np.nan, index=data.index) for p in found])
    out["_row"] = rows
    where = {side: [getattr(p, side) for p in found] for side in _SIDES}
    return out, Locator(data.index, where)


def _stack(columns: list[pd.Series]) -> pd.Series:
    """Stack answer columns; categorical codes keep 10^7 answers cheap to code."""
    if all(pd.api.types.is_numeric_dtype(c.dtype) for c in columns):
        return pd.Series(np.concatenate([c.to_numpy(dtype=float, na_value=np.nan) for c in columns]))
    cats = [pd.Categorical(c) for c in columns]
    if len({c.categories.dtype for c in cats}) > 1:  # numbers in some columns, text in others
        cats = [pd.Categorical(c.to_numpy(dtype=object), categories=pd.Index(
            pd.unique(c.dropna().to_numpy(dtype=object)), dtype=object)) for c in columns]
    return pd.Series(pd.api.types.union_categoricals(cats, ignore_order=True))


def leftover_answers(data: pd.DataFrame, found: list[Pair], id_vars, scales: tuple[Scale, Scale],
                     grid: Mapping[Any, tuple[str, str]] | None) -> None:
    """Refuse columns that hold answers but were not paired (unless named in ``id_vars``)."""
    used = {c for p in found for c in (p.functional, p.dysfunctional, p.importance) if c}
    kept = set(id_vars or ())
    labels = {**scales[0].labels, **scales[1].labels}
    questions = {grid[c][0] for c in used if grid and c in grid}
    suspect = [c for c in data.columns if c not in used and c not in kept
               and (_holds_labels(data[c], labels) or (grid and c in grid and grid[c][0] in questions))]
    if suspect:
        shown = ", ".join(map(repr, suspect[:10])) + (" ..." if len(suspect) > 10 else "")
        names = ", ".join(repr(p.attribute) for p in found[:8]) + (" ..." if len(found) > 8 else "")
        raise KanoInputError(
            f"{len(suspect)} column(s) hold Kano answers but were not paired into attributes: {shown}. "
            f"Paired {len(found)} attribute(s): {names}. Pair them with `pairs={{attribute: "
            "(functional_column, dysfunctional_column)}}` (check the column names or question texts), "
            "or name them in `id_vars` to keep them as they are.")


def _holds_labels(values: pd.Series, labels: Mapping[str, int]) -> bool:
    """True when most distinct text values of a column are answer labels."""
    dtype = values.dtype
    if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        return False
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return False
    distinct = pd.unique(values.dropna())[:200]
    texts = [v for v in distinct if isinstance(v, str)]
    if not texts:
        return False
    known = sum(normalise_label(v) in labels for v in texts)
    return known >= min(2, len(texts)) and known >= 0.5 * len(texts)


def answer_grid(data: pd.DataFrame, grid: Mapping[Any, tuple[str, str]] | None, scales: tuple[Scale, Scale],
                is_importance) -> dict | None:
    """The grid columns that can be Kano answers (labels, or numbers 1-5) or importance ratings.

    A multi-select (0/1) or rating grid in the same export is not a Kano question, so it
    cannot stop the two answer grids from pairing.
    """
    if not grid:
        return grid
    labels = {**scales[0].labels, **scales[1].labels}
    out = {}
    for col, (question, item) in grid.items():
        values = data[col]
        empty = values.isna().all()  # an unanswered item cannot tell either way
        if empty or is_importance(question) or _holds_labels(values, labels) or _answer_numbers(values):
            out[col] = (question, item)
    return out


def _answer_numbers(values: pd.Series) -> bool:
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return False
    v = values.dropna().to_numpy(dtype=float)
    return len(v) > 0 and bool(np.isin(v, [1, 2, 3, 4, 5]).all())


def importance_numbers(values: pd.Series, column: Any, mapping: Mapping | None,
                       locate=None) -> np.ndarray:
    """Self-stated importance: numbers, labels mapped by ``mapping``, or labels starting with a number."""
    if pd.api.types.is_numeric_dtype(values.dtype) and mapping is None:
        out = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        text = values.astype("string")
        if mapping is not None:
            table = {normalise_label(k): float(v) for k, v in mapping.items()}
            out = np.array([table.get(normalise_label(v), np.nan) if v is not pd.NA else np.nan
                            for v in text], dtype=float)
        else:
            out = text.str.extract(r"^\s*([-+]?\d+(?:\.\d+)?)", expand=False).astype(float).to_numpy(
                dtype=float, na_value=np.nan)
        bad = np.isnan(out) & values.notna().to_numpy()
        if bad.any():
            hint = ("Map every label in `importance={label: number}`." if mapping is not None else
                    "Pass `importance={'Very important': 5, 'Important': 4, ...}` to map text labels "
                    "to numbers.")
            raise _bad_importance(values, bad, "numbers or labels starting with a number (e.g. "
                                  "'9 - Extremely important')", hint, column, locate)
    infinite = np.isinf(out)
    if infinite.any():
        raise _bad_importance(values, infinite, "finite numbers", "", column, locate)
    return out


def _bad_importance(values, mask, expected, hint, column, locate) -> KanoInputError:
    if locate is None:
        return bad_values(column, values, mask, expected, hint, error=KanoInputError)
    counted = pd.Series(np.asarray(values, dtype=object)[mask]).value_counts().head(MAX_SHOWN)
    listed = ", ".join(f"{v!r} ({n} row{'s' if n != 1 else ''})" for v, n in counted.items())
    msg = f"Importance: {int(mask.sum())} answer(s) that are not {expected}: {listed}; {locate(mask)}."
    return KanoInputError(f"{msg} {hint}" if hint else msg)


def warn_partial_importance(found) -> None:
    """Warn when some attributes have a self-stated importance column and others not."""
    missing = [p.attribute for p in found if not p.importance]
    if any(p.importance for p in found) and missing:
        warn(f"Self-stated importance was found for {len(found) - len(missing)} of {len(found)} attributes; "
             f"{missing[:8]} have no importance column, so their importance is missing. Pass "
             "`pairs={attribute: (functional, dysfunctional, importance)}` if a column was not recognised.",
             InputWarning)
