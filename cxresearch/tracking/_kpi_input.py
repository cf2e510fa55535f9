"""Reading a tracked measure: the column, the kind of KPI, waves and segments, into per-cell sums.

One reader for :func:`~cxresearch.tracking.kpi` and :func:`~cxresearch.tracking.control_chart`:
the measure column is read once (declared missing codes turned missing, the scale checked), each
row gets a cell code (segment x wave), and the rows that cannot enter are counted by reason.
The statistics then work on the per-cell sums only (counts, weight sums, hits, sums of values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_keys, bad_values, require_columns
from cxresearch._core.codes import as_codes, read_ratings, warn_apart
from cxresearch._core.time import read_time
from cxresearch._core.weights import check_weights
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, InputWarning

KINDS = ("top_box", "top2_box", "nps", "mean", "share")  # a typo of the first gets "did you mean"
SHARE_KINDS = ("top_box", "top2_box", "share")
NPS_SCALE = (0.0, 10.0)
MISSING = "rating missing"


@dataclass(frozen=True)
class Cells:
    """Rows read into cells: each used row's cell code, value and weight, and the rows left out.

    Cells are numbered ``segment * n_waves + wave``; ``labels`` holds the segments (one row
    each, no columns without ``by``), ``waves`` the wave labels (one unnamed wave without a
    time column).
    """

    keys: list
    labels: pd.DataFrame
    waves: list
    cell: np.ndarray
    values: np.ndarray
    w: np.ndarray | None
    n_in: int
    excluded: dict = field(default_factory=dict)
    recoded: dict = field(default_factory=dict)
    scale: tuple[float, float] | None = None
    scale_source: str = ""
    time_notes: tuple = ()

    @property
    def n_cells(self) -> int:
        return len(self.labels) * len(self.waves)


def check_roles(data: pd.DataFrame, metric: Any, kind: str, time: Any, by: Any, weights: Any) -> list:
    """The columns exist and play one role each; ``kpi(df, "nps")`` gets the fix. Returns the ``by`` keys."""
    if metric not in data.columns and isinstance(metric, str) and metric in KINDS:
        raise arg_error("metric", "the column holding the measure (e.g. the 0-10 recommendation answer)", metric,
                        f"{metric!r} is a kind of KPI, not a column: pass the rating column as `metric` and "
                        f"kind={metric!r}.")
    require_columns(data, [metric], "`metric` column")
    keys = as_keys(by)
    require_columns(data, keys, "`by` column(s)")
    if time is not None:
        require_columns(data, [time], "`time` column")
    roles = [("metric", metric), *(("time", t) for t in [time] if t is not None), *(("by", k) for k in keys),
             *(("weights", w) for w in [weights] if w is not None)]
    seen: dict = {}
    for role, column in roles:
        if column in seen:
            raise arg_error(role, f"a column other than the `{seen[column]}` column", column,
                            f"{column!r} cannot be both the {seen[column]} and the {role} column.")
        seen[column] = role
    return keys


def segments(data: pd.DataFrame, keys: list) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's segment code (-1 where a segment value is missing) and the segments in sorted order.

    A Categorical keeps the order of its categories (as in ``groupby``); unused categories are
    left out.
    """
    if not keys:
        return np.zeros(len(data), dtype=np.intp), pd.DataFrame(index=[0])
    if len(keys) == 1 and not isinstance(data[keys[0]].dtype, pd.CategoricalDtype):
        codes, uniques = pd.factorize(data[keys[0]], sort=True, use_na_sentinel=True)
        return codes.astype(np.intp), pd.DataFrame({keys[0]: np.asarray(uniques)})
    grouped = data[keys].reset_index(drop=True).groupby(keys, sort=True, dropna=True, observed=True)
    codes = grouped.ngroup().to_numpy(dtype=float, na_value=np.nan)
    labels = grouped.size().index.to_frame(index=False)
    return np.where(np.isnan(codes), -1, codes).astype(np.intp), labels


