"""End to end: real papermill runs on a real kernel, real HTML and PDF files, read back."""

from __future__ import annotations

import base64
import html as htmllib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pdf_text import pdf_text, read_pages
from pypdf import PdfReader


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def output(rendered) -> Path:
    return rendered


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", pdf_text(path))


def test_hong_ngu_pdf_shows_computed_figures_the_vietnamese_way(output):
    text = _pdf_text(output / "reports" / "hong-ngu.pdf")
    assert "Hồng Ngự" in text and "Đồng Tháp" in text
    assert "6 tháng đầu năm 2022" in text
    assert "52/74" in text and "70,27%" in text
    assert "9.475/15.684" in text and "60,41%" in text
    # the shortfall sentence: 52/74 = 70,27% against 80% is 9,73 points short
    assert "thấp hơn chỉ tiêu 80% là 9,73 điểm phần trăm" in text


def test_trung_khanh_pdf_shows_broadband_shortfall(output):
    text = _pdf_text(output / "reports" / "trung-khanh.pdf")
    assert "Trùng Khánh" in text and "Cao Bằng" in text
    assert "7.815/17.347" in text and "45,05%" in text
    # 45,05% in 2023 against more than 70% by 2025: not yet due, with the distance still to go
    assert "chỉ tiêu > 70% đến năm 2025, còn cách 24,95 điểm phần trăm" in text
    assert "18.592/18.624" in text


def test_pdf_pages_are_a4(output):
    for page in PdfReader(output / "reports" / "hong-ngu.pdf").pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_html_is_self_contained_and_shows_no_code(output):
    html = (output / "reports" / "hong-ngu.html").read_text(encoding="utf-8")
    assert "Hồng Ngự" in html and "70,27%" in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    # nothing is loaded from elsewhere; a source's address is a link the reader may follow
    assert not re.search(r'src="(https?:)?//', html)
    assert not re.search(r'<(?!a )[^>]*href="(https?:)?//', html)
    assert 'src="data:image/svg+xml;base64,' in html  # charts are vector
    assert "data:image/png" not in html
    for code in ("LocalityReport", "import ", "locality_id =", "In [", "Out["):
        assert code not in html


