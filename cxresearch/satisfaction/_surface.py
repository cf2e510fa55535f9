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
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch._core.moments import product_column
from cxresearch.satisfaction._results import weights_setting
from cxresearch._core.sums import Sums, constant_columns, contrasts, f_test, t_table, wls

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


def raw_columns(outcome: str, e: str, x: str) -> list[str]:
    """The columns whose sums the surface needs: outcome, E, X and the three products (as in a Moments object)."""
    return [outcome, e, x, product_column(e, e), product_column(e, x), product_column(x, x)]


def _centred(s: Sums, centre: float) -> Sums:
    """The sums of (S, E - c, X - c, (E - c)^2, (E - c)(X - c), (X - c)^2): an affine map of the raw columns."""
    c = centre
    T = np.eye(6)
    T[1, 3], T[1, 4] = -2 * c, -c  # E enters (E - c)^2 and (E - c)(X - c)
    T[2, 4], T[2, 5] = -c, -2 * c  # X enters (E - c)(X - c) and (X - c)^2
    offset = np.array([0, -c, -c, c * c, c * c, c * c])
    return s.linear(T, offset, ["S", *TERMS[1:]])


def full_rank(s: Sums) -> bool:
    """Are E, X and their squares and product linearly independent in the rows used (from the sums)?"""
    q = _centred(s, float(s.mean[1:3].mean())).take(TERMS[1:])
    if constant_columns(q).any():
        return False
    return bool(np.linalg.eigvalsh(q.correlation()).min() > 1e-9 * 5)


def surface_from_sums(s: Sums, centre: float, confidence: float):
    """Fit the quadratic surface from the sums of :func:`raw_columns`; the fit and the three tables.

    The same numbers as the statsmodels path for unweighted rows; with weights, WLS with
    intervals and tests on Kish's effective sample size (see :mod:`._sums`).
    """
    q = _centred(s, centre)
    fit = wls(q, "S", TERMS[1:])
    coef = pd.DataFrame({"term": TERMS, "meaning": [MEANING[t] for t in TERMS],
                         **_renamed(t_table(fit.params, np.sqrt(np.diag(fit.cov)), fit.df_resid, confidence))})
    surf = pd.DataFrame({"term": list(SURFACE), "meaning": [MEANING[t] for t in SURFACE],
                         **_renamed(contrasts(fit, np.array(list(SURFACE.values()), dtype=float), confidence))})
    table = pd.concat([coef, surf], ignore_index=True)
    T = np.array([[1, 0], [0, 1], [0, -1], [0, 0], [0, 0], [0, 0]], dtype=float)  # (S, E - X) from the raw columns
    gap = wls(s.linear(T, np.zeros(2), ["S", "gap"]), "S", ["gap"])
    plane = wls(q, "S", TERMS[1:3])
    restricted_r2 = {"difference score": gap.r2, "plane": plane.r2}
    rows = []
    for name, (R, meaning) in TESTS.items():
        F, df_num, df_denom, p = f_test(fit, np.array(R, dtype=float))
        rows.append({"test": name, "restriction": meaning, "F": F, "df_num": df_num, "df_denom": _df(df_denom),
                     "p_value": p, "r2_restricted": restricted_r2[name], "r2_full": fit.r2})
    g = t_table(gap.params, np.sqrt(np.diag(gap.cov)), gap.df_resid, confidence)
    difference = {"intercept": float(gap.params[0]), "slope": float(gap.params[1]),
                  "slope_ci_low": float(g["ci_low"][1]), "slope_ci_high": float(g["ci_high"][1]), "r2": float(gap.r2)}
    return fit, table, pd.DataFrame(rows), difference


def _renamed(t: dict) -> dict:
    return {"estimate": t["estimate"], "se": t["se"], "t": t["t"], "p_value": t["p_value"], "ci_low": t["ci_low"],
            "ci_high": t["ci_high"]}


def _df(df: float):
    """Degrees of freedom as a whole number when they are one (always without weights)."""
    return int(round(df)) if abs(df - round(df)) < 1e-9 else round(float(df), 2)


def rows_model(y: np.ndarray, e: np.ndarray, x: np.ndarray, centre: float, w=None, groups=None):
    """The statsmodels fit on the rows: OLS, or WLS with weights; cluster-robust with cluster ids."""
    X = _design(e - centre, x - centre)
    model = sm.OLS(y, X) if w is None else sm.WLS(y, X, weights=w)
    return model.fit() if groups is None else model.fit(cov_type="cluster", cov_kwds={"groups": groups})


def fit_surface(y: np.ndarray, e: np.ndarray, x: np.ndarray, centre: float, confidence: float,
                groups: np.ndarray, w=None):
    """The cluster-robust surface on rows (statsmodels): the fit and the three tables."""
    alpha = 1 - confidence
    fit = rows_model(y, e, x, centre, w, groups)
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
    X1 = np.column_stack([np.ones_like(e), e - x])
    gap = (sm.OLS(y, X1) if w is None else sm.WLS(y, X1, weights=w)).fit(cov_type="cluster",
                                                                        cov_kwds={"groups": groups})
    Xp = _design(e - centre, x - centre)[:, :3]
    plane = (sm.OLS(y, Xp) if w is None else sm.WLS(y, Xp, weights=w)).fit()
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
    weights: str | None = None
    box: tuple | None = None  # ((E low, X low), (E high, X high)) when fitted from moments (no points)

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
                    f"; cluster-robust by {self.cluster} ({self.n_clusters:,} clusters)" if self.cluster else ""),
                **weights_setting(self.weights)}

    @property
    def extent(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((E low, X low), (E high, X high)): the observed range of the ratings (the plot's box)."""
        if self.points is not None:
            return tuple(self.points.min(axis=0)), tuple(self.points.max(axis=0))
        if self.box is not None and np.isfinite(np.asarray(self.box, float)).all():
            return self.box
        return (self.scale[0], self.scale[0]), (self.scale[1], self.scale[1])

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

    def plot(self, kind: str | None = None, ax=None):
        """The fitted surface over the observed ratings: ``kind="contour"`` or ``"surface"`` (3-D).

        The surface is drawn only over the range of experience and expectation seen in the
        data (a quadratic fit says nothing beyond it); the contour plot shows the observed
        points too.

        Parameters
        ----------
        kind : {"contour", "surface"}, optional
            Default (None): "contour".
        ax : matplotlib Axes, optional
            A 3-D Axes (``projection="3d"``) for ``kind="surface"``.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, "contour")
        return as_figure(plotting.response_surface(self, kind=kind, ax=ax))
