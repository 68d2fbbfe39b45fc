"""Read ``data/*.csv`` strictly into typed DataFrames.

Every problem of every file is collected, each with the file, line, column, the bad value and
what was expected, and raised together as one :class:`DataError`. Nothing is dropped, coerced or
guessed: a value is either exactly in the documented form or it is reported.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import gc
import io
import itertools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from . import config
from .config import LEVELS
from .frames import positions_by_locality
from .i18n import message
from .periods import EXPECTED as PERIOD_EXPECTED
from .periods import parse_period
from .rules import parse_expression

PILLARS = ("chinh_quyen_so", "kinh_te_so", "xa_hoi_so", "ha_tang_so", "nhan_luc_so", "an_toan_thong_tin", "tong_hop")
UNIT_TYPES = (
    "tinh",
    "thanh_pho_truc_thuoc_trung_uong",
    "huyen",
    "quan",
    "thi_xa",
    "thanh_pho",
    "xa",
    "phuong",
    "thi_tran",
    "dac_khu",
)
UNITS = ("percent", "count", "index", "points")
# How an indicator's figures combine into a parent's or a successor's (see data/README.md).
ROLLUPS = ("sum_ratio", "sum", "mean", "none")
DEFAULT_ROLLUP = {"percent": "sum_ratio", "count": "sum", "index": "mean", "points": "mean"}
ROLLUP_UNITS = {"sum_ratio": ("percent",), "sum": ("count",)}
DIRECTIONS = ("higher", "lower")
COMPARISONS = (">=", ">", "<=", "<", "=")
QUALIFIERS = (">", ">=", "<", "<=", "~")
RULE_OPERATORS = ("==", "!=", "<=", "<", ">=", ">")
SEVERITIES = ("error", "warning")
MISSING_POLICIES = ("skip_if_any_missing", "skip_if_all_missing", "never_skip")
OUTCOMES = ("accepted", "refused")  # what became of a form received in a collection round
OPTIONAL_FILES = ("rules.csv", "rounds.csv", "submissions.csv")

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_INT = re.compile(r"^\d+$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_VN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_VN_DECIMAL = re.compile(r"^\d+(\.\d{3})*,\d+$")
_BOM = b"\xef\xbb\xbf"
# Limits on magnitudes: a count of a quadrillion or a year outside these is a typing slip, and
# larger numbers would overflow the 64-bit columns the figures are computed in.
MAX_DIGITS = 15
YEARS = (1900, 2200)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    """One column of a data file: its name, kind of value, and whether a value is required."""

    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    optional_column: bool = False

    @property
    def expected(self) -> str:
        return {
            "id": "a lower-case id",
            "text": "text",
            "int": "a whole number of zero or more, without separators (18592)",
            "number": "a number of zero or more with a decimal point (99.82)",
            "date": "a date YYYY-MM-DD",
            "period": PERIOD_EXPECTED,
            "code": "the official code as digits",
            "ids": "one or more lower-case ids separated by ';'",
            "choice": " | ".join(self.choices),
        }[self.kind]


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "localities.csv": (
        Column("locality_id", "id"),
        Column("name", "text"),
        Column("level", "choice", choices=LEVELS),
        Column("parent_id", "id", required=False),
        Column("admin_code", "code", required=False),
        Column("unit_type", "choice", required=False, choices=UNIT_TYPES, optional_column=True),
        Column("valid_from", "date", required=False),
        Column("valid_to", "date", required=False),
        Column("successor_ids", "ids", required=False, optional_column=True),
        Column("other_names", "text", required=False, optional_column=True),
    ),
    "indicators.csv": (
        Column("indicator_id", "id"),
        Column("pillar", "choice", choices=PILLARS),
        Column("name_vi", "text"),
        Column("name_en", "text"),
        Column("unit", "choice", choices=UNITS),
        Column("numerator_vi", "text", required=False),
        Column("denominator_vi", "text", required=False),
        Column("direction", "choice", choices=DIRECTIONS),
        Column("rollup", "choice", required=False, choices=ROLLUPS, optional_column=True),
    ),
    "sources.csv": (
        Column("source_id", "id"),
        Column("title", "text"),
        Column("publisher", "text", required=False),
        Column("published", "date", required=False),
        Column("url", "text", required=False),
        Column("note", "text", required=False, optional_column=True),
    ),
    "figures.csv": (
        Column("locality_id", "id"),
        Column("indicator_id", "id"),
        Column("period", "period"),
        Column("numerator", "int", required=False),
        Column("denominator", "int", required=False),
        Column("value", "number", required=False),
        Column("qualifier", "choice", required=False, choices=QUALIFIERS, optional_column=True),
        Column("source_id", "id"),
        Column("locator", "text"),
        Column("note", "text", required=False, optional_column=True),
    ),
    "targets.csv": (
        Column("indicator_id", "id"),
        Column("locality_id", "id", required=False),
        Column("year", "int"),
        Column("value", "number"),
        Column("comparison", "choice", choices=COMPARISONS),
        Column("source_id", "id"),
        Column("locator", "text"),
        Column("note", "text", required=False, optional_column=True),
    ),
    "rules.csv": (
        Column("rule_id", "id"),
        Column("left", "text"),
        Column("operator", "choice", choices=RULE_OPERATORS),
        Column("right", "text"),
        Column("severity", "choice", choices=SEVERITIES),
        Column("missing", "choice", required=False, choices=MISSING_POLICIES),
        Column("message_vi", "text"),
        Column("message_en", "text"),
    ),
    "rounds.csv": (
        Column("round_id", "id"),
        Column("parent_id", "id", required=False),
        Column("period", "period"),
        Column("due", "date"),
        Column("indicators", "ids", required=False),
        Column("level", "choice", required=False, choices=LEVELS),
        Column("units", "ids", required=False),
        Column("note", "text", required=False, optional_column=True),
    ),
    "submissions.csv": (
        Column("round_id", "id"),
        Column("locality_id", "id"),
        Column("received", "date"),
        Column("outcome", "choice", choices=OUTCOMES),
        Column("file", "text"),
        Column("problem", "text", required=False),
    ),
}


@dataclass(frozen=True)
class DataIssue:
    """One problem in a data file, located as precisely as the problem allows."""

    file: str
    code: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    fields: dict = field(default_factory=dict, compare=False)
    severity: str = "error"  # "warning": loaded, but a human should look (e.g. a unit's dates)

    def format(self, lang: str = "vi") -> str:
        if self.column is not None:
            where = message("location", lang, file=self.file, line=self.line, column=self.column)
        elif self.line is not None:
            where = message("location_line", lang, file=self.file, line=self.line)
        else:
            where = message("location_file", lang, file=self.file)
        what = message(self.code, lang, **self.fields)
        if self.value is not None:
            shown = message("value", lang, value=self.value)
            return f"{where}: {shown}: {what}"
        return f"{where}: {what}"


class DataError(Exception):
    """The data could not be loaded; ``issues`` lists every problem found."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        super().__init__(self.format("en"))

    def format(self, lang: str = "vi") -> str:
        return "\n".join(issue.format(lang) for issue in self.issues)


