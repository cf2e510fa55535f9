"""Customer journeys: is the remembered experience the average, or its peak and its end?

A customer who is asked afterwards how a branch visit went does not average the
moments of the visit. The peak-end rule (Kahneman et al. 1993; Redelmeier & Kahneman
1996) says the retrospective judgement follows the most intense moment and the final
one, and neglects how long the experience lasted. :func:`peak_end` tests that on data
with a momentary rating for every step of a journey and one retrospective rating per
journey.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from cxresearch._results import ResultMixin
from cxresearch._validate import (
    RowAccount,
    as_numeric,
    bad_values,
    check_confidence,
    positions,
    require_columns,
    require_frame,
)
from cxresearch.errors import CXInputError

__all__ = ["PeakEndResult", "journey_features", "peak_end"]

MODELS = {  # name -> how the single predictor (or the full set) is built
    "mean": "the average of all moments",
    "end": "the last moment",
    "peak_end": "(best moment + last moment) / 2 (Kahneman's peak-end average)",
    "trough_end": "(worst moment + last moment) / 2",
    "full": "first, peak, trough, end, mean and length together",
}


def _order(values: pd.Series, column: str) -> np.ndarray:
    """Step order as numbers: numbers as they are, dates and times as nanoseconds."""
    given = values.notna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) else values
        return np.where(given, stamps.to_numpy(dtype="datetime64[ns]").astype("int64"), np.nan).astype(float)
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=float)
    hint = "The step column orders the moments of a journey: 1, 2, 3 ... or timestamps."
    num = pd.to_numeric(values, errors="coerce")
    if num.notna().any():  # step numbers (perhaps stored as text)
        bad = num.isna().to_numpy() & given
        if bad.any():
            raise bad_values(column, values, bad, "step numbers", hint=hint)
        return num.to_numpy(dtype=float)
    stamps = pd.to_datetime(values, errors="coerce", format="mixed")
    bad = stamps.isna().to_numpy() & given
    if bad.any():
        raise bad_values(column, values, bad, "step numbers or times", hint=hint)
    return np.where(given, stamps.to_numpy(dtype="datetime64[ns]").astype("int64"), np.nan).astype(float)


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


def journey_features(
    data: pd.DataFrame,
    journey: str,
    step: str,
    rating: str,
    retrospective: str,
    duration: str | None = None,
) -> tuple[pd.DataFrame, RowAccount, RowAccount]:
    """One row per usable journey: first, peak, trough, end, mean, length and the retrospective.

    Parameters
    ----------
    data : pandas.DataFrame
        Long: one row per journey and step.
    journey, step, rating, retrospective : str
        Columns, as in :func:`peak_end`.
    duration : str, optional
        Journey length column (one value per journey); default: the number of rated steps.

    Returns
    -------
    features : pandas.DataFrame
        ``<journey>``, ``first``, ``peak``, ``trough``, ``end``, ``mean``, ``steps``,
        ``retrospective``, ``length``; journeys in sorted order.
    steps, journeys : RowAccount
        Steps (rows) and journeys in, used, and why the rest were not.

    Examples
    --------
    >>> import pandas as pd
    >>> import cxresearch as cx
    >>> visit = pd.DataFrame({"journey": [1, 1, 1], "step": [2, 1, 3], "rating": [3, 8, 7],
    ...                       "retrospective": [6, 6, 6]})
    >>> feats, steps, journeys = cx.journey.journey_features(visit, "journey", "step", "rating", "retrospective")
    >>> feats[["first", "peak", "trough", "end", "mean"]]
       first  peak  trough  end  mean
    0    8.0   8.0     3.0  7.0   6.0
    """
    require_frame(data)
    cols = [journey, step, rating, retrospective] + ([duration] if duration else [])
    require_columns(data, cols, "column")
    frame = pd.DataFrame({"journey": data[journey].to_numpy(), "order": _order(data[step], step),
                          "rating": as_numeric(data[rating], rating),
                          "retrospective": as_numeric(data[retrospective], retrospective)})
    if duration:
        frame["length"] = as_numeric(data[duration], duration)
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
    return feats, steps_account, RowAccount(n_all, len(feats), excluded, unit="journeys")


@dataclass(frozen=True, repr=False)
class PeakEndResult(ResultMixin):
    """Result of :func:`peak_end`.

    Attributes
    ----------
    table : DataFrame
        The full model: ``term``, ``estimate``, ``se``, ``t``, ``p_value``, ``ci_low``,
        ``ci_high``, ``beta`` (standardised estimate).
    models : DataFrame
        One row per model of :data:`MODELS`: ``model``, ``predictor``, ``n``, ``r2``,
        ``adj_r2``, ``aic``, ``bic``, ``coef`` (slope of a single-predictor model).
    tests : DataFrame
        ``test``, ``restriction``, ``F``, ``df_num``, ``df_denom``, ``p_value``.
    journeys : DataFrame
        The features of every journey used.
    rows, steps : RowAccount
        Journeys and steps in, used, and why the rest were not.
    """

    table: pd.DataFrame
    models: pd.DataFrame
    tests: pd.DataFrame
    journeys: pd.DataFrame
    rows: RowAccount
    steps: RowAccount
    confidence: float
    length: str
    notes: tuple[str, ...] = ()

    _title = "Peak-end analysis of retrospective ratings"

    def _settings(self) -> dict[str, str]:
        r2 = self.models.set_index("model")["r2"]
        single = r2.drop("full")
        out = {"journeys": str(self.rows), "steps": str(self.steps), "length": self.length,
               "R2": f"best single summary {single.idxmax()} {single.max():.3f}; mean alone {r2['mean']:.3f}; "
                     f"full model {r2['full']:.3f}",
               "intervals": f"t, {self.confidence:.0%}"}
        if self.notes:
            out["note"] = "; ".join(self.notes)
        return out

    def summary(self) -> pd.DataFrame:
        return self.table.round(3)

    def plot(self, kind: str = "coefficients", ax=None):
        """``"coefficients"``: standardised effects of the full model; ``"models"``: R2 by model."""
        from cxresearch import plotting

        return plotting.peak_end(self, kind=kind, ax=ax)


def peak_end(
    data: pd.DataFrame,
    *,
    journey: str = "journey",
    step: str = "step",
    rating: str = "rating",
    retrospective: str = "retrospective",
    duration: str | None = None,
    confidence: float = 0.95,
) -> PeakEndResult:
    """Test the peak-end rule: what does a customer remember of a journey?

    Parameters
    ----------
    data : pandas.DataFrame
        Long: one row per journey and step, with the momentary rating of the step and the
        journey's retrospective rating (the same on every row of the journey).
    journey, step, rating, retrospective : str
        Columns: journey id; step order (numbers or times); momentary rating;
        retrospective rating of the whole journey.
    duration : str, optional
        Journey length (e.g. minutes), one value per journey; without it, the number of
        rated steps stands for the length.
    confidence : float
        Level of the intervals.

    Returns
    -------
    PeakEndResult
        ``models`` compares single summaries of a journey (its mean, its end, the
        peak-end and trough-end averages) with the full model; ``table`` holds the full
        model's coefficients; ``tests`` asks whether the moments add to the mean, whether
        the end matters, and whether length matters (duration neglect); ``journeys`` the
        per-journey features; ``rows`` and ``steps`` the accounting.

    Notes
    -----
    Per journey: first, peak (best), trough (worst) and end (last) momentary rating, their
    mean and the length. The full model is ``retrospective ~ first + peak + trough + end +
    mean + length`` (OLS, statsmodels). The peak-end rule predicts large end and
    peak / trough effects, a small mean effect once they are in, and no length effect
    (duration neglect). For pain, Kahneman's "peak" is the worst moment; in service
    journeys rated from bad to good, that is the trough here. A length that is the same in
    every journey cannot be tested and is left out (a note says so).

    References
    ----------
    Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more
    pain is preferred to less: adding a better end. Psychological Science 4, 401-405.
    Redelmeier, D. A., & Kahneman, D. (1996). Patients' memories of painful medical
    treatments. Pain 66, 3-8.

    Examples
    --------
    >>> import cxresearch as cx
    >>> visits = cx.load_dataset("branch_journeys")
    >>> res = cx.journey.peak_end(visits)
    >>> res.models[["model", "r2"]].round(3)
            model     r2
    0        mean  0.605
    1         end  0.497
    2    peak_end  0.549
    3  trough_end  0.699
    4        full  0.717
    >>> res.table.set_index("term").loc[["trough", "end", "mean", "length"], ["estimate", "p_value"]].round(3)
            estimate  p_value
    term
    trough     0.322    0.000
    end        0.290    0.000
    mean       0.222    0.000
    length    -0.030    0.198

    The worst moment and the last one carry the memory; the length of the visit does not.
    """
    check_confidence(confidence)
    feats, steps_account, rows = journey_features(data, journey, step, rating, retrospective, duration)
    notes = []
    terms = ["first", "peak", "trough", "end", "mean", "length"]
    if feats["length"].nunique() < 2:
        terms.remove("length")
        notes.append("every journey has the same length: duration neglect cannot be tested")
    if len(feats) < len(terms) + 2:
        raise CXInputError(f"Only {len(feats)} usable journey(s) ({rows}); the full model needs at least "
                           f"{len(terms) + 2}.")
    y = feats["retrospective"].to_numpy(float)
    X = sm.add_constant(feats[terms].to_numpy(float), has_constant="add")
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise CXInputError(
            "The journey features are perfectly collinear (for instance, when every journey has two steps, "
            "the mean is the average of peak and trough). Peak-end analysis needs journeys of three or more "
            "rated steps, or of different lengths."
        )
    alpha = 1 - confidence
    full = sm.OLS(y, X).fit()
    ci = full.conf_int(alpha)
    sd = feats[terms].std(ddof=1).to_numpy()
    table = pd.DataFrame({"term": ["intercept", *terms], "estimate": full.params, "se": full.bse,
                          "t": full.tvalues, "p_value": full.pvalues, "ci_low": ci[:, 0], "ci_high": ci[:, 1],
                          "beta": np.r_[np.nan, full.params[1:] * sd / y.std(ddof=1)]})
    single = {"mean": feats["mean"], "end": feats["end"], "peak_end": (feats["peak"] + feats["end"]) / 2,
              "trough_end": (feats["trough"] + feats["end"]) / 2}
    models = []
    for name, x in single.items():
        fit = sm.OLS(y, sm.add_constant(x.to_numpy(float))).fit()
        models.append({"model": name, "predictor": MODELS[name], "n": int(fit.nobs), "r2": fit.rsquared,
                       "adj_r2": fit.rsquared_adj, "aic": fit.aic, "bic": fit.bic, "coef": fit.params[1]})
    models.append({"model": "full", "predictor": MODELS["full"], "n": int(full.nobs), "r2": full.rsquared,
                   "adj_r2": full.rsquared_adj, "aic": full.aic, "bic": full.bic, "coef": np.nan})
    tests = _tests(full, ["intercept", *terms])
    return PeakEndResult(table, pd.DataFrame(models), tests, feats, rows, steps_account, confidence,
                         f"'{duration}'" if duration else "number of rated steps", tuple(notes))


def _tests(fit, names: list[str]) -> pd.DataFrame:
    """F-tests of the peak-end claims in the full model."""
    claims = {"moments beyond the mean": (["first", "peak", "trough", "end"],
                                          "first = peak = trough = end = 0: only the average counts"),
              "end effect": (["end"], "end = 0: the last moment adds nothing"),
              "duration neglect": (["length"], "length = 0: a longer journey is not judged differently")}
    rows = []
    for test, (terms, meaning) in claims.items():
        if any(t not in names for t in terms):
            continue
        R = np.zeros((len(terms), len(names)))
        for i, t in enumerate(terms):
            R[i, names.index(t)] = 1.0
        ft = fit.f_test(R)
        rows.append({"test": test, "restriction": meaning, "F": float(np.squeeze(ft.fvalue)),
                     "df_num": int(round(ft.df_num)), "df_denom": int(round(ft.df_denom)),
                     "p_value": float(ft.pvalue)})
    return pd.DataFrame(rows)
