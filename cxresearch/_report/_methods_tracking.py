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
}
