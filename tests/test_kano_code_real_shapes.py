"""`code` on exports as they come: hyphenated Qualtrics grids, unpaired answer columns, text importance,
long data with respondent ids, and every input row used or counted (property tests over generated exports)."""

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxresearch as cx
from cxresearch.errors import KanoInputError, InputWarning

AMENITIES = ["Bike lanes and bike-friendly streets", "Wi-Fi", "In-unit washer-dryer", "Gym", "Rooftop deck",
             "Pet-friendly units", "Parking", "Storage", "Doorman", "Pool", "EV charging", "Co-working space",
             "Package lockers", "Air conditioning", "Dishwasher", "Balcony"]
FUNC_Q = "How do you feel if you have this in-unit amenity?"
DYSF_Q = "How do you feel if you do not have this in-unit amenity?"
LABELS = ["I like it", "I expect it", "I'm neutral", "I can tolerate it", "I dislike it"]


def _qualtrics_csv(n=40, seed=1):
    """A 3-header-row Qualtrics CSV (short names, "question - item" texts, ImportId row)."""
    rng = np.random.default_rng(seed)
    k = len(AMENITIES)
    f = rng.integers(0, 5, size=(n, k))
    d = rng.integers(0, 5, size=(n, k))
    short = ["ResponseId"] + [f"Q1_{j + 1}" for j in range(k)] + [f"Q2_{j + 1}" for j in range(k)]
    texts = ["Response ID"] + [f"{FUNC_Q} - {a}" for a in AMENITIES] + [f"{DYSF_Q} - {a}" for a in AMENITIES]
    imports = ['{"ImportId":"_recordId"}'] + [f'{{"ImportId":"QID1_{j + 1}"}}' for j in range(k)] + \
              [f'{{"ImportId":"QID2_{j + 1}"}}' for j in range(k)]
    body = [[f"R_{i}"] + [LABELS[v] for v in f[i]] + [LABELS[v] for v in d[i]] for i in range(n)]
    frame = pd.DataFrame([texts, imports] + body, columns=short)
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    truth = cx.kano.evaluate(np.asarray(f).T.ravel() + 1, np.asarray(d).T.ravel() + 1)
    return buf.getvalue(), pd.Series(truth)


def test_a_hyphenated_qualtrics_grid_codes_all_sixteen_attributes():
    text, truth = _qualtrics_csv()
    resp = cx.kano.code(pd.read_csv(io.StringIO(text)))
    info = resp.attrs["cxresearch"]
    assert info["attributes"] == AMENITIES
    assert info["rows"]["n_in"] == 40 * 16 and info["header_rows_removed"] == 2
    assert list(resp.columns) == ["respondent", "ResponseId", "attribute", "functional", "dysfunctional",
                                  "category"]
    np.testing.assert_array_equal(resp["category"].astype(str), truth.astype(str))


def test_an_unknown_label_names_the_sheet_column_and_the_users_row_label():
    text, _ = _qualtrics_csv()
    data = pd.read_csv(io.StringIO(text))
    data.loc[7, "Q2_5"] = "I tolerate it"
    with pytest.raises(KanoInputError, match=r"'I tolerate it' \(1 row; did you mean 'I can tolerate it'\?\); "
                                             r"in column 'Q2_5' row label\(s\) 7\."):
        cx.kano.code(data)


def test_unpaired_answer_columns_are_an_error_unless_named_in_id_vars():
    df = pd.DataFrame({"id": [1, 2, 3], "wifi_f": ["I like it"] * 3, "wifi_d": ["I dislike it"] * 3,
                       "lounge (have)": ["I like it", "I expect it", "I'm neutral"],
                       "lounge (absent)": ["I dislike it", "I dislike it", "I'm neutral"],
                       "segment": ["gold", "vip", "gold"]})
    with pytest.raises(KanoInputError, match=r"2 column\(s\) hold Kano answers but were not paired into "
                                             r"attributes: 'lounge \(have\)', 'lounge \(absent\)'\. "
                                             r"Paired 1 attribute\(s\): 'wifi'"):
        cx.kano.code(df)
    resp = cx.kano.code(df, id_vars=["id", "segment", "lounge (have)", "lounge (absent)"])
    assert resp.attrs["cxresearch"]["attributes"] == ["wifi"] and len(resp) == 3


def test_a_numeric_export_with_unpaired_items_of_a_paired_question_is_an_error():
    text, _ = _qualtrics_csv(n=5)
    data = pd.read_csv(io.StringIO(text))
    # a text-free export: the last functional item has a question text with a typo, so it cannot pair
    data.loc[0, "Q1_16"] = data.loc[0, "Q1_16"].replace("Balcony", "Balcny")
    with pytest.raises(KanoInputError, match=r"2 column\(s\) hold Kano answers but were not paired.*"
                                             r"'Q1_16', 'Q2_16'\. Paired 15 attribute"):
        cx.kano.code(data)


def test_text_importance_is_read_through_a_mapping_and_refused_with_the_fix_without_one():
    df = pd.DataFrame({"wifi_functional": ["I like it", "I expect it", "I like it"],
                       "wifi_dysfunctional": ["I dislike it"] * 3,
                       "wifi_importance": ["Very important", "Not important", None]})
    with pytest.raises(KanoInputError, match=r"'Very important' \(1 row\).*Pass `importance=\{'Very important': 5"):
        cx.kano.code(df)
    resp = cx.kano.code(df, importance={"very important": 5, "Not important": 1})
    np.testing.assert_array_equal(resp["importance"], [5.0, 1.0, np.nan])
    with pytest.raises(KanoInputError, match="Map every label"):
        cx.kano.code(df, importance={"Very important": 5})


