"""Seeded generators of Kano surveys, rating surveys and customer journeys with known truth.

Each generator takes ``random_state`` (an int or a ``numpy.random.Generator``) and
returns the data together with the truth used to make it, so tests and power analyses
can check a method against what it should find (the model is ruptures' ``pw_constant``).

Answers are drawn from answer pairs that the standard evaluation table maps to the
intended category (for instance A from like / neutral, like / live-with, like /
must-be), so coding them returns the category that was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._answers import CATEGORIES, WORDINGS
from cxresearch._validate import as_generator as _rng
from cxresearch.errors import CXInputError

__all__ = ["Path", "answer_pairs", "drift", "journeys", "kano_survey", "kano_waves", "rating_survey", "stable",
           "step", "to_wide"]

# (functional, dysfunctional) answer pairs per category and how often each is drawn.
_PAIRS: dict[str, list[tuple[int, int, float]]] = {
    "A": [(1, 3, 0.5), (1, 4, 0.3), (1, 2, 0.2)],
    "O": [(1, 5, 1.0)],
    "M": [(2, 5, 0.45), (3, 5, 0.35), (4, 5, 0.2)],
    "I": [(3, 3, 0.5), (3, 4, 0.2), (2, 3, 0.1), (4, 3, 0.05), (2, 4, 0.05), (3, 2, 0.05),
          (2, 2, 0.025), (4, 4, 0.025)],
    "R": [(5, 1, 0.4), (3, 1, 0.2), (4, 1, 0.2), (5, 3, 0.2)],
    "Q": [(1, 1, 0.5), (5, 5, 0.5)],
}
_WIDTH = max(len(v) for v in _PAIRS.values())
_CUM = np.ones((6, _WIDTH))
_F = np.zeros((6, _WIDTH), dtype=np.int8)
_D = np.zeros((6, _WIDTH), dtype=np.int8)
for _k, _cat in enumerate(CATEGORIES):
    _w = np.array([p[2] for p in _PAIRS[_cat]])
    _CUM[_k, : len(_w)] = np.cumsum(_w) / _w.sum()
    _F[_k, : len(_w)] = [p[0] for p in _PAIRS[_cat]]
    _D[_k, : len(_w)] = [p[1] for p in _PAIRS[_cat]]
    _F[_k, len(_w):], _D[_k, len(_w):] = _F[_k, len(_w) - 1], _D[_k, len(_w) - 1]


def probabilities(spec: Any) -> np.ndarray:
    """A category distribution as a length-6 vector (A O M I R Q) summing to 1.

    ``spec`` is a letter ("A": all attractive), a mapping letter -> weight, or six weights.
    """
    if isinstance(spec, str):
        spec = {spec: 1.0}
    if isinstance(spec, Mapping):
        bad = set(spec) - set(CATEGORIES)
        if bad:
            raise CXInputError(f"Category probabilities name unknown categories {sorted(bad)}.")
        vec = np.array([float(spec.get(c, 0.0)) for c in CATEGORIES])
    else:
        vec = np.asarray(spec, dtype=float)
    if vec.shape != (6,) or (vec < 0).any() or vec.sum() <= 0:
        raise CXInputError(f"Category probabilities must be 6 non-negative weights, got {spec!r}.")
    return vec / vec.sum()


def answer_pairs(categories: np.ndarray, random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """Draw (functional, dysfunctional) answer codes that code to the given categories.

    Parameters
    ----------
    categories : array of int
        Category codes 0-5 (A O M I R Q).
    random_state : int or numpy.random.Generator, optional

    Returns
    -------
    functional, dysfunctional : numpy arrays of answer codes 1-5

    Examples
    --------
    >>> import numpy as np
    >>> import cxresearch as cx
    >>> f, d = cx.simulate.answer_pairs(np.array([0, 1, 2]), random_state=1)
    >>> list(cx.kano.evaluate(f, d))
    ['A', 'O', 'M']
    """
    rng = _rng(random_state)
    cats = np.asarray(categories, dtype=np.intp)
    u = rng.random(cats.shape)
    j = (u[:, None] > _CUM[cats]).sum(axis=1)
    j = np.minimum(j, _WIDTH - 1)
    return _F[cats, j], _D[cats, j]


def _draw(prob: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n category codes from one distribution."""
    return np.searchsorted(np.cumsum(prob), rng.random(n) * prob.sum(), side="right").clip(0, 5)


