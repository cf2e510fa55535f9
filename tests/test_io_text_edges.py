"""Text exports at the edges a blind probe found: line ends, quoted line breaks at a block's end, encodings
(their detection on large files and the place of a bad byte), white space around answers, header rows left out,
and which extra fields are blamed on decimal commas."""

import codecs
import csv
import io
import random

import charset_normalizer
import numpy as np
import pytest

import cxresearch as cx
import cxresearch.io._arrow_csv as arrow_csv
import cxresearch.io._encoding as encoding
from cxresearch.errors import SurveyReadError

# charset-normalizer before 3.5 ranks Big5 and CP949 as high as GB18030 on a few repeated Chinese words: the
# file is then refused with every reading shown (never read garbled)
_DETECTOR_TELLS = tuple(int(p) for p in charset_normalizer.__version__.split(".")[:2]) >= (3, 5)


def _read_legacy(path, name: str, text: str):
    """``read_table(path)``; or, with an older detector, the refusal that shows ``name`` reading ``text``."""
    if _DETECTOR_TELLS:
        return cx.io.read_table(path)
    try:
        return cx.io.read_table(path)
    except SurveyReadError as err:
        assert "cannot be told for sure" in str(err) and f"{name} (" in str(err) and text in str(err)
        return None


pytestmark = pytest.mark.usefixtures("csv_engine")  # every test with both CSV engines


