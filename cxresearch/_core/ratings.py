"""Ratings in, one way: a spec built once from a model's arguments, then its groups from any input.

Every model that regresses an outcome on attribute ratings (drivers, penalty-reward, the
response surface, the decomposition and their logistic forms) reads its input here:

1. :func:`rating_spec` checks the arguments that describe the data once (the outcome and
   attributes, ``by``, the scales, ``missing``, ``missing_codes``, ``family``, ``weights``,
   the bands or products the model needs) and records which arguments need the
   respondents' rows (a bootstrap, cluster-robust errors, a logistic fit);
2. :func:`read_groups` takes ``data`` as it comes - a pandas DataFrame, a
   :class:`~cxresearch.satisfaction.Moments` object, or a frame of another engine
   (Polars, DuckDB, Dask, ...) that is reduced to moments where it lives unless rows are
   needed - and gives one :class:`Group` per segment (its sums, its rows where there are
   rows, or the reason it cannot be estimated) and one row accounting.

The checks and their messages sit in the two readers behind it
(:mod:`~cxresearch._core.rating_rows` for rows, :mod:`~cxresearch._core.rating_moments`
for sums); a model never branches on the kind of input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxresearch._core.accounting import RowAccount
from cxresearch._core.bands import dummy_rows
from cxresearch._core.checks import arg_error
from cxresearch._core.engine_reduce import use_engine
from cxresearch._core.moments import Moments
from cxresearch._core.rating_moments import moment_groups, refuse_rows_only, same_weights
from cxresearch._core.rating_rows import THIN_ROWS, RatingData, as_by, prepare_groups, thin_reason
from cxresearch._core.rating_spec import RatingSpec, rating_spec
from cxresearch._core.reduce import moments
from cxresearch._core.sums import Sums
from cxresearch.errors import CXInputError

__all__ = ["Group", "RatingInput", "RatingSpec", "read_groups", "rating_spec", "segment_name"]


@dataclass(frozen=True)
class Group:
    """One segment of the input: its sums and rows, or why it cannot be estimated."""

    key: tuple  # the values of `by` (empty without segments)
    sums: Sums | None  # sums of ``spec.summed`` over the rows used; None when not estimable
    data: RatingData | None  # the rows used (None for moments, or when not estimable)
    derived: np.ndarray | None  # rows of the band dummies or products (None without rows)
    reason: str | None  # why the segment is not estimated (None when it is)
    n: int  # usable rows

    @property
    def estimable(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class RatingInput:
    """The groups of :func:`read_groups`, in the sorted order of the segments, and what came in."""

    by: list[str]
    groups: list[Group]
    rows: RowAccount
    scale: tuple[float, float] | None
    scale_source: str
    band_text: tuple[str, str] = ("", "")
    weights: str | None = None
    moments: Moments | None = None  # the sums read (given, or reduced from an engine frame); None for rows

    @property
    def from_moments(self) -> bool:
        """Were the groups read from sums (a Moments object, or an engine frame reduced to one)?"""
        return self.moments is not None


def read_groups(data, spec: RatingSpec) -> RatingInput:
    """The groups of ``data`` as ``spec`` reads them: rows, a Moments object or an engine frame alike."""
    if use_engine(data) and not spec.needs_rows:
        low, high = spec.bands if spec.bands is not None else (None, None)
        data = moments(data, spec.columns, by=spec.by, weights=spec.weights,
                       missing_codes=list(spec.codes) or None,
                       bands=list(spec.attributes) if spec.bands is not None else None, low=low, high=high,
                       scale=spec.scale if spec.bands is not None else None,
                       products=list(spec.products) or None)
    if isinstance(data, Moments):
        return _from_moments(data, spec)
    return _from_rows(data, spec)


def segment_name(keys: list, key: tuple) -> str:
    """``segment = 'VIP'`` (or ``a = 1, b = 'x'``)."""
    return ", ".join(f"{k} = {v!r}" for k, v in zip(keys, key))


def _from_rows(data, spec: RatingSpec) -> RatingInput:
    """Rows: checked and grouped by :func:`~._core.rating_rows.prepare_groups`; dummies or products added."""
    thin: list = []
    found, rows = prepare_groups(data, spec, thin if spec.thin else None)
    keys = as_by(spec.by, data, [])
    skipped = {position: rest for position, *rest in thin}
    given, groups, texts = iter(found), [], ("", "")
    for position in range(len(found) + len(thin)):
        if position in skipped:
            key, reason, n = skipped[position]
            groups.append(Group(key, None, None, None, reason, n))
            continue
        key, d = next(given)
        derived = None
        if spec.bands is not None:
            try:
                derived, *texts = dummy_rows(d.X, *spec.bands, d.scale)
            except CXInputError as err:
                raise CXInputError(f"In {segment_name(keys, key)}: {err}" if keys else str(err)) from None
            V = np.empty((len(d.y), 1 + derived.shape[1]), order="F")
            V[:, 0], V[:, 1:] = d.y, derived
            sums = Sums.from_rows(V, d.w, spec.summed)
        elif spec.products:
            derived = np.column_stack([d.X[:, spec.attributes.index(a)] * d.X[:, spec.attributes.index(b)]
                                       for a, b in spec.products])
            sums = Sums.from_rows(np.column_stack([d.y, d.X, derived]), d.w, spec.summed)
        else:
            sums = d.sums
        groups.append(Group(key, sums, d, derived, None, len(d.y)))
    first = found[0][1]
    return RatingInput(keys, groups, rows, first.scale, first.scale_source, tuple(texts), spec.weights)


def _from_moments(m: Moments, spec: RatingSpec) -> RatingInput:
    """Sums: checked by :func:`~._core.rating_moments.moment_groups`; segments too thin reported by the rows rule."""
    if spec.rows:
        raise arg_error("data", "a DataFrame of respondents' rows", m, f"{spec.model} {spec.rows}; a Moments object "
                        "holds sums, not rows.", got="a Moments object")
    for refused in spec.rows_only:
        refuse_rows_only(*refused)
    same_weights(m, spec.weights)
    if m.by and not spec.segments:
        raise arg_error("data", f"moments without `by` ({spec.model} fits one group)", m,
                        "Make the moments without by=, or one Moments object per segment.",
                        got=f"moments by {list(m.by)}")
    scale, source, texts = _moment_scale(m, spec)
    extra = spec.summed[1:] if spec.bands is not None else spec.summed[len(spec.columns):]
    found, rows = moment_groups(m, spec, extra)
    keys = list(m.by)
    groups, moved = [], 0
    for key, s in found:
        reason = thin_reason(int(s.n), spec.parameters) if keys and spec.thin else None
        groups.append(Group(key, None if reason else s.take(spec.summed), None, None, reason, int(s.n)))
        moved += int(s.n) if reason else 0
    if moved:
        if all(g.reason for g in groups):
            raise CXInputError("No segment can be estimated: " + "; ".join(
                f"{segment_name(keys, g.key)} ({g.reason})" for g in groups))
        rows = RowAccount(rows.n_in, rows.n_used - moved,
                          {**rows.excluded, THIN_ROWS: rows.excluded.get(THIN_ROWS, 0) + moved},
                          unit=rows.unit, recoded=rows.recoded)
    return RatingInput(keys, groups, rows, scale, source, texts, m.weights, m)


def _moment_scale(m: Moments, spec: RatingSpec) -> tuple[tuple[float, float] | None, str, tuple[str, str]]:
    """The scale of the ratings in the moments (and the band texts), checked against the spec's bands."""
    if spec.bands is not None:
        fixed = m.bands
        if fixed is None or any(a not in fixed.attributes for a in spec.attributes):
            raise arg_error("data", "moments made with bands= for every attribute", m,
                            f"{spec.model} needs the band dummies: moments(..., bands={list(spec.attributes)!r}).",
                            got="moments without those bands")
        for name, given, made in (("low", spec.bands[0], fixed.low), ("high", spec.bands[1], fixed.high)):
            if given is not None and given != made:
                raise arg_error(name, f"None or {made!r} (the bands of the moments)", given,
                                "Bands are fixed when the moments are made: moments(..., bands=..., low=..., "
                                "high=...).")
        if spec.scale is not None and tuple(map(float, spec.scale)) != tuple(fixed.scale):
            raise arg_error("scale", f"None or {fixed.scale} (the scale of the moments' bands)", spec.scale)
        return tuple(fixed.scale), fixed.scale_source, (fixed.low_text, fixed.high_text)
    if spec.scale is not None:
        return tuple(map(float, spec.scale)), "declared", ("", "")
    if m.minimum is None:
        return None, "none", ("", "")
    i = [m.columns.index(c) for c in spec.attributes if c in m.columns]
    if not i:
        return None, "none", ("", "")
    return (float(np.min(m.minimum[i])), float(np.max(m.maximum[i]))), "inferred from the data", ("", "")
