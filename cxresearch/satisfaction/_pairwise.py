"""The bootstrap of weights from pairwise correlations, and the table of rows behind each correlation.

A resample of respondents (counts c from ``rng.integers(0, n, n)``, as every bootstrap here)
changes each pair's sums over the rows answering both columns: ``sum c w``, ``sum c w a``,
``sum c w a^2`` (and b), ``sum c w a b``. All are linear in c, so a batch of resamples is one
matrix product of the counts with the rows' contributions, as for the listwise bootstrap
(:mod:`._resample`); each resample's pairwise correlation matrix is then solved for the
weights. A resample whose matrix is not positive definite (or has an undefined correlation)
gives no weights and is left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.progress import Progress, counting
from cxresearch.satisfaction._resample import counts

__all__ = ["PAIRWISE_OPTIONS", "pair_table", "pairwise_fit", "pairwise_replicates", "pairwise_rows"]

PAIRWISE_OPTIONS = ("listwise", "raise", "pairwise")  # the values of `missing` in drivers

_ROWS = 4096
_MAX_BATCH = 64


def pair_table(names, n: np.ndarray, n_eff: np.ndarray | None, group: dict) -> pd.DataFrame:
    """One row per pair of columns (outcome first): ``first``, ``second``, ``n`` (and ``n_eff`` with weights)."""
    i, j = np.triu_indices(len(names), 1)
    out = pd.DataFrame({**{k: [v] * len(i) for k, v in group.items()},
                        "first": np.array(names, dtype=object)[i], "second": np.array(names, dtype=object)[j],
                        "n": n[i, j].astype(int)})
    if n_eff is not None:
        out["n_eff"] = n_eff[i, j]
    return out


def pairwise_rows(missing: str) -> tuple:
    """The ``rows_only`` entry of ``missing="pairwise"`` (a Moments object cannot say who answered what)."""
    return ("missing", "pairwise" if missing == "pairwise" else None,
            "respondents' rows: pairwise correlations need who answered what", "'listwise' or 'raise'")


def pairwise_fit(fit: dict, sums, group: dict, pairs: list) -> dict:
    """Append the group's pair table to ``pairs``; the fit statistics with the range of the pairwise n."""
    pairs.append(pair_table(sums.names, sums.pair_n, sums.pair_n_eff if sums.weighted else None, group))
    return {**fit, "n_pairs_min": int(pairs[-1]["n"].min()), "n_pairs_max": int(pairs[-1]["n"].max())}


def _contributions(V: np.ndarray, w: np.ndarray | None, start: int, stop: int, ia, ib) -> np.ndarray:
    """Per row of a block and per pair (a, b): w, w a, w b, w a^2, w b^2, w a b over rows answering both."""
    block = V[start:stop]
    both = ~np.isnan(block[:, ia]) & ~np.isnan(block[:, ib])
    ww = (np.ones(len(block)) if w is None else w[start:stop])[:, None] * both
    a, b = np.nan_to_num(block[:, ia]), np.nan_to_num(block[:, ib])
    return np.concatenate([ww, ww * a, ww * b, ww * a * a, ww * b * b, ww * a * b], axis=1)


def _correlations(S: np.ndarray, q: int, ia, ib) -> np.ndarray:
    """The stack of pairwise correlation matrices from the stacked pair sums of a batch."""
    p = len(ia)
    sw, sa, sb, saa, sbb, sab = (S[:, t * p:(t + 1) * p] for t in range(6))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (sab - sa * sb / sw) / np.sqrt((saa - sa**2 / sw) * (sbb - sb**2 / sw))
    R = np.empty((len(S), q, q))
    R[:, ia, ib] = R[:, ib, ia] = r
    R[:, np.arange(q), np.arange(q)] = 1.0
    return R


def pairwise_replicates(values: np.ndarray, w, solve, n_boot: int, rng: np.random.Generator,
                        progress: bool | Progress = True) -> np.ndarray:
    """The weights of each resample (n_boot, k) from pairwise correlations; rows of NaN where undefined.

    ``solve`` turns a stack of correlation matrices (outcome first) into their weights.
    """
    n, q = values.shape
    V = values - np.nanmean(values, axis=0)
    ia, ib = np.triu_indices(q, 1)
    out = np.full((n_boot, q - 1), np.nan)
    with counting(progress, n_boot, "drivers bootstrap") as bar:
        for first in range(0, n_boot, _MAX_BATCH):
            size = min(_MAX_BATCH, n_boot - first)
            c = counts(rng, n, size)
            S = sum(c[:, a:a + _ROWS] @ _contributions(V, w, a, min(a + _ROWS, n), ia, ib)
                    for a in range(0, n, _ROWS))
            R = _correlations(np.atleast_2d(S), q, ia, ib)
            ok = ~np.isnan(R).any(axis=(1, 2))
            ok[ok] = np.linalg.eigvalsh(R[ok]).min(axis=1) > 1e-10
            ok[ok] = np.linalg.cond(R[ok][:, 1:, 1:]) < 1e12
            if ok.any():
                out[first + np.flatnonzero(ok)] = solve(R[ok])
            bar.update(size)
    return out
