"""The shortcuts of the fast reading path give the answers of the plain computations they replace.

``_ident.trimmed`` looks with numpy only at the values whose first or last byte is not a visible
ASCII character, and lets pyarrow trim those; ``_distinct._distinct`` checks a column against the
values of its first rows in one pass and keeps each row's code. Both are compared here with the
plain computation on the same arrays (pyarrow's trim of every value; the values read back by code).
The CSV cells are read by pyarrow with every column typed as text, whatever its header.
"""

import random

import numpy as np
import pytest

import cxresearch.io._distinct as distinct
from cxresearch.io._ident import trimmed

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

# white space of several kinds (ASCII, no-break, ideographic, em space, next line), characters that are
# not white space but sit outside visible ASCII (control, DEL, CJK, zero-width space), and plain ones
ALPHABET = ["a", "1", " ", "\t", "\n", "\xa0", "\u3000", "\u2003", "\x85", "\x1c", "\x7f", "喜", "é", "\u200b", "~"]


def _plain(arr):
    """Every value trimmed by pyarrow: the computation the shortcut replaces."""
    return pc.all(pc.equal(pc.binary_length(arr), pc.binary_length(pc.utf8_trim_whitespace(arr)))).as_py()


def _chunked(values, rng, kind):
    a = pa.array(values, type=kind)
    cut = rng.randint(0, len(values))
    out = pa.chunked_array([a.slice(0, cut), a.slice(cut)], type=kind)
    return out.slice(1, len(values) - 2) if len(values) > 2 and rng.random() < 0.5 else out


def test_trimmed_gives_the_plain_answer_on_small_random_arrays():
    rng = random.Random(19)
    for _ in range(2000):
        values = [None if rng.random() < 0.15 else "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 4)))
                  for _ in range(rng.randint(0, 12))]
        arr = _chunked(values, rng, rng.choice([pa.string(), pa.large_string()]))
        assert trimmed(arr) == _plain(arr), arr.to_pylist()


@pytest.mark.parametrize("text", [False, True])
def test_trimmed_gives_the_plain_answer_on_large_arrays(text):
    # identifiers (the numpy look) and Chinese answers (most values end outside ASCII: pyarrow on all)
    rng = random.Random(7)
    for _ in range(20):
        n = rng.randint(2000, 20000)
        values = ["喜欢" if i % 3 else "无所谓" for i in range(n)] if text else [f"{i:07d}" for i in range(n)]
        for _ in range(rng.randint(0, 2)):
            values[rng.randrange(n)] = rng.choice([" 1", "1 ", "1\u3000", "\xa01", None, "", "x"])
        arr = _chunked(values, rng, pa.large_string())
        assert trimmed(arr) == _plain(arr)


def test_trimmed_by_hand():
    assert trimmed(pa.chunked_array([["007", "8"]])) is True
    assert trimmed(pa.chunked_array([["007", " 8"]])) is False  # a leading space
    assert trimmed(pa.chunked_array([["喜欢 "], ["x"]])) is False  # a trailing space after CJK text
    assert trimmed(pa.chunked_array([["\u3000x"]])) is False  # an ideographic space
    assert trimmed(pa.chunked_array([[None, None]], type=pa.large_string())) is None  # no value at all


def test_distinct_codes_read_the_column_back(monkeypatch):
    # values first seen after the rows looked at first (5 here), a one-value column, missing rows
    monkeypatch.setattr(distinct, "_HEAD", 5)
    rng = np.random.default_rng(3)
    cases = {
        "late value": [*rng.choice(["喜欢", "无所谓"], 400), "(跳过)", *rng.choice(["喜欢", "无所谓"], 99)],
        "one value, missing rows": [None if i % 7 == 0 else "手机提交" for i in range(500)],
        "missing first": [None] * 10 + ["男", "女"] * 245,
        "numbers, one first seen late": [None, "2"] + [str(i % 5 + 1) for i in range(400)] + ["007"] * 3,
        "numbers": [str(i % 3) if i % 11 else None for i in range(600)],
    }
    for name, rows in cases.items():
        arr = pa.chunked_array([rows[:200], rows[200:]], type=pa.large_string())
        found = distinct._distinct(arr)
        values = found.values.to_pylist()
        assert sorted(values) == sorted({v for v in rows if v is not None}), name
        assert values == list(dict.fromkeys(v for v in rows if v is not None)), name  # first-row order
        back = np.array(values + [None], dtype=object)[found.row_codes()]
        assert back.tolist() == rows, name
        expected = [rows.count(v) for v in values] + ([rows.count(None)] if None in rows else [])
        assert found.counts().tolist() == expected, name


