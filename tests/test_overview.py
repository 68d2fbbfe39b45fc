"""The comparison across localities: what is ranked, what is left out, and the notebook."""

import re
from pathlib import Path

import pytest

from helpers.reports.overview import OverviewReport, comparison_key

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "overview.ipynb"


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def overview(committed):
    return OverviewReport(committed, "vi")


def test_only_full_years_or_months_from_january_are_comparable():
    assert comparison_key("2023") == (2023, 12)
    assert comparison_key("2022-M6") == (2022, 6)
    assert comparison_key("2022-01-01/..") is None
    assert comparison_key("2021-07-01/2022-03-31") is None


def test_localities_are_ranked_only_against_alike_figures(overview):
    groups = {g["indicator_id"].iloc[0]: g for g in overview.ranking_groups()}
    # Trùng Khánh (51,3%) and Triệu Sơn (85%) both report digitised dossiers for 2023
    digitised = groups["so_hoa_ho_so"]
    assert list(digitised["locality_id"]) == ["trieu-son", "trung-khanh"]
    assert list(digitised["rank"]) == [1, 2]
    for group in groups.values():
        assert group["key"].nunique() == 1 and len(group) >= 2
        assert (group["qualifier"] == "").all()
    # Cần Thơ's four months of 2024 are alike with no one else's
    assert not any(((g["locality_id"] == "can-tho") & (g["period"] == "2024-M4")).any() for g in groups.values())
    # the QĐ 766 scores of 2024 rank the 34 provinces the national table names, apart from
    # the districts
    assert len(groups["chi_so_766"]) == 34


def test_ties_share_a_rank(overview):
    computers = next(g for g in overview.ranking_groups() if g["indicator_id"].iloc[0] == "cbccvc_co_may_tinh")
    assert list(computers["rank"]) == [1, 1]


def test_everything_not_ranked_is_listed_with_a_reason(overview):
    left = overview.left_out()
    ranked = {(i, r) for g in overview.ranking_groups() for i, r in zip(g["locality_id"], g["indicator_id"])}
    for _, row in overview.table.iterrows():
        key = (row["locality_id"], row["indicator_id"])
        assert key in ranked or key in set(zip(left["locality_id"], left["indicator_id"]))
    reasons = dict(zip(zip(left["locality_id"], left["indicator_id"]), left["reason"]))
    assert reasons[("song-ma", "van_ban_ky_so")] == "open_period"
    assert reasons[("trung-khanh", "hai_long_tthc")] == "qualified"  # "tối thiểu 90%"
    assert reasons[("can-tho", "ho_so_truc_tuyen")] == "alone"


def test_heatmap_shows_margins_in_the_good_direction_for_all_five_localities(overview):
    margins, statuses = overview.heatmap_frames()
    assert list(margins.columns) == ["trung-khanh", "song-ma", "trieu-son", "hong-ngu", "can-tho"]
    # Hồng Ngự: 52/74 = 70,27% against 80%
    assert margins.at["dvctt_co_ho_so", "hong-ngu"] == pytest.approx(52 / 74 * 100 - 80)
    assert statuses.at["dvctt_co_ho_so", "hong-ngu"] == "not_met"
    assert (margins.notna() == statuses.notna()).all().all()


def test_pillar_counts_name_every_locality(overview):
    counts = overview.pillar_counts()
    for name in ("Trùng Khánh", "Sông Mã", "Triệu Sơn", "Hồng Ngự", "Cần Thơ"):
        assert name in counts
    # Trùng Khánh: of its 17 targets, 2 met and 2 missed in 2023, 2 not due until 2025, and 11
    # results only repeat the plan of the same article
    row = re.search(r"<td>Trùng Khánh</td>(.*?)</tr>", counts).group(1)
    assert re.findall(r'class="num">([^<]*)<', row)[-3:] == ["2/4", "2", "11"]


@pytest.mark.e2e
def test_the_notebook_runs_on_the_committed_data(tmp_path):
    import nbformat  # only the notebook test needs them
    import papermill

    out = tmp_path / "overview.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"lang": "en"},
        kernel_name="cds",
        progress_bar=False,
        cwd=str(NOTEBOOK.parent),
    )
    cells = nbformat.read(out, as_version=4).cells
    outputs = [o for c in cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] in ("error", "stream")]
    html = "".join(o["data"].get("text/html", "") for o in outputs if "data" in o)
    assert "Comparison across localities" in html and "Rankings per indicator" in html
    assert 'src="data:image/svg+xml;base64,' in html  # the heatmap, drawn as vector
