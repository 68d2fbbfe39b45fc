"""JupyterLab saving the shipped report notebooks: what a run adds is never written to them.

Opening and running ``notebooks/*.ipynb`` in Lab fills them with outputs, execution counts and
the kernel's ``language_info``, and Lab saves them (by hand or every two minutes). Git's
nbstripout filter keeps those out of commits, but git still lists the notebooks as modified.
``make setup`` registers :func:`strip_shipped_notebook` as the Jupyter server's pre-save hook
(``.venv/etc/jupyter/jupyter_server_config.json``), so a shipped notebook is saved exactly as
committed: the same bytes nbstripout makes, and ``git status`` shows no change. The analyst's own
copies (any other name, anywhere) are saved as they are, outputs and all.
"""

from __future__ import annotations

from pathlib import Path

from .. import config

SHIPPED = ("locality_report.ipynb", "overview.ipynb", "data_quality.ipynb")
# what nbstripout strips by default, and language_info (see the Makefile's filter set-up)
NOTEBOOK_KEYS = ("signature", "widgets", "language_info")
CELL_KEYS = ("collapsed", "ExecuteTime", "execution", "heading_collapsed", "hidden", "scrolled")


def strip(notebook: dict) -> dict:
    """``notebook`` (nbformat's dict) as committed: no outputs, counts or Lab's metadata; cell
    ids numbered in order, as nbstripout numbers them."""
    for key in NOTEBOOK_KEYS:
        notebook.get("metadata", {}).pop(key, None)
    for number, cell in enumerate(notebook.get("cells", [])):
        if "outputs" in cell:
            cell["outputs"] = []
        if "execution_count" in cell:
            cell["execution_count"] = None
        if "id" in cell:
            cell["id"] = str(number)
        for key in CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)
    return notebook


def strip_shipped_notebook(model: dict, path: str, contents_manager, **_) -> None:
    """The Jupyter server's pre-save hook: strip a shipped notebook; leave any other file alone."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    root = Path(getattr(contents_manager, "root_dir", ".") or ".")
    if (root / path).resolve() in {config.notebook_path(name).resolve() for name in SHIPPED}:
        strip(model["content"])
