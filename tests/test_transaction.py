"""The one transaction into data/: merge, check the merged copy, write all or nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.load import load_workbook
from helpers.transaction import Transaction, number_text, same_cell


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _figure(**fields: str) -> dict[str, str]:
    row = {
        "locality_id": "huyen-b",
        "indicator_id": "ho_so_tiep_nhan",
        "period": "2025",
        "value": "120",
        "source_id": "bai-b",
        "locator": "¶2",
    }
    row.update(fields)
    return row


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (18592, "18592"),
        (99.82, "99.82"),
        (85.0, "85"),
        (1e-05, "0.00001"),
        (1e20, "100000000000000000000"),
        (1234567.5, "1234567.5"),
    ],
)
def test_numbers_are_written_plainly(number, text):
    assert number_text(number) == text


def test_cells_that_say_the_same_number_are_the_same():
    assert same_cell("85", "85.0") and same_cell(" ¶2", "¶2") and not same_cell("85", "86")


def test_added_replaced_and_unchanged_rows_are_counted_and_written(minimal_dir):
    change = Transaction(minimal_dir)
    assert change.upsert("figures.csv", _figure()) == "added"
    assert change.upsert("figures.csv", _figure(value="121")) == "replaced"
    assert change.commit() == []
    frame = load_workbook(minimal_dir).figures
    mine = frame[(frame["locality_id"] == "huyen-b") & (frame["period"] == "2025")]
    assert mine["value"].tolist() == [121]
    again = Transaction(minimal_dir)
    assert again.upsert("figures.csv", _figure(value="121.0")) == "unchanged"
    before = _bytes(minimal_dir)
    assert again.commit() == [] and _bytes(minimal_dir) == before


def test_columns_a_record_leaves_out_keep_their_value(minimal_dir):
    first = Transaction(minimal_dir)
    first.upsert("figures.csv", _figure(note="ghi chú của người biên tập"))
    assert first.commit() == []
    second = Transaction(minimal_dir)
    second.upsert("figures.csv", {k: v for k, v in _figure(value="130").items()})
    assert second.current("figures.csv", _figure())["note"] == "ghi chú của người biên tập"


def test_a_loader_problem_is_located_through_the_record_origin_and_nothing_changes(minimal_dir):
    before = _bytes(minimal_dir)
    change = Transaction(minimal_dir)
    change.upsert("figures.csv", _figure(), origin="row 3 of the form")
    change.upsert("figures.csv", _figure(indicator_id="khong_co"), origin="row 4 of the form")
    problems = change.commit(lambda issue, origin: f"{origin}: {issue.column}")
    assert problems == ["row 4 of the form: indicator_id"]
    assert _bytes(minimal_dir) == before


def test_two_files_are_written_together_or_not_at_all(minimal_dir, monkeypatch):
    before = _bytes(minimal_dir)
    change = Transaction(minimal_dir)
    change.upsert("figures.csv", _figure())
    change.upsert(
        "targets.csv",
        {
            "indicator_id": "ho_so_truc_tuyen",
            "locality_id": "huyen-b",
            "year": "2026",
            "value": "90",
            "comparison": ">=",
            "source_id": "bai-b",
            "locator": "¶3",
        },
    )
    real_fsync, calls = os.fsync, []

    def full_disk_on_second_file(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk_on_second_file)
    [problem] = change.commit()
    assert "ENOSPC" in problem and "data/" in problem
    assert _bytes(minimal_dir) == before
    assert not [p for p in minimal_dir.iterdir() if p.name.endswith(".tmp")]


def test_a_file_changed_by_someone_else_meanwhile_is_not_overwritten(minimal_dir):
    change = Transaction(minimal_dir)
    change.upsert("figures.csv", _figure())
    (minimal_dir / "figures.csv").write_bytes((minimal_dir / "figures.csv").read_bytes() + b"")
    path = minimal_dir / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("¶4", "¶5", 1), encoding="utf-8")
    [problem] = change.commit()
    assert "figures.csv" in problem


def test_a_file_replaced_whole_is_checked_then_written_as_given(minimal_dir):
    path = minimal_dir / "localities.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    rows = [dict(zip(header, line.split(","))) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    before = _bytes(minimal_dir)
    broken = Transaction(minimal_dir)
    broken.replace("localities.csv", header, [*rows, dict(rows[-1], locality_id="xa-moi", parent_id="khong-co")])
    [problem] = broken.commit()
    assert "khong-co" in problem and _bytes(minimal_dir) == before
    change = Transaction(minimal_dir)
    change.replace("localities.csv", header, list(reversed(rows)))
    assert change.commit() == []
    assert path.read_text(encoding="utf-8").splitlines()[1:] == list(
        reversed(before["localities.csv"].decode().splitlines()[1:])
    )
