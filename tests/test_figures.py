"""Figures fit for a report: labels that do not overlap at any size, the attributes shown and said, legends
with full names, and fonts for scripts the default font lacks."""

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CallError, CXInputError, InputWarning
from cxresearch.plotting import _fonts
from cxresearch.plotting._labels import LABEL_GID, place_labels


def _service():
    df = cx.load_dataset("service_ratings")
    return df, "overall", [c for c in df.columns if c.endswith("_experience")]


@pytest.fixture(scope="module")
def made():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # thin cells: not this file's subject
        bank = cx.kano.code(cx.load_dataset("bank_branch_waves"))
        mobile = cx.kano.code(cx.load_dataset("mobile_banking_tracker"))
        return {
            "kano": cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano"))),
            "kano_by": cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")), by="industry"),
            "bank": cx.dropoff.detect(bank, time="year"),
            "bank_by": cx.dropoff.detect(bank, time="year", by="segment"),
            "mobile_by": cx.dropoff.detect(mobile, time="wave", by="region"),
            "penalty_by": cx.satisfaction.penalty_reward(*_service(), scale=(1, 5), by="segment", min_n=0),
            "ipa": cx.satisfaction.importance_performance(*_service()),
        }


SCATTERS = {  # the plots that name points, on the shipped datasets (all attributes, the crowded case)
    "kano better_worse": ("kano", {"kind": "better_worse"}),
    "kano better_worse by industry": ("kano_by", {"kind": "better_worse"}),
    "kano continuous by industry": ("kano_by", {"kind": "continuous"}),
    "dropoff arrows, all 10 attributes": ("bank", {"kind": "arrows", "top": 10}),
    "dropoff arrows, 30 attribute x segment": ("bank_by", {"kind": "arrows", "top": 10}),
    "dropoff arrows, mobile x region": ("mobile_by", {"kind": "arrows", "top": 6}),
    "penalty asymmetry by segment": ("penalty_by", {"kind": "asymmetry"}),
    "importance-performance": ("ipa", {}),
}


def _labels(fig):
    return [t for t in fig.findobj(lambda a: getattr(a, "get_gid", lambda: None)() == LABEL_GID)
            if t.get_visible()]


def _clashes(fig):
    """(pairs of overlapping label boxes, labels leaving their panel), measured on the drawn figure."""
    fig.canvas.draw()
    labels = _labels(fig)
    boxes = [t.get_window_extent() for t in labels]
    pairs = [(a.get_text(), b.get_text()) for (a, x), (b, y) in itertools.combinations(zip(labels, boxes), 2)
             if x.overlaps(y)]
    outside = [t.get_text() for t, b in zip(labels, boxes)
               if not t.axes.bbox.padded(0.5).contains(b.x0, b.y0) or not t.axes.bbox.padded(0.5).contains(b.x1, b.y1)]
    return labels, pairs, outside


@pytest.mark.parametrize("name", sorted(SCATTERS))
@pytest.mark.parametrize("scale", [1.0, 0.75, 1.6])
def test_point_labels_never_overlap_and_stay_in_their_panel_at_any_size(made, name, scale):
    key, args = SCATTERS[name]
    res = made[key]
    fig = res.plot(**args)
    fig.set_size_inches(fig.get_size_inches() * scale)
    labels, pairs, outside = _clashes(fig)
    n_points = len(res.table)
    assert len(labels) == n_points or args.get("kind") == "arrows"  # every point named (arrows: one per move)
    assert len(labels) >= 6
    assert pairs == [] and outside == []


def test_labels_are_placed_again_when_the_figure_is_saved_at_another_dpi(made, tmp_path):
    fig = made["kano_by"].plot(kind="continuous")
    fig.savefig(tmp_path / "small.png", dpi=40)  # a draw at another dpi: boxes at that dpi, still apart
    _, pairs, outside = _clashes(fig)
    assert pairs == [] and outside == []


