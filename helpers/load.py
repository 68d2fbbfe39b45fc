"""Read ``data/*.csv`` strictly into typed DataFrames.

Every problem of every file is collected, each with the file, line, column, the bad value and
what was expected, and raised together as one :class:`DataError`. Nothing is dropped, coerced or
guessed: a value is either exactly in the documented form or it is reported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from . import config
from .i18n import message
from .periods import EXPECTED as PERIOD_EXPECTED
from .periods import parse_period
from .rules import parse_expression

PILLARS = ("chinh_quyen_so", "kinh_te_so", "xa_hoi_so", "ha_tang_so", "nhan_luc_so", "an_toan_thong_tin")
LEVELS = ("province", "district", "commune")
UNIT_TYPES = ("tinh", "thanh_pho_truc_thuoc_trung_uong", "huyen", "quan", "thi_xa", "thanh_pho",
              "xa", "phuong", "thi_tran", "dac_khu")
UNITS = ("percent", "count")
DIRECTIONS = ("higher", "lower")
COMPARISONS = (">=", ">", "<=", "<", "=")
QUALIFIERS = (">", ">=", "<", "<=", "~")
RULE_OPERATORS = ("==", "!=", "<=", "<", ">=", ">")
SEVERITIES = ("error", "warning")
MISSING_POLICIES = ("skip_if_any_missing", "skip_if_all_missing", "never_skip")
OPTIONAL_FILES = ("rules.csv",)

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_INT = re.compile(r"^\d+$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_VN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_VN_DECIMAL = re.compile(r"^\d+(\.\d{3})*,\d+$")
_BOM = b"\xef\xbb\xbf"


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

    def format(self, lang: str = "vi") -> str:
        if self.column is not None:
            where = message("location", lang, file=self.file, line=self.line, column=self.column)
        elif self.line is not None:
            where = message("location_line", lang, file=self.file, line=self.line)
        else:
            where = message("location_file", lang, file=self.file)
        what = message(self.code, lang, **self.fields)
        if self.value is not None:
            shown = f"giá trị '{self.value}'" if lang == "vi" else f"value '{self.value}'"
            return f"{where}: {shown}: {what}"
        return f"{where}: {what}"


class DataError(Exception):
    """The data could not be loaded; ``issues`` lists every problem found."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        super().__init__(self.format("en"))

    def format(self, lang: str = "vi") -> str:
        return "\n".join(issue.format(lang) for issue in self.issues)


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
    _by_locality: dict | None = field(default=None, init=False, repr=False, compare=False)
    _children: dict | None = field(default=None, init=False, repr=False, compare=False)

    def figures_of(self, locality_id: str) -> pd.DataFrame:
        """The locality's own figures (grouped once: roll-ups ask for thousands of units)."""
        if self._by_locality is None:
            self._by_locality = dict(tuple(self.figures.groupby("locality_id", sort=False)))
        return self._by_locality.get(locality_id, self.figures.iloc[0:0])

    def children(self, parent_id: str) -> list[str]:
        """The ids of the localities whose parent is ``parent_id``, in file order."""
        if self._children is None:
            self._children = {}
            for child, parent in self.localities["parent_id"].dropna().items():
                self._children.setdefault(parent, []).append(child)
        return self._children.get(parent_id, [])

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
        chain = []
        parent = self.localities.at[locality_id, "parent_id"]
        while isinstance(parent, str) and parent:
            chain.append(parent)
            parent = self.localities.at[parent, "parent_id"]
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
        if kind == "int" and _INT.match(text):
            return int(text), None
        if kind == "number" and _NUMBER.match(text):
            return float(text), None
        if _VN_DECIMAL.match(text):
            hint = text.replace(".", "").replace(",", ".")
            return None, ("vn_decimal", {"hint": hint})
        if _VN_THOUSANDS.match(text):
            return None, ("vn_thousands", {"hint": text.replace(".", "")})
        code = "not_integer" if kind == "int" else "not_number"
        return None, (code, {"expected": column.expected})
    if kind == "date":
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None, ("bad_date", {})
    if kind == "period":
        try:
            return parse_period(text), None
        except ValueError:
            return None, ("bad_period", {"expected": PERIOD_EXPECTED})
    raise AssertionError(f"unknown column kind {kind}")


