"""cx.io on files as Excel and the survey tools write them: encodings, delimiters, broken rows, identifiers."""

import csv
import importlib.util
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import cxresearch as cx
from cxresearch.io._encoding import KNOWN_HEADERS
from cxresearch.errors import SurveyReadError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
if "make_fixtures" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    sys.modules["make_fixtures"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["make_fixtures"])
mf = sys.modules["make_fixtures"]

READERS = {"qualtrics.csv": cx.io.read_qualtrics, "qualtrics_legacy.csv": cx.io.read_qualtrics,
           "wjx_text.csv": cx.io.read_wjx, "surveymonkey.csv": cx.io.read_surveymonkey,
           "google_forms.csv": cx.io.read_google_forms, "limesurvey.csv": cx.io.read_limesurvey}


pytestmark = pytest.mark.usefixtures("csv_engine")  # every test with both CSV engines


def _rows(name):
    return list(csv.reader(io.StringIO((FIXTURES / name).read_text(encoding="utf-8-sig"), newline="")))


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "gb18030"])
@pytest.mark.parametrize("name", list(READERS))
def test_every_reader_round_trips_under_each_encoding_and_delimiter(tmp_path, name, encoding, sep):
    want = READERS[name](FIXTURES / name)
    if encoding == "utf-16-be":  # UTF-16 BE with its byte-order mark, as some Mac exports write it
        data = b"\xfe\xff" + io.StringIO().getvalue().encode()
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(_rows(name))
        path = tmp_path / name
        path.write_bytes(data + buffer.getvalue().encode("utf-16-be"))
        expected = "utf-16"
    else:
        path = mf.write_text(tmp_path / name, _rows(name), encoding, sep)
        ascii_only = all(ord(ch) < 128 for ch in (FIXTURES / name).read_text(encoding="utf-8-sig"))
        expected = "utf-8" if encoding == "gb18030" and ascii_only else encoding
        header = (FIXTURES / name).read_text(encoding="utf-8-sig").split("\n", 1)[0]
        known = any(word in header for word in KNOWN_HEADERS)  # the tool's own column names settle the encoding
        if encoding == "gb18030" and sep == "|" and not ascii_only and not known:
            # '|' among GB18030 bytes looks like noise to the detector: refused with the readings, never misread
            with pytest.raises(SurveyReadError, match=r"no legacy encoding reads it as plain text \(cp1252 reads"):
                READERS[name](path)
            assert READERS[name](path, encoding="gb18030").equals(want)
            return
    got = READERS[name](path)
    assert_frame_equal(got, want, check_dtype=False)
    assert got.attrs["cxresearch"]["encoding"] == expected
    assert cx.io.read_survey(path).shape == want.shape  # the format is sniffed under any encoding


@pytest.mark.parametrize("language", list(mf.LANGUAGES))
def test_legacy_code_pages_are_detected_not_assumed(tmp_path, language):
    encoding, stamp, words = mf.LANGUAGES[language]
    path = mf.write_text(tmp_path / "form.csv", mf.forms_rows(language), encoding)
    df = cx.io.read_survey(path)
    m = df.attrs["cxresearch"]
    assert m["reader"] == "google_forms" and m["id_columns"] == [stamp]
    assert m["encoding"] == encoding and any(f"Read as {encoding}" in n for n in m["notes"])
    assert df["Q1"].tolist()[:4] == words[:4]  # e.g. 여 stays 여 (GB18030 read it as 咯)
    assert cx.io.describe(df).attrs["encoding"] == encoding


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    path = mf.write_text(tmp_path / "export.txt", mf.forms_rows("cp949"), "utf-16", "\t")
    df = cx.io.read_google_forms(path)
    assert df.attrs["cxresearch"]["encoding"] == "utf-16" and df.shape == (24, 4)
    assert "Fields delimited by '\\t' (detected); pass `sep=` to override." in df.attrs["cxresearch"]["notes"]


