"""Keys that say whether a report must be made again.

A report's key is a hash of everything it depends on: the locality's rows (figures, its own
record and its parents'), the targets of its scopes (its own, its parents', national), the
indicator catalogue, sources and rules, the notebook, the helpers' code and templates, and the
parameters. A report whose files exist and whose stored key (``output/state/<stem>.key``)
matches is skipped; anything else is rendered.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from . import config
from .load import Workbook

_PACKAGE = Path(__file__).parent


def _digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x1f")
    return hasher.hexdigest()


def code_fingerprint(notebook: str) -> str:
    """A hash of the notebook, the helpers' Python files and templates."""
    files = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".css"})
    files.append(config.notebook_path(notebook))
    return _digest(*(p.relative_to(config.PROJECT_ROOT).as_posix().encode() + p.read_bytes() for p in files))


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


def report_keys(workbook: Workbook, locality_ids: list[str], notebook: str, parameters: dict) -> dict[str, str]:
    """The key of each locality's report for the given notebook and parameters."""
    common = _digest(
        code_fingerprint(notebook),
        repr(sorted(parameters.items())),
        *(_row_hashes(frame).to_numpy().tobytes() for frame in (
            workbook.indicators, workbook.sources, workbook.rules)),
    )
    figures = _grouped(workbook.figures, "locality_id")
    targets = _grouped(workbook.targets.assign(scope=workbook.targets["locality_id"].fillna("")), "scope")
    records = _grouped(workbook.localities, "locality_id")
    children: dict[str, list[str]] = {}
    for child, parent in workbook.localities["parent_id"].dropna().items():
        children.setdefault(parent, []).append(child)

    def below(locality_id: str) -> list[str]:
        units = children.get(locality_id, [])
        return units + [u for unit in units for u in below(unit)]

    keys = {}
    for locality_id in locality_ids:
        chain = [locality_id, *workbook.ancestors(locality_id)]
        # a parent's report sums its units' figures and lists their standing
        units = below(locality_id)
        keys[locality_id] = _digest(
            common, figures.get(locality_id, ""),
            *(records.get(scope, "") + targets.get(scope, "") for scope in chain),
            *(figures.get(u, "") + records.get(u, "") + targets.get(u, "") for u in units),
            targets.get("", ""),
        )
    return keys


def workbook_key(workbook: Workbook, notebook: str, parameters: dict) -> str:
    """The key of a report over the whole workbook (the data-quality report)."""
    frames = (workbook.localities, workbook.indicators, workbook.sources, workbook.figures,
              workbook.targets, workbook.rules)
    return _digest(code_fingerprint(notebook), repr(sorted(parameters.items())),
                   *(_row_hashes(frame).to_numpy().tobytes() for frame in frames))


def is_current(output: Path, stem: str, key: str, formats: tuple[str, ...]) -> bool:
    """Whether the report's files exist and were made from the same inputs."""
    stamp = output / "state" / f"{stem}.key"
    files = [output / "reports" / f"{stem}.{extension}" for extension in formats]
    return stamp.exists() and all(f.exists() for f in files) and stamp.read_text() == key
