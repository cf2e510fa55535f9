"""The slips a newcomer makes first get a message that names the fix.

Each test makes the slip on a shipped dataset and checks the error type and that the
message names what to do (the argument, the function, the columns to pick from), and,
where the message proposes a call, that the call works.
"""

import re

import pandas as pd
import pytest

import cxresearch as cx
from cxresearch.errors import CXInputError, KanoInputError


@pytest.fixture(scope="module")
def waves():
    """The bank's yearly Kano waves, coded: the time is in 'year' and 'survey_date', there is no 'wave'."""
    return cx.kano.code(cx.load_dataset("bank_branch_waves"))


def test_detect_without_time_says_wave_is_the_default_and_lists_the_time_columns(waves):
    assert "wave" not in waves.columns
    with pytest.raises(KanoInputError, match=r"`time` is 'wave' by default.*time=") as err:
        cx.dropoff.detect(waves)
    msg = str(err.value)
    listed = re.search(r"Columns that look like times: (.*)\.$", msg).group(1)
    assert listed == "'year', 'survey_date'"  # not 'respondent', 'segment' nor the answer columns
    assert "cx.kano.code" not in msg  # the data are coded: no advice to code them


def test_the_time_the_message_proposes_works(waves):
    res = cx.dropoff.detect(waves, time="year")
    assert res.time == "year" and len(res.table) == waves["attribute"].nunique()


def test_detect_on_a_count_table_without_the_time_column(waves):
    tab = cx.kano.counts(waves, by="year")
    with pytest.raises(KanoInputError, match=r"`time` is 'wave' by default.*Columns that look like times: 'year'\."):
        cx.dropoff.detect(tab)


def test_a_misspelt_time_is_named_as_given(waves):
    with pytest.raises(KanoInputError, match=r"column 'period' not found.*`time` is 'period'; .*time='year'"):
        cx.dropoff.detect(waves, time="period")


def test_no_time_like_column_says_so(waves):
    with pytest.raises(KanoInputError, match="no column here looks like one"):
        cx.dropoff.detect(waves.drop(columns=["year", "survey_date"]))


def test_analyze_on_the_raw_survey_says_code_it_first():
    raw = cx.load_dataset("recruiting_kano")
    with pytest.raises(KanoInputError, match=r"code it first with cx\.kano\.code\(") as err:
        cx.kano.analyze(raw)
    msg = str(err.value)
    assert "'recommendations_on_time_functional', 'recommendations_on_time_dysfunctional'" in msg
    assert "importance" not in msg.split("These look like")[1].split(":")[0]  # only the answer pairs are named
    assert "`time`" not in msg  # analyze has no time argument
    cx.kano.analyze(cx.kano.code(raw))  # the fix the message gives


def test_detect_on_the_raw_waves_says_code_it_first_and_names_the_time():
    with pytest.raises(KanoInputError, match=r"code it first with cx\.kano\.code.*`time` is 'wave' by default.*"
                                             r"'year', 'survey_date'"):
        cx.dropoff.detect(cx.load_dataset("bank_branch_waves"))


def test_a_long_frame_of_answers_without_categories_says_code_it_first():
    long = pd.DataFrame({"attribute": ["sms", "sms"], "functional": [1, 2], "dysfunctional": [5, 5]})
    with pytest.raises(KanoInputError, match=r"'functional', 'dysfunctional'\): code it first"):
        cx.kano.analyze(long)


def test_a_misnamed_category_column_is_not_taken_for_raw_answers(waves):
    with pytest.raises(KanoInputError, match="column 'category' not found") as err:
        cx.kano.analyze(waves.rename(columns={"category": "kano_class"}).drop(columns=["functional", "dysfunctional"]))
    assert "cx.kano.code" not in str(err.value)


@pytest.mark.parametrize("load", [cx.load_dataset, cx.datasets.data_card])
def test_a_misspelt_dataset_gets_did_you_mean_and_the_list(load):
    with pytest.raises(CXInputError, match=r"got 'retail_cme'\. Did you mean 'retail_cem'\?") as err:
        load("retail_cme")
    assert all(repr(name) in str(err.value) for name in cx.list_datasets()["name"])


def test_a_dataset_name_in_other_case_or_with_csv_is_pointed_to_its_name():
    with pytest.raises(CXInputError, match=r"got 'Service-Ratings\.csv'\. Did you mean 'service_ratings'\?"):
        cx.load_dataset("Service-Ratings.csv")


def test_from_ratings_with_a_wrong_time_lists_the_date_column_not_a_rating_of_waiting_time():
    ratings = cx.load_dataset("service_ratings")
    cols = [c for c in ratings.columns if c.endswith("_experience")]
    assert "short_waiting_time_experience" in cols  # a rating whose name holds "time"
    with pytest.raises(CXInputError, match=r"time column 'wave' not found.*`time` is 'wave'; pass time= .*"
                                           r"Columns that look like times: 'survey_date'\.$"):
        cx.dropoff.from_ratings(ratings, "overall", cols, time="wave")
