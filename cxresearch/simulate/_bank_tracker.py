"""A seeded quarterly customer tracker of a bank's branches, with known truth for the whole management loop.

Ratings by segment with a drift and one real shift, an action in some branches, waits actual and
perceived, revenue and cost to serve, and complaint paths: each part drawn on its own, so the truth
of each stands by itself (see :func:`bank_tracker`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.checks import arg_error, as_generator
from cxresearch._core.params import Integer, Real, declared

SEGMENTS = {"VIP": 0.10, "gold": 0.30, "ordinary": 0.60}
FIRST_QUARTER = "2023Q1"
LEVEL = {"VIP": 3.9, "gold": 3.7, "ordinary": 3.5}  # latent satisfaction (1-5 scale) in the first quarter
DRIFT = {"VIP": -0.03, "gold": 0.0, "ordinary": 0.02}  # per quarter
SHIFTED = "ordinary"  # the segment of the real shift (a fee rise)
BRANCH_SD, NOISE_SD = 0.15, 0.9  # branch effect and customer noise of latent satisfaction
RECOMMEND = (2.0, -0.4, 1.0)  # recommend* = slope * satisfaction* + intercept + noise (SD)
WAIT = {"VIP": 4.0, "gold": 6.0, "ordinary": 9.0}  # median actual wait (minutes)
WAIT_SIGMA, WAIT_RATIO, WAIT_SLOPE, WAIT_NOISE = 0.6, 1.5, 0.85, 0.25
VALUE = {  # quarterly revenue and cost to serve per customer: (median, sigma of the log)
    "VIP": ((1000.0, 0.5), (300.0, 0.6)), "gold": ((300.0, 0.6), (120.0, 0.5)),
    "ordinary": ((60.0, 0.8), (45.0, 0.5)),
}
COMPLAINTS = {"problem": 0.20, "complained": 0.35, "recovered": 0.60}  # each given the step before
REPURCHASE = {"no problem": 0.85, "silent": 0.55, "complained, not recovered": 0.30, "recovered": 0.80}


@declared(branches=Integer(2), n=Integer(1), quarters=Integer(2), acting=Real(0, 1), action_at=Integer(2),
          effect=Real(), shift_at=Integer(2), shift=Real())
def bank_tracker(
    branches: int = 24,
    n: int = 20,
    *,
    quarters: int = 8,
    acting: float = 0.5,
    action_at: int = 5,
    effect: float = 0.3,
    shift_at: int = 7,
    shift: float = -0.35,
    random_state=None,
) -> tuple[pd.DataFrame, dict]:
    """A bank's quarterly customer tracker: ratings, an action, waits, value and complaints, with the truth.

    Each quarter ``n`` new customers of each of ``branches`` branches answer (segments VIP
    10%, gold 30%, ordinary 60%). Latent satisfaction is

    ``s* = level_seg + drift_seg (q - 1) + shift [seg = ordinary, q >= shift_at]
    + effect [branch acts, q >= action_at] + branch + e``

    (q = 1, 2, ... the quarter; levels 3.9, 3.7, 3.5; drifts -0.03, 0, +0.02 per quarter;
    branch ~ N(0, 0.15^2), e ~ N(0, 0.9^2)). ``satisfaction`` (1-5) is s* rounded and
    clipped (top box: 5); ``recommend`` (0-10) is ``2 s* - 0.4 + N(0, 1)`` rounded and
    clipped (promoters 9-10, detractors 0-6). A share ``acting`` of the branches (chosen at
    random) take an action from quarter ``action_at`` on. The shift is one real move of the
    ordinary segment (a fee rise), the drift a slow one.

    Waits: ``wait_actual_min`` is log-normal (median 4, 6 and 9 minutes by segment, sigma
    0.6), ``wait_perceived_min = actual^0.85 x 1.5 x exp(N(0, 0.25^2))``: waits feel longer
    than they are, long waits relatively less so. Value: ``revenue`` and ``cost`` (to
    serve, per quarter) are independent log-normals per segment, so some customers lose
    money. Complaints: a ``problem`` (20%), ``complained`` given a problem (35%: most say
    nothing), ``recovered`` given a complaint (60%), and ``repurchased`` with probability
    0.85 (no problem), 0.55 (silent), 0.30 (complained, not recovered), 0.80 (recovered).
    The ratings are drawn apart from waits, value and complaints, so each part's truth
    stands by itself. Waits are rounded to 0.1 minute (at least 0.5), money to cents.

    Parameters
    ----------
    branches : int
        Branches, at least 2.
    n : int
        Customers per branch and quarter.
    quarters : int
        Quarters, from 2023Q1 on.
    acting : float
        Share of the branches that take the action (rounded to whole branches).
    action_at, shift_at : int
        The quarter (1-based, at least 2) from which the action, and the ordinary segment's
        shift, hold; each at most ``quarters``.
    effect, shift : float
        The action's effect and the shift, on latent satisfaction (1-5 scale).
    random_state : int or numpy.random.Generator

    Returns
    -------
    data : pandas.DataFrame
        ``customer``, ``branch``, ``segment``, ``quarter`` (``2023Q1``...),
        ``action_branch`` (1: the branch acted), ``action_in_force`` (1: acting branch,
        action quarter or later), ``recommend``, ``satisfaction``, ``wait_actual_min``,
        ``wait_perceived_min``, ``revenue``, ``cost``, ``problem``, ``complained``,
        ``recovered``, ``repurchased`` (the last four 0/1; 0 where the step before is 0).
    truth : dict
        ``kpi`` (segment x quarter x group: latent mean, expected mean satisfaction,
        top-box share and NPS), ``action`` (quarter, branches, ``effect_latent``, and the
        expected effects on mean satisfaction, top box and NPS in the acting branches'
        action quarters: what a difference in differences estimates), ``shift``, ``drift``,
        ``waits`` (per segment: median, ratio, slope, expected geometric-mean ratio),
        ``value`` (per segment: medians, means, mean margin, loss-making share),
        ``complaints`` (the probabilities and the expected voice rate and repurchase by path).

    See Also
    --------
    cxresearch.tracking.action_effect : should find the action's effect.
    rating_tracker : a tracker whose attributes' effects drift.
    callcentre : waits against zones of tolerance and promises.

    Examples
    --------
    >>> import cxresearch as cx
    >>> data, truth = cx.simulate.bank_tracker(branches=4, n=5, random_state=1)
    >>> data.shape
    (160, 16)
    >>> round(truth["action"]["effect_mean"], 3), truth["action"]["quarter"]
    (0.278, '2024Q1')
    >>> truth["value"].set_index("segment")["loss_share"].round(3).to_dict()
    {'VIP': 0.062, 'gold': 0.12, 'ordinary': 0.38}
    """
    rng = as_generator(random_state)
    for name, at in (("action_at", action_at), ("shift_at", shift_at)):
        if at > quarters:
            raise arg_error(name, f"a quarter from 2 to quarters={quarters}", at)
    labels = pd.period_range(FIRST_QUARTER, periods=quarters, freq="Q").astype(str).tolist()
    width = max(2, len(str(branches)))  # B01..B24, B001..B200: names sort in branch order
    names = [f"B{i:0{width}d}" for i in range(1, branches + 1)]
    acts = np.zeros(branches, dtype=bool)
    acts[rng.permutation(branches)[:int(round(acting * branches))]] = True
    b = np.repeat(np.arange(branches), quarters * n)
    q = np.tile(np.repeat(np.arange(quarters), n), branches)
    seg = rng.choice(len(SEGMENTS), b.size, p=list(SEGMENTS.values()))
    in_force = acts[b] & (q >= action_at - 1)
    data = pd.DataFrame({"customer": [f"C{i:06d}" for i in range(1, b.size + 1)], "branch": np.array(names)[b],
                         "segment": np.array(list(SEGMENTS), dtype=object)[seg], "quarter": np.array(labels)[q],
                         "action_branch": acts[b].astype(int), "action_in_force": in_force.astype(int)})
    mu = _latent(seg, q, in_force, effect, shift_at, shift)
    latent = mu + rng.normal(0, BRANCH_SD, branches)[b] + rng.normal(0, NOISE_SD, b.size)
    slope, intercept, sd = RECOMMEND
    data["recommend"] = np.clip(np.rint(slope * latent + intercept + rng.normal(0, sd, b.size)), 0, 10).astype(int)
    data["satisfaction"] = np.clip(np.rint(latent), 1, 5).astype(int)
    _waits(data, seg, rng)
    _value(data, seg, rng)
    _complaints(data, rng)
    return data, _truth(labels, names, acts, action_at, effect, shift_at, shift)


def _latent(seg, q, in_force, effect, shift_at, shift) -> np.ndarray:
    """The mean latent satisfaction of each customer (before branch and customer noise)."""
    level, drift = (np.array([d[s] for s in SEGMENTS])[seg] for d in (LEVEL, DRIFT))
    shifted = (seg == list(SEGMENTS).index(SHIFTED)) & (q >= shift_at - 1)
    return level + drift * q + shift * shifted + effect * in_force


def _waits(data: pd.DataFrame, seg, rng) -> None:
    median = np.array([WAIT[s] for s in SEGMENTS])[seg]
    actual = np.maximum(np.round(median * np.exp(WAIT_SIGMA * rng.normal(size=seg.size)), 1), 0.5)
    felt = actual ** WAIT_SLOPE * WAIT_RATIO * np.exp(WAIT_NOISE * rng.normal(size=seg.size))
    data["wait_actual_min"], data["wait_perceived_min"] = actual, np.maximum(np.round(felt, 1), 0.5)


def _value(data: pd.DataFrame, seg, rng) -> None:
    for j, column in enumerate(("revenue", "cost")):
        median, sigma = (np.array([VALUE[s][j][k] for s in SEGMENTS])[seg] for k in (0, 1))
        data[column] = np.round(median * np.exp(sigma * rng.normal(size=seg.size)), 2)


def _complaints(data: pd.DataFrame, rng) -> None:
    size = len(data)
    problem = rng.random(size) < COMPLAINTS["problem"]
    complained = problem & (rng.random(size) < COMPLAINTS["complained"])
    recovered = complained & (rng.random(size) < COMPLAINTS["recovered"])
    p = np.select([~problem, ~complained, ~recovered], [REPURCHASE["no problem"], REPURCHASE["silent"],
                                                        REPURCHASE["complained, not recovered"]],
                  REPURCHASE["recovered"])
    for name, values in (("problem", problem), ("complained", complained), ("recovered", recovered),
                         ("repurchased", rng.random(size) < p)):
        data[name] = values.astype(int)


def _kpis(mu: np.ndarray) -> dict[str, np.ndarray]:
    """Expected mean satisfaction, top-box share and NPS at latent means ``mu`` (branches marginalised)."""
    sd = np.hypot(BRANCH_SD, NOISE_SD)
    mean = 1 + sum(stats.norm.sf((k + 0.5 - mu) / sd) for k in range(1, 5))
    slope, intercept, noise = RECOMMEND
    r_mu, r_sd = slope * mu + intercept, np.hypot(slope * sd, noise)
    nps = stats.norm.sf((8.5 - r_mu) / r_sd) - stats.norm.cdf((6.5 - r_mu) / r_sd)
    return {"satisfaction": mean, "top_box": stats.norm.sf((4.5 - mu) / sd), "nps": nps}


def _truth(labels, names, acts, action_at, effect, shift_at, shift) -> dict:
    rows = []
    for g, acting in ((0, False), (1, True)):
        for s, segment in enumerate(SEGMENTS):
            for q, label in enumerate(labels):
                on = acting and q >= action_at - 1
                mu = float(_latent(np.array([s]), np.array([q]), np.array([on]), effect, shift_at, shift)[0])
                rows.append({"segment": segment, "quarter": label, "group": "acting" if acting else "control",
                             "latent": mu, **{k: float(v) for k, v in _kpis(np.array(mu)).items()}})
    kpi = pd.DataFrame(rows)
    post = kpi[(kpi["group"] == "acting") & (kpi["quarter"].isin(labels[action_at - 1:]))]
    shares = post["segment"].map(SEGMENTS)
    without = _kpis(post["latent"].to_numpy() - effect)
    action = {"quarter": labels[action_at - 1], "branches": [m for m, a in zip(names, acts) if a],
              "effect_latent": float(effect)}
    for k in ("satisfaction", "top_box", "nps"):
        gain = post[k].to_numpy() - without[k]
        action["effect_mean" if k == "satisfaction" else f"effect_{k}"] = float(shares @ gain / shares.sum())
    return {"kpi": kpi, "action": action, "shift": {"segment": SHIFTED, "quarter": labels[shift_at - 1],
                                                    "latent": float(shift)},
            "drift": dict(DRIFT), "waits": _wait_truth(), "value": _value_truth(), "complaints": _complaint_truth()}


def _wait_truth() -> pd.DataFrame:
    return pd.DataFrame([{"segment": s, "median_actual": m, "sigma": WAIT_SIGMA, "ratio": WAIT_RATIO,
                          "slope": WAIT_SLOPE, "gm_ratio": WAIT_RATIO * m ** (WAIT_SLOPE - 1)} for s, m in WAIT.items()])


def _value_truth() -> pd.DataFrame:
    rows = []
    for s, ((rm, rs), (cm, cs)) in VALUE.items():
        mean_r, mean_c = rm * np.exp(rs**2 / 2), cm * np.exp(cs**2 / 2)
        rows.append({"segment": s, "revenue_median": rm, "revenue_sigma": rs, "cost_median": cm, "cost_sigma": cs,
                     "mean_revenue": mean_r, "mean_cost": mean_c, "mean_margin": mean_r - mean_c,
                     "cost_to_revenue": mean_c / mean_r,
                     "loss_share": float(stats.norm.cdf(np.log(cm / rm) / np.hypot(rs, cs)))})
    return pd.DataFrame(rows)


def _complaint_truth() -> dict:
    return {**COMPLAINTS, "repurchase": dict(REPURCHASE), "silent_share": 1 - COMPLAINTS["complained"],
            "voice_rate": COMPLAINTS["complained"]}
