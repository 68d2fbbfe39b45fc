from datetime import date

import pytest

from helpers.periods import parse_period


@pytest.mark.parametrize(
    ("notation", "start", "end", "year", "vi", "en"),
    [
        ("2023", date(2023, 1, 1), date(2023, 12, 31), 2023, "năm 2023", "2023"),
        ("2022-M6", date(2022, 1, 1), date(2022, 6, 30), 2022, "6 tháng đầu năm 2022", "first 6 months of 2022"),
        ("2022-M9", date(2022, 1, 1), date(2022, 9, 30), 2022, "9 tháng đầu năm 2022", "first 9 months of 2022"),
        ("2024-M4", date(2024, 1, 1), date(2024, 4, 30), 2024, "4 tháng đầu năm 2024", "first 4 months of 2024"),
        ("2022-01-01/..", date(2022, 1, 1), None, 2022, "từ 01/01/2022 đến thời điểm báo cáo", "2022-01-01 to date"),
        (
            "2021-07-01/2022-03-31",
            date(2021, 7, 1),
            date(2022, 3, 31),
            2022,
            "từ 01/07/2021 đến 31/03/2022",
            "2021-07-01 to 2022-03-31",
        ),
    ],
)
def test_notation_gives_dates_year_and_labels(notation, start, end, year, vi, en):
    period = parse_period(notation)
    assert (period.start, period.end, period.year) == (start, end, year)
    assert period.label("vi") == vi
    assert period.label("en") == en


@pytest.mark.parametrize(
    "text", ["", "năm 2023", "2022-H1", "2022-M12", "2022-M0", "2022-02-30/..", "2022-03-01/2022-01-01", "06/2022"]
)
def test_anything_else_is_refused_with_the_expected_notation(text):
    with pytest.raises(ValueError, match="expected YYYY, YYYY-Mn"):
        parse_period(text)


def test_periods_sort_by_end_with_open_periods_placed_by_their_start():
    periods = [parse_period(p) for p in ("2023", "2022-01-01/..", "2022-M9", "2022-M6")]
    assert [p.notation for p in sorted(periods)] == ["2022-01-01/..", "2022-M6", "2022-M9", "2023"]
