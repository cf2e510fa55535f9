"""Seeded generators of Kano surveys, rating surveys, customer journeys and promises with known truth.

Each generator takes ``random_state`` (an int or a ``numpy.random.Generator``) and
returns the data together with the truth used to make it, so tests and power analyses
can check a method against what it should find (the model is ruptures' ``pw_constant``).
Analysis code never imports this module.
"""

from cxresearch._core.categories import probabilities  # noqa: F401 - importable, as before
from cxresearch.simulate._bank_tracker import bank_tracker
from cxresearch.simulate._callcentre import callcentre
from cxresearch.simulate._journeys import PEAK_END, journeys  # noqa: F401 - PEAK_END importable
from cxresearch.simulate._kano import answer_pairs, kano_survey, to_wide
from cxresearch.simulate._promises import best_keep_rate, promises
from cxresearch.simulate._ratings import rating_survey
from cxresearch.simulate._touchpoints import touchpoint_survey, touchpoint_visits
from cxresearch.simulate._tracker import rating_tracker
from cxresearch.simulate._waves import Path, drift, kano_waves, stable, step

__all__ = ["Path", "answer_pairs", "bank_tracker", "best_keep_rate", "callcentre", "drift", "journeys", "kano_survey", "kano_waves",
           "promises", "rating_survey", "rating_tracker", "stable", "step", "to_wide", "touchpoint_survey",
           "touchpoint_visits"]
