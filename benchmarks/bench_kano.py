"""Kano benchmarks: ``code`` + ``analyze`` against the floor (one ``np.bincount`` over the pair codes), and
``evaluate`` against what a competent pandas user writes (a lookup on Categorical codes).

Floor (issue #23, item 2): ``cx.kano.code`` + ``cx.kano.analyze`` on N answer pairs from a wide export of
integer (int8) or Categorical answers, timed against ONE ``np.bincount`` over the pair codes
``attribute * 36 + functional * 6 + dysfunctional`` (an intp array built before the clock starts: the
least work any count table needs). Goal: within 3x, linear growth, under 6 bytes of extra memory per pair.
Two calls are timed: the lean one (``code(..., id_vars=[], respondent=None, keep_answers=False)``: attribute
and category only, no continuous scores) and the default one (respondent column, answer codes, continuous
scores). Each size runs in its own subprocess; memory is the peak of ``tracemalloc`` (numpy registers its
buffers with it) during the call, over the input already in memory: the extra bytes the call needs, divided by
the pairs. Times are the best of 3 calls (the first call in a fresh process also pays the kernel for faulting in
new pages; it is printed too). Agreement: the lean counts against the floor's counts mapped through the
evaluation table, exactly (integers).

Run: ``.venv/bin/python benchmarks/bench_kano.py`` (sizes 10M and 30M pairs, both input kinds);
``--pairs 1e8`` for 100 million pairs on a quiet machine (about 4 GB for the default call);
``--kinds int``; ``--pythonpath /path/to/other/checkout`` to time another version (a before figure).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from _table import growth, peak_bytes, record
from _timing import timed

import cxresearch as cx

CATS = ["A", "O", "M", "I", "R", "Q"]
STANDARD = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
LABELS = np.array(["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it"], dtype=object)
N_ATTR = 20
LEAN = dict(id_vars=[], respondent=None, keep_answers=False)


def wide_export(pairs: int, kind: str, seed: int = 0) -> pd.DataFrame:
    """``pairs / 20`` respondents x 20 attributes, answers 1-5 as int8 or as a Categorical of the labels."""
    rng = np.random.default_rng(seed)
    n = pairs // N_ATTR
    cols = {}
    for j in range(N_ATTR):
        for side in ("f", "d"):
            codes = rng.integers(1, 6, n, dtype=np.int8)
            cols[f"att{j:02d}_{side}"] = codes if kind == "int" else pd.Categorical.from_codes(codes - 1, LABELS)
    return pd.DataFrame(cols)


def pair_codes(wide: pd.DataFrame, kind: str) -> np.ndarray:
    """attribute * 36 + f * 6 + d as one intp array (the floor's input, built outside the clock)."""
    n = len(wide)
    out = np.empty(n * N_ATTR, dtype=np.intp)
    for j in range(N_ATTR):
        f, d = (wide[f"att{j:02d}_{s}"] for s in ("f", "d"))
        f, d = (f.to_numpy(), d.to_numpy()) if kind == "int" else (f.cat.codes.to_numpy() + 1, d.cat.codes.to_numpy() + 1)
        out[j * n:(j + 1) * n] = j * 36 + f.astype(np.intp) * 6 + d
    return out


def floor_counts(raw: np.ndarray) -> np.ndarray:
    """The floor's (attribute, f * 6 + d) counts as attribute x A..Q through the standard table."""
    out = np.zeros((N_ATTR, 6), dtype=np.int64)
    pair = raw.reshape(N_ATTR, 36)
    for i in range(5):
        for j in range(5):
            out[:, CATS.index(STANDARD[i][j])] += pair[:, (i + 1) * 6 + j + 1]
    return out


def one_size(pairs: int, kind: str) -> dict:
    """All figures of one size and input kind (runs in a fresh subprocess)."""
    wide = wide_export(pairs, kind)
    full = lambda: cx.kano.analyze(cx.kano.code(wide))  # noqa: E731
    lean = full  # an older version without the lean options (a before figure): the default call
    if "keep_answers" in inspect.signature(cx.kano.code).parameters:
        lean = lambda: cx.kano.analyze(cx.kano.code(wide, **LEAN))  # noqa: E731
    t0 = time.perf_counter()
    res = lean()
    first = time.perf_counter() - t0
    t_lean, res = timed(lean, 3)
    ours = res.table.set_index("attribute")[CATS].to_numpy(dtype=np.int64)
    mem_lean = peak_bytes(lean)[0]
    t_full, res_full = timed(full, 2)
    same_full = bool((res_full.table[CATS].to_numpy(dtype=np.int64) == ours).all())
    del res_full
    mem_full = peak_bytes(full)[0]
    codes = pair_codes(wide, kind)
    t_floor, raw = timed(lambda: np.bincount(codes, minlength=N_ATTR * 36), 3)
    diff = int(np.abs(floor_counts(raw) - ours).max())
    return dict(pairs=pairs, kind=kind, lean=t_lean, lean_first=first, full=t_full, floor=t_floor,
                mem_lean=mem_lean / pairs, mem_full=mem_full / pairs, diff=diff, same_full=same_full,
                load=os.getloadavg()[0])


def bench_floor(sizes: list[int], kinds: list[str], pythonpath: str | None) -> None:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + os.path.dirname(os.path.abspath(__file__))
    for kind in kinds:
        got = []
        for pairs in sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(pairs), kind], capture_output=True,
                                 text=True, env=env, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            got.append(r)
            print(f"{kind:>8} answers, {pairs:>12,} pairs: code+analyze lean {r['lean']:.3f} s (first call "
                  f"{r['lean_first']:.3f} s), default {r['full']:.3f} s; one np.bincount {r['floor']:.4f} s; "
                  f"ratio lean {r['lean'] / r['floor']:.2f}x, default {r['full'] / r['floor']:.2f}x; extra memory "
                  f"(tracemalloc peak) lean {r['mem_lean']:.2f}, default {r['mem_full']:.2f} bytes/pair; "
                  f"counts vs floor max |diff| {r['diff']}; default = lean counts: {r['same_full']}; "
                  f"load {r['load']:.2f}", flush=True)
        ns = [r["pairs"] for r in got]
        g_lean = growth(ns, [r["lean"] for r in got]) if len(got) > 1 else None
        g_full = growth(ns, [r["full"] for r in got]) if len(got) > 1 else None
        g_floor = growth(ns, [r["floor"] for r in got]) if len(got) > 1 else None
        if g_lean is not None:
            print(f"growth exponent between {ns[-2]:,} and {ns[-1]:,} pairs: lean {g_lean:.2f}, default "
                  f"{g_full:.2f}, floor {g_floor:.2f} (1 = linear)")
        for r in got:
            big = r is got[-1]
            agree = "counts identical" if r["diff"] == 0 else f"COUNTS DIFFER by {r['diff']}"
            record(f"kano code+analyze, lean ({kind} answers)", f"{r['pairs']:,} pairs", r["lean"],
                   "floor: one np.bincount over the pair codes", r["floor"], agreement=agree,
                   bytes_per_row=r["mem_lean"], growth=g_lean if big else None,
                   note="goal <= 3x, < 6 bytes/pair (tracemalloc peak over the input)")
            record(f"kano code+analyze, default ({kind} answers)", f"{r['pairs']:,} pairs", r["full"],
                   "floor: one np.bincount over the pair codes", r["floor"],
                   agreement="counts identical" if r["same_full"] else "COUNTS DIFFER",
                   bytes_per_row=r["mem_full"], growth=g_full if big else None,
                   note="respondent column, answer codes, continuous scores")


