"""Result objects of :func:`tolerance` and :func:`promise`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from cxresearch import plotting
from cxresearch._core.checks import check_argument
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch.expectation._promise_predict import predict_pairs


def _weights_setting(weights: str | None) -> dict[str, str]:
    if weights is None:
        return {}
    return {"weights": f"{weights!r}: sampling weights (weighted estimates; intervals on Kish's effective sample "
                       "size n_eff = (sum w)^2 / sum w^2)"}


@dataclass(frozen=True, kw_only=True, repr=False)
class ToleranceResult(Result):
    """Result of :func:`cxresearch.expectation.tolerance`: one row per segment and attribute.

    ``accounting`` says per attribute which columns were read and where the rows went;
    ``levels`` holds the shares of customers at each scale point (None for answers that are
    not whole numbers); ``scale`` is the declared or observed answer scale.

    See Also
    --------
    cxresearch.expectation.tolerance : makes this result.
    """

    accounting: pd.DataFrame
    levels: pd.DataFrame | None
    scale: tuple[float, float]
    scale_source: str
    confidence: float = 0.95
    weights: str | None = None
    lower_is_better: bool = False
    durations: str = ""

    _title = "Zones of tolerance"
    _summary_columns = ("*by", "attribute", "n", "adequate", "desired", "perceived", "zone_width", "msa", "mss",
                        "position", "zone", "failure", "inside", "delight", "adequate_sd", "desired_sd", "n_inverted")
    _long_tables = ("accounting", "levels")
    _percent_columns = ("failure", "inside", "delight", "inverted")
    _table_sheet = "attributes"
    _method = ("Zones of tolerance: per attribute each customer gives the adequate (lowest acceptable), desired "
               "and perceived level. Measures of service adequacy MSA = perceived - adequate and superiority "
               "MSS = perceived - desired with paired t intervals, the position of the perceived level in the "
               "zone, and the shares of customers failed, inside their zone and delighted (Wilson intervals).")
    _references = cite("Parasuraman et al. 1994", "Wilson 1927")

    def _settings(self) -> dict[str, str]:
        if self.lower_is_better:
            direction = {"direction": "lower is better: MSA = adequate - perceived, MSS = desired - perceived",
                         "zones": "failure: perceived > own adequate; inside: desired <= perceived <= adequate; "
                                  "delight: perceived < own desired",
                         "inverted zones": "own desired > own adequate: counted, kept in the means, left out of "
                                           "the shares"}
        else:
            direction = {"direction": "higher is better: MSA = perceived - adequate, MSS = perceived - desired",
                         "zones": "failure: perceived < own adequate; inside: adequate <= perceived <= desired; "
                                  "delight: perceived > own desired",
                         "inverted zones": "own adequate > own desired: counted, kept in the means, left out of "
                                           "the shares"}
        out = {"scale": f"{self.scale[0]:g}-{self.scale[1]:g} ({self.scale_source})",
               "intervals": f"MSA, MSS: paired t, {self.confidence:.0%}; failure, delight: Wilson", **direction}
        if self.durations:
            out["durations"] = self.durations
        return {**out, **_weights_setting(self.weights)}

    def plot(self, kind: str | None = None, ax=None):
        """The zone chart, or the spread of the customers' own standards.

        Parameters
        ----------
        kind : {"zones", "spread"}, optional
            Default (None): "zones".
            ``"zones"``: per attribute a bar from the mean adequate to the mean desired
            level with the perceived level marked, one bar per segment. ``"spread"``: per
            attribute the share of customers whose own adequate level is met and whose own
            desired level is exceeded at each service level (needs whole-number answers).
        ax : matplotlib Axes, optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "zones")
        check_argument("kind", ["zones", "spread"], kind)
        draw = plotting.tolerance_zones if kind == "zones" else plotting.tolerance_spread
        return as_figure(draw(self, ax=ax))


