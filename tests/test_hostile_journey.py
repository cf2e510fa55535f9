"""Hostile input to the journey functions: each class gives a named cxresearch error or a correct result."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError

STEPS = {"arrival": {"mean": 7.5}, "queue": {"mean": 6.0}, "counter": {"mean": 7.5}, "farewell": {"mean": 8.0}}


def _visits(n=60, seed=3):
    return cx.simulate.journeys(STEPS, n, random_state=seed)[0]


def test_constant_retrospective_rating():
    df = _visits()
    df["retrospective"] = 7
    with pytest.raises(CXInputError, match=r"Column 'retrospective': every usable journey \(60\) has the same "
                                           r"remembered rating \(7\)"):
        cx.journey.peak_end(df)


def test_infinite_step_rating():
    df = _visits().astype({"rating": float})
    df.loc[5, "rating"] = np.inf
    with pytest.raises(CXInputError, match=r"Column 'rating'.*not finite numbers: inf \(1 row\); first row "
                                           r"positions: 5"):
        cx.journey.peak_end(df)


def test_duplicated_column_names():
    df = _visits()
    df.insert(1, "rating2", df["rating"])
    df.columns = [c if c != "rating2" else "rating" for c in df.columns]
    with pytest.raises(CXInputError, match=r"distinct column names; got 'rating' more than once"):
        cx.journey.peak_end(df)


def test_out_of_range_confidence():
    with pytest.raises(CXInputError, match=r"`confidence` must be a number between 0 and 1.*Give a level such "
                                           r"as 0\.95 \(not 95\)"):
        cx.journey.peak_end(_visits(), confidence=95)


def test_a_frame_of_another_library_is_converted_and_gives_the_same_result():
    df = _visits()

    class FakePolars:
        __module__ = "polars.dataframe.frame"

        def to_pandas(self):
            return df.copy()

    a, b = cx.journey.peak_end(df), cx.journey.peak_end(FakePolars())
    pd.testing.assert_frame_equal(a.table, b.table)
