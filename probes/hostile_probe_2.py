"""Probe 2: hostile / unusual-but-legal inputs, written from the public documentation only.

Usage: cd <checkout> && CX_PROBE_OUT=<folder> PYTHONPATH=<checkout> MPLBACKEND=Agg python probes/hostile_probe_2.py <label>
Each case declares its expected outcome (from the docs) before it runs:
  expect="ok"      a result is expected; `check` verifies it (independent computation)
  expect="refuse"  a cxresearch error naming one of `names` is expected
  expect="either"  a named refusal or a result passing `check` are both fine
"""
import io as _io
import json
import math
import os
import sys
import tempfile
import traceback
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

import cxresearch as cx

LABEL = sys.argv[1] if len(sys.argv) > 1 else "run"
print("cx.__file__ =", cx.__file__)
print("cwd =", os.getcwd())

try:
    import polars as pl
except Exception:  # pragma: no cover
    pl = None
try:
    import duckdb
except Exception:  # pragma: no cover
    duckdb = None
try:
    import pyarrow as pa
except Exception:  # pragma: no cover
    pa = None

RESULTS = []
TMP = Path(tempfile.mkdtemp(prefix="probe2_"))


class Silent(Exception):
    pass


def is_cx(e):
    return type(e).__module__.startswith("cxresearch") and isinstance(e, ValueError)


def run(cid, area, desc, expect, call, check=None, names=(), src="", revised=""):
    outcome, detail = None, ""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = call()
        except Exception as e:  # noqa: BLE001
            msg = f"{type(e).__name__}: {str(e)[:300]}"
            if is_cx(e):
                if expect == "ok":
                    outcome, detail = "unclear", "refused an input the docs accept: " + msg
                elif names and not any(n.lower() in str(e).lower() for n in names):
                    outcome, detail = "unclear", f"message names none of {list(names)}: " + msg
                else:
                    outcome, detail = "handled", "refused: " + msg
            else:
                tb = traceback.extract_tb(e.__traceback__)
                where = f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
                outcome, detail = "crash", msg + f" [at {where}]"
        else:
            wmsgs = [f"{x.category.__name__}: {str(x.message)[:600]}" for x in w
                     if not issubclass(x.category, (DeprecationWarning, ResourceWarning))]
            if expect == "refuse":
                named = [m for m in wmsgs if not names or any(n.lower() in m.lower() for n in names)]
                if named:
                    outcome, detail = "handled", "accepted with warning: " + named[0]
                else:
                    outcome, detail = "silent", "accepted without a word (expected refusal)" + (
                        f"; warnings: {wmsgs[:2]}" if wmsgs else "")
                if check is not None and outcome == "silent":
                    try:
                        d = check(r, wmsgs)
                        outcome, detail = "handled", "result verified: " + (d or "")
                    except Silent as s:
                        detail += f"; check: {s}"
                    except Exception as s:  # noqa: BLE001
                        detail += f"; check error {type(s).__name__}: {s}"
            else:
                if check is None:
                    outcome, detail = "handled", "returned"
                else:
                    try:
                        d = check(r, wmsgs)
                        outcome, detail = "handled", d or "verified"
                    except Silent as s:
                        outcome, detail = "silent", str(s)[:400]
                    except Exception as s:  # noqa: BLE001
                        outcome, detail = "silent", f"check failed {type(s).__name__}: {str(s)[:300]}"
    RESULTS.append(dict(id=cid, area=area, description=desc, expected=expect, outcome=outcome,
                        detail=detail, call=src, revised=revised))
    print(f"[{outcome:8s}] {cid:8s} {area:12s} {desc[:70]} | {detail[:200]}")


# ---------------------------------------------------------------- helpers
def close(a, b, tol=1e-8, what=""):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise Silent(f"{what}: shapes differ {a.shape} vs {b.shape}")
    both_nan = np.isnan(a) & np.isnan(b)
    if (np.isnan(a) != np.isnan(b)).any():
        raise Silent(f"{what}: NaN pattern differs {a} vs {b}")
    d = np.abs(a[~both_nan] - b[~both_nan])
    scale = np.maximum(1, np.abs(b[~both_nan]))
    if d.size and (d / scale).max() > tol:
        raise Silent(f"{what}: max rel diff {(d / scale).max():.3g}; {a[:4]} vs {b[:4]}")


def same_table(t1, t2, cols, key=None, tol=1e-8):
    if key:
        t1 = t1.sort_values(key).reset_index(drop=True)
        t2 = t2.sort_values(key).reset_index(drop=True)
    if len(t1) != len(t2):
        raise Silent(f"row counts differ {len(t1)} vs {len(t2)}")
    for c in cols:
        if c not in t1 or c not in t2:
            raise Silent(f"column {c} missing in one table")
        close(t1[c], t2[c], tol, c)
    return f"same {cols} over {len(t1)} rows"


def no_nan(t, cols):
    for c in cols:
        if t[c].isna().any():
            raise Silent(f"NaN in {c}: {t[c].tolist()[:6]}")


rng = np.random.default_rng(20261206)
N = 300
ATTS = ["a1", "a2", "a3", "a4"]


def make_ratings(n=N, seed=1):
    r = np.random.default_rng(seed)
    d = pd.DataFrame({a: r.integers(1, 6, n) for a in ATTS})
    lat = 0.8 * d.a1 + 0.5 * d.a2 + 0.3 * d.a3 + 0.1 * d.a4 + r.normal(0, 1.2, n)
    d["overall"] = np.clip(np.round(lat - lat.min() + 1), 1, 10).astype(int)
    d["E"] = d[ATTS].mean(axis=1)
    d["X"] = np.clip(d["E"] + r.normal(0, 0.7, n), 1, 5).round(1)
    d["seg"] = r.choice(["s1", "s2", "s3"], n, p=[0.5, 0.3, 0.2])
    d["w"] = r.choice([1, 2, 3], n).astype(float)
    return d


DF = make_ratings()
M_ALL = ["overall", *ATTS]


def drivers_cols():
    return ["weight", "beta", "r", "mean"]


def pr_cols():
    return ["penalty", "reward", "asymmetry"]


def to_pl(df):
    return pl.from_pandas(df)


def to_duck(df):
    con = duckdb.connect()
    con.register("t_df", df)
    return con.sql("select * from t_df"), con


# ============================================================ A. Moments / engines
A = "moments"
ref = lambda **k: cx.satisfaction.drivers(DF, "overall", ATTS, **k)

for mi, method in enumerate(["relative_weights", "shapley", "ols"]):
    run(f"A{mi+1:02d}", A, f"drivers Moments vs rows, method={method}", "ok",
        lambda method=method: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL), "overall", ATTS, method=method),
        lambda r, w, method=method: same_table(r.table, ref(method=method).table, ["weight", "beta", "p_value"], "attribute"),
        src=f"drivers(moments(DF, M_ALL), 'overall', ATTS, method={method!r})")

run("A04", A, "drivers Moments by=seg vs rows by=seg", "ok",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL, by="seg"), "overall", ATTS, by="seg"),
    lambda r, w: same_table(r.table, ref(by="seg").table, ["weight", "beta", "beta_ci_low"], ["seg", "attribute"]),
    src="drivers(moments(DF, M_ALL, by='seg'), ..., by='seg')")
run("A05", A, "drivers Moments weights vs rows weights", "ok",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL, weights="w"), "overall", ATTS, weights="w"),
    lambda r, w: same_table(r.table, ref(weights="w").table, ["weight", "beta", "beta_ci_high", "mean"], "attribute"),
    src="drivers(moments(DF, M_ALL, weights='w'), ..., weights='w')")
run("A06", A, "drivers Moments weights but call without weights=", "either",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL, weights="w"), "overall", ATTS),
    lambda r, w: same_table(r.table, ref(weights="w").table, ["weight", "beta"], "attribute"),
    names=["weight"], src="drivers(moments(DF, M_ALL, weights='w'), 'overall', ATTS)")
run("A07", A, "drivers Moments unweighted but call with weights='w'", "refuse",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL), "overall", ATTS, weights="w"),
    names=["weight"], src="drivers(moments(DF, M_ALL), ..., weights='w')")
run("A08", A, "drivers Moments by=seg but call without by", "either",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL, by="seg"), "overall", ATTS),
    lambda r, w: (same_table(r.table, ref(by="seg").table, ["weight", "beta"], ["seg", "attribute"]) + " (per segment: by taken from the Moments)") if "seg" in r.table else same_table(r.table, ref().table, ["weight", "beta"], "attribute"),
    names=["by", "seg"], src="drivers(moments(DF, M_ALL, by='seg'), 'overall', ATTS)", revised="after run 1: a per-segment table equal to rows by='seg' is also accepted")
run("A09", A, "drivers Moments no by but call with by='seg'", "refuse",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL), "overall", ATTS, by="seg"),
    names=["by", "seg"], src="drivers(moments(DF, M_ALL), ..., by='seg')")
run("A10", A, "drivers Moments lacking attribute a4", "refuse",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, ["overall", "a1", "a2", "a3"]), "overall", ATTS),
    names=["a4"], src="drivers(moments(DF, ['overall','a1','a2','a3']), 'overall', ATTS)")
run("A11", A, "drivers Moments with n_boot=100 refused", "refuse",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL), "overall", ATTS, n_boot=100),
    names=["n_boot"], src="drivers(moments(...), ..., n_boot=100)")
run("A12", A, "drivers Moments family='logit' refused", "refuse",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF.assign(y=(DF.overall > 5).astype(int)), ["y", *ATTS]), "y", ATTS, family="logit"),
    names=["logit", "Moments", "rows"], src="drivers(moments(DF+y, ['y',*ATTS]), 'y', ATTS, family='logit')")
run("A13", A, "drivers Moments missing_codes vs rows missing_codes", "ok",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF.assign(a2=DF.a2.where(DF.index % 7 != 0, 99)), M_ALL, missing_codes=99), "overall", ATTS),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF.assign(a2=DF.a2.where(DF.index % 7 != 0, 99)), "overall", ATTS, missing_codes=99).table, ["weight", "beta"], "attribute"),
    src="drivers(moments(DF with 99s, M_ALL, missing_codes=99), ...)")
run("A14", A, "drivers Moments + missing_codes passed again at call", "either",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, M_ALL), "overall", ATTS, missing_codes=[0]),
    lambda r, w: same_table(r.table, ref().table, ["weight"], "attribute"),
    names=["missing_codes"], src="drivers(moments(DF, M_ALL), ..., missing_codes=[0])")
run("A15", A, "drivers Moments n/mean vs hand", "ok",
    lambda: cx.satisfaction.moments(DF.assign(a3=DF.a3.where(DF.index % 5 != 0)), M_ALL),
    lambda r, w: (close(r.n, [int((DF.index % 5 != 0).sum())], what="n"),
                  close(r.table.set_index("column").loc["a1", "mean"], DF.a1[DF.index % 5 != 0].mean(), what="mean a1"), "n and mean")[-1],
    src="moments(DF with a3 NaN every 5th row, M_ALL)")

if pl is not None:
    run("A16", A, "drivers Polars frame vs pandas", "ok",
        lambda: cx.satisfaction.drivers(to_pl(DF), "overall", ATTS),
        lambda r, w: same_table(r.table, ref().table, ["weight", "beta", "p_value", "mean"], "attribute"),
        src="drivers(pl.from_pandas(DF), 'overall', ATTS)")
    run("A17", A, "drivers Polars LazyFrame by=seg weights", "ok",
        lambda: cx.satisfaction.drivers(to_pl(DF).lazy(), "overall", ATTS, by="seg", weights="w"),
        lambda r, w: same_table(r.table, ref(by="seg", weights="w").table, ["weight", "beta"], ["seg", "attribute"]),
        src="drivers(pl.LazyFrame, ..., by='seg', weights='w')")
    run("A18", A, "drivers Polars with nulls vs pandas NaN", "ok",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(a1=DF.a1.where(DF.index % 9 != 0))), "overall", ATTS),
        lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF.assign(a1=DF.a1.where(DF.index % 9 != 0)), "overall", ATTS).table, ["weight", "beta"], "attribute"),
        src="drivers(polars with nulls in a1, ...)")
    run("A19", A, "drivers Polars rows accounting n_used equals pandas", "ok",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(a1=DF.a1.where(DF.index % 9 != 0))), "overall", ATTS),
        lambda r, w: (close(r.fits["n"], cx.satisfaction.drivers(DF.assign(a1=DF.a1.where(DF.index % 9 != 0)), "overall", ATTS).fits["n"], what="fits.n"), "fits n same")[-1],
        src="drivers(polars with nulls).fits['n']")
    run("A20", A, "importance_performance Polars vs pandas", "ok",
        lambda: cx.satisfaction.importance_performance(to_pl(DF), "overall", ATTS),
        lambda r, w: same_table(r.table, cx.satisfaction.importance_performance(DF, "overall", ATTS).table, ["performance", "importance"], "attribute"),
        src="importance_performance(pl.from_pandas(DF), 'overall', ATTS)")
    run("A21", A, "penalty_reward Polars frame vs pandas (scale=(1,5))", "ok",
        lambda: cx.satisfaction.penalty_reward(to_pl(DF), "overall", ATTS, scale=(1, 5)),
        lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5)).table, pr_cols(), "attribute"),
        src="penalty_reward(pl.from_pandas(DF), 'overall', ATTS, scale=(1,5))")
    run("A22", A, "penalty_reward Polars by=seg weights vs pandas", "ok",
        lambda: cx.satisfaction.penalty_reward(to_pl(DF), "overall", ATTS, scale=(1, 5), by="seg", weights="w"),
        lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5), by="seg", weights="w").table, pr_cols() + ["n_low"], ["seg", "attribute"]),
        src="penalty_reward(polars, ..., scale=(1,5), by='seg', weights='w')")
    run("A23", A, "disconfirmation Polars vs pandas", "ok",
        lambda: cx.satisfaction.disconfirmation(to_pl(DF), "overall", "E", "X", scale=(1, 5)),
        lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5)).table, ["estimate", "se"], "term"),
        src="disconfirmation(pl.from_pandas(DF), 'overall', 'E', 'X', scale=(1,5))")
    run("A24", A, "moments Polars vs pandas: table means/sd", "ok",
        lambda: cx.satisfaction.moments(to_pl(DF), M_ALL, by="seg", weights="w"),
        lambda r, w: same_table(r.table, cx.satisfaction.moments(DF, M_ALL, by="seg", weights="w").table, ["n", "mean", "sd"], None),
        src="moments(polars, M_ALL, by='seg', weights='w').table")
    run("A25", A, "drivers Polars with Int8 / Float32 dtypes", "ok",
        lambda: cx.satisfaction.drivers(to_pl(DF).with_columns([pl.col(a).cast(pl.Int8) for a in ATTS] + [pl.col("overall").cast(pl.Float32)]), "overall", ATTS),
        lambda r, w: same_table(r.table, ref().table, ["weight", "beta"], "attribute", tol=1e-6),
        src="drivers(polars with Int8 attrs and Float32 outcome, ...)")
    run("A26", A, "drivers Polars with a string rating column (bad) refused naming a1", "refuse",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(a1=DF.a1.astype(str))), "overall", ATTS),
        names=["a1"], src="drivers(polars with a1 as Utf8, ...)")
    run("A27", A, "drivers Polars missing column refused naming it", "refuse",
        lambda: cx.satisfaction.drivers(to_pl(DF.drop(columns="a3")), "overall", ATTS),
        names=["a3"], src="drivers(polars without a3, 'overall', ATTS)")
    run("A28", A, "drivers Polars: binary outcome (0/1) refused like pandas", "refuse",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(y=(DF.overall > 5).astype(int))), "y", ATTS),
        names=["y", "binary", "logit"], src="drivers(polars, 'y' (0/1), ATTS)")
    run("A29", A, "drivers Polars: NaN weight refused naming weights column", "refuse",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(w=DF.w.where(DF.index != 3))), "overall", ATTS, weights="w"),
        names=["w"], src="drivers(polars with null weight, ..., weights='w')")
    run("A30", A, "drivers Polars: declared scale (1,4) with 5s refused", "refuse",
        lambda: cx.satisfaction.drivers(to_pl(DF), "overall", ATTS, scale=(1, 4)),
        names=["a1", "a2", "a3", "a4", "scale"], src="drivers(polars, ..., scale=(1,4))")

if duckdb is not None:
    def duck_call(fn):
        rel, con = to_duck(DF)
        return fn(rel)
    run("A31", A, "drivers DuckDB relation vs pandas", "ok",
        lambda: duck_call(lambda rel: cx.satisfaction.drivers(rel, "overall", ATTS)),
        lambda r, w: same_table(r.table, ref().table, ["weight", "beta", "p_value"], "attribute"),
        src="drivers(duckdb relation, 'overall', ATTS)")
    run("A32", A, "drivers DuckDB by=seg weights vs pandas", "ok",
        lambda: duck_call(lambda rel: cx.satisfaction.drivers(rel, "overall", ATTS, by="seg", weights="w")),
        lambda r, w: same_table(r.table, ref(by="seg", weights="w").table, ["weight", "beta"], ["seg", "attribute"]),
        src="drivers(duckdb, ..., by='seg', weights='w')")
    run("A33", A, "penalty_reward DuckDB vs pandas", "ok",
        lambda: duck_call(lambda rel: cx.satisfaction.penalty_reward(rel, "overall", ATTS, scale=(1, 5))),
        lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5)).table, pr_cols(), "attribute"),
        src="penalty_reward(duckdb, 'overall', ATTS, scale=(1,5))")
    run("A34", A, "disconfirmation DuckDB weights vs pandas", "ok",
        lambda: duck_call(lambda rel: cx.satisfaction.disconfirmation(rel, "overall", "E", "X", scale=(1, 5), weights="w")),
        lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5), weights="w").table, ["estimate", "se"], "term"),
        src="disconfirmation(duckdb, 'overall','E','X', scale=(1,5), weights='w')")
    run("A35", A, "importance_performance DuckDB vs pandas", "ok",
        lambda: duck_call(lambda rel: cx.satisfaction.importance_performance(rel, "overall", ATTS)),
        lambda r, w: same_table(r.table, cx.satisfaction.importance_performance(DF, "overall", ATTS).table, ["performance", "importance"], "attribute"),
        src="importance_performance(duckdb, 'overall', ATTS)")
    run("A36", A, "moments DuckDB with NULLs and missing_codes vs pandas", "ok",
        lambda: (lambda d: duck_call.__call__(lambda rel: None) or (lambda rel_con: cx.satisfaction.moments(rel_con[0], M_ALL, missing_codes=[9]))(to_duck(d)))(
            DF.assign(a2=DF.a2.where(DF.index % 4 != 0), a3=DF.a3.where(DF.index % 11 != 0, 9))),
        lambda r, w: same_table(r.table, cx.satisfaction.moments(DF.assign(a2=DF.a2.where(DF.index % 4 != 0), a3=DF.a3.where(DF.index % 11 != 0, 9)), M_ALL, missing_codes=[9]).table, ["n", "mean", "sd"]),
        src="moments(duckdb with NULL a2 and 9-codes in a3, M_ALL, missing_codes=[9])")

