"""Conversations kept on the server: the questions asked under one conversation id, so that a follow-up
("그럼 지원 금액은?") sent with only its ``conversation_id`` is read with what came before.

Kept in SQLite under the data dir, like keys, audit and jobs, so every API worker and the CLI see the same
turns. A conversation belongs to the key that started it: another key sending the same id starts its own.
"""

from __future__ import annotations

import datetime as dt
import uuid

from api.sqlite import SqliteStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  at TEXT NOT NULL,
  question TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_conversation ON turns(key_id, conversation_id, id);
CREATE INDEX IF NOT EXISTS turns_at ON turns(at);
"""
KEEP_DAYS = 30   # turns older than this are dropped (a follow-up comes within minutes, not weeks)
HISTORY_TURNS = 5  # the web page sends its last 5 questions too


class ConversationStore(SqliteStore):
    SCHEMA = _SCHEMA
    FILE_NAME = "conversations.sqlite3"

    def history(self, key_id: str, conversation_id: str, limit: int = HISTORY_TURNS) -> list[str]:
        """The questions of the conversation's last ``limit`` turns, oldest first (what the web page sends)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT question FROM turns WHERE key_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?",
                (key_id, conversation_id, limit)).fetchall()
        return [r[0] for r in reversed(rows)]

    def add(self, key_id: str, conversation_id: str, question: str) -> None:
        now = dt.datetime.now(dt.UTC)
        cutoff = (now - dt.timedelta(days=KEEP_DAYS)).isoformat(timespec="seconds")
        with self._lock:
            self._db.execute("INSERT INTO turns(key_id, conversation_id, at, question) VALUES(?, ?, ?, ?)",
                             (key_id, conversation_id, now.isoformat(timespec="seconds"), question))
            self._db.execute("DELETE FROM turns WHERE at < ?", (cutoff,))


def new_conversation_id() -> str:
    return uuid.uuid4().hex
