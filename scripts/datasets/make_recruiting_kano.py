"""Generate ``recruiting_kano`` and ``recruiting_kano_zh``.

A Kano survey of 300 client companies of a recruitment (headhunting) agency, wide
format, with industry as segment and a 1-9 self-stated importance per attribute.
Run from the repository root: ``python scripts/datasets/make_recruiting_kano.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _common import markdown_table, write

import cxresearch as cx

SEED = 20261124
N = 300
INDUSTRIES = {"IT": 0.35, "Manufacturing": 0.35, "Finance": 0.30}

# attribute -> (description, true distribution, per-industry overrides)
MUST = {"M": 0.58, "O": 0.17, "A": 0.05, "I": 0.16, "R": 0.02, "Q": 0.02}
ONE = {"O": 0.52, "M": 0.18, "A": 0.14, "I": 0.12, "R": 0.02, "Q": 0.02}
ATTR = {"A": 0.55, "I": 0.22, "O": 0.12, "M": 0.07, "R": 0.02, "Q": 0.02}
BORDER = {"A": 0.40, "I": 0.36, "O": 0.12, "M": 0.08, "R": 0.02, "Q": 0.02}
INDIFF = {"I": 0.56, "A": 0.22, "O": 0.08, "M": 0.08, "R": 0.04, "Q": 0.02}
DESIGN = {
    "recommendations_on_time": ("Committed number of candidate recommendations delivered on time", MUST, {}),
    "progress_reports": ("Prompt progress reports and follow-up on feedback", MUST, {}),
    "hire_in_time_budget": ("Hiring a suitable person within the agreed time and budget", ONE, {}),
    "free_interview_venue": ("Free interview venue", ATTR, {}),
    "onsite_interview_staff": ("Staff on site to help run interviews", ATTR, {}),
    "employer_branding": ("Employer-branding support", ATTR, {}),
    "market_briefings": ("Talent-market briefings", BORDER, {}),
    "onboarding_help": ("Onboarding help for the new hire", ATTR, {}),
    "probation_followup": ("Follow-up during the probation period", INDIFF, {}),
    "aptitude_tests": ("Aptitude tests for technical roles", INDIFF, {"IT": ATTR}),
    "onsite_consultant": ("On-site consultant when the HR team is short of hands", INDIFF, {}),
}
IMPORTANCE_MEAN = {"M": 8.0, "O": 7.5, "A": 5.5, "I": 3.5, "R": 3.0, "Q": 5.0}
IMPORTANCE_LABELS = {1: "1 - Not at all important", 3: "3 - Somewhat important", 5: "5 - Important",
                     7: "7 - Very important", 9: "9 - Extremely important"}
CHINESE = {1: "喜欢", 2: "理应如此", 3: "无所谓", 4: "能忍受", 5: "不喜欢"}


def simulate() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    specs = {name: ({seg: over.get(seg, dist) for seg in INDUSTRIES} if over else dist)
             for name, (_, dist, over) in DESIGN.items()}
    long = cx.simulate.kano_survey(specs, N, segments=INDUSTRIES, random_state=rng)
    mean = long["true_category"].map(IMPORTANCE_MEAN).to_numpy(dtype=float)
    long["importance"] = np.clip(np.round(rng.normal(mean, 1.4)), 1, 9).astype(int)
    return long


def to_export(long: pd.DataFrame, labels: dict[int, str], imp_labels: bool) -> pd.DataFrame:
    wide = long[["respondent", "segment"]].drop_duplicates().reset_index(drop=True)
    wide.columns = ["company_id", "industry"]
    for name in DESIGN:
        part = long[long["attribute"] == name].reset_index(drop=True)
        wide[f"{name}_functional"] = part["functional"].map(labels).to_numpy()
        wide[f"{name}_dysfunctional"] = part["dysfunctional"].map(labels).to_numpy()
        imp = part["importance"]
        wide[f"{name}_importance"] = (imp.map(lambda v: IMPORTANCE_LABELS.get(v, str(v)))
                                      if imp_labels else imp).to_numpy()
    wide["company_id"] = [f"C{i:03d}" for i in wide["company_id"]]
    return wide


def truth_table() -> pd.DataFrame:
    rows = []
    for name, (desc, dist, over) in DESIGN.items():
        def fmt(d):
            return ", ".join(f"{k} {v:.2f}" for k, v in sorted(d.items(), key=lambda kv: -kv[1]) if v >= 0.05)
        top = max(dist, key=dist.get)
        note = "; ".join(f"{seg}: {max(d, key=d.get)} ({fmt(d)})" for seg, d in over.items())
        rows.append({"column prefix": name, "attribute": desc, "true category": top,
                     "true distribution": fmt(dist), "segment override": note or "-"})
    return pd.DataFrame(rows)


CARD = """
# {name}

**What.** A synthetic Kano survey of {n} client companies of a recruitment (headhunting) agency.
Each company answered the functional ("If the agency offers ..., how do you feel?") and the
dysfunctional ("If the agency does not offer ...") question for 11 service attributes, and rated
each attribute's importance from 1 (not at all) to 9 (extremely important). {labels}

**Columns.** `company_id` (C001 ...), `industry` (IT, Manufacturing, Finance; drawn with shares
0.35 / 0.35 / 0.30), then for every attribute `<prefix>_functional`, `<prefix>_dysfunctional` and
`<prefix>_importance`{imp}.

**How it was made.** `scripts/datasets/make_recruiting_kano.py` with seed {seed}: for each company
and attribute a true category is drawn from the distribution below, then an answer pair that the
standard evaluation table maps to that category (`cxresearch.simulate.answer_pairs`), so coding the
answers returns the drawn categories. Importance is drawn around 8 (M), 7.5 (O), 5.5 (A), 3.5 (I)
with sd 1.4, rounded and clipped to 1-9.

**Generating truth** (the distributions used; "true category" is the most likely one):

{truth}

**Licence.** CC0-1.0: synthetic data, free to use.
"""


def main() -> None:
    long = simulate()
    truth = markdown_table(truth_table())
    en = to_export(long, {k: v for k, v in zip(range(1, 6), [
        "I like it that way", "It must be that way", "I am neutral", "I can live with it that way",
        "I dislike it that way"])}, imp_labels=True)
    write("recruiting_kano", en, "Kano survey of a recruitment agency's client companies (English labels)",
          "synthetic (scripts/datasets/make_recruiting_kano.py)",
          CARD.format(name="recruiting_kano", n=N, seed=SEED, truth=truth, imp=
                      " (odd values carry their label, e.g. `9 - Extremely important`, as real "
                      "exports do)",
                      labels="Answers use the first wording of Berger et al. (1993): *I like it that "
                      "way / It must be that way / I am neutral / I can live with it that way / I "
                      "dislike it that way*."))
    zh = to_export(long, CHINESE, imp_labels=False)
    write("recruiting_kano_zh", zh, "The recruiting_kano survey with Chinese answer labels",
          "synthetic (scripts/datasets/make_recruiting_kano.py)",
          CARD.format(name="recruiting_kano_zh", n=N, seed=SEED, truth=truth, imp=" (numbers)",
                      labels="The same answers as `recruiting_kano`, in simplified Chinese: 喜欢 "
                      "(like), 理应如此 (must-be), 无所谓 (neutral), 能忍受 (live with), 不喜欢 "
                      "(dislike)."))


if __name__ == "__main__":
    main()