_NO_ROWS = np.array([], dtype="int64")


# The data a Workbook holds, each replaceable by assignment (see Workbook.derived).
FRAMES = (
    "localities",
    "indicators",
    "sources",
    "figures",
    "targets",
    "rules",
    "rounds",
    "submissions",
    "round_units",
)
T = TypeVar("T")


@dataclass
class Workbook:
    """All the data of one data folder, typed and cross-checked."""

    data_dir: Path
    localities: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    figures: pd.DataFrame
    targets: pd.DataFrame
    rules: pd.DataFrame
    load_warnings: list = field(default_factory=list, compare=False)  # DataIssue(severity="warning")
    rounds: pd.DataFrame | None = None  # collection rounds (rounds.csv), indexed by round_id
    submissions: pd.DataFrame | None = None  # forms received in rounds (submissions.csv)
    round_units: dict = field(default_factory=dict, compare=False)  # round_id -> expected unit ids
    # what was derived from the frames above (Workbook.derived): key -> (names read, frames read, value)
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _whole: Workbook | None = field(default=None, init=False, repr=False, compare=False)  # a view's workbook

    def __setattr__(self, name: str, value) -> None:
        object.__setattr__(self, name, value)
        derived = self.__dict__.get("_derived")
        if derived and name in FRAMES:  # what was made from the frame replaced is made again
            for key in [key for key, (reads, _, _) in derived.items() if name in reads]:
                del derived[key]

    def derived(self, key: str, reads: tuple[str, ...], make: Callable[[], T]) -> T:
        """``make()``, made once for this workbook and kept until one of the frames it reads
        (``reads``, names of :data:`FRAMES`) is replaced: ``workbook.targets = other`` drops
        everything made from the targets, and nothing else.

        Reports, roll-ups and ranks keep here what they work out from the whole folder (indexes,
        rankings), so that report after report from the same workbook reuses it. A frame changed
        in place (``workbook.targets.loc[…] = …``) is not noticed: give the workbook a new frame.
        A value is used only with the very frames it was made from, so a copy of a workbook
        (``copy.copy``, which shares this store) never gets what was made from the other's frames.
        """
        found = self._derived.get(key)
        if found is None or any(getattr(self, name) is not frame for name, frame in zip(found[0], found[1])):
            unknown = set(reads) - set(FRAMES)
            if unknown:
                raise ValueError(f"not a frame of a workbook: {', '.join(sorted(unknown))}")
            names = tuple(reads)
            frames = tuple(getattr(self, name) for name in names)
            whole = self._whole
            if whole is not None and all(getattr(whole, name) is frame for name, frame in zip(names, frames)):
                # a view (limited_to) asks its workbook for what is made of frames they share:
                # the registry's tree or the targets' index is made once, not once per report
                found = self._derived[key] = (names, frames, whole.derived(key, reads, make))
            else:
                found = self._derived[key] = (names, frames, make())
        return found[2]

    def _rows_of(self, locality_id: str):
        # the positions of each locality's figures, found once: roll-ups and reports ask for
        # thousands of units
        rows = self.derived("figures.rows_of", ("figures",), lambda: positions_by_locality(self.figures))
        return rows.get(locality_id, _NO_ROWS)

    def figures_of(self, locality_id: str) -> pd.DataFrame:
        """The locality's own figures, in file order."""
        return self.figures.iloc[self._rows_of(locality_id)]

    def limited_to(self, locality_ids: list[str]) -> Workbook:
        """The same workbook with only these localities' figures (registry, catalogue, targets,
        sources and rules whole): what one report needs, so its work does not grow with the
        country. Figures keep their order and index."""
        rows = [self._rows_of(i) for i in dict.fromkeys(locality_ids)]
        figures = self.figures.iloc[np.sort(np.concatenate([_NO_ROWS, *rows]))]
        view = dataclasses.replace(self, figures=figures)
        view._whole = self._whole or self
        return view

    def children(self, parent_id: str) -> list[str]:
        """The ids of the localities whose parent is ``parent_id``, in file order."""
        return self.derived("localities.children", ("localities",), self._children_of).get(parent_id, [])

    def _children_of(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for child, parent in self.localities["parent_id"].dropna().items():
            children.setdefault(parent, []).append(child)
        return children

    def successors(self, locality_id: str) -> list[str]:
        """The units a former unit became part of (``successor_ids``); empty for a current one."""
        value = self.localities.at[locality_id, "successor_ids"]
        return value.split(";") if isinstance(value, str) and value else []

    def locality(self, locality_id: str) -> pd.Series:
        """One locality's record."""
        if locality_id not in self.localities.index:
            known = ", ".join(self.localities.index)
            raise KeyError(f"unknown locality_id {locality_id!r}; known: {known}")
        return self.localities.loc[locality_id]

    def ancestors(self, locality_id: str) -> list[str]:
        """The locality's parent, grandparent, … up to its province, nearest first."""
        parents = self.derived(
            "localities.parents",
            ("localities",),
            lambda: dict(zip(self.localities.index, self.localities["parent_id"].tolist())),
        )
        chain = []
        parent = parents[locality_id]
        while isinstance(parent, str) and parent:
            chain.append(parent)
            parent = parents[parent]
        return chain

    def province_of(self, locality_id: str) -> pd.Series:
        """The province the locality belongs to (itself for a province)."""
        chain = [locality_id, *self.ancestors(locality_id)]
        return self.localities.loc[chain[-1]]


def _parse_cell(raw: str, column: Column) -> tuple[object, tuple[str, dict] | None]:
    """Return ``(value, None)`` or ``(None, (code, fields))`` for a cell's text."""
    text = raw.strip()
    if text == "":
        if column.required:
            return None, ("required", {"expected": column.expected})
        return None, None
    kind = column.kind
    if kind == "text":
        if _CONTROL.search(text):
            return None, ("control_character", {})
        return text, None
    if kind == "id":
        return (text, None) if _ID.match(text) else (None, ("bad_id", {}))
    if kind == "ids":
        parts = [part.strip() for part in text.split(";")]
        if all(_ID.match(part) for part in parts):
            return ";".join(parts), None
        return None, ("bad_id", {})
    if kind == "code":
        return (text, None) if text.isdigit() else (None, ("bad_choice", {"expected": column.expected}))
    if kind == "choice":
        if text in column.choices:
            return text, None
        return None, ("bad_choice", {"expected": column.expected})
    if kind in ("int", "number"):
        if text.startswith("-") and _NUMBER.match(text[1:]):
            return None, ("negative", {})
        if (kind == "int" and _INT.match(text)) or (kind == "number" and _NUMBER.match(text)):
            if len(text.split(".")[0].lstrip("0")) > MAX_DIGITS:
                return None, ("too_large", {"digits": MAX_DIGITS})
            return (int(text) if kind == "int" else float(text)), None
        advice = vietnamese_number_advice(text)
        if advice is not None:
            return None, advice
        code = "not_integer" if kind == "int" else "not_number"
        return None, (code, {"expected": column.expected})
    if kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None, ("bad_date", {})
        if not YEARS[0] <= day.year <= YEARS[1]:
            return None, ("year_out_of_range", {"low": YEARS[0], "high": YEARS[1]})
        return day, None
    if kind == "period":
        try:
            period = parse_period(text)
        except ValueError:
            return None, ("bad_period", {"expected": PERIOD_EXPECTED})
        if not (YEARS[0] <= period.start.year and (period.end or period.start).year <= YEARS[1]):
            return None, ("year_out_of_range", {"low": YEARS[0], "high": YEARS[1]})
        return period, None
    raise AssertionError(f"unknown column kind {kind}")


# The common forms of a cell, recognised without the general parser: digits within the limit
# on magnitudes, text without a control character. Anything else goes through _parse_cell.
_PLAIN_INT = re.compile(r"[0-9]{1,%d}" % MAX_DIGITS)
_PLAIN_NUMBER = re.compile(r"[0-9]{1,%d}(?:\.[0-9]+)?" % MAX_DIGITS)


def _cell_reader(column: Column):
    """``cell -> (value, problem)``, as :func:`_parse_cell` answers, with a quicker path for a
    plain number and plain text."""
    optional = not column.required
    if column.kind in ("int", "number"):
        plain = _PLAIN_INT if column.kind == "int" else _PLAIN_NUMBER
        convert = int if column.kind == "int" else float

        def read_number(cell: str):
            if plain.fullmatch(cell):
                return convert(cell), None
            if optional and not cell:
                return None, None
            return _parse_cell(cell, column)

        return read_number
    if column.kind == "text":

        def read_text(cell: str):
            text = cell.strip()
            if text and not _CONTROL.search(text):
                return text, None
            return _parse_cell(cell, column)

        return read_text
    return functools.partial(_parse_cell, column=column)


def read_table(
    path: Path, schema: tuple[Column, ...], rejected: list[dict] | None = None
) -> tuple[list[dict], list[DataIssue]]:
    """Read one CSV file against its schema.

    Each problem is reported once, at the line where its record starts: a quote left open is
    named where it opens, a duplicated header column once (not once per row).

    Returns
    -------
    rows, issues
        The rows that parsed cleanly (each with its ``line``) and every problem found.
        ``rejected``, when given, receives the cells (stripped text by column) of each row that
        was refused, so a caller can tell a reference to a refused row from an unknown one.
    """
    name = path.name
    expected_header = ",".join(c.name for c in schema)
    if not path.exists():
        return [], [DataIssue(name, "file_missing", fields={"expected": expected_header})]
    raw = path.read_bytes()
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [DataIssue(name, "not_utf8", line=line, value=repr(raw[exc.start : exc.end]))]
    if not text.strip():
        return [], [DataIssue(name, "empty_file", line=1, fields={"expected": expected_header})]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as error:
        return [], [_csv_issue(name, error, 1, text)]
    issues: list[DataIssue] = []
    known = {c.name: c for c in schema}
    repeated = sorted({h for h in header if h and header.count(h) > 1}, key=header.index)
    for column_name in repeated:
        issues.append(DataIssue(name, "duplicate_column", line=1, column=column_name, fields={"column": column_name}))
    for position, column_name in enumerate(header, start=1):
        if column_name not in known:
            issues.append(
                DataIssue(
                    name,
                    "unknown_column",
                    line=1,
                    column=column_name or f"#{position}",
                    fields={"column": column_name, "expected": expected_header},
                )
            )
    for column in schema:
        if column.name not in header and not column.optional_column:
            issues.append(DataIssue(name, "missing_column", line=1, fields={"column": column.name}))
    if issues:
        return [], issues

    # Column by column: each distinct cell of a column is parsed once (a national file repeats
    # its ids, periods and choices a million times), then every problem is put back at its line.
    located: list[tuple[int, int, DataIssue]] = []  # (line, column position, issue)
    width = len(header)
    lines: list[int] = []
    records: list[list[str]] = []
    found_lines, found = _records(reader, name, text, located, header)
    if set(map(len, found)) <= {width} and all(map(str.strip, map("".join, found))):
        lines, records, found = found_lines, found, []  # every record whole and none blank
    for line, cells in zip(found_lines, found):
        if not "".join(cells).strip():
            continue  # a blank line carries no figure
        if len(cells) != width:
            if any("\n" in cell or "\r" in cell for cell in cells):
                problem = _open_quote_issue(name, line, text, header)
            else:
                problem = DataIssue(name, "row_length", line=line, fields={"found": len(cells), "expected": width})
            located.append((line, -1, problem))
            if rejected is not None:
                rejected.append({h: c.strip() for h, c in zip(header, cells)})
            continue
        lines.append(line)
        records.append(cells)
    refused: set[int] = set()  # positions in ``records``
    keys: list[str] = ["line"]
    columns: list = [lines]
    for position, (column_name, cells) in enumerate(zip(header, zip(*records) if records else [()] * width)):
        column = known[column_name]
        read = _cell_reader(column)
        parsed = {cell: read(cell) for cell in set(cells)}
        bad = {cell: problem for cell, (_, problem) in parsed.items() if problem is not None}
        if bad:
            for at, cell in enumerate(cells):
                if cell in bad:
                    code, fields = bad[cell]
                    issue = DataIssue(name, code, line=lines[at], column=column_name, value=cell, fields=dict(fields))
                    located.append((lines[at], position, issue))
                    refused.add(at)
        keys.append(column_name)
        value_of = {cell: value for cell, (value, _) in parsed.items()}
        columns.append(list(map(value_of.__getitem__, cells)))
        if column.kind == "number":
            # the digits as written, so reconciliation knows the reported precision
            keys.append(column_name + "_text")
            columns.append(list(map(str.strip, cells)))
    for column in schema:
        if column.name not in header:
            keys.append(column.name)
            columns.append(itertools.repeat(None, len(records)))
    if refused and rejected is not None:
        rejected += [{h: c.strip() for h, c in zip(header, records[at])} for at in sorted(refused)]
    records.clear()  # the cells as read, no longer needed: hundreds of MB for a national file
    rows = [dict(zip(keys, values)) for values in zip(*columns)]
    columns.clear()
    if refused:
        rows = [row for at, row in enumerate(rows) if at not in refused]
    located.sort(key=lambda item: (item[0], item[1]))
    issues += [issue for _, _, issue in located]
    return rows, issues


def _records(
    reader, name: str, text: str, issues: list[tuple[int, int, DataIssue]], header: list[str]
) -> tuple[list[int], list[list[str]]]:
    """Each record and the line where it starts; a record the CSV reader cannot parse becomes
    one located issue and reading goes on after it."""
    if '"' not in text and "\r" not in text:  # one record per line: no need to follow the reader
        try:
            found = list(reader)
        except csv.Error:
            pass
        else:
            first = reader.line_num - len(found) + 1
            return list(range(first, first + len(found))), found
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        next(reader)
    lines, found = [], []
    end = reader.line_num
    while True:
        try:
            for cells in reader:
                lines.append(end + 1)
                found.append(cells)
                end = reader.line_num
            return lines, found
        except csv.Error as error:
            start = end + 1
            issues.append((start, -1, _csv_issue(name, error, start, text, header)))
            if reader.line_num <= end or "end of data" in str(error):
                return lines, found
            end = reader.line_num


def _open_quote_issue(name: str, line: int, text: str, header: list[str]) -> DataIssue:
    # The record swallowed the lines after the one where a quote was opened and never closed:
    # the column is the last cell that line starts.
    source = text.split("\n")[line - 1] if line - 1 < len(text.split("\n")) else ""
    cells = next(csv.reader([source]), [])
    column = header[len(cells) - 1] if 0 < len(cells) <= len(header) else None
    return DataIssue(name, "unclosed_quote", line=line, column=column)


def _csv_issue(name: str, error: csv.Error, start: int, text: str, header: list[str] | None = None) -> DataIssue:
    if "end of data" in str(error):  # a quote opened at ``start`` is never closed
        return _open_quote_issue(name, start, text, header or [])
    return DataIssue(name, "csv_syntax", line=start, fields={"reason": str(error)})


def _key_column(values: list) -> list[str]:
    """:func:`_key_text` of a column's values (all of one type, or ``None``)."""
    kind = next((type(value) for value in values if value is not None), str)
    if kind is str:
        return ["" if value is None else value for value in values]
    return list(map(_key_text, values))


def _duplicates(file: str, rows: list[dict], key: tuple[str, ...]) -> list[DataIssue]:
    seen: dict[tuple, int] = {}
    issues = []
    keys = zip(*(_key_column(list(map(operator.itemgetter(k), rows))) for k in key))
    for row, value in zip(rows, keys):
        if value in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(key, value))
            issues.append(
                DataIssue(
                    file,
                    "duplicate",
                    line=row["line"],
                    column=key[0],
                    value=value[0],
                    fields={"other_line": seen[value], "key": shown},
                )
            )
        else:
            seen[value] = row["line"]
    return issues


