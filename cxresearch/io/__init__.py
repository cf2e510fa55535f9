"""Readers for the survey exports researchers hold.

Each reader returns a pandas DataFrame ready for :func:`cxresearch.kano.code` and the rating
models, with what it read in ``frame.attrs["cxresearch"]``: ``reader``, ``source``,
``questions`` ({column: question text}), ``grid`` ({column: (question, item)} for the items of
a matrix / grid question), ``value_labels`` ({column: {code: label}}), ``id_columns``,
``dropped_columns`` ({column: reason}), ``rows`` (respondents in, used and left out by reason),
``notes`` (plain sentences on anything that changed values) and ``encoding`` (of a text file;
None otherwise). :func:`describe` shows it as one row per column; :func:`read_survey` picks the
reader from the file, and :func:`read_table` reads a plain table of answers (one header row) that
no survey tool wrote. Text files are read in any encoding Excel and the survey tools write
(detected, or ``encoding=``), with any of the delimiters ``,`` ``;`` tab ``|`` (``sep=``),
decimal commas (``decimal=``) and rows that do not fit the header refused with their line
numbers or, with ``on_bad_lines="skip"``, left out and counted. Identifiers and numbers that
would not round-trip stay text.

Excel files need openpyxl, legacy ``.xls`` files xlrd, SPSS and Stata files pyreadstat; CSV
files are parsed fastest with pyarrow (pandas' C engine otherwise): ``pip install "cxresearch[io]"``.
"""

from cxresearch.io._plain import read_table
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
    "read_table",
    "read_wjx",
]
