"""Excel forms for entering figures: write a form for one locality and period, import it back.

The form is an ``.xlsx`` workbook made with openpyxl:

* sheet ``Hướng dẫn``: instructions in Vietnamese, the locality and period (cells
  :data:`LOCALITY_CELL` and :data:`PERIOD_CELL`, also the defined names ``CDS_LOCALITY_ID`` and
  ``CDS_PERIOD``) and the list of known sources;
* one sheet per pillar, titled with its Vietnamese name, one row per indicator, columns
  A ``indicator_id``, B ``name_vi``, C unit, D ``numerator``, E ``denominator``, F ``value``,
  G ``source_id``, H ``locator``, I ``note``; only D–I can be typed in;
* a very hidden sheet ``_meta`` holding the locality and period for the import.

:func:`import_form` turns the filled rows into ``figures.csv`` rows, checks them cell by cell, and
hands them to :class:`helpers.transaction.Transaction`, which checks the merged data folder and
replaces ``figures.csv`` only when nothing is wrong.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from ..files import write_atomically
from ..formatting import format_date, format_fraction, format_value
from ..i18n import check_language, label, message, text
from ..load import DataIssue, Workbook, number_text, vietnamese_number_advice
from ..periods import parse_period
from ..transaction import Transaction, TransactionError, same_cell
from .read import check_archive, said

INSTRUCTIONS_SHEET = "Hướng dẫn"
META_SHEET = "_meta"
LOCALITY_CELL = "B3"  # on the instructions sheet: the form's locality_id
PERIOD_CELL = "B5"  # on the instructions sheet: the form's period notation
ROUND_CELL = "B7"  # on the instructions sheet of a round's form: the round_id
DUE_CELL = "B8"  # … and its due date
PREVIOUS_COLUMN = "J"  # on pillar sheets: the unit's last figure before the period, locked
FORM_VERSION = "1"
HEADER_ROW = 1
FIRST_ROW = 2

# (figures.csv column or form-only field, column letter, header shown to the analyst, width);
# the headers are the import's check that no column was added, removed or moved
FORM_COLUMNS = tuple(
    (name, letter, text(f"form.column.{name}", "vi"), width)
    for name, letter, width in (
        ("indicator_id", "A", 26),
        ("name_vi", "B", 44),
        ("unit", "C", 11),
        ("numerator", "D", 14),
        ("denominator", "E", 14),
        ("value", "F", 14),
        ("source_id", "G", 18),
        ("locator", "H", 18),
        ("note", "I", 40),
    )
)
_LETTER = {name: letter for name, letter, _, _ in FORM_COLUMNS}
_DATA_FIELDS = ("numerator", "denominator", "value", "source_id", "locator", "note")

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")

# The instructions sheet's numbered lines (TEXTS form.guide.*); {locality_cell} and
# {period_cell} are filled in.
_GUIDE = ("sheets", "fraction", "value", "numbers", "source", "locator", "skip", "prefilled", "cells")


def _text(key: str, lang: str, **fields: object) -> str:
    return text(f"form.{key}", lang, **fields)


def _at(sheet: str, cell: str, what: str, lang: str) -> str:
    return _text("cell", lang, sheet=sheet, cell=cell, what=what)


@dataclass
class ImportResult:
    """What :func:`import_form` did.

    Attributes
    ----------
    added, replaced
        Rows appended to ``figures.csv``, and existing rows (same locality, indicator, period)
        whose content changed. Zero both when the import failed.
    unchanged
        Filled rows identical to the row already there (e.g. pre-filled figures left as they were).
    problems
        Every problem found, located by sheet and cell where possible. Non-empty: nothing written.
    warnings
        Remarks that did not stop the import.
    """

    added: int = 0
    replaced: int = 0
    problems: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the import succeeded and ``figures.csv`` holds the form's figures."""
        return not self.problems


# --------------------------------------------------------------------------------------------
# The template


