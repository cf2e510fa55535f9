"""Gap analysis: experience - expectation per attribute, weighted by importance."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch import plotting
from cxresearch._core.accounting import RowAccount
from cxresearch._core.checks import arg_error, check_confidence, require_columns, require_frame
from cxresearch._core.weights import check_weights
from cxresearch._core.warn import renamed_argument, warn
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch.errors import InputWarning
from cxresearch._core.codes import as_codes, read_ratings
from cxresearch.satisfaction._results import weights_setting
from cxresearch._core.params import Anything, Frame, Name, declared


@dataclass(frozen=True, kw_only=True, repr=False)
class GapResult(Result):
    """Result of :func:`cxresearch.satisfaction.gap_analysis`: ``table`` (one row per attribute).

    See Also
    --------
    cxresearch.satisfaction.gap_analysis : makes this result.
    """

    level: str
    confidence: float = 0.95
    weights: str | None = None

    _title = "Gap analysis (experience - expectation)"
    _summary_columns = ("attribute", "experience", "expectation", "importance", "gap", "weighted_gap", "ideal",
                        "ideal_gap", "priority", "note")

    def _settings(self) -> dict[str, str]:
        out = {"input": self.level, "intervals": f"t, {self.confidence:.0%}" if self.level ==
               "respondents" else "none (one value per attribute)"}
        return {**out, **weights_setting(self.weights)}

    def plot(self, kind: None = None, ax=None):
        """Horizontal bars of the weighted gap, worst first (the plain gap without importance).

        Attributes without an importance rating have no bar.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        if "weighted_gap" in self.table:
            return as_figure(plotting.gaps(self, ax=ax))
        plain = replace(self, table=self.table.assign(weighted_gap=self.table["gap"]))
        ax = plotting.gaps(plain, ax=ax)
        ax.set(xlabel="experience - expectation", title="Gaps (worst first)")
        return as_figure(ax)


@renamed_argument("table", "data", since="0.2")
@declared(data=Frame(), experience=Name(), expectation=Name(), importance=[None, Name()], ideal=[None, Name()],
          missing_codes=Anything("read by the code reader"))
