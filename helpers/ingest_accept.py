"""Merge the accepted rows of a ``cds ingest`` review file into data/.

Achievements and counts go to ``figures.csv`` through the Excel import's own merge
(:func:`helpers.excel._merge`), targets to ``targets.csv``. Both merged files are checked
together on a temporary copy of the data folder, by :func:`helpers.load.load_workbook` and the
error-level validation rules, exactly as ``cds import`` does, and written (atomically, each)
only when nothing is wrong. Problems name the review file's row and column. The review file is
never modified: rejected and unreviewed rows stay in it.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# The Excel import's merge, line mapping and atomic write: one way to change figures.csv.
from .excel import _FormRow, _merge, serialize_records
from .render import write_atomically
from .i18n import message
from .ingest_numbers import parse_number
from .ingest_review import KINDS, QUALIFIERS, REVIEW_SHEET, ReviewRow, read_review, review_text
from .load import SCHEMAS, DataError, DataIssue, Workbook, load_workbook

_YES = {"có", "co", "c", "yes", "y", "x", "1", "true", "đồng ý", "chấp nhận", "ok", "✓", "đúng"}
_NO = {"không", "khong", "k", "no", "n", "0", "false", "bỏ", "loại", "sai"}
_TARGET_COLUMNS = tuple(column.name for column in SCHEMAS["targets.csv"])
_MACHINE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_TARGET_TO_REVIEW = {"year": "period", "comparison": "qualifier"}


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
            result.problems.append(review_text("column", lang, where=row.where, column="accept",
                                         what=review_text("bad_accept", lang, value=decision)))
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
            result.problems.append(f"{row.where}: " + review_text("duplicate", lang, other=other.row,
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
            result.problems.append(review_text("changed", lang, file=target.name))
            return result
    # targets first: figures.csv is what a half-finished run would most regret
    for target, original, content in ((targets_path, original_targets, merged_targets),
                                      (figures_path, original_figures, merged)):
        if content != original:
            write_atomically(target, content)
    result.added, result.replaced = counts["added"], counts["replaced"]
    result.targets_added, result.targets_replaced = target_counts
    return result


def _fields(row: ReviewRow, workbook: Workbook, lang: str,
            warnings: list[str]) -> tuple[dict[str, str], list[str]]:
    """The CSV cells for one accepted row, or the problems of its cells."""
    cells = row.cells
    problems: list[str] = []

    def problem(column: str, key: str, **values: object) -> None:
        problems.append(review_text("column", lang, where=row.where, column=column,
                              what=review_text(key, lang, **values)))

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
            warnings.append(f"{row.where}: " + review_text("approximate_target", lang))
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
    content, lines = serialize_records(header, records, owner, bom)
    return content, (added, replaced), lines


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
    return review_text("column", lang, where=wheres[row], column=column or "-", what=what)
