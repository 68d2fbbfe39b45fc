"""Collection rounds: who is expected to send a form for a period, who did, on time or late.

A round (``data/rounds.csv``) asks the units under a parent for their figures of one period by a
due date. The units expected default to every unit in force at the end of the period directly
under the parent (``helpers.load.round_units_of``). Each form received is recorded in
``data/submissions.csv`` with the day it arrived and whether it was merged (``accepted``) or
returned with errors (``refused``), by the import of a round's forms (helpers/intake/collect.py),
which also opens rounds: this module only reads them, so no report depends on data/'s writer.

Statuses of an expected unit: ``on_time`` (accepted, received by the due date), ``late``
(accepted after it), ``refused`` (its only forms were returned), ``missing`` (nothing received,
due date passed) and ``pending`` (nothing received, not yet due). A unit *reported* when its form
was accepted; completeness is reported ÷ expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .formatting import format_date, format_percent
from .i18n import label, text
from .load import Workbook
from .periods import parse_period

STATUSES = ("on_time", "late", "refused", "missing", "pending")
REPORTED = ("on_time", "late")
COLUMNS = [
    "round_id",
    "locality_id",
    "admin_code",
    "name",
    "parent_id",
    "status",
    "received",
    "days_late",
    "asked",
    "filled",
    "missing_indicators",
    "file",
    "problem",
]


class RoundError(Exception):
    """A round cannot be found or opened (the message says why)."""


def round_id_for(parent_id: str | None, period: str) -> str:
    """The id a new round gets by default: ``cao-bang-2025``, ``ca-nuoc-2025-m6``."""
    notation = parse_period(period).notation.lower()
    return re.sub(r"[^a-z0-9_-]+", "-", f"{parent_id or 'ca-nuoc'}-{notation}").strip("-")


def the_round(workbook: Workbook, round_id: str, lang: str = "vi") -> pd.Series:
    """One round's record; :class:`RoundError` naming the known rounds when there is none."""
    if round_id not in workbook.rounds.index:
        known = ", ".join(workbook.rounds.index) or "–"
        raise RoundError(text("round.unknown", lang, round=round_id, known=known))
    return workbook.rounds.loc[round_id]


def parent_name(workbook: Workbook, record: pd.Series, lang: str = "vi") -> str:
    parent = record["parent_id"]
    if pd.isna(parent):
        return label("round.whole_country", lang)
    return workbook.locality(parent)["name"]


def asked_indicators(workbook: Workbook, record: pd.Series) -> list[str]:
    """The indicators a round asks for: its list, else the whole catalogue."""
    if pd.notna(record["indicators"]) and record["indicators"]:
        return record["indicators"].split(";")
    return list(workbook.indicators.index)


def status(workbook: Workbook, round_id: str, today: date | None = None) -> pd.DataFrame:
    """One row per expected unit of the round: status, days late, figures asked and filled.

    ``days_late``: for a late form, days from the due date to its receipt; for a unit that has
    not reported (missing or refused), days from the due date to ``today``; else 0.
    """
    today = today or date.today()
    record = the_round(workbook, round_id)
    due = record["due"].date()
    period = record["period"]
    expected = workbook.round_units.get(round_id, [])
    asked = asked_indicators(workbook, record)
    received = workbook.submissions[workbook.submissions["round_id"] == round_id]
    received = received.set_index("locality_id")
    units = workbook.localities
    figures = workbook.figures
    figures = figures[(figures["period"] == period) & figures["indicator_id"].isin(asked)]
    filled = figures.groupby("locality_id")["indicator_id"].agg(set).to_dict()
    rows = []
    for unit_id in expected:
        unit = units.loc[unit_id]
        row = {
            "round_id": round_id,
            "locality_id": unit_id,
            "admin_code": unit["admin_code"],
            "name": unit["name"],
            "parent_id": unit["parent_id"],
            "received": None,
            "days_late": 0,
            "asked": len(asked),
            "filled": 0,
            "missing_indicators": [],
            "file": "",
            "problem": "",
        }
        overdue = max(0, (today - due).days)
        if unit_id in received.index:
            sent = received.loc[unit_id]
            row["received"] = sent["received"].date()
            row["file"] = sent["file"]
            if sent["outcome"] == "accepted":
                late = (row["received"] - due).days
                row["status"] = "late" if late > 0 else "on_time"
                row["days_late"] = max(0, late)
                have = filled.get(unit_id, set())
                row["filled"] = len(have)
                row["missing_indicators"] = [i for i in asked if i not in have]
            else:
                row["status"] = "refused"
                row["days_late"] = overdue
                row["problem"] = sent["problem"] if pd.notna(sent["problem"]) else ""
        else:
            row["status"] = "missing" if today > due else "pending"
            row["days_late"] = overdue
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass
class Counts:
    """Completeness and timeliness of a set of expected units."""

    expected: int
    on_time: int
    late: int
    refused: int
    missing: int
    pending: int
    figures_missing: int

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def completeness(self) -> float | None:
        return self.reported / self.expected * 100 if self.expected else None


