"""`cds export`: the tidy table, and former provinces' figures ranked on the map of 2025-07-01."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.cli import main
from helpers.load import load_workbook
from helpers.remap import on_map

ROOT = Path(__file__).resolve().parent.parent

# Constructed 2024 DTI values of the 63 former provinces: 0.50 unless listed here.
VALUES = {
    "ha-noi": 0.90,  # unchanged                            -> 0.90, 1st
    "ho-chi-minh": 0.84,
    "binh-duong": 0.80,
    "ba-ria-vung-tau": 0.82,  # -> (0.84+0.80+0.82)/3 = 0.82, 2nd
    "hai-phong": 0.82,
    "hai-duong": 0.74,  # -> (0.82+0.74)/2 = 0.78, 3rd (tied)
    "da-nang": 0.86,
    "quang-nam": 0.70,  # -> (0.86+0.70)/2 = 0.78, 3rd (tied)
    "cao-bang": 0.60,  # unchanged                           -> 0.60, 5th
    "lao-cai": 0.70,
    "yen-bai": 0.30,  # -> (0.70+0.30)/2 = 0.50: not Lào Cai's own 0.70
    "can-tho": 0.70,
    "hau-giang": 0.40,
    "soc-trang": 0.40,  # -> 0.50
    "dien-bien": 0.30,  # unchanged                          -> 0.30, 34th
}
# Every other new province is the mean of former provinces at 0.50, so 0.50: 28 provinces tie
# for 6th (34 - the 5 above them - Điện Biên), and Điện Biên is 34th.
EXPECTED = {
    "ha-noi": (0.90, 1),
    "ho-chi-minh-2025": (0.82, 2),
    "hai-phong-2025": (0.78, 3),
    "da-nang-2025": (0.78, 3),
    "cao-bang": (0.60, 5),
    "lao-cai-2025": (0.50, 6),
    "can-tho-2025": (0.50, 6),
    "dong-thap-2025": (0.50, 6),
    "dien-bien": (0.30, 34),
}


@pytest.fixture(scope="module")
def constructed_figures(committed) -> str:
    """figures.csv with only the constructed 2024 DTI figures of the 63 former provinces."""
    units = committed.localities
    former = units[(units["level"] == "province") & (units["valid_from"].isna())]
    assert len(former) == 63
    lines = ["locality_id,indicator_id,period,numerator,denominator,value,qualifier,source_id,locator,note"]
    lines += [f"{unit_id},dti,2024,,,{VALUES.get(unit_id, 0.50)},,qd-749,¶1,constructed" for unit_id in former.index]
    return "\n".join(lines) + "\n"


@pytest.fixture
def national(tmp_path: Path, constructed_figures: str) -> Path:
    """The project's registry and catalogue with only the constructed 2024 DTI figures."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "figures.csv").write_text(constructed_figures, encoding="utf-8")
    (data / "targets.csv").write_text(
        "indicator_id,locality_id,year,value,comparison,source_id,locator,note\n", encoding="utf-8"
    )
    return data


def test_the_34_provinces_ranked_as_the_mean_of_their_former_provinces(national, tmp_path):
    out = tmp_path / "dti.csv"
    assert (
        main(
            ["export", "--out", str(out), "--units-as-of", "2025-07-01", "--level", "province", "--data", str(national)]
        )
        == 0
    )
    table = pd.read_csv(out, dtype={"admin_code": str})
    assert len(table) == 34 and set(table["level"]) == {"province"}
    assert (table["rank_total"] == 34).all()
    by_id = table.set_index("locality_id")
    for unit_id, (result, rank) in EXPECTED.items():
        assert by_id.at[unit_id, "result"] == pytest.approx(result), unit_id
        assert by_id.at[unit_id, "rank"] == rank, unit_id
    assert (table["rank"] == 6).sum() == 28
    assert set(by_id.at["ho-chi-minh-2025", "rolled_up_from"].split(";")) == {
        "ho-chi-minh",
        "binh-duong",
        "ba-ria-vung-tau",
    }
    assert by_id.at["can-tho-2025", "admin_code"] == "92"
    assert pd.isna(by_id.at["ha-noi", "rolled_up_from"])  # its own figure


