"""The method paragraphs and references of the tracking room's results (merged into ``_methods.METHODS``).

Each tracking result class adds one entry here: the keyword fields of a ``Method`` (``heading``, ``text``,
``references`` and optionally ``kinds``), keyed by its class name, so that ``cx.report``
and ``to_excel`` describe what was computed and cite where it comes from.
"""

from __future__ import annotations

from cxresearch._core.references import cite

TRACKING_METHODS: dict[str, dict] = {
    "KPIResult": {
        "heading": "The KPI over waves and segments",
        "text": "The tracked number (Net Promoter Score: the share of promoters, 9-10 on the 0-10 recommendation "
                "question, minus the share of detractors, 0-6; or the share of top-box answers, or the mean "
                "rating) is computed for every wave and segment, with a confidence interval that shows how far "
                "the sampling alone could move it. Each wave is compared with the one before and the segments "
                "with each other; a change is called significant only when it stands out after adjusting for "
                "the number of comparisons made. Cells with too few answers are named and left without a number.",
        "references": cite("Reichheld 2003", "Kish 1965", "Holm 1979"),
    },
    "ControlChartResult": {
        "heading": "Control limits: which moves are more than noise",
        "text": "A control chart draws the tracked number wave by wave against a centre line and limits set from "
                "the baseline waves: three standard errors either side, wider for waves with fewer answers. A point "
                "outside the limits, or a pattern such as two of three points far out on one side, eight in a row "
                "above the centre or six in a row rising, is a signal that something changed beyond the sampling "
                "noise; every flagged point names the rule that flags it.",
        "references": cite("Montgomery 2009", "Western Electric 1956", "Nelson 1984"),
    },
    "ValueSegmentsResult": dict(
        heading="Value and cost to serve",
        text="Per customer segment (tier): the revenue it brings, what it costs to serve (a cost column, or "
             "usage such as branch visits and calls times a unit cost each), and the margin between them, as "
             "totals and per customer with a t interval. Cost over revenue shows how much of each unit earned "
             "service eats up; the number and share of customers whose margin is below zero (with a Wilson "
             "interval) show where service is given beyond what the customer is worth, and the segment's "
             "shares of all revenue and all cost show whether the cost of service matches each tier's value.",
        references=("Kaplan, R. S., & Narayanan, V. G. (2001). Measuring and managing customer profitability. "
                    "Journal of Cost Management, 15(5), 5-15.",
                    "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. "
                    "Journal of the American Statistical Association, 22(158), 209-212."),
        kinds=("margin", "loss")),
    "RecoveryResult": dict(
        heading="Complaints and recovery",
        text="Customers are sorted into four paths: no problem, complained and recovered, complained and not "
             "recovered, and a problem kept silent. The voice rate (the share of customers with a problem who "
             "complained) and the recovery rate come with Wilson intervals; most dissatisfied customers never "
             "complain, so the silent share is what a complaint count does not see. The outcome (repurchase, "
             "loyalty) is compared between recovered and unrecovered complainers, and between recovered "
             "complainers and customers who never had a problem (the recovery paradox), by Fisher's exact test "
             "for yes/no outcomes (a z test on the effective sample sizes with weights) and Welch's t for "
             "ratings, with Holm-adjusted p-values.",
        references=("TARP (1986). Consumer Complaint Handling in America: An Update Study. Washington, DC: U.S. "
                    "Office of Consumer Affairs.",
                    "Smith, A. K., & Bolton, R. N. (1998). An experimental investigation of customer reactions to "
                    "service failure and recovery encounters: paradox or peril? Journal of Service Research, 1(1), "
                    "65-81."),
        kinds=("paths", "funnel")),
    "ActionEffectResult": {
        "heading": "Did the action work? Difference in differences",
        "text": "Some units (branches) took an action and others did not. The effect is how much more the outcome "
                "moved in the acting units than in the others over the same periods: the outcome is regressed on "
                "unit and period effects and the action in force, by least squares on the rows. Standard errors "
                "are cluster-robust by unit (CR1), and intervals use t with one degree of freedom fewer than the "
                "number of units. Where there are several periods before the action, an event study with one term "
                "per period tests whether the groups were already moving apart before it.",
        "references": ("Bertrand, M., Duflo, E., & Mullainathan, S. (2004). How much should we trust "
                       "differences-in-differences estimates? Quarterly Journal of Economics 119(1), 249-275.",
                       "Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference. "
                       "Journal of Human Resources 50(2), 317-372."),
        "kinds": ("means", "event_study"),
    },
}
