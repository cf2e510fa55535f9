"""Hostile input to Kano coding: each class gives a named KanoInputError (a ValueError) or a correct result."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, KanoInputError


def test_nan_attribute_names_in_long_data():
    long = pd.DataFrame({"attribute": ["wifi", np.nan, "lounge"], "functional": [1, 1, 2],
                         "dysfunctional": [5, 5, 5]})
    with pytest.raises(KanoInputError, match=r"Column 'attribute': 1 row\(s\) with values that are not attribute "
                                             r"names: nan \(1 row\); first row positions: 1"):
        cx.kano.code(long)


def test_two_dimensional_arrays():
    with pytest.raises(KanoInputError, match=r"`functional` must be a one-dimensional sequence of answers; "
                                             r"got a (numpy )?ndarray of shape \(2, 3\)"):
        cx.kano.evaluate(np.ones((2, 3)), np.ones((2, 3)))


def test_duplicated_column_names():
    df = pd.DataFrame([["like", "dislike", "like"]], columns=["wifi_f", "wifi_d", "wifi_f"])
    with pytest.raises(KanoInputError, match=r"distinct column names; got 'wifi_f' more than once"):
        cx.kano.code(df)


def test_importance_mixing_labels_and_numbers():
    df = pd.DataFrame({"wifi_f": ["like"] * 3, "wifi_d": ["dislike"] * 3,
                       "wifi_importance": [5, "Very important", "4 - Important"]})
    with pytest.raises(KanoInputError, match=r"'Very important' \(1 row\).*in column 'wifi_importance' row "
                                             r"label\(s\) 1.*Pass `importance="):
        cx.kano.code(df)
    resp = cx.kano.code(df, importance={"5": 5, "Very important": 5, "4 - Important": 4})
    np.testing.assert_array_equal(resp["importance"], [5.0, 5.0, 4.0])


def test_infinite_importance():
    df = pd.DataFrame({"wifi_f": ["like"] * 2, "wifi_d": ["dislike"] * 2, "wifi_importance": [5.0, np.inf]})
    with pytest.raises(KanoInputError, match=r"Importance: 1 answer\(s\) that are not finite numbers: inf \(1 row\); in column 'wifi_importance' "
                                             r"row label\(s\) 1\."):
        cx.kano.code(df)


def test_importance_mapping_without_importance_answers():
    df = pd.DataFrame({"wifi_f": ["like"], "wifi_d": ["dislike"]})
    with pytest.raises(KanoInputError, match=r"`importance` must be a mapping only when the data hold importance"):
        cx.kano.code(df, importance={"Very important": 5})


def test_negative_or_fractional_max_questionable():
    df = pd.DataFrame({"wifi_f": ["like"], "wifi_d": ["dislike"]})
    for bad in (-1, 1.5):
        with pytest.raises(KanoInputError, match=r"`max_questionable` must be a whole number >= 0"):
            cx.kano.code(df, max_questionable=bad)


def test_a_series_or_array_instead_of_a_frame():
    with pytest.raises(CXInputError, match=r"`data` must be a DataFrame; got a pandas Series of shape \(2,\)\. Wrap it"):
        cx.kano.code(pd.Series(["like", "dislike"]))
