"""Keys that say whether a report must be made again.

A report's key is a hash of everything it depends on: the locality's rows (figures, its own
record and its parents'), the targets of its scopes (its own, its parents', national), its ranks
among the units of its level (which read the whole data folder), the indicator catalogue, sources
and rules, the notebook's cells, the code they run (see :func:`code_fingerprint`) and the
parameters. A report whose files exist and whose stored key
(``output/state/<stem>.key``) matches is skipped; anything else is rendered.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

import pandas as pd

from . import config
from .load import FRAMES, Workbook
from .rollup import descendants

_PACKAGE = Path(__file__).parent


def _digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x1f")
    return hasher.hexdigest()


def _imported_modules(tree: ast.AST, package: str) -> set[str]:
    """The ``helpers`` modules a module's code imports (at any depth of the code)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "helpers"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "helpers":
                continue
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}  # ``from . import charts``
    return found


def _module_file(module: str) -> Path | None:
    parts = module.split(".")[1:]
    for candidate in (_PACKAGE.joinpath(*parts).with_suffix(".py"), _PACKAGE.joinpath(*parts, "__init__.py")):
        if parts and candidate.is_file():
            return candidate
    return _PACKAGE / "__init__.py" if not parts else None


def code_fingerprint(notebook: str) -> str:
    """A hash of the notebook's cells and of the code they run: the ``helpers`` modules the
    notebook imports, the modules those import, and so on, with the templates when a report
    module is among them.

    Code is hashed as its syntax tree, so a comment or a re-wrapped line changes no report's key;
    a module the notebook never reaches (intake, for example) is not part of it.
    """
    cells = json.loads(config.notebook_path(notebook).read_text(encoding="utf-8"))["cells"]
    sources = ["".join(cell["source"]) for cell in cells]  # sources only: outputs never count
    code = "\n".join(s for cell, s in zip(cells, sources) if cell["cell_type"] == "code")
    pending = _imported_modules(ast.parse(_without_magics(code)), "helpers")
    pending.add("helpers.engine")  # the kernel's warm-up and the export run every report
    seen: dict[str, str] = {}
    while pending:
        module = pending.pop()
        path = _module_file(module)
        if path is None or module in seen:
            continue
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        seen[module], imported = _parsed(path, package)
        pending |= imported - set(seen)
    templates = []
    if any(module.startswith("helpers.reports") for module in seen):
        folder = _PACKAGE / "reports" / "templates"
        templates = [
            p.relative_to(_PACKAGE).as_posix().encode() + p.read_bytes()
            for p in sorted(folder.iterdir())
            if p.is_file()
        ]
    return _digest(*sources, *(name + tree for name, tree in sorted(seen.items())), *templates)


# A module's syntax tree (dumped) and the modules it imports, by content: the three notebooks
# import mostly the same modules, and the same source is parsed once per process (a copy of the
# project, as the tests make, included).
_PARSED: dict[tuple[str, str], tuple[str, set[str]]] = {}


def _parsed(path: Path, package: str) -> tuple[str, set[str]]:
    source = path.read_bytes()
    key = (hashlib.sha256(source).hexdigest(), package)
    if key not in _PARSED:
        tree = ast.parse(source)
        _PARSED[key] = (ast.dump(tree), _imported_modules(tree, package))
    return _PARSED[key]


def _without_magics(code: str) -> str:
    # a notebook line such as "%matplotlib inline" is not Python
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())


def _row_hashes(frame: pd.DataFrame) -> pd.Series:
    text = frame.astype("string").fillna("\x00")
    return pd.util.hash_pandas_object(text, index=False)


def _grouped(frame: pd.DataFrame, column: str) -> dict[str, str]:
    hashes = _row_hashes(frame).to_numpy()
    keys = frame[column].astype("string").fillna("").to_numpy()
    return {
        str(key): _digest(hashes[rows].tobytes())
        for key, rows in pd.Series(range(len(keys))).groupby(keys).indices.items()
    }


# A render run keys every language's reports and the whole-workbook reports from one workbook:
# what does not depend on the notebook or its parameters is hashed once per workbook, and kept on
# it (Workbook.derived) as made from all its frames: other frames put in their place are read again.
# the tables a report over the whole workbook (the data-quality report) reads
_WHOLE_TABLES = ("localities", "indicators", "sources", "figures", "targets", "rules")


def _once(workbook: Workbook, name, make):
    found = workbook.derived("incremental.hashes", FRAMES, dict)
    if name not in found:
        found[name] = make()
    return found[name]


