"""Generate ``branch_touchpoints``: a retail bank branch's 15 touchpoints rated for experience and expectation.

Run from ``scripts/datasets``: ``python make_branch_touchpoints.py``.

The bank-branch case behind the toolkit (``../shared/seeds/004_*.txt``): VIP customers hold very high
expectations of fee waivers and waiting; gold customers meet friendly staff but wait at their dedicated window
with higher expectations, so they wait less than ordinary customers yet judge queueing worse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _common import markdown_table, write

SEED = 20261127
SEGMENTS = {"VIP": 0.12, "gold": 0.30, "ordinary": 0.58}
N = 3000
TOUCHPOINTS = [  # name, description, weight of its gap in overall satisfaction
    ("location", "Location of the branch", 0.10),
    ("opening_hours", "Opening hours", 0.15),
    ("look_and_feel", "Look and feel of the branch", 0.08),
    ("welcome", "Welcome at the door", 0.12),
    ("seeing_being_seen", "Seeing and being seen (staff notice you)", 0.10),
    ("staff_attitude", "Staff attitude", 0.30),
    ("product_range", "Range of products and services", 0.10),
    ("queueing", "Queueing and waiting", 0.40),
    ("counter_service", "Counter service", 0.25),
    ("advice", "Professional advice", 0.20),
    ("service_quality", "Service quality", 0.25),
    ("fees", "Fees", 0.35),
    ("value_added", "Value-added services", 0.08),
    ("information_window", "Information window", 0.05),
    ("farewell", "Farewell", 0.08),
]
# True mean experience and expectation (1-7) where a segment departs from the base (5.0 and 4.8).
EXPERIENCE = {("VIP", "fees"): 6.2, ("VIP", "queueing"): 5.9, ("gold", "staff_attitude"): 6.3,
              ("gold", "queueing"): 4.6, ("ordinary", "queueing"): 4.2, ("VIP", "advice"): 5.8}
EXPECTATION = {("VIP", "fees"): 6.8, ("VIP", "queueing"): 6.7, ("gold", "staff_attitude"): 5.0,
               ("gold", "queueing"): 6.3, ("ordinary", "queueing"): 4.6, ("VIP", "advice"): 6.2}
WAIT_MINUTES = {"VIP": 4.0, "gold": 7.0, "ordinary": 12.0}  # mean wait: gold waits less than ordinary


def main() -> None:
    rng = np.random.default_rng(SEED)
    segment = rng.choice(list(SEGMENTS), N, p=list(SEGMENTS.values()))
    df = pd.DataFrame({"customer": [f"C{i:05d}" for i in range(1, N + 1)], "segment": segment})
    df["wait_minutes"] = np.round(rng.gamma(4.0, np.vectorize(WAIT_MINUTES.get)(segment) / 4.0), 1)
    person = rng.normal(0, 0.4, N)  # a customer's general leniency, shared by all ratings
    overall = np.full(N, 4.2) + person
    truth = []
    for name, _, weight in TOUCHPOINTS:
        e_mean = np.array([EXPERIENCE.get((s, name), 5.0) for s in segment])
        x_mean = np.array([EXPECTATION.get((s, name), 4.8) for s in segment])
        e = np.clip(np.rint(e_mean + person + rng.normal(0, 0.9, N)), 1, 7)
        x = np.clip(np.rint(x_mean + rng.normal(0, 0.8, N)), 1, 7)
        df[f"{name}_experience"], df[f"{name}_expectation"] = e.astype(int), x.astype(int)
        overall += weight * (e - x)
        for s in SEGMENTS:
            truth.append({"touchpoint": name, "segment": s, "experience": EXPERIENCE.get((s, name), 5.0),
                          "expectation": EXPECTATION.get((s, name), 4.8), "gap_weight": weight})
    df["overall"] = np.clip(np.rint(overall + 3.0 + rng.normal(0, 0.8, N)), 1, 10).astype(int)
    truth = pd.DataFrame(truth)
    truth["gap"] = (truth["experience"] - truth["expectation"]).round(2)
    shown = truth[(truth["experience"] != 5.0) | (truth["expectation"] != 4.8)]
    rows = "\n".join(f"| `{n}` | {d} | {w} |" for n, d, w in TOUCHPOINTS)
    card = f"""
# branch_touchpoints

**What.** A synthetic survey of {N:,} customers of a retail bank branch in three segments (VIP {SEGMENTS['VIP']:.0%},
gold {SEGMENTS['gold']:.0%}, ordinary {SEGMENTS['ordinary']:.0%}). Each customer rated the 15 touchpoints of a branch
visit twice on a 1-7 scale, what they experienced (`<touchpoint>_experience`) and what they had expected
(`<touchpoint>_expectation`), and gave an overall satisfaction (`overall`, 1-10); `wait_minutes` is the wait of
their visit.

**Touchpoints** (the bank-branch case of `../shared/seeds/004_*.txt`) and the true weight of each gap
(experience - expectation) in overall satisfaction:

| touchpoint | description | weight |
|---|---|---|
{rows}

**How it was made.** `scripts/datasets/make_branch_touchpoints.py`, seed {SEED}: latent experience = the
segment's true mean + the customer's leniency (SD 0.4) + noise (SD 0.9); expectation = true mean + noise
(SD 0.8); both rounded and clipped to 1-7. Overall = 7.2 + leniency + sum of weight x (experience - expectation)
+ noise (SD 0.8), rounded and clipped to 1-10. Waits are gamma-distributed with means VIP
{WAIT_MINUTES['VIP']:.0f}, gold {WAIT_MINUTES['gold']:.0f} and ordinary {WAIT_MINUTES['ordinary']:.0f} minutes.

**Generating truth.** Every touchpoint has true mean experience 5.0 and expectation 4.8, except:

{markdown_table(shown[["touchpoint", "segment", "experience", "expectation", "gap"]])}

So: VIP customers score fees and waiting high but expect even more (negative gaps on heavily weighted
touchpoints: negative moments of truth); gold customers meet friendly staff (a positive peak) but, at their
dedicated window, wait less than ordinary customers and are less satisfied with queueing, because they expected
more. A decomposition of gold vs ordinary finds, at queueing, an expectation part (1.7 points higher
expectation x weight 0.4) larger than the experience part (0.4 points better experience x 0.4).

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("branch_touchpoints", df, "A bank branch's 15 touchpoints: experience and expectation by segment",
          "synthetic (scripts/datasets/make_branch_touchpoints.py)", card)


if __name__ == "__main__":
    main()
