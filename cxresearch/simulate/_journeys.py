"""Seeded customer journeys rated moment by moment, with a retrospective rating of the whole."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, as_generator, check_count
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Integer, Keyed, Pair, Real, declared

PEAK_END = {"intercept": 1.0, "mean": 0.15, "peak": 0.10, "trough": 0.35, "end": 0.30, "steps": 0.0}

@renamed_argument("weights", "coefficients", since="0.3")
@declared(n=Integer(1),
          quality=Real(), spread=Real(0),
          incident=Real(0, 1), incident_size=Real(), noise=Real(0), scale=Pair("(1, 10)"))
def journeys(
    steps: Mapping[str, Mapping[str, float]],
    n: int,
    *,
    coefficients: Mapping[str, float] | None = None,
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
    coefficients : mapping, optional
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

    See Also
    --------
    cxresearch.journey.peak_end : should recover the weights in ``truth``.
    cxresearch.journey.journey_features : the per-journey summaries.

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
    rng = as_generator(random_state)
    check_count("n", n)
    w = dict(PEAK_END)
    unknown = set(coefficients or {}) - set(w)
    if unknown:
        raise arg_error("coefficients", f"a mapping with keys among {sorted(w)}", coefficients, f"Unknown: {sorted(unknown)}.")
    w.update(coefficients or {})
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
