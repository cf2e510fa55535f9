"""One reading of the outcome and one refusal, whatever the model and whatever the input (rows or sums)."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError


def _data(n=240, seed=3):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"a": rng.integers(1, 6, n), "b": rng.integers(1, 6, n), "x": rng.integers(1, 6, n),
                       "year": np.repeat([2020, 2021, 2022], n // 3), "promised": rng.integers(5, 15, n),
                       "waited": rng.exponential(8, n)})
    df["yes"] = (df["a"] + rng.normal(0, 1, n) > 3).astype(int)  # a yes/no outcome
    df["flat"] = 7  # nothing to explain
    return df


CALLS = {
    "drivers": lambda d, y: cx.satisfaction.drivers(d, y, ["a", "b"]),
    "drivers (moments)": lambda d, y: cx.satisfaction.drivers(cx.satisfaction.moments(d, [y, "a", "b"]), y,
                                                              ["a", "b"]),
    "penalty_reward": lambda d, y: cx.satisfaction.penalty_reward(d, y, ["a", "b"], scale=(1, 5), min_n=0),
    "disconfirmation": lambda d, y: cx.satisfaction.disconfirmation(d, y, "a", "x", scale=(1, 5)),
    "from_ratings": lambda d, y: cx.dropoff.from_ratings(d, y, ["a", "b"], time="year", scale=(1, 5), min_n=0),
    "promise": lambda d, y: cx.expectation.promise(d, promised="promised", delivered="waited", outcome=y),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_binary_outcome_is_refused_in_one_template(name):
    with pytest.raises(CXInputError, match=r"^Outcome 'yes' is binary: it has exactly two distinct values, 0 and 1\. "
                                           r"A linear model of a binary outcome"):
        CALLS[name](_data(), "yes")


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_constant_outcome_is_refused_in_one_template(name):
    with pytest.raises(CXInputError, match=r"^Outcome 'flat' is constant \(7"):
        CALLS[name](_data(), "flat")
