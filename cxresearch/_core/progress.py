"""Progress bars for long row-level work (bootstrap, power simulation, engine passes).

tqdm draws them, in Jupyter and the terminal alike (``tqdm.auto``), when it is installed
(``pip install "cxresearch[progress]"``; in JupyterLab the bar is a widget, which needs
ipywidgets, else tqdm prints a text bar); without it, or with ``progress=False``, the work
runs silently. A bar appears only once the work has lasted a second (tqdm's ``delay``), so
short calls print nothing. On a slow or loaded machine a long call can pass that second, so a
notebook checked with nbval should run with ``TQDM_DISABLE=1`` in the environment (as ``make test``
does) or pass ``progress=False``: then no bar is drawn and the stored outputs stay the same.

A bar counts what the user asked for: resamples (``n_boot``) or simulated surveys
(``n_sim``), never internal batches. A call that runs one bootstrap per segment shows one
bar over all of them (``n_boot`` x segments): a :class:`Progress` made by the public
function and handed down, which each segment's bootstrap advances by the resamples it has
done (see :func:`counting`).
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from cxresearch._core.checks import arg_error

__all__ = ["Progress", "check_progress", "counting", "progress_bar"]

T = TypeVar("T")


def check_progress(progress: Any) -> bool:
    """``progress`` as a bool (``True``, ``False``); anything else is refused by name."""
    if not isinstance(progress, bool):
        raise arg_error("progress", "True or False", progress)
    return progress


def _tqdm_class():
    """tqdm's bar class (``tqdm.auto``: a widget in Jupyter, text elsewhere), or None when tqdm is not installed."""
    if importlib.util.find_spec("tqdm") is None:
        return None
    with warnings.catch_warnings():  # without ipywidgets tqdm.auto warns once, then draws a text bar
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
    return tqdm


def progress_bar(items: Iterable[T], *, total: int | None = None, desc: str = "", enabled: bool = True
                 ) -> Iterator[T] | Iterable[T]:
    """``items`` wrapped in a tqdm bar when ``enabled`` and tqdm is installed, else ``items`` itself.

    Examples
    --------
    >>> from cxresearch._core.progress import progress_bar
    >>> sum(progress_bar(range(4), enabled=False))
    6
    """
    bar = _tqdm_class() if enabled else None
    if bar is None:
        return items
    return bar(items, total=total, desc=desc, leave=False, delay=1.0)


class Progress:
    """One bar of ``total`` units (resamples, simulations) that the work advances with :meth:`update`.

    With ``enabled=False``, ``total`` 0 or tqdm not installed, it draws nothing and
    :meth:`update` does nothing. Use it as a context manager, so the bar closes when the
    work ends or fails.

    Examples
    --------
    >>> from cxresearch._core.progress import Progress
    >>> with Progress(200, "bootstrap", enabled=False) as bar:
    ...     for batch in (128, 72):
    ...         bar.update(batch)
    >>> bar.done
    200
    """

    def __init__(self, total: int, desc: str = "", enabled: bool = True):
        self.total, self.done = int(total), 0
        cls = _tqdm_class() if enabled and total > 0 else None
        self._bar = None if cls is None else cls(total=self.total, desc=desc, leave=False, delay=1.0)

    def update(self, n: int = 1) -> None:
        """Count ``n`` more units done."""
        self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def each(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, counting one unit as each is done."""
        for item in items:
            yield item
            self.update(1)

    def drop(self, n: int) -> None:
        """``n`` planned units will not run (a segment whose model did not converge has no bootstrap)."""
        self.total -= n
        if self._bar is not None:
            self._bar.total = self.total
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextmanager
def counting(progress: bool | Progress, total: int, desc: str) -> Iterator[Progress]:
    """The bar a piece of work advances: the caller's shared :class:`Progress`, or its own one of ``total``.

    A public function that runs the work once passes ``progress`` (a bool) and the work gets
    a bar of its own; one that runs it per segment passes one :class:`Progress` over all
    segments, which is left open for the next segment.
    """
    if isinstance(progress, Progress):
        yield progress
        return
    with Progress(total, desc, enabled=progress) as bar:
        yield bar
