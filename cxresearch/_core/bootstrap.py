"""How many bootstrap resamples a percentile interval needs: one rule for every ``n_boot=``.

A percentile interval at level ``c`` reads its ends at the ``(1 - c) / 2`` and
``(1 + c) / 2`` quantiles of the ``B`` resampled estimates, so each tail holds
``B (1 - c) / 2`` resamples. The rule:

* ``B < 2 / (1 - c)`` is **refused**: a tail would hold less than one resample, and the
  interval's end is then not a quantile of the resamples at all but the most extreme
  resample (or, for ``B = 1``, the one resample, which can lie on either side of the
  estimate: an "interval" that excludes its own estimate). That is 40 resamples at 95%,
  20 at 90% and 200 at 99%.
* ``B < 10 / (1 - c)`` is **warned** (:class:`~cxresearch.errors.ThinDataWarning`): each
  tail holds fewer than five resamples, so the ends move with one or two extreme resamples
  from one seed to the next. That is 200 resamples at 95%, 100 at 90% and 1,000 at 99%.

Efron & Tibshirani (1993, sections 13.3 and 19.3) recommend 1,000 to 2,000 resamples for
percentile intervals that are reported; the warning marks only the point below which the
interval is a rough sketch. ``n_boot = 0`` means no bootstrap and is always accepted.

References
----------
Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
"""

from __future__ import annotations

import math
from typing import Any

from cxresearch._core.checks import arg_error, check_count
from cxresearch._core.warn import warn
from cxresearch.errors import ThinDataWarning

__all__ = ["check_resamples", "least_resamples", "advised_resamples"]


def _per_tail(confidence: float, tail: float) -> int:
    """The fewest resamples giving ``tail`` resamples in each tail at ``confidence`` (rounded against float noise)."""
    return math.ceil(round(2 * tail / (1 - confidence), 9))


def least_resamples(confidence: float) -> int:
    """The fewest resamples accepted for a percentile interval at ``confidence``: ``ceil(2 / (1 - confidence))``.

    Examples
    --------
    >>> from cxresearch._core.bootstrap import least_resamples
    >>> least_resamples(0.95), least_resamples(0.9), least_resamples(0.99)
    (40, 20, 200)
    """
    return _per_tail(confidence, 1)


def advised_resamples(confidence: float) -> int:
    """Below this many resamples a :class:`~cxresearch.errors.ThinDataWarning` is raised: ``ceil(10 / (1 - confidence))``.

    Examples
    --------
    >>> from cxresearch._core.bootstrap import advised_resamples
    >>> advised_resamples(0.95), advised_resamples(0.99)
    (200, 1000)
    """
    return _per_tail(confidence, 5)


def check_resamples(n_boot: Any, confidence: float, name: str = "n_boot") -> int:
    """``n_boot`` checked for a percentile interval at ``confidence`` (already checked): 0, or enough resamples.

    Refuses a number below :func:`least_resamples` (naming ``n_boot``, the minimum and the
    confidence) and warns below :func:`advised_resamples`. Returns ``n_boot`` as an int.

    Examples
    --------
    >>> from cxresearch._core.bootstrap import check_resamples
    >>> check_resamples(0, 0.95), check_resamples(1000, 0.95)
    (0, 1000)
    >>> check_resamples(1, 0.95)
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: `n_boot` must be 0 (no bootstrap) or at least 40 for a 95% percentile interval (ceil(2 / (1 - confidence)): one resample in each tail); got 1. Use 1,000 or more for intervals you report.
    """
    n_boot = check_count(name, n_boot, 0)
    if n_boot == 0:
        return 0
    level = f"{100 * confidence:g}%"
    least, advised = least_resamples(confidence), advised_resamples(confidence)
    if n_boot < least:
        raise arg_error(name, f"0 (no bootstrap) or at least {least:,} for a {level} percentile interval "
                        "(ceil(2 / (1 - confidence)): one resample in each tail)", n_boot,
                        "Use 1,000 or more for intervals you report.")
    if n_boot < advised:
        warn(f"`{name}` = {n_boot:,} resamples leave fewer than five in each tail of a {level} percentile "
             f"interval, so its ends rest on one or two extreme resamples; use at least {advised:,} "
             "(1,000 or more for intervals you report).", ThinDataWarning)
    return n_boot
