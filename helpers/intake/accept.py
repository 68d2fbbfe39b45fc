"""Merge the accepted rows of a ``cds ingest`` review file into data/.

Achievements and counts go to ``figures.csv``, targets to ``targets.csv``, both in one
:class:`helpers.transaction.Transaction`: checked together on a copy of the data folder (the
loader and the error-level validation rules, as for every writer) and written together only when
nothing is wrong. Problems name the review file's row and column. The review file is never
modified: rejected and unreviewed rows stay in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import message
from ..load import PILLARS, UNITS, DataError, DataIssue, Workbook, load_workbook
from ..transaction import Transaction, TransactionError
from .numbers import parse_number
from .review import KINDS, QUALIFIERS, ReviewRow, read_review, review_text

_YES = {"có", "co", "c", "yes", "y", "x", "1", "true", "đồng ý", "chấp nhận", "ok", "✓", "đúng"}
_NO = {"không", "khong", "k", "no", "n", "0", "false", "bỏ", "loại", "sai"}
_MACHINE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_TARGET_TO_REVIEW = {"year": "period", "comparison": "qualifier"}


@dataclass
class AcceptResult:
    """What :func:`accept_review` did; ``problems`` non-empty means nothing was written."""

    added: int = 0
    replaced: int = 0
    targets_added: int = 0
    targets_replaced: int = 0
    indicators_added: int = 0
    new_indicators: list[str] = field(default_factory=list)
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

    result = AcceptResult()
    data_dir = Path(data_dir)
    try:
        workbook = load_workbook(data_dir)
    except DataError as error:
        result.problems += [issue.format(lang) for issue in error.issues]
        return result
    rows, result.problems = read_review(Path(path), lang)
    figures: list[tuple[ReviewRow, dict[str, str]]] = []
    targets: list[tuple[ReviewRow, dict[str, str]]] = []
    indicators: dict[str, tuple[ReviewRow, dict[str, str]]] = {}  # new ones, by id
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
            result.problems.append(
                review_text(
                    "column",
                    lang,
                    where=row.where,
                    column="accept",
                    what=review_text(
                        "bad_accept",
                        lang,
                        value=decision,
                        yes=review_text("accept.yes", lang),
                        no=review_text("accept.no", lang),
                    ),
                )
            )
            continue
        fields, problems = _fields(row, workbook, lang, result.warnings)
        new, new_problems = _new_indicator(row, workbook, lang)
        problems += new_problems
        result.problems += problems
        if problems:
            continue
        if new is not None:
            earlier = indicators.get(new["indicator_id"])
            if earlier is None:
                indicators[new["indicator_id"]] = (row, new)
            elif (earlier[1]["name_vi"], earlier[1]["unit"]) != (new["name_vi"], new["unit"]):
                result.problems.append(
                    review_text(
                        "column",
                        lang,
                        where=row.where,
                        column="new_indicator",
                        what=review_text(
                            "new_indicator_conflict", lang, other=earlier[0].row, indicator_id=new["indicator_id"]
                        ),
                    )
                )
                continue
        is_target = row.cells.get("kind", "").strip() == "target"
        key = (
            (fields["indicator_id"], fields["locality_id"], fields["year"])
            if is_target
            else (fields["locality_id"], fields["indicator_id"], fields["period"])
        )
        if (is_target, key) in seen:
            other = seen[(is_target, key)]
            shown = "indicator_id, locality_id, year" if is_target else "locality_id, indicator_id, period"
            result.problems.append(f"{row.where}: " + review_text("duplicate", lang, other=other.row, key=shown))
            continue
        seen[(is_target, key)] = row
        if is_target:
            targets.append((row, fields))
        else:
            figures.append((row, fields))
    if result.problems:
        return result

    change = Transaction(data_dir, lang)
    try:
        for row, fields in indicators.values():
            change.upsert("indicators.csv", fields, origin=row)
        for row, fields in figures:
            if "note" in fields and not fields["note"]:
                del fields["note"]  # an empty note keeps the curator's note of a replaced row
            change.upsert("figures.csv", fields, origin=row)
        for row, fields in targets:
            if not fields["note"]:
                del fields["note"]
            change.upsert("targets.csv", fields, origin=row)
    except TransactionError as error:
        result.problems.append(str(error))
        return result
    result.problems = change.commit(lambda issue, row: _locate(issue, row, lang))
    if result.problems:
        return result
    figure_counts, target_counts = change.counts.get("figures.csv", {}), change.counts.get("targets.csv", {})
    result.added, result.replaced = figure_counts.get("added", 0), figure_counts.get("replaced", 0)
    result.targets_added = target_counts.get("added", 0)
    result.targets_replaced = target_counts.get("replaced", 0)
    result.indicators_added = change.counts.get("indicators.csv", {}).get("added", 0)
    result.new_indicators = list(indicators)
    return result


def _new_indicator(row: ReviewRow, workbook: Workbook, lang: str) -> tuple[dict[str, str] | None, list[str]]:
    """The catalogue record an accepted row proposes (its ``indicator_id`` is not in
    indicators.csv and ``new_indicator`` names it), or ``None``; and the problems of its cells.

    The English name starts as the Vietnamese one: the merge says to translate it.
    """
    cells = row.cells
    indicator_id = cells.get("indicator_id", "").strip()
    name = " ".join(cells.get("new_indicator", "").split())
    if not name or not indicator_id or indicator_id in workbook.indicators.index:
        return None, []
    problems = []
    pillar = cells.get("new_pillar", "").strip()
    if pillar not in PILLARS:
        problems.append(
            review_text(
                "column",
                lang,
                where=row.where,
                column="new_pillar",
                what=review_text("bad_pillar", lang, value=pillar, allowed=", ".join(PILLARS)),
            )
        )
    unit = cells.get("unit", "").strip()
    if unit not in UNITS:
        problems.append(
            review_text(
                "column", lang, where=row.where, column="unit", what=review_text("new_indicator_unit", lang, value=unit)
            )
        )
    record = {
        "indicator_id": indicator_id,
        "pillar": pillar,
        "name_vi": name,
        "name_en": name,
        "unit": unit,
        "direction": "higher",
    }
    return record, problems


def _fields(row: ReviewRow, workbook: Workbook, lang: str, warnings: list[str]) -> tuple[dict[str, str], list[str]]:
    """The CSV cells for one accepted row, or the problems of its cells."""
    cells = row.cells
    problems: list[str] = []

    def problem(column: str, key: str, **values: object) -> None:
        problems.append(
            review_text("column", lang, where=row.where, column=column, what=review_text(key, lang, **values))
        )

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
        comparison = qualifier if qualifier in (">", ">=", "<", "<=") else (">=" if direction == "higher" else "<=")
        fields = dict(common, year=year, value=numbers["value"] or "", comparison=comparison)
        return fields, problems
    fields = dict(
        common,
        period=cells.get("period", "").strip(),
        qualifier=qualifier,
        numerator=numbers["numerator"] or "",
        denominator=numbers["denominator"] or "",
        value=numbers["value"] or "",
    )
    return fields, problems


def _machine_number(text: str) -> str | None:
    """``"99.82"``, or a Vietnamese ``"99,82"`` / ``"18.592"`` typed by hand, as machine text."""
    if not text:
        return ""
    if _MACHINE_NUMBER.match(text):
        return text
    parsed = parse_number(text)
    return parsed[1] if parsed else None


def _locate(issue: DataIssue, row: ReviewRow, lang: str) -> str:
    """A loader issue on a line this review wrote, named by the review row and column."""
    what = message(issue.code, lang, **issue.fields)
    if issue.value is not None:
        what = review_text("value", lang, value=issue.value) + f": {what}"
    column = _TARGET_TO_REVIEW.get(issue.column, issue.column) if issue.file == "targets.csv" else issue.column
    return review_text("column", lang, where=row.where, column=column or "-", what=what)
