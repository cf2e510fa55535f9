"""Kano answer scales and label normalisation.

The five standard answers are coded 1 like, 2 must-be (expect), 3 neutral,
4 live-with (tolerate), 5 dislike; 0 marks a missing answer. Labels are matched
after normalisation (Unicode NFKC, case folding, straight apostrophes, collapsed
spaces, invisible characters and emoji removed), so "I’m neutral", "i'm NEUTRAL"
and "I'm neutral 🤷‍♂️" are one label. Only the distinct labels of a column are
normalised, so coding millions of answers costs one factorisation.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error, near_match, positions
from cxresearch._core.counting import small_take
from cxresearch.errors import KanoInputError
from cxresearch._core.warn import renamed_argument
from cxresearch._core.params import Anything, declared

ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")

# --- answer wordings -------------------------------------------------------------------------
# Each entry: (scale name, wording set, five labels in the order like .. dislike, source).
# A label may be a tuple of alternatives for the same answer.
WORDINGS: list[tuple[str, str, tuple, str]] = [
    ("english", "berger_1", ("I like it that way", ("It must be that way", "I must be that way",
     "I expect it that way"), "I am neutral", "I can live with it that way",
     "I dislike it that way"), "Berger et al. (1993), wording 1"),
    ("english", "berger_2", ("I enjoy it that way", ("It is a basic necessity or I expect it that "
     "way", "It is a basic necessity", "It is a basic necessity, I expect it that way"),
     "I am neutral", "I dislike it, but I can live with it that way",
     ("I dislike it, and I can't accept it", "I dislike it and I can't accept it")),
     "Berger et al. (1993), wording 2"),
    ("english", "berger_3", ("This would be very helpful to me", "This is a basic requirement for me",
     "This would not affect me", "This would be a minor inconvenience",
     "This would be a major problem for me"), "Berger et al. (1993), wording 3"),
    ("english", "berger_4", ("I like it", "I expect it", ("I'm neutral", "I am neutral"),
     "I can tolerate it", "I dislike it"), "Berger et al. (1993), wording 4"),
    ("english", "lofgren_witell", ("I like it that way", "I am expecting it to be that way",
     "I am neutral", "I can accept it to be that way", "I dislike it that way"),
     "Löfgren & Witell (2008)"),
    ("english", "short", (("like", "delighted"), ("must-be", "must be", "expect", "expected"),
     ("neutral", "indifferent"), ("live-with", "live with", "tolerate", "can tolerate"),
     ("dislike", "dissatisfied")), "short English labels"),
    ("german", "german", ("Das würde mich sehr freuen", "Das setze ich voraus", "Das ist mir egal",
     "Das könnte ich in Kauf nehmen", "Das würde mich sehr stören"), "Kano questionnaires in German"),
    ("chinese", "chinese", (("喜欢", "喜歡", "我喜欢", "我喜歡", "很喜欢", "很喜歡", "非常喜欢", "非常喜歡",
                             "我很喜欢", "我很喜歡"),
     ("理应如此", "理應如此", "理所当然", "理所當然", "应该的", "應該的", "必须这样", "必須這樣",
      "必须的", "必須的", "本应如此", "本應如此", "应该如此", "應該如此", "必备", "必備"),
     ("无所谓", "無所謂", "无所谓的", "無所謂的", "不在乎", "无感", "無感", "没感觉", "沒感覺",
      "中立"),
     ("能忍受", "可以忍受", "勉强接受", "勉強接受", "能接受", "还能忍受", "還能忍受", "可以接受",
      "勉强可以接受", "勉強可以接受"),
     ("不喜欢", "不喜歡", "我不喜欢", "我不喜歡", "很不喜欢", "很不喜歡", "非常不喜欢", "非常不喜歡",
      "我很不喜欢", "我很不喜歡")),
     "Kano questionnaires in Chinese (simplified and traditional), with the wordings of common "
     "Chinese survey platforms (很喜欢 / 理应如此 / 无所谓 / 能忍受 / 很不喜欢)"),
]
NUMERIC = "numeric"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"})
_SPACES = re.compile(r"\s+")
_DROP_CATEGORIES = {"Cf", "So", "Sk", "Cs", "Co"}  # format chars, emoji and symbols, modifiers
_TRAILING = ".!?。！？:：;；"


def normalise_label(label: Any) -> str:
    """Normalise an answer label for matching.

    Parameters
    ----------
    label : object
        A label as found in an export.

    Returns
    -------
    str
        NFKC-normalised, case-folded text with straight apostrophes, single spaces,
        no invisible characters (zero-width joiners, variation selectors), no emoji or
        other symbols, and no trailing full stop.

    Examples
    --------
    >>> from cxresearch.kano._labels import normalise_label
    >>> normalise_label("  I’m  NEUTRAL 🤷\u200d♂️ ")
    "i'm neutral"
    """
    text = unicodedata.normalize("NFKC", str(label)).translate(_QUOTES)
    text = "".join(
        ch for ch in text
        if unicodedata.category(ch) not in _DROP_CATEGORIES and not 0xFE00 <= ord(ch) <= 0xFE0F
    )
    return _SPACES.sub(" ", text).strip().rstrip(_TRAILING).strip().casefold()


def _builtin_labels(names: set[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for scale, _, labels, _ in WORDINGS:
        if scale not in names:
            continue
        for code, alternatives in enumerate(labels, start=1):
            for lab in (alternatives,) if isinstance(alternatives, str) else alternatives:
                out[normalise_label(lab)] = code
    return out


def _display_labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for _, _, labels, _ in WORDINGS:
        for alternatives in labels:
            for lab in (alternatives,) if isinstance(alternatives, str) else alternatives:
                out.setdefault(normalise_label(lab), lab)
    return out


_DISPLAY = _display_labels()


@declared(error=KanoInputError)
def answer_labels() -> pd.DataFrame:
    """Every built-in answer label, as a tidy table.

    Returns
    -------
    pandas.DataFrame
        Columns ``scale``, ``wording``, ``answer`` (like, must-be, neutral, live-with,
        dislike), ``code`` (1-5), ``label`` and ``source``.

    See Also
    --------
    resolve_scale : turns an ``answer_scale=`` argument into the accepted labels.
    evaluate : codes answers given in any of these wordings.
    cxresearch.simulate.to_wide : writes simulated answers in one of these wordings.

    Examples
    --------
    >>> import cxresearch as cx
    >>> labels = cx.kano.answer_labels()
    >>> labels.query("wording == 'german'")["label"].iloc[0]
    'Das würde mich sehr freuen'
    """
    rows = []
    for scale, wording, labels, source in WORDINGS:
        for code, alternatives in enumerate(labels, start=1):
            for lab in (alternatives,) if isinstance(alternatives, str) else alternatives:
                rows.append((scale, wording, ANSWERS[code - 1], code, lab, source))
    return pd.DataFrame(rows, columns=["scale", "wording", "answer", "code", "label", "source"])


@dataclass(frozen=True)
class Scale:
    """A resolved answer scale: normalised label -> answer code, and whether numbers are read."""

    name: str
    labels: Mapping[str, int]
    numeric: bool

    def accepted(self, limit: int = 12) -> str:
        shown = sorted(self.labels, key=lambda k: (self.labels[k], k))[:limit]
        text = ", ".join(repr(s) for s in shown) + (" ..." if len(self.labels) > limit else "")
        if self.numeric:
            text = "numbers 1-5; " + text if text else "numbers 1-5"
        return text


_ALL_NAMES = {"english", "german", "chinese"}


@declared(error=KanoInputError, spec=Anything("a scale name, a list of labels or a Scale, read here"))
def resolve_scale(spec: Any) -> Scale:
    """Turn an ``answer_scale=`` argument into an answer scale (``name``, ``labels``, ``numeric``).

    ``None`` accepts every built-in wording and the numbers 1-5; a name ("english",
    "german", "chinese", "numeric") one family; a mapping label -> code (1-5) or answer
    name ("like", "must-be", "neutral", "live-with", "dislike") a custom scale; a list
    the union of its members.

    Parameters
    ----------
    spec : None, str, mapping, list or Scale
        The ``answer_scale=`` argument as given.

    Returns
    -------
    Scale

    See Also
    --------
    answer_labels : every built-in label, by scale and wording.
    evaluate : takes ``answer_scale=`` for answer pairs.
    code : takes ``answer_scale=`` for a survey export.

    Examples
    --------
    >>> import cxresearch as cx
    >>> scale = cx.kano.resolve_scale({"Cela me plaît": "like", "Cela me déplaît": "dislike"})
    >>> scale.labels["cela me plaît"], scale.numeric
    (1, False)
    """
    if spec is None:
        return Scale("auto", _builtin_labels(_ALL_NAMES), True)
    if isinstance(spec, Scale):
        return spec
    if isinstance(spec, str):
        if spec == NUMERIC:
            return Scale(NUMERIC, {}, True)
        if spec not in _ALL_NAMES:
            names = sorted(_ALL_NAMES | {NUMERIC})
            raise arg_error("answer_scale", f"None, one of {names}, a mapping label -> answer, or a list of these",
                            spec, near_match(spec, names), error=KanoInputError)
        return Scale(spec, _builtin_labels({spec}), False)
    if isinstance(spec, Mapping):
        labels: dict[str, int] = {}
        for label, answer in spec.items():
            code = _answer_code(answer, label)
            key = normalise_label(label)
            if labels.get(key, code) != code:
                raise arg_error("answer_scale", "a mapping in which each label means one answer", spec,
                                f"{label!r} is mapped to two different answers.", error=KanoInputError)
            labels[key] = code
        return Scale("custom", labels, False)
    if isinstance(spec, (list, tuple)):
        parts = [resolve_scale(s) for s in spec]
        merged: dict[str, int] = {}
        for part in parts:
            for key, code in part.labels.items():
                if merged.get(key, code) != code:
                    raise arg_error("answer_scale", "scales that agree on every label", spec,
                                    f"{key!r} means two different answers.", error=KanoInputError)
                merged[key] = code
        return Scale("+".join(p.name for p in parts), merged, any(p.numeric for p in parts))
    raise arg_error("answer_scale", "None, a name, a mapping or a list", spec, error=KanoInputError)


def _answer_code(answer: Any, label: Any) -> int:
    if isinstance(answer, str):
        key = answer.strip().casefold().replace("_", "-").replace(" ", "-")
        aliases = {"must": "must-be", "expect": "must-be", "tolerate": "live-with",
                   "livewith": "live-with", "mustbe": "must-be"}
        key = aliases.get(key, key)
        if key in ANSWERS:
            return ANSWERS.index(key) + 1
    elif isinstance(answer, (int, np.integer)) and 1 <= int(answer) <= 5:
        return int(answer)
    raise arg_error("answer_scale", f"a mapping of each label to 1-5 or to one of {list(ANSWERS)}", {label: answer},
                    error=KanoInputError)


# --- coding labels to answer codes --------------------------------------------------------------

def _number_codes(values: np.ndarray) -> np.ndarray:
    """Float array -> codes 1..5, 0 for NaN, -1 for anything else."""
    out = np.full(values.shape, -1, dtype=np.int8)
    nan = np.isnan(values)
    ok = ~nan & (values == np.round(values)) & (values >= 1) & (values <= 5)
    out[ok] = values[ok].astype(np.int8)
    out[nan] = 0
    return out


def _code_uniques(uniques: pd.Index | np.ndarray, scale: Scale) -> np.ndarray:
    """Code the distinct labels of a column (-1 = unknown)."""
    out = np.full(len(uniques), -1, dtype=np.int8)
    for i, raw in enumerate(uniques):
        if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, bool):
            if scale.numeric:
                out[i] = _number_codes(np.array([float(raw)]))[0]
            continue
        key = normalise_label(raw)
        if key in scale.labels:
            out[i] = scale.labels[key]
        elif scale.numeric:
            try:
                out[i] = _number_codes(np.array([float(key)]))[0]
            except ValueError:
                pass
    return out


def answer_codes(values: Any, scale: Scale, column: str = "answers",
                 locate: Callable[[np.ndarray], str] | None = None) -> np.ndarray:
    """Code answers to 1..5 (0 = missing), vectorised over distinct labels.

    ``locate`` turns the mask of unknown answers into the user's columns and row labels
    (for answers stacked from a wide export); without it the message gives ``column``
    and row positions.

    Raises
    ------
    KanoInputError
        Listing every unknown label with how many rows carry it and the closest accepted
        label, where the rows are, and the accepted labels. An unknown label is never
        silently coded Q.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    out = lenient_codes(series, scale)
    if len(out) and out.min() < 0:  # one reduction; the mask only when there is something to name
        raise _unknown_labels(series, out < 0, scale, column, locate)
    return out


