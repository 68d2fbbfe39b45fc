"""Faults during a render: a kernel killed mid-batch, the main process terminated or killed."""

from __future__ import annotations

import contextlib
import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from helpers import batch, config, engine
from helpers.batch import run_batch
from helpers.engine import RenderTask
from helpers.i18n import text

pytestmark = pytest.mark.e2e  # real kernels and worker processes
REAL_DATA = str(config.PROJECT_ROOT / "data")


def _task(locality_id: str, output: Path) -> RenderTask:
    return RenderTask(
        locality_id,
        "locality_report.ipynb",
        {"locality_id": locality_id, "period": "", "lang": "vi", "data_dir": REAL_DATA},
        f"Báo cáo {locality_id}",
        "vi",
        ("html",),
        str(output),
    )


def _kernel_process() -> psutil.Process:
    [kernel] = [k for k in engine._live if k.km.has_kernel]  # noqa: SLF001 - on purpose
    return psutil.Process(kernel.km.provisioner.process.pid)


def test_a_kernel_killed_mid_batch_is_replaced_and_the_batch_goes_on(tmp_path, monkeypatch):
    calls, killed = [], []
    real_run_task = batch.run_task

    def run_task(task):
        calls.append(task.stem)
        return real_run_task(task)

    class KillingClient(engine.NotebookClient):
        """Kills the warm kernel just before it is sent the second report (its cells go as one
        request): under that report, however fast the reports run."""

        async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
            if len(calls) == 2 and not killed:
                victim = _kernel_process()
                killed.append(victim.pid)
                victim.kill()
                victim.wait(10)
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)

    monkeypatch.setattr(batch, "run_task", run_task)
    monkeypatch.setattr(engine, "NotebookClient", KillingClient)
    stems = ["song-ma", "hong-ngu", "trieu-son", "trung-khanh"]
    summary = run_batch([_task(stem, tmp_path) for stem in stems], workers=1)
    assert killed, "the kernel was killed during the batch"
    assert summary.failed == []
    assert sorted(r.stem for r in summary.rendered) == sorted(stems)
    [replaced] = [r for r in summary.rendered if r.warnings]
    assert replaced.stem == "hong-ngu" and replaced.warnings[0] == text("engine.kernel_died", "vi")
    assert not psutil.pid_exists(killed[0]) or psutil.Process(killed[0]).status() == psutil.STATUS_ZOMBIE
    for stem in stems:
        assert (tmp_path / "reports" / f"{stem}.html").exists()


def test_a_kernel_that_dies_before_it_answers_is_replaced_and_the_report_made(tmp_path, monkeypatch):
    """As when another process takes one of a starting kernel's ports: the first kernel exits at
    once; the report is run on a second one, and says so."""
    engine.shutdown_kernel()  # this process's warm kernel, if an earlier test left one
    real_manager = engine.WarmKernel._manager
    broken = []

    def manager(self):
        km = real_manager(self)
        if not broken:  # the first kernel started here exits before it answers
            spec = copy.deepcopy(km.kernel_spec)
            spec.argv = [sys.executable, "-c", "raise SystemExit(1)"]
            km._kernel_spec = spec  # noqa: SLF001 - on purpose
            broken.append(km)
        return km

    monkeypatch.setattr(engine.WarmKernel, "_manager", manager)
    result = engine.run_task(_task("hong-ngu", tmp_path))
    assert broken, "the broken kernel was started"
    assert result.status == "rendered", result.error
    assert result.warnings[0].startswith("một kernel không khởi động được (")
    assert (tmp_path / "reports" / "hong-ngu.html").exists()
    engine.shutdown_kernel()


