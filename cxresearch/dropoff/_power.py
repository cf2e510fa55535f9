"""How many respondents per wave a drop-off study needs, by simulation through the same test."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import probabilities
from cxresearch._core.checks import arg_error, as_generator, check_alpha, check_confidence, check_count
from cxresearch._core.progress import Progress, check_progress
from cxresearch._core.stats import wilson
from cxresearch.dropoff._models import ordinal_fit, separation
from cxresearch.dropoff._result import PowerResult
from cxresearch.errors import KanoInputError
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Anything, Integer, Keyed, Real, declared


@renamed_argument("respondents", "n", since="0.3")
@declared(error=KanoInputError, n=Anything("a whole number or a list of whole numbers, read here"), waves=Integer(2),
          drift=Real(0, 1, closed="right", expected="a share above 0 and at most 1"),
          start=[None, Keyed("a dict {category: share}")], n_sim=Integer(1))
def power(
    *,
    n: Sequence[int] = (50, 100, 200, 300, 500),
    waves: int = 6,
    drift: float = 0.35,
    start: dict | None = None,
    alpha: float = 0.05,
    confidence: float = 0.95,
    n_sim: int = 500,
    random_state=None,
    progress: bool = True,
) -> PowerResult:
    """How many respondents per wave are needed to detect a drop-off (by simulation).

    Parameters
    ----------
    n : sequence of int
        Respondents per wave to try.
    waves : int
        Number of equally spaced waves.
    drift : float
        Share moved linearly from A to O and M (half each) between the first and the last
        wave.
    start : dict, optional
        The first wave's category distribution; default A 0.6, O 0.15, M 0.1, I 0.15.
    alpha : float
        Level of the (unadjusted) trend test.
    confidence : float
        Level of the Wilson intervals of the power.
    n_sim : int
        Simulated surveys per sample size.
    random_state : int or numpy.random.Generator
    progress : bool
        Show a progress bar counting the simulated surveys (``n_sim`` per sample size and
        scenario; tqdm, in Jupyter and the terminal) once the simulation has run for a second;
        ``False`` runs silently.

    Returns
    -------
    PowerResult
        ``table``: ``respondents_per_wave``, ``power`` (share of simulated surveys whose
        trend test rejects at ``alpha`` with a drop-off direction), ``power_ci_low``,
        ``power_ci_high``, and ``false_positive`` (the same rate when nothing drifts). A
        simulated survey whose A, O, M answers split perfectly by time is read as
        :func:`detect` reads it ("separated"): toward must-be counts as a detection, and
        either way as a false positive.

    See Also
    --------
    detect : the test whose power this is.
    cxresearch.simulate.kano_waves : simulate whole surveys over waves.

    Notes
    -----
    Counts per wave are drawn directly from the multinomial distribution (they are the
    sufficient statistics), and every simulated survey goes through the same test as
    :func:`detect`, so the power is that of the method researchers will run.

    Examples
    --------
    >>> import cxresearch as cx
    >>> res = cx.dropoff.power(n=[50, 300], n_sim=200, random_state=0)
    >>> res.table["power"].is_monotonic_increasing
    True
    """
    listed = np.atleast_1d(np.asarray(n, dtype=object))
    if listed.ndim != 1 or listed.size == 0:
        raise arg_error("n", "a whole number or a flat (1-D) list of whole numbers >= 1", n,
                        got=f"shape {listed.shape}" if listed.ndim != 1 else "an empty list", error=KanoInputError)
    sizes = [check_count("n", size, error=KanoInputError) for size in listed.tolist()]
    check_count("waves", waves, 2)
    check_count("n_sim", n_sim)
    check_alpha(alpha)
    check_confidence(confidence)
    check_progress(progress)
    rng = as_generator(random_state)
    p0 = probabilities(start or {"A": 0.6, "O": 0.15, "M": 0.1, "I": 0.15}, "start")
    if not isinstance(drift, (int, float)) or not 0 < drift <= p0[0] + 1e-12:
        raise arg_error("drift", f"a share above 0 and at most the starting share of A ({p0[0]:.2f})", drift,
                        error=KanoInputError)
    p1 = p0 + np.array([-drift, drift / 2, drift / 2, 0, 0, 0])
    frac = np.linspace(0, 1, waves)[:, None]
    path = (1 - frac) * p0 + frac * p1
    rows, found = [], []
    runs = [(n, drifting) for n in sizes for drifting in (True, False)]  # the order the generator is drawn in
    with Progress(n_sim * len(runs), "power simulations", enabled=progress) as bar:  # counts simulated surveys
        for n, drifting in runs:
            scenario = path if drifting else np.broadcast_to(p0, path.shape)
            found.append(_rejections(rng, n, scenario, n_sim, alpha, drop_off_only=drifting))
            bar.update(n_sim)
    for n, hits, false in zip(sizes, found[::2], found[1::2]):
        lo, hi = wilson(np.array([hits]), np.array([n_sim]), confidence)
        rows.append({"respondents_per_wave": n, "power": hits / n_sim, "power_ci_low": lo[0],
                     "power_ci_high": hi[0], "false_positive": false / n_sim})
    total = 2 * n_sim * len(sizes)
    return PowerResult(table=pd.DataFrame(rows), rows=RowAccount(total, total, unit="simulated surveys"),
                       waves=waves, drift=drift, alpha=alpha, n_sim=n_sim, confidence=confidence)


def _rejections(rng, n: int, path: np.ndarray, n_sim: int, alpha: float, drop_off_only: bool) -> int:
    """How many of ``n_sim`` simulated surveys the trend test rejects (in the drop-off direction)."""
    waves = len(path)
    counts = np.stack([rng.multinomial(n, path[w], size=n_sim) for w in range(waves)], axis=1)
    t = np.broadcast_to(np.arange(waves, dtype=float) - (waves - 1) / 2, (n_sim, waves))
    beta, _, l1, l0 = ordinal_fit(counts[..., :3].astype(float), t)
    p = stats.chi2.sf(np.clip(2 * (l1 - l0), 0, None), 1)
    sign, _ = separation(counts[..., :3])  # detect calls these "separated", toward must-be or attractive
    found = np.where(sign != 0, sign > 0, (p < alpha) & (beta > 0)) if drop_off_only else \
        np.where(sign != 0, True, p < alpha)
    return int(found.sum())
