"""Aggregate first: ``moments`` and every rating model given a ``Moments`` object instead of rows.

The identities: a model fitted from the moments gives the table of the same model fitted on the
rows (to 1e-10), with segments, missing values, codes and weights; the moments themselves are the
counts, means and cross-products of the rows used (checked against numpy and pandas here); and an
engine that returns the sums of the agreed format (a reference implementation of the format is
written below, standing in for ``cxresearch._core.engine.moment_sums``) gives the same object.
"""


import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, ScaleWarning
from cxresearch.satisfaction import Moments


def _close(a: pd.DataFrame, b: pd.DataFrame, tol=1e-10):
    """Equal tables: same columns and text, numbers to ``tol`` (relative to 1)."""
    assert list(a.columns) == list(b.columns)
    num = a.select_dtypes("number").columns
    for c in a.columns:
        if c in num:
            np.testing.assert_allclose(a[c].astype(float), b[c].astype(float), rtol=tol, atol=tol, err_msg=c)
        else:
            assert a[c].astype(str).tolist() == b[c].astype(str).tolist(), c


@pytest.fixture
def survey(rng):
    """Ratings 1-5 with a few missing answers, a code 9, three segments and integer-valued weights."""
    n, k = 900, 4
    X = rng.integers(1, 6, size=(n, k)).astype(float)
    y = 3 + ((X <= 2) * [-1.0, -0.6, -0.2, -0.1] + (X >= 4) * [0.1, 0.4, 0.5, 0.9]).sum(axis=1) + rng.normal(size=n)
    df = pd.DataFrame(X, columns=list("abcd")).assign(y=y, seg=rng.choice(["x", "y", "z"], n),
                                                     w=rng.integers(1, 4, n).astype(float))
    df.loc[[3, 50, 400], "b"] = np.nan
    df.loc[[7, 8], "c"] = 9
    df.loc[[11], "y"] = np.nan
    df.loc[[20], "seg"] = None
    return df


ATTRS = list("abcd")


# ---------------------------------------------------------------------------------------
# The moments themselves
# ---------------------------------------------------------------------------------------

def test_moments_are_the_counts_means_and_cross_products_of_the_rows_used(survey):
    m = cx.satisfaction.moments(survey, ["y", *ATTRS], by="seg", weights="w", missing_codes=[9])
    clean = survey.replace({"c": {9: np.nan}})
    for g, (key,) in enumerate(m.keys):
        part = clean[clean["seg"] == key].dropna(subset=["y", *ATTRS])
        V, w = part[["y", *ATTRS]].to_numpy(), part["w"].to_numpy()
        mean = w @ V / w.sum()
        assert m.n[g] == len(part) and m.sum_w[g] == pytest.approx(w.sum()) and m.sum_w2[g] == pytest.approx(w @ w)
        np.testing.assert_allclose(m.mean[g], mean, rtol=1e-12)
        np.testing.assert_allclose(m.cross[g], ((V - mean) * w[:, None]).T @ (V - mean), rtol=1e-10, atol=1e-9)
        np.testing.assert_allclose(m.covariance(key), np.cov(V, rowvar=False, aweights=w), rtol=1e-10)
    # 900 in: 1 without a segment, then rows with a missing value (3 b, 2 c coded 9, 1 y) left out
    assert m.rows.n_in == 900 and m.rows.excluded["seg missing"] == 1
    assert m.rows.n_used == int(m.n.sum()) == 900 - 1 - m.rows.excluded["a value missing"]
    assert m.rows.recoded == {"c": 2}
    assert m.missing.sum(axis=0).tolist() == [1, 0, 3, 2, 0]  # y, a, b, c (coded 9), d


def test_unweighted_moments_match_pandas_cov_and_corr(survey):
    survey = survey.replace({"c": {9: 5}})
    m = cx.satisfaction.moments(survey, ["y", *ATTRS])
    rows = survey[["y", *ATTRS]].dropna()
    _close(m.covariance(), rows.cov())
    _close(m.correlation(), rows.corr())
    t = m.table
    assert t.columns.tolist() == ["column", "n", "mean", "sd", "missing"]
    np.testing.assert_allclose(t["sd"], rows.std().to_numpy(), rtol=1e-12)
    assert t["missing"].tolist() == [1, 0, 3, 0, 0]
    assert m.n_eff.tolist() == [len(rows)]
    pd.testing.assert_frame_equal(m.to_frame(), t)


