"""Any text from the data is shown as text, and no id can lead a file out of output/."""

import io
import re
from pathlib import Path

import pytest

from helpers.load import DataError, load_workbook
from helpers.reports.locality import LocalityReport
from helpers.reports.overview import OverviewReport
from helpers.reports.quality import DataQualityReport
from helpers.reports.render import html_document, html_to_pdf

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src="x" onerror="alert(2)">'


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def hostile_dir(minimal_dir: Path) -> Path:
    """The minimal data with markup in a locality name, a source title and an indicator name."""
    _replace(minimal_dir / "localities.csv", "Huyện Bắc", SCRIPT)
    _replace(minimal_dir / "sources.csv", "Báo cáo của huyện Bắc", '"Báo cáo <b>in đậm</b>"')
    quoted = '"' + IMAGE.replace('"', '""') + '"'  # a CSV cell with quotes in it
    _replace(minimal_dir / "indicators.csv", "Online dossier rate", quoted)
    _replace(minimal_dir / "indicators.csv", "Tỷ lệ hồ sơ trực tuyến", quoted)
    return minimal_dir


def _body(workbook, lang: str) -> str:
    report = LocalityReport(workbook, "huyen-b", lang=lang)
    overview = OverviewReport(workbook, lang)
    quality = DataQualityReport(workbook, lang)
    return "\n".join(
        [
            report.header(),
            report.summary(),
            report.pillar_sections(),
            report.shortfalls(),
            report.progress(),
            report.units(),
            report.data_quality(),
            report.sources(),
            overview.header(),
            overview.heatmap(),
            overview.rankings(),
            overview.pillar_counts(),
            overview.excluded(),
            quality.findings(),
        ]
    )


@pytest.mark.e2e  # makes PDFs
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markup_in_the_data_is_escaped_in_html_and_printed_as_text_in_pdf(hostile_dir, lang):
    workbook = load_workbook(hostile_dir)
    title = f"Report: {SCRIPT}"
    page = html_document(_body(workbook, lang), title=title, running_title=title, lang=lang)
    assert "<script" not in page and "<b>" not in page and 'onerror="' not in page
    # the only images are the charts, inline
    charts = re.findall(r'<img src="data:image/svg\+xml;base64,[^>]*', page)
    assert re.findall(r"<img [^>]*", page) == charts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;in đậm&lt;/b&gt;" in page
    assert re.search(r"&lt;img src=&(#34|quot);x&(#34|quot); onerror=", page)
    from pypdf import PdfReader  # only the PDF tests need it

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(html_to_pdf(page))).pages)
    assert SCRIPT in text and "<b>in đậm</b>" in text


@pytest.mark.parametrize(
    "bad_id", ["../etc", "a/b", "hong.ngu", "hong ngu", "Hong-Ngu", "-x", "hồng-ngự", "..", "a\\b"]
)
def test_an_id_that_could_leave_the_output_folder_is_refused(minimal_dir, bad_id):
    _replace(minimal_dir / "localities.csv", "huyen-c,Huyện Cẩm", f'"{bad_id}",Huyện Cẩm')
    with pytest.raises(DataError) as caught:
        load_workbook(minimal_dir)
    located = {(i.file, i.line, i.column, i.code) for i in caught.value.issues}
    assert ("localities.csv", 4, "locality_id", "bad_id") in located
