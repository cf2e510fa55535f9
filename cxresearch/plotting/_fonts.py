"""Fonts for labels in any script: a fallback font for glyphs the current font lacks, or one warning.

matplotlib draws a character its font lacks as an empty box. :func:`fit_fonts` looks at
every text of a finished figure; where a text needs characters its font family does not
have (Chinese attribute names in DejaVu Sans, say), it adds an installed font that has them
as a fallback of that text's family (matplotlib >= 3.6 draws each character from the first
font of the family list that has it), preferring the common CJK fonts. When no installed
font has them it warns once (:class:`~cxresearch.errors.InputWarning`), naming the fix.
"""

from __future__ import annotations

import functools
import warnings

from cxresearch.errors import InputWarning

__all__ = ["PREFERRED", "fit_fonts", "missing_glyphs"]

# Fonts tried first, in this order (then any other installed font that has the characters).
PREFERRED = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC", "Noto Sans TC",
             "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC",
             "Arial Unicode MS", "Noto Sans", "Droid Sans Fallback")
_WARNED: set[str] = set()  # the characters already warned about in this session (one warning each)


@functools.cache
def _charmap(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    from matplotlib.ft2font import FT2Font

    try:
        return frozenset(FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):  # pragma: no cover - an unreadable font file
        return frozenset()


def _path(family: str) -> str | None:
    """The file matplotlib would use for ``family`` (None when it is not installed)."""
    from matplotlib import font_manager

    try:
        return font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return None


def missing_glyphs(text: str, families) -> set[str]:
    """The characters of ``text`` none of the fonts of ``families`` has (spaces and controls aside)."""
    wanted = {c for c in text if ord(c) > 0x7F and c.isprintable() and not c.isspace()}
    for family in ([families] if isinstance(families, str) else list(families)):
        if not wanted:
            break
        path = _path(family)
        if path is not None:
            wanted = {c for c in wanted if ord(c) not in _charmap(path)}
    return wanted


@functools.cache
def _installed() -> tuple[tuple[str, str], ...]:
    """(family name, file) of every installed font, the preferred ones first."""
    from matplotlib import font_manager

    fonts = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    rank = {name: i for i, name in enumerate(PREFERRED)}
    return tuple(sorted(fonts.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def fallback_for(chars: set[str]) -> str | None:
    """The first installed font (preferred ones first) that has every character of ``chars``."""
    codes = {ord(c) for c in chars}
    for name, path in _installed():
        if name.startswith("Last Resort"):  # placeholder glyphs (a box naming the script), not the letters
            continue
        if codes <= _charmap(path) and _path(name) is not None:
            return name
    return None


def fit_fonts(fig, axes=None) -> None:
    """Give every text of ``fig`` (or of ``axes`` only) a fallback font for characters its font lacks.

    Warns once when no installed font has them.
    """
    from matplotlib.text import Text

    unmet: set[str] = set()
    scope = [fig] if axes is None else list(axes)
    for text in (t for part in scope for t in part.findobj(Text)):
        family = list(text.get_fontfamily())
        lacking = missing_glyphs(text.get_text(), family)
        if not lacking:
            continue
        extra = fallback_for(lacking)
        if extra is None:
            unmet |= lacking
        else:
            text.set_fontfamily([*family, extra])
    for axis in (a for ax in (fig.axes if axes is None else scope) for a in (ax.xaxis, ax.yaxis)):
        shown = "".join(t.get_text() for t in axis.get_ticklabels())
        lacking = missing_glyphs(shown, axis.get_ticklabels()[0].get_fontfamily()) if shown else set()
        extra = fallback_for(lacking) if lacking else None
        if extra is not None:  # the tick labels made at draw time too
            axis.set_tick_params(labelfontfamily=[*axis.get_ticklabels()[0].get_fontfamily(), extra])
    _warn(unmet)


def _warn(chars: set[str]) -> None:
    new = "".join(sorted(chars - _WARNED))
    if not new:
        return
    _WARNED.update(new)
    warnings.warn(f"No installed font has the characters {new[:12]!r}{'...' if len(new) > 12 else ''} of these "
                  "labels: they show as empty boxes. Install a font that has them (for Chinese, Japanese or Korean "
                  "e.g. `sudo apt install fonts-noto-cjk`, or Noto Sans CJK from fonts.google.com), then rebuild "
                  "matplotlib's font list (delete the fontlist-*.json in matplotlib.get_cachedir()) and restart "
                  "Python: cxresearch then uses it, or name it yourself with "
                  "matplotlib.rcParams['font.family'] = ['DejaVu Sans', 'Noto Sans CJK SC'].",
                  InputWarning, stacklevel=3)
