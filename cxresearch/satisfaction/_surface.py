"""Polynomial regression and response-surface analysis of satisfaction on experience and expectation.

``S = b0 + b1 E + b2 X + b3 E^2 + b4 E X + b5 X^2 + e`` with E (experience) and X
(expectation) centred at the same point. Along the line of congruence E = X the surface
has slope a1 = b1 + b2 and curvature a2 = b3 + b4 + b5; along the line of incongruence
E = -X, slope a3 = b1 - b2 and curvature a4 = b3 - b4 + b5 (Edwards & Parry 1993). Each
a_i and its standard error come from the fitted model as a linear contrast
(``statsmodels`` ``t_test``), so the covariance terms carry the right signs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm

from cxresearch import plotting
from cxresearch._core.results import Result, as_figure

TERMS = ["b0", "b1", "b2", "b3", "b4", "b5"]
MEANING = {
    "b0": "intercept (at E = X = centre)", "b1": "experience", "b2": "expectation",
    "b3": "experience^2", "b4": "experience x expectation", "b5": "expectation^2",
    "a1": "slope along E = X (b1 + b2)", "a2": "curvature along E = X (b3 + b4 + b5)",
    "a3": "slope along E = -X (b1 - b2)", "a4": "curvature along E = -X (b3 - b4 + b5)",
}
SURFACE = {  # contrast rows over (b0..b5)
    "a1": [0, 1, 1, 0, 0, 0],
    "a2": [0, 0, 0, 1, 1, 1],
    "a3": [0, 1, -1, 0, 0, 0],
    "a4": [0, 0, 0, 1, -1, 1],
}
TESTS = {  # name -> (restriction rows, meaning)
    "difference score": ([[0, 1, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1]],
                         "S = c + d (E - X): b1 = -b2, b3 = b4 = b5 = 0"),
    "plane": ([[0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1]],
              "no curvature: b3 = b4 = b5 = 0"),
}


def _design(e: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones_like(e), e, x, e * e, e * x, x * x])


def _fit(y: np.ndarray, X: np.ndarray, groups: np.ndarray | None):
    """OLS with the classical or, given cluster ids, the cluster-robust covariance."""
    if groups is None:
        return sm.OLS(y, X).fit()
    return sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": groups})


def fit_surface(y: np.ndarray, e: np.ndarray, x: np.ndarray, centre: float, confidence: float,
                groups: np.ndarray | None = None):
    """Fit the quadratic surface; return the statsmodels fit, coefficient and test tables."""
    alpha = 1 - confidence
    fit = _fit(y, _design(e - centre, x - centre), groups)
    ci = fit.conf_int(alpha)
    coef = pd.DataFrame({"term": TERMS, "meaning": [MEANING[t] for t in TERMS], "estimate": fit.params,
                         "se": fit.bse, "t": fit.tvalues, "p_value": fit.pvalues,
                         "ci_low": ci[:, 0], "ci_high": ci[:, 1]})
    contrast = fit.t_test(np.array(list(SURFACE.values()), dtype=float))
    cci = contrast.conf_int(alpha)
    surf = pd.DataFrame({"term": list(SURFACE), "meaning": [MEANING[t] for t in SURFACE],
                         "estimate": np.ravel(contrast.effect), "se": np.ravel(contrast.sd),
                         "t": np.ravel(contrast.tvalue), "p_value": np.ravel(contrast.pvalue),
                         "ci_low": cci[:, 0], "ci_high": cci[:, 1]})
    table = pd.concat([coef, surf], ignore_index=True)

    gap = _fit(y, np.column_stack([np.ones_like(e), e - x]), groups)
    plane = sm.OLS(y, _design(e - centre, x - centre)[:, :3]).fit()
    restricted_r2 = {"difference score": gap.rsquared, "plane": plane.rsquared}
    rows = []
    for name, (R, meaning) in TESTS.items():
        ft = fit.f_test(np.array(R, dtype=float))
        rows.append({"test": name, "restriction": meaning, "F": float(np.squeeze(ft.fvalue)),
                     "df_num": int(round(ft.df_num)), "df_denom": int(round(ft.df_denom)),
                     "p_value": float(ft.pvalue),
                     "r2_restricted": restricted_r2[name], "r2_full": fit.rsquared})
    tests = pd.DataFrame(rows)
    gci = gap.conf_int(alpha)
    difference = {"intercept": float(gap.params[0]), "slope": float(gap.params[1]),
                  "slope_ci_low": float(gci[1, 0]), "slope_ci_high": float(gci[1, 1]), "r2": float(gap.rsquared)}
    return fit, table, tests, difference


def stationary(b: np.ndarray, centre: float) -> dict[str, float | str]:
    """Stationary point, principal axes (Edwards 2002) and the shape of the surface, in scale units.

    The first principal axis is ``X = p10 + p11 E``; for a dome it is the ridge line, for
    a bowl the valley. A (near-)zero determinant means the surface is close to a ridge,
    valley or plane and has no finite stationary point (NaN).
    """
    _, b1, b2, b3, b4, b5 = b
    det = 4 * b3 * b5 - b4**2
    evals = np.linalg.eigvalsh(np.array([[b3, b4 / 2], [b4 / 2, b5]]))
    scale = max(abs(b3), abs(b4), abs(b5), 1e-300)
    if np.all(evals < -1e-8 * scale):
        shape = "dome (maximum)"
    elif np.all(evals > 1e-8 * scale):
        shape = "bowl (minimum)"
    elif evals[0] < -1e-8 * scale < 1e-8 * scale < evals[1]:
        shape = "saddle"
    else:
        shape = "ridge, valley or plane"
    if abs(det) < 1e-12 * scale**2:
        e0 = x0 = p11 = p10 = np.nan
    else:
        e0 = (b2 * b4 - 2 * b1 * b5) / det
        x0 = (b1 * b4 - 2 * b2 * b3) / det
        p11 = (b5 - b3 + np.sqrt((b3 - b5) ** 2 + b4**2)) / b4 if b4 != 0 else np.nan
        p10 = x0 - p11 * e0
    # back to the rating scale: X - c = p10 + p11 (E - c)
    return {"shape": shape, "experience": float(e0 + centre), "expectation": float(x0 + centre),
            "axis1_slope": float(p11), "axis1_intercept": float(p10 + centre - p11 * centre)}


@dataclass(frozen=True, kw_only=True, repr=False)
class SurfaceResult(Result):
    """Result of :func:`cxresearch.satisfaction.disconfirmation`.

    Attributes
    ----------
    table : DataFrame
        ``term`` (b0..b5, a1..a4), ``meaning``, ``estimate``, ``se``, ``t``, ``p_value``,
        ``ci_low``, ``ci_high``.
    tests : DataFrame
        F-tests of the restricted models against the full surface: ``test``,
        ``restriction``, ``F``, ``df_num``, ``df_denom``, ``p_value``, ``r2_restricted``,
        ``r2_full``.
    difference : dict
        The difference-score model S = intercept + slope (E - X) fitted on its own.
    stationary : dict
        ``shape``, stationary point (``experience``, ``expectation``) and first principal
        axis (``axis1_slope``, ``axis1_intercept``) on the rating scale.

    See Also
    --------
    cxresearch.satisfaction.disconfirmation : makes this result.
    """

    tests: pd.DataFrame
    difference: dict
    stationary: dict
    r2: float
    centre: float
    alpha: float
    confidence: float
    names: tuple[str, str, str]  # outcome, experience, expectation
    scale: tuple[float, float]
    model: object = field(default=None, compare=False)
    points: np.ndarray = field(default=None, compare=False, repr=False)  # (n, 2) E, X of the rows used
    cluster: str | None = None
    n_clusters: int = 0

    _title = "Response-surface analysis: is satisfaction = experience - expectation?"
    _summary_columns = ("term", "estimate", "se", "t", "p_value", "ci_low", "ci_high")
    _long_tables = ("tests",)

    @property
    def verdict(self) -> str:
        """The answer in one line: is the difference-score model rejected, with its F-test and both R2."""
        t = self.tests.set_index("test").loc["difference score"]
        held = t["p_value"] >= self.alpha
        return (f"difference-score model {'not rejected' if held else 'rejected'}: "
                f"F({t['df_num']}, {t['df_denom']}) = {t['F']:.2f}, p = {t['p_value']:.3g}; "
                f"R2 {t['r2_restricted']:.3f} (E - X) vs {t['r2_full']:.3f} (full surface)")

    def _settings(self) -> dict[str, str]:
        out, e, x = self.names
        st = self.stationary
        where = ""
        if np.isfinite(st["experience"]):
            inside = all(self.scale[0] <= st[k] <= self.scale[1] for k in ("experience", "expectation"))
            where = (f"; stationary point E = {st['experience']:.2f}, X = {st['expectation']:.2f} "
                     f"({'inside' if inside else 'outside'} the scale {self.scale[0]:g}-{self.scale[1]:g})")
        return {"model": f"{out} ~ E + X + E^2 + E X + X^2, E = {e}, X = {x}, both centred at {self.centre:g}",
                "verdict": self.verdict,
                "surface": f"{st['shape']}{where}",
                "intervals": f"t, {self.confidence:.0%}" + (
                    f"; cluster-robust by {self.cluster} ({self.n_clusters:,} clusters)" if self.cluster else "")}

    def predict(self, experience, expectation) -> np.ndarray:
        """The fitted surface at the given ratings.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> import cxresearch as cx
        >>> rng = np.random.default_rng(0)
        >>> e, x = rng.uniform(1, 5, 500), rng.uniform(1, 5, 500)
        >>> df = pd.DataFrame({"e": e, "x": x, "s": 5 + 2 * (e - x) + rng.normal(0, 0.1, 500)})
        >>> res = cx.satisfaction.disconfirmation(df, "s", "e", "x", scale=(1, 5))
        >>> res.predict([4, 2], [2, 4]).round(1)  # 5 + 2 * (4 - 2), 5 + 2 * (2 - 4)
        array([9., 1.])
        """
        b = self.table.set_index("term").loc[TERMS, "estimate"].to_numpy()
        e = np.asarray(experience, float) - self.centre
        x = np.asarray(expectation, float) - self.centre
        return b[0] + b[1] * e + b[2] * x + b[3] * e * e + b[4] * e * x + b[5] * x * x

    def plot(self, kind: str = "contour", ax=None):
        """The fitted surface over the observed ratings: ``kind="contour"`` or ``"surface"`` (3-D).

        The surface is drawn only over the range of experience and expectation seen in the
        data (a quadratic fit says nothing beyond it); the contour plot shows the observed
        points too.

        Parameters
        ----------
        kind : {"contour", "surface"}
        ax : matplotlib Axes, optional
            A 3-D Axes (``projection="3d"``) for ``kind="surface"``.

        Returns
        -------
        matplotlib.figure.Figure
        """
        return as_figure(plotting.response_surface(self, kind=kind, ax=ax))
