"""drivers(..., missing="pairwise"): correlations from pairwise-complete rows, their n, their bootstrap.

Reference: pandas' ``DataFrame.corr()``, which computes each correlation from the rows where
both columns are present (pairwise deletion), and a weighted correlation written out by hand.
"""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError
from cxresearch.satisfaction import _importance
from cxresearch._core.sums import t_table

ATTRS = ["a", "b", "c"]


def _gappy(n=400, seed=0, share=0.25):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    X[:, 1] += 0.5 * X[:, 0]
    y = X @ [0.6, 0.3, 0.1] + rng.normal(size=n)
    df = pd.DataFrame({"overall": y, "a": X[:, 0], "b": X[:, 1], "c": X[:, 2]})
    for col in ATTRS:
        df.loc[rng.random(n) < share, col] = np.nan
    return df


def _pairwise(df, **kw):
    return cx.satisfaction.drivers(df, "overall", ATTRS, missing="pairwise", **kw)


def test_correlations_and_weights_are_those_of_pandas_pairwise_corr():
    df = _gappy()
    R = df[["overall", *ATTRS]].corr().to_numpy()  # pandas: pairwise-complete
    for method in ("relative_weights", "shapley", "ols"):
        res = _pairwise(df, method=method)
        np.testing.assert_allclose(res.table["r"], R[1:, 0], atol=1e-12)
        np.testing.assert_allclose(res.table["weight"], _importance.weights(R, method), atol=1e-12)
    present = df[["overall", *ATTRS]].notna().to_numpy(float)
    n = present.T @ present  # rows answering both columns of each pair
    pairs = _pairwise(df).pairs
    assert pairs[["first", "second"]].values.tolist()[:3] == [["overall", "a"], ["overall", "b"], ["overall", "c"]]
    np.testing.assert_array_equal(pairs["n"], n[np.triu_indices(4, 1)])


def test_the_effective_n_of_the_intervals_is_the_smallest_pairwise_n():
    df = _gappy(seed=1)
    res = _pairwise(df)
    n_min = int(res.pairs["n"].min())
    R = df[["overall", *ATTRS]].corr().to_numpy()
    beta = np.linalg.solve(R[1:, 1:], R[1:, 0])
    r2 = R[1:, 0] @ beta
    se = np.sqrt((1 - r2) / (n_min - 3 - 1) * np.diag(np.linalg.inv(R[1:, 1:])))
    np.testing.assert_allclose(res.table["beta_ci_low"], t_table(beta, se, n_min - 4, 0.95)["ci_low"], atol=1e-12)
    assert res.fits["n_pairs_min"].iloc[0] == n_min
    assert f"{n_min:,}-{int(res.pairs['n'].max()):,} rows" in res.settings["missing"]


def test_a_weighted_pairwise_correlation_by_hand():
    df = _gappy(seed=2).assign(w=np.random.default_rng(5).uniform(0.2, 3.0, 400))
    res = _pairwise(df, weights="w")
    both = df[["overall", "b", "w"]].dropna()
    y, x, w = both["overall"].to_numpy(), both["b"].to_numpy(), both["w"].to_numpy()
    my, mx = w @ y / w.sum(), w @ x / w.sum()  # this pair's own weighted means
    r = (w * (y - my)) @ (x - mx) / np.sqrt((w * (y - my)) @ (y - my) * (w * (x - mx)) @ (x - mx))
    assert res.table.loc[1, "r"] == pytest.approx(r, abs=1e-12)
    kish = w.sum() ** 2 / (w @ w)
    assert res.pairs.loc[1, "n_eff"] == pytest.approx(kish, rel=1e-12)


def test_complete_data_give_the_listwise_result_bootstrap_included():
    df = _gappy(share=0.0)
    a = _pairwise(df, n_boot=40, random_state=4, progress=False)
    b = cx.satisfaction.drivers(df, "overall", ATTRS, n_boot=40, random_state=4, progress=False)
    for col in ("weight", "beta_ci_low", "weight_ci_low", "weight_ci_high"):
        np.testing.assert_allclose(a.table[col], b.table[col], atol=1e-12)


def test_each_pairwise_bootstrap_replicate_is_pandas_corr_on_the_resampled_rows():
    df = _gappy(n=200, seed=3)
    res = _pairwise(df, n_boot=40, random_state=7, progress=False)
    rng = np.random.default_rng(7)
    for i in range(3):
        rows = rng.integers(0, len(df), len(df))
        R = df.iloc[rows][["overall", *ATTRS]].corr().to_numpy()
        np.testing.assert_allclose(res.replicates[()][i], _importance.relative_weights(R), atol=1e-10)


def test_rows_with_fewer_than_two_answers_are_counted():
    df = _gappy(n=100, seed=4)
    df.loc[:4, ["a", "b", "c"]] = np.nan  # five rows answer the outcome only
    res = _pairwise(df)
    few = int((df.notna().sum(axis=1) < 2).sum())  # the five, and any row that lost its answers at random
    assert few >= 5 and res.rows.excluded == {"fewer than two ratings answered (pairwise)": few}
    assert res.rows.n_used == 100 - few


def test_a_pairwise_matrix_that_is_not_positive_definite_is_refused():
    # a, b and c never meet in one row except pairwise: a = b on some rows, b = -c on others, a = c on others
    base = np.linspace(-1, 1, 30)
    nan = np.full(30, np.nan)
    df = pd.DataFrame({
        "overall": np.r_[base, base, base] + np.tile([0.1, -0.1], 45),
        "a": np.r_[base, nan, base], "b": np.r_[base, -base, nan], "c": np.r_[nan, base, base]})
    with pytest.raises(CXInputError, match="not positive definite"):
        _pairwise(df)


def test_pairwise_is_refused_where_it_cannot_apply():
    df = _gappy(n=100)
    with pytest.raises(CXInputError, match="'listwise' or 'raise' with family='logit'"):
        cx.satisfaction.drivers(df.assign(yes=(df["overall"] > 0).astype(int)), "yes", ATTRS, family="logit",
                                missing="pairwise")
    m = cx.satisfaction.moments(df.dropna(), ["overall", *ATTRS])
    with pytest.raises(CXInputError, match="`missing` must be 'listwise' or 'raise' with a Moments input"):
        _pairwise(m)
    with pytest.raises(CXInputError, match=r"`missing` must be one of \['listwise', 'raise'\]; got 'pairwise'"):
        cx.satisfaction.penalty_reward(df.round(), "overall", ATTRS, missing="pairwise")


def test_row_order_does_not_matter_and_the_input_is_not_changed():
    df = _gappy(seed=6)
    before = df.copy()
    res = _pairwise(df)
    pd.testing.assert_frame_equal(df, before)
    shuffled = _pairwise(df.sample(frac=1.0, random_state=2))
    np.testing.assert_allclose(shuffled.table["weight"], res.table["weight"], atol=1e-12)
