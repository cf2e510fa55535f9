"""cx.io readers: each fixture read back equals the truth frame it was written from."""

import filecmp
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import cxresearch as cx

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
mf = importlib.util.module_from_spec(_spec)
sys.modules["make_fixtures"] = mf
_spec.loader.exec_module(mf)

KEYS = {"reader", "source", "questions", "grid", "value_labels", "id_columns", "dropped_columns", "rows", "notes",
        "encoding"}


def meta(frame):
    out = frame.attrs["cxresearch"]
    assert set(out) == KEYS
    rows = out["rows"]
    assert rows["n_in"] == rows["n_used"] + sum(rows["excluded"].values())
    assert rows["n_used"] == len(frame) and rows["unit"] == "respondents"
    return out


def same(got, want):
    assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)


def test_fixture_script_regenerates_the_committed_files(tmp_path):
    mf.write_all(tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    published = {"mtcars.csv"}  # a public data set kept beside the exports (R's mtcars), not written by the script
    assert written == sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".py" and p.name not in published)
    for name in written:
        if name.endswith(".csv"):
            assert filecmp.cmp(tmp_path / name, FIXTURES / name, shallow=False), name
        else:  # .xlsx and .sav embed the time of writing: compare what they hold
            reader = cx.io.read_spss if name.endswith(".sav") else cx.io.read_survey
            same(reader(tmp_path / name), reader(FIXTURES / name))


def test_qualtrics_csv_round_trip_with_hyphenated_items_and_status_rows():
    df = cx.io.read_qualtrics(FIXTURES / "qualtrics.csv")
    truth, status = mf.qualtrics_truth()
    kept = [s == "IP Address" for s in status]
    want = truth[kept].drop(columns=["IPAddress", "LocationLatitude", "LocationLongitude"])
    same(df, want)
    m = meta(df)
    assert m["reader"] == "qualtrics" and m["source"].endswith("qualtrics.csv")
    assert m["rows"] == {"n_in": 12, "n_used": 9, "unit": "respondents", "excluded": {
        "Qualtrics Status Survey Preview": 1, "Qualtrics Status Survey Test": 1, "Qualtrics Status Spam": 1}}
    assert set(m["dropped_columns"]) == {"IPAddress", "LocationLatitude", "LocationLongitude"}
    assert m["id_columns"] == ["StartDate", "Status", "Progress", "Finished", "ResponseId"]
    for k, item in enumerate(mf.AMENITIES, 1):
        assert m["grid"][f"Q5_{k}"] == (mf.QUESTION_F, item)
        assert m["grid"][f"Q6_{k}"] == (mf.QUESTION_D, item)
    assert "Q7" not in m["grid"] and m["questions"]["Q7"].startswith("How likely")
    assert len(m["grid"]) == 32


def test_qualtrics_options_keep_every_row_and_the_metadata():
    df = cx.io.read_qualtrics(FIXTURES / "qualtrics.csv", exclude_status=(), keep_metadata=True)
    truth, _ = mf.qualtrics_truth()
    same(df, truth)
    m = meta(df)
    assert m["dropped_columns"] == {} and "IPAddress" in m["id_columns"]
    only_spam = cx.io.read_qualtrics(FIXTURES / "qualtrics.csv", exclude_status=["spam"])
    assert meta(only_spam)["rows"]["excluded"] == {"Qualtrics Status Spam": 1}


def test_qualtrics_numeric_excel_round_trip():
    df = cx.io.read_qualtrics(FIXTURES / "qualtrics_numeric.xlsx")
    truth, status = mf.qualtrics_truth()
    assert len(df) == 9 and df["Status"].eq(0).all()
    codes = {"I like it": 1, "I expect it": 2, "I'm neutral": 3, "I can tolerate it": 4, "I dislike it": 5}
    want = truth[[s == "IP Address" for s in status]]
    assert df["Q5_3"].tolist() == want["Q5_3"].map(codes).tolist()
    assert meta(df)["grid"]["Q6_2"] == (mf.QUESTION_D, "Wi-Fi in public spaces")


def test_qualtrics_legacy_two_rows_with_cut_text():
    df = cx.io.read_qualtrics(FIXTURES / "qualtrics_legacy.csv")
    truth = mf.legacy_truth()
    same(df, truth[truth["Status"] != 1])
    m = meta(df)
    question = mf.LEGACY_Q[:96] + "..."
    assert [m["grid"][f"Q1_{k}"] for k in range(1, 5)] == [(question, a) for a in mf.AMENITIES[:4]]
    assert m["rows"]["excluded"] == {"Qualtrics Status Survey Preview": 1}


