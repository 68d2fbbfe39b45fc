"""Proposing figure rows from report text, reviewing them and accepting them into data/."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from helpers.cli import main
from helpers.intake.context import clauses, find_periods
from helpers.intake.ingest import check_text, propose
from helpers.intake.numbers import find_mentions, parse_number, parse_word_number
from helpers.intake.read import ReadError, read_document
from helpers.intake.review import REVIEW_SHEET
from helpers.load import load_workbook

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REPORT = FIXTURES / "nam_son_6_thang.txt"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the ingest fixture's data folder."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", target)
    return target


def main_ingest(files: list[Path], out: Path, data_dir: Path, lang: str) -> int:
    """``cds ingest FILE… --out OUT``, as the user runs it."""
    return main(["ingest", *map(str, files), "--out", str(out), "--data", str(data_dir), "--lang", lang])


def main_accept(review: Path, data_dir: Path, lang: str) -> int:
    """``cds ingest --accept REVIEW``, as the user runs it."""
    return main(["ingest", "--accept", str(review), "--data", str(data_dir), "--lang", lang])


@pytest.fixture
def proposals(data_dir: Path) -> list:
    return propose(read_document(REPORT), load_workbook(data_dir))


def _by_printed(found: list, printed: str):
    matches = [p for p in found if p.printed.startswith(printed)]
    assert len(matches) == 1, [p.printed for p in found]
    return matches[0]


# --------------------------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize(
    "text, value, machine",
    [
        ("18.592", Decimal("18592"), "18592"),
        ("99,82", Decimal("99.82"), "99.82"),
        ("45,70", Decimal("45.70"), "45.70"),
        ("04", Decimal("4"), "4"),
        ("1.055", Decimal("1055"), "1055"),
        ("150.594", Decimal("150594"), "150594"),
    ],
)
def test_vietnamese_numbers_parse(text, value, machine):
    assert parse_number(text) == (value, machine)


@pytest.mark.parametrize("text", ["4.0", "1.5", "12.34", "abc", ""])
def test_numbers_that_are_not_vietnamese_figures_do_not_parse(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "words, value",
    [
        ("hai mươi mốt", 21),
        ("mười lăm", 15),
        ("một trăm linh năm", 105),
        ("hai nghìn", 2000),
        ("ba", 3),
    ],
)
def test_numbers_written_as_words(words, value):
    assert parse_word_number(words) == value


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("hơn 2,2 triệu lượt truy cập", Decimal("2200000"), "count", ">"),
        ("gần 538 nghìn giao dịch", Decimal("538000"), "count", "~"),
        ("khoảng 1,5 tỷ đồng", Decimal("1500000000"), "amount", "~"),
        ("ước đạt 11,496 nghìn tỷ đồng", Decimal("11496000000000"), "amount", "~"),
        ("trên 85% hồ sơ", Decimal("85"), "percent", ">"),
        ("tối thiểu 90% người dân", Decimal("90"), "percent", ">="),
        ("ít nhất 90% hộ", Decimal("90"), "percent", ">="),
        ("80% trở lên", Decimal("80"), "percent", ">="),
        ("chưa đạt 100%", Decimal("100"), "percent", "<"),
        ("đạt 15,37 %", Decimal("15.37"), "percent", ""),
        ("có hai mươi mốt xã", Decimal("21"), "count", ""),
        ("đang giải quyết 04 hồ sơ", Decimal("4"), "count", ""),
        ("đạt 99.5%", Decimal("99.5"), "percent", ""),  # a decimal point, kept with a warning
    ],
)
def test_a_figure_keeps_its_scale_unit_and_qualifier(text, value, unit, qualifier):
    (mention,) = find_mentions(text)
    assert (mention.value, mention.unit, mention.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng",
        "Kế hoạch 506/KH-UBND ngày 08/3/2022",
        "Nghị quyết số 17-NQ/TU về giai đoạn 2021-2025, định hướng đến năm 2030",
        "Ngày 09/8/2022, Ban chỉ đạo họp; trong tháng 2-2024 và tháng 4/2024",
        "Cập nhật 10:22, 06/06/2024",
        "Điện thoại: 0212.3836.146 - Số Fax: 022.3836.284",
        "dịch vụ công mức độ 3, 4 và mức độ 3,4; mạng 4G, 5G; chợ 4.0; (3 sao)",
        "(1) Về chính quyền số; (2) Về kinh tế số",
        "Đề án 06; địa chỉ Tổ 5, thị trấn; số 109 đường Nguyễn Trãi; xã Thường Phước 1",
        "người từ 15 tuổi trở lên; trong 6 tháng đầu năm",
        "theo http://example.org/bai-197240605110812749.htm",
        "Lượt xem: 268",
    ],
)
def test_dates_document_numbers_and_labels_are_not_figures(text):
    assert find_mentions(text) == []


def test_a_fraction_is_a_pair_not_a_date():
    (mention,) = find_mentions("văn bản điện tử là 18.592/18.624")
    assert (mention.numerator, mention.denominator, mention.value) == (18592, 18624, None)
    (twelve,) = find_mentions("Hoàn thành 12/12 nhiệm vụ")
    assert (twelve.numerator, twelve.denominator) == (12, 12)
    assert find_mentions("ngày 12/12 và đến 31/12") == []


# --------------------------------------------------------------------------------------------
# Periods and clauses


@pytest.mark.parametrize(
    "text, year, notation",
    [
        ("Sơ kết 6 tháng đầu năm 2022", None, "2022-M6"),
        ("trong 4 tháng đầu năm 2024", None, "2024-M4"),
        ("Qua 06 tháng đầu năm, huyện", 2022, "2022-M6"),
        ("kết quả 9 tháng đầu năm", 2023, "2023-M9"),
        ("đến hết năm 2023, 100% xã", None, "2023"),
        ("tính từ ngày 01/01/2022 là 13.324 văn bản", None, "2022-01-01/.."),
        ("từ 01/7/2021 đến 31/3/2022", None, "2021-07-01/2022-03-31"),
        ("tính từ ngày 1/7 đến 19/8/2025, cả nước", None, "2025-07-01/2025-08-19"),
        ("trong quý II/2024, huyện", None, "2024-04-01/2024-06-30"),
        ("Trong quý I năm 2023 toàn tỉnh", None, "2023-01-01/2023-03-31"),
        ("kết quả quý III, huyện", 2024, "2024-07-01/2024-09-30"),
        ("tính đến hết tháng 5/2025, toàn tỉnh", None, "2025-M5"),
        ("Đến tháng 9/2024, tỷ lệ", None, "2024-M9"),
        ("nhiệm vụ 6 tháng cuối năm 2025", None, "2025-07-01/2025-12-31"),
        ("Tính đến ngày 1-3, thành phố", 2023, "2023-01-01/2023-03-01"),
        ("tính đến 26/10, tỷ lệ", 2025, "2025-01-01/2025-10-26"),
    ],
)
def test_periods_in_the_project_notation(text, year, notation):
    hits = [hit for hit in find_periods(text, year) if not hit.weak]
    assert hits[0].notation == notation


def test_a_period_in_a_quoted_name_is_ignored():
    text = "Kế hoạch “Phát triển chính quyền số 6 tháng đầu năm 2021” được ban hành"
    assert find_periods(text, None) == []


def test_clauses_split_on_semicolons_and_brackets_but_not_on_a_gloss():
    text = "80% thủ tục hành chính (TTHC) đạt; 60,41% (chỉ tiêu giao là 50%). Câu sau."
    found = clauses(text)
    pieces = [text[c.start : c.end].strip() for c in found]
    assert pieces[0] == "80% thủ tục hành chính (TTHC) đạt"
    assert "chỉ tiêu giao là 50%" in pieces
    assert found[-1].sentence == 1


# --------------------------------------------------------------------------------------------
# Proposals from a report


def test_only_figures_are_proposed_and_offsets_point_at_them(proposals):
    document = read_document(REPORT)
    printed = [p.printed for p in proposals]
    assert printed == [
        "12.480",
        "8.125/12.480 hồ sơ, đạt 65,10%",
        "60%",
        "2.719/2.736 văn bản, đạt 99,37%",
        "4.000/10.000 hồ sơ, đạt 45%",
        "1.250",
        "2,2 triệu",
        "538 nghìn",
        "1,5 tỷ",
        "70%",
        "hai mươi mốt",
        "80%",
        "90%",
    ]
    for proposal in proposals:
        assert document.text[proposal.char_start : proposal.char_end] == proposal.printed
        assert f"[{proposal.printed}]" in proposal.excerpt


def test_a_rate_beside_its_fraction_is_reconciled_and_flagged_when_they_disagree(proposals):
    online = _by_printed(proposals, "8.125/12.480")
    assert (online.numerator, online.denominator, online.value_text) == (8125, 12480, "65.10")
    assert online.reconciliation == "rounded" and not online.flagged
    truncated = _by_printed(proposals, "2.719/2.736")
    assert truncated.reconciliation == "truncated" and truncated.flagged
    inconsistent = _by_printed(proposals, "4.000/10.000")
    assert inconsistent.reconciliation == "inconsistent" and inconsistent.flagged
    assert check_text(truncated, "vi") == "cắt bớt chữ số: 2.719/2.736 = 99,379%"
    assert check_text(inconsistent, "en").startswith("inconsistent: 4,000/10,000 = 40%")


def test_targets_are_told_from_achievements_with_their_year(proposals):
    assigned = _by_printed(proposals, "60%")
    assert (assigned.kind, assigned.period, assigned.indicator_id) == ("target", "2024", "ho_so_truc_tuyen")
    goal = _by_printed(proposals, "80%")
    assert (goal.kind, goal.period, goal.qualifier) == ("target", "2025", ">=")
    result = _by_printed(proposals, "70%")
    assert (result.kind, result.period, result.qualifier) == ("achievement", "2024-M6", ">")
    assert _by_printed(proposals, "12.480").kind == "count"


def test_locality_source_and_indicators_are_proposed(proposals):
    assert {p.locality_id for p in proposals} == {"nam-son"}
    assert {p.source_id for p in proposals} == {"nam-son-2024-h1"}
    expected = {
        "12.480": "ho_so_tiep_nhan",
        "8.125/12.480": "ho_so_truc_tuyen",
        "2.719/2.736": "van_ban_di_dien_tu",
        "1.250": "thanh_vien_to_cnscd",
        "70%": "ho_gia_dinh_bang_rong",
        "90%": "ho_gia_dinh_bang_rong",
    }
    for printed, indicator_id in expected.items():
        proposal = _by_printed(proposals, printed)
        assert proposal.indicator_id == indicator_id
        assert proposal.matched and 0 < proposal.confidence <= 1
    assert _by_printed(proposals, "1,5 tỷ").indicator_id == ""  # money: no indicator of it


def test_a_province_report_names_each_districts_figure(data_dir: Path):
    found = propose(read_document(FIXTURES / "dong_ha_9_thang.txt"), load_workbook(data_dir))
    assert [(p.printed, p.locality_id, p.period, p.kind) for p in found] == [
        ("72,5%", "nam-son", "2023-M9", "achievement"),  # "9 tháng đầu năm" of the 05/10/2023 date
        ("61%", "bac-son", "2023-M9", "achievement"),
        ("45.210", "dong-ha", "2023-M9", "count"),
        ("15%", "dong-ha", "2023-M9", "achievement"),  # the rank "thứ 12/63" is not a figure
        ("100%", "dong-ha", "2023", "target"),
        ("80%", "dong-ha", "2023", "target"),
        ("90%", "dong-ha", "2023", "target"),
    ]


def test_a_plan_heading_makes_the_figures_under_it_targets(tmp_path: Path, data_dir: Path):
    path = tmp_path / "bao_cao.txt"
    path.write_text(
        "Huyện Bắc Sơn tổng kết năm 2023\n"
        "Đến hết năm 2023, tỷ lệ hộ gia đình có Internet băng rộng cáp quang đạt 64%.\n"
        "Phương hướng, nhiệm vụ năm 2024\n"
        "Tỷ lệ hộ gia đình có Internet băng rộng cáp quang đạt 75%.\n",
        encoding="utf-8",
    )
    result, target = propose(read_document(path), load_workbook(data_dir))
    assert (result.kind, result.period, result.locality_id) == ("achievement", "2023", "bac-son")
    assert (target.kind, target.period) == ("target", "2024")


def test_a_docx_report_is_read_in_body_order(tmp_path: Path, data_dir: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Huyện Nam Sơn sơ kết 6 tháng đầu năm 2024 về chuyển đổi số")
    document.add_paragraph("Huyện tiếp nhận 12.480 hồ sơ thủ tục hành chính.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Tỷ lệ hồ sơ TTHC nộp trực tuyến"
    table.rows[0].cells[1].text = "8.125/12.480, đạt 65,10%"
    document.add_paragraph("Phấn đấu đến năm 2025 tối thiểu 80% hồ sơ nộp trực tuyến.")
    path = tmp_path / "bao_cao.docx"
    document.save(path)

    found = propose(read_document(path), load_workbook(data_dir))
    assert [(p.locator, p.printed, p.kind) for p in found] == [
        ("¶2", "12.480", "count"),
        ("¶3", "8.125/12.480, đạt 65,10%", "achievement"),
        ("¶4", "80%", "target"),
    ]
    assert found[1].indicator_id == "ho_so_truc_tuyen"
    assert found[1].period == "2024-M6"


def test_a_pdf_text_layer_is_read(tmp_path: Path, data_dir: Path):
    import typst
    from matplotlib import get_data_path

    path = tmp_path / "bao_cao.pdf"
    fonts = str(Path(get_data_path()) / "fonts" / "ttf")
    path.write_bytes(
        typst.compile(
            (
                '#set text(font: "DejaVu Sans")\n'
                "Huyện Nam Sơn sơ kết 6 tháng đầu năm 2024 về chuyển đổi số\n\n"
                "Tỷ lệ hồ sơ TTHC nộp trực tuyến là 8.125/12.480 hồ sơ, đạt 65,10%.\n"
            ).encode(),
            font_paths=[fonts],
            format="pdf",
        )
    )
    (found,) = propose(read_document(path), load_workbook(data_dir))
    assert (found.locator, found.numerator, found.value_text) == ("¶2", 8125, "65.10")


def test_unreadable_inputs_are_refused(tmp_path: Path):
    with pytest.raises(ReadError):
        read_document(tmp_path / "missing.txt")
    odd = tmp_path / "bao_cao.rtf"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(ReadError):
        read_document(odd)


# --------------------------------------------------------------------------------------------
# Review, then accept


def _mark(review: Path, decide) -> None:
    """Fill the accept column of an .xlsx review the way an analyst would."""
    book = openpyxl.load_workbook(review)
    sheet = book[REVIEW_SHEET]
    header = [c.value for c in sheet[1]]
    for line in range(2, sheet.max_row + 1):
        cells = {name: sheet.cell(line, i + 1) for i, name in enumerate(header)}
        decide(cells)
    book.save(review)


def _accept_the_sure_ones(cells) -> None:
    good = cells["indicator_id"].value and cells["printed"].value in (
        "12.480",
        "8.125/12.480 hồ sơ, đạt 65,10%",
        "60%",
        "70%",
        "80%",
        "2.719/2.736 văn bản, đạt 99,37%",
    )
    cells["accept"].value = "có" if good else "không"


def test_round_trip_ingest_review_accept(tmp_path: Path, data_dir: Path, capsys):
    review = tmp_path / "review.xlsx"
    assert main_ingest([REPORT], review, data_dir, "vi") == 0
    assert "13 số liệu đề xuất" in capsys.readouterr().out
    _mark(review, _accept_the_sure_ones)
    before_review = review.read_bytes()

    assert main_accept(review, data_dir, "vi") == 0
    assert "7 dòng không chấp nhận" in capsys.readouterr().out
    assert review.read_bytes() == before_review  # rejected rows stay where they were

    workbook = load_workbook(data_dir)
    figures = workbook.figures.set_index(["locality_id", "indicator_id", "period"])
    online = figures.loc[("nam-son", "ho_so_truc_tuyen", "2024-M6")]
    assert (online["numerator"], online["denominator"]) == (8125, 12480)
    assert online["value_text"] == "65.10"  # the printed decimals survive Excel
    assert figures.loc[("nam-son", "ho_so_tiep_nhan", "2024-M6"), "value"] == 12480
    fibre = figures.loc[("nam-son", "ho_gia_dinh_bang_rong", "2024-M6")]
    assert (fibre["value"], fibre["qualifier"], fibre["locator"]) == (70, ">", "¶9")
    assert figures.loc[("nam-son", "van_ban_di_dien_tu", "2024-M6"), "value_text"] == "99.37"
    targets = workbook.targets.set_index(["indicator_id", "locality_id", "year"])
    assert targets.loc[("ho_so_truc_tuyen", "nam-son", 2024), "value"] == 60
    assert targets.loc[("ho_so_truc_tuyen", "nam-son", 2025), "comparison"] == ">="
    assert len(workbook.figures) == 1 + 4  # the fixture's row and the four accepted


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_accept_drop_down_offers_words_of_the_files_language_that_accept_takes(
    tmp_path: Path, data_dir: Path, lang: str
):
    review = tmp_path / "review.xlsx"
    assert main_ingest([REPORT], review, data_dir, lang) == 0
    book = openpyxl.load_workbook(review)
    sheet = book[REVIEW_SHEET]
    column = openpyxl.utils.get_column_letter([c.value for c in sheet[1]].index("accept") + 1)
    (validation,) = [v for v in sheet.data_validations.dataValidation if f"{column}2" in str(v.sqref)]
    assert validation.errorStyle == "stop"  # Excel takes nothing else in the column
    lists, cells = validation.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    offered = [c.value for (c,) in book[lists.strip("'")][first:last]]
    assert offered == {"vi": ["có", "không"], "en": ["yes", "no"]}[lang]

    yes, no = offered
    _mark(review, lambda cells: setattr(cells["accept"], "value", yes if cells["printed"].value == "12.480" else no))
    assert main_accept(review, data_dir, lang) == 0
    figures = load_workbook(data_dir).figures
    assert figures.loc[figures["locality_id"] == "nam-son", "value"].tolist() == [12480]


def test_a_failed_accept_changes_nothing_and_names_the_review_row(tmp_path: Path, data_dir: Path, capsys):
    review = tmp_path / "review.xlsx"
    assert main_ingest([REPORT], review, data_dir, "vi") == 0

    def accept_with_a_typo(cells) -> None:
        _accept_the_sure_ones(cells)
        if cells["printed"].value == "70%":
            cells["indicator_id"].value = "ho_gia_dinh_cap_quang"  # not in indicators.csv

    _mark(review, accept_with_a_typo)
    figures = (data_dir / "figures.csv").read_bytes()
    targets = (data_dir / "targets.csv").read_bytes()

    assert main_accept(review, data_dir, "vi") == 1
    err = capsys.readouterr().err
    assert "data/ không thay đổi" in err
    assert f"Trang '{REVIEW_SHEET}', dòng 11, cột indicator_id" in err
    assert "ho_gia_dinh_cap_quang" in err
    assert (data_dir / "figures.csv").read_bytes() == figures
    assert (data_dir / "targets.csv").read_bytes() == targets


def test_accept_from_a_csv_review_and_bad_cells_are_located(tmp_path: Path, data_dir: Path, capsys):
    review = tmp_path / "review.csv"
    assert main_ingest([REPORT], review, data_dir, "en") == 0
    rows = list(csv.DictReader(io.StringIO(review.read_text(encoding="utf-8-sig"))))
    for row in rows:
        row["accept"] = "yes" if row["printed"] == "12.480" else ""
        if row["printed"] == "70%":
            row["accept"], row["value"] = "yes", "bảy mươi"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    review.write_text(out.getvalue(), encoding="utf-8")
    figures = (data_dir / "figures.csv").read_bytes()

    assert main_accept(review, data_dir, "en") == 1
    assert "review.csv, line 11, column value: value 'bảy mươi': not a number" in capsys.readouterr().err
    assert (data_dir / "figures.csv").read_bytes() == figures

    for row in rows:
        if row["printed"] == "70%":
            row["value"] = "70"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    review.write_text(out.getvalue(), encoding="utf-8")
    assert main_accept(review, data_dir, "en") == 0
    assert "11 unreviewed rows stay" in capsys.readouterr().out
    assert len(load_workbook(data_dir).figures) == 3


def test_article_text_is_never_written_as_a_formula(tmp_path: Path, data_dir: Path):
    from helpers.intake.review import write_review

    row = {"accept": "", "kind": "count", "printed": "=1+1", "excerpt": '=HYPERLINK("x")'}
    workbook = load_workbook(data_dir)
    sheet = openpyxl.load_workbook(write_review([row], tmp_path / "r.xlsx", workbook))[REVIEW_SHEET]
    header = [cell.value for cell in sheet[1]]
    printed, excerpt = (sheet.cell(2, header.index(name) + 1) for name in ("printed", "excerpt"))
    assert {printed.data_type, excerpt.data_type} == {"s"}
    text = write_review([row], tmp_path / "r.csv", workbook).read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and "\n,count," in text


def test_ingest_refuses_an_unknown_output_type(tmp_path: Path, data_dir: Path, capsys):
    assert main_ingest([REPORT], tmp_path / "review.txt", data_dir, "en") == 1
    assert not (tmp_path / "review.txt").exists()


# --------------------------------------------------------------------------------------------
# Parts and wholes in words, roles from cue words


def _propose_text(tmp_path: Path, data_dir: Path, text: str) -> list:
    path = tmp_path / "bai_viet.txt"
    path.write_text(text, encoding="utf-8")
    return propose(read_document(path), load_workbook(data_dir))


def _pairs(found: list) -> list[tuple]:
    return [(p.numerator, p.denominator, p.value_text) for p in found if p.numerator is not None]


def test_a_pair_without_a_printed_rate_shows_what_it_makes(tmp_path, data_dir):
    (pair,) = [
        p
        for p in _propose_text(tmp_path, data_dir, "Có 56 dịch vụ trong tổng số 76 dịch vụ.")
        if p.numerator is not None
    ]
    assert check_text(pair, "vi").startswith("bài viết không in tỷ lệ: 56/76 = 73,68%")


@pytest.mark.parametrize(
    "text, pair",
    [
        ("Huyện tiếp nhận 1.234 hồ sơ trực tuyến trên tổng số 1.500 hồ sơ.", (1234, 1500, None)),
        ("Trong tổng số 4.321 hồ sơ có 3.210 hồ sơ trực tuyến, đạt 74,29%.", (3210, 4321, "74.29")),
        ("Huyện tiếp nhận 2.000 hồ sơ. Trong đó, 246 hồ sơ nộp trực tuyến, chiếm 12,3%.", (246, 2000, "12.3")),
        ("Cấp xã tiếp nhận 3.000 hồ sơ, với 2.000 hồ sơ trực tuyến (đạt tỷ lệ 66,66%).", (2000, 3000, "66.66")),
        ("Số hồ sơ toàn trình là 600 và tổng số hồ sơ là 1.000, chiếm 60%.", (600, 1000, "60")),
        ("Đã cấp 1.000 tài khoản. Nhưng chỉ có 250 tài khoản được kích hoạt, đạt tỉ lệ 25%.", (250, 1000, "25")),
        ("Có 56 dịch vụ trong tổng số 76 dịch vụ.", (56, 76, None)),
    ],
)
def test_a_part_and_its_whole_in_words_make_one_pair(tmp_path, data_dir, text, pair):
    found = _propose_text(tmp_path, data_dir, text)
    assert _pairs(found) == [pair]
    # the counts stay rows of their own
    assert {p.value_text for p in found if p.unit == "count"} >= {str(pair[0]), str(pair[1])}


def test_a_paragraph_opening_with_trong_do_takes_its_whole_from_the_paragraph_before(tmp_path, data_dir):
    found = _propose_text(
        tmp_path,
        data_dir,
        "Quý I, toàn tỉnh tiếp nhận 5.000 hồ sơ.\n"
        "Trong đó, có 1.000 hồ sơ trực tuyến (đạt tỷ lệ 25,00%); 4.000 hồ sơ "
        "trực tiếp.\n",
    )
    (pair,) = [p for p in found if p.numerator is not None]
    assert (pair.numerator, pair.denominator, pair.value_text) == (1000, 5000, "25.00")
    assert pair.reconciliation == "inconsistent" and pair.flagged  # 1.000/5.000 is 20%
    assert "20%" in check_text(pair, "en")


def test_a_rate_of_another_subject_is_not_taken_for_the_pair(tmp_path, data_dir):
    found = _propose_text(
        tmp_path,
        data_dir,
        "Toàn tỉnh có 1.000 hồ sơ. Trong đó, số hồ sơ trực tuyến là 600 hồ sơ, "
        "tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn đạt 99,7%.",
    )
    assert _pairs(found) == [(600, 1000, None)]
    assert _by_printed(found, "99,7%").numerator is None


def test_a_rate_far_from_a_fraction_beside_it_is_another_ratio(tmp_path, data_dir):
    found = _propose_text(tmp_path, data_dir, "Có 53/63 tỉnh hoàn thành 100% đến cấp xã.")
    fraction = _by_printed(found, "53/63")
    assert (fraction.value, fraction.reconciliation, fraction.flagged) == (None, "", False)
    assert _by_printed(found, "100%").numerator is None


def test_a_truncated_rate_of_a_pair_in_words_is_flagged(tmp_path, data_dir):
    found = _propose_text(tmp_path, data_dir, "Cấp xã tiếp nhận 3.000 hồ sơ, với 2.000 hồ sơ trực tuyến (đạt 66,66%).")
    (pair,) = [p for p in found if p.numerator is not None]
    assert pair.reconciliation == "truncated" and pair.flagged


def test_approximate_parts_are_paired_but_not_reconciled(tmp_path, data_dir):
    found = _propose_text(
        tmp_path,
        data_dir,
        "Cả nước tiếp nhận hơn 4,3 triệu hồ sơ, trong đó có trên 3,2 triệu hồ sơ được nộp trực tuyến, chiếm 75,7%.",
    )
    (pair,) = [p for p in found if p.numerator is not None]
    assert (pair.numerator, pair.denominator, pair.value_text) == (3200000, 4300000, "75.7")
    assert pair.reconciliation == "" and not pair.flagged


@pytest.mark.parametrize(
    "text, kinds",
    [
        # "đạt" reports a result even after a sentence that spoke of the target
        (
            "Tỷ lệ hồ sơ trực tuyến năm 2024 chưa đạt mục tiêu. Tỷ lệ này chỉ đạt 45,8%, trong khi "
            "mục tiêu đề ra là 50%.",
            ["achievement", "target"],
        ),
        ("Khối tỉnh đạt 18,54% (mục tiêu 30%).", ["achievement", "target"]),
        # a target named before "đạt" in the same sentence
        ("Mục tiêu năm 2025 đạt 84% hộ gia đình có cáp quang.", ["target"]),
        (
            "Xã đặt mục tiêu đến năm 2026, tỷ lệ gia đình số là 100%; gia đình đảng viên đạt trên 95%.",
            ["target", "target"],
        ),
        ("Chỉ tiêu kế hoạch giao là 60%, kết quả thực hiện đạt 62%.", ["target", "achievement"]),
    ],
)
def test_roles_follow_the_cue_words(tmp_path, data_dir, text, kinds):
    found = _propose_text(tmp_path, data_dir, text)
    assert [p.kind for p in found] == kinds


def test_a_plan_title_makes_its_list_targets_for_the_plans_last_year(tmp_path, data_dir):
    found = _propose_text(
        tmp_path,
        data_dir,
        "Kế hoạch phát triển hạ tầng số xã Nam Sơn giai đoạn 2023-2025\n"
        "1. Mạng di động\n"
        "- Tỷ lệ dân số trưởng thành có điện thoại thông minh: 90%.\n"
        "- Tỷ lệ thôn được phủ sóng di động băng rộng: 100%\n",
    )
    assert [(p.kind, p.period) for p in found] == [("target", "2025"), ("target", "2025")]


@pytest.mark.parametrize(
    "text, unit",
    [
        ("Chỉ số phục vụ người dân, doanh nghiệp của tỉnh đạt 65,06 điểm.", "points"),
        ("Tỷ lệ hồ sơ trực tuyến tăng 5 điểm phần trăm.", "percentage_points"),
        ("Huyện có 12 điểm cầu truyền hình.", "count"),
    ],
)
def test_scores_in_points_are_told_from_percentage_points_and_places(text, unit):
    (mention,) = find_mentions(text)
    assert mention.unit == unit


def test_an_index_value_is_a_score_reached(tmp_path, data_dir):
    (score,) = _propose_text(tmp_path, data_dir, "Năm 2024, DTI của tỉnh đạt 0,6077 điểm.")
    assert (score.unit, score.kind, score.value_text) == ("index", "achievement", "0.6077")


def test_without_a_period_a_figure_holds_up_to_the_reports_date(tmp_path, data_dir):
    (figure,) = _propose_text(tmp_path, data_dir, "Ngày 27/02/2023\nĐến nay, 100% cán bộ xã được cấp máy tính.\n")
    assert figure.period == "2023-01-01/2023-02-27"


def test_a_quarter_named_once_dates_the_whole_report(tmp_path, data_dir):
    found = _propose_text(
        tmp_path,
        data_dir,
        "Trong quý I/2023, toàn tỉnh có 178.661 hồ sơ.\n"
        "Toàn tỉnh tiếp nhận 100% hồ sơ trên hệ thống một cửa điện tử.\n",
    )
    assert {p.period for p in found} == {"2023-01-01/2023-03-31"}


# --------------------------------------------------------------------------------------------
# Localities from the whole registry

_REGISTRY = """\
locality_id,name,level,parent_id,admin_code,unit_type,valid_from,valid_to,successor_ids,\
other_names
dong-ha,Đông Hà,province,,90,tinh,,,,
nam-son,Nam Sơn,district,dong-ha,901,huyen,,2025-06-30,,
bac-son,Bắc Sơn,district,dong-ha,902,huyen,,2025-06-30,,
ha-nam,Hà Nam,province,,35,tinh,,2025-06-30,ninh-binh-2025,
ninh-binh-2025,Ninh Bình,province,,37,tinh,2025-07-01,,,
hcm,Hồ Chí Minh,province,,79,thanh_pho_truc_thuoc_trung_uong,,2025-06-30,hcm-2025,
hcm-2025,Hồ Chí Minh,province,,79,thanh_pho_truc_thuoc_trung_uong,2025-07-01,,,
hue,Huế,province,,46,thanh_pho_truc_thuoc_trung_uong,,,,Thừa Thiên Huế
hue-thanh-thuy,Thanh Thủy,commune,hue,19969,phuong,2025-07-01,,,
dong-ha-thanh-thuy,Thanh Thủy,commune,dong-ha,90001,xa,2025-07-01,,,
hcm-ha-nam,Hà Nam,commune,hcm-2025,79001,xa,2025-07-01,,,
"""


@pytest.fixture
def registry_dir(data_dir: Path) -> Path:
    (data_dir / "localities.csv").write_text(_REGISTRY, encoding="utf-8")
    return data_dir


def _places(tmp_path, registry_dir, text) -> list[tuple[str, str]]:
    return [(p.printed, p.locality_id) for p in _propose_text(tmp_path, registry_dir, text)]


def test_a_ward_is_told_from_a_commune_of_the_same_name_by_its_level_word(tmp_path, registry_dir):
    assert _places(
        tmp_path, registry_dir, "Ngày 10/9/2025\nTổ công nghệ số của phường Thanh Thủy có 8 thành viên.\n"
    ) == [("8", "hue-thanh-thuy")]


def test_a_bare_name_is_a_province_as_it_stood_on_the_figures_date(tmp_path, registry_dir):
    # "Hà Nam" is also a commune of today's map; "TPHCM" is two units, before and after
    # 1 July 2025
    assert _places(
        tmp_path,
        registry_dir,
        "Năm 2024, Hà Nam đạt 68,54%. Tính từ ngày 1/7 đến 19/8/2025, TPHCM tiếp "
        "nhận 645.566 hồ sơ. Năm 2023, TP.HCM đạt 20,3%.",
    ) == [("68,54%", "ha-nam"), ("645.566", "hcm-2025"), ("20,3%", "hcm")]


def test_national_figures_belong_to_no_unit_and_toan_tinh_to_the_reports_own(tmp_path, registry_dir):
    assert _places(
        tmp_path,
        registry_dir,
        "Tỉnh Đông Hà: kết quả chuyển đổi số năm 2024\n"
        "Cả nước đạt 45,8%, khối bộ đạt 63,47%; huyện Nam Sơn đạt 61%.\n"
        "Toàn tỉnh đạt 70%.\n",
    ) == [("45,8%", ""), ("63,47%", ""), ("61%", "nam-son"), ("70%", "dong-ha")]


def test_a_list_of_units_does_not_lend_its_last_name_to_the_next_sentence(tmp_path, registry_dir):
    assert _places(
        tmp_path, registry_dir, "Có 12 địa phương đạt mức tốt gồm Đông Hà, Huế và Hà Nam. Có 42 địa phương đạt mức khá."
    ) == [("12", ""), ("42", "")]


# --------------------------------------------------------------------------------------------
# New indicators proposed, not forced


def test_a_figure_no_indicator_fits_proposes_a_new_one_named_from_its_words(tmp_path, data_dir):
    found = _propose_text(
        tmp_path,
        data_dir,
        "Huyện Nam Sơn năm 2024\n"
        "Toàn huyện đã cấp 1.200 tài khoản định danh điện tử. Chỉ có 300 tài "
        "khoản định danh được kích hoạt, đạt tỉ lệ 25%.\n",
    )
    issued = _by_printed(found, "1.200")
    assert (issued.indicator_id, issued.new_indicator, issued.new_pillar) == (
        "tai_khoan_dinh_danh_dien_tu",
        "Số tài khoản định danh điện tử",
        "xa_hoi_so",
    )
    (rate,) = [p for p in found if p.numerator is not None]
    assert rate.new_indicator == "Tỷ lệ tài khoản định danh được kích hoạt"
    assert rate.indicator_id == "ty_le_tai_khoan_dinh_danh_duoc_kich_hoat"
    assert rate.indicator_id not in load_workbook(data_dir).indicators.index
    assert "new indicator" in check_text(rate, "en")


def test_a_well_matched_figure_keeps_its_catalogue_indicator(proposals):
    online = _by_printed(proposals, "8.125/12.480")
    assert (online.indicator_id, online.new_indicator) == ("ho_so_truc_tuyen", "")


def test_a_rate_without_words_of_its_own_measures_what_the_one_before_it_did(tmp_path, data_dir):
    found = _propose_text(
        tmp_path,
        data_dir,
        "Năm 2024, tỷ lệ quầy hàng có mã QR thanh toán của huyện Nam Sơn đạt 68,54%, huyện Bắc Sơn (58,89%).\n",
    )
    first, second = found
    assert first.new_indicator == "Tỷ lệ quầy hàng có mã QR thanh toán"
    assert (second.indicator_id, second.new_indicator) == (first.indicator_id, first.new_indicator)


def _rewrite_csv_review(review: Path, decide) -> None:
    rows = list(csv.DictReader(io.StringIO(review.read_text(encoding="utf-8-sig"))))
    for row in rows:
        decide(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    review.write_text(out.getvalue(), encoding="utf-8")


_NEW_INDICATOR_REPORT = (
    "Huyện Nam Sơn sơ kết 6 tháng đầu năm 2024\nToàn huyện đã cấp 1.200 tài khoản định danh điện tử.\n"
)


def test_accepting_a_new_indicator_adds_it_to_the_catalogue(tmp_path: Path, data_dir: Path, capsys):
    report = tmp_path / "bao_cao.txt"
    report.write_text(_NEW_INDICATOR_REPORT, encoding="utf-8")
    review = tmp_path / "review.csv"
    assert main_ingest([report], review, data_dir, "en") == 0
    _rewrite_csv_review(review, lambda row: row.update(accept="yes", source_id="nam-son-2024-h1"))
    assert main_accept(review, data_dir, "en") == 0
    assert "1 new indicators added (tai_khoan_dinh_danh_dien_tu)" in capsys.readouterr().out
    workbook = load_workbook(data_dir)
    added = workbook.indicators.loc["tai_khoan_dinh_danh_dien_tu"]
    assert (added["name_vi"], added["unit"], added["pillar"]) == (
        "Số tài khoản định danh điện tử",
        "count",
        "xa_hoi_so",
    )
    figure = workbook.figures[workbook.figures["indicator_id"] == "tai_khoan_dinh_danh_dien_tu"]
    assert list(figure["value"]) == [1200] and list(figure["locality_id"]) == ["nam-son"]


def test_a_new_indicator_with_a_bad_pillar_changes_nothing(tmp_path: Path, data_dir: Path, capsys):
    report = tmp_path / "bao_cao.txt"
    report.write_text(_NEW_INDICATOR_REPORT, encoding="utf-8")
    review = tmp_path / "review.csv"
    assert main_ingest([report], review, data_dir, "en") == 0
    _rewrite_csv_review(review, lambda row: row.update(accept="yes", new_pillar="xa_hoi", source_id="nam-son-2024-h1"))
    before = {name: (data_dir / name).read_bytes() for name in ("indicators.csv", "figures.csv")}
    assert main_accept(review, data_dir, "en") == 1
    assert "review.csv, line 2, column new_pillar: value 'xa_hoi': expected one of" in capsys.readouterr().err
    assert {name: (data_dir / name).read_bytes() for name in before} == before


def test_proposing_a_review_returns_what_it_did_and_prints_nothing(tmp_path: Path, data_dir: Path, capsys):
    from helpers.intake.ingest import propose_review

    review = propose_review([REPORT], tmp_path / "review.csv", data_dir, "en")
    assert review.written and review.out.is_file() and review.file_count == 1
    assert review.counts["count"] == len(review.proposals) == 13
    assert capsys.readouterr() == ("", "")
    missing = tmp_path / "khong-co.txt"
    stopped = propose_review([missing, REPORT], tmp_path / "other.csv", data_dir, "en")
    assert not stopped.written and stopped.unreadable == 1 and not (tmp_path / "other.csv").exists()
    assert stopped.notes[0] == "khong-co.txt: file not found"
    refused = propose_review([REPORT], tmp_path / "review.txt", data_dir, "vi")
    assert refused.refused == "review.txt: cần đuôi .xlsx hoặc .csv" and not refused.written


def test_the_words_that_matched_do_not_change_with_the_hash_seed():
    """Terms of equal weight are listed in their own order, not a set's: the review file of the
    same report is the same from run to run (a set's order changes with PYTHONHASHSEED, and with
    six terms of one weight the set's order is the terms' own once in 720 seeds)."""
    import pandas as pd

    from helpers.intake.context import IndicatorMatcher, tokens

    name = "tỷ lệ xã phường thị trấn ban hành quyết định hợp nhất ban chỉ đạo"
    catalogue = pd.DataFrame(
        {
            "indicator_id": ["x"],
            "unit": ["percent"],
            "name_vi": [name],
            "numerator_vi": [None],
            "denominator_vi": [None],
        }
    ).set_index("indicator_id", drop=False)
    guess = IndicatorMatcher(catalogue).guess([(word, 1.0) for word in tokens(name)], "percent")
    assert len(guess.matched) == 6 and list(guess.matched) == sorted(guess.matched)  # one weight: by the terms
