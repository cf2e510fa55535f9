"""Kano benchmarks: evaluate, code, analyze, and the ratio against a per-row lookup.

Run: ``.venv/bin/python benchmarks/bench_kano.py`` (or ``make bench``). Prints figures only.
Goals (2-core machine): evaluate 10M pairs <= 1 s; code 500k x 20 <= 5 s; >= 100x a
``DataFrame.apply`` dictionary lookup.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
from _timing import timed

import cxresearch as cx

STANDARD = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
LABELS = np.array(["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it"], dtype=object)


def main() -> None:
    rng = np.random.default_rng(0)
    n = 10_000_000
    f, d = rng.integers(1, 6, n), rng.integers(1, 6, n)
    t_num, _ = timed(lambda: cx.kano.evaluate(f, d))
    print(f"evaluate, 10,000,000 numeric pairs:          {t_num:7.3f} s")
    fl = pd.Series(pd.Categorical.from_codes(f - 1, categories=LABELS))
    dl = pd.Series(pd.Categorical.from_codes(d - 1, categories=LABELS))
    t_cat, _ = timed(lambda: cx.kano.evaluate(fl, dl))
    print(f"evaluate, 10,000,000 label pairs (category): {t_cat:7.3f} s")
    m = 1_000_000
    fs, ds = pd.Series(LABELS[f[:m] - 1]), pd.Series(LABELS[d[:m] - 1])
    t_str, _ = timed(lambda: cx.kano.evaluate(fs, ds))
    print(f"evaluate, 1,000,000 label pairs (strings):   {t_str:7.3f} s  "
          f"(-> {t_str * 10:.2f} s per 10M)")

    # baseline: a per-row dictionary lookup with DataFrame.apply, timed on 200k rows and scaled
    lookup = {(LABELS[i], LABELS[j]): STANDARD[i][j] for i in range(5) for j in range(5)}
    k = 200_000
    frame = pd.DataFrame({"f": fs[:k], "d": ds[:k]})
    t_apply, _ = timed(lambda: frame.apply(lambda r: lookup[(r["f"], r["d"])], axis=1), repeat=1)
    t_ours, _ = timed(lambda: cx.kano.evaluate(frame["f"], frame["d"]))
    print(f"DataFrame.apply lookup, 200,000 label pairs: {t_apply:7.3f} s; evaluate: {t_ours:.4f} s; "
          f"ratio {t_apply / t_ours:,.0f}x")

    # code: 500,000 respondents x 20 attributes, wide export with labels
    resp_n, n_attr = 500_000, 20
    cols = {"respondent": np.arange(resp_n), "segment": rng.choice(["a", "b", "c"], resp_n)}
    for j in range(n_attr):
        cols[f"att{j:02d}_f"] = pd.Categorical.from_codes(rng.integers(0, 5, resp_n), categories=LABELS)
        cols[f"att{j:02d}_d"] = pd.Categorical.from_codes(rng.integers(0, 5, resp_n), categories=LABELS)
    wide = pd.DataFrame(cols)
    t_code, coded = timed(lambda: cx.kano.code(wide), repeat=1)
    print(f"code, 500,000 respondents x 20 attributes (categorical labels): {t_code:7.3f} s "
          f"({len(coded):,} coded pairs)")
    wide_str = wide.iloc[:100_000].astype({c: object for c in wide.columns[2:]})
    t_code_s, _ = timed(lambda: cx.kano.code(wide_str), repeat=1)
    print(f"code, 100,000 respondents x 20 attributes (string labels):      {t_code_s:7.3f} s "
          f"(-> {t_code_s * 5:.2f} s per 500k)")

    # analyze with intervals, 50 attributes x 3 segments, from 50 x 20,000 coded answers
    sim = pd.DataFrame({
        "attribute": np.repeat([f"a{j:02d}" for j in range(50)], 20_000),
        "segment": rng.choice(["s1", "s2", "s3"], 1_000_000),
        "category": pd.Categorical.from_codes(rng.integers(0, 6, 1_000_000), dtype=cx.kano.CATEGORY_DTYPE),
    })
    t_an, _ = timed(lambda: cx.kano.analyze(sim, by="segment"))
    print(f"analyze, 1,000,000 answers, 50 attributes x 3 segments, with intervals and segment tests: "
          f"{t_an:7.3f} s")
    tab = cx.kano.counts(sim)
    t_tab, _ = timed(lambda: cx.kano.analyze(tab))
    print(f"analyze, count table of 50 attributes:       {t_tab:7.3f} s")


if __name__ == "__main__":
    main()