def bench_evaluate() -> None:
    """evaluate on label pairs against a competent user's lookup on the Categorical codes."""
    rng = np.random.default_rng(0)
    grid = np.array([[CATS.index(c) for c in row] for row in STANDARD], dtype=np.int8).ravel()
    ts, tp, sizes = [], [], [1_000_000, 10_000_000]
    for n in sizes:
        f, d = rng.integers(0, 5, n), rng.integers(0, 5, n)
        fl = pd.Series(pd.Categorical.from_codes(f, categories=LABELS))
        dl = pd.Series(pd.Categorical.from_codes(d, categories=LABELS))

        def by_hand():  # the 5 x 5 table looked up on the category codes (no missing answers here)
            codes = grid[fl.cat.codes.to_numpy().astype(np.intp) * 5 + dl.cat.codes.to_numpy()]
            return pd.Categorical.from_codes(codes, categories=CATS)

        t_cx, ours = timed(lambda: cx.kano.evaluate(fl, dl), 3)
        t_hand, theirs = timed(by_hand, 3)
        same = bool((ours.cat.codes.to_numpy() == theirs.codes).all())
        ts.append(t_cx)
        tp.append(t_hand)
        g = growth(sizes[:len(ts)], ts) if len(ts) > 1 else None
        print(f"evaluate, {n:,} Categorical label pairs: {t_cx:.3f} s; codes lookup by hand {t_hand:.3f} s "
              f"(ratio {t_cx / t_hand:.2f}x); identical: {same}", flush=True)
        record("kano evaluate (Categorical labels)", f"{n:,} pairs", t_cx,
               "pandas: 5x5 table looked up on the Categorical codes", t_hand,
               agreement="identical" if same else "DIFFER", growth=g,
               note="was 323-531x faster than DataFrame.apply (an unfair peer)")


