"""Seeded Kano answers with known categories: answer pairs, single-wave surveys, wide exports.

Answers are drawn from answer pairs that the standard evaluation table maps to the
intended category (for instance A from like / neutral, like / live-with, like /
must-be), so coding them returns the category that was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxresearch import kano
from cxresearch._core.categories import CATEGORIES, probabilities
from cxresearch._core.checks import (
    arg_error,
    as_generator,
    check_count,
    positions,
    require_columns,
    require_frame,
)
from cxresearch.simulate._common import assign_segments, check_names, check_share, draw, with_noise
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Anything, Frame, Integer, Keyed, Names, Real, Text, declared

# (functional, dysfunctional) answer pairs per category and how often each is drawn.
_PAIRS: dict[str, list[tuple[int, int, float]]] = {
    "A": [(1, 3, 0.5), (1, 4, 0.3), (1, 2, 0.2)],
    "O": [(1, 5, 1.0)],
    "M": [(2, 5, 0.45), (3, 5, 0.35), (4, 5, 0.2)],
    "I": [(3, 3, 0.5), (3, 4, 0.2), (2, 3, 0.1), (4, 3, 0.05), (2, 4, 0.05), (3, 2, 0.05),
          (2, 2, 0.025), (4, 4, 0.025)],
    "R": [(5, 1, 0.4), (3, 1, 0.2), (4, 1, 0.2), (5, 3, 0.2)],
    "Q": [(1, 1, 0.5), (5, 5, 0.5)],
}

_WIDTH = max(len(v) for v in _PAIRS.values())

_CUM = np.ones((6, _WIDTH))

_F = np.zeros((6, _WIDTH), dtype=np.int8)

_D = np.zeros((6, _WIDTH), dtype=np.int8)
for _k, _cat in enumerate(CATEGORIES):
    _w = np.array([p[2] for p in _PAIRS[_cat]])
    _CUM[_k, : len(_w)] = np.cumsum(_w) / _w.sum()
    _F[_k, : len(_w)] = [p[0] for p in _PAIRS[_cat]]
    _D[_k, : len(_w)] = [p[1] for p in _PAIRS[_cat]]
    _F[_k, len(_w):], _D[_k, len(_w):] = _F[_k, len(_w) - 1], _D[_k, len(_w) - 1]


@declared(categories=Anything("an array of category letters, read here"))
def answer_pairs(categories: np.ndarray, random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """Draw (functional, dysfunctional) answer codes that code to the given categories.

    Parameters
    ----------
    categories : array of int
        Category codes 0-5 (A O M I R Q).
    random_state : int or numpy.random.Generator, optional

    Returns
    -------
    functional, dysfunctional : numpy arrays of answer codes 1-5

    See Also
    --------
    kano_survey : whole surveys drawn this way.
    cxresearch.kano.evaluate : codes the pairs back to their categories.

    Examples
    --------
    >>> import numpy as np
    >>> import cxresearch as cx
    >>> f, d = cx.simulate.answer_pairs(np.array([0, 1, 2]), random_state=1)
    >>> list(cx.kano.evaluate(f, d))
    ['A', 'O', 'M']
    """
    rng = as_generator(random_state)
    cats = np.asarray(categories)
    expected = "a 1-D array of category codes 0-5 (A O M I R Q)"
    if cats.ndim != 1:
        raise arg_error("categories", expected, categories, got=f"an array of shape {cats.shape}")
    try:
        off = ~np.isin(cats.astype(float), np.arange(6))  # NaN, fractions and other codes
    except (TypeError, ValueError):
        off = np.ones(cats.shape, dtype=bool)
    if off.any():
        raise arg_error("categories", expected, categories,
                        got=f"values {pd.unique(cats[off]).tolist()[:5]} at positions {positions(off)}")
    cats = cats.astype(np.intp)
    u = rng.random(cats.shape)
    j = (u[:, None] > _CUM[cats]).sum(axis=1)
    j = np.minimum(j, _WIDTH - 1)
    return _F[cats, j], _D[cats, j]

@renamed_argument("respondents", "n", since="0.3")
@declared(attributes=Keyed("a dict {attribute: category shares}"), n=Integer(1),
          segments=[None, Keyed("a dict {segment: share}")], noise=Real(0, 1, expected="a share between 0 and 1"))
def kano_survey(
    attributes: Mapping[str, Any],
    n: int,
    *,
    segments: Mapping[str, float] | None = None,
    noise: float = 0.0,
    random_state=None,
) -> pd.DataFrame:
    """A single-wave Kano survey with known category probabilities.

    Parameters
    ----------
    attributes : mapping
        ``{attribute: spec}`` where spec is a category distribution (a letter such as
        ``"A"``, a mapping letter -> weight, or six weights in A O M I R Q order), or
        ``{segment: distribution}`` to differ by segment.
    n : int
    segments : mapping, optional
        ``{segment: share}``; respondents are assigned to segments with these shares.
    noise : float
        Share of answers replaced by noisy R / Q answers.
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        Long: ``respondent``, ``segment`` (when given), ``attribute``, ``functional``,
        ``dysfunctional`` (answer codes 1-5) and ``true_category`` (the category drawn).

    See Also
    --------
    kano_waves : a survey over waves whose categories move.
    to_wide : the answers as a wide export with labels.
    cxresearch.kano.code : codes the answers.
    cxresearch.kano.analyze : should find the categories that were drawn.

    Examples
    --------
    >>> import cxresearch as cx
    >>> sim = cx.simulate.kano_survey({"wifi": "A", "safety": "M"}, 5, random_state=0)
    >>> bool((cx.kano.evaluate(sim["functional"], sim["dysfunctional"]) == sim["true_category"]).all())
    True
    """
    rng = as_generator(random_state)
    respondents = check_count("n", n)
    check_names("attributes", attributes)
    check_share("noise", noise)
    seg_names, seg_of = assign_segments(segments, respondents, rng)
    parts = []
    for name, spec in attributes.items():
        cats = np.empty(respondents, dtype=np.intp)
        for s, seg in enumerate(seg_names):
            by_segment = isinstance(spec, Mapping) and seg in spec
            sub = spec[seg] if by_segment else spec
            idx = np.flatnonzero(seg_of == s)
            where = f"attributes[{name!r}]" + (f"[{seg!r}]" if by_segment else "")
            cats[idx] = draw(with_noise(probabilities(sub, where), noise), len(idx), rng)
        ids = {"respondent": np.arange(1, respondents + 1)}
        parts.append(answer_frame(ids, seg_names if segments else None, seg_of, name, cats, rng))
    return pd.concat(parts, ignore_index=True)

def answer_frame(ids: dict, seg_names, seg_of, name: str, cats: np.ndarray, rng) -> pd.DataFrame:
    """One attribute's simulated answers: ids, segment, attribute, answer codes, true category."""
    part = pd.DataFrame(ids)
    if seg_names is not None:
        part["segment"] = np.array(seg_names, dtype=object)[seg_of]
    part["attribute"] = name
    part["functional"], part["dysfunctional"] = answer_pairs(cats, rng)
    part["true_category"] = np.array(CATEGORIES)[cats]
    return part

