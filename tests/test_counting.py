"""`_core.counting.group_index`: the groups of pandas' groupby(sort=True, observed=True), without the groupby."""

import numpy as np
import pandas as pd
import pytest

import cxresearch._core.counting as counting
from cxresearch._core.counting import group_index


@pytest.fixture
def frame(rng):
    n = 600
    return pd.DataFrame({
        "text": pd.Series(rng.choice(["b", "a", "c", None], n), dtype=object),
        "string": pd.Series(rng.choice(["b", "a", "c"], n)).astype("string"),
        "int": rng.integers(0, 5, n),
        "nullable": pd.Series(rng.integers(0, 5, n)).astype("Int64").where(rng.random(n) > .1),
        "float": rng.choice([1.5, 0.5, np.nan], n),
        "cat": pd.Categorical(rng.choice(["z", "y", "x"], n), categories=["z", "y", "x", "w"]),
        "date": pd.to_datetime(rng.choice(["2024-01-01", "2023-01-01"], n)),
        "bool": rng.choice([True, False], n),
        "many": rng.integers(0, 100_000, n),
    })


KEYS = [["text"], ["string"], ["int", "text"], ["nullable", "cat"], ["cat", "float", "date"],
        ["bool", "string", "int"], ["cat"], ["many", "int", "text"]]


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("keys", KEYS, ids=["+".join(k) for k in KEYS])
def test_groups_and_keys_as_groupby(frame, keys, dense, monkeypatch):
    if not dense:  # the sparse path: combinations numbered by factorising the combined codes
        monkeypatch.setattr(counting, "_DENSE", 0)
    g = group_index(frame, keys)
    grouped = frame.groupby(keys, sort=True, observed=True)
    assert g.bincount().ravel().tolist() == grouped.size().tolist()
    pd.testing.assert_frame_equal(g.keys, grouped.size().reset_index()[keys])
    number = grouped.ngroup().to_numpy(dtype=float, na_value=np.nan)
    assert g.compact_ids().tolist() == np.where(np.isnan(number), -1, number).astype(int).tolist()
    slot = np.arange(len(frame)) % 3
    by_slot = pd.crosstab(grouped.ngroup(), slot).to_numpy()
    assert (g.bincount(slot, 3) == by_slot).all()
    w = np.linspace(0, 1, len(frame))
    np.testing.assert_allclose(g.bincount(weights=w)[:, 0], frame.assign(w=w).groupby(
        keys, sort=True, observed=True)["w"].sum().to_numpy())


def test_the_groupby_fallback_numbers_rows_the_same_way():
    frame = pd.DataFrame({"k": pd.Series([1, "a", None, "a", 2.5], dtype=object)})
    g = counting._by_groupby(frame, ["k"])
    assert g.ids.tolist() == [0, 2, -1, 2, 1] and g.keys["k"].tolist() == [1, 2.5, "a"]
    assert g.bincount().ravel().tolist() == [1, 1, 2]
