"""Price a (promised, delivered) pair with a fitted promise model: the reading behind ``PromiseResult.predict``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, near_match, shown
from cxresearch.expectation._promise_fit import TERMS, regressors

__all__ = ["predict_pairs"]


def predict_pairs(table: pd.DataFrame, coefficients: pd.DataFrame, by: tuple, lower_is_better: bool,
                  promised: Any, delivered: Any, segment: Any) -> pd.DataFrame:
    """One row per segment and pair: the pair, whether the promise was kept, gain, shortfall and prediction."""
    p, d = _values("promised", promised), _values("delivered", delivered)
    if p.size != d.size and 1 not in (p.size, d.size):
        raise arg_error("delivered", f"one number or as many numbers as `promised` ({p.size})", delivered,
                        got=f"{d.size} numbers")
    p, d = np.broadcast_arrays(p, d)
    s = 1 if lower_is_better else -1
    X = regressors(p.astype(float), d.astype(float), s)
    frames = []
    for i in _segment_rows(table, by, segment):
        beta = coefficients.iloc[4 * i:4 * i + 4].set_index("term")["estimate"].loc[list(TERMS)].to_numpy(dtype=float)
        # a term whose regressor is 0 adds nothing, even where the data could not identify its coefficient
        predicted = np.where(X == 0, 0.0, X * beta).sum(axis=1)
        frame = pd.DataFrame({"promised": p, "delivered": d, "kept": s * d <= s * p, "gain": X[:, 2],
                              "shortfall": -X[:, 3], "predicted": predicted})
        for j, key in enumerate(by):
            frame.insert(j, key, table[key].iloc[i])
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _values(name: str, value: Any) -> np.ndarray:
    """A number or a one-dimensional list of finite numbers, in the unit of the fit."""
    expected = "a number or a list of numbers in the unit of the fit (Timedelta values: in the unit of " \
               "`settings['durations']`)"
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "bmMUS":  # booleans, durations and dates, text: never silently a number
            raise TypeError
        out = raw.astype(float)
    except (TypeError, ValueError):
        raise arg_error(name, expected, value) from None
    if out.ndim > 1 or out.size == 0:
        raise arg_error(name, expected, value)
    if not np.isfinite(out).all():
        bad = np.flatnonzero(~np.isfinite(out.ravel()))[:5].tolist()
        raise arg_error(name, "finite numbers", value, got=f"{shown(value)} (not finite at positions {bad})")
    return out.ravel()


def _segment_rows(table: pd.DataFrame, by: tuple, segment: Any) -> list[int]:
    """The table rows to price: every segment, or the one named."""
    if segment is None:
        return list(range(len(table)))
    if not by:
        raise arg_error("segment", "None: this result has no segments (it was fitted without `by`)", segment)
    wanted = segment if isinstance(segment, tuple) else (segment,)
    labels = list(table[list(by)].itertuples(index=False, name=None))
    if len(wanted) != len(by) or wanted not in labels:
        options = [lab[0] if len(by) == 1 else lab for lab in labels]
        same_case = [o for o in options if str(o).casefold() == str(segment).casefold()]
        hint = f"Did you mean {same_case[0]!r}?" if same_case else near_match(segment, options)
        raise arg_error("segment", f"one of the segments {options} (by {list(by)})", segment, hint)
    return [labels.index(wanted)]

