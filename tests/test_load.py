"""Strict loading: typed frames from good data, and every problem located in bad data."""

import unicodedata
from pathlib import Path

import pytest

from helpers.load import DataError, load_workbook


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _issues(data_dir: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_workbook(data_dir)
    return caught.value.issues


def test_fixture_loads_into_typed_frames(minimal_dir):
    workbook = load_workbook(minimal_dir)
    figures = workbook.figures
    assert str(figures["numerator"].dtype) == "Int64"
    assert str(figures["value"].dtype) == "float64"
    assert list(figures["period_year"]) == [2022, 2023, 2023, 2023, 2023, 2022, 2022]
    assert workbook.localities.loc["huyen-b", "admin_code"] == "001"  # codes keep leading zeros
    assert workbook.ancestors("huyen-b") == ["tinh-a"]
    assert workbook.province_of("huyen-c")["name"] == "Tỉnh Á"


def test_utf8_with_bom_is_read(minimal_dir):
    path = minimal_dir / "figures.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_workbook(minimal_dir).figures) == 7


def test_windows_1258_bytes_are_refused_with_their_line(minimal_dir):
    # Excel's "CSV" on a Vietnamese Windows writes Windows-1258, with tone marks as combining bytes.
    path = minimal_dir / "localities.csv"
    header, first, *_ = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_bytes(unicodedata.normalize("NFD", header + first).encode("cp1258"))
    [issue] = [i for i in _issues(minimal_dir) if i.file == "localities.csv"]
    assert (issue.file, issue.code, issue.line) == ("localities.csv", "not_utf8", 2)
    assert "CSV UTF-8" in issue.format("en")


def test_duplicate_rows_point_at_the_first(minimal_dir):
    path = minimal_dir / "figures.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "huyen-b,ho_so_truc_tuyen,2023,1,2,,,bai-b,¶4,\n", encoding="utf-8"
    )
    [issue] = _issues(minimal_dir)
    assert (issue.code, issue.line, issue.fields["other_line"]) == ("duplicate", 9, 3)


def test_missing_unknown_columns_and_empty_files(minimal_dir):
    _replace(minimal_dir / "sources.csv", "publisher,published", "publisher,date")
    (minimal_dir / "targets.csv").write_text("", encoding="utf-8")
    issues = {(i.file, i.code) for i in _issues(minimal_dir)}
    assert ("sources.csv", "unknown_column") in issues
    assert ("sources.csv", "missing_column") in issues
    assert ("targets.csv", "empty_file") in issues


def test_all_problems_of_a_file_are_reported_at_once(minimal_dir):
    _replace(minimal_dir / "figures.csv", "52,74,70.27", "52,74,abc")
    _replace(minimal_dir / "figures.csv", "18592,18624", "18.592,18624")
    lines = sorted(i.line for i in _issues(minimal_dir))
    assert lines == [2, 7]


def test_ids_of_the_workbook_s_own_reports_are_reserved(minimal_dir):
    _replace(minimal_dir / "localities.csv", "huyen-c,Huyện Cẩm", "overview,Huyện Cẩm")
    issues = [i for i in _issues(minimal_dir) if i.code == "reserved_id"]
    assert [(i.file, i.line, i.column) for i in issues] == [("localities.csv", 4, "locality_id")]
