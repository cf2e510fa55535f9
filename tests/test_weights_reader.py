"""The one reader of survey weights: exact rescaling of extreme weights, and concentration said."""

import warnings

import numpy as np
import pandas as pd
import pytest

from cxresearch._core.weights import check_weights
from cxresearch.errors import CXInputError, InputWarning


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e200, 1e300])
def test_extreme_weights_are_divided_by_an_exact_power_of_two(scale):
    w = np.array([1.0, 2.0, 3.0, 0.5]) * scale
    with pytest.warns(InputWarning, match=r"Column 'w' \(weights\): the largest weight is .*divided by 2\*\*"):
        out = check_weights(pd.DataFrame({"w": w}), "w")
    power = int(np.floor(np.log2(w.max())))
    # dividing by a power of two changes only the exponent: the ratios are exactly those given
    assert np.array_equal(out, np.ldexp(w, -power))
    assert 1 <= out.max() < 2
    assert np.isfinite((out @ out) / out.sum() ** 2)  # the Kish sums no longer overflow or underflow


def test_ordinary_weights_are_returned_as_given_without_a_word():
    w = np.tile([0.2, 1.0, 3.5, 2.0, 1e3 / 1e3], 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = check_weights(pd.DataFrame({"w": w}), "w")
    assert out.tolist() == w.tolist()


def test_one_row_carrying_most_of_the_weight_is_named_with_the_effective_size():
    w = np.ones(10)
    w[3] = 12.0  # share 12 / 21 = 57.1%; n_eff = 21**2 / (9 + 144) = 2.88
    index = [f"resp{i}" for i in range(10)]
    with pytest.warns(InputWarning, match=r"one row carries 57\.1% of the total weight \(row 'resp3', weight 12\); "
                                          r"the effective sample size is 2\.9 of 10 rows"):
        check_weights(pd.DataFrame({"w": w}, index=index), "w")


def test_weights_spanning_more_than_floats_can_square_are_refused_naming_both_rows():
    w = np.ones(10)
    w[3] = 1e300
    with pytest.raises(CXInputError, match=r"Column 'w' \(weights\): the weights span 1 \(row 'r0'\) to 1e\+300 "
                                           r"\(row 'r3'\).*Check the column"):
        check_weights(pd.DataFrame({"w": w}, index=[f"r{i}" for i in range(10)]), "w")
