"""The hand-labelled development set of ``cds ingest`` (tests/fixtures/ingest_dev) stays usable:
every label points at a paragraph of its excerpt that prints the figure, in the workbook's
notations, and every unit it names by code is one of the registry."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from helpers.intake.numbers import find_mentions
from helpers.intake.read import read_document
from helpers.load import load_workbook
from helpers.periods import parse_period

DEV = Path(__file__).parent / "fixtures" / "ingest_dev"
REPO = Path(__file__).parents[1]
ROLES = ("achievement", "count", "target", "plan")
RATE_CLASSES = ("", "exact", "rounded", "rounded_to_whole", "truncated", "inconsistent")


def _rows(name: str) -> list[dict]:
    with (DEV / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


LABELS = _rows("labels.csv")
SOURCES = {row["text"]: row for row in _rows("sources.csv")}


def test_every_text_has_its_address_and_both_parts_are_there():
    texts = {row["text"] for row in LABELS}
    assert texts == set(SOURCES)
    assert {path.stem for path in (DEV / "texts").glob("*.txt")} == texts
    for row in SOURCES.values():
        assert row["url"].startswith(("http://", "https://"))
    parts = {part: {r["text"] for r in LABELS if r["part"] == part} for part in ("dev", "heldout")}
    assert len(parts["dev"]) + len(parts["heldout"]) >= 20 and len(parts["heldout"]) >= 6
    assert not parts["dev"] & parts["heldout"]


@pytest.mark.parametrize("row", LABELS, ids=lambda r: f"{r['text']}{r['locator']}={r['value']}")
def test_a_label_names_a_figure_its_paragraph_prints(row):
    document = read_document(DEV / "texts" / f"{row['text']}.txt")
    number = int(re.fullmatch(r"¶(\d+)", row["locator"]).group(1))
    paragraph = document.paragraphs[number - 1].text
    assert row["role"] in ROLES and row["rate_class"] in RATE_CLASSES
    if row["period"]:
        parse_period(row["period"])
    printed = {m.value for m in find_mentions(paragraph) if m.value is not None}
    printed |= {Decimal(n) for m in find_mentions(paragraph) if m.is_fraction for n in (m.numerator, m.denominator)}
    wanted = [Decimal(row[c]) for c in ("value", "numerator") if row[c]]
    # a figure the extractor does not read is still printed in the paragraph, digit for digit
    digits = re.sub(r"\D", "", paragraph)
    for value in wanted:
        assert value in printed or _digits(value) in digits, (value, paragraph)
    if row["denominator"]:  # a whole may be given in a paragraph before ("Trong đó, …")
        before = re.sub(r"\D", "", document.text[: document.paragraphs[number - 1].offset]) + digits
        assert _digits(Decimal(row["denominator"])) in before or Decimal(row["denominator"]) in printed


def _digits(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", "")


def test_units_named_by_code_are_in_the_registry():
    localities = load_workbook(REPO / "data").localities
    codes = set(zip(localities["admin_code"], localities["level"]))
    for row in LABELS + list(SOURCES.values()):
        if row["locality_code"]:
            assert (row["locality_code"], row["locality_level"]) in codes, row
