"""The promise to make: asymmetric disconfirmation and the promise that maximises expected satisfaction."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, check_argument, check_confidence, check_count, require_columns, \
    require_frame
from cxresearch._core.codes import as_codes, recode
from cxresearch._core.weights import check_weights
from cxresearch.errors import CXInputError
from cxresearch.expectation._input import read_durations, segments
from cxresearch.expectation._promise_fit import Delivery, coefficient_table, curve, fit, optimum, regressors, \
    sign_notes
from cxresearch.expectation._results import PromiseResult
from cxresearch._core.outcomes import distinct_outcome, refuse_outcome
from cxresearch._core.params import Anything, Frame, Integer, Name, Options, declared

__all__ = ["promise"]

GRID_POINTS = 201


@declared(data=Frame(), promised=Name("one column name"), delivered=Name("one column name"),
          outcome=Name("one column name"),
          grid=[None, Integer(2), Anything("an array of candidate promises, read here")],
          missing_codes=Anything("read by the code reader"), family=[None, Options("linear")])
def promise(
    data: pd.DataFrame,
    *,
    promised: str,
    delivered: str,
    outcome: str,
    lower_is_better: bool = True,
    by: str | list[str] | None = None,
    weights: str | None = None,
    confidence: float = 0.95,
    grid: int | Any = None,
    missing_codes: Any = None,
    family: str | None = None,
    duration_unit: str = "minutes",
) -> PromiseResult:
    """The promise that maximises expected satisfaction, from customers told a promise and given a delivery.

    Fits the asymmetric disconfirmation model

    ``outcome = b0 + b_p promise + g gain - l shortfall``

    where, for a lower-is-better value such as a wait, ``gain = max(promise - delivered,
    0)`` (delivered sooner than promised) and ``shortfall = max(delivered - promise, 0)``
    (the promise broken); for a higher-is-better value the two swap. ``b_p`` is what the
    promised level does by itself (a longer promised wait is less attractive: b_p < 0),
    ``g`` the reward per unit of beating the promise, ``l`` the penalty per unit of missing
    it (Anderson & Sullivan 1993: losses loom larger, l > g). Then, for the observed
    distribution F of delivered values, it returns the expected satisfaction and the share
    of promises kept if every customer were promised ``p``, for every candidate ``p``, and
    the best promise.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer.
    promised, delivered : str
        The promised and the delivered value, in one unit (minutes, days): numbers, or
        ``Timedelta`` columns, read in ``duration_unit``.
    outcome : str
        Satisfaction (or another numeric outcome of the contact).
    lower_is_better : bool
        True for waits and delivery times (a promise is kept when delivered <= promised);
        False when more is better (kept when delivered >= promised).
    by : str or list of str, optional
        Segment columns: a separate model, delivery distribution and optimum per segment.
    weights : str, optional
        Survey (sampling) weights: weighted least squares, the weighted distribution of
        deliveries; intervals on Kish's effective sample size.
    confidence : float
        Level of the coefficient intervals and of the interval of the optimum.
    grid : int or array-like, optional
        Candidate promises: a number of evenly spaced points per segment (default 201),
        from the smaller of the smallest promise and the 0.5% quantile of the deliveries to
        the larger of the largest promise and the 99.5% quantile (the extreme deliveries
        stretch no curve); or the candidates themselves, the same for every segment.
    missing_codes : value or list of values, optional
        Answers of ``outcome`` meaning "don't know" (e.g. 99), turned missing and counted.
        Promised and delivered values are read as they are (0 minutes is a real wait).
    family : {None, "linear"}
        None refuses an outcome with two values (churned yes/no): a linear model of it would
        be a linear probability model; ``"linear"`` fits it anyway.
    duration_unit : {"minutes", "seconds", "hours", "days"}
        The unit in which ``Timedelta`` promised and delivered columns are read
        (``pd.Timedelta(minutes=3)`` is 3.0 in minutes, not nanoseconds); the promise,
        the curve and the coefficients are then per that unit, as
        ``result.settings["durations"]`` says. A numeric column beside a ``Timedelta`` one
        is taken to be in that unit already, which an
        :class:`~cxresearch.errors.InputWarning` and the settings say.

    Returns
    -------
    PromiseResult
        ``table``, one row per segment: ``n``, ``n_eff`` (with weights), ``mean_promised``,
        ``mean_delivered``, ``kept`` (share of promises kept in the data), ``satisfaction``
        (mean outcome), the coefficients ``promise_effect`` (b_p), ``gain`` (g) and ``loss``
        (l), ``closed_form_keep_rate`` = F(p*) with ``keep_rate_ci_low`` /
        ``keep_rate_ci_high`` (delta method), ``closed_form_promise`` = p* (the quantile of
        the delivered values at that share) with ``closed_form_ci_low`` /
        ``closed_form_ci_high``, ``best_promise`` (the best candidate on the grid),
        ``best_keep_rate``, ``best_satisfaction`` (expected satisfaction there), ``uplift``
        (best_satisfaction - satisfaction: promising the best to everyone vs the promises
        made), ``optimum`` ("interior", "corner: most ambitious", "corner: safest", "no
        interior optimum", "not identified") and ``note`` (what the model cannot say, and
        coefficients of an unexpected sign). ``coefficients``: ``term`` (intercept,
        promise, gain, loss), ``estimate``, ``se`` (HC1 robust), ``t``, ``p_value``,
        ``ci_low``, ``ci_high``. ``curve``: ``promise``, ``expected_satisfaction``,
        ``keep_rate``, ``expected_gain``, ``expected_shortfall`` for every candidate.

    See Also
    --------
    tolerance : the zone between adequate and desired service.
    PromiseResult : the result, with the promise curve (``plot()``).
    cxresearch.simulate.promises : data with a known optimum promise.

    Notes
    -----
    In lower-is-better units, promising p to everyone gives expected satisfaction
    ``S(p) = b0 + b_p p + g E[(p - D)+] - l E[(D - p)+]``. Since ``d/dp E[(p - D)+] = F(p)`` and
    ``d/dp E[(D - p)+] = -(1 - F(p))``, ``S'(p) = b_p + l - (l - g) F(p)``: a unit more promised
    costs b_p, saves l for the customers whose promise would have been broken (1 - F) and
    adds g for those already on time (F). With l > g, S is concave and the optimum keeps
    the share ``F(p*) = (b_p + l) / (l - g)`` of its promises (Kopalle & Lehmann 2006 study
    what the promise should be). A higher-is-better value is mirrored (p -> -p), so there
    ``1 - F(p*) = (l - b_p) / (l - g)``; ``closed_form_keep_rate`` is always the share kept.

    The closed form exists only when l > g and the ratio lies in (0, 1), i.e. g < -b_p < l
    (b_p in lower-is-better units). Otherwise ``closed_form_promise`` is NaN and
    ``optimum`` says why: ratio <= 0 (the promise costs more than the broken promises it
    avoids) -> "corner: most ambitious" (the shortest promise on the grid); ratio >= 1
    (a safer promise always pays) -> "corner: safest" (the longest); l <= g (S is convex)
    -> "no interior optimum"; in each case ``best_promise`` is the best grid candidate,
    an end of the grid. When a coefficient cannot be estimated (the promise never varies,
    no promise was ever beaten or broken, too few rows) it is NaN, the expected
    satisfaction is NaN, ``optimum`` is "not identified" and ``note`` says which.

    With the empirical F, S is piecewise linear with kinks at the delivered values, so
    ``closed_form_promise`` (the smallest delivered value with F >= the ratio) is the exact
    maximiser and ``best_promise`` is within one grid step of it. The curve assumes that
    what is delivered does not depend on what is promised, and that the model holds
    beyond the promises observed. Standard errors are HC1 (heteroskedasticity-robust;
    with weights, the sandwich of the WLS fit); t intervals use ``n_eff - 4`` degrees of
    freedom.

    References
    ----------
    Anderson, E. W., & Sullivan, M. W. (1993). The antecedents and consequences of customer
    satisfaction for firms. Marketing Science 12(2), 125-143.

    Kopalle, P. K., & Lehmann, D. R. (2006). Setting quality expectations when entry is
    possible. Management Science 52(8), 1208-1220.

    Examples
    --------
    A call centre announced a wait before each call (an experiment with the announcement):

    >>> import cxresearch as cx
    >>> df = cx.load_dataset("callcentre_waits")
    >>> res = cx.expectation.promise(df, promised="announced_min", delivered="waited_min",
    ...                              outcome="satisfaction", by="segment")
    >>> res.table[["segment", "gain", "loss", "closed_form_keep_rate", "closed_form_promise", "kept"]].round(2)
        segment  gain  loss  closed_form_keep_rate  closed_form_promise  kept
    0       VIP  0.14  0.96                   0.69                  1.4  0.61
    1  business  0.19  0.75                   0.80                  3.9  0.60
    2  ordinary  0.05  0.37                   0.72                  6.9  0.60

    Losses loom larger than gains, most for VIP callers; the best announcement keeps 69% to 80%
    of the promises (the data card's truth: 67%, 77% and 71%), where 60% are kept today.

    Waits stored as ``Timedelta`` give the same result, read in minutes:

    >>> import pandas as pd
    >>> as_td = df.assign(announced_min=pd.to_timedelta(df["announced_min"], unit="min"),
    ...                   waited_min=pd.to_timedelta(df["waited_min"], unit="min"))
    >>> same = cx.expectation.promise(as_td, promised="announced_min", delivered="waited_min",
    ...                               outcome="satisfaction", by="segment")
    >>> same.table["closed_form_promise"].round(1).tolist(), same.settings["durations"]
    ([1.4, 3.9, 6.9], "'announced_min', 'waited_min' read from Timedelta in minutes")
    """
    data = require_frame(data)
    check_confidence(confidence)
    names = _check_names(data, promised, delivered, outcome)
    data, durations = read_durations(data, [promised, delivered], duration_unit,
                                      [[("promised", promised), ("delivered", delivered)]])
    if not isinstance(lower_is_better, (bool, np.bool_)):
        raise arg_error("lower_is_better", "True (waits, delivery days) or False (more is better)", lower_is_better)
    if family is not None:
        check_argument("family", ["linear"], family)
    s = 1 if lower_is_better else -1
    keys, seg, labels = segments(data, by, names)
    if weights is not None and weights in [*names, *keys]:
        raise arg_error("weights", "a column other than the promised, delivered, outcome and `by` columns", weights)
    w = check_weights(data, weights)
    p, _ = recode(data[promised], promised, ())
    d, _ = recode(data[delivered], delivered, ())
    y, n_coded = recode(data[outcome], outcome, as_codes(missing_codes))
    if family is None:
        _refuse_binary(y, outcome)
    use, rows = _account(seg, y, p, d, w, names, n_coded)
    if not use.any():
        raise CXInputError(f"No customer has a segment, {promised!r}, {delivered!r} and {outcome!r} ({rows}).")
    ww = np.ones(len(y)) if w is None else w
    candidates = _grid(grid)
    parts = [_segment(np.flatnonzero(use & (seg == gi)), p, d, y, ww, s, candidates, confidence, promised)
             for gi in range(len(labels))]
    table, coefficients, curves = (pd.concat([_keyed(labels, i, part[j]) for i, part in enumerate(parts)],
                                             ignore_index=True) for j in range(3))
    if weights is None:
        table = table.drop(columns="n_eff")
    return PromiseResult(table=table, rows=rows, by=tuple(keys), coefficients=coefficients, curve=curves,
                         names=(promised, delivered, outcome), lower_is_better=bool(lower_is_better),
                         confidence=confidence, weights=weights, grid=_grid_text(candidates),
                         durations=durations)


def _keyed(labels: pd.DataFrame, i: int, columns: dict) -> pd.DataFrame:
    """A segment's table with its ``by`` values in front."""
    frame = pd.DataFrame(columns)
    for j, key in enumerate(labels.columns):
        frame.insert(j, key, labels[key].iloc[i])
    return frame


def _check_names(data: pd.DataFrame, promised, delivered, outcome) -> list:
    names = [promised, delivered, outcome]
    for role, value in zip(("promised", "delivered", "outcome"), names):
        if not isinstance(value, str):
            raise arg_error(role, "one column name", value)
    if len(set(names)) < 3:
        raise arg_error("delivered", "three different columns for promised, delivered and outcome", names)
    require_columns(data, names, "column")
    return names


def _refuse_binary(y: np.ndarray, outcome: str) -> None:
    refuse_outcome(outcome, distinct_outcome(y),
                   binary_fix="Pass a satisfaction rating, or family='linear' to fit it anyway.")


def _account(seg, y, p, d, w, names, n_coded) -> tuple[np.ndarray, RowAccount]:
    """Rows used, and the first reason each other row was left out."""
    reasons = [("segment missing", seg < 0), (f"{names[2]} missing", np.isnan(y)),
               (f"{names[0]} missing", np.isnan(p)), (f"{names[1]} missing", np.isnan(d))]
    if w is not None:
        reasons.append(("weight zero", w == 0))
    use, excluded = np.ones(len(y), dtype=bool), {}
    for why, hit in reasons:
        hit = hit & use
        if hit.any():
            excluded[why] = int(hit.sum())
            use &= ~hit
    recoded = {names[2]: n_coded} if n_coded else {}
    return use, RowAccount(len(y), int(use.sum()), excluded, unit="customers", recoded=recoded)


def _grid(grid) -> int | np.ndarray:
    """The number of candidate promises per segment, or the candidates given."""
    if grid is None or (isinstance(grid, (int, np.integer)) and not isinstance(grid, bool)):
        return check_count("grid", GRID_POINTS if grid is None else grid, 2)
    try:
        values = np.unique(np.asarray(grid, dtype=float).ravel())
    except (TypeError, ValueError):
        raise arg_error("grid", "a number of points (>= 2) or a list of candidate promises", grid) from None
    if values.size == 0 or not np.isfinite(values).all():
        raise arg_error("grid", "a number of points (>= 2) or a list of finite candidate promises", grid)
    return values


def _grid_text(grid) -> str:
    if isinstance(grid, int):
        return (f"{grid} candidate promises per segment, from the smaller of the smallest promise and the 0.5% "
                "quantile of the deliveries to the larger of the largest promise and the 99.5% quantile")
    return f"{len(grid)} given candidate promises from {grid[0]:g} to {grid[-1]:g}"


def _segment(idx, p, d, y, w, s, grid, confidence, promised):
    """One segment's row of the table, its coefficients and its curve."""
    if idx.size == 0:
        return _empty(np.array([]) if isinstance(grid, int) else grid)
    pi, di, yi, wi = p[idx], d[idx], y[idx], w[idx]
    f = fit(regressors(pi, di, s), yi, wi, promised)
    delivery = Delivery.of(s * di, wi)
    if isinstance(grid, int):
        ends = [s * delivery.quantile(q) for q in (0.005, 0.995)]
        grid = np.linspace(min(pi.min(), *ends), max(pi.max(), *ends), grid)
    c = curve(f.beta, delivery, grid, s)
    opt = optimum(f, delivery, s, confidence)
    sw = wi.sum()
    row = {"n": idx.size, "n_eff": f.n_eff, "mean_promised": wi @ pi / sw, "mean_delivered": wi @ di / sw,
           "kept": wi @ (s * di <= s * pi) / sw, "satisfaction": wi @ yi / sw, "promise_effect": f.beta[1],
           "gain": f.beta[2], "loss": f.beta[3]}
    row.update({k: v for k, v in opt.items() if k not in ("optimum", "why")})
    es = c["expected_satisfaction"]
    best = int(np.nanargmax(es)) if np.isfinite(es).any() else None
    row.update(best_promise=np.nan if best is None else grid[best],
               best_keep_rate=np.nan if best is None else c["keep_rate"][best],
               best_satisfaction=np.nan if best is None else es[best])
    row["uplift"] = row["best_satisfaction"] - row["satisfaction"]
    notes = [*f.notes, *([] if np.isnan(f.beta[1:]).any() else sign_notes(f, s)), opt["why"]]
    row.update(optimum=opt["optimum"], note="; ".join(n for n in notes if n))
    return {k: [v] for k, v in row.items()}, coefficient_table(f, confidence), c


def _empty(grid):
    nan = [np.nan]
    row = {k: nan for k in ("n_eff", "mean_promised", "mean_delivered", "kept", "satisfaction", "promise_effect",
                            "gain", "loss", "closed_form_keep_rate", "keep_rate_ci_low", "keep_rate_ci_high",
                            "closed_form_promise", "closed_form_ci_low", "closed_form_ci_high", "best_promise",
                            "best_keep_rate", "best_satisfaction", "uplift")}
    row = {"n": [0], **row, "optimum": ["not identified"], "note": ["no customer in this segment has all values"]}
    coef = {"term": ["intercept", "promise", "gain", "loss"], **{k: [np.nan] * 4 for k in
                                                                   ("estimate", "se", "t", "p_value", "ci_low",
                                                                    "ci_high")}}
    curve_ = {"promise": grid, **{k: np.full(len(grid), np.nan) for k in ("expected_satisfaction", "keep_rate",
                                                                          "expected_gain", "expected_shortfall")}}
    return row, coef, curve_
