"""Readers for the survey exports researchers hold.

Each reader returns a pandas DataFrame ready for :func:`cxresearch.kano.code` and the rating
models, with what it read in ``frame.attrs["cxresearch"]``: ``reader``, ``source``,
``questions`` ({column: question text}), ``grid`` ({column: (question, item)} for the items of
a matrix / grid question), ``value_labels`` ({column: {code: label}}), ``id_columns``,
``dropped_columns`` ({column: reason}), ``rows`` (respondents in, used and left out by reason)
and ``notes`` (plain sentences on anything that changed values). :func:`describe` shows it as
one row per column; :func:`read_survey` picks the reader from the file.

Excel files need openpyxl, legacy ``.xls`` files xlrd, SPSS and Stata files pyreadstat:
``pip install "cxresearch[io]"``.
"""

from cxresearch.io._qualtrics import read_qualtrics
from cxresearch.io._stats import read_spss, read_stata
from cxresearch.io._survey import describe, read_survey
from cxresearch.io._surveymonkey import read_surveymonkey
from cxresearch.io._tables import read_excel, read_google_forms, read_limesurvey
from cxresearch.io._wjx import read_wjx

__all__ = [
    "describe",
    "read_excel",
    "read_google_forms",
    "read_limesurvey",
    "read_qualtrics",
    "read_spss",
    "read_stata",
    "read_survey",
    "read_surveymonkey",
    "read_wjx",
]