def test_moments_text_html_and_errors(survey):
    m = cx.satisfaction.moments(survey, ["y", *ATTRS], by="seg", weights="w", missing_codes=[9])
    text = repr(m)
    assert text.startswith("<Moments>") and "weights: 'w' (sampling weights; Kish n_eff)" in text
    assert "rows: 900 respondents in" in text and "n_eff" in m.table
    assert "<h4>Moments</h4>" in m._repr_html_()
    with pytest.raises(CXInputError, match=r"`group` must be one of the groups"):
        m.correlation("nope")
    with pytest.raises(CXInputError, match=r"`bands` must be a list of names from `columns`"):
        cx.satisfaction.moments(survey, ["y", "a"], bands=["b"])
    with pytest.raises(CXInputError, match=r"`scale` must be None without `bands`"):
        cx.satisfaction.moments(survey, ["y", "a"], scale=(1, 5))
    with pytest.raises(CXInputError, match=r"`products` must be a list of pairs"):
        cx.satisfaction.moments(survey, ["y", "a"], products=[("a", "zz")])
    with pytest.raises(CXInputError, match="'zz' not found"):
        cx.satisfaction.moments(survey, ["y", "zz"])
    with pytest.warns(ScaleWarning, match="'c': 9"):
        cx.satisfaction.moments(survey, ["y", *ATTRS])


# ---------------------------------------------------------------------------------------
# Models from moments == models from rows
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["relative_weights", "shapley", "ols"])
@pytest.mark.parametrize("weights", [None, "w"])
def test_drivers_from_moments_equal_drivers_from_rows(survey, method, weights):
    kw = dict(method=method, by="seg", missing_codes=[9], weights=weights)
    rows = cx.satisfaction.drivers(survey, "y", ATTRS, **kw)
    m = cx.satisfaction.moments(survey, ["y", *ATTRS], by="seg", weights=weights, missing_codes=[9])
    res = cx.satisfaction.drivers(m, "y", ATTRS, method=method, by="seg")
    _close(res.table, rows.table)
    _close(res.fits, rows.fits)
    assert res.settings["R2"] == rows.settings["R2"]


def test_importance_performance_from_moments(survey):
    clean = survey.drop(columns="c")
    rows = cx.satisfaction.importance_performance(clean, "y", ["a", "b", "d"])
    res = cx.satisfaction.importance_performance(cx.satisfaction.moments(clean, ["y", "a", "b", "d"]), "y",
                                                 ["a", "b", "d"])
    _close(res.table, rows.table)


@pytest.mark.parametrize("weights", [None, "w"])
def test_penalty_reward_from_moments_with_bands(survey, weights):
    kw = dict(by="seg", missing_codes=[9], scale=(1, 5), min_n=0)
    rows = cx.satisfaction.penalty_reward(survey, "y", ATTRS, weights=weights, **kw)
    m = cx.satisfaction.moments(survey, ["y", *ATTRS], by="seg", weights=weights, missing_codes=[9], bands=ATTRS,
                                scale=(1, 5))
    assert "a:low" in m.columns and m.bands.low_text == "<= 2"
    res = cx.satisfaction.penalty_reward(m, "y", ATTRS, min_n=0)
    _close(res.table, rows.table)
    _close(res.fits, rows.fits)
    assert res.tests is None and rows.tests is not None
    assert res.settings["segment test"].startswith("not computed from moments")
    assert res.model is None and res.settings["bands"] == rows.settings["bands"]


def test_penalty_reward_bands_must_come_with_the_moments(survey):
    plain = cx.satisfaction.moments(survey.drop(columns="c"), ["y", "a", "b"])
    with pytest.raises(CXInputError, match=r"penalty_reward needs the band dummies: moments\(\.\.\., bands=\['a', 'b'\]"):
        cx.satisfaction.penalty_reward(plain, "y", ["a", "b"])
    banded = cx.satisfaction.moments(survey.drop(columns="c"), ["y", "a", "b"], bands=["a", "b"])
    assert banded.bands.scale == (1, 5) and banded.bands.scale_source == "inferred from the data"
    with pytest.raises(CXInputError, match=r"`low` must be None or None \(the bands of the moments\); got 3"):
        cx.satisfaction.penalty_reward(banded, "y", ["a", "b"], low=3)
    with pytest.raises(CXInputError, match=r"`n_boot` must be left at its default with a Moments input"):
        cx.satisfaction.penalty_reward(banded, "y", ["a", "b"], n_boot=200)
    with pytest.raises(CXInputError, match="overlap"):
        cx.satisfaction.moments(survey, ["y", "a"], bands=["a"], low=3, high=3)


