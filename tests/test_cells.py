"""A report's cells run as one request (helpers/cells.py): each cell gets back what it printed and
showed, in order, and a failing cell stops the run as it stops a notebook. Run here on an
in-process IPython shell, as the kernel runs them."""

from __future__ import annotations

import pytest

from helpers import cells


@pytest.fixture(scope="module")
def shell():
    from IPython.core.displaypub import CapturingDisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shown = shell.display_pub = CapturingDisplayPublisher()
    yield shell, shown.outputs
    InteractiveShell.clear_instance()


def _run(shell, sources: list[str], may_fail: tuple[int, ...] = ()) -> list[dict]:
    shell, shown = shell
    shown.clear()
    cells.run([(source, index in may_fail) for index, source in enumerate(sources)])
    [payload] = shown
    return payload["data"][cells.MIME]


def test_each_cell_gets_its_own_outputs_in_the_order_shown(shell):
    ran = _run(
        shell,
        [
            "x = 6",
            "print('a'); print('b')\nfrom IPython.display import HTML, display\ndisplay(HTML('<b>c</b>'))\nx * 7",
            "x;",  # a trailing semicolon hides the value, as in a notebook
            "import sys; print('careful', file=sys.stderr)",
        ],
    )
    assert [cell["error"] for cell in ran] == [None] * 4
    assert ran[0]["outputs"] == []
    printed, html, value = ran[1]["outputs"]
    assert printed == {"output_type": "stream", "name": "stdout", "text": "a\nb\n"}
    assert html["output_type"] == "display_data" and html["data"]["text/html"] == "<b>c</b>"
    assert value["output_type"] == "execute_result" and value["data"]["text/plain"] == "42"
    assert ran[2]["outputs"] == []
    assert ran[3]["outputs"] == [{"output_type": "stream", "name": "stderr", "text": "careful\n"}]


def test_a_failing_cell_stops_the_run_unless_it_may_fail(shell):
    ran = _run(shell, ["print('before')", "1 / 0", "print('after')"])
    assert len(ran) == 2, "nothing runs after the failing cell"
    assert ran[1]["error"]["ename"] == "ZeroDivisionError" and ran[1]["error"]["traceback"]
    ran = _run(shell, ["1 / 0", "print('after')"], may_fail=(0,))
    assert ran[0]["error"]["ename"] == "ZeroDivisionError"
    assert ran[1] == {"outputs": [{"output_type": "stream", "name": "stdout", "text": "after\n"}], "error": None}


def test_an_updated_display_replaces_what_was_shown_under_its_id(shell):
    ran = _run(
        shell,
        [
            "from IPython.display import display\nd = display({'text/plain': 'old'}, raw=True, display_id='s1')",
            "d.update({'text/plain': 'new'}, raw=True)\ndisplay({'text/plain': 'x'}, raw=True, display_id='other');",
        ],
    )
    assert [o["data"] for o in ran[0]["outputs"]] == [{"text/plain": "new"}]
    assert [o["data"] for o in ran[1]["outputs"]] == [{"text/plain": "x"}]