def write_template(workbook: Workbook, locality_id: str, period: str, path: Path, round_id: str | None = None) -> Path:
    """Write an ``.xlsx`` form for one locality and period, pre-filled with its figures.

    Beside each row (column J, locked) stands the unit's last figure before the period, for
    reference. Every locked cell's text is kept in the hidden ``_meta`` sheet (columns D–F) with
    the order of the sheets, so the import can tell an edited locked cell or a renamed or
    reordered sheet. A form of a collection round (``round_id``, see :mod:`helpers.rounds`)
    also shows and records the round and its due date, and asks only the round's indicators.

    Parameters
    ----------
    workbook
        The loaded data (:func:`helpers.load.load_workbook`).
    locality_id, period
        The locality and the period (workbook notation, e.g. ``2024`` or ``2022-M6``) of the form.
    path
        Where to write; replaced atomically if it exists.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    KeyError
        Unknown ``locality_id``.
    ValueError
        ``period`` is not in the period notation.
    """
    locality = workbook.locality(locality_id)
    parsed = parse_period(period)
    notation = parsed.notation
    figures = workbook.figures_of(locality_id)
    existing = figures[figures["period"] == parsed.canonical]
    by_indicator = {row["indicator_id"]: row for _, row in existing.iterrows()}
    previous = _previous_figures(workbook, figures, parsed)

    indicators = workbook.indicators
    round_fields: tuple[tuple[str, str], ...] = ()
    if round_id is not None:
        record = workbook.rounds.loc[round_id]
        due = record["due"].date()
        round_fields = (("round_id", round_id), ("due", due.isoformat()))
        if pd.notna(record["indicators"]) and record["indicators"]:
            indicators = indicators.loc[[i for i in indicators.index if i in record["indicators"].split(";")]]

    book = openpyxl.Workbook()
    instructions = book.active
    instructions.title = INSTRUCTIONS_SHEET
    sources_range = _write_instructions(
        instructions, workbook, locality_id, locality["name"], notation, dict(round_fields)
    )

    titles = []
    for pillar in dict.fromkeys(indicators["pillar"]):  # first-appearance order, as in the reports
        sheet = book.create_sheet(_sheet_title(label(f"pillar.{pillar}")))
        rows = indicators[indicators["pillar"] == pillar]
        _write_pillar(sheet, rows, by_indicator, sources_range, previous)
        titles.append(sheet.title)

    locked = [
        (sheet.title, cell.coordinate, _shown(cell.value))
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and cell.protection.locked
    ]
    meta = book.create_sheet(META_SHEET)
    for row in (
        ("form_version", FORM_VERSION),
        ("locality_id", locality_id),
        ("period", notation),
        *round_fields,
        ("sheets", "|".join(titles)),
    ):
        meta.append(row)
    for number, (title, ref, value) in enumerate(locked, start=1):
        meta.cell(number, 4, title)
        meta.cell(number, 5, ref)
        set_literal(meta.cell(number, 6), value)
    meta.sheet_state = "veryHidden"  # not listed in Excel's "Unhide", so not edited by accident
    meta.protection.sheet = True

    book.defined_names["CDS_LOCALITY_ID"] = DefinedName(
        "CDS_LOCALITY_ID", attr_text=f"{_quoted(INSTRUCTIONS_SHEET)}!{_absolute(LOCALITY_CELL)}"
    )
    book.defined_names["CDS_PERIOD"] = DefinedName(
        "CDS_PERIOD", attr_text=f"{_quoted(INSTRUCTIONS_SHEET)}!{_absolute(PERIOD_CELL)}"
    )
    # No password: protection is a guard against slips, not a security measure.
    book.security = WorkbookProtection(lockStructure=True)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(path, buffer.getvalue())
    return path


