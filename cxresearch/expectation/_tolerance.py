"""The zone of tolerance: adequate, desired and perceived service levels per attribute (and segment)."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, check_confidence, check_pair, require_columns, require_frame
from cxresearch._core.codes import as_codes, no_value, warn_apart
from cxresearch._core.column_blocks import columns_of
from cxresearch._core.weights import check_weights
from cxresearch._core.warn import warn
from cxresearch.errors import CXInputError, InputWarning
from cxresearch.expectation._input import as_list, check_scale_range, read_durations, role_columns, segments
from cxresearch.expectation._results import ToleranceResult
from cxresearch.expectation._tolerance_pass import attribute_pass, zone_stats
from cxresearch._core.params import Anything, Frame, Keyed, Names, Pair, Text, declared

__all__ = ["tolerance"]

ROLES = ("perceived", "adequate", "desired")


@declared(data=Frame(), attributes=Names(), perceived=[Text(), Keyed(), Names(single=False)],
          adequate=[Text(), Keyed(), Names(single=False)], desired=[Text(), Keyed(), Names(single=False)],
          scale=[None, Pair()], missing_codes=Anything("read by the code reader"))
def tolerance(
    data: pd.DataFrame,
    attributes: str | list[str],
    *,
    perceived: str | dict | list = "{}_perceived",
    adequate: str | dict | list = "{}_adequate",
    desired: str | dict | list = "{}_desired",
    by: str | list[str] | None = None,
    weights: str | None = None,
    confidence: float = 0.95,
    scale: tuple[float, float] | None = None,
    missing_codes: Any = None,
    lower_is_better: bool = False,
    duration_unit: str = "minutes",
) -> ToleranceResult:
    """The zone of tolerance of each attribute from three-column answers (adequate, desired, perceived).

    Each customer rates every attribute three times on one scale: the lowest level they
    would accept (adequate, LibQUAL+'s "minimum"), the level they want (desired), and the
    level they got (perceived). Between their adequate and desired levels lies their zone
    of tolerance (Parasuraman, Zeithaml & Berry 1994).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer (frames of other libraries are converted).
    attributes : str or list of str
        The attribute names, e.g. ``["waiting", "resolution"]``.
    perceived, adequate, desired : str, dict or list
        Where each attribute's three answers are: a pattern in which ``"{}"`` stands for the
        attribute (default ``"{}_perceived"``, ``"{}_adequate"``, ``"{}_desired"``), a dict
        ``{attribute: column}``, or a list of columns in the order of ``attributes``.
    by : str or list of str, optional
        Segment columns: one zone per attribute and segment. Rows with a missing segment
        are left out and counted.
    weights : str, optional
        Survey (sampling) weights: weighted means, shares and spreads (integer weights give
        those of replicated rows); intervals on Kish's effective sample size. Rows with
        weight 0 are left out and counted.
    confidence : float
        Level of the intervals of MSA, MSS and the failure and delight shares.
    scale : (low, high), optional
        The answer scale (LibQUAL+: ``(1, 9)``). Answers outside it are refused, naming
        ``missing_codes`` as the fix. Without it the scale is read from the data, and a
        value that sits apart from an attribute's other answers (99 over 1-9; its three
        columns read together) raises a :class:`~cxresearch.errors.ScaleWarning`.
    missing_codes : value or list of values, optional
        Answers meaning "not applicable" or "don't know" (e.g. ``[0, 99]``), turned missing
        in every rating column before anything else; counted per column in
        ``result.rows.recoded``.
    lower_is_better : bool
        False (default) for ratings, where more is better. True for measures where less is
        better, such as waits and prices: a customer is failed when perceived is above their
        own adequate level and delighted when below their own desired level, MSA = adequate
        - perceived and MSS = desired - perceived (positive is better either way). A block
        where most customers' desired level is below their adequate level (what a
        lower-is-better measure looks like) is refused without it, and the reverse with it,
        naming the attributes and counts.
    duration_unit : {"minutes", "seconds", "hours", "days"}
        The unit in which ``Timedelta`` columns (waits) are read: ``pd.Timedelta(minutes=3)``
        is 3.0 in minutes. Numeric columns are taken as they are; beside a ``Timedelta``
        column of the same attribute they are taken to be in this unit, with an
        :class:`~cxresearch.errors.InputWarning`. The columns converted and the unit are
        stated in ``result.settings["durations"]``.

    Returns
    -------
    ToleranceResult
        ``table``: one row per segment and attribute: ``attribute``, ``n`` (customers with
        all three answers), ``n_eff`` (with weights), ``adequate``, ``desired``,
        ``perceived`` (means), ``zone_width`` = desired - adequate (negative when lower is
        better), ``msa`` = perceived - adequate and ``mss`` = perceived - desired (with
        ``lower_is_better``: adequate - perceived and desired - perceived) with
        ``msa_ci_low``, ``msa_ci_high``,
        ``mss_ci_low``, ``mss_ci_high``, ``position`` = (perceived - adequate) /
        (desired - adequate) of the means (0 at the adequate level, 1 at the desired level;
        NaN for a zone of width 0), ``zone`` (the verdict read from the intervals:
        "below the zone", "at the adequate level", "inside the zone", "at the desired
        level", "above the zone", "undetermined" when both intervals cover 0, or "not
        estimable"; "below" means worse than adequate, so with ``lower_is_better`` a
        longer wait), ``failure``, ``inside``, ``delight`` (shares of customers worse than
        their own adequate level, inside their own zone, better than their own desired level) with
        ``failure_ci_low``, ``failure_ci_high``, ``delight_ci_low``, ``delight_ci_high``,
        ``adequate_sd``, ``desired_sd`` (the spread of the individual levels: how far
        customers' standards differ), ``n_inverted`` and ``inverted`` (count and share of
        customers whose own adequate level is worse than their desired level: above it, or
        with ``lower_is_better`` below it).
        ``accounting``: per attribute, its three columns, ``n_in``, the rows left out by
        reason (``segment missing`` with ``by``, ``answer missing``, ``weight zero`` with
        weights), ``n_used``, how many rows miss each answer (``perceived_missing``,
        ``adequate_missing``, ``desired_missing``; a row can miss more than one) and
        ``recoded`` (answers turned missing by ``missing_codes``). ``levels``:
        per segment, attribute and scale point, the shares of customers whose adequate,
        desired and perceived answers are at that point (whole-number answers only; None
        otherwise).

    See Also
    --------
    promise : the promise to make when delivery varies.
    ToleranceResult : the result, with the zone chart (``plot()``) and the spread of standards
        (``plot(kind="spread")``).
    cxresearch.satisfaction.gap_analysis : one expectation per attribute instead of a zone.
    cxresearch.simulate.callcentre : call-centre data with known zones.

    Notes
    -----
    MSA (measure of service adequacy) = perceived - adequate and MSS (measure of service
    superiority) = perceived - desired (for a lower-is-better measure adequate - perceived
    and desired - perceived, so that positive is better), each the mean of the customers' own differences
    (equal to the difference of the means). Their intervals are paired t intervals: mean
    +- t(n - 1) s / sqrt(n); with weights, ``t(n_eff - 1) sqrt(sum w (x - mean)^2 / sum w /
    (n_eff - 1))`` with Kish's ``n_eff = (sum w)^2 / sum w^2``. ``adequate_sd`` and
    ``desired_sd`` are (weighted) standard deviations with the same ``n_eff - 1`` divisor.

    A customer is *failed* when perceived < own adequate, *inside* when adequate <=
    perceived <= desired (meeting the adequate or the desired level exactly is inside),
    and *delighted* when perceived > own desired. With ``lower_is_better`` every
    comparison turns round: failed when perceived > own adequate, inside when desired <=
    perceived <= adequate, delighted when perceived < own desired (the statistics are
    those of the negated values, reported back in the units given).

    **Inverted zones.** A customer whose adequate answer is above their desired answer on
    an attribute has no zone on it; LibQUAL+ counts such answers as logical
    inconsistencies when it screens surveys. Here they are counted
    (``n_inverted``, ``inverted``), kept in the means, MSA, MSS and spreads, and left out of
    the three zone shares, whose denominator is the customers with a consistent zone
    (failure + inside + delight = 1); failure and delight intervals are Wilson intervals on
    the (effective) number of those customers. Drop inverted answers yourself before the
    call to keep them out of the means too. When more than half of an attribute's customers
    have an inverted zone, the direction is almost surely wrong (a wait whose desired level
    is below its adequate level is a lower-is-better measure): the call is refused, naming
    the attributes, the counts and ``lower_is_better``.

    Each attribute uses every customer with its three answers (pairwise, not listwise
    across attributes); ``result.rows`` counts answers (customer x attribute). Each attribute
    is one pass over the rows in blocks, adding per-segment sums (no copy of the data).

    References
    ----------
    Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1994). Alternative scales for measuring
    service quality: a comparative assessment based on psychometric and diagnostic criteria.
    Journal of Retailing 70(3), 201-230.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("callcentre_waits")
    >>> res = cx.expectation.tolerance(df, ["waiting", "resolution"], by="segment", scale=(1, 9))
    >>> res.table[["segment", "attribute", "adequate", "desired", "perceived", "failure", "zone"]].round(2)
        segment   attribute  adequate  desired  perceived  failure             zone
    0       VIP     waiting      7.07     8.34       7.44     0.25  inside the zone
    1       VIP  resolution      7.08     8.30       6.69     0.46   below the zone
    2  business     waiting      5.49     7.34       6.66     0.15  inside the zone
    3  business  resolution      5.99     7.82       6.59     0.22  inside the zone
    4  ordinary     waiting      4.05     6.87       5.52     0.22  inside the zone
    5  ordinary  resolution      5.00     7.32       6.61     0.10  inside the zone
    >>> print(res.rows)
    8,000 answers (customer x attribute) in, 7,967 used (33 an answer missing)

    Waits in minutes, where less is better: each customer's longest acceptable wait
    (adequate), the wait they would like (desired) and the wait they had (perceived):

    >>> import pandas as pd
    >>> waits = pd.DataFrame({"wait_adequate": [10, 5, 8], "wait_desired": [5, 2, 4],
    ...                       "wait_perceived": [12, 3, 6]})
    >>> t = cx.expectation.tolerance(waits, "wait", lower_is_better=True).table
    >>> t[["failure", "inside", "delight", "msa", "mss", "n_inverted"]].round(3)
       failure  inside  delight    msa    mss  n_inverted
    0    0.333   0.667      0.0  0.667 -3.333           0

    The first customer waited 12 minutes against an adequate 10 (failed); the others
    waited within their zones. MSA = mean(adequate - perceived) = (-2 + 2 + 2) / 3.
    """
    data = require_frame(data)
    check_confidence(confidence)
    if not isinstance(lower_is_better, (bool, np.bool_)):
        raise arg_error("lower_is_better", "True (waits, prices: less is better) or False (ratings)", lower_is_better)
    attributes = as_list(attributes, "attributes")
    roles = {r: role_columns(r, s, attributes) for r, s in zip(ROLES, (perceived, adequate, desired))}
    _check_roles(data, attributes, roles)
    data, durations = read_durations(data, [c for r in ROLES for c in roles[r]], duration_unit,
                                      [[(r, roles[r][j]) for r in ROLES] for j in range(len(attributes))])
    codes = as_codes(missing_codes)
    scale = None if scale is None else check_pair("scale", scale)
    columns = [c for r in ROLES for c in roles[r]]
    keys, seg, labels = segments(data, by, columns)
    if weights is not None and weights in [*columns, *keys]:
        raise arg_error("weights", "a column other than the rating and `by` columns", weights)
    w = check_weights(data, weights)
    unique = list(dict.fromkeys(columns))
    readers = dict(zip(unique, columns_of(data, unique, codes)))
    s = -1.0 if lower_is_better else 1.0
    passes, spans, read = [], {}, set()
    for j in range(len(attributes)):
        names = [roles[r][j] for r in ROLES]
        passes.append(attribute_pass([readers[c] for c in names], seg, len(labels), w, s,
                                     [c not in read for c in names]))
        read.update(names)
        spans.update(zip(names, passes[-1][3]))
    recoded = {c: r.recoded for c, r in readers.items() if r.recoded}
    _say_empty([c for c in unique if len(data) and spans[c][0] == 0], attributes, roles, recoded, len(data), codes)
    if scale is not None:
        for c in unique:
            if spans[c][1] < scale[0] or spans[c][2] > scale[1]:
                check_scale_range(data[c], readers[c].values(), c, scale)
    else:  # the three answers of an attribute share one scale: read together
        warn_apart({a: partial(_together, [readers[roles[r][j]] for r in ROLES]) for j, a in enumerate(attributes)},
                   {}, "")
    parts, accounts, levels, inverted = [], [], [], []
    for j, (name, (sums, account, level, _)) in enumerate(zip(attributes, passes)):
        table = zone_stats(sums, confidence)
        for key in ("adequate", "desired", "perceived", "zone_width"):
            table[key] = s * table[key]
        inverted.append((name, int(table["n_inverted"].sum()), int(table["n"].sum())))
        parts.append(labels.assign(attribute=name, **table))
        rec = sum(recoded.get(c, 0) for c in dict.fromkeys(roles[r][j] for r in ROLES))
        accounts.append({"attribute": name, **{r: roles[r][j] for r in ROLES}, **account, "recoded": rec})
        shares = level.shares(sums["sw"])
        levels.append(None if shares is None else labels.join(shares, how="right").assign(attribute=name))
    _refuse_inverted(inverted, bool(lower_is_better))
    table = _order(pd.concat(parts, ignore_index=True), keys, weights is not None)
    accounting = pd.DataFrame(accounts)
    rows = _rows(accounting, len(data), recoded)
    unused = (["segment missing"] if not keys else []) + (["weight zero"] if weights is None else [])
    accounting = accounting.drop(columns=unused)
    level_table = None if any(x is None for x in levels) else _levels(levels, keys)
    lo, hi = scale if scale is not None else _observed_scale(spans)
    return ToleranceResult(table=table, rows=rows, by=tuple(keys), accounting=accounting, levels=level_table,
                           scale=(lo, hi), scale_source="declared" if scale is not None else "inferred from the data",
                           confidence=confidence, weights=weights, lower_is_better=bool(lower_is_better),
                           durations=durations)


def _say_empty(empty: list, attributes: list, roles: dict, recoded: dict, n: int, codes: tuple) -> None:
    """Columns with no answer: their attributes are "not estimable" (warned); refused when no attribute is left."""
    if not empty:
        return
    hit = [a for j, a in enumerate(attributes) if any(roles[r][j] in empty for r in ROLES)]
    told = no_value(empty, recoded, n, codes)
    if len(hit) == len(attributes):
        raise CXInputError(f"No value left to analyse in column(s) {told}, so no attribute can be analysed. Check "
                           "`missing_codes` (is a real rating listed?) and the column names.")
    warn(f"No value left to analyse in column(s) {told}: attribute(s) {hit} are not estimable (kept in the table "
         "with zone 'not estimable' and counted in `accounting`).", InputWarning)


def _refuse_inverted(inverted: list, lower_is_better: bool) -> None:
    """Refuse attributes where most customers' zones are inverted: the direction is wrong."""
    most = [(name, k, n) for name, k, n in inverted if n > 0 and 2 * k > n]
    if not most:
        return
    listed = "; ".join(f"{name!r}: {k} of {n} zones are inverted" for name, k, n in most)
    if lower_is_better:
        raise CXInputError(f"{listed} (own desired level above own adequate level, with lower_is_better=True). "
                           "Is higher better (ratings)? Drop lower_is_better=True. Otherwise check that the "
                           "adequate and desired columns are not swapped.")
    raise CXInputError(f"{listed} (own adequate level above own desired level). Is lower better (waits, "
                       "prices)? Pass lower_is_better=True. Otherwise check that the adequate and desired "
                       "columns are not swapped.")