def bench_analyze_groups() -> None:
    """analyze with intervals and segment tests, 50 attributes x 3 segments, against pandas groupby().size()."""
    rng = np.random.default_rng(1)
    ts, tp, sizes = [], [], [1_000_000, 3_000_000]
    for n in sizes:
        sim = pd.DataFrame({
            "attribute": pd.Categorical.from_codes(np.repeat(np.arange(50), n // 50), [f"a{j:02d}" for j in range(50)]),
            "segment": pd.Categorical.from_codes(rng.integers(0, 3, n), ["s1", "s2", "s3"]),
            "category": pd.Categorical.from_codes(rng.integers(0, 6, n), dtype=cx.kano.CATEGORY_DTYPE),
        })
        t_an, res = timed(lambda: cx.kano.analyze(sim, by="segment"), 3)
        t_pd, tab = timed(lambda: sim.groupby(["attribute", "segment", "category"], observed=False).size(), 3)
        theirs = tab.unstack().to_numpy()
        same = bool((res.table[CATS].to_numpy(dtype=np.int64) == theirs).all())
        ts.append(t_an)
        tp.append(t_pd)
        g = growth(sizes[:len(ts)], ts) if len(ts) > 1 else None
        print(f"analyze by segment (intervals, segment tests), {n:,} answers: {t_an:.3f} s; pandas "
              f"groupby().size() of the counts alone {t_pd:.3f} s (ratio {t_an / t_pd:.2f}x); counts identical: "
              f"{same}", flush=True)
        record("kano analyze by segment (50 attr x 3 seg)", f"{n:,} answers", t_an,
               "pandas groupby(attribute, segment, category).size() (counts only)", t_pd,
               agreement="counts identical" if same else "COUNTS DIFFER", growth=g)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default="1e7,3e7", help="comma-separated sizes in answer pairs (default 1e7,3e7)")
    parser.add_argument("--kinds", default="int,category", help="input kinds: int, category")
    parser.add_argument("--pythonpath", default=None, help="run the floor benchmark on another checkout")
    parser.add_argument("--one", nargs=2, metavar=("PAIRS", "KIND"), help=argparse.SUPPRESS)
    parser.add_argument("--only-floor", action="store_true", help="skip evaluate and analyze-by-segment")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(int(float(args.one[0])), args.one[1])))
        return
    print(f"cxresearch {cx.__version__} ({os.path.dirname(cx.__file__)}), numpy {np.__version__}, pandas "
          f"{pd.__version__}; load {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    sizes = [int(float(s)) for s in args.pairs.split(",")]
    bench_floor(sizes, [k.strip() for k in args.kinds.split(",")], args.pythonpath)
    if not args.only_floor:
        bench_evaluate()
        bench_analyze_groups()


if __name__ == "__main__":
    main()
