"""Peak-end analysis: features by hand, recovery of known weights, identities, bad input."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import cxresearch as cx
from cxresearch.errors import CXInputError

STEPS = {"arrival": {"mean": 7.5}, "queue": {"mean": 6.0}, "greeting": {"mean": 8.0, "share": 0.6},
         "counter": {"mean": 7.5}, "advice": {"mean": 7.0, "share": 0.4}, "farewell": {"mean": 8.0, "share": 0.7}}


def _visits(n=400, seed=1, **kw):
    data, _ = cx.simulate.journeys(STEPS, n, random_state=seed, **kw)
    return data


def test_features_by_hand_in_step_order():
    # rows deliberately out of order, steps given as timestamps (text)
    df = pd.DataFrame({
        "journey": ["a", "a", "a", "b", "b", "b", "b"],
        "step": ["2026-01-05 09:30", "2026-01-05 09:10", "2026-01-05 09:20",
                 "2026-01-05 10:20", "2026-01-05 10:05", "2026-01-05 10:40", "2026-01-05 10:10"],
        "rating": [9, 4, 6, 5, 8, 7, 2],
        "retrospective": [7, 7, 7, 5, 5, 5, 5],
    })
    found = cx.journey.journey_features(df, "journey", "step", "rating", "retrospective")
    f, steps, rows = found.table, found.steps, found.rows
    a, b = f.set_index("journey").loc["a"], f.set_index("journey").loc["b"]
    # a in time order: 4, 6, 9; b: 8 (10:05), 2 (10:10), 5 (10:20), 7 (10:40)
    assert (a["first"], a["peak"], a["trough"], a["end"], a["mean"], a["steps"]) == (4, 9, 4, 9, 19 / 3, 3)
    assert (b["first"], b["peak"], b["trough"], b["end"], b["mean"], b["steps"]) == (8, 8, 2, 7, 5.5, 4)
    assert (steps.n_in, steps.n_used, rows.n_in, rows.n_used) == (7, 7, 2, 2)
    # real datetimes (with a missing one, counted) order the same way
    timed = df.copy()  # pandas 2.2 warns when a NaT row is added to a datetime column: add it as text
    timed.loc[7] = ["b", None, 3, 5]
    timed["step"] = pd.to_datetime(timed["step"])
    found = cx.journey.journey_features(timed, "journey", "step", "rating", "retrospective")
    g, steps = found.table, found.steps
    pd.testing.assert_frame_equal(g, f)
    assert steps.excluded == {"step order missing": 1}
    # step numbers stored as text order the same way
    numbered = df.assign(step=["3", "1", "2", "3", "1", "4", "2"])
    g = cx.journey.journey_features(numbered, "journey", "step", "rating", "retrospective").table
    pd.testing.assert_frame_equal(g, f)
    with pytest.raises(CXInputError, match="Column 'step': 1 row\\(s\\) with values that are not step numbers: 'soon' \\(1 row\\); first row positions: 2"):
        cx.journey.journey_features(df.assign(step=["1", "2", "soon", "1", "2", "3", "4"]), "journey", "step",
                                    "rating", "retrospective")


def test_recovers_known_weights_and_duration_neglect():
    truth = cx.simulate.PEAK_END
    res = cx.journey.peak_end(_visits(20000, seed=3))
    t = res.table.set_index("term")
    for term in ["peak", "trough", "end", "mean"]:
        assert t.loc[term, "estimate"] == pytest.approx(truth[term], abs=0.03), term
    assert abs(t.loc["first", "estimate"]) < 0.02 and abs(t.loc["length", "estimate"]) < 0.02
    tests = res.tests.set_index("test")["p_value"]
    assert tests["moments beyond the mean"] < 1e-10 and tests["end effect"] < 1e-10
    # the trough-end average beats the plain mean as a single summary, as the generator says
    r2 = res.fits.set_index("model")["r2"]
    assert r2["trough_end"] > r2["mean"] and r2["full"] >= r2.drop("full").max()


def test_length_effect_is_found_when_it_exists():
    # a lower intercept keeps the longer visits off the 10-point ceiling (which would blunt the effect)
    res = cx.journey.peak_end(_visits(5000, seed=4, coefficients={"steps": 0.4, "intercept": -0.8}))
    assert res.table.set_index("term").loc["length", "estimate"] == pytest.approx(0.4, abs=0.05)
    assert res.tests.set_index("test").loc["duration neglect", "p_value"] < 1e-6


def test_models_are_plain_regressions_on_the_features():
    res = cx.journey.peak_end(_visits())
    f = res.journeys
    ref = smf.ols("retrospective ~ first + peak + trough + end + mean + length", data=f).fit()
    np.testing.assert_allclose(res.table["estimate"], ref.params.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(res.table["se"], ref.bse.to_numpy(), rtol=1e-9)
    r2 = res.fits.set_index("model")["r2"]
    assert r2["mean"] == pytest.approx(np.corrcoef(f["mean"], f["retrospective"])[0, 1] ** 2, rel=1e-9)
    pe = (f["peak"] + f["end"]) / 2
    assert r2["peak_end"] == pytest.approx(np.corrcoef(pe, f["retrospective"])[0, 1] ** 2, rel=1e-9)
    # F of "end effect" (one restriction) is the square of end's t statistic
    t_end = res.table.set_index("term").loc["end", "t"]
    assert res.tests.set_index("test").loc["end effect", "F"] == pytest.approx(t_end**2, rel=1e-9)


def test_duration_column_replaces_the_step_count():
    df = _visits(600, seed=5)
    minutes = {j: 10 + 7 * (j % 5) for j in df["journey"].unique()}
    df["minutes"] = df["journey"].map(minutes)
    res = cx.journey.peak_end(df, duration="minutes")
    assert (res.journeys["length"] == res.journeys["journey"].map(minutes)).all()
    assert res.length == "'minutes' (minutes)"
    # a Timedelta column is read in minutes (12 minutes is 12.0, not 7.2e11 ns): the same fit as the numbers
    waits = cx.journey.peak_end(df.assign(minutes=pd.to_timedelta(df["minutes"], unit="min")), duration="minutes")
    assert (waits.journeys["length"] == res.journeys["length"]).all()
    assert waits.table.set_index("term").loc["length", "estimate"] == pytest.approx(
        res.table.set_index("term").loc["length", "estimate"], rel=1e-12)
    hours = cx.journey.peak_end(df.assign(minutes=pd.to_timedelta(df["minutes"], unit="min")), duration="minutes",
                                duration_unit="hours")
    np.testing.assert_allclose(hours.journeys["length"] * 60, res.journeys["length"], rtol=1e-12)  # in hours
    df.loc[0, "minutes"] = 99  # not one value per journey any more
    with pytest.raises(CXInputError, match="'minutes' must hold one duration per journey.*1 journey"):
        cx.journey.peak_end(df, duration="minutes")


def test_left_out_steps_and_journeys_are_counted():
    df = _visits(300, seed=6)
    first_rows = df.groupby("journey").head(1).index
    df.loc[first_rows[:2], "rating"] = np.nan                      # 2 steps without a rating
    two = df["journey"].isin(df.groupby("journey").size().loc[lambda s: s == 3].index[:1])
    df = df[~two | (df.groupby("journey").cumcount() == 0)]       # one journey left with 1 step
    df.loc[df["journey"] == df["journey"].iloc[-1], "retrospective"] = np.nan  # retrospective missing
    res = cx.journey.peak_end(df)
    assert res.steps.excluded == {"step rating missing": 2}
    assert res.rows.excluded == {"retrospective missing": 1, "fewer than 2 rated steps": 1}
    assert res.rows.n_in == 300 and res.rows.n_used == 298
    assert "300 journeys in, 298 used" in res._repr_html_()


def test_bad_input_is_named():
    df = _visits(50, seed=7)
    df.loc[3, "retrospective"] = df.loc[3, "retrospective"] % 10 + 1  # differs from its journey's other rows
    journey = df.loc[3, "journey"]
    with pytest.raises(CXInputError, match=f"'retrospective' must hold one retrospective rating per journey.*{journey}"):
        cx.journey.peak_end(df)
    df = _visits(50, seed=7)
    df.loc[4, "step"] = df.loc[5, "step"] if df.loc[4, "journey"] == df.loc[5, "journey"] else df.loc[3, "step"]
    with pytest.raises(CXInputError, match="repeat a step of their journey"):
        cx.journey.peak_end(df)
    df = _visits(50, seed=7).astype({"rating": object})
    df.loc[[2, 9], "rating"] = "great"
    with pytest.raises(CXInputError, match=r"Column 'rating'.*'great' \(2 rows\); first row positions: 2, 9"):
        cx.journey.peak_end(df)
    two_steps, _ = cx.simulate.journeys({"queue": {"mean": 6}, "counter": {"mean": 8}}, 100, random_state=1)
    with pytest.raises(CXInputError, match="perfectly collinear"):
        cx.journey.peak_end(two_steps)


def test_same_length_journeys_leave_length_out_with_a_note():
    steps = {"queue": {"mean": 6}, "counter": {"mean": 8}, "farewell": {"mean": 8}}
    data, _ = cx.simulate.journeys(steps, 300, random_state=2)
    res = cx.journey.peak_end(data)
    assert "length" not in set(res.table["term"]) and "duration neglect" not in set(res.tests["test"])
    assert "duration neglect cannot be tested" in repr(res)


def test_plots():
    res = cx.journey.peak_end(cx.load_dataset("branch_journeys"))
    assert len(res.plot().axes[0].patches) == 6
    assert len(res.plot(kind="models").axes[0].patches) == 5


def test_journey_features_is_a_result_and_the_old_tuple_still_unpacks_with_a_warning():
    df = pd.DataFrame({"journey": [1, 1, 1, 2, 2], "step": [1, 2, 3, 1, 2], "rating": [3, 8, 7, 5, 5],
                       "retrospective": [6, 6, 6, 5, 5]})
    found = cx.journey.journey_features(df)
    # journey 1: ratings 3, 8, 7 -> first 3, peak 8, trough 3, end 7, mean 6; journey 2: 5, 5
    assert found.table[["first", "peak", "trough", "end", "mean"]].values.tolist() == [[3, 8, 3, 7, 6], [5, 5, 5, 5, 5]]
    assert (found.rows.n_in, found.rows.n_used, found.steps.n_in) == (2, 2, 5)
    with pytest.warns(FutureWarning, match="use .table, .steps and .rows"):
        feats, steps, rows = found
    assert feats is found.table and steps is found.steps and rows is found.rows


def test_step_times_are_read_by_the_one_time_reader():
    base = pd.DataFrame({"journey": [1, 1, 1, 2, 2], "rating": [3, 8, 7, 5, 6], "retrospective": [6, 6, 6, 5, 5]})
    stamps = ["2024-03-01 10:00", "2024-03-01 10:05", "2024-03-01 10:20", "2024-03-02 09:00", "2024-03-02 09:30"]
    numbered = cx.journey.journey_features(base.assign(step=[1, 2, 3, 1, 2])).table
    timed = cx.journey.journey_features(base.assign(step=stamps)).table
    pd.testing.assert_frame_equal(numbered, timed)
    ambiguous = ["01/02/2024", "03/02/2024", "05/02/2024", "01/02/2024", "02/02/2024"]  # day or month first?
    with pytest.raises(CXInputError, match=r"Column 'step'.*format="):
        cx.journey.journey_features(base.assign(step=ambiguous))
