"""The KPI of a tracker: NPS, top-box shares or means per wave and segment, with changes and gaps tested."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, require_frame
from cxresearch._core.params import Anything, Frame, Name, Options, Pair, declared
from cxresearch._core.warn import warn
from cxresearch.errors import ThinDataWarning
from cxresearch.tracking._kpi_compare import compare
from cxresearch.tracking._kpi_input import KINDS, cell_sums, check_roles, read_cells
from cxresearch.tracking._kpi_results import KPIResult
from cxresearch.tracking._kpi_stats import cell_estimates

__all__ = ["kpi"]

THIN = "in a thin cell (n < min_n)"


@declared(data=Frame(), metric=Name(), kind=Options(*KINDS), promoters=Pair("(9, 10)", strict=False),
          detractors=Pair("(0, 6)", strict=False), missing_codes=Anything("read by the code reader"))
def kpi(
    data: pd.DataFrame,
    metric: str,
    *,
    kind: str,
    time: str | None = None,
    by: str | list[str] | None = None,
    weights: str | None = None,
    confidence: float = 0.95,
    scale: tuple[float, float] | None = None,
    promoters: tuple[float, float] = (9, 10),
    detractors: tuple[float, float] = (0, 6),
    missing_codes: Any = None,
    min_n: int = 30,
    p_adjust: str = "holm",
) -> KPIResult:
    """A tracker's KPI (NPS, top-box share or mean) per wave and segment, with its changes and gaps tested.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per answer (frames of other libraries are converted).
    metric : str
        The column measured: the 0-10 recommendation answer for NPS, a rating for top-box
        shares and means, a 0/1 (or True/False) column for ``kind="share"``.
    kind : {"nps", "top_box", "top2_box", "mean", "share"}
        The KPI. ``"nps"``: Net Promoter Score, the share of promoters minus the share of
        detractors (as a fraction: 0.25 is an NPS of +25). ``"top_box"`` / ``"top2_box"``:
        the share of answers at the top one / two points of the scale (declared with
        ``scale``, else the highest answer in the column). ``"mean"``: the mean rating.
        ``"share"``: the share of 1s (True) in a yes/no column.
    time : str, optional
        The wave column (numbers, dates, periods such as ``2024Q1`` or an ordered
        Categorical). Without it all rows form one wave. Rows without a wave are left out
        and counted.
    by : str or list of str, optional
        Segment columns: one KPI per wave and segment. Rows with a missing segment are left
        out and counted.
    weights : str, optional
        Survey (sampling) weights: weighted shares and means; intervals and tests on Kish's
        effective sample size. Rows with weight 0 are left out and counted.
    confidence : float
        Level of the intervals; differences are called ``significant`` when their adjusted
        p-value is below ``1 - confidence``.
    scale : (low, high), optional
        The answer scale. Answers outside it are refused (naming ``missing_codes`` as the
        fix). For ``"nps"`` the scale is 0-10 unless declared; for the other kinds it is
        read from the data when not declared (stated in ``settings``), and a value that
        looks like a code (99 over 1-5) raises a :class:`~cxresearch.errors.ScaleWarning`.
    promoters, detractors : (low, high)
        The NPS bands, both ends included: promoters 9-10 and detractors 0-6 by default
        (answers in between are passives). The bands may not overlap.
    missing_codes : value or list of values, optional
        Answers meaning "don't know" or "not applicable" (e.g. ``99``), turned missing
        first and counted in ``result.rows.recoded``.
    min_n : int
        The fewest rows a cell (wave x segment) needs to be estimated. Thinner cells keep
        their row in the table with ``n`` and a ``note``, no estimate, and a
        :class:`~cxresearch.errors.ThinDataWarning`; their rows are counted as left out.
    p_adjust : {"holm", "fdr_bh", "bh", "none"}
        Adjustment of the p-values, across all changes and gaps together (one family).

    Returns
    -------
    KPIResult
        ``table``: one row per segment and wave: the ``by`` columns, the ``time`` column,
        ``n`` (rows), ``n_eff`` (with weights), for NPS ``promoters``, ``passives`` and
        ``detractors`` (shares), the KPI in a column named after ``kind`` (``nps``,
        ``top_box``, ``top2_box``, ``mean``, ``share``) with ``se``, ``<kind>_ci_low`` and
        ``<kind>_ci_high`` (for means also ``sd``), and ``note`` (why a cell has no
        estimate). ``changes`` (with ``time``): per segment, each wave against the wave
        before: ``from_wave``, ``to_wave``, ``from_value``, ``to_value``, ``difference``
        (to - from), ``se``, ``ci_low``, ``ci_high``, ``statistic`` (z, or Welch's t for
        means), ``p_value``, ``p_adjusted``, ``significant``, ``note``. ``gaps`` (with
        ``by``): per wave, each pair of segments: ``segment``, ``versus`` (segments as text),
        ``segment_value``, ``versus_value``, ``difference`` (segment - versus) and the same
        test columns.

    See Also
    --------
    control_chart : control limits over waves: which moves are more than noise.
    KPIResult : the result; ``plot()`` draws the KPI over the waves with interval bands.
    cxresearch.satisfaction.penalty_reward : what drives the ratings behind the KPI.

    Notes
    -----
    NPS = p - d with p, d the (weighted) shares of promoters and detractors. It is the mean
    of a score that is +1 for a promoter, -1 for a detractor and 0 for a passive, so its
    variance is (p + d - (p - d)^2) / n, with Kish's n_eff = (sum w)^2 / sum w^2 for
    weighted data; the interval is NPS +- z se. Top-box and yes/no shares have Wilson
    intervals on n_eff; means have t intervals on n_eff - 1 degrees of freedom. Hand
    check: promoters 1/2, passives 1/3 and detractors 1/6 of n = 100 give NPS = 1/3 and
    se = sqrt((1/2 + 1/6 - 1/9) / 100) = 0.07454.

    A change or gap is the difference of two independent estimates, with standard error
    sqrt(se1^2 + se2^2): a z test and interval for NPS and shares, Welch's t for means.
    Consecutive waves are the waves of the time column in order; where a cell has no
    estimate the comparison is NaN with a note.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12), 46-54.
    Kish, L. (1965). Survey Sampling. Wiley.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal
    of Statistics 6(2), 65-70.

    Examples
    --------
    Promoters 1/2, passives 1/3, detractors 1/6 among 600 answers:

    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> df = pd.DataFrame({"recommend": [10] * 300 + [8] * 200 + [3] * 100})
    >>> res = cx.tracking.kpi(df, "recommend", kind="nps")
    >>> res.table[["n", "promoters", "passives", "detractors", "nps", "se"]].round(5)
         n  promoters  passives  detractors      nps       se
    0  600        0.5   0.33333     0.16667  0.33333  0.03043
    >>> round(float(res.table["se"].iloc[0] * (600 / 100) ** 0.5), 5)  # the same shares at n = 100
    0.07454

    A quarterly tracker by segment:

    >>> bank = cx.load_dataset("service_ratings")
    >>> bank["wave"] = bank.index % 4 + 1
    >>> res = cx.tracking.kpi(bank, "overall", kind="top2_box", time="wave", by="segment", scale=(1, 10))
    >>> print(res.rows)
    2,000 rows in, 2,000 used
    >>> res.table.query("segment == 'gold'")[["wave", "n", "top2_box", "top2_box_ci_low", "top2_box_ci_high"]].round(3)
       wave    n  top2_box  top2_box_ci_low  top2_box_ci_high
    4     1  139     0.129            0.084             0.195
    5     2  150     0.227            0.167             0.300
    6     3  161     0.161            0.113             0.226
    7     4  137     0.263            0.196             0.342
    >>> res.changes.query("segment == 'gold'")[["from_wave", "to_wave", "difference", "p_value", "p_adjusted"]].round(3)
       from_wave  to_wave  difference  p_value  p_adjusted
    3          1        2       0.097    0.029       0.608
    4          2        3      -0.065    0.146       1.000
    5          3        4       0.101    0.033       0.659

    Gold's rises of about 10 points look significant alone (p = 0.03), not after the 21
    comparisons of the table (9 changes and 12 gaps) are taken together.
    """
    data = require_frame(data)
    keys = check_roles(data, metric, kind, time, by, weights)
    bands = _bands(kind, promoters, detractors, scale)
    cells = read_cells(data, metric, kind, time=time, keys=keys, weights=weights, scale=scale,
                       missing_codes=missing_codes)
    sums = cell_sums(cells, kind, *bands)
    est = cell_estimates(sums, kind, confidence)
    thin = (sums["n"] > 0) & (sums["n"] < min_n)
    for name, values in est.items():
        if name != "n_eff":
            values[thin] = np.nan
    table = _table(cells, sums, est, kind, time, weights is not None, thin, min_n)
    changes, gaps = compare(table, cells, est, kind, time, confidence, p_adjust)
    excluded = dict(cells.excluded)
    if thin.any():
        excluded[THIN] = int(sums["n"][thin].sum())
        named = [_where(table, i, keys, time) for i in np.flatnonzero(thin)]
        warn(f"{len(named)} cell(s) have fewer than min_n = {min_n} rows and are not estimated: "
             + "; ".join(named[:5]) + ("; ..." if len(named) > 5 else "")
             + ". Their rows are counted in result.rows; lower `min_n` to estimate them anyway.", ThinDataWarning)
    rows = RowAccount(cells.n_in, cells.n_in - sum(excluded.values()), excluded, unit="rows", recoded=cells.recoded)
    return KPIResult(table=table, rows=rows, by=tuple(keys), changes=changes, gaps=gaps, kind=kind, metric=metric,
                     time=time, confidence=confidence, weights=weights, scale=cells.scale,
                     scale_source=cells.scale_source, bands=bands if kind == "nps" else None, min_n=min_n,
                     p_adjust=p_adjust)


def _bands(kind: str, promoters, detractors, scale) -> tuple:
    """The NPS bands as float pairs, inside the scale and not overlapping."""
    p = tuple(float(v) for v in promoters)
    d = tuple(float(v) for v in detractors)
    if kind != "nps":
        return p, d
    lo, hi = scale if scale is not None else (0.0, 10.0)
    for name, band in (("promoters", p), ("detractors", d)):
        if band[0] < lo or band[1] > hi:
            raise arg_error(name, f"a band inside the scale {lo:g}-{hi:g}", band)
    if d[1] >= p[0]:
        raise arg_error("detractors", f"a band below the promoters band {p}", d,
                        "The bands may not overlap: the usual ones are detractors=(0, 6), promoters=(9, 10).")
    return p, d


def _where(table: pd.DataFrame, i: int, keys: list, time) -> str:
    row = table.loc[i]
    parts = [str(row[k]) for k in keys] + ([f"{time} {row[time]}"] if time is not None else [])
    return f"{' / '.join(parts) or 'all rows'} (n = {int(row['n'])})"


def _table(cells, sums, est, kind: str, time, weighted: bool, thin: np.ndarray, min_n: int) -> pd.DataFrame:
    """One row per segment and wave, segments in order, waves in order within each."""
    T = len(cells.waves)
    seg = np.repeat(np.arange(len(cells.labels)), T)
    table = cells.labels.iloc[seg].reset_index(drop=True)
    if time is not None:
        table[time] = pd.Series(cells.waves * len(cells.labels), dtype=_wave_dtype(cells.waves))
    table["n"] = sums["n"].astype(np.int64)
    if weighted:
        table["n_eff"] = est["n_eff"]
    for name in ("promoters", "passives", "detractors"):
        if name in est:
            table[name] = est[name]
    table[kind] = est["estimate"]
    table["se"] = est["se"]
    table[f"{kind}_ci_low"], table[f"{kind}_ci_high"] = est["ci_low"], est["ci_high"]
    if "sd" in est:
        table["sd"] = est["sd"]
    n = sums["n"]
    table["note"] = np.where(n == 0, "no rows", np.where(thin, [f"thin: n = {int(v)} < min_n = {min_n}" for v in n],
                                                         ""))
    return table


def _wave_dtype(waves: list):
    """Wave labels keep their kind (numbers, periods, dates); anything else is object."""
    try:
        return pd.Series(waves).dtype
    except (TypeError, ValueError):  # pragma: no cover - labels of mixed kinds
        return object
