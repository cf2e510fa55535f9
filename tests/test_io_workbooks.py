"""Excel workbooks: what the sheet's XML says that its cached values do not (error cells, formulas never computed,
numbers beyond 2**53), identifiers stored as numbers, and the sheets named when one asked for is not there.
A blind probe found each read without a word."""

import zipfile

import pytest

import cxresearch as cx
from cxresearch.errors import SurveyReadError

openpyxl = pytest.importorskip("openpyxl")


def _book(path, rows, sheets=("Sheet",)):
    book = openpyxl.Workbook()
    book.active.title = sheets[0]
    for row in rows:
        book.active.append(row)
    for name in sheets[1:]:
        book.create_sheet(name)
    book.save(path)
    return path


def _patched(path, old: bytes, new: bytes, part: str = "xl/worksheets/sheet1.xml"):
    """The workbook with ``old`` replaced by ``new`` in one of its parts (what Excel writes, not openpyxl)."""
    out = path.with_name("patched_" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                assert old in data
                data = data.replace(old, new)
            dst.writestr(item, data)
    return out


def test_formulas_with_no_saved_result_are_said_with_their_cells(tmp_path):
    path = _book(tmp_path / "f.xlsx", [["id", "a", "b", "total"], ["r1", 2, 3, "=B2+C2"], ["r2", 4, 5, "=B3+C3"]])
    df = cx.io.read_excel(path)
    assert df["total"].isna().all()
    assert ("2 formula cell(s) have no saved result (the workbook was written by a program and never opened and "
            "saved in Excel), read as missing: D2, D3.") in " ".join(df.attrs["cxresearch"]["notes"])
    cached = _patched(path, b"<f>B2+C2</f><v />", b"<f>B2+C2</f><v>5</v>")
    cached = _patched(cached, b"<f>B3+C3</f><v />", b"<f>B3+C3</f><v>9</v>")  # as Excel saves it:
    cached = _patched(cached, b' fullCalcOnLoad="1"', b"", part="xl/workbook.xml")  # results, no call to recalculate
    df = cx.io.read_excel(cached)
    assert df["total"].tolist() == [5, 9] and not any("formula" in n for n in df.attrs["cxresearch"]["notes"])


def test_excel_error_cells_are_said_as_read_missing(tmp_path):
    path = _book(tmp_path / "e.xlsx", [["resp", "rating"], ["a", 4], ["b", "#X#"], ["c", 5]])
    path = _patched(path, b'<c r="B3" t="inlineStr"><is><t>#X#</t></is></c>', b'<c r="B3" t="e"><v>#DIV/0!</v></c>')
    df = cx.io.read_excel(path)
    assert df["rating"].tolist()[::2] == [4, 5] and df["rating"].isna().tolist() == [False, True, False]
    assert any("1 cell(s) hold an Excel error (#DIV/0!), read as missing: B3 (#DIV/0!)" in n
               for n in df.attrs["cxresearch"]["notes"])


def test_numbers_beyond_2_53_in_a_sheet_are_said(tmp_path):
    path = _book(tmp_path / "n.xlsx", [["code", "q"], [1234567890123456789, 1], [1234567890123456790, 2], [42, 3]])
    df = cx.io.read_excel(path)
    notes = " ".join(df.attrs["cxresearch"]["notes"])
    assert "2 number(s) beyond 2**53 (A2 (" in notes and "A3 (" in notes and "A4" not in notes
    assert "two IDs may read as one" in notes


def test_identifier_columns_of_a_sheet_stay_text_as_in_a_text_file(tmp_path):
    path = _book(tmp_path / "i.xlsx", [["Respondent ID", "q1"], [101, 4], [102.0, 5], [None, 3]])
    df = cx.io.read_excel(path)
    assert df["Respondent ID"].tolist()[:2] == ["101", "102"] and df["Respondent ID"].isna().tolist()[2]
    assert df["q1"].tolist() == [4, 5, 3] and df.attrs["cxresearch"]["id_columns"] == ["Respondent ID"]
    csv = tmp_path / "i.csv"
    csv.write_text("Respondent ID,q1\n101,4\n102,5\n", encoding="utf-8")
    assert cx.io.read_table(csv)["Respondent ID"].tolist() == ["101", "102"]
    assert cx.io.describe(cx.io.read_table(csv)).set_index("column").loc["Respondent ID", "role"] == "id"


def test_a_missing_sheet_is_refused_with_the_sheets_there_are(tmp_path):
    path = _book(tmp_path / "s.xlsx", [["q"], [1]], sheets=("Wave1", "Wave2", "问卷"))
    for read in (cx.io.read_excel, cx.io.read_wjx, cx.io.read_surveymonkey):
        with pytest.raises(SurveyReadError, match=r"the sheets of 's.xlsx' are \['Wave1', 'Wave2', '问卷'\]; got "
                                                  r"'Wave3'"):
            read(path, sheet="Wave3")
    assert cx.io.read_excel(path, sheet="Wave1")["q"].tolist() == [1]


def test_a_limesurvey_excel_export_is_read_by_both_routes(tmp_path):
    """A blind probe found read_survey send a LimeSurvey .xlsx to read_limesurvey, which refused .xlsx and sent the
    user back to read_survey."""
    path = _book(tmp_path / "ls.xlsx", [["id", "submitdate", "lastpage", "F[SQ001]", "F[SQ002]"],
                                        [1, "2024-05-01 10:00:00", 2, "A1", "A2"], [2, None, 1, "A3", None]])
    for df in (cx.io.read_limesurvey(path), cx.io.read_survey(path)):
        m = df.attrs["cxresearch"]
        assert m["reader"] == "limesurvey" and df["F[SQ001]"].tolist() == ["A1", "A3"]
        assert m["grid"] == {"F[SQ001]": ("F", "SQ001"), "F[SQ002]": ("F", "SQ002")} and "1 response(s) have no submitdate" in " ".join(m["notes"])


def test_a_workbook_is_read_by_its_content_not_its_name(tmp_path):
    """A blind probe found an .xlsx workbook named .xls (as some tools download it) refused by its name."""
    made = _book(tmp_path / "m.xlsx", [["id", "q1"], ["a", 4], ["b", 5]])
    named = tmp_path / "download.xls"
    named.write_bytes(made.read_bytes())
    df = cx.io.read_excel(named)
    assert df["q1"].tolist() == [4, 5]
    assert "'download.xls' is an .xlsx workbook under the name .xls: read as one" in " ".join(
        df.attrs["cxresearch"]["notes"])


@pytest.mark.parametrize("name, content, message", [
    ("export.xls", b"<html><body><table><tr><td>q1</td></tr></table></body></html>", r"is a web page \(HTML or XML\) "
     r"under a workbook's name.*save it as \.xlsx"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"),
     r"is a password-protected workbook.*remove the password"),
    ("answers.xlsx", b"id,q1\n1,4\n", r"is a text file under a workbook's name \(\.xlsx\).*Rename it to \.csv")])
def test_a_file_that_is_no_workbook_is_refused_with_what_it_is(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SurveyReadError, match=message):
        cx.io.read_excel(path)


def _xml_book(path, cells: str, recalc: bool = False, prefix: str = ""):
    """A one-sheet workbook whose sheet XML is written by hand (as Excel, LibreOffice or xlsxwriter write it)."""
    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = f'<?xml version="1.0"?><{p}worksheet{ns}><{p}sheetData>{cells}</{p}sheetData></{p}worksheet>'
    calc = '<calcPr fullCalcOnLoad="1"/>' if recalc else ""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+'
        'xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main" xmlns:r="{rel}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>{calc}'
        '</workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>'}
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def _row(r: int, *cells: str) -> str:
    return f'<row r="{r}">{"".join(cells)}</row>'


