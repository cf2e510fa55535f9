"""Dominance analysis, driver sets, covariates held constant and categorical drivers in ``drivers``.

References used here:

* domir's published mtcars output (R package domir, vignette / README, ``domin(mpg ~ am + vs + cyl,
  lm, list(summary, "r.squared"), data = mtcars)``): overall R2 0.7619773; conditional dominance
  (include_at_1 / _2 / _3) am 0.3597989 / 0.1389842 / 0.0336844, vs 0.4409477 / 0.1641982 /
  0.0029637, cyl 0.7261800 / 0.3432799 / 0.0758948; cyl completely dominates am and vs. The same
  page's model with the sets ``carb + gear`` and ``disp + wt`` has an overall R2 of 0.8515960.
* Everything else is checked against brute force: ordinary least squares (numpy ``lstsq``) or
  statsmodels' Logit refitted on every subset of drivers, and Shapley values as the average
  gain over all orders of the drivers.
"""

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import cxresearch as cx
from cxresearch.errors import CXInputError

MTCARS = pd.read_csv(Path(__file__).parent / "fixtures" / "mtcars.csv")
DOMIR_CONDITIONAL = {"am": [0.3597989, 0.1389842, 0.0336844], "vs": [0.4409477, 0.1641982, 0.0029637],
                     "cyl": [0.7261800, 0.3432799, 0.0758948]}


def _r2(df, y, cols, w=None):
    """R2 of OLS (weighted least squares with ``w``) by numpy lstsq on the rows."""
    Y = df[y].to_numpy(float)
    X = np.column_stack([np.ones(len(df))] + [df[c].to_numpy(float) for c in cols])
    w = np.ones(len(df)) if w is None else np.asarray(w, float)
    s = np.sqrt(w)
    b = np.linalg.lstsq(X * s[:, None], Y * s, rcond=None)[0]
    e = Y - X @ b
    ybar = w @ Y / w.sum()
    return 1 - (w @ e**2) / (w @ (Y - ybar) ** 2)


def _mcfadden(df, y, cols):
    """McFadden's R2 of statsmodels' Logit (1 - llf / llnull)."""
    if not cols:
        return 0.0
    fit = sm.Logit(df[y].to_numpy(float), sm.add_constant(df[cols].to_numpy(float))).fit(disp=0, tol=1e-12,
                                                                                          maxiter=200)
    return 1 - fit.llf / fit.llnull


def _brute(df, y, drivers: dict, fit=_r2, always=(), **kw):
    """Subset fits by refitting (dict frozenset -> fit, net of always), Shapley by orders, conditional by size."""
    names = list(drivers)
    base = fit(df, y, list(always), **kw) if always else 0.0
    v = {}
    for r in range(len(names) + 1):
        for S in itertools.combinations(names, r):
            cols = [c for d in S for c in drivers[d]] + list(always)
            v[frozenset(S)] = (fit(df, y, cols, **kw) if cols else 0.0) - base
    shap = {d: np.mean([v[frozenset(o[:o.index(d)]) | {d}] - v[frozenset(o[:o.index(d)])]
                        for o in itertools.permutations(names)]) for d in names}
    cond = {d: [np.mean([v[frozenset(S) | {d}] - v[frozenset(S)]
                         for S in itertools.combinations([n for n in names if n != d], s)])
                for s in range(len(names))] for d in names}
    return v, shap, cond, base


def test_conditional_and_complete_dominance_are_domirs_published_mtcars_output():
    res = cx.satisfaction.drivers(MTCARS, "mpg", ["am", "vs", "cyl"], method="shapley")
    assert abs(res.r2 - 0.7619773) < 1e-7
    dom = res.dominance.set_index("attribute")
    for name, values in DOMIR_CONDITIONAL.items():
        assert np.abs(dom.loc[name, ["conditional_1", "conditional_2", "conditional_3"]].to_numpy(float)
                      - values).max() < 1e-7
    pairs = res.dominance_pairs.set_index(["attribute", "other"])["complete"]
    assert pairs[("am", "cyl")] == "is dominated" and pairs[("vs", "cyl")] == "is dominated"
    assert pairs[("am", "vs")] == "neither"  # domir: no complete dominance between am and vs
    assert "cyl over am, cyl over vs" in res.settings["dominance"]


