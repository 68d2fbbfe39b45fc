"""Render tasks on warm Jupyter kernels.

Starting Python, a kernel and pandas/matplotlib again for every report costs seconds; here each
worker keeps one kernel alive and runs report after report on it. Every report starts from a
clean slate: a reset cell runs first (imports kept warm, user namespace cleared with ``%reset``,
figures closed, matplotlib's defaults restored) and is removed from the executed notebook, so a
report rendered after another one is the same as a report rendered alone.

A task runs wherever the caller sends it: in this process, in a local process pool, or on a
Dask worker; each thread of each process lazily starts its own kernel.
"""

from __future__ import annotations

import copy
import multiprocessing.util
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from . import config
from .render import RenderError, html_document, html_to_pdf, notebook_body, write_atomically

RESET_CODE = """\
import matplotlib as _cds_mpl, matplotlib.pyplot as _cds_plt, helpers.report as _cds_warm
_cds_plt.close("all")
_cds_mpl.rcdefaults()
get_ipython().run_line_magic("reset", "-f")
"""
CELL_TIMEOUT = 600


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


class WarmKernel:
    """A kernel started once and reused for every notebook run through it."""

    def __init__(self, kernel_name: str = config.KERNEL_NAME):
        from jupyter_client.manager import AsyncKernelManager

        self.kernel_name = kernel_name
        self.km = AsyncKernelManager(kernel_name=kernel_name)
        self.kc = None

    def run(self, notebook: nbformat.NotebookNode, cwd: Path, log: Path | None = None) -> nbformat.NotebookNode:
        """Execute ``notebook`` in place after the reset cell; raise on the first failing cell.

        A kernel started by this run writes its own messages (start-up notices, crashes) to
        ``log`` instead of the terminal, where they would bury the progress lines.
        """
        reset = nbformat.v4.new_code_cell(RESET_CODE, metadata={"tags": ["cds-reset"]})
        notebook.cells.insert(0, reset)
        client = NotebookClient(
            notebook, km=self.km, kernel_name=self.kernel_name, timeout=CELL_TIMEOUT,
            record_timing=False, resources={"metadata": {"path": str(cwd)}},
        )
        client.kc = self.kc
        start = {}
        if log is not None and not self.km.has_kernel:
            log.parent.mkdir(parents=True, exist_ok=True)
            start["stderr"] = start["stdout"] = log.open("ab")
        try:
            client.execute(**start)
        except DeadKernelError:
            self.shutdown()  # the next run starts a fresh kernel
            raise
        finally:
            self.kc = client.kc
            notebook.cells.remove(reset)
        return notebook

    def shutdown(self) -> None:
        """Stop the kernel and its channels."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km.has_kernel:
            run_sync(self.km.shutdown_kernel)(now=True)


_local = threading.local()
_notebooks: dict[Path, nbformat.NotebookNode] = {}


def _kernel() -> WarmKernel:
    kernel = getattr(_local, "kernel", None)
    if kernel is None:
        kernel = _local.kernel = WarmKernel()
        # Pool workers leave through multiprocessing's exit path, which skips atexit.
        multiprocessing.util.Finalize(kernel, kernel.shutdown, exitpriority=10)
    return kernel


def shutdown_kernel() -> None:
    """Stop this thread's kernel, if it has one."""
    kernel = getattr(_local, "kernel", None)
    if kernel is not None:
        kernel.shutdown()
        _local.kernel = None


def _source_notebook(name: str) -> nbformat.NotebookNode:
    """A fresh copy of the notebook, read from disk once per process."""
    path = config.notebook_path(name)
    if path not in _notebooks:
        _notebooks[path] = load_notebook_node(str(path))  # papermill's reader: every cell gets tags
    return copy.deepcopy(_notebooks[path])


def _mark_failure(notebook: nbformat.NotebookNode, error: CellExecutionError) -> None:
    # Like papermill: a visible marker right above the cell that failed.
    for index, cell in enumerate(notebook.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            marker = nbformat.v4.new_markdown_cell(
                f'<span style="color:red">**Lỗi ở ô dưới đây / this cell failed:** '
                f"{error.ename}: {error.evalue}</span>", metadata={"tags": ["cds-error"]})
            notebook.cells.insert(index, marker)
            return


def run_task(task: RenderTask) -> TaskResult:
    """Execute one notebook on this worker's warm kernel and write its files atomically.

    Never raises for a failing notebook: the failure is returned, and the executed notebook is
    kept as ``notebooks/<stem>.failed.ipynb`` with the failing cell marked.
    """
    started = time.monotonic()
    output = Path(task.output)
    result = TaskResult(task.stem, "failed")
    notebook = None
    try:
        notebook = parameterize_notebook(_source_notebook(task.notebook), task.parameters)
        _kernel().run(notebook, config.notebook_path(task.notebook).parent, output / "state" / "kernels.log")
        # v4's writer skips the schema validation nbformat.writes runs: the kernel's outputs are
        # well-formed, and validating every report's images costs time at national scale.
        write_atomically(output / "notebooks" / f"{task.stem}.ipynb", nbformat.v4.writes(notebook))
        (output / "notebooks" / f"{task.stem}.failed.ipynb").unlink(missing_ok=True)
        html = html_document(notebook_body(notebook, result.warnings), title=task.title,
                             running_title=task.title, lang=task.lang)
        if "html" in task.formats:
            path = output / "reports" / f"{task.stem}.html"
            write_atomically(path, html)
            result.files.append(str(path))
        if "pdf" in task.formats:
            path = output / "reports" / f"{task.stem}.pdf"
            write_atomically(path, html_to_pdf(html))
            result.files.append(str(path))
        if task.key is not None:
            # Written last: a report interrupted before this point is rendered again next time.
            write_atomically(output / "state" / f"{task.stem}.key", task.key)
        result.status = "rendered"
    except CellExecutionError as error:
        _mark_failure(notebook, error)
        write_atomically(output / "notebooks" / f"{task.stem}.failed.ipynb", nbformat.writes(notebook))
        result.error = f"{error.ename}: {error.evalue}"
    except RenderError as error:
        result.error = str(error)
    except Exception as error:  # noqa: BLE001 - one report's failure must not stop the batch
        result.error = f"{type(error).__name__}: {error}"
        result.warnings.append(traceback.format_exc(limit=3))
    result.seconds = time.monotonic() - started
    return result
