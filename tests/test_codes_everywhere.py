"""A not-applicable code (99 under 1-5 answers) is named by every rating reader, not just some.

One property over the API: each function that reads ratings without a declared scale warns
with a ScaleWarning naming the column and the value, and with ``missing_codes=99`` it does not.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import ScaleWarning


def _survey(n=300, seed=5):
    rng = np.random.default_rng(seed)
    e = rng.integers(1, 6, size=(n, 2))
    x = rng.integers(1, 6, size=(n, 2))
    y = np.clip(np.rint(2 + 1.3 * e.mean(axis=1) + rng.normal(0, 1, n)), 1, 10)
    df = pd.DataFrame({"overall": y, "speed_experience": e[:, 0], "staff_experience": e[:, 1],
                       "speed_expectation": x[:, 0], "staff_expectation": x[:, 1],
                       "year": np.repeat([2020, 2021, 2022], n // 3),
                       "q_adequate": rng.integers(3, 6, n), "q_desired": rng.integers(6, 8, n),
                       "q_perceived": rng.integers(1, 10, n)})
    df.loc[df.index[:4], "speed_experience"] = 99
    df.loc[df.index[:4], "q_perceived"] = 99
    return df


CALLS = {
    "drivers": lambda d, **k: cx.satisfaction.drivers(d, "overall", ["speed_experience", "staff_experience"], **k),
    "penalty_reward": lambda d, **k: cx.satisfaction.penalty_reward(
        d, "overall", ["speed_experience", "staff_experience"], min_n=0, **k),
    "disconfirmation": lambda d, **k: cx.satisfaction.disconfirmation(
        d, "overall", "speed_experience", "speed_expectation", **k),
    "from_ratings": lambda d, **k: cx.dropoff.from_ratings(
        d, "overall", ["speed_experience", "staff_experience"], time="year", min_n=0, **k),
    "touchpoints": lambda d, **k: cx.journey.touchpoints(d, ["speed", "staff"], outcome="overall", **k),
    "tolerance": lambda d, **k: cx.expectation.tolerance(d, ["q"], **k),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_code_above_the_scale_is_named_and_declaring_it_silences_the_advice(name):
    data = _survey()
    column = "q" if name == "tolerance" else "speed_experience"  # tolerance judges an attribute's answers together
    with pytest.warns(ScaleWarning, match=rf"'{column}': 99 \(4 answers, above the other answers"):
        try:
            CALLS[name](data)
        except cx.errors.CXInputError:
            pass  # a refusal after the warning is fine: the warning has named the code
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScaleWarning)
        CALLS[name](data, missing_codes=99)
