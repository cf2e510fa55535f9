"""DriversResult.compare(a, b) and compare_segments(): bootstrap differences of importance weights.

Checked on seeded simulations with known true weights: a clearly larger weight gives an
interval that excludes 0; equal true weights give intervals that cover 0 at about the
nominal rate over seeds.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, ThinDataWarning
from cxresearch._core.stats import adjust_pvalues

ATTRS = ["a", "b", "c"]


def _survey(n, seed, effects=(0.6, 0.2, 0.2)):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    return pd.DataFrame({"overall": X @ np.array(effects) + rng.normal(size=n), **dict(zip(ATTRS, X.T))})


def _drivers(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ThinDataWarning)
        return cx.satisfaction.drivers(df, "overall", ATTRS, random_state=1, progress=False, **kw)


def test_a_clearly_larger_weight_gives_an_interval_above_zero():
    res = _drivers(_survey(500, 0), n_boot=200)
    out = res.compare("a", "b")
    t = res.table.set_index("attribute")["weight"]
    assert out["difference"].iloc[0] == pytest.approx(t["a"] - t["b"], abs=1e-15)
    assert 0 < out["ci_low"].iloc[0] < out["difference"].iloc[0] < out["ci_high"].iloc[0]
    assert out["p_value"].iloc[0] < 0.01 and out["n_boot_used"].iloc[0] == 200
    flipped = res.compare("b", "a")
    assert flipped["ci_high"].iloc[0] == pytest.approx(-out["ci_low"].iloc[0], abs=1e-12)


def test_equal_true_weights_are_covered_at_about_the_nominal_rate():
    covered = []
    for seed in range(20):  # true relative weights of b and c are equal
        out = _drivers(_survey(300, 100 + seed), n_boot=200).compare("b", "c")
        covered.append(out["ci_low"].iloc[0] <= 0 <= out["ci_high"].iloc[0])
    # 95% intervals: 20 of 20 covering has probability 0.36, 17 or more 0.98
    assert sum(covered) >= 17


def test_the_replicates_are_refits_on_resampled_rows():
    df = _survey(200, 3)
    res = _drivers(df, n_boot=40)
    rng = np.random.default_rng(1)
    for i in range(2):
        rows = rng.integers(0, len(df), len(df))
        refit = _drivers(df.iloc[rows].reset_index(drop=True))
        np.testing.assert_allclose(res.replicates[()][i], refit.table["weight"], atol=1e-12)


def test_segments_differ_where_the_truth_differs():
    df = pd.concat([_survey(600, 4, (0.8, 0.3, 0.0)).assign(seg="north"),
                    _survey(600, 5, (0.2, 0.3, 0.0)).assign(seg="south")], ignore_index=True)
    res = _drivers(df, by="seg", n_boot=200)
    out = res.compare_segments().set_index("attribute")
    assert out.loc["a", "difference"] > 0 and out.loc["a", "ci_low"] > 0 and out.loc["a", "p_adjusted"] < 0.05
    assert out.loc["b", "ci_low"] < 0 < out.loc["b", "ci_high"]
    np.testing.assert_allclose(out["p_adjusted"], adjust_pvalues(out["p_value"].to_numpy(), "holm"))
    named = res.compare_segments("south", "north").set_index("attribute")
    assert named.loc["a", "difference"] == pytest.approx(-out.loc["a", "difference"])
    within = res.compare("a", "b")
    assert within["seg"].tolist() == ["north", "south"]


def test_logit_and_ordinal_results_keep_their_replicates_for_compare():
    df = _survey(400, 6)
    yes = _drivers(df.assign(overall=(df["overall"] > 0).astype(int)), family="logit", n_boot=40)
    ordinal = _drivers(df.assign(overall=pd.cut(df["overall"], 4, labels=False) + 1), family="ordinal", n_boot=40)
    for res in (yes, ordinal):
        assert res.compare("a", "c")["ci_low"].iloc[0] > 0


def test_refusals_name_what_is_missing():
    df = _survey(200, 7)
    plain = _drivers(df)
    with pytest.raises(CXInputError, match="`n_boot` must be at least 40 in the drivers call for compare"):
        plain.compare("a", "b")
    boot = _drivers(df, n_boot=40)
    with pytest.raises(CXInputError, match=r"`b` must be one of the attributes \['a', 'b', 'c'\]; got 'z'"):
        boot.compare("a", "z")
    with pytest.raises(CXInputError, match="`by` must be segment column"):
        boot.compare_segments()
    three = _drivers(df.assign(seg=np.arange(200) % 3), by="seg", n_boot=40)
    with pytest.raises(CXInputError, match=r"Estimated segments: \[0, 1, 2\]"):
        three.compare_segments()
    with pytest.raises(CXInputError, match=r"`second` must be one of the segments \[0, 1, 2\]; got 5"):
        three.compare_segments(0, 5)
