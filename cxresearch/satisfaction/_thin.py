"""Segments too thin to estimate: said in the table and in one warning, never hidden.

With ``by=``, :func:`~cxresearch._core.rating_rows.prepare_groups` sets aside a segment
whose usable rows cannot carry its model (the rule of
:func:`~cxresearch._core.rating_rows.thin_reason`: more than ``parameters + 1`` rows
needed) and counts its rows. The models keep such a segment in their table with missing
estimates and the reason in ``note``; a segment with fewer than 10 usable rows per parameter
is estimated, with that said in ``note``. One :class:`~cxresearch.errors.ThinDataWarning`
names them all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.warn import warn
from cxresearch.errors import ThinDataWarning
from cxresearch._core.rating_rows import thin_warning
from cxresearch._core.ratings import segment_name

__all__ = ["fill_not_estimable", "segment_name", "warn_segments", "thin_note"]


def thin_note(n: int, parameters: int) -> str:
    """The note of an estimable segment: empty, or "fewer than 10 usable rows per parameter"."""
    return thin_warning(n, parameters) or ""


def warn_segments(keys: list, notes: list[tuple[tuple, str, bool]], what: str, column: str = "note") -> None:
    """One ThinDataWarning naming the segments not estimated and those estimated on thin data.

    ``notes`` holds ``(key, note, estimated)`` for the segments with a note.
    """
    if not keys:
        return
    refused = [f"{segment_name(keys, k)} ({n})" for k, n, done in notes if not done and n]
    thin = [f"{segment_name(keys, k)} ({n})" for k, n, done in notes if done and n]
    parts = []
    if refused:
        parts.append(f"segments not estimated (kept in the table with missing estimates and the reason in `{column}`): "
                     + "; ".join(refused))
    if thin:
        parts.append("segments estimated on thin data: " + "; ".join(thin))
    if parts:
        warn(f"{what}: " + ". ".join(parts) + ".", ThinDataWarning)


def fill_not_estimable(tables: list, fits: list, keys: list, attributes) -> list:
    """The table rows of the segments not estimated: every attribute, missing estimates, the reason in ``note``."""
    like = next(t for t in tables if t is not None)
    attrs = [attributes] if isinstance(attributes, str) else list(attributes)
    out = []
    for table, fit in zip(tables, fits):
        if table is None:
            table = pd.DataFrame({c: np.nan for c in like.columns}, index=range(len(attrs)))
            table["attribute"] = np.array(attrs, dtype=object)
            for k in keys:
                table[k] = [fit[k]] * len(attrs)
            table["note"] = fit["note"]
        out.append(table)
    return out