def report_keys(workbook: Workbook, locality_ids: list[str], notebook: str, parameters: dict) -> dict[str, str]:
    """The key of each locality's report for the given notebook and parameters."""
    catalogue = _once(
        workbook,
        "catalogue",
        lambda: _digest(
            *(
                _row_hashes(frame).to_numpy().tobytes()
                for frame in (workbook.indicators, workbook.sources, workbook.rules)
            )
        ),
    )
    common = _digest(code_fingerprint(notebook), repr(sorted(parameters.items())), catalogue)
    units = _once(workbook, ("units", tuple(locality_ids)), lambda: _unit_digests(workbook, locality_ids))
    return {locality_id: _digest(common, units[locality_id]) for locality_id in locality_ids}


def _unit_digests(workbook: Workbook, locality_ids: list[str]) -> dict[str, str]:
    """What each locality's report reads of the data, whatever the notebook and parameters."""
    figures = _grouped(workbook.figures, "locality_id")
    targets = _grouped(workbook.targets.assign(scope=workbook.targets["locality_id"].fillna("")), "scope")
    records = _grouped(workbook.localities, "locality_id")
    # a parent's report has a section on its collection rounds and the forms received
    rounds, received = workbook.rounds, workbook.submissions
    collection = {}
    if rounds is not None and len(rounds):
        collection = _grouped(rounds.assign(scope=rounds["parent_id"].fillna("")), "scope")
        if len(received):
            scope = received["round_id"].map(rounds["parent_id"]).fillna("")
            for parent, digest in _grouped(received.assign(scope=scope), "scope").items():
                collection[parent] = collection.get(parent, "") + digest

    standings = _standings(workbook, locality_ids, figures, records)
    digests = {}
    for locality_id in locality_ids:
        chain = [locality_id, *workbook.ancestors(locality_id)]
        # a parent's report sums its units' figures and lists their standing
        units = descendants(workbook, locality_id)
        digests[locality_id] = _digest(
            figures.get(locality_id, ""),
            collection.get(locality_id, ""),
            *(records.get(scope, "") + targets.get(scope, "") for scope in chain),
            *(figures.get(u, "") + records.get(u, "") + targets.get(u, "") for u in units),
            targets.get("", ""),
            standings.get(locality_id, ""),
        )
    return digests


def _standings(
    workbook: Workbook, locality_ids: list[str], figures: dict[str, str], records: dict[str, str]
) -> dict[str, str]:
    """A digest of each unit's results as its standing section reads them: ranked among every unit
    of its level in the data folder (on its map's day), with the former units it carries (their
    figures and records).

    A figure that moves other units' ranks (or adds a peer) changes their keys, and only theirs.
    """
    from .standing import map_day, ranked

    by_day: dict[str | None, list[str]] = {}
    for locality_id in locality_ids:
        by_day.setdefault(map_day(workbook, locality_id), []).append(locality_id)
    found: dict[str, str] = {}
    for day, units in by_day.items():
        table = ranked(workbook, day)
        table = table[table["locality_id"].isin(set(units))]
        found.update(_grouped(table, "locality_id"))
        combined = table[(table["rolled_up_from"] != "") | (table["missing_parts"] != "")]
        carried: dict[str, set[str]] = {}
        for locality_id, used, missing in zip(
            combined["locality_id"], combined["rolled_up_from"], combined["missing_parts"]
        ):
            carried.setdefault(locality_id, set()).update(p for p in f"{used};{missing}".split(";") if p)
        for locality_id, former in carried.items():
            found[locality_id] += "".join(figures.get(p, "") + records.get(p, "") for p in sorted(former))
    return found


def workbook_key(workbook: Workbook, notebook: str, parameters: dict) -> str:
    """The key of a report over the whole workbook (the data-quality report)."""
    tables = _once(
        workbook,
        "tables",
        lambda: _digest(*(_row_hashes(getattr(workbook, name)).to_numpy().tobytes() for name in _WHOLE_TABLES)),
    )
    return _digest(code_fingerprint(notebook), repr(sorted(parameters.items())), tables)


def is_current(output: Path, stem: str, key: str, formats: tuple[str, ...]) -> bool:
    """Whether the report's files exist and were made from the same inputs."""
    stamp = output / "state" / f"{stem}.key"
    files = [output / "reports" / f"{stem}.{extension}" for extension in formats]
    return stamp.exists() and all(f.exists() for f in files) and stamp.read_text() == key
