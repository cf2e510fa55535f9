"""Sphinx configuration for the cxresearch documentation.

Build (warnings are errors):  sphinx-build -W --keep-going -b html docs docs/_build/html

The User Guide is the worked-case notebooks in ``notebooks/``, rendered from their
stored outputs (never executed here). Sphinx cannot read sources outside ``docs/``, so
the notebooks are copied into ``docs/user_guide/`` when this file is loaded; the
copies are build artefacts (git-ignored) and are only rewritten when the originals
change, so incremental builds stay incremental.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import cxresearch

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

# -- User Guide notebooks: copy notebooks/NN_*.ipynb -> docs/user_guide/ ------------------


def _sync_notebooks() -> None:
    target = DOCS / "user_guide"
    target.mkdir(exist_ok=True)
    sources = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise RuntimeError(f"no notebooks found in {ROOT / 'notebooks'}")
    names = {src.name for src in sources}
    for src in sources:
        dst = target / src.name
        if not dst.exists() or not filecmp.cmp(src, dst, shallow=False):
            shutil.copyfile(src, dst)
    for stale in target.glob("[0-9][0-9]_*.ipynb"):  # a notebook renamed or removed upstream
        if stale.name not in names:
            stale.unlink()


_sync_notebooks()

# -- Project --------------------------------------------------------------------------------

project = "cxresearch"
author = "cxresearch developers"
copyright = "cxresearch developers"
release = cxresearch.__version__
version = ".".join(release.split(".")[:2])

# -- General --------------------------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",  # also registers myst_parser for the .md pages
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints", "jupyter_execute"]

# No intersphinx: the build must work offline. Cross-references are checked (nitpicky),
# so a link to a private or misspelled name fails the -W build.
nitpicky = True
nitpick_ignore = [
    # Third-party class named in a hand-written type; without intersphinx there is no
    # target for it (pandas' own docs are not reachable offline).
    ("py:class", "pandas.CategoricalDtype"),
]

# -- autodoc / autosummary / numpydoc -------------------------------------------------------

autosummary_generate = True          # stub pages in api/generated/ (git-ignored)
autosummary_generate_overwrite = True
autodoc_default_options = {"member-order": "bysource"}
# The numpydoc Parameters / Returns sections carry the types; the annotations would
# otherwise put private helper types (RowAccount, Scale, ...) into the signatures.
autodoc_typehints = "none"
numpydoc_show_class_members = False   # autosummary + the class template list members
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True


def _skip_class_data(app, what, name, obj, skip, options):
    """Class pages: document every public method and property, even one without a
    docstring (``summary()``), but not the dataclass fields and class-level data:
    the class docstring's *Attributes* section describes those (the class template
    sets ``:undoc-members:`` for the methods' sake)."""
    if what == "class" and not skip and not (callable(obj) or isinstance(obj, property)):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_class_data)


# -- MyST / MyST-NB ---------------------------------------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"            # render the stored outputs, never execute
nb_merge_streams = True

# -- HTML -------------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"cxresearch {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navigation_depth": 2,
    "show_toc_level": 2,
    "navbar_align": "left",
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "getting_started": [], "methods": []}
html_show_sourcelink = False