def test_a_pile_of_points_at_one_spot_gets_labels_apart():
    # 12 points on top of one another: the rule before (every label 4 pt right, 3 pt up) put all 12 on one box
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set(xlim=(0, 1), ylim=(0, 1))
    place_labels(ax, np.full(12, 0.5), np.full(12, 0.5), [f"attribute {i}" for i in range(12)])
    labels, pairs, outside = _clashes(fig)
    assert len(labels) == 12 and pairs == [] and outside == []
    assert any(line.get_visible() for line in fig.findobj(lambda a: type(a).__name__ == "Line2D"
                                                          and a.axes is ax))  # far labels get a leader line


def test_dropoff_shows_the_attributes_that_moved_with_change_points_and_says_so(made):
    res = made["bank"]
    t = res.table
    moved = t.loc[t["direction"].isin(["drop-off", "rise"])]
    fig = res.plot()
    panels = [a for a in fig.axes if a.get_visible()]
    assert [a.get_title().split(" (")[0] for a in panels] == list(moved["attribute"])
    assert " ".join(fig.get_suptitle().split()).endswith(
        f"{len(moved)} of {len(t)} attributes (those that moved; {len(t) - len(moved)} left out)")
    for a, cp in zip(panels, moved["changepoint"]):  # the dashed line stands at the change point's wave
        dashed = [line.get_xdata()[0] for line in a.get_lines() if line.get_linestyle() == "--"]
        assert dashed == [cp]
    arrows = res.plot(kind="arrows")
    assert sorted(t.get_text() for t in _labels(arrows)) == sorted(moved["attribute"])
    assert "3 of 10 attributes" in " ".join(arrows.axes[0].get_title().split())


def test_top_keeps_the_attributes_with_the_largest_better_plus_worse(made):
    res = made["kano"]
    t = res.table
    expected = set(t.assign(reach=t["better"] - t["worse"]).nlargest(3, "reach")["attribute"])  # worse <= 0
    fig = res.plot(top=3)
    fig.canvas.draw()
    assert {x.get_text() for x in _labels(fig)} == expected
    assert " ".join(fig.axes[0].get_title().split()).endswith(
        "3 of 11 attributes (the 3 with the largest Better + |Worse|; 8 left out)")
    fig = res.plot(kind="shares", attributes=["aptitude_tests", "progress_reports"])
    assert [x.get_text() for x in fig.axes[0].get_yticklabels()] == ["progress_reports", "aptitude_tests"]


def test_plot_arguments_are_checked_by_name(made):
    res = made["kano"]
    with pytest.raises(CXInputError, match=r"`attributes` must be attributes of this result; got "
                                           r"\['progress_report'\]\..*Did you mean 'progress_reports'\?"):
        res.plot(attributes=["progress_report"])
    with pytest.raises(CXInputError, match=r"`top` must be a whole number >= 1 .*; got 0"):
        made["bank"].plot(kind="arrows", top=0)
    with pytest.raises(CallError, match=r"KanoResult\.plot\(\): .*'atributes'\. Did you mean 'attributes'\?"):
        res.plot(atributes=["progress_reports"])
    with pytest.raises(CXInputError, match="`ncols` must be a whole number >= 1"):
        made["bank"].plot(ncols=0)


def test_legends_give_the_full_category_names(made):
    fig = made["kano"].plot()
    legend = fig.legends[0]
    names = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent"}
    shown = sorted(set(made["kano"].table["category"].astype(str)))
    assert sorted(t.get_text() for t in legend.get_texts()) == sorted(f"{c} {names[c]}" for c in shown)
    shares = made["bank"].plot()
    assert [t.get_text() for t in shares.legends[0].get_texts()] == [f"{c} {names[c]}" for c in "AOMI"]


CHINESE = {"recommendations_on_time": "按时推荐候选人", "progress_reports": "进度报告",
           "hire_in_time_budget": "按时按预算招聘", "free_interview_venue": "免费面试场地",
           "onsite_interview_staff": "现场面试人员", "employer_branding": "雇主品牌", "market_briefings": "市场简报",
           "onboarding_help": "入职协助", "probation_followup": "试用期跟进", "aptitude_tests": "能力测试",
           "onsite_consultant": "驻场顾问"}