def test_general_dominance_is_the_shapley_value_and_the_mean_of_conditional_dominance():
    res = cx.satisfaction.drivers(MTCARS, "mpg", ["am", "vs", "cyl"], method="shapley")
    dom = res.dominance.set_index("attribute")
    # identity: general dominance = mean of the conditional values = Shapley value (the table's weight)
    cond = dom[["conditional_1", "conditional_2", "conditional_3"]].mean(axis=1)
    np.testing.assert_allclose(dom["general"], cond, atol=1e-15)
    np.testing.assert_allclose(res.table.set_index("attribute")["weight"], dom["general"], atol=1e-13)
    # domir's general dominance is the mean of its conditional rows: am 0.1774892, vs 0.2027032, cyl 0.3817849
    np.testing.assert_allclose(dom.loc[["am", "vs", "cyl"], "general"],
                               [np.mean(v) for v in DOMIR_CONDITIONAL.values()], atol=1e-7)
    assert abs(dom["general"].sum() - 0.7619773) < 1e-7


@pytest.fixture
def correlated():
    rng = np.random.default_rng(22)
    n = 300
    a = rng.normal(size=n)
    b = 0.6 * a + rng.normal(size=n)
    c = rng.normal(size=n)
    d = -0.5 * b + 0.5 * c + rng.normal(size=n)
    y = 0.5 * a + 0.2 * b - 0.4 * c + 0.1 * d + rng.normal(size=n)
    return pd.DataFrame({"y": y, "a": a, "b": b, "c": c, "d": d, "w": rng.integers(1, 4, n),
                         "seg": rng.choice(["north", "south"], n)})


def test_weighted_dominance_is_weighted_least_squares_on_every_subset(correlated):
    res = cx.satisfaction.drivers(correlated, "y", list("abcd"), method="shapley", weights="w")
    v, shap, cond, _ = _brute(correlated, "y", {x: [x] for x in "abcd"}, w=correlated["w"])
    dom = res.dominance.set_index("attribute")
    for x in "abcd":
        assert abs(dom.loc[x, "general"] - shap[x]) < 1e-10
        np.testing.assert_allclose(dom.loc[x, [f"conditional_{s}" for s in range(1, 5)]].to_numpy(float), cond[x],
                                   atol=1e-10)
    for _, row in res.dominance_pairs.iterrows():
        a, b = row["attribute"], row["other"]
        rest = [x for x in "abcd" if x not in (a, b)]
        diffs = [v[frozenset(S) | {a}] - v[frozenset(S) | {b}]
                 for r in range(3) for S in itertools.combinations(rest, r)]
        expected = "dominates" if min(diffs) > 0 else "is dominated" if max(diffs) < 0 else "neither"
        assert row["complete"] == expected


def test_dominance_by_segment_is_the_dominance_of_each_segment_alone(correlated):
    res = cx.satisfaction.drivers(correlated, "y", list("abcd"), method="shapley", by="seg")
    for seg in ("north", "south"):
        alone = cx.satisfaction.drivers(correlated[correlated["seg"] == seg], "y", list("abcd"), method="shapley")
        got = res.dominance[res.dominance["seg"] == seg].drop(columns="seg").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, alone.dominance, atol=1e-12)
        pairs = res.dominance_pairs[res.dominance_pairs["seg"] == seg].drop(columns="seg").reset_index(drop=True)
        pd.testing.assert_frame_equal(pairs, alone.dominance_pairs)


def test_integer_weights_give_the_dominance_of_replicated_rows(correlated):
    weighted = cx.satisfaction.drivers(correlated, "y", ["a", "c"], method="shapley", weights="w",
                                       sets={"bd": ["b", "d"]})
    copies = correlated.loc[correlated.index.repeat(correlated["w"])].drop(columns="w")
    replicated = cx.satisfaction.drivers(copies, "y", ["a", "c"], method="shapley", sets={"bd": ["b", "d"]})
    num = [c for c in weighted.dominance if c != "attribute"]
    np.testing.assert_allclose(weighted.dominance[num], replicated.dominance[num], atol=1e-12)


