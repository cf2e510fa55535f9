"""Segments of :func:`~cxresearch.tracking.recovery` too thin to analyse: kept with their counts, said, not tested.

A segment (or, without ``by``, the data) with fewer usable customers than ``min_n`` keeps
its rows in ``table``, ``funnel`` and ``tests`` with its counts, and the reason in
``note`` (``verdict`` in ``tests``); its shares, outcomes, intervals and tests are missing,
its customers are counted as left out, and one
:class:`~cxresearch.errors.ThinDataWarning` names it (as :func:`~cxresearch.tracking.kpi`
does for thin cells).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.ratings import segment_name
from cxresearch._core.warn import warn
from cxresearch.errors import ThinDataWarning

THIN = "in a thin segment (n < min_n)"
COUNTS = ("customers", "with_problem", "complained", "recovered")  # funnel columns kept for a thin segment


def thin_segments(sums: dict, min_n: int) -> np.ndarray:
    """Per segment the note of a thin one ("" for a segment analysed, or one without customers)."""
    n = sums["n"].sum(axis=1)
    return np.array([f"thin segment: {int(v)} customer{'s' if v != 1 else ''} < min_n = {min_n}, not analysed"
                     if 0 < v < min_n else "" for v in n], dtype=object)


def blank(stats: dict, thin: np.ndarray, keep: tuple) -> dict:
    """The statistics with the entries of thin rows set missing, except the columns in ``keep``."""
    hit = thin != ""
    if not hit.any():
        return stats
    return {k: v if k in keep else np.where(hit, np.nan, np.asarray(v, dtype=float)) for k, v in stats.items()}


def warn_thin(labels: pd.DataFrame, keys: list, thin: np.ndarray, sums: dict, min_n: int) -> None:
    """One ThinDataWarning naming the thin segments and their sizes."""
    idx = np.flatnonzero(thin != "")
    if not len(idx):
        return
    n = sums["n"].sum(axis=1)
    named = [f"{segment_name(keys, tuple(labels.iloc[i])) if keys else 'all rows'} ({int(n[i])} customers)"
             for i in idx[:5]]
    warn(f"recovery: {len(idx)} segment(s) with fewer than min_n = {min_n} customers are not analysed (no shares, "
         f"outcomes or tests; kept with their counts and a note): {'; '.join(named)}"
         f"{'; ...' if len(idx) > 5 else ''}. Their customers are counted in result.rows; lower `min_n` to "
         "analyse them anyway.", ThinDataWarning)