def _assign_segments(segments, n: int, rng: np.random.Generator):
    """Segment names and each respondent's segment index, drawn with the given shares."""
    if not segments:
        return [None], np.zeros(n, dtype=int)
    w = np.array(list(segments.values()), dtype=float)
    if (w < 0).any() or w.sum() <= 0:
        raise CXInputError(f"`segments` shares must be non-negative with a positive sum, got {segments}.")
    idx = np.searchsorted(np.cumsum(w / w.sum()), rng.random(n), side="right")
    return list(segments), idx.clip(0, len(w) - 1)


def _with_noise(prob: np.ndarray, noise: float) -> np.ndarray:
    """Mix in a share ``noise`` of R and Q answers (half each)."""
    return (1 - noise) * prob + noise * np.array([0, 0, 0, 0, 0.5, 0.5])


def kano_survey(
    attributes: Mapping[str, Any],
    respondents: int,
    *,
    segments: Mapping[str, float] | None = None,
    noise: float = 0.0,
    random_state=None,
) -> pd.DataFrame:
    """A single-wave Kano survey with known category probabilities.

    Parameters
    ----------
    attributes : mapping
        ``{attribute: spec}`` where spec is a category distribution (see
        :func:`probabilities`), or ``{segment: distribution}`` to differ by segment.
    respondents : int
    segments : mapping, optional
        ``{segment: share}``; respondents are assigned to segments with these shares.
    noise : float
        Share of answers replaced by noisy R / Q answers.
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        Long: ``respondent``, ``segment`` (when given), ``attribute``, ``functional``,
        ``dysfunctional`` (answer codes 1-5) and ``true_category`` (the category drawn).

    Examples
    --------
    >>> import cxresearch as cx
    >>> sim = cx.simulate.kano_survey({"wifi": "A", "safety": "M"}, 5, random_state=0)
    >>> (cx.kano.evaluate(sim["functional"], sim["dysfunctional"]) == sim["true_category"]).all()
    np.True_
    """
    rng = _rng(random_state)
    seg_names, seg_of = _assign_segments(segments, respondents, rng)
    parts = []
    for name, spec in attributes.items():
        cats = np.empty(respondents, dtype=np.intp)
        for s, seg in enumerate(seg_names):
            sub = spec[seg] if (isinstance(spec, Mapping) and seg in spec) else spec
            idx = np.flatnonzero(seg_of == s)
            cats[idx] = _draw(_with_noise(probabilities(sub), noise), len(idx), rng)
        ids = {"respondent": np.arange(1, respondents + 1)}
        parts.append(_answer_frame(ids, seg_names if segments else None, seg_of, name, cats, rng))
    return pd.concat(parts, ignore_index=True)


def _answer_frame(ids: dict, seg_names, seg_of, name: str, cats: np.ndarray, rng) -> pd.DataFrame:
    """One attribute's simulated answers: ids, segment, attribute, answer codes, true category."""
    part = pd.DataFrame(ids)
    if seg_names is not None:
        part["segment"] = np.array(seg_names, dtype=object)[seg_of]
    part["attribute"] = name
    part["functional"], part["dysfunctional"] = answer_pairs(cats, rng)
    part["true_category"] = np.array(CATEGORIES)[cats]
    return part


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


def stable(dist: Any) -> Path:
    """The same distribution in every wave.

    Examples
    --------
    >>> import cxresearch as cx
    >>> cx.simulate.stable({"M": 0.8, "I": 0.2}).shares(3)[:, 2].tolist()
    [0.8, 0.8, 0.8]
    """
    p = probabilities(dist)
    return Path("stable", p, p)