def _check_roles(data: pd.DataFrame, attributes: list, roles: dict) -> None:
    """The columns exist and no attribute uses one column in two roles."""
    for r in ROLES:
        require_columns(data, roles[r], f"{r} column(s)")
    for j, name in enumerate(attributes):
        seen: dict = {}
        for r in ROLES:
            column = roles[r][j]
            if column in seen:
                raise arg_error(r, f"a column other than the {seen[column]} column of each attribute", column,
                                f"Attribute {name!r} would read {column!r} as both its {seen[column]} and {r} "
                                "level.")
            seen[column] = r


def _order(table: pd.DataFrame, keys: list, weighted: bool) -> pd.DataFrame:
    """Segments first, attributes in the order given; ``n_eff`` only with weights."""
    if keys:
        table = table.sort_values(keys, kind="stable", ignore_index=True)
    cols = [*keys, *(c for c in _COLUMNS if c != "n_eff" or weighted)]
    return table[cols]


_COLUMNS = ["attribute", "n", "n_eff", "adequate", "desired", "perceived", "zone_width", "msa", "msa_ci_low",
            "msa_ci_high", "mss", "mss_ci_low", "mss_ci_high", "position", "zone", "failure", "failure_ci_low",
            "failure_ci_high", "inside", "delight", "delight_ci_low", "delight_ci_high", "adequate_sd", "desired_sd",
            "n_inverted", "inverted"]


def _rows(accounting: pd.DataFrame, n_rows: int, recoded: dict) -> RowAccount:
    """The accounting over all attributes, in answers (customer x attribute)."""
    excluded = {why: int(accounting[why].sum()) for why in ("segment missing", "answer missing", "weight zero")}
    excluded = {("an answer missing" if k == "answer missing" else k): v for k, v in excluded.items() if v}
    return RowAccount(n_rows * len(accounting), int(accounting["n_used"].sum()), excluded,
                      unit="answers (customer x attribute)", recoded=recoded)


def _levels(levels: list, keys: list) -> pd.DataFrame:
    frame = pd.concat(levels, ignore_index=True)
    return frame[[*keys, "attribute", "level", "adequate", "desired", "perceived"]]


def _observed_scale(spans: dict) -> tuple[float, float]:
    """The smallest and largest answer over the columns that hold any (``spans``: column -> (seen, lo, hi))."""
    held = [span for span in spans.values() if span[0] > 0]
    return min(float(span[1]) for span in held), max(float(span[2]) for span in held)


def _together(readers: list) -> np.ndarray:
    """An attribute's three columns as one array (read when the scale is inferred)."""
    return np.concatenate([r.values() for r in readers])
