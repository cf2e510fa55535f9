"""Seeded customers told a promise and given a delivery, with a known best promise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.checks import arg_error, as_generator, check_count, check_pair
from cxresearch.simulate._common import check_finite
from cxresearch._core.params import Anything, Integer, Keyed, Pair, Real, Text, declared

DISTRIBUTIONS = {  # name -> (scipy distribution from the parameters, default parameters)
    "exponential": (lambda q: stats.expon(scale=q["scale"]), {"scale": 4.0}),
    "lognormal": (lambda q: stats.lognorm(s=q["sigma"], scale=np.exp(q["mu"])), {"mu": 1.5, "sigma": 0.6}),
    "gamma": (lambda q: stats.gamma(q["shape"], scale=q["scale"]), {"shape": 2.0, "scale": 2.5}),
}


@declared()
def best_keep_rate(b_p: float, gain: float, loss: float, lower_is_better: bool = True) -> float:
    """The share of promises kept at the best promise, (s b_p + l) / (l - g); NaN when l <= g.

    Parameters
    ----------
    b_p, gain, loss : float
        The promise model's effect of the promise, of a delivery better than promised and
        of one worse than promised (as in :func:`promises`).
    lower_is_better : bool
        True for waits (s = 1), False for measures where more is better (s = -1).

    Returns
    -------
    float

    See Also
    --------
    promises : simulated customers with this optimum.
    cxresearch.expectation.promise : estimates it from data.

    Examples
    --------
    >>> from cxresearch.simulate import best_keep_rate
    >>> round(best_keep_rate(-0.2, 0.1, 0.6), 3)
    0.8
    """
    if not loss > gain:
        return float("nan")
    return ((b_p if lower_is_better else -b_p) + loss) / (loss - gain)


@declared(n=Integer(1), delivered=[Text(), Anything("an array of deliveries, read here")],
          delivered_params=[None, Keyed()], promised=[None, Pair("(2, 10)")], b0=Real(),
          noise=Real(0))
def promises(
    n: int,
    *,
    delivered: str | Any = "exponential",
    delivered_params: Mapping[str, float] | None = None,
    promised: tuple[float, float] | None = None,
    b0: float = 7.0,
    b_p: float = -0.2,
    gain: float = 0.1,
    loss: float = 0.6,
    noise: float = 1.0,
    lower_is_better: bool = True,
    random_state=None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Customers told a promise (a wait) and given a delivery, with satisfaction from a known model.

    ``satisfaction = b0 + b_p promised + gain max(promised - delivered, 0) - loss
    max(delivered - promised, 0) + noise e`` (for ``lower_is_better``; mirrored otherwise),
    not rounded. Promises are drawn uniformly and independently of the deliveries (an
    experiment with the announcement), so the deliveries do not depend on the promise.

    Parameters
    ----------
    n : int
        Customers.
    delivered : {"exponential", "lognormal", "gamma"} or array-like
        The distribution of delivered values, or values to draw from with replacement (an
        empirical distribution).
    delivered_params : mapping, optional
        ``exponential``: ``scale`` (the mean, default 4); ``lognormal``: ``mu``, ``sigma``
        of the log (1.5, 0.6); ``gamma``: ``shape``, ``scale`` (2, 2.5).
    promised : (low, high), optional
        The range of promises (default: the 5% to 95% quantiles of the deliveries).
    b0, b_p, gain, loss, noise : float
        The model above. The defaults keep 80% of the promises at the optimum.
    lower_is_better : bool
    random_state : int or numpy.random.Generator

    Returns
    -------
    data : pandas.DataFrame
        ``customer``, ``promised``, ``delivered``, ``satisfaction``.
    truth : dict
        ``b0``, ``b_p``, ``gain``, ``loss``, ``noise``, ``lower_is_better``, ``keep_rate``
        (the share of promises kept at the best promise, (s b_p + l) / (l - g) with s = 1
        for lower-is-better, -1 otherwise; NaN when l <= g), ``optimum`` (the quantile of
        the delivery distribution at that share - at 1 - share for higher-is-better;
        NaN without an interior optimum) and ``delivered`` (what was drawn from).

    See Also
    --------
    cxresearch.expectation.promise : should find ``truth["optimum"]``.
    callcentre : a call centre built on this model, with zones of tolerance and churn.

    Examples
    --------
    >>> import cxresearch as cx
    >>> data, truth = cx.simulate.promises(3, random_state=0)
    >>> list(data.columns)
    ['customer', 'promised', 'delivered', 'satisfaction']
    >>> round(truth["keep_rate"], 2), round(truth["optimum"], 2)  # 4 x -log(1 - 0.8)
    (0.8, 6.44)
    """
    rng = as_generator(random_state)
    check_count("n", n)
    check_finite("the model", {"b0": b0, "b_p": b_p, "gain": gain, "loss": loss, "noise": noise})
    draw, quantile, described = _delivery(delivered, delivered_params)
    d = draw(rng, n)
    lo, hi = (quantile(0.05), quantile(0.95)) if promised is None else check_pair("promised", promised)
    p = rng.uniform(lo, hi, n)
    s = 1 if lower_is_better else -1
    diff = s * (p - d)
    y = b0 + b_p * p + gain * np.maximum(diff, 0) - loss * np.maximum(-diff, 0) + noise * rng.normal(size=n)
    q = best_keep_rate(b_p, gain, loss, lower_is_better)
    optimum = quantile(q if lower_is_better else 1 - q) if 0 < q < 1 else float("nan")
    data = pd.DataFrame({"customer": np.arange(1, n + 1), "promised": p, "delivered": d, "satisfaction": y})
    truth = {"b0": b0, "b_p": b_p, "gain": gain, "loss": loss, "noise": noise, "lower_is_better": lower_is_better,
             "keep_rate": q, "optimum": float(optimum), "delivered": described}
    return data, truth


def _delivery(delivered, params):
    """(draw(rng, n), quantile(q), description) of a named distribution or of given values."""
    if isinstance(delivered, str):
        if delivered not in DISTRIBUTIONS:
            raise arg_error("delivered", f"one of {list(DISTRIBUTIONS)} or an array of values", delivered)
        make, defaults = DISTRIBUTIONS[delivered]
        unknown = set(params or {}) - set(defaults)
        if unknown:
            raise arg_error("delivered_params", f"a mapping with keys among {sorted(defaults)}", params)
        q = {**defaults, **(params or {})}
        check_finite("delivered_params", q)
        dist = make(q)
        return (lambda rng, n: dist.rvs(size=n, random_state=rng)), (lambda v: float(dist.ppf(v))), \
            f"{delivered} {q}"
    values = np.asarray(delivered, dtype=float).ravel() if not isinstance(delivered, Mapping) else np.array([])
    if values.size == 0 or not np.isfinite(values).all():
        raise arg_error("delivered", f"one of {list(DISTRIBUTIONS)} or a non-empty array of finite values",
                        delivered)
    return (lambda rng, n: rng.choice(values, n, replace=True)), \
        (lambda v: float(np.quantile(values, v, method="inverted_cdf"))), f"empirical ({values.size} values)"
