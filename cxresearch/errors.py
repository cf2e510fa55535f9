"""Exception and warning classes used across cxresearch."""

__all__ = [
    "CallError", "CXInputError", "InputWarning", "KanoInputError", "ScaleWarning", "SeparationWarning", "SurveyReadError",
    "ThinDataWarning", "TieWarning", "UnexpectedSignWarning",
]


class CXInputError(ValueError):
    """Input data or an argument that cxresearch cannot use.

    Every message names the parameter or column, what was expected, the offending
    values and a few row positions (0-based, as in ``df.iloc``).
    """


class CallError(CXInputError, TypeError):
    """A call that does not fit a public function's signature (an unknown or missing argument).

    A ``TypeError``, as Python's own, and a cxresearch error whose message suggests the
    nearest argument name ("Did you mean 'weights'?") and lists the arguments.
    """


class KanoInputError(CXInputError):
    """Kano questionnaire input that cannot be coded or analysed."""


class SurveyReadError(CXInputError):
    """A survey export that a :mod:`cxresearch.io` reader cannot read.

    The message names the file, the argument or the column that does not fit, what the
    reader expected and the fix (another reader, another sheet, the missing package).
    """


class ThinDataWarning(UserWarning):
    """A cell (attribute, group or wave) has too few answers for stable statistics."""


class TieWarning(UserWarning):
    """Two categories tie for the top place and a documented rule broke the tie."""


class InputWarning(UserWarning):
    """The input was read, but in a way the user should check (a partial column set, a code set aside)."""


class SeparationWarning(UserWarning):
    """A model's categories split perfectly by a covariate, so its coefficient is infinite.

    The estimate and its p-value are then not reported (NaN); the result says which way
    the categories split.
    """


class ScaleWarning(UserWarning):
    """A rating scale inferred from the data includes values that look like codes.

    Raised when no ``scale=`` is declared and the lowest or highest value of a rating
    column sits apart from the others (0 under a 1-5 block, 99 above it) or is a common
    code (0, 6, 9, 98, 99) next to a 1-5, 1-7 or 1-10 block: such answers usually mean
    "not applicable" or "don't know" and should be declared with ``missing_codes=``.
    """


class UnexpectedSignWarning(UserWarning):
    """An effect has the sign a model does not expect (e.g. a positive penalty), so it is not classified."""