def read_table(path: Path, schema: tuple[Column, ...]) -> tuple[list[dict], list[DataIssue]]:
    """Read one CSV file against its schema.

    Returns
    -------
    rows, issues
        The rows that parsed cleanly (each with its ``line``) and every problem found.
    """
    name = path.name
    expected_header = ",".join(c.name for c in schema)
    if not path.exists():
        return [], [DataIssue(name, "file_missing", fields={"expected": expected_header})]
    raw = path.read_bytes()
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [DataIssue(name, "not_utf8", line=line, value=repr(raw[exc.start : exc.end]))]
    if not text.strip():
        return [], [DataIssue(name, "empty_file", line=1, fields={"expected": expected_header})]

    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    issues: list[DataIssue] = []
    known = {c.name: c for c in schema}
    for position, column_name in enumerate(header, start=1):
        if column_name not in known:
            issues.append(
                DataIssue(name, "unknown_column", line=1, column=column_name or f"#{position}",
                          fields={"column": column_name, "expected": expected_header})
            )
    for column in schema:
        if column.name not in header and not column.optional_column:
            issues.append(DataIssue(name, "missing_column", line=1, fields={"column": column.name}))
    if issues:
        return [], issues

    rows: list[dict] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # a blank line carries no figure
        if len(cells) != len(header):
            issues.append(DataIssue(name, "row_length", line=line,
                                    fields={"found": len(cells), "expected": len(header)}))
            continue
        row: dict = {"line": line}
        ok = True
        for column_name, cell in zip(header, cells):
            column = known[column_name]
            if not cell and not column.required:
                row[column.name] = None  # most cells of a large registry are empty
                continue
            value, problem = _parse_cell(cell, column)
            if problem:
                code, fields = problem
                issues.append(DataIssue(name, code, line=line, column=column.name,
                                        value=cell, fields=fields))
                ok = False
            row[column.name] = value
            if column.kind == "number":
                # the digits as written, so reconciliation knows the reported precision
                row[f"{column.name}_text"] = cell.strip()
        for column in schema:
            row.setdefault(column.name, None)
        if ok:
            rows.append(row)
    return rows, issues


def _duplicates(file: str, rows: list[dict], key: tuple[str, ...]) -> list[DataIssue]:
    seen: dict[tuple, int] = {}
    issues = []
    for row in rows:
        value = tuple(_key_text(row[k]) for k in key)
        if value in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(key, value))
            issues.append(DataIssue(file, "duplicate", line=row["line"], column=key[0],
                                    value=value[0], fields={"other_line": seen[value], "key": shown}))
        else:
            seen[value] = row["line"]
    return issues


def _key_text(value: object) -> str:
    if value is None:
        return ""
    return getattr(value, "notation", str(value))


def _references(file: str, rows: list[dict], column: str, known: set[str],
                target_file: str) -> list[DataIssue]:
    return [
        DataIssue(file, "unknown_reference", line=row["line"], column=column, value=row[column],
                  fields={"target_file": target_file})
        for row in rows
        if row[column] is not None and row[column] not in known
    ]


def _successor_references(rows: list[dict], known: set[str]) -> list[DataIssue]:
    return [
        DataIssue("localities.csv", "unknown_reference", line=row["line"], column="successor_ids",
                  value=successor, fields={"target_file": "localities.csv"})
        for row in rows if row["successor_ids"]
        for successor in row["successor_ids"].split(";") if successor not in known
    ]


def _check_figures(rows: list[dict], units: dict[str, str]) -> list[DataIssue]:
    issues = []
    file = "figures.csv"
    for row in rows:
        line, num, den, value = row["line"], row["numerator"], row["denominator"], row["value"]
        unit = units.get(row["indicator_id"])
        if (num is None) != (den is None):
            present, absent = ("numerator", "denominator") if den is None else ("denominator", "numerator")
            issues.append(DataIssue(file, "half_fraction", line=line, column=absent,
                                    fields={"present": present, "absent": absent}))
            continue
        if num is None and value is None:
            issues.append(DataIssue(file, "no_value", line=line, column="value"))
        if unit == "count":
            if num is not None:
                issues.append(DataIssue(file, "fraction_on_count", line=line, column="numerator",
                                        value=str(num), fields={"indicator": row["indicator_id"]}))
            if value is not None and value != int(value):
                issues.append(DataIssue(file, "count_not_integer", line=line, column="value",
                                        value=_number_text(value),
                                        fields={"indicator": row["indicator_id"]}))
        if unit == "percent":
            if num is not None and num > den:
                issues.append(DataIssue(file, "numerator_over_denominator", line=line,
                                        column="numerator", value=str(num),
                                        fields={"numerator": num, "denominator": den}))
            if value is not None and value > 100:
                issues.append(DataIssue(file, "percent_over_100", line=line, column="value",
                                        value=_number_text(value), fields={"value": _number_text(value)}))
    return issues


