"""Render tasks on warm Jupyter kernels.

Starting Python, a kernel and pandas/matplotlib again for every report costs seconds; here each
worker keeps one kernel alive and runs report after report on it. Every report starts from a
clean slate: reset code runs first (imports kept warm, user namespace cleared as ``%reset`` does,
an analyst's matplotlib figures closed and its defaults restored), so a report rendered after
another one is the same as a report rendered alone. The reset and the report's cells go to the
kernel as one request (:mod:`helpers.cells`), each cell's outputs put back into its cell.

A task runs wherever the caller sends it: in this process, in a local process pool, or on a
Dask worker; each thread of each process lazily starts its own kernel.
"""

from __future__ import annotations

import atexit
import copy
import errno
import multiprocessing.util
import os
import signal
import sys
import threading
import time
import traceback
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

from . import cells as cells_module
from . import config
from .files import write_atomically
from .i18n import text
from .reports.render import RenderError, html_document, html_to_pdf, notebook_body

# matplotlib is left unloaded until a cell uses it (the reports' charts are SVG written directly):
# importing pyplot costs most of a second of every kernel's start.
# The user namespace is cleared as ``%reset -f`` clears it, without the full garbage collection of the
# kernel's heap that the magic and the output history's flush both run (a third of a second per
# report once the whole country's data is loaded): what a report leaves is freed as it is dropped,
# and Python collects cycles as it goes. Outputs are not kept in the output history (Out, _1, _2…),
# which a batch never reads.
RESET_CODE = """\
import sys as _cds_sys, helpers.reports.locality as _cds_warm
if "matplotlib.pyplot" in _cds_sys.modules:  # an analyst's cell drew with it: its figures go
    _cds_sys.modules["matplotlib.pyplot"].close("all")
    _cds_sys.modules["matplotlib"].rcdefaults()
_cds_sys.modules["helpers.reports.common"].forget_shown_sections()  # none is on this report's page
get_ipython().displayhook.cache_size = get_ipython().displayhook.do_full_cache = 0
get_ipython().reset(new_session=False)
"""
CELL_TIMEOUT = 600  # seconds for a whole report
SKIPPED_TAG = "skip-execution"  # a cell tagged so is not run (as nbclient has it)


@dataclass(frozen=True)
class RenderTask:
    """One report to make: which notebook, its parameters, and where its files go."""

    stem: str
    notebook: str
    parameters: dict
    title: str
    lang: str
    formats: tuple[str, ...]
    output: str
    key: str | None = None


@dataclass
class TaskResult:
    """What became of a task."""

    stem: str
    status: str  # rendered | failed
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    storage: str = ""  # ENOSPC, EACCES…: the output folder cannot be written (every report would fail)


class KernelStartError(RuntimeError):
    """A kernel started for a report died before it answered (for example, another process took
    one of the ports it was given between their choice and its start, when many kernels start at
    once)."""


