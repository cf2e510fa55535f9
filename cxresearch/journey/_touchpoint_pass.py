"""One pass over the customers for :func:`cxresearch.journey.touchpoints`: sums in preallocated arrays.

The aggregate-first rule: rows are read in blocks (:mod:`cxresearch._core.column_blocks`), never
copied whole. Per block, the experience and expectation ratings of every touchpoint and the
outcome form one float matrix ``A`` (rows ordered by segment, each column less a fixed shift);
per segment the (weighted) counts, the column sums and one matrix of cross-products ``A' W A``
(a BLAS product) are added to arrays made once, with the pain, delight and shortfall sums of the
gaps. Each cell's means and variances follow (a customer counts where both ratings of the
touchpoint are there), and, over the customers with every rating and the outcome, the moments of
the outcome and the gaps that the importance model reads: gap = experience - expectation is a
linear map of the columns, so their cross-products are ``T' C T``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cxresearch._core.accounting import RowAccount
from cxresearch._core.column_blocks import Column
from cxresearch._core.moments import Moments

__all__ = ["PassSums", "pass_moments", "touchpoint_pass"]

BLOCK = 8192  # rows per block: the block matrix of 31 columns stays in the cache


@dataclass
class PassSums:
    """The sums of one pass (``G`` segments, ``k`` touchpoints, ``m`` columns: experience, expectation, outcome)."""

    G: int
    k: int
    m: int
    shift: np.ndarray = field(init=False)
    # cells, (G, k): pairwise over the customers with both ratings of the touchpoint and weight > 0
    n: np.ndarray = field(init=False)
    sw: np.ndarray = field(init=False)
    sw2: np.ndarray = field(init=False)
    s: np.ndarray = field(init=False)  # (G, 2k): sums of w (x - shift), experience then expectation
    qe: np.ndarray = field(init=False)
    qx: np.ndarray = field(init=False)
    qex: np.ndarray = field(init=False)
    pain: np.ndarray = field(init=False)
    delight: np.ndarray = field(init=False)
    short: np.ndarray = field(init=False)
    # the model, over complete rows: per segment rows, used, weight zero, sums, cross-products
    rows: np.ndarray = field(init=False)
    mn: np.ndarray = field(init=False)
    mzero: np.ndarray = field(init=False)
    msw: np.ndarray = field(init=False)
    msw2: np.ndarray = field(init=False)
    ms: np.ndarray = field(init=False)
    mq: np.ndarray = field(init=False)
    miss: np.ndarray = field(init=False)  # (G, k + 1): rows missing the outcome, each gap
    # columns over every row: values seen, smallest and largest; the gaps' smallest and largest
    seen: np.ndarray = field(init=False)
    lo: np.ndarray = field(init=False)
    hi: np.ndarray = field(init=False)
    dlo: np.ndarray = field(init=False)
    dhi: np.ndarray = field(init=False)
    ranged: list = field(default_factory=list)
    buffers: tuple = ()
    no_segment: int = 0
    unrated: int = 0
    zero_weight: int = 0

    def __post_init__(self) -> None:
        G, k, m = self.G, self.k, self.m
        for name in ("n", "sw", "sw2", "qe", "qx", "qex", "pain", "delight", "short"):
            setattr(self, name, np.zeros((G, k)))
        self.s = np.zeros((G, 2 * k))
        for name in ("rows", "mn", "mzero", "msw", "msw2"):
            setattr(self, name, np.zeros(G))
        self.ms, self.mq, self.miss = np.zeros((G, m)), np.zeros((G, m, m)), np.zeros((G, k + 1), dtype=np.int64)
        self.seen, self.lo, self.hi = np.zeros(m, dtype=np.int64), np.full(m, np.inf), np.full(m, -np.inf)
        self.dlo, self.dhi = np.full(k, np.inf), np.full(k, -np.inf)


def touchpoint_pass(cols: list[Column], k: int, ids: np.ndarray, G: int, w: np.ndarray | None,
                    pain: float, delight: float) -> PassSums:
    """The sums over ``cols`` (k experience, k expectation columns, then the outcome if any) by segment ``ids``."""
    N, m = len(ids), len(cols)
    t = PassSums(G, k, m)
    rows = max(min(BLOCK, N), 1)
    buf = np.empty((rows, m), order="F")
    t.buffers = (np.empty((rows, m), order="F"), np.empty((rows, k), order="F"))  # rows by segment; gaps
    t.shift = _shifts(cols, buf[: min(BLOCK, N)])
    can_miss = any(c.can_miss for c in cols)
    if G < 2**15 - 1:
        ids = ids.astype(np.int16)  # a stable argsort of 16-bit keys is a radix sort
    t.ranged = []  # columns whose range is read per block
    for j, c in enumerate(cols):
        span = c.span()
        if span is None:
            t.ranged.append(j)
        else:
            t.lo[j], t.hi[j] = span
    with np.errstate(invalid="ignore"):
        for start in range(0, N, BLOCK):
            stop = min(start + BLOCK, N)
            M = buf[: stop - start]
            for j, c in enumerate(cols):
                c.fill(M[:, j], start, stop)
            _block(t, M, ids[start:stop], None if w is None else w[start:stop], can_miss, (pain, delight))
    return t


def _shifts(cols: list[Column], M: np.ndarray) -> np.ndarray:
    """A value near each column's mean (that of the first block): sums about it lose no precision.

    Whole-number columns are not shifted: their sums and sums of squares are exact in double
    precision (below 2**53), so the centred sums lose nothing either.
    """
    if all(c.whole for c in cols):
        return np.zeros(len(cols))
    for j, c in enumerate(cols):
        before = c.recoded
        c.fill(M[:, j], 0, len(M))
        c.recoded = before
    seen = (~np.isnan(M)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(M, axis=0) / seen
    return np.where((seen > 0) & ~np.array([c.whole for c in cols]), mean, 0.0)


def _block(t: PassSums, M: np.ndarray, ids: np.ndarray, w: np.ndarray | None, can_miss: bool, cuts) -> None:
    """Add one block of rows: order them by segment, then each segment's sums."""
    k = t.k
    nan = np.isnan(M) if can_miss else None
    if nan is not None and not nan.any():
        nan = None
    t.seen += len(M) - (0 if nan is None else nan.sum(axis=0))
    for j in t.ranged:
        t.lo[j], t.hi[j] = min(t.lo[j], np.fmin.reduce(M[:, j])), max(t.hi[j], np.fmax.reduce(M[:, j]))
    if t.G == 1 and ids[0] == 0 and ids.min() == 0:
        order, bounds = None, [0, len(M)]
    else:
        order = np.argsort(ids, kind="stable")
        counts = np.bincount(ids + 1, minlength=t.G + 1)
        skip = int(counts[0])
        if skip:  # rows without a segment: only counted, and in the gaps' range
            t.no_segment += skip
            gone = M[order[:skip]]
            _extremes(t, gone[:, :k] - gone[:, k:2 * k], False)
            order = order[skip:]
        bounds = np.concatenate([[0], np.cumsum(counts[1:])])
    A = M if order is None else t.buffers[0][: len(order)]
    if order is not None:  # column by column into a buffer: every column stays contiguous
        for j in range(t.m):
            np.take(M[:, j], order, out=A[:, j])
    miss = nan if nan is None or order is None else nan[order]
    wa = w if w is None or order is None else w[order]
    D = np.subtract(A[:, :k], A[:, k:2 * k], out=t.buffers[1][: len(A)])  # the gaps, from the ratings as given
    _extremes(t, D, nan is None)
    if t.shift.any():
        A -= t.shift
    V = comp = None
    if miss is not None:
        V = ~(miss[:, :k] | miss[:, k:2 * k])
        np.copyto(A[:, :k], 0.0, where=~V)
        np.copyto(A[:, k:2 * k], 0.0, where=~V)
        comp = V.all(axis=1)
        if t.m > 2 * k:
            np.copyto(A[:, 2 * k], 0.0, where=miss[:, 2 * k])
            comp &= ~miss[:, 2 * k]
    for g in range(t.G):
        a, z = int(bounds[g]), int(bounds[g + 1])
        if z > a:
            _segment(t, g, A[a:z], D[a:z], None if V is None else (V[a:z], comp[a:z], miss[a:z]),
                     None if wa is None else wa[a:z], cuts)


