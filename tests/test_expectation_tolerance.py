"""Zones of tolerance: hand computations, identities, recovery of a known call centre, and refusals."""

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, InputWarning, ScaleWarning

# Five customers, one attribute (adequate, desired, perceived):
#   1: 5 8 6 inside       MSA  1  MSS -2
#   2: 6 9 5 failure      MSA -1  MSS -4
#   3: 4 7 8 delight      MSA  4  MSS  1
#   4: 7 6 7 inverted     MSA  0  MSS  1   (own adequate above own desired: no zone)
#   5: 3 8 8 inside       MSA  5  MSS  0   (perceived = desired counts as inside)
FIVE = pd.DataFrame({"wait_adequate": [5, 6, 4, 7, 3], "wait_desired": [8, 9, 7, 6, 8],
                     "wait_perceived": [6, 5, 8, 7, 8]})


def test_five_customers_by_hand():
    t = cx.expectation.tolerance(FIVE, "wait").table.iloc[0]
    # means: adequate 25/5 = 5, desired 38/5 = 7.6, perceived 34/5 = 6.8
    assert (t["n"], t["adequate"], t["desired"], t["perceived"]) == (5, 5.0, 7.6, pytest.approx(6.8))
    assert t["zone_width"] == pytest.approx(2.6) and t["msa"] == pytest.approx(1.8)
    assert t["mss"] == pytest.approx(-0.8) and t["position"] == pytest.approx(1.8 / 2.6)
    # MSA deviations -0.8 -2.8 2.2 -1.8 3.2: sum of squares 26.8, s^2 = 6.7, se = sqrt(6.7 / 5) = 1.157584;
    # t(4, 0.975) = 2.776445: half width 3.213968
    assert t["msa_ci_low"] == pytest.approx(1.8 - 3.213968, abs=1e-6)
    assert t["msa_ci_high"] == pytest.approx(1.8 + 3.213968, abs=1e-6)
    # MSS deviations -1.2 -3.2 1.8 1.8 0.8: sum of squares 18.8, se = sqrt(4.7 / 5) = 0.969536
    assert t["mss_ci_high"] - t["mss"] == pytest.approx(2.776445 * 0.969536, abs=1e-6)
    # shares among the four customers with a consistent zone: 1 failed, 2 inside, 1 delighted
    assert (t["failure"], t["inside"], t["delight"]) == (0.25, 0.5, 0.25)
    assert (t["n_inverted"], t["inverted"]) == (1, 0.2)
    # Wilson interval of 1 in 4 (z = 1.959964): centre 0.372474, half width 0.326885
    assert (t["failure_ci_low"], t["failure_ci_high"]) == (pytest.approx(0.045589, abs=2e-6),
                                                          pytest.approx(0.699359, abs=2e-6))
    # spreads: adequate deviations 0 1 -1 2 -2 (ss 10, sd sqrt(2.5)); desired ss 5.2 (sd sqrt(1.3))
    assert t["adequate_sd"] == pytest.approx(np.sqrt(2.5)) and t["desired_sd"] == pytest.approx(np.sqrt(1.3))
    assert t["zone"] == "undetermined"  # both intervals cover 0 with five customers


def test_levels_are_the_shares_at_each_scale_point():
    lv = cx.expectation.tolerance(FIVE, "wait").levels.set_index("level")
    assert lv.loc[3.0:9.0, "adequate"].tolist() == [0.2, 0.2, 0.2, 0.2, 0.2, 0, 0]
    assert lv["desired"].tolist() == [0, 0, 0, 0.2, 0.2, 0.4, 0.2]
    assert lv[["adequate", "desired", "perceived"]].sum().tolist() == pytest.approx([1, 1, 1])


def test_columns_by_pattern_dict_or_list_agree():
    data = FIVE.rename(columns={"wait_adequate": "min_wait", "wait_desired": "best_wait", "wait_perceived": "got"})
    by_pattern = cx.expectation.tolerance(FIVE, ["wait"]).table
    by_dict = cx.expectation.tolerance(data, "wait", adequate={"wait": "min_wait"}, desired={"wait": "best_wait"},
                                       perceived={"wait": "got"}).table
    by_list = cx.expectation.tolerance(data, "wait", adequate=["min_wait"], desired=["best_wait"],
                                       perceived=["got"]).table
    pd.testing.assert_frame_equal(by_pattern, by_dict)
    pd.testing.assert_frame_equal(by_pattern, by_list)


def test_segments_equal_separate_calls():
    df = cx.load_dataset("callcentre_waits")
    attrs = ["waiting", "resolution", "courtesy"]
    whole = cx.expectation.tolerance(df, attrs, by="segment").table
    for seg, part in df.groupby("segment"):
        alone = cx.expectation.tolerance(part, attrs).table
        mine = whole[whole["segment"] == seg].drop(columns="segment").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone, check_dtype=False)


