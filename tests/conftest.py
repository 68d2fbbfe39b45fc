"""Shared fixtures: the tiny fixture data folder, copied so a test may break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def minimal_dir(tmp_path: Path) -> Path:
    """A writable copy of ``fixtures/minimal``."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """Every report of the committed data, in both languages, rendered once for the session."""
    from helpers.cli import main

    out = tmp_path_factory.mktemp("output")
    assert main(["render", "--all", "--lang", "vi,en", "--output", str(out)]) == 0
    return out


# The end-to-end tier: real kernels, papermill, PDFs, a browser, a Dask cluster, killed runs.
# `make test` runs everything; `make test-fast` leaves these out for the edit loop.
E2E_MODULES = {"test_browser", "test_engine", "test_render", "test_faults"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in E2E_MODULES or "rendered" in item.fixturenames:
            item.add_marker(pytest.mark.e2e)
