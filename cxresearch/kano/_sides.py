"""Which grid is which: the functional and dysfunctional questions told apart.

Two guards keep a Kano export the right way round when its two answer grids are paired
by their question texts:

1. **The wording.** The dysfunctional question is the functional one negated ("if it does
   not have ...", "如果不具备 ...", "없으면", "なければ", "sin", "sem", "ne ... pas", "ohne").
   :func:`negations` counts the negation markers of a question in the languages below, and
   the question with more of them is the dysfunctional one (:func:`dysfunctional_first`);
   a marker both questions share ("no" meaning "in the" in Portuguese, a product called
   无人机) cancels out. Words that contain a marker without negating are not counted:
   "notification" (word boundaries), 无线 (wireless), 无人 (unmanned), 无障碍 (barrier-free),
   不同 (different), 未来 (future), 少ない (few) ...
2. **The answers.** Paired the wrong way round, "like it if present, dislike it if absent"
   (O) becomes dislike/like (R), and so do A and M: most answers code R. A pairing whose
   valid answers are more than half R (with at least :data:`MIN_SWAPPED` of them) is
   refused by :func:`refuse_swapped`, naming both questions and showing the swapped
   ``pairs=``. An explicit ``pairs=`` is never second-guessed.

Languages: English, Chinese (simplified and traditional), Korean, Japanese, Spanish,
Portuguese, French, German.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cxresearch.errors import KanoInputError

if TYPE_CHECKING:  # _shapes reads the wording from here
    from cxresearch.kano._shapes import Pair

# Words in which a negation marker does not negate: removed before counting.
_NOT_NEGATING = (
    # Chinese 无/無 as the first character of a word: wireless, unmanned/drone, barrier-free, sugar-free, seamless,
    # unlimited, lossless, paperless, contactless, cashless, cardless, worry-free, smoke-free, sterile, additive-free
    "无线", "無線", "无人", "無人", "无障碍", "無障礙", "无糖", "無糖", "无缝", "無縫", "无限", "無限", "无损", "無損",
    "无纸", "無紙", "无接触", "無接觸", "无现金", "無現金", "无卡", "無卡", "无忧", "無憂", "无烟", "無煙", "无菌",
    "無菌", "无添加", "無添加", "无论", "無論", "无需", "無需", "无痕", "無痕", "无感", "無感", "无铅", "無鉛",
    # Chinese 不/未 inside words that do not negate the feature: different, not bad, continuous, not only,
    # regardless, however, soon, many, future, minor
    "不同", "不错", "不錯", "不断", "不斷", "不仅", "不僅", "不管", "不论", "不論", "不过", "不過", "不久", "不少",
    "未来", "未來", "未成年",
    # Korean 없 in adverbs: continuously, unsparingly, without exception, surely
    "끊임없", "아낌없", "빠짐없", "틀림없", "어김없",
    # Japanese adjectives ending in ない: few, dangerous
    "少ない", "危ない",
)
_NOT_NEGATING_RE = re.compile("|".join(sorted(map(re.escape, _NOT_NEGATING), key=len, reverse=True)))

_LATIN = (
    # English: not, n't, no, without, not available, unavailable, absent, lacks, missing, cannot, none
    r"not", r"no", r"without", r"unavailable", r"absent", r"lacks?", r"lacking", r"missing", r"cannot", r"none",
    # Spanish / Portuguese: no, sin, ningún; não, sem, nenhum
    r"sin", r"ningun[oa]?", r"ningún", r"não", r"sem", r"nenhum[a]?",
    # French: ne / n' ... pas, sans, aucun
    r"ne", r"pas", r"sans", r"aucune?",
    # German: nicht, kein(e/en/em/er/es), ohne, fehlt / fehlen / fehlend
    r"nicht", r"kein(?:e|en|em|er|es)?", r"ohne", r"fehlt", r"fehlen", r"fehlende?[nrs]?",
)
_NEGATION = re.compile(
    r"(?<![\w-])(?:" + "|".join(_LATIN) + r")(?![\w-])"  # whole words: "not" but never "notification"
    r"|n't\b"  # English contractions: doesn't, didn't, isn't
    r"|(?<![\w])n'(?=\w)"  # French n'a pas, n'est pas
    # Chinese: 不 (不具备, 不提供), 没有 / 没 / 沒, 缺 (缺少, 缺乏), 无 / 無 (in a word that is not listed above), 未 (未提供)
    r"|没有|沒有|没|沒|不|缺|无|無|未"
    # Korean: 없 (없다, 없으면, 없이), 않 (-지 않다), 못 (못하다), 미제공 / 미지원 (not provided / supported)
    r"|없|않|못|미제공|미지원"
    # Japanese: ない, なければ, なし, なかった, なく, 無い / 無し, ません, せず
    r"|ない|なけれ|なし|なかっ|なく|無い|無し|無けれ|ません|せず",
    re.IGNORECASE,
)

MIN_SWAPPED = 10  # valid answer pairs needed before a pairing is judged by its answers
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


def negations(question: str) -> int:
    """How many negation markers a question text holds (words that merely contain one are not counted).

    Examples
    --------
    >>> from cxresearch.kano._sides import negations
    >>> negations("How would you feel if the app did not send a notification?")
    1
    >>> negations("How would you feel if the app sends a notification?")
    0
    >>> negations("如果手机支持无线充电，您的感受是？"), negations("如果手机不支持无线充电，您的感受是？")
    (0, 1)
    """
    text = unicodedata.normalize("NFKC", str(question)).translate(_QUOTES).casefold()
    return len(_NEGATION.findall(_NOT_NEGATING_RE.sub(" ", text)))


def dysfunctional_first(first: str, second: str) -> bool:
    """Whether the first of two paired questions is the dysfunctional one (it is negated more often).

    Examples
    --------
    >>> from cxresearch.kano._sides import dysfunctional_first
    >>> dysfunctional_first("Wenn das Hotel kein WLAN hätte?", "Wenn das Hotel WLAN hätte?")
    True
    >>> dysfunctional_first("Como se sente se houver Wi-Fi no quarto?", "E se não houver Wi-Fi no quarto?")
    False
    """
    return negations(first) > negations(second)


def r_share(category: pd.Series) -> tuple[int, int]:
    """(answer pairs coded R, answer pairs with a category) of a Categorical of Kano categories."""
    codes = np.asarray(category.cat.codes)
    return int(np.count_nonzero(codes == list(category.cat.categories).index("R"))), int(np.count_nonzero(codes >= 0))


def grid_questions(found: list[Pair], grids: list[Mapping]) -> tuple[str, str] | None:
    """The (functional, dysfunctional) question texts of pairs made from two question grids, else None."""
    for grid in grids:
        if not grid:
            continue
        sides = {(grid[p.functional][0], grid[p.dysfunctional][0]) for p in found
                 if p.functional in grid and p.dysfunctional in grid
                 and grid[p.functional][1] == grid[p.dysfunctional][1] == p.attribute}
        if len(sides) == 1 and len(next(iter(sides))) == 2:
            func_q, dysf_q = next(iter(sides))
            if func_q != dysf_q:
                return func_q, dysf_q
    return None


def refuse_swapped(n_r: int, n_valid: int, questions: tuple[str, str], found: list[Pair]) -> None:
    """Refuse a grid pairing whose valid answers are mostly R: the grids are the wrong way round.

    ``n_r`` of the ``n_valid`` answer pairs (both answers given) made from the two grids code R.
    """
    if n_valid < MIN_SWAPPED or 2 * n_r <= n_valid:
        return
    func_q, dysf_q = questions
    shown = ", ".join(f"{p.attribute!r}: ({p.dysfunctional!r}, {p.functional!r})" for p in found[:3])
    more = f", ...}} (all {len(found)} attributes, each with its two columns swapped)" if len(found) > 3 else "}"
    raise KanoInputError(
        f"The Kano grids look swapped: with {func_q!r} read as the functional question and {dysf_q!r} as the "
        f"dysfunctional one, {n_r} of {n_valid} valid answer pairs ({n_r / n_valid:.0%}) code R (reverse), as "
        "when the questions are read the wrong way round. If the first is the dysfunctional question, pass "
        f"pairs={{{shown}{more}; if they are the right way round (a genuinely reverse-heavy survey), pass "
        "`pairs=` as they are, and the pairing is taken as given."
    )


def aligned(functional: pd.Series, dysfunctional: pd.Series) -> pd.Series:
    """``dysfunctional`` in the order of ``functional``'s index labels; refused when the labels differ.

    Two answer Series are paired by label, never by position: the same unique labels in
    another order are aligned; different labels, or repeated labels in another order, are
    refused naming a few labels found in one and not the other.
    """
    f_index, d_index = functional.index, dysfunctional.index
    if f_index.equals(d_index):
        return dysfunctional
    only_f, only_d = f_index.difference(d_index, sort=False), d_index.difference(f_index, sort=False)
    if f_index.is_unique and d_index.is_unique and len(f_index) == len(d_index) and not len(only_f):
        return dysfunctional.reindex(f_index)
    if not len(only_f) and not len(only_d):
        told = ("the same labels, repeated, in another order: answers with a repeated label cannot be paired by "
                "label")
    else:
        told = "; ".join(f"{len(only)} label(s) only in `{side}`: {_few(only)}"
                         for side, only in (("functional", only_f), ("dysfunctional", only_d)) if len(only))
    raise KanoInputError(
        f"`functional` and `dysfunctional` are Series with different index labels ({told}). Answer pairs are "
        "matched by index label (the respondent), not by position. Give both the same respondent index (e.g. "
        "set_index('respondent') on both), or pass `.to_numpy()` of each to pair them by position.")


def _few(labels: pd.Index, k: int = 5) -> str:
    shown = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in labels[:k])
    return shown + (", ..." if len(labels) > k else "")