def _key_text(value: object) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return value
    # a period by the dates it covers: "2023" and "2023-01-01/2023-12-31" are one period
    canonical = getattr(value, "canonical", None)
    return str(value) if canonical is None else canonical


def _references(file: str, rows: list[dict], column: str, known: set[str] | None, target_file: str) -> list[DataIssue]:
    """References to ids not in ``known``; ``None`` when the target file could not be read at
    all (that problem is reported once, not once per reference)."""
    if known is None:
        return []
    return [
        DataIssue(
            file,
            "unknown_reference",
            line=row["line"],
            column=column,
            value=row[column],
            fields={"target_file": target_file},
        )
        for row in rows
        if row[column] is not None and row[column] not in known
    ]


def _list_references(
    file: str, rows: list[dict], column: str, known: set[str] | None, target_file: str
) -> list[DataIssue]:
    """References to unknown ids in a column holding ids separated by ';'."""
    if known is None:
        return []
    return [
        DataIssue(
            file, "unknown_reference", line=row["line"], column=column, value=item, fields={"target_file": target_file}
        )
        for row in rows
        if row[column]
        for item in row[column].split(";")
        if item not in known
    ]


def _alive(row: dict, day: date) -> bool:
    return (row["valid_from"] is None or row["valid_from"] <= day) and (
        row["valid_to"] is None or row["valid_to"] >= day
    )


