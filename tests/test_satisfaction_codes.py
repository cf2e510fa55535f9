"""Answers that are not ratings: missing_codes, the scale-inference warning, binary outcomes."""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, ScaleWarning
from cxresearch._core.codes import apart_values

LOUNGE = ["comfort_rating", "cleanliness_rating", "bar_beverages_rating", "catering_rating",
          "washrooms_rating", "wifi_connectivity_rating", "staff_service_rating"]


@pytest.fixture
def coded(rng):
    """1-5 ratings with 0 = not applicable in 'a' and 99 = don't know in 'b' and the outcome."""
    df = pd.DataFrame(rng.integers(1, 6, size=(300, 3)), columns=["a", "b", "c"]).astype(float)
    df["y"] = df.sum(axis=1) + rng.integers(0, 3, 300)
    df.loc[[1, 2, 3, 4], "a"] = 0
    df.loc[[4, 5], "b"] = 99
    df.loc[[6], "y"] = 99
    return df


def _clean(df):
    return df.replace({"a": {0: np.nan}, "b": {99: np.nan}, "y": {99: np.nan}})


RATING_MODELS = {
    "drivers": lambda df, **kw: cx.satisfaction.drivers(df, "y", ["a", "b", "c"], **kw),
    "shapley": lambda df, **kw: cx.satisfaction.drivers(df, "y", ["a", "b", "c"], method="shapley", **kw),
    "penalty_reward": lambda df, **kw: cx.satisfaction.penalty_reward(df, "y", ["a", "b", "c"], min_n=1, **kw),
    "importance_performance": lambda df, **kw: cx.satisfaction.importance_performance(df, "y", ["a", "b", "c"],
                                                                                      **kw),
    "disconfirmation": lambda df, **kw: cx.satisfaction.disconfirmation(df, "y", "a", "b", **kw),
}


@pytest.mark.parametrize("name", sorted(RATING_MODELS))
def test_missing_codes_equal_recoding_by_hand_and_are_counted(coded, name):
    model = RATING_MODELS[name]
    res = model(coded, missing_codes=[0, 99], scale=(1, 5))
    by_hand = model(_clean(coded), scale=(1, 5))
    pd.testing.assert_frame_equal(res.table, by_hand.table)
    # rows 1-5 lose a rating (row 4 twice), row 6 its outcome: 6 rows out, counted by reason
    assert res.rows.n_used == by_hand.rows.n_used == 294
    assert res.rows.excluded == by_hand.rows.excluded == {"outcome missing": 1, "an attribute rating missing": 5}
    assert res.rows.recoded == {"y": 1, "a": 4, "b": 2} and by_hand.rows.recoded == {}
    assert "answers recoded to missing: y 1, a 4, b 2" in str(res.rows)
    frame = res.rows.to_frame().set_index("item")
    assert frame.loc["recoded to missing: a", "count"] == 4 and frame.loc["recoded to missing: a", "unit"] == "answers"


def test_missing_codes_in_gap_analysis_and_text_codes(rng):
    df = pd.DataFrame({"attribute": np.repeat(["a", "b"], 50), "experience": rng.integers(1, 11, 100),
                       "expectation": rng.integers(1, 11, 100), "importance": 5}).astype({"experience": object})
    df.loc[[0, 1], "experience"] = "n/a"
    df.loc[[1, 2, 60], "expectation"] = 99
    res = cx.satisfaction.gap_analysis(df, missing_codes=["n/a", 99])
    assert res.rows.recoded == {"experience": 2, "expectation": 3}
    assert res.rows.excluded == {"a rating missing": 4} and res.rows.n_used == 96
    kept = df.drop(index=[0, 1, 2, 60])
    a = kept[kept["attribute"] == "a"]
    assert res.table.set_index("attribute").loc["a", "gap"] == pytest.approx(
        (a["experience"].astype(float) - a["expectation"]).mean())
    with pytest.raises(CXInputError, match=r"Column 'experience'.*'n/a' \(2 rows\)"):
        cx.satisfaction.gap_analysis(df, missing_codes=[99])


