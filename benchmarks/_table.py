"""One table for every benchmark: each script records its rows here and ``make bench`` prints them.

A row says what was timed (``work``, ``size``), how long cxresearch took, what it was set against
(``against``: a peer package, what a competent user would write, or the physical floor such as one
``np.bincount``) and how long that took in the same process on the same data, the ratio, whether
the two agree (``agreement``: the largest absolute difference, or a word), memory per row and the
growth exponent between the two largest sizes. The machine's load average is stored with each row,
because on a shared 2-core machine a ratio means little without it.

Rows go to the JSON-lines file named by ``CX_BENCH_TABLE`` (``benchmarks/results.jsonl`` by
default); ``python benchmarks/_table.py`` prints them as one Markdown table.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILE = Path(os.environ.get("CX_BENCH_TABLE", HERE / "results.jsonl"))
COLUMNS = ["script", "work", "size", "cxresearch_s", "against", "against_s", "ratio", "agreement",
           "bytes_per_row", "growth", "load"]


def growth(sizes: list[float], seconds: list[float]) -> float:
    """Exponent b in time ~ size**b between the two largest sizes (1 is linear)."""
    (n1, t1), (n2, t2) = sorted(zip(sizes, seconds))[-2:]
    return math.log(t2 / t1) / math.log(n2 / n1)


def peak_bytes(fn) -> tuple[int, object]:
    """Peak of ``tracemalloc``'s traced memory while ``fn()`` runs, over what was traced before, and its result.

    numpy registers its buffers with tracemalloc, so this is the extra memory a numpy/pandas
    call needs (Arrow's own memory pool is not seen). Divide by the rows for bytes per row.
    """
    import tracemalloc

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    try:
        out = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return peak, out


def record(work: str, size: str, ours: float, against: str, theirs: float | None = None, *,
           agreement: str | float = "", bytes_per_row: float | None = None, growth: float | None = None,
           note: str = "") -> None:
    """Append one row (``theirs`` None when the comparison is a goal, not a timed baseline)."""
    row = {"script": Path(sys.argv[0]).stem, "work": work, "size": size, "cxresearch_s": round(ours, 4),
           "against": against, "against_s": None if theirs is None else round(theirs, 4),
           "ratio": None if not theirs else round(ours / theirs, 2),
           "agreement": agreement if isinstance(agreement, str) else f"{agreement:.1e}",
           "bytes_per_row": None if bytes_per_row is None else round(bytes_per_row, 1),
           "growth": None if growth is None else round(growth, 2), "load": round(os.getloadavg()[0], 2),
           "note": note}
    with FILE.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


def _cell(value) -> str:
    return "" if value is None else str(value)


def main() -> None:
    if not FILE.exists():
        sys.exit(f"no benchmark rows in {FILE}; run the benchmarks first (make bench)")
    rows = [json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for r in rows:
        print("| " + " | ".join(_cell(r.get(c)) for c in COLUMNS) + " |")
    loads = [r["load"] for r in rows if r.get("load") is not None]
    print(f"\n{len(rows)} rows; ratio = cxresearch / against (below 1: cxresearch is faster); growth = exponent b "
          f"in time ~ size**b between the two largest sizes; cores: {os.cpu_count()}; load average "
          f"{min(loads, default=0):.2f}-{max(loads, default=0):.2f} while measuring")
    notes = {}
    for r in rows:
        if r.get("note"):
            notes.setdefault(r["note"], []).append(f"{r['script']}: {r['work']}")
    for note, where in notes.items():
        print(f"- {note} ({'; '.join(dict.fromkeys(where))})")


if __name__ == "__main__":
    main()
