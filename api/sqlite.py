"""One small helper for the service's own SQLite files (keys, audit, jobs) under the data dir.

Every process (uvicorn worker, CLI, ingestion child) opens its own connection; WAL lets readers run
while one writer commits, and the busy timeout makes concurrent writers wait instead of failing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: Path, schema: str) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db
