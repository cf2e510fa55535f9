"""One pass per attribute for :func:`cxresearch.expectation.tolerance`: zone sums in preallocated arrays.

The aggregate-first rule: the three answers of an attribute (perceived, adequate, desired) are
read in blocks of rows (:mod:`cxresearch._core.column_blocks`, no float copy of a column); per
block the rows used are ordered by segment, and per segment the (weighted) count, the sums of the
three answers, their 3 x 3 cross-products and the sums of the zone indicators (consistent zone,
failed, inside, delighted, inverted) are added to arrays made once. Means, MSA and MSS with their
paired intervals, the shares with Wilson intervals and the spreads of the standards follow from
these sums; the levels table from per-segment counts of each whole-number answer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.column_blocks import Column
from cxresearch._core.stats import wilson

__all__ = ["attribute_pass", "zone_stats"]

BLOCK = 16384
MAX_LEVELS = 101  # whole-number answers spanning at most 101 points get the `levels` table
MAX_CELLS = 1 << 16  # segment x p x a x d cells counted at once by _add_cells
ROLES = ("perceived", "adequate", "desired")
# sums per segment, in this order (c = answer - shift): w [consistent], w^2 [consistent], w failed, w inside,
# w delighted, w inverted, w c_p, w c_a, w c_d, w (c_p - c_a)^2, w (c_p - c_d)^2, w c_a^2, w c_d^2
SUMS = ("_", "_", "_", "cons", "cons2", "failure", "inside", "delight", "inv", "p", "a", "d", "pa", "pd", "aa",
        "dd")


class Levels:
    """Per segment and whole-number level, the (weighted) count of each answer; None once not whole or too wide."""

    def __init__(self, G: int) -> None:
        self.G, self.lo, self.hi, self.counts, self.alive = G, None, None, None, True

    def add(self, U: np.ndarray, g: np.ndarray, w: np.ndarray | None) -> None:
        if not self.alive or not len(U):
            return
        if not np.array_equal(U, np.floor(U)):
            self.alive = False
            return
        lo, hi = float(U.min()), float(U.max())
        lo, hi = (lo, hi) if self.lo is None else (min(lo, self.lo), max(hi, self.hi))
        if hi - lo >= MAX_LEVELS:
            self.alive = False
            return
        L = int(hi - lo) + 1
        if self.counts is None:
            self.counts = np.zeros((3, self.G, L))
        elif (lo, hi) != (self.lo, self.hi):  # a wider range: move the counts so far
            wider = np.zeros((3, self.G, L))
            at = int(self.lo - lo)
            wider[:, :, at:at + self.counts.shape[2]] = self.counts
            self.counts = wider
        self.lo, self.hi = lo, hi
        for r in range(3):
            self.counts[r] += np.bincount(g * L + (U[:, r] - lo).astype(np.intp), weights=w,
                                          minlength=self.G * L).reshape(self.G, L)

    def add_counts(self, lo: float, marg: np.ndarray) -> None:
        """Add (3, G, L) counts of the whole levels ``lo .. lo + L - 1`` (from :func:`_add_cells`)."""
        if not self.alive:
            return
        L = marg.shape[2]
        hi = lo + L - 1
        lo2, hi2 = (lo, hi) if self.lo is None else (min(lo, self.lo), max(hi, self.hi))
        if hi2 - lo2 >= MAX_LEVELS:
            self.alive = False
            return
        if self.counts is None or (lo2, hi2) != (self.lo, self.hi):
            wider = np.zeros((3, self.G, int(hi2 - lo2) + 1))
            if self.counts is not None:
                at = int(self.lo - lo2)
                wider[:, :, at:at + self.counts.shape[2]] = self.counts
            self.counts = wider
        self.lo, self.hi = lo2, hi2
        at = int(lo - lo2)
        self.counts[:, :, at:at + L] += marg

    def shares(self, sw: np.ndarray) -> pd.DataFrame | None:
        """Shares of each segment's (weighted) customers per level: adequate, desired, perceived."""
        if not self.alive or self.counts is None:
            return None
        L = self.counts.shape[2]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = {name: (self.counts[r] / sw[:, None]).ravel() for name, r in (("adequate", 1), ("desired", 2),
                                                                                ("perceived", 0))}
        return pd.DataFrame({"level": np.tile(self.lo + np.arange(L), self.G), **out},
                            index=np.repeat(np.arange(self.G), L))


