"""Run a report's code cells on the kernel in one request, each cell's outputs kept apart.

Every request to a kernel costs a round of messages on both sides (request, busy, input, reply,
idle) whatever the cell does; a report has a dozen short cells. :func:`helpers.engine` sends the
whole report as one request that calls :func:`run`: each cell runs as IPython runs a cell
(magics, the value of its last line shown, figures shown at its end), what it shows and prints is
gathered per cell, and the lot comes back as one output of type :data:`MIME`, which the engine
puts back into the notebook's cells. A cell that raises stops the run, as it stops a notebook.

This module runs inside the kernel; it imports nothing of the workbook.
"""

from __future__ import annotations

import io
import sys

MIME = "application/vnd.cds.cells+json"
ALLOWED_TO_FAIL = "raises-exception"  # the tag that lets a cell fail and the next ones run


class _Cell:
    """The outputs of one cell as nbformat writes them."""

    def __init__(self, ids: dict):
        self.outputs: list[dict] = []
        self.ids = ids  # display id → the outputs shown under it, across the report's cells
        self.error: dict | None = None

    def stream(self, name: str, text: str) -> None:
        if self.outputs and self.outputs[-1]["output_type"] == "stream" and self.outputs[-1]["name"] == name:
            self.outputs[-1]["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def display(self, data, metadata=None, transient=None, update=False, result=False) -> None:
        display_id = (transient or {}).get("display_id")
        if update:  # a shown output is replaced, wherever it is; an unknown id changes nothing
            for output in self.ids.get(display_id, []):
                output["data"], output["metadata"] = data, metadata or {}
            return
        output = {"output_type": "display_data", "data": data, "metadata": metadata or {}}
        if result:
            output.update(output_type="execute_result", execution_count=None)
        self.outputs.append(output)
        if display_id:
            self.ids.setdefault(display_id, []).append(output)


class _Stream(io.TextIOBase):
    def __init__(self, cell: _Cell, name: str):
        self.cell, self.name = cell, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self.cell.stream(self.name, text)
        return len(text)


def _publisher(cell: _Cell):
    """A display publisher that keeps what a cell shows in ``cell``, in the shell's stead."""
    from IPython.core.displaypub import DisplayPublisher

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False) -> None:  # noqa: ARG002
            cell.display(data, metadata, transient, update)

        def clear_output(self, wait=False) -> None:  # noqa: ARG002
            cell.outputs.clear()

    return Publisher(shell=None)


def run(cells: list[tuple[str, bool]]) -> None:
    """Run each ``(source, may_fail)`` in the user's namespace and show one :data:`MIME` output:
    per cell ran, ``{"outputs": [...], "error": {"ename", "evalue", "traceback"} or None}``."""
    from IPython import get_ipython
    from IPython.core.displayhook import DisplayHook
    from IPython.display import display

    shell = get_ipython()
    ids: dict = {}
    ran = []
    trap = shell.display_trap  # sets sys.displayhook while a cell runs, unless a cell runs this
    saved = (sys.stdout, sys.stderr, sys.displayhook, trap.hook, shell.display_pub, shell._showtraceback)  # noqa: SLF001
    try:
        for source, may_fail in cells:
            cell = _Cell(ids)
            ran.append(cell)

            def result(value, cell=cell, source=source) -> None:
                if value is None or DisplayHook.semicolon_at_end_of_expression(source):
                    return
                data, metadata = shell.display_formatter.format(value)
                if data:  # empty when the value displayed itself (_ipython_display_)
                    cell.display(data, metadata, result=True)

            def traceback(etype, evalue, stb, cell=cell) -> None:
                cell.error = {"ename": etype.__name__, "evalue": str(evalue), "traceback": stb}

            sys.stdout, sys.stderr = _Stream(cell, "stdout"), _Stream(cell, "stderr")
            sys.displayhook = trap.hook = result
            shell.display_pub, shell._showtraceback = _publisher(cell), traceback  # noqa: SLF001
            outcome = shell.run_cell(source, store_history=False)
            if not outcome.success and cell.error is None:  # failed without a traceback shown
                error = outcome.error_before_exec or outcome.error_in_exec
                cell.error = {"ename": type(error).__name__, "evalue": str(error), "traceback": [repr(error)]}
            if cell.error is not None and not may_fail:
                break
    finally:
        sys.stdout, sys.stderr, sys.displayhook, trap.hook, shell.display_pub, shell._showtraceback = saved  # noqa: SLF001
    display({MIME: [{"outputs": c.outputs, "error": c.error} for c in ran]}, raw=True)
