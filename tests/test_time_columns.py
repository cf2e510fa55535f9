"""Time columns of every kind (cxresearch/_core/time.py), through dropoff.detect and dropoff.from_ratings.

Identities: each kind of time column (Period, quarter text in three spellings, month text,
ISO dates, tz-aware datetimes, mixed UTC offsets) gives the same detect / from_ratings
statistics as the equivalent integer waves (slopes per step of the time axis: a shift of the
axis changes no slope and no p-value), and shows the waves as the user gave them. Refusals:
day/month text that reads both ways, named with the fix. Row accounting: answers without a
wave are counted. Durations: a Timedelta of 3 minutes is 3.0.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.time import read_duration, read_time
from cxresearch.errors import CXInputError, InputWarning, KanoInputError

STATS = ["odds_ratio", "p_value", "m_share_slope", "better_slope", "worse_slope", "changepoint_p"]
RATING_STATS = ["penalty_slope", "reward_slope", "asymmetry_slope", "p_value", "changepoint_p"]
SPEC = {"wifi": {"penalty": (-0.1, -1.2), "reward": (1.2, 0.1), "experience": 3.0},
        "staff": {"penalty": -0.6, "reward": 0.6, "experience": (2.8, 3.6)}}


def _no_warnings(fn, *args, **kwargs):
    """Call ``fn`` and fail on any warning (pandas' FutureWarning / UserWarning included)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    assert [str(w.message) for w in caught] == []
    return out


@pytest.fixture(scope="module")
def responses():
    """Five waves 1..5: one drop-off with a step at wave 3, one stable attribute."""
    answers, _ = cx.simulate.kano_waves(
        ["sms", "queue"], 5, 300,
        {"sms": cx.simulate.step({"A": .7, "I": .3}, {"M": .5, "I": .3, "A": .2}, at=3),
         "queue": cx.simulate.stable({"M": .7, "O": .2, "I": .1})}, random_state=1)
    return cx.kano.code(answers)


def _quarters(wave: pd.Series) -> list:
    """Wave k -> the k-th quarter from 2019Q3 (crossing a year: 2019Q3 .. 2020Q3)."""
    return [pd.Period(year=2019 + (k + 1) // 4, quarter=(k + 1) % 4 + 1, freq="Q") for k in wave.to_numpy()]


def test_period_waves_equal_integer_waves_and_show_as_periods(responses):
    base = cx.dropoff.detect(responses)
    per = _no_warnings(cx.dropoff.detect, responses.assign(wave=pd.Series(_quarters(responses["wave"]),
                                                                            index=responses.index)))
    # one quarter per wave: the same slopes and tests (the axis is only shifted)
    pd.testing.assert_frame_equal(per.table[STATS], base.table[STATS], rtol=1e-9)
    sms = per.table.set_index("attribute").loc["sms"]
    # wave 1 -> 2019Q3, wave 5 -> 2020Q3; the change point at wave 4 -> 2020Q2
    assert (str(sms["first_wave"]), str(sms["last_wave"])) == ("2019Q3", "2020Q3")
    assert base.table.loc[0, "changepoint"] == 4.0 and str(sms["changepoint"]) == "2020Q2"
    assert [str(p) for p in per.shares["wave"].unique()] == ["2019Q3", "2019Q4", "2020Q1", "2020Q2", "2020Q3"]
    assert per.time_unit == "1 quarter"


@pytest.mark.parametrize("spell", ["{y}Q{q}", "{y}-Q{q}", "{y} Q{q}", "Q{q} {y}", "{y}q{q}"])
def test_quarter_text_is_read_as_periods_without_warnings(responses, spell):
    quarters = _quarters(responses["wave"])
    text = [spell.format(y=p.year, q=p.quarter) for p in quarters]
    res = _no_warnings(cx.dropoff.detect, responses.assign(wave=text))
    base = cx.dropoff.detect(responses)
    pd.testing.assert_frame_equal(res.table[STATS], base.table[STATS], rtol=1e-9)
    assert str(res.table.loc[0, "changepoint"]) == "2020Q2"  # wave 4


def test_mixed_quarter_spellings_in_one_column(responses):
    spells = ["{y}Q{q}", "{y}-Q{q}", "{y} Q{q}"]
    text = [spells[i % 3].format(y=p.year, q=p.quarter) for i, p in enumerate(_quarters(responses["wave"]))]
    res = _no_warnings(cx.dropoff.detect, responses.assign(wave=text))
    assert res.shares["wave"].nunique() == 5


def test_month_text_and_month_periods(responses):
    months = pd.Series([f"2021-{k + 9:02d}" if k <= 3 else f"2022-{k - 3:02d}" for k in responses["wave"]])
    # wave 1..5 -> 2021-10, 2021-11, 2021-12, 2022-01, 2022-02: consecutive months
    res = _no_warnings(cx.dropoff.detect, responses.assign(wave=months.to_numpy()))
    base = cx.dropoff.detect(responses)
    pd.testing.assert_frame_equal(res.table[STATS], base.table[STATS], rtol=1e-9)
    assert str(res.table.loc[0, "changepoint"]) == "2022-01" and res.time_unit == "1 month"  # wave 4


def test_iso_text_datetimes_and_tz_aware_dates_agree(responses):
    day = {1: "2020-01-15", 2: "2020-04-15", 3: "2020-09-01", 4: "2021-01-15", 5: "2021-06-30"}
    text = responses.assign(wave=responses["wave"].map(day))
    stamps = text.assign(wave=pd.to_datetime(text["wave"]))
    aware = stamps.assign(wave=stamps["wave"].dt.tz_localize("Europe/Paris"))
    a, b, c = (_no_warnings(cx.dropoff.detect, d) for d in (text, stamps, aware))
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(c.table, b.table)  # local wall time kept: the same dates
    assert b.table.loc[0, "changepoint"] == pd.Timestamp("2021-01-15") and b.time_unit == "year"  # wave 4


def test_mixed_utc_offsets_are_converted_to_utc_with_a_warning(responses):
    # summer and winter time in one column: +02:00 and +01:00. 2020-07-01T01:00+02:00 is 2020-06-30 23:00 UTC.
    local = {1: "2020-01-15T12:00+01:00", 2: "2020-07-01T01:00+02:00", 3: "2021-01-15T12:00+01:00",
             4: "2021-07-01T12:00+02:00", 5: "2022-01-15T12:00+01:00"}
    utc = {1: "2020-01-15 11:00", 2: "2020-06-30 23:00", 3: "2021-01-15 11:00", 4: "2021-07-01 10:00",
           5: "2022-01-15 11:00"}
    with pytest.warns(InputWarning, match=r"Column 'wave': times with different UTC offsets \(\+0100, \+0200\) "
                                          r"converted to UTC"):
        mixed = cx.dropoff.detect(responses.assign(wave=responses["wave"].map(local)))
    same = cx.dropoff.detect(responses.assign(wave=pd.to_datetime(responses["wave"].map(utc))))
    pd.testing.assert_frame_equal(mixed.table, same.table)
    axis = read_time(pd.Series(list(local.values())), "wave", warn_notes=False)
    assert str(axis.labels[1]) == "2020-06-30 23:00:00" and "converted to UTC" in axis.notes[0]


def test_ambiguous_day_month_text_is_refused_naming_values_and_fix(responses):
    # 13/03/2020 says day first, but 01/02/2020 and 02/03/2020 read both ways (600 answers a wave: 2 x 300)
    day = {1: "01/02/2020", 2: "02/03/2020", 3: "13/03/2020", 4: "14/04/2020", 5: "15/05/2020"}
    with pytest.raises(KanoInputError, match=r"Column 'wave': 1200 row\(s\) .*'01/02/2020' \(600 rows\), "
                                             r"'02/03/2020' \(600 rows\); first row positions: .*day first.*"
                                             r"pd.to_datetime\(df\['wave'\], format='%d/%m/%Y'\)"):
        cx.dropoff.detect(responses.assign(wave=responses["wave"].map(day)))
    with pytest.raises(CXInputError, match=r"'13/03/2020' \(1 row\), '03/14/2020' \(1 row\).*day first and "
                                           r"others the month first"):
        read_time(pd.Series(["13/03/2020", "03/14/2020", "05/05/2020"]), "date")


def test_unambiguous_day_month_text_is_read_one_way(responses):
    # every day above 12: day first, read that way for the whole column
    day = {1: "13/01/2020", 2: "14/03/2020", 3: "15/06/2020", 4: "16/09/2020", 5: "17/12/2020"}
    res = cx.dropoff.detect(responses.assign(wave=responses["wave"].map(day)))
    assert res.table.loc[0, "first_wave"] == pd.Timestamp("2020-01-13")
    assert res.table.loc[0, "changepoint"] == pd.Timestamp("2020-09-16")  # wave 4


def test_answers_without_a_wave_are_counted_not_dropped(responses):
    holes = responses.assign(wave=responses["wave"].astype("Float64"))
    holes.loc[holes.index[::50], "wave"] = pd.NA
    res = cx.dropoff.detect(holes)
    kept = cx.dropoff.detect(holes.dropna(subset=["wave"]).astype({"wave": int}))
    n_missing = int(holes["wave"].isna().sum())
    assert res.rows.excluded["missing wave"] == n_missing and res.rows.n_in == len(holes)
    pd.testing.assert_frame_equal(res.table[STATS], kept.table[STATS])


def test_ordered_categorical_waves_are_labels_in_order(responses):
    names = ["spring", "summer", "autumn", "winter", "spring 2"]
    waves = pd.Categorical.from_codes(responses["wave"].to_numpy() - 1, categories=names, ordered=True)
    res = cx.dropoff.detect(responses.assign(wave=waves))
    base = cx.dropoff.detect(responses)
    pd.testing.assert_frame_equal(res.table[STATS], base.table[STATS], rtol=1e-9)
    assert res.table.loc[0, "changepoint"] == "winter" and res.time_unit == "1 period"  # wave 4


def test_timedelta_waves_are_days(responses):
    base = cx.dropoff.detect(responses)
    weeks = _no_warnings(cx.dropoff.detect, responses.assign(wave=pd.to_timedelta(responses["wave"] * 7, unit="D")))
    # one wave = 7 days: the odds ratio per day is the 7th root of the odds ratio per wave; the tests are the same
    np.testing.assert_allclose(weeks.table["odds_ratio"], base.table["odds_ratio"] ** (1 / 7), rtol=1e-9)
    np.testing.assert_allclose(weeks.table["p_value"], base.table["p_value"], rtol=1e-9)
    assert weeks.table.loc[0, "changepoint"] == pd.Timedelta(days=28) and weeks.time_unit == "1 day"


@pytest.mark.parametrize("kind", ["period", "label", "timedelta"])
def test_results_with_shown_waves_still_plot_and_plan(responses, kind):
    waves = {"period": pd.Series(_quarters(responses["wave"]), index=responses.index),
             "label": pd.Categorical.from_codes(responses["wave"].to_numpy() - 1, categories=list("abcde"),
                                                ordered=True),
             "timedelta": pd.to_timedelta(responses["wave"] * 7, unit="D")}[kind]
    shown = cx.dropoff.detect(responses.assign(wave=waves))
    assert shown.plot(kind="shares") is not None and shown.plot(kind="arrows") is not None
    latest = cx.kano.analyze(responses[responses["wave"] == 5])
    plan = cx.kano.service_plan(latest, dropoff=shown)
    base = cx.kano.service_plan(latest, dropoff=cx.dropoff.detect(responses))
    # the Cochran-Armitage trend of |Worse| does not depend on how the waves are labelled (a linear map of 1..5)
    assert plan["worse_trend"].tolist() == base["worse_trend"].tolist()
    np.testing.assert_allclose(plan["worse_trend_p"], base["worse_trend_p"], rtol=1e-9)


# --- from_ratings: periods ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def tracker():
    data, _ = cx.simulate.rating_tracker(SPEC, periods=5, n=300, random_state=3)
    return data


def test_from_ratings_period_column_equals_integer_periods(tracker):
    base = cx.dropoff.from_ratings(tracker, "overall", list(SPEC), time="year")
    quarters = [pd.Period(year=2020 + (y - 2020 + 3) // 4, quarter=(y - 2020 + 3) % 4 + 1, freq="Q")
                for y in tracker["year"]]  # 2020 -> 2020Q4, 2021 -> 2021Q1, ... consecutive quarters
    per = _no_warnings(cx.dropoff.from_ratings, tracker.assign(year=pd.Series(quarters, index=tracker.index)),
                       "overall", list(SPEC), time="year")
    pd.testing.assert_frame_equal(per.table[RATING_STATS], base.table[RATING_STATS], rtol=1e-9)
    assert [str(p) for p in per.periods["period"].unique()] == ["2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4"]
    assert str(per.table.loc[0, "first_period"]) == "2020Q4" and per.time_unit == "quarter"
    text = _no_warnings(cx.dropoff.from_ratings, tracker.assign(year=[f"{p.year}-Q{p.quarter}" for p in quarters]),
                        "overall", list(SPEC), time="year")
    pd.testing.assert_frame_equal(text.table, per.table)


def test_from_ratings_periods_binned_by_calendar_and_missing_counted(tracker):
    months = tracker.assign(month=pd.to_datetime(tracker["date"]).dt.to_period("M"))
    by_month = cx.dropoff.from_ratings(months, "overall", list(SPEC), time="month", bins="year")
    by_date = cx.dropoff.from_ratings(tracker, "overall", list(SPEC), time="date", bins="year")
    # a monthly Period binned into calendar years: the years of the dates (each month inside one year)
    pd.testing.assert_frame_equal(by_month.table[RATING_STATS], by_date.table[RATING_STATS], rtol=1e-9)
    holes = months.astype({"month": object})
    holes.loc[holes.index[:7], "month"] = None
    res = cx.dropoff.from_ratings(holes, "overall", list(SPEC), time="month", bins="year")
    assert res.rows.excluded["time missing"] == 7


# --- durations ---------------------------------------------------------------------------------

def test_timedelta_is_read_in_minutes():
    values, converted = read_duration(pd.Series([pd.Timedelta(minutes=3), pd.Timedelta(seconds=90), pd.NaT]), "w")
    assert converted and values.iloc[0] == 3.0 and values.iloc[1] == 1.5 and np.isnan(values.iloc[2])
    hours, _ = read_duration(pd.Series([pd.Timedelta(minutes=3)]), "w", "hours")
    assert hours.iloc[0] == pytest.approx(0.05)
    with pytest.raises(CXInputError, match=r"`duration_unit` must be one of \['seconds', 'minutes', 'hours', "
                                           r"'days'\]; got 'min'"):
        read_duration(pd.Series([pd.Timedelta(minutes=3)]), "w", "min")
