"""A change to data/ touches all its files or none: on a full disk, when a rename fails half-way,
and when the process dies between two renames."""

from __future__ import annotations

import errno
import json
import os
import traceback
from pathlib import Path

import pytest

from helpers import files
from helpers.files import JOURNAL, recover, write_all_atomically
from helpers.transaction import Transaction


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _two_file_change(folder: Path) -> Transaction:
    change = Transaction(folder, "en")
    change.upsert(
        "figures.csv",
        {
            "locality_id": "huyen-c",
            "indicator_id": "ho_so_tiep_nhan",
            "period": "2022",
            "value": "20000",
            "source_id": "bai-b",
            "locator": "¶9",
        },
    )
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
    return change


def test_a_full_disk_while_writing_the_second_file_changes_nothing(minimal_dir, monkeypatch):
    before = _bytes(minimal_dir)
    real, made = files.tempfile.mkstemp, []

    def mkstemp(*args, **kwargs):
        made.append(kwargs.get("prefix"))
        if len(made) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)
    [problem] = _two_file_change(minimal_dir).commit()
    assert "ENOSPC" in problem and "no file in data/ changed" in problem
    assert _bytes(minimal_dir) == before


def test_a_rename_failing_half_way_puts_the_first_file_back(minimal_dir, monkeypatch):
    before = _bytes(minimal_dir)
    real, renames = os.replace, []

    def replace(source, target):
        if str(source).endswith(".tmp") and Path(target).suffix == ".csv":
            renames.append(target)
            if len(renames) == 2:
                raise OSError(errno.EIO, "Input/output error")
        return real(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    [problem] = _two_file_change(minimal_dir).commit()
    assert len(renames) == 2 and "EIO" in problem
    assert _bytes(minimal_dir) == before  # figures.csv, already renamed, was put back


def test_a_change_interrupted_between_two_renames_is_undone_by_the_next_one(minimal_dir):
    before = _bytes(minimal_dir)
    # a separate process (a fork of this one, with the workbook's modules already loaded) dies
    # (os._exit, as under SIGKILL) right after the first rename
    said, says = os.pipe()
    child = os.fork()
    if child == 0:  # never returns into the test run
        try:
            os.close(said)
            real = os.replace

            def replace(source, target):
                real(source, target)
                if str(source).endswith(".tmp") and str(target).endswith(".csv"):
                    os._exit(9)

            files.os.replace = replace
            _two_file_change(minimal_dir).commit()
            os.write(says, b"the change was made without dying")
        except BaseException:
            os.write(says, traceback.format_exc().encode())
        finally:
            os._exit(1)
    os.close(says)
    with os.fdopen(said, "rb") as pipe:
        told = pipe.read().decode()
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 9, told
    assert (minimal_dir / JOURNAL).exists()
    assert _bytes(minimal_dir) != before  # half applied: one file renamed, one not
    Transaction(minimal_dir)  # the next change starts by undoing it
    assert _bytes(minimal_dir) == before
    assert not recover(minimal_dir)


def test_several_files_are_written_and_no_backup_or_journal_is_left(tmp_path):
    (tmp_path / "a.csv").write_text("old a")
    write_all_atomically({tmp_path / "a.csv": "new a", tmp_path / "b.csv": b"new b"})
    assert _bytes(tmp_path) == {"a.csv": b"new a", "b.csv": b"new b"}


def test_formula_looking_text_reaches_data_as_text(minimal_dir):
    change = Transaction(minimal_dir, "en")
    change.upsert(
        "figures.csv",
        {
            "locality_id": "huyen-c",
            "indicator_id": "ho_so_tiep_nhan",
            "period": "2022",
            "value": "20000",
            "source_id": "bai-b",
            "locator": '=HYPERLINK("http://x","¶9")',
            "note": "+cmd|' /C calc'!A0",
        },
    )
    assert change.commit() == []
    text = (minimal_dir / "figures.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in text and "'+cmd|" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text


def test_cds_ingest_accept_on_a_full_disk_changes_neither_file(tmp_path, monkeypatch, capsys):
    import shutil

    import openpyxl

    from helpers.cli import main
    from helpers.intake.review import REVIEW_SHEET

    fixtures = Path(__file__).parent / "fixtures" / "ingest"
    data = tmp_path / "data"
    shutil.copytree(fixtures / "data", data)
    review = tmp_path / "review.xlsx"
    report = fixtures / "nam_son_6_thang.txt"
    assert main(["ingest", str(report), "--out", str(review), "--data", str(data), "--lang", "en"]) == 0
    book = openpyxl.load_workbook(review)
    sheet = book[REVIEW_SHEET]
    header = [c.value for c in sheet[1]]
    for line in range(2, sheet.max_row + 1):  # figures and targets, as an analyst would accept them
        cells = {name: sheet.cell(line, i + 1) for i, name in enumerate(header)}
        sure = cells["indicator_id"].value and cells["printed"].value in (
            "12.480",
            "8.125/12.480 hồ sơ, đạt 65,10%",
            "60%",
            "70%",
            "80%",
        )
        cells["accept"].value = "có" if sure else "không"
    book.save(review)
    before = _bytes(data)
    real, made = files.tempfile.mkstemp, []

    def mkstemp(*args, **kwargs):
        made.append(kwargs.get("prefix"))
        if len(made) == 2:  # figures.csv is written; the disk fills up on targets.csv
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)
    capsys.readouterr()
    assert main(["ingest", "--accept", str(review), "--data", str(data), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert made[:2] == [f".figures.csv.{files.writer_mark()}.", f".targets.csv.{files.writer_mark()}."]
    assert err.count("ENOSPC") == 1 and "no file in data/ changed" in err
    assert _bytes(data) == before


def _left_half_way(folder: Path, writer_pid: int | None = None) -> dict[str, bytes]:
    """The state a change leaves when its process dies between its two renames (as
    ``files._swap`` stages it): figures.csv replaced, targets.csv not yet, the journal there."""
    before = _bytes(folder)
    entries = []
    for name in ("figures.csv", "targets.csv"):
        path = folder / name
        temporary = folder / f".{name}.interrupted.tmp"
        temporary.write_bytes(path.read_bytes() + path.read_bytes().splitlines(keepends=True)[-1])
        backup = f"{temporary}.bak"
        os.link(path, backup)
        entries.append({"path": str(path), "temporary": str(temporary), "backup": backup, "pid": writer_pid})
    (folder / JOURNAL).write_text(json.dumps(entries), encoding="utf-8")
    os.replace(entries[0]["temporary"], entries[0]["path"])
    return before


@pytest.mark.parametrize(
    "command",
    [["validate"], ["render", "--locality", "no-such-unit"], ["import", "no-such-form.xlsx"]],
    ids=["validate", "render", "import"],
)
def test_a_command_reading_data_first_undoes_an_interrupted_change_and_says_so(minimal_dir, capsys, command):
    from helpers.cli import main

    before = _left_half_way(minimal_dir)
    try:
        main([*command, "--data", str(minimal_dir), "--lang", "en"])
    except SystemExit:  # a usage error, after the data folder was put right
        pass
    err = capsys.readouterr().err
    assert _bytes(minimal_dir) == before
    [said] = [line for line in err.splitlines() if "interrupted" in line]
    assert "figures.csv, targets.csv" in said and str(minimal_dir) in said and said.count(". ") == 0
    main(["validate", "--data", str(minimal_dir), "--lang", "en"])
    assert "interrupted" not in capsys.readouterr().err  # said once: nothing is left to undo


def test_a_change_whose_writer_still_runs_is_left_to_finish(minimal_dir):
    _left_half_way(minimal_dir, writer_pid=os.getppid())  # a live process that is not this one
    half_way = _bytes(minimal_dir)
    assert recover(minimal_dir) == []
    assert _bytes(minimal_dir) == half_way


def test_the_temporary_files_of_dead_writers_are_removed_and_nothing_else(tmp_path):
    # a writer (a fork of this process) dies (os._exit, as under SIGKILL) between writing its
    # temporary file in full and renaming it into place
    child = os.fork()
    if child == 0:  # never returns into the test run
        try:
            files.os.replace = lambda *args: os._exit(9)
            files.write_atomically(tmp_path / "a.csv", "written in full, never renamed")
        finally:
            os._exit(1)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 9
    [dead] = [p.name for p in tmp_path.iterdir()]
    assert dead.startswith(f".a.csv.{files.writer_mark(child)}.") and dead.endswith(".tmp")
    (tmp_path / f".b.csv.{files.writer_mark(child)}.x1y2z3w4.tmp.bak").write_text("a backup the same writer left")
    kept = {
        # writers still under way: this process and another live one
        f".c.csv.{files.writer_mark()}.k3x9q2z1.tmp",
        f".d.csv.{files.writer_mark(os.getppid())}.q8w7e6r5.tmp",
        # a writer of another machine sharing the folder, whose process this one cannot see
        f".e.csv.cds-another-host-{child}.a1b2c3d4.tmp",
        # the user's own files, whatever they look like
        ".notes.2024.x.tmp",
        f".budget 2025.{child}.draft.tmp",
        f".f.csv.{child}.k3x9q2z1.tmp",
    }
    for name in kept:
        (tmp_path / name).write_text("still being written")
    recover(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == kept


def test_the_backups_of_a_change_not_yet_undone_are_kept(minimal_dir):
    # a change whose writer still runs is left to finish; if the writer dies just after that look,
    # its backups are what the next recovery puts the files back from
    _left_half_way(minimal_dir, writer_pid=os.getppid())
    backup = minimal_dir / f".x.csv.{files.writer_mark(_dead_pid())}.k3x9q2z1.tmp.bak"
    backup.write_text("a backup of a writer that died after the look")
    before = {p.name for p in minimal_dir.iterdir()}
    recover(minimal_dir)
    assert {p.name for p in minimal_dir.iterdir()} == before


def _dead_pid() -> int:
    child = os.fork()
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)
    return child
