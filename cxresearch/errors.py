"""Exception and warning classes used across cxresearch."""

__all__ = ["CXInputError", "KanoInputError", "SeparationWarning", "ThinDataWarning", "TieWarning"]


class CXInputError(ValueError):
    """Input data or an argument that cxresearch cannot use.

    Every message names the parameter or column, what was expected, the offending
    values and a few row positions (0-based, as in ``df.iloc``).
    """


class KanoInputError(CXInputError):
    """Kano questionnaire input that cannot be coded or analysed."""


class ThinDataWarning(UserWarning):
    """A cell (attribute, group or wave) has too few answers for stable statistics."""


class TieWarning(UserWarning):
    """Two categories tie for the top place and a documented rule broke the tie."""


class SeparationWarning(UserWarning):
    """A model's categories split perfectly by a covariate, so its coefficient is infinite.

    The estimate and its p-value are then not reported (NaN); the result says which way
    the categories split.
    """
