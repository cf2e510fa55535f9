"""Generate ``branch_journeys``: bank-branch visits rated moment by moment and afterwards.

Run from ``scripts/datasets``: ``python make_branch_journeys.py``. The population figures
in the card come from a second, large simulation with the same generator
(``POPULATION`` journeys, seed ``SEED + 1``).
"""

from __future__ import annotations

import pandas as pd
from _common import markdown_table, write

import cxresearch as cx

SEED = 20261127
VISITS = 1200
POPULATION = 300_000
# step: (description, mean momentary rating, share of visits that include it), in visit order
STEPS = {
    "arrival": ("Finding the branch open and the entrance clear", 7.5, 1.0),
    "queue": ("Taking a number and waiting", 6.0, 1.0),
    "greeting": ("Being greeted by a floor manager", 8.0, 0.6),
    "counter": ("The transaction at the counter", 7.5, 1.0),
    "advice": ("A talk with an adviser", 7.0, 0.4),
    "farewell": ("Being seen off at the door", 8.0, 0.7),
}
SPEC = {k: {"mean": m, "share": s} for k, (_, m, s) in STEPS.items()}


def main() -> None:
    data, truth = cx.simulate.journeys(SPEC, VISITS, random_state=SEED)
    data["journey"] = [f"V{i:05d}" for i in data["journey"]]
    big, _ = cx.simulate.journeys(SPEC, POPULATION, random_state=SEED + 1)
    pop = cx.journey.peak_end(big)
    weights = pd.DataFrame({"term": list(truth), "weight": list(truth.values())})
    weights["term"] = weights["term"].replace({"steps": "length (number of steps)"})
    population = pop.table[["term", "estimate"]].round(3)
    models = pop.fits[["model", "r2"]].round(3)
    steps = pd.DataFrame([(k, d, m, s) for k, (d, m, s) in STEPS.items()],
                         columns=["touchpoint", "description", "mean_latent_rating", "share_of_visits"])
    sizes = data.groupby("journey").size().value_counts().sort_index()
    card = f"""
# branch_journeys

**What.** {VISITS:,} synthetic visits to a bank branch. During the visit an app asked the customer to rate each
step from 1 (very bad) to 10 (excellent); the next day the customer rated the visit as a whole (the
retrospective rating, 1-10). Visits have {sizes.index.min()} to {sizes.index.max()} rated steps
({", ".join(f"{n} visits with {k}" for k, n in sizes.items())}).

**Columns.** `journey` (V00001 ...), `step` (1, 2, ... in visit order), `touchpoint`, `rating` (momentary,
1-10), `retrospective` (1-10, the same on every row of a visit). One row per visit and step; no missing values.

**How it was made.** `scripts/datasets/make_branch_journeys.py`, seed {SEED}, with
`cxresearch.simulate.journeys`. The momentary rating of a step is its mean + a visit-quality factor (sd 0.8)
+ N(0, 1), rounded to 1-10; in 15% of visits one step goes wrong (3.5 points lower). The retrospective
rating is the rounded, 1-10-clipped value of

    R* = 1.0 + 0.15 mean + 0.10 peak + 0.35 trough + 0.30 end + 0 x (number of steps) + N(0, 0.6)

over the visit's momentary ratings (peak = best, trough = worst, end = last): the peak-end rule, with the
worst moment as the "peak" of a service encounter, and duration neglect.

| touchpoint | description | mean latent rating | share of visits |
|---|---|---|---|
""" + "\n".join(f"| {r.touchpoint} | {r.description} | {r.mean_latent_rating} | {r.share_of_visits} |"
                for r in steps.itertuples()) + f"""

**Generating truth.**

{markdown_table(weights)}

In a population of {POPULATION:,} visits from the same generator, `cx.journey.peak_end` estimates (the first
moment is not in the equation, and rounding adds little):

{markdown_table(population)}

and the single summaries explain the retrospective rating this well (R2):

{markdown_table(models)}

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("branch_journeys", data, "Bank-branch visits rated step by step and as a whole afterwards",
          "synthetic (scripts/datasets/make_branch_journeys.py)", card)


if __name__ == "__main__":
    main()