_HEAD = _row(1, '<c r="A1" t="inlineStr"><is><t>resp</t></is></c>', '<c r="B1" t="inlineStr"><is><t>v</t></is></c>')


def test_the_sheet_marks_hold_for_prefixed_and_spaced_xml_and_written_zeros(tmp_path):
    """A review found the first version blind to <x:c> tags, white space between tags and xlsxwriter's saved 0s,
    and calling a formula's computed "" (t="str", an empty <v>) uncomputed."""
    p = "x:"
    cells = _row(2, f'<{p}c r="A2" t="inlineStr"><{p}is><{p}t>a</{p}t></{p}is></{p}c>',
                 f'<{p}c r="B2" t="e">\n  <{p}f>1/0</{p}f>\n  <{p}v>#DIV/0!</{p}v>\n</{p}c>').replace("<row", f"<{p}row")
    cells = cells.replace("</row>", f"</{p}row>")
    head = _HEAD.replace("<c ", f"<{p}c ").replace("</c>", f"</{p}c>").replace("<is>", f"<{p}is>").replace(
        "</is>", f"</{p}is>").replace("<t>", f"<{p}t>").replace("</t>", f"</{p}t>").replace("<row", f"<{p}row").replace(
        "</row>", f"</{p}row>")
    df = cx.io.read_excel(_xml_book(tmp_path / "x.xlsx", head + cells, prefix="x"))
    assert df["v"].isna().all() and any("1 cell(s) hold an Excel error (#DIV/0!)" in n
                                        for n in df.attrs["cxresearch"]["notes"])
    zeros = _HEAD + _row(2, '<c r="A2" t="inlineStr"><is><t>a</t></is></c>', '<c r="B2"><f>3*2</f><v>0</v></c>')
    df = cx.io.read_excel(_xml_book(tmp_path / "z.xlsx", zeros, recalc=True))  # xlsxwriter: 0 saved, recalc asked
    assert df["v"].tolist() == [0] and any("1 formula cell(s) (B2 (0)) are in a workbook that asks to be recalculated"
                                           in n for n in df.attrs["cxresearch"]["notes"])
    empty = _HEAD + _row(2, '<c r="A2" t="inlineStr"><is><t>a</t></is></c>',
                         '<c r="B2" t="str"><f>IF(1&gt;5,"big","")</f><v></v></c>')
    df = cx.io.read_excel(_xml_book(tmp_path / "s.xlsx", empty))  # Excel's computed "": no note
    assert not any("formula" in n for n in df.attrs["cxresearch"]["notes"])
    long = _HEAD + _row(2, '<c r="A2" t="inlineStr"><is><t>a</t></is></c>', '<c r="B2"><v> 1E+16</v></c>')
    df = cx.io.read_excel(_xml_book(tmp_path / "l.xlsx", long))
    assert any("1 number(s) beyond 2**53 (B2 (1E+16))" in n for n in df.attrs["cxresearch"]["notes"])


@pytest.mark.parametrize("header", ["How easy was Face ID to set up? (1-5)", "ID card holder? (1=yes)", "IDEAL fit score",
                                    "Rate Face ID (1-5)"])
def test_answer_columns_whose_header_holds_id_stay_numbers(tmp_path, header):
    """A review found these read as identifiers (text) once a sheet's identifiers stayed text."""
    path = _book(tmp_path / "a.xlsx", [["Respondent ID", header], [101, 4], [102, 3]])
    df = cx.io.read_excel(path)
    assert df[header].tolist() == [4, 3] and df.attrs["cxresearch"]["id_columns"] == ["Respondent ID"]


def test_an_identifier_column_of_numbers_and_text_is_all_text(tmp_path):
    df = cx.io.read_excel(_book(tmp_path / "m.xlsx", [["Respondent ID", "q"], [101, 1], ["A7", 2], [103.0, 3]]))
    assert df["Respondent ID"].tolist() == ["101", "A7", "103"]