def test_missing_codes_argument_is_checked(coded):
    for bad in ([np.nan], [True], {"a": 0}, [np.inf]):
        with pytest.raises(CXInputError, match="`missing_codes` must be a value or a list of values"):
            cx.satisfaction.drivers(coded, "y", ["a", "b"], missing_codes=bad)
    one = cx.satisfaction.drivers(coded, "y", ["a", "c"], missing_codes=0, scale=(1, 5), outcome_scale=(3, 99))
    assert one.rows.recoded == {"a": 4}


def test_off_scale_error_suggests_the_missing_codes(coded):
    with pytest.raises(CXInputError, match=r"Column 'b'.*99.0 \(2 rows\).*pass missing_codes=\[99\]"):
        cx.satisfaction.drivers(coded, "y", ["b", "c"], scale=(1, 5))


def test_inferred_scale_warns_about_values_apart_from_the_block(coded):
    with pytest.warns(ScaleWarning) as caught:
        res = cx.satisfaction.drivers(coded, "y", ["a", "b", "c"])
    assert len(caught) == 1  # one warning naming every column
    msg = str(caught[0].message)
    assert "'a': 0 (4 answers, below the other answers, 1-5): a 1-5 scale has no 0, a common code for 'not " \
           "applicable'" in msg
    assert "'b': 99 (2 answers, above the other answers, 1-5): a common not-applicable code standing apart from " \
           "the 1-5 answers" in msg
    assert "'y'" not in msg  # a sum score of 15 distinct values is not read as a rating block
    assert "missing_codes=[0, 99]" in msg and "scale=(1, 5) refuses them, scale=(0, 99) keeps them" in msg
    # the codes did enter the model as ratings: that is what the warning is for
    assert res.rows.n_used == 300 and res.table["mean"].iloc[1] == pytest.approx(coded["b"].mean())
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScaleWarning)
        cx.satisfaction.drivers(coded, "y", ["a", "b", "c"], missing_codes=[0, 99])
        cx.satisfaction.drivers(coded, "y", ["a", "c"], scale=(0, 5), outcome_scale=(1, 99))


def test_inferred_outcome_scale_warns_too(coded):
    coded["y"] = np.clip(coded["y"] - 4, 1, 10)
    coded.loc[[6, 7], "y"] = 99
    with pytest.warns(ScaleWarning, match=r"'y': 99 \(2 answers, above the other answers, 1-10\).*"
                                          r"outcome_scale=\(1, 10\) refuses them, outcome_scale=\(1, 99\) keeps"):
        cx.satisfaction.drivers(coded, "y", ["c"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScaleWarning)
        cx.satisfaction.drivers(coded, "y", ["c"], outcome_scale=(1, 99))


@pytest.mark.parametrize("values, flagged", [
    ([1, 2, 3, 4, 5, 6], [6]),            # 6 next to a 1-5 block
    ([0, 1, 2, 3, 4, 5, 6, 7], [0]),      # 0 under a 1-7 block
    ([0] + list(range(1, 11)), []),       # 0-10 is a scale of its own (an NPS item): 0 is its lowest rating
    ([1, 2, 3, 4, 5, 9], [9]),            # 9 standing apart from 1-5
    ([-9, 1, 2, 3, 4, 5], [-9]),
    ([1, 2, 3, 4, 5, 6, 7], []),          # a 1-7 scale
    ([0, 1, 2, 3, 4, 5, 6], []),          # a 0-6 scale
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], []),
    (list(range(0, 101, 10)), []),        # 0-100 answered in tens: evenly spaced
    (list(range(1, 30)) + [40], []),      # more than 11 distinct values: not a rating block
])
def test_which_values_look_like_codes(values, flagged):
    assert [v for v, *_ in apart_values(np.array(values, dtype=float))] == flagged
    assert apart_values(np.array(values) + 0.5) == []  # not whole numbers: never read as a rating block


