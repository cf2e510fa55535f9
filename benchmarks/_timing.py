"""The one timing helper the benchmark scripts share (they run from the repo root)."""

from __future__ import annotations

import time


def timed(fn, repeat: int = 3):
    """Best wall time of ``repeat`` calls of ``fn`` (seconds) and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out
