"""The one way into data/: merge records on a copy, load and validate the copy, then swap.

Every writer of ``data/*.csv`` (Excel forms, accepted ingest reviews, national tables,
collection rounds) reads its own format into records and hands them to a :class:`Transaction`:

>>> change = Transaction(data_dir)
>>> change.upsert("figures.csv", {"locality_id": "hong-ngu", ...}, origin=where_it_was_typed)
>>> problems = change.commit(locate)

``commit`` writes the merged files to a temporary copy of the data folder, runs the loader and
the error-level validation rules on it, and only when nothing is wrong replaces the changed
files. All changed files are written to temporary names first, so a full disk stops the change
before any file is replaced. A problem the loader finds on a merged line is handed back with the
``origin`` of the record on that line, so the writer can name the sheet and cell, or the review
row, where the analyst typed it.
"""

from __future__ import annotations

import csv
import errno
import io
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .files import recover, write_all_atomically
from .i18n import message
from .load import SCHEMAS, DataError, DataIssue, load_workbook, number_text  # noqa: F401 (re-exported)
from .safe_text import for_spreadsheet

# The columns that identify a row: a second record with the same key replaces the first.
KEYS: dict[str, tuple[str, ...]] = {
    "localities.csv": ("locality_id",),
    "indicators.csv": ("indicator_id",),
    "sources.csv": ("source_id",),
    "figures.csv": ("locality_id", "indicator_id", "period"),
    "targets.csv": ("indicator_id", "locality_id", "year"),
    "rounds.csv": ("round_id",),
    "submissions.csv": ("round_id", "locality_id"),
}
_BOM = "\ufeff"

Locate = Callable[[DataIssue, object], str]


def same_cell(a: str, b: str) -> bool:
    """Whether two CSV cells say the same thing (``85`` and ``85.0`` do)."""
    a, b = a.strip(), b.strip()
    if a == b:
        return True
    try:
        return Decimal(a) == Decimal(b)
    except ArithmeticError:
        return False


