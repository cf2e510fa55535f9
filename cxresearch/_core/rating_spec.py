"""What a rating model reads, checked once: :class:`RatingSpec` and :func:`rating_spec`.

Built from a model's public arguments before any data is read, and handed to the one
reader (:func:`cxresearch._core.ratings.read_groups`) and the two readers behind it (rows:
:mod:`~cxresearch._core.rating_rows`; sums: :mod:`~cxresearch._core.rating_moments`), which
check the data against it and never re-check the arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cxresearch._core.bands import dummy_names
from cxresearch._core.checks import arg_error, as_keys, check_pair
from cxresearch._core.codes import as_codes
from cxresearch._core.moments import product_column
from cxresearch._core.outcomes import check_family

__all__ = ["RatingSpec", "attribute_list", "check_scale", "rating_spec"]


def check_scale(scale, name: str = "scale") -> tuple[float, float] | None:
    """Validate a ``(low, high)`` pair (None stays None)."""
    return None if scale is None else check_pair(name, scale)


def attribute_list(attributes, name: str = "attributes") -> list[str]:
    """``attributes`` as a non-empty list of distinct column names (one name: a list of one)."""
    if isinstance(attributes, str):
        return [attributes]
    try:
        out = list(attributes)
    except TypeError:
        raise arg_error(name, "a list of column names", attributes) from None
    if not out:
        raise arg_error(name, "a list of at least one rating column", attributes)
    dup = sorted({a for a in out if out.count(a) > 1})
    if dup:
        raise arg_error(name, "a list of distinct column names", attributes, f"{dup} is listed more than once.")
    return out


@dataclass(frozen=True)
class RatingSpec:
    """What a rating model reads: checked once by :func:`rating_spec`, consumed by :func:`read_groups`."""

    outcome: str
    attributes: tuple[str, ...]
    by: Any = None  # as given (checked against the columns of the data by the readers)
    scale: tuple[float, float] | None = None
    outcome_scale: tuple[float, float] | None = None
    missing: str = "listwise"
    codes: tuple = ()
    outcome_codes: tuple | None = None  # codes turned missing in the outcome, when not `codes`
    family: str | None = None
    weights: str | None = None
    parameters: int = 0  # coefficients of the model, intercept included
    min_extra_rows: int = 2
    check_collinear: bool = True
    bands: tuple | None = None  # (low, high): the low / high dummies of every attribute are summed
    products: tuple[tuple[str, str], ...] = ()  # products of columns summed after the attributes
    rows_only: tuple[tuple, ...] = ()  # (argument, value, what it needs[, what it must be]) set away from default
    segments: bool = True  # a Moments object made with `by` is read as segments (else refused)
    thin: bool = True  # with `by`, a segment too thin for the model is reported, not refused
    model: str = "this model"  # the public function, for messages
    rows: str = ""  # why the model always needs rows ("" when sums can serve it)

    @property
    def columns(self) -> list[str]:
        """The outcome, then the attributes."""
        return [self.outcome, *self.attributes]

    @property
    def summed(self) -> list[str]:
        """The columns of each group's sums: (outcome, band dummies) with bands, else (outcome, attributes, products)."""
        if self.bands is not None:
            return [self.outcome, *dummy_names(self.attributes)]
        return [*self.columns, *(product_column(a, b) for a, b in self.products)]

    @property
    def needs_rows(self) -> bool:
        """Does an argument need the respondents' rows (so an engine frame is not reduced to moments)?"""
        return bool(self.rows_only or self.rows)


def rating_spec(outcome, attributes, *, by=None, scale=None, outcome_scale=None, missing: str = "listwise",
                missing_codes=None, family: str | None = None, families: tuple = ("linear",), weights=None,
                parameters: int | None = None, min_extra_rows: int = 2, check_collinear: bool = True,
                bands: tuple | None = None, products=(), rows_only=(), outcome_codes: tuple | None = None,
                segments: bool = True, thin: bool = True, model: str = "this model", rows: str = "",
                missing_options: tuple = ("listwise", "raise")) -> RatingSpec:
    """Check the arguments that describe rating data, once, and return the spec.

    ``rows_only`` lists ``(argument, value, what it needs)`` (and optionally what the argument
    must be with a Moments input, default "left at its default") for the arguments that need
    the respondents' rows; only those set away from their default (a truthy value) are kept.
    """
    if missing not in missing_options:  # drivers adds "pairwise" (correlations from pairwise-complete rows)
        raise arg_error("missing", "one of " + ", ".join(map(repr, missing_options)), missing,
                        "missing='pairwise' is available in drivers." if missing == "pairwise" else "")
    check_family(family, families)
    attributes = tuple(attribute_list(attributes))
    if not isinstance(outcome, str):
        raise arg_error("outcome", "one column name", outcome)
    if outcome in attributes:
        raise arg_error("outcome", "a column not listed in `attributes`", outcome, "A rating cannot explain itself.")
    keys = as_keys(by)
    clash = [k for k in keys if k in (outcome, *attributes)]
    if clash:
        raise arg_error("by", "columns other than the outcome and the attributes", by,
                        f"{clash} is also the outcome or an attribute; group by another column.")
    if weights is not None and weights in [outcome, *attributes, *keys]:
        raise arg_error("weights", "a column other than the outcome, the attributes and `by`", weights)
    return RatingSpec(
        outcome=outcome, attributes=attributes, by=by, scale=check_scale(scale),
        outcome_scale=check_scale(outcome_scale, "outcome_scale"), missing=missing, codes=as_codes(missing_codes),
        outcome_codes=outcome_codes, family=family, weights=weights,
        parameters=len(attributes) + 1 if parameters is None else int(parameters), min_extra_rows=min_extra_rows,
        check_collinear=check_collinear, bands=bands, products=tuple(tuple(p) for p in products),
        rows_only=tuple(r for r in rows_only if r[1]), segments=segments, thin=thin, model=model, rows=rows)
