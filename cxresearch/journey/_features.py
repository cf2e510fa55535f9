"""Per-journey features from step-level ratings: first, peak, trough, end, mean, length."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import as_numeric, bad_values, positions, require_columns, require_frame
from cxresearch._core.params import Frame, declared
from cxresearch._core.time import read_duration, read_time
from cxresearch.errors import CXInputError
from cxresearch.journey._result import JourneyFeaturesResult


def _order(values: pd.Series, column: str) -> np.ndarray:
    """Step order as ranks (NaN where missing), read by the one reader of time columns.

    Numbers, dates and datetimes (mixed UTC offsets converted with a note), periods and
    ordered categories all order the steps; day/month text that reads both ways is refused
    with the fix rather than guessed.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    num = pd.to_numeric(values, errors="coerce") if values.dtype == object or \
        pd.api.types.is_string_dtype(values.dtype) else pd.Series(np.nan, index=values.index)
    if num.notna().any():  # step numbers stored as text: name the entries that are not numbers
        bad = num.isna().to_numpy() & values.notna().to_numpy()
        if bad.any():
            raise bad_values(column, values, bad, "step numbers",
                             hint="The step column orders the moments of a journey: 1, 2, 3 ... or timestamps.")
        return num.to_numpy(dtype=float)
    axis = read_time(values, column, role="step")
    return np.where(axis.code >= 0, axis.code, np.nan).astype(float)


def _constant_within(frame: pd.DataFrame, column: str, shown: str, what: str) -> None:
    """Raise if a journey-level column takes more than one value within a journey."""
    spread = frame.groupby("journey", sort=False)[column].nunique(dropna=True)
    bad = spread[spread > 1]
    if len(bad):
        ids = ", ".join(map(repr, bad.index[:5])) + (" ..." if len(bad) > 5 else "")
        raise CXInputError(
            f"Column {shown!r} must hold one {what} per journey, but {len(bad)} journey(s) have several "
            f"values: {ids}. Put the journey-level value on every row of its journey."
        )

@declared(data=Frame())
def journey_features(
    data: pd.DataFrame,
    journey: str = "journey",
    step: str = "step",
    rating: str = "rating",
    retrospective: str = "retrospective",
    duration: str | None = None,
    duration_unit: str = "minutes",
) -> JourneyFeaturesResult:
    """One row per usable journey: first, peak, trough, end, mean, length and the retrospective.

    Parameters
    ----------
    data : pandas.DataFrame
        Long: one row per journey and step.
    journey, step, rating, retrospective : str
        Columns, as in :func:`peak_end`.
    duration : str, optional
        Journey length column (one value per journey); default: the number of rated steps.
    duration_unit : {"minutes", "seconds", "hours", "days"}
        The unit in which a ``Timedelta`` duration column is read; numbers are taken to be
        in this unit already.

    Returns
    -------
    JourneyFeaturesResult
        ``.table``: ``<journey>``, ``first``, ``peak``, ``trough``, ``end``, ``mean``,
        ``steps``, ``retrospective``, ``length``, journeys in sorted order; ``.rows`` and
        ``.steps``: journeys and steps (rows) in, used, and why the rest were not.
        (Up to release 0.2 this was a tuple ``(features, steps, journeys)``; unpacking it
        still works, with a FutureWarning.)

    See Also
    --------
    peak_end : the models fitted on these features.
    cxresearch.simulate.journeys : journeys with known weights.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> visit = pd.DataFrame({"journey": [1, 1, 1], "step": [2, 1, 3], "rating": [3, 8, 7],
    ...                       "retrospective": [6, 6, 6]})
    >>> feats = cx.journey.journey_features(visit)
    >>> feats.table[["first", "peak", "trough", "end", "mean"]]
       first  peak  trough  end  mean
    0    8.0   8.0     3.0  7.0   6.0
    """
    data = require_frame(data)
    cols = [journey, step, rating, retrospective] + ([duration] if duration else [])
    require_columns(data, cols, "column")
    frame = pd.DataFrame({"journey": data[journey].to_numpy(), "order": _order(data[step], step),
                          "rating": as_numeric(data[rating], rating),
                          "retrospective": as_numeric(data[retrospective], retrospective)})
    if duration:
        length, _ = read_duration(data[duration], duration, duration_unit)
        frame["length"] = as_numeric(length, duration)
    no_id = frame["journey"].isna().to_numpy()
    no_rating = np.isnan(frame["rating"].to_numpy()) & ~no_id
    no_order = np.isnan(frame["order"].to_numpy()) & ~no_id & ~no_rating
    step_excluded = {k: int(v.sum()) for k, v in [("journey id missing", no_id), ("step rating missing", no_rating),
                                                   ("step order missing", no_order)] if v.any()}
    keep = ~(no_id | no_rating | no_order)
    steps_account = RowAccount(len(frame), int(keep.sum()), step_excluded, unit="steps")
    frame = frame[keep]

    dup = frame.duplicated(["journey", "order"], keep=False).to_numpy()
    if dup.any():
        where = np.flatnonzero(keep)[dup]
        raise CXInputError(
            f"Columns {journey!r} and {step!r}: {int(dup.sum())} row(s) repeat a step of their journey "
            f"(journeys {', '.join(map(repr, pd.unique(frame['journey'][dup])[:5]))}); first row positions: "
            f"{positions(np.isin(np.arange(len(data)), where))}. Each step of a journey needs its own number."
        )
    _constant_within(frame, "retrospective", retrospective, "retrospective rating")
    if duration:
        _constant_within(frame, "length", duration, "duration")

    frame = frame.sort_values(["journey", "order"], kind="stable")
    g = frame.groupby("journey", sort=True)
    feats = pd.DataFrame({"first": g["rating"].first(), "peak": g["rating"].max(), "trough": g["rating"].min(),
                          "end": g["rating"].last(), "mean": g["rating"].mean(), "steps": g.size(),
                          "retrospective": g["retrospective"].first()})
    feats["length"] = g["length"].first() if duration else feats["steps"].astype(float)
    n_all = data[journey].dropna().nunique()
    no_retro = feats["retrospective"].isna()
    short = (feats["steps"] < 2) & ~no_retro
    no_length = feats["length"].isna() & ~no_retro & ~short
    lost = n_all - len(feats)  # every rated step of these journeys was left out
    excluded = {k: int(v) for k, v in [("no rated step", lost), ("retrospective missing", no_retro.sum()),
                                       ("fewer than 2 rated steps", short.sum()),
                                       ("duration missing", no_length.sum())] if v}
    feats = feats[~(no_retro | short | no_length)].reset_index().rename(columns={"journey": journey})
    return JourneyFeaturesResult(table=feats, rows=RowAccount(n_all, len(feats), excluded, unit="journeys"),
                           steps=steps_account)
