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
    recoded : dict
        Column -> number of answers turned missing by a declared code (``missing_codes=``)
        before the rows were counted; those rows then fall under a reason in ``excluded``.
        Empty when no code was declared or none was found.

    Examples
    --------
    >>> from cxresearch._core.accounting import RowAccount
    >>> print(RowAccount(10, 8, {"outcome missing": 2}, unit="respondents"))
    10 respondents in, 8 used (2 outcome missing)
    >>> print(RowAccount(10, 7, {"an attribute rating missing": 3}, unit="respondents", recoded={"wifi": 3}))
    10 respondents in, 7 used (3 an attribute rating missing); answers recoded to missing: wifi 3
    """

    n_in: int
    n_used: int
    excluded: dict[str, int] = field(default_factory=dict)
    unit: str = "rows"
    recoded: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.n_in - self.n_used != sum(self.excluded.values()):
            raise RuntimeError(f"row accounting does not add up: {self}")  # pragma: no cover

    def __str__(self) -> str:
        text = f"{self.n_in:,} {self.unit} in, {self.n_used:,} used"
        if self.excluded:
            text += " (" + "; ".join(f"{n:,} {why}" for why, n in self.excluded.items()) + ")"
        if self.recoded:
            text += "; answers recoded to missing: " + ", ".join(f"{c} {n:,}" for c, n in self.recoded.items())
        return text

    def to_dict(self) -> dict[str, Any]:
        """The accounting as a plain dict (with ``recoded`` only when answers were recoded)."""
        out = {"n_in": self.n_in, "n_used": self.n_used, "excluded": dict(self.excluded), "unit": self.unit}
        return {**out, "recoded": dict(self.recoded)} if self.recoded else out

    def to_frame(self) -> pd.DataFrame:
        """One row per line of the accounting: ``item`` (in, used, left out: reason), ``count``, ``unit``.

        Recoded answers come last, as ``recoded to missing: <column>`` in unit "answers".
        """
        items = [("in", self.n_in, self.unit), ("used", self.n_used, self.unit)]
        items += [(f"left out: {why}", n, self.unit) for why, n in self.excluded.items()]
        items += [(f"recoded to missing: {c}", n, "answers") for c, n in self.recoded.items()]
        return pd.DataFrame({"item": [i for i, _, _ in items], "count": [n for _, n, _ in items],
                             "unit": [u for _, _, u in items]})
