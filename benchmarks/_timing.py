"""The timing helpers the benchmark scripts share (they run from the repo root)."""

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


def timed_pair(fn, base, repeat: int = 5) -> tuple[float, float]:
    """Best wall times of ``fn`` and ``base``, each called once to warm up, then ``repeat`` times in turn.

    Taking turns gives both the same machine: a background task (another process, the kernel
    writing a file just made) slows both alike instead of whichever happens to run first.
    """
    fn(), base()
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for k, f in enumerate((fn, base)):
            t0 = time.perf_counter()
            f()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best[0], best[1]


def blas_threads(limit: int | None) -> str:
    """Apply a BLAS thread limit (if given) and say what is in force."""
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return "BLAS threads: library default (threadpoolctl absent" + ("; limit ignored)" if limit else ")")
    if limit:
        threadpool_limits(limits=limit, user_api="blas")  # stays in force for the whole run
    info = [f"{i['internal_api']} {i['num_threads']}" for i in threadpool_info() if i["user_api"] == "blas"]
    return f"BLAS threads: {', '.join(info) or 'unknown'}"