def _extremes(t: PassSums, D: np.ndarray, complete: bool) -> None:
    """The gaps' smallest and largest values so far (``complete``: no NaN, the faster reduction)."""
    if len(D):
        low, high = (np.minimum, np.maximum) if complete else (np.fmin, np.fmax)
        t.dlo, t.dhi = np.fmin(t.dlo, low.reduce(D, axis=0)), np.fmax(t.dhi, high.reduce(D, axis=0))


def _moments(A: np.ndarray, w: np.ndarray | None) -> tuple:
    """Rows, used rows (weight > 0), sum w, sum w^2, sums of w A and the cross-products A' W A."""
    n = len(A)
    if w is None:
        return n, n, float(n), float(n), np.ones(n) @ A, A.T @ A
    R = A * np.sqrt(w)[:, None]
    return n, int(np.count_nonzero(w)), float(w.sum()), float(w @ w), w @ A, R.T @ R


def _segment(t: PassSums, g: int, A, D, holes, w, cuts) -> None:
    """One segment's rows of one block (``holes``: pair-valid mask, complete rows, NaN mask; None: none)."""
    k = t.k
    n, used, sw, sw2, S, Q = _moments(A, w)
    if holes is None:
        t.n[g] += used
        t.sw[g] += sw
        t.sw2[g] += sw2
        t.zero_weight += n - used
    else:
        V = holes[0]
        rated = V.any(axis=1)
        t.unrated += n - int(rated.sum())
        if w is None:
            t.n[g] += V.sum(axis=0)
            t.sw[g] += V.sum(axis=0)
            t.sw2[g] += V.sum(axis=0)
        else:
            t.n[g] += (w > 0).astype(float) @ V
            t.sw[g] += w @ V
            t.sw2[g] += (w * w) @ V
            t.zero_weight += int(np.count_nonzero(rated & (w == 0)))
    t.s[g] += S[:2 * k]
    diag = np.diagonal(Q)
    t.qe[g] += diag[:k]
    t.qx[g] += diag[k:2 * k]
    t.qex[g] += np.diagonal(Q[:k, k:2 * k])
    for out, hit in ((t.pain, D <= cuts[0]), (t.delight, D >= cuts[1])):
        out[g] += hit.sum(axis=0) if w is None else w @ hit
    low = np.minimum(D, 0.0) if holes is None else np.fmin(D, 0.0)  # NaN gaps add nothing
    t.short[g] -= low.sum(axis=0) if w is None else w @ low
    if t.m > 2 * k:
        _model(t, g, A, w, holes, (n, used, sw, sw2, S, Q))