def _write_instructions(
    sheet, workbook: Workbook, locality_id: str, name: str, notation: str, round_fields: dict[str, str]
) -> str:
    """Fill the instructions sheet; return the range of source ids for the G-column drop-down."""
    bold = Font(bold=True)
    sheet["A1"] = text("form.title", "vi")
    sheet["A1"].font = Font(bold=True, size=14)
    fixed = (
        ("A3", text("form.locality_id", "vi"), LOCALITY_CELL, locality_id),
        ("A4", text("form.locality_name", "vi"), "B4", name),
        ("A5", text("form.period", "vi"), PERIOD_CELL, notation),
        ("A6", text("form.period_label", "vi"), "B6", parse_period(notation).label("vi")),
    )
    if round_fields:
        due = format_date(date.fromisoformat(round_fields["due"]), "vi")
        fixed += (
            ("A7", text("round.form_round", "vi"), ROUND_CELL, round_fields["round_id"]),
            ("A8", text("round.form_due", "vi"), DUE_CELL, due),
        )
    for label_cell, caption, value_cell, value in fixed:
        sheet[label_cell] = caption
        sheet[label_cell].font = bold
        set_literal(sheet[value_cell], value)
    lines = [text(f"form.guide.{key}", "vi", locality_cell=LOCALITY_CELL, period_cell=PERIOD_CELL) for key in _GUIDE]
    row = 8
    if round_fields:
        lines.append(text("round.form_guide", "vi", round_cell=ROUND_CELL, due_cell=DUE_CELL))
        row = 10
    sheet[f"A{row}"] = text("form.how_to_fill", "vi")
    sheet[f"A{row}"].font = bold
    row += 1
    for number, line in enumerate(lines, start=1):
        sheet.cell(row, 1, f"{number}.").alignment = Alignment(horizontal="right", vertical="top")
        sheet.cell(row, 2, line).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    sheet.cell(row, 1, text("form.sources", "vi")).font = bold
    row += 1
    sheet.cell(row, 1, "source_id").font = bold
    sheet.cell(row, 2, text("form.source_name", "vi")).font = bold
    first = row + 1
    for source_id, title in zip(workbook.sources["source_id"], workbook.sources["title"]):
        row += 1
        set_literal(sheet.cell(row, 1), source_id)
        set_literal(sheet.cell(row, 2), title)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    sheet.protection.sheet = True
    last = max(row, first)
    return f"{_quoted(INSTRUCTIONS_SHEET)}!$A${first}:$A${last}"


def _write_pillar(
    sheet, indicators: pd.DataFrame, by_indicator: dict, sources_range: str, previous: dict[str, str]
) -> None:
    bold = Font(bold=True)
    headers = [*FORM_COLUMNS, ("previous", PREVIOUS_COLUMN, text("round.form_previous", "vi"), 34)]
    for _name, letter, header, width in headers:
        cell = sheet[f"{letter}{HEADER_ROW}"]
        cell.value = header
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST_ROW}"

    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    _explain(whole, text("form.whole_title", "vi"), text("form.whole_prompt", "vi"))
    rate = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    _explain(rate, text("form.rate_title", "vi"), text("form.rate_prompt", "vi"))
    index = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True)
    _explain(index, text("form.index_title", "vi"), text("form.index_prompt", "vi"))
    points = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    _explain(points, text("form.points_title", "vi"), text("form.points_prompt", "vi"))
    # A warning, not a stop: a new source may be typed once it is added to sources.csv.
    source = DataValidation(type="list", formula1=sources_range, allow_blank=True, errorStyle="warning")
    _explain(source, text("form.source_title", "vi"), text("form.source_prompt", "vi"))
    for validation in (whole, rate, index, points, source):
        sheet.add_data_validation(validation)

    for offset, (indicator_id, indicator) in enumerate(indicators.iterrows()):
        row = FIRST_ROW + offset
        percent = indicator["unit"] == "percent"
        for name, letter, _, _ in FORM_COLUMNS[:3]:
            value = text(f"form.unit.{indicator['unit']}", "vi") if name == "unit" else indicator[name]
            cell = set_literal(sheet[f"{letter}{row}"], value)
            cell.fill = _LOCKED_FILL
        for name in _DATA_FIELDS:
            cell = sheet[f"{_LETTER[name]}{row}"]
            fraction = name in ("numerator", "denominator")
            if fraction and not percent:
                cell.fill = _LOCKED_FILL  # a count takes no fraction: keep the cells closed
                continue
            cell.protection = Protection(locked=False)
            if name in ("source_id", "locator", "note"):
                # Text format: Excel keeps "1/7" or "=…" typed here as text.
                cell.number_format = "@"
        # a count is a whole number; an index (0–1) and a score in points take decimals
        unit = indicator["unit"]
        if percent:
            whole.add(f"D{row}:E{row}")
            rate.add(f"F{row}")
        else:
            {"index": index, "points": points}.get(unit, whole).add(f"F{row}")
        source.add(f"G{row}")
        figure = by_indicator.get(indicator_id)
        if figure is not None:
            _prefill(sheet, row, figure)
        if indicator_id in previous:
            cell = set_literal(sheet[f"{PREVIOUS_COLUMN}{row}"], previous[indicator_id])
            cell.fill = _LOCKED_FILL
    sheet.protection.sheet = True
    # Analysts may widen columns and rows; the cells themselves stay locked.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _prefill(sheet, row: int, figure: pd.Series) -> None:
    for name in ("numerator", "denominator", "value"):
        value = figure[name]
        if pd.isna(value):
            continue
        number = float(value)
        sheet[f"{_LETTER[name]}{row}"] = int(number) if number.is_integer() else number
    for name in ("source_id", "locator", "note"):
        value = figure.get(name)
        if isinstance(value, str) and value:
            set_literal(sheet[f"{_LETTER[name]}{row}"], value)
    qualifier = figure.get("qualifier")
    if isinstance(qualifier, str) and qualifier:
        sheet[f"F{row}"].comment = Comment(text("form.qualifier_kept", "vi", qualifier=qualifier), "cds")