def test_sets_reproduce_domirs_r2_and_the_shapley_values_of_refitting_the_32_subsets():
    sets = {"carb_gear": ["carb", "gear"], "disp_wt": ["disp", "wt"]}
    res = cx.satisfaction.drivers(MTCARS, "mpg", ["am", "vs", "cyl"], method="shapley", sets=sets)
    assert abs(res.r2 - 0.8515960) < 1e-7  # domir's published overall R2
    assert len(res.table) == 5 and abs(res.table["weight"].sum() - 0.8515960) < 1e-7
    drivers = {"am": ["am"], "vs": ["vs"], "cyl": ["cyl"], **sets}
    v, shap, cond, _ = _brute(MTCARS, "mpg", drivers)  # 2^5 = 32 least-squares fits
    assert len(v) == 32
    weight = res.table.set_index("attribute")["weight"]
    for name in drivers:
        assert abs(weight[name] - shap[name]) < 1e-10
    dom = res.dominance.set_index("attribute")
    np.testing.assert_allclose(dom.loc["disp_wt", [f"conditional_{s}" for s in range(1, 6)]].to_numpy(float),
                               cond["disp_wt"], atol=1e-10)
    row = res.table.set_index("attribute").loc["carb_gear"]
    assert row["columns"] == "carb, gear" and np.isnan(row["beta"]) and np.isnan(row["mean"])
    assert res.settings["drivers"] == "carb_gear = carb + gear; disp_wt = disp + wt"


def test_always_gives_the_r2_gained_beyond_the_covariates():
    sets = {"disp_wt": ["disp", "wt"]}
    res = cx.satisfaction.drivers(MTCARS, "mpg", ["am", "vs"], method="shapley", sets=sets, always=["hp", "qsec"])
    drivers = {"am": ["am"], "vs": ["vs"], **sets}
    v, shap, cond, base = _brute(MTCARS, "mpg", drivers, always=["hp", "qsec"])
    assert abs(res.fits["r2_always"][0] - _r2(MTCARS, "mpg", ["hp", "qsec"])) < 1e-12
    assert abs(res.r2 - _r2(MTCARS, "mpg", ["am", "vs", "disp", "wt", "hp", "qsec"])) < 1e-12
    weight = res.table.set_index("attribute")["weight"]
    for name in drivers:
        assert abs(weight[name] - shap[name]) < 1e-10
    assert abs(weight.sum() - (res.r2 - base)) < 1e-12  # the drivers split what they add beyond `always`
    assert abs(res.table["pct_r2"].sum() - 100) < 1e-9
    assert list(res.table["attribute"]) == ["am", "vs", "disp_wt"]  # `always` is not a driver
    assert "hp, qsec in every model" in res.settings["held constant"]


def test_a_category_column_is_one_driver_the_set_of_its_dummies():
    df = MTCARS.assign(cyl=pd.Categorical(MTCARS["cyl"], categories=[4, 6, 8]),
                       gears=MTCARS["gear"].map({3: "three", 4: "four", 5: "five"}))
    res = cx.satisfaction.drivers(df, "mpg", ["am", "cyl", "gears"], method="shapley")
    assert res.reference == {"cyl": 4, "gears": "five"}  # first category; first in sorted order for text
    assert res.settings["reference levels"] == "cyl: 4; gears: 'five'"
    dummies = MTCARS.assign(c6=(MTCARS["cyl"] == 6) * 1.0, c8=(MTCARS["cyl"] == 8) * 1.0,
                            g3=(MTCARS["gear"] == 3) * 1.0, g4=(MTCARS["gear"] == 4) * 1.0)
    drivers = {"am": ["am"], "cyl": ["c6", "c8"], "gears": ["g4", "g3"]}
    v, shap, cond, _ = _brute(dummies, "mpg", drivers)
    assert abs(res.r2 - v[frozenset(drivers)]) < 1e-12  # R2 of cyl and gear as factors
    weight = res.table.set_index("attribute")["weight"]
    for name in drivers:
        assert abs(weight[name] - shap[name]) < 1e-10
    assert res.table.set_index("attribute").loc["cyl", "columns"] == "cyl[6], cyl[8]"


def test_rows_with_a_missing_category_are_counted_under_their_own_reason():
    df = MTCARS.assign(trans=MTCARS["am"].map({0: "automatic", 1: "manual"}).astype(object))
    df.loc[[0, 5, 9], "trans"] = None
    df.loc[[9, 12], "mpg"] = np.nan  # row 9: outcome and category missing: counted as outcome missing
    df.loc[[20], "vs"] = np.nan
    res = cx.satisfaction.drivers(df, "mpg", ["trans", "vs", "cyl"], method="shapley")
    assert res.rows.excluded == {"outcome missing": 2, "an attribute rating missing": 1,
                                 "category missing: trans": 2}
    assert res.rows.n_used == 32 - 5
    used = df.drop(index=[0, 5, 9, 12, 20])
    assert abs(res.r2 - _r2(used.assign(t=(used["trans"] == "manual") * 1.0), "mpg", ["t", "vs", "cyl"])) < 1e-12