if pa is not None:
    run("A37", A, "drivers pyarrow Table vs pandas", "ok",
        lambda: cx.satisfaction.drivers(pa.Table.from_pandas(DF), "overall", ATTS),
        lambda r, w: same_table(r.table, ref().table, ["weight", "beta"], "attribute"),
        src="drivers(pa.Table.from_pandas(DF), 'overall', ATTS)")

MB = lambda **k: cx.satisfaction.moments(DF, M_ALL, bands=ATTS, scale=(1, 5), **k)
run("A38", A, "penalty_reward Moments(bands) vs rows", "ok",
    lambda: cx.satisfaction.penalty_reward(MB(), "overall", ATTS),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5)).table, pr_cols() + ["penalty_ci_low", "n_low", "n_high"], "attribute"),
    src="penalty_reward(moments(DF, M_ALL, bands=ATTS, scale=(1,5)), 'overall', ATTS)")
run("A39", A, "penalty_reward Moments(bands, by, weights) vs rows", "ok",
    lambda: cx.satisfaction.penalty_reward(MB(by="seg", weights="w"), "overall", ATTS, by="seg", weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5), by="seg", weights="w").table, pr_cols() + ["n_low"], ["seg", "attribute"]),
    src="penalty_reward(moments(..., bands, by='seg', weights='w'), ..., by='seg', weights='w')")
run("A40", A, "penalty_reward Moments without bands refused naming bands", "refuse",
    lambda: cx.satisfaction.penalty_reward(cx.satisfaction.moments(DF, M_ALL), "overall", ATTS),
    names=["bands"], src="penalty_reward(moments(DF, M_ALL), 'overall', ATTS)")
run("A41", A, "penalty_reward Moments(bands, 1-2/4-5) but call with low=1 high=5", "refuse",
    lambda: cx.satisfaction.penalty_reward(MB(), "overall", ATTS, low=1, high=5),
    names=["low", "high", "bands"], src="penalty_reward(moments(bands default), ..., low=1, high=5)")
run("A42", A, "penalty_reward Moments bands on a1,a2 only, call with all four", "refuse",
    lambda: cx.satisfaction.penalty_reward(cx.satisfaction.moments(DF, M_ALL, bands=["a1", "a2"], scale=(1, 5)), "overall", ATTS),
    names=["a3", "a4", "bands"], src="penalty_reward(moments(bands=['a1','a2']), 'overall', ATTS)")
run("A43", A, "penalty_reward Moments bands + n_boot refused", "refuse",
    lambda: cx.satisfaction.penalty_reward(MB(), "overall", ATTS, n_boot=100),
    names=["n_boot"], src="penalty_reward(moments(bands), ..., n_boot=100)")
run("A44", A, "penalty_reward Moments with call scale=(1,5) matching", "either",
    lambda: cx.satisfaction.penalty_reward(MB(), "overall", ATTS, scale=(1, 5)),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5)).table, pr_cols(), "attribute"),
    names=["scale"], src="penalty_reward(moments(bands, scale=(1,5)), ..., scale=(1,5))")
run("A45", A, "penalty_reward Moments(bands, scale 1-5) called with scale=(1,7)", "refuse",
    lambda: cx.satisfaction.penalty_reward(MB(), "overall", ATTS, scale=(1, 7)),
    names=["scale"], src="penalty_reward(moments(bands, scale=(1,5)), ..., scale=(1,7))")
run("A46", A, "moments bands inferred scale when data uses 2-4 only", "ok",
    lambda: cx.satisfaction.moments(DF.assign(a1=DF.a1.clip(2, 4)), M_ALL, bands=["a1"]),
    lambda r, w: (r.bands.low_text, r.bands.high_text) and "bands read",
    src="moments(DF a1 clipped 2..4, bands=['a1'])")

PRODS = [("E", "E"), ("E", "X"), ("X", "X")]
run("A47", A, "disconfirmation Moments(products) vs rows", "ok",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(DF, ["overall", "E", "X"], products=PRODS), "overall", "E", "X", scale=(1, 5)),
    lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5)).table, ["estimate", "se", "p_value"], "term"),
    src="disconfirmation(moments(DF, ['overall','E','X'], products=PRODS), 'overall','E','X', scale=(1,5))")
run("A48", A, "disconfirmation Moments(products) weighted centre='mean' vs rows", "ok",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(DF, ["overall", "E", "X"], products=PRODS, weights="w"), "overall", "E", "X", scale=(1, 5), centre="mean", weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5), centre="mean", weights="w").table, ["estimate", "se"], "term"),
    src="disconfirmation(moments(..., products, weights='w'), ..., centre='mean', weights='w')")
run("A49", A, "disconfirmation Moments without products refused naming products", "refuse",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(DF, ["overall", "E", "X"]), "overall", "E", "X"),
    names=["products", "E*E"], src="disconfirmation(moments(DF, ['overall','E','X']), 'overall','E','X')", revised="after run 1: names widened to the missing product columns (the brief accepts a message naming the column)")
run("A50", A, "disconfirmation Moments with by refused (docs: without by)", "refuse",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(DF, ["overall", "E", "X"], products=PRODS, by="seg"), "overall", "E", "X"),
    names=["by", "seg", "group"], src="disconfirmation(moments(..., products, by='seg'), ...)")
run("A51", A, "disconfirmation Moments with cluster= refused", "refuse",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(DF, ["overall", "E", "X"], products=PRODS), "overall", "E", "X", cluster="seg"),
    names=["cluster"], src="disconfirmation(moments(products), ..., cluster='seg')")
run("A52", A, "disconfirmation Moments with products reversed order (X,E)", "either",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(DF, ["overall", "E", "X"], products=[("E", "E"), ("X", "E"), ("X", "X")]), "overall", "E", "X", scale=(1, 5)),
    lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5)).table, ["estimate", "se"], "term"),
    names=["products", "E*X", "X*E"], src="disconfirmation(moments(..., products=[('E','E'),('X','E'),('X','X')]), ...)")
run("A53", A, "drivers from Moments that also hold bands and products", "ok",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF, [*M_ALL, "E", "X"], bands=ATTS, scale=(1, 5), products=PRODS), "overall", ATTS),
    lambda r, w: same_table(r.table, ref().table, ["weight", "beta", "p_value"], "attribute"),
    src="drivers(moments(..., bands=ATTS, products=PRODS), 'overall', ATTS)")
run("A54", A, "importance_performance Moments vs rows (cut=median)", "ok",
    lambda: cx.satisfaction.importance_performance(cx.satisfaction.moments(DF, M_ALL), "overall", ATTS, cut="median"),
    lambda r, w: same_table(r.table, cx.satisfaction.importance_performance(DF, "overall", ATTS, cut="median").table, ["performance", "importance"], "attribute") + "; quadrants " + str(
        (r.table.sort_values("attribute").quadrant.values == cx.satisfaction.importance_performance(DF, "overall", ATTS, cut="median").table.sort_values("attribute").quadrant.values).all()),
    src="importance_performance(moments(DF, M_ALL), 'overall', ATTS, cut='median')")
run("A55", A, "drivers Moments: weights with zeros vs rows without them", "ok",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF.assign(w=DF.w.where(DF.index % 3 != 0, 0.0)), M_ALL, weights="w"), "overall", ATTS, weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF[DF.index % 3 != 0], "overall", ATTS, weights="w").table, ["weight", "beta"], "attribute"),
    src="drivers(moments(DF with w=0 on every 3rd row, weights='w'), ..., weights='w')")
run("A56", A, "moments on an empty frame", "refuse",
    lambda: cx.satisfaction.moments(DF.iloc[:0], M_ALL),
    names=["empty", "no rows", "rows"], src="moments(DF.iloc[:0], M_ALL)")
run("A57", A, "moments columns=[] refused naming columns", "refuse",
    lambda: cx.satisfaction.moments(DF, []), names=["columns"], src="moments(DF, [])")
run("A58", A, "moments duplicate columns refused", "refuse",
    lambda: cx.satisfaction.moments(DF, ["a1", "a1"]), names=["columns", "a1"], src="moments(DF, ['a1','a1'])")
run("A59", A, "moments products naming absent column", "refuse",
    lambda: cx.satisfaction.moments(DF, ["overall", "E", "X"], products=[("E", "Z")]), names=["Z"], src="moments(DF, [...], products=[('E','Z')])")

# ============================================================ B. segments
B = "segments"
thin = DF.copy()
thin.loc[:5, "seg"] = "tiny"  # 6 rows: k=4 attributes -> k+2 = 6 rows: not estimable
thin6 = thin


def seg_check_thin(r, w, seg="tiny", col="seg"):
    t = r.table
    if seg not in set(t[col].astype(str)):
        raise Silent(f"segment {seg!r} missing from table (rows lost without a word)")
    sub = t[t[col].astype(str) == seg]
    note_col = "note" if "note" in t else None
    if note_col is None or not sub[note_col].astype(str).str.len().gt(0).all():
        raise Silent(f"segment {seg!r} has no note: {sub.head(2).to_dict('records')}")
    if not any("ThinData" in m or seg in m for m in w):
        raise Silent("no ThinDataWarning naming the segment")
    return f"thin segment kept with note: {sub[note_col].iloc[0][:80]}"


run("B01", B, "drivers by with a 6-row segment (k+2, not estimable)", "ok",
    lambda: cx.satisfaction.drivers(thin6, "overall", ATTS, by="seg"), seg_check_thin,
    src="drivers(DF with seg='tiny' on 6 rows, ..., by='seg')")
thin7 = DF.copy(); thin7.loc[:6, "seg"] = "tiny"
run("B02", B, "drivers by with 7-row segment (estimated, thin note)", "ok",
    lambda: cx.satisfaction.drivers(thin7, "overall", ATTS, by="seg"), seg_check_thin,
    src="drivers(DF with 7-row 'tiny' segment, by='seg')")
thin1 = DF.copy(); thin1.loc[0, "seg"] = "tiny"
run("B03", B, "drivers by with 1-row segment", "ok",
    lambda: cx.satisfaction.drivers(thin1, "overall", ATTS, by="seg"), seg_check_thin,
    src="drivers(DF with 1-row segment, by='seg')")
run("B04", B, "drivers by: rows accounting sums for thin segment", "ok",
    lambda: cx.satisfaction.drivers(thin6, "overall", ATTS, by="seg"),
    lambda r, w: (lambda s: s if "segment" in s.lower() or "estimable" in s.lower() else (_ for _ in ()).throw(Silent("rows do not mention the thin segment: " + s)))(str(r.rows)),
    src="str(drivers(thin6, ..., by='seg').rows)")
catdf = DF.assign(seg=pd.Categorical(DF.seg, categories=["s1", "s2", "s3", "empty"]))
run("B05", B, "drivers by categorical with an unused level", "ok",
    lambda: cx.satisfaction.drivers(catdf, "overall", ATTS, by="seg"),
    lambda r, w: same_table(r.table[r.table.seg.astype(str) != "empty"].assign(seg=lambda t: t.seg.astype(str)), ref(by="seg").table, ["weight", "beta"], ["seg", "attribute"]) + f"; empty level rows: {(r.table.seg.astype(str) == 'empty').sum()}",
    src="drivers(DF with Categorical seg incl. unused 'empty', by='seg')")
run("B06", B, "drivers by with NaN segment counted in rows", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(seg=DF.seg.where(DF.index % 10 != 0)), "overall", ATTS, by="seg"),
    lambda r, w: (lambda s: s[:120] if ("segment" in s.lower() or "seg missing" in s.lower()) else (_ for _ in ()).throw(Silent("rows do not count missing segment: " + s)))(str(r.rows)),
    src="drivers(DF seg NaN every 10th row, by='seg').rows")
run("B07", B, "drivers by with constant attribute in one segment", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(a2=np.where(DF.seg == "s3", 3, DF.a2)), "overall", ATTS, by="seg"),
    lambda r, w: seg_check_thin(r, w, "s3"), src="drivers(DF a2 constant in s3, by='seg')")
run("B08", B, "drivers by two columns, one combination thin", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(g2=np.where(DF.index < 3, "x", "y")), "overall", ATTS, by=["seg", "g2"]),
    lambda r, w: (r.table.groupby(["seg", "g2"]).size().shape[0] >= 4 or (_ for _ in ()).throw(Silent("groups lost"))) and "all combinations present",
    src="drivers(DF + g2 ('x' on 3 rows), by=['seg','g2'])")
run("B09", B, "drivers by where every segment is thin", "either",
    lambda: cx.satisfaction.drivers(DF.assign(seg=DF.index // 5), "overall", ATTS, by="seg"),
    lambda r, w: (r.table["note"].astype(str).str.len().gt(0).all() or (_ for _ in ()).throw(Silent("not all noted"))) and "all segments noted",
    names=["segment", "seg"], src="drivers(DF seg = index//5 (5-row groups), by='seg')")
run("B10", B, "Moments by with thin segment -> drivers same as rows", "ok",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(thin6, M_ALL, by="seg"), "overall", ATTS, by="seg"),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(thin6, "overall", ATTS, by="seg").table, ["weight", "beta"], ["seg", "attribute"]) + "; " + seg_check_thin(r, w),
    src="drivers(moments(thin6, by='seg'), ..., by='seg')")
if pl is not None:
    run("B11", B, "Polars by with thin segment same as pandas", "ok",
        lambda: cx.satisfaction.drivers(to_pl(thin6), "overall", ATTS, by="seg"),
        lambda r, w: same_table(r.table, cx.satisfaction.drivers(thin6, "overall", ATTS, by="seg").table, ["weight", "beta"], ["seg", "attribute"]) + "; " + seg_check_thin(r, w),
        src="drivers(polars thin6, ..., by='seg')")
thinpr = DF.copy(); thinpr.loc[:9, "seg"] = "tiny"  # 10 rows = 2k+2: not estimable
run("B12", B, "penalty_reward by with 10-row segment (2k+2)", "ok",
    lambda: cx.satisfaction.penalty_reward(thinpr, "overall", ATTS, scale=(1, 5), by="seg"),
    lambda r, w: seg_check_thin(r, w) + ("; factor " + str(r.table[r.table.seg == "tiny"].factor.unique())),
    src="penalty_reward(DF with 10-row segment, scale=(1,5), by='seg')")
run("B13", B, "penalty_reward by: segment with empty high band of a1", "ok",
    lambda: cx.satisfaction.penalty_reward(DF.assign(a1=np.where(DF.seg == "s3", DF.a1.clip(1, 3), DF.a1)), "overall", ATTS, scale=(1, 5), by="seg"),
    lambda r, w: (lambda row: f"factor={row.factor.iloc[0]}, note={str(row.note.iloc[0])[:60]}" if row.factor.iloc[0] == "not estimable" else (_ for _ in ()).throw(Silent(f"a1 in s3 factor={row.factor.iloc[0]}")))(r.table[(r.table.seg == "s3") & (r.table.attribute == "a1")]),
    src="penalty_reward(DF a1<=3 in s3, scale=(1,5), by='seg')")
run("B14", B, "penalty_reward by: tests note the thin segment", "ok",
    lambda: cx.satisfaction.penalty_reward(thinpr, "overall", ATTS, scale=(1, 5), by="seg"),
    lambda r, w: (r.tests is not None and r.tests["note"].astype(str).str.contains("tiny").any() or (_ for _ in ()).throw(Silent("tests do not mention tiny: " + str(r.tests.to_dict('records')[:1])))) and "tests mention tiny",
    src="penalty_reward(thinpr, by='seg').tests")
KR = cx.kano.code(pd.DataFrame({"respondent": range(60), "seg": ["a"] * 59 + ["b"],
                                 "wifi_f": np.random.default_rng(3).choice(["I like it", "I expect it", "I'm neutral"], 60),
                                 "wifi_d": np.random.default_rng(4).choice(["I dislike it", "I'm neutral", "I can tolerate it"], 60)}))
run("B15", B, "kano.analyze by with a 1-answer segment", "ok",
    lambda: cx.kano.analyze(KR, by="seg"),
    lambda r, w: ("b" in set(r.table.seg.astype(str)) or (_ for _ in ()).throw(Silent("segment b missing"))) and (any("Thin" in m for m in w) or (_ for _ in ()).throw(Silent("no ThinDataWarning"))) and "segment b kept, thin warned",
    src="kano.analyze(coded with seg 'b' of 1 answer, by='seg')")
run("B16", B, "kano.analyze by categorical with unused level", "ok",
    lambda: cx.kano.analyze(KR.assign(seg=pd.Categorical(KR.seg, ["a", "b", "zz"])), by="seg", min_n=0),
    lambda r, w: f"groups {sorted(set(r.table.seg.astype(str)))}; n={r.table.n.tolist()}" if not r.table.loc[r.table.seg.astype(str) == "zz", "better"].notna().any() else (_ for _ in ()).throw(Silent("empty level got numbers")),
    src="kano.analyze(coded with Categorical seg incl unused 'zz', by='seg')")
run("B17", B, "kano.counts by with NaN segment counted", "ok",
    lambda: cx.kano.counts(KR.assign(seg=KR.seg.where(KR.index % 6 != 0)), by="seg"),
    lambda r, w: (lambda rows: f"rows {rows}" if rows else (_ for _ in ()).throw(Silent("no row accounting")))(r.attrs.get("cxresearch", {}).get("rows")),
    src="kano.counts(coded with NaN seg, by='seg')")
TOLDF = pd.DataFrame({"wait_adequate": [5, 6, 4, 5, 7, 6], "wait_desired": [8, 8, 7, 9, 8, 9], "wait_perceived": [6, 7, 8, 4, 7, 9],
                      "seg": ["a", "a", "a", "a", "a", "b"]})
run("B18", B, "tolerance by with a 1-row segment", "ok",
    lambda: cx.expectation.tolerance(TOLDF, "wait", by="seg"),
    lambda r, w: ("b" in set(r.table.seg.astype(str)) or (_ for _ in ()).throw(Silent("segment b missing"))) and f"b: zone={r.table[r.table.seg == 'b'].zone.iloc[0]}, msa_ci_low={r.table[r.table.seg == 'b'].msa_ci_low.iloc[0]}",
    src="tolerance(6 rows, 'wait', by='seg') with seg b of 1 row")
PROM = pd.DataFrame({"p": np.tile([2, 4, 6, 8], 30), "d": np.random.default_rng(5).gamma(3, 1.5, 120).round(1)})
PROM["s"] = 7 - 0.3 * PROM.p + 0.2 * np.maximum(PROM.p - PROM.d, 0) - 0.6 * np.maximum(PROM.d - PROM.p, 0) + np.random.default_rng(6).normal(0, .5, 120)
PROM["seg"] = ["a"] * 117 + ["b"] * 3
run("B19", B, "promise by with a 3-row segment", "ok",
    lambda: cx.expectation.promise(PROM, promised="p", delivered="d", outcome="s", by="seg"),
    lambda r, w: (lambda b: f"b optimum={b.optimum.iloc[0]}, note={str(b.note.iloc[0])[:60]}" if (b.optimum.iloc[0] == "not identified" or str(b.note.iloc[0])) else (_ for _ in ()).throw(Silent(f"3-row segment estimated without note: {b.to_dict('records')}")))(r.table[r.table.seg == "b"]),
    src="promise(PROM, promised='p', delivered='d', outcome='s', by='seg') seg b 3 rows")
