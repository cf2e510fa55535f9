"""One aggregation step, any engine: the same small data through pandas, Polars (eager and lazy),
PyArrow, DuckDB, Dask (a two-worker local cluster) and PySpark (where installed, with Java) give
the count tables and moment sums of a hand computation: exact for counts, 1e-10 for sums.

Every optional engine is imported with ``pytest.importorskip``, so a run without the engines
(the oldest-versions run) skips these tests with the reason.
"""

from __future__ import annotations

import shutil
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core import engine_base
from cxresearch._core.engine import group_counts, moment_sums
from cxresearch.errors import CXInputError, KanoInputError

CATS = ["A", "O", "M", "I", "R", "Q"]
ENGINES = ["polars", "polars_lazy", "pyarrow", "duckdb", "dask"]


def responses() -> pd.DataFrame:
    """60 answer pairs: 3 attributes x 2 segments, missing categories, a missing segment, integer weights."""
    rng = np.random.default_rng(7)
    n = 60
    out = pd.DataFrame({
        "attribute": rng.choice(["wifi", "price", "speed"], n),
        "segment": rng.choice(["north", "south"], n).astype(object),
        "category": rng.choice(CATS + [None], n, p=[.2, .2, .2, .15, .1, .05, .1]).astype(object),
        "w": rng.integers(0, 4, n).astype(float),
    })
    out.loc[[3, 17], "segment"] = None
    out.loc[5, "w"] = 0.0
    return out


def ratings() -> pd.DataFrame:
    """40 respondents: 3 rating columns with gaps and a 'don't know' code 99, weights, two groups."""
    rng = np.random.default_rng(3)
    n = 40
    out = pd.DataFrame({
        "group": rng.choice(["a", "b"], n).astype(object),
        "overall": rng.integers(1, 11, n).astype(float),
        "staff": rng.normal(5, 2, n),
        "speed": rng.integers(1, 6, n).astype(float),
        "w": rng.integers(0, 3, n).astype(float),
    })
    out.loc[[2, 9], "staff"] = np.nan
    out.loc[[4, 11, 30], "speed"] = 99.0
    out.loc[7, "group"] = None
    return out


def hand_counts(df: pd.DataFrame, by: list, weights: str | None = None) -> pd.DataFrame:
    """The count table by a plain loop over rows."""
    tally: dict = {}
    for row in df.itertuples(index=False):
        row = row._asdict()
        if any(pd.isna(row[b]) for b in by):
            continue
        key = (row["attribute"], *[row[b] for b in by])
        cell = tally.setdefault(key, Counter())
        cat, w = row["category"], (1.0 if weights is None else row[weights])
        if cat is None or pd.isna(cat):
            cell["n_missing"] += 1
            continue
        cell[cat] += w
        cell[f"sumw2_{cat}"] += w * w
        cell["n_raw"] += w > 0  # coded pairs with a positive weight
    rows = []
    for key in sorted(tally):
        cell = tally[key]
        rec = dict(zip(["attribute", *by], key))
        rec.update({c: cell[c] for c in CATS})
        rec["n_missing"] = cell["n_missing"]
        if weights is not None:
            rec.update({f"sumw2_{c}": cell[f"sumw2_{c}"] for c in CATS})
            rec["n_raw"] = cell["n_raw"]
        rows.append(rec)
    out = pd.DataFrame(rows)
    kind = {c: (float if weights is not None and c in CATS or c.startswith("sumw2_") else np.int64)
            for c in out.columns if c not in ["attribute", *by]}
    return out.astype(kind)


