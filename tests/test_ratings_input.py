"""The one rating reader: a spec built once, the same groups from rows, a Moments object or an engine frame.

Every rating model reads its data through :func:`cxresearch._core.ratings.read_groups`.
These tests hold the reader to what the models rely on: the per-group sums and the row
accounting do not depend on the kind of input (checked against sums computed here with
numpy), a segment too thin for the model is reported the same way from rows and from sums,
an argument that needs the rows refuses a Moments object by name, and no model module
reads ratings any other way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.ratings import rating_spec, read_groups
from cxresearch.errors import CXInputError

ROOT = Path(__file__).resolve().parents[1] / "cxresearch"


def _survey(n=300, seed=0):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(1, 6, n).astype(float), rng.integers(1, 6, n).astype(float)
    y = np.clip(np.round(1 + 0.5 * a + 0.4 * b + rng.normal(0, 1, n)), 1, 5)
    df = pd.DataFrame({"y": y, "a": a, "b": b, "seg": rng.choice(["gold", "vip"], n),
                       "w": rng.uniform(0.5, 2.0, n)})
    df.loc[[3, 10, 11], "a"] = 99.0  # a "don't know" code
    df.loc[[5], "y"] = np.nan
    return df


def _by_hand(df, seg, columns):
    """Weighted n, sum of weights, means and centred cross-products of the complete rows of one segment."""
    d = df[df["seg"] == seg].replace(99.0, np.nan).dropna(subset=["y", "a", "b"])
    V, w = d[columns].to_numpy(float), d["w"].to_numpy()
    mean = w @ V / w.sum()
    C = (V - mean).T @ ((V - mean) * w[:, None])
    return len(d), w.sum(), mean, C


def _assert_same(found, df, columns):
    for g in found.groups:
        n, sw, mean, C = _by_hand(df, g.key[0], columns)
        assert g.sums.n == n and g.sums.sum_w == pytest.approx(sw, rel=1e-12)
        np.testing.assert_allclose(g.sums.mean, mean, rtol=1e-12)
        np.testing.assert_allclose(g.sums.cross, C, rtol=1e-10, atol=1e-9)


def test_rows_moments_and_an_engine_frame_give_the_same_groups_and_accounting():
    df = _survey()
    spec = rating_spec("y", ["a", "b"], by="seg", missing_codes=[99], weights="w", scale=(1, 5))
    from_rows = read_groups(df, spec)
    from_sums = read_groups(cx.satisfaction.moments(df, ["y", "a", "b"], by="seg", weights="w",
                                                    missing_codes=[99]), spec)
    for found in (from_rows, from_sums):
        assert [g.key for g in found.groups] == [("gold",), ("vip",)]
        _assert_same(found, df, ["y", "a", "b"])
        # 300 in; 1 outcome missing; 3 codes turned missing in `a` leave 3 rows out
        assert (found.rows.n_in, found.rows.n_used) == (300, 296)
    assert from_rows.groups[0].data is not None and from_sums.groups[0].data is None
    assert from_sums.from_moments and not from_rows.from_moments
    pl = pytest.importorskip("polars")
    pytest.importorskip("narwhals")
    from_engine = read_groups(pl.from_pandas(df), spec)
    assert from_engine.from_moments and from_engine.rows.n_used == 296
    _assert_same(from_engine, df, ["y", "a", "b"])


def test_band_dummies_and_products_are_summed_the_same_from_rows_and_moments():
    df = _survey(seed=1)
    bands = rating_spec("y", ["a", "b"], by="seg", missing_codes=[99], weights="w", scale=(1, 5),
                        bands=(None, None), parameters=5)
    rows = read_groups(df, bands)
    sums = read_groups(cx.satisfaction.moments(df, ["y", "a", "b"], by="seg", weights="w", missing_codes=[99],
                                               bands=["a", "b"], scale=(1, 5)), bands)
    assert rows.band_text == sums.band_text == ("<= 2", ">= 4")  # the default bands of a 1-5 scale
    d = df[df["seg"] == "vip"].replace(99.0, np.nan).dropna(subset=["y", "a", "b"])
    share_low_a = np.average(d["a"] <= 2, weights=d["w"])  # weighted share of a-ratings in the low band
    for found in (rows, sums):
        g = found.groups[1]
        assert list(g.sums.names[:3]) == ["y", "a:low", "a:high"]
        assert g.sums.mean[1] == pytest.approx(share_low_a, rel=1e-12)
    products = rating_spec("y", ["a", "b"], missing_codes=[99], products=[("a", "b")])
    g = read_groups(df, products).groups[0]
    d = df.replace(99.0, np.nan).dropna(subset=["y", "a", "b"])
    assert g.sums.mean[3] == pytest.approx((d["a"] * d["b"]).mean(), rel=1e-12)
    np.testing.assert_array_equal(g.derived[:, 0], g.data.X[:, 0] * g.data.X[:, 1])


def test_a_thin_segment_is_reported_the_same_from_rows_and_from_sums():
    df = _survey(seed=2)
    df.loc[df.index[:6], "seg"] = "tiny"  # 6 rows (one with a missing outcome): too few for 10 parameters
    spec = rating_spec("y", ["a", "b"], by="seg", missing_codes=[99], parameters=10)
    found = [read_groups(df, spec),
             read_groups(cx.satisfaction.moments(df, ["y", "a", "b"], by="seg", missing_codes=[99]), spec)]
    for f in found:
        tiny = next(g for g in f.groups if g.key == ("tiny",))
        assert tiny.sums is None and tiny.n == 4  # rows 3 and 5 are not usable (a code, a missing outcome)
        assert "4 usable row(s) for 10 parameters" in tiny.reason
        assert f.rows.excluded["in a segment not estimable"] == 4
    assert found[0].rows.n_used == found[1].rows.n_used


def test_arguments_that_need_rows_refuse_sums_by_name_and_keep_an_engine_frame_in_rows():
    df = _survey(seed=3)
    m = cx.satisfaction.moments(df, ["y", "a", "b"], missing_codes=[99])
    spec = rating_spec("y", ["a", "b"], missing_codes=[99],
                       rows_only=[("n_boot", 200, "respondents' rows: a bootstrap resamples them")])
    with pytest.raises(CXInputError, match=r"`n_boot` must be left at its default with a Moments input .*got 200"):
        read_groups(m, spec)
    always = rating_spec("y", ["a", "b"], missing_codes=[99], model="decompose", rows="resamples customers")
    with pytest.raises(CXInputError, match=r"`data` must be a DataFrame of respondents' rows; got a Moments object\. "
                                           r"decompose resamples customers"):
        read_groups(m, always)
    pl = pytest.importorskip("polars")
    pytest.importorskip("narwhals")
    g = read_groups(pl.from_pandas(df), spec).groups[0]
    assert g.data is not None and len(g.data.y) == g.sums.n  # the rows themselves, not moments


@pytest.mark.parametrize("kwargs, names", [
    (dict(outcome="a", attributes=["a", "b"]), "`outcome` must be a column not listed in `attributes`"),
    (dict(outcome="y", attributes=["a", "b"], by="a"), "`by` must be columns other than the outcome"),
    (dict(outcome="y", attributes=["a", "b"], weights="b"), "`weights` must be a column other than"),
    (dict(outcome="y", attributes=["a", "a"]), "`attributes` must be a list of distinct column names"),
    (dict(outcome="y", attributes=["a"], missing="drop"), "`missing` must be one of 'listwise', 'raise'"),
])
def test_the_spec_checks_its_arguments_once_by_name(kwargs, names):
    with pytest.raises(CXInputError, match=names):
        rating_spec(kwargs.pop("outcome"), kwargs.pop("attributes"), **kwargs)


def test_only_the_reader_reads_ratings():
    """No model module calls the rows or moments readers itself, or reduces an engine frame on its own."""
    readers = {"prepare_groups", "moment_groups", "use_engine"}
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path.name in ("ratings.py", "rating_rows.py", "rating_moments.py", "reduce.py", "engine_reduce.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and any(a.name in readers for a in node.names):
                offenders.append(f"{path.relative_to(ROOT)}: {[a.name for a in node.names if a.name in readers]}")
    assert not offenders, offenders


def test_every_rating_model_reads_an_engine_frame_as_its_rows():
    """Found by an independent probe: disconfirmation took the reduced engine frame for its Moments."""
    pl = pytest.importorskip("polars")
    pytest.importorskip("narwhals")
    df = _survey(seed=4).drop(columns="seg").replace(99.0, 3.0)
    frame = pl.from_pandas(df)
    pairs = [
        (lambda d: cx.satisfaction.disconfirmation(d, "y", "a", "b", scale=(1, 5), weights="w"), "estimate"),
        (lambda d: cx.satisfaction.drivers(d, "y", ["a", "b"], weights="w"), "weight"),
        (lambda d: cx.satisfaction.penalty_reward(d, "y", ["a", "b"], scale=(1, 5)), "penalty"),
    ]
    for call, column in pairs:
        rows, engine = call(df), call(frame)
        np.testing.assert_allclose(engine.table[column].to_numpy(float), rows.table[column].to_numpy(float),
                                   rtol=1e-10)
        assert engine.rows.n_used == rows.rows.n_used == 299  # row 5: outcome missing


def test_a_column_missing_from_an_engine_frame_is_named_not_a_polars_error():
    pl = pytest.importorskip("polars")
    pytest.importorskip("narwhals")
    frame = pl.from_pandas(_survey(seed=5).drop(columns="b"))
    with pytest.raises(CXInputError, match=r"column\(s\) 'b' not found in the data\. Columns present: 'y', 'a'"):
        cx.satisfaction.drivers(frame, "y", ["a", "b"])
