"""How the PDF reads: no heading left at the foot of a page, no last list item or table row
alone at the top of the next (one typeset document of many sections of varying length puts
every kind of block at many positions against the page end); every status with its mark and
colour, the same in HTML and PDF."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator

import psutil
import pytest

from helpers.compute import STATUSES
from helpers.progress import STATUSES as PROGRESS_STATUSES
from helpers.reports.common import (
    PROGRESS_BOLD,
    PROGRESS_COLOUR,
    PROGRESS_MARK,
    STATUS_BOLD,
    STATUS_COLOUR,
    STATUS_MARK,
    TEMPLATE_FOLDER,
)
from helpers.reports.pdf import html_to_pdf, typst_source

SECTIONS = 60


def _section(k: int) -> str:
    filler = " ".join(["chữ"] * (7 * (k * 7 % 23) + 5))
    items = "".join(f"<li>mục {k}.{i}</li>" for i in range(1, 4))
    rows = "".join(
        f"<tr><td>hàng {k}.{j}</td><td class='num'>{j}</td><td>{'ghi chú ' * (3 if j == 2 else 0)}</td></tr>"
        for j in range(1, 5)
    )
    table = f"<table><thead><tr><th>Cột A</th><th>Cột B</th><th>Cột C</th></tr></thead><tbody>{rows}</tbody></table>"
    return (
        f"<section><h2>Phần {k}</h2><p>{filler}</p><h3>Danh sách {k}</h3><ul>{items}</ul>"
        f"<h3>Bảng {k}</h3>{table}</section>"
    )


@pytest.fixture(scope="module")
def pages() -> list[list[str]]:
    """The lines of each page, without the running title and the page number."""
    html = (
        '<html lang="vi"><head><title>Thử ngắt trang</title></head><body><main>'
        + "".join(_section(k) for k in range(SECTIONS))
        + "</main></body></html>"
    )
    from pypdf import PdfReader  # only the PDF tests need it

    reader = PdfReader(io.BytesIO(html_to_pdf(html)))
    out = []
    for page in reader.pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        out.append([line for line in lines if line != "Thử ngắt trang" and not re.fullmatch(r"\d+ / \d+", line)])
    assert len(out) >= 8, "the sections fill several pages"
    return out


@pytest.mark.e2e  # typesets a PDF
def test_no_heading_is_the_last_thing_on_a_page(pages):
    for number, lines in enumerate(pages[:-1], start=1):
        assert not re.match(r"(Phần|Danh sách|Bảng) \d+$", lines[-1]), f"page {number} ends with {lines[-1]!r}"


@pytest.mark.e2e
def test_a_heading_keeps_its_first_block_and_the_last_item_or_row_is_never_alone(pages):
    for number, lines in enumerate(pages[1:], start=2):
        text = "\n".join(lines)
        for k in range(SECTIONS):
            # the last list item or table row opens a page only with the one before it
            if re.search(rf"^(• )?mục {k}\.3$", text, re.M):
                assert f"mục {k}.2" in text, f"page {number}: mục {k}.3 alone"
            if re.search(rf"^hàng {k}\.4\b", text, re.M):
                assert f"hàng {k}.3" in text, f"page {number}: hàng {k}.4 alone"
    counted = sum(bool(re.search(r"^(Danh sách|Bảng) \d+$", line)) for lines in pages for line in lines)
    assert counted == 2 * SECTIONS, "every heading was read back"


def test_every_status_has_a_mark_and_one_colour_in_html_and_pdf(tmp_path):
    css = re.sub(r"\s+", " ", (TEMPLATE_FOLDER / "report.css").read_text(encoding="utf-8"))
    kinds = (
        ("status", STATUSES, STATUS_MARK, STATUS_COLOUR, STATUS_BOLD),
        ("progress", PROGRESS_STATUSES, PROGRESS_MARK, PROGRESS_COLOUR, PROGRESS_BOLD),
    )
    for kind, statuses, marks, colours, bold in kinds:
        # a mark of its own for each status: readable in black and white
        assert all(marks[s] for s in statuses) and len({marks[s] for s in statuses}) == len(statuses), kind
        for status in statuses:
            rule = re.search(rf"tr\.{kind}-{status} td\.status \{{([^}}]*)\}}", css)
            assert rule and f"color: {colours[status]}" in rule.group(1), f"{kind}-{status} in report.css"
            assert ("font-weight: bold" in rule.group(1)) == (status in bold), f"{kind}-{status} weight"
            mark = f'<span class="mark">{marks[status]}</span>'
            row = f'<tr class="{kind}-{status}"><td>x</td><td class="status">{mark} y</td></tr>'
            source = typst_source(f"<table><tbody>{row}</tbody></table>", tmp_path)
            printed = re.search(r'#text\(fill: rgb\("(#\w+)"\)([^)]*)\)\[#strong\[#"(.)";\];', source)
            assert printed, f"{kind}-{status} in the PDF"
            assert printed.group(1) == colours[status] and printed.group(3) == marks[status]
            assert ('"bold"' in printed.group(2)) == (status in bold), f"{kind}-{status} weight in the PDF"


def _long_table(k: int) -> str:
    rows = "".join(
        f"<tr><td>xã {k}.{j}</td><td class='num'>{(j * 7919 + k * 104729) % 100000}</td><td>{j * k}%</td></tr>"
        for j in range(300)
    )
    return (
        f'<html lang="vi"><head><title>Bảng {k}</title></head><body><main><h2>Bảng {k}</h2><table><thead>'
        f"<tr><th>Xã</th><th>Số</th><th>Tỷ lệ</th></tr></thead><tbody>{rows}</tbody></table></main></body></html>"
    )


@pytest.mark.e2e  # typesets PDFs
def test_a_worker_does_not_keep_the_layout_of_the_reports_it_typeset():
    # a worker typesets report after report: what each one laid out must not pile up (ten
    # reports' layouts were kept, 15-20 MB each for a page like this one)
    assert _growth_over(_long_table(k) for k in range(7)) < 40 * 2**20


def _growth_over(pages: Iterator[str]) -> int:
    """How much a process grows while it typesets ``pages`` after the first, in bytes (each page
    made as it is typeset)."""
    process = psutil.Process()
    html_to_pdf(next(pages))
    before = process.memory_info().rss
    for page in pages:
        assert html_to_pdf(page).startswith(b"%PDF")
    return process.memory_info().rss - before


def _page_with_image(k: int) -> str:
    # a page of its own with a 2 MB image of its own, as a report's charts are
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><!-- {f"{k:08d}" * 2**17} --></svg>'
    data = base64.b64encode(svg.encode()).decode()
    image = f'<img src="data:image/svg+xml;base64,{data}">'
    return f'<html lang="vi"><body><main><p>Báo cáo {k}</p>{image}</main></body></html>'


@pytest.mark.e2e  # typesets PDFs
def test_a_worker_does_not_keep_the_files_of_the_reports_it_typeset():
    # each report's files have names of their own, and a compiler keeps every file it has read:
    # over sixty reports with a 2 MB image each, a worker that kept them would grow by 120 MB
    assert _growth_over(_page_with_image(k) for k in range(61)) < 70 * 2**20


def test_column_widths_follow_the_stylesheet_as_it_is_edited(tmp_path, monkeypatch):
    # an analyst who edits report.css in a Lab session gets the new widths in the next PDF,
    # without restarting the kernel
    from helpers.reports import common

    monkeypatch.setattr(common, "TEMPLATE_FOLDER", tmp_path)
    columns = '<colgroup><col class="c-name"><col class="c-rate"></colgroup>'
    table = f"<table>{columns}<tbody><tr><td>a</td><td>b</td></tr></tbody></table>"
    (tmp_path / "report.css").write_text("col.c-name { width: 29%; } col.c-rate { width: 12%; }", encoding="utf-8")
    assert "columns: (29%, 12%" in typst_source(table, tmp_path)
    (tmp_path / "report.css").write_text("col.c-name { width: 40%; } col.c-rate { width: 9%; }", encoding="utf-8")
    assert "columns: (40%, 9%" in typst_source(table, tmp_path)
