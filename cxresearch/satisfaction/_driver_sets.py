"""What the drivers of :func:`~cxresearch.satisfaction.drivers` are: single columns, named sets, categories.

A **driver** is one or more columns that enter and leave every model together:

* an attribute column on its own;
* a named set, ``sets={"price": ["fee", "rate"]}``;
* a text or category column (a categorical driver): its dummies, one per level but the
  reference level (the first category of a pandas Categorical, else the first in sorted
  order), form one driver under the column's name.

``always=[...]`` lists covariates held in every model: the importance of the drivers is the
R2 they add beyond them. :func:`driver_plan` checks all this and returns the
:class:`DriverPlan` and the data with each categorical column replaced by its dummies;
:func:`category_rows` moves the rows left out for a missing category to a reason of their
own in the row accounting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_keys, positions, require_columns, require_frame
from cxresearch._core.codes import as_codes, recode
from cxresearch._core.moments import Moments
from cxresearch.errors import CXInputError
from cxresearch.satisfaction._subsets import check_exact

__all__ = ["DriverPlan", "MIN_LEVEL_ROWS", "category_rows", "check_plan", "driver_plan", "plain_plan", "plan_fields"]

MIN_LEVEL_ROWS = 5  # rows a category level needs (with the category present) to be a dummy of its own
ATTRIBUTE_MISSING = "an attribute rating missing"  # the rating reader's reason, split for categories


@dataclass(frozen=True)
class DriverPlan:
    """The drivers (names and their columns), the covariates always in, and the categorical columns."""

    names: tuple[str, ...]
    members: tuple[tuple[str, ...], ...]
    always: tuple[str, ...] = ()
    categories: dict = field(default_factory=dict)  # column -> (reference level, [other levels], [dummy names])
    sets: tuple[str, ...] = ()  # names of the drivers given in `sets`

    @property
    def columns(self) -> list[str]:
        """The columns the reader reads after the outcome: every driver's columns, then ``always``."""
        return [c for m in self.members for c in m] + list(self.always)

    @property
    def plain(self) -> bool:
        """One column per driver, nothing held constant, no category: the drivers of earlier releases."""
        return not (self.always or self.categories or self.sets)

    def masks(self) -> tuple[np.ndarray, int]:
        """Column bit mask of every subset of drivers (with ``always``), and the mask of ``always`` alone."""
        index = {c: i for i, c in enumerate(self.columns)}
        bits = [sum(1 << index[c] for c in m) for m in self.members]
        held = sum(1 << index[c] for c in self.always)
        k = len(bits)
        out = np.full(2**k, held, dtype=np.int64)
        for j, b in enumerate(bits):
            out[(np.arange(2**k) >> j) & 1 == 1] |= b
        return out, held

    def reference_text(self) -> str:
        """``channel: 'branch'; region: 'north'``: the reference level of each categorical driver."""
        return "; ".join(f"{c}: {ref!r}" for c, (ref, _, _) in self.categories.items())


def plain_plan(attributes) -> DriverPlan:
    """One driver per attribute column (the drivers of earlier releases)."""
    attrs = [attributes] if isinstance(attributes, str) else list(attributes)
    return DriverPlan(tuple(attrs), tuple((a,) for a in attrs))


def _names(value, name: str) -> list:
    items = [value] if isinstance(value, str) else list(value)
    if not items:
        raise arg_error(name, "a non-empty list of column names", value)
    return items


def _check_sets(sets, attributes: list, always: list) -> dict:
    """``sets`` as {name: [columns]}, no column in two places and no name clashing with a column."""
    if sets is None:
        return {}
    if not isinstance(sets, Mapping):
        raise arg_error("sets", "a dict {driver name: [columns]}", sets)
    out = {}
    for key, cols in sets.items():
        if not isinstance(key, str) or not key:
            raise arg_error("sets", "a dict keyed by driver names (non-empty strings)", sets, f"{key!r} is not one.")
        out[key] = _names(cols, f"sets[{key!r}]")
    placed = [*attributes, *(c for cols in out.values() for c in cols), *always]
    twice = sorted({str(c) for c in placed if placed.count(c) > 1})
    if twice:
        raise arg_error("sets", "columns that are in no other set, not in `attributes` and not in `always`", sets,
                        f"{twice} would enter twice; a column belongs to one driver (or to `always`).")
    clash = [k for k in out if k in attributes and k not in out[k]]
    if clash:
        raise arg_error("sets", "names other than the attribute columns", sets, f"{clash} is also an attribute.")
    return out


