"""Which attributes a figure shows: ``attributes=`` (by name), ``top=`` (the first by a ranking), or a default.

The plots of many attributes take both; the title then says what is shown and how many
are left out (:func:`shown_text`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch._core.checks import arg_error, near_match
from cxresearch._core.params import check
from cxresearch._core.plot_params import ATTRIBUTES, TOP

__all__ = ["Shown", "pick"]

@dataclass(frozen=True)
class Shown:
    """The attributes shown, of how many, and why (for the title)."""

    names: list
    total: int
    why: str = ""

    @property
    def left_out(self) -> int:
        return self.total - len(self.names)

    def text(self, noun: str = "attributes") -> str:
        """``'3 of 10 attributes (those that moved; 7 left out)'`` or ``''`` when all are shown."""
        if not self.left_out:
            return ""
        reason = f"{self.why}; " if self.why else ""
        return f"{len(self.names)} of {self.total} {noun} ({reason}{self.left_out} left out)"


def pick(names, attributes, top, rank: pd.Series | None = None, rank_words: str = "",
         default=None, default_words: str = "") -> Shown:
    """The attributes to show, in the order of ``names``.

    Parameters
    ----------
    names : sequence
        Every attribute of the result, in table order.
    attributes, top : the plot's arguments
        Checked here: ``attributes`` a name or list of names of the result, ``top`` a whole
        number >= 1 (the ``top`` attributes with the largest ``rank``).
    rank : Series, optional
        Attribute -> score; ``rank_words`` says what it is ("Better + |Worse|").
    default, default_words : list and str, optional
        The attributes shown when neither argument is given (all when None), and why.
    """
    check("attributes", attributes, ATTRIBUTES)
    check("top", top, TOP)
    names = list(dict.fromkeys(names))
    chosen, why = names, ""
    if attributes is not None:
        asked = [attributes] if isinstance(attributes, str) else list(attributes)
        unknown = [a for a in asked if a not in names]
        if unknown:
            listed = ", ".join(map(repr, names[:12])) + (", ..." if len(names) > 12 else "")
            raise arg_error("attributes", "attributes of this result", attributes,
                            f"{unknown[0]!r} is not one. {near_match(unknown[0], names)} Its attributes: {listed}.")
        chosen, why = [n for n in names if n in set(asked)], "chosen by name"
    elif default is not None and top is None:
        chosen, why = [n for n in names if n in set(default)], default_words
    if top is not None and top < len(chosen):
        score = (rank if rank is not None else pd.Series(range(len(names), 0, -1), index=names)).reindex(chosen)
        keep = set(score.sort_values(ascending=False, kind="stable").index[:top])
        chosen = [n for n in chosen if n in keep]
        why = f"the {top} with the largest {rank_words}" if rank_words else f"the first {top}"
    return Shown(chosen, len(names), why)
