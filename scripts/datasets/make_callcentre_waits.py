"""Generate ``callcentre_waits``: a call centre's callers with zones of tolerance, announced and actual waits.

Run from ``scripts/datasets``: ``python make_callcentre_waits.py``.

The call-centre case behind ``cx.expectation`` (``../shared/seeds/001_*.txt``: waiting time has no fixed
standard, different customers hold different standards; ``002_*.txt``: do not promise what cannot be
delivered). The generator is ``cxresearch.simulate.callcentre``; this script fixes the size and the seed and
writes the data card with the truth.
"""

from __future__ import annotations

import numpy as np
from _common import markdown_table, write

from cxresearch.simulate import callcentre
from cxresearch.simulate._callcentre import ANNOUNCED, LONGEST, RATING_EFFECTS, STANDARD_SD, SWAPPED

SEED = 20261201
N = 4000


def main() -> None:
    df, truth = callcentre(N, random_state=SEED)
    zones = truth["zones"].copy()
    zones["zone_width"] = zones["desired"] - zones["adequate"]
    zones["perceived"] = zones["perceived"].map(lambda v: "from the wait" if np.isnan(v) else v)
    promise = truth["promise"].copy()
    empirical = []
    for _, row in promise.iterrows():
        waits = df.loc[df["segment"] == row["segment"], "waited_min"].to_numpy()
        empirical.append(float(np.quantile(waits, row["keep_rate"], method="inverted_cdf")))
    promise["optimum_here"] = empirical
    promise = promise.round(3)
    counts = df["segment"].value_counts().reindex(list(promise["segment"]))
    inverted = sum(int((df[f"{a}_adequate"] > df[f"{a}_desired"]).sum()) for a in
                   ("waiting", "resolution", "courtesy", "information"))
    churn = ", ".join(f"{k} {v:+g}" for k, v in truth["churn"].items())
    card = f"""
# callcentre_waits

**What.** A synthetic survey of {N:,} callers of a call centre in three segments (VIP {counts['VIP']:,},
business {counts['business']:,}, ordinary {counts['ordinary']:,}). Each caller rated four attributes of the call
three times on a 1-9 scale, in the three-column format of Parasuraman, Zeithaml & Berry (1994) and LibQUAL+:
the lowest level they would accept (`<attribute>_adequate`), the level they want (`<attribute>_desired`) and
what they got (`<attribute>_perceived`). The attributes are `waiting` (how quickly the call was answered),
`resolution` (solved in this call), `courtesy` and `information` (clear information). Before the wait the IVR
announced an expected wait (`announced_min`, the promise); `waited_min` is the actual wait. `satisfaction` is
overall satisfaction (0-10) and `churned` (0/1) whether the caller left in the next quarter.

**Missing answers.** 1% of `resolution_perceived` answers are missing (skipped); 2% of `information_perceived`
answers are 0, the code for "can't judge": pass `missing_codes=0` (or declare `scale=(1, 9)`, which refuses it).

**How it was made.** `scripts/datasets/make_callcentre_waits.py` calls `cxresearch.simulate.callcentre({N},
random_state={SEED})`. A caller's adequate level = the segment's mean + a personal strictness (SD 0.5, shared by
the four attributes) + noise with SD {STANDARD_SD['VIP']} (VIP), {STANDARD_SD['business']} (business) and
{STANDARD_SD['ordinary']} (ordinary): different callers hold different standards, most of all ordinary callers.
Desired = adequate + the segment's zone width + noise (SD 0.5). Perceived = the segment's mean + noise (SD 1);
for waiting, perceived = 8 - 0.5 x wait + 0.25 x (announced - wait) + noise (SD 0.8). Answers are rounded to
1-9; in {SWAPPED:.0%} of the answer triples adequate and desired were swapped (careless answers), so
{inverted} caller-attribute answers have an inverted zone (adequate above desired).

The announcement was an experiment: the segment's median wait times one of {', '.join(map(str, ANNOUNCED))}, at
random (rounded to half minutes, at least 0.5), so the actual wait does not depend on it. Waits are log-normal
per segment, rounded to 0.1 minute, and capped at {LONGEST:g} minutes (a call-back). Satisfaction = b0 + b_p x
announced + gain x max(announced - waited, 0) - loss x max(waited - announced, 0) + the effects of the other
attributes' MSA (perceived - adequate, centred within the segment: {', '.join(f'{k} {v}' for k, v in
RATING_EFFECTS.items())}) + noise (SD 1), rounded and clipped to 0-10. `churned` is drawn from a logistic model
of the four attributes' MSA (answers as given, before the missing answers were blanked) and the minutes by which
the announcement was overrun: {churn}.

**Generating truth: zones of tolerance** (latent means before rounding; waiting's perceived level comes from
the wait):

{markdown_table(zones[["segment", "attribute", "adequate", "desired", "zone_width", "perceived", "adequate_sd"]])}

So VIP callers hold the highest and narrowest zones: on `resolution` the service every segment gets (6.6)
falls below the VIP zone, sits inside the business zone and high in the ordinary zone; `courtesy` (7.6)
is at the desired level of business callers and above that of ordinary callers. Seed 001's point, different
customers with different standards, is the spread of the individual adequate levels (`adequate_sd` in
`cx.expectation.tolerance`).

**Generating truth: the promise to make.** Per segment, the model's coefficients, the share of promises
kept at the best announcement, (b_p + loss) / (loss - gain), the best announcement on the log-normal
distribution of waits (`optimum`, minutes) and the same quantile of the waits in this file (`optimum_here`):

{markdown_table(promise[["segment", "b0", "b_p", "gain", "loss", "keep_rate", "median_wait", "wait_sigma",
                         "optimum", "optimum_here"]])}

Losses loom larger than gains (loss > gain in every segment) and VIP callers punish a broken promise most.
Rounding satisfaction to whole points and clipping it to 0-10 pulls the estimated coefficients slightly towards
zero.

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("callcentre_waits", df, "A call centre's callers: zones of tolerance, announced and actual waits, churn",
          "synthetic (scripts/datasets/make_callcentre_waits.py)", card)


if __name__ == "__main__":
    main()
