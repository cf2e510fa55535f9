"""The promises as properties of the whole API (hypothesis), not one test per function.

Every analysis function is listed once in ``CASES`` with a small valid input; each property
then runs over all of them:

* all-equal weights of any magnitude (1e-300 ... 1e300) give the unweighted result;
* row order, the index (strings, duplicates, non-monotonic, a MultiIndex) and column order
  change nothing;
* pandas extension dtypes (Int64, Float64, categories with unused levels) give the
  numpy-dtype result;
* the rows that came in are the rows in ``.rows``;
* the input is never mutated.

A new public analysis function must be added to ``CASES``
(``test_every_analysis_function_is_a_case`` fails otherwise).
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxresearch as cx

SEED = 20261206


def _ratings(n=240, seed=SEED):
    """A rating survey: overall 1-10, three 1-5 attributes with expectations, two segments, a wave."""
    rng = np.random.default_rng(seed)
    e = rng.integers(1, 6, size=(n, 3))
    x = rng.integers(1, 6, size=(n, 3))
    y = np.clip(np.rint(1 + 1.2 * e.mean(axis=1) + 0.6 * (e - x).mean(axis=1) + rng.normal(0, 1, n)), 1, 10)
    df = pd.DataFrame({"respondent": np.arange(n), "segment": np.where(np.arange(n) % 3 == 0, "gold", "ordinary"),
                       "wave": np.repeat(np.arange(4), n // 4), "overall": y.astype(int)})
    for j, name in enumerate(["speed", "staff", "fees"]):
        df[f"{name}_experience"] = e[:, j]
        df[f"{name}_expectation"] = x[:, j]
    df["w"] = 1.0
    return df


def _kano(n=200, seed=SEED):
    spec = {"wifi": {"A": 0.5, "O": 0.2, "M": 0.1, "I": 0.2}, "desk": {"M": 0.6, "O": 0.2, "I": 0.2}}
    coded = cx.kano.code(cx.simulate.kano_survey(spec, n, segments={"x": 0.5, "y": 0.5}, noise=0.1,
                                                 random_state=seed))
    return coded.assign(w=1.0)


def _waves(seed=SEED):
    paths = {"wifi": cx.simulate.drift("A", "M"), "desk": cx.simulate.stable("M")}
    answers, _ = cx.simulate.kano_waves(["wifi", "desk"], 4, 120, paths, noise=0.1, random_state=seed)
    return cx.kano.code(answers).assign(w=1.0)


def _zones(n=200, seed=SEED):
    rng = np.random.default_rng(seed)
    adequate = rng.integers(3, 7, size=n)
    desired = np.minimum(adequate + rng.integers(0, 3, size=n), 9)
    perceived = rng.integers(1, 10, size=n)
    return pd.DataFrame({"segment": np.where(np.arange(n) % 2 == 0, "a", "b"), "q_adequate": adequate,
                         "q_desired": desired, "q_perceived": perceived, "w": 1.0})


def _journeys(seed=SEED):
    data, _ = cx.simulate.journeys({"wait": {"mean": 4.0}, "desk": {"mean": 6.0, "share": 0.6}, "exit": {"mean": 7.0}},
                                   150, random_state=seed)
    return data


def _customers(n=300, seed=SEED):
    """Customers with waits, revenue and usage, and complaint paths (text yes/no), two segments."""
    rng = np.random.default_rng(seed)
    waited = rng.gamma(2.0, 3.0, n)
    problem = rng.random(n) < 0.4
    complained = problem & (rng.random(n) < 0.5)
    recovered = complained & (rng.random(n) < 0.6)
    yes = np.array(["no", "yes"])
    return pd.DataFrame({"segment": np.where(np.arange(n) % 3 == 0, "VIP", "ordinary"), "waited": waited,
                         "felt": np.exp(0.5 + 0.85 * np.log(waited) + rng.normal(0, 0.3, n)),
                         "revenue": rng.gamma(2.0, 100.0, n), "visits": rng.poisson(4, n), "calls": rng.poisson(6, n),
                         "problem": yes[problem.astype(int)], "complained": yes[complained.astype(int)],
                         "recovered": yes[recovered.astype(int)], "stayed": (rng.random(n) < 0.7).astype(int),
                         "w": 1.0})


def _tracker(seed=SEED):
    data, _ = cx.simulate.bank_tracker(branches=8, n=6, random_state=seed)
    return data


EXPERIENCE = ["speed_experience", "staff_experience", "fees_experience"]
EXPECTATION = ["speed_expectation", "staff_expectation", "fees_expectation"]
CASES = {  # name -> (make the data, call it, weights accepted)
    "kano.analyze": (_kano, lambda d, **k: cx.kano.analyze(d, by="segment", min_n=0, **k), True),
    "kano.counts": (_kano, lambda d, **k: cx.kano.counts(d, by="segment", **k), True),
    "dropoff.detect": (_waves, lambda d, **k: cx.dropoff.detect(d, **k), True),
    "satisfaction.drivers": (_ratings, lambda d, **k: cx.satisfaction.drivers(d, "overall", EXPERIENCE,
                                                                              by="segment", **k), True),
    "satisfaction.drivers (sets)": (_ratings, lambda d, **k: cx.satisfaction.drivers(
        d, "overall", ["speed_experience", "segment"], method="shapley", always=["speed_expectation"],
        sets={"rest": ["staff_experience", "fees_experience"]}, **k), True),
    "satisfaction.penalty_reward": (_ratings, lambda d, **k: cx.satisfaction.penalty_reward(
        d, "overall", EXPERIENCE, scale=(1, 5), min_n=0, **k), True),
    "satisfaction.disconfirmation": (_ratings, lambda d, **k: cx.satisfaction.disconfirmation(
        d, "overall", "speed_experience", "speed_expectation", scale=(1, 5), **k), True),
    "satisfaction.decompose": (_ratings, lambda d, **k: cx.satisfaction.decompose(
        d, "overall", group="segment", experience=EXPERIENCE, expectation=EXPECTATION, n_boot=0, **k), True),
    "satisfaction.importance_performance": (_ratings, lambda d, **k: cx.satisfaction.importance_performance(
        d, "overall", EXPERIENCE, **k), False),
    "journey.touchpoints": (_ratings, lambda d, **k: cx.journey.touchpoints(
        d, ["speed", "staff", "fees"], by="segment", outcome="overall", scale=(1, 5), **k), True),
    "expectation.tolerance": (_zones, lambda d, **k: cx.expectation.tolerance(d, ["q"], by="segment",
                                                                              scale=(1, 9), **k), True),
    "tracking.kpi": (_ratings, lambda d, **k: cx.tracking.kpi(d, "overall", kind="nps", time="wave", by="segment",
                                                              scale=(0, 10), **k), True),
    "tracking.control_chart": (_ratings, lambda d, **k: cx.tracking.control_chart(
        d, "overall", kind="mean", time="wave", by="segment", **k), True),
    "journey.peak_end": (_journeys, lambda d, **k: cx.journey.peak_end(d, **k), False),
    "expectation.wait_perception": (_customers, lambda d, **k: cx.expectation.wait_perception(
        d, "waited", "felt", by="segment", **k), True),
    "tracking.value_segments": (_customers, lambda d, **k: cx.tracking.value_segments(
        d, segment="segment", revenue="revenue", cost={"visits": 12.0, "calls": 3.5}, **k), True),
    "tracking.recovery": (_customers, lambda d, **k: cx.tracking.recovery(
        d, problem="problem", complained="complained", recovered="recovered", outcome="stayed", by="segment", **k),
        True),
    "tracking.action_effect": (_tracker, lambda d, **k: cx.tracking.action_effect(
        d, unit="branch", time="quarter", treated="action_in_force", outcome="satisfaction", **k), True),
}
ANALYSIS = [f"{m}.{n}" for m in ("kano", "dropoff", "satisfaction", "journey", "expectation", "tracking")
            for n in getattr(cx, m).__all__ if inspect.isfunction(getattr(getattr(cx, m), n))]
NOT_CASES = {  # public functions that are not row analyses, and why
    "kano.answer_labels": "a table of labels", "kano.code": "the coder (every case above runs through it)",
    "kano.continuous": "scores per attribute (rows in, a frame out; covered by test_kano_weights)",
    "kano.evaluate": "element-wise", "kano.evaluation_table": "a table", "kano.label_codes": "element-wise",
    "kano.resolve_scale": "a scale", "kano.service_plan": "reads results", "dropoff.power": "a simulation",
    "dropoff.from_ratings": "needs several periods of ratings (covered by test_dropoff_ratings identities)",
    "satisfaction.gap_analysis": "a long table of attributes", "satisfaction.moments": "the reduction itself",
    "journey.journey_features": "features per journey", "journey.visit_moments": "visit data",
    "expectation.promise": "promise data (covered by test_expectation_promise identities)",
}
CACHE: dict[str, pd.DataFrame] = {}


def _data(name):
    if name not in CACHE:
        CACHE[name] = CASES[name][0]()
    return CACHE[name].copy()


def _table(result) -> pd.DataFrame:
    table = result if isinstance(result, pd.DataFrame) else result.table
    return table.reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame, skip=()) -> None:
    """Equal tables up to row order, numbers to 1e-9 relative."""
    cols = [c for c in a.columns if c not in skip and not str(c).startswith(("weight_sum", "sum_w"))]
    assert list(a.columns) == list(b.columns)
    a, b = (t.apply(lambda s: s.astype(str) if isinstance(s.dtype, pd.CategoricalDtype) else s) for t in (a, b))
    keys = [c for c in cols if not pd.api.types.is_float_dtype(a[c])]
    a2 = a[cols].sort_values(keys, kind="stable").reset_index(drop=True) if keys else a[cols]
    b2 = b[cols].sort_values(keys, kind="stable").reset_index(drop=True) if keys else b[cols]
    pd.testing.assert_frame_equal(a2, b2, check_dtype=False, check_categorical=False, rtol=1e-9, atol=1e-12)


def _quiet(call, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kw)


@pytest.fixture(scope="module")
def baseline():
    return {name: _quiet(CASES[name][1], _data(name)) for name in CASES}


def test_every_analysis_function_is_a_case():
    assert sorted(set(ANALYSIS) - set(CASES) - set(NOT_CASES)) == []


WEIGHTED = sorted(n for n, c in CASES.items() if c[2])
SETTINGS = settings(max_examples=4, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("name", WEIGHTED)
@SETTINGS
@given(exponent=st.sampled_from([-300, -150, -20, 0, 20, 150, 300]))
def test_equal_weights_of_any_magnitude_give_the_unweighted_result(baseline, name, exponent):
    data = _data(name)
    data["w"] = 10.0 ** exponent
    weighted = _quiet(CASES[name][1], data, weights="w")
    a, b = _table(baseline[name]), _table(weighted)
    shared = [c for c in a.columns if c in b.columns]
    a, b = a[shared], b[shared]
    assert len(a) == len(b)
    for c in shared:
        if pd.api.types.is_numeric_dtype(a[c]) and not pd.api.types.is_bool_dtype(a[c]):
            x, y = a[c].to_numpy(dtype=float), b[c].to_numpy(dtype=float)
            same = np.allclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True)
            # count columns of a weighted table are weight sums: proportional to the counts (one factor)
            ok = np.isfinite(x) & (x != 0)
            factor = y[ok][0] / x[ok][0] if ok.any() else 1.0
            scaled = factor > 0 and np.allclose(x * factor, y, rtol=1e-9, atol=0, equal_nan=True)
            assert same or scaled, (c, x[:4], y[:4])
        else:
            assert a[c].astype(str).tolist() == b[c].astype(str).tolist(), c


@pytest.mark.parametrize("name", sorted(CASES))
@SETTINGS
@given(seed=st.integers(0, 2**16), index=st.sampled_from(["strings", "duplicated", "reversed", "multi"]))
def test_row_order_index_and_column_order_change_nothing(baseline, name, seed, index):
    data = _data(name)
    rng = np.random.default_rng(seed)
    data = data.iloc[rng.permutation(len(data))]
    data = data[list(rng.permutation(data.columns))]
    n = len(data)
    if index == "strings":
        data.index = [f"r{i}" for i in rng.permutation(n)]
    elif index == "duplicated":
        data.index = np.zeros(n, dtype=int)
    elif index == "reversed":
        data.index = np.arange(n)[::-1] * 7
    else:
        data.index = pd.MultiIndex.from_arrays([np.arange(n) % 3, np.arange(n)])
    _same(_table(baseline[name]), _table(_quiet(CASES[name][1], data)))


def _extension(data: pd.DataFrame, kind: str) -> pd.DataFrame:
    out = data.copy()
    for c in out.columns:
        s = out[c]
        if kind == "nullable" and pd.api.types.is_integer_dtype(s):
            out[c] = s.astype("Int64")
        elif kind == "nullable" and pd.api.types.is_float_dtype(s):
            out[c] = s.astype("Float64")
        elif kind == "category" and (s.dtype == object or pd.api.types.is_string_dtype(s)) and c not in (
                "category",):
            out[c] = pd.Categorical(s, categories=sorted(set(s.dropna())) + ["zz_unused"])
        elif kind == "string" and (s.dtype == object) and s.map(type).eq(str).all():
            out[c] = s.astype("string")
    return out


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("kind", ["nullable", "category", "string"])
def test_extension_dtypes_give_the_numpy_result(baseline, name, kind):
    _same(_table(baseline[name]), _table(_quiet(CASES[name][1], _extension(_data(name), kind))))


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_row_that_came_in_is_accounted_for(baseline, name):
    result = baseline[name]
    if isinstance(result, pd.DataFrame):
        pytest.skip("a count table carries no row accounting (its input rows are the counts)")
    rows = result.rows
    data = _data(name)
    units = {"journeys": data["journey"].nunique() if "journey" in data else None}
    assert rows.n_in == units.get(rows.unit, len(data)), rows
    assert rows.n_used + sum(rows.excluded.values()) == rows.n_in


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_input_is_never_mutated(name):
    data = _data(name)
    before = data.copy(deep=True)
    _quiet(CASES[name][1], data)
    pd.testing.assert_frame_equal(data, before)


@pytest.mark.parametrize("name", WEIGHTED)
def test_one_huge_weight_gives_finite_numbers_or_a_named_refusal(name):
    """One respondent weighted 1e300 among ones: a named refusal or warning, or finite numbers."""
    data = _data(name)
    data["w"] = 1.0
    data.loc[data.index[0], "w"] = 1e300
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            table = _table(CASES[name][1](data, weights="w"))
        except cx.errors.CXInputError as exc:
            assert "w" in str(exc) or "weight" in str(exc)
            return
    said = " ".join(str(w.message) for w in caught)
    numbers = table.select_dtypes("number")
    non_finite = [c for c in numbers.columns if not np.isfinite(numbers[c].to_numpy(dtype=float)).all()]
    assert not non_finite or "weight" in said or "n_eff" in said or "effective" in said, (non_finite, said)


SEEDED = {
    "satisfaction.drivers": "cx.satisfaction.drivers(d, 'overall', E, n_boot=60, random_state=7, progress=False)",
    "satisfaction.penalty_reward": "cx.satisfaction.penalty_reward(d, 'overall', E, scale=(1, 5), min_n=0, n_boot=60, "
                                   "random_state=7, progress=False)",
    "satisfaction.decompose": "cx.satisfaction.decompose(d, 'overall', group='segment', experience=E, "
                              "expectation=X, n_boot=60, random_state=7, progress=False)",
}


def test_the_same_random_state_gives_identical_output_in_a_new_process():
    import subprocess
    import sys
    script = ("import sys, warnings; warnings.simplefilter('ignore'); sys.path.insert(0, 'tests'); "
              "import cxresearch as cx; from test_invariants import _ratings, EXPERIENCE as E, EXPECTATION as X; "
              "d = _ratings(); "
              + "; ".join(f"print({code}.table.to_csv(float_format='%.17g'))" for code in SEEDED.values()))
    here = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    names = {"cx": cx, "d": _ratings(), "E": EXPERIENCE, "X": EXPECTATION}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = "".join(eval(code, names).table.to_csv(float_format="%.17g") + "\n" for code in SEEDED.values())
    assert here.stdout == local