class WarmKernel:
    """A kernel started once and reused for every notebook run through it."""

    def __init__(self, kernel_name: str = config.KERNEL_NAME):
        self.kernel_name = kernel_name
        self.km = self._manager()
        self.kc = None
        _live.add(self)

    def _manager(self):
        from jupyter_client.manager import AsyncKernelManager

        return AsyncKernelManager(kernel_name=self.kernel_name)

    def run(self, notebook: nbformat.NotebookNode, cwd: Path, log: Path | None = None) -> nbformat.NotebookNode:
        """Execute ``notebook`` in place after the reset code; raise on the first failing cell.

        The reset code and every code cell go to the kernel as one request (see
        :mod:`helpers.cells`), and each cell gets back its own outputs, as if run one by one.
        A kernel started by this run writes its own messages (start-up notices, crashes) to
        ``log`` instead of the terminal, where they would bury the progress lines.
        """
        cells = [
            cell
            for cell in notebook.cells
            if cell.cell_type == "code" and cell.source.strip() and SKIPPED_TAG not in cell.metadata.get("tags", [])
        ]
        for cell in cells:
            cell.outputs, cell.execution_count = [], None
        sources = [(cell.source, cells_module.ALLOWED_TO_FAIL in cell.metadata.get("tags", [])) for cell in cells]
        request = nbformat.v4.new_notebook(metadata=copy.deepcopy(notebook.metadata))
        request.cells = [nbformat.v4.new_code_cell(f"{RESET_CODE}__import__('helpers.cells').cells.run({sources!r})")]
        ready = []  # the kernel answered and the notebook started

        def started(**_) -> None:
            ready.append(True)
            self._forget_connection_file()

        client = NotebookClient(
            request,
            km=self.km,
            kernel_name=self.kernel_name,
            timeout=CELL_TIMEOUT,
            record_timing=False,
            resources={"metadata": {"path": str(cwd)}},
            on_notebook_start=started,
            # every render kernel would write its cells into the one shared IPython history
            # database of the user (~/.ipython), locked by each write: a report needs no history
            extra_arguments=["--HistoryManager.enabled=False"],
        )
        client.kc = self.kc
        start = {}
        starting = not self.km.has_kernel
        if log is not None and starting:
            log.parent.mkdir(parents=True, exist_ok=True)
            start["stderr"] = start["stdout"] = log.open("ab")
        try:
            client.execute(**start)
        except CellExecutionError:
            self.kc = client.kc  # the reset failed; the kernel is fine and stays warm
            raise
        except BaseException as error:
            # the kernel died, hung or lost its channels: drop it, the next run starts a fresh one
            self.kc = client.kc
            self.shutdown()
            # nbclient leaves its exit-time clean-up registered when the kernel failed to start;
            # the kernel is stopped already, and that clean-up would print a traceback at exit
            atexit.unregister(client._cleanup_kernel)  # noqa: SLF001
            if starting and not ready and isinstance(error, Exception):
                raise KernelStartError(f"{type(error).__name__}: {error}") from error
            raise
        self.kc = client.kc
        if "language_info" in request.metadata:
            notebook.metadata["language_info"] = request.metadata["language_info"]
        _fill_cells(cells, request.cells[0].outputs)
        return notebook

    def shutdown(self) -> None:
        """Stop the kernel and its channels."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km.has_kernel:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - a kernel that is already gone is stopped enough
                self.kill_now()
            self.km = self._manager()  # a stopped manager cannot start another kernel

    def _forget_connection_file(self, **_) -> None:
        # The kernel has read its connection file and the client holds the same details: the
        # file can go now, so that no kill of any process can leave it behind in the temp folder.
        connection_file = getattr(self.km, "connection_file", "")
        if connection_file:
            try:
                os.unlink(connection_file)
            except OSError:
                pass

    def kill_now(self) -> None:
        """Kill the kernel's process group at once and remove its connection file; safe to call
        from a signal handler (no event loop, no messages)."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the kernel leads its own session
            except OSError:
                process.kill()
        self._forget_connection_file()


def _fill_cells(cells: list, outputs: list) -> None:
    """Put each cell's outputs, as :func:`helpers.cells.run` sent them back, into the cell; raise
    :class:`CellExecutionError` for the first cell that failed (and was not allowed to)."""
    [ran] = [o.data[cells_module.MIME] for o in outputs if cells_module.MIME in o.get("data", {})]
    stray = [o for o in outputs if cells_module.MIME not in o.get("data", {})]  # written past Python
    for number, (cell, result) in enumerate(zip(cells, ran), start=1):
        cell.execution_count = number
        cell.outputs = [nbformat.from_dict(output) for output in result["outputs"]]
        if number == len(ran):
            cell.outputs += stray
        error = result["error"]
        if error is not None:
            cell.outputs.append(nbformat.v4.new_output("error", **error))
            if cells_module.ALLOWED_TO_FAIL not in cell.metadata.get("tags", []):
                raise CellExecutionError.from_cell_and_msg(cell, error)


def kill_kernels_now() -> None:
    """Kill every kernel this process started (see :meth:`WarmKernel.kill_now`); none is started
    after this."""
    _stopping.set()
    for kernel in list(_live):
        kernel.kill_now()


