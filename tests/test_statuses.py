"""The one count of statuses that page 1, the units' table, the index and the overview state."""

import pandas as pd

from helpers.statuses import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, RESTATES, count_statuses


def test_statuses_are_counted_with_those_not_yet_due_together():
    statuses = [MET, MET, NOT_MET, ON_TRACK, BEHIND, BEHIND, NOT_DUE, RESTATES, NO_TARGET, NO_TARGET, NO_TARGET]
    assert count_statuses(statuses) == {
        "total": 11,
        "with_target": 8,
        "met": 2,
        "not_met": 1,
        "pending": 4,  # on track, behind twice, not due
        "on_track": 1,
        "behind": 2,
        "restates": 1,
        "no_target": 3,
    }


def test_a_table_s_column_and_no_figures_count_alike():
    assert count_statuses(pd.Series([NOT_DUE, MET]))["pending"] == 1
    assert set(count_statuses([]).values()) == {0}