TP = pd.DataFrame({f"{t}_{k}": np.random.default_rng(i * 2 + (k == "expectation")).integers(1, 8, 90) for i, t in enumerate(["door", "queue", "desk"]) for k in ["experience", "expectation"]})
TP["overall"] = (TP.door_experience + TP.queue_experience - TP.queue_expectation + 7).clip(1, 10)
TP["seg"] = ["a"] * 45 + ["b"] * 43 + ["c"] * 2
run("B20", B, "touchpoints by with a 2-row segment", "ok",
    lambda: cx.journey.touchpoints(TP, by="seg", outcome="overall", scale=(1, 7)),
    lambda r, w: (lambda c: f"c kept, importance={c.importance.tolist()}" if len(c) == 3 else (_ for _ in ()).throw(Silent(f"segment c rows={len(c)}")))(r.table[r.table.seg == "c"]),
    src="journey.touchpoints(TP, by='seg', outcome='overall', scale=(1,7)) seg c 2 rows")
run("B21", B, "by=[] (empty list) refused naming by", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, by=[]), names=["by"], src="drivers(DF, ..., by=[])")
run("B22", B, "by column absent refused naming it", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, by="region"), names=["region"], src="drivers(DF, ..., by='region')")
run("B23", B, "by equal to an attribute column", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, by="a1"), names=["a1"], src="drivers(DF, ..., by='a1')")
run("B24", B, "drivers by numeric segment column (ints)", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(seg=DF.seg.map({"s1": 1, "s2": 2, "s3": 3})), "overall", ATTS, by="seg"),
    lambda r, w: same_table(r.table.assign(seg=r.table.seg.map({1: "s1", 2: "s2", 3: "s3"})), ref(by="seg").table, ["weight"], ["seg", "attribute"]),
    src="drivers(DF seg as 1/2/3, by='seg')")
run("B25", B, "dropoff.detect by with a segment seen in one wave", "ok",
    lambda: cx.dropoff.detect(pd.DataFrame({"attribute": "x", "category": np.random.default_rng(1).choice(list("AOMI"), 400), "wave": np.repeat([1, 2, 3, 4], 100), "seg": ["p"] * 390 + ["q"] * 10}), by="seg"),
    lambda r, w: (lambda q: f"q direction={q.direction.iloc[0]}" if q.direction.iloc[0] == "insufficient data" else (_ for _ in ()).throw(Silent(f"q direction={q.direction.iloc[0]}")))(r.table[r.table.seg == "q"]),
    src="dropoff.detect(long with seg q only in wave 4, by='seg')")
run("B26", B, "gap_analysis by? (not supported) - long data with one attribute 1 row", "ok",
    lambda: cx.satisfaction.gap_analysis(pd.DataFrame({"attribute": ["x", "x", "y"], "experience": [3, 4, 5], "expectation": [4, 4, 4], "importance": [5, 5, 3]})),
    lambda r, w: f"rows {len(r.table)}; y gap={r.table.set_index('attribute').loc['y'].filter(like='gap').tolist()[:2]}",
    src="gap_analysis(long x:2 rows, y:1 row)")

# ============================================================ C. weights
C = "weights"
rep = DF.loc[DF.index.repeat(DF.w.astype(int))].reset_index(drop=True)
run("C01", C, "drivers integer weights == replicated rows (weights, beta)", "ok",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(rep, "overall", ATTS).table, ["weight", "beta", "mean", "r"], "attribute"),
    src="drivers(DF, ..., weights='w') vs drivers(replicated rows)")
for i, (lab, val) in enumerate([("all-equal 1", 1.0), ("all-equal 7.5", 7.5), ("huge 1e12", 1e12), ("tiny 1e-12", 1e-12), ("huge 1e300", 1e300), ("subnormal 1e-310", 1e-310)]):
    run(f"C{i+2:02d}", C, f"drivers {lab} weights == unweighted incl CIs", "ok",
        lambda val=val: cx.satisfaction.drivers(DF.assign(wc=val), "overall", ATTS, weights="wc"),
        lambda r, w: same_table(r.table, ref().table, ["weight", "beta", "beta_ci_low", "p_value"], "attribute", tol=1e-6),
        src=f"drivers(DF.assign(wc={val}), ..., weights='wc')")
run("C08", C, "drivers zero weights == rows dropped", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(w=DF.w.where(DF.index % 4 != 0, 0)), "overall", ATTS, weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF[DF.index % 4 != 0], "overall", ATTS, weights="w").table, ["weight", "beta", "beta_ci_low"], "attribute"),
    src="drivers(DF w=0 on every 4th row, weights='w')")
run("C09", C, "drivers zero weights counted in rows", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(w=DF.w.where(DF.index % 4 != 0, 0)), "overall", ATTS, weights="w"),
    lambda r, w: (lambda s: s[:100] if "weight" in s.lower() else (_ for _ in ()).throw(Silent("rows do not mention zero weight: " + s)))(str(r.rows)),
    src="str(drivers(DF w=0..., weights='w').rows)")
run("C10", C, "drivers all weights zero", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(w=0.0), "overall", ATTS, weights="w"), names=["w", "weight"], src="drivers(DF.assign(w=0.0), ..., weights='w')")
run("C11", C, "drivers NaN weight refused naming column", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(w=DF.w.where(DF.index != 7)), "overall", ATTS, weights="w"), names=["'w'", "w"], src="drivers(DF w NaN at row 7, weights='w')")
run("C12", C, "drivers negative weight refused", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(w=DF.w.where(DF.index != 7, -1)), "overall", ATTS, weights="w"), names=["w"], src="drivers(DF w=-1 at row 7, weights='w')")
run("C13", C, "drivers inf weight refused", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(w=DF.w.where(DF.index != 7, np.inf)), "overall", ATTS, weights="w"), names=["w"], src="drivers(DF w=inf at row 7, weights='w')")
run("C14", C, "drivers string weight column refused", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(w=DF.w.astype(str)), "overall", ATTS, weights="w"), names=["w"], check=lambda r, w: same_table(r.table, ref(weights="w").table, ["weight", "beta"], "attribute"), src="drivers(DF w as str, weights='w')")
run("C15", C, "drivers weights column absent", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, weights="wt"), names=["wt"], src="drivers(DF, ..., weights='wt')")
run("C16", C, "drivers boolean weights (True/False) == subset", "either",
    lambda: cx.satisfaction.drivers(DF.assign(wb=DF.index % 2 == 0), "overall", ATTS, weights="wb"),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF[DF.index % 2 == 0], "overall", ATTS).table, ["weight", "beta"], "attribute"),
    names=["wb"], src="drivers(DF.assign(wb=bool), weights='wb')")
run("C17", C, "drivers weights one huge outlier (1e9 vs 1)", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(wx=np.where(DF.index == 0, 1e9, 1.0)), "overall", ATTS, weights="wx"),
    lambda r, w: (lambda f: f"n_eff={f.get('n_eff')}" if (float(f.get("n_eff", 99)) < 5) else (_ for _ in ()).throw(Silent(f"fits: {f}")))(r.fits.iloc[0].to_dict()),
    src="drivers(DF weight 1e9 on row 0, 1 else, weights='wx') -> n_eff ~1")
run("C18", C, "penalty_reward integer weights == replicated rows", "ok",
    lambda: cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5), weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(rep, "overall", ATTS, scale=(1, 5)).table, ["penalty", "reward", "asymmetry"], "attribute"),
    src="penalty_reward(DF, weights='w') vs replicated")
run("C19", C, "penalty_reward all-equal weights == unweighted incl CI", "ok",
    lambda: cx.satisfaction.penalty_reward(DF.assign(wc=3.0), "overall", ATTS, scale=(1, 5), weights="wc"),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5)).table, ["penalty", "reward", "penalty_ci_low", "reward_p", "n_low"], "attribute"),
    src="penalty_reward(DF.assign(wc=3.0), weights='wc')")
run("C20", C, "disconfirmation integer weights == replicated estimates", "ok",
    lambda: cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5), weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(rep, "overall", "E", "X", scale=(1, 5)).table, ["estimate"], "term"),
    src="disconfirmation(DF, weights='w') vs replicated")
run("C21", C, "disconfirmation all-equal tiny weights == unweighted", "ok",
    lambda: cx.satisfaction.disconfirmation(DF.assign(wc=1e-9), "overall", "E", "X", scale=(1, 5), weights="wc"),
    lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5)).table, ["estimate", "se", "p_value"], "term", tol=1e-6),
    src="disconfirmation(DF.assign(wc=1e-9), weights='wc')")
KW = pd.DataFrame({"attribute": ["x"] * 10 + ["y"] * 10, "category": list("AAOMIMMAQR") + list("IIIAAOOMMR"), "w": [1, 2, 3, 1, 2, 3, 1, 2, 3, 1] * 2})
KWrep = KW.loc[KW.index.repeat(KW.w)].reset_index(drop=True)
run("C22", C, "kano.analyze integer weights == replicated (shares, better, worse)", "ok",
    lambda: cx.kano.analyze(KW, weights="w", min_n=0),
    lambda r, w: same_table(r.table, cx.kano.analyze(KWrep, min_n=0).table, ["share_A", "share_M", "better", "worse", "category_strength"], "attribute"),
    src="kano.analyze(KW, weights='w') vs replicated")
run("C23", C, "kano.analyze weighted count table == weighted responses", "ok",
    lambda: cx.kano.analyze(cx.kano.counts(KW, weights="w"), min_n=0),
    lambda r, w: same_table(r.table, cx.kano.analyze(KW, weights="w", min_n=0).table, ["share_A", "better", "better_ci_low", "n_eff"], "attribute"),
    src="kano.analyze(kano.counts(KW, weights='w'))")
run("C24", C, "kano.analyze all-equal weights 0.001 == unweighted shares and CIs", "ok",
    lambda: cx.kano.analyze(KW.assign(w=0.001), weights="w", min_n=0),
    lambda r, w: same_table(r.table, cx.kano.analyze(KW, min_n=0).table, ["share_A", "better", "better_ci_low", "worse_ci_high"], "attribute"),
    src="kano.analyze(KW.assign(w=0.001), weights='w')")
run("C25", C, "kano.counts NaN weight refused", "refuse",
    lambda: cx.kano.counts(KW.assign(w=KW.w.where(KW.index != 2)), weights="w"), names=["w"], src="kano.counts(KW w NaN, weights='w')")
run("C26", C, "kano.analyze all weights of an attribute zero", "either",
    lambda: cx.kano.analyze(KW.assign(w=np.where(KW.attribute == "y", 0, KW.w)), weights="w", min_n=0),
    lambda r, w: (lambda y: f"y kept: n={y.n.iloc[0]}, better={y.better.iloc[0]}" if len(y) and (any("y" in m for m in w) or str(r.rows).find("weight") >= 0) else (_ for _ in ()).throw(Silent(f"y rows={len(y)}, warnings={w[:2]}, rows={r.rows}")))(r.table[r.table.attribute == "y"]),
    names=["y", "weight"], src="kano.analyze(KW with w=0 for all of y, weights='w')")
run("C27", C, "tolerance all-equal weights == unweighted", "ok",
    lambda: cx.expectation.tolerance(TOLDF.assign(wc=2.5), "wait", weights="wc"),
    lambda r, w: same_table(r.table, cx.expectation.tolerance(TOLDF, "wait").table, ["msa", "mss", "msa_ci_low", "failure", "failure_ci_high"], "attribute"),
    src="tolerance(TOLDF.assign(wc=2.5), 'wait', weights='wc')")
run("C28", C, "promise all-equal weights == unweighted", "ok",
    lambda: cx.expectation.promise(PROM.assign(wc=4.0), promised="p", delivered="d", outcome="s", weights="wc", grid=50),
    lambda r, w: same_table(r.table, cx.expectation.promise(PROM, promised="p", delivered="d", outcome="s", grid=50).table, ["gain", "loss", "best_promise", "closed_form_promise"], "seg" if "seg" in r.table else None),
    src="promise(PROM.assign(wc=4.0), ..., weights='wc', grid=50)")
run("C29", C, "gap_analysis integer weights == replicated", "ok",
    lambda: cx.satisfaction.gap_analysis(pd.DataFrame({"attribute": list("xxxyyy"), "experience": [3, 4, 5, 2, 2, 4], "expectation": [4, 4, 4, 3, 5, 3], "importance": [5, 4, 3, 2, 3, 4], "w": [1, 2, 3, 3, 2, 1]}), weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.gap_analysis(pd.DataFrame({"attribute": list("xxxyyy"), "experience": [3, 4, 5, 2, 2, 4], "expectation": [4, 4, 4, 3, 5, 3], "importance": [5, 4, 3, 2, 3, 4], "w": [1, 2, 3, 3, 2, 1]}).pipe(lambda d: d.loc[d.index.repeat(d.w)])).table,
                           [c for c in r.table.columns if c in ("experience", "expectation", "gap", "importance")], "attribute"),
    src="gap_analysis(long 6 rows, weights='w') vs replicated")
run("C30", C, "dropoff.detect weighted count table == weighted responses", "ok",
    lambda: cx.dropoff.detect(cx.kano.counts(KW.assign(wave=np.tile([1, 2, 3, 4, 5], 4)), by="wave", weights="w")),
    lambda r, w: same_table(r.table, cx.dropoff.detect(KW.assign(wave=np.tile([1, 2, 3, 4, 5], 4)), weights="w").table, ["n", "m_share_slope", "n_eff"], "attribute"),
    src="dropoff.detect(kano.counts(KW+wave, by='wave', weights='w'))")
run("C31", C, "penalty_reward weights as int64 column (not float)", "ok",
    lambda: cx.satisfaction.penalty_reward(DF.assign(wi=DF.w.astype("int64")), "overall", ATTS, scale=(1, 5), weights="wi"),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5), weights="w").table, pr_cols(), "attribute"),
    src="penalty_reward(DF.assign(wi=int64 weights), weights='wi')")
run("C32", C, "drivers nullable Float64 weights with pd.NA refused", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(w=DF.w.astype("Float64").where(DF.index != 4, pd.NA)), "overall", ATTS, weights="w"), names=["w"],
    src="drivers(DF w Float64 with pd.NA, weights='w')")

# ============================================================ D. missing codes
D = "missing"
D99 = DF.copy(); D99.loc[D99.index % 6 == 0, "a3"] = 99; D99.loc[D99.index % 13 == 0, "overall"] = 0
clean99 = D99[(D99.a3 != 99) & (D99.overall != 0)]
run("D01", D, "drivers missing_codes=[0,99] == rows dropped", "ok",
    lambda: cx.satisfaction.drivers(D99, "overall", ATTS, missing_codes=[0, 99]),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(clean99, "overall", ATTS).table, ["weight", "beta", "mean"], "attribute"),
    src="drivers(D99, ..., missing_codes=[0,99])")
run("D02", D, "drivers missing_codes recoded counted per column", "ok",
    lambda: cx.satisfaction.drivers(D99, "overall", ATTS, missing_codes=[0, 99]),
    lambda r, w: (lambda rc: f"recoded={rc}" if rc and dict(rc).get("a3") == int((D99.a3 == 99).sum()) and dict(rc).get("overall") == int((D99.overall == 0).sum()) else (_ for _ in ()).throw(Silent(f"recoded={rc}")))(getattr(r.rows, "recoded", None)),
    src="drivers(D99, missing_codes=[0,99]).rows.recoded")
run("D03", D, "drivers no missing_codes, 99 in a3 -> ScaleWarning naming a3", "ok",
    lambda: cx.satisfaction.drivers(D99.assign(overall=D99.overall.replace(0, 5)), "overall", ATTS),
    lambda r, w: (lambda m: m[0][:100] if m else (_ for _ in ()).throw(Silent(f"no ScaleWarning naming a3; warnings={w[:2]}")))([x for x in w if "Scale" in x and "a3" in x]),
    src="drivers(D99 w/o zeros in overall, 'overall', ATTS)  # 99 in a3")
run("D04", D, "drivers declared scale, 99 present, no missing_codes -> refused naming a3", "refuse",
    lambda: cx.satisfaction.drivers(D99.assign(overall=D99.overall.replace(0, 5)), "overall", ATTS, scale=(1, 5)),
    names=["a3"], src="drivers(D99, ..., scale=(1,5))")
run("D05", D, "drivers missing_codes scalar 99", "ok",
    lambda: cx.satisfaction.drivers(D99.assign(overall=D99.overall.replace(0, 5)), "overall", ATTS, missing_codes=99),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(D99[D99.a3 != 99].assign(overall=lambda d: d.overall.replace(0, 5)), "overall", ATTS).table, ["weight"], "attribute"),
    src="drivers(D99, missing_codes=99)")
run("D06", D, "drivers missing_codes value not present", "ok",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, missing_codes=[-9]),
    lambda r, w: same_table(r.table, ref().table, ["weight"], "attribute"), src="drivers(DF, missing_codes=[-9])")
run("D07", D, "drivers missing_codes as string '99' for numeric columns", "either",
    lambda: cx.satisfaction.drivers(D99.assign(overall=D99.overall.replace(0, 5)), "overall", ATTS, missing_codes="99"),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(D99[D99.a3 != 99].assign(overall=lambda d: d.overall.replace(0, 5)), "overall", ATTS).table, ["weight"], "attribute"),
    names=["missing_codes", "99"], src="drivers(D99, missing_codes='99')")
run("D08", D, "drivers missing_codes=[np.nan]", "either",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, missing_codes=[np.nan]),
    lambda r, w: same_table(r.table, ref().table, ["weight"], "attribute"), names=["missing_codes"], src="drivers(DF, missing_codes=[nan])")
run("D09", D, "drivers missing='raise' with NaN refused naming column", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(a2=DF.a2.where(DF.index != 5)), "overall", ATTS, missing="raise"), names=["a2"],
    src="drivers(DF a2 NaN row 5, missing='raise')")
run("D10", D, "penalty_reward missing_codes == dropping rows", "ok",
    lambda: cx.satisfaction.penalty_reward(D99, "overall", ATTS, missing_codes=[0, 99], scale=(1, 5)),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(clean99, "overall", ATTS, scale=(1, 5)).table, pr_cols() + ["n_low"], "attribute"),
    src="penalty_reward(D99, missing_codes=[0,99], scale=(1,5))")
run("D11", D, "penalty_reward missing_codes without scale: bands from 1..5 not 0..99", "ok",
    lambda: cx.satisfaction.penalty_reward(D99, "overall", ATTS, missing_codes=[0, 99]),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(clean99, "overall", ATTS).table, pr_cols(), "attribute"),
    src="penalty_reward(D99, missing_codes=[0,99])")
run("D12", D, "disconfirmation missing_codes == dropping", "ok",
    lambda: cx.satisfaction.disconfirmation(D99.assign(X=D99.X.where(D99.index % 8 != 0, 99)), "overall", "E", "X", missing_codes=[0, 99], scale=(1, 5)),
    lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(D99[(D99.index % 8 != 0) & (D99.overall != 0)], "overall", "E", "X", scale=(1, 5)).table, ["estimate", "se"], "term"),
    src="disconfirmation(D99 with X=99 every 8th, missing_codes=[0,99], scale=(1,5))")
run("D13", D, "tolerance missing_codes 0 == those answers missing", "ok",
    lambda: cx.expectation.tolerance(TOLDF.assign(wait_perceived=[6, 0, 8, 4, 7, 9]), "wait", missing_codes=0),
    lambda r, w: same_table(r.table, cx.expectation.tolerance(TOLDF.drop(index=1), "wait").table, ["msa", "mss", "n"], "attribute"),
    src="tolerance(TOLDF with perceived 0 in row 1, 'wait', missing_codes=0)")
