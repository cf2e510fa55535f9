"""Warnings that point at the user's line, and renamed arguments that keep working for a while."""

from __future__ import annotations

import functools
import inspect
import os
import warnings
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_PACKAGE = str(Path(__file__).resolve().parents[1]) + os.sep


def stack_level() -> int:
    """The stack level of the first frame outside cxresearch (pandas' ``find_stack_level`` idea)."""
    frame, level = inspect.currentframe(), 0
    while frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return max(level, 1)


def warn(message: str, category: type[Warning]) -> None:
    """``warnings.warn`` attributed to the user's code, however deep inside cxresearch it is raised."""
    warnings.warn(message, category, stacklevel=stack_level())


def renamed_argument(old: str, new: str, since: str) -> Callable[[F], F]:
    """Accept ``old=`` as a deprecated spelling of ``new=`` (one vocabulary across the package).

    Examples
    --------
    >>> import warnings
    >>> from cxresearch._core.warn import renamed_argument
    >>> @renamed_argument("min_count", "min_n", since="0.2")
    ... def f(*, min_n=30):
    ...     return min_n
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     value = f(min_count=5)
    >>> value, caught[0].category.__name__
    (5, 'FutureWarning')
    """
    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"{func.__name__}() got both `{old}` and `{new}`; use `{new}` only.")
                warn(f"`{old}` was renamed `{new}` in cxresearch {since}; `{old}` will be removed in a later "
                     "release.", FutureWarning)
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)
        return wrapper  # type: ignore[return-value]
    return decorate
