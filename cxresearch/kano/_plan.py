"""The management reading of a Kano result: tiered service standards and commitments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, near_match, type_name
from cxresearch.errors import KanoInputError
from cxresearch.kano._result import KanoResult

_PLAN = {
    "M": ("basic", 1, "explicit, standardised commitment",
          "Guarantee it everywhere and every time; written service standard; first call on resources."),
    "O": ("expected", 2, "moderate commitment",
          "Promise a level and improve it where it pays; more is better."),
    "A": ("surprise", 3, "no commitment",
          "Deliver irregularly and without announcing it, so customers do not come to expect it."),
    "I": ("indifferent", 4, "no commitment", "Candidate for cutting cost; watch it for a rise."),
    "R": ("reverse", 5, "no commitment", "Remove it or make it optional for those who want it."),
    "Q": ("questionable", 6, "none until clarified",
          "Answers contradict each other; check the question wording before acting."),
}


def service_plan(result: KanoResult, controllability: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The management reading of a Kano result: tiered service standards and commitments.

    Parameters
    ----------
    result : KanoResult
        From :func:`analyze`.
    controllability : mapping, optional
        ``{attribute: level}`` (a dict or a Series) with level "high" / "low" or a number
        in [0, 1] (>= 0.5 is high): how far the firm controls delivery. Unknown attributes
        and levels are refused, naming the nearest match. A one-dimensional attribute
        under high control gets a firm commitment, under low control a moderate one.

    Returns
    -------
    pandas.DataFrame
        One row per attribute [x group]: ``category``, ``close_to``, ``tier`` (basic,
        expected, surprise, indifferent, reverse, questionable), ``commitment``,
        ``priority`` (1 = first call on resources), ``advice``.

    See Also
    --------
    analyze : makes the result read here.
    KanoResult : the result read here.
    cxresearch.dropoff.detect : whether an attribute is already sliding towards must-be.

    Notes
    -----
    Must-be needs are met by firm, standardised promises; one-dimensional ones by a
    promised level; delighters are given without commitment and irregularly, because a
    delighter that is delivered every time becomes expected and drops off to
    one-dimensional and then must-be (Kano 2001). Where Fong's test could not separate
    the category from the runner-up, the advice says so.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> tab = pd.DataFrame({"attribute": ["queue", "sms"], "A": [5, 60], "O": [20, 10],
    ...                     "M": [70, 5], "I": [5, 25], "R": [0, 0], "Q": [0, 0]})
    >>> plan = cx.kano.service_plan(cx.kano.analyze(tab, min_n=0))
    >>> plan[["attribute", "tier", "commitment"]]
      attribute      tier                         commitment
    0     queue     basic  explicit, standardised commitment
    1       sms  surprise                      no commitment
    """
    if not isinstance(result, KanoResult):
        raise arg_error("result", "a KanoResult from cx.kano.analyze", result, got=f"a {type_name(result)}",
                        error=KanoInputError)
    keys = ["attribute", *result.by]
    out = result.table[[*keys, "category", "close_to"]].copy()
    plan = out["category"].astype(str).map(_PLAN)
    out["tier"] = [p[0] for p in plan]
    out["commitment"] = [p[2] for p in plan]
    out["priority"] = [p[1] for p in plan]
    out["advice"] = [p[3] for p in plan]
    high = _controllability({} if controllability is None else controllability, out["attribute"].astype(str))
    firm = out["attribute"].astype(str).map(high)
    one_dim = out["category"].astype(str).eq("O")
    out.loc[one_dim & firm.eq(True), "commitment"] = "firm commitment (high controllability)"
    out.loc[one_dim & firm.eq(False), "commitment"] = "moderate commitment (low controllability)"
    close = out["close_to"].notna()
    out.loc[close, "advice"] = out.loc[close, "advice"] + " Borderline with " + \
        out.loc[close, "close_to"].astype(str) + " (Fong's test): confirm with more data."
    return out.reset_index(drop=True)


def _controllability(levels: Any, attributes: pd.Series) -> dict[str, bool]:
    """``{attribute: True (high) / False (low)}`` from "high" / "low" or a number in [0, 1]."""
    if isinstance(levels, pd.Series):
        levels = levels.to_dict()
    if not isinstance(levels, Mapping):
        raise arg_error("controllability", 'a mapping {attribute: "high" / "low" / a number in [0, 1]}', levels,
                        got=f"a {type_name(levels)}", error=KanoInputError)
    known = list(pd.unique(attributes))
    out = {}
    for name, level in levels.items():
        if str(name) not in known:
            raise arg_error("controllability", f"a mapping whose keys are attributes of the result ({known[:8]})",
                            levels, f"{name!r} is not one. {_nearest(name, known)}".strip(), error=KanoInputError)
        number = isinstance(level, (int, float, np.integer, np.floating)) and not isinstance(level, (bool, np.bool_))
        if number and 0 <= level <= 1:
            out[str(name)] = bool(level >= 0.5)
        elif isinstance(level, str) and level.strip().lower() in ("high", "low"):
            out[str(name)] = level.strip().lower() == "high"
        else:
            hint = near_match(level, ["high", "low"]) if isinstance(level, str) else ""
            raise arg_error(f"controllability[{name!r}]", '"high", "low" or a number in [0, 1]', level, hint,
                            error=KanoInputError)
    return out


def _nearest(name: Any, known: list[str]) -> str:
    """"Did you mean ...?" for a key, ignoring case first."""
    same = [k for k in known if k.lower() == str(name).lower()]
    return f"Did you mean {same[0]!r}?" if same else near_match(name, known)
