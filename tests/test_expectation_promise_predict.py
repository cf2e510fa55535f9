"""PromiseResult.predict: a pair priced by hand from the fitted coefficients, the fitted values at the data
points, the curve as the average of predictions, what the data cannot identify, and refusals by name."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import cxresearch as cx
from cxresearch.errors import CXInputError

ROLES = {"promised": "promised", "delivered": "delivered", "outcome": "satisfaction"}


@pytest.fixture(scope="module")
def callcentre():
    return cx.expectation.promise(cx.load_dataset("callcentre_waits"), promised="announced_min",
                                  delivered="waited_min", outcome="satisfaction", by="segment")


def test_a_pair_priced_by_hand_from_the_coefficients(callcentre):
    b = callcentre.coefficients.set_index(["segment", "term"])["estimate"].loc["ordinary"]
    out = callcentre.predict([7, 5, 5], [5, 5, 7], segment="ordinary")
    # said 7, came in 5: b0 + 7 b_p + 2 g;  said 5, came in 5: b0 + 5 b_p;  said 5, came in 7: b0 + 5 b_p - 2 l
    hand = [b["intercept"] + 7 * b["promise"] + 2 * b["gain"], b["intercept"] + 5 * b["promise"],
            b["intercept"] + 5 * b["promise"] - 2 * b["loss"]]
    np.testing.assert_allclose(out["predicted"], hand, rtol=1e-12)
    assert out["kept"].tolist() == [True, True, False]
    assert out["gain"].tolist() == [2.0, 0.0, 0.0] and out["shortfall"].tolist() == [0.0, 0.0, 2.0]
    # the manager's comparison: the longer promise costs 2 (b_p + g), about -0.18 on this dataset, while the
    # gain of beating it alone (2 g) is positive
    longer = out["predicted"].iloc[0] - out["predicted"].iloc[1]
    assert longer == pytest.approx(2 * (b["promise"] + b["gain"]), rel=1e-12)
    assert longer < 0 < 2 * b["gain"]


def test_every_segment_without_a_segment_argument_and_a_scalar_broadcast(callcentre):
    out = callcentre.predict(7, [5, 7])
    assert out["segment"].tolist() == ["VIP", "VIP", "business", "business", "ordinary", "ordinary"]
    one = callcentre.predict(7, [5, 7], segment="business")
    np.testing.assert_allclose(out.loc[out["segment"] == "business", "predicted"], one["predicted"], rtol=0)


def test_predict_at_the_data_points_is_the_fitted_values_of_the_same_ols(rng):
    df, _ = cx.simulate.promises(2000, delivered="gamma", random_state=9)
    df["seg"] = np.where(rng.random(len(df)) < 0.4, "a", "b")
    res = cx.expectation.promise(df, **ROLES, by="seg")
    for seg, part in df.groupby("seg"):
        diff = part["promised"] - part["delivered"]
        X = sm.add_constant(np.column_stack([part["promised"], np.maximum(diff, 0), -np.maximum(-diff, 0)]))
        fitted = sm.OLS(part["satisfaction"].to_numpy(), X).fit().fittedvalues
        got = res.predict(part["promised"].to_numpy(), part["delivered"], segment=seg)["predicted"]
        np.testing.assert_allclose(got, fitted, rtol=1e-10)


def test_the_curve_is_the_average_prediction_over_the_observed_deliveries():
    df, _ = cx.simulate.promises(500, random_state=4)
    res = cx.expectation.promise(df, **ROLES, grid=[2.0, 5.0, 9.5])
    for p, expected in res.curve[["promise", "expected_satisfaction"]].itertuples(index=False):
        assert res.predict(p, df["delivered"])["predicted"].mean() == pytest.approx(expected, rel=1e-12)


def test_higher_is_better_swaps_gain_and_shortfall():
    df, _ = cx.simulate.promises(800, random_state=3)
    df["promised"], df["delivered"] = -df["promised"], -df["delivered"]  # e.g. a promised speed
    res = cx.expectation.promise(df, **ROLES, lower_is_better=False)
    b = res.coefficients.set_index("term")["estimate"]
    out = res.predict([-4.0, -4.0], [-3.0, -6.0])
    # delivered -3 >= promised -4: kept, beaten by 1; delivered -6: missed by 2
    assert out["kept"].tolist() == [True, False]
    np.testing.assert_allclose(out["predicted"], [b["intercept"] - 4 * b["promise"] + b["gain"],
                                                  b["intercept"] - 4 * b["promise"] - 2 * b["loss"]], rtol=1e-12)


def test_a_pair_that_needs_an_unidentified_coefficient_is_nan_not_guessed():
    df, _ = cx.simulate.promises(300, random_state=5)
    df["delivered"] = np.minimum(df["delivered"], df["promised"])  # no promise ever broken: loss unknown
    res = cx.expectation.promise(df, **ROLES)
    assert np.isnan(res.coefficients.set_index("term").loc["loss", "estimate"])
    out = res.predict([5.0, 5.0], [4.0, 6.0])
    assert np.isfinite(out["predicted"].iloc[0]) and np.isnan(out["predicted"].iloc[1])


@pytest.mark.parametrize("args, kwargs, message", [
    (([5, 6, 7], [4, 5]), {}, r"`delivered` must be one number or as many numbers as `promised` \(3\); got 2 numbers"),
    (("5", 4), {}, r"`promised` must be a number or a list of numbers in the unit of the fit"),
    ((5, pd.Series(pd.to_timedelta([3, 4], unit="min"))), {}, r"`delivered` must be a number .*durations"),
    ((True, 4), {}, r"`promised` must be a number"),
    (([5, np.nan], 4), {}, r"`promised` must be finite numbers; .*not finite at positions \[1\]"),
    (([[5, 6]], 4), {}, r"`promised` must be a number or a list"),
    ((5, 4), {"segment": "Vip"}, r"`segment` must be one of the segments \['VIP', 'business', 'ordinary'\].*"
                                 r"Did you mean 'VIP'\?"),
])
def test_bad_arguments_are_refused_by_name(callcentre, args, kwargs, message):
    with pytest.raises(CXInputError, match=message):
        callcentre.predict(*args, **kwargs)


def test_a_segment_for_a_result_without_segments_is_refused():
    df, _ = cx.simulate.promises(100, random_state=6)
    with pytest.raises(CXInputError, match=r"`segment` must be None: this result has no segments"):
        cx.expectation.promise(df, **ROLES).predict(5, 4, segment="a")
