"""Notebooks are committed thin: a literal-only parameters cell and no outputs."""

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_holds_literals_only(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    tagged = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    for statement in ast.parse("".join(tagged[0]["source"])).body:
        assert isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)


CLEAR = (
    "Clear them: `.venv/bin/nbstripout --extra-keys metadata.language_info notebooks/{name}` "
    "(or in JupyterLab: Edit → Clear Outputs of All Cells, then save). `make setup` installs the git "
    "filter that strips them whenever a notebook is added, so this happens only without it."
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    with_outputs = [
        n
        for n, c in enumerate(cells, start=1)
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not with_outputs, f"notebooks/{path.name} was saved with outputs (cells {with_outputs}). " + CLEAR.format(
        name=path.name
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_what_lab_adds_on_opening(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    extra = sorted(set(notebook["metadata"]) - {"kernelspec"})
    cell_extra = sorted({key for c in notebook["cells"] for key in c["metadata"]} - {"tags"})
    assert not extra and not cell_extra, (
        f"notebooks/{path.name} has metadata Lab writes when it opens or runs a notebook "
        f"({extra + cell_extra}). " + CLEAR.format(name=path.name)
    )
    assert notebook["metadata"]["kernelspec"]["name"] == "cds", "the notebook opens on the workbook's kernel"


def test_notebooks_are_stripped_by_git():
    attributes = (Path(__file__).parent.parent / ".gitattributes").read_text(encoding="utf-8")
    assert "*.ipynb filter=nbstripout" in attributes
    makefile = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")
    assert "nbstripout --install" in makefile and "filter.nbstripout.extrakeys" in makefile


class _Contents:
    root_dir = str(Path(__file__).parent.parent)


def _as_lab_saves_it_after_a_run(text: str):
    import nbformat

    notebook = nbformat.reads(text, as_version=4)
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"lab-{number:04x}"
        cell.metadata["scrolled"] = True
        if cell.cell_type == "code":
            cell.execution_count = number
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>section</p>"})]
    return notebook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lab_saves_a_shipped_notebook_exactly_as_committed(path):
    """The Jupyter server's pre-save hook `make setup` installs: open, run and save a shipped
    notebook in Lab, and the file is byte for byte what git has."""
    import nbformat

    from helpers.reports.lab import strip_shipped_notebook

    committed = path.read_text(encoding="utf-8")
    model = {"type": "notebook", "content": _as_lab_saves_it_after_a_run(committed)}
    strip_shipped_notebook(model, f"notebooks/{path.name}", _Contents())
    saved = nbformat.writes(nbformat.from_dict(model["content"]), version=nbformat.NO_CONVERT) + "\n"
    assert saved == committed


def test_lab_saves_the_analysts_copy_as_it_is(tmp_path):
    from helpers.reports.lab import SHIPPED, strip_shipped_notebook

    assert sorted(SHIPPED) == [path.name for path in NOTEBOOKS]

    text = (Path(__file__).parent.parent / "notebooks" / "locality_report.ipynb").read_text(encoding="utf-8")
    model = {"type": "notebook", "content": _as_lab_saves_it_after_a_run(text)}
    for root, path in ((tmp_path, "my_copy.ipynb"), (Path(_Contents.root_dir), "notebooks/my_copy.ipynb")):
        strip_shipped_notebook(model, path, type("Contents", (), {"root_dir": str(root)})())
        assert model["content"].metadata["language_info"]["version"] == "3.11.7"
        assert any(c.get("outputs") for c in model["content"].cells)
