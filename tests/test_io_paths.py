"""The fast reading of text exports gives what the plain reading gives, byte for byte.

With pyarrow: pandas' pyarrow CSV engine, and a 问卷星 text column's distinct values found by
pyarrow (in threads) and converted once. Without it: pandas' C engine and ``pandas.factorize``.
The last resort: every column converted row by row. Every path must give the same frame, the same
``attrs["cxresearch"]`` (notes, row accounting) and the same errors.
"""

import codecs
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import cxresearch as cx
import cxresearch.io._common as common
import cxresearch.io._distinct as distinct
import cxresearch.io._text as text
import cxresearch.io._wjx as wjx
from cxresearch.errors import SurveyReadError

pytest.importorskip("pyarrow")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PATHS = ["pyarrow", "c", "c, factorize", "row by row"]


def _use(path: str, monkeypatch) -> None:
    """Read as with pyarrow (the default here), as without it, or converting every cell of a column."""
    monkeypatch.setattr(text, "_engine", lambda: "pyarrow" if path == "pyarrow" else "c")
    if path != "pyarrow":
        for module in (distinct, wjx):  # no pyarrow array: pandas.factorize
            monkeypatch.setattr(module, "text_array", lambda column: None)
    if path == "row by row":
        monkeypatch.setattr(wjx, "_by_distinct", lambda column, convert: convert(column, None))


def _read(path: str, call, monkeypatch):
    with monkeypatch.context() as m:
        _use(path, m)
        try:
            return call()
        except SurveyReadError as exc:
            return str(exc)


def _same(got, want) -> None:
    if isinstance(want, str) or isinstance(got, str):
        assert got == want  # the same refusal, with the same lines
        return
    assert_frame_equal(got, want, check_exact=True)
    assert [type(got[c].array) for c in got] == [type(want[c].array) for c in want]
    assert got.attrs == want.attrs  # notes, row accounting, questions, identifiers, encoding


