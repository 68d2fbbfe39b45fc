"""Excel forms: the template's structure, a filled form round trip, and broken forms refused."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers.intake.forms import (
    INSTRUCTIONS_SHEET,
    LOCALITY_CELL,
    META_SHEET,
    PERIOD_CELL,
    import_form,
    write_template,
)
from helpers.load import load_workbook

GOV = "Chính quyền số"  # pillar chinh_quyen_so: ho_so_truc_tuyen, ho_so_tiep_nhan, ho_so_qua_han
INFRA = "Hạ tầng số"  # pillar ha_tang_so: ho_gia_dinh_bang_rong


def _new_template(data_dir: Path, tmp_path: Path, period: str = "2024") -> Path:
    return write_template(load_workbook(data_dir), "huyen-b", period, tmp_path / "form.xlsx")


_FORMS: dict[str, bytes] = {}  # huyen-b's form of a period for the fixture data, written once


def _template(data_dir: Path, tmp_path: Path, period: str = "2024") -> Path:
    """huyen-b's form for ``period`` from ``data_dir``, a copy of the fixture data not yet
    changed: the same form for every test, written once and copied (the tests of the
    template itself write their own)."""
    if period not in _FORMS:
        _FORMS[period] = _new_template(data_dir, tmp_path, period).read_bytes()
    form = tmp_path / "form.xlsx"
    form.write_bytes(_FORMS[period])
    return form


def _fill(path: Path, cells: dict, text: dict | None = None) -> None:
    """Type ``{(sheet, cell): value}`` into the form; ``text`` values are stored as strings
    (data type "s") even when they start with '='."""
    book = openpyxl.load_workbook(path)
    for (sheet, ref), value in cells.items():
        book[sheet][ref] = value
    for (sheet, ref), value in (text or {}).items():
        cell = book[sheet][ref]
        cell.value = value
        cell.data_type = "s"
    book.save(path)


def _figures(data_dir: Path, locality: str, period: str) -> list[tuple]:
    frame = load_workbook(data_dir).figures
    mine = frame[(frame["locality_id"] == locality) & (frame["period"] == period)]
    columns = ["indicator_id", "numerator", "denominator", "value", "source_id", "locator", "note"]
    rows = mine[columns].itertuples(index=False)
    return [tuple(None if pd.isna(v) else v for v in row) for row in rows]


# ---------------------------------------------------------------------------------------------


def test_template_has_instructions_meta_and_one_sheet_per_pillar(minimal_dir, tmp_path):
    book = openpyxl.load_workbook(_new_template(minimal_dir, tmp_path, period="2023"))
    assert book.sheetnames == [INSTRUCTIONS_SHEET, GOV, INFRA, META_SHEET]
    guide = book[INSTRUCTIONS_SHEET]
    fixed = (guide[LOCALITY_CELL].value, guide["B4"].value, guide[PERIOD_CELL].value)
    assert fixed == ("huyen-b", "Huyện Bắc", "2023")
    text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    for phrase in ("tử số không được lớn hơn mẫu số", "từ 0 đến 100", "sources.csv", "để trống cả dòng", "bai-b"):
        assert phrase in text
    assert book[META_SHEET].sheet_state == "veryHidden"
    assert {k: v for k, v, *_ in book[META_SHEET].iter_rows(values_only=True)}["period"] == "2023"
    assert book.defined_names["CDS_LOCALITY_ID"].attr_text == f"'{INSTRUCTIONS_SHEET}'!$B$3"

    gov = book[GOV]
    assert [c.value for c in gov[1]][:3] == ["Mã chỉ tiêu (indicator_id)", "Tên chỉ tiêu", "Đơn vị"]
    indicators = [gov[f"A{r}"].value for r in (2, 3, 4)]
    assert indicators == ["ho_so_truc_tuyen", "ho_so_tiep_nhan", "ho_so_qua_han"]
    assert [gov[f"C{r}"].value for r in (2, 3)] == ["phần trăm", "số đếm"]
    assert gov.freeze_panes == "A2"
    # Pre-filled from figures.csv (huyen-b, 2023).
    assert [gov[f"{c}2"].value for c in "DEFGH"] == [9475, 15684, 60.41, "bai-b", "¶4"]
    assert gov["F3"].value == 15684 and gov["D4"].value == 3
    assert book[INFRA]["F2"].comment is not None  # "trên 85": the qualifier the form cannot hold


def test_template_validates_and_protects_cells(minimal_dir, tmp_path):
    book = openpyxl.load_workbook(_new_template(minimal_dir, tmp_path))
    gov = book[GOV]
    rules = {}
    for validation in gov.data_validations.dataValidation:
        for ref in ("D2", "E2", "F2", "F3", "G2"):
            if ref in validation.sqref:
                rules[ref] = (validation.type, validation.operator, validation.formula1, validation.formula2)
                assert validation.showErrorMessage and validation.error
    assert rules["D2"] == rules["E2"] == ("whole", "greaterThanOrEqual", "0", None)
    assert rules["F2"] == ("decimal", "between", "0", "100")  # a percent indicator
    assert rules["F3"] == ("whole", "greaterThanOrEqual", "0", None)  # a count indicator
    assert rules["G2"][0] == "list"

    for sheet in book.worksheets:
        assert sheet.protection.sheet, sheet.title
    assert book.security.lockStructure
    assert all(gov[f"{c}1"].protection.locked for c in "ABCDEFGHI")
    assert all(gov[f"{c}2"].protection.locked for c in "ABC")
    assert not any(gov[f"{c}2"].protection.locked for c in "DEFGHI")
    # A count takes no numerator/denominator: those cells stay locked.
    assert gov["D3"].protection.locked and not gov["F3"].protection.locked
    assert gov.column_dimensions["B"].width > gov.column_dimensions["C"].width


def test_template_of_committed_data_names_every_unit_and_takes_decimal_scores(committed, tmp_path):
    # The catalogue has indices (dti, 0–1) and scores in points (chi_so_766) beside rates and
    # counts: each row names its unit, and its value cell takes the decimals the source publishes.
    form = write_template(committed, "hong-ngu", "2023", tmp_path / "hong-ngu.xlsx")
    book = openpyxl.load_workbook(form)
    rows = {}
    for sheet in book.worksheets[1:-1]:
        for row in range(2, sheet.max_row + 1):
            rows[sheet[f"A{row}"].value] = (sheet, row)
    units = {sheet[f"C{row}"].value for sheet, row in rows.values()}
    assert units == {"phần trăm", "số đếm", "chỉ số (0–1)", "điểm"}
    for indicator_id, rule in (
        ("dti", ("decimal", "between", "0", "1")),
        ("chi_so_766", ("decimal", "greaterThanOrEqual", "0", None)),
    ):
        sheet, row = rows[indicator_id]
        found = [
            (v.type, v.operator, v.formula1, v.formula2)
            for v in sheet.data_validations.dataValidation
            if f"F{row}" in v.sqref
        ]
        assert found == [rule], indicator_id
        assert sheet[f"D{row}"].protection.locked and not sheet[f"F{row}"].protection.locked


def test_filled_form_round_trips_into_figures(minimal_dir, tmp_path):
    before = (minimal_dir / "figures.csv").read_text(encoding="utf-8")
    form = _template(minimal_dir, tmp_path)
    _fill(
        form,
        {
            (GOV, "D2"): 18592,
            (GOV, "E2"): 18624,
            (GOV, "F2"): 99.82,
            (GOV, "G2"): "bai-b",
            (GOV, "H2"): "¶2",
            (GOV, "F3"): 20000.0,
            (GOV, "G3"): "qd-tw",
            (GOV, "H3"): "¶3",
            (GOV, "I3"): "tạm tính",
            # row 4 (ho_so_qua_han) stays empty: skipped
            (INFRA, "F2"): 90,
            (INFRA, "G2"): "bai-b",
            (INFRA, "H2"): 7,
        },
        text={(GOV, "I2"): "=SUM(D2:E2)"},
    )
    result = import_form(form, minimal_dir)
    assert result.ok, result.problems
    assert (result.added, result.replaced) == (3, 0)
    assert _figures(minimal_dir, "huyen-b", "2024") == [
        # a note typed as a formula stays text, marked so Excel never runs it
        ("ho_so_truc_tuyen", 18592, 18624, 99.82, "bai-b", "¶2", "'=SUM(D2:E2)"),
        ("ho_so_tiep_nhan", None, None, 20000.0, "qd-tw", "¶3", "tạm tính"),
        ("ho_gia_dinh_bang_rong", None, None, 90.0, "bai-b", "7", None),
    ]
    after = (minimal_dir / "figures.csv").read_text(encoding="utf-8")
    assert after.startswith(before)  # existing rows untouched, new ones appended
    assert after[len(before) :] == (
        "huyen-b,ho_so_truc_tuyen,2024,18592,18624,99.82,,bai-b,¶2,'=SUM(D2:E2)\n"
        "huyen-b,ho_so_tiep_nhan,2024,,,20000,,qd-tw,¶3,tạm tính\n"
        "huyen-b,ho_gia_dinh_bang_rong,2024,,,90,,bai-b,7,\n"
    )


def test_prefilled_form_reimported_unchanged_keeps_the_file(minimal_dir, tmp_path):
    before = (minimal_dir / "figures.csv").read_bytes()
    result = import_form(_template(minimal_dir, tmp_path, period="2023"), minimal_dir)
    assert result.ok and (result.added, result.replaced, result.unchanged) == (0, 0, 4)
    assert (minimal_dir / "figures.csv").read_bytes() == before  # qualifier '>' kept too


def test_changed_figure_replaces_the_row_in_place(minimal_dir, tmp_path):
    form = _template(minimal_dir, tmp_path, period="2023")
    _fill(form, {(GOV, "F3"): 16000, (INFRA, "F2"): 88.5})
    result = import_form(form, minimal_dir, lang="en")
    assert result.ok, result.problems
    assert (result.added, result.replaced, result.unchanged) == (0, 2, 2)
    lines = (minimal_dir / "figures.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3] == "huyen-b,ho_so_tiep_nhan,2023,,,16000,,bai-b,¶4,"
    assert lines[5] == "huyen-b,ho_gia_dinh_bang_rong,2023,,,88.5,,bai-b,¶6,"
    assert result.warnings == [f"Sheet '{INFRA}', cell F2: " + result.warnings[0].split(": ", 1)[1]]


def test_broken_form_fails_with_sheet_and_cell_and_changes_nothing(minimal_dir, tmp_path):
    before = (minimal_dir / "figures.csv").read_bytes()
    form = _template(minimal_dir, tmp_path)
    _fill(
        form,
        {
            # numerator > denominator
            (GOV, "D2"): 80,
            (GOV, "E2"): 74,
            (GOV, "G2"): "bai-b",
            (GOV, "H2"): "¶1",
            # negative
            (GOV, "F3"): -5,
            (GOV, "G3"): "bai-b",
            (GOV, "H3"): "¶1",
            # text in a number cell
            (GOV, "D4"): "18.592",
            (GOV, "E4"): 20000,
            (GOV, "G4"): "bai-b",
            (GOV, "H4"): "¶1",
            # unknown source
            (INFRA, "F2"): 50,
            (INFRA, "G2"): "bai-x",
            (INFRA, "H2"): "¶1",
        },
    )
    result = import_form(form, minimal_dir)
    assert not result.ok and (result.added, result.replaced) == (0, 0)
    problems = "\n".join(result.problems)
    assert f"Sheet '{GOV}', ô D2: giá trị '80': tử số 80 lớn hơn mẫu số 74" in problems
    assert f"Sheet '{GOV}', ô F3: số âm -5" in problems
    assert f"Sheet '{GOV}', ô D4: giá trị '18.592'" in problems and "18592" in problems
    assert f"Sheet '{INFRA}', ô G2: giá trị 'bai-x': không có trong sources.csv" in problems
    assert len(result.problems) == 4
    assert (minimal_dir / "figures.csv").read_bytes() == before

    english = import_form(form, minimal_dir, lang="en")
    assert f"Sheet '{GOV}', cell F3: negative number -5" in "\n".join(english.problems)


def test_formula_without_cached_value_is_an_error_naming_its_cell(minimal_dir, tmp_path):
    before = (minimal_dir / "figures.csv").read_bytes()
    form = _template(minimal_dir, tmp_path)
    # openpyxl writes the formula but cannot compute it: no cached value in the file.
    _fill(form, {(GOV, "D2"): 52, (GOV, "E2"): 74, (GOV, "F2"): "=D2/E2*100", (GOV, "G2"): "bai-b", (GOV, "H2"): "¶1"})
    result = import_form(form, minimal_dir)
    assert not result.ok
    assert result.problems[0].startswith(f"Sheet '{GOV}', ô F2: công thức '=D2/E2*100'")
    assert (minimal_dir / "figures.csv").read_bytes() == before


def test_formula_with_cached_value_is_read_as_its_value(minimal_dir, tmp_path):
    form = _template(minimal_dir, tmp_path)
    _fill(
        form,
        {(GOV, "D2"): 52, (GOV, "E2"): 74, (GOV, "F2"): "=ROUND(D2/E2*100,2)", (GOV, "G2"): "bai-b", (GOV, "H2"): "¶1"},
    )
    _set_cached_value(form, sheet_index=2, ref="F2", cached="70.27")  # as Excel saves it
    result = import_form(form, minimal_dir)
    assert result.ok, result.problems
    expected = [("ho_so_truc_tuyen", 52, 74, 70.27, "bai-b", "¶1", None)]
    assert _figures(minimal_dir, "huyen-b", "2024") == expected


def test_an_error_rule_broken_by_the_merged_figures_stops_the_import(minimal_dir, tmp_path):
    # rules.csv: online dossiers (numerator) may not exceed dossiers received.
    before = (minimal_dir / "figures.csv").read_bytes()
    form = _template(minimal_dir, tmp_path)
    _fill(
        form,
        {
            (GOV, "D2"): 900,
            (GOV, "E2"): 1000,
            (GOV, "G2"): "bai-b",
            (GOV, "H2"): "¶1",
            (GOV, "F3"): 500,
            (GOV, "G3"): "bai-b",
            (GOV, "H3"): "¶1",
        },
    )
    result = import_form(form, minimal_dir)
    assert not result.ok
    assert any("truc_tuyen_khong_vuot_tiep_nhan" in p or "không thể nhiều hơn" in p for p in result.problems)
    assert (minimal_dir / "figures.csv").read_bytes() == before


def test_not_a_form_is_refused(minimal_dir, tmp_path):
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_text("not a workbook")
    result = import_form(bogus, minimal_dir)
    assert not result.ok and "bogus.xlsx" in result.problems[0]


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("F3", "khoảng 200", "ô F3: ô chứa văn bản 'khoảng 200', cần một số"),
        ("F3", True, "ô F3: ô chứa giá trị đúng/sai"),
        ("D2", 5.5, "ô D2: 5.5 không phải số nguyên"),
        ("F2", "99,82", "ô F2: giá trị '99,82': dùng dấu phẩy thập phân"),
    ],
)
def test_bad_number_cells_are_named(minimal_dir, tmp_path, cell, value, expected):
    form = _template(minimal_dir, tmp_path)
    row = cell[1:]
    filled = {(GOV, f"G{row}"): "bai-b", (GOV, f"H{row}"): "¶1", (GOV, cell): value}
    if cell.startswith("D"):
        filled[(GOV, "E2")] = 10
    _fill(form, filled)
    result = import_form(form, minimal_dir)
    [problem] = result.problems
    assert problem.startswith(f"Sheet '{GOV}', ") and expected in problem


def _set_cached_value(path: Path, sheet_index: int, ref: str, cached: str) -> None:
    """Give a formula cell a cached value, as Excel would when saving (openpyxl cannot)."""
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as source:
        contents = {info: source.read(info.filename) for info in source.infolist()}
    patched = {}
    for info, data in contents.items():
        if info.filename == member:
            xml = data.decode("utf-8")
            pattern = rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?'
            xml, count = re.subn(pattern, rf"\1<v>{cached}</v>", xml)
            assert count == 1, xml
            data = xml.encode("utf-8")
        patched[info] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in patched.items():
            target.writestr(info, data)
