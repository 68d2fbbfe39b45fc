"""National tables: units matched by the names they had at the row's period, numbers read either
way, and nothing changed when a name fits no unit or several."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.intake.places import NameIndex
from helpers.intake.table import import_table, read_number, read_table
from helpers.load import load_workbook
from helpers.periods import parse_period

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = Path(__file__).parent / "fixtures" / "national"  # copies of two published tables


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def workbook(committed):
    return committed


@pytest.fixture(scope="module")
def names(workbook) -> NameIndex:
    """The registry's names, indexed once: matching reads the index and never changes it."""
    return NameIndex(workbook)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the project's data/ (the full registry)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_qd766_table_matches_every_row(workbook):
    read = read_table(
        workbook,
        NATIONAL / "dvc766-2022-2024.csv",
        unit_column="don_vi",
        period_column="year",
        indicators={"tong_diem": "chi_so_766"},
        source_id="qd-749",
        level="province",
    )
    assert read.problems == []
    assert len(read.records) == 102  # 34 units × 2022, 2023, 2024
    by_key = {(r["locality_id"], r["period"]): r for r in read.records}
    assert by_key[("khanh-hoa", "2022")]["value"] == "65.06"
    assert read.units["hue"] == "UBND Thành phố Huế"  # Thừa Thiên Huế, renamed, one record
    assert ("lao-cai", "2024") in by_key and ("lao-cai-2025", "2024") not in by_key


@pytest.mark.parametrize(
    "written, period, expected",
    [
        ("TP. Đà Nẵng", "2017", "da-nang"),
        ("UBND tỉnh Khánh Hòa", "2022", "khanh-hoa"),
        ("Thừa Thiên - Huế", "2017", "hue"),
        ("Tp Hồ Chí Minh", "2024", "ho-chi-minh"),
        ("Bà Rịa - Vũng Tàu", "2020", "ba-ria-vung-tau"),
        ("ba ria vung tau", "2020", "ba-ria-vung-tau"),
        ("Khanh Hoa", "2022", "khanh-hoa"),
        ("Đồng Tháp", "2022", "dong-thap"),
        ("Đồng Tháp", "2025", "dong-thap-2025"),
        ("tỉnh Lào Cai", "2025", "lao-cai-2025"),  # the level word tells the province from the ward
        ("Phường Lào Cai", "2025", "lao-cai-lao-cai"),
        ("Sơn Hà", "2025", "quang-ngai-son-ha-21289"),  # diacritics tell Sơn Hà from Sơn Hạ
        ("Xã Tịnh Khê", "2025", "quang-ngai-tinh-khe"),  # a name that starts like a level word
    ],
)
def test_names_as_written_at_the_period(names, written, period, expected):
    assert names.match(written, parse_period(period)).locality_id == expected


@pytest.mark.parametrize(
    "written, period, candidates",
    [
        ("Lào Cai", "2025", ("lao-cai-2025", "lao-cai-lao-cai")),
        ("Son Ha", "2025", ("quang-ngai-son-ha-21289", "quang-ngai-son-ha-21292")),
    ],
)
def test_a_name_that_fits_several_units_is_not_guessed(names, written, period, candidates):
    found = names.match(written, parse_period(period))
    assert found.locality_id is None and found.ambiguous and found.candidates == candidates


def test_an_unknown_name_comes_with_its_closest_candidates(workbook):
    provinces = NameIndex(workbook, "province")
    found = provinces.match("Tỉnh Hà Giangg", parse_period("2022"))
    assert found.locality_id is None and not found.ambiguous
    assert found.candidates[0] == "ha-giang"
    # a unit that no longer existed is not a candidate: Hà Giang merged on 2025-07-01
    assert provinces.match("Hà Giang", parse_period("2025")).locality_id is None


