"""Excel ready for a manager: number formats, column widths and frozen headers on written sheets.

Numbers stay numbers in the workbook; what a reader sees is set by Excel number formats
(``cell.number_format``), chosen by the rules of :mod:`cxresearch._core.views`:
p-values ``<0.001`` or three decimals, shares as percentages, whole numbers without
decimals, other numbers with three decimals. Every sheet keeps its header row in view
(frozen panes) and its columns as wide as their longest entry.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cxresearch._core import views

#: Excel number formats by kind of column.
P_FORMAT = '[<0.001]"<0.001";0.000'
SHARE_FORMAT = "0.0%"
WHOLE_FORMAT = "0"
MAX_WIDTH, MIN_WIDTH = 60, 6


def number_format(name: str, values: pd.Series, percent: tuple[str, ...] = (), decimals: int = 3) -> str | None:
    """The Excel number format of a column, None for text (and dates, left to Excel).

    Examples
    --------
    >>> number_format("p_value", pd.Series([0.2]))
    '[<0.001]"<0.001";0.000'
    >>> number_format("share_M", pd.Series([0.2])), number_format("n", pd.Series([3]))
    ('0.0%', '0')
    >>> number_format("better_ci_low", pd.Series([0.2])), number_format("note", pd.Series(["x"]))
    ('0.000', None)
    """
    if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(values.dtype):
        return None
    base = views.interval_base(name)
    if views.is_p_column(name):
        return P_FORMAT
    if views.is_share_column(name, percent) or (base and views.is_share_column(base, percent)):
        return SHARE_FORMAT
    if views.whole(values):
        return WHOLE_FORMAT
    return "0." + "0" * decimals if decimals > 0 else WHOLE_FORMAT


def style_sheet(sheet: Any, frame: pd.DataFrame, percent: tuple[str, ...] = ()) -> None:
    """Number formats, fitted column widths and a frozen header row on a written openpyxl sheet.

    ``frame`` is what was written to ``sheet`` with ``index=False`` (header in row 1).
    """
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    reading = views.reading_frame(frame, 3, percent) if len(frame.columns) else frame
    for j, name in enumerate(frame.columns, start=1):
        letter = get_column_letter(j)
        fmt = number_format(str(name), frame[name], percent)
        if fmt is not None:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=len(frame) + 1, min_col=j, max_col=j):
                cell.number_format = fmt
        shown = _shown(name, frame, reading)
        sheet.column_dimensions[letter].width = _width(str(name), shown)
        for i, text in enumerate(shown, start=2):
            if len(text) > MAX_WIDTH:  # a sentence (a note, the method): wrapped in its column
                sheet.cell(row=i, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _shown(name: Any, frame: pd.DataFrame, reading: pd.DataFrame) -> list[str]:
    """The texts a reader sees in a column (an interval bound as its own number)."""
    if name in reading.columns:
        return [str(v) for v in reading[name]]
    return [views.format_number(v) if isinstance(v, float) else str(v) for v in frame[name]]


def _width(header: str, texts: list[str]) -> float:
    longest = max([len(header), *(len(t) for t in texts)]) if texts else len(header)
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def about_frame(settings: dict[str, str], method: str, references: tuple[str, ...]) -> pd.DataFrame:
    """The sheet that says what was done: the method in words, its references and the settings.

    Examples
    --------
    >>> about_frame({"rows": "10 in, 10 used"}, "A test.", ("Doe (2000).",))
                item           value
    0  what was done         A test.
    1      reference     Doe (2000).
    2           rows  10 in, 10 used
    """
    items = [("what was done", method)] if method else []
    items += [("reference", ref) for ref in references]
    items += list(settings.items())
    return pd.DataFrame(items, columns=["item", "value"])
