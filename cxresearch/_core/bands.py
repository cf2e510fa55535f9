"""Rating bands of penalty-reward analysis: one rule for the default bands, one reader of ``low=`` / ``high=``.

Used by :func:`cxresearch.satisfaction.penalty_reward` (and its engine moments) and by
:func:`cxresearch.dropoff.from_ratings`, so a scale gets the same bands everywhere.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from cxresearch._core.checks import arg_error
from cxresearch._core.moments import band_column
from cxresearch.errors import CXInputError

__all__ = ["band", "default_cut", "dummy_names", "dummy_rows"]


def default_cut(scale: tuple[float, float], side: str) -> float:
    """The default band edge: the low band is ratings <= it, the high band ratings >= it.

    On a scale of five to eleven points (1-5, 1-7, 1-10, 0-10) the bottom two and the top
    two points; on three or four points (1-3, 1-4) the bottom and the top point only, so a
    reference band remains (1-4: low {1}, reference {2, 3}, high {4}); on a wider scale
    (0-100) the bottom and the top fifth of the range.
    """
    lo, hi = scale
    span = hi - lo
    width = 0.0 if span < 4 else 1.0 if span <= 10 else 0.2 * span
    return lo + width if side == "low" else hi - width


def band(values: np.ndarray, spec, scale: tuple[float, float], side: str) -> tuple[np.ndarray, str]:
    """Which ratings fall in the low (or high) band, and a description of the band.

    ``spec`` is None (the bottom / top two points of a scale of up to 11 points, the bottom
    / top fifth of the range of a wider one such as 0-100), a number (ratings at or below /
    at or above it) or a collection of rating values.
    """
    if spec is None:
        spec = default_cut(scale, side)
    expected = "a rating (the band's edge) or a non-empty list of rating values"
    if isinstance(spec, np.ndarray) and spec.ndim == 0:
        spec = spec.item()
    if isinstance(spec, Collection) and not isinstance(spec, str):
        vals = [_rating(v) for v in spec]
        if not vals or any(v is None for v in vals):
            raise arg_error(side, expected, spec, "Give finite numbers on the rating scale, e.g. [1, 2].")
        vals = sorted(vals)
        return np.isin(values, vals), "{" + ", ".join(f"{v:g}" for v in vals) + "}"
    cut = _rating(spec)
    if cut is None:
        raise arg_error(side, expected, spec)
    if side == "low":
        return values <= cut, f"<= {cut:g}"
    return values >= cut, f">= {cut:g}"


def _rating(value) -> float | None:
    """A finite number (not a bool, not missing), or None."""
    if isinstance(value, (bool, np.bool_, str)) or value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return out if np.isfinite(out) else None


def dummy_rows(X: np.ndarray, low, high, scale: tuple[float, float]) -> tuple[np.ndarray, str, str]:
    """Low and high dummies of every rating column of ``X`` (n, 2k: low / high alternating), and the bands' texts.

    The one rule of :func:`band`; a missing rating is in neither band (its row is not used).
    Overlapping bands are refused: a rating can be in one band only.
    """
    n, k = X.shape
    out = np.empty((n, 2 * k), order="F")
    low_text = high_text = ""
    for j in range(k):
        lo_mask, low_text = band(X[:, j], low, scale, "low")
        hi_mask, high_text = band(X[:, j], high, scale, "high")
        if (lo_mask & hi_mask).any():
            raise CXInputError(f"The low band ({low_text}) and the high band ({high_text}) overlap; "
                               "a rating can be in one band only.")
        out[:, 2 * j], out[:, 2 * j + 1] = lo_mask, hi_mask
    return out, low_text, high_text


def dummy_names(attributes) -> list[str]:
    """Column names of :func:`dummy_rows`."""
    return [band_column(a, kind) for a in attributes for kind in ("low", "high")]
