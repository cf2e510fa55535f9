"""Tables for reading and Excel for a manager (issue 20, items 3 and 4).

``summary()`` and the HTML view print p-values as ``<0.001`` or three decimals, shares as
percentages, an interval as one ``[a, b]`` column, Kano letters as names, rows in the order
the analysis ranks; ``table`` stays numbers. ``to_excel`` writes the summary first, a method
sheet, sheets named by content, Excel number formats on numbers, fitted widths and frozen headers.
The expected strings below are written out by hand from the counts and formulas in the comments.
"""

import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core import excel, views
from cxresearch._core.references import CITATIONS, cite


def test_p_values_read_below_one_in_a_thousand_or_with_three_decimals():
    assert views.format_p(0.00042) == "<0.001"
    assert views.format_p(9.17e-112) == "<0.001"
    assert views.format_p(0.0) == "<0.001"
    assert views.format_p(0.001) == "0.001"  # 0.001 itself is not below 0.001
    assert views.format_p(0.0123) == "0.012"
    assert views.format_p(0.0456) == "0.046"
    assert views.format_p(1.0) == "1.000"
    assert views.format_p(np.nan) == "" and views.format_p(None) == ""


def test_shares_read_as_percentages_and_intervals_as_one_bracket():
    assert views.format_share(0.25) == "25.0%"
    assert views.format_share(0.12345) == "12.3%"
    assert views.format_share(1.0) == "100.0%"
    assert views.format_share(0.25, decimals=1) == "25%"  # a share to 1 decimal is a whole percentage
    assert views.format_interval(0.1234, 0.5678) == "[0.123, 0.568]"
    assert views.format_interval(-0.8402, -0.6661) == "[-0.840, -0.666]"
    assert views.format_interval(0.1234, 0.5678, percent=True) == "[12.3%, 56.8%]"
    assert views.format_interval(np.nan, np.nan) == ""
    assert views.format_number(-0.0004) == "0.000"  # never "-0.000"
    assert views.format_number(2.0, 0) == "2"


def test_reading_frame_merges_interval_pairs_names_categories_and_leaves_the_input_alone():
    table = pd.DataFrame({"category": ["M", "Q"], "share_M": [0.5, 0.125], "better": [0.2, 0.61],
                          "better_ci_low": [0.1234, 0.5], "better_ci_high": [0.5678, 0.7],
                          "p_value": [0.00042, 0.0123], "significant": [True, False], "wave": [2023.0, 2024.0]})
    before = table.copy()
    out = views.reading_frame(table)
    assert list(out.columns) == ["category", "share_M", "better", "better_ci", "p_value", "significant", "wave"]
    assert out.iloc[0].tolist() == ["must-be", "50.0%", "0.200", "[0.123, 0.568]", "<0.001", "yes", "2023"]
    assert out.iloc[1].tolist() == ["questionable", "12.5%", "0.610", "[0.500, 0.700]", "0.012", "no", "2024"]
    pd.testing.assert_frame_equal(table, before)


def _kano_counts():
    # y: A 20, O 2, M 2, I 16 (n 40): attractive, but Fong's test does not separate it from indifferent
    #    (|20 - 16| = 4 < 1.65 * sqrt(36 * (80 - 36) / 80) = 7.34).
    # x: A 10, O 5, M 25, I 10 (n 50): must-be, separated from the runner-up (|25 - 10| = 15 >= 7.87).
    return pd.DataFrame({"attribute": ["y", "x"], "A": [20, 10], "O": [2, 5], "M": [2, 25], "I": [16, 10],
                         "R": [0, 0], "Q": [0, 0]})


def test_kano_summary_is_the_paper_table_with_shares_and_better_worse_intervals():
    res = cx.kano.analyze(_kano_counts())
    s = res.summary().set_index("attribute")
    # must-be before attractive (M O A I R Q), whatever the input order
    assert list(s.index) == ["x", "y"]
    # x: shares 10/50, 5/50, 25/50, 10/50; Better = 15/50, Worse = -30/50;
    # Wilson 95% on 15 of 50: [0.19104, 0.43750]; on 30 of 50: [0.46181, 0.72392].
    x = s.loc["x"]
    assert [x[f"share_{c}"] for c in "AOMIRQ"] == ["20.0%", "10.0%", "50.0%", "20.0%", "0.0%", "0.0%"]
    assert (x["category"], x["significant"], x["close_to"]) == ("must-be", "yes", "")
    assert (x["better"], x["better_ci"]) == ("0.300", "[0.191, 0.438]")
    assert (x["worse"], x["worse_ci"]) == ("-0.600", "[-0.724, -0.462]")
    assert x["category_strength"] == "30.0%" and x["total_strength"] == "80.0%"  # 50% - 20%; (10+5+25)/50
    # y: Better = 22/40, Wilson [0.39829, 0.69295]; Worse = -4/40, Wilson on 4 of 40 [0.03958, 0.23052].
    y = s.loc["y"]
    assert (y["category"], y["significant"], y["close_to"]) == ("attractive", "no", "indifferent")
    assert (y["better"], y["better_ci"], y["worse"], y["worse_ci"]) == ("0.550", "[0.398, 0.693]", "-0.100",
                                                                         "[-0.231, -0.040]")
    # the table for computing is unchanged: letters, numbers and the input order
    assert list(res.table["category"]) == ["A", "M"] and res.table["better"].dtype == float