def _leave_on_signal(signum, frame) -> None:  # noqa: ARG001 - the signal module's signature
    # The parent-death signal comes once for each thread of the dying parent (Linux hands the
    # worker on from one thread to the next as they end): the first one stops the worker, the
    # others are ignored. Handled, another one would run this stop again inside this one, and
    # wait for ever for a lock this one holds (the worker and its kernel would live on).
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    kill_kernels_now()
    os._exit(128 + signum)


PR_SET_PDEATHSIG = 1


def worker_init(parent_pid: int) -> None:
    """Set up a pool worker so that it never outlives the ``cds`` process that started it.

    On SIGTERM the worker kills its kernels, removes their connection files and exits. On Linux
    the kernel delivers that SIGTERM by itself when the parent dies, even of SIGKILL
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere the parent sends it when it is terminated.
    """
    signal.signal(signal.SIGTERM, _leave_on_signal)
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        _leave_on_signal(signal.SIGTERM, None)


_local = threading.local()
_stopping = threading.Event()
_live: weakref.WeakSet = weakref.WeakSet()  # every kernel of this process, for kill_kernels_now
_notebooks: dict[Path, tuple[tuple[int, int], nbformat.NotebookNode]] = {}


def _kernel() -> WarmKernel:
    kernel = getattr(_local, "kernel", None)
    if _stopping.is_set():
        raise RuntimeError("the render is stopping; no new kernel is started")
    if kernel is None:
        kernel = _local.kernel = WarmKernel()
        # Pool workers leave through multiprocessing's exit path, which skips atexit.
        multiprocessing.util.Finalize(kernel, kernel.shutdown, exitpriority=10)
    return kernel


def shutdown_kernel() -> None:
    """Stop the kernel that this thread's reports run on, if there is one."""
    if _on_main_thread():
        _render_thread().submit(_shutdown_here).result()
    else:
        _shutdown_here()


def _shutdown_here() -> None:
    kernel = getattr(_local, "kernel", None)
    if kernel is not None:
        kernel.shutdown()
        _local.kernel = None


# nbclient replaces the process's SIGINT/SIGTERM handlers while it runs a notebook on the main
# thread (and resets them to the defaults after), so a worker could no longer be stopped cleanly.
# On the main thread, reports therefore run on one long-lived thread of their own; the main thread
# waits for them and stays the one that answers signals.
_render_threads: list = []


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _render_thread():
    if not _render_threads:
        from concurrent.futures import ThreadPoolExecutor

        _render_threads.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="cds-render"))
    return _render_threads[0]


def _source_notebook(name: str) -> nbformat.NotebookNode:
    """A fresh copy of the notebook as a report runs it, read from disk once per process (again
    when the file changed: an analyst's copy may be edited between two runs).

    ``name`` is a shipped notebook's name or the absolute path of the analyst's copy. The analyst's
    own cells (tagged :data:`helpers.config.ANALYST_TAG`) are left out, and every other code cell
    starts without outputs (even one whose source is empty, which no kernel runs), so an output
    saved in the notebook is never published.
    """
    path = config.notebook_path(name)
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    if _notebooks.get(path, (None,))[0] != stamp:
        from papermill.iorw import load_notebook_node  # papermill loads on the first report, not with the engine

        notebook = load_notebook_node(str(path))  # papermill's reader: every cell gets tags
        notebook.cells = [c for c in notebook.cells if config.ANALYST_TAG not in c.metadata.get("tags", [])]
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        _notebooks[path] = (stamp, notebook)
    return copy.deepcopy(_notebooks[path][1])


def _mark_failure(notebook: nbformat.NotebookNode, error: CellExecutionError) -> None:
    # Like papermill: a visible marker right above the cell that failed.
    for index, cell in enumerate(notebook.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            marker = nbformat.v4.new_markdown_cell(
                f'<span style="color:red">**Lỗi ở ô dưới đây / this cell failed:** '
                f"{error.ename}: {error.evalue}</span>",
                metadata={"tags": ["cds-error"]},
            )
            notebook.cells.insert(index, marker)
            return


def run_task(task: RenderTask) -> TaskResult:
    """Execute one notebook on this worker's warm kernel and write its files atomically.

    Never raises for a failing notebook: the failure is returned, and the executed notebook is
    kept as ``notebooks/<stem>.failed.ipynb`` with the failing cell marked. A kernel that dies
    under a report is replaced and the report run once more.
    """
    if _on_main_thread():
        return _render_thread().submit(_run_task_here, task).result()
    return _run_task_here(task)


STORAGE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EFBIG)


