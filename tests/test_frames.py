"""A report's tables read row by row: the same values as iterrows, as plain dicts."""

import pandas as pd

from helpers.frames import rows


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return bool(a == b)


def test_rows_hold_what_iterrows_holds_in_a_mixed_table():
    frame = pd.DataFrame(
        {
            "indicator_id": ["a", "b", None],
            "result": [99.82, float("nan"), 5.0],
            "points": [1, 2, 3],
            "period_end": pd.to_datetime(["2023-12-31", "2024-06-30", None]),
            "status": pd.array(["met", pd.NA, "not_met"], dtype="string"),
        },
        index=[7, 3, 9],
    )
    got = rows(frame)
    assert [list(row) for row in got] == [list(frame.columns)] * 3
    for row, (_, series) in zip(got, frame.iterrows(), strict=True):
        for column in frame.columns:
            assert _same(row[column], series[column]), column


def test_a_table_of_numbers_reads_as_iterrows_reads_it():
    frame = pd.DataFrame({"n": [1, 2], "x": [0.5, 1.5]})
    got = rows(frame)
    assert got == [{"n": 1.0, "x": 0.5}, {"n": 2.0, "x": 1.5}]
    assert [type(row["n"]) for row in got] == [type(series["n"]) for _, series in frame.iterrows()]


def test_an_empty_table_has_no_rows():
    assert rows(pd.DataFrame(columns=["a", "b"])) == []
