"""What :func:`cxresearch.dropoff.detect` reads, turned into the (cells, waves, categories) count array.

Coded responses (one row per answer pair, optionally with survey weights) and count tables
(attribute, time, [by], A O M I R Q; weighted ones with sumw2_A .. sumw2_Q and n_raw) give
the same array, so the statistics downstream never see rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxresearch._core.accounting import RowAccount
from cxresearch._core.categories import CATEGORIES, category_codes
from cxresearch._core.checks import bad_values
from cxresearch._core.hints import require_coded
from cxresearch._core.count_table import check_labels, check_totals
from cxresearch._core.counting import SUMW2, count_columns, group_index
from cxresearch._core.time import TimeAxis, read_time
from cxresearch._core.warn import warn
from cxresearch._core.weights import check_weights
from cxresearch.errors import InputWarning, KanoInputError


@dataclass(frozen=True)
class Waves:
    """Each row's wave index into the sorted distinct ``times`` (-1: no wave), and how to show a time.

    ``times`` are the positions the models use: numbers as they are, dates in years
    (365.25 days) from the first wave, periods as ordinals (one step = one quarter, month,
    ...), ordered categories 0, 1, 2, ...; ``axis`` is the time column as read
    (:func:`cxresearch._core.time.read_time`).
    """

    index: np.ndarray
    times: np.ndarray
    axis: TimeAxis

    @property
    def is_date(self) -> bool:
        return self.axis.kind == "date"

    @property
    def unit(self) -> str:
        """One unit of ``times``: "year", "1 quarter", "1 unit of 'wave'", "1 period"."""
        return "year" if self.is_date else f"1 {self.axis.unit}"

    def label(self, x) -> np.ndarray | pd.Series:
        """Positions on ``times`` as the user reads them: the wave's number, date, period or label."""
        x = np.asarray(x, dtype=float)
        if self.is_date:
            origin = pd.Timestamp(self.axis.stamps[0])
            return (origin + pd.to_timedelta(x * 365.25, unit="D")).round("D")
        if self.axis.kind == "period":
            return pd.array(list(self.axis.label_at(x)), dtype=pd.PeriodDtype(self.axis.freq))
        if self.axis.kind == "label":  # the order kept: the labels stay an ordered Categorical
            return pd.Categorical(self.axis.label_at(x), categories=self.axis.labels, ordered=True)
        return self.axis.label_at(x)


@dataclass(frozen=True)
class Counted:
    """Counts (G, W, 6), the cells' keys and the row accounting; weighted: the design sums as well.

    ``sumw2`` (G, W, 6) holds the sums of squared weights and ``n_raw`` (G,) the answers
    counted per cell (None when unweighted).
    """

    counts: np.ndarray
    cells: pd.DataFrame
    account: RowAccount
    sumw2: np.ndarray | None = None
    n_raw: np.ndarray | None = None


def wave_index(values: pd.Series, column: str, allow_missing: bool = False) -> Waves:
    """Each row's wave, reading the few distinct labels once (a bad label is named by its rows).

    A missing wave is refused, or with ``allow_missing`` given index -1 (the caller counts it).
    """
    axis = read_time(values, column, role="wave", error=KanoInputError)
    if not allow_missing and axis.missing.any():
        raise bad_values(column, values, axis.missing, "wave labels (missing)", error=KanoInputError)
    times = axis.t
    if axis.kind == "date":
        times = (axis.stamps - axis.stamps[0]) / np.timedelta64(1, "s") / (365.25 * 86400)
    if len(times) < 2:
        first = values[~axis.missing].iloc[0] if (~axis.missing).any() else None
        raise KanoInputError(
            f"Column {column!r} holds a single wave ({getattr(first, 'item', lambda: first)()!r}): drop-off detection "
            "needs at least two waves.")
    return Waves(axis.code, np.asarray(times, dtype=float), axis)