run("D14", D, "touchpoints missing_codes", "ok",
    lambda: cx.journey.touchpoints(TP.assign(door_experience=TP.door_experience.where(TP.index % 5 != 0, 99)), missing_codes=[99], scale=(1, 7)),
    lambda r, w: (lambda t: f"door n={t.n.iloc[0]}, exp={t.experience.iloc[0]:.3f}" if (t.n.iloc[0] == (TP.index % 5 != 0).sum() and abs(t.experience.iloc[0] - TP.door_experience[TP.index % 5 != 0].mean()) < 1e-9) else (_ for _ in ()).throw(Silent(t.to_dict('records'))))(r.table[r.table.touchpoint == "door"]),
    src="touchpoints(TP door_experience 99 every 5th, missing_codes=[99], scale=(1,7))")
run("D15", D, "Moments missing_codes vs drivers rows missing_codes (penalty_reward bands)", "ok",
    lambda: cx.satisfaction.penalty_reward(cx.satisfaction.moments(D99, M_ALL, missing_codes=[0, 99], bands=ATTS, scale=(1, 5)), "overall", ATTS),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(D99, "overall", ATTS, missing_codes=[0, 99], scale=(1, 5)).table, pr_cols(), "attribute"),
    src="penalty_reward(moments(D99, missing_codes=[0,99], bands, scale), ...)")
run("D16", D, "from_ratings missing_codes", "ok",
    lambda: cx.dropoff.from_ratings(D99.assign(t=np.repeat([1, 2, 3], 100)), "overall", ATTS, time="t", missing_codes=[0, 99], scale=(1, 5), min_n=20),
    lambda r, w: (lambda rc: f"recoded={rc}" if rc else (_ for _ in ()).throw(Silent("no recoded in rows")))(getattr(r.rows, "recoded", None)),
    src="from_ratings(D99 + t, ..., missing_codes=[0,99])")
run("D17", D, "drivers outcome all missing after missing_codes", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(overall=99), "overall", ATTS, missing_codes=[99]), names=["overall"],
    src="drivers(DF overall=99 everywhere, missing_codes=[99])")

# ============================================================ E. scales
E = "scales"
run("E01", E, "drivers declared scale with out-of-range 6 refused naming column", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(a4=DF.a4.where(DF.index != 3, 6)), "overall", ATTS, scale=(1, 5)), names=["a4"],
    src="drivers(DF a4=6 at row 3, scale=(1,5))")
run("E02", E, "drivers scale reversed (5,1) refused naming scale", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, scale=(5, 1)), names=["scale"], src="drivers(DF, scale=(5,1))")
run("E03", E, "drivers scale (3,3) refused", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, scale=(3, 3)), names=["scale"], src="drivers(DF, scale=(3,3))")
run("E04", E, "drivers scale ('1','5') strings refused", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, scale=("1", "5")), names=["scale"], src="drivers(DF, scale=('1','5'))")
run("E05", E, "drivers outcome_scale (1,5) with overall up to 10 refused naming overall", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, outcome_scale=(1, 5)), names=["overall"], src="drivers(DF, outcome_scale=(1,5))")
run("E06", E, "drivers scale (1,5) with fractional ratings 2.5", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(a1=DF.a1 - 0.5 * (DF.index % 2)), "overall", ATTS, scale=(0.5, 5)),
    lambda r, w: "fit", src="drivers(DF a1 - 0.5 on odd rows, scale=(0.5,5))")
run("E07", E, "penalty_reward inferred scale 2..4 vs declared (1,5): bands differ and are stated", "ok",
    lambda: cx.satisfaction.penalty_reward(DF.assign(**{a: DF[a].clip(2, 4) for a in ATTS}), "overall", ATTS),
    lambda r, w: str(r.settings)[:160], src="penalty_reward(DF clipped to 2..4, 'overall', ATTS).settings")