def hand_moments(df: pd.DataFrame, cols: list, by: list, weights: str | None, codes: list) -> pd.DataFrame:
    """Moment sums group by group with explicit loops."""
    rows = []
    keyed = df.dropna(subset=by) if by else df
    groups = keyed.groupby(by, sort=True) if by else [((), keyed)]
    for key, g in groups:
        x = g[cols].to_numpy(float)
        recoded = np.isin(x, codes)
        x = np.where(recoded, np.nan, x)
        w = g[weights].to_numpy(float) if weights else np.ones(len(g))
        complete = ~np.isnan(x).any(axis=1)
        ok = complete & (w > 0)
        rec = dict(zip(by, key if isinstance(key, tuple) else (key,)))
        rec.update({"n_rows": len(g), "n": int(ok.sum()), "n_zero_weight": int((complete & (w == 0)).sum()),
                    "sum_w": w[ok].sum(), "sum_w2": (w[ok] ** 2).sum()})
        for i in range(len(cols)):
            rec[f"sum__{i}"] = sum(w[r] * x[r, i] for r in np.flatnonzero(ok))
        for i in range(len(cols)):
            for j in range(i, len(cols)):
                rec[f"cross__{i}__{j}"] = sum(w[r] * x[r, i] * x[r, j] for r in np.flatnonzero(ok))
        for i in range(len(cols)):
            rec[f"missing__{i}"] = int(np.isnan(x[:, i]).sum())
        for i in range(len(cols)):
            rec[f"recoded__{i}"] = int(recoded[:, i].sum())
        rows.append(rec)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.dataframe")
    cluster = distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def as_engine(df: pd.DataFrame, engine: str, request):
    """``df`` as a frame of ``engine`` (skipping when the engine or narwhals is not installed)."""
    pytest.importorskip("narwhals")
    if engine in ("polars", "polars_lazy"):
        pl = pytest.importorskip("polars")
        frame = pl.from_pandas(df)
        return frame.lazy() if engine == "polars_lazy" else frame
    if engine == "pyarrow":
        pa = pytest.importorskip("pyarrow")
        return pa.Table.from_pandas(df, preserve_index=False)
    if engine == "duckdb":
        duckdb = pytest.importorskip("duckdb")
        return duckdb.from_df(df)
    request.getfixturevalue("dask_client")
    dd = pytest.importorskip("dask.dataframe")
    return dd.from_pandas(df, npartitions=2)


def check_table(got: pd.DataFrame, want: pd.DataFrame, keys: list, rtol: float = 0.0) -> None:
    assert list(got.columns) == list(want.columns)
    for k in keys:
        assert got[k].astype(object).tolist() == want[k].astype(object).tolist(), k
    for c in want.columns.drop(keys):
        assert got[c].dtype == want[c].dtype, c
        if rtol:
            np.testing.assert_allclose(got[c].to_numpy(float), want[c].to_numpy(float), rtol=rtol, atol=1e-10)
        else:
            assert got[c].tolist() == want[c].tolist(), c


# --- Kano count tables ---------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_counts_equal_the_hand_count_in_every_engine(engine, request):
    df = responses()
    frame = as_engine(df, engine, request)
    tab = cx.kano.counts(frame, by="segment")
    check_table(tab, hand_counts(df, ["segment"]), ["attribute", "segment"])
    assert tab.attrs["cxresearch"]["rows"] == {"n_in": 60, "n_used": 58, "excluded": {"missing segment": 2},
                                               "unit": "rows"}
    pandas_tab = cx.kano.counts(df, by="segment")  # the pandas path: same table, same accounting
    check_table(tab, pandas_tab, ["attribute", "segment"])
    assert tab.attrs == pandas_tab.attrs
    check_table(cx.kano.counts(frame), hand_counts(df, []), ["attribute"])