def _check_targets(rows: list[dict], units: dict[str, str]) -> list[DataIssue]:
    return [
        DataIssue("targets.csv", "percent_over_100", line=row["line"], column="value",
                  value=_number_text(row["value"]), fields={"value": _number_text(row["value"])})
        for row in rows
        if units.get(row["indicator_id"]) == "percent" and row["value"] > 100
    ]


RESERVED_IDS = ("data_quality", "overview", "index")  # names of the workbook's own reports


def _check_localities(rows: list[dict]) -> list[DataIssue]:
    issues = [DataIssue("localities.csv", "reserved_id", line=row["line"], column="locality_id",
                        value=row["locality_id"], fields={"reserved": ", ".join(RESERVED_IDS)})
              for row in rows if row["locality_id"] in RESERVED_IDS]
    parents = {row["locality_id"]: row["parent_id"] for row in rows}
    for row in rows:
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            issues.append(DataIssue("localities.csv", "dates_reversed", line=row["line"],
                                    column="valid_to", value=str(row["valid_to"]),
                                    fields={"valid_from": row["valid_from"], "valid_to": row["valid_to"]}))
        seen, current = set(), row["locality_id"]
        while current in parents and parents[current]:
            if current in seen:
                issues.append(DataIssue("localities.csv", "parent_cycle", line=row["line"],
                                        column="parent_id", value=row["parent_id"]))
                break
            seen.add(current)
            current = parents[current]
    return issues


def check_rule_expressions(rows: list[dict], units: dict[str, str]) -> list[DataIssue]:
    """Each side of each rule must parse and name known indicators."""
    issues = []
    for row in rows:
        for side in ("left", "right"):
            try:
                terms = parse_expression(row[side])
            except ValueError as error:
                issues.append(DataIssue("rules.csv", "bad_expression", line=row["line"], column=side,
                                        value=row[side], fields={"reason": str(error)}))
                continue
            for term in terms:
                if term.indicator_id is not None and term.indicator_id not in units:
                    issues.append(DataIssue("rules.csv", "unknown_reference", line=row["line"],
                                            column=side, value=term.indicator_id,
                                            fields={"target_file": "indicators.csv"}))
    return issues


def _number_text(value: float) -> str:
    return f"{value:g}"


def load_workbook(data: str | Path | None = None) -> Workbook:
    """Load and cross-check every file of a data folder.

    Raises
    ------
    DataError
        With every problem of every file, when there is any.
    """
    folder = config.data_dir(data)
    tables: dict[str, list[dict]] = {}
    issues: list[DataIssue] = []
    for file, schema in SCHEMAS.items():
        if file in OPTIONAL_FILES and not (folder / file).exists():
            tables[file] = []
            continue
        rows, found = read_table(folder / file, schema)
        tables[file] = rows
        issues += found

    localities, indicators = tables["localities.csv"], tables["indicators.csv"]
    sources, figures, targets = tables["sources.csv"], tables["figures.csv"], tables["targets.csv"]
    locality_ids = {r["locality_id"] for r in localities}
    indicator_ids = {r["indicator_id"] for r in indicators}
    source_ids = {r["source_id"] for r in sources}
    units = {r["indicator_id"]: r["unit"] for r in indicators}

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
    issues += _check_figures(figures, units)
    issues += _check_targets(targets, units)
    issues += _duplicates("rules.csv", tables["rules.csv"], ("rule_id",))
    issues += check_rule_expressions(tables["rules.csv"], units)
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
    )


def _frame(rows: list[dict], file: str) -> pd.DataFrame:
    schema = SCHEMAS[file]
    frame = pd.DataFrame(rows, columns=["line", *[c.name for c in schema]])
    for column in schema:
        if column.kind == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.kind == "number":
            frame[column.name] = frame[column.name].astype("float64")
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(frame[column.name])
        elif column.kind != "period":
            frame[column.name] = frame[column.name].astype("string")
    return frame


def _figures_frame(rows: list[dict]) -> pd.DataFrame:
    frame = _frame(rows, "figures.csv")
    periods = frame["period"]
    frame["period_start"] = pd.to_datetime([p.start for p in periods])
    frame["period_end"] = pd.to_datetime([p.end for p in periods])
    frame["period_year"] = pd.array([p.year for p in periods], dtype="Int64")
    frame["period"] = pd.array([p.notation for p in periods], dtype="string")
    frame["qualifier"] = frame["qualifier"].fillna("")
    frame["value_text"] = pd.array([row.get("value_text") or None for row in rows], dtype="string")
    return frame
