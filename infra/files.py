"""Files at rest are private to the service's user, whatever the process umask (R-CH-4).

The data directory holds the data key, the log's private key, the embedded SQLite store
(children's files, reports and access records are sealed inside it, but the key is beside
it) and the evidence blobs: it is made ``0700``; the keys and the SQLite database with its
``-wal``, ``-shm`` and ``-journal`` companions are ``0600``. A umask only ever removes bits
from the mode a file is created with, and a umask of ``000`` removes none, so every file is
created with an explicit mode and then set to it exactly (``chmod``). A store made by an
older version, or by hand, is tightened when the service next opens it. Files and
directories of another user are left alone (the service could not change them anyway).

Public files (a log's ``.vkey``) are ``0644``: anyone may read them, nobody else may
replace them with a key of their own. Directories other than the data directory (the
parents of a configured key or database path) are created when missing — ``0700`` for the
one holding the file, ``0755`` for any parents — and otherwise left as the operator made
them: tightening ``/tmp`` or ``/etc`` would break the system, not protect the store.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PUBLIC_FILE = 0o644
PUBLIC_DIR = 0o755
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database; it gives them the database file's mode."""


def set_mode(path: Path, mode: int) -> None:
    """Give ``path`` exactly ``mode``, if it exists and belongs to this process's user."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode:
        path.chmod(mode)


def make_dirs(path: Path, mode: int = PRIVATE_DIR) -> bool:
    """Create ``path`` with exactly ``mode`` if it is missing — missing parents too, with
    exactly ``0755`` (never group- or world-writable, whatever the umask). An existing
    directory is left as it is. Returns whether ``path`` was created."""
    if path.is_dir():
        return False
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for directory in reversed(missing):
        wanted = mode if directory == path else PUBLIC_DIR
        try:
            directory.mkdir(mode=wanted)
        except FileExistsError:  # made meanwhile by another process
            continue
        directory.chmod(wanted)
    return True


def private_dir(path: Path) -> Path:
    """The data directory: created ``0700``, or tightened to ``0700`` if it exists."""
    make_dirs(path)
    set_mode(path, PRIVATE_DIR)
    return path


def create_private(path: Path) -> int:
    """Create ``path`` for writing, ``0600`` exactly; :class:`FileExistsError` if it exists.

    Returns the open file descriptor.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)
    return fd


def write_public(path: Path, text: str) -> None:
    """Write a public file (``0644``): readable by all, writable only by its owner."""
    path.write_text(text)
    path.chmod(PUBLIC_FILE)


def private_sqlite(path: Path) -> None:
    """Make the SQLite database at ``path`` private before anything opens it.

    A missing database is created empty (an empty file is an empty SQLite database) with
    ``0600``, so that SQLite, which gives its ``-wal`` and ``-shm`` files the database's
    mode, creates those ``0600`` too; an existing one and its companions are tightened. A
    missing directory for it is created ``0700``; an existing one is the operator's (the
    data directory itself is made private by the store).
    """
    make_dirs(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(create_private(path))
    tighten_sqlite(path)


def tighten_sqlite(path: Path) -> None:
    """The database and each companion present, ``0600``."""
    set_mode(path, PRIVATE_FILE)
    for suffix in SQLITE_COMPANIONS:
        set_mode(path.with_name(path.name + suffix), PRIVATE_FILE)
