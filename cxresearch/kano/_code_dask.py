"""``kano.code`` on a Dask frame: every partition coded by the pandas path, in the workers.

Dask partitions are pandas frames, so the fastest code there is the pandas code itself
(factorised labels, integer look-ups) run on each partition with ``map_partitions``; the
narwhals expressions that serve the SQL engines (nested ``when``/``is_in`` on text) cost
about ten times more per row on pandas partitions. The labels are checked in each partition
by the pandas code, so an unknown label is refused (with the pandas path's error, naming the
column and the closest accepted label) when the result is computed, as Dask defers all work;
a separate pass over the distinct labels would read the data twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

__all__ = ["code_dask"]


def code_dask(data: Any, coder: Callable[..., pd.DataFrame], **options) -> Any:
    """The coded long Dask frame: ``coder`` (the pandas ``code``) mapped over the partitions.

    ``attribute`` and ``category`` come back as text, so that partitions holding different
    attributes share one dtype; without a respondent column in the input none is made (a
    partition's row positions would not identify respondents).
    """
    respondent = options["respondent"]
    keep = respondent is None or respondent in data.columns

    def coded(part: pd.DataFrame) -> pd.DataFrame:
        out = coder(part, **options)
        out.attrs = {}
        out = out.astype({"attribute": "string", "category": "string"})
        return out if keep else out.drop(columns=[respondent])

    meta = coded(data.head(200, npartitions=-1)).iloc[:0]
    return data.map_partitions(coded, meta=meta)