def _is_category(column: pd.Series, codes: tuple) -> bool:
    """A category column, or a text column none of whose answers is a number.

    Numbers stored as text stay ratings, and so does a column of numbers with a few text
    answers ("n/a"): the rating reader refuses those by name, as a likely mistake.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return True
    if pd.api.types.is_numeric_dtype(column.dtype):
        return False
    given = column[column.notna() & ~column.isin([c for c in codes if isinstance(c, str)])]
    return bool(len(given)) and bool(pd.to_numeric(given, errors="coerce").isna().all())


def _levels(column: pd.Series, name: str, present: np.ndarray) -> list:
    """The levels of a categorical driver, reference first; refuses one level or a level with too few rows."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        counts = column[present].value_counts(sort=False)
        levels = [c for c in column.cat.categories if counts.get(c, 0) > 0]
    else:
        counts = column[present].astype(str).value_counts(sort=False)
        levels = sorted(counts.index)
    if len(levels) < 2:
        raise CXInputError(f"The categorical driver {name!r} has {len(levels)} level(s) ({levels}): a category "
                           "explains nothing unless it has at least two levels. Leave it out, or use it as `by`.")
    few = {lv: int(counts.get(lv, 0)) for lv in levels if counts.get(lv, 0) < MIN_LEVEL_ROWS}
    if few:
        raise CXInputError(f"The categorical driver {name!r} has level(s) with fewer than {MIN_LEVEL_ROWS} rows: "
                           + ", ".join(f"{lv!r} ({n})" for lv, n in few.items())
                           + ". Merge them into a larger level (or set them missing) before the analysis.")
    return levels


def _coding(data: pd.DataFrame, numeric: list, scale, codes: tuple) -> tuple[float, float]:
    """The two values of a dummy: the ends of the rating scale, so the dummies pass its checks (R2 is unchanged)."""
    if scale is not None:
        return float(scale[0]), float(scale[1])
    values = [recode(data[c], c, codes)[0] for c in numeric]
    seen = np.concatenate(values) if values else np.array([np.nan])
    if np.isfinite(seen).any() and np.nanmin(seen) < np.nanmax(seen):
        return float(np.nanmin(seen)), float(np.nanmax(seen))
    numbers = {float(c) for c in codes if not isinstance(c, str)}
    low = next(v for v in range(0, 2 * len(numbers) + 3) if v not in numbers and v + 1 not in numbers)
    return float(low), float(low + 1)


def _dummies(data: pd.DataFrame, columns: list, coding, codes, missing: str) -> tuple[pd.DataFrame, dict]:
    """``data`` (a copy) with each categorical column replaced by its dummies (missing where it is missing)."""
    texts = [c for c in codes if isinstance(c, str)]
    out, found = {}, {}
    for c in columns:
        raw = data[c]
        absent = (raw.isna() | raw.isin(texts)).to_numpy(dtype=bool)
        if missing == "raise" and absent.any():
            raise CXInputError(f"The categorical driver {c!r} has {int(absent.sum())} missing value(s); first row "
                               f"positions: {positions(absent)}. Pass missing='listwise' to leave such rows out "
                               "(they are counted).")
        levels = _levels(raw, c, ~absent)
        text = raw if isinstance(raw.dtype, pd.CategoricalDtype) else raw.astype(str)
        names = []
        for level in levels[1:]:
            name = f"{c}[{level}]"
            if name in data.columns:
                raise arg_error("attributes", f"no column named {name!r} besides the category {c!r}", name,
                                "The dummies of a categorical driver are named column[level]; rename that column.")
            dummy = np.where(text.to_numpy() == level, coding[1], coding[0]).astype(float)
            dummy[absent] = np.nan
            out[name], names = dummy, [*names, name]
        found[c] = (levels[0], levels[1:], names)
    extra = pd.DataFrame(out, index=data.index)
    return pd.concat([data.drop(columns=columns), extra], axis=1), found


def driver_plan(data, attributes, sets=None, always=None, *, scale=None, missing_codes=None,
                missing: str = "listwise"):
    """The :class:`DriverPlan` of the arguments and the data the rating reader reads (dummies in place)."""
    attrs = [attributes] if isinstance(attributes, str) else list(attributes)
    held = [] if always is None else _names(always, "always")
    both = [c for c in held if c in attrs]
    if both:
        raise arg_error("always", "covariates that are not also in `attributes`", held,
                        f"{both} {'is' if len(both) == 1 else 'are'} both a driver and held constant; a column held "
                        "in every model cannot also be a driver. Remove it from one of the two lists.")
    groups = _check_sets(sets, attrs, held)
    names, members = [*attrs, *groups], [(a,) for a in attrs] + [tuple(v) for v in groups.values()]
    codes = as_codes(missing_codes)
    if isinstance(data, Moments):
        absent = [c for m in members for c in m if c not in data.columns] + [c for c in held if c not in data.columns]
        if absent:
            raise CXInputError(f"Column(s) {', '.join(map(repr, absent))} not in the moments (columns: "
                               f"{', '.join(map(repr, data.columns))}). Make the moments with these columns; a text "
                               "or category column (a categorical driver) cannot be summed: its dummies are made "
                               "from the respondents' rows, so pass the DataFrame of rows instead.")
        return DriverPlan(tuple(names), tuple(members), tuple(held), {}, tuple(groups)), data
    if not isinstance(data, pd.DataFrame):
        return DriverPlan(tuple(names), tuple(members), tuple(held), {}, tuple(groups)), data
    every = [c for m in members for c in m] + held
    data = require_frame(data)
    require_columns(data, every, "attribute column(s)")
    kinds = [c for c in every if _is_category(data[c], codes)]
    if not kinds:
        return DriverPlan(tuple(names), tuple(members), tuple(held), {}, tuple(groups)), data
    coding = _coding(data, [c for c in every if c not in kinds], scale, codes)
    data, found = _dummies(data, kinds, coding, codes, missing)

    def expand(cols):
        return tuple(d for c in cols for d in (found[c][2] if c in found else (c,)))

    return DriverPlan(tuple(names), tuple(expand(m) for m in members), expand(held), found, tuple(groups)), data


