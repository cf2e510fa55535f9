"""The Kano categories, shared by coding, drop-off, the generators and the datasets.

Also the rule that names a penalty-reward factor and its Kano letter, so that the
rating generators' truth and the analysis use one definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, bad_values
from cxresearch._core.warn import warn
from cxresearch.errors import InputWarning, KanoInputError

CATEGORIES = ("A", "O", "M", "I", "R", "Q")
CATEGORY_DTYPE = pd.CategoricalDtype(list(CATEGORIES), ordered=True)
# Tie-break priority for the mode rule (Matzler et al. 1996): M > O > A > I > R > Q.
PRIORITY = np.array([3, 4, 5, 2, 1, 0])  # in A O M I R Q order
# factor -> Kano category it corresponds to (Matzler & Sauerwein 2002)
FACTORS = {"basic": "M", "performance": "O", "excitement": "A"}
# factors without a Kano letter: an effect with the unexpected sign, or an effect that could not be estimated
UNCLASSIFIED, NOT_ESTIMABLE = "unclassified", "not estimable"


def category_codes(values: pd.Series, column: str) -> np.ndarray:
    """Category labels as codes 0-5 (A O M I R Q), -1 where missing; unknown labels raise."""
    if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == list(CATEGORIES):
        return values.array.codes  # a read-only view (``.cat.codes`` copies)
    idx, uniques = pd.factorize(values, use_na_sentinel=True)
    lut = np.array([CATEGORIES.index(str(u).strip().upper()) if str(u).strip().upper() in CATEGORIES
                    else -2 for u in uniques] + [-1], dtype=np.int8)
    out = lut[idx]
    if (out == -2).any():
        raise bad_values(column, values, out == -2, "Kano categories (A, O, M, I, R, Q)",
                         hint="Code answer pairs first with cx.kano.code or cx.kano.evaluate.",
                         error=KanoInputError)
    return out


def modal(counts: np.ndarray) -> np.ndarray:
    """The most frequent category along the last axis, ties broken M > O > A > I > R > Q."""
    counts = np.asarray(counts)
    top = counts == counts.max(axis=-1, keepdims=True)  # no arithmetic on counts: nothing can overflow
    return np.argmax(np.where(top, PRIORITY, -1), axis=-1)


def probabilities(spec: Any, name: str = "probabilities") -> np.ndarray:
    """A category distribution as a length-6 vector (A O M I R Q) summing to 1.

    ``spec`` is a letter ("A": all attractive), a mapping letter -> weight, or six weights.
    """
    expected = "a category letter, a mapping such as {'A': 0.6, 'M': 0.4}, or 6 non-negative weights"
    if isinstance(spec, str):
        spec = {spec: 1.0}
    if isinstance(spec, Mapping):
        bad = set(spec) - set(CATEGORIES)
        if bad:
            raise arg_error(name, expected, spec, f"Unknown categories {sorted(bad)}; use A, O, M, I, R, Q.")
        vec = np.array([float(spec.get(c, 0.0)) for c in CATEGORIES])
    else:
        try:
            vec = np.asarray(spec, dtype=float)
        except (TypeError, ValueError):
            raise arg_error(name, expected, spec) from None
    if vec.shape != (6,) or not np.isfinite(vec).all() or (vec < 0).any() or vec.sum() <= 0:
        raise arg_error(name, expected, spec)
    if vec.max() <= 1 and abs(vec.sum() - 1) > 1e-6 and (vec > 0).sum() > 1:  # shares meant, but not summing to 1
        shares = ", ".join(f"{c} {v:.3f}" for c, v in zip(CATEGORIES, vec / vec.sum()) if v > 0)
        warn(f"`{name}`: the shares sum to {vec.sum():g}, not 1; they were read as weights and normalised "
             f"({shares}). Give shares that sum to 1 to silence this.", InputWarning)
    return vec / vec.sum()


def material_sign(penalty: np.ndarray, reward: np.ndarray) -> np.ndarray:
    """Effects with the unexpected sign that the classification would rest on.

    A positive penalty or a negative reward is material when both effects have the
    unexpected sign, or when the wrong-signed effect is at least as large as the other
    one (the asymmetry would be read from it). A small wrong-signed effect next to a
    larger expected one (a basic factor's reward of -0.01) is noise around zero and
    does not block the classification.
    """
    pen, rew = np.asarray(penalty, float), np.asarray(reward, float)
    wrong_pen, wrong_rew = pen > 0, rew < 0
    larger_pen, larger_rew = np.abs(pen) >= np.abs(rew), np.abs(rew) >= np.abs(pen)
    return (wrong_pen & wrong_rew) | (wrong_pen & larger_pen) | (wrong_rew & larger_rew)


def classify(penalty: np.ndarray, reward: np.ndarray, bounds: tuple[float, float]):
    """Impact asymmetry of the absolute effects, the factor and its Kano letter.

    ``asymmetry = (|reward| - |penalty|) / (|reward| + |penalty|)`` lies in [-1, 1]; below
    ``bounds[0]`` the attribute is a basic factor, above ``bounds[1]`` an excitement
    factor, in between a performance factor. Missing effects give "not estimable"; a
    penalty above zero or a reward below zero (the unexpected sign) gives "unclassified"
    (the asymmetry of the absolute effects is still returned). Neither has a Kano letter.

    Examples
    --------
    >>> from cxresearch._core.categories import classify
    >>> asym, factor, kano = classify([-1.0, -0.1, 0.3, -1.0], [0.1, 0.9, 0.2, -0.05], (-0.2, 0.2))
    >>> asym.round(3).tolist(), factor.tolist(), kano.tolist()
    ([-0.818, 0.8, -0.2, -0.905], ['basic', 'excitement', 'unclassified', 'basic'], ['M', 'A', '', 'M'])
    """
    signed_pen, signed_rew = np.asarray(penalty, float), np.asarray(reward, float)
    penalty, reward = np.abs(np.asarray(penalty, float)), np.abs(np.asarray(reward, float))
    total = penalty + reward
    with np.errstate(invalid="ignore", divide="ignore"):
        asym = np.where(total > 0, (reward - penalty) / total, 0.0)
    asym = np.where(np.isnan(total), np.nan, asym)
    factor = np.where(asym < bounds[0], "basic", np.where(asym > bounds[1], "excitement", "performance"))
    factor = np.where(material_sign(signed_pen, signed_rew), UNCLASSIFIED, factor)
    factor = np.where(np.isnan(asym), NOT_ESTIMABLE, factor).astype(object)
    kano = np.array([FACTORS.get(f, "") for f in factor], dtype=object)
    return asym, factor, kano
