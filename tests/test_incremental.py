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
    notebooks = ("locality_report.ipynb", "overview.ipynb", "data_quality.ipynb")
    keys = {notebook: incremental.code_fingerprint(notebook) for notebook in notebooks}
    # intake and the writer of data/ (rounds are opened there) are code no report runs
    for module in ("intake/propose.py", "intake/collect.py", "transaction.py"):
        _append(project / "helpers" / module, "\nNEW_CONSTANT = 1\n")
        assert {notebook: incremental.code_fingerprint(notebook) for notebook in notebooks} == keys, module
    before = keys["locality_report.ipynb"]
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


# -- a whole run with nothing changed (helpers/unchanged.py) ----------------------------------


@pytest.fixture
def last_run(tmp_path, minimal_dir):
    """The state a good run leaves: two reports with their key stamps, the index, the manifest."""
    from helpers import unchanged

    output = tmp_path / "out"
    (output / "reports").mkdir(parents=True)
    (output / "state").mkdir()
    keys = {"huyen-b": "k1", "data_quality": "k2"}
    for stem, key in keys.items():
        (output / "state" / f"{stem}.key").write_text(key)
        for extension in ("html", "pdf"):
            (output / "reports" / f"{stem}.{extension}").write_text(stem)
    (output / "index.html").write_text("index")
    notebooks = [config.notebook_path("locality_report.ipynb")]
    inputs = unchanged.inputs_digest(minimal_dir, notebooks)
    unchanged.remember_run(output, "args", inputs, ("html", "pdf"), keys, output / "index.html")
    return output, minimal_dir, notebooks, inputs


def test_the_same_bytes_as_the_last_good_run_need_nothing_done(last_run):
    from helpers import unchanged

    output, data, notebooks, inputs = last_run
    assert unchanged.inputs_digest(data, notebooks) == inputs
    last = unchanged.last_good_run(output, "args", inputs, ("html", "pdf"))
    assert sorted(last["reports"]) == ["data_quality", "huyen-b"] and last["page"] == str(output / "index.html")
    # other arguments, or other formats, were never run
    assert unchanged.last_good_run(output, "other-args", inputs, ("html", "pdf")) is None
    assert unchanged.last_good_run(output, "args", inputs, ("html",)) is None


def test_one_byte_of_data_or_code_takes_the_normal_path(last_run, project):
    from helpers import unchanged

    output, data, notebooks, inputs = last_run
    figures = data / "figures.csv"
    figures.write_bytes(figures.read_bytes().replace(b"7815", b"7816", 1))
    assert unchanged.inputs_digest(data, notebooks) != inputs
    figures.write_bytes(figures.read_bytes().replace(b"7816", b"7815", 1))
    assert unchanged.inputs_digest(data, notebooks) == inputs
    (data / "new.csv").write_text("a\n")  # a file added to the folder
    assert unchanged.inputs_digest(data, notebooks) != inputs
    (data / "new.csv").unlink()
    unchanged_module = unchanged._PACKAGE
    try:
        unchanged._PACKAGE = project / "helpers"  # the copy: a comment is a change here
        before = unchanged.inputs_digest(data, notebooks)
        _append(project / "helpers" / "reports" / "overview.py", "\n# a comment\n")
        assert unchanged.inputs_digest(data, notebooks) != before
    finally:
        unchanged._PACKAGE = unchanged_module


@pytest.mark.parametrize("change", ["report removed", "stamp changed", "report failed", "index rewritten"])
def test_a_report_touched_since_the_last_good_run_takes_the_normal_path(last_run, change):
    from helpers import unchanged

    output, _, _, inputs = last_run
    if change == "report removed":
        (output / "reports" / "huyen-b.pdf").unlink()
    elif change == "stamp changed":  # another run rendered it from other inputs (another period)
        (output / "state" / "huyen-b.key").write_text("k3")
    elif change == "report failed":
        (output / "state" / "data_quality.failed").write_text("error")
    else:
        (output / "index.html").write_text("index of another run")
    assert unchanged.last_good_run(output, "args", inputs, ("html", "pdf")) is None


