"""The batch renderer: warm-kernel isolation, failure isolation, incremental runs, interruption,
and the Dask scheduler giving the same reports."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from helpers import config, files
from helpers.batch import run_batch
from helpers.engine import RenderTask, run_task, shutdown_kernel

REAL_DATA = str(config.PROJECT_ROOT / "data")


def _task(locality_id: str, output: Path, formats=("html",)) -> RenderTask:
    return RenderTask(
        locality_id,
        "locality_report.ipynb",
        {"locality_id": locality_id, "period": "", "lang": "vi", "data_dir": REAL_DATA},
        f"Báo cáo {locality_id}",
        "vi",
        formats,
        str(output),
    )


def _outputs(path: Path) -> list:
    """The executed notebook's outputs, without execution counts and metadata."""
    notebook = nbformat.read(path, as_version=4)
    return [
        [{k: v for k, v in o.items() if k not in ("execution_count", "metadata")} for o in cell.get("outputs", [])]
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def test_a_warm_kernel_gives_the_same_report_as_a_fresh_one(tmp_path):
    shared, alone = tmp_path / "shared", tmp_path / "alone"
    try:
        assert run_task(_task("trung-khanh", shared)).status == "rendered"
        assert run_task(_task("hong-ngu", shared)).status == "rendered"
    finally:
        shutdown_kernel()
    try:
        assert run_task(_task("hong-ngu", alone)).status == "rendered"
    finally:
        shutdown_kernel()
    assert _outputs(shared / "notebooks" / "hong-ngu.ipynb") == _outputs(alone / "notebooks" / "hong-ngu.ipynb")
    assert (shared / "reports" / "hong-ngu.html").read_bytes() == (alone / "reports" / "hong-ngu.html").read_bytes()


def test_a_report_on_a_warm_kernel_sees_nothing_of_the_one_before(tmp_path):
    from helpers.engine import WarmKernel

    kernel = WarmKernel()
    try:
        shown = "from helpers.reports.common import Fragment\nFragment('<p>a section</p>')"
        first = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell(c) for c in ("secret = 41\nsecret + 1", shown)]
        )
        kernel.run(first, tmp_path)
        assert first.cells[0].outputs[0]["data"]["text/plain"] == "42"  # outputs still reach the notebook
        assert "a section" in first.cells[1].outputs[0]["data"]["text/html"]
        # nor the sections it showed: a report that fails to load marks only its own page's out of date
        sections = "__import__('helpers.reports.common').reports.common._shown_ids"
        second = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell(
                    f"print('secret' in globals(), [k for k in Out.values() if k == 42], len({sections}),"
                    " get_ipython().history_manager.enabled)"
                )
            ]
        )
        kernel.run(second, tmp_path)
        # and it writes nothing into the user's IPython history database
        assert second.cells[0].outputs[0]["text"] == "False [] 0 False\n"
    finally:
        kernel.shutdown()


def test_a_failing_report_does_not_stop_the_others(tmp_path):
    broken = RenderTask(
        "khong-co",
        "locality_report.ipynb",
        {"locality_id": "khong-co", "period": "", "lang": "vi", "data_dir": REAL_DATA},
        "x",
        "vi",
        ("html",),
        str(tmp_path),
    )
    summary = run_batch([_task("song-ma", tmp_path), broken, _task("hong-ngu", tmp_path)], workers=1)
    assert sorted(r.stem for r in summary.rendered) == ["hong-ngu", "song-ma"]
    [failed] = summary.failed
    assert failed.stem == "khong-co" and "khong-co" in failed.error
    assert not (tmp_path / "reports" / "khong-co.html").exists()
    kept = nbformat.read(tmp_path / "notebooks" / "khong-co.failed.ipynb", as_version=4)
    assert any("cds-error" in c.metadata.get("tags", []) for c in kept.cells)
    assert "khong-co" in summary.table("en")


def _cds(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args], capture_output=True, text=True, timeout=600, **kwargs
    )


def _count(table: str, word: str) -> int:
    return int(re.search(rf"^{word}[^\d]*(\d+)", table, re.MULTILINE).group(1))


