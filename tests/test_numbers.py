"""Vietnamese numbers: one parser (helpers.intake.numbers.parse_number) behind the review sheet
and the national tables, and what each of them accepts or refuses around it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpers.intake import accept, table
from helpers.intake.numbers import find_mentions, parse_number

BAD, AMBIGUOUS = "table.bad_number", "table.ambiguous_number"


@pytest.mark.parametrize(
    "text, review, cell, vi_cell",
    [
        # review: the machine text accept writes; cell / vi_cell: a table cell with no notation
        # given / with numbers="vi" ((value, problem) or a problem code alone)
        ("18.592", "18.592", AMBIGUOUS, Decimal("18592")),
        ("1.234", "1.234", AMBIGUOUS, Decimal("1234")),
        ("99,82", "99.82", Decimal("99.82"), Decimal("99.82")),
        ("45,70", "45.70", Decimal("45.70"), Decimal("45.70")),
        ("1.234,5", "1234.5", Decimal("1234.5"), Decimal("1234.5")),
        ("1234,5", "1234.5", Decimal("1234.5"), Decimal("1234.5")),
        ("1.234.567,89", "1234567.89", Decimal("1234567.89"), Decimal("1234567.89")),
        ("5.000,000", "5000.000", Decimal("5000.000"), Decimal("5000.000")),
        ("00,5", "0.5", Decimal("0.5"), Decimal("0.5")),
        ("04", "04", Decimal("4"), Decimal("4")),
        ("0", "0", Decimal("0"), Decimal("0")),
        ("99.82", "99.82", Decimal("99.82"), BAD),
        ("12.34", "12.34", Decimal("12.34"), BAD),
        ("4.0", "4.0", Decimal("4.0"), BAD),
        ("1234.567", "1234.567", Decimal("1234.567"), BAD),
        ("60,41%", None, BAD, BAD),
        ("1.23,4", None, BAD, BAD),
        ("1.234.5", None, BAD, BAD),
        ("1.234,", None, BAD, BAD),
        ("0,7,2", None, BAD, BAD),
        ("-3", None, BAD, BAD),
        ("n/a", None, BAD, BAD),
        ("", "", BAD, BAD),
    ],
)
def test_what_the_review_sheet_and_a_table_accept(text, review, cell, vi_cell):
    assert accept._machine_number(text) == review

    def expected(outcome):
        return (None, outcome) if isinstance(outcome, str) else (outcome, None)

    assert table.read_number(text) == expected(cell)
    assert table.read_number(text, "vi") == expected(vi_cell)


def test_a_table_cell_may_hold_spaces_between_groups():
    # the table reader drops spaces (and no-break spaces) before parsing; the review sheet does not
    assert table.read_number("1 234,5") == (Decimal("1234.5"), None)
    assert table.read_number("1\u00a0234,5", "vi") == (Decimal("1234.5"), None)
    assert accept._machine_number("1 234,5") is None


@pytest.mark.parametrize("text", [",5", "5,", "1,5e3", "+3", "1e5", "1_000", "Infinity", "NaN", "0.918", "01.234"])
def test_a_vietnamese_table_cell_is_a_number_and_nothing_else(text):
    # A sign, an exponent, an underscore, a lone decimal comma, NaN or a grouped number opening
    # with 0 is no Vietnamese number: the cell is refused, not read (NaN used to stop the import).
    assert table.read_number(text, "vi") == (None, BAD)


@pytest.mark.parametrize("text", ["0.918", "0.123,5", "01.234"])
def test_a_grouped_number_does_not_open_with_zero(text):
    assert parse_number(text) is None
    assert accept._machine_number("0.123,5") is None
    assert not [m for m in find_mentions(f"chỉ số đạt {text} điểm") if m.value in (918, Decimal("123.5"), 1234)]


@pytest.mark.parametrize("text", ["18.592", "99,82", "1.234,5", "1234,5", "04", "12.345.678", "5.000,000"])
def test_tables_and_prose_read_a_number_alike(text):
    value, machine = parse_number(text)
    assert table.read_number(text, "vi") == (value, None)
    (mention,) = find_mentions(f"đã xử lý {text} hồ sơ")
    assert (mention.value, mention.value_text) == (value, machine)


def test_a_spreadsheet_cell_is_read_as_data_writes_numbers(tmp_path):
    from openpyxl import Workbook as Sheets

    path = tmp_path / "table.xlsx"
    sheets = Sheets()
    sheets.active.append(["tinh", 2022, "note"])
    sheets.active.append(["A", 1234567.5, 0.1 + 0.2])
    sheets.active.append(["B", 85.0, 1e-05])
    sheets.active.append(["C", 1e20, True])
    sheets.save(path)
    header, body = table.read_cells(path)
    assert header == ["tinh", "2022", "note"]
    # a number stays a number (never read as text, so never read the Vietnamese way)
    assert [cells for _, cells in body] == [
        ["A", Decimal("1234567.5"), Decimal("0.3")],  # openpyxl stores 0.1 + 0.2 as 0.3
        ["B", Decimal("85"), Decimal("0.00001")],
        ["C", Decimal("1e20"), "True"],
    ]
    assert [[table.cell_text(cell) for cell in cells] for _, cells in body] == [
        ["A", "1234567.5", "0.3"],
        ["B", "85", "0.00001"],
        ["C", "100000000000000000000", "True"],
    ]


@pytest.mark.parametrize(
    "text, value",
    [
        ("0.918", Decimal("0.918")),  # the parser reads no grouped number opening with 0
        ("0.123", Decimal("0.123")),
        ("1.234.567", Decimal("1234567")),  # machine notation has one point at most
    ],
)
def test_a_table_cell_reads_two_ways_only_when_both_readers_take_it(text, value):
    assert table.read_number(text) == (value, None)