run("E08", E, "penalty_reward scale (1,3) 3-point: low {1}, high {3}", "ok",
    lambda: cx.satisfaction.penalty_reward(DF.assign(**{a: ((DF[a] + 1) // 2) for a in ATTS}), "overall", ATTS, scale=(1, 3)),
    lambda r, w: (lambda t: f"n_low={t.n_low.tolist()}" if np.allclose(t.n_low.values, [(((DF[a] + 1) // 2) == 1).sum() for a in t.attribute]) else (_ for _ in ()).throw(Silent(f"n_low={t.n_low.tolist()}")))(r.table),
    src="penalty_reward(DF on 1-3, scale=(1,3)) n_low vs hand")
run("E09", E, "penalty_reward 0-100 scale bands bottom/top fifth", "ok",
    lambda: cx.satisfaction.penalty_reward(DF.assign(**{a: (DF[a] - 1) * 25 for a in ATTS}), "overall", ATTS, scale=(0, 100)),
    lambda r, w: (lambda t: f"n_low={t.n_low.tolist()}" if np.allclose(t.n_low.values, [(((DF[a] - 1) * 25) <= 20).sum() for a in t.attribute]) else (_ for _ in ()).throw(Silent(f"n_low={t.n_low.tolist()} hand={[(((DF[a] - 1) * 25) <= 20).sum() for a in t.attribute]}")))(r.table),
    src="penalty_reward(DF on 0-100 (0,25,..,100), scale=(0,100))")
run("E10", E, "tolerance scale (1,9) with a 10 refused naming missing_codes", "refuse",
    lambda: cx.expectation.tolerance(TOLDF.assign(wait_perceived=[6, 7, 10, 4, 7, 9]), "wait", scale=(1, 9)), names=["missing_codes"],
    src="tolerance(TOLDF perceived 10, 'wait', scale=(1,9))")
run("E11", E, "disconfirmation scale declared E outside refused", "refuse",
    lambda: cx.satisfaction.disconfirmation(DF.assign(E=DF.E + 1), "overall", "E", "X", scale=(1, 5)), names=["E"],
    src="disconfirmation(DF E+1 (up to 6), scale=(1,5))")
run("E12", E, "drivers scale as list [1,5] accepted", "ok",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, scale=[1, 5]),
    lambda r, w: same_table(r.table, ref().table, ["weight"], "attribute"), src="drivers(DF, scale=[1,5])")
run("E13", E, "drivers scale (1, inf) refused", "refuse",
    lambda: cx.satisfaction.drivers(DF, "overall", ATTS, scale=(1, np.inf)), names=["scale"], src="drivers(DF, scale=(1, inf))")
run("E14", E, "drivers rating column bool dtype", "either",
    lambda: cx.satisfaction.drivers(DF.assign(a1=DF.a1 > 3), "overall", ATTS),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF.assign(a1=(DF.a1 > 3).astype(int)), "overall", ATTS).table, ["weight"], "attribute"),
    names=["a1"], src="drivers(DF a1 bool, ...)")
run("E15", E, "drivers rating column object with numeric strings", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(a1=DF.a1.astype(str)), "overall", ATTS), names=["a1"], check=lambda r, w: same_table(r.table, ref().table, ["weight", "beta"], "attribute"), src="drivers(DF a1 as str)")
run("E16", E, "drivers rating column nullable Int64 with pd.NA", "ok",
    lambda: cx.satisfaction.drivers(DF.assign(a1=DF.a1.astype("Int64").where(DF.index % 9 != 0, pd.NA)), "overall", ATTS),
    lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF.assign(a1=DF.a1.where(DF.index % 9 != 0)), "overall", ATTS).table, ["weight", "beta"], "attribute"),
    src="drivers(DF a1 Int64 with NA)")
run("E17", E, "drivers rating column with inf refused naming column", "refuse",
    lambda: cx.satisfaction.drivers(DF.assign(a1=DF.a1.astype(float).where(DF.index != 2, np.inf)), "overall", ATTS), names=["a1"],
    src="drivers(DF a1 inf at row 2)")

# ============================================================ F. count tables
F = "counts"
TAB = pd.DataFrame({"attribute": ["x", "y"], "A": [10, 45], "O": [20, 10], "M": [55, 5], "I": [15, 40], "R": [0, 0], "Q": [0, 0]})


def kano_hand(r, w, tab=TAB):
    t = r.table.set_index("attribute")
    for _, row in tab.iterrows():
        a, o, m, i = row.A, row.O, row.M, row.I
        n = row[["A", "O", "M", "I", "R", "Q"]].sum()
        b = (a + o) / (a + o + m + i); wv = -(o + m) / (a + o + m + i)
        close(t.loc[row.attribute, "better"], b, 1e-9, f"better {row.attribute}")
        close(t.loc[row.attribute, "worse"], wv, 1e-9, f"worse {row.attribute}")
        close(t.loc[row.attribute, "share_A"], a / n, 1e-9, f"share_A {row.attribute}")
    return "better/worse/share_A match hand"


run("F01", F, "analyze count table: better/worse/share by hand", "ok", lambda: cx.kano.analyze(TAB, min_n=0), kano_hand, src="kano.analyze(TAB, min_n=0)")
run("F02", F, "analyze count table with an all-zero attribute", "either",
    lambda: cx.kano.analyze(pd.concat([TAB, pd.DataFrame({"attribute": ["z"], "A": [0], "O": [0], "M": [0], "I": [0], "R": [0], "Q": [0]})]), min_n=0),
    lambda r, w: (lambda z: f"z kept, category={z.category.iloc[0]!r}, better={z.better.iloc[0]}, warned={[m for m in w if 'z' in m][:1]}" if len(z) and z.better.isna().all() and any("'z'" in m or " z" in m for m in w) else (_ for _ in ()).throw(Silent(f"z rows={len(z)}; better={z.better.tolist() if len(z) else None}; warnings={w[:2]}")))(r.table[r.table.attribute == "z"]),
    names=["z"], src="kano.analyze(TAB + zero row 'z', min_n=0)")
run("F03", F, "analyze repeated cell summed with warning", "ok",
    lambda: cx.kano.analyze(pd.concat([TAB, TAB.iloc[[0]]]), min_n=0),
    lambda r, w: kano_hand(r, w, pd.DataFrame({"attribute": ["x", "y"], "A": [20, 45], "O": [40, 10], "M": [110, 5], "I": [30, 40], "R": [0, 0], "Q": [0, 0]})) + ("; warned" if w else (_ for _ in ()).throw(Silent("no warning about repeated cell"))),
    src="kano.analyze(concat(TAB, TAB.iloc[[0]]))")
run("F04", F, "analyze huge counts 10^15 (exact)", "ok",
    lambda: cx.kano.analyze(TAB.assign(**{c: TAB[c] * 10**13 for c in "AOMIRQ"}), min_n=0),
    lambda r, w: kano_hand(r, w, TAB.assign(**{c: TAB[c] * 10**13 for c in "AOMIRQ"})), src="kano.analyze(TAB * 1e13)")
run("F05", F, "analyze counts whose total overflows int64 refused", "refuse",
    lambda: cx.kano.analyze(TAB.assign(A=[2**62, 2**62], O=[2**62, 2**62]), min_n=0), names=["int64", "overflow", "total"],
    src="kano.analyze(TAB with A=O=2**62)")
run("F06", F, "analyze negative count refused naming column", "refuse",
    lambda: cx.kano.analyze(TAB.assign(I=[15, -1]), min_n=0), names=["I"], src="kano.analyze(TAB I=-1)")
run("F07", F, "analyze fractional count refused", "refuse",
    lambda: cx.kano.analyze(TAB.assign(A=[10.5, 45]), min_n=0), names=["A"], src="kano.analyze(TAB A=10.5)")
run("F08", F, "analyze NaN count refused", "refuse",
    lambda: cx.kano.analyze(TAB.assign(A=[np.nan, 45]), min_n=0), names=["A"], src="kano.analyze(TAB A=NaN)")
run("F09", F, "analyze count table missing Q column", "refuse",
    lambda: cx.kano.analyze(TAB.drop(columns="Q"), min_n=0), names=["Q"], src="kano.analyze(TAB without Q)")
run("F10", F, "analyze whole-number floats (10.0) accepted", "ok",
    lambda: cx.kano.analyze(TAB.astype({c: float for c in "AOMIRQ"}), min_n=0), kano_hand, src="kano.analyze(TAB as float)")
run("F11", F, "analyze counts as numeric strings", "refuse",
    lambda: cx.kano.analyze(TAB.astype({c: str for c in "AOMIRQ"}), min_n=0), names=["A", "O", "M", "I", "R", "Q"], check=kano_hand, src="kano.analyze(TAB counts as str)")
run("F12", F, "analyze count table with extra 'year' column summed with warning", "ok",
    lambda: cx.kano.analyze(pd.concat([TAB.assign(year=2020), TAB.assign(year=2021)]), min_n=0),
    lambda r, w: kano_hand(r, w, TAB.assign(**{c: TAB[c] * 2 for c in "AOMIRQ"})) + ("; warned year" if any("year" in m for m in w) else (_ for _ in ()).throw(Silent("no warning naming year"))),
    src="kano.analyze(TAB for 2020 and 2021 with 'year')")
run("F13", F, "analyze count table by=year", "ok",
    lambda: cx.kano.analyze(pd.concat([TAB.assign(year=2020), TAB.assign(year=2021)]), by="year", min_n=0),
    lambda r, w: kano_hand(type("R", (), {"table": r.table[r.table.year == 2021]})(), w), src="kano.analyze(2-year TAB, by='year')")
run("F14", F, "analyze lower-case count columns a,o,m,i,r,q", "refuse",
    lambda: cx.kano.analyze(TAB.rename(columns={c: c.lower() for c in "AOMIRQ"}), min_n=0), names=["A", "category", "attribute"],
    src="kano.analyze(TAB with lower-case columns)")
run("F15", F, "analyze count table attribute column named 'feature' w/ attribute='feature'", "ok",
    lambda: cx.kano.analyze(TAB.rename(columns={"attribute": "feature"}), attribute="feature", min_n=0),
    lambda r, w: kano_hand(type("R", (), {"table": r.table.rename(columns={"feature": "attribute"})})(), w), src="kano.analyze(TAB feature col, attribute='feature')")
run("F16", F, "analyze count table wrong attribute column (no attribute=)", "refuse",
    lambda: cx.kano.analyze(TAB.rename(columns={"attribute": "feature"}), min_n=0), names=["attribute"], src="kano.analyze(TAB attribute renamed feature)")
run("F17", F, "analyze count table with n_missing", "ok",
    lambda: cx.kano.analyze(TAB.assign(n_missing=[3, 0]), min_n=0),
    lambda r, w: kano_hand(r, w) + f"; n_missing={r.table.n_missing.tolist()}", src="kano.analyze(TAB + n_missing)")
run("F18", F, "analyze count table with bool counts", "refuse",
    lambda: cx.kano.analyze(TAB.assign(R=[True, False]), min_n=0), names=["R"], check=lambda r, w: kano_hand(r, w, TAB.assign(R=[1, 0])), src="kano.analyze(TAB R bool)")
run("F19", F, "analyze count table with NaN attribute label", "refuse",
    lambda: cx.kano.analyze(TAB.assign(attribute=["x", None]), min_n=0), names=["attribute"], src="kano.analyze(TAB attribute None)")
run("F20", F, "analyze count table with only Q answers", "either",
    lambda: cx.kano.analyze(pd.DataFrame({"attribute": ["q"], "A": [0], "O": [0], "M": [0], "I": [0], "R": [0], "Q": [12]}), min_n=0),
    lambda r, w: (lambda t: f"category={t.category.iloc[0]}, better={t.better.iloc[0]}" if (t.better.isna().all() and (w or str(t.get('note', pd.Series([''])).iloc[0]))) else (_ for _ in ()).throw(Silent(f"better={t.better.tolist()}, warnings={w[:2]}")))(r.table),
    names=["q", "Q"], src="kano.analyze(count table with Q=12 only)")
run("F21", F, "analyze counts from kano.counts round trip == responses", "ok",
    lambda: cx.kano.analyze(cx.kano.counts(KW), min_n=0),
    lambda r, w: same_table(r.table, cx.kano.analyze(KW, min_n=0).table, ["share_A", "better", "worse", "better_ci_low"], "attribute"),
    src="kano.analyze(kano.counts(KW))")
if pl is not None:
    run("F22", F, "kano.counts Polars == pandas", "ok",
        lambda: cx.kano.counts(pl.from_pandas(KW), weights="w"),
        lambda r, w: same_table(r, cx.kano.counts(KW, weights="w"), ["A", "O", "M", "I", "sumw2_A", "n_raw"], "attribute"),
        src="kano.counts(polars KW, weights='w')")
    run("F23", F, "kano.analyze Polars coded responses == pandas", "ok",
        lambda: cx.kano.analyze(pl.from_pandas(KW), min_n=0),
        lambda r, w: same_table(r.table, cx.kano.analyze(KW, min_n=0).table, ["better", "worse", "share_M"], "attribute"),
        src="kano.analyze(polars KW)")
if duckdb is not None:
    def _dk():
        con = duckdb.connect(); con.register("kw", KW)
        return cx.kano.counts(con.sql("select * from kw"), weights="w")
    run("F24", F, "kano.counts DuckDB weighted == pandas", "ok", _dk,
        lambda r, w: same_table(r, cx.kano.counts(KW, weights="w"), ["A", "M", "sumw2_A", "n_raw"], "attribute"), src="kano.counts(duckdb KW, weights='w')")
WT = pd.concat([TAB.assign(wave=k, A=TAB.A + 5 * k, M=TAB.M - 5 * k).assign(M=lambda d: d.M.clip(lower=0)) for k in range(1, 5)], ignore_index=True)
run("F25", F, "detect count table == equivalent responses", "ok",
    lambda: cx.dropoff.detect(WT),
    lambda r, w: same_table(r.table, cx.dropoff.detect(WT.melt(id_vars=["attribute", "wave"], value_vars=list("AOMIRQ"), var_name="category", value_name="k").pipe(lambda d: d.loc[d.index.repeat(d.k)]).drop(columns="k")).table, ["n", "odds_ratio", "m_share_slope", "p_value"], "attribute"),
    src="dropoff.detect(WT) vs detect(expanded responses)")
run("F26", F, "detect count table with an attribute of all-zero counts", "either",
    lambda: cx.dropoff.detect(pd.concat([WT, pd.DataFrame({"attribute": "z", "wave": [1, 2, 3, 4], **{c: 0 for c in "AOMIRQ"}})])),
    lambda r, w: (lambda z: (f"z: {z.direction.iloc[0]} / {str(z.note.iloc[0])[:60]}" if len(z) else "z left out, named in a warning and counted in rows") if (len(z) and str(z.note.iloc[0])) or any("'z'" in m for m in w) else (_ for _ in ()).throw(Silent(f"z rows={len(z)} rows={r.rows}")))(r.table[r.table.attribute == "z"]),
    names=["z"], src="dropoff.detect(WT + attribute z with zero counts)")
run("F27", F, "detect count table repeated cell/wave summed", "ok",
    lambda: cx.dropoff.detect(pd.concat([WT, WT[WT.wave == 2]])),
    lambda r, w: (lambda x: f"n={x.tolist()}" if np.allclose(x.values, [WT[WT.attribute == a][list("AOMIRQ")].values.sum() + WT[(WT.attribute == a) & (WT.wave == 2)][list("AOMIRQ")].values.sum() for a in r.table.attribute]) else (_ for _ in ()).throw(Silent(f"n={x.tolist()}")))(r.table.n),
    src="dropoff.detect(WT + WT[wave==2])")
run("F28", F, "detect count table missing time column", "refuse",
    lambda: cx.dropoff.detect(WT.drop(columns="wave")), names=["wave", "time"], src="dropoff.detect(WT without wave)")
run("F29", F, "detect count table huge counts 1e12", "ok",
    lambda: cx.dropoff.detect(WT.assign(**{c: WT[c] * 10**10 for c in "AOMIRQ"})),
    lambda r, w: (no_nan(r.table, ["m_share_slope"]), same_table(r.table, cx.dropoff.detect(WT).table, ["m_share_slope", "better_slope"], "attribute", 1e-6))[-1],
    src="dropoff.detect(WT * 1e10)  # shares/slopes equal, p-values differ")
run("F30", F, "detect count table total overflow int64 refused", "refuse",
    lambda: cx.dropoff.detect(WT.assign(A=2**62, O=2**62)), names=["int64", "overflow", "total"], src="dropoff.detect(WT with A=O=2**62)")
run("F31", F, "detect count table negative count refused", "refuse",
    lambda: cx.dropoff.detect(WT.assign(I=WT.I.where(WT.index != 0, -3))), names=["I"], src="dropoff.detect(WT I=-3)")
run("F32", F, "detect count table with extra 'region' column (not in by)", "ok",
    lambda: cx.dropoff.detect(pd.concat([WT.assign(region="n"), WT.assign(region="s")])),
    lambda r, w: (lambda x: "summed with warning" if any("region" in m for m in w) and np.allclose(x.values, 2 * cx.dropoff.detect(WT).table.n.values) else (_ for _ in ()).throw(Silent(f"n={x.tolist()} warnings={w[:2]}")))(r.table.n),
    src="dropoff.detect(WT twice with region n/s)")
run("F33", F, "detect count table single wave", "ok",
    lambda: cx.dropoff.detect(WT[WT.wave == 1]),
    lambda r, w: (r.table.direction.eq("insufficient data").all() or (_ for _ in ()).throw(Silent(str(r.table.direction.tolist())))) and "insufficient data",
    src="dropoff.detect(WT[wave==1])")
run("F34", F, "analyze count table zero-count cells in A/O/M/I but R>0", "either",
    lambda: cx.kano.analyze(pd.DataFrame({"attribute": ["r"], "A": [0], "O": [0], "M": [0], "I": [0], "R": [7], "Q": [1]}), min_n=0),
    lambda r, w: (lambda t: f"category={t.category.iloc[0]}, better={t.better.iloc[0]}" if (t.category.iloc[0] == "R" and (pd.isna(t.better.iloc[0]))) else (_ for _ in ()).throw(Silent(f"category={t.category.iloc[0]}, better={t.better.iloc[0]}")))(r.table),
    names=["r", "better"], src="kano.analyze(count table R=7, Q=1)")

# ============================================================ G. time columns
G = "time"
rng_t = np.random.default_rng(11)
TL = pd.DataFrame({"attribute": np.tile(["sms", "queue"], 400), "wave_n": np.repeat([1, 2, 3, 4], 200)})
TL["category"] = [rng_t.choice(list("AOMI"), p=[.5 - .1 * w, .2, .1 + .1 * w, .2]) if a == "sms" else rng_t.choice(list("AOMI")) for a, w in zip(TL.attribute, TL.wave_n)]
BASE_T = cx.dropoff.detect(TL, time="wave_n")
YEARS = {1: 2020, 2: 2021, 3: 2022, 4: 2023}


def same_detect(r, w, cols=("n", "direction_code", "m_share_slope")):
    a = r.table.sort_values("attribute").reset_index(drop=True)
    b = BASE_T.table.sort_values("attribute").reset_index(drop=True)
    if a.direction.tolist() != b.direction.tolist():
        raise Silent(f"direction {a.direction.tolist()} vs {b.direction.tolist()}")
    close(a.n, b.n, what="n")
    close(np.sign(a.m_share_slope), np.sign(b.m_share_slope), what="sign slope")
    return f"same direction {a.direction.tolist()}, unit={getattr(r, 'time_unit', '?')}"


tcases = [
    ("float waves", lambda: TL.assign(t=TL.wave_n.astype(float))),
    ("int years", lambda: TL.assign(t=TL.wave_n.map(YEARS))),
    ("datetime64 Jan 1", lambda: TL.assign(t=pd.to_datetime(TL.wave_n.map(YEARS).astype(str) + "-01-01"))),
    ("ISO date text", lambda: TL.assign(t=TL.wave_n.map(YEARS).astype(str) + "-06-30")),
    ("tz-aware UTC datetimes", lambda: TL.assign(t=pd.to_datetime(TL.wave_n.map(YEARS).astype(str) + "-01-01").dt.tz_localize("UTC"))),
    ("python date objects (object dtype)", lambda: TL.assign(t=pd.to_datetime(TL.wave_n.map(YEARS).astype(str) + "-03-01").dt.date)),
    ("datetime64[s] resolution", lambda: TL.assign(t=pd.to_datetime(TL.wave_n.map(YEARS).astype(str) + "-01-01").astype("datetime64[s]"))),
    ("pandas Period Q", lambda: TL.assign(t=pd.PeriodIndex([f"2020Q{w}" for w in TL.wave_n], freq="Q"))),
    ("text 2020Q1", lambda: TL.assign(t=[f"2020Q{w}" for w in TL.wave_n])),
    ("text 2020-Q1", lambda: TL.assign(t=[f"2020-Q{w}" for w in TL.wave_n])),
    ("text 2020 Q1", lambda: TL.assign(t=[f"2020 Q{w}" for w in TL.wave_n])),
    ("text 2020-01 months", lambda: TL.assign(t=[f"2020-0{w}" for w in TL.wave_n])),
    ("ordered Categorical", lambda: TL.assign(t=pd.Categorical(TL.wave_n.map({1: "spring", 2: "summer", 3: "autumn", 4: "winter"}), categories=["spring", "summer", "autumn", "winter"], ordered=True))),
    ("nullable Int64 waves", lambda: TL.assign(t=TL.wave_n.astype("Int64"))),
    ("uint8 waves", lambda: TL.assign(t=TL.wave_n.astype("uint8"))),
    ("Period M dtype", lambda: TL.assign(t=pd.PeriodIndex([f"2021-0{w}" for w in TL.wave_n], freq="M"))),
]
for i, (lab, mk) in enumerate(tcases):
    run(f"G{i+1:02d}", G, f"detect time as {lab} == numeric waves", "ok",
        lambda mk=mk: cx.dropoff.detect(mk(), time="t"), same_detect, src=f"dropoff.detect(TL.assign(t=<{lab}>), time='t')")
run("G17", G, "detect time mixed UTC offsets -> InputWarning", "ok",
    lambda: cx.dropoff.detect(TL.assign(t=[f"{YEARS[w]}-01-01T00:00:00{'+01:00' if k % 2 else '+02:00'}" for k, w in enumerate(TL.wave_n)]), time="t"),
    lambda r, w: ("InputWarning" in " ".join(w) or (_ for _ in ()).throw(Silent(f"no InputWarning; {w[:2]}"))) and "warned",
    src="dropoff.detect(TL t=ISO text with +01:00/+02:00 offsets, time='t')")
run("G18", G, "detect ambiguous day/month text refused naming time", "refuse",
    lambda: cx.dropoff.detect(TL.assign(t=TL.wave_n.map({1: "01/02/2020", 2: "02/03/2020", 3: "03/04/2020", 4: "04/05/2020"})), time="t"), names=["t"],
    src="dropoff.detect(TL t='01/02/2020'.., time='t')")
run("G19", G, "detect unordered Categorical of text", "either",
    lambda: cx.dropoff.detect(TL.assign(t=pd.Categorical(TL.wave_n.map({1: "w1", 2: "w2", 3: "w3", 4: "w4"}))), time="t"), same_detect, names=["t"],
    src="dropoff.detect(TL t=unordered Categorical w1..w4, time='t')")
run("G20", G, "detect free text waves ('wave one') refused naming t", "refuse",
    lambda: cx.dropoff.detect(TL.assign(t=TL.wave_n.map({1: "one", 2: "two", 3: "three", 4: "four"})), time="t"), names=["t"],
    src="dropoff.detect(TL t='one'..'four', time='t')")
run("G21", G, "detect time with NaN counted in rows", "ok",
    lambda: cx.dropoff.detect(TL.assign(t=TL.wave_n.where(TL.index % 10 != 0)), time="t"),
    lambda r, w: (lambda s: s[:120] if ("wave" in s.lower() or "time" in s.lower() or "missing" in s.lower()) else (_ for _ in ()).throw(Silent("rows: " + s)))(str(r.rows)),
    src="dropoff.detect(TL t NaN every 10th, time='t').rows")
run("G22", G, "detect time bool column", "either",
    lambda: cx.dropoff.detect(TL.assign(t=TL.wave_n > 2), time="t"), lambda r, w: f"direction={r.table.direction.tolist()}", names=["t"],
    src="dropoff.detect(TL t=bool, time='t')")
run("G23", G, "detect time Timedelta column", "either",
    lambda: cx.dropoff.detect(TL.assign(t=pd.to_timedelta(TL.wave_n, unit="D")), time="t"), same_detect, names=["t"],
    src="dropoff.detect(TL t=Timedelta days, time='t')")
run("G24", G, "detect time uneven spacing (1,2,5,10) slopes per unit", "ok",
    lambda: cx.dropoff.detect(TL.assign(t=TL.wave_n.map({1: 1, 2: 2, 3: 5, 4: 10})), time="t"),
    lambda r, w: f"directions {r.table.direction.tolist()}", src="dropoff.detect(TL t=1,2,5,10)")
run("G25", G, "detect datetime with NaT counted", "ok",
    lambda: cx.dropoff.detect(TL.assign(t=pd.to_datetime(TL.wave_n.map(YEARS).astype(str) + "-01-01").where(TL.index % 10 != 0)), time="t"),
    lambda r, w: (lambda s: s[:120] if ("wave" in s.lower() or "time" in s.lower() or "missing" in s.lower()) else (_ for _ in ()).throw(Silent("rows: " + s)))(str(r.rows)),
    src="dropoff.detect(TL t datetimes with NaT, time='t')")
RT = DF.assign(date=pd.to_datetime("2020-01-01") + pd.to_timedelta(np.repeat([0, 366, 731], 100), unit="D"))
BASE_R = cx.dropoff.from_ratings(RT, "overall", ATTS, time="date", scale=(1, 5), min_n=20)


def same_fr(r, w):
    a = r.table.sort_values("attribute").reset_index(drop=True); b = BASE_R.table.sort_values("attribute").reset_index(drop=True)
    close(a.n, b.n, what="n")
    if a.direction.tolist() != b.direction.tolist():
        raise Silent(f"direction {a.direction.tolist()} vs {b.direction.tolist()}")
    close(np.sign(a.asymmetry_slope), np.sign(b.asymmetry_slope), what="sign asym slope")
    return f"same n & direction {a.direction.tolist()}"


for i, (lab, mk) in enumerate([
        ("int years", lambda: RT.assign(t=RT.date.dt.year)),
        ("ISO text", lambda: RT.assign(t=RT.date.dt.strftime("%Y-%m-%d"))),
        ("tz-aware", lambda: RT.assign(t=RT.date.dt.tz_localize("Europe/Berlin"))),
        ("Period Y", lambda: RT.assign(t=RT.date.dt.to_period("Y"))),
        ("ordered Categorical", lambda: RT.assign(t=pd.Categorical(RT.date.dt.year.astype(str), ordered=True))),
        ("python dates", lambda: RT.assign(t=RT.date.dt.date)),
]):
    run(f"G{26+i:02d}", G, f"from_ratings time as {lab} == datetime", "ok",
        lambda mk=mk: cx.dropoff.from_ratings(mk(), "overall", ATTS, time="t", scale=(1, 5), min_n=20), same_fr,
        src=f"dropoff.from_ratings(RT.assign(t=<{lab}>), 'overall', ATTS, time='t', scale=(1,5), min_n=20)")
run("G32", G, "from_ratings bins='quarter' on yearly dates", "ok",
    lambda: cx.dropoff.from_ratings(RT, "overall", ATTS, time="date", bins="quarter", scale=(1, 5), min_n=20),
    lambda r, w: f"n_periods={r.table.n_periods.tolist()}", src="from_ratings(RT, time='date', bins='quarter')")
run("G33", G, "from_ratings bins list of edges excluding some rows counted", "ok",
    lambda: cx.dropoff.from_ratings(RT.assign(t=np.tile(np.arange(100), 3)), "overall", ATTS, time="t", bins=[0, 30, 60, 90], scale=(1, 5), min_n=20),
    lambda r, w: (lambda s: s[:140] if ("bin" in s.lower() or "outside" in s.lower() or "left out" in s.lower()) else (_ for _ in ()).throw(Silent("rows: " + s)))(str(r.rows)),
    src="from_ratings(RT t=0..99, bins=[0,30,60,90])  # t in (90,99] outside")
run("G34", G, "from_ratings single period", "ok",
    lambda: cx.dropoff.from_ratings(RT.assign(t=2020), "overall", ATTS, time="t", scale=(1, 5), min_n=20),
    lambda r, w: (r.table.direction.eq("insufficient data").all() or (_ for _ in ()).throw(Silent(str(r.table.direction.tolist())))) and "insufficient data",
    src="from_ratings(RT t=2020 constant)")

# ============================================================ H. Kano labels / grids
H = "kano_labels"
W0 = pd.DataFrame({"id": [1, 2, 3, 4], "wifi_f": ["I like it", "I expect it", "I'm neutral", "I can tolerate it"],
                   "wifi_d": ["I'm neutral", "I dislike it", "I'm neutral", "I dislike it"]})
BASE_K = cx.kano.code(W0)["category"].astype(str).tolist()


def same_k(r, w):
    got = r["category"].astype(str).tolist()
    if got != BASE_K:
        raise Silent(f"categories {got} vs {BASE_K}")
    return f"categories {got}"


for i, (lab, f) in enumerate([
        ("upper case", lambda s: s.upper()), ("trailing spaces", lambda s: s + "  "), ("leading space", lambda s: " " + s),
        ("curly apostrophe", lambda s: s.replace("'", "\u2019")), ("double space", lambda s: s.replace(" ", "  ")),
        ("non-breaking space", lambda s: s.replace(" ", "\u00a0")), ("trailing period", lambda s: s + "."),
]):
    run(f"H{i+1:02d}", H, f"code labels with {lab}", "either",
        lambda f=f: cx.kano.code(W0.assign(wifi_f=W0.wifi_f.map(f), wifi_d=W0.wifi_d.map(f))), same_k, names=["wifi"],
        src=f"kano.code(W0 labels {lab})")
run("H08", H, "code typo label refused naming column and closest", "refuse",
    lambda: cx.kano.code(W0.assign(wifi_d=["I'm neutral", "I dislike it", "I'm neutral", "I tolerate it"])), names=["wifi_d"],
    src="kano.code(W0 with 'I tolerate it')")
run("H09", H, "code numeric 1-5 answers", "ok",
    lambda: cx.kano.code(W0.assign(wifi_f=[1, 2, 3, 4], wifi_d=[3, 5, 3, 5])), same_k, src="kano.code(W0 as 1-5 ints)")
run("H10", H, "code numeric strings '1'..'5'", "either",
    lambda: cx.kano.code(W0.assign(wifi_f=["1", "2", "3", "4"], wifi_d=["3", "5", "3", "5"])), same_k, names=["wifi"], src="kano.code(W0 as '1'..'5')")
run("H11", H, "code floats 1.0..5.0", "ok",
    lambda: cx.kano.code(W0.assign(wifi_f=[1.0, 2.0, 3.0, 4.0], wifi_d=[3.0, 5.0, 3.0, 5.0])), same_k, src="kano.code(W0 as floats)")
run("H12", H, "code out-of-range 6 refused naming column", "refuse",
    lambda: cx.kano.code(W0.assign(wifi_f=[1, 2, 3, 6], wifi_d=[3, 5, 3, 5])), names=["wifi_f"], src="kano.code(W0 wifi_f=6)")
run("H13", H, "code 2.5 refused naming column", "refuse",
    lambda: cx.kano.code(W0.assign(wifi_f=[1, 2, 3, 2.5], wifi_d=[3, 5, 3, 5])), names=["wifi_f"], src="kano.code(W0 wifi_f=2.5)")
run("H14", H, "code NaN answer -> category missing, counted", "ok",
    lambda: cx.kano.code(W0.assign(wifi_f=["I like it", None, "I'm neutral", "I can tolerate it"])),
    lambda r, w: (r.category.isna().sum() == 1 and r.attrs["cxresearch"]["rows"]["n_used"] == 3 or (_ for _ in ()).throw(Silent(f"{r.category.tolist()} {r.attrs['cxresearch']['rows']}"))) and "1 missing counted",
    src="kano.code(W0 with a None answer)")
run("H15", H, "code Chinese labels", "ok",
    lambda: cx.kano.code(W0.assign(wifi_f=["我喜欢", "理所当然", "无所谓", "能忍受"], wifi_d=["无所谓", "我不喜欢", "无所谓", "我不喜欢"])), same_k,
    src="kano.code(W0 with Chinese labels 我喜欢/理所当然/无所谓/能忍受/我不喜欢)")
run("H16", H, "code only functional column refused naming it", "refuse",
    lambda: cx.kano.code(W0.drop(columns="wifi_d")), names=["wifi_f", "wifi"], src="kano.code(W0 without wifi_d)")
run("H17", H, "code long shape with duplicate respondent x attribute refused", "refuse",
    lambda: cx.kano.code(pd.DataFrame({"respondent": [1, 1], "attribute": ["x", "x"], "functional": ["I like it"] * 2, "dysfunctional": ["I'm neutral"] * 2})),
    names=["respondent", "1", "x"], src="kano.code(long with respondent 1 answering x twice)")
run("H18", H, "code wide with _functional/_dysfunctional in reversed order", "ok",
    lambda: cx.kano.code(W0.rename(columns={"wifi_f": "wifi_functional", "wifi_d": "wifi_dysfunctional"})[["id", "wifi_dysfunctional", "wifi_functional"]]), same_k,
    src="kano.code(W0 cols wifi_dysfunctional, wifi_functional)")
run("H19", H, "code Google Forms grids", "ok",
    lambda: cx.kano.code(pd.DataFrame({"How would you feel if the product had [wifi]": W0.wifi_f, "How would you feel if the product does not have [wifi]": W0.wifi_d})), same_k,
    src="kano.code(grid headers 'had [wifi]' / 'does not have [wifi]')")
run("H20", H, "code table='bogus' refused naming table", "refuse",
    lambda: cx.kano.code(W0, table="bogus"), names=["table"], src="kano.code(W0, table='bogus')")
run("H21", H, "code custom 4x4 table refused naming table", "refuse",
    lambda: cx.kano.code(W0, table=[["Q"] * 4] * 4), names=["table"], src="kano.code(W0, table=4x4)")
run("H22", H, "code answer_scale='bogus' refused", "refuse",
    lambda: cx.kano.code(W0, answer_scale="bogus"), names=["answer_scale"], src="kano.code(W0, answer_scale='bogus')")
run("H23", H, "evaluate lists elementwise", "ok",
    lambda: cx.kano.evaluate(["I like it", "I expect it"], ["I'm neutral", "I dislike it"]),
    lambda r, w: (list(map(str, r)) == ["A", "M"] or (_ for _ in ()).throw(Silent(str(list(r))))) and "A, M", src="kano.evaluate(['I like it','I expect it'], [\"I'm neutral\",'I dislike it'])")
run("H24", H, "evaluate scalars", "either",
    lambda: cx.kano.evaluate("I like it", "I dislike it"), lambda r, w: (str(r if not hasattr(r, "__len__") or isinstance(r, str) else list(r)[0]) == "O" or (_ for _ in ()).throw(Silent(repr(r)))) and "O",
    names=["functional"], src="kano.evaluate('I like it','I dislike it')", revised="after run 1: expect 'either' (docs do not promise scalars)")
run("H25", H, "evaluate unequal length refused", "refuse",
    lambda: cx.kano.evaluate(["I like it", "I like it"], ["I dislike it"]), names=["functional", "dysfunctional", "length"], src="kano.evaluate(len2, len1)")
run("H26", H, "code all answers missing for an attribute", "ok",
    lambda: cx.kano.code(W0.assign(wifi_f=None, wifi_d=None, tv_f=W0.wifi_f, tv_d=W0.wifi_d)),
    lambda r, w: f"attrs={r.attrs['cxresearch']['attributes']}, rows={r.attrs['cxresearch']['rows']}" if "wifi" in r.attrs["cxresearch"]["attributes"] else (_ for _ in ()).throw(Silent("wifi attribute dropped")),
    src="kano.code(W0 wifi all None + tv)")
run("H27", H, "code empty frame refused", "refuse", lambda: cx.kano.code(W0.iloc[:0]), names=["empty", "rows", "no "], src="kano.code(W0.iloc[:0])")
run("H28", H, "code feature with hyphen in suffix name 'wi-fi_f'", "ok",
    lambda: cx.kano.code(W0.rename(columns={"wifi_f": "wi-fi_f", "wifi_d": "wi-fi_d"})),
    lambda r, w: (r.attrs["cxresearch"]["attributes"] == ["wi-fi"] or (_ for _ in ()).throw(Silent(str(r.attrs["cxresearch"]["attributes"])))) and same_k(r, w), src="kano.code(wi-fi_f / wi-fi_d)")
run("H29", H, "code importance text without mapping refused naming column", "refuse",
    lambda: cx.kano.code(W0.assign(wifi_importance=["Very important", "Not", "Very important", "Somewhat"])), names=["wifi_importance", "importance"],
    src="kano.code(W0 + wifi_importance text)")
run("H30", H, "code importance '9 - Extremely important' read as 9", "ok",
    lambda: cx.kano.code(W0.assign(wifi_importance=["9 - Extremely important", "1 - Not at all", "5", "7"])),
    lambda r, w: (r.importance.tolist() == [9.0, 1.0, 5.0, 7.0] or (_ for _ in ()).throw(Silent(str(r.importance.tolist())))) and "9,1,5,7",
    src="kano.code(W0 + wifi_importance '9 - Extremely important',...)")

# ============================================================ I. expectation
I = "expectation"
run("I01", I, "tolerance hand check (msa, mss, failure)", "ok",
    lambda: cx.expectation.tolerance(TOLDF, "wait"),
    lambda r, w: (close(r.table.msa.iloc[0], (TOLDF.wait_perceived - TOLDF.wait_adequate).mean(), what="msa"),
                  close(r.table.mss.iloc[0], (TOLDF.wait_perceived - TOLDF.wait_desired).mean(), what="mss"),
                  close(r.table.failure.iloc[0], (TOLDF.wait_perceived < TOLDF.wait_adequate).mean(), what="failure"), "hand")[-1],
    src="tolerance(TOLDF, 'wait')")
run("I02", I, "tolerance Timedelta columns lower_is_better == minutes", "ok",
    lambda: cx.expectation.tolerance(pd.DataFrame({"w_adequate": pd.to_timedelta([10, 5, 8], unit="min"), "w_desired": pd.to_timedelta([5, 2, 4], unit="min"), "w_perceived": pd.to_timedelta([12, 3, 6], unit="min")}), "w", lower_is_better=True),
    lambda r, w: same_table(r.table, cx.expectation.tolerance(pd.DataFrame({"w_adequate": [10, 5, 8], "w_desired": [5, 2, 4], "w_perceived": [12, 3, 6]}), "w", lower_is_better=True).table, ["msa", "mss", "failure", "delight"], None),
    src="tolerance(Timedelta waits, 'w', lower_is_better=True)")
run("I03", I, "tolerance Timedelta in seconds unit", "ok",
    lambda: cx.expectation.tolerance(pd.DataFrame({"w_adequate": pd.to_timedelta([10, 5, 8], unit="min"), "w_desired": pd.to_timedelta([5, 2, 4], unit="min"), "w_perceived": pd.to_timedelta([12, 3, 6], unit="min")}), "w", lower_is_better=True, duration_unit="seconds"),
    lambda r, w: (close(r.table.msa.iloc[0], 40.0, what="msa seconds"), "msa=40s")[-1], src="tolerance(Timedelta, duration_unit='seconds')")
run("I04", I, "tolerance zone width 0 everywhere: position NaN not a number", "ok",
    lambda: cx.expectation.tolerance(pd.DataFrame({"x_adequate": [5, 5, 5], "x_desired": [5, 5, 5], "x_perceived": [4, 5, 6]}), "x"),
    lambda r, w: (pd.isna(r.table.position.iloc[0]) or (_ for _ in ()).throw(Silent(f"position={r.table.position.iloc[0]}"))) and f"position NaN, zone={r.table.zone.iloc[0]}",
    src="tolerance(adequate=desired=5, 'x')")
run("I05", I, "tolerance higher-is-better block that looks lower-is-better refused", "refuse",
    lambda: cx.expectation.tolerance(pd.DataFrame({"x_adequate": [8, 7, 9, 8], "x_desired": [3, 4, 2, 3], "x_perceived": [5, 5, 5, 5]}), "x"),
    names=["x", "lower_is_better"], src="tolerance(desired < adequate for all, 'x')")
run("I06", I, "tolerance dict column spec", "ok",
    lambda: cx.expectation.tolerance(TOLDF.rename(columns={"wait_adequate": "minW", "wait_desired": "desW", "wait_perceived": "gotW"}), "wait", adequate={"wait": "minW"}, desired={"wait": "desW"}, perceived={"wait": "gotW"}),
    lambda r, w: same_table(r.table, cx.expectation.tolerance(TOLDF, "wait").table, ["msa", "mss"], None), src="tolerance(..., adequate={'wait':'minW'}, ...)")
run("I07", I, "tolerance list spec wrong length refused", "refuse",
    lambda: cx.expectation.tolerance(TOLDF, "wait", adequate=["wait_adequate", "x"]), names=["adequate"], src="tolerance(TOLDF, 'wait', adequate=[2 cols])")
run("I08", I, "tolerance missing column refused naming it", "refuse",
    lambda: cx.expectation.tolerance(TOLDF, ["wait", "noise"]), names=["noise"], src="tolerance(TOLDF, ['wait','noise'])")
run("I09", I, "tolerance attribute all missing -> not estimable, counted", "ok",
    lambda: cx.expectation.tolerance(TOLDF.assign(z_adequate=np.nan, z_desired=np.nan, z_perceived=np.nan), ["wait", "z"]),
    lambda r, w: (lambda z: f"z zone={z.zone.iloc[0]}" if len(z) and z.zone.iloc[0] == "not estimable" else (_ for _ in ()).throw(Silent(f"z rows={z.to_dict('records')}")))(r.table[r.table.attribute == "z"]),
    src="tolerance(TOLDF + z all NaN, ['wait','z'])")
run("I10", I, "tolerance single row", "ok",
    lambda: cx.expectation.tolerance(TOLDF.iloc[:1], "wait"),
    lambda r, w: f"zone={r.table.zone.iloc[0]}, msa_ci_low={r.table.msa_ci_low.iloc[0]}" if (pd.isna(r.table.msa_ci_low.iloc[0]) or r.table.zone.iloc[0] in ("not estimable", "undetermined")) else (_ for _ in ()).throw(Silent(f"1 row: ci={r.table.msa_ci_low.iloc[0]}, zone={r.table.zone.iloc[0]}")),
    src="tolerance(TOLDF.iloc[:1], 'wait')")
run("I11", I, "tolerance string ratings refused naming column", "refuse",
    lambda: cx.expectation.tolerance(TOLDF.assign(wait_desired=TOLDF.wait_desired.astype(str)), "wait"), names=["wait_desired"], check=lambda r, w: same_table(r.table, cx.expectation.tolerance(TOLDF, "wait").table, ["msa", "mss", "failure"], None), src="tolerance(wait_desired as str)")
run("I12", I, "tolerance mix Timedelta and numeric columns", "either",
    lambda: cx.expectation.tolerance(pd.DataFrame({"w_adequate": pd.to_timedelta([10, 5, 8], unit="min"), "w_desired": [5, 2, 4], "w_perceived": [12, 3, 6]}), "w", lower_is_better=True),
    lambda r, w: (close(r.table.msa.iloc[0], 2 / 3, what="msa"), "numeric taken as minutes")[-1], names=["w_adequate", "w_desired", "Timedelta"],
    src="tolerance(w_adequate Timedelta, others numeric, lower_is_better=True)")
run("I13", I, "promise basic fit: coefficients equal OLS by hand", "ok",
    lambda: cx.expectation.promise(PROM, promised="p", delivered="d", outcome="s"),
    lambda r, w: (lambda b: (close(r.coefficients.set_index("term").loc[["intercept", "promise", "gain", "loss"], "estimate"].values * np.array([1, 1, 1, -1]) if False else r.coefficients.set_index("term").estimate.loc[["intercept", "promise", "gain"]].values, b[:3], 1e-6, "coefs"), f"b={np.round(b, 3)}")[-1])(
        np.linalg.lstsq(np.column_stack([np.ones(120), PROM.p, np.maximum(PROM.p - PROM.d, 0), -np.maximum(PROM.d - PROM.p, 0)]), PROM.s, rcond=None)[0]),
    src="promise(PROM, promised='p', delivered='d', outcome='s').coefficients")
run("I14", I, "promise Timedelta columns == minutes", "ok",
    lambda: cx.expectation.promise(PROM.assign(p=pd.to_timedelta(PROM.p, unit="min"), d=pd.to_timedelta(PROM.d, unit="min")), promised="p", delivered="d", outcome="s", grid=60),
    lambda r, w: same_table(r.table, cx.expectation.promise(PROM, promised="p", delivered="d", outcome="s", grid=60).table, ["gain", "loss", "best_promise", "closed_form_promise"], None),
    src="promise(PROM with Timedelta p,d, grid=60)")
run("I15", I, "promise constant promise (not identified)", "ok",
    lambda: cx.expectation.promise(PROM.assign(p=5), promised="p", delivered="d", outcome="s"),
    lambda r, w: (lambda t: f"optimum={t.optimum.iloc[0]}; note={str(t.note.iloc[0])[:80]}" if t.optimum.iloc[0] in ("not identified", "no interior optimum") or str(t.note.iloc[0]) else (_ for _ in ()).throw(Silent(f"optimum={t.optimum.iloc[0]}, promise_effect={t.promise_effect.iloc[0]}")))(r.table),
    src="promise(PROM p=5 constant)")
run("I16", I, "promise grid list", "ok",
    lambda: cx.expectation.promise(PROM, promised="p", delivered="d", outcome="s", grid=[1, 3, 5, 7]),
    lambda r, w: (r.curve.promise.tolist() == [1, 3, 5, 7] or (_ for _ in ()).throw(Silent(str(r.curve.promise.tolist())))) and "curve on grid",
    src="promise(PROM, grid=[1,3,5,7])")
run("I17", I, "promise grid=1 point", "either",
    lambda: cx.expectation.promise(PROM, promised="p", delivered="d", outcome="s", grid=1), lambda r, w: f"best={r.table.best_promise.iloc[0]}", names=["grid"],
    src="promise(PROM, grid=1)")
run("I18", I, "promise binary outcome refused naming family", "refuse",
    lambda: cx.expectation.promise(PROM.assign(s=(PROM.s > 5).astype(int)), promised="p", delivered="d", outcome="s"), names=["s", "family", "binary"],
    src="promise(PROM s binary)")
run("I19", I, "promise delivered negative values", "either",
    lambda: cx.expectation.promise(PROM.assign(d=PROM.d - 10), promised="p", delivered="d", outcome="s"), lambda r, w: "fit", names=["d"], src="promise(PROM d-10)")
run("I20", I, "promise with NaN delivered counted", "ok",
    lambda: cx.expectation.promise(PROM.assign(d=PROM.d.where(PROM.index % 10 != 0)), promised="p", delivered="d", outcome="s"),
    lambda r, w: (r.table.n.iloc[0] == 108 or (_ for _ in ()).throw(Silent(f"n={r.table.n.iloc[0]}"))) and f"n=108; rows {str(r.rows)[:80]}",
    src="promise(PROM d NaN every 10th)")
run("I21", I, "promise missing_codes outcome 99", "ok",
    lambda: cx.expectation.promise(PROM.assign(s=PROM.s.where(PROM.index % 10 != 0, 99)), promised="p", delivered="d", outcome="s", missing_codes=99),
    lambda r, w: (r.table.n.iloc[0] == 108 or (_ for _ in ()).throw(Silent(f"n={r.table.n.iloc[0]}"))) and "n=108", src="promise(PROM s=99 every 10th, missing_codes=99)")
run("I22", I, "promise duration_unit='fortnights' refused", "refuse",
    lambda: cx.expectation.promise(PROM, promised="p", delivered="d", outcome="s", duration_unit="fortnights"), names=["duration_unit"],
    src="promise(PROM, duration_unit='fortnights')")
run("I23", I, "tolerance inverted customers counted", "ok",
    lambda: cx.expectation.tolerance(pd.DataFrame({"x_adequate": [3, 3, 6, 3], "x_desired": [7, 7, 4, 8], "x_perceived": [5, 5, 5, 5]}), "x"),
    lambda r, w: (r.table.n_inverted.iloc[0] == 1 or (_ for _ in ()).throw(Silent(f"n_inverted={r.table.n_inverted.iloc[0]}"))) and "n_inverted=1",
    src="tolerance(one customer adequate>desired, 'x')")

# ============================================================ J. journey
J = "journey"
jr = np.random.default_rng(21)
rows = []
for j in range(60):
    k = jr.integers(3, 7)
    rat = jr.integers(1, 11, k)
    retro = round(0.3 * rat.min() + 0.3 * rat[-1] + 0.3 * rat.mean() + jr.normal(0, .8), 1)
    for s in range(k):
        rows.append(dict(journey=j, step=s + 1, rating=int(rat[s]), retrospective=retro, minutes=int(k * 3)))
JD = pd.DataFrame(rows)
BASE_J = cx.journey.peak_end(JD)


def same_pe(r, w):
    return same_table(r.table, BASE_J.table, ["estimate", "se"], "term")


run("J01", J, "peak_end features by hand (mean, end, peak, trough)", "ok",
    lambda: cx.journey.journey_features(JD),
    lambda r, w: (lambda f: (close(f["mean"], JD.groupby("journey").rating.mean().values, what="mean"), close(f["end"], JD.groupby("journey").rating.last().values, what="end"),
                             close(f["trough"], JD.groupby("journey").rating.min().values, what="trough"), "hand")[-1])(r.sort_values("journey") if isinstance(r, pd.DataFrame) else r.table.sort_values("journey")),
    src="journey.journey_features(JD)")
run("J02", J, "peak_end steps as datetimes == numbers", "ok",
    lambda: cx.journey.peak_end(JD.assign(step=pd.Timestamp("2024-01-01 09:00") + pd.to_timedelta(JD.step * 3, unit="min"))), same_pe,
    src="peak_end(JD step as Timestamps)")
run("J03", J, "peak_end steps as Timedelta == numbers", "either",
    lambda: cx.journey.peak_end(JD.assign(step=pd.to_timedelta(JD.step, unit="min"))), same_pe, names=["step"], src="peak_end(JD step as Timedelta)")
run("J04", J, "peak_end rows shuffled == ordered", "ok",
    lambda: cx.journey.peak_end(JD.sample(frac=1, random_state=3)), same_pe, src="peak_end(JD shuffled)")
run("J05", J, "peak_end steps as float with gaps (1,2.5,10)", "ok",
    lambda: cx.journey.peak_end(JD.assign(step=JD.step ** 2 + 0.5)), same_pe, src="peak_end(JD step**2+0.5)")
run("J06", J, "peak_end steps as ISO time text", "either",
    lambda: cx.journey.peak_end(JD.assign(step=(pd.Timestamp("2024-01-01 09:00") + pd.to_timedelta(JD.step * 3, unit="min")).dt.strftime("%Y-%m-%d %H:%M"))), same_pe, names=["step"],
    src="peak_end(JD step as 'YYYY-mm-dd HH:MM' text)")
run("J07", J, "peak_end duplicate step within a journey refused naming step/journey", "refuse",
    lambda: cx.journey.peak_end(pd.concat([JD, JD[JD.journey == 0].iloc[[0]]])), names=["step", "journey"], src="peak_end(JD + duplicated step of journey 0)")
run("J08", J, "peak_end retrospective varying within journey refused", "refuse",
    lambda: cx.journey.peak_end(JD.assign(retrospective=JD.retrospective + (JD.journey == 0) * JD.step)), names=["retrospective"],
    src="peak_end(JD retrospective varying in journey 0)")
run("J09", J, "peak_end single-step journey included", "ok",
    lambda: cx.journey.peak_end(pd.concat([JD, pd.DataFrame({"journey": [999], "step": [1], "rating": [5], "retrospective": [5.0], "minutes": [3]})])),
    lambda r, w: f"rows {str(r.rows)[:100]}", src="peak_end(JD + 1-step journey)")
run("J10", J, "peak_end 3 journeys only", "either",
    lambda: cx.journey.peak_end(JD[JD.journey < 3]),
    lambda r, w: (lambda f: f"fits r2={f.r2.tolist()}" if not (np.isfinite(f.r2).all() and (f.r2 > 0.999).any() and not w) else (_ for _ in ()).throw(Silent(f"perfect fits without a word: {f.r2.tolist()}")))(r.fits),
    names=["journey", "journeys"], src="peak_end(JD journeys 0..2)")
run("J11", J, "peak_end NaN rating counted", "ok",
    lambda: cx.journey.peak_end(JD.assign(rating=JD.rating.where(JD.index != 0))),
    lambda r, w: f"rows: {str(r.rows)[:100]} steps: {str(getattr(r, 'steps', ''))[:80]}", src="peak_end(JD rating NaN row 0)")
run("J12", J, "peak_end duration column Timedelta", "either",
    lambda: cx.journey.peak_end(JD.assign(minutes=pd.to_timedelta(JD.minutes, unit="min")), duration="minutes"),
    lambda r, w: same_table(r.table, cx.journey.peak_end(JD, duration="minutes").table, ["estimate"], "term"), names=["minutes", "duration"],
    src="peak_end(JD minutes as Timedelta, duration='minutes')")
run("J13", J, "peak_end duration varying within journey refused", "refuse",
    lambda: cx.journey.peak_end(JD.assign(minutes=JD.minutes + JD.step), duration="minutes"), names=["minutes"], src="peak_end(JD minutes varies within journey, duration='minutes')")
run("J14", J, "peak_end missing column refused naming", "refuse",
    lambda: cx.journey.peak_end(JD.drop(columns="retrospective")), names=["retrospective"], src="peak_end(JD without retrospective)")
run("J15", J, "peak_end string journey ids", "ok",
    lambda: cx.journey.peak_end(JD.assign(journey="j" + JD.journey.astype(str))), same_pe, src="peak_end(JD journey as 'j0'...)")
run("J16", J, "peak_end constant retrospective", "either",
    lambda: cx.journey.peak_end(JD.assign(retrospective=5.0)),
    lambda r, w: (lambda f: f"r2={f.r2.tolist()}" if (f.r2.isna().all() or any(w)) else (_ for _ in ()).throw(Silent(f"r2={f.r2.tolist()} without warning")))(r.fits),
    names=["retrospective"], src="peak_end(JD retrospective=5 everywhere)")
run("J17", J, "touchpoints wide gap by hand", "ok",
    lambda: cx.journey.touchpoints(TP, scale=(1, 7)),
    lambda r, w: (close(r.table.set_index("touchpoint").gap.loc[["door", "queue", "desk"]].values,
                        [(TP[f"{t}_experience"] - TP[f"{t}_expectation"]).mean() for t in ["door", "queue", "desk"]], what="gap"), "gaps by hand")[-1],
    src="touchpoints(TP, scale=(1,7))")
run("J18", J, "touchpoints pain/delight shares by hand", "ok",
    lambda: cx.journey.touchpoints(TP, scale=(1, 7)),
    lambda r, w: (close(r.table.set_index("touchpoint").pain.loc[["door"]].values, [((TP.door_experience - TP.door_expectation) <= -2).mean()], what="pain"), "pain hand")[-1],
    src="touchpoints(TP).pain")
run("J19", J, "touchpoints pattern matching nothing refused", "refuse",
    lambda: cx.journey.touchpoints(TP, experience="{}_exp"), names=["experience", "{}_exp"], src="touchpoints(TP, experience='{}_exp')")
run("J20", J, "touchpoints long format == wide", "ok",
    lambda: cx.journey.touchpoints(pd.DataFrame([{"respondent": i, "tp": t, "ex": TP.loc[i, f"{t}_experience"], "xp": TP.loc[i, f"{t}_expectation"]} for i in TP.index for t in ["door", "queue", "desk"]]),
                                   touchpoints="tp", experience="ex", expectation="xp", scale=(1, 7)),
    lambda r, w: same_table(r.table, cx.journey.touchpoints(TP, scale=(1, 7)).table, ["gap", "gap_se", "pain"], "touchpoint"),
    src="touchpoints(long TP, touchpoints='tp', experience='ex', expectation='xp', scale=(1,7))")
run("J21", J, "touchpoints out-of-scale value refused naming column", "refuse",
    lambda: cx.journey.touchpoints(TP.assign(door_experience=TP.door_experience.where(TP.index != 0, 9)), scale=(1, 7)), names=["door_experience"],
    src="touchpoints(TP door_experience=9, scale=(1,7))")
run("J22", J, "touchpoints explicit order list subset", "ok",
    lambda: cx.journey.touchpoints(TP, ["desk", "door"], scale=(1, 7)),
    lambda r, w: (r.table.touchpoint.tolist() == ["desk", "door"] or (_ for _ in ()).throw(Silent(str(r.table.touchpoint.tolist())))) and "order kept",
    src="touchpoints(TP, ['desk','door'])")
run("J23", J, "touchpoints weights all-equal == unweighted", "ok",
    lambda: cx.journey.touchpoints(TP.assign(wc=2.0), scale=(1, 7), weights="wc"),
    lambda r, w: same_table(r.table, cx.journey.touchpoints(TP, scale=(1, 7)).table, ["gap", "gap_ci_low", "pain"], "touchpoint"),
    src="touchpoints(TP.assign(wc=2.0), weights='wc')")
run("J24", J, "touchpoints unknown touchpoint name refused", "refuse",
    lambda: cx.journey.touchpoints(TP, ["door", "parking"]), names=["parking"], src="touchpoints(TP, ['door','parking'])")

# ============================================================ K. io readers
K = "io"


def wfile(name, data, enc="utf-8"):
    p = TMP / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_bytes(data.encode(enc))
    return p


GF = "Timestamp,Name,Overall\n2024/05/01 10:00:00,Zoë,4\n2024/05/01 11:00:00,José,5\n"


def gf_ok(r, w):
    if list(r["Overall"]) != [4, 5] or list(r["Name"]) != ["Zoë", "José"]:
        raise Silent(f"read {r.to_dict('list')}")
    return f"encoding={r.attrs['cxresearch'].get('encoding')}"


run("K01", K, "google forms utf-8", "ok", lambda: cx.io.read_google_forms(wfile("g1.csv", GF)), gf_ok, src="read_google_forms(utf-8 csv)")
run("K02", K, "utf-8 with BOM", "ok", lambda: cx.io.read_google_forms(wfile("g2.csv", b"\xef\xbb\xbf" + GF.encode())), gf_ok, src="read_google_forms(utf-8-sig)")
run("K03", K, "utf-16 LE with BOM", "ok", lambda: cx.io.read_google_forms(wfile("g3.csv", GF, "utf-16")), gf_ok, src="read_google_forms(utf-16)")
run("K04", K, "utf-16 BE with BOM", "ok", lambda: cx.io.read_google_forms(wfile("g4.csv", b"\xfe\xff" + GF.encode("utf-16-be"))), gf_ok, src="read_google_forms(utf-16-be + BOM)")
run("K05", K, "cp1252 legacy", "ok", lambda: cx.io.read_google_forms(wfile("g5.csv", GF.replace("Zoë", "Zoë Müller-Françoise").replace("José", "José Señor"), "cp1252")),
    lambda r, w: (list(r["Name"]) == ["Zoë Müller-Françoise", "José Señor"] or (_ for _ in ()).throw(Silent(str(list(r["Name"]))))) and f"encoding={r.attrs['cxresearch'].get('encoding')}",
    src="read_google_forms(cp1252 file)")
run("K06", K, "explicit wrong encoding ascii -> error naming line", "refuse",
    lambda: cx.io.read_google_forms(wfile("g6.csv", GF), encoding="ascii"), names=["line", "ascii", "encoding"], src="read_google_forms(utf-8 file, encoding='ascii')")
run("K07", K, "encoding='bogus-codec' refused", "refuse", lambda: cx.io.read_google_forms(wfile("g7.csv", GF), encoding="bogus-codec"), names=["encoding"], src="read_google_forms(encoding='bogus-codec')")
run("K08", K, "semicolon delimiter with decimal comma", "ok",
    lambda: cx.io.read_google_forms(wfile("g8.csv", "Timestamp;Score;Name\n2024/05/01 10:00:00;4,5;a\n2024/05/01 11:00:00;3,25;b\n")),
    lambda r, w: (r["Score"].tolist() == [4.5, 3.25] or (_ for _ in ()).throw(Silent(str(r["Score"].tolist())))) and "4.5, 3.25", src="read_google_forms(';' with decimal comma)")
run("K09", K, "tab delimiter .tsv", "ok", lambda: cx.io.read_google_forms(wfile("g9.tsv", GF.replace(",", "\t"))), gf_ok, src="read_google_forms(.tsv)")
run("K10", K, "pipe delimiter", "ok", lambda: cx.io.read_google_forms(wfile("g10.csv", GF.replace(",", "|"))), gf_ok, src="read_google_forms('|' csv)")
run("K11", K, "empty file says empty", "refuse", lambda: cx.io.read_google_forms(wfile("e1.csv", b"")), names=["empty"], src="read_google_forms(empty file)")
run("K12", K, "blank file (only newlines/spaces)", "refuse", lambda: cx.io.read_google_forms(wfile("e2.csv", "\n  \n\n")), names=["blank", "empty"], src="read_google_forms('\\n  \\n\\n')")
run("K13", K, "header-only file", "either", lambda: cx.io.read_google_forms(wfile("e3.csv", "Timestamp,Overall\n")),
    lambda r, w: (len(r) == 0 or (_ for _ in ()).throw(Silent(f"{len(r)} rows"))) and "0 rows", names=["header"], src="read_google_forms('Timestamp,Overall\\n')")
run("K14", K, "broken row (extra field) refused with line number", "refuse",
    lambda: cx.io.read_google_forms(wfile("b1.csv", GF + "2024/05/01 12:00:00,Bob,3,extra\n")), names=["line 4", "4"], src="read_google_forms(row 4 has an extra field)")
run("K15", K, "broken row skip counted", "ok",
    lambda: cx.io.read_google_forms(wfile("b2.csv", GF + "2024/05/01 12:00:00,Bob,3,extra\n"), on_bad_lines="skip"),
    lambda r, w: (len(r) == 2 and r.attrs["cxresearch"]["rows"].get("excluded") or (_ for _ in ()).throw(Silent(f"{len(r)} rows, rows={r.attrs['cxresearch'].get('rows')}"))) and f"excluded={r.attrs['cxresearch']['rows'].get('excluded')}",
    src="read_google_forms(extra field row, on_bad_lines='skip')")
run("K16", K, "short row (fewer fields) refused", "refuse",
    lambda: cx.io.read_google_forms(wfile("b3.csv", GF + "2024/05/01 12:00:00,Bob\n")), names=["line", "4"], src="read_google_forms(short row 4)")
run("K17", K, "unterminated quote refused with line", "refuse",
    lambda: cx.io.read_google_forms(wfile("b4.csv", GF + '2024/05/01 12:00:00,"Bob,3\n2024/05/01 13:00:00,Al,2\n')), names=["line", "quote"], src="read_google_forms(unterminated quote on line 4)")
run("K18", K, "leading-zero ids stay text", "ok",
    lambda: cx.io.read_google_forms(wfile("z1.csv", "Timestamp,Code,Overall\n2024/05/01 10:00:00,007,4\n2024/05/01 11:00:00,012,5\n")),
    lambda r, w: (r["Code"].tolist() == ["007", "012"] or (_ for _ in ()).throw(Silent(str(r["Code"].tolist())))) and "007 kept", src="read_google_forms(Code 007, 012)")
run("K19", K, "20-digit ids stay text", "ok",
    lambda: cx.io.read_google_forms(wfile("z2.csv", "Timestamp,Respondent,Overall\n2024/05/01 10:00:00,12345678901234567890,4\n2024/05/01 11:00:00,12345678901234567891,5\n")),
    lambda r, w: (r["Respondent"].astype(str).tolist() == ["12345678901234567890", "12345678901234567891"] or (_ for _ in ()).throw(Silent(str(r["Respondent"].tolist())))) and "exact",
    src="read_google_forms(20-digit ids)")
run("K20", K, "ID column of small ints stays text", "ok",
    lambda: cx.io.read_google_forms(wfile("z3.csv", "Timestamp,ID,Overall\n2024/05/01 10:00:00,1,4\n2024/05/01 11:00:00,2,5\n")),
    lambda r, w: (r["ID"].tolist() == ["1", "2"] or (_ for _ in ()).throw(Silent(f"ID={r['ID'].tolist()} dtype={r['ID'].dtype}"))) and "ID text", src="read_google_forms(ID 1,2)")
run("K21", K, "16-significant-digit numbers stay text", "ok",
    lambda: cx.io.read_google_forms(wfile("z4.csv", "Timestamp,Amount,Overall\n2024/05/01 10:00:00,0.1234567890123456,4\n2024/05/01 11:00:00,1.5,5\n")),
    lambda r, w: (r["Amount"].iloc[0] == "0.1234567890123456" or (_ for _ in ()).throw(Silent(f"Amount={r['Amount'].tolist()}"))) and "text kept",
    src="read_google_forms(Amount 0.1234567890123456)")
run("K22", K, "CRLF line endings", "ok", lambda: cx.io.read_google_forms(wfile("c1.csv", GF.replace("\n", "\r\n"))), gf_ok, src="read_google_forms(CRLF)")
run("K23", K, "missing file", "refuse", lambda: cx.io.read_survey(TMP / "nope.csv"), names=["nope.csv"], src="read_survey('nope.csv')")
run("K24", K, "read_survey unknown format= refused", "refuse", lambda: cx.io.read_survey(wfile("g11.csv", GF), format="typeform"), names=["format", "typeform"], src="read_survey(..., format='typeform')")
run("K25", K, "read_survey plain csv without any known header", "refuse",
    lambda: cx.io.read_survey(wfile("p1.csv", "a,b\n1,2\n")), names=["format", "reader"], src="read_survey('a,b\\n1,2\\n')")
run("K26", K, "gb18030 Chinese wjx file", "ok",
    lambda: cx.io.read_wjx(wfile("w1.csv", "序号,提交答卷时间,1、性别,2、满意度\n1,2024/5/1 10:00:00,男,4分\n2,2024/5/1 10:05:00,女,5分\n3,2024/5/1 10:07:00,(跳过),3分\n", "gb18030")),
    lambda r, w: (r["Q1"].tolist()[:2] == ["男", "女"] and r["Q2"].tolist() == [4, 5, 3] and pd.isna(r["Q1"].iloc[2]) or (_ for _ in ()).throw(Silent(r.to_dict('list')))) and f"encoding={r.attrs['cxresearch'].get('encoding')}",
    src="read_wjx(gb18030 csv with 4分 and (跳过))")
run("K27", K, "wjx -3 skipped as missing", "ok",
    lambda: cx.io.read_wjx(wfile("w2.csv", "序号,提交答卷时间,1、满意度\n1,2024/5/1 10:00:00,4\n2,2024/5/1 10:05:00,-3\n")),
    lambda r, w: (pd.isna(r["Q1"].iloc[1]) and r["Q1"].iloc[0] == 4 or (_ for _ in ()).throw(Silent(str(r["Q1"].tolist())))) and "-3 missing", src="read_wjx(-3 skip code)")
run("K28", K, "wjx 序号 stays text", "ok",
    lambda: cx.io.read_wjx(wfile("w3.csv", "序号,提交答卷时间,1、满意度\n1,2024/5/1 10:00:00,4\n2,2024/5/1 10:05:00,5\n")),
    lambda r, w: (r["序号"].tolist() == ["1", "2"] or (_ for _ in ()).throw(Silent(f"{r['序号'].tolist()} {r['序号'].dtype}"))) and "text", src="read_wjx(序号 1,2)")
Q3 = ("ResponseId,Status,Q5_1,Q5_2\nResponse ID,Response Type,Feel - Wi-Fi,Feel - Bike-friendly streets\n"
      '"{""ImportId"":""_recordId""}","{""ImportId"":""status""}","{""ImportId"":""QID5_1""}","{""ImportId"":""QID5_2""}"\n'
      "R_1,IP Address,I like it,I expect it\nR_2,Survey Preview,I like it,I like it\nR_3,IP Address,I'm neutral,I like it\n")
run("K29", K, "qualtrics 3-row with preview excluded", "ok",
    lambda: cx.io.read_qualtrics(wfile("q1.csv", Q3)),
    lambda r, w: (len(r) == 2 and r.attrs["cxresearch"]["rows"]["excluded"] or (_ for _ in ()).throw(Silent(f"{len(r)} rows"))) and "2 rows, 1 excluded", src="read_qualtrics(3-row)")
run("K30", K, "qualtrics via read_survey semicolons", "ok",
    lambda: cx.io.read_survey(wfile("q2.csv", Q3.replace(",", ";").replace('"{""ImportId"";""', '"{""ImportId"":""'))),
    lambda r, w: (r.attrs["cxresearch"]["reader"] == "qualtrics" and len(r) == 2 or (_ for _ in ()).throw(Silent(f"reader={r.attrs['cxresearch']['reader']} rows={len(r)}"))) and "qualtrics 2 rows",
    src="read_survey(qualtrics with ';')")
run("K31", K, "qualtrics exclude_status=None keeps all", "ok",
    lambda: cx.io.read_qualtrics(wfile("q3.csv", Q3), exclude_status=None),
    lambda r, w: (len(r) == 3 or (_ for _ in ()).throw(Silent(f"{len(r)} rows"))) and "3 rows", src="read_qualtrics(..., exclude_status=None)")
run("K32", K, "qualtrics header-only (3 header rows, no answers)", "either",
    lambda: cx.io.read_qualtrics(wfile("q4.csv", "\n".join(Q3.split("\n")[:3]) + "\n")),
    lambda r, w: (len(r) == 0 or (_ for _ in ()).throw(Silent(f"{len(r)} rows"))) and "0 rows", names=["header", "no response", "empty"], src="read_qualtrics(header rows only)")
run("K33", K, "sep=';' given for a comma file", "either",
    lambda: cx.io.read_google_forms(wfile("g12.csv", GF), sep=";"),
    lambda r, w: (list(r.columns) == ["Timestamp", "Name", "Overall"] or (_ for _ in ()).throw(Silent(f"columns={list(r.columns)}"))), names=["sep", ";"],
    src="read_google_forms(comma file, sep=';')")
run("K34", K, "sep='ab' (two chars) refused", "refuse", lambda: cx.io.read_google_forms(wfile("g13.csv", GF), sep="ab"), names=["sep"], src="read_google_forms(sep='ab')")
run("K35", K, "decimal comma in comma-delimited unquoted -> error names cause", "refuse",
    lambda: cx.io.read_google_forms(wfile("g14.csv", "Timestamp,Score\n2024/05/01 10:00:00,4,5\n2024/05/01 11:00:00,3\n")), names=["decimal", "line"],
    src="read_google_forms('4,5' unquoted in comma file)")
run("K36", K, "invalid utf-8 byte mid-file, legacy detection or line-named error", "either",
    lambda: cx.io.read_google_forms(wfile("g15.csv", GF.encode() + b"2024/05/01 12:00:00,Bad\xff\xfeName,3\n")),
    lambda r, w: f"read {len(r)} rows with encoding {r.attrs['cxresearch'].get('encoding')}", names=["line"], src="read_google_forms(utf-8 + \\xff\\xfe bytes on line 4)")
run("K37", K, "describe on read frame", "ok", lambda: cx.io.describe(cx.io.read_google_forms(wfile("g16.csv", GF))), lambda r, w: f"{len(r)} rows described" if len(r) == 3 else (_ for _ in ()).throw(Silent(f"{len(r)} rows")),
    src="io.describe(read_google_forms(GF))")
run("K38", K, "file with .txt extension", "either", lambda: cx.io.read_google_forms(wfile("g17.txt", GF.replace(",", "\t"))), gf_ok, names=["extension", ".txt"], src="read_google_forms('.txt' tab file)")
run("K39", K, "duplicate header names", "either",
    lambda: cx.io.read_google_forms(wfile("d1.csv", "Timestamp,Q,Q\n2024/05/01 10:00:00,1,2\n")),
    lambda r, w: (len(set(r.columns)) == len(r.columns) and len(r.columns) == 3 or (_ for _ in ()).throw(Silent(f"columns={list(r.columns)}"))) and f"columns {list(r.columns)}", names=["Q", "duplicate"],
    src="read_google_forms(header Timestamp,Q,Q)")
run("K40", K, "limesurvey Q1[SQ001] codes via read_survey", "ok",
    lambda: cx.io.read_survey(wfile("l1.csv", "id,submitdate,Q1[SQ001],Q1[SQ002]\n1,2024-05-01 10:00:00,A1,A2\n2,2024-05-01 11:00:00,A2,A1\n")),
    lambda r, w: f"reader={r.attrs['cxresearch']['reader']}, grid={list(r.attrs['cxresearch'].get('grid', {}).items())[:1]}", src="read_survey(limesurvey csv)")


# ============================================================ L. round 2 (today's input layer), written before its first run
L = "moments"
if pl is not None:
    run("L01", L, "disconfirmation Polars LazyFrame unweighted, centre='mean'", "ok",
        lambda: cx.satisfaction.disconfirmation(to_pl(DF).lazy(), "overall", "E", "X", scale=(1, 5), centre="mean"),
        lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5), centre="mean").table, ["estimate", "se"], "term"),
        src="disconfirmation(polars lazy, 'overall','E','X', scale=(1,5), centre='mean')")
    run("L02", L, "disconfirmation Polars without scale (inferred)", "ok",
        lambda: cx.satisfaction.disconfirmation(to_pl(DF), "overall", "E", "X"),
        lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X").table, ["estimate", "se"], "term"),
        src="disconfirmation(polars, 'overall','E','X')")
    run("L03", L, "drivers Polars family='logit'", "either",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(y=(DF.overall > 5).astype(int))), "y", ATTS, family="logit"),
        lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF.assign(y=(DF.overall > 5).astype(int)), "y", ATTS, family="logit").table, ["weight", "beta"], "attribute"),
        names=["family", "logit", "rows"], src="drivers(polars DF+y, 'y', ATTS, family='logit')")
    run("L04", L, "penalty_reward Polars family='logit'", "either",
        lambda: cx.satisfaction.penalty_reward(to_pl(DF.assign(y=(DF.overall > 5).astype(int))), "y", ATTS, scale=(1, 5), family="logit"),
        lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF.assign(y=(DF.overall > 5).astype(int)), "y", ATTS, scale=(1, 5), family="logit").table, ["penalty", "reward"], "attribute"),
        names=["family", "logit", "rows"], src="penalty_reward(polars DF+y, 'y', ATTS, scale=(1,5), family='logit')")
    run("L05", L, "drivers Polars missing_codes == pandas", "ok",
        lambda: cx.satisfaction.drivers(to_pl(D99), "overall", ATTS, missing_codes=[0, 99]),
        lambda r, w: same_table(r.table, cx.satisfaction.drivers(D99, "overall", ATTS, missing_codes=[0, 99]).table, ["weight", "beta"], "attribute"),
        src="drivers(polars D99, missing_codes=[0,99])")
    run("L06", L, "penalty_reward Polars low=[1,2] high=[5] == pandas", "ok",
        lambda: cx.satisfaction.penalty_reward(to_pl(DF), "overall", ATTS, low=[1, 2], high=[5]),
        lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, low=[1, 2], high=[5]).table, pr_cols() + ["n_high"], "attribute"),
        src="penalty_reward(polars, ..., low=[1,2], high=[5])")
    run("L07", L, "drivers Polars missing='raise' with nulls refused naming column", "refuse",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(a2=DF.a2.where(DF.index != 5))), "overall", ATTS, missing="raise"), names=["a2"],
        src="drivers(polars a2 null, missing='raise')")
    run("L08", L, "drivers Polars by with null segment: rows == pandas", "ok",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(seg=DF.seg.where(DF.index % 10 != 0))), "overall", ATTS, by="seg"),
        lambda r, w: (str(r.rows) == str(cx.satisfaction.drivers(DF.assign(seg=DF.seg.where(DF.index % 10 != 0)), "overall", ATTS, by="seg").rows) or (_ for _ in ()).throw(Silent(f"rows {r.rows}"))) and str(r.rows),
        src="drivers(polars seg null every 10th, by='seg').rows")
    run("L09", L, "drivers Polars binary outcome family='linear' == pandas", "ok",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(y=(DF.overall > 5).astype(int))), "y", ATTS, family="linear"),
        lambda r, w: same_table(r.table, cx.satisfaction.drivers(DF.assign(y=(DF.overall > 5).astype(int)), "y", ATTS, family="linear").table, ["weight"], "attribute"),
        src="drivers(polars, 'y' 0/1, family='linear')")
    run("L10", L, "drivers Polars constant outcome refused naming it", "refuse",
        lambda: cx.satisfaction.drivers(to_pl(DF.assign(overall=7)), "overall", ATTS), names=["overall"], src="drivers(polars overall=7)")
    run("L11", L, "from_ratings Polars frame == pandas", "ok",
        lambda: cx.dropoff.from_ratings(to_pl(RT), "overall", ATTS, time="date", scale=(1, 5), min_n=20), same_fr,
        src="from_ratings(polars RT, time='date', scale=(1,5), min_n=20)")
    run("L12", L, "importance_performance Polars weights + by? (no by) + labels", "ok",
        lambda: cx.satisfaction.importance_performance(to_pl(DF), "overall", ATTS, weights="w", labels={"a1": "A one"}),
        lambda r, w: same_table(r.table, cx.satisfaction.importance_performance(DF, "overall", ATTS, weights="w", labels={"a1": "A one"}).table, ["performance", "importance"], "attribute"),
        src="importance_performance(polars, weights='w', labels={'a1':'A one'})")
    run("L13", L, "drivers Polars with a 6-row segment == pandas incl note", "ok",
        lambda: cx.satisfaction.drivers(to_pl(thin6), "overall", ATTS, by="seg", weights="w"),
        lambda r, w: same_table(r.table, cx.satisfaction.drivers(thin6, "overall", ATTS, by="seg", weights="w").table, ["weight", "beta"], ["seg", "attribute"]) + "; " + seg_check_thin(r, w),
        src="drivers(polars thin6, by='seg', weights='w')")
