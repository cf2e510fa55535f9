"""The one result contract every cxresearch result honours.

Keyword construction (``kw_only`` frozen dataclasses), ``table`` (numbers, for
computing), ``rows`` (row accounting), ``by``, ``settings`` (what was used, as text),
``summary(decimals=3)`` (the table for reading, as text), ``to_frame()``, ``to_excel(path)``
(the summary first, then the method, the table, long tables and row accounting, one sheet
each, formatted for a reader), ``plot(...)`` returning a matplotlib ``Figure``, and an HTML
repr for Jupyter. ``tests/test_contract.py`` checks every public result class against it
(scikit-learn's ``check_estimator`` idea).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from cxresearch._core import excel, views
from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, check_count
from cxresearch._core.warn import warn
from cxresearch._core.writing import writable_path, write_errors


@dataclass(frozen=True, kw_only=True, repr=False)
class Result:
    """Base of every result object.

    Attributes
    ----------
    table : pandas.DataFrame
        The main result, one row per attribute [x group] (or per term).
    rows : RowAccount
        What came in, what was used and why the rest was not.
    by : tuple of str
        The segment columns (empty without segments).
    """

    table: pd.DataFrame
    rows: RowAccount
    by: tuple[str, ...] = ()

    _title: ClassVar[str] = "Result"
    #: Columns of ``summary()`` in order (missing ones skipped); None shows the whole table.
    _summary_columns: ClassVar[tuple[str, ...] | None] = None
    #: Names of further DataFrame attributes written by ``to_excel`` (None ones skipped).
    _long_tables: ClassVar[tuple[str, ...]] = ()
    #: Columns holding shares (0-1), shown as percentages (besides ``share_*`` and ``*_share``).
    _percent_columns: ClassVar[tuple[str, ...]] = ()
    #: How ``summary()`` orders the rows within each segment: ``(column, ascending)`` pairs.
    _rank_by: ClassVar[tuple[tuple[str, bool], ...]] = ()
    #: The name of the sheet holding ``table`` in ``to_excel`` (what its rows are).
    _table_sheet: ClassVar[str] = "results"
    #: The method in plain words, and the references to cite (the ``method`` sheet).
    _method: ClassVar[str] = ""
    _references: ClassVar[tuple[str, ...]] = ()
    #: Attribute names of earlier releases -> today's (one vocabulary of result attributes:
    #: ``tests`` between segments or of restrictions, ``fits`` one row per fitted model,
    #: ``coefficients`` one row per model term). Reading an old name warns and still works.
    _renamed: ClassVar[dict[str, str]] = {}

    def __getattr__(self, name: str):
        new = type(self)._renamed.get(name)
        if new is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        warn(f"`{type(self).__name__}.{name}` was renamed `{new}` in cxresearch 0.3; `{name}` will be removed in a "
             "later release.", FutureWarning)
        return getattr(self, new)

    @property
    def settings(self) -> dict[str, str]:
        """The settings used and the fit in words (shown by ``repr`` and written by ``to_excel``)."""
        return {**self._settings(), "rows": str(self.rows)}

    def _settings(self) -> dict[str, str]:
        return {}

    def summary(self, decimals: int = 3) -> pd.DataFrame:
        """The table a report prints, as text for reading (compute on ``table`` instead).

        The columns a report needs, the rows in the order the analysis ranks them (within
        each segment), and every value written out: p-values as ``<0.001`` or three decimals,
        shares as percentages, an interval as one column ``[low, high]`` (``better_ci`` for
        ``better_ci_low`` and ``better_ci_high``), Kano letters as full names, True/False as
        yes/no, missing values as empty cells.

        Parameters
        ----------
        decimals : int, default 3
            Decimals of estimates and interval bounds; shares are percentages to the same
            precision (``25.0%`` at 3). p-values always read ``<0.001`` or three decimals.

        Returns
        -------
        pandas.DataFrame
            Strings, one row per row of ``table`` (index 0, 1, ...). For numbers, use
            ``table`` or ``to_frame()``.

        Examples
        --------
        >>> import cxresearch as cx
        >>> res = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"))
        >>> res.summary(decimals=1).columns.tolist()[:4]
        ['attribute', 'experience', 'expectation', 'importance']
        """
        decimals = check_count("decimals", decimals, minimum=0)
        return views.reading_frame(self._summary_table(), decimals, self._percent_columns).reset_index(drop=True)

    def _summary_table(self) -> pd.DataFrame:
        """The summary columns of ``table`` (numbers), rows in ranked order."""
        cols = self._summary_columns
        out = self.table if cols is None else self.table[[c for c in self._expand(cols) if c in self.table]]
        return views.sort_rows(out, self.by, self._rank_by)

    def _expand(self, cols: tuple[str, ...]) -> list[str]:
        """``"*by"`` in a column list stands for the segment columns."""
        return [c for col in cols for c in (self.by if col == "*by" else (col,))]

    def to_frame(self) -> pd.DataFrame:
        """The full result table (a copy)."""
        return self.table.copy()

    def _sheets(self) -> dict[str, pd.DataFrame]:
        summary = self._summary_table()
        sheets = {"summary": summary.assign(**{c: summary[c].map(lambda v: views.CATEGORY_NAMES.get(v, v))
                                               for c in summary.columns if c in views.CATEGORY_COLUMNS}),
                  "method": excel.about_frame(self.settings, self._method, self._references),
                  self._table_sheet: self.table}
        for name in self._long_tables:
            value = getattr(self, name, None)
            if isinstance(value, pd.DataFrame):
                sheets[name] = value
        sheets["rows"] = self.rows.to_frame()
        return sheets

    def to_excel(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write a workbook for a reader: the summary first, what was done, then every table.

        Sheets, in order: ``summary`` (the columns and row order of :meth:`summary`, numbers
        kept as numbers), ``method`` (what was done: the method in words, references and the
        settings, row accounting included), the full table under a name saying what its rows
        are (``attributes``, ``drivers``, ``coefficients`` ...), the long tables under their
        attribute names, and ``rows`` (the row accounting as counts). Numbers are shown by
        Excel number formats (p-values ``<0.001`` or three decimals, shares as percentages,
        three decimals otherwise), columns are as wide as their contents and every header
        row stays in view.

        Parameters
        ----------
        path : str or pathlib.Path
            The ``.xlsx`` file to write (needs the optional dependency ``openpyxl``), in an
            existing folder.
        overwrite : bool, default False
            Replace an existing file (with every sheet in it); by default an existing file is
            refused.

        Returns
        -------
        pathlib.Path
            The file written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import pandas as pd
        >>> import cxresearch as cx
        >>> res = cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")))
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = res.to_excel(pathlib.Path(tmp) / "kano.xlsx")
        ...     sheets = pd.read_excel(path, sheet_name=None)
        >>> list(sheets)
        ['summary', 'method', 'attributes', 'shares', 'continuous', 'rows']
        >>> int(sheets["rows"].set_index("item").loc["used", "count"]) == res.rows.n_used
        True
        """
        path = writable_path(path, ".xlsx", overwrite)
        try:
            import openpyxl  # noqa: F401 - optional dependency, only needed here
        except ImportError:
            raise ImportError("to_excel needs openpyxl: pip install openpyxl (or cxresearch[io]).") from None
        with write_errors(path), pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, frame in self._sheets().items():
                ready = _excel_ready(frame)
                ready.to_excel(writer, sheet_name=name[:31], index=False)
                excel.style_sheet(writer.sheets[name[:31]], ready, self._percent_columns)
        return path

    def __repr__(self) -> str:
        head = "\n".join(f"  {k}: {v}" for k, v in self.settings.items())
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            body = self.summary().to_string(index=False)
        return f"<{self._title}>\n{head}\n{body}"

    def _repr_html_(self) -> str:
        items = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
            f"{html.escape(v)}</td></tr>"
            for k, v in self.settings.items()
        )
        return (f"<div><h4>{html.escape(self._title)}</h4><table>{items}</table>"
                f"{self.summary().to_html(index=False, na_rep='')}</div>")


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones, tuples or lists: turn them into text."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            out[col] = values.dt.tz_localize(None)
        elif values.dtype == object and values.map(lambda v: isinstance(v, (tuple, list, dict))).any():
            out[col] = values.map(str)
    return out


