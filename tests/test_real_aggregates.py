"""#10 on real public data (../shared/data, skipped cleanly without it): engines, moments and weights."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx

SEAT = ["seat_legroom_rating", "seat_recline_rating", "seat_width_rating", "aisle_space_rating"]


def _sorted(table: pd.DataFrame, keys: list) -> pd.DataFrame:
    return table.astype({"attribute": str}).sort_values(keys).reset_index(drop=True)


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_reppl_export_coded_and_counted_in_an_engine_equals_pandas(engine, shared):
    module = pytest.importorskip(engine)
    pytest.importorskip("narwhals")
    df = pd.read_csv(shared("reppl-kano", "storage--cohort1-clean.csv"))
    want = cx.kano.counts(cx.kano.code(df, id_vars=["ID", "Gender"]), by="Gender")
    frame = module.from_df(df) if engine == "duckdb" else module.from_pandas(df)
    got = cx.kano.counts(cx.kano.code(frame, id_vars=["ID", "Gender"]), by="Gender")
    keys = ["attribute", "Gender"]
    pd.testing.assert_frame_equal(_sorted(got, keys)[list("AOMIRQ")], _sorted(want, keys)[list("AOMIRQ")])
    assert got.attrs["cxresearch"]["rows"]["n_in"] == want.attrs["cxresearch"]["rows"]["n_in"] == len(df) * sum(c.endswith("_functional") for c in df.columns)


def test_skytrax_seat_drivers_from_duckdb_moments_and_integer_weights(shared):
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("narwhals")
    seat = pd.read_csv(shared("skytrax", "seat.csv"))
    seat = seat[seat["overall_rating"].notna()].reset_index(drop=True)
    rows = cx.satisfaction.drivers(seat, "overall_rating", SEAT, missing_codes=[0])
    m = cx.satisfaction.moments(duckdb.from_df(seat), ["overall_rating", *SEAT], missing_codes=[0])
    moments = cx.satisfaction.drivers(m, "overall_rating", SEAT)
    np.testing.assert_allclose(moments.table["weight"], rows.table["weight"], atol=1e-12)
    assert moments.rows == rows.rows
    seat["w"] = np.where(seat["cabin_flown"] == "Economy", 1, 2)  # business travellers counted twice
    weighted = cx.satisfaction.drivers(seat, "overall_rating", SEAT, missing_codes=[0], weights="w")
    replicated = cx.satisfaction.drivers(seat.loc[seat.index.repeat(seat["w"])], "overall_rating", SEAT,
                                         missing_codes=[0])
    np.testing.assert_allclose(weighted.table["weight"], replicated.table["weight"], atol=1e-12)