def drift(start: Any, end: Any) -> Path:
    """A linear change of the distribution from the first to the last wave.

    Examples
    --------
    >>> import cxresearch as cx
    >>> cx.simulate.drift("A", "M").shares(3)[:, [0, 2]].tolist()
    [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
    """
    return Path("drift", probabilities(start), probabilities(end))


def step(before: Any, after: Any, at: int) -> Path:
    """A sudden change at wave index ``at`` (0-based: the first wave of the new regime).

    Examples
    --------
    >>> import cxresearch as cx
    >>> path = cx.simulate.step("A", "M", at=2)
    >>> path.shares(4)[:, 0].tolist(), path.direction()
    ([1.0, 1.0, 0.0, 0.0], 'drop-off')
    """
    return Path("step", probabilities(before), probabilities(after), int(at))


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

    Examples
    --------
    >>> import cxresearch as cx
    >>> answers, truth = cx.simulate.kano_waves(
    ...     ["sms"], 4, 50, {"sms": cx.simulate.step("A", "M", at=2)}, random_state=0)
    >>> truth[["attribute", "kind", "direction", "changepoint"]]
      attribute  kind direction  changepoint
    0       sms  step  drop-off            3
    """
    rng = _rng(random_state)
    labels = list(range(1, waves + 1)) if isinstance(waves, int) else list(waves)
    missing = [a for a in attributes if a not in paths]
    if missing:
        raise CXInputError(f"`paths` has no path for attributes {missing}.")
    segment_paths = dict(segment_paths or {})
    n_w, n = len(labels), respondents_per_wave
    wave_idx = np.repeat(np.arange(n_w), n)
    seg_names, seg_of = _assign_segments(segments, n_w * n, rng)
    parts, truth = [], []
    for name in attributes:
        cats = np.empty(n_w * n, dtype=np.intp)
        for s, seg in enumerate(seg_names):
            path = segment_paths.get((name, seg), paths[name])
            shares = path.shares(n_w)
            for w in range(n_w):
                idx = np.flatnonzero((wave_idx == w) & (seg_of == s))
                cats[idx] = _draw(_with_noise(shares[w], noise), len(idx), rng)
        truth.append(_truth_row(name, None, paths[name], labels))
        truth.extend(_truth_row(name, seg, p, labels)
                     for (a, seg), p in segment_paths.items() if a == name)
        ids = {"respondent": np.arange(1, n_w * n + 1), "wave": np.array(labels, dtype=object)[wave_idx]}
        parts.append(_answer_frame(ids, seg_names if segments else None, seg_of, name, cats, rng))
    answers = pd.concat(parts, ignore_index=True)
    answers["wave"] = answers["wave"].infer_objects() if not isinstance(waves, int) else answers["wave"].astype(int)
    return answers, pd.DataFrame(truth)


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


def to_wide(
    answers: pd.DataFrame,
    *,
    wording: str | None = "berger_4",
    id_vars: Sequence[str] = ("respondent",),
    suffixes: tuple[str, str] = ("_functional", "_dysfunctional"),
) -> pd.DataFrame:
    """Turn long simulated answers into a wide export with answer labels.

    Parameters
    ----------
    answers : pandas.DataFrame
        Long answers with ``attribute``, ``functional``, ``dysfunctional`` (codes 1-5).
    wording : str or None
        A wording set from ``cx.kano.answer_labels()["wording"]`` (its first label per
        answer is used), or None to keep the numbers.
    id_vars : sequence of str
        Columns identifying a respondent (kept, one row each).
    suffixes : (str, str)
        Column suffixes of the functional and dysfunctional answers.

    Returns
    -------
    pandas.DataFrame
        One row per respondent; columns ``id_vars`` then, per attribute in order of
        appearance, ``<attribute><suffix>`` for both questions.

    Examples
    --------
    >>> import cxresearch as cx
    >>> sim = cx.simulate.kano_survey({"wifi": "O"}, 2, random_state=0)
    >>> cx.simulate.to_wide(sim)
       respondent wifi_functional wifi_dysfunctional
    0           1       I like it       I dislike it
    1           2       I like it       I dislike it
    """
    labels = None
    if wording is not None:
        found = [w for w in WORDINGS if w[1] == wording]
        if not found:
            raise CXInputError(f"Unknown wording {wording!r}; see cx.kano.answer_labels().")
        labels = np.array([None] + [a if isinstance(a, str) else a[0] for a in found[0][2]], dtype=object)
    ids = list(id_vars)
    order = list(pd.unique(answers["attribute"]))
    out = answers[ids].drop_duplicates().reset_index(drop=True)
    for name in order:
        part = answers.loc[answers["attribute"] == name, [*ids, "functional", "dysfunctional"]]
        part = part.rename(columns={"functional": f"{name}{suffixes[0]}", "dysfunctional": f"{name}{suffixes[1]}"})
        if labels is not None:
            for col in part.columns[-2:]:
                part[col] = labels[part[col].to_numpy(dtype=int)]
        out = out.merge(part, on=ids, how="left")
    return out


def _ratings(latent: np.ndarray, scale: tuple[int, int]) -> np.ndarray:
    """Round a latent score to the nearest point of an integer scale."""
    return np.clip(np.rint(latent), scale[0], scale[1]).astype(np.int64)


def rating_survey(
    attributes: Mapping[str, Mapping[str, float]],
    respondents: int,
    *,
    intercept: float = 6.3,
    expectation_effect: float = -0.6,
    noise: float = 1.0,
    halo: float = 0.5,
    spread: float = 0.9,
    low: int = 2,
    high: int = 4,
    scale: tuple[int, int] = (1, 5),
    outcome_scale: tuple[int, int] = (1, 10),
    segments: Mapping[str, Mapping[str, float]] | None = None,
    period: tuple[str, str] | None = None,
    threshold: float = 0.2,
    random_state=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A satisfaction survey: experience and expectation ratings and an overall score.

    Each respondent rates every attribute twice on ``scale`` (experience: how was it;
    expectation: what did you expect) and gives an overall satisfaction score on
    ``outcome_scale``. The overall score follows a known penalty-reward structure:

    ``S* = intercept + sum_j (penalty_j [E_j <= low] + reward_j [E_j >= high])
    + expectation_effect (mean_j X_j - midpoint) + noise e``,

    rounded to ``outcome_scale``. An attribute with a large penalty and a small reward is a
    basic factor (must-be), one with a large reward and a small penalty an excitement
    factor (attractive), one with both a performance factor (one-dimensional).

    Parameters
    ----------
    attributes : mapping
        ``{name: {"penalty": p, "reward": r, "experience": m, "expectation": m}}``:
        the effect of a low and of a high experience rating on ``S*``, and the mean latent
        experience and expectation on ``scale``.
    respondents : int
    intercept, expectation_effect, noise : float
        Terms of the equation above.
    halo, spread : float
        Latent experience = mean + segment shift + ``halo`` x a respondent factor +
        ``spread`` x a rating-specific normal; rounded to the scale. The shared factor
        correlates a respondent's ratings, as in real surveys.
    low, high : int
        Experience ratings at or below ``low`` carry the penalty, at or above ``high`` the
        reward (the bottom and top two boxes of a 5-point scale by default).
    scale, outcome_scale : (int, int)
    segments : mapping, optional
        ``{segment: {"share": s, "experience": shift, "expectation": shift}}``.
    period : (str, str), optional
        First and last survey date; each respondent gets a date drawn uniformly between.
    threshold : float
        Impact-asymmetry cut-off used to name the true factor in ``truth``.
    random_state : int or numpy.random.Generator

    Returns
    -------
    data : pandas.DataFrame
        ``respondent``, ``segment`` and ``survey_date`` (when asked for), then
        ``<name>_experience`` and ``<name>_expectation`` per attribute, and ``overall``.
    truth : pandas.DataFrame
        Per attribute: ``penalty``, ``reward``, ``asymmetry`` (of the absolute effects),
        ``factor`` and ``kano`` (M / O / A), and the latent means.

    Examples
    --------
    >>> import cxresearch as cx
    >>> spec = {"speed": {"penalty": -1.0, "reward": 0.1, "experience": 3.5, "expectation": 4.5},
    ...         "gift": {"penalty": -0.1, "reward": 0.9, "experience": 3.0, "expectation": 2.0}}
    >>> data, truth = cx.simulate.rating_survey(spec, 1000, random_state=1)
    >>> list(data.columns)
    ['respondent', 'speed_experience', 'speed_expectation', 'gift_experience', 'gift_expectation', 'overall']
    >>> truth[["attribute", "asymmetry", "factor", "kano"]]
      attribute  asymmetry      factor kano
    0     speed     -0.818       basic    M
    1      gift      0.800  excitement    A
    """
    from cxresearch._penalty import classify

    rng = _rng(random_state)
    n = int(respondents)
    names = list(attributes)
    need = {"penalty", "reward", "experience", "expectation"}
    for name, spec in attributes.items():
        if set(spec) != need:
            raise CXInputError(f"Attribute {name!r}: give exactly the keys {sorted(need)}, got {sorted(spec)}.")
    segments = dict(segments or {})
    seg_names, seg_of = _assign_segments({k: v["share"] for k, v in segments.items()}, n, rng)
    e_shift = np.array([segments[s].get("experience", 0.0) if s else 0.0 for s in seg_names])[seg_of]
    x_shift = np.array([segments[s].get("expectation", 0.0) if s else 0.0 for s in seg_names])[seg_of]

    data = pd.DataFrame({"respondent": np.arange(1, n + 1)})
    if segments:
        data["segment"] = np.array(seg_names, dtype=object)[seg_of]
    if period is not None:
        first, last = pd.Timestamp(period[0]), pd.Timestamp(period[1])
        days = rng.integers(0, (last - first).days + 1, n)
        data["survey_date"] = (first + pd.to_timedelta(np.sort(days), unit="D")).strftime("%Y-%m-%d")
    factor = rng.normal(size=n)
    mid = (scale[0] + scale[1]) / 2
    latent = np.full(n, float(intercept))
    expect_sum = np.zeros(n)
    for name in names:
        spec = attributes[name]
        e = _ratings(spec["experience"] + e_shift + halo * factor + spread * rng.normal(size=n), scale)
        x = _ratings(spec["expectation"] + x_shift + spread * rng.normal(size=n), scale)
        data[f"{name}_experience"], data[f"{name}_expectation"] = e, x
        latent += spec["penalty"] * (e <= low) + spec["reward"] * (e >= high)
        expect_sum += x
    latent += expectation_effect * (expect_sum / len(names) - mid) + noise * rng.normal(size=n)
    data["overall"] = _ratings(latent, outcome_scale)

    pen = np.array([attributes[a]["penalty"] for a in names], dtype=float)
    rew = np.array([attributes[a]["reward"] for a in names], dtype=float)
    asym, fac, kano = classify(pen, rew, (-threshold, threshold))
    truth = pd.DataFrame({"attribute": names, "penalty": pen, "reward": rew, "asymmetry": asym.round(3),
                          "factor": fac, "kano": kano,
                          "experience_mean": [attributes[a]["experience"] for a in names],
                          "expectation_mean": [attributes[a]["expectation"] for a in names]})
    return data, truth


