"""The shipped branch_touchpoints: its generator reproduces it byte for byte, and it carries the bank case's
VIP claims (a positive peak at seeing and being seen; pain at service quality and advice from raised
expectations, with experience better than the other segments')."""

import importlib
import sys
from pathlib import Path

import pytest

import cxresearch as cx

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts" / "datasets"
SHIPPED = Path(cx.__file__).resolve().parent / "datasets"


def test_the_generator_reproduces_the_shipped_files(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    common = importlib.import_module("_common")
    monkeypatch.setattr(common, "DATASETS", tmp_path)
    monkeypatch.setattr(common, "INDEX", tmp_path / "index.csv")
    sys.modules.pop("make_branch_touchpoints", None)
    importlib.import_module("make_branch_touchpoints").main()
    for name in ("branch_touchpoints", "branch_touchpoint_visits"):
        for ext in ("csv", "md"):
            assert (tmp_path / f"{name}.{ext}").read_bytes() == (SHIPPED / f"{name}.{ext}").read_bytes(), name


@pytest.fixture(scope="module")
def table():
    res = cx.journey.touchpoints(cx.load_dataset("branch_touchpoints"), by="segment", outcome="overall",
                                 scale=(1, 7))
    return res.table.set_index(["segment", "touchpoint"])


def test_vip_peak_is_seeing_and_being_seen_and_the_pain_service_quality_and_advice(table):
    vip = table.loc["VIP"].sort_values("gap")
    assert vip.index[-1] == "seeing_being_seen" and vip["gap"].iloc[-1] > 1  # true gap +1.3 (6.3 vs 5.0)
    assert vip.loc["seeing_being_seen", "gap_ci_low"] > 0.5
    assert set(vip.index[:2]) == {"service_quality", "advice"}  # true gaps -1.0 and -0.9
    assert (vip.loc[["service_quality", "advice"], "gap_ci_high"] < 0).all()
    assert vip.loc["service_quality", "moment"] == "negative moment of truth"


@pytest.mark.parametrize("touchpoint", ["service_quality", "advice"])
def test_vip_pain_comes_from_expectation_not_from_worse_service(table, touchpoint):
    vip = table.loc[("VIP", touchpoint)]
    for other in ("gold", "ordinary"):
        row = table.loc[(other, touchpoint)]
        assert vip["experience"] > row["experience"] + 0.4  # true 5.6 / 5.8 against 5.0
        assert vip["expectation"] > row["expectation"] + 1.2  # true 6.6 / 6.7 against 4.8, before clipping at 7
