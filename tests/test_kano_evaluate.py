"""Evaluation tables, answer labels and `evaluate`."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.kano._labels import answer_codes, normalise_label, resolve_scale
from cxresearch.errors import KanoInputError

# Transcribed from DESIGN.md section 4 (Kano et al. 1984; Berger et al. 1993), rows functional
# like..dislike, columns dysfunctional like..dislike.
STANDARD = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
# Berger et al. (1993) modified table: identical answers are Q except neutral/neutral.
POULIOT = ["QAAAO", "RQIIM", "RIIIM", "RIIQM", "RRRRQ"]


@pytest.mark.parametrize("name, grid", [("standard", STANDARD), ("pouliot", POULIOT)])
@pytest.mark.parametrize("f", range(1, 6))
@pytest.mark.parametrize("d", range(1, 6))
def test_every_cell_of_the_five_answer_tables(name, grid, f, d):
    got = cx.kano.evaluate([f], [d], table=name)
    assert list(got) == [grid[f - 1][d - 1]]


@pytest.mark.parametrize("f", ["like", "neutral", "dislike"])
@pytest.mark.parametrize("d", ["like", "neutral", "dislike"])
def test_short3_cells_are_the_standard_table_on_like_neutral_dislike(f, d):
    idx = {"like": 0, "neutral": 2, "dislike": 4}
    assert list(cx.kano.evaluate([f], [d], table="short3")) == [STANDARD[idx[f]][idx[d]]]


def test_short3_reads_numbers_on_a_three_point_scale_and_rejects_must_be():
    # 1 like, 2 neutral, 3 dislike: (1, 3) is like/dislike = O, (2, 3) neutral/dislike = M
    assert list(cx.kano.evaluate([1, 2], [3, 3], table="short3")) == ["O", "M"]
    with pytest.raises(KanoInputError, match="not on the scale"):
        cx.kano.evaluate(["must-be"], ["dislike"], table="short3")


def test_custom_table_is_validated_and_recorded():
    grid = [list(row) for row in STANDARD]
    grid[2][2] = "Q"
    t = cx.kano.evaluation_table(grid)
    assert t.name == "custom"
    assert list(cx.kano.evaluate([3, 3], [3, 4], table=t)) == ["Q", "I"]
    grid[0][0] = "X"
    with pytest.raises(KanoInputError, match=r"\[0\]\[0\]='X'"):
        cx.kano.evaluation_table(grid)
    with pytest.raises(KanoInputError, match="5x5"):
        cx.kano.evaluation_table([["A"] * 4] * 5)


def test_every_builtin_label_codes_to_its_answer():
    labels = cx.kano.answer_labels()
    codes = answer_codes(labels["label"], resolve_scale(None), "label")
    np.testing.assert_array_equal(codes, labels["code"].to_numpy())


@pytest.mark.parametrize("raw, code", [
    ("I’m neutral", 3),  # curly apostrophe
    ("  i'M   NEUTRAL ", 3),  # case and spaces
    ("I like it that way.", 1),  # trailing full stop
    ("I dislike it, and I can’t accept it", 5),
    ("It is a basic necessity or I expect it that way", 2),
    ("This would be a minor inconvenience", 4),
    ("I am expecting it to be that way", 2),
    ("I can accept it to be that way", 4),
    ("Das könnte ich in Kauf nehmen", 4),
    ("喜歡", 1), ("理所当然", 2), ("應該的", 2), ("無所謂", 3), ("勉强接受", 4), ("不喜歡", 5),
    ("ｌｉｋｅ", 1),  # full-width letters (Unicode width)
    ("like\u200d", 1),  # zero-width joiner
    ("dislike \u2639\ufe0f", 5),  # emoji with a variation selector
    ("5", 5), ("2.0", 2), (4, 4), (1.0, 1),
])
def test_label_variants(raw, code):
    assert answer_codes(pd.Series([raw], dtype=object), resolve_scale(None), "x")[0] == code


def test_custom_mapping_for_french_labels_with_emoji():
    scale = {"Cela me plaît": "like", "Cela est normal ainsi": 2, "Cela m'est égal": "neutral",
             "Je m'en contente": "live-with", "Cela me déplaît": "dislike"}
    got = cx.kano.evaluate(["Cela me plaît 🤩", "Cela est normal ainsi 🙂"],
                           ["Je m’en contente 😑", "Cela me déplaît ☹️"], answer_scale=scale)
    assert list(got) == ["A", "M"]


def test_sides_may_use_different_scales():
    got = cx.kano.evaluate(["I like it"], ["不喜欢"], answer_scale={"functional": "english", "dysfunctional": "chinese"})
    assert list(got) == ["O"]
    with pytest.raises(KanoInputError, match="unknown answer label"):
        cx.kano.evaluate(["喜欢"], ["不喜欢"], answer_scale={"functional": "english", "dysfunctional": "chinese"})


def test_missing_answer_gives_missing_category_not_q():
    got = cx.kano.evaluate(pd.Series(["like", None, "like"]), pd.Series(["like", "dislike", np.nan]))
    assert got.iloc[0] == "Q"
    assert got.isna().tolist() == [False, True, True]


def test_unknown_label_error_lists_label_count_positions_and_accepted():
    f = pd.Series(["I like it", "I love it", "I love it", "meh"])
    with pytest.raises(KanoInputError) as err:
        cx.kano.evaluate(f, ["I dislike it"] * 4)
    msg = str(err.value)
    assert "'I love it' (2 rows; did you mean 'I like it'?)" in msg and "'meh' (1 row)" in msg
    assert "column 'functional', first row positions: 1, 2, 3" in msg
    assert "'i like it that way'" in msg  # accepted labels are listed


def test_a_near_miss_of_a_built_in_label_suggests_it():
    with pytest.raises(KanoInputError, match=r"'I tolerate it' \(1 row; did you mean 'I can tolerate it'\?\)"):
        cx.kano.evaluate(["I like it"], ["I tolerate it"])
    with pytest.raises(KanoInputError, match=r"'理应如次' \(1 row; did you mean '理应如此'\?\)"):
        cx.kano.evaluate(["理应如次"], ["很不喜欢"])


def test_common_chinese_platform_wordings_code_as_the_five_answers():
    f = ["很喜欢", "理应如此", "无所谓", "能忍受", "很不喜欢", "很喜欢", "很喜欢"]
    d = ["很不喜欢", "很不喜欢", "很不喜欢", "很不喜欢", "很喜欢", "无所谓", "很喜欢"]
    assert list(cx.kano.evaluate(f, d)) == ["O", "M", "M", "M", "R", "A", "Q"]


def test_numbers_outside_one_to_five_are_unknown():
    with pytest.raises(KanoInputError, match=r"6 \(1 row\)"):
        cx.kano.evaluate([1, 6], [5, 5])


def test_categorical_input_and_series_index_are_kept():
    f = pd.Series(pd.Categorical(["I like it", "I expect it"]), index=[10, 20])
    d = pd.Series(pd.Categorical(["I dislike it", "I dislike it"]), index=[10, 20])
    out = cx.kano.evaluate(f, d)
    assert list(out.index) == [10, 20] and list(out) == ["O", "M"]
    assert list(out.cat.categories) == list("AOMIRQ") and out.cat.ordered


def test_normalise_label_is_idempotent():
    for label in cx.kano.answer_labels()["label"]:
        once = normalise_label(label)
        assert normalise_label(once) == once
