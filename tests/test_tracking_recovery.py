"""cx.tracking.recovery: the hand check of the issue, weights, ratings, inconsistent answers refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import stats

import cxresearch as cx
from cxresearch.errors import CXInputError

# (problem, complained, recovered, customers, of whom repurchased): the hand check
PATHS = [(0, 0, 0, 100, 80), (1, 1, 1, 20, 17), (1, 1, 0, 10, 3), (1, 0, 0, 30, 9)]


def _hand(text=False) -> pd.DataFrame:
    rows = [(p, c, r, int(k < yes)) for p, c, r, n, yes in PATHS for k in range(n)]
    df = pd.DataFrame(rows, columns=["problem", "complained", "recovered", "repurchased"])
    if text:
        df[["problem", "complained", "recovered"]] = df[["problem", "complained", "recovered"]].replace(
            {0: "no", 1: "Yes"})
    return df


def _run(df, **kw):
    return cx.tracking.recovery(df, problem="problem", complained="complained", recovered="recovered",
                                outcome="repurchased", **kw)


def test_hand_check_voice_rate_and_the_two_tests():
    res = _run(_hand())
    f = res.funnel.iloc[0]
    # voice rate 30 / 60 = 0.50, Wilson 0.377-0.623; silent share the complement
    assert (f["with_problem"], f["complained"], f["recovered"]) == (60, 30, 20)
    assert_allclose([f["voice_rate"], f["voice_rate_ci_low"], f["voice_rate_ci_high"]], [0.5, 0.377, 0.623],
                    atol=5e-4)
    assert_allclose([f["silent_share"], f["silent_share_ci_low"]], [0.5, 1 - f["voice_rate_ci_high"]])
    assert_allclose(f["recovery_rate"], 20 / 30)
    assert res.voice_rate == 0.5
    tests = res.tests.set_index("comparison")
    # recovered 17/20 against not recovered 3/10: Fisher exact p = 0.0048
    rv = tests.loc["recovered vs not recovered"]
    assert_allclose(rv["p_value"], 0.0048, atol=5e-5)
    assert_allclose(rv["p_value"], stats.fisher_exact([[17, 3], [3, 7]])[1])
    assert rv["test"] == "Fisher exact"
    # recovered 0.85 against no problem 0.80: +0.05, Fisher p = 0.76: no paradox
    paradox = tests.loc["recovery paradox: recovered vs no problem"]
    assert_allclose([paradox["difference"], paradox["p_value"]], [0.05, 0.76], atol=5e-3)
    assert paradox["difference_ci_low"] < 0 < paradox["difference_ci_high"]
    assert paradox["verdict"].startswith("no paradox")
    # Holm over the three p-values of the segment
    p = tests["p_value"].to_numpy()
    order = np.argsort(p)
    assert_allclose(tests["p_adjusted"].to_numpy()[order][0], 3 * p[order][0])


def test_outcome_by_path_and_newcombe_interval():
    res = _run(_hand())
    t = res.table.set_index("path")
    assert t["n"].tolist() == [100, 20, 10, 30]
    assert_allclose(t["outcome"], [0.8, 0.85, 0.3, 0.3])
    assert_allclose(t["share"], [100 / 160, 20 / 160, 10 / 160, 30 / 160])
    # Newcombe (1998) hybrid score interval of 17/20 - 3/10 from the two Wilson intervals
    (l1, u1), (l2, u2) = ([v[0] for v in cx._core.stats.wilson([x], [n], 0.95)] for x, n in ((17, 20), (3, 10)))
    d = 0.55
    rv = res.tests.iloc[0]
    assert_allclose([rv["difference_ci_low"], rv["difference_ci_high"]],
                    [d - np.sqrt((0.85 - l1) ** 2 + (u2 - 0.3) ** 2), d + np.sqrt((u1 - 0.85) ** 2 + (0.3 - l2) ** 2)])


def test_text_answers_and_segments_give_the_same_numbers():
    both = pd.concat([_hand(text=True).assign(seg="a"), _hand().assign(seg="b")], ignore_index=True)
    res = _run(both, by="seg")
    a, b = (res.tests[res.tests["seg"] == s].reset_index(drop=True) for s in ("a", "b"))
    pd.testing.assert_frame_equal(a.drop(columns="seg"), b.drop(columns="seg"))
    assert res.voice_rate.to_dict() == {"a": 0.5, "b": 0.5}


def test_weighted_yes_no_tests_are_z_tests_on_kish_n_eff():
    df = _hand().assign(w=1.0)
    res = _run(df, weights="w")
    rv = res.tests.iloc[0]
    assert rv["test"] == "z on Kish n_eff"
    # pooled two-proportion z test with equal weights: the textbook test on 20 and 10 customers
    pooled = (17 + 3) / 30
    z = 0.55 / np.sqrt(pooled * (1 - pooled) * (1 / 20 + 1 / 10))
    assert_allclose(rv["p_value"], 2 * stats.norm.sf(z))
    assert_allclose(res.table["outcome"], [0.8, 0.85, 0.3, 0.3])  # equal weights: the same shares


def test_a_rating_outcome_is_compared_by_welch():
    rng = np.random.default_rng(1)
    df = _hand().assign(repurchased=rng.integers(1, 11, 160).astype(float))
    res = _run(df)
    assert not res.binary
    rv = res.tests.iloc[0]
    x = df["repurchased"]
    rec = x[(df["complained"] == 1) & (df["recovered"] == 1)]
    nrec = x[(df["complained"] == 1) & (df["recovered"] == 0)]
    assert_allclose(rv["p_value"], stats.ttest_ind(rec, nrec, equal_var=False).pvalue)
    assert rv["test"] == "Welch t"


def test_inconsistent_answers_are_refused_with_their_rows():
    df = _hand()
    df.loc[3, "complained"] = 1  # a complaint without a problem
    with pytest.raises(CXInputError, match=r"1 row\(s\) where 'complained' is yes while 'problem' is no.*: 3"):
        _run(df)
    df = _hand()
    df.loc[150, "recovered"] = 1  # a silent customer (rows 130-159) recovered
    with pytest.raises(CXInputError, match=r"'recovered' is yes while 'complained' is no.*positions: 150"):
        _run(df)
    with pytest.raises(CXInputError, match=r"Column 'problem'.*yes/no answers.*'maybe'"):
        _run(_hand(text=True).assign(problem=["maybe"] + ["no"] * 159))


def test_skip_logic_missing_answers_are_fine_and_the_rest_counted():
    df = _hand().astype({"complained": float, "recovered": float})
    df.loc[:99, ["complained", "recovered"]] = np.nan  # asked only of customers with a problem
    df.loc[130:, "recovered"] = np.nan  # asked only of complainers
    df.loc[100, "recovered"] = np.nan  # a complainer without the answer
    df.loc[101, "repurchased"] = np.nan
    res = _run(df.astype({"repurchased": "Float64"}))
    assert res.rows.excluded == {"recovery missing": 1, "outcome missing": 1}
    assert res.table["n"].tolist() == [100, 18, 10, 30]


def test_a_path_nobody_took_is_not_estimable_not_an_error():
    df = _hand()
    df = df[~((df["complained"] == 1) & (df["recovered"] == 0))]  # nobody left unrecovered
    res = _run(df)
    rv = res.tests.iloc[0]
    assert np.isnan(rv["p_value"]) and rv["verdict"] == "not estimable"
    assert res.table.set_index("path").loc["complained, not recovered", "n"] == 0
    assert_allclose(res.tests.iloc[1]["p_value"], stats.fisher_exact([[17, 3], [80, 20]])[1])