def _model(t: PassSums, g: int, A, w, holes, whole) -> None:
    """The importance model's sums: over the rows with every rating and the outcome."""
    k = t.k
    t.rows[g] += len(A)
    if holes is None:
        n, used, sw, sw2, S, Q = whole
    else:
        V, comp, miss = holes
        t.miss[g, 0] += int(miss[:, 2 * k].sum())
        t.miss[g, 1:] += len(V) - V.sum(axis=0)
        n, used, sw, sw2, S, Q = _moments(A[comp], None if w is None else w[comp])
    t.mn[g] += used
    t.mzero[g] += n - used
    t.msw[g] += sw
    t.msw2[g] += sw2
    t.ms[g] += S
    t.mq[g] += Q


def gap_moments(t: PassSums) -> tuple[np.ndarray, np.ndarray]:
    """Means (G, k + 1) and centred cross-products (G, k + 1, k + 1) of (outcome, gaps) over complete rows."""
    k = t.k
    T = np.zeros((t.m, k + 1))
    T[2 * k, 0] = 1.0
    T[np.arange(k), 1 + np.arange(k)] = 1.0
    T[k + np.arange(k), 1 + np.arange(k)] = -1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_c = t.ms / t.msw[:, None]
        C = t.mq - t.ms[:, :, None] * mean_c[:, None, :]
    return (t.shift + mean_c) @ T, T.T @ C @ T


def pass_moments(t: PassSums, columns: list, keys: list, seg, weights, n_rows: int,
                 keep: np.ndarray | None = None) -> Moments:
    """The :class:`~cxresearch._core.moments.Moments` of (outcome, gaps) per segment (``keep``: those segments).

    What :func:`cxresearch.satisfaction.moments` returns on a frame of the gaps, the outcome and
    the segments (the rows of segments not kept left out), without making that frame.
    """
    mean, cross = gap_moments(t)
    sel = np.ones(t.G, dtype=bool) if keep is None else keep
    members = list(seg.itertuples(index=False, name=None)) if keys else [()]
    rows_g, n, zero = (x[sel].astype(np.int64) for x in (t.rows, t.mn, t.mzero))
    excluded = {f"{' / '.join(map(str, keys))} missing": t.no_segment, "a value missing": int((rows_g - n - zero).sum()),
                "weight zero": int(zero.sum())}
    rows = RowAccount(n_rows - int(t.rows[~sel].sum()), int(n.sum()), {k: v for k, v in excluded.items() if v},
                      unit="respondents", recoded={})
    lo, hi = (np.concatenate([[a[-1]], b]) for a, b in ((t.lo, t.dlo), (t.hi, t.dhi)))
    lo, hi = np.where(np.isfinite(lo), lo, np.nan), np.where(np.isfinite(hi), hi, np.nan)
    return Moments(columns=tuple(columns), by=tuple(keys), keys=tuple(m for m, s in zip(members, sel) if s),
                   n_rows=rows_g, n=n, n_zero_weight=zero, sum_w=t.msw[sel], sum_w2=t.msw2[sel], mean=mean[sel],
                   cross=cross[sel], missing=t.miss[sel], rows=rows, weights=weights, missing_codes=(),
                   minimum=lo, maximum=hi)
