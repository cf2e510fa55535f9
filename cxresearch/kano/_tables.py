"""Kano evaluation tables: from (functional, dysfunctional) answer codes to categories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.categories import CATEGORIES, CATEGORY_DTYPE
from cxresearch._core.checks import arg_error, near_match, positions
from cxresearch._core.counting import small_take
from cxresearch.errors import KanoInputError
from cxresearch.kano._labels import ANSWERS, NUMERIC
from cxresearch._core.params import Anything, declared

# --- evaluation tables --------------------------------------------------------------------------

_STANDARD = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")
_POULIOT = ("QAAAO", "RQIIM", "RIIIM", "RIIQM", "RRRRQ")
_SHORT3 = ("Q.A.O", ".....", "R.I.M", ".....", "R.R.Q")  # only like / neutral / dislike
_REFERENCES = {
    "standard": "Kano et al. (1984); Berger et al. (1993), Table 1",
    "pouliot": "Berger et al. (1993), modified table after Pouliot: identical answers are Q "
               "except neutral/neutral",
    "short3": "three-answer short form (like / neutral / dislike): the standard table "
              "restricted to answers 1, 3 and 5",
}


@dataclass(frozen=True)
class EvaluationTable:
    """A validated Kano evaluation table.

    Rows are the functional answer, columns the dysfunctional answer, both in the
    order like, must-be, neutral, live-with, dislike. A cell of ``None`` marks an
    answer pair that is not on the table's scale (the three-answer form).

    See Also
    --------
    evaluation_table : builds and validates a table.
    evaluate : classifies answer pairs with a table.
    code : codes a survey export with a table.

    Examples
    --------
    >>> import cxresearch as cx
    >>> t = cx.kano.evaluation_table("standard")
    >>> t.grid[0][4], t.grid[4][4]
    ('O', 'Q')
    """

    name: str
    grid: tuple[tuple[str | None, ...], ...]
    reference: str = "custom"

    @property
    def valid_answers(self) -> tuple[int, ...]:
        """Answer codes (1-5) that the table accepts."""
        return tuple(i + 1 for i in range(5) if any(c is not None for c in self.grid[i]))

    @property
    def numeric_answers(self) -> dict[int, int]:
        """How numbers are read: 1-5 as is; on a three-answer table 1, 2, 3 = like, neutral, dislike."""
        valid = self.valid_answers
        return dict(zip(range(1, len(valid) + 1), valid))

    def lookup(self, functional: np.ndarray, dysfunctional: np.ndarray) -> np.ndarray:
        """Category codes (0-5 for A O M I R Q, -1 missing) for answer codes 0-5."""
        flat = np.full((6, 6), -1, dtype=np.int8)
        for i in range(5):
            for j in range(5):
                if self.grid[i][j] is not None:
                    flat[i + 1, j + 1] = CATEGORIES.index(self.grid[i][j])
        pair = np.multiply(functional, 6, dtype=np.int8)  # codes 0-5: at most 35
        np.add(pair, dysfunctional, out=pair, casting="unsafe")
        return small_take(flat.ravel(), pair)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame (functional answers down, dysfunctional across)."""
        return pd.DataFrame(
            [[c if c is not None else "" for c in row] for row in self.grid],
            index=pd.Index(ANSWERS, name="functional"),
            columns=pd.Index(ANSWERS, name="dysfunctional"),
        )

    def _repr_html_(self) -> str:
        return f"<p><b>Evaluation table '{self.name}'</b> ({self.reference})</p>" + self.to_frame().to_html()

    def __repr__(self) -> str:
        return f"EvaluationTable({self.name!r})\n{self.to_frame().to_string()}"


