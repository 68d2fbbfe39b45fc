"""A collection round opened, and its forms: one per expected unit out, every form that came back in.

:func:`open_round` adds a round to ``rounds.csv`` (``cds round open``) through the same
:class:`helpers.transaction.Transaction` as every writer of the data folder: an id already used, or
a round the loader refuses (one that expects no unit, say), changes nothing.
:func:`write_round_forms` writes one form per unit the round expects (named by the unit's code
and name, ``04123_Xa-Ha-Lang.xlsx``). :func:`import_forms` reads every form of a folder (or a list
of files), checks each on its own, then merges the good ones in ONE
:class:`helpers.transaction.Transaction`: a form whose rows the merged data refuses (a numerator
above its denominator, an unknown source, a broken rule) is taken out with its problems named by
file, sheet and cell, and the rest is checked again, so nothing of a bad form is merged and a bad
form never stops the good ones. Each form of a round is recorded in ``submissions.csv`` with the
day it was received (the file's modification day unless given) and whether it was merged.
Importing the same files again changes nothing.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ..i18n import text
from ..load import DataError, Workbook, load_workbook
from ..periods import parse_period
from ..rounds import round_id_for, the_round
from ..transaction import Transaction, TransactionError
from .forms import INSTRUCTIONS_SHEET, PERIOD_CELL, ROUND_CELL, FormRead, read_form, stage_row
from .forms import locate_issue as _form_locate

_LEVEL_WORD = {
    "xa": "Xa",
    "phuong": "Phuong",
    "thi_tran": "Thi-tran",
    "dac_khu": "Dac-khu",
    "huyen": "Huyen",
    "quan": "Quan",
    "thi_xa": "Thi-xa",
    "thanh_pho": "Thanh-pho",
    "tinh": "Tinh",
    "thanh_pho_truc_thuoc_trung_uong": "Thanh-pho",
}
_ROUNDS_TRIES = 20  # a merge is re-checked after taking out the forms it refused, at most this often


def ascii_words(name: str) -> str:
    """ "Hà Lang" → "Ha-Lang": a name as file names can carry it everywhere."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() and c.isascii() else " " for c in plain).split()
    return "-".join(words)


def form_name(workbook: Workbook, locality_id: str) -> str:
    """``04123_Xa-Ha-Lang.xlsx``: the unit's code (its id without one) and its name."""
    unit = workbook.locality(locality_id)
    code = unit["admin_code"] if pd.notna(unit["admin_code"]) else locality_id
    level = _LEVEL_WORD.get(unit.get("unit_type"), "") if pd.notna(unit.get("unit_type")) else ""
    return (
        "_".join(part for part in (code, "-".join(p for p in (level, ascii_words(unit["name"])) if p)) if part)
        + ".xlsx"
    )


def write_round_forms(workbook: Workbook, round_id: str, folder: Path) -> list[Path]:
    """One form per unit the round expects, into ``folder``; the paths written."""
    from .forms import write_template

    record = the_round(workbook, round_id)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for unit_id in workbook.round_units.get(round_id, []):
        path = folder / form_name(workbook, unit_id)
        written.append(write_template(workbook, unit_id, record["period"], path, round_id=round_id))
    return written