def test_spss_reversed_codes_read_by_their_labels():
    df = cx.io.read_spss(FIXTURES / "spss_reversed.sav")
    same(df, mf.spss_truth())
    m = meta(df)
    assert m["value_labels"]["sat"] == {1.0: "Very dissatisfied", 5.0: "Very satisfied", 99.0: "no answer"}
    assert m["questions"]["sat"] == "Overall satisfaction"
    assert m["grid"]["d2"] == (mf.QUESTION_D, mf.AMENITIES[1])
    assert any("contradicts the Kano order" in n and "'I dislike it'" in n for n in m["notes"])
    assert "f1: 1 user-defined missing value(s) (99) read as missing." in m["notes"]
    assert "sat: 2 user-defined missing value(s) (99) read as missing." in m["notes"]


def test_stata_labels(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "k.dta"
    pyreadstat.write_dta(pd.DataFrame({"f": [1, 3], "r": [2, 7]}), str(path), column_labels=["Feel: Wi-Fi", "Rate"],
                         variable_value_labels={"f": {1: "I like it", 3: "I'm neutral", 5: "I dislike it"},
                                                "r": {1: "low", 7: "high"}})
    df = cx.io.read_stata(path)
    assert df["f"].tolist() == ["I like it", "I'm neutral"] and df["r"].tolist() == [2, 7]
    m = meta(df)
    assert m["reader"] == "stata" and m["value_labels"]["r"] == {1: "low", 7: "high"}
    assert any("in the Kano order" in n for n in m["notes"])


@pytest.mark.parametrize("labels, values, want, order", [
    ({1: "I like it", 2: "I expect it", 3: "I'm neutral", 4: "I can tolerate it", 5: "I dislike it", 9: "Don't know"},
     [1, 9, 2], ["I like it", "Don't know", "I expect it"], "in the Kano order"),
    ({1: "I dislike it", 2: "I can tolerate it", 3: "I'm neutral", 4: "I expect it", 5: "I like it", 9: "Don't know"},
     [1, 5, 9], ["I dislike it", "I like it", "Don't know"], "contradicts the Kano order")])
def test_a_kano_column_with_a_dont_know_label_is_read_by_its_labels(tmp_path, labels, values, want, order):
    """A blind probe found a Kano column kept as numbers, with no note, once a 'Don't know' label (not declared
    missing) sat beside its five Kano labels; coded 1 = dislike, kano.code would then read 1 as 'like'."""
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "k.sav"
    pyreadstat.write_sav(pd.DataFrame({"feel": [float(v) for v in values], "yes": [1.0, 2.0, 9.0]}), str(path),
                         variable_value_labels={"feel": labels, "yes": {1: "Yes", 2: "No", 9: "Don't know"}})
    df = cx.io.read_spss(path)
    assert df["feel"].tolist() == want and df["yes"].tolist() == [1, 2, 9]  # a yes/no column keeps its numbers
    assert any(order in n and "9 = \"Don't know\" is no Kano answer and kept as labels" in n
               for n in meta(df)["notes"])
    assert cx.kano.label_codes(df["feel"]).tolist() == [{"I like it": 1, "I expect it": 2, "I dislike it": 5,
                                                         "Don't know": -1}[w] for w in want]


def test_likert_and_yes_no_scales_with_kano_words_keep_their_numbers(tmp_path):
    """A review found the first version of the rule above reading these as labels (three Kano words of five, or the
    digits 1-5 among 1-7, counted as Kano answers)."""
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "l.sav"
    labels = {"likert": {1: "Dislike a lot", 2: "Dislike", 3: "Neutral", 4: "Like", 5: "Like a lot"},
              "seven": {k: str(k) for k in range(1, 8)}, "ldk": {1: "Like", 2: "Dislike", 9: "Don't know"}}
    pyreadstat.write_sav(pd.DataFrame({c: [1.0, 2.0, 5.0] for c in labels}), str(path), variable_value_labels=labels)
    df = cx.io.read_spss(path)
    assert all(df[c].tolist() == [1, 2, 5] for c in labels)
    assert not any("replaced by their value labels" in n for n in meta(df)["notes"])


@pytest.mark.parametrize("name, which", [("wjx_text.csv", 0), ("wjx_number.xlsx", 1)])
def test_wjx_downloads_round_trip(name, which):
    df = cx.io.read_wjx(FIXTURES / name)
    same(df, mf.wjx_truth()[which])
    m = meta(df)
    assert m["id_columns"] == ["序号", "提交答卷时间", "所用时间", "来源"]
    assert [m["grid"][f"Q3_{k}"] for k in (1, 2, 3)] == [(mf.WJX_F, i) for i in mf.WJX_ITEMS]
    assert [m["grid"][f"Q4_{k}"][1] for k in (1, 2, 3)] == mf.WJX_ITEMS
    assert [m["grid"][f"Q2_{k}"][1] for k in (1, 2, 3)] == mf.WJX_OPTIONS
    skipped = "'(跳过)'" if which == 0 else "'-3'"
    assert f"Q5: 2 skipped answers {skipped} read as missing." in m["notes"]


def test_wjx_text_and_number_downloads_agree():
    text = cx.io.read_wjx(FIXTURES / "wjx_text.csv")
    number = cx.io.read_wjx(FIXTURES / "wjx_number.xlsx")
    assert list(text.columns) == list(number.columns)
    multi = ["Q2_1", "Q2_2", "Q2_3", "Q5"]
    same(text[multi], number[multi])


def test_surveymonkey_round_trip():
    df = cx.io.read_surveymonkey(FIXTURES / "surveymonkey.csv")
    wide = mf.small_truth(5, 51)
    for k, f in enumerate(mf.FEATURES, 1):
        assert df[f"Q1_{k}"].tolist() == wide[f"{f}_functional"].tolist()
        assert df[f"Q2_{k}"].tolist() == wide[f"{f}_dysfunctional"].tolist()
    assert df["Q3"].tolist() == wide["rating"].tolist()
    assert df["Q4"].isna().tolist() == [False, True, False, True, False]
    m = meta(df)
    assert set(m["dropped_columns"]) == {"IP Address", "Email Address", "First Name", "Last Name"}
    assert m["grid"]["Q2_3"] == ("If the app did not have the following, how would you feel?", "Two-factor log-in")
    assert "Q3" not in m["grid"] and m["questions"]["Q3"] == "How satisfied are you with the app overall?"


def test_google_forms_round_trip():
    df = cx.io.read_google_forms(FIXTURES / "google_forms.csv")
    wide = mf.small_truth(6, 61)
    for f in mf.FEATURES:
        assert df[f"{mf.FORM_F} [{f}]"].tolist() == wide[f"{f}_functional"].tolist()
    assert df["Overall satisfaction"].tolist() == wide["rating"].tolist()
    m = meta(df)
    assert m["id_columns"] == ["Timestamp", "Email Address"]
    assert m["grid"][f"{mf.FORM_D} [Two-factor log-in]"] == (mf.FORM_D, "Two-factor log-in")
    assert len(m["grid"]) == 6


def test_limesurvey_round_trip():
    df = cx.io.read_limesurvey(FIXTURES / "limesurvey.csv")
    wide = mf.small_truth(5, 71)
    for k, f in enumerate(mf.FEATURES, 1):
        assert df[f"D[SQ00{k}]"].tolist() == wide[f"{f}_dysfunctional"].tolist()
    assert df["SAT"].tolist() == wide["rating"].tolist()
    m = meta(df)
    assert "ipaddr" in m["dropped_columns"] and "submitdate" in m["id_columns"]
    assert m["grid"]["F[SQ002]"] == ("F", "SQ002")
    assert m["notes"] == ["1 response(s) have no submitdate (not completed); they are kept, filter on submitdate "
                          "to leave them out."]


@pytest.mark.parametrize("name, reader", [
    ("qualtrics.csv", "qualtrics"), ("qualtrics_numeric.xlsx", "qualtrics"), ("qualtrics_legacy.csv", "qualtrics"),
    ("spss_reversed.sav", "spss"), ("wjx_text.csv", "wjx"), ("wjx_number.xlsx", "wjx"),
    ("surveymonkey.csv", "surveymonkey"), ("google_forms.csv", "google_forms"), ("limesurvey.csv", "limesurvey")])
def test_read_survey_sniffs_the_format(name, reader):
    assert meta(cx.io.read_survey(FIXTURES / name))["reader"] == reader


def test_describe_one_row_per_column_and_dropped_column():
    df = cx.io.read_qualtrics(FIXTURES / "qualtrics.csv")
    d = cx.io.describe(df)
    assert len(d) == df.shape[1] + 3
    assert d.set_index("column").loc["Q5_2", "item"] == "Wi-Fi in public spaces"
    assert set(d.loc[d["role"] == "dropped", "column"]) == {"IPAddress", "LocationLatitude", "LocationLongitude"}
    assert d.set_index("column").loc["ResponseId", "role"] == "id"
    spss = cx.io.describe(cx.io.read_spss(FIXTURES / "spss_reversed.sav")).set_index("column")
    assert spss.loc["sat", "n_missing"] == 2 and spss.loc["f1", "n_missing"] == 1
    assert spss.loc["sat", "value_labels"].startswith("1 = Very dissatisfied")


def test_kano_pairs_from_the_grid_of_a_forms_export():
    df = cx.io.read_google_forms(FIXTURES / "google_forms.csv")
    coded = cx.kano.code(df.drop(columns=["Timestamp", "Email Address", "Overall satisfaction"]))
    assert set(coded["attribute"]) == set(mf.FEATURES) and len(coded) == 18
    assert not np.any(coded["category"].isna())
