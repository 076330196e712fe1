"""Audit log: who asked, searched, drafted, uploaded or deleted what, which documents were cited, when."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from api.auth import Caller
from api.sqlite import SqliteStore, utc_now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  key_name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  doc_ids_json TEXT NOT NULL DEFAULT '[]',
  status INTEGER NOT NULL DEFAULT 200,
  details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
"""
FIELDS = ("id", "at", "key_id", "key_name", "role", "action", "target", "doc_ids", "status", "details")


@dataclass
class AuditEntry:
    id: int
    at: str
    key_id: str
    key_name: str
    role: str
    action: str
    target: str | None
    doc_ids: list[str] = field(default_factory=list)
    status: int = 200
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


class AuditLog(SqliteStore):
    SCHEMA = _SCHEMA
    FILE_NAME = "audit.sqlite3"

    def record(self, caller: Caller, action: str, target: str | None = None, *,
               doc_ids: Iterable[str] = (), status: int = 200, **details: Any) -> None:
        """``target`` is what was acted on (the question, query, file or document id)."""
        row = (utc_now("milliseconds"), caller.key_id, caller.name, caller.role.value, action, target,
               json.dumps(sorted(set(doc_ids))), status, json.dumps(details, ensure_ascii=False, default=str))
        with self._lock:
            self._db.execute("INSERT INTO audit(at, key_id, key_name, role, action, target, doc_ids_json, status,"
                             " details_json) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

    def entries(self, *, since: str | None = None, until: str | None = None, action: str | None = None,
                key_id: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """Entries oldest first; ``since``/``until`` compare ISO timestamps (a date matches its whole day)."""
        clauses, args = [], []
        for column, op, value in (("at", ">=", since), ("at", "<", _day_after(until)), ("action", "=", action),
                                  ("key_id", "=", key_id)):
            if value:
                clauses.append(f"{column} {op} ?")
                args.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        tail = f" LIMIT {int(limit)}" if limit else ""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, at, key_id, key_name, role, action, target, doc_ids_json, status, details_json "
                f"FROM audit {where} ORDER BY id{tail}", args).fetchall()
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), r[8], json.loads(r[9]))
                for r in rows]


def export_lines(entries: Iterable[AuditEntry], fmt: str) -> Iterator[str]:
    """JSON Lines or CSV (UTF-8; Excel opens it with the BOM the caller may prepend)."""
    if fmt == "jsonl":
        for e in entries:
            yield json.dumps(e.as_dict(), ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for e in entries:
        writer.writerow([e.id, e.at, e.key_id, e.key_name, e.role, e.action, _cell(e.target or ""),
                         " ".join(e.doc_ids), e.status, _cell(json.dumps(e.details, ensure_ascii=False))])
    yield buffer.getvalue()


def _cell(text: str) -> str:
    """A question typed as "=…" must not become a spreadsheet formula (CSV injection, OWASP)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _day_after(until: str | None) -> str | None:
    """``until`` as an exclusive bound: a bare date includes that whole day."""
    if not until or len(until) != 10:
        return until
    return (dt.date.fromisoformat(until) + dt.timedelta(days=1)).isoformat()

