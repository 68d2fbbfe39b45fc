"""The report's sections on constructed data: progress over time, units, empty localities."""

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.compute import shortfall
from helpers.load import load_workbook
from helpers.reports.locality import LocalityReport

HIERARCHY = Path(__file__).parent / "fixtures" / "hierarchy"


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def workbook():
    return load_workbook(HIERARCHY)


def test_progress_section_states_status_growth_and_draws_the_trend(workbook):
    section = LocalityReport(workbook, "xa-mot", lang="vi").progress()
    # 25% (2022) → 40% (2023): +60%/year; 60% by the end of 2023 needs +140%/year (a year
    # of 365 days is 0.9993 of 365.25, hence the .1)
    assert "Tiến bộ hạn chế" in section
    assert "+60,1%/năm" in section and "+140,1%/năm" in section
    assert "25% (năm 2022)" in section and "40% (năm 2023)" in section
    alt = re.search(r'alt="([^"]*)"', section).group(1)
    assert "năm 2022 25%" in alt and "Chỉ tiêu ≥ 60% đến năm 2023" in alt
    english = LocalityReport(workbook, "xa-mot", lang="en").progress()
    assert "Limited progress" in english and "+60.1%/yr" in english


def test_without_a_series_the_section_says_so(committed):
    section = LocalityReport(committed, "hong-ngu", lang="en").progress()
    assert "No indicator has figures for two or more periods" in section
    assert "<img" not in section


def test_a_province_report_lists_its_units_and_their_sums(workbook):
    report = LocalityReport(workbook, "tinh-cu", lang="vi")
    units = report.units()
    assert "Huyện Đông" in units and "Huyện Tây" in units and "đến 30/06/2025" in units
    assert "430/700" in units and "61,43%" in units
    assert "kỳ số liệu nằm ngoài thời gian tồn tại của đơn vị cấp trên" in units
    assert "không có số liệu riêng" in report.summary()
    assert report.pillar_sections() == "" and report.shortfalls() == ""
    assert LocalityReport(workbook, "xa-mot").units() == ""


def test_shortfall_reads_the_indicator_s_direction():
    table = pd.DataFrame({"gap": [-10.0, 3.0, 2.0], "direction": ["higher", "lower", "higher"]})
    assert list(shortfall(table)) == [10.0, 3.0, -2.0]


def test_a_report_says_what_it_is_and_help_lists_every_column_of_its_table(committed):
    report = LocalityReport(committed, "hong-ngu")
    assert "hong-ngu" in repr(report) and "Hồng Ngự" in repr(report) and "help(report)" in repr(report)
    shown = report._repr_html_()
    assert "Hồng Ngự" in shown and "Đạt: " in shown and f"{len(report.table)} dòng" in shown
    documented = LocalityReport.__doc__
    missing = [column for column in report.table.columns if f"``{column}``" not in documented]
    assert not missing, f"LocalityReport's docstring (help(report)) does not describe {missing}"
    for name in ("table", "progress_table", "series", "rolled_up", "workbook"):
        assert f"{name} :" in documented and hasattr(report, name)


def test_the_notebooks_first_cell_describes_every_column_of_the_table(committed):
    import json

    from helpers import config

    cells = json.loads(config.notebook_path("locality_report.ipynb").read_text(encoding="utf-8"))["cells"]
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and first.index("Tiếng Việt") < first.index("English")
    columns = LocalityReport(committed, "hong-ngu").table.columns
    assert not [c for c in columns if f"`{c}`" not in first]
    for words in ("`remove`", "--notebook", "`locality_id`", "`period`", "`lang`"):
        assert words in first


def test_after_a_failed_load_the_notebooks_report_says_so_instead_of_the_previous_locality():
    from IPython.core.interactiveshell import InteractiveShell

    from helpers.reports.common import ReportError

    shell = InteractiveShell.instance()
    try:
        shell.run_cell(
            "from helpers.reports.locality import LocalityReport\nreport = LocalityReport.load('hong-ngu')",
            store_history=False,
        )
        assert isinstance(shell.user_ns["report"], LocalityReport)
        failed = shell.run_cell("report = LocalityReport.load('hong-ngux')", store_history=False)
        assert isinstance(failed.error_in_exec, ReportError)
        assert repr(shell.user_ns["report"]).startswith("Chưa có báo cáo: Không có địa phương mã 'hong-ngux'")
        below = shell.run_cell("report.summary()", store_history=False)
        assert isinstance(below.error_in_exec, ReportError) and "hong-ngux" in str(below.error_in_exec)
    finally:
        InteractiveShell.clear_instance()
