"""What a control chart says about its own thin spots: points too small for the limits, limits from one wave.

* **the normal approximation**: the 3-sigma limits of a p-chart treat a wave's share as
  normal, which the common textbook rule accepts when ``n p >= 5`` and ``n (1 - p) >= 5``
  at the centre line p (one of the rules compared by Emura & Lin 2015). A point below it is
  charted with that said in ``note``. For NPS the rule is applied to the pooled promoter
  share and to the pooled detractor share (the score is their difference). n is Kish's
  n_eff with weights. Means (X-bar charts) have no such rule.
* **limits from one wave**: a segment whose baseline holds one wave with rows has its
  limits from that wave alone, so that wave sits on its own centre line and cannot signal;
  phase I needs several waves (Montgomery 2009 suggests 20 to 25 preliminary samples).
* **min_n**: points from fewer rows than ``min_n`` are not charted at all (as in
  :func:`~cxresearch.tracking.kpi`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.warn import warn
from cxresearch.errors import ThinDataWarning

RULE = 5.0  # expected answers on each side of the centre line


def centre_shares(sums: dict, kind: str, base: np.ndarray, usable: np.ndarray, G: int, T: int) -> list[np.ndarray]:
    """Per cell, the pooled baseline shares the rule is applied to: p (p-chart) or p and d (NPS); [] for means."""
    if kind == "mean":
        return []
    b = base[None, :] & usable.reshape(G, T)

    def pooled(name: str) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(b, sums[name].reshape(G, T), 0).sum(axis=1) / np.where(b, sums["sw"].reshape(G, T),
                                                                                     0).sum(axis=1)
        return np.repeat(share, T)

    return [pooled("promoters"), pooled("detractors")] if kind == "nps" else [pooled("hits")]


def rough_points(n_eff: np.ndarray, shares: list[np.ndarray], kind: str, charted: np.ndarray) -> list[str]:
    """Per cell the note of a point below the rule ("" when it passes, has no limits or is not charted)."""
    notes = [""] * len(n_eff)
    if not shares:
        return notes
    names = ("promoters", "detractors") if kind == "nps" else ("",)
    for i in np.flatnonzero(charted):
        parts = []
        for name, share in zip(names, shares):
            s = share[i]
            if not np.isfinite(s):
                continue
            low = min(n_eff[i] * s, n_eff[i] * (1 - s))
            if low < RULE:
                parts.append(f"n p = {n_eff[i] * s:.1f}, n (1 - p) = {n_eff[i] * (1 - s):.1f}"
                             + (f" for the {name}" if name else ""))
        if parts:
            notes[i] = (f"few answers for the limits: {'; '.join(parts)} (below {RULE:g}): the 3-sigma limits rest "
                        "on a normal approximation that is rough here; read a signal at this point with care")
    return notes


def one_wave_segments(base: np.ndarray, usable: np.ndarray, waves: list, time, G: int, T: int) -> list[str]:
    """Per cell with rows, the note of a segment whose limits come from one baseline wave."""
    b = base[None, :] & usable.reshape(G, T)
    notes = []
    for g in range(G):
        text = ""
        if b[g].sum() == 1:
            wave = waves[int(np.flatnonzero(b[g])[0])]
            text = (f"limits from one wave ({time} {wave}) only: that wave sets its own centre line and cannot "
                    "signal; phase I needs several baseline waves (Montgomery 2009: 20 to 25)")
        notes.extend(text if usable[g * T + t] else "" for t in range(T))
    return notes


def joined(*columns) -> list[str]:
    """Notes of each cell joined with '; ' (empty ones left out)."""
    return ["; ".join(p for p in parts if p) for parts in zip(*columns)]


def warn_thin(table: pd.DataFrame, keys: list, time: str, rough: list[str], single: list[str], thin: np.ndarray,
              min_n: int) -> None:
    """One ThinDataWarning naming the points not charted, the rough points and the one-wave segments."""
    def where(i: int) -> str:
        row = table.loc[i]
        return " / ".join([str(row[k]) for k in keys] + [f"{time} {row[time]}"]) + f" (n = {int(row['n'])})"

    parts = []
    for what, mask in ((f"fewer than min_n = {min_n} rows, not charted", thin),
                       (f"too few answers for the normal approximation (n p or n (1 - p) below {RULE:g})",
                        np.array([bool(t) for t in rough])),):
        idx = np.flatnonzero(mask)
        if len(idx):
            parts.append(f"{len(idx)} point(s) with {what}: " + "; ".join(where(i) for i in idx[:5])
                         + ("; ..." if len(idx) > 5 else ""))
    segs = list(dict.fromkeys(" / ".join(str(table.loc[i, k]) for k in keys) or "all rows"
                              for i, s in enumerate(single) if s))
    if segs:
        parts.append("Limits from one baseline wave only in " + ", ".join(segs[:5]) + (" ..." if len(segs) > 5
                                                                                      else ""))
    if parts:
        warn("control_chart: " + ". ".join(parts) + ". See the `note` column.", ThinDataWarning)
