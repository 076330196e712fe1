"""API keys, roles and clearances.

A key is a random token shown once; only its SHA-256 is stored (a leaked database gives no usable key).
Roles nest: reader ⊂ writer ⊂ admin. The clearance (public/internal) is separate from the role and is
turned into ``SearchFilters(clearance=…)`` on every read path.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from api.sqlite import SqliteStore, utc_now
from core.types import AccessLevel

TOKEN_PREFIX = "prk_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
  key_id TEXT PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  clearance TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
"""


class Role(StrEnum):
    READER = "reader"
    WRITER = "writer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _ROLE_RANK[self]

    def includes(self, other: Role) -> bool:
        return self.rank >= other.rank


_ROLE_RANK = {Role.READER: 0, Role.WRITER: 1, Role.ADMIN: 2}
ROLE_LABELS = {Role.READER: "열람자", Role.WRITER: "작성자", Role.ADMIN: "관리자"}


@dataclass(frozen=True)
class Caller:
    """Who is calling: a key's id, name, role and clearance (``demo`` when no key exists yet)."""

    key_id: str
    name: str
    role: Role
    clearance: AccessLevel
    demo: bool = False


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    name: str
    role: Role
    clearance: AccessLevel
    created_at: str
    revoked_at: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"key_id": self.key_id, "name": self.name, "role": self.role.value,
                "clearance": self.clearance.value, "created_at": self.created_at, "revoked_at": self.revoked_at}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class KeyStore(SqliteStore):
    """Keys of one knowledge base (``keys.sqlite3`` in its data dir)."""

    SCHEMA = _SCHEMA
    FILE_NAME = "keys.sqlite3"

    def create(self, name: str, role: Role, clearance: AccessLevel) -> tuple[KeyInfo, str]:
        """Create a key; returns its info and the token (the only time the token exists in clear)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        info = KeyInfo("k_" + secrets.token_hex(6), name, role, clearance, utc_now(), None)
        with self._lock:
            self._db.execute(
                "INSERT INTO api_keys(key_id, token_sha256, name, role, clearance, created_at) "
                "VALUES(?, ?, ?, ?, ?, ?)",
                (info.key_id, hash_token(token), name, role.value, clearance.value, info.created_at))
        return info, token

    def list(self) -> list[KeyInfo]:
        with self._lock:
            rows = self._db.execute(
                "SELECT key_id, name, role, clearance, created_at, revoked_at FROM api_keys ORDER BY created_at"
            ).fetchall()
        return [_info(r) for r in rows]

    def revoke(self, key_id: str) -> bool:
        with self._lock:
            cur = self._db.execute("UPDATE api_keys SET revoked_at=? WHERE key_id=? AND revoked_at IS NULL",
                                   (utc_now(), key_id))
        return cur.rowcount > 0

    def authenticate(self, token: str) -> Caller | None:
        """The caller a live token belongs to; revocation applies at once in every worker (no cache)."""
        with self._lock:
            row = self._db.execute(
                "SELECT key_id, name, role, clearance FROM api_keys WHERE token_sha256=? AND revoked_at IS NULL",
                (hash_token(token),)).fetchone()
        if row is None:
            return None
        return Caller(row[0], row[1], Role(row[2]), AccessLevel(row[3]))

    def any_keys(self) -> bool:
        """Whether a key was ever created; until then the service runs in loopback-only demo mode."""
        with self._lock:
            return self._db.execute("SELECT 1 FROM api_keys LIMIT 1").fetchone() is not None


def _info(row: sqlite3.Row | tuple[str, ...]) -> KeyInfo:
    return KeyInfo(row[0], row[1], Role(row[2]), AccessLevel(row[3]), row[4], row[5])

