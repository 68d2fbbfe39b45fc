"""National tables (one row per unit, and per period; one column per indicator) read into figures.

A pure reader: it returns the figure records a table holds, or every problem that stops it, and
writes nothing (``cds import-table`` hands the records to the data transaction). Units are
matched by name as they were named at the row's period (:class:`helpers.intake.places.NameIndex`); numbers may
be written the machine way (``65.06``) or the Vietnamese way (``0,727``, ``1.234,5``). A number
that reads both ways (``18.592``: eighteen thousand in Vietnamese, eighteen in machine notation)
stops the import unless ``numbers`` says which notation the table uses. A cell a spreadsheet
holds as a number is that number: only text is read either way. A spreadsheet number shown as a
percent (``60,41%``) holds a share (0.6041): it is a ``percent`` indicator's 60.41, and no figure of
an indicator counted in any other unit.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..config import NUMBERS
from ..i18n import message, text
from ..load import DataIssue, Workbook, load_workbook, number_text
from ..periods import Period, parse_period
from .numbers import GROUPED, parse_number
from .places import NameIndex

_MACHINE = re.compile(r"^\d+(\.\d+)?$")
_GROUPED = re.compile(GROUPED)  # what parse_number reads as thousands: the one definition


@dataclass(frozen=True)
class Problem:
    """Why a row (or the whole table) cannot be imported; ``code`` names an i18n message."""

    code: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    fields: dict = field(default_factory=dict, compare=False)

    def format(self, lang: str = "vi", file: str = "") -> str:
        text = message(self.code, lang, value=self.value, **self.fields)
        if self.line is None:
            return f"{file}: {text}"
        return message("table.where", lang, file=file, line=self.line, column=self.column) + ": " + text


@dataclass
class TableImport:
    """What a table holds: figure records (fields of figures.csv) with where each came from."""

    records: list[dict[str, str]]
    origins: list[tuple[int, str]]  # (line in the table, column) of each record
    problems: list[Problem]
    units: dict[str, str]  # locality_id -> the name as the table wrote it (first seen)


class Share(Decimal):
    """A spreadsheet number shown as a percent: ``Share('0.6041')`` is the cell Excel shows as
    60,41% (a ``percent`` indicator's 60.41)."""


class Uncomputed(str):
    """A spreadsheet formula without the value it computes (a file written by a program and never
    opened in a spreadsheet keeps none): its text is the formula, ``=B2/C2``."""


def read_cells(path: Path) -> tuple[list[str], list[tuple[int, list[str | Decimal]]]]:
    """The header and the rows (with their line numbers, header = 1) of a .csv or .xlsx table.

    A cell is text, or a :class:`~decimal.Decimal` where a spreadsheet holds a number (the number
    data/ would write: ``85``, ``0.00001``, never ``1e-05``, and at most the 15 significant digits
    the spreadsheet shows: a formula's 66.66666666666667 is 66.6666666666667), a :class:`Share`
    where that number is formatted as a percent, an :class:`Uncomputed` formula where the file
    holds no value for it; a CSV's cells are all text, and so is the header.
    """
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook as open_xlsx

        # the values a spreadsheet computed and saved, and the formulas: one without the other is
        # a formula never computed, no empty cell
        values = open_xlsx(path, read_only=True, data_only=True).worksheets[0].iter_rows()
        formulas = open_xlsx(path, read_only=True).worksheets[0].iter_rows(values_only=True)
        rows = [
            [_cell(c.value, c.number_format, f) for c, f in zip(row, written, strict=True)]
            for row, written in zip(values, formulas, strict=True)
        ]
    else:
        text = path.read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return [], []
    header = [cell_text(h).strip() for h in rows[0]]
    body = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(cell_text(c).strip() for c in cells)]
    return header, body


_QUOTED = re.compile(r'"[^"]*"')  # literal text in a number format: "%" there is only a character


def _cell(value, number_format: str | None = None, written=None) -> str | Decimal:
    """A spreadsheet cell: a number as a Decimal (a :class:`Share` if its format is a percent),
    anything else (a date, a boolean) as text; ``written`` is what the cell holds before it is
    computed (its formula)."""
    if value is None:
        return "" if written is None else Uncomputed(getattr(written, "text", written))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # a float's 16th and 17th digits are binary tails no spreadsheet shows (a formula's 200/3)
        number = Decimal(number_text(Decimal(f"{value:.15g}") if isinstance(value, float) else value))
        return Share(number) if "%" in _QUOTED.sub("", number_format or "") else number
    return str(value)