def test_category_refusals_name_the_column_and_the_level():
    one = MTCARS.assign(kind="car")
    with pytest.raises(CXInputError, match=r"categorical driver 'kind' has 1 level"):
        cx.satisfaction.drivers(one, "mpg", ["am", "kind"], method="shapley")
    few = MTCARS.assign(carbs=MTCARS["carb"].map(lambda c: f"c{c}"))  # carb 3: 3 cars, 6 and 8: one each
    with pytest.raises(CXInputError, match=r"'carbs' has level\(s\) with fewer than 5 rows: 'c3' \(3\), 'c6' \(1\), "
                                           r"'c8' \(1\)\. Merge them"):
        cx.satisfaction.drivers(few, "mpg", ["am", "carbs"])
    missing = MTCARS.assign(trans=MTCARS["am"].map({0: "a", 1: "m"}).astype(object))
    missing.loc[3, "trans"] = None
    with pytest.raises(CXInputError, match=r"'trans' has 1 missing value.*positions: 3"):
        cx.satisfaction.drivers(missing, "mpg", ["vs", "trans"], missing="raise")
    m = cx.satisfaction.moments(MTCARS, ["mpg", "am", "vs"])
    with pytest.raises(CXInputError, match=r"'trans' not in the moments.*category.*pass the DataFrame of rows"):
        cx.satisfaction.drivers(m, "mpg", ["am", "trans"])


def test_argument_refusals_for_sets_and_always():
    with pytest.raises(CXInputError, match=r"`sets` must be .*\['wt'\] would enter twice"):
        cx.satisfaction.drivers(MTCARS, "mpg", ["am", "wt"], method="shapley", sets={"size": ["disp", "wt"]})
    with pytest.raises(CXInputError, match=r"`method` must be 'shapley' or 'relative_weights' with `sets`"):
        cx.satisfaction.drivers(MTCARS, "mpg", ["am"], method="ols", sets={"size": ["disp", "wt"]})
    with pytest.raises(CXInputError, match=r"`always` must be None with method='relative_weights'"):
        cx.satisfaction.drivers(MTCARS, "mpg", ["am", "wt"], always=["hp"])
    with pytest.raises(CXInputError, match=r"`sets` must be a dict"):
        cx.satisfaction.drivers(MTCARS, "mpg", ["am", "wt"], sets=["disp"])


def test_relative_weights_of_a_set_are_the_sum_of_its_columns_weights():
    plain = cx.satisfaction.drivers(MTCARS, "mpg", ["am", "vs", "disp", "wt"]).table.set_index("attribute")
    res = cx.satisfaction.drivers(MTCARS, "mpg", ["am", "vs"], sets={"size": ["disp", "wt"]})
    got = res.table.set_index("attribute")["weight"]
    assert abs(got["size"] - plain.loc["disp", "weight"] - plain.loc["wt", "weight"]) < 1e-14
    assert abs(got["am"] - plain.loc["am", "weight"]) < 1e-14 and res.dominance is None


def test_sets_of_one_column_are_the_plain_model_bootstrap_included(correlated):
    kw = dict(method="shapley", n_boot=200, random_state=5, progress=False)
    plain = cx.satisfaction.drivers(correlated, "y", list("abcd"), **kw)
    sets = cx.satisfaction.drivers(correlated, "y", ["a"], sets={x: [x] for x in "bcd"}, **kw)
    cols = ["weight", "weight_ci_low", "weight_ci_high", "beta", "r"]
    np.testing.assert_allclose(sets.table[cols], plain.table[cols], atol=1e-12)
    low, high = sets.table["weight_ci_low"], sets.table["weight_ci_high"]
    assert (low < sets.table["weight"]).all() and (sets.table["weight"] < high).all()


def test_moments_serve_sets_and_always(correlated):
    m = cx.satisfaction.moments(correlated, ["y", "a", "b", "c", "d"], weights="w")
    kw = dict(method="shapley", sets={"bd": ["b", "d"]}, always=["c"])
    rows = cx.satisfaction.drivers(correlated, "y", ["a"], weights="w", **kw)
    sums = cx.satisfaction.drivers(m, "y", ["a"], **kw)
    np.testing.assert_allclose(sums.table["weight"], rows.table["weight"], atol=1e-12)
    np.testing.assert_allclose(sums.dominance["general"], rows.dominance["general"], atol=1e-12)