@pytest.mark.parametrize(
    "text, numbers, value, problem",
    [
        ("0,727", None, Decimal("0.727"), None),
        ("65.06", None, Decimal("65.06"), None),
        ("1.234,5", None, Decimal("1234.5"), None),
        ("18592", None, Decimal("18592"), None),
        ("18.592", None, None, "table.ambiguous_number"),
        ("18.592", "vi", Decimal("18592"), None),
        ("18.592", "machine", Decimal("18.592"), None),
        ("0,7,2", None, None, "table.bad_number"),
        ("-3", None, None, "table.bad_number"),
        ("n/a", None, None, "table.bad_number"),
    ],
)
def test_numbers_either_way_but_never_guessed(text, numbers, value, problem):
    assert read_number(text, numbers) == (value, problem)


def test_vietnamese_decimals_in_the_2017_table(workbook):
    read = read_table(
        workbook,
        NATIONAL / "ungdung-cntt-2017.csv",
        unit_column="tinh_thanh_pho",
        period_column="year",
        indicators={"diem": "dti"},
        source_id="qd-749",
        level="province",
    )
    assert read.problems == []
    assert len(read.records) == 53
    assert read.records[0] == {
        "locality_id": "hue",
        "indicator_id": "dti",
        "period": "2017",
        "numerator": "",
        "denominator": "",
        "value": "0.727",
        "qualifier": "",
        "source_id": "qd-749",
        "locator": "Thừa Thiên - Huế; diem",
    }


def test_unknown_and_ambiguous_names_stop_the_import_and_change_nothing(data, tmp_path, capsys):
    table = tmp_path / "bang.csv"
    table.write_text(
        "don_vi,nam,diem\n"
        'UBND tỉnh Khánh Hòa,2025,"70,5"\n'
        "Lào Cai,2025,61.2\n"
        "Tỉnh Sài Gòn,2025,60\n"
        "UBND tỉnh Cao Bằng,2025,59\n",
        encoding="utf-8",
    )
    before = snapshot(data)
    code = main(
        [
            "import-table",
            str(table),
            "--unit-column",
            "don_vi",
            "--period-column",
            "nam",
            "--indicator",
            "diem=chi_so_766",
            "--source",
            "qd-749",
            "--data",
            str(data),
        ]
    )
    assert code == 1
    assert snapshot(data) == before
    err = capsys.readouterr().err
    assert "bang.csv, dòng 3, cột 'don_vi'" in err and "lao-cai-2025, lao-cai-lao-cai" in err
    assert "bang.csv, dòng 4, cột 'don_vi'" in err and "Sài Gòn" in err
    assert "dòng 2" not in err and "dòng 5" not in err  # the good rows are not blamed


def test_a_value_the_loader_refuses_stops_the_import_and_changes_nothing(data, tmp_path, capsys):
    table = tmp_path / "dti.csv"
    table.write_text('tinh,dti\nTP. Đà Nẵng,"78,57"\n', encoding="utf-8")  # a percent, not 0–1
    before = snapshot(data)
    code = main(
        [
            "import-table",
            str(table),
            "--unit-column",
            "tinh",
            "--period",
            "2024",
            "--indicator",
            "dti=dti",
            "--source",
            "qd-749",
            "--level",
            "province",
            "--data",
            str(data),
            "--lang",
            "en",
        ]
    )
    assert code == 1
    assert snapshot(data) == before
    assert "dti.csv, line 2, column 'dti'" in capsys.readouterr().err


def test_the_qd766_table_is_merged_through_the_transaction(data, capsys):
    args = [
        "import-table",
        str(NATIONAL / "dvc766-2022-2024.csv"),
        "--unit-column",
        "don_vi",
        "--period-column",
        "year",
        "--indicator",
        "tong_diem=chi_so_766",
        "--source",
        "qd-749",
        "--level",
        "province",
        "--data",
        str(data),
    ]
    assert main(args) == 0
    assert "102" in capsys.readouterr().out
    figures = load_workbook(data).figures
    mine = figures[figures["indicator_id"] == "chi_so_766"]
    assert len(mine) == 102
    row = mine[(mine["locality_id"] == "hue") & (mine["period"] == "2022")].iloc[0]
    assert row["value"] == 58.43 and row["locator"] == "UBND Thành phố Huế; tong_diem"
    before = snapshot(data)
    assert main(args) == 0  # importing again changes nothing
    assert snapshot(data) == before


