"""Tracking benchmark: the KPI and its control chart on 1 million answers, 8 waves x 3 segments.

Goal: ``tracking.kpi`` (NPS per wave and segment with intervals, 21 changes and 24 gaps tested, Holm)
and ``tracking.control_chart`` (the NPS chart with the five run rules) each under 2 s from the raw
DataFrame to the result on a 2-core machine. The baseline is what a competent pandas user writes for
the same numbers: promoter and detractor indicator columns, ``groupby([wave, segment]).agg`` of their
means and the count, then the NPS, its standard error and the interval from the aggregated frame (and
for the chart, the pooled centre and 3-sigma limits per segment). The script checks that both agree.
Memory: the peak of Python allocations during the call (tracemalloc) per input row.
Run: ``.venv/bin/python benchmarks/bench_tracking_kpi.py``.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
from _table import peak_bytes, record
from _timing import timed
from scipy import stats

import cxresearch as cx

N, WAVES, SEGMENTS = 1_000_000, 8, ["business", "ordinary", "vip"]


def tracker(n: int = N, seed: int = 0) -> pd.DataFrame:
    """A quarterly tracker: the 0-10 recommendation answer, the quarter, the segment (2 % missing answers)."""
    rng = np.random.default_rng(seed)
    wave = rng.integers(0, WAVES, n)
    seg = rng.integers(0, len(SEGMENTS), n)
    r = np.clip(np.rint(rng.normal(7 + 0.1 * wave + 0.5 * seg, 2.2)), 0, 10)
    r[rng.random(n) < 0.02] = np.nan
    quarters = np.array([f"{2023 + q // 4}Q{q % 4 + 1}" for q in range(WAVES)])
    return pd.DataFrame({"recommend": r, "quarter": quarters[wave], "segment": np.array(SEGMENTS)[seg]})


def baseline_kpi(df: pd.DataFrame) -> pd.DataFrame:
    """NPS per quarter and segment the pandas way: indicators, groupby-agg, then the formula."""
    d = df.dropna(subset=["recommend"])
    d = d.assign(promoter=d["recommend"] >= 9, detractor=d["recommend"] <= 6)
    agg = d.groupby(["segment", "quarter"]).agg(n=("recommend", "size"), p=("promoter", "mean"),
                                                d=("detractor", "mean")).reset_index()
    agg["nps"] = agg["p"] - agg["d"]
    agg["se"] = np.sqrt((agg["p"] + agg["d"] - agg["nps"] ** 2) / agg["n"])
    z = stats.norm.ppf(0.975)
    agg["ci_low"], agg["ci_high"] = agg["nps"] - z * agg["se"], agg["nps"] + z * agg["se"]
    return agg


def baseline_chart(df: pd.DataFrame) -> pd.DataFrame:
    """The NPS chart the pandas way: per-cell shares, pooled centre per segment, limits at each n."""
    agg = baseline_kpi(df)
    pooled = agg.assign(pn=agg["p"] * agg["n"], dn=agg["d"] * agg["n"]).groupby("segment")[["pn", "dn", "n"]].sum()
    p, d = pooled["pn"] / pooled["n"], pooled["dn"] / pooled["n"]
    agg = agg.join((p - d).rename("centre"), on="segment").join((p + d - (p - d) ** 2).rename("var"), on="segment")
    sigma = np.sqrt(agg["var"] / agg["n"])
    agg["ucl"], agg["lcl"] = agg["centre"] + 3 * sigma, agg["centre"] - 3 * sigma
    agg["signal"] = (agg["nps"] > agg["ucl"]) | (agg["nps"] < agg["lcl"])
    return agg



def main() -> None:
    df = tracker()
    load = os.getloadavg()[0]
    print(f"{N:,} answers, {WAVES} quarters x {len(SEGMENTS)} segments; load average {load:.2f}")

    def ours():
        return cx.tracking.kpi(df, "recommend", kind="nps", time="quarter", by="segment")

    t_ours, res = timed(ours)
    t_base, base = timed(lambda: baseline_kpi(df))
    cols = ["n", "nps", "se", "ci_low", "ci_high"]
    mine = res.table.rename(columns={"nps_ci_low": "ci_low", "nps_ci_high": "ci_high"})
    gap = np.abs(mine[cols].to_numpy(float) - base[cols].to_numpy(float)).max()
    mem = peak_bytes(ours)[0] / N
    print(f"kpi: {t_ours:.3f} s (goal < 2 s; {res.rows}); pandas groupby {t_base:.3f} s; max |difference| "
          f"{gap:.1e}; {mem:.0f} bytes per row at peak")
    record("kpi (NPS, 8 waves x 3 segments, changes and gaps)", f"{N:,} rows", t_ours,
           "pandas groupby-agg of promoter/detractor shares + formula", t_base, agreement=gap, bytes_per_row=mem)

    def chart():
        return cx.tracking.control_chart(df, "recommend", kind="nps", time="quarter", by="segment")

    t_chart, cres = timed(chart)
    t_cbase, cbase = timed(lambda: baseline_chart(df))
    cols = ["centre", "ucl", "lcl"]
    gap = np.abs(cres.table[cols].to_numpy(float) - cbase[cols].to_numpy(float)).max()
    same = (cres.table["z"].abs() > 3).tolist() == cbase["signal"].tolist()
    mem = peak_bytes(chart)[0] / N
    print(f"control_chart: {t_chart:.3f} s (goal < 2 s); pandas {t_cbase:.3f} s (3-sigma only); max |difference| "
          f"of the limits {gap:.1e}; same 3-sigma points: {same}; {mem:.0f} bytes per row at peak")
    record("control_chart (NPS, 5 run rules)", f"{N:,} rows", t_chart,
           "pandas groupby-agg + pooled limits (3-sigma rule only)", t_cbase, agreement=gap, bytes_per_row=mem)


if __name__ == "__main__":
    main()
