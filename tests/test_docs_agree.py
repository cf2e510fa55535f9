"""README and the documentation say the same about what ships: the notebooks, the datasets, the API.

Each test reads the shipped files (notebooks/, the dataset index, each module's ``__all__``)
and checks every place in README.md and docs/ that counts or lists them.
"""

import importlib
import re
from pathlib import Path

import pytest

import cxresearch as cx

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "docs").rglob("*.rst"))]
PAGES = [p for p in PAGES if "_build" not in p.parts and "generated" not in p.parts]
WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                    "fourteen fifteen sixteen".split())}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_notebooks_folder_holds_the_cases_the_docs_describe():
    assert len(NOTEBOOKS) == 9, NOTEBOOKS  # the count the pages below must agree with


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_count_of_notebooks_or_worked_cases_is_the_number_shipped(page):
    said = re.findall(r"\b(\w+)\s+(?:worked\s+cases|(?:worked-case\s+|example\s+|shipped\s+)?notebooks)\b",
                      _text(page), flags=re.I)
    counts = [(w, WORDS.get(w.lower(), int(w) if w.isdigit() else None)) for w in said]
    wrong = [w for w, n in counts if n is not None and n != len(NOTEBOOKS)]
    assert not wrong, f"{page.name} counts {wrong} notebooks; notebooks/ holds {len(NOTEBOOKS)}"


def test_readme_and_user_guide_list_exactly_the_notebooks():
    readme = sorted(set(re.findall(r"`notebooks/(\d\d_\w+)\.ipynb`", _text(ROOT / "README.md"))))
    guide = sorted(set(re.findall(r"\{doc\}`(\d\d_\w+)`", _text(ROOT / "docs" / "user_guide" / "index.md"))))
    assert readme == NOTEBOOKS
    assert guide == NOTEBOOKS


@pytest.mark.parametrize("page", ["README.md", "docs/getting_started.md"])
def test_dataset_tables_list_exactly_the_shipped_datasets(page):
    listed = re.findall(r"^\| `(\w+)` \|", _text(ROOT / page), flags=re.M)
    assert sorted(listed) == sorted(cx.list_datasets()["name"])


@pytest.mark.parametrize("module", ["kano", "dropoff", "satisfaction", "journey", "expectation", "simulate",
                                    "datasets", "io", "errors", "tracking"])
def test_the_api_reference_lists_every_public_name(module):
    rst = _text(ROOT / "docs" / "api" / f"{module}.rst")
    exported = importlib.import_module(f"cxresearch.{module}").__all__
    listed = set(re.findall(r"^\s+(\w+)$", rst, flags=re.M)) | set(re.findall(r"^\.\. data:: (\w+)$", rst, flags=re.M))
    assert [name for name in exported if name not in listed] == []


def test_every_cx_name_the_pages_mention_exists():
    missing = set()
    for page in PAGES:
        for dotted in re.findall(r"\b(?:cx|cxresearch)\.((?:[a-z_]+\.)*[A-Za-z_]+)\b", _text(page)):
            obj = cx
            for part in dotted.split("."):
                obj = getattr(obj, part, None)
            if obj is None:
                missing.add(f"{page.name}: {dotted}")
    assert not missing
