"""Why does mean satisfaction differ between two groups? A Blinder-Oaxaca decomposition of the gap model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxresearch import plotting
from cxresearch._core.accounting import RowAccount
from cxresearch._core.bootstrap import check_resamples
from cxresearch._core.checks import arg_error, as_generator, check_confidence
from cxresearch._core.progress import check_progress, progress_bar
from cxresearch._core.references import cite
from cxresearch._core.results import Result, as_figure, plot_args
from cxresearch._core.rating_spec import attribute_list
from cxresearch._core.ratings import rating_spec, read_groups
from cxresearch.satisfaction._results import weights_setting
from cxresearch._core.params import Anything, Frame, Name, Names, Pair, declared

__all__ = ["DecompositionResult", "decompose"]

BLOCK_ROWS = 50_000  # above this many rows in a group, the bootstrap resamples random blocks of rows
BLOCKS = 1_000
_PARTS = ("difference", "experience", "expectation", "explained", "coefficients", "intercept")


@dataclass(frozen=True, kw_only=True, repr=False)
class DecompositionResult(Result):
    """Result of :func:`cxresearch.satisfaction.decompose`.

    ``table``: one row per term (intercept, then each touchpoint's experience and
    expectation); ``parts``: the totals (difference, experience, expectation, explained,
    coefficients, of which intercept) with bootstrap standard errors and intervals.

    See Also
    --------
    cxresearch.satisfaction.decompose : makes this result.
    """

    parts: pd.DataFrame
    groups: tuple
    reference: str
    confidence: float = 0.95
    n_boot: int = 0
    weights: str | None = None
    blocks: int = 0

    _title = "Blinder-Oaxaca decomposition of a difference in mean satisfaction"
    _summary_columns = ("touchpoint", "role", "mean_a", "mean_b", "coef_ref", "explained", "explained_se",
                        "coefficients", "coefficients_se")
    _long_tables = ("parts",)
    _table_sheet = "contributions"
    _method = ("Blinder-Oaxaca decomposition: the difference in mean satisfaction between two groups split into "
               "a part explained by different experiences and expectations and a part from different "
               "coefficients, per touchpoint, with bootstrap standard errors and intervals.")
    _references = cite("Blinder 1973", "Oaxaca 1973")

    def _settings(self) -> dict[str, str]:
        a, b = self.groups
        boot = f"bootstrap within groups, {self.n_boot} resamples, {self.confidence:.0%} percentile intervals"
        if self.blocks:
            boot += f" (a group of over {BLOCK_ROWS:,} rows resamples {self.blocks:,} random blocks of its rows)"
        out = {"difference": f"{a!r} - {b!r}", "reference coefficients": self.reference,
               "standard errors": boot if self.n_boot else "none (n_boot=0)"}
        return {**out, **weights_setting(self.weights)}

    def plot(self, kind: None = None, ax=None):
        """Per touchpoint, the parts explained by experience, by expectation, and by coefficients.

        Returns
        -------
        matplotlib.figure.Figure
        """
        kind, ax = plot_args(kind, ax, None)
        return as_figure(plotting.decomposition(self, ax=ax))


@declared(data=Frame(), outcome=Name(), group=Name(), experience=Names(single=False),
          expectation=Names(single=False),
          groups=[None, Anything("a pair of values of the group column, read here")],
          reference=Anything("None or a value of the group column, read here"), scale=[None, Pair()],
          missing_codes=Anything("read by the code reader"))
def decompose(
    data: pd.DataFrame,
    outcome: str,
    *,
    group: str,
    experience: list[str],
    expectation: list[str],
    groups: tuple[Any, Any] | None = None,
    reference: Any = None,
    weights: str | None = None,
    confidence: float = 0.95,
    n_boot: int = 500,
    random_state=None,
    scale: tuple[float, float] | None = None,
    outcome_scale: tuple[float, float] | None = None,
    missing_codes=None,
    progress: bool = True,
) -> DecompositionResult:
    """Split a difference in mean satisfaction into experience, expectation and coefficient parts.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer: the outcome, the ``group`` column and, per touchpoint, an
        experience and an expectation rating.
    outcome : str
        Overall satisfaction.
    group : str
        The column with the two groups compared (segments, branches, or two waves).
    experience, expectation : list of str
        The experience and the expectation columns, in the same touchpoint order.
    groups : (a, b), optional
        Which value is ``a`` and which ``b``: the difference is mean(a) - mean(b) (default:
        the two values in sorted order). For two waves pass ``(later, earlier)``.
    reference : None or a group value
        The coefficients that price the differences in experience and expectation: None
        pools both groups (Neumark 1988: one regression on both groups, without a group
        indicator; Jann 2008 discusses adding one); a group value uses that group's (Oaxaca
        1973, Blinder 1973).
    weights : str, optional
        Survey (sampling) weights: weighted means and WLS coefficients; integer weights give
        the estimates of replicated rows.
    confidence, n_boot, random_state
        Percentile intervals and standard errors (standard deviation of the resamples) from
        ``n_boot`` resamples of customers drawn within each group (0: none). A group of
        more than 50,000 customers is split into 1,000 random blocks and blocks are
        resampled (the same sampling variance, at the cost of 1,000 rows per resample).
        ``n_boot`` below ``ceil(2 / (1 - confidence))`` (40 at 95%: one resample per tail)
        is refused, below ``ceil(10 / (1 - confidence))`` (200 at 95%) warned.
    scale, outcome_scale, missing_codes
        As in :func:`drivers`: the declared scales of the ratings and of the outcome (values
        outside are refused; undeclared, values that look like codes are named in a
        warning); answers meaning "not applicable".
    progress : bool
        A progress bar over the resamples (shown after a second).

    Returns
    -------
    DecompositionResult
        ``table``: ``touchpoint``, ``role`` ("intercept", "experience", "expectation"),
        ``column``, ``mean_a``, ``mean_b``, ``coef_a``, ``coef_b``, ``coef_ref``,
        ``explained`` = (mean_a - mean_b) x coef_ref, ``coefficients`` = mean_a (coef_a -
        coef_ref) + mean_b (coef_ref - coef_b), each with ``_se``, ``_ci_low``,
        ``_ci_high``. ``parts``: ``part``, ``estimate``, ``se``, ``ci_low``, ``ci_high``.

    See Also
    --------
    disconfirmation : whether satisfaction really is experience - expectation.
    gap_analysis : the gaps themselves, per attribute.
    drivers : which ratings move satisfaction within one group.

    Notes
    -----
    In each group satisfaction is regressed on every touchpoint's experience and
    expectation (with an intercept; WLS with weights): y = x'b_g. Then, with the mean
    vectors m_a, m_b and reference coefficients b*,
    mean(y_a) - mean(y_b) = (m_a - m_b)'b* + [m_a'(b_a - b*) + m_b'(b* - b_b)]: the part
    explained by different experience and expectation, and the part from different
    coefficients (how each group turns them into satisfaction; it includes the difference
    in intercepts). Both sides are exact, so the parts add up to the observed difference.
    The explained part of a touchpoint is split into its experience and its expectation
    term: when satisfaction falls with no operational change, a large expectation part
    says the expectation rose.

    References
    ----------
    Blinder, A. S. (1973). Wage discrimination: reduced form and structural estimates.
    Journal of Human Resources 8, 436-455.

    Oaxaca, R. (1973). Male-female wage differentials in urban labor markets.
    International Economic Review 14, 693-709.

    Neumark, D. (1988). Employers' discriminatory behavior and the estimation of wage
    discrimination. Journal of Human Resources 23, 279-295.

    Jann, B. (2008). The Blinder-Oaxaca decomposition for linear regression models. The
    Stata Journal 8(4), 453-479.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> tp = ["short_waiting_time", "staff_courtesy", "fee_waivers"]
    >>> res = cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"),
    ...                                 experience=[f"{t}_experience" for t in tp],
    ...                                 expectation=[f"{t}_expectation" for t in tp], n_boot=0)
    >>> p = res.parts.set_index("part")["estimate"]
    >>> print(f"{p['difference']:.4f} = {p['explained'] + p['coefficients']:.4f}")
    0.1839 = 0.1839
    >>> print(res.rows)
    2,000 respondents in, 1,702 used (298 segment neither 'gold' nor 'ordinary')
    """
    experience, expectation = attribute_list(experience, "experience"), attribute_list(expectation, "expectation")
    if len(experience) != len(expectation):
        raise arg_error("expectation", f"one column per experience column ({len(experience)})", expectation)
    check_confidence(confidence)
    n_boot = check_resamples(n_boot, confidence)
    check_progress(progress)
    data, others = _only_compared(data, group, groups)
    given = read_groups(data, rating_spec(
        outcome, [*experience, *expectation], by=group, scale=scale, outcome_scale=outcome_scale,
        missing_codes=missing_codes, weights=weights, thin=False, model="decompose",
        rows="fits each group's regression to its rows and resamples customers"))
    found, rows = {g.key[0]: g.data for g in given.groups}, given.rows
    a, b = _pick_groups(groups, list(found), group)
    rows = _account(rows, found, (a, b), group, others)
    if reference is not None and reference not in (a, b):
        raise arg_error("reference", f"None (pooled) or one of the groups {a!r}, {b!r}", reference)
    sides = [_design(found[a]), _design(found[b])]
    est = _estimates([_normal(*side) for side in sides], reference, (a, b))
    draws, blocked = None, False
    if n_boot:
        rng = as_generator(random_state)
        blocked = any(len(side[1]) > BLOCK_ROWS for side in sides)
        resample = _resampler(sides, rng)
        draws = [_estimates(resample(), reference, (a, b))
                 for _ in progress_bar(range(n_boot), total=n_boot, desc="decompose bootstrap", enabled=progress)]
    names = [_touchpoint(e, x) for e, x in zip(experience, expectation)]
    table, parts = _tables(est, draws, names, experience, expectation, confidence)
    ref = "pooled (Neumark 1988)" if reference is None else f"group {reference!r}"
    return DecompositionResult(table=table, parts=parts, rows=rows, groups=(a, b), reference=ref,
                               confidence=confidence, n_boot=n_boot, weights=weights,
                               blocks=BLOCKS if blocked else 0)


def _pick_groups(groups, present: list, column: str) -> tuple:
    if groups is None:
        if len(present) != 2:
            raise arg_error("group", "a column with exactly two groups (or pass `groups=(a, b)`)", column,
                            got=f"{len(present)} groups in {column!r}: {present[:6]}")
        return tuple(sorted(present, key=str))
    if not isinstance(groups, (tuple, list)) or len(groups) != 2 or any(g not in present for g in groups):
        raise arg_error("groups", f"two of the values of {column!r}: {present[:6]}", groups)
    return tuple(groups)


def _only_compared(data, column, groups) -> tuple[pd.DataFrame, int]:
    """With ``groups`` named, the other groups' rows get a missing group (so a small group not compared
    cannot stop the fit; row positions in messages stay the user's); how many there were."""
    if groups is None or not isinstance(data, pd.DataFrame) or column not in data.columns:
        return data, 0
    if not isinstance(groups, (tuple, list)) or len(groups) != 2:
        return data, 0  # refused with the message of _pick_groups
    other = ~data[column].isin(list(groups)) & data[column].notna()
    if not other.any() or not data[column].isin(list(groups)).any():
        return data, 0
    return data.assign(**{column: data[column].where(~other)}), int(other.sum())


