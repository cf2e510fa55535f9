"""`code`: the shapes real exports come in, importance, cleaning and bad input."""

import io

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import KanoInputError


def _wide(fsuffix="_f", dsuffix="_d", dys_first=False):
    cols = {"id": [1, 2, 3]}
    f = ["I like it", "I expect it", "I like it"]
    d = ["I'm neutral", "I dislike it", "I dislike it"]
    if dys_first:
        cols[f"wifi{dsuffix}"], cols[f"wifi{fsuffix}"] = d, f
    else:
        cols[f"wifi{fsuffix}"], cols[f"wifi{dsuffix}"] = f, d
    return pd.DataFrame(cols)


@pytest.mark.parametrize("fs, ds", [("_f", "_d"), ("_func", "_dysf"), ("_functional", "_dysfunctional"),
                                    ("_FUNC", "_DYSFUNC"), (".fun", ".dys"), (" f", " d")])
@pytest.mark.parametrize("dys_first", [False, True])
def test_suffix_pairs_in_either_order(fs, ds, dys_first):
    resp = cx.kano.code(_wide(fs, ds, dys_first))
    assert list(resp["attribute"].astype(str)) == ["wifi"] * 3
    assert list(resp["category"]) == ["A", "M", "O"]
    assert list(resp["id"]) == [1, 2, 3]


def test_explicit_pairs_and_the_input_is_not_mutated():
    df = pd.DataFrame({"q1": ["like", "like"], "q2": ["neutral", "dislike"], "seg": ["a", "b"]})
    before = df.copy()
    resp = cx.kano.code(df, pairs={"speed": ("q1", "q2")})
    assert list(resp["category"]) == ["A", "O"]
    assert list(resp["seg"]) == ["a", "b"]
    pd.testing.assert_frame_equal(df, before)


def test_long_shape_with_importance():
    df = pd.DataFrame({"rid": [1, 1, 2], "attribute": ["x", "y", "x"], "functional": [1, 2, 3],
                       "dysfunctional": [5, 5, 3], "importance": [9, 4, 7]})
    resp = cx.kano.code(df)
    assert list(resp["category"]) == ["O", "M", "I"]
    assert list(resp["importance"]) == [9.0, 4.0, 7.0]
    assert list(resp["attribute"].cat.categories) == ["x", "y"]


def test_importance_labels_are_read_by_their_number():
    df = _wide("_functional", "_dysfunctional")
    df["wifi_importance"] = ["9 - Extremely important", "6", np.nan]
    resp = cx.kano.code(df)
    np.testing.assert_array_equal(resp["importance"], [9.0, 6.0, np.nan])
    res = cx.kano.analyze(resp, min_n=0)
    assert res.table["importance_mean"].iloc[0] == pytest.approx(7.5)
    df["wifi_importance"] = ["very", "6", "7"]
    with pytest.raises(KanoInputError, match=r"'very' \(1 row\); in column 'wifi_importance' row label\(s\) 0\."):
        cx.kano.code(df)


QUALTRICS = '''StartDate,ResponseId,Q1_1,Q1_2,Q2_1,Q2_2
Start Date,Response ID,How would you feel if the bank offered this? - Birthday SMS,How would you feel if the bank offered this? - Lounge,How would you feel if the bank did not offer this? - Birthday SMS,How would you feel if the bank did not offer this? - Lounge
"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1_1""}","{""ImportId"":""QID1_2""}","{""ImportId"":""QID2_1""}","{""ImportId"":""QID2_2""}"
2026-01-01,R_1,I like it that way,I like it that way,I am neutral,I dislike it that way
2026-01-02,R_2,It must be that way,I am neutral,I dislike it that way,I am neutral
'''


def test_qualtrics_export_header_rows_and_question_text_pairing():
    resp = cx.kano.code(pd.read_csv(io.StringIO(QUALTRICS)))
    assert resp.attrs["cxresearch"]["header_rows_removed"] == 2
    got = resp.set_index(["ResponseId", "attribute"])["category"].astype(str).to_dict()
    assert got == {("R_1", "Birthday SMS"): "A", ("R_1", "Lounge"): "O",
                   ("R_2", "Birthday SMS"): "M", ("R_2", "Lounge"): "I"}


def test_google_forms_grid_with_negated_question_first():
    df = pd.DataFrame({
        "Timestamp": ["t1", "t2"],
        "2. How would you feel if the bed did NOT have it? [Massage]": ["I dislike it", "I'm neutral"],
        "1. How would you feel if the bed had it? [Massage]": ["I like it", "I like it"],
        "2. How would you feel if the bed did NOT have it? [Heating]": ["I dislike it", "I dislike it"],
        "1. How would you feel if the bed had it? [Heating]": ["I expect it", "I like it"],
    })
    resp = cx.kano.code(df)
    assert list(resp["attribute"].cat.categories) == ["Massage", "Heating"]
    assert list(resp["category"]) == ["O", "A", "M", "O"]
    assert list(resp["Timestamp"]) == ["t1", "t2", "t1", "t2"]


def test_max_questionable_drops_respondents_and_reports_them():
    df = pd.DataFrame({"a_f": [1, 1, 5], "a_d": [1, 3, 5], "b_f": [5, 1, 1], "b_d": [5, 5, 5]})
    resp = cx.kano.code(df, max_questionable=1)
    info = resp.attrs["cxresearch"]
    assert info["respondents_dropped"] == 1
    assert info["rows"]["n_in"] == 6 and info["rows"]["n_used"] == 4
    assert sorted(resp["respondent"].unique()) == [1, 2]
    assert "Q" not in set(resp["category"].astype(str)) or (resp["category"] == "Q").sum() <= 1


