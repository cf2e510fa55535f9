"""The pieces of a report page: one section per result, the methods, figures as embedded PNG, the style.

Everything the page needs is inside it (the style sheet in ``<style>``, figures as
``data:image/png;base64`` URIs, links only to anchors of the page itself), so the file opens in
any browser, offline, e-mailed or copied to a shared drive.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import pandas as pd

from cxresearch._report._methods import Method
from cxresearch.errors import CXInputError

__all__ = ["figure_png", "methods_section", "page", "result_section"]

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",
sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1f2328;line-height:1.45}
h1{font-size:1.8em;margin-bottom:.2em}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2em;margin-top:2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}.meta{color:#57606a;font-size:.9em}
table{border-collapse:collapse;font-size:.85em;margin:.3em 0 1em}
th,td{border:1px solid #d0d7de;padding:.25em .6em;text-align:right;vertical-align:top}
th{background:#f6f8fa}td:first-child,th:first-child{text-align:left}
table.settings th,table.settings td{text-align:left}table.settings th{white-space:nowrap}
figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #eaeef2}
figcaption{color:#57606a;font-size:.85em}.note{color:#9a6700}
details{margin:.5em 0 1em}summary{cursor:pointer;color:#0969da}
.refs li{font-size:.9em;margin-bottom:.3em}nav ol{columns:2}
@media print{section.result{break-before:page}details{display:block}nav{display:none}}
"""


def _text(value: Any) -> str:
    return html.escape(str(value))


def frame_html(frame: Any) -> str:
    """A table as HTML: a DataFrame without its index, or anything with ``to_html()`` (a Styler)."""
    if isinstance(frame, pd.DataFrame):
        return frame.to_html(index=False, na_rep="", border=0, classes="data")
    return frame.to_html()


def figure_png(result: Any, kind: str | None) -> tuple[str | None, str]:
    """``(base64 PNG, "")`` of one plot kind of a result, or ``(None, why)`` when the result refuses it."""
    import matplotlib.pyplot as plt

    try:
        fig = result.plot() if kind is None else result.plot(kind)
    except CXInputError as exc:
        return None, f"The {kind or 'default'} figure was not drawn: {exc}"
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii"), ""


def _settings_table(settings: dict[str, str]) -> str:
    rows = "".join(f"<tr><th>{_text(k)}</th><td>{_text(v)}</td></tr>" for k, v in settings.items()
                   if k != "rows")
    return f"<table class='settings'>{rows}</table>" if rows else "<p>No settings recorded.</p>"


def _figures(result: Any, method: Method, title: str) -> str:
    parts = []
    for kind in method.kinds:
        png, why = figure_png(result, kind)
        if png is None:
            parts.append(f"<p class='note'>{_text(why)}</p>")
            continue
        caption = f"{title}: {'the default figure' if kind is None else f'the {kind} figure'}"
        parts.append(f"<figure><img src='data:image/png;base64,{png}' alt='{_text(caption)}'>"
                     f"<figcaption>{_text(caption)}</figcaption></figure>")
    return "".join(parts)


def result_section(number: int, result: Any, method: Method, anchor: str) -> str:
    """One result: its title, settings, row accounting, readable table, full table, figures and method link."""
    title = getattr(result, "_title", type(result).__name__)
    table = result.table
    return (
        f"<section class='result' id='result-{number}'><h2>{number}. {_text(title)}</h2>"
        f"<h3>Settings</h3>{_settings_table(result.settings)}"
        f"<h3>Rows</h3><p>{_text(result.rows)}</p>{frame_html(result.rows.to_frame())}"
        f"<h3>Results</h3>{frame_html(result.summary())}"
        f"<details><summary>Every column of the result table ({len(table):,} rows, {table.shape[1]} columns)"
        f"</summary>{frame_html(table)}</details>"
        f"<h3>Figures</h3>{_figures(result, method, title)}"
        f"<p class='meta'>How this was computed: <a href='#{anchor}'>{_text(method.heading)}</a>.</p>"
        "</section>"
    )


def methods_section(methods: dict[str, Method]) -> str:
    """Each method once, in plain words, with its references."""
    parts = ["<section id='methods'><h2>Methods and references</h2>"]
    for anchor, method in methods.items():
        refs = "".join(f"<li>{_text(r)}</li>" for r in method.references)
        parts.append(f"<h3 id='{anchor}'>{_text(method.heading)}</h3><p>{_text(method.text)}</p>"
                     + (f"<ul class='refs'>{refs}</ul>" if refs else ""))
    return "".join(parts) + "</section>"


def page(title: str, sections: list[tuple[str, str]], methods: str, footer: str) -> str:
    """The whole document: head with the style, title, contents, the sections, the methods and a footer."""
    contents = "".join(f"<li><a href='#result-{i}'>{_text(name)}</a></li>"
                       for i, (name, _) in enumerate(sections, 1))
    contents += "<li><a href='#methods'>Methods and references</a></li>"
    body = "".join(text for _, text in sections)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_text(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{_text(title)}</h1><p class='meta'>{_text(footer)}</p></header>"
        f"<nav><h2>Contents</h2><ol>{contents}</ol></nav>{body}{methods}"
        f"<footer><p class='meta'>{_text(footer)}</p></footer></body></html>\n"
    )