def _previous_figures(workbook: Workbook, figures: pd.DataFrame, period) -> dict[str, str]:
    """Each indicator's latest figure of the unit ending before ``period`` ends, as text:
    "99,82% (18.592/18.624) · Năm 2024"."""
    end = pd.Timestamp(period.end or period.start)
    earlier = figures[(figures["period"] != period.canonical) & (figures["period_end"] < end)]
    shown = {}
    units = workbook.indicators["unit"]
    for indicator_id, rows in earlier.sort_values("period_end").groupby("indicator_id"):
        last = rows.iloc[-1]
        unit = units[indicator_id]
        value = last["value"]
        if pd.isna(value) and pd.notna(last["numerator"]):
            value = last["numerator"] / last["denominator"] * 100
        words = format_value(value, unit, "vi") if pd.notna(value) else ""
        if pd.notna(last["numerator"]):
            fraction = format_fraction(int(last["numerator"]), int(last["denominator"]), "vi")
            words = f"{words} ({fraction})".strip()
        shown[indicator_id] = f"{words} · {parse_period(last['period']).label('vi')}"
    return shown


def _shown(value: object) -> str:
    """A cell's value as the text kept for comparing locked cells."""
    return "" if value is None else str(value)


def _explain(validation: DataValidation, title: str, text: str) -> None:
    validation.showErrorMessage = True
    validation.showInputMessage = True
    validation.errorTitle = title
    validation.error = text
    validation.promptTitle = title
    validation.prompt = text


def stored_cells(sheet) -> list:
    """The cells a sheet's file stores (not the empty ones up to its farthest cell; see
    :func:`used_rows`)."""
    stored = getattr(sheet, "_cells", None)
    if stored is None:  # another openpyxl layout: every cell of the used range
        return [cell for row in sheet.iter_rows() for cell in row]
    return list(stored.values())


def used_rows(sheet, first: int) -> list[int]:
    """The rows from ``first`` on that hold a cell, in order.

    ``max_row`` counts up to the farthest cell ever touched: one stray cell in row 1,048,576 would
    make a loop over every row create millions of empty cells (minutes, gigabytes). openpyxl keeps
    only the cells a file stores, by (row, column).
    """
    stored = getattr(sheet, "_cells", None)
    if stored is None:  # another openpyxl layout: the plain range
        return list(range(first, sheet.max_row + 1))
    return sorted({row for row, _ in stored if row >= first})


