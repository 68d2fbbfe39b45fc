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


CLEAR = ("Clear them: `.venv/bin/nbstripout --extra-keys metadata.language_info notebooks/{name}` "
         "(or in JupyterLab: Edit → Clear Outputs of All Cells, then save). `make setup` installs the git "
         "filter that strips them whenever a notebook is added, so this happens only without it.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    with_outputs = [n for n, c in enumerate(cells, start=1)
                    if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not with_outputs, (f"notebooks/{path.name} was saved with outputs (cells {with_outputs}). "
                              + CLEAR.format(name=path.name))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_what_lab_adds_on_opening(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    extra = sorted(set(notebook["metadata"]) - {"kernelspec"})
    cell_extra = sorted({key for c in notebook["cells"] for key in c["metadata"]} - {"tags"})
    assert not extra and not cell_extra, (
        f"notebooks/{path.name} has metadata Lab writes when it opens or runs a notebook "
        f"({extra + cell_extra}). " + CLEAR.format(name=path.name))
    assert notebook["metadata"]["kernelspec"]["name"] == "cds", "the notebook opens on the workbook's kernel"


def test_notebooks_are_stripped_by_git():
    attributes = (Path(__file__).parent.parent / ".gitattributes").read_text(encoding="utf-8")
    assert "*.ipynb filter=nbstripout" in attributes
    makefile = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")
    assert "nbstripout --install" in makefile and "filter.nbstripout.extrakeys" in makefile