def attribute_pass(cols: list[Column], seg: np.ndarray, G: int, w: np.ndarray | None, s: float,
                   first: list[bool]) -> tuple[dict, dict, Levels, np.ndarray]:
    """One attribute's sums per segment, its row accounting, its levels and each column's (seen, lo, hi).

    ``cols`` are the perceived, adequate and desired columns; ``s = -1`` (lower is better) sums the
    negated answers. ``first``: whether this is the column's first read (answers recoded are counted once).
    """
    N = len(seg)
    t = {"n": np.zeros(G, dtype=np.int64), "n_inv": np.zeros(G, dtype=np.int64), "sw": np.zeros(G),
         "sw2": np.zeros(G), "S": np.zeros((G, len(SUMS))), "shift": s * _shift(cols, N)}
    account = dict.fromkeys(("segment missing", "answer missing", "weight zero"), 0)
    role_missing, span = np.zeros(3, dtype=np.int64), np.array([[0, np.inf, -np.inf]] * 3)
    levels, buf = Levels(G), np.empty((max(min(BLOCK, N), 1), 3), order="F")
    recoded = [c.recoded for c in cols]
    with np.errstate(invalid="ignore"):
        for start in range(0, N, BLOCK):
            stop = min(start + BLOCK, N)
            B = buf[: stop - start]
            for j, c in enumerate(cols):
                c.fill(B[:, j], start, stop)
            use = _account(B, seg[start:stop], None if w is None else w[start:stop], account, role_missing, span)
            U = B if use is None else B[use]
            g = seg[start:stop] if use is None else seg[start:stop][use]
            wu = None if w is None else (w[start:stop] if use is None else w[start:stop][use])
            if not _add_cells(t, levels, U, g, wu, s):
                levels.add(U, g, wu)
                _add(t, U if s == 1 else -U, g, wu)
    for c, before, once in zip(cols, recoded, first):
        if not once:
            c.recoded = before
    account["n_used"] = N - sum(account.values())
    account = {"n_in": N, **account, **{f"{r}_missing": int(m) for r, m in zip(ROLES, role_missing)}}
    return t, account, levels, span


def _shift(cols: list[Column], N: int) -> np.ndarray:
    """Whole-number columns: none (their sums are exact); others: the first block's mean."""
    out = np.zeros(3)
    for j, c in enumerate(cols):
        if not c.whole and N:
            first = c.values()[:BLOCK]
            seen = first[~np.isnan(first)]
            out[j] = seen.mean() if len(seen) else 0.0
    return out


def _account(B, seg, w, account, role_missing, span) -> np.ndarray | None:
    """Count the rows left out (segment missing, an answer missing, weight zero); the rows used (None: all)."""
    no_segment = seg < 0
    nan = np.isnan(B)
    span[:, 0] += len(B) - nan.sum(axis=0)
    span[:, 1] = np.fmin(span[:, 1], np.fmin.reduce(B, axis=0))
    span[:, 2] = np.fmax(span[:, 2], np.fmax.reduce(B, axis=0))
    missing = nan.any(axis=1) & ~no_segment
    role_missing += (nan & ~no_segment[:, None]).sum(axis=0)
    use = ~(no_segment | missing)
    account["segment missing"] += int(no_segment.sum())
    account["answer missing"] += int(missing.sum())
    if w is not None:
        zero = use & (w == 0)
        account["weight zero"] += int(zero.sum())
        use &= ~zero
    return None if use.all() else use


