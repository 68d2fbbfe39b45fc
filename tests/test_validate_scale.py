"""`cds validate` on a national folder: the work grows with the distinct cells and the findings,
not with a fixed cost per cell or per locality. These tests count calls, never seconds (how fast
is measured by bench/bench_validate.py); and the fast paths give exactly what the slow ones give."""

from __future__ import annotations

import random
from decimal import Decimal

from babel.numbers import format_decimal

from helpers import formatting, load, quality
from helpers.formatting import format_number, format_reported
from helpers.load import SCHEMAS, load_workbook, read_table
from helpers.reconcile import classify, classify_in_decimals

HEADER = "locality_id,indicator_id,period,numerator,denominator,value,qualifier,source_id,locator,note\n"


def _counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_each_distinct_cell_is_parsed_once_not_each_row(tmp_path, monkeypatch):
    rows = [f"xa-{k % 7},ty_le,{2000 + k % 20},{k},{k + 1},,,nguon,¶{k % 3},\n" for k in range(2000)]
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    calls = _counting(monkeypatch, load, "_parse_cell")
    parsed, issues = read_table(path, SCHEMAS["figures.csv"])
    assert len(parsed) == 2000 and not issues
    # 7 localities, 1 indicator, 20 periods, 1 source, the empty qualifier and note: plain
    # numbers, an empty number and plain text need no parser at all
    assert len(calls) == 7 + 1 + 20 + 1 + 2


def test_a_bad_cell_repeated_is_reported_at_each_of_its_lines(tmp_path):
    rows = [f"xa-1,ty_le,{2000 + k},-5,10,,,nguon,¶1,\n" for k in range(4)]
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    parsed, issues = read_table(path, SCHEMAS["figures.csv"])
    assert not parsed
    assert [(i.line, i.column, i.code) for i in issues] == [(line, "numerator", "negative") for line in (2, 3, 4, 5)]


def test_findings_are_worded_only_when_read(monkeypatch):
    workbook = load_workbook()  # the committed data: truncated rates and one broken rule
    calls = _counting(monkeypatch, quality, "format_number")
    fractions = _counting(monkeypatch, quality, "format_fraction")
    found = quality.findings(workbook)
    assert {"rule", "reconciliation"} <= {f.kind for f in found}
    assert not calls and not fractions
    first = next(f for f in found if f.kind == "reconciliation")
    assert first.format("vi") != first.format("en")
    assert len(fractions) == 2  # once per language asked for


def test_numbers_are_written_as_babel_writes_them():
    rng = random.Random(16)
    values = [0, 0.005, 0.5, 1, 999, 1000, 99.995, 18592, 2_200_000, 10**14 + 0.5, -0.001, -5.5, -1234.5]
    values += [rng.random() * 10 ** rng.randrange(0, 15) for _ in range(300)]
    for value in values:
        for lang, locale in (("vi", "vi_VN"), ("en", "en_US")):
            for decimals, fixed in ((2, False), (4, True), (0, False)):
                pattern = "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals else "")
                rounded = formatting._rounded(value, decimals)
                expected = format_decimal(rounded, format=pattern, locale=locale)
                assert format_number(value, lang, decimals, fixed) == expected, (value, lang, decimals)
            text = f"{abs(value):.{rng.randrange(0, 4)}f}"
            places = len(text.partition(".")[2])
            shown = format_decimal(
                Decimal(text), format="#,##0" + ("." + "0" * places if places else ""), locale=locale
            )
            assert format_reported(text, "percent", lang) == shown + "%"


def test_whole_number_classes_agree_with_decimal_arithmetic():
    rng = random.Random(9)
    cases = [(1, 8, "12.5"), (1, 8, "13"), (1, 8, "12"), (1, 3, "33.33"), (2, 3, "66.67"), (2, 3, "66.66")]
    for _ in range(3000):
        denominator = rng.randrange(1, 10 ** rng.randrange(1, 16))
        numerator = rng.randrange(0, denominator + 1)
        rate = Decimal(numerator) * 100 / Decimal(denominator)
        places = rng.randrange(0, 6)
        printed = f"{rate + Decimal(rng.choice((0, 0, 1, -1))) / 10**places:.{places}f}".lstrip("-")
        cases.append((numerator, denominator, printed))
    for numerator, denominator, printed in cases:
        assert classify(numerator, denominator, printed) == classify_in_decimals(numerator, denominator, printed)
