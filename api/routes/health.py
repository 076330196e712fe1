"""Liveness, readiness, Prometheus metrics, and who the caller is (for the web page)."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from api.auth import ROLE_LABELS
from api.deps import CallerDep, ServicesDep

router = APIRouter(tags=["상태"])


@router.get("/healthz", summary="살아 있음")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="준비됨 (모델 적재, 저장소 연결)")
def readyz(services: ServicesDep) -> JSONResponse:
    ready = services.ready
    store = services.kb.store.heartbeat()
    ok = ready.embedder and store
    # While warming up, the knowledge base's lock is busy building the keyword index: don't wait on it.
    documents = len(services.kb.document_metas()) if ready.done.is_set() else None
    body = {"status": "ready" if ok else "not_ready", "embedder": ready.embedder, "store": store,
            "llm": ready.llm, "generator": services.settings.generator, "error": ready.error,
            "documents": documents, "worker_pid": os.getpid(), "ingest": _startup_ingest(services)}
    return JSONResponse(body, status_code=200 if ok else 503)


def _startup_ingest(services: Any) -> dict[str, Any] | None:
    """Progress of the folder the server ingests since it started (``pressroom demo``), if any."""
    if services.startup_ingest is None:
        return None
    job_id, total = services.startup_ingest
    job = services.jobs.get(job_id)
    if job is None:
        return None
    return {"job_id": job_id, "status": job.status, "done": len(job.outcomes), "total": total,
            "failed": sum(o.get("status") == "failed" for o in job.outcomes), "error": job.error}


@router.get("/metrics", summary="Prometheus 지표", response_class=Response)
def metrics(services: ServicesDep) -> Response:
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(services.metrics.render(), media_type=CONTENT_TYPE_LATEST)


@router.get("/v1/me", summary="현재 키의 역할과 열람 등급", tags=["관리"])
def me(caller: CallerDep, services: ServicesDep) -> dict[str, Any]:
    return {"key_id": caller.key_id, "name": caller.name, "role": caller.role.value,
            "role_label": ROLE_LABELS[caller.role], "clearance": caller.clearance.value, "demo": caller.demo,
            "generator": services.settings.generator, "max_upload_mb": services.settings.max_upload_mb}