def from_responses(data: pd.DataFrame, keys: list, category: str, time: str, weights) -> tuple[Counted, Waves]:
    """The count array of coded responses (weighted when ``weights`` names a column)."""
    require_coded(data, [*keys, category, time], coded=[keys[0], category], time=time, error=KanoInputError)
    attribute = keys[0]
    if data[attribute].isna().any():
        raise bad_values(attribute, data[attribute], data[attribute].isna(), "attribute names (missing)",
                         "Fill in the attribute of those rows or drop them.", error=KanoInputError)
    cat = category_codes(data[category], category)
    w = check_weights(data, weights, error=KanoInputError)
    waves = wave_index(data[time], time, allow_missing=True)
    W = len(waves.times)
    groups = group_index(data, keys)
    no_wave = waves.index < 0
    coded = (cat >= 0) & ~no_wave
    used = coded if w is None else coded & (w > 0)
    slot = np.maximum(waves.index, 0) * 6 + np.maximum(cat, 0)
    raw = groups.bincount(slot, W * 6, mask=used).reshape(-1, W, 6)
    keep = raw.sum(axis=(1, 2)) > 0  # cells with an answer that counts
    excluded = {}
    if no_wave.any():
        excluded[f"missing {time}"] = int(no_wave.sum())
    if ((cat < 0) & ~no_wave).any():
        excluded["missing category"] = int(((cat < 0) & ~no_wave).sum())
    if groups.n_missing:
        excluded[f"missing {', '.join(map(str, keys[1:]))}"] = int((groups.missing & coded).sum())
    if w is not None and (coded & (w == 0) & ~groups.missing).any():
        excluded["zero weight"] = int((coded & (w == 0) & ~groups.missing).sum())
    account = RowAccount(len(data), len(data) - sum(excluded.values()), excluded, unit="answer pairs")
    cells = groups.keys[keep].reset_index(drop=True)
    if w is None:
        return Counted(raw[keep], cells, account), waves
    sums = groups.bincount(slot, W * 6, weights=w, mask=used).reshape(-1, W, 6)[keep]
    sumw2 = groups.bincount(slot, W * 6, weights=w * w, mask=used).reshape(-1, W, 6)[keep]
    return Counted(sums, cells, account, sumw2, raw[keep].sum(axis=(1, 2))), waves


def from_table(data: pd.DataFrame, keys: list, time: str) -> tuple[Counted, Waves]:
    """The count array of a count table (rows repeating a cell and wave are summed)."""
    require_coded(data, [*keys, time], time=time, error=KanoInputError)
    check_labels(data, keys, KanoInputError)
    counted, weighted = count_columns(data, error=KanoInputError)
    extra = [c for c in data.columns if c not in {*keys, time, *counted.columns}]
    if extra:
        warn(f"Count table: column(s) {', '.join(map(repr, extra))} are neither counts nor keys "
             f"({', '.join(map(repr, [*keys, time]))}); rows of the same cell and wave were summed over them.",
             InputWarning)
    waves = wave_index(data[time], time)
    W = len(waves.times)
    groups = group_index(data, keys)
    G = groups.n
    flat = groups.compact_ids() * W + waves.index
    check_totals(pd.concat([data[[*keys, time]].reset_index(drop=True), counted], axis=1), [*keys, time], flat,
                 G * W, KanoInputError)
    counts = np.zeros((G * W, 6), dtype=float if weighted else np.int64)
    sumw2 = np.zeros((G * W, 6)) if weighted else None
    for j, c in enumerate(CATEGORIES):
        np.add.at(counts[:, j], flat, counted[c].to_numpy())
        if weighted:
            np.add.at(sumw2[:, j], flat, counted[SUMW2[j]].to_numpy())
    counts = counts.reshape(G, W, 6)
    keep = counts.sum(axis=(1, 2)) > 0  # cells with an answer, as from the responses
    cells = groups.keys[keep].reset_index(drop=True)
    account = RowAccount(len(data), len(data), {}, unit="count rows")
    if not keep.all():  # a cell whose every count is 0 has nothing to track: said, and counted
        empty = ~keep[groups.compact_ids()]
        why = f"{' / '.join(map(str, keys))} with every count 0"
        account = RowAccount(len(data), int((~empty).sum()), {why: int(empty.sum())}, unit="count rows")
        shown = groups.keys[~keep].astype(str).agg(" / ".join, axis=1).tolist()
        warn(f"Count table: no answer in any wave for {shown[:8]}{' ...' if len(shown) > 8 else ''} (every count "
             f"0 on {int(empty.sum())} rows): left out of the table and counted in `.rows`.", InputWarning)
    if not weighted:
        return Counted(counts[keep], cells, account), waves
    n_raw = np.zeros(G, dtype=np.int64)
    np.add.at(n_raw, groups.compact_ids(), counted["n_raw"].to_numpy())
    return Counted(counts[keep], cells, account, sumw2.reshape(G, W, 6)[keep], n_raw[keep]), waves
