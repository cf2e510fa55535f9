"""A seeded satisfaction survey with a known penalty-reward structure."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cxresearch._core.categories import classify
from cxresearch._core.checks import arg_error, as_generator, check_count
from cxresearch.simulate._common import assign_segments, check_finite, check_names
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Anything, Integer, Keyed, Pair, Real, declared

def _ratings(latent: np.ndarray, scale: tuple[int, int]) -> np.ndarray:
    """Round a latent score to the nearest point of an integer scale."""
    return np.clip(np.rint(latent), scale[0], scale[1]).astype(np.int64)

@renamed_argument("respondents", "n", since="0.3")
@declared(attributes=Keyed("a dict {attribute: effects}"), n=Integer(1), expectation_effect=Real(),
          noise=Real(0), spread=Real(0), low=Integer(), high=Integer(), scale=Pair(),
          outcome_scale=Pair("(1, 10)"), segments=[None, Keyed("a dict {segment: shifts}")],
          period=[None, Anything("a pair of period labels, read here")], threshold=Real(0, 1, closed="neither"))
def rating_survey(
    attributes: Mapping[str, Mapping[str, float]],
    n: int,
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
    n : int
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

    See Also
    --------
    kano_survey : the Kano-questionnaire counterpart.
    cxresearch.satisfaction.penalty_reward : should recover the factors in ``truth``.
    cxresearch.satisfaction.drivers : derived importance of the attributes.
    cxresearch.satisfaction.disconfirmation : experience - expectation on these ratings.

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
    rng = as_generator(random_state)
    n = check_count("n", n)
    names = check_names("attributes", attributes)
    need = {"penalty", "reward", "experience", "expectation"}
    for name, spec in attributes.items():
        if set(spec) != need:
            raise arg_error(f"attributes[{name!r}]", f"a mapping with exactly the keys {sorted(need)}", spec)
        check_finite(f"attributes[{name!r}]", spec)
    segments = dict(segments or {})
    seg_names, seg_of = assign_segments({k: v["share"] for k, v in segments.items()}, n, rng)
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