def round_units_of(round_row: dict, localities: list[dict]) -> list[str]:
    """The units expected to answer a round, in the order of localities.csv.

    Its ``units`` when listed; otherwise every unit in force at the end of the round's period
    (its start when open) that sits directly under ``parent_id``, or, with a ``level``, every
    unit of that level anywhere under ``parent_id`` (under no parent: the whole country).
    """
    if round_row["units"]:
        return round_row["units"].split(";")
    period = round_row["period"]
    day = period.end or period.start
    parent, level = round_row["parent_id"], round_row["level"]
    parents = {row["locality_id"]: row["parent_id"] for row in localities}

    def below(unit_id: str) -> bool:
        seen = set()
        current = parents.get(unit_id)
        while current and current not in seen:
            if current == parent:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    found = []
    for row in localities:
        if not _alive(row, day):
            continue
        if level is None:
            if parent is not None and row["parent_id"] == parent:
                found.append(row["locality_id"])
        elif row["level"] == level and (parent is None or below(row["locality_id"])):
            found.append(row["locality_id"])
    return found


def _check_rounds(rows: list[dict], round_units: dict[str, list[str]], localities: list[dict]) -> list[DataIssue]:
    """A round names its parent or a level; its listed units lie under its parent; it expects
    someone."""
    issues = []
    parents = {row["locality_id"]: row["parent_id"] for row in localities}
    for row in rows:
        if row["parent_id"] is None and row["level"] is None:
            issues.append(DataIssue("rounds.csv", "round_without_scope", line=row["line"], column="parent_id"))
            continue
        if row["units"] and row["parent_id"]:
            for unit_id in row["units"].split(";"):
                chain, current = set(), parents.get(unit_id)
                while current and current != row["parent_id"] and current not in chain:
                    chain.add(current)
                    current = parents.get(current)
                if unit_id in parents and current != row["parent_id"]:
                    issues.append(
                        DataIssue(
                            "rounds.csv",
                            "round_unit_not_under_parent",
                            line=row["line"],
                            column="units",
                            value=unit_id,
                            fields={"parent": row["parent_id"]},
                        )
                    )
        if not round_units.get(row["round_id"]) and not row["units"]:
            issues.append(
                DataIssue(
                    "rounds.csv",
                    "round_expects_nobody",
                    line=row["line"],
                    column="parent_id",
                    value=row["parent_id"] or "",
                    fields={"period": row["period"].notation},
                )
            )
    return issues