def test_the_command_starts_without_pandas_matplotlib_or_jinja():
    """`cds render` with nothing changed decides before loading what only rendering needs."""
    import subprocess
    import sys

    heavy = ("pandas", "matplotlib", "jinja2", "nbclient")
    code = f"import sys, helpers.cli, helpers.batch, helpers.unchanged; print([m for m in {heavy} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_a_figure_that_moves_another_units_rank_changes_that_units_key_only_then(minimal_dir):
    """A report ranks its unit among every unit of its level: Huyện Bắc's 60,41% of 2023 is
    ranked against Huyện Cẩm's figure of the same year once Cẩm has one."""
    from helpers.load import load_workbook

    figures = minimal_dir / "figures.csv"
    original = figures.read_text(encoding="utf-8")
    parameters = {"period": "", "lang": "vi", "data_dir": str(minimal_dir)}

    def keys(cam_2023: float) -> dict[str, str]:
        row = f"huyen-c,ho_so_truc_tuyen,2023,,,{cam_2023},,bai-b,¶9,\n"
        figures.write_text(original + row, encoding="utf-8")
        return incremental.report_keys(
            load_workbook(minimal_dir), ["huyen-b", "huyen-c"], "locality_report.ipynb", parameters
        )

    below, lower, above = keys(50.0), keys(40.0), keys(70.0)
    assert lower["huyen-c"] != below["huyen-c"]  # its own figure changed
    assert lower["huyen-b"] == below["huyen-b"]  # Bắc is first either way
    assert above["huyen-b"] != below["huyen-b"]  # Cẩm overtakes Bắc: Bắc is second now


def test_keys_read_again_what_changed_in_the_same_workbook(minimal_dir):
    """What does not depend on the language is hashed once per workbook: other figures put in the
    workbook, or another workbook, give other keys; the other language gives its own."""
    import dataclasses

    from helpers.load import load_workbook

    workbook = load_workbook(minimal_dir)
    parameters = {"period": "", "lang": "vi", "data_dir": str(minimal_dir)}
    ids = ["huyen-b", "huyen-c"]

    def keys(book) -> tuple[dict[str, str], str]:
        reports = incremental.report_keys(book, ids, "locality_report.ipynb", parameters)
        return reports, incremental.workbook_key(book, "data_quality.ipynb", parameters)

    before, whole = keys(workbook)
    assert keys(workbook) == (before, whole)
    english = incremental.report_keys(workbook, ids, "locality_report.ipynb", {**parameters, "lang": "en"})
    assert english["huyen-b"] != before["huyen-b"]
    figures = workbook.figures.copy()
    figures.loc[figures["locality_id"] == "huyen-c", "value"] += 1
    changed = dataclasses.replace(workbook, figures=figures)
    after, whole_after = keys(changed)
    assert after["huyen-c"] != before["huyen-c"] and whole_after != whole
    workbook.figures = figures  # the same workbook given other figures
    assert keys(workbook) == (after, whole_after)
    # other figures in the same workbook that move Huyện Bắc's rank, not its own figures
    ranked_before = keys(workbook)[0]
    with (minimal_dir / "figures.csv").open("a", encoding="utf-8") as stream:
        stream.write("huyen-c,ho_so_truc_tuyen,2023,,,70,,bai-b,¶9,\n")
    workbook.figures = load_workbook(minimal_dir).figures
    assert keys(workbook)[0]["huyen-b"] != ranked_before["huyen-b"]


def test_a_communes_figure_changes_the_keys_of_every_unit_above_it_only(tmp_path):
    """A province's report sums the figures of every unit below it (rollup.descendants): a
    commune's figure changes its district's and its province's keys, not its sibling's."""
    from helpers.load import load_workbook

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "hierarchy", data)
    parameters = {"period": "", "lang": "vi", "data_dir": str(data)}
    ids = ["tinh-cu", "huyen-dong", "huyen-tay", "xa-mot", "xa-hai"]
    before = incremental.report_keys(load_workbook(data), ids, "locality_report.ipynb", parameters)
    figures = data / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace("40,100", "41,100"), encoding="utf-8")
    after = incremental.report_keys(load_workbook(data), ids, "locality_report.ipynb", parameters)
    assert [i for i in ids if after[i] != before[i]] == ["tinh-cu", "huyen-dong", "xa-mot"]
