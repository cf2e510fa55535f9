"""Every public function declares every argument, and every declaration refuses bad values by name.

The test is generated: it walks the ``__all__`` of every capability module, so a new public
function without declarations fails here (scikit-learn's ``validate_params`` idea, and its
common test over all estimators). For each declared argument it takes the values its
constraints say are wrong (wrong types, out of range, NaN, a misspelt option), calls the
function with valid values for everything else, and asserts a cxresearch error naming the
argument. The constraints themselves are checked on hand-picked values below, so the walk
does not merely trust them.
"""

from __future__ import annotations

import importlib
import inspect
import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.params import (
    Anything, Boolean, Frame, Instance, Integer, Keyed, Name, Names, Options, Pair, PathLike, Real, Seed, Text,
    declarations,
)
from cxresearch._core.vocabulary import VOCABULARY
from cxresearch.errors import CallError, CXInputError

MODULES = [cx.kano, cx.dropoff, cx.satisfaction, cx.journey, cx.expectation, cx.io, cx.simulate, cx.datasets, cx.tracking,
           importlib.import_module("cxresearch._report")]  # cx.report


def public_functions():
    out = {}
    for module in MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                out[f"{module.__name__.split('.')[-1]}.{name}"] = obj
    return out


FUNCTIONS = public_functions()
VALID = {  # one valid value per kind of constraint, used for the arguments not under test
    Frame: pd.DataFrame({"a": [1.0, 2.0]}), Name: "a", Names: ["a"], Text: "a", Real: None, Integer: None,
    Boolean: True, Options: None, Pair: (1, 5), Seed: 0, PathLike: "survey.csv", Keyed: {}, Anything: None,
    Instance: None,
}


def _valid(spec):
    """A value meeting one alternative of ``spec`` (None where None is allowed)."""
    alternatives = spec if isinstance(spec, list) else [spec]
    if None in alternatives:
        return None
    alt = alternatives[0]
    if isinstance(alt, Options):
        return alt.options[0]
    if isinstance(alt, (Real, Integer)):
        low, high = alt.low, alt.high
        value = (low + 1 if high is None else (low + high) / 2) if low is not None else (0 if high is None else
                                                                                        high - 1)
        return int(math.ceil(value)) if isinstance(alt, Integer) else float(value)
    if isinstance(alt, Instance):
        return type(alt.names[0], (), {})()
    if isinstance(alt, Names) and not alt.single:
        return ["a", "b"]
    return VALID[type(alt)]


def _accepted(spec, value) -> bool:
    alternatives = spec if isinstance(spec, list) else [spec]
    return any((a is None and value is None) or (a is not None and a.ok(value)) for a in alternatives)


