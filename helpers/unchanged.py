"""Whether a whole ``cds render`` run has nothing to do: its inputs are, byte for byte, those of
the last run with the same arguments that succeeded.

After a run in which no report failed, its *manifest* goes to ``output/state/runs/<args>.json``
(``<args>`` a hash of what was asked: localities or ``--all``, period, languages, formats,
notebook, data and output folders): a hash of every file of the data folder, of the workbook's
code, templates and notebooks, then each report's stem and key, and the index pages' hashes.

The next run with the same arguments hashes the same files (a few megabytes: no pandas, no
loading or checking of the data, no rules) and, when nothing differs and every report's files,
key stamp and index page are as that run left them, says that every report is current. Any
difference, however small (a byte of a CSV, a comment in a module, a report rendered since by
another run), takes the normal path, which decides report by report from the data's contents.
This module imports only the standard library, so that this decision costs little.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path

from . import config
from .files import write_atomically

_PACKAGE = Path(__file__).parent
CODE_SUFFIXES = (".py", ".j2", ".css", ".json", ".typ")


def _hash_file(hasher, path: Path, name: str) -> None:
    hasher.update(name.encode("utf-8") + b"\x00")
    hasher.update(path.read_bytes())
    hasher.update(b"\x1f")


def inputs_digest(data_dir: Path, notebooks: list[Path]) -> str:
    """A hash of the data folder's files, the workbook's code and the notebooks, byte for byte,
    and of the day."""
    # statuses respect the day (a target not yet due), so another day takes the normal path
    hasher = hashlib.sha256(f"{sys.version}\x1f{date.today().isoformat()}".encode())
    for path in sorted(p for p in Path(data_dir).iterdir() if p.is_file()):
        _hash_file(hasher, path, f"data/{path.name}")
    code = (p for p in _PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts)
    for path in sorted(code):
        _hash_file(hasher, path, path.relative_to(_PACKAGE).as_posix())
    for path in sorted(set(notebooks)):
        _hash_file(hasher, path, str(path))
    return hasher.hexdigest()


def arguments_key(**arguments: object) -> str:
    """A name for a run's arguments (the same arguments, the same name)."""
    text = json.dumps(arguments, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _manifest_path(output: Path, arguments: str) -> Path:
    return Path(output) / "state" / "runs" / f"{arguments}.json"


def _digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def last_good_run(output: Path, arguments: str, inputs: str, formats: tuple[str, ...]) -> dict | None:
    """The manifest of the last good run with these arguments (``reports``: stem → key, ``page``:
    its index page) when it had these very inputs and every report it made is still in place;
    ``None`` when the run must look closer."""
    output = Path(output)
    try:
        manifest = json.loads(_manifest_path(output, arguments).read_text(encoding="utf-8"))
        if manifest.get("inputs") != inputs or list(manifest.get("formats", [])) != list(formats):
            return None
        state, reports = output / "state", output / "reports"
        for stem, key in manifest["reports"].items():
            if (state / f"{stem}.key").read_text() != key or (state / f"{stem}.failed").exists():
                return None
            if not all((reports / f"{stem}.{extension}").is_file() for extension in formats):
                return None
        for name, digest in manifest["index"].items():
            if _digest_of(output / name) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest


def remember_run(
    output: Path, arguments: str, inputs: str, formats: tuple[str, ...], keys: dict[str, str | None], page: Path
) -> None:
    """Write the manifest of a run in which no report failed (see the module's docstring)."""
    if any(key is None for key in keys.values()):
        return  # a report without a key is rendered every time
    output = Path(output)
    index = {
        name: _digest_of(output / name)
        for name in ("index.html", *(f"index.{lang}.html" for lang in config.LANGUAGES))
        if (output / name).is_file()
    }
    manifest = {"inputs": inputs, "formats": list(formats), "reports": keys, "index": index, "page": str(page)}
    path = _manifest_path(output, arguments)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(manifest, ensure_ascii=False, indent=0))
