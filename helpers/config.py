"""Where the workbook finds its data, notebooks and output folder."""

from __future__ import annotations

import os
from pathlib import Path

from .i18n import LANGUAGES  # noqa: F401 - the workbook's languages, named with its folders

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KERNEL_NAME = "cds"
# How a national table may write its numbers (`cds import-table --numbers`; helpers.intake.table).
NUMBERS = ("vi", "machine")
# the levels of the administrative units (localities.csv's level); the command line offers them
# without loading the data
LEVELS = ("province", "district", "commune")
# Cells with this tag are the analyst's own (notes, explorations): kept in the notebook, never run
# by `cds render` and never in a report.
ANALYST_TAG = "remove"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: ``override``, else ``$CDS_DATA``, else the project's ``data/``."""
    chosen = override or os.environ.get("CDS_DATA") or PROJECT_ROOT / "data"
    return Path(chosen).resolve()


def output_dir(override: str | os.PathLike | None = None) -> Path:
    """The output folder: ``override``, else ``$CDS_OUTPUT``, else the project's ``output/``."""
    chosen = override or os.environ.get("CDS_OUTPUT") or PROJECT_ROOT / "output"
    return Path(chosen).resolve()


def notebook_path(name: str | os.PathLike) -> Path:
    """A notebook shipped in ``notebooks/`` (by name), or the analyst's own copy (by absolute path)."""
    return Path(name) if Path(name).is_absolute() else PROJECT_ROOT / "notebooks" / name