@declared(answers=Frame(), wording=[None, Text()], id_vars=Names(non_empty=False),
          suffixes=Anything("a pair of column suffixes, read here"))
def to_wide(
    answers: pd.DataFrame,
    *,
    wording: str | None = "berger_4",
    id_vars: Sequence[str] = ("respondent",),
    suffixes: tuple[str, str] = ("_functional", "_dysfunctional"),
) -> pd.DataFrame:
    """Turn long simulated answers into a wide export with answer labels.

    Parameters
    ----------
    answers : pandas.DataFrame
        Long answers with ``attribute``, ``functional``, ``dysfunctional`` (codes 1-5).
    wording : str or None
        A wording set from ``cx.kano.answer_labels()["wording"]`` (its first label per
        answer is used), or None to keep the numbers.
    id_vars : sequence of str
        Columns identifying a respondent (kept, one row each).
    suffixes : (str, str)
        Column suffixes of the functional and dysfunctional answers.

    Returns
    -------
    pandas.DataFrame
        One row per respondent; columns ``id_vars`` then, per attribute in order of
        appearance, ``<attribute><suffix>`` for both questions.

    See Also
    --------
    kano_survey : long answers to turn wide.
    cxresearch.kano.code : reads the wide export back.
    cxresearch.kano.answer_labels : the wording sets.

    Examples
    --------
    >>> import cxresearch as cx
    >>> sim = cx.simulate.kano_survey({"wifi": "O"}, 2, random_state=0)
    >>> cx.simulate.to_wide(sim)
       respondent wifi_functional wifi_dysfunctional
    0           1       I like it       I dislike it
    1           2       I like it       I dislike it
    """
    labels = None
    if wording is not None:
        table = kano.answer_labels().drop_duplicates(["wording", "code"])
        found = table[table["wording"] == wording].sort_values("code")
        if found.empty:
            raise arg_error("wording", "a wording from cx.kano.answer_labels()['wording'] or None", wording,
                            f"Known: {sorted(table['wording'].unique())}.")
        labels = np.array([None, *found["label"]], dtype=object)
    ids = list(id_vars)
    order = list(pd.unique(answers["attribute"]))
    out = answers[ids].drop_duplicates().reset_index(drop=True)
    for name in order:
        part = answers.loc[answers["attribute"] == name, [*ids, "functional", "dysfunctional"]]
        part = part.rename(columns={"functional": f"{name}{suffixes[0]}", "dysfunctional": f"{name}{suffixes[1]}"})
        if labels is not None:
            for col in part.columns[-2:]:
                part[col] = labels[part[col].to_numpy(dtype=int)]
        out = out.merge(part, on=ids, how="left")
    return out