def csv_bytes(header: list[str], records: list[list[str]], bom: str = "") -> bytes:
    """The CSV text of ``records`` under ``header``, as data/ files are written."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    return (bom + out.getvalue()).encode("utf-8")


def record_lines(content: bytes) -> list[int]:
    """The line each record of ``content`` starts on, as the loader numbers lines (header = 1)."""
    text = content.decode("utf-8").removeprefix(_BOM)
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    lines = []
    end = reader.line_num
    for _ in reader:
        lines.append(end + 1)
        end = reader.line_num
    return lines


@dataclass
class _Table:
    """One data/ file being changed: its records as read, then as merged."""

    original: bytes | None
    bom: str
    header: list[str]
    records: list[list[str]]
    index: dict[tuple[str, ...], int]
    origins: dict[int, object] = field(default_factory=dict)  # record position -> origin


class TransactionError(Exception):
    """A data/ file cannot be read as CSV text to merge into (the message names it)."""


class Transaction:
    """A set of record upserts into one data folder, checked as a whole and written as a whole.

    Parameters
    ----------
    data_dir
        The data folder (``data/`` or a copy).
    lang
        ``vi`` or ``en``: the language of the problems ``commit`` returns.
    """

    def __init__(self, data_dir: Path, lang: str = "vi"):
        self.data_dir = Path(data_dir)
        self.lang = lang
        recover(self.data_dir)  # a change interrupted half-way is undone before this one starts
        self.counts: dict[str, Counter] = {}
        self._tables: dict[str, _Table] = {}

    def _table(self, file: str) -> _Table:
        if file not in self._tables:
            path = self.data_dir / file
            original = path.read_bytes() if path.exists() else None
            bom, header, records = "", [c.name for c in SCHEMAS[file]], []
            if original is not None:
                try:
                    text = original.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise TransactionError(f"{file}: {message('not_utf8', self.lang)}") from error
                if text.startswith(_BOM):
                    bom, text = _BOM, text[1:]
                parsed = list(csv.reader(io.StringIO(text, newline="")))
                if parsed:
                    header, records = [h.strip() for h in parsed[0]], parsed[1:]
            table = _Table(original, bom, header, records, {})
            for position, record in enumerate(records):
                key = self._key(file, table, record)
                if key is not None:
                    table.index.setdefault(key, position)
            self._tables[file] = table
            self.counts[file] = Counter()
        return self._tables[file]

    @staticmethod
    def _key(file: str, table: _Table, record: list[str]) -> tuple[str, ...] | None:
        if len(record) != len(table.header):
            return None  # the loader reports the row's length
        cells = dict(zip(table.header, record))
        return tuple(cells.get(column, "").strip() for column in KEYS[file])

    def current(self, file: str, fields: dict[str, str]) -> dict[str, str] | None:
        """The row now in ``file`` (merged so far) with the key of ``fields``, or ``None``."""
        table = self._table(file)
        position = table.index.get(tuple(fields.get(c, "").strip() for c in KEYS[file]))
        return None if position is None else dict(zip(table.header, table.records[position]))

    def upsert(self, file: str, fields: dict[str, str], origin: object = None) -> str:
        """Add ``fields`` as a row of ``file``, or update the row with the same key.

        Columns not in ``fields`` keep their value in an updated row and are empty in a new one.
        Returns ``"added"``, ``"replaced"`` or ``"unchanged"``.
        """
        # text Excel would run as a formula ("=HYPERLINK(…)", "+cmd|…") is written as text
        fields = {column: for_spreadsheet(value) for column, value in fields.items()}
        table = self._table(file)
        schema = [c.name for c in SCHEMAS[file]]
        missing = [c for c in schema if c not in table.header and fields.get(c, "")]
        if missing:  # e.g. a file without the optional note column receiving a note
            order = [c for c in schema if c in table.header or c in missing]
            order += [c for c in table.header if c not in schema]
            table.records = [
                [dict(zip(table.header, r)).get(c, "") for c in order]
                if len(r) == len(table.header)
                else r + [""] * len(missing)
                for r in table.records
            ]
            table.header = order
        key = tuple(fields.get(c, "").strip() for c in KEYS[file])
        position = table.index.get(key)
        if position is None:
            table.records.append([fields.get(c, "") for c in table.header])
            position = table.index[key] = len(table.records) - 1
            outcome = "added"
        else:
            old = table.records[position]
            new = [fields.get(c, value) for c, value in zip(table.header, old)]
            if all(same_cell(a, b) for a, b in zip(old, new)):
                outcome = "unchanged"
            else:
                table.records[position] = new
                outcome = "replaced"
        table.origins[position] = origin
        self.counts[file][outcome] += 1
        return outcome

    def replace(self, file: str, header: list[str], rows: list[dict[str, str]]) -> None:
        """Make ``rows`` (columns in the order of ``header``) the whole of ``file``.

        For a writer that builds a file from its own sources rather than adding rows to it (the
        registry tool builds localities.csv from the official lists); :meth:`commit` checks and
        writes the result like any other change.
        """
        table = self._table(file)
        table.header = list(header)
        table.records = [[for_spreadsheet(row.get(column, "")) for column in header] for row in rows]
        table.origins = {}
        table.index = {}
        for position, record in enumerate(table.records):
            key = self._key(file, table, record)
            if key is not None:
                table.index.setdefault(key, position)

    def _merged(self) -> dict[str, tuple[bytes, dict[int, object]]]:
        merged = {}
        for file, table in self._tables.items():
            content = csv_bytes(table.header, table.records, table.bom)
            lines = record_lines(content)
            merged[file] = content, {lines[p]: o for p, o in table.origins.items()}
        return merged

    def check(self, locate: Locate | None = None) -> list[str]:
        """The problems of the merged data folder, without writing anything (see :meth:`commit`)."""
        return self._checked(self._merged(), locate)

    def commit(self, locate: Locate | None = None) -> list[str]:
        """Check the merged files together and, when nothing is wrong, write the changed ones.

        Parameters
        ----------
        locate
            Called with a loader issue on a merged line and the ``origin`` of the record there;
            returns the problem as the writer's user should read it. Without it, or for an issue
            on a line no record of this change wrote, the loader's own wording is used.

        Returns
        -------
        list[str]
            The problems, each once; empty when the files were written (or nothing changed).
        """
        merged = self._merged()
        problems = self._checked(merged, locate)
        if problems:
            return problems
        changed = {file: content for file, (content, _) in merged.items() if content != self._tables[file].original}
        for file in changed:
            path = self.data_dir / file
            now = path.read_bytes() if path.exists() else None
            if now != self._tables[file].original:
                return [message("changed_meanwhile", self.lang, file=file)]
        try:
            write_all_atomically({self.data_dir / file: content for file, content in changed.items()})
        except OSError as error:  # a full disk, no permission: all or none, and said once
            reason = f"{errno.errorcode.get(error.errno, error.errno)}: {error.filename or self.data_dir}"
            return [message("data_not_written", self.lang, files=", ".join(changed), error=reason)]
        return []

    def _checked(self, merged: dict[str, tuple[bytes, dict[int, object]]], locate: Locate | None) -> list[str]:
        return list(dict.fromkeys(text for text, _, _ in self._problems(merged, locate)))

    def problems(self, locate: Locate | None = None) -> list[tuple[str, object, object]]:
        """The problems of the merged data folder, each as ``(text, origin, finding)``.

        ``origin`` is the origin of the record on the line a loader problem is on (``None`` when
        no record of this change wrote it); ``finding`` is the :class:`helpers.quality.Finding`
        of a broken validation rule (``None`` for a loader problem). A writer merging many
        submissions at once uses them to tell which submission each problem belongs to.
        """
        return self._problems(self._merged(), locate)

    def _problems(
        self, merged: dict[str, tuple[bytes, dict[int, object]]], locate: Locate | None
    ) -> list[tuple[str, object, object]]:
        from .quality import findings  # imported on use: it pulls in the rules and formatting

        problems: list[tuple[str, object, object]] = []
        with tempfile.TemporaryDirectory(prefix="cds-change-") as scratch:
            copy = Path(scratch) / "data"
            shutil.copytree(self.data_dir, copy)
            for file, (content, _) in merged.items():
                (copy / file).write_bytes(content)
            try:
                workbook = load_workbook(copy)
            except DataError as error:
                for issue in error.issues:
                    origin = merged.get(issue.file, (b"", {}))[1].get(issue.line)
                    if origin is not None and locate is not None:
                        problems.append((locate(issue, origin), origin, None))
                    else:
                        problems.append((issue.format(self.lang), origin, None))
            else:
                problems += [(f.format(self.lang), None, f) for f in findings(workbook, severities=("error",))]
        return problems
