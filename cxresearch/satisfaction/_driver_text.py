"""The settings lines of a drivers result that say what the drivers are and which dominate which."""

from __future__ import annotations

from cxresearch.satisfaction._dominance import complete_text

__all__ = ["driver_settings"]


def driver_settings(res) -> dict[str, str]:
    """Lines for sets and categories, covariates held constant, reference levels and complete dominance."""
    out = {}
    table = res.table
    if "columns" in table:
        several = table.drop_duplicates("attribute")
        several = several[several["columns"] != several["attribute"]]
        if len(several):
            out["drivers"] = "; ".join(f"{a} = {c.replace(', ', ' + ')}"
                                       for a, c in zip(several["attribute"], several["columns"]))
    if res.always:
        out["held constant"] = (", ".join(res.always) + " in every model (importance is the R2 gained beyond "
                                "them); their R2 alone: " + res._fits_text("r2_always"))
    if res.reference:
        out["reference levels"] = "; ".join(f"{c}: {ref!r}" for c, ref in res.reference.items())
    if res.dominance_pairs is not None:
        measure = "McFadden's R2" if res.family == "logit" else "R2"
        out["dominance"] = (f"complete: {complete_text(res.dominance_pairs, res.by)} (gains in {measure}; "
                            "conditional and general dominance in .dominance and .dominance_pairs)")
    elif res.method == "shapley" and res.family == "linear":
        k = res.table["attribute"].nunique()
        why = ("Shapley values estimated from random orders (n_samples) have no subset fits to compare"
               if "n_samples" in res.fits else f"not computed for {k} drivers: the tables stop at 20 (2^k subset "
               "fits compared for every pair of drivers)")
        out["dominance"] = why + "; .dominance and .dominance_pairs are None"
    return out
