"""Moments of frames other than pandas: the sums are computed inside the user's engine.

``cxresearch._core.engine.moment_sums`` (narwhals) reduces the frame to one row per group
with ``n_rows``, ``n``, ``n_zero_weight``, ``sum_w``, ``sum_w2``, ``sum__{i}`` (sum of
``w x_i``), ``cross__{i}__{j}`` (sum of ``w x_i x_j``, i <= j), ``missing__{i}`` and
``recoded__{i}``; rows without a group are counted in ``attrs["cxresearch"]["n_no_group"]``.
This module turns that table into a :class:`~cxresearch.satisfaction.Moments` object.

A second small aggregation gives the smallest and largest value of every column (after
the codes), for the declared-scale and binary-outcome checks and the default bands. Band
dummies and products are made as narwhals expressions before the reduction; the declared
codes are then turned missing here (not by the engine, which would also recode a dummy or
a product that happens to equal a code), and that aggregation counts them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core import engine
from cxresearch._core.checks import arg_error, require_names, type_name
from cxresearch._core.engine_base import as_narwhals, schema
from cxresearch.errors import CXInputError
from cxresearch._core.moments import BandSpec, Moments, band_column, product_column
from cxresearch._core.bands import default_cut

__all__ = ["from_engine", "to_moments", "use_engine"]


def use_engine(data: Any) -> bool:
    """Is ``data`` a frame of another library that the engine can reduce where it lives?"""
    return not isinstance(data, pd.DataFrame) and engine.is_engine_frame(data)


def from_engine(data, cols, by, weights, codes, band_cols, low, high, scale, pairs) -> Moments:
    """Reduce ``data`` in its engine (the sums, then the smallest and largest values) and build the Moments."""
    import narwhals.stable.v2 as nw

    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    numeric = [float(c) for c in codes if not isinstance(c, str)]
    if weights is not None and weights in [*cols, *keys]:
        raise arg_error("weights", "a column other than `columns` and `by`", weights)
    native = as_narwhals(data)
    require_names(list(schema(native)), [*cols, *keys, *([] if weights is None else [weights])], "column(s)")
    clean = {c: _clean(nw, c, numeric) for c in cols}
    derived = bool(band_cols or pairs)
    ends = _ends(nw, native, clean, numeric if derived else [], weights)
    lo, hi = np.array([ends[f"{c}:min"] for c in cols], float), np.array([ends[f"{c}:max"] for c in cols], float)
    if not derived:
        frame = engine.moment_sums(data, cols, by=tuple(keys), weights=weights, missing_codes=tuple(codes))
        return to_moments(frame, cols, cols, keys, weights, codes, None, None, type_name(data), (lo, hi))
    exprs, names, spec = [clean[c].alias(c) for c in cols], list(cols), None
    if band_cols:
        if scale is None:
            i = [cols.index(a) for a in band_cols]
            scale, source = (float(np.nanmin(lo[i])), float(np.nanmax(hi[i]))), "inferred from the data"
        else:
            source = "declared"
            _check_scale(band_cols, cols, lo, hi, scale)
        spec, dummies = _band_exprs(nw, clean, band_cols, low, high, scale, source)
        exprs += [e.alias(name) for name, e in dummies.items()]
        names += list(dummies)
    for a, b in pairs:
        exprs.append((clean[a] * clean[b]).alias(product_column(a, b)))
        names.append(product_column(a, b))
    frame = engine.moment_sums(native.with_columns(exprs).to_native(), names, by=tuple(keys), weights=weights,
                                  missing_codes=())
    recoded = {c: int(ends[f"{c}:coded"]) for c in cols if numeric and int(ends[f"{c}:coded"])}
    k, q = len(names) - len(cols) - len(pairs), np.full(len(pairs), np.nan)  # dummies 0/1; products unknown
    extremes = np.concatenate([lo, np.zeros(k), q]), np.concatenate([hi, np.ones(k), q])
    return to_moments(frame, names, cols, keys, weights, codes, spec, recoded, type_name(data), extremes)


def _clean(nw, column: str, numeric: list):
    """The column as floats, the declared numeric codes turned missing."""
    col = nw.col(column).cast(nw.Float64)
    return nw.when(~col.is_in([float(c) for c in numeric])).then(col) if numeric else col


def _ends(nw, native, clean: dict, numeric: list, weights=None) -> dict[str, float]:
    """Smallest and largest value of every column after the codes (and the answers coded, when asked).

    With weights, also what :func:`~cxresearch._core.weights.check_weights` refuses: missing,
    not-a-number, negative or infinite weights, or no positive weight (refused here by name).
    """
    exprs = [e for c, x in clean.items() for e in (x.min().alias(f"{c}:min"), x.max().alias(f"{c}:max"))]
    if numeric:
        codes = [float(c) for c in numeric]
        exprs += [nw.col(c).cast(nw.Float64).is_in(codes).cast(nw.Int64).sum().alias(f"{c}:coded") for c in clean]
    if weights is not None:
        w = nw.col(weights).cast(nw.Float64)
        exprs += [w.is_null().sum().alias(":w_null"), w.is_nan().sum().alias(":w_nan"),
                  (w < 0).sum().alias(":w_negative"), w.max().alias(":w_max")]
    frame = native.select(exprs)
    frame = frame.collect() if hasattr(frame, "collect") else frame
    row = frame.to_pandas().iloc[0]
    ends = {k: (np.nan if pd.isna(v) else float(v)) for k, v in row.items()}
    if weights is not None:
        _check_weights(weights, ends)
    return ends


def _check_weights(weights: str, ends: dict) -> None:
    """The refusals of ``check_weights``, from counts made in the engine (no row positions there)."""
    bad = [f"{int(ends[k])} {what}" for k, what in ((":w_null", "missing"), (":w_nan", "not a number"),
                                                  (":w_negative", "negative")) if ends[k]]
    if ends[":w_max"] == np.inf:
        bad.append("infinite")
    if bad:
        raise CXInputError(f"Column {weights!r}: weights must be non-negative finite numbers; found "
                           f"{', '.join(bad)}. Give every row a weight (a weight of 0 leaves the row out, and "
                           "it is counted).")
    if not ends[":w_max"] > 0:
        raise CXInputError(f"Column {weights!r} (weights) must hold a positive weight; all weights are zero.")


def _check_scale(band_cols, cols, lo, hi, scale) -> None:
    """Ratings of the banded columns outside the declared scale."""
    for a in band_cols:
        i = cols.index(a)
        if lo[i] < scale[0] or hi[i] > scale[1]:
            raise CXInputError(
                f"Column {a!r}: values outside the declared scale {scale[0]:g}-{scale[1]:g} (smallest {lo[i]:g}, "
                f"largest {hi[i]:g}). Codes such as 0 or 99 for 'don't know' must be turned missing: pass them "
                "in `missing_codes`.")


def _band_exprs(nw, clean: dict, band_cols: list, low, high, scale, source: str):
    """Band dummies as expressions (missing where the rating is missing), and the band spec."""
    out, texts = {}, {}
    for a in band_cols:
        for kind, spec in (("low", low), ("high", high)):
            cond, texts[kind] = _condition(nw, clean[a], spec, scale, kind)
            out[band_column(a, kind)] = nw.when(~clean[a].is_null()).then(cond.cast(nw.Float64))
    _check_overlap(texts)
    return BandSpec(tuple(band_cols), low, high, texts["low"], texts["high"], scale, source), out


def _condition(nw, col, spec, scale, side: str):
    """The band as a boolean expression, and its description (the rules of ``_penalty.band``)."""
    if spec is None:
        spec = default_cut(scale, side)
    if isinstance(spec, (list, tuple, set, np.ndarray)):
        vals = sorted(float(v) for v in spec)
        return col.is_in(vals), "{" + ", ".join(f"{v:g}" for v in vals) + "}"
    try:
        cut = float(spec)
    except (TypeError, ValueError):
        raise arg_error(side, "a number or a list of rating values", spec) from None
    return (col <= cut, f"<= {cut:g}") if side == "low" else (col >= cut, f">= {cut:g}")


def _check_overlap(texts) -> None:
    """Bands given as cut points must not overlap (value lists are checked by the models' counts)."""
    lo = texts["low"].removeprefix("<= ")
    hi = texts["high"].removeprefix(">= ")
    try:
        overlap = float(lo) >= float(hi)
    except ValueError:
        return
    if overlap:
        raise CXInputError(f"The low band ({texts['low']}) and the high band ({texts['high']}) overlap; "
                           "a rating can be in one band only.")


def to_moments(frame: pd.DataFrame, names: list, base: list, keys: list, weights, codes, spec: BandSpec | None,
               recoded: dict | None, engine: str, extremes=None) -> Moments:
    """The engine's sums (one row per group) as a Moments object, cross-products centred."""
    p = len(names)
    get = lambda col: pd.to_numeric(frame[col]).to_numpy(dtype=float)  # noqa: E731 - Int128 / Decimal sums
    whole = lambda col: np.rint(get(col)).astype(np.int64) if col in frame else np.zeros(len(frame), np.int64)  # noqa: E731
    n_rows, n, zero = whole("n_rows"), whole("n"), whole("n_zero_weight")
    sum_w, sum_w2 = get("sum_w"), get("sum_w2")
    S = np.column_stack([get(f"sum__{i}") for i in range(p)])
    X = np.empty((len(frame), p, p))
    for i in range(p):
        for j in range(i, p):
            X[:, i, j] = X[:, j, i] = get(f"cross__{i}__{j}")
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = S / sum_w[:, None]
        C = X - S[:, :, None] * S[:, None, :] / sum_w[:, None, None]
    if recoded is None:
        recoded = {c: int(whole(f"recoded__{i}").sum()) for i, c in enumerate(base)}
        recoded = {c: v for c, v in recoded.items() if v}
    no_group = int(frame.attrs.get("cxresearch", {}).get("n_no_group", 0))
    excluded = {f"{' / '.join(map(str, keys))} missing": no_group,
                "a value missing": int((n_rows - n - zero).sum()), "weight zero": int(zero.sum())}
    rows = RowAccount(int(n_rows.sum()) + no_group, int(n.sum()), {k: v for k, v in excluded.items() if v},
                      unit="respondents", recoded=recoded)
    members = [tuple(r) for r in frame[keys].itertuples(index=False, name=None)] if keys else [()]
    return Moments(columns=tuple(names), by=tuple(keys), keys=tuple(members), n_rows=n_rows, n=n,
                   n_zero_weight=zero, sum_w=sum_w, sum_w2=sum_w2, mean=mean, cross=C,
                   missing=np.column_stack([whole(f"missing__{i}") for i in range(p)]), rows=rows,
                   weights=weights, missing_codes=tuple(codes), bands=spec, engine=engine,
                   minimum=None if extremes is None else extremes[0],
                   maximum=None if extremes is None else extremes[1])
