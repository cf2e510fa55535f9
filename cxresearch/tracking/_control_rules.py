"""The run rules of a control chart (Western Electric 1956; Nelson 1984), vectorised over a chart's points.

Each rule reads the standardised distances ``z = (value - centre) / sigma`` of one chart's
points in wave order (points without an estimate skipped) and flags the point that completes
the pattern. Limits that vary with each wave's n are handled by working on ``z``.
"""

from __future__ import annotations

import numpy as np

RULES = {
    "3sigma": "one point beyond 3 sigma (Western Electric 1, Nelson 1)",
    "2of3": "2 of 3 points in a row beyond 2 sigma on one side (Western Electric 2, Nelson 5)",
    "4of5": "4 of 5 points in a row beyond 1 sigma on one side (Western Electric 3, Nelson 6)",
    "8side": "8 points in a row on one side of the centre line (Western Electric 4; Nelson 2 counts 9)",
    "6trend": "6 points in a row steadily rising or falling (Nelson 3)",
}


def _window_count(hit: np.ndarray, k: int) -> np.ndarray:
    """How many of the ``k`` points ending at each point (fewer at the start) are hits."""
    c = np.concatenate([[0], np.cumsum(hit)])
    idx = np.arange(1, len(hit) + 1)
    return c[idx] - c[np.maximum(idx - k, 0)]


def _k_of_m(z: np.ndarray, limit: float, k: int, m: int) -> np.ndarray:
    """The point is beyond ``limit`` and at least ``k`` of the last ``m`` points are beyond it on its side."""
    up, down = z > limit, z < -limit
    return (up & (_window_count(up, m) >= k)) | (down & (_window_count(down, m) >= k))


def _run(flags: np.ndarray, length: int) -> np.ndarray:
    """The point ends a run of at least ``length`` consecutive true flags."""
    return _window_count(flags, length) >= length


def flag(z: np.ndarray, values: np.ndarray, rules: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Per rule, which points it flags (False where a point has no estimate)."""
    ok = np.isfinite(z)
    zz, vv = z[ok], values[ok]
    out = {}
    for rule in rules:
        if rule == "3sigma":
            hit = np.abs(zz) > 3
        elif rule == "2of3":
            hit = _k_of_m(zz, 2.0, 2, 3)
        elif rule == "4of5":
            hit = _k_of_m(zz, 1.0, 4, 5)
        elif rule == "8side":
            hit = _run(zz > 0, 8) | _run(zz < 0, 8)
        else:  # 6trend: 5 rises (or falls) in a row make 6 points
            step = np.diff(vv, prepend=np.nan)
            hit = _run(step > 0, 5) | _run(step < 0, 5)
        full = np.zeros(len(z), dtype=bool)
        full[ok] = hit
        out[rule] = full
    return out
