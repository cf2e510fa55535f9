"""What the generators share: drawing categories, segments and noise."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error

def draw(prob: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n category codes from one distribution."""
    return np.searchsorted(np.cumsum(prob), rng.random(n) * prob.sum(), side="right").clip(0, 5)

def assign_segments(segments, n: int, rng: np.random.Generator):
    """Segment names and each respondent's segment index, drawn with the given shares."""
    if not segments:
        return [None], np.zeros(n, dtype=int)
    w = np.array(list(segments.values()), dtype=float)
    if (w < 0).any() or w.sum() <= 0:
        raise arg_error("segments", "shares that are non-negative with a positive sum", segments)
    idx = np.searchsorted(np.cumsum(w / w.sum()), rng.random(n), side="right")
    return list(segments), idx.clip(0, len(w) - 1)

def with_noise(prob: np.ndarray, noise: float) -> np.ndarray:
    """Mix in a share ``noise`` of R and Q answers (half each)."""
    return (1 - noise) * prob + noise * np.array([0, 0, 0, 0, 0.5, 0.5])


def check_share(name: str, value: Any) -> float:
    """A finite share in [0, 1] (``noise``)."""
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    if not ok or not 0 <= float(value) <= 1:
        raise arg_error(name, "a share between 0 and 1", value)
    return float(value)


def check_names(name: str, names: Iterable[Any]) -> list:
    """Attribute names: a flat list of distinct, non-missing labels."""
    if isinstance(names, str):
        raise arg_error(name, "a list of names (not a single string)", names, f"Use [{names!r}].")
    listed = np.asarray(list(names), dtype=object)
    if listed.ndim != 1:
        raise arg_error(name, "a flat (1-D) list of names", names, got=f"an array of shape {listed.shape}")
    missing = [i for i, v in enumerate(listed) if pd.isna(v)]
    if missing:
        raise arg_error(name, "names that are not missing", list(listed), f"Positions {missing[:5]} are missing.")
    dup = sorted({str(v) for v in listed if list(listed).count(v) > 1})
    if dup:
        raise arg_error(name, "distinct names", list(listed), f"{dup} appear more than once.")
    return list(listed)


def check_finite(name: str, spec: dict) -> None:
    """Every number of a generator's specification is finite."""
    bad = {k: v for k, v in spec.items()
           if not isinstance(v, (int, float, np.integer, np.floating)) or not np.isfinite(v)}
    if bad:
        raise arg_error(name, "a mapping of finite numbers", spec, f"Not finite numbers: {bad}.")
