"""Kano grids the right way round: the dysfunctional question told by its wording in eight languages, a
pairing whose answers are mostly R refused as swapped, and answer Series paired by label, never by position."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import KanoInputError
from cxresearch.kano._sides import dysfunctional_first, negations

# The standard evaluation table written out by hand (Kano et al. 1984; Berger et al. 1993):
# rows functional 1..5, columns dysfunctional 1..5.
TABLE = ["QAAAO",
         "RIIIM",
         "RIIIM",
         "RIIIM",
         "RRRRQ"]
F = np.repeat(np.arange(1, 6), 5)  # every answer pair once: functional 1 1 1 1 1 2 ...
D = np.tile(np.arange(1, 6), 5)    # dysfunctional 1 2 3 4 5 1 ...
EXPECTED = [TABLE[f - 1][d - 1] for f, d in zip(F, D)]

# (functional question, dysfunctional question) in each language
WORDINGS = {
    "english without": ("How would you feel if the car had heated seats?",
                        "How would you feel if the car came without heated seats?"),
    "english not available": ("How would you feel if this were available?",
                              "How would you feel if this were not available?"),
    "english unavailable": ("How would you feel if the feature is offered?",
                            "How would you feel if the feature is unavailable?"),
    "english absent": ("How do you feel when the feature is present?", "How do you feel when the feature is absent?"),
    "english lacks": ("If the product has this feature, how do you feel?",
                      "If the product lacks this feature, how do you feel?"),
    "english does not have": ("If the product has it", "If the product does not have it"),
    "english did not": ("If you got this at check-in", "If you did not get this at check-in"),
    "english didn't": ("If you got this at check-in", "If you didn’t get this at check-in"),
    "english no": ("If the room had a minibar", "If the room had no minibar"),
    "chinese 不": ("如果产品具备该功能，您的感受是？", "如果产品不具备该功能，您的感受是？"),
    "chinese 没有": ("如果有该功能，您的感受是？", "如果没有该功能，您的感受是？"),
    "chinese 沒有": ("如果有該功能，您的感受是？", "如果沒有該功能，您的感受是？"),
    "chinese 缺少": ("如果提供该功能，您的感受是？", "如果缺少该功能，您的感受是？"),
    "chinese 不提供": ("如果提供该服务，您会觉得？", "如果不提供该服务，您会觉得？"),
    "chinese 无": ("若有此功能，您觉得如何？", "若无此功能，您觉得如何？"),
    "chinese 未": ("如果酒店提供了该服务", "如果酒店未提供该服务"),
    "korean 없": ("이 기능이 있다면 어떻게 느끼십니까?", "이 기능이 없다면 어떻게 느끼십니까?"),
    "korean 않": ("이 기능을 제공한다면 어떻게 느끼십니까?", "이 기능을 제공하지 않는다면 어떻게 느끼십니까?"),
    "korean 못": ("이 기능을 사용할 수 있다면?", "이 기능을 사용하지 못한다면?"),
    "japanese ない": ("この機能がある場合、どう感じますか？", "この機能がない場合、どう感じますか？"),
    "japanese なければ": ("この機能があれば、どう感じますか？", "この機能がなければ、どう感じますか？"),
    "japanese なし": ("この機能ありの場合", "この機能なしの場合"),
    "japanese なかった": ("この機能があったら", "この機能がなかったら"),
    "spanish no": ("¿Qué siente si el producto tiene esta función?",
                   "¿Qué siente si el producto no tiene esta función?"),
    "spanish sin": ("¿Qué opina de un hotel con piscina?", "¿Qué opina de un hotel sin piscina?"),
    "portuguese não": ("Como se sente se o produto tiver esta função?",
                       "Como se sente se o produto não tiver esta função?"),
    "portuguese sem": ("Como se sente com Wi-Fi no quarto?", "Como se sente sem Wi-Fi no quarto?"),
    "french n'...pas": ("Que pensez-vous si le produit a cette fonction ?",
                        "Que pensez-vous si le produit n'a pas cette fonction ?"),
    "french ne...pas": ("Si l'hôtel propose ce service", "Si l'hôtel ne propose pas ce service"),
    "french sans": ("Une chambre avec balcon", "Une chambre sans balcon"),
    "german nicht": ("Wenn das Produkt diese Funktion hat", "Wenn das Produkt diese Funktion nicht hat"),
    "german kein": ("Wenn das Hotel WLAN hätte", "Wenn das Hotel kein WLAN hätte"),
    "german ohne": ("Ein Zimmer mit Balkon", "Ein Zimmer ohne Balkon"),
    # functional wordings holding a marker inside a word: 'notification' has 'not', 无线 (wireless) has 无
    "english notification": ("How would you feel if the app sent a notification?",
                             "How would you feel if the app did not notify you?"),
    "chinese 无线": ("如果酒店房间有无线网络，您的感受是？", "如果酒店房间没有网络，您的感受是？"),
}


def _grid_export(first_q, second_q, first, second, items=("Wifi", "Pool")):
    """A Google Forms export: `first_q [item]` columns, then `second_q [item]` columns."""
    cols = {"Timestamp": [f"t{i}" for i in range(len(first))]}
    for q, answers in ((first_q, first), (second_q, second)):
        for item in items:
            cols[f"{q} [{item}]"] = answers
    return pd.DataFrame(cols)


@pytest.mark.parametrize("language", sorted(WORDINGS))
@pytest.mark.parametrize("dysfunctional_placed_first", [True, False])
def test_the_dysfunctional_wording_is_recognised_in_every_language(language, dysfunctional_placed_first):
    func_q, dysf_q = WORDINGS[language]
    if dysfunctional_placed_first:
        df = _grid_export(dysf_q, func_q, D, F)
    else:
        df = _grid_export(func_q, dysf_q, F, D)
    resp = cx.kano.code(df)
    for item in ("Wifi", "Pool"):
        got = resp.loc[resp["attribute"] == item, "category"].astype(str).tolist()
        assert got == EXPECTED  # every cell of the standard table, the right way round
    assert resp["functional"].tolist() == F.tolist() * 2


@pytest.mark.parametrize("text, count", [
    ("How would you feel if the app sent a notification?", 0),
    ("Notifications on, nothing off?", 0),
    ("A no-fee account", 0),                      # a feature written with a hyphen
    ("如果支持无线充电", 0), ("如果有无人机配送", 0), ("如果设有无障碍通道", 0), ("如果提供无糖饮品", 0),
    ("如果提供不同颜色", 0), ("如果未来提供", 0),
    ("如果没有无线充电", 1), ("若无此功能", 1), ("如果不具备无线充电", 1),
    ("少ないですか", 0), ("끊임없이 업데이트된다면", 0),
    ("If it doesn't have it", 1), ("S'il n'y a pas de balcon", 2),  # n' and pas: one negation, two markers
])
def test_negation_markers_are_counted_only_where_they_negate(text, count):
    assert negations(text) == count


def test_a_marker_in_both_questions_cancels_out():
    # Portuguese "no" is "in the": both questions hold it, the one with "não" is the dysfunctional one
    assert dysfunctional_first("Se não houver Wi-Fi no quarto?", "Se houver Wi-Fi no quarto?")
    assert not dysfunctional_first("Se houver Wi-Fi no quarto?", "Se não houver Wi-Fi no quarto?")
    # two questions negated alike: the first is taken as functional (and the answers then judge)
    assert not dysfunctional_first("Question A", "Question B")


# --- the second guard: the answers ---------------------------------------------------------------

def _answers(categories, rng):
    """Answer pairs (functional, dysfunctional) that code to the given categories under the standard table."""
    cells = {c: [(f, d) for f in range(1, 6) for d in range(1, 6) if TABLE[f - 1][d - 1] == c] for c in "AOMIRQ"}
    picks = [cells[c][rng.integers(len(cells[c]))] for c in categories]
    return np.array([p[0] for p in picks]), np.array([p[1] for p in picks])


def test_grids_without_negated_wording_placed_the_wrong_way_round_are_refused(rng):
    truth = list("AOMOAMIOAMOAIMOA" * 2)  # 32 respondents, 28 of them A, O or M
    f, d = _answers(truth, rng)
    df = _grid_export("Question A", "Question B", d, f)  # the dysfunctional grid first, neither wording negated
    # read the wrong way round, every A, O and M codes R (the table's transpose): 28 of 32 per attribute
    assert (cx.kano.evaluate(d, f).astype(str) == "R").sum() == 28
    with pytest.raises(KanoInputError, match=r"The Kano grids look swapped: with 'Question A' read as the functional "
                       r"question and 'Question B' as the dysfunctional one, 56 of 64 valid answer pairs \(88%\) code "
                       r"R .*pass pairs=\{'Wifi': \('Question B \[Wifi\]', 'Question A \[Wifi\]'\), 'Pool': "
                       r"\('Question B \[Pool\]', 'Question A \[Pool\]'\)\}"):
        cx.kano.code(df)
    # the pairing the message shows codes the answers the right way round
    fixed = cx.kano.code(df, pairs={"Wifi": ("Question B [Wifi]", "Question A [Wifi]"),
                                    "Pool": ("Question B [Pool]", "Question A [Pool]")})
    assert fixed["category"].astype(str).tolist() == truth * 2


def test_a_small_or_half_reverse_sample_is_not_refused():
    # 8 genuine reverse answers (f dislike, d like): too few to judge, coded R as asked
    df = _grid_export("Question A", "Question B", [5] * 8, [1] * 8, items=("Wifi",))
    assert cx.kano.code(df)["category"].astype(str).tolist() == ["R"] * 8
    # 10 answers, 5 R and 5 O: half is not "most"; 6 R of 10 is refused
    half = _grid_export("Question A", "Question B", [5] * 5 + [1] * 5, [1] * 5 + [5] * 5, items=("Wifi",))
    assert (cx.kano.code(half)["category"].astype(str) == "R").sum() == 5
    most = _grid_export("Question A", "Question B", [5] * 6 + [1] * 4, [1] * 6 + [5] * 4, items=("Wifi",))
    with pytest.raises(KanoInputError, match=r"6 of 10 valid answer pairs \(60%\) code R"):
        cx.kano.code(most)
    # declared pairs are taken as given
    declared = cx.kano.code(most, pairs={"Wifi": ("Question A [Wifi]", "Question B [Wifi]")})
    assert (declared["category"] == "R").sum() == 6


# --- evaluate pairs two Series by label ----------------------------------------------------------

def test_evaluate_aligns_two_series_with_the_same_labels_in_another_order(rng):
    idx = pd.Index([f"r{i}" for i in range(25)], name="respondent")
    f, d = pd.Series(F, index=idx), pd.Series(D, index=idx)
    aligned = cx.kano.evaluate(f, d)
    shuffled = d.iloc[rng.permutation(25)]
    assert not shuffled.index.equals(idx)
    got = cx.kano.evaluate(f, shuffled)
    pd.testing.assert_series_equal(got, aligned)
    assert got.astype(str).tolist() == EXPECTED  # by label: the hand-coded table, not a positional mix
    # positions when the caller asks for them
    positional = cx.kano.evaluate(f.to_numpy(), shuffled.to_numpy())
    assert list(positional.astype(str)) != EXPECTED


def test_evaluate_refuses_series_with_different_labels():
    f = pd.Series([1, 2, 3], index=["ann", "bob", "cy"])
    d = pd.Series([5, 5, 5], index=["ann", "bob", "dee"])
    with pytest.raises(KanoInputError, match=r"different index labels \(1 label\(s\) only in `functional`: 'cy'; "
                       r"1 label\(s\) only in `dysfunctional`: 'dee'\).*matched by index label"):
        cx.kano.evaluate(f, d)
    with pytest.raises(KanoInputError, match=r"only in `dysfunctional`: 'dee'"):
        cx.kano.evaluate(f, pd.Series([5, 5, 5, 5], index=["ann", "bob", "cy", "dee"]))
    with pytest.raises(KanoInputError, match=r"repeated, in another order"):
        cx.kano.evaluate(pd.Series([1, 2, 3], index=[7, 7, 8]), pd.Series([5, 5, 5], index=[7, 8, 7]))


def test_an_eager_engine_frame_is_judged_by_its_answers_too():
    pl = pytest.importorskip("polars")
    # read as given: functional 5 (dislike) with dysfunctional 1 (like) is R in 7 of 12 pairs, (1, 1) is Q
    df = pd.DataFrame({"Question A [Wifi]": [5] * 7 + [1] * 5, "Question B [Wifi]": [1] * 12})
    with pytest.raises(KanoInputError, match=r"grids look swapped.*7 of 12 valid answer pairs \(58%\) code R.*"
                       r"pairs=\{'Wifi': \('Question B \[Wifi\]', 'Question A \[Wifi\]'\)\}"):
        cx.kano.code(pl.from_pandas(df))
    # a lazy frame is not computed to judge it: coded as the wording says (documented)
    lazy = cx.kano.code(pl.from_pandas(df).lazy()).collect()
    assert lazy["category"].to_list() == ["R"] * 7 + ["Q"] * 5
