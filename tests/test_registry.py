"""The official registry in data/localities.csv: every unit before and after 2025-07-01."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def workbook(committed):
    return committed


def in_force(localities: pd.DataFrame, day: str) -> pd.DataFrame:
    when = pd.Timestamp(day)
    starts = localities["valid_from"].isna() | (localities["valid_from"] <= when)
    ends = localities["valid_to"].isna() | (localities["valid_to"] >= when)
    return localities[starts & ends]


def test_today_34_provinces_and_3321_communes(workbook):
    today = in_force(workbook.localities, "2025-07-01")
    assert (today["level"] == "province").sum() == 34
    assert (today["level"] == "commune").sum() == 3321
    assert not (today["level"] == "district").any()
    communes = today[today["level"] == "commune"]
    assert communes["unit_type"].value_counts().to_dict() == {"xa": 2621, "phuong": 687, "dac_khu": 13}
    # every commune belongs to a province in force that day
    assert set(communes["parent_id"]) <= set(today.index[today["level"] == "province"])


def test_before_63_provinces_each_with_its_successor(workbook):
    before = in_force(workbook.localities, "2025-06-30")
    provinces = before[before["level"] == "province"]
    assert len(provinces) == 63
    today = set(in_force(workbook.localities, "2025-07-01").index)
    merged = provinces[provinces["valid_to"].notna()]
    assert len(merged) == 52
    for locality_id in merged.index:
        successors = workbook.successors(locality_id)
        assert len(successors) == 1 and successors[0] in today, locality_id
    assert workbook.successors("hai-duong") == ["hai-phong-2025"]
    assert workbook.successors("hau-giang") == ["can-tho-2025"]
    assert workbook.successors("cao-bang") == []


@pytest.mark.parametrize("day", ["2024-12-31", "2025-07-01"])
def test_codes_unique_among_units_in_force(workbook, day):
    codes = in_force(workbook.localities, day)["admin_code"].dropna()
    assert not codes.duplicated().any()


def test_existing_units_keep_their_ids_and_codes(workbook):
    localities = workbook.localities
    expected = {
        "cao-bang": "04",
        "trung-khanh": "047",
        "son-la": "14",
        "song-ma": "126",
        "thanh-hoa": "38",
        "trieu-son": "397",
        "dong-thap": "87",
        "dong-thap-2025": "82",
        "hong-ngu": "870",
        "can-tho": "92",
    }
    assert localities.loc[list(expected), "admin_code"].to_dict() == expected
    assert localities.at["trung-khanh", "parent_id"] == "cao-bang"
    assert str(localities.at["trung-khanh", "valid_to"].date()) == "2025-06-30"
    assert localities.at["cao-bang-trung-khanh", "admin_code"] == "01477"  # the commune of today (QĐ 19/2025)
    assert localities.at["hue", "other_names"] == "Thừa Thiên Huế"


def test_ids_are_ascii_slugs(workbook):
    ids = workbook.localities.index.to_series()
    assert ids.str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()
    assert ids["quang-ngai-son-ha-21289"] != ids["quang-ngai-son-ha-21292"]


def _tool():
    spec = importlib.util.spec_from_file_location("build_registry", ROOT / "tools" / "build_registry.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_registry_is_what_the_tool_makes_from_the_official_lists(tmp_path):
    assert REFERENCE.exists(), f"the official lists are expected beside the project in {REFERENCE}"
    tool = _tool()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)  # the registry is checked with the rest of data/ before it is written
    assert tool.main(["--reference", str(REFERENCE), "--data", str(data)]) == 0
    assert (data / "localities.csv").read_bytes() == (ROOT / "data" / "localities.csv").read_bytes()


def test_the_tool_writes_nothing_the_loader_refuses(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    registry = data / "localities.csv"
    # a former district is kept by the tool as it is; its day-first date is refused by the loader
    broken = registry.read_bytes() + "huyen-moi,Huyện Mới,district,cao-bang,999,huyen,,30/06/2025,,\n".encode()
    registry.write_bytes(broken)
    assert _tool().main(["--reference", str(REFERENCE), "--data", str(data)]) == 1
    assert registry.read_bytes() == broken
    said = capsys.readouterr().err
    assert "30/06/2025" in said
    assert "localities.csv not written" in said and "localities.csv, line " in said  # one language: the tool's
    assert "dòng" not in said
