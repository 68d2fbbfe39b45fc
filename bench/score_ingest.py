"""Score the figure extractor (helpers.ingest) against the hand-made table of expected figures.

A development tool, not a test: ``.venv/bin/python bench/score_ingest.py [--details]``.

It reads the five seed articles from ``shared/seeds`` beside the repository
(``Path(__file__).parents[2] / "shared" / "seeds"``) and the expected figures from
``bench/ingest_expected.csv``, which was written once by reading the articles (one row per
figure a reviewer would want; ``optional=yes`` marks numbers that are arguably figures, which
count neither for nor against). What the table calls a figure: a number that quantifies a
result, a target or a count of the locality's digital transformation. Not figures: dates,
years, periods ("6 tháng"), document numbers, levels ("mức độ 3"), ratings ("3 sao"), names,
addresses, list markers, phone numbers, page furniture ("Lượt xem: 268"), ages ("15 tuổi").
``kind`` is ``target`` for goals, else ``achievement`` for rates and fractions and ``count`` for
plain counts.

Matching: within a file and paragraph, an extracted row matches an expected row with the same
value (or the same fraction when the table gives no value), one to one, preferring rows that
also agree on indicator and kind. Reported:

* values: recall (matched required rows / required rows) and precision (extracted rows that
  match any expected row / extracted rows);
* achievement vs target: share of matched rows whose ``target``-or-not agrees;
* indicators: precision (right / proposed, among matched rows) and recall (right / expected rows
  with an indicator);
* qualifiers, fractions and periods (where the table gives one) on matched rows.
"""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
EXPECTED = Path(__file__).resolve().parent / "ingest_expected.csv"
sys.path.insert(0, str(REPO))

from helpers.ingest import propose  # noqa: E402
from helpers.ingest_read import read_document  # noqa: E402
from helpers.load import load_workbook  # noqa: E402


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def _expected_rows() -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    with EXPECTED.open(encoding="utf-8", newline="") as stream:
        for line, row in enumerate(csv.DictReader(stream), start=2):
            row["line"] = line
            row["value_n"] = _number(row["value"])
            row["numerator_n"] = _number(row["numerator"])
            row["denominator_n"] = _number(row["denominator"])
            row["indicators"] = set(filter(None, row["indicator_id"].split("|")))
            by_file.setdefault(row["file"], []).append(row)
    return by_file


def _same_figure(expected: dict, found) -> bool:
    if expected["locator"] != found.locator:
        return False
    if expected["value_n"] is not None:
        return found.value is not None and found.value == expected["value_n"]
    return (found.value is None and found.numerator is not None
            and Decimal(found.numerator) == expected["numerator_n"]
            and Decimal(found.denominator) == expected["denominator_n"])


def _is_target(kind: str) -> bool:
    return kind == "target"


def match(expected: list[dict], found: list) -> list[tuple[dict, object]]:
    """One-to-one pairs, preferring agreement on indicator and kind, in reading order."""
    pairs, used_e, used_f = [], set(), set()
    passes = (
        lambda e, f: (f.indicator_id in e["indicators"]
                      and _is_target(e["kind"]) == _is_target(f.kind)),
        lambda e, f: f.indicator_id in e["indicators"],
        lambda e, f: _is_target(e["kind"]) == _is_target(f.kind),
        lambda e, f: True,
    )
    for agrees in passes:
        for fi, row in enumerate(found):
            if fi in used_f:
                continue
            for ei, exp in enumerate(expected):
                if ei not in used_e and _same_figure(exp, row) and agrees(exp, row):
                    pairs.append((exp, row))
                    used_e.add(ei)
                    used_f.add(fi)
                    break
    return pairs