def test_importance_for_some_attributes_only_warns_and_leaves_the_rest_missing():
    df = pd.DataFrame({"a_f": [1, 2], "a_d": [5, 5], "a_importance": [7, 9], "b_f": [1, 1], "b_d": [3, 3]})
    with pytest.warns(InputWarning, match=r"importance was found for 1 of 2 attributes; \['b'\]"):
        resp = cx.kano.code(df)
    np.testing.assert_array_equal(resp["importance"], [7.0, 9.0, np.nan, np.nan])


def test_answers_mixing_numbers_and_labels_across_columns_code_alike():
    df = pd.DataFrame({"a_f": [1, 2, 3], "a_d": [5, 5, 3], "b_f": ["I like it", "I expect it", "I'm neutral"],
                       "b_d": ["I dislike it", "I dislike it", "I'm neutral"]})
    resp = cx.kano.code(df)
    assert list(resp["category"].astype(str)) == ["O", "M", "I"] * 2


def test_max_questionable_counts_per_respondent_in_long_data():
    long = pd.DataFrame({"respondent": ["r1", "r1", "r2", "r2"], "attribute": ["a", "b", "a", "b"],
                         "functional": [1, 5, 1, 1], "dysfunctional": [1, 5, 5, 3]})
    resp = cx.kano.code(long, max_questionable=1)  # r1 has two Q answers, r2 none
    info = resp.attrs["cxresearch"]
    assert list(resp["respondent"]) == ["r2", "r2"]
    assert info["respondents_in"] == 2 and info["respondents_dropped"] == 1
    assert info["rows"]["excluded"] == {"answer pairs of 1 respondent(s) with more than 1 Q answers": 2}
    with pytest.raises(KanoInputError, match=r"`max_questionable` must be used with a respondent column.*"
                                             r"'respondent' column \(or `respondent=` naming yours\)"):
        cx.kano.code(long.drop(columns="respondent"), max_questionable=1)
    resp = cx.kano.code(long.rename(columns={"respondent": "rid"}), respondent="rid", max_questionable=1)
    assert list(resp["rid"]) == ["r2", "r2"]


def test_a_respondent_answering_one_attribute_twice_is_an_error_naming_them():
    long = pd.DataFrame({"respondent": ["r1", "r1", "r2"], "attribute": ["a", "a", "a"],
                         "functional": [1, 2, 1], "dysfunctional": [5, 5, 5]}, index=[10, 11, 12])
    with pytest.raises(KanoInputError, match=r"'r1 x a' \(2 rows\).*Rows labelled \[10, 11\] repeat"):
        cx.kano.code(long)


def test_a_frame_of_another_library_is_converted():
    class FakePolars:
        __module__ = "polars.dataframe.frame"

        def to_pandas(self):
            return pd.DataFrame({"wifi_f": ["like"], "wifi_d": ["dislike"]})

    assert list(cx.kano.code(FakePolars())["category"].astype(str)) == ["O"]


# --- property tests: any shuffle, renaming or hyphenation gives the same counts ------------------

@st.composite
def exports(draw):
    k = draw(st.integers(1, 5))
    n = draw(st.integers(1, 12))
    names = draw(st.lists(st.from_regex(r"[A-Za-z][A-Za-z -]{0,10}[A-Za-z]", fullmatch=True), min_size=k,
                          max_size=k, unique_by=lambda s: s.casefold().replace(" ", "")))
    codes = draw(st.lists(st.integers(0, 5), min_size=2 * n * k, max_size=2 * n * k))
    order = draw(st.permutations(range(2 * k)))
    rows = draw(st.permutations(range(n)))
    return names, np.array(codes).reshape(2, k, n), list(order), list(rows)


def _labels(codes):
    return [None if c == 0 else LABELS[c - 1] for c in codes]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_shuffled_renamed_hyphenated_reordered_exports_give_identical_counts(export):
    names, codes, order, rows = export
    k, n = codes.shape[1], codes.shape[2]
    plain = pd.DataFrame({f"x{j}_f": codes[0, j] for j in range(k)} | {f"x{j}_d": codes[1, j] for j in range(k)})
    plain = plain.replace(0, np.nan)
    coded = cx.kano.code(plain)  # paired by suffix: never judged by its answers
    base = cx.kano.counts(coded).reset_index(drop=True)
    n_valid, n_r = int(coded["category"].notna().sum()), int((coded["category"] == "R").sum())
    # the same answers as a Qualtrics-style grid: hyphenated item names, shuffled columns and rows, text labels
    cols = [(f"Q1 - {names[j]}", _labels(codes[0, j])) for j in range(k)] + \
           [(f"Q2 not - {names[j]}", _labels(codes[1, j])) for j in range(k)]
    cols = [cols[i] for i in order]
    grid = pd.DataFrame({f"c{i}": v for i, (_, v) in enumerate(cols)}).iloc[rows]
    texts = {f"c{i}": t for i, (t, _) in enumerate(cols)}
    grid.attrs["cxresearch"] = {"grid": {c: tuple(t.split(" - ", 1)) for c, t in texts.items()}}
    if n_valid >= 10 and 2 * n_r > n_valid:  # paired by question texts, mostly R: refused as swapped grids
        with pytest.raises(KanoInputError, match=rf"grids look swapped.* {n_r} of {n_valid} valid answer pairs"):
            cx.kano.code(grid)
        return
    resp = cx.kano.code(grid)
    got = cx.kano.counts(resp).set_index("attribute").loc[names].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, base.drop(columns="attribute"), check_dtype=False)
    rows_info = resp.attrs["cxresearch"]["rows"]
    assert rows_info["n_in"] == n * k == rows_info["n_used"] + sum(rows_info["excluded"].values())
    assert rows_info["n_used"] == int(((codes[0] > 0) & (codes[1] > 0)).sum())