def _check_submissions(rows: list[dict], round_units: dict[str, list[str]]) -> list[DataIssue]:
    """A form is received from a unit the round expects."""
    expected = {round_id: set(units) for round_id, units in round_units.items()}
    return [
        DataIssue(
            "submissions.csv",
            "submission_not_expected",
            line=row["line"],
            column="locality_id",
            value=row["locality_id"],
            fields={"round": row["round_id"]},
        )
        for row in rows
        if row["round_id"] in expected and row["locality_id"] not in expected[row["round_id"]]
    ]


def _successor_references(rows: list[dict], known: set[str]) -> list[DataIssue]:
    return [
        DataIssue(
            "localities.csv",
            "unknown_reference",
            line=row["line"],
            column="successor_ids",
            value=successor,
            fields={"target_file": "localities.csv"},
        )
        for row in rows
        if row["successor_ids"]
        for successor in row["successor_ids"].split(";")
        if successor not in known
    ]


def _check_figures(rows: list[dict], units: dict[str, str]) -> list[DataIssue]:
    issues = []
    file = "figures.csv"
    for row in rows:
        line, num, den, value = row["line"], row["numerator"], row["denominator"], row["value"]
        unit = units.get(row["indicator_id"])
        if (num is None) != (den is None):
            present, absent = ("numerator", "denominator") if den is None else ("denominator", "numerator")
            issues.append(
                DataIssue(
                    file, "half_fraction", line=line, column=absent, fields={"present": present, "absent": absent}
                )
            )
            continue
        if num is None and value is None:
            issues.append(DataIssue(file, "no_value", line=line, column="value"))
        if unit in ("index", "points") and num is not None:
            issues.append(
                DataIssue(
                    file,
                    "fraction_not_percent",
                    line=line,
                    column="numerator",
                    value=str(num),
                    fields={"indicator": row["indicator_id"], "unit": unit},
                )
            )
        if unit == "index" and value is not None and value > 1:
            issues.append(
                DataIssue(
                    file,
                    "index_over_1",
                    line=line,
                    column="value",
                    value=number_text(value),
                    fields={"value": number_text(value)},
                )
            )
        if unit == "count":
            if num is not None:
                issues.append(
                    DataIssue(
                        file,
                        "fraction_on_count",
                        line=line,
                        column="numerator",
                        value=str(num),
                        fields={"indicator": row["indicator_id"]},
                    )
                )
            if value is not None and value != int(value):
                issues.append(
                    DataIssue(
                        file,
                        "count_not_integer",
                        line=line,
                        column="value",
                        value=number_text(value),
                        fields={"indicator": row["indicator_id"]},
                    )
                )
        if unit == "percent":
            if den == 0:
                issues.append(DataIssue(file, "zero_denominator", line=line, column="denominator", value="0"))
            elif num is not None and num > den:
                issues.append(
                    DataIssue(
                        file,
                        "numerator_over_denominator",
                        line=line,
                        column="numerator",
                        value=str(num),
                        fields={"numerator": num, "denominator": den},
                    )
                )
            if value is not None and value > 100:
                issues.append(
                    DataIssue(
                        file,
                        "percent_over_100",
                        line=line,
                        column="value",
                        value=number_text(value),
                        fields={"value": number_text(value)},
                    )
                )
    return issues


