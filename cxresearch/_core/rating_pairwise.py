"""``missing="pairwise"``: correlations from pairwise-complete rows, with the n of every pair.

Listwise deletion leaves out a respondent who skipped one rating; with many optional items
it can leave out most of the sample. Pairwise deletion computes each correlation from the
rows that answered both of its columns (as ``pandas.DataFrame.corr`` does, and SPSS's
"exclude cases pairwise"), with that pair's own (weighted) means and standard deviations.
The correlations then rest on different rows: the matrix need not be positive definite, in
which case R2 and the weights are not defined and the group is refused with the smallest
eigenvalue named.

A row is used when it holds at least two answers of the outcome and the attributes (a
correlation needs both of its columns); rows with fewer are left out and counted. Every
model that reads this group's correlations takes its effective sample size as the smallest
pairwise n (Kish's effective n of that pair under weights): the intervals are those of the
thinnest correlation, conservative for the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxresearch._core.accounting import RowAccount
from cxresearch._core.outcomes import refuse_outcome
from cxresearch._core.sums import Sums
from cxresearch.errors import CXInputError

__all__ = ["PairwiseSums", "pairwise_complete", "pairwise_correlation", "pairwise_usable"]

FEW_ANSWERS = "fewer than two ratings answered (pairwise)"


@dataclass(frozen=True)
class PairwiseSums(Sums):
    """:class:`~cxresearch._core.sums.Sums` whose correlations come from pairwise-complete rows.

    ``pair_n`` (p, p) the rows behind each correlation, ``pair_n_eff`` their Kish effective
    sizes (= ``pair_n`` without weights), ``pairwise`` the correlation matrix. ``n_eff`` is
    the smallest pairwise effective size.
    """

    pair_n: np.ndarray | None = None
    pair_n_eff: np.ndarray | None = None
    pairwise: np.ndarray | None = None

    @property
    def n_eff(self) -> float:
        """The smallest pairwise effective sample size."""
        return float(self.pair_n_eff.min())

    def correlation(self) -> np.ndarray:
        """The pairwise correlation matrix."""
        return self.pairwise


def pairwise_usable(V: np.ndarray, w: np.ndarray | None) -> tuple[np.ndarray, dict]:
    """Rows with at least two answers (and a nonzero weight), and why the others are left out."""
    answers = (~np.isnan(V)).sum(axis=1)
    used = answers >= 2
    excluded = {FEW_ANSWERS: int((~used).sum())} if (~used).any() else {}
    if w is not None:
        zero = used & (w == 0)
        if zero.any():
            excluded["weight zero"] = int(zero.sum())
        used &= ~zero
    return used, excluded


def pairwise_correlation(V: np.ndarray, w: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Correlations, row counts and Kish effective sizes of every pair of columns of ``V`` (NaN = missing).

    Each pair's weighted means, variances and covariance come from the rows where both are
    present: ``r = sum w (a - a_bar)(b - b_bar) / sqrt(sum w (a - a_bar)^2 sum w (b - b_bar)^2)``.
    """
    present = ~np.isnan(V)
    M = present.astype(float)
    ww = np.ones(len(V)) if w is None else w
    X = np.where(present, V - np.nanmean(V, axis=0), 0.0)  # shifted: the products stay well scaled
    Wm = M * ww[:, None]
    n = M.T @ M
    sw = Wm.T @ M  # sum w over rows with both
    sw2 = (Wm * ww[:, None]).T @ M
    sa = (Wm * X).T @ M  # sum w a over rows with both (row: a, column: b)
    saa = (Wm * X * X).T @ M
    sab = (Wm * X).T @ X
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sab - sa * sa.T / sw
        va = saa - sa**2 / sw
        R = cov / np.sqrt(va * va.T)
        n_eff = sw**2 / sw2
    np.fill_diagonal(R, 1.0)
    return np.clip(R, -1.0, 1.0), n, n_eff


def pairwise_complete(V, w, outcome, attributes, min_extra_rows, check_collinear, parameters=None, thin=False):
    """The pairwise counterpart of listwise deletion in one group (same return as ``rating_rows._complete``)."""
    names = [outcome, *attributes]
    used, excluded = pairwise_usable(V, w)
    V, w = V[used], None if w is None else w[used]
    R, n, n_eff = pairwise_correlation(V, w)
    k = len(attributes)
    parameters = k + 1 if parameters is None else parameters
    need = parameters + 2 if thin else k + min_extra_rows  # the listwise rules (thin_reason, check_complete)
    if n.min() < need:
        i, j = np.unravel_index(np.argmin(n), n.shape)
        raise CXInputError(f"Only {int(n.min())} row(s) answered both {names[i]!r} and {names[j]!r}: a correlation "
                           f"for a regression on {k} attribute(s) needs at least {need}. Use "
                           "missing='listwise', or leave out the column answered least.")
    flat = [c for j, c in enumerate(names) if np.nanmin(V[:, j]) == np.nanmax(V[:, j])]
    if outcome in flat:
        refuse_outcome(outcome, (float(np.nanmin(V[:, 0])),), n_used=int((~np.isnan(V[:, 0])).sum()))
    undefined = np.argwhere(np.isnan(R))
    if flat or len(undefined):
        pairs = flat or sorted({f"{names[a]!r} with {names[b]!r}" for a, b in undefined if a < b})
        raise CXInputError(f"Ratings constant where answered, so their pairwise correlations are undefined: "
                           f"{', '.join(map(str, pairs))}. Drop the column from `attributes`.")
    smallest = float(np.linalg.eigvalsh(R).min())
    if smallest <= 1e-10:
        raise CXInputError(
            f"The pairwise correlation matrix of {outcome!r} and the attributes is not positive definite (smallest "
            f"eigenvalue {smallest:.3g}): its correlations come from different rows and do not fit together (or "
            "attributes are collinear), so R2 and the weights are not defined. Use missing='listwise', or leave "
            "out the attributes answered least.")
    rows = RowAccount(len(used), int(used.sum()), excluded, unit="respondents")
    sums = PairwiseSums(tuple(names), int(used.sum()), float(len(V) if w is None else w.sum()),
                        float(len(V) if w is None else w @ w), np.nanmean(V, axis=0) if w is None else
                        _weighted_means(V, w), R.copy(), w is not None, pair_n=n.astype(int),
                        pair_n_eff=n_eff, pairwise=R)
    return V, rows, used, w, sums


def _weighted_means(V: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted mean of each column over its answered rows."""
    present = ~np.isnan(V)
    return np.where(present, V, 0.0).T @ w / (present.T @ w)
