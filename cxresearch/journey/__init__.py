"""Customer journeys: is the remembered experience the average, or its peak and its end?

A customer who is asked afterwards how a branch visit went does not average the
moments of the visit. The peak-end rule (Kahneman et al. 1993; Redelmeier & Kahneman
1996) says the retrospective judgement follows the most intense moment and the final
one, and neglects how long the experience lasted. :func:`peak_end` tests that on data
with a momentary rating for every step of a journey and one retrospective rating per
journey; :func:`journey_features` gives the per-journey summaries it is built on.

:func:`touchpoints` maps the touchpoints of a journey by segment (experience, expectation,
their gap, importance) and names its moments of truth; :func:`visit_moments` finds them in
step-rated visits (how often a touchpoint is the peak or the trough, its weight in memory).
"""

from cxresearch.journey._features import journey_features
from cxresearch.journey._peak_end import peak_end
from cxresearch.journey._result import JourneyFeaturesResult, PeakEndResult
from cxresearch.journey._touchpoint_result import TouchpointResult
from cxresearch.journey._touchpoints import touchpoints
from cxresearch.journey._visits import VisitMomentsResult, visit_moments

__all__ = ["JourneyFeaturesResult", "PeakEndResult", "TouchpointResult", "VisitMomentsResult", "journey_features", "peak_end", "touchpoints",
           "visit_moments"]
