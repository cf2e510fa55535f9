"""The method paragraphs and references of the tracking room's results (merged into ``_methods.METHODS``).

Each tracking result class adds one entry here: the keyword fields of a ``Method`` (``heading``, ``text``,
``references`` and optionally ``kinds``), keyed by its class name, so that ``cx.report``
and ``to_excel`` describe what was computed and cite where it comes from.
"""

from __future__ import annotations

TRACKING_METHODS: dict[str, dict] = {
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
