"""Are two drivers really different? Bootstrap differences of importance weights, and the settings text.

``drivers(..., n_boot=B)`` keeps the B resamples' weights of every segment in
``result.replicates`` ({segment key: (B, k) array}, a row of NaN where a resample gave no
weights). A difference of two weights is read off the same resamples (so the correlation of
the two estimates is respected):

* :func:`compare_weights` - weight(a) - weight(b) within each segment;
* :func:`compare_segments` - per attribute, weight in one segment - weight in another. The
  segments' resamples are drawn independently (respondents are resampled within each
  segment), so pairing resample i of one with resample i of the other is a stratified
  bootstrap of the difference. Holm's adjustment runs across the attributes.

The interval is the percentile interval of the resampled differences; the two-sided p value
is ``min(1, 2 min((1 + #{d* <= 0}) / (B' + 1), (1 + #{d* >= 0}) / (B' + 1)))`` over the B'
resamples with weights: it is below 1 - confidence exactly when the percentile interval
(nearly) excludes 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxresearch._core.checks import arg_error
from cxresearch._core.stats import adjust_pvalues
from cxresearch.satisfaction._resample import percentile_interval

__all__ = ["bootstrap_p", "compare_segments", "compare_weights", "ordinal_settings", "pairwise_settings"]

ORDINAL_METHODS = {
    "relative_weights": "relative weights on the latent scale (Johnson 2000 on y* = x'b + e; they sum to the "
                        "McKelvey-Zavoina R2)",
    "shapley": "Shapley decomposition of the McKelvey-Zavoina R2 (a proportional-odds fit per subset)",
}


def bootstrap_p(d: np.ndarray) -> float:
    """Two-sided bootstrap p value of "no difference" from resampled differences ``d`` (NaN-free)."""
    if len(d) == 0:
        return np.nan
    low, high = (1 + np.sum(d <= 0)) / (len(d) + 1), (1 + np.sum(d >= 0)) / (len(d) + 1)
    return float(min(1.0, 2 * min(low, high)))


def _needs_bootstrap(res, what: str) -> None:
    if not res.n_boot or res.replicates is None:
        raise arg_error("n_boot", f"at least 40 in the drivers call for {what} (the interval of a difference comes "
                        "from the bootstrap resamples)", res.n_boot,
                        "Rerun drivers(..., n_boot=1000, random_state=...) and compare on that result.")


def _attributes(res) -> list:
    return list(dict.fromkeys(res.table["attribute"]))


def _keys(res) -> list[tuple]:
    return [tuple(row) for row in res.fits[list(res.by)].itertuples(index=False)] if res.by else [()]


def _weight(res, key: tuple, attribute: str) -> float:
    t = res.table
    mask = t["attribute"] == attribute
    for k, v in zip(res.by, key):
        mask &= t[k] == v
    return float(t.loc[mask, "weight"].iloc[0])


def _difference(d: np.ndarray, confidence: float) -> dict:
    d = d[~np.isnan(d)]
    if len(d) == 0:
        return {"ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan, "n_boot_used": 0}
    low, high = percentile_interval(d[:, None], confidence)
    return {"ci_low": float(low[0]), "ci_high": float(high[0]), "p_value": bootstrap_p(d), "n_boot_used": len(d)}


def compare_weights(res, a: str, b: str) -> pd.DataFrame:
    """``DriversResult.compare`` (documented there)."""
    _needs_bootstrap(res, "compare(a, b)")
    attrs = _attributes(res)
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, str) or value not in attrs:
            raise arg_error(name, f"one of the attributes {attrs}", value)
    if a == b:
        raise arg_error("b", "an attribute other than `a`", b)
    ia, ib = attrs.index(a), attrs.index(b)
    out = []
    for key in _keys(res):
        reps = res.replicates.get(key)
        row = {**dict(zip(res.by, key)), "a": a, "b": b}
        if reps is None:
            out.append({**row, "difference": np.nan, **_difference(np.empty(0), res.confidence)})
            continue
        row["difference"] = _weight(res, key, a) - _weight(res, key, b)
        out.append({**row, **_difference(reps[:, ia] - reps[:, ib], res.confidence)})
    return pd.DataFrame(out)


def _segment(res, value, keys: list[tuple], name: str) -> tuple:
    key = value if isinstance(value, tuple) else (value,)
    if key not in keys:
        shown = [k[0] if len(k) == 1 else k for k in keys]
        raise arg_error(name, f"one of the segments {shown}", value)
    return key


def compare_segments(res, first=None, second=None) -> pd.DataFrame:
    """``DriversResult.compare_segments`` (documented there)."""
    if not res.by:
        raise arg_error("by", "segment column(s) in the drivers call for compare_segments()", None,
                        "Rerun drivers(..., by='segment', n_boot=1000); to compare two attributes use compare(a, b).")
    _needs_bootstrap(res, "compare_segments()")
    keys = [k for k in _keys(res) if k in res.replicates]
    if first is None and second is None:
        if len(keys) != 2:
            raise arg_error("first", "a segment (with more or fewer than two estimated segments, name the two "
                            "compared)", first, f"Estimated segments: {[k[0] if len(k) == 1 else k for k in keys]}.")
        k1, k2 = keys
    else:
        k1, k2 = _segment(res, first, keys, "first"), _segment(res, second, keys, "second")
    if k1 == k2:
        raise arg_error("second", "a segment other than `first`", second)
    r1, r2 = res.replicates[k1], res.replicates[k2]
    rows = []
    for j, attribute in enumerate(_attributes(res)):
        w1, w2 = _weight(res, k1, attribute), _weight(res, k2, attribute)
        got = _difference(r1[:, j] - r2[:, j], res.confidence)
        rows.append({"attribute": attribute, "weight_first": w1, "weight_second": w2, "difference": w1 - w2,
                     "ci_low": got["ci_low"], "ci_high": got["ci_high"], "p_value": got["p_value"]})
    out = pd.DataFrame(rows)
    out["p_adjusted"] = adjust_pvalues(out["p_value"].to_numpy(), "holm")
    return out


def ordinal_settings(res, boot: str) -> dict[str, str]:
    """The settings lines of a proportional-odds drivers result."""
    fits = res.fits
    out = {"outcome": f"{res.outcome} (ordered categories; proportional-odds model, cumulative logit)",
           "method": ORDINAL_METHODS[res.method],
           "R2": "McKelvey-Zavoina R2: " + (res._fits_text("r2") if res.by else f"{res.r2:.3f}"),
           "intervals": f"beta, odds ratios: Wald z, {res.confidence:.0%}{boot}"}
    bad = fits[fits["status"] != "converged"]
    if len(bad):
        out["not identified"] = "; ".join(
            (" / ".join(str(row[k]) for k in res.by) + ": " if res.by else "") + str(row["status"])
            for _, row in bad.iterrows())
    noted = fits[fits["note"].astype(bool)] if "note" in fits else fits.iloc[:0]
    if len(noted):
        out["categories"] = "; ".join((" / ".join(str(row[k]) for k in res.by) + ": " if res.by else "")
                                      + row["note"] for _, row in noted.iterrows())
    return out


def pairwise_settings(res) -> dict[str, str]:
    """The settings line of ``missing="pairwise"`` (none otherwise)."""
    if res.missing != "pairwise" or "n_pairs_min" not in res.fits:
        return {}
    lo, hi = int(res.fits["n_pairs_min"].min()), int(res.fits["n_pairs_max"].max())
    return {"missing": f"pairwise: each correlation from the rows answering both columns ({lo:,}-{hi:,} rows; "
                       "see `pairs`); t intervals on the smallest pairwise n"}
