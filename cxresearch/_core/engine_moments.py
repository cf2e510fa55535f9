"""Moment sums of rating columns per group: n, sums of weights, sums and cross-products.

The sufficient statistics of every linear rating model (means, covariances, correlations,
OLS/WLS fits): computed by numpy for a pandas frame, inside the engine (one aggregation
through narwhals) for any other supported frame. ``satisfaction.moments`` builds its
``Moments`` object from this table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_keys, as_numeric, require_columns, require_frame
from cxresearch._core.engine_base import (
    as_narwhals,
    bad_weights,
    check_weight_totals,
    collect,
    engine_name,
    offending,
    plain_keys,
    quiet,
    require,
    values_error,
)
from cxresearch._core.weights import check_weights
from cxresearch.errors import CXInputError

__all__ = ["moment_columns", "moment_sums"]


def moment_columns(k: int) -> list[str]:
    """The statistic columns of a moment table for ``k`` columns, in order."""
    cross = [f"cross__{i}__{j}" for i in range(k) for j in range(i, k)]
    return (["n_rows", "n", "n_zero_weight", "sum_w", "sum_w2"] + [f"sum__{i}" for i in range(k)] + cross
            + [f"missing__{i}" for i in range(k)] + [f"recoded__{i}" for i in range(k)])


def moment_sums(data: Any, columns: Sequence[Any], *, by: Any = (), weights: Any = None,
                missing_codes: Sequence[float] = (), error: type[CXInputError] = CXInputError) -> pd.DataFrame:
    """Weighted sums and cross-products of numeric columns per group, inside the frame's engine.

    Parameters
    ----------
    data : pandas.DataFrame or a frame of a supported engine
        Rating data, one row per respondent. pandas frames are reduced with numpy (no
        narwhals needed); Polars, PyArrow, DuckDB, Dask and PySpark frames in their engine.
    columns : sequence of column names
        Numeric (or boolean) columns; column ``i`` gives the statistics named ``__i``.
    by : column name or list of names, optional
        Grouping columns.
    weights : column name, optional
        Survey (sampling) weights: non-negative finite numbers; a row of weight 0 is counted in
        ``n_zero_weight`` and left out of the sums.
    missing_codes : sequence of numbers
        Codes that mean "no answer" (e.g. 99): recoded to missing before anything is summed.
        Text codes are ignored (a numeric column cannot hold them).

    Returns
    -------
    pandas.DataFrame
        One row per group (the ``by`` columns first, sorted), then: ``n_rows`` (rows of the
        group), ``n`` (complete rows: every column non-missing after recoding, weight > 0),
        ``n_zero_weight`` (complete rows of weight 0), ``sum_w``, ``sum_w2`` (sums of w and w^2
        over complete rows), ``sum__i`` (sum of w x_i), ``cross__i__j`` for i <= j (sum of
        w x_i x_j), ``missing__i`` (rows of the group where column i is missing after recoding)
        and ``recoded__i`` (answers of column i recoded by ``missing_codes``). Unweighted, w = 1.
        Counts are int64, sums float64. ``n_rows - n - n_zero_weight`` rows have a missing
        value. ``result.attrs["cxresearch"]`` holds ``n_no_group`` (rows whose ``by`` value is
        missing, in no group), ``n_rows`` (all rows), ``columns``, ``by``, ``weights``,
        ``missing_codes`` and ``engine``.

    Raises
    ------
    CXInputError
        A missing column, a column that is not numeric, infinite values, missing, negative or
        infinite weights, weights that are all zero, an empty frame.

    See Also
    --------
    group_counts : the Kano count table, the categorical counterpart.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.engine import moment_sums
    >>> df = pd.DataFrame({"x": [1.0, 2.0, None, 99], "y": [2.0, 4.0, 1.0, 3.0]})
    >>> m = moment_sums(df, ["x", "y"], missing_codes=[99])
    >>> m[["n_rows", "n", "sum__0", "cross__0__1", "missing__0", "recoded__0"]]
       n_rows  n  sum__0  cross__0__1  missing__0  recoded__0
    0       4  2     3.0         10.0           2           1
    """
    columns = as_keys(columns, "columns")
    if not columns:
        raise arg_error("columns", "a non-empty list of column names", columns, error=error)
    by = as_keys(by)
    if isinstance(missing_codes, (str, bytes)) or not np.iterable(missing_codes):
        raise arg_error("missing_codes", "a list of numbers (e.g. [98, 99])", missing_codes, error=error)
    # text codes (e.g. "don't know") cannot occur in a numeric column: only the numbers matter here
    codes = [float(v) for v in missing_codes if isinstance(v, (int, float, np.integer, np.floating))
             and not isinstance(v, bool)]
    if isinstance(data, pd.DataFrame):
        sums, no_group = _numpy_sums(data, columns, by, weights, codes, error)
        engine, n_all = "pandas", len(data)
    else:
        sums, no_group, n_all, engine = _engine_sums(data, columns, by, weights, codes, error)
    sums.attrs["cxresearch"] = {"n_no_group": no_group, "n_rows": n_all, "columns": list(columns), "by": list(by),
                                "weights": weights, "missing_codes": codes, "engine": engine}
    return sums


def _numpy_sums(data: pd.DataFrame, columns, by, weights, codes, error):
    data = require_frame(data, error=error)
    require_columns(data, [*by, *columns], "column", error=error)
    w = check_weights(data, weights, error=error)
    k = len(columns)
    x = np.column_stack([as_numeric(data[c], c, error=error) for c in columns])
    recoded = np.isin(x, codes) if codes else np.zeros(x.shape, bool)
    missing = np.isnan(x) | recoded
    w = np.ones(len(data)) if w is None else w
    complete = ~missing.any(axis=1)
    ok = complete & (w > 0)
    no_key = np.zeros(len(data), bool)
    for b in by:
        no_key |= data[b].isna().to_numpy()
    if by:
        grouped = data.loc[~no_key, by].groupby(by, sort=True, observed=True)
        gid, n_groups = grouped.ngroup().to_numpy(), grouped.ngroups
        out = grouped.size().reset_index()[by]
    else:
        gid, n_groups, out = np.zeros(len(data), np.intp), 1, pd.DataFrame(index=[0])
    keep = ~no_key
    x, w, ok, complete, missing, recoded = (a[keep] for a in (x, w, ok, complete, missing, recoded))
    z = np.where(ok[:, None], x, 0.0)
    wz = np.where(ok, w, 0.0)

    def tally(v):
        return np.bincount(gid, weights=v, minlength=n_groups)

    stats = {"n_rows": np.bincount(gid, minlength=n_groups), "n": tally(ok), "n_zero_weight": tally(complete & (w == 0)),
             "sum_w": tally(wz), "sum_w2": tally(wz * wz)}
    for i in range(k):
        stats[f"sum__{i}"] = tally(wz * z[:, i])
    order = np.argsort(gid, kind="stable")
    bounds = np.searchsorted(gid[order], np.arange(n_groups + 1))
    cross = np.empty((n_groups, k, k))
    for g in range(n_groups):
        rows = order[bounds[g]:bounds[g + 1]]
        zg = z[rows]
        cross[g] = zg.T @ (zg * wz[rows, None])
    for i in range(k):
        for j in range(i, k):
            stats[f"cross__{i}__{j}"] = cross[:, i, j]
    for i in range(k):
        stats[f"missing__{i}"] = tally(missing[:, i])
        stats[f"recoded__{i}"] = tally(recoded[:, i])
    return _assemble(out.reset_index(drop=True), stats, k), int(no_key.sum())


def _assemble(keys: pd.DataFrame, stats: dict, k: int) -> pd.DataFrame:
    body = {}
    for name in moment_columns(k):
        integer = name.startswith(("n", "missing__", "recoded__"))
        body[name] = np.rint(stats[name]).astype(np.int64) if integer else np.asarray(stats[name], np.float64)
    out = pd.concat([keys, pd.DataFrame(body, index=keys.index)], axis=1)
    out.columns = pd.Index(list(out.columns), dtype=object)
    return out


def _engine_sums(data, columns, by, weights, codes, error):
    frame = as_narwhals(data, error=error)  # names an unsupported type, or a missing narwhals, first
    import narwhals.stable.v2 as nw

    engine = engine_name(data)
    k = len(columns)
    with quiet():
        types = require(frame, [*by, *columns, *([weights] if weights is not None else [])], "column", error)
        for c in columns:
            if not (types[c].is_numeric() or types[c] == nw.Boolean):
                raise error(f"Column {c!r} must hold numbers; got {types[c]} values. Convert it to a numeric "
                            "column, or leave it out of `columns`.")
        table = collect(_reduction(frame, columns, by, weights, codes, types, error))
        n_all = int(table["n_rows"].sum())
        if n_all == 0:
            raise error(f"`data` must hold at least one row; got an empty {engine} frame (0 rows): nothing to analyse.")
        if weights is not None:
            check_weight_totals(frame, weights, int(table["__cx_bad"].sum()), int(table["__cx_pos"].sum()), n_all,
                                engine, error)
        for i, c in enumerate(columns):
            n_inf = int(table[f"__cxinf{i}"].sum())
            if n_inf:
                x = nw.col(c).cast(nw.Float64)
                counted = offending(frame, c, ((x == float("inf")) | (x == float("-inf"))).fill_null(False))
                raise values_error(c, counted, n_inf, "finite numbers", "Replace infinite values with NaN "
                                   "(missing) or a value on the scale.", error=error, engine=engine)
    no_key = np.zeros(len(table), bool)
    for b in by:
        no_key |= table[b].isna().to_numpy()
    no_group = int(table.loc[no_key, "n_rows"].sum())
    table = plain_keys(table.loc[~no_key].reset_index(drop=True), by, types)
    if by:
        table = table.sort_values(by, kind="stable").reset_index(drop=True)
    keys = table[by] if by else pd.DataFrame(index=table.index)
    zeros = np.zeros(len(table), np.int64)  # columns not computed in the engine (no codes, no weights)
    return (_assemble(keys, {c: table[c].to_numpy() if c in table else zeros for c in moment_columns(k)}, k),
            no_group, n_all, engine)


def _reduction(frame, columns, by, weights, codes, types, error):
    """The lazy (or eager) one-pass aggregation: per-row columns in three steps, then plain sums.

    Few steps keep Dask's expression optimiser quick (each ``with_columns`` is a node it
    simplifies), and no literal enters a boolean expression (Dask 2024 cannot align one).
    """
    import narwhals.stable.v2 as nw

    k = len(columns)
    xs = [nw.col(c).cast(nw.Float64) for c in columns]
    rec = [x.is_in(codes).fill_null(False) for x in xs] if codes else []
    miss = [(x.is_null() | x.is_nan()).fill_null(True) for x in xs]
    miss = [m | r for m, r in zip(miss, rec)] if codes else miss
    any_missing = miss[0]
    for m in miss[1:]:
        any_missing = any_missing | m
    first = {f"__cxx{i}": x for i, x in enumerate(xs)}
    first |= {f"__cxir{i}": r.cast(nw.Int64) for i, r in enumerate(rec)}
    first |= {f"__cxim{i}": m.cast(nw.Int64) for i, m in enumerate(miss)}
    first |= {f"__cxiinf{i}": ((x == float("inf")) | (x == float("-inf"))).fill_null(False).cast(nw.Int64)
              for i, x in enumerate(xs)}
    if weights is not None:
        w = nw.col(weights).cast(nw.Float64)
        first |= {"__cx_w": w, "__cx_ok": ~any_missing & (w > 0).fill_null(False),
                  "__cxizw": (~any_missing & (w == 0).fill_null(False)).cast(nw.Int64),
                  "__cxipos": (w > 0).fill_null(False).cast(nw.Int64),
                  "__cxibad": bad_weights(frame, weights, types, error).cast(nw.Int64)}
    else:
        first["__cx_ok"] = ~any_missing
    ok = nw.col("__cx_ok")
    weight = nw.col("__cx_w") if weights is not None else 1.0
    second = {"__cx_wz": nw.when(ok).then(weight).otherwise(0.0), "__cxin": ok.cast(nw.Int64)}
    second |= {f"__cxz{i}": nw.when(ok).then(nw.col(f"__cxx{i}")).otherwise(0.0) for i in range(k)}
    wz = nw.col("__cx_wz")
    third = {"__cx_w2": wz * wz, **{f"__cxs{i}": wz * nw.col(f"__cxz{i}") for i in range(k)}}
    third |= {f"__cxc{i}_{j}": wz * nw.col(f"__cxz{i}") * nw.col(f"__cxz{j}") for i in range(k) for j in range(i, k)}
    step = frame.with_columns(**first).with_columns(**second).with_columns(**third)
    counts = {"n": "__cxin", **{f"missing__{i}": f"__cxim{i}" for i in range(k)},
              **{f"recoded__{i}": f"__cxir{i}" for i in range(len(rec))},
              **{f"__cxinf{i}": f"__cxiinf{i}" for i in range(k)}}
    if weights is not None:
        counts |= {"n_zero_weight": "__cxizw", "__cx_pos": "__cxipos", "__cx_bad": "__cxibad"}
    sums = {"sum_w": "__cx_wz", "sum_w2": "__cx_w2", **{f"sum__{i}": f"__cxs{i}" for i in range(k)},
            **{f"cross__{i}__{j}": f"__cxc{i}_{j}" for i in range(k) for j in range(i, k)}}
    aggs = [nw.len().alias("n_rows")] + [nw.col(src).sum().alias(name) for name, src in {**counts, **sums}.items()]
    reduced = step.group_by(by, drop_null_keys=False).agg(*aggs) if by else step.select(*aggs)
    return reduced.with_columns(*[nw.col(c).cast(nw.Int64) for c in ["n_rows", *counts]],
                                *[nw.col(c).cast(nw.Float64) for c in sums])
