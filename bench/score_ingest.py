"""Score the figure extractor (``cds ingest``) against hand-made tables of expected figures.

A development tool, not a test: ``make score-ingest`` or
``.venv/bin/python bench/score_ingest.py [--parts dev,heldout,seeds] [--details]``.

Three parts are scored, each on its own:

* ``dev`` and ``heldout``: excerpts of 28 public progress reports in
  ``tests/fixtures/ingest_dev`` (see its README), labelled by hand. ``dev`` is what the
  extractor is tuned on; ``heldout`` is kept aside and read only to measure.
* ``seeds``: the five source articles, read from ``shared/seeds`` beside the repository (a
  development folder the workbook never reads; the part is reported as missing when it is not
  there), against ``bench/ingest_expected.csv``.

A label row is a figure a reviewer would want; ``optional`` rows (ranks, changes, thresholds,
parts repeated by their pair) count neither for nor against. Within a file and paragraph an
extracted row matches a label row with the same value (or the same part and whole when the label
gives no value), one to one, preferring rows that also agree on the role. Reported per part:

* values: recall (required labels matched / required labels) and precision (extracted rows
  matching any label / extracted rows);
* pairs: required labels with a part and a whole whose matched row has both right;
* roles: achievement / count / target (a plan is a target) right among matched required labels;
* periods and localities: right among matched required labels that give one (a locality is
  resolved in ``data/localities.csv`` by its official code and level, as the unit stood at the
  period's end or the report's date; national figures expect no locality);
* slips: printed rates the labels class as truncated or inconsistent with their pair, and how
  many of them the review file flags; ``false flags`` counts flagged rows whose label is fine;
* indicators: right among matched labels that name a catalogue id; ``new`` counts rows that
  propose a new indicator where the label names one the catalogue lacks.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_LABELS = Path(__file__).resolve().parent / "ingest_expected.csv"
DEV = REPO / "tests" / "fixtures" / "ingest_dev"
PARTS = ("dev", "heldout", "seeds")
sys.path.insert(0, str(REPO))

from helpers.intake.ingest import propose  # noqa: E402
from helpers.intake.read import read_document  # noqa: E402
from helpers.load import load_workbook  # noqa: E402
from helpers.periods import parse_period  # noqa: E402
from helpers.reconcile import classify  # noqa: E402

SLIPS = ("truncated", "inconsistent")


@dataclass
class Label:
    """One expected figure."""

    file: str
    locator: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    role: str  # achievement | count | target
    period: str
    optional: bool
    indicators: set[str]
    new_indicator: str = ""
    rate_class: str = ""
    locality: str | None = None  # expected locality_id; "" = none; None = not scored

    @property
    def is_pair(self) -> bool:
        return self.numerator is not None and self.denominator is not None


@dataclass
class Part:
    name: str
    documents: dict[str, Path] = field(default_factory=dict)
    labels: dict[str, list[Label]] = field(default_factory=dict)
    missing: str = ""
    unresolved: int = 0  # labelled localities the registry does not hold


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def _role(text: str) -> str:
    return "target" if text in ("target", "plan") else text


def _period_end(notation: str) -> date | None:
    try:
        period = parse_period(notation)
    except Exception:  # a label that is not a period cannot date the locality
        return None
    return period.end or period.start


def _resolver(workbook):
    """``(code, level, when) → locality_id | None``, as the unit stood on ``when``."""
    localities = workbook.localities

    def resolve(code: str, level: str, when: date | None) -> str | None:
        rows = localities[(localities["admin_code"] == code) & (localities["level"] == level)]
        if when is not None:
            day = pd.Timestamp(when)
            start, end = rows["valid_from"], rows["valid_to"]
            keep = (start.isna() | (start <= day)) & (end.isna() | (end >= day))
            rows = rows[keep]
        ids = list(rows.index)
        return ids[0] if len(ids) == 1 else None

    return resolve


def _source_dates() -> dict[str, date | None]:
    dates = {}
    with (DEV / "sources.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            text = row["date"]
            parts = [int(p) for p in text.split("-")] if text else []
            dates[row["text"]] = (
                date(parts[0], parts[1], parts[2])
                if len(parts) == 3
                else (date(parts[0], parts[1], 28) if len(parts) == 2 else None)
            )
    return dates


def dev_parts(workbook) -> dict[str, Part]:
    """The ``dev`` and ``heldout`` parts of the development set."""
    resolve = _resolver(workbook)
    dates = _source_dates()
    parts = {name: Part(name) for name in ("dev", "heldout")}
    with (DEV / "labels.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            part = parts[row["part"]]
            name = row["text"] + ".txt"
            part.documents[name] = DEV / "texts" / name
            level, code = row["locality_level"], row["locality_code"]
            if level in ("country", "other"):
                locality = ""
            elif code:
                when = _period_end(row["period"]) if row["period"] else dates.get(row["text"])
                locality = resolve(code, level, when)
                if locality is None:
                    part.unresolved += 1
            else:
                locality = None
                part.unresolved += 1
            part.labels.setdefault(name, []).append(
                Label(
                    file=name,
                    locator=row["locator"],
                    value=_number(row["value"]),
                    numerator=_number(row["numerator"]),
                    denominator=_number(row["denominator"]),
                    role=_role(row["role"]),
                    period=row["period"],
                    optional=row["optional"] == "yes",
                    indicators=set(filter(None, row["indicator_id"].split("|"))),
                    new_indicator=row["new_indicator"],
                    rate_class=row["rate_class"],
                    locality=locality,
                )
            )
    return parts


def seed_part() -> Part:
    """The five source articles and their expected figures."""
    part = Part("seeds")
    if not SEEDS.is_dir():
        part.missing = f"{SEEDS} is absent (the shared folder beside the repository)"
        return part
    with SEED_LABELS.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            path = SEEDS / row["file"]
            if not path.exists():
                part.missing = f"{row['file']} is missing from {SEEDS}"
                return part
            part.documents[row["file"]] = path
            label = Label(
                file=row["file"],
                locator=row["locator"],
                value=_number(row["value"]),
                numerator=_number(row["numerator"]),
                denominator=_number(row["denominator"]),
                role=_role(row["kind"]),
                period=row["period"],
                optional=row["optional"] == "yes",
                indicators=set(filter(None, row["indicator_id"].split("|"))),
            )
            if label.is_pair and label.value is not None and not row["qualifier"]:
                label.rate_class = classify(int(label.numerator), int(label.denominator), row["value"])
            part.labels.setdefault(row["file"], []).append(label)
    return part


def _same_figure(label: Label, found) -> bool:
    if label.locator != found.locator:
        return False
    if label.value is not None:
        return found.value is not None and found.value == label.value
    return (
        found.value is None
        and found.numerator is not None
        and Decimal(found.numerator) == label.numerator
        and Decimal(found.denominator) == label.denominator
    )


def match(labels: list[Label], found: list) -> list[tuple[Label, object]]:
    """One-to-one pairs, preferring agreement on the pair, the role and the indicator."""
    pairs, used_l, used_f = [], set(), set()
    passes = (
        lambda e, f: _pair_right(e, f) and e.role == f.kind,
        lambda e, f: e.role == f.kind and (not e.indicators or f.indicator_id in e.indicators),
        lambda e, f: e.role == f.kind,
        lambda e, f: True,
    )
    for agrees in passes:
        for fi, row in enumerate(found):
            if fi in used_f:
                continue
            for li, label in enumerate(labels):
                if li not in used_l and _same_figure(label, row) and agrees(label, row):
                    pairs.append((label, row))
                    used_l.add(li)
                    used_f.add(fi)
                    break
    return pairs


def _pair_right(label: Label, found) -> bool:
    return (
        label.is_pair
        and found.numerator is not None
        and Decimal(found.numerator) == label.numerator
        and Decimal(found.denominator) == label.denominator
    )


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "   n/a"


def score(part: Part, workbook) -> tuple[dict[str, int], list[str]]:
    """Counts for one part and the lines of its details."""
    t = dict.fromkeys(
        (
            "texts",
            "labels",
            "required",
            "matched",
            "extracted",
            "extracted_ok",
            "pairs",
            "pairs_ok",
            "roles_ok",
            "periods",
            "periods_ok",
            "localities",
            "localities_ok",
            "slips",
            "slips_flagged",
            "false_flags",
            "indicators",
            "indicators_ok",
            "new_expected",
            "new_proposed",
        ),
        0,
    )
    details: list[str] = []
    for name, path in sorted(part.documents.items()):
        labels = part.labels[name]
        found = propose(read_document(path), workbook)
        pairs = match(labels, found)
        required = [label for label in labels if not label.optional]
        got = [(label, row) for label, row in pairs if not label.optional]
        t["texts"] += 1
        t["labels"] += len(labels)
        t["required"] += len(required)
        t["matched"] += len(got)
        t["extracted"] += len(found)
        t["extracted_ok"] += len(pairs)
        t["pairs"] += sum(label.is_pair for label in required)
        t["pairs_ok"] += sum(_pair_right(label, row) for label, row in got)
        t["roles_ok"] += sum(label.role == row.kind for label, row in got)
        t["periods"] += sum(bool(label.period) for label, _ in got)
        t["periods_ok"] += sum(bool(label.period) and label.period == row.period for label, row in got)
        t["localities"] += sum(label.locality is not None for label, _ in got)
        t["localities_ok"] += sum(
            label.locality is not None and label.locality == row.locality_id for label, row in got
        )
        t["slips"] += sum(label.rate_class in SLIPS for label in labels)
        t["slips_flagged"] += sum(label.rate_class in SLIPS and row.flagged for label, row in pairs)
        t["false_flags"] += sum(row.flagged and label.rate_class not in SLIPS for label, row in pairs)
        t["indicators"] += sum(bool(label.indicators) for label, _ in got)
        t["indicators_ok"] += sum(row.indicator_id in label.indicators for label, row in got if label.indicators)
        t["new_expected"] += sum(bool(label.new_indicator) for label, _ in got)
        t["new_proposed"] += sum(bool(label.new_indicator) and bool(_new_name(row)) for label, row in got)
        details += _details(name[:12], required, found, pairs)
    return t, details


def _new_name(row) -> str:
    return getattr(row, "new_indicator", "") or ""


def _details(tag: str, required: list[Label], found: list, pairs: list) -> list[str]:
    lines = []
    matched_labels = {id(label) for label, _ in pairs}
    matched_found = {id(row) for _, row in pairs}
    for label in required:
        if id(label) not in matched_labels:
            figure = str(label.value) if label.value is not None else f"{label.numerator}/{label.denominator}"
            lines.append(f"MISSED {tag} {label.locator:4} {figure:>10} {label.role}")
    for row in found:
        if id(row) not in matched_found:
            lines.append(f"EXTRA  {tag} {row.locator:4} {row.printed!r} ({row.kind})")
    for label, row in pairs:
        if label.optional:
            continue
        where = f"{tag} {label.locator:4} {row.printed!r}"
        if label.is_pair and not _pair_right(label, row):
            lines.append(
                f"PAIR   {where}: expected {label.numerator}/{label.denominator}, got {row.numerator}/{row.denominator}"
            )
        if label.role != row.kind:
            lines.append(f"ROLE   {where}: expected {label.role}, got {row.kind}")
        if label.period and label.period != row.period:
            lines.append(f"PERIOD {where}: expected {label.period}, got {row.period or '-'}")
        if label.locality is not None and label.locality != row.locality_id:
            lines.append(f"PLACE  {where}: expected {label.locality or '-'}, got {row.locality_id or '-'}")
        if label.rate_class in SLIPS and not row.flagged:
            lines.append(f"SLIP   {where}: {label.rate_class} not flagged")
    return lines


def report(name: str, t: dict[str, int], part: Part) -> list[str]:
    return [
        f"== {name}: {t['texts']} texts, {t['labels']} labelled figures "
        f"({t['required']} required, {t['pairs']} pairs, {t['slips']} printed-rate slips)",
        f"   values      recall {_ratio(t['matched'], t['required'])}   "
        f"precision {_ratio(t['extracted_ok'], t['extracted'])}",
        f"   pairs       recall {_ratio(t['pairs_ok'], t['pairs'])}",
        f"   roles       right  {_ratio(t['roles_ok'], t['matched'])}",
        f"   periods     right  {_ratio(t['periods_ok'], t['periods'])}",
        f"   localities  right  {_ratio(t['localities_ok'], t['localities'])}"
        + (f"   ({part.unresolved} labelled units not in the registry, not scored)" if part.unresolved else ""),
        f"   slips       flagged {_ratio(t['slips_flagged'], t['slips'])}   false flags {t['false_flags']}",
        f"   indicators  right  {_ratio(t['indicators_ok'], t['indicators'])}   "
        f"new proposed {_ratio(t['new_proposed'], t['new_expected'])}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated parts to score (dev, heldout, seeds)")
    parser.add_argument("--details", action="store_true", help="list misses and disagreements")
    args = parser.parse_args(argv)
    wanted = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = [p for p in wanted if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}; expected {', '.join(PARTS)}")
    workbook = load_workbook(REPO / "data")
    parts = dev_parts(workbook)
    parts["seeds"] = seed_part()
    for name in wanted:
        part = parts[name]
        if part.missing:
            print(f"== {name}: not scored: {part.missing}")
            continue
        counts, details = score(part, workbook)
        print("\n".join(report(name, counts, part)))
        if args.details:
            print("\n".join("   " + line for line in details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
