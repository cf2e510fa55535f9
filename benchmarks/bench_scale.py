"""Scale: 100 million Kano answer pairs and 50 million rating rows from Parquet, through DuckDB and Dask.

Data (seeded, written in chunks with a pyarrow ``ParquetWriter``; never 100M rows in pandas),
the layout of a tracker's answer table: one row per respondent x attribute,
``respondent`` (int64), ``wave`` (int16, 1-10), ``segment`` (north / south / online),
``attribute`` (10), ``functional`` and ``dysfunctional`` (the answer labels as asked, text,
dictionary-encoded; about 1 % of dysfunctional answers missing). Rows are written a block
of respondents per wave at a time (row groups of 1M rows), so the first row groups hold
every wave. The attributes drift, step or stay put (drop-off signals to find). Ratings:
``respondent``, ``segment``, ``overall`` (1-10) and ``a00`` .. ``a09`` (1-5, ~0.2 % missing).

Pipelines, each in its own process so that its peak memory is its own:
* DuckDB: Kano counts on the Parquet file (lazily: only the count table comes back), then
  ``kano.analyze`` and ``dropoff.detect`` on the count table; goal < 60 s, peak < 2 GB.
* Dask (``LocalCluster``, 2 worker processes, 1 thread each): the same; same goal (cluster
  start-up reported apart).
* DuckDB moments of 50M rating rows, then ``drivers`` (relative weights); goal < 30 s.
* pandas, on the first ``--pandas-rows`` rows of the same files (all waves): read, ``code``,
  ``analyze``, ``detect``; and ``drivers`` on half as many rating rows. The count tables and
  weights are checked against DuckDB on exactly the same rows.

API: once ``cx.kano.counts`` / ``cx.kano.code`` take lazy frames (DuckDB relations, Dask
frames), ``cx.dropoff.detect`` takes a count table and ``cx.satisfaction.moments`` exists,
the script calls them (it probes each on a small frame of the same engine first and checks
the result against pandas). Until then it says so and falls back: the group-by (attribute,
wave, segment, functional, dysfunctional) in the engine, the 25 answer pairs coded with
``cx.kano.evaluate`` on that small table, the drop-off models on the count array, and the
moments as one SQL pass with relative weights from the correlation matrix.

Memory: the peak of the summed resident set (RSS) of the process and all its children (Dask
workers and nanny), sampled every 50 ms with psutil when installed, and ``ru_maxrss``
(resource.getrusage) of the process. Run: ``.venv/bin/python benchmarks/bench_scale.py``
(``--rows 1e6`` for a small run; ``--dir`` for the data, default /tmp/cx_scale; the files are
reused when present with the same size and seed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from _table import record
from _scale import (CATS, N_ATTR, N_WAVES, RATING_COLS, SEGMENTS, PeakMemory, ensure_data, write_kano,
                    write_ratings)

import cxresearch as cx

BY = ["wave", "segment"]


# --- from engine group-bys to count tables (the fallback until the public API exists) ---------------------------
def pairs_to_counts(pairs: pd.DataFrame) -> pd.DataFrame:
    """(attribute, wave, segment, functional, dysfunctional, n) -> the shared count-table format."""
    cat = pd.Series(cx.kano.evaluate(pairs["functional"].astype(object), pairs["dysfunctional"].astype(object)))
    codes = cat.cat.codes.to_numpy()
    col = np.where(codes < 0, "n_missing", np.array(CATS, dtype=object)[np.maximum(codes, 0)])
    keys = ["attribute", *BY]
    frame = pairs[keys].astype({"attribute": str, "segment": str, "wave": np.int64}).assign(_c=col, n=pairs["n"])
    out = frame.pivot_table(index=keys, columns="_c", values="n", aggfunc="sum", fill_value=0)
    out = out.reindex(columns=[*CATS, "n_missing"], fill_value=0).astype(np.int64).reset_index()
    out.columns.name = None
    return out.sort_values(keys, ignore_index=True)


def detect_from_counts(tab: pd.DataFrame):
    """dropoff.detect on a count table: the public call if it takes one, else the models on the count array."""
    try:
        return cx.dropoff.detect(tab, time="wave", by="segment"), "public dropoff.detect(count table)"
    except cx.errors.KanoInputError as err:
        if "count table" not in str(err):
            raise
    from cxresearch.dropoff._analysis import analyse_counts

    keys = ["attribute", "segment"]
    waves = np.sort(tab["wave"].unique())
    cells = tab[keys].drop_duplicates().sort_values(keys, ignore_index=True)
    m = tab.merge(cells.reset_index(), on=keys)
    arr = np.zeros((len(cells), len(waves), 6), dtype=np.int64)
    arr[m["index"].to_numpy(), np.searchsorted(waves, m["wave"].to_numpy())] = m[CATS].to_numpy()
    table, _ = analyse_counts(arr, waves.astype(float), cells, alpha=0.05, p_adjust="holm", confidence=0.95)
    return table, "fallback: drop-off models on the count array (detect does not take a count table yet)"


def relative_weights(cov: np.ndarray) -> np.ndarray:
    """Johnson's relative weights from the covariance of (outcome, attributes)."""
    sd = np.sqrt(np.diag(cov))
    R = cov / np.outer(sd, sd)
    vals, vecs = np.linalg.eigh(R[1:, 1:])
    lam = vecs @ np.diag(np.sqrt(vals)) @ vecs.T
    beta = np.linalg.solve(lam, R[1:, 0])
    return (lam**2) @ beta**2


