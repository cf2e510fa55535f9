"""Every public result honours one contract (scikit-learn's ``check_estimator`` idea).

Keyword construction, frozen, ``table`` / ``rows`` / ``by`` / ``settings``, ``summary(decimals)``,
``to_frame()``, ``to_excel(path)`` (one sheet per table, the row accounting and the settings),
``plot()`` returning a matplotlib Figure for every kind, and text and HTML representations.
"""

import dataclasses
import importlib
import inspect
import warnings

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch._core.accounting import RowAccount
from cxresearch._core.results import Result


def _service():
    df = cx.load_dataset("service_ratings")
    return df, [c for c in df.columns if c.endswith("_experience")]


def _rating_args():
    df, cols = _service()
    return df, "overall", cols


def _surface():
    df, cols = _service()
    df["e"] = df[cols].mean(axis=1)
    df["x"] = df[[c.replace("_experience", "_expectation") for c in cols]].mean(axis=1)
    return cx.satisfaction.disconfirmation(df, "overall", "e", "x", scale=(1, 5))


def _rating_drift():
    spec = {"wifi": {"penalty": (-0.1, -1.0), "reward": (1.0, 0.1), "experience": 3.0},
            "staff": {"penalty": -0.6, "reward": 0.6, "experience": 3.2}}
    data, _ = cx.simulate.rating_tracker(spec, periods=4, n=600, random_state=0)
    data["segment"] = np.where(data["respondent"] % 3 == 0, "new", "returning")
    return cx.dropoff.from_ratings(data, "overall", ["wifi", "staff"], time="date", by="segment")


def _tracker():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"recommend": rng.integers(0, 11, 1200), "wave": np.repeat(["2024Q1", "2024Q2", "2024Q3"], 400),
                         "segment": np.tile(["gold", "ordinary"], 600)})
def _waits():
    """Customers with waits (actual and felt), revenue and usage, and complaint paths (seeded)."""
    rng = np.random.default_rng(0)
    n = 600
    waited = rng.gamma(2.0, 3.0, n)
    problem = rng.random(n) < 0.4
    complained = problem & (rng.random(n) < 0.5)
    recovered = complained & (rng.random(n) < 0.6)
    return pd.DataFrame({"segment": np.where(np.arange(n) % 3 == 0, "VIP", "ordinary"), "waited": waited,
                         "felt": np.exp(0.5 + 0.85 * np.log(waited) + rng.normal(0, 0.3, n)),
                         "revenue": rng.gamma(2.0, 100.0, n), "visits": rng.poisson(4, n), "calls": rng.poisson(6, n),
                         "problem": problem, "complained": complained, "recovered": recovered,
                         "stayed": rng.random(n) < np.where(problem & ~recovered, 0.5, 0.8)})


