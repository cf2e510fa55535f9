"""Safe writes: Result.to_excel refuses to replace a file unasked and names path problems."""

import os

import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core import writing
from cxresearch.errors import CXInputError


@pytest.fixture(scope="module")
def result():
    return cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")))


def test_existing_workbook_is_not_replaced_unless_overwrite(tmp_path, result):
    path = tmp_path / "mine.xlsx"
    pd.DataFrame({"notes": ["my own sheet"]}).to_excel(path, sheet_name="mine", index=False)
    with pytest.raises(CXInputError, match=r"`path` must be a file that does not exist yet; got .*mine.xlsx.*"
                                           r"overwrite=True"):
        result.to_excel(path)
    assert list(pd.read_excel(path, sheet_name=None)) == ["mine"]  # the user's workbook is untouched
    result.to_excel(path, overwrite=True)
    assert "summary" in pd.read_excel(path, sheet_name=None)


@pytest.mark.parametrize("make, says", [
    (lambda d: d / "missing" / "out.xlsx", r"a file in an existing folder.*does not exist: create it"),
    (lambda d: d, r"not a folder.*Add a file name"),
    (lambda d: 5, r"a file path \(str or pathlib.Path\) ending in .xlsx; got 5"),
    (lambda d: d / "out.csv", r"a file name ending in .xlsx"),
])
def test_path_problems_are_cxresearch_errors_naming_the_fix(tmp_path, result, make, says):
    with pytest.raises(CXInputError, match=says):
        result.to_excel(make(tmp_path))


def test_overwrite_must_be_a_bool(tmp_path, result):
    with pytest.raises(CXInputError, match="`overwrite` must be True or False"):
        result.to_excel(tmp_path / "x.xlsx", overwrite="yes")


def test_no_permission_is_said_before_writing(tmp_path, result, monkeypatch):
    # root may write into read-only folders, so the permission answer is monkeypatched (os.access)
    monkeypatch.setattr(writing.os, "access", lambda path, mode: False)
    with pytest.raises(CXInputError, match=r"a file you may write.*no permission to write in"):
        result.to_excel(tmp_path / "x.xlsx")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_for_real(tmp_path, result):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CXInputError, match="no permission"):
            result.to_excel(folder / "x.xlsx")
    finally:
        folder.chmod(0o700)


def test_an_os_error_while_writing_names_the_file(tmp_path, result, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pd, "ExcelWriter", denied)  # e.g. the workbook is open in Excel on Windows
    with pytest.raises(CXInputError, match=r"x.xlsx' cannot be written: permission denied.*open in Excel"):
        result.to_excel(tmp_path / "x.xlsx")
