"""Indicators that are scores (index 0–1, points), their roll-up method, and ranks within a level."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.formatting import format_comparison, format_gap, format_value
from helpers.load import DataError, load_workbook
from helpers.ranks import add_ranks, format_rank

SCORES = "dti,tong_hop,Chỉ số DTI,DTI,index,,,higher\ndiem,chinh_quyen_so,Điểm 766,766 score,points,,,higher\n"


def _add(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _issues(folder: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_workbook(folder)
    return caught.value.issues


@pytest.mark.parametrize(
    "lang, index, points, gap",
    [
        ("vi", "0,7857", "65,06 điểm", "−0,0123"),
        ("en", "0.7857", "65.06 points", "−0.0123"),
    ],
)
def test_scores_are_shown_in_their_own_format(lang, index, points, gap):
    assert format_value(0.78571, "index", lang) == index
    assert format_value(65.06, "points", lang) == points
    assert format_value(0.5, "index", lang) == index[:2] + "5000"  # as published: 0,5000
    assert format_value(70.9, "points", lang).startswith("70" + index[1] + "90 ")
    assert format_gap(-0.01234, "index", lang) == gap
    assert format_comparison(">=", 0.7, "index", lang) == "≥ " + index[:2] + "7000"


def test_scores_load_and_take_their_default_rollup(minimal_dir):
    _add(minimal_dir / "indicators.csv", SCORES)
    _add(minimal_dir / "figures.csv", "tinh-a,dti,2023,,,0.7857,,bai-b,¶1,\ntinh-a,diem,2023,,,65.06,,bai-b,¶1,\n")
    workbook = load_workbook(minimal_dir)
    rollup = workbook.indicators["rollup"]
    assert rollup[["ho_so_truc_tuyen", "ho_so_tiep_nhan", "dti", "diem"]].tolist() == [
        "sum_ratio",
        "sum",
        "mean",
        "mean",
    ]


def test_an_index_above_one_and_a_fraction_on_a_score_are_refused(minimal_dir):
    _add(minimal_dir / "indicators.csv", SCORES)
    _add(minimal_dir / "figures.csv", "tinh-a,dti,2023,,,78.57,,bai-b,¶1,\ntinh-a,diem,2023,65,100,,,bai-b,¶1,\n")
    found = {(i.code, i.line, i.column) for i in _issues(minimal_dir)}
    lines = len((minimal_dir / "figures.csv").read_text(encoding="utf-8").splitlines())
    assert found == {("index_over_1", lines - 1, "value"), ("fraction_not_percent", lines, "numerator")}


def test_a_rollup_the_unit_cannot_take_is_refused(minimal_dir):
    path = minimal_dir / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",rollup"
    lines[1] += ",mean"  # a rate may be averaged (as some indices are published)
    lines[2] += ",sum_ratio"  # a count has no fraction to sum
    lines[3:] = [line + "," for line in lines[3:]]  # empty: the unit's usual method
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    issues = _issues(minimal_dir)
    assert [(i.code, i.line, i.column, i.value) for i in issues] == [("rollup_unit", 3, "rollup", "sum_ratio")]
    assert "percent" in issues[0].format("en")


def test_ranks_honour_direction_share_ties_and_stay_within_a_level():
    table = pd.DataFrame(
        {
            "indicator_id": ["dti"] * 6 + ["cham"] * 2,
            "period": ["2024"] * 8,
            "level": ["province"] * 4 + ["commune"] * 2 + ["province"] * 2,
            "result": [0.61, 0.78, 0.78, 0.55, 0.9, 0.2, 3.0, 1.0],
            "direction": ["higher"] * 6 + ["lower"] * 2,
            "qualifier": ["", "", "", ">", "", "", "", ""],
        }
    )
    ranked = add_ranks(table)
    assert ranked["rank"].tolist() == [3, 1, 1, pd.NA, 1, 2, 2, 1]
    assert ranked["rank_total"].tolist() == [3, 3, 3, pd.NA, 2, 2, 2, 2]
    assert format_rank(ranked["rank"][0], ranked["rank_total"][0]) == "3/3"
    assert format_rank(ranked["rank"][3], ranked["rank_total"][3]) == "–"


def test_a_roll_up_marked_not_rankable_is_left_out_of_the_order():
    table = pd.DataFrame(
        {
            "indicator_id": ["dti"] * 3,
            "period": ["2024"] * 3,
            "level": ["province"] * 3,
            "result": [0.5, 0.9, 0.7],
            "direction": ["higher"] * 3,
            "rankable": [True, False, True],
        }
    )
    ranked = add_ranks(table)
    assert ranked["rank"].tolist() == [2, pd.NA, 1]
    assert ranked["rank_total"].tolist() == [2, pd.NA, 2]
