"""The argument parser of the ``cxresearch`` command (argparse, one subcommand per analysis)."""

from __future__ import annotations

import argparse

from cxresearch._cli._read import FORMATS
from cxresearch._version import __version__

__all__ = ["build_parser"]

DESCRIPTION = """Customer-experience research from the terminal: read a survey export (Qualtrics,
SPSS, Stata, Excel, wjx / 问卷星, SurveyMonkey, Google Forms, LimeSurvey, or a plain CSV / Excel
table of answers), run an analysis and write the result as an Excel workbook (-o OUT.xlsx) or a
self-contained HTML report (-o OUT.html). Without -o the result is printed. A mistake in the input
prints the reason and exits with status 2; an existing output file is never replaced without
--overwrite."""

EPILOG = """examples:
  cxresearch describe survey.csv
  cxresearch kano survey.csv --by segment -o kano.xlsx
  cxresearch drivers ratings.csv --outcome overall --attributes "*_experience" -o drivers.html
  cxresearch dropoff waves.csv --time year -o dropoff.html

run "cxresearch COMMAND --help" for the options of each command."""


def _reading() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("reading the export")
    group.add_argument("export", metavar="EXPORT",
                       help="the survey tool's export or a plain CSV / TSV / Excel table of answers")
    group.add_argument("--format", choices=FORMATS, default="auto",
                       help="the survey tool (default: auto, told from the file; a CSV that is no tool's export is "
                            "read as a plain table; 'plain' forces that)")
    group.add_argument("--sheet", default=None, help="the sheet of an Excel workbook (name or 0-based position; default the first)")
    group.add_argument("--encoding", default=None,
                       help="the text encoding of a CSV (default: detected, e.g. utf-8, cp1252, gb18030)")
    group.add_argument("--sep", default=None, help="the delimiter of a CSV (default: detected among , ; tab |)")
    return parent


def _writing() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("the result")
    group.add_argument("-o", "--output", metavar="OUT", default=None,
                       help="write the result: OUT.xlsx (Excel workbook) or OUT.html (self-contained report); "
                            "default: print it")
    group.add_argument("--overwrite", action="store_true", help="replace OUT if it exists (default: refuse)")
    group.add_argument("--title", default=None, help="the heading of an HTML report (default: the analysis "
                       "and the export's file name)")
    group.add_argument("--weights", metavar="COL", default=None, help="the survey-weight column")
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The ``cxresearch`` parser with its four subcommands."""
    parser = argparse.ArgumentParser(prog="cxresearch", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"cxresearch {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    reading, writing = _reading(), _writing()
    sub.add_parser("describe", parents=[reading], help="what the export holds, one row per column",
                   description="Read the export and print one row per column: its role (id, answer, dropped), "
                               "question text, missing answers and value labels.")
    kano = sub.add_parser("kano", parents=[reading, writing], help="Kano categories and Better / Worse",
                          description="Code the functional / dysfunctional answer pairs (cx.kano.code) and "
                                      "analyse them (cx.kano.analyze): categories, Fong's test, Better / Worse.")
    kano.add_argument("--by", nargs="+", metavar="COL", help="segment column(s): one analysis per segment")
    drivers = sub.add_parser("drivers", parents=[reading, writing], help="derived importance of attributes",
                             description="Derived importance of the attributes for an overall rating "
                                         "(cx.satisfaction.drivers).")
    drivers.add_argument("--outcome", metavar="COL", required=True, help="the overall-satisfaction column")
    drivers.add_argument("--attributes", nargs="+", metavar="COL",
                         help="the attribute columns, names or patterns such as '*_experience' (quote them); "
                              "default: every numeric column besides the outcome")
    drivers.add_argument("--method", choices=("relative_weights", "shapley", "ols"), default="relative_weights",
                         help="the importance method (default: relative_weights)")
    drivers.add_argument("--by", nargs="+", metavar="COL", help="segment column(s): one model per segment")
    dropoff = sub.add_parser("dropoff", parents=[reading, writing], help="attributes sliding from attractive to "
                             "must-be over waves",
                             description="Code the Kano answer pairs and test each attribute for a drop-off "
                                         "over the waves (cx.dropoff.detect).")
    dropoff.add_argument("--time", metavar="COL", required=True, help="the wave / period / date column")
    dropoff.add_argument("--by", nargs="+", metavar="COL", help="segment column(s)")
    return parser
