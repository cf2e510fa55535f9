"""Generate ``mobile_banking_tracker``: a weighted quarterly Kano tracker of a bank's mobile app.

Run from ``scripts/datasets``: ``python make_mobile_banking_tracker.py``.

The online panel over-represents young customers, as online panels do; the fieldwork agency's rim weights
(raking to the customer base's age and region margins, every wave on its own) are shipped in ``weight``.
Age bands hold different expectations, so the weighted and unweighted readings differ, and the true
population shares are known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _common import markdown_table, write

import cxresearch as cx
from cxresearch.simulate import drift, stable

SEED = 20261126
PER_WAVE = 600
QUARTERS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]
SAMPLE_AGE = {"18-34": 0.55, "35-54": 0.30, "55+": 0.15}  # who answers an online panel
POPULATION_AGE = {"18-34": 0.30, "35-54": 0.35, "55+": 0.35}  # the bank's customer base
POPULATION_REGION = {"north": 0.40, "south": 0.35, "west": 0.25}
SAMPLE_REGION = {"18-34": [0.30, 0.45, 0.25], "35-54": [0.40, 0.35, 0.25], "55+": [0.50, 0.25, 0.25]}

DELIGHT = {"A": 0.60, "O": 0.14, "M": 0.06, "I": 0.16, "R": 0.02, "Q": 0.02}
BASIC = {"M": 0.58, "O": 0.22, "A": 0.04, "I": 0.12, "R": 0.02, "Q": 0.02}
PATHS = {
    "face_login": ("Log in with the face", stable(DELIGHT)),
    "instant_transfer": ("Transfers arrive instantly",
                         stable({"O": 0.55, "M": 0.22, "A": 0.11, "I": 0.08, "R": 0.02, "Q": 0.02})),
    "spending_insights": ("Monthly spending insights",
                          stable({"I": 0.50, "A": 0.28, "O": 0.10, "M": 0.06, "R": 0.03, "Q": 0.03})),
    "card_freeze": ("Freeze a lost card in the app", stable(BASIC)),
    "branch_callback": ("A branch adviser calls back the same day",
                        stable({"I": 0.52, "A": 0.24, "O": 0.12, "M": 0.08, "R": 0.02, "Q": 0.02})),
    "chat_support": ("Chat with a person, not a bot",
                     stable({"O": 0.40, "A": 0.25, "M": 0.15, "I": 0.16, "R": 0.02, "Q": 0.02})),
}
# Expectations by age: the young take face login for granted within two years; older customers still
# find it a pleasant surprise; a same-day callback is a basic need for customers over 55.
SEGMENT_PATHS = {
    ("face_login", "18-34"): drift(DELIGHT, {"M": 0.55, "O": 0.22, "A": 0.08, "I": 0.11, "R": 0.02, "Q": 0.02}),
    ("face_login", "35-54"): drift(DELIGHT, {"A": 0.42, "O": 0.30, "M": 0.12, "I": 0.12, "R": 0.02, "Q": 0.02}),
    ("branch_callback", "55+"): stable({"M": 0.52, "O": 0.24, "A": 0.08, "I": 0.12, "R": 0.02, "Q": 0.02}),
    ("spending_insights", "18-34"): stable({"A": 0.52, "I": 0.26, "O": 0.12, "M": 0.06, "R": 0.02, "Q": 0.02}),
}


def rake(frame: pd.DataFrame, margins: dict[str, dict[str, float]], tol: float = 1e-12) -> np.ndarray:
    """Rim weights (iterative proportional fitting) matching every margin; mean weight 1."""
    w = np.ones(len(frame))
    for _ in range(1000):
        before = w.copy()
        for column, target in margins.items():
            share = pd.Series(w).groupby(frame[column].to_numpy()).sum() / w.sum()
            w = w * frame[column].map({k: target[k] / share[k] for k in target}).to_numpy()
        if np.max(np.abs(w - before)) < tol:
            return w / w.mean()
    raise RuntimeError("raking did not converge")  # pragma: no cover


def population_truth(truth_paths: dict) -> pd.DataFrame:
    """True A / O / M shares per age band and in the customer base, first and last wave."""
    rows = []
    for a, (_, base) in PATHS.items():
        for when, t in (("first", 0), ("last", len(QUARTERS) - 1)):
            mix = np.zeros(6)
            for band, pop in POPULATION_AGE.items():
                p = truth_paths.get((a, band), base).shares(len(QUARTERS))[t]
                mix += pop * p
                rows.append({"attribute": a, "age_band": band, "wave": when, **dict(zip("AOMIRQ", p))})
            rows.append({"attribute": a, "age_band": "customer base", "wave": when, **dict(zip("AOMIRQ", mix))})
    out = pd.DataFrame(rows)
    wide = out.pivot_table(index=["attribute", "age_band"], columns="wave", values=["A", "O", "M"], sort=False)
    wide.columns = [f"{w}_{c}" for c, w in wide.columns]
    return wide.reset_index()[["attribute", "age_band", "first_A", "last_A", "first_O", "last_O",
                                "first_M", "last_M"]].round(3)


def main() -> None:
    rng = np.random.default_rng(SEED)
    attrs = list(PATHS)
    answers, _ = cx.simulate.kano_waves(attrs, len(QUARTERS), PER_WAVE, {a: p for a, (_, p) in PATHS.items()},
                                        segments=SAMPLE_AGE, segment_paths=SEGMENT_PATHS, random_state=rng)
    wide = answers[answers["attribute"] == attrs[0]][["respondent", "wave", "segment"]].reset_index(drop=True)
    wide = wide.rename(columns={"segment": "age_band"})
    regions = np.array(list(POPULATION_REGION))
    wide["region"] = [regions[rng.choice(3, p=SAMPLE_REGION[band])] for band in wide["age_band"]]
    for a in attrs:
        part = answers[answers["attribute"] == a].reset_index(drop=True)
        wide[f"{a}_f"] = part["functional"].to_numpy()
        wide[f"{a}_d"] = part["dysfunctional"].to_numpy()
    weights = np.empty(len(wide))
    margins = {"age_band": POPULATION_AGE, "region": POPULATION_REGION}
    for wave, part in wide.groupby("wave"):
        weights[part.index] = rake(part, margins)
    wide.insert(4, "weight", weights.round(6))
    wide.insert(2, "quarter", [QUARTERS[w - 1] for w in wide["wave"]])
    wide["respondent"] = [f"M{i:05d}" for i in wide["respondent"]]
    truth = population_truth(SEGMENT_PATHS)
    card = f"""
