"""Safe writes: the target checked before anything is written, and never a user's file replaced silently.

Every writer (``Result.to_excel`` and any future one) calls :func:`writable_path` first and
:func:`write_errors` around the write, so a wrong path is a :class:`~cxresearch.errors.CXInputError`
that names the path and the fix, never a pandas or OS traceback.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxresearch._core.checks import arg_error
from cxresearch.errors import CXInputError


def writable_path(path: Any, suffix: str, overwrite: Any = False) -> Path:
    """``path`` as a file that may be written: the right suffix, an existing folder, no file replaced unasked.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> writable_path(folder / "out.xlsx", ".xlsx").name
    'out.xlsx'
    >>> writable_path(folder / "missing" / "out.xlsx", ".xlsx")
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: `path` must be a file in an existing folder; got ...
    """
    if not isinstance(overwrite, bool):
        raise arg_error("overwrite", "True or False", overwrite)
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes) or not str(path).strip():
        raise arg_error("path", f"a file path (str or pathlib.Path) ending in {suffix}", path)
    file = Path(path).expanduser()
    if file.is_dir():
        raise arg_error("path", f"a file name ending in {suffix}, not a folder", str(file),
                        f"Add a file name, e.g. {str(file / ('results' + suffix))!r}.")
    if file.suffix.lower() != suffix:
        raise arg_error("path", f"a file name ending in {suffix}", str(file))
    folder = file.parent
    if not folder.is_dir():
        raise arg_error("path", "a file in an existing folder", str(file),
                        f"The folder {str(folder)!r} does not exist: create it first "
                        "(pathlib.Path(...).mkdir(parents=True)) or write elsewhere.")
    if file.exists() and not overwrite:
        raise arg_error("path", "a file that does not exist yet", str(file),
                        "It would be replaced, with every sheet in it; pass overwrite=True to replace it, "
                        "or choose another name.")
    if not os.access(folder, os.W_OK) or (file.exists() and not os.access(file, os.W_OK)):
        raise arg_error("path", "a file you may write", str(file),
                        f"You have no permission to write in {str(folder)!r}; choose a folder you own.")
    return file


@contextlib.contextmanager
def write_errors(file: Path) -> Iterator[None]:
    """Turn an OS error raised while writing ``file`` into a :class:`CXInputError` naming it."""
    try:
        yield
    except PermissionError as exc:
        raise CXInputError(f"`path` {str(file)!r} cannot be written: permission denied ({exc.strerror}). "
                           "Is it open in Excel? Close it, or write to another file.") from None
    except OSError as exc:
        raise CXInputError(f"`path` {str(file)!r} cannot be written ({exc.strerror or exc}). "
                           "Check the folder and the free space.") from None
