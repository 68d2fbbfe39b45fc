"""The analyst's own copy of a report notebook, rendered as `cds render --notebook` renders it.

A copy of the locality notebook gets a seaborn chart of the analyst's own (wider than the page),
a code cell whose source was deleted but whose old output was saved, and a cell tagged `remove`.
The chart must reach the HTML and the PDF within the page's width; the deleted cell's old output
and the `remove` cell must reach neither.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
from pathlib import Path

import nbformat
import pytest
from PIL import Image
from pypdf import PdfReader

from helpers import config
from helpers.cli import main

pytestmark = pytest.mark.e2e

CHART = """\
import matplotlib.pyplot as plt
import seaborn as sns

fig, ax = plt.subplots(figsize=(16, 4))
sns.barplot(data=report.table, x="indicator_id", y="result", ax=ax)
plt.show()
"""


def _analyst_copy(folder: Path) -> Path:
    notebook = nbformat.read(config.notebook_path("locality_report.ipynb"), as_version=4)
    setup = next(i for i, c in enumerate(notebook.cells) if "setup" in c.metadata.get("tags", []))
    deleted = nbformat.v4.new_code_cell(
        "",
        execution_count=7,
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="OLD-OUTPUT-OF-A-DELETED-CELL\n")],
    )
    own_note = nbformat.v4.new_code_cell('print("MY-EXPLORATION")', metadata={"tags": [config.ANALYST_TAG]})
    notebook.cells[setup + 1 : setup + 1] = [nbformat.v4.new_code_cell(CHART), deleted, own_note]
    folder.mkdir(parents=True)
    path = folder / "my_report.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def rendered_copy(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("analyst")
    copy = _analyst_copy(tmp / "mine")
    template_before = config.notebook_path("locality_report.ipynb").read_bytes()
    out = tmp / "out"
    # on this process's warm kernel, through the same main as `cds render`
    assert (
        main(["render", "--locality", "hong-ngu", "--notebook", str(copy), "--output", str(out), "--workers", "1"]) == 0
    )
    assert config.notebook_path("locality_report.ipynb").read_bytes() == template_before, (
        "rendering a copy leaves the shipped template as it was"
    )
    return out


def _pngs(html: str) -> list[Image.Image]:
    return [
        Image.open(io.BytesIO(base64.b64decode(data)))
        for data in re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    ]


def test_the_analysts_chart_is_in_the_html_and_nothing_stale_or_private_is(rendered_copy):
    html = (rendered_copy / "reports" / "hong-ngu.html").read_text(encoding="utf-8")
    # the workbook's charts are drawn 840 px wide; the analyst's 16 in figure is far wider
    wide = [image for image in _pngs(html) if image.width > 1000]
    assert len(wide) == 1, "the analyst's 16 × 4 in chart is in the page, once"
    assert "OLD-OUTPUT-OF-A-DELETED-CELL" not in html
    assert "MY-EXPLORATION" not in html
    assert "70,27%" in html, "the report's own sections are still there"
    executed = (rendered_copy / "notebooks" / "hong-ngu.ipynb").read_text(encoding="utf-8")
    assert "OLD-OUTPUT-OF-A-DELETED-CELL" not in executed


def test_the_analysts_chart_fits_the_column_in_a_browser(rendered_copy, tmp_path):
    from test_browser import CHROMIUM, DevTools

    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium, so the layout was NOT checked")
    tab = DevTools(tmp_path / "profile")
    try:
        tab.send("Page.enable")
        tab.send("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        tab.send("Page.navigate", url=(rendered_copy / "reports" / "hong-ngu.html").resolve().as_uri())
        tab.wait_for("Page.loadEventFired")
        layout = tab.send(
            "Runtime.evaluate",
            returnByValue=True,
            expression="""JSON.stringify({
            column: document.querySelector('main').getBoundingClientRect().right,
            page: document.documentElement.scrollWidth, screen: window.innerWidth,
            images: [...document.images].map(i => [i.naturalWidth, i.getBoundingClientRect().right])})""",
        )
    finally:
        tab.close()
    seen = json.loads(layout["result"]["value"])
    assert seen["page"] <= seen["screen"], f"the page scrolls sideways: {seen}"
    widest = max(seen["images"])
    assert widest[0] > 1000, "the analyst's chart is the widest image"
    assert widest[1] <= seen["column"] + 0.5, f"the analyst's chart runs past the column: {seen}"


def _images_drawn(page) -> list[tuple[int, float, float]]:
    """(pixel width, left, right) in points of every image painted on a PDF page."""
    found = []

    def walk(content, resources, ctm):
        stack = []
        xobjects = (resources or {}).get("/XObject") or {}
        for operands, operator in content.operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                a, b, c, d, e, f = (float(x) for x in operands)
                m = ctm
                ctm = (
                    a * m[0] + b * m[2],
                    a * m[1] + b * m[3],
                    c * m[0] + d * m[2],
                    c * m[1] + d * m[3],
                    e * m[0] + f * m[2] + m[4],
                    e * m[1] + f * m[3] + m[5],
                )
            elif operator == b"Do":
                xobject = xobjects[operands[0]].get_object()
                if xobject["/Subtype"] == "/Image":
                    width = math.hypot(ctm[0], ctm[1])
                    found.append((int(xobject["/Width"]), ctm[4], ctm[4] + width))
                elif xobject["/Subtype"] == "/Form":
                    from pypdf.generic import ContentStream

                    matrix = [float(x) for x in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    a, b, c, d, e, f = matrix
                    m = ctm
                    inner = (
                        a * m[0] + b * m[2],
                        a * m[1] + b * m[3],
                        c * m[0] + d * m[2],
                        c * m[1] + d * m[3],
                        e * m[0] + f * m[2] + m[4],
                        e * m[1] + f * m[3] + m[5],
                    )
                    walk(ContentStream(xobject, xobject.pdf), xobject.get("/Resources"), inner)

    from pypdf.generic import ContentStream

    walk(ContentStream(page.get_contents(), page.pdf), page["/Resources"], (1, 0, 0, 1, 0, 0))
    return found


def test_the_analysts_chart_is_in_the_pdf_within_the_margins(rendered_copy):
    pages = PdfReader(rendered_copy / "reports" / "hong-ngu.pdf").pages
    drawn = [
        (width, left, right, float(page.mediabox.width)) for page in pages for width, left, right in _images_drawn(page)
    ]
    wide = [d for d in drawn if d[0] > 1000]
    assert len(wide) == 1, f"the analyst's chart is painted once in the PDF: {drawn}"
    margin = 15 / 25.4 * 72
    for width, left, right, page_width in drawn:
        assert left >= margin - 1 and right <= page_width - margin + 1, (width, left, right)


REAL_DATA = str(config.PROJECT_ROOT / "data")


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def kernel():
    from helpers.engine import shutdown_kernel

    yield
    shutdown_kernel()


@pytest.mark.parametrize(
    "parameters, sentence",
    [
        (
            {"locality_id": "hong-ngux"},
            "Không có địa phương mã 'hong-ngux' trong data/localities.csv. Có phải: hong-ngu",
        ),
        ({"period": 2019}, "Hồng Ngự không có số liệu nào cho kỳ năm 2019"),  # papermill's -p period 2019
        ({"period": "6/2022"}, "Kỳ '6/2022' không đúng cách viết"),
    ],
    ids=["unknown-id", "numeric-empty-period", "malformed-period"],
)
def test_a_report_that_cannot_be_made_says_why_in_one_sentence(kernel, tmp_path, parameters, sentence):
    from helpers.engine import RenderTask, run_task

    task = RenderTask(
        "r",
        "locality_report.ipynb",
        {"locality_id": "hong-ngu", "period": "", "lang": "vi", "data_dir": REAL_DATA, **parameters},
        "r",
        "vi",
        ("html",),
        str(tmp_path),
    )
    result = run_task(task)
    assert result.status == "failed" and sentence in result.error
    kept = nbformat.read(tmp_path / "notebooks" / "r.failed.ipynb", as_version=4)
    [error] = [o for cell in kept.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert len(error.traceback) == 1 and sentence in error.traceback[0], "one sentence, no traceback"
    setup = next(i for i, c in enumerate(kept.cells) if "setup" in c.metadata.get("tags", []))
    assert not [o for cell in kept.cells[setup + 1 :] for o in cell.get("outputs", [])], "nothing below it"
    assert not (tmp_path / "reports" / "r.html").exists()


def test_cds_render_exits_non_zero_for_a_report_with_nothing_to_show_and_the_index_says_so(tmp_path, cds_here, capfd):
    out = tmp_path / "out"
    good = cds_here("render", "--locality", "hong-ngu", "--formats", "html", "--output", str(out), "--workers", "1")
    assert good.returncode == 0, good.stderr
    made = (out / "reports" / "hong-ngu.html").read_bytes()
    empty = cds_here(
        "render",
        "--locality",
        "hong-ngu",
        "--period",
        "2019",
        "--formats",
        "html",
        "--output",
        str(out),
        "--workers",
        "1",
    )
    assert empty.returncode == 1
    assert "Hồng Ngự không có số liệu nào cho kỳ năm 2019" in empty.stdout
    # the older report is kept, and the index labels it stale beside the error
    assert (out / "reports" / "hong-ngu.html").read_bytes() == made
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Lần lập gần nhất bị lỗi" in index and "bản cũ, trước lỗi" in index and "năm 2019" in index
    for args in (("--period", "6/2022"), ("--period", "2019-13"), ("--locality", "khong-co")):
        with pytest.raises(SystemExit) as stopped:  # the same main as above, without a process of its own
            main(
                ["render", *(("--locality", "hong-ngu") if args[0] == "--period" else ()), *args, "--output", str(out)]
            )
        said = capfd.readouterr().err.strip().splitlines()
        # argparse's usage, then one line that says what is wrong
        assert stopped.value.code == 2 and said[-1].startswith("cds: error: ") and args[1] in said[-1], said
    again = cds_here("render", "--locality", "hong-ngu", "--formats", "html", "--output", str(out), "--workers", "1")
    assert again.returncode == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Lần lập gần nhất bị lỗi" not in index and "bản cũ" not in index
