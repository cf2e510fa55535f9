"""The package's shape: public names of release 0.1 still import, rooms stay small, no sideways imports.

These are the checks anyone can run by hand (``wc -l cxresearch/**/*.py``; ``grep -rn
"^\\s\\+from \\.\\|^\\s\\+import " cxresearch``), kept as tests so the layout cannot drift.
"""

import ast
import importlib
from pathlib import Path

import pytest

import cxresearch

PACKAGE = Path(cxresearch.__file__).resolve().parent
ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(PACKAGE.rglob("*.py"))

# Every name in every __all__ of release 0.1 (before the redesign), and the module attributes the
# docs pointed users to. They must keep importing from the same public module.
PUBLIC_0_1 = {
    "cxresearch": ["__version__", "datasets", "dropoff", "journey", "kano", "list_datasets", "load_dataset",
                   "satisfaction", "simulate"],
    "cxresearch.kano": ["CATEGORIES", "CATEGORY_DTYPE", "EvaluationTable", "KanoResult", "analyze", "answer_labels",
                        "code", "continuous", "counts", "evaluate", "evaluation_table", "resolve_scale",
                        "service_plan"],
    "cxresearch.dropoff": ["DropoffResult", "PowerResult", "detect", "power"],
    "cxresearch.satisfaction": ["DriversResult", "GapResult", "IPAResult", "PenaltyRewardResult", "SurfaceResult",
                                "disconfirmation", "drivers", "gap_analysis", "importance_performance",
                                "penalty_reward"],
    "cxresearch.journey": ["PeakEndResult", "journey_features", "peak_end"],
    "cxresearch.simulate": ["Path", "answer_pairs", "drift", "journeys", "kano_survey", "kano_waves", "rating_survey",
                            "stable", "step", "to_wide", "probabilities", "PEAK_END"],
    "cxresearch.datasets": ["list_datasets", "load_dataset", "data_card"],
    "cxresearch.errors": ["CXInputError", "KanoInputError", "ThinDataWarning", "TieWarning"],
}
# Modules whose imports are allowed inside functions: optional dependencies, matplotlib, and statsmodels
# (a required dependency that loads on first use, so that `import cxresearch` does not pay for it:
# tests/test_import.py).
LAZY_IMPORTS = ("matplotlib", "openpyxl", "pyreadstat", "xlrd", "tqdm", "narwhals", "duckdb", "polars", "dask",
                "distributed", "pyarrow", "pyspark", "statsmodels")


@pytest.mark.parametrize("module", sorted(PUBLIC_0_1))
def test_every_public_name_of_release_0_1_still_imports(module):
    mod = importlib.import_module(module)
    missing = [name for name in PUBLIC_0_1[module] if not hasattr(mod, name)]
    assert not missing, f"{module} lost {missing}"
    assert set(getattr(mod, "__all__", [])) <= set(dir(mod))


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _body_lines(fn) -> int:
    """Lines of a function without its docstring."""
    body = fn.body
    has_doc = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
        and isinstance(body[0].value.value, str)
    if has_doc and len(body) == 1:
        return 0
    start = body[1].lineno if has_doc else body[0].lineno
    return fn.end_lineno - start + 1


def test_every_module_under_450_lines_and_every_function_under_60():
    long_modules = {str(p.relative_to(PACKAGE)): n for p in MODULES
                    if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not long_modules
    long_functions = [f"{p.relative_to(PACKAGE)}:{fn.lineno} {fn.name} ({_body_lines(fn)} lines)"
                      for p in MODULES for fn in _functions(ast.parse(p.read_text(encoding="utf-8")))
                      if _body_lines(fn) > 60]
    assert not long_functions


def test_imports_inside_functions_only_for_optional_dependencies_and_matplotlib():
    found = []
    for p in MODULES:
        for fn in _functions(ast.parse(p.read_text(encoding="utf-8"))):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [("." * node.level) + (node.module or "")]
                else:
                    continue
                found += [f"{p.relative_to(PACKAGE)}:{node.lineno} {n}" for n in names
                          if not n.startswith(LAZY_IMPORTS)]
    assert not found


def _imported_modules(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_capabilities_talk_through_public_functions_or_the_core():
    capabilities = ["kano", "dropoff", "satisfaction", "journey", "expectation", "simulate", "plotting", "datasets",
                    "io", "tracking"]
    sideways = []
    for p in MODULES:
        parts = p.relative_to(PACKAGE).parts
        home = parts[0] if len(parts) > 1 else None
        for mod in _imported_modules(p):
            bits = mod.split(".")
            if bits[0] != "cxresearch" or len(bits) < 3 or bits[1] == home:
                continue
            if bits[1] in capabilities and bits[2].startswith("_"):
                sideways.append(f"{p.relative_to(PACKAGE)} imports {mod}")
    assert not sideways


def test_no_analysis_code_imports_a_generator():
    analysis = [p for p in MODULES if p.relative_to(PACKAGE).parts[0] not in ("simulate", "__init__.py")]
    offenders = [str(p.relative_to(PACKAGE)) for p in analysis
                 if any(m.startswith("cxresearch.simulate") for m in _imported_modules(p))]
    assert not offenders


def test_one_error_wording():
    # The old wordings ("but X was passed", ", not <type>", ", got X") gave way to "`name` must be ...; got ...".
    old = [f"{p.relative_to(PACKAGE)}:{i}" for p in MODULES
           for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
           if "was passed" in line or ", got " in line or ", not {type" in line]
    assert not old


def _public_objects():
    for module in ("cxresearch.kano", "cxresearch.dropoff", "cxresearch.satisfaction", "cxresearch.journey",
                   "cxresearch.expectation", "cxresearch.simulate", "cxresearch.datasets", "cxresearch.io",
                   "cxresearch.tracking",
                   "cxresearch._report"):
        mod = importlib.import_module(module)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if callable(obj):
                yield f"{module}.{name}", obj


@pytest.mark.parametrize("name, obj", list(_public_objects()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_function_and_result_has_see_also_and_functions_an_example(name, obj):
    doc = obj.__doc__ or ""
    assert "See Also\n" in doc, name
    if not isinstance(obj, type):
        assert "Examples\n" in doc and ">>> " in doc, name


def test_environment_yml_lists_what_pyproject_declares():
    """The conda environment and the pip extras name the same packages at the same minimum versions."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    conda_names = {"duckdb": "python-duckdb"}
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\s+- ([A-Za-z0-9_.-]+)(>=[^\s#]+)?", env, flags=re.M))
    problems = []
    for requirement in declared:
        name, extras, minimum = re.match(r"([A-Za-z0-9_.-]+)(\[[^]]*\])?(>=\S+)?", requirement).groups()
        conda = conda_names.get(name, name)
        if listed.get(conda) != (minimum or ""):
            problems.append(f"{requirement}: environment.yml has {conda}{listed.get(conda, ' (absent)')}")
    assert not problems, problems
