"""Text from data shown as written: in charts, headers and spreadsheets."""

from __future__ import annotations

import pytest

from helpers.safe_text import for_header, for_spreadsheet, plain


def test_bidi_controls_are_removed_everywhere():
    assert plain("ảnh\u202egnp.exe") == "ảnhgnp.exe"
    assert for_header("a\u202eb") == "ab"


def test_a_long_name_is_cut_in_a_running_header():
    name = "Huyện " + "rất dài " * 2000
    header = for_header(name)
    assert len(header) <= 90 and header.endswith("…") and header.startswith("Huyện rất dài")
    assert for_header("Trùng Khánh") == "Trùng Khánh"
    assert for_header("x" * 200).endswith("…") and len(for_header("x" * 200)) == 90


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "＝1"]
)
def test_formula_looking_text_is_written_as_text(text):
    assert for_spreadsheet(text) == "'" + text


@pytest.mark.parametrize("value", ["Trùng Khánh", "¶5", "-1", "+84", "99.82", 12, None, 3.5, ""])
def test_other_values_are_written_unchanged(value):
    assert for_spreadsheet(value) == value


def _svg(html: str) -> str:
    import base64
    import re

    return base64.b64decode(re.search(r"base64,([^\"]+)\"", html).group(1)).decode("utf-8")


@pytest.mark.parametrize(
    "name", ["Chi phí US$2 mỗi hồ sơ", "$\\undefinedcommand$ lỗi", "giá $5 và $6", "ảnh\u202egnp.exe", "A <b>&amp; B"]
)
def test_the_workbooks_charts_draw_names_as_written(name):
    from xml.etree import ElementTree

    import pandas as pd

    from helpers.reports.charts import bullet_chart, gap_heatmap

    def drawn(html: str) -> list[str]:  # the lines of text the chart shows (the SVG must parse)
        return [t.text for t in ElementTree.fromstring(_svg(html)).iter("{http://www.w3.org/2000/svg}text")]

    table = pd.DataFrame(
        {
            "name_vi": [name],
            "result": [60.0],
            "status": ["met"],
            "qualifier": [""],
            "target_value": [50.0],
            "target_comparison": [">="],
        }
    )
    shown = plain(name)  # as written, $ and markup included; only the bidi control is gone
    assert shown in drawn(bullet_chart(table, "vi", "chú thích"))
    margins = pd.DataFrame([[5.0]], index=[name], columns=[name])
    statuses = pd.DataFrame([["met"]], index=[name], columns=[name])
    assert drawn(gap_heatmap(margins, statuses, "vi", "chú thích")).count(shown) == 2  # row and column


def test_a_ten_thousand_character_name_is_cut_in_the_running_title_of_html_and_pdf(tmp_path):
    from helpers.reports.pdf import typst_source
    from helpers.reports.render import html_document

    name = "Xã " + "Rất Dài " * 1250 + "\u202egnp.exe"
    html = html_document("<p>nội dung</p>", title=f"Báo cáo: {name}", running_title=f"Báo cáo: {name}", lang="vi")
    running = html.split('<div class="running-title">')[1].split("</div>")[0]
    assert len(running) <= 90 and running.endswith("…")
    assert "\u202e" not in html
    source = typst_source(html, tmp_path)
    assert max(len(line) for line in source.splitlines() if "dy: 11mm" in line) < 200


def test_templates_print_no_bidi_control():
    from helpers.reports.common import TEMPLATES

    template = TEMPLATES.from_string("<b>{{ name }}</b> {{ html | safe }}")
    shown = template.render(name="ảnh\u202egnp.exe", html="<i>\u2066x\u2069</i>")
    assert shown == "<b>ảnhgnp.exe</b> <i>x</i>"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_writes_formula_looking_names_as_text(suffix, tmp_path):
    import pandas as pd

    from helpers.export import table_bytes

    table = pd.DataFrame({"name": ['=HYPERLINK("http://x","y")', "Trùng Khánh"], "value": [1.5, 2.0]})
    path = tmp_path / f"out{suffix}"
    path.write_bytes(table_bytes(table, suffix))
    back = pd.read_csv(path) if suffix == ".csv" else pd.read_excel(path)
    assert back["name"].tolist() == ['\'=HYPERLINK("http://x","y")', "Trùng Khánh"]
    assert back["value"].tolist() == [1.5, 2.0]
