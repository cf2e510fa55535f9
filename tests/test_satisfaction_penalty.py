"""Penalty-reward: effects with the unexpected sign, and segments too small to estimate an attribute."""

import warnings

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.stats import adjust_pvalues
from cxresearch.errors import ThinDataWarning, UnexpectedSignWarning


def _survey(rng, n, penalty, reward, noise=0.5):
    """y = 5 + sum_j penalty_j [r_j <= 2] + reward_j [r_j >= 4] + noise, ratings uniform on 1-5."""
    r = rng.integers(1, 6, size=(n, len(penalty)))
    y = 5 + ((r <= 2) * np.array(penalty) + (r >= 4) * np.array(reward)).sum(axis=1) + noise * rng.normal(size=n)
    return pd.DataFrame(r, columns=[f"x{j}" for j in range(len(penalty))]).assign(y=y)


def test_unexpected_signs_are_unclassified_with_the_reason_and_one_warning(rng):
    # x0 basic, x1 a positive penalty, x2 a negative reward, x3 excitement (known truth, n large)
    df = _survey(rng, 4000, penalty=[-1.0, 0.6, -0.5, -0.1], reward=[0.1, 0.5, -0.6, 1.0])
    with pytest.warns(UnexpectedSignWarning) as caught:
        res = cx.satisfaction.penalty_reward(df, "y", ["x0", "x1", "x2", "x3"])
    assert len(caught) == 1
    msg = str(caught[0].message)
    assert "x1 (penalty +0.6" in msg and "x2 (reward -0.5" in msg and "x0" not in msg and "x3" not in msg
    t = res.table.set_index("attribute")
    assert t["factor"].to_dict() == {"x0": "basic", "x1": "unclassified", "x2": "unclassified", "x3": "excitement"}
    assert t["kano"].to_dict() == {"x0": "M", "x1": "", "x2": "", "x3": "A"}
    assert t.loc["x1", "note"].startswith("unclassified: penalty +0.6") and "> 0" in t.loc["x1", "note"]
    assert t.loc["x2", "note"].startswith("unclassified: reward -0.5") and "< 0" in t.loc["x2", "note"]
    assert t["unexpected_sign"].to_dict() == {"x0": False, "x1": True, "x2": True, "x3": False}
    assert t["asymmetry"].between(-1, 1).all()  # still that of the absolute effects
    np.testing.assert_allclose(t.loc["x1", ["penalty", "reward"]].astype(float), [0.6, 0.5], atol=0.06)
    res.plot(kind="asymmetry")  # "unclassified" has a colour and a label
    res.plot()


def test_unclassified_in_the_bootstrap_agreement(rng):
    df = _survey(rng, 3000, penalty=[0.6, -0.5], reward=[0.5, 0.5])
    with pytest.warns(UnexpectedSignWarning, match="x0"):
        res = cx.satisfaction.penalty_reward(df, "y", ["x0", "x1"], n_boot=100, random_state=1)
    # a clear positive penalty stays positive in every resample: "unclassified" is the stable answer
    assert res.table.set_index("attribute").loc["x0", "factor_share"] == 1.0


def test_segment_too_small_for_an_attribute_is_not_estimable_in_the_table_and_the_test(rng):
    df = _survey(rng, 900, penalty=[-1.0, -0.5, -0.1], reward=[0.2, 0.5, 0.8]).assign(seg="big")
    tiny = df.sample(12, random_state=3).assign(seg="tiny")
    tiny["x1"] = np.tile([3, 4, 5], 4)  # no low rating of x1 in the tiny segment
    data = pd.concat([df, tiny], ignore_index=True)
    with pytest.warns(ThinDataWarning, match=r"seg = 'tiny': x1 \(no rating in the low band\)"):
        res = cx.satisfaction.penalty_reward(data, "y", ["x0", "x1", "x2"], by="seg", min_n=1)
    cell = res.table.set_index(["seg", "attribute"]).loc[("tiny", "x1")]
    assert cell["factor"] == "not estimable" and np.isnan(cell["penalty"]) and cell["kano"] == ""
    test = res.tests.set_index("attribute")
    assert np.isnan(test.loc["x1", "p_value"]) and np.isnan(test.loc["x1", "F"]) and test.loc["x1", "df_num"] == 0
    assert np.isnan(test.loc["x1", "p_adjusted"])
    assert test.loc["x1", "note"] == "not computed: not estimable in seg = 'tiny' (no rating in the low band)"
    # the other attributes are tested (penalty and reward: 2 restrictions) and adjusted among themselves only
    assert test.loc[["x0", "x2"], "df_num"].tolist() == [2, 2] and (test.loc[["x0", "x2"], "note"] == "").all()
    np.testing.assert_allclose(test.loc[["x0", "x2"], "p_adjusted"], adjust_pvalues(test.loc[["x0", "x2"], "p_value"]))
    assert "2 of 3 attributes" not in repr(res) and "1 not tested (see note)" in repr(res)


def test_segment_test_without_not_estimable_attributes_has_empty_notes():
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")][:3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = cx.satisfaction.penalty_reward(df, "overall", cols, by="segment", scale=(1, 5))
    t = res.tests
    assert list(t.columns) == ["attribute", "F", "df_num", "df_denom", "p_value", "p_adjusted", "note"]
    assert (t["note"] == "").all() and t["p_value"].notna().all() and (t["df_num"] == 4).all()


def test_a_smaller_wrong_signed_reward_is_unclassified_only_when_its_interval_excludes_zero():
    # known truth: a has penalty -1 and reward -0.3 (a real, wrong-signed effect); b has penalty -1 and no
    # reward at all; c is a plain performance factor
    from cxresearch.errors import UnexpectedSignWarning

    rng = np.random.default_rng(11)
    n = 6000
    a, b, c = (rng.integers(1, 6, n) for _ in range(3))
    y = 5 - 1.0 * (a <= 2) - 0.3 * (a >= 4) - 1.0 * (b <= 2) - 0.5 * (c <= 2) + 0.5 * (c >= 4) + rng.normal(0, 0.5, n)
    df = pd.DataFrame({"y": y, "a": a, "b": b, "c": c})
    with pytest.warns(UnexpectedSignWarning, match=r"'unclassified'.*: a \(reward -0\.29"):
        t = cx.satisfaction.penalty_reward(df, "y", ["a", "b", "c"], scale=(1, 5)).table.set_index("attribute")
    assert t.loc["a", "reward_ci_high"] < 0 and t.loc["a", "factor"] == "unclassified" and t.loc["a", "kano"] == ""
    assert t.loc["b", "factor"] == "basic" and t.loc["c", "factor"] == "performance"
    if t.loc["b", "reward"] < 0:  # the seeded estimate of b's zero reward: a small wrong sign, read as none
        assert "read as no effect" in t.loc["b", "note"] and t.loc["b", "unexpected_sign"]
