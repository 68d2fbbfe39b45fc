"""Run many render tasks: skip unchanged ones, dispatch the rest, report progress and a summary.

Tasks go to an executor: this process (one worker), a local pool of worker processes (the
default, one warm kernel each), or an existing Dask cluster (``--scheduler tcp://HOST:PORT``).
A failing task never stops the others; the summary lists it and the exit code says so.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from . import config
from .i18n import LABELS, label, text

if TYPE_CHECKING:  # the engine (Jupyter, pandas) loads when a report is rendered, not before
    from .engine import RenderTask, TaskResult
    from .load import Workbook


def run_task(task: RenderTask) -> TaskResult:
    """Render one task (:func:`helpers.engine.run_task`)."""
    from .engine import run_task as run

    return run(task)


@dataclass
class BatchSummary:
    """Counts and times of a batch."""

    rendered: list[TaskResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[TaskResult] = field(default_factory=list)
    seconds: float = 0.0
    not_run: list[str] = field(default_factory=list)  # stopped before them: the output can't be written

    def table(self, lang: str = "vi") -> str:
        rows = [
            (text("batch.rendered", lang), len(self.rendered), sum(r.seconds for r in self.rendered)),
            (text("batch.skipped", lang), len(self.skipped), 0.0),
            (text("batch.failed", lang), len(self.failed), sum(r.seconds for r in self.failed)),
        ]
        lines = [f"{'':<22}{text('batch.reports', lang):>12}{text('batch.seconds', lang):>16}"]
        lines += [f"{name:<22}{count:>12}{seconds:>16.1f}" for name, count, seconds in rows]
        lines.append(f"{text('batch.wall', lang):<22}{'':>12}{self.seconds:>16.1f}")
        for failure in self.failed:
            if not failure.storage:
                lines.append(f"  ✗ {failure.stem}: {failure.error}")
        if self.storage_failure is not None:
            lines.append(self.storage_sentence(lang))
        return "\n".join(lines)

    @property
    def storage_failure(self) -> TaskResult | None:
        """The first report that could not be written for lack of space or permission."""
        return next((r for r in self.failed if r.storage), None)

    def storage_sentence(self, lang: str = "vi") -> str:
        """One sentence: why writing stopped, what was kept, and what the next run will redo."""
        first = self.storage_failure
        rerun = [r.stem for r in self.failed if r.storage] + self.not_run
        return label(
            f"storage.{first.storage}" if f"storage.{first.storage}" in LABELS else "storage.other",
            lang,
            error=first.error,
            kept=len(self.rendered) + len(self.skipped),
            rerun=len(rerun),
            first=rerun[0],
        )


def default_workers() -> int:
    """The machine's cores (what the scheduler lets this process use)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Progress:
    """A progress bar on a terminal; plain log lines otherwise (cron, CI)."""

    def __init__(self, total: int, stream=None):
        stream = stream or sys.stderr  # the stream of the moment, not the one at import
        self.total, self.done, self.stream = total, 0, stream
        self.bar = None
        if stream.isatty() and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=stream, unit="report", dynamic_ncols=True)

    def update(self, result: TaskResult) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(result.stem if result.status == "rendered" else f"✗ {result.stem}")
            self.bar.update(1)
            return
        mark = "ok" if result.status == "rendered" else f"FAILED: {result.error}"
        print(f"[{self.done}/{self.total}] {result.stem} {result.seconds:.1f}s {mark}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _run_inline(
    tasks: list[RenderTask], on_result: Callable[[TaskResult], None], stop: Callable[[], bool] = lambda: False
) -> None:
    from .engine import kill_kernels_now, shutdown_kernel

    try:
        for task in tasks:
            if stop():
                break
            on_result(run_task(task))
    except BaseException:  # Ctrl-C, SIGTERM: the kernel goes now, not after the current report
        kill_kernels_now()
        raise
    finally:
        shutdown_kernel()


class Terminated(SystemExit):
    """``cds`` was asked to stop (SIGTERM); its workers and kernels are stopped with it."""


def _raise_terminated(signum, frame) -> None:  # noqa: ARG001 - the signal module's signature
    raise Terminated(128 + signum)