def counts(table: pd.DataFrame) -> Counts:
    """The counts of a :func:`status` table (or part of one)."""
    by = table["status"].value_counts()
    reported = table[table["status"].isin(REPORTED)]
    return Counts(
        len(table),
        *(int(by.get(s, 0)) for s in STATUSES),
        figures_missing=int(reported["missing_indicators"].map(len).sum()),
    )


def by_parent(workbook: Workbook, table: pd.DataFrame) -> list[tuple[str, Counts]]:
    """Counts per parent of the expected units (a national round: per province), in file order."""
    names = workbook.localities["name"]
    order = {unit_id: n for n, unit_id in enumerate(workbook.localities.index)}
    groups = table.groupby(table["parent_id"].fillna(""), sort=False)
    parts = sorted(groups, key=lambda item: order.get(item[0], -1))
    return [(names.get(parent, parent) if parent else "–", counts(part)) for parent, part in parts]


def heading(workbook: Workbook, round_id: str, today: date, lang: str = "vi") -> str:
    record = the_round(workbook, round_id)
    return label(
        "round.heading",
        lang,
        round=round_id,
        parent=parent_name(workbook, record, lang),
        period=parse_period(record["period"]).label(lang),
        due=format_date(record["due"].date(), lang),
        as_of=label("round.as_of", lang, day=format_date(today, lang)),
    )


def sentence(total: Counts, lang: str = "vi") -> str:
    """ "48/60 đơn vị đã nộp (80,00%): 46 đúng hạn, 2 muộn; …"."""
    return label(
        "round.sentence",
        lang,
        reported=total.reported,
        expected=total.expected,
        rate=format_percent(total.completeness, lang),
        on_time=total.on_time,
        late=total.late,
        refused=total.refused,
        missing=total.missing + total.pending,
    )


def status_text(workbook: Workbook, round_id: str, today: date | None = None, lang: str = "vi") -> str:
    """The terminal table of ``cds round status``: per parent, then the units to chase."""
    today = today or date.today()
    table = status(workbook, round_id, today)
    keys = (
        "parent",
        "expected",
        "reported",
        "on_time",
        "late",
        "refused",
        "missing",
        "completeness",
        "figures_missing",
    )
    header = [label(f"round.{key}", lang) for key in keys]
    lines = [heading(workbook, round_id, today, lang), ""]

    def row(name: str, c) -> list:
        missing = c.missing + c.pending
        return [
            name,
            c.expected,
            c.reported,
            c.on_time,
            c.late,
            c.refused,
            missing,
            format_percent(c.completeness, lang),
            c.figures_missing,
        ]

    rows = [row(name, c) for name, c in by_parent(workbook, table)]
    total = counts(table)
    if len(rows) > 1:
        rows.append(row(label("round.total", lang), total))
    lines += _columns(header, rows)
    lines += ["", sentence(total, lang)]
    listed = to_chase(table)
    if len(listed):
        lines.append("")
        unit_header = [
            label(f"round.{key}", lang) for key in ("unit", "status", "received", "days_late", "what_missing")
        ]
        unit_rows = [
            [
                _unit(row),
                label(f"round.{row['status']}", lang),
                format_date(row["received"], lang) if row["received"] else "–",
                row["days_late"] or "",
                _what(workbook, row, lang),
            ]
            for _, row in listed.iterrows()
        ]
        lines += _columns(unit_header, unit_rows)
    return "\n".join(lines)