def category_rows(rows: RowAccount, data: pd.DataFrame, plan: DriverPlan, outcome: str, by, codes) -> RowAccount:
    """The accounting with the rows left out for a missing category under a reason of their own.

    The rating reader counts them under "an attribute rating missing" (their dummies are missing);
    a row with its outcome present, in a segment, whose category is missing, is moved to
    "category missing: <column>" (the first such column of the row).
    """
    if not plan.categories or ATTRIBUTE_MISSING not in rows.excluded:
        return rows
    y = recode(data[outcome], outcome, tuple(codes))[0]
    keys = as_keys(by)
    open_ = ~np.isnan(y) & (~data[keys].isna().any(axis=1).to_numpy() if keys else True)
    excluded, moved = dict(rows.excluded), 0
    for c, (_, _, names) in plan.categories.items():
        hit = open_ & data[names[0]].isna().to_numpy()
        open_ = open_ & ~hit
        if hit.any():
            excluded[f"category missing: {c}"] = int(hit.sum())
            moved += int(hit.sum())
    excluded[ATTRIBUTE_MISSING] -= moved
    if not excluded[ATTRIBUTE_MISSING]:
        del excluded[ATTRIBUTE_MISSING]
    return replace(rows, excluded=excluded)


DOMINANCE_MAX = 20  # drivers up to which the dominance tables are computed (2^k subsets, k^2 pairs)


def check_plan(plan: DriverPlan, method: str, family: str | None, n_samples: int | None = None) -> None:
    """Refuse what a method cannot do with the drivers planned (and exact Shapley values beyond memory)."""
    m = len(plan.columns)
    if method == "shapley" and plan.plain and n_samples is None and family != "logit":
        check_exact(m, list(plan.names))
    if method == "shapley" and m > DOMINANCE_MAX and (not plan.plain or family == "logit"):
        what = "columns" if plan.plain else "columns (every column of a set, each dummy of a category and `always`)"
        raise arg_error("attributes", f"at most {DOMINANCE_MAX} {what} with method='shapley'"
                        + (" and family='logit'" if plan.plain else " and sets, `always` or a categorical driver"),
                        list(plan.names), "Use method='relative_weights' (nearly the same values, at a fraction of "
                        "the cost)." if plan.plain else "Use fewer columns.",
                        got=f"{m} attributes" if plan.plain else f"{m} columns")
    if n_samples is not None and not plan.plain:
        raise arg_error("n_samples", "None with `sets`, `always` or a categorical driver", n_samples,
                        "Sampled Shapley values are for plain attribute columns; sets and categorical drivers "
                        "are computed exactly (up to 20 columns).")
    if plan.plain:
        return
    if method == "ols":
        raise arg_error("method", "'shapley' or 'relative_weights' with `sets`, `always` or a categorical driver",
                        method, "Standardised coefficients belong to single columns, not to a set of them.")
    if method == "relative_weights" and plan.always:
        raise arg_error("always", "None with method='relative_weights'", list(plan.always),
                        "Relative weights split the R2 of all the columns; the R2 gained beyond covariates held "
                        "constant is method='shapley'.")
    if family == "logit" and method == "shapley" and m > 15:
        raise arg_error("attributes", "at most 15 columns with method='shapley' and family='logit' (one "
                        "logistic fit per subset)", list(plan.names), "Use fewer columns.", got=f"{m} columns")


def plan_fields(plan: DriverPlan, dominance: list) -> dict:
    """The fields of :class:`~._results.DriversResult` that describe the drivers and their dominance."""
    found = [d for d in dominance if d and d[0] is not None]
    out = {"always": plan.always, "reference": {c: ref for c, (ref, _, _) in plan.categories.items()}}
    if found:
        out["dominance"] = pd.concat([d[0] for d in found], ignore_index=True)
        out["dominance_pairs"] = pd.concat([d[1] for d in found], ignore_index=True)
    return out


def refuse_plan_options(plan: DriverPlan, family: str | None, missing: str) -> None:
    """Refuse sets, ``always`` and categorical drivers where they are not built: ordinal fits, pairwise correlations."""
    if plan.plain:
        return
    what = list(plan.names)
    if family == "ordinal":
        raise arg_error("family", "'linear' or 'logit' with `sets`, `always` or a categorical driver", family,
                        f"The ordinal model takes plain attribute columns; drivers {what} need the linear or "
                        "logistic model.")
    if missing == "pairwise":
        raise arg_error("missing", "'listwise' or 'raise' with `sets`, `always` or a categorical driver", missing,
                        f"Pairwise correlations are for plain attribute columns; drivers {what} are read from "
                        "complete rows.")
