"""Collection rounds: open a round, write its forms, import what came back, count who reported."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from helpers import rounds
from helpers.cli import main
from helpers.intake.collect import form_name, import_forms, write_round_forms
from helpers.intake.forms import INSTRUCTIONS_SHEET, META_SHEET, write_template
from helpers.load import DataError, load_workbook
from helpers.rollup import rollup

FIXTURES = Path(__file__).parent / "fixtures"
GOV = "Chính quyền số"
INFRA = "Hạ tầng số"
DUE = date(2026, 1, 15)


@pytest.fixture
def province_dir(tmp_path: Path) -> Path:
    """The minimal data plus a constructed province of 60 communes (codes 04101–04160), three
    of which have figures for 2024."""
    return _province(tmp_path)


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def blank_forms(tmp_path_factory) -> list[Path]:
    """The 60 forms of round tinh-moi-2025 as `write_round_forms` writes them for
    :func:`province_dir`'s data, written once; a test copies the ones it fills."""
    base = tmp_path_factory.mktemp("blank")
    data = _province(base)
    round_id = _open(data)
    return write_round_forms(load_workbook(data), round_id, base / "forms")


def _forms(blank_forms: list[Path], folder: Path, count: int | None = None) -> list[Path]:
    """Copies of the first ``count`` blank forms (all by default) in ``folder``, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(path, folder / path.name)) for path in blank_forms[:count]]


def _province(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    with (data / "localities.csv").open("a", encoding="utf-8") as out:
        out.write("tinh-moi,Tỉnh Mới,province,,04,,\n")
        for n in range(1, 61):
            out.write(f"tinh-moi-xa-{n:02d},Hà Lang {n},commune,tinh-moi,{4100 + n:05d},,\n")
    with (data / "localities.csv").open("r+", encoding="utf-8") as out:
        content = out.read().replace("valid_from,valid_to\n", "valid_from,valid_to,unit_type\n", 1)
        lines = content.splitlines()
        lines = [lines[0]] + [line + (",xa" if "commune" in line else ",") for line in lines[1:]]
        out.seek(0)
        out.write("\n".join(lines) + "\n")
        out.truncate()
    with (data / "figures.csv").open("a", encoding="utf-8") as out:
        for n in (1, 2, 3):
            out.write(f"tinh-moi-xa-{n:02d},ho_so_truc_tuyen,2024,50,100,50,,bai-b,¶1,\n")
    return data


def _open(data: Path) -> str:
    assert (
        main(
            ["round", "open", "--parent", "tinh-moi", "--period", "2025", "--due", DUE.isoformat(), "--data", str(data)]
        )
        == 0
    )
    return "tinh-moi-2025"


def _fill(path: Path, cells: dict, received: date) -> None:
    book = openpyxl.load_workbook(path)
    for (sheet, ref), value in cells.items():
        book[sheet][ref] = value
    book.save(path)
    stamp = datetime(received.year, received.month, received.day, 10).timestamp()
    os.utime(path, (stamp, stamp))


def _good(n: int) -> dict:
    return {
        (GOV, "D2"): 40 + n,
        (GOV, "E2"): 200,
        (GOV, "G2"): "bai-b",
        (GOV, "H2"): "¶1",
        (GOV, "F3"): 200,
        (GOV, "G3"): "bai-b",
        (GOV, "H3"): "¶2",
    }


def test_round_open_declares_expected_units_and_refuses_bad_rows(province_dir):
    round_id = _open(province_dir)
    workbook = load_workbook(province_dir)
    assert workbook.round_units[round_id] == [f"tinh-moi-xa-{n:02d}" for n in range(1, 61)]
    assert workbook.rounds.loc[round_id, "period"] == "2025"
    # Opening it twice is refused, and data/ is unchanged.
    before = (province_dir / "rounds.csv").read_bytes()
    assert (
        main(
            [
                "round",
                "open",
                "--parent",
                "tinh-moi",
                "--period",
                "2025",
                "--due",
                "2026-01-15",
                "--data",
                str(province_dir),
            ]
        )
        == 1
    )
    assert (province_dir / "rounds.csv").read_bytes() == before

    with (province_dir / "rounds.csv").open("a", encoding="utf-8") as out:
        out.write("r2,tinh-x,2025,2026-01-15,,,,\n")
        out.write("r3,tinh-moi,2025,2026-01-15,khong_co,,huyen-b,\n")
    with pytest.raises(DataError) as error:
        load_workbook(province_dir)
    text = error.value.format("en")
    assert "rounds.csv, line 3, column parent_id: value 'tinh-x': not found in localities.csv" in text
    assert "rounds.csv, line 4, column indicators: value 'khong_co': not found in indicators.csv" in text
    assert "rounds.csv, line 4, column units: value 'huyen-b': this unit is not under tinh-moi" in text


def test_forms_of_a_round_are_named_prefilled_and_show_last_period(province_dir, tmp_path):
    round_id = _open(province_dir)
    workbook = load_workbook(province_dir)
    written = write_round_forms(workbook, round_id, tmp_path / "forms")
    assert len(written) == 60
    assert written[0].name == "04101_Xa-Ha-Lang-1.xlsx"
    assert form_name(workbook, "tinh-moi-xa-60") == "04160_Xa-Ha-Lang-60.xlsx"
    book = openpyxl.load_workbook(written[0])
    guide = book[INSTRUCTIONS_SHEET]
    assert (guide["B3"].value, guide["B5"].value, guide["B7"].value, guide["B8"].value) == (
        "tinh-moi-xa-01",
        "2025",
        round_id,
        "15/01/2026",
    )
    assert guide.protection.sheet and guide["B7"].protection.locked and guide["B8"].protection.locked
    gov = book[GOV]
    assert gov["J2"].value == "50% (50/100) · năm 2024" and gov["J2"].protection.locked
    assert not gov["D2"].protection.locked  # the same validation and protection as any form
    assert any("D2" in v.sqref for v in gov.data_validations.dataValidation)
    meta = {k: v for k, v, *_ in book[META_SHEET].iter_rows(values_only=True) if k}
    assert meta["round_id"] == round_id and meta["due"] == "2026-01-15"


def test_done_when_sixty_forms_fifty_two_filled(province_dir, blank_forms, tmp_path):
    """60 forms out, 52 back: 3 with errors, 2 late, 1 for the wrong period."""
    round_id = _open(province_dir)
    workbook = load_workbook(province_dir)
    folder = tmp_path / "forms"
    written = _forms(blank_forms, folder)
    unfilled = written[52:]  # 8 units never answer
    for n, path in enumerate(written[:52]):
        day = date(2026, 1, 20) if n in (10, 11) else date(2026, 1, 10)  # 2 late, 5 days
        cells = _good(n)
        if n == 0:
            cells[(GOV, "D2")] = 300  # numerator above denominator
        elif n == 1:
            cells[(GOV, "F3")] = "khoảng 200"  # text in a number cell
        elif n == 2:
            cells[(GOV, "G2")] = "bai-khong-co"  # unknown source
        _fill(path, cells, day)
    # The unit of the 52nd form filled last year's form: the wrong period.
    wrong = written[51]
    write_template(workbook, "tinh-moi-xa-52", "2024", wrong)
    _fill(wrong, _good(51), date(2026, 1, 10))
    figures_before = (province_dir / "figures.csv").read_bytes()

    result = import_forms([folder], province_dir)
    assert result.ok, result.problems
    merged = result.of("merged")
    refused = {form.path.name: form.problems for form in result.of("refused")}
    assert len(merged) == 48
    assert sorted(f.path.name for f in result.of("empty")) == sorted(p.name for p in unfilled)
    assert sorted(refused) == sorted(p.name for p in (written[0], written[1], written[2], wrong))
    assert f"Sheet '{GOV}', ô D2: giá trị '300': tử số 300 lớn hơn mẫu số 200" in refused[written[0].name][0]
    assert refused[written[1].name][0].startswith(f"Sheet '{GOV}', ô F3: ô chứa văn bản 'khoảng 200'")
    assert f"Sheet '{GOV}', ô G2: giá trị 'bai-khong-co': không có trong sources.csv" in refused[written[2].name][0]
    assert refused[wrong.name] == [
        f"Tệp {wrong.name}: biểu mẫu không thuộc đợt thu thập nào (không phải biểu mẫu của đợt {round_id})",
        f"Sheet '{INSTRUCTIONS_SHEET}', ô B5: kỳ báo cáo của biểu mẫu là 2024, đợt {round_id} thu thập kỳ 2025",
    ]

    workbook = load_workbook(province_dir)
    figures = workbook.figures[workbook.figures["period"] == "2025"]
    assert figures["locality_id"].nunique() == 48 and len(figures) == 96
    for bad in ("tinh-moi-xa-01", "tinh-moi-xa-02", "tinh-moi-xa-03", "tinh-moi-xa-52"):
        assert bad not in set(figures["locality_id"])  # nothing of a bad form is merged

    table = rounds.status(workbook, round_id, today=date(2026, 1, 25))
    total = rounds.counts(table)
    assert (total.expected, total.reported, total.on_time, total.late) == (60, 48, 46, 2)
    assert (total.refused, total.missing) == (4, 8)
    late = table[table["status"] == "late"]
    assert list(late["locality_id"]) == ["tinh-moi-xa-11", "tinh-moi-xa-12"]
    assert list(late["days_late"]) == [5, 5]
    missing = table[table["status"] == "missing"]
    assert list(missing["locality_id"]) == [f"tinh-moi-xa-{n}" for n in range(53, 61)]
    assert set(missing["days_late"]) == {10}
    # Figures missing within the forms that came back: two asked for, two filled of four.
    assert set(table.loc[table["status"] == "on_time", "filled"]) == {2}

    text = rounds.status_text(workbook, round_id, date(2026, 1, 25))
    assert "48/60 đơn vị đã nộp (80%): 46 đúng hạn, 2 muộn; 4 biểu mẫu bị trả lại, 8 đơn vị chưa nộp." in text
    reminder = rounds.reminders(workbook, round_id, date(2026, 1, 25))
    assert "Hà Lang 53 (04153): chưa nộp biểu mẫu, chậm 10 ngày." in reminder
    assert "Hà Lang 1 (04101): biểu mẫu gửi ngày 10/01/2026 bị trả lại" in reminder

    # Importing the same folder again changes nothing at all.
    snapshot = {p.name: p.read_bytes() for p in province_dir.iterdir()}
    again = import_forms([folder], province_dir)
    assert again.ok and (again.added, again.replaced) == (0, 0)
    assert {p.name: p.read_bytes() for p in province_dir.iterdir()} == snapshot
    assert figures_before != (province_dir / "figures.csv").read_bytes()
    assert len(unfilled) == 8


def test_duplicates_edited_locked_cells_and_sheets_are_caught(province_dir, blank_forms, tmp_path):
    _open(province_dir)
    folder = tmp_path / "forms"
    first, second, third, fourth = _forms(blank_forms, folder, 4)
    _fill(first, _good(1), date(2026, 1, 5))
    copy = folder / "04101_resent.xlsx"
    shutil.copy(first, copy)
    _fill(copy, {**_good(1), (GOV, "D2"): 77}, date(2026, 1, 9))
    _fill(second, {**_good(2), (INSTRUCTIONS_SHEET, "B5"): "2024"}, date(2026, 1, 5))
    book = openpyxl.load_workbook(third)
    book[GOV].title = "Chính quyền"
    book.save(third)
    book = openpyxl.load_workbook(fourth)
    book.move_sheet(INFRA, offset=-1)
    book.save(fourth)

    result = import_forms([folder], province_dir, lang="en")
    assert result.ok, result.problems
    [notice] = result.notices
    assert "2 forms" in notice and "04101_resent.xlsx is used (received last, 2026-01-09)" in notice
    assert [f.path.name for f in result.of("superseded")] == [first.name]
    refused = {form.path.name: " ".join(form.problems) for form in result.of("refused")}
    assert (
        f"Sheet '{INSTRUCTIONS_SHEET}', cell B5: a locked cell was edited: '2024' instead of '2025'"
        in refused[second.name]
    )
    assert "the form's sheets are 'Chính quyền', 'Hạ tầng số'" in refused[third.name]
    assert "the sheets were reordered" in refused[fourth.name]
    figures = load_workbook(province_dir).figures
    mine = figures[
        (figures["locality_id"] == "tinh-moi-xa-01")
        & (figures["period"] == "2025")
        & (figures["indicator_id"] == "ho_so_truc_tuyen")
    ]
    assert list(mine["numerator"]) == [77]


def test_rollup_says_k_of_n_units_reported(province_dir, blank_forms, tmp_path):
    _open(province_dir)
    folder = tmp_path / "forms"
    for path in _forms(blank_forms, folder, 5):
        _fill(path, _good(1), date(2026, 1, 5))
    assert import_forms([folder], province_dir).ok
    rolled = rollup(load_workbook(province_dir), "tinh-moi").figures
    row = rolled[(rolled["indicator_id"] == "ho_so_truc_tuyen") & (rolled["period"] == "2025")].iloc[0]
    assert (row["reported"], row["expected"]) == (5, 60)


def test_cli_status_remind_and_export(province_dir, tmp_path, capsys):
    round_id = _open(province_dir)
    folder = tmp_path / "forms"
    assert main(["round", "forms", round_id, "--out", str(folder), "--data", str(province_dir)]) == 0
    path = sorted(folder.iterdir())[0]
    _fill(path, _good(1), date(2026, 1, 5))
    assert main(["import", str(path), "--data", str(province_dir)]) == 0
    capsys.readouterr()
    assert main(["round", "status", round_id, "--as-of", "2026-01-20", "--data", str(province_dir)]) == 0
    out = capsys.readouterr().out
    assert "Tỉnh Mới" in out and "1/60 đơn vị đã nộp (1,67%)" in out
    assert main(["round", "remind", round_id, "--as-of", "2026-01-20", "--data", str(province_dir)]) == 0
    out = capsys.readouterr().out
    assert out.count("chưa nộp biểu mẫu, chậm 5 ngày") == 59
    export = tmp_path / "status.csv"
    assert main(["export", "--round", round_id, "--out", str(export), "--data", str(province_dir)]) == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 61
    assert lines[1].startswith(f"{round_id},tinh-moi-xa-01,04101,Hà Lang 1,tinh-moi,on_time,2026-01-05")


def test_a_round_s_export_is_written_by_the_export_module(province_dir, tmp_path):
    from helpers.export import export_round
    from helpers.rounds import RoundError

    round_id = _open(province_dir)
    workbook = load_workbook(province_dir)
    out = tmp_path / "status.xlsx"
    table = export_round(workbook, round_id, out)
    assert len(table) == 60 and table["locality_id"].iloc[0] == "tinh-moi-xa-01"
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.max_row == 61 and sheet["B2"].value == "tinh-moi-xa-01"
    with pytest.raises(RoundError, match="No round 'khong-co' in rounds.csv; rounds known: tinh-moi-2025"):
        export_round(workbook, "khong-co", tmp_path / "other.csv", "en")
    assert not (tmp_path / "other.csv").exists()


def test_parent_report_and_index_show_the_round(province_dir, blank_forms, tmp_path):
    from helpers.reports.index import write_index
    from helpers.reports.locality import LocalityReport

    _open(province_dir)
    folder = tmp_path / "forms"
    for n, path in enumerate(_forms(blank_forms, folder, 5)):
        _fill(path, _good(n), date(2026, 1, 20) if n == 4 else date(2026, 1, 5))
    assert import_forms([folder], province_dir).ok
    workbook = load_workbook(province_dir)
    report = LocalityReport(workbook, "tinh-moi", lang="vi", made_on=date(2026, 1, 25))
    section = report.collection()
    assert "Thu thập số liệu từ các đơn vị" in section
    assert "5/60 đơn vị đã nộp (8,33%): 4 đúng hạn, 1 muộn; 0 biểu mẫu bị trả lại, 55 đơn vị chưa nộp." in section
    assert "Hà Lang 60 (04160)" in section and "Hà Lang 5 (04105)" in section
    assert "5/60 đơn vị trực thuộc (theo danh mục tại kỳ này) có số liệu" in report.units()
    english = LocalityReport(workbook, "tinh-moi", lang="en", made_on=date(2026, 1, 25))
    assert "5 of 60 units reported (8.33%)" in english.collection()
    assert LocalityReport(workbook, "huyen-b", made_on=date(2026, 1, 25)).collection() == ""

    output = tmp_path / "output"
    (output / "reports").mkdir(parents=True)
    (output / "reports" / "tinh-moi.html").write_text("<html></html>")
    index = write_index(workbook, output, "", "vi").read_text(encoding="utf-8")
    assert "Nộp báo cáo" in index and ">5/60<" in index


def test_a_national_round_counts_per_province_and_an_unknown_round_is_named(province_dir, tmp_path, capsys):
    with (province_dir / "localities.csv").open("a", encoding="utf-8") as out:
        out.write("tinh-khac,Tỉnh Khác,province,,05,,,\n")
        out.write("tinh-khac-xa-1,Xã Một,commune,tinh-khac,05001,,,xa\n")
    assert (
        main(
            [
                "round",
                "open",
                "--level",
                "commune",
                "--period",
                "2025",
                "--due",
                "2026-01-15",
                "--data",
                str(province_dir),
            ]
        )
        == 0
    )
    workbook = load_workbook(province_dir)
    assert len(workbook.round_units["ca-nuoc-2025"]) == 61
    table = rounds.status(workbook, "ca-nuoc-2025", date(2026, 1, 20))
    assert [(name, c.expected, c.missing) for name, c in rounds.by_parent(workbook, table)] == [
        ("Tỉnh Mới", 60, 60),
        ("Tỉnh Khác", 1, 1),
    ]
    assert "Cả nước" in rounds.status_text(workbook, "ca-nuoc-2025", date(2026, 1, 20))
    capsys.readouterr()
    assert main(["round", "status", "khong-co", "--data", str(province_dir)]) == 2
    assert "Không có đợt 'khong-co' trong rounds.csv; các đợt hiện có: ca-nuoc-2025" in capsys.readouterr().err
    form = write_template(workbook, "tinh-moi-xa-01", "2025", tmp_path / "f.xlsx")
    assert main(["import", str(form), "--round", "khong-co", "--data", str(province_dir)]) == 1
    assert "Không có đợt 'khong-co'" in capsys.readouterr().err
