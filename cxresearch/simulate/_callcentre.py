"""A seeded call centre: zones of tolerance by segment, announced and actual waits, satisfaction and churn."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.checks import as_generator, check_count
from cxresearch.simulate._promises import best_keep_rate
from cxresearch._core.params import Integer, declared

SEGMENTS = {"VIP": 0.10, "business": 0.30, "ordinary": 0.60}
ATTRIBUTES = ("waiting", "resolution", "courtesy", "information")
# Latent mean adequate, desired and perceived level (1-9) per segment and attribute; waiting's perceived
# level comes from the wait itself (see the docstring), the number here is only its intercept.
ZONES = {
    ("VIP", "waiting"): (7.0, 8.5, 8.0), ("business", "waiting"): (5.5, 7.5, 8.0),
    ("ordinary", "waiting"): (4.0, 7.0, 8.0),
    ("VIP", "resolution"): (7.0, 8.5, 6.6), ("business", "resolution"): (6.0, 8.0, 6.6),
    ("ordinary", "resolution"): (5.0, 7.5, 6.6),
    ("VIP", "courtesy"): (5.5, 8.0, 7.6), ("business", "courtesy"): (5.0, 7.5, 7.6),
    ("ordinary", "courtesy"): (4.5, 7.0, 7.6),
    ("VIP", "information"): (6.0, 8.0, 6.0), ("business", "information"): (5.5, 7.5, 6.0),
    ("ordinary", "information"): (5.0, 7.0, 6.0),
}
STANDARD_SD = {"VIP": 0.7, "business": 0.9, "ordinary": 1.2}  # spread of individual adequate levels
WAIT = {"VIP": (1.2, 0.5), "business": (2.5, 0.5), "ordinary": (5.0, 0.55)}  # median minutes, sigma of the log
LONGEST = 40.0  # callers still waiting after 40 minutes are called back (the wait is recorded as 40)
ANNOUNCED = (0.5, 0.75, 1.0, 1.5, 2.0, 2.5)  # the announcement experiment: multiples of the median wait
PROMISE = {  # b0, b_p (per minute announced), gain and loss (per minute) on 0-10 satisfaction
    "VIP": (8.4, -0.5, 0.2, 1.1), "business": (7.8, -0.3, 0.15, 0.8), "ordinary": (7.4, -0.15, 0.05, 0.4),
}
RATING_EFFECTS = {"resolution": 0.35, "courtesy": 0.15, "information": 0.2}  # satisfaction per point of MSA
CHURN = {"intercept": -1.6, "resolution": -0.45, "waiting": -0.30, "courtesy": -0.10, "information": -0.20,
         "shortfall": 0.15}
SWAPPED = 0.02  # share of answer triples whose adequate and desired answers were swapped (careless answers)


@declared(n=Integer(1))
def callcentre(n: int = 4000, *, random_state=None) -> tuple[pd.DataFrame, dict]:
    """A call centre's callers: zones of tolerance, announced and actual waits, satisfaction and churn.

    Callers in three segments (VIP 10%, business 30%, ordinary 60%) rated four attributes
    (``waiting``, ``resolution``, ``courtesy``, ``information``) three times on 1-9: the
    lowest level they would accept (``<attribute>_adequate``), the level they want
    (``_desired``) and what they got (``_perceived``). A caller's adequate level is the
    segment mean + a personal strictness (SD 0.5, shared by the attributes) + noise (SD
    ``STANDARD_SD`` of the segment: different callers, different standards); desired =
    adequate + the segment's zone width + noise (SD 0.5); perceived = the segment mean +
    noise (SD 1). Waiting's perceived level is ``8 - 0.5 wait + 0.25 (announced - wait)``
    + noise. Answers are rounded to 1-9; in 2% of the triples adequate and desired were
    swapped (careless answers: inverted zones).

    Before the wait, the IVR announced an expected wait (``announced_min``): in an
    experiment, the segment's median wait times 0.5, 0.75, 1, 1.5, 2 or 2.5, at random, so
    the actual wait (``waited_min``, log-normal per segment) does not depend on it. Overall
    ``satisfaction`` (0-10, rounded) = b0 + b_p announced + g max(announced - waited, 0) -
    l max(waited - announced, 0) + the effects of the other attributes' MSA (perceived -
    adequate, centred) + noise (SD 1), with (b0, b_p, g, l) per segment in ``PROMISE``.
    ``churned`` (0/1, in the next quarter) is logistic in the MSA of the four attributes
    (observed, rounded answers) and the minutes the announcement was overrun (``CHURN``).
    After that, 1% of ``resolution_perceived`` answers are missing and 2% of
    ``information_perceived`` answers are 0 ("can't judge").

    Parameters
    ----------
    n : int
        Callers.
    random_state : int or numpy.random.Generator

    Returns
    -------
    data : pandas.DataFrame
        ``caller``, ``segment``, the twelve rating columns, ``announced_min``,
        ``waited_min``, ``satisfaction``, ``churned``.
    truth : dict
        ``zones`` (segment x attribute: latent mean ``adequate``, ``desired``,
        ``perceived`` - NaN for waiting, whose perceived level comes from the wait - and
        ``adequate_sd``), ``promise`` (per segment: ``b0``, ``b_p``, ``gain``, ``loss``,
        ``keep_rate`` and ``optimum``, the best announcement in minutes from the closed
        form on the log-normal wait), ``rating_effects``, ``churn`` (logit coefficients)
        and ``swapped``.

    See Also
    --------
    cxresearch.expectation.tolerance : the zones of tolerance.
    cxresearch.expectation.promise : the best announcement.
    promises : the promise model alone, with any delivery distribution.

    Examples
    --------
    >>> import cxresearch as cx
    >>> data, truth = cx.simulate.callcentre(200, random_state=1)
    >>> data.shape
    (200, 18)
    >>> truth["promise"].set_index("segment")["keep_rate"].round(3).to_dict()
    {'VIP': 0.667, 'business': 0.769, 'ordinary': 0.714}
    """
    rng = as_generator(random_state)
    check_count("n", n)
    names = list(SEGMENTS)
    seg = rng.choice(len(names), n, p=list(SEGMENTS.values()))
    segment = np.array(names, dtype=object)[seg]
    median, sigma = (np.array([WAIT[s][i] for s in names])[seg] for i in (0, 1))
    waited = np.minimum(np.round(median * np.exp(sigma * rng.normal(size=n)), 1), LONGEST)
    announced = np.round(median * rng.choice(ANNOUNCED, n) * 2) / 2
    announced = np.maximum(announced, 0.5)
    data = pd.DataFrame({"caller": [f"K{i:05d}" for i in range(1, n + 1)], "segment": segment})
    msa = _ratings(data, seg, names, waited, announced, rng)
    data["announced_min"], data["waited_min"] = announced, waited
    b0, bp, g, l = (np.array([PROMISE[s][i] for s in names])[seg] for i in range(4))
    over = np.maximum(waited - announced, 0)
    under = np.maximum(announced - waited, 0)
    others = sum(effect * (msa[a] - _segment_mean(msa[a], seg)) for a, effect in RATING_EFFECTS.items())
    latent = b0 + bp * announced + g * under - l * over + others + rng.normal(size=n)
    data["satisfaction"] = np.clip(np.rint(latent), 0, 10).astype(int)
    eta = CHURN["intercept"] + CHURN["shortfall"] * over + sum(CHURN[a] * msa[a] for a in ATTRIBUTES)
    data["churned"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    _blank(data, rng)
    return data, _truth()


def _ratings(data: pd.DataFrame, seg, names, waited, announced, rng) -> dict[str, np.ndarray]:
    """Write the three answers per attribute; return each attribute's MSA (perceived - adequate) as answered."""
    n = len(seg)
    strict = rng.normal(0, 0.5, n)
    sd = np.array([STANDARD_SD[s] for s in names])[seg]
    msa = {}
    for a in ATTRIBUTES:
        adequate_mean, desired_mean, perceived_mean = (np.array([ZONES[(s, a)][i] for s in names])[seg]
                                                       for i in range(3))
        adequate = adequate_mean + strict + sd * rng.normal(size=n)
        desired = adequate + (desired_mean - adequate_mean) + rng.normal(0, 0.5, n)
        if a == "waiting":
            perceived = perceived_mean - 0.5 * waited + 0.25 * (announced - waited) + rng.normal(0, 0.8, n)
        else:
            perceived = perceived_mean + rng.normal(size=n)
        adequate, desired, perceived = (np.clip(np.rint(x), 1, 9).astype(int) for x in (adequate, desired, perceived))
        swap = rng.random(n) < SWAPPED
        adequate, desired = np.where(swap, desired, adequate), np.where(swap, adequate, desired)
        data[f"{a}_adequate"], data[f"{a}_desired"], data[f"{a}_perceived"] = adequate, desired, perceived
        msa[a] = (perceived - adequate).astype(float)
    return msa


