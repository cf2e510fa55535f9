"""Customer journeys: is the remembered experience the average, or its peak and its end?

A customer who is asked afterwards how a branch visit went does not average the
moments of the visit. The peak-end rule (Kahneman et al. 1993; Redelmeier & Kahneman
1996) says the retrospective judgement follows the most intense moment and the final
one, and neglects how long the experience lasted. :func:`peak_end` tests that on data
with a momentary rating for every step of a journey and one retrospective rating per
journey.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import check_confidence
from cxresearch.errors import CXInputError
from cxresearch.journey._features import journey_features
from cxresearch.journey._result import PeakEndResult
from cxresearch._core.params import Frame, declared

MODELS = {  # name -> how the single predictor (or the full set) is built
    "mean": "the average of all moments",
    "end": "the last moment",
    "peak_end": "(best moment + last moment) / 2 (Kahneman's peak-end average)",
    "trough_end": "(worst moment + last moment) / 2",
    "full": "first, peak, trough, end, mean and length together",
}


@declared(data=Frame())
def peak_end(
    data: pd.DataFrame,
    *,
    journey: str = "journey",
    step: str = "step",
    rating: str = "rating",
    retrospective: str = "retrospective",
    duration: str | None = None,
    duration_unit: str = "minutes",
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
    duration_unit : {"minutes", "seconds", "hours", "days"}
        The unit in which a ``Timedelta`` duration column is read (a 12-minute journey is
        12.0, not 7.2e11 nanoseconds); numbers are taken to be in this unit already.
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

    See Also
    --------
    journey_features : the per-journey features the models use.
    cxresearch.simulate.journeys : journeys with known peak-end weights.

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
    >>> res.fits[["model", "r2"]].round(3)
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
    found = journey_features(data, journey, step, rating, retrospective, duration, duration_unit)
    feats, steps_account, rows = found.table, found.steps, found.rows
    notes = []
    terms = ["first", "peak", "trough", "end", "mean", "length"]
    if feats["length"].nunique() < 2:
        terms.remove("length")
        notes.append("every journey has the same length: duration neglect cannot be tested")
    if len(feats) < len(terms) + 2:
        raise CXInputError(f"Only {len(feats)} usable journey(s) ({rows}); the full model needs at least "
                           f"{len(terms) + 2}.")
    y = feats["retrospective"].to_numpy(float)
    if np.ptp(y) == 0:
        raise CXInputError(
            f"Column {retrospective!r}: every usable journey ({len(y)}) has the same remembered rating "
            f"({y[0]:g}), so nothing can explain it: there is no variation to test the peak-end rule on. "
            "Check that the column holds each journey's own retrospective rating.")
    from statsmodels.regression.linear_model import OLS  # statsmodels loads on first use, not at import
    from statsmodels.tools.tools import add_constant

    X = add_constant(feats[terms].to_numpy(float), has_constant="add")
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise CXInputError(
            "The journey features are perfectly collinear (for instance, when every journey has two steps, "
            "the mean is the average of peak and trough). Peak-end analysis needs journeys of three or more "
            "rated steps, or of different lengths."
        )
    alpha = 1 - confidence
    full = OLS(y, X).fit()
    ci = full.conf_int(alpha)
    sd = feats[terms].std(ddof=1).to_numpy()
    table = pd.DataFrame({"term": ["intercept", *terms], "estimate": full.params, "se": full.bse,
                          "t": full.tvalues, "p_value": full.pvalues, "ci_low": ci[:, 0], "ci_high": ci[:, 1],
                          "beta": np.r_[np.nan, full.params[1:] * sd / y.std(ddof=1)]})
    single = {"mean": feats["mean"], "end": feats["end"], "peak_end": (feats["peak"] + feats["end"]) / 2,
              "trough_end": (feats["trough"] + feats["end"]) / 2}
    models = []
    for name, x in single.items():
        fit = OLS(y, add_constant(x.to_numpy(float))).fit()
        models.append({"model": name, "predictor": MODELS[name], "n": int(fit.nobs), "r2": fit.rsquared,
                       "adj_r2": fit.rsquared_adj, "aic": fit.aic, "bic": fit.bic, "coef": fit.params[1]})
    models.append({"model": "full", "predictor": MODELS["full"], "n": int(full.nobs), "r2": full.rsquared,
                   "adj_r2": full.rsquared_adj, "aic": full.aic, "bic": full.bic, "coef": np.nan})
    tests = _tests(full, ["intercept", *terms])
    return PeakEndResult(table=table, rows=rows, fits=pd.DataFrame(models), tests=tests, journeys=feats,
                         steps=steps_account, confidence=confidence,
                         length=f"'{duration}' ({duration_unit})" if duration else "number of rated steps",
                         notes=tuple(notes))


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