# mobile_banking_tracker

**What.** A synthetic quarterly Kano tracker of a retail bank's mobile app: eight waves (2024Q1 to 2025Q4),
{PER_WAVE} new panel members a wave ({PER_WAVE * len(QUARTERS):,} in all), six app and service attributes, each
with the functional (`<attribute>_f`) and dysfunctional (`<attribute>_d`) question on the numeric scale
1 like, 2 must-be / expect, 3 neutral, 4 live with, 5 dislike; and the respondent's `age_band` and `region`.

**Weights.** The online panel over-represents young customers (18-34: {SAMPLE_AGE['18-34']:.0%} of the sample,
{POPULATION_AGE['18-34']:.0%} of the customer base). `weight` holds rim weights, as a fieldwork agency delivers
them: raking (iterative proportional fitting) of each wave to the customer base's margins, age
{POPULATION_AGE} and region {POPULATION_REGION}, mean weight 1 within each wave. They are
sampling weights: they make the sample stand for the customer base, not frequency counts.

**Columns.** `respondent` (M00001 ...), `wave` (1-8), `quarter`, `age_band`, `region`, `weight`, then the
answer pairs.

**How it was made.** `scripts/datasets/make_mobile_banking_tracker.py`, seed {SEED}, with
`cxresearch.simulate.kano_waves` (age bands as segments with their own paths of true category probabilities);
regions drawn with age-dependent sample shares {SAMPLE_REGION}.

**Generating truth.** True A / O / M shares at the first and last wave per age band, and in the customer base
(the age bands mixed in the population shares; this is what the weighted analysis estimates):

{markdown_table(truth)}

Face login drifts from attractive to must-be among customers aged 18-34, more slowly towards one-dimensional
at 35-54, and stays attractive for those over 55: in the customer base it is still attractive in the last
wave, while the young-heavy unweighted sample sees it fall much further. A same-day callback from a branch
adviser is a must-be for customers over 55 and mostly indifferent to the rest.

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("mobile_banking_tracker", wide, "Weighted quarterly Kano tracker of a bank's mobile app (rim weights)",
          "synthetic (scripts/datasets/make_mobile_banking_tracker.py)", card)


if __name__ == "__main__":
    main()
