"""Each deliberately broken fixture: exit code 1 and a message naming file, line and column."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.load import DataError, load_workbook

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())


def _overlay(case: Path, data_dir: Path) -> tuple[str, int, str]:
    for path in case.glob("*.csv"):
        shutil.copy(path, data_dir / path.name)
    file, line, column = (case / "EXPECTED").read_text(encoding="utf-8").strip().split(",")
    return file, int(line), column


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_loader_locates_the_defect(case, minimal_dir):
    file, line, column = _overlay(case, minimal_dir)
    with pytest.raises(DataError) as caught:
        load_workbook(minimal_dir)
    located = [(i.file, i.line, i.column or "") for i in caught.value.issues]
    assert (file, line, column) in located


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_cds_validate_exits_1_and_names_file_line_and_column(case, minimal_dir):
    file, line, column = _overlay(case, minimal_dir)
    result = subprocess.run([sys.executable, "-m", "helpers", "validate", "--data", str(minimal_dir),
                             "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    where = f"{file}, line {line}" + (f", column {column}" if column else "")
    assert where in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