def _add(t: dict, U: np.ndarray, g: np.ndarray, w: np.ndarray | None) -> None:
    """One block's used rows (answers already negated when lower is better) into each segment's sums.

    Each row's zone is one code (0 failed, 1 inside, 2 delighted, 3 inverted), so the zone counts
    are one ``bincount`` of segment x code; the sums of the answers and of their squared
    differences are ``bincount`` passes over the block (in the cache), not over whole columns.
    """
    G = len(t["n"])
    p, a, d = U[:, 0], U[:, 1], U[:, 2]
    code = np.where(a > d, 3, 1 + (p > d).view(np.int8) - (p < a).view(np.int8))
    key = g * 4 + code
    counts = np.bincount(key, minlength=4 * G).reshape(G, 4)
    t["n"] += counts.sum(axis=1)
    t["n_inv"] += counts[:, 3]
    zones = counts if w is None else np.bincount(key, weights=w, minlength=4 * G).reshape(G, 4)
    zones2 = counts if w is None else np.bincount(key, weights=w * w, minlength=4 * G).reshape(G, 4)
    t["sw"] += zones.sum(axis=1)
    t["sw2"] += zones2.sum(axis=1)
    S = t["S"]
    S[:, 3] += zones[:, :3].sum(axis=1)
    S[:, 4] += zones2[:, :3].sum(axis=1)
    S[:, 5:9] += zones
    C = U - t["shift"] if t["shift"].any() else U
    cp, ca, cd = C[:, 0], C[:, 1], C[:, 2]
    dpa, dpd = cp - ca, cp - cd
    for j, x in enumerate((cp, ca, cd, dpa * dpa, dpd * dpd, ca * ca, cd * cd)):
        S[:, 9 + j] += np.bincount(g, weights=x if w is None else w * x, minlength=G)


def _add_cells(t: dict, levels: Levels, U: np.ndarray, g: np.ndarray, w: np.ndarray | None, s: float) -> bool:
    """Whole answers in a narrow range: one block's sums from one count of (segment, p, a, d) cells.

    The aggregate-first rule inside a block: one ``bincount`` of the cell codes (with ``w`` and
    ``w^2`` when weighted) replaces a pass per sum; every sum of :func:`_add` and the levels are
    then products of the cell counts with the cells' values. False (nothing added) when the block
    is empty, not whole, or spans too many cells; :func:`_add` then takes it.
    """
    G = len(t["n"])
    if not len(U):
        return False
    lo, hi = U.min(), U.max()
    L = int(hi - lo) + 1
    if L > 16 or G * L**3 > MAX_CELLS or not np.array_equal(U, np.floor(U)):
        return False
    Ui = (U - lo).astype(np.intp)
    key = ((g * L + Ui[:, 0]) * L + Ui[:, 1]) * L + Ui[:, 2]
    size = G * L**3
    counts = np.bincount(key, minlength=size).reshape(G, -1)
    wc = counts if w is None else np.bincount(key, weights=w, minlength=size).reshape(G, -1)
    wc2 = counts if w is None else np.bincount(key, weights=w * w, minlength=size).reshape(G, -1)
    grid = (lo + np.indices((L, L, L)).reshape(3, -1).T).astype(float)  # cell values (p, a, d), original sign
    levels.add_counts(float(lo), np.stack([wc.reshape(G, L, L, L).sum(axis=axes) for axes in ((2, 3), (1, 3),
                                                                                              (1, 2))]))
    p, a, d = (s * grid).T
    code = np.where(a > d, 3, 1 + (p > d).astype(np.intp) - (p < a).astype(np.intp))
    onehot = (code[:, None] == np.arange(4)).astype(float)
    zones, zones2 = wc @ onehot, wc2 @ onehot
    t["n"] += counts.sum(axis=1)
    t["n_inv"] += counts[:, code == 3].sum(axis=1)
    t["sw"] += zones.sum(axis=1)
    t["sw2"] += zones2.sum(axis=1)
    S = t["S"]
    S[:, 3] += zones[:, :3].sum(axis=1)
    S[:, 4] += zones2[:, :3].sum(axis=1)
    S[:, 5:9] += zones
    cp, ca, cd = p - t["shift"][0], a - t["shift"][1], d - t["shift"][2]
    dpa, dpd = cp - ca, cp - cd
    S[:, 9:16] += wc @ np.column_stack([cp, ca, cd, dpa * dpa, dpd * dpd, ca * ca, cd * cd])
    return True


