"""The README's layout names every module, and data/README.md every column of every data file."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.load import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    p
    for p in (ROOT / "helpers").rglob("*.py")
    if p.name not in ("__init__.py", "__main__.py") and "__pycache__" not in p.parts
)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_readme_layout_names_the_module(module):
    layout = (ROOT / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1]
    assert f" {module.name} " in layout, f"README.md's layout does not describe {module.relative_to(ROOT)}"


@pytest.mark.parametrize("file", sorted(SCHEMAS))
def test_data_readme_documents_every_column(file):
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"## {file}" in text, f"data/README.md has no section for {file}"
    section = text.split(f"## {file}", 1)[1].split("\n## ", 1)[0]
    missing = [c.name for c in SCHEMAS[file] if f"`{c.name}`" not in section]
    assert missing == [], f"data/README.md, section {file}, does not describe {missing}"
