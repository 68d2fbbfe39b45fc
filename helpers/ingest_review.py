"""The review file of ``cds ingest`` (.xlsx or .csv) and merging its accepted rows into data/.

The analyst marks each proposed row in the ``accept`` column (``có``/``yes`` or
``không``/``no``) and may correct ``kind``, ``indicator_id``, ``locality_id``, ``period`` (for a
target: its year), the numbers, ``qualifier``, ``source_id``, ``locator`` and ``note``. Accepting
merges achievements and counts into ``figures.csv`` and targets into ``targets.csv``; both are
checked by :func:`helpers.load.load_workbook` and the validation rules on a temporary copy of the
data folder first, and nothing changes when anything is wrong. The review file itself is never
modified: rejected and unreviewed rows stay in it.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

# The Excel import's merge, line mapping and atomic write: one way to change figures.csv.
from .excel import _FormRow, _merge, _number_text, _replace_atomically
from .ingest_numbers import parse_number
from .load import SCHEMAS, DataError, DataIssue, Workbook, load_workbook
from .i18n import message

REVIEW_SHEET = "Đề xuất"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "_lists"
KINDS = ("achievement", "target", "count")
QUALIFIERS = (">", ">=", "<", "<=", "~")
_YES = {"có", "co", "c", "yes", "y", "x", "1", "true", "đồng ý", "chấp nhận", "ok", "✓", "đúng"}
_NO = {"không", "khong", "k", "no", "n", "0", "false", "bỏ", "loại", "sai"}
_TARGET_COLUMNS = tuple(column.name for column in SCHEMAS["targets.csv"])
_MACHINE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")

# (column, width, the analyst may edit it, what it holds in Vietnamese, in English)
COLUMNS = (
    ("accept", 10, True, "có / không: đưa dòng này vào data/", "yes / no: merge this row into data/"),
    ("kind", 12, True, "achievement (kết quả tỷ lệ), count (số đếm) hoặc target (chỉ tiêu)",
     "achievement (a rate), count, or target"),
    ("indicator_id", 30, True, "mã chỉ tiêu trong indicators.csv", "indicator id from indicators.csv"),
    ("locality_id", 14, True, "mã địa phương trong localities.csv", "locality id from localities.csv"),
    ("period", 15, True, "kỳ số liệu (2023, 2022-M6, 2022-01-01/..); với chỉ tiêu: năm",
     "period (2023, 2022-M6, 2022-01-01/..); for a target: its year"),
    ("value", 10, True, "giá trị như bài viết (99,82% ghi 99,82)", "the value as printed"),
    ("numerator", 11, True, "tử số (số nguyên)", "numerator (whole number)"),
    ("denominator", 11, True, "mẫu số (số nguyên)", "denominator (whole number)"),
    ("qualifier", 9, True, "> trên/hơn, >= tối thiểu/trở lên, < dưới/chưa đạt, <=, ~ khoảng/gần",
     "> above, >= at least, < below, <= at most, ~ about"),
    ("source_id", 18, True, "mã nguồn trong sources.csv", "source id from sources.csv"),
    ("locator", 8, True, "vị trí: ¶N là đoạn thứ N", "where: ¶N is the N-th paragraph"),
    ("note", 30, True, "ghi chú (tuỳ chọn)", "note (optional)"),
    ("printed", 24, False, "số như được in", "the figure as printed"),
    ("excerpt", 70, False, "trích đoạn quanh số liệu", "excerpt around the figure"),
    ("check", 30, False, "kiểm tra: tỷ lệ cắt bớt / không khớp, thiếu kỳ, thiếu chỉ tiêu",
     "checks: truncated / inconsistent rate, missing period or indicator"),
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
        "Cột accept: ghi 'có' để đưa dòng vào data/, 'không' để bỏ. Dòng để trống được coi là "
        "chưa xem xét.",
        "Có thể sửa các cột accept … note (nền trắng). Các cột còn lại chỉ để tham khảo.",
        "kind = target: dòng được ghi vào targets.csv, cột period là năm của chỉ tiêu; "
        "achievement/count: ghi vào figures.csv.",
        "Cột check nêu các điểm cần xem: tỷ lệ công bố bị cắt bớt hoặc không khớp tử số/mẫu "
        "số, thiếu kỳ, thiếu mã chỉ tiêu.",
        "Nhập: cds ingest --accept <tệp này>. Nếu có lỗi, không tệp nào trong data/ thay đổi "
        "và lỗi nêu số dòng của trang này.",
    ),
    "en": (
        "Each row of sheet 'Đề xuất' is a figure found in the article; compare it with the "
        "excerpt column.",
        "Column accept: 'yes' merges the row into data/, 'no' drops it. An empty cell means not "
        "reviewed yet.",
        "Columns accept … note (white) may be edited; the others are for reference.",
        "kind = target goes to targets.csv with period holding the target's year; "
        "achievement/count go to figures.csv.",
        "Column check lists what to look at: a rate truncated or inconsistent with its fraction, "
        "no period, no indicator.",
        "Merge with: cds ingest --accept <this file>. On any error no file of data/ changes, and "
        "errors name this sheet's rows.",
    ),
}
_TEXT = {
    "row": {"vi": "Trang '{sheet}', dòng {row}", "en": "Sheet '{sheet}', row {row}"},
    "csv_row": {"vi": "{file}, dòng {row}", "en": "{file}, line {row}"},
    "column": {"vi": "{where}, cột {column}: {what}", "en": "{where}, column {column}: {what}"},
    "unreadable": {"vi": "Tệp {file}: không đọc được ({error})",
                   "en": "File {file}: cannot be read ({error})"},
    "no_sheet": {"vi": "Tệp {file}: không có trang '{sheet}'",
                 "en": "File {file}: no sheet '{sheet}'"},
    "missing_columns": {"vi": "Tệp {file}: thiếu cột {columns}",
                        "en": "File {file}: missing columns {columns}"},
    "bad_accept": {"vi": "giá trị '{value}': cần 'có' hoặc 'không'",
                   "en": "value '{value}': expected 'yes' or 'no'"},
    "bad_kind": {"vi": "giá trị '{value}': cần achievement, count hoặc target",
                 "en": "value '{value}': expected achievement, count or target"},
    "bad_number": {"vi": "giá trị '{value}': không phải số", "en": "value '{value}': not a number"},
    "bad_year": {"vi": "giá trị '{value}': chỉ tiêu cần một năm (ví dụ 2025)",
                 "en": "value '{value}': a target needs a year (such as 2025)"},
    "bad_qualifier": {"vi": "giá trị '{value}': cần một trong > >= < <= ~",
                      "en": "value '{value}': expected one of > >= < <= ~"},
    "required": {"vi": "ô trống; cần {column}", "en": "empty; {column} is required"},
    "date_cell": {
        "vi": "ô chứa ngày tháng ({value}) do Excel tự chuyển; hãy nhập lại dưới dạng văn bản",
        "en": "the cell holds a date ({value}) that Excel converted; type it again as text",
    },
    "duplicate": {"vi": "trùng với dòng {other} (cùng {key})",
                  "en": "repeats row {other} (same {key})"},
    "changed": {"vi": "{file} đã bị thay đổi trong lúc nhập; không ghi gì, hãy nhập lại",
                "en": "{file} changed during the merge; nothing was written, try again"},
    "approximate_target": {"vi": "chỉ tiêu ghi 'khoảng' (~) được lưu với dấu >=",
                           "en": "a target given as 'about' (~) is stored with >="},
}


def _text(name: str, lang: str, **fields: object) -> str:
    return _TEXT[name][lang].format(**fields)


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
            writer.writerow([_csv_text(row.get(name)) for name in NAMES])
        # A BOM so that Excel opens the Vietnamese text as UTF-8.
        _replace_atomically(path, ("\ufeff" + out.getvalue()).encode("utf-8"))
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
    _replace_atomically(path, buffer.getvalue())
    return path


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _number_text(value)
    return str(value)


def _write_rows(sheet, rows: list[dict], lang: str) -> None:
    bold = Font(bold=True)
    editable_fill = PatternFill("solid", fgColor="FFFFFF")
    info_fill = PatternFill("solid", fgColor="EDEDED")
    warn_fill = PatternFill("solid", fgColor="FCE4D6")
    for position, (name, width, editable, about_vi, about_en) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, position, name)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.comment = Comment(about_vi if lang == "vi" else about_en, "cds ingest")
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
            else:
                cell.value = value
                if isinstance(value, str):
                    cell.number_format = "@"  # "2022-M6" or "¶8" must stay text
                    if value.startswith("="):
                        cell.data_type = "s"
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
        strict = name in ("accept", "kind", "qualifier")
        validation = DataValidation(type="list", formula1=source, allow_blank=True,
                                    errorStyle="stop" if strict else "warning")
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
            return [], [_text("unreadable", lang, file=path.name, error=error)]
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        missing = [n for n in NAMES[:12] if n not in header]
        if missing:
            return [], [_text("missing_columns", lang, file=path.name, columns=", ".join(missing))]
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            where = _text("csv_row", lang, file=path.name, row=reader.line_num)
            values = dict(zip(header, (c.strip() for c in cells)))
            rows.append(ReviewRow(reader.line_num, where, values))
        return rows, problems
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
        return [], [_text("unreadable", lang, file=path.name, error=error)]
    if REVIEW_SHEET not in book.sheetnames:
        return [], [_text("no_sheet", lang, file=path.name, sheet=REVIEW_SHEET)]
    sheet = book[REVIEW_SHEET]
    header = [str(c.value).strip() if c.value is not None else "" for c in sheet[1]]
    missing = [n for n in NAMES[:12] if n not in header]
    if missing:
        return [], [_text("missing_columns", lang, file=path.name, columns=", ".join(missing))]
    for line in range(2, sheet.max_row + 1):
        where = _text("row", lang, sheet=REVIEW_SHEET, row=line)
        values: dict[str, str] = {}
        for position, name in enumerate(header, start=1):
            if not name:
                continue
            cell = sheet.cell(line, position)
            text, problem = _cell_text(cell, name, lang)
            if problem:
                problems.append(_text("column", lang, where=where, column=name, what=problem))
            values[name] = text
        if any(values.get(name) for name in NAMES[:12]):
            rows.append(ReviewRow(line, where, values))
    return rows, problems


def _cell_text(cell, name: str, lang: str) -> tuple[str, str | None]:
    value = cell.value
    if value is None:
        return "", None
    if isinstance(value, (datetime, date, time, timedelta)):
        return "", _text("date_cell", lang, value=value)
    if isinstance(value, bool):
        return ("có" if value else "không"), None
    if isinstance(value, (int, float)):
        text = _number_text(value)
        if name == "value":
            # Keep the decimals the cell shows, so reconciliation knows the printed precision.
            shown = re.fullmatch(r"0\.(0+)", cell.number_format or "")
            if shown and "." in text:
                text = text + "0" * max(0, len(shown.group(1)) - len(text.split(".")[1]))
            elif shown:
                text = text + "." + "0" * len(shown.group(1))
        return text, None
    return str(value).strip(), None


# --------------------------------------------------------------------------------------------
# Accepting


@dataclass
class AcceptResult:
    """What :func:`accept_review` did; ``problems`` non-empty means nothing was written."""

    added: int = 0
    replaced: int = 0
    targets_added: int = 0
    targets_replaced: int = 0
    rejected: int = 0
    unreviewed: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def accept_review(path: Path, data_dir: Path, lang: str = "vi") -> AcceptResult:
    """Merge the accepted rows of a review file into ``data_dir``.

    Achievements and counts go to ``figures.csv`` (a row with the same locality, indicator and
    period is replaced), targets to ``targets.csv`` (same indicator, locality and year). Both
    files are validated together on a temporary copy of ``data_dir`` (the loader, then the
    error-level validation rules) and replaced only when nothing is wrong.
    """
    from .quality import findings  # imported on use: it pulls in the report's formatting

    result = AcceptResult()
    data_dir = Path(data_dir)
    try:
        workbook = load_workbook(data_dir)
    except DataError as error:
        result.problems += [issue.format(lang) for issue in error.issues]
        return result
    rows, result.problems = read_review(Path(path), lang)
    figures: list[_FormRow] = []
    targets: list[tuple[ReviewRow, dict[str, str]]] = []
    seen: dict[tuple, ReviewRow] = {}
    for row in rows:
        decision = row.cells.get("accept", "").strip().lower()
        if decision in _NO:
            result.rejected += 1
            continue
        if decision == "":
            result.unreviewed += 1
            continue
        if decision not in _YES:
            result.problems.append(_text("column", lang, where=row.where, column="accept",
                                         what=_text("bad_accept", lang, value=decision)))
            continue
        fields, problems = _fields(row, workbook, lang, result.warnings)
        result.problems += problems
        if problems:
            continue
        is_target = row.cells.get("kind", "").strip() == "target"
        key = ((fields["indicator_id"], fields["locality_id"], fields["year"]) if is_target else
               (fields["locality_id"], fields["indicator_id"], fields["period"]))
        if (is_target, key) in seen:
            other = seen[(is_target, key)]
            shown = "indicator_id, locality_id, year" if is_target else \
                "locality_id, indicator_id, period"
            result.problems.append(f"{row.where}: " + _text("duplicate", lang, other=other.row,
                                                            key=shown))
            continue
        seen[(is_target, key)] = row
        if is_target:
            targets.append((row, fields))
        else:
            figures.append(_FormRow(REVIEW_SHEET, row.row, fields))
    if result.problems:
        return result

    figures_path, targets_path = data_dir / "figures.csv", data_dir / "targets.csv"
    original_figures = figures_path.read_bytes() if figures_path.exists() else None
    original_targets = targets_path.read_bytes() if targets_path.exists() else None
    try:
        merged, counts, _ = _merge(original_figures, figures, lang)
        merged = _with_qualifiers(merged, counts["lines"])
        merged_targets, target_counts, target_lines = _merge_targets(original_targets, targets)
    except UnicodeDecodeError:
        result.problems.append(message("not_utf8", lang))
        return result
    wheres = {row.row: row.where for row in rows}

    with tempfile.TemporaryDirectory(prefix="cds-ingest-") as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy)
        (copy / "figures.csv").write_bytes(merged)
        (copy / "targets.csv").write_bytes(merged_targets)
        try:
            merged_workbook = load_workbook(copy)
        except DataError as error:
            figure_lines = {line: form_row.row for line, form_row in counts["lines"].items()}
            for issue in error.issues:
                result.problems.append(_locate(issue, figure_lines, target_lines, wheres, lang))
        else:
            result.problems += [f.format(lang) for f in findings(merged_workbook)
                                if f.severity == "error"]
    result.problems = list(dict.fromkeys(result.problems))
    if result.problems:
        return result

    for target, original, content in ((figures_path, original_figures, merged),
                                      (targets_path, original_targets, merged_targets)):
        current = target.read_bytes() if target.exists() else None
        if current != original:
            result.problems.append(_text("changed", lang, file=target.name))
            return result
    # targets first: figures.csv is what a half-finished run would most regret
    for target, original, content in ((targets_path, original_targets, merged_targets),
                                      (figures_path, original_figures, merged)):
        if content != original:
            _replace_atomically(target, content)
    result.added, result.replaced = counts["added"], counts["replaced"]
    result.targets_added, result.targets_replaced = target_counts
    return result


def _fields(row: ReviewRow, workbook: Workbook, lang: str,
            warnings: list[str]) -> tuple[dict[str, str], list[str]]:
    """The CSV cells for one accepted row, or the problems of its cells."""
    cells = row.cells
    problems: list[str] = []

    def problem(column: str, key: str, **values: object) -> None:
        problems.append(_text("column", lang, where=row.where, column=column,
                              what=_text(key, lang, **values)))

    kind = cells.get("kind", "").strip()
    if kind not in KINDS:
        problem("kind", "bad_kind", value=kind)
    numbers = {}
    for name in ("value", "numerator", "denominator"):
        text = cells.get(name, "").strip()
        numbers[name] = _machine_number(text)
        if text and numbers[name] is None:
            problem(name, "bad_number", value=text)
    qualifier = cells.get("qualifier", "").strip()
    if qualifier and qualifier not in QUALIFIERS:
        problem("qualifier", "bad_qualifier", value=qualifier)
    locator = cells.get("locator", "").strip()
    if locator.isdigit():
        locator = f"¶{locator}"  # the project's convention for a paragraph
    common = {
        "indicator_id": cells.get("indicator_id", "").strip(),
        "locality_id": cells.get("locality_id", "").strip(),
        "source_id": cells.get("source_id", "").strip(),
        "locator": locator,
        "note": cells.get("note", "").strip(),
    }
    if kind == "target":
        year = cells.get("period", "").strip()
        if not re.fullmatch(r"\d{4}", year):
            problem("period", "bad_year", value=year)
        if not numbers["value"]:
            problem("value", "required", column="value")
        direction = "higher"
        if common["indicator_id"] in workbook.indicators.index:
            direction = workbook.indicators.at[common["indicator_id"], "direction"]
        if qualifier == "~":
            warnings.append(f"{row.where}: " + _text("approximate_target", lang))
        comparison = qualifier if qualifier in (">", ">=", "<", "<=") else (
            ">=" if direction == "higher" else "<=")
        fields = dict(common, year=year, value=numbers["value"] or "", comparison=comparison)
        return fields, problems
    fields = dict(common, period=cells.get("period", "").strip(), qualifier=qualifier,
                  numerator=numbers["numerator"] or "", denominator=numbers["denominator"] or "",
                  value=numbers["value"] or "")
    if not fields["note"]:
        del fields["note"]  # an empty note keeps the curator's note of a replaced row
    return fields, problems


def _machine_number(text: str) -> str | None:
    """``"99.82"``, or a Vietnamese ``"99,82"`` / ``"18.592"`` typed by hand, as machine text."""
    if not text:
        return ""
    if _MACHINE_NUMBER.match(text):
        return text
    parsed = parse_number(text)
    return parsed[1] if parsed else None


def _with_qualifiers(merged: bytes, lines: dict[int, _FormRow]) -> bytes:
    """Put each accepted row's qualifier into the merged figures.csv.

    The Excel form has no qualifier column, so :func:`helpers.excel._merge` writes an empty one
    for new rows; a reviewed row does know it ("trên 85%" is ``>``).
    """
    text = merged.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    reader = csv.reader(io.StringIO(text[len(bom):], newline=""))
    header = next(reader)
    records, owners = [], {}
    for record in reader:
        records.append(record)
        if reader.line_num in lines:
            owners[len(records) - 1] = lines[reader.line_num]
    if "qualifier" not in header:
        return merged  # _merge adds the column whenever a row has a qualifier
    column = header.index("qualifier")
    for position, form_row in owners.items():
        records[position][column] = form_row.fields.get("qualifier", "")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    return (bom + out.getvalue()).encode("utf-8")


def _merge_targets(original: bytes | None, rows: list[tuple[ReviewRow, dict[str, str]]]
                   ) -> tuple[bytes, tuple[int, int], dict[int, int]]:
    """Merge target rows into targets.csv; same indicator, locality and year replaces.

    Returns the bytes, ``(added, replaced)`` and the CSV line → review row of each merged row.
    """
    bom, header, records = "", list(_TARGET_COLUMNS), []
    if original is not None:
        text = original.decode("utf-8")
        if text.startswith("\ufeff"):
            bom, text = "\ufeff", text[1:]
        parsed = list(csv.reader(io.StringIO(text, newline="")))
        if parsed:
            header, records = parsed[0], parsed[1:]
    names = [h.strip() for h in header]

    def key(cells: dict[str, str]) -> tuple[str, str, str]:
        return tuple(cells.get(n, "").strip() for n in ("indicator_id", "locality_id", "year"))

    index = {key(dict(zip(names, r))): i for i, r in enumerate(records) if len(r) == len(names)}
    added = replaced = 0
    owner: dict[int, int] = {}
    for row, fields in rows:
        position = index.get(key(fields))
        old = dict(zip(names, records[position])) if position is not None else {}
        # an empty note keeps the curator's note of a replaced row
        record = [fields.get(name, "") or (old.get(name, "") if name == "note" else "")
                  for name in names]
        if position is None:
            records.append(record)
            position = index[key(fields)] = len(records) - 1
            added += 1
        elif records[position] != record:
            records[position] = record
            replaced += 1
        owner[position] = row.row
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    text = out.getvalue()
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    lines = {}
    for position, _ in enumerate(reader):
        if position in owner:
            lines[reader.line_num] = owner[position]
    return (bom + text).encode("utf-8"), (added, replaced), lines


_TARGET_TO_REVIEW = {"year": "period", "comparison": "qualifier"}


def _locate(issue: DataIssue, figure_lines: dict[int, int], target_lines: dict[int, int],
            wheres: dict[int, str], lang: str) -> str:
    """A loader issue, named by the review row it comes from when it comes from one."""
    lines = {"figures.csv": figure_lines, "targets.csv": target_lines}.get(issue.file, {})
    row = lines.get(issue.line)
    if row is None:
        return issue.format(lang)
    what = message(issue.code, lang, **issue.fields)
    if issue.value is not None:
        what = ("giá trị" if lang == "vi" else "value") + f" '{issue.value}': {what}"
    column = _TARGET_TO_REVIEW.get(issue.column, issue.column) if issue.file == "targets.csv" \
        else issue.column
    return _text("column", lang, where=wheres[row], column=column or "-", what=what)