def read_values(data: pd.DataFrame, metric: Any, kind: str, scale: tuple | None, missing_codes: Any
                ) -> tuple[np.ndarray, dict, tuple[float, float] | None, str]:
    """The measure as floats (codes turned missing), checked for its kind; the scale and where it came from."""
    values, recoded = read_ratings(data, [metric], as_codes(missing_codes))
    x = values[metric]
    raw = data[metric]
    seen = ~np.isnan(x)
    if kind == "share":
        bad = seen & (x != 0) & (x != 1)
        if bad.any():
            raise bad_values(metric, raw, bad, "0/1 or True/False (kind='share' counts the 1s)",
                             "Use kind='top_box' or 'mean' for ratings, or turn codes missing with `missing_codes`.")
        return x, recoded, (0.0, 1.0), "yes/no"
    if pd.api.types.is_bool_dtype(raw.dtype):
        raise arg_error("kind", f"'share' for the yes/no column {metric!r}", kind,
                        f"A True/False column is a yes/no answer, not a rating: kind={kind!r} would read it as 0/1 "
                        "on a rating scale. Use kind='share' for the share of True.")
    if kind == "nps" or scale is not None:
        lo, hi = scale if scale is not None else NPS_SCALE
        bad = seen & ((x < lo) | (x > hi))
        if bad.any():
            listed = sorted(set(np.unique(x[bad]).tolist()))[:5]
            raise bad_values(metric, raw, bad, f"on the {'declared' if scale is not None else 'NPS'} scale "
                             f"{lo:g}-{hi:g}", hint="Codes for 'don't know' or 'not applicable' must be turned "
                             f"missing: pass missing_codes={[int(v) if v == int(v) else v for v in listed]} "
                             "(those answers are then left out and counted), or declare the scale the answers are on." +
                             (" Recommendation (NPS) answers run 0-10; declare `scale` for another scale."
                              if scale is None else ""))
        source = "declared" if scale is not None else "the NPS scale"
    else:
        warn_apart({metric: x}, {}, "")
        if not seen.any():
            return x, recoded, None, ""
        lo, hi, source = float(np.nanmin(x)), float(np.nanmax(x)), "inferred from the data"
        if kind in ("top_box", "top2_box"):
            if lo == hi:
                raise arg_error("scale", f"the rating scale of {metric!r} (its answers are all {lo:g})", None,
                                "A top box needs the scale's top: declare it, e.g. scale=(1, 5).")
            warn(f"kpi: the scale of {metric!r} was taken from the answers ({lo:g}-{hi:g}); the top box is the "
                 f"highest answer given. Declare scale=(low, high) so that it does not depend on the answers.",
                 InputWarning)
    if kind in ("nps", "top_box", "top2_box"):
        frac = seen & (x != np.round(x))
        if frac.any():
            raise bad_values(metric, raw, frac, f"whole-number scale points ({kind} counts answers at scale points)",
                             "Averaged or interpolated values cannot be sorted into scale points; use kind='mean'.")
    return x, recoded, (float(lo), float(hi)), source


def read_cells(data: pd.DataFrame, metric: Any, kind: str, *, time: Any, keys: list, weights: Any,
               scale: tuple | None, missing_codes: Any) -> Cells:
    """The used rows with their cell codes, and the rows left out by reason (in this order of reasons)."""
    x, recoded, scale_read, source = read_values(data, metric, kind, scale, missing_codes)
    seg, labels = segments(data, keys)
    if time is not None:
        axis = read_time(data[time], time, role="wave")
        t, waves, notes = axis.code, list(axis.labels), axis.notes
    else:
        t, waves, notes = np.zeros(len(data), dtype=np.intp), [None], ()
    w = check_weights(data, weights)
    reasons = [("wave missing", t < 0), ("segment missing", seg < 0), (MISSING, np.isnan(x))]
    if w is not None:
        reasons.append(("weight zero", w == 0))
    left = np.zeros(len(data), dtype=bool)
    excluded = {}
    for why, hit in reasons:
        new = hit & ~left
        if new.any():
            excluded[why] = int(new.sum())
            left |= new
    use = np.flatnonzero(~left) if left.any() else slice(None)
    if not (~left).any():
        raise CXInputError(f"No row of `data` can be used for {metric!r}: " + "; ".join(
            f"{n:,} {why}" for why, n in excluded.items()) + ". Check the columns and `missing_codes`.")
    cell = (seg[use] * len(waves) + t[use]).astype(np.intp)
    return Cells(keys, labels, waves, cell, x[use], None if w is None else w[use], len(data), excluded, recoded,
                 scale_read, source, tuple(notes))


def cell_sums(cells: Cells, kind: str, promoters: tuple, detractors: tuple) -> dict[str, np.ndarray]:
    """Per cell: ``n`` rows, weight sums ``sw``, ``sw2`` and the measure's sums (hits, or values and squares)."""
    C, g, x, w = cells.n_cells, cells.cell, cells.values, cells.w
    n = np.bincount(g, minlength=C).astype(float)
    out = {"n": n, "sw": n if w is None else np.bincount(g, weights=w, minlength=C),
           "sw2": n if w is None else np.bincount(g, weights=w * w, minlength=C)}

    def total(hit: np.ndarray) -> np.ndarray:
        return np.bincount(g[hit], weights=None if w is None else w[hit], minlength=C).astype(float)

    if kind == "nps":
        out["promoters"] = total((x >= promoters[0]) & (x <= promoters[1]))
        out["detractors"] = total((x >= detractors[0]) & (x <= detractors[1]))
    elif kind == "mean":
        wx = x if w is None else w * x
        out["sx"] = np.bincount(g, weights=wx, minlength=C)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = out["sx"] / out["sw"]
        d = x - mean[g]
        out["ss"] = np.bincount(g, weights=d * d if w is None else w * d * d, minlength=C)
    else:
        top = cells.scale[1]
        out["hits"] = total(x == 1 if kind == "share" else x >= top - (1 if kind == "top2_box" else 0))
    return out
