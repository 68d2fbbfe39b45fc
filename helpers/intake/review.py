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

# (column, width, the analyst may edit it); what each holds is TEXTS review.about.<column>
COLUMNS = (
    ("accept", 10, True),
    ("kind", 12, True),
    ("indicator_id", 30, True),
    ("locality_id", 14, True),
    ("period", 15, True),
    ("value", 10, True),
    ("numerator", 11, True),
    ("denominator", 11, True),
    ("qualifier", 9, True),
    ("source_id", 18, True),
    ("locator", 8, True),
    ("note", 30, True),
    ("new_indicator", 34, True),
    ("new_pillar", 16, True),
    ("printed", 24, False),
    ("excerpt", 70, False),
    ("check", 30, False),
    ("confidence", 10, False),
    ("matched", 28, False),
    ("candidates", 44, False),
    ("unit", 9, False),
    ("measure", 14, False),
    ("file", 26, False),
    ("char_start", 10, False),
    ("char_end", 10, False),
)
NAMES = tuple(column[0] for column in COLUMNS)

# The guide sheet's numbered lines (TEXTS review.guide.*).
_GUIDE = ("rows", "accept", "editable", "kind", "check", "merge")


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
            writer.writerow([_csvreview_text(row.get(name), editable) for name, _, editable in COLUMNS])
        # A BOM so that Excel opens the Vietnamese text as UTF-8.
        write_atomically(path, ("\ufeff" + out.getvalue()).encode("utf-8"))
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = REVIEW_SHEET
    _write_rows(sheet, rows, lang)
    lists = book.create_sheet(LISTS_SHEET)
    ranges = _write_lists(lists, workbook, lang)
    lists.sheet_state = "hidden"
    _add_validations(sheet, len(rows), ranges)
    guide = book.create_sheet(GUIDE_SHEET)
    for number, key in enumerate(_GUIDE, start=1):
        guide.cell(number, 1, f"{number}.")
        guide.cell(number, 2, text(f"review.guide.{key}", lang, sheet=REVIEW_SHEET)).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
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
    for position, (name, width, _editable) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, position, name)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.comment = Comment(text(f"review.about.{name}", lang), "cds ingest")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "B2"
    for offset, row in enumerate(rows):
        line = offset + 2
        for position, (name, _, editable) in enumerate(COLUMNS, start=1):
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


def _write_lists(sheet, workbook: Workbook, lang: str) -> dict[str, str]:
    columns = {
        "indicator_id": list(workbook.indicators["indicator_id"]),
        "locality_id": list(workbook.localities["locality_id"]),
        "source_id": list(workbook.sources["source_id"]),
        "accept": [review_text("accept.yes", lang), review_text("accept.no", lang)],
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