@pytest.mark.parametrize("engine", ENGINES)
def test_weighted_counts_equal_replicated_rows(engine, request):
    df = responses()
    tab = cx.kano.counts(as_engine(df, engine, request), by="segment", weights="w")
    check_table(tab, hand_counts(df, ["segment"], "w"), ["attribute", "segment"], rtol=1e-12)
    replicated = df.loc[df.index.repeat(df["w"].astype(int))]
    plain = hand_counts(replicated, ["segment"])
    merged = tab.merge(plain, on=["attribute", "segment"], suffixes=("", "_rep"))
    for c in CATS:  # integer weights: exactly the counts of the replicated rows
        assert (merged[c] == merged[f"{c}_rep"]).all()
    assert tab["n_raw"].dtype == np.int64 and tab["n_missing"].dtype == np.int64
    assert "sumw2_A" in tab.columns and tab.columns[-1] == "n_raw"
    keyed, coded = df["segment"].notna(), df["category"].notna()
    n_zero = int((keyed & coded & (df["w"] == 0)).sum())
    assert tab.attrs["cxresearch"]["rows"] == {"n_in": 60, "n_used": 58 - n_zero, "unit": "rows",
                                               "excluded": {"missing segment": 2, "zero weight": n_zero}}


def test_group_counts_through_narwhals_on_pandas_equals_the_pandas_path():
    pytest.importorskip("narwhals")
    df = responses()
    check_table(group_counts(df, ["attribute", "segment"]), cx.kano.counts(df, by="segment"),
                ["attribute", "segment"])


# --- moment sums ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("engine", "weights"), [(e, w) for e in ["pandas", *ENGINES] for w in (None, "w")
                                                 if e != "dask" or w])  # Dask: one pass (its planner is slow)
def test_moment_sums_equal_the_hand_sums(engine, weights, request):
    df = ratings()
    cols = ["overall", "staff", "speed"]
    frame = df if engine == "pandas" else as_engine(df, engine, request)
    got = moment_sums(frame, cols, by="group", weights=weights, missing_codes=[99])
    check_table(got, hand_moments(df, cols, ["group"], weights, [99]), ["group"], rtol=1e-10)
    assert got.attrs["cxresearch"]["n_no_group"] == 1
    if engine != "dask":
        total = moment_sums(frame, cols, weights=weights)
        check_table(total, hand_moments(df, cols, [], weights, []), [], rtol=1e-10)
        assert total.attrs["cxresearch"]["n_no_group"] == 0 and len(total) == 1


@pytest.mark.parametrize("engine", ["pandas", *ENGINES])
def test_moment_sums_integer_weights_equal_replicated_rows(engine, request):
    df = ratings().dropna(subset=["group"])
    df = df[df["w"] > 0]
    replicated = df.loc[df.index.repeat(df["w"].astype(int))]
    cols = ["overall", "staff"]
    frame = df if engine == "pandas" else as_engine(df, engine, request)
    weighted = moment_sums(frame, cols, by="group", weights="w")
    plain = moment_sums(replicated, cols, by="group")
    for c in ["sum_w", "sum__0", "sum__1", "cross__0__0", "cross__0__1", "cross__1__1"]:
        np.testing.assert_allclose(weighted[c], plain[c], rtol=1e-12)
    np.testing.assert_array_equal(weighted["sum_w"], plain["n"])


def test_moment_sums_of_pandas_need_no_narwhals(monkeypatch):
    real = engine_base.importlib.util.find_spec
    monkeypatch.setattr(engine_base.importlib.util, "find_spec",
                        lambda name, *a: None if name == "narwhals" else real(name, *a))
    df = ratings()
    got = moment_sums(df, ["overall"], by="group")
    check_table(got, hand_moments(df, ["overall"], ["group"], None, []), ["group"], rtol=1e-10)


# --- errors are cxresearch errors in every engine --------------------------------------------------

