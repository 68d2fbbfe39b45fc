"""Files written safely: a reader never sees half of one.

Every file the workbook writes (reports, keys, data/ through :mod:`helpers.transaction`, forms,
review files) goes through :func:`write_atomically`.

A file is first written in full under a temporary name beside it,
``.<name>.cds-<host>-<pid>.<random>.tmp`` (``.figures.csv.cds-may-chu-4242.k3x9q2z1.tmp``; a
multi-file change's backups add ``.bak``, its journal is ``.cds-journal.json.cds-<host>-<pid>.
<random>.tmp`` until renamed), where ``<host>`` and ``<pid>`` name the writing process
(:func:`writer_mark`). A writer killed before the rename (SIGKILL, a power cut) leaves that file
behind; :func:`recover`, run before a render run and before a change to data/, removes those of
this machine's processes no longer alive. It never touches a file of a writer still running, of
another machine (a folder shared over the network), of an interrupted change not yet undone, or
any name without that mark (a user's own ``.notes.2024.x.tmp`` stays).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: bytes | str) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place.

    The file is flushed to disk before the rename, and keeps the permissions of the file it
    replaces (a new one gets 0644 rather than mkstemp's 0600).
    """
    write_all_atomically({Path(path): content})


def write_all_atomically(contents: dict[Path, bytes | str]) -> None:
    """Write several files so that they change together or not at all.

    Every file is first written in full under a temporary name beside it and flushed to disk, so
    a full disk or a permission problem fails before any file is replaced. Then each file being
    replaced keeps a backup (a hard link: no new space), a journal listing the files is written,
    and the temporary files are renamed into place. When a rename fails, the ones already done
    are undone from the backups; when the process dies in the middle, the next change to the
    folder (:func:`recover`) puts the files back as they were before.
    """
    contents = {Path(path): content for path, content in contents.items()}
    for folder in {path.parent for path in contents}:
        _undo_change(folder)
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            handle, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.{writer_mark()}.", suffix=".tmp"
            )
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if path.exists():
                shutil.copymode(path, temporary)
            else:
                os.chmod(temporary, 0o644)
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise
    if not staged:
        return
    if len(staged) == 1:  # one rename is atomic by itself
        temporary, path = staged[0]
        try:
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)
        return
    _swap(staged)


JOURNAL = ".cds-journal.json"


def _swap(staged: list[tuple[str, Path]]) -> None:
    journal = staged[0][1].parent / JOURNAL
    entries = []
    try:
        for temporary, path in staged:
            backup = None
            if path.exists():
                backup = f"{temporary}.bak"
                try:
                    os.link(path, backup)
                except OSError:  # a file system without hard links
                    shutil.copy2(path, backup)
            entries.append({"path": str(path), "temporary": temporary, "backup": backup, "pid": os.getpid()})
        _write_journal(journal, entries)
    except BaseException:
        for entry in entries:
            if entry["backup"]:
                Path(entry["backup"]).unlink(missing_ok=True)
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise
    try:
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        _roll_back(entries)
        journal.unlink(missing_ok=True)
        raise
    for folder in {path.parent for _, path in staged}:
        _sync_folder(folder)
    journal.unlink(missing_ok=True)  # the change is complete: from here on it stays
    for entry in entries:
        if entry["backup"]:
            Path(entry["backup"]).unlink(missing_ok=True)


def _write_journal(journal: Path, entries: list[dict]) -> None:
    handle, temporary = tempfile.mkstemp(dir=journal.parent, prefix=f"{JOURNAL}.{writer_mark()}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(entries, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, journal)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(journal.parent)


def _roll_back(entries: list[dict]) -> None:
    """Every file of the journal as it was before the change began."""
    for entry in entries:
        path = Path(entry["path"])
        if entry["backup"] and Path(entry["backup"]).exists():
            os.replace(entry["backup"], path)
            # a file never renamed is the backup's own hard link: rename() leaves both names
            Path(entry["backup"]).unlink(missing_ok=True)
        elif not entry["backup"]:
            path.unlink(missing_ok=True)  # a file the change was creating
        Path(entry["temporary"]).unlink(missing_ok=True)
    for folder in {Path(entry["path"]).parent for entry in entries}:
        _sync_folder(folder)


def recover(folder: Path) -> list[str]:
    """Undo a multi-file change that was interrupted in ``folder`` (a journal is there): the names
    of the files put back as they were before it (none when there was nothing to undo). Then the
    temporary files left in ``folder`` by writers no longer alive are removed.

    A change still under way in another process (its writer alive) is left to finish, and so are
    its temporary files.
    """
    restored = _undo_change(folder)
    _remove_dead_writers_files(Path(folder))
    return restored


_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"


def writer_mark(pid: int | None = None) -> str:
    """What the names of a process's temporary files carry: ``cds-<host>-<pid>``."""
    return f"cds-{_HOST}-{os.getpid() if pid is None else pid}"


# .<name>.cds-<host>-<pid>.<mkstemp's 8 characters>.tmp, and a backup's .bak
_TEMPORARY = re.compile(r"\..+\.cds-(?P<host>[A-Za-z0-9-]+)-(?P<pid>[1-9][0-9]{0,9})\.[a-z0-9_]{8}\.tmp(?:\.bak)?")


def _remove_dead_writers_files(folder: Path) -> None:
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except (FileNotFoundError, NotADirectoryError):
        return
    if JOURNAL in names:  # a change still under way, or one to undo: its backups are needed
        return
    for name in names:
        found = _TEMPORARY.fullmatch(name) if name.startswith(".") else None
        if found and found["host"] == _HOST and not _running(int(found["pid"])):
            (folder / name).unlink(missing_ok=True)


def _undo_change(folder: Path) -> list[str]:
    # run before each write: it only looks for a journal (listing a folder of thousands of reports
    # before each of them would cost)
    journal = Path(folder) / JOURNAL
    if not journal.exists():
        return []
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:  # the writer finished meanwhile
        return []
    writers = {entry.get("pid") for entry in entries} - {None, os.getpid()}
    if any(_running(pid) for pid in writers):
        return []
    _roll_back(entries)
    journal.unlink(missing_ok=True)
    return [Path(entry["path"]).name for entry in entries]


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _sync_folder(folder: Path) -> None:
    # the renames themselves reach the disk (POSIX; elsewhere opening a folder is not possible)
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