MAKERS = {  # result class -> (how to make one, the plot kinds)
    "KanoResult": (lambda: cx.kano.analyze(cx.kano.code(cx.load_dataset("recruiting_kano")), by="industry"),
                   ["better_worse", "shares", "continuous"]),
    "DropoffResult": (lambda: cx.dropoff.detect(cx.kano.code(cx.load_dataset("bank_branch_waves")), time="year"),
                      ["shares", "arrows"]),
    "PowerResult": (lambda: cx.dropoff.power(n=[50, 100], n_sim=20, random_state=0), [None]),
    "RatingDriftResult": (_rating_drift, ["paths", "arrows"]),
    "GapResult": (lambda: cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"), ideal="ideal"), [None]),
    "DriversResult": (lambda: cx.satisfaction.drivers(*_rating_args(), by="segment"), [None]),
    "IPAResult": (lambda: cx.satisfaction.importance_performance(*_rating_args()), [None]),
    "PenaltyRewardResult": (lambda: cx.satisfaction.penalty_reward(*_rating_args(), scale=(1, 5), by="segment",
                                                                   min_n=0), ["bars", "asymmetry"]),
    "SurfaceResult": (_surface, ["contour", "surface"]),
    "DecompositionResult": (lambda: cx.satisfaction.decompose(
        cx.load_dataset("service_ratings"), "overall", group="segment", groups=("gold", "ordinary"),
        experience=["fee_waivers_experience", "staff_courtesy_experience"],
        expectation=["fee_waivers_expectation", "staff_courtesy_expectation"], n_boot=40, random_state=0), [None]),
    "PeakEndResult": (lambda: cx.journey.peak_end(cx.load_dataset("branch_journeys")), ["coefficients", "models"]),
    "JourneyFeaturesResult": (lambda: cx.journey.journey_features(cx.load_dataset("branch_journeys")), [None]),
    "TouchpointResult": (lambda: cx.journey.touchpoints(
        cx.load_dataset("branch_touchpoints"), by="segment", outcome="overall",
        visits=cx.load_dataset("branch_touchpoint_visits")), ["map", "heatmap", "visits"]),
    "VisitMomentsResult": (lambda: cx.journey.visit_moments(cx.load_dataset("branch_touchpoint_visits"), by="segment"),
                           [None]),
    "ToleranceResult": (lambda: cx.expectation.tolerance(cx.load_dataset("callcentre_waits"), ["waiting", "resolution"],
                                                         by="segment", missing_codes=0), ["zones", "spread"]),
    "PromiseResult": (lambda: cx.expectation.promise(cx.load_dataset("callcentre_waits"), promised="announced_min",
                                                     delivered="waited_min", outcome="satisfaction", by="segment"),
                      [None]),
    "ControlChartResult": (lambda: cx.tracking.control_chart(_tracker(), "recommend", kind="nps", time="wave",
                                                             by="segment", baseline=2), [None]),
    "KPIResult": (lambda: cx.tracking.kpi(_tracker(), "recommend", kind="nps", time="wave", by="segment"), [None]),
    "WaitPerceptionResult": (lambda: cx.expectation.wait_perception(_waits(), "waited", "felt", by="segment"),
                             [None]),
    "ValueSegmentsResult": (lambda: cx.tracking.value_segments(_waits(), segment="segment", revenue="revenue",
                                                               cost={"visits": 12.0, "calls": 3.5}),
                            ["margin", "loss"]),
    "RecoveryResult": (lambda: cx.tracking.recovery(_waits(), problem="problem", complained="complained",
                                                    recovered="recovered", outcome="stayed", by="segment"),
                       ["paths", "funnel"]),
    "ActionEffectResult": (lambda: cx.tracking.action_effect(
        cx.load_dataset("bank_quarterly_tracker"), unit="branch", time="quarter", treated="action_branch",
        outcome="satisfaction", since="2024Q1"), ["means", "event_study"]),
}
# Other shapes of a class already in MAKERS (the logistic models of yes/no outcomes), checked the same way.
def _yes_no():
    df, cols = _service()
    return df.assign(promoter=(df["overall"] >= 9).astype(int)), "promoter", cols


def _gappy():
    df, cols = _service()
    gaps = np.random.default_rng(0).random((len(df), len(cols))) < 0.1  # answers skipped at random
    return df.assign(**{c: df[c].mask(gaps[:, j]) for j, c in enumerate(cols)}), "overall", cols


VARIANTS = {
    "DriversResult (logit)": (lambda: cx.satisfaction.drivers(*_yes_no(), family="logit", by="segment", n_boot=40,
                                                              random_state=0, progress=False), [None]),
    "DriversResult (sets)": (lambda: cx.satisfaction.drivers(
        *_rating_args()[:2], ["short_waiting_time_experience", "segment"], method="shapley", by=None,
        sets={"everyday": ["staff_courtesy_experience", "opening_hours_experience"]},
        always=["fee_waivers_experience"]), [None]),
    "DriversResult (ordinal)": (lambda: cx.satisfaction.drivers(
        *_rating_args(), family="ordinal", by="segment", n_boot=40, random_state=0, progress=False), [None]),
    "DriversResult (pairwise)": (lambda: cx.satisfaction.drivers(
        *_gappy(), missing="pairwise", n_boot=40, random_state=0, progress=False), [None]),
    "PenaltyRewardResult (logit)": (lambda: cx.satisfaction.penalty_reward(
        *_yes_no(), scale=(1, 5), family="logit", by="segment", min_n=0), ["bars", "asymmetry"]),
}
PUBLIC_RESULTS = sorted(
    (module, name) for module in ("cxresearch.kano", "cxresearch.dropoff", "cxresearch.satisfaction",
                                  "cxresearch.journey", "cxresearch.expectation",
                                  "cxresearch.tracking")
    for name in importlib.import_module(module).__all__ if name.endswith("Result"))


@pytest.mark.parametrize(("module", "name"), PUBLIC_RESULTS)
def test_every_plot_takes_kind_then_ax_both_defaulting_to_none(module, name):
    cls = getattr(importlib.import_module(module), name)
    params = list(inspect.signature(cls.plot).parameters.values())[1:3]
    assert [(p.name, p.default) for p in params] == [("kind", None), ("ax", None)]


def test_every_public_result_class_is_checked():
    assert sorted(name for _, name in PUBLIC_RESULTS) == sorted(MAKERS)


@pytest.fixture(scope="module", params=sorted(MAKERS) + sorted(VARIANTS))
def made(request):
    make, kinds = {**MAKERS, **VARIANTS}[request.param]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # thin or separated bands in small segments: not this test's subject
        return make(), kinds


def test_a_frozen_keyword_only_dataclass_on_the_base(made):
    res, _ = made
    assert isinstance(res, Result) and dataclasses.is_dataclass(res)
    assert all(f.kw_only for f in dataclasses.fields(res))
    with pytest.raises(TypeError):
        type(res)(res.table, res.rows)  # positional construction is refused
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.table = None


def test_table_rows_by_and_settings(made):
    res, _ = made
    assert isinstance(res.table, pd.DataFrame) and len(res.table) > 0
    assert isinstance(res.rows, RowAccount)
    assert res.rows.n_in - res.rows.n_used == sum(res.rows.excluded.values()) and res.rows.n_used > 0
    assert isinstance(res.by, tuple) and all(b in res.table.columns for b in res.by)
    assert res.settings["rows"] == str(res.rows)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in res.settings.items())


