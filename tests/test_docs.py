"""The README's layout is the real tree (every module at its path, nothing that does not exist),
its commands are the CLI's, data/README.md documents every column of every data file, and each
section of the shipped notebooks has a note naming the files that make it."""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import re
from pathlib import Path

import pytest

from helpers.cli import _parser
from helpers.load import OPTIONAL_FILES, SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MODULES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "helpers").rglob("*.py")
    if p.name not in ("__init__.py", "__main__.py") and "__pycache__" not in p.parts
)
NUMBERS = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))
# a file named in prose: helpers/unchanged.py, `bench/score_ingest.py`, notebooks/overview.ipynb
PATH_IN_PROSE = re.compile(
    r"(?<![\w./-])((?:helpers|notebooks|tools|bench|tests|data)/[\w./-]*\.(?:py|ipynb|j2|css|md))"
)
FILE_NAME = re.compile(r"(?<![\w./*-])([\w-]+\.(?:py|ipynb))(?![\w-])")
LISTED_FOLDERS = ("notebooks", "tools", "bench")  # their entries in the layout name each of their files


def layout(text: str) -> tuple[dict[str, str], list[str]]:
    """The tree of the README's "## Layout" block: each entry's path (``helpers/reports/pdf.py``,
    ``helpers/intake/``) and its description, continuation lines included. An entry is a name at
    an indentation of 0, 2 or 4 spaces (one level per two); a deeper line continues the entry above.
    The paths listed more than once come second."""
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    entries: dict[str, str] = {}
    twice: list[str] = []
    folders: list[str] = []
    path = ""
    for line in block.splitlines()[1:]:
        match = re.match(r"^( {0,6})(\S+)(?: +(.*))?$", line)
        if match is None:  # a continuation line (or a blank one)
            entries[path] += " " + line.strip()
            continue
        depth = len(match.group(1)) // 2
        name = match.group(2)
        del folders[depth:]
        path = "".join(folders) + name
        if path in entries:
            twice.append(path)
        entries[path] = match.group(3) or ""
        if name.endswith("/"):
            folders.append(name)
    return entries, twice


LAYOUT, LISTED_TWICE = layout(README)


def commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every subcommand of the CLI, nested ones as ``round open``."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(prefix + name)
                found += commands(sub, f"{prefix}{name} ")
    return found


COMMANDS = commands(_parser())


@pytest.mark.parametrize("module", MODULES)
def test_readme_layout_names_the_module_at_its_path(module):
    assert module in LAYOUT, f"README.md's layout does not describe {module} (in its folder's section)"


def test_readme_layout_lists_only_what_exists():
    """Nothing the layout lists, nor any file the README names, is missing from the tree."""
    assert LISTED_TWICE == [], "README.md's layout lists these twice"
    missing = [path for path in LAYOUT if not (ROOT / path).exists()]
    for folder in LISTED_FOLDERS:  # the files a folder's description names (tools/: explain_notebooks.py …)
        named = FILE_NAME.findall(PATH_IN_PROSE.sub("", LAYOUT[folder + "/"]))
        missing += [f"{folder}/{name}" for name in named if not (ROOT / folder / name).exists()]
    missing += [p for p in PATH_IN_PROSE.findall(README) if not (ROOT / p).exists()]
    assert missing == [], f"README.md names {sorted(set(missing))}, which do not exist"


@pytest.mark.parametrize("folder", LISTED_FOLDERS)
def test_readme_layout_names_every_notebook_tool_and_bench(folder):
    shipped = sorted(p.name for p in (ROOT / folder).iterdir() if p.suffix in (".py", ".ipynb"))
    described = LAYOUT[folder + "/"]
    assert [name for name in shipped if name not in described] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_shows_every_command(command):
    """Every subcommand of ``cds`` (taken from its parser) is in the cli.py line of the layout and
    used somewhere in the README."""
    top = command.split()[0]
    listed = re.search(r"`cds ([^`]*)`", LAYOUT["helpers/cli.py"])
    assert listed is not None, "README.md's layout does not list the commands on its cli.py line"
    assert top in [name.strip() for name in listed.group(1).split("|")], f"cli.py's line does not list {top}"
    assert re.search(rf"cds {re.escape(command)}(?![\w-])", README), f"README.md never shows `cds {command}`"


def test_readme_cli_line_lists_only_commands():
    listed = re.search(r"`cds ([^`]*)`", LAYOUT["helpers/cli.py"]).group(1).split("|")
    assert [name.strip() for name in listed if name.strip() not in COMMANDS] == []


def test_readme_data_line_names_every_writer_of_data():
    """The modules that change data/ (through the data transaction) are those the data/ line names."""
    writers = sorted(
        module
        for module in MODULES
        if re.search(r"from \.+transaction import", (ROOT / module).read_text(encoding="utf-8"))
    )
    assert writers, "no module imports the data transaction: the search is out of date"
    # helpers' modules named on the line (intake/forms.py, not tools/build_registry.py)
    named = {"helpers/" + m for m in re.findall(r"(?<![\w/])((?:intake/)?\w+\.py)", LAYOUT["data/"])}
    named.discard("helpers/transaction.py")
    assert sorted(named) == writers, "README.md's data/ line does not name the modules that write data/"


