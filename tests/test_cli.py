"""The command line as a user runs it: exit codes and messages, never a traceback. One test runs
``python -m helpers`` as a process, as the user does; the others call the same ``main``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import main


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, timeout=300)


def test_validate_passes_on_the_committed_data(capsys):
    assert main(["validate"]) == 0
    assert "hong-ngu" in capsys.readouterr().out


def test_validate_names_file_line_and_column_of_a_problem(minimal_dir: Path):
    path = minimal_dir / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52,74,70.27", '"18.592",74,70.27'), encoding="utf-8")
    result = _run("validate", "--data", str(minimal_dir))
    assert result.returncode == 1
    assert "figures.csv, dòng 2, cột numerator: giá trị '18.592'" in result.stderr
    assert "18592" in result.stderr  # the hint says how to write it
    assert "Traceback" not in result.stderr


def test_validate_speaks_english_on_request(minimal_dir: Path, capsys):
    path = minimal_dir / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52,74,70.27", '"18.592",74,70.27'), encoding="utf-8")
    assert main(["validate", "--data", str(minimal_dir), "--lang", "en"]) == 1
    assert "figures.csv, line 2, column numerator" in capsys.readouterr().err


def test_render_refuses_data_with_errors_and_writes_nothing(minimal_dir: Path, tmp_path: Path, capsys):
    path = minimal_dir / "targets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("tinh-a,2023,60", "tinh-a,,60"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", "--all", "--data", str(minimal_dir), "--output", str(out)]) == 1
    assert "targets.csv, dòng 4, cột year" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["render", "--locality", "khong-co"],
        ["render", "--all", "--lang", "fr"],
        ["render", "--all", "--period", "2022-H1"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args):
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
