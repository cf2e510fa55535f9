"""Shared input checks and the row accounting.

One message template for every input error (seaborn's ``_check_argument`` idea):
what was given, what was expected, a few offending values with their row
positions, and a hint where a common mistake is likely.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxresearch.errors import CXInputError

MAX_SHOWN = 5


def check_argument(name: str, options: Sequence[Any], value: Any, error=CXInputError) -> None:
    """Raise if ``value`` is not one of ``options``."""
    if value not in options:
        raise error(f"`{name}` must be one of {list(options)}, but {value!r} was passed.")


def as_generator(random_state) -> np.random.Generator:
    """``random_state`` (None, an int seed or a Generator) as a numpy Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    return np.random.default_rng(random_state)


def check_confidence(confidence: float) -> None:
    """Raise unless 0 < confidence < 1."""
    if not 0 < confidence < 1:
        raise CXInputError(f"`confidence` must be between 0 and 1 (e.g. 0.95); got {confidence!r}.")


def check_n_boot(n_boot: int) -> None:
    """Raise unless ``n_boot`` is a whole number >= 0."""
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise CXInputError(f"`n_boot` must be 0 (no bootstrap) or a positive whole number; got {n_boot!r}.")


def require_frame(data: Any, name: str = "data", error=CXInputError) -> pd.DataFrame:
    """Check that ``data`` is a non-empty DataFrame."""
    if not isinstance(data, pd.DataFrame):
        raise error(f"`{name}` must be a pandas DataFrame, but a {type(data).__name__} was passed.")
    if len(data) == 0:
        raise error(f"`{name}` is empty (0 rows): there is nothing to analyse.")
    return data


def require_columns(
    data: pd.DataFrame, columns: Iterable[str], role: str = "column", error=CXInputError
) -> None:
    """Raise naming every missing column and listing the ones that exist."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        have = ", ".join(map(repr, list(data.columns)[:12]))
        more = " ..." if data.shape[1] > 12 else ""
        raise error(
            f"{role} {', '.join(map(repr, missing))} not found in the data. "
            f"Columns present: {have}{more}."
        )


def positions(mask: np.ndarray | pd.Series, limit: int = MAX_SHOWN) -> str:
    """The first row positions where ``mask`` is true, as text."""
    where = np.flatnonzero(np.asarray(mask, dtype=bool))
    text = ", ".join(str(i) for i in where[:limit])
    return text + (", ..." if len(where) > limit else "")


def bad_values(
    column: str,
    values: pd.Series,
    mask: np.ndarray | pd.Series,
    expected: str,
    hint: str = "",
    error=CXInputError,
) -> CXInputError:
    """Build the standard error for values of ``column`` that fail a check.

    The message names the column, the distinct offending values with how many rows
    carry each, the first row positions and what was expected.
    """
    mask = np.asarray(mask, dtype=bool)
    offending = pd.Series(np.asarray(values, dtype=object)[mask])
    counted = offending.value_counts(dropna=False).head(MAX_SHOWN)
    shown = ", ".join(f"{v!r} ({n} row{'s' if n != 1 else ''})" for v, n in counted.items())
    more = " and others" if offending.nunique(dropna=False) > MAX_SHOWN else ""
    msg = (
        f"Column {column!r}: {int(mask.sum())} row(s) with values that are not {expected}: "
        f"{shown}{more}; first row positions: {positions(mask)}."
    )
    if hint:
        msg += f" {hint}"
    return error(msg)


def as_numeric(values: pd.Series, column: str, error=CXInputError) -> np.ndarray:
    """Convert to float, raising the standard error on anything non-numeric (missing stays NaN)."""
    num = pd.to_numeric(values, errors="coerce")
    bad = num.isna().to_numpy() & values.notna().to_numpy()
    if bad.any():
        raise bad_values(column, values, bad, "numbers", error=error)
    return num.to_numpy(dtype=float)


@dataclass(frozen=True)
class RowAccount:
    """How many rows came in, how many were used, and why the rest were not.

    Attributes
    ----------
    n_in : int
        Rows (or answers, see ``unit``) received.
    n_used : int
        Rows that entered the statistics.
    excluded : dict
        Reason -> number of rows left out for that reason; sums to ``n_in - n_used``.
    unit : str
        What a row is ("respondents", "answers", "rows").
    """

    n_in: int
    n_used: int
    excluded: dict[str, int] = field(default_factory=dict)
    unit: str = "rows"

    def __post_init__(self) -> None:
        if self.n_in - self.n_used != sum(self.excluded.values()):
            raise RuntimeError(f"row accounting does not add up: {self}")  # pragma: no cover

    def __str__(self) -> str:
        text = f"{self.n_in:,} {self.unit} in, {self.n_used:,} used"
        if self.excluded:
            text += " (" + "; ".join(f"{n:,} {why}" for why, n in self.excluded.items()) + ")"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"n_in": self.n_in, "n_used": self.n_used, "excluded": dict(self.excluded),
                "unit": self.unit}


def holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values; NaN stays NaN."""
    return _adjust(p, "holm")


def adjust_pvalues(p: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjust p-values across tests by Holm (1979) or Benjamini-Hochberg (1995)."""
    check_argument("p_adjust", ["holm", "fdr_bh", "bh", "none"], method)
    return _adjust(np.asarray(p, dtype=float), method)


def _adjust(p: np.ndarray, method: str) -> np.ndarray:
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if m == 0 or method == "none":
        out[ok] = q
        return out
    order = np.argsort(q)
    ranked = q[order]
    if method == "holm":
        adj = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:  # Benjamini-Hochberg
        adj = np.minimum.accumulate((m / np.arange(m, 0, -1) * ranked[::-1]))[::-1]
    res = np.empty(m)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out
