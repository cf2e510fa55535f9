"""drivers(..., family="ordinal"): the proportional-odds model and the McKelvey-Zavoina R2.

Reference: statsmodels' ``OrderedModel(y, X, distr="logit")`` (its parametrisation
P(Y <= j) = F(theta_j - x'b), params = slopes, theta_1, log(theta_2 - theta_1), ...),
fitted by BFGS to a gradient of 1e-9. The McKelvey-Zavoina R2 is recomputed by
hand from its slopes: var(X b) / (var(X b) + pi^2 / 3) (McKelvey & Zavoina 1975).
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, SeparationWarning, ThinDataWarning
from cxresearch.satisfaction import _ordinal

ATTRS = ["wait", "staff", "app"]


def _survey(n=600, seed=3, slopes=(0.9, 0.5, 0.1), cuts=(0.15, 0.35, 0.65, 0.85)):
    rng = np.random.default_rng(seed)
    X = rng.integers(1, 6, (n, len(slopes))).astype(float)
    X[:, 1] = np.clip(X[:, 1] + rng.integers(-1, 2, n) * (X[:, 0] > 3), 1, 5)  # correlated attributes
    latent = X @ np.array(slopes) + rng.logistic(size=n)
    y = 1 + np.digitize(latent, np.quantile(latent, cuts))
    return pd.DataFrame({"overall": y, **{a: X[:, j] for j, a in enumerate(ATTRS[:len(slopes)])}})


def _statsmodels(df, attrs, outcome="overall"):
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    with warnings.catch_warnings():  # BFGS to a gradient of 1e-9 (it may call that unconverged)
        warnings.simplefilter("ignore")
        fit = OrderedModel(df[outcome].to_numpy(), df[attrs].to_numpy(float), distr="logit").fit(
            method="bfgs", disp=False, maxiter=5000, gtol=1e-9)
    k = len(attrs)
    p = np.asarray(fit.params)
    return p[:k], np.r_[p[k], p[k] + np.cumsum(np.exp(p[k + 1:]))], np.asarray(fit.bse)[:k]


def _mz_by_hand(df, attrs, slopes):
    eta = df[attrs].to_numpy(float) @ slopes
    var = eta.var()  # divisor n, as R's DescTools::PseudoR2(..., "McKelveyZavoina")
    return var / (var + np.pi**2 / 3)


def _ordinal_drivers(df, attrs=ATTRS, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ThinDataWarning)
        return cx.satisfaction.drivers(df, "overall", attrs, family="ordinal", **kw)


def test_coefficients_and_cutpoints_are_statsmodels_orderedmodel_to_1e6():
    df = _survey()
    slopes, cuts, se = _statsmodels(df, ATTRS)
    res = _ordinal_drivers(df)
    np.testing.assert_allclose(np.log(res.table["odds_ratio"]), slopes, atol=1e-6)  # per rating point
    sd = df[ATTRS].std(ddof=0).to_numpy()
    np.testing.assert_allclose(res.table["beta"], slopes * sd, atol=1e-6)  # per standard deviation
    z = 1.959963984540054
    np.testing.assert_allclose((res.table["beta_ci_high"] - res.table["beta"]) / z / sd, se, rtol=1e-5)
    c = _ordinal.cells(df[ATTRS].to_numpy(float), df["overall"].to_numpy() - 1, 5, None)
    np.testing.assert_allclose(_ordinal.fit(c).cutpoints, cuts, atol=1e-6)


def test_r2_is_the_mckelvey_zavoina_r2_by_hand_and_both_methods_sum_to_it():
    df = _survey(seed=5)
    slopes, _, _ = _statsmodels(df, ATTRS)
    mz = _mz_by_hand(df, ATTRS, slopes)
    for method in ("relative_weights", "shapley"):
        res = _ordinal_drivers(df, method=method)
        assert res.r2 == pytest.approx(mz, abs=1e-7)
        assert res.table["weight"].sum() == pytest.approx(mz, abs=1e-7)


def test_shapley_values_of_two_attributes_are_the_averaged_gains_of_separate_fits():
    df = _survey(seed=7, slopes=(0.8, 0.4))
    attrs = ATTRS[:2]
    full = _mz_by_hand(df, attrs, _statsmodels(df, attrs)[0])
    alone = [_mz_by_hand(df, [a], _statsmodels(df, [a])[0]) for a in attrs]
    # phi_1 = (MZ({1}) - 0 + MZ({1, 2}) - MZ({2})) / 2, and symmetrically
    expected = [(alone[0] + full - alone[1]) / 2, (alone[1] + full - alone[0]) / 2]
    res = _ordinal_drivers(df, attrs, method="shapley")
    np.testing.assert_allclose(res.table["weight"], expected, atol=1e-7)


def test_the_stronger_simulated_driver_ranks_first_in_both_methods():
    df = _survey(n=3000, seed=11, slopes=(1.0, 0.3, 0.0))
    for method in ("relative_weights", "shapley"):
        t = _ordinal_drivers(df, method=method).table.set_index("attribute")
        assert t.loc["wait", "rank"] == 1 and t.loc["app", "rank"] == 3
        assert t.loc["app", "p_value"] > 0.001 and t.loc["wait", "p_value"] < 1e-10


def test_integer_weights_give_the_estimates_of_replicated_rows_and_weights_of_one_change_nothing():
    df = _survey(n=300, seed=2)
    w = np.random.default_rng(0).integers(1, 4, len(df))
    weighted = _ordinal_drivers(df.assign(w=w), weights="w", method="shapley")
    replicated = _ordinal_drivers(df.loc[df.index.repeat(w)].reset_index(drop=True), method="shapley")
    for col in ("beta", "odds_ratio", "weight"):
        np.testing.assert_allclose(weighted.table[col], replicated.table[col], atol=1e-8)
    ones = _ordinal_drivers(df.assign(w=1.0), weights="w")
    np.testing.assert_allclose(ones.table["beta_ci_low"], _ordinal_drivers(df).table["beta_ci_low"], atol=1e-10)


def test_segments_are_fitted_separately():
    df = pd.concat([_survey(n=400, seed=1).assign(seg="a"), _survey(n=500, seed=2).assign(seg="b")],
                   ignore_index=True)
    res = _ordinal_drivers(df, by="seg")
    for seg in ("a", "b"):
        alone = _ordinal_drivers(df[df["seg"] == seg])
        np.testing.assert_allclose(res.table.loc[res.table["seg"] == seg, "weight"], alone.table["weight"],
                                   atol=1e-10)


def test_an_empty_middle_category_and_a_sparse_one_are_said():
    df = _survey(n=500, seed=4)
    df.loc[df["overall"] == 3, "overall"] = 2  # no 3s left
    df.loc[df.index[:2], "overall"] = 1  # (1s are 15% of rows: not sparse)
    with pytest.warns(ThinDataWarning, match=r"no answers in category 3 \(of 1-5\)"):
        res = cx.satisfaction.drivers(df, "overall", ATTRS, family="ordinal", outcome_scale=(1, 5))
    assert res.fits["categories"].iloc[0] == 4
    assert "no answers in category 3" in res.settings["categories"]
    sparse = df[(df["overall"] != 5) | (df.index < 30)].copy()
    sparse.loc[sparse.index[sparse["overall"] == 5][3:], "overall"] = 4  # three 5s left
    with pytest.warns(ThinDataWarning, match=r"few answers in 5 \(3 rows\)"):
        cx.satisfaction.drivers(sparse, "overall", ATTRS, family="ordinal")


def test_separation_gives_a_note_and_no_numbers():
    df = _survey(n=200, seed=8)
    df["perfect"] = df["overall"].astype(float)  # orders the answers exactly
    with pytest.warns(SeparationWarning, match="did not converge"):
        res = cx.satisfaction.drivers(df, "overall", ["wait", "perfect"], family="ordinal")
    assert res.table["weight"].isna().all() and res.table["status"].str.contains("not identified").all()


def test_the_bootstrap_keeps_its_replicates_and_brackets_the_estimates():
    df = _survey(n=400, seed=9)
    a = _ordinal_drivers(df, n_boot=40, random_state=3, progress=False)
    b = _ordinal_drivers(df, n_boot=40, random_state=3, progress=False)
    reps = a.replicates[()]
    assert reps.shape == (40, 3) and not np.isnan(reps).any()
    np.testing.assert_array_equal(reps, b.replicates[()])
    t = a.table.iloc[:2]  # (the third weight is near 0, where a percentile interval need not hold the estimate)
    assert ((t["weight_ci_low"] <= t["weight"]) & (t["weight"] <= t["weight_ci_high"])).all()
    # each replicate is a refit on the resampled rows (the first draw of the same generator)
    rows = np.random.default_rng(3).integers(0, len(df), len(df))
    refit = _ordinal_drivers(df.iloc[rows].reset_index(drop=True))
    np.testing.assert_allclose(reps[0], refit.table["weight"], atol=1e-8)


@pytest.mark.parametrize("kw, match", [
    ({"method": "ols"}, "'relative_weights' or 'shapley' with family='ordinal'"),
    ({"missing": "pairwise"}, "'listwise' or 'raise' with family='ordinal'"),
])
def test_refusals_name_the_argument(kw, match):
    with pytest.raises(CXInputError, match=match):
        cx.satisfaction.drivers(_survey(n=100), "overall", ATTRS, family="ordinal", **kw)


def test_more_than_twelve_attributes_with_shapley_and_a_continuous_outcome_are_refused():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.integers(1, 6, (200, 13)), columns=[f"a{j}" for j in range(13)]).assign(
        overall=rng.integers(1, 6, 200))
    with pytest.raises(CXInputError, match="at most 12 columns with method='shapley'"):
        cx.satisfaction.drivers(df, "overall", [f"a{j}" for j in range(13)], family="ordinal", method="shapley")
    with pytest.raises(CXInputError, match="16 distinct values: family='ordinal' models at most 15"):
        cx.satisfaction.drivers(df.assign(overall=np.arange(200) % 16), "overall", ["a0"], family="ordinal")


def test_a_moments_object_is_refused_by_name():
    df = _survey(n=100)
    m = cx.satisfaction.moments(df, ["overall", *ATTRS])
    with pytest.raises(CXInputError, match="`family` must be None or 'linear' with a Moments input"):
        cx.satisfaction.drivers(m, "overall", ATTRS, family="ordinal")


def test_row_order_and_the_index_do_not_matter():
    df = _survey(n=300, seed=12)
    shuffled = df.sample(frac=1.0, random_state=1).set_index(np.arange(300) * 7)
    for method in ("relative_weights", "shapley"):
        np.testing.assert_allclose(_ordinal_drivers(shuffled, method=method).table["weight"],
                                   _ordinal_drivers(df, method=method).table["weight"], atol=1e-10)
