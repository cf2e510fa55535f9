"""One vocabulary: every argument name of the public API with its one meaning.

An argument name means the same thing in every function that takes it. Names whose
form is the same everywhere also carry their one constraint here, and
:func:`cxresearch._core.params.declared` applies it without the function repeating it;
a function may not declare those differently. Names whose form depends on the function
(a pattern of columns in one place, a list in another) say so and are declared by each
function. ``tests/test_declared.py`` holds every public signature to this table, and the
documentation page "Argument vocabulary" is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cxresearch._core.constraints import (
    Boolean, Frame, Integer, Keyed, Name, Names, Options, Pair, PathLike, Real, Seed, Text,
)

__all__ = ["VOCABULARY", "Term", "shared_spec"]

P_ADJUST_OPTIONS = ("holm", "fdr_bh", "bh", "none")


@dataclass(frozen=True)
class Term:
    """An argument name: its meaning and, where its form is the same everywhere, its constraint."""

    meaning: str
    spec: Any = None  # None: each function declares the form it takes
    shared: bool = True  # False: the function declares it (the meaning still holds)


_NUMBER_OR_CODES = "a value or list of values"
VOCABULARY: dict[str, Term] = {
    # data and columns
    "data": Term("The input table: rows of answers (a pandas DataFrame or another engine's frame; "
                 "some functions also take a count table or a Moments object, as their docstrings say).",
                 shared=False),
    "by": Term("Segment column(s): the result is computed per group of these columns.", [None, Names()]),
    "time": Term("The time column: waves, periods, dates or datetimes (read by one reader for time columns); "
                 "None, where a function allows it, reads all rows as one wave.", [None, Name()]),
    "metric": Term("The column a tracker measures (the 0-10 recommendation answer, a rating, a 0/1 column).",
                   Name()),
    "kind": Term("The KPI computed from `metric`: 'nps', 'top_box', 'top2_box', 'mean' or 'share'.",
                 shared=False),
    "promoters": Term("The NPS promoter band (low, high), both ends included: (9, 10) on the 0-10 scale.",
                      shared=False),
    "detractors": Term("The NPS detractor band (low, high), both ends included: (0, 6) on the 0-10 scale.",
                       shared=False),
    "weights": Term("The survey-weight column (non-negative; intervals use the Kish effective sample size).",
                    [None, Name()]),
    "outcome": Term("The overall-satisfaction (or yes/no) column explained by the model.", Name(), shared=False),
    "attributes": Term("The attributes: a list of rating columns (or, in simulators, the attributes to simulate).",
                       shared=False),
    "attribute": Term("The column naming the attribute in long data.", Name()),
    "category": Term("The column holding Kano categories (A O M I R Q) in coded data.", Name()),
    "functional": Term("The functional answers: a column name in long data, or the answers themselves.",
                       shared=False),
    "dysfunctional": Term("The dysfunctional answers: a column name in long data, or the answers themselves.",
                         shared=False),
    "importance": Term("The self-stated importance column (or a mapping attribute -> importance).", shared=False),
    "experience": Term("Experience (perceived performance) ratings: a column, a list of columns or a pattern "
                       "such as '{}_experience' (in simulators, effects on experience).", shared=False),
    "expectation": Term("Expectation ratings: a column, a list of columns or a pattern such as '{}_expectation' "
                        "(in simulators, effects on expectation).", shared=False),
    "respondent": Term("The respondent-identifier column (None, where a function allows it: no respondent column).",
                       [None, Name()]),
    "journey": Term("The journey-identifier column.", Name()),
    "step": Term("The column giving a step's position in its journey.", Name()),
    "rating": Term("The moment-by-moment rating column.", Name()),
    "retrospective": Term("The overall rating given after the journey.", Name()),
    "touchpoint": Term("The touchpoint column of long visit data.", Name()),
    "duration": Term("The column holding each step's duration.", [None, Name()]),
    "id_vars": Term("Columns carried along unchanged (respondent, segment, wave, ...).", shared=False),
    "touchpoints": Term("The touchpoints in journey order (in simulators, with their effects).", shared=False),
    "steps": Term("The steps of a simulated journey and their effects.", Keyed("a dict {step: effect}")),
    "promised": Term("The promised level (a column, or in simulators the range of promises).", shared=False),
    "perceived": Term("The perceived (felt, stated) level: a column, or for zones of tolerance a pattern, dict or "
                      "list of columns.", shared=False),
    "delivered": Term("The delivered level (a column, or in simulators its distribution).", shared=False),
    "columns": Term("The rating columns to reduce.", Names(single=False)),
    # scales and codes
    "scale": Term("The rating scale (low, high); None reads it from the data.", [None, Pair()]),
    "answer_scale": Term("The Kano answer labels accepted (see kano.resolve_scale); None accepts every built-in "
                         "wording and 1-5.", shared=False),
    "outcome_scale": Term("The outcome's rating scale (low, high); None reads it from the data.",
                          [None, Pair()]),
    "missing_codes": Term("Answer values that mean 'not applicable' or 'don't know', turned missing first "
                          f"({_NUMBER_OR_CODES}).", shared=False),
    "missing": Term("What to do with missing answers: 'listwise' (leave the row out, counted) or 'raise'; "
                    "drivers also takes 'pairwise' (each correlation from the rows answering both columns).",
                    Options("listwise", "raise")),
    "low": Term("The ratings counted as low (penalty band) or, in simulators, the top of the low band.",
                shared=False),
    "high": Term("The ratings counted as high (reward band) or, in simulators, the bottom of the high band.",
                 shared=False),
    "threshold": Term("The asymmetry share above which a factor is classified basic or excitement.", shared=False),
    # statistics
    "confidence": Term("The confidence level of intervals, between 0 and 1.",
                       Real(0, 1, closed="neither", expected="a number between 0 and 1 (e.g. 0.95)", example=0.95)),
    "alpha": Term("The significance level of tests, between 0 and 1.",
                  Real(0, 1, closed="neither", expected="a number between 0 and 1 (e.g. 0.05)", example=0.05)),
    "p_adjust": Term("The adjustment of p-values across a table: 'holm', 'fdr_bh' (alias 'bh') or 'none'.",
                     Options(*P_ADJUST_OPTIONS)),
    "min_n": Term("The fewest usable rows (or answers) a cell needs before it is estimated.", Integer(0)),
    "n_boot": Term("Bootstrap resamples (0: none). A percentile interval at level c needs at least "
                   "ceil(2 / (1 - c)) (40 at 95%: one resample per tail), or the call is refused; fewer than "
                   "ceil(10 / (1 - c)) (200 at 95%) warn. Use 1,000 or more for intervals you report.",
                   Integer(0)),
    "random_state": Term("The seed: None, an int or a numpy Generator; the same seed gives the same output.",
                         [None, Seed()]),
    "progress": Term("Show a progress bar (tqdm) for long runs.", Boolean()),
    "family": Term("The model family: None (read from the outcome), 'linear' or 'logit'.",
                   [None, Options("linear", "logit")], shared=False),
    "method": Term("The importance method.", shared=False),
    "rule": Term("The rule that picks a Kano category.", shared=False),
    "table": Term("The Kano evaluation table (a name or a 5x5 table).", shared=False),
    "duration_unit": Term("The unit in which Timedelta (duration) columns are read, e.g. waits in minutes.",
                          Options("minutes", "seconds", "hours", "days")),
    "lower_is_better": Term("True for measures where less is better (waits, prices).", Boolean()),
    # files
    "path": Term("The file to read (for cx.report, the file to write).", PathLike()),
    "sheet": Term("The sheet of a workbook (name or 0-based position).", shared=False),
    "keep_metadata": Term("Keep the survey tool's metadata columns.", Boolean()),
    "encoding": Term("The text encoding of a CSV export (None: told from the byte-order mark, UTF-8 or the "
                     "legacy code pages, refused when unclear).", [None, Text()]),
    "sep": Term("The delimiter of a CSV export (None: detected among , ; tab |).",
                [None, Text(max_len=1, expected="one delimiter character such as ',', ';', '\\t' or '|'")]),
    "decimal": Term("The decimal mark of a CSV export (None: the point, or the comma of a ;-delimited file).",
                    [None, Options(".", ",", expected="'.' or ','")]),
    "on_bad_lines": Term("Rows whose field count does not fit the header: 'error' (refused with line numbers) or "
                         "'skip' (left out and counted).", Options("error", "skip")),
    "name": Term("A dataset name (see list_datasets()).", Text()),
    # simulators
    "n": Term("How many units to simulate (respondents, callers, journeys, visits; per wave or period where "
              "the simulation has waves); in dropoff.power the list of sizes to try.", shared=False),
    "waves": Term("The waves of a simulation: how many, or their labels.", shared=False),
    "start": Term("The first wave's Kano category distribution.", shared=False),
    "coefficients": Term("The coefficients of a simulated peak-end model (intercept, mean, peak, trough, end, "
                         "steps).", [None, Keyed("a dict {term: coefficient}")]),
    "b_p": Term("The effect of the promised level on satisfaction in the promise model.", Real()),
    "gain": Term("The effect of a delivery better than promised in the promise model.", Real()),
    "loss": Term("The effect of a delivery worse than promised in the promise model.", Real()),
    "noise": Term("The noise level of a simulator.", shared=False),
    "segments": Term("Segments of a simulator and their shares or effects.", shared=False),
    "spread": Term("The spread of a simulator's answers.", shared=False),
    "intercept": Term("The intercept of a simulator's outcome.", Real()),
    "halo": Term("The halo effect of a simulator.", Real()),
}


def shared_spec(name: str) -> Any:
    """The one constraint of a shared argument name, or None when the function must declare it."""
    term = VOCABULARY.get(name)
    if term is None or not term.shared:
        return None
    return term.spec
