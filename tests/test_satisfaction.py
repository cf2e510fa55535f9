"""Gap analysis: the seven-step retail case exactly, respondent-level means, bad input."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError


def test_seven_step_retail_case_exactly():
    res = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"), ideal="ideal")
    t = res.table.set_index("attribute")
    # published: convenience gap -2, product -1, others 0
    assert t["gap"].to_dict() == {"product": -1, "service": 0, "price": 0, "convenience": -2,
                                  "relationship": 0, "brand_image": 0}
    assert t.loc["convenience", "weighted_gap"] == -18
    assert t.loc["convenience", "priority"] == 1
    assert t.loc["convenience", "ideal_gap"] == -5
    assert (t.drop(index="convenience")["ideal_gap"] == 0).all()


def test_respondent_level_means_and_paired_interval(rng):
    n = 200
    df = pd.DataFrame({"attribute": np.repeat(["a", "b"], n),
                       "experience": rng.normal(6, 1, 2 * n), "expectation": rng.normal(7, 1, 2 * n),
                       "importance": 8.0})
    df.loc[3, "expectation"] = np.nan
    res = cx.satisfaction.gap_analysis(df)
    a = df[df["attribute"] == "a"].dropna()
    gap = a["experience"] - a["expectation"]
    row = res.table.set_index("attribute").loc["a"]
    assert row["gap"] == pytest.approx(gap.mean())
    half = 1.9720 * gap.std(ddof=1) / np.sqrt(len(gap))  # t(0.975, 198) = 1.9720
    assert row["gap_ci_high"] - row["gap"] == pytest.approx(half, rel=1e-3)
    assert (res.rows.n_in, res.rows.n_used, res.rows.excluded) == (400, 399, {"a rating missing": 1})


def test_bad_input():
    df = cx.load_dataset("retail_cem")
    bad = df.astype({"experience": object})
    bad.loc[2, "experience"] = "seven"
    with pytest.raises(CXInputError, match="'seven' \\(1 row\\); first row positions: 2"):
        cx.satisfaction.gap_analysis(bad)
    with pytest.raises(CXInputError, match="'target' not found"):
        cx.satisfaction.gap_analysis(df, ideal="target")