@pytest.mark.parametrize("name", sorted(RATING_MODELS))
@pytest.mark.parametrize("outcome, shown", [((0, 1), "0 and 1"), ((1, 2), "1 and 2"), ((False, True), "False and True"),
                                            (("no", "yes"), "'no' and 'yes'")])
def test_binary_outcome_is_refused_unless_linear_is_chosen(coded, name, outcome, shown):
    df = _clean(coded).dropna()
    df["y"] = np.where(df["a"] + df["b"] + df["c"] > 9, outcome[1], outcome[0])
    with pytest.raises(CXInputError, match=rf"Outcome 'y' is binary: it has exactly two distinct values, {shown}\. "
                       r"A linear model of a binary outcome \(a linear probability model\) would be wrong here.*"
                       r"use a logistic model \(family='logit' in drivers and penalty_reward\); to fit the linear "
                       r"model anyway, pass family='linear'"):
        RATING_MODELS[name](df)
    if outcome[0] != "no":  # the explicit opt-in fits the linear probability model
        res = RATING_MODELS[name](df, family="linear")
        assert res.rows.n_used == len(df)


def test_family_argument(coded):
    with pytest.raises(CXInputError, match=r"`family` must be one of \['linear'\], or None; got 'logit'\. This model is linear "
                       r"only; logistic models \(family='logit'\) are available in drivers and penalty_reward"):
        cx.satisfaction.disconfirmation(coded, "y", "a", "b", family="logit")
    with pytest.raises(CXInputError, match=r"`family` must be one of \['linear', 'logit'\](, or None)?; got 'liner'\. Did you "
                       r"mean 'linear'"):
        cx.satisfaction.penalty_reward(coded, "y", ["a", "b"], family="liner")
    # a binary outcome after the codes are removed is binary too
    coded["y"] = np.where(np.arange(300) % 2, 1, 2)
    coded.loc[[0, 1], "y"] = 99
    with pytest.raises(CXInputError, match="two distinct values, 1 and 2"):
        cx.satisfaction.drivers(coded, "y", ["a", "b"], missing_codes=[99])


# ---------------------------------------------------------------------------------------
# Real data: Skytrax lounge reviews store "not rated" as 0 on the 1-5 sub-ratings
# ---------------------------------------------------------------------------------------

def _lounge(shared):
    raw = pd.read_csv(shared("skytrax", "lounge.csv"))
    return raw[raw["date"] < "2015"]  # overall_rating is 1-5 until 2014 (1-10 from 2015)


def test_skytrax_lounge_zeros_warned_without_a_scale(shared):
    before = _lounge(shared)
    zeros = {c: int((before[c] == 0).sum()) for c in LOUNGE}
    assert zeros == {"comfort_rating": 8, "cleanliness_rating": 8, "bar_beverages_rating": 19, "catering_rating": 29,
                     "washrooms_rating": 110, "wifi_connectivity_rating": 128, "staff_service_rating": 24}
    with pytest.warns(ScaleWarning, match=r"'wifi_connectivity_rating': 0 \(128 answers, below the other answers, "
                                          r"1-5\).*missing_codes=\[0\].*scale=\(1, 5\) refuses them"):
        raw = cx.satisfaction.drivers(before, "overall_rating", LOUNGE)
    # measured: with the 0s read as ratings, R2 0.9433 on 1,892 reviews
    assert raw.r2 == pytest.approx(0.94330, abs=5e-5) and raw.rows.n_used == 1892
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScaleWarning)
        res = cx.satisfaction.drivers(before, "overall_rating", LOUNGE, missing_codes=[0])
    assert res.rows.recoded == zeros
    assert res.rows.n_used == len(before.replace({c: {0: np.nan} for c in LOUNGE}).dropna(
        subset=["overall_rating", *LOUNGE])) == 1663
    assert res.r2 == pytest.approx(0.94196, abs=5e-5)
    t = res.table.set_index("attribute")
    assert t.loc["wifi_connectivity_rating", "mean"] == pytest.approx(3.5394, abs=5e-5)  # 3.2907 with the 0s
    assert t.loc["wifi_connectivity_rating", "rank"] == 7 and t.loc["catering_rating", "rank"] == 1