def test_missing_answers_are_kept_and_counted():
    df = pd.DataFrame({"a_f": [1, None, 2], "a_d": [3, 5, None]})
    resp = cx.kano.code(df)
    assert resp["category"].isna().sum() == 2
    rows = resp.attrs["cxresearch"]["rows"]
    assert (rows["n_in"], rows["n_used"]) == (3, 1)


def test_functional_column_without_twin():
    df = pd.DataFrame({"wifi_f": ["like"], "wifi_d": ["dislike"], "lounge_f": ["like"]})
    with pytest.raises(KanoInputError, match="'lounge_f'.*no functional/dysfunctional twin"):
        cx.kano.code(df)


def test_missing_columns_empty_frame_and_no_pairs():
    with pytest.raises(KanoInputError, match="'nope' not found"):
        cx.kano.code(pd.DataFrame({"q1": [1], "q2": [5]}), pairs={"x": ("q1", "nope")})
    with pytest.raises(KanoInputError, match="empty"):
        cx.kano.code(pd.DataFrame({"wifi_f": [], "wifi_d": []}))
    with pytest.raises(KanoInputError, match="Could not find functional/dysfunctional"):
        cx.kano.code(pd.DataFrame({"q1": [1], "q2": [5]}))
    with pytest.raises(KanoInputError, match="id column 'segment' not found"):
        cx.kano.code(_wide(), id_vars=["segment"])


def test_unknown_label_in_wide_export_names_rows():
    df = _wide()
    df.index = ["r1", "r2", "r3"]
    df.loc["r2", "wifi_f"] = "I love it"
    with pytest.raises(KanoInputError, match=r"'I love it' \(1 row; did you mean 'I like it'\?\); "
                                             r"in column 'wifi_f' row label\(s\) 'r2'\."):
        cx.kano.code(df)


def test_shipped_english_and_chinese_surveys_code_identically():
    en = cx.kano.code(cx.load_dataset("recruiting_kano"))
    zh = cx.kano.code(cx.load_dataset("recruiting_kano_zh"))
    assert len(en) == 300 * 11
    pd.testing.assert_series_equal(en["category"], zh["category"])
    assert en["importance"].between(1, 9).all()


# --- real data: four published answer wordings, one attribute stored dysfunctional-first ---

REPPL_FILES = ["storage--cohort1-clean.csv", "storage--cohort2-clean.csv",
               "storage--cohort3-clean.csv", "storage--cohort4-clean.csv",
               "transfers--all_cohorts-clean.csv"]


@pytest.mark.parametrize("name", REPPL_FILES)
def test_reppl_real_files_code_without_unknown_labels(name, shared):
    df = pd.read_csv(shared("reppl-kano", name))
    resp = cx.kano.code(df, id_vars=["ID", "Gender"])
    n_attr = sum(c.endswith("_functional") for c in df.columns)
    assert len(resp) == len(df) * n_attr
    assert resp["category"].notna().all()
    assert resp["importance"].between(1, 9).all()
    # F4 / F10 are stored dysfunctional-first: pairing is by name, so the first respondent's
    # F4 answers (cohort 1: functional 'I like it that way', dysfunctional 'I dislike it that way') are O.
    if name.startswith("storage--cohort1"):
        first = resp[(resp["ID"] == "C1-1") & (resp["attribute"] == "F4")]
        assert first["category"].tolist() == ["O"]


def test_reppl_same_questions_give_the_same_majority_across_wordings(shared):
    # Secure storage (F4) is the attribute every wording agrees on: O in all four cohorts.
    cats = []
    for name in REPPL_FILES[:4]:
        res = cx.kano.analyze(cx.kano.code(pd.read_csv(shared("reppl-kano", name))), min_n=0)
        cats.append(res.table.set_index("attribute").loc["F4", "category"])
    assert cats == ["O"] * 4


def test_french_google_forms_export_with_custom_scale(shared):
    path = shared("qrm-kano-fr", "answers.tsv")
    df = pd.read_csv(path, sep="\t")
    names = shared("qrm-kano-fr", "functionalities.txt").read_text(encoding="utf-8").split("\n")
    names = [n.strip() for n in names if n.strip()]
    questions = [c for c in df.columns if c != "Horodateur"]
    pairs = {names[i] if i < len(names) else f"feature_{i + 1}": (questions[2 * i], questions[2 * i + 1])
             for i in range(len(questions) // 2)}
    scale = {"Cela me plaît": 1, "Cela est normal ainsi": 2, "Cela m'est égal": 3,
             "Je m'en contente": 4, "Cela me déplaît": 5}
    resp = cx.kano.code(df, pairs=pairs, answer_scale=scale)
    assert len(resp) == len(df) * len(pairs)
    assert resp["category"].notna().all()


def test_wide_respondent_ids_are_kept_when_id_vars_leaves_them_out():
    wide = pd.DataFrame({"respondent": ["r7", "r9"], "wave": [1, 2], "wifi_f": [1, 2], "wifi_d": [5, 5]})
    out = cx.kano.code(wide, id_vars=["wave"])
    assert out["respondent"].tolist() == ["r7", "r9"]
    assert out["category"].astype(str).tolist() == ["O", "M"]
