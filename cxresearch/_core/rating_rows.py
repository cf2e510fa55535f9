"""Ratings read from rows: the data checked against a :class:`~._core.rating_spec.RatingSpec`, grouped and counted.

The rows half of the one rating reader (:func:`cxresearch._core.ratings.read_groups`; the
sums half is :mod:`~cxresearch._core.rating_moments`). The arguments were checked once when
the spec was made; here the data are, with the same messages for every model:

* named columns exist (the outcome, the attributes, ``by``, the weights);
* every value is a number (or missing) - otherwise the standard error names the column,
  the offending values and their row positions;
* ratings lie on the declared scale (``scale=(1, 5)``) - codes such as 99 for
  "don't know" are a common mistake, and the message says how to fix it;
* rows with a missing outcome or a missing rating are left out (listwise deletion) and
  counted by reason, or refused with ``missing="raise"``;
* survey weights (``weights=``) are checked by name (missing, infinite or negative weights
  refused); complete rows with a weight of 0 are left out and counted;
* after deletion no attribute is constant, no attribute is an exact linear combination of
  others, and there are more rows than coefficients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_keys, bad_values, positions, require_columns, require_frame
from cxresearch._core.codes import _refuse_text_numbers, refuse_empty, warn_apart
from cxresearch._core.column_blocks import Column
from cxresearch._core.outcomes import refuse_binary, refuse_outcome
from cxresearch._core.rating_pairwise import pairwise_complete, pairwise_usable
from cxresearch._core.rating_spec import RatingSpec
from cxresearch._core.sums import Sums
from cxresearch._core.weights import check_weights
from cxresearch.errors import CXInputError


@dataclass(frozen=True)
class RatingData:
    """Clean numeric arrays for the rows used, with the accounting of the rest."""

    y: np.ndarray  # (n,)
    X: np.ndarray  # (n, k)
    outcome: str
    attributes: list[str]
    rows: RowAccount
    scale: tuple[float, float] | None
    scale_source: str  # "declared", "inferred from the data" or "none"
    used: np.ndarray  # boolean mask over the input rows: True where the row entered y and X
    w: np.ndarray | None = None  # survey weights of the rows used (None: unweighted)
    sums: Sums | None = None  # n, weight sums, means and centred cross-products of (outcome, attributes)

    def correlation(self) -> np.ndarray:
        """Correlation matrix of (outcome, attributes...), outcome first (weighted with weights)."""
        return self.sums.correlation()


def collinear_sets(X: np.ndarray, names: Sequence[str], tol: float = 1e-9) -> list[list[str]]:
    """Groups of columns that are exact linear combinations of each other (after centring).

    Each group is read off an eigenvector of the correlation matrix whose eigenvalue is
    (numerically) zero: the columns with weight in it are tied by an exact linear relation.
    """
    sd = X.std(axis=0)
    Z = (X - X.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    return collinear_in(Z.T @ Z / len(Z), names, tol)


def collinear_in(R: np.ndarray, names: Sequence[str], tol: float = 1e-9) -> list[list[str]]:
    """:func:`collinear_sets` read off a correlation matrix (of rows, or of moments)."""
    evals, evecs = np.linalg.eigh(R)
    groups = []
    for j in np.flatnonzero(evals < tol * len(names)):
        v = np.abs(evecs[:, j])
        groups.append([names[i] for i in np.flatnonzero(v > 1e-6 * v.max())])
    return groups


def as_by(by, data: pd.DataFrame, used_columns: Sequence[str]) -> list[str]:
    """``by`` as a list of existing grouping columns that are not also modelled."""
    keys = as_keys(by)
    require_columns(data, keys, "`by` column(s)")
    clash = [k for k in keys if k in used_columns]
    if clash:
        raise arg_error("by", "columns other than the outcome and the attributes", by,
                        f"{clash} is also the outcome or an attribute; group by another column.")
    return keys


def prepare_groups(data: pd.DataFrame, spec: RatingSpec,
                   not_estimable: list | None = None) -> tuple[list[tuple[tuple, RatingData]], RowAccount]:
    """The rows of ``data`` as ``spec`` reads them, checked and grouped (see the module docstring).

    The arguments were checked when the spec was made (:func:`~._core.rating_spec.rating_spec`);
    here the data are checked against it. Values are checked on the whole frame (so row
    positions in messages are those of ``data``); then, per group of ``spec.by``, incomplete
    rows (and rows of weight 0) are left out and counted, and the group is checked for
    constant and collinear attributes. Without a declared ``spec.scale`` the attribute scale
    is the smallest and largest rating of the whole frame (``scale_source`` says so), and a
    value that looks like a code raises a :class:`~cxresearch.errors.ScaleWarning`.

    ``not_estimable`` (a list): with ``by``, a segment that cannot be estimated (see
    :func:`thin_reason`; also a constant or collinear attribute in that segment) is not
    refused but appended as ``(position among the segments, key, reason, usable rows)``; its
    usable rows are counted as left out "in a segment not estimable". Without it (or without
    ``by``) such a segment raises.

    Returns the groups as ``(key, RatingData)`` (``key`` the tuple of ``by`` values, empty
    without ``by``, in sorted order) and the accounting over all groups.
    """
    data = require_frame(data)
    outcome, attributes, codes = spec.outcome, list(spec.attributes), spec.codes
    scale, outcome_scale, outcome_codes = spec.scale, spec.outcome_scale, spec.outcome_codes
    require_columns(data, [outcome], "outcome column")
    require_columns(data, attributes, "attribute column(s)")
    keys = as_by(spec.by, data, [outcome, *attributes])
    if spec.family is None:
        refuse_binary(data[outcome], outcome, codes)
    w = check_weights(data, spec.weights)
    V, recoded = read_matrix(data, [outcome, *attributes], codes, outcome_codes)
    values = {c: V[:, j] for j, c in enumerate([outcome, *attributes])}  # views of the columns, no copies
    lo, hi = np.nanmin(V, axis=0), np.nanmax(V, axis=0)  # no column is all missing (read_matrix)
    for j, (c, sc, arg) in enumerate([(outcome, outcome_scale, "outcome_scale")] +
                                     [(a, scale, "scale") for a in attributes]):
        if sc is not None and (lo[j] < sc[0] or hi[j] > sc[1]):
            _check_range(data[c], V[:, j], c, sc, arg)
    if spec.missing == "raise":
        _refuse_missing(V, [outcome, *attributes], recoded)
    if scale is not None:
        source = "declared"
        if outcome_scale is None:  # a declared attribute scale says nothing of the outcome's codes
            warn_apart({}, {outcome: values[outcome]}, outcome)
    else:
        warn_apart({a: values[a] for a in attributes}, {outcome: values[outcome]} if outcome_scale is None else {},
                   outcome)
        scale, source = (float(lo[1:].min()), float(hi[1:].max())), "inferred from the data"

    groups, excluded, n_used = _groups(data, keys, V, w, outcome, attributes, scale, source, spec.min_extra_rows,
                                       spec.check_collinear, not_estimable, spec.parameters,
                                       spec.missing == "pairwise")
    if not groups:
        raise CXInputError("No segment can be estimated: " + "; ".join(
            ", ".join(f"{k} = {v!r}" for k, v in zip(keys, key)) + f" ({why})" for _, key, why, _ in not_estimable))
    return groups, RowAccount(len(data), n_used, excluded, unit="respondents", recoded=recoded)


def _groups(data, keys, V, w, outcome, attributes, scale, source, min_extra_rows, check_collinear, not_estimable,
            parameters, pairwise=False):
    """The groups of :func:`prepare_groups` (estimable ones; the others into ``not_estimable``), reasons, rows used."""
    members, masks, no_group = _group_masks(data, keys)
    groups, excluded, n_used = [], {}, 0
    if no_group.any():
        excluded[f"{' / '.join(keys)} missing"] = int(no_group.sum())
    for position, (key, mask) in enumerate(zip(members, masks)):
        where = "" if not keys else "In " + ", ".join(f"{k} = {v!r}" for k, v in zip(keys, key)) + ": "
        whole = bool(mask.all())
        Vk, wk = V if whole else take_rows(V, mask), w if w is None or whole else w[mask]
        try:
            d = (pairwise_complete if pairwise else _complete)(Vk, wk, outcome, attributes, min_extra_rows, check_collinear,
                          len(attributes) + 1 if parameters is None else parameters,
                          bool(keys) and not_estimable is not None)
        except CXInputError as err:
            if not keys or not_estimable is None:
                raise CXInputError(where + str(err)) from None
            usable, left = getattr(err, "usable", None) or (pairwise_usable if pairwise else _usable)(Vk, wk)
            not_estimable.append((position, key, str(err), int(usable.sum())))
            for why, n in ({**left, THIN_ROWS: int(usable.sum())} if usable.any() else left).items():
                excluded[why] = excluded.get(why, 0) + n
            continue
        used = mask.copy()
        used[mask] = d[2]
        Vg = d[0]
        groups.append((key, RatingData(Vg[:, 0], Vg[:, 1:], outcome, attributes, d[1], scale, source, used, d[3],
                                       d[4])))
        for why, n in d[1].excluded.items():
            excluded[why] = excluded.get(why, 0) + n
        n_used += d[1].n_used
    return groups, excluded, n_used


def read_matrix(data: pd.DataFrame, columns: list, codes: tuple, outcome_codes) -> tuple[np.ndarray, dict]:
    """The outcome and the attributes as one float matrix (columns contiguous), codes turned missing.

    Each column is written straight into its column of the matrix (:class:`Column`): no float
    copy of a column on the side, whatever its dtype (a nullable ``Int8`` column is read from its
    values and its mask). ``outcome_codes`` (when not None) replaces ``codes`` for the outcome.
    Refuses a column left with no value, as :func:`read_ratings` does.
    """
    parts = [(columns, codes)] if outcome_codes is None else [(columns[:1], outcome_codes), (columns[1:], codes)]
    V = np.empty((len(data), len(columns)), order="F")
    recoded, j = {}, 0
    for names, these in parts:  # as read_ratings reads them: the outcome on its own codes, if it has its own
        _refuse_text_numbers(data, names, these)
        empty = []
        for c in names:
            reader = Column(data[c], c, these)
            reader.fill(V[:, j], 0, len(data))
            if reader.recoded:
                recoded[c] = reader.recoded
            if len(data) and np.isnan(V[0, j]) and np.isnan(V[:, j]).all():
                empty.append(c)
            j += 1
        if empty:
            refuse_empty(empty, recoded, len(data), these)
    return V, recoded


def _refuse_missing(V: np.ndarray, cols: list[str], recoded: dict[str, int]) -> None:
    """``missing="raise"``: the first column with a missing value, named with its rows (one mask at a time)."""
    for j, c in enumerate(cols):
        miss = np.isnan(V[:, j])
        if not miss.any():
            continue
        coded = f" ({recoded[c]} of them from missing_codes)" if c in recoded else ""
        raise CXInputError(
            f"Column {c!r} has {int(miss.sum())} missing value(s){coded}; first row positions: "
            f"{positions(miss)}. Pass missing='listwise' to leave such rows out (they are counted)."
        )


def _group_masks(data: pd.DataFrame, keys: list) -> tuple[list[tuple], list[np.ndarray], np.ndarray]:
    """The ``by`` groups (sorted keys and row masks), and the rows whose group is missing."""
    if not keys:
        return [()], [np.ones(len(data), dtype=bool)], np.zeros(len(data), dtype=bool)
    no_group = data[keys].isna().any(axis=1).to_numpy()
    found = data[keys].reset_index(drop=True).groupby(keys, sort=True, dropna=True, observed=True).indices
    members, masks = [], []
    for key, rows in found.items():
        mask = np.zeros(len(data), dtype=bool)
        mask[rows] = True
        members.append(key if isinstance(key, tuple) else (key,))
        masks.append(mask)
    return members, masks, no_group


THIN_ROWS = "in a segment not estimable"


def thin_reason(n: int, parameters: int) -> str | None:
    """Why a segment of ``n`` usable rows cannot be estimated with ``parameters`` coefficients, or None.

    The rule: a segment needs more than ``parameters + 1`` rows (at least two residual
    degrees of freedom). With ``parameters + 1`` rows or fewer the fit has at most one
    residual degree of freedom: R2 is near 1 by construction and the intervals are
    meaningless, so the segment is reported as not estimable instead of ranked.
    """
    if n <= parameters + 1:
        return (f"{n} usable row(s) for {parameters} parameters: too few to estimate (needs at least "
                f"{parameters + 2})")
    return None


def thin_warning(n: int, parameters: int) -> str | None:
    """A note for a segment that is estimable but has fewer than 10 usable rows per parameter, or None."""
    if n < 10 * parameters:
        return f"{n} usable rows for {parameters} parameters: fewer than 10 per parameter, estimates unstable"
    return None


def _usable(V, w):
    """The rows of one group with no missing value (and a nonzero weight), and why the others are left out.

    One mask per column at a time (never a mask of the whole matrix).
    """
    y_missing = np.isnan(V[:, 0])
    x_missing = np.zeros(len(V), dtype=bool)
    for j in range(1, V.shape[1]):
        x_missing |= np.isnan(V[:, j])
    x_missing &= ~y_missing
    excluded = {}
    if y_missing.any():
        excluded["outcome missing"] = int(y_missing.sum())
    if x_missing.any():
        excluded["an attribute rating missing"] = int(x_missing.sum())
    used = ~(y_missing | x_missing)
    if w is not None:
        zero = used & (w == 0)
        if zero.any():
            excluded["weight zero"] = int(zero.sum())
        used &= ~zero
    return used, excluded


def _complete(V, w, outcome, attributes, min_extra_rows, check_collinear, parameters=None, thin=False):
    """Listwise deletion in one group (and zero weights), then the checks that need complete rows.

    ``V`` holds the outcome in column 0 and the attributes after it. With ``thin``, a group
    too thin for ``parameters`` coefficients (:func:`thin_reason`) raises that reason.
    """
    used, excluded = _usable(V, w)
    reason = thin_reason(int(used.sum()), parameters) if thin else None
    if reason:
        raise CXInputError(reason)
    rows = RowAccount(len(V), int(used.sum()), excluded, unit="respondents")
    if not used.all():
        V, w = compact_rows(V, used), None if w is None else w[used]
    try:
        check_complete(len(V), rows, attributes, outcome, min_extra_rows)
        flat = V.min(axis=0) == V.max(axis=0)
        if flat[0]:
            refuse_outcome(outcome, (float(V[0, 0]),), n_used=len(V))
        refuse_constant([(a, V[0, j + 1]) for j, a in enumerate(attributes) if flat[j + 1]], len(V), outcome)
        sums = Sums.from_rows(V, w, [outcome, *attributes])
        if check_collinear:
            refuse_collinear(sums.correlation()[1:, 1:], attributes, len(V))
    except CXInputError as err:
        err.usable = (used, excluded)  # the rows were compacted in place: the caller cannot count them again
        raise
    return V, rows, used, w, sums


def compact_rows(V: np.ndarray, used: np.ndarray, block: int = 65536) -> np.ndarray:
    """The rows of ``V`` under ``used`` as an F-contiguous matrix in ``V``'s own memory (moved in place).

    ``V`` is this reader's own matrix (columns contiguous): no copy of the rows kept, which would
    cost as much as the data. Column ``j`` moves to elements ``j n .. (j + 1) n`` of the buffer
    (n rows kept); every value moves to a position at or before its own, and the sources are read
    block by block in order, so nothing is overwritten before it is read.
    """
    if not V.flags.f_contiguous:
        return take_rows(V, used)
    N, p = V.shape
    n = int(np.count_nonzero(used))
    flat = V.reshape(-1, order="F")  # a view of the same memory
    for j in range(p):
        at = j * n
        for start in range(0, N, block):
            rows = np.flatnonzero(used[start:start + block]) + (j * N + start)
            flat[at:at + len(rows)] = flat[rows]
            at += len(rows)
    return flat[: n * p].reshape((n, p), order="F")


def take_rows(V: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The rows of ``V`` under ``mask``, columns kept contiguous."""
    return np.asfortranarray(V[np.flatnonzero(mask)])