def test_the_columns_given_on_the_command_line_map_to_indicators():
    from helpers.intake.table import column_map

    assert column_map(["Tỷ lệ hồ sơ = ho_so_truc_tuyen", "DTI=dti"]) == {
        "Tỷ lệ hồ sơ": "ho_so_truc_tuyen",
        "DTI": "dti",
    }
    for bad in ("DTI", "=dti", "DTI= ", ""):
        with pytest.raises(ValueError) as refused:
            column_map(["DTI=dti", bad], "en")
        assert str(refused.value) == f"--indicator takes COLUMN=INDICATOR_ID; got {bad!r}"  # as the user wrote it
    with pytest.raises(ValueError) as refused:
        column_map(["DTI=dti", "Tỷ lệ=ho_so_truc_tuyen", " DTI =dti"])
    assert str(refused.value).startswith("--indicator đưa cột 'DTI' hai lần ('DTI=dti', ' DTI =dti')")


def xlsx(path: Path, *rows, formats: dict[str, str] | None = None) -> Path:
    """A one-sheet .xlsx of ``rows``; ``formats`` gives cells a number format (``{"B2": "0.00%"}``)."""
    from openpyxl import Workbook as Sheets

    sheets = Sheets()
    for row in rows:
        sheets.active.append(list(row))
    for cell, number_format in (formats or {}).items():
        sheets.active[cell].number_format = number_format
    sheets.save(path)
    return path


def figure_lines(data: Path, indicator_id: str) -> dict[str, str]:
    """``{locality_id: value}`` as figures.csv spells them, for one indicator's figures."""
    import csv

    with open(data / "figures.csv", encoding="utf-8", newline="") as file:
        return {row["locality_id"]: row["value"] for row in csv.DictReader(file) if row["indicator_id"] == indicator_id}


@pytest.mark.parametrize("numbers", [[], ["--numbers", "vi"], ["--numbers", "machine"]])
def test_a_number_excel_holds_as_a_number_is_that_number(numbers, data, tmp_path, capsys):
    # 18.592 typed into Excel is eighteen and a bit, whatever --numbers says of the table's text:
    # it was stored as 18592 under --numbers vi, and 65.06 and 0.918 were refused
    table = xlsx(
        tmp_path / "diem.xlsx",
        ["don_vi", "diem"],
        ["Huế", 18.592],
        ["Khánh Hòa", 65.06],
        ["Đà Nẵng", 0.918],
        ["Cao Bằng", 59],
    )
    args = ["import-table", str(table), "--unit-column", "don_vi", "--period", "2024"]
    args += ["--indicator", "diem=chi_so_766", "--source", "trung-khanh-2023", "--level", "province"]
    assert main([*args, *numbers, "--data", str(data)]) == 0, capsys.readouterr().err
    values = figure_lines(data, "chi_so_766")
    assert {unit: values.get(unit) for unit in ("hue", "khanh-hoa", "da-nang", "cao-bang")} == {
        "hue": "18.592",
        "khanh-hoa": "65.06",
        "da-nang": "0.918",
        "cao-bang": "59",
    }


def test_a_percent_cell_is_a_share_of_a_percent_indicator(data, tmp_path, capsys):
    # Excel keeps the 60,41% it shows as 0.6041: it was stored as a rate of 0.6041 percent
    table = xlsx(
        tmp_path / "ty_le.xlsx",
        ["don_vi", "Tỷ lệ"],
        ["Huế", 0.6041],
        ["Khánh Hòa", 1],
        ["Đà Nẵng", 0.9982],
        ["Cao Bằng", 60.41],  # a number shown as a number is that number
        formats={"B2": "0.00%", "B3": "0%", "B4": '0.00%;"-"'},
    )
    args = ["import-table", str(table), "--unit-column", "don_vi", "--period", "2024", "--level", "province"]
    args += ["--indicator", "Tỷ lệ=ho_so_truc_tuyen", "--source", "qd-749", "--data", str(data)]
    assert main(args) == 0, capsys.readouterr().err
    values = figure_lines(data, "ho_so_truc_tuyen")
    assert {unit: values.get(unit) for unit in ("hue", "khanh-hoa", "da-nang", "cao-bang")} == {
        "hue": "60.41",
        "khanh-hoa": "100",
        "da-nang": "99.82",
        "cao-bang": "60.41",
    }


