"""``cx.report``: results handed over as one self-contained HTML file."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

from cxresearch._core.checks import arg_error
from cxresearch._core.params import Boolean, Text, declared
from cxresearch._core.writing import writable_path, write_errors
from cxresearch._report._html import methods_section, page, result_section
from cxresearch._report._methods import method_of
from cxresearch._version import __version__
from cxresearch.errors import CXInputError

__all__ = ["report"]

_NEEDS = ("table", "rows", "settings", "summary", "plot")


def _check_results(results: tuple) -> None:
    if not results:
        raise CXInputError("`results` must be one or more cxresearch results (e.g. cx.report(kano_result, "
                           "path='report.html')); got none.")
    for i, res in enumerate(results):
        if not all(hasattr(res, name) for name in _NEEDS):
            raise arg_error("results", "cxresearch result objects (what cx.kano.analyze, cx.dropoff.detect, "
                            "cx.satisfaction.drivers, ... return)", f"{type(res).__name__} at position {i}",
                            "Pass the results themselves, not their tables (res, not res.table).")


@declared(title=[None, Text()], overwrite=Boolean())
def report(*results: Any, path: str | os.PathLike = "report.html", title: str | None = None,
           overwrite: bool = False) -> Path:
    """Write results into one self-contained HTML report that opens in any browser.

    For each result, in the order given: its title, the settings used, the row accounting
    (what came in, what was used and why the rest was not), the readable table
    (``summary()``), every column of ``table`` (folded), and its figures embedded as PNG
    images. A closing section says how each kind of result was computed, in plain words,
    with references. The file needs nothing else to be read: no notebook, no internet, no
    script (the style sheet and the images are inside it).

    Parameters
    ----------
    *results : cxresearch result objects
        What :func:`cxresearch.kano.analyze`, :func:`cxresearch.dropoff.detect`,
        :func:`cxresearch.satisfaction.drivers` and the other analyses return.
    path : str or pathlib.Path, default "report.html"
        The ``.html`` file to write, in an existing folder.
    title : str, optional
        The report's heading (default: "cxresearch report").
    overwrite : bool, default False
        Replace an existing file; by default an existing file is refused.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    CXInputError
        No result, something that is not a result (a table instead of the result), a path
        not ending in ``.html``, a missing folder, an existing file without
        ``overwrite=True``, or a file that cannot be written.

    See Also
    --------
    cxresearch.kano.KanoResult.to_excel : one result as an Excel workbook.
    cxresearch.io.read_survey : reads the survey export the results come from.

    Notes
    -----
    The command line writes the same report: ``cxresearch kano EXPORT -o report.html``
    (see ``cxresearch --help``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxresearch as cx
    >>> kano = cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")))
    >>> drivers = cx.satisfaction.drivers(cx.load_dataset("service_ratings"), "overall",
    ...                                   ["staff_courtesy_experience", "fee_waivers_experience"])
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> out = cx.report(kano, drivers, path=folder / "handover.html", title="Client survey 2026")
    >>> out.name
    'handover.html'
    >>> text = out.read_text(encoding="utf-8")
    >>> text.count("<img src='data:image/png;base64,")  # Better-Worse, shares, importance
    3
    >>> cx.report(kano, path=folder / "handover.html")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: `path` must be a file that does not exist yet; got ...
    """
    _check_results(results)
    file = writable_path(path, ".html", overwrite)
    anchors: dict[str, tuple[str, Any]] = {}  # each method once: heading -> (anchor, method)
    sections = []
    for number, res in enumerate(results, 1):
        method = method_of(res)
        anchor, _ = anchors.setdefault(method.heading, (f"method-{len(anchors) + 1}", method))
        sections.append((getattr(res, "_title", type(res).__name__), result_section(number, res, method, anchor)))
    footer = (f"Written by cxresearch {__version__} on {datetime.date.today().isoformat()}; "
              f"{len(results)} result{'s' if len(results) != 1 else ''}.")
    text = page(title or "cxresearch report", sections, methods_section(dict(anchors.values())), footer)
    with write_errors(file):
        file.write_text(text, encoding="utf-8")
    return file