def test_executed_notebooks_are_kept_without_errors_or_warnings(output):
    notebook = json.loads((output / "notebooks" / "hong-ngu.ipynb").read_text(encoding="utf-8"))
    outputs = [o for cell in notebook["cells"] for o in cell.get("outputs", [])]
    assert outputs, "the executed notebook has outputs"
    assert not [o for o in outputs if o["output_type"] in ("error", "stream")]
    injected = [c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert 'locality_id = "hong-ngu"' in "".join(injected[0]["source"])


def test_index_links_every_report(output):
    index = (output / "index.html").read_text(encoding="utf-8")
    for href in ("reports/hong-ngu.html", "reports/hong-ngu.pdf", "reports/trung-khanh.pdf"):
        assert f'href="{href}"' in index
    assert "Trùng Khánh" in index
    assert not list(output.rglob("*.tmp*")), "no temporary file is left behind"


def test_reports_carry_their_data_quality_findings(output):
    text = _pdf_text(output / "reports" / "can-tho.pdf")
    assert "Chất lượng số liệu" in text
    assert "104.756/150.594 = 69,56%" in text and "cắt bớt" in text
    overview = _pdf_text(output / "reports" / "data_quality.pdf")
    for name in ("Trùng Khánh", "Sông Mã", "Hồng Ngự", "Triệu Sơn", "Cần Thơ"):
        assert name in overview
    assert "= 400" in overview and "= 434" in overview
    assert 'href="reports/data_quality.html"' in (output / "index.html").read_text(encoding="utf-8")


def _report_pdfs(output: Path) -> list[Path]:
    pdfs = sorted((output / "reports").glob("*.pdf"))
    assert len(pdfs) >= 12
    return pdfs


@dataclass
class _Page:
    """One PDF page as the checks below read it, its text extracted once."""

    page: object  # pypdf's page, for its fonts and images
    text: str
    lefts: list[float]  # the left edge of every character, in points from the page's left edge


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def pdf_pages(output) -> dict[Path, list[_Page]]:
    """Every report PDF, page by page: reading a page's text is the costly part of these checks."""
    pages = {}
    for pdf in _report_pdfs(output):
        texts = read_pages(pdf)
        objects = PdfReader(pdf).pages
        assert len(texts) == len(objects), pdf.name
        pages[pdf] = [_Page(page, read.text, read.lefts) for page, read in zip(objects, texts)]
    return pages


def _fonts(page) -> list[tuple[str, bool]]:
    fonts = []
    for font in (page["/Resources"].get("/Font") or {}).values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor else {}
        embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        fonts.append((str(font.get("/BaseFont")), embedded))
    return fonts


def test_pdfs_embed_dejavu_and_keep_every_line_inside_the_right_margin(pdf_pages):
    for pdf, pages in pdf_pages.items():
        for number, read in enumerate(pages, start=1):
            fonts = _fonts(read.page)
            assert fonts and all(embedded and "DejaVu" in name for name, embedded in fonts), pdf.name
            # 15 mm right margin: no character of the page starts beyond it
            right_margin = float(read.page.mediabox.width) - 15 / 25.4 * 72
            assert max(read.lefts) < right_margin, f"{pdf.name} page {number}"


def test_every_pdf_page_has_running_title_page_number_and_content(pdf_pages):
    for pdf, pages in pdf_pages.items():
        for number, read in enumerate(pages, start=1):
            lines = [line for line in read.text.splitlines() if line.strip()]
            # the margin boxes come last: the running title, then "n / N"
            assert lines[-1] == f"{number} / {len(pages)}", pdf.name
            assert len(lines[-2]) > 10, f"{pdf.name} page {number} has no running title"
            assert lines[:-2] or read.page.images, f"{pdf.name} page {number} is blank"


FIGURE = re.compile(r"[<>≤≥≈+−-]?\d+(?:[.,/]\d+)*%?")


def _html_text(html: str) -> str:
    """What a reader sees on the HTML page: its text, without styles, scripts or the hidden
    running title."""
    from helpers.reports.pdf import Node, parse_html

    def visible(node) -> str:
        if isinstance(node, str):
            return node
        if node.tag in ("style", "script", "head") or "running-title" in node.classes:
            return ""
        return " ".join(visible(child) for child in node.children)

    return visible(parse_html(html)) if isinstance(parse_html(html), Node) else ""


def _chart_text(html: str) -> str:
    """The words inside a page's charts (SVG images), which the PDF prints as text too."""
    images = re.findall(r'data:image/svg\+xml;base64,([^"]+)', html)
    charts = [base64.b64decode(data).decode("utf-8") for data in images]
    return " ".join(
        htmllib.unescape(re.sub(r"<[^>]+>", " ", text))
        for chart in charts
        for text in re.findall(r"<text[^>]*>(.*?)</text>", chart, re.S)
    )


def test_every_word_of_each_html_report_is_in_its_pdf_as_often(pdf_pages):
    # a PDF that shows "chxã" where its page says "chợ" lacks one "chợ"; case is left aside (the
    # PDF prints a heading's kicker in capitals) and so are spaces, hyphens and line breaks
    for pdf, pages in pdf_pages.items():
        html = pdf.with_suffix(".html").read_text(encoding="utf-8")
        words = re.findall(r"\w+", f"{_html_text(html)} {_chart_text(html)}".casefold())
        printed = re.sub(r"[\s-]+", "", "".join(read.text for read in pages).casefold())
        counts: dict[str, int] = {}
        for word in words:
            counts[word] = counts.get(word, 0) + 1
        missing = {w: (n, printed.count(w)) for w, n in counts.items() if printed.count(w) < n}
        assert not missing, f"{pdf.name} prints fewer of these words than its HTML (HTML, PDF): {missing}"


def test_every_figure_of_each_html_report_is_in_its_pdf(pdf_pages):
    pairs = [(pdf.with_suffix(".html"), pdf) for pdf in pdf_pages]
    assert all(html.exists() for html, _ in pairs)
    for html, pdf in pairs:
        shown = FIGURE.findall(_html_text(html.read_text(encoding="utf-8")))
        assert len(shown) > 10, html.name
        # lines may break anywhere in the PDF: its text is compared without any spacing
        printed = re.sub(r"\s+", "", "\n".join(read.text for read in pdf_pages[pdf]))
        counts: dict[str, int] = {}
        for figure in shown:
            counts[figure] = counts.get(figure, 0) + 1
        missing = {f: n for f, n in counts.items() if printed.count(f) < n}
        assert not missing, f"{pdf.name} lacks figures its HTML shows: {missing}"