@pytest.mark.parametrize(
    "lang, said",
    [
        (
            "en",
            "so_dvc.xlsx, line 3, column 'DVCTT': the cell is formatted as a percent (25%) but indicator "
            "'dvctt_tong' is counted in 'count'",
        ),
        (
            "vi",
            "so_dvc.xlsx, dòng 3, cột 'DVCTT': ô định dạng phần trăm (25%) nhưng chỉ tiêu 'dvctt_tong' "
            "tính theo đơn vị 'count'",
        ),
    ],
)
def test_a_percent_cell_is_no_figure_of_an_indicator_of_another_unit(lang, said, data, tmp_path, capsys):
    # a share is not a count: 0.25 shown as 25% was stored as 0.25 services
    table = xlsx(
        tmp_path / "so_dvc.xlsx",
        ["don_vi", "DVCTT"],
        ["Huế", 120],
        ["Khánh Hòa", 0.25],
        formats={"B3": "0%", "B2": '"%"0'},  # a % in quotes is only a character
    )
    args = ["import-table", str(table), "--unit-column", "don_vi", "--period", "2024", "--level", "province"]
    args += ["--indicator", "DVCTT=dvctt_tong", "--source", "qd-749", "--data", str(data), "--lang", lang]
    before = snapshot(data)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert said in err
    assert "line 2" not in err and "dòng 2" not in err  # the quoted % is no percent format
    assert snapshot(data) == before


def test_a_formula_the_file_keeps_no_value_for_stops_the_import(data, tmp_path, capsys):
    # a table written by a program holds its formulas but no values (openpyxl writes none): the
    # cell read as empty, and the unit was counted among those without a figure
    table = xlsx(tmp_path / "diem.xlsx", ["don_vi", "diem"], ["Huế", 59], ["Khánh Hòa", "=B2+1"], ["Đà Nẵng", None])
    args = ["import-table", str(table), "--unit-column", "don_vi", "--period", "2024", "--level", "province"]
    args += ["--indicator", "diem=chi_so_766", "--source", "qd-749", "--data", str(data), "--lang", "en"]
    before = snapshot(data)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "diem.xlsx, line 3, column 'diem': the cell holds the formula =B2+1 but the file keeps no value" in err
    assert "line 2" not in err and "line 4" not in err  # a number, and an empty cell: no figure, no problem
    assert snapshot(data) == before


def test_a_computed_number_is_what_the_spreadsheet_shows(workbook, tmp_path):
    # a formula's 200/3 is cached with a binary tail (66.66666666666667) no spreadsheet shows
    table = xlsx(tmp_path / "diem.xlsx", ["don_vi", "diem"], ["Huế", 200 / 3], ["Đà Nẵng", 0.1 + 0.2])
    options = dict(unit_column="don_vi", period="2024", indicators={"diem": "chi_so_766"}, source_id="x")
    read = read_table(workbook, table, level="province", **options)
    assert [r["value"] for r in read.records] == ["66.6666666666667", "0.3"]