def test_unchanged_reports_are_skipped_and_a_changed_locality_is_rendered_again(minimal_dir, tmp_path, cds_here):
    out = tmp_path / "out"
    first = cds_here(
        "render",
        "--all",
        "--data",
        str(minimal_dir),
        "--output",
        str(out),
        "--formats",
        "html",
        "--lang",
        "en",
        "--workers",
        "1",
    )
    assert first.returncode == 0, first.stderr
    assert _count(first.stdout, "Skipped") == 0
    again = cds_here(
        "render",
        "--all",
        "--data",
        str(minimal_dir),
        "--output",
        str(out),
        "--formats",
        "html",
        "--lang",
        "en",
        "--workers",
        "1",
    )
    assert _count(again.stdout, "Rendered") == 0 and _count(again.stdout, "Skipped") == _count(first.stdout, "Rendered")
    assert "byte for byte" in again.stdout  # decided from the files' bytes, without loading the data
    figures = minimal_dir / "figures.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace("7815,17347,45.05", "7900,17347,45.54"), encoding="utf-8"
    )
    changed = cds_here(
        "render",
        "--all",
        "--data",
        str(minimal_dir),
        "--output",
        str(out),
        "--formats",
        "html",
        "--lang",
        "en",
        "--workers",
        "1",
    )
    assert changed.returncode == 0
    # huyen-c changed, and the reports over every locality; huyen-b did not
    assert "huyen-c.en" in changed.stderr and "huyen-b.en" not in changed.stderr
    assert _count(changed.stdout, "Skipped") == 1
    assert "45.54%" in (out / "reports" / "huyen-c.en.html").read_text(encoding="utf-8")


def test_a_killed_run_leaves_no_partial_file_and_a_rerun_completes(minimal_dir, tmp_path, cds_here):
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "helpers",
        "render",
        "--all",
        "--data",
        str(minimal_dir),
        "--output",
        str(out),
        "--workers",
        "1",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not (out / "state").exists() or not any((out / "state").glob("*.key")):
        assert time.monotonic() < deadline and process.poll() is None, "the run ended before it was killed"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = {p.stem for p in (out / "state").glob("*.key")}
    # a file being written when the kill came stays under its temporary name until the rerun; one
    # such file is made here, as the kill seldom comes in the middle of a write
    (out / "reports" / f".huyen-b.pdf.{files.writer_mark(process.pid)}.k3x9q2z1.tmp").write_bytes(b"%PDF-1.7 half")
    for report in (out / "reports").glob("*.pdf"):
        assert report.read_bytes().rstrip().endswith(b"%%EOF")
    rerun = cds_here(
        "render", "--all", "--data", str(minimal_dir), "--output", str(out), "--workers", "1", "--lang", "en"
    )
    assert rerun.returncode == 0, rerun.stderr
    assert not [p for p in out.rglob("*") if ".tmp" in p.name], "the rerun removed every temporary file"
    final = cds_here("render", "--all", "--data", str(minimal_dir), "--output", str(out), "--workers", "1")
    assert final.returncode == 0
    assert _count(final.stdout, "Bỏ qua") >= len(done_before)
    for stem in ("huyen-b", "huyen-c", "data_quality"):
        assert (out / "reports" / f"{stem}.html").exists() and (out / "reports" / f"{stem}.pdf").exists()


def test_a_pool_of_workers_and_a_dask_cluster_give_the_same_reports_as_one_kernel(minimal_dir, tmp_path, cds_here):
    import distributed  # a dependency of the workbook (pyproject.toml)

    local, pool, remote = tmp_path / "local", tmp_path / "pool", tmp_path / "dask"
    common = ("render", "--all", "--formats", "html", "--data", str(minimal_dir))
    assert cds_here(*common, "--output", str(local), "--workers", "1").returncode == 0
    # the reports spread over two worker processes, each with its own kernel
    assert cds_here(*common, "--output", str(pool), "--workers", "2").returncode == 0
    # one Dask worker process with its own kernel: the reports go through the scheduler, the
    # worker and its kernel as on a real cluster
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, local_directory=tmp_path / "scratch"
    ) as cluster:
        result = _cds(*common, "--output", str(remote), "--scheduler", cluster.scheduler_address)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (local / "reports").glob("*.html"))
    # the three units, the overview and the data-quality report
    assert len(names) >= 5
    for other in (pool, remote):
        assert names == sorted(p.name for p in (other / "reports").glob("*.html")), other.name
        for name in names:
            assert (local / "reports" / name).read_bytes() == (other / "reports" / name).read_bytes(), (
                other.name,
                name,
            )


def test_a_render_worker_holds_no_data_library():
    # a pool worker only drives its kernel and typesets: what it imports to do so (the engine, the
    # page and PDF writers, Typst and its fonts) brings in neither pandas nor matplotlib, which
    # would cost each worker tens of MB it never uses
    code = (
        "import sys, helpers.engine; from helpers.reports import pdf; pdf._fonts(); "
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
