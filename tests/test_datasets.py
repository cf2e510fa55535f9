"""Every dataset in the index loads; the wheel carries the data files."""

import subprocess
import sys
import zipfile

import pandas as pd
import pytest

import cxresearch as cx

INDEX = cx.list_datasets()


@pytest.mark.parametrize("name", INDEX["name"].tolist())
def test_every_indexed_dataset_loads_with_its_card(name):
    df = cx.load_dataset(name)
    row = INDEX.set_index("name").loc[name]
    assert df.shape == (row["rows"], row["columns"])
    card = cx.datasets.data_card(name)
    assert card.startswith(f"# {name}") and "Licence" in card and "How it was made" in card
    for col in ("category", "true_category"):
        if col in df:
            assert isinstance(df[col].dtype, pd.CategoricalDtype) and df[col].cat.ordered


def test_unknown_dataset_error_lists_the_names():
    with pytest.raises(ValueError, match="recruiting_kano"):
        cx.load_dataset("nope")


def test_built_wheel_carries_the_datasets_and_loads_them_elsewhere(tmp_path):
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(root)],
                   check=True, capture_output=True)
    wheel = next(wheel_dir.glob("cxresearch-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in INDEX["name"]:
        assert f"cxresearch/_datasets/{name}.csv" in names
        assert f"cxresearch/_datasets/{name}.md" in names
    assert not any("scripts" in n for n in names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("import cxresearch as cx; import pathlib; "
            "assert pathlib.Path(cx.__file__).is_relative_to(pathlib.Path(r'%s')), cx.__file__; "
            "print(len(cx.load_dataset('recruiting_kano')))" % target)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(target), "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "300"
