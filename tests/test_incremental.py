"""Report keys follow what a report really runs: its notebook's cells and the code they import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import config, incremental

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of helpers/ and notebooks/ that the fingerprint reads instead of the real ones."""
    shutil.copytree(ROOT / "helpers", tmp_path / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    monkeypatch.setattr(incremental, "_PACKAGE", tmp_path / "helpers")
    monkeypatch.setattr(config, "notebook_path", lambda name: tmp_path / "notebooks" / name)
    return tmp_path


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_comment_in_any_module_changes_no_key(project):
    before = incremental.code_fingerprint("locality_report.ipynb")
    _append(project / "helpers" / "intake" / "propose.py", "\n# a comment\n")
    _append(project / "helpers" / "reports" / "locality.py", "\n# a comment\n")
    assert incremental.code_fingerprint("locality_report.ipynb") == before


def test_code_the_report_runs_changes_its_key_and_intake_code_does_not(project):
    before = incremental.code_fingerprint("locality_report.ipynb")
    _append(project / "helpers" / "intake" / "propose.py", "\nNEW_CONSTANT = 1\n")
    assert incremental.code_fingerprint("locality_report.ipynb") == before
    for module in ("reports/locality.py", "compute.py", "reports/charts.py"):
        _append(project / "helpers" / module, "\nNEW_CONSTANT = 2\n")
        after = incremental.code_fingerprint("locality_report.ipynb")
        assert after != before, module
        before = after


def test_a_template_and_the_notebook_source_change_the_key(project):
    before = incremental.code_fingerprint("locality_report.ipynb")
    _append(project / "helpers" / "reports" / "templates" / "report.css", "\n/* print */\n")
    assert incremental.code_fingerprint("locality_report.ipynb") != before
    notebook = project / "notebooks" / "locality_report.ipynb"
    before = incremental.code_fingerprint("locality_report.ipynb")
    notebook.write_text(
        notebook.read_text(encoding="utf-8").replace("report.sources()", "report.sources()\\n"), encoding="utf-8"
    )
    assert incremental.code_fingerprint("locality_report.ipynb") != before


def test_a_notebooks_key_comes_from_its_cells_sources_only(tmp_path):
    """Saving a notebook in Lab (outputs, execution counts, metadata) changes no report's key;
    changing a cell's source does."""
    import nbformat

    from helpers import config
    from helpers.incremental import code_fingerprint

    clean = nbformat.read(config.notebook_path("locality_report.ipynb"), as_version=4)
    nbformat.write(clean, tmp_path / "clean.ipynb")
    saved = nbformat.read(config.notebook_path("locality_report.ipynb"), as_version=4)
    saved.metadata["language_info"] = {"name": "python", "version": "3.11.7", "pygments_lexer": "ipython3"}
    saved.metadata["widgets"] = {"state": {}}
    for number, cell in enumerate(saved.cells, start=1):
        cell.metadata["scrolled"] = True
        if cell.cell_type == "code":
            cell.execution_count = number
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"run {number}\n")]
    nbformat.write(saved, tmp_path / "saved.ipynb")
    assert code_fingerprint(str(tmp_path / "saved.ipynb")) == code_fingerprint(str(tmp_path / "clean.ipynb"))
    saved.cells[-1].source += "\n# the analyst's line"
    nbformat.write(saved, tmp_path / "edited.ipynb")
    assert code_fingerprint(str(tmp_path / "edited.ipynb")) != code_fingerprint(str(tmp_path / "clean.ipynb"))
