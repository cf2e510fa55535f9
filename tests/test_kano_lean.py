"""Lean coding (no respondent column, no answer codes) and blocked counting give exactly the counts of a
plain pandas crosstab over a hand-written evaluation table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core import counting
from cxresearch.errors import KanoInputError
from cxresearch.kano import _coding

# the standard table, rows functional 1..5 (like .. dislike), columns dysfunctional 1..5
STANDARD = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
LABELS = ["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it"]


def survey(n: int = 3000, k: int = 4, kind: str = "int") -> pd.DataFrame:
    rng = np.random.default_rng(11)
    cols = {"segment": rng.choice(["north", "south"], n)}
    for j in range(k):
        for side in ("f", "d"):
            codes = rng.integers(1, 6, n, dtype=np.int8)
            if kind == "int":
                cols[f"a{j}_{side}"] = codes
            else:  # labels as a Categorical, about 3 % missing
                cat = pd.Categorical.from_codes(np.where(rng.random(n) < 0.03, -1, codes - 1), categories=LABELS)
                cols[f"a{j}_{side}"] = cat
    return pd.DataFrame(cols)


def crosstab_counts(wide: pd.DataFrame, k: int, by: str | None = None) -> pd.DataFrame:
    """Categories by a Python dict lookup per answer pair, counted with pd.crosstab."""
    lookup = {(i + 1, j + 1): STANDARD[i][j] for i in range(5) for j in range(5)}
    as_code = {lab: i + 1 for i, lab in enumerate(LABELS)}
    parts = []
    for j in range(k):
        f = wide[f"a{j}_f"].map(lambda v: as_code.get(v, v)).astype(object)
        d = wide[f"a{j}_d"].map(lambda v: as_code.get(v, v)).astype(object)
        cat = [lookup.get((a, b), "missing") for a, b in zip(f, d)]
        parts.append(pd.DataFrame({"attribute": f"a{j}", "category": cat, "segment": wide["segment"]}))
    long = pd.concat(parts, ignore_index=True)
    keys = ["attribute"] + ([by] if by else [])
    tab = pd.crosstab([long[c] for c in keys], long["category"])
    return tab.reindex(columns=["A", "O", "M", "I", "R", "Q", "missing"], fill_value=0).reset_index()


@pytest.mark.parametrize("kind", ["int", "category"])
@pytest.mark.parametrize("by", [None, "segment"])
def test_lean_counts_equal_a_pandas_crosstab(kind, by, monkeypatch):
    monkeypatch.setattr(counting, "_BLOCK", 1000)  # several blocks, and a last partial one
    wide = survey(kind=kind)
    want = crosstab_counts(wide, 4, by)
    lean = cx.kano.code(wide, id_vars=["segment"], respondent=None, keep_answers=False)
    assert list(lean.columns) == ["segment", "attribute", "category"]
    res = cx.kano.analyze(lean, by=by)
    got = res.table
    for c in ["A", "O", "M", "I", "R", "Q"]:
        assert got[c].tolist() == want[c].tolist(), c
    assert got["n_missing"].tolist() == want["missing"].tolist()
    assert res.continuous is None  # no answer codes: no continuous scores
    full = cx.kano.analyze(cx.kano.code(wide), by=by)  # the default frame: same statistics
    pd.testing.assert_frame_equal(full.table, got)


def test_blocked_and_whole_counts_agree(monkeypatch):
    rng = np.random.default_rng(3)
    n = 10_000
    frame = pd.DataFrame({"g": pd.Categorical.from_codes(rng.integers(-1, 5, n), categories=list("vwxyz"))})
    cat = rng.integers(-1, 6, n).astype(np.int8)
    w, mask = rng.random(n), rng.random(n) < 0.7
    # by hand: np.add.at over the rows whose group is known and that the mask keeps
    keep = (frame["g"].cat.codes.to_numpy() >= 0) & mask
    want = np.zeros((5, 7))
    np.add.at(want, (frame["g"].cat.codes.to_numpy()[keep], cat[keep] + 1), w[keep])
    results = []
    for block in (1 << 16, 512):
        monkeypatch.setattr(counting, "_BLOCK", block)
        g = counting.group_index(frame, ["g"])
        assert g.n_missing == int((frame["g"].cat.codes < 0).sum())
        results.append(g.bincount(cat, 7, weights=w, mask=mask, shift=1))
    np.testing.assert_allclose(results[0], want, rtol=1e-12)
    np.testing.assert_allclose(results[1], want, rtol=1e-12)


def test_respondent_none_and_keep_answers_on_the_general_path(monkeypatch):
    wide = survey(n=50, k=2, kind="category")
    with monkeypatch.context() as m:  # the general path (as for labels the fast path cannot take)
        m.setattr(_coding, "coded_wide", lambda *a, **k: None)
        slow = cx.kano.code(wide, id_vars=[], respondent=None, keep_answers=False)
    fast = cx.kano.code(wide, id_vars=[], respondent=None, keep_answers=False)
    assert list(slow.columns) == list(fast.columns) == ["attribute", "category"]
    pd.testing.assert_frame_equal(slow, fast)
    assert fast.attrs["cxresearch"]["respondents_in"] == 50


def test_respondent_none_in_long_data_counts_each_row_as_its_own_respondent():
    long = pd.DataFrame({"respondent": [1, 1], "attribute": ["x", "x"], "functional": [1, 2],
                         "dysfunctional": [5, 5]})
    with pytest.raises(KanoInputError, match="answers each attribute once"):
        cx.kano.code(long)  # respondent 1 answers x twice
    out = cx.kano.code(long, respondent=None)  # no respondent column: two rows, two respondents
    assert list(out["category"]) == ["O", "M"]  # like/dislike is O, must-be/dislike is M
    assert out.attrs["cxresearch"]["respondents_in"] == 2


def test_out_of_range_integer_answers_are_still_refused():
    wide = pd.DataFrame({"wifi_f": np.array([1, 6, 2], dtype=np.int8), "wifi_d": np.array([5, 5, 0], dtype=np.int8)})
    with pytest.raises(KanoInputError, match=r"6\.0 \(1 row\); in column 'wifi_f' row label\(s\) 1"):
        cx.kano.code(wide)


def test_keep_answers_must_be_a_boolean():
    with pytest.raises(KanoInputError, match="keep_answers"):
        cx.kano.code(survey(n=5, k=1), keep_answers="no")


def test_continuous_unweighted_equals_all_equal_weights_with_missing_answers(monkeypatch):
    # the unweighted count moves incomplete pairs to (0, 0) after counting; the weighted one before:
    # with weights all 2.0 the means, SDs and n must be the same (weights of one scale are no weights)
    monkeypatch.setattr(counting, "_BLOCK", 700)
    rng = np.random.default_rng(8)
    n = 5000
    f = pd.array(np.where(rng.random(n) < 0.05, None, rng.integers(1, 6, n)), dtype="Int8")
    d = pd.array(np.where(rng.random(n) < 0.05, None, rng.integers(1, 6, n)), dtype="Int8")
    resp = pd.DataFrame({"attribute": rng.choice(["x", "y", "z"], n), "functional": f, "dysfunctional": d,
                         "w": 2.0})
    plain = cx.kano.continuous(resp)
    weighted = cx.kano.continuous(resp, weights="w")
    both = resp["functional"].notna() & resp["dysfunctional"].notna()
    assert plain["n"].tolist() == resp[both].groupby("attribute").size().tolist()
    for c in ("functional_mean", "functional_sd", "dysfunctional_mean", "dysfunctional_sd"):
        np.testing.assert_allclose(plain[c], weighted[c], rtol=1e-12)


def test_continuous_refuses_a_zero_that_is_not_missing():
    resp = pd.DataFrame({"attribute": ["x"] * 3, "functional": pd.array([1, 0, None], dtype="Int8"),
                         "dysfunctional": pd.array([5, 5, 5], dtype="Int8")})
    with pytest.raises(KanoInputError, match=r"'functional'.*not answer codes 1-5: 0 \(1 row\).*positions: 1"):
        cx.kano.continuous(resp)


def test_categorical_answers_with_many_categories_and_missing(monkeypatch):
    # 130 categories: pandas stores int16 codes; the 125 unused ones never occur. Missing (-1) stays missing.
    monkeypatch.setattr(counting, "_BLOCK", 3)
    cats = LABELS + [f"unused {i}" for i in range(125)]
    f = pd.Series(pd.Categorical(["I like it", None, "I expect it", "I dislike it"], categories=cats))
    d = pd.Series(pd.Categorical(["I dislike it", "I like it", "I dislike it", "I dislike it"], categories=cats))
    assert f.array.codes.dtype == np.int16
    # like/dislike = O; missing functional = missing; must-be/dislike = M; dislike/dislike = Q
    assert cx.kano.evaluate(f, d).astype(object).tolist() == ["O", np.nan, "M", "Q"]
