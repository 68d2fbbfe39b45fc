"""Verdicts that respect time, read from every report the notebook makes, in both languages.

Each report is the locality notebook's cells (not the analyst's `remove` cells) run in this
process with the report's parameters, so what is checked is what `cds render` shows.
"""

import ast
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import config
from helpers.compute import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, all_localities_table, locality_table
from helpers.load import load_workbook
from helpers.reports.locality import LocalityReport
from helpers.rollup import reporting_localities

HIERARCHY = Path(__file__).parent / "fixtures" / "hierarchy"
NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "locality_report.ipynb"
ROW = re.compile(
    r'<tr class="status-([a-z_]+)" data-period-year="(\d*)" data-target-year="(\d*)">'
    r"(.*?)</tr>",
    re.S,
)
WORDS = {
    "vi": {"not_met": "Chưa đạt", "not_due": "Chưa đến hạn"},
    "en": {"not_met": "Not met", "not_due": "Not yet due"},
}


def report_html(locality_id: str, lang: str) -> str:
    """The HTML of every section the notebook displays, in order."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    namespace = {"locality_id": locality_id, "period": "", "lang": lang, "data_dir": ""}
    shown = []
    for cell in cells:
        tags = cell["metadata"].get("tags", [])
        if cell["cell_type"] != "code" or config.ANALYST_TAG in tags or "parameters" in tags:
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "cell", "exec"), namespace)  # noqa: S102 - the project's own notebook
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "cell", "eval"), namespace)  # noqa: S307
            html = getattr(value, "_repr_html_", None)
            shown.append(str(html() if html is not None else value))
    return "\n".join(shown)


# Tests on `reports` run the notebook's cells for four units in both languages: end-to-end tier.
notebook_run = pytest.mark.e2e


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def reports():
    return {
        (locality_id, lang): report_html(locality_id, lang)
        for locality_id in ("trung-khanh", "hong-ngu", "cao-bang", "song-ma")
        for lang in config.LANGUAGES
    }


def _early_verdicts(pages: dict) -> dict[str, int]:
    """Check every row measured against a later year's target (page 1's table, the indicators'
    tables, what units add up to); return how many there were in each language."""
    early = dict.fromkeys(config.LANGUAGES, 0)
    for (locality_id, lang), page in pages.items():
        words = WORDS[lang]
        rows = ROW.findall(page)
        # every row with a status says the years it compares, so none escapes the check
        assert len(rows) == page.count('<tr class="status-'), locality_id
        for status, period_year, target_year, cells in rows:
            if not target_year or int(target_year) <= int(period_year):
                continue
            early[lang] += 1
            verdict = html.unescape(re.findall(r'<td class="status"[^>]*>(.*?)</td>', cells, re.S)[-1])
            where = f"{locality_id} ({lang}): {html.unescape(re.sub('<[^>]+>', ' ', cells))[:80]}"
            assert status != "not_met" and words["not_met"] not in verdict, where
            if status == "not_due":
                assert words["not_due"] in verdict and target_year in verdict, where
    return early


@notebook_run
def test_no_result_is_called_missed_before_its_target_s_year(reports):
    assert min(_early_verdicts(reports).values()) >= 4


def test_every_rendered_report_waits_for_the_target_s_year(rendered, articles_dir):
    """Every report `cds render --all` wrote, Vietnamese and English."""
    workbook = load_workbook(articles_dir)
    pages = {}
    for path in sorted((rendered / "reports").glob("*.html")):
        stem = path.name.removesuffix(".html")
        locality_id, _, lang = stem.partition(".")
        if locality_id in ("overview", "data_quality"):
            continue
        page = path.read_text(encoding="utf-8")
        # each file is its locality's report, in its language
        name = html.escape(workbook.locality(locality_id)["name"], quote=False)
        assert f'<h1 class="locality-name">{name}</h1>' in page, stem
        assert f'<html lang="{lang or "vi"}"' in page, stem
        pages[(locality_id, lang or "vi")] = page
    everyone = {(i, lang) for i in reporting_localities(workbook) for lang in config.LANGUAGES}
    assert set(pages) == everyone
    # Trùng Khánh's, Sông Mã's and Hồng Ngự's results against 2025 targets, in each language
    assert min(_early_verdicts(pages).values()) >= 5


@notebook_run
def test_not_yet_due_is_said_where_results_fall_short_of_a_later_target(reports):
    # Trùng Khánh's letters sent electronically: 99,83% in 2023 against 100% by 2025
    page = reports[("trung-khanh", "vi")]
    assert "Chưa đến hạn (hạn 2025)" in page
    assert re.search(
        r"Tỷ lệ văn bản đi gửi dưới dạng điện tử: 99,83% \(năm 2023\); chỉ tiêu "
        r"≥ 100% đến năm 2025, còn cách 0,17 điểm phần trăm",
        page,
    )
    # Hồng Ngự's signed documents "below 100%" in 2022 against 100% by 2025: no distance known
    english = reports[("hong-ngu", "en")]
    assert "Not yet due (due 2025)" in english
    assert "distance still to go not known" in english


@notebook_run
def test_headline_counts_use_the_statuses_that_respect_time(reports):
    page = reports[("trung-khanh", "vi")]
    assert (
        "17 chỉ số có chỉ tiêu: 2 đạt, 2 chưa đạt chỉ tiêu đã đến hạn, 2 chưa đến hạn, 11 chỉ nhắc lại chỉ tiêu"
    ) in page


def _with_target(tmp_path, year: int, value: int):
    data = tmp_path / "data"
    shutil.copytree(HIERARCHY, data)
    with (data / "targets.csv").open("a", encoding="utf-8") as targets:
        targets.write(f"ho_so_truc_tuyen,xa-mot,{year},{value},>=,qd-tw,¶9,\n")
    return load_workbook(data)


@pytest.mark.parametrize(("year", "value", "expected"), [(2025, 45, ON_TRACK), (2024, 100, BEHIND)])
def test_a_series_tells_on_track_from_behind(tmp_path, year, value, expected):
    # xa-mot: 25% (2022) → 40% (2023), +60% a year. 45% by 2025 needs +21,6% a year from 2022:
    # on track; 100% by 2024 needs +100% a year: behind.
    workbook = _with_target(tmp_path, year, value)
    row = locality_table(workbook, "xa-mot").set_index("indicator_id").loc["ho_so_truc_tuyen"]
    assert (row["period"], row["target_year"], row["status"]) == ("2023", year, expected)
    sentences = LocalityReport(workbook, "xa-mot", lang="en").pending_sentences()
    assert len(sentences) == 1
    assert ("on track for" if expected == ON_TRACK else "behind the path to") in sentences[0]
    # the overview and the index (every locality at once) say the same as the locality's report
    everyone = all_localities_table(workbook).set_index(["locality_id", "indicator_id"])
    assert everyone.loc[("xa-mot", "ho_so_truc_tuyen"), "status"] == expected
    assert set(everyone["status"]) - {expected} <= {MET, NOT_MET, NOT_DUE, NO_TARGET}
    from helpers.reports.index import write_index

    (tmp_path / "out" / "reports").mkdir(parents=True)
    (tmp_path / "out" / "reports" / "xa-mot.en.html").write_text("<p>report</p>", encoding="utf-8")
    index = _text(write_index(workbook, tmp_path / "out", "", "en").read_text(encoding="utf-8"))
    pace = "↗ 1 on track" if expected == ON_TRACK else "↘ 1 behind"
    assert f"of which {pace}" in index


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@notebook_run
def test_caveats_sit_next_to_their_figure(reports):
    page = reports[("song-ma", "vi")]
    # the row of the indicators' table (six cells), not page 1's headline row (four)
    row = next(cells for _, _, _, cells in ROW.findall(page) if "ký số" in cells and cells.count("<td") == 6)
    # the curator's note and the target's note, next to the figure; the undated source is marked
    # in the list of sources
    assert "Ghi chú: văn bản phát hành có ký số, tính từ 01/01/2022" in row
    assert "Về chỉ tiêu: văn bản giữa các cơ quan; trừ văn bản mật" in row
    assert "(không ghi ngày đăng)" in page
    assumed = next(
        cells
        for _, _, _, cells in ROW.findall(reports[("song-ma", "en")])
        if "computer" in cells and cells.count("<td") == 6
    )
    assert "tạm xếp vào kỳ 9 tháng 2022" in assumed and "chỉ nói về cán bộ Văn phòng" in assumed
    english = reports[("trung-khanh", "en")]
    restated = [cells for status, _, _, cells in ROW.findall(english) if status == "restates_target"]
    assert len(restated) == 11
    assert all("may only restate the target, so it is not counted as met" in c for c in restated)


@notebook_run
def test_a_province_report_says_who_reported_and_cites_their_sources(reports):
    page = _text(reports[("cao-bang", "vi")])
    assert "1/1 đơn vị trực thuộc (theo danh mục tại kỳ này) có số liệu: Trùng Khánh" in page
    assert "Trùng Khánh nỗ lực thực hiện chuyển đổi số" in page  # the article, in its sources
    # Trùng Khánh measures household broadband against its own plan, Cao Bằng the nation's
    assert "Báo cáo của Trùng Khánh so với > 70% đến năm 2025 (kế hoạch của địa phương)" in page
    english = _text(reports[("cao-bang", "en")])
    assert "1 of 1 units (in the registry for this period) reported: Trùng Khánh" in english


def test_a_unit_without_figures_to_show_gets_one_sentence_not_empty_headings(tmp_path):
    # Thanh Hóa without its own figures: Triệu Sơn's rates have no fractions to add up
    data = tmp_path / "data"
    shutil.copytree(config.data_dir(), data)
    figures = (data / "figures.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "figures.csv").write_text(
        "".join(line for line in figures if not line.startswith("thanh-hoa,")), encoding="utf-8"
    )
    report = LocalityReport(load_workbook(data), "thanh-hoa", lang="vi")
    page = _text(
        "".join([report.summary(), report.pillar_sections(), report.shortfalls(), report.progress(), report.units()])
    )
    assert "Thanh Hóa không có số liệu riêng, và số liệu của đơn vị trực thuộc (Triệu Sơn)" in page
    for heading in ("Tổng hợp từ các đơn vị", "Các chỉ số chưa đạt", "Tiến độ theo thời gian", "Chính quyền số"):
        assert heading not in page


@notebook_run
def test_leader_pages_show_no_internal_ids_and_explain_their_indicators(reports):
    for (locality_id, _lang), page in reports.items():
        text = _text(page)
        assert not re.search(r"\b(figures|targets|rules|localities|indicators)\.csv", text), locality_id
        assert "co_quan_qlvb" not in text and "ho_so_truc_tuyen" not in text, locality_id
    page = _text(reports[("hong-ngu", "en")])
    assert "Appendix: the indicators of this report" in page
    assert "Hồ sơ TTHC nộp trực tuyến (DVCTT một phần và toàn trình) / Hồ sơ TTHC tiếp nhận" in page


@notebook_run
def test_page_one_gives_the_key_message_first(reports):
    page = _text(reports[("trung-khanh", "en")])
    summary = page[page.index("Summary") : page.index("Where to look next")]
    assert "Targets met (2)" in summary
    assert (
        "Targets due and not met (2): Share of administrative-procedure dossiers submitted "
        "online 45.71% against ≥ 60%, 14.29 percentage points short"
    ) in summary
    assert "Targets not yet due (2)" in summary and "only restate the target written in the same source" in summary
    assert "so not counted as met: 11." in summary


def test_the_index_is_in_both_languages_grouped_by_province_with_every_count(tmp_path, committed):
    from helpers.reports.index import write_index

    reports = tmp_path / "reports"
    reports.mkdir()
    for stem in ("trung-khanh", "trung-khanh.en", "cao-bang", "cao-bang.en", "hong-ngu", "hong-ngu.en"):
        (reports / f"{stem}.html").write_text("<p>report</p>", encoding="utf-8")
    assert write_index(committed, tmp_path, "", "vi") == tmp_path / "index.html"
    vietnamese = (tmp_path / "index.html").read_text(encoding="utf-8")
    english = (tmp_path / "index.en.html").read_text(encoding="utf-8")
    assert 'href="index.en.html"' in vietnamese and 'href="index.html"' in english
    text = _text(english)
    # Cao Bằng's group: the province (rolled up from Trùng Khánh), then the district
    assert re.search(r"Cao Bằng Cao Bằng Province .*? Trùng Khánh District 2023 .*? 2 2 2 11 21", text)
    assert "Đồng Tháp Hồng Ngự District first 6 months of 2022" in text
    assert "No target" in text and "Không có chỉ tiêu" in _text(vietnamese)


def test_the_index_dates_each_unit_by_its_newest_report_as_each_language_writes_dates(tmp_path, committed):
    import os
    from datetime import datetime

    from helpers.reports.index import write_index

    reports = tmp_path / "reports"
    reports.mkdir()
    # the Vietnamese report from the last evening of a year, the English one from the next morning
    for stem, moment in (("hong-ngu", datetime(2025, 12, 31, 23, 0)), ("hong-ngu.en", datetime(2026, 1, 1, 9, 30))):
        path = reports / f"{stem}.html"
        path.write_text("<p>report</p>", encoding="utf-8")
        os.utime(path, (moment.timestamp(), moment.timestamp()))
    write_index(committed, tmp_path, "", "vi")
    vietnamese = _text((tmp_path / "index.html").read_text(encoding="utf-8"))
    english = _text((tmp_path / "index.en.html").read_text(encoding="utf-8"))
    assert "01/01/2026 09:30" in vietnamese and "31/12/2025" not in vietnamese
    assert "2026-01-01 09:30" in english and "01/01/2026" not in english
    assert re.search(r"Lập lúc: \d\d/\d\d/\d{4} \d\d:\d\d ", vietnamese)
    assert re.search(r"Made at: \d{4}-\d\d-\d\d \d\d:\d\d ", english)


@notebook_run
def test_a_province_s_first_page_also_tells_what_its_units_add_up_to(reports):
    # Cao Bằng's own figure (the QĐ 766 score) has no target; Trùng Khánh's rates do
    page = _text(reports[("cao-bang", "vi")])
    summary = page[page.index("Tóm tắt") : page.index("Xem tiếp")]
    assert "Số liệu cộng dồn từ 1/1 đơn vị trực thuộc có số liệu (Trùng Khánh), năm 2023" in summary
    assert "Chưa đạt 2 chỉ tiêu đã đến hạn" in summary and "2 chỉ tiêu chưa đến hạn" in summary


@pytest.fixture(scope="module")
def cao_bang_page_one(committed):
    """Page 1 of Cao Bằng's report (its own 2024 score, Trùng Khánh's 2023 rates), as text."""
    workbook = committed
    return {lang: _text(str(LocalityReport(workbook, "cao-bang", lang=lang).summary())) for lang in config.LANGUAGES}


def test_page_one_counts_agree_and_say_whose_figures_they_count(cao_bang_page_one):
    vi, en = cao_bang_page_one["vi"], cao_bang_page_one["en"]
    own, units = vi.index("Số liệu riêng của Cao Bằng (năm 2024):"), vi.index("Số liệu cộng dồn từ 1/1")
    # the own figure without a target is told under the province's own heading, the units' under theirs
    assert own < vi.index("1 chỉ số chưa có chỉ tiêu") < units < vi.index("7 chỉ số chưa có chỉ tiêu")
    assert "Chưa đạt 2 chỉ tiêu đã đến hạn" in vi[units:] and "2 chỉ tiêu chưa đến hạn" in vi[units:]
    # each count line says what it counts, and agrees with the bullets above it
    assert "Số liệu riêng của Cao Bằng: 1 chỉ số có số liệu, 0 chỉ số có chỉ tiêu: 0 đạt" in vi
    assert (
        "Số liệu cộng dồn từ các đơn vị trực thuộc: 11 chỉ số có số liệu, 4 chỉ số có chỉ tiêu: "
        "0 đạt, 2 chưa đạt chỉ tiêu đã đến hạn, 2 chưa đến hạn"
    ) in vi
    assert "What its units add up to: indicators with figures: 11; with a target: 4 (0 met, 2 not met" in en
    assert "Indicators with no target to compare with: 7." in en


def test_a_rolled_up_target_met_on_page_one_also_says_its_period_and_coverage(committed):
    page = _text(str(LocalityReport(committed, "dong-thap", lang="vi").summary()))
    assert (
        "Đạt 1 chỉ tiêu: Tỷ lệ hồ sơ TTHC nộp, xử lý trực tuyến (6 tháng đầu năm 2022, 1/1 đơn vị có số liệu)." in page
    )


def test_page_one_s_rolled_up_figures_carry_their_year_and_coverage(cao_bang_page_one):
    vi, en = cao_bang_page_one["vi"], cao_bang_page_one["en"]
    assert "Tỷ lệ hồ sơ TTHC nộp, xử lý trực tuyến 45,71% (năm 2023, 1/1 đơn vị có số liệu) so với ≥ 60%" in vi
    assert "99.83% (2023, 1 of 1 units reported), not yet due" in en
    # every rolled-up figure the bullets name says it
    assert vi.count("(năm 2023, 1/1 đơn vị có số liệu)") == 4


def test_page_one_says_which_target_applies_where_the_unit_s_own_differs(cao_bang_page_one):
    vi, en = cao_bang_page_one["vi"], cao_bang_page_one["en"]
    assert (
        "45,05% (năm 2023, 1/1 đơn vị có số liệu), chưa đến hạn, còn cách 34,95 điểm phần trăm tới > 80% năm 2025 "
        "(chỉ tiêu áp dụng cho Cao Bằng: chỉ tiêu quốc gia; khác chỉ tiêu riêng: Trùng Khánh tự đặt > 70% năm 2025)"
    ) in vi
    assert (
        "(the target that applies to Cao Bằng: national target; unlike the unit's own: Trùng Khánh's own is > 70%" in en
    )
    # a target the unit shares is not flagged
    assert vi.count("chỉ tiêu áp dụng cho") == 1


def test_a_table_s_figure_cites_its_row_not_its_column_id_and_no_dash_doubles(cao_bang_page_one, committed):
    workbook = committed
    for lang, row in (
        ("vi", "[1] dòng “UBND tỉnh Cao Bằng” của bảng"),
        ("en", "[1] the table's row “UBND tỉnh Cao Bằng”"),
    ):
        report = LocalityReport(workbook, "cao-bang", lang=lang)
        html_pillars = str(report.pillar_sections())
        pillars = _text(html_pillars)
        # [1] is the QĐ 766 table the header lists first, and the row is the province's
        assert report.source_numbers["dvc766-2022-2024"] == 1 and row in pillars, lang
        assert "tong_diem" not in pillars + _text(str(report.progress())), lang
        # the no-target mark is not a dash that doubles the empty gap's dash beside it
        verdicts = [_text(v).strip() for v in re.findall(r'<td class="status"[^>]*>(.*?)</td>', html_pillars, re.S)]
        assert verdicts and not any(v.startswith("–") for v in verdicts), lang
