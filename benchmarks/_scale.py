"""Helpers of ``bench_scale.py``: its seeded Parquet data, and the peak-memory meter.

The data are written in chunks (never more than 1M rows in memory; pyarrow ``ParquetWriter``,
zstd, text columns dictionary-encoded). The files carry their row count and seed in the
schema metadata, so a later run reuses them.
"""

from __future__ import annotations

import resource
import threading
import time
from pathlib import Path

import numpy as np

N_ATTR, N_WAVES, SEGMENTS, SEG_P = 10, 10, ["north", "south", "online"], [.5, .3, .2]
CATS = ["A", "O", "M", "I", "R", "Q"]
LABELS = ["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it"]
STANDARD = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
RATING_COLS = ["overall", *[f"a{j:02d}" for j in range(10)]]
SEED = 2026


# --- data -------------------------------------------------------------------------------------------------------
def category_probs(a: int, w: int, s: int) -> np.ndarray:
    """Category distribution (A O M I R Q) of attribute a in wave w (0-based) and segment s."""
    x = w / (N_WAVES - 1)
    if a % 3 == 0:  # gradual drift towards must-be, faster online
        x = min(1.0, x * (1.4 if s == 2 else 1.0))
        p = [.5 - .3 * x, .2 + .05 * x, .1 + .25 * x, .15, .03, .02]
    elif a % 3 == 1:  # a step half-way
        p = [.5, .15, .1, .2, .03, .02] if w < N_WAVES // 2 else [.15, .2, .45, .15, .03, .02]
    else:
        p = [.3 + .02 * s, .3, .2, .15 - .02 * s, .03, .02]
    return np.asarray(p) / np.sum(p)


def pair_table() -> tuple[np.ndarray, np.ndarray]:
    """For each category, the (functional, dysfunctional) answer indices that code to it."""
    pairs = [[(i, j) for i in range(5) for j in range(5) if STANDARD[i][j] == c] for c in CATS]
    table = np.zeros((6, 9, 2), dtype=np.int8)
    for c, ps in enumerate(pairs):
        table[c, :len(ps)] = ps
    return table, np.array([len(ps) for ps in pairs])


def write_kano(path: Path, rows: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    per_wave = rows // (N_ATTR * N_WAVES)
    block = min(100_000, per_wave)
    rng, (pairs, n_pairs) = np.random.default_rng(SEED), pair_table()
    dict_type = pa.dictionary(pa.int8(), pa.string())
    schema = pa.schema([("respondent", pa.int64()), ("wave", pa.int16()), ("segment", dict_type),
                        ("attribute", dict_type), ("functional", dict_type), ("dysfunctional", dict_type)],
                       metadata={"cx_rows": str(rows), "cx_seed": str(SEED)})
    names = pa.array([f"att{a:02d}" for a in range(N_ATTR)])
    labels, segs = pa.array(LABELS), pa.array(SEGMENTS)
    probs = np.array([[[category_probs(a, w, s) for s in range(3)] for w in range(N_WAVES)] for a in range(N_ATTR)])
    cum = np.cumsum(probs, axis=-1)
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for b0 in range(0, per_wave, block):
            m = min(block, per_wave - b0)
            for w in range(N_WAVES):
                seg = rng.choice(3, m, p=SEG_P)
                resp = (w * per_wave + b0 + np.arange(m)).astype(np.int64)
                u = rng.random((m, N_ATTR))
                cat = (u[:, :, None] > cum[:, w][:, seg].transpose(1, 0, 2)).sum(axis=2)
                cat = np.minimum(cat, 5).ravel()
                pick = (rng.random(cat.size) * n_pairs[cat]).astype(np.int64)
                f, d = pairs[cat, pick, 0], pairs[cat, pick, 1]
                missing = rng.random(cat.size) < 0.01
                writer.write_table(pa.table({
                    "respondent": np.repeat(resp, N_ATTR), "wave": np.full(m * N_ATTR, w + 1, dtype=np.int16),
                    "segment": pa.DictionaryArray.from_arrays(np.repeat(seg, N_ATTR).astype(np.int8), segs),
                    "attribute": pa.DictionaryArray.from_arrays(np.tile(np.arange(N_ATTR, dtype=np.int8), m), names),
                    "functional": pa.DictionaryArray.from_arrays(f, labels),
                    "dysfunctional": pa.DictionaryArray.from_arrays(pa.array(d, mask=missing), labels),
                }, schema=schema))


def write_ratings(path: Path, rows: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(SEED + 1)
    weights = np.linspace(0.4, 0.05, 10)
    schema = pa.schema([("respondent", pa.int64()), ("segment", pa.dictionary(pa.int8(), pa.string())),
                        *[(c, pa.int8()) for c in RATING_COLS]],
                       metadata={"cx_rows": str(rows), "cx_seed": str(SEED)})
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for r0 in range(0, rows, 1_000_000):
            m = min(1_000_000, rows - r0)
            X = np.clip(np.rint(3.3 + 0.6 * rng.normal(size=(m, 1)) + rng.normal(size=(m, 10))), 1, 5)
            y = np.clip(np.rint(2 + X @ weights + rng.normal(size=m)), 1, 10)
            cols = {"respondent": np.arange(r0, r0 + m, dtype=np.int64),
                    "segment": pa.DictionaryArray.from_arrays(rng.choice(3, m, p=SEG_P).astype(np.int8),
                                                              pa.array(SEGMENTS))}
            for c, v in zip(RATING_COLS, [y, *X.T]):
                cols[c] = pa.array(v.astype(np.int8), mask=rng.random(m) < 0.002)
            writer.write_table(pa.table(cols, schema=schema))


def ensure_data(path: Path, rows: int, writer) -> dict:
    import pyarrow.parquet as pq

    if path.exists():
        meta = pq.read_schema(path).metadata or {}
        if meta.get(b"cx_rows") == str(rows).encode() and meta.get(b"cx_seed") == str(SEED).encode():
            return {"rows": rows, "reused": True, "mb": path.stat().st_size / 1e6}
    t0 = time.perf_counter()
    writer(path, rows)
    return {"rows": rows, "reused": False, "seconds": time.perf_counter() - t0, "mb": path.stat().st_size / 1e6}


class PeakMemory:
    """Peak of the summed RSS of this process and its children, sampled every 50 ms (psutil), plus ru_maxrss."""

    def __init__(self):
        try:
            import psutil
        except ImportError:
            psutil = None
        self.psutil, self.peak, self._stop = psutil, 0, threading.Event()
        self.method = ("psutil: RSS of the process + its children, summed, sampled every 50 ms" if psutil else
                       "resource.getrusage ru_maxrss of the process + the largest child (psutil not installed)")

    def _sample(self):
        me = self.psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except self.psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self):
        if self.psutil:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self.psutil:
            self._thread.join()
        self.ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.ru_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if not self.psutil:
            self.peak = (self.ru_self + self.ru_children) * 2**20