def test_the_html_and_text_views_show_the_formatted_summary():
    res = cx.kano.analyze(_kano_counts())
    html, text = res._repr_html_(), repr(res)
    for shown in ("must-be", "[0.191, 0.438]", "50.0%", "indifferent"):
        assert shown in html and shown in text


def test_drivers_summary_lists_attributes_by_rank_within_each_segment():
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")]
    res = cx.satisfaction.drivers(df, "overall", cols, by="segment")
    s = res.summary()
    for segment, part in s.groupby("segment", sort=False):
        assert part["rank"].tolist() == [str(r) for r in range(1, len(cols) + 1)]
        best = res.table[res.table["segment"] == segment].sort_values("weight", ascending=False)
        assert part["attribute"].tolist() == best["attribute"].tolist()  # rank 1 = the largest weight
    p = res.table["p_value"].to_numpy()
    assert (s["p_value"] == "<0.001").sum() == (p < 0.001).sum() > 0


def _book(res, tmp_path):
    return openpyxl.load_workbook(res.to_excel(tmp_path / "out.xlsx"))


def test_kano_workbook_opens_on_the_summary_with_percent_cells_widths_and_frozen_headers(tmp_path):
    res = cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")))
    book = _book(res, tmp_path)
    assert book.sheetnames == ["summary", "method", "attributes", "shares", "continuous", "rows"]
    sheet = book["summary"]
    header = [c.value for c in sheet[1]]
    share_m, better_low, n = (header.index(c) + 1 for c in ("share_M", "better_ci_low", "n"))
    first = res.summary()["attribute"].iloc[0]
    assert sheet.cell(row=2, column=1).value == first  # the summary's order, numbers kept as numbers
    row = res.table.set_index("attribute").loc[first]
    assert sheet.cell(row=2, column=share_m).value == pytest.approx(row["share_M"], rel=1e-12)
    assert sheet.cell(row=2, column=share_m).number_format == "0.0%"
    assert sheet.cell(row=2, column=better_low).number_format == "0.000"
    assert sheet.cell(row=2, column=n).number_format == "0"
    assert sheet.cell(row=2, column=header.index("category") + 1).value in views.CATEGORY_NAMES.values()
    longest = max(len(str(a)) for a in res.table["attribute"])
    assert sheet.column_dimensions["A"].width >= longest  # the attribute names fit
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    method = [(r[0].value, r[1].value) for r in book["method"].iter_rows(min_row=2)]
    assert method[0][0] == "what was done" and "Better = (A+O)/(A+O+M+I)" in method[0][1]
    refs = [v for k, v in method if k == "reference"]
    assert any(r.startswith("Berger, C. et al. (1993)") for r in refs)
    assert any(r.startswith("Timko, M. (1993)") for r in refs)


def test_p_value_cells_carry_the_below_one_in_a_thousand_format(tmp_path):
    res = cx.dropoff.detect(cx.kano.code(cx.load_dataset("bank_branch_waves")), time="year")
    sheet = _book(res, tmp_path)["summary"]
    header = [c.value for c in sheet[1]]
    col = header.index("p_adjusted") + 1
    cells = [sheet.cell(row=i, column=col) for i in range(2, len(res.table) + 2)]
    assert all(c.number_format == excel.P_FORMAT for c in cells)
    assert all(isinstance(c.value, (int, float)) for c in cells)  # still a number to sort and filter on
    values = [c.value for c in cells]
    assert values == sorted(values)  # the most significant change first


def test_every_result_class_says_what_it_did_and_names_its_table_sheet():
    from test_contract import PUBLIC_RESULTS
    import importlib

    for module, name in PUBLIC_RESULTS:
        cls = getattr(importlib.import_module(module), name)
        assert len(cls._method) > 40, name
        assert cls._table_sheet not in ("table", "results", "summary", "method", "rows", *cls._long_tables), name
        assert set(cls._references) <= set(CITATIONS.values()), name
    with pytest.raises(KeyError):
        cite("Nobody 2099")


def test_sentences_wrap_and_column_widths_follow_the_longest_entry(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"))
    book = _book(res, tmp_path)
    method = book["method"]
    assert method.column_dimensions["B"].width == excel.MAX_WIDTH  # the method sentence is longer: capped, wrapped
    assert method.cell(row=2, column=2).alignment.wrap_text
    summary = book["summary"]
    header = [c.value for c in summary[1]]
    col = header.index("attribute") + 1
    letter = openpyxl.utils.get_column_letter(col)
    assert summary.column_dimensions[letter].width == max(len("attribute"), *map(len, res.table["attribute"])) + 2


def test_summary_refuses_decimals_that_are_not_a_whole_number():
    res = cx.kano.analyze(_kano_counts())
    with pytest.raises(cx.errors.CXInputError, match=r"`decimals` must be a whole number >= 0; got 2\.5"):
        res.summary(decimals=2.5)
    assert res.summary(decimals=0).set_index("attribute").loc["x", "better_ci"] == "[0, 0]"  # 0.191, 0.438