# --- capability probes: the public API when it exists, the fallback otherwise -----------------------------------
def public_counts(frame, small_frame, small_pandas):
    """cx.kano.counts(cx.kano.code(frame), by=BY) if code/counts keep an engine frame lazy; else (None, reason)."""
    import inspect

    if "weights" not in inspect.signature(cx.kano.counts).parameters:
        return None, "cx.kano.counts has no engine support yet (no `weights` parameter)"
    try:
        coded = cx.kano.code(small_frame)
        if isinstance(coded, pd.DataFrame):
            return None, "cx.kano.code brings an engine frame into pandas (not lazy)"
        if not same_counts(cx.kano.counts(coded, by=BY), cx.kano.counts(cx.kano.code(small_pandas), by=BY)):
            return None, "the public engine path disagrees with pandas on a small frame"
    except Exception as err:  # noqa: BLE001 - any failure means: not there yet
        return None, f"public engine path failed on a small frame: {type(err).__name__}: {str(err)[:120]}"
    return (lambda: cx.kano.counts(cx.kano.code(frame), by=BY)), "public cx.kano.code + cx.kano.counts"


def public_moments(relation, small_relation, small_pandas):
    """cx.satisfaction.moments + drivers(moments, ...) if they exist and agree with pandas on a small frame."""
    attrs = RATING_COLS[1:]
    if not hasattr(cx.satisfaction, "moments"):
        return None, "cx.satisfaction.moments does not exist yet"
    try:
        got = cx.satisfaction.drivers(cx.satisfaction.moments(small_relation, RATING_COLS), "overall", attrs)
        want = cx.satisfaction.drivers(small_pandas, "overall", attrs)
        if np.abs(got.table["weight"].to_numpy() - want.table["weight"].to_numpy()).max() > 1e-10:
            return None, "drivers(moments) disagrees with drivers(pandas frame) on a small frame"
    except Exception as err:  # noqa: BLE001
        return None, f"public moments path failed on a small frame: {type(err).__name__}: {str(err)[:120]}"
    return (lambda: cx.satisfaction.drivers(cx.satisfaction.moments(relation, RATING_COLS), "overall", attrs)
            .table["weight"].to_numpy()), "public cx.satisfaction.moments + drivers(moments)"


