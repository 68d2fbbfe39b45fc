"""Roll-ups over a constructed hierarchy (tests/fixtures/hierarchy/README.md) and the real data."""

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from helpers.load import load_workbook
from helpers.rollup import NO_FRACTION, OUTSIDE_PARENT, descendants, reporting_localities, rollup

HIERARCHY = Path(__file__).parent / "fixtures" / "hierarchy"


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def workbook():
    return load_workbook(HIERARCHY)


def _row(frame: pd.DataFrame, indicator: str, period: str) -> pd.Series:
    rows = frame[(frame["indicator_id"] == indicator) & (frame["period"] == period)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_a_rate_is_rolled_up_as_a_sum_of_fractions_not_an_average(workbook):
    row = _row(rollup(workbook, "tinh-cu").figures, "ho_so_truc_tuyen", "2023")
    # huyen-tay 300/500 plus huyen-dong's communes 40/100 and 90/100
    assert (row["numerator"], row["denominator"]) == (430, 700)
    assert row["rate"] == pytest.approx(430 / 700 * 100)
    assert row["rate"] != pytest.approx((60 + 40 + 90) / 3)
    assert row["units"] == ["huyen-dong", "huyen-tay"]
    assert (row["target_scope_id"], row["target_value"], row["status"]) == ("tinh-cu", 60, "met")


def test_a_unit_s_own_figure_is_not_added_to_its_communes(workbook):
    # huyen-dong reports 100/400 for 2022 itself; xa-mot's 10/50 is part of it
    row = _row(rollup(workbook, "tinh-cu").figures, "ho_so_truc_tuyen", "2022")
    assert (row["numerator"], row["denominator"]) == (100 + 150, 400 + 300)
    assert row["status"] == "not_due"  # 35,71% in 2022 against tinh-cu's 60% due in 2023


def test_an_abolished_unit_keeps_its_history_under_the_parent_of_its_time(workbook):
    old, new = rollup(workbook, "tinh-cu"), rollup(workbook, "tinh-moi")
    assert set(old.figures["period"]) == {"2022", "2023"}
    assert list(new.figures["period"]) == ["2025-M9"]
    row = new.figures.iloc[0]
    assert (row["numerator"], row["denominator"], row["units"]) == (100, 150, ["xa-moi", "xa-ba"])
    assert row["target_scope_id"] == "" and row["target_value"] == 80  # national, due 2025


def test_figures_that_cannot_be_added_are_listed_with_the_reason(workbook):
    left_out = rollup(workbook, "tinh-cu").left_out
    reasons = {(r.locality_id, r.indicator_id, r.period): r.reason for r in left_out.itertuples()}
    assert reasons == {
        ("huyen-tay", "ho_gia_dinh_bang_rong", "2022"): NO_FRACTION,
        ("huyen-tay", "ho_so_truc_tuyen", "2025-M9"): OUTSIDE_PARENT,
    }
    counts = rollup(workbook, "tinh-cu").figures["indicator_id"]
    assert "ho_so_tiep_nhan" not in set(counts), "counts are not rolled up"


def test_a_district_rolls_up_its_communes(workbook):
    row = _row(rollup(workbook, "huyen-dong").figures, "ho_so_truc_tuyen", "2023")
    assert (row["numerator"], row["denominator"], row["units"]) == (130, 200, ["xa-mot", "xa-hai"])
    assert rollup(workbook, "xa-mot").figures.empty


def test_reports_are_made_for_every_locality_with_figures_or_units_with_figures(workbook, committed):
    assert descendants(workbook, "tinh-cu") == ["huyen-dong", "xa-mot", "xa-hai", "huyen-tay"]
    assert set(reporting_localities(workbook)) == set(workbook.localities.index)
    real = committed
    reporting = reporting_localities(real)
    assert "dong-thap" in reporting
    # the province Đồng Tháp became part of reports the former province's figures (remap.py)
    assert "dong-thap-2025" in reporting and real.successors("dong-thap") == ["dong-thap-2025"]
    assert not set(real.children("dong-thap-2025")) & set(reporting)  # its communes have none
    assert set(real.figures["locality_id"]) <= set(reporting)


def test_hong_ngu_stays_under_the_old_dong_thap(committed):
    real = committed
    old = rollup(real, "dong-thap").figures
    assert _row(old, "dvctt_co_ho_so", "2022-M6")["units"] == ["hong-ngu"]
    assert rollup(real, "dong-thap-2025").figures.empty


def test_a_changed_figure_changes_the_roll_up_of_the_same_registry(workbook):
    # what a roll-up reads of a workbook is prepared once per workbook and figures: another
    # workbook, or other figures put in place of the first ones, are read again
    before = _row(rollup(workbook, "huyen-dong").figures, "ho_so_truc_tuyen", "2023")
    figures = workbook.figures.copy()
    mine = (figures["locality_id"] == "xa-mot") & (figures["indicator_id"] == "ho_so_truc_tuyen")
    figures.loc[mine & (figures["period"] == "2023"), "numerator"] = 1
    changed = dataclasses.replace(workbook, figures=figures)
    after = _row(rollup(changed, "huyen-dong").figures, "ho_so_truc_tuyen", "2023")
    assert after["numerator"] == before["numerator"] - 40 + 1
    assert 1 in set(changed.figures_of("xa-mot")["numerator"]) - set(workbook.figures_of("xa-mot")["numerator"])
    # the same workbook object given other figures
    copy = dataclasses.replace(workbook)
    assert _row(rollup(copy, "huyen-dong").figures, "ho_so_truc_tuyen", "2023")["numerator"] == before["numerator"]
    copy.figures = figures
    assert _row(rollup(copy, "huyen-dong").figures, "ho_so_truc_tuyen", "2023")["numerator"] == after["numerator"]
    assert (
        copy.figures_of("xa-mot")["numerator"].tolist()
        == figures.loc[figures["locality_id"] == "xa-mot", "numerator"].tolist()
    )
    assert copy.limited_to(["xa-mot"]).figures["numerator"].tolist() == copy.figures_of("xa-mot")["numerator"].tolist()


def test_a_missing_numerator_or_denominator_is_added_as_nan():
    from helpers.compute import as_float

    assert [as_float(v) for v in (3, 2.5, pd.array([7], dtype="Int64")[0])] == [3.0, 2.5, 7.0]
    assert all(pd.isna(as_float(v)) and isinstance(as_float(v), float) for v in (pd.NA, None, float("nan")))