def test_without_a_map_each_former_province_keeps_its_own_figure_and_rank(national, tmp_path):
    out = tmp_path / "own.xlsx"
    assert main(["export", "--out", str(out), "--data", str(national)]) == 0
    table = pd.read_excel(out).set_index("locality_id")
    assert len(table) == 63 and (table["rank_total"] == 63).all()
    assert table.at["ha-noi", "rank"] == 1 and table.at["dien-bien", "rank"] == 62  # ties Yên Bái
    assert table.at["yen-bai", "rank"] == 62


def test_a_missing_former_province_makes_its_successor_unranked(national):
    figures = national / "figures.csv"
    lines = [line for line in figures.read_text(encoding="utf-8").splitlines() if not line.startswith("hau-giang,")]
    figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = on_map(load_workbook(national), "2025-07-01").set_index("locality_id")
    assert table.at["can-tho-2025", "missing_parts"] == ["hau-giang"]
    assert not table.at["can-tho-2025", "complete"]
    assert table.at["can-tho-2025", "result"] == pytest.approx(0.55)  # (0.70 + 0.40) / 2


def test_rates_are_carried_as_sums_of_fractions(national):
    figures = national / "figures.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8")
        + "hai-phong,ho_so_truc_tuyen,2024,30,100,,,qd-749,¶1,\n"
        + "hai-duong,ho_so_truc_tuyen,2024,90,300,,,qd-749,¶1,\n",
        encoding="utf-8",
    )
    table = on_map(load_workbook(national), "2025-07-01")
    row = table[(table["locality_id"] == "hai-phong-2025") & (table["indicator_id"] == "ho_so_truc_tuyen")].iloc[0]
    assert (row["numerator"], row["denominator"]) == (120, 400)
    assert row["result"] == pytest.approx(30.0)  # 120/400, not the mean of 30% and 30%


def test_export_refuses_an_unknown_format(tmp_path):
    with pytest.raises(SystemExit) as caught:
        main(["export", "--out", str(tmp_path / "x.json")])
    assert caught.value.code == 2
    assert not (tmp_path / "x.json").exists()


def test_every_period_is_exported_not_only_the_latest(national, tmp_path):
    figures = national / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "ha-noi,dti,2023,,,0.85,,qd-749,¶1,\n", encoding="utf-8")
    out = tmp_path / "hanoi.csv"
    assert main(["export", "--out", str(out), "--indicator", "dti", "--data", str(national)]) == 0
    table = pd.read_csv(out, dtype={"period": str})
    hanoi = table[table["locality_id"] == "ha-noi"]
    assert hanoi["period"].tolist() == ["2023", "2024"]
    assert hanoi["rank_total"].tolist() == [1, 63]  # alone in 2023


def test_standing_gives_the_trend_and_the_parts_of_a_merged_province(national):
    from helpers.standing import parts, standing

    figures = national / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "lao-cai,dti,2023,,,0.60,,qd-749,¶1,\n", encoding="utf-8")
    workbook = load_workbook(national)
    mine = standing(workbook, "lao-cai-2025")
    assert mine["period"].tolist() == ["2023", "2024"]
    assert mine["result"].tolist() == pytest.approx([0.60, 0.50])
    assert pd.isna(mine["rank"][0]) and mine["rank"][1] == 6  # 2023: Yên Bái has no figure
    shown = parts(workbook, "lao-cai-2025")
    rows = shown[shown["period"] == "2024"].set_index("part_id")
    assert rows["part_result"].to_dict() == pytest.approx({"lao-cai": 0.70, "yen-bai": 0.30})
    assert shown[(shown["period"] == "2023") & shown["missing"]]["part_id"].tolist() == ["yen-bai"]
