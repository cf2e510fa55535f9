"""Hostile input for the satisfaction functions: each class a clear CXInputError naming what is wrong.

One test function per class of input; each runs through every function the class applies to.
"""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError


@pytest.fixture
def survey(rng):
    df = pd.DataFrame(rng.integers(1, 6, size=(120, 3)), columns=["a", "b", "c"]).astype(float)
    df["y"] = df.sum(axis=1) + rng.integers(0, 3, 120)
    return df


MODELS = {  # name -> call on (data, **kwargs) with outcome "y" and attributes a, b, c
    "drivers": lambda df, **kw: cx.satisfaction.drivers(df, "y", ["a", "b", "c"], **kw),
    "penalty_reward": lambda df, **kw: cx.satisfaction.penalty_reward(df, "y", ["a", "b", "c"], min_n=1, **kw),
    "importance_performance": lambda df, **kw: cx.satisfaction.importance_performance(df, "y", ["a", "b", "c"],
                                                                                      **kw),
    "disconfirmation": lambda df, **kw: cx.satisfaction.disconfirmation(df, "y", "a", "b", **kw),
    "gap_analysis": lambda df, **kw: cx.satisfaction.gap_analysis(
        df.assign(attribute="x").rename(columns={"a": "experience", "b": "expectation", "c": "importance"}), **kw),
}
COLUMN = {"gap_analysis": "experience"}  # the column holding attribute "a" in each call


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("where, value", [("a", np.inf), ("a", -np.inf), ("y", np.inf)])
def test_non_finite_numbers(survey, name, where, value):
    if name == "gap_analysis" and where == "y":
        pytest.skip("gap_analysis has no outcome")
    survey.loc[[7, 30], where] = value
    column = COLUMN.get(name, "a") if where == "a" else "y"
    shown = "inf" if value > 0 else "-inf"
    with pytest.raises(CXInputError, match=rf"Column '{column}': 2 row\(s\) with values that are not finite numbers: "
                                           rf"{shown} \(2 rows\); first row positions: 7, 30\. Replace infinite"):
        MODELS[name](survey)


@pytest.mark.parametrize("labels, named", [
    ({"a": "speed", "bb": "price"}, r"Unknown key\(s\) \['bb'\]; accepted keys: \['a', 'b', 'c'\]\. Did you mean 'b'\?"),
    ({"a_experience": "speed"}, r"Unknown key\(s\) \['a_experience'\]; accepted keys: \['a', 'b', 'c'\]\.$"),
    ({"A": "speed", "c": "care"}, r"Unknown key\(s\) \['A'\]"),
])
def test_unknown_labels_keys(survey, labels, named):
    with pytest.raises(CXInputError, match=r"^`labels` must be a dict keyed by attribute columns; got .*" + named):
        cx.satisfaction.importance_performance(survey, "y", ["a", "b", "c"], labels=labels)
    with pytest.raises(CXInputError, match=r"`labels` must be a dict \{attribute column: display name\}(, or None)?; got \['a'\]"):
        cx.satisfaction.importance_performance(survey, "y", ["a", "b", "c"], labels=["a"])
    ok = cx.satisfaction.importance_performance(survey, "y", ["a", "b", "c"], labels={"b": "price"})
    assert ok.table["attribute"].tolist() == ["a", "price", "c"]


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("confidence, hint", [(95, r"Give a level such as 0\.95 \(not 95\)"), (0, ""), (1.0, ""),
                                              (-0.5, ""), (True, ""), ("0.95", ""), (np.nan, "")])
def test_confidence_out_of_range(survey, name, confidence, hint):
    with pytest.raises(CXInputError, match=r"`confidence` must be a number between 0 and 1 \(e\.g\. 0\.95\); got "
                                           + r".*" + hint):
        MODELS[name](survey, confidence=confidence)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_duplicated_column_names(survey, name):
    twice = survey.copy()
    columns = list(twice.columns)
    columns[2] = columns[0]  # "c" renamed to a second "a" (or "experience" twice for gap_analysis)
    twice.columns = columns
    if name == "gap_analysis":
        twice = twice.rename(columns={"b": "expectation"}).assign(attribute="x", importance=5)
        twice.columns = ["experience", "expectation", "experience", "y", "attribute", "importance"]
        call = lambda: cx.satisfaction.gap_analysis(twice)  # noqa: E731
        dup = "'experience'"
    else:
        call = lambda: MODELS[name](twice.assign(c=1.0))  # noqa: E731
        dup = "'a'"
    with pytest.raises(CXInputError, match=rf"`data` must have distinct column names; got {dup} more than once\. "
                                           r"Rename the duplicates"):
        call()


@pytest.mark.parametrize("call, named", [
    (lambda df: cx.satisfaction.drivers(df, "y", ["a", "b", "a"]), r"\['a'\] is listed more than once"),
    (lambda df: cx.satisfaction.penalty_reward(df, "y", ["b", "c", "b"]), r"\['b'\] is listed more than once"),
    (lambda df: cx.satisfaction.importance_performance(df, "y", ["a", "a"]), r"\['a'\] is listed more than once"),
    (lambda df: cx.satisfaction.drivers(df, "y", ["a", "y"]),
     r"`outcome` must be a column not listed in `attributes`; got 'y'\. A rating cannot explain itself"),
    (lambda df: cx.satisfaction.penalty_reward(df, "y", ["y", "b"]), r"`outcome` must be a column not listed"),
    (lambda df: cx.satisfaction.importance_performance(df, "y", ["a", "y"]), r"`outcome` must be a column not listed"),
    (lambda df: cx.satisfaction.disconfirmation(df, "y", "y", "b"), r"`outcome` must be a column not listed"),
    (lambda df: cx.satisfaction.disconfirmation(df, "y", "a", "a"), r"`expectation` must be a column other than"),
])
def test_attribute_list_with_duplicates_or_the_outcome(survey, call, named):
    with pytest.raises(CXInputError, match=named):
        call(survey)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_column_all_missing_after_missing_codes(survey, name):
    survey.loc[:, "a"] = 0.0  # "not applicable" for everyone
    survey.loc[[3, 4], "a"] = np.nan
    column = COLUMN.get(name, "a")
    with pytest.raises(CXInputError, match=rf"No value left to analyse in column\(s\) '{column}': all 120 answers "
                                           r"missing \(118 turned missing by missing_codes=\[0\]\)\. Check "
                                           r"`missing_codes`"):
        MODELS[name](survey, missing_codes=[0])
    survey["a"] = np.nan  # missing without any code
    with pytest.raises(CXInputError, match=rf"column\(s\) '{column}': all 120 answers missing\. Check"):
        MODELS[name](survey)