if duckdb is not None:
    run("L14", L, "disconfirmation DuckDB unweighted", "ok",
        lambda: (lambda rc: cx.satisfaction.disconfirmation(rc[0], "overall", "E", "X", scale=(1, 5)))(to_duck(DF)),
        lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5)).table, ["estimate", "se"], "term"),
        src="disconfirmation(duckdb, 'overall','E','X', scale=(1,5))")
    run("L15", L, "drivers DuckDB missing column refused naming it", "refuse",
        lambda: (lambda rc: cx.satisfaction.drivers(rc[0], "overall", ATTS))(to_duck(DF.drop(columns="a3"))), names=["a3"],
        src="drivers(duckdb without a3, 'overall', ATTS)")
    run("L16", L, "penalty_reward DuckDB by with thin segment == pandas", "ok",
        lambda: (lambda rc: cx.satisfaction.penalty_reward(rc[0], "overall", ATTS, scale=(1, 5), by="seg"))(to_duck(thinpr)),
        lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(thinpr, "overall", ATTS, scale=(1, 5), by="seg").table, pr_cols(), ["seg", "attribute"]) + "; " + seg_check_thin(r, w),
        src="penalty_reward(duckdb thinpr, scale=(1,5), by='seg')")
if pa is not None:
    run("L17", L, "disconfirmation pyarrow Table", "ok",
        lambda: cx.satisfaction.disconfirmation(pa.Table.from_pandas(DF), "overall", "E", "X", scale=(1, 5)),
        lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(DF, "overall", "E", "X", scale=(1, 5)).table, ["estimate", "se"], "term"),
        src="disconfirmation(pa.Table, 'overall','E','X', scale=(1,5))")
    run("L18", L, "penalty_reward pyarrow Table", "ok",
        lambda: cx.satisfaction.penalty_reward(pa.Table.from_pandas(DF), "overall", ATTS, scale=(1, 5)),
        lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, scale=(1, 5)).table, pr_cols(), "attribute"),
        src="penalty_reward(pa.Table, 'overall', ATTS, scale=(1,5))")
