"""The overview and the data-quality report at national scale: grouped by province.

A national data folder has 3,321 communes; these tests make the committed data cross the
threshold (``DETAIL_UNITS``) instead, so the grouping is checked in a second against figures
known from the other tests (Trùng Khánh's 2 met, 2 missed, 2 not yet due, 11 restating the plan).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.quality import findings
from helpers.reports import overview as overview_module
from helpers.reports import quality as quality_module
from helpers.reports.overview import OverviewReport
from helpers.reports.quality import DataQualityReport
from helpers.rollup import descendants


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def workbook(committed):
    return committed


@pytest.fixture(scope="module")  # the patch must end with the module: other modules see 60 units
def grouped(workbook):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(overview_module, "DETAIL_UNITS", 10)
        report = OverviewReport(workbook, "vi")
        yield report, {name: getattr(report, name)() for name in ("header", "heatmap", "rankings", "pillar_counts")}


def _row(html: str, name: str) -> list[str]:
    row = re.search(rf"<tr><td>(?:<a [^>]*>)?{name}(?:</a>)?</td>(.*?)</tr>", html).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def test_the_detailed_overview_is_kept_below_the_threshold(workbook):
    report = OverviewReport(workbook, "vi")
    assert not report.grouped
    assert "Trùng Khánh" in report.header() and "Trùng Khánh" in report.pillar_counts()


def test_beyond_the_threshold_the_overview_has_one_row_per_province(workbook, grouped):
    report, html = grouped
    assert report.grouped
    header = html["header"]
    provinces = workbook.localities[workbook.localities["level"] == "province"]
    rows = re.findall(r"<tr><td>(?:<a [^>]*>)?([^<]+)", header.split("<tbody>")[1])
    assert set(rows) <= set(provinces["name"])
    assert "Trùng Khánh" not in header and "Sông Mã" not in header  # units are counted, not listed
    # Cao Bằng: its units in force and Trùng Khánh (a former district with figures); one reported
    registry = workbook.localities
    units = [u for u in descendants(workbook, "cao-bang") if pd.isna(registry.at[u, "valid_to"]) or u == "trung-khanh"]
    figures = report.table["locality_id"].isin(["cao-bang", "trung-khanh"]).sum()  # the latest of each
    coverage, periods, count, met, not_met, pending, restates = _row(header, "Cao Bằng")
    assert coverage == f"1/{len(units)}"
    assert (count, met, not_met, pending, restates) == (str(figures), "2", "2", "2", "11")
    assert "năm 2023" in periods
    assert '<a href="cao-bang.html">Cao Bằng</a>' in header  # its own report has the units' detail


def test_beyond_the_threshold_provinces_are_ranked_and_counted_on_their_own(grouped):
    report, html = grouped
    groups = {g["indicator_id"].iloc[0]: g for g in report.ranking_groups()}
    assert len(groups["chi_so_766"]) == 34
    assert "so_hoa_ho_so" not in groups  # Trùng Khánh and Triệu Sơn rank within their provinces' reports
    assert set(report.left_out()["locality_id"]) <= set(report.shown_ids)
    assert "Chỉ xếp hạng các tỉnh" in html["rankings"]
    # the heatmap has the provinces' own rates (Cần Thơ's), not the districts'
    margins, _ = report.heatmap_frames()
    assert list(margins.columns) == ["can-tho"]
    assert "data:image/svg+xml" in html["heatmap"] and "chỉ gồm số liệu của chính các tỉnh" in html["heatmap"]
    # Cao Bằng's row adds up Trùng Khánh's targets with its own
    assert _row(html["pillar_counts"], "Cao Bằng")[-3:] == ["2/4", "2", "11"]
    assert "Trùng Khánh" not in html["pillar_counts"]


def test_the_data_quality_report_counts_per_province_and_lists_the_first_rows(workbook, monkeypatch):
    monkeypatch.setattr(quality_module, "DETAIL_UNITS", 10)
    monkeypatch.setattr(quality_module, "LIST_ROWS", 3)
    found = findings(workbook)
    assert len(found) > 3
    html = DataQualityReport(workbook, "vi").findings()
    # one row per province: Cần Thơ's two warnings are its own
    units, count, errors, warnings = _row(html, "Cần Thơ")
    assert (units, errors, warnings) == ("1", "0", str(sum(f.locality_id == "can-tho" for f in found)))
    assert count == str((workbook.figures["locality_id"] == "can-tho").sum())
    assert "Trùng Khánh</td>" not in html.split("findings")[0]
    assert html.count('<tr class="severity-') == 3
    assert f"3 trong số {len(found)} phát hiện" in html and "cds validate" in html
    # a unit is named with its province (communes of different provinces share names)
    assert [f.locality_id for f in found[:3]] == ["can-tho", "can-tho", "trung-khanh"]
    assert ">Trùng Khánh (Cao Bằng)</td>" in html and ">Cần Thơ</td>" in html
    reconciled = re.search(r'<table class="reconciliation.*?</table>', html, re.S).group(0)
    assert reconciled.count("<tr>") == 4  # the heading and three rates
    assert "Tất cả: " in html and "khớp chính xác: " in html


def test_below_the_threshold_the_data_quality_report_lists_every_unit_and_finding(workbook):
    html = DataQualityReport(workbook, "vi").findings()
    assert html.count('<tr class="severity-') == len(findings(workbook))
    assert "Trùng Khánh</td>" in html and "cds validate" not in html
