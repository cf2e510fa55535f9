"""Satisfaction regression: gaps, derived importance, penalty-reward factors, response surfaces.

Satisfaction is read as experience minus expectation. This module asks four questions of
rating data:

* :func:`gap_analysis` - where does experience fall short of expectation, weighted by
  importance (the gap step of the seven-step customer-experience method)?
* :func:`drivers` and :func:`importance_performance` - which attributes move overall
  satisfaction (standardised regression, relative weights, Shapley / LMG values), and how
  do they perform?
* :func:`penalty_reward` - which attributes are basic, performance or excitement factors,
  read from ordinary ratings (no Kano questionnaire needed)?
* :func:`disconfirmation` - does satisfaction really equal experience - expectation in
  these data (polynomial regression and response-surface analysis)?

Aggregate first: :func:`moments` reduces the rating columns of any dataframe (pandas in
numpy; Polars, DuckDB, Dask, ... inside their engine) to a small :class:`Moments` object
(per group: rows, weight sums, means, cross-products), which the models accept in place of
``data`` and turn into the same tables as the rows. Survey weights (``weights=``, sampling
weights) give weighted estimates with intervals on Kish's effective sample size.

Regression inputs are checked the same way everywhere: numbers only (finite), ratings on
the declared scale, no constant or perfectly collinear attribute, and rows with missing
values left out and counted in ``result.rows``. Every rating model takes the same
``missing_codes=`` (answers such as 0 or 99 meaning "not applicable", turned missing
first and counted per column in ``result.rows.recoded``); without ``scale=`` a value
that sits apart from the other ratings raises a :class:`~cxresearch.errors.ScaleWarning`;
and the linear models refuse a binary outcome unless ``family="linear"`` is passed.
"""

from cxresearch.satisfaction._decompose import DecompositionResult, decompose
from cxresearch.satisfaction._disconfirmation import disconfirmation
from cxresearch.satisfaction._drivers import drivers
from cxresearch.satisfaction._ipa import importance_performance
from cxresearch.satisfaction._gaps import GapResult, gap_analysis
from cxresearch._core.moments import Moments
from cxresearch.satisfaction._penalty_reward import penalty_reward
from cxresearch._core.reduce import moments
from cxresearch.satisfaction._results import DriversResult, IPAResult, PenaltyRewardResult
from cxresearch.satisfaction._surface import SurfaceResult

__all__ = [
    "DecompositionResult",
    "DriversResult",
    "GapResult",
    "IPAResult",
    "Moments",
    "PenaltyRewardResult",
    "SurfaceResult",
    "decompose",
    "disconfirmation",
    "drivers",
    "gap_analysis",
    "importance_performance",
    "moments",
    "penalty_reward",
]