def test_skytrax_lounge_zeros_move_the_penalty_reward_bands(shared):
    before = _lounge(shared)
    with pytest.warns(ScaleWarning):
        raw = cx.satisfaction.penalty_reward(before, "overall_rating", LOUNGE)
    res = cx.satisfaction.penalty_reward(before, "overall_rating", LOUNGE, missing_codes=[0])
    # the 0s stretch the inferred scale to 0-5, so the low band shrinks to 0-1 instead of 1-2
    assert (raw.scale, raw.low, res.scale, res.low) == ((0.0, 5.0), "<= 1", (1.0, 5.0), "<= 2")
    assert raw.r2 == pytest.approx(0.8972, abs=5e-5) and res.r2 == pytest.approx(0.8894, abs=5e-5)
    assert raw.table.set_index("attribute").loc["staff_service_rating", "factor"] == "excitement"
    assert res.table.set_index("attribute").loc["staff_service_rating", "factor"] == "performance"
    declared = cx.satisfaction.penalty_reward(before, "overall_rating", LOUNGE, missing_codes=[0], scale=(1, 5))
    pd.testing.assert_frame_equal(declared.table, res.table)


# ---------------------------------------------------------------------------------------
# Codes, not customers: only known codes standing apart from the scale are called codes
# ---------------------------------------------------------------------------------------

def _ratings(rng, top, n=400, low=1):
    """Ratings on low..top, every point answered at least once."""
    return np.concatenate([np.arange(low, top + 1), rng.integers(low, top + 1, n)]).astype(float)