@dataclass
class FormOutcome:
    """What became of one file: ``merged``, ``refused``, ``superseded`` (a later form of the
    same unit and round was used) or ``empty`` (nothing filled in: not counted as received)."""

    path: Path
    outcome: str
    locality_id: str = ""
    round_id: str = ""
    received: date | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class CollectResult:
    """Every file's outcome, the notices (duplicates), the counts of figures merged, and the
    problems that stopped the whole import (then nothing was written)."""

    forms: list[FormOutcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def of(self, outcome: str) -> list[FormOutcome]:
        return [form for form in self.forms if form.outcome == outcome]

    @property
    def ok(self) -> bool:
        return not self.problems


def form_files(paths: list[Path]) -> list[Path]:
    """The ``.xlsx`` files among ``paths``, folders opened (not recursively), sorted by name;
    Excel's lock files (``~$…``) and hidden files left out."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")) and p.is_file()
            )
        else:
            found.append(path)
    return found


def import_forms(
    paths: list[Path], data_dir: Path, *, round_id: str | None = None, received: date | None = None, lang: str = "vi"
) -> CollectResult:
    """Check every form of ``paths`` and merge the good ones into ``data_dir`` at once.

    Parameters
    ----------
    paths
        Files and folders of filled forms.
    round_id
        The round every form must belong to. Without it, when the round forms name one round
        only, that round is the one every form must belong to; forms of several rounds are each
        checked against their own.
    received
        The day every form was received; default: each file's modification day.
    """
    data_dir = Path(data_dir)
    result = CollectResult()
    files = form_files(paths)
    if not files:
        result.problems.append(text("round.no_forms", lang, paths=", ".join(map(str, paths))))
        return result
    try:
        workbook = load_workbook(data_dir)
    except DataError as error:
        result.problems += [text("round.data_unreadable", lang), error.format(lang)]
        return result

    reads = [read_form(path, lang) for path in files]
    days = [received or _modified(path) for path in files]
    named = {read.meta.get("round_id") for read in reads if read.meta.get("round_id")}
    if round_id is None and len(named) == 1:
        round_id = named.pop()
    if round_id is not None:
        the_round(workbook, round_id, lang)  # an unknown round stops here, naming the known ones

    outcomes = []
    for read, day in zip(reads, days):
        outcome = FormOutcome(
            read.path,
            "refused",
            read.meta.get("locality_id", ""),
            read.meta.get("round_id", "") or (round_id or ""),
            day,
            list(read.problems),
        )
        if read.meta:
            outcome.problems += _round_problems(workbook, read, round_id, lang)
        outcomes.append(outcome)

    # A unit that sent several forms for one round (or one period): the last received counts.
    groups: dict[tuple[str, str], list[int]] = {}
    for n, (read, outcome) in enumerate(zip(reads, outcomes)):
        if read.meta:
            period = read.meta["period"]
            if _parses(period):
                period = parse_period(period).canonical
            key = (outcome.round_id or period, outcome.locality_id)
            groups.setdefault(key, []).append(n)
    superseded: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda n: (outcomes[n].received or date.min, files[n].name))
        winner = ordered[-1]
        superseded |= set(ordered[:-1])
        result.notices.append(
            text(
                "round.duplicate",
                lang,
                unit=_unit_name(workbook, outcomes[winner].locality_id),
                count=len(members),
                files=", ".join(files[n].name for n in members),
                winner=files[winner].name,
                received=_day(outcomes[winner].received),
            )
        )
        for n in ordered[:-1]:
            outcomes[n].outcome = "superseded"
            outcomes[n].problems = [text("round.superseded", lang, file=files[n].name, winner=files[winner].name)]

    candidates = [n for n, o in enumerate(outcomes) if n not in superseded and not o.problems]
    empty = [n for n in candidates if not reads[n].rows]  # a blank form returned is no report
    for n in empty:
        outcomes[n].outcome = "empty"
    if empty:
        result.notices.append(
            text("round.empty_forms", lang, count=len(empty), files=", ".join(files[n].name for n in empty))
        )
    candidates = [n for n in candidates if reads[n].rows]
    skipped = superseded | set(empty)
    for _ in range(_ROUNDS_TRIES):
        change = Transaction(data_dir, lang)
        warnings: list[str] = []
        try:
            for n in candidates:
                for form_row in reads[n].rows:
                    stage_row(change, form_row, lang, warnings, origin=(n, form_row))
            _record(change, workbook, outcomes, candidates, skipped)
        except TransactionError as error:
            result.problems.append(str(error))
            return result
        found = change.problems(lambda issue, origin: _form_locate(issue, origin[1], lang))
        if not found:
            break
        blamed = _blame(found, candidates, outcomes, reads)
        if blamed is None:  # a problem no form of this import caused: write nothing
            result.problems += list(dict.fromkeys(t for t, _, _ in found))
            result.forms = outcomes
            return result
        candidates = [n for n in candidates if n not in blamed]
    else:
        result.problems.append(text("round.nothing_written", lang))
        return result

    problems = change.commit(lambda issue, origin: _form_locate(issue, origin[1], lang))
    if problems:  # e.g. data/ changed meanwhile
        result.problems += problems
        return result
    for n in candidates:
        outcomes[n].outcome = "merged"
    for outcome in outcomes:
        outcome.problems = list(dict.fromkeys(outcome.problems))
    counts = change.counts.get("figures.csv", {})
    result.added, result.replaced = counts.get("added", 0), counts.get("replaced", 0)
    result.unchanged = counts.get("unchanged", 0)
    result.forms, result.warnings = outcomes, warnings
    return result


def _modified(path: Path) -> date | None:
    """The day a file was last modified: when it was saved or copied in, by default."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError:
        return None


def _parses(period: str) -> bool:
    try:
        parse_period(period)
    except ValueError:
        return False
    return True


def _round_problems(workbook: Workbook, read: FormRead, round_id: str | None, lang: str) -> list[str]:
    """The form against its round: the round named, the period, the unit expected."""
    own = read.meta.get("round_id", "")
    problems = []
    at = lambda cell, what: text("form.cell", lang, sheet=INSTRUCTIONS_SHEET, cell=cell, what=what)  # noqa: E731
    if round_id is not None and own != round_id:
        if own:
            problems.append(at(ROUND_CELL, text("round.wrong_round", lang, found=own, expected=round_id)))
        else:
            problems.append(
                text("form.file", lang, file=read.path.name, what=text("round.no_round", lang, expected=round_id))
            )
    target = round_id or own
    if not target or target not in workbook.rounds.index:
        if own and own not in workbook.rounds.index:
            problems.append(
                at(ROUND_CELL, text("round.unknown", lang, round=own, known=", ".join(workbook.rounds.index) or "–"))
            )
        return problems
    record = workbook.rounds.loc[target]
    period = read.meta["period"]
    if not _parses(period) or parse_period(period).canonical != record["period"]:
        problems.append(
            at(PERIOD_CELL, text("round.wrong_period", lang, found=period, round=target, expected=record["period"]))
        )
    unit = read.meta["locality_id"]
    if unit not in workbook.round_units.get(target, []):
        problems.append(at("B3", text("round.not_expected", lang, unit=unit, round=target)))
    return problems


def _record(
    change: Transaction, workbook: Workbook, outcomes: list[FormOutcome], candidates: list[int], skipped: set[int]
) -> None:
    """A submissions.csv row per form of a round: merged ones ``accepted`` (the first day a
    form was accepted is kept), refused ones ``refused`` unless the unit was already accepted."""
    for n, outcome in enumerate(outcomes):
        if n in skipped or not outcome.round_id or outcome.received is None:
            continue
        if outcome.round_id not in workbook.rounds.index or outcome.locality_id not in workbook.round_units.get(
            outcome.round_id, []
        ):
            continue
        key = {"round_id": outcome.round_id, "locality_id": outcome.locality_id}
        before = change.current("submissions.csv", key)
        day = outcome.received
        if n in candidates:
            if before and before.get("outcome") == "accepted" and before.get("received"):
                day = min(day, date.fromisoformat(before["received"]))
            change.upsert(
                "submissions.csv",
                {**key, "received": day.isoformat(), "outcome": "accepted", "file": outcome.path.name, "problem": ""},
            )
        elif not (before and before.get("outcome") == "accepted"):
            change.upsert(
                "submissions.csv",
                {
                    **key,
                    "received": day.isoformat(),
                    "outcome": "refused",
                    "file": outcome.path.name,
                    "problem": outcome.problems[0] if outcome.problems else "",
                },
            )


def _blame(
    found: list[tuple[str, object, object]], candidates: list[int], outcomes: list[FormOutcome], reads: list[FormRead]
) -> set[int] | None:
    """The forms the merged data's problems belong to, each problem added to its form's list;
    ``None`` when a problem belongs to none of them."""
    by_unit: dict[tuple[str, str], list[int]] = {}
    for n in candidates:
        period = parse_period(reads[n].meta["period"]).canonical
        by_unit.setdefault((reads[n].meta["locality_id"], period), []).append(n)
    blamed: set[int] = set()
    for problem, origin, finding in found:
        if origin is not None:
            owners = [origin[0]]
        elif finding is not None:
            owners = by_unit.get((finding.locality_id, finding.period), [])
        else:
            owners = []
        if not owners:
            return None
        for n in owners:
            outcomes[n].problems.append(problem)
            blamed.add(n)
    return blamed


def _unit_name(workbook: Workbook, locality_id: str) -> str:
    if locality_id in workbook.localities.index:
        return f"{workbook.locality(locality_id)['name']} ({locality_id})"
    return locality_id


def _day(day: date | None) -> str:
    return day.isoformat() if day else "–"


def timed(function, *args, **kwargs):
    """``(result, seconds)`` of a call, for the commands that report how long they took."""
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def open_round(
    data_dir,
    parent_id: str | None,
    period: str,
    due: date,
    *,
    indicators: list[str] | None = None,
    level: str | None = None,
    round_id: str | None = None,
    note: str = "",
    lang: str = "vi",
) -> tuple[str, list[str]]:
    """Add a round to ``data_dir/rounds.csv`` through the one transaction.

    Returns ``(round_id, problems)``; ``rounds.csv`` is written only when ``problems`` is empty.
    """
    round_id = round_id or round_id_for(parent_id, period)
    change = Transaction(data_dir, lang)
    if change.current("rounds.csv", {"round_id": round_id}) is not None:
        return round_id, [text("round.exists", lang, round=round_id)]
    fields = {
        "round_id": round_id,
        "parent_id": parent_id or "",
        "period": period,
        "due": due.isoformat(),
        "indicators": ";".join(indicators or []),
        "level": level or "",
        "units": "",
    }
    if note:
        fields["note"] = note
    change.upsert("rounds.csv", fields, origin=None)
    return round_id, change.commit()