@pytest.mark.parametrize("engine", ["pandas", *ENGINES])
def test_errors_are_the_same_in_every_engine(engine, request):
    df = responses()
    bad = df.assign(category=df["category"].where(df.index != 4, "Z"))
    neg = df.assign(w=df["w"].where(df.index != 8, -2.0))
    convert = (lambda d: d) if engine == "pandas" else (lambda d: as_engine(d, engine, request))
    with pytest.raises(KanoInputError, match=r"Column 'category': 1 row\(s\) with values that are not Kano "
                                             r"categories .*'Z' \(1 row\)"):
        cx.kano.counts(convert(bad))
    with pytest.raises(KanoInputError, match=r"column 'segmnet' not found in the data\. Did you mean 'segment'"):
        cx.kano.counts(convert(df), by="segmnet")
    rat = ratings()
    rat_neg = rat.assign(w=rat["w"].where(rat.index != 8, -2.0))
    with pytest.raises(CXInputError, match=r"Column 'w': 1 row\(s\) with values that are not non-negative finite "
                                           r"numbers \(weights\): -2\.0 \(1 row\)"):
        moment_sums(convert(rat_neg), ["overall"], weights="w")
    if engine != "dask":  # Dask plans slowly: one value check there is enough
        with pytest.raises(CXInputError, match=r"Column 'staff': 1 row\(s\) with values that are not finite numbers"):
            moment_sums(convert(rat.assign(staff=rat["staff"].replace(rat["staff"].iloc[0], np.inf))), ["staff"])
    with pytest.raises(CXInputError, match="column 'overal' not found"):
        moment_sums(convert(rat), ["overal"])
    with pytest.raises(CXInputError, match="'group' must hold numbers|'group': .* not numbers"):
        moment_sums(convert(rat), ["group"])
    with pytest.raises(KanoInputError, match=r"Column 'w': 1 row\(s\) .*-2"):
        cx.kano.counts(convert(neg), weights="w")


def test_unsupported_frames_and_missing_narwhals_are_named(monkeypatch):
    with pytest.raises(CXInputError, match=r"must be a dataframe of a supported engine .*got a list"):
        moment_sums([1, 2], ["x"])
    pl = pytest.importorskip("polars")
    real = engine_base.importlib.util.find_spec
    monkeypatch.setattr(engine_base.importlib.util, "find_spec",
                        lambda name, *a: None if name == "narwhals" else real(name, *a))
    with pytest.raises(KanoInputError, match=r'is a polars LazyFrame: .*needs narwhals.*pip install "cxresearch\[engines\]"'):
        cx.kano.counts(pl.LazyFrame({"attribute": ["x"], "category": ["A"]}))


# --- kano.code inside the engine ---------------------------------------------------------------

LABELS = np.array(["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it", None], dtype=object)


def survey() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 50
    out = pd.DataFrame({"rid": np.arange(100, 100 + n), "segment": rng.choice(["s1", "s2"], n).astype(object)})
    for a in ("wifi", "price"):
        out[f"{a}_f"] = LABELS[rng.choice(6, n, p=[.25, .2, .2, .15, .1, .1])]
        out[f"{a}_d"] = LABELS[rng.choice(6, n, p=[.2, .2, .2, .15, .15, .1])]
    out["speed_f"] = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, np.nan], n)
    out["speed_d"] = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, np.nan], n)
    return out


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    out = table.assign(attribute=table["attribute"].astype(str))
    return out.sort_values(["attribute", "segment"]).reset_index(drop=True)


@pytest.mark.parametrize("engine", ENGINES)
def test_code_then_counts_inside_the_engine_equals_pandas(engine, request):
    wide = survey()
    frame = as_engine(wide, engine, request)
    coded = cx.kano.code(frame)
    assert type(coded) is type(frame)  # a lazy frame stays lazy
    want = _plain(cx.kano.counts(cx.kano.code(wide), by="segment"))
    check_table(cx.kano.counts(coded, by="segment"), want, ["attribute", "segment"])
    long = cx.kano.code(wide).assign(functional=lambda d: d["functional"].astype("float"),
                                     dysfunctional=lambda d: d["dysfunctional"].astype("float"),
                                     attribute=lambda d: d["attribute"].astype(str))
    long = long.drop(columns="category")
    relong = cx.kano.code(as_engine(long, engine, request))
    check_table(cx.kano.counts(relong, by="segment"), want, ["attribute", "segment"])


