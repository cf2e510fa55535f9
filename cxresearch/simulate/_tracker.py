"""A seeded rating tracker whose penalty-reward structure drifts over periods (known truth)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cxresearch._core.categories import classify
from cxresearch._core.checks import arg_error, as_generator, check_count, check_pair
from cxresearch.simulate._common import check_names
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Integer, Keyed, Pair, Real, declared

_KEYS = {"penalty", "reward", "experience"}


def _path(name: str, key: str, value, periods: int, at) -> np.ndarray:
    """A number (the same every period) or a pair (first, last): linear, or a step at period ``at``."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        first = last = float(value)
    else:
        try:
            first, last = (float(v) for v in value)
        except (TypeError, ValueError):
            raise arg_error(f"attributes[{name!r}][{key!r}]", "a number or a pair (first, last)", value) from None
    if not (np.isfinite(first) and np.isfinite(last)):
        raise arg_error(f"attributes[{name!r}][{key!r}]", "finite numbers", value)
    if at is not None:
        return np.where(np.arange(periods) < at, first, last)
    return first + (last - first) * np.linspace(0, 1, periods)


@renamed_argument("respondents", "n", since="0.3")
@declared(attributes=Keyed("a dict {attribute: drift spec}"), periods=Integer(2), n=Integer(1),
          first_year=Integer(), noise=Real(0), spread=Real(0), low=Integer(), high=Integer(), scale=Pair(),
          outcome_scale=Pair("(1, 10)"), threshold=Real(0, 1, closed="neither"))
