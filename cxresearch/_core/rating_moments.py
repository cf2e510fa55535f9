"""A ``Moments`` object in place of ``data``: the checks the rating models make, read from the sums.

:func:`moment_groups` is the counterpart of :func:`cxresearch._core.rating_rows.prepare_groups`:
the same arguments, the same messages where the sums allow them (too few rows, a constant
outcome or attribute, perfectly collinear attributes, values outside a declared scale, a
binary outcome), and one :class:`~cxresearch._core.sums.Sums` per group instead of
rows. What needs rows (the bootstrap, cluster-robust errors, values that look like codes) is
refused or left to the function that made the moments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_keys
from cxresearch._core.moments import Moments
from cxresearch._core.outcomes import LOGIT_FIX, binary_from_moments, refuse_outcome
from cxresearch._core.rating_rows import check_complete, refuse_collinear, refuse_constant
from cxresearch._core.rating_spec import RatingSpec
from cxresearch._core.sums import Sums, constant_columns
from cxresearch.errors import CXInputError

__all__ = ["moment_groups", "refuse_rows_only", "same_weights"]


def refuse_rows_only(name: str, value, needs: str = "rows", expected: str = "left at its default") -> None:
    """Refuse an argument that needs the respondents' rows when a Moments object is given."""
    raise arg_error(name, f"{expected} with a Moments input (it needs the {needs})", value,
                    "Pass the DataFrame itself for this; a Moments object holds sums, not rows.")


def same_weights(m: Moments, weights) -> None:
    """``weights=`` with a Moments input: absent, or the column the moments were weighted by."""
    if weights is not None and weights != m.weights:
        raise arg_error("weights", f"None or {m.weights!r} (the weights of the moments)", weights,
                        "Weights enter when the moments are made: moments(..., weights=...).")


def moment_groups(m: Moments, spec: RatingSpec, extra=()) -> tuple[list[tuple[tuple, Sums]], RowAccount]:
    """Check a Moments object against ``spec`` and give the sums of (outcome, attributes, extra) per group."""
    outcome, attributes = spec.outcome, list(spec.attributes)
    cols = [outcome, *attributes]
    unknown = [c for c in [*cols, *extra] if c not in m.columns]
    if unknown:
        raise CXInputError(f"Column(s) {', '.join(map(repr, unknown))} not in the moments (columns: "
                           f"{', '.join(map(repr, m.columns))}). Make the moments with these columns.")
    if spec.by is not None and as_keys(spec.by) != list(m.by):
        raise arg_error("by", f"None or {list(m.by)} (the groups of the moments)", spec.by,
                        "Groups are fixed when the moments are made: moments(..., by=...).")
    if spec.codes and spec.codes != tuple(m.missing_codes):
        raise arg_error("missing_codes", f"None or {list(m.missing_codes)} (applied when the moments were made)",
                        list(spec.codes), "Pass them to moments(..., missing_codes=...).")
    _check_ends(m, attributes, spec.scale, "scale")
    _check_ends(m, [outcome], spec.outcome_scale, "outcome_scale")
    if spec.missing == "raise":
        _refuse_missing(m, cols)
    if spec.family is None:
        _refuse_binary(m, outcome)
    groups = []
    for g, key in enumerate(m.keys):
        s = m.sums(g, [*cols, *extra])
        try:
            check_sums(s, m.group_rows(g), outcome, attributes, spec.min_extra_rows, spec.check_collinear)
        except CXInputError as err:
            where = "In " + ", ".join(f"{k} = {v!r}" for k, v in zip(m.by, key)) + ": " if m.by else ""
            raise CXInputError(where + str(err)) from None
        groups.append((key, s))
    return groups, m.rows


def check_sums(s: Sums, rows: RowAccount, outcome: str, attributes: list, min_extra_rows: int,
               check_collinear: bool) -> None:
    """The checks of complete rows, made on their sums."""
    check_complete(s.n, rows, attributes, outcome, min_extra_rows)
    flat = constant_columns(s.take([outcome, *attributes]))
    if flat[0]:
        refuse_outcome(outcome, (float(s.mean[0]),), n_used=s.n)
    refuse_constant([(a, s.mean[j + 1]) for j, a in enumerate(attributes) if flat[j + 1]], s.n, outcome)
    if check_collinear:
        refuse_collinear(s.take(attributes).correlation(), attributes, s.n)


def _check_ends(m: Moments, columns: list, scale, arg: str) -> None:
    """Values outside a declared scale, read from the smallest and largest value of each column."""
    if scale is None or m.minimum is None:
        return
    for c in columns:
        i = m.columns.index(c)
        lo, hi = m.minimum[i], m.maximum[i]
        if lo < scale[0] or hi > scale[1]:
            raise CXInputError(
                f"Column {c!r}: values outside the declared {arg} {scale[0]:g}-{scale[1]:g} when the moments were "
                f"made (smallest {lo:g}, largest {hi:g}). Codes such as 0, 6 or 99 for 'don't know' or 'not "
                "applicable' must be recoded to missing: pass them to moments(..., missing_codes=[...]).")


def _refuse_missing(m: Moments, cols: list) -> None:
    """``missing="raise"``: the first column with rows left out for a missing value."""
    counts = m.missing[:, [m.columns.index(c) for c in cols]].sum(axis=0)
    if counts.any():
        j = int(np.flatnonzero(counts)[0])
        raise CXInputError(f"Column {cols[j]!r} has {int(counts[j])} missing value(s) in the moments "
                           f"({m.rows}). Pass missing='listwise' to leave such rows out (they are counted).")


def _refuse_binary(m: Moments, outcome: str) -> None:
    """An outcome whose every value sits at its smallest or largest value (Bhatia-Davis equality) is binary."""
    if m.minimum is None:
        return
    i = m.columns.index(outcome)
    lo, hi = float(m.minimum[i]), float(m.maximum[i])
    ok = m.n > 0
    if not np.isfinite(lo) or hi <= lo or not ok.any():
        return
    if binary_from_moments(lo, hi, m.mean[ok, i], m.cross[ok, i, i] / m.sum_w[ok]):
        refuse_outcome(outcome, (lo, hi), binary_fix=LOGIT_FIX)
