"""The byte tables of ``cx.io._bytes`` against every Unicode code point, and its answers against pyarrow's.

``padded_rows`` must find every value that pyarrow's ``utf8_trim_whitespace`` (the same 29 code
points as Python's ``str.strip``) would change; ``plain`` must say no for a value that begins a
number (``\\d`` is any Unicode digit to the readers' regular expressions), a sign, a point, a
parenthesis or white space, or ends with white space; ``holds`` must agree with a substring search.
The 问卷星 reader keeps a column of plain values as read without looking for its distinct values:
its output is compared with the reading that looks (``quick=False``) on generated columns.
"""

import random
import re

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
import cxresearch.io._distinct as distinct
from cxresearch.io import _bytes

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

CODE_POINTS = [c for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]


def _trim_changes(arr):
    return (pc.binary_length(arr).to_numpy() != pc.binary_length(pc.utf8_trim_whitespace(arr)).to_numpy())


def test_white_space_is_found_for_every_code_point_pyarrow_trims():
    white = [c for c in CODE_POINTS if chr(c).isspace()]
    for texts in (["x" + chr(c) for c in CODE_POINTS], [chr(c) + "x" for c in CODE_POINTS],
                  ["喜" + chr(c) for c in CODE_POINTS], [chr(c) for c in CODE_POINTS]):
        arr = pa.array(texts, type=pa.large_string())
        changes = _trim_changes(arr)
        found = np.zeros(len(arr), dtype=bool)
        found[_bytes.padded_rows(arr)] = True
        assert not (changes & ~found).any()  # a superset of what pyarrow trims
        assert found.sum() < 0.02 * len(arr)  # a small one (the blocks of U+0080, U+1000, U+2000, U+3000)
    assert len(white) == 29 and int(changes.sum()) == 29


def test_plain_first_characters_begin_no_number_sign_or_space():
    arr = pa.array([chr(c) + "x" for c in CODE_POINTS], type=pa.large_string())
    text, start, end, _ = _bytes._parts(arr)
    plain = np.array(CODE_POINTS)[_bytes.plain_starts(text, start, end)]
    assert len(plain) > 40_000  # CJK, Hangul, kana, Latin, Greek, Cyrillic, Hebrew and visible ASCII
    digit = re.compile(r"\d")
    bad = [hex(c) for c in plain.tolist() if digit.match(chr(c)) or chr(c).isspace() or chr(c) in "+-.("]
    assert bad == []
    for text, expected in [("喜欢", True), ("무응답", True), ("とても", True), ("Élevé", True), ("(跳过)", False),
                           ("-3", False), ("４分", False), ("٣", False), ("\u3000满意", False), ("满意\u3000", False),
                           ("满意 ", False), ("满意\xa0", False), ("〇", False), ("", False), (".5", False)]:
        assert _bytes.plain(pa.array([text, "好"], type=pa.large_string())) is expected, text


def test_plain_and_holds_agree_with_pyarrow_on_random_chunked_arrays():
    rng = random.Random(5)
    alphabet = ["喜", "欢", "a", "1", "(", " ", "\u3000", "\xa0", "┋", "é", "무", "の", "\u2003", "-", "x"]
    for _ in range(1500):
        values = [None if rng.random() < 0.1 else "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
                  for _ in range(rng.randint(1, 12))]
        full = pa.array(values, type=rng.choice([pa.string(), pa.large_string()]))
        cut = rng.randint(0, len(values))
        arr = pa.chunked_array([full.slice(0, cut), full.slice(cut)])
        arr = arr.slice(1) if rng.random() < 0.3 else arr
        present = [v for v in arr.to_pylist() if v is not None]
        expected = bool(present) and all(v and v == v.strip() and not (re.match(r"\d", v) or v[0] in "+-.(")
                                             for v in present)
        if _bytes.plain(arr) != expected:  # never plain when it is not; unsure (False) only for U+2000-U+2FFF
            assert expected and any(v[0] == "┋" for v in present), present
        assert _bytes.holds(arr, "┋") == any("┋" in v for v in present), present


def _wjx_file(path, column, n):
    rows = ["序号,1、您对服务的感受"] + [f"{i + 1},{v}" for i, v in enumerate(column[:n])]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.parametrize("late", ["", "(跳过)", " 喜欢", "喜欢\u3000", "4分", "-3", "١", "不喜欢"])
def test_the_wjx_reader_keeps_plain_columns_as_the_full_look_reads_them(tmp_path, monkeypatch, late):
    # a value first seen far down (after the rows looked at first) that a conversion would change
    n = 12_000
    rng = np.random.default_rng(len(late))
    column = list(rng.choice(["喜欢", "无所谓", "能忍受"], n))
    if late:
        column[9_000] = late
    path = tmp_path / "wjx.csv"
    _wjx_file(path, column, n)
    shared = cx.io.read_wjx(path)  # the column looked at by whichever thread comes first
    with monkeypatch.context() as m:  # the second thread's lookup only: the reader waits for it
        m.setattr(__import__("concurrent.futures").futures.Future, "cancel", lambda self: False)
        looked_up = cx.io.read_wjx(path)
    real, said = distinct.plain, []
    monkeypatch.setattr(distinct.os, "cpu_count", lambda: 1)  # the reader's own thread only
    monkeypatch.setattr(distinct, "plain", lambda arr: said.append(real(arr)) or said[-1])
    quick = cx.io.read_wjx(path)
    # the look that is skipped when every value is plain; pandas 2's object columns are not looked at by bytes
    assert said == ([late in ("", "不喜欢")] if int(pd.__version__.split(".")[0]) >= 3 else [])
    monkeypatch.setattr(distinct, "plain", lambda arr: False)
    full = cx.io.read_wjx(path)
    for other in (quick, shared, looked_up):
        pd.testing.assert_frame_equal(other, full)
        assert other.attrs["cxresearch"]["notes"] == full.attrs["cxresearch"]["notes"]


def test_only_a_conversion_that_keeps_plain_values_is_skipped():
    column = pd.Series(pd.array(["喜欢", "无所谓", None] * 1000, dtype="str"))
    arr = distinct.text_array(column)
    if arr is None:
        pytest.skip("pandas' text dtype is not pyarrow-backed here")
    calls = []
    kept = distinct.by_distinct_arrow(column, arr, lambda v, c: calls.append(1) or v, keeps_plain=True)
    assert kept is column and calls == []
    changed = distinct.by_distinct_arrow(column, arr, lambda v, c: v.replace("无所谓", None))  # not declared
    assert changed.isna().sum() == 2000


@pytest.mark.parametrize("script", ["喜欢", "abc", "무응답", "Élevé"])
def test_the_quick_look_still_finds_one_padded_value_among_plain_ones(script):
    # the reductions that tell a column has no padding (visible ASCII last bytes; a 3-byte character from
    # U+4000 at the end) must not hide one value padded with any of the 29 white space characters
    white = [chr(c) for c in CODE_POINTS if chr(c).isspace()]
    for w in white:
        for padded in (script + w, w + script):
            arr = pa.array([script] * 50 + [padded] + [script] * 50, type=pa.large_string())
            assert 50 in _bytes.padded_rows(arr).tolist(), (script, hex(ord(w)))
            assert not _bytes.plain(arr)
    assert len(_bytes.padded_rows(pa.array([script] * 101, type=pa.large_string()))) == 0