def _check_targets(rows: list[dict], units: dict[str, str]) -> list[DataIssue]:
    limits = {"percent": ("percent_over_100", 100), "index": ("index_over_1", 1)}
    issues = []
    for row in rows:
        code, limit = limits.get(units.get(row["indicator_id"]), (None, None))
        if code and row["value"] > limit:
            text = number_text(row["value"])
            issues.append(
                DataIssue("targets.csv", code, line=row["line"], column="value", value=text, fields={"value": text})
            )
        if not YEARS[0] <= row["year"] <= YEARS[1]:
            issues.append(
                DataIssue(
                    "targets.csv",
                    "year_out_of_range",
                    line=row["line"],
                    column="year",
                    value=str(row["year"]),
                    fields={"low": YEARS[0], "high": YEARS[1]},
                )
            )
    return issues


def _check_indicators(rows: list[dict]) -> list[DataIssue]:
    """Fill an empty ``rollup`` with the unit's default; refuse a method the unit cannot take."""
    issues = []
    for row in rows:
        if not row["rollup"]:
            row["rollup"] = DEFAULT_ROLLUP[row["unit"]]
        allowed = ROLLUP_UNITS.get(row["rollup"])
        if allowed and row["unit"] not in allowed:
            issues.append(
                DataIssue(
                    "indicators.csv",
                    "rollup_unit",
                    line=row["line"],
                    column="rollup",
                    value=row["rollup"],
                    fields={"unit": row["unit"], "allowed": ", ".join(allowed)},
                )
            )
    return issues


_UNREADABLE = ("file_missing", "not_utf8", "empty_file", "unknown_column", "missing_column", "duplicate_column")
_SYNTAX = ("unclosed_quote", "csv_syntax")
RESERVED_IDS = ("data_quality", "overview", "index")  # names of the workbook's own reports


def _check_localities(rows: list[dict]) -> list[DataIssue]:
    issues = [
        DataIssue(
            "localities.csv",
            "reserved_id",
            line=row["line"],
            column="locality_id",
            value=row["locality_id"],
            fields={"reserved": ", ".join(RESERVED_IDS)},
        )
        for row in rows
        if row["locality_id"] in RESERVED_IDS
    ]
    parents = {row["locality_id"]: row["parent_id"] for row in rows}
    for row in rows:
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            issues.append(
                DataIssue(
                    "localities.csv",
                    "dates_reversed",
                    line=row["line"],
                    column="valid_to",
                    value=str(row["valid_to"]),
                    fields={"valid_from": row["valid_from"], "valid_to": row["valid_to"]},
                )
            )
        seen, current = set(), row["locality_id"]
        while current in parents and parents[current]:
            if current in seen:
                issues.append(
                    DataIssue(
                        "localities.csv", "parent_cycle", line=row["line"], column="parent_id", value=row["parent_id"]
                    )
                )
                break
            seen.add(current)
            current = parents[current]
    return issues


def _check_hierarchy(rows: list[dict]) -> list[DataIssue]:
    """A province has no parent; a parent is of a higher level than its unit (a commune may sit
    directly under a province); a parent exists over the whole life of its unit."""
    issues = []
    by_id = {row["locality_id"]: row for row in rows}
    for row in rows:
        parent = by_id.get(row["parent_id"]) if row["parent_id"] else None
        if row["level"] == "province" and row["parent_id"]:
            issues.append(
                DataIssue(
                    "localities.csv",
                    "province_with_parent",
                    line=row["line"],
                    column="parent_id",
                    value=row["parent_id"],
                )
            )
            continue
        if parent is None:
            continue
        if LEVELS.index(parent["level"]) >= LEVELS.index(row["level"]):
            issues.append(
                DataIssue(
                    "localities.csv",
                    "level_order",
                    line=row["line"],
                    column="parent_id",
                    value=row["parent_id"],
                    fields={"level": row["level"], "parent_level": parent["level"]},
                )
            )
        elif _starts_before(row["valid_from"], parent["valid_from"]) or _ends_after(
            row["valid_to"], parent["valid_to"]
        ):
            issues.append(
                DataIssue(
                    "localities.csv",
                    "parent_not_valid",
                    line=row["line"],
                    column="parent_id",
                    value=row["parent_id"],
                    fields={"life": _life_text(row), "parent_life": _life_text(parent), "parent_line": parent["line"]},
                )
            )
    return issues


def _starts_before(start: date | None, other: date | None) -> bool:
    """Whether a life starting at ``start`` begins before one starting at ``other`` (None: always)."""
    return other is not None and (start is None or start < other)


def _ends_after(end: date | None, other: date | None) -> bool:
    return other is not None and (end is None or end > other)