def cell_text(cell: str | Decimal) -> str:
    """A cell of :func:`read_cells` as text: a number as data/ writes it."""
    return number_text(cell) if isinstance(cell, Decimal) else cell


def read_number(text: str, numbers: str | None = None) -> tuple[Decimal | None, str | None]:
    """``(value, None)`` or ``(None, problem code)`` for a cell written either way.

    Without ``numbers``, a cell is read as the one notation that takes it; one that both take
    (``18.592``: grouped thousands, and a decimal point) is ``table.ambiguous_number``. A
    ``numbers`` not in :data:`helpers.config.NUMBERS` (nor ``None``) is a :class:`ValueError`.
    """
    _check_notation(numbers)
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    grouped = _GROUPED.fullmatch(text) is not None
    if numbers is None and grouped and _MACHINE.match(text):
        return None, "table.ambiguous_number"
    if numbers == "machine" or (numbers is None and "," not in text and not grouped):
        return (Decimal(text), None) if _MACHINE.match(text) else (None, "table.bad_number")
    parsed = parse_number(text)
    return (parsed[0], None) if parsed else (None, "table.bad_number")


def _check_notation(numbers: str | None) -> None:
    """Refuse a notation of numbers that is not one of :data:`helpers.config.NUMBERS`."""
    if numbers is not None and numbers not in NUMBERS:
        raise ValueError(f"numbers={numbers!r}: expected one of {', '.join(NUMBERS)}, or None")


def read_table(
    workbook: Workbook,
    path: Path,
    *,
    unit_column: str,
    indicators: dict[str, str],
    source_id: str,
    period: str | None = None,
    period_column: str | None = None,
    level: str | None = None,
    numbers: str | None = None,
) -> TableImport:
    """Read a national table into figure records; nothing is written.

    Parameters
    ----------
    indicators
        ``{column: indicator_id}``: which column holds which indicator's figures; two columns of
        one indicator are a :class:`ValueError` (each row would give it two values).
    period, period_column
        The one period of every row, or the column that gives each row's period.
    level
        Match names among units of this level only (``province`` for a provincial table).
    numbers
        ``vi`` or ``machine`` (:data:`helpers.config.NUMBERS`) when the table writes numbers only
        one way; ``None`` reads each cell as it can only be read and refuses a cell that reads
        both ways. Any other value is a :class:`ValueError`.
    """
    _check_notation(numbers)
    _check_one_column_each(indicators)
    header, body = read_cells(path)
    problems: list[Problem] = []
    for column in [unit_column, *([period_column] if period_column else []), *indicators]:
        if column not in header:
            problems.append(
                Problem("table.missing_column", line=1, column=column, fields={"columns": ", ".join(header)})
            )
    unknown = [i for i in indicators.values() if i not in workbook.indicators.index]
    problems += [Problem("table.unknown_indicator", value=i) for i in unknown]
    if problems:
        return TableImport([], [], problems, {})
    fixed: Period | None = parse_period(period) if period else None
    names = NameIndex(workbook, level)
    position = {column: header.index(column) for column in header}
    records, origins, units, seen = [], [], {}, {}
    for line, cells in body:
        cells = cells + [""] * (len(header) - len(cells))
        written = cell_text(cells[position[unit_column]]).strip()
        row_period = fixed
        if row_period is None:
            text = cell_text(cells[position[period_column]]).strip()
            try:
                row_period = parse_period(text)
            except ValueError:
                problems.append(Problem("table.bad_period", line, period_column, text))
                continue
        found = names.match(written, row_period)
        if found.locality_id is None:
            code = "table.ambiguous_unit" if found.ambiguous else "table.unknown_unit"
            problems.append(
                Problem(
                    code,
                    line,
                    unit_column,
                    written,
                    {"period": row_period.notation, "candidates": ", ".join(found.candidates) or "–"},
                )
            )
            continue
        key = (found.locality_id, row_period.notation)
        if key in seen:
            problems.append(
                Problem(
                    "table.same_unit_twice",
                    line,
                    unit_column,
                    written,
                    {"other_line": seen[key], "locality_id": found.locality_id, "period": row_period.notation},
                )
            )
            continue
        seen[key] = line
        units.setdefault(found.locality_id, written)
        for column, indicator_id in indicators.items():
            cell = cells[position[column]]
            if isinstance(cell, Decimal):  # a number to the spreadsheet: never read as text
                value, problem = cell, (None if cell.is_finite() and cell >= 0 else "table.bad_number")
                if isinstance(cell, Share) and not problem:
                    unit = workbook.indicators.at[indicator_id, "unit"]
                    if unit != "percent":  # a share is no count, index or score
                        shown = number_text(cell * 100) + "%"
                        fields = {"indicator": indicator_id, "unit": unit}
                        problems.append(Problem("table.percent_cell", line, column, shown, fields))
                        continue
                    value = Decimal(cell) * 100  # exact: 0.6041 is 60.41, never 60.410000000000004
            elif isinstance(cell, Uncomputed):
                problems.append(Problem("table.uncomputed", line, column, cell))
                continue
            elif cell.strip():
                value, problem = read_number(cell, numbers)
            else:
                continue  # no figure for this unit: nothing to record
            if problem:
                problems.append(Problem(problem, line, column, cell_text(cell).strip()))
                continue
            records.append(
                {
                    "locality_id": found.locality_id,
                    "indicator_id": indicator_id,
                    "period": row_period.notation,
                    "numerator": "",
                    "denominator": "",
                    "value": number_text(value),
                    "qualifier": "",
                    "source_id": source_id,
                    "locator": f"{written}; {column}",
                }
            )
            origins.append((line, column))
    return TableImport(records if not problems else [], origins if not problems else [], problems, units)


