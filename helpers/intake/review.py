"""The review file of ``cds ingest``: written as .xlsx (openpyxl) or .csv, and read back.

The analyst marks each proposed row in the ``accept`` column (``có``/``yes`` or
``không``/``no``) and may correct ``kind``, ``indicator_id``, ``locality_id``, ``period`` (for a
target: its year), the numbers, ``qualifier``, ``source_id``, ``locator`` and ``note``; the
other columns (the figure as printed, an excerpt, checks, the indicator's confidence, matched
words and other candidates, offsets) are there to review by. :mod:`helpers.intake.accept`
merges the accepted rows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..files import write_atomically
from ..i18n import text
from ..load import PILLARS, Workbook, number_text

# The Excel form's number text, literal-text cells and atomic write, so both files agree.
from .forms import set_literal, used_rows
from .read import check_archive, said

REVIEW_SHEET = "Đề xuất"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "_lists"
KINDS = ("achievement", "target", "count")
QUALIFIERS = (">", ">=", "<", "<=", "~")

# (column, width, the analyst may edit it, what it holds in Vietnamese, in English)
COLUMNS = (
    ("accept", 10, True, "có / không: đưa dòng này vào data/", "yes / no: merge this row into data/"),
    (
        "kind",
        12,
        True,
        "achievement (kết quả tỷ lệ), count (số đếm) hoặc target (chỉ tiêu)",
        "achievement (a rate), count, or target",
    ),
    ("indicator_id", 30, True, "mã chỉ tiêu trong indicators.csv", "indicator id from indicators.csv"),
    ("locality_id", 14, True, "mã địa phương trong localities.csv", "locality id from localities.csv"),
    (
        "period",
        15,
        True,
        "kỳ số liệu (2023, 2022-M6, 2022-01-01/..); với chỉ tiêu: năm",
        "period (2023, 2022-M6, 2022-01-01/..); for a target: its year",
    ),
    ("value", 10, True, "giá trị như bài viết (99,82% ghi 99,82)", "the value as printed"),
    ("numerator", 11, True, "tử số (số nguyên)", "numerator (whole number)"),
    ("denominator", 11, True, "mẫu số (số nguyên)", "denominator (whole number)"),
    (
        "qualifier",
        9,
        True,
        "> trên/hơn, >= tối thiểu/trở lên, < dưới/chưa đạt, <=, ~ khoảng/gần",
        "> above, >= at least, < below, <= at most, ~ about",
    ),
    ("source_id", 18, True, "mã nguồn trong sources.csv", "source id from sources.csv"),
    ("locator", 8, True, "vị trí: ¶N là đoạn thứ N", "where: ¶N is the N-th paragraph"),
    ("note", 30, True, "ghi chú (tuỳ chọn)", "note (optional)"),
    (
        "new_indicator",
        34,
        True,
        "tên chỉ tiêu mới, khi indicator_id chưa có trong indicators.csv: chấp nhận dòng sẽ thêm chỉ tiêu này",
        "name of a new indicator, when indicator_id is not in indicators.csv: accepting the row adds it",
    ),
    ("new_pillar", 16, True, "trụ cột của chỉ tiêu mới", "pillar of the new indicator"),
    ("printed", 24, False, "số như được in", "the figure as printed"),
    ("excerpt", 70, False, "trích đoạn quanh số liệu", "excerpt around the figure"),
    (
        "check",
        30,
        False,
        "kiểm tra: tỷ lệ cắt bớt / không khớp, thiếu kỳ, thiếu chỉ tiêu",
        "checks: truncated / inconsistent rate, missing period or indicator",
    ),
    ("confidence", 10, False, "độ tin cậy của mã chỉ tiêu đề xuất (0–1)", "confidence of the indicator (0–1)"),
    ("matched", 28, False, "các từ khớp với chỉ tiêu", "words that matched the indicator"),
    ("candidates", 44, False, "các chỉ tiêu khác có thể", "other possible indicators"),
    ("unit", 9, False, "đơn vị", "unit"),
    ("measure", 14, False, "danh từ sau số", "noun after the number"),
    ("file", 26, False, "tệp nguồn", "source file"),
    ("char_start", 10, False, "vị trí ký tự bắt đầu", "character offset, start"),
    ("char_end", 10, False, "vị trí ký tự kết thúc", "character offset, end"),
)
NAMES = tuple(column[0] for column in COLUMNS)

_GUIDE = {
    "vi": (
        "Mỗi dòng ở trang 'Đề xuất' là một số liệu chương trình tìm thấy trong bài viết; "
        "hãy đối chiếu với cột excerpt.",
        "Cột accept: ghi 'có' để đưa dòng vào data/, 'không' để bỏ. Dòng để trống được coi là chưa xem xét.",
        "Có thể sửa các cột accept … note (nền trắng). Các cột còn lại chỉ để tham khảo.",
        "kind = target: dòng được ghi vào targets.csv, cột period là năm của chỉ tiêu; "
        "achievement/count: ghi vào figures.csv.",
        "Cột check nêu các điểm cần xem: tỷ lệ công bố bị cắt bớt hoặc không khớp tử số/mẫu "
        "số, thiếu kỳ, thiếu mã chỉ tiêu.",
        "Nhập: cds ingest --accept <tệp này>. Nếu có lỗi, không tệp nào trong data/ thay đổi "
        "và lỗi nêu số dòng của trang này.",
    ),
    "en": (
        "Each row of sheet 'Đề xuất' is a figure found in the article; compare it with the excerpt column.",
        "Column accept: 'yes' merges the row into data/, 'no' drops it. An empty cell means not reviewed yet.",
        "Columns accept … note (white) may be edited; the others are for reference.",
        "kind = target goes to targets.csv with period holding the target's year; achievement/count go to figures.csv.",
        "Column check lists what to look at: a rate truncated or inconsistent with its fraction, "
        "no period, no indicator.",
        "Merge with: cds ingest --accept <this file>. On any error no file of data/ changes, and "
        "errors name this sheet's rows.",
    ),
}


def review_text(name: str, lang: str, **fields: object) -> str:
    """A message about the review file, in ``lang``."""
    return text(f"review.{name}", lang, **fields)


# --------------------------------------------------------------------------------------------
# Writing the review file


def write_review(rows: list[dict], path: Path, workbook: Workbook, lang: str = "vi") -> Path:
    """Write proposed rows (dicts keyed by :data:`NAMES`) to ``path`` (.xlsx or .csv).

    Numbers are given as :class:`~decimal.Decimal` or int; ``value`` keeps its printed
    decimals ("45,70" stays 45.70). The file is replaced atomically.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(NAMES)
        for row in rows:
            writer.writerow([_csvreview_text(row.get(name), editable) for name, _, editable, _, _ in COLUMNS])
        # A BOM so that Excel opens the Vietnamese text as UTF-8.
        write_atomically(path, ("\ufeff" + out.getvalue()).encode("utf-8"))
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = REVIEW_SHEET
    _write_rows(sheet, rows, lang)
    lists = book.create_sheet(LISTS_SHEET)
    ranges = _write_lists(lists, workbook)
    lists.sheet_state = "hidden"
    _add_validations(sheet, len(rows), ranges)
    guide = book.create_sheet(GUIDE_SHEET)
    for number, line in enumerate(_GUIDE[lang], start=1):
        guide.cell(number, 1, f"{number}.")
        guide.cell(number, 2, line).alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["B"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(path, buffer.getvalue())
    return path


def _csvreview_text(value: object, editable: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    text = str(value)
    if not editable and text[:1] in ("=", "+", "-", "@"):
        # Article text opened in a spreadsheet must not run as a formula.
        return "'" + text
    return text


def _write_rows(sheet, rows: list[dict], lang: str) -> None:
    bold = Font(bold=True)
    editable_fill = PatternFill("solid", fgColor="FFFFFF")
    info_fill = PatternFill("solid", fgColor="EDEDED")
    warn_fill = PatternFill("solid", fgColor="FCE4D6")
    for position, (name, width, editable, about_vi, about_en) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, position, name)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.comment = Comment({"vi": about_vi, "en": about_en}[lang], "cds ingest")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "B2"
    for offset, row in enumerate(rows):
        line = offset + 2
        for position, (name, _, editable, _, _) in enumerate(COLUMNS, start=1):
            value = row.get(name)
            cell = sheet.cell(line, position)
            if isinstance(value, Decimal):
                # A number the analyst can edit, shown with the decimals the source printed.
                decimals = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0
                cell.value = int(value) if decimals == 0 else float(value)
                cell.number_format = "0" if decimals == 0 else "0." + "0" * decimals
            elif value is None or value == "":
                cell.value = None
            elif isinstance(value, str):
                set_literal(cell, value)  # article text starting with "=" is not a formula
                cell.number_format = "@"  # "2022-M6" or "¶8" must stay text
            else:
                cell.value = value
            cell.fill = editable_fill if editable else info_fill
            if name == "excerpt":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if name == "check" and value:
                cell.fill = warn_fill


def _write_lists(sheet, workbook: Workbook) -> dict[str, str]:
    columns = {
        "indicator_id": list(workbook.indicators["indicator_id"]),
        "locality_id": list(workbook.localities["locality_id"]),
        "source_id": list(workbook.sources["source_id"]),
        "accept": ["có", "không"],
        "kind": list(KINDS),
        "qualifier": list(QUALIFIERS),
        "new_pillar": list(PILLARS),
    }
    ranges = {}
    for position, (name, values) in enumerate(columns.items(), start=1):
        letter = openpyxl.utils.get_column_letter(position)
        sheet.cell(1, position, name)
        for line, value in enumerate(values, start=2):
            sheet.cell(line, position, value)
        ranges[name] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    return ranges


def _add_validations(sheet, count: int, ranges: dict[str, str]) -> None:
    last = max(2, count + 1)
    for name, source in ranges.items():
        letter = openpyxl.utils.get_column_letter(NAMES.index(name) + 1)
        # Warnings, not stops: a new source or indicator may be added to data/ before merging.
        strict = name in ("accept", "kind", "qualifier", "new_pillar")
        validation = DataValidation(
            type="list", formula1=source, allow_blank=True, errorStyle="stop" if strict else "warning"
        )
        validation.showErrorMessage = True
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)


