"""Ingestion jobs: queued per server process, run one at a time, tracked in SQLite.

Each job runs in a child process at low priority (:mod:`api.ingest_child`): parsing, Kiwi and embedding
there never hold this process's GIL, Kiwi lock or embedder, so searches keep their latency while a job
runs, and a parser that crashes takes only the child down. Embedded Chroma must stay in one process,
so the child sends its vector writes back over a pipe and this process's runner thread applies them.
Progress goes to ``jobs.sqlite3`` (any worker can answer ``GET /v1/jobs/{id}``), and a file lock in the
data dir keeps one ingestion at a time across workers: two concurrent runs would each clean up the
other's pending chunks.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import queue
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from api.sqlite import SqliteStore, utc_now
from core.settings import Settings

log = logging.getLogger("pressroom.jobs")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
  job_id TEXT PRIMARY KEY,
  key_id TEXT NOT NULL,
  status TEXT NOT NULL,              -- queued | running | done | failed
  files_json TEXT NOT NULL,          -- [{"name": shown name, "path": stored path}]
  overrides_json TEXT NOT NULL DEFAULT '{}',
  outcomes_json TEXT NOT NULL DEFAULT '[]',
  error TEXT,
  owner_pid INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
"""
STALE_MESSAGE = "서버가 다시 시작되어 작업이 중단되었습니다. 파일을 다시 올려 주세요."


@dataclass
class Job:
    job_id: str
    key_id: str
    status: str
    files: list[dict[str, str]]
    overrides: dict[str, dict[str, Any]]
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    created_at: str = ""
    started_at: str | None = None
    finished_at: str | None = None

    def public(self) -> dict[str, Any]:
        """What a client sees: progress and per-file results, never server paths."""
        failed = [o for o in self.outcomes if o.get("status") == "failed"]
        return {"job_id": self.job_id, "status": self.status, "total": len(self.files),
                "done": len(self.outcomes), "files": [f["name"] for f in self.files],
                "outcomes": self.outcomes, "errors": failed, "error": self.error,
                "created_at": self.created_at, "started_at": self.started_at, "finished_at": self.finished_at}


class JobStore(SqliteStore):
    SCHEMA = _SCHEMA
    FILE_NAME = "jobs.sqlite3"

    def create(self, key_id: str, files: list[dict[str, str]], overrides: dict[str, dict[str, Any]]) -> Job:
        job = Job("j_" + secrets.token_hex(8), key_id, "queued", files, overrides, created_at=utc_now())
        with self._lock:
            self._db.execute(
                "INSERT INTO jobs(job_id, key_id, status, files_json, overrides_json, owner_pid, created_at) "
                "VALUES(?, ?, 'queued', ?, ?, ?, ?)",
                (job.job_id, key_id, json.dumps(files, ensure_ascii=False),
                 json.dumps(overrides, ensure_ascii=False, default=str), os.getpid(), job.created_at))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            r = self._db.execute(
                "SELECT job_id, key_id, status, files_json, overrides_json, outcomes_json, error, created_at, "
                "started_at, finished_at FROM jobs WHERE job_id=?", (job_id,)).fetchone()
        if r is None:
            return None
        return Job(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), json.loads(r[5]), r[6], r[7], r[8], r[9])

    def set_running(self, job_id: str) -> None:
        self._exec("UPDATE jobs SET status='running', started_at=? WHERE job_id=?", (utc_now(), job_id))

    def add_outcome(self, job_id: str, outcome: dict[str, Any]) -> None:
        self._exec("UPDATE jobs SET outcomes_json=json_insert(outcomes_json, '$[#]', json(?)) WHERE job_id=?",
                   (json.dumps(outcome, ensure_ascii=False), job_id))

    def finish(self, job_id: str, error: str | None = None) -> None:
        status = "failed" if error else "done"
        self._exec("UPDATE jobs SET status=?, error=?, finished_at=? WHERE job_id=? AND status IN "
                   "('queued', 'running')", (status, error, utc_now(), job_id))

    def fail_orphans(self) -> int:
        """Mark unfinished jobs whose server process is gone as failed (they will never finish)."""
        with self._lock:
            rows = self._db.execute("SELECT job_id, owner_pid FROM jobs WHERE status IN ('queued', 'running')"
                                    ).fetchall()
        dead = [job_id for job_id, pid in rows if not _alive(pid)]
        for job_id in dead:
            self.finish(job_id, STALE_MESSAGE)
        return len(dead)

    def _exec(self, sql: str, args: tuple[Any, ...]) -> None:
        with self._lock:
            self._db.execute(sql, args)


class JobRunner:
    """One thread per server process that runs queued jobs in order."""

    def __init__(self, settings: Settings, store: JobStore, vectors: Callable[[], Any],
                 on_finished: Callable[[Job], None] | None = None) -> None:
        self.settings = settings
        self.store = store
        self.vectors = vectors  # the serving process's vector store, where the child's writes land
        self.on_finished = on_finished
        self._child: Any = None
        self._closing = False
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="pressroom-ingest", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        self._queue.put(job.job_id)

    def close(self, timeout: float = 10.0) -> None:
        """Stop: a running job is interrupted (the manifest's pending-chunk records make that safe)."""
        self._closing = True
        self._queue.put(None)
        child = self._child
        if child is not None and child.is_alive():
            child.terminate()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while (job_id := self._queue.get()) is not None:
            try:
                self._run(job_id)
            except Exception:
                log.exception("ingestion job %s crashed", job_id)
                self.store.finish(job_id, "수집 작업 중 서버 오류가 발생했습니다.")
            job = self.store.get(job_id)
            if job is not None and self.on_finished is not None:
                self.on_finished(job)

    def _run(self, job_id: str) -> None:
        import multiprocessing

        from api.ingest_child import child_main

        with (self.settings.data_dir / "ingest.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self._closing:
                return
            # spawn, not fork: this process has threads (and maybe torch) that a fork would copy half-way
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            self._child = context.Process(target=child_main, name=f"pressroom-ingest-{job_id}", daemon=True,
                                          args=(self.settings.model_dump(mode="json"), job_id, theirs))
            self._child.start()
            theirs.close()
            self._relay(ours)
            self._child.join()
            code, self._child = self._child.exitcode, None
        if code != 0:
            reason = "서버가 종료되어" if self._closing else f"수집 프로세스가 비정상 종료되어 (종료 코드 {code})"
            self.store.finish(job_id, f"{reason} 작업이 중단되었습니다. 파일을 다시 올려 주세요.")

    def _relay(self, conn: Any) -> None:
        """Apply the child's vector-store calls here until it hangs up."""
        while True:
            try:
                op, args = conn.recv()
            except (EOFError, OSError):
                return
            reply: str | None = None
            try:
                getattr(self.vectors(), op)(*args)
            except Exception as exc:
                log.exception("vector store %s failed for an ingestion job", op)
                reply = f"{type(exc).__name__}: {exc}"
            try:
                conn.send(reply)
            except OSError:  # the child is gone; its exit code tells the rest
                return


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