def test_a_column_headed_by_a_number_is_read_as_text_first(tmp_path):
    # with pyarrow < 25, pandas' pyarrow engine typed such a column by inference before making it text:
    # the header came back as '2024.0' and '007' as 7.0; every column is now typed as text by name
    import cxresearch as cx

    path = tmp_path / "numbers.csv"
    path.write_text("id,2024\n007,007\n008,1.50\n", encoding="utf-8")
    df = cx.io.read_survey(path, format="plain")
    assert list(df.columns) == ["id", "2024"]
    assert df["2024"].tolist() == ["007", "1.50"] and df["id"].tolist() == ["007", "008"]
    assert any("leading zeros" in n for n in df.attrs["cxresearch"]["notes"])


def test_a_first_row_longer_than_the_bytes_looked_at_is_counted_by_reading_on(tmp_path):
    # a header of 3,000 long names (about 90 kB): its width cannot be counted from the first 64 kB, so more is
    # read to its end (it used to be left to pandas, whose C engine pads a short row without a word)
    import cxresearch.io._arrow_csv as arrow_csv

    path = tmp_path / "wide.csv"
    names = [f"a_rather_long_question_{i:05d}" for i in range(3000)]
    path.write_text(",".join(names) + "\n" + ",".join(["007"] * 3000) + "\n")
    assert arrow_csv._width(path, ",", "utf-8") == 3000
    grid, caught = arrow_csv.read_grid(path, ",", "utf-8")
    assert caught == [] and grid.shape == (2, 3000)
    assert grid.iloc[0, 2999] == "a_rather_long_question_02999" and grid.iloc[1, 0] == "007"


def test_joined_answers_split_by_distinct_answer_as_row_by_row(tmp_path):
    # a 问卷星 multi-select column: each distinct answer is split once and the rows take their 0/1 values by
    # code; the options' order, the 0/1 values, the count of written-in texts and the first five of them (in
    # row order) are those of a row-by-row reading done here by hand
    rng = random.Random(11)
    options = ["运动", "阅读", "影视", "其他"]
    rows = []
    for i in range(3000):
        if rng.random() < 0.1:
            rows.append("(跳过)")
            continue
        chosen = sorted(rng.sample(range(4), rng.randint(1, 3)))
        parts = [options[k] + (f"〖爱好{rng.randint(1, 9)}〗" if k == 3 else "") for k in chosen]
        rows.append("┋".join(parts))
    path = tmp_path / "wjx.csv"
    path.write_text("序号,1、爱好(多选题)\n" + "".join(f"{i + 1},{r}\n" for i, r in enumerate(rows)), encoding="utf-8")
    df = __import__("cxresearch").io.read_wjx(path)
    written = [r.split("〖")[1].rstrip("〗") for r in rows if "〖" in r]
    for k, option in enumerate(options, start=1):
        expected = [np.nan if r == "(跳过)" else float(option in r) for r in rows]
        np.testing.assert_array_equal(df[f"Q1_{k}"].to_numpy(dtype=float), expected)
    notes = df.attrs["cxresearch"]["notes"]
    assert f"Q1: {len(written)} written-in text(s) after an 'other' option (〖...〗) not kept as a column: {'; '.join(written[:5])} ...." in notes
    assert df.attrs["cxresearch"]["dropped_columns"]["Q1_written"].startswith(f"{len(written)} text(s)")
    assert f"Q1: {rows.count('(跳过)')} skipped answers '(跳过)' read as missing." in notes


def test_encoded_codes_are_pandas_factorize_on_chunked_arrays():
    # pyarrow's dictionary shared by the chunks, in first-row order, and -1 for a missing row: as pandas says
    rng = random.Random(4)
    for _ in range(200):
        rows = [None if rng.random() < 0.2 else rng.choice(["运动┋阅读", "阅读", "其他〖手工〗", "x"])
                for _ in range(rng.randint(0, 40))]
        arr = pa.array(rows, type=pa.large_string())
        cuts = sorted(rng.randint(0, len(rows)) for _ in range(rng.randint(0, 3)))
        chunked = pa.chunked_array([arr.slice(a, b - a) for a, b in zip([0] + cuts, cuts + [len(rows)])],
                                   type=pa.large_string())
        codes, uniques = distinct._encode(chunked)
        expected_codes, expected = __import__("pandas").factorize(np.array(rows, dtype=object), use_na_sentinel=True)
        assert codes.tolist() == expected_codes.tolist() and uniques == list(expected), rows


