"""`dropoff.from_ratings`: drift of penalty and reward in ordinary ratings.

Identities (statsmodels' WLS with HC1 on the same model; the per-period tables equal
`penalty_reward` by period; integer weights equal replicated rows), recovery from seeded
trackers with known truth (size on stable attributes, power on an excitement -> basic path,
the change point of a step, the forecast from the trend lines), the period rules, the row
accounting, bad input, and the Skytrax reviews (skipped without ../shared).
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import cxresearch as cx
from cxresearch._core.stats import adjust_pvalues
from cxresearch.dropoff._rating_model import asymmetry_test, columns, design, fit
from cxresearch._core.bands import dummy_rows
from cxresearch.errors import CXInputError, ScaleWarning, ThinDataWarning

SPEC = {"wifi": {"penalty": (-0.1, -1.2), "reward": (1.2, 0.1), "experience": 3.0},
        "staff": {"penalty": -0.6, "reward": 0.6, "experience": (2.8, 3.6)},
        "food": {"penalty": -0.3, "reward": (0.2, 0.9), "experience": 2.8}}


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def tracker():
    data, truth = cx.simulate.rating_tracker(SPEC, periods=5, n=300, random_state=3)
    data["w"] = np.random.default_rng(0).uniform(0.5, 2, len(data))
    return data, truth


@pytest.mark.parametrize("weights", [None, "w"])
def test_equals_statsmodels_wls_with_hc1_on_the_same_model(tracker, weights):
    data, _ = tracker
    res = _quiet(cx.dropoff.from_ratings, data, "overall", list(SPEC), time="year", weights=weights)
    # the model by hand: year dummies, band dummies (<= 2, >= 4) and their products with the centred year
    t = data["year"].to_numpy(float)
    w = np.ones(len(data)) if weights is None else data["w"].to_numpy()
    X = pd.get_dummies(data["year"].astype(str), dtype=float).add_prefix("y")
    for a in SPEC:
        X[a + "_L"], X[a + "_H"] = (data[a] <= 2).astype(float), (data[a] >= 4).astype(float)
    for a in SPEC:
        X[a + "_Lt"] = X[a + "_L"] * (t - (w * t).sum() / w.sum())
        X[a + "_Ht"] = X[a + "_H"] * (t - (w * t).sum() / w.sum())
    ref = sm.WLS(data["overall"].astype(float), X, weights=w).fit(cov_type="HC1")
    table = res.table.set_index("attribute")
    for a in SPEC:
        contrast = ref.t_test(f"{a}_Lt + {a}_Ht")
        assert table.loc[a, "asymmetry_slope"] == pytest.approx(float(contrast.effect[0]), abs=1e-10)
        assert table.loc[a, "p_value"] == pytest.approx(float(contrast.pvalue), rel=1e-8)
        assert table.loc[a, "penalty_slope"] == pytest.approx(ref.params[a + "_Lt"], abs=1e-10)
        assert table.loc[a, "reward_slope_p"] == pytest.approx(ref.pvalues[a + "_Ht"], rel=1e-8)
        lo, hi = np.asarray(contrast.conf_int(alpha=0.05))[0]
        assert (table.loc[a, "asymmetry_slope_ci_low"], table.loc[a, "asymmetry_slope_ci_high"]) == \
            pytest.approx((lo, hi), abs=1e-10)


def test_per_period_tables_are_penalty_reward_by_period(tracker):
    data, _ = tracker
    res = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="year")
    ref = cx.satisfaction.penalty_reward(data, "overall", list(SPEC), by="year", scale=(1, 5), min_n=30)
    mine = res.periods.set_index(["period", "attribute"])
    theirs = ref.table.set_index(["year", "attribute"])
    for col in ("penalty", "penalty_ci_low", "reward", "reward_p", "asymmetry"):
        np.testing.assert_allclose(mine[col].to_numpy(float), theirs.loc[mine.index, col].to_numpy(float),
                                   atol=1e-10)
    assert (mine["factor"] == theirs.loc[mine.index, "factor"]).all()
    # the observed path is those factors in period order, repeats merged
    wifi = res.periods[res.periods["attribute"] == "wifi"]["factor"].tolist()
    merged = [f for i, f in enumerate(wifi) if i == 0 or f != wifi[i - 1]]
    assert res.table.set_index("attribute").loc["wifi", "path"] == " → ".join(merged)


def test_integer_weights_give_the_estimates_of_replicated_rows(tracker):
    data, _ = tracker
    data = data.assign(k=np.where(data["respondent"] % 3 == 0, 2, 1))
    weighted = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="year", weights="k")
    replicated = cx.dropoff.from_ratings(data.loc[data.index.repeat(data["k"])], "overall", list(SPEC), time="year")
    for col in ("penalty_slope", "reward_slope", "asymmetry_slope", "asymmetry_first", "asymmetry_last"):
        np.testing.assert_allclose(weighted.table[col], replicated.table[col], atol=1e-10)
    np.testing.assert_allclose(weighted.periods["penalty"], replicated.periods["penalty"], atol=1e-10)


def test_segments_are_fitted_on_their_own(tracker):
    data, _ = tracker
    data = data.assign(segment=np.where(data["respondent"] % 3 == 0, "new", "returning"))
    both = _quiet(cx.dropoff.from_ratings, data, "overall", list(SPEC), time="year", by="segment")
    assert both.table[["attribute", "segment"]].values.tolist() == \
        [[a, s] for a in SPEC for s in ("new", "returning")]  # attribute-major, as detect's table
    for seg in ("new", "returning"):
        alone = _quiet(cx.dropoff.from_ratings, data[data["segment"] == seg], "overall", list(SPEC), time="year")
        part = both.table[both.table["segment"] == seg].reset_index(drop=True)
        for col in ("asymmetry_slope", "p_value", "penalty_slope_p", "changepoint_p", "asymmetry_last"):
            np.testing.assert_allclose(part[col], alone.table[col], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(both.periods.loc[both.periods["segment"] == seg, "reward"],
                                   alone.periods["reward"], atol=1e-12)
    # Holm runs over all six rows
    np.testing.assert_allclose(both.table["p_adjusted"], adjust_pvalues(both.table["p_value"], "holm"))


def test_recovers_the_known_truth():
    data, truth = cx.simulate.rating_tracker(SPEC, periods=5, n=1000, random_state=8)
    res = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="date")
    table = res.table.set_index("attribute")
    # wifi: excitement -> performance -> basic on the true lines
    assert " → ".join(dict.fromkeys(truth.loc[truth["attribute"] == "wifi", "factor"])) == \
        "excitement → performance → basic"
    assert table.loc["wifi", "direction"] == "drop-off"
    assert table.loc["wifi", "fitted_path"] == "excitement → performance → basic"
    assert table.loc["wifi", "penalty_slope"] < 0 and table.loc["wifi", "reward_slope"] < 0
    # true slope of reward + penalty: (0.1 - 1.2 + (-1.2 + 0.1)) / 4 years = -0.55 a year, inside the interval
    assert table.loc["wifi", "asymmetry_slope_ci_low"] < -0.55 < table.loc["wifi", "asymmetry_slope_ci_high"]
    # staff: stable effects although its ratings climb every year (experience 2.8 -> 3.6)
    assert table.loc["staff", "direction"] == "stable"
    # food: reward grows, toward excitement
    assert table.loc["food", "direction"] == "rise" and table.loc["food", "must_be_status"] == ""
    assert res.rows.n_used == len(data) and res.time_unit == "year"


def test_changepoint_of_a_step_and_its_pattern():
    spec = {"lounge": {"penalty": (-0.2, -1.0), "reward": (1.0, 0.2), "experience": 3.0, "at": 3},
            "seat": {"penalty": -0.5, "reward": 0.5, "experience": 3.1}}
    data, truth = cx.simulate.rating_tracker(spec, periods=6, n=800, random_state=11)
    table = cx.dropoff.from_ratings(data, "overall", list(spec), time="year").table.set_index("attribute")
    assert table.loc["lounge", "changepoint"] == 2023  # period index 3 of 2020..2025
    assert table.loc["lounge", "pattern"] == "step"
    assert (table.loc["lounge", "factor_before"], table.loc["lounge", "factor_after"]) == ("excitement", "basic")
    assert table.loc["lounge", "changepoint_p"] < 1e-6
    assert np.isnan(table.loc["seat", "changepoint"]) and table.loc["seat", "pattern"] == ""


def test_forecast_is_where_the_trend_lines_cross_the_basic_threshold():
    spec = {"app": {"penalty": (-0.1, -0.4), "reward": (1.0, 0.6), "experience": 3.0},
            "desk": {"penalty": -0.5, "reward": 0.5, "experience": 3.0}}
    data, _ = cx.simulate.rating_tracker(spec, periods=6, n=2000, random_state=5)
    res = cx.dropoff.from_ratings(data, "overall", list(spec), time="year")
    row = res.table.set_index("attribute").loc["app"]
    assert row["direction"] == "drop-off" and row["must_be_status"] == "projected"
    # closed form from two points of the trend lines: basic when reward (1 - b) + penalty (1 + b) < 0, b = -0.2
    line = res.fitted[res.fitted["attribute"] == "app"]
    (t0, t1), (p0, p1), (r0, r1) = line["t"].iloc[[0, -1]], line["penalty"].iloc[[0, -1]], line["reward"].iloc[[0, -1]]
    f0, f1 = r0 * 1.2 + p0 * 0.8, r1 * 1.2 + p1 * 0.8
    crossing = t0 + f0 / (f0 - f1) * (t1 - t0)
    span = 5.0
    assert crossing > 2025 and row["must_be_forecast"] == pytest.approx(crossing, abs=span / 200 + 1e-9)


def _trend_pvalues(data: pd.DataFrame, names: list, reps: int, per_rep: int, periods: int):
    """The p-value and slope of the asymmetry trend per replication and attribute, through from_ratings' model.

    One generator call holds every replication (respondent i of a period is in replication i // per_rep);
    each replication is fitted by the functions from_ratings calls (`design`, `fit`, `asymmetry_test`).
    """
    D, _, _ = dummy_rows(data[names].to_numpy(float), None, None, (1.0, 5.0))
    y, year = data["overall"].to_numpy(float), data["year"].to_numpy()
    period = year - year.min()
    rep = (data["respondent"].to_numpy() - 1) % (reps * per_rep) // per_rep
    t = np.arange(periods, dtype=float)
    kinds = [("period", p) for p in range(periods)] + [(k, c) for k in ("main", "trend") for c in range(2 * len(names))]
    p, slope = np.empty((reps, len(names))), np.empty((reps, len(names)))
    for r in range(reps):
        rows = rep == r
        d = design(y[rows], D[rows], None, period[rows], t)
        f = fit(d, columns(d, kinds), robust=True)
        for j in range(len(names)):
            test = asymmetry_test(f, 2 * j, 2 * j + 1, 0.95)
            p[r, j], slope[r, j] = test["p_value"], test["asymmetry_slope"]
    return p, slope


REPS = 300


def test_size_on_stable_attributes():
    # three stable attributes (basic, performance, excitement), one whose ratings climb; 6 periods of 1,000
    spec = {"basic": {"penalty": -0.8, "reward": 0.1, "experience": 3.0},
            "performance": {"penalty": -0.5, "reward": 0.5, "experience": (2.8, 3.6)},
            "excitement": {"penalty": -0.1, "reward": 0.8, "experience": 2.9}}
    data, _ = cx.simulate.rating_tracker(spec, periods=6, n=1000 * REPS, random_state=2026)
    p, _ = _trend_pvalues(data, list(spec), REPS, 1000, 6)
    size = (p < 0.05).mean()
    assert 0.03 <= size <= 0.07, size  # measured: 0.044 (900 tests: 300 replications x 3 attributes)
    # the public function gives the same p-values on a replication
    first = data[(data["respondent"] - 1) % (1000 * REPS) < 1000]
    res = cx.dropoff.from_ratings(first, "overall", list(spec), time="year")
    np.testing.assert_allclose(res.table["p_value"], p[0], rtol=1e-9)


def test_power_on_an_excitement_to_basic_path():
    spec = {"app": {"penalty": (-0.3, -0.6), "reward": (0.6, 0.3), "experience": 3.0},
            "desk": {"penalty": -0.5, "reward": 0.5, "experience": 3.1},
            "fees": {"penalty": -0.7, "reward": 0.2, "experience": 3.0}}
    data, truth = cx.simulate.rating_tracker(spec, periods=6, n=1000 * REPS, random_state=2027)
    app = truth[truth["attribute"] == "app"]["factor"]
    assert (app.iloc[0], app.iloc[-1]) == ("excitement", "basic")
    p, slope = _trend_pvalues(data, list(spec), REPS, 1000, 6)
    adjusted = np.vstack([adjust_pvalues(row, "holm") for row in p])  # as from_ratings adjusts its table
    power = ((adjusted[:, 0] < 0.05) & (slope[:, 0] < 0)).mean()
    assert power >= 0.8, power  # measured: 0.90 (0.96 before the Holm adjustment)
    assert ((adjusted[:, 1:] < 0.05).mean()) <= 0.07  # the stable ones beside it


@pytest.mark.filterwarnings("ignore::cxresearch.errors.ThinDataWarning")
def test_period_rules():
    data, _ = cx.simulate.rating_tracker(SPEC, periods=3, n=400, random_state=4)
    years = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="date")
    assert years.table["first_period"].iloc[0] == 2020 and years.periods["t"].iloc[0] == pytest.approx(2020.5)
    assert years.period_rule == "calendar years of the dates"
    quarters = _quiet(cx.dropoff.from_ratings, data, "overall", list(SPEC), time="date", bins="quarter", min_n=10)
    assert quarters.periods["period"].iloc[0] == "2020Q1" and quarters.table["n_periods"].iloc[0] == 12
    equal = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="respondent", bins=4)
    n = equal.periods.drop_duplicates("period")["n"]
    assert n.tolist() == [300, 300, 300, 300] and equal.period_rule == "4 equal-count bins of the time column"
    edges = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="date", bins=["2020-01-01", "2021-01-01",
                                                                                    "2021-12-31"])
    assert edges.rows.excluded == {"time outside the bins": int((data["date"] > "2021-12-31").sum())}
    ordered = data.assign(wave=pd.Categorical(data["year"].map({2020: "spring", 2021: "summer", 2022: "autumn"}),
                                              categories=["spring", "summer", "autumn"], ordered=True))
    res = cx.dropoff.from_ratings(ordered, "overall", list(SPEC), time="wave")
    assert res.periods["period"].unique().tolist() == ["spring", "summer", "autumn"] and res.time_unit == "period"
    np.testing.assert_allclose(res.table["asymmetry_slope"], years.table["asymmetry_slope"], rtol=1e-9)


def test_rows_left_out_are_counted():
    data, _ = cx.simulate.rating_tracker(SPEC, periods=3, n=300, random_state=4)
    data = data.astype({"overall": float, "wifi": float, "date": object})
    data.loc[[0, 1], "date"] = None
    data.loc[2, "overall"] = np.nan
    data.loc[[3, 4, 5], "wifi"] = 0  # "not rated"
    data["w"] = np.where(data.index == 6, 0.0, 1.0)
    extra = data.iloc[20:28].assign(date="2019-06-01")  # a thin year of 8 complete rows
    res = _quiet(cx.dropoff.from_ratings, pd.concat([data, extra], ignore_index=True), "overall", list(SPEC),
                 time="date", weights="w", missing_codes=[0])
    assert res.rows.excluded == {"time missing": 2, "outcome missing": 1, "an attribute rating missing": 3,
                                 "weight zero": 1, "in a period with fewer than min_n = 30 rows": 8}
    assert res.rows.n_used == len(data) - 7 and res.rows.recoded == {"wifi": 3}
    assert "2019 (8 rows)" in res.settings["periods left out"]


@pytest.mark.filterwarnings("ignore::cxresearch.errors.ThinDataWarning")
def test_insufficient_data_is_said():
    data, _ = cx.simulate.rating_tracker(SPEC, periods=3, n=300, random_state=4)
    data.loc[(data["year"] > 2020) & (data["food"] <= 2), "food"] = 3  # low food ratings in the first year only
    res = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="year")
    row = res.table.set_index("attribute").loc["food"]
    assert row["direction"] == "insufficient data" and np.isnan(row["p_value"])
    assert row["note"] == "the low band is rated in one period only: no trend"
    assert res.table.set_index("attribute").loc["wifi", "direction"] == "drop-off"


@pytest.mark.filterwarnings("ignore::cxresearch.errors.ThinDataWarning")
def test_scale_switch_is_warned():
    data, _ = cx.simulate.rating_tracker(SPEC, periods=4, n=300, random_state=4, outcome_scale=(1, 5),
                                         intercept=3.0)
    data["overall"] = np.where(data["year"] == 2023, data["overall"] * 2, data["overall"])  # 1-5 becomes 2-10
    with pytest.warns(ScaleWarning, match=r"'overall' reaches 10 in 2023 but at most 5 in 2020, 2021, 2022"):
        cx.dropoff.from_ratings(data, "overall", list(SPEC), time="year")
    with pytest.raises(CXInputError, match=r"Column 'overall': \d+ row\(s\) .* not ratings on the outcome_scale 1-5"):
        cx.dropoff.from_ratings(data, "overall", list(SPEC), time="year", outcome_scale=(1, 5))


@pytest.mark.parametrize("kwargs, message", [
    ({"time": "when"}, r"time column 'when' not found in the data\. Columns present: 'respondent', 'year'"),
    ({"time": "overall"}, r"`time` must be a column other than `outcome`; got 'overall'"),
    ({"time": "year", "attributes": ["wifi", "overall"]}, r"`attributes` must be columns other than `outcome`"),
    ({"time": "year", "bins": "weekly"}, r"`bins` must be None, 'distinct', 'year', .*; got 'weekly'"),
    ({"time": "year", "bins": "quarter"}, r"'quarter' needs dates in 'year'"),
    ({"time": "year", "bins": 1}, r"`bins` must be a whole number >= 2 \(equal-count bins\); got 1"),
    ({"time": "year", "bins": [2022, 2021, 2020]}, r"`bins` must be strictly increasing, finite bin edges"),
    ({"time": "year", "scale": (1, 4)}, r"Column 'wifi': \d+ row\(s\) with values that are not ratings on the scale"),
    ({"time": "text"}, r"Column 'text': \d+ row\(s\) .*not numbers, dates, periods or ordered categories \(times\): 'soon'"),
    ({"time": "year", "threshold": 1.5}, r"`threshold` must be a number in \[0, 1\] or a pair"),
    ({"time": "year", "min_n": -1}, r"`min_n` must be a whole number >= 0; got -1"),
    ({"time": "year", "low": 3, "high": 3}, r"The low band \(<= 3\) and the high band \(>= 3\) overlap"),
    ({"time": "year", "outcome": "churned"}, r"Outcome 'churned' is binary: it has exactly two distinct values, 0 and 1"),
    ({"time": "year", "min_n": 500}, r"Column 'year' gives 0 periods with enough ratings .*lower `min_n`"),
])
def test_bad_input(kwargs, message):
    data, _ = cx.simulate.rating_tracker(SPEC, periods=3, n=200, random_state=1)
    data["churned"] = (data["overall"] < 5).astype(int)
    data["text"] = np.where(data.index % 7 == 0, "soon", data["year"].astype(str))
    kwargs = {"outcome": "overall", "attributes": list(SPEC), **kwargs}
    with pytest.raises(CXInputError, match=message):
        cx.dropoff.from_ratings(data, kwargs.pop("outcome"), kwargs.pop("attributes"), **kwargs)


def test_one_period_only():
    data, _ = cx.simulate.rating_tracker(SPEC, periods=2, n=200, random_state=1)
    with pytest.raises(CXInputError, match=r"Column 'date' gives 1 period with enough ratings \(2020; periods: "
                                           r"calendar years of the dates\): a trend needs at least two\. Pass `bins` "
                                           r"\(bins='quarter' or bins=4"):
        cx.dropoff.from_ratings(data[data["year"] == 2020], "overall", list(SPEC), time="date")


LOUNGE = ["comfort_rating", "cleanliness_rating", "bar_beverages_rating", "catering_rating", "washrooms_rating",
          "wifi_connectivity_rating", "staff_service_rating"]
SEAT = ["seat_legroom_rating", "seat_recline_rating", "seat_width_rating", "aisle_space_rating", "viewing_tv_rating"]


def test_skytrax_lounge_reviews(shared):
    raw = pd.read_csv(shared("skytrax", "lounge.csv"))
    raw["date"] = pd.to_datetime(raw["date"])
    # The overall rating switches from 1-5 to 1-10 in June 2015 (the first 6-10 is dated 2015-06-09): seen and said.
    assert raw.loc[raw["overall_rating"] > 5, "date"].min() == pd.Timestamp("2015-06-09")
    with pytest.warns(ScaleWarning, match=r"'overall_rating' reaches 10 in 2015 but at most 5 in 2007, 2008"):
        _quiet_thin(cx.dropoff.from_ratings, raw, "overall_rating", LOUNGE, time="date", missing_codes=[0])
    # `recommended` is binary (and almost always 0 before 2011, a site artefact): not an outcome here.
    with pytest.raises(CXInputError, match=r"Outcome 'recommended' is binary: it has exactly two distinct values, 0 and 1"):
        cx.dropoff.from_ratings(raw, "recommended", LOUNGE, time="date", scale=(0, 5))
    # with 0 declared "not rated" everywhere, the outcome's 0s go too and only 1s are left: refused as constant
    with pytest.raises(CXInputError, match=r"Outcome 'recommended' is constant \(1\) after .* turned missing by `missing_codes`"):
        cx.dropoff.from_ratings(raw, "recommended", LOUNGE, time="date", missing_codes=[0])
    # Restricted to the 1-5 overall rating: reviews before June 2015; 0 = "not rated".
    before = raw[raw["date"] < "2015-06-01"]
    with pytest.warns(ThinDataWarning, match=r"in 4 period\(s\): 2007 \(7 of 7\), 2008 \(7 of 7\)"):
        res = cx.dropoff.from_ratings(before, "overall_rating", LOUNGE, time="date", missing_codes=[0],
                                      scale=(1, 5), outcome_scale=(1, 5))
    assert res.rows.n_in == len(before) == 2140 and res.rows.n_used == 1895
    assert res.rows.excluded == {"outcome missing": 5, "an attribute rating missing": 233,
                                 "in a period with fewer than min_n = 30 rows": 7}  # 2006 has 7 reviews
    assert res.table["n_periods"].eq(9).all()  # 2007 ... 2015
    # measured: no lounge attribute's asymmetry moves (every p_value > 0.4); the yearly factors zigzag
    assert (res.table["direction"] == "stable").all() and (res.table["p_value"] > 0.4).all()


def test_skytrax_seat_reviews(shared):
    seat = pd.read_csv(shared("skytrax", "seat.csv"))
    seat["date"] = pd.to_datetime(seat["date"])
    seat.loc[seat["date"].dt.year == 1970, "date"] = pd.NaT  # 26 reviews dated 1970: no date
    # The seat overall rating is on 1-10 in every year: no switch to handle.
    assert seat.groupby(seat["date"].dt.year)["overall_rating"].max().loc[2008:].eq(10).all()
    with pytest.warns(ThinDataWarning):
        res = cx.dropoff.from_ratings(seat, "overall_rating", SEAT, time="date", missing_codes=[0], scale=(1, 5),
                                      outcome_scale=(1, 10))
    assert res.rows.excluded == {"time missing": 26, "outcome missing": 1, "an attribute rating missing": 73,
                                 "in a period with fewer than min_n = 30 rows": 24}  # 2007: 3, 2012: 21
    table = res.table.set_index("attribute")
    # measured: seat width moves toward excitement (reward grows), the one significant trend after Holm
    assert table.loc["seat_width_rating", "direction"] == "rise"
    assert table.loc["seat_width_rating", "p_adjusted"] < 0.01
    assert (table.drop(index="seat_width_rating")["direction"] == "stable").all()


def _quiet_thin(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ThinDataWarning)
        return fn(*args, **kwargs)


def test_short_scales_keep_a_reference_band_as_in_penalty_reward():
    # 1-4 answers: low {1}, reference {2, 3}, high {4} (one rule in cxresearch._core.bands)
    data, _ = cx.simulate.rating_tracker(SPEC, periods=3, n=400, random_state=4, scale=(1, 4))
    res = cx.dropoff.from_ratings(data, "overall", list(SPEC), time="year", min_n=0)
    assert "low <= 1, high >= 4" in res.settings["bands"]
    alone = cx.satisfaction.penalty_reward(data[data["year"] == data["year"].min()], "overall", list(SPEC),
                                           scale=(1, 4), min_n=0)
    assert alone.low == "<= 1" and alone.high == ">= 4"
