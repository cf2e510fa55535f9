"""Control charts of a tracked KPI: which moves between waves are more than sampling noise."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, check_argument, require_frame
from cxresearch._core.params import Anything, Frame, Integer, Name, Options, Pair, declared
from cxresearch.tracking._control_limits import BOUNDS, limits, read_counts
from cxresearch.tracking._control_notes import centre_shares, joined, one_wave_segments, rough_points, warn_thin
from cxresearch.tracking._control_results import ControlChartResult
from cxresearch.tracking._control_rules import RULES, flag
from cxresearch.tracking._kpi import _bands, _wave_dtype
from cxresearch.tracking._kpi_input import KINDS, cell_sums, check_roles, read_cells
from cxresearch.tracking._kpi_stats import cell_estimates

__all__ = ["control_chart"]


@declared(data=Frame(), metric=Name(), kind=Options(*KINDS), time=Name(), promoters=Pair("(9, 10)", strict=False),
          detractors=Pair("(0, 6)", strict=False), missing_codes=Anything("read by the code reader"),
          baseline=[None, Integer(1, expected="a whole number >= 1 (the first waves)"),
                    Anything("a list of wave labels, checked against the waves")],
          rules=Anything("rule names, checked against the rules"), sample_size=[None, Name()])
def control_chart(
    data: pd.DataFrame,
    metric: str,
    *,
    kind: str,
    time: str,
    by: str | list[str] | None = None,
    weights: str | None = None,
    baseline: int | list | None = None,
    rules: str | tuple[str, ...] = tuple(RULES),
    sample_size: str | None = None,
    scale: tuple[float, float] | None = None,
    promoters: tuple[float, float] = (9, 10),
    detractors: tuple[float, float] = (0, 6),
    missing_codes: Any = None,
    min_n: int = 0,
) -> ControlChartResult:
    """A control chart of a KPI over waves: centre line, limits from the baseline, and the points out of control.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per answer; or, with ``sample_size``, an aggregated table with one row per
        wave (and segment): the count in ``metric`` and the number of rows behind it in
        ``sample_size`` (a classic p-chart table).
    metric : str
        The column measured (as in :func:`kpi`), or the counts of an aggregated table.
    kind : {"nps", "top_box", "top2_box", "mean", "share"}
        The KPI charted: shares (``top_box``, ``top2_box``, ``share``) get a p-chart, NPS a
        p-chart-type chart with the NPS variance, means an X-bar chart. An aggregated table
        takes ``"share"``.
    time : str
        The wave (sample) column: numbers, dates, periods or an ordered Categorical.
    by : str or list of str, optional
        Segment columns: one chart per segment, each with its own limits.
    weights : str, optional
        Survey weights (rows only): weighted estimates, and each wave's n is Kish's n_eff.
    baseline : int or list, optional
        The waves the centre line and sigma are estimated from (phase I): None for all
        waves, a whole number k for the first k waves, or a list of wave labels. Later
        waves are judged against those limits (phase II).
    rules : str or tuple of str
        The rules that flag a point, by name: ``"3sigma"`` (a point beyond 3 sigma),
        ``"2of3"`` (2 of 3 in a row beyond 2 sigma, one side), ``"4of5"`` (4 of 5 in a row
        beyond 1 sigma, one side), ``"8side"`` (8 in a row on one side of the centre) and
        ``"6trend"`` (6 in a row rising or falling). Default: all five.
    sample_size : str, optional
        With an aggregated table, the column of sample sizes (``kind="share"``).
    scale, promoters, detractors, missing_codes
        As in :func:`kpi`.
    min_n : int
        The fewest rows a point (wave x segment) needs to be charted. Thinner points keep
        their row with ``n`` and a ``note``, no value, limits or signal, are left out of the
        baseline, and raise a :class:`~cxresearch.errors.ThinDataWarning`; their rows are
        counted as left out. Default 0: every wave with rows is charted (an X-bar chart of
        five rows per sample is the classic one), and thin points are named in ``note``
        (see Notes).

    Returns
    -------
    ControlChartResult
        ``table``: one row per segment and wave: the ``by`` columns, the ``time`` column,
        ``n`` (``n_eff`` with weights), the KPI (a column named after ``kind``),
        ``centre``, ``sigma`` (the standard error of a point at that wave's n), ``lcl``
        and ``ucl`` (centre -+ 3 sigma, kept inside the range of the KPI), ``z``
        (standard units from the centre), ``baseline`` (whether the wave set the limits),
        ``signal`` (whether any rule flags the point), ``rules`` (the rules that flag it)
        and ``note``. ``signals``: one row per flagged point and rule, with the rule's
        description.

    See Also
    --------
    kpi : the KPI with intervals, and the changes between waves tested.
    ControlChartResult : the result; ``plot()`` draws the chart.

    Notes
    -----
    Limits are Shewhart's: centre +- 3 sigma, where sigma is the sampling standard error of
    a wave at its own n, computed from the baseline waves pooled (Montgomery 2009, p-chart
    with variable sample size; X-bar chart with s pooled over the baseline waves). For NPS
    the pooled baseline promoter and detractor shares p, d give sigma_i = sqrt((p + d -
    (p - d)^2) / n_i). The limits assume that waves differ only by sampling: when the
    process itself wanders from wave to wave (a tracker's usual state), many points fall
    outside; then look at the changes and their sizes (:func:`kpi`) rather than only at the
    signals. The run rules work on z, so they hold for limits that vary with n; each
    flags the point that completes its pattern. The more rules, the more false alarms:
    about 0.27 % of in-control points beyond 3 sigma alone.

    Thin spots are said in ``note`` and in one :class:`~cxresearch.errors.ThinDataWarning`.
    The limits of a p-chart rest on the normal approximation to the binomial, which the
    common textbook rule accepts when n p >= 5 and n (1 - p) >= 5 at the centre line p (one
    of the rules compared by Emura & Lin 2015; n is n_eff with weights); a point below it
    is charted with a note. For NPS the rule is applied to the pooled promoter and the pooled
    detractor share. A segment whose baseline holds one wave with rows gets its limits from
    that wave alone: it sits on its own centre line and cannot signal, which its note says
    (phase I needs several waves; Montgomery suggests 20 to 25).

    References
    ----------
    Montgomery, D. C. (2009). Introduction to Statistical Quality Control (6th ed.). Wiley.
    Western Electric (1956). Statistical Quality Control Handbook. Western Electric Co.
    Nelson, L. S. (1984). The Shewhart control chart: tests for special causes. Journal of
    Quality Technology 16(4), 237-239.
    Emura, T., & Lin, Y.-S. (2015). A comparison of normal approximation rules for attribute
    control charts. Quality and Reliability Engineering International 31(3), 411-418.

    Examples
    --------
    Montgomery's orange-juice cans: 30 samples of 50 cans, 347 nonconforming in all.

    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> cans = pd.DataFrame({"sample": range(1, 31), "inspected": 50, "nonconforming": [
    ...     12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]})
    >>> res = cx.tracking.control_chart(cans, "nonconforming", kind="share", time="sample", sample_size="inspected")
    >>> res.table[["centre", "lcl", "ucl"]].iloc[0].round(4).tolist()
    [0.2313, 0.0524, 0.4102]
    >>> res.signals[["sample", "share", "rule"]]
       sample  share    rule
    0      15   0.44  3sigma
    1      22   0.36    2of3
    2      23   0.48  3sigma
    3      23   0.48    2of3
    4      24   0.30    4of5

    Samples 15 and 23 are beyond the limits, as in the book; the run rules add that
    samples 21-24 run high together. Samples 15 and 23 had causes found, so the revised
    limits leave them out of the baseline:

    >>> kept = [s for s in range(1, 31) if s not in (15, 23)]
    >>> revised = cx.tracking.control_chart(cans, "nonconforming", kind="share", time="sample",
    ...                                     sample_size="inspected", baseline=kept)
    >>> revised.table[["centre", "lcl", "ucl"]].iloc[0].round(4).tolist()
    [0.215, 0.0407, 0.3893]
    """
    data = require_frame(data)
    keys = check_roles(data, metric, kind, time, by, weights)
    rules = _rules(rules)
    bands = _bands(kind, promoters, detractors, scale)
    if sample_size is not None:
        if sample_size in (metric, time, *keys):
            raise arg_error("sample_size", "the column of sample sizes, other than `metric`, `time` and `by`",
                            sample_size)
        if kind != "share" or weights is not None:
            raise arg_error("sample_size", "None unless kind='share' without weights (an aggregated table of "
                            "counts and sample sizes)", sample_size)
        cells, sums = read_counts(data, metric, sample_size, time, keys, missing_codes)
    else:
        cells = read_cells(data, metric, kind, time=time, keys=keys, weights=weights, scale=scale,
                           missing_codes=missing_codes)
        sums = cell_sums(cells, kind, *bands)
    est = cell_estimates(sums, kind, 0.95)
    G, T = len(cells.labels), len(cells.waves)
    base = _baseline(baseline, cells.waves, time)
    thin = (sums["n"] > 0) & (sums["n"] < min_n)
    if thin.any():
        est["estimate"] = np.where(thin, np.nan, est["estimate"])
    usable = (sums["n"] > 0) & ~thin
    centre, sigma = limits(sums, est, kind, G, T, base, usable)
    sigma = np.where(thin, np.nan, sigma)
    table = _table(cells, sums, est, kind, time, weights is not None, centre, sigma, base)
    charted = usable & np.isfinite(centre) & (sigma > 0)
    rough = rough_points(est["n_eff"], centre_shares(sums, kind, base, usable, G, T), kind, charted)
    single = one_wave_segments(base, usable, cells.waves, time, G, T)
    table["note"] = joined(np.where(thin, [f"thin: n = {int(v)} < min_n = {min_n}, not charted" for v in sums["n"]],
                                    table["note"]), single, rough)
    warn_thin(table, keys, time, rough, single, thin, min_n)
    table, signals = _signals(table, kind, rules, keys, time, G, T)
    excluded = dict(cells.excluded)
    if thin.any():
        excluded["in a thin point (n < min_n)"] = int(sums["n"][thin].sum()) if sample_size is None else \
            int(thin.sum())
    rows = RowAccount(cells.n_in, cells.n_in - sum(excluded.values()), excluded,
                      unit="rows" if sample_size is None else "rows (waves x segments)", recoded=cells.recoded)
    return ControlChartResult(table=table, rows=rows, by=tuple(keys), signals=signals, kind=kind, metric=metric,
                              time=time, rules=rules, weights=weights, aggregated=sample_size is not None,
                              n_baseline=int(base.sum()), n_waves=T, bands=bands if kind == "nps" else None)


def _rules(rules: Any) -> tuple[str, ...]:
    given = (rules,) if isinstance(rules, str) else rules
    try:
        given = tuple(given)
    except TypeError:
        raise arg_error("rules", f"rule names among {list(RULES)}", rules) from None
    if not given:
        raise arg_error("rules", f"at least one rule among {list(RULES)}", rules)
    for rule in given:
        check_argument("rules", list(RULES), rule)
    return tuple(dict.fromkeys(given))


def _baseline(baseline: Any, waves: list, time: str) -> np.ndarray:
    """Which waves set the limits."""
    T = len(waves)
    if baseline is None:
        return np.ones(T, dtype=bool)
    if isinstance(baseline, (int, np.integer)) and not isinstance(baseline, bool):
        if baseline > T:
            raise arg_error("baseline", f"at most the number of waves ({T})", baseline)
        return np.arange(T) < baseline
    given = [baseline] if isinstance(baseline, str) or not hasattr(baseline, "__iter__") else list(baseline)
    text = [str(w) for w in waves]
    unknown = [b for b in given if b not in waves and str(b) not in text]
    if unknown or not given:
        raise arg_error("baseline", f"None, the number of first waves, or labels of waves in {time!r}", baseline,
                        f"Not waves of {time!r}: {unknown[:5]}; the waves are {text[:8]}" +
                        (" ..." if T > 8 else "") + ".")
    chosen = {str(b) for b in given}
    return np.array([str(w) in chosen for w in waves])


def _table(cells, sums, est, kind, time, weighted, centre, sigma, base) -> pd.DataFrame:
    T = len(cells.waves)
    seg = np.repeat(np.arange(len(cells.labels)), T)
    table = cells.labels.iloc[seg].reset_index(drop=True)
    table[time] = pd.Series(cells.waves * len(cells.labels), dtype=_wave_dtype(cells.waves))
    table["n"] = sums["n"].astype(np.int64)
    if weighted:
        table["n_eff"] = est["n_eff"]
    value = est["estimate"]
    lo, hi = BOUNDS.get(kind, (-np.inf, np.inf))
    with np.errstate(invalid="ignore", divide="ignore"):
        table[kind], table["centre"], table["sigma"] = value, centre, sigma
        table["lcl"] = np.clip(centre - 3 * sigma, lo, hi)
        table["ucl"] = np.clip(centre + 3 * sigma, lo, hi)
        table["z"] = np.where(sigma > 0, (value - centre) / sigma, np.nan)
    table["baseline"] = np.tile(base, len(cells.labels))
    table["note"] = np.select([sums["n"] == 0, np.isnan(centre), ~(sigma > 0)],
                              ["no rows", "no rows in the baseline waves: no limits",
                               "no variation in the baseline: no limits"], default="")
    return table


def _signals(table: pd.DataFrame, kind: str, rules: tuple, keys: list, time: str, G: int, T: int):
    z = table["z"].to_numpy(dtype=float).reshape(G, T)
    v = table[kind].to_numpy(dtype=float).reshape(G, T)
    hits = {r: np.zeros((G, T), dtype=bool) for r in rules}
    for g in range(G):
        for r, hit in flag(z[g], v[g], rules).items():
            hits[r][g] = hit
    flat = {r: h.ravel() for r, h in hits.items()}
    table["signal"] = np.logical_or.reduce(list(flat.values()))
    table["rules"] = ["; ".join(r for r in rules if flat[r][i]) for i in range(len(table))]
    table = table[[c for c in table.columns if c != "note"] + ["note"]]
    parts = [table.loc[flat[r], [*keys, time, kind, "z"]].assign(rule=r, description=RULES[r]) for r in rules]
    signals = pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)
    return table, signals
