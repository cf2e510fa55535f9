"""Penalty-reward tables and warnings: the rows of a segment not estimated, the notes said in one warning each."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.warn import warn
from cxresearch.errors import SeparationWarning, ThinDataWarning, UnexpectedSignWarning
from cxresearch.satisfaction._thin import segment_name

__all__ = ["not_estimable_table", "not_estimable", "thin_said", "warn_notes"]


_COLUMNS = ["attribute", "n_low", "n_high", "penalty", "penalty_ci_low", "penalty_ci_high", "penalty_p", "reward",
            "reward_ci_low", "reward_ci_high", "reward_p", "range_of_impact", "sgp", "dgp", "asymmetry", "factor",
            "kano", "unexpected_sign", "significant", "note"]


def not_estimable_table(attrs: list, reason: str) -> pd.DataFrame:
    """The rows of a segment too thin to estimate: every attribute "not estimable", the reason in ``note``."""
    table = pd.DataFrame({c: np.nan for c in _COLUMNS}, index=range(len(attrs)))
    table["attribute"] = np.array(attrs, dtype=object)
    table["factor"], table["kano"], table["note"] = "not estimable", "", reason
    table["unexpected_sign"] = table["significant"] = False
    return table


def thin_said(tables: list, fits: list, test, keys: list, thin: list, key: str = "note") -> list:
    """After the fits: the segments not estimated said in ``fits`` (``key``), in the segment test and in the table.

    Every fit gets ``key`` (empty for the estimated segments); each segment-test row says
    which segments it left out; the tables of the segments not estimated get the columns of
    the others (missing values). Without such segments nothing changes.
    """
    if not thin:
        return tables
    for f in fits:
        f.setdefault(key, "")
    if test is not None:
        left = "segments not estimable left out of the test: " + "; ".join(segment_name(keys, k) for k, _, _ in thin)
        test["note"] = [f"{n}; {left}" if n else left for n in test["note"]]
    done = {segment_name(keys, k) for k, _, _ in thin}
    like = next(t.columns for t, f in zip(tables, fits) if segment_name(keys, [f[k] for k in keys]) not in done)
    return [t.reindex(columns=like) for t in tables]


def warn_notes(notes: list[tuple[str, str]], logit: bool = False) -> None:
    """One warning each for thin or empty bands, separated bands and effects with the unexpected sign, naming all."""
    thin, separated, signs, collinear = [], [], [], []
    for label, note in notes:
        for part in note.split("; "):
            if part.startswith("unclassified: "):
                signs.append(f"{label} ({part.removeprefix('unclassified: ')})")
            elif part.endswith("read as no effect)"):
                continue  # a small wrong sign next to a larger expected effect: in the note only
            elif " collinear with " in part:
                collinear.append(f"{label} ({part})")
            elif part.startswith("separated: "):
                separated.append(f"{label} ({part.removeprefix('separated: ')})")
            else:
                thin.append(f"{label} ({part})")
    if thin:
        warn("Penalty-reward bands with few or no ratings: " + "; ".join(thin), ThinDataWarning)
    if collinear:
        warn("Penalty-reward band dummies left out because they coincide with other bands in every row (the rest "
             "is fitted without them): " + "; ".join(collinear), ThinDataWarning)
    if separated:
        warn("Penalty-reward bands that separate the yes and no answers, left out of the logistic model (their "
             "attributes are 'not estimable'): " + "; ".join(separated), SeparationWarning)
    if signs:
        coding = (" For family='logit', 1 must be the good answer (stayed, would recommend): code a bad outcome "
                  "such as churned as 1 - churned." if logit else "")
        warn("Penalty-reward effects with the unexpected sign, so these attributes are 'unclassified' (not basic, "
             "performance or excitement): " + "; ".join(signs) + ". Such signs usually come from collinear "
             "attributes, a thin band or a reversed rating scale; check the intervals (penalty_ci_*, "
             "reward_ci_*) and the coding." + coding, UnexpectedSignWarning)


def not_estimable(tables: list[pd.DataFrame], keys: list) -> dict[str, list[str]]:
    """Attribute -> the segments where it is "not estimable", each with the reason from its note."""
    out: dict[str, list[str]] = {}
    for t in tables:
        for _, row in t[t["factor"] == "not estimable"].iterrows():
            seg = ", ".join(f"{k} = {row[k]!r}" for k in keys)
            out.setdefault(row["attribute"], []).append(f"{seg} ({row['note']})")
    return out
