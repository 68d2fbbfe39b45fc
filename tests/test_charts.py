"""The report's charts, read back from the SVG they are: what is drawn, how it reads in black and
white, the numbers the Vietnamese way, and no chart drawn twice for the same inputs."""

from __future__ import annotations

import base64
import re
from xml.etree import ElementTree

import pandas as pd
import pytest

from helpers.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str) -> ElementTree.Element:
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    return ElementTree.fromstring(base64.b64decode(data))  # it parses: a well-formed drawing


def _texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def _rates(**changes) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "name_vi": ["Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ văn bản ký số", "Tỷ lệ thanh toán"],
            "name_en": ["Online dossiers", "Signed documents", "Online payments"],
            "result": [60.41, 100.0, 1234.5 / 100],
            "status": ["met", "not_met", "no_target"],
            "qualifier": ["", "<", ""],
            "target_value": [50.0, 100.0, float("nan")],
            "target_comparison": [">=", ">=", None],
        }
    )
    return table.assign(**changes)


def test_a_bullet_chart_shows_each_rate_its_target_and_its_status_twice():
    html = charts.bullet_chart(_rates(), "vi", "Kết quả so với chỉ tiêu")
    root = _svg(html)
    texts = _texts(root)
    assert {"Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ văn bản ký số", "Tỷ lệ thanh toán"} <= set(texts)
    # the value with its mark, the Vietnamese way; a bound keeps its sign
    assert {"60,41% ✓", "< 100% ✗", "12,35%"} <= set(texts)
    assert {"✓ Đạt", "✗ Chưa đạt", "Không có chỉ tiêu", "Chỉ tiêu"} <= set(texts)  # the legend
    assert [t for t in texts if t in {"0", "20", "40", "60", "80", "100"}] == ["0", "20", "40", "60", "80", "100"]
    # not met and without a target are hatched (readable in black and white), met is plain
    hatched = {r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(")}
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert len(patterns) == 2 and hatched == {f"url(#{p})" for p in patterns}
    # "below 100%" is a caret at the bound, never a bar of length 100
    assert len(list(root.iter(f"{SVG}polygon"))) == 1
    # two target marks (the third rate has none) and the legend's
    assert len([line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "2.2"]) == 3
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert "Tỷ lệ văn bản ký số: &lt; 100% / Chỉ tiêu giao ≥ 100% (Chưa đạt)" in alt
    assert "<figcaption>Kết quả so với chỉ tiêu</figcaption>" in html


def test_a_chart_in_english_writes_numbers_the_english_way():
    texts = _texts(_svg(charts.bullet_chart(_rates(), "en", "Results")))
    assert "60.41% ✓" in texts and "Online dossiers" in texts and "Rate (%)" in texts


def test_the_same_chart_is_drawn_once():
    table = _rates(name_vi=["Một", "Hai", "Ba"])
    before = len(charts.bullet_chart.cache)
    first = charts.bullet_chart(table, "vi", "c")
    assert charts.bullet_chart(table.copy(), "vi", "c") is first
    assert len(charts.bullet_chart.cache) == before + 1
    assert charts.bullet_chart(table, "vi", "another caption") is not first


def test_a_gap_chart_puts_the_largest_shortfall_on_top():
    table = _rates(
        status=["not_met"] * 3, gap=[-5.0, -30.25, 4.0], direction=["higher", "higher", "lower"], qualifier=""
    )
    texts = _texts(_svg(charts.gap_chart(table, "vi", "Chênh lệch")))
    names = [t for t in texts if t.startswith("Tỷ lệ")]
    assert names == ["Tỷ lệ văn bản ký số", "Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ thanh toán"]
    assert {"−30,25 ✗", "−5 ✗", "+4 ✗"} <= set(texts)


def test_a_trend_chart_marks_the_years_and_the_target():
    points = pd.DataFrame(
        {
            "period_end": pd.to_datetime(["2022-12-31", "2023-12-31"]),
            "result": [25.0, 40.0],
            "period_label": ["năm 2022", "năm 2023"],
        }
    )
    row = pd.Series(
        {
            "unit": "percent",
            "status": "limited_progress",
            "target_value": 60.0,
            "target_year": 2024,
            "target_comparison": ">=",
            "name_vi": "Tỷ lệ hồ sơ",
        }
    )
    root = _svg(charts.trend_chart(points, row, "vi", "Diễn biến"))
    texts = _texts(root)
    assert {"2022", "2023", "2024", "25%", "40%", "Chỉ tiêu ≥ 60% đến năm 2024", "Tiến bộ hạn chế"} <= set(texts)
    assert [line.get("stroke-dasharray") for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    # each year's number sits between the ticks at the turn of its year and of the next
    years = {t.text: float(t.get("x")) for t in root.iter(f"{SVG}text") if t.text in {"2022", "2023", "2024"}}
    assert years["2022"] < years["2023"] < years["2024"]


def test_a_heatmap_frames_missed_cells_and_leaves_unknown_ones_empty():
    margins = pd.DataFrame(
        [[5.0, -40.0], [float("nan"), 70.0]], index=["Chỉ số A", "Chỉ số B"], columns=["Huế", "Hà Nội"]
    )
    statuses = pd.DataFrame([["met", "not_met"], ["no_target", "met"]], index=margins.index, columns=margins.columns)
    bounds = pd.DataFrame([["", "<"], ["", ""]], index=margins.index, columns=margins.columns)
    root = _svg(charts.gap_heatmap(margins, statuses, "vi", "Bản đồ", bounds))
    cells = [t for t in root.iter(f"{SVG}text") if t.get("font-size") == "7.5"]
    assert [t.text for t in cells] == ["+5 ✓", "< −40 ✗", "+70 ✓"]  # nothing for the unknown cell
    colours = {t.text: t.get("fill") for t in cells}
    assert colours["+70 ✓"] == "#fff" and colours["+5 ✓"] == "#000"  # white on the dark cell only
    framed = [r for r in root.iter(f"{SVG}rect") if r.get("stroke-width") == "1.4"]
    assert len(framed) == 1
    assert {"Huế", "Hà Nội", "Chỉ số A", "Chỉ số B", "điểm phần trăm"} <= set(_texts(root))


@pytest.mark.parametrize(("low", "high"), [(-5.5, 5.5), (-66, 66), (0, 100), (48.2, 71.3), (0, 0.7)])
def test_axis_ticks_are_round_and_cover_the_range(low, high):
    ticks = charts.nice_ticks(low, high)
    assert 2 <= len(ticks) <= 9
    assert ticks[0] >= low - 1e-9 and ticks[-1] <= high + 1e-9
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    step = steps.pop()
    assert round(step / 10 ** int(f"{step:e}".split("e")[1]), 9) in {1, 2, 2.5, 5}
