"""Seeded Kano surveys over waves whose attributes follow known paths (stable, drift, step)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.categories import probabilities
from cxresearch._core.checks import arg_error, as_generator, check_count
from cxresearch.simulate._common import assign_segments, check_names, check_share, draw, with_noise
from cxresearch.simulate._kano import answer_frame
from cxresearch._core.params import Anything, Integer, Keyed, Names, Real, declared

@dataclass(frozen=True)
class Path:
    """How an attribute's true category distribution moves over waves.

    Attributes
    ----------
    kind : {"stable", "drift", "step"}
    start, end : numpy arrays (6,)
        Distributions (A O M I R Q) at the first and last wave (before / after a step).
    at : int or None
        For a step: the index (0-based) of the first wave of the new regime.

    See Also
    --------
    stable : a path that does not move.
    drift : a linear change.
    step : a sudden change.
    kano_waves : draws a survey along the paths.
    """

    kind: str
    start: np.ndarray = field(repr=False)
    end: np.ndarray = field(repr=False)
    at: int | None = None

    def shares(self, n_waves: int) -> np.ndarray:
        """The (n_waves, 6) true distributions."""
        if self.kind == "step":
            return np.where(np.arange(n_waves)[:, None] < self.at, self.start, self.end)
        t = np.linspace(0, 1, n_waves)[:, None] if n_waves > 1 else np.zeros((1, 1))
        return (1 - t) * self.start + t * self.end

    def direction(self) -> str:
        """'drop-off' if the mean position on A < O < M rises, 'rise' if it falls, else 'stable'."""
        def position(p):
            q = p[:3] / p[:3].sum() if p[:3].sum() else p[:3]
            return float(q @ np.arange(3))
        diff = position(self.end) - position(self.start)
        return "stable" if abs(diff) < 1e-9 else ("drop-off" if diff > 0 else "rise")

@declared(dist=Anything("a category distribution, read here"))
def stable(dist: Any) -> Path:
    """The same distribution in every wave.

    Parameters
    ----------
    dist : str or mapping
        A category ("A") or shares ``{"A": 0.6, "O": 0.2, ...}``.

    Returns
    -------
    Path

    See Also
    --------
    drift : a linear change instead.
    step : a sudden change instead.
    kano_waves : draws a survey along the paths.

    Examples
    --------
    >>> import cxresearch as cx
    >>> cx.simulate.stable({"M": 0.8, "I": 0.2}).shares(3)[:, 2].tolist()
    [0.8, 0.8, 0.8]
    """
    p = probabilities(dist)
    return Path("stable", p, p)

@declared(start=Anything("a category distribution, read here"), end=Anything("a category distribution, read here"))
def drift(start: Any, end: Any) -> Path:
    """A linear change of the distribution from the first to the last wave.

    Parameters
    ----------
    start, end : str or mapping
        The first and the last wave's distribution: a category or shares.

    Returns
    -------
    Path

    See Also
    --------
    stable : no change.
    step : a sudden change instead.
    kano_waves : draws a survey along the paths.

    Examples
    --------
    >>> import cxresearch as cx
    >>> cx.simulate.drift("A", "M").shares(3)[:, [0, 2]].tolist()
    [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
    """
    return Path("drift", probabilities(start), probabilities(end))

@declared(before=Anything("a category distribution, read here"),
          after=Anything("a category distribution, read here"), at=Integer(0))
def step(before: Any, after: Any, at: int) -> Path:
    """A sudden change at wave index ``at`` (0-based: the first wave of the new regime).

    Parameters
    ----------
    before, after : str or mapping
        The distribution before and from ``at`` on: a category or shares.
    at : int
        The first wave (0-based) of the new distribution.

    Returns
    -------
    Path

    See Also
    --------
    stable : no change.
    drift : a linear change instead.
    kano_waves : draws a survey along the paths.
    cxresearch.dropoff.detect : finds the change point.

    Examples
    --------
    >>> import cxresearch as cx
    >>> path = cx.simulate.step("A", "M", at=2)
    >>> path.shares(4)[:, 0].tolist(), path.direction()
    ([1.0, 1.0, 0.0, 0.0], 'drop-off')
    """
    return Path("step", probabilities(before), probabilities(after), check_count("at", at, 1))

@declared(attributes=Names(single=False), waves=[Integer(2), Anything("a list of wave labels, read here")],
          respondents_per_wave=Integer(1), paths=Keyed("a dict {attribute: Path}"),
          segments=[None, Keyed("a dict {segment: share}")],
          segment_paths=[None, Keyed("a dict {(segment, attribute): Path}")], noise=Real(0, 1, expected="a share between 0 and 1"))
def kano_waves(
    attributes: Sequence[str],
    waves: Sequence[Any] | int,
    respondents_per_wave: int,
    paths: Mapping[str, Path],
    *,
    segments: Mapping[str, float] | None = None,
    segment_paths: Mapping[tuple[str, str], Path] | None = None,
    noise: float = 0.0,
    random_state=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A multi-wave Kano survey whose attributes follow known paths.

    Parameters
    ----------
    attributes : sequence of str
    waves : int or sequence
        Number of waves (labelled 1..W) or the wave labels (numbers or dates).
    respondents_per_wave : int
        New respondents each wave (independent cross-sections, as in repeated surveys).
    paths : mapping
        ``{attribute: Path}`` from :func:`stable`, :func:`drift` or :func:`step`.
    segments : mapping, optional
        ``{segment: share}``.
    segment_paths : mapping, optional
        ``{(attribute, segment): Path}`` overriding ``paths`` in one segment.
    noise : float
        Share of noisy R / Q answers mixed in.
    random_state : int or numpy.random.Generator

    Returns
    -------
    answers : pandas.DataFrame
        Long: ``respondent``, ``wave``, ``segment`` (when given), ``attribute``,
        ``functional``, ``dysfunctional``, ``true_category``.
    truth : pandas.DataFrame
        One row per attribute (and segment with ``segment_paths``): ``kind``,
        ``direction``, ``changepoint`` (wave label of the first new-regime wave for a
        step), and the true shares of A, O, M at the first and last wave.

    See Also
    --------
    Path : how an attribute's category distribution moves over waves.
    kano_survey : a single wave.
    cxresearch.dropoff.detect : finds the drop-offs in these surveys.
    cxresearch.dropoff.power : respondents per wave needed, by simulation.

    Examples
    --------
    >>> import cxresearch as cx
    >>> answers, truth = cx.simulate.kano_waves(
    ...     ["sms"], 4, 50, {"sms": cx.simulate.step("A", "M", at=2)}, random_state=0)
    >>> truth[["attribute", "kind", "direction", "changepoint"]]
      attribute  kind direction  changepoint
    0       sms  step  drop-off            3
    """
    rng = as_generator(random_state)
    labels = _wave_labels(waves)
    attributes = check_names("attributes", attributes)
    check_count("respondents_per_wave", respondents_per_wave)
    check_share("noise", noise)
    missing = [a for a in attributes if a not in paths]
    if missing:
        raise arg_error("paths", "a mapping with a Path for every attribute", paths, f"Missing: {missing}.")
    late = {a: p.at for a, p in [*paths.items(), *(segment_paths or {}).items()]
            if p.kind == "step" and p.at >= len(labels)}
    if late:
        raise arg_error("paths", f"steps at a wave index below the number of waves ({len(labels)})", paths,
                        f"Steps too late: {late} (0-based index of the first new-regime wave).")
    segment_paths = dict(segment_paths or {})
    n_w, n = len(labels), respondents_per_wave
    wave_idx = np.repeat(np.arange(n_w), n)
    seg_names, seg_of = assign_segments(segments, n_w * n, rng)
    parts, truth = [], []
    for name in attributes:
        cats = np.empty(n_w * n, dtype=np.intp)
        for s, seg in enumerate(seg_names):
            path = segment_paths.get((name, seg), paths[name])
            shares = path.shares(n_w)
            for w in range(n_w):
                idx = np.flatnonzero((wave_idx == w) & (seg_of == s))
                cats[idx] = draw(with_noise(shares[w], noise), len(idx), rng)
        truth.append(_truth_row(name, None, paths[name], labels))
        truth.extend(_truth_row(name, seg, p, labels)
                     for (a, seg), p in segment_paths.items() if a == name)
        ids = {"respondent": np.arange(1, n_w * n + 1), "wave": np.array(labels, dtype=object)[wave_idx]}
        parts.append(answer_frame(ids, seg_names if segments else None, seg_of, name, cats, rng))
    answers = pd.concat(parts, ignore_index=True)
    answers["wave"] = answers["wave"].infer_objects() if _is_count(waves) is False else answers["wave"].astype(int)
    return answers, pd.DataFrame(truth)

def _is_count(waves: Any) -> bool:
    return isinstance(waves, (int, np.integer)) and not isinstance(waves, (bool, np.bool_))


def _wave_labels(waves: Any) -> list:
    """Wave labels 1..W from a number of waves, or the labels given (flat, distinct, finite, not missing)."""
    if _is_count(waves):
        return list(range(1, check_count("waves", waves) + 1))
    expected = "a whole number of waves or a flat (1-D) list of wave labels (numbers or dates)"
    if isinstance(waves, (str, float, np.floating)) or not isinstance(waves, Sequence | np.ndarray | pd.Index):
        raise arg_error("waves", expected, waves)
    labels = np.asarray(list(waves), dtype=object)
    if labels.ndim != 1 or labels.size == 0:
        raise arg_error("waves", expected, waves, got=f"an array of shape {labels.shape}")
    bad = [v for v in labels if pd.isna(v) or (isinstance(v, (float, np.floating)) and not np.isfinite(v))]
    if bad or len(set(labels.tolist())) < labels.size:
        raise arg_error("waves", expected + " that are distinct, finite and not missing", list(labels))
    return labels.tolist()


def _truth_row(name: str, segment: str | None, path: Path, labels: list) -> dict:
    first, last = path.shares(len(labels))[[0, -1]]
    row = {"attribute": name}
    if segment is not None:
        row["segment"] = segment
    row.update({
        "kind": path.kind,
        "direction": path.direction(),
        "changepoint": labels[path.at] if path.kind == "step" else None,
    })
    for j, c in enumerate("AOM"):
        row[f"first_{c}"], row[f"last_{c}"] = round(first[j], 4), round(last[j], 4)
    return row
