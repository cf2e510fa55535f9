"""cx.report: one self-contained HTML file per hand-over, read back with html.parser.

A report is checked as a reader's browser would see it: every figure of every result is an
embedded PNG (decodable, with the PNG signature), every table is there with the rows of the
result's own tables, the row accounting and settings are printed as the result states them,
each method is explained once with references, and nothing needs the network to display
(no script, no style sheet link, no http(s) address in a ``src`` or ``href``; every ``#`` link
points to an anchor of the page).
"""

from __future__ import annotations

import base64
import importlib
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser

import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.accounting import RowAccount
from cxresearch._core.results import Result
from cxresearch._report._methods import METHODS
from cxresearch.errors import CXInputError

from test_contract import MAKERS, PUBLIC_RESULTS  # one maker per public result class


class Page(HTMLParser):
    """What a browser would load and show: images, tables, headings, links, anchors, scripts."""

    def __init__(self, text: str):
        super().__init__()
        self.images, self.tables, self.ids, self.hrefs, self.srcs = [], [], set(), [], []
        self.tags: list[str] = []
        self.headings: list[str] = []
        self._table = None
        self._heading = None
        self._cell = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag == "table":
            self._table = {"class": attrs.get("class", ""), "header": [], "rows": []}
        if tag == "tr" and self._table is not None:
            self._table["rows"].append([])
        if tag in ("td", "th") and self._table is not None:
            self._cell = ""
        if tag in ("h2", "h3"):
            self._heading = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._heading is not None:
            self._heading += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._table is not None and self._cell is not None:
            self._table["rows"][-1].append(self._cell.strip())
            self._cell = None
        if tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        if tag in ("h2", "h3") and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None


def _png(src: str) -> bytes:
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix), src[:40]
    return base64.b64decode(src[len(prefix):], validate=True)


@pytest.fixture(scope="module")
def every_result():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # thin segments in the makers: not this test's subject
        return {name: make() for name, (make, _) in MAKERS.items()}


@pytest.fixture(scope="module")
def full_report(every_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "all.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cx.report(*every_result.values(), path=path, title="Every result")
    return path, Page(path.read_text(encoding="utf-8"))


def test_every_public_result_class_has_a_plain_method_text_with_references():
    names = sorted(name for _, name in PUBLIC_RESULTS)
    assert sorted(METHODS) == names
    for name in names:
        method = METHODS[name]
        assert len(method.text.split()) >= 30, name  # a paragraph, not a label
        assert method.references and all("(19" in r or "(20" in r for r in method.references), name
        plot_doc = getattr(importlib.import_module(dict((n, m) for m, n in PUBLIC_RESULTS)[name]), name).plot.__doc__
        for kind in method.kinds:  # the kinds shown are kinds the result's plot documents
            assert kind is None or f'"{kind}"' in plot_doc, (name, kind)


def test_a_report_of_every_result_class_embeds_every_figure(every_result, full_report):
    _, page = full_report
    expected = sum(len(METHODS[name].kinds) for name in every_result)
    assert len(page.images) == expected
    assert all(_png(src).startswith(b"\x89PNG\r\n\x1a\n") for src in page.images)


def test_a_report_prints_every_table_as_the_results_state_them(every_result, full_report):
    _, page = full_report
    # per result: settings, row accounting, readable summary and the full table, in that order
    data_tables = [t for t in page.tables if "settings" not in t["class"]]
    assert len(data_tables) == 3 * len(every_result)
    for i, res in enumerate(every_result.values()):
        rows_table, summary_table, full_table = data_tables[3 * i: 3 * i + 3]
        assert rows_table["rows"][0] == ["item", "count", "unit"]
        assert [r[1] for r in rows_table["rows"][1:]] == [str(n) for n in res.rows.to_frame()["count"]]
        summary = res.summary()
        assert summary_table["rows"][0] == [str(c) for c in summary.columns]
        assert len(summary_table["rows"]) - 1 == len(summary)
        assert full_table["rows"][0] == [str(c) for c in res.table.columns]
        assert len(full_table["rows"]) - 1 == len(res.table)
    settings_tables = [t for t in page.tables if "settings" in t["class"]]
    first = next(iter(every_result.values()))
    assert settings_tables[0]["rows"] == [[k, v] for k, v in first.settings.items() if k != "rows"]


def test_a_report_needs_nothing_from_outside_to_display(full_report):
    path, page = full_report
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    assert not [s for s in page.srcs if not s.startswith("data:")]
    assert all(h.startswith("#") for h in page.hrefs)
    assert {h[1:] for h in page.hrefs} <= page.ids  # every link lands on the page
    assert "http://" not in path.read_text(encoding="utf-8").replace("http://www.w3.org", "")


def test_each_method_is_explained_once_with_its_references(every_result, full_report, tmp_path):
    _, page = full_report
    for name in every_result:
        assert page.headings.count(METHODS[name].heading) == 1, name
    # two Kano results: two sections, one method text
    kano = every_result["KanoResult"]
    path = cx.report(kano, kano, path=tmp_path / "twice.html")
    text = path.read_text(encoding="utf-8")
    assert text.count("<section class='result'") == 2
    assert text.count("Better = (A+O)/(A+O+M+I)") == 1 and text.count("Berger, C. et al. (1993)") == 1


def test_an_existing_file_is_refused_unless_overwrite(every_result, tmp_path):
    kano = every_result["KanoResult"]
    path = tmp_path / "r.html"
    path.write_text("my notes", encoding="utf-8")
    with pytest.raises(CXInputError, match=r"`path` must be a file that does not exist yet.*overwrite=True"):
        cx.report(kano, path=path)
    assert path.read_text(encoding="utf-8") == "my notes"
    cx.report(kano, path=path, title="Second version", overwrite=True)
    assert "<h1>Second version</h1>" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("where", "message"), [
    ("missing/r.html", r"`path` must be a file in an existing folder.*does not exist: create it first"),
    ("r.pdf", r"`path` must be a file name ending in \.html"),
    (".", r"`path` must be a file name ending in \.html, not a folder"),
])
def test_path_problems_are_cxresearch_errors(every_result, tmp_path, where, message):
    with pytest.raises(CXInputError, match=message):
        cx.report(every_result["GapResult"], path=tmp_path / where)