def test_ambiguous_encoding_is_refused_with_the_candidates_and_encoding_overrides(tmp_path):
    path = tmp_path / "short.csv"
    path.write_bytes("Timestamp,성별\n2024,여\n".encode("cp949"))  # too little text to tell the code pages apart
    with pytest.raises(SurveyReadError, match=r"cannot be told for sure: .*cp949 \(Korean\) reads 'Timestamp,성별'"):
        cx.io.read_google_forms(path)
    df = cx.io.read_google_forms(path, encoding="cp949")
    assert df["성별"].tolist() == ["여"] and df.attrs["cxresearch"]["encoding"] == "cp949"
    # the same answers under the Korean Forms header: 타임스탬프 reads as itself in cp949 only, which settles it
    path.write_bytes("타임스탬프,성별\n2024,여\n".encode("cp949"))
    df = cx.io.read_google_forms(path)
    assert df["성별"].tolist() == ["여"] and df.attrs["cxresearch"]["encoding"] == "cp949"


def test_wrong_encoding_passed_names_the_line_never_a_raw_decode_error(tmp_path):
    path = mf.write_text(tmp_path / "form.csv", mf.forms_rows("gb18030"), "gb18030")
    with pytest.raises(SurveyReadError, match=r"cannot be read as utf-8 .*line 1 \(byte 2\)"):
        cx.io.read_google_forms(path, encoding="utf-8")
    with pytest.raises(SurveyReadError, match=r"`encoding` must be a Python codec name"):
        cx.io.read_google_forms(path, encoding="klingon")


def test_european_semicolons_and_decimal_commas(tmp_path):
    path = mf.write_text(tmp_path / "export.csv", [["Timestamp"] + mf.european_rows()[0][1:]]
                         + [["2024-05-01"] + r[1:] for r in mf.european_rows()[1:]], "cp1252", ";")
    df = cx.io.read_google_forms(path)
    assert df["Wait (min)"].tolist() == [12.5, 3.25, 40.0] and df["Overall"].tolist() == [4, 5, 2]
    notes = df.attrs["cxresearch"]["notes"]
    assert "Wait (min): decimal commas read as numbers." in notes
    assert "Fields delimited by ';' (detected); pass `sep=` to override." in notes
    # decimal='.' declared: the commas are not numbers, the column stays text
    assert cx.io.read_google_forms(path, decimal=".")["Wait (min)"].tolist() == ["12,5", "3,25", "40"]