def set_literal(cell, value: object):
    """Put ``value`` in ``cell`` as literal text: openpyxl would store "=…" as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _sheet_title(text: str) -> str:
    for bad in "[]:*?/\\":
        text = text.replace(bad, "-")
    return text[:31]


def _quoted(sheet_title: str) -> str:
    return "'" + sheet_title.replace("'", "''") + "'"


def _absolute(cell: str) -> str:
    letters = "".join(ch for ch in cell if ch.isalpha())
    return f"${letters}${cell[len(letters) :]}"


# --------------------------------------------------------------------------------------------
# The import


@dataclass
class FormRow:
    sheet: str
    row: int
    fields: dict[str, str]  # figures.csv column -> CSV text


@dataclass
class FormRead:
    """What a filled form holds, before anything is merged.

    ``meta``: the form's ``locality_id``, ``period`` and, for a round's form, ``round_id`` and
    ``due`` (empty when the form has none); ``rows``: its filled rows; ``problems``: every problem
    of its cells and structure, located by sheet and cell.
    """

    path: Path
    meta: dict[str, str]
    rows: list[FormRow]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return bool(self.meta) and not self.problems


def read_form(path: Path, lang: str = "vi") -> FormRead:
    """Read a filled form (made by :func:`write_template`) and check it cell by cell.

    A form that cannot be opened, has no locality and period, whose sheets were renamed, added,
    removed or reordered, or whose locked cells were edited is refused with a problem naming the
    file, sheet and cell; nothing is merged here.
    """
    path = Path(path)
    read = FormRead(path, {}, [], [])
    try:
        check_archive(path)  # no compression bomb reaches openpyxl
        # Cached values for the figures, formulas to tell "no cached value" from empty; a form
        # without any formula (most) is the same both ways and is read once.
        formulas = openpyxl.load_workbook(path, data_only=False)
        any_formula = any(cell.data_type == "f" for sheet in formulas.worksheets for cell in stored_cells(sheet))
        values = openpyxl.load_workbook(path, data_only=True) if any_formula else formulas
    except Exception as error:  # openpyxl raises many kinds for a file that is not an .xlsx
        read.problems.append(
            _text("file", lang, file=path.name, what=_text("unreadable", lang, error=said(error, lang)))
        )
        return read

    meta = _read_meta(values)
    if meta is None:
        what = _text("no_meta", lang, locality_cell=LOCALITY_CELL, period_cell=PERIOD_CELL, sheet=INSTRUCTIONS_SHEET)
        read.problems.append(_text("file", lang, file=path.name, what=what))
        return read
    read.meta = meta
    if not _check_structure(values, path, lang, read.problems):
        return read

    seen: dict[str, tuple[str, str]] = {}
    for title in values.sheetnames:
        if title in (INSTRUCTIONS_SHEET, META_SHEET):
            continue
        for form_row in _read_sheet(values[title], formulas[title], lang, read.problems):
            indicator_id = form_row.fields["indicator_id"]
            cell = f"A{form_row.row}"
            if indicator_id in seen:
                other_sheet, other_cell = seen[indicator_id]
                what = _text("twice", lang, indicator=indicator_id, sheet=other_sheet, cell=other_cell)
                read.problems.append(_at(title, cell, what, lang))
                continue
            seen[indicator_id] = (title, cell)
            form_row.fields.update(locality_id=meta["locality_id"], period=meta["period"])
            read.rows.append(form_row)
    return read


def _check_structure(book, path: Path, lang: str, problems: list[str]) -> bool:
    """The sheets in the order the form was written, and its locked cells as written (a form
    from before these were recorded is not checked)."""
    if META_SHEET not in book.sheetnames:
        return True
    meta_sheet = book[META_SHEET]
    expected = [t for t in (_read_meta_fields(book).get("sheets") or "").split("|") if t]
    found = [t for t in book.sheetnames if t not in (INSTRUCTIONS_SHEET, META_SHEET)]
    if expected and found != expected:
        key = "sheets_reordered" if sorted(found) == sorted(expected) else "sheets_renamed"
        what = text(
            f"round.{key}",
            lang,
            found=", ".join(f"'{t}'" for t in found),
            expected=", ".join(f"'{t}'" for t in expected),
        )
        problems.append(_text("file", lang, file=path.name, what=what))
        return False
    before = len(problems)
    for title, ref, value in meta_sheet.iter_rows(min_col=4, max_col=6, values_only=True):
        if not title or not ref or title not in book.sheetnames:
            continue
        now = _shown(book[title][ref].value)
        if now != _shown(value):
            what = text("round.locked_edited", lang, found=now, expected=_shown(value))
            problems.append(_at(title, ref, what, lang))
    return len(problems) == before


def import_form(path: Path, data_dir: Path, lang: str = "vi") -> ImportResult:
    """Import a filled form into ``data_dir/figures.csv``.

    Parameters
    ----------
    path
        The filled ``.xlsx`` form (made by :func:`write_template`).
    data_dir
        The data folder whose ``figures.csv`` receives the figures.
    lang
        ``vi`` (default) or ``en``: the language of the problems.

    Returns
    -------
    ImportResult
        Counts and problems. ``figures.csv`` is replaced only when ``ok``; otherwise no file
        changes.
    """
    check_language(lang)
    data_dir = Path(data_dir)
    result = ImportResult()
    read = read_form(path, lang)
    result.problems = read.problems
    if not read.meta:
        return result

    change = Transaction(data_dir, lang)
    try:
        for form_row in read.rows:
            stage_row(change, form_row, lang, result.warnings)
    except TransactionError as error:
        result.problems.append(str(error))
        return result
    locate = lambda issue, form_row: locate_issue(issue, form_row, lang)  # noqa: E731
    if result.problems:  # the merged copy's problems too, so the analyst sees them all at once
        result.problems = list(dict.fromkeys(result.problems + change.check(locate)))
        return result
    result.problems = change.commit(locate)
    if result.problems:
        result.warnings = []
        return result
    counts = change.counts["figures.csv"]
    result.added, result.replaced, result.unchanged = counts["added"], counts["replaced"], counts["unchanged"]
    return result


def stage_row(change: Transaction, form_row: FormRow, lang: str, warnings: list[str], origin: object = None) -> None:
    """Upsert one form row; the form has no qualifier column, so an old "trên 85%" is kept only
    while the figure stays the same."""
    fields = dict(form_row.fields)
    old = change.current("figures.csv", fields)
    if old is None:
        fields["qualifier"] = ""
    else:
        qualifier = old.get("qualifier", "").strip()
        same_figure = all(same_cell(old.get(c, ""), fields[c]) for c in ("numerator", "denominator", "value"))
        if not same_figure:
            fields["qualifier"] = ""
            if qualifier:
                warnings.append(
                    _at(form_row.sheet, f"F{form_row.row}", _text("qualifier_dropped", lang, qualifier=qualifier), lang)
                )
    change.upsert("figures.csv", fields, origin=form_row if origin is None else origin)


def _read_meta_fields(book) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value, *_ in book[META_SHEET].iter_rows(max_col=2, values_only=True):
        if isinstance(key, str) and value is not None:
            found[key] = str(value).strip()
    return found


def _read_meta(book) -> dict[str, str] | None:
    """The form's locality_id, period (and round_id, due): from ``_meta``, else the
    instructions sheet's cells."""
    found: dict[str, str] = {}
    if META_SHEET in book.sheetnames:
        found = _read_meta_fields(book)
    elif INSTRUCTIONS_SHEET in book.sheetnames:
        sheet = book[INSTRUCTIONS_SHEET]
        for key, cell in (("locality_id", LOCALITY_CELL), ("period", PERIOD_CELL)):
            if sheet[cell].value is not None:
                found[key] = str(sheet[cell].value).strip()
    if found.get("locality_id") and found.get("period"):
        return found
    return None


