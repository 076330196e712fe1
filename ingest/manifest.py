"""The manifest: SQLite record of every document and its live chunks — the source of truth of what exists.

Chroma and the keyword index are derived from it. A document's chunks are swapped in one transaction
(``commit_document``), so searches see either the old chunks or the new ones, never both or neither.
Chunks written to Chroma before that commit are listed as *pending*; a run killed half-way leaves them
there and the next run deletes them (``pending_orphans``), so no orphan or duplicate survives.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.types import Chunk, DocumentMeta

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  doc_id TEXT PRIMARY KEY,
  source_path TEXT NOT NULL,
  content_hash TEXT,
  meta_json TEXT NOT NULL,
  status TEXT NOT NULL,            -- ready | pending | failed
  pending_ids_json TEXT NOT NULL DEFAULT '[]',
  last_error TEXT,
  error_reason TEXT,
  char_count INTEGER DEFAULT 0,
  page_count INTEGER,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
  chunk_id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents(doc_id),
  ordinal INTEGER NOT NULL,
  text TEXT NOT NULL,
  start INTEGER NOT NULL,
  end_ INTEGER NOT NULL,
  page INTEGER,
  section TEXT,
  tokens_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS doc_text (doc_id TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DocumentRecord:
    meta: DocumentMeta
    content_hash: str | None
    status: str
    chunk_count: int
    char_count: int
    page_count: int | None
    last_error: str | None
    error_reason: str | None
    updated_at: str


class Manifest:
    """Thread-safe access to the manifest database of one knowledge base."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:  # never close under a reader in another thread (sqlite3 would crash the process)
            self._db.close()

    # -- generation: bumped on every change of the live chunk set, so other processes can reload ---------
    def generation(self) -> int:
        row = self._db.execute("SELECT value FROM state WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def _bump(self, db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO state(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # -- reads -----------------------------------------------------------------------------------------
    def content_hash(self, doc_id: str) -> str | None:
        row = self._db.execute(
            "SELECT content_hash FROM documents WHERE doc_id=? AND status='ready'", (doc_id,)
        ).fetchone()
        return row[0] if row else None

    def get(self, doc_id: str) -> DocumentRecord | None:
        rows = self._records("WHERE d.doc_id=?", (doc_id,))
        return rows[0] if rows else None

    def records(self, include_failed: bool = True) -> list[DocumentRecord]:
        return self._records("" if include_failed else "WHERE d.status='ready'", ())

    def _records(self, where: str, args: tuple[object, ...]) -> list[DocumentRecord]:
        sql = (
            "SELECT d.meta_json, d.content_hash, d.status, "
            "(SELECT COUNT(*) FROM chunks c WHERE c.doc_id=d.doc_id), d.char_count, d.page_count, "
            f"d.last_error, d.error_reason, d.updated_at FROM documents d {where} ORDER BY d.source_path"
        )
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [
            DocumentRecord(DocumentMeta.model_validate_json(r[0]), r[1], r[2], r[3], r[4] or 0, r[5], r[6],
                           r[7], r[8])
            for r in rows
        ]

    def doc_ids_by_path(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT source_path, doc_id FROM documents").fetchall())

    def chunk_ids(self, doc_id: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id FROM chunks WHERE doc_id=? ORDER BY ordinal", (doc_id,)
            ).fetchall()
        return [r[0] for r in rows]

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        return {row[0]: Chunk(chunk_id=row[0], doc_id=row[1], ordinal=row[2], text=row[3], start=row[4],
                              end=row[5], page=row[6], section=row[7])
                for row in self._rows("chunk_id, doc_id, ordinal, text, start, end_, page, section", chunk_ids)}

    def doc_ids_of(self, chunk_ids: Sequence[str]) -> dict[str, str]:
        """Chunk id → document id, without reading the text (the dense leg's clearance check)."""
        return {row[0]: row[1] for row in self._rows("chunk_id, doc_id", chunk_ids)}

    def _rows(self, columns: str, chunk_ids: Sequence[str]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        with self._lock:
            for i in range(0, len(chunk_ids), 500):
                part = list(chunk_ids[i:i + 500])
                marks = ",".join("?" * len(part))
                rows += self._db.execute(f"SELECT {columns} FROM chunks WHERE chunk_id IN ({marks})", part)
        return rows

    def doc_chunks(self, doc_id: str) -> list[Chunk]:
        ids = self.chunk_ids(doc_id)
        found = self.chunks(ids)
        return [found[i] for i in ids]

    def all_chunk_tokens(self) -> tuple[list[str], list[str], list[list[str]]]:
        """(chunk ids, their doc ids, their keyword tokens) of every live chunk, in a stable order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id, doc_id, tokens_json FROM chunks ORDER BY doc_id, ordinal"
            ).fetchall()
        return [r[0] for r in rows], [r[1] for r in rows], [json.loads(r[2]) for r in rows]

    def document_text(self, doc_id: str) -> str | None:
        row = self._db.execute("SELECT text FROM doc_text WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def pending_orphans(self) -> list[str]:
        """Chunk ids written to the vector store by an unfinished run and never committed."""
        with self._lock:
            rows = self._db.execute(
                "SELECT doc_id, pending_ids_json FROM documents WHERE pending_ids_json != '[]'"
            ).fetchall()
            live = {r[0] for r in self._db.execute("SELECT chunk_id FROM chunks")}
        return [cid for _, ids in rows for cid in json.loads(ids) if cid not in live]

    # -- writes ----------------------------------------------------------------------------------------
    def mark_pending(self, meta: DocumentMeta, chunk_ids: Sequence[str]) -> None:
        """Record chunk ids about to be written to the vector store, before writing them."""
        now = _now()
        with self._tx() as db:
            db.execute(
                "INSERT INTO documents(doc_id, source_path, meta_json, status, pending_ids_json, updated_at) "
                "VALUES(?, ?, ?, 'pending', ?, ?) ON CONFLICT(doc_id) DO UPDATE SET pending_ids_json=excluded."
                "pending_ids_json",
                (meta.doc_id, meta.source_path, meta.model_dump_json(), json.dumps(list(chunk_ids)), now),
            )

    def commit_document(self, meta: DocumentMeta, content_hash: str, chunks: Sequence[Chunk],
                        tokens: Sequence[list[str]], text: str, page_count: int | None) -> list[str]:
        """Swap the document's live chunks for ``chunks`` atomically; returns the replaced chunk ids."""
        with self._tx() as db:
            old = [r[0] for r in db.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (meta.doc_id,))]
            db.execute(
                "INSERT INTO documents(doc_id, source_path, content_hash, meta_json, status, pending_ids_json,"
                " last_error, error_reason, char_count, page_count, updated_at) "
                "VALUES(?, ?, ?, ?, 'ready', '[]', NULL, NULL, ?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET "
                "source_path=excluded.source_path, content_hash=excluded.content_hash, "
                "meta_json=excluded.meta_json, status='ready', pending_ids_json='[]', last_error=NULL, "
                "error_reason=NULL, char_count=excluded.char_count, page_count=excluded.page_count, "
                "updated_at=excluded.updated_at",
                (meta.doc_id, meta.source_path, content_hash, meta.model_dump_json(), len(text), page_count,
                 _now()),
            )
            db.execute("DELETE FROM chunks WHERE doc_id=?", (meta.doc_id,))
            db.executemany(
                "INSERT INTO chunks(chunk_id, doc_id, ordinal, text, start, end_, page, section, tokens_json)"
                " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.chunk_id, c.doc_id, c.ordinal, c.text, c.start, c.end, c.page, c.section,
                  json.dumps(t, ensure_ascii=False)) for c, t in zip(chunks, tokens, strict=True)],
            )
            db.execute("INSERT OR REPLACE INTO doc_text(doc_id, text) VALUES(?, ?)", (meta.doc_id, text))
            self._bump(db)
        new = {c.chunk_id for c in chunks}
        return [cid for cid in old if cid not in new]

    def update_meta(self, meta: DocumentMeta) -> None:
        """Rewrite a stored document's metadata only (its chunks and text stay as they are)."""
        with self._tx() as db:
            db.execute("UPDATE documents SET meta_json=? WHERE doc_id=?", (meta.model_dump_json(), meta.doc_id))
            self._bump(db)

    def record_failure(self, meta: DocumentMeta, reason: str, message: str) -> None:
        """Remember why a file failed; a document ingested before keeps its live chunks untouched."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO documents(doc_id, source_path, meta_json, status, last_error, error_reason,"
                " updated_at) VALUES(?, ?, ?, 'failed', ?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET "
                "last_error=excluded.last_error, error_reason=excluded.error_reason, "
                "updated_at=excluded.updated_at",
                (meta.doc_id, meta.source_path, meta.model_dump_json(), message, reason, _now()),
            )

    def clear_pending(self) -> None:
        with self._tx() as db:
            db.execute("UPDATE documents SET pending_ids_json='[]'")

    def remove(self, doc_id: str) -> list[str]:
        """Delete a document and its chunks; returns the chunk ids to delete from the vector store."""
        with self._tx() as db:
            ids = [r[0] for r in db.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (doc_id,))]
            pending = db.execute("SELECT pending_ids_json FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
            db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM doc_text WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            self._bump(db)
        return ids + (json.loads(pending[0]) if pending else [])


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