@pytest.mark.parametrize("centre", ["midpoint", "mean", 2.5])
@pytest.mark.parametrize("weights", [None, "w"])
def test_disconfirmation_from_moments_with_products(rng, centre, weights):
    n = 1500
    e, x = rng.integers(1, 6, n).astype(float), rng.integers(1, 6, n).astype(float)
    df = pd.DataFrame({"e": e, "x": x, "w": rng.integers(1, 4, n).astype(float),
                       "s": 5 + 1.5 * (e - x) - 0.2 * (e - 3) ** 2 + rng.normal(0, 0.7, n)})
    rows = cx.satisfaction.disconfirmation(df, "s", "e", "x", centre=centre, weights=weights)
    m = cx.satisfaction.moments(df, ["s", "e", "x"], weights=weights, products=[("e", "e"), ("e", "x"), ("x", "x")])
    res = cx.satisfaction.disconfirmation(m, "s", "e", "x", centre=centre)
    _close(res.table, rows.table)
    _close(res.tests, rows.tests)
    assert res.difference == pytest.approx(rows.difference, rel=1e-10)
    assert res.stationary["shape"] == rows.stationary["shape"]
    assert res.verdict == rows.verdict and res.centre == rows.centre
    assert res.points is None and res.extent == ((1.0, 1.0), (5.0, 5.0))
    assert len(res.plot().axes) == 2  # the contour and its colour bar, without points
    with pytest.raises(CXInputError, match=r"`cluster` must be left at its default with a Moments input"):
        cx.satisfaction.disconfirmation(m, "s", "e", "x", cluster="e")


def test_unweighted_surface_from_sums_equals_statsmodels(rng):
    import statsmodels.api as sm

    n = 800
    e, x = rng.uniform(1, 5, n), rng.uniform(1, 5, n)
    df = pd.DataFrame({"e": e, "x": x, "s": 3 + e - 0.5 * x + 0.1 * e * x + rng.normal(size=n)})
    res = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5))
    E, X = e - 3, x - 3
    fit = sm.OLS(df["s"].to_numpy(), np.column_stack([np.ones(n), E, X, E * E, E * X, X * X])).fit()
    t = res.table.set_index("term").loc[["b0", "b1", "b2", "b3", "b4", "b5"]]
    np.testing.assert_allclose(t["estimate"], fit.params, rtol=1e-9)
    np.testing.assert_allclose(t["se"], fit.bse, rtol=1e-9)
    np.testing.assert_allclose(t[["ci_low", "ci_high"]], fit.conf_int(), rtol=1e-9)
    ft = fit.f_test(np.eye(6)[3:])
    plane = res.tests.set_index("test").loc["plane"]
    assert plane["F"] == pytest.approx(float(np.squeeze(ft.fvalue)), rel=1e-9) and plane["df_denom"] == n - 6