# --- phases (each runs in its own process) ----------------------------------------------------------------------
def kano_rest(tab: pd.DataFrame, out: dict) -> None:
    """analyze and detect on a count table, timed into ``out``."""
    t0 = time.perf_counter()
    res = cx.kano.analyze(tab, by=BY)
    out["analyze_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    table, how = detect_from_counts(tab)
    out["detect_s"], out["detect_path"] = time.perf_counter() - t0, how
    table = getattr(table, "table", table)
    out["cells"], out["drop_offs"] = len(res.table), int((table["direction"] == "drop-off").sum())
    out["pairs_counted"] = int(tab[[*CATS, "n_missing"]].to_numpy().sum())


def duckdb_pairs_sql(path: Path, limit: int | None = None) -> str:
    where = f"WHERE file_row_number < {limit}" if limit else ""
    return (f"SELECT attribute, wave, segment, functional, dysfunctional, count(*)::BIGINT AS n "
            f"FROM read_parquet('{path}', file_row_number = true) {where} GROUP BY ALL")


def phase_duckdb_kano(args) -> dict:
    import duckdb

    path, out = Path(args.dir) / "kano.parquet", {}
    con = duckdb.connect()
    small = con.sql(f"SELECT * FROM read_parquet('{path}') LIMIT 5000")
    run, out["count_path"] = public_counts(con.read_parquet(str(path)), small, small.df())
    t0 = time.perf_counter()
    tab = run() if run else pairs_to_counts(con.sql(duckdb_pairs_sql(path)).df())
    out["count_s"] = time.perf_counter() - t0
    if not run:
        out["count_path"] = "fallback: DuckDB GROUP BY on the labels, coded with cx.kano.evaluate (" + \
            out["count_path"] + ")"
    kano_rest(tab, out)
    tab.to_parquet(Path(args.dir) / "counts_duckdb.parquet")
    return out


def phase_dask_kano(args) -> dict:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    warnings.filterwarnings("ignore", message="Port 8787 is already in use")  # the dashboard is off anyway
    path, out = Path(args.dir) / "kano.parquet", {}
    t0 = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        out["cluster_start_s"] = time.perf_counter() - t0
        ddf = dd.read_parquet(str(path), split_row_groups=True)  # one partition per row group of 1M rows
        small = ddf.head(5000, npartitions=1)
        run, out["count_path"] = public_counts(ddf, dd.from_pandas(small, npartitions=2), small)
        t0 = time.perf_counter()
        if run:
            tab = run()
        else:
            keys = ["attribute", "wave", "segment", "functional", "dysfunctional"]
            pairs = ddf[keys].groupby(keys, dropna=False, observed=True).size().compute()
            tab = pairs_to_counts(pairs.rename("n").reset_index())
            out["count_path"] = "fallback: Dask groupby().size() on the labels, coded with cx.kano.evaluate (" + \
                out["count_path"] + ")"
        out["count_s"] = time.perf_counter() - t0
    kano_rest(tab, out)
    ref = Path(args.dir) / "counts_duckdb.parquet"
    out["same_as_duckdb"] = same_counts(pd.read_parquet(ref), tab) if ref.exists() else None
    return out


def first_rows(path: Path, n: int) -> pd.DataFrame:
    """The first ``n`` rows of a Parquet file as pandas (whole row groups read, then cut)."""
    import pyarrow.parquet as pq

    pf, k, got = pq.ParquetFile(path), 0, 0
    while got < n and k < pf.num_row_groups:
        got += pf.metadata.row_group(k).num_rows
        k += 1
    return pf.read_row_groups(list(range(k))).to_pandas().iloc[:n]


def same_counts(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Identical count tables, whatever the row order and the dtypes of the key columns."""
    cols, keys = ["attribute", *BY, *CATS, "n_missing"], ["attribute", *BY]
    a, b = (t[cols].astype(str).sort_values(keys, ignore_index=True) for t in (a, b))
    return a.equals(b)


def phase_pandas_kano(args) -> dict:
    import duckdb

    path, out = Path(args.dir) / "kano.parquet", {}
    t0 = time.perf_counter()
    df = first_rows(path, args.pandas_rows)
    out["read_s"], out["rows"] = time.perf_counter() - t0, len(df)
    t0 = time.perf_counter()
    coded = cx.kano.code(df)
    out["code_s"] = time.perf_counter() - t0
    del df
    t0 = time.perf_counter()
    res = cx.kano.analyze(coded, by=BY)
    out["analyze_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    det = cx.dropoff.detect(coded, time="wave", by="segment")
    out["detect_s"] = time.perf_counter() - t0
    out["cells"], out["drop_offs"] = len(res.table), int((det.table["direction"] == "drop-off").sum())
    ref = pairs_to_counts(duckdb.sql(duckdb_pairs_sql(path, limit=out["rows"])).df())
    out["same_counts_as_duckdb_on_these_rows"] = same_counts(cx.kano.counts(coded, by=BY), ref)
    from_counts, out["detect_from_counts_path"] = detect_from_counts(ref)
    keys = ["attribute", "segment"]
    both = getattr(from_counts, "table", from_counts)[[*keys, "odds_ratio"]].astype({k: str for k in keys}).merge(
        det.table[[*keys, "odds_ratio"]].astype({k: str for k in keys}), on=keys, validate="one_to_one")
    ratio = both["odds_ratio_x"].to_numpy(dtype=float) / both["odds_ratio_y"].to_numpy(dtype=float)
    out["detect_counts_vs_rows_max_log_or_diff"] = float(np.abs(np.log(ratio)).max())
    return out


def moments_sql(path: Path, limit: int | None = None) -> str:
    """One pass: n, sums and cross-product sums of the complete rows (exact integer sums)."""
    c = RATING_COLS
    terms = ["count(*)::BIGINT AS n", *[f"sum({a}::BIGINT)::BIGINT AS s_{i}" for i, a in enumerate(c)],
             *[f"sum({c[i]}::BIGINT * {c[j]})::BIGINT AS c_{i}_{j}" for i in range(len(c)) for j in range(i, len(c))]]
    where = " AND ".join(f"{a} IS NOT NULL" for a in c) + (f" AND file_row_number < {limit}" if limit else "")
    return f"SELECT {', '.join(terms)} FROM read_parquet('{path}', file_row_number = true) WHERE {where}"


def weights_from_sql(con, path: Path, limit: int | None = None) -> np.ndarray:
    row = con.sql(moments_sql(path, limit)).df().iloc[0]
    k, n = len(RATING_COLS), float(row["n"])
    s = np.array([row[f"s_{i}"] for i in range(k)], dtype=float)
    cross = np.zeros((k, k))
    for i in range(k):
        for j in range(i, k):
            cross[i, j] = cross[j, i] = row[f"c_{i}_{j}"]
    return relative_weights((cross - np.outer(s, s) / n) / (n - 1))


def phase_duckdb_drivers(args) -> dict:
    import duckdb

    path, out, con = Path(args.dir) / "ratings.parquet", {}, duckdb.connect()
    small = con.sql(f"SELECT * FROM read_parquet('{path}') LIMIT 20000")
    run, out["path"] = public_moments(con.read_parquet(str(path)), small, small.df())
    t0 = time.perf_counter()
    weights = run() if run else weights_from_sql(con, path)
    out["drivers_s"] = time.perf_counter() - t0
    if not run:
        out["path"] = f"fallback: one DuckDB SQL pass of sums and cross-products, relative weights here ({out['path']})"
    out["r2"] = float(weights.sum())
    return out


def phase_pandas_drivers(args) -> dict:
    import duckdb

    path, out = Path(args.dir) / "ratings.parquet", {}
    t0 = time.perf_counter()
    df = first_rows(path, args.pandas_rows // 2)
    out["read_s"], out["rows"] = time.perf_counter() - t0, len(df)
    t0 = time.perf_counter()
    res = cx.satisfaction.drivers(df, "overall", RATING_COLS[1:], scale=(1, 5), outcome_scale=(1, 10))
    out["drivers_s"] = time.perf_counter() - t0
    ref = weights_from_sql(duckdb.connect(), path, limit=len(df))
    out["max_weight_diff_vs_duckdb_moments_same_rows"] = float(np.abs(res.table["weight"].to_numpy() - ref).max())
    return out


def phase_write(args) -> dict:
    d = Path(args.dir)
    return {"kano": ensure_data(d / "kano.parquet", args.rows, write_kano),
            "ratings": ensure_data(d / "ratings.parquet", args.rating_rows, write_ratings)}


PHASES = {"write": phase_write, "duckdb_kano": phase_duckdb_kano, "dask_kano": phase_dask_kano,
          "pandas_kano": phase_pandas_kano, "duckdb_drivers": phase_duckdb_drivers,
          "pandas_drivers": phase_pandas_drivers}


# --- the phase runner --------------------------------------------------------------------------------
def child(args) -> None:
    """Run one phase here and print its figures as one JSON line."""
    with PeakMemory() as mem:
        time.sleep(0.2)
        start = mem.peak
        t0 = time.perf_counter()
        out = PHASES[args.phase](args)
        out["wall_s"] = time.perf_counter() - t0
    out.update(peak_mb=mem.peak / 2**20, start_mb=start / 2**20, ru_maxrss_self_mb=mem.ru_self,
               ru_maxrss_children_mb=mem.ru_children,
               memory_method=mem.method)
    print("RESULT " + json.dumps(out, default=str), flush=True)


def run(phase: str, args) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--dir", args.dir, "--rows", str(args.rows),
           "--rating-rows", str(args.rating_rows), "--pandas-rows", str(args.pandas_rows)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    lines = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
    if proc.returncode or not lines:
        print(f"  {phase} FAILED (exit {proc.returncode}):\n{proc.stderr[-3000:]}", flush=True)
        return {}
    noise = [x for x in proc.stderr.splitlines() if "Warning" in x]
    if noise:
        print(f"  ({phase} warnings: {'; '.join(dict.fromkeys(noise))[:400]})")
    return json.loads(lines[-1][7:])


def verdict(seconds: float, mb: float, goal_s: float, goal_mb: float = 2048) -> str:
    ok = seconds < goal_s and mb < goal_mb
    return f"goal < {goal_s:g} s and < {goal_mb / 1024:g} GB: {'PASS' if ok else 'MISS'}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(name: str, r: dict, args) -> None:
    """Print one phase's figures."""
    mem = f"peak {r['peak_mb']:,.0f} MB (at start {r['start_mb']:,.0f})"
    if name == "write":
        for key, label in (("kano", "Kano answer pairs"), ("ratings", "rating rows")):
            w = r[key]
            how = "reused" if w["reused"] else f"written in {w['seconds']:.1f} s"
            print(f"data: {w['rows']:,} {label}, {w['mb']:,.0f} MB on disk, {how} ({mem} while writing)")
    elif name in ("duckdb_kano", "dask_kano"):
        total = r["count_s"] + r["analyze_s"] + r["detect_s"]
        start = f"cluster start {r['cluster_start_s']:.1f} s (not counted); " if "cluster_start_s" in r else ""
        same = f"; count table identical to DuckDB's: {r['same_as_duckdb']}" if "same_as_duckdb" in r else ""
        print(f"{'DuckDB' if name.startswith('duckdb') else 'Dask (2 workers)'} Kano, {r['pairs_counted']:,} pairs "
              f"-> {r['cells']} attribute x wave x segment cells: {start}"
              f"counts {r['count_s']:.1f} s [{r['count_path']}], "
              f"analyze {r['analyze_s']:.2f} s, detect {r['detect_s']:.2f} s [{r['detect_path']}] = {total:.1f} s; "
              f"{mem}{same}; {r['drop_offs']} drop-offs; {verdict(total, r['peak_mb'], 60)}")
        record(f"{name}: counts + analyze + detect from Parquet", f"{r['pairs_counted']:,} pairs", total,
               "goal: 60 s, 2 GB peak", None, agreement=str(r.get("same_as_duckdb", "")),
               bytes_per_row=r["peak_mb"] * 2**20 / r["pairs_counted"],
               note="peak RSS of the process tree; one size per run (growth: run --rows at two sizes)")
    elif name == "pandas_kano":
        total = r["read_s"] + r["code_s"] + r["analyze_s"] + r["detect_s"]
        print(f"pandas Kano on the first {r['rows']:,} pairs (every wave): read {r['read_s']:.1f} s, code "
              f"{r['code_s']:.1f} s, analyze {r['analyze_s']:.1f} s, detect {r['detect_s']:.1f} s = {total:.1f} s; "
              f"{mem} "
              f"({(r['peak_mb'] - r['start_mb']) / r['rows'] * 1e8 / 1024:,.1f} GB above the start per 100M pairs "
              f"at this rate); counts identical to "
              f"DuckDB on the same rows: {r['same_counts_as_duckdb_on_these_rows']}; detect from counts "
              f"[{r['detect_from_counts_path']}] vs from rows: max |log odds-ratio difference| "
              f"{r['detect_counts_vs_rows_max_log_or_diff']:.1e}")
        record("pandas_kano: read + code + analyze + detect", f"{r['rows']:,} pairs", total, "", None,
               agreement=f"counts = DuckDB's: {r['same_counts_as_duckdb_on_these_rows']}",
               bytes_per_row=(r["peak_mb"] - r["start_mb"]) * 2**20 / r["rows"],
               note="peak RSS above the start; one size per run")
    elif name == "duckdb_drivers":
        print(f"DuckDB drivers (relative weights), {args.rating_rows:,} rating rows: {r['drivers_s']:.1f} s "
              f"[{r['path']}]; {mem}; R2 {r['r2']:.4f}; {verdict(r['drivers_s'], r['peak_mb'], 30)}")
    elif name == "pandas_drivers":
        print(f"pandas drivers on the first {r['rows']:,} rating rows: read {r['read_s']:.1f} s, drivers "
              f"{r['drivers_s']:.1f} s; {mem}; max |weight difference| to DuckDB moments on the same rows "
              f"{r['max_weight_diff_vs_duckdb_moments_same_rows']:.1e}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e8, help="Kano answer pairs (default 100 million)")
    parser.add_argument("--rating-rows", type=float, default=None, help="rating rows (default rows / 2)")
    parser.add_argument("--pandas-rows", type=float, default=None,
                        help="Kano pairs for the pandas run (default min(rows, 20 million)); ratings: half")
    parser.add_argument("--dir", default="/tmp/cx_scale", help="where the Parquet files go (reused if present)")
    parser.add_argument("--only", default=",".join(PHASES), help="comma-separated phases: " + ",".join(PHASES))
    parser.add_argument("--clean", action="store_true", help="delete the data directory at the end")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.rows = int(args.rows)
    args.rating_rows = int(args.rating_rows or args.rows // 2)
    args.pandas_rows = int(args.pandas_rows or min(args.rows, 20_000_000))
    if args.phase:
        return child(args)
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(args.dir).free
    need = 8 * args.rows + 10 * args.rating_rows + 2**30
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"bench_scale: {args.rows:,} Kano answer pairs ({N_ATTR} attributes x {N_WAVES} waves x {len(SEGMENTS)} "
          f"segments, {args.rows // (N_ATTR * N_WAVES):,} respondents a wave), {args.rating_rows:,} rating rows; "
          f"data in {args.dir} ({free / 2**30:,.0f} GB free); {os.cpu_count()} CPUs; uptime: {uptime}", flush=True)
    if free < need:
        sys.exit(f"not enough free disk in {args.dir}: {free / 2**30:.1f} GB free, about {need / 2**30:.1f} GB needed")
    chosen = [p.strip() for p in args.only.split(",") if p.strip()]
    if "write" not in chosen:
        chosen.insert(0, "write")  # cheap when the files are there: it only checks them
    for phase in [p for p in PHASES if p in chosen]:
        result = run(phase, args)
        if result:
            report(phase, result, args)
            if phase == "write":
                print(f"memory: {result['memory_method']}; each phase runs in its own process", flush=True)
    print(f"load at end: {load()}; uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    if args.clean:
        shutil.rmtree(args.dir)


if __name__ == "__main__":
    main()