def _write(path: Path, content: bytes | str) -> None:
    """Write a report's file atomically; a failure names the file it was writing."""
    try:
        write_atomically(path, content)
    except OSError as error:
        if error.filename:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def _run_task_here(task: RenderTask) -> TaskResult:
    from papermill.parameterize import parameterize_notebook

    started = time.monotonic()
    output = Path(task.output)
    result = TaskResult(task.stem, "failed")
    notebook = None
    try:
        notebook = parameterize_notebook(_source_notebook(task.notebook), task.parameters)
        cwd, log = config.notebook_path(task.notebook).parent, output / "state" / "kernels.log"
        try:
            _kernel().run(notebook, cwd, log)
        except (DeadKernelError, KernelStartError) as error:  # once more, on a fresh kernel
            if _stopping.is_set():
                raise
            notebook = parameterize_notebook(_source_notebook(task.notebook), task.parameters)
            if isinstance(error, KernelStartError):
                result.warnings.append(text("engine.kernel_not_started", task.lang, error=error))
            else:
                result.warnings.append(text("engine.kernel_died", task.lang))
            _kernel().run(notebook, cwd, log)
        # v4's writer skips the schema validation nbformat.writes runs: the kernel's outputs are
        # well-formed, and validating every report's images costs time at national scale.
        _write(output / "notebooks" / f"{task.stem}.ipynb", nbformat.v4.writes(notebook))
        (output / "notebooks" / f"{task.stem}.failed.ipynb").unlink(missing_ok=True)
        html = html_document(
            notebook_body(notebook, result.warnings), title=task.title, running_title=task.title, lang=task.lang
        )
        if "html" in task.formats:
            path = output / "reports" / f"{task.stem}.html"
            _write(path, html)
            result.files.append(str(path))
        if "pdf" in task.formats:
            path = output / "reports" / f"{task.stem}.pdf"
            _write(path, html_to_pdf(html))
            result.files.append(str(path))
        if task.key is not None:
            # Written last: a report interrupted before this point is rendered again next time.
            _write(output / "state" / f"{task.stem}.key", task.key)
        result.status = "rendered"
    except CellExecutionError as error:
        _mark_failure(notebook, error)
        result.error = f"{error.ename}: {error.evalue}"
        try:
            _write(output / "notebooks" / f"{task.stem}.failed.ipynb", nbformat.writes(notebook))
        except OSError as write_error:
            name = f"{task.stem}.failed.ipynb"
            result.warnings.append(text("engine.failed_notebook_not_kept", task.lang, file=name, error=write_error))
    except RenderError as error:
        result.error = str(error)
    except OSError as error:
        if error.errno not in STORAGE_ERRORS:
            result.error = f"{type(error).__name__}: {error}"
            result.warnings.append(traceback.format_exc(limit=3))
        else:
            result.storage = errno.errorcode[error.errno]
            result.error = f"{result.storage}: {error.filename or output}"
    except Exception as error:  # noqa: BLE001 - one report's failure must not stop the batch
        result.error = f"{type(error).__name__}: {error}"
        result.warnings.append(traceback.format_exc(limit=3))
    result.seconds = time.monotonic() - started
    _remember_failure(output, result)
    return result


def _remember_failure(output: Path, result: TaskResult) -> None:
    """Keep a failed report's error beside its key (``state/<stem>.failed``) for the index, which
    then labels the report's older files as stale; a report rendered again forgets it."""
    marker = output / "state" / f"{result.stem}.failed"
    try:
        if result.status == "rendered":
            marker.unlink(missing_ok=True)
        elif not result.storage:
            write_atomically(marker, result.error or "?")
    except OSError:
        pass  # the output folder cannot be written: the summary already says so
