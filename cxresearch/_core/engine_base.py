"""The one place that touches dataframe engines: recognise a frame, reduce it inside its engine.

Reductions are written once against narwhals' stable API (``narwhals.stable.v2``), so pandas,
Polars (eager and lazy), PyArrow, DuckDB, Dask and PySpark run the same code and only small
tables come back, as pandas. narwhals is optional (``pip install "cxresearch[engines]"``) and
imported inside the functions; pandas frames never need it.

Traps handled here, met with narwhals 2.29:

* DuckDB sums of integers come back as HUGEINT (Int128) or DECIMAL: every sum is cast to
  Int64 or Float64 inside the engine before it is collected.
* Dask and PyArrow refuse anything but a plain column reduction inside ``group_by().agg``
  (no product, no ``when/then``): every per-row quantity (indicators, ``w * w``,
  ``w * x * y``) is made as a column first, then summed.
* DuckDB's UNPIVOT drops missing values, and narwhals runs its DuckDB unpivot as SQL on the
  default connection (a relation of another connection cannot be read there): frames are
  stacked with a vertical ``concat`` instead.
* ``replace_strict`` is missing on DuckDB and PySpark in narwhals 2.0 and needs ``default=``
  on DuckDB later: values are mapped with nested ``when(is_in(...))`` instead.
* Dask's ``unique()`` moves data with a P2P shuffle that logs warnings on a distributed
  cluster: distinct values come from a group-by, and group-bys run with task-based shuffles.
* A literal inside a boolean expression cannot be aligned by Dask 2024 (dask-expr 1.1).
* narwhals warns (FutureWarning) that Dask support moves to the ``narwhals-dask`` plugin; the
  warning is silenced around our calls (the calls work either way).
* NaN and null are one "missing" in pandas but two values in Polars, PyArrow and DuckDB: a
  missing number is ``is_null() | is_nan()``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import MAX_SHOWN, require_columns, type_name
from cxresearch.errors import CXInputError

__all__ = ["ENGINES", "as_narwhals", "collect", "engine_name", "is_engine_frame", "quiet", "schema"]

ENGINES = "pandas, Polars (DataFrame or LazyFrame), PyArrow Table, DuckDB relation, Dask DataFrame, PySpark DataFrame"
INSTALL = 'pip install "cxresearch[engines]"'

# module that must already be imported for a frame of that engine to exist -> (attribute path, name)
_KINDS = (
    ("polars", ("DataFrame",), "polars"),
    ("polars", ("LazyFrame",), "polars lazy"),
    ("pyarrow", ("Table",), "pyarrow"),
    ("duckdb", ("DuckDBPyRelation",), "duckdb"),
    ("dask.dataframe", ("DataFrame",), "dask"),
    ("pyspark.sql", ("DataFrame",), "pyspark"),
    ("pyspark.sql.connect.dataframe", ("DataFrame",), "pyspark"),
)


def engine_name(data: Any) -> str | None:
    """``"pandas"``, ``"polars"``, ``"polars lazy"``, ``"pyarrow"``, ``"duckdb"``, ``"dask"``, ``"pyspark"`` or None.

    Recognises the real classes only (a look-alike with a ``to_pandas`` method is None), and
    imports nothing: an engine's frame can only exist once its module is imported.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxresearch._core.engine import engine_name
    >>> engine_name(pd.DataFrame({"a": [1]})), engine_name([1, 2])
    ('pandas', None)
    """
    if isinstance(data, pd.DataFrame):
        return "pandas"
    for module, path, name in _KINDS:
        mod = sys.modules.get(module)
        kind = getattr(mod, path[0], None) if mod is not None else None
        if isinstance(kind, type) and isinstance(data, kind):
            return name
    return None


def is_engine_frame(data: Any) -> bool:
    """True for a frame of a supported engine other than pandas (see :func:`engine_name`)."""
    return engine_name(data) not in (None, "pandas")


def as_narwhals(data: Any, name: str = "data", error=CXInputError):
    """``data`` as a narwhals (stable v2) DataFrame or LazyFrame, or the error naming its type.

    Raises when ``data`` is not a frame of a supported engine (listing them), or when
    narwhals is not installed (with the command that installs it).
    """
    kind = engine_name(data)
    if kind is None:
        raise error(f"`{name}` must be a dataframe of a supported engine ({ENGINES}); got a "
                    f"{type_name(data)}. Convert it to one of these (e.g. pandas.DataFrame(...)).")
    if importlib.util.find_spec("narwhals") is None:
        raise error(f"`{name}` is a {type_name(data)}: reducing it inside its engine needs narwhals. "
                    f"Install the engine extras with `{INSTALL}`, or convert it to pandas first.")
    import narwhals.stable.v2 as nw

    with quiet():
        return nw.from_native(data)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence narwhals' notice that Dask support moves to the ``narwhals-dask`` plugin."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*Dask support is moving", category=FutureWarning)
        yield


def schema(frame) -> dict:
    """Column name -> narwhals dtype, without collecting a lazy frame."""
    return dict(frame.collect_schema()) if hasattr(frame, "collect_schema") else dict(frame.schema)


def collect(frame) -> pd.DataFrame:
    """A (small) narwhals frame as pandas: lazy frames are computed in their engine first."""
    import narwhals.stable.v2 as nw

    with quiet(), _small_shuffles(frame):
        eager = frame.collect() if isinstance(frame, nw.LazyFrame) else frame
        return eager.to_pandas()


def collect_all(frames: list) -> list[pd.DataFrame]:
    """Several (small) narwhals frames as pandas, computed together where the engine can share the scan.

    Polars computes lazy frames in one ``collect_all``, Dask in one ``dask.compute`` (one graph,
    one read of the source); other engines one after the other.
    """
    import narwhals.stable.v2 as nw

    if not frames:
        return []
    lazy = [f for f in frames if isinstance(f, nw.LazyFrame)]
    name = frames[0].implementation.name
    with quiet():
        if len(lazy) == len(frames) and name in ("POLARS", "DASK"):
            natives = [f.to_native() for f in frames]
            if name == "POLARS":
                import polars as pl

                computed = pl.collect_all(natives)
            else:
                import dask

                with _small_shuffles(frames[0]):
                    computed = dask.compute(*natives)
            return [nw.from_native(c).to_pandas() for c in computed]
    return [collect(f) for f in frames]


def _small_shuffles(frame):
    """Dask: exchange the (small) partial aggregates with task-based shuffles, not the P2P extension.

    Dask splits a group-by over several keys into more than one output partition and, on a
    distributed cluster, moves them with P2P shuffles that log a warning each; our partial
    tables are a few thousand rows at most, so the plain task shuffle is both quiet and quick.
    """
    if frame.implementation.name != "DASK":
        return contextlib.nullcontext()
    import dask

    return dask.config.set({"dataframe.shuffle.method": "tasks"})


def require(frame, columns: Sequence[Any], role: str = "column", error=CXInputError) -> dict:
    """The schema of ``frame``, after checking that ``columns`` are there (the standard message)."""
    types = schema(frame)
    require_columns(pd.DataFrame(columns=list(types)), columns, role, error=error)
    return types


def plain_keys(table: pd.DataFrame, keys: Sequence[Any], types: dict | None = None) -> pd.DataFrame:
    """Key columns as pandas itself would hold the values (Arrow-backed or nullable types made plain).

    A key that is an integer column in the engine comes back as int64 once the rows without a
    value are gone (a missing value had made it float on the way).
    """
    for k in keys:
        col = table[k]
        if isinstance(col.dtype, pd.ArrowDtype) or pd.api.types.is_extension_array_dtype(col.dtype):
            values = col.to_numpy(dtype=object, na_value=None)
            table[k] = col = pd.Series(list(values), index=table.index).infer_objects()
        integer = types is not None and k in types and types[k].is_integer()
        if integer and pd.api.types.is_float_dtype(col.dtype) and col.notna().all():
            table[k] = col.astype(np.int64)
    return table


def offending(frame, column: Any, bad, limit: int = MAX_SHOWN) -> list[tuple[Any, int]]:
    """The distinct values of ``column`` where the boolean expression ``bad`` holds, most frequent first."""
    import narwhals.stable.v2 as nw

    with quiet():
        found = (frame.filter(bad).group_by(column, drop_null_keys=False).agg(nw.len().alias("_n"))
                 .with_columns(nw.col("_n").cast(nw.Int64)))
        table = collect(found)
    table = table.sort_values("_n", ascending=False, kind="stable").head(limit)
    return [(None if pd.isna(v) else v, int(n)) for v, n in zip(table[column], table["_n"])]


def values_error(column: Any, counted: list[tuple[Any, int]], n_bad: int, expected: str, hint: str = "",
                 error=CXInputError, engine: str = "") -> CXInputError:
    """The standard bad-values message for an engine frame (no row positions: engines have none)."""
    listed = ", ".join(f"{v!r} ({n} row{'s' if n != 1 else ''})" for v, n in counted)
    shown = sum(n for _, n in counted)
    more = " and others" if shown < n_bad else ""
    where = f" (in a {engine} frame: no row positions)" if engine else ""
    msg = f"Column {column!r}: {n_bad} row(s) with values that are not {expected}: {listed}{more}{where}."
    return error(f"{msg} {hint}" if hint else msg)


def bad_weights(frame, weights: Any, types: dict, error=CXInputError):
    """The expression marking unusable weights; refuses a weights column that is not numeric."""
    import narwhals.stable.v2 as nw

    if not types[weights].is_numeric():
        raise error(f"Column {weights!r} (weights) must hold numbers; got {types[weights]} values. "
                    "Convert it to a numeric column.")
    w = nw.col(weights)
    return (w.is_null() | w.is_nan() | ~w.is_finite() | (w < 0)).fill_null(True)


def check_weight_totals(frame, weights: Any, n_bad: int, n_positive: int, n_rows: int, engine: str,
                        error=CXInputError) -> None:
    """Raise the standard weights errors from the counts of bad and positive weights."""
    if n_bad:
        counted = offending(frame, weights, bad_weights(frame, weights, schema(frame), error))
        raise values_error(weights, counted, n_bad, "non-negative finite numbers (weights)",
                           "Give every row a weight (a weight of 0 leaves the row out, and it is counted).",
                           error=error, engine=engine)
    if n_positive == 0:
        raise error(f"Column {weights!r} (weights) must hold a positive weight; got {n_rows} zero weights.")
