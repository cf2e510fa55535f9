"""Drop-off benchmark: 100 attributes x 12 waves x 2,000 respondents a wave (2.4M coded answers).

From coded responses to the full result (trend tests, change points, forecasts). Goal: <= 5 s
on a 2-core machine. Baseline in the same process: fitting statsmodels' OrderedModel (the
plain way, one attribute at a time on respondent rows) for a few attributes, scaled to 100.
Run: ``.venv/bin/python benchmarks/bench_dropoff.py``.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
from _timing import timed

import cxresearch as cx


def main() -> None:
    rng = np.random.default_rng(0)
    n_attr, n_waves, per_wave = 100, 12, 2000
    paths = {}
    for j in range(n_attr):
        if j % 3 == 0:
            paths[f"att{j:03d}"] = cx.simulate.drift({"A": .6, "O": .15, "M": .1, "I": .15},
                                                     {"A": .3, "O": .3, "M": .25, "I": .15})
        elif j % 3 == 1:
            paths[f"att{j:03d}"] = cx.simulate.step({"A": .6, "I": .4}, {"M": .5, "I": .5}, at=6)
        else:
            paths[f"att{j:03d}"] = cx.simulate.stable({"A": .3, "O": .3, "M": .2, "I": .2})
    t0 = time.perf_counter()
    answers, _ = cx.simulate.kano_waves(list(paths), n_waves, per_wave, paths, random_state=rng)
    t_sim = time.perf_counter() - t0
    responses = answers[["respondent", "wave", "attribute"]].copy()
    responses["category"] = answers["true_category"].astype(cx.kano.CATEGORY_DTYPE)
    print(f"simulated {len(responses):,} coded answers in {t_sim:.2f} s")
    best, res = timed(lambda: cx.dropoff.detect(responses, time="wave"))
    print(f"detect, {n_attr} attributes x {n_waves} waves x {per_wave:,} a wave: {best:.3f} s "
          f"({(res.table['direction'] == 'drop-off').sum()} drop-offs flagged)")

    from statsmodels.miscmodels.ordinal_model import OrderedModel

    sample = [a for a in list(paths)[:3]]
    t0 = time.perf_counter()
    for name in sample:
        part = responses[(responses["attribute"] == name) & responses["category"].isin(["A", "O", "M"])]
        y = pd.Series(pd.Categorical(part["category"].astype(str), categories=["A", "O", "M"], ordered=True))
        x = part[["wave"]].to_numpy(dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            OrderedModel(y, x, distr="logit").fit(method="bfgs", disp=False)
    per_attr = (time.perf_counter() - t0) / len(sample)
    print(f"baseline: statsmodels OrderedModel on respondent rows, {per_attr:.3f} s per attribute "
          f"-> {per_attr * n_attr:.1f} s for {n_attr} (trend only, no change points); "
          f"ratio {per_attr * n_attr / best:.0f}x")


if __name__ == "__main__":
    main()