def test_integer_weights_give_the_point_estimates_of_replicated_rows(rng):
    df, _ = cx.simulate.callcentre(300, random_state=3)
    df["w"] = rng.integers(0, 4, len(df))
    attrs = ["waiting", "courtesy"]
    weighted = cx.expectation.tolerance(df, attrs, by="segment", weights="w")
    replicated = cx.expectation.tolerance(df.loc[df.index.repeat(df["w"])], attrs, by="segment")
    cols = ["adequate", "desired", "perceived", "msa", "mss", "position", "failure", "inside", "delight", "inverted"]
    np.testing.assert_allclose(weighted.table[cols].to_numpy(float), replicated.table[cols].to_numpy(float),
                               rtol=1e-12)
    assert weighted.rows.excluded["weight zero"] == 2 * int((df["w"] == 0).sum())
    assert "n_eff" in weighted.table and "n_eff" not in replicated.table


def test_equal_weights_give_the_unweighted_intervals():
    plain = cx.expectation.tolerance(FIVE, "wait").table
    weighted = cx.expectation.tolerance(FIVE.assign(w=2.5), "wait", weights="w").table
    assert weighted["n_eff"].iloc[0] == pytest.approx(5)
    cols = ["msa_ci_low", "msa_ci_high", "failure_ci_low", "delight_ci_high", "adequate_sd"]
    np.testing.assert_allclose(weighted[cols].to_numpy(float), plain[cols].to_numpy(float), rtol=1e-12)


def test_every_answer_is_accounted_for():
    df = pd.concat([FIVE] * 2, ignore_index=True).assign(seg=list("ab") * 5, w=1.0)
    df["courtesy_adequate"], df["courtesy_desired"], df["courtesy_perceived"] = 4, 7, [6] * 9 + [99]
    df.loc[0, "wait_desired"] = np.nan
    df.loc[1, "seg"] = None
    df.loc[2, "w"] = 0
    res = cx.expectation.tolerance(df, ["wait", "courtesy"], by="seg", weights="w", missing_codes=99)
    assert res.rows.n_in == 20 and res.rows.unit == "answers (customer x attribute)"
    assert res.rows.excluded == {"segment missing": 2, "an answer missing": 2, "weight zero": 2}
    assert res.rows.recoded == {"courtesy_perceived": 1}
    acc = res.accounting.set_index("attribute")
    assert acc.loc["wait", ["n_in", "segment missing", "answer missing", "weight zero", "n_used"]].tolist() == \
        [10, 1, 1, 1, 7]
    assert acc.loc["courtesy", "recoded"] == 1 and acc.loc["courtesy", "n_used"] == 7
    assert acc.loc["courtesy", ["perceived_missing", "adequate_missing", "desired_missing"]].tolist() == [1, 0, 0]
    assert acc.loc["wait", "desired_missing"] == 1
    assert res.table.groupby("attribute")["n"].sum().tolist() == [7, 7]


def test_callcentre_truth_is_recovered():
    df, truth = cx.simulate.callcentre(20000, random_state=11)
    res = cx.expectation.tolerance(df, ["waiting", "resolution", "courtesy"], by="segment", scale=(1, 9))
    t = res.table.set_index(["segment", "attribute"])
    z = truth["zones"].set_index(["segment", "attribute"])
    # latent means, before rounding to 1-9 (2% of the triples have adequate and desired swapped); answers
    # near the top of the scale are clipped at 9, which pulls the VIP desired levels (8-8.5) down
    z = z.reindex(t.index)
    assert np.abs(t["adequate"] - z["adequate"]).max() < 0.15
    low = z["desired"] < 8
    assert np.abs(t["desired"] - z["desired"])[low].max() < 0.15
    assert ((t["desired"] < z["desired"]) & (t["desired"] > z["desired"] - 0.3))[~low].all()
    # different callers, different standards: ordinary callers' adequate levels spread most
    sd = t["adequate_sd"].xs("waiting", level="attribute")
    assert sd["ordinary"] > sd["business"] > sd["VIP"]
    assert t.loc[("VIP", "resolution"), "zone"] == "below the zone"
    assert t.loc[("ordinary", "courtesy"), "zone"] == "above the zone"
    assert 0.01 < t["inverted"].mean() < 0.04


def test_values_apart_from_the_scale_warn_and_declared_scales_refuse():
    df = FIVE.copy()
    df.loc[4, "wait_perceived"] = 99
    with pytest.warns(ScaleWarning, match=r"'wait': 99 .*missing_codes=\[99\]"):
        cx.expectation.tolerance(df, "wait")
    with pytest.raises(CXInputError, match=r"'wait_perceived'.*not on the declared scale 1-9.*missing_codes=\[99\]"):
        cx.expectation.tolerance(df, "wait", scale=(1, 9))
    res = cx.expectation.tolerance(df, "wait", scale=(1, 9), missing_codes=[99])
    assert res.table["n"].iloc[0] == 4


