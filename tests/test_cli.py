"""The ``cxresearch`` command line, end to end in a subprocess, on shipped datasets and generated exports.

Each analysis run from the terminal must give the numbers the Python API gives on the same
file (the workbooks are read back sheet by sheet and compared with ``to_excel`` of the API's
result), a mistake must print the cxresearch message without a traceback and exit with status 2,
and an output file must never be replaced without ``--overwrite``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import tomllib
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# the package under test (the source tree or the installed wheel), also for the subprocess
PACKAGE_PARENT = str(Path(cx.__file__).resolve().parents[1])


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": PACKAGE_PARENT, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "cxresearch", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Shipped datasets saved as the plain CSV files an analyst would hold."""
    where = tmp_path_factory.mktemp("cli")
    for name in ("recruiting_kano", "service_ratings", "bank_branch_waves"):
        cx.load_dataset(name).to_csv(where / f"{name}.csv", index=False)
    return where


def _api(result, path: Path) -> dict[str, pd.DataFrame]:
    result.to_excel(path)
    return pd.read_excel(path, sheet_name=None)


def _same_workbooks(cli: Path, api: dict[str, pd.DataFrame]) -> None:
    got = pd.read_excel(cli, sheet_name=None)
    assert list(got) == list(api)
    for sheet in api:
        pd.testing.assert_frame_equal(got[sheet], api[sheet], obj=sheet)


def test_help_of_the_command_and_of_each_subcommand(tmp_path, capsys):
    top = run("--help", cwd=tmp_path)  # the command itself, in a subprocess; its subcommands in this process
    assert top.returncode == 0
    assert all(c in top.stdout for c in ("describe", "kano", "drivers", "dropoff", "--overwrite"))
    for command, option in [("describe", "--encoding"), ("kano", "--by"), ("drivers", "--outcome"),
                            ("dropoff", "--time")]:
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        out = capsys.readouterr().out
        assert done.value.code == 0 and option in out and "EXPORT" in out, command
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"cxresearch {cx.__version__}"


def test_kano_on_a_shipped_dataset_gives_the_workbook_of_the_api(folder, tmp_path):
    out = run("kano", folder / "recruiting_kano.csv", "--by", "industry", "-o", tmp_path / "kano.xlsx", cwd=folder)
    assert out.returncode == 0, out.stderr
    assert "with cx.io.read_table as a plain table" in out.stderr and "300 of 300 rows kept" in out.stderr
    api = cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")), by="industry")
    _same_workbooks(tmp_path / "kano.xlsx", _api(api, tmp_path / "api.xlsx"))


def test_drivers_with_a_pattern_gives_the_workbook_of_the_api(folder, tmp_path):
    out = run("drivers", folder / "service_ratings.csv", "--outcome", "overall", "--attributes", "*_experience",
              "--by", "segment", "--method", "shapley", "-o", tmp_path / "drivers.xlsx", cwd=folder)
    assert out.returncode == 0, out.stderr
    df = cx.load_dataset("service_ratings")
    cols = [c for c in df.columns if c.endswith("_experience")]  # the ten the pattern names, in file order
    api = cx.satisfaction.drivers(df, "overall", cols, by="segment", method="shapley")
    _same_workbooks(tmp_path / "drivers.xlsx", _api(api, tmp_path / "api.xlsx"))


def test_dropoff_writes_a_report_with_its_figures(folder, tmp_path):
    out = run("dropoff", folder / "bank_branch_waves.csv", "--time", "year", "-o", tmp_path / "waves.html",
              "--title", "Branch waves 2020-2025", cwd=folder)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "waves.html").read_text(encoding="utf-8")
    images = [v for _, v in _attrs(text, "img", "src")]
    assert len(images) == 2 and all(v.startswith("data:image/png;base64,") for v in images)  # shares, arrows
    assert "<h1>Branch waves 2020-2025</h1>" in text and "Drop-off detection" in text
    # the settings of the API's result on the same data, e.g. how many attributes dropped off
    api = cx.dropoff.detect(cx.kano.code(cx.load_dataset("bank_branch_waves")), time="year")
    assert f"drop-offs</th><td>{api.settings['drop-offs']}</td>" in text


