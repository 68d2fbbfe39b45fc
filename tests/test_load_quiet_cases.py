"""Cases the loader once let through quietly: warnings that load, period identity, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.cli import main
from helpers.load import load_workbook
from helpers.periods import parse_period
from helpers.quality import findings
from helpers.rollup import rollup

FIXTURES = Path(__file__).parent / "fixtures"


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def test_periods_covering_the_same_dates_are_one_period():
    assert parse_period("2023-01-01/2023-12-31").canonical == "2023"
    assert parse_period("2022-01-01/2022-06-30").canonical == "2022-M6"
    assert parse_period("2022-M06").canonical == "2022-M6"
    assert parse_period("2024-01-01/2024-02-29").canonical == "2024-M2"
    assert parse_period("2021-07-01/2022-03-31").canonical == "2021-07-01/2022-03-31"
    assert parse_period("2022-01-01/..").canonical == "2022-01-01/.."
    assert parse_period("2022-01-01/2022-06-29").canonical == "2022-01-01/2022-06-29"


def test_a_figure_partly_outside_its_units_life_loads_with_a_located_warning(minimal_dir, capsys):
    # huyen-c ends on 2025-06-30; a 2025 figure runs half a year past it
    _append(minimal_dir / "figures.csv", "huyen-c,ho_so_tiep_nhan,2025,,,120,,bai-b,¶9,\n")
    workbook = load_workbook(minimal_dir)
    [warning] = workbook.load_warnings
    assert (warning.file, warning.line, warning.column, warning.severity) == ("figures.csv", 9, "period", "warning")
    assert "huyen-c" in warning.format("en") and "2025-06-30" in warning.format("en")
    mine = [f for f in findings(workbook, "huyen-c") if f.kind == "load"]
    assert [f.location for f in mine] == ["figures.csv:9"]
    assert findings(workbook, "huyen-b") == [f for f in findings(workbook, "huyen-b") if f.kind != "load"]
    assert main(["validate", "--data", str(minimal_dir), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "WARNING" in out and "figures.csv, line 9, column period" in out


def test_an_open_period_starting_before_a_unit_was_created_is_a_warning(minimal_dir):
    _append(minimal_dir / "localities.csv", "xa-moi,Xã Mới,commune,tinh-a,00101,2025-07-01,\n")
    _append(minimal_dir / "figures.csv", "xa-moi,ho_so_tiep_nhan,2025-01-01/..,,,120,,bai-b,¶9,\n")
    assert [w.code for w in load_workbook(minimal_dir).load_warnings] == ["partly_outside_life"]


def test_figures_within_their_units_life_raise_nothing(minimal_dir):
    _append(minimal_dir / "localities.csv", "xa-moi,Xã Mới,commune,tinh-a,00101,2025-07-01,\n")
    _append(
        minimal_dir / "figures.csv",
        "xa-moi,ho_so_tiep_nhan,2025-07-01/2025-12-31,,,120,,bai-b,¶9,\n"
        "xa-moi,ho_so_qua_han,2025-M9,3,100,,,bai-b,¶9,\n"
        "huyen-c,ho_so_tiep_nhan,2025-M6,,,120,,bai-b,¶9,\n",
    )
    assert load_workbook(minimal_dir).load_warnings == []


def test_a_roll_up_counts_a_period_once_whatever_its_notation(minimal_dir):
    # two units, the same year written two ways: one rolled-up row, both fractions summed
    figures = minimal_dir / "figures.csv"
    _append(figures, "huyen-c,ho_so_truc_tuyen,2023-01-01/2023-12-31,100,200,50,,bai-b,¶9,\n")
    workbook = load_workbook(minimal_dir)
    assert set(workbook.figures_of("huyen-c")["period"]) == {"2022", "2023"}
    rolled = rollup(workbook, "tinh-a").figures
    rows = rolled[(rolled["indicator_id"] == "ho_so_truc_tuyen") & (rolled["period"] == "2023")]
    assert len(rows) == 1
    assert int(rows["numerator"].iloc[0]) == 9475 + 100
    assert int(rows["denominator"].iloc[0]) == 15684 + 200


def test_the_hierarchy_fixture_still_loads():
    workbook = load_workbook(FIXTURES / "hierarchy")
    assert all(w.severity == "warning" for w in workbook.load_warnings)


def test_a_commune_directly_under_a_province_is_in_order(minimal_dir):
    _append(minimal_dir / "localities.csv", "xa-moi,Xã Mới,commune,tinh-a,00101,,\n")
    load_workbook(minimal_dir)


def test_one_bad_header_of_localities_is_one_problem_not_one_per_reference(minimal_dir):
    path = minimal_dir / "localities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("level", "cap", 1), encoding="utf-8")
    from helpers.load import DataError

    try:
        load_workbook(minimal_dir)
    except DataError as error:
        assert {i.file for i in error.issues} == {"localities.csv"}
        assert all(i.line == 1 for i in error.issues)
    else:
        raise AssertionError("a renamed column must be refused")


def test_a_duplicated_header_column_over_many_rows_is_one_problem(minimal_dir):
    from helpers.load import DataError

    path = minimal_dir / "figures.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    rows = [f"huyen-b,ho_so_tiep_nhan,2021-M{m % 11 + 1},,,{m},,bai-b,¶{m},x{m}" for m in range(77)]
    path.write_text("\n".join([header.replace(",note", ",value"), *rows]) + "\n", encoding="utf-8")
    try:
        load_workbook(minimal_dir)
    except DataError as error:
        assert [(i.code, i.line, i.column) for i in error.issues] == [("duplicate_column", 1, "value")]
    else:
        raise AssertionError("a duplicated column must be refused")


def test_an_unclosed_quote_is_named_where_it_opens_not_where_the_file_ends(minimal_dir):
    from helpers.load import DataError

    path = minimal_dir / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + '"note'  # line 2; 14 lines follow it
    lines += [f"huyen-c,ho_so_tiep_nhan,2021-M{m},,,{m},,bai-b,¶{m}," for m in range(1, 12)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        load_workbook(minimal_dir)
    except DataError as error:
        assert [(i.code, i.line, i.column) for i in error.issues] == [("unclosed_quote", 2, "note")]
    else:
        raise AssertionError("an unclosed quote must be refused")


@pytest.mark.e2e  # 3,500 synthetic units; how fast is measured by `make bench`, not asserted here
def test_loading_thousands_of_units_stays_fast(tmp_path):
    from helpers.synth import synthesize

    folder = synthesize(3500, 1, tmp_path / "synth")
    workbook = load_workbook(folder)
    assert len(workbook.localities) > 3500


def test_a_parent_whose_units_have_only_counts_makes_no_report_that_would_fail(minimal_dir):
    from helpers.reports.locality import LocalityReport
    from helpers.rollup import reporting_localities

    (minimal_dir / "figures.csv").write_text(
        "locality_id,indicator_id,period,numerator,denominator,value,qualifier,source_id,locator,note\n"
        "huyen-b,ho_so_tiep_nhan,2023,,,15684,,bai-b,¶4,\n",
        encoding="utf-8",
    )
    workbook = load_workbook(minimal_dir)
    assert reporting_localities(workbook) == ["huyen-b"]
    for locality_id in reporting_localities(workbook):
        LocalityReport(workbook, locality_id, lang="en")
