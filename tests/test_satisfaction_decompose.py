"""`decompose`: Blinder-Oaxaca parts add up, recover a known truth, and honour weights and the row accounting."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError

EXP = ["queue_experience", "staff_experience"]
EXPECT = ["queue_expectation", "staff_expectation"]


def _survey(seed=0, n=4000):
    """Gold expects more at the queue (+1.0) and waits a little less (experience +0.3); same coefficients."""
    rng = np.random.default_rng(seed)
    gold = rng.random(n) < 0.5
    qe = rng.normal(4 + 0.3 * gold, 1)
    qx = rng.normal(4 + 1.0 * gold, 1)
    se = rng.normal(5, 1, n)
    sx = rng.normal(4.5, 1, n)
    y = 2 + 0.8 * qe - 0.6 * qx + 0.5 * se - 0.3 * sx + rng.normal(0, 1, n)
    return pd.DataFrame({"segment": np.where(gold, "gold", "ordinary"), "overall": y, "queue_experience": qe,
                         "queue_expectation": qx, "staff_experience": se, "staff_expectation": sx,
                         "w": rng.integers(1, 4, n)})


@pytest.mark.parametrize("reference", [None, "gold", "ordinary"])
@pytest.mark.parametrize("weights", [None, "w"])
def test_the_parts_add_up_to_the_observed_difference(reference, weights):
    df = _survey()
    res = cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"), experience=EXP,
                                    expectation=EXPECT, reference=reference, weights=weights, n_boot=0)
    p = res.parts.set_index("part")["estimate"]
    w = df["w"] if weights else pd.Series(1.0, index=df.index)
    gold = df["segment"] == "gold"
    observed = (np.average(df.loc[gold, "overall"], weights=w[gold])
                - np.average(df.loc[~gold, "overall"], weights=w[~gold]))
    assert p["difference"] == pytest.approx(observed, abs=1e-12)
    assert p["explained"] + p["coefficients"] == pytest.approx(observed, abs=1e-10)
    assert p["experience"] + p["expectation"] == pytest.approx(p["explained"], abs=1e-12)
    assert res.table["explained"].sum() == pytest.approx(p["explained"], abs=1e-12)


def test_a_known_truth_is_recovered_expectation_outweighs_experience_at_the_queue():
    res = cx.satisfaction.decompose(_survey(), "overall", group="segment", groups=("gold", "ordinary"),
                                    experience=EXP, expectation=EXPECT, n_boot=200, random_state=1)
    t = res.table.set_index(["touchpoint", "role"])
    # truth: 0.8 x 0.3 = 0.24 from experience, -0.6 x 1.0 = -0.60 from expectation, no coefficient difference
    assert t.loc[("queue", "experience"), "explained"] == pytest.approx(0.24, abs=0.06)
    assert t.loc[("queue", "expectation"), "explained"] == pytest.approx(-0.60, abs=0.08)
    c = res.parts.set_index("part").loc["coefficients"]
    assert c["ci_low"] < 0 < c["ci_high"]
    e = t.loc[("queue", "expectation")]
    assert e["explained_ci_high"] < 0 and e["explained_se"] > 0


def test_integer_weights_give_the_estimates_of_replicated_rows():
    df = _survey(n=600)
    rep = df.loc[df.index.repeat(df["w"])].reset_index(drop=True)
    kw = dict(group="segment", groups=("gold", "ordinary"), experience=EXP, expectation=EXPECT, n_boot=0)
    a = cx.satisfaction.decompose(df, "overall", weights="w", **kw)
    b = cx.satisfaction.decompose(rep, "overall", **kw)
    np.testing.assert_allclose(a.table[["explained", "coefficients", "coef_a", "coef_ref"]],
                               b.table[["explained", "coefficients", "coef_a", "coef_ref"]], atol=1e-10)


def test_groups_not_compared_are_counted_and_bad_groups_named():
    df = _survey(n=300)
    df.loc[:49, "segment"] = "VIP"
    kw = dict(experience=EXP, expectation=EXPECT, n_boot=0)
    res = cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"), **kw)
    assert res.rows.n_used == 250 and res.rows.excluded == {"segment neither 'gold' nor 'ordinary'": 50}
    with pytest.raises(CXInputError, match="exactly two groups.*3 groups"):
        cx.satisfaction.decompose(df, "overall", group="segment", **kw)
    with pytest.raises(CXInputError, match="`groups` must be two of the values"):
        cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "platinum"), **kw)
    with pytest.raises(CXInputError, match="`reference` must be None"):
        cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"), reference="VIP", **kw)
    with pytest.raises(CXInputError, match="`expectation` must be one column per experience column"):
        cx.satisfaction.decompose(df, "overall", group="segment", experience=EXP, expectation=EXPECT[:1])


def test_branch_touchpoints_gold_vs_ordinary_queueing_is_an_expectation_story():
    """The dataset's truth: gold waits less and experiences queueing better, but expects 1.7 points more."""
    df = cx.load_dataset("branch_touchpoints")
    assert df.groupby("segment")["wait_minutes"].mean().loc["gold"] < df.groupby("segment")["wait_minutes"].mean().loc["ordinary"]
    tp = [c[: -len("_experience")] for c in df.columns if c.endswith("_experience")]
    assert len(tp) == 15
    res = cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"),
                                    experience=[f"{t}_experience" for t in tp],
                                    expectation=[f"{t}_expectation" for t in tp], n_boot=100, random_state=0)
    q = res.table.set_index(["touchpoint", "role"]).loc["queueing"]
    assert q.loc["experience", "explained"] > 0 > q.loc["expectation", "explained"]
    assert abs(q.loc["expectation", "explained"]) > 2 * q.loc["experience", "explained"]
    assert q.loc["expectation", "explained_ci_high"] < 0
    # truth: 0.4 x (6.3 - 4.6) = 0.68 points before rounding and clipping to 1-7
    assert q.loc["expectation", "explained"] == pytest.approx(-0.68, abs=0.15)