def test_what_is_not_a_result_is_refused_by_position(every_result, tmp_path):
    res = every_result["GapResult"]
    with pytest.raises(CXInputError, match=r"`results` must be cxresearch result objects.*DataFrame at "
                                           r"position 1.*res, not res\.table"):
        cx.report(res, res.table, path=tmp_path / "r.html")
    with pytest.raises(CXInputError, match=r"`results` must be one or more cxresearch results"):
        cx.report(path=tmp_path / "r.html")
    with pytest.raises(CXInputError, match=r"^`title` must be"):
        cx.report(res, path=tmp_path / "r.html", title=3)
    assert not (tmp_path / "r.html").exists()


def test_text_from_the_user_is_escaped(every_result, tmp_path):
    path = cx.report(every_result["GapResult"], path=tmp_path / "r.html", title="<script>alert('x')</script> & Co")
    page = Page(path.read_text(encoding="utf-8"))
    assert "script" not in page.tags
    assert "<h1>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co</h1>" in path.read_text(encoding="utf-8")


@dataclass(frozen=True, kw_only=True, repr=False)
class _NoFigure(Result):
    """A result of a later release that has no method text here yet, and no figure."""

    _title = "A new analysis"

    def plot(self, kind=None, ax=None):
        raise CXInputError("this result has no figure")


def test_a_result_without_method_text_or_figure_is_said_so(tmp_path):
    res = _NoFigure(table=pd.DataFrame({"attribute": ["a"], "score": [1.5]}), rows=RowAccount(3, 2, {"empty": 1}))
    text = cx.report(res, path=tmp_path / "r.html").read_text(encoding="utf-8")
    assert "The default figure was not drawn: this result has no figure" in text
    assert "A result of a later release that has no method text here yet, and no figure." in text
    assert "3 rows in, 2 used (1 empty)" in text and "<img" not in text


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "firefox")


def test_a_headless_browser_renders_the_report(full_report, tmp_path):
    browser = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if browser is None:
        pytest.skip("no headless browser installed (chromium, google-chrome or firefox)")
    path, _ = full_report
    shot = tmp_path / "shot.png"
    if "firefox" in browser:
        cmd = [browser, "--headless", "--screenshot", str(shot), path.as_uri()]
    else:
        cmd = [browser, "--headless", "--disable-gpu", "--no-sandbox", f"--screenshot={shot}",
               "--window-size=1200,2000", path.as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert shot.is_file() and shot.read_bytes().startswith(b"\x89PNG")