def _csv(rows, newline="\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


def test_lone_cr_line_ends_read_like_lf(tmp_path):
    """Old Mac exports end lines with a lone CR: read exactly as the same file with LF (was a raw csv.Error)."""
    rows = [["ID", "seg", "score"]] + [[str(i), "gold" if i % 3 else "VIP", str(i % 5)] for i in range(3000)]
    cr, lf = tmp_path / "cr.csv", tmp_path / "lf.csv"
    cr.write_text(_csv(rows, "\r"), newline="")
    lf.write_text(_csv(rows, "\n"), newline="")
    got, want = cx.io.read_table(cr), cx.io.read_table(lf)
    assert got.equals(want) and len(got) == 3000 and got["score"].tolist()[:4] == [0, 1, 2, 3]
    monkey = [["Respondent ID", "Overall"], ["", "Response"], ["1", "4"], ["2", "5"]]
    path = tmp_path / "monkey_cr.csv"
    path.write_text(_csv(monkey, "\r"), newline="")
    df = cx.io.read_surveymonkey(path)
    assert df["Q1"].tolist() == [4, 5] and df.attrs["cxresearch"]["questions"]["Q1"] == "Overall"


@pytest.mark.parametrize("offset", [-12, -1, 0, 1, 10])
def test_a_quoted_line_break_at_a_block_end_keeps_its_row(tmp_path, offset):
    """pyarrow parses 2 MB blocks cut at line ends: a quoted two-line answer whose line break falls at a cut
    was split (a respondent lost, or the answer cut) without a word. The row and its answer stay whole."""
    block = arrow_csv.block_size(tmp_path)
    rows = "".join(f"{i},c{i}\n" for i in range(200_000))
    head = "ID,comment\n" + rows[: rows.rfind("\n", 0, block - 500) + 1]
    quote = '999999,"first line'
    filler = "888888," + "x" * (block + offset - len(head) - len(quote) - len("888888,") - 1) + "\n"
    text = head + filler + quote + '\nsecond line"\n' + "1000000,last\n"
    assert len((head + filler + quote).encode()) == block + offset  # the line break sits at the cut + offset
    path = tmp_path / "comments.csv"
    path.write_text(text)
    df = cx.io.read_table(path)
    assert len(df) == head.count("\n") - 1 + 3
    assert df.loc[df["ID"] == "999999", "comment"].tolist() == ["first line\nsecond line"]
    assert df["ID"].iloc[-1] == "1000000" and df.attrs["cxresearch"]["rows"]["n_used"] == len(df)


def test_google_forms_comments_over_several_lines_read_whole(tmp_path):
    """Every fifth answer on two lines (with quotes and commas), every 13th with CRLF inside: all exact."""
    rows = [["Timestamp", "Your segment", "Any comments?"]]
    want = []
    for i in range(40_000):
        text = f'line one {i}\nline "two", end' if i % 5 == 0 else (f'a\r\nb "c" {i}' if i % 13 == 0 else f"ok {i}")
        rows.append([f"2024/05/01 10:{i % 60:02d}:00 AM GMT+8", "gold", text])
        want.append(text)
    path = tmp_path / "forms.csv"
    path.write_text(_csv(rows), newline="")
    df = cx.io.read_google_forms(path)
    assert df.iloc[:, -1].tolist() == want


def test_quoted_tells_a_file_with_a_quote(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 100_000)
    assert arrow_csv.quoted(path) is False
    path.write_bytes(b"a,b\n" + b"1,2\n" * 100_000 + b'3,"x"\n')  # one quote, in the last line
    assert arrow_csv.quoted(path) is True
    assert arrow_csv.quoted(path, 0) is False and arrow_csv.quoted(path, 4) is True  # counted already
    path.write_bytes(b"")
    assert arrow_csv.quoted(path) is False


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_a_bad_byte_is_placed_exactly_across_decoding_chunks(tmp_path, monkeypatch, chunk):
    """The byte and line of the first bad byte, decoded in chunks that cut multi-byte characters anywhere."""
    monkeypatch.setattr(encoding, "_CHUNK", chunk)
    rng = random.Random(chunk)
    for _ in range(5):
        text = "".join(rng.choice(["a", ",", "\n", "é", "中", "😀"]) for _ in range(rng.randrange(20, 80)))
        data = text.encode() + b"\xff" + text.encode()
        path = tmp_path / "bad.csv"
        path.write_bytes(data)
        assert encoding._first_bad_utf8(path) == len(text.encode())
        with pytest.raises(SurveyReadError) as err:
            encoding._validate(path, "utf-8", "test")
        assert f"line {text.count(chr(10)) + 1} (byte {len(text.encode())})" in str(err.value)


def test_an_encoding_that_does_not_fit_is_refused_with_its_place(tmp_path):
    utf8 = tmp_path / "u8.csv"
    utf8.write_text("ID,score\n1,3\n2,4\n")
    for name in ("utf-16", "utf-16-le", "utf-32"):  # was a raw UnicodeError for 'utf-16' (no byte-order mark)
        with pytest.raises(SurveyReadError, match=f"is not {name} .*Leave `encoding` out"):
            cx.io.read_table(utf8, encoding=name)
    odd = tmp_path / "odd.csv"
    odd.write_bytes("ID,q\n1,a\n2,b\n3,c\n".encode("utf-16-le") + b"\x00")  # a byte short of a character
    with pytest.raises(SurveyReadError, match=r"line 5 \(byte 34\)"):  # was 'byte 8388608' in a 35-byte file
        cx.io.read_table(odd, encoding="utf-16-le")


@pytest.mark.parametrize("name,words", [("gb18030", ["贵宾", "黄金", "普通"]),
                                        ("cp949", ["우수", "골드", "일반"]),
                                        ("big5", ["貴賓", "黃金", "普通"])])
def test_a_large_legacy_file_is_read_in_its_encoding(tmp_path, name, words):
    """25,000 rows (500 kB): the detector's sample was cut inside a character, so the file's own encoding
    failed to decode it and was left out (GB18030 and CP949 refused, Big5 read as garbled Cyrillic)."""
    rng = random.Random(0)
    seg = [rng.choice(words) for _ in range(25_000)]
    path = tmp_path / f"{name}.csv"
    path.write_bytes(("ID,seg\n" + "".join(f"{100000 + i},{s}\n" for i, s in enumerate(seg))).encode(name))
    df = _read_legacy(path, name, seg[0])
    assert df is None or df["seg"].tolist() == seg and df.attrs["cxresearch"]["encoding"] == name


def test_utf8_text_with_a_bad_byte_below_is_refused_naming_the_line(tmp_path):
    """Two accented words of valid UTF-8, then a Windows-1252 byte: damaged UTF-8, not a legacy file (it was
    read as cp1252 and the UTF-8 text garbled to 'naÃ¯ve cafÃ©')."""
    path = tmp_path / "mix.csv"
    for bad in (b"\xe9", b"\x81"):
        path.write_bytes("ID,comment\n1,naïve café\n".encode() + b"2,bad" + bad + b"byte\n")
        with pytest.raises(SurveyReadError, match=r"reads as UTF-8 .* on line 3, where the bytes are not UTF-8"):
            cx.io.read_table(path)
    words = ["café", "naïve", "très bien", "déçu", "élevé", "garçon", "façade", "hôtel", "crème brûlée",
             "à côté"]
    text = [f"{words[i % 10]} et {words[i * 3 % 10]}" for i in range(40)]
    path.write_bytes(("ID,commentaire\n" + "".join(f"{i},{t}\n" for i, t in enumerate(text))).encode("cp1252"))
    df = cx.io.read_table(path)  # Windows-1252 throughout: read as such
    assert df["commentaire"].tolist() == text and df.attrs["cxresearch"]["encoding"] == "cp1252"


def test_white_space_around_answers_is_removed_and_said(tmp_path):
    rows = [["ID", "feel", "score", "code"]] + [[str(i), "I like it", str(i % 5), str(i % 3)] for i in range(6000)]
    rows[4000] = [" 3999 ", "I like it ", "3", " "]  # far down: an ID, a label, a blank-only answer
    rows[4001] = ["4000", "\u00a0I like it", "3", "2"]
    rows[4002] = ["4001", "\u3000I like it", "3", "2"]
    path = tmp_path / "spaces.csv"
    path.write_text(_csv(rows))
    df = cx.io.read_table(path)
    notes = df.attrs["cxresearch"]["notes"]
    assert df["ID"].iloc[3999] == "3999" and set(df["feel"]) == {"I like it"}
    assert "ID: white space around 1 answer(s) removed (e.g. ' 3999 ')." in notes
    assert any(n.startswith("feel: white space around 3 answer(s) removed (e.g. 'I like it ',") for n in notes)
    # the blank-only answer is missing, so the column is numbers (was text, its note naming '')
    assert df["code"].dtype == np.float64 and np.isnan(df["code"].iloc[3999]) and df["code"].iloc[0] == 0
    assert "code: 1 answer(s) of white space only read as missing." in notes


def test_white_space_counted_by_row_in_a_wjx_download(tmp_path):
    """问卷星 columns are converted once per distinct value: the note still counts rows."""
    rows = [["序号", "1、您的性别"]] + [[str(i + 1), "男" if i % 2 else "女"] for i in range(6000)]
    for i in (10, 2000, 5999):
        rows[i + 1][1] = " 男"
    path = tmp_path / "wjx.csv"
    path.write_text(_csv(rows))
    df = cx.io.read_wjx(path)
    assert set(df["Q1"]) == {"男", "女"}
    assert "Q1: white space around 3 answer(s) removed (e.g. ' 男')." in df.attrs["cxresearch"]["notes"]


def test_a_short_header_row_is_never_left_out_as_a_bad_line(tmp_path):
    """With on_bad_lines='skip' a short second header row was left out, and the first respondent read as the
    header row (SurveyMonkey) or the file refused as 'not a Qualtrics export'. A header row is not an answer."""
    monkey = tmp_path / "monkey.csv"
    monkey.write_text("Respondent ID,Q one,Q two\n,Response\n1,5,6\n2,4,3\n")
    qualtrics = tmp_path / "q.csv"
    qualtrics.write_text('StartDate,ResponseId,Q1,Q2\nStart Date,Response ID,Overall\n'
                         '"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}",'
                         '"{""ImportId"":""QID2""}"\n2024-05-01,R_1,5,ok\n')
    for read, path, tool in ((cx.io.read_surveymonkey, monkey, "SurveyMonkey"),
                             (cx.io.read_qualtrics, qualtrics, "Qualtrics")):
        with pytest.raises(SurveyReadError, match="line 2 has"):
            read(path)
        with pytest.raises(SurveyReadError, match=f"line 2 is {tool} header row 2.*not header rows"):
            read(path, on_bad_lines="skip")
    monkey.write_text("Respondent ID,Q one,Q two\n,Response,Response\n1,5,6\n2,4\n3,1,2\n")  # an answer row: left out
    df = cx.io.read_surveymonkey(monkey, on_bad_lines="skip")
    assert df["Respondent ID"].tolist() == ["1", "3"] and df.attrs["cxresearch"]["rows"]["n_in"] == 3


@pytest.mark.parametrize("row,hint", [
    ("2000,3,4,extra text,ok", False),  # an extra text field between whole numbers: not a decimal comma
    ("2000,3,5,1,ok", True),  # 3,5 in a column of decimals, the fields after it in place once joined
])
def test_decimal_commas_are_blamed_only_when_joining_fits_the_columns(tmp_path, row, hint):
    rows = ["id,rating,b,comment"] + [f"{i},{i % 5}.5,{i % 3},ok" for i in range(3000)]
    rows[2001] = row
    path = tmp_path / "extra.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(SurveyReadError, match="line 2002 has 5") as err:
        cx.io.read_table(path)
    assert ("look like decimal commas" in str(err.value)) is hint


def test_decimal_commas_in_every_row_are_still_named(tmp_path):
    """No row has the header's width, so no column is known to hold numbers: the split is taken as one."""
    path = tmp_path / "eu.csv"
    path.write_text("id,rating,comment\n" + "".join(f"{i},{i % 5},5,ok\n" for i in range(50)))
    with pytest.raises(SurveyReadError, match="look like decimal commas"):
        cx.io.read_table(path)


def test_bom_names_utf16_in_position_errors(tmp_path):
    """A UTF-16 file with a bad code unit far down: refused naming that line."""
    rows = "".join(f"{i},x\n" for i in range(5000))
    data = codecs.BOM_UTF16_LE + ("id,q\n" + rows).encode("utf-16-le") + b"\x00\xd8" + "\n".encode("utf-16-le")
    path = tmp_path / "u16.csv"
    path.write_bytes(data)
    with pytest.raises(SurveyReadError, match=r"line 5002"):
        cx.io.read_table(path)


def test_a_first_row_longer_than_64kB_is_counted_and_checked(tmp_path):
    """700 long question texts (70 kB before the first line end) and a quoted cell: the short row is refused
    (it was read padded with a missing value, through pandas' C engine, without a word)."""
    head = ",".join(f"Q{k} " + "x" * 95 for k in range(700))
    full = ",".join(["4"] * 700)
    path = tmp_path / "wide.csv"
    path.write_text(f'{head}\n"5",{full[2:]}\n{full[:-2]}\n{full}\n')
    with pytest.raises(SurveyReadError, match="line 3 has 699"):
        cx.io.read_table(path)
    path.write_text(f'{head}\n"5",{full[2:]}\n{full}\n')
    df = cx.io.read_table(path)
    assert df.shape == (2, 700) and df.iloc[:, 0].tolist() == [5, 4]


def test_one_accented_letter_is_no_proof_of_utf8(tmp_path):
    """A Korean 채 (C3 A4 in CP949) reads as UTF-8 'ä', a cp1252 'È”' as U+0214: legacy files, not damaged UTF-8."""
    korean, italian = tmp_path / "kr.csv", tmp_path / "it.csv"
    korean.write_bytes("id,SNS채널,만족도\n1,인스타그램,5\n".encode("cp949"))
    italian.write_bytes("id,comment\n1,PERCHÈ” no\n2,très bien\n".encode("cp1252"))
    df = _read_legacy(korean, "cp949", "SNS채널")
    assert df is None or df.columns.tolist() == ["id", "SNS채널", "만족도"]
    assert cx.io.read_table(italian)["comment"].tolist() == ["PERCHÈ” no", "très bien"]


def test_a_bad_byte_after_a_utf8_bom_is_placed_in_the_file(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"id,answer\n1,ok\n\xff2,bad\n")  # the decoder drops the 3-byte mark
    with pytest.raises(SurveyReadError, match=r"line 3 \(byte 18\)"):
        cx.io.read_table(path)


def test_a_blank_score_is_missing_in_a_wjx_download(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("序号,1、满意度,2、得分\n1, 4分,4分\n2,5分 ,5分\n3,3分,\u3000\n", encoding="utf-8")
    df = cx.io.read_wjx(path)
    notes = df.attrs["cxresearch"]["notes"]
    assert df["Q1"].tolist() == [4, 5, 3] and df["Q2"].iloc[:2].tolist() == [4, 5] and np.isnan(df["Q2"].iloc[2])
    assert "Q1: white space around 2 answer(s) removed (e.g. ' 4', '5 ')." in notes
    assert "Q2: 1 answer(s) of white space only read as missing." in notes


def test_decimal_commas_named_under_three_header_rows(tmp_path):
    """The Qualtrics header rows (texts, ImportIds) do not make a column of numbers one of text."""
    ids = ",".join(f'"{{""ImportId"":""QID{k}""}}"' for k in range(5))
    rows = ["StartDate,ResponseId,Q1,Q2,Q3", "Start Date,Response ID,Rating,Score,Comment", ids]
    rows += [f"2024-05-01,R_{i},{i % 5}.5,{i % 3},fine" for i in range(300)]
    rows[200] = "2024-05-01,R_x,4,5,3,fine"
    path = tmp_path / "q.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(SurveyReadError, match="line 201 has 6.*look like decimal commas"):
        cx.io.read_qualtrics(path)


def test_a_codec_that_is_no_text_encoding_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,q\n1,2\n")
    for name in ("rot13", "hex", "zlib"):
        with pytest.raises(SurveyReadError, match="`encoding` must be a Python codec name"):
            cx.io.read_table(path, encoding=name)


def test_a_sheet_named_for_a_text_file_is_refused(tmp_path):
    """``sheet=`` names a sheet of an Excel workbook: on a CSV it was ignored without a word."""
    path = tmp_path / "a.csv"
    path.write_text("id,q\n1,2\n")
    assert cx.io.read_table(path, sheet=0)["q"].tolist() == [2]  # the default, as for a workbook
    for sheet in ("Sheet2", 1):
        with pytest.raises(SurveyReadError, match="`sheet` must be left out for a text file .*got"):
            cx.io.read_table(path, sheet=sheet)
        with pytest.raises(SurveyReadError, match="`sheet` must be left out for a text file"):
            cx.io.read_survey(path, format="plain", sheet=sheet)


def test_excels_delimiter_hint_line_is_read_and_said(tmp_path):
    """A first line 'sep=;' (written so that Excel splits the file) was read as a header of one field and every
    row refused; then refused with its fix. It is now left out, its delimiter used, and both said."""
    path = tmp_path / "hint.csv"
    for newline in ("\n", "\r\n", "\r"):
        for bom in ("", "\ufeff"):
            path.write_text(bom + "sep=;" + newline + "id;q" + newline
                            + "".join(f"{i:03d};{i % 5}{newline}" for i in range(600)), encoding="utf-8", newline="")
            for read in (cx.io.read_table, lambda p: cx.io.read_survey(p, format="plain")):  # read_survey's own
                df = read(path)  # look at a hinted file: below
                assert df.columns.tolist() == ["id", "q"] and len(df) == 600, (newline, bom, read)
                assert df["id"].iloc[[0, 599]].tolist() == ["000", "599"] and df["q"].sum() == 120 * (0 + 1 + 2 + 3 + 4)
                meta = df.attrs["cxresearch"]
                assert meta["rows"]["n_in"] == meta["rows"]["n_used"] == 600
                assert any("line 'sep=;' is Excel's delimiter hint" in n and "';' (as it says)" in n
                           for n in meta["notes"])


def test_a_delimiter_hint_keeps_the_files_line_numbers_and_yields_to_sep(tmp_path):
    path = tmp_path / "hint.csv"
    path.write_text("sep=;\nid;q\n1;2\n2;3;9\n3;4\n", encoding="utf-8")
    with pytest.raises(SurveyReadError, match=r"1 row\(s\) do not have the header's 2 fields \(line 4 has 3\)"):
        cx.io.read_table(path)
    df = cx.io.read_table(path, on_bad_lines="skip")
    assert df["q"].tolist() == [2, 4] and any("line 4 has 3" in n for n in df.attrs["cxresearch"]["notes"])
    path.write_text("sep=;\nid,q\n1,2\n", encoding="utf-8")  # the hint is wrong; `sep=` passed wins
    df = cx.io.read_table(path, sep=",")
    assert df["q"].tolist() == [2] and any("(as `sep=` says)" in n for n in df.attrs["cxresearch"]["notes"])
    path.write_text("sep=,\n序号,1、您的性别\n1,男\n2,女\n", encoding="utf-8")  # a 问卷星 header under a hint
    df = cx.io.read_survey(path)
    assert df.attrs["cxresearch"]["reader"] == "wjx" and df["Q1"].tolist() == ["男", "女"]
    path.write_text('sep=,\nid,comment\n1,"two\nlines"\n2,ok\n', encoding="utf-8")  # quoted: parsed otherwise
    assert cx.io.read_table(path)["comment"].tolist() == ["two\nlines", "ok"]
    path.write_text("sep=;\n", encoding="utf-8")
    with pytest.raises(SurveyReadError, match="holds only blank lines after its line sep=;"):
        cx.io.read_table(path)
    path.write_text('sep="\nid;q\n1;2\n', encoding="utf-8")
    with pytest.raises(SurveyReadError, match="hint naming the quote character"):
        cx.io.read_table(path)
    path.write_text("sep=\nid;q\n1;2\n", encoding="utf-8")
    with pytest.raises(SurveyReadError, match="naming no delimiter. Delete that line, or pass `sep=`"):
        cx.io.read_table(path)
    assert cx.io.read_table(path, sep=";")["q"].tolist() == [2]  # the fix the message gives works
    path.write_text('"sep=;;;\nid;q\n1;2\n', encoding="utf-8")  # an unbalanced quote: no hint, and no csv.Error
    with pytest.raises(SurveyReadError):
        cx.io.read_table(path, encoding="utf-8")
    path.write_text("sep,q\n1,2\n")  # a header that begins with 'sep' is a header
    assert cx.io.read_table(path)["q"].tolist() == [2]


@pytest.mark.parametrize("hint", ["sep=;;;", '"sep=;"', '"sep=;";;', "sep=;  ", "SEP=;", "sep=;\nsep=;"])
def test_a_hint_as_spreadsheets_save_it_again_is_read(tmp_path, hint):
    """A probe found 'sep=;;;' (Excel's hint re-saved with the file's empty cells) and LibreOffice's quoted
    '"sep=;";;' read as the header row, the real header becoming a respondent."""
    path = tmp_path / "hint.csv"
    path.write_text(hint + "\nid;q1;q2\n1;4;x\n2;3;y\n", encoding="utf-8")
    df = cx.io.read_table(path)
    assert df.columns.tolist() == ["id", "q1", "q2"] and df["q1"].tolist() == [4, 3]
    assert any("Excel's delimiter hint" in n for n in df.attrs["cxresearch"]["notes"])


def test_a_hint_the_header_does_not_fit_and_a_title_line_are_refused_with_the_fix(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("sep=;\nid,q1,q2\n1,4,x\n2,3,y\n", encoding="utf-8")  # was one column 'id,q1,q2'
    with pytest.raises(SurveyReadError, match=r"hint 'sep=;', but its header row holds no ';', and ',' splits it and "
                                              r"the rows below alike\. Pass sep=','"):
        cx.io.read_table(path)
    assert cx.io.read_table(path, sep=",")["q1"].tolist() == [4, 3]
    path.write_text("Survey 2024\nid;q1;q2\n1;4;x\n2;3;y\n", encoding="utf-8")  # was one column, without a word
    with pytest.raises(SurveyReadError, match="first line 'Survey 2024' holds no delimiter, while the rows below it "
                                              "are split by ';' into 3 fields"):
        cx.io.read_table(path)
    path.write_text("comment\ngood\nbad\nok\n", encoding="utf-8")  # one column: nothing to split
    assert cx.io.read_table(path)["comment"].tolist() == ["good", "bad", "ok"]


def test_numbers_in_other_marks_stay_text_with_the_fix_in_a_note(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("id\tscore\n1\t4,5\n2\t3,25\n3\t2\n", encoding="utf-8")  # German Excel's tab-delimited text
    df = cx.io.read_table(path)
    assert df["score"].tolist() == ["4,5", "3,25", "2"]
    assert any("score: read as text" in n and "if ',' is their decimal mark (e.g. '4,5'); if it is, pass "
               "decimal=','" in n
               for n in df.attrs["cxresearch"]["notes"])
    assert cx.io.read_table(path, decimal=",")["score"].tolist() == [4.5, 3.25, 2.0]
    path.write_text("id;s\n1;1.100,5\n2;2.200,25\n", encoding="utf-8")
    df = cx.io.read_table(path, decimal=",")
    assert df["s"].tolist() == ["1.100,5", "2.200,25"]
    notes = df.attrs["cxresearch"]["notes"]
    assert any("thousands separators ('1.100,5'); remove the '.' separators" in n for n in notes)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16-le"])
def test_a_quoted_crlf_split_by_a_block_keeps_its_line_feed(tmp_path, encoding):
    """A probe found a quoted answer's '\\r\\n' read as '\\r' when the '\\r' was the last byte of pyarrow's 2 MB
    block (apache/arrow#51368): the blocks are now cut elsewhere. Without the fix: 'yy\\rend' (UTF-8, cp1252)."""
    unit = 2 if encoding == "utf-16-le" else 1
    bom = b"\xff\xfe" if unit == 2 else b""
    rows = ("id;txt\r\n" + "".join(f"{i};plain answer text\r\n" for i in range(60000))).encode(encoding)
    cut = rows.rfind("\r\n".encode(encoding), 0, 2**21 - 400) + 2 * unit
    pre = 'x;"'.encode(encoding)
    pad = (2**21 - len(bom) - unit - cut - len(pre)) // unit  # the '\n' begins at byte 2**21
    path = tmp_path / "a.csv"
    path.write_bytes(bom + rows[:cut] + pre + ("y" * pad + '\r\nend"\r\n').encode(encoding) + rows[cut:])
    df = cx.io.read_table(path, encoding="utf-16" if bom else encoding)
    assert len(df) == 60001 and df.loc[df["id"] == "x", "txt"].iloc[0] == "y" * pad + "\r\nend"


@pytest.mark.parametrize("name, text, column", [
    ("a.csv", '"Customer\nID",Name,Score\n1,a,3\n2,b,4\n3,c,5\n', "Customer\nID"),  # a header cell over two lines
    ("city.tsv", "location\nParis, France\nBerlin, Germany\nRome, Italy\n", "location"),  # commas are data in a TSV
    ("score.tsv", "score\n3,5\n4,25\n2,0\n", "score")])
def test_files_the_title_check_must_not_refuse(tmp_path, name, text, column):
    """A fresh-eyes review found these refused as 'a title above the header' by a first version of the check."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert column in cx.io.read_table(path).columns


def test_a_hint_on_a_one_column_file_is_kept_and_codes_are_not_called_thousands(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("sep=;\nComment, free text\nGood\nBad\nOk\n", encoding="utf-8")  # one column: the hint fits
    assert cx.io.read_table(path)["Comment, free text"].tolist() == ["Good", "Bad", "Ok"]
    path = tmp_path / "p.tsv"
    path.write_text("id\tshare\n1\t0,125\n2\t0,250\n3\t0,500\n", encoding="utf-8")
    notes = cx.io.read_table(path).attrs["cxresearch"]["notes"]
    assert not any("thousands" in n for n in notes) and any("if ',' is their decimal mark" in n for n in notes)


def test_rows_joined_into_an_answer_by_a_stray_quote_are_said(tmp_path):
    """Two stray quotes in one column (an answer begun with a quote, one ended with one) joined the rows between
    them into one answer: 20 respondents read as 17 without a word. Now a note names the answer."""
    rows = ["id,comment,score"] + [f"{i},fine,{i % 5}" for i in range(1, 21)]
    rows[5], rows[8] = '5,"Great hotel,4', '8,ok" she said,3'
    path = tmp_path / "a.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    df = cx.io.read_table(path)
    assert len(df) == 17  # what the quotes say, as pandas reads it too
    assert any("1 answer(s) hold lines with this file's 3 fields, like whole rows (the first: column 2 ('comment') "
               "of record 6" in n and "2 such line(s)" in n for n in df.attrs["cxresearch"]["notes"])
    path.write_text('id,comment,score\n1,"two\nlines, and more",3\n2,ok,4\n', encoding="utf-8")  # a real comment
    assert not any("like whole rows" in n for n in cx.io.read_table(path).attrs["cxresearch"]["notes"])


@pytest.mark.parametrize("text", ["sep=a\nname\nanna\nbob\n", "sep=x\n1\n2\n", '"sep=1"\nq\n3\n4\n'])
def test_a_hint_naming_a_letter_or_digit_is_refused_with_both_readings(tmp_path, text):
    """A blind probe read 'sep=a' above a one-column file as its header (the answers then began with the header
    'name'). A letter or digit is no delimiter an exporter writes, and the line may as well be a one-column header:
    refused, with the fix for each reading."""
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    first = text.split("\n", 1)[0]
    with pytest.raises(SurveyReadError, match=rf"begins with the line {first!r}: Excel's delimiter hint naming .* "
                                              r"If it is the hint, delete that line; to read it as the header row, "
                                              r"pass `sep=`"):
        cx.io.read_table(path)
    df = cx.io.read_table(path, sep=",")  # the fix for a header: the line is the column's name
    assert df.columns.tolist() == [first.strip('"')] and len(df) == text.count("\n") - 1
    path.write_text(text.split("\n", 1)[1], encoding="utf-8")  # the fix for a hint: the line deleted
    assert len(cx.io.read_table(path)) == text.count("\n") - 2
