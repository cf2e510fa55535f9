"""The ``cxresearch`` command: the common analyses on a survey export, from a terminal.

Installed as the console script ``cxresearch`` and runnable as ``python -m cxresearch``::

    cxresearch describe EXPORT
    cxresearch kano EXPORT [--by COL] [-o OUT.xlsx | OUT.html]
    cxresearch drivers EXPORT --outcome COL [--attributes COL ...] [-o OUT]
    cxresearch dropoff EXPORT --time COL [--by COL] [-o OUT]

A thin layer over the public functions (:func:`cxresearch.io.read_survey`,
:func:`cxresearch.kano.analyze`, :func:`cxresearch.satisfaction.drivers`,
:func:`cxresearch.dropoff.detect`, :func:`cxresearch.report`): no statistics of its own. A
mistake in the input prints the cxresearch message, without a traceback, and exits with
status 2; warnings are printed as ``cxresearch: warning: ...``.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Sequence

from cxresearch._cli._commands import COMMANDS
from cxresearch._cli._parser import build_parser
from cxresearch.errors import CXInputError

__all__ = ["main"]


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _show(text: str) -> None:
    print(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 done, 2 a mistake in the input or the options).

    Examples
    --------
    >>> from cxresearch._cli import main
    >>> main(["kano", "no_such_export.csv"])
    2
    """
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse itself exits with status 2 on a wrong option
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            COMMANDS[args.command](args, _say, _show)
            status = 0
        except CXInputError as exc:
            print(f"cxresearch {args.command}: error: {exc}", file=sys.stderr)
            status = 2
        except ImportError as exc:  # an optional reader or writer dependency (openpyxl, pyreadstat, ...)
            print(f"cxresearch {args.command}: error: {exc}", file=sys.stderr)
            status = 2
        except BrokenPipeError:  # the output piped into a command that stopped reading (| head)
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
            status = 0
    for message in dict.fromkeys(str(w.message) for w in caught
                                 if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))):
        print(f"cxresearch: warning: {message}", file=sys.stderr)
    return status
