"""``Moments``: what the rating models need from the rows, per group, made once by any dataframe engine."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error
from cxresearch._core.sums import Sums

__all__ = ["BandSpec", "Moments", "band_column", "product_column"]


def band_column(attribute: str, kind: str) -> str:
    """Name of the dummy column of an attribute's ``"low"`` or ``"high"`` band in a ``Moments`` object."""
    return f"{attribute}:{kind}"


def product_column(a: str, b: str) -> str:
    """Name of the column holding the product of two columns in a ``Moments`` object."""
    return f"{a}*{b}"


@dataclass(frozen=True)
class BandSpec:
    """The rating bands of penalty-reward, fixed when the moments were made."""

    attributes: tuple[str, ...]
    low: object
    high: object
    low_text: str
    high_text: str
    scale: tuple[float, float]
    scale_source: str


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Moments:
    """Per group: complete rows, weight sums, means and centred cross-products of rating columns.

    Made by :func:`cxresearch.satisfaction.moments`; accepted in place of ``data`` by
    :func:`~cxresearch.satisfaction.drivers`, :func:`~cxresearch.satisfaction.importance_performance`,
    :func:`~cxresearch.satisfaction.penalty_reward` and :func:`~cxresearch.satisfaction.disconfirmation`,
    which then give the same tables as from the rows.

    Attributes
    ----------
    columns : tuple of str
        The columns, in order: those asked for, then the band dummies (``"<attribute>:low"``,
        ``"<attribute>:high"``) and products (``"<a>*<b>"``) when requested.
    by : tuple of str
        The segment columns (empty without segments).
    keys : tuple of tuple
        The groups' ``by`` values, sorted (``((),)`` without segments).
    n_rows, n, n_zero_weight : numpy.ndarray of int, shape (groups,)
        Rows of each group, the complete rows used (every column present, weight > 0), and
        the complete rows left out for a weight of 0.
    sum_w, sum_w2 : numpy.ndarray, shape (groups,)
        Sum of the weights and of the squared weights of the rows used (both ``n`` unweighted);
        Kish's effective sample size is ``n_eff = sum_w**2 / sum_w2``.
    mean : numpy.ndarray, shape (groups, columns)
        (Weighted) means over the rows used.
    cross : numpy.ndarray, shape (groups, columns, columns)
        Centred (weighted) cross-products ``sum w (x - mean)(x - mean)'`` over the rows used.
    missing : numpy.ndarray of int, shape (groups, columns)
        Rows of each group where the column is missing (after ``missing_codes``).
    rows : RowAccount
        Rows in, used, and why the rest were not (segment missing, a value missing, weight
        zero); ``rows.recoded`` counts the answers turned missing per column.
    weights : str or None
        The weights column.
    missing_codes : tuple
        The codes turned missing before anything else.
    minimum, maximum : numpy.ndarray or None
        Smallest and largest value of each column over all rows (after ``missing_codes``), for
        the declared-scale and binary-outcome checks; None when the engine did not report them.
    bands : BandSpec or None
        The penalty-reward bands, when ``bands=`` was given.
    engine : str
        Where the sums were computed ("pandas", or the engine's name).

    See Also
    --------
    cxresearch.satisfaction.moments : makes this object.
    cxresearch.satisfaction.drivers : accepts it in place of ``data``.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> m = cx.satisfaction.moments(df, ["overall", "short_waiting_time_experience"])
    >>> print(m.rows)
    2,000 respondents in, 2,000 used
    >>> m.correlation().round(3)
                                   overall  short_waiting_time_experience
    overall                          1.000                          0.477
    short_waiting_time_experience    0.477                          1.000
    """

    columns: tuple[str, ...]
    by: tuple[str, ...] = ()
    keys: tuple[tuple, ...]
    n_rows: np.ndarray
    n: np.ndarray
    n_zero_weight: np.ndarray
    sum_w: np.ndarray
    sum_w2: np.ndarray
    mean: np.ndarray
    cross: np.ndarray
    missing: np.ndarray
    rows: RowAccount
    weights: str | None = None
    missing_codes: tuple = ()
    minimum: np.ndarray | None = None
    maximum: np.ndarray | None = None
    bands: BandSpec | None = None
    engine: str = "pandas"

    @property
    def n_eff(self) -> np.ndarray:
        """Kish's effective sample size per group (``n`` without weights)."""
        if self.weights is None:
            return self.n.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.sum_w**2 / self.sum_w2

    def group_rows(self, group: int = 0) -> RowAccount:
        """The row accounting of one group (by position in ``keys``)."""
        zero = int(self.n_zero_weight[group])
        missing = int(self.n_rows[group] - self.n[group]) - zero
        excluded = {k: v for k, v in (("a value missing", missing), ("weight zero", zero)) if v}
        return RowAccount(int(self.n_rows[group]), int(self.n[group]), excluded, unit=self.rows.unit)

    def sums(self, group: int = 0, columns=None) -> Sums:
        """The statistics of one group (by position in ``keys``), for some or all columns."""
        s = Sums(self.columns, int(self.n[group]), float(self.sum_w[group]), float(self.sum_w2[group]),
                 self.mean[group], self.cross[group], self.weights is not None)
        return s if columns is None else s.take(list(columns))

    def _frame(self, matrix: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(matrix, index=list(self.columns), columns=list(self.columns))

    def _group(self, group) -> int:
        if group is None:
            return 0
        key = group if isinstance(group, tuple) else (group,)
        if key not in self.keys:
            raise arg_error("group", f"one of the groups {list(self.keys)}", group)
        return self.keys.index(key)

    def covariance(self, group=None) -> pd.DataFrame:
        """The (weighted) covariance matrix of one group (the first without ``group``).

        The divisor is ``sum_w - sum_w2 / sum_w`` (``n - 1`` without weights, as pandas'
        ``DataFrame.cov``; the unbiased form for reliability weights otherwise).
        """
        g = self._group(group)
        return self._frame(self.cross[g] / (self.sum_w[g] - self.sum_w2[g] / self.sum_w[g]))

    def correlation(self, group=None) -> pd.DataFrame:
        """The (weighted) correlation matrix of one group (the first without ``group``)."""
        return self._frame(self.sums(self._group(group)).correlation())

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per group and column: the ``by`` values, ``column``, ``n`` (complete rows used),
        ``sum_w`` and ``n_eff`` (with weights), ``mean``, ``sd`` (divisor as in :meth:`covariance`)
        and ``missing`` (rows of the group where the column is missing)."""
        G, p = self.mean.shape
        parts = {k: np.repeat([key[i] for key in self.keys], p) for i, k in enumerate(self.by)}
        parts["column"] = np.tile(np.array(self.columns, dtype=object), G)
        parts["n"] = np.repeat(self.n, p)
        if self.weights is not None:
            parts["sum_w"] = np.repeat(self.sum_w, p)
            parts["n_eff"] = np.repeat(self.n_eff, p)
        parts["mean"] = self.mean.ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            div = (self.sum_w - self.sum_w2 / self.sum_w)[:, None]
            parts["sd"] = np.sqrt(np.diagonal(self.cross, axis1=1, axis2=2) / div).ravel()
        parts["missing"] = self.missing.ravel()
        return pd.DataFrame(parts)

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy)."""
        return self.table.copy()

    @property
    def settings(self) -> dict[str, str]:
        """What the moments hold, in words."""
        out = {"columns": ", ".join(self.columns), "groups": f"{len(self.keys)}" + (
            f" (by {', '.join(map(str, self.by))})" if self.by else ""),
            "weights": f"{self.weights!r} (sampling weights; Kish n_eff)" if self.weights else "none",
            "engine": self.engine}
        if self.missing_codes:
            out["missing codes"] = ", ".join(map(repr, self.missing_codes))
        if self.bands is not None:
            b = self.bands
            out["bands"] = f"low {b.low_text}, high {b.high_text} (scale {b.scale[0]:g}-{b.scale[1]:g}, " \
                           f"{b.scale_source})"
        out["rows"] = str(self.rows)
        return out

    def __repr__(self) -> str:
        head = "\n".join(f"  {k}: {v}" for k, v in self.settings.items())
        with pd.option_context("display.width", 120, "display.max_columns", 20, "display.max_rows", 40):
            body = self.table.round(3).to_string()
        return f"<Moments>\n{head}\n{body}"

    def _repr_html_(self) -> str:
        items = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
                        f"{html.escape(v)}</td></tr>" for k, v in self.settings.items())
        return (f"<div><h4>Moments</h4><table>{items}</table>"
                f"{self.table.round(3).to_html(index=False, na_rep='', max_rows=60)}</div>")
