"""The importance-performance grid (Martilla & James 1977) on the weights of :func:`drivers`."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import pandas as pd

from cxresearch._core.checks import arg_error, check_argument
from cxresearch._core.params import Keyed, Name, Names, Options, Pair, Frame, declared
from cxresearch.satisfaction._drivers import drivers
from cxresearch.satisfaction._results import QUADRANT_NAMES, IPAResult

__all__ = ["importance_performance"]


@declared(data=Frame(moments=True), outcome=Name(), attributes=Names(),
          method=Options("relative_weights", "shapley", "ols"),
          cut=[Options("mean", "median"), Pair("(3, 0.1)", strict=False)],
          labels=[None, Keyed("a dict {attribute column: display name}")])
def importance_performance(
    data: pd.DataFrame,
    outcome: str,
    attributes: list[str],
    *,
    method: str = "relative_weights",
    cut: str | tuple[float, float] = "mean",
    labels: dict[str, str] | None = None,
    **kwargs,
) -> IPAResult:
    """The importance-performance grid: derived importance against mean performance.

    Parameters
    ----------
    data, outcome, attributes
        As in :func:`drivers`.
    method : str
        Importance measure, see :func:`drivers` (``pct_r2`` is plotted for the
        decompositions, ``|beta|`` for ``"ols"``).
    cut : {"mean", "median"} or (performance, importance)
        Where the quadrant lines sit: the mean (or median) of the attributes' performance
        and importance (Martilla & James 1977 used the means), or fixed values such as the
        scale midpoint.
    labels : dict, optional
        Display names for the attributes (e.g. without a ``_experience`` suffix), keyed by
        attribute column; a key that is not one of ``attributes`` raises (a typo would
        otherwise leave the name unchanged without a word).
    **kwargs
        Passed to :func:`drivers`: ``scale``, ``outcome_scale``, ``missing``,
        ``missing_codes`` (answers meaning "not applicable", turned missing first),
        ``family`` (None refuses a binary outcome; ``"linear"`` opts in; ``"logit"`` ranks by
        the logistic weights of a yes/no outcome), ``weights``
        (survey weights: weighted performance means and importance), ``n_boot``,
        ``progress`` ... ``data`` may be a :class:`Moments` object, as in :func:`drivers`.

    Returns
    -------
    IPAResult
        ``result.table``: ``attribute``, ``performance`` (mean rating in the rows used),
        ``importance``, ``quadrant`` ("concentrate here", "keep up the good work", "low
        priority", "possible overkill"); ``result.drivers`` holds the importance model.

    See Also
    --------
    drivers : the importance model behind the grid.
    penalty_reward : finds the basic factors a linear importance understates.
    gap_analysis : experience - expectation gaps weighted by stated importance.

    References
    ----------
    Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of
    Marketing 41(1), 77-79.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("service_ratings")
    >>> cols = [c for c in df.columns if c.endswith("_experience")]
    >>> names = {c: c.removesuffix("_experience") for c in cols}
    >>> ipa = cx.satisfaction.importance_performance(df, "overall", cols, labels=names)
    >>> ipa.table.round(2).head(4)
                  attribute  performance  importance               quadrant
    0    short_waiting_time         3.32       14.17  keep up the good work
    1  transaction_accuracy         3.80        7.26      possible overkill
    2          birthday_sms         3.42        5.52      possible overkill
    3      financial_advice         3.35       12.51  keep up the good work

    Basic factors (accuracy, the birthday SMS) look unimportant to a linear model because
    most customers rate them well; see :func:`penalty_reward`.
    """
    labels = _check_labels(labels, attributes)
    if "by" in kwargs:
        raise arg_error("by", "absent: importance_performance draws one grid", kwargs["by"],
                        "Call it once per segment (e.g. in a loop over data.groupby(...)), or use "
                        "drivers(..., by=...).")
    res = drivers(data, outcome, attributes, method=method, **kwargs)
    if res.table["mean"].isna().any():
        raise arg_error("attributes", "rating columns, each with a mean performance", attributes,
                        "A set (`sets=`) or a categorical driver has no mean rating to place on the grid; use "
                        "drivers(...) for their importance.")
    table = pd.DataFrame({"attribute": res.table["attribute"], "performance": res.table["mean"]})
    table["importance"] = res.table["weight"].abs() if method == "ols" else res.table["pct_r2"]
    if isinstance(cut, str):
        check_argument("cut", ["mean", "median"], cut)
        p_cut, i_cut = (getattr(table[c], cut)() for c in ("performance", "importance"))
        cut_name = cut
    else:
        try:
            p_cut, i_cut = (float(v) for v in cut)
        except (TypeError, ValueError):
            raise arg_error("cut", "'mean', 'median' or a pair (performance, importance)", cut) from None
        cut_name = "given values"
    table["quadrant"] = [QUADRANT_NAMES[(bool(i >= i_cut), bool(p >= p_cut))]
                         for p, i in zip(table["performance"], table["importance"])]
    if labels:
        table["attribute"] = table["attribute"].map(lambda a: labels.get(a, a))
    return IPAResult(table=table, rows=res.rows, performance_cut=float(p_cut), importance_cut=float(i_cut),
                     cut=cut_name, drivers=res)


def _check_labels(labels, attributes) -> dict:
    """``labels`` as a dict whose keys are all attribute columns (None -> {})."""
    if labels is None:
        return {}
    if not isinstance(labels, Mapping):
        raise arg_error("labels", "a dict {attribute column: display name}", labels)
    accepted = [attributes] if isinstance(attributes, str) else list(attributes)
    unknown = [k for k in labels if k not in accepted]
    if unknown:
        near = [m for k in unknown for m in difflib.get_close_matches(str(k), map(str, accepted), n=1)]
        hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
        raise arg_error("labels", "a dict keyed by attribute columns", labels,
                        f"Unknown key(s) {unknown}; accepted keys: {accepted}.{hint}")
    return dict(labels)