def to_chase(table: pd.DataFrame) -> pd.DataFrame:
    """The units of a :func:`status` table that are not on time with every figure, the most
    urgent first: returned, missing, not yet due, late, then those with figures missing."""
    listed = table[(table["status"] != "on_time") | table["missing_indicators"].map(bool)]
    urgency = listed["status"].map({"refused": 0, "missing": 1, "pending": 2, "late": 3, "on_time": 4})
    return listed.assign(_urgency=urgency).sort_values("_urgency", kind="stable").drop(columns="_urgency")


def _unit(row: pd.Series) -> str:
    code = row["admin_code"]
    return f"{row['name']} ({code})" if isinstance(code, str) and code else str(row["name"])


def _what(workbook: Workbook, row: pd.Series, lang: str) -> str:
    if row["status"] == "refused":
        return row["problem"]
    names = workbook.indicators[f"name_{lang}"]
    return "; ".join(names[i] for i in row["missing_indicators"])


def _columns(header: list[str], rows: list[list]) -> list[str]:
    cells = [[str(c) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    widths[-1] = min(widths[-1], 80)
    out = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])] + [
            c.rjust(w) if _numeric(c) else c.ljust(w) for c, w in zip(row[1:], widths[1:])
        ]
        out.append("  ".join(parts).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%–-]*", cell))


def reminders(workbook: Workbook, round_id: str, today: date | None = None, lang: str = "vi") -> str:
    """A message to paste into an email or Zalo: every unit still to act, what, how late."""
    today = today or date.today()
    record = the_round(workbook, round_id)
    table = status(workbook, round_id, today)
    names = workbook.indicators[f"name_{lang}"]
    lines = []
    for _, row in to_chase(table).iterrows():
        late = text("round.remind_days_late", lang, days=row["days_late"]) if row["days_late"] else ""
        unit = _unit(row)
        if row["status"] in ("missing", "pending"):
            lines.append(text("round.remind_missing", lang, unit=unit, late=late))
        elif row["status"] == "refused":
            lines.append(
                text(
                    "round.remind_refused",
                    lang,
                    unit=unit,
                    late=late,
                    received=format_date(row["received"], lang),
                    problem=row["problem"],
                )
            )
        elif row["missing_indicators"]:
            lines.append(
                text(
                    "round.remind_incomplete",
                    lang,
                    unit=unit,
                    count=len(row["missing_indicators"]),
                    names=", ".join(names[i] for i in row["missing_indicators"]),
                )
            )
    if not lines:
        return label("round.nothing_to_chase", lang)
    head = text(
        "round.remind_header",
        lang,
        period=parse_period(record["period"]).label(lang),
        parent=parent_name(workbook, record, lang),
        due=format_date(record["due"].date(), lang),
        today=format_date(today, lang),
    )
    numbered = [f"{n}. {line}" for n, line in enumerate(lines, start=1)]
    return "\n".join([head, *numbered, text("round.remind_footer", lang)])


def export_table(workbook: Workbook, round_id: str, today: date | None = None) -> pd.DataFrame:
    """:func:`status` as a flat table for ``cds export --round`` (lists joined by ';')."""
    table = status(workbook, round_id, today)
    return table.assign(
        missing_indicators=table["missing_indicators"].map(";".join),
        received=[d.isoformat() if d else "" for d in table["received"]],
    )


def rounds_of(workbook: Workbook, parent_id: str) -> list[str]:
    """The rounds addressed to the units of ``parent_id``, latest period first."""
    rounds = workbook.rounds
    mine = rounds[rounds["parent_id"] == parent_id]
    periods = {r: parse_period(p) for r, p in mine["period"].items()}
    return sorted(mine.index, key=lambda r: periods[r], reverse=True)


def expected_for(workbook: Workbook, parent_id: str, period: str) -> list[str] | None:
    """The units expected to report ``period`` to ``parent_id`` by a round, or ``None``."""
    rounds = workbook.rounds
    mine = rounds[(rounds["parent_id"] == parent_id) & (rounds["period"] == period)]
    if mine.empty:
        return None
    return workbook.round_units.get(mine.index[0], [])
