"""Shared fixtures: a seeded generator for every test, the path to ../shared/data and the CSV engines."""

from pathlib import Path

import matplotlib
import numpy as np
import pytest
from hypothesis import settings

matplotlib.use("Agg")
# Property tests draw the same examples every run: no per-run random seeds (DESIGN.md section 5).
settings.register_profile("cxresearch", derandomize=True, deadline=None)
settings.load_profile("cxresearch")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def rng():
    return np.random.default_rng(20261124)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _shared_path(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only beside the project checkout)")
    return path


@pytest.fixture
def shared():
    """A function giving a path under ../shared/data, skipping the test cleanly when it is absent."""
    return _shared_path


@pytest.fixture(params=["pyarrow", "c"])
def csv_engine(request, monkeypatch):
    """The test with pyarrow's CSV reader (when pyarrow is installed) and with pandas' C engine
    (modules use it on every test: ``pytestmark = pytest.mark.usefixtures("csv_engine")``)."""
    import cxresearch as cx

    if request.param == "pyarrow":
        pytest.importorskip("pyarrow")
    monkeypatch.setattr(cx.io._text, "_engine", lambda: request.param)
    return request.param