def zone_stats(t: dict, confidence: float) -> dict[str, np.ndarray]:
    """Means, MSA and MSS with paired intervals, zone shares and spreads per segment, from the sums.

    With ``c = x - shift``: ``mean = shift + sum w c / sum w`` and ``sum w (x - mean)^2 = sum w c^2 -
    (sum w c)^2 / sum w`` (a sum below the rounding of ``sum w c^2`` is no variance).
    """
    n, sw, sw2 = t["n"], t["sw"], t["sw2"]
    S = dict(zip(SUMS, t["S"].T))
    shift = t["shift"]
    with np.errstate(divide="ignore", invalid="ignore"):
        def centred(x: np.ndarray, sc: np.ndarray) -> np.ndarray:
            ss = x - sc**2 / sw
            return np.where(ss > 1e-12 * x, ss, 0.0)

        m = {"perceived": shift[0] + S["p"] / sw, "adequate": shift[1] + S["a"] / sw,
             "desired": shift[2] + S["d"] / sw}
        n_eff = sw**2 / sw2
        msa, mss = m["perceived"] - m["adequate"], m["perceived"] - m["desired"]
        tcrit = stats.t.ppf(0.5 + confidence / 2, np.where(n_eff > 1, n_eff - 1, np.nan))
        out = {"n": n, "n_eff": n_eff, "adequate": m["adequate"], "desired": m["desired"],
               "perceived": m["perceived"], "zone_width": m["desired"] - m["adequate"]}
        for name, other, mean in (("msa", "a", msa), ("mss", "d", mss)):
            se = np.sqrt(centred(S["p" + other], S["p"] - S[other]) / sw / (n_eff - 1))
            out[name], out[f"{name}_ci_low"], out[f"{name}_ci_high"] = mean, mean - tcrit * se, mean + tcrit * se
        width = out["zone_width"]
        out["position"] = np.where(width != 0, msa / np.where(width != 0, width, 1.0), np.nan)
        out["zone"] = verdict(out)
        swc = S["cons"]
        n_eff_c = swc**2 / S["cons2"]
        for name in ("failure", "inside", "delight"):
            out[name] = S[name] / swc
            if name != "inside":
                out[f"{name}_ci_low"], out[f"{name}_ci_high"] = wilson(out[name] * n_eff_c, n_eff_c, confidence)
        for name, short in (("adequate", "a"), ("desired", "d")):
            out[f"{name}_sd"] = np.sqrt(centred(S[short * 2], S[short]) / sw * n_eff / (n_eff - 1))
        out["n_inverted"] = t["n_inv"]
        out["inverted"] = S["inv"] / sw
    return out


def verdict(t: dict) -> np.ndarray:
    """Where perceived service lies, read from the MSA and MSS intervals."""
    lo_a, hi_a, lo_s, hi_s = t["msa_ci_low"], t["msa_ci_high"], t["mss_ci_low"], t["mss_ci_high"]
    conditions = [np.isnan(lo_a) | np.isnan(lo_s), hi_a < 0, lo_s > 0, (lo_a > 0) & (hi_s < 0), hi_s < 0, lo_a > 0]
    choices = ["not estimable", "below the zone", "above the zone", "inside the zone", "at the adequate level",
               "at the desired level"]
    return np.select(conditions, choices, default="undetermined").astype(object)