def _life_text(row: dict) -> str:
    start = row["valid_from"].isoformat() if row["valid_from"] else "…"
    end = row["valid_to"].isoformat() if row["valid_to"] else "…"
    return f"{start} – {end}"


def _check_lifetimes(figures: list[dict], localities: list[dict]) -> list[DataIssue]:
    """A figure stands for its unit at the end of its period (its start when open). A figure of a
    unit for a period when the unit did not exist at all is an error; one whose period runs past
    the unit's end, or an open one starting before the unit began, is a warning (a human may be
    right). A year-to-date figure of a new unit ("9 tháng 2025" of a commune created on
    2025-07-01) covers its predecessors' months, as reports do: no finding."""
    issues = []
    lives = {row["locality_id"]: row for row in localities if row["valid_from"] or row["valid_to"]}
    for row in figures:
        unit = lives.get(row["locality_id"])
        if unit is None:
            continue
        born, gone, period = unit["valid_from"], unit["valid_to"], row["period"]
        if (gone is not None and period.start > gone) or (
            born is not None and period.end is not None and period.end < born
        ):
            severity, code = "error", "outside_life"
        elif (gone is not None and period.end is not None and period.end > gone) or (
            born is not None and period.end is None and period.start < born
        ):
            severity, code = "warning", "partly_outside_life"
        else:
            continue
        issues.append(
            DataIssue(
                "figures.csv",
                code,
                line=row["line"],
                column="period",
                value=period.notation,
                severity=severity,
                fields={"locality": row["locality_id"], "life": _life_text(unit), "locality_line": unit["line"]},
            )
        )
    return issues


def check_rule_expressions(rows: list[dict], units: dict[str, str]) -> list[DataIssue]:
    """Each side of each rule must parse and name known indicators."""
    issues = []
    for row in rows:
        for side in ("left", "right"):
            try:
                terms = parse_expression(row[side])
            except ValueError as error:
                issues.append(
                    DataIssue(
                        "rules.csv",
                        "bad_expression",
                        line=row["line"],
                        column=side,
                        value=row[side],
                        fields={"reason": str(error)},
                    )
                )
                continue
            for term in terms:
                if term.indicator_id is not None and term.indicator_id not in units:
                    issues.append(
                        DataIssue(
                            "rules.csv",
                            "unknown_reference",
                            line=row["line"],
                            column=side,
                            value=term.indicator_id,
                            fields={"target_file": "indicators.csv"},
                        )
                    )
    return issues


def vietnamese_number_advice(text: str) -> tuple[str, dict[str, str]] | None:
    """For "18.592" or "99,82" typed where data/ wants 18592 or 99.82: the message code and the
    number to write instead; ``None`` for anything else."""
    if _VN_DECIMAL.match(text):
        return "vn_decimal", {"hint": text.replace(".", "").replace(",", ".")}
    if _VN_THOUSANDS.match(text):
        return "vn_thousands", {"hint": text.replace(".", "")}
    return None


