"""Where the Drivers 2.0 options meet: bootstrap comparisons on sets, and the combinations refused by name."""

import numpy as np
import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError


def _survey(n=400, k=4, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, k))
    y = X @ np.array([0.8, 0.1, 0.4, 0.4][:k]) + rng.normal(size=n)
    df = pd.DataFrame(X, columns=[f"a{j}" for j in range(k)])
    df["overall"] = y
    df["channel"] = np.where(np.arange(n) % 2 == 0, "app", "branch")
    return df


def test_compare_works_on_sets_with_the_same_resamples_as_the_interval():
    df = _survey()
    res = cx.satisfaction.drivers(df, "overall", ["a0", "a1"], method="shapley", sets={"rest": ["a2", "a3"]},
                                  n_boot=200, random_state=0, progress=False)
    reps = res.replicates[()]
    names = list(res.table["attribute"])
    diff = reps[:, names.index("a0")] - reps[:, names.index("a1")]
    got = res.compare("a0", "a1")
    # the point difference is that of the table; the interval is the percentiles of the replicate differences
    assert got["difference"].iloc[0] == pytest.approx(res.table.set_index("attribute").loc["a0", "weight"]
                                                      - res.table.set_index("attribute").loc["a1", "weight"])
    assert got["ci_low"].iloc[0] == pytest.approx(np.percentile(diff[~np.isnan(diff)], 2.5), abs=1e-12)
    assert got["ci_low"].iloc[0] > 0  # a0 (0.8) clearly beats a1 (0.1)


@pytest.mark.parametrize(("kwargs", "named"), [
    ({"n_samples": 200, "method": "shapley", "sets": {"rest": ["a2", "a3"]}}, "n_samples"),
    ({"family": "ordinal", "sets": {"rest": ["a2", "a3"]}}, "family"),
    ({"missing": "pairwise", "method": "shapley", "sets": {"rest": ["a2", "a3"]}}, "missing"),
])
def test_combinations_not_built_are_refused_by_name(kwargs, named):
    df = _survey()
    df["overall"] = np.clip(np.round(df["overall"] + 3), 1, 5)
    with pytest.raises(CXInputError, match=named):
        cx.satisfaction.drivers(df, "overall", ["a0", "a1"], **kwargs)


def test_exact_shapley_beyond_twenty_plain_attributes_sums_to_r2_without_dominance():
    rng = np.random.default_rng(1)
    k, n = 22, 600
    X = rng.normal(size=(n, k)) + rng.normal(size=(n, 1))
    df = pd.DataFrame(X, columns=[f"q{j}" for j in range(k)])
    df["overall"] = X[:, :5].sum(axis=1) + rng.normal(size=n)
    res = cx.satisfaction.drivers(df, "overall", list(df.columns[:k]), method="shapley")
    beta, *_ = np.linalg.lstsq(np.column_stack([np.ones(n), X]), df["overall"], rcond=None)
    fitted = np.column_stack([np.ones(n), X]) @ beta
    r2 = 1 - ((df["overall"] - fitted) ** 2).sum() / ((df["overall"] - df["overall"].mean()) ** 2).sum()
    assert res.table["weight"].sum() == pytest.approx(r2, abs=1e-10)  # efficiency: the values sum to R2
    assert res.dominance is None  # dominance tables stop at 20 drivers (2^k subsets x k^2 pairs)