# --------------------------------------------------------------------------------------------
# Reading it back


@dataclass
class ReviewRow:
    """One row of the review file: where it is and its cells as text."""

    row: int
    where: str
    cells: dict[str, str]


def read_review(path: Path, lang: str = "vi") -> tuple[list[ReviewRow], list[str]]:
    """The rows of a review file and the problems of its cells."""
    path = Path(path)
    problems: list[str] = []
    rows: list[ReviewRow] = []
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            return [], [review_text("unreadable", lang, file=path.name, error=error)]
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        missing = [n for n in NAMES[:12] if n not in header]
        if missing:
            return [], [review_text("missing_columns", lang, file=path.name, columns=", ".join(missing))]
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            where = review_text("csv_row", lang, file=path.name, row=reader.line_num)
            values = dict(zip(header, (c.strip() for c in cells)))
            rows.append(ReviewRow(reader.line_num, where, values))
        return rows, problems
    try:
        check_archive(path)  # no compression bomb reaches openpyxl
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
        return [], [review_text("unreadable", lang, file=path.name, error=said(error, lang))]
    if REVIEW_SHEET not in book.sheetnames:
        return [], [review_text("no_sheet", lang, file=path.name, sheet=REVIEW_SHEET)]
    sheet = book[REVIEW_SHEET]
    header = [str(c.value).strip() if c.value is not None else "" for c in sheet[1]]
    missing = [n for n in NAMES[:12] if n not in header]
    if missing:
        return [], [review_text("missing_columns", lang, file=path.name, columns=", ".join(missing))]
    for line in used_rows(sheet, 2):  # not every row up to a stray far cell
        where = review_text("row", lang, sheet=REVIEW_SHEET, row=line)
        values: dict[str, str] = {}
        for position, name in enumerate(header, start=1):
            if not name:
                continue
            cell = sheet.cell(line, position)
            text, problem = _cellreview_text(cell, name, lang)
            if problem:
                problems.append(review_text("column", lang, where=where, column=name, what=problem))
            values[name] = text
        if any(values.get(name) for name in NAMES[:12]):
            rows.append(ReviewRow(line, where, values))
    return rows, problems


def _cellreview_text(cell, name: str, lang: str) -> tuple[str, str | None]:
    value = cell.value
    if value is None:
        return "", None
    if isinstance(value, (datetime, date, time, timedelta)):
        return "", review_text("date_cell", lang, value=value)
    if isinstance(value, bool):
        return ("có" if value else "không"), None
    if isinstance(value, (int, float)):
        text = number_text(value)
        if name == "value":
            # Keep the decimals the cell shows, so reconciliation knows the printed precision.
            shown = re.fullmatch(r"0\.(0+)", cell.number_format or "")
            if shown and "." in text:
                text = text + "0" * max(0, len(shown.group(1)) - len(text.split(".")[1]))
            elif shown:
                text = text + "." + "0" * len(shown.group(1))
        return text, None
    return str(value).strip(), None