def test_checks_read_from_the_moments(survey):
    clean = survey.drop(columns="c").dropna()
    m = cx.satisfaction.moments(clean.assign(k=2.0, a2=clean["a"] * 2, code=np.where(clean.index == 5, 99, 3)),
                                ["y", "a", "b", "k", "a2", "code"])
    with pytest.raises(CXInputError, match=r"Attribute\(s\) constant in the \d+ rows used: 'k' = 2"):
        cx.satisfaction.drivers(m, "y", ["a", "k"])
    with pytest.raises(CXInputError, match=r"perfectly collinear in the \d+ rows used: \{'a', 'a2'\}"):
        cx.satisfaction.drivers(m, "y", ["a", "a2", "b"])
    with pytest.raises(CXInputError, match=r"Column 'code': values outside the declared scale 1-5 when the moments "
                                           r"were made \(smallest 3, largest 99\)"):
        cx.satisfaction.drivers(m, "y", ["a", "code"], scale=(1, 5))
    with pytest.raises(CXInputError, match=r"Column\(s\) 'zz' not in the moments"):
        cx.satisfaction.drivers(m, "y", ["a", "zz"])
    with pytest.raises(CXInputError, match=r"`by` must be None or \[\]"):
        cx.satisfaction.drivers(m, "y", ["a"], by="seg")
    with pytest.raises(CXInputError, match=r"`missing_codes` must be None or \[\]"):
        cx.satisfaction.drivers(m, "y", ["a"], missing_codes=[9])
    with pytest.raises(CXInputError, match=r"`weights` must be None or None"):
        cx.satisfaction.drivers(m, "y", ["a"], weights="w")
    with pytest.raises(CXInputError, match=r"`n_boot` must be left at its default with a Moments input \(it needs "
                                           r"the respondents' rows: a bootstrap resamples them\); got 50"):
        cx.satisfaction.drivers(m, "y", ["a"], n_boot=50)
    binary = cx.satisfaction.moments(clean.assign(yes=(clean["y"] > 3).astype(float)), ["yes", "a", "b"])
    with pytest.raises(CXInputError, match="Outcome 'yes' is binary: it has exactly two distinct values, 0 and 1"):
        cx.satisfaction.drivers(binary, "yes", ["a", "b"])
    assert cx.satisfaction.drivers(binary, "yes", ["a", "b"], family="linear").rows.n_used == len(clean)
    gappy = cx.satisfaction.moments(survey.drop(columns="c"), ["y", "a", "b"])
    with pytest.raises(CXInputError, match=r"Column 'y' has 1 missing value\(s\) in the moments"):
        cx.satisfaction.drivers(gappy, "y", ["a", "b"], missing="raise")
    tiny = cx.satisfaction.moments(clean.head(3), ["y", "a", "b"])
    with pytest.raises(CXInputError, match=r"Only 3 complete row\(s\) .* a regression needs at least 4"):
        cx.satisfaction.drivers(tiny, "y", ["a", "b"])


def test_a_segment_error_names_the_segment(survey):
    df = survey.drop(columns="c").copy()
    df.loc[df["seg"] == "y", "a"] = 3.0
    m = cx.satisfaction.moments(df, ["y", "a", "b"], by="seg")
    with pytest.raises(CXInputError, match=r"In seg = 'y': Attribute\(s\) constant .* 'a' = 3"):
        cx.satisfaction.drivers(m, "y", ["a", "b"])


# ---------------------------------------------------------------------------------------
# Other engines: the agreed format of cxresearch._core.engine.moment_sums
# ---------------------------------------------------------------------------------------

def reference_moment_sums(data, columns, *, by=(), weights=None, missing_codes=()):
    """The agreed output of ``moment_sums``, computed with pandas as an engine would: raw sums per group."""
    import narwhals as nw

    from cxresearch._core.engine_base import quiet

    with quiet():
        frame = nw.from_native(data)
    frame = frame.collect() if hasattr(frame, "collect") else frame
    df = frame.to_pandas()
    by = list(by)
    X = df[list(columns)].astype(float)
    coded = X.isin([c for c in missing_codes if not isinstance(c, str)]) & X.notna()
    X = X.mask(coded)
    w = df[weights].astype(float) if weights else pd.Series(1.0, index=df.index)
    no_group = df[by].isna().any(axis=1) if by else pd.Series(False, index=df.index)
    found = df[~no_group].groupby(by, sort=True).indices if by else {(): np.arange(len(df))}
    out = []
    for key, idx in found.items():
        idx = df.index[np.flatnonzero(~no_group)[idx]] if by else df.index
        Xg, wg = X.loc[idx], w.loc[idx]
        complete = Xg.notna().all(axis=1)
        used = complete & (wg > 0)
        V, u = Xg[used].to_numpy(), wg[used].to_numpy()
        row = dict(zip(by, key if isinstance(key, tuple) else (key,)))
        row.update(n_rows=len(idx), n=int(used.sum()), n_zero_weight=int((complete & ~used).sum()), sum_w=u.sum(),
                   sum_w2=(u * u).sum())
        for i in range(len(columns)):
            row[f"sum__{i}"] = u @ V[:, i]
            row[f"missing__{i}"] = int(Xg.iloc[:, i].isna().sum())
            row[f"recoded__{i}"] = int(coded.loc[idx].iloc[:, i].sum())
            for j in range(i, len(columns)):
                row[f"cross__{i}__{j}"] = u @ (V[:, i] * V[:, j])
        out.append(row)
    result = pd.DataFrame(out)
    result.attrs["cxresearch"] = {"n_no_group": int(no_group.sum())}
    return result