def _stop_workers(processes: list, grace: float = 5.0) -> None:
    """SIGTERM each worker (it kills its kernel and removes its connection file), then SIGKILL
    whichever is still there after ``grace`` seconds."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)


def _run_pool(
    tasks: list[RenderTask],
    workers: int,
    on_result: Callable[[TaskResult], None],
    stop: Callable[[], bool] = lambda: False,
) -> None:
    from .engine import worker_init

    # spawn, not fork: the parent may hold threads and sockets a fork would copy half-alive.
    # Each worker dies with this process, even when it is killed (see engine.worker_init).
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=worker_init, initargs=(os.getpid(),)
    )
    pending: set[Future] = set()
    try:
        pending = {pool.submit(run_task, task) for task in tasks}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                on_result(future.result())
            if stop():  # what is not started yet is not started; what runs finishes
                pending = {future for future in pending if not future.cancel()}
    except BaseException:
        for future in pending:
            future.cancel()
        # the workers' processes, as the executor holds them: stopped now, not after their task
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        _stop_workers(processes)
        raise
    else:
        pool.shutdown(wait=True)


def _run_dask(tasks: list[RenderTask], scheduler: str, on_result: Callable[[TaskResult], None]) -> None:
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = client.map(run_task, tasks, pure=False)
        for future in as_completed(futures):
            on_result(future.result())


def run_batch(
    tasks: Iterable[RenderTask], *, workers: int | None = None, scheduler: str | None = None, force: bool = False
) -> BatchSummary:
    """Render every task whose inputs changed (all of them with ``force``)."""
    from .incremental import is_current

    started = time.monotonic()
    summary = BatchSummary()
    todo = []
    for task in tasks:
        if not force and task.key is not None and is_current(Path(task.output), task.stem, task.key, task.formats):
            summary.skipped.append(task.stem)
            # its files were made from these very inputs: an earlier failed run no longer applies
            (Path(task.output) / "state" / f"{task.stem}.failed").unlink(missing_ok=True)
        else:
            todo.append(task)
    progress = _Progress(len(todo))

    def on_result(result: TaskResult) -> None:
        (summary.rendered if result.status == "rendered" else summary.failed).append(result)
        progress.update(result)

    def stop() -> bool:  # a full disk or a read-only output fails every report after it alike
        return summary.storage_failure is not None

    # SIGTERM (systemd stopping the service, kill) unwinds like Ctrl-C: workers and kernels stop
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_terminated) if main_thread else None
    try:
        if not todo:
            pass
        elif scheduler:
            _run_dask(todo, scheduler, on_result)
        elif (workers or default_workers()) <= 1 or len(todo) == 1:
            _run_inline(todo, on_result, stop)
        else:
            _run_pool(todo, min(workers or default_workers(), len(todo)), on_result, stop)
        if summary.storage_failure is not None:
            done = {r.stem for r in summary.rendered + summary.failed}
            summary.not_run = [task.stem for task in todo if task.stem not in done]
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
        progress.close()
        summary.seconds = time.monotonic() - started
    return summary


def render_tasks(
    workbook: Workbook,
    localities: list[str],
    *,
    everything: bool,
    period: str,
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    output: Path,
    notebook: str = "locality_report.ipynb",
) -> list:
    """The tasks of a render run, each with the key that says whether it changed.

    ``notebook`` renders the localities' reports: the shipped one by name, or the analyst's copy by
    absolute path (its cells are part of the key, so the shipped one renders them again after).
    """
    from .engine import RenderTask
    from .incremental import report_keys, workbook_key
    from .reports.common import labels
    from .reports.render import report_stem

    tasks = []
    data_dir = str(workbook.data_dir)
    for lang in langs:
        names = labels(lang)
        parameters = {"period": period, "lang": lang, "data_dir": data_dir}
        keys = report_keys(workbook, localities, notebook, parameters)
        for locality_id in localities:
            tasks.append(
                RenderTask(
                    report_stem(locality_id, lang),
                    notebook,
                    {"locality_id": locality_id, **parameters},
                    f"{names['report_title']}: {workbook.locality(locality_id)['name']}",
                    lang,
                    formats,
                    str(output),
                    keys[locality_id],
                )
            )
        if not everything:
            continue
        # (named apart from ``notebook``: the next language's localities use that one again)
        for stem, across, title in (
            ("data_quality", "data_quality.ipynb", names["data_quality_title"]),
            ("overview", "overview.ipynb", names["overview_title"]),
        ):
            if not config.notebook_path(across).exists():
                continue
            shared = {"lang": lang, "data_dir": data_dir}
            tasks.append(
                RenderTask(
                    report_stem(stem, lang),
                    across,
                    shared,
                    title,
                    lang,
                    formats,
                    str(output),
                    workbook_key(workbook, across, shared),
                )
            )
    return longest_first(workbook, tasks)


def longest_first(workbook: Workbook, tasks: list[RenderTask]) -> list[RenderTask]:
    """The tasks with the longest first, so that no worker is left alone with a long one at the end:
    the reports across every unit (overview, data quality), then units by how many units they
    have below them (a province before its communes), in their order otherwise."""
    from .rollup import descendants

    below: dict[str, int] = {}

    def weight(task: RenderTask) -> int:
        locality_id = task.parameters.get("locality_id")
        if locality_id is None:
            return len(workbook.localities) + 1
        if locality_id not in below:
            below[locality_id] = len(descendants(workbook, locality_id))
        return below[locality_id]

    return sorted(tasks, key=weight, reverse=True)
