"""Declared argument constraints: each public function states once what each argument may be.

The idea is scikit-learn's ``validate_params``: a function is decorated with
:func:`declared`, which names a constraint (or a list of alternatives) for every
argument of its signature; one check runs before the function body and raises the one
error template of :func:`cxresearch._core.checks.arg_error` ("`name` must be <what>;
got <value>. <fix>"). Arguments whose meaning is shared across the API (``data``,
``by``, ``weights``, ``confidence``, ``random_state``, ...) take their constraint from
:mod:`cxresearch._core.vocabulary`, so the same name is checked the same way everywhere.

The constraints know their own bad values (:meth:`Constraint.invalid`), which is how
``tests/test_declared.py`` walks every public function and every argument with wrong
types, out-of-range values, NaN and misspelt options.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cxresearch._core.checks import arg_error, near_match
from cxresearch._core.constraints import (  # noqa: F401 - re-exported: modules declare with these
    Anything, Boolean, Constraint, Frame, Function, Instance, Integer, Keyed, Name, Names, Options, Pair, PathLike,
    Real, Seed, Text,
)
from cxresearch._core.vocabulary import shared_spec
from cxresearch.errors import CallError, CXInputError

__all__ = ["check", "declarations", "declared"]


_NONE = "None"


def _describe(alternatives: list) -> str:
    words = [_NONE if a is None else a.expected for a in alternatives]
    if len(words) == 1:
        return words[0]
    head = [w for w in words if w != _NONE]
    if len(head) == 1:
        return f"{head[0]}, or None"
    return ", ".join(head[:-1]) + " or " + head[-1] + (", or None" if _NONE in words else "")


def _as_list(spec: Any) -> list:
    return list(spec) if isinstance(spec, list) else [spec]


def check(name: str, value: Any, spec: Any, error=CXInputError) -> None:
    """Raise the one error template unless ``value`` meets one of the alternatives of ``spec``."""
    alternatives = _as_list(spec)
    for alt in alternatives:
        if (alt is None and value is None) or (alt is not None and alt.ok(value)):
            return
    hints = [h for a in alternatives if a is not None for h in
             (a.why(value) if hasattr(a, "why") and not isinstance(a, Anything) else "", a.hint) if h]
    raise arg_error(name, _describe(alternatives), value, " ".join(dict.fromkeys(hints)), error=error)


def declared(error=CXInputError, **specs: Any) -> Callable:
    """Declare the constraint of every argument of a public function and check them at each call.

    Parameters
    ----------
    error : type, default CXInputError
        The error class raised (a subclass of :class:`~cxresearch.errors.CXInputError`).
    **specs
        Argument name -> a :class:`Constraint`, ``None`` (None allowed) or a list of
        alternatives. Arguments of the shared vocabulary (:mod:`cxresearch._core.vocabulary`)
        need not be repeated; a spec given for one of them may only narrow the shared form
        (e.g. ``Pair()`` where the vocabulary has ``[None, Pair()]``).

    Returns
    -------
    callable
        The decorator; the wrapped function keeps its signature and docstring and carries
        its declarations in ``__cx_params__``.

    Examples
    --------
    >>> from cxresearch._core.params import declared, Real
    >>> @declared(level=Real(0, 1, closed="neither"))
    ... def f(level=0.5):
    ...     return level
    >>> f(2)
    Traceback (most recent call last):
    ...
    cxresearch.errors.CXInputError: `level` must be a finite number > 0 and < 1; got 2.
    """

    def decorate(func: Callable) -> Callable:
        sig = inspect.signature(func)
        table: dict[str, Any] = {}
        for pname, param in sig.parameters.items():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if pname in specs:
                if shared_spec(pname) is not None and not _narrower(specs[pname], shared_spec(pname)):
                    raise TypeError(f"{func.__qualname__}: {pname!r} has one form across the API "
                                    "(cxresearch._core.vocabulary); do not declare it again")
                table[pname] = specs[pname]
            else:
                shared = shared_spec(pname)
                if shared is None:
                    raise TypeError(f"{func.__qualname__}: argument {pname!r} is not declared and is not in the "
                                    "shared vocabulary (cxresearch._core.vocabulary)")
                table[pname] = shared
        unknown = set(specs) - set(table)
        if unknown:
            raise TypeError(f"{func.__qualname__}: declared {sorted(unknown)} are not arguments")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise _call_error(func, exc, table, error) from None
            for pname, value in bound.arguments.items():
                if isinstance(value, Iterator) and not isinstance(value, (str, bytes)):
                    value = bound.arguments[pname] = list(value)  # a generator is read once, here
                if pname in table:
                    check(pname, value, table[pname], error)
            return func(*bound.args, **bound.kwargs)

        wrapper.__cx_params__ = table
        wrapper.__cx_error__ = error
        return wrapper

    return decorate


def _narrower(spec: Any, shared: Any) -> bool:
    """Whether ``spec`` only narrows the shared form (the same kinds of constraint, fewer of them)."""
    kinds = {type(a) for a in _as_list(shared)}
    return all(type(a) in kinds for a in _as_list(spec))


def _call_error(func: Callable, exc: TypeError, table: Mapping[str, Any], error) -> Exception:
    """A wrong call (unknown keyword, a missing argument) as a :class:`CallError` with "did you mean"."""
    text = str(exc).split(": ", 1)[-1] if "()" in str(exc) else str(exc)
    hint = ""
    if "unexpected keyword argument" in text and "'" in text:
        hint = near_match(text.split("'")[1], table)
    parts = func.__module__.split(".")
    method = func.__qualname__.count(".") == 1 and "<" not in func.__qualname__  # e.g. KanoResult.plot
    where = f"{func.__qualname__}()" if method else f"{parts[1] + '.' if len(parts) > 1 else ''}{func.__name__}()"
    msg = f"{where}: {text}." + (f" {hint}" if hint else "") + \
        f" Its arguments: {', '.join(k for k in table if k != 'self')}."
    return CallError(msg)



def declarations(func: Callable) -> Mapping[str, Any] | None:
    """The declared constraints of a public function, or None when it has none."""
    return getattr(func, "__cx_params__", None)
