"""Shared fixtures: the tiny fixture data folder, copied so a test may break it."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

import helpers  # noqa: F401  first, so that no test module's nbformat import pays for rfc3987_syntax (see helpers/__init__.py)

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
NATIONAL_TABLES = ("dvc766-2022-2024",)  # source ids of figures merged from national tables


@pytest.fixture
def minimal_dir(tmp_path: Path) -> Path:
    """A writable copy of ``fixtures/minimal``."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture(scope="session")
def committed():
    """The committed data/, loaded once per test process for the tests that only read it: a
    test that changes a frame, or puts another one in its place, loads its own. At the end of
    the session every frame is checked against a fresh load, so a test that changed one fails."""
    import pandas as pd

    from helpers.load import FRAMES, load_workbook

    workbook = load_workbook(ROOT / "data")
    yield workbook
    fresh = load_workbook(ROOT / "data")
    for name in FRAMES:
        if name == "round_units":  # a dict of lists, not a frame
            assert workbook.round_units == fresh.round_units
        else:
            pd.testing.assert_frame_equal(getattr(workbook, name), getattr(fresh, name), obj=f"committed.{name}")


@pytest.fixture
def cds_here(capfd):
    """Run ``cds`` through the same ``main`` as ``python -m helpers``, in the test's process: with
    ``--workers 1`` the reports run on this process's warm kernel, started once, not per command.
    Returns what the command exited with and printed, as ``subprocess.run`` does."""
    import subprocess

    from helpers.cli import main

    def run(*args: str) -> subprocess.CompletedProcess:
        capfd.readouterr()
        code = main(list(args))
        said = capfd.readouterr()
        return subprocess.CompletedProcess(list(args), code, said.out, said.err)

    return run


@pytest.fixture(scope="session")
def articles_dir(tmp_path_factory) -> Path:
    """The committed data without the figures of national tables: the five source articles'
    units. A national table gives a figure to every province, so some sixty more reports;
    tests that go through every report use this folder, and tests/test_standing.py those."""
    data = tmp_path_factory.mktemp("articles") / "data"
    shutil.copytree(ROOT / "data", data)
    figures = (data / "figures.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    national = {f",{source}," for source in NATIONAL_TABLES}
    kept = [line for line in figures if not any(source in line for source in national)]
    assert len(kept) < len(figures), "the national tables' figures were expected in data/"
    (data / "figures.csv").write_text("".join(kept), encoding="utf-8")
    return data


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, articles_dir) -> Path:
    """Every report of the source articles' data, in both languages, rendered once for the session.

    On this process's warm kernel (``--workers 1``): the other test workers keep the other cores
    busy, and a pool of its own would start processes and kernels for some twenty reports (about
    7 CPU-s more)."""
    from helpers.cli import main

    out = tmp_path_factory.mktemp("output")
    args = ["render", "--all", "--lang", "vi,en", "--workers", "1", "--data", str(articles_dir), "--output", str(out)]
    assert main(args) == 0
    return out


# The end-to-end tier: real kernels, papermill, PDFs, a browser, a Dask cluster, killed runs,
# collection rounds.
# `make test` runs everything; `make test-fast` leaves these out for the edit loop.
# A collection round's tests write and read back dozens of Excel forms.
E2E_MODULES = {"test_analyst", "test_browser", "test_engine", "test_render", "test_faults", "test_rounds"}


def pytest_ignore_collect(collection_path, config):
    # `make test-fast` (-m "not e2e") does not even import a module whose every test is
    # end-to-end: each test worker would import its kernels, PDF reader and browser client
    # for nothing.
    if config.getoption("markexpr") == "not e2e" and collection_path.stem in E2E_MODULES:
        return True
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rpartition(".")[2]
        shares_render = "rendered" in item.fixturenames
        if module in E2E_MODULES or shares_render:
            item.add_marker(pytest.mark.e2e)
        # `make test` spreads the tests over the cores (pytest -n, --dist loadgroup): a module's
        # tests stay together, and so do all users of the session's render, so that no shared
        # fixture is built twice.
        item.add_marker(pytest.mark.xdist_group("rendered" if shares_render else module))


def pytest_collection_finish(session):
    # What is alive once the tests are collected (pandas, the workbook's modules, the tests
    # themselves) lives to the end: the garbage collector need not go through it again at every
    # full collection of the run.
    gc.collect()
    gc.freeze()