PEAK_END = {"intercept": 1.0, "mean": 0.15, "peak": 0.10, "trough": 0.35, "end": 0.30, "steps": 0.0}


def journeys(
    steps: Mapping[str, Mapping[str, float]],
    n: int,
    *,
    weights: Mapping[str, float] | None = None,
    quality: float = 0.8,
    spread: float = 1.0,
    incident: float = 0.15,
    incident_size: float = 3.5,
    noise: float = 0.6,
    scale: tuple[int, int] = (1, 10),
    random_state=None,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Customer journeys rated moment by moment, with a retrospective rating of the whole.

    Each journey passes the ``steps`` in the given order (a step with ``share`` < 1 is
    skipped by some journeys). The momentary rating of a step is its ``mean`` + a journey
    quality factor (sd ``quality``) + ``spread`` x N(0, 1); with probability ``incident`` one
    step of the journey goes wrong (``incident_size`` points lower). Ratings are rounded to
    ``scale``. The retrospective rating is

    ``R* = intercept + w_mean mean + w_peak peak + w_trough trough + w_end end + w_steps n_steps
    + noise e``

    over the journey's momentary ratings (peak = best, trough = worst, end = last), rounded
    to ``scale``. The default weights follow the peak-end rule with duration neglect: the
    worst moment and the end dominate, the number of steps does not matter.

    Parameters
    ----------
    steps : mapping
        ``{step: {"mean": m, "share": s}}`` in journey order (``share`` defaults to 1).
    n : int
        Journeys.
    weights : mapping, optional
        Keys ``intercept``, ``mean``, ``peak``, ``trough``, ``end``, ``steps``; missing keys
        take the defaults in ``cxresearch.simulate.PEAK_END``.
    quality, spread, incident, incident_size, noise : float
        See above.
    scale : (int, int)
    random_state : int or numpy.random.Generator

    Returns
    -------
    data : pandas.DataFrame
        Long, one row per journey and step: ``journey``, ``step`` (1, 2, ... in order),
        ``touchpoint``, ``rating``, ``retrospective`` (the same on every row of a journey).
    truth : dict
        The weights used.

    Examples
    --------
    >>> import cxresearch as cx
    >>> steps = {"queue": {"mean": 6}, "counter": {"mean": 8}, "farewell": {"mean": 8, "share": 0.5}}
    >>> data, truth = cx.simulate.journeys(steps, 3, random_state=2)
    >>> data.groupby("journey")["touchpoint"].apply(list).tolist()
    [['queue', 'counter'], ['queue', 'counter'], ['queue', 'counter', 'farewell']]
    >>> truth["trough"], truth["steps"]
    (0.35, 0.0)
    """
    rng = _rng(random_state)
    w = dict(PEAK_END)
    unknown = set(weights or {}) - set(w)
    if unknown:
        raise CXInputError(f"`weights` has unknown keys {sorted(unknown)}; use {sorted(w)}.")
    w.update(weights or {})
    names = list(steps)
    share = np.array([float(steps[s].get("share", 1.0)) for s in names])
    mean = np.array([float(steps[s]["mean"]) for s in names])
    present = rng.random((n, len(names))) < share
    present[present.sum(axis=1) == 0, 0] = True  # every journey has at least one step
    latent = mean + quality * rng.normal(size=(n, 1)) + spread * rng.normal(size=(n, len(names)))
    hit = rng.random(n) < incident
    which = np.argmax(np.where(present, rng.random(present.shape), -1.0), axis=1)  # a random present step
    latent[np.flatnonzero(hit), which[hit]] -= incident_size
    ratings = np.clip(np.rint(latent), scale[0], scale[1])
    masked = np.where(present, ratings, np.nan)
    last = present.shape[1] - 1 - np.argmax(present[:, ::-1], axis=1)
    feats = {"mean": np.nanmean(masked, axis=1), "peak": np.nanmax(masked, axis=1),
             "trough": np.nanmin(masked, axis=1), "end": ratings[np.arange(n), last],
             "steps": present.sum(axis=1)}
    retro = w["intercept"] + sum(w[k] * v for k, v in feats.items()) + noise * rng.normal(size=n)
    retro = np.clip(np.rint(retro), scale[0], scale[1]).astype(int)
    j, s = np.nonzero(present)
    data = pd.DataFrame({"journey": j + 1, "step": 0, "touchpoint": np.array(names, dtype=object)[s],
                         "rating": ratings[j, s].astype(int), "retrospective": retro[j]})
    data["step"] = data.groupby("journey").cumcount() + 1
    return data, w
