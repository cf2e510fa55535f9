"""The fast path of coding a wide export (each column coded once, stacked as integers) gives exactly
the frame of the general path, for every kind of answer column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.kano import _coding

LABELS = np.array(["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it", None], dtype=object)


def export(kind: str) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    n = 120
    out = pd.DataFrame({"rid": [f"r{i}" for i in range(n)], "wave": rng.integers(1, 4, n)},
                       index=pd.Index(np.arange(1000, 1000 + n), name="row"))
    for a in ("wifi", "price", "speed"):
        for side in ("f", "d"):
            col = pd.Series(LABELS[rng.choice(6, n, p=[.2, .2, .2, .15, .15, .1])], index=out.index)
            if kind == "category":
                col = col.astype("category")
            elif kind == "str":  # pandas 3's default string dtype (pandas 2: the nullable string dtype)
                col = col.astype("str" if pd.__version__ >= "3" else "string")
            elif kind == "numeric":
                col = pd.Series(rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, np.nan], n), index=out.index)
            out[f"{a}_{side}"] = col
    out["wifi_importance"] = rng.choice([1.0, 5.0, 9.0, np.nan], n)
    out["price_importance"] = rng.choice(["9 - Extremely important", "1 - Not at all", None], n)
    return out


def general_path(monkeypatch, *args, **kwargs) -> pd.DataFrame:
    with monkeypatch.context() as m:
        m.setattr(_coding, "coded_wide", lambda *a, **k: None)
        return cx.kano.code(*args, **kwargs)


@pytest.mark.parametrize("kind", ["object", "str", "category", "numeric"])
def test_fast_wide_path_equals_the_general_path(kind, monkeypatch):
    data = export(kind)
    with pytest.warns(cx.errors.InputWarning, match="importance was found for 2 of 3"):
        fast = cx.kano.code(data)
    with pytest.warns(cx.errors.InputWarning):
        slow = general_path(monkeypatch, data)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.attrs == slow.attrs
    ids = ["rid"] if kind != "numeric" else None
    fast = cx.kano.code(data.drop(columns=["wifi_importance", "price_importance"]), id_vars=ids, respondent="rid")
    slow = general_path(monkeypatch, data.drop(columns=["wifi_importance", "price_importance"]), id_vars=ids,
                        respondent="rid")
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.attrs == slow.attrs


def test_unknown_labels_take_the_general_path_and_its_message():
    data = export("object").drop(columns=["wifi_importance", "price_importance"])
    data.loc[1003, "price_d"] = "I can tolerat it"
    with pytest.raises(cx.errors.KanoInputError, match=r"'I can tolerat it' \(1 row; did you mean 'I can tolerate "
                                                        r"it'\?\); in column 'price_d' row label\(s\) 1003"):
        cx.kano.code(data)
