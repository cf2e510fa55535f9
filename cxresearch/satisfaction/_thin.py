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

from cxresearch._core.accounting import RowAccount
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, ThinDataWarning
from cxresearch._core.rating_rows import THIN_ROWS, thin_reason, thin_warning

__all__ = ["fill_not_estimable", "in_order", "moment_items", "segment_name", "warn_segments", "thin_note"]


def moment_items(groups: list, keys: list, parameters: int, rows: RowAccount) -> tuple[list[tuple], RowAccount]:
    """The groups of a Moments object as ``(key, sums or None, reason or None, rows)``, with the rule of the rows.

    With ``keys``, a segment too thin for ``parameters`` coefficients
    (:func:`~cxresearch._core.rating_rows.thin_reason`) gets no sums and its reason, and
    its rows move from "used" to "in a segment not estimable" in the accounting.
    """
    out, moved = [], 0
    for key, s in groups:
        reason = thin_reason(int(s.n), parameters) if keys else None
        out.append((key, None if reason else s, reason, int(s.n)))
        moved += int(s.n) if reason else 0
    if not moved:
        return out, rows
    if all(s is None for _, s, _, _ in out):
        raise CXInputError("No segment can be estimated: " + "; ".join(
            f"{segment_name(keys, k)} ({why})" for k, _, why, _ in out))
    excluded = {**rows.excluded, THIN_ROWS: rows.excluded.get(THIN_ROWS, 0) + moved}
    return out, RowAccount(rows.n_in, rows.n_used - moved, excluded, unit=rows.unit, recoded=rows.recoded)


def in_order(groups: list, not_estimable: list) -> list[tuple]:
    """``(key, data or None, reason or None, usable rows)`` for every segment, in the order of the segments."""
    out, given = [], iter(groups)
    skipped = {position: rest for position, *rest in not_estimable}
    for position in range(len(groups) + len(not_estimable)):
        if position in skipped:
            key, reason, n = skipped[position]
            out.append((key, None, reason, n))
        else:
            key, data = next(given)
            out.append((key, data, None, len(data.y)))
    return out


def segment_name(keys: list, key: tuple) -> str:
    """``segment = 'VIP'`` (or ``a = 1, b = 'x'``)."""
    return ", ".join(f"{k} = {v!r}" for k, v in zip(keys, key))


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
