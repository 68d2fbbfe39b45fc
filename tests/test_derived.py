"""What is worked out once from a workbook's frames (Workbook.derived) follows the frames an analyst
puts in their place: a registry, catalogue or targets replaced in a notebook session is what the
next look-up, roll-up or ranking reads. Over the constructed hierarchy (tests/fixtures/hierarchy)."""

import copy
import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from helpers.export import results
from helpers.load import load_workbook, load_workbook_once
from helpers.progress import series_figures
from helpers.rollup import rollup
from helpers.standing import ranked
from helpers.targets import resolve_targets

HIERARCHY = Path(__file__).parent / "fixtures" / "hierarchy"


@pytest.fixture(scope="module")
def loaded():
    return load_workbook(HIERARCHY)


@pytest.fixture
def workbook(loaded):
    # the same frames in a workbook of its own: a test replaces frames, never changes them in place
    return dataclasses.replace(loaded)


def _moved(localities: pd.DataFrame, unit_id: str, parent_id: str) -> pd.DataFrame:
    moved = localities.copy()
    moved.loc[unit_id, "parent_id"] = parent_id
    return moved


def test_children_and_ancestors_follow_a_replaced_registry(workbook):
    assert workbook.children("huyen-dong") == ["xa-mot", "xa-hai"]
    assert workbook.ancestors("xa-hai") == ["huyen-dong", "tinh-cu"]
    workbook.localities = _moved(workbook.localities, "xa-hai", "huyen-tay")
    assert workbook.children("huyen-dong") == ["xa-mot"]
    assert workbook.children("huyen-tay") == ["xa-hai"]
    assert workbook.ancestors("xa-hai") == ["huyen-tay", "tinh-cu"]


def test_a_view_keeps_the_registry_s_tree_but_not_the_figures_rows(workbook):
    assert workbook.children("huyen-dong") == ["xa-mot", "xa-hai"]
    workbook.localities = _moved(workbook.localities, "xa-hai", "huyen-tay")
    view = workbook.limited_to(["xa-mot"])
    assert view.children("huyen-dong") == ["xa-mot"]  # the registry now in the workbook
    assert list(view.figures_of("xa-mot")["period"]) == ["2023", "2022"]
    assert view.figures_of("xa-hai").empty  # the view's own figures, not the whole workbook's


def test_a_roll_up_follows_a_replaced_registry(workbook):
    before = rollup(workbook, "huyen-dong").figures
    assert set(before.loc[before["period"] == "2023", "units"].iloc[0]) == {"xa-mot", "xa-hai"}
    workbook.localities = _moved(workbook.localities, "xa-hai", "huyen-tay")
    after = rollup(workbook, "huyen-dong").figures
    assert list(after.loc[after["period"] == "2023", "units"].iloc[0]) == ["xa-mot"]


def test_a_roll_up_follows_a_replaced_catalogue(workbook):
    assert "ho_so_truc_tuyen" in set(rollup(workbook, "tinh-cu").figures["indicator_id"])
    indicators = workbook.indicators.copy()
    indicators.loc["ho_so_truc_tuyen", "unit"] = "count"  # counts are not rolled up
    workbook.indicators = indicators
    assert "ho_so_truc_tuyen" not in set(rollup(workbook, "tinh-cu").figures["indicator_id"])


def _raised(targets: pd.DataFrame) -> pd.DataFrame:
    raised = targets.copy()
    raised.loc[raised["locality_id"] == "tinh-cu", "value"] = 99.0
    return raised


def test_ranks_follow_replaced_targets(workbook):
    before = ranked(workbook, None)
    assert "met" in set(before.loc[before["locality_id"] == "huyen-tay", "status"])
    workbook.targets = _raised(workbook.targets)
    after = ranked(workbook, None)
    pd.testing.assert_frame_equal(after, results(workbook))
    assert "met" not in set(after.loc[after["locality_id"] == "huyen-tay", "status"])


def test_targets_resolved_follow_replaced_targets(workbook):
    figures = workbook.figures_of("huyen-tay")
    assert 60 in set(resolve_targets(workbook, figures)["target_value"])
    workbook.targets = _raised(workbook.targets)
    assert 60 not in set(resolve_targets(workbook, figures)["target_value"])


def test_a_copy_and_its_original_each_get_what_is_made_of_their_own_frames(workbook):
    # copy.copy shares the store of what was derived: each value is used only with its own frames
    figures = workbook.figures_of("huyen-tay")
    variant = copy.copy(workbook)
    variant.targets = _raised(workbook.targets)
    assert 60 not in set(resolve_targets(variant, figures)["target_value"])
    assert 60 in set(resolve_targets(workbook, figures)["target_value"])
    assert 60 not in set(resolve_targets(variant, figures)["target_value"])
    assert "met" in set(ranked(workbook, None).query("locality_id == 'huyen-tay'")["status"])
    assert "met" not in set(ranked(variant, None).query("locality_id == 'huyen-tay'")["status"])


def test_a_roll_up_of_an_unknown_unit_fails_whatever_was_rolled_up_before(workbook):
    with pytest.raises(KeyError):
        rollup(workbook, "khong-co")
    rollup(workbook, "xa-mot")  # a commune: the empty roll-up every commune shares
    with pytest.raises(KeyError):
        rollup(workbook, "khong-co")


def test_a_series_follows_a_replaced_catalogue(workbook):
    assert set(series_figures(workbook, "xa-mot")["direction"]) == {"higher"}
    indicators = workbook.indicators.copy()
    indicators["direction"] = "lower"
    workbook.indicators = indicators
    assert set(series_figures(workbook, "xa-mot")["direction"]) == {"lower"}


def test_only_a_workbook_s_frames_can_be_read_by_what_it_derives(workbook):
    with pytest.raises(ValueError, match="not a frame of a workbook: figurs"):
        workbook.derived("typo", ("figurs",), dict)


def test_a_view_shares_what_is_made_of_the_frames_it_shares(workbook):
    view = workbook.limited_to(["xa-mot"])
    assert view.children("huyen-dong") is workbook.children("huyen-dong")  # made once, for every report
    workbook.localities = _moved(workbook.localities, "xa-hai", "huyen-tay")
    assert workbook.children("huyen-dong") == ["xa-mot"]
    assert view.children("huyen-dong") == ["xa-mot", "xa-hai"]  # the view keeps the registry it was made with
    assert workbook.limited_to(["xa-mot"]).children("huyen-dong") == ["xa-mot"]


def test_a_workbook_whose_frames_a_notebook_replaced_is_not_handed_to_the_next_report():
    first = load_workbook_once(HIERARCHY)
    assert load_workbook_once(HIERARCHY) is first  # report after report from one load
    first.targets = first.targets.iloc[0:0]  # a cell of the analyst's copy of a notebook
    again = load_workbook_once(HIERARCHY)
    assert again is not first and len(again.targets) == 3