def _segment_mean(x: np.ndarray, seg: np.ndarray) -> np.ndarray:
    return (np.bincount(seg, weights=x) / np.bincount(seg))[seg]


def _blank(data: pd.DataFrame, rng) -> None:
    """Skipped answers and "can't judge" codes, after the outcomes were drawn from the full answers."""
    n = len(data)
    skipped = rng.random(n) < 0.01
    data["resolution_perceived"] = data["resolution_perceived"].astype(float).where(~skipped)
    data.loc[rng.random(n) < 0.02, "information_perceived"] = 0


def _truth() -> dict:
    zones = pd.DataFrame([{"segment": s, "attribute": a, "adequate": v[0], "desired": v[1],
                           "perceived": np.nan if a == "waiting" else v[2], "adequate_sd": STANDARD_SD[s]}
                          for (s, a), v in ZONES.items()])
    rows = []
    for s, (b0, bp, g, l) in PROMISE.items():
        q = best_keep_rate(bp, g, l)
        median, sigma = WAIT[s]
        rows.append({"segment": s, "b0": b0, "b_p": bp, "gain": g, "loss": l, "keep_rate": q,
                     "optimum": float(median * np.exp(sigma * stats.norm.ppf(q))), "median_wait": median,
                     "wait_sigma": sigma})
    return {"zones": zones, "promise": pd.DataFrame(rows), "rating_effects": dict(RATING_EFFECTS),
            "churn": dict(CHURN), "swapped": SWAPPED}
