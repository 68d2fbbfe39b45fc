"""Target resolution, gaps and status on the fixture workbook, where the answers are known."""

import pandas as pd
import pytest

from helpers.compute import NOT_DUE, NOT_MET, RESTATES, add_status, locality_table, verdict
from helpers.load import load_workbook
from helpers.targets import meets


@pytest.fixture
def workbook(minimal_dir):
    return load_workbook(minimal_dir)


def _row(table: pd.DataFrame, indicator: str, period: str) -> pd.Series:
    rows = table[(table["indicator_id"] == indicator) & (table["period"] == period)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_the_locality_s_own_plan_comes_first(workbook):
    row = _row(locality_table(workbook, "huyen-b", "2022-M6"), "ho_so_truc_tuyen", "2022-M6")
    assert row["rate"] == pytest.approx(70.27027, abs=1e-5)
    assert row["value"] == 70.27  # the reported value is kept beside the computed rate
    assert (row["target_scope_id"], row["target_year"], row["target_value"]) == ("huyen-b", 2022, 80)
    assert row["gap"] == pytest.approx(-9.72973, abs=1e-5)
    assert row["status"] == "not_met"


def test_a_workbook_with_other_targets_gets_its_own_not_the_last_ones(workbook):
    import dataclasses

    assert _row(locality_table(workbook, "huyen-b", "2022-M6"), "ho_so_truc_tuyen", "2022-M6")["target_value"] == 80
    targets = workbook.targets.copy()
    own = (targets["locality_id"] == "huyen-b") & (targets["indicator_id"] == "ho_so_truc_tuyen")
    targets.loc[own, "value"] = 65.0
    changed = dataclasses.replace(workbook, targets=targets)
    row = _row(locality_table(changed, "huyen-b", "2022-M6"), "ho_so_truc_tuyen", "2022-M6")
    assert (row["target_value"], row["status"]) == (65.0, "met")
    # and the first workbook still reads its own
    assert _row(locality_table(workbook, "huyen-b", "2022-M6"), "ho_so_truc_tuyen", "2022-M6")["target_value"] == 80


def test_an_expired_target_gives_way_to_the_province_s(workbook):
    # huyen-b's own 80% is for 2022; for 2023 the province's 60% applies, before the national 80% of 2025.
    row = _row(locality_table(workbook, "huyen-b", "2023"), "ho_so_truc_tuyen", "2023")
    assert (row["target_scope_id"], row["target_year"], row["target_value"]) == ("tinh-a", 2023, 60)
    assert row["gap"] == pytest.approx(9475 / 15684 * 100 - 60)
    assert row["status"] == "met"


def test_national_target_when_nothing_more_specific_applies(workbook):
    row = _row(locality_table(workbook, "huyen-c"), "ho_gia_dinh_bang_rong", "2022")
    assert (row["target_scope_id"], row["target_year"], row["target_comparison"]) == ("", 2025, ">")
    assert row["rate"] == pytest.approx(45.0510, abs=1e-4)
    assert row["gap"] == pytest.approx(-34.949, abs=1e-3)
    # 45% in 2022 against more than 80% by 2025: the target's year has not come
    assert row["status"] == "not_due"


def test_lower_is_better_and_counts_without_target(workbook):
    table = locality_table(workbook, "huyen-b", "2023")
    overdue = _row(table, "ho_so_qua_han", "2023")
    assert overdue["rate"] == pytest.approx(3.0)
    assert overdue["status"] == "met"
    received = _row(table, "ho_so_tiep_nhan", "2023")
    assert received["status"] == "no_target"
    assert pd.isna(received["gap"])


def test_a_figure_reported_as_above_a_value_meets_a_strict_target_at_that_value(workbook):
    row = _row(locality_table(workbook, "huyen-b", "2023"), "ho_gia_dinh_bang_rong", "2023")
    assert (row["qualifier"], row["target_comparison"], row["target_value"]) == (">", ">", 85)
    assert meets(row["result"], row["qualifier"], row["target_comparison"], row["target_value"])
    # here both come from the same source at the same level: the figure only restates the target
    assert row["source_id"] == row["target_source_id"]
    assert row["status"] == RESTATES


def test_latest_period_per_indicator_when_no_period_is_given(workbook):
    table = locality_table(workbook, "huyen-b")
    assert set(table["period"]) == {"2023"}
    assert len(table) == 4


@pytest.mark.parametrize(
    ("value", "qualifier", "comparison", "target", "expected"),
    [
        (80, "", ">=", 80, True),
        (79.99, "", ">=", 80, False),
        (80, "", ">", 80, False),
        (80, ">", ">", 80, True),
        (5, "", "<=", 5, True),
        (5.01, "", "<=", 5, False),
        (100, "", "=", 100, True),
        (99.9, "", "=", 100, False),
        # a bounded figure meets a target only if its whole range does
        (100, "<", ">=", 100, False),
        (100, "<", ">", 90, False),
        (90, ">=", ">=", 90, True),
        (90, ">=", ">", 90, False),
        (85, ">", ">=", 85, True),
        (85, ">", "<=", 90, False),
        (5, "<", "<", 5, True),
        (5, "<=", "<", 5, False),
        (4, "<=", "<=", 5, True),
        (80, "~", ">=", 80, True),
    ],
)
def test_meets(value, qualifier, comparison, target, expected):
    assert meets(value, qualifier, comparison, target) is expected


@pytest.mark.parametrize(
    ("result", "target_year", "period_year", "expected"),
    [
        (45, 2025, 2023, NOT_DUE),
        (45, 2023, 2023, NOT_MET),
        (45, 2022, 2023, NOT_MET),
        (85, 2025, 2023, "met"),
        (85, 2023, 2023, "met"),
    ],
)
def test_a_target_is_missed_only_once_its_year_has_come(result, target_year, period_year, expected):
    assert verdict(result, "", ">=", 80, target_year, period_year) == expected


def test_a_result_that_repeats_its_target_from_the_same_source_is_not_met():
    rows = pd.DataFrame(
        {
            "result": [85.0, 85.0, 80.0, 51.3, 100.0],
            "value": [85.0, 85.0, 80.0, 51.3, float("nan")],
            "qualifier": [">", ">", "", "", ""],
            "source_id": ["a", "b", "a", "a", "a"],
            "target_source_id": ["a", "a", "a", "a", "a"],
            "target_value": [85.0, 85.0, 80.0, 20.0, 100.0],
            "target_comparison": [">", ">", ">=", ">", ">="],
            "target_year": [2025] * 5,
            "period_year": [2023] * 5,
        }
    )
    status = list(add_status(rows)["status"])
    # same article and same words: restated; another article: met; a result well past the
    # target from the same article: met; a computed 100% (no printed value) equal to the target
    # from the same article restates it too
    assert status == [RESTATES, "met", RESTATES, "met", RESTATES]
