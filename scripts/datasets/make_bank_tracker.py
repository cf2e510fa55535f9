"""Generate ``bank_quarterly_tracker``: a bank's quarterly customer tracker with an action in half its branches.

Run from ``scripts/datasets``: ``python make_bank_tracker.py``.

The management loop of the case texts (``../shared/seeds/002_*.txt``: goals, process, tools, monitoring;
``004_*.txt``: step 7, prove the result; ``001_*.txt`` and ``004``: waits are felt longer than they are;
``003_*.txt``: match the cost of service to each customer tier, recover complaints). The generator is
``cxresearch.simulate.bank_tracker``; this script fixes the size and the seed and writes the data card with the
truth.
"""

from __future__ import annotations

from _common import markdown_table, write

from cxresearch.simulate import bank_tracker
from cxresearch.simulate._bank_tracker import BRANCH_SD, DRIFT, LEVEL, NOISE_SD, RECOMMEND, SEGMENTS, WAIT_NOISE

SEED = 20261206
BRANCHES, N = 24, 20


def _kpi_table(kpi):
    control = kpi[kpi["group"] == "control"].pivot(index="quarter", columns="segment", values=["top_box", "nps"])
    control.columns = [f"{k}_{s}" for k, s in control.columns]
    return control.reset_index().round(3)


def main() -> None:
    df, truth = bank_tracker(BRANCHES, N, random_state=SEED)
    action, shift = truth["action"], truth["shift"]
    counts = df.drop_duplicates("customer")["segment"].value_counts().reindex(list(SEGMENTS))
    slope, intercept, noise = RECOMMEND
    complaints = truth["complaints"]
    paths = ", ".join(f"{k} {v:.2f}" for k, v in complaints["repurchase"].items())
    card = f"""
# bank_quarterly_tracker

**What.** A synthetic quarterly customer tracker of a retail bank: {len(df):,} customers, {N} per branch and
quarter in {BRANCHES} branches over eight quarters (2023Q1-2024Q4), in three segments (VIP {counts['VIP']:,}, gold
{counts['gold']:,}, ordinary {counts['ordinary']:,}). Each customer gave a 0-10 recommend rating (`recommend`, NPS:
promoters 9-10, detractors 0-6) and a 1-5 satisfaction rating (`satisfaction`, top box 5); the tracker also
holds the customer's actual and perceived wait at the branch in minutes (`wait_actual_min`,
`wait_perceived_min`), the quarter's revenue and cost to serve (`revenue`, `cost`), and the complaint path
(`problem`, `complained`, `recovered`, `repurchased`, each 0/1 and 0 where the step before is 0). From
{action['quarter']} on, {len(action['branches'])} branches (`action_branch` = 1) took an action (a greeter and a
service check at the door); `action_in_force` is 1 in those branches from that quarter on.

**It is synthetic.** No real customer is in it. `scripts/datasets/make_bank_tracker.py` calls
`cxresearch.simulate.bank_tracker({BRANCHES}, {N}, random_state={SEED})`; the truth below is what the generator
used, so a method can be checked against it.

**How it was made.** Latent satisfaction = segment level (VIP {LEVEL['VIP']}, gold {LEVEL['gold']}, ordinary
{LEVEL['ordinary']}) + drift per quarter (VIP {DRIFT['VIP']:+g}, gold {DRIFT['gold']:+g}, ordinary
{DRIFT['ordinary']:+g}) + a shift of {shift['latent']:+g} in the {shift['segment']} segment from
{shift['quarter']} on (a fee rise: the one real move) + the action's effect {action['effect_latent']:+g} in the
acting branches from {action['quarter']} on + a branch effect (SD {BRANCH_SD}) + noise (SD {NOISE_SD}).
`satisfaction` is it rounded and clipped to 1-5; `recommend` is {slope:g} x latent {intercept:+g} + noise (SD
{noise:g}), rounded and clipped to 0-10. The acting branches were chosen at random. The ratings are drawn apart
from the waits, the money and the complaints, so each part's truth stands by itself.

**Truth: the action.** On latent satisfaction {action['effect_latent']:+g}; expected in the acting branches'
action quarters: {action['effect_mean']:+.3f} on mean satisfaction (1-5), {action['effect_top_box']:+.3f} on the
top-box share and {action['effect_nps']:+.3f} on NPS (as a share, -1 to 1). This is what a difference in
differences (`cx.tracking.action_effect(..., since="{action['quarter']}")`) estimates. Acting branches:
{', '.join(action['branches'])}.

**Truth: top box and NPS of the control branches by quarter** (expected, over branches):

{markdown_table(_kpi_table(truth['kpi']))}

**Truth: waits.** Actual waits are log-normal (median minutes by segment below, sigma of the log
{truth['waits']['sigma'].iloc[0]}); perceived = actual^{truth['waits']['slope'].iloc[0]} x
{truth['waits']['ratio'].iloc[0]} x exp(noise, SD {WAIT_NOISE}), both rounded to 0.1 minute (at least 0.5). The
expected geometric-mean ratio perceived / actual is 1.5 x median^(0.85 - 1):

{markdown_table(truth['waits'][['segment', 'median_actual', 'ratio', 'slope', 'gm_ratio']].round(3))}

**Truth: value and cost to serve** (per customer and quarter, independent log-normals; `loss_share` = P(cost >
revenue)):

{markdown_table(truth['value'][['segment', 'revenue_median', 'cost_median', 'mean_revenue', 'mean_cost',
                                'mean_margin', 'cost_to_revenue', 'loss_share']].round(3))}

**Truth: complaints.** P(problem) = {complaints['problem']}; P(complained | problem) = {complaints['complained']}
(the voice rate: {1 - complaints['complained']:.0%} of the customers with a problem say nothing); P(recovered |
complained) = {complaints['recovered']}; P(repurchase) by path: {paths}. A recovered complaint wins back most
of the customer (0.80 against 0.85 without a problem: no recovery paradox).

**Licence.** CC0-1.0: synthetic data, free to use.
"""
    write("bank_quarterly_tracker", df, "A bank's quarterly tracker: NPS, top box, an action, waits, value, complaints",
          "synthetic (scripts/datasets/make_bank_tracker.py)", card)


if __name__ == "__main__":
    main()
