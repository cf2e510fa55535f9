"""Row accounting: what came in, what was used, and why the rest was not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


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
        What a row is ("respondents", "answer pairs", "rows", ...).

    Examples
    --------
    >>> from cxresearch._core.accounting import RowAccount
    >>> print(RowAccount(10, 8, {"outcome missing": 2}, unit="respondents"))
    10 respondents in, 8 used (2 outcome missing)
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
        """The accounting as a plain dict."""
        return {"n_in": self.n_in, "n_used": self.n_used, "excluded": dict(self.excluded), "unit": self.unit}

    def to_frame(self) -> pd.DataFrame:
        """One row per line of the accounting: ``item`` (in, used, left out: reason), ``count``, ``unit``."""
        items = [("in", self.n_in), ("used", self.n_used)]
        items += [(f"left out: {why}", n) for why, n in self.excluded.items()]
        return pd.DataFrame({"item": [i for i, _ in items], "count": [n for _, n in items],
                             "unit": self.unit})
