"""The shared core: one error template, argument checks, warnings that point at the user's line."""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.checks import (
    as_numeric,
    arg_error,
    as_generator,
    as_keys,
    check_argument,
    check_confidence,
    check_count,
    check_pair,
    require_columns,
    require_frame,
)
from cxresearch._core.warn import renamed_argument, warn
from cxresearch.errors import CXInputError, ThinDataWarning


def test_the_argument_template_names_the_argument_the_expectation_the_value_and_the_fix():
    err = arg_error("rule", "one of ['mode', 'aom']", "mod", "Did you mean 'mode'?")
    assert isinstance(err, ValueError)
    assert str(err) == "`rule` must be one of ['mode', 'aom']; got 'mod'. Did you mean 'mode'?"
    assert str(arg_error("data", "a DataFrame", pd.DataFrame({"a": [1, 2]}))).endswith(
        "got a pandas DataFrame of shape (2, 1).")


def test_options_suggest_the_nearest_for_a_typo():
    with pytest.raises(CXInputError, match=r"`method` must be one of .*; got 'shapely'. Did you mean 'shapley'\?"):
        check_argument("method", ["relative_weights", "shapley", "ols"], "shapely")
    with pytest.raises(CXInputError, match=r"got \['a'\]\.$"):  # unhashable, nothing close
        check_argument("kind", ("x", "y"), ["a"])


@pytest.mark.parametrize("value, hint", [(95, "not 95"), (0, ""), (1.0, ""), (True, ""), ("0.95", ""),
                                         (float("nan"), "")])
def test_confidence_must_lie_strictly_between_0_and_1(value, hint):
    with pytest.raises(CXInputError, match="`confidence` must be a number between 0 and 1") as info:
        check_confidence(value)
    assert hint in str(info.value)
    assert check_confidence(0.9) == 0.9


def test_counts_pairs_keys_and_random_state():
    assert check_count("n_sim", 5) == 5
    for bad in (0, 2.5, True, "3"):
        with pytest.raises(CXInputError, match="`n_sim` must be a whole number >= 1"):
            check_count("n_sim", bad)
    assert check_pair("scale", [1, 5]) == (1.0, 5.0)
    for bad in ((5, 1), (1, 1), (1, float("inf")), 3, ("a", "b"), (1, 2, 3)):
        with pytest.raises(CXInputError, match="`scale` must be a pair"):
            check_pair("scale", bad)
    assert check_pair("threshold", (-0.2, 0.2), within=(-1, 1)) == (-0.2, 0.2)
    with pytest.raises(CXInputError, match=r"inside \[-1, 1\]"):
        check_pair("threshold", (-2, 0.2), within=(-1, 1))
    assert as_keys(None) == [] and as_keys("segment") == ["segment"] and as_keys(("a", "b")) == ["a", "b"]
    with pytest.raises(CXInputError, match=r"\['a'\] is listed more than once"):
        as_keys(["a", "a"])
    with pytest.raises(CXInputError, match="`by` must be a column name or a list of column names"):
        as_keys({"a": 1})
    assert as_generator(3).integers(1000) == np.random.default_rng(3).integers(1000)
    assert as_generator(np.random.SeedSequence(3)).integers(1000) == np.random.default_rng(3).integers(1000)
    with pytest.raises(CXInputError, match="`random_state` must be None, a non-negative int seed"):
        as_generator("seed")


def test_a_frame_from_another_library_is_converted_or_named_with_its_module():
    class DataFrame:  # stands in for a polars frame: same class name, another module
        __module__ = "polars.dataframe.frame"

        def to_pandas(self):
            return pd.DataFrame({"a": [1.0, 2.0]})

    pd.testing.assert_frame_equal(require_frame(DataFrame()), pd.DataFrame({"a": [1.0, 2.0]}))

    class Opaque:
        __module__ = "somelib.frames"

    with pytest.raises(CXInputError, match=r"`data` must be a pandas DataFrame \(or a frame with "
                                           r"\.to_pandas\(\)\); got a somelib Opaque\."):
        require_frame(Opaque())
    with pytest.raises(CXInputError, match=r"got a numpy ndarray\. Wrap it in a DataFrame"):
        require_frame(np.ones((3, 2)))
    with pytest.raises(CXInputError, match="must hold at least one row"):
        require_frame(pd.DataFrame({"a": []}))
    with pytest.raises(CXInputError, match=r"distinct column names; got 'x' more than once"):
        require_frame(pd.DataFrame([[1, 2, 3]], columns=["x", "y", "x"]))


def test_a_real_arrow_table_goes_through_the_interchange_protocol():
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"a": [1, 2], "b": ["x", "y"]})
    out = require_frame(table)
    assert list(out["a"]) == [1, 2] and list(out["b"]) == ["x", "y"]


def test_infinite_numbers_are_refused_naming_the_column_and_rows():
    with pytest.raises(CXInputError, match=r"Column 'score': 2 row\(s\) with values that are not finite "
                                           r"numbers: inf \(1 row\), -inf \(1 row\); first row positions: 1, 3"):
        as_numeric(pd.Series([1.0, np.inf, 2.0, -np.inf]), "score")


def test_missing_columns_are_named_with_the_nearest_existing_one():
    with pytest.raises(CXInputError, match=r"column 'overal' not found in the data\. Did you mean 'overall'\?"):
        require_columns(pd.DataFrame({"overall": [1], "wait": [2]}), ["overal"])


def test_warnings_point_at_the_callers_line_however_deep():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn("thin", ThinDataWarning)
        cx.satisfaction.penalty_reward(cx.load_dataset("service_ratings"), "overall",
                                       ["short_waiting_time_experience"], scale=(1, 5), low=[1], min_n=500)
    assert [w.filename for w in caught] == [__file__, __file__]
    assert caught[1].category is ThinDataWarning


def test_renamed_arguments_keep_working_with_a_future_warning():
    @renamed_argument("min_count", "min_n", since="0.2")
    def f(*, min_n=30):
        return min_n

    with pytest.warns(FutureWarning, match="`min_count` was renamed `min_n`") as caught:
        assert f(min_count=5) == 5
    assert caught[0].filename == __file__
    with pytest.raises(TypeError, match="got both `min_count` and `min_n`"):
        f(min_count=5, min_n=6)
    df = cx.load_dataset("retail_cem")
    with pytest.warns(FutureWarning, match="`table` was renamed `data`"):
        old = cx.satisfaction.gap_analysis(table=df)
    pd.testing.assert_frame_equal(old.table, cx.satisfaction.gap_analysis(df).table)
    ratings = cx.load_dataset("service_ratings")
    with pytest.warns(FutureWarning, match="`min_count` was renamed `min_n`"):
        cx.satisfaction.penalty_reward(ratings, "overall", ["birthday_sms_experience"], scale=(1, 5), min_count=1)
