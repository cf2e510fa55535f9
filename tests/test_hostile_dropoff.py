"""Hostile input to drop-off detection, Kano count tables, the simulators and service_plan.

One test per class of bad input; each asserts the error type and what the message names
(the argument or column, the offending values, the rows, the fix).
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, InputWarning, KanoInputError

RESP = pd.DataFrame({"attribute": ["x"] * 6, "wave": [1, 1, 2, 2, 3, 3], "category": list("AAMAMM")})
TAB = pd.DataFrame({"attribute": ["x", "y"], "A": [10, 5], "O": [1, 2], "M": [3, 4], "I": [0, 0], "R": [0, 0],
                    "Q": [0, 0]})
SPEC = {"s": {"penalty": -1.0, "reward": 0.1, "experience": 3.0, "expectation": 4.0}}


def _plan_result():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cx.kano.analyze(TAB, min_n=0)


def test_non_finite_numbers():
    # waves: numeric, as text, and in an object column
    for waves, shown, rows in (([1, 1, 2, 2, np.inf, np.inf], "inf (2 rows)", "4, 5"),
                               (["1", "1", "2", "2", "inf", "3"], "'inf' (1 row)", "4"),
                               (pd.Series([1, 1, 2, 2, -np.inf, 3], dtype=object), "-inf (1 row)", "4")):
        with pytest.raises(KanoInputError, match=rf"Column 'wave'.*not finite wave numbers: {re.escape(shown)}; "
                                                 rf"first row positions: {rows}\. Waves must be numbers"):
            cx.dropoff.detect(RESP.assign(wave=waves))
    # count tables: NaN, inf, negative, fractional and too large counts
    for bad, shown in ((np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf"), (-2, "-2"), (2.5, "2.5"),
                       (1e30, "1e\\+30")):
        with pytest.raises(KanoInputError, match=rf"Column 'O': 1 row\(s\) .*non-negative whole numbers "
                                                 rf"\(counts\): {shown} \(1 row\); first row positions: 1\."):
            cx.kano.analyze(TAB.assign(O=[1, bad]), min_n=0)
    # importance, in analyze and in continuous
    with pytest.raises(KanoInputError, match=r"Column 'importance'.*finite numbers: inf \(1 row\); "
                                             r"first row positions: 2"):
        cx.kano.analyze(RESP.assign(importance=[1, 2, np.inf, 3, 4, 5]), min_n=0)
    cont = pd.DataFrame({"attribute": ["x", "x"], "functional": [1, 2], "dysfunctional": [5, 3],
                         "importance": [1, -np.inf]})
    with pytest.raises(KanoInputError, match=r"Column 'importance'.*-inf \(1 row\); first row positions: 1"):
        cx.kano.continuous(cont)
    # the simulators' numbers
    with pytest.raises(CXInputError, match=r"`waves` must be .*distinct, finite and not missing; got \[1, inf\]"):
        cx.simulate.kano_waves(["a"], [1, np.inf], 5, {"a": cx.simulate.stable("A")})
    with pytest.raises(CXInputError, match=r"`attributes\['s'\]` must be a mapping of finite numbers.*"
                                           r"\{'experience': inf\}"):
        cx.simulate.rating_survey({"s": {**SPEC["s"], "experience": np.inf}}, 10)
    with pytest.raises(KanoInputError, match=r"`drift` must be a share above 0 .*; got inf"):
        cx.dropoff.power(drift=np.inf)


def test_nan_attribute_names():
    with pytest.raises(KanoInputError, match=r"Column 'attribute'.*attribute names \(missing\): nan \(1 row\); "
                                             r"first row positions: 2\. Fill in the attribute"):
        cx.dropoff.detect(RESP.assign(attribute=["x", "x", np.nan, "x", "x", "x"]))
    with pytest.raises(KanoInputError, match=r"Column 'attribute'.*nan \(1 row\); first row positions: 1\. "
                                             r"Every row of a count table needs its attribute"):
        cx.kano.analyze(TAB.assign(attribute=["x", np.nan]), min_n=0)
    with pytest.raises(KanoInputError, match=r"Column 'segment'.*labels \(missing\): nan \(1 row\); "
                                             r"first row positions: 0"):
        cx.kano.analyze(TAB.assign(segment=[np.nan, "s"]), by="segment", min_n=0)
    with pytest.raises(KanoInputError, match=r"Column 'attribute'.*nan \(1 row\); first row positions: 2"):
        cx.kano.analyze(RESP.assign(attribute=["x", "x", np.nan, "x", "x", "x"]), min_n=0)
    with pytest.raises(CXInputError, match=r"`attributes` must be .*; got \['a', nan\]\. "
                                           r"Positions \[1\] are missing"):
        cx.simulate.kano_waves(["a", np.nan], 3, 5, {"a": cx.simulate.stable("A"), np.nan: cx.simulate.stable("M")})
    with pytest.raises(CXInputError, match=r"`attributes` must be names that are not missing"):
        cx.simulate.kano_survey({None: "A"}, 5)


def test_two_dimensional_arrays_where_one_dimensional_expected():
    with pytest.raises(KanoInputError, match=r"`n` must be a whole number or a flat \(1-D\) list .*; "
                                             r"got shape \(2, 2\)"):
        cx.dropoff.power(n=[[50, 100], [200, 300]], n_sim=5)
    with pytest.raises(CXInputError, match=r"`categories` must be a 1-D array of category codes 0-5 .*; "
                                           r"got an array of shape \(2, 2\)"):
        cx.simulate.answer_pairs(np.array([[0, 1], [2, 3]]))
    with pytest.raises(CXInputError, match=r"`waves` must be a whole number of waves or a flat \(1-D\) list .*; "
                                           r"got an array of shape \(2, 2\)"):
        cx.simulate.kano_waves(["a"], np.array([[1, 2], [3, 4]]), 5, {"a": cx.simulate.stable("A")})
    with pytest.raises(CXInputError, match=r"`attributes` must be .*; "
                                           r"got a numpy ndarray of shape \(1, 2\)\. Give a flat \(1-D\) list"):
        cx.simulate.kano_waves(np.array([["a", "b"]]), 3, 5, {"a": cx.simulate.stable("A")})
    with pytest.raises(KanoInputError, match=r"`data` must be a DataFrame; got a numpy ndarray"):
        cx.dropoff.detect(np.zeros((4, 3)))


def test_zero_or_fractional_simulation_sizes():
    stable = {"a": cx.simulate.stable("A")}
    cases = [
        ("n", 0, lambda: cx.simulate.kano_survey({"a": "A"}, 0)),
        ("n", 2.5, lambda: cx.simulate.kano_survey({"a": "A"}, 2.5)),
        ("respondents_per_wave", 0, lambda: cx.simulate.kano_waves(["a"], 3, 0, stable)),
        ("respondents_per_wave", 7.5, lambda: cx.simulate.kano_waves(["a"], 3, 7.5, stable)),
        ("waves", 0, lambda: cx.simulate.kano_waves(["a"], 0, 5, stable)),
        ("n", 2.5, lambda: cx.simulate.rating_survey(SPEC, 2.5)),  # was silently int(2.5) = 2
        ("n", 0, lambda: cx.simulate.rating_survey(SPEC, 0)),
        ("n", 0, lambda: cx.simulate.journeys({"q": {"mean": 5}}, 0)),
        ("n", 2.5, lambda: cx.simulate.journeys({"q": {"mean": 5}}, 2.5)),
        ("at", 1.5, lambda: cx.simulate.step("A", "M", at=1.5)),           # was silently int(1.5) = 1
        ("at", 0, lambda: cx.simulate.step("A", "M", at=0)),
        ("n_sim", 2.5, lambda: cx.dropoff.power(n_sim=2.5)),
        ("n_sim", True, lambda: cx.dropoff.power(n_sim=True)),
        ("min_n", -1, lambda: cx.kano.analyze(TAB, min_n=-1)),
    ]
    for name, value, call in cases:
        with pytest.raises(CXInputError, match=rf"`{name}` must be a whole number >= \d; got {value!r}\."):
            call()
    with pytest.raises(CXInputError, match=r"`waves` must be a whole number of waves or .*; got 2\.0"):
        cx.simulate.kano_waves(["a"], 2.0, 5, stable)
    with pytest.raises(CXInputError, match=r"`paths` must be steps at a wave index below the number of waves "
                                           r"\(3\).*Steps too late: \{'a': 9\}"):
        cx.simulate.kano_waves(["a"], 3, 5, {"a": cx.simulate.step("A", "M", at=9)})
    with pytest.raises(CXInputError, match=r"`noise` must be a share between 0 and 1; got 2"):
        cx.simulate.kano_waves(["a"], 3, 5, stable, noise=2)
    with pytest.raises(CXInputError, match=r"`categories` must be .*; got values \[7\] at positions 1, 2"):
        cx.simulate.answer_pairs(np.array([0, 7, 7]))
    # the smallest sizes that are allowed still work and keep their truth
    answers, truth = cx.simulate.kano_waves(["a"], 1, 1, stable, random_state=0)
    assert len(answers) == 1 and answers["true_category"].tolist() == ["A"]


def test_one_wave_or_zero_respondent_power_runs():
    with pytest.raises(CXInputError, match=r"`waves` must be a whole number >= 2; got 1\."):
        cx.dropoff.power(waves=1, n_sim=5)
    with pytest.raises(KanoInputError, match=r"`n` must be a whole number >= 1; got 0\."):
        cx.dropoff.power(n=[0, 50], n_sim=5)
    with pytest.raises(KanoInputError, match=r"`n` must be a whole number or a flat \(1-D\) list .*; "
                                             r"got an empty list"):
        cx.dropoff.power(n=[], n_sim=5)
    with pytest.raises(KanoInputError, match=r"single wave \(1\): drop-off detection needs at least two waves"):
        cx.dropoff.detect(RESP.assign(wave=1))


def test_out_of_range_confidence_and_alpha():
    calls = {"detect": lambda **kw: cx.dropoff.detect(RESP, **kw),
             "power": lambda **kw: cx.dropoff.power(n_sim=5, **kw),
             "analyze": lambda **kw: cx.kano.analyze(TAB, min_n=0, **kw)}
    for name, call in calls.items():
        with pytest.raises(CXInputError, match=r"`confidence` must be a number between 0 and 1 \(e.g. 0.95\); "
                                               r"got 95\. Give a level such as 0.95 \(not 95\)"):
            call(confidence=95)
        for bad in (0, 1, -0.5, np.nan, True, "0.95"):
            with pytest.raises(CXInputError, match=rf"`confidence` must be a number between 0 and 1.*; got {bad!r}"):
                call(confidence=bad)
        if name != "analyze":
            for bad in (0, 1.5, np.nan):
                with pytest.raises(CXInputError, match=rf"`alpha` must be a number between 0 and 1 \(e.g. 0.05\); "
                                                       rf"got {bad!r}"):
                    call(alpha=bad)


def test_service_plan_controllability_typos():
    res = _plan_result()
    with pytest.raises(KanoInputError, match=r"`controllability` must be a mapping whose keys are attributes of "
                                             r"the result \(\['x', 'y'\]\); got \{'X': 'high'\}\. 'X' is not one\. "
                                             r"Did you mean 'x'\?"):
        cx.kano.service_plan(res, controllability={"X": "high"})
    for level in (1.5, -0.1, np.nan, np.inf, True, "medium"):
        with pytest.raises(KanoInputError, match=rf"`controllability\['x'\]` must be \"high\", \"low\" or a number "
                                                 rf"in \[0, 1\]; got {level!r}"):
            cx.kano.service_plan(res, controllability={"x": level})
    with pytest.raises(KanoInputError, match=r"got 'hgih'\. Did you mean 'high'\?"):
        cx.kano.service_plan(res, controllability={"x": "hgih"})
    with pytest.raises(KanoInputError, match=r"`controllability` must be a mapping \{attribute: .*\}.*; got \["):
        cx.kano.service_plan(res, controllability=["x"])
    # numpy numbers and a Series are the same levels as plain ones (x is O here: the commitment shows it)
    tab = TAB.assign(O=[30, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = cx.kano.analyze(tab, min_n=0)
    for levels in ({"x": np.float32(0.7)}, {"x": np.int64(1)}, pd.Series({"x": "high"})):
        plan = cx.kano.service_plan(res, controllability=levels)
        assert plan.loc[0, "commitment"] == "firm commitment (high controllability)"
    plan = cx.kano.service_plan(res, controllability={"x": np.float64(0.2)})
    assert plan.loc[0, "commitment"] == "moderate commitment (low controllability)"


def test_count_table_passed_to_detect():
    # once refused ("'category' not found"), a count table is now read like the responses it counts
    tab = cx.kano.counts(RESP, by="wave")
    with pytest.warns(cx.errors.SeparationWarning):
        from_tab = cx.dropoff.detect(tab)
    with pytest.warns(cx.errors.SeparationWarning):
        from_rows = cx.dropoff.detect(RESP)
    pd.testing.assert_frame_equal(from_tab.table, from_rows.table)
    assert str(from_tab.rows) == "3 count rows in, 3 used"  # waves 1, 2, 3
    with pytest.raises(KanoInputError, match=r"`weights` must be None for a count table"):
        cx.dropoff.detect(tab, weights="w")
    with pytest.raises(KanoInputError, match=r"Column 'wave'.*wave labels \(missing\)"):
        cx.dropoff.detect(tab.assign(wave=[1, None, 3]))


def test_shares_that_do_not_sum_to_one_are_said_and_bad_weights_named_by_attribute():
    # 0.9 + 0.2 + 0.1 + 0.2 = 1.4: read as weights (A 0.9 / 1.4 = 0.643), and said
    with pytest.warns(InputWarning, match=r"`start`: the shares sum to 1\.4, not 1; .*A 0\.643"):
        cx.dropoff.power(n=[50], start={"A": .9, "O": .2, "M": .1, "I": .2}, n_sim=5, progress=False)
    with pytest.raises(CXInputError, match=r"`attributes\['wifi'\]` must be a category letter"):
        cx.simulate.kano_survey({"wifi": {"A": 2, "M": -1}}, 10)
