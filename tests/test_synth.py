"""Synthetic national-scale data: deterministic, valid, and never written into data/."""

import pytest

from helpers import config
from helpers.load import load_workbook
from helpers.quality import findings
from helpers.synth import SynthError, synthesize


def test_same_seed_same_files_and_the_data_validates(tmp_path):
    first = synthesize(40, seed=7, out=tmp_path / "a")
    second = synthesize(40, seed=7, out=tmp_path / "b")
    other = synthesize(40, seed=8, out=tmp_path / "c")
    for name in ("localities.csv", "figures.csv", "targets.csv", "sources.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / "figures.csv").read_bytes() != (other / "figures.csv").read_bytes()
    workbook = load_workbook(first)
    communes = workbook.localities[workbook.localities["level"] == "commune"]
    provinces = workbook.localities[workbook.localities["level"] == "province"]
    assert len(communes) == 40 and len(provinces) == 34
    assert communes["admin_code"].str.fullmatch(r"\d{5}").all()
    assert provinces["admin_code"].str.fullmatch(r"\d{2}").all()
    assert not findings(workbook, severities=("error",))


def test_refuses_the_project_data_folder_saying_why_in_either_language():
    real = config.PROJECT_ROOT / "data"
    with pytest.raises(SynthError, match="thư mục dữ liệu thật"):
        synthesize(5, seed=1, out=real)
    with pytest.raises(SynthError, match="is a real data folder"):
        synthesize(5, seed=1, out=real, lang="en")


def test_registry_mode_writes_figures_for_the_real_current_units(tmp_path, committed):
    real = committed
    out = synthesize(None, seed=3, out=tmp_path / "cao-bang", registry=True, province="cao-bang")
    assert (out / "localities.csv").read_bytes() == (config.PROJECT_ROOT / "data" / "localities.csv").read_bytes()
    workbook = load_workbook(out)
    communes = real.localities[
        (real.localities["parent_id"] == "cao-bang")
        & real.localities["valid_to"].isna()
        & (real.localities["level"] == "commune")
    ]
    assert len(communes) > 20
    assert set(workbook.figures["locality_id"]) == set(communes.index)
    assert not findings(workbook, severities=("error",))
    first = synthesize(5, seed=3, out=tmp_path / "first", registry=True)
    reported = list(dict.fromkeys(load_workbook(first).figures["locality_id"]))
    # the first five units in the registry's order: Hà Nội, then its first four communes
    assert reported == list(real.localities.index[real.localities["parent_id"].eq("ha-noi").fillna(False)])[:4]
    with pytest.raises(SynthError, match="'hong-ngu' is not a current province"):
        synthesize(None, seed=3, out=tmp_path / "x", registry=True, province="hong-ngu", lang="en")
