"""The statistics of :func:`recovery`: the funnel, the outcome by path, and the tests between paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from cxresearch._core.stats import adjust_pvalues, wilson
from cxresearch.tracking._recovery_input import PATHS

#: (name, path a, path b): the comparisons of the ``tests`` table, a - b.
COMPARISONS = (("recovered vs not recovered", 1, 2), ("recovery paradox: recovered vs no problem", 1, 0),
               ("silent vs no problem", 3, 0))


def path_sums(g, path, y, w, G: int) -> dict[str, np.ndarray]:
    """Per segment x path (G x 4): rows, weight sums, weighted outcome sums and sums of squares."""
    k = g * 4 + path

    def s(x):
        return np.bincount(k, weights=x, minlength=G * 4).reshape(G, 4)

    wy = w * y
    return {"n": np.bincount(k, minlength=G * 4).reshape(G, 4), "sw": s(w), "sw2": s(w * w), "swy": s(wy),
            "swy2": s(wy * y)}


def funnel(sums: dict, confidence: float) -> dict[str, np.ndarray]:
    """Per segment: the share with a problem, the voice rate, the silent share and the recovery rate."""
    n, sw, sw2 = sums["n"], sums["sw"], sums["sw2"]
    out = {"customers": n.sum(axis=1), "with_problem": n[:, 1:].sum(axis=1), "complained": n[:, 1:3].sum(axis=1),
           "recovered": n[:, 1]}
    for name, num, den in (("problem_share", [1, 2, 3], [0, 1, 2, 3]), ("voice_rate", [1, 2], [1, 2, 3]),
                           ("recovery_rate", [1], [1, 2])):
        with np.errstate(divide="ignore", invalid="ignore"):
            share = sw[:, num].sum(axis=1) / sw[:, den].sum(axis=1)
            n_eff = sw[:, den].sum(axis=1) ** 2 / sw2[:, den].sum(axis=1)
        lo, hi = wilson(share * n_eff, n_eff, confidence)
        out[name], out[f"{name}_ci_low"], out[f"{name}_ci_high"] = share, lo, hi
        if name == "voice_rate":
            out["silent_share"], out["silent_share_ci_low"], out["silent_share_ci_high"] = 1 - share, 1 - hi, 1 - lo
    return out


def outcome_by_path(sums: dict, binary: bool, confidence: float) -> dict[str, np.ndarray]:
    """Per segment x path: the outcome (share yes or mean) with its interval, flattened segment-major."""
    n, sw, sw2, swy, swy2 = (sums[k].ravel() for k in ("n", "sw", "sw2", "swy", "swy2"))
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = sw**2 / sw2
        mean = swy / sw
        total = sums["sw"].sum(axis=1, keepdims=True)
        share = (sums["sw"] / total).ravel()
        if binary:
            lo, hi = wilson(mean * n_eff, n_eff, confidence)
            sd = np.sqrt(mean * (1 - mean))
        else:
            var = (swy2 / sw - mean**2) * n_eff / (n_eff - 1)
            sd = np.sqrt(np.maximum(var, 0))
            half = stats.t.ppf(0.5 + confidence / 2, np.where(n_eff > 1, n_eff - 1, np.nan)) * sd / np.sqrt(n_eff)
            lo, hi = mean - half, mean + half
    return {"n": n, "n_eff": n_eff, "share": share, "outcome": mean, "outcome_ci_low": lo, "outcome_ci_high": hi,
            "_sd": sd, "_yes": np.rint(swy) if binary else swy}


def tests(table: pd.DataFrame, keys: list, binary: bool, weighted: bool, confidence: float,
          p_adjust: str, thin: list[str] | None = None) -> pd.DataFrame:
    """Per segment the comparisons of ``COMPARISONS``, p-values adjusted within each segment.

    ``thin`` holds per segment (in table order) why it is not tested ("" when it is).
    """
    parts = []
    groups = [((), table)] if not keys else table.groupby(keys, sort=False, observed=True)
    for i, (key, part) in enumerate(groups):
        rows = part.set_index("path")
        why = thin[i] if thin else ""
        out = []
        for name, a, b in COMPARISONS:
            ra, rb = rows.loc[PATHS[a]], rows.loc[PATHS[b]]
            out.append({"comparison": name, "path_a": PATHS[a], "path_b": PATHS[b], "n_a": int(ra["n"]),
                        "n_b": int(rb["n"]), "outcome_a": ra["outcome"], "outcome_b": rb["outcome"],
                        **(_untested("none (thin segment)") if why else _compare(ra, rb, binary, weighted, confidence))})
        frame = pd.DataFrame(out)
        frame["p_adjusted"] = adjust_pvalues(frame["p_value"], p_adjust)
        frame["verdict"] = [f"not estimable: {why}" if why else _verdict(r) for _, r in frame.iterrows()]
        for i, k in enumerate(keys):
            frame.insert(i, k, key[i] if isinstance(key, tuple) else key)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def _compare(a, b, binary: bool, weighted: bool, confidence: float) -> dict:
    """The difference a - b with its interval and the test (Fisher, pooled z on n_eff, or Welch t)."""
    d = a["outcome"] - b["outcome"]
    na, nb = (float(r["n_eff"]) for r in (a, b))
    if a["n"] == 0 or b["n"] == 0:  # a path nobody took: nothing to compare
        return _untested("none (a path without customers)")
    with np.errstate(divide="ignore", invalid="ignore"):
        if binary:  # Newcombe's hybrid score interval from the two Wilson intervals
            low = d - np.sqrt((a["outcome"] - a["outcome_ci_low"]) ** 2 + (b["outcome_ci_high"] - b["outcome"]) ** 2)
            high = d + np.sqrt((a["outcome_ci_high"] - a["outcome"]) ** 2 + (b["outcome"] - b["outcome_ci_low"]) ** 2)
            if not weighted:
                ya, yb = int(a["_yes"]), int(b["_yes"])
                p = stats.fisher_exact([[ya, int(a["n"]) - ya], [yb, int(b["n"]) - yb]])[1]
                test = "Fisher exact"
            else:
                pooled = (a["outcome"] * na + b["outcome"] * nb) / (na + nb)
                z = d / np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
                p, test = 2 * stats.norm.sf(abs(z)), "z on Kish n_eff"
        else:
            va, vb = a["_sd"] ** 2 / na, b["_sd"] ** 2 / nb
            se = np.sqrt(va + vb)
            df = se**4 / (va**2 / (na - 1) + vb**2 / (nb - 1))
            half = stats.t.ppf(0.5 + confidence / 2, df) * se
            low, high, p, test = d - half, d + half, 2 * stats.t.sf(abs(d / se), df), "Welch t"
    return {"difference": d, "difference_ci_low": low, "difference_ci_high": high, "test": test,
            "p_value": float(p) if np.isfinite(p) else np.nan}


def _untested(test: str) -> dict:
    return {"difference": np.nan, "difference_ci_low": np.nan, "difference_ci_high": np.nan, "test": test,
            "p_value": np.nan}


def _verdict(row) -> str:
    """The comparison read from the difference's interval."""
    if not np.isfinite(row["difference_ci_low"]):
        return "not estimable"
    if row["difference_ci_low"] > 0:
        higher = True
    elif row["difference_ci_high"] < 0:
        higher = False
    else:
        return "no paradox shown (interval covers 0)" if "paradox" in row["comparison"] else \
            "no difference shown (interval covers 0)"
    if "paradox" in row["comparison"]:
        return "recovery paradox: recovered above no problem" if higher else "recovered below no problem"
    return f"{row['path_a']} {'above' if higher else 'below'} {row['path_b']}"