def _wjx_rows(n: int, seed: int) -> list[str]:
    """A 问卷星 text download with what a reader can get wrong, values first seen far down included."""
    rng = np.random.default_rng(seed)
    pick = lambda values, p=None: rng.choice(np.array(values, dtype=object), n, p=p)  # noqa: E731
    sex = pick(["男", "女", "(跳过)", "", " 男"], [0.45, 0.45, 0.04, 0.04, 0.02])
    wifi, park = pick(["喜欢", "理应如此", "无所谓", "能忍受", "不喜欢", "-3"]), pick(["喜欢", "无所谓", "-2"])
    score, rating = pick(["1分", "2分", "3分", "4分", "5分", "(跳过)"]), pick(["1", "2", "3", "4", "5", ""])
    code, hobby = pick(["1", "2", "3"]), pick(["运动┋阅读", "阅读", "运动┋其他〖钓鱼〗", "(跳过)"])
    late = pick(["喜欢", "无所谓"])
    code[n - 7] = "007"  # leading zeros first seen at the end: the column stays text, with its note
    late[n - 3] = "(跳过)"  # a skip marker first seen at the end: counted as one row
    park[n // 2] = "服务2"  # an answer equal to a header
    head = ("序号,提交答卷时间,用户ID,1、您的性别,2、感受(矩阵单选题)—免费Wi-Fi,服务2,3、评分(量表题),4、满意度,"
            "5、代码,6、爱好(多选题),7、最后")
    return [head] + [f"{i + 1},2024/5/1 10:{i % 60:02d}:00,{10 ** 19 + i},{sex[i]},{wifi[i]},{park[i]},{score[i]},"
                     f"{rating[i]},{code[i]},{hobby[i]},{late[i]}" for i in range(n)]


def _files(tmp_path: Path) -> dict[str, Path]:
    rows = _wjx_rows(6000, 3)
    fixture = (FIXTURES / "wjx_text.csv").read_text(encoding="utf-8")
    written = {
        "wjx_fixture_gb18030.csv": fixture.encode("gb18030"), "wjx_fixture_utf16.csv": fixture.encode("utf-16"),
        "wjx_fixture_bom.csv": fixture.encode("utf-8-sig"), "wjx_fixture_semicolon.csv": fixture.replace(",", ";").encode(),
        "wjx_fixture_tab.tsv": fixture.replace(",", "\t").encode(),
        "wjx_6000.csv": ("\n".join(rows) + "\n").encode(), "wjx_6000_gb18030.csv": ("\n".join(rows) + "\n").encode("gb18030"),
        "wjx_6000_utf16be.csv": codecs.BOM_UTF16_BE + ("\n".join(rows) + "\n").encode("utf-16-be"),
        "wjx_6000_semicolon.csv": ("\n".join(r.replace(",", ";") for r in rows) + "\n").encode(),
        # line 101 has a field too many, line 3001 too few
        "wjx_broken.csv": ("\n".join(rows[:100] + [rows[100] + ",x"] + rows[101:3000] + [rows[3000][:20]] + rows[3001:])
                           + "\n").encode("gb18030"),
    }
    for name, data in written.items():
        (tmp_path / name).write_bytes(data)
    fixtures = {p.name: p for p in FIXTURES.glob("*.csv")} | {p.name: p for p in FIXTURES.glob("wjx*.xlsx")}
    return fixtures | {name: tmp_path / name for name in written}


def test_every_path_reads_every_file_alike(tmp_path, monkeypatch):
    for name, file in _files(tmp_path).items():
        calls = {"read_survey": lambda: cx.io.read_survey(file),
                 "read_survey skip": lambda: cx.io.read_survey(file, on_bad_lines="skip")}
        if name.startswith("wjx"):
            calls |= {"read_wjx": lambda: cx.io.read_wjx(file),
                      "read_wjx skip": lambda: cx.io.read_wjx(file, on_bad_lines="skip")}
        for what, call in calls.items():
            want = _read("row by row", call, monkeypatch)
            for path in PATHS[:-1]:
                try:
                    _same(_read(path, call, monkeypatch), want)
                except AssertionError as exc:
                    raise AssertionError(f"{name}, {what}, {path}: {exc}") from None


def test_the_large_download_is_read_right_on_the_fast_path(tmp_path):
    # the hand counts of the 6,000-sheet file: the skip marker in Q7 is on one row only, far down
    file = _files(tmp_path)["wjx_6000.csv"]
    df = cx.io.read_wjx(file)
    notes = df.attrs["cxresearch"]["notes"]
    assert "Q7: 1 skipped answers '(跳过)' read as missing." in notes
    assert df["Q5"].dtype != np.int64 and df.loc[6000 - 7, "Q5"] == "007"  # leading zeros: text, not 7
    assert df["用户ID"].iloc[0] == str(10 ** 19)  # a 20-digit identifier stays text, exact
    assert df["Q2_2"].iloc[3000] == "服务2" and df["Q1"].isna().sum() == (
        pd.read_csv(file, dtype=str, keep_default_na=False)["1、您的性别"].str.strip().isin(["", "(跳过)"]).sum())


def test_broken_rows_are_refused_with_their_lines_on_every_path(tmp_path, monkeypatch):
    file = _files(tmp_path)["wjx_broken.csv"]
    for path in PATHS:
        message = _read(path, lambda: cx.io.read_wjx(file), monkeypatch)
        assert isinstance(message, str) and "line 101 has 12" in message and "line 3001 has" in message
        kept = _read(path, lambda: cx.io.read_survey(file, on_bad_lines="skip"), monkeypatch)
        assert kept.attrs["cxresearch"]["rows"]["n_in"] == 6000 and len(kept) == 5998


def test_a_column_its_conversion_leaves_alone_is_returned_as_read():
    column = pd.Series(pd.array(["喜欢", "无所谓", None] * 1000, dtype="str"), name=4)
    arr = distinct.text_array(column)
    if arr is None:
        pytest.skip("pandas' text dtype is not pyarrow-backed here")
    seen = []
    same = distinct.by_distinct_arrow(column, arr, lambda values, counts: seen.append(list(values)) or values)
    assert same is column  # no copy
    assert seen[0][:2] == ["喜欢", "无所谓"] and pd.isna(seen[0][2])  # first-row order, the missing value last
    # a conversion that changes a value is taken back row by row, and counts rows, not distinct values
    counted = []
    changed = distinct.by_distinct_arrow(column, arr, lambda values, counts: (
        counted.append(int(counts[np.array([False, True, False])].sum())), values.replace("无所谓", None))[1])
    assert counted == [1000] and changed.isna().sum() == 2000 and changed[0] == "喜欢"


def test_read_survey_reads_a_file_it_must_read_whole_once(tmp_path, monkeypatch):
    # a GB18030 file is decoded whole to tell its format; the reader takes that reading over
    file = _files(tmp_path)["wjx_6000_gb18030.csv"]
    calls = []
    real = text._parse
    monkeypatch.setattr(text, "_parse", lambda *a, **k: calls.append(1) or real(*a, **k))
    _same(cx.io.read_survey(file), cx.io.read_wjx(file))
    assert len(calls) == 2  # one for read_survey (look and read), one for read_wjx alone
    workbook = FIXTURES / "wjx_number.xlsx"
    sheets = []
    real_sheet = common._xlsx_cells
    monkeypatch.setattr(common, "_xlsx_cells", lambda *a: sheets.append(1) or real_sheet(*a))
    _same(cx.io.read_survey(workbook), cx.io.read_wjx(workbook))
    assert len(sheets) == 2