def _account(rows: RowAccount, found: dict, compared: tuple, column: str, others: int = 0) -> RowAccount:
    """The row accounting with the rows of the groups not compared counted as left out."""
    other = sum(len(d.y) for key, d in found.items() if key not in compared)
    excluded = dict(rows.excluded)
    if others:  # made missing by _only_compared: not "missing" but not compared
        missing = f"{column} missing"
        excluded[missing] -= others
        if not excluded[missing]:
            del excluded[missing]
    if not other + others:
        return rows
    why = f"{column} neither {compared[0]!r} nor {compared[1]!r}"
    excluded[why] = other + others
    return RowAccount(rows.n_in, rows.n_used - other, excluded, unit=rows.unit, recoded=rows.recoded)


def _design(d) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X with a leading 1, y, weights) of one group's rows used."""
    w = np.ones(len(d.y)) if d.w is None else d.w
    return np.column_stack([np.ones(len(d.y)), d.X]), d.y, w


def _resampler(sides, rng: np.random.Generator):
    """Resamples of customers within each group, as the groups' normal equations.

    A group of up to BLOCK_ROWS rows is resampled row by row (frequency weights: how often
    each row was drawn). A larger group falls into BLOCKS random blocks of rows whose normal
    equations are sums over i.i.d. rows, so resampling blocks with replacement estimates the
    same sampling variance at the cost of BLOCKS rows per resample.
    """
    draws = [_block_draw(side, rng) if len(side[1]) > BLOCK_ROWS else _row_draw(side, rng) for side in sides]
    return lambda: [draw() for draw in draws]