@dataclass(frozen=True, kw_only=True, repr=False)
class PromiseResult(Result):
    """Result of :func:`cxresearch.expectation.promise`: one row per segment with the best promise.

    ``coefficients`` holds the asymmetric disconfirmation model of each segment and
    ``curve`` the expected satisfaction and the share of promises kept for every
    candidate promise.

    See Also
    --------
    cxresearch.expectation.promise : makes this result.
    """

    coefficients: pd.DataFrame
    curve: pd.DataFrame
    names: tuple[str, str, str]
    lower_is_better: bool = True
    confidence: float = 0.95
    weights: str | None = None
    grid: str = ""
    durations: str = ""

    _title = "The promise to make"
    _summary_columns = ("*by", "n", "mean_promised", "kept", "satisfaction", "promise_effect", "gain", "loss",
                        "closed_form_keep_rate", "closed_form_promise", "best_promise", "best_keep_rate",
                        "best_satisfaction", "uplift", "optimum")
    _long_tables = ("coefficients", "curve")
    _percent_columns = ("kept", "closed_form_keep_rate", "best_keep_rate", "keep_rate")
    _table_sheet = "promise"
    _method = ("Asymmetric disconfirmation: satisfaction regressed on the promise, the gain of beating it and "
               "the loss of missing it (OLS with HC1 errors); the expected satisfaction of each candidate "
               "promise over the observed deliveries gives the best promise and the share of promises it keeps.")
    _references = cite("Anderson & Sullivan 1993", "Kopalle & Lehmann 2006")

    def _settings(self) -> dict[str, str]:
        p, d, y = self.names
        if self.lower_is_better:
            gain, short = f"max({p} - {d}, 0)", f"max({d} - {p}, 0)"
        else:
            gain, short = f"max({d} - {p}, 0)", f"max({p} - {d}, 0)"
        out = {"model": f"{y} = b0 + promise_effect {p} + gain {gain} - loss {short}",
               "direction": "lower is better (kept when delivered <= promised)" if self.lower_is_better
               else "higher is better (kept when delivered >= promised)",
               "optimum": "closed form: share kept = (b_p + loss) / (loss - gain) in lower-is-better units",
               "grid": self.grid,
               "intervals": f"HC1 robust standard errors, t, {self.confidence:.0%}"}
        if self.durations:
            out["durations"] = self.durations
        return {**out, **_weights_setting(self.weights)}

    def predict(self, promised: Any, delivered: Any, segment: Any = None) -> pd.DataFrame:
        """The fitted model's satisfaction for a promise and what was then delivered: price any pair.

        ``predicted = b0 + promise_effect * promised + gain * (units the promise was beaten
        by) - loss * (units it was missed by)``, with the coefficients of ``coefficients``.
        Comparing two rows answers a manager's question: announcing 7 minutes and answering
        in 5 against announcing 5 and answering in 5 is the price of the longer promise
        (promise effect and gain together), not only the gain of beating it.

        Parameters
        ----------
        promised, delivered : float or array-like of float
            Promised and delivered values in the unit of the fit (minutes, days; for
            ``Timedelta`` columns the unit in ``settings["durations"]``). One number each, or
            lists of the same length (a single number is paired with every value of the other).
        segment : optional
            With ``by``, the segment to price (a tuple of values for several ``by`` columns);
            None prices every segment.

        Returns
        -------
        pandas.DataFrame
            One row per segment and pair: the ``by`` columns, ``promised``, ``delivered``,
            ``kept`` (the promise held), ``gain`` and ``shortfall`` (units beaten by, missed
            by) and ``predicted``. NaN where the pair needs a coefficient the data could not
            identify (the table's ``note`` says which).

        See Also
        --------
        cxresearch.expectation.promise : fits the model; ``curve`` averages these predictions
            over the observed deliveries for every candidate promise.

        Examples
        --------
        >>> import cxresearch as cx
        >>> res = cx.expectation.promise(cx.load_dataset("callcentre_waits"), promised="announced_min",
        ...                              delivered="waited_min", outcome="satisfaction", by="segment")
        >>> pairs = res.predict([7, 5, 5], [5, 5, 7], segment="ordinary")
        >>> pairs.round(3)
            segment  promised  delivered   kept  gain  shortfall  predicted
        0  ordinary       7.0        5.0   True   2.0        0.0      6.426
        1  ordinary       5.0        5.0   True   0.0        0.0      6.605
        2  ordinary       5.0        7.0  False   0.0        2.0      5.861

        For an ordinary caller answered in 5 minutes, announcing 7 instead of 5 costs 0.18
        points (6.426 - 6.605): beating the longer promise does not make up for announcing it.
        Announcing 5 and answering in 7 costs 0.74 against the promise kept.
        """
        return predict_pairs(self.table, self.coefficients, self.by, self.lower_is_better, promised, delivered,
                             segment)

    def plot(self, kind: None = None, ax=None):
        """Expected satisfaction and the share of promises kept against the promise, the optimum marked.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.promise_curve(self, ax=ax))
