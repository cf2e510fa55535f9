"""The datasets shipped with cxresearch.

Each dataset is a CSV file in this package folder (``cxresearch/datasets/``), listed in
``index.csv`` with its title, size, source and licence, and described by a data card
``<name>.md``. The scripts that generate them live in ``scripts/datasets/`` of the
source tree and are not installed.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from cxresearch._core.categories import CATEGORY_DTYPE
from cxresearch._core.checks import arg_error, near_match
from cxresearch._core.params import declared

__all__ = ["list_datasets", "load_dataset", "data_card"]

_PACKAGE = "cxresearch.datasets"
_CATEGORY_COLUMNS = ("category", "true_category")


def _files():
    return resources.files(_PACKAGE)


def _check_name(name) -> None:
    """Refuse a name that is not a shipped dataset, listing them and suggesting the nearest ("retail_cme")."""
    names = list(list_datasets()["name"])
    if isinstance(name, str) and name in names:
        return
    typed = str(name).strip().lower().removesuffix(".csv").replace("-", "_").replace(" ", "_")
    hint = f"Did you mean {typed!r}?" if typed in names else near_match(typed, names)
    raise arg_error("name", f"one of {names} (see cx.list_datasets())", name, hint)


@declared()
def list_datasets() -> pd.DataFrame:
    """The shipped datasets: name, title, rows, source, licence.

    Returns
    -------
    pandas.DataFrame
        One row per dataset, from ``datasets/index.csv``.

    See Also
    --------
    cxresearch.datasets.load_dataset : loads one of them.
    cxresearch.datasets.data_card : describes one of them.

    Examples
    --------
    >>> import cxresearch as cx
    >>> "recruiting_kano" in set(cx.list_datasets()["name"])
    True
    """
    with _files().joinpath("index.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh)


@declared()
def load_dataset(name: str) -> pd.DataFrame:
    """Load a shipped dataset by name.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    pandas.DataFrame
        The data; Kano category columns (``category``, ``true_category``) come back as
        ordered categoricals A < O < M < I < R < Q, and a ``date`` column as datetimes.

    See Also
    --------
    cxresearch.datasets.list_datasets : the names to choose from.
    cxresearch.datasets.data_card : what the columns mean and how the data were made.

    Examples
    --------
    >>> import cxresearch as cx
    >>> df = cx.load_dataset("recruiting_kano")
    >>> df.shape[0]
    300
    """
    _check_name(name)
    with _files().joinpath(f"{name}.csv").open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh)
    for col in _CATEGORY_COLUMNS:
        if col in df.columns:
            df[col] = df[col].astype(CATEGORY_DTYPE)
    if "date" in df.columns:
        df["date"] = pd.to_datetime(df["date"])
    return df


@declared()
def data_card(name: str) -> str:
    """The data card (Markdown) of a shipped dataset: what, columns, how made, seed, licence.

    Parameters
    ----------
    name : str
        A dataset name (see :func:`list_datasets`).

    Returns
    -------
    str

    See Also
    --------
    cxresearch.datasets.list_datasets : the names to choose from.
    cxresearch.datasets.load_dataset : the data the card describes.

    Examples
    --------
    >>> import cxresearch as cx
    >>> cx.datasets.data_card("recruiting_kano").splitlines()[0]
    '# recruiting_kano'
    """
    _check_name(name)
    return _files().joinpath(f"{name}.md").read_text(encoding="utf-8")
