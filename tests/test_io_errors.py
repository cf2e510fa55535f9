"""cx.io on bad input: the error type and what the message names."""

import sys
from pathlib import Path

import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, SurveyReadError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
READERS = [cx.io.read_qualtrics, cx.io.read_spss, cx.io.read_stata, cx.io.read_excel, cx.io.read_wjx,
           cx.io.read_surveymonkey, cx.io.read_google_forms, cx.io.read_limesurvey, cx.io.read_survey]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_missing_file_names_the_path(reader, tmp_path):
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(SurveyReadError, match="nowhere.csv") as info:
        reader(missing)
    assert isinstance(info.value, CXInputError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("reader, name", [
    (cx.io.read_spss, "qualtrics.csv"), (cx.io.read_stata, "spss_reversed.sav"),
    (cx.io.read_excel, "google_forms.csv"), (cx.io.read_limesurvey, "spss_reversed.sav")])
def test_wrong_extension_for_the_reader(reader, name):
    with pytest.raises(SurveyReadError, match=rf"{reader.__name__}\(\).*{name}.*read_survey"):
        reader(FIXTURES / name)


@pytest.mark.parametrize("reader, name, says", [
    (cx.io.read_qualtrics, "google_forms.csv", "not a Qualtrics export"),
    (cx.io.read_qualtrics, "limesurvey.csv", "not a Qualtrics export"),
    (cx.io.read_wjx, "surveymonkey.csv", "not a 问卷星 download"),
    (cx.io.read_surveymonkey, "qualtrics.csv", "not a SurveyMonkey export"),
    (cx.io.read_google_forms, "limesurvey.csv", "not a Google Forms download"),
    (cx.io.read_limesurvey, "google_forms.csv", "not a LimeSurvey export")])
def test_header_shape_that_does_not_fit(reader, name, says):
    with pytest.raises(SurveyReadError, match=says) as info:
        reader(FIXTURES / name)
    assert name in str(info.value)


def test_unknown_format_suggests_the_nearest():
    with pytest.raises(SurveyReadError, match="`format` must be one of .*Did you mean 'qualtrics'"):
        cx.io.read_survey(FIXTURES / "qualtrics.csv", format="qualtrix")


def test_format_that_cannot_be_told_lists_the_formats(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(SurveyReadError, match="plain.csv.*format=.*'qualtrics', 'spss'"):
        cx.io.read_survey(path)


def test_not_a_path(tmp_path):
    with pytest.raises(SurveyReadError, match="`path` must be a file path"):
        cx.io.read_qualtrics(pd.DataFrame({"a": [1]}))


def test_corrupt_binary_files(tmp_path):
    for name, reader in [("bad.sav", cx.io.read_spss), ("bad.xlsx", cx.io.read_excel), ("bad.xls", cx.io.read_wjx)]:
        path = tmp_path / name
        path.write_bytes(b"this is not a binary survey file")
        with pytest.raises(SurveyReadError, match=name):
            reader(path)


def test_missing_sheet_names_the_argument():
    with pytest.raises(SurveyReadError, match="`sheet` must be"):
        cx.io.read_excel(FIXTURES / "qualtrics_numeric.xlsx", sheet="Responses")


def test_repeated_header_names_are_refused(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,Q,Q\n2024,1,2\n")
    with pytest.raises(SurveyReadError, match=r"header names \['Q'\] more than once \('Q' in columns 2, 3\), so those "
                                              r"columns cannot be told apart\. Rename them in the header row") as info:
        cx.io.read_google_forms(path)
    assert "read_excel" not in str(info.value)  # the old advice: a dead end (read_excel refuses them too)


@pytest.mark.parametrize("package, reader, name", [
    ("pyreadstat", cx.io.read_spss, "spss_reversed.sav"), ("openpyxl", cx.io.read_excel, "qualtrics_numeric.xlsx")])
def test_missing_optional_package_names_it_and_the_extra(monkeypatch, package, reader, name):
    monkeypatch.setitem(sys.modules, package, None)  # import fails as if not installed
    with pytest.raises(SurveyReadError, match=rf"'{package}'.*pip install \"cxresearch\[io\]\""):
        reader(FIXTURES / name)


def test_describe_needs_a_frame_from_a_reader():
    with pytest.raises(SurveyReadError, match="`data` must be a DataFrame returned by a cx.io reader"):
        cx.io.describe(pd.DataFrame({"a": [1]}))


def test_a_wrong_sep_that_leaves_the_header_whole_is_said_with_the_delimiter_found(tmp_path):
    """Found by an independent probe: read_google_forms(sep=';') on a comma file never mentioned `sep`."""
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,How do you feel with [Wi-Fi]\n2024/05/01 10:00:00,I like it\n", encoding="utf-8")
    with pytest.raises(cx.errors.SurveyReadError,
                       match=r"With sep=';' the header is one column; the file seems to use ',': pass sep=','"):
        cx.io.read_google_forms(path, sep=";")
    assert cx.io.read_google_forms(path).shape == (1, 2)  # detected without sep


def test_a_plain_table_is_refused_by_read_survey_with_the_way_to_read_it(tmp_path):
    path = tmp_path / "plain.csv"
    pd.DataFrame({"id": ["007", "012"], "overall": [3, 4]}).to_csv(path, index=False)
    with pytest.raises(SurveyReadError, match=r"Could not tell the survey tool.*pass format='plain' or call "
                                              r"cx\.io\.read_table\(path\)"):
        cx.io.read_survey(path)
    plain = cx.io.read_survey(path, format="plain")
    assert plain.equals(cx.io.read_table(path)) and plain["id"].tolist() == ["007", "012"]  # ids stay text
    assert plain["overall"].tolist() == [3, 4]


def test_a_surveymonkey_export_without_its_second_header_row_is_refused(tmp_path):
    """A blind probe found the first respondent read as the second header row without a word (n_in 1 of 2)."""
    path = tmp_path / "sm.csv"
    path.write_text("Respondent ID,How satisfied?\n1,4\n2,5\n", encoding="utf-8")
    with pytest.raises(SurveyReadError, match=r"row 2 holds '1' under 'Respondent ID', a respondent's answer.*"
                                              r"the second header row is missing.*cx.io.read_table\(path\)"):
        cx.io.read_surveymonkey(path)
    assert cx.io.read_table(path)["How satisfied?"].tolist() == [4, 5]
    path.write_text("Respondent ID,How satisfied?\n,Response\n1,4\n2,5\n", encoding="utf-8")  # as exported
    assert cx.io.read_surveymonkey(path)["Q1"].tolist() == [4, 5]
