"""The management reading of a Kano result: tiered service standards and commitments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, near_match, type_name
from cxresearch._core.warn import warn
from cxresearch.dropoff import DropoffResult
from cxresearch.errors import KanoInputError
from cxresearch.kano._plan_drift import check_dropoff, with_drift
from cxresearch.kano._result import KanoResult
from cxresearch._core.params import Instance, Keyed, declared

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


@declared(error=KanoInputError, result=Instance("KanoResult", expected="a KanoResult from cx.kano.analyze"),
          dropoff=[None, Instance("DropoffResult", expected="a DropoffResult from cx.dropoff.detect"),
                   Keyed("a mapping {attribute: level} (deprecated here: pass controllability=)"),
                   Instance("Series", expected="a Series")],
          controllability=[None, Keyed("a mapping {attribute: level}"), Instance("Series", expected="a Series")])
def service_plan(result: KanoResult, dropoff: DropoffResult | None = None,
                 controllability: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The management reading of a Kano result: tiered service standards and commitments.

    Parameters
    ----------
    result : KanoResult
        From :func:`analyze` (typically on the latest wave).
    dropoff : DropoffResult, optional
        From :func:`cxresearch.dropoff.detect` on the waves so far: the plan then sees the
        drift (Notes). Its rows are matched to the plan's by attribute name and by the
        drop-off result's segments, which must be segments of ``result`` (a drop-off
        detected without segments holds for every segment of the plan). A result sharing
        no attribute with the plan is refused, naming both sets; plan rows without a drift
        row get ``drift`` "not measured" and one
        :class:`~cxresearch.errors.InputWarning` counts and names them (and counts drift
        rows that match no plan row).
    controllability : mapping, optional
        ``{attribute: level}`` (a dict or a Series with distinct labels) with level "high" /
        "low" (any case) or a number in [0, 1] (>= 0.5 is high): how far the firm controls
        delivery. Unknown attributes and levels are refused, naming the nearest match;
        attributes not listed count as high. A one-dimensional attribute under high control
        gets a firm commitment, under low control a moderate one; so does the standard
        prepared for a delighter sliding toward must-be.

    Returns
    -------
    pandas.DataFrame
        One row per attribute [x group]: ``category``, ``close_to``, ``tier`` (basic,
        expected, surprise, indifferent, reverse, questionable), ``commitment``,
        ``priority`` (1 = first call on resources), ``advice``. With ``dropoff`` also
        ``drift`` (the drop-off ``direction``: "drop-off", "stable", "rise", "separated",
        "insufficient data", or "not measured"), ``changepoint`` (first wave of the new
        regime), ``forecast`` (the drop-off's ``must_be_forecast``: when must-be becomes the
        most frequent answer on the current trend, or the last wave if it already is),
        ``worse_trend`` ("rising", "falling", "no trend"; empty without a test) and
        ``worse_trend_p``, and the drift's meaning in ``advice``.

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

    **Drift.** A delighter (A) sliding toward must-be (a drop-off, or A, O, M answers
    separated by time toward must-be) is told to prepare a standard and a commitment by
    the forecast (or now, or to watch the next waves when must-be is not projected to lead
    within ten times the observed span); this replaces "deliver irregularly". A stable
    delighter is told that irregular delivery keeps it fresh; a rising one to keep it a
    surprise. A one-dimensional attribute sliding toward must-be is told to turn its
    promised level into a standard by the forecast; an indifferent one that was a
    delighter at the first wave, that it has dropped off. A must-be whose share
    ``|Worse| = (O + M) / (A + O + M + I)``, the dissatisfaction when it is absent, rises
    over the waves is flagged: ``worse_trend`` is the Cochran-Armitage trend test (Armitage 1955) of that
    share on the wave times at the drop-off result's ``alpha`` (with survey weights, on
    each wave's Kish effective sample size).

    References
    ----------
    Kano, N. (2001). Life cycle and creation of attractive quality. 4th QMOD Conference.

    Armitage, P. (1955). Tests for linear trends in proportions and frequencies.
    Biometrics, 11(3), 375-386.

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

    With the drift over six yearly waves of the bank-branch survey (the plan of the last
    wave):

    >>> responses = cx.kano.code(cx.load_dataset("bank_branch_waves"))
    >>> drift = cx.dropoff.detect(responses, time="year")
    >>> plan = cx.kano.service_plan(cx.kano.analyze(responses[responses["year"] == 2025]), drift)
    >>> plan.loc[[5, 7], ["attribute", "category", "drift", "forecast"]].round(1)
                attribute category     drift  forecast
    5  handwritten_letter        A    stable       NaN
    7         fee_waivers        A  drop-off    2030.1
    >>> print(plan.loc[7, "advice"])
    Sliding toward must-be (drop-off since year 2023): prepare a standard and a firm commitment by year 2030.1, when must-be is projected to become the most frequent answer.
    """
    if not isinstance(result, KanoResult):
        raise arg_error("result", "a KanoResult from cx.kano.analyze", result, got=f"a {type_name(result)}",
                        error=KanoInputError)
    dropoff, controllability = _positional_controllability(dropoff, controllability)
    drift_keys = None if dropoff is None else check_dropoff(dropoff, tuple(result.by))
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
    out = out.reset_index(drop=True)
    if dropoff is None:
        return out
    firm = [high.get(a, True) for a in out["attribute"].astype(str)]  # not listed: high
    return with_drift(out, dropoff, drift_keys, firm)


def _positional_controllability(dropoff, controllability):
    """``service_plan(result, {"x": "high"})``, the signature before ``dropoff``: still read, with a warning."""
    if isinstance(dropoff, (Mapping, pd.Series)) and controllability is None:
        warn("service_plan(result, controllability) by position is deprecated: the second argument is now "
             "`dropoff`. Pass controllability={...} by keyword.", FutureWarning)
        return None, dropoff
    return dropoff, controllability


def _controllability(levels: Any, attributes: pd.Series) -> dict[str, bool]:
    """``{attribute: True (high) / False (low)}`` from "high" / "low" or a number in [0, 1]."""
    if isinstance(levels, pd.Series):
        twice = list(dict.fromkeys(levels.index[levels.index.duplicated()]))
        if twice:
            raise arg_error("controllability", "one level per attribute", levels, f"{twice[:5]} listed more than "
                            "once; a Series keeps only one of them.", error=KanoInputError,
                            got="a Series with repeated labels")
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
