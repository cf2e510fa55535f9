"""`dropoff.detect` on count tables and with survey weights; `power` with a progress bar.

Identities (issue #10): a count table gives the row-level result (to 1e-10), weighted or
not; integer weights give the point estimates of the rows replicated exactly; all-equal
weights give the unweighted result; the design effect corrects the test by hand.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxresearch as cx
from cxresearch.errors import KanoInputError
from cxresearch.simulate import drift, stable, step

DELIGHT = {"A": 0.6, "O": 0.15, "M": 0.1, "I": 0.15}
POINT = ["n", "n_waves", "first_wave", "last_wave", "odds_ratio", "m_share_slope", "i_share_slope",
         "better_slope", "worse_slope"]
# what the tests decide: p-values, intervals, and what is reported only where a test is significant
TESTS = ["odds_ratio_ci_low", "odds_ratio_ci_high", "p_value", "p_adjusted", "changepoint_p", "changepoint",
         "must_be_forecast"]
LABELS = ["direction", "separation", "first_category", "last_category", "pattern", "category_before",
          "category_after", "must_be_status", "note"]


@pytest.fixture
def waves(rng):
    """Coded responses over 5 waves, two segments, one wave missing for one attribute, integer weights."""
    paths = {"x": drift(DELIGHT, {"A": .35, "O": .3, "M": .2, "I": .15}), "y": stable(DELIGHT),
             "z": step(DELIGHT, {"M": .5, "A": .3, "I": .2}, at=3)}
    answers, _ = cx.simulate.kano_waves(list(paths), 5, 240, paths, random_state=rng)
    resp = answers[["respondent", "wave", "attribute"]].copy()
    resp["category"] = answers["true_category"].astype(cx.kano.CATEGORY_DTYPE)
    resp["segment"] = np.where(rng.random(len(resp)) < .5, "s1", "s2")
    resp = resp[~((resp["attribute"] == "y") & (resp["wave"] == 2))].reset_index(drop=True)
    resp.loc[rng.random(len(resp)) < .02, "category"] = None
    resp["w"] = rng.integers(0, 4, len(resp))
    return resp


def _detect(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.errors.SeparationWarning)
        return cx.dropoff.detect(data, **kw)


def _same(a, b, columns, rtol=1e-10):
    for c in columns:
        x, y = a[c].to_numpy(dtype=float), b[c].to_numpy(dtype=float)
        np.testing.assert_allclose(x, y, rtol=rtol, atol=1e-12, equal_nan=True, err_msg=c)


@pytest.mark.parametrize("weights", [None, "w"])
def test_a_count_table_gives_the_row_level_result(waves, weights):
    rows = _detect(waves, by="segment", weights=weights)
    tab = cx.kano.counts(waves, by=["wave", "segment"], weights=weights)
    assert ("sumw2_A" in tab.columns) == (weights is not None)
    counted = _detect(tab, by="segment")
    pd.testing.assert_frame_equal(counted.table, rows.table, rtol=1e-10, check_column_type=False)
    pd.testing.assert_frame_equal(counted.shares, rows.shares, rtol=1e-10, check_column_type=False)
    assert counted.rows.unit == "count rows" and rows.rows.unit == "answer pairs"
    # shuffled, split into two rows per cell, with dates for waves: still the same
    dated = waves.assign(wave=pd.Timestamp("2020-01-01") + pd.to_timedelta(waves["wave"] * 365, unit="D"))
    tab = cx.kano.counts(dated.assign(half=np.arange(len(dated)) % 2), by=["wave", "segment", "half"],
                         weights=weights).sample(frac=1, random_state=0)
    with pytest.warns(UserWarning, match="'half'.*summed"):
        split = _detect(tab, by="segment")
    pd.testing.assert_frame_equal(split.table, _detect(dated, by="segment", weights=weights).table, rtol=1e-10,
                                  check_column_type=False)


def test_integer_weights_give_the_point_estimates_of_replicated_rows(waves):
    weighted = _detect(waves, by="segment", weights="w")
    replicated = waves.loc[waves.index.repeat(waves["w"])].reset_index(drop=True)
    plain = _detect(replicated, by="segment")
    w, p = weighted.table, plain.table
    _same(w, p, POINT, rtol=1e-13)
    for col in ["first_category", "last_category", "separation"]:
        assert w[col].tolist() == p[col].tolist(), col
    np.testing.assert_allclose(weighted.shares["share"], plain.shares["share"], rtol=1e-13)
    # sampling weights: the test is not as sure as the replicated rows would make it
    ok = w["p_value"].notna()
    assert ok.sum() >= 4 and (w.loc[ok, "p_value"] >= p.loc[ok, "p_value"]).all()
    used = waves[(waves["w"] > 0) & waves["category"].notna()]
    assert w["n_raw"].tolist() == used.groupby(["attribute", "segment"]).size().tolist()
    assert ((w["n_eff"] <= w["n_raw"]) & (w["design_effect"] >= 1)).all()


@pytest.mark.parametrize("c", [1.0, 2.5])
def test_all_equal_weights_give_the_unweighted_result(waves, c):
    data = waves.assign(w=c)
    weighted = _detect(data, by="segment", weights="w").table
    plain = _detect(data.drop(columns="w"), by="segment").table
    _same(weighted, plain, [c for c in POINT + TESTS if c != "n"], rtol=1e-9)
    np.testing.assert_allclose(weighted["n"], c * plain["n"])
    np.testing.assert_allclose(weighted["design_effect"], 1.0)
    for col in LABELS:
        assert weighted[col].tolist() == plain[col].tolist(), col


def test_the_design_effect_by_hand():
    # each (wave, category) cell holds weights 1 and 3 in turn: the weighted shares are the raw shares,
    # Kish's n_eff is n / 1.25, so the LR is divided by 1.25 and the SE multiplied by sqrt(1.25)
    cells = {(1, "A"): 40, (1, "O"): 20, (1, "M"): 10, (2, "A"): 30, (2, "O"): 24, (2, "M"): 16,
             (3, "A"): 20, (3, "O"): 30, (3, "M"): 20, (3, "I"): 10}
    rows = [(wave, cat, (1.0, 3.0)[i % 2]) for (wave, cat), k in cells.items() for i in range(k)]
    resp = pd.DataFrame(rows, columns=["wave", "category", "w"]).assign(attribute="x")
    weighted = cx.dropoff.detect(resp, weights="w").table.iloc[0]
    plain = cx.dropoff.detect(resp).table.iloc[0]
    assert weighted["design_effect"] == pytest.approx(1.25, rel=1e-12)
    assert weighted["n_eff"] == pytest.approx(220 / 1.25) and weighted["n_raw"] == 220
    assert weighted["odds_ratio"] == pytest.approx(plain["odds_ratio"], rel=1e-10)
    lr = stats.chi2.isf(plain["p_value"], 1)
    assert weighted["p_value"] == pytest.approx(stats.chi2.sf(lr / 1.25, 1), rel=1e-8)
    width = np.log(weighted["odds_ratio_ci_high"]) - np.log(weighted["odds_ratio_ci_low"])
    assert width == pytest.approx((np.log(plain["odds_ratio_ci_high"]) - np.log(plain["odds_ratio_ci_low"]))
                                  * np.sqrt(1.25), rel=1e-8)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -2.0])
def test_bad_weights_are_refused_by_name(waves, bad):
    data = waves.astype({"w": float})
    data.loc[7, "w"] = bad
    with pytest.raises(KanoInputError, match=r"Column 'w'.*weights.*first row positions: 7"):
        cx.dropoff.detect(data, weights="w")


def test_zero_weights_are_accounted(waves):
    res = _detect(waves, weights="w")
    zero = int(((waves["w"] == 0) & waves["category"].notna()).sum())
    assert res.rows.excluded == {"missing category": int(waves["category"].isna().sum()), "zero weight": zero}
    assert res.rows.n_used == int(res.table["n_raw"].sum())
    assert "Kish" in res.settings["weights"]


def test_count_tables_that_cannot_be_read_are_refused():
    tab = pd.DataFrame({"attribute": ["x", "x"], "wave": [1, 2], "A": [3, 1], "O": [1, 2], "M": [0, 2], "I": 0,
                        "R": 0, "Q": 0})
    with pytest.raises(KanoInputError, match="'period' not found"):
        cx.dropoff.detect(tab, time="period")
    with pytest.raises(KanoInputError, match=r"Column 'A'.*non-negative whole numbers \(counts\): 1.5"):
        cx.dropoff.detect(tab.assign(A=[3, 1.5]))
    with pytest.raises(KanoInputError, match=r"single wave"):
        cx.dropoff.detect(tab.assign(wave=1))


def test_power_progress_bar_is_optional_and_changes_nothing():
    quiet = cx.dropoff.power(n=[50, 100], n_sim=30, random_state=3, progress=False)
    shown = cx.dropoff.power(n=[50, 100], n_sim=30, random_state=3)
    pd.testing.assert_frame_equal(quiet.table, shown.table)
    with pytest.raises(cx.errors.CXInputError, match="`progress` must be True or False"):
        cx.dropoff.power(n_sim=5, progress="yes")
