"""问卷星 answer cells read as a researcher reads them, on large files (the fast paths) and small ones.

Each case was found by an independent probe written from the documentation: a multi-select question
skipped by everyone, ┋ inside a written-in 〖...〗 text, empty parts between separators, a written-in
text after a single choice, full-width scores, two questions with one number, a — inside a matrix
question, ┋ in a fill-in answer, a stray byte that is not UTF-8. Expected values are computed here
from the rows by hand (plain Python), not taken from the reader.
"""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import SurveyReadError

N = 8000


def _file(tmp_path, headers, columns, name="wjx.csv", encoding="utf-8"):
    def cell(v):
        return f'"{v}"' if any(c in v for c in ',"\n') else v
    rows = [",".join(["序号"] + headers)]
    rows += [",".join([str(i + 1)] + [cell(c[i]) for c in columns]) for i in range(len(columns[0]))]
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n", encoding=encoding)
    return path


@pytest.mark.parametrize("n", [3, N])
def test_a_multi_select_skipped_by_everyone_is_listed_not_a_crash(tmp_path, n):
    df = cx.io.read_wjx(_file(tmp_path, ["1、性别", "2、爱好(多选题)"], [["男"] * n, ["(跳过)"] * n]))
    meta = df.attrs["cxresearch"]
    assert list(df.columns) == ["序号", "Q1"] and "Q2" in meta["dropped_columns"]
    assert f"Q2: {n} skipped answers '(跳过)' read as missing." in meta["notes"]
    assert any(note.startswith(f"Q2: no answer names an option (all {n} rows") for note in meta["notes"])


def test_the_separator_inside_a_written_in_text_is_text(tmp_path):
    rng = np.random.default_rng(1)
    answers = list(rng.choice(["运动", "阅读", "运动┋音乐"], N))
    answers[10], answers[6500], answers[7300] = "运动┋其他〖我,也┋喜欢〗", "其他〖我,也┋喜欢〗", "阅读┋其他〖〗"
    df = cx.io.read_wjx(_file(tmp_path, ["1、爱好(多选题)"], [answers]))
    grid = df.attrs["cxresearch"]["grid"]
    options = {item: col for col, (_, item) in grid.items()}
    assert set(options) == {"运动", "阅读", "音乐", "其他"}
    other = df[options["其他"]].to_numpy()
    assert other.sum() == 3 and other[[10, 6500, 7300]].tolist() == [1, 1, 1]
    assert df[options["运动"]][10] == 1 and df[options["运动"]][6500] == 0
    assert "Q1: 2 written-in text(s) after an 'other' option (〖...〗) not kept as a column: 我,也┋喜欢; 我,也┋喜欢." \
        in df.attrs["cxresearch"]["notes"]  # the empty 〖〗 holds nothing to list


def test_empty_parts_between_separators_make_no_option(tmp_path):
    answers = ["A┋B"] * N
    answers[6600], answers[6700], answers[6800], answers[6900] = "A ┋ B", "A┋", "┋B", "A┋┋C"
    df = cx.io.read_wjx(_file(tmp_path, ["1、选项(多选题)"], [answers]))
    items = [item for _, item in df.attrs["cxresearch"]["grid"].values()]
    assert items == ["A", "B", "C"]
    assert df["Q1_1"].sum() == N - 1 and df["Q1_2"].sum() == N - 2 and df["Q1_3"].sum() == 1
    assert "Q1: 3 answer(s) with an empty part between '┋' (e.g. 'A┋┋C' or a trailing one) read without it." \
        in df.attrs["cxresearch"]["notes"]


@pytest.mark.parametrize("n", [40, N])
def test_a_written_in_text_after_a_single_choice_is_listed(tmp_path, n):
    # a column of labels otherwise plain: the one whose last character is 〗 must not be kept as read
    answers = ["微信" if i % 3 else "微博" for i in range(n)]
    answers[5], answers[n - 7], answers[n - 3] = "其他〖抖音〗", "其他〖123,abc〗", "其他〖抖音〗"
    df = cx.io.read_wjx(_file(tmp_path, ["1、您常用的平台"], [answers]))
    assert df["Q1"][[5, n - 7, n - 3]].tolist() == ["其他"] * 3
    assert df["Q1"].tolist().count("其他") == 3 and df["Q1"].tolist().count("微博") == answers.count("微博")
    meta = df.attrs["cxresearch"]
    assert meta["dropped_columns"]["Q1_written"].startswith("3 text(s)")
    assert "Q1: 3 written-in text(s) after an 'other' option (〖...〗) not kept as a column, such as: 抖音; 123,abc." \
        in meta["notes"]


