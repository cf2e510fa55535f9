"""``moments``: one pass over the rating rows (pandas in numpy, other frames in their own engine)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, check_pair, require_columns, require_frame
from cxresearch._core.weights import check_weights
from cxresearch.errors import CXInputError
from cxresearch._core.codes import as_codes, read_ratings, warn_apart
from cxresearch._core.engine_reduce import from_engine, use_engine
from cxresearch._core.moments import BandSpec, Moments, band_column, product_column
from cxresearch._core.bands import band
from cxresearch._core.rating_rows import _check_range, _group_masks, as_by, take_rows
from cxresearch._core.rating_spec import attribute_list
from cxresearch._core.sums import Sums
from cxresearch._core.params import Anything, Frame, Names, Pair, declared

__all__ = ["moments"]


@declared(data=Frame(), bands=[None, Names(single=False, non_empty=False)],
          low=Anything("ratings or a cut-off, read by the band reader"),
          high=Anything("ratings or a cut-off, read by the band reader"), scale=[None, Pair()],
          products=[None, Anything("a list of (column, column) pairs, read here")],
          missing_codes=Anything("read by the code reader"))
def moments(
    data,
    columns: list[str],
    *,
    by: str | list[str] | None = None,
    weights: str | None = None,
    missing_codes=None,
    bands: list[str] | None = None,
    low=None,
    high=None,
    scale: tuple[float, float] | None = None,
    products: list[tuple[str, str]] | None = None,
) -> Moments:
    """The sufficient statistics of rating columns, per group: made once, by any dataframe engine.

    For the complete rows of each group (every column present, weight above zero): their
    number, the sum of the weights and of the squared weights, the (weighted) means and the
    centred cross-products. :func:`drivers`, :func:`importance_performance`,
    :func:`penalty_reward` and :func:`disconfirmation` accept the result in place of
    ``data`` and give the same tables as from the rows, so a dataset too large for memory is
    reduced where it lives (DuckDB, Polars, Dask, ...) and only a small object comes back.

    Parameters
    ----------
    data : DataFrame
        One row per respondent: a pandas DataFrame (reduced in numpy), or a Polars, DuckDB,
        PyArrow, Dask or PySpark frame (reduced inside that engine through narwhals; only one
        row per group comes back).
    columns : list of str
        Numeric rating columns: the outcome and the attributes of the models to fit.
    by : str or list of str, optional
        Segment column(s): one set of sums per segment (rows without a segment are counted).
    weights : str, optional
        Column of survey (sampling) weights: missing, infinite or negative weights are refused
        by name; rows with weight 0 are left out and counted.
    missing_codes : value or list of values, optional
        Answers meaning "not applicable" or "don't know" (e.g. ``[0, 99]``), turned missing
        before anything else and counted per column in ``rows.recoded``.
    bands : list of str, optional
        Attributes whose penalty-reward bands :func:`penalty_reward` will need: a low-band and
        a high-band dummy column (``"<attribute>:low"``, ``"<attribute>:high"``) are added and
        reduced with the rest, so their cross-products with the outcome are in the sums.
    low, high, scale
        The bands, as in :func:`penalty_reward` (default: the bottom and top two points of
        ``scale``; without ``scale`` the scale is the smallest and largest rating of the
        ``bands`` columns). ``scale`` is the declared scale of the ``bands`` columns; ratings
        outside it raise.
    products : list of (str, str), optional
        Pairs of columns whose product is added as a column ``"<a>*<b>"``; the response
        surface of :func:`disconfirmation` needs ``[(e, e), (e, x), (x, x)]``.

    Returns
    -------
    Moments
        ``n``, ``sum_w``, ``sum_w2``, ``n_eff``, ``mean`` and ``cross`` per group (arrays over
        ``keys``); ``table`` (one row per group and column: ``n``, ``sum_w`` and ``n_eff``
        with weights, ``mean``, ``sd``, ``missing``); ``covariance()`` and ``correlation()``;
        ``rows``, the row accounting.

    See Also
    --------
    drivers : derived importance, from rows or from these moments.
    penalty_reward : needs ``bands=`` when given moments.
    disconfirmation : needs ``products=`` when given moments.

    Notes
    -----
    pandas frames: one pass in numpy per group, cross-products taken about a provisional
    shift (the group's first row) and then centred, so they match the rows' two-pass
    results to rounding. Other frames: the engine returns the sums of ``w x_i`` and of
    ``w x_i x_j`` per group (``cxresearch._core.engine.moment_sums``), centred here as
    ``C = S_xx - S_x S_x' / sum_w``; for ratings (small whole numbers) these sums are exact
    in double precision. Checks that need the rows themselves (values that look like codes
    and a binary outcome read from distinct values) are made on pandas frames only.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> cols = [c for c in df.columns if c.endswith("_experience")]
    >>> m = cx.satisfaction.moments(df, ["overall", *cols], by="segment")
    >>> m.keys, m.n.tolist()
    ((('VIP',), ('gold',), ('ordinary',)), [298, 587, 1115])
    >>> res = cx.satisfaction.drivers(m, "overall", cols, by="segment")
    >>> bool(abs(res.table["weight"] - cx.satisfaction.drivers(df, "overall", cols, by="segment")
    ...          .table["weight"]).max() < 1e-12)
    True
    """
    cols = attribute_list(columns, "columns")
    band_cols = [] if bands is None else attribute_list(bands, "bands")
    if scale is not None:
        scale = check_pair("scale", scale)
        if not band_cols:
            raise arg_error("scale", "None without `bands` (it is the scale of the banded attributes)", scale)
    pairs = _check_derived(cols, band_cols, products)
    codes = as_codes(missing_codes)
    if use_engine(data):
        return from_engine(data, cols, by, weights, codes, band_cols, low, high, scale, pairs)
    return _from_pandas(require_frame(data), cols, by, weights, codes, band_cols, low, high, scale, pairs)


def _check_derived(cols: list, band_cols: list, products) -> list[tuple[str, str]]:
    """``bands`` among ``columns``; ``products`` as pairs of them."""
    unknown = [c for c in band_cols if c not in cols]
    if unknown:
        raise arg_error("bands", "a list of names from `columns`", band_cols, f"{unknown} is not in `columns`.")
    if products is None:
        return []
    expected = "a list of pairs of names from `columns`, e.g. [('e', 'e'), ('e', 'x'), ('x', 'x')]"
    try:
        pairs = [tuple(p) for p in products]
    except TypeError:
        raise arg_error("products", expected, products) from None
    if any(len(p) != 2 or p[0] not in cols or p[1] not in cols for p in pairs):
        raise arg_error("products", expected, products)
    return pairs


def _from_pandas(data: pd.DataFrame, cols, by, weights, codes, band_cols, low, high, scale, pairs) -> Moments:
    require_columns(data, cols, "column(s)")
    keys = as_by(by, data, cols)
    if weights is not None and weights in [*cols, *keys]:
        raise arg_error("weights", "a column other than `columns` and `by`", weights)
    w = check_weights(data, weights)
    values, recoded = read_ratings(data, cols, codes)
    unchecked = {c: values[c] for c in cols if scale is None or c not in band_cols}
    warn_apart(unchecked, {}, "")
    names, V = list(cols), [values[c] for c in cols]
    spec = None
    if band_cols:
        spec, dummies = _dummies(data, values, band_cols, low, high, scale)
        names += list(dummies)
        V += list(dummies.values())
    for a, b in pairs:
        names.append(product_column(a, b))
        V.append(values[a] * values[b])
    V = np.asfortranarray(np.column_stack(V))
    members, masks, no_group = _group_masks(data, keys)
    parts = [_group(V if mask.all() else take_rows(V, mask), w if w is None or mask.all() else w[mask])
             for mask in masks]
    n_rows, n, zero = (np.array([p[i] for p in parts], dtype=np.int64) for i in range(3))
    sums = [p[3] for p in parts]
    excluded = {f"{' / '.join(map(str, keys))} missing": int(no_group.sum()),
                "a value missing": int((n_rows - n - zero).sum()), "weight zero": int(zero.sum())}
    rows = RowAccount(len(data), int(n.sum()), {k: v for k, v in excluded.items() if v}, unit="respondents",
                      recoded=recoded)
    with np.errstate(all="ignore"):
        lo, hi = np.nanmin(V, axis=0), np.nanmax(V, axis=0)
    return Moments(columns=tuple(names), by=tuple(keys), keys=tuple(members), n_rows=n_rows, n=n,
                   n_zero_weight=zero, sum_w=np.array([s.sum_w for s in sums]),
                   sum_w2=np.array([s.sum_w2 for s in sums]), mean=np.array([s.mean for s in sums]),
                   cross=np.array([s.cross for s in sums]), missing=np.array([p[4] for p in parts]), rows=rows,
                   weights=weights, missing_codes=codes, minimum=lo, maximum=hi, bands=spec)


def _group(V: np.ndarray, w: np.ndarray | None):
    """One group's rows: (rows, complete rows used, complete rows of weight 0, Sums, missing per column)."""
    missing = np.isnan(V)
    complete = ~missing.any(axis=1)
    used = complete if w is None else complete & (w > 0)
    all_used = bool(used.all())
    sums = Sums.from_rows(V if all_used else take_rows(V, used), w if w is None or all_used else w[used])
    return len(V), int(used.sum()), int((complete & ~used).sum()), sums, missing.sum(axis=0)


def _dummies(data: pd.DataFrame, values: dict, band_cols: list, low, high, scale):
    """The band spec and the low / high dummy columns (missing where the rating is missing)."""
    if scale is None:
        seen = np.concatenate([values[a][~np.isnan(values[a])] for a in band_cols])
        scale, source = (float(seen.min()), float(seen.max())), "inferred from the data"
    else:
        source = "declared"
        for a in band_cols:
            _check_range(data[a], values[a], a, scale, "scale")
    out, texts = {}, {}
    for a in band_cols:
        v = values[a]
        lo_mask, texts["low"] = band(v, low, scale, "low")
        hi_mask, texts["high"] = band(v, high, scale, "high")
        if (lo_mask & hi_mask).any():
            raise CXInputError(f"The low band ({texts['low']}) and the high band ({texts['high']}) overlap; "
                               "a rating can be in one band only.")
        for kind, mask in (("low", lo_mask), ("high", hi_mask)):
            out[band_column(a, kind)] = np.where(np.isnan(v), np.nan, mask.astype(float))
    spec = BandSpec(tuple(band_cols), low, high, texts["low"], texts["high"], scale, source)
    return spec, out