@pytest.mark.filterwarnings("ignore::cxresearch.errors.ScaleWarning")  # a rare 1 on the 1-10 outcome
def test_bootstrap_intervals_cover_the_true_parts_in_at_least_90_percent_of_100_seeds():
    tp = {"queue": 0.4, "staff": 0.3, "fees": 0.2}
    spec = dict(segments={"gold": 0.4, "ordinary": 0.6},
                experience={("gold", "queue"): 4.6, ("ordinary", "queue"): 4.2, ("gold", "staff"): 6.0},
                expectation={("gold", "queue"): 6.3, ("ordinary", "queue"): 4.6})
    cols = dict(experience=[f"{t}_experience" for t in tp], expectation=[f"{t}_expectation" for t in tp])
    population, _ = cx.simulate.touchpoint_survey(tp, 1_000_000, random_state=2026, **spec)
    truth = cx.satisfaction.decompose(population, "overall", group="segment", n_boot=0, **cols).parts
    truth = truth.set_index("part")["estimate"]
    covered = []
    for seed in range(100):
        sample, _ = cx.simulate.touchpoint_survey(tp, 1500, random_state=seed, **spec)
        parts = cx.satisfaction.decompose(sample, "overall", group="segment", n_boot=200, random_state=seed,
                                          progress=False, **cols).parts.set_index("part")
        covered.append((parts["ci_low"] <= truth) & (truth <= parts["ci_high"]))
    share = pd.DataFrame(covered).mean()
    assert truth["expectation"] < -0.5 and truth["experience"] > 0.4  # gold expects much more at the queue
    print(share.round(2).to_dict())
    assert (share[["difference", "experience", "expectation", "explained", "coefficients"]] >= 0.90).all(), share


def test_block_bootstrap_of_a_large_group_agrees_with_the_row_bootstrap():
    tp = {"queue": 0.4, "staff": 0.3}
    spec = dict(segments={"gold": 0.5, "ordinary": 0.5}, experience={("gold", "queue"): 4.6},
                expectation={("gold", "queue"): 6.3})
    data, _ = cx.simulate.touchpoint_survey(tp, 120_000, random_state=5, **spec)
    cols = dict(experience=["queue_experience", "staff_experience"],
                expectation=["queue_expectation", "staff_expectation"])
    blocked = cx.satisfaction.decompose(data, "overall", group="segment", n_boot=300, random_state=1,
                                        progress=False, **cols)
    assert "1,000 random blocks" in blocked.settings["standard errors"]
    half = data.groupby("segment").head(50_000)  # at most 50,000 rows per group: resampled row by row
    rows = cx.satisfaction.decompose(half, "overall", group="segment", n_boot=300, random_state=1,
                                     progress=False, **cols)
    assert "blocks" not in rows.settings["standard errors"]
    # The standard error shrinks as 1/sqrt(n): 60,000 vs 50,000 rows per group.
    ratio = blocked.parts.set_index("part")["se"] / rows.parts.set_index("part")["se"] * np.sqrt(60_000 / 50_000)
    assert ratio[["difference", "experience", "expectation", "explained"]].between(0.8, 1.25).all(), ratio


def test_a_group_with_fewer_rows_than_parameters_is_refused_by_name():
    df = _survey(n=300)
    df.loc[:4, "segment"] = "VIP"  # 5 rows for four slopes and an intercept
    kw = dict(experience=EXP, expectation=EXPECT, n_boot=0)
    with pytest.raises(CXInputError, match=r"In segment = 'VIP': Only 5 complete row\(s\).*needs at least"):
        cx.satisfaction.decompose(df, "overall", group="segment", groups=("VIP", "gold"), **kw)


def test_a_small_group_not_compared_does_not_stop_the_comparison_and_is_counted():
    df = _survey(n=300)
    df.loc[:4, "segment"] = "VIP"
    df.loc[5, "segment"] = np.nan
    res = cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"), experience=EXP,
                                    expectation=EXPECT, n_boot=0)
    assert res.rows.excluded == {"segment missing": 1, "segment neither 'gold' nor 'ordinary'": 5}
    assert res.rows.n_used == 294
