"""Seeded touchpoint surveys (experience and expectation per touchpoint, by segment) and step-rated visits."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_generator, check_count
from cxresearch.simulate._common import check_finite, check_names
from cxresearch.simulate._journeys import PEAK_END
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Anything, Frame, Integer, Keyed, Pair, Real, declared


@declared(touchpoints=Keyed("a dict {touchpoint: weight}"), n=Integer(1),
          segments=[None, Keyed("a dict {segment: share}")],
          experience=[None, Keyed("a dict {(touchpoint, segment): shift}")],
          expectation=[None, Keyed("a dict {(touchpoint, segment): shift}")],
          base=Anything("a pair (experience, expectation) of mean ratings, read here"), leniency=Real(),
          noise=Anything("a pair (experience, expectation) of noise levels, read here"), outcome_noise=Real(0),
          waits=[None, Keyed("a dict {touchpoint: minutes}")], scale=Pair("(1, 7)"), outcome_scale=Pair("(1, 10)"))
def touchpoint_survey(
    touchpoints: Mapping[str, float],
    n: int,
    *,
    segments: Mapping[str, float] | None = None,
    experience: Mapping[tuple[str, str], float] | None = None,
    expectation: Mapping[tuple[str, str], float] | None = None,
    base: tuple[float, float] = (5.0, 4.8),
    leniency: float = 0.4,
    noise: tuple[float, float] = (0.9, 0.8),
    intercept: float = 7.2,
    outcome_noise: float = 0.8,
    waits: Mapping[str, float] | None = None,
    scale: tuple[int, int] = (1, 7),
    outcome_scale: tuple[int, int] = (1, 10),
    random_state=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Customers who rate each touchpoint twice, for experience and expectation, and the visit overall.

    For customer ``i`` of segment ``s`` and touchpoint ``t``:
    ``experience = round(E[s, t] + u_i + e)`` and ``expectation = round(X[s, t] + x)``, clipped
    to ``scale``, with leniency ``u_i ~ N(0, leniency)`` shared by the customer's experience
    ratings and noises ``e, x ~ N(0, noise)``. Overall satisfaction is
    ``round(intercept + u_i + sum_t w_t (experience - expectation) + N(0, outcome_noise))``,
    clipped to ``outcome_scale``: satisfaction = experience - expectation, weighted by touchpoint.

    Parameters
    ----------
    touchpoints : mapping
        ``{touchpoint: weight of its gap in overall satisfaction}``, in journey order.
    n : int
        Customers.
    segments : mapping, optional
        ``{segment: share}`` (shares summing to 1). Default: one segment ``"all"``.
    experience, expectation : mapping, optional
        ``{(segment, touchpoint): true mean}`` where a segment departs from ``base``.
    base : (float, float)
        True mean experience and expectation elsewhere.
    leniency, intercept, outcome_noise : float
    noise : (float, float)
        Noise SDs of experience and expectation ratings.
    waits : mapping, optional
        ``{segment: mean wait in minutes}``: adds ``wait_minutes``, gamma-distributed (shape 4).
    scale, outcome_scale : (int, int)
    random_state : int or numpy.random.Generator

    Returns
    -------
    data : pandas.DataFrame
        ``customer``, ``segment``, [``wait_minutes``], ``<t>_experience``, ``<t>_expectation``
        for every touchpoint, ``overall``.
    truth : pandas.DataFrame
        Per segment and touchpoint: true mean ``experience``, ``expectation``, ``gap`` and the
        gap's ``weight``.

    See Also
    --------
    touchpoint_visits : step-rated visits of some of these customers.
    cxresearch.journey.touchpoints : what the generated survey is analysed with.

    Examples
    --------
    >>> import cxresearch as cx
    >>> data, truth = cx.simulate.touchpoint_survey({"queue": 0.4, "staff": 0.3}, 1000,
    ...     segments={"gold": 0.4, "ordinary": 0.6}, experience={("gold", "queue"): 4.6},
    ...     expectation={("gold", "queue"): 6.3}, random_state=1)
    >>> data.columns.tolist()
    ['customer', 'segment', 'queue_experience', 'queue_expectation', 'staff_experience', 'staff_expectation', 'overall']
    >>> truth.loc[truth["segment"] == "gold", ["touchpoint", "gap"]].round(2).to_string(index=False)
    'touchpoint  gap\\n     queue -1.7\\n     staff  0.2'
    """
    names = check_names("touchpoints", touchpoints)
    n = check_count("n", n)
    segments = {"all": 1.0} if segments is None else dict(segments)
    check_finite("touchpoints", dict(touchpoints))
    check_finite("segments", segments)
    if not np.isclose(sum(segments.values()), 1.0) or min(segments.values()) < 0:
        raise arg_error("segments", "shares that are >= 0 and sum to 1", segments)
    experience, expectation = dict(experience or {}), dict(expectation or {})
    for arg, spec in (("experience", experience), ("expectation", expectation)):
        unknown = [k for k in spec if not (isinstance(k, tuple) and k[0] in segments and k[1] in names)]
        if unknown:
            raise arg_error(arg, "keys (segment, touchpoint) of the given segments and touchpoints", unknown[:3])
    rng = as_generator(random_state)
    segment = rng.choice(list(segments), n, p=list(segments.values()))
    df = pd.DataFrame({"customer": [f"C{i:05d}" for i in range(1, n + 1)], "segment": segment})
    if waits is not None:
        df["wait_minutes"] = np.round(rng.gamma(4.0, np.vectorize(dict(waits).get)(segment) / 4.0), 1)
    person = rng.normal(0, leniency, n)
    overall = np.full(n, intercept - 3.0) + person  # the order of operations of the shipped dataset's script
    truth = []
    for name in names:
        e_mean = np.array([experience.get((s, name), base[0]) for s in segment])
        x_mean = np.array([expectation.get((s, name), base[1]) for s in segment])
        e = np.clip(np.rint(e_mean + person + rng.normal(0, noise[0], n)), *scale)
        x = np.clip(np.rint(x_mean + rng.normal(0, noise[1], n)), *scale)
        df[f"{name}_experience"], df[f"{name}_expectation"] = e.astype(int), x.astype(int)
        overall += touchpoints[name] * (e - x)
        truth += [{"segment": s, "touchpoint": name, "experience": experience.get((s, name), base[0]),
                   "expectation": expectation.get((s, name), base[1]), "weight": touchpoints[name]}
                  for s in segments]
    df["overall"] = np.clip(np.rint(overall + 3.0 + rng.normal(0, outcome_noise, n)), *outcome_scale).astype(int)
    truth = pd.DataFrame(truth)
    truth.insert(4, "gap", truth["experience"] - truth["expectation"])
    return df, truth