@pytest.mark.parametrize("engine", ENGINES)
def test_code_in_an_engine_names_unknown_labels(engine, request):
    wide = survey()
    wide.loc[3, "price_d"] = "I can tolerat it"
    with pytest.raises(KanoInputError, match=r"1 unknown answer label\(s\) in 1 answer\(s\): 'I can tolerat it' "
                                             r"\(1 row; did you mean 'I can tolerate it'\?\); in column(\(s\))? 'price_d'"):
        cx.kano.counts(cx.kano.code(as_engine(wide, engine, request)))  # Dask: when computed
    with pytest.raises(KanoInputError, match="max_questionable"):
        cx.kano.code(as_engine(survey(), engine, request), max_questionable=2)


# --- PySpark, where installed with Java ----------------------------------------------------------

@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("narwhals")
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="PySpark is not installed (pip install pyspark)")
    if shutil.which("java") is None:
        pytest.skip("PySpark needs Java, and no `java` is on the PATH")
    session = (pyspark_sql.SparkSession.builder.master("local[1]").appName("cxresearch-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
def test_pyspark_counts_moments_and_code(spark):
    df = responses()
    sdf = spark.createDataFrame(df.astype(object).where(df.notna(), None))
    check_table(cx.kano.counts(sdf, by="segment", weights="w"), hand_counts(df, ["segment"], "w"),
                ["attribute", "segment"], rtol=1e-12)
    rat = ratings()
    got = moment_sums(spark.createDataFrame(rat.astype(object).where(rat.notna(), None)), ["overall", "staff"],
                      by="group", weights="w", missing_codes=[99])
    check_table(got, hand_moments(rat, ["overall", "staff"], ["group"], "w", [99]), ["group"], rtol=1e-10)
    wide = survey()
    coded = cx.kano.code(spark.createDataFrame(wide.astype(object).where(wide.notna(), None)))
    want = _plain(cx.kano.counts(cx.kano.code(wide), by="segment"))
    check_table(cx.kano.counts(coded, by="segment"), want, ["attribute", "segment"])


@pytest.mark.parametrize("weights", [None, "w"])
def test_analyze_and_detect_count_an_engine_frame_inside_the_engine(weights, monkeypatch):
    """DuckDB rows are reduced to the count table by the engine; the results equal the pandas rows' results."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("narwhals")
    rng = np.random.default_rng(7)
    n = 3000
    rows = pd.DataFrame({"attribute": rng.choice(["wifi", "lounge"], n), "wave": rng.integers(1, 5, n),
                         "category": rng.choice(list("AOMIRQ"), n, p=[.3, .25, .2, .15, .05, .05]),
                         "w": rng.choice([0.5, 1.0, 2.0], n)})
    relation = duckdb.from_df(rows)
    import cxresearch._core.checks as checks

    converted = []
    real = checks.require_frame
    monkeypatch.setattr("cxresearch.kano._analysis.require_frame", lambda d, **k: converted.append(len(d)) or real(d, **k))
    res = cx.kano.analyze(relation, by="wave", weights=weights, min_n=0)
    assert converted == [8]  # only the 2 x 4 count table came back
    expected = cx.kano.analyze(rows, by="wave", weights=weights, min_n=0)
    pd.testing.assert_frame_equal(res.table, expected.table, rtol=1e-12)
    assert res.rows.n_in == n and res.rows.unit == "answer pairs"
    d = cx.dropoff.detect(relation, time="wave", weights=weights)
    pd.testing.assert_frame_equal(d.table, cx.dropoff.detect(rows, time="wave", weights=weights).table, rtol=1e-10)
    assert d.rows.n_in == n


def test_text_missing_codes_are_ignored_for_numeric_columns():
    df = ratings()
    a = moment_sums(df, ["speed"], missing_codes=[99, "don't know"])
    b = moment_sums(df, ["speed"], missing_codes=[99])
    pd.testing.assert_frame_equal(a, b)
    assert a["recoded__0"].iloc[0] == 3
    with pytest.raises(CXInputError, match="`missing_codes` must be a list of numbers"):
        moment_sums(df, ["speed"], missing_codes=99)
