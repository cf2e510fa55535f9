"""What every result object shares: text and HTML representations, ``to_frame``."""

from __future__ import annotations

import html

import pandas as pd


class ResultMixin:
    """Mixin for frozen result dataclasses with ``table``, ``summary()`` and ``_settings()``."""

    _title = "Result"

    def _settings(self) -> dict[str, str]:  # pragma: no cover - overridden
        return {}

    def summary(self) -> pd.DataFrame:  # pragma: no cover - overridden
        return self.table

    def to_frame(self) -> pd.DataFrame:
        """The full result table (a copy)."""
        return self.table.copy()

    def __repr__(self) -> str:
        head = "\n".join(f"  {k}: {v}" for k, v in self._settings().items())
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            body = self.summary().to_string()
        return f"<{self._title}>\n{head}\n{body}"

    def _repr_html_(self) -> str:
        items = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
            f"{html.escape(v)}</td></tr>"
            for k, v in self._settings().items()
        )
        return (
            f"<div><h4>{html.escape(self._title)}</h4><table>{items}</table>"
            f"{self.summary().to_html(index=False, na_rep='')}</div>"
        )


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

