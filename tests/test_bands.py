"""The one reader of rating bands (``low=`` / ``high=``) for penalty_reward and the rating tracker."""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.bands import band, default_cut
from cxresearch.errors import CXInputError


@pytest.mark.parametrize(("scale", "low", "high"), [((1, 3), 1, 3), ((1, 4), 1, 4), ((1, 5), 2, 4), ((0, 10), 1, 9),
                                                    ((0, 100), 20, 80)])
def test_default_bands_leave_a_reference_band_on_any_scale(scale, low, high):
    assert (default_cut(scale, "low"), default_cut(scale, "high")) == (low, high)
    assert low < high  # something in between: the reference band


def test_a_rating_a_list_and_a_zero_dimensional_array_are_read_alike():
    values = np.array([1, 2, 3, 4, 5], dtype=float)
    assert band(values, 2, (1, 5), "low")[0].tolist() == [True, True, False, False, False]
    assert band(values, np.array(2), (1, 5), "low")[1] == "<= 2"
    listed, text = band(values, [5, 4], (1, 5), "high")
    assert listed.tolist() == band(values, 4, (1, 5), "high")[0].tolist() == [False, False, False, True, True]
    assert text == "{4, 5}"


@pytest.mark.parametrize("low", [True, float("nan"), [], ["x"], [1, pd.NA], "2"])
def test_bands_that_are_not_ratings_are_refused_by_name(low):
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")][:3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(CXInputError, match=r"^`low` must be a rating \(the band's edge\) or a non-empty list"):
            cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), low=low)
