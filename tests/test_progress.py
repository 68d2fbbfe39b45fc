"""The progress method on constructed series whose answers are worked out by hand."""

from datetime import date

import pytest

from helpers.load import load_workbook
from helpers.progress import (
    ACCELERATION_NEEDED,
    DETERIORATION,
    LIMITED_PROGRESS,
    NO_TARGET,
    ON_TRACK,
    TARGET_ACHIEVED,
    classify,
    locality_progress,
    progress_status,
)

END_2021, END_2023 = date(2021, 12, 31), date(2023, 12, 31)


def _higher(latest: float, target: float = 80, first: float = 20, qualifier: str = ""):
    # 2021 → 2023 is two years; the 2025 target leaves four years from the first figure.
    return progress_status(
        first,
        END_2021,
        latest,
        END_2023,
        direction="higher",
        target=target,
        comparison=">=",
        target_year=2025,
        qualifier=qualifier,
    )


def test_doubling_in_two_years_is_on_track_for_quadrupling_in_four():
    result = _higher(40)
    assert result.status == ON_TRACK
    assert result.achieved == pytest.approx(2**0.5 - 1, abs=1e-3)
    assert result.needed == pytest.approx(4**0.25 - 1, abs=1e-3)
    assert result.ratio == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    # achieved (latest/20) ** (1/2) - 1 against needed 4 ** (1/4) - 1 = 0.4142
    [
        (30, ACCELERATION_NEEDED, (1.5**0.5 - 1) / 0.41421),
        (22, LIMITED_PROGRESS, (1.1**0.5 - 1) / 0.41421),
        (18, DETERIORATION, (0.9**0.5 - 1) / 0.41421),
    ],
)
def test_slower_growth_falls_in_the_lower_bands(latest, status, ratio):
    result = _higher(latest)
    assert result.status == status
    assert result.ratio == pytest.approx(ratio, abs=0.01)


def test_a_latest_figure_that_meets_the_target_is_achieved_whatever_the_pace():
    assert _higher(85).status == TARGET_ACHIEVED
    assert _higher(85, first=90).status == TARGET_ACHIEVED  # even after a fall
    # "trên 85%" meets "> 85%"
    strict = progress_status(
        20, END_2021, 85, END_2023, direction="higher", target=85, comparison=">", target_year=2025, qualifier=">"
    )
    assert strict.status == TARGET_ACHIEVED


def test_lower_is_better_counts_a_fall_as_progress():
    # overdue rate 10% → 8% in two years; ≤ 5% needed by 2025 (halving in four years)
    result = progress_status(10, END_2021, 8, END_2023, direction="lower", target=5, comparison="<=", target_year=2025)
    assert result.achieved == pytest.approx(1 - 0.8**0.5, abs=1e-3)
    assert result.needed == pytest.approx(1 - 0.5**0.25, abs=1e-3)
    assert result.status == ACCELERATION_NEEDED
    rising = progress_status(10, END_2021, 12, END_2023, direction="lower", target=5, comparison="<=", target_year=2025)
    assert rising.status == DETERIORATION


def test_falling_back_below_a_target_already_met_is_deterioration():
    assert _higher(75, first=85).status == DETERIORATION
    level = progress_status(80, END_2021, 80, END_2023, direction="higher", target=80, comparison=">", target_year=2025)
    assert level.status == LIMITED_PROGRESS


def test_a_series_starting_at_zero_uses_change_per_year():
    # 0 → 20 in two years is 10 a year; 60 by the end of 2025 needs 15 a year
    result = progress_status(
        0, END_2021, 20, END_2023, direction="higher", target=60, comparison=">=", target_year=2025
    )
    assert result.method == "linear"
    assert result.achieved == pytest.approx(10, abs=0.02)
    assert result.needed == pytest.approx(15, abs=0.01)
    assert result.status == ACCELERATION_NEEDED


def test_without_target_only_growth_is_reported():
    result = progress_status(20, END_2021, 40, END_2023, direction="higher")
    assert result.status == NO_TARGET
    assert result.achieved == pytest.approx(2**0.5 - 1, abs=1e-3)
    assert result.ratio is None


def test_two_figures_at_the_same_date_are_not_a_series():
    with pytest.raises(ValueError):
        progress_status(20, END_2023, 40, END_2023, direction="higher")


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (2.0, ON_TRACK),
        (0.95, ON_TRACK),
        (0.9499, ACCELERATION_NEEDED),
        (0.5, ACCELERATION_NEEDED),
        (0.4999, LIMITED_PROGRESS),
        (0.0, LIMITED_PROGRESS),
        (-0.01, DETERIORATION),
    ],
)
def test_thresholds(ratio, status):
    assert classify(ratio) == status


def _append(data_dir, lines: str) -> None:
    with open(data_dir / "figures.csv", "a", encoding="utf-8") as stream:
        stream.write(lines)


def test_fixture_series_with_target_met_at_the_latest_figure(minimal_dir):
    table = locality_progress(load_workbook(minimal_dir), "huyen-b")
    # 2022-M6 52/74 then 2023 9475/15684 = 60,41% against the province's 60% for 2023
    assert list(table["indicator_id"]) == ["ho_so_truc_tuyen"]
    row = table.iloc[0]
    assert (row["points"], row["first_period"], row["latest_period"]) == (2, "2022-M6", "2023")
    assert (row["target_scope_id"], row["target_year"], row["target_value"]) == ("tinh-a", 2023, 60)
    assert row["status"] == TARGET_ACHIEVED


def test_rates_from_data_files_are_judged_against_the_latest_target(minimal_dir):
    _append(minimal_dir, "huyen-c,ho_gia_dinh_bang_rong,2020,200,1000,,,bai-b,¶11,\n")
    row = (
        locality_progress(load_workbook(minimal_dir), "huyen-c").set_index("indicator_id").loc["ho_gia_dinh_bang_rong"]
    )
    # 20% (2020) → 45,05% (2022): 2 years; > 80% national target due end of 2025: 5 years
    assert row["achieved"] == pytest.approx((7815 / 17347 * 100 / 20) ** (1 / 1.9986) - 1, abs=1e-3)
    assert row["needed"] == pytest.approx(4 ** (1 / 4.9993) - 1, abs=1e-3)
    assert row["status"] == ON_TRACK


def test_counts_only_compare_periods_of_the_same_length(minimal_dir):
    _append(minimal_dir, "huyen-b,ho_so_tiep_nhan,2022-M6,,,9000,,bai-b,¶3,\n")
    workbook = load_workbook(minimal_dir)
    assert "ho_so_tiep_nhan" not in set(locality_progress(workbook, "huyen-b")["indicator_id"])
    _append(minimal_dir, "huyen-b,ho_so_tiep_nhan,2022,,,12000,,bai-b,¶4,\n")
    row = locality_progress(load_workbook(minimal_dir), "huyen-b").set_index("indicator_id").loc["ho_so_tiep_nhan"]
    assert (row["points"], row["first_period"], row["first"]) == (2, "2022", 12000)
    assert row["status"] == NO_TARGET


def test_a_period_to_date_is_left_out(minimal_dir):
    _append(minimal_dir, "huyen-c,ho_so_truc_tuyen,2021-01-01/..,10,100,,,bai-b,¶12,\n")
    assert locality_progress(load_workbook(minimal_dir), "huyen-c").empty
