"""Control limits from the baseline waves, varying with each wave's n; and counts given per wave.

p-chart (shares): centre p = sum of hits / sum of n over the baseline waves; sigma_i =
sqrt(p (1 - p) / n_i). NPS: centre p - d of the pooled baseline shares; sigma_i =
sqrt((p + d - (p - d)^2) / n_i), the NPS variance. X-bar chart (means): centre the grand
mean of the baseline rows; sigma_i = s / sqrt(n_i) with s^2 the pooled within-wave variance
sum (n_i - 1) s_i^2 / sum (n_i - 1). With weights, sums are weighted and n_i is Kish's n_eff.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import bad_values, require_columns
from cxresearch._core.codes import as_codes, recode
from cxresearch._core.time import read_time
from cxresearch.errors import CXInputError
from cxresearch.tracking._kpi_input import Cells, segments

BOUNDS = {"nps": (-1.0, 1.0), "top_box": (0.0, 1.0), "top2_box": (0.0, 1.0), "share": (0.0, 1.0)}


def limits(sums: dict, est: dict, kind: str, G: int, T: int, base: np.ndarray,
           usable: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per cell (segment x wave): the centre line and the sigma of a point at that wave's n.

    The baseline pools the cells of the baseline waves that have rows (and are ``usable``:
    not too thin to chart).
    """
    shape = (G, T)
    b = base[None, :] & (sums["n"].reshape(shape) > 0)
    if usable is not None:
        b &= usable.reshape(shape)

    def pooled(name: str) -> np.ndarray:
        return np.where(b, sums[name].reshape(shape), 0).sum(axis=1)

    sw = pooled("sw")
    n_eff = est["n_eff"].reshape(shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "nps":
            p, d = pooled("promoters") / sw, pooled("detractors") / sw
            centre = p - d
            var = np.maximum(p + d - centre**2, 0)[:, None] / n_eff
        elif kind == "mean":
            centre = pooled("sx") / sw
            within = np.where(b, sums["ss"].reshape(shape) / sums["sw"].reshape(shape) * n_eff, 0).sum(axis=1)
            dof = np.where(b, n_eff - 1, 0).sum(axis=1)
            var = (within / dof)[:, None] / n_eff
        else:
            centre = pooled("hits") / sw
            var = (centre * (1 - centre))[:, None] / n_eff
    return np.repeat(centre, T), np.sqrt(var).ravel()


def read_counts(data: pd.DataFrame, metric, sample_size, time, keys: list, missing_codes) -> tuple[Cells, dict]:
    """An aggregated table (one row per wave [and segment]: hits and sample size) as cells and sums."""
    require_columns(data, [sample_size], "`sample_size` column")
    codes = as_codes(missing_codes)
    x, rec_x = recode(data[metric], metric, codes)
    n, _ = recode(data[sample_size], sample_size, ())
    for column, values, what in ((sample_size, n, "whole numbers >= 0 (sample sizes)"),
                                 (metric, x, "whole numbers >= 0 (counts of the rows in the share)")):
        bad = ~np.isnan(values) & ((values < 0) | (values != np.round(values)))
        if bad.any():
            raise bad_values(column, data[column], bad, what)
    over = ~np.isnan(x) & ~np.isnan(n) & (x > n)
    if over.any():
        raise bad_values(metric, data[metric], over, f"at most the sample size in {sample_size!r}",
                         "Is `metric` the count and `sample_size` the number of rows behind it?")
    seg, labels = segments(data, keys)
    axis = read_time(data[time], time, role="wave")
    excluded, left = {}, np.zeros(len(data), dtype=bool)
    for why, hit in (("wave missing", axis.code < 0), ("segment missing", seg < 0),
                     ("count missing", np.isnan(x) | np.isnan(n))):
        new = hit & ~left
        if new.any():
            excluded[why], left = int(new.sum()), left | new
    if left.all():
        raise CXInputError(f"No row of `data` can be used: {excluded}. Check {metric!r} and {sample_size!r}.")
    use = ~left
    T = len(axis.labels)
    cell = (seg[use] * T + axis.code[use]).astype(np.intp)
    _refuse_repeated(data, cell, np.flatnonzero(use), metric, time, keys, sample_size)
    cells = Cells(keys, labels, list(axis.labels), cell, x[use], None, len(data), excluded,
                  {metric: rec_x} if rec_x else {}, (0.0, 1.0), "counts", tuple(axis.notes))
    C = cells.n_cells
    size = np.bincount(cell, weights=n[use], minlength=C)
    return cells, {"n": size, "sw": size, "sw2": size, "hits": np.bincount(cell, weights=x[use], minlength=C)}


def _refuse_repeated(data: pd.DataFrame, cell: np.ndarray, rows: np.ndarray, metric, time, keys: list,
                     sample_size) -> None:
    """An aggregated table holds one row per wave (and segment): a wave listed twice is refused, naming it.

    Summing the rows would chart them as one sample of their total size, which is right
    for parts of one sample but doubles a row entered twice, and hides the spread between
    the parts (sites, shifts) that the limits are meant to judge; only the user knows which.
    """
    repeated = pd.Series(cell).duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    first = cell[repeated][0]
    hit = rows[cell == first]
    names = [*keys, time]
    shown = [data[c].iloc[hit[0]] for c in names]
    label = ", ".join(f"{c} {(v.item() if isinstance(v, np.generic) else v)!r}" for c, v in zip(names, shown))
    n_cells = len(np.unique(cell[repeated]))
    raise CXInputError(
        f"`data`: an aggregated table (with `sample_size`) needs one row per wave{' and segment' if keys else ''}, "
        f"but {n_cells} wave(s) are listed on more than one row, e.g. {label} on the rows at positions "
        f"{', '.join(str(i) for i in hit[:5])}{', ...' if len(hit) > 5 else ''}. A row entered twice: drop it "
        f"(data.drop_duplicates()). Parts of one sample (shifts, sites): sum them first, e.g. "
        f"data.groupby({names!r}, as_index=False)[[{metric!r}, {sample_size!r}]].sum(), or pass the column that "
        "tells them apart in `by` to chart each part.")