def test_unquoted_decimal_commas_in_a_comma_file_are_refused_with_lines(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,Overall,Wait\n2024-05-01,4,12,5\n2024-05-02,5,3\n2024-05-03,2,7,25\n")
    with pytest.raises(SurveyReadError, match=r"2 row\(s\) do not have the header's 3 fields \(line 2 has 4, "
                                              r"line 4 has 4\).*decimal commas.*on_bad_lines='skip'"):
        cx.io.read_google_forms(path)
    df = cx.io.read_google_forms(path, on_bad_lines="skip")
    # 3 data rows in, the two with 4 fields left out and counted
    assert df["Wait"].tolist() == [3]
    assert df.attrs["cxresearch"]["rows"] == {"n_in": 3, "n_used": 1, "unit": "respondents", "excluded": {
        "bad lines (not the header's number of fields)": 2}}


def test_an_extra_text_field_is_not_blamed_on_decimal_commas(tmp_path):
    # the hint names decimal commas only when two neighbouring fields read as one split number
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,Overall,Comment\n2024-05-01,4,good\n2024-05-02,5,slow,多余\n")
    with pytest.raises(SurveyReadError, match=r"line 3 has 4\)\. Fix those lines") as err:
        cx.io.read_google_forms(path)
    assert "decimal commas" not in str(err.value)


@pytest.mark.parametrize("odd", ["不知道", "nan", "inf", "٣", "４"])
def test_a_column_of_numbers_kept_as_text_for_a_few_answers_names_them(tmp_path, odd):
    # a rating column whose answers are numbers but for one late answer stays text, and the note names it
    rows = [str(i % 5 + 1) for i in range(6000)]
    rows[5500] = odd
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,Rating\n" + "".join(f"2024-05-01,{r}\n" for r in rows), encoding="utf-8")
    df = cx.io.read_google_forms(path)
    assert df["Rating"].tolist() == rows  # kept as read
    assert f"Rating: read as text, not numbers: its answers are numbers but for [{odd!r}] (fix or remove it to read " \
           "the column as numbers)." in df.attrs["cxresearch"]["notes"]
    rows[5500] = "5"
    path.write_text("Timestamp,Rating\n" + "".join(f"2024-05-01,{r}\n" for r in rows), encoding="utf-8")
    assert cx.io.read_google_forms(path)["Rating"].dtype == "int64"


def test_a_digit_of_another_script_in_a_semicolon_file_stays_text(tmp_path):
    # '٣' matches a Unicode \d but pandas' coercion makes it NaN: the column was cast to int64 with it (a crash)
    path = tmp_path / "form.csv"
    path.write_text("Timestamp;Rating\n2024-05-01;1\n2024-05-01;2\n2024-05-01;٣\n", encoding="utf-8")
    assert cx.io.read_google_forms(path)["Rating"].tolist() == ["1", "2", "٣"]


def test_decimal_commas_with_one_decimal_point_name_it(tmp_path):
    rows = [f"{i % 30},{i % 10}" for i in range(6000)]
    rows[-1] = "3.5"
    path = tmp_path / "form.csv"
    path.write_text("Timestamp;Wait\n" + "".join(f"2024-05-01;{r}\n" for r in rows), encoding="utf-8")
    df = cx.io.read_google_forms(path)
    assert df["Wait"].tolist() == rows
    assert "Wait: read as text, not numbers: its answers are numbers but for ['3.5'] (fix or remove it to read the " \
           "column as numbers)." in df.attrs["cxresearch"]["notes"]


def test_short_rows_and_unterminated_quotes_are_refused_with_lines(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,Q1,Q2\n2024-05-01,a,b\n2024-05-02,a\n2024-05-03,a,\n")
    with pytest.raises(SurveyReadError, match=r"1 row\(s\) do not have the header's 3 fields \(line 3 has 2\)"):
        cx.io.read_google_forms(path)
    df = cx.io.read_google_forms(path, on_bad_lines="skip")
    assert df["Q1"].tolist() == ["a", "a"] and df["Q2"].isna().tolist() == [False, True]  # an empty field is fine
    assert df.attrs["cxresearch"]["rows"]["excluded"] == {"bad lines (not the header's number of fields)": 1}
    quote = tmp_path / "quote.csv"
    quote.write_text('Timestamp,Q1\n2024-05-01,a\n2024-05-02,"unclosed\n2024-05-03,b\n2024-05-04,c\n')
    for bad in ("error", "skip"):
        with pytest.raises(SurveyReadError, match=r"quote \(\"\) opened on line 3 is never closed"):
            cx.io.read_google_forms(quote, on_bad_lines=bad)


def test_empty_blank_header_only_and_empty_workbook_say_so(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SurveyReadError, match=r"'empty.csv' is empty \(0 bytes\)"):
        cx.io.read_survey(empty)
    header = tmp_path / "header.csv"
    header.write_text("Timestamp,Q1\n")
    with pytest.raises(SurveyReadError, match="'header.csv' has its google_forms header row.* but no answers"):
        cx.io.read_survey(header)
    qualtrics = tmp_path / "q.csv"
    qualtrics.write_text("".join(open(FIXTURES / "qualtrics.csv", encoding="utf-8").readlines()[:3]))
    with pytest.raises(SurveyReadError, match="Qualtrics header row.* but no answers"):
        cx.io.read_qualtrics(qualtrics)
    book = tmp_path / "book.xlsx"
    pd.DataFrame().to_excel(book, index=False)
    with pytest.raises(SurveyReadError, match="'book.xlsx' is empty: the sheet has no cells"):
        cx.io.read_survey(book)


def test_identifiers_and_numbers_that_do_not_round_trip_stay_text(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,Respondent,Code,Big,Rating,Share\n"
                    "2024-05-01,12345678901234567890,007,12345678901234567,4,0.5\n"
                    "2024-05-02,98765432109876543210,042,,5,0.25\n")
    df = cx.io.read_google_forms(path)
    # 20 digits wrap an int64; '007' loses its zeros; 17 digits beside a blank lose precision as a float
    assert df["Respondent"].tolist() == ["12345678901234567890", "98765432109876543210"]
    assert df["Code"].tolist() == ["007", "042"]
    assert df["Big"].tolist()[0] == "12345678901234567" and pd.isna(df["Big"].tolist()[1])
    assert df["Rating"].dtype == np.int64 and df["Share"].tolist() == [0.5, 0.25]
    notes = df.attrs["cxresearch"]["notes"]
    assert "Code: values with leading zeros (e.g. '007') kept as text, so they are not changed." in notes
    assert any(n.startswith("Respondent, Big: whole numbers beyond 2**53") for n in notes)


@pytest.mark.parametrize("header", ["ResponseId", "ID", "序号", "编号", "응답자", "Número de encuesta", "user_id"])
def test_identifier_headers_stay_text(tmp_path, header):
    path = tmp_path / "form.csv"
    path.write_text(f"Timestamp,{header},Rating\n2024-05-01,1,4\n2024-05-02,2,5\n", encoding="utf-8")
    df = cx.io.read_google_forms(path)
    assert df[header].tolist() == ["1", "2"] and df["Rating"].tolist() == [4, 5]


def test_localised_forms_and_surveymonkey_headers(tmp_path):
    path = mf.write_text(tmp_path / "form.csv", mf.forms_rows("cp949"), "utf-8")
    df = cx.io.read_google_forms(path)
    assert df.attrs["cxresearch"]["id_columns"] == ["타임스탬프"]
    monkey = tmp_path / "monkey.csv"
    monkey.write_text("ID du répondant,Q\n,Response\n1,4\n", encoding="utf-8")
    assert cx.io.read_survey(monkey).attrs["cxresearch"]["reader"] == "surveymonkey"


@pytest.mark.parametrize("value, excluded", [
    ("Survey Preview", {"Qualtrics Status Survey Preview": 1}), (8, {"Qualtrics Status Spam": 1}),
    (["spam", 2], {"Qualtrics Status Spam": 1, "Qualtrics Status Survey Test": 1}), ("1", {
        "Qualtrics Status Survey Preview": 1})])
def test_exclude_status_one_value_or_a_list_of_codes_or_labels(value, excluded):
    df = cx.io.read_qualtrics(FIXTURES / "qualtrics.csv", exclude_status=value)
    assert df.attrs["cxresearch"]["rows"]["excluded"] == excluded
    assert len(df) == 12 - sum(excluded.values())


@pytest.mark.parametrize("value, says", [
    ("Survey Previews", "labels among .*Did you mean 'Survey Preview'"), (3, r"codes among \[0, 1, 2, 4"),
    ([1.5], "Status codes \\(int\\) or labels"), ({"a": 1}, "a Status code or label, or a list")])
def test_exclude_status_refuses_what_it_cannot_match(value, says):
    with pytest.raises(SurveyReadError, match=rf"`exclude_status` must be {says}"):
        cx.io.read_qualtrics(FIXTURES / "qualtrics.csv", exclude_status=value)


@pytest.mark.parametrize("option, value, says", [
    ("sep", ";;", "one delimiter character"), ("decimal", ":", r"'\.' or ','"),
    ("on_bad_lines", "warn", r"one of \['error', 'skip'\]")])
def test_text_options_are_checked(option, value, says):
    with pytest.raises(SurveyReadError, match=rf"`{option}` must be {says}"):
        cx.io.read_google_forms(FIXTURES / "google_forms.csv", **{option: value})


def test_legacy_bytes_far_into_a_file_are_detected_where_they_are(tmp_path):
    # an Excel cp1252 CSV whose first 200 kB are ASCII: the parser meets the first non-UTF-8 byte late
    french = mf.forms_rows("cp1252-fr")
    rows = [french[0]] + [["2024-05-01", "ok", "fine", "4"]] * 30_000 + french[1:]
    path = mf.write_text(tmp_path / "late.csv", rows, "cp1252")
    df = cx.io.read_google_forms(path)
    assert df.attrs["cxresearch"]["encoding"] == "cp1252" and df["Q1"].iloc[-1] == french[-1][1]
    assert len(df) == 30_024


def test_spss_identifier_by_name_or_variable_label(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / "ids.sav"
    frame = pd.DataFrame({"v1": [1.0, 2.0], "resp": ["007", "042"], "sat": [4.0, 5.0]})
    pyreadstat.write_sav(frame, str(path), column_labels=["Número de encuesta", "Respondent ID", "Overall"])
    df = cx.io.read_spss(path)
    assert df.attrs["cxresearch"]["id_columns"] == ["v1", "resp"] and df["resp"].tolist() == ["007", "042"]


def test_a_legacy_header_in_the_tools_own_words_settles_the_encoding(tmp_path):
    # a 问卷星 CSV saved on Chinese Windows: GB18030 bytes, the '┋' separators of multiple answers
    text = "序号,提交答卷时间,所用时间,来源,1、您的性别┋2、满意度\n1,2024/3/1 10:00,60秒,手机提交,男┋非常满意\n"
    path = tmp_path / "wjx.csv"
    path.write_bytes(text.encode("gb18030"))
    got = cx.io.read_wjx(path)
    assert got.attrs["cxresearch"]["encoding"] == "gb18030"
    assert list(got.columns[:4]) == ["序号", "提交答卷时间", "所用时间", "来源"]
    assert any("survey tool's own column names (序号, 提交答卷时间, 所用时间) in gb18030 only" in n
               for n in got.attrs["cxresearch"]["notes"])


def test_question_columns_read_once_per_distinct_value_equal_the_row_by_row_reading(tmp_path, monkeypatch):
    # 3,000 answer sheets: skipped answers '(跳过)' and -3, scores '4分', blanks, a whole-number score with
    # missing values (float), repeated labels: the distinct-value path must give the row-by-row result exactly
    import cxresearch.io._wjx as wjx

    rng = np.random.default_rng(7)
    n = 3000
    single = rng.choice(["男", "女", "(跳过)", ""], n, p=[0.45, 0.45, 0.05, 0.05])
    matrix = rng.choice(["喜欢", "理应如此", "无所谓", "能忍受", "不喜欢", "-3"], (n, 2))
    scores = rng.choice(["1分", "2分", "3分", "4分", "5分", "(跳过)"], n)
    rating = rng.choice(["1", "2", "3", "4", "5", ""], n)
    lines = ["序号,提交答卷时间,1、您的性别,2、感受(矩阵单选题)—免费Wi-Fi,2、感受(矩阵单选题)—停车,3、评分,4、总体满意度"]
    lines += [f"{i + 1},2024/5/1 10:00:00,{single[i]},{matrix[i, 0]},{matrix[i, 1]},{scores[i]},{rating[i]}"
              for i in range(n)]
    path = tmp_path / "wjx.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast = cx.io.read_wjx(path)
    monkeypatch.setattr(wjx, "_by_distinct", lambda column, convert: convert(column, None))
    slow = cx.io.read_wjx(path)
    assert_frame_equal(fast, slow)
    assert fast.attrs["cxresearch"]["notes"] == slow.attrs["cxresearch"]["notes"]
    # and the counts in the notes are rows, not distinct values: '(跳过)' in Q1 is counted once per sheet
    skipped = int((single == "(跳过)").sum())
    assert f"Q1: {skipped} skipped answers '(跳过)' read as missing." in fast.attrs["cxresearch"]["notes"]
    assert fast["Q4"].dtype == float  # whole numbers with blanks: float, as on the whole column
    # a matrix whose every column repeats the question is one question: both items kept (one was overwritten)
    assert list(fast.columns) == ["序号", "提交答卷时间", "Q1", "Q2_1", "Q2_2", "Q3", "Q4"]
    assert fast.attrs["cxresearch"]["grid"]["Q2_2"] == ("感受", "停车")
    assert (fast["Q2_2"].isna() == (matrix[:, 1] == "-3")).all()
    assert (fast["Q2_2"].dropna() == pd.Series(matrix[:, 1])[matrix[:, 1] != "-3"].to_numpy()).all()


def test_distinct_values_are_not_merged_across_types():
    # True == 1 == 1.0 to a hash table, not to a reader of Excel cells: such columns are read row by row
    import cxresearch.io._wjx as wjx

    column = pd.Series([1, 2, True, False, 0] * 1000, dtype=object)
    out = wjx._by_distinct(column, lambda values, counts: values)
    assert out.tolist() == column.tolist() and [type(v) for v in out[:5]] == [int, int, bool, bool, int]


@pytest.mark.parametrize("stamp, email", [("Tijdstempel", "E-mailadres"), ("Отметка времени", "Адрес электронной почты"),
                                          ("Sygnatura czasowa", "Adres e-mail"), ("Zaman damgası", "E-posta Adresi"),
                                          ("Tidstämpel", "E-postadress")])
def test_forms_downloads_in_more_interface_languages(tmp_path, stamp, email):
    """A blind probe found Dutch, Russian, Polish, Turkish and Swedish downloads refused as 'not a timestamp'."""
    path = tmp_path / "form.csv"
    path.write_text(f"{stamp},{email},Q [A],Overall\n2024/05/01 10:00:00,a@x.com,I like it,4\n", encoding="utf-8")
    for read in (cx.io.read_google_forms, cx.io.read_survey):
        df = read(path)
        assert df.attrs["cxresearch"]["id_columns"] == [stamp, email] and df["Overall"].tolist() == [4]
