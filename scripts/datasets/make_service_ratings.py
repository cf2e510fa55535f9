"""Generate ``service_ratings``: a bank branch's satisfaction survey with known factor structure.

Run from ``scripts/datasets``: ``python make_service_ratings.py``. The population
figures in the card come from a second, large simulation with the same generator
(``POPULATION`` customers, seed ``SEED + 1``).
"""

from __future__ import annotations

import pandas as pd
from _common import markdown_table, write

import cxresearch as cx

SEED = 20261126
CUSTOMERS = 2000
POPULATION = 400_000
PERIOD = ("2026-01-12", "2026-03-27")
SEGMENTS = {"VIP": {"share": 0.15, "experience": 0.3, "expectation": 0.5},
            "gold": {"share": 0.30, "experience": 0.1, "expectation": 0.2},
            "ordinary": {"share": 0.55}}
EQUATION = {"intercept": 6.3, "expectation_effect": -0.6, "noise": 1.0, "halo": 0.5, "spread": 0.9}
# name: (description, penalty, reward, latent mean experience, latent mean expectation)
TOUCHPOINTS = {
    "short_waiting_time": ("Short waiting time at the counter", -1.00, 0.15, 3.3, 4.3),
    "transaction_accuracy": ("Transactions done right the first time", -1.10, 0.10, 3.8, 4.6),
    "birthday_sms": ("Birthday greeting SMS", -0.60, 0.10, 3.4, 3.9),
    "financial_advice": ("Professional financial advice", -0.55, 0.55, 3.3, 3.8),
    "staff_courtesy": ("Courteous, attentive staff", -0.50, 0.45, 3.6, 3.9),
    "opening_hours": ("Convenient opening hours", -0.40, 0.45, 3.2, 3.5),
    "online_booking": ("Booking an appointment online", -0.45, 0.40, 3.1, 3.3),
    "fee_waivers": ("Fee waivers", -0.08, 0.70, 2.8, 2.3),
    "vip_lounge": ("A quiet, comfortable lounge", -0.05, 0.60, 2.9, 2.2),
    "handwritten_letter": ("Handwritten thank-you letter on the account anniversary", -0.10, 0.80, 2.7, 1.9),
}
SPEC = {k: {"penalty": p, "reward": r, "experience": e, "expectation": x}
        for k, (_, p, r, e, x) in TOUCHPOINTS.items()}


def simulate(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    return cx.simulate.rating_survey(SPEC, n, segments=SEGMENTS, period=PERIOD, random_state=seed, **EQUATION)


def population_figures() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Penalty-reward and response-surface estimates in a very large sample (the estimands)."""
    pop, _ = simulate(POPULATION, SEED + 1)
    exp_cols = [f"{a}_experience" for a in TOUCHPOINTS]
    pr = cx.satisfaction.penalty_reward(pop, "overall", exp_cols, scale=(1, 5)).table
    pr = pr.assign(attribute=[a.removesuffix("_experience") for a in pr["attribute"]])
    pop = pop.assign(experience_index=pop[exp_cols].mean(axis=1),
                     expectation_index=pop[[f"{a}_expectation" for a in TOUCHPOINTS]].mean(axis=1))
    rsa = cx.satisfaction.disconfirmation(pop, "overall", "experience_index", "expectation_index", scale=(1, 5))
    return pr[["attribute", "penalty", "reward", "asymmetry", "factor"]], rsa.table[["term", "meaning", "estimate"]]


def main() -> None:
    data, truth = simulate(CUSTOMERS, SEED)
    data["respondent"] = [f"S{i:05d}" for i in data["respondent"]]
    pr, rsa = population_figures()
    truth.insert(1, "description", [TOUCHPOINTS[a][0] for a in truth["attribute"]])
    truth = truth.merge(pr.rename(columns={"penalty": "pop_penalty", "reward": "pop_reward",
                                           "asymmetry": "pop_asymmetry", "factor": "pop_factor"}),
                        on="attribute")
    for c in ["pop_penalty", "pop_reward", "pop_asymmetry"]:
        truth[c] = truth[c].round(3)
    rsa["estimate"] = rsa["estimate"].round(3)
    means = pd.DataFrame({"touchpoint": list(TOUCHPOINTS),
                          "experience": [data[f"{a}_experience"].mean() for a in TOUCHPOINTS],
                          "expectation": [data[f"{a}_expectation"].mean() for a in TOUCHPOINTS]})
    means["gap"] = means["experience"] - means["expectation"]
    means = means.round(2)
    card = f"""
# service_ratings

**What.** A synthetic satisfaction survey of {CUSTOMERS:,} customers of a retail bank's branches, fielded
{PERIOD[0]} to {PERIOD[1]}. Each customer rated ten touchpoints twice on a 1-5 scale, once for the
experience ("how was it?") and once for the expectation ("what did you expect?"), and gave an overall
satisfaction score from 1 to 10. The touchpoints overlap with the Kano survey `bank_branch_waves`, so the two
views (penalty-reward factors from ratings, Kano categories from a questionnaire) can be compared.

**Columns.** `respondent` (S00001 ...), `segment` (VIP 15%, gold 30%, ordinary 55%), `survey_date`
(YYYY-MM-DD), then `<touchpoint>_experience` and `<touchpoint>_expectation` for every touchpoint below, and
`overall`. No missing values.

**How it was made.** `scripts/datasets/make_service_ratings.py`, seed {SEED}, with
`cxresearch.simulate.rating_survey`. Latent experience = touchpoint mean + segment shift + 0.5 x a customer
factor (a halo shared by all the customer's ratings) + 0.9 x N(0, 1), rounded to 1-5; latent expectation =
touchpoint mean + segment shift + 0.9 x N(0, 1), rounded (VIP customers experience +0.3 and expect +0.5, gold
+0.1 and +0.2). Overall satisfaction is the rounded, 1-10-clipped value of

    S* = 6.3 + sum_j (penalty_j [E_j <= 2] + reward_j [E_j >= 4]) - 0.6 (mean_j X_j - 3) + N(0, 1)

so a low experience rating (1-2) of touchpoint j costs `penalty_j`, a high one (4-5) adds `reward_j`, and
higher expectations lower satisfaction at the same experience.

**Generating truth.** `factor` follows from the true penalty and reward by the impact-asymmetry rule with
cut-offs of +/-0.2. The `pop_` columns are what `penalty_reward` estimates in a population of {POPULATION:,}
customers from the same generator (rounding and the 1-10 ceiling pull the estimates slightly away from the
equation; the factors are the same).

{markdown_table(truth.drop(columns=["experience_mean", "expectation_mean"]))}

**Known response surface.** Regressing `overall` on the customers' mean experience E and mean expectation X
(both centred at 3) with all quadratic terms gives, in the population:

{markdown_table(rsa)}

Expectations lower satisfaction far less than experience raises it (b2 is about -0.5 against b1 near 3), so
satisfaction is **not** simply experience - expectation here: a test of the difference-score model should
reject it. The concave experience term (b3 < 0) comes from the basic factors: shortfalls cost more than
excellence earns.

**Mean ratings in the file** (gap = experience - expectation):

{markdown_table(means)}

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("service_ratings", data, "A bank branch's satisfaction survey: experience, expectation, overall",
          "synthetic (scripts/datasets/make_service_ratings.py)", card)


if __name__ == "__main__":
    main()