def test_the_text_cells_of_a_spreadsheet_are_read_as_text(workbook, tmp_path):
    # a number typed as text keeps going through the Vietnamese reader and --numbers; the period
    # and the unit columns may hold numbers Excel keeps as numbers
    table = xlsx(
        tmp_path / "bang.xlsx",
        ["don_vi", "nam", "diem"],
        ["Huế", 2024, "18.592"],
        ["Khánh Hòa", 2024, "70,5"],
        ["Đà Nẵng", 2024, 0.5],
        ["Cao Bằng", 2024, -3],
    )
    options = dict(unit_column="don_vi", period_column="nam", indicators={"diem": "chi_so_766"}, source_id="x")
    read = read_table(workbook, table, level="province", **options)
    assert [(p.code, p.line, p.value) for p in read.problems] == [
        ("table.ambiguous_number", 2, "18.592"),
        ("table.bad_number", 5, "-3"),  # a number of zero or more, typed or not
    ]
    table = xlsx(
        tmp_path / "bang.xlsx",
        ["don_vi", "nam", "diem"],
        ["Huế", 2024, "18.592"],
        ["Khánh Hòa", 2024, "70,5"],
        ["Đà Nẵng", 2024, 0.5],
    )
    read = read_table(workbook, table, level="province", numbers="vi", **options)
    assert read.problems == []
    assert [(r["locality_id"], r["period"], r["value"]) for r in read.records] == [
        ("hue", "2024", "18592"),
        ("khanh-hoa", "2024", "70.5"),
        ("da-nang", "2024", "0.5"),
    ]


def test_a_notation_of_numbers_the_table_reader_does_not_know_is_refused(workbook, data, tmp_path):
    # the command line offers vi and machine only; a caller of the readers is held to them too
    # (read_number("18.592", "machin") was 18592, and a table of typed numbers was never asked)
    with pytest.raises(ValueError, match="'machin'.*vi, machine"):
        read_number("18.592", "machin")
    table = xlsx(tmp_path / "diem.xlsx", ["don_vi", "diem"], ["Huế", 18.592])
    options = dict(unit_column="don_vi", period="2024", indicators={"diem": "chi_so_766"}, source_id="x")
    with pytest.raises(ValueError, match="'VI'.*vi, machine"):
        read_table(workbook, table, numbers="VI", **options)
    before = snapshot(data)
    with pytest.raises(ValueError, match="'machin'"):
        import_table(data, table, numbers="machin", **options)
    assert snapshot(data) == before


_TWICE = {
    # the last --indicator of a column used to win silently
    "column": ("diem,dti", ["diem=dti", "diem = chi_so_766"]),
    # each row gave the indicator two values, and the last one was merged without a word
    "indicator": ("a,b", ["a=chi_so_766", "b=chi_so_766"]),
}


@pytest.mark.parametrize(
    "twice, lang, said",
    [
        ("column", "vi", "cds: error: --indicator đưa cột 'diem' hai lần ('diem=dti', 'diem = chi_so_766')"),
        ("column", "en", "cds: error: --indicator gives column 'diem' twice ('diem=dti', 'diem = chi_so_766')"),
        ("indicator", "vi", "cds: error: --indicator đưa chỉ tiêu 'chi_so_766' cho hai cột ('a', 'b')"),
        ("indicator", "en", "cds: error: --indicator gives indicator 'chi_so_766' to two columns ('a', 'b')"),
    ],
)
def test_a_column_or_an_indicator_given_twice_is_a_usage_error(twice, lang, said, data, tmp_path, capsys):
    columns, pairs = _TWICE[twice]
    table = tmp_path / "bang.csv"
    table.write_text(f"don_vi,{columns}\nTP. Đà Nẵng,59,61\n", encoding="utf-8")
    args = ["import-table", str(table), "--unit-column", "don_vi", "--period", "2024", "--source", "qd-749"]
    args += [word for pair in pairs for word in ("--indicator", pair)] + ["--data", str(data), "--lang", lang]
    before = snapshot(data)
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err
    assert snapshot(data) == before


def test_the_table_reader_refuses_two_columns_of_one_indicator(data, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text("don_vi,a,b\nTP. Đà Nẵng,59,61\n", encoding="utf-8")
    options = dict(unit_column="don_vi", period="2024", source_id="qd-749")
    with pytest.raises(ValueError, match="chi_so_766"):  # called as a library: the refusal of the command
        read_table(load_workbook(data), table, indicators={"a": "chi_so_766", "b": "chi_so_766"}, **options)
