"""Each deliberately broken fixture: exit code 1 and a message naming file, line and column,
once per root cause (a fixture's ``ISSUES`` file says how many problems it holds when more
than one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.load import DataError, load_workbook

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())


def _overlay(case: Path, data_dir: Path) -> tuple[str, int, str]:
    for path in case.glob("*.csv"):
        shutil.copy(path, data_dir / path.name)
    file, line, column = (case / "EXPECTED").read_text(encoding="utf-8").strip().split(",")
    return file, int(line), column


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_loader_locates_the_defect_once(case, minimal_dir):
    file, line, column = _overlay(case, minimal_dir)
    with pytest.raises(DataError) as caught:
        load_workbook(minimal_dir)
    located = [(i.file, i.line, i.column or "") for i in caught.value.issues]
    assert (file, line, column) in located
    count = case / "ISSUES"
    expected = int(count.read_text(encoding="utf-8")) if count.exists() else 1
    assert len(located) == expected, caught.value.format("en")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_cds_validate_exits_1_and_names_file_line_and_column(case, minimal_dir, capsys):
    file, line, column = _overlay(case, minimal_dir)
    assert main(["validate", "--data", str(minimal_dir), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    where = f"{file}, line {line}" + (f", column {column}" if column else "")
    assert where in err
    assert "Traceback" not in out + err and "cds:" not in err