def test_chinese_attribute_names_get_a_font_that_has_them_or_one_warning_naming_the_fix():
    coded = cx.kano.code(cx.load_dataset("recruiting_kano_zh"))
    coded["attribute"] = coded["attribute"].map(CHINESE)
    res = cx.kano.analyze(coded)
    _fonts._WARNED.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = res.plot()
        res.plot(kind="shares")  # the same characters again: no second warning
    fonts_warnings = [w for w in caught if issubclass(w.category, InputWarning)]
    labels = _labels(fig)
    assert sorted(t.get_text() for t in labels) == sorted(CHINESE.values())
    if _fonts.fallback_for(set("".join(CHINESE.values()))) is None:  # no CJK font installed here
        assert len(fonts_warnings) == 1
        assert "fonts-noto-cjk" in str(fonts_warnings[0].message) and "font.family" in str(fonts_warnings[0].message)
    else:
        assert fonts_warnings == []
        assert all(_fonts.missing_glyphs(t.get_text(), t.get_fontfamily()) == set() for t in labels)


def test_missing_glyphs_reads_the_fonts_character_map():
    assert _fonts.missing_glyphs("wifi café", ["DejaVu Sans"]) == set()  # é is in DejaVu Sans
    assert _fonts.missing_glyphs("进度 report", ["DejaVu Sans"]) == {"进", "度"}


def test_a_font_that_has_the_characters_is_added_as_a_fallback(monkeypatch):
    # pretend DejaVu Serif is the installed font that has the characters: the texts needing them get it
    # appended to their family (matplotlib then takes each character from the first font that has it)
    monkeypatch.setattr(_fonts, "fallback_for", lambda chars: "DejaVu Serif")
    fig, ax = plt.subplots()
    ax.set_title("进度报告")
    ax.set_xlabel("share")
    ax.barh(["进度", "report"], [1, 2])
    _fonts.fit_fonts(fig)
    fig.canvas.draw()  # tick labels made at draw time get it too
    assert list(ax.title.get_fontfamily())[-1] == "DejaVu Serif"
    assert all(list(t.get_fontfamily())[-1] == "DejaVu Serif" for t in ax.get_yticklabels())
    assert "DejaVu Serif" not in ax.xaxis.label.get_fontfamily()  # a text that has its glyphs is left alone


def test_titles_say_what_is_shown(made):
    assert made["penalty_by"].plot().legends[0].get_texts()  # the factor colours explained
    bw = made["kano_by"].plot().get_suptitle()
    assert bw.startswith("Better-Worse diagram of 11 attributes") and "95% intervals" in bw
    assert pd.Series([a.get_title() for a in made["kano_by"].plot().axes]).str.len().gt(0).all()


def test_many_attributes_show_the_twenty_most_influential_by_default_and_say_so():
    # 26 attributes, each all one category: Better + |Worse| is 1 for A and M, 2 for O, 0 for I (hand-computed:
    # Better = (A+O)/n, |Worse| = (O+M)/n). The 20 shown are the 6 O (2), then the first 14 A or M (1) in table order
    spec = {f"a{i:02d}": "AOMI"[i % 4] for i in range(26)}
    sim = cx.simulate.kano_survey(spec, 40, random_state=1)
    res = cx.kano.analyze(cx.kano.code(sim, attribute="attribute", functional="functional",
                                       dysfunctional="dysfunctional"))
    fig = res.plot()
    fig.canvas.draw()
    shown = {t.get_text() for t in _labels(fig)}
    order = list(dict.fromkeys(res.table["attribute"]))
    o = [a for a in order if spec[a] == "O"]
    a_or_m = [a for a in order if spec[a] in "AM"][:14]
    assert shown == set(o) | set(a_or_m)
    assert " ".join(fig.axes[0].get_title().split()).endswith("20 of 26 attributes (the 20 with the largest "
                                                               "Better + |Worse|; 6 left out)")
    assert len(_labels(res.plot(top=26))) == 26  # top= above the default shows them all, still apart
    assert _clashes(res.plot(top=26))[1] == []
