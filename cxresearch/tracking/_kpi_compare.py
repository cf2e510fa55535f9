"""Changes between consecutive waves (per segment) and gaps between segments (per wave), tested as one family."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from cxresearch._core.stats import adjust_pvalues
from cxresearch.tracking._kpi_stats import difference

TESTS = ["difference", "se", "ci_low", "ci_high", "statistic", "p_value", "p_adjusted", "significant", "note"]


def segment_text(labels: pd.DataFrame) -> list[str]:
    """Each segment as text: ``'gold'``, ``'gold / north'`` (``'all'`` without segments)."""
    if labels.shape[1] == 0:
        return ["all"] * len(labels)
    return [" / ".join(map(str, row)) for row in labels.itertuples(index=False, name=None)]


def compare(table: pd.DataFrame, cells, est: dict, kind: str, time, confidence: float, p_adjust: str
            ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The ``changes`` table (with waves) and the ``gaps`` table (with segments); None where there is none."""
    T, G = len(cells.waves), len(cells.labels)
    notes = table["note"].to_numpy()
    changes = gaps = None
    if time is not None and T > 1:
        seg = np.repeat(np.arange(G), T - 1)
        step = np.tile(np.arange(1, T), G)
        i, j = seg * T + step - 1, seg * T + step
        changes = cells.labels.iloc[seg].reset_index(drop=True)
        waves = pd.Series(cells.waves, dtype=table[time].dtype)
        changes["from_wave"] = waves.iloc[step - 1].to_numpy()
        changes["to_wave"] = waves.iloc[step].to_numpy()
        changes["from_value"], changes["to_value"] = est["estimate"][i], est["estimate"][j]
        _tests(changes, difference(est, est, i, j, kind, confidence), notes[i], notes[j], ("from", "to"))
    if G > 1:
        pairs = np.array(list(combinations(range(G), 2)), dtype=np.intp)
        a = np.repeat(pairs[:, 0], T)
        b = np.repeat(pairs[:, 1], T)
        t = np.tile(np.arange(T), len(pairs))
        i, j = a * T + t, b * T + t
        names = np.array(segment_text(cells.labels), dtype=object)
        gaps = pd.DataFrame({time: pd.Series(cells.waves, dtype=table[time].dtype).iloc[t].to_numpy()}
                            if time is not None else {})
        gaps["segment"], gaps["versus"] = names[a], names[b]
        gaps["segment_value"], gaps["versus_value"] = est["estimate"][i], est["estimate"][j]
        _tests(gaps, difference(est, est, j, i, kind, confidence), notes[i], notes[j], ("segment", "versus"))
    changes, gaps = _adjust([changes, gaps], p_adjust, confidence)
    return changes, gaps


def _tests(frame: pd.DataFrame, d: dict, note_a: np.ndarray, note_b: np.ndarray, sides: tuple[str, str]) -> None:
    for name, values in d.items():
        frame[name] = values
    frame["note"] = [("; ".join(f"{side}: {n}" for side, n in zip(sides, pair) if n)) for pair in zip(note_a, note_b)]
    frame.loc[frame["note"].eq("") & frame["difference"].notna() & frame["p_value"].isna(), "note"] = \
        "no sampling variation in either cell"


def _adjust(frames: list, method: str, confidence: float) -> list:
    """Adjust the p-values of every comparison together (one family) and mark the significant ones."""
    given = [f for f in frames if f is not None]
    if not given:
        return frames
    p = adjust_pvalues(np.concatenate([f["p_value"].to_numpy(dtype=float) for f in given]), method)
    out, start = [], 0
    for f in frames:
        if f is None:
            out.append(None)
            continue
        f["p_adjusted"] = p[start:start + len(f)]
        f["significant"] = f["p_adjusted"] < 1 - confidence
        start += len(f)
        out.append(f[[c for c in f.columns if c not in TESTS] + TESTS])
    return out
