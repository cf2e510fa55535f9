"""Progress bars for long row-level work (bootstrap, power simulation, engine passes).

tqdm draws them, in Jupyter and the terminal alike (``tqdm.auto``), when it is installed
(``pip install "cxresearch[progress]"``); without it, or with ``progress=False``, the work
runs silently. A bar appears only once the work has lasted a second (tqdm's ``delay``), so
short calls print nothing and notebook outputs compared by nbval stay the same.
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from cxresearch._core.checks import arg_error

__all__ = ["check_progress", "progress_bar"]

T = TypeVar("T")


def check_progress(progress: Any) -> bool:
    """``progress`` as a bool (``True``, ``False``); anything else is refused by name."""
    if not isinstance(progress, bool):
        raise arg_error("progress", "True or False", progress)
    return progress


def progress_bar(items: Iterable[T], *, total: int | None = None, desc: str = "", enabled: bool = True
                 ) -> Iterator[T] | Iterable[T]:
    """``items`` wrapped in a tqdm bar when ``enabled`` and tqdm is installed, else ``items`` itself.

    Examples
    --------
    >>> from cxresearch._core.progress import progress_bar
    >>> sum(progress_bar(range(4), enabled=False))
    6
    """
    if not enabled or importlib.util.find_spec("tqdm") is None:
        return items
    with warnings.catch_warnings():  # without ipywidgets tqdm.auto warns once, then draws a text bar
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=desc, leave=False, delay=1.0)
