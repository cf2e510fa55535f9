"""What each subcommand does: read the export, call the public analysis, print or write the result."""

from __future__ import annotations

import argparse
import fnmatch
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pandas as pd

from cxresearch import dropoff, io, kano, satisfaction
from cxresearch._cli._read import read_export
from cxresearch._core.checks import require_columns
from cxresearch._core.writing import writable_path
from cxresearch._report import report
from cxresearch.errors import CXInputError

__all__ = ["COMMANDS"]

OUTPUTS = (".xlsx", ".html")


def _read(args: argparse.Namespace, say: Callable[[str], None]) -> pd.DataFrame:
    sheet = int(args.sheet) if args.sheet is not None and args.sheet.isdigit() else args.sheet
    frame, how = read_export(args.export, format=args.format, sheet=sheet, encoding=args.encoding,
                             sep=args.sep)
    say(how)
    return frame


def _output(args: argparse.Namespace) -> Path | None:
    """The output file, checked before any work: the suffix, the folder, no file replaced without --overwrite."""
    if args.output is None:
        return None
    suffix = Path(args.output).suffix.lower()
    if suffix not in OUTPUTS:
        raise CXInputError(f"-o/--output must end in .xlsx (an Excel workbook) or .html (a report); got "
                           f"{args.output!r}.")
    try:
        return writable_path(args.output, suffix, args.overwrite)
    except CXInputError as exc:
        raise CXInputError(str(exc).replace("`path`", "-o/--output").replace("pass overwrite=True", "pass --overwrite")
                           ) from None


def _deliver(result: Any, out: Path | None, args: argparse.Namespace, show: Callable[[str], None]) -> None:
    if out is None:
        with pd.option_context("display.width", 160, "display.max_columns", 30, "display.max_rows", 200):
            show(repr(result))
        return
    if out.suffix.lower() == ".xlsx":
        written = result.to_excel(out, overwrite=args.overwrite)
    else:
        title = args.title or f"{getattr(result, '_title', 'Results')}: {Path(args.export).name}"
        written = report(result, path=out, title=title, overwrite=args.overwrite)
    show(f"Wrote {written}")


def _names(values: list[str] | None) -> list[str] | None:
    """Column names given after an option (names may hold commas and spaces: quote them)."""
    return list(dict.fromkeys(values)) if values else None


def _by(args: argparse.Namespace) -> list[str] | None:
    return _names(args.by)


def _require(frame: pd.DataFrame, **options: Any) -> None:
    """The columns named by options (``--time year``) are in the export, or the error names the option."""
    for option, names in options.items():
        if names is not None:
            names = [names] if isinstance(names, str) else names
            require_columns(frame, names, f"--{option} column")


def describe(args: argparse.Namespace, say, show) -> None:
    """Print what was read: one row per column (role, question, missing answers, value labels)."""
    frame = _read(args, say)
    table = io.describe(frame)
    with pd.option_context("display.width", 160, "display.max_columns", 10, "display.max_rows", 500,
                           "display.max_colwidth", 60):
        show(table.to_string(index=False))


def run_kano(args: argparse.Namespace, say, show) -> None:
    """Code the Kano answer pairs and analyse them (categories, Better / Worse, Fong's test)."""
    out = _output(args)
    frame = _read(args, say)
    _require(frame, by=_by(args), weights=args.weights)
    coded = kano.code(frame)
    result = kano.analyze(coded, by=_by(args), weights=args.weights)
    _deliver(result, out, args, show)


def run_dropoff(args: argparse.Namespace, say, show) -> None:
    """Code the Kano answer pairs and test each attribute for a drop-off over the time column."""
    out = _output(args)
    frame = _read(args, say)
    _require(frame, time=args.time, by=_by(args), weights=args.weights)
    coded = kano.code(frame)
    result = dropoff.detect(coded, time=args.time, by=_by(args), weights=args.weights)
    _deliver(result, out, args, show)


def _attributes(frame: pd.DataFrame, given: list[str] | None, exclude: set, say) -> list[str]:
    """Columns named or matched by shell-style patterns (``*_experience``); by default every numeric answer column."""
    names = _names(given)
    columns = [c for c in frame.columns if isinstance(c, str)]
    if names is None:
        ids = set(frame.attrs.get("cxresearch", {}).get("id_columns", []))
        chosen = [c for c in columns if c not in exclude and c not in ids and pd.api.types.is_numeric_dtype(frame[c])
                  and not pd.api.types.is_bool_dtype(frame[c])]
        if not chosen:
            raise CXInputError("--attributes was not given and the export has no numeric column besides the outcome; "
                               "name the attribute columns with --attributes.")
        say(f"Attributes (every numeric column; choose with --attributes): {', '.join(chosen)}")
        return chosen
    out: list[str] = []
    for name in names:
        if any(ch in name for ch in "*?["):
            found = [c for c in columns if fnmatch.fnmatchcase(c, name) and c not in exclude]
            if not found:
                raise CXInputError(f"--attributes pattern {name!r} matches no column; the columns are "
                                   f"{columns[:12]}{' ...' if len(columns) > 12 else ''}.")
            out += [c for c in found if c not in out]
        elif name not in out:
            out.append(name)
    return out


def run_drivers(args: argparse.Namespace, say, show) -> None:
    """Derived importance of the attributes for the outcome (relative weights, Shapley values or OLS)."""
    out = _output(args)
    frame = _read(args, say)
    by = _by(args)
    _require(frame, outcome=args.outcome, by=by, weights=args.weights)
    exclude = {args.outcome, args.weights, *(by or [])}
    attributes = _attributes(frame, args.attributes, exclude, say)
    _require(frame, attributes=attributes)
    result = satisfaction.drivers(frame, args.outcome, attributes, method=args.method, by=by, weights=args.weights,
                                  progress=False)
    _deliver(result, out, args, show)


COMMANDS = {"describe": describe, "kano": run_kano, "drivers": run_drivers, "dropoff": run_dropoff}
