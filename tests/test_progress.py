"""Progress bars count what the user asked for (resamples, simulated surveys), one bar per call.

tqdm is replaced by a fake that records each bar's total and every update: a bar over a
bootstrap of ``n_boot`` resamples must have total ``n_boot`` (times the segments that run
one) and be advanced by exactly that much, whatever the internal batch size (the resampling
works in batches of up to 256 resamples, so a bar over batches would count 3 for 600).
"""

import pytest

import cxresearch as cx
from cxresearch._core import progress as progress_module

pytestmark = pytest.mark.filterwarnings("ignore::cxresearch.errors.ThinDataWarning")


class FakeBar:
    made: list["FakeBar"] = []

    def __init__(self, iterable=None, *, total=None, desc="", leave=True, delay=0.0):
        self.iterable, self.total, self.desc, self.n, self.closed = iterable, total, desc, 0, False
        FakeBar.made.append(self)

    def __iter__(self):
        for item in self.iterable:
            yield item
            self.n += 1

    def update(self, n=1):
        self.n += n

    def refresh(self):
        pass

    def close(self):
        self.closed = True


@pytest.fixture
def bars(monkeypatch):
    FakeBar.made = []
    monkeypatch.setattr(progress_module, "_tqdm_class", lambda: FakeBar)
    return FakeBar.made


@pytest.fixture(scope="module")
def ratings():
    df = cx.load_dataset("service_ratings")
    return df, [c for c in df.columns if c.endswith("_experience")][:4]


def _one_bar(bars, desc):
    assert [b.desc for b in bars] == [desc]
    return bars[0]


def test_penalty_reward_bar_counts_resamples_not_batches(bars, ratings):
    df, cols = ratings
    cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), n_boot=600, random_state=1)
    bar = _one_bar(bars, "penalty-reward bootstrap")
    assert (bar.total, bar.n, bar.closed) == (600, 600, True)  # 600 resamples, in 3 batches of <= 256


def test_penalty_reward_by_segment_has_one_bar_over_every_segment(bars, ratings):
    df, cols = ratings
    res = cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), by="segment", n_boot=300,
                                         random_state=1)
    segments = len(res.fits)
    assert segments == 3  # ordinary, gold, VIP
    bar = _one_bar(bars, "penalty-reward bootstrap")
    assert (bar.total, bar.n) == (300 * 3, 300 * 3)


def test_drivers_shapley_bootstrap_by_segment(bars, ratings):
    df, cols = ratings
    cx.satisfaction.drivers(df, "overall", cols, method="shapley", by="segment", n_boot=200, random_state=1)
    bar = _one_bar(bars, "drivers bootstrap")
    assert (bar.total, bar.n) == (200 * 3, 200 * 3)


def test_logit_drivers_and_logit_penalty_reward(bars, ratings):
    df, cols = ratings
    df = df.assign(promoter=(df["overall"] >= 9).astype(int))
    cx.satisfaction.drivers(df, "promoter", cols, family="logit", missing_codes=[0], n_boot=40, random_state=1)
    cx.satisfaction.penalty_reward(df, "promoter", cols, scale=(1, 5), family="logit", missing_codes=[0],
                                   n_boot=40, random_state=1)
    assert [(b.desc, b.total, b.n) for b in bars] == [("logit drivers bootstrap", 40, 40),
                                                      ("penalty-reward bootstrap", 40, 40)]


def test_decompose_bar_counts_resamples(bars, ratings):
    df, _ = ratings
    tp = ["short_waiting_time", "staff_courtesy"]
    cx.satisfaction.decompose(df, "overall", group="segment", groups=("gold", "ordinary"),
                              experience=[f"{t}_experience" for t in tp],
                              expectation=[f"{t}_expectation" for t in tp], n_boot=50, random_state=1)
    bar = _one_bar(bars, "decompose bootstrap")
    assert (bar.total, bar.n) == (50, 50)


def test_power_bar_counts_simulated_surveys(bars):
    cx.dropoff.power(n=[50, 100], n_sim=30, random_state=3)
    bar = _one_bar(bars, "power simulations")
    assert (bar.total, bar.n) == (2 * 2 * 30, 2 * 2 * 30)  # 2 sample sizes x (drifting, stable) x n_sim


def test_no_bar_without_a_bootstrap_or_with_progress_false(bars, ratings):
    df, cols = ratings
    cx.satisfaction.drivers(df, "overall", cols)
    cx.satisfaction.penalty_reward(df, "overall", cols, scale=(1, 5), n_boot=100, random_state=1, progress=False)
    assert bars == []


def test_the_bar_changes_no_number(bars, ratings):
    df, cols = ratings
    kw = dict(scale=(1, 5), by="segment", n_boot=100, random_state=4)
    shown = cx.satisfaction.penalty_reward(df, "overall", cols, **kw).table
    quiet = cx.satisfaction.penalty_reward(df, "overall", cols, progress=False, **kw).table
    assert shown.equals(quiet)


def test_make_demo_installs_what_draws_the_bars_in_jupyterlab():
    # `make demo` depends on the install stamp, which installs the dev extra; tqdm draws a widget
    # in JupyterLab only with ipywidgets (else a text bar), so the dev and progress extras carry both.
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    extras = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    for extra in ("dev", "progress"):
        names = {re.match(r"[A-Za-z0-9_.-]+", r).group(0) for r in extras[extra]}
        assert {"tqdm", "ipywidgets"} <= names, extra
    make = (root / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo: \$\(STAMP\)", make, re.M)
    assert re.search(r"^\$\(STAMP\):.*\n(\t.*\n)*\t.*pip install .*-e \"\.\[dev\]\"", make, re.M)