def test_logit_dominance_is_mcfaddens_r2_of_refitted_logistic_models():
    res = cx.satisfaction.drivers(MTCARS, "am", ["mpg", "hp", "wt"], method="shapley", family="logit")
    v, shap, cond, _ = _brute(MTCARS, "am", {x: [x] for x in ["mpg", "hp", "wt"]}, fit=_mcfadden)
    dom = res.dominance.set_index("attribute")
    for x in ["mpg", "hp", "wt"]:
        np.testing.assert_allclose(dom.loc[x, ["conditional_1", "conditional_2", "conditional_3"]].to_numpy(float),
                                   cond[x], atol=1e-8)
        assert abs(dom.loc[x, "general"] - res.table.set_index("attribute").loc[x, "weight"]) < 1e-13
    assert "McFadden" in res.settings["dominance"]


def test_logit_sets_and_always_refit_every_subset():
    df = MTCARS.assign(heavy=(MTCARS["wt"] > 3.2) * 1)
    res = cx.satisfaction.drivers(df, "vs", ["mpg"], method="shapley", family="logit",
                                  sets={"power": ["hp", "drat"]}, always=["heavy"])
    v, shap, cond, base = _brute(df, "vs", {"mpg": ["mpg"], "power": ["hp", "drat"]}, fit=_mcfadden,
                                 always=["heavy"])
    assert abs(res.fits["r2_always"][0] - base) < 1e-8
    weight = res.table.set_index("attribute")["weight"]
    for name in ("mpg", "power"):
        assert abs(weight[name] - shap[name]) < 1e-8
    assert abs(weight.sum() + base - res.fits["mcfadden_r2"][0]) < 1e-12


def test_dominance_is_written_to_excel(tmp_path):
    pytest.importorskip("openpyxl")
    res = cx.satisfaction.drivers(MTCARS, "mpg", ["am", "vs", "cyl"], method="shapley")
    sheets = pd.read_excel(res.to_excel(tmp_path / "d.xlsx"), sheet_name=None)
    assert {"dominance", "dominance_pairs"} <= set(sheets)
    assert abs(sheets["dominance"].set_index("attribute").loc["cyl", "conditional_1"] - 0.7261800) < 1e-7


def test_shapley_values_are_the_mean_gain_over_all_orders_for_six_drivers(correlated):
    df = correlated.assign(e=correlated["a"] * 0.3 + np.random.default_rng(1).normal(size=len(correlated)))
    res = cx.satisfaction.drivers(df, "y", ["a", "b"], method="shapley", sets={"cd": ["c", "d"], "e": ["e"]})
    v, shap, _, _ = _brute(df, "y", {"a": ["a"], "b": ["b"], "cd": ["c", "d"], "e": ["e"]})
    assert math.isclose(sum(shap.values()), res.r2, abs_tol=1e-12)
    for name, value in shap.items():
        assert abs(res.table.set_index("attribute").loc[name, "weight"] - value) < 1e-10


def test_the_importance_performance_grid_refuses_drivers_without_a_mean_rating():
    with pytest.raises(CXInputError, match=r"`attributes` must be rating columns, each with a mean performance.*set"):
        cx.satisfaction.importance_performance(MTCARS, "mpg", ["am", "vs"], sets={"size": ["disp", "wt"]})


def test_logit_categorical_drivers_by_segment_are_each_segment_alone():
    df = MTCARS.assign(gears=MTCARS["gear"].map({3: "three", 4: "four", 5: "four"}),
                       seg=np.where(np.arange(32) % 2 == 0, "even", "odd"), w=1 + np.arange(32) % 3)
    kw = dict(family="logit", method="shapley", weights="w")
    res = cx.satisfaction.drivers(df, "vs", ["mpg", "gears"], by="seg", **kw)
    for seg in ("even", "odd"):
        alone = cx.satisfaction.drivers(df[df["seg"] == seg], "vs", ["mpg", "gears"], **kw)
        got = res.dominance[res.dominance["seg"] == seg].drop(columns="seg").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, alone.dominance, atol=1e-10)
    # the categorical driver's McFadden R2 alone is that of the logistic model on its dummy (four vs three)
    sub = df[df["seg"] == "even"]
    fit = sm.GLM(sub["vs"].to_numpy(float), sm.add_constant((sub["gears"] == "three").to_numpy(float)),
                 family=sm.families.Binomial(), freq_weights=sub["w"].to_numpy(float)).fit(tol=1e-12)
    null = sm.GLM(sub["vs"].to_numpy(float), np.ones((len(sub), 1)), family=sm.families.Binomial(),
                  freq_weights=sub["w"].to_numpy(float)).fit()
    got = res.dominance.set_index(["seg", "attribute"]).loc[("even", "gears"), "conditional_1"]
    assert abs(got - (1 - fit.llf / null.llf)) < 1e-8