def _read_sheet(values, formulas, lang: str, problems: list[str]) -> list[FormRow]:
    """The filled rows of one pillar sheet; problems of its cells are appended to ``problems``."""
    title = values.title
    for _name, letter, header, _ in FORM_COLUMNS:
        found = values[f"{letter}{HEADER_ROW}"].value
        if found != header:
            what = _text("bad_header", lang, found=found or "", expected=header)
            problems.append(_at(title, f"{letter}{HEADER_ROW}", what, lang))
            return []

    rows = []
    for row in used_rows(values, FIRST_ROW):
        cells: dict[str, object] = {}
        cell_problems: list[str] = []
        for name, letter, _, _ in FORM_COLUMNS:
            ref = f"{letter}{row}"
            value = values[ref].value
            formula = formulas[ref].value if formulas[ref].data_type == "f" else None
            if formula is not None and value is None:
                what = _text("formula_no_cache", lang, formula=_formula_text(formula))
                cell_problems.append(_at(title, ref, what, lang))
                value = formula  # not empty: the row is not skipped, the problem is reported
            elif values[ref].data_type == "e":
                what = _text("formula_error", lang, value=value)
                cell_problems.append(_at(title, ref, what, lang))
            cells[name] = value
        if all(_empty(cells[name]) for name in ("numerator", "denominator", "value", "source_id")):
            continue
        problems += cell_problems
        if cell_problems:
            continue
        fields: dict[str, str] = {}
        ok = True
        for name, letter, _, _ in FORM_COLUMNS:
            if name in ("name_vi", "unit"):
                continue
            text, what = _cell_text(name, cells[name], lang)
            if what:
                problems.append(_at(title, f"{letter}{row}", what, lang))
                ok = False
            fields[name] = text
        if not fields["indicator_id"]:
            problems.append(_at(title, f"A{row}", _text("no_indicator", lang), lang))
            ok = False
        if ok:
            fields["indicator_id"] = fields["indicator_id"].strip()
            fields["source_id"] = fields["source_id"].strip()
            rows.append(FormRow(title, row, fields))
    return rows


