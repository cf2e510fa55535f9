"""cxresearch: customer-experience research in Python.

Modules: :mod:`cxresearch.kano` (questionnaire coding and analysis),
:mod:`cxresearch.dropoff` (drift of attributes across survey waves),
:mod:`cxresearch.satisfaction` (gaps, derived importance, penalty-reward, response surfaces),
:mod:`cxresearch.journey` (peak-end analysis of journeys),
:mod:`cxresearch.expectation` (zones of tolerance, the promise to make),
:mod:`cxresearch.tracking` (KPIs over waves, control limits, value, actions, recovery),
:mod:`cxresearch.io` (readers for survey-tool exports),
:mod:`cxresearch.simulate` (seeded survey generators) and the shipped datasets
(:func:`list_datasets`, :func:`load_dataset`); :func:`report` writes results into one
self-contained HTML file, and the ``cxresearch`` command runs the common analyses on an
export from the terminal. Nothing runs at import; matplotlib is
imported when the first figure is drawn.
"""

from cxresearch import datasets, dropoff, expectation, io, journey, kano, satisfaction, simulate, tracking
from cxresearch._report import report
from cxresearch._version import __version__
from cxresearch.datasets import list_datasets, load_dataset

__all__ = [
    "__version__",
    "datasets",
    "dropoff",
    "expectation",
    "io",
    "journey",
    "kano",
    "list_datasets",
    "load_dataset",
    "report",
    "satisfaction",
    "simulate",
    "tracking",
]