@renamed_argument("weights", "coefficients", since="0.3")
@declared(survey=Frame(), n=Integer(1), center=Real(),
          slope=Real(), spread=Real(0), noise=Real(0),
          scale=Pair("(1, 10)"))
def touchpoint_visits(
    survey: pd.DataFrame,
    steps: Mapping[str, float],
    n: int,
    *,
    center: float = 6.0,
    slope: float = 1.0,
    spread: float = 0.8,
    coefficients: Mapping[str, float] | None = None,
    noise: float = 0.6,
    scale: tuple[int, int] = (1, 10),
    random_state=None,
) -> pd.DataFrame:
    """Visits of ``n`` customers of a touchpoint survey, rated step by step, with a remembered rating.

    The momentary rating of a step is ``round(center + slope (experience - expectation) +
    N(0, spread))`` on ``scale``, from the customer's own gap at that touchpoint; the
    retrospective rating follows the peak-end model of :func:`journeys` (``coefficients``,
    defaults ``cxresearch.simulate.PEAK_END``).

    Parameters
    ----------
    survey : pandas.DataFrame
        From :func:`touchpoint_survey` (``customer``, ``segment``, ``<t>_experience``,
        ``<t>_expectation``).
    steps : mapping
        ``{touchpoint: share of visits passing it}``, in visit order.
    n : int
        Customers whose visit is rated (drawn without replacement).
    center, slope, spread, noise : float
    coefficients : mapping, optional
        Peak-end weights (``intercept``, ``mean``, ``peak``, ``trough``, ``end``, ``steps``).
    scale : (int, int)
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        Long, one row per visit and step: ``journey``, ``customer``, ``segment``, ``step``,
        ``touchpoint``, ``rating``, ``retrospective``.

    See Also
    --------
    touchpoint_survey : the survey the visits are drawn from.
    cxresearch.journey.visit_moments : peaks and troughs per touchpoint.

    Examples
    --------
    >>> import cxresearch as cx
    >>> survey, _ = cx.simulate.touchpoint_survey({"queue": 0.4, "staff": 0.3}, 200, random_state=1)
    >>> visits = cx.simulate.touchpoint_visits(survey, {"staff": 1.0, "queue": 1.0}, 50, random_state=2)
    >>> visits.shape, visits["journey"].nunique()
    ((100, 7), 50)
    """
    names = check_names("steps", steps)
    n = check_count("n", n)
    if n > len(survey):
        raise arg_error("n", f"at most the {len(survey)} customers of the survey", n)
    missing = [t for t in names if f"{t}_experience" not in survey or f"{t}_expectation" not in survey]
    if missing:
        raise arg_error("steps", "touchpoints rated in the survey", missing)
    w = {**PEAK_END, **dict(coefficients or {})}
    rng = as_generator(random_state)
    chosen = survey.iloc[np.sort(rng.choice(len(survey), n, replace=False))].reset_index(drop=True)
    passes = np.column_stack([rng.random(n) < steps[t] for t in names])
    passes[~passes.any(axis=1), 0] = True  # every visit has at least one step
    gaps = np.column_stack([chosen[f"{t}_experience"] - chosen[f"{t}_expectation"] for t in names])
    rating = np.clip(np.rint(center + slope * gaps + rng.normal(0, spread, gaps.shape)), *scale)
    rated = np.where(passes, rating, np.nan)
    last = np.take_along_axis(rated, (passes.shape[1] - 1 - np.argmax(passes[:, ::-1], axis=1))[:, None], 1)[:, 0]
    k = passes.sum(axis=1)
    memory = (w["intercept"] + w["mean"] * np.nanmean(rated, axis=1) + w["peak"] * np.nanmax(rated, axis=1)
              + w["trough"] * np.nanmin(rated, axis=1) + w["end"] * last + w["steps"] * k)
    retro = np.clip(np.rint(memory + rng.normal(0, noise, n)), *scale).astype(int)
    visit, col = np.nonzero(passes)
    step = np.cumsum(passes, axis=1)[visit, col]
    return pd.DataFrame({"journey": [f"V{i + 1:05d}" for i in visit], "customer": chosen["customer"].to_numpy()[visit],
                         "segment": chosen["segment"].to_numpy()[visit], "step": step,
                         "touchpoint": np.asarray(names, dtype=object)[col], "rating": rating[visit, col].astype(int),
                         "retrospective": retro[visit]})