def _attrs(text: str, tag: str, name: str) -> list[tuple[str, str]]:
    found = []

    class P(HTMLParser):
        def handle_starttag(self, t, attrs):
            found.extend((t, v) for k, v in attrs if t == tag and k == name)

    P().feed(text)
    return found


def test_kano_on_a_generated_survey_tool_export(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures_cli", FIXTURES / "make_fixtures.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    maker.write_qualtrics(tmp_path)  # three header rows, 12 responses of which 3 preview / test / spam
    out = run("kano", "qualtrics.csv", "-o", "kano.xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "with cx.io.read_survey as a qualtrics export" in out.stderr and "9 of 12 rows kept" in out.stderr
    assert "cxresearch: warning:" in out.stderr and "fewer than 30" in out.stderr  # 9 answers per attribute
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api = cx.kano.analyze(cx.kano.code(cx.io.read_survey(tmp_path / "qualtrics.csv")))
    _same_workbooks(tmp_path / "kano.xlsx", _api(api, tmp_path / "api.xlsx"))


def test_describe_says_what_each_column_of_an_export_is(tmp_path):
    out = run("describe", FIXTURES / "google_forms.csv", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    expected = cx.io.describe(cx.io.read_survey(FIXTURES / "google_forms.csv"))
    lines = out.stdout.splitlines()
    assert len(lines) == len(expected) + 1  # a header line, then one line per column
    for line, (_, row) in zip(lines[1:], expected.iterrows()):
        assert line.strip().startswith(row["column"]) and f" {row['role']} " in line
    assert "google_forms export" in out.stderr


def test_a_plain_csv_in_a_legacy_encoding_is_read_and_said(tmp_path):
    df = cx.load_dataset("service_ratings")
    cols = ["staff_courtesy_experience", "fee_waivers_experience"]
    table = df[["segment", "overall", *cols]].rename(columns={"overall": "Satisfaction générale"})
    table.to_csv(tmp_path / "notes.csv", sep=";", index=False, encoding="cp1252")
    out = run("drivers", "notes.csv", "--outcome", "Satisfaction générale", "-o", "d.xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "encoding cp1252" in out.stderr and "';'" in out.stderr  # the encoding and the delimiter detected
    assert f"every numeric column; choose with --attributes): {', '.join(cols)}" in out.stderr
    api = cx.satisfaction.drivers(table, "Satisfaction générale", cols)
    _same_workbooks(tmp_path / "d.xlsx", _api(api, tmp_path / "api.xlsx"))


def test_a_plain_excel_table_is_read_by_read_survey(tmp_path):
    df = cx.load_dataset("service_ratings")
    cols = ["short_waiting_time_experience", "online_booking_experience", "vip_lounge_experience"]
    df[["respondent", "overall", *cols]].to_excel(tmp_path / "ratings.xlsx", index=False, sheet_name="answers")
    out = run("drivers", "ratings.xlsx", "--outcome", "overall", "--attributes", *cols, "--sheet", "answers",
              "-o", "d.xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "with cx.io.read_survey as an excel export" in out.stderr and "2,000 of 2,000 rows kept" in out.stderr
    api = cx.satisfaction.drivers(df, "overall", cols)
    _same_workbooks(tmp_path / "d.xlsx", _api(api, tmp_path / "api.xlsx"))


@pytest.mark.parametrize(("args", "message"), [
    (["kano", "recruiting_kano.csv", "--by", "indstry"],
     "error: --by column 'indstry' not found in the data. Did you mean 'industry'?"),
    (["drivers", "service_ratings.csv", "--outcome", "overal"],
     "error: --outcome column 'overal' not found in the data. Did you mean 'overall'?"),
    (["drivers", "service_ratings.csv", "--outcome", "overall", "--attributes", "*_experiense"],
     "error: --attributes pattern '*_experiense' matches no column"),
    (["dropoff", "bank_branch_waves.csv", "--time", "wave"], "error: --time column 'wave' not found in the data"),
    (["kano", "no_such_file.csv"], "error: EXPORT must be an existing file; got 'no_such_file.csv', which does "
                                   "not exist"),
    (["kano", "recruiting_kano.csv", "-o", "kano.pdf"], "error: -o/--output must end in .xlsx"),
    (["kano", "recruiting_kano.csv", "-o", "missing/kano.xlsx"], "error: -o/--output must be a file in an "
                                                                 "existing folder"),
    (["kano", "service_ratings.csv"], "cxresearch kano: error: Could not find functional/dysfunctional answer "
                                      "columns"),  # ratings are no Kano pairs
])
def test_a_mistake_prints_the_message_and_returns_2(folder, monkeypatch, capsys, args, message):
    monkeypatch.chdir(folder)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_mistake_exits_2_without_a_traceback_in_a_terminal(folder):
    out = run("kano", "recruiting_kano.csv", "--by", "indstry", cwd=folder)
    assert out.returncode == 2
    assert "cxresearch kano: error: --by column 'indstry' not found in the data. Did you mean 'industry'?" in \
        out.stderr
    assert "Traceback" not in out.stderr + out.stdout and out.stdout == ""


def test_a_missing_required_option_is_argparse_status_2(folder):
    out = run("dropoff", "bank_branch_waves.csv", cwd=folder)
    assert out.returncode == 2 and "the following arguments are required: --time" in out.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".html"])
def test_an_output_file_is_never_replaced_without_overwrite(folder, tmp_path, suffix):
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"the manager's copy")
    out = run("kano", folder / "recruiting_kano.csv", "-o", target, cwd=folder)
    assert out.returncode == 2
    assert "-o/--output must be a file that does not exist yet" in out.stderr and "pass --overwrite" in out.stderr
    assert target.read_bytes() == b"the manager's copy"
    again = run("kano", folder / "recruiting_kano.csv", "-o", target, "--overwrite", cwd=folder)
    assert again.returncode == 0, again.stderr
    assert target.read_bytes() != b"the manager's copy" and f"Wrote {target}" in again.stdout
    if suffix == ".html":  # without --title, the heading names the analysis and the export
        assert "<h1>Kano analysis: recruiting_kano.csv</h1>" in target.read_text(encoding="utf-8")


def test_without_output_the_result_is_printed(folder):
    out = run("kano", "recruiting_kano.csv", cwd=folder)
    assert out.returncode == 0
    api = cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")))
    assert out.stdout.startswith("<Kano analysis>") and f"rows: {api.rows}" in out.stdout


def test_the_console_script_points_at_main():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, name = scripts["cxresearch"].partition(":")
    assert getattr(importlib.import_module(module), name) is main
    script = Path(sys.executable).parent / "cxresearch"  # installed with the package (a fresh venv, a wheel)
    if not script.is_file():
        pytest.skip("the console script is not installed in this environment (an older editable install)")
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == f"cxresearch {cx.__version__}"


def test_read_table_reads_a_plain_table_in_any_encoding(tmp_path):
    path = tmp_path / "a.csv"
    # cp1252 bytes, ';' delimiter, decimal commas, an identifier with leading zeros
    path.write_bytes("n°;Qualité;note\n007;Très bien;4,5\n012;Moyen;3\n\n".encode("cp1252"))
    df = cx.io.read_table(path)
    assert df.columns.tolist() == ["n°", "Qualité", "note"]
    assert df["n°"].tolist() == ["007", "012"] and df["Qualité"].tolist() == ["Très bien", "Moyen"]
    assert df["note"].tolist() == [4.5, 3.0]
    meta = df.attrs["cxresearch"]
    assert meta["reader"] == "table" and meta["encoding"] == "cp1252"
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    with pytest.raises(cx.errors.SurveyReadError, match=r"`path` must be a \.csv / \.tsv / \.txt / \.xlsx / "
                                                        r"\.xlsm / \.xls file for read_table\(\)"):
        cx.io.read_table(tmp_path / "a.json")
