"""Store (``--store DIR``) or compare (``--check DIR``) the tables of touchpoints, tolerance and drivers.

The one-pass rewrites of issue #23 must give today's numbers to 1e-10. This script computes the
tables on seeded data (touchpoints with by / weights / outcome / missing values / codes, tolerance
with by / weights / lower-is-better / missing codes, drivers with missing values and nullable Int8
columns), stores them as pickles, and compares a later run against them.
Run: ``PYTHONPATH=. python benchmarks/equivalence_onepass.py --store /tmp/ref`` then ``--check /tmp/ref``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import cxresearch as cx

TP = {"a": 0.3, "b": 0.1, "c": 0.4, "d": 0.2, "e": 0.05}


def touchpoint_cases() -> dict:
    data, _ = cx.simulate.touchpoint_survey(TP, 3000, segments={"x": 0.3, "y": 0.5, "z": 0.2}, random_state=1)
    rng = np.random.default_rng(2)
    data["w"] = rng.uniform(0.2, 3, len(data))
    holes = data.copy()
    for c in ["a_experience", "c_expectation", "overall"]:
        holes.loc[rng.random(len(holes)) < 0.05, c] = np.nan
    holes.loc[rng.random(len(holes)) < 0.02, "b_experience"] = 99
    holes.loc[rng.random(len(holes)) < 0.01, "segment"] = None
    out = {}
    out["plain"] = cx.journey.touchpoints(data, by="segment", outcome="overall", scale=(1, 7))
    out["weighted"] = cx.journey.touchpoints(data, by="segment", outcome="overall", weights="w", scale=(1, 7))
    out["nooutcome"] = cx.journey.touchpoints(data, scale=(1, 7))
    out["holes"] = cx.journey.touchpoints(holes, by="segment", outcome="overall", scale=(1, 7), missing_codes=[99])
    out["holes_w"] = cx.journey.touchpoints(holes, by="segment", outcome="overall", weights="w", missing_codes=[99])
    nb = data.copy()
    nb["seg2"] = np.where(np.arange(len(nb)) % 2 == 0, "p", "q")
    out["two_keys"] = cx.journey.touchpoints(nb, by=["segment", "seg2"], outcome="overall", scale=(1, 7))
    small = data.copy()
    small.loc[small.index[:5], "segment"] = "tiny"
    out["thin"] = cx.journey.touchpoints(small, by="segment", outcome="overall", scale=(1, 7))
    tables = {}
    for k, r in out.items():
        tables[f"tp_{k}_table"] = r.table
        tables[f"tp_{k}_tests"] = r.tests
        tables[f"tp_{k}_coef"] = r.coefficients
        tables[f"tp_{k}_rows"] = str(r.rows)
        tables[f"tp_{k}_model_rows"] = r.model_rows
        tables[f"tp_{k}_notes"] = r.notes
        if r.coefficients is not None:
            tables[f"tp_{k}_fix"] = r.fix_first()
    return tables


def decompose_cases() -> dict:
    data, _ = cx.simulate.touchpoint_survey(TP, 2000, segments={"gold": 0.4, "ordinary": 0.6}, random_state=3)
    cols = [f"{t}_{r}" for t in TP for r in ("experience", "expectation")]
    r = cx.satisfaction.decompose(data, "overall", group="segment", groups=("gold", "ordinary"),
                                  experience=cols[0::2], expectation=cols[1::2], scale=(1, 7), n_boot=50,
                                  random_state=0, progress=False)
    return {"dec_parts": r.parts}


def tolerance_cases() -> dict:
    df, _ = cx.simulate.callcentre(6000, random_state=4)
    attrs = ["waiting", "resolution", "courtesy", "information"]
    rng = np.random.default_rng(5)
    df["w"] = rng.uniform(0.3, 2.5, len(df))
    df.loc[rng.random(len(df)) < 0.01, "segment"] = None
    out = {}
    out["plain"] = cx.expectation.tolerance(df, attrs, by="segment", scale=(1, 9), missing_codes=0)
    out["weighted"] = cx.expectation.tolerance(df, attrs, by="segment", scale=(1, 9), missing_codes=0, weights="w")
    out["nosegment"] = cx.expectation.tolerance(df, attrs, missing_codes=0)
    waits = pd.DataFrame({"wait_adequate": rng.uniform(5, 15, 3000).round(1),
                          "wait_desired": rng.uniform(1, 6, 3000).round(1),
                          "wait_perceived": rng.uniform(0, 20, 3000).round(1),
                          "seg": rng.choice(["a", "b"], 3000), "w": rng.uniform(0.5, 2, 3000)})
    waits.loc[rng.random(3000) < 0.03, "wait_perceived"] = np.nan
    waits.loc[:10, "w"] = 0
    out["lower"] = cx.expectation.tolerance(waits, "wait", lower_is_better=True, by="seg", weights="w")
    out["lower_plain"] = cx.expectation.tolerance(waits, "wait", lower_is_better=True)
    tables = {}
    for k, r in out.items():
        tables[f"tol_{k}_table"] = r.table
        tables[f"tol_{k}_acc"] = r.accounting
        tables[f"tol_{k}_levels"] = r.levels
        tables[f"tol_{k}_rows"] = str(r.rows)
    return tables


def driver_cases() -> dict:
    attrs = {f"q{i}": {"experience": 3.2, "expectation": 3.5, "penalty": -0.3 - 0.1 * i, "reward": 0.2 + 0.05 * i}
             for i in range(6)}
    df, _ = cx.simulate.rating_survey(attrs, 4000, random_state=6)
    cols = [c for c in df.columns if c.endswith("_experience")]
    rng = np.random.default_rng(7)
    holes = df.copy()
    for c in cols + ["overall"]:
        holes.loc[rng.random(len(holes)) < 0.05, c] = np.nan
    nullable = holes.copy()
    for c in cols + ["overall"]:
        nullable[c] = nullable[c].astype("Int8")
    holes["w"] = rng.uniform(0.5, 2, len(holes))
    tables = {}
    for name, frame, kw in (("complete", df, {}), ("holes", holes, {}), ("holes_w", holes, {"weights": "w"}),
                            ("nullable", nullable, {})):
        for method in ("relative_weights", "ols", "shapley"):
            r = cx.satisfaction.drivers(frame, "overall", cols, method=method, **kw)
            tables[f"drv_{name}_{method}"] = r.table
            tables[f"drv_{name}_{method}_rows"] = str(r.rows)
        pr = cx.satisfaction.penalty_reward(frame, "overall", cols, **kw)
        tables[f"pr_{name}"] = pr.table
    return tables


def compute() -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {**touchpoint_cases(), **decompose_cases(), **tolerance_cases(), **driver_cases()}


def differ(a, b) -> str | None:
    """'' when equal to 1e-10 (numbers) or exactly (the rest), else what differs."""
    if a is None or b is None or isinstance(a, (str, tuple)):
        return None if a == b else f"{a!r} != {b!r}"
    if list(a.columns) != list(b.columns) or a.shape != b.shape:
        return f"columns/shape {list(a.columns)} {a.shape} != {list(b.columns)} {b.shape}"
    for c in a.columns:
        x, y = a[c], b[c]
        if x.dtype != y.dtype:
            return f"{c}: dtype {x.dtype} != {y.dtype}"
        if pd.api.types.is_float_dtype(x.dtype):
            u, v = x.to_numpy(float), y.to_numpy(float)
            bad = ~((np.isnan(u) & np.isnan(v)) | (np.abs(u - v) <= 1e-10 * np.maximum(1, np.abs(v))))
            if bad.any():
                return f"{c}: max |diff| {np.nanmax(np.abs(u - v)):.3e}"
        elif not x.equals(y):
            return f"{c}: values differ"
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store")
    ap.add_argument("--check")
    args = ap.parse_args()
    now = compute()
    if args.store:
        Path(args.store).mkdir(parents=True, exist_ok=True)
        (Path(args.store) / "ref.pkl").write_bytes(pickle.dumps(now))
        print(f"stored {len(now)} tables")
        return
    ref = pickle.loads((Path(args.check) / "ref.pkl").read_bytes())
    bad = {k: d for k in ref if (d := differ(now.get(k), ref[k]))}
    for k, d in bad.items():
        print(f"DIFFERS {k}: {d}")
    print(f"{len(ref) - len(bad)} of {len(ref)} tables agree to 1e-10")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