def plot_args(kind: Any, ax: Any, default: str | None) -> tuple[Any, Any]:
    """``(kind, ax)`` of ``plot(kind=None, ax=None)``: None means the default kind.

    Every result's ``plot`` takes ``kind`` first and ``ax`` second. Before release 0.3 the
    results with one kind took ``plot(ax)``; an Axes passed where ``kind`` now stands is
    still read as ``ax``.
    """
    if ax is None and hasattr(kind, "figure") and hasattr(kind, "plot"):
        return default, kind
    if default is None and kind is not None:
        raise arg_error("kind", "None (this result has one plot)", kind)
    return (default if kind is None else kind), ax


def as_figure(drawn: Any):
    """The matplotlib Figure behind an Axes, an array of Axes or a Figure."""
    if hasattr(drawn, "savefig"):
        return drawn
    if hasattr(drawn, "figure"):
        return drawn.figure
    return next(iter(getattr(drawn, "flat", drawn))).figure


class GroupFitsMixin:
    """For results with ``fits`` (one row of fit statistics per segment) and ``by``."""

    def _fit_stat(self, name: str):
        """A fit statistic: a float without ``by``, a Series by segment with it."""
        if not self.by:
            return float(self.fits[name].iloc[0])
        return self.fits.set_index(list(self.by))[name]

    def _fits_text(self, name: str) -> str:
        """``0.646`` or ``VIP 0.648; gold 0.669; ordinary 0.638``."""
        if not self.by:
            return f"{self._fit_stat(name):.3f}"
        return "; ".join(f"{' / '.join(str(row[k]) for k in self.by)} {row[name]:.3f}"
                         for _, row in self.fits.iterrows())