@pytest.fixture(params=["reference", "real"])
def engine(request, monkeypatch):
    """``cxresearch._core.engine`` as shipped, and with the reference ``moment_sums`` above in its place."""
    pytest.importorskip("narwhals")
    from cxresearch._core import engine as module

    if request.param == "reference":
        monkeypatch.setattr(module, "moment_sums", reference_moment_sums)
    return module


def _native(kind: str, df: pd.DataFrame):
    if kind == "polars":
        return pytest.importorskip("polars").from_pandas(df)
    if kind == "dask":
        return pytest.importorskip("dask.dataframe").from_pandas(df.astype({"seg": object}), npartitions=3)
    duckdb = pytest.importorskip("duckdb")
    return duckdb.from_df(df.astype({"seg": object}))


@pytest.mark.parametrize("kind, engine_name", [("polars", "polars DataFrame"), ("duckdb", "duckdb DuckDBPyRelation"),
                                               ("dask", "dask DataFrame")])
def test_moments_of_another_frame_through_the_engine(survey, engine, kind, engine_name):
    pytest.importorskip("narwhals")
    kw = dict(by="seg", weights="w", missing_codes=[9], bands=ATTRS, scale=(1, 5), products=[("a", "b")])
    pd_m = cx.satisfaction.moments(survey, ["y", *ATTRS], **kw)
    pl_m = cx.satisfaction.moments(_native(kind, survey), ["y", *ATTRS], **kw)
    assert pl_m.engine == engine_name and pl_m.columns == pd_m.columns and pl_m.keys == pd_m.keys
    for name in ("n_rows", "n", "n_zero_weight", "missing"):
        np.testing.assert_array_equal(getattr(pl_m, name), getattr(pd_m, name), err_msg=name)
    for name in ("sum_w", "sum_w2", "mean", "cross"):
        np.testing.assert_allclose(getattr(pl_m, name), getattr(pd_m, name), rtol=1e-10, atol=1e-8, err_msg=name)
    assert pl_m.rows == pd_m.rows
    np.testing.assert_array_equal(pl_m.minimum[:5], pd_m.minimum[:5])
    assert pl_m.bands == pd_m.bands
    res = cx.satisfaction.penalty_reward(pl_m, "y", ATTRS, min_n=0)
    _close(res.table, cx.satisfaction.penalty_reward(pd_m, "y", ATTRS, min_n=0).table, tol=1e-9)


def test_models_given_a_polars_frame_reduce_it_in_the_engine(survey, engine, monkeypatch):
    pl = pytest.importorskip("polars")
    pytest.importorskip("narwhals")
    calls = []
    monkeypatch.setattr(engine, "moment_sums", lambda *a, **k: calls.append(a[1]) or reference_moment_sums(*a, **k))
    frame = pl.from_pandas(survey.drop(columns="c"))
    attrs = ["a", "b", "d"]
    res = cx.satisfaction.drivers(frame, "y", attrs, by="seg", weights="w")
    _close(res.table, cx.satisfaction.drivers(survey, "y", attrs, by="seg", weights="w").table, tol=1e-9)
    assert calls == [["y", *attrs]]
    pr = cx.satisfaction.penalty_reward(frame, "y", attrs, scale=(1, 5), min_n=0)
    _close(pr.table, cx.satisfaction.penalty_reward(survey, "y", attrs, scale=(1, 5), min_n=0).table, tol=1e-9)
    boot = cx.satisfaction.drivers(frame, "y", attrs, n_boot=40, random_state=1)  # rows needed: converted
    assert "weight_ci_low" in boot.table and len(calls) == 2


def test_bad_weights_are_refused_in_the_engine_too(survey, engine):
    pl = pytest.importorskip("polars")
    pytest.importorskip("narwhals")
    df = survey.copy()
    df.loc[[1, 2], "w"] = [-1.0, np.inf]
    with pytest.raises(CXInputError, match=r"Column 'w': weights must be non-negative finite numbers; found 1 "
                                           r"negative, infinite"):
        cx.satisfaction.moments(pl.from_pandas(df), ["y", "a"], weights="w")
    with pytest.raises(CXInputError, match=r"Column 'w' \(weights\) must hold a positive weight"):
        cx.satisfaction.moments(pl.from_pandas(df.assign(w=0.0)), ["y", "a"], weights="w")
