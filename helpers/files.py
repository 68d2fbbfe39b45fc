"""Files written safely: a reader never sees half of one.

Every file the workbook writes (reports, keys, data/ through :mod:`helpers.transaction`, forms,
review files) goes through :func:`write_atomically`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: bytes | str) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place.

    The file is flushed to disk before the rename, and keeps the permissions of the file it
    replaces (a new one gets 0644 rather than mkstemp's 0600).
    """
    write_all_atomically({Path(path): content})


def write_all_atomically(contents: dict[Path, bytes | str]) -> None:
    """Write several files so that a failure while writing leaves every one of them as it was.

    Every file is first written in full under a temporary name beside it and flushed to disk; only
    then are they renamed into place. A full disk or a permission problem therefore fails before
    any file is replaced, and the renames that follow need no new space.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if path.exists():
                shutil.copymode(path, temporary)
            else:
                os.chmod(temporary, 0o644)
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise
