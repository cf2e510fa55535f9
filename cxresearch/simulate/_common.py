"""What the generators share: drawing categories, segments and noise."""

from __future__ import annotations

import numpy as np

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