def gap_analysis(
    data: pd.DataFrame,
    *,
    attribute: str = "attribute",
    experience: str = "experience",
    expectation: str = "expectation",
    importance: str | None = "importance",
    ideal: str | None = None,
    confidence: float = 0.95,
    missing_codes=None,
    weights: str | None = None,
) -> GapResult:
    """Experience - expectation gaps, weighted by importance, with the ideal gap.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per attribute (a summary table), or one row per respondent and attribute
        (then means per attribute are used, with t intervals).
    attribute, experience, expectation : str
        Column names; ratings on one scale (e.g. 1-10).
    importance : str or None
        Column of stated importance. ``None``: plain gaps, ranked by size (the most
        negative gap first). A missing importance does not leave a row out (its gap still
        counts): the importance of an attribute is the mean of the importance ratings given,
        and an attribute with none is not ranked (``priority`` missing) and says so in
        ``note``, while the attributes with importance are ranked among themselves.
    ideal : str, optional
        Column with the ideal (target) level of each attribute.
    confidence : float
        Level of the intervals for respondent-level input.
    missing_codes : value or list of values, optional
        Answers that mean "not applicable" or "don't know" (e.g. ``[0, 99]``) in the
        experience, expectation, importance and ideal columns; they become missing before
        anything else (the rows are then left out and counted) and the number turned
        missing per column is in ``result.rows.recoded``.
    weights : str, optional
        Column of survey (sampling) weights: weighted means per attribute (integer weights
        give the means of replicated rows), and the interval of the mean gap on Kish's
        effective sample size (Notes). Missing, infinite or negative weights are refused by
        name; rows with weight 0 are left out and counted.

    Returns
    -------
    GapResult
        ``result.table``: ``attribute``, ``n``, ``experience``, ``expectation``,
        ``importance``, ``gap`` = experience - expectation, ``weighted_gap`` = importance x
        gap, ``ideal`` and ``ideal_gap`` = experience - ideal (with ``ideal``), and
        ``priority`` (1 = worst weighted gap, or worst gap with ``importance=None``; ties
        share a rank) and ``note`` (empty, or why an attribute has no priority); without
        ``importance`` the ``importance`` and ``weighted_gap`` columns are absent. Respondent-level input
        adds ``gap_ci_low`` and ``gap_ci_high`` (paired t interval of the mean gap); with
        ``weights``, ``n_eff`` (Kish's effective sample size) follows ``n``.

    See Also
    --------
    drivers : importance derived from ratings instead of stated.
    importance_performance : importance against performance, in quadrants.
    disconfirmation : whether satisfaction really is experience - expectation.

    Notes
    -----
    The gap step of the seven-step customer-experience-management method: a negative
    gap means experience falls short of what customers expect; weighting by importance
    ranks where the shortfall hurts most; the ideal gap shows how far today's experience
    is from the level the firm aims for.

    The interval of the mean gap is ``gap +- t(n - 1) s / sqrt(n)``; with weights,
    ``gap_w +- t(n_eff - 1) sqrt(sum w (g - gap_w)^2 / sum w / (n_eff - 1))`` with
    ``n_eff = (sum w)^2 / sum w^2`` (Kish 1965), which is the unweighted interval for
    all-equal weights. For w = (1, 1, 2, 2, .5, .5, 3, 1, 1, 2) and gaps (1, 0, 1, 1, 0,
    1, 0, 1, 0, 1): mean gap 0.6071429 and n_eff 7.6862745.

    Examples
    --------
    The electronics-chain case (four shops on one street):

    >>> import cxresearch as cx
    >>> res = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"), ideal="ideal")
    >>> res.table.loc[res.table["priority"] == 1, ["attribute", "gap", "weighted_gap", "ideal_gap"]]
         attribute  gap  weighted_gap  ideal_gap
    3  convenience   -2           -18         -5
    """
    data = require_frame(data)
    check_confidence(confidence)
    cols = [experience, expectation] + ([ideal] if ideal else [])
    imp = [] if importance is None else [importance]
    hint = " Pass importance=None for plain gaps ranked by size." if importance == "importance" else ""
    require_columns(data, [attribute, *cols], "column")
    if imp and importance not in data.columns:
        raise arg_error("importance", "a column of `data` or None", importance, "No such column." + hint)
    if weights is not None and weights in [attribute, *cols, *imp]:
        raise arg_error("weights", "a column other than the attribute and rating columns", weights)
    w = check_weights(data, weights)
    values, recoded = read_ratings(data, cols + imp, as_codes(missing_codes))
    missing = np.zeros(len(data), dtype=bool)
    for c in cols:  # a missing importance leaves the row's gap in (see below)
        missing |= np.isnan(values[c])
    zero = ~missing & (w == 0) if w is not None else np.zeros(len(data), dtype=bool)
    keep = ~missing & ~zero
    excluded = {k: n for k, n in (("a rating missing", int(missing.sum())), ("weight zero", int(zero.sum()))) if n}
    account = RowAccount(len(data), int(keep.sum()), excluded, recoded=recoded)
    frame = pd.DataFrame({attribute: data[attribute].to_numpy(), **values,
                          "_w": np.ones(len(data)) if w is None else w})[keep]
    frame["gap"] = frame[experience] - frame[expectation]
    out = _means(frame, attribute, cols, confidence, weighted=w is not None)
    level = "summary table" if (out["n"] == 1).all() else "respondents"
    if imp:  # the (weighted) mean of the importance ratings given, per attribute
        given = frame[importance].notna()
        wi = frame["_w"].where(given, 0.0)
        by = frame[attribute]
        num = (frame[importance].fillna(0.0) * wi).groupby(by, sort=False).sum()
        den = wi.groupby(by, sort=False).sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            out.insert(out.columns.get_loc(expectation) + 1, importance,
                       (num / den).where(den > 0).reindex(out[attribute]).to_numpy())
    out = out.rename(columns={experience: "experience", expectation: "expectation",
                              importance: "importance", attribute: "attribute"})
    if level == "summary table":
        out = out.drop(columns=[c for c in ("gap_ci_low", "gap_ci_high") if c in out])
    if imp:
        out["weighted_gap"] = out["importance"] * out["gap"]
    if ideal:
        out = out.rename(columns={ideal: "ideal"})
        out["ideal_gap"] = out["experience"] - out["ideal"]
    key = out["weighted_gap"] if imp else out["gap"]
    no_imp = key.isna().to_numpy()
    rank = key.rank(method="min")
    out["priority"] = rank.astype(int) if not no_imp.any() else rank.astype("Int64")
    out["note"] = np.where(no_imp, "no importance rating: not ranked", "")
    if no_imp.any():
        warn("gap_analysis: attributes without an importance rating are not ranked (priority missing; their gaps "
             "are in the table): " + ", ".join(map(str, out.loc[no_imp, "attribute"])) + ".", InputWarning)
    if level == "summary table":  # whole numbers stay whole, as in the published case
        for c in out.columns:
            if out[c].dtype == float and np.all(out[c] == np.round(out[c])):
                out[c] = out[c].astype(int)
    return GapResult(table=out, level=level, confidence=confidence, rows=account, weights=weights)


def _means(frame: pd.DataFrame, attribute: str, cols: list, confidence: float, weighted: bool) -> pd.DataFrame:
    """(Weighted) means per attribute, in order of appearance, with the paired t interval of the mean gap.

    With weights the interval is ``gap +- t(n_eff - 1) sqrt(sum w (g - gbar)^2 / sum w / (n_eff - 1))``, Kish's
    effective sample size standing for n (all-equal weights give the unweighted interval).
    """
    g = frame.groupby(attribute, sort=False)
    w = frame["_w"]
    sum_w = g["_w"].sum()
    means = frame[cols + ["gap"]].mul(w, axis=0).groupby(frame[attribute], sort=False).sum().div(sum_w, axis=0)
    out = means.reset_index()
    out.insert(1, "n", g.size().to_numpy())
    n_eff = (sum_w**2 / (w**2).groupby(frame[attribute], sort=False).sum()).to_numpy()
    if weighted:
        out.insert(2, "n_eff", n_eff)
    else:
        n_eff = out["n"].to_numpy().astype(float)
    dev = frame["gap"] - frame[attribute].map(means["gap"])
    ss = (w * dev**2).groupby(frame[attribute], sort=False).sum().to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(ss / sum_w.to_numpy() / (n_eff - 1))
    half = stats.t.ppf(0.5 + confidence / 2, np.maximum(n_eff - 1, 1)) * se
    out["gap_ci_low"], out["gap_ci_high"] = out["gap"] - half, out["gap"] + half
    return out