def _held_notebook(folder: Path) -> Path:
    """A copy of the locality notebook whose last cell waits two minutes: a render with it holds
    its kernels busy on a report until the test has stopped it, however fast reports are."""
    import nbformat

    notebook = nbformat.read(config.notebook_path("locality_report.ipynb"), as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(120)"))
    path = folder / "held_report.ipynb"
    nbformat.write(notebook, path)
    return path


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_stopping_the_main_render_leaves_no_worker_kernel_or_connection_file(how, minimal_dir, tmp_path):
    runtime = tmp_path / "tmp"  # jupyter_client writes kernels' connection files to the temp dir
    runtime.mkdir()
    env = {**os.environ, "TMPDIR": str(runtime)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "helpers",
            "render",
            "--all",
            "--data",
            str(minimal_dir),
            "--output",
            str(tmp_path / "out"),
            "--workers",
            "2",
            "--formats",
            "html",
            "--force",
            "--notebook",
            str(_held_notebook(tmp_path)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    family: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 180
        # both workers have a kernel that runs a report (its connection file read and gone)
        while len(_kernels(_descendants(process.pid))) < 2 or list(runtime.glob("*.json")):
            assert process.poll() is None and time.monotonic() < deadline, "the run ended too early"
            time.sleep(0.1)
        family = _descendants(process.pid)
        assert len(family) >= 4  # two workers and their two kernels (and multiprocessing's helper)
        process.send_signal(how)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(family) == [], [p.cmdline() for p in _alive(family)]
        assert list(runtime.glob("*.json")) == []
    finally:
        _end(process, family)


def _end(process: subprocess.Popen, family: list[psutil.Process]) -> None:
    """Kill what is left of a run a test stopped: a test that fails leaves no worker or kernel
    running after it (a worker whose parent is gone is not anyone's child any more, and would
    run on with its kernel for as long as the machine does)."""
    leftovers = _alive([*family, *_descendants(process.pid)])
    if process.poll() is None:
        process.kill()
        process.wait()
    for leftover in leftovers:
        with contextlib.suppress(psutil.NoSuchProcess):
            leftover.kill()


def _kernels(processes: list[psutil.Process]) -> list[psutil.Process]:
    found = []
    for process in _alive(processes):
        try:
            if "ipykernel" in " ".join(process.cmdline()):
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    return found


def test_killing_a_single_worker_render_leaves_no_kernel(minimal_dir, tmp_path):
    """With one worker the reports run in the main process itself: when it is killed mid-batch
    (SIGKILL, nothing of it runs any more), its kernel notices it lost its parent and ends
    within 10 s. (Killed in the second between a kernel's start and its first report, the
    kernel still ends, but its connection file stays in the temp folder.)"""
    runtime = tmp_path / "tmp"
    runtime.mkdir()
    command = [sys.executable, "-m", "helpers", "render", "--all", "--data", str(minimal_dir)]
    command += ["--output", str(tmp_path / "out"), "--workers", "1", "--formats", "html", "--force"]
    command += ["--notebook", str(_held_notebook(tmp_path))]
    env = {**os.environ, "TMPDIR": str(runtime)}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    family: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 180
        # the kernel runs reports: it has started and read its connection file, which is gone
        while not _kernels(_descendants(process.pid)) or list(runtime.glob("*.json")):
            assert process.poll() is None and time.monotonic() < deadline, "the run ended too early"
            time.sleep(0.1)
        family = _descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(family) == [], [p.cmdline() for p in _alive(family)]
        assert list(runtime.glob("*.json")) == []
    finally:
        _end(process, family)


# A worker that a second SIGTERM reaches while it stops, inside the lock that its stop takes
# (threading.Event.set, which marks the render as stopping): as early as that, with no kernel.
_BURST = """
import os, signal, threading, time
from helpers import engine

class Burst(threading.Event):
    def set(self):
        with self._cond:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)  # time for the second signal to be handled here, if it is handled
            self._flag = True
            self._cond.notify_all()

engine._stopping = Burst()
engine.worker_init(os.getppid())
print("ready", flush=True)
os.kill(os.getpid(), signal.SIGTERM)
time.sleep(120)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_worker_stops_at_the_first_of_a_burst_of_sigterms():
    """A killed ``cds`` sends each pool worker its parent-death SIGTERM once for each of its
    threads that ends (Linux hands the worker on from one thread to the next): a burst. The worker
    stops at the first; another one that comes meanwhile does not run the stop again inside it,
    where it waited for ever for the lock the first one holds (the worker and its kernel lived on
    after the render was killed, and the SIGKILL test above failed now and then)."""
    with subprocess.Popen([sys.executable, "-c", _BURST], stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout.readline() == "ready\n"
            assert process.wait(timeout=30) == 128 + signal.SIGTERM
        finally:
            if process.poll() is None:
                process.kill()


def _disk_full_after(monkeypatch, writes: int) -> list[str]:
    """The atomic writer fails with ENOSPC after ``writes`` files, as on a disk that fills up."""
    import errno

    written = []
    real = engine.write_atomically

    def write(path, content):
        if len(written) >= writes:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, content)
        written.append(str(path))

    monkeypatch.setattr(engine, "write_atomically", write)
    return written


def test_a_full_disk_stops_the_batch_with_one_sentence_naming_what_was_kept(tmp_path, monkeypatch):
    written = _disk_full_after(monkeypatch, 4)  # two reports: notebook and HTML each
    stems = ["song-ma", "hong-ngu", "trieu-son", "trung-khanh", "can-tho"]
    summary = run_batch([_task(stem, tmp_path) for stem in stems], workers=1)
    assert [r.stem for r in summary.rendered] == stems[:2]
    assert [r.stem for r in summary.failed] == ["trieu-son"]  # the one that met the full disk
    assert summary.not_run == stems[3:]  # never started: each would have failed the same way
    assert len(written) == 4
    for lang, words in (
        ("en", ["disk is full", "2 reports", "3 were not written", "from trieu-son", "trieu-son.ipynb"]),
        ("vi", ["Đĩa đã đầy", "2 báo cáo", "3 báo cáo chưa lập"]),
    ):
        table = summary.table(lang)
        assert all(word in table for word in words), table
        assert table.count("ENOSPC") == 1 and "✗" not in table
    assert not [p for p in tmp_path.rglob("*") if ".tmp" in p.name]


def test_cds_render_on_a_full_disk_says_it_once_and_exits_1(minimal_dir, tmp_path, monkeypatch, capsys):
    from helpers.cli import main

    _disk_full_after(monkeypatch, 0)
    code = main(
        [
            "render",
            "--all",
            "--data",
            str(minimal_dir),
            "--output",
            str(tmp_path / "out"),
            "--workers",
            "1",
            "--formats",
            "html",
            "--lang",
            "en",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert (out + err).count("disk is full") == 1 and "Traceback" not in out + err
    assert "cds: OSError" not in err and "index:" not in out
