"""The declared arguments of the results' ``plot`` methods (beyond ``kind`` and ``ax``).

A result's ``plot`` is declared with :func:`declared_plot`, the
:func:`~cxresearch._core.params.declared` machinery of the public functions: each argument
is checked at the call with the one error template, and a misspelt keyword is refused with
"did you mean". ``attributes`` and ``top`` have one form on every plot that takes them.
"""

from __future__ import annotations

from cxresearch._core.constraints import Anything, Boolean, Integer, Names, Text
from cxresearch._core.params import declared

__all__ = ["ANNOTATE", "ATTRIBUTES", "CATEGORIES", "NCOLS", "PLOT_ARGUMENTS", "TOP", "declared_plot"]

ATTRIBUTES = [None, Names()]
TOP = [None, Integer(1, expected="a whole number >= 1 (how many attributes to show)")]
NCOLS = Integer(1, expected="a whole number >= 1 (panels per row)")
CATEGORIES = Text(expected="a string of Kano category letters such as 'AOMI'")
ANNOTATE = Boolean()


# The arguments a plot may take besides kind and ax, each with its one form.
PLOT_ARGUMENTS = {"attributes": ATTRIBUTES, "top": TOP, "ncols": NCOLS, "categories": CATEGORIES,
                  "annotate": ANNOTATE}


def declared_plot(*names: str):
    """:func:`~cxresearch._core.params.declared` for a result's ``plot`` method taking ``names`` too.

    ``self``, ``kind`` (checked against the result's kinds) and ``ax`` are declared once
    here, each of ``names`` with its form in :data:`PLOT_ARGUMENTS`; a misspelt keyword is
    refused with "did you mean".
    """
    base = {"self": Anything("the result"), "kind": Anything("checked against the kinds of this result"),
            "ax": Anything("a matplotlib Axes, or one per panel, checked where it is drawn on")}
    return declared(**base, **{name: PLOT_ARGUMENTS[name] for name in names})
