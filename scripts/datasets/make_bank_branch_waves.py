"""Generate ``bank_branch_waves``: six yearly waves of a retail bank's Kano survey.

Run from ``scripts/datasets``: ``python make_bank_branch_waves.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _common import markdown_table, write

import cxresearch as cx
from cxresearch.simulate import drift, stable, step

SEED = 20261125
PER_WAVE = 400
YEARS = [2020, 2021, 2022, 2023, 2024, 2025]
SEGMENTS = {"VIP": 0.15, "gold": 0.30, "ordinary": 0.55}

DELIGHT = {"A": 0.62, "I": 0.20, "O": 0.10, "M": 0.04, "R": 0.02, "Q": 0.02}
PATHS = {
    "birthday_sms": ("Birthday greeting SMS", step(DELIGHT, {"I": 0.38, "M": 0.30, "O": 0.14, "A": 0.14,
                                                           "R": 0.02, "Q": 0.02}, at=3)),
    "bilingual_queue_display": ("Bilingual queue-number display",
                                stable({"I": 0.45, "O": 0.25, "A": 0.15, "M": 0.11, "R": 0.02, "Q": 0.02})),
    "glasses_calculators": ("Reading glasses and calculators at the counter",
                            drift(DELIGHT, {"A": 0.38, "O": 0.24, "M": 0.14, "I": 0.20, "R": 0.02, "Q": 0.02})),
    "umbrellas_first_aid": ("Umbrellas and a first-aid kit", stable(DELIGHT)),
    "vip_name_and_drink": ("Staff who remember a VIP's name and drink", stable(DELIGHT)),
    "handwritten_letter": ("Handwritten thank-you letter on the account anniversary", stable(DELIGHT)),
    "short_waiting_time": ("Short waiting time",
                           stable({"M": 0.60, "O": 0.22, "I": 0.10, "A": 0.04, "R": 0.02, "Q": 0.02})),
    "fee_waivers": ("Fee waivers", stable({"A": 0.45, "O": 0.20, "I": 0.25, "M": 0.06, "R": 0.02, "Q": 0.02})),
    "financial_advice": ("Professional financial advice",
                         stable({"O": 0.52, "M": 0.20, "A": 0.14, "I": 0.10, "R": 0.02, "Q": 0.02})),
    "vip_lounge": ("A quiet, comfortable VIP lounge",
                   stable({"A": 0.48, "O": 0.22, "I": 0.20, "M": 0.06, "R": 0.02, "Q": 0.02})),
}
SEGMENT_PATHS = {
    ("fee_waivers", "VIP"): drift({"A": 0.50, "O": 0.25, "M": 0.08, "I": 0.13, "R": 0.02, "Q": 0.02},
                                  {"M": 0.55, "O": 0.25, "A": 0.08, "I": 0.08, "R": 0.02, "Q": 0.02}),
}
SURVEY_DAY = ["03-14", "03-20", "04-11", "03-08", "05-02", "03-27"]  # fieldwork dates vary by year


def main() -> None:
    rng = np.random.default_rng(SEED)
    attrs = list(PATHS)
    answers, truth = cx.simulate.kano_waves(
        attrs, YEARS, PER_WAVE, {a: p for a, (_, p) in PATHS.items()}, segments=SEGMENTS,
        segment_paths=SEGMENT_PATHS, random_state=rng)
    wide = answers[answers["attribute"] == attrs[0]][["respondent", "wave", "segment"]].reset_index(drop=True)
    for a in attrs:
        part = answers[answers["attribute"] == a].reset_index(drop=True)
        wide[f"{a}_f"] = part["functional"].to_numpy()
        wide[f"{a}_d"] = part["dysfunctional"].to_numpy()
    wide = wide.rename(columns={"wave": "year"})
    wide.insert(2, "survey_date", [f"{y}-{SURVEY_DAY[YEARS.index(y)]}" for y in wide["year"]])
    wide["respondent"] = [f"B{i:05d}" for i in wide["respondent"]]
    truth.insert(1, "description", truth["attribute"].map({a: d for a, (d, _) in PATHS.items()}))
    truth["segment"] = truth.get("segment", pd.Series(dtype=object)).fillna("all")
    truth = truth[["attribute", "segment", "description", "kind", "direction", "changepoint",
                   "first_A", "last_A", "first_O", "last_O", "first_M", "last_M"]]
    truth["changepoint"] = truth["changepoint"].map(lambda v: "-" if pd.isna(v) else int(v))
    card = f"""
# bank_branch_waves

**What.** A synthetic six-wave Kano survey of a retail bank's branch customers, one wave a year from 2020 to
2025, {PER_WAVE} new customers a wave ({PER_WAVE * len(YEARS):,} in all), with a customer segment (VIP 15%,
gold card 30%, ordinary 55%). Ten branch-service attributes; each customer answered the functional and the
dysfunctional question of every attribute on the numeric scale 1 like, 2 must-be / expect, 3 neutral,
4 live with, 5 dislike.

**Columns.** `respondent` (B00001 ...), `year` (the wave), `survey_date` (fieldwork date, unevenly spaced),
`segment`, then `<attribute>_f` and `<attribute>_d` for every attribute below.

**How it was made.** `scripts/datasets/make_bank_branch_waves.py`, seed {SEED}, with
`cxresearch.simulate.kano_waves`: each attribute follows a path of true category probabilities over the waves
(stable, a linear drift, or a step at a given wave); answers are drawn from answer pairs that the standard
evaluation table maps to the drawn category.

**Generating truth.** `changepoint` is the first year of the new regime; shares are the true probabilities at
the first and last wave.

{markdown_table(truth)}

The birthday SMS became standard practice in 2023: from then on it is no longer a surprise and falls to
indifferent / must-be (a step). Waiting time is must-be throughout; the handwritten letter stays attractive
(given irregularly it never becomes expected); reading glasses and calculators drift slowly from attractive
towards one-dimensional; fee waivers drift towards must-be for VIP customers only, whose expectations climb
with every waiver they receive.

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("bank_branch_waves", wide, "Six yearly waves of a retail bank's Kano survey with segments",
          "synthetic (scripts/datasets/make_bank_branch_waves.py)", card)


if __name__ == "__main__":
    main()
