"""The service's own small SQLite files (keys, audit, jobs, conversations) under the data dir.

Every process (uvicorn worker, CLI, ingestion child) opens its own connection; WAL lets readers run
while one writer commits, and the busy timeout makes concurrent writers wait instead of failing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import ClassVar, Self


def connect(path: Path, schema: str) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db


class SqliteStore:
    """One store file: its schema is created on open; one connection per process, shared by its threads
    under ``_lock`` (sqlite3 connections are not safe to use from two threads at once)."""

    SCHEMA: ClassVar[str]
    FILE_NAME: ClassVar[str]  # the file's name inside the data dir

    def __init__(self, path: Path) -> None:
        self._db = connect(path, self.SCHEMA)
        self._lock = threading.Lock()

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> Self:
        return cls(data_dir / cls.FILE_NAME)

    def close(self) -> None:
        self._db.close()


def utc_now(timespec: str = "seconds") -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec=timespec)
