"""Result objects of :func:`tolerance` and :func:`promise`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxresearch import plotting
from cxresearch._core.checks import check_argument
from cxresearch._core.results import Result, as_figure, plot_args


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

    def plot(self, kind: None = None, ax=None):
        """Expected satisfaction and the share of promises kept against the promise, the optimum marked.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.promise_curve(self, ax=ax))
