"""Touchpoints and moments of truth by segment: experience, expectation and their gap along a journey."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch import satisfaction
from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, as_keys, check_confidence, require_columns, require_frame
from cxresearch._core.codes import as_codes
from cxresearch._core.column_blocks import columns_of
from cxresearch._core.counting import group_index
from cxresearch._core.weights import check_weights
from cxresearch.errors import CXInputError
from cxresearch.journey._touchpoint_input import check_pattern, check_values, touchpoint_names, widen
from cxresearch.journey._touchpoint_pass import pass_moments, touchpoint_pass
from cxresearch.journey._touchpoint_result import TouchpointResult, visit_columns
from cxresearch.journey._touchpoint_stats import cell_stats, moment_labels, segment_tests
from cxresearch._core.params import Anything, Frame, Instance, Name, Names, Pair, Real, Text, declared

__all__ = ["touchpoints"]


@declared(data=Frame(), touchpoints=[None, Name(), Names(single=False)], experience=Text(), expectation=Text(),
          outcome=[None, Name()], pain=Real(), delight=Real(), min_gap=Real(0), top=Real(0, 1, closed="right"),
          scale=[None, Pair()], missing_codes=Anything("read by the code reader"),
          visits=[None, Frame(), Instance("VisitMomentsResult")], respondent=Name())
def touchpoints(
    data: pd.DataFrame,
    touchpoints: list | str | None = None,
    *,
    by: str | list[str] | None = None,
    experience: str = "{}_experience",
    expectation: str = "{}_expectation",
    outcome: str | None = None,
    weights: str | None = None,
    confidence: float = 0.95,
    pain: float = -2.0,
    delight: float = 2.0,
    min_gap: float = 0.5,
    top: float = 1 / 3,
    p_adjust: str = "holm",
    scale: tuple[float, float] | None = None,
    outcome_scale: tuple[float, float] | None = None,
    missing_codes=None,
    respondent: str = "respondent",
    visits: Any = None,
) -> TouchpointResult:
    """Map the touchpoints of a journey by segment and name its moments of truth.

    Satisfaction = experience - expectation, touchpoint by touchpoint: for each touchpoint
    and segment, what customers experienced, what they had expected, the gap with its
    paired interval, how many were pained or delighted, how much the touchpoint weighs in
    overall satisfaction, and whether it is a moment of truth.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide: one row per customer, two rating columns per touchpoint named by the patterns
        ``experience`` and ``expectation``. Long: one row per customer and touchpoint
        (then ``touchpoints`` names the touchpoint column, ``experience`` / ``expectation``
        the rating columns and ``respondent`` the customer column).
    touchpoints : list or str, optional
        The touchpoints in journey order (default: every column matching ``experience``,
        in column order); for long data, the column naming the touchpoint.
    by : str or list of str, optional
        Segment column(s): every statistic is per segment, and segments are tested.
    experience, expectation : str
        Column patterns with ``"{}"`` for the touchpoint (long data: column names).
    outcome : str, optional
        Overall satisfaction. With it, each touchpoint's derived importance within its
        segment (relative weights of the gaps, :func:`cxresearch.satisfaction.drivers`) and
        the gap model behind :meth:`TouchpointResult.fix_first`.
    weights : str, optional
        Column of survey weights (Kish's effective size in the intervals and tests).
    confidence : float
        Level of the gap intervals.
    pain, delight : float
        A customer is pained at a touchpoint when their gap is at or below ``pain`` and
        delighted when it is at or above ``delight`` (scale points).
    min_gap, top : float
        The moment-of-truth rule (see Notes): the smallest gap in scale points, and the
        share of a segment's touchpoints, by importance, that can be moments.
    p_adjust : {"holm", "fdr_bh", "none"}
        Adjustment of the segment tests across touchpoints (per measure).
    scale, outcome_scale : (low, high), optional
        The scale of the experience and expectation ratings, and of the outcome; values
        outside are refused. Without them, values that look like codes (0, 99, ...) raise a
        :class:`~cxresearch.errors.ScaleWarning`.
    missing_codes : value or list, optional
        Answers meaning "not applicable" (e.g. ``[0, 99]``), made missing and counted.
    respondent : str
        The customer column of long data.
    visits : pandas.DataFrame or VisitMomentsResult, optional
        The same journey rated step by step (:func:`visit_moments`'s input, with the
        segment column(s) and a ``touchpoint`` column): adds how often each touchpoint
        is a visit's peak or trough and its weight on the remembered rating.

    Returns
    -------
    TouchpointResult
        ``table``: one row per segment and touchpoint with ``order``, ``n``, ``experience``,
        ``expectation``, ``gap``, ``gap_se``, ``gap_ci_low``, ``gap_ci_high``, ``pain``,
        ``delight``, ``shortfall`` (mean of the customers' shortfalls, max(0, -gap)),
        ``importance`` (relative weight), ``importance_rank``, ``moment``; ``tests``:
        Welch's test between segments per touchpoint and measure; ``model``: the gap model
        per segment; ``rows``: customers in, used, and why not.

    See Also
    --------
    TouchpointResult.fix_first : what to fix first, per segment.
    visit_moments : peaks and troughs of step-rated visits.
    cxresearch.satisfaction.decompose : why two segments (or waves) differ.

    Notes
    -----
    **Moment of truth** (a convention, settable): a touchpoint is a *negative* (*positive*)
    moment of truth in a segment when the interval of its gap lies below (above) zero, the
    gap is at least ``min_gap`` scale points, and the touchpoint is in the segment's top
    ``top`` share of touchpoints by importance (the top 5 of 15 by default). Without an
    outcome the gap alone decides. A customer enters a touchpoint's statistics when both
    of its ratings are there; the importance model uses customers with every gap and the
    outcome (its accounting is in ``settings``). Welch's test does not assume equal
    variances across segments.

    Everything is computed from one pass over the customers in blocks of rows: per segment and
    touchpoint the (weighted) counts, sums and cross-products of the ratings, from which the
    cells' statistics and the moments of the importance model follow (no copy of the data).

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("branch_touchpoints")
    >>> res = cx.journey.touchpoints(df, by="segment", outcome="overall", scale=(1, 7))
    >>> moments = res.table[res.table["moment"] != "neutral"]
    >>> moments[["segment", "touchpoint", "gap", "importance_rank", "moment"]].round(2)
       segment       touchpoint   gap  importance_rank                    moment
    7      VIP         queueing -0.58                1  negative moment of truth
    10     VIP  service_quality -0.80                5  negative moment of truth
    11     VIP             fees -0.60                4  negative moment of truth
    20    gold   staff_attitude  1.11                3  positive moment of truth
    22    gold         queueing -1.66                1  negative moment of truth

    VIP customers meet a negative moment of truth at the queue, the fees and the service
    quality; gold customers a positive one with the staff and a negative one at the queue.
    """
    frame = require_frame(data)
    confidence = check_confidence(confidence)
    keys = as_keys(by)
    per_customer = keys + [c for c in (outcome, weights) if c is not None]
    if isinstance(touchpoints, str) and touchpoints in frame.columns:
        frame, names = widen(frame, touchpoints, experience, expectation, respondent, per_customer)
        experience, expectation = "{}_experience", "{}_expectation"
    else:
        experience, expectation = check_pattern("experience", experience), check_pattern("expectation", expectation)
        names = touchpoint_names(frame, touchpoints, experience, expectation)
    require_columns(frame, per_customer)
    settings = _check_settings(pain, delight, min_gap, top)
    codes = as_codes(missing_codes)
    e_cols, x_cols = [experience.format(t) for t in names], [expectation.format(t) for t in names]
    columns = columns_of(frame, e_cols + x_cols + ([outcome] if outcome is not None else []), codes)
    w = check_weights(frame, weights)
    groups = group_index(frame, keys) if keys else None
    ids = groups.compact_ids() if groups else np.zeros(len(frame), dtype=np.int64)
    n_groups = groups.n if groups else 1
    seg = groups.keys if groups else pd.DataFrame(index=range(1))
    sums = touchpoint_pass(columns, len(names), ids, n_groups, w, settings["pain"], settings["delight"])
    y, recoded = check_values(frame, columns, sums.seen, sums.lo, sums.hi, outcome, scale, outcome_scale, codes)
    if groups and n_groups < 2:
        raise CXInputError(f"Only one segment in {', '.join(map(repr, keys))} ({seg.iloc[0].tolist()}): a "
                           "comparison by segment needs two or more. Leave out `by` for one segment.")
    excluded = {"segment missing": sums.no_segment, "no touchpoint with both ratings": sums.unrated,
                "weight zero": sums.zero_weight}
    excluded = {why: int(n) for why, n in excluded.items() if n}
    rows = RowAccount(len(frame), len(frame) - sum(excluded.values()), excluded, unit="customers", recoded=recoded)
    cells = cell_stats(sums, confidence)
    model, model_rows, notes = _importance(sums, y, names, outcome, keys, weights, seg, confidence, len(frame))
    rank = (model.pivot_table(index="_group", columns="_tp", values="importance_rank", dropna=False)
            .reindex(index=range(n_groups), columns=range(len(names))).to_numpy(float)
            if outcome is not None else np.full((n_groups, len(names)), np.nan))
    cells["importance_rank"] = rank
    cells["moment"] = moment_labels(cells["gap"], cells["gap_ci_low"], cells["gap_ci_high"], rank,
                                    min_gap=settings["min_gap"], top=settings["top"], measured=outcome is not None)
    table = _table(cells, seg, names, model)
    labels = [" / ".join(map(str, row)) for row in seg.itertuples(index=False)] if groups else []
    tests = segment_tests(cells, names, p_adjust, labels) if groups else None
    result = TouchpointResult(table=table, rows=rows, by=tuple(keys), tests=tests,
                              coefficients=model.drop(columns=["_group", "_tp"]) if outcome is not None else None,
                              confidence=confidence, outcome=outcome, weights=weights, rule=settings,
                              model_rows=model_rows, p_adjust=p_adjust, notes=notes)
    return visit_columns(result, visits) if visits is not None else result


def _check_settings(pain, delight, min_gap, top) -> dict[str, float]:
    out = {}
    for name, value in (("pain", pain), ("delight", delight), ("min_gap", min_gap), ("top", top)):
        ok = isinstance(value, int | float | np.number) and not isinstance(value, bool) and np.isfinite(value)
        if not ok:
            raise arg_error(name, "a finite number", value)
        out[name] = float(value)
    if out["min_gap"] < 0:
        raise arg_error("min_gap", "a gap size >= 0 in scale points", min_gap)
    if not 0 < out["top"] <= 1:
        raise arg_error("top", "a share of touchpoints in (0, 1] (1/3: the top third by importance)", top)
    if out["pain"] >= out["delight"]:
        raise arg_error("pain", f"a gap below delight={delight}", pain)
    return out


def _importance(sums, y, names, outcome, keys, weights, seg, confidence, n_rows):
    """Relative weights and the gap model per segment, from the pass's moments of the outcome and the gaps."""
    if outcome is None:
        return pd.DataFrame(), "no outcome: importance not measured, moments judged on the gap alone", ()
    seen = y[~np.isnan(y)]
    if len(seen) and seen.min() < seen.max() and np.all((seen == seen.min()) | (seen == seen.max())):
        two = (seen.min(), seen.max())
        raise CXInputError(f"Outcome {outcome!r} is binary ({two[0]:g} / {two[1]:g}): the touchpoints' importance is "
                           "a linear model of a rating. For a yes/no outcome use cx.satisfaction.drivers(..., "
                           "family='logit') on the gaps, or leave out `outcome` to map the gaps alone.")
    cols = [f"gap {t}" for t in names]
    moments, notes, rows = _gap_moments(sums, cols, outcome, keys, weights, seg, n_rows)
    try:
        rw = satisfaction.drivers(moments, outcome, cols, confidence=confidence).table
        ols = satisfaction.drivers(moments, outcome, cols, method="ols", confidence=confidence).table
    except CXInputError as exc:
        raise CXInputError(f"The importance of the touchpoints for {outcome!r} cannot be estimated: {exc} "
                           "Leave out `outcome` to map the gaps alone.") from None
    model = rw[[*keys, "attribute", "weight", "pct_r2", "rank"]].merge(
        ols[[*keys, "attribute", "beta", "beta_ci_low", "beta_ci_high", "p_value"]], on=[*keys, "attribute"])
    scale_by = _unstandardise(moments.table, keys, outcome, model)
    for c in ("beta", "beta_ci_low", "beta_ci_high"):
        model[c.replace("beta", "coef")] = model[c] * scale_by
    model["_tp"] = model["attribute"].map({c: i for i, c in enumerate(cols)})
    model["attribute"] = model["_tp"].map(dict(enumerate(names)))
    model["_group"] = model[keys].merge(seg.assign(_g=np.arange(len(seg))), on=keys, how="left")["_g"].to_numpy() \
        if keys else 0
    model = model.rename(columns={"attribute": "touchpoint", "weight": "importance", "rank": "importance_rank"})
    return model, rows, notes


def _gap_moments(sums, cols, outcome, keys, weights, seg, n_rows):
    """Moments of the outcome and the gaps per segment; segments too small for the model are left out, said."""
    moments = pass_moments(sums, [outcome, *cols], keys, seg, weights, n_rows)
    small = [(key, n) for key, n in zip(moments.keys, moments.n) if n < len(cols) + 2]
    if not keys or not small or len(small) == len(moments.keys):
        return moments, (), str(moments.rows)
    notes = tuple(f"importance not estimated in {dict(zip(keys, key))}: {n} complete rows for {len(cols)} "
                  f"touchpoints (the model needs {len(cols) + 2}); its moments are not judged" for key, n in small)
    keep = np.array([n >= len(cols) + 2 for n in moments.n])
    fitted = pass_moments(sums, [outcome, *cols], keys, seg, weights, n_rows, keep)
    left = ", ".join(f"{' / '.join(map(str, key))} ({n:,} complete)" for key, n in small)
    return fitted, notes, f"{moments.rows}; of these, {fitted.rows.n_used:,} in the model (segments left out: {left})"


def _unstandardise(mtable: pd.DataFrame, keys: list, outcome: str, model: pd.DataFrame) -> np.ndarray:
    """sd(outcome) / sd(gap) per row of ``model``: standardised to raw coefficients."""
    sd = mtable[[*keys, "column", "sd"]]
    sy = sd[sd["column"] == outcome].drop(columns="column").rename(columns={"sd": "_sy"})
    sx = sd.rename(columns={"column": "attribute", "sd": "_sx"})
    merged = model[[*keys, "attribute"]].merge(sx, on=[*keys, "attribute"], how="left")
    merged = merged.merge(sy, on=keys, how="left") if keys else merged.assign(_sy=float(sy["_sy"].iloc[0]))
    return (merged["_sy"] / merged["_sx"]).to_numpy()


def _table(cells: dict, seg: pd.DataFrame, names: list, model: pd.DataFrame) -> pd.DataFrame:
    """One row per segment and touchpoint, segments in sorted order, touchpoints in journey order."""
    G, k = cells["gap"].shape
    out = seg.loc[np.repeat(np.arange(G), k)].reset_index(drop=True) if seg.shape[1] else pd.DataFrame(index=range(k))
    out["touchpoint"] = np.tile(np.asarray(names, dtype=object), G)
    out["order"] = np.tile(np.arange(1, k + 1), G)
    for col in ("n", "experience", "expectation", "gap", "gap_se", "gap_ci_low", "gap_ci_high", "pain", "delight",
                "shortfall"):
        out[col] = cells[col].ravel()
    if "n_eff" in cells and not np.allclose(cells["n_eff"], cells["n"], equal_nan=True):
        out.insert(out.columns.get_loc("n") + 1, "n_eff", cells["n_eff"].ravel())
    if len(model):
        imp = model.set_index(["_group", "_tp"])["importance"]
        out["importance"] = imp.reindex(pd.MultiIndex.from_product([range(G), range(k)])).to_numpy()
    else:
        out["importance"] = np.nan
    out["importance_rank"] = cells["importance_rank"].ravel()
    out["importance_rank"] = out["importance_rank"].astype("Int64") if len(model) else out["importance_rank"]
    out["moment"] = cells["moment"].ravel()
    return out