def number_text(value: int | float | Decimal) -> str:
    """A number as data/ writes it: ``18592``, ``99.82``, ``85`` (not ``85.0``), never ``1e+06``."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return format(number.normalize(), "f")


def load_workbook(data: str | Path | None = None) -> Workbook:
    """Load and cross-check every file of a data folder.

    Raises
    ------
    DataError
        With every problem of every file, when there is any.
    """
    collecting = gc.isenabled()
    gc.disable()  # a national folder is millions of cells, none of them in a reference cycle
    try:
        return _load_workbook(config.data_dir(data))
    finally:
        if collecting:
            gc.enable()


def _load_workbook(folder: Path) -> Workbook:
    tables: dict[str, list[dict]] = {}
    refused: dict[str, list[dict]] = {}
    issues: list[DataIssue] = []
    for file, schema in SCHEMAS.items():
        refused[file] = []
        if file in OPTIONAL_FILES and not (folder / file).exists():
            tables[file] = []
            continue
        rows, found = read_table(folder / file, schema, refused[file])
        tables[file] = rows
        issues += found
    # A file that could not be read at all, or whose header is wrong, is one problem: references
    # into it are not checked. A refused row's id still counts as known, so one bad row of
    # localities.csv is not followed by a "not found" for each of its figures and units.
    unreadable = {i.file for i in issues if i.code in _UNREADABLE or (i.line == 1 and i.code in _SYNTAX)}

    localities, indicators = tables["localities.csv"], tables["indicators.csv"]
    sources, figures, targets = tables["sources.csv"], tables["figures.csv"], tables["targets.csv"]

    def known(file: str, column: str) -> set[str] | None:
        if file in unreadable:
            return None
        return {r[column] for r in tables[file]} | {r.get(column) for r in refused[file]}

    locality_ids = known("localities.csv", "locality_id")
    indicator_ids = known("indicators.csv", "indicator_id")
    source_ids = known("sources.csv", "source_id")
    units = {r["indicator_id"]: r["unit"] for r in indicators}
    issues += _check_indicators(indicators)

    issues += _duplicates("localities.csv", localities, ("locality_id",))
    issues += _duplicates("indicators.csv", indicators, ("indicator_id",))
    issues += _duplicates("sources.csv", sources, ("source_id",))
    issues += _duplicates("figures.csv", figures, ("locality_id", "indicator_id", "period"))
    issues += _duplicates("targets.csv", targets, ("indicator_id", "locality_id", "year"))
    issues += _references("localities.csv", localities, "parent_id", locality_ids, "localities.csv")
    issues += _successor_references(localities, locality_ids)
    for file, rows in (("figures.csv", figures), ("targets.csv", targets)):
        issues += _references(file, rows, "locality_id", locality_ids, "localities.csv")
        issues += _references(file, rows, "indicator_id", indicator_ids, "indicators.csv")
        issues += _references(file, rows, "source_id", source_ids, "sources.csv")
    issues += _check_localities(localities)
    issues += _check_hierarchy(localities)
    issues += _check_figures(figures, units)
    issues += _check_lifetimes(figures, localities)
    issues += _check_targets(targets, units)
    issues += _duplicates("rules.csv", tables["rules.csv"], ("rule_id",))
    if "indicators.csv" not in unreadable:
        issues += check_rule_expressions(tables["rules.csv"], units)
    rounds, submissions = tables["rounds.csv"], tables["submissions.csv"]
    round_ids = known("rounds.csv", "round_id")
    issues += _duplicates("rounds.csv", rounds, ("round_id",))
    issues += _references("rounds.csv", rounds, "parent_id", locality_ids, "localities.csv")
    issues += _list_references("rounds.csv", rounds, "indicators", indicator_ids, "indicators.csv")
    issues += _list_references("rounds.csv", rounds, "units", locality_ids, "localities.csv")
    issues += _duplicates("submissions.csv", submissions, ("round_id", "locality_id"))
    issues += _references("submissions.csv", submissions, "round_id", round_ids, "rounds.csv")
    issues += _references("submissions.csv", submissions, "locality_id", locality_ids, "localities.csv")
    round_units: dict[str, list[str]] = {}
    if not any(i.file == "localities.csv" for i in issues):
        round_units = {row["round_id"]: round_units_of(row, localities) for row in rounds}
        issues += _check_rounds(rounds, round_units, localities)
        issues += _check_submissions(submissions, round_units)
    warnings = [issue for issue in issues if issue.severity == "warning"]
    issues = [issue for issue in issues if issue.severity != "warning"]
    if issues:
        raise DataError(issues)

    return Workbook(
        data_dir=folder,
        localities=_frame(localities, "localities.csv").set_index("locality_id", drop=False),
        indicators=_frame(indicators, "indicators.csv").set_index("indicator_id", drop=False),
        sources=_frame(sources, "sources.csv").set_index("source_id", drop=False),
        figures=_figures_frame(figures),
        targets=_frame(targets, "targets.csv"),
        rules=_frame(tables["rules.csv"], "rules.csv"),
        load_warnings=warnings,
        rounds=_rounds_frame(rounds),
        submissions=_frame(submissions, "submissions.csv"),
        round_units=round_units,
    )


def _frame(rows: list[dict], file: str) -> pd.DataFrame:
    # column by column, each built in its type: much faster than from records, or than
    # converting the columns of a built frame one after the other
    schema = SCHEMAS[file]
    columns = {"line": _untyped([row["line"] for row in rows])}
    for column in schema:
        values = list(map(operator.itemgetter(column.name), rows))
        columns[column.name] = _untyped(values) if column.kind == "period" else _typed(values, column.kind)
    return pd.DataFrame(columns)


def _untyped(values: list):
    """A column kept as read (an empty one of Python objects, as a frame without rows has)."""
    return values if values else np.empty(0, dtype=object)


def _typed(values: list, kind: str):
    """A column's cells (``None`` where empty) as the array of its kind."""
    if kind == "int":
        return pd.array(values, dtype="Int64")
    if kind == "number":
        return np.array(values, dtype="float64")
    if kind == "date":
        return pd.to_datetime(values).array
    return pd.array(values, dtype="string")


def _rounds_frame(rows: list[dict]) -> pd.DataFrame:
    frame = _frame(rows, "rounds.csv")
    frame["period"] = pd.array([p.canonical for p in frame["period"]], dtype="string")
    return frame.set_index("round_id", drop=False)


def _figures_frame(rows: list[dict]) -> pd.DataFrame:
    frame = _frame(rows, "figures.csv")
    # a national file holds a handful of distinct periods: each is converted once
    canonical = [p.canonical for p in frame["period"]]
    codes, distinct = pd.factorize(pd.Series(canonical, dtype=object))
    first = {p.canonical: p for p in reversed(frame["period"].tolist())}
    periods = [first[c] for c in distinct]
    frame["period_start"] = pd.to_datetime([p.start for p in periods]).take(codes)
    frame["period_end"] = pd.to_datetime([p.end for p in periods]).take(codes)
    frame["period_year"] = pd.array([p.year for p in periods], dtype="Int64").take(codes)
    frame["period"] = pd.array(canonical, dtype="string")
    frame["qualifier"] = frame["qualifier"].fillna("")
    frame["value_text"] = pd.array([row.get("value_text") or None for row in rows], dtype="string")
    return frame


_loaded: dict[Path, tuple[tuple, Workbook, tuple]] = {}  # folder -> (its files' state, workbook, its frames)


def _folder_state(folder: Path) -> tuple:
    """What says whether a data folder changed: each CSV's name, size and modification time."""
    state = []
    for path in sorted(folder.glob("*.csv")):
        stat = path.stat()
        state.append((path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(state)


def _frames(workbook: Workbook) -> tuple:
    return tuple(getattr(workbook, name) for name in FRAMES)


def load_workbook_once(data: str | Path | None = None) -> Workbook:
    """:func:`load_workbook`, loaded and checked once per process while the folder is unchanged.

    A render worker's kernel runs report after report on the same data: the folder is read and
    cross-checked for the first one, and the same :class:`Workbook` is handed to the others as
    long as no CSV file of the folder has changed (name, size, modification time) and no frame of
    the workbook was replaced (a notebook's ``workbook.targets = …`` is not handed to the next
    report: the folder is loaded again). Reports only read the workbook; they never change it.
    """
    folder = config.data_dir(data).resolve()
    state = _folder_state(folder)
    cached = _loaded.get(folder)
    if cached is not None and cached[0] == state and all(map(operator.is_, _frames(cached[1]), cached[2])):
        return cached[1]
    _loaded.clear()  # one data folder at a time: a worker never holds two national workbooks
    workbook = load_workbook(folder)
    _loaded[folder] = (state, workbook, _frames(workbook))
    return workbook