def test_summary_is_text_for_reading_with_numbers_that_read_back_to_the_table(made):
    res, _ = made
    from cxresearch._core import views

    for decimals in (1, 3):
        s = res.summary(decimals=decimals)
        assert len(s) == len(res.table) and list(s.index) == list(range(len(s)))
        assert all(isinstance(v, str) for v in s.to_numpy().ravel())
        table = res._summary_table().reset_index(drop=True)  # the same rows, in the summary's order
        for col in s.columns:
            if col in table and pd.api.types.is_float_dtype(table[col]) and not views.is_p_column(col) \
                    and not views.is_share_column(col, res._percent_columns) and not views.whole(table[col]):
                shown = pd.to_numeric(s[col].replace("", np.nan)).to_numpy(float)
                # a shown number is the table's number to `decimals` places (half a unit of the last place)
                np.testing.assert_allclose(shown, table[col].to_numpy(float), atol=0.5 * 10.0 ** -decimals + 1e-9)
        lows = [c for c in table.columns if views.interval_base(c) is not None and c.endswith("ci_low")]
        assert all((c[:-4] if c != "ci_low" else "ci") in s.columns for c in lows)  # one column per interval
        assert not any(views.interval_base(c) is not None for c in s.columns)
    assert set(table.columns) <= set(res.table.columns)


def test_to_frame_is_a_copy(made):
    res, _ = made
    frame = res.to_frame()
    pd.testing.assert_frame_equal(frame, res.table)
    frame.iloc[0, 0] = None
    assert not frame.equals(res.table)


def test_plot_returns_a_figure_for_every_kind(made):
    res, kinds = made
    for kind in kinds:
        fig = res.plot() if kind is None else res.plot(kind=kind)
        assert isinstance(fig, matplotlib.figure.Figure) and fig.axes


def _panels(fig):
    """The visible panels a plot drew (one per subplot cell: no colour bars, no twin axes), with projections."""
    seen, out = set(), []
    for a in fig.axes:
        spec = a.get_subplotspec()
        if a.get_visible() and spec is not None and (spec.rowspan, spec.colspan) not in seen:
            seen.add((spec.rowspan, spec.colspan))
            out.append(a.name)
    return out


