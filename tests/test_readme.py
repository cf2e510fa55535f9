"""The README's quick start runs, and its notebook and dataset tables list everything shipped."""

import re
from pathlib import Path

import pytest

import cxresearch as cx

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore::cxresearch.errors.ThinDataWarning")  # VIP bands, shown to users on purpose
def test_quick_start_runs():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks, "no python block in README.md"
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert namespace["drops"].table["direction"].eq("drop-off").any()


def test_the_documentation_shows_the_same_quick_start():
    guide = (ROOT / "docs" / "getting_started.md").read_text(encoding="utf-8")
    assert re.findall(r"```python\n(.*?)```", guide, flags=re.S) == re.findall(r"```python\n(.*?)```", README,
                                                                            flags=re.S)


def test_tables_list_every_notebook_and_dataset():
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        assert f"`notebooks/{nb.name}`" in README, nb.name
    for name in cx.list_datasets()["name"]:
        assert f"| `{name}` |" in README, name