@pytest.mark.parametrize("kwargs, message", [
    ({"adequate": "adequate"}, r'`adequate` must be a pattern with "\{\}"'),
    ({"desired": ["a", "b"]}, r"`desired` must be .*1 attribute\(s\) need 1 column"),
    ({"perceived": {"other": "x"}}, r"No column given for \['wait'\]"),
    ({"desired": "{}_adequate"}, r"`desired` must be a column other than the adequate column .*'wait'"),
    ({"by": "segment"}, r"`by` column\(s\) 'segment' not found"),
    ({"weights": "wait_adequate"}, r"`weights` must be a column other than"),
    ({"confidence": 95}, r"`confidence` must be a number between 0 and 1"),
    ({"scale": (9, 1)}, r"`scale` must be a pair"),
    ({"missing_codes": [np.nan]}, r"`missing_codes` must be"),
])
def test_bad_arguments_are_refused_by_name(kwargs, message):
    with pytest.raises(CXInputError, match=message):
        cx.expectation.tolerance(FIVE, "wait", **kwargs)


def test_bad_data_is_refused_naming_the_column():
    with pytest.raises(CXInputError, match=r"perceived column\(s\) 'speed_perceived' not found"):
        cx.expectation.tolerance(FIVE, ["wait", "speed"])
    text = FIVE.astype({"wait_desired": object})
    text.loc[2, "wait_desired"] = "high"
    with pytest.raises(CXInputError, match=r"Column 'wait_desired'.*'high' \(1 row\).*positions: 2"):
        cx.expectation.tolerance(text, "wait")
    with pytest.raises(CXInputError, match=r"No value left.*'wait_adequate'.*missing_codes"):
        cx.expectation.tolerance(FIVE.assign(wait_adequate=0), "wait", missing_codes=0)


def test_plots_return_figures_and_spread_needs_whole_numbers():
    res = cx.expectation.tolerance(cx.load_dataset("callcentre_waits"), ["waiting", "resolution"], by="segment",
                                   missing_codes=0)
    for kind in ("zones", "spread"):
        assert isinstance(res.plot(kind=kind), matplotlib.figure.Figure)
    halves = cx.expectation.tolerance(FIVE.assign(wait_perceived=[6.5, 5, 8, 7, 8]), "wait")
    assert halves.levels is None
    with pytest.raises(CXInputError, match="whole-number answers"):
        halves.plot(kind="spread")


def test_segments_follow_categories_and_several_keys():
    df = cx.load_dataset("callcentre_waits")
    df["segment"] = pd.Categorical(df["segment"], categories=["ordinary", "business", "VIP"])
    df["line"] = np.where(df.index % 3 == 0, "mobile", "landline")
    one = cx.expectation.tolerance(df, "waiting", by="segment").table
    assert one["segment"].tolist() == ["ordinary", "business", "VIP"]
    two = cx.expectation.tolerance(df, "waiting", by=["segment", "line"]).table
    assert two[["segment", "line"]].astype(str).agg(" ".join, axis=1).tolist() == [
        f"{s} {line}" for s in ("ordinary", "business", "VIP") for line in ("landline", "mobile")]
    assert two.groupby("segment", observed=True)["n"].sum().tolist() == one["n"].tolist()
    vip_mobile = df[(df["segment"] == "VIP") & (df["line"] == "mobile")]
    alone = cx.expectation.tolerance(vip_mobile, "waiting").table
    assert two.iloc[-1]["msa"] == pytest.approx(alone["msa"].iloc[0])


def test_a_zero_under_the_libqual_1_to_9_scale_is_named_as_a_possible_code():
    rng = np.random.default_rng(9)
    df = pd.DataFrame({f"wait_{r}": rng.integers(1, 10, 300) for r in ("perceived", "adequate", "desired")})
    df.loc[[4, 17], "wait_perceived"] = 0  # "not applicable" typed as 0 on a 1-9 scale
    with pytest.warns(ScaleWarning, match=r"'wait': 0 \(2 answers, below the other answers, 1-9\)"):
        cx.expectation.tolerance(df, ["wait"])


def test_an_attribute_without_answers_is_not_estimable_while_the_others_are_analysed():
    """Found by an independent probe: one all-missing column refused the whole call."""
    rng = np.random.default_rng(0)
    cols = {}
    for a in ("wait", "z"):
        cols[f"{a}_adequate"] = rng.integers(3, 6, 200).astype(float)
        cols[f"{a}_desired"] = cols[f"{a}_adequate"] + rng.integers(1, 3, 200)
        cols[f"{a}_perceived"] = rng.integers(2, 9, 200).astype(float)
    df = pd.DataFrame(cols).assign(z_perceived=np.nan)
    with pytest.warns(InputWarning, match=r"'z_perceived': all 200 answers missing: attribute\(s\) \['z'\] are not "
                                          r"estimable"):
        res = cx.expectation.tolerance(df, ["wait", "z"])
    alone = cx.expectation.tolerance(df, ["wait"])
    table = res.table.set_index("attribute")
    assert table.loc["z", "zone"] == "not estimable" and table.loc["z", "n"] == 0
    assert table.loc["wait", "msa"] == pytest.approx(alone.table["msa"].iloc[0], rel=1e-12)  # unchanged by z
    assert res.accounting.set_index("attribute").loc["z", "answer missing"] == 200
    assert (res.rows.n_in, res.rows.n_used) == (400, 200)
    with pytest.raises(CXInputError, match=r"'z_perceived': all 200 answers missing, so no attribute can be analysed"):
        cx.expectation.tolerance(df, ["z"])
