"""cx.io on the real public files in ../shared/data (skipped when absent)."""

import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import SurveyReadError


def test_wjx_real_downloads_by_text_and_by_number_agree(shared):
    text = cx.io.read_wjx(shared("wjx", "wjx_800_by_text.xls"))
    number = cx.io.read_survey(shared("wjx", "wjx_800_by_number.xls"))
    assert number.attrs["cxresearch"]["reader"] == "wjx"
    assert list(text.columns) == list(number.columns)
    assert len(text) == len(number) == 800
    options = [c for c in text.columns if c.startswith(("Q6_", "Q8_"))]
    assert len(options) == 14 + 10
    pd.testing.assert_frame_equal(text[options], number[options], check_dtype=False)
    m = text.attrs["cxresearch"]
    assert m["id_columns"] == ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    assert m["grid"]["Q8_1"] == ("关注资讯", "不关注") and m["grid"]["Q6_14"] == ("兴趣爱好", "其他【请注明】")
    assert m["rows"] == {"n_in": 800, "n_used": 800, "excluded": {}, "unit": "respondents"}
    # counts read in the downloads by hand: 521 answered "1部", 2 + 5 wrote text after 其他【请注明】
    assert (text["Q1"] == "1部").sum() == 521 and (number["Q1"] == 1).sum() == 521
    assert m["dropped_columns"]["Q6_written"].startswith("2 text(s)")
    assert m["dropped_columns"]["Q8_written"].startswith("5 text(s)")
    assert text["Q6_14"].sum() == 2 and text["Q8_1"].sum() == 11


def test_french_forms_tsv(shared):
    df = cx.io.read_google_forms(shared("qrm-kano-fr", "answers.tsv"))
    m = df.attrs["cxresearch"]
    assert df.shape == (29, 23) and m["id_columns"] == ["Horodateur"]
    assert m["grid"] == {} and m["rows"]["n_used"] == 29
    assert df.iloc[0, 1] == "Cela me plaît 🤩"


@pytest.mark.parametrize("cohort", [1, 2, 3, 4])
def test_reppl_cohorts_are_plain_tables_not_a_survey_tool(shared, cohort):
    path = shared("reppl-kano", f"storage--cohort{cohort}-clean.csv")
    with pytest.raises(SurveyReadError, match="Could not tell the survey tool"):
        cx.io.read_survey(path)
    with pytest.raises(SurveyReadError, match="first column is 'ID'"):
        cx.io.read_google_forms(path)


@pytest.mark.parametrize("parts", [("ecsi", "satisfaction.csv"), ("skytrax", "lounge.csv")])
def test_rating_tables_are_refused_with_the_fix(shared, parts):
    with pytest.raises(SurveyReadError, match=r"pass format='plain' or call cx\.io\.read_table\(path\)"):
        cx.io.read_survey(shared(*parts))
    plain = cx.io.read_survey(shared(*parts), format="plain")  # the fix works on the real file
    assert plain.attrs["cxresearch"]["reader"] == "table" and len(plain) > 100


@pytest.mark.parametrize("encoding, sep", [("gb18030", ","), ("utf-16", "\t"), ("utf-8-sig", ";")])
def test_wjx_real_download_saved_as_text_reads_the_same(shared, tmp_path, encoding, sep):
    # the real 问卷星 download re-saved as Excel does: a Chinese-Windows CSV (GB18030), "Unicode Text"
    # (UTF-16, tabs) and a ';' CSV UTF-8 with a byte-order mark
    import csv
    import io

    xls = shared("wjx", "wjx_800_by_text.xls")
    want = cx.io.read_wjx(xls)
    grid = cx.io._common.raw_cells(xls)
    rows = [["" if v is None or v != v else str(v) for v in row] for row in grid.itertuples(index=False)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "wjx_800.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    # GB18030: charset-normalizer finds no legacy encoding plain enough ('┋' beside Chinese looks like noise),
    # but the header reads as 问卷星's own column names (序号, 提交答卷时间) in GB18030 only: that settles it
    got = cx.io.read_wjx(path)
    assert got.attrs["cxresearch"]["encoding"] == encoding and len(got) == 800
    # 序号 is an identifier: text in a CSV, numbers in the .xls cells
    assert got["序号"].tolist() == [str(v) for v in want["序号"]]
    pd.testing.assert_frame_equal(got.drop(columns="序号"), want.drop(columns="序号"), check_dtype=False)
    assert got.attrs["cxresearch"]["grid"] == want.attrs["cxresearch"]["grid"]


def test_a_legacy_workbook_under_an_xlsx_name_is_read_by_its_content(shared, tmp_path):
    """The real 问卷星 .xls download renamed .xlsx (as a user renaming it for Excel would): read as the .xls it is."""
    original = shared("wjx", "wjx_800_by_text.xls")
    renamed = tmp_path / "download.xlsx"
    renamed.write_bytes(original.read_bytes())
    df = cx.io.read_wjx(renamed)
    pd.testing.assert_frame_equal(df, cx.io.read_wjx(original))
    assert "'download.xlsx' is a legacy .xls workbook under the name .xlsx: read as one" in " ".join(
        df.attrs["cxresearch"]["notes"])