def _warned(df, columns):
    """The ScaleWarning messages of `moments` on ``columns`` (no scale declared)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cx.satisfaction.moments(df, columns)
    return [str(w.message) for w in caught if issubclass(w.category, ScaleWarning)]


def test_a_gap_inside_the_scale_is_not_a_code(rng):
    # the real-survey shapes: on 1-7, three 1s and no 2s; on 1-10, a few 1s and no 2s or 3s. Those are the most
    # dissatisfied customers; the old rule (a gap wider than any other) called the 1s a code and suggested
    # missing_codes=[1], deleting them.
    seven = rng.integers(3, 8, 300).astype(float)
    seven[[5, 50, 150]] = 1
    ten = rng.integers(4, 11, 300).astype(float)
    ten[[7, 70]] = 1
    df = pd.DataFrame({"seven": seven, "ten": ten, "other": rng.integers(1, 8, 300)})
    assert sorted(set(seven)) == [1, 3, 4, 5, 6, 7] and sorted(set(ten)) == [1, 4, 5, 6, 7, 8, 9, 10]
    assert apart_values(seven) == [] and apart_values(ten) == []
    assert _warned(df, ["other", "seven", "ten"]) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScaleWarning)
        cx.satisfaction.drivers(df, "other", ["seven", "ten"])


@pytest.mark.parametrize("top, code, why", [
    (5, 0, "a 1-5 scale has no 0, a common code for 'not applicable'"),
    (5, 6, "one point past the top of a 1-5 scale, where questionnaires often put 'not applicable' (on a 1-6 "
           "scale it would be the top rating)"),
    (7, 8, "one point past the top of a 1-7 scale"),
    (5, 9, "a common not-applicable code standing apart from the 1-5 answers"),
    (7, 9, "a common not-applicable code standing apart from the 1-7 answers"),
    (5, 99, "a common not-applicable code standing apart from the 1-5 answers"),
    (7, 99, "a common not-applicable code standing apart from the 1-7 answers"),
    (10, 98, "a common not-applicable code standing apart from the 1-10 answers"),
    (10, 99, "a common not-applicable code standing apart from the 1-10 answers"),
    (5, -1, "a negative number, a common missing-value code, under the 1-5 answers"),
    (10, -9, "a negative number, a common missing-value code, under the 1-10 answers"),
])
def test_known_codes_are_warned_naming_the_value_its_count_and_why(rng, top, code, why):
    x = _ratings(rng, top)
    x[[30, 60, 300]] = code  # three answers coded; 1..top still answered at positions 0..top-1
    df = pd.DataFrame({"x": x})
    side = "above" if code > top else "below"
    (msg,) = _warned(df, ["x"])
    assert f"'x': {code} (3 answers, {side} the other answers, 1-{top}): {why}" in msg
    assert f"missing_codes=[{code}]" in msg
    with warnings.catch_warnings():  # declaring the codes or the scale silences the advice
        warnings.simplefilter("error", ScaleWarning)
        cx.satisfaction.moments(df, ["x"], missing_codes=[code])
        cx.satisfaction.drivers(df.assign(y=x), "y", ["x"], scale=(min(code, 1), max(code, top)),
                                outcome_scale=(min(code, 1), max(code, top)))


def test_eleven_on_a_zero_to_ten_scale_is_a_code_and_the_zero_is_a_rating(rng):
    x = _ratings(rng, 10, low=0)
    x[[20, 40]] = 11
    assert apart_values(x) == [(11.0, 2, 0.0, 10.0)]  # 0-10 (NPS): 0 is the lowest rating, never a code
    (msg,) = _warned(pd.DataFrame({"nps": x}), ["nps"])
    assert "'nps': 11 (2 answers, above the other answers, 0-10): one point past the top of a 0-10 scale" in msg
    assert "missing_codes=[11]" in msg and "missing_codes=[0" not in msg


@pytest.mark.parametrize("values, flagged", [
    (list(range(1, 10)), []),                           # 1-9 (LibQUAL+): 9 is its top rating
    ([1, 2, 3, 4, 5, 6, 7, 9], [9]),                    # 9 apart from 1-7
    ([1, 2, 3, 4, 5, 98, 99], [99, 98]),                # two codes above
    ([1, 2, 3, 4, 5, 6, 99], [99, 6]),                  # both a far and a near code
    ([-99, -9, 1, 2, 3, 4, 5], [-9, -99]),
    ([-1] + list(range(0, 11)), [-1]),                  # -1 under 0-10
    ([1, 2, 3, 4, 5, 999], [999]),
    ([1, 3, 4, 5, 6, 7, 8, 9, 10], []),                 # a 1 with no 2 on 1-10
    ([1, 2, 3, 4, 5, 10], []),                          # 10 is no common code
    ([2, 3, 4, 5, 0], []),                              # 0 under 2-5: no 1s, so no 1-5 scale to stand apart from
    ([-2, -1, 0, 1, 2], []),                            # a -2..2 scale: -1 is a rating
])
def test_more_shapes(values, flagged):
    assert [v for v, *_ in apart_values(np.array(values, dtype=float))] == flagged


def test_a_code_given_as_text_for_columns_of_numbers_is_refused_with_the_number_to_pass():
    """Found by an independent probe: missing_codes='99' matched nothing in numeric columns, without a word."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"overall": rng.integers(1, 6, 300), "a": rng.integers(1, 6, 300), "b": rng.integers(1, 6, 300)})
    df.loc[:5, "a"] = 99
    with pytest.raises(CXInputError, match=r"`missing_codes` must be codes of the columns' type; got text \['99'\]\. "
                                           r"Column\(s\) \['overall', 'a', 'b'\] hold numbers.*missing_codes=\[99\]"):
        cx.satisfaction.drivers(df, "overall", ["a", "b"], missing_codes="99")
    # the number is read; and a text column that holds '99' is served by the text code
    assert cx.satisfaction.drivers(df, "overall", ["a", "b"], missing_codes=99).rows.recoded == {"a": 6}
    as_text = cx.satisfaction.drivers(df.astype({"a": str}), "overall", ["a", "b"], missing_codes="99")
    assert as_text.rows.recoded == {"a": 6} and as_text.rows.n_used == 294