def _formula_text(formula: object) -> str:
    text = getattr(formula, "text", formula)  # array formulas are objects holding the text
    return str(text)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(name: str, value: object, lang: str) -> tuple[str, str | None]:
    """The CSV text of one cell, or ``("", problem)``."""
    if _empty(value):
        return "", None
    if name in ("numerator", "denominator", "value"):
        return _number_cell(value, whole=name != "value", lang=lang)
    if isinstance(value, (datetime, date, time, timedelta)):
        return "", _text("date_in_text", lang, value=value)
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, (int, float)):
        return number_text(value), None  # e.g. a locator typed as 3
    return str(value), None  # exactly as typed: "=SUM(…)" stays literal text


def _number_cell(value: object, whole: bool, lang: str) -> tuple[str, str | None]:
    if isinstance(value, bool):
        return "", _text("boolean", lang)
    if isinstance(value, (datetime, date, time, timedelta)):
        return "", _text("date_in_number", lang, value=value)
    if isinstance(value, str):
        text = value.strip()
        hint = _vietnamese_number_hint(text, lang)
        return "", hint or _text("text_in_number", lang, value=text)
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return "", _text("not_finite", lang, value=value)
    if value < 0:
        return "", _text("negative", lang, value=number_text(value))
    if whole and not float(value).is_integer():
        return "", _text("not_whole", lang, value=number_text(value))
    return number_text(int(value) if whole else value), None


def _vietnamese_number_hint(text: str, lang: str) -> str | None:
    """The loader's advice for "18.592" or "99,82" typed as text, when it applies."""
    advice = vietnamese_number_advice(text)
    if advice is None:
        return None
    code, fields = advice
    return f"{_text('value', lang, value=text)}: {message(code, lang, **fields)}"


def locate_issue(issue: DataIssue, form_row: FormRow, lang: str) -> str:
    """A loader issue on a line the form wrote, named by the form's sheet and cell."""
    what = message(issue.code, lang, **issue.fields)
    if issue.value is not None:
        what = f"{_text('value', lang, value=issue.value)}: {what}"
    if issue.column in ("locality_id", "period"):
        cell = LOCALITY_CELL if issue.column == "locality_id" else PERIOD_CELL
        return _at(INSTRUCTIONS_SHEET, cell, what, lang)
    letter = _LETTER.get(issue.column or "", "F" if issue.column == "qualifier" else "A")
    return _at(form_row.sheet, f"{letter}{form_row.row}", what, lang)