def rating_tracker(
    attributes: Mapping[str, Mapping],
    periods: int = 6,
    n: int = 1000,
    *,
    first_year: int = 2020,
    intercept: float = 6.0,
    noise: float = 1.0,
    halo: float = 0.5,
    spread: float = 0.9,
    low: int = 2,
    high: int = 4,
    scale: tuple[int, int] = (1, 5),
    outcome_scale: tuple[int, int] = (1, 10),
    threshold: float = 0.2,
    random_state=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A repeated satisfaction survey (a tracker) whose attributes' penalty and reward drift.

    Each period (a calendar year) ``n`` new customers rate every attribute on
    ``scale`` and give an overall score on ``outcome_scale``:

    ``S* = intercept + sum_j (penalty_j(p) [E_j <= low] + reward_j(p) [E_j >= high]) + noise e``,

    rounded and clipped to ``outcome_scale``, where penalty and reward of each attribute
    follow a known path over the periods. An excitement factor whose reward fades and whose
    penalty grows is the life cycle of attractive quality seen in ordinary ratings
    (excitement -> performance -> basic).

    Parameters
    ----------
    attributes : mapping
        ``{name: {"penalty": p, "reward": r, "experience": m[, "at": s]}}``: ``penalty`` and
        ``reward`` are numbers (stable) or pairs ``(first, last)`` (a linear path from the
        first to the last period, or, with ``at``, a step: the first value before period
        index ``at`` (0-based), the last from it on); ``experience`` is the mean latent
        rating on ``scale``, a number or a pair ``(first, last)`` (a linear path: how the
        attribute performs may change while its effects do not).
    periods : int
        Number of periods (years ``first_year``, ``first_year + 1``, ...), at least 2.
    n : int
        New respondents per period.
    first_year : int
    intercept, noise : float
        Terms of the equation above.
    halo, spread : float
        Latent rating = mean + ``halo`` x a respondent factor + ``spread`` x a rating-specific
        normal, rounded to the scale.
    low, high : int
        Ratings at or below ``low`` carry the penalty, at or above ``high`` the reward.
    scale, outcome_scale : (int, int)
    threshold : float
        Impact-asymmetry cut-off used to name the true factor in ``truth``.
    random_state : int or numpy.random.Generator

    Returns
    -------
    data : pandas.DataFrame
        ``respondent``, ``year``, ``date`` (a survey date in the year, as text), one rating
        column per attribute, and ``overall``.
    truth : pandas.DataFrame
        One row per attribute and period: ``attribute``, ``period`` (1, 2, ...), ``year``,
        ``penalty``, ``reward``, ``asymmetry`` (of the absolute effects), ``factor`` and
        ``kano`` (M / O / A).

    See Also
    --------
    rating_survey : one survey with experience and expectation ratings.
    kano_waves : the Kano-questionnaire counterpart over waves.
    cxresearch.dropoff.from_ratings : should find the drift in ``truth``.

    Notes
    -----
    ``truth`` holds the effects on the latent score. Rounding to whole points leaves them
    (nearly) as they are, but clipping at the ends of ``outcome_scale`` bends them: when
    many latent scores fall outside the scale, a drifting attribute changes how often the
    others push the score into the ceiling or floor, and their observed effects move too.
    Keep ``intercept`` plus or minus the summed effects well inside ``outcome_scale``
    (the defaults clip fewer than 1% of scores with a handful of attributes of effects
    around 0.5).

    Examples
    --------
    >>> import cxresearch as cx
    >>> spec = {"wifi": {"penalty": (-0.1, -1.2), "reward": (1.2, 0.1), "experience": 3.0},
    ...         "staff": {"penalty": -0.6, "reward": 0.6, "experience": 3.2}}
    >>> data, truth = cx.simulate.rating_tracker(spec, periods=5, n=200, random_state=1)
    >>> list(data.columns), len(data)
    (['respondent', 'year', 'date', 'wifi', 'staff', 'overall'], 1000)
    >>> truth.loc[truth["attribute"] == "wifi", ["year", "penalty", "reward", "asymmetry", "factor"]]
       year  penalty  reward  asymmetry       factor
    0  2020   -0.100   1.200      0.846   excitement
    1  2021   -0.375   0.925      0.423   excitement
    2  2022   -0.650   0.650      0.000  performance
    3  2023   -0.925   0.375     -0.423        basic
    4  2024   -1.200   0.100     -0.846        basic
    """
    rng = as_generator(random_state)
    P = check_count("periods", periods, 2)
    n = check_count("n", n)
    names = check_names("attributes", attributes)
    scale, outcome_scale = check_pair("scale", scale), check_pair("outcome_scale", outcome_scale)
    paths = {}
    for name in names:
        spec = attributes[name]
        if not isinstance(spec, Mapping) or not _KEYS <= set(spec) or set(spec) - _KEYS - {"at"}:
            raise arg_error(f"attributes[{name!r}]", f"a mapping with the keys {sorted(_KEYS)} (and 'at')", spec)
        at = spec.get("at")
        if at is not None:
            at = check_count(f"attributes[{name!r}]['at']", at, 1)
            if at >= P:
                raise arg_error(f"attributes[{name!r}]['at']", f"a period index from 1 to {P - 1}", at)
        paths[name] = {k: _path(name, k, spec[k], P, at) for k in ("penalty", "reward")}
        paths[name]["experience"] = _path(name, "experience", spec["experience"], P, None)
    years = first_year + np.arange(P)
    period = np.repeat(np.arange(P), n)
    day = rng.integers(0, 365, P * n)
    data = pd.DataFrame({"respondent": np.arange(1, P * n + 1), "year": years[period]})
    data["date"] = (pd.to_datetime(data["year"].astype(str) + "-01-01") + pd.to_timedelta(day, unit="D")
                    ).dt.strftime("%Y-%m-%d")
    factor = rng.normal(size=P * n)
    latent = np.full(P * n, float(intercept))
    for name in names:
        x = np.clip(np.rint(paths[name]["experience"][period] + halo * factor + spread * rng.normal(size=P * n)),
                    *scale)
        data[name] = x.astype(np.int64)
        latent += paths[name]["penalty"][period] * (x <= low) + paths[name]["reward"][period] * (x >= high)
    latent += noise * rng.normal(size=P * n)
    data["overall"] = np.clip(np.rint(latent), *outcome_scale).astype(np.int64)
    rows = [(name, p + 1, int(years[p]), paths[name]["penalty"][p], paths[name]["reward"][p])
            for name in names for p in range(P)]
    truth = pd.DataFrame(rows, columns=["attribute", "period", "year", "penalty", "reward"])
    asym, fac, kano = classify(truth["penalty"].to_numpy(), truth["reward"].to_numpy(), (-threshold, threshold))
    return data, truth.assign(asymmetry=asym.round(3), factor=fac, kano=kano)