def test_readme_counts_the_data_files():
    """The README says how many CSV files data/ holds, as the loader's schemas do."""
    said = re.findall(r"the (\w+) CSV files", README)
    assert said, "README.md does not say how many CSV files the loader reads"
    assert set(said) == {NUMBERS[len(SCHEMAS)]}
    sentence = README.split(f"the {NUMBERS[len(SCHEMAS)]} CSV files", 1)[1].split(". ", 1)[0]
    assert NUMBERS[len(SCHEMAS) - len(OPTIONAL_FILES)] in sentence
    assert [f for f in OPTIONAL_FILES if f not in sentence] == []


def test_readme_walks_a_figure_that_is_in_the_data():
    """The figure "How a figure becomes a line" follows is the line of data/figures.csv it quotes."""
    section = README.split("## How a figure becomes a line", 1)[1].split("\n## ", 1)[0]
    quoted = re.search(r"line (\d+) of `data/figures.csv`:\s*`([^`]*)`", section)
    assert quoted is not None, "the walk through names no line of data/figures.csv"
    lines = (ROOT / "data" / "figures.csv").read_text(encoding="utf-8").splitlines()
    assert lines[int(quoted.group(1)) - 1] == quoted.group(2)
    modules = {m for m in MODULES if f"`{m}`" in section}
    for step in ("load", "quality", "rules", "reconcile", "unchanged", "batch", "incremental", "engine"):
        assert f"helpers/{step}.py" in modules, f"the walk through does not pass through helpers/{step}.py"
    for step in ("locality", "charts", "render", "pdf"):
        assert f"helpers/reports/{step}.py" in modules, f"the walk through skips helpers/reports/{step}.py"


@pytest.mark.parametrize("file", sorted(SCHEMAS))
def test_data_readme_documents_every_column(file):
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"## {file}" in text, f"data/README.md has no section for {file}"
    section = text.split(f"## {file}", 1)[1].split("\n## ", 1)[0]
    missing = [c.name for c in SCHEMAS[file] if f"`{c.name}`" not in section]
    assert missing == [], f"data/README.md, section {file}, does not describe {missing}"


# -- the notebooks' notes ------------------------------------------------------------------------

_spec = importlib.util.spec_from_file_location("explain_notebooks", ROOT / "tools" / "explain_notebooks.py")
explain_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(explain_notebooks)
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
# a file a note names: `data/rules.csv`, `helpers/reports/templates/header.html.j2`, `data/`
NAMED_FILE = re.compile(r"`((?:data|helpers|notebooks|tools)/[^`\s]*)`")


def _notebook(name: str) -> dict:
    return json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _sections(notebook: dict) -> list[tuple[dict | None, str]]:
    """Each code cell that makes part of the report, with the cell just before it."""
    cells = notebook["cells"]
    return [
        (cells[i - 1] if i else None, "".join(cell["source"]).strip())
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "code" and not _tags(cell) & {"parameters", "setup", "remove"}
    ]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_section_of_a_notebook_has_a_note(name):
    sections = _sections(_notebook(name))
    assert sections, f"{name} has no section"
    unexplained = [
        source
        for before, source in sections
        if before is None or before["cell_type"] != "markdown" or "remove" not in _tags(before)
    ]
    assert unexplained == [], f"{name}: these sections have no note (tagged remove) just before them"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_notes_are_what_the_tool_writes(name):
    """The notes cannot drift from tools/explain_notebooks.py: run it after changing either."""

    def cells(notebook):
        return [(c["cell_type"], sorted(_tags(c)), "".join(c["source"])) for c in notebook["cells"]]

    shipped = _notebook(name)
    assert cells(shipped) == cells(explain_notebooks.explained(name, shipped)), (
        f"notebooks/{name}'s notes differ from tools/explain_notebooks.py's: run python tools/explain_notebooks.py"
    )


def test_each_file_a_note_names_exists():
    texts = [*explain_notebooks.INTRO.values(), *(t for n in explain_notebooks.NOTES.values() for t in n.values())]
    named = {path for text in texts for path in NAMED_FILE.findall(text)}
    assert len(named) > 20, "the notes name few files: is NAMED_FILE out of date?"
    optional = {f"data/{file}" for file in OPTIONAL_FILES}  # data/ may hold no round yet
    assert sorted(p for p in named - optional if not (ROOT / p).exists()) == []
    # a file is named by its path: a bare `header.html.j2` is ambiguous
    bare = [word for text in texts for word in re.findall(r"`([^`/\s]+\.(?:py|j2|css|csv))`", text)]
    assert bare == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_note_names_the_template_its_section_renders(name):
    """Each section's note names the templates its method renders (overview's header is
    overview_header.html.j2, not the locality's header.html.j2), and no section is made of HTML
    written in code, where the note could not point an analyst."""
    notebook = _notebook(name)
    setup = next("".join(c["source"]) for c in notebook["cells"] if "setup" in _tags(c))
    module, cls = re.search(r"from (helpers[\w.]+) import (\w+)", setup).groups()
    report = getattr(importlib.import_module(module), cls)
    wrong = []
    for note, source in _sections(notebook):
        method = getattr(report, re.fullmatch(r"report\.(\w+)\(\)", source).group(1))
        code = inspect.getsource(method)
        assert "from_string" not in code, f"{name}: {source} writes its HTML in code; give it a template"
        text = "".join(note["source"])
        templates = re.findall(r"[\"'](\w+\.html\.j2)[\"']", code)
        wrong += [(source, t) for t in templates if f"helpers/reports/templates/{t}" not in text]
        if not templates:  # made by another module: the note names it
            assert "helpers/reports/" in text, f"{name}: {source}'s note names no file of helpers/reports/"
    assert wrong == [], f"{name}: these sections' notes do not name the template they render"
