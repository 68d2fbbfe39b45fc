"""The command line as a user runs it: exit codes and messages, never a traceback. One test runs
``python -m helpers`` as a process, as the user does; the others call the same ``main``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
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


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (
            ["render", "--locality", "khong-co"],
            "cds: error: không có địa phương: khong-co; các địa phương có số liệu: tinh-a, huyen-b, huyen-c",
            "cds: error: unknown locality: khong-co; known: tinh-a, huyen-b, huyen-c",
        ),
        (
            ["render", "--all", "--period", "2019-13"],
            "cds: error: --period: '2019-13' không phải là một kỳ; cần YYYY,",
            "cds: error: --period: not a period: '2019-13'; expected YYYY,",
        ),
        (
            ["render", "--all", "--workers", "0"],
            "cds: error: --workers phải từ 1 trở lên",
            "cds: error: --workers must be 1 or more",
        ),
        (
            ["export", "--out", "ket-qua.json"],
            "cds: error: --out phải có đuôi .csv hoặc .xlsx; nhận được 'ket-qua.json'",
            "cds: error: --out must end in .csv or .xlsx; got 'ket-qua.json'",
        ),
        (
            ["import-table", "bang.csv", "--unit-column", "x", "--period", "2024", "--source", "s", "--indicator", "x"],
            "cds: error: --indicator cần dạng COLUMN=INDICATOR_ID; nhận được 'x'",
            "cds: error: --indicator takes COLUMN=INDICATOR_ID; got 'x'",
        ),
        (
            ["ingest", "bao-cao.txt"],
            "cds: error: ingest cần --out review.xlsx (hoặc .csv)",
            "cds: error: ingest needs --out review.xlsx (or .csv)",
        ),
        (
            ["template", "--locality", "khong-co", "--period", "2024"],
            "cds: error: không có địa phương: khong-co",
            "cds: error: unknown locality: khong-co",
        ),
        (
            ["template", "--locality", "huyen-b", "--period", "2024-H1"],
            "cds: error: --period: '2024-H1' không phải là một kỳ; cần YYYY,",
            "cds: error: --period: not a period: '2024-H1'; expected YYYY,",
        ),
    ],
    ids=["locality", "period", "workers", "export", "import-table", "ingest", "template", "template-period"],
)
def test_a_usage_error_reads_in_the_command_s_language(args, vi, en, minimal_dir, capsys):
    for lang, expected in (("vi", vi), ("en", en)):
        with pytest.raises(SystemExit) as stopped:
            main([*args, "--data", str(minimal_dir), "--lang", lang])
        said = capsys.readouterr().err.strip().splitlines()
        assert stopped.value.code == 2 and said[-1].startswith(expected), said


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "cds: error: --localities phải từ 1 trở lên"),
        ("en", "cds: error: --localities must be 1 or more"),
    ],
)
def test_synth_reads_in_the_command_s_language(lang, said, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["synth", "--localities", "0", "--out", str(tmp_path / "synth"), "--lang", lang])
    assert stopped.value.code == 2 and capsys.readouterr().err.strip().splitlines()[-1] == said


def test_template_speaks_the_command_s_language_and_writes_the_same_vietnamese_form(minimal_dir, tmp_path, capsys):
    """The form is Vietnamese whatever --lang says (its headers are what the import checks); a data
    error is told in the command's language."""
    forms = {}
    for lang in ("vi", "en"):
        out = tmp_path / f"{lang}.xlsx"
        args = ["template", "--locality", "huyen-b", "--period", "2024", "--out", str(out)]
        assert main([*args, "--data", str(minimal_dir), "--lang", lang]) == 0
        forms[lang] = openpyxl.load_workbook(out)
    assert [s.title for s in forms["en"].worksheets] == [s.title for s in forms["vi"].worksheets]
    assert forms["en"].worksheets[0]["A1"].value == forms["vi"].worksheets[0]["A1"].value
    path = minimal_dir / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52,74,70.27", '"18.592",74,70.27'), encoding="utf-8")
    capsys.readouterr()
    args = ["template", "--locality", "huyen-b", "--period", "2024", "--out", str(tmp_path / "x.xlsx")]
    assert main([*args, "--data", str(minimal_dir), "--lang", "en"]) == 1
    assert "figures.csv, line 2, column numerator" in capsys.readouterr().err


def test_every_usage_error_of_the_command_line_is_a_text_of_i18n():
    source = (Path(__file__).resolve().parent.parent / "helpers" / "cli.py").read_text(encoding="utf-8")
    assert "parser.error(" in source
    assert re.findall(r"parser\.error\(\s*f?[\"']", source) == []  # a sentence written in place


@pytest.mark.parametrize(("lang", "said"), [("vi", "đã dừng giữa chừng"), ("en", "interrupted")])
def test_ctrl_c_and_a_crash_are_said_in_the_command_s_language(lang, said, monkeypatch, capsys):
    from helpers import cli

    def stopped(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "validate", stopped)
    assert main(["validate", "--lang", lang]) == 130
    assert capsys.readouterr().err == said + "\n"

    def crashed(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "validate", crashed)
    monkeypatch.delenv("CDS_DEBUG", raising=False)
    assert main(["validate", "--lang", lang]) == 1
    hint = {"vi": "đặt CDS_DEBUG=1", "en": "set CDS_DEBUG=1"}[lang]
    assert capsys.readouterr().err.startswith("cds: RuntimeError: boom (" + hint)
