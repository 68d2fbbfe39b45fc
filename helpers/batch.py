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
    from .load import DataError, Workbook
    from .quality import Finding


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


# The notebooks whose bytes a whole run's "nothing changed" depends on (besides the analyst's own).
RUN_NOTEBOOKS = ("locality_report.ipynb", "overview.ipynb", "data_quality.ipynb")


@dataclass
class RenderRun:
    """What :func:`render_run` did, or why it stopped before rendering."""

    summary: BatchSummary = field(default_factory=BatchSummary)
    page: Path | None = None  # the index page: written by this run, or the last good run's
    current: bool = False  # every report is current: the very inputs of the last good run
    data_error: DataError | None = None  # the data folder does not load: nothing was rendered
    rule_errors: list[Finding] = field(default_factory=list)  # the data breaks rules: nothing was rendered
    unknown: list[str] = field(default_factory=list)  # localities asked for that the data does not have
    known: list[str] = field(default_factory=list)  # the localities with figures (said beside ``unknown``)
    index_error: OSError | None = None  # the reports are kept, but the index page could not be written

    @property
    def failed(self) -> bool:
        """Whether the run stopped before rendering or a report failed."""
        stopped = self.data_error is not None or bool(self.rule_errors or self.unknown)
        return stopped or bool(self.summary.failed)


def notebook_problem(path: Path, lang: str = "vi") -> str:
    """Why ``path`` cannot render the localities' reports (a sentence in ``lang``), or "" when it can:
    a notebook with a cell tagged ``parameters`` that sets ``locality_id``."""
    import nbformat

    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        return text("render.notebook_unreadable", lang, error=error)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    if not tagged or "locality_id" not in tagged[0].source:
        return text("render.notebook_without_parameters", lang)
    return ""


def render_run(
    localities: list[str] | None,
    *,
    period: str = "",
    langs: tuple[str, ...] = ("vi",),
    formats: tuple[str, ...] = ("html", "pdf"),
    data: str | os.PathLike | None = None,
    output: str | os.PathLike | None = None,
    notebook: str | os.PathLike | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
) -> RenderRun:
    """``cds render``: the reports of ``localities`` (``None``: every locality with figures, with
    the overview and the data-quality report) in each of ``langs``, then the index page.

    A run whose arguments and inputs (data, code, notebooks) are byte for byte those of the last
    good run with the same arguments reads nothing more (:mod:`helpers.unchanged`) and says so
    (``current``). Otherwise the data is loaded and checked first: when it does not load, breaks a
    rule or lacks a locality asked for, nothing is rendered and the result says why. After a run
    in which no report failed, its manifest is remembered for the next one.

    ``notebook`` is the analyst's copy of the localities' notebook (see :func:`notebook_problem`),
    ``None`` for the shipped one.

    First, the temporary files a killed run was writing are removed from the output folder.
    """
    from . import unchanged
    from .files import recover

    started = time.monotonic()
    everything, own_notebook = localities is None, bool(notebook)
    notebook = str(Path(notebook).resolve()) if own_notebook else "locality_report.ipynb"
    output = config.output_dir(output)
    for folder in ("", "reports", "notebooks", "state", "state/runs"):  # where a run writes
        recover(output / folder)
    # the same arguments, the same bytes of data and code as the last good run: nothing to do
    run = unchanged.arguments_key(
        all=everything,
        localities=sorted(localities or []),
        period=period,
        langs=langs,
        formats=formats,
        notebook=notebook,
        data=str(config.data_dir(data).resolve()),
        output=str(output.resolve()),
    )
    notebooks = [config.notebook_path(name) for name in RUN_NOTEBOOKS]
    if own_notebook:
        notebooks.append(Path(notebook))
    try:
        inputs = unchanged.inputs_digest(config.data_dir(data), notebooks)
    except OSError:
        inputs = ""  # the data folder cannot be read: loading it says why
    last = None if force or not inputs else unchanged.last_good_run(output, run, inputs, formats)
    if last is not None:
        summary = BatchSummary(skipped=list(last["reports"]), seconds=time.monotonic() - started)
        return RenderRun(summary, Path(last["page"]), current=True)

    from .load import DataError, load_workbook
    from .quality import findings
    from .rollup import reporting_localities

    try:
        workbook = load_workbook(data)
    except DataError as error:
        return RenderRun(data_error=error)
    errors = findings(workbook, severities=("error",))
    if errors:
        return RenderRun(rule_errors=errors)
    with_figures = reporting_localities(workbook)
    chosen = with_figures if everything else list(localities)
    unknown = [lid for lid in chosen if lid not in workbook.localities.index]
    if unknown:
        return RenderRun(unknown=unknown, known=with_figures)

    from .reports.index import write_index

    tasks = render_tasks(
        workbook,
        chosen,
        everything=everything,
        period=period,
        langs=langs,
        formats=formats,
        output=output,
        notebook=notebook,
    )
    result = RenderRun(run_batch(tasks, workers=workers, scheduler=scheduler, force=force))
    keys = {task.stem: task.key for task in tasks}
    if result.summary.storage_failure is None:  # when the output cannot be written, the index cannot either
        try:
            result.page = write_index(workbook, output, period, langs[0], keys)
            if not result.summary.failed and inputs:
                unchanged.remember_run(output, run, inputs, formats, keys, result.page)
        except OSError as error:
            result.index_error = error
    return result
