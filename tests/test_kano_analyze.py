"""`counts`, `analyze`, `continuous`, `service_plan` and the plots, on hand-computed figures."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxresearch as cx
from cxresearch.errors import InputWarning
from cxresearch.errors import KanoInputError, ThinDataWarning

# Two attributes of 100 answers each, figures computed by hand below.
COUNTS = pd.DataFrame({"attribute": ["x", "y"], "A": [10, 45], "O": [20, 10], "M": [55, 5],
                       "I": [15, 40], "R": [0, 0], "Q": [0, 0]})


def _analyze(tab, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ThinDataWarning)
        return cx.kano.analyze(tab, **kw)


def test_better_worse_fong_strengths_by_hand():
    t = _analyze(COUNTS).table.set_index("attribute")
    # x: Better = (10+20)/100, Worse = -(20+55)/100
    assert t.loc["x", "better"] == pytest.approx(0.30)
    assert t.loc["x", "worse"] == pytest.approx(-0.75)
    # Fong for x: M=55 vs O=20, 1.65*sqrt(75*125/200) = 11.297 <= 35 -> significant
    assert t.loc["x", "category"] == "M" and t.loc["x", "runner_up"] == "O"
    assert bool(t.loc["x", "significant"]) and pd.isna(t.loc["x", "close_to"])
    assert t.loc["x", "category_strength"] == pytest.approx(0.35)
    assert t.loc["x", "total_strength"] == pytest.approx(0.85)
    # y: A=45 vs I=40, 1.65*sqrt(85*115/200) = 11.535 > 5 -> not significant, close to I
    assert t.loc["y", "category"] == "A" and not t.loc["y", "significant"]
    assert t.loc["y", "close_to"] == "I"
    assert t.loc["y", "better"] == pytest.approx(0.55)
    assert t.loc["y", "worse"] == pytest.approx(-0.15)
    assert t.loc["y", "share_I"] == pytest.approx(0.40)


def test_fong_boundary_is_inclusive():
    # a=60, b=40, n=100: 1.65*sqrt(100*100/200) = 11.667 -> 20 >= 11.667 significant;
    # a=55, b=45: 10 < 11.667 -> not significant
    tab = pd.DataFrame({"attribute": ["p", "q"], "A": [60, 55], "O": [40, 45], "M": [0, 0],
                        "I": [0, 0], "R": [0, 0], "Q": [0, 0]})
    t = _analyze(tab).table
    assert t["significant"].tolist() == [True, False]


def test_wilson_interval_matches_the_textbook_value():
    # Wilson 95% interval for 30/100: (0.2189, 0.3958) (Newcombe 1998, method 3)
    t = _analyze(COUNTS, confidence=0.95).table.set_index("attribute")
    assert t.loc["x", "better_ci_low"] == pytest.approx(0.2189, abs=1e-4)
    assert t.loc["x", "better_ci_high"] == pytest.approx(0.3958, abs=1e-4)
    # Worse interval is the negated interval of (O+M)/(A+O+M+I) = 75/100
    assert -t.loc["x", "worse_ci_high"] < 0.75 < -t.loc["x", "worse_ci_low"]


def test_share_intervals_in_the_long_table():
    shares = _analyze(COUNTS).shares
    row = shares[(shares["attribute"] == "x") & (shares["category"] == "O")].iloc[0]
    assert row["count"] == 20 and row["share"] == pytest.approx(0.2)
    # Wilson 95% for 20/100: (0.1334, 0.2888)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.1334, 0.2888), abs=1e-4)


def test_mode_ties_break_m_over_o_over_a_and_aom_rule():
    tab = pd.DataFrame({"attribute": ["t1", "t2", "t3"], "A": [40, 10, 30], "O": [40, 40, 5],
                        "M": [10, 40, 5], "I": [10, 10, 35], "R": [0, 0, 0], "Q": [0, 0, 0]})
    mode = _analyze(tab).table["category"].tolist()
    assert mode == ["O", "M", "I"]
    aom = _analyze(tab, rule="aom").table["category"].tolist()
    # t3: A+O+M = 40 > I+R+Q = 35 -> largest of A, O, M
    assert aom == ["O", "M", "A"]


def test_same_result_from_responses_and_from_their_count_table(rng):
    sim = cx.simulate.kano_survey({"a": {"A": .5, "I": .3, "M": .2}, "b": "M"}, 120,
                                  segments={"s1": .5, "s2": .5}, noise=0.1, random_state=rng)
    resp = cx.kano.code(sim, id_vars=["respondent", "segment"])
    from_resp = cx.kano.analyze(resp, by="segment").table
    from_counts = cx.kano.analyze(cx.kano.counts(resp, by="segment"), by="segment").table
    cols = [c for c in from_counts.columns if c != "importance_mean"]
    pd.testing.assert_frame_equal(from_resp[cols], from_counts[cols])


def test_counts_equal_true_categories_of_simulated_answers(rng):
    sim = cx.simulate.kano_survey({"a": [1, 1, 1, 1, 1, 1]}, 600, random_state=rng)
    tab = cx.kano.counts(cx.kano.code(sim))
    expected = sim["true_category"].value_counts()
    for c in "AOMIRQ":
        assert tab[c].iloc[0] == expected.get(c, 0)


def test_published_counts_must_be_whole_and_non_negative():
    bad = COUNTS.copy()
    bad.loc[1, "A"] = -3
    with pytest.raises(KanoInputError, match="Column 'A'.*-3.*first row positions: 1"):
        cx.kano.analyze(bad)
    bad = COUNTS.astype({"O": float})
    bad.loc[0, "O"] = 2.5
    with pytest.raises(KanoInputError, match="Column 'O'.*2.5"):
        cx.kano.analyze(bad)


def test_attribute_with_no_valid_answer_is_an_error():
    resp = pd.DataFrame({"attribute": ["x", "x", "y"], "category": ["A", "M", None]})
    with pytest.raises(KanoInputError, match=r"No valid \(coded\) answer for \['y'\]"):
        cx.kano.analyze(resp, min_n=0)


def test_empty_frame_and_unknown_categories():
    with pytest.raises(KanoInputError, match="empty"):
        cx.kano.analyze(pd.DataFrame({"attribute": [], "category": []}))
    with pytest.raises(KanoInputError, match="'Z' \\(1 row\\)"):
        cx.kano.analyze(pd.DataFrame({"attribute": ["x", "x"], "category": ["A", "Z"]}), min_n=0)


def test_thin_cells_warn_and_row_accounting():
    resp = pd.DataFrame({"attribute": ["x"] * 4, "category": ["A", "A", None, "M"],
                         "seg": ["s", None, "s", "s"]})
    with pytest.warns(ThinDataWarning, match="fewer than 30"):
        res = cx.kano.analyze(resp, by="seg")
    assert (res.rows.n_in, res.rows.n_used) == (4, 2)
    assert res.rows.excluded == {"missing category (an answer missing)": 1, "missing seg": 1}
    assert res.table["n_missing"].tolist() == [1]


def test_segment_test_by_hand():
    # 2x2 table [[30, 10], [10, 30]]: chi2 = 80*(30*30-10*10)^2/(40^4) = 20.0
    tab = pd.DataFrame({"attribute": ["x", "x"], "seg": ["a", "b"], "A": [30, 10], "O": [0, 0],
                        "M": [10, 30], "I": [0, 0], "R": [0, 0], "Q": [0, 0]})
    seg = _analyze(tab, by="seg").tests
    assert seg["chi2"].iloc[0] == pytest.approx(20.0)
    assert seg["dof"].iloc[0] == 1
    assert seg["cramers_v"].iloc[0] == pytest.approx(0.5)
    assert seg["p_value"].iloc[0] == pytest.approx(7.744e-6, rel=1e-3)


def test_continuous_scores_by_hand():
    resp = pd.DataFrame({"attribute": ["x"] * 3, "functional": [1, 2, 4], "dysfunctional": [5, 3, 2]})
    out = cx.kano.continuous(resp).iloc[0]
    # functional: 4, 2, -1 -> mean 5/3; dysfunctional: 4, 0, -1 -> mean 1
    assert out["functional_mean"] == pytest.approx(5 / 3)
    assert out["dysfunctional_mean"] == pytest.approx(1.0)
    assert out["functional_sd"] == pytest.approx(np.std([4, 2, -1], ddof=1))


def test_service_plan_tiers_and_controllability():
    tab = pd.DataFrame({"attribute": ["m", "o", "a", "i", "r"], "A": [5, 10, 60, 10, 5],
                        "O": [10, 70, 10, 5, 5], "M": [70, 5, 5, 5, 5], "I": [10, 10, 20, 75, 10],
                        "R": [5, 5, 5, 5, 75], "Q": [0, 0, 0, 0, 0]})
    plan = cx.kano.service_plan(_analyze(tab), controllability={"o": "high"})
    assert plan["tier"].tolist() == ["basic", "expected", "surprise", "indifferent", "reverse"]
    assert plan.loc[1, "commitment"].startswith("firm commitment")
    assert "irregularly" in plan.loc[2, "advice"]
    with pytest.raises(KanoInputError, match="`controllability` must be a mapping whose keys are attributes.*'zz' is not one"):
        cx.kano.service_plan(_analyze(tab), controllability={"zz": "high"})
    with pytest.raises(KanoInputError, match=r"`controllability\['o'\]` must be \"high\", \"low\" or a number in \[0, 1\]; got 'hihg'"):
        cx.kano.service_plan(_analyze(tab), controllability={"o": "hihg"})
    with pytest.raises(KanoInputError, match="`result` must be a KanoResult from cx.kano.analyze; got a pandas DataFrame"):
        cx.kano.service_plan(tab)


@pytest.mark.parametrize("kind", ["better_worse", "shares", "continuous"])
def test_plots_return_a_figure_with_a_panel_per_segment(kind):
    resp = cx.kano.code(cx.load_dataset("recruiting_kano"))
    res = cx.kano.analyze(resp, by="industry")
    fig = res.plot(kind=kind)
    assert [a.get_title() for a in fig.axes] == sorted(resp["industry"].unique())
    fig = cx.kano.analyze(resp).plot(kind=kind)
    assert len(fig.axes) == 1 and fig.axes[0].get_title()


def test_result_repr_html_and_summary():
    res = _analyze(COUNTS)
    html = res._repr_html_()
    assert "Kano analysis" in html and "Wilson 95%" in html
    assert list(res.summary()["attribute"]) == ["x", "y"]
    assert res.to_frame().shape[0] == 2


# --- properties -----------------------------------------------------------------------------

count = st.integers(min_value=0, max_value=200)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(count, count, count, count, count, count).filter(lambda r: sum(r[:4]) > 0),
                min_size=1, max_size=6))
def test_properties_on_random_count_tables(rows):
    tab = pd.DataFrame(rows, columns=list("AOMIRQ"))
    tab.insert(0, "attribute", [f"a{i}" for i in range(len(rows))])
    t = _analyze(tab).table
    assert (t[list("AOMIRQ")].sum(axis=1) == t["n"]).all()
    assert t["better"].between(0, 1).all() and t["worse"].between(-1, 0).all()
    assert (t["better_ci_low"] <= t["better"] + 1e-12).all() and (t["better"] <= t["better_ci_high"] + 1e-12).all()
    assert np.allclose(t[[f"share_{c}" for c in "AOMIRQ"]].sum(axis=1), 1.0)
    assert (t["category_strength"] >= 0).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_does_not_matter(seed):
    sim = cx.simulate.kano_survey({"a": [3, 2, 2, 2, 1, 1], "b": [1, 2, 3, 2, 1, 1]}, 40,
                                  segments={"s": 1, "t": 1}, random_state=seed)
    resp = cx.kano.code(sim, id_vars=["respondent", "segment"])
    shuffled = resp.sample(frac=1, random_state=seed % 1000).reset_index(drop=True)
    a = _analyze(resp, by="segment").table
    b = _analyze(shuffled, by="segment").table
    pd.testing.assert_frame_equal(a, b)


# --- count tables broken down further than `by` -----------------------------------------------

def _year_segment_table():
    # attribute x, segments a and b, years 2024 and 2025; pooled over years:
    # a: A 10 + 20 = 30, M 5 + 5 = 10; b: A 4 + 6 = 10, M 20 + 10 = 30 -> [[30, 10], [10, 30]]
    return pd.DataFrame({"attribute": ["x"] * 4, "year": [2024, 2025, 2024, 2025], "segment": list("aabb"),
                         "A": [10, 20, 4, 6], "O": 0, "M": [5, 5, 20, 10], "I": 0, "R": 0, "Q": 0})


def test_a_breakdown_beyond_by_is_summed_over_with_a_warning_and_recorded():
    with pytest.warns(InputWarning, match=r"summed over 'year' \(4 rows into 2 cells\); "
                                         r"pass by=\['segment', 'year'\] to keep it"):
        res = cx.kano.analyze(_year_segment_table(), by="segment", min_n=0)
    t = res.table
    assert t[["attribute", "segment", "A", "M", "n"]].values.tolist() == [["x", "a", 30, 10, 40],
                                                                         ["x", "b", 10, 30, 40]]
    # the segment test compares the two segments: chi2 = 80 (30*30 - 10*10)^2 / 40^4 = 20, 1 df
    seg = res.tests.iloc[0]
    assert (seg["n_groups"], seg["dof"]) == (2, 1)
    assert seg["chi2"] == pytest.approx(20.0)
    assert res.settings["count table"] == "4 count rows summed into 2 cells over 'year'"
    assert (res.rows.n_in, res.rows.n_used, res.rows.unit) == (4, 4, "count rows")


def test_the_same_breakdown_kept_with_by_gives_one_row_per_year_and_segment():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # nothing summed, nothing to say
        warnings.simplefilter("ignore", ThinDataWarning)
        res = cx.kano.analyze(_year_segment_table(), by=["segment", "year"])
    assert len(res.table) == 4 and res.table["n"].tolist() == [15, 25, 24, 16]
    assert res.settings.get("count table") is None


def test_a_cell_listed_twice_is_summed_once_with_a_warning_naming_it_and_its_rows():
    tab = pd.concat([COUNTS, COUNTS.iloc[[1]]], ignore_index=True)  # y pasted twice (rows 1 and 2)
    with pytest.warns(InputWarning, match=r"'y' on rows 1, 2: the same cell is listed more than once"):
        t = _analyze(tab).table
    assert t["attribute"].tolist() == ["x", "y"]
    assert t.set_index("attribute").loc["y", ["A", "I", "n"]].tolist() == [90, 80, 200]


def test_unused_label_columns_are_named():
    tab = COUNTS.assign(label=["Free venue", "SMS alerts"])
    with pytest.warns(InputWarning, match=r"column\(s\) 'label' are neither counts .* and were not used"):
        t = _analyze(tab).table
    assert len(t) == 2


def test_counts_near_int64_do_not_overflow():
    # A = 2**62, O = 2**61: shares 2/3 and 1/3, Better 1, mode A (c * 10 would overflow int64)
    tab = pd.DataFrame({"attribute": ["x"], "A": [2**62], "O": [2**61], "M": 0, "I": 0, "R": 0, "Q": 0})
    t = _analyze(tab).table.iloc[0]
    assert t["category"] == "A" and t["runner_up"] == "O"
    assert t["n"] == 2**62 + 2**61
    assert t["share_A"] == pytest.approx(2 / 3) and t["category_strength"] == pytest.approx(1 / 3)
    assert bool(t["significant"])


def test_cell_totals_beyond_int64_are_refused():
    tab = pd.DataFrame({"attribute": ["x"], "A": [2**62], "O": [2**62], "M": 0, "I": 0, "R": 0, "Q": 0})
    with pytest.raises(KanoInputError, match=r"total of A O M I R Q for 'x' \(rows 0\) is 9223372036854775808"):
        _analyze(tab)
    two = pd.DataFrame({"attribute": ["x", "x"], "wave": [1, 2], "A": [2**62, 2**62], "O": 0, "M": 0, "I": 0,
                        "R": 0, "Q": 0})
    with pytest.raises(KanoInputError, match=r"for 'x' \(rows 0, 1\) is 9223372036854775808, above"):
        _analyze(two)
