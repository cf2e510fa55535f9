"""Count tables enter kano.analyze and dropoff.detect through one reader: labels, counts, exact cell totals.

Before it, ``dropoff.detect`` dropped an attribute whose every count was 0 while ``.rows``
said every count row was used, and summed repeated cells in int64 so that a total above
2**63 - 1 wrapped to a negative count without a word; ``kano.analyze`` refused both.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import InputWarning, KanoInputError

COUNTS = dict(zip("AOMIRQ", [10, 20, 15, 5, 1, 2]))


def _table(zero=("zero",)):
    rows = [dict(attribute=a, wave=t, **({k: 0 for k in COUNTS} if a in zero else COUNTS))
            for a in ["wifi", "pool", *zero] for t in (2020, 2021, 2022)]
    return pd.DataFrame(rows)


def test_an_attribute_with_every_count_zero_is_said_and_counted_not_dropped_silently():
    with pytest.warns(InputWarning, match=r"no answer in any wave for \['zero'\] \(every count 0 on 3 rows\)"):
        res = cx.dropoff.detect(_table(), time="wave")
    # 9 count rows in: wifi and pool (3 waves each) used; the 3 rows of 'zero' counted with their reason
    assert (res.rows.n_in, res.rows.n_used) == (9, 6)
    assert res.rows.excluded == {"attribute with every count 0": 3}
    assert sorted(res.table["attribute"].unique()) == ["pool", "wifi"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a table without such an attribute says nothing
        assert cx.dropoff.detect(_table(zero=()), time="wave").rows.excluded == {}


def test_repeated_cells_whose_total_overflows_int64_are_refused_naming_the_cell_and_rows():
    df = _table(zero=())
    big = pd.concat([df, df.iloc[[0]].assign(A=2**62), df.iloc[[0]].assign(A=2**62)], ignore_index=True)
    # wifi / 2020 on rows 0, 6 and 7: 53 answers on row 0, and 2**62 + 43 on each added row, in all
    # 2**63 + 139 = 9223372036854775947, above 2**63 - 1, so it cannot be stored
    assert 2**63 + 53 + 2 * 43 == 9223372036854775947
    with pytest.raises(KanoInputError, match=r"the total of A O M I R Q for 'wifi / 2020' \(rows 0, 6, 7\) is "
                                            r"9223372036854775947, above the largest count"):
        cx.dropoff.detect(big, time="wave")
    with pytest.raises(KanoInputError, match=r"the total of A O M I R Q for 'wifi' \(rows 0, 1, 2, 6, 7\)"):
        cx.kano.analyze(big.drop(columns="wave"))


def test_an_attribute_answered_only_r_or_q_is_said_and_has_no_arbitrary_runner_up():
    tab = pd.DataFrame({"attribute": ["x", "y"], "A": [0, 10], "O": [0, 5], "M": [0, 3], "I": [0, 2], "R": [0, 0],
                        "Q": [12, 1]})
    with pytest.warns(InputWarning, match=r"No A, O, M or I answer for \['x'\].*Better and Worse are undefined"):
        res = cx.kano.analyze(tab, min_n=0)
    x, y = res.table.set_index("attribute").loc["x"], res.table.set_index("attribute").loc["y"]
    # x: 12 Q and nothing else; no category has a second place, so none is named
    assert x["category"] == "Q" and pd.isna(x["runner_up"]) and pd.isna(x["better"])
    # y: A 10 > O 5 (Fong: |10 - 5| = 5 < 1.65 sqrt(15 (42 - 15) / 42) = 5.12, not significant, close to O)
    assert y["runner_up"] == "O" and not y["significant"] and y["close_to"] == "O"
    assert y["better"] == pytest.approx(15 / 20) and y["worse"] == pytest.approx(-8 / 20)


@pytest.mark.parametrize("call", [lambda d: cx.kano.analyze(d.drop(columns="wave")),
                                  lambda d: cx.dropoff.detect(d, time="wave")])
def test_a_count_table_short_of_a_column_is_named_as_one(call):
    """Found by an independent probe: without Q the table was read as coded answers ("column 'category' not found")."""
    with pytest.raises(KanoInputError, match=r"look like a count table \(columns \['A', 'O', 'M', 'I', 'R'\]\) but lack "
                                            r"the count column\(s\) \['Q'\]"):
        call(_table(zero=()).drop(columns="Q"))