def _details(tag: str, required: list[dict], found: list, pairs: list) -> list[str]:
    """Lines for the misses, the extra rows and the disagreements of one file."""
    lines = []
    matched_expected = {id(e) for e, _ in pairs}
    matched_found = {id(f) for _, f in pairs}
    for e in required:
        if id(e) not in matched_expected:
            figure = e["value"] or f"{e['numerator']}/{e['denominator']}"
            lines.append(f"MISSED {tag} {e['locator']:4} {figure:>8} {e['kind']:11} "
                         f"{e['indicator_id']}")
    for f in found:
        if id(f) not in matched_found:
            lines.append(f"EXTRA  {tag} {f.locator:4} {f.printed!r} ({f.kind})")
    for e, f in pairs:
        if _is_target(e["kind"]) != _is_target(f.kind):
            lines.append(f"KIND   {tag} {e['locator']:4} {f.printed!r}: expected {e['kind']}, "
                         f"got {f.kind}")
        if e["indicators"] and f.indicator_id not in e["indicators"] and e["optional"] != "yes":
            lines.append(f"INDIC  {tag} {e['locator']:4} {f.printed!r}: expected "
                         f"{e['indicator_id']}, got {f.indicator_id or '-'} [{f.candidates}]")
    return lines


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "   n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list misses and extra rows")
    args = parser.parse_args(argv)
    if not SEEDS.is_dir():
        print(f"score_ingest: the seed articles are not there: {SEEDS} is absent "
              "(it lives in the shared folder beside the repository); nothing scored.",
              file=sys.stderr)
        return 2
    workbook = load_workbook(REPO / "data")
    expected_by_file = _expected_rows()
    totals = dict(required=0, found_required=0, extracted=0, extracted_ok=0, kind_ok=0,
                  kind_n=0, ind_expected=0, ind_right=0, ind_proposed=0, qual_ok=0,
                  frac_ok=0, frac_n=0, period_ok=0, period_n=0, flagged=0)
    print(f"{'file':28} {'recall':>16} {'precision':>16} {'target?':>16} {'indicator P':>16}")
    details: list[str] = []
    for name, expected in sorted(expected_by_file.items()):
        path = SEEDS / name
        if not path.exists():
            print(f"{name}: missing from {SEEDS}", file=sys.stderr)
            return 2
        found = propose(read_document(path), workbook)
        pairs = match(expected, found)
        required = [e for e in expected if e["optional"] != "yes"]
        matched_required = [(e, f) for e, f in pairs if e["optional"] != "yes"]
        stats = dict(
            required=len(required), found_required=len(matched_required), extracted=len(found),
            extracted_ok=len(pairs),
            kind_ok=sum(_is_target(e["kind"]) == _is_target(f.kind) for e, f in matched_required),
            kind_n=len(matched_required),
            ind_expected=sum(bool(e["indicators"]) for e in required),
            ind_right=sum(f.indicator_id in e["indicators"] for e, f in matched_required),
            ind_proposed=sum(bool(f.indicator_id) for e, f in matched_required if e["indicators"]),
            qual_ok=sum(e["qualifier"] == f.qualifier for e, f in matched_required),
            frac_n=sum(e["numerator_n"] is not None for e, _ in matched_required),
            frac_ok=sum(e["numerator_n"] is not None and f.numerator is not None
                        and Decimal(f.numerator) == e["numerator_n"]
                        and Decimal(f.denominator) == e["denominator_n"]
                        for e, f in matched_required),
            period_n=sum(bool(e["period"]) for e, _ in matched_required),
            period_ok=sum(bool(e["period"]) and e["period"] == f.period
                          for e, f in matched_required),
            flagged=sum(f.flagged for f in found),
        )
        for key, value in stats.items():
            totals[key] += value
        print(f"{name[:28]:28} {_ratio(stats['found_required'], stats['required']):>16} "
              f"{_ratio(stats['extracted_ok'], stats['extracted']):>16} "
              f"{_ratio(stats['kind_ok'], stats['kind_n']):>16} "
              f"{_ratio(stats['ind_right'], stats['ind_proposed']):>16}")
        details += _details(name[:3], required, found, pairs)
    t = totals
    print()
    print(f"values            recall {_ratio(t['found_required'], t['required'])}   "
          f"precision {_ratio(t['extracted_ok'], t['extracted'])}")
    print(f"achievement/target correct {_ratio(t['kind_ok'], t['kind_n'])} of matched values")
    print(f"indicators        precision {_ratio(t['ind_right'], t['ind_proposed'])}   "
          f"recall {_ratio(t['ind_right'], t['ind_expected'])}")
    print(f"qualifiers        correct {_ratio(t['qual_ok'], t['kind_n'])}")
    print(f"fractions         correct {_ratio(t['frac_ok'], t['frac_n'])}")
    print(f"periods           correct {_ratio(t['period_ok'], t['period_n'])} "
          "(rows the table dates)")
    print(f"rows flagged truncated/inconsistent: {t['flagged']}")
    if args.details:
        print()
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