def test_plot_leaves_no_figure_with_pyplot_and_draws_into_a_given_ax(made):
    """One figure per call: pyplot holds none of the figures made (a notebook shows each once), and
    ``ax=`` draws into the caller's axes, returns the caller's figure and makes no other."""
    import matplotlib.pyplot as plt

    res, kinds = made
    plt.close("all")
    for kind in kinds:
        args = {} if kind is None else {"kind": kind}
        fig = res.plot(**args)
        assert plt.get_fignums() == [], f"{type(res).__name__}.plot({kind!r}) left a figure with pyplot"
        assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
        fig.canvas.draw()  # the returned figure still draws
        projections = _panels(fig)
        mine = plt.figure()
        axes = [mine.add_subplot(1, len(projections), i + 1, projection=p) for i, p in enumerate(projections)]
        got = res.plot(**args, ax=axes[0] if len(axes) == 1 else np.array(axes))
        assert got is mine and plt.get_fignums() == [mine.number]
        assert all(a.has_data() or a.texts or a.images for a in axes)
        assert mine.get_suptitle() == "" and not mine.legends  # the caller's figure itself is left alone
        plt.close(mine)


def test_text_and_html_representations(made):
    res, _ = made
    html = res._repr_html_()
    assert res._title in html and "rows" in html and "<table" in html
    assert repr(res).startswith(f"<{res._title}>") and str(res.rows) in repr(res)
    import re
    body = res.summary().to_string(index=False)  # what both views print: no 9.17e-112, no 1.000e+00
    assert not re.search(r"\de[-+]\d", body) and re.sub(r"\s+", " ", body.split("\n")[1]).strip() in \
        re.sub(r"\s+", " ", repr(res))


def test_to_excel_writes_the_summary_first_then_what_was_done_and_every_table(made, tmp_path):
    res, _ = made
    path = res.to_excel(tmp_path / "result.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    long = [n for n in res._long_tables if isinstance(getattr(res, n), pd.DataFrame)]
    assert list(sheets) == ["summary", "method", res._table_sheet, *long, "rows",
                            *(["steps"] if hasattr(res, "steps") else [])]
    table = sheets[res._table_sheet]
    assert list(table.columns) == [str(c) for c in res.table.columns] and len(table) == len(res.table)
    numeric = res.table.select_dtypes("number").columns
    np.testing.assert_allclose(table[numeric].to_numpy(float), res.table[numeric].to_numpy(float),
                               rtol=1e-12, equal_nan=True)
    summary = sheets["summary"]  # numbers stay numbers: the summary's rows of the table, unrounded
    ranked = res._summary_table()
    num = ranked.select_dtypes("number").columns
    np.testing.assert_allclose(summary[num].to_numpy(float), ranked[num].to_numpy(float), rtol=1e-12, equal_nan=True)
    rows = sheets["rows"].set_index("item")["count"]
    assert rows["in"] == res.rows.n_in and rows["used"] == res.rows.n_used
    assert rows.drop(["in", "used"]).sum() == res.rows.n_in - res.rows.n_used
    method = sheets["method"]
    assert method["value"].iloc[0] == res._method and method["item"].iloc[0] == "what was done"
    assert list(method.loc[method["item"] == "reference", "value"]) == list(res._references)
    settings = method.iloc[1 + len(res._references):]
    assert dict(zip(settings["item"], settings["value"].astype(str))) == res.settings


def test_to_excel_refuses_other_file_types(tmp_path):
    res = cx.satisfaction.gap_analysis(cx.load_dataset("retail_cem"))
    with pytest.raises(ValueError, match=r"`path` must be a file name ending in \.xlsx; got .*result\.csv"):
        res.to_excel(tmp_path / "result.csv")


OLD_NAMES = {"segment_test", "models"}  # (`model` is a fitted model object where a result keeps one)


@pytest.mark.parametrize(("module", "name"), PUBLIC_RESULTS)
def test_result_attributes_use_one_vocabulary_and_old_names_still_read(module, name):
    cls = getattr(importlib.import_module(module), name)
    fields = {f.name for f in dataclasses.fields(cls)}
    assert not fields & OLD_NAMES, f"{name} still has {sorted(fields & OLD_NAMES)}"
    for old, new in cls._renamed.items():
        assert new in fields and old not in fields
    if cls._renamed:
        result = MAKERS[name][0]()
        for old, new in cls._renamed.items():
            with pytest.warns(FutureWarning, match=rf"`{name}\.{old}` was renamed `{new}`"):
                assert getattr(result, old) is getattr(result, new)
