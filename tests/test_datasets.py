"""Every dataset in the index loads, with its card; unknown names are refused with the list."""

import pandas as pd
import pytest

import cxresearch as cx

INDEX = cx.list_datasets()


@pytest.mark.parametrize("name", INDEX["name"].tolist())
def test_every_indexed_dataset_loads_with_its_card(name):
    df = cx.load_dataset(name)
    row = INDEX.set_index("name").loc[name]
    assert df.shape == (row["rows"], row["columns"])
    card = cx.datasets.data_card(name)
    assert card.startswith(f"# {name}") and "Licence" in card and "How it was made" in card
    for col in ("category", "true_category"):
        if col in df:
            assert isinstance(df[col].dtype, pd.CategoricalDtype) and df[col].cat.ordered


def test_unknown_dataset_error_lists_the_names():
    with pytest.raises(ValueError, match="`name` must be one of .*'recruiting_kano'.*; got 'nope'"):
        cx.load_dataset("nope")
    with pytest.raises(ValueError, match="got 'nope'"):
        cx.datasets.data_card("nope")
