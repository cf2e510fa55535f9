"""``kano.code`` on a frame of another engine: Polars (eager or lazy), PyArrow, DuckDB, Dask, PySpark.

The answer pairs are found from the column names, as for pandas. One aggregation pulls the
distinct answer labels of every answer column with their counts (they are few); they are
normalised in Python with the label machinery of :mod:`cxresearch.kano._labels` (unknown
labels raise the same error as the pandas path), then mapped to codes 1-5 inside the engine
(a ``when/then`` on ``is_in`` per answer), the evaluation table is looked up on ``6 * functional + dysfunctional``,
and the attributes are stacked with a vertical concatenation (no unpivot: DuckDB's drops
missing values, and narwhals runs it on DuckDB's default connection only). The result is a frame of the same engine, lazy when the input was lazy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, require_columns
from cxresearch._core.engine_base import as_narwhals, collect, collect_all, engine_name, quiet, schema
from cxresearch.errors import KanoInputError
from cxresearch.kano._frames import importance_numbers, leftover_answers, warn_partial_importance
from cxresearch.kano._labels import ANSWERS, _code_uniques, _number_codes, scales_for_sides, unknown_labels_error
from cxresearch.kano._shapes import Pair, find_pairs, split_items
from cxresearch.kano._sides import grid_questions, refuse_swapped
from cxresearch.kano._tables import evaluation_table

_COL, _VAL, _N = "__cxcol", "__cxval", "__cxn"


def code_engine(data: Any, *, pairs, id_vars, scale, table, attribute: str, functional: str, dysfunctional: str,
                importance, respondent: str, max_questionable) -> Any:
    """The coded long frame of an engine frame, as a frame of that engine (see :func:`code`)."""
    import narwhals.stable.v2 as nw

    frame = as_narwhals(data, error=KanoInputError)
    if max_questionable is not None:
        raise arg_error("max_questionable", "None on a frame of another engine", max_questionable,
                        f"Dropping respondents needs all their answers at once; code the "
                        f"{engine_name(data)} frame, keep the respondents you want, then count.",
                        error=KanoInputError)
    tab, scales = evaluation_table(table), scales_for_sides(scale)
    levels = importance if isinstance(importance, Mapping) else None
    imp_col = "importance" if levels is not None else importance
    with quiet():
        types = schema(frame)
        stub = pd.DataFrame(columns=list(types))
        long = pairs is None and all(c in types for c in (attribute, functional, dysfunctional))
        if long:
            ids = list(id_vars) if id_vars is not None else [
                c for c in types if c not in (attribute, functional, dysfunctional, imp_col)]
            found = [Pair("", functional, dysfunctional, imp_col if imp_col in types else None)]
        else:
            found = find_pairs(stub, pairs, None, None)
            used = {c for p in found for c in (p.functional, p.dysfunctional, p.importance) if c}
            require_columns(stub, sorted(used, key=str), "answer column", error=KanoInputError)
            ids = list(id_vars) if id_vars is not None else [c for c in types if c not in used]
            _leftover(frame, types, found, id_vars, scales)
            warn_partial_importance(found)
        require_columns(stub, ids, "id column", error=KanoInputError)
        if levels is not None and not any(p.importance for p in found):
            raise arg_error("importance", "a mapping only when the data hold importance answers", levels,
                            "No importance column was found (looked for 'importance' in long data and "
                            "'X_importance' columns).", error=KanoInputError)
        exprs = _answer_exprs(frame, types, found, scales, tab, levels)
        frame, ids = _with_respondent(frame, ids, respondent, types, long)
        parts = []
        for p in found:
            part = {"attribute": nw.col(attribute).cast(nw.String) if long else nw.lit(p.attribute),
                    "__cxf": exprs[p.functional], "__cxd": exprs[p.dysfunctional]}
            if any(q.importance for q in found):
                part["importance"] = exprs[p.importance] if p.importance else nw.lit(None).cast(nw.Float64)
            parts.append(frame.select(*[nw.col(c) for c in ids], **part))
        coded = parts[0] if len(parts) == 1 else nw.concat(parts, how="vertical")
        coded = coded.with_columns(_category(tab))
        f, d = nw.col("__cxf"), nw.col("__cxd")
        rest = ["importance"] if "importance" in parts[0].columns else []
        out = coded.select(*[nw.col(c) for c in ids], nw.col("attribute"), nw.when(f > 0).then(f).alias("functional"),
                           nw.when(d > 0).then(d).alias("dysfunctional"), *[nw.col(c) for c in rest],
                           nw.col("category"))
        if pairs is None and not long:
            _refuse_swapped(out, found, list(types))
        return out.to_native()


def _refuse_swapped(out, found: list[Pair], columns: list) -> None:
    """An eager frame paired by its grid headers is refused when its answers are mostly R (a lazy one is not
    computed here: its pairing is told by the question wording only)."""
    import narwhals.stable.v2 as nw

    questions = grid_questions(found, [split_items({c: str(c) for c in columns})])
    if questions is None or not isinstance(out, nw.DataFrame):
        return
    tally = out.select((nw.col("category") == "R").cast(nw.Int64).sum().alias("r"),
                       (~nw.col("category").is_null()).cast(nw.Int64).sum().alias("n"))
    row = tally.row(0)
    refuse_swapped(int(row[0] or 0), int(row[1] or 0), questions, found)


def _with_respondent(frame, ids: list, respondent: str | None, types: dict, long: bool):
    """Eager frames without a respondent among the ids get the row position (as pandas does); lazy ones do not."""
    import narwhals.stable.v2 as nw

    if respondent is None or respondent in ids:
        return frame, ids
    if long and respondent in types:
        return frame, [respondent, *ids]
    if isinstance(frame, nw.DataFrame):
        frame = frame.with_row_index("__cxrow").with_columns(nw.col("__cxrow").cast(nw.Int64).alias(respondent))
        return frame, [respondent, *[c for c in ids if c != respondent]]
    return frame, ids  # a lazy frame has no row order: no respondent column is made


def _category(tab):
    """The category letter of ``6 * functional + dysfunctional`` (missing when an answer is)."""
    import narwhals.stable.v2 as nw

    cells: dict[str, list[int]] = {}
    for f in range(1, 6):
        for d in range(1, 6):
            if tab.grid[f - 1][d - 1] is not None:
                cells.setdefault(tab.grid[f - 1][d - 1], []).append(6 * f + d)
    v = nw.col("__cxf").cast(nw.Int16) * 6 + nw.col("__cxd").cast(nw.Int16)
    return _mapped(v, [(nw.lit(letter), values) for letter, values in cells.items()], None).alias("category")


def _mapped(source, groups: list, otherwise):
    """``source`` mapped by ``[(result, values), ...]`` with nested ``when(is_in)``, else ``otherwise``.

    Written with ``is_in`` rather than ``replace_strict``, which narwhals 2.0 lacks on DuckDB and
    PySpark and which needs a ``default`` there in later versions.
    """
    import narwhals.stable.v2 as nw

    out = otherwise
    for result, values in reversed(groups):
        branch = nw.when(source.is_in(values)).then(result)
        out = branch if out is None else branch.otherwise(out)
    return out


def _distinct(frame, columns: list, dtype) -> dict[Any, pd.Series]:
    """Column -> its distinct non-missing values (cast to ``dtype``) with their counts.

    SQL engines (DuckDB, PySpark) answer one query over the columns stacked with a vertical
    concat (not unpivot: narwhals runs DuckDB's on the default connection only); the others
    group each column on its own, computed together (Polars ``collect_all``, one Dask graph).
    """
    import narwhals.stable.v2 as nw

    if not columns:
        return {}
    if frame.implementation.name in ("DUCKDB", "PYSPARK", "PYSPARK_CONNECT", "SQLFRAME"):
        names = {f"__cx{i}": c for i, c in enumerate(columns)}
        parts = [frame.select(nw.lit(k).alias(_COL), nw.col(c).cast(dtype).alias(_VAL)) for k, c in names.items()]
        stacked = nw.concat(parts, how="vertical") if len(parts) > 1 else parts[0]
        table = collect(stacked.group_by([_COL, _VAL], drop_null_keys=True).agg(nw.len().alias(_N))
                        .with_columns(nw.col(_N).cast(nw.Int64)))
        tables = [table.loc[table[_COL] == k, [_VAL, _N]] for k in names]
    else:
        lazies = [frame.select(nw.col(c).cast(dtype).alias(_VAL)).group_by(_VAL, drop_null_keys=True)
                  .agg(nw.len().alias(_N)).with_columns(nw.col(_N).cast(nw.Int64)) for c in columns]
        tables = collect_all(lazies)
    out = {}
    for c, part in zip(columns, tables):
        values = part[_VAL].astype(object)
        keep = ~values.isna().to_numpy()
        out[c] = pd.Series(part[_N].to_numpy()[keep], index=pd.Index(values[keep], dtype=object))
    return out


def _answer_exprs(frame, types: dict, found: list[Pair], scales, tab, levels) -> dict:
    """Column -> the engine expression of its answer codes (Int8, 0 missing) or importance (Float64)."""
    import narwhals.stable.v2 as nw

    sides = {"functional": [p.functional for p in found], "dysfunctional": [p.dysfunctional for p in found]}
    imps = [p.importance for p in found if p.importance]
    answers = [c for cols in sides.values() for c in cols]
    numeric = {c for c in [*answers, *imps] if types[c].is_numeric()}
    text = _distinct(frame, [c for c in dict.fromkeys(answers) if c not in numeric], nw.String)
    text |= _distinct(frame, [c for c in dict.fromkeys(imps) if c not in numeric or levels is not None], nw.String)
    nums = _distinct(frame, [c for c in dict.fromkeys(answers) if c in numeric], nw.Float64)
    exprs, unknown = {}, []
    for (side, cols), scale in zip(sides.items(), scales):
        all_numeric = all(c in numeric for c in cols)
        for c in cols:
            values = nums[c] if c in numeric else text[c]
            codes = _codes(values, scale, tab, all_numeric and c in numeric, c)
            unknown += [(c, v, int(n), scale) for v, n, k in zip(values.index, values, codes) if k < 0]
            groups: dict = {}
            for v, k in zip(values.index, codes):
                if k > 0:
                    groups.setdefault(int(k), []).append(v)
            source = nw.col(c).cast(nw.Float64 if c in numeric else nw.String)
            exprs[c] = _mapped(source, [(nw.lit(k).cast(nw.Int8), v) for k, v in sorted(groups.items())],
                               nw.lit(0).cast(nw.Int8)).cast(nw.Int8)
    if unknown:
        bad = pd.Series([n for _, _, n, _ in unknown], index=[v for _, v, _, _ in unknown]).groupby(level=0).sum()
        where = "in column(s) " + ", ".join(map(repr, dict.fromkeys(c for c, _, _, _ in unknown)))
        raise unknown_labels_error(bad.sort_values(ascending=False), int(bad.sum()), where, unknown[0][3])
    for c in dict.fromkeys(imps):
        if c in numeric and levels is None:
            exprs[c] = nw.col(c).cast(nw.Float64)
            continue
        values = text[c].index
        number = importance_numbers(pd.Series(values, dtype=object), "importance", levels,
                                    lambda mask, c=c: f"in column {c!r}")
        mapping = {v: float(x) for v, x in zip(values, number)}
        groups = {}
        for v, x in mapping.items():
            groups.setdefault(x, []).append(v)
        exprs[c] = (_mapped(nw.col(c).cast(nw.String), [(nw.lit(x).cast(nw.Float64), v) for x, v in groups.items()],
                            None) if groups else nw.col(c).cast(nw.Float64))
    return exprs


def _codes(values: pd.Series, scale, tab, recode: bool, column: Any) -> np.ndarray:
    """Answer codes (1-5, -1 unknown) of a column's distinct values, checked against the table's scale."""
    if not len(values):
        return np.zeros(0, dtype=np.int8)
    raw = values.index
    if all(isinstance(v, float) for v in raw):
        arr = np.asarray(raw, dtype=float)
        codes = _number_codes(arr) if scale.numeric else np.full(len(arr), -1, np.int8)
        codes[np.isnan(arr)] = 0
    else:
        codes = _code_uniques(pd.Index(raw, dtype=object), scale)
    if recode and len(tab.valid_answers) < 5:
        over = codes > len(tab.valid_answers)
        if over.any():
            raise KanoInputError(f"Numbers above {len(tab.valid_answers)} on the three-answer table {tab.name!r} "
                                 f"in column {column!r}: {sorted(set(np.asarray(raw)[over].tolist()))}.")
        lut = np.zeros(6, dtype=np.int8)
        for number, answer in tab.numeric_answers.items():
            lut[number] = answer
        codes = np.where(codes > 0, lut[np.maximum(codes, 0)], codes).astype(np.int8)
    off = [ANSWERS[k - 1] for k in sorted(set(codes[codes > 0].tolist())) if k not in tab.valid_answers]
    if off:
        raise KanoInputError(f"Column {column!r}: answers {off} are not on the scale of evaluation table "
                             f"{tab.name!r} (accepted: {[ANSWERS[a - 1] for a in tab.valid_answers]}).")
    return codes


def _leftover(frame, types: dict, found: list[Pair], id_vars, scales) -> None:
    """Refuse text columns holding answer labels that were not paired (their first 200 distinct values)."""
    import narwhals.stable.v2 as nw

    used = {c for p in found for c in (p.functional, p.dysfunctional, p.importance) if c}
    kept = set(id_vars or ())
    text = (nw.String, nw.Categorical, nw.Enum)
    candidates = [c for c, t in types.items() if c not in used and c not in kept and isinstance(t, text)]
    if not candidates:
        return
    # distinct values by a group-by: Dask's unique() moves data with a P2P shuffle, a group-by reduces in a tree
    lazies = [frame.select(nw.col(c).cast(nw.String)).group_by(c, drop_null_keys=True).agg(nw.len().alias(_N))
              .head(200) for c in candidates]
    sample = {c: t[c].tolist() for c, t in zip(candidates, collect_all(lazies))}
    width = max(len(v) for v in sample.values())
    stub = pd.DataFrame({c: pd.Series(v + [None] * (width - len(v)), dtype=object) for c, v in sample.items()})
    leftover_answers(stub, found, id_vars, scales, None)