def _case_id(value):
    """A stable test id (no memory address in it: parallel workers must collect the same tests)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))[:60]


def _cases():
    for fname, func in FUNCTIONS.items():
        table = declarations(func) or {}
        for arg, spec in table.items():
            alternatives = spec if isinstance(spec, list) else [spec]
            seen = set()
            for alt in alternatives:
                if alt is None:
                    continue
                for bad in alt.invalid():
                    key = repr(bad)
                    if key in seen or _accepted(spec, bad):
                        continue
                    seen.add(key)
                    yield pytest.param(fname, arg, bad, id=f"{fname}-{arg}-{_case_id(bad)[:30]}")


@pytest.mark.parametrize("fname", sorted(FUNCTIONS))
def test_every_public_function_declares_every_argument(fname):
    func = FUNCTIONS[fname]
    table = declarations(func)
    assert table is not None, f"{fname} has no @declared(...) constraints"
    params = [p for p, v in inspect.signature(func).parameters.items()
              if v.kind not in (v.VAR_POSITIONAL, v.VAR_KEYWORD)]
    assert sorted(table) == sorted(params)


@pytest.mark.parametrize(("fname", "arg", "bad"), list(_cases()))
def test_every_declared_argument_refuses_bad_values_by_name(fname, arg, bad):
    func = FUNCTIONS[fname]
    table = declarations(func)
    sig = inspect.signature(func)
    kwargs = {name: _valid(table[name]) for name, param in sig.parameters.items()
              if param.default is inspect.Parameter.empty and param.kind not in (param.VAR_POSITIONAL,
                                                                                  param.VAR_KEYWORD)}
    kwargs[arg] = bad
    with pytest.raises(CXInputError) as caught:
        func(**kwargs)
    message = str(caught.value)
    assert message.startswith(f"`{arg}` must be"), message
    alternatives = table[arg] if isinstance(table[arg], list) else [table[arg]]
    typo = isinstance(bad, str) and any(isinstance(a, Options) and bad.lower()[:-1] in
                                        [str(o).lower() for o in a.options] for a in alternatives)
    if typo:
        assert "Did you mean" in message


@pytest.mark.parametrize("fname", sorted(FUNCTIONS))
def test_every_default_meets_its_declaration(fname):
    func = FUNCTIONS[fname]
    table = declarations(func)
    for name, param in inspect.signature(func).parameters.items():
        if name in table and param.default is not inspect.Parameter.empty:
            assert _accepted(table[name], param.default), (fname, name, param.default)


# The constraints on hand-picked values (what a reader of the docs would expect of each).
@pytest.mark.parametrize(("constraint", "good", "bad"), [
    (Real(0, 1, closed="neither"), [0.5, np.float32(0.9), 1e-9], [0, 1, float("nan"), True, "0.5", 95]),
    (Real(0), [0, 3.5, 10**6], [-1e-12, float("inf"), None]),
    (Integer(0), [0, 5, np.int64(3)], [-1, 2.0, True, np.bool_(True), float("nan")]),
    (Boolean(), [True, False, np.bool_(False)], [0, 1, "True", None]),
    (Options("holm", "none"), ["holm", "none"], ["Holm", "hol", None, 1]),
    (Name(), ["q1", 3, ("a", "b")], ["", 2.5, float("nan"), True, ["q1"], None]),
    (Names(), ["q1", ["q1", "q2"], ("q1",)], [[], ["q1", "q1"], 2.5, {"q1": 1}, None, [["q1"]]]),
    (Names(single=False), [["q1"]], ["q1"]),
    (Pair(), [(1, 5), [0, 10], (np.int64(1), 7.0)], [(5, 1), (1, 1), (1, float("nan")), (1, 2, 3), 5, "15"]),
    (Seed(), [0, 42, np.random.default_rng(0)], [-1, 1.5, "0", True]),
    (Frame(), [pd.DataFrame()], [None, [1], pd.Series([1.0]), np.ones(3), "data.csv"]),
    (PathLike(), ["a.csv"], ["", 5, None]),
    (Text(), ["{}_experience"], ["", 5]),
])
def test_constraints_on_hand_picked_values(constraint, good, bad):
    assert all(constraint.ok(v) for v in good), [v for v in good if not constraint.ok(v)]
    assert not any(constraint.ok(v) for v in bad), [v for v in bad if constraint.ok(v)]


def test_a_percentage_for_a_level_is_named_with_the_fix():
    df = cx.load_dataset("service_ratings")
    with pytest.raises(CXInputError, match=r"`confidence` must be .*got 95\. Give a level such as 0\.95 \(not 95\)"):
        cx.satisfaction.drivers(df, "overall", ["staff_courtesy_experience"], confidence=95)


def test_a_misspelt_keyword_is_a_call_error_with_the_nearest_name():
    df = cx.load_dataset("service_ratings")
    with pytest.raises(CallError, match=r"satisfaction\.drivers\(\).*'wieghts'.*Did you mean 'weights'\?") as caught:
        cx.satisfaction.drivers(df, "overall", ["staff_courtesy_experience"], wieghts="w")
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, ValueError)


def test_one_name_one_meaning_across_the_api():
    """A name used by two or more public functions is in the vocabulary; every name is documented."""
    uses, undocumented = Counter(), []
    for fname, func in FUNCTIONS.items():
        doc = inspect.getdoc(func) or ""
        params = doc.split("Parameters\n----------\n", 1)[-1].split("\nReturns\n", 1)[0]
        for name, param in inspect.signature(func).parameters.items():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            uses[name] += 1
            if not re.search(rf"(^|, )\*?{re.escape(name)}\b", params, re.M):
                undocumented.append(f"{fname}: {name}")
    assert undocumented == []
    shared = {name for name, n in uses.items() if n >= 2}
    assert not sorted(shared - set(VOCABULARY)), "names shared by functions but missing from the vocabulary"


def test_the_vocabulary_lists_only_names_in_use():
    used = {n for f in FUNCTIONS.values() for n in inspect.signature(f).parameters}
    assert sorted(set(VOCABULARY) - used) == []


@pytest.mark.parametrize(("call", "old"), [
    (lambda **k: cx.simulate.kano_survey({"wifi": "A"}, random_state=0, **k), "respondents"),
    (lambda **k: cx.simulate.rating_tracker({"speed": {"penalty": -0.5, "reward": 0.5, "experience": 3.0}}, periods=2, random_state=0,
                                            **k), "respondents"),
])
def test_renamed_arguments_still_work_with_a_future_warning(call, old):
    with pytest.warns(FutureWarning, match=rf"`{old}` was renamed `n`"):
        renamed = call(**{old: 40})
    again = call(n=40)
    pd.testing.assert_frame_equal(renamed[0] if isinstance(renamed, tuple) else renamed,
                                  again[0] if isinstance(again, tuple) else again)


def test_review_regressions_of_the_declared_checks():
    """What a fresh-eyes review found: each was accepted (or refused by name) before the declarations."""
    import warnings

    from cxresearch._core.weights import check_weights

    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")][:3]
    # a generator is read once by the check and handed on as a list (it was silently emptied)
    by_gen = cx.satisfaction.moments(df, ["overall", *cols], by=(c for c in ["segment"]))
    assert by_gen.by == ("segment",)
    # a missing name among names is named, never a bare TypeError from pd.NA's truth value
    with pytest.raises(CXInputError, match=r"`by` must be .*Positions \[1\] are missing"):
        cx.satisfaction.drivers(df, "overall", cols, by=["segment", pd.NA])
    # an int too large for a float is refused by name, not an OverflowError
    with pytest.raises(CXInputError, match=r"`confidence` must be a number between 0 and 1"):
        cx.satisfaction.drivers(df, "overall", cols, confidence=10**400)
    # one attribute given as a bare name works as before, and equals the list of one
    pd.testing.assert_frame_equal(cx.satisfaction.drivers(df, "overall", cols[0]).table,
                                  cx.satisfaction.drivers(df, "overall", [cols[0]]).table)
    # threshold=(0, 0) is the pair form of threshold=0 (accepted by the body's own rule)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pair = cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), threshold=(0.0, 0.0))
        number = cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), threshold=0)
    assert pair.table["factor"].tolist() == number.table["factor"].tolist()
    # weights spanning 1e-300 to 1e300: the refusal, without a numpy overflow warning on the way
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(CXInputError, match=r"the weights span 1e-300 \(row 1\) to 1e\+300 \(row 0\)"):
            check_weights(pd.DataFrame({"w": [1e300, 1e-300] + [1.0] * 8}), "w")


def test_the_kano_answer_scale_has_its_own_name_and_scale_still_reads_with_a_warning():
    functional, dysfunctional = ["I like it", "I expect it"], ["I dislike it", "I dislike it"]
    # like/dislike -> O; expect/dislike -> M (the standard evaluation table)
    now = cx.kano.evaluate(functional, dysfunctional, answer_scale="english")
    assert list(now) == ["O", "M"]
    with pytest.warns(FutureWarning, match=r"`scale` was renamed `answer_scale`"):
        before = cx.kano.evaluate(functional, dysfunctional, scale="english")
    assert list(before) == list(now)
    with pytest.raises(CXInputError, match=r"^`answer_scale` must be"):
        cx.kano.evaluate(functional, dysfunctional, answer_scale="klingon")