run("L19", L, "drivers Moments with constant outcome refused naming outcome", "refuse",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF.assign(overall=7), M_ALL), "overall", ATTS), names=["overall"],
    src="drivers(moments(DF overall=7), ...)")
run("L20", L, "disconfirmation Moments products + missing_codes == rows", "ok",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(D99.assign(X=D99.X.where(D99.index % 8 != 0, 99)), ["overall", "E", "X"], products=PRODS, missing_codes=[0, 99]), "overall", "E", "X", scale=(1, 5)),
    lambda r, w: same_table(r.table, cx.satisfaction.disconfirmation(D99.assign(X=D99.X.where(D99.index % 8 != 0, 99)), "overall", "E", "X", missing_codes=[0, 99], scale=(1, 5)).table, ["estimate", "se"], "term"),
    src="disconfirmation(moments(D99+X99, products, missing_codes=[0,99]), ..., scale=(1,5))")
run("L21", L, "disconfirmation Moments(products) with declared scale violated", "refuse",
    lambda: cx.satisfaction.disconfirmation(cx.satisfaction.moments(DF.assign(E=DF.E + 1), ["overall", "E", "X"], products=PRODS), "overall", "E", "X", scale=(1, 5)), names=["E", "scale"],
    src="disconfirmation(moments(DF E+1, products), ..., scale=(1,5))")
