"""Dominance analysis (Budescu 1993; Azen & Budescu 2003) from the fit of every subset of drivers.

The input is the fit value of every subset of k drivers, indexed by bit mask (bit j =
driver j), as :func:`~cxresearch.satisfaction._importance.subset_r2` (R2) and
:func:`~cxresearch.satisfaction._logit_drivers.subset_mcfadden` (McFadden's R2) give it,
taken net of the covariates held in every model (``v[0] = 0``). From it:

* **conditional dominance** of driver j at model size s: the mean gain
  ``v(S + j) - v(S)`` over the subsets S of s - 1 other drivers (size 1 is j's fit alone,
  size k its gain over all the others);
* **general dominance**: the mean of the k conditional values, which is the Shapley value
  (LMG): the same weights ``|S|! (k - |S| - 1)! / k!`` grouped by size;
* **complete dominance** of A over B: ``v(S + A) > v(S + B)`` for every subset S of the
  other drivers (the empty one included); where the sign changes, neither dominates.

A driver conditionally (generally) dominates another when its conditional value is larger
at every size (its general value is larger). Complete implies conditional implies general.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DOMINANCE_WORDS", "complete", "complete_text", "conditional", "dominance_tables", "not_estimated"]

DOMINANCE_WORDS = ("dominates", "is dominated", "neither")


def _sizes(k: int) -> np.ndarray:
    """The number of bits set in each mask 0 .. 2^k - 1 (mask m + 2^j has one more than m < 2^j)."""
    out = np.zeros(2**k, dtype=np.int64)
    for j in range(k):
        out[2**j:2 ** (j + 1)] = out[:2**j] + 1
    return out


def conditional(v: np.ndarray, k: int) -> np.ndarray:
    """(k, k) array: row j, column s - 1 = driver j's mean gain over the subsets of s - 1 other drivers."""
    cube = np.asarray(v).reshape((2,) * k)  # the axis of driver j is k - 1 - j
    size = _sizes(k - 1)  # drivers in each subset of the others (the order of the bits does not matter)
    count = np.bincount(size, minlength=k)
    out = np.empty((k, k))
    for j in range(k):
        gain = np.take(cube, 1, axis=k - 1 - j) - np.take(cube, 0, axis=k - 1 - j)
        out[j] = np.bincount(size, weights=gain.ravel(), minlength=k) / count
    return out


def complete(v: np.ndarray, k: int) -> np.ndarray:
    """(k, k) boolean array: ``[a, b]`` is True when a adds more than b to every subset holding neither.

    ``v`` is read as a k-dimensional 2 x 2 x ... array (the axis of driver j is k - 1 - j), so
    the subsets holding a but not b, and b but not a, are two slices of it.
    """
    cube = np.asarray(v).reshape((2,) * k)
    out = np.zeros((k, k), dtype=bool)
    for a in range(k):
        for b in range(a + 1, k):
            with_a, with_b = [slice(None)] * k, [slice(None)] * k
            with_a[k - 1 - a], with_a[k - 1 - b] = 1, 0
            with_b[k - 1 - a], with_b[k - 1 - b] = 0, 1
            diff = cube[tuple(with_a)] - cube[tuple(with_b)]
            out[a, b], out[b, a] = bool((diff > 0).all()), bool((diff < 0).all())
    return out


def _word(over: bool, under: bool) -> str:
    return DOMINANCE_WORDS[0] if over else DOMINANCE_WORDS[1] if under else DOMINANCE_WORDS[2]


def dominance_tables(v: np.ndarray, names: list[str], group: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The per-driver table (general and conditional dominance) and the pairwise table of one fit.

    ``v`` holds the fit of the 2^k subsets of ``names`` (net of the covariates held constant);
    ``group`` the segment values put in front of each row.
    """
    k = len(names)
    group = group or {}
    cond = conditional(v, k)
    general = cond.mean(axis=1)
    table = pd.DataFrame({**{c: [x] * k for c, x in group.items()},
                          "attribute": np.array(names, dtype=object), "general": general,
                          **{f"conditional_{s + 1}": cond[:, s] for s in range(k)}})
    table["rank"] = 1 + (general[None, :] > general[:, None]).sum(axis=1)
    comp = complete(v, k)
    rows = []
    for a in range(k):
        for b in range(a + 1, k):
            rows.append({**group, "attribute": names[a], "other": names[b],
                         "complete": _word(comp[a, b], comp[b, a]),
                         "conditional": _word(bool((cond[a] > cond[b]).all()), bool((cond[a] < cond[b]).all())),
                         "general": _word(bool(general[a] > general[b]), bool(general[a] < general[b]))})
    pairs = pd.DataFrame(rows, columns=[*group, "attribute", "other", "complete", "conditional", "general"])
    return table, pairs


def not_estimated(names: list[str], group: dict, note: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The dominance tables of a segment not estimated: every value missing (the reason is in the fits)."""
    table, pairs = dominance_tables(np.zeros(2 ** len(names)), names, group)
    numbers = [c for c in table.columns if c == "general" or c.startswith("conditional_") or c == "rank"]
    table[numbers] = np.nan
    pairs[["complete", "conditional", "general"]] = ""
    return table, pairs


def complete_text(pairs: pd.DataFrame, by: tuple = ()) -> str:
    """``cyl over am, cyl over vs`` (or "none"): the complete dominance found, for the settings."""
    if len(pairs) and (pairs["complete"] == "").all():
        return "not estimated"
    found = []
    for _, row in pairs.iterrows():
        where = (" / ".join(str(row[k]) for k in by) + ": ") if by else ""
        if row["complete"] == DOMINANCE_WORDS[0]:
            found.append(f"{where}{row['attribute']} over {row['other']}")
        elif row["complete"] == DOMINANCE_WORDS[1]:
            found.append(f"{where}{row['other']} over {row['attribute']}")
    if len(found) > 6:
        return f"{len(found)} of {len(pairs)} pairs (listed in .dominance_pairs)"
    return ", ".join(found) if found else "none"
