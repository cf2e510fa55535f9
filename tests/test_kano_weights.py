"""Survey weights in `kano.counts`, `analyze` and `continuous`: hand checks and identities.

Identities (issue #10): integer weights give exactly the point estimates of the rows
replicated; all-equal weights give the unweighted result; bad weights are refused by
name; the weighted count table gives what the weighted responses give.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import KanoInputError, ThinDataWarning

POINT = ["share_A", "share_O", "share_M", "share_I", "share_R", "share_Q", "better", "worse",
         "category_strength", "total_strength"]
INTERVALS = ["better_ci_low", "better_ci_high", "worse_ci_low", "worse_ci_high"]


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ThinDataWarning)
        return fn(*args, **kw)


@pytest.fixture
def survey(rng):
    """Coded responses with answer codes, importance, two segments and integer weights 0..3."""
    sim = cx.simulate.kano_survey({"a": {"A": .5, "I": .3, "M": .2}, "b": {"M": .6, "O": .3, "I": .1},
                                   "c": {"O": .4, "A": .3, "I": .3}}, 150,
                                  segments={"s1": .5, "s2": .5}, noise=0.15, random_state=rng)
    resp = cx.kano.code(sim, id_vars=["respondent", "segment"])
    resp["importance"] = rng.integers(1, 8, len(resp)).astype(float)
    resp["w"] = rng.integers(0, 4, len(resp))
    return resp


def _replicated(resp):
    return resp.loc[resp.index.repeat(resp["w"])].drop(columns="w").reset_index(drop=True)


def test_the_issue_hand_check():
    w = [1, 1, 2, 2, .5, .5, 3, 1, 1, 2]
    y = [1, 0, 1, 1, 0, 1, 0, 1, 0, 1]
    resp = pd.DataFrame({"attribute": "x", "category": ["A" if v else "I" for v in y], "w": w})
    res = _quiet(cx.kano.analyze, resp, weights="w")
    row = res.table.iloc[0]
    assert row["better"] == pytest.approx(8.5 / 14, abs=1e-12)  # 0.6071429
    assert row["n_eff"] == pytest.approx(196 / 25.5, abs=1e-12)  # 7.6862745
    assert row["better_ci_low"] == pytest.approx(0.2872587, abs=5e-8)
    assert row["better_ci_high"] == pytest.approx(0.8556192, abs=5e-8)
    # A + O + M + I is the whole cell here, so the share of A has the same interval
    share_a = res.shares.query("category == 'A'").iloc[0]
    assert share_a[["ci_low", "ci_high"]].tolist() == pytest.approx([0.2872587, 0.8556192], abs=5e-8)
    assert (row["n"], row["n_raw"]) == (14.0, 10)
    assert "Kish" in res.settings["intervals"] and res.settings["weights"] == "column 'w'"


def test_weighted_counts_by_hand():
    resp = pd.DataFrame({"attribute": ["x", "x", "x", "x", "y", "y"], "seg": ["a", "a", "b", None, "a", "a"],
                         "category": ["A", "M", "A", "A", None, "I"], "w": [2.0, 0.5, 0.0, 1.0, 3.0, 1.5]})
    tab = cx.kano.counts(resp, by="seg", weights="w")
    assert list(tab.columns) == ["attribute", "seg", *"AOMIRQ", "n_missing",
                                 *[f"sumw2_{c}" for c in "AOMIRQ"], "n_raw"]
    assert tab[list("AOMIRQ")].dtypes.eq("float64").all() and tab["n_raw"].dtype == "int64"
    assert tab[["attribute", "seg"]].values.tolist() == [["x", "a"], ["x", "b"], ["y", "a"]]
    assert tab["A"].tolist() == [2.0, 0.0, 0.0] and tab["M"].tolist() == [0.5, 0.0, 0.0]
    assert tab["sumw2_M"].tolist() == [0.25, 0.0, 0.0] and tab["I"].tolist() == [0.0, 0.0, 1.5]
    assert tab["n_raw"].tolist() == [2, 0, 1] and tab["n_missing"].tolist() == [0, 0, 1]
    rows = tab.attrs["cxresearch"]["rows"]
    assert rows["excluded"] == {"missing seg": 1, "zero weight": 1} and rows["n_used"] == 4


def test_counts_without_weights_are_unchanged():
    resp = pd.DataFrame({"attribute": ["y", "x", "x", "y"], "category": ["A", "A", "M", None]})
    tab = cx.kano.counts(resp)
    assert list(tab.columns) == ["attribute", *"AOMIRQ", "n_missing"]
    assert tab.dtypes[list("AOMIRQ")].eq("int64").all()
    assert tab.to_dict("list") == {"attribute": ["x", "y"], "A": [1, 1], "O": [0, 0], "M": [1, 0], "I": [0, 0],
                                   "R": [0, 0], "Q": [0, 0], "n_missing": [0, 1]}


def test_integer_weights_give_the_point_estimates_of_replicated_rows(survey):
    weighted = _quiet(cx.kano.analyze, survey, by="segment", weights="w")
    plain = _quiet(cx.kano.analyze, _replicated(survey), by="segment")
    w, p = weighted.table, plain.table
    for c in [*POINT, "n", *"AOMIRQ", "importance_mean"]:
        np.testing.assert_allclose(w[c].to_numpy(float), p[c].to_numpy(float), rtol=1e-12, atol=1e-15, err_msg=c)
    for c in ["category", "runner_up", "attribute", "segment"]:
        assert w[c].tolist() == p[c].tolist()
    cw, cp = weighted.continuous, plain.continuous
    for c in ["functional_mean", "dysfunctional_mean", "importance_mean"]:
        np.testing.assert_allclose(cw[c], cp[c], rtol=1e-12, err_msg=c)
    # the intervals are wider on purpose: these are sampling weights, not frequency weights
    assert ((w["better_ci_high"] - w["better_ci_low"]) > (p["better_ci_high"] - p["better_ci_low"])).all()


@pytest.mark.parametrize("c", [1.0, 2.5])
def test_all_equal_weights_give_the_unweighted_result(survey, c):
    resp = survey.assign(w=c)
    weighted = _quiet(cx.kano.analyze, resp, by="segment", weights="w")
    plain = _quiet(cx.kano.analyze, resp.drop(columns="w"), by="segment")
    w, p = weighted.table, plain.table
    for col in [*POINT, *INTERVALS, "importance_mean"]:
        np.testing.assert_allclose(w[col], p[col], rtol=1e-12, atol=1e-14, err_msg=col)
    np.testing.assert_allclose(w["n_eff"], p["n"], rtol=1e-12)
    np.testing.assert_allclose(w["n"], c * p["n"], rtol=1e-12)
    for col in ["category", "runner_up", "significant", "close_to"]:
        assert w[col].tolist() == p[col].tolist() or w[col].isna().equals(p[col].isna())
    np.testing.assert_allclose(weighted.shares[["share", "ci_low", "ci_high"]],
                               plain.shares[["share", "ci_low", "ci_high"]], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(weighted.tests[["chi2", "p_value", "cramers_v"]],
                               plain.tests[["chi2", "p_value", "cramers_v"]], rtol=1e-10)
    cols = ["functional_mean", "functional_sd", "dysfunctional_mean", "dysfunctional_sd"]
    np.testing.assert_allclose(weighted.continuous[cols], plain.continuous[cols], rtol=1e-12)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -1.0, "heavy"])
def test_bad_weights_are_refused_by_name(survey, bad):
    resp = survey.astype({"w": object})
    resp.loc[3, "w"] = bad
    for fn in (cx.kano.counts, cx.kano.analyze, cx.kano.continuous):
        with pytest.raises(KanoInputError, match="Column 'w'.*weights"):
            fn(resp, weights="w")
    with pytest.raises(KanoInputError, match="weights column.*'wt'"):
        cx.kano.counts(survey, weights="wt")


def test_weighted_count_table_gives_the_weighted_responses_result(survey):
    from_resp = _quiet(cx.kano.analyze, survey, by="segment", weights="w")
    tab = cx.kano.counts(survey, by="segment", weights="w")
    from_tab = _quiet(cx.kano.analyze, tab, by="segment")
    cols = [c for c in from_resp.table.columns if c != "importance_mean"]
    pd.testing.assert_frame_equal(from_resp.table[cols], from_tab.table[cols], rtol=1e-12, check_column_type=False)
    pd.testing.assert_frame_equal(from_resp.shares, from_tab.shares, rtol=1e-12, check_column_type=False)
    pd.testing.assert_frame_equal(from_resp.tests, from_tab.tests, rtol=1e-12,
                                  check_column_type=False)
    assert from_tab.settings["weights"] == "weighted count table"
    # a table broken down further (by a split of the rows) is pooled back: sums add up
    survey = survey.assign(half=np.arange(len(survey)) % 2)
    finer = cx.kano.counts(survey, by=["segment", "half"], weights="w")
    with pytest.warns(UserWarning, match="summed over 'half'"):
        pooled = _quiet(cx.kano.analyze, finer, by="segment")
    pd.testing.assert_frame_equal(pooled.table[cols], from_resp.table[cols], rtol=1e-12, check_column_type=False)


def test_weighted_count_tables_that_weights_cannot_make_are_refused(survey):
    tab = cx.kano.counts(survey, weights="w")
    with pytest.raises(KanoInputError, match="`weights` must be None for a count table"):
        cx.kano.analyze(tab, weights="w")
    with pytest.raises(KanoInputError, match=r"needs the columns.*missing \['n_raw'\]"):
        cx.kano.analyze(tab.drop(columns="n_raw"))
    bad = tab.copy()
    bad.loc[2, "sumw2_O"] = bad.loc[2, "O"] ** 2 * 2  # more than the square of the sum
    with pytest.raises(KanoInputError, match=r"row\(s\) 2 cannot come from weights"):
        cx.kano.analyze(bad)
    bad = tab.copy()
    bad.loc[0, "n_raw"] = 1  # fewer answers than Kish's n_eff
    with pytest.raises(KanoInputError, match="cannot come from weights"):
        cx.kano.analyze(bad)
    bad = tab.copy()
    bad.loc[0, "A"] = -1.0
    with pytest.raises(KanoInputError, match="Column 'A'.*sums of weights"):
        cx.kano.analyze(bad)


def test_segment_test_divides_by_a_common_design_effect():
    # every (segment, category) cell has weights 1 and 3 half each: the weighted shares are the raw
    # shares and each segment's Kish design effect is mean(w**2) / mean(w)**2 = 5 / 4
    cells = {("a", "A"): 30, ("a", "M"): 10, ("b", "A"): 10, ("b", "M"): 30}
    rows = [(s, c, w) for (s, c), k in cells.items() for i in range(k) for w in [(1.0, 3.0)[i % 2]]]
    resp = pd.DataFrame(rows, columns=["seg", "category", "w"]).assign(attribute="x")
    weighted = _quiet(cx.kano.analyze, resp, by="seg", weights="w").tests.iloc[0]
    plain = _quiet(cx.kano.analyze, resp, by="seg").tests.iloc[0]
    assert plain["chi2"] == pytest.approx(20.0)  # 2x2 table [[30, 10], [10, 30]]
    assert weighted["chi2"] == pytest.approx(20.0 / 1.25, rel=1e-12)
    assert weighted["n_eff"] == pytest.approx(80 / 1.25) and weighted["n"] == pytest.approx(160.0)


def test_thin_cells_are_judged_on_the_effective_sample_size():
    resp = pd.DataFrame({"attribute": "x", "category": ["A"] * 20 + ["M"] * 20, "w": [10.0] + [0.1] * 39})
    with pytest.warns(ThinDataWarning, match="Kish effective sample size below 30"):
        cx.kano.analyze(resp, weights="w")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ThinDataWarning)
        cx.kano.analyze(resp.drop(columns="w"))  # 40 answers unweighted: not thin


def test_weighted_continuous_by_hand():
    resp = pd.DataFrame({"attribute": "x", "functional": [1, 2, 4, None], "dysfunctional": [5, 3, 2, 1],
                         "w": [1.0, 2.0, 1.0, 5.0]})
    out = cx.kano.continuous(resp, weights="w").iloc[0]
    x, w = np.array([4.0, 2.0, -1.0]), np.array([1.0, 2.0, 1.0])
    mean = (w * x).sum() / w.sum()  # 7 / 4
    var = (w * (x - mean) ** 2).sum() / w.sum() * 3 / 2  # svyvar: n / (n - 1) with n answers
    assert out["functional_mean"] == pytest.approx(mean, abs=1e-14)
    assert out["functional_sd"] == pytest.approx(np.sqrt(var), abs=1e-14)
    assert out["n"] == 3 and out["n_eff"] == pytest.approx(16 / 6)


def test_weights_with_missing_segments_and_zero_weights_are_accounted(survey):
    survey = survey.astype({"segment": object})
    survey.loc[:4, "segment"] = None
    res = _quiet(cx.kano.analyze, survey, by="segment", weights="w")
    rows = res.rows
    assert rows.n_in == len(survey)
    assert rows.excluded["missing segment"] == 5
    assert rows.excluded["zero weight"] == int(((survey["w"] == 0) & survey["segment"].notna()
                                                & survey["category"].notna()).sum())
    assert rows.n_used == int(res.table["n_raw"].sum())