run("L22", L, "drivers Moments attribute constant refused/not estimable naming it", "refuse",
    lambda: cx.satisfaction.drivers(cx.satisfaction.moments(DF.assign(a2=3), M_ALL), "overall", ATTS), names=["a2"],
    src="drivers(moments(DF a2=3), ...)")
L2 = "missing"
run("L23", L2, "penalty_reward low=[] refused naming low", "refuse",
    lambda: cx.satisfaction.penalty_reward(DF, "overall", ATTS, low=[], high=[5]), names=["low"], src="penalty_reward(DF, low=[], high=[5])")
run("L24", L2, "penalty_reward low overlapping high refused", "refuse",
    lambda: cx.satisfaction.penalty_reward(DF, "overall", ATTS, low=[1, 2, 3], high=[3, 4, 5]), names=["low", "high"], src="penalty_reward(DF, low=[1,2,3], high=[3,4,5])")
run("L25", L2, "penalty_reward low=np.nan refused", "refuse",
    lambda: cx.satisfaction.penalty_reward(DF, "overall", ATTS, low=np.nan), names=["low"], src="penalty_reward(DF, low=nan)")
run("L26", L2, "penalty_reward low=True refused", "refuse",
    lambda: cx.satisfaction.penalty_reward(DF, "overall", ATTS, low=True), names=["low"], src="penalty_reward(DF, low=True)")
run("L27", L2, "penalty_reward low=2 high=4 (thresholds) == lists [1,2]/[4,5]", "ok",
    lambda: cx.satisfaction.penalty_reward(DF, "overall", ATTS, low=2, high=4),
    lambda r, w: same_table(r.table, cx.satisfaction.penalty_reward(DF, "overall", ATTS, low=[1, 2], high=[4, 5]).table, pr_cols(), "attribute"),
    src="penalty_reward(DF, low=2, high=4)")
run("L28", L2, "from_ratings 0 under 1-5 without missing_codes -> ScaleWarning naming column", "ok",
    lambda: cx.dropoff.from_ratings(RT.assign(a2=RT.a2.where(RT.index % 7 != 0, 0)), "overall", ATTS, time="date", min_n=20),
    lambda r, w: (lambda m: m[0][:120] if m else (_ for _ in ()).throw(Silent(f"no warning naming a2: {w[:2]}")))([x for x in w if "a2" in x]),
    src="from_ratings(RT a2=0 every 7th, time='date')")
L3 = "segments"
DEC = DF.assign(E2=DF.X.round(), g=np.where(DF.index % 2 == 0, "a", "b"))
run("L29", L3, "decompose parts add to observed difference", "ok",
    lambda: cx.satisfaction.decompose(DEC, "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"]),
    lambda r, w: (lambda e: (close(e["difference"], DEC[DEC.g == "a"].overall.mean() - DEC[DEC.g == "b"].overall.mean(), 1e-8, "difference"),
                             close(e["explained"] + e["coefficients"], e["difference"], 1e-8, "explained+coefficients"),
                             close(e["experience"] + e["expectation"], e["explained"], 1e-8, "experience+expectation"), "parts add up")[-1])(r.parts.set_index("part").estimate),
    src="decompose(DEC, 'overall', group='g', experience=['a1','a2'], expectation=['a3','a4'])", revised="after run 2: check fixed (harness read the parts table wrongly)")
run("L30", L3, "decompose integer weights == replicated", "ok",
    lambda: cx.satisfaction.decompose(DEC, "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"], weights="w"),
    lambda r, w: same_table(r.table, cx.satisfaction.decompose(DEC.loc[DEC.index.repeat(DEC.w.astype(int))], "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"]).table, ["explained", "coefficients", "mean_a", "coef_ref"], ["column", "role"]),
    src="decompose(DEC, ..., weights='w') vs replicated")
run("L31", L3, "decompose group column with 3 values refused naming groups", "refuse",
    lambda: cx.satisfaction.decompose(DF, "overall", group="seg", experience=["a1", "a2"], expectation=["a3", "a4"]), names=["seg", "groups"],
    src="decompose(DF, group='seg' (3 values), ...)")
run("L32", L3, "decompose group with 4 rows (thin)", "refuse",
    lambda: cx.satisfaction.decompose(DEC.assign(g=np.where(DEC.index < 4, "a", "b")), "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"]), names=["a", "g"],
    src="decompose(DEC g='a' on 4 rows, ...)")
run("L33", L3, "decompose experience/expectation lengths differ refused", "refuse",
    lambda: cx.satisfaction.decompose(DEC, "overall", group="g", experience=["a1", "a2"], expectation=["a3"]), names=["experience", "expectation"],
    src="decompose(DEC, experience=['a1','a2'], expectation=['a3'])")
if pl is not None:
    run("L34", L3, "decompose Polars frame == pandas", "either",
        lambda: cx.satisfaction.decompose(to_pl(DEC), "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"]),
        lambda r, w: same_table(r.table, cx.satisfaction.decompose(DEC, "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"]).table, ["explained", "coefficients"], ["column", "role"]),
        names=["data", "pandas"], src="decompose(polars DEC, ...)")
run("L35", L3, "decompose missing_codes == dropped rows", "ok",
    lambda: cx.satisfaction.decompose(DEC.assign(a1=DEC.a1.where(DEC.index % 9 != 0, 99)), "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"], missing_codes=99),
    lambda r, w: same_table(r.table, cx.satisfaction.decompose(DEC[DEC.index % 9 != 0], "overall", group="g", experience=["a1", "a2"], expectation=["a3", "a4"]).table, ["explained", "coefficients"], ["column", "role"]),
    src="decompose(DEC a1=99 every 9th, missing_codes=99)")
L4 = "counts"
run("L36", L4, "detect weighted count table missing sumw2_Q refused naming it", "refuse",
    lambda: cx.dropoff.detect(cx.kano.counts(KW.assign(wave=np.tile([1, 2, 3, 4, 5], 4)), by="wave", weights="w").drop(columns="sumw2_Q")), names=["sumw2_Q"],
    src="dropoff.detect(weighted count table without sumw2_Q)")
run("L37", L4, "analyze count table by segment where one segment is all zero", "either",
    lambda: cx.kano.analyze(pd.concat([TAB.assign(seg="p"), TAB.assign(seg="q", **{c: 0 for c in "AOMIRQ"})]), by="seg", min_n=0),
    lambda r, w: (lambda q: f"q rows={len(q)}, better={q.better.tolist()}" if (len(q) == 0 and any("q" in m for m in w)) or (len(q) and q.better.isna().all() and w) else (_ for _ in ()).throw(Silent(f"q rows={len(q)} better={q.better.tolist() if len(q) else None} warnings={w[:2]}")))(r.table[r.table.seg == "q"]),
    names=["q"], src="kano.analyze(TAB seg p + all-zero seg q, by='seg')")
run("L38", L4, "detect count table by segment with an all-zero segment", "either",
    lambda: cx.dropoff.detect(pd.concat([WT.assign(seg="p"), WT.assign(seg="q", **{c: 0 for c in "AOMIRQ"})]), by="seg"),
    lambda r, w: (lambda q: f"q rows={len(q)}; warned" if any("'q'" in m or "q" in m for m in w) else (_ for _ in ()).throw(Silent(f"q rows={len(q)} rows={r.rows} warnings={w[:2]}")))(r.table[r.table.seg == "q"]),
    names=["q"], src="dropoff.detect(WT seg p + all-zero seg q, by='seg')")
run("L39", L4, "analyze count table with uint64 counts", "ok",
    lambda: cx.kano.analyze(TAB.astype({c: "uint64" for c in "AOMIRQ"}), min_n=0), kano_hand, src="kano.analyze(TAB as uint64)")
run("L40", L4, "analyze count table with nullable Int64 counts", "ok",
    lambda: cx.kano.analyze(TAB.astype({c: "Int64" for c in "AOMIRQ"}), min_n=0), kano_hand, src="kano.analyze(TAB as Int64)")
if pl is not None:
    run("L41", L4, "analyze Polars count table == pandas count table", "ok",
        lambda: cx.kano.analyze(pl.from_pandas(TAB), min_n=0), kano_hand, src="kano.analyze(pl.from_pandas(TAB))")
    run("L42", L4, "detect Polars count table == pandas", "ok",
        lambda: cx.dropoff.detect(pl.from_pandas(WT)),
        lambda r, w: same_table(r.table, cx.dropoff.detect(WT).table, ["n", "m_share_slope", "p_value"], "attribute"), src="dropoff.detect(pl.from_pandas(WT))")
run("L43", L4, "detect count table with wave as dates text", "ok",
    lambda: cx.dropoff.detect(WT.assign(wave=WT.wave.map({1: "2020-01-01", 2: "2021-01-01", 3: "2022-01-01", 4: "2023-01-01"}))),
    lambda r, w: same_table(r.table, cx.dropoff.detect(WT).table, ["n", "p_value"], "attribute", 1e-3), src="dropoff.detect(WT wave as ISO date text)")
run("L44", L4, "analyze count table with mixed int/str attribute labels", "ok",
    lambda: cx.kano.analyze(TAB.assign(attribute=[1, "y"]), min_n=0),
    lambda r, w: f"attributes {r.table.attribute.tolist()}", src="kano.analyze(TAB attribute [1,'y'])")

# ---------------------------------------------------------------- report
cnt = Counter(r["outcome"] for r in RESULTS)
print("\n== totals:", len(RESULTS), dict(cnt))
by_area = defaultdict(Counter)
for r in RESULTS:
    by_area[r["area"]][r["outcome"]] += 1
for a, c in by_area.items():
    print(f"  {a:12s} {dict(c)}")
out = Path(os.environ.get("CX_PROBE_OUT", ".")) / f"probe2_{LABEL}.json"
out.write_text(json.dumps({"label": LABEL, "cx_file": cx.__file__, "totals": dict(cnt), "by_area": {a: dict(c) for a, c in by_area.items()}, "cases": RESULTS},
                          indent=1, ensure_ascii=False, default=str))
print("wrote", out)