@pytest.mark.parametrize("n", [3, N])
def test_full_width_scores_and_a_bare_number_are_scores(tmp_path, n):
    rng = np.random.default_rng(2)
    answers = [f"{k}分" for k in rng.integers(1, 6, n)]
    answers[n - 2], answers[n - 1] = "４分", "５"
    df = cx.io.read_wjx(_file(tmp_path, ["1、满意度(量表题)"], [answers]))
    expected = [float(a.replace("４", "4").replace("５", "5").rstrip("分")) for a in answers]
    assert df["Q1"].dtype == np.int64 and df["Q1"].astype(float).tolist() == expected


def test_answers_that_are_not_scores_are_named_when_they_are_few(tmp_path):
    answers = ["4分", "5分"] * (N // 2)
    answers[7000] = "很好"
    df = cx.io.read_wjx(_file(tmp_path, ["1、满意度(量表题)"], [answers]))
    assert df["Q1"][7000] == "很好" and df["Q1"][0] == "4分"  # kept as read, and said
    assert "Q1: not read as numbers: the answers are scores such as '4分', but ['很好'] is not." \
        in df.attrs["cxresearch"]["notes"]


def test_two_questions_with_one_number_are_refused_with_both_headers(tmp_path):
    with pytest.raises(SurveyReadError, match=r"two questions are numbered 5 \('5、A' and '5、B'\)"):
        cx.io.read_wjx(_file(tmp_path, ["5、A", "5、B"], [["x"] * 3, ["y"] * 3]))


def test_a_dash_inside_a_matrix_question_stays_in_the_question(tmp_path):
    df = cx.io.read_wjx(_file(tmp_path, ["3、A—B两家店对比(矩阵单选题)—价格", "服务"], [["好"] * 3, ["差"] * 3]))
    assert df.attrs["cxresearch"]["grid"] == {"Q3_1": ("A—B两家店对比", "价格"), "Q3_2": ("A—B两家店对比", "服务")}


def test_a_fill_in_answer_holding_the_separator_stays_text(tmp_path):
    answers = ["很好"] * N
    answers[7600] = "价格贵┋服务好"
    df = cx.io.read_wjx(_file(tmp_path, ["1、您的建议(填空题)"], [answers]))
    assert list(df.columns) == ["序号", "Q1"] and df["Q1"][7600] == "价格贵┋服务好"


def test_an_untagged_question_split_at_the_separator_says_where(tmp_path):
    answers = ["A"] * N
    answers[7000] = "A┋B"
    df = cx.io.read_wjx(_file(tmp_path, ["1、选择"], [answers]))
    assert df["Q1_2"].sum() == 1 and df["Q1_2"][7000] == 1
    assert any(n.startswith("Q1: its header has no 多选题 tag (none), but 1 answer(s) join options with '┋' (the "
                            "first on data row 7001)") for n in df.attrs["cxresearch"]["notes"])


def test_a_separator_inside_a_written_in_text_does_not_make_a_multi_select_question(tmp_path):
    # ┋ inside 〖...〗 is text: an untagged single choice stays one column, its written-in text listed
    answers = ["地铁", "公交"] * (N // 2)
    answers[-1] = "其他〖骑车┋步行〗"
    df = cx.io.read_wjx(_file(tmp_path, ["1、您的出行方式"], [answers]))
    assert list(df.columns) == ["序号", "Q1"] and df["Q1"].iloc[-1] == "其他" and df["Q1"].iloc[0] == "地铁"
    assert "Q1_written" in df.attrs["cxresearch"]["dropped_columns"]
    assert not any("多选题 tag" in n for n in df.attrs["cxresearch"]["notes"])
    answers[-2] = "地铁┋公交"  # one answer joining two options outside the brackets: now a multi-select question
    df = cx.io.read_wjx(_file(tmp_path, ["1、您的出行方式"], [answers]))
    assert list(df.columns)[1:] == ["Q1_1", "Q1_2", "Q1_3"]
    assert any(f"but 1 answer(s) join options with '┋' (the first on data row {N - 1})" in n
               for n in df.attrs["cxresearch"]["notes"])


def test_a_byte_that_is_not_utf8_is_placed_on_its_line(tmp_path):
    path = _file(tmp_path, ["1、性别"], [["男"] * N])
    raw = bytearray(path.read_bytes())
    at = raw.index(b"\n7001,") + 7  # inside the answer of line 7002
    raw[at:at] = b"\xff"
    path.write_bytes(bytes(raw))
    with pytest.raises(SurveyReadError, match="on line 7002"):
        cx.io.read_wjx(path)


def test_minus_three_among_numbers_of_a_text_download_is_an_answer(tmp_path):
    # a fill-in temperature in a download by option text (it holds '(跳过)'): -3 and -2 are answers there,
    # while -3 among labels stays a skip code
    temps = ["-3", "5", "-2", "(跳过)"] * 2000
    labels = ["喜欢", "-3", "不喜欢", "喜欢"] * 2000
    df = cx.io.read_wjx(_file(tmp_path, ["1、气温(填空题)", "2、感受"], [temps, labels]))
    assert df["Q1"][:4].tolist()[:3] == [-3, 5, -2] and np.isnan(df["Q1"][3])
    assert df["Q2"].isna().sum() == 2000 and df["Q2"][0] == "喜欢"
    notes = df.attrs["cxresearch"]["notes"]
    assert any(n.startswith("Q1: 2000 answers '-3' kept as answers") for n in notes)
    assert "Q2: 2000 skipped answers '-3' read as missing." in notes


def test_minus_three_of_a_number_download_is_missing(tmp_path):
    codes = ["-3", "5", "-2", "1"] * 2000
    df = cx.io.read_wjx(_file(tmp_path, ["1、评分"], [codes]))
    assert df["Q1"].isna().sum() == 4000 and df["Q1"][1] == 5
    # a choice question keeps its codes as codes even where a fill-in question of the file reads '(跳过)'
    skipped_fill_in = ["(跳过)", "很好", "一般", "好"] * 2000
    df = cx.io.read_wjx(_file(tmp_path, ["1、评分", "2、建议(填空题)"], [codes, skipped_fill_in], name="b.csv"))
    assert df["Q1"].isna().sum() == 4000 and df["Q2"].isna().sum() == 2000


def test_matrix_items_whose_headers_repeat_the_dash(tmp_path):
    df = cx.io.read_wjx(_file(tmp_path, ["3、满意度(矩阵单选题)—服务", "—价格"], [["好"] * 3, ["差"] * 3]))
    assert df.attrs["cxresearch"]["grid"] == {"Q3_1": ("满意度", "服务"), "Q3_2": ("满意度", "价格")}
    assert df.attrs["cxresearch"]["questions"]["Q3_2"] == "3、满意度—价格"


def test_an_option_column_of_a_number_download_holding_text_is_said(tmp_path):
    df = cx.io.read_wjx(_file(tmp_path, ["第2题(运动)", "第2题(其他〖〗)"], [["1", "0", "1"], ["0", "钓鱼", "骑车"]]))
    assert df["Q2_1"].tolist() == [1, 0, 1]
    assert "Q2_2 (其他〖〗): not a 0/1 column: its cells hold text such as ['0', '钓鱼', '骑车'], kept as read." \
        in df.attrs["cxresearch"]["notes"]


def test_an_order_the_answers_do_not_tell_is_said(tmp_path):
    told = cx.io.read_wjx(_file(tmp_path, ["1、爱好(多选题)"], [["运动┋阅读┋音乐", "阅读"]]))
    assert not any("do not tell the order" in n for n in told.attrs["cxresearch"]["notes"])
    untold = cx.io.read_wjx(_file(tmp_path, ["1、爱好(多选题)"], [["运动┋音乐", "阅读"]], name="b.csv"))
    assert any(n.startswith("Q1: the answers do not tell the order of ['运动', '阅读', '音乐']")
               for n in untold.attrs["cxresearch"]["notes"])