@declared(error=KanoInputError, table=Anything("a table name or a 5 x 5 table, read here"))
def evaluation_table(table: Any = "standard") -> EvaluationTable:
    """Resolve ``table=``: "standard", "pouliot", "short3", a 5x5 grid, or an EvaluationTable.

    A custom grid (nested lists, array or DataFrame) is validated: 5 rows of 5 cells,
    each one of A O M I R Q.

    Parameters
    ----------
    table : str, 5x5 grid or EvaluationTable
        The table's name, a custom grid (rows functional, columns dysfunctional) or a table.

    Returns
    -------
    EvaluationTable

    See Also
    --------
    EvaluationTable : the table it returns.
    evaluate : classifies answer pairs with the table.
    code : codes a survey export with the table.

    Examples
    --------
    >>> import cxresearch as cx
    >>> cx.kano.evaluation_table("pouliot").to_frame().loc["must-be", "must-be"]
    'Q'
    >>> cx.kano.evaluation_table("short3").valid_answers
    (1, 3, 5)
    """
    if isinstance(table, EvaluationTable):
        return table
    if isinstance(table, str):
        named = {"standard": _STANDARD, "pouliot": _POULIOT, "short3": _SHORT3}
        if table not in named:
            raise arg_error("table", f"one of {list(named)}, a 5x5 grid of A/O/M/I/R/Q or an EvaluationTable",
                            table, near_match(table, named), error=KanoInputError)
        grid = tuple(tuple(None if c == "." else c for c in row) for row in named[table])
        return EvaluationTable(table, grid, _REFERENCES[table])
    cells = np.asarray(table.to_numpy() if isinstance(table, pd.DataFrame) else table, dtype=object)
    if cells.shape != (5, 5):
        raise arg_error("table", "a 5x5 grid (functional answers down, dysfunctional across)", table,
                        got=f"shape {cells.shape}", error=KanoInputError)
    bad = [(i, j, cells[i, j]) for i in range(5) for j in range(5)
           if str(cells[i, j]).strip().upper() not in CATEGORIES]
    if bad:
        shown = ", ".join(f"[{i}][{j}]={v!r}" for i, j, v in bad[:6])
        raise arg_error("table", "a grid of A, O, M, I, R, Q only", table, got=f"invalid cells {shown}",
                        error=KanoInputError)
    grid = tuple(tuple(str(c).strip().upper() for c in row) for row in cells)
    return EvaluationTable("custom", grid, "custom table passed by the user")


def evaluate_codes(f: np.ndarray, d: np.ndarray, table: EvaluationTable,
                   f_name: str = "functional", d_name: str = "dysfunctional") -> np.ndarray:
    """Category codes from answer codes, checking that answers are on the table's scale."""
    valid = np.zeros(6, dtype=bool)
    valid[0] = True
    valid[list(table.valid_answers)] = True
    for codes, name in ((f, f_name), (d, d_name)):
        if valid.all() or not len(codes):  # a five-answer table: every code 0-5 is on it
            continue
        off = ~valid[codes]
        if off.any():
            shown = sorted({ANSWERS[c - 1] for c in codes[off]})
            raise KanoInputError(
                f"Column {name!r}: answers {shown} are not on the scale of evaluation table "
                f"{table.name!r} (accepted: {[ANSWERS[a - 1] for a in table.valid_answers]}); "
                f"first row positions: {positions(off)}."
            )
    return table.lookup(f, d)


def recode_numeric_for_table(codes: np.ndarray, raw: Any, table: EvaluationTable) -> np.ndarray:
    """On a three-answer table, numbers 1, 2, 3 mean like, neutral, dislike."""
    if len(table.valid_answers) == 5:
        return codes
    series = raw if isinstance(raw, pd.Series) else pd.Series(raw)
    if not pd.api.types.is_numeric_dtype(series.dtype):
        return codes
    lut = np.zeros(6, dtype=np.int8)
    for number, answer in table.numeric_answers.items():
        lut[number] = answer
    out = codes.copy()
    num = codes > 0
    bad = num & (codes > len(table.valid_answers))
    if bad.any():
        raise KanoInputError(
            f"Numbers above {len(table.valid_answers)} on the three-answer table "
            f"{table.name!r}; first row positions: {positions(bad)}."
        )
    out[num] = lut[codes[num]]
    return out


def to_categorical(codes: np.ndarray) -> pd.Categorical:
    """Category codes (-1 missing) -> ordered Categorical A < O < M < I < R < Q."""
    return pd.Categorical.from_codes(codes.astype(np.int8), dtype=CATEGORY_DTYPE)