def test_a_pyarrow_without_jemalloc_reads_with_its_default_pool(tmp_path, monkeypatch):
    # the pool is jemalloc where the wheel has it (first reads in a fresh process are faster); else the default
    import cxresearch.io._arrow_csv as arrow_csv

    def missing():
        raise NotImplementedError("This Arrow build does not enable jemalloc")

    path = tmp_path / "w.csv"
    path.write_text("id,a\n007,喜欢\n008,不喜欢\n", encoding="utf-8")
    with_jemalloc, _ = arrow_csv.read_grid(path, ",", "utf-8")
    monkeypatch.setattr(pa, "jemalloc_memory_pool", missing)
    assert arrow_csv._pool().backend_name == pa.default_memory_pool().backend_name
    without, _ = arrow_csv.read_grid(path, ",", "utf-8")
    assert without.equals(with_jemalloc) and without.iloc[1, 0] == "007"


def test_one_character_columns_are_read_from_their_bytes_as_by_lookup(monkeypatch):
    # scores and codes of one ASCII character are coded from the data bytes (no hashing); values, their
    # first-row order, row codes and counts must be those of the reference, with missing rows, values
    # first seen late, sliced chunks, DEL, many distinct characters, and columns that must fall back
    monkeypatch.setattr(distinct, "_HEAD", 7)
    rng = random.Random(23)
    pool = [chr(c) for c in range(0x01, 0x80)]
    used = []
    real = distinct._one_byte
    monkeypatch.setattr(distinct, "_one_byte", lambda arr, head: used.append(real(arr, head)) or used[-1])
    for trial in range(400):
        alphabet = rng.sample(pool, rng.choice([2, 5, 100, 127]))
        rows = [None if rng.random() < 0.1 else rng.choice(alphabet) for _ in range(rng.randint(1, 300))]
        if trial % 7 == 0:
            rows[rng.randrange(len(rows))] = rng.choice(["10", "é", "", "喜"])  # not one ASCII byte
        arr = _chunked(rows, rng, rng.choice([pa.string(), pa.large_string()]))
        rows = arr.to_pylist()
        found = distinct._distinct(arr, quick=False)  # (the quick look keeps plain columns whole)
        if found.values is None:  # mostly distinct: nothing to code
            continue
        values = found.values.to_pylist()
        assert values == list(dict.fromkeys(v for v in rows if v is not None)), rows
        back = np.array(values + [None], dtype=object)[found.row_codes()]
        assert back.tolist() == rows
        assert found.counts().tolist() == [rows.count(v) for v in values] + ([rows.count(None)] if None in rows
                                                                              else [])
    assert sum(f is not None for f in used) > 150 and sum(f is None for f in used) > 20  # both paths taken


def test_a_missing_row_holding_bytes_is_not_read_as_a_value():
    # pyarrow leaves a missing row's bytes undefined: a row marked missing over one byte must stay missing
    data = pa.py_buffer(b"12x3")
    offsets = pa.py_buffer(np.array([0, 1, 2, 3, 4], dtype=np.int32).tobytes())
    validity = pa.py_buffer(np.packbits([1, 1, 0, 1], bitorder="little").tobytes())
    arr = pa.StringArray.from_buffers(4, offsets, data, validity)
    assert arr.to_pylist() == ["1", "2", None, "3"]
    found = distinct._distinct(pa.chunked_array([arr] * 30))
    assert found.values.to_pylist() == ["1", "2", "3"] and found.row_codes()[:4].tolist() == [0, 1, 3, 2]


def test_the_second_threads_lookup_agrees_with_the_byte_look(monkeypatch):
    # counting's thread looks a column up with pyarrow only (lookup=True); the reader's thread looks at its
    # bytes with numpy. A column the lookup calls plain must be plain to the bytes; otherwise both give the
    # column's distinct values in first-row order, and the rows' codes read the column back
    monkeypatch.setattr(distinct, "_HEAD", 6)
    rng = random.Random(29)
    words = ["喜欢", "无所谓", "Yes", "무응답", " 喜欢", "喜欢\u3000", "(跳过)", "4分", "-3", "18-25", "其他〖x〗"]
    for _ in range(300):
        alphabet = rng.sample(words, rng.randint(1, 4))
        rows = [None if rng.random() < 0.1 else rng.choice(alphabet) for _ in range(rng.randint(1, 200))]
        arr = _chunked(rows, rng, pa.large_string())
        rows = arr.to_pylist()
        bytes_look, lookup = distinct._distinct(arr), distinct._distinct(arr, lookup=True)
        present = list(dict.fromkeys(v for v in rows if v is not None))
        if lookup.plain:
            assert bytes_look.plain and lookup.values.to_pylist() == present, rows
        if not bytes_look.plain and bytes_look.values is not None:
            assert bytes_look.values.to_pylist() == lookup.values.to_pylist() == present, rows
            back = np.array(present + [None], dtype=object)[lookup.row_codes()]
            assert back.tolist() == rows