def lenient_codes(series: pd.Series, scale: Scale) -> np.ndarray:
    """Answer codes 1..5, 0 for missing and -1 for a label not on the scale (no error), per distinct label."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        coded = np.append(np.int8(0), _code_uniques(series.cat.categories, scale))
        codes = series.array.codes  # a read-only view (``.cat.codes`` copies)
        return small_take(coded, np.add(codes, 1, dtype=codes.dtype))  # -1 (missing) picks the leading 0; no overflow
    if isinstance(dtype, np.dtype) and dtype.kind in "iu" and scale.numeric:  # plain integers: no float copy
        arr = series.to_numpy()
        if not len(arr) or (arr.min() >= 1 and arr.max() <= 5):  # two reductions, the common case
            return arr.astype(np.int8)
        return np.where((arr >= 1) & (arr <= 5), arr, -1).astype(np.int8, copy=False)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        arr = series.to_numpy(dtype=float, na_value=np.nan)
        return _number_codes(arr) if scale.numeric else np.where(np.isnan(arr), 0, -1).astype(np.int8)
    # Arrow-backed strings (pandas 3's default) hash fastest as they are (Arrow's dictionary
    # encoding); other strings hash about a third faster as a plain object array
    arrow = getattr(dtype, "storage", None) == "pyarrow"
    raw = series.to_numpy(dtype=object) if pd.api.types.is_string_dtype(dtype) and not arrow else series
    idx, uniques = pd.factorize(raw, use_na_sentinel=True)
    coded = np.append(_code_uniques(uniques, scale), np.int8(0))
    return coded[idx]  # the sentinel -1 (missing) picks the appended 0


def _unknown_labels(series: pd.Series, mask: np.ndarray, scale: Scale, column: str, locate) -> KanoInputError:
    bad = pd.Series(np.asarray(series, dtype=object)[mask]).value_counts()
    where = locate(mask) if locate is not None else f"column {column!r}, first row positions: {positions(mask)}"
    return unknown_labels_error(bad, int(mask.sum()), where, scale)


def unknown_labels_error(bad: pd.Series, n_answers: int, where: str, scale: Scale) -> KanoInputError:
    """The error for unknown labels: ``bad`` maps each label to its number of answers, most frequent first."""
    shown = ", ".join(f"{v!r} ({n} row{'s' if n != 1 else ''}{_closest(v, scale)})" for v, n in bad.head(6).items())
    more = f" and {len(bad) - 6} more" if len(bad) > 6 else ""
    return KanoInputError(
        f"{len(bad)} unknown answer label(s) in {n_answers} answer(s): {shown}{more}; {where}. "
        f"Accepted ({scale.name} scale): {scale.accepted()}. "
        "Pass `answer_scale={label: answer}` for other wordings."
    )


def _closest(label: Any, scale: Scale) -> str:
    """"; did you mean 'I can tolerate it'?" for a near miss of an accepted label, else ""."""
    key = normalise_label(label)
    near = difflib.get_close_matches(key, list(scale.labels), n=1, cutoff=0.75)
    if not near:
        return ""
    shown = _DISPLAY.get(near[0], near[0])
    return f"; did you mean {shown!r}?"


def scales_for_sides(scale: Any) -> tuple[Scale, Scale]:
    """``scale`` may be one spec, or {"functional": spec, "dysfunctional": spec}."""
    if isinstance(scale, Mapping) and set(scale) == {"functional", "dysfunctional"}:
        return resolve_scale(scale["functional"]), resolve_scale(scale["dysfunctional"])
    s = resolve_scale(scale)
    return s, s


@renamed_argument("scale", "answer_scale", since="0.3")
@declared(error=KanoInputError, values=Anything("answers: labels or codes, read here"),
          answer_scale=Anything("read by kano.resolve_scale"))
def label_codes(values: Any, answer_scale: Any = None) -> np.ndarray:
    """Answer codes of labels without raising: 1-5, 0 for missing, -1 for a label not on the scale.

    Parameters
    ----------
    values : array-like
        Answer labels (or numbers, read as codes when the scale accepts numbers).
    answer_scale : optional
        As in :func:`resolve_scale`; ``None`` accepts every built-in wording and 1-5
        (``scale=`` of release 0.2 still works, with a FutureWarning).

    Returns
    -------
    numpy.ndarray
        ``int8`` codes: 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike, 0 missing,
        -1 unknown.

    See Also
    --------
    resolve_scale : the accepted labels of a scale.
    evaluate : codes answer pairs, raising on unknown labels.

    Examples
    --------
    >>> import cxresearch as cx
    >>> cx.kano.label_codes(["I dislike it", "I like it", None, "bof"]).tolist()
    [5, 1, 0, -1]
    """
    series = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values.astype(object)
    idx, uniques = pd.factorize(series, use_na_sentinel=True)
    coded = np.append(_code_uniques(uniques, resolve_scale(answer_scale)), np.int8(0))
    return coded[idx].astype(np.int8)
