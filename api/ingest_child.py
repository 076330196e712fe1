"""The ingestion child process of one job (started by :class:`api.jobs.JobRunner` with ``spawn``).

It runs the ordinary ``KnowledgeBase.ingest`` at low CPU priority, with one change: its vector store is
a :class:`RemoteStore` that forwards ``add``/``delete`` to the server process, the only process allowed
to open the embedded Chroma store. Manifest, keyword index and job progress are SQLite/files that
processes share safely.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("pressroom.ingest")
STATUS_WORDS = {"added": "추가", "updated": "갱신", "unchanged": "변경 없음", "failed": "실패", "removed": "삭제"}


class RemoteStore:
    """The two vector-store calls ingestion makes, executed by the parent; errors come back as raised."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def add(self, chunks: Sequence[Any], metas: Sequence[Any], embeddings: Any, texts: Sequence[str]) -> None:
        self._call("add", list(chunks), list(metas), embeddings, list(texts))

    def delete(self, chunk_ids: Sequence[str]) -> None:
        if chunk_ids:
            self._call("delete", list(chunk_ids))

    def _call(self, op: str, *args: Any) -> None:
        from core.errors import PressroomError

        self._conn.send((op, args))
        error = self._conn.recv()
        if error is not None:
            raise PressroomError(f"벡터 저장소 오류: {error}")


def child_main(settings_data: dict[str, Any], job_id: str, conn: Any) -> None:
    _background_priority()
    # A spawned process has no logging set up: each file's outcome goes to the server's console.
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from api.cli.common import offline_env

    offline_env()
    from api.jobs import JobStore
    from core.kb import KnowledgeBase
    from core.settings import Settings

    settings = Settings(**settings_data)
    store = JobStore.for_data_dir(settings.data_dir)
    job = store.get(job_id)
    if job is None:
        return
    store.set_running(job_id)
    kb = KnowledgeBase(settings)
    kb.__dict__["store"] = RemoteStore(conn)  # seeds the cached property: Chroma is never opened here
    try:
        run_job(kb, store, job)
    finally:
        kb.close()
        conn.close()


def run_job(kb: Any, store: Any, job: Any) -> None:
    """Ingest the job's files, recording each file's outcome as it happens."""
    from core.errors import PressroomError

    names = {str(Path(f["path"]).resolve()): f["name"] for f in job.files}

    def progress(outcome: Any) -> None:
        shown = names.get(str(Path(outcome.path).resolve()), Path(outcome.path).name)
        log.info("수집 %s: %s (구절 %d개)", STATUS_WORDS.get(outcome.status, outcome.status), shown, outcome.chunks)
        store.add_outcome(job.job_id, {"name": shown, "status": outcome.status, "doc_id": outcome.doc_id,
                                       "chunks": outcome.chunks, "reason": outcome.reason,
                                       "message": _strip_paths(outcome.message, outcome.path, shown)})

    try:
        kb.ingest([Path(f["path"]) for f in job.files], overrides=job.overrides, progress=progress)
    except PressroomError as exc:
        store.finish(job.job_id, f"수집에 실패했습니다: {exc.message}")
        return
    store.finish(job.job_id)


def _strip_paths(message: str | None, path: str, shown: str) -> str | None:
    """Parser messages name the stored file; clients see the name they uploaded, not server paths."""
    if message is None:
        return None
    for form in (str(Path(path).resolve()), path, Path(path).name):
        message = message.replace(form, shown)
    return message


def _background_priority(niceness: int = 10) -> None:
    """Searches and answers win the CPU while a job runs (not POSIX or not permitted: normal priority)."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(niceness)