def check_complete(n: int, rows, attributes, outcome, min_extra_rows: int) -> None:
    """Enough complete rows for the coefficients."""
    k = len(attributes)
    if n < k + min_extra_rows:
        raise CXInputError(
            f"Only {n} complete row(s) ({rows}) for {k} attribute(s): a regression needs at least "
            f"{k + min_extra_rows}. Check the missing values, or use fewer attributes."
        )


def refuse_constant(flat: list[tuple[str, float]], n: int, outcome) -> None:
    """Name the attributes that do not vary in the rows used."""
    if flat:
        vals = ", ".join(f"{a!r} = {v:g}" for a, v in flat)
        raise CXInputError(
            f"Attribute(s) constant in the {n} rows used: {vals}. A constant rating cannot explain "
            f"differences in {outcome!r}; drop it from `attributes`."
        )


def refuse_collinear(R: np.ndarray, attributes, n: int) -> None:
    """Name the groups of attributes that are exact linear combinations of each other."""
    if len(attributes) < 2:
        return
    sets = collinear_in(R, attributes)
    if sets:
        text = "; ".join("{" + ", ".join(map(repr, g)) + "}" for g in sets)
        raise CXInputError(
            f"Attributes are perfectly collinear in the {n} rows used: {text} (one is an exact "
            f"linear combination of the others, e.g. a duplicated column or a total of others). Their "
            f"separate effects cannot be estimated: drop one, or combine them into an index."
        )


def _check_range(raw: pd.Series, values: np.ndarray, column: str, scale, arg: str) -> None:
    if scale is None:
        return
    lo, hi = scale
    bad = ~np.isnan(values) & ((values < lo) | (values > hi))
    if bad.any():
        raise bad_values(
            column, raw, bad, f"on the declared {arg} {lo:g}-{hi:g}",
            hint=f"Codes such as 0, 6 or 99 for 'don't know' or 'not applicable' must be recoded to missing: "
                 f"pass missing_codes={_listed(raw, bad)} (those answers become missing, and the rows are "
                 "left out and counted).",
        )


def _listed(raw: pd.Series, mask: np.ndarray) -> str:
    """The distinct values of ``raw`` under ``mask`` as a Python list literal, e.g. ``[0, 99]``."""
    vals = pd.unique(pd.to_numeric(raw[mask], errors="coerce").dropna())
    return "[" + ", ".join(f"{v:g}" for v in sorted(vals)) + "]"
