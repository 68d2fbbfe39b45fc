"""Reports of the national tables' figures: a province's rank and trend, a merged province's
former provinces beside the combined figure, and an overview that ranks like with like."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pdf_text import pdf_text

from helpers.cli import main
from helpers.reports.locality import LocalityReport
from helpers.reports.overview import OverviewReport
from helpers.rollup import reporting_localities

ROOT = Path(__file__).resolve().parent.parent
TABLE = Path(__file__).parent / "fixtures" / "national" / "dvc766-2022-2024.csv"


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def workbook(committed):
    return committed


def published(year: str) -> dict[str, float]:
    """The QĐ 766 totals of a year as the table prints them, by the name it prints."""
    with TABLE.open(encoding="utf-8") as handle:
        return {row["don_vi"]: float(row["tong_diem"]) for row in csv.DictReader(handle) if row["year"] == year}


def expected_rank(year: str, name: str) -> str:
    scores = published(year)
    better = sum(score > scores[name] for score in scores.values())
    return f"{better + 1}/{len(scores)}"


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def test_a_province_report_shows_its_rank_in_each_year(workbook):
    shown = text(LocalityReport(workbook, "hue", lang="vi").standing())
    assert "Xếp hạng và diễn biến qua các năm" in shown
    for year in ("2022", "2023", "2024"):
        score = f"{published(year)['UBND Thành phố Huế']:.2f}".replace(".", ",")
        assert f"năm {year} {score} điểm {expected_rank(year, 'UBND Thành phố Huế')}" in shown


def test_a_merged_province_shows_its_former_provinces_beside_the_combined_figure(workbook):
    shown = text(LocalityReport(workbook, "lao-cai-2025", lang="en").standing())
    score = published("2024")["UBND tỉnh Lào Cai"]
    assert f"Lào Cai {score:.2f} points; Yên Bái: no figure" in shown
    assert "not ranked (a part has no figure)" in shown
    assert "2025-07-01" in shown


def test_a_unit_without_peers_or_former_units_has_no_such_section(workbook):
    assert LocalityReport(workbook, "hong-ngu", lang="vi").standing() == ""
    alone = text(LocalityReport(workbook, "song-ma", lang="en").standing())
    assert "1/1" not in alone  # its only figure of a ranked indicator has no peer that period


def test_merged_provinces_get_a_report_of_their_former_provinces_figures(workbook):
    reporting = reporting_localities(workbook)
    assert {"lao-cai-2025", "can-tho-2025", "hai-phong-2025"} <= set(reporting)
    assert "ha-noi-ba-dinh" not in reporting  # a commune without figures has no report
    units = workbook.localities.loc[reporting]
    assert len(reporting) < 80 and set(units["level"]) == {"province", "district"}


def test_the_overview_ranks_like_with_like_on_the_map_asked_for(workbook):
    as_recorded = OverviewReport(workbook, "vi")
    dvc = [g for g in as_recorded.ranking_groups() if g["indicator_id"].iloc[0] == "chi_so_766"]
    assert [len(g) for g in dvc] == [34]  # the former provinces of that name, 2024
    today = OverviewReport(workbook, "vi", units_as_of="2025-07-01")
    dvc = [g for g in today.ranking_groups() if g["indicator_id"].iloc[0] == "chi_so_766"]
    unchanged = workbook.localities[
        (workbook.localities["level"] == "province")
        & workbook.localities["valid_from"].isna()
        & workbook.localities["valid_to"].isna()
    ]
    assert set(dvc[0]["locality_id"]) == set(unchanged.index)  # merged ones lack a part's figure
    left = today.left_out()
    assert "lao-cai-2025" in set(left.loc[left["reason"] == "incomplete", "locality_id"])


@pytest.mark.e2e
def test_a_province_report_rendered_from_the_national_table(tmp_path):
    out = tmp_path / "output"
    assert (
        main(["render", "--locality", "hue", "lao-cai-2025", "--lang", "vi", "--workers", "1", "--output", str(out)])
        == 0
    )
    hue = pdf_text(out / "reports" / "hue.pdf", " ")
    assert "Thứ hạng" in hue and expected_rank("2024", "UBND Thành phố Huế") in hue
    merged = pdf_text(out / "reports" / "lao-cai-2025.pdf", " ")
    assert "Yên Bái" in merged
