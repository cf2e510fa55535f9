"""Generate ``branch_touchpoints``: a retail bank branch's 15 touchpoints rated for experience and expectation.

Run from ``scripts/datasets``: ``python make_branch_touchpoints.py``.

The bank-branch case behind the toolkit (``../shared/seeds/004_*.txt``): VIP customers hold very high
expectations of fee waivers and waiting; their positive peak is "seeing and being seen" (the VIP lounge), their
peaks of dissatisfaction are service quality and professional advice, not because the service is poor but
because VIP customers are served by several banks and expect more; gold customers meet friendly staff but wait
at their dedicated window with higher expectations, so they wait less than ordinary customers yet judge
queueing worse.

Only VIP means differ between the case's claims, so every draw of the generator is the same as before the VIP
lounge and service claims were encoded (the draws do not depend on the means): gold and ordinary customers'
rows, and every VIP column but those of the three touchpoints and ``overall``, are unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _common import markdown_table, write

from cxresearch.simulate import touchpoint_survey, touchpoint_visits

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
EXPERIENCE = {("VIP", "fees"): 6.0, ("VIP", "queueing"): 5.9, ("gold", "staff_attitude"): 6.3,
              ("gold", "queueing"): 4.6, ("ordinary", "queueing"): 4.2, ("VIP", "advice"): 5.8,
              # the case's VIP peaks: the lounge (seeing and being seen) delights; service quality and advice
              # are experienced as good, but expected to be better still (VIP customers are served by several banks)
              ("VIP", "seeing_being_seen"): 6.3, ("VIP", "service_quality"): 5.6}
EXPECTATION = {("VIP", "fees"): 6.8, ("VIP", "queueing"): 6.7, ("gold", "staff_attitude"): 5.0,
               ("gold", "queueing"): 6.3, ("ordinary", "queueing"): 4.6, ("VIP", "advice"): 6.7,
               ("VIP", "seeing_being_seen"): 5.0, ("VIP", "service_quality"): 6.6}
WAIT_MINUTES = {"VIP": 4.0, "gold": 7.0, "ordinary": 12.0}  # mean wait: gold waits less than ordinary
N_VISITS = 900  # customers whose visit was also rated step by step
VISIT_STEPS = {"welcome": 1.0, "queueing": 1.0, "staff_attitude": 1.0, "counter_service": 1.0, "advice": 0.4,
               "fees": 0.5, "farewell": 0.8}  # in visit order: share of visits passing the step


def main() -> None:
    weights = {name: weight for name, _, weight in TOUCHPOINTS}
    df, truth = touchpoint_survey(weights, N, segments=SEGMENTS, experience=EXPERIENCE, expectation=EXPECTATION,
                                  waits=WAIT_MINUTES, random_state=SEED)
    truth = truth.rename(columns={"weight": "gap_weight"})
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
touchpoints: negative moments of truth). Their positive peak is seeing and being seen (the lounge: experience
6.3 against an expectation of 5.0, gap +1.3), and their peaks of dissatisfaction are service quality (5.6
against 6.6) and professional advice (5.8 against 6.7): experienced above the branch's base level of 5.0, yet
short of what customers served by several banks expect (the case, `004_*.txt`). Gold customers meet friendly
staff (a positive peak) but, at their dedicated window, wait less than ordinary customers and are less
satisfied with queueing, because they expected more. A decomposition of gold vs ordinary finds, at queueing, an
expectation part (1.7 points higher expectation x weight 0.4) larger than the experience part (0.4 points
better experience x 0.4). Under the default rule of `cx.journey.touchpoints` (a gap of at least 0.5 points
whose interval excludes zero, on one of the segment's five most important touchpoints) the true moments of
truth are: VIP queueing, fees and service quality (negative), gold staff attitude (positive) and gold queueing
(negative); ordinary customers have none (their queueing gap, -0.4, is under half a point). The VIP lounge
(weight 0.1) and advice (weight 0.2) carry large gaps but weigh less in overall satisfaction than five other
touchpoints, so the importance rule does not call them moments of truth; their gaps and the shares of VIP
customers delighted and pained show them.

**Changes.** Since 0.2.0 (issue #20) the generator encodes the case's VIP lounge and service claims (VIP
seeing_being_seen, service_quality and advice above). Its draws do not depend on the means, so only the VIP rows
of those three touchpoints' columns and of `overall` changed (and, in `branch_touchpoint_visits`, some VIP
visits' advice ratings); every gold and ordinary row is as before.

**Visits.** `branch_touchpoint_visits` holds the visits of {N_VISITS} of these customers rated step by step.

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("branch_touchpoints", df, "A bank branch's 15 touchpoints: experience and expectation by segment",
          "synthetic (scripts/datasets/make_branch_touchpoints.py)", card)
    visits = touchpoint_visits(df, VISIT_STEPS, N_VISITS, random_state=SEED + 1)
    write("branch_touchpoint_visits", visits, "Step-rated branch visits of 900 branch_touchpoints customers",
          "synthetic (scripts/datasets/make_branch_touchpoints.py)", visits_card(visits))


def visits_card(visits: pd.DataFrame) -> str:
    """The data card of the step-rated visits."""
    steps = ", ".join(f"`{t}` ({share:.0%})" for t, share in VISIT_STEPS.items())
    counts = visits.groupby("journey").size().value_counts().sort_index()
    lengths = ", ".join(f"{n} visits with {k}" for k, n in counts.items())
    return f"""
# branch_touchpoint_visits

**What.** The branch visit of {N_VISITS} customers of `branch_touchpoints` (drawn at random), rated step by step
in an app during the visit (1-10), with the visit rated as a whole the next day (`retrospective`, 1-10). The
same customers, segments and touchpoints as `branch_touchpoints` (join on `customer`), in the input format of
`cx.journey.peak_end` and `cx.journey.visit_moments`. Visits have 3 to {counts.index.max()} rated steps
({lengths}).

**Columns.** `journey` (V00001 ...), `customer`, `segment`, `step` (1, 2, ... in visit order), `touchpoint`,
`rating` (momentary), `retrospective` (the same on every row of a visit).

**Steps** in visit order, with the share of visits passing each: {steps}.

**How it was made.** `scripts/datasets/make_branch_touchpoints.py` with `cxresearch.simulate.touchpoint_visits`,
seed {SEED + 1}. The momentary rating of a step is round(6 + (experience - expectation) + N(0, 0.8)), clipped to
1-10, from the customer's own ratings of that touchpoint in `branch_touchpoints`: a step hurts where the customer's
experience falls short of what they expected. The retrospective rating follows the peak-end model of
`cx.simulate.journeys` (intercept 1.0, mean 0.15, peak 0.10, trough 0.35, end 0.30, number of steps 0, noise
SD 0.6). So gold customers' visits peak at staff attitude and bottom out at queueing, and the trough carries
most of the memory.

**Licence.** CC0-1.0: synthetic data, free to use.
"""


if __name__ == "__main__":
    main()
