"""The one-pass readers of issue #23: touchpoints and tolerance summed block by block, rating rows
read into one matrix and compacted in place. Each result is set against an independent plain
computation (pandas groupby on the rows), across block boundaries and with missing values."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.column_blocks import Column
from cxresearch._core.rating_rows import compact_rows
from cxresearch.expectation import _tolerance_pass
from cxresearch.journey import _touchpoint_pass

TP = {"a": 0.3, "b": 0.2, "c": 0.1}


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 1,000 rows, so a few thousand rows cross many block boundaries."""
    monkeypatch.setattr(_touchpoint_pass, "BLOCK", 1000)
    monkeypatch.setattr(_tolerance_pass, "BLOCK", 1000)


def test_column_reads_nullable_values_mask_and_codes_in_blocks():
    raw = pd.Series([1, None, 99, 4, 5, 99], dtype="Int8")
    col = Column(raw, "q", (99,))
    out = np.empty(6)
    col.fill(out[:3], 0, 3)
    col.fill(out[3:], 3, 6)
    np.testing.assert_array_equal(out, [1, np.nan, np.nan, 4, 5, np.nan])
    assert col.recoded == 2  # the two 99s, counted once each over the two blocks


def test_compact_rows_moves_the_kept_rows_up_in_place():
    rng = np.random.default_rng(0)
    V = np.asfortranarray(rng.normal(size=(5003, 4)))
    used = rng.random(5003) < 0.7
    used[:1000] = True  # a first block kept whole
    expected = V[used].copy()
    out = compact_rows(V, used, block=1000)
    np.testing.assert_array_equal(out, expected)
    assert np.shares_memory(out, V) and out.flags.f_contiguous  # no copy of the rows; columns contiguous


def _holey_touchpoints(n: int, seed: int) -> pd.DataFrame:
    data, _ = cx.simulate.touchpoint_survey(TP, n, segments={"x": 0.2, "y": 0.5, "z": 0.3}, random_state=seed)
    rng = np.random.default_rng(seed)
    data = data.astype({c: float for c in data.columns if c.endswith(("experience", "expectation"))})
    for c in ("a_experience", "b_expectation"):
        data.loc[rng.random(n) < 0.1, c] = np.nan
    return data


def test_touchpoint_cells_across_blocks_equal_a_groupby(small_blocks):
    data = _holey_touchpoints(4500, 1)
    res = cx.journey.touchpoints(data, by="segment", scale=(1, 7)).table.set_index(["segment", "touchpoint"])
    for t in TP:
        gap = (data[f"{t}_experience"] - data[f"{t}_expectation"]).rename("gap")
        ok = gap.notna()
        plain = gap[ok].groupby(data["segment"][ok]).agg(["mean", "std", "count"])
        pain = (gap[ok] <= -2).groupby(data["segment"][ok]).mean()
        for seg, row in plain.iterrows():
            got = res.loc[(seg, t)]
            assert got["n"] == row["count"]
            assert got["gap"] == pytest.approx(row["mean"], abs=1e-12)
            assert got["gap_se"] * np.sqrt(got["n"]) == pytest.approx(row["std"], abs=1e-12)  # paired SD, n - 1
            assert got["pain"] == pytest.approx(pain[seg], abs=1e-12)


def test_touchpoints_on_nullable_int8_equal_those_on_floats_with_nan(small_blocks):
    data = _holey_touchpoints(3000, 2)
    rated = [c for c in data.columns if c.endswith(("experience", "expectation"))]
    nullable = data.astype({c: "Int8" for c in rated})
    a = cx.journey.touchpoints(data, by="segment", outcome="overall", scale=(1, 7))
    b = cx.journey.touchpoints(nullable, by="segment", outcome="overall", scale=(1, 7))
    pd.testing.assert_frame_equal(a.table, b.table, check_exact=False, rtol=1e-12)
    assert str(a.rows) == str(b.rows)


def test_tolerance_across_blocks_equals_a_weighted_groupby(small_blocks):
    rng = np.random.default_rng(3)
    n = 4200
    df = pd.DataFrame({"q_perceived": rng.integers(1, 10, n), "q_adequate": rng.integers(1, 8, n),
                       "q_desired": rng.integers(4, 10, n), "seg": rng.choice(["a", "b"], n),
                       "w": rng.uniform(0.5, 2, n)}).astype({"q_perceived": float})
    df.loc[rng.random(n) < 0.05, "q_perceived"] = np.nan
    res = cx.expectation.tolerance(df, "q", by="seg", weights="w").table.set_index("seg")
    ok = df.dropna()
    consistent = ok["q_adequate"] <= ok["q_desired"]
    for seg, part in ok.groupby("seg"):
        w = part["w"]
        msa = part["q_perceived"] - part["q_adequate"]
        assert res.loc[seg, "msa"] == pytest.approx(np.average(msa, weights=w), abs=1e-12)
        c = consistent[part.index]
        failed = (part["q_perceived"] < part["q_adequate"]) & c
        assert res.loc[seg, "failure"] == pytest.approx(w[failed].sum() / w[c].sum(), abs=1e-12)
        assert res.loc[seg, "n_inverted"] == int((~c).sum())
        # Kish: sd with the n_eff - 1 divisor, n_eff = (sum w)^2 / sum w^2
        n_eff = w.sum() ** 2 / (w**2).sum()
        var = np.average((part["q_adequate"] - np.average(part["q_adequate"], weights=w)) ** 2, weights=w)
        assert res.loc[seg, "adequate_sd"] == pytest.approx(np.sqrt(var * n_eff / (n_eff - 1)), abs=1e-12)


def test_drivers_with_missing_values_cost_no_copy_of_the_data():
    rng = np.random.default_rng(4)
    n, k = 100_000, 8
    X = rng.integers(1, 6, size=(n, k))
    y = np.clip(X.sum(axis=1) // 4 + rng.integers(0, 3, n), 1, 10)
    cols = [f"a{j}" for j in range(k)]
    complete = pd.DataFrame(X, columns=cols).assign(overall=y)
    holes = complete.astype(float)
    for c in cols:
        holes.loc[rng.random(n) < 0.05, c] = np.nan
    nullable = holes.astype("Int8")

    def peak(df):
        tracemalloc.start()
        res = cx.satisfaction.drivers(df, "overall", cols, scale=(1, 5))
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return top, res

    base, _ = peak(complete)
    with_holes, a = peak(holes)
    with_masks, b = peak(nullable)
    # the float matrix is 72 bytes per row; a filtered copy (or one float copy per column) would add 70 or more
    assert with_holes < base + 20 * n
    assert with_masks < base + 20 * n
    np.testing.assert_allclose(a.table["weight"], b.table["weight"], rtol=1e-12)