def _row_draw(side, rng: np.random.Generator):
    X, y, w = side
    return lambda: _normal(X, y, w * np.bincount(rng.integers(0, len(y), len(y)), minlength=len(y)))


def _block_draw(side, rng: np.random.Generator):
    X, y, w = side
    order = rng.permutation(len(y))  # random blocks of equal size
    edges = np.linspace(0, len(y), BLOCKS + 1).astype(np.int64)
    parts = [_normal(X[order[lo:hi]], y[order[lo:hi]], w[order[lo:hi]]) for lo, hi in zip(edges[:-1], edges[1:])]
    A, c = np.stack([p[0] for p in parts]), np.stack([p[1] for p in parts])

    def draw():
        counts = np.bincount(rng.integers(0, BLOCKS, BLOCKS), minlength=BLOCKS).astype(float)
        return np.tensordot(counts, A, axes=1), counts @ c
    return draw


def _normal(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The weighted normal equations X'WX, X'Wy (X's first column is the constant)."""
    Xw = X * w[:, None]
    return Xw.T @ X, Xw.T @ y


def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(A, b, rcond=None)[0]  # the minimum-norm solution if a resample is singular


def _estimates(sums, reference, labels) -> dict[str, np.ndarray]:
    """The decomposition from each group's normal equations (their first row holds the sums and means)."""
    (Aa, ca), (Ab, cb) = sums
    ma, mb = Aa[0] / Aa[0, 0], Ab[0] / Ab[0, 0]
    ba, bb = _solve(Aa, ca), _solve(Ab, cb)
    if reference is None:
        ref = _solve(Aa + Ab, ca + cb)
    else:
        ref = ba if reference == labels[0] else bb
    return {"mean_a": ma, "mean_b": mb, "coef_a": ba, "coef_b": bb, "coef_ref": ref,
            "explained": (ma - mb) * ref, "coefficients": ma * (ba - ref) + mb * (ref - bb),
            "difference": np.array([ca[0] / Aa[0, 0] - cb[0] / Ab[0, 0]])}


def _touchpoint(experience: str, expectation: str) -> str:
    """The shared stem of a touchpoint's two column names ("fees_experience" -> "fees")."""
    for suffix in ("_experience", "_exp", "_perceived", "_p"):
        if str(experience).endswith(suffix):
            return str(experience)[: -len(suffix)]
    return str(experience)


def _tables(est, draws, names, experience, expectation, confidence):
    k = len(names)
    table = pd.DataFrame({"touchpoint": ["(intercept)", *names, *names],
                          "role": ["intercept", *["experience"] * k, *["expectation"] * k],
                          "column": ["", *experience, *expectation]})
    for key in ("mean_a", "mean_b", "coef_a", "coef_b", "coef_ref", "explained", "coefficients"):
        table[key] = est[key]
    e, c = est["explained"], est["coefficients"]
    totals = {"difference": est["difference"][0], "experience": e[1:k + 1].sum(), "expectation": e[k + 1:].sum(),
              "explained": e.sum(), "coefficients": c.sum(), "intercept": c[0]}
    parts = pd.DataFrame({"part": list(_PARTS), "estimate": [totals[p] for p in _PARTS]})
    tail = 50 * (1 - confidence)
    for key in ("explained", "coefficients"):
        values = np.array([d[key] for d in draws]) if draws else np.full((1, len(table)), np.nan)
        table[f"{key}_se"] = values.std(axis=0, ddof=1) if draws else np.nan
        table[f"{key}_ci_low"], table[f"{key}_ci_high"] = _percentiles(values, tail, draws)
    if draws:
        sums = np.array([[d["difference"][0], d["explained"][1:k + 1].sum(), d["explained"][k + 1:].sum(),
                          d["explained"].sum(), d["coefficients"].sum(), d["coefficients"][0]] for d in draws])
    else:
        sums = np.full((1, len(_PARTS)), np.nan)
    parts["se"] = sums.std(axis=0, ddof=1) if draws else np.nan
    parts["ci_low"], parts["ci_high"] = _percentiles(sums, tail, draws)
    return table, parts


def _percentiles(values: np.ndarray, tail: float, draws) -> tuple[np.ndarray, np.ndarray]:
    if not draws:
        return np.full(values.shape[1], np.nan), np.full(values.shape[1], np.nan)
    return np.percentile(values, tail, axis=0), np.percentile(values, 100 - tail, axis=0)