def _check_one_column_each(indicators: dict[str, str], lang: str = "vi") -> None:
    seen: dict[str, str] = {}  # indicator -> its column
    for column, indicator_id in indicators.items():
        if indicator_id in seen:
            raise ValueError(
                text("cli.indicator_twice", lang, indicator=indicator_id, first=seen[indicator_id], second=column)
            )
        seen[indicator_id] = column


def column_map(pairs: list[str], lang: str = "vi") -> dict[str, str]:
    """``{column: indicator_id}`` from ``COLUMN=INDICATOR_ID`` pairs (``cds import-table --indicator``),
    spaces around either side removed.

    Raises
    ------
    ValueError
        With the sentence (in ``lang``) that names the first pair that is not one, the two pairs
        that give the same column (a column holds the figures of one indicator) or the two columns
        given one indicator (each row would give it two values, and one would be lost).
    """
    columns: dict[str, str] = {}
    given: dict[str, str] = {}  # column -> the pair that gave it
    for pair in pairs:
        column, _, indicator_id = pair.partition("=")
        column, indicator_id = column.strip(), indicator_id.strip()
        if not column or not indicator_id:
            raise ValueError(text("cli.column_pair", lang, value=repr(pair)))
        if column in given:
            raise ValueError(
                text("cli.column_twice", lang, column=column, first=repr(given[column]), second=repr(pair))
            )
        columns[column], given[column] = indicator_id, pair
    _check_one_column_each(columns, lang)
    return columns


@dataclass
class Outcome:
    """What ``import_table`` did: the problems that stopped it, or the counts of rows merged."""

    problems: list[str]
    records: int = 0
    units: int = 0
    counts: dict = field(default_factory=dict)


def import_table(data_dir: Path, path: Path, *, lang: str = "vi", **options) -> Outcome:
    """Read a national table (see :func:`read_table`) and merge its figures into ``figures.csv``
    through the data transaction: all of them, checked with the rest of the data, or none."""
    path = Path(path)
    workbook = load_workbook(data_dir)
    read = read_table(workbook, path, **options)
    if read.problems:
        return Outcome([problem.format(lang, path.name) for problem in read.problems])

    def locate(issue: DataIssue, origin: tuple[int, str]) -> str:
        line, column = origin
        where = message("table.where", lang, file=path.name, line=line, column=column)
        return f"{where}: {issue.format(lang)}"

    from ..transaction import Transaction  # the one writer of data/

    change = Transaction(data_dir, lang)
    for record, origin in zip(read.records, read.origins):
        change.upsert("figures.csv", record, origin=origin)
    problems = change.commit(locate)
    counts = dict(change.counts.get("figures.csv", {}))
    return Outcome(problems, len(read.records), len(read.units), counts)
