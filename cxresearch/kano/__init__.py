"""Kano questionnaire coding and analysis.

From functional / dysfunctional answer pairs to the statistics researchers publish:
:func:`evaluate` (answer pairs -> A O M I R Q), :func:`code` (a survey export -> long
coded responses), :func:`counts` (the sufficient statistics), :func:`analyze` (shares,
category with Fong's test, strengths, Better / Worse with intervals, segment
comparison), :func:`continuous` (DuMouchel's functional / dysfunctional scores) and
:func:`service_plan` (tiered service standards and commitments).

Categories: A attractive, O one-dimensional, M must-be, I indifferent, R reverse,
Q questionable. Every statistic is computed from the count table, so a published
count table can be re-analysed with :func:`analyze`.
"""

from cxresearch._core.categories import CATEGORIES, CATEGORY_DTYPE
from cxresearch.kano._analysis import analyze
from cxresearch.kano._continuous import continuous
from cxresearch.kano._counts import counts
from cxresearch.kano._coding import code, evaluate
from cxresearch.kano._labels import answer_labels, label_codes, resolve_scale
from cxresearch.kano._plan import service_plan
from cxresearch.kano._result import KanoResult
from cxresearch.kano._tables import EvaluationTable, evaluation_table

__all__ = [
    "CATEGORIES",
    "CATEGORY_DTYPE",
    "EvaluationTable",
    "KanoResult",
    "analyze",
    "answer_labels",
    "code",
    "continuous",
    "counts",
    "evaluate",
    "evaluation_table",
    "label_codes",
    "resolve_scale",
    "service_plan",
]
